// arango_client against an in-test Beast stub server (keep-alive, errors, retries, failover, deadlines,
// cancellation, authentication, Unix sockets) and against nginx over TLS (CA verification).
#include <arangokit/arango/http/arango_client.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include "child_process.hpp"
#include "files.hpp"
#include "free_port.hpp"
#include "run_coro.hpp"
#include "stub_server.hpp"
#include <fstream>

using namespace arangokit;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace json = boost::json;
using test::always;
using test::error_reply;
using test::recorded_request;
using test::stub_reply;
using test::stub_server;

namespace {

constexpr auto tuple_token = asio::as_tuple(asio::use_awaitable);

const std::string version_body =
    R"({"server":"arango","version":"3.12.4","license":"community","details":{"role":"SINGLE"}})";

client_config config_for(std::vector<endpoint> eps)
{
    client_config cfg;
    cfg.endpoints = std::move(eps);
    cfg.request_timeout = 20s;
    cfg.retry.initial_backoff = 10ms;
    cfg.retry.max_backoff = 100ms;
    return cfg;
}

// A TCP endpoint that nothing listens on.
endpoint closed_port_endpoint()
{
    return endpoint::from_parts(endpoint_transport::tcp, "127.0.0.1", test::free_port());
}

// Answers every request after 10 s: longer than any deadline in these tests.
stub_reply slow_reply()
{
    stub_reply r{200, "{}"};
    r.delay = 10s;
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(client_with_stub_server)

BOOST_AUTO_TEST_CASE(keep_alive_reuses_one_connection_per_endpoint)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            stub_server srv(io, always({200, version_body}));
            arango_client c(io.get_executor(), config_for({srv.ep()}));
            for (int i = 0; i < 3; ++i)
            {
                auto v = co_await c.async_version();
                BOOST_TEST(v.version == "3.12.4");
                BOOST_TEST(v.role == "SINGLE");
            }
            BOOST_TEST(srv.connections() == 1);
            BOOST_TEST(srv.requests().size() == 3u);
            BOOST_TEST(srv.requests()[0].target == "/_api/version?details=true");
            BOOST_TEST(c.idle_connections() == 1u);
        },
        30s
    );
}

BOOST_AUTO_TEST_CASE(arango_error_body_becomes_typed_error_with_and_without_exceptions)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            stub_server srv(io, always(error_reply(404, 1203, "collection or view not found")));
            arango_client c(io.get_executor(), config_for({srv.ep()}));
            auto [ec, n] = co_await c.async_count("shop", "nope", tuple_token);
            BOOST_TEST((ec == errc::http_error));
            BOOST_TEST(srv.requests().back().target == "/_db/shop/_api/collection/nope/count");

            http_request req;
            req.target = "/_db/shop/_api/collection/nope";
            auto [ec2, resp] = co_await c.async_request(req, tuple_token);
            BOOST_TEST((ec2 == errc::http_error));
            BOOST_TEST(resp.status == 404u);
            BOOST_TEST_REQUIRE(resp.error.has_value());
            BOOST_TEST(resp.error->error_num == 1203);
            BOOST_TEST(resp.error->message == "collection or view not found");

            bool thrown = false;
            try
            {
                co_await c.async_count("shop", "nope");
            }
            catch (const arango_exception& e)
            {
                thrown = true;
                BOOST_TEST((e.code() == errc::http_error));
                BOOST_TEST(e.error().http_status == 404u);
                BOOST_TEST(e.error().error_num == 1203);
                BOOST_TEST(std::string(e.what()).find("collection or view not found") != std::string::npos);
                BOOST_TEST(
                    std::string(e.what()).find("/_db/shop/_api/collection/nope/count") != std::string::npos
                );
            }
            BOOST_TEST(thrown);
        },
        30s
    );
}

BOOST_AUTO_TEST_CASE(unauthorized_is_authentication_failed)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            stub_server srv(io, always(error_reply(401, 11, "not authorized to execute this request")));
            arango_client c(io.get_executor(), config_for({srv.ep()}));
            auto [ec, v] = co_await c.async_version(tuple_token);
            BOOST_TEST((ec == errc::authentication_failed));
            BOOST_TEST(srv.requests().size() == 1u); // not retried
        },
        30s
    );
}

