// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_USERS_HPP
#define ARANGOKIT_ARANGO_HTTP_USERS_HPP

#include <arangokit/arango/http/arango_client.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief An access level of ArangoDB's permission model: `rw` (administrate/read-write), `ro` (read
/// only), `none` (no access).
enum class access_level
{
    none,
    ro,
    rw,
};

/// The wire name: "none", "ro", "rw".
inline const char* to_string(access_level a) noexcept
{
    switch (a)
    {
    case access_level::rw:
        return "rw";
    case access_level::ro:
        return "ro";
    case access_level::none:
        break;
    }
    return "none";
}

/// "rw", "ro", "none" (anything else: nullopt).
inline std::optional<access_level> parse_access_level(std::string_view s) noexcept
{
    if (s == "rw")
        return access_level::rw;
    if (s == "ro")
        return access_level::ro;
    if (s == "none")
        return access_level::none;
    return std::nullopt;
}

/// \brief A user to create (`POST /_api/user`).
/// \details `password` travels only in the request body (never in a URL, a log line or an error message).
struct user_options
{
    std::string name{};
    std::string password{};
    bool active = true;
    boost::json::object extra{}; ///< free-form data stored with the user
};

/// \brief A user as the server describes it.
struct user_info
{
    std::string name{};
    bool active = true;
    boost::json::object extra{};

    /// From `{"user","active","extra"}`; missing fields keep their defaults.
    static user_info from_json(const boost::json::object& o)
    {
        user_info u;
        if (auto* n = o.if_contains("user"); n && n->is_string())
            u.name = std::string(n->get_string());
        if (auto* a = o.if_contains("active"); a && a->is_bool())
            u.active = a->get_bool();
        if (auto* e = o.if_contains("extra"); e && e->is_object())
            u.extra = e->get_object();
        return u;
    }
};

namespace detail {

inline std::string user_path(std::string_view user)
{
    return "/_api/user/" + url_encode(user);
}

inline std::string
user_access_path(std::string_view user, std::string_view database, std::optional<std::string_view> collection)
{
    std::string t = user_path(user) + "/database/" + url_encode(database);
    if (collection)
        t += "/" + url_encode(*collection);
    return t;
}

inline boost::asio::awaitable<op_outcome<user_info>> co_create_user(arango_client& c, user_options u)
{
    boost::json::object body{{"user", u.name}, {"passwd", u.password}, {"active", u.active}};
    if (!u.extra.empty())
        body["extra"] = u.extra;
    auto req = http_request::json(boost::beast::http::verb::post, "/_api/user", body);
    auto r = co_await c.co_json(std::move(req));
    if (r.ec)
        co_return forward_failure<user_info>(r);
    auto* o = as_object(r.value);
    if (!o)
        co_return protocol_failure<user_info>(
            "user answer is not a JSON object", c.current_endpoint().to_string()
        );
    co_return op_outcome<user_info>{{}, user_info::from_json(*o), {}};
}

inline boost::asio::awaitable<op_outcome<std::vector<user_info>>> co_list_users(arango_client& c)
{
    http_request req;
    req.target = "/_api/user/";
    auto r = co_await c.co_json(std::move(req));
    using vec = std::vector<user_info>;
    if (r.ec)
        co_return forward_failure<vec>(r);
    auto* o = as_object(r.value);
    const boost::json::value* res = o ? o->if_contains("result") : nullptr;
    if (!res || !res->is_array())
        co_return protocol_failure<vec>(
            "user list answer has no result array", c.current_endpoint().to_string()
        );
    vec out;
    for (const auto& u : res->get_array())
        if (u.is_object())
            out.push_back(user_info::from_json(u.get_object()));
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    co_return op_outcome<vec>{{}, std::move(out), {}};
}

inline boost::asio::awaitable<op_outcome<access_level>> co_access_level(
    arango_client& c, std::string user, std::string database, std::optional<std::string> collection
)
{
    http_request req;
    req.target = user_access_path(user, database, collection);
    auto r = co_await c.co_json(std::move(req));
    if (r.ec)
        co_return forward_failure<access_level>(r);
    auto* o = as_object(r.value);
    const boost::json::value* res = o ? o->if_contains("result") : nullptr;
    std::optional<access_level> a;
    if (res && res->is_string())
        a = parse_access_level(res->get_string());
    if (!a)
        co_return protocol_failure<access_level>(
            "access level answer has no result \"rw\", \"ro\" or \"none\"", c.current_endpoint().to_string()
        );
    co_return op_outcome<access_level>{{}, *a, {}};
}

} // namespace detail

// Users and permissions
// Free functions over an `arango_client` (its lifetime, cancellation, deadline and error rules apply:
// see `arango_client`). User management lives in the `_system` database; the client's credentials
// must be an administrator's. A status >= 400 is `errc::http_error` with the server's `arango_error`
// (401: `errc::authentication_failed`), e.g. 409/1702 for an existing user, 404/1703 for an unknown one.

/// \brief `POST /_api/user {"user","passwd","active","extra"}`.
/// \par Handler signature
/// `void(error_code, user_info)`: the user as created. An existing name: `http_error` (409, errorNum 1702).
template <boost::asio::completion_token_for<void(error_code, user_info)> CompletionToken = default_token>
auto async_create_user(arango_client& client, user_options user, CompletionToken&& token = {})
{
    return client.initiate<user_info>(
        std::forward<CompletionToken>(token),
        [&client, u = std::move(user)]() mutable { return detail::co_create_user(client, std::move(u)); }
    );
}

