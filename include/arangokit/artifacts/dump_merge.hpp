// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_DUMP_MERGE_HPP
#define ARANGOKIT_ARTIFACTS_DUMP_MERGE_HPP

#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/dump_reader.hpp>
#include <arangokit/artifacts/keyfile.hpp>
#include <arangokit/error.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace arangokit {

/// \brief Options of `merge_dump_segments`.
struct dump_merge_options
{
    /// The key of encrypted segments (their `dump.json` is read to check that they belong together).
    std::optional<encryption_key> key{};
    /// Move the segments' files (a rename: the segments must be on the output's file system) rather than
    /// copy them; the emptied segment directories are removed.
    bool move_files = true;
};

/// \brief What `merge_dump_segments` did.
struct dump_merge_result
{
    std::filesystem::path directory{};     ///< the merged dump directory
    std::string database{};                ///< `dump.json`'s database
    std::string last_tick{};               ///< the merged `lastTickAtDumpStart`: the earliest segment's
    std::size_t collections = 0;           ///< structure files merged
    std::size_t views = 0;                 ///< distinct view files
    std::size_t files = 0;                 ///< files in the merged directory
    std::uint64_t bytes = 0;               ///< their total size
    std::vector<std::string> duplicates{}; ///< identical files that more than one segment had (kept once)
};

