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
#include <vector>

namespace arangokit {

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
};

} // namespace arangokit

#endif
