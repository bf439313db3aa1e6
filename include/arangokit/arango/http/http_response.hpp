// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_HTTP_RESPONSE_HPP
#define ARANGOKIT_ARANGO_HTTP_HTTP_RESPONSE_HPP

#include <arangokit/arango/http/arango_error.hpp>

#include <boost/beast/http/fields.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <exception>
#include <optional>
#include <string>

namespace arangokit {

/// \brief A response from ArangoDB, as delivered by `arango_client::async_request`.
/// \details On failure the response is still delivered: `status` is 0 when no response arrived, and
/// `error` holds the `arango_error` (server body or transport description).
struct http_response
{
    unsigned status = 0;
    boost::beast::http::fields headers{};
    std::string body{};
    /// Canonical endpoint that produced the response (after failover, the one that answered).
    std::string endpoint{};
    /// Number of attempts made (1 = no retry).
    unsigned attempts = 0;
    /// Set when the operation failed.
    std::optional<arango_error> error{};

    bool ok() const noexcept { return status >= 200 && status < 300 && !error; }

    /// Parses the body as JSON; a null value when the body is empty or malformed (see `try_json`).
    boost::json::value json() const
    {
        auto v = try_json();
        return v ? std::move(*v) : boost::json::value();
    }
    /// Parses the body as JSON; nullopt when it is not valid JSON.
    std::optional<boost::json::value> try_json() const
    {
        boost::system::error_code ec;
        auto v = boost::json::parse(body, ec);
        if (ec)
            return std::nullopt;
        return v;
    }
};

/// The default token throws `arango_exception` (with the `arango_error`) for a failed request.
inline std::exception_ptr make_diagnostic_exception(const error_code& ec, const http_response& r)
{
    arango_error e = r.error.value_or(arango_error{});
    if (e.message.empty() && !e.from_server())
        e.message = ec.message();
    return std::make_exception_ptr(arango_exception(ec, std::move(e)));
}

} // namespace arangokit

#endif
