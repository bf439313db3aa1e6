// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_SCENARIOS_PARALLEL_DUMP_HPP
#define ARANGOKIT_SCENARIOS_PARALLEL_DUMP_HPP

#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/arango/http/arango_client.hpp>
#include <arangokit/arango/tools/arangodump.hpp>
#include <arangokit/artifacts/dump_merge.hpp>
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

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief What `async_parallel_dump` does.
struct parallel_dump_options
{
    /// Which collections of the database to dump (resolved against the server's inventory).
    collection_selector selection{};
    /// How many arangodump processes run at once (fewer when there are fewer collections).
    std::size_t segments = 4;
    /// The merged dump directory; must not exist or be empty.
    std::filesystem::path output_directory{};
    /// Where the segments are written (`segment-<i>` each); empty: `<output_directory>.segments`. The
    /// segment directories are replaced at the start and removed after a successful merge.
    std::filesystem::path work_directory{};
    /// The options every segment's arangodump starts from: the database is `dump.server.database`
    /// (`_system` when unset); `collection`, `ignore_collection` and `output_directory` are set per
    /// segment, `include_system_collections` when a system collection is selected, and `dump_views` is
    /// false on every segment but the first (the views are dumped once).
    arangodump_options dump{};
    /// One deadline for all the segments (the group's); empty: the runner's global deadline only.
    std::optional<std::chrono::milliseconds> timeout{};
    /// Called for each segment's options after they are set (per-segment endpoints or environment).
    std::function<void(std::size_t segment, arangodump_options&)> customize{};
    /// The key of an encrypted dump (the merge reads the segments' `dump.json`).
    std::optional<encryption_key> key{};
};

/// \brief What `async_parallel_dump` did; complete whatever the error.
struct parallel_dump_result
{
    database_inventory inventory{};                         ///< as read from the server
    std::vector<std::string> collections{};                 ///< the selection, resolved
    segment_plan plan{};                                    ///< segment `i` is group member `i`
    group_result group{};                                   ///< the segments' group
    std::vector<tool_report<arangodump_options>> reports{}; ///< one per segment that was added
    dump_merge_result merged{};                             ///< set once the merge succeeded
    std::string message{};                                  ///< why it failed (empty on success)
};

