// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_ARANGO_CLIENT_HPP
#define ARANGOKIT_ARANGO_HTTP_ARANGO_CLIENT_HPP

#include <arangokit/arango/auth.hpp>
#include <arangokit/arango/endpoint.hpp>
#include <arangokit/arango/http/arango_error.hpp>
#include <arangokit/arango/http/backup_info.hpp>
#include <arangokit/arango/http/client_config.hpp>
#include <arangokit/arango/http/detail/connection_pool.hpp>
#include <arangokit/arango/http/http_request.hpp>
#include <arangokit/arango/http/http_response.hpp>
#include <arangokit/arango/http/query_cursor.hpp>
#include <arangokit/arango/http/version_info.hpp>
#include <arangokit/deadline.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arangokit {

namespace detail {
// What every internal coroutine produces: the completion's (error_code, T) plus the diagnostics.
template <class T> struct op_outcome
{
    error_code ec{};
    T value{};
    std::optional<arango_error> diag{};
};

struct request_mode
{
    bool send_auth = true;
    std::optional<std::size_t> pinned_endpoint{}; // no failover, no retry: the caller polls
};
} // namespace detail

/// \brief An awaitable HTTP/1.1 client for ArangoDB (the harness's native control plane).
/// \details Talks to `tcp://`, `ssl://` and `unix://` endpoints with keep-alive connection reuse per
/// endpoint, retries transient failures with backoff (`retry_policy`), fails over to the next endpoint
/// (coordinators), authenticates per `credentials` (Basic, superuser JWT from a secret, a ready-made
/// token, or a user token fetched from `/_open/auth`), and turns ArangoDB error bodies into
/// `arango_error` diagnostics.
///
/// Every operation is an initiating function taking any completion token; the default token
/// (`arangokit::default_token`) makes it awaitable and throws `arango_exception` (a `system_error`
/// carrying the `arango_error`) on failure. With `asio::as_tuple(asio::use_awaitable)` nothing throws.
///
/// \par Errors
/// - `errc::http_error`: the server answered with status >= 400 (the `arango_error` has status,
///   errorNum and message); `errc::authentication_failed` for 401.
/// - `errc::deadline_exceeded`: the request's timeout or the client's global deadline passed.
/// - `errc::tls_error`: TLS handshake or certificate verification failed (never retried).
/// - `errc::protocol_error`: the answer is not what ArangoDB sends (e.g. not JSON).
/// - `errc::server_not_ready`: `async_wait_until_ready` reached its deadline.
/// - Asio/system errors (e.g. `connection_refused`) when retries are exhausted before the deadline.
/// - `asio::error::operation_aborted`: the caller cancelled.
///
/// \par Cancellation
/// Every operation honours terminal, partial and total cancellation through the completion handler's
/// cancellation slot: the pending exchange is aborted and the operation completes with
/// `operation_aborted`. Emit cancellation on the client's executor only.
///
/// \par Deadline
/// The effective deadline of a request is `earliest(config.global_deadline, now + timeout)`, where the
/// timeout is the request's own or `config.request_timeout`. Backoff sleeps are clamped to it.
///
/// \par Object lifetimes
/// The client must outlive its operations and cursors. Request arguments are copied.
///
/// \par Thread safety
/// Confined to its executor: use a single-threaded `io_context` or a strand, and start operations from
/// that executor. Several operations may be in flight at once (each gets its own connection).
class arango_client
{
  public:
    using executor_type = boost::asio::any_io_executor;

    /// Creates the client; throws `system_error(errc::invalid_options)` for an empty endpoint list or an
    /// unreadable CA file.
    arango_client(executor_type ex, client_config cfg);

    executor_type get_executor() const noexcept { return ex_; }
    const client_config& config() const noexcept { return cfg_; }
    /// The endpoint requests go to first (moves on failover).
    const endpoint& current_endpoint() const noexcept { return cfg_.endpoints[current_]; }
    /// Number of idle keep-alive connections.
    std::size_t idle_connections() const noexcept { return pool_.idle_count(); }
    /// Closes every idle connection.
    void close_idle_connections() noexcept { pool_.clear(); }

