// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_COLLECTION_PROPERTIES_HPP
#define ARANGOKIT_ARANGO_HTTP_COLLECTION_PROPERTIES_HPP

#include <arangokit/arango/http/arango_client.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace arangokit {

namespace detail {

inline boost::asio::awaitable<op_outcome<boost::json::object>>
co_collection_properties(arango_client& c, http_request req)
{
    auto r = co_await c.co_json(std::move(req));
    if (r.ec)
        co_return forward_failure<boost::json::object>(r);
    auto* o = as_object(r.value);
    if (!o)
        co_return protocol_failure<boost::json::object>(
            "collection properties answer is not a JSON object", c.current_endpoint().to_string()
        );
    boost::json::object out = *o;
    // The envelope of every answer, not a property.
    out.erase("error");
    out.erase("code");
    co_return op_outcome<boost::json::object>{{}, std::move(out), {}};
}

} // namespace detail

// Collection properties
// Free functions over an `arango_client` (its lifetime, cancellation, deadline and error rules apply).

/// \brief `GET /_db/<db>/_api/collection/<name>/properties`.
/// \par Handler signature
/// `void(error_code, boost::json::object)`: the properties (`waitForSync`, `keyOptions`, `schema`,
/// `cacheEnabled`, `numberOfShards`, ...) without the answer's `error`/`code`. Unknown collection:
/// `http_error` (404, errorNum 1203).
template <
    boost::asio::completion_token_for<void(error_code, boost::json::object)> CompletionToken = default_token>
auto async_collection_properties(
    arango_client& client,
    std::string_view database,
    std::string_view collection,
    CompletionToken&& token = {}
)
{
    http_request req;
    req.target = database_path(database, "/_api/collection/" + url_encode(collection) + "/properties");
    return client.initiate<boost::json::object>(
        std::forward<CompletionToken>(token),
        [&client, req = std::move(req)]() { return detail::co_collection_properties(client, req); }
    );
}

/// \brief `PUT /_db/<db>/_api/collection/<name>/properties` with the properties to change (ArangoDB
/// accepts `waitForSync`, `schema`, `cacheEnabled`, `computedValues`, `replicationFactor`,
/// `writeConcern`; others are ignored or rejected by the server).
/// \par Handler signature
/// `void(error_code, boost::json::object)`: the properties after the change.
template <
    boost::asio::completion_token_for<void(error_code, boost::json::object)> CompletionToken = default_token>
auto async_change_collection_properties(
    arango_client& client,
    std::string_view database,
    std::string_view collection,
    const boost::json::object& changes,
    CompletionToken&& token = {}
)
{
    auto req = http_request::json(
        boost::beast::http::verb::put,
        database_path(database, "/_api/collection/" + url_encode(collection) + "/properties"), changes
    );
    return client.initiate<boost::json::object>(
        std::forward<CompletionToken>(token),
        [&client, req = std::move(req)]() { return detail::co_collection_properties(client, req); }
    );
}

} // namespace arangokit

#endif
