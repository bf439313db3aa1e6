// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_CONCURRENCY_DETAIL_GROUP_STATE_HPP
#define ARANGOKIT_CONCURRENCY_DETAIL_GROUP_STATE_HPP

// The shared state of a client_group. Members' completion handlers keep it alive, so the group object may go
// away first. Everything runs on the group's executor: no locks, cancellation emitted only there.

#include <arangokit/concurrency/group_event.hpp>
#include <arangokit/concurrency/group_policy.hpp>
#include <arangokit/concurrency/group_result.hpp>
#include <arangokit/concurrency/stop_source.hpp>
#include <arangokit/deadline.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/running_tool.hpp>
#include <arangokit/process/tool_runner.hpp>

#include <arangokit/detail/pending_op.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/experimental/channel_error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <csignal>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arangokit::detail {

struct member_state
{
    member_result res{};
    member_options opts{};
    std::optional<running_tool> tool{};     // set while a tool member's child is alive
    bool starting = false;                  // a tool member waiting in async_start
    boost::asio::cancellation_signal sig{}; // awaitable members, and tool members while starting
    std::chrono::steady_clock::time_point t0{};
    bool killed = false;
    bool cancel_sent = false; // an awaitable member was sent the stop (terminal cancellation)
    // A typed member's run: turns the end into its typed report, may change the error and the message. It is
    // called once and dropped then, so the run's state (parser, private files) goes with the member's end.
    std::function<void(error_code&, std::string&, tool_result&)> finish_run{};

    // Gives a typed member's run its result; a member that never produced one (not started) gets the result
    // that says so.
    void run_finisher(error_code& ec, std::string& message)
    {
        if (!finish_run)
            return;
        if (!res.tool)
        {
            tool_result r;
            r.label = res.label;
            r.reason = end_reason::not_started;
            r.error_message = message.empty() ? ec.message() : message;
            res.tool = std::move(r);
        }
        auto f = std::move(finish_run);
        finish_run = nullptr;
        f(ec, message, *res.tool);
    }
};

struct group_waiter
{
    pending_op<void(error_code, group_result)> op;
    std::shared_ptr<boost::asio::steady_timer> join_timer{};
    bool cancelled = false;
    std::uint64_t id = 0;
};

struct group_state : std::enable_shared_from_this<group_state>
{
    group_state(boost::asio::any_io_executor e, tool_runner* r, group_options o, stop_source s)
        : ex(e), runner(r), opts(std::move(o)), stop(std::move(s)), deadline_timer(e)
    {
    }

    boost::asio::any_io_executor ex{};
    tool_runner* runner{};
    group_options opts{};
    stop_source stop{};
    stop_source::registration stop_reg{};
    deadline effective{};
    boost::asio::steady_timer deadline_timer;
    std::optional<boost::asio::signal_set> signals{};
    std::vector<std::unique_ptr<member_state>> members{};
    std::size_t active = 0;
    std::vector<group_waiter> waiters{};
    std::uint64_t next_waiter = 1;
    std::optional<std::size_t> first_failure{};
    std::vector<member_error> errors{};
    std::vector<std::string> unjoined{};
    std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point t_end{};
    bool watching = false;
    std::weak_ptr<group_state> parent{};
    std::vector<std::weak_ptr<group_state>> kids{};
    std::uint64_t first_seq = 0;     // the runner's spawn counter when the group was made
    bool watching_abandoned = false; // a callback waits for the runner to reap dropped children

    // Nested groups count as part of their parent's scope: the parent completes only once they are idle too,
    // even when the member that owned a nested group was cancelled before awaiting it.
    bool idle() const
    {
        if (active > 0)
            return false;
        for (const auto& w : kids)
            if (auto k = w.lock(); k && !k->idle())
                return false;
        return true;
    }

    // Children that members started themselves and dropped with their coroutine (a running_tool going out
    // of scope) are stopped by the runner in the background: the scope is not over until they are reaped.
    bool children_left()
    {
        if (!runner || !runner->abandoned_alive_since(first_seq))
            return false;
        if (!watching_abandoned)
        {
            watching_abandoned = true;
            std::weak_ptr<group_state> w = weak_from_this();
            runner->watch_abandoned([w] {
                if (auto s = w.lock())
                {
                    s->watching_abandoned = false;
                    s->maybe_complete();
                }
            });
        }
        return true;
    }

    void maybe_complete()
    {
        if (!idle() || children_left())
            return;
        t_end = std::chrono::steady_clock::now();
        if (!waiters.empty())
        {
            group_event e;
            e.kind = group_event_kind::finished;
            e.iterations = total_iterations();
            emit(std::move(e));
        }
        complete_waiters();
        if (auto p = parent.lock())
            p->maybe_complete();
    }

    void emit(group_event e)
    {
        if (!opts.on_event)
            return;
        e.group = opts.name;
        std::size_t running = 0, done = 0;
        for (auto& m : members)
        {
            running += m->res.outcome == member_outcome::running;
            done += m->res.done();
        }
        e.running = running;
        e.done = done;
        opts.on_event(e);
    }

