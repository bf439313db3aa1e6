// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_TOOL_RUNNER_HPP
#define ARANGOKIT_PROCESS_TOOL_RUNNER_HPP

#include <arangokit/deadline.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/command.hpp>
#include <arangokit/process/detail/runner_core.hpp>
#include <arangokit/process/runner_config.hpp>
#include <arangokit/process/running_tool.hpp>
#include <arangokit/tool_error.hpp>
#include <arangokit/tool_result.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>

#include <memory>

namespace arangokit {

/// \brief A file or directory that the runner's guardian removes if the program dies while it is held.
/// \details Released (not removed) on destruction: removing it in the normal course is the owner's job.
/// Movable; harmless after the runner is gone.
class path_guard
{
  public:
    path_guard() = default;
    path_guard(std::weak_ptr<detail::runner_core> core, std::filesystem::path p)
        : core_(std::move(core)), path_(std::move(p))
    {
    }
    path_guard(path_guard&& o) noexcept : core_(std::move(o.core_)), path_(std::move(o.path_))
    {
        o.path_.clear();
    }
    path_guard& operator=(path_guard&& o) noexcept
    {
        if (this != &o)
        {
            release();
            core_ = std::move(o.core_);
            path_ = std::move(o.path_);
            o.path_.clear();
        }
        return *this;
    }
    ~path_guard() { release(); }
    const std::filesystem::path& path() const noexcept { return path_; }
    void release()
    {
        if (auto c = core_.lock(); c && !path_.empty())
            c->contain().remove_path(path_);
        path_.clear();
    }

  private:
    std::weak_ptr<detail::runner_core> core_;
    std::filesystem::path path_;
};

/// \brief The I/O object that spawns and supervises child processes on one executor.
/// \details Generic: any executable, not only ArangoDB's tools. A program name is resolved against
/// `runner_config::bin_dirs`, then PATH, before anything is forked; a missing program is an error that
/// names every place searched. Each child gets its own process group, no leaked descriptors
/// (close_range CLOEXEC), a parent-death signal, and both output streams drained concurrently.
///
/// \par Deadlines
/// Every run's effective deadline is the earlier of the runner's global deadline and the run's own
/// `command::timeout` (scaled by `timeout_scale`), counted from the call: time spent waiting for a
/// `max_concurrent` slot counts against it. When it expires the graded stop ends the child and the
/// run completes with `errc::deadline_exceeded` (result.reason == end_reason::deadline).
///
/// \par Containment
/// When the runner spawns its first child it starts a guardian (see `containment_mode`): if this program
/// dies, even by SIGKILL, every descendant of every tool it started is killed within moments (with a cgroup
/// v2: daemons that called setsid too) and the paths registered with `guard_path` are removed. Secrets of
/// ArangoDB tools travel in memory files, so none is ever left on disk. `containment()` says what this
/// runner has and why. The host's SIGCHLD must not be ignored (runs then fail with
/// errc::exit_status_unknown before anything is spawned); a host that is a child subreaper has the orphans
/// of its tools reaped by the runner.
///
/// \par Object lifetimes
/// Destroying the runner SIGKILLs and reaps every child still alive (synchronously), kills what is left in
/// its cgroup, stops its guardian, and reports the children to the event sinks. Outstanding operations then
/// complete with their results when the executor runs again.
///
/// \par Thread safety
/// Distinct objects: safe. Shared objects: unsafe; use one io_context thread or a strand per runner and
/// emit cancellation only on it.
class tool_runner
{
  public:
    using executor_type = boost::asio::any_io_executor;

    explicit tool_runner(executor_type ex, runner_config cfg = {})
        : core_(std::make_shared<detail::runner_core>(ex, std::move(cfg)))
    {
    }
    tool_runner(const tool_runner&) = delete;
    tool_runner& operator=(const tool_runner&) = delete;
    ~tool_runner() { core_->shutdown(); }

    executor_type get_executor() const noexcept { return core_->get_executor(); }
    const runner_config& config() const noexcept { return core_->config(); }

    /// The global deadline for runs started afterwards. An earlier deadline also reaches live runs (their
    /// timers are re-armed); a later one does not extend them: a run's deadline is fixed when it is called.
    void set_global_deadline(deadline d) { core_->set_global_deadline(d); }
    deadline global_deadline() const noexcept { return core_->config().global_deadline; }

    void add_sink(std::shared_ptr<event_sink> s) { core_->add_sink(std::move(s)); }

    /// Sends an event to the sinks (layers above the runner report progress this way).
    void emit(const tool_event& e) { core_->emit(e, e.kind == event_kind::line); }
    /// A callable that emits to the sinks and stays valid as long as anything holds it.
    std::function<void(const tool_event&)> event_emitter() const
    {
        return [core = core_](const tool_event& e) { core->emit(e, e.kind == event_kind::line); };
    }