BOOST_AUTO_TEST_CASE(service_unavailable_is_retried_with_backoff)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            int calls = 0;
            stub_server srv(io, [&](const recorded_request&) {
                if (++calls <= 2)
                    return error_reply(503, 503, "unavailable");
                return stub_reply{200, R"({"count":42})"};
            });
            arango_client c(io.get_executor(), config_for({srv.ep()}));
            auto n = co_await c.async_count("_system", "c");
            BOOST_TEST(n == 42u);
            BOOST_TEST(calls == 3);

            // attempts are bounded by the policy: the last 503 is reported as an http_error
            calls = -100;
            auto cfg = config_for({srv.ep()});
            cfg.retry.max_attempts = 3;
            arango_client limited(io.get_executor(), cfg);
            http_request plain;
            auto [ec, resp] = co_await limited.async_request(plain, tuple_token);
            BOOST_TEST((ec == errc::http_error));
            BOOST_TEST(resp.status == 503u);
            BOOST_TEST(resp.attempts == 3u);
        },
        30s
    );
}

BOOST_AUTO_TEST_CASE(dropped_connection_is_retried_for_idempotent_requests_only)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            int calls = 0;
            stub_server srv(io, [&](const recorded_request&) {
                ++calls;
                stub_reply r{200, R"({"_key":"k","v":1})"};
                r.drop = calls == 1;
                return r;
            });
            arango_client c(io.get_executor(), config_for({srv.ep()}));
            auto doc = co_await c.async_read_document("_system", "c", "k");
            BOOST_TEST(doc.at("v").as_int64() == 1);
            BOOST_TEST(calls == 2);

            // POST on a fresh connection that drops: not re-sent (it may have been applied)
            calls = 0;
            c.close_idle_connections();
            json::value d = json::object{{"a", 1}};
            auto [ec, meta] = co_await c.async_insert_document("_system", "c", d, tuple_token);
            BOOST_TEST(!!ec);
            BOOST_TEST(calls == 1);
        },
        30s
    );
}

BOOST_AUTO_TEST_CASE(coordinator_going_away_mid_run_fails_over_to_the_next)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            stub_server a(io, always({200, R"({"count":1})"}));
            stub_server b(io, always({200, R"({"count":2})"}));
            arango_client c(io.get_executor(), config_for({a.ep(), b.ep()}));
            BOOST_TEST(co_await c.async_count("_system", "c") == 1u);
            BOOST_TEST((c.current_endpoint() == a.ep()));
            a.go_down();
            BOOST_TEST(co_await c.async_count("_system", "c") == 2u);
            BOOST_TEST((c.current_endpoint() == b.ep()));
            BOOST_TEST(co_await c.async_count("_system", "c") == 2u);
        },
        30s
    );
}

BOOST_AUTO_TEST_CASE(dead_first_endpoint_fails_over_at_connect)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            stub_server b(io, always({200, version_body}));
            arango_client c(io.get_executor(), config_for({closed_port_endpoint(), b.ep()}));
            auto v = co_await c.async_version();
            BOOST_TEST(v.endpoint == b.ep().to_string());
        },
        30s
    );
}

BOOST_AUTO_TEST_CASE(server_that_never_becomes_ready_ends_at_the_deadline)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            // one endpoint refuses connections, the other always answers 503
            stub_server busy(io, always(error_reply(503, 503, "starting")));
            for (auto ep : {closed_port_endpoint(), busy.ep()})
            {
                arango_client c(io.get_executor(), config_for({ep}));
                auto t0 = std::chrono::steady_clock::now();
                auto [ec, v] = co_await c.async_wait_until_ready(deadline::after(700ms), tuple_token);
                auto took = std::chrono::steady_clock::now() - t0;
                BOOST_TEST((ec == errc::server_not_ready));
                BOOST_TEST((took >= 650ms));
                BOOST_TEST((took < 15s));
                bool thrown = false;
                try
                {
                    co_await c.async_wait_until_ready(deadline::after(300ms));
                }
                catch (const arango_exception& e)
                {
                    thrown = true;
                    std::string what = e.what();
                    BOOST_TEST(what.find("did not become ready") != std::string::npos, what);
                    BOOST_TEST(what.find(ep.to_string()) != std::string::npos, what);
                }
                BOOST_TEST(thrown);
            }
            BOOST_TEST(busy.requests().size() >= 2u);
        },
        60s
    );
}

BOOST_AUTO_TEST_CASE(server_becoming_ready_later_is_waited_for)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            int calls = 0;
            stub_server srv(io, [&](const recorded_request& r) {
                if (r.target == "/_admin/server/availability" && ++calls < 4)
                    return error_reply(503, 503, "starting");
                return stub_reply{200, version_body};
            });
            arango_client c(io.get_executor(), config_for({srv.ep()}));
            auto v = co_await c.async_wait_until_ready(deadline::after(20s));
            BOOST_TEST(v.version == "3.12.4");
            BOOST_TEST(calls == 4);
        },
        60s
    );
}

