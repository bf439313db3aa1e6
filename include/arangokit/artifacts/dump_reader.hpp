// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_DUMP_READER_HPP
#define ARANGOKIT_ARTIFACTS_DUMP_READER_HPP

#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/keyfile.hpp>
#include <arangokit/error.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arangokit {

/// \brief One collection of a dump: its structure file and data files.
struct dump_collection
{
    std::string name{};               ///< `parameters.name`
    int type = 2;                     ///< 2 document, 3 edge
    boost::json::object parameters{}; ///< the structure file's `parameters`
    boost::json::array indexes{};     ///< the structure file's `indexes`
    std::filesystem::path structure_file{};
    std::vector<std::filesystem::path> data_files{}; ///< in read order: unsplit first, then split by number
    bool compressed = false;                         ///< some data file is `.gz`
    bool split = false;                              ///< data files are `<base>.<n>.data.json[.gz]`
    /// The documents a restore leaves in the collection (set when `dump_read_options::count_documents`):
    /// records are applied in order, a key written again replaces the earlier record and a removal
    /// (type 2302) deletes it; records without a string `_key` count one each.
    std::uint64_t document_count = 0;
    /// Removal records (type 2302) in the data files, whether or not their key was present.
    std::uint64_t removal_count = 0;

    bool is_edge() const noexcept { return type == 3; }
};

/// \brief One view of a dump (`<name>.view.json`).
struct dump_view
{
    std::string name{};
    boost::json::object definition{};
    std::filesystem::path file{};
};

/// \brief One database of a dump: a directory with `dump.json`.
struct dump_database
{
    std::string name{}; ///< `dump.json`'s `database` (the directory name if absent)
    std::filesystem::path directory{};
    std::string encryption = "none"; ///< the `ENCRYPTION` file: "none" or "aes-256-ctr"
    std::string last_tick{};         ///< `lastTickAtDumpStart`
    boost::json::object dump_json{}; ///< the whole `dump.json` (empty when there is none)
    /// false for the 2.x layout: no `dump.json`, files named `<coll>.structure.json` / `<coll>.data.json`.
    bool has_dump_json = true;
    std::vector<dump_collection> collections{}; ///< sorted by name
    std::vector<dump_view> views{};             ///< sorted by name

    bool encrypted() const noexcept { return encryption != "none"; }
    const dump_collection* find_collection(std::string_view n) const noexcept
    {
        for (const auto& c : collections)
            if (c.name == n)
                return &c;
        return nullptr;
    }
    std::uint64_t document_count() const noexcept
    {
        std::uint64_t n = 0;
        for (const auto& c : collections)
            n += c.document_count;
        return n;
    }
};

/// \brief A dump directory as data: one database, or one per sub-directory for `--all-databases`.
struct dump_model
{
    std::filesystem::path root{};
    bool all_databases = false;             ///< databases come from sub-directories of `root`
    std::vector<dump_database> databases{}; ///< sorted by name (one entry unless all_databases)

    const dump_database* find_database(std::string_view n) const noexcept
    {
        for (const auto& d : databases)
            if (d.name == n)
                return &d;
        return nullptr;
    }
};

/// \brief Options for `read_dump`, `visit_documents` and `compare_dumps`.
struct dump_read_options
{
    /// The key of an encrypted dump (see `read_keyfile`). Reading an encrypted dump without it is
    /// `errc::invalid_options`.
    std::optional<encryption_key> key{};
    /// Read every data file and count the documents (this also validates every line). Off: only the
    /// metadata is read.
    bool count_documents = true;
    /// A collection with a structure file but no data file is `errc::damaged_dump`, as arangorestore fails
    /// on it (`could not open data file`). False accepts structure-only dumps (`--dump-data false`).
    /// 3.12 split dumps write no data file for an empty collection: those are never an error.
    bool require_data_files = true;
};

