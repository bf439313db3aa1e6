// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_TOOL_RESULT_HPP
#define ARANGOKIT_TOOL_RESULT_HPP

#include <arangokit/error.hpp>

#include <boost/asio/error.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace arangokit {

/// Why a run ended.
enum class end_reason
{
    not_started,    ///< never spawned (invalid options, tool not found, deadline already passed, ...)
    spawn_failed,   ///< fork/exec failed
    exited,         ///< the child exited on its own (any exit code)
    signaled,       ///< the child died from a signal we did not send
    deadline,       ///< the effective deadline expired and the graded stop ended it
    cancelled,      ///< the awaiting operation was cancelled (cancellation slot) and the stop ended it
    stop_requested, ///< request_stop()/kill() on the handle, a group stop, or the runner shutting down
    status_unknown, ///< the child ran and is gone, but its exit status was taken by someone else (the host
                    ///< ignores SIGCHLD, or another part of the program reaped it)
};

ARANGOKIT_DECL const char* to_string(end_reason r) noexcept
{
    switch (r)
    {
    case end_reason::not_started:
        return "not started";
    case end_reason::spawn_failed:
        return "spawn failed";
    case end_reason::exited:
        return "exited";
    case end_reason::signaled:
        return "signaled";
    case end_reason::deadline:
        return "deadline";
    case end_reason::cancelled:
        return "cancelled";
    case end_reason::stop_requested:
        return "stop requested";
    case end_reason::status_unknown:
        return "exit status unknown";
    }
    return "?";
}

inline std::ostream& operator<<(std::ostream& os, end_reason r)
{
    return os << to_string(r);
}

/// CPU and memory the child used (from wait4's rusage).
struct resource_usage
{
    std::chrono::microseconds user_cpu{0};
    std::chrono::microseconds system_cpu{0};
    long max_rss_kib = 0;
};

/// \brief One sample of a run's process group, taken while it ran (`runner_config::sample_interval`).
struct resource_sample
{
    std::chrono::milliseconds at{0};  ///< since the run started
    std::chrono::microseconds cpu{0}; ///< CPU time (user + system) of the group's processes so far,
                                      ///< including descendants they reaped
    double cpu_share = 0;             ///< CPU used since the previous sample over the wall time between
                                      ///< them (1.0 = one CPU busy; may exceed 1 with several threads)
    long rss_kib = 0;                 ///< resident memory summed over the group's processes
    int processes = 0;                ///< processes in the group
};

/// \brief What sampling saw of a run: peaks and a bounded time series. Empty (`samples == 0`) when sampling
/// is off or the run ended before the first tick.
struct resource_series
{
    std::chrono::milliseconds interval{0}; ///< between kept points: the sampling interval, doubled at every
                                           ///< decimation
    std::uint64_t keep_every = 1;          ///< one sample in this many is kept as a point
    std::vector<resource_sample> points{}; ///< oldest first, at most runner_config::sample_points
    std::uint64_t samples = 0;             ///< samples taken (kept as points or not)
    long peak_rss_kib = 0;                 ///< over every sample, kept or not
    double peak_cpu_share = 0;
    int peak_processes = 0;
};

/// What one output stream carried.
struct stream_stats
{
    std::uint64_t bytes = 0;
    std::uint64_t lines = 0;
    std::uint64_t long_lines = 0;     ///< lines longer than the cap, delivered in pieces
    bool partial_last_line = false;   ///< the stream ended without a final newline
    std::vector<std::string> tail{};  ///< the last lines (at most command::tail_lines lines and
                                      ///< command::tail_bytes bytes), oldest first; a longer line is cut
    std::filesystem::path log_file{}; ///< where the stream was teed to, if anywhere
    std::uint64_t log_bytes_lost = 0; ///< bytes that could not be written to `log_file` (disk full, ...)
    std::string log_error{};          ///< why: the first failed write, with the path
};

