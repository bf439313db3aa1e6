// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_QUERY_CURSOR_HPP
#define ARANGOKIT_ARANGO_HTTP_QUERY_CURSOR_HPP

#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace arangokit {

class arango_client;

/// \brief An AQL query for `arango_client::async_query` (`POST /_api/cursor`).
struct query_options
{
    std::string query{};
    boost::json::object bind_vars{};
    /// Documents per batch; unset: the server's default (1000).
    std::optional<std::uint64_t> batch_size{};
    /// Ask the server for the total count.
    bool count = false;
};

/// \brief A server-side AQL cursor that streams the result batch by batch.
/// \details Obtained from `arango_client::async_query`, which already holds the first batch. Each
/// `async_next` yields one batch; an empty optional means the result is exhausted. A cursor abandoned
/// before the end stays on the server until its TTL expires unless `async_close` is called.
/// \par Object lifetimes
/// The client must outlive the cursor and its operations.
/// \par Thread safety
/// Same as the client: use it on the client's executor only, one operation at a time.
class query_cursor
{
  public:
    query_cursor() = default;

    /// The cursor id (empty when the whole result fitted into the first batch).
    const std::string& id() const noexcept { return id_; }
    /// True while batches remain on the server.
    bool has_more() const noexcept { return has_more_; }
    /// True when every batch has been handed out.
    bool exhausted() const noexcept { return !first_ && !has_more_; }
    /// The total count, when the query asked for it.
    std::optional<std::uint64_t> count() const noexcept { return count_; }

    /// \brief The next batch of documents, or an empty optional at the end.
    /// \par Handler signature
    /// `void(error_code, std::optional<boost::json::array>)`
    /// \par Cancellation
    /// Terminal, partial and total cancellation abort the pending HTTP exchange (`operation_aborted`).
    /// A continuation request is not idempotent, so it is not retried after it was sent.
    template <
        boost::asio::completion_token_for<void(error_code, std::optional<boost::json::array>)>
            CompletionToken = default_token>
    auto async_next(CompletionToken&& token = {});

    /// \brief Deletes the cursor on the server (`DELETE /_api/cursor/<id>`); a no-op when exhausted.
    /// \par Handler signature
    /// `void(error_code, bool)`: true when a server-side cursor was deleted.
    template <boost::asio::completion_token_for<void(error_code, bool)> CompletionToken = default_token>
    auto async_close(CompletionToken&& token = {});

  private:
    friend class arango_client;
    arango_client* client_ = nullptr;
    std::string database_;
    std::string id_;
    bool has_more_ = false;
    std::optional<boost::json::array> first_;
    std::optional<std::uint64_t> count_;
};

} // namespace arangokit

#endif
