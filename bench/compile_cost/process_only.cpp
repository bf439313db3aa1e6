// Reference file 1 of bench/compile_cost.py: a process-only program on the process component alone.
#include <arangokit/process.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <iostream>

namespace ak = arangokit;
namespace asio = boost::asio;

int main()
{
    asio::io_context io;
    int rc = 1;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            ak::tool_runner runner(co_await asio::this_coro::executor);
            ak::command c;
            c.program = "/bin/true";
            c.timeout = std::chrono::seconds(10);
            auto r = co_await runner.async_run(c);
            rc = r.ok() ? 0 : 2;
        },
        asio::detached
    );
    io.run();
    std::cout << rc << "\n";
    return rc;
}