    /// \brief Sends one request, with retries, failover, authentication and the deadline.
    /// \par Handler signature
    /// `void(error_code, http_response)`; the response is filled even on failure (status 0 if none).
    /// A status >= 400 is an error (`http_error` / `authentication_failed`) unless
    /// `req.accept_error_status` is set.
    template <
        boost::asio::completion_token_for<void(error_code, http_response)> CompletionToken = default_token>
    auto async_request(http_request req, CompletionToken&& token = {})
    {
        return initiate<http_response>(std::forward<CompletionToken>(token), [this, req = std::move(req)]() {
            return co_request(req, {});
        });
    }

    /// \brief Waits until every endpoint answers `GET /_admin/server/availability` with 200, then reads the
    /// version from the first one.
    /// \details Connection refused, a missing Unix socket, dropped connections and 503 mean "not ready yet";
    /// polls back off from 50 ms to 500 ms. 401 fails at once (`authentication_failed`).
    /// \par Handler signature
    /// `void(error_code, version_info)`
    /// \par Deadline
    /// `earliest(dl, config.global_deadline)`; when it passes: `errc::server_not_ready`, with the last
    /// error of the endpoint that was not ready in the diagnostics. With no deadline at all this polls
    /// forever.
    template <
        boost::asio::completion_token_for<void(error_code, version_info)> CompletionToken = default_token>
    auto async_wait_until_ready(deadline dl, CompletionToken&& token = {})
    {
        return initiate<version_info>(std::forward<CompletionToken>(token), [this, dl]() {
            return co_wait_until_ready(dl);
        });
    }

    /// \brief `GET /_api/version?details=true`.
    /// \par Handler signature
    /// `void(error_code, version_info)`
    template <
        boost::asio::completion_token_for<void(error_code, version_info)> CompletionToken = default_token>
    auto async_version(CompletionToken&& token = {})
    {
        return initiate<version_info>(std::forward<CompletionToken>(token), [this]() {
            return co_version();
        });
    }

    /// \brief `POST /_api/database {"name"}`.
    /// \par Handler signature
    /// `void(error_code, boost::json::value)`: the server's answer. An existing name gives `http_error`
    /// (409, errorNum 1207).
    template <
        boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken =
            default_token>
    auto async_create_database(std::string_view name, CompletionToken&& token = {})
    {
        boost::json::object body;
        body["name"] = name;
        return json_call(
            std::forward<CompletionToken>(token), boost::beast::http::verb::post, "/_api/database", body
        );
    }

    /// \brief `DELETE /_api/database/<name>`.
    /// \par Handler signature
    /// `void(error_code, boost::json::value)`
    template <
        boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken =
            default_token>
    auto async_drop_database(std::string_view name, CompletionToken&& token = {})
    {
        return json_call(
            std::forward<CompletionToken>(token), boost::beast::http::verb::delete_,
            "/_api/database/" + url_encode(name), std::nullopt
        );
    }

    /// \brief `POST /_db/<db>/_api/collection` with `properties` plus `name` (type 2 document by default,
    /// 3 for edges).
    /// \par Handler signature
    /// `void(error_code, boost::json::value)`: the collection description.
    template <
        boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken =
            default_token>
    auto async_create_collection(
        std::string_view database,
        std::string_view name,
        boost::json::object properties,
        CompletionToken&& token = {}
    )
    {
        properties["name"] = name;
        return json_call(
            std::forward<CompletionToken>(token), boost::beast::http::verb::post,
            database_path(database, "/_api/collection"), boost::json::value(std::move(properties))
        );
    }

