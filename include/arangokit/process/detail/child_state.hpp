// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_CHILD_STATE_HPP
#define ARANGOKIT_PROCESS_DETAIL_CHILD_STATE_HPP

// One supervised child: its pidfd, its deadline and graded stop, its output reader, and the operations
// waiting for its result. Everything runs on the runner's executor (one thread or a strand): no locks, and
// cancellation is only ever emitted there. The runner core owns the registry of live children; a child
// reaches it only through `child_owner`.

#include <arangokit/deadline.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/command.hpp>
#include <arangokit/process/detail/environment.hpp>
#include <arangokit/process/detail/output_reader.hpp>
#include <arangokit/process/detail/reap.hpp>
#include <arangokit/process/detail/resource_sampler.hpp>
#include <arangokit/process/detail/spawn.hpp>
#include <arangokit/process/detail/spawn_plan.hpp>
#include <arangokit/process/tool_event.hpp>
#include <arangokit/stop_policy.hpp>
#include <arangokit/tool_result.hpp>

#include <arangokit/detail/pending_op.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arangokit::detail {

class child_state;

/// What a child needs from whoever owns it (the runner core): its sinks, its settings, and to be told when
/// the child was reaped and when it is over.
class child_owner
{
  public:
    virtual bool has_sinks() const noexcept = 0;
    virtual void emit(const tool_event& e, bool is_line) = 0;
    virtual std::chrono::milliseconds pipe_linger() const noexcept = 0;
    /// The child's exit status was collected (its process group may still hold descendants).
    virtual void child_reaped(child_state& c) = 0;
    /// The run is over: reaped, output drained, waiters completed.
    virtual void child_finished(const std::shared_ptr<child_state>& c) = 0;

  protected:
    ~child_owner() = default;
};

class child_state : public std::enable_shared_from_this<child_state>
{
  public:
    using registry = std::list<std::shared_ptr<child_state>>;

    /// A run of `cmd`, not started yet. `effective`: its deadline, computed once when the call was made.
    child_state(
        boost::asio::any_io_executor ex,
        std::shared_ptr<child_owner> owner,
        command cmd,
        bool streaming,
        bool sinks_want_lines,
        stop_policy policy,
        deadline effective
    )
        : ex_(ex), owner_(std::move(owner)), cmd_(std::move(cmd)), policy_(policy), effective_(effective),
          pidfd_(ex), in_pipe_(ex), deadline_timer_(ex), stop_timer_(ex),
          reader_(ex, cmd_, result_.out, result_.err)
    {
        result_.label =
            cmd_.label.empty() ? std::filesystem::path(cmd_.program).filename().string() : cmd_.label;
        result_.started_at = std::chrono::system_clock::now();
        t0_ = std::chrono::steady_clock::now();
        reader_.channel().set_streaming(streaming);
        if (sinks_want_lines)
            reader_.set_line_events([this](stream_id s, std::string text) {
                emit(event_kind::line, std::move(text), 0, s);
            });
    }
    child_state(const child_state&) = delete;
    child_state& operator=(const child_state&) = delete;

    // ----- what anyone may read ---------------------------------------------------------------------------
    const tool_result& result() const noexcept { return result_; }
    const command& cmd() const noexcept { return cmd_; }
    int pid() const noexcept { return result_.pid; }
    const std::string& label() const noexcept { return result_.label; }
    const boost::asio::any_io_executor& get_executor() const noexcept { return ex_; }
    bool reaped() const noexcept { return reaped_; }
    /// Spawned and not reaped yet (a run that never started is not running).
    bool running() const noexcept { return !reaped_ && !finished_; }
    bool finished() const noexcept { return finished_; }
    bool abandoned() const noexcept { return abandoned_; }
    std::uint64_t seq() const noexcept { return seq_; }
    deadline effective_deadline() const noexcept { return effective_; }
    error_code final_ec() const { return spawn_error_ ? spawn_error_ : result_.classify(); }

    // ----- the runner core's side -------------------------------------------------------------------------