/// \brief Calls `fn(document, removal)` for every record of one collection, streaming its data files.
/// \details Plain, gzipped (`.gz`, concatenated members allowed), split and encrypted data files are
/// read through fixed buffers; only one line is in memory at a time. Empty lines are skipped. Envelopes are
/// unwrapped: `{"type":2300|2301,"data":{...}}` (3.0-3.11; 2301 = edge) and
/// `{"type":2300|2301,"key":"k","rev":"r","data":{...}}` (2.x) hand over `data`, with `_key` (and `_rev`)
/// taken from `key` (`rev`) when `data` has none. Type 2302 is a removal (`removal == true`): the object
/// holds `_key` (from the top-level `key`, else from `data._key`) and `_rev` when known. A `dump.json` with
/// `"useEnvelope": false` makes every line a plain document. Errors (`errc::damaged_dump`) name the file
/// and the line: `dump file /d/c_<md5>.data.json line 7: invalid JSON: syntax error`; an envelope of
/// another type, or a removal without a key, is such an error.
/// \par Blocking
/// Synchronous: run it on a worker thread for big dumps.
ARANGOKIT_DECL void visit_documents(
    const dump_database& db,
    const dump_collection& coll,
    const dump_read_options& opts,
    const std::function<void(const boost::json::object& document, bool removal)>& fn,
    error_code& ec,
    artifact_diagnostics& diag
);

/// \copydoc visit_documents \details Throws `artifact_error`.
ARANGOKIT_DECL void visit_documents(
    const dump_database& db,
    const dump_collection& coll,
    const dump_read_options& opts,
    const std::function<void(const boost::json::object& document, bool removal)>& fn
);

/// \brief Reads a dump directory into a model: databases, collections, properties, document counts.
/// \details Layout (arangodump's, docs/artifacts.md, and the simulator's): `ENCRYPTION` (`none` or
/// `aes-256-ctr`; missing means none), `dump.json`, `<coll>_<md5>.structure.json` (or
/// `<coll>.structure.json`),
/// `<coll>_<md5>.data.json`, `.data.json.gz`, split `<coll>_<md5>.<n>.data.json[.gz]`, `<view>.view.json`.
/// Every generation is read: 2.x (no `dump.json`, `<coll>.structure.json` / `<coll>.data.json`, envelopes
/// `{type,key,rev,data}` with removals), 3.0-3.11 (`{type,data}` envelopes or plain lines) and 3.12 (split
/// files; none for an empty collection). A `dir` with `dump.json` or a structure file is one database;
/// otherwise every sub-directory with a `dump.json` is a database (`--all-databases`); an `ENCRYPTION` file
/// in `dir` then applies to sub-directories that have none. Encrypted files are 16 IV bytes followed by
/// AES-256-CTR ciphertext. Structure files are kept as they are, old-engine parameters (`journalSize`,
/// `doCompact`, `indexBuckets`, ...) and index types (`hash`, `skiplist`, `fulltext`, `geo1`, ...) included.
///
/// Errors: `errc::damaged_dump` with the file and the problem (not a dump, invalid JSON with its line
/// number, truncated gzip, a data file without structure file, a structure file without data file (see
/// `require_data_files`), an envelope of unknown type, a wrong key, which shows up as `dump.json` not
/// decrypting to JSON); `errc::invalid_options` for an encrypted dump read without a key;
/// `errc::parse_error` for VelocyPack data files, which are not supported.
/// \par Blocking
/// Synchronous; with `count_documents` it reads every data file and holds the keys of one collection. Run it
/// on a worker thread for big dumps.
ARANGOKIT_DECL dump_model read_dump(
    const std::filesystem::path& dir,
    const dump_read_options& opts,
    error_code& ec,
    artifact_diagnostics& diag
);

/// \copydoc read_dump \details Throws `artifact_error`.
ARANGOKIT_DECL dump_model read_dump(const std::filesystem::path& dir, const dump_read_options& opts = {});

} // namespace arangokit

#include <arangokit/artifacts/impl/dump_reader.hpp>

#endif
