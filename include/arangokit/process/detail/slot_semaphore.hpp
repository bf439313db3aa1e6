// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_SLOT_SEMAPHORE_HPP
#define ARANGOKIT_PROCESS_DETAIL_SLOT_SEMAPHORE_HPP

// The runner's concurrency slots (runner_config::max_concurrent): a counting semaphore whose queued waiters
// can be cancelled and whose waits end when the run's deadline passes (the deadline keeps counting while a
// run queues). Runs on the runner's executor only.

#include <arangokit/deadline.hpp>
#include <arangokit/error.hpp>

#include <arangokit/detail/pending_op.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>

namespace arangokit::detail {

class slot_semaphore : public std::enable_shared_from_this<slot_semaphore>
{
  public:
    /// `max == 0`: unlimited.
    slot_semaphore(boost::asio::any_io_executor ex, std::size_t max) : ex_(std::move(ex)), max_(max) {}

    std::size_t active() const noexcept { return active_; }
    std::size_t queued() const noexcept { return queue_.size(); }

    /// \brief Takes a slot (completing `h` with no error through its executor) or queues.
    /// \details Completes with operation_aborted if cancelled (any type) while queued, and with
    /// errc::deadline_exceeded if `d` passes while queued; in both cases no slot is held.
    template <class Handler> void acquire(Handler&& h, deadline d = {})
    {
        pending_op<void(error_code)> op(std::forward<Handler>(h), ex_);
        if (max_ == 0 || active_ < max_)
        {
            ++active_;
            op.complete(error_code{});
            return;
        }
        std::uint64_t id = next_id_++;
        op.on_cancel([w = weak_from_this(), id](boost::asio::cancellation_type) {
            if (auto self = w.lock())
                self->cancel(id, boost::asio::error::operation_aborted);
        });
        std::shared_ptr<boost::asio::steady_timer> timer;
        if (!d.is_none())
        {
            timer = std::make_shared<boost::asio::steady_timer>(ex_, d.time());
            timer->async_wait([w = weak_from_this(), id](error_code tec) {
                if (auto self = w.lock(); self && !tec)
                    self->cancel(id, errc::deadline_exceeded);
            });
        }
        queue_.push_back({id, std::move(op), std::move(timer)});
    }

    /// Gives a slot back: the first waiter takes it over (the count stays the same), or it is freed.
    void release()
    {
        if (!queue_.empty())
        {
            auto w = std::move(queue_.front());
            queue_.pop_front();
            w.finish(error_code{});
            return;
        }
        if (active_ > 0)
            --active_;
    }

    /// Completes every waiter with operation_aborted (the runner is going away).
    void abort_all()
    {
        auto q = std::move(queue_);
        queue_.clear();
        for (auto& w : q)
            w.finish(boost::asio::error::operation_aborted);
    }

  private:
    struct waiter
    {
        std::uint64_t id;
        pending_op<void(error_code)> op;
        std::shared_ptr<boost::asio::steady_timer> deadline_timer;

        void finish(error_code ec)
        {
            if (deadline_timer)
                deadline_timer->cancel();
            op.complete(ec);
        }
    };

    void cancel(std::uint64_t id, error_code why)
    {
        auto it = std::find_if(queue_.begin(), queue_.end(), [id](auto& w) { return w.id == id; });
        if (it == queue_.end())
            return;
        auto w = std::move(*it);
        queue_.erase(it);
        w.finish(why);
    }

    boost::asio::any_io_executor ex_;
    std::size_t max_;
    std::size_t active_ = 0;
    std::deque<waiter> queue_;
    std::uint64_t next_id_ = 1;
};

} // namespace arangokit::detail

#endif