    /// \brief Ends a run that never started: the one place a "not started" result is built.
    /// \param report emit `spawn_failed` to the sinks (not for a run cancelled before it was tried).
    void end_unstarted(error_code ec, end_reason why, std::string message, bool report = true)
    {
        spawn_error_ = ec;
        result_.reason = why;
        result_.error_message = std::move(message);
        result_.finished_at = std::chrono::system_clock::now();
        finished_ = true;
        reader_.channel().mark_ended();
        if (report)
            emit(event_kind::spawn_failed, result_.error_message);
    }
    /// What the result reports of argv and the executable (already redacted).
    void set_argv(std::vector<std::string> shown, std::filesystem::path exe = {})
    {
        result_.argv = std::move(shown);
        if (!exe.empty())
            result_.executable = std::move(exe);
    }
    /// The log files named by the command, as the result reports them.
    void note_logs()
    {
        if (!cmd_.stdout_log.empty())
            result_.out.log_file = cmd_.stdout_log;
        if (!cmd_.stderr_log.empty())
            result_.err.log_file = cmd_.stderr_log;
    }
    /// Takes over what a successful `plan.launch()` produced and starts supervising.
    void launched(spawn_plan& plan, std::uint64_t seq)
    {
        result_.pid = plan.pid();
        seq_ = seq;
        pidfd_.assign(plan.take_pidfd());
        bool shared = plan.logs_shared();
        int out_log = plan.take_stdout_log();
        reader_.adopt_logs(out_log, plan.take_stderr_log(), shared);
        if (int in = plan.take_stdin(); in >= 0)
        {
            in_pipe_.assign(in);
            error_code nb;
            in_pipe_.non_blocking(true, nb);
        }
        int out = plan.take_stdout();
        int err = plan.take_stderr();
        if (owner_->has_sinks())
            emit(event_kind::started, result_.command_line());
        reader_.start(out, err, shared_from_this());
        boost::asio::co_spawn(ex_, supervise(), boost::asio::detached);
        arm_deadline(effective_);
    }
    /// Its place in the owner's registry (O(1) removal: stopping 1000 members at once must not scan).
    void set_registry_pos(registry::iterator it) noexcept
    {
        live_pos_ = it;
        in_live_ = true;
    }
    std::optional<registry::iterator> take_registry_pos() noexcept
    {
        if (!in_live_)
            return std::nullopt;
        in_live_ = false;
        return live_pos_;
    }
    /// \brief SIGKILLs the group and reaps now, blocking (the owner is going away).
    /// \returns false if it was reaped already.
    bool kill_and_reap_now()
    {
        if (reaped_)
            return false;
        signal_group(result_.pid, SIGKILL);
        result_.last_stop_signal = SIGKILL;
        if (pending_ == end_reason::not_started)
            pending_ = end_reason::stop_requested;
        reap();
        result_.notes.push_back("killed and reaped when its tool_runner was destroyed");
        emit(event_kind::killed, "tool_runner destroyed", SIGKILL);
        error_code ignored;
        pidfd_.cancel(ignored);
        stop_timer_.cancel();
        deadline_timer_.cancel();
        return true;
    }

    /// \brief One sampling pass's figures for this run's process group: kept in the result, reported.
    void record_sample(const group_usage& u, std::size_t max_points)
    {
        if (reaped_ || u.processes == 0)
            return;
        resource_sample x = sample_clock_.make(u, std::chrono::steady_clock::now() - t0_);
        add_sample(result_.sampled, x, max_points);
        if (!owner_->has_sinks())
            return;
        tool_event e;
        e.kind = event_kind::sample;
        e.label = result_.label;
        e.pid = result_.pid;
        e.when = std::chrono::system_clock::now();
        e.sample = &x;
        owner_->emit(e, false);
    }
    void set_sample_interval(std::chrono::milliseconds i) noexcept { result_.sampled.interval = i; }

    // ----- control ----------------------------------------------------------------------------------------

    /// (Re)arms the deadline timer; a re-arm cancels the previous wait.
    void arm_deadline(deadline d);
    /// Starts the graded stop (the command's policy unless `p`); a stricter request overrides a running one.
    void begin_stop(end_reason why, std::optional<stop_policy> p = std::nullopt);
    void kill_now(end_reason why) { begin_stop(why, stop_policy::kill_now()); }
    /// What a cancellation of a result wait does: terminal, the graded stop; partial, SIGTERM; total, SIGINT.
    void on_cancel(boost::asio::cancellation_type t);

    // ----- the handle's side ------------------------------------------------------------------------------

    /// Output is no longer delivered (still counted, teed and tailed).
    void stop_streaming() { reader_.channel().discard(shared_from_this()); }
    template <class Handler> void read_line(Handler&& h)
    {
        reader_.channel().read_line(std::forward<Handler>(h), shared_from_this());
    }
    template <class Handler> void read_batch(Handler&& h)
    {
        reader_.channel().read_batch(std::forward<Handler>(h), shared_from_this());
    }
    void recycle(std::string b) { reader_.channel().recycle(std::move(b)); }
    boost::asio::posix::stream_descriptor& stdin_pipe() noexcept { return in_pipe_; }
    void close_stdin()
    {
        error_code ignored;
        in_pipe_.close(ignored);
    }