/// \brief `DELETE /_api/user/<name>`.
/// \par Handler signature
/// `void(error_code, boost::json::value)`. Unknown user: `http_error` (404, errorNum 1703).
template <
    boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken = default_token>
auto async_drop_user(arango_client& client, std::string_view name, CompletionToken&& token = {})
{
    http_request req;
    req.method = boost::beast::http::verb::delete_;
    req.target = detail::user_path(name);
    return client.initiate<boost::json::value>(
        std::forward<CompletionToken>(token),
        [&client, req = std::move(req)]() { return client.co_json(req); }
    );
}

/// \brief `GET /_api/user/`: every user the caller may see.
/// \par Handler signature
/// `void(error_code, std::vector<user_info>)`, sorted by name.
template <
    boost::asio::completion_token_for<void(error_code, std::vector<user_info>)> CompletionToken =
        default_token>
auto async_list_users(arango_client& client, CompletionToken&& token = {})
{
    return client.initiate<std::vector<user_info>>(std::forward<CompletionToken>(token), [&client]() {
        return detail::co_list_users(client);
    });
}

/// \brief `PUT /_api/user/<user>/database/<db> {"grant": level}`: the user's access to a database
/// (`"*"` for every database). Granting `access_level::none` is what arangosh's `revokeDatabase` does.
/// \par Handler signature
/// `void(error_code, boost::json::value)`: the server's answer (`{"<db>": "rw", ...}`).
template <
    boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken = default_token>
auto async_grant_database(
    arango_client& client,
    std::string_view user,
    std::string_view database,
    access_level level,
    CompletionToken&& token = {}
)
{
    auto req = http_request::json(
        boost::beast::http::verb::put, detail::user_access_path(user, database, std::nullopt),
        boost::json::object{{"grant", to_string(level)}}
    );
    return client.initiate<boost::json::value>(
        std::forward<CompletionToken>(token),
        [&client, req = std::move(req)]() { return client.co_json(req); }
    );
}

/// \brief `PUT /_api/user/<user>/database/<db>/<collection> {"grant": level}` (`"*"` for every
/// collection of the database).
/// \par Handler signature
/// `void(error_code, boost::json::value)`
template <
    boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken = default_token>
auto async_grant_collection(
    arango_client& client,
    std::string_view user,
    std::string_view database,
    std::string_view collection,
    access_level level,
    CompletionToken&& token = {}
)
{
    auto req = http_request::json(
        boost::beast::http::verb::put, detail::user_access_path(user, database, collection),
        boost::json::object{{"grant", to_string(level)}}
    );
    return client.initiate<boost::json::value>(
        std::forward<CompletionToken>(token),
        [&client, req = std::move(req)]() { return client.co_json(req); }
    );
}

/// \brief Revokes a database: `PUT /_api/user/<user>/database/<db> {"grant":"none"}` (an explicit `none`,
/// as arangosh's `revokeDatabase`). Use `async_clear_database_access` to remove the entry instead.
/// \par Handler signature
/// `void(error_code, boost::json::value)`
template <
    boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken = default_token>
auto async_revoke_database(
    arango_client& client, std::string_view user, std::string_view database, CompletionToken&& token = {}
)
{
    return async_grant_database(
        client, user, database, access_level::none, std::forward<CompletionToken>(token)
    );
}

/// \brief Revokes a collection: `PUT /_api/user/<user>/database/<db>/<collection> {"grant":"none"}` (as
/// arangosh's `revokeCollection`).
/// \par Handler signature
/// `void(error_code, boost::json::value)`
template <
    boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken = default_token>
auto async_revoke_collection(
    arango_client& client,
    std::string_view user,
    std::string_view database,
    std::string_view collection,
    CompletionToken&& token = {}
)
{
    return async_grant_collection(
        client, user, database, collection, access_level::none, std::forward<CompletionToken>(token)
    );
}

/// \brief `DELETE /_api/user/<user>/database/<db>[/<collection>]`: removes the explicit entry, so the
/// level falls back to the `"*"` default.
/// \par Handler signature
/// `void(error_code, boost::json::value)`
template <
    boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken = default_token>
auto async_clear_access(
    arango_client& client,
    std::string_view user,
    std::string_view database,
    std::optional<std::string_view> collection,
    CompletionToken&& token = {}
)
{
    http_request req;
    req.method = boost::beast::http::verb::delete_;
    req.target = detail::user_access_path(user, database, collection);
    return client.initiate<boost::json::value>(
        std::forward<CompletionToken>(token),
        [&client, req = std::move(req)]() { return client.co_json(req); }
    );
}

/// \brief `GET /_api/user/<user>/database/<db>[/<collection>]`: the effective access level.
/// \par Handler signature
/// `void(error_code, access_level)`
template <boost::asio::completion_token_for<void(error_code, access_level)> CompletionToken = default_token>
auto async_access_level(
    arango_client& client,
    std::string_view user,
    std::string_view database,
    std::optional<std::string_view> collection = std::nullopt,
    CompletionToken&& token = {}
)
{
    std::optional<std::string> coll;
    if (collection)
        coll = std::string(*collection);
    return client.initiate<access_level>(
        std::forward<CompletionToken>(token),
        [&client, u = std::string(user), d = std::string(database), coll = std::move(coll)]() {
            return detail::co_access_level(client, u, d, coll);
        }
    );
}

} // namespace arangokit

#endif
