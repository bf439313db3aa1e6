// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_SCENARIOS_PARALLEL_RESTORE_HPP
#define ARANGOKIT_SCENARIOS_PARALLEL_RESTORE_HPP

#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/arango/tools/arangorestore.hpp>
#include <arangokit/artifacts/dump_reader.hpp>
#include <arangokit/concurrency/client_group.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>
#include <arangokit/scenarios/collection_selector.hpp>
#include <arangokit/scenarios/database_inventory.hpp>
#include <arangokit/scenarios/segment_plan.hpp>

#include <arangokit/detail/async_from_coro.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <stdlib.h>
#include <string>
#include <system_error>
#include <unistd.h>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief What `async_parallel_restore` does.
struct parallel_restore_options
{
    /// The dump directory (one database, e.g. what `async_parallel_dump` merged).
    std::filesystem::path input_directory{};
    /// Which of the dump's collections to restore (resolved against the dump's own inventory).
    collection_selector selection{};
    /// How many arangorestore processes run at once (fewer when there are fewer collections).
    std::size_t segments = 4;
    /// The options every segment's arangorestore starts from (target database: `restore.server.database`);
    /// `input_directory`, `collection`, `view` and `continue_` are set per segment, and
    /// `include_system_collections` when a system collection is selected.
    arangorestore_options restore{};
    /// One deadline for all the segments and the views phase; empty: the runner's global deadline only.
    std::optional<std::chrono::milliseconds> timeout{};
    /// Called for each segment's options after they are set; the views phase is `segment == segments`.
    std::function<void(std::size_t segment, arangorestore_options&)> customize{};
    /// The key of an encrypted dump (its metadata is read to plan the segments).
    std::optional<encryption_key> key{};
    /// Skip the segments that a previous, failed attempt completed (their marker files). False: every
    /// marker in the dump directory is removed first and everything is restored.
    bool resume = true;
};

/// \brief What `async_parallel_restore` did; complete whatever the error.
struct parallel_restore_result
{
    database_inventory inventory{};                            ///< the dump's (bytes: its data files)
    std::vector<std::string> collections{};                    ///< the selection, resolved
    segment_plan plan{};                                       ///< the collection segments
    std::vector<std::size_t> skipped{};                        ///< segments a previous attempt completed
    bool views_skipped = false;                                ///< the views phase was completed before
    group_result collections_group{};                          ///< phase 1: one member per segment run
    std::optional<group_result> views_group{};                 ///< phase 2, when it ran
    std::vector<tool_report<arangorestore_options>> reports{}; ///< every run that was added
    std::string message{};                                     ///< why it failed (empty on success)
};

namespace detail {

// The marker's name comes from what the segment restores, so a plan that changed between attempts (other
// segment count, other selection) never skips a segment whose contents differ.
inline std::filesystem::path restore_marker(
    const std::filesystem::path& dir, const std::string& target, const std::vector<std::string>& names
)
{
    std::uint64_t h = 1469598103934665603ull; // FNV-1a 64
    auto add = [&h](const std::string& s) {
        for (unsigned char c : s)
        {
            h ^= c;
            h *= 1099511628211ull;
        }
        h ^= 0xff; // separator: ("ab","c") and ("a","bc") differ
        h *= 1099511628211ull;
    };
    add(target);
    for (const auto& n : names)
        add(n);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return dir / (std::string(".arangokit-restored-") + hex);
}

inline std::string
marker_content(const std::string& target, const std::string& kind, const std::vector<std::string>& names)
{
    std::string s = "database " + target + "\n" + kind + "\n";
    for (const auto& n : names)
        s += n + "\n";
    return s;
}

inline bool marker_done(const std::filesystem::path& p, const std::string& content)
{
    std::ifstream in(p, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str() == content;
}

// Written to a temporary name, then renamed: a marker is there complete or not at all.
inline void write_marker(const std::filesystem::path& p, const std::string& content)
{
    auto tmp = p;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << content;
        if (!out)
            return;
    }
    std::error_code ec;
    std::filesystem::rename(tmp, p, ec);
}

inline void remove_restore_markers(const std::filesystem::path& dir)
{
    std::error_code ec;
    std::vector<std::filesystem::path> found;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename().string().rfind(".arangokit-restored-", 0) == 0)
            found.push_back(it->path());
    for (const auto& p : found)
        std::filesystem::remove(p, ec);
}