    /// Children alive right now.
    std::size_t live_count() const noexcept { return core_->live_count(); }
    /// Resource sampling passes run so far (`runner_config::sample_interval`): 0 while sampling is off.
    std::uint64_t sample_ticks() const noexcept { return core_->sample_ticks(); }
    /// Whether a sampling pass is scheduled (never while sampling is off, nor while no run is alive).
    bool sampling_armed() const noexcept { return core_->sampling_armed(); }

    /// What happens to this runner's children if the program dies: the mode in force (a cgroup, process
    /// groups, or off) and why, including why a cgroup could not be had. Starts the guardian if needed.
    const containment_info& containment()
    {
        core_->contain().ensure_started();
        return core_->contain().info();
    }
    /// The guardian's pid (0 before the first spawn or without one); for tests and diagnostics.
    int guardian_pid() const noexcept { return core_->contain().guardian_pid(); }

    /// \brief Registers a file or directory that the guardian removes if the program dies before the guard
    /// is released (for temp data that holds secrets or must not pile up, like a server's data directory).
    /// \details Paths with a newline cannot be registered (the guard is then empty).
    path_guard guard_path(std::filesystem::path p)
    {
        if (!core_->contain().add_path(p))
            return {};
        return path_guard(core_, std::move(p));
    }

    /// Starts the graded stop of every live child (reason: stop_requested).
    void stop_all(std::optional<stop_policy> p = std::nullopt)
    {
        core_->stop_all(end_reason::stop_requested, p);
    }

    /// Resolves a program the way runs do, without spawning. Empty path and `ec` set on failure.
    std::filesystem::path resolve(const std::string& program, error_code& ec, std::string& message) const
    {
        return detail::resolve_program(program, config().bin_dirs, config().search_path, ec, message);
    }

    /// \brief Runs a command to completion: spawn, drain both streams, wait, reap.
    /// \par Handler signature
    /// `void(error_code, tool_result)`. The result is filled in even on failure. `ec` is empty only for
    /// exit code 0; otherwise errc::nonzero_exit, killed_by_signal, deadline_exceeded, stopped,
    /// tool_not_found, not_executable, spawn_failed, or asio::error::operation_aborted for cancellation.
    /// With the default token a failure throws `tool_error`.
    /// \par Cancellation
    /// terminal: the graded stop (SIGINT, grace, SIGTERM, grace, SIGKILL to the process group), then the
    /// run completes with operation_aborted. partial: SIGTERM once; total: SIGINT once; either way the run
    /// completes with operation_aborted when the child has ended (result.last_stop_signal says which signal
    /// was sent). While waiting for a
    /// concurrency slot, any cancellation completes the run at once (nothing spawned).
    /// \par Deadline while queued
    /// The effective deadline counts from the call, also while the run waits for a concurrency slot: if it
    /// passes there, the run completes with errc::deadline_exceeded (result.reason == end_reason::deadline,
    /// nothing spawned) without waiting for a slot.
    template <
        boost::asio::completion_token_for<void(error_code, tool_result)> CompletionToken = default_token>
    auto async_run(command cmd, CompletionToken&& token = {})
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code, tool_result)>(
            [core = core_](auto handler, command cmd) {
                core->launch(std::move(cmd), false, std::move(handler), [](auto& h, auto c, error_code) {
                    c->add_waiter(std::move(h));
                });
            },
            token, std::move(cmd)
        );
    }

    /// \brief Spawns a command and hands out the `running_tool` to stream, feed and wait on it.
    /// \par Handler signature
    /// `void(error_code, running_tool)`. On a spawn failure `ec` is set and the handle's `result()` says
    /// why (the handle is valid but not running).
    /// \par Cancellation
    /// Cancels only the wait for a concurrency slot; once started, the child belongs to the handle. A
    /// deadline that passes while queued completes with errc::deadline_exceeded and a handle that is not
    /// running.
    template <
        boost::asio::completion_token_for<void(error_code, running_tool)> CompletionToken = default_token>
    auto async_start(command cmd, CompletionToken&& token = {})
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code, running_tool)>(
            [core = core_](auto handler, command cmd) {
                core->launch(std::move(cmd), true, std::move(handler), [](auto& h, auto c, error_code ec) {
                    detail::pending_op<void(error_code, running_tool)> op(std::move(h), c->get_executor());
                    op.complete(ec, running_tool(c));
                });
            },
            token, std::move(cmd)
        );
    }

    /// \cond internal
    // For client groups: a member's coroutine may start tools and drop their handles when it ends; the group
    // is over only once those children are reaped too.
    std::uint64_t next_spawn_seq() const noexcept { return core_->next_seq(); }
    bool abandoned_alive_since(std::uint64_t seq) const { return core_->abandoned_alive_since(seq); }
    void watch_abandoned(std::function<void()> f) { core_->watch_abandoned(std::move(f)); }
    /// \endcond

  private:
    std::shared_ptr<detail::runner_core> core_;
};

} // namespace arangokit

#endif
