// 08_http_client: talk to ArangoDB over HTTP, next to the tools.
//
// Shows: `arango_client` built from the same `instance` the tools use (`client_config_for`), waiting for
// readiness, the server version, creating a collection, inserting documents, counting, an AQL cursor read
// batch by batch, and a server error (404) as data: `arango_error` with HTTP status and errorNum.
//
// Usage: example_08_http_client
//   No arguments. Starts the simulator from the build tree ($ARANGOKIT_SIM_BIN_DIR overrides where).
#include <arangokit.hpp>
#include <arangokit/arango/http/instance_client.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <iostream>

namespace asio = boost::asio;
namespace ak = arangokit;
using namespace std::chrono_literals;

asio::awaitable<int> co_main()
{
    auto global = ak::deadline::after(120s);
    ak::runner_config cfg;
    cfg.global_deadline = global;
    ak::tool_runner runner(co_await asio::this_coro::executor, cfg);
    ak::simulator_options so; // bin_dir: $ARANGOKIT_SIM_BIN_DIR or this build's sim-bin/
    ak::simulator sim = co_await ak::async_start_simulator(runner, so);

    //[http
    ak::arango_client http(runner.get_executor(), ak::client_config_for(sim.make_instance(), global));
    co_await http.async_wait_until_ready(ak::deadline::after(30s));
    ak::version_info v = co_await http.async_version();
    std::cout << "connected to " << v.server << ' ' << v.version << " at " << v.endpoint << '\n';
    boost::json::object properties; // a named argument: g++ 12 miscompiles temporaries in co_await
    co_await http.async_create_collection("_system", "sensors", properties);
    for (int i = 0; i < 250; ++i)
    {
        boost::json::value doc = {{"_key", "s" + std::to_string(i)}, {"reading", i % 17}};
        co_await http.async_insert_document("_system", "sensors", doc);
    }
    std::uint64_t count = co_await http.async_count("_system", "sensors");
    ak::query_options q;
    q.query = "FOR s IN sensors FILTER s.reading == @r RETURN s"; // the simulator knows a small AQL subset
    q.bind_vars["r"] = 3;
    q.batch_size = 4;
    ak::query_cursor cursor = co_await http.async_query("_system", q);
    std::size_t matches = 0, batches = 0;
    while (std::optional<boost::json::array> batch = co_await cursor.async_next())
    {
        matches += batch->size();
        ++batches;
    }
    std::cout << count << " documents; " << matches << " matches in " << batches << " batches\n";
    //]

    //[http_error
    auto [ec, body] = co_await http.async_read_document(
        "_system", "sensors", "missing", asio::as_tuple(asio::use_awaitable)
    );
    std::cout << "read of a missing document: " << ec.message() << '\n';
    //]

    co_await sim.async_stop();
    co_return count == 250 && matches == 15 && batches == 4 && ec == ak::errc::http_error ? 0 : 1;
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
        catch (const ak::arango_exception& e) // what the default token throws for HTTP operations
        {
            std::cerr << "HTTP request failed: " << e.what() << " (errorNum " << e.error().error_num << ")\n";
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
