// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_CONCURRENCY_TYPED_RUN_HPP
#define ARANGOKIT_CONCURRENCY_TYPED_RUN_HPP

#include <arangokit/error.hpp>
#include <arangokit/process/command.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/tool_result.hpp>

#include <concepts>
#include <string>
#include <utility>

namespace arangokit {

/// \brief A tool run that a `client_group` spawns itself and whose end it turns into a typed report.
/// \details The group is generic over it and knows no tool; the ArangoDB layer provides the runs
/// (`arango_run<Options>`, made by `arango_tools::make_run`). `client_group::spawn(run)` calls, on the
/// group's executor and in this order:
/// - `run.prepare(runner)`, once, before anything is spawned: the run writes what it needs (private files)
///   and installs its line handlers on its command. A non-empty error_code means nothing is spawned: the
///   member fails with it.
/// - `run.take_command()`, once, after a successful `prepare`: the command the group spawns exactly as it
///   spawns `spawn(command)` members (per-member log, iteration lines, pid, stop, deadline).
/// - `run.finish(ec, result)`, once, when the member ended, and also when `prepare` failed or the group
///   refused the member because it had stopped (then `result.reason` is `end_reason::not_started`). It
///   returns the error the member ends with (a run may turn a success into a failure: a tool that exits 0
///   but reports one) and the typed report. It may amend `result`, which the group keeps as
///   `member_result::tool`.
/// - `run.failure_reason(report)`: one line that the member's message adds when the member failed (empty:
///   the tool result's description alone).
///
/// \par Lifetime
/// The group owns the run from `spawn` until `finish` returned. The group's shared state outlives the group
/// object while the member's child runs, so `finish` is called even then; a run destroyed without `finish`
/// (the io_context torn down first) must clean up in its destructor what `finish` would have.
template <class Run>
concept typed_run = std::move_constructible<Run> && requires(
    Run& run, tool_runner& runner, error_code ec, tool_result& res, const typename Run::report_type& rep
)
{
    {
        run.prepare(runner)
        } -> std::same_as<error_code>;
    {
        run.take_command()
        } -> std::same_as<command>;
    {
        run.finish(ec, res)
        } -> std::same_as<std::pair<error_code, typename Run::report_type>>;
    {
        run.failure_reason(rep)
        } -> std::convertible_to<std::string>;
};

} // namespace arangokit

#endif
