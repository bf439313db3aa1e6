// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_CONCURRENCY_CLIENT_GROUP_HPP
#define ARANGOKIT_CONCURRENCY_CLIENT_GROUP_HPP

#include <arangokit/concurrency/detail/group_state.hpp>
#include <arangokit/concurrency/group_error.hpp>
#include <arangokit/concurrency/group_event.hpp>
#include <arangokit/concurrency/group_policy.hpp>
#include <arangokit/concurrency/group_result.hpp>
#include <arangokit/concurrency/stop_source.hpp>
#include <arangokit/concurrency/typed_member.hpp>
#include <arangokit/concurrency/typed_run.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/process/command.hpp>
#include <arangokit/process/running_tool.hpp>
#include <arangokit/process/tool_runner.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace arangokit {

/// \brief What an awaitable member gets: its index and label, the group's stop state, and a way to report
/// iterations. A cheap copyable handle; it stays safe to use after the group object is gone.
class member_context
{
  public:
    member_context(std::weak_ptr<detail::group_state> g, std::size_t i) : g_(std::move(g)), i_(i) {}

    std::size_t index() const noexcept { return i_; }
    std::string label() const
    {
        auto g = g_.lock();
        return g ? g->members[i_]->res.label : std::string();
    }
    /// True once the group began stopping (the member's coroutine is also cancelled, terminal).
    bool stop_requested() const noexcept
    {
        auto g = g_.lock();
        return !g || g->stop.stop_requested();
    }
    /// Sets the member's iteration count (emits an `iterations` event when it changes).
    void set_iterations(std::uint64_t n) const
    {
        if (auto g = g_.lock())
            g->set_iterations(i_, n);
    }
    /// Adds to the member's iteration count.
    void add_iterations(std::uint64_t n = 1) const
    {
        if (auto g = g_.lock())
            g->set_iterations(i_, g->members[i_]->res.iterations + n);
    }
    std::uint64_t iterations() const noexcept
    {
        auto g = g_.lock();
        return g ? g->members[i_]->res.iterations : 0;
    }

  private:
    std::weak_ptr<detail::group_state> g_;
    std::size_t i_;
};

/// \brief N concurrent members (tool runs, typed tool runs, started tools, any awaitable) with one shared
/// stop. \details Structured concurrency for client tools, after Trio's nursery and asyncio's TaskGroup.
/// Members start as soon as they are added. The group's scope ends (`async_wait` completes) only when every
/// member has ended and every child process has been reaped.
///
/// Every stop source ends in the same stop, whose first cause is kept (`group_result::stop_reason`):
/// `request_stop()`, the group's deadline (the earliest of its own, its parent's and the runner's global
/// deadline), terminal cancellation of an `async_wait`, SIGINT/SIGTERM (`group_options::stop_on_signals`),
/// the first critical failure (`group_policy::stop_on_failure`), the enclosing group stopping, a join
/// timeout, and a forced join. Stopping a tool member runs its graded stop (SIGINT, grace, SIGTERM, grace,
/// SIGKILL to its process group; `group_options::stop` overrides the policy); stopping an awaitable member
/// emits terminal cancellation into its coroutine. Members ended by the stop are reported as `stopped`
/// with the cause, never as failures.
///
/// \par Deadline
/// Taken at construction: `earliest(options.until, now + options.timeout, parent's deadline, runner's
/// global deadline)`. Nested groups therefore never outlive their parent's deadline.
///
/// \par Object lifetimes
/// The `tool_runner` must outlive the group and its members. Destroying the group while members still run
/// requests the stop; tool members are then reaped by the runner in the background. Await `async_wait`
/// (or a join variant) to know that every child is gone.
///
/// \par Thread safety
/// Use a group only on its executor (the runner's io_context thread or strand).
class client_group
{
  public:
    using executor_type = boost::asio::any_io_executor;

    /// A group of tool runs (and any awaitables) on `runner`'s executor.
    explicit client_group(tool_runner& runner, group_options opts = {})
        : client_group(runner.get_executor(), &runner, std::move(opts), stop_source{}, deadline{})
    {
    }
    /// A group of awaitables only (adding a command throws std::logic_error).
    explicit client_group(executor_type ex, group_options opts = {})
        : client_group(ex, nullptr, std::move(opts), stop_source{}, deadline{})
    {
    }
    /// A nested group: shares the parent's runner and executor, stops when the parent stops (cause
    /// `parent`), and its deadline is never later than the parent's.
    client_group(client_group& parent, group_options opts = {})
        : client_group(
              parent.s_->ex,
              parent.s_->runner,
              std::move(opts),
              parent.s_->stop.make_child(),
              parent.s_->effective
          )
    {
        s_->parent = parent.s_;
        std::erase_if(parent.s_->kids, [](const auto& w) { return w.expired(); });
        parent.s_->kids.push_back(s_);
    }
    /// A group that also stops when `external` does (cause `parent`).
    client_group(tool_runner& runner, group_options opts, const stop_source& external)
        : client_group(runner.get_executor(), &runner, std::move(opts), external.make_child(), deadline{})
    {
    }

