// 03_stream_output: read a tool's output line by line while it runs.
//
// Shows: `arango_tools::async_start` returns a running tool; `process().async_read_line()` yields each
// line of stdout or stderr (tagged with its stream) as it arrives, and `std::nullopt` at the end of both
// streams; `async_wait` then gives the parsed report. Progress lines can also arrive through a callback.
//
// Usage: example_03_stream_output
//   No arguments. Starts the simulator from the build tree ($ARANGOKIT_SIM_BIN_DIR overrides where).
#include <arangokit.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <iostream>

namespace asio = boost::asio;
namespace ak = arangokit;
using namespace std::chrono_literals;

// Prints a numbered line every 50 ms on stdout and a warning on stderr every fifth line.
constexpr const char* script = R"js(
for (let i = 1; i <= 20; ++i) {
  print('row ' + i);
  if (i % 5 === 0) console.error('checkpoint ' + i);
  require('internal').sleep(0.05);
}
)js";

asio::awaitable<int> co_main()
{
    ak::runner_config cfg;
    cfg.global_deadline = ak::deadline::after(120s);
    ak::tool_runner runner(co_await asio::this_coro::executor, cfg);
    ak::simulator_options so; // bin_dir: $ARANGOKIT_SIM_BIN_DIR or this build's sim-bin/
    ak::simulator sim = co_await ak::async_start_simulator(runner, so);
    ak::arango_tools tools(runner, sim.make_instance());

    //[stream
    ak::arangosh_options sh;
    sh.javascript_execute_string.push_back(script);
    sh.timeout = 60s;
    auto shell = co_await tools.async_start(sh);
    int rows = 0, checkpoints = 0;
    while (std::optional<ak::output_line> line = co_await shell.process().async_read_line())
    {
        if (line->source == ak::stream_id::err)
        {
            std::cout << "  [stderr] " << line->text << '\n';
            checkpoints += line->text.starts_with("checkpoint");
        }
        else if (line->text.starts_with("row "))
            ++rows;
    }
    auto report = co_await shell.async_wait(); // the exit status, once both streams are drained
    //]

    std::cout << rows << " rows and " << checkpoints << " checkpoints streamed; " << report.result.describe()
              << '\n';
    co_await sim.async_stop();
    co_return report.ok() && rows == 20 && checkpoints == 4 ? 0 : 1;
}

int main()
{
    asio::io_context ctx;
    int rc = 1;
    asio::co_spawn(ctx, co_main(), [&](std::exception_ptr ep, int r) {
        rc = ep ? 1 : r;
        try
        {
            if (ep)
                std::rethrow_exception(ep);
        }
        catch (const ak::tool_error& e)
        {
            std::cerr << "tool failed: " << e.what() << '\n';
        }
        catch (const std::exception& e)
        {
            std::cerr << "error: " << e.what() << '\n';
        }
    });
    ctx.run();
    std::cout << (rc == 0 ? "example passed\n" : "example FAILED\n");
    return rc;
}