    /// \brief `DELETE /_db/<db>/_api/collection/<name>`.
    /// \par Handler signature
    /// `void(error_code, boost::json::value)`
    template <
        boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken =
            default_token>
    auto async_drop_collection(std::string_view database, std::string_view name, CompletionToken&& token = {})
    {
        return json_call(
            std::forward<CompletionToken>(token), boost::beast::http::verb::delete_,
            database_path(database, "/_api/collection/" + url_encode(name)), std::nullopt
        );
    }

    /// \brief `POST /_db/<db>/_api/document/<collection>` (not retried once sent: inserts are not
    /// idempotent). \par Handler signature `void(error_code, boost::json::value)`: `{"_id","_key","_rev"}`.
    template <
        boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken =
            default_token>
    auto async_insert_document(
        std::string_view database,
        std::string_view collection,
        boost::json::value document,
        CompletionToken&& token = {}
    )
    {
        return json_call(
            std::forward<CompletionToken>(token), boost::beast::http::verb::post,
            database_path(database, "/_api/document/" + url_encode(collection)), std::move(document)
        );
    }

    /// \brief `GET /_db/<db>/_api/document/<collection>/<key>`.
    /// \par Handler signature
    /// `void(error_code, boost::json::value)`: the document. Missing: `http_error` (404, errorNum 1202).
    template <
        boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken =
            default_token>
    auto async_read_document(
        std::string_view database,
        std::string_view collection,
        std::string_view key,
        CompletionToken&& token = {}
    )
    {
        return json_call(
            std::forward<CompletionToken>(token), boost::beast::http::verb::get,
            database_path(database, "/_api/document/" + url_encode(collection) + "/" + url_encode(key)),
            std::nullopt
        );
    }

    /// \brief `HEAD /_db/<db>/_api/document/<collection>/<key>`.
    /// \par Handler signature
    /// `void(error_code, bool)`: false for 404 (not an error); other statuses >= 400 are errors.
    template <boost::asio::completion_token_for<void(error_code, bool)> CompletionToken = default_token>
    auto async_document_exists(
        std::string_view database,
        std::string_view collection,
        std::string_view key,
        CompletionToken&& token = {}
    )
    {
        http_request req;
        req.method = boost::beast::http::verb::head;
        req.target =
            database_path(database, "/_api/document/" + url_encode(collection) + "/" + url_encode(key));
        req.accept_error_status = true;
        return initiate<bool>(std::forward<CompletionToken>(token), [this, req = std::move(req)]() {
            return co_exists(req);
        });
    }

    /// \brief `DELETE /_db/<db>/_api/document/<collection>/<key>`.
    /// \par Handler signature
    /// `void(error_code, boost::json::value)`
    template <
        boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken =
            default_token>
    auto async_remove_document(
        std::string_view database,
        std::string_view collection,
        std::string_view key,
        CompletionToken&& token = {}
    )
    {
        return json_call(
            std::forward<CompletionToken>(token), boost::beast::http::verb::delete_,
            database_path(database, "/_api/document/" + url_encode(collection) + "/" + url_encode(key)),
            std::nullopt
        );
    }

    /// \brief `GET /_db/<db>/_api/collection/<name>/count`.
    /// \par Handler signature
    /// `void(error_code, std::uint64_t)`
    template <
        boost::asio::completion_token_for<void(error_code, std::uint64_t)> CompletionToken = default_token>
    auto async_count(std::string_view database, std::string_view collection, CompletionToken&& token = {})
    {
        http_request req;
        req.target = database_path(database, "/_api/collection/" + url_encode(collection) + "/count");
        return initiate<std::uint64_t>(std::forward<CompletionToken>(token), [this, req = std::move(req)]() {
            return co_count(req);
        });
    }

