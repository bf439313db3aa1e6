// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_DIFFERENTIAL_DUMP_HPP
#define ARANGOKIT_ARTIFACTS_DIFFERENTIAL_DUMP_HPP

#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/detail/dump_compare.hpp>
#include <arangokit/artifacts/detail/key_partitions.hpp>
#include <arangokit/artifacts/detail/posix_file.hpp>
#include <arangokit/artifacts/dump_diff.hpp>
#include <arangokit/artifacts/dump_reader.hpp>
#include <arangokit/error.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace arangokit {

/// \brief What `write_differential_dump` wrote.
struct differential_result
{
    dump_diff diff{};                    ///< base -> newer, as `compare_dumps` reports it
    std::uint64_t documents_written = 0; ///< records of changed and added documents (type 2300)
    std::uint64_t removals_written = 0;  ///< removal markers (type 2302), one per removed key
};

/// \brief Options for `apply_differentials`.
struct dump_apply_options
{
    /// Working memory of the merge, as `dump_compare_options::memory_budget` (here the records hold whole
    /// documents). 0 is taken as the 64 KiB minimum: applying is always bounded.
    std::size_t memory_budget = std::size_t(32) << 20;
    /// Parent of the private spill directory (empty: the system's temporary directory); removed afterwards.
    std::filesystem::path temp_directory{};
    /// When set, filled with what the merge did (`documents_read`, spilled bytes, partitions, peak memory).
    dump_diff_stats* stats = nullptr;
};