namespace detail {

inline boost::asio::awaitable<std::pair<error_code, parallel_dump_result>>
co_parallel_dump(arango_tools& tools, arango_client& client, const parallel_dump_options& o)
{
    namespace fs = std::filesystem;
    constexpr auto tuple = boost::asio::as_tuple(boost::asio::use_awaitable);
    parallel_dump_result res;
    auto fail = [&res](error_code ec, std::string why) {
        res.message = std::move(why);
        return std::pair{ec, std::move(res)};
    };
    if (o.output_directory.empty())
        co_return fail(errc::invalid_options, "parallel dump: no output_directory");
    std::error_code sec;
    if (fs::exists(o.output_directory, sec) && !fs::is_empty(o.output_directory, sec))
        co_return fail(
            errc::invalid_options, "parallel dump: " + o.output_directory.string() + " is not empty"
        );
    const std::string database = o.dump.server.database.value_or("_system");
    auto [iec, inv] = co_await async_read_inventory(client, database, tuple);
    res.inventory = std::move(inv);
    if (iec)
        co_return fail(iec, "parallel dump: reading the inventory of '" + database + "': " + iec.message());
    error_code sel_ec;
    res.collections = o.selection.resolve(res.inventory, sel_ec, res.message);
    if (sel_ec)
        co_return std::pair{sel_ec, std::move(res)};
    res.plan = plan_segments(res.inventory, res.collections, o.segments);

    fs::path work =
        o.work_directory.empty() ? fs::path(o.output_directory.string() + ".segments") : o.work_directory;
    std::vector<fs::path> dirs;
    for (std::size_t i = 0; i < res.plan.segments.size(); ++i)
    {
        dirs.push_back(work / ("segment-" + std::to_string(i)));
        fs::remove_all(dirs.back(), sec);
    }
    fs::create_directories(work, sec);
    if (sec)
        co_return fail(errc::invalid_options, "parallel dump: " + work.string() + ": " + sec.message());

    group_options go;
    go.on_failure = group_policy::stop_on_failure;
    go.timeout = o.timeout;
    go.name = "parallel-dump";
    client_group g(tools.runner(), go);
    std::vector<typed_member<tool_report<arangodump_options>>> members;
    for (std::size_t i = 0; i < res.plan.segments.size(); ++i)
    {
        arangodump_options seg = o.dump;
        seg.ignore_collection.clear();
        seg.collection.clear();
        for (const auto& name : res.plan.segments[i].collections)
        {
            if (!name.empty() && name.front() == '_')
                seg.include_system_collections = true;
            seg.collection.push_back(name);
        }
        seg.output_directory = dirs[i].string();
        if (i > 0)
            seg.dump_views = false;
        if (o.customize)
            o.customize(i, seg);
        member_options mo;
        mo.label = "segment-" + std::to_string(i);
        members.push_back(g.spawn(tools.make_run(seg), std::move(mo)));
    }
    auto [gec, all] = co_await g.async_wait(tuple);
    res.group = std::move(all);
    for (auto& m : members)
        if (m.done())
            res.reports.push_back(m.report());
    if (gec)
        co_return fail(gec, "parallel dump: " + res.group.describe());

    dump_merge_options mo;
    mo.key = o.key;
    error_code mec;
    artifact_diagnostics diag;
    res.merged = merge_dump_segments(dirs, o.output_directory, mo, mec, diag);
    if (mec)
        co_return fail(mec, diag.message);
    if (fs::is_empty(work, sec))
        fs::remove(work, sec);
    co_return std::pair{error_code{}, std::move(res)};
}

} // namespace detail

/// \brief Dumps a database with N arangodump processes at once, each on its own share of the collections,
/// and merges their directories into one dump directory that a single ordinary arangorestore accepts.
/// \details Steps: read the inventory (`async_read_inventory`: counts and figures), resolve
/// `options.selection` against it, plan the segments (`plan_segments`: balanced by bytes), run one
/// arangodump per segment as one `client_group` under `group_policy::stop_on_failure` with one deadline
/// (`options.timeout`), then `merge_dump_segments` into `options.output_directory`. A segment that fails
/// stops the others (graded stop); nothing is merged then, and the segment directories stay in the work
/// directory for inspection.
/// \par Handler signature
/// `void(error_code, parallel_dump_result)`; the result is complete in every case and `message` says why
/// it failed. Errors: the client's for the inventory; `errc::invalid_options` (no output directory, an
/// output directory that is not empty, a selection that matches nothing or an include pattern that
/// matches no collection); the group's (`errc::member_failed` when a segment failed,
/// `errc::deadline_exceeded` when the deadline hit, `operation_aborted` when cancelled); the merge's
/// (`errc::damaged_dump`). The default token throws `boost::system::system_error`.
/// \par Cancellation
/// terminal: while the inventory is read, the request in flight is aborted; while the segments run, the
/// group stops (graded stop of every arangodump), and the operation completes with operation_aborted once
/// every process is reaped. Deadline expiry is `errc::deadline_exceeded`, never operation_aborted.
/// partial and total are not supported.
/// \par Object lifetimes
/// `tools` and `client` must outlive the operation; `options` is copied at initiation.
template <
    boost::asio::completion_token_for<void(error_code, parallel_dump_result)> CompletionToken = default_token>
auto async_parallel_dump(
    arango_tools& tools,
    arango_client& client,
    const parallel_dump_options& options,
    CompletionToken&& token = {}
)
{
    return detail::async_from_coro<parallel_dump_result>(
        tools.runner().get_executor(),
        [&tools, &client, o = options]() { return detail::co_parallel_dump(tools, client, o); },
        std::forward<CompletionToken>(token)
    );
}

} // namespace arangokit

#endif