    client_group(const client_group&) = delete;
    client_group& operator=(const client_group&) = delete;
    ~client_group()
    {
        if (s_->active > 0)
            s_->stop.request_stop(stop_cause::requested, "the client_group was destroyed");
        s_->stop_reg.reset();
    }

    executor_type get_executor() const noexcept { return s_->ex; }
    /// The group's stop source: make child sources from it, or register callbacks.
    stop_source& get_stop_source() noexcept { return s_->stop; }
    /// The effective deadline (none if there is none).
    deadline effective_deadline() const noexcept { return s_->effective; }
    const group_options& options() const noexcept { return s_->opts; }
    std::size_t size() const noexcept { return s_->members.size(); }
    /// Members not yet ended.
    std::size_t active() const noexcept { return s_->active; }

    /// \brief Adds a tool run: spawned now, waited for by the group. Returns the member's index.
    /// \details Lines of the command feed `member_options::iteration_pattern` / `iteration_parser` (after the
    /// command's own `on_line`). Under `group_options::log_dir` the command tees both streams to a per-member
    /// log unless it has its own. A member added after the group stopped never runs (outcome `stopped`).
    std::size_t spawn(command cmd, member_options mo = {});

    /// \brief Adds a typed tool run (e.g. `arango_tools::make_run(options)`): the group spawns its command
    /// itself, then turns its end into the run's typed report.
    /// \details Everything `spawn(command)` gives holds: the pid (in `snapshot()`), the per-member log under
    /// `group_options::log_dir`, `iteration_pattern` / `iteration_parser` on its lines (after the run's own
    /// line handler), the graded stop, the deadlines, `kill_member`. The member fails when the run's
    /// `finish` says so, also when the tool exited 0 (an import with rejected documents), and its message
    /// then adds the run's reason. A run whose `prepare` fails spawns nothing and fails the member at once
    /// (policies apply as for any failure); a run added after the group stopped is not prepared and ends
    /// `stopped`. After the member ended, the returned handle holds the typed report and
    /// `group_result::members[handle.index()].tool` the tool result.
    template <typed_run Run> typed_member<typename Run::report_type> spawn(Run run, member_options mo = {});

    /// \brief Adds a tool that is already running; the group takes ownership and waits for it.
    std::size_t adopt(running_tool tool, member_options mo = {});

    /// \brief Adds any awaitable: `f(member_context)` must return `boost::asio::awaitable<void>`.
    /// \details Returning is success; throwing is failure (the exception is kept, once, in the result).
    /// When the group stops, the coroutine receives terminal cancellation; ending with operation_aborted
    /// (or `errc::stopped`) then counts as `stopped`, not as a failure.
    template <class F> std::size_t spawn_awaitable(F f, member_options mo = {});

    /// \brief SIGKILL to one member's process group now (a tool member), or a terminal cancellation of its
    /// coroutine (a coroutine member, or a tool member still starting). The group's stop is not requested and
    /// the other members go on; the member ends as killed, and the runner still reaps it.
    /// \returns false when there is no such member or it has ended already.
    bool kill_member(std::size_t index);

    /// \brief Requests the stop (cause `requested`). Returns at once; await `async_wait` for the end.
    void request_stop() { s_->stop.request_stop(stop_cause::requested, "request_stop() was called"); }
    bool stop_requested() const noexcept { return s_->stop.stop_requested(); }

    /// Sets a member's iteration count from outside (e.g. from a `done` document read after it ended).
    void set_iterations(std::size_t index, std::uint64_t n) { s_->set_iterations(index, n); }

    /// \brief A view of the group right now: counts per state, iterations, per-member state.
    group_snapshot snapshot() const;

