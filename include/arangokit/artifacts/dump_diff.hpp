// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_DUMP_DIFF_HPP
#define ARANGOKIT_ARTIFACTS_DUMP_DIFF_HPP

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
#include <unordered_map>
#include <vector>

namespace arangokit {

/// \brief A collection named by database and name.
struct qualified_collection
{
    std::string database{};
    std::string collection{};
    friend bool operator==(const qualified_collection&, const qualified_collection&) = default;
};

/// \brief A property that differs: its dotted path and both values as JSON text (`<absent>` if missing).
struct property_difference
{
    std::string path{}; ///< e.g. "parameters.waitForSync", "parameters.keyOptions.type", "indexes"
    std::string left{};
    std::string right{};
};

/// \brief The differences of one collection present in both dumps. Key lists are sorted.
struct collection_difference
{
    std::string database{};
    std::string collection{};
    std::vector<std::string> added_keys{};   ///< only in the right (newer) dump
    std::vector<std::string> removed_keys{}; ///< only in the left (older) dump
    std::vector<std::string> changed_keys{}; ///< in both, with different content
    std::vector<property_difference> properties{};

    bool empty() const noexcept
    {
        return added_keys.empty() && removed_keys.empty() && changed_keys.empty() && properties.empty();
    }
};

/// \brief The differences between two dumps (left = older/source, right = newer/round-tripped).
struct dump_diff
{
    std::vector<std::string> databases_added{};
    std::vector<std::string> databases_removed{};
    std::vector<qualified_collection> collections_added{};
    std::vector<qualified_collection> collections_removed{};
    std::vector<collection_difference> collections{}; ///< only collections with differences

    bool empty() const noexcept
    {
        return databases_added.empty() && databases_removed.empty() && collections_added.empty() &&
               collections_removed.empty() && collections.empty();
    }

