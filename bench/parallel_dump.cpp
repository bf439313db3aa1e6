// The parallel segmented dump (async_parallel_dump: N arangodump processes, then the merge) beside one
// arangodump with --threads N, against the simulator with a per-request latency (its `delay_ms` fault on the
// cursor API, set after the data is loaded), so that parallelism matters. One JSON line per measurement.
//
//   parallel_dump [--sim DIR] [--collections 8] [--docs 1000] [--pad 200] [--segments 4] [--delay-ms 20]
//                 [--reps 3] [--skew 0|1]
//
// Each segment runs with --threads 1, so both sides send at most N requests at a time.
// --skew 1 makes the first collection hold half of all documents (one big collection: segments cannot split
// it,
// --threads cannot either).
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/arango/http/arango_client.hpp>
#include <arangokit/scenarios/parallel_dump.hpp>
#include <arangokit/testing/simulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <unistd.h>

namespace ak = arangokit;
namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

std::map<std::string, std::string> args;

std::string opt(const std::string& k, const std::string& d)
{
    auto it = args.find(k);
    return it == args.end() ? d : it->second;
}
long long opt_ll(const std::string& k, long long d)
{
    return std::stoll(opt(k, std::to_string(d)));
}

void require(bool ok, const std::string& what)
{
    if (!ok)
    {
        std::cerr << "parallel_dump: " << what << "\n";
        std::exit(1);
    }
}

double ms_since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

asio::awaitable<void> bench()
{
    constexpr auto tuple = asio::as_tuple(asio::use_awaitable);
    auto ex = co_await asio::this_coro::executor;
    const int collections = static_cast<int>(opt_ll("collections", 8));
    const int docs = static_cast<int>(opt_ll("docs", 1000));
    const int pad = static_cast<int>(opt_ll("pad", 200));
    const int segments = static_cast<int>(opt_ll("segments", 4));
    const long long delay = opt_ll("delay-ms", 20);
    const int reps = static_cast<int>(opt_ll("reps", 3));
    const bool skew = opt_ll("skew", 0) != 0;

    ak::tool_runner runner(ex);
    ak::simulator_options so;
    so.bin_dir = opt("sim", "");
    auto [sec, sim] = co_await ak::async_start_simulator(runner, so, tuple);
    require(!sec, "the simulator did not start: " + sec.message());
    ak::client_config cc;
    cc.endpoints = {ak::endpoint::parse(sim.endpoint())};
    cc.auth.authentication = false;
    ak::arango_client http(ex, cc);

    co_await http.async_create_database("bench", asio::use_awaitable);
    long long total = 0;
    for (int c = 0; c < collections; ++c)
    {
        std::string name = "c" + std::to_string(c);
        boost::json::object props;
        co_await http.async_create_collection("bench", name, props, asio::use_awaitable);
        int n = skew ? (c == 0 ? docs * collections / 2 : docs / 2) : docs;
        for (int from = 0; from < n; from += 1000)
        {
            boost::json::array batch;
            for (int i = from; i < std::min(n, from + 1000); ++i)
                batch.push_back(boost::json::object{
                    {"_key", std::to_string(i)}, {"pad", std::string(pad, 'x')}});
            auto req = ak::http_request::json(
                boost::beast::http::verb::post, ak::database_path("bench", "/_api/document/" + name), batch
            );
            co_await http.async_request(req, asio::use_awaitable);
        }
        total += n;
    }
    boost::json::object faults{{"delay_ms", delay}, {"paths", "/_api/cursor"}};
    auto freq = ak::http_request::json(boost::beast::http::verb::put, "/_sim/faults?all=true", faults);
    co_await http.async_request(freq, asio::use_awaitable);

    ak::arango_tools tools(runner, sim.make_instance());
    fs::path root = fs::temp_directory_path() / ("ak_parallel_dump_" + std::to_string(::getpid()));
    fs::remove_all(root);
    for (int rep = 0; rep < reps; ++rep)
    {
        auto emit = [&](const char* workload, double ms, bool ok) {
            std::cout << boost::json::serialize(boost::json::object{
                             {"bench", "parallel_dump"},
                             {"workload", workload},
                             {"rep", rep},
                             {"collections", collections},
                             {"documents", total},
                             {"skew", skew},
                             {"n", segments},
                             {"delay_ms", delay},
                             {"ms", ms},
                             {"ok", ok}})
                      << std::endl;
        };
        {
            ak::arangodump_options one;
            one.server.database = "bench";
            one.threads = static_cast<std::uint64_t>(segments);
            one.output_directory = (root / ("threads-" + std::to_string(rep))).string();
            auto t0 = std::chrono::steady_clock::now();
            auto [ec, rep1] = co_await tools.async_run(one, tuple);
            emit("arangodump_threads", ms_since(t0), !ec && rep1.ok());
        }
        {
            ak::parallel_dump_options pd;
            pd.segments = static_cast<std::size_t>(segments);
            pd.dump.server.database = "bench";
            pd.dump.threads = 1; // N processes of one thread each: the same concurrency as --threads N
            pd.output_directory = root / ("segments-" + std::to_string(rep));
            auto t0 = std::chrono::steady_clock::now();
            auto [ec, res] = co_await ak::async_parallel_dump(tools, http, pd, tuple);
            emit("parallel_segments", ms_since(t0), !ec);
            if (ec)
                std::cerr << "parallel_dump: " << res.message << "\n";
        }
    }
    fs::remove_all(root);
    co_await sim.async_stop(tuple);
}

} // namespace

int main(int argc, char** argv)
{
    for (int i = 1; i + 1 < argc; i += 2)
    {
        std::string k = argv[i];
        require(k.rfind("--", 0) == 0, "options are --name value pairs");
        args[k.substr(2)] = argv[i + 1];
    }
    asio::io_context ctx;
    asio::co_spawn(ctx, bench(), [](std::exception_ptr ep) {
        if (ep)
            std::rethrow_exception(ep);
    });
    ctx.run();
}