    /// \brief Waits until every member has ended and every child has been reaped, including the members of
    /// nested groups made from this one (even if the member that owned a nested group ended first).
    /// \par Handler signature
    /// `void(error_code, group_result)`; the result is complete in every case. `ec` is empty unless:
    /// `errc::member_failed` (a critical member failed under `stop_on_failure`), `errc::deadline_exceeded`
    /// (the group's deadline), `asio::error::operation_aborted` (cancelled), `errc::stopped` (a signal or
    /// the parent stopped the group). Under `wait_all` member failures are data (`group_result::failed`).
    /// An explicit `request_stop()` is not an error. The default token throws `group_error`.
    /// \par Cancellation
    /// terminal: the group stops (cause `cancelled`: graded stop of every tool member, terminal cancellation
    /// of every awaitable member), then this operation completes with operation_aborted once all members
    /// ended. partial and total are ignored (the group has no single child to signal).
    template <
        boost::asio::completion_token_for<void(error_code, group_result)> CompletionToken = default_token>
    auto async_wait(CompletionToken&& token = {})
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code, group_result)>(
            [s = s_](auto handler) { s->add_waiter(std::move(handler)); }, token
        );
    }

    /// \brief Joins with a timeout: members still running after `timeout` are recorded
    /// (`group_result::unjoined`, `member_result::running_at_join_timeout`), then stopped (graded).
    /// \par Handler signature
    /// `void(error_code, group_result)`: as `async_wait`; `errc::deadline_exceeded` if the timeout hit.
    /// \par Cancellation
    /// As `async_wait`.
    template <
        boost::asio::completion_token_for<void(error_code, group_result)> CompletionToken = default_token>
    auto async_join_for(std::chrono::steady_clock::duration timeout, CompletionToken&& token = {})
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code, group_result)>(
            [s = s_, timeout](auto handler) {
                auto t = std::make_shared<boost::asio::steady_timer>(s->ex, timeout);
                std::weak_ptr<detail::group_state> w = s;
                t->async_wait([w](error_code ec) {
                    auto g = w.lock();
                    if (ec || !g || g->active == 0)
                        return;
                    for (auto& m : g->members)
                        if (!m->res.done())
                        {
                            m->res.running_at_join_timeout = true;
                            g->unjoined.push_back(m->res.label);
                        }
                    g->stop.request_stop(
                        stop_cause::join_timeout, "members still running at the join timeout"
                    );
                });
                s->add_waiter(std::move(handler), t);
            },
            token
        );
    }

    /// \brief Non-blocking join: the members that ended so far, and counts of those still running or pending.
    /// \details Like the original `joinFinishedBGShells`: `result.running + result.pending` is how many
    /// are left; members that ended are final (their children are reaped).
    group_result join_finished() const { return s_->make_result(); }

    /// \brief Force-join: SIGKILL every tool member's process group (and cancel awaitable members) when the
    /// operation is initiated, then wait for all of them. A stop already under way is overridden.
    /// \details Nothing happens before initiation: with `asio::deferred` the members keep running until the
    /// deferred operation is launched.
    /// \par Handler signature
    /// `void(error_code, group_result)` as `async_wait`; the stop cause is `forced` unless another came
    /// first.
    /// \par Cancellation
    /// As `async_wait` (the kill has been sent already; a terminal cancellation completes the wait with
    /// operation_aborted once every member ended).
    template <
        boost::asio::completion_token_for<void(error_code, group_result)> CompletionToken = default_token>
    auto async_force_join(CompletionToken&& token = {})
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code, group_result)>(
            [s = s_](auto handler) {
                s->stop.request_stop(stop_cause::forced, "force join");
                s->force_kill();
                s->add_waiter(std::move(handler));
            },
            token
        );
    }

    /// \brief Cleanup after the join: removes every member's temp files and the logs of members that did not
    /// fail; keeps the logs of failed members (critical or not). Returns the logs kept.
    /// \details Call it once the group has ended; members still running are skipped.
    std::vector<std::filesystem::path> cleanup();

  private:
    // The one path that spawns a tool member; `finish_run` is a typed member's run (empty for commands).
    std::size_t spawn_tool(
        command cmd,
        member_options mo,
        std::function<void(error_code&, std::string&, tool_result&)> finish_run
    );

    client_group(executor_type ex, tool_runner* runner, group_options opts, stop_source stop, deadline outer)
        : s_(std::make_shared<detail::group_state>(ex, runner, std::move(opts), std::move(stop)))
    {
        deadline d = earliest(s_->opts.until, deadline::after(s_->opts.timeout));
        d = earliest(d, outer);
        if (runner)
        {
            d = earliest(d, runner->global_deadline());
            s_->first_seq = runner->next_spawn_seq();
        }
        s_->effective = d;
        std::weak_ptr<detail::group_state> w = s_;
        s_->stop_reg = s_->stop.on_stop([w](stop_cause why) {
            if (auto g = w.lock())
                g->on_stop(why);
        });
    }

    // The callable lives in this frame: a lambda coroutine's captures must outlive its body.
    template <class F> static boost::asio::awaitable<void> invoke_member(F f, member_context mc);

    static void
    on_started(std::shared_ptr<detail::group_state> s, std::size_t i, error_code ec, running_tool rt);

    // Output is consumed here until EOF (lines still reach on_line, tails and logs) and only then waited for:
    // handing the stream to async_wait's internal drain would leave that drain pending after the child ended.
    static void read_to_eof(std::shared_ptr<detail::group_state> s, std::size_t i);

    void install_line_handler(command& cmd, detail::member_state& m);

    std::shared_ptr<detail::group_state> s_;
};

} // namespace arangokit

#include <arangokit/concurrency/impl/client_group.hpp>

#endif
