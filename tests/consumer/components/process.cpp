// The process component alone: run a program and report it as JUnit XML (reports are part of the component).
#include <arangokit/concurrency.hpp>
#include <arangokit/process.hpp>
#include <arangokit/reports.hpp>

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
            arangokit::result_report rep;
            rep.add(r, "echo");
            bool xml = arangokit::to_junit_xml(rep).find("<testcase") != std::string::npos;
            rc = r.ok() && r.out.tail.at(0) == "component-ok" && xml ? 0 : 2;
        },
        boost::asio::detached
    );
    ctx.run();
    std::cout << (rc == 0 ? "component-ok" : "component-failed") << "\n";
    return rc;
}