    /// \brief Parks `handler(error_code, tool_result)` until the run is over (at once if it is). A
    /// cancellation of the handler's slot acts on the child (`on_cancel`).
    template <class Handler> void add_waiter(Handler&& handler)
    {
        pending_op<void(error_code, tool_result)> op(std::forward<Handler>(handler), ex_);
        if (finished_)
        {
            op.complete(final_ec(), result_);
            return;
        }
        op.on_cancel([w = weak_from_this(), ex = ex_](boost::asio::cancellation_type t) {
            boost::asio::post(ex, [w, t] {
                if (auto s = w.lock())
                    s->on_cancel(t);
            });
        });
        waiters_.push_back(std::move(op));
    }
    /// The handle's wait: the handle's end no longer stops the child, and output is no longer delivered.
    template <class Handler> void wait(Handler&& handler)
    {
        waited_ = true;
        stop_streaming();
        add_waiter(std::forward<Handler>(handler));
    }
    /// The handle went away before the end: the runner finishes the child alone (graded stop unless waited).
    void abandon()
    {
        if (finished_)
            return;
        stop_streaming();
        abandoned_ = true;
        if (!waited_)
            begin_stop(end_reason::stop_requested);
    }

  private:
    void emit(event_kind k, std::string text = {}, int sig = 0, stream_id s = stream_id::out);
    void send_signal(int sig);
    /// The one blocking reap (the child has exited or was just SIGKILLed).
    void reap()
    {
        reap_into(result_.pid, result_, pending_);
        reaped_ = true;
    }
    boost::asio::awaitable<void> supervise();
    boost::asio::awaitable<void> stop_sequence(stop_policy p);
    void complete_waiters();

    boost::asio::any_io_executor ex_;
    std::shared_ptr<child_owner> owner_;
    command cmd_;
    stop_policy policy_;
    deadline effective_;
    tool_result result_;
    std::chrono::steady_clock::time_point t0_{};
    sample_clock sample_clock_{};

    boost::asio::posix::stream_descriptor pidfd_;
    boost::asio::posix::stream_descriptor in_pipe_;
    boost::asio::steady_timer deadline_timer_, stop_timer_;
    output_reader reader_; // after cmd_ and result_, which it refers to

    bool reaped_ = false;
    bool finished_ = false;
    bool stop_running_ = false;
    std::chrono::steady_clock::time_point stop_anchor_{}; // graces count from here
    end_reason pending_ = end_reason::not_started;
    bool waited_ = false;    // async_wait was initiated: the handle's end does not stop the child
    bool abandoned_ = false; // its running_tool went away before the end: the runner finishes it alone
    std::uint64_t seq_ = 0;  // spawn order in the runner (groups wait for abandoned children by it)
    bool in_live_ = false;
    registry::iterator live_pos_{};
    std::vector<pending_op<void(error_code, tool_result)>> waiters_;
    error_code spawn_error_; // set when the run never started
};

// ---------------------------------------------------------------------------------------------------------

inline void child_state::emit(event_kind k, std::string text, int sig, stream_id s)
{
    if (!owner_->has_sinks())
        return;
    tool_event e;
    e.kind = k;
    e.label = result_.label;
    e.pid = result_.pid;
    e.when = std::chrono::system_clock::now();
    // Line texts come out of the splitter's buffer, which is already redacted (or raw on request).
    e.text = cmd_.secrets.empty() || k == event_kind::line ? std::move(text)
                                                           : redact(std::move(text), cmd_.secrets);
    e.signal = sig;
    e.stream = s;
    e.effective_deadline = effective_;
    if (k == event_kind::finished || k == event_kind::spawn_failed)
        e.result = &result_;
    owner_->emit(e, k == event_kind::line);
}

inline void child_state::send_signal(int sig)
{
    if (reaped_ || result_.pid <= 0)
        return;
    signal_group(result_.pid, sig);
    result_.last_stop_signal = sig;
    emit(sig == SIGKILL ? event_kind::killed : event_kind::stopped, {}, sig);
}