    void emit_member(group_event_kind k, const member_state& m)
    {
        group_event e;
        e.kind = k;
        e.index = m.res.index;
        e.label = m.res.label;
        e.outcome = m.res.outcome;
        e.iterations = m.res.iterations;
        emit(std::move(e));
    }

    void set_iterations(std::size_t i, std::uint64_t n)
    {
        if (i >= members.size())
            return;
        auto& m = *members[i];
        if (m.res.iterations == n)
            return;
        m.res.iterations = n;
        emit_member(group_event_kind::iterations, m);
    }

    // Watchers (deadline timer, signal set) run only while members are active, so an idle group never keeps
    // the io_context busy.
    void start_watching()
    {
        if (watching)
            return;
        watching = true;
        std::weak_ptr<group_state> w = weak_from_this();
        if (!effective.is_none())
        {
            deadline_timer.expires_at(effective.time());
            deadline_timer.async_wait([w](error_code ec) {
                auto s = w.lock();
                if (!ec && s)
                    s->stop.request_stop(stop_cause::deadline, "the group's deadline passed");
            });
        }
        if (opts.stop_on_signals)
        {
            signals.emplace(ex, SIGINT, SIGTERM);
            signals->async_wait([w](error_code ec, int sig) {
                auto s = w.lock();
                if (!ec && s)
                    s->stop.request_stop(
                        stop_cause::signal, sig == SIGINT ? "received SIGINT" : "received SIGTERM"
                    );
            });
        }
    }
    void stop_watching()
    {
        if (!watching)
            return;
        watching = false;
        deadline_timer.cancel();
        if (signals)
        {
            error_code ignored;
            signals->cancel(ignored);
            signals.reset();
        }
    }

    void stop_member(member_state& m, bool kill)
    {
        if (m.res.done())
            return;
        if (m.tool && m.tool->running())
        {
            if (kill)
                m.tool->kill();
            else
                m.tool->request_stop(opts.stop);
        }
        else if (!m.res.is_tool || m.starting)
        {
            m.cancel_sent = true;
            m.sig.emit(boost::asio::cancellation_type::terminal);
        }
    }

    // The one place every stop source ends in.
    void on_stop(stop_cause why)
    {
        bool kill = why == stop_cause::forced;
        group_event e;
        e.kind = group_event_kind::stop_requested;
        e.cause = why;
        emit(std::move(e));
        for (std::size_t i = 0; i < members.size(); ++i)
            stop_member(*members[i], kill);
    }

    void force_kill()
    {
        for (auto& m : members)
            if (!m->killed)
            {
                m->killed = true;
                stop_member(*m, true);
            }
    }

    member_state& add_member(member_options mo, bool is_tool, std::string default_label)
    {
        auto m = std::make_unique<member_state>();
        m->res.index = members.size();
        m->res.label = !mo.label.empty()        ? mo.label
                       : !default_label.empty() ? default_label
                                                : "member-" + std::to_string(members.size());
        m->res.critical = mo.critical;
        m->res.is_tool = is_tool;
        m->res.log_file = mo.log_file;
        m->opts = std::move(mo);
        members.push_back(std::move(m));
        return *members.back();
    }

    // A member that arrives after the stop never runs.
    bool refuse_if_stopped(member_state& m)
    {
        if (!stop.stop_requested())
            return false;
        m.res.outcome = member_outcome::stopped;
        m.res.stopped_because = stop.cause();
        m.res.stop_detail = stop.detail();
        m.res.message = "not started: the group had already stopped";
        error_code ec = errc::stopped;
        std::string message = m.res.message;
        m.run_finisher(ec, message); // a typed member still gets its (empty) report
        emit_member(group_event_kind::member_finished, m);
        return true;
    }

    void begin_member(member_state& m)
    {
        ++active;
        m.t0 = std::chrono::steady_clock::now();
        start_watching();
        if (effective.expired())
            stop.request_stop(stop_cause::deadline, "the group's deadline passed");
    }

    bool is_stop_error(const error_code& ec) const
    {
        if (ec == boost::asio::error::operation_aborted || ec == errc::stopped ||
            ec == boost::asio::experimental::error::channel_cancelled)
            return true;
        return ec == errc::deadline_exceeded && stop.cause() == stop_cause::deadline;
    }

