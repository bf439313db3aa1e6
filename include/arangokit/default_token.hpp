// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_DEFAULT_TOKEN_HPP
#define ARANGOKIT_DEFAULT_TOKEN_HPP

#include <arangokit/error.hpp>

#include <boost/asio/associator.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <type_traits>
#include <utility>

namespace arangokit {

/// \brief Completion-token adapter: turns `void(error_code, T)` into `void(exception_ptr, T)`.
/// \details With `use_awaitable` underneath (the default token), a failed operation throws a rich
/// exception: `tool_error` for tool runs (command line, outcome, stderr tail, the whole result), a
/// `boost::system::system_error` otherwise. Types can opt into richer exceptions by providing
/// `std::exception_ptr make_diagnostic_exception(const error_code&, const T&)` found by ADL.
/// To get no exceptions at all, pass `boost::asio::as_tuple(boost::asio::use_awaitable)` (or any token).
template <class Token> struct with_diagnostics_t
{
    constexpr with_diagnostics_t() = default;
    constexpr explicit with_diagnostics_t(Token t) : token(std::move(t)) {}
    Token token{};
};

template <class Token> constexpr with_diagnostics_t<std::decay_t<Token>> with_diagnostics(Token&& t)
{
    return with_diagnostics_t<std::decay_t<Token>>(std::forward<Token>(t));
}

/// The default completion token of every arangokit initiating function: awaitable, throwing.
using default_token = with_diagnostics_t<boost::asio::use_awaitable_t<>>;

namespace detail {

template <class T> std::exception_ptr make_diagnostic_exception(const error_code& ec, const T&)
{
    return std::make_exception_ptr(boost::system::system_error(ec));
}

template <class Handler> struct diagnostics_handler
{
    Handler handler_{};

    template <class T> void operator()(error_code ec, T&& value)
    {
        std::exception_ptr ep;
        if (ec)
        {
            using detail::make_diagnostic_exception;
            ep = make_diagnostic_exception(ec, value);
        }
        std::move(handler_)(ep, std::forward<T>(value));
    }
    void operator()(error_code ec)
    {
        std::exception_ptr ep;
        if (ec)
            ep = std::make_exception_ptr(boost::system::system_error(ec));
        std::move(handler_)(ep);
    }
};

template <class Initiation> struct diagnostics_initiation
{
    Initiation init_{};
    template <class Handler, class... Args> void operator()(Handler&& h, Args&&... args) &&
    {
        std::move(init_
        )(diagnostics_handler<std::decay_t<Handler>>{std::forward<Handler>(h)}, std::forward<Args>(args)...);
    }
};

} // namespace detail
} // namespace arangokit

namespace boost::asio {

template <class Token, class T>
struct async_result<arangokit::with_diagnostics_t<Token>, void(arangokit::error_code, T)>
{
    template <class Initiation, class RawToken, class... Args>
    static auto initiate(Initiation&& init, RawToken&& token, Args&&... args)
    {
        return async_initiate<Token, void(std::exception_ptr, T)>(
            arangokit::detail::diagnostics_initiation<std::decay_t<Initiation>>{
                std::forward<Initiation>(init)},
            token.token, std::forward<Args>(args)...
        );
    }
};

template <class Token> struct async_result<arangokit::with_diagnostics_t<Token>, void(arangokit::error_code)>
{
    template <class Initiation, class RawToken, class... Args>
    static auto initiate(Initiation&& init, RawToken&& token, Args&&... args)
    {
        return async_initiate<Token, void(std::exception_ptr)>(
            arangokit::detail::diagnostics_initiation<std::decay_t<Initiation>>{
                std::forward<Initiation>(init)},
            token.token, std::forward<Args>(args)...
        );
    }
};

// Forward the associated executor, allocator and cancellation slot of the wrapped handler.
template <template <class, class> class Associator, class Handler, class DefaultCandidate>
struct associator<Associator, arangokit::detail::diagnostics_handler<Handler>, DefaultCandidate>
    : Associator<Handler, DefaultCandidate>
{
    static typename Associator<Handler, DefaultCandidate>::type
    get(const arangokit::detail::diagnostics_handler<Handler>& h) noexcept
    {
        return Associator<Handler, DefaultCandidate>::get(h.handler_);
    }
    static auto
    get(const arangokit::detail::diagnostics_handler<Handler>& h, const DefaultCandidate& c) noexcept
        -> decltype(Associator<Handler, DefaultCandidate>::get(h.handler_, c))
    {
        return Associator<Handler, DefaultCandidate>::get(h.handler_, c);
    }
};

} // namespace boost::asio

#endif
