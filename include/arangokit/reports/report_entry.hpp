// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_REPORTS_REPORT_ENTRY_HPP
#define ARANGOKIT_REPORTS_REPORT_ENTRY_HPP

#include <arangokit/concurrency/group_result.hpp>
#include <arangokit/tool_result.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace arangokit {

/// \brief How one entry of a report ended, in the terms CI systems use (JUnit's passed, failure, error,
/// skipped).
enum class entry_status
{
    passed,  ///< succeeded
    failed,  ///< the tool's own failure: non-zero exit, a signal, its deadline, a failed check
    error,   ///< it could not be judged: never started, spawn failed, exit status unknown, cancelled
    skipped, ///< stopped by its group because of another member, or never reached: not a failure of its own
};

inline const char* to_string(entry_status s) noexcept
{
    switch (s)
    {
    case entry_status::passed:
        return "passed";
    case entry_status::failed:
        return "failed";
    case entry_status::error:
        return "error";
    case entry_status::skipped:
        return "skipped";
    }
    return "?";
}

/// \brief One line of a report: a tool run, a group member, or any step the program judged itself.
/// \details Plain data: fill it by hand for a step that is not a tool run (a dump comparison, a check), or
/// with `report_entry::from` for a `tool_result` or a group's `member_result`.
struct report_entry
{
    std::string name{};  ///< the step ("import 20000 orders"); JUnit's test case name
    std::string suite{}; ///< what it belongs to (a group's name, a phase); JUnit's test suite and class
    std::string tool{};  ///< the tool's label ("arangoimport"), if it was a tool
    entry_status status = entry_status::passed;
    std::string outcome{};                ///< short, for tables: "ok", "exit 3", "deadline", ...
    std::chrono::duration<double> time{}; ///< how long it took
    std::chrono::system_clock::time_point started_at{};
    std::string figures{}; ///< key figures, for tables ("created 20000, errors 0")
    std::string message{}; ///< for anything but passed: one line saying what went wrong
    std::string details{}; ///< diagnostics: the command line, the error message, notes
    std::optional<int> exit_code{};
    std::vector<std::string> stdout_tail{}; ///< the last lines of the tool's output, oldest first
    std::vector<std::string> stderr_tail{};
    long peak_rss_kib = 0;     ///< the larger of wait4's maximum and the sampled peak (0: unknown)
    double peak_cpu_share = 0; ///< sampled (0: not sampled)

    bool ok() const noexcept { return status == entry_status::passed; }

    /// \brief An entry for a tool run. `name` defaults to the result's label.
    static report_entry from(const tool_result& r, std::string name = {}, std::string suite = {})
    {
        report_entry e;
        e.name = name.empty() ? r.label : std::move(name);
        e.suite = std::move(suite);
        e.tool = r.label;
        e.time = r.elapsed;
        e.started_at = r.started_at;
        e.exit_code = r.exit_code;
        e.stdout_tail = r.out.tail;
        e.stderr_tail = r.err.tail;
        e.peak_rss_kib = std::max(r.usage.max_rss_kib, r.sampled.peak_rss_kib);
        e.peak_cpu_share = r.sampled.peak_cpu_share;
        switch (r.reason)
        {
        case end_reason::exited:
            e.status = r.ok() ? entry_status::passed : entry_status::failed;
            e.outcome = r.ok() ? "ok" : "exit " + std::to_string(*r.exit_code);
            break;
        case end_reason::signaled:
            e.status = entry_status::failed;
            e.outcome = "signal " + std::to_string(r.term_signal) + (r.core_dumped ? " (core)" : "");
            break;
        case end_reason::deadline:
            e.status = entry_status::failed;
            e.outcome = "deadline";
            break;
        case end_reason::stop_requested:
            e.status = entry_status::skipped;
            e.outcome = "stopped";
            break;
        default:
            e.status = entry_status::error;
            e.outcome = to_string(r.reason);
        }
        if (e.status != entry_status::passed)
            e.message = r.describe();
        e.details = "command: " + r.command_line();
        if (!r.error_message.empty())
            e.details += "\nerror: " + r.error_message;
        for (const auto& n : r.notes)
            e.details += "\nnote: " + n;
        return e;
    }

    /// \brief An entry for a member of a group; its suite is the group's name.
    static report_entry from(const member_result& m, const std::string& group_name = {})
    {
        report_entry e = m.tool ? from(*m.tool, m.label, group_name) : report_entry{};
        if (!m.tool)
        {
            e.name = m.label;
            e.suite = group_name;
        }
        e.time = m.elapsed;
        switch (m.outcome)
        {
        case member_outcome::succeeded:
            e.status = entry_status::passed;
            e.outcome = "ok";
            break;
        case member_outcome::failed:
            // A tool member keeps the classification of its result (failed or error); an awaitable failed.
            if (!m.tool || e.status == entry_status::passed || e.status == entry_status::skipped)
                e.status = entry_status::failed;
            if (e.outcome.empty() || e.outcome == "ok" || e.outcome == "stopped")
                e.outcome = "failed";
            break;
        case member_outcome::stopped:
            e.status = entry_status::skipped;
            e.outcome = std::string("stopped: ") + to_string(m.stopped_because);
            break;
        case member_outcome::pending:
        case member_outcome::running:
            e.status = entry_status::skipped;
            e.outcome = to_string(m.outcome);
            break;
        }
        if (m.iterations)
            e.figures = std::to_string(m.iterations) + " iterations";
        std::string what = m.message;
        if (m.outcome == member_outcome::stopped && !m.stop_detail.empty())
            what += (what.empty() ? "" : ": ") + m.stop_detail;
        if (e.status != entry_status::passed && !what.empty())
            e.message = what;
        if (!m.critical)
            e.details += std::string(e.details.empty() ? "" : "\n") + "non-critical member";
        if (!m.log_file.empty())
            e.details += std::string(e.details.empty() ? "" : "\n") + "log: " + m.log_file.string();
        return e;
    }
};

} // namespace arangokit

#endif