    void finish_member(member_state& m, error_code ec, std::exception_ptr ex, std::string message)
    {
        m.res.elapsed = std::chrono::steady_clock::now() - m.t0;
        if (m.res.tool && m.res.tool->pid)
            m.res.elapsed = m.res.tool->elapsed;
        // The runner's global deadline ends tools on their own timers; it is the group's deadline too.
        if (ec == errc::deadline_exceeded && !effective.is_none() && effective.expired())
            stop.request_stop(stop_cause::deadline, "the group's deadline passed");
        // A tool member's message is its result's description, built only where it is used: a stopped
        // member's message names the stop instead (a stop may end hundreds of members at once).
        if (message.empty() && m.res.tool && !(stop.stop_requested() && is_stop_error(ec)))
            message = m.res.tool->describe();
        if (!ec && !ex && m.cancel_sent && stop.stop_requested())
        {
            // It returned after it was cancelled (as_tuple swallowed the error): the stop ended it.
            m.res.outcome = member_outcome::stopped;
            m.res.stopped_because = stop.cause();
            m.res.stop_detail = stop.detail();
            m.res.message = "stopped because of " + std::string(to_string(stop.cause())) +
                            (stop.detail().empty() ? "" : " (" + stop.detail() + ")");
        }
        else if (!ec && !ex)
        {
            m.res.outcome = member_outcome::succeeded;
            m.res.message = message.empty() ? "succeeded" : message;
        }
        else if (stop.stop_requested() && is_stop_error(ec))
        {
            m.res.outcome = member_outcome::stopped;
            m.res.stopped_because = stop.cause();
            m.res.stop_detail = stop.detail();
            m.res.message = "stopped because of " + std::string(to_string(stop.cause())) +
                            (stop.detail().empty() ? "" : " (" + stop.detail() + ")");
        }
        else
        {
            m.res.outcome = member_outcome::failed;
            m.res.error = ec ? ec : error_code(errc::member_failed);
            m.res.exception = ex;
            m.res.message = message;
            errors.push_back({m.res.index, m.res.label, m.res.critical, m.res.error, ex, message});
            if (m.res.critical && !first_failure)
                first_failure = m.res.index;
        }
        emit_member(group_event_kind::member_finished, m);
        if (m.res.outcome == member_outcome::failed && m.res.critical &&
            opts.on_failure == group_policy::stop_on_failure)
            stop.request_stop(stop_cause::member_failed, "member '" + m.res.label + "' failed: " + message);
        --active;
        if (active == 0)
        {
            stop_watching();
            maybe_complete();
        }
    }

    std::uint64_t total_iterations() const
    {
        std::uint64_t n = 0;
        for (auto& m : members)
            n += m->res.iterations;
        return n;
    }

    group_result make_result() const
    {
        group_result r;
        r.name = opts.name;
        for (auto& m : members)
        {
            r.members.push_back(m->res);
            auto& mr = r.members.back();
            if (mr.outcome == member_outcome::running && mr.tool == std::nullopt && m->tool)
                mr.tool = m->tool->result();
            switch (mr.outcome)
            {
            case member_outcome::pending:
                ++r.pending;
                break;
            case member_outcome::running:
                ++r.running;
                break;
            case member_outcome::succeeded:
                ++r.succeeded;
                break;
            case member_outcome::failed:
                mr.critical ? ++r.failed : ++r.degraded;
                break;
            case member_outcome::stopped:
                ++r.stopped;
                break;
            }
            r.iterations += mr.iterations;
        }
        r.stop_reason = stop.cause();
        r.stop_detail = stop.detail();
        r.first_failure = first_failure;
        r.errors = errors;
        r.unjoined = unjoined;
        r.elapsed = (active == 0 && t_end != std::chrono::steady_clock::time_point{}
                         ? t_end
                         : std::chrono::steady_clock::now()) -
                    t0;
        return r;
    }

    error_code final_ec(const group_waiter& w) const
    {
        if (w.cancelled)
            return boost::asio::error::operation_aborted;
        switch (stop.cause())
        {
        case stop_cause::deadline:
        case stop_cause::join_timeout:
            return errc::deadline_exceeded;
        case stop_cause::cancelled:
            return boost::asio::error::operation_aborted;
        case stop_cause::signal:
        case stop_cause::parent:
            return errc::stopped;
        default:
            break;
        }
        if (first_failure && opts.on_failure == group_policy::stop_on_failure)
            return errc::member_failed;
        return {};
    }

    void complete_waiters()
    {
        auto ws = std::move(waiters);
        waiters.clear();
        for (auto& w : ws)
        {
            if (w.join_timer)
                w.join_timer->cancel();
            w.op.complete(final_ec(w), make_result());
        }
    }

    void cancel_waiter(std::uint64_t id)
    {
        for (auto& w : waiters)
            if (w.id == id)
                w.cancelled = true;
        stop.request_stop(stop_cause::cancelled, "the awaiting operation was cancelled");
    }

    template <class Handler>
    void add_waiter(Handler&& handler, std::shared_ptr<boost::asio::steady_timer> join_timer = nullptr)
    {
        pending_op<void(error_code, group_result)> op(std::forward<Handler>(handler), ex);
        std::uint64_t id = next_waiter++;
        if (!idle())
        {
            std::weak_ptr<group_state> w = weak_from_this();
            auto e = ex;
            op.on_cancel([w, e, id](boost::asio::cancellation_type t) {
                if ((t & boost::asio::cancellation_type::terminal) == boost::asio::cancellation_type::none)
                    return;
                boost::asio::post(e, [w, id] {
                    if (auto s = w.lock())
                        s->cancel_waiter(id);
                });
            });
        }
        waiters.push_back(group_waiter{std::move(op), std::move(join_timer), false, id});
        // Empty group, or everything already ended: complete at once (a ranged parallel_group would hang).
        if (idle() && !children_left())
            complete_waiters();
    }
};

} // namespace arangokit::detail

#endif