    /// \brief `PUT /_db/<db>/_api/collection/<name>/truncate`.
    /// \par Handler signature
    /// `void(error_code, boost::json::value)`
    template <
        boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken =
            default_token>
    auto async_truncate(std::string_view database, std::string_view collection, CompletionToken&& token = {})
    {
        return json_call(
            std::forward<CompletionToken>(token), boost::beast::http::verb::put,
            database_path(database, "/_api/collection/" + url_encode(collection) + "/truncate"),
            boost::json::value(boost::json::object())
        );
    }

    /// \brief Starts an AQL query (`POST /_db/<db>/_api/cursor`); the cursor streams the result.
    /// \par Handler signature
    /// `void(error_code, query_cursor)`. A query the server cannot parse: `http_error` (400, errorNum 1501).
    template <
        boost::asio::completion_token_for<void(error_code, query_cursor)> CompletionToken = default_token>
    auto async_query(std::string_view database, query_options q, CompletionToken&& token = {})
    {
        return initiate<query_cursor>(
            std::forward<CompletionToken>(token),
            [this, db = std::string(database), q = std::move(q)]() { return co_query(db, q); }
        );
    }

    /// \brief Runs a query and collects every document of every batch.
    /// \par Handler signature
    /// `void(error_code, boost::json::array)`
    template <
        boost::asio::completion_token_for<void(error_code, boost::json::array)> CompletionToken =
            default_token>
    auto async_query_all(std::string_view database, query_options q, CompletionToken&& token = {})
    {
        return initiate<boost::json::array>(
            std::forward<CompletionToken>(token),
            [this, db = std::string(database), q = std::move(q)]() { return co_query_all(db, q); }
        );
    }

    /// \brief `POST /_admin/backup/create {"label"}` (hot backup; label may be empty).
    /// \par Handler signature
    /// `void(error_code, backup_info)`
    template <
        boost::asio::completion_token_for<void(error_code, backup_info)> CompletionToken = default_token>
    auto async_create_backup(std::string_view label, CompletionToken&& token = {})
    {
        boost::json::object body;
        if (!label.empty())
            body["label"] = label;
        return initiate<backup_info>(std::forward<CompletionToken>(token), [this, body = std::move(body)]() {
            return co_create_backup(body);
        });
    }

    /// \brief `POST /_admin/backup/list`.
    /// \par Handler signature
    /// `void(error_code, std::vector<backup_info>)` sorted by id.
    template <
        boost::asio::completion_token_for<void(error_code, std::vector<backup_info>)> CompletionToken =
            default_token>
    auto async_list_backups(CompletionToken&& token = {})
    {
        return initiate<std::vector<backup_info>>(std::forward<CompletionToken>(token), [this]() {
            return co_list_backups();
        });
    }

    /// \brief `POST /_admin/backup/restore {"id"}`.
    /// \par Handler signature
    /// `void(error_code, boost::json::value)`
    template <
        boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken =
            default_token>
    auto async_restore_backup(std::string_view id, CompletionToken&& token = {})
    {
        boost::json::object body;
        body["id"] = id;
        return json_call(
            std::forward<CompletionToken>(token), boost::beast::http::verb::post, "/_admin/backup/restore",
            body
        );
    }

    /// \brief `POST /_admin/backup/delete {"id"}`.
    /// \par Handler signature
    /// `void(error_code, boost::json::value)`
    template <
        boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken =
            default_token>
    auto async_delete_backup(std::string_view id, CompletionToken&& token = {})
    {
        boost::json::object body;
        body["id"] = id;
        return json_call(
            std::forward<CompletionToken>(token), boost::beast::http::verb::post, "/_admin/backup/delete",
            body
        );
    }

    /// \brief `GET /_admin/cluster/health`.
    /// \par Handler signature
    /// `void(error_code, boost::json::value)`: the whole answer (`Health`, `ClusterId`). A single server
    /// answers with an error status (`http_error`).
    template <
        boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken =
            default_token>
    auto async_cluster_health(CompletionToken&& token = {})
    {
        return json_call(
            std::forward<CompletionToken>(token), boost::beast::http::verb::get, "/_admin/cluster/health",
            std::nullopt
        );
    }