BOOST_AUTO_TEST_CASE(request_timeout_and_global_deadline_give_deadline_exceeded)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            stub_server slow(io, always(slow_reply()));
            arango_client c(io.get_executor(), config_for({slow.ep()}));
            http_request req;
            req.timeout = 300ms;
            auto t0 = std::chrono::steady_clock::now();
            auto [ec, resp] = co_await c.async_request(req, tuple_token);
            BOOST_TEST((ec == errc::deadline_exceeded));
            BOOST_TEST((std::chrono::steady_clock::now() - t0 < 8s));
            BOOST_TEST_REQUIRE(resp.error.has_value());
            BOOST_TEST(resp.error->message.find("deadline exceeded") != std::string::npos);

            auto cfg = config_for({slow.ep()});
            cfg.global_deadline = deadline::after(400ms);
            arango_client g(io.get_executor(), cfg);
            t0 = std::chrono::steady_clock::now();
            auto [ec2, v] = co_await g.async_version(tuple_token);
            BOOST_TEST((ec2 == errc::deadline_exceeded));
            BOOST_TEST((std::chrono::steady_clock::now() - t0 < 8s));
        },
        60s
    );
}

BOOST_AUTO_TEST_CASE(user_cancellation_is_operation_aborted_not_deadline)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            stub_server slow(io, always(slow_reply()));
            arango_client c(io.get_executor(), config_for({slow.ep()}));
            for (auto type :
                 {asio::cancellation_type::terminal, asio::cancellation_type::partial,
                  asio::cancellation_type::total})
            {
                asio::cancellation_signal sig;
                asio::steady_timer t(io, 200ms);
                t.async_wait([&](error_code) { sig.emit(type); });
                auto t0 = std::chrono::steady_clock::now();
                auto [ec, v] =
                    co_await c.async_version(asio::bind_cancellation_slot(sig.slot(), tuple_token));
                BOOST_TEST(
                    (ec == asio::error::operation_aborted), "type " << int(type) << ": " << ec.message()
                );
                BOOST_TEST((std::chrono::steady_clock::now() - t0 < 8s));
            }
        },
        60s
    );
}

BOOST_AUTO_TEST_CASE(completion_tokens_callback_and_deferred_work)
{
    asio::io_context io;
    stub_server srv(io, always({200, R"({"count":7})"}));
    arango_client c(io.get_executor(), config_for({srv.ep()}));
    std::uint64_t got = 0;
    error_code got_ec = asio::error::would_block;
    int pending = 2;
    c.async_count("_system", "c", [&](error_code ec, std::uint64_t n) {
        got_ec = ec;
        got = n;
        if (--pending == 0)
            io.stop();
    });
    auto op = c.async_count("_system", "c", asio::deferred);
    std::uint64_t got2 = 0;
    std::move(op)([&](error_code, std::uint64_t n) {
        got2 = n;
        if (--pending == 0)
            io.stop();
    });
    io.run_for(20s);
    BOOST_TEST(pending == 0);
    BOOST_TEST(!got_ec);
    BOOST_TEST(got == 7u);
    BOOST_TEST(got2 == 7u);
}

BOOST_AUTO_TEST_CASE(basic_superuser_jwt_and_user_jwt_headers)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            stub_server srv(io, [](const recorded_request& r) {
                if (r.target == "/_open/auth")
                {
                    auto b = json::parse(r.body).as_object();
                    if (b.at("username").as_string() == "alice" && b.at("password").as_string() == "pw")
                        return stub_reply{200, R"({"jwt":"user.token.x"})"};
                    return error_reply(401, 11, "wrong credentials");
                }
                return stub_reply{200, version_body};
            });

            auto cfg = config_for({srv.ep()});
            cfg.auth = credentials{.username = "root", .password = "pw"};
            arango_client basic(io.get_executor(), cfg);
            co_await basic.async_version();
            BOOST_TEST(srv.requests().back().authorization == "Basic cm9vdDpwdw==");

            cfg.auth = credentials{};
            cfg.auth.jwt_secret = "topsecret";
            arango_client su(io.get_executor(), cfg);
            co_await su.async_version();
            std::string h = srv.requests().back().authorization;
            BOOST_TEST_REQUIRE(h.rfind("bearer ", 0) == 0u);
            auto claims = verify_jwt(h.substr(7), "topsecret");
            BOOST_TEST_REQUIRE(claims.has_value());
            BOOST_TEST(claims->is_superuser());

            cfg.auth = credentials{.username = "alice", .password = "pw", .fetch_user_token = true};
            arango_client user(io.get_executor(), cfg);
            co_await user.async_version();
            co_await user.async_version();
            auto& reqs = srv.requests();
            BOOST_TEST(reqs[reqs.size() - 3].target == "/_open/auth");
            BOOST_TEST(reqs[reqs.size() - 3].authorization.empty());
            BOOST_TEST(reqs[reqs.size() - 2].authorization == "bearer user.token.x");
            BOOST_TEST(reqs[reqs.size() - 1].authorization == "bearer user.token.x"); // token cached

            cfg.auth = credentials{.username = "alice", .password = "wrong", .fetch_user_token = true};
            arango_client bad(io.get_executor(), cfg);
            auto [ec, v] = co_await bad.async_version(tuple_token);
            BOOST_TEST((ec == errc::authentication_failed));

            cfg.auth = credentials{.authentication = false};
            arango_client none(io.get_executor(), cfg);
            co_await none.async_version();
            BOOST_TEST(srv.requests().back().authorization.empty());
        },
        30s
    );
}

