// status_scenario: a small scenario with the live status server, for the browser test
// (browser/status_page.test.js). It prints `url <page>` and waits for a line on standard input; then a group
// of three members runs (two report progress, one fails with a diagnostic on stderr) next to a run that
// burns CPU and grows its memory, with resource sampling on. It prints `scenario done` at the end and
// keeps serving until standard input closes.
//
// Usage: status_scenario [--token-file FILE]   (the token is read from a file: never on argv)
#include <arangokit/concurrency/client_group.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/reports/status_board.hpp>
#include <arangokit/reports/status_server.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "helper_child.hpp"
#include <cstdio>
#include <fstream>
#include <regex>
#include <string>
#include <unistd.h>

namespace ak = arangokit;
namespace asio = boost::asio;
using namespace std::chrono_literals;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> as_tuple{};

namespace {

// A member that prints `processed N bytes (P%)` every `step_ms`, reported as progress the way the ArangoDB
// layer reports arangoimport's lines.
ak::command progress_member(const std::string& label, int steps, int step_ms, ak::tool_runner& r)
{
    ak::command c;
    c.program = ak::test::helper_path();
    c.label = label;
    for (int i = 1; i <= steps; ++i)
    {
        c.args.insert(c.args.end(), {"sleep", std::to_string(step_ms), "print"});
        c.args.push_back(
            "processed " + std::to_string(i * 1024) + " bytes (" + std::to_string(i * 100 / steps) + "%)"
        );
    }
    c.args.insert(c.args.end(), {"exit", "0"});
    c.timeout = 60s; // shown as the deadline left
    c.on_line = [emit = r.event_emitter(), label](const ak::output_line& l) {
        if (l.text.rfind("processed ", 0) != 0)
            return;
        ak::tool_event e;
        e.kind = ak::event_kind::progress;
        e.label = label;
        e.when = l.when;
        e.text = l.text;
        emit(e);
    };
    return c;
}

asio::awaitable<void> scenario(asio::io_context& ctx, std::string token)
{
    //[serve
    auto board = std::make_shared<ak::status_board>(ak::status_board_options{.title = "status scenario"});
    ak::status_server_options so;
    so.token = token;
    so.interval = 100ms;
    ak::status_server server(ctx.get_executor(), board, so);
    server.listen();
    server.async_serve(asio::detached);
    std::printf("url %s\n", server.url().c_str()); // the port was 0: url() has the bound one
    //]
    std::fflush(stdout);

    asio::posix::stream_descriptor in(ctx, ::dup(STDIN_FILENO));
    std::string buf;
    co_await asio::async_read_until(in, asio::dynamic_buffer(buf), '\n', as_tuple);

    //[board_sink
    ak::runner_config rc;
    rc.sinks.push_back(board);  // runs: state, pid, lines, progress, samples
    rc.sample_interval = 200ms; // CPU and RSS for the charts
    ak::tool_runner r(ctx.get_executor(), rc);
    //]

    ak::command burner;
    burner.program = ak::test::helper_path();
    burner.label = "burner";
    burner.args = {"print", "burning one CPU", "grow", "48", "burn", "4000", "print", "done burning"};
    bool burner_done = false;
    asio::co_spawn(ctx, r.async_run(burner, as_tuple), [&](std::exception_ptr, auto) { burner_done = true; });

    //[board_group
    ak::group_options go;
    go.name = "loaders";                  // the table's heading
    go.on_event = board->group_handler(); // members, iterations, the group's stop
    //]
    ak::client_group g(r, go);
    ak::member_options counted; // each progress line counts one iteration
    counted.iteration_pattern = std::regex("^processed ");
    g.spawn(progress_member("import-orders", 20, 250, r), counted);
    g.spawn(progress_member("import-users", 10, 350, r), counted);
    ak::command check;
    check.program = ak::test::helper_path();
    check.label = "verify-shards";
    check.args = {
        "print", "checking 12 shards", "sleep", "2500", "eprint", "checksum mismatch in shard s1001", "exit",
        "3"};
    g.spawn(check);
    auto [ge, gr] = co_await g.async_wait(as_tuple);
    asio::steady_timer t(ctx);
    while (!burner_done)
    {
        t.expires_after(50ms);
        co_await t.async_wait(as_tuple);
    }
    std::printf("scenario done\n");
    std::fflush(stdout);

    // Serve the final state until the test is done with it.
    ak::error_code ec;
    while (!ec)
    {
        buf.clear();
        auto [e, n] = co_await asio::async_read_until(in, asio::dynamic_buffer(buf), '\n', as_tuple);
        ec = e;
    }
    server.stop();
}

} // namespace

int main(int argc, char** argv)
{
    std::string token;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--token-file")
            std::getline(std::ifstream(argv[i + 1]), token);
    asio::io_context ctx;
    int rc = 0;
    asio::co_spawn(ctx, scenario(ctx, token), [&](std::exception_ptr ep) {
        if (ep)
        {
            try
            {
                std::rethrow_exception(ep);
            }
            catch (const std::exception& e)
            {
                std::fprintf(stderr, "status_scenario: %s\n", e.what());
            }
            rc = 1;
        }
    });
    ctx.run();
    return rc;
}
