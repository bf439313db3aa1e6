// The live status board and server: the JSON snapshot of real runs and a group (parsed with Boost.JSON), the
// bearer token, the event stream, a stalled client that must not slow the runner, the bound port, stop, and
// the HTTP rules (404, GET/HEAD only).
#define BOOST_TEST_MODULE arangokit_status_server
#include <arangokit/concurrency/client_group.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/reports/status_board.hpp>
#include <arangokit/reports/status_server.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "helper_child.hpp"
#include "run_coro.hpp"
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>

namespace ak = arangokit;
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using ak::test::run_coro;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> as_tuple{};

namespace {

// A server on its own thread, so the test talks to it with plain blocking sockets.
struct served
{
    explicit served(ak::status_server_options o = {}, ak::status_board_options bo = {})
        : board(std::make_shared<ak::status_board>(std::move(bo)))
    {
        srv.emplace(ioc.get_executor(), board, std::move(o));
        srv->listen();
        srv->async_serve([this](ak::error_code ec, std::size_t n) {
            done_ec = ec;
            served_n = n;
            done = true;
        });
        th = std::thread([this] { ioc.run(); });
    }
    ~served()
    {
        srv->stop();
        th.join();
    }
    bool wait_done(std::chrono::milliseconds cap = 5s)
    {
        auto until = std::chrono::steady_clock::now() + cap;
        while (!done && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(5ms);
        return done;
    }

    asio::io_context ioc;
    std::shared_ptr<ak::status_board> board;
    std::optional<ak::status_server> srv;
    std::thread th;
    std::atomic<bool> done{false};
    ak::error_code done_ec;
    std::size_t served_n = 0;
};

http::response<http::string_body>
request(unsigned short port, http::verb v, const std::string& target, const std::string& auth = {})
{
    asio::io_context c;
    tcp::socket s(c);
    s.connect({asio::ip::make_address("127.0.0.1"), port});
    http::request<http::empty_body> req{v, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!auth.empty())
        req.set(http::field::authorization, auth);
    http::write(s, req);
    boost::beast::flat_buffer b;
    http::response_parser<http::string_body> p;
    p.skip(v == http::verb::head);
    http::read(s, b, p);
    return p.release();
}

// An event stream read with blocking calls: the header, then one event at a time.
struct sse_client
{
    sse_client(unsigned short port, const std::string& auth = {}, int rcvbuf = 0) : s(c)
    {
        s.open(tcp::v4());
        if (rcvbuf)
            s.set_option(asio::socket_base::receive_buffer_size(rcvbuf));
        s.connect({asio::ip::make_address("127.0.0.1"), port});
        std::string req = "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        if (!auth.empty())
            req += "Authorization: " + auth + "\r\n";
        req += "\r\n";
        asio::write(s, asio::buffer(req));
    }
    std::string header()
    {
        std::size_t n = asio::read_until(s, asio::dynamic_buffer(buf), "\r\n\r\n");
        std::string h = buf.substr(0, n);
        buf.erase(0, n);
        return h;
    }
    // The next snapshot's JSON (comments and hints skipped); nullopt at the end of the stream.
    std::optional<json::object> next()
    {
        for (;;)
        {
            ak::error_code ec;
            std::size_t n = asio::read_until(s, asio::dynamic_buffer(buf), "\n\n", ec);
            if (ec)
                return std::nullopt;
            std::string block = buf.substr(0, n);
            buf.erase(0, n);
            auto d = block.find("data: ");
            if (d == std::string::npos)
                continue;
            auto e = block.find('\n', d);
            return json::parse(block.substr(d + 6, e - d - 6)).as_object();
        }
    }
    asio::io_context c;
    tcp::socket s;
    std::string buf;
};

ak::tool_event synthetic(ak::event_kind k, int pid, std::string text = {})
{
    ak::tool_event e;
    e.kind = k;
    e.label = "synthetic";
    e.pid = pid;
    e.when = std::chrono::system_clock::now();
    e.text = std::move(text);
    return e;
}

const json::object* run_by_tool_state(const json::object& snap, std::string_view state)
{
    for (const auto& r : snap.at("runs").as_array())
        if (r.as_object().at("state").as_string() == state)
            return &r.as_object();
    return nullptr;
}

} // namespace

BOOST_AUTO_TEST_SUITE(status_server_http)

BOOST_AUTO_TEST_CASE(port_zero_reports_the_bound_port_and_serves_the_page)
{
    served sv;
    unsigned short port = sv.srv->port();
    BOOST_TEST(port != 0);
    BOOST_TEST(sv.srv->url() == "http://127.0.0.1:" + std::to_string(port) + "/");
    auto page = request(port, http::verb::get, "/");
    BOOST_TEST(page.result_int() == 200);
    BOOST_TEST(std::string(page[http::field::content_type]).find("text/html") == 0);
    BOOST_TEST(page.body().find("<html") != std::string::npos);
    // Self-contained: nothing is loaded from elsewhere, and the browser is told so.
    BOOST_TEST(page.body().find("http://") == std::string::npos);
    BOOST_TEST(page.body().find("https://") == std::string::npos);
    BOOST_TEST(std::string(page["Content-Security-Policy"]).find("default-src 'none'") == 0);
    auto head = request(port, http::verb::head, "/");
    BOOST_TEST(head.result_int() == 200);
    BOOST_TEST(head.body().empty());
    BOOST_TEST(std::string(head[http::field::content_length]) == std::to_string(page.body().size()));
}

BOOST_AUTO_TEST_CASE(unknown_paths_are_404_and_only_get_and_head_are_allowed)
{
    served sv;
    auto port = sv.srv->port();
    BOOST_TEST(request(port, http::verb::get, "/nope").result_int() == 404);
    BOOST_TEST(request(port, http::verb::get, "/status.json/x").result_int() == 404);
    for (auto v : {http::verb::post, http::verb::put, http::verb::delete_, http::verb::options})
    {
        auto r = request(port, v, "/status.json");
        BOOST_TEST(r.result_int() == 405);
        BOOST_TEST(std::string(r[http::field::allow]) == "GET, HEAD");
    }
    auto ok = request(port, http::verb::get, "/status.json?x=1");
    BOOST_TEST(ok.result_int() == 200);
    auto head = request(port, http::verb::head, "/status.json");
    BOOST_TEST(head.result_int() == 200);
    BOOST_TEST(head.body().empty());
}

BOOST_AUTO_TEST_CASE(a_bearer_token_is_refused_or_accepted)
{
    served sv({.token = "s3cret-token"});
    auto port = sv.srv->port();
    for (std::string bad :
         {"", "Bearer wrong", "Bearer s3cret-toke", "Bearer s3cret-token-", "s3cret-token",
          "Basic s3cret-token", "Bearer  s3cret-token"})
    {
        auto r = request(port, http::verb::get, "/status.json", bad);
        BOOST_TEST(r.result_int() == 401, "'" << bad << "'");
        BOOST_TEST(std::string(r[http::field::www_authenticate]).find("Bearer") == 0);
        BOOST_TEST(r.body().find("arangokit.status") == std::string::npos);
    }
    BOOST_TEST(request(port, http::verb::get, "/events", "Bearer nope").result_int() == 401);
    BOOST_TEST(request(port, http::verb::get, "/status.json", "bearer s3cret-token").result_int() == 200);
    auto good = request(port, http::verb::get, "/status.json", "Bearer s3cret-token");
    BOOST_TEST(good.result_int() == 200);
    BOOST_TEST(json::parse(good.body()).as_object().at("schema").as_string() == "arangokit.status.v1");
    // The page holds no data: it is served without the token (it asks for one).
    BOOST_TEST(request(port, http::verb::get, "/").result_int() == 200);
    BOOST_TEST(sv.srv->stats().unauthorized == 8u);
}

BOOST_AUTO_TEST_CASE(the_snapshot_of_real_runs_and_a_group_parses)
{
    auto board = std::make_shared<ak::status_board>(ak::status_board_options{.title = "unit"});
    run_coro([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::runner_config rc;
        rc.sinks.push_back(board);
        ak::tool_runner r(ctx.get_executor(), rc);
        auto ok = ak::test::helper_cmd({"print", "hello board", "exit", "0"});
        auto [e1, r1] = co_await r.async_run(ok, as_tuple);
        ak::group_options go;
        go.name = "pair";
        go.on_event = board->group_handler();
        ak::client_group g(r, go);
        g.spawn(
            ak::test::helper_cmd({"print", "member ok", "sleep", "100", "exit", "0"}), {.label = "ak_helper"}
        );
        g.spawn(
            ak::test::helper_cmd({"eprint", "boom: disk full", "sleep", "50", "exit", "3"}),
            {.label = "ak_helper"}
        );
        auto [ge, gr] = co_await g.async_wait(as_tuple);
    });
    auto snap = json::parse(board->to_json("{\"x\":1}")).as_object();
    BOOST_TEST(snap.at("schema").as_string() == "arangokit.status.v1");
    BOOST_TEST(snap.at("title").as_string() == "unit");
    BOOST_TEST(snap.at("server").as_object().at("x").as_int64() == 1);
    const auto& runs = snap.at("runs").as_array();
    BOOST_REQUIRE_EQUAL(runs.size(), 3u);
    const auto& first = runs[0].as_object();
    BOOST_TEST(first.at("state").as_string() == "passed");
    BOOST_TEST(first.at("pid").as_int64() > 0);
    BOOST_TEST(first.at("group").as_string() == "");
    BOOST_TEST(first.at("last_lines").as_array().at(0).as_object().at("text").as_string() == "hello board");
    BOOST_TEST(first.at("exit_code").as_int64() == 0);
    const auto* bad = run_by_tool_state(snap, "failed");
    BOOST_REQUIRE(bad);
    BOOST_TEST(bad->at("exit_code").as_int64() == 3);
    BOOST_TEST(bad->at("outcome").as_string() == "exit 3");
    BOOST_TEST(bad->at("group").as_string() == "pair");
    BOOST_TEST(bad->at("member").as_int64() == 1);
    BOOST_TEST(std::string(bad->at("details").as_string()).find("boom: disk full") != std::string::npos);
    BOOST_TEST(bad->at("last_lines").as_array().at(0).as_object().at("stream").as_string() == "err");
    const auto& groups = snap.at("groups").as_array();
    BOOST_REQUIRE_EQUAL(groups.size(), 1u);
    const auto& g = groups[0].as_object();
    BOOST_TEST(g.at("name").as_string() == "pair");
    BOOST_TEST(g.at("total").as_int64() == 2);
    BOOST_TEST(g.at("failed").as_int64() == 1);
    BOOST_TEST(g.at("finished").as_bool());
    const auto& members = g.at("members").as_array();
    BOOST_TEST(members.at(0).as_object().at("run").as_int64() == runs[1].as_object().at("id").as_int64());
    BOOST_TEST(members.at(1).as_object().at("state").as_string() == "failed");
    BOOST_TEST(snap.at("counts").as_object().at("failed").as_int64() == 1);
}

BOOST_AUTO_TEST_CASE(deadline_left_and_progress_percent)
{
    ak::status_board b;
    auto e = synthetic(ak::event_kind::started, 42);
    e.effective_deadline = ak::deadline::after(10s);
    b.on_event(e);
    auto p = synthetic(ak::event_kind::progress, 0, "processed 1.0 MB (42.5%)");
    b.on_event(p);
    auto r = json::parse(b.to_json()).as_object().at("runs").as_array().at(0).as_object();
    BOOST_TEST(r.at("deadline_left_s").to_number<double>() > 8.0);
    BOOST_TEST(r.at("deadline_left_s").to_number<double>() <= 10.0);
    BOOST_TEST(r.at("progress_percent").to_number<double>() == 42.5);
    BOOST_TEST(r.at("progress").as_string() == "processed 1.0 MB (42.5%)");
    BOOST_TEST(r.at("state").as_string() == "running");
}

BOOST_AUTO_TEST_CASE(the_event_stream_receives_updates)
{
    served sv({.token = "t", .interval = 20ms});
    sse_client c(sv.srv->port(), "Bearer t");
    auto h = c.header();
    BOOST_TEST(h.find("200 OK") != std::string::npos);
    BOOST_TEST(h.find("text/event-stream") != std::string::npos);
    auto first = c.next();
    BOOST_REQUIRE(first);
    BOOST_TEST(first->at("runs").as_array().empty());
    sv.board->on_event(synthetic(ak::event_kind::started, 7));
    std::optional<json::object> got;
    for (int i = 0; i < 50 && (!got || got->at("runs").as_array().empty()); ++i)
        got = c.next();
    BOOST_REQUIRE(got);
    BOOST_REQUIRE_EQUAL(got->at("runs").as_array().size(), 1u);
    BOOST_TEST(got->at("runs").as_array()[0].as_object().at("pid").as_int64() == 7);
    BOOST_TEST(got->at("version").as_int64() > first->at("version").as_int64());
    BOOST_TEST(got->at("server").as_object().at("streams").as_int64() == 1);
}

BOOST_AUTO_TEST_CASE(a_stalled_client_does_not_slow_the_runner_and_its_drops_are_counted)
{
    served sv({.interval = 2ms, .stream_send_buffer = 4096}, {.tail_lines = 8, .max_line_bytes = 300});
    sse_client stalled(sv.srv->port(), {}, 4096); // never reads
    sse_client reader(sv.srv->port());
    reader.header();
    std::string line(290, 'x');
    for (int pid = 1; pid <= 100; ++pid)
        sv.board->on_event(synthetic(ak::event_kind::started, pid));
    // A few MiB of snapshots pass while the stalled client holds its buffers full.
    auto t0 = std::chrono::steady_clock::now();
    std::chrono::steady_clock::duration worst{};
    auto until = t0 + 3s;
    int events = 0;
    while (std::chrono::steady_clock::now() < until && sv.srv->stats().updates_dropped < 20)
    {
        for (int i = 0; i < 50; ++i)
        {
            auto s = std::chrono::steady_clock::now();
            auto e = synthetic(ak::event_kind::line, 1 + events % 100, line);
            sv.board->on_event(e);
            worst = std::max(worst, std::chrono::steady_clock::now() - s);
            ++events;
        }
        std::this_thread::sleep_for(1ms);
    }
    // The runner's side is a mutex and a few strings, never waiting for a client (a write that waited would
    // hang here for good; the bound only leaves room for a loaded machine's scheduling).
    BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(worst).count() < 250);
    auto st = sv.srv->stats();
    BOOST_TEST(st.updates_dropped >= 20u);
    BOOST_TEST(st.streams == 2u);
    // The reading client keeps getting the latest state while the other one stalls.
    std::optional<json::object> got;
    for (int i = 0; i < 200; ++i)
    {
        got = reader.next();
        BOOST_REQUIRE(got);
        if (got->at("server").as_object().at("updates_dropped").as_int64() > 0)
            break;
    }
    BOOST_TEST(got->at("server").as_object().at("updates_dropped").as_int64() > 0);
    auto snap = json::parse(request(sv.srv->port(), http::verb::get, "/status.json").body()).as_object();
    BOOST_TEST(snap.at("server").as_object().at("updates_dropped").as_int64() >= 20);
}

