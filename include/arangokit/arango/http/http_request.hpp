// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_HTTP_REQUEST_HPP
#define ARANGOKIT_ARANGO_HTTP_HTTP_REQUEST_HPP

#include <boost/beast/http/verb.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief One HTTP request to ArangoDB, independent of the endpoint it is sent to.
/// \details `target` is the path and query (`/_db/shop/_api/collection/users/count`); use
/// `database_path()` to build it. The client adds `Host`, `Authorization`, `Content-Length`,
/// `Connection: keep-alive` and `Accept: application/json`.
struct http_request
{
    boost::beast::http::verb method = boost::beast::http::verb::get;
    std::string target = "/";
    std::string body{};
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers{};
    /// This request's own timeout, clamped to the client's global deadline; unset: the client's default.
    std::optional<std::chrono::milliseconds> timeout{};
    /// May the request be re-sent after the connection broke once it was written? Unset: GET, HEAD, PUT,
    /// DELETE and OPTIONS are idempotent, POST and PATCH are not. Connect failures and 503 are always
    /// retried.
    std::optional<bool> idempotent{};
    /// Treat a status >= 400 as a result instead of an error (e.g. HEAD to test existence).
    bool accept_error_status = false;

    /// A request with a JSON body.
    static http_request json(boost::beast::http::verb m, std::string target, const boost::json::value& v)
    {
        http_request r;
        r.method = m;
        r.target = std::move(target);
        r.body = boost::json::serialize(v);
        return r;
    }

    bool is_idempotent() const noexcept
    {
        if (idempotent)
            return *idempotent;
        using boost::beast::http::verb;
        return method == verb::get || method == verb::head || method == verb::put ||
               method == verb::delete_ || method == verb::options;
    }
};

/// \brief Percent-encodes a path segment or query value (RFC 3986 unreserved characters pass through).
inline std::string url_encode(std::string_view s)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s)
    {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '_' || c == '.' || c == '~')
            out += static_cast<char>(c);
        else
        {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

/// `/_db/<database>` + `path` (database name URL-encoded; `path` must start with `/`).
inline std::string database_path(std::string_view database, std::string_view path)
{
    std::string s = "/_db/" + url_encode(database);
    s += path;
    return s;
}

} // namespace arangokit

#endif
