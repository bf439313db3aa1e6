// Reference file 2 of bench/compile_cost.py: example 01's program (a dump on the simulator under a deadline)
// on the arango component alone, not the umbrella.
#include <arangokit/arango.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <iostream>

namespace ak = arangokit;
namespace asio = boost::asio;
using namespace std::chrono_literals;

asio::awaitable<int> co_main()
{
    ak::runner_config cfg;
    cfg.global_deadline = ak::deadline::after(120s);
    ak::tool_runner runner(co_await asio::this_coro::executor, cfg);
    ak::simulator_options so;
    ak::simulator sim = co_await ak::async_start_simulator(runner, so);
    ak::arango_tools tools(runner, sim.make_instance());
    ak::arangodump_options dump;
    dump.output_directory = (sim.data_dir() / "dump").string();
    dump.timeout = 30s;
    auto dumped = co_await tools.async_run(dump);
    std::cout << dumped.result.describe() << "\n";
    co_await sim.async_stop();
    co_return dumped.ok() ? 0 : 1;
}

int main()
{
    asio::io_context io;
    int rc = 1;
    asio::co_spawn(io, co_main(), [&](std::exception_ptr, int r) { rc = r; });
    io.run();
    return rc;
}
