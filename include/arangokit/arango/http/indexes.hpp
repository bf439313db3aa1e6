// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_INDEXES_HPP
#define ARANGOKIT_ARANGO_HTTP_INDEXES_HPP

#include <arangokit/arango/http/arango_client.hpp>

#include <arangokit/detail/named_options.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief An index to create (`POST /_api/index`).
/// \details `type` is what the server accepts: `persistent` (also its aliases `hash` and `skiplist`),
/// `ttl` (set `expire_after`), `geo`, `fulltext`, `inverted`, `zkd`/`mdi`... Attributes this struct does
/// not name go into `extra` (e.g. `{"minLength": 3}` for fulltext, `{"geoJson": true}` for geo); `extra`
/// wins over the named fields.
struct index_options
{
    std::string type = "persistent";
    std::vector<std::string> fields{};
    bool unique = false;
    bool sparse = false;
    std::optional<std::string> name{};
    std::optional<std::uint64_t> expire_after{}; ///< ttl indexes: seconds
    boost::json::object extra{};

    boost::json::object to_json() const
    {
        boost::json::array f;
        for (const auto& x : fields)
            f.emplace_back(x);
        boost::json::object o{
            {"type", type}, {"fields", std::move(f)}, {"unique", unique}, {"sparse", sparse}};
        if (name)
            o["name"] = *name;
        if (expire_after)
            o["expireAfter"] = *expire_after;
        for (const auto& kv : extra)
            o[kv.key()] = kv.value();
        return o;
    }
};

namespace detail {

inline boost::asio::awaitable<op_outcome<boost::json::array>>
co_list_indexes(arango_client& c, std::string database, std::string collection)
{
    http_request req;
    req.target = database_path(database, "/_api/index?collection=" + url_encode(collection));
    auto r = co_await c.co_json(std::move(req));
    if (r.ec)
        co_return forward_failure<boost::json::array>(r);
    auto* o = as_object(r.value);
    const boost::json::value* ix = o ? o->if_contains("indexes") : nullptr;
    if (!ix || !ix->is_array())
        co_return protocol_failure<boost::json::array>(
            "index list answer has no indexes array", c.current_endpoint().to_string()
        );
    co_return op_outcome<boost::json::array>{{}, ix->get_array(), {}};
}

// "<collection>/<n>" or "<n>" (of `collection`) -> /_api/index/<collection>/<n>.
inline std::string index_path(std::string_view database, std::string_view collection, std::string_view id)
{
    std::string_view coll = collection, num = id;
    if (auto slash = id.find('/'); slash != std::string_view::npos)
    {
        coll = id.substr(0, slash);
        num = id.substr(slash + 1);
    }
    return database_path(database, "/_api/index/" + url_encode(coll) + "/" + url_encode(num));
}

} // namespace detail

// Indexes
// Free functions over an `arango_client` (its lifetime, cancellation, deadline and error rules apply).

/// \brief `POST /_db/<db>/_api/index?collection=<c>` with `index.to_json()`.
/// \par Handler signature
/// `void(error_code, boost::json::value)`: the index description (`id` "<collection>/<n>", `name`,
/// `isNewlyCreated`: false when an identical index existed). Unknown collection: `http_error` (404, 1203);
/// an invalid definition: 400 (e.g. 10 bad parameter); a unique index the data violates: 409 (1210).
template <
    boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken = default_token>
auto async_create_index(
    arango_client& client,
    std::string_view database,
    std::string_view collection,
    const index_options& index,
    CompletionToken&& token = {}
)
{
    auto req = http_request::json(
        boost::beast::http::verb::post,
        database_path(database, "/_api/index?collection=" + url_encode(collection)), index.to_json()
    );
    // Creating the same index twice answers with the existing one: safe to re-send.
    req.idempotent = true;
    return client.initiate<boost::json::value>(
        std::forward<CompletionToken>(token),
        [&client, req = std::move(req)]() { return client.co_json(req); }
    );
}

/// \cond internal
// Options temporaries are refused (detail/named_options.hpp says why).
template <
    boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken = default_token>
auto async_create_index(
    arango_client&, std::string_view, std::string_view, index_options&&, CompletionToken&& = {}
)
{
    static_assert(detail::options_temporary_refused<CompletionToken>, ARANGOKIT_NAMED_OPTIONS_MESSAGE);
}
/// \endcond

/// \brief `GET /_db/<db>/_api/index?collection=<c>`: every index, the primary (and edge) index included.
/// \par Handler signature
/// `void(error_code, boost::json::array)`: the `indexes` array, in the server's order.
template <
    boost::asio::completion_token_for<void(error_code, boost::json::array)> CompletionToken = default_token>
auto async_list_indexes(
    arango_client& client,
    std::string_view database,
    std::string_view collection,
    CompletionToken&& token = {}
)
{
    return client.initiate<boost::json::array>(
        std::forward<CompletionToken>(token),
        [&client, d = std::string(database), c = std::string(collection)]() {
            return detail::co_list_indexes(client, d, c);
        }
    );
}

/// \brief `DELETE /_db/<db>/_api/index/<collection>/<n>`; `id` is the full id ("<collection>/<n>", as
/// `async_create_index` answers) or only its number.
/// \par Handler signature
/// `void(error_code, boost::json::value)`: `{"id": ...}`. Unknown index: `http_error` (404, 1212).
template <
    boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken = default_token>
auto async_drop_index(
    arango_client& client,
    std::string_view database,
    std::string_view collection,
    std::string_view id,
    CompletionToken&& token = {}
)
{
    http_request req;
    req.method = boost::beast::http::verb::delete_;
    req.target = detail::index_path(database, collection, id);
    return client.initiate<boost::json::value>(
        std::forward<CompletionToken>(token),
        [&client, req = std::move(req)]() { return client.co_json(req); }
    );
}

} // namespace arangokit

#endif
