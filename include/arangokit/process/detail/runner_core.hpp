// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_RUNNER_CORE_HPP
#define ARANGOKIT_PROCESS_DETAIL_RUNNER_CORE_HPP

// The shared part of a tool_runner: its settings, the registry of live children, the concurrency slots,
// containment, and the orphans a subreaper host inherits. Children and handles keep it alive, so the
// tool_runner object may go first. Runs on the runner's executor only.

#include <arangokit/deadline.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/command.hpp>
#include <arangokit/process/detail/child_state.hpp>
#include <arangokit/process/detail/containment.hpp>
#include <arangokit/process/detail/reap.hpp>
#include <arangokit/process/detail/resolve_program.hpp>
#include <arangokit/process/detail/resource_sampler.hpp>
#include <arangokit/process/detail/slot_semaphore.hpp>
#include <arangokit/process/detail/spawn_plan.hpp>
#include <arangokit/process/runner_config.hpp>
#include <arangokit/process/tool_event.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <memory>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <utility>
#include <vector>

namespace arangokit::detail {

class runner_core final : public child_owner, public std::enable_shared_from_this<runner_core>
{
  public:
    runner_core(boost::asio::any_io_executor e, runner_config c)
        : ex_(e), cfg_(std::move(c)), contain_(cfg_.containment), orphan_timer_(e), sample_timer_(e),
          slots_(std::make_shared<slot_semaphore>(e, cfg_.max_concurrent))
    {
    }
    runner_core(const runner_core&) = delete;
    runner_core& operator=(const runner_core&) = delete;
    ~runner_core()
    {
        if (devnull_fd_ >= 0)
            ::close(devnull_fd_);
    }

    const boost::asio::any_io_executor& get_executor() const noexcept { return ex_; }
    const runner_config& config() const noexcept { return cfg_; }
    std::size_t live_count() const noexcept { return live_.size(); }
    containment& contain() noexcept { return contain_; }
    const containment& contain() const noexcept { return contain_; }
    std::uint64_t next_seq() const noexcept { return next_seq_; }
    /// Sampling passes run so far (0 while sampling is off), and whether the next one is armed.
    std::uint64_t sample_ticks() const noexcept { return sample_ticks_; }
    bool sampling_armed() const noexcept { return sample_armed_; }

    /// The global deadline applies to later runs and to live ones whose deadline it brings forward.
    void set_global_deadline(deadline d)
    {
        cfg_.global_deadline = d;
        for (auto& c : live_)
        {
            deadline eff = earliest(d, c->effective_deadline());
            if (eff != c->effective_deadline())
                c->arm_deadline(eff);
        }
    }
    void add_sink(std::shared_ptr<event_sink> s) { cfg_.sinks.push_back(std::move(s)); }

    /// Starts the graded stop of every live child.
    void stop_all(end_reason why, std::optional<stop_policy> p)
    {
        auto live = live_; // copy: stopping may remove entries
        for (auto& c : live)
            c->begin_stop(why, p);
    }

    /// True while an abandoned child spawned at or after `seq` is still alive.
    bool abandoned_alive_since(std::uint64_t seq) const
    {
        for (const auto& c : live_)
            if (c->abandoned() && c->seq() >= seq && !c->finished())
                return true;
        return false;
    }
    void watch_abandoned(std::function<void()> f) { abandoned_watchers_.push_back(std::move(f)); }

    // ----- child_owner ------------------------------------------------------------------------------------
    bool has_sinks() const noexcept override { return !cfg_.sinks.empty(); }
    void emit(const tool_event& e, bool is_line) override
    {
        for (const auto& s : cfg_.sinks)
            if (s && (!is_line || s->wants_lines()))
                s->on_event(e);
    }
    std::chrono::milliseconds pipe_linger() const noexcept override { return cfg_.pipe_linger; }
    void child_reaped(child_state& c) override
    {
        contain_.remove_group(c.pid());
        if (host_is_subreaper())
        {
            orphan_groups_.push_back(c.pid());
            orphan_round_ = 0;
            reap_orphan_groups();
        }
    }
    void child_finished(const std::shared_ptr<child_state>& c) override
    {
        if (auto it = c->take_registry_pos())
            live_.erase(*it);
        slots_->release();
        if (c->abandoned() && !abandoned_watchers_.empty())
        {
            auto ws = std::move(abandoned_watchers_);
            abandoned_watchers_.clear();
            for (auto& f : ws)
                f();
        }
    }

    /// The run's effective deadline: the earlier of the global deadline and its own (scaled) timeout.
    deadline effective_deadline(const command& cmd) const
    {
        std::optional<std::chrono::milliseconds> to = cmd.timeout;
        if (to && cfg_.timeout_scale != 1.0)
            to = std::chrono::milliseconds(
                static_cast<long long>(static_cast<double>(to->count()) * cfg_.timeout_scale)
            );
        return earliest(cfg_.global_deadline, deadline::after(to));
    }

