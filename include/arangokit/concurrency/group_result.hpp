// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_CONCURRENCY_GROUP_RESULT_HPP
#define ARANGOKIT_CONCURRENCY_GROUP_RESULT_HPP

#include <arangokit/concurrency/stop_source.hpp>
#include <arangokit/error.hpp>
#include <arangokit/tool_result.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace arangokit {

/// \brief Where a member is, or how it ended.
enum class member_outcome
{
    pending,   ///< added, not yet running (waiting for a concurrency slot or an entry gate)
    running,   ///< running now
    succeeded, ///< ended successfully (a tool: exit code 0; an awaitable: returned)
    failed,    ///< ended with an error of its own (non-zero exit, signal, exception, its own deadline...)
    stopped,   ///< ended because the group stopped it: see `member_result::stopped_because`
};

inline const char* to_string(member_outcome o) noexcept
{
    switch (o)
    {
    case member_outcome::pending:
        return "pending";
    case member_outcome::running:
        return "running";
    case member_outcome::succeeded:
        return "succeeded";
    case member_outcome::failed:
        return "failed";
    case member_outcome::stopped:
        return "stopped";
    }
    return "?";
}
inline std::ostream& operator<<(std::ostream& os, member_outcome o)
{
    return os << to_string(o);
}

/// \brief Everything known about one member of a group.
struct member_result
{
    std::size_t index = 0;
    std::string label{};
    bool critical = true;
    bool is_tool = false; ///< a tool run (then `tool` is set) rather than an awaitable
    member_outcome outcome = member_outcome::pending;
    error_code error{};                ///< the member's own error (empty for succeeded and stopped)
    std::exception_ptr exception{};    ///< what an awaitable member threw (nothing for tools)
    std::string message{};             ///< one line: what happened
    std::optional<tool_result> tool{}; ///< for tool members: the full tool result
    stop_cause stopped_because = stop_cause::none; ///< for `stopped`: the group's stop cause
    std::string stop_detail{};                     ///< e.g. "member 'loader' failed: exit 3"
    bool running_at_join_timeout = false;          ///< still running when `async_join_for` timed out
    std::chrono::steady_clock::duration elapsed{}; ///< how long it ran
    std::uint64_t iterations = 0;                  ///< iterations it reported
    std::filesystem::path log_file{};              ///< its log, if any

    bool done() const noexcept
    {
        return outcome != member_outcome::pending && outcome != member_outcome::running;
    }
    bool ok() const noexcept { return outcome == member_outcome::succeeded; }
};

/// \brief One member's error, as aggregated in the group result (each failure appears exactly once).
struct member_error
{
    std::size_t index = 0;
    std::string label{};
    bool critical = true;
    error_code error{};
    std::exception_ptr exception{};
    std::string message{};
};

/// \brief The outcome of a whole group.
struct group_result
{
    std::string name{};
    std::vector<member_result> members{}; ///< in the order they were added

    std::size_t succeeded = 0;
    std::size_t failed = 0;   ///< critical members that failed
    std::size_t degraded = 0; ///< non-critical members that failed (recorded, did not stop anything)
    std::size_t stopped = 0;  ///< members the group stopped (not failures)
    std::size_t running = 0;  ///< still running (only in `join_finished()` results)
    std::size_t pending = 0;  ///< not yet started (only in `join_finished()` results)

    stop_cause stop_reason = stop_cause::none; ///< why the group stopped, if it did
    std::string stop_detail{};
    std::optional<std::size_t> first_failure{}; ///< index of the first critical failure: the cause
    std::vector<member_error> errors{};  ///< all member failures (critical and not), in completion order
    std::vector<std::string> unjoined{}; ///< labels still running when `async_join_for` timed out
    std::chrono::steady_clock::duration elapsed{};
    std::uint64_t iterations = 0; ///< sum over members

    /// Every critical member succeeded (non-critical failures allowed) and nothing stopped the group.
    bool ok() const noexcept { return failed == 0 && stopped == 0 && running == 0 && pending == 0; }

    /// The first critical failure, or nullptr.
    const member_result* cause() const noexcept { return first_failure ? &members[*first_failure] : nullptr; }

    /// A human summary: counts, stop cause, the first failure, then one line per failed member.
    std::string describe() const
    {
        std::string s = name.empty() ? std::string("group") : "group '" + name + "'";
        s += ": " + std::to_string(members.size()) + " members, " + std::to_string(succeeded) +
             " succeeded, " + std::to_string(failed) + " failed, " + std::to_string(degraded) +
             " degraded, " + std::to_string(stopped) + " stopped";
        if (running || pending)
            s += ", " + std::to_string(running) + " running, " + std::to_string(pending) + " pending";
        if (stop_reason != stop_cause::none)
        {
            s += "; stopped: " + std::string(to_string(stop_reason));
            if (!stop_detail.empty())
                s += " (" + stop_detail + ")";
        }
        if (auto c = cause())
            s += "; first failure: " + c->label + ": " + c->message;
        for (const auto& e : errors)
            s += "\n  " + std::string(e.critical ? "failed: " : "degraded: ") + e.label + ": " + e.message;
        if (!unjoined.empty())
        {
            s += "\n  still running at the join timeout:";
            for (const auto& u : unjoined)
                s += " " + u;
        }
        return s;
    }
};

} // namespace arangokit

#endif
