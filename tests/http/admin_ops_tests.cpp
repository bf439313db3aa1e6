// Users, permissions, indexes and collection properties (users.hpp, indexes.hpp, collection_properties.hpp)
// against the in-test stub server: the exact requests ArangoDB's REST API expects, the answers parsed, the
// errors mapped, and the password never leaving the request body.
#include <arangokit/arango/http/collection_properties.hpp>
#include <arangokit/arango/http/indexes.hpp>
#include <arangokit/arango/http/users.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include "run_coro.hpp"
#include "stub_server.hpp"

using namespace arangokit;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace json = boost::json;
using test::error_reply;
using test::recorded_request;
using test::stub_reply;
using test::stub_server;

namespace {

constexpr auto tuple_token = asio::as_tuple(asio::use_awaitable);

client_config config_for(std::vector<endpoint> eps)
{
    client_config cfg;
    cfg.endpoints = std::move(eps);
    cfg.auth.username = "root";
    cfg.auth.password = "rootpw";
    cfg.request_timeout = 20s;
    cfg.retry.initial_backoff = 10ms;
    cfg.retry.max_backoff = 100ms;
    return cfg;
}

json::value body_of(const recorded_request& r)
{
    return r.body.empty() ? json::value() : json::parse(r.body);
}

} // namespace

BOOST_AUTO_TEST_SUITE(admin_operations_with_stub_server)

BOOST_AUTO_TEST_CASE(users_create_list_drop_and_the_password_only_in_the_body)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            stub_server srv(io, [](const recorded_request& r) {
                if (r.method == "POST" && r.target == "/_api/user")
                {
                    auto b = json::parse(r.body).as_object();
                    if (b.at("user") == "taken")
                        return error_reply(409, 1702, "duplicate user");
                    return stub_reply{
                        201, R"({"user":")" + std::string(b.at("user").as_string()) +
                                 R"(","active":true,"extra":{"team":"qa"},"error":false,"code":201})"};
                }
                if (r.method == "GET" && r.target == "/_api/user/")
                    return stub_reply{
                        200,
                        R"({"error":false,"code":200,"result":[{"user":"root","active":true,"extra":{}},)"
                        R"({"user":"alice","active":false,"extra":{"k":1}}]})"};
                if (r.method == "DELETE" && r.target == "/_api/user/alice")
                    return stub_reply{202, R"({"error":false,"code":202})"};
                if (r.method == "DELETE")
                    return error_reply(404, 1703, "user not found");
                return error_reply(400, 10, "unexpected " + r.method + " " + r.target);
            });
            arango_client c(io.get_executor(), config_for({srv.ep()}));

            user_options u;
            u.name = "alice";
            u.password = "s3cr3t-pw";
            u.extra = json::object{{"team", "qa"}};
            auto created = co_await async_create_user(c, u);
            BOOST_TEST(created.name == "alice");
            BOOST_TEST(created.active);
            BOOST_TEST(created.extra.at("team").as_string() == "qa");
            const auto& req = srv.requests().back();
            auto b = body_of(req).as_object();
            BOOST_TEST(b.at("user").as_string() == "alice");
            BOOST_TEST(b.at("passwd").as_string() == "s3cr3t-pw");
            BOOST_TEST(b.at("active").as_bool());
            BOOST_TEST(b.at("extra").at("team").as_string() == "qa");
            BOOST_TEST(req.target.find("s3cr3t") == std::string::npos);

            user_options dup;
            dup.name = "taken";
            dup.password = "another-secret";
            auto [dup_ec, dup_info] = co_await async_create_user(c, dup, tuple_token);
            BOOST_TEST((dup_ec == errc::http_error));
            try
            {
                co_await async_create_user(c, dup);
                BOOST_FAIL("duplicate user accepted");
            }
            catch (const arango_exception& e)
            {
                BOOST_TEST(e.error().http_status == 409u);
                BOOST_TEST(e.error().error_num == 1702);
                // The error names the request, never the password.
                BOOST_TEST(std::string(e.what()).find("another-secret") == std::string::npos, e.what());
                BOOST_TEST(e.error().message.find("another-secret") == std::string::npos);
            }

            auto users = co_await async_list_users(c);
            BOOST_TEST_REQUIRE(users.size() == 2u);
            BOOST_TEST(users[0].name == "alice"); // sorted by name
            BOOST_TEST(!users[0].active);
            BOOST_TEST(users[0].extra.at("k").as_int64() == 1);
            BOOST_TEST(users[1].name == "root");

            co_await async_drop_user(c, "alice");
            BOOST_TEST(srv.requests().back().method == "DELETE");
            auto [gone_ec, gone] = co_await async_drop_user(c, "ghost", tuple_token);
            BOOST_TEST((gone_ec == errc::http_error));
        },
        30s
    );
}