BOOST_AUTO_TEST_CASE(stop_closes_every_connection_and_serve_completes)
{
    served sv({.interval = 10ms});
    sse_client stream(sv.srv->port());
    stream.header();
    BOOST_REQUIRE(stream.next());
    // An idle keep-alive connection, after one answered request.
    asio::io_context c;
    tcp::socket idle(c);
    idle.connect({asio::ip::make_address("127.0.0.1"), sv.srv->port()});
    http::request<http::empty_body> req{http::verb::get, "/status.json", 11};
    http::write(idle, req);
    boost::beast::flat_buffer b;
    http::response<http::string_body> res;
    http::read(idle, b, res);
    BOOST_TEST(res.keep_alive());
    sv.srv->stop();
    BOOST_TEST(sv.wait_done());
    BOOST_TEST(!sv.done_ec);
    BOOST_TEST(sv.served_n == 2u);
    // Both connections see the end.
    BOOST_TEST(!stream.next());
    char ch;
    ak::error_code ec;
    idle.read_some(asio::buffer(&ch, 1), ec);
    BOOST_TEST(ec == asio::error::eof);
    BOOST_TEST(sv.srv->stats().connections == 0u);
    // The port is closed.
    tcp::socket again(c);
    again.connect({asio::ip::make_address("127.0.0.1"), sv.srv->port()}, ec);
    BOOST_TEST(ec);
}

