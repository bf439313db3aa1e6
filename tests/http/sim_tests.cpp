// arango_client against the arangosim simulator: single server and cluster mode, with auth and TLS,
// fault injection (503, dropped connections) for retries and failover, readiness while starting.
#define BOOST_TEST_MODULE arangokit_http_sim
#include <arangokit/arango/http/arango_client.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include "child_process.hpp"
#include "files.hpp"
#include "free_port.hpp"
#include "run_coro.hpp"
#include "sim_process.hpp"
#include <fstream>
#include <optional>

using namespace arangokit;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace json = boost::json;
using test::free_port;
using test::sim_server;

namespace {

constexpr auto tuple_token = asio::as_tuple(asio::use_awaitable);

client_config config_for(std::vector<endpoint> eps)
{
    client_config cfg;
    cfg.endpoints = std::move(eps);
    cfg.auth.authentication = false;
    cfg.request_timeout = 30s;
    cfg.retry.initial_backoff = 10ms;
    cfg.retry.max_backoff = 200ms;
    return cfg;
}

// PUT /_sim/faults on one listener.
asio::awaitable<void> set_faults(asio::io_context& io, const endpoint& ep, const json::object& f)
{
    auto cfg = config_for({ep});
    cfg.tls.insecure = true;
    arango_client c(io.get_executor(), cfg);
    auto req = http_request::json(boost::beast::http::verb::put, "/_sim/faults", f);
    co_await c.async_request(req);
}

} // namespace

BOOST_AUTO_TEST_SUITE(client_with_simulator)

BOOST_AUTO_TEST_CASE(single_server_database_collection_document_and_cursor_lifecycle)
{
    sim_server sim({});
    test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            arango_client c(io.get_executor(), config_for(sim.endpoints));
            auto v = co_await c.async_wait_until_ready(deadline::after(30s));
            BOOST_TEST(v.server == "arango");
            BOOST_TEST(v.role == "SINGLE");

            co_await c.async_create_database("shop");
            auto [dup_ec, dup] = co_await c.async_create_database("shop", tuple_token);
            BOOST_TEST((dup_ec == errc::http_error));

            json::object props;
            co_await c.async_create_collection("shop", "users", props);
            try
            {
                co_await c.async_create_collection("shop", "users", props);
                BOOST_FAIL("duplicate collection accepted");
            }
            catch (const arango_exception& e)
            {
                BOOST_TEST(e.error().http_status == 409u);
                BOOST_TEST(e.error().error_num == 1207);
            }

            for (int i = 0; i < 5; ++i)
            {
                json::value doc = json::object{{"_key", "u" + std::to_string(i)}, {"n", i}};
                auto meta = co_await c.async_insert_document("shop", "users", doc);
                BOOST_TEST(meta.at("_key").as_string() == "u" + std::to_string(i));
            }
            BOOST_TEST(co_await c.async_count("shop", "users") == 5u);
            auto d = co_await c.async_read_document("shop", "users", "u3");
            BOOST_TEST(d.at("n").as_int64() == 3);
            BOOST_TEST(co_await c.async_document_exists("shop", "users", "u3"));
            BOOST_TEST(!co_await c.async_document_exists("shop", "users", "zz"));
            auto [miss_ec, miss] = co_await c.async_read_document("shop", "users", "zz", tuple_token);
            BOOST_TEST((miss_ec == errc::http_error));

            // cursor streaming in batches of 2
            query_options q;
            q.query = "FOR d IN users RETURN d";
            q.batch_size = 2;
            auto cur = co_await c.async_query("shop", q);
            BOOST_TEST(cur.has_more());
            std::size_t docs = 0, batches = 0;
            while (auto batch = co_await cur.async_next())
            {
                ++batches;
                docs += batch->size();
                BOOST_TEST(batch->size() <= 2u);
            }
            BOOST_TEST(docs == 5u);
            BOOST_TEST(batches == 3u);
            BOOST_TEST(cur.exhausted());

            query_options qf;
            qf.query = "FOR d IN @@c FILTER d._key == @key RETURN d";
            qf.bind_vars = json::object{{"@c", "users"}, {"key", "u1"}};
            auto all = co_await c.async_query_all("shop", qf);
            BOOST_TEST_REQUIRE(all.size() == 1u);
            BOOST_TEST(all[0].at("n").as_int64() == 1);

            // abandoned cursor is closed on the server
            auto open = co_await c.async_query("shop", q);
            BOOST_TEST(co_await open.async_close());

            query_options bad;
            bad.query = "FOR d IN users RETRN d"; // a syntax error: 400, errorNum 1501
            auto [qec, qres] = co_await c.async_query_all("shop", bad, tuple_token);
            BOOST_TEST((qec == errc::http_error));

            co_await c.async_remove_document("shop", "users", "u0");
            BOOST_TEST(co_await c.async_count("shop", "users") == 4u);
            co_await c.async_truncate("shop", "users");
            BOOST_TEST(co_await c.async_count("shop", "users") == 0u);
            co_await c.async_drop_collection("shop", "users");
            auto [gone_ec, gone] = co_await c.async_count("shop", "users", tuple_token);
            BOOST_TEST((gone_ec == errc::http_error));
            co_await c.async_drop_database("shop");

            auto [hec, health] = co_await c.async_cluster_health(tuple_token);
            BOOST_TEST((hec == errc::http_error)); // a single server is not a cluster
        },
        120s
    );
    BOOST_TEST(sim.stop() == 0);
}

