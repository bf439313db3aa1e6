// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_RUNNER_CONFIG_HPP
#define ARANGOKIT_PROCESS_RUNNER_CONFIG_HPP

#include <arangokit/deadline.hpp>
#include <arangokit/process/tool_event.hpp>
#include <arangokit/stop_policy.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace arangokit {

/// \brief How a runner makes sure that nothing it started outlives the host program, even when the host is
/// killed (SIGKILL, a crash) and no code of ours runs any more.
/// \details In every mode but `off`, each runner starts a guardian (a small `/bin/sh` in its own process
/// group, holding a pipe that only the host writes to) when it spawns its first child. When the host dies
/// the pipe reaches EOF and the guardian kills what the runner registered and removes the files it
/// registered (the simulator's data directory, private files that could not go to memory).
enum class containment_mode
{
    automatic,     ///< a cgroup v2 per runner where the host may create one (root, or a delegated
                   ///< subtree), else process groups; `tool_runner::containment()` says which and why
    cgroup,        ///< as automatic (the cgroup is used whenever it can be created)
    process_group, ///< the guardian kills each live child's process group: a descendant that calls
                   ///< setsid escapes it
    off,           ///< no guardian: only the direct children die with the host (PR_SET_PDEATHSIG)
};

inline const char* to_string(containment_mode m) noexcept
{
    switch (m)
    {
    case containment_mode::automatic:
        return "automatic";
    case containment_mode::cgroup:
        return "cgroup";
    case containment_mode::process_group:
        return "process_group";
    case containment_mode::off:
        return "off";
    }
    return "?";
}

/// What containment a runner actually has (`mode` is never `automatic`), and why.
struct containment_info
{
    containment_mode mode = containment_mode::off;
    std::string note{}; ///< the cgroup's path, or why there is none (the fallback is said here, plainly)
};

/// \brief Settings shared by every run of one `tool_runner`.
struct runner_config
{
    /// Searched in order for a program name without '/', before PATH.
    std::vector<std::filesystem::path> bin_dirs{};
    /// Search the parent's PATH after bin_dirs.
    bool search_path = true;
    /// The global deadline: no run outlives it (each run's effective deadline is the earlier of this and its
    /// own timeout).
    deadline global_deadline{};
    /// Used when a command has no stop policy of its own.
    stop_policy default_stop{};
    /// At most this many children alive at once (0: unlimited); further runs wait their turn, cancellably.
    std::size_t max_concurrent = 0;
    /// Timeouts are multiplied by this (instrumented builds run slower; ArangoDB's harness does the same).
    double timeout_scale = 1.0;
    /// After the leader exited, how long to wait for descendants that escaped the process group and still
    /// hold the output pipes before reading stops.
    std::chrono::milliseconds pipe_linger{2000};
    /// Event sinks (JSON lines, callbacks, ...).
    std::vector<std::shared_ptr<event_sink>> sinks{};
    /// What happens to the runner's children and files if the host program dies (see containment_mode).
    containment_mode containment = containment_mode::automatic;
    /// \brief Resource sampling of every live run (CPU and RSS of its process group, from /proc), at this
    /// interval; zero (the default) turns it off, and then no timer is armed and nothing is read.
    /// \details One timer and one pass over /proc per tick serve every run of the runner. Each sample goes
    /// into the run's `tool_result::sampled` and out as an `event_kind::sample` event.
    std::chrono::milliseconds sample_interval{0};
    /// At most this many points in each run's series (at least 2); a longer run is decimated evenly.
    std::size_t sample_points = 120;
    // No std::string or path members with defaults here, on purpose: g++ 12 copies a defaulted
    // `runner_config{}` argument bitwise when the call also holds a co_await
    // (`tool_runner r(co_await this_coro::executor)`), which only trivially relocatable members survive.
};

} // namespace arangokit

#endif
