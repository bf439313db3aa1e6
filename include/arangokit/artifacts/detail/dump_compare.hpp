// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// The machinery of compare_dumps, shared with write_differential_dump: canonical document hashes, property
// diffs, and the in-memory and the partitioned (bounded-memory) comparison of one collection.

// Before the guard: dump_diff.hpp ends by including its bodies (impl/dump_diff.hpp), which need this file
// whole. Included first from here, dump_diff.hpp then pulls this file in completely before its bodies are
// read.
#include <arangokit/artifacts/dump_diff.hpp>

#ifndef ARANGOKIT_ARTIFACTS_DETAIL_DUMP_COMPARE_HPP
#define ARANGOKIT_ARTIFACTS_DETAIL_DUMP_COMPARE_HPP

#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/detail/key_partitions.hpp>
#include <arangokit/artifacts/dump_reader.hpp>
#include <arangokit/error.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <openssl/evp.h>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace arangokit {

namespace detail {

using doc_hash = std::array<unsigned char, 16>;

// Canonical text: object keys sorted, integral doubles written as integers (JavaScript tools drop the ".0"),
// so equal documents from different writers hash equally.
inline void canonical_json(const boost::json::value& v, std::string& out)
{
    switch (v.kind())
    {
    case boost::json::kind::object: {
        const auto& o = v.get_object();
        std::vector<const boost::json::key_value_pair*> kv;
        kv.reserve(o.size());
        for (const auto& p : o)
            kv.push_back(&p);
        std::sort(kv.begin(), kv.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
        out += '{';
        bool first = true;
        for (auto* p : kv)
        {
            if (!first)
                out += ',';
            first = false;
            out += boost::json::serialize(boost::json::string(p->key()));
            out += ':';
            canonical_json(p->value(), out);
        }
        out += '}';
        return;
    }
    case boost::json::kind::array: {
        out += '[';
        bool first = true;
        for (const auto& e : v.get_array())
        {
            if (!first)
                out += ',';
            first = false;
            canonical_json(e, out);
        }
        out += ']';
        return;
    }
    case boost::json::kind::double_: {
        double d = v.get_double();
        if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.007199254740992e15)
        {
            out += std::to_string(static_cast<std::int64_t>(d));
            return;
        }
        out += boost::json::serialize(v);
        return;
    }
    default:
        out += boost::json::serialize(v);
        return;
    }
}

inline doc_hash hash_document(const boost::json::object& doc, const std::vector<std::string>& ignored)
{
    std::string text;
    if (ignored.empty())
        canonical_json(doc, text);
    else
    {
        boost::json::object copy = doc;
        for (const auto& a : ignored)
            copy.erase(a);
        canonical_json(copy, text);
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(text.data(), text.size(), md, &len, EVP_sha256(), nullptr);
    doc_hash h;
    std::memcpy(h.data(), md, h.size());
    return h;
}

inline boost::json::value
strip_properties(const boost::json::value& v, const std::vector<std::string>& ignored)
{
    if (v.is_object())
    {
        boost::json::object o;
        for (const auto& p : v.get_object())
            if (std::find(ignored.begin(), ignored.end(), p.key()) == ignored.end())
                o[p.key()] = strip_properties(p.value(), ignored);
        return o;
    }
    if (v.is_array())
    {
        boost::json::array a;
        for (const auto& e : v.get_array())
            a.push_back(strip_properties(e, ignored));
        return a;
    }
    return v;
}

inline void diff_values(
    const std::string& path,
    const boost::json::value* l,
    const boost::json::value* r,
    std::vector<property_difference>& out
)
{
    if (l && r && l->is_object() && r->is_object())
    {
        std::vector<std::string> keys;
        for (const auto& p : l->get_object())
            keys.emplace_back(p.key());
        for (const auto& p : r->get_object())
            keys.emplace_back(p.key());
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        for (const auto& k : keys)
            diff_values(path + "." + k, l->get_object().if_contains(k), r->get_object().if_contains(k), out);
        return;
    }
    std::string ls, rs;
    if (l)
        canonical_json(*l, ls);
    if (r)
        canonical_json(*r, rs);
    if (!l || !r || ls != rs)
        out.push_back({path, l ? ls : "<absent>", r ? rs : "<absent>"});
}

// Streams one collection's records with their `_key`. A record without a string `_key` is skipped, and the
// call then fails as a whole with errc::damaged_dump naming the collection (one message, however many such
// records).
template <class Fn>
bool visit_keyed_documents(
    const dump_database& db,
    const dump_collection& c,
    const dump_read_options& ropts,
    Fn&& fn,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    bool missing_key = false;
    auto visit = [&](const boost::json::object& doc, bool removal) {
        const boost::json::value* k = doc.if_contains("_key");
        if (!k || !k->is_string())
        {
            missing_key = true;
            return;
        }
        fn(std::string_view(k->get_string()), doc, removal);
    };
    visit_documents(db, c, ropts, visit, ec, diag);
    if (!ec && missing_key)
        set_artifact_error(
            ec, diag, errc::damaged_dump,
            "dump " + db.directory.string() + ": document without a string _key in collection " + c.name
        );
    return !ec;
}

inline bool key_hashes(
    const dump_database& db,
    const dump_collection& c,
    const dump_compare_options& opts,
    const dump_read_options& ropts,
    std::unordered_map<std::string, doc_hash>& out,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    auto fn = [&](std::string_view key, const boost::json::object& doc, bool removal) {
        if (removal)
            out.erase(std::string(key));
        else
            out[std::string(key)] = hash_document(doc, opts.ignored_attributes);
    };
    return visit_keyed_documents(db, c, ropts, fn, ec, diag);
}

// The state shared by the collections of one bounded-memory comparison.
struct diff_context
{
    explicit diff_context(const std::filesystem::path& temp) : dir(temp) {}
    spill_directory dir;
    memory_meter meter;
    std::uint64_t records = 0;
};

// Thrown out of a visit_documents callback to stop reading when a spill file cannot be written; never
// leaves this header.
struct spill_failed
{
};

// The uncompressed size to expect from a collection's data files (gzip'd JSON lines shrink about 4:1).
inline std::uint64_t estimated_data_bytes(const dump_collection& c)
{
    std::uint64_t n = 0;
    for (const auto& f : c.data_files)
    {
        std::error_code sec;
        auto s = std::filesystem::file_size(f, sec);
        if (!sec)
            n += ends_with(f.string(), ".gz") ? s * 4 : s;
    }
    return n;
}

// Feeds one collection's records (key, content hash) into side `side` of the partitions; the checks and
// errors are the in-memory key_hashes' ones.
inline bool partition_key_hashes(
    const dump_database& db,
    const dump_collection& c,
    const dump_compare_options& opts,
    const dump_read_options& ropts,
    key_partitions& kp,
    std::size_t side,
    diff_context& ctx,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    error_code aec;
    artifact_diagnostics adiag;
    auto fn = [&](std::string_view key, const boost::json::object& doc, bool removal) {
        ++ctx.records;
        bool ok;
        if (removal)
            ok = kp.add(side, key, true, {}, aec, adiag);
        else
        {
            doc_hash h = hash_document(doc, opts.ignored_attributes);
            ok = kp.add(
                side, key, false, std::string_view(reinterpret_cast<const char*>(h.data()), h.size()), aec,
                adiag
            );
        }
        if (!ok)
            throw spill_failed{};
    };
    try
    {
        return visit_keyed_documents(db, c, ropts, fn, ec, diag);
    }
    catch (const spill_failed&)
    {
        ec = aec;
        diag = adiag;
        return false;
    }
}

inline bool streaming_document_diff(
    const dump_database& l,
    const dump_collection& lc,
    const dump_database& r,
    const dump_collection& rc,
    const dump_compare_options& opts,
    diff_context& ctx,
    collection_difference& cd,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    // A record is a key and a 16-byte hash: a fraction of its document's line; half the data is generous.
    std::uint64_t estimate = (estimated_data_bytes(lc) + estimated_data_bytes(rc)) / 2;
    key_partitions kp(opts.memory_budget, 2, estimate, ctx.dir, ctx.meter);
    if (!partition_key_hashes(l, lc, opts, opts.left, kp, 0, ctx, ec, diag) ||
        !partition_key_hashes(r, rc, opts, opts.right, kp, 1, ctx, ec, diag))
        return false;
    auto compare = [&](const std::vector<std::vector<spill_record>>& side, error_code&,
                       artifact_diagnostics&) {
        const auto& a = side[0];
        const auto& b = side[1];
        std::size_t i = 0, j = 0;
        while (i < a.size() || j < b.size())
        {
            int c = i == a.size() ? 1 : j == b.size() ? -1 : a[i].key_view().compare(b[j].key_view());
            if (c < 0)
                cd.removed_keys.emplace_back(a[i++].key_view());
            else if (c > 0)
                cd.added_keys.emplace_back(b[j++].key_view());
            else
            {
                if (a[i].payload() != b[j].payload())
                    cd.changed_keys.emplace_back(a[i].key_view());
                ++i;
                ++j;
            }
        }
        return true;
    };
    if (!kp.finish(compare, ec, diag))
        return false;
    std::sort(cd.added_keys.begin(), cd.added_keys.end());
    std::sort(cd.removed_keys.begin(), cd.removed_keys.end());
    std::sort(cd.changed_keys.begin(), cd.changed_keys.end());
    return true;
}

inline bool compare_databases(
    const dump_database& l,
    const dump_database& r,
    const dump_compare_options& opts,
    diff_context* ctx,
    dump_diff& diff,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    for (const auto& c : l.collections)
        if (!r.find_collection(c.name))
            diff.collections_removed.push_back({l.name, c.name});
    for (const auto& c : r.collections)
        if (!l.find_collection(c.name))
            diff.collections_added.push_back({r.name, c.name});
    for (const auto& lc : l.collections)
    {
        const dump_collection* rc = r.find_collection(lc.name);
        if (!rc)
            continue;
        collection_difference cd;
        cd.database = r.name;
        cd.collection = lc.name;
        if (opts.compare_properties)
        {
            boost::json::value lp = strip_properties(lc.parameters, opts.ignored_properties);
            boost::json::value rp = strip_properties(rc->parameters, opts.ignored_properties);
            diff_values("parameters", &lp, &rp, cd.properties);
            auto norm_indexes = [&](const boost::json::array& ix) {
                std::vector<std::string> texts;
                for (const auto& i : ix)
                {
                    std::string t;
                    canonical_json(strip_properties(i, opts.ignored_properties), t);
                    texts.push_back(std::move(t));
                }
                std::sort(texts.begin(), texts.end());
                std::string all = "[";
                for (std::size_t i = 0; i < texts.size(); ++i)
                    all += (i ? "," : "") + texts[i];
                return all + "]";
            };
            auto li = norm_indexes(lc.indexes);
            auto ri = norm_indexes(rc->indexes);
            if (li != ri)
                cd.properties.push_back({"indexes", li, ri});
        }
        if (opts.compare_documents && ctx)
        {
            if (!streaming_document_diff(l, lc, r, *rc, opts, *ctx, cd, ec, diag))
                return false;
        }
        else if (opts.compare_documents)
        {
            std::unordered_map<std::string, doc_hash> lh, rh;
            if (!key_hashes(l, lc, opts, opts.left, lh, ec, diag) ||
                !key_hashes(r, *rc, opts, opts.right, rh, ec, diag))
                return false;
            for (const auto& [k, h] : rh)
            {
                auto it = lh.find(k);
                if (it == lh.end())
                    cd.added_keys.push_back(k);
                else if (it->second != h)
                    cd.changed_keys.push_back(k);
            }
            for (const auto& [k, h] : lh)
                if (!rh.count(k))
                    cd.removed_keys.push_back(k);
            std::sort(cd.added_keys.begin(), cd.added_keys.end());
            std::sort(cd.removed_keys.begin(), cd.removed_keys.end());
            std::sort(cd.changed_keys.begin(), cd.changed_keys.end());
        }
        if (!cd.empty())
            diff.collections.push_back(std::move(cd));
    }
    return true;
}

} // namespace detail

} // namespace arangokit

#endif
