// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_CONCURRENCY_GROUP_POLICY_HPP
#define ARANGOKIT_CONCURRENCY_GROUP_POLICY_HPP

#include <arangokit/deadline.hpp>
#include <arangokit/output_line.hpp>
#include <arangokit/stop_policy.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace arangokit {

struct group_event;

/// \brief What a `client_group` does when a critical member fails.
enum class group_policy
{
    /// Every member runs to its end; failures are recorded as data (asyncio.gather, cobalt::gather).
    wait_all,
    /// The first failure of a critical member stops all the others with the graded stop; they are
    /// reported as stopped because of that failure, not as failures (Trio nursery, asyncio.TaskGroup).
    stop_on_failure,
};

inline const char* to_string(group_policy p) noexcept
{
    return p == group_policy::wait_all ? "wait_all" : "stop_on_failure";
}

/// \brief Settings of one `client_group`.
struct group_options
{
    group_policy on_failure = group_policy::wait_all;
    /// The group's own time limit, counted from construction. The effective deadline is the earliest of this,
    /// `until`, the enclosing group's deadline and the runner's global deadline.
    std::optional<std::chrono::milliseconds> timeout{};
    deadline until{};
    /// How members are stopped when the group stops; empty: each member's own (its command's, or the
    /// runner's default). Tool members get it through `running_tool::request_stop`.
    std::optional<stop_policy> stop{};
    /// Stop the group when the program receives SIGINT or SIGTERM (an `asio::signal_set` while members run).
    bool stop_on_signals = false;
    /// If set, each tool member whose command has no log of its own tees stdout and stderr to
    /// `<log_dir>/<label>-<index>.log` (created if missing). `cleanup()` keeps the logs of failed members.
    std::filesystem::path log_dir{};
    /// A name for reports and events.
    std::string name{};
    /// Called on the group's executor for every change (member started / finished / iterations / stop).
    std::function<void(const group_event&)> on_event{};
};

/// \brief Per-member settings.
struct member_options
{
    /// A name for reports; defaults to the command's label, or "member-<index>".
    std::string label{};
    /// A non-critical member's failure is recorded (graceful degradation) but never stops the group and
    /// never makes the group fail.
    bool critical = true;
    /// Tool members: each output line matching this counts one iteration; if the pattern has a capture
    /// group that matched digits, their value *sets* the iteration count instead (e.g. `done (\d+)`).
    std::optional<std::regex> iteration_pattern{};
    /// Tool members: a line handler returning the new absolute iteration count, if the line carries one
    /// (e.g. parsing a JSON `done` document). Runs after `iteration_pattern`.
    std::function<std::optional<std::uint64_t>(const output_line&)> iteration_parser{};
    /// Where this member's log is (set automatically for tool members under `group_options::log_dir`).
    std::filesystem::path log_file{};
    /// Files that belong to the member (scripts, temp files): `cleanup()` removes them whatever the outcome.
    std::vector<std::filesystem::path> temp_files{};
};

} // namespace arangokit

#endif