BOOST_AUTO_TEST_CASE(cancellation_stops_the_server)
{
    asio::io_context ioc;
    auto board = std::make_shared<ak::status_board>();
    ak::status_server srv(ioc.get_executor(), board);
    asio::cancellation_signal sig;
    std::optional<ak::error_code> got;
    srv.async_serve(asio::bind_cancellation_slot(sig.slot(), [&](ak::error_code ec, std::size_t) {
        got = ec;
    }));
    ioc.run_for(50ms);
    BOOST_TEST(srv.port() != 0);
    BOOST_TEST(!got);
    sig.emit(asio::cancellation_type::terminal);
    ioc.run_for(1s);
    BOOST_REQUIRE(got);
    BOOST_TEST(*got == asio::error::operation_aborted);
}

BOOST_AUTO_TEST_CASE(nothing_happens_before_initiation_and_a_busy_port_is_an_error)
{
    asio::io_context ioc;
    auto board = std::make_shared<ak::status_board>();
    ak::status_server a(ioc.get_executor(), board);
    BOOST_TEST(a.port() == 0); // not listening until asked
    a.listen();
    ak::status_server b(ioc.get_executor(), board, {.port = a.port()});
    ak::error_code ec;
    b.listen(ec);
    BOOST_TEST(ec == asio::error::address_in_use);
    std::optional<ak::error_code> got;
    b.async_serve([&](ak::error_code e, std::size_t) { got = e; });
    ioc.run_for(200ms);
    BOOST_REQUIRE(got);
    BOOST_TEST(*got == asio::error::address_in_use);
}

BOOST_AUTO_TEST_SUITE_END()
