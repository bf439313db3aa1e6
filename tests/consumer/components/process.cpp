// The process component alone: run a program, stream its output, and run two of them as a group.
#include <arangokit/concurrency.hpp>
#include <arangokit/process.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <iostream>

int main()
{
    boost::asio::io_context ctx;
    arangokit::tool_runner runner(ctx.get_executor());
    int rc = 1;
    boost::asio::co_spawn(
        ctx,
        [&]() -> boost::asio::awaitable<void> {
            arangokit::command c;
            c.program = "echo";
            c.args = {"component-ok"};
            auto r = co_await runner.async_run(c);
            rc = r.ok() && r.out.tail.at(0) == "component-ok" ? 0 : 2;
        },
        boost::asio::detached
    );
    ctx.run();
    std::cout << (rc == 0 ? "component-ok" : "component-failed") << "\n";
    return rc;
}