inline void child_state::arm_deadline(deadline d)
{
    effective_ = d;
    if (d.is_none())
        return;
    deadline_timer_.expires_at(d.time());
    std::weak_ptr<child_state> w = shared_from_this();
    deadline_timer_.async_wait([w](error_code ec) {
        auto s = w.lock();
        if (ec || !s || s->reaped_)
            return;
        s->emit(event_kind::timed_out);
        s->begin_stop(end_reason::deadline);
    });
}

inline void child_state::begin_stop(end_reason why, std::optional<stop_policy> p)
{
    if (reaped_ || finished_)
        return;
    if (pending_ == end_reason::not_started)
        pending_ = why;
    stop_policy sp = p.value_or(policy_);
    if (stop_running_)
    {
        // A stricter request (an immediate kill) overrides a stop already under way.
        if (sp.interrupt_grace.count() == 0 && sp.terminate_grace.count() == 0)
            send_signal(SIGKILL);
        return;
    }
    stop_running_ = true;
    // A deadline stop counts its graces from the deadline itself, not from when its timer was serviced, so
    // timer latency is paid once rather than once per step.
    auto now = std::chrono::steady_clock::now();
    bool from_deadline = why == end_reason::deadline && !effective_.is_none() && effective_.time() < now;
    stop_anchor_ = from_deadline ? effective_.time() : now;
    boost::asio::co_spawn(ex_, stop_sequence(sp), boost::asio::detached);
}

inline void child_state::on_cancel(boost::asio::cancellation_type t)
{
    using ct = boost::asio::cancellation_type;
    if (reaped_ || finished_)
        return;
    if ((t & ct::terminal) != ct::none)
        begin_stop(end_reason::cancelled);
    else if ((t & ct::partial) != ct::none)
    {
        if (pending_ == end_reason::not_started)
            pending_ = end_reason::cancelled;
        send_signal(SIGTERM);
    }
    else if ((t & ct::total) != ct::none)
    {
        if (pending_ == end_reason::not_started)
            pending_ = end_reason::cancelled;
        send_signal(SIGINT);
    }
}

inline boost::asio::awaitable<void> child_state::stop_sequence(stop_policy p)
{
    auto self = shared_from_this();
    struct step
    {
        int sig;
        std::chrono::milliseconds grace;
    };
    step steps[2];
    int n = 0;
    if (p.send_interrupt && p.interrupt_grace.count() > 0)
        steps[n++] = {SIGINT, p.interrupt_grace};
    if (p.terminate_grace.count() > 0)
        steps[n++] = {SIGTERM, p.terminate_grace};
    for (int i = 0; i < n; ++i)
    {
        if (reaped_)
            co_return;
        send_signal(steps[i].sig);
        stop_anchor_ += steps[i].grace;
        stop_timer_.expires_at(stop_anchor_);
        co_await stop_timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        if (reaped_)
            co_return;
    }
    send_signal(SIGKILL);
}

inline boost::asio::awaitable<void> child_state::supervise()
{
    auto self = shared_from_this();
    auto [ec] = co_await pidfd_.async_wait(
        boost::asio::posix::stream_descriptor::wait_read, boost::asio::as_tuple(boost::asio::use_awaitable)
    );
    (void)ec;
    if (!reaped_)
    {
        // The leader is a zombie and still holds the pgid: killing the group now cannot hit a recycled one.
        if (cmd_.kill_group_on_exit)
            signal_group(result_.pid, SIGKILL);
        reap();
        owner_->child_reaped(*this);
    }
    result_.finished_at = std::chrono::system_clock::now();
    result_.elapsed = std::chrono::steady_clock::now() - t0_;
    {
        error_code ignored;
        pidfd_.close(ignored);
    }
    deadline_timer_.cancel();
    stop_timer_.cancel();
    co_await reader_.wait_closed(owner_->pipe_linger(), result_.notes);
    close_stdin();
    if (result_.out.long_lines || result_.err.long_lines)
        result_.notes.push_back(
            std::to_string(result_.out.long_lines + result_.err.long_lines) + " line(s) longer than " +
            std::to_string(cmd_.max_line_length) + " bytes were delivered in pieces"
        );
    co_await reader_.channel().send_eof();
    finished_ = true;
    if (owner_->has_sinks()) // the text is built only for someone who reads it
        emit(event_kind::finished, result_.describe());
    complete_waiters();
    owner_->child_finished(self);
}

inline void child_state::complete_waiters()
{
    auto ws = std::move(waiters_);
    waiters_.clear();
    for (auto& w : ws)
        w.complete(final_ec(), result_);
}

} // namespace arangokit::detail

#endif