// arangorestore keeps its progress in a state file inside its input directory, whether or not --continue is
// given, so N runs on one directory overwrite (or rename away) each other's file. Each run therefore gets a
// directory of its own that links every file of the dump except that state and our markers: the runs share
// the dump's files and nothing they write. The views live in one private directory (mkdtemp, 0700, the
// owner's pid in its name for the start-up sweep) that the runner's guardian removes if the host dies, and
// the destructor removes otherwise.
class segment_views
{
  public:
    segment_views(tool_runner& runner, std::filesystem::path dump) : runner_(runner), dump_(std::move(dump))
    {
    }
    segment_views(const segment_views&) = delete;
    segment_views& operator=(const segment_views&) = delete;
    ~segment_views()
    {
        guard_.release();
        if (!root_.empty())
        {
            std::error_code ec;
            std::filesystem::remove_all(root_, ec);
        }
    }

    // The input directory of one run (`name` unique per run); empty with `why` and `error` set when it cannot
    // be made.
    std::filesystem::path make(const std::string& name, std::string& why)
    {
        namespace fs = std::filesystem;
        std::error_code ec;
        if (root_.empty())
        {
            auto tmp = fs::temp_directory_path(ec);
            if (ec)
            {
                error = error_code(ec.value(), boost::system::system_category());
                why = "no temporary directory: " + ec.message();
                return {};
            }
            std::string tmpl =
                (tmp / ("arangokit-restore-" + std::to_string(::getpid()) + "-XXXXXX")).string();
            if (!::mkdtemp(tmpl.data()))
            {
                error = error_code(errno, boost::system::system_category());
                why = "cannot create a directory in " + tmp.string() + ": " + std::strerror(errno);
                return {};
            }
            root_ = tmpl;
            guard_ = runner_.guard_path(root_);
        }
        auto dir = root_ / name;
        fs::create_directory(dir, ec);
        auto src = fs::absolute(dump_, ec);
        for (fs::directory_iterator it(src, ec), end; !ec && it != end; it.increment(ec))
        {
            auto file = it->path().filename().string();
            if (file.empty() || file.front() == '.' || file == "continue.json" || !it->is_regular_file())
                continue;
            std::error_code lec;
            fs::create_symlink(it->path(), dir / file, lec);
            if (lec)
            {
                error = error_code(lec.value(), boost::system::system_category());
                why = "cannot link " + it->path().string() + " into " + dir.string() + ": " + lec.message();
                return {};
            }
        }
        if (ec)
        {
            error = error_code(ec.value(), boost::system::system_category());
            why = "cannot list " + src.string() + ": " + ec.message();
            return {};
        }
        return dir;
    }

    error_code error{};

  private:
    tool_runner& runner_;
    std::filesystem::path dump_;
    std::filesystem::path root_;
    path_guard guard_;
};

