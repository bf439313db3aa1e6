// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_DETAIL_TOOL_RUN_HPP
#define ARANGOKIT_ARANGO_DETAIL_TOOL_RUN_HPP

// The steps every typed tool run takes, whoever spawns it (arango_tools::async_run / async_start, or a
// client_group through arango_run): prepare (private files, the parser on every line, progress events), then
// finish (remove the private files, take the report, assess). One copy, so the three paths cannot drift.

#include <arangokit/arango/exit_codes.hpp>
#include <arangokit/arango/parsers/common.hpp>
#include <arangokit/arango/tool_invocation.hpp>
#include <arangokit/arango/tool_report.hpp>
#include <arangokit/arango/tools/render.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/tool_event.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/tool_result.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arangokit::detail {

/// Called for every progress line of every tool (`arango_tools::on_progress`).
using tool_progress_handler = std::function<void(std::string_view tool, const progress_event&)>;

template <class Options> struct tool_run_state
{
    boost::asio::any_io_executor ex{};
    typename tool_traits<Options>::parser_type parser{};
    tool_invocation invocation{};
    bool files_written = false;
    std::string prepare_error{}; // what failed before the spawn (private files), with the path
    error_code prepare_ec{};     // set when nothing was spawned; `not_started` is then the result
    tool_result not_started{};
    std::vector<path_guard> disk_files{}; // private files that had to go to disk: the guardian's to remove
    std::vector<std::shared_ptr<void>> cached_files{}; // a tool_cache's shared config files, held for the run

    std::pair<error_code, tool_report<Options>> finish(error_code ec, tool_result res)
    {
        if (files_written)
            remove_private_files(invocation);
        files_written = false;
        disk_files.clear();
        cached_files.clear();
        tool_report<Options> rep;
        res.tool_log_file = invocation.log_file;
        rep.report = parser.take_report();
        rep.notes = invocation.notes;
        rep.outcome = assess(res, rep.report);
        rep.result = std::move(res);
        if (!ec && !rep.outcome.ok)
            ec = rep.outcome.ec;
        return {ec, std::move(rep)};
    }
    ~tool_run_state()
    {
        if (files_written)
            remove_private_files(invocation);
    }
};

/// The result of a run that never started: the tool's name and every problem of its options.
template <class Options> tool_result not_started_result(const invocation_result& inv)
{
    tool_result r;
    r.label = std::string(tool_traits<Options>::binary);
    r.reason = end_reason::not_started;
    r.error_message = inv.problems.empty() ? inv.ec.message() : "";
    for (const auto& p : inv.problems)
        r.error_message += (r.error_message.empty() ? "" : "; ") + p.message();
    return r;
}

/// Moves the rendered invocation into `st`, writes its private files and installs the parser (and the
/// progress events) as the command's line handler. An error: nothing may be spawned (`st->prepare_error`
/// says what failed, with the path).
template <class Options>
error_code prepare_tool_run(
    tool_runner& runner,
    invocation_result& inv,
    const std::shared_ptr<tool_run_state<Options>>& st,
    const tool_progress_handler& progress
)
{
    if (inv.ec)
        return inv.ec;
    st->invocation = std::move(inv.invocation);
    error_code ec;
    write_private_files(st->invocation, ec, st->prepare_error);
    if (ec)
        return ec;
    st->files_written = true;
    for (const auto& f : st->invocation.files)
        if (f.fd < 0)
            st->disk_files.push_back(runner.guard_path(f.path));
    // The child may outlive the caller's handle (stopped in the background): hold the parser weakly.
    std::weak_ptr<tool_run_state<Options>> w = st;
    std::string label(tool_traits<Options>::binary);
    st->invocation.cmd.on_line = [w, progress, label, emit = runner.event_emitter()](const output_line& l) {
        auto s = w.lock();
        if (!s)
            return;
        s->parser.feed(l);
        auto msg = detail::parse_log_view(l.text); // no copies: this runs on every line
        if (auto p = classify_progress(msg.message))
        {
            if (progress)
                progress(label, *p);
            tool_event e;
            e.kind = event_kind::progress;
            e.label = label;
            e.when = l.when;
            e.text = p->text;
            emit(e);
        }
    };
    return {};
}

} // namespace arangokit::detail

#endif