BOOST_AUTO_TEST_CASE(grants_revokes_clears_and_access_levels_use_the_user_database_paths)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            stub_server srv(io, [](const recorded_request& r) {
                if (r.method == "GET" && r.target == "/_api/user/bob/database/shop")
                    return stub_reply{200, R"({"error":false,"code":200,"result":"ro"})"};
                if (r.method == "GET" && r.target == "/_api/user/bob/database/shop/orders")
                    return stub_reply{200, R"({"error":false,"code":200,"result":"none"})"};
                if (r.method == "GET")
                    return stub_reply{200, R"({"error":false,"code":200,"result":"maybe"})"};
                if (r.method == "PUT")
                    return stub_reply{200, R"({"shop":"rw","error":false,"code":200})"};
                if (r.method == "DELETE")
                    return stub_reply{202, R"({"error":false,"code":202})"};
                return error_reply(400, 10, "unexpected");
            });
            arango_client c(io.get_executor(), config_for({srv.ep()}));
            auto last = [&] { return srv.requests().back(); };

            co_await async_grant_database(c, "bob", "shop", access_level::rw);
            BOOST_TEST(last().method == "PUT");
            BOOST_TEST(last().target == "/_api/user/bob/database/shop");
            BOOST_TEST(body_of(last()) == (json::value{{"grant", "rw"}}));

            co_await async_grant_database(c, "bob", "*", access_level::ro);
            BOOST_TEST(last().target == "/_api/user/bob/database/%2A");
            BOOST_TEST(body_of(last()) == (json::value{{"grant", "ro"}}));

            co_await async_grant_collection(c, "bob", "shop", "orders", access_level::ro);
            BOOST_TEST(last().target == "/_api/user/bob/database/shop/orders");
            BOOST_TEST(body_of(last()) == (json::value{{"grant", "ro"}}));

            co_await async_revoke_database(c, "bob", "shop");
            BOOST_TEST(last().method == "PUT");
            BOOST_TEST(body_of(last()) == (json::value{{"grant", "none"}}));

            co_await async_revoke_collection(c, "bob", "shop", "orders");
            BOOST_TEST(last().target == "/_api/user/bob/database/shop/orders");
            BOOST_TEST(body_of(last()) == (json::value{{"grant", "none"}}));

            co_await async_clear_access(c, "bob", "shop", std::nullopt);
            BOOST_TEST(last().method == "DELETE");
            BOOST_TEST(last().target == "/_api/user/bob/database/shop");
            co_await async_clear_access(c, "bob", "shop", std::string_view("orders"));
            BOOST_TEST(last().target == "/_api/user/bob/database/shop/orders");

            // Names are path segments: encoded.
            co_await async_grant_database(c, "a b/c", "shop", access_level::rw);
            BOOST_TEST(last().target == "/_api/user/a%20b%2Fc/database/shop");

            BOOST_TEST((co_await async_access_level(c, "bob", "shop") == access_level::ro));
            BOOST_TEST(
                (co_await async_access_level(c, "bob", "shop", std::string_view("orders")) ==
                 access_level::none)
            );
            auto [odd_ec, odd] = co_await async_access_level(c, "bob", "other", std::nullopt, tuple_token);
            BOOST_TEST((odd_ec == errc::protocol_error));
        },
        30s
    );
}