    /// \brief Polls `GET /_db/<db>/_admin/cluster/shardDistribution` until every planned shard is current
    /// with the same leader and followers.
    /// \par Handler signature
    /// `void(error_code, boost::json::value)`: the final `results` object.
    /// \par Deadline
    /// `earliest(dl, config.global_deadline)`; when it passes: `errc::deadline_exceeded`, and the
    /// diagnostics name the first shard not in sync. Polls every 100–500 ms.
    template <
        boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken =
            default_token>
    auto async_wait_for_shards_in_sync(std::string_view database, deadline dl, CompletionToken&& token = {})
    {
        return initiate<boost::json::value>(
            std::forward<CompletionToken>(token),
            [this, db = std::string(database), dl]() { return co_wait_for_shards(db, dl); }
        );
    }

    // -----------------------------------------------------------------------------------------------------
    // Implementation interface (used by query_cursor); not part of the documented API.
    template <
        class T,
        boost::asio::completion_token_for<void(error_code, T)> CompletionToken,
        class MakeAwaitable>
    auto initiate(CompletionToken&& token, MakeAwaitable make);

    boost::asio::awaitable<detail::op_outcome<http_response>>
    co_request(http_request req, detail::request_mode mode);
    boost::asio::awaitable<detail::op_outcome<std::optional<boost::json::array>>>
    co_cursor_next(query_cursor* c);
    boost::asio::awaitable<detail::op_outcome<bool>> co_cursor_close(query_cursor* c);
    // One request whose answer is JSON (empty body: null); used by the operations in users.hpp,
    // indexes.hpp and collection_properties.hpp.
    boost::asio::awaitable<detail::op_outcome<boost::json::value>> co_json(http_request req);

  private:
    template <boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken>
    auto json_call(
        CompletionToken&& token,
        boost::beast::http::verb m,
        std::string target,
        std::optional<boost::json::value> body
    )
    {
        http_request req;
        req.method = m;
        req.target = std::move(target);
        if (body)
            req.body = boost::json::serialize(*body);
        return initiate<boost::json::value>(
            std::forward<CompletionToken>(token), [this, req = std::move(req)]() { return co_json(req); }
        );
    }

    struct attempt_result;
    boost::asio::awaitable<attempt_result>
    co_attempt(std::size_t idx, http_request req, std::optional<std::string> auth);
    boost::asio::awaitable<detail::op_outcome<std::optional<std::string>>> co_authorization();
    boost::asio::awaitable<detail::op_outcome<bool>> co_exists(http_request req);
    boost::asio::awaitable<detail::op_outcome<std::uint64_t>> co_count(http_request req);
    boost::asio::awaitable<detail::op_outcome<version_info>> co_version();
    boost::asio::awaitable<detail::op_outcome<version_info>> co_wait_until_ready(deadline dl);
    boost::asio::awaitable<detail::op_outcome<query_cursor>> co_query(std::string db, query_options q);
    boost::asio::awaitable<detail::op_outcome<boost::json::array>>
    co_query_all(std::string db, query_options q);
    boost::asio::awaitable<detail::op_outcome<backup_info>> co_create_backup(boost::json::object body);
    boost::asio::awaitable<detail::op_outcome<std::vector<backup_info>>> co_list_backups();
    boost::asio::awaitable<detail::op_outcome<boost::json::value>>
    co_wait_for_shards(std::string db, deadline dl);

    executor_type ex_;
    client_config cfg_;
    std::unique_ptr<boost::asio::ssl::context> ssl_ctx_;
    detail::connection_pool pool_;
    std::size_t current_ = 0;
    std::optional<std::string> cached_token_; // superuser or user JWT
};

} // namespace arangokit

#include <arangokit/arango/http/impl/arango_client.hpp>

#endif
