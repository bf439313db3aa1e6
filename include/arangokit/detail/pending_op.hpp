// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_DETAIL_PENDING_OP_HPP
#define ARANGOKIT_DETAIL_PENDING_OP_HPP

// The one way an operation of ours waits: the caller's handler, type-erased, with work on its executor and
// the caller's cancellation slot kept by us. Layer-free: the runner's waiters, its slot queue, groups and
// gates all park their handlers in one of these.

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>

#include <tuple>
#include <type_traits>
#include <utility>

namespace arangokit::detail {

/// Wraps a handler so that type erasure cannot see (and take over) its cancellation slot:
/// any_completion_handler would install its own cancellation state into the slot and evict ours. We keep the
/// slot ourselves and always complete through the handler's executor, captured separately.
template <class Handler> struct slot_hidden
{
    Handler handler;
    template <class... Args> void operator()(Args&&... args)
    {
        std::move(handler)(std::forward<Args>(args)...);
    }
};
template <class Handler> slot_hidden<std::decay_t<Handler>> hide_slot(Handler&& h)
{
    return {std::forward<Handler>(h)};
}

template <class Signature> class pending_op;

/// \brief A parked completion: `complete()` posts the handler to its own executor exactly once.
/// \details Built from the handler inside an initiation. Holds outstanding work on the handler's executor
/// until it completes (or is destroyed), so an io_context does not run out of work while an operation of
/// ours is pending. The handler's cancellation slot is ours: `on_cancel` installs a callback there, and
/// completing clears it before the handler runs.
template <class... Args> class pending_op<void(Args...)>
{
  public:
    using handler_type = boost::asio::any_completion_handler<void(Args...)>;

    pending_op() = default;

    /// `fallback`: the executor to complete on when the handler has none associated (the I/O object's).
    template <class Handler>
    pending_op(Handler&& h, const boost::asio::any_io_executor& fallback)
        : work_(boost::asio::prefer(
              boost::asio::any_io_executor(boost::asio::get_associated_executor(h, fallback)),
              boost::asio::execution::outstanding_work.tracked
          )),
          slot_(boost::asio::get_associated_cancellation_slot(h)),
          handler_(hide_slot(std::forward<Handler>(h)))
    {
    }

    pending_op(pending_op&&) noexcept = default;
    pending_op& operator=(pending_op&&) noexcept = default;

    explicit operator bool() const noexcept { return static_cast<bool>(handler_); }

    /// True when the caller bound a cancellation slot (a callback installed with `on_cancel` can fire).
    bool cancellable() const noexcept { return slot_.is_connected(); }

    /// Installs `f(cancellation_type)` into the caller's slot (nothing if there is none). `f` runs wherever
    /// the caller emits the signal: keep it to posting or to state of that executor.
    template <class F> void on_cancel(F&& f)
    {
        if (slot_.is_connected())
            slot_.assign(std::forward<F>(f));
    }

    /// The handler's executor, with outstanding work.
    const boost::asio::any_io_executor& executor() const noexcept { return work_; }

    /// Completes: clears our cancellation callback and posts the handler with `args` to its executor.
    template <class... A> void complete(A&&... args)
    {
        if (slot_.is_connected())
            slot_.clear();
        slot_ = {};
        auto work = std::move(work_);
        boost::asio::post(
            work, [h = std::move(handler_), a = std::make_tuple(std::decay_t<Args>(std::forward<A>(args))...
                                            )]() mutable { std::apply(std::move(h), std::move(a)); }
        );
    }

  private:
    boost::asio::any_io_executor work_{};
    boost::asio::cancellation_slot slot_{};
    handler_type handler_{};
};

} // namespace arangokit::detail

#endif
