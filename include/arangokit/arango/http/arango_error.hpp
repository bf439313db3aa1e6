// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_ARANGO_ERROR_HPP
#define ARANGOKIT_ARANGO_HTTP_ARANGO_ERROR_HPP

#include <arangokit/error.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/system/system_error.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace arangokit {

/// \brief What went wrong on the wire: an ArangoDB error body, or a transport failure described in words.
/// \details For a server error, `http_status` is the response status and `error_num`/`message` come from
/// ArangoDB's body `{"error":true,"code":...,"errorNum":...,"errorMessage":"..."}` (both 0/empty when the
/// body was not an ArangoDB error body). For transport failures (refused, TLS, deadline) `http_status` is 0
/// and `message` says what happened and where. `request` is `METHOD /target` and `endpoint` the canonical
/// endpoint of the last attempt.
struct arango_error
{
    unsigned http_status = 0;
    int error_num = 0;
    std::string message{};
    std::string request{};
    std::string endpoint{};

    /// True when the failure came with an HTTP status (the server answered).
    bool from_server() const noexcept { return http_status != 0; }

    /// One line for logs: `HTTP 404, errorNum 1203: collection or view not found (GET /_api/... on
    /// tcp://...)`.
    std::string describe() const
    {
        std::string s;
        if (http_status)
        {
            s = "HTTP " + std::to_string(http_status);
            if (error_num)
                s += ", errorNum " + std::to_string(error_num);
            s += ": ";
        }
        s += message.empty() ? std::string("(no message)") : message;
        if (!request.empty() || !endpoint.empty())
        {
            s += " (";
            s += request;
            if (!endpoint.empty())
                s += (request.empty() ? "" : " on ") + endpoint;
            s += ")";
        }
        return s;
    }

    /// \brief Parses an ArangoDB error body; nullopt when `body` is not one (not JSON, or no `error:true`).
    static std::optional<arango_error> from_body(unsigned status, std::string_view body)
    {
        boost::system::error_code ec;
        auto v = boost::json::parse(body, ec);
        if (ec || !v.is_object())
            return std::nullopt;
        const auto& o = v.get_object();
        auto err = o.find("error");
        if (err == o.end() || !err->value().is_bool() || !err->value().get_bool())
            return std::nullopt;
        arango_error e;
        e.http_status = status;
        if (auto n = o.find("errorNum"); n != o.end() && n->value().is_number())
            e.error_num = n->value().to_number<int>(ec);
        if (auto m = o.find("errorMessage"); m != o.end() && m->value().is_string())
            e.message = std::string(m->value().get_string());
        return e;
    }
};

/// \brief The exception the default completion token throws for a failed ArangoDB operation.
/// \details `code()` is the `errc` (or a system/Asio error for transport failures); `error()` is the full
/// `arango_error`; `what()` contains both.
class arango_exception : public boost::system::system_error
{
  public:
    arango_exception(error_code ec, arango_error e) : system_error(ec, e.describe()), error_(std::move(e)) {}
    const arango_error& error() const noexcept { return error_; }

  private:
    arango_error error_;
};

} // namespace arangokit

#endif