namespace detail {

inline std::uint64_t tick_value(const std::string& s) noexcept
{
    std::uint64_t v = 0;
    for (char c : s)
    {
        if (c < '0' || c > '9')
            return 0;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

inline bool same_file_content(const std::filesystem::path& a, const std::filesystem::path& b)
{
    std::error_code ec;
    if (std::filesystem::file_size(a, ec) != std::filesystem::file_size(b, ec) || ec)
        return false;
    std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
    return std::equal(
        std::istreambuf_iterator<char>(fa), std::istreambuf_iterator<char>(),
        std::istreambuf_iterator<char>(fb)
    );
}

} // namespace detail

/// \brief Merges the directories of a segmented dump (each written by one arangodump restricted to some
/// collections of one database) into one dump directory that a single ordinary arangorestore accepts.
/// \details Each segment is read first (metadata only, `read_dump`); they must all be single-database dumps
/// of the same database with the same `ENCRYPTION`, `useEnvelope` and `useVPack`, else `errc::damaged_dump`
/// names the segment that differs. The merged directory gets that `ENCRYPTION`, the `dump.json` of the
/// segment that started first (the lowest `lastTickAtDumpStart`, copied byte for byte, so encrypted dumps
/// need no re-encryption), and every other file of every segment. A file name two segments both have is
/// kept once when the contents are identical (a view definition dumped by more than one segment) and is
/// `errc::damaged_dump` otherwise (a collection in two segments). `out` must not exist or be empty
/// (`errc::invalid_options`). The merged directory is read back before returning, so a result without error
/// is a dump that `read_dump` accepts.
/// \par Blocking
/// Synchronous file operations; with `move_files` (renames) it is cheap whatever the dump's size.
/// \par Errors
/// On error the output directory may hold part of the files; with `move_files` the rest stays in the
/// segments. Nothing is deleted that was not moved.
inline dump_merge_result merge_dump_segments(
    const std::vector<std::filesystem::path>& segments,
    const std::filesystem::path& out,
    const dump_merge_options& opts,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    namespace fs = std::filesystem;
    ec.clear();
    diag.clear();
    dump_merge_result res;
    res.directory = out;
    if (segments.empty())
    {
        detail::set_artifact_error(ec, diag, errc::invalid_options, "merge: no segments given");
        return res;
    }
    std::error_code sec;
    if (fs::exists(out, sec) && !fs::is_empty(out, sec))
    {
        detail::set_artifact_error(
            ec, diag, errc::invalid_options, "merge: output directory " + out.string() + " is not empty"
        );
        return res;
    }
    dump_read_options ro;
    ro.key = opts.key;
    ro.count_documents = false;
    ro.require_data_files = false;
    std::vector<dump_database> dbs;
    for (const auto& s : segments)
    {
        auto m = read_dump(s, ro, ec, diag);
        if (ec)
            return res;
        if (m.all_databases || m.databases.size() != 1)
        {
            detail::set_artifact_error(
                ec, diag, errc::damaged_dump,
                "merge: segment " + s.string() + " is not a single-database dump"
            );
            return res;
        }
        dbs.push_back(std::move(m.databases.front()));
    }
    auto flag = [](const dump_database& d, const char* k) {
        auto* v = d.dump_json.if_contains(k);
        return v && v->is_bool() ? (v->get_bool() ? 1 : 0) : -1;
    };
    std::size_t first = 0;
    for (std::size_t i = 0; i < dbs.size(); ++i)
    {
        const auto& d = dbs[i];
        std::string differs;
        if (d.name != dbs[0].name)
            differs = "database '" + d.name + "' (segment 0: '" + dbs[0].name + "')";
        else if (d.encryption != dbs[0].encryption)
            differs = "encryption " + d.encryption + " (segment 0: " + dbs[0].encryption + ")";
        else if (flag(d, "useEnvelope") != flag(dbs[0], "useEnvelope"))
            differs = "useEnvelope";
        else if (flag(d, "useVPack") != flag(dbs[0], "useVPack"))
            differs = "useVPack";
        else if (!d.has_dump_json)
            differs = "no dump.json";
        if (!differs.empty())
        {
            detail::set_artifact_error(
                ec, diag, errc::damaged_dump,
                "merge: segment " + segments[i].string() + " does not belong to the others: " + differs
            );
            return res;
        }
        if (detail::tick_value(d.last_tick) < detail::tick_value(dbs[first].last_tick))
            first = i;
    }
    fs::create_directories(out, sec);
    if (sec)
    {
        detail::set_artifact_error(
            ec, diag, errc::damaged_dump, "merge: " + out.string() + ": " + sec.message()
        );
        return res;
    }
    auto transfer = [&](const fs::path& from, const fs::path& to) {
        if (opts.move_files)
            fs::rename(from, to, sec);
        else
            fs::copy_file(from, to, sec);
        if (sec)
            detail::set_artifact_error(
                ec, diag, errc::damaged_dump,
                "merge: " + from.string() + " -> " + to.string() + ": " + sec.message()
            );
        return !sec;
    };
    {
        std::ofstream enc(out / "ENCRYPTION", std::ios::binary | std::ios::trunc);
        enc << dbs[0].encryption;
        if (!enc)
        {
            detail::set_artifact_error(
                ec, diag, errc::damaged_dump, "merge: cannot write ENCRYPTION in " + out.string()
            );
            return res;
        }
    }
    if (!transfer(segments[first] / "dump.json", out / "dump.json"))
        return res;
    for (const auto& s : segments)
    {
        std::vector<fs::path> files;
        for (fs::directory_iterator it(s, sec), end; !sec && it != end; it.increment(sec))
            if (it->is_regular_file(sec))
                files.push_back(it->path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files)
        {
            auto name = f.filename().string();
            if (name == "ENCRYPTION" || name == "dump.json")
                continue;
            auto to = out / name;
            if (fs::exists(to, sec))
            {
                if (detail::same_file_content(f, to))
                {
                    res.duplicates.push_back(name);
                    continue;
                }
                detail::set_artifact_error(
                    ec, diag, errc::damaged_dump,
                    "merge: " + name + " is in more than one segment with different contents (" + s.string() +
                        ")"
                );
                return res;
            }
            if (!transfer(f, to))
                return res;
        }
    }
    if (opts.move_files)
        for (const auto& s : segments)
            fs::remove_all(s, sec); // what is left: ENCRYPTION, dump.json and duplicates
    auto merged = read_dump(out, ro, ec, diag);
    if (ec)
        return res;
    const auto& db = merged.databases.front();
    res.database = db.name;
    res.last_tick = db.last_tick;
    res.collections = db.collections.size();
    res.views = db.views.size();
    for (fs::directory_iterator it(out, sec), end; !sec && it != end; it.increment(sec))
        if (it->is_regular_file(sec))
        {
            ++res.files;
            res.bytes += it->file_size(sec);
        }
    return res;
}

/// \copydoc merge_dump_segments \details Throws `artifact_error`.
inline dump_merge_result merge_dump_segments(
    const std::vector<std::filesystem::path>& segments,
    const std::filesystem::path& out,
    const dump_merge_options& opts = {}
)
{
    error_code ec;
    artifact_diagnostics diag;
    auto r = merge_dump_segments(segments, out, opts, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
    return r;
}

} // namespace arangokit

#endif