/// \brief Everything known about one tool run, filled in even when the run failed.
struct tool_result
{
    std::string label{};                ///< a human name: the tool's name or the command's label
    std::filesystem::path executable{}; ///< the resolved executable
    std::vector<std::string> argv{};    ///< argv as spawned, secrets redacted; argv[0] is the program
    int pid = 0;
    end_reason reason = end_reason::not_started;
    std::optional<int> exit_code{}; ///< set when the child exited normally
    int term_signal = 0;            ///< the signal that terminated the child (0 if it exited)
    bool core_dumped = false;
    int last_stop_signal = 0; ///< the last signal our graded stop sent (0: none)
    std::chrono::system_clock::time_point started_at{};
    std::chrono::system_clock::time_point finished_at{};
    std::chrono::steady_clock::duration elapsed{};
    resource_usage usage{};
    resource_series sampled{}; ///< taken while it ran, when the runner samples
    stream_stats out{};
    stream_stats err{};
    std::filesystem::path tool_log_file{}; ///< the tool's own log (e.g. --log.file of ArangoDB's tools)
    std::string error_message{};           ///< for not_started / spawn_failed: what went wrong and what to do
    std::vector<std::string> notes{}; ///< diagnostics worth showing (long lines split, group leftovers...)

    /// The tool ran and exited 0.
    bool ok() const noexcept { return reason == end_reason::exited && exit_code == 0; }
    bool timed_out() const noexcept { return reason == end_reason::deadline; }
    /// Exit code in shell convention: the code, or 128 + signal.
    int shell_exit_code() const noexcept
    {
        if (exit_code)
            return *exit_code;
        return term_signal ? 128 + term_signal : -1;
    }

    /// argv as one shell-quoted line (already redacted).
    std::string command_line() const
    {
        std::string s{};
        for (const auto& a : argv)
        {
            if (!s.empty())
                s += ' ';
            bool plain =
                !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                  "0123456789-_./=:,+@%") == std::string::npos;
            if (plain)
                s += a;
            else
            {
                s += '\'';
                for (char c : a)
                    s += c == '\'' ? std::string("'\\''") : std::string(1, c);
                s += '\'';
            }
        }
        return s;
    }

    /// The classification as an error code: success, nonzero_exit, killed_by_signal, deadline_exceeded,
    /// stopped, operation_aborted (cancelled), or the spawn error.
    error_code classify() const noexcept
    {
        switch (reason)
        {
        case end_reason::exited:
            return *exit_code == 0 ? error_code{} : error_code(errc::nonzero_exit);
        case end_reason::signaled:
            return errc::killed_by_signal;
        case end_reason::deadline:
            return errc::deadline_exceeded;
        case end_reason::cancelled:
            return boost::asio::error::operation_aborted;
        case end_reason::stop_requested:
            return errc::stopped;
        case end_reason::spawn_failed:
            return errc::spawn_failed;
        case end_reason::not_started:
            return errc::spawn_failed;
        case end_reason::status_unknown:
            return errc::exit_status_unknown;
        }
        return errc::spawn_failed;
    }

    /// One line: label, outcome, duration.
    std::string describe() const
    {
        std::string s = label.empty() ? std::string("process") : label;
        s += ": ";
        switch (reason)
        {
        case end_reason::exited:
            s += "exit " + std::to_string(*exit_code);
            break;
        case end_reason::signaled:
            s += "killed by signal " + std::to_string(term_signal) + (core_dumped ? " (core dumped)" : "");
            break;
        case end_reason::not_started:
        case end_reason::spawn_failed:
        case end_reason::status_unknown:
            s += std::string(to_string(reason)) + ": " + error_message;
            break;
        default:
            s += to_string(reason);
            if (last_stop_signal)
                s += " (stopped with signal " + std::to_string(last_stop_signal) + ")";
        }
        if (reason != end_reason::not_started)
            s += ", " +
                 std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()) +
                 " ms";
        return s;
    }
};

} // namespace arangokit

#endif
