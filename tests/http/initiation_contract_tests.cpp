// The initiation contract, driven through every initiating function of the HTTP layer (arango_client's
// members, query_cursor's, and the free functions of users.hpp, indexes.hpp and collection_properties.hpp):
//  - with asio::deferred, nothing reaches the server until the deferred operation is launched, and launching
//    it sends the request;
//  - inside a parallel_group that a timer wins, the operation completes promptly with operation_aborted;
//  - each cancellation type (terminal, partial, total) emitted on the handler's slot aborts a pending
//    exchange with operation_aborted, as arango_client's `\par Cancellation` promises.
// The server is an in-test stub that can hold every reply for 10 s, so "pending" is certain when the
// cancellation arrives.
#include <arangokit/arango/http/arango_client.hpp>
#include <arangokit/arango/http/collection_properties.hpp>
#include <arangokit/arango/http/indexes.hpp>
#include <arangokit/arango/http/users.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include "run_coro.hpp"
#include "stub_server.hpp"
#include <chrono>
#include <memory>
#include <string>
#include <tuple>

using namespace arangokit;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr auto tuple_token = asio::as_tuple(asio::use_awaitable);

// Replies that each operation accepts as a success, so the deferred case checks a real completion; `slow`
// holds every reply longer than any test waits.
struct stub_mode
{
    bool slow = false;
};

test::stub_reply reply_for(const test::recorded_request& r, const stub_mode& m)
{
    test::stub_reply out{200, "{}"};
    const std::string& t = r.target;
    if (t.rfind("/_api/version", 0) == 0)
        out.body =
            R"({"server":"arango","version":"3.12.4","license":"community","details":{"role":"SINGLE"}})";
    else if (t.find("/_api/cursor") != std::string::npos && r.method == "POST" && t.find("/_api/cursor/") == std::string::npos)
        out = {201, R"({"result":[1],"hasMore":true,"id":"77","error":false,"code":201})"};
    else if (t.find("/_api/cursor/77") != std::string::npos && r.method != "DELETE")
        out.body = R"({"result":[2],"hasMore":false,"error":false,"code":200})";
    else if (t.find("/_api/cursor/77") != std::string::npos)
        out.body = R"({"id":"77","error":false,"code":202})";
    else if (t.find("/count") != std::string::npos)
        out.body = R"({"count":3,"error":false,"code":200})";
    else if (t.rfind("/_api/user", 0) == 0 && r.method == "GET" && t.find("/database/") != std::string::npos)
        out.body = R"({"result":"rw","error":false,"code":200})";
    else if (t == "/_api/user/" || t == "/_api/user")
        out.body = R"({"result":[],"error":false,"code":200})";
    else if (t.rfind("/_api/user", 0) == 0)
        out.body = R"({"user":"u","active":true,"extra":{},"error":false,"code":200})";
    else if (t.find("/_admin/backup/create") != std::string::npos)
        out.body = R"({"result":{"id":"b1","datetime":"2026-12-05T00:00:00Z"},"error":false,"code":201})";
    else if (t.find("/_api/index?") != std::string::npos && r.method == "GET")
        out.body = R"({"indexes":[],"error":false,"code":200})";
    else if (t.find("/_admin/backup/list") != std::string::npos)
        out.body = R"({"result":{"list":{}},"error":false,"code":200})";
    else if (t.find("/_admin/server/availability") != std::string::npos)
        out.body = R"({"mode":"default","writeOpsEnabled":true})";
    else if (t.find("/_admin/cluster/shardDistribution") != std::string::npos)
        out.body = R"({"results":{},"error":false,"code":200})";
    if (m.slow)
        out.delay = 10s;
    return out;
}

client_config quick_config(endpoint ep)
{
    client_config cfg;
    cfg.endpoints = {std::move(ep)};
    cfg.request_timeout = 30s;
    cfg.retry.initial_backoff = 10ms;
    cfg.retry.max_backoff = 50ms;
    return cfg;
}

struct fixture
{
    asio::io_context& io;
    std::shared_ptr<stub_mode> mode = std::make_shared<stub_mode>();
    test::stub_server srv{io, [m = mode](const test::recorded_request& r) { return reply_for(r, *m); }};
    arango_client client{io.get_executor(), quick_config(srv.ep())};
};

asio::awaitable<void> pause(std::chrono::milliseconds d)
{
    asio::steady_timer t(co_await asio::this_coro::executor, d);
    co_await t.async_wait(tuple_token);
}

// The three checks for one operation. `make(client, token)` starts it with any token.
// `before_launch` runs before each launch (a fresh cursor for the cursor's operations).
inline asio::awaitable<void> nothing()
{
    co_return;
}

