// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_CONCURRENCY_ENTRY_GATE_HPP
#define ARANGOKIT_CONCURRENCY_ENTRY_GATE_HPP

#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>

#include <arangokit/detail/pending_op.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace arangokit {

/// \brief An in-process start gate: N members arrive, the orchestrator waits until all are ready, then
/// releases them at the same instant.
/// \details The in-process counterpart of `file_gate`. `release()` completes every waiting arrival in one
/// pass of the executor, so released coroutines resume within microseconds of each other. Arrivals after
/// the release pass straight through. With `auto_release` the gate is a one-shot barrier.
///
/// \par Object lifetimes
/// Pending operations hold the gate's state; destroying the gate completes them with operation_aborted.
///
/// \par Thread safety
/// Use on one executor (one thread or strand).
class entry_gate
{
    struct waiter
    {
        detail::pending_op<void(error_code)> op;
        std::uint64_t id = 0;
    };
    struct state
    {
        std::size_t expected = 0;
        std::size_t arrived = 0;
        bool released = false;
        bool auto_release = false;
        std::uint64_t next_id = 1;
        std::vector<waiter> members{};
        std::vector<waiter> watchers{};
        std::chrono::steady_clock::time_point released_at{};
    };

  public:
    using executor_type = boost::asio::any_io_executor;

    /// A gate for `expected` members. With `auto_release`, the last arrival releases everyone.
    entry_gate(executor_type ex, std::size_t expected, bool auto_release = false)
        : ex_(ex), s_(std::make_shared<state>())
    {
        s_->expected = expected;
        s_->auto_release = auto_release;
    }
    entry_gate(const entry_gate&) = delete;
    entry_gate& operator=(const entry_gate&) = delete;
    ~entry_gate()
    {
        complete_all(s_->members, boost::asio::error::operation_aborted);
        complete_all(s_->watchers, boost::asio::error::operation_aborted);
    }

    std::size_t expected() const noexcept { return s_->expected; }
    std::size_t arrived() const noexcept { return s_->arrived; }
    bool all_ready() const noexcept { return s_->arrived >= s_->expected; }
    bool released() const noexcept { return s_->released; }
    /// When `release()` ran (steady clock); the epoch if it has not.
    std::chrono::steady_clock::time_point released_at() const noexcept { return s_->released_at; }

    /// \brief Member side: announce readiness, then wait for the release.
    /// \par Handler signature
    /// `void(error_code)`
    /// \par Cancellation
    /// Any type: the wait completes with operation_aborted. The arrival still counts (the member was ready).
    template <boost::asio::completion_token_for<void(error_code)> CompletionToken = default_token>
    auto async_arrive(CompletionToken&& token = {})
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code)>(
            [this](auto handler) {
                ++s_->arrived;
                if (s_->arrived >= s_->expected)
                {
                    complete_all(s_->watchers, error_code{});
                    if (s_->auto_release)
                        release();
                }
                enqueue(s_->members, std::move(handler), s_->released);
            },
            token
        );
    }

    /// \brief Orchestrator side: wait until `expected` members have arrived.
    /// \par Handler signature
    /// `void(error_code)`
    /// \par Cancellation
    /// Any type: completes with operation_aborted; the gate is unchanged.
    template <boost::asio::completion_token_for<void(error_code)> CompletionToken = default_token>
    auto async_wait_ready(CompletionToken&& token = {})
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code)>(
            [this](auto handler) { enqueue(s_->watchers, std::move(handler), all_ready()); }, token
        );
    }

    /// Opens the gate: every waiting member resumes now, later ones pass straight through.
    void release()
    {
        if (s_->released)
            return;
        s_->released = true;
        s_->released_at = std::chrono::steady_clock::now();
        complete_all(s_->members, error_code{});
    }

  private:
    template <class Handler> void enqueue(std::vector<waiter>& q, Handler&& handler, bool now)
    {
        detail::pending_op<void(error_code)> op(std::forward<Handler>(handler), ex_);
        if (now)
        {
            op.complete(error_code{});
            return;
        }
        std::uint64_t id = s_->next_id++;
        std::weak_ptr<state> w = s_;
        op.on_cancel([w, id, &q](boost::asio::cancellation_type) {
            auto s = w.lock();
            if (!s)
                return;
            for (auto it = q.begin(); it != q.end(); ++it)
                if (it->id == id)
                {
                    auto wt = std::move(*it);
                    q.erase(it);
                    wt.op.complete(boost::asio::error::operation_aborted);
                    return;
                }
        });
        q.push_back({std::move(op), id});
    }

    static void complete_all(std::vector<waiter>& q, error_code ec)
    {
        auto ws = std::move(q);
        q.clear();
        for (auto& w : ws)
            w.op.complete(ec);
    }

    executor_type ex_;
    std::shared_ptr<state> s_;
};

} // namespace arangokit

#endif