    /// \brief The initiation of a run: waits for a concurrency slot (cancellable, bounded by the run's
    /// deadline), spawns, and calls `on_spawned(handler, child, ec)`; the child is valid in every case (a
    /// run that never started has a result that says why).
    template <class Handler, class OnSpawned>
    void launch(command cmd, bool streaming, Handler&& handler, OnSpawned on_spawned)
    {
        auto slot = boost::asio::get_associated_cancellation_slot(handler);
        // One deadline for the whole call: the time spent queued for a slot counts against `timeout`.
        deadline d = effective_deadline(cmd);
        auto state = std::make_shared<std::pair<std::decay_t<Handler>, command>>(
            std::forward<Handler>(handler), std::move(cmd)
        );
        // The slot wait has its own completion; the caller's handler travels with it.
        slots_->acquire(
            boost::asio::bind_cancellation_slot(
                slot,
                boost::asio::bind_executor(
                    ex_,
                    [self = shared_from_this(), state, streaming, on_spawned, d](error_code ec) mutable {
                        auto& h = state->first;
                        if (ec && ec != errc::deadline_exceeded)
                        {
                            auto c = self->make_child(std::move(state->second), streaming, d);
                            c->end_unstarted(
                                ec, end_reason::not_started, "cancelled while waiting for a concurrency slot",
                                false
                            );
                            on_spawned(h, c, ec);
                            return;
                        }
                        // Expired in the queue: the same not-spawned result as a deadline that had
                        // passed before the start (argv resolved and reported, no slot taken).
                        bool holds_slot = !ec;
                        error_code sec;
                        auto c = self->spawn(std::move(state->second), streaming, sec, d);
                        if (sec && holds_slot)
                            self->slots_->release();
                        on_spawned(h, c, sec);
                    }
                )
            ),
            d
        );
    }

    /// \brief Spawns now. `effective`: the run's deadline, computed once when the call was made, so a run
    /// that queued for a slot is not given its whole `timeout` again. A deadline that has passed (in the
    /// queue or before) means nothing is spawned.
    std::shared_ptr<child_state> spawn(command cmd, bool streaming, error_code& ec, deadline effective);

    /// Kills and reaps every child still alive, synchronously, and everything left in the cgroup.
    void shutdown();

  private:
    std::shared_ptr<child_state> make_child(command cmd, bool streaming, deadline d)
    {
        bool lines = false;
        for (const auto& s : cfg_.sinks)
            lines = lines || (s && s->wants_lines());
        stop_policy p = cmd.stop.value_or(cfg_.default_stop);
        return std::make_shared<child_state>(ex_, shared_from_this(), std::move(cmd), streaming, lines, p, d);
    }

    static bool host_is_subreaper() noexcept
    {
        int v = 0;
        return ::prctl(PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0) == 0 && v != 0;
    }
    // Reaps, without blocking, the children of ours in each watched group (the orphans a subreaper host
    // inherits). A group is dropped once nothing is left in it; a group that is a live run's own is skipped
    // (its leader is ours to reap with its rusage).
    void reap_orphan_groups()
    {
        std::erase_if(orphan_groups_, [this](pid_t pg) {
            for (const auto& c : live_)
                if (c->pid() == pg && !c->reaped())
                    return false;
            siginfo_t si{};
            while (::waitid(P_PGID, static_cast<id_t>(pg), &si, WEXITED | WNOHANG) == 0 && si.si_pid != 0)
                si = {};
            return ::kill(-pg, 0) != 0 && errno == ESRCH;
        });
        if (orphan_groups_.empty() || orphan_timer_armed_)
            return;
        // Killed descendants take a moment to exit: look again, less often, but at least every 100 ms, so an
        // orphan that dies late (a loaded machine) is not left a zombie for long.
        orphan_timer_armed_ = true;
        orphan_timer_.expires_after(
            std::chrono::milliseconds(std::min(100, 10 << std::min(orphan_round_++, 4)))
        );
        orphan_timer_.async_wait([w = weak_from_this()](error_code ec) {
            auto self = w.lock();
            if (!self)
                return;
            self->orphan_timer_armed_ = false;
            if (!ec)
                self->reap_orphan_groups();
        });
    }

