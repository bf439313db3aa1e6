// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_DUMP_DIFF_HPP
#define ARANGOKIT_ARTIFACTS_DUMP_DIFF_HPP

#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/dump_reader.hpp>
#include <arangokit/error.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
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
);

/// \copydoc compare_dumps \details Throws `artifact_error`.
ARANGOKIT_DECL dump_diff compare_dumps(
    const std::filesystem::path& left,
    const std::filesystem::path& right,
    const dump_compare_options& opts = {}
);

} // namespace arangokit

#include <arangokit/artifacts/impl/dump_diff.hpp>

#endif