BOOST_AUTO_TEST_CASE(indexes_create_list_drop)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            stub_server srv(io, [](const recorded_request& r) {
                if (r.method == "POST" && r.target == "/_db/shop/_api/index?collection=items")
                    return stub_reply{
                        201,
                        R"({"id":"items/77","type":"persistent","fields":["sku"],"unique":true,"sparse":false,)"
                        R"("name":"idx_sku","isNewlyCreated":true,"error":false,"code":201})"};
                if (r.method == "POST")
                    return error_reply(404, 1203, "collection or view not found");
                if (r.method == "GET" && r.target == "/_db/shop/_api/index?collection=items")
                    return stub_reply{
                        200, R"({"indexes":[{"id":"items/0","type":"primary","fields":["_key"]},)"
                             R"({"id":"items/77","type":"persistent","fields":["sku"]}],"identifiers":{},)"
                             R"("error":false,"code":200})"};
                if (r.method == "GET")
                    return stub_reply{200, R"({"error":false,"code":200})"};
                if (r.method == "DELETE" && r.target == "/_db/shop/_api/index/items/77")
                    return stub_reply{200, R"({"id":"items/77","error":false,"code":200})"};
                return error_reply(404, 1212, "index not found");
            });
            arango_client c(io.get_executor(), config_for({srv.ep()}));

            index_options ix;
            ix.fields = {"sku"};
            ix.unique = true;
            ix.name = "idx_sku";
            auto created = co_await async_create_index(c, "shop", "items", ix);
            BOOST_TEST(created.at("id").as_string() == "items/77");
            BOOST_TEST(created.at("isNewlyCreated").as_bool());
            auto sent = body_of(srv.requests().back()).as_object();
            BOOST_TEST(sent.at("type").as_string() == "persistent");
            BOOST_TEST(sent.at("fields") == (json::array{"sku"}));
            BOOST_TEST(sent.at("unique").as_bool());
            BOOST_TEST(!sent.at("sparse").as_bool());
            BOOST_TEST(sent.at("name").as_string() == "idx_sku");

            index_options ttl;
            ttl.type = "ttl";
            ttl.fields = {"expiresAt"};
            ttl.expire_after = 3600;
            ttl.sparse = true;
            auto [miss_ec, miss] = co_await async_create_index(c, "shop", "nope", ttl, tuple_token);
            BOOST_TEST((miss_ec == errc::http_error));
            sent = body_of(srv.requests().back()).as_object();
            BOOST_TEST(sent.at("expireAfter").as_int64() == 3600);
            BOOST_TEST(sent.at("type").as_string() == "ttl");

            index_options ft;
            ft.type = "fulltext";
            ft.fields = {"text"};
            ft.extra = json::object{{"minLength", 3}, {"sparse", true}};
            BOOST_TEST(ft.to_json().at("minLength").as_int64() == 3);
            BOOST_TEST(ft.to_json().at("sparse").as_bool()); // extra wins

            auto list = co_await async_list_indexes(c, "shop", "items");
            BOOST_TEST_REQUIRE(list.size() == 2u);
            BOOST_TEST(list[1].at("id").as_string() == "items/77");
            auto [bad_ec, bad] = co_await async_list_indexes(c, "shop", "other", tuple_token);
            BOOST_TEST((bad_ec == errc::protocol_error));

            co_await async_drop_index(c, "shop", "items", "items/77");
            BOOST_TEST(srv.requests().back().target == "/_db/shop/_api/index/items/77");
            co_await async_drop_index(c, "shop", "items", "77"); // the number alone
            BOOST_TEST(srv.requests().back().target == "/_db/shop/_api/index/items/77");
            try
            {
                co_await async_drop_index(c, "shop", "items", "78");
                BOOST_FAIL("dropping an unknown index succeeded");
            }
            catch (const arango_exception& e)
            {
                BOOST_TEST(e.error().http_status == 404u);
                BOOST_TEST(e.error().error_num == 1212);
            }
        },
        30s
    );
}

BOOST_AUTO_TEST_CASE(collection_properties_read_and_change)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            bool wfs = false;
            stub_server srv(io, [&wfs](const recorded_request& r) {
                if (r.target != "/_db/shop/_api/collection/items/properties")
                    return error_reply(404, 1203, "collection or view not found");
                if (r.method == "PUT")
                    wfs = json::parse(r.body).at("waitForSync").as_bool();
                return stub_reply{
                    200, std::string(R"({"name":"items","waitForSync":)") + (wfs ? "true" : "false") +
                             R"(,"keyOptions":{"type":"traditional"},"error":false,"code":200})"};
            });
            arango_client c(io.get_executor(), config_for({srv.ep()}));
            auto p = co_await async_collection_properties(c, "shop", "items");
            BOOST_TEST(p.at("name").as_string() == "items");
            BOOST_TEST(!p.at("waitForSync").as_bool());
            BOOST_TEST(!p.contains("error")); // the answer's envelope is not a property
            BOOST_TEST(!p.contains("code"));
            json::object change{{"waitForSync", true}};
            auto changed = co_await async_change_collection_properties(c, "shop", "items", change);
            BOOST_TEST(srv.requests().back().method == "PUT");
            BOOST_TEST(changed.at("waitForSync").as_bool());
            auto [ec, none] = co_await async_collection_properties(c, "shop", "missing", tuple_token);
            BOOST_TEST((ec == errc::http_error));
        },
        30s
    );
}

BOOST_AUTO_TEST_CASE(access_level_names_round_trip)
{
    for (auto a : {access_level::rw, access_level::ro, access_level::none})
        BOOST_TEST((parse_access_level(to_string(a)) == a));
    BOOST_TEST(!parse_access_level("RW"));
    BOOST_TEST(!parse_access_level(""));
}

BOOST_AUTO_TEST_SUITE_END()
