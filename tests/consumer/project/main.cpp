// Runs `echo` through arangokit and checks the result: proves headers, targets and link flags all work.
#include <arangokit.hpp>

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
            c.args = {"consumer-ok"};
            auto r = co_await runner.async_run(c);
            rc = r.out.tail.at(0) == "consumer-ok" ? 0 : 2;
        },
        boost::asio::detached
    );
    ctx.run();
    std::cout << (rc == 0 ? "consumer-ok" : "consumer-failed") << "\n";
    return rc;
}