BOOST_AUTO_TEST_CASE(hot_backup_create_list_restore_delete)
{
    sim_server sim({});
    test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            arango_client c(io.get_executor(), config_for(sim.endpoints));
            co_await c.async_wait_until_ready(deadline::after(30s));
            json::object props;
            co_await c.async_create_collection("_system", "things", props);
            json::value doc = json::object{{"_key", "a"}};
            co_await c.async_insert_document("_system", "things", doc);

            auto b = co_await c.async_create_backup("before");
            BOOST_TEST(b.id.find("before") != std::string::npos);
            auto list = co_await c.async_list_backups();
            BOOST_TEST_REQUIRE(list.size() == 1u);
            BOOST_TEST(list[0].id == b.id);
            BOOST_TEST(list[0].available);

            json::value doc2 = json::object{{"_key", "b"}};
            co_await c.async_insert_document("_system", "things", doc2);
            BOOST_TEST(co_await c.async_count("_system", "things") == 2u);
            co_await c.async_restore_backup(b.id);
            BOOST_TEST(co_await c.async_count("_system", "things") == 1u);
            co_await c.async_delete_backup(b.id);
            BOOST_TEST((co_await c.async_list_backups()).empty());
            auto [ec, r] = co_await c.async_restore_backup(b.id, tuple_token);
            BOOST_TEST((ec == errc::http_error));
        },
        120s
    );
    BOOST_TEST(sim.stop() == 0);
}

BOOST_AUTO_TEST_CASE(cluster_health_shard_sync_and_failover_between_coordinators)
{
    sim_server sim({"--coordinators", "3", "--shard-sync-delay-ms", "1500"});
    BOOST_TEST_REQUIRE(sim.endpoints.size() == 3u);
    test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            arango_client c(io.get_executor(), config_for(sim.endpoints));
            auto v = co_await c.async_wait_until_ready(deadline::after(30s));
            BOOST_TEST(v.role == "COORDINATOR");
            auto health = co_await c.async_cluster_health();
            int coordinators = 0;
            for (auto& [id, h] : health.at("Health").as_object())
                if (h.at("Role").as_string() == "Coordinator")
                    ++coordinators;
            BOOST_TEST(coordinators == 3);

            json::object props{{"numberOfShards", 3}, {"replicationFactor", 2}};
            co_await c.async_create_collection("_system", "sharded", props);
            // right after creation Current lags Plan: a short deadline ends with a clear error
            auto [ec, early] =
                co_await c.async_wait_for_shards_in_sync("_system", deadline::after(300ms), tuple_token);
            BOOST_TEST((ec == errc::deadline_exceeded));
            bool named = false;
            try
            {
                co_await c.async_wait_for_shards_in_sync("_system", deadline::after(200ms));
            }
            catch (const arango_exception& e)
            {
                named = std::string(e.what()).find("not in sync") != std::string::npos;
            }
            BOOST_TEST(named);
            auto dist = co_await c.async_wait_for_shards_in_sync("_system", deadline::after(60s));
            BOOST_TEST(dist.at("sharded").at("Plan").as_object().size() == 3u);

            // coordinator 1 answers 503 from now on: requests fail over to the others
            json::object fail_many{{"fail_503", 1000}}, fail_none{{"fail_503", 0}}, drop_one{{"drop", 1}};
            co_await set_faults(io, sim.endpoints[0], fail_many);
            BOOST_TEST(co_await c.async_count("_system", "sharded") == 0u);
            BOOST_TEST(!(c.current_endpoint() == sim.endpoints[0]));
            co_await set_faults(io, sim.endpoints[0], fail_none);

            // a dropped connection on an idempotent request is retried transparently
            auto one = config_for({sim.endpoints[1]});
            arango_client pinned(io.get_executor(), one);
            co_await set_faults(io, sim.endpoints[1], drop_one);
            BOOST_TEST(co_await pinned.async_count("_system", "sharded") == 0u);
        },
        180s
    );
    BOOST_TEST(sim.stop() == 0);
}

