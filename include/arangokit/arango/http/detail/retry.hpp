// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_DETAIL_RETRY_HPP
#define ARANGOKIT_ARANGO_HTTP_DETAIL_RETRY_HPP

#include <arangokit/arango/http/client_config.hpp>
#include <arangokit/error.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>

#include <cerrno>
#include <chrono>

namespace arangokit::detail {

// Where an attempt failed decides whether re-sending is safe.
enum class attempt_stage
{
    connect,  // nothing reached the server
    exchange, // the request may have been processed
};

inline bool is_tls_failure(const error_code& ec) noexcept
{
    if (ec == boost::asio::ssl::error::stream_truncated)
        return false; // a peer that vanished mid-stream is a dropped connection, not a TLS problem
    return ec.category() == boost::asio::error::get_ssl_category() ||
           ec.category() == boost::asio::ssl::error::get_stream_category();
}

inline bool is_connection_drop(const error_code& ec) noexcept
{
    namespace ae = boost::asio::error;
    return ec == ae::eof || ec == ae::connection_reset || ec == ae::connection_aborted ||
           ec == ae::broken_pipe || ec == ae::not_connected || ec == ae::shut_down ||
           ec == boost::beast::http::error::end_of_stream ||
           ec == boost::beast::http::error::partial_message ||
           ec == boost::asio::ssl::error::stream_truncated;
}

inline bool is_connect_failure_transient(const error_code& ec) noexcept
{
    namespace ae = boost::asio::error;
    return ec == ae::connection_refused || ec == ae::host_unreachable || ec == ae::network_unreachable ||
           ec == ae::timed_out || ec == ae::try_again || ec == ae::host_not_found_try_again ||
           // a Unix socket that the starting server has not created yet
           ec == error_code(ENOENT, boost::system::system_category()) || is_connection_drop(ec);
}

inline bool should_retry(const error_code& ec, attempt_stage stage, bool idempotent, bool reused) noexcept
{
    if (is_tls_failure(ec))
        return false;
    if (stage == attempt_stage::connect)
        return is_connect_failure_transient(ec);
    // A reused keep-alive connection the server had already closed fails before it took the request.
    return is_connection_drop(ec) && (idempotent || reused);
}

inline bool status_is_retryable(unsigned status) noexcept
{
    return status == 503;
}

inline std::chrono::milliseconds backoff_delay(const retry_policy& p, unsigned failures) noexcept
{
    auto d = p.initial_backoff;
    for (unsigned i = 1; i < failures && d < p.max_backoff; ++i)
        d *= 2;
    return d < p.max_backoff ? d : p.max_backoff;
}

} // namespace arangokit::detail

#endif