namespace detail {

// Buffered output to a new file (O_EXCL: an existing file is never overwritten).
class dump_file_writer
{
  public:
    bool open(const std::filesystem::path& p, error_code& ec, artifact_diagnostics& diag)
    {
        path_ = p;
        fd_ = open_fd(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
        if (!fd_)
            return fail(ec, diag);
        buf_.reserve(std::size_t(1) << 16);
        return true;
    }
    bool write(std::string_view s, error_code& ec, artifact_diagnostics& diag)
    {
        buf_.append(s);
        return buf_.size() < (std::size_t(1) << 16) || flush(ec, diag);
    }
    bool close(error_code& ec, artifact_diagnostics& diag)
    {
        if (!flush(ec, diag))
            return false;
        if (fd_.close_checked() != 0)
            return fail(ec, diag);
        return true;
    }

  private:
    bool flush(error_code& ec, artifact_diagnostics& diag)
    {
        if (!buf_.empty() && !write_all_fd(fd_.get(), buf_.data(), buf_.size()))
            return fail(ec, diag);
        buf_.clear();
        return true;
    }
    bool fail(error_code& ec, artifact_diagnostics& diag)
    {
        ec = last_system_error();
        diag.message = "cannot write " + path_.string() + ": " + ec.message();
        return false;
    }
    std::filesystem::path path_;
    unique_fd fd_;
    std::string buf_;
};

inline bool write_whole_file(
    const std::filesystem::path& p, std::string_view text, error_code& ec, artifact_diagnostics& diag
)
{
    dump_file_writer w;
    return w.open(p, ec, diag) && w.write(text, ec, diag) && w.close(ec, diag);
}

// An output directory that does not exist or is empty, as arangodump requires without --overwrite.
inline bool
prepare_output_directory(const std::filesystem::path& out, error_code& ec, artifact_diagnostics& diag)
{
    std::error_code sec;
    if (std::filesystem::exists(out, sec))
    {
        if (!std::filesystem::is_directory(out, sec) || !std::filesystem::is_empty(out, sec))
        {
            set_artifact_error(
                ec, diag, errc::invalid_options,
                "output directory " + out.string() + " exists and is not an empty directory"
            );
            return false;
        }
        return true;
    }
    std::filesystem::create_directories(out, sec);
    if (sec)
    {
        set_artifact_error(
            ec, diag, error_code(sec.value(), boost::system::system_category()),
            "cannot create " + out.string() + ": " + sec.message()
        );
        return false;
    }
    return true;
}

inline bool no_encrypted_dump(const dump_model& m, error_code& ec, artifact_diagnostics& diag)
{
    for (const auto& d : m.databases)
        if (d.encrypted())
        {
            set_artifact_error(
                ec, diag, errc::invalid_options,
                "dump " + d.directory.string() +
                    " is encrypted: differential dumps are written unencrypted, so encrypted dumps are not "
                    "supported"
            );
            return false;
        }
    return true;
}

inline std::string collection_file_base(const std::string& name)
{
    return name + "_" + md5_hex(name);
}

inline bool write_structure_and_meta(
    const dump_database& db,
    const std::filesystem::path& dir,
    boost::json::object dump_json,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    if (!write_whole_file(dir / "ENCRYPTION", "none", ec, diag) ||
        !write_whole_file(dir / "dump.json", boost::json::serialize(dump_json), ec, diag))
        return false;
    for (const auto& c : db.collections)
    {
        boost::json::object structure{{"parameters", c.parameters}, {"indexes", c.indexes}};
        if (!write_whole_file(
                dir / (collection_file_base(c.name) + ".structure.json"), boost::json::serialize(structure),
                ec, diag
            ))
            return false;
    }
    return true;
}

// The pairs of databases a differential is made of, matched like compare_dumps matches them.
inline std::vector<std::pair<const dump_database*, const dump_database*>>
database_pairs(const dump_model& a, const dump_model& b)
{
    std::vector<std::pair<const dump_database*, const dump_database*>> out;
    if (!a.all_databases && !b.all_databases)
        out.emplace_back(&a.databases.front(), &b.databases.front());
    else
        for (const auto& d : a.databases)
            if (const dump_database* o = b.find_database(d.name))
                out.emplace_back(&d, o);
    return out;
}

inline std::filesystem::path
output_database_dir(const std::filesystem::path& out, const dump_model& m, const dump_database& db)
{
    return m.all_databases ? out / db.directory.filename() : out;
}

} // namespace detail

/// \brief Writes a differential dump: what turns the `base` dump into the `newer` one.
/// \details `out` (created; it must not exist or be empty) becomes a dump directory in arangodump's layout
/// (`ENCRYPTION`, `dump.json` with `"useEnvelope": true`, per collection of `newer` a structure file and a
/// `<name>_<md5>.data.json`) whose data files hold, as envelopes, every record of the newer dump of each
/// added or changed document (`{"type":2300,"data":{...}}`, in the newer dump's order, so its last record
/// wins) and one removal marker per removed key (`{"type":2302,"key":"k","data":{"_key":"k"}}`). Restored
/// onto a database holding the base state with `arangorestore --create-collection false` (collections are
/// kept, documents are inserted or replaced, markers delete), it gives the newer state. `dump.json` also
/// carries `"arangokitDifferential": {"baseLastTick": ...}`. Views are not written (the base's stay).
///
/// Documents are compared as `compare_dumps` compares them (`opts`: ignored attributes, memory budget): a
/// document differing only in `_rev` is not written. A structural difference cannot be carried by a
/// restore onto existing collections: databases or collections added or removed, or a property difference
/// (when `opts.compare_properties`), are `errc::invalid_options` naming them (nothing is written). Encrypted
/// dumps are `errc::invalid_options` (the output would be unencrypted). Read errors are `read_dump`'s.
/// On an error `out` may hold a partial differential.
/// \par Blocking
/// Synchronous: it reads the newer dump twice and the base once. Run it on a worker thread for big dumps.
ARANGOKIT_DECL differential_result write_differential_dump(
    const std::filesystem::path& base,
    const std::filesystem::path& newer,
    const std::filesystem::path& out,
    const dump_compare_options& opts,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    ec.clear();
    diag.clear();
    differential_result res;
    dump_read_options lo = opts.left, ro = opts.right;
    lo.count_documents = ro.count_documents = false;
    auto lm = read_dump(base, lo, ec, diag);
    if (ec || !detail::no_encrypted_dump(lm, ec, diag))
        return res;
    auto rm = read_dump(newer, ro, ec, diag);
    if (ec || !detail::no_encrypted_dump(rm, ec, diag))
        return res;
    res.diff = compare_dumps(base, newer, opts, ec, diag);
    if (ec)
        return res;
    dump_diff structural = res.diff;
    for (auto& c : structural.collections)
        c.added_keys.clear(), c.removed_keys.clear(), c.changed_keys.clear();
    std::erase_if(structural.collections, [](const collection_difference& c) { return c.empty(); });
    if (!structural.empty())
    {
        detail::set_artifact_error(
            ec, diag, errc::invalid_options,
            "a differential dump carries document changes only; these differences need a full dump:\n" +
                structural.describe()
        );
        return res;
    }
    if (!detail::prepare_output_directory(out, ec, diag))
        return res;
    for (auto [l, r] : detail::database_pairs(lm, rm))
    {
        auto dir = detail::output_database_dir(out, rm, *r);
        std::error_code sec;
        std::filesystem::create_directories(dir, sec);
        boost::json::object dj = r->dump_json;
        if (dj.empty())
            dj["database"] = r->name;
        dj["useEnvelope"] = true;
        dj["arangokitDifferential"] = boost::json::object{{"baseLastTick", l->last_tick}};
        if (!detail::write_structure_and_meta(*r, dir, std::move(dj), ec, diag))
            return res;
        for (const auto& c : r->collections)
        {
            const collection_difference* cd = nullptr;
            for (const auto& d : res.diff.collections)
                if (d.database == r->name && d.collection == c.name)
                    cd = &d;
            detail::dump_file_writer w;
            if (!w.open(dir / (detail::collection_file_base(c.name) + ".data.json"), ec, diag))
                return res;
            if (cd && (!cd->added_keys.empty() || !cd->changed_keys.empty()))
            {
                // The key lists are sorted: membership by binary search, no second key set in memory.
                error_code wec;
                artifact_diagnostics wdiag;
                bool write_failed = false;
                std::string line;
                auto fn = [&](const boost::json::object& doc, bool removal) {
                    const boost::json::value* k = doc.if_contains("_key");
                    if (removal || write_failed || !k || !k->is_string())
                        return;
                    std::string_view key = k->get_string();
                    if (!std::binary_search(cd->changed_keys.begin(), cd->changed_keys.end(), key) &&
                        !std::binary_search(cd->added_keys.begin(), cd->added_keys.end(), key))
                        return;
                    line.assign("{\"type\":2300,\"data\":");
                    line += boost::json::serialize(doc);
                    line += "}\n";
                    write_failed = !w.write(line, wec, wdiag);
                    ++res.documents_written;
                };
                visit_documents(*r, c, ro, fn, ec, diag);
                if (ec)
                    return res;
                if (write_failed)
                {
                    ec = wec;
                    diag = wdiag;
                    return res;
                }
            }
            if (cd)
                for (const auto& k : cd->removed_keys)
                {
                    boost::json::object marker{
                        {"type", 2302}, {"key", k}, {"data", boost::json::object{{"_key", k}}}};
                    if (!w.write(boost::json::serialize(marker) + "\n", ec, diag))
                        return res;
                    ++res.removals_written;
                }
            if (!w.close(ec, diag))
                return res;
        }
    }
    return res;
}

/// \copydoc write_differential_dump \details Throws `artifact_error`.
ARANGOKIT_DECL differential_result write_differential_dump(
    const std::filesystem::path& base,
    const std::filesystem::path& newer,
    const std::filesystem::path& out,
    const dump_compare_options& opts = {}
)
{
    error_code ec;
    artifact_diagnostics diag;
    auto r = write_differential_dump(base, newer, out, opts, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
    return r;
}

/// \brief Applies a chain of differential dumps onto a base dump, on disk: `out` becomes a full dump.
/// \details `chain` is applied in order (each made by `write_differential_dump` from the state the
/// previous one gives, or any dump whose records are to be applied: later records replace earlier ones,
/// removals delete). Per collection the records of the base and of every differential are merged by key in
/// bounded memory (hash partitions, spilled to a private temporary directory beyond half of
/// `memory_budget`, removed afterwards also on error); the output holds each remaining document once, as a
/// plain line (`dump.json` says `"useEnvelope": false`), in key-hash order. Structure files and `dump.json`
/// come from the last differential (its `arangokitDifferential` entry dropped), views from the base.
/// `out` must not exist or be empty. The chain must have the base's databases and collections (as
/// `write_differential_dump` writes them): a mismatch is `errc::invalid_options`; a document without a
/// string `_key` is `errc::damaged_dump`; encrypted dumps are `errc::invalid_options`.
/// \par Blocking
/// Synchronous: it reads every dump once. Run it on a worker thread for big dumps.
ARANGOKIT_DECL void apply_differentials(
    const std::filesystem::path& base,
    const std::vector<std::filesystem::path>& chain,
    const std::filesystem::path& out,
    const dump_apply_options& opts,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    ec.clear();
    diag.clear();
    dump_read_options ro;
    ro.count_documents = false;
    std::vector<dump_model> models;
    for (const auto* p : [&] {
             std::vector<const std::filesystem::path*> all{&base};
             for (const auto& c : chain)
                 all.push_back(&c);
             return all;
         }())
    {
        models.push_back(read_dump(*p, ro, ec, diag));
        if (ec || !detail::no_encrypted_dump(models.back(), ec, diag))
            return;
    }
    const dump_model& bm = models.front();
    auto mismatch = [&](const dump_model& m, const std::string& what) {
        detail::set_artifact_error(
            ec, diag, errc::invalid_options,
            "differential " + m.root.string() + " does not fit the base " + bm.root.string() + ": " + what
        );
    };
    for (std::size_t i = 1; i < models.size(); ++i)
    {
        const dump_model& m = models[i];
        if (m.all_databases != bm.all_databases || m.databases.size() != bm.databases.size())
            return mismatch(m, "other databases");
        for (auto [b, d] : detail::database_pairs(bm, m))
        {
            if (b->collections.size() != d->collections.size())
                return mismatch(m, "other collections in database " + b->name);
            for (const auto& c : b->collections)
                if (!d->find_collection(c.name))
                    return mismatch(m, "no collection " + c.name + " in database " + b->name);
        }
        if (detail::database_pairs(bm, m).size() != bm.databases.size())
            return mismatch(m, "other databases");
    }
    if (!detail::prepare_output_directory(out, ec, diag))
        return;
    detail::diff_context ctx(opts.temp_directory);
    struct report_stats
    {
        const dump_apply_options& o;
        detail::diff_context& c;
        ~report_stats()
        {
            if (!o.stats)
                return;
            *o.stats = dump_diff_stats{};
            o.stats->documents_read = c.records;
            o.stats->spilled_bytes = c.dir.bytes_written;
            o.stats->partitions = c.dir.partitions;
            o.stats->max_depth = c.dir.max_depth;
            o.stats->peak_working_bytes = c.meter.peak;
            o.stats->spill_directory = c.dir.created;
            c.dir.remove();
        }
    } report{opts, ctx};
    for (std::size_t di = 0; di < bm.databases.size(); ++di)
    {
        const dump_database& bdb = bm.databases[di];
        std::vector<const dump_database*> layers{&bdb};
        for (std::size_t i = 1; i < models.size(); ++i)
            layers.push_back(
                bm.all_databases ? models[i].find_database(bdb.name) : &models[i].databases.front()
            );
        const dump_database& last = *layers.back();
        auto dir = detail::output_database_dir(out, bm, bdb);
        std::error_code sec;
        std::filesystem::create_directories(dir, sec);
        boost::json::object dj = last.dump_json;
        if (dj.empty())
            dj["database"] = last.name;
        dj.erase("arangokitDifferential");
        dj["useEnvelope"] = false;
        if (!detail::write_structure_and_meta(last, dir, std::move(dj), ec, diag))
            return;
        for (const auto& v : bdb.views)
            if (!detail::write_whole_file(
                    dir / v.file.filename(), boost::json::serialize(v.definition), ec, diag
                ))
                return;
        for (const auto& c : bdb.collections)
        {
            std::uint64_t estimate = 0;
            for (const auto* l : layers)
                estimate += detail::estimated_data_bytes(*l->find_collection(c.name));
            detail::key_partitions kp(opts.memory_budget, 1, estimate, ctx.dir, ctx.meter);
            for (const auto* l : layers)
            {
                const dump_collection& lc = *l->find_collection(c.name);
                error_code aec;
                artifact_diagnostics adiag;
                auto fn = [&](std::string_view key, const boost::json::object& doc, bool removal) {
                    ++ctx.records;
                    std::string text = removal ? std::string() : boost::json::serialize(doc);
                    if (!kp.add(0, key, removal, text, aec, adiag))
                        throw detail::spill_failed{};
                };
                try
                {
                    if (!detail::visit_keyed_documents(*l, lc, ro, fn, ec, diag))
                        return;
                }
                catch (const detail::spill_failed&)
                {
                    ec = aec;
                    diag = adiag;
                    return;
                }
            }
            detail::dump_file_writer w;
            if (!w.open(dir / (detail::collection_file_base(c.name) + ".data.json"), ec, diag))
                return;
            auto emit = [&](const std::vector<std::vector<detail::spill_record>>& side, error_code& wec,
                            artifact_diagnostics& wdiag) {
                for (const auto& r : side[0])
                {
                    if (!w.write(r.payload(), wec, wdiag) || !w.write("\n", wec, wdiag))
                        return false;
                }
                return true;
            };
            if (!kp.finish(emit, ec, diag) || !w.close(ec, diag))
                return;
        }
    }
}

/// \copydoc apply_differentials \details Throws `artifact_error`.
ARANGOKIT_DECL void apply_differentials(
    const std::filesystem::path& base,
    const std::vector<std::filesystem::path>& chain,
    const std::filesystem::path& out,
    const dump_apply_options& opts = {}
)
{
    error_code ec;
    artifact_diagnostics diag;
    apply_differentials(base, chain, out, opts, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
}

} // namespace arangokit

#endif
