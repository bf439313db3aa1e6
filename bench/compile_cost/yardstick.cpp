// The yardstick of bench/compile_cost.py: what a test file costs that uses Asio, Boost.Process v2, Beast and
// Boost.JSON directly (no arangokit) to spawn one process and wait for it on an io_context.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/process/v2/process.hpp>

#include <iostream>

namespace asio = boost::asio;
namespace bp = boost::process::v2;

int main()
{
    asio::io_context io;
    int rc = 1;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            bp::process p(io, "/bin/true", {});
            rc = co_await p.async_wait(asio::use_awaitable);
        },
        asio::detached
    );
    io.run();
    boost::json::object o{{"rc", rc}};
    boost::beast::http::request<boost::beast::http::string_body> req{boost::beast::http::verb::get, "/", 11};
    std::cout << boost::json::serialize(o) << req.method_string() << "\n";
    return rc;
}
