// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_DETAIL_ASYNC_FROM_CORO_HPP
#define ARANGOKIT_DETAIL_ASYNC_FROM_CORO_HPP

// Turns a coroutine returning pair<error_code, T> into an initiating function for any completion token:
// the caller's cancellation slot is bound to the co_spawn (in Boost 1.81 the slot of a handler that an
// awaitable operation wraps is not forwarded to the coroutine's inner operations any other way), and the
// handler is invoked on its own associated executor.

#include <arangokit/error.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>

#include <exception>
#include <utility>

namespace arangokit::detail {

template <class T, boost::asio::completion_token_for<void(error_code, T)> CompletionToken, class MakeCoro>
auto async_from_coro(boost::asio::any_io_executor ex, MakeCoro&& make, CompletionToken&& token)
{
    namespace asio = boost::asio;
    return asio::async_initiate<CompletionToken, void(error_code, T)>(
        [ex](auto handler, auto make) {
            auto slot = asio::get_associated_cancellation_slot(handler);
            auto hex = asio::get_associated_executor(handler, ex);
            // A capturing lambda's coroutine refers to the lambda object: keep it alive in a coroutine
            // parameter (parameters are copied into the frame) for as long as the inner coroutine runs.
            auto hold = [](auto m) -> asio::awaitable<std::pair<error_code, T>> { co_return co_await m(); };
            asio::co_spawn(
                ex, hold(std::move(make)),
                asio::bind_cancellation_slot(
                    slot,
                    [h = std::move(handler), hex](std::exception_ptr ep, std::pair<error_code, T> r) mutable {
                        if (ep)
                        {
                            // Our coroutines do not throw; if one does, report it rather than lose it.
                            try
                            {
                                std::rethrow_exception(ep);
                            }
                            catch (const boost::system::system_error& e)
                            {
                                r.first = e.code();
                            }
                            catch (...)
                            {
                                r.first = errc::protocol_error;
                            }
                        }
                        asio::dispatch(hex, [h = std::move(h), r = std::move(r)]() mutable {
                            std::move(h)(r.first, std::move(r.second));
                        });
                    }
                )
            );
        },
        token, std::forward<MakeCoro>(make)
    );
}

} // namespace arangokit::detail

#endif