inline boost::asio::awaitable<std::pair<error_code, parallel_restore_result>>
co_parallel_restore(arango_tools& tools, const parallel_restore_options& o)
{
    namespace fs = std::filesystem;
    constexpr auto tuple = boost::asio::as_tuple(boost::asio::use_awaitable);
    parallel_restore_result res;
    auto fail = [&res](error_code ec, std::string why) {
        res.message = std::move(why);
        return std::pair{ec, std::move(res)};
    };
    dump_read_options ro;
    ro.key = o.key;
    ro.count_documents = false;
    error_code rec;
    artifact_diagnostics diag;
    auto model = read_dump(o.input_directory, ro, rec, diag);
    if (rec)
        co_return fail(rec, diag.message);
    if (model.all_databases || model.databases.size() != 1)
        co_return fail(
            errc::invalid_options,
            "parallel restore: " + o.input_directory.string() + " is not a single-database dump"
        );
    const auto& db = model.databases.front();
    res.inventory = inventory_of_dump(db);
    error_code sel_ec;
    res.collections = o.selection.resolve(res.inventory, sel_ec, res.message);
    if (sel_ec)
        co_return std::pair{sel_ec, std::move(res)};
    res.plan = plan_segments(res.inventory, res.collections, o.segments);
    const std::string target = o.restore.server.database.value_or("_system");
    if (!o.resume)
        remove_restore_markers(o.input_directory);

    // One deadline for both phases: the views phase gets what the collections left.
    deadline until = o.timeout ? deadline::after(*o.timeout) : deadline{};
    std::vector<typed_member<tool_report<arangorestore_options>>> members;
    segment_views views_of(tools.runner(), o.input_directory);
    std::string view_error;
    auto base = [&](const std::string& name) {
        arangorestore_options r = o.restore;
        r.input_directory = views_of.make(name, view_error).string();
        r.collection.clear();
        r.view.clear();
        // Our markers say what is done; the tool's own state would only describe its private directory.
        r.continue_ = false;
        return r;
    };

    // Phase 1: the collections, segments concurrently. Each arangorestore creates a collection, loads its
    // data, then creates its indexes; a distributeShardsLike prototype is in the same segment as its
    // followers (see plan_segments), and the tool creates it first.
    std::vector<std::size_t> running; // member index -> segment
    std::vector<std::string> contents;
    {
        group_options go;
        go.on_failure = group_policy::stop_on_failure;
        go.until = until;
        go.name = "parallel-restore";
        client_group g(tools.runner(), go);
        for (std::size_t i = 0; i < res.plan.segments.size(); ++i)
        {
            const auto& names = res.plan.segments[i].collections;
            auto marker = restore_marker(o.input_directory, target, names);
            auto content = marker_content(target, "collections", names);
            if (marker_done(marker, content))
            {
                res.skipped.push_back(i);
                continue;
            }
            arangorestore_options seg = base("segment-" + std::to_string(i));
            if (!view_error.empty())
                co_return fail(views_of.error, "parallel restore: " + view_error);
            for (const auto& n : names)
            {
                if (!n.empty() && n.front() == '_')
                    seg.include_system_collections = true;
                seg.collection.push_back(n);
            }
            if (o.customize)
                o.customize(i, seg);
            member_options mo;
            mo.label = "segment-" + std::to_string(i);
            members.push_back(g.spawn(tools.make_run(seg), std::move(mo)));
            running.push_back(i);
            contents.push_back(std::move(content));
        }
        auto [gec, all] = co_await g.async_wait(tuple);
        res.collections_group = std::move(all);
        for (std::size_t k = 0; k < members.size(); ++k)
        {
            if (!members[k].done())
                continue;
            res.reports.push_back(members[k].report());
            const auto& m = res.collections_group.members[members[k].index()];
            if (m.outcome == member_outcome::succeeded)
                write_marker(
                    restore_marker(o.input_directory, target, res.plan.segments[running[k]].collections),
                    contents[k]
                );
        }
        if (gec)
            co_return fail(gec, "parallel restore: " + res.collections_group.describe());
    }

    // Phase 2: the views, once every collection is there.
    if (!db.views.empty())
    {
        std::vector<std::string> views;
        for (const auto& v : db.views)
            views.push_back(v.name);
        auto marker = restore_marker(o.input_directory, target, views);
        auto content = marker_content(target, "views", views);
        if (marker_done(marker, content))
            res.views_skipped = true;
        else
        {
            group_options go;
            go.on_failure = group_policy::stop_on_failure;
            go.until = until;
            go.name = "parallel-restore-views";
            client_group g(tools.runner(), go);
            arangorestore_options r = base("views");
            if (!view_error.empty())
                co_return fail(views_of.error, "parallel restore: " + view_error);
            r.create_collection = false;
            r.import_data = false;
            for (auto& v : views)
                r.view.push_back(v);
            if (o.customize)
                o.customize(res.plan.segments.size(), r);
            member_options mo;
            mo.label = "views";
            auto vm = g.spawn(tools.make_run(r), std::move(mo));
            auto [gec, all] = co_await g.async_wait(tuple);
            res.views_group = std::move(all);
            if (vm.done())
                res.reports.push_back(vm.report());
            if (gec)
                co_return fail(gec, "parallel restore (views): " + res.views_group->describe());
            write_marker(marker, content);
        }
    }
    // Everything is restored: the markers served the retries of this restore and must not turn a later,
    // independent restore of the same dump into a no-op. Other targets' markers stay.
    std::error_code rm;
    for (const auto& seg : res.plan.segments)
        fs::remove(restore_marker(o.input_directory, target, seg.collections), rm);
    if (!db.views.empty())
    {
        std::vector<std::string> views;
        for (const auto& v : db.views)
            views.push_back(v.name);
        fs::remove(restore_marker(o.input_directory, target, views), rm);
    }
    co_return std::pair{error_code{}, std::move(res)};
}

} // namespace detail