    // ----- resource sampling: one timer and one /proc pass per tick for every live run -------------------
    void arm_sampler()
    {
        if (sample_armed_ || cfg_.sample_interval.count() <= 0)
            return;
        sample_armed_ = true;
        sample_timer_.expires_after(cfg_.sample_interval);
        sample_timer_.async_wait([w = weak_from_this()](error_code ec) {
            auto self = w.lock();
            if (!self)
                return;
            self->sample_armed_ = false;
            if (!ec)
                self->sample_tick();
        });
    }
    void sample_tick()
    {
        ++sample_ticks_;
        groups_.clear();
        for (const auto& c : live_)
            if (!c->reaped() && c->pid() > 0)
                groups_.push_back(c->pid());
        if (groups_.empty())
            return; // nothing live: the next spawn arms the timer again
        std::sort(groups_.begin(), groups_.end());
        // Inside the runner's cgroup the pass reads only its members' stat files: the cost then follows the
        // runner's processes, not the host's. Without one, every process in /proc.
        std::vector<pid_t> members;
        bool narrowed = contain_.info().mode == containment_mode::cgroup;
        if (narrowed)
            members = contain_.cgroup_pids();
        scanner_.scan(groups_, usage_, narrowed ? &members : nullptr);
        // A copy of the live list: sample events reach sinks, which may start or stop runs.
        std::vector<std::shared_ptr<child_state>> sampled(live_.begin(), live_.end());
        for (const auto& c : sampled)
        {
            auto it = std::lower_bound(groups_.begin(), groups_.end(), c->pid());
            if (it != groups_.end() && *it == c->pid())
                c->record_sample(usage_[static_cast<std::size_t>(it - groups_.begin())], cfg_.sample_points);
        }
        arm_sampler();
    }

    boost::asio::any_io_executor ex_;
    runner_config cfg_;
    child_state::registry live_;
    bool closed_ = false;
    int devnull_fd_ = -1; // stdin of every child without one of its own: opened once, not per spawn
    containment contain_;
    std::uint64_t next_seq_ = 1;
    // Callbacks of client groups waiting for abandoned children (handles dropped before the end) to be gone.
    std::vector<std::function<void()>> abandoned_watchers_;
    // A subreaper host inherits the orphans of its tools: their process groups are reaped here until empty.
    std::vector<pid_t> orphan_groups_;
    boost::asio::steady_timer orphan_timer_;
    bool orphan_timer_armed_ = false;
    int orphan_round_ = 0;
    boost::asio::steady_timer sample_timer_;
    bool sample_armed_ = false;
    std::uint64_t sample_ticks_ = 0;
    proc_scanner scanner_;
    std::vector<pid_t> groups_;
    std::vector<group_usage> usage_;
    std::shared_ptr<slot_semaphore> slots_;
};

inline std::shared_ptr<child_state>
runner_core::spawn(command cmd, bool streaming, error_code& ec, deadline effective)
{
    ec = {};
    auto c = make_child(std::move(cmd), streaming, effective);
    const command& k = c->cmd();
    auto fail = [&](error_code e, end_reason r, std::string msg) {
        ec = e;
        c->end_unstarted(e, r, std::move(msg));
        return c;
    };

    spawn_plan plan(k);
    bool resolved = plan.resolve(cfg_.bin_dirs, cfg_.search_path);
    c->set_argv(std::move(plan.shown_argv()), resolved ? plan.executable() : std::filesystem::path());
    if (!resolved)
        return fail(plan.error(), plan.reason(), plan.message());
    if (closed_)
        return fail(
            boost::asio::error::operation_aborted, end_reason::not_started, "the runner is shutting down"
        );
    // Checked at every spawn (the disposition may change at any time): the run would happen, but its
    // result would be a lie.
    if (sigchld_ignored())
        return fail(errc::exit_status_unknown, end_reason::not_started, sigchld_ignored_message);
    if (effective.expired())
        return fail(
            errc::deadline_exceeded, end_reason::deadline,
            "the deadline had passed before the tool could be started"
        );
    bool opened = plan.open_descriptors(devnull_fd_);
    c->note_logs();
    if (!opened)
        return fail(plan.error(), plan.reason(), plan.message());
    contain_.ensure_started();
    if (!plan.launch(contain_.cgroup_dir_fd(), contain_.cgroup_procs_fd(), contain_.info().note))
        return fail(plan.error(), plan.reason(), plan.message());
    contain_.add_group(plan.pid());
    c->set_registry_pos(live_.insert(live_.end(), c));
    c->set_sample_interval(cfg_.sample_interval);
    c->launched(plan, next_seq_++);
    arm_sampler();
    return c;
}

inline void runner_core::shutdown()
{
    closed_ = true;
    slots_->abort_all();
    // The safety net: whatever is still alive is killed and reaped now, synchronously.
    for (auto& c : live_)
        if (c->kill_and_reap_now())
            contain_.remove_group(c->pid());
    // Descendants that left their process groups are still in the runner's cgroup: they go too. A subreaper
    // host inherited them, so they are reaped here (waitpid on a pid that is not our child fails at once).
    std::vector<pid_t> rest = contain_.cgroup_pids();
    contain_.kill_cgroup();
    for (pid_t p : rest)
        while (::waitpid(p, nullptr, 0) < 0 && errno == EINTR)
        {
        }
    if (host_is_subreaper())
        for (pid_t pg : orphan_groups_)
        {
            siginfo_t si{};
            while (::waitid(P_PGID, static_cast<id_t>(pg), &si, WEXITED | WNOHANG) == 0 && si.si_pid != 0)
                si = {};
        }
    orphan_timer_.cancel();
    sample_timer_.cancel();
    contain_.close();
}

} // namespace arangokit::detail

#endif