BOOST_AUTO_TEST_CASE(readiness_waits_through_connection_refused_while_starting)
{
    auto port = free_port();
    auto ep = endpoint::from_parts(endpoint_transport::tcp, "127.0.0.1", port);
    std::optional<sim_server> sim;
    test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            asio::steady_timer later(io, 500ms);
            later.async_wait([&](error_code) {
                sim.emplace(std::vector<std::string>{"--endpoint", ep.to_string()}, false);
            });
            arango_client c(io.get_executor(), config_for({ep}));
            auto v = co_await c.async_wait_until_ready(deadline::after(60s));
            BOOST_TEST(v.version.empty() == false);
            BOOST_TEST(sim.has_value());
        },
        120s
    );
    BOOST_TEST_REQUIRE(sim.has_value());
    BOOST_TEST(sim->stop() == 0);
}

BOOST_AUTO_TEST_CASE(basic_and_jwt_authentication)
{
    test::temp_dir keys;
    auto keyfile = keys.path() / "jwt.secret";
    write_secret_keyfile(keyfile, random_secret());
    sim_server sim(
        {"--auth", "jwt", "--user", "root:rootpw", "--user", "alice:alicepw", "--jwt-secret-keyfile",
         keyfile.string()}
    );
    test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            auto cfg = config_for(sim.endpoints);
            cfg.auth = credentials{.username = "root", .password = "rootpw"};
            arango_client basic(io.get_executor(), cfg);
            co_await basic.async_wait_until_ready(deadline::after(30s));
            auto [bec, bn] = co_await basic.async_count("_system", "nope", tuple_token);
            BOOST_TEST((bec == errc::http_error)); // authenticated: the collection is simply missing

            cfg.auth = credentials{.username = "root", .password = "wrong"};
            arango_client wrong(io.get_executor(), cfg);
            auto [ec, v] = co_await wrong.async_version(tuple_token);
            BOOST_TEST((ec == errc::authentication_failed));

            cfg.auth = credentials{};
            cfg.auth.jwt_secret_keyfile = keyfile;
            arango_client su(io.get_executor(), cfg);
            auto sv = co_await su.async_version();
            BOOST_TEST(sv.server == "arango");

            cfg.auth = credentials{};
            cfg.auth.jwt_secret = "not the secret";
            arango_client forged(io.get_executor(), cfg);
            auto [fec, fv] = co_await forged.async_version(tuple_token);
            BOOST_TEST((fec == errc::authentication_failed));

            cfg.auth = credentials{.username = "alice", .password = "alicepw", .fetch_user_token = true};
            arango_client user(io.get_executor(), cfg);
            auto uv = co_await user.async_version();
            BOOST_TEST(uv.version.empty() == false);

            cfg.auth = credentials{.username = "alice", .password = "nope", .fetch_user_token = true};
            arango_client baduser(io.get_executor(), cfg);
            auto [uec, ubad] = co_await baduser.async_version(tuple_token);
            BOOST_TEST((uec == errc::authentication_failed));
        },
        120s
    );
    BOOST_TEST(sim.stop() == 0);
}

BOOST_AUTO_TEST_CASE(tls_endpoints_verify_against_the_test_ca)
{
    test::temp_dir certs;
    auto p = [&](const char* f) { return (certs.path() / f).string(); };
    std::ofstream(p("ext.cnf")) << "subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:TRUE\n";
    int rc = test::run_command(
        {"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", p("key.pem"), "-out", p("cert.pem"), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"}
    );
    BOOST_TEST_REQUIRE(rc == 0);
    sim_server sim({"--tls-cert", p("cert.pem"), "--tls-key", p("key.pem")});
    BOOST_TEST_REQUIRE(!sim.endpoints.empty());
    BOOST_TEST(sim.endpoints[0].uses_tls());
    test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            auto cfg = config_for(sim.endpoints);
            cfg.tls.ca_file = p("cert.pem");
            arango_client c(io.get_executor(), cfg);
            auto v = co_await c.async_wait_until_ready(deadline::after(30s));
            BOOST_TEST(v.server == "arango");
            json::object props;
            co_await c.async_create_collection("_system", "secure", props);
            BOOST_TEST(co_await c.async_count("_system", "secure") == 0u);

            auto plain = config_for(sim.endpoints); // no CA: verification against nothing fails
            arango_client unverified(io.get_executor(), plain);
            auto [ec, r] = co_await unverified.async_version(tuple_token);
            BOOST_TEST((ec == errc::tls_error), ec.message());
        },
        120s
    );
    BOOST_TEST(sim.stop() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