    /// A readable report, one line per finding; at most `max_keys` keys are listed per list.
    std::string describe(std::size_t max_keys = 20) const
    {
        std::string s;
        for (const auto& d : databases_added)
            s += "database added: " + d + "\n";
        for (const auto& d : databases_removed)
            s += "database removed: " + d + "\n";
        for (const auto& c : collections_added)
            s += "collection added: " + c.database + "/" + c.collection + "\n";
        for (const auto& c : collections_removed)
            s += "collection removed: " + c.database + "/" + c.collection + "\n";
        auto keys = [&](const char* what, const std::vector<std::string>& ks, const std::string& q) {
            if (ks.empty())
                return;
            s += q + ": " + std::to_string(ks.size()) + " document(s) " + what + ":";
            for (std::size_t i = 0; i < ks.size() && i < max_keys; ++i)
                s += " " + ks[i];
            if (ks.size() > max_keys)
                s += " ...";
            s += "\n";
        };
        for (const auto& c : collections)
        {
            std::string q = c.database + "/" + c.collection;
            for (const auto& p : c.properties)
                s += q + ": property " + p.path + ": " + p.left + " -> " + p.right + "\n";
            keys("added", c.added_keys, q);
            keys("removed", c.removed_keys, q);
            keys("changed", c.changed_keys, q);
        }
        return s;
    }
};

/// \brief What a bounded-memory comparison did (see `dump_compare_options::stats`).
struct dump_diff_stats
{
    std::uint64_t documents_read = 0;        ///< records of both dumps (documents and removals)
    std::uint64_t spilled_bytes = 0;         ///< written to spill files (0: everything fitted in memory)
    std::uint64_t partitions = 0;            ///< key partitions compared
    unsigned max_depth = 0;                  ///< deepest re-partitioning of an oversized partition
    std::size_t peak_working_bytes = 0;      ///< the peak of the bytes counted against `memory_budget`
    std::filesystem::path spill_directory{}; ///< the private directory used (removed again), empty if none
};

/// \brief Options for `compare_dumps`.
struct dump_compare_options
{
    dump_read_options left{};  ///< key of the left dump, if encrypted
    dump_read_options right{}; ///< key of the right dump, if encrypted
    /// Collection properties that differ between equal collections on different servers (ids, shard names,
    /// status); ignored at any depth of `parameters` and inside every index definition.
    std::vector<std::string> ignored_properties{
        "id",     "cid",    "planId",       "globallyUniqueId",  "objectId", "tempObjectId",
        "shards", "status", "statusString", "shadowCollections", "count",    "revision"};
    /// Top-level document attributes left out of the comparison (`_rev` changes when a document is
    /// restored on another server).
    std::vector<std::string> ignored_attributes{"_rev"};
    bool compare_documents = true; ///< false: structure only
    bool compare_properties = true;
    /// The working memory of the document comparison, in bytes (at least 64 KiB is used). Each collection's
    /// records (key and content hash) are hash-partitioned by key; while the partitions fit in half the
    /// budget they stay in memory, beyond that they are spilled to files in a private directory, and then
    /// compared one partition at a time. 0: no bound, today's in-memory comparison (a key-to-hash map of
    /// each collection, about 100 bytes per document). The result (the key lists) is not counted.
    std::size_t memory_budget = std::size_t(32) << 20;
    /// Where the private spill directory (mode 0700, random name) is created; empty: the system's
    /// temporary directory (`TMPDIR`, else /tmp). It is removed before `compare_dumps` returns, also on an
    /// error or an exception.
    std::filesystem::path temp_directory{};
    /// When set, filled with what the comparison did (spilled bytes, partitions, peak working memory).
    dump_diff_stats* stats = nullptr;
};

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
    std::string missing_key_file;
    auto fn = [&](const boost::json::object& doc, bool removal) {
        const boost::json::value* k = doc.if_contains("_key");
        if (!k || !k->is_string())
        {
            if (missing_key_file.empty())
                missing_key_file = "document without a string _key in collection " + c.name;
            return;
        }
        std::string key(k->get_string());
        if (removal)
            out.erase(key);
        else
            out[std::move(key)] = hash_document(doc, opts.ignored_attributes);
    };
    visit_documents(db, c, ropts, fn, ec, diag);
    if (!ec && !missing_key_file.empty())
        set_artifact_error(
            ec, diag, errc::damaged_dump, "dump " + db.directory.string() + ": " + missing_key_file
        );
    return !ec;
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
    std::string missing_key_file;
    error_code aec;
    artifact_diagnostics adiag;
    auto fn = [&](const boost::json::object& doc, bool removal) {
        const boost::json::value* k = doc.if_contains("_key");
        if (!k || !k->is_string())
        {
            if (missing_key_file.empty())
                missing_key_file = "document without a string _key in collection " + c.name;
            return;
        }
        ++ctx.records;
        bool ok;
        if (removal)
            ok = kp.add(side, k->get_string(), true, {}, aec, adiag);
        else
        {
            doc_hash h = hash_document(doc, opts.ignored_attributes);
            ok = kp.add(
                side, k->get_string(), false,
                std::string_view(reinterpret_cast<const char*>(h.data()), h.size()), aec, adiag
            );
        }
        if (!ok)
            throw spill_failed{};
    };
    try
    {
        visit_documents(db, c, ropts, fn, ec, diag);
    }
    catch (const spill_failed&)
    {
        ec = aec;
        diag = adiag;
        return false;
    }
    if (!ec && !missing_key_file.empty())
        set_artifact_error(
            ec, diag, errc::damaged_dump, "dump " + db.directory.string() + ": " + missing_key_file
        );
    return !ec;
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

/// \brief Compares two dumps document by document, regardless of document order, file split or compression.
/// \details This checks a dump -> restore -> dump round trip, and it is the incremental diff between two
/// dumps of the same database taken at different times. Two single-database dumps are compared with each
/// other whatever their database names; `--all-databases` dumps are matched by database name. Collections
/// are matched by name. Per collection it reports added, removed and changed keys (a document's content is
/// compared through a 128-bit hash of its canonical JSON without `ignored_attributes`), and property
/// differences in `parameters` and `indexes` without `ignored_properties`.
/// Memory: data files are streamed; each collection's records (key, 128-bit hash) are hash-partitioned by
/// key and compared one partition at a time, within `memory_budget` whatever the dumps' size and key
/// distribution: partitions that do not fit in memory are spilled to a private temporary directory (mode
/// 0700), which is removed before returning, on success, error and exception alike. The result itself (the
/// key lists) is outside the budget. `memory_budget == 0` selects the unbounded in-memory comparison (a
/// key-to-hash map per collection); both give the same result.
/// Differences are data (`dump_diff::empty()`), not errors; `ec` is set when a dump cannot be read (see
/// `read_dump`), or for a document without `_key` (`errc::damaged_dump`).
/// \par Blocking
/// Synchronous: it reads every data file of both dumps. Run it on a worker thread for big dumps.
ARANGOKIT_DECL dump_diff compare_dumps(
    const std::filesystem::path& left,
    const std::filesystem::path& right,
    const dump_compare_options& opts,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    ec.clear();
    diag.clear();
    dump_diff diff;
    std::optional<detail::diff_context> ctx;
    if (opts.memory_budget != 0)
        ctx.emplace(opts.temp_directory);
    struct report_stats
    {
        const dump_compare_options& o;
        std::optional<detail::diff_context>& c;
        ~report_stats()
        {
            if (!o.stats || !c)
                return;
            *o.stats = dump_diff_stats{};
            o.stats->documents_read = c->records;
            o.stats->spilled_bytes = c->dir.bytes_written;
            o.stats->partitions = c->dir.partitions;
            o.stats->max_depth = c->dir.max_depth;
            o.stats->peak_working_bytes = c->meter.peak;
            o.stats->spill_directory = c->dir.created;
            c->dir.remove();
        }
    } report{opts, ctx};
    detail::diff_context* cp = ctx ? &*ctx : nullptr;
    dump_read_options lo = opts.left, ro = opts.right;
    lo.count_documents = ro.count_documents = false;
    auto lm = read_dump(left, lo, ec, diag);
    if (ec)
        return diff;
    auto rm = read_dump(right, ro, ec, diag);
    if (ec)
        return diff;
    if (!lm.all_databases && !rm.all_databases)
    {
        detail::compare_databases(lm.databases.front(), rm.databases.front(), opts, cp, diff, ec, diag);
        return diff;
    }
    for (const auto& d : lm.databases)
        if (!rm.find_database(d.name))
            diff.databases_removed.push_back(d.name);
    for (const auto& d : rm.databases)
        if (!lm.find_database(d.name))
            diff.databases_added.push_back(d.name);
    for (const auto& ld : lm.databases)
        if (const dump_database* rd = rm.find_database(ld.name))
            if (!detail::compare_databases(ld, *rd, opts, cp, diff, ec, diag))
                return diff;
    return diff;
}

/// \copydoc compare_dumps \details Throws `artifact_error`.
ARANGOKIT_DECL dump_diff compare_dumps(
    const std::filesystem::path& left,
    const std::filesystem::path& right,
    const dump_compare_options& opts = {}
)
{
    error_code ec;
    artifact_diagnostics diag;
    auto d = compare_dumps(left, right, opts, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
    return d;
}

} // namespace arangokit

#endif