/// \brief Restores a dump directory with N arangorestore processes at once, each on its own share of the
/// collections, in a valid order, resumable after a failure.
/// \details Steps: read the dump's metadata (`read_dump`), resolve `options.selection` against its
/// collections, plan the segments by the bytes of their data files (`plan_segments`), then:
/// - phase 1, the collections: one arangorestore per segment (`--collection` for each of its
///   collections), as one `client_group` under `group_policy::stop_on_failure`: a failing segment stops the
///   others. Each run creates its collections, loads their data and then creates their indexes; a
///   `distributeShardsLike` prototype shares its followers' segment.
/// - phase 2, the views, after every collection: one arangorestore with `--create-collection false
///   --import-data false` and a `--view` for each view of the dump.
/// One deadline (`options.timeout`) covers both phases. Each arangorestore reads a private directory of
/// symbolic links to the dump's files (in `$TMPDIR`, removed when the operation completes and by the
/// runner's guardian if the host dies), because the tool writes a state file into its input directory that
/// concurrent runs would otherwise share; the tools never write into the dump directory.
///
/// Resuming: each segment that succeeds leaves a marker file `.arangokit-restored-<hash>` in the dump
/// directory (the hash is of the target database and the segment's collection names; the file lists them).
/// A later call with `resume` (the default) skips every segment whose marker is there
/// (`parallel_restore_result::skipped`), also when the other segments were planned differently. A target
/// database's markers are removed once its whole restore succeeded (those of other targets stay); a call
/// with `resume == false` removes every marker before it starts.
/// The dump directory must therefore be writable.
/// \par Handler signature
/// `void(error_code, parallel_restore_result)`; the result is complete in every case and `message` says
/// why it failed. Errors: `read_dump`'s (`errc::damaged_dump`, `errc::invalid_options` for an encrypted
/// dump without key); `errc::invalid_options` for a dump of all databases, and for a selection that matches
/// nothing or an include pattern that matches no collection; the group's (`errc::member_failed`,
/// `errc::deadline_exceeded`, `operation_aborted`). The default token throws `boost::system::system_error`.
/// \par Cancellation
/// terminal: the running phase's group stops (graded stop of every arangorestore) and the operation
/// completes with operation_aborted once every process is reaped; segments that had completed keep their
/// markers. Deadline expiry is `errc::deadline_exceeded`. partial and total are not supported.
/// \par Blocking
/// The dump's metadata is read synchronously on the runner's executor at the start (structure files and
/// `dump.json` only, no data file).
/// \par Object lifetimes
/// `tools` must outlive the operation; `options` is copied at initiation.
template <
    boost::asio::completion_token_for<void(error_code, parallel_restore_result)> CompletionToken =
        default_token>
auto async_parallel_restore(
    arango_tools& tools, const parallel_restore_options& options, CompletionToken&& token = {}
)
{
    return detail::async_from_coro<parallel_restore_result>(
        tools.runner().get_executor(),
        [&tools, o = options]() { return detail::co_parallel_restore(tools, o); },
        std::forward<CompletionToken>(token)
    );
}

} // namespace arangokit

#endif
