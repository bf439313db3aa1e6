// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_SCENARIOS_DATABASE_INVENTORY_HPP
#define ARANGOKIT_SCENARIOS_DATABASE_INVENTORY_HPP

#include <arangokit/arango/http/arango_client.hpp>
#include <arangokit/arango/http/http_request.hpp>
#include <arangokit/artifacts/dump_reader.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>

#include <arangokit/detail/async_from_coro.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief One collection as the server's inventory lists it, with its size from the collection's figures.
struct inventory_collection
{
    std::string name{};
    int type = 2;                ///< 2 document, 3 edge
    std::uint64_t documents = 0; ///< `count`
    std::uint64_t bytes = 0;     ///< `figures.documentsSize` (0 when the server does not report it)
    /// `parameters.distributeShardsLike`: the prototype whose shard layout this collection follows (a
    /// restore must create the prototype first). Empty when there is none.
    std::string distribute_shards_like{};
    bool is_system() const noexcept { return !name.empty() && name.front() == '_'; }
};

/// \brief The collections and views of one database (`GET /_api/replication/inventory`), system
/// collections included, sorted by name.
struct database_inventory
{
    std::string database{};
    std::vector<inventory_collection> collections{};
    std::vector<std::string> views{};

    const inventory_collection* find(std::string_view name) const noexcept
    {
        for (const auto& c : collections)
            if (c.name == name)
                return &c;
        return nullptr;
    }
};

namespace detail {

// A count or size as a number; a value that is not a non-negative integral number reads as 0 (sizes only
// weigh the segment plan, they never decide correctness).
template <class T> T inventory_number(const boost::json::value* v) noexcept
{
    if (!v || !v->is_number())
        return 0;
    boost::system::error_code ec;
    auto n = v->to_number<T>(ec);
    return ec ? T{} : n;
}

// The inventory body: {"collections":[{"parameters":{"name","type","count"},...}],"views":[{"name"}]}.
inline bool parse_inventory(const boost::json::value& v, database_inventory& inv)
{
    auto* o = v.if_object();
    auto* colls = o ? o->if_contains("collections") : nullptr;
    if (!colls || !colls->is_array())
        return false;
    for (const auto& c : colls->get_array())
    {
        auto* p = c.is_object() ? c.get_object().if_contains("parameters") : nullptr;
        auto* po = p ? p->if_object() : nullptr;
        auto* n = po ? po->if_contains("name") : nullptr;
        if (!n || !n->is_string())
            return false;
        inventory_collection ic;
        ic.name = std::string(n->get_string());
        if (auto* t = po->if_contains("type"); t && t->is_number())
            ic.type = inventory_number<int>(t);
        ic.documents = inventory_number<std::uint64_t>(po->if_contains("count"));
        if (auto* d = po->if_contains("distributeShardsLike"); d && d->is_string())
            ic.distribute_shards_like = std::string(d->get_string());
        inv.collections.push_back(std::move(ic));
    }
    if (auto* views = o->if_contains("views"); views && views->is_array())
        for (const auto& w : views->get_array())
            if (auto* n = w.is_object() ? w.get_object().if_contains("name") : nullptr; n && n->is_string())
                inv.views.emplace_back(n->get_string());
    std::sort(inv.collections.begin(), inv.collections.end(), [](const auto& a, const auto& b) {
        return a.name < b.name;
    });
    std::sort(inv.views.begin(), inv.views.end());
    return true;
}

inline boost::asio::awaitable<std::pair<error_code, database_inventory>>
co_read_inventory(arango_client& client, std::string database)
{
    using boost::beast::http::verb;
    constexpr auto tuple = boost::asio::as_tuple(boost::asio::use_awaitable);
    database_inventory inv;
    inv.database = database;
    http_request req;
    req.method = verb::get;
    req.target = database_path(database, "/_api/replication/inventory?includeSystem=true&global=false");
    auto [ec, res] = co_await client.async_request(req, tuple);
    if (ec)
        co_return std::pair{ec, std::move(inv)};
    if (!parse_inventory(res.json(), inv))
        co_return std::pair{error_code(errc::protocol_error), std::move(inv)};
    // The inventory gives counts only: the bytes a dump writes are closer to the figures' documentsSize.
    for (auto& c : inv.collections)
    {
        http_request f;
        f.method = verb::get;
        f.target = database_path(database, "/_api/collection/" + url_encode(c.name) + "/figures");
        auto [fec, fres] = co_await client.async_request(f, tuple);
        if (fec)
            co_return std::pair{fec, std::move(inv)};
        auto v = fres.json();
        auto* o = v.if_object();
        auto* fig = o ? o->if_contains("figures") : nullptr;
        auto* ds = fig && fig->is_object() ? fig->get_object().if_contains("documentsSize") : nullptr;
        c.bytes = inventory_number<std::uint64_t>(ds);
        if (auto* k = o ? o->if_contains("count") : nullptr; k && k->is_number())
            c.documents = inventory_number<std::uint64_t>(k);
    }
    co_return std::pair{error_code{}, std::move(inv)};
}

} // namespace detail

/// \brief The inventory of a dump directory's database (as `read_dump` gives it): its collections with the
/// bytes of their data files on disk (compressed or not) and its views. `documents` is the model's
/// `document_count` (0 unless the dump was read with `count_documents`).
inline database_inventory inventory_of_dump(const dump_database& db)
{
    database_inventory inv;
    inv.database = db.name;
    for (const auto& c : db.collections)
    {
        inventory_collection ic;
        ic.name = c.name;
        ic.type = c.type;
        ic.documents = c.document_count;
        if (auto* d = c.parameters.if_contains("distributeShardsLike"); d && d->is_string())
            ic.distribute_shards_like = std::string(d->get_string());
        for (const auto& f : c.data_files)
        {
            std::error_code ec;
            auto n = std::filesystem::file_size(f, ec);
            if (!ec)
                ic.bytes += n;
        }
        inv.collections.push_back(std::move(ic));
    }
    for (const auto& v : db.views)
        inv.views.push_back(v.name);
    return inv;
}

/// \brief Reads a database's inventory: its collections (system ones included) with document counts and
/// sizes (`GET /_api/replication/inventory`, then `GET /_api/collection/<name>/figures` for each), and its
/// views.
/// \par Handler signature
/// `void(error_code, database_inventory)`: the client's errors (`errc::http_error` with the server's
/// diagnostics for an unknown database, ...), `errc::protocol_error` for an inventory without a collection
/// list. The default token throws.
/// \par Cancellation
/// As the client's requests: terminal cancellation aborts the request in flight (operation_aborted).
/// \par Object lifetimes
/// `client` must outlive the operation; `database` is copied.
template <
    boost::asio::completion_token_for<void(error_code, database_inventory)> CompletionToken = default_token>
auto async_read_inventory(arango_client& client, std::string_view database, CompletionToken&& token = {})
{
    return detail::async_from_coro<database_inventory>(
        client.get_executor(),
        [&client, db = std::string(database)]() { return detail::co_read_inventory(client, db); },
        std::forward<CompletionToken>(token)
    );
}

} // namespace arangokit

#endif