template <class Make, class Reset = decltype(&nothing)>
asio::awaitable<void> check_contract(fixture& fx, const char* name, Make make, Reset before_launch = &nothing)
{
    BOOST_TEST_CONTEXT(name)
    {
        // 1. Deferred: nothing on the wire until launched; launched, it completes.
        fx.mode->slow = false;
        co_await before_launch();
        auto before = fx.srv.requests().size();
        auto op = make(fx.client, asio::deferred);
        co_await pause(30ms);
        BOOST_TEST(fx.srv.requests().size() == before, "a deferred operation sent a request before launch");
        auto done = co_await std::move(op)(tuple_token);
        BOOST_TEST(!std::get<0>(done), std::get<0>(done).message());
        BOOST_TEST(fx.srv.requests().size() > before, "the launched operation sent nothing");

        // 2. parallel_group: a 50 ms timer wins against a reply held for 10 s; the operation is cancelled.
        fx.mode->slow = true;
        {
            co_await before_launch();
            asio::steady_timer timer(fx.io, 50ms);
            auto t0 = std::chrono::steady_clock::now();
            auto result = co_await asio::experimental::make_parallel_group(
                              make(fx.client, asio::deferred), timer.async_wait(asio::deferred)
            )
                              .async_wait(asio::experimental::wait_for_one(), asio::use_awaitable);
            auto took = std::chrono::steady_clock::now() - t0;
            BOOST_TEST(std::get<0>(result)[0] == 1u, "the timer should have completed first");
            BOOST_TEST(std::get<1>(result) == asio::error::operation_aborted, std::get<1>(result).message());
            BOOST_TEST(took < 3s);
        }

        // 3. Each cancellation type aborts the pending exchange.
        for (auto type :
             {asio::cancellation_type::terminal, asio::cancellation_type::partial,
              asio::cancellation_type::total})
        {
            co_await before_launch();
            asio::cancellation_signal sig;
            asio::steady_timer timer(fx.io, 50ms);
            timer.async_wait([&sig, type](error_code ec) {
                if (!ec) // not when the timer is destroyed first (the signal is gone then)
                    sig.emit(type);
            });
            auto t0 = std::chrono::steady_clock::now();
            auto r = co_await make(fx.client, asio::bind_cancellation_slot(sig.slot(), tuple_token));
            auto took = std::chrono::steady_clock::now() - t0;
            BOOST_TEST(
                std::get<0>(r) == asio::error::operation_aborted,
                "cancellation type " << static_cast<int>(type) << ": " << std::get<0>(r).message()
            );
            BOOST_TEST(took < 3s);
        }
        fx.mode->slow = false;
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(initiation_contract)

BOOST_AUTO_TEST_CASE(every_arango_client_operation_honours_deferred_parallel_group_and_each_cancellation_type)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            fixture fx{io};
            auto& c = fx.client;
            http_request get_version;
            get_version.target = "/_api/version";
            co_await check_contract(fx, "async_request", [&](auto& cl, auto tok) {
                return cl.async_request(get_version, std::move(tok));
            });
            co_await check_contract(fx, "async_wait_until_ready", [](auto& cl, auto tok) {
                return cl.async_wait_until_ready(deadline::after(20s), std::move(tok));
            });
            co_await check_contract(fx, "async_version", [](auto& cl, auto tok) {
                return cl.async_version(std::move(tok));
            });
            co_await check_contract(fx, "async_create_database", [](auto& cl, auto tok) {
                return cl.async_create_database("db1", std::move(tok));
            });
            co_await check_contract(fx, "async_drop_database", [](auto& cl, auto tok) {
                return cl.async_drop_database("db1", std::move(tok));
            });
            co_await check_contract(fx, "async_create_collection", [](auto& cl, auto tok) {
                return cl.async_create_collection("db1", "c", json::object{}, std::move(tok));
            });
            co_await check_contract(fx, "async_drop_collection", [](auto& cl, auto tok) {
                return cl.async_drop_collection("db1", "c", std::move(tok));
            });
            co_await check_contract(fx, "async_insert_document", [](auto& cl, auto tok) {
                return cl.async_insert_document(
                    "db1", "c", json::value(json::object{{"_key", "k"}}), std::move(tok)
                );
            });
            co_await check_contract(fx, "async_read_document", [](auto& cl, auto tok) {
                return cl.async_read_document("db1", "c", "k", std::move(tok));
            });
            co_await check_contract(fx, "async_document_exists", [](auto& cl, auto tok) {
                return cl.async_document_exists("db1", "c", "k", std::move(tok));
            });
            co_await check_contract(fx, "async_remove_document", [](auto& cl, auto tok) {
                return cl.async_remove_document("db1", "c", "k", std::move(tok));
            });
            co_await check_contract(fx, "async_count", [](auto& cl, auto tok) {
                return cl.async_count("db1", "c", std::move(tok));
            });
            co_await check_contract(fx, "async_truncate", [](auto& cl, auto tok) {
                return cl.async_truncate("db1", "c", std::move(tok));
            });
            query_options q;
            q.query = "FOR d IN c RETURN d";
            co_await check_contract(fx, "async_query", [&](auto& cl, auto tok) {
                return cl.async_query("db1", q, std::move(tok));
            });
            co_await check_contract(fx, "async_query_all", [&](auto& cl, auto tok) {
                return cl.async_query_all("db1", q, std::move(tok));
            });
            co_await check_contract(fx, "async_create_backup", [](auto& cl, auto tok) {
                return cl.async_create_backup("label", std::move(tok));
            });
            co_await check_contract(fx, "async_list_backups", [](auto& cl, auto tok) {
                return cl.async_list_backups(std::move(tok));
            });
            co_await check_contract(fx, "async_restore_backup", [](auto& cl, auto tok) {
                return cl.async_restore_backup("b1", std::move(tok));
            });
            co_await check_contract(fx, "async_delete_backup", [](auto& cl, auto tok) {
                return cl.async_delete_backup("b1", std::move(tok));
            });
            co_await check_contract(fx, "async_cluster_health", [](auto& cl, auto tok) {
                return cl.async_cluster_health(std::move(tok));
            });
            co_await check_contract(fx, "async_wait_for_shards_in_sync", [](auto& cl, auto tok) {
                return cl.async_wait_for_shards_in_sync("db1", deadline::after(20s), std::move(tok));
            });

            // Free functions over the client.
            co_await check_contract(fx, "async_collection_properties", [](auto& cl, auto tok) {
                return async_collection_properties(cl, "db1", "c", std::move(tok));
            });
            json::object changes{{"waitForSync", true}};
            co_await check_contract(fx, "async_change_collection_properties", [&](auto& cl, auto tok) {
                return async_change_collection_properties(cl, "db1", "c", changes, std::move(tok));
            });
            index_options idx;
            idx.fields = {"a"};
            co_await check_contract(fx, "async_create_index", [&](auto& cl, auto tok) {
                return async_create_index(cl, "db1", "c", idx, std::move(tok));
            });
            co_await check_contract(fx, "async_list_indexes", [](auto& cl, auto tok) {
                return async_list_indexes(cl, "db1", "c", std::move(tok));
            });
            co_await check_contract(fx, "async_drop_index", [](auto& cl, auto tok) {
                return async_drop_index(cl, "db1", "c", "c/1", std::move(tok));
            });
            user_options u;
            u.name = "u";
            u.password = "pw";
            co_await check_contract(fx, "async_create_user", [&](auto& cl, auto tok) {
                return async_create_user(cl, u, std::move(tok));
            });
            co_await check_contract(fx, "async_drop_user", [](auto& cl, auto tok) {
                return async_drop_user(cl, "u", std::move(tok));
            });
            co_await check_contract(fx, "async_list_users", [](auto& cl, auto tok) {
                return async_list_users(cl, std::move(tok));
            });
            co_await check_contract(fx, "async_grant_database", [](auto& cl, auto tok) {
                return async_grant_database(cl, "u", "db1", access_level::rw, std::move(tok));
            });
            co_await check_contract(fx, "async_grant_collection", [](auto& cl, auto tok) {
                return async_grant_collection(cl, "u", "db1", "c", access_level::ro, std::move(tok));
            });
            co_await check_contract(fx, "async_revoke_database", [](auto& cl, auto tok) {
                return async_revoke_database(cl, "u", "db1", std::move(tok));
            });
            co_await check_contract(fx, "async_revoke_collection", [](auto& cl, auto tok) {
                return async_revoke_collection(cl, "u", "db1", "c", std::move(tok));
            });
            co_await check_contract(fx, "async_clear_access", [](auto& cl, auto tok) {
                return async_clear_access(cl, "u", "db1", std::nullopt, std::move(tok));
            });
            co_await check_contract(fx, "async_access_level", [](auto& cl, auto tok) {
                return async_access_level(cl, "u", "db1", std::nullopt, std::move(tok));
            });

            // The cursor's own operations: before each launch a fresh cursor whose first batch (held by
            // async_query's answer, no request) is consumed, so the next call goes to the server.
            std::shared_ptr<query_cursor> cur;
            auto fresh_cursor = [&]() -> asio::awaitable<void> {
                bool slow = fx.mode->slow;
                fx.mode->slow = false;
                cur = std::make_shared<query_cursor>(co_await c.async_query("db1", q));
                auto first = co_await cur->async_next();
                BOOST_TEST(first.has_value());
                fx.mode->slow = slow;
            };
            co_await check_contract(
                fx, "query_cursor::async_next",
                [&](auto&, auto tok) { return cur->async_next(std::move(tok)); }, fresh_cursor
            );
            co_await check_contract(
                fx, "query_cursor::async_close",
                [&](auto&, auto tok) { return cur->async_close(std::move(tok)); }, fresh_cursor
            );
        },
        300s
    );
}

BOOST_AUTO_TEST_SUITE_END()