BOOST_AUTO_TEST_CASE(unix_socket_endpoint)
{
    test::temp_dir dir;
    test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            stub_server srv(io, always({200, version_body}), (dir.path() / "arangod.sock").string());
            auto ep = endpoint::parse("unix://" + (dir.path() / "arangod.sock").string());
            arango_client c(io.get_executor(), config_for({ep}));
            auto v = co_await c.async_version();
            BOOST_TEST(v.version == "3.12.4");
            BOOST_TEST(v.endpoint == ep.to_string());
        },
        30s
    );
}

BOOST_AUTO_TEST_CASE(document_exists_maps_404_to_false)
{
    test::run_coro(
        [](asio::io_context& io) -> asio::awaitable<void> {
            stub_server srv(io, [](const recorded_request& r) {
                if (r.target.ends_with("/yes"))
                    return stub_reply{200, R"({"_key":"yes"})"};
                return error_reply(404, 1202, "document not found");
            });
            arango_client c(io.get_executor(), config_for({srv.ep()}));
            BOOST_TEST(co_await c.async_document_exists("db", "c", "yes"));
            BOOST_TEST(!co_await c.async_document_exists("db", "c", "no"));
            BOOST_TEST(srv.requests().back().method == "HEAD");
            // the connection stays usable after HEAD responses
            BOOST_TEST(co_await c.async_document_exists("db", "c", "yes"));
            BOOST_TEST(srv.connections() == 1);
        },
        30s
    );
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------
// nginx over TLS: a real TLS server that nobody here wrote.

namespace {

struct nginx_tls
{
    test::temp_dir dir;
    std::filesystem::path ca, wrong_ca;
    std::uint16_t port = 0;
    test::child_process proc;

    nginx_tls()
    {
        auto p = [&](const char* f) { return (dir.path() / f).string(); };
        auto ok = [](int rc, const char* what) {
            if (rc != 0)
                throw std::runtime_error(std::string("openssl failed: ") + what);
        };
        const std::string ossl = "/usr/bin/openssl";
        ok(test::run_command(
               {ossl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", p("ca.key"), "-out", p("ca.pem"), "-days", "2", "-subj", "/CN=arangokit test CA"}
           ),
           "CA");
        ok(test::run_command(
               {ossl, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                p("srv.key"), "-out", p("srv.csr"), "-subj", "/CN=127.0.0.1"}
           ),
           "CSR");
        std::ofstream(p("ext.cnf")) << "subjectAltName=IP:127.0.0.1\n";
        ok(test::run_command(
               {ossl, "x509", "-req", "-in", p("srv.csr"), "-CA", p("ca.pem"), "-CAkey", p("ca.key"),
                "-CAcreateserial", "-out", p("srv.pem"), "-days", "2", "-extfile", p("ext.cnf")}
           ),
           "sign");
        ok(test::run_command(
               {ossl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", p("wrong.key"), "-out", p("wrong.pem"), "-days", "2", "-subj", "/CN=some other CA"}
           ),
           "wrong CA");
        ca = p("ca.pem");
        wrong_ca = p("wrong.pem");
        port = test::free_port();
        std::filesystem::create_directories(dir.path() / "tmp");
        std::ofstream(p("nginx.conf"))
            << "daemon off;\nmaster_process off;\nworker_processes 1;\n"
            << "pid " << p("nginx.pid") << ";\nerror_log " << p("error.log") << ";\n"
            << "events { worker_connections 64; }\n"
            << "http {\n  access_log off;\n"
            << "  client_body_temp_path " << p("tmp") << "/body;\n"
            << "  proxy_temp_path " << p("tmp") << "/proxy;\n"
            << "  fastcgi_temp_path " << p("tmp") << "/fastcgi;\n"
            << "  uwsgi_temp_path " << p("tmp") << "/uwsgi;\n"
            << "  scgi_temp_path " << p("tmp") << "/scgi;\n"
            << "  server {\n    listen 127.0.0.1:" << port << " ssl;\n"
            << "    ssl_certificate " << p("srv.pem") << ";\n"
            << "    ssl_certificate_key " << p("srv.key") << ";\n"
            << "    location / { default_type application/json; return 200 '" << version_body
            << "'; }\n  }\n}\n";
        proc = test::child_process(
            {"/usr/sbin/nginx", "-p", dir.path().string() + "/", "-c", p("nginx.conf"), "-e", p("error.log")},
            p("nginx.out")
        );
    }
    ~nginx_tls() { proc.stop(5s, SIGQUIT); }

    endpoint ep(const char* host = "127.0.0.1") const
    {
        return endpoint::from_parts(endpoint_transport::ssl, host, port);
    }
};

nginx_tls& shared_nginx()
{
    static nginx_tls n;
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(client_with_nginx_tls)

BOOST_AUTO_TEST_CASE(verification_succeeds_with_the_right_ca)
{
    auto& n = shared_nginx();
    test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            auto cfg = config_for({n.ep()});
            cfg.tls.ca_file = n.ca;
            arango_client c(io.get_executor(), cfg);
            auto v = co_await c.async_wait_until_ready(deadline::after(30s));
            BOOST_TEST(v.version == "3.12.4");
            auto v2 = co_await c.async_version();
            BOOST_TEST(v2.endpoint == n.ep().to_string());
            BOOST_TEST(c.idle_connections() == 1u);
        },
        60s
    );
}

BOOST_AUTO_TEST_CASE(verification_fails_clearly_with_a_wrong_ca)
{
    auto& n = shared_nginx();
    test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            {
                auto cfg = config_for({n.ep()});
                cfg.tls.insecure = true;
                arango_client ready(io.get_executor(), cfg);
                co_await ready.async_wait_until_ready(deadline::after(30s));
            }
            auto cfg = config_for({n.ep()});
            cfg.tls.ca_file = n.wrong_ca;
            arango_client c(io.get_executor(), cfg);
            auto [ec, v] = co_await c.async_version(tuple_token);
            BOOST_TEST((ec == errc::tls_error), ec.message());
            bool thrown = false;
            try
            {
                co_await c.async_version();
            }
            catch (const arango_exception& e)
            {
                thrown = true;
                std::string what = e.what();
                BOOST_TEST(what.find("certificate verify failed") != std::string::npos, what);
                BOOST_TEST(what.find(n.ep().to_string()) != std::string::npos, what);
            }
            BOOST_TEST(thrown);
            // TLS failures are not retried and not mistaken for readiness problems
            auto [ec2, v2] = co_await c.async_wait_until_ready(deadline::after(10s), tuple_token);
            BOOST_TEST((ec2 == errc::tls_error));
        },
        60s
    );
}

BOOST_AUTO_TEST_CASE(host_name_must_match_unless_disabled_and_insecure_mode_skips_checks)
{
    auto& n = shared_nginx();
    test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            auto cfg = config_for({n.ep("localhost")});
            cfg.tls.ca_file = n.ca;
            {
                arango_client c(io.get_executor(), cfg);
                auto [ec, v] = co_await c.async_version(tuple_token);
                BOOST_TEST((ec == errc::tls_error), ec.message()); // the certificate names 127.0.0.1 only
            }
            cfg.tls.verify_host = false;
            {
                arango_client c(io.get_executor(), cfg);
                auto v = co_await c.async_version();
                BOOST_TEST(v.version == "3.12.4");
            }
            auto icfg = config_for({n.ep()});
            icfg.tls.insecure = true;
            arango_client c(io.get_executor(), icfg);
            auto v = co_await c.async_version();
            BOOST_TEST(v.license == "community");
        },
        60s
    );
}

BOOST_AUTO_TEST_CASE(plain_http_to_a_tls_port_is_an_error_not_a_hang)
{
    auto& n = shared_nginx();
    test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            auto cfg = config_for({endpoint::from_parts(endpoint_transport::tcp, "127.0.0.1", n.port)});
            cfg.retry.max_attempts = 2;
            cfg.request_timeout = 10s;
            arango_client c(io.get_executor(), cfg);
            auto [ec, v] = co_await c.async_version(tuple_token);
            BOOST_TEST(!!ec); // nginx answers 400 "plain HTTP request was sent to HTTPS port"
        },
        60s
    );
}

BOOST_AUTO_TEST_SUITE_END()
