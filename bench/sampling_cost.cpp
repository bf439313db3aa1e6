// bench/sampling_cost: what resource sampling costs the host program.
//   N live `sleep` tools for S seconds with sampling off, then the same with sampling on (runner_config::
//   sample_interval), in one run; the host's own CPU (getrusage RUSAGE_SELF: its threads, not its children)
//   is measured over each window. The figure is the difference, as a share of one CPU.
// One JSON line per phase (sampling, tools, seconds, ticks, cpu_ms, cpu_share_of_one_cpu), then one summary
// line with the sampling cost (on minus off) and the cost per pass.
// Usage: sampling_cost [--tools N] [--seconds S] [--interval-ms MS] [--containment
// automatic|process_group|off]
#include <arangokit/process/tool_runner.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace asio = boost::asio;
namespace ak = arangokit;
using clk = std::chrono::steady_clock;

namespace {

struct options
{
    int tools = 100;
    int seconds = 20;
    int interval_ms = 1000;
    ak::containment_mode containment = ak::containment_mode::automatic;
};

double self_cpu_ms()
{
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

struct phase_result
{
    double cpu_ms = 0, wall_ms = 0;
    std::uint64_t ticks = 0;
    std::string containment;
};

// g++ 12 reports Asio's coroutine frame as freed by a mismatched operator delete here (the frame's own
// operator new and delete are a pair, through Asio's recycling allocator): a false positive.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
asio::awaitable<void> phase(asio::io_context& ctx, const options& o, bool sampling, phase_result& pr)
{
    ak::runner_config rc;
    rc.containment = o.containment;
    //[sampling_config
    if (sampling)
    {
        rc.sample_interval = std::chrono::milliseconds(o.interval_ms); // 0, the default: off
        rc.sample_points = 120; // at most this many points per run; longer runs are decimated evenly
    }
    //]
    ak::tool_runner r(ctx.get_executor(), rc);
    std::vector<ak::running_tool> live;
    live.reserve(static_cast<std::size_t>(o.tools));
    for (int i = 0; i < o.tools; ++i)
    {
        ak::command c;
        c.program = "sleep";
        c.args = {std::to_string(o.seconds + 30)};
        ak::running_tool h = co_await r.async_start(c, asio::use_awaitable);
        live.push_back(std::move(h));
    }
    // Let the spawns settle before the window opens: the window measures supervision only.
    asio::steady_timer t(ctx, std::chrono::milliseconds(500));
    co_await t.async_wait(asio::use_awaitable);
    pr.containment = ak::to_string(r.containment().mode);
    auto ticks0 = r.sample_ticks();
    double c0 = self_cpu_ms();
    auto w0 = clk::now();
    t.expires_after(std::chrono::seconds(o.seconds));
    co_await t.async_wait(asio::use_awaitable);
    pr.cpu_ms = self_cpu_ms() - c0;
    pr.wall_ms = std::chrono::duration<double, std::milli>(clk::now() - w0).count();
    pr.ticks = r.sample_ticks() - ticks0;
    for (auto& l : live)
        l.kill();
    for (auto& l : live)
        co_await l.async_wait(asio::as_tuple(asio::use_awaitable));
}
#pragma GCC diagnostic pop

void print(const char* name, const options& o, const phase_result& p)
{
    std::printf(
        "{\"workload\":\"sampling_cost\",\"sampling\":\"%s\",\"tools\":%d,\"seconds\":%d,\"interval_ms\":%d,"
        "\"containment\":\"%s\",\"ticks\":%llu,\"cpu_ms\":%.1f,\"cpu_share_of_one_cpu\":%.5f}\n",
        name, o.tools, o.seconds, o.interval_ms, p.containment.c_str(),
        static_cast<unsigned long long>(p.ticks), p.cpu_ms, p.cpu_ms / p.wall_ms
    );
}

} // namespace

int main(int argc, char** argv)
{
    options o;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc)
            {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--tools")
            o.tools = std::atoi(value());
        else if (a == "--seconds")
            o.seconds = std::atoi(value());
        else if (a == "--interval-ms")
            o.interval_ms = std::atoi(value());
        else if (a == "--containment")
        {
            std::string m = value();
            o.containment = m == "process_group" ? ak::containment_mode::process_group
                            : m == "off"         ? ak::containment_mode::off
                                                 : ak::containment_mode::automatic;
        }
        else
        {
            std::fprintf(
                stderr, "usage: sampling_cost [--tools N] [--seconds S] [--interval-ms MS] "
                        "[--containment automatic|process_group|off]\n"
            );
            return 2;
        }
    }
    asio::io_context ctx;
    phase_result off, on;
    asio::co_spawn(
        ctx,
        [&]() -> asio::awaitable<void> {
            co_await phase(ctx, o, false, off);
            co_await phase(ctx, o, true, on);
        },
        [](std::exception_ptr e) {
            if (e)
                std::rethrow_exception(e);
        }
    );
    ctx.run();
    print("off", o, off);
    print("on", o, on);
    double cost = (on.cpu_ms / on.wall_ms - off.cpu_ms / off.wall_ms);
    double per_tick_us = on.ticks ? (on.cpu_ms - off.cpu_ms * on.wall_ms / off.wall_ms) * 1e3 / on.ticks : 0;
    std::printf(
        "{\"workload\":\"sampling_cost\",\"summary\":true,\"tools\":%d,\"interval_ms\":%d,"
        "\"cost_share_of_one_cpu\":%.5f,\"cost_per_pass_us\":%.0f,\"goal_share\":0.01,\"within_goal\":%s}\n",
        o.tools, o.interval_ms, cost, per_tick_us, cost <= 0.01 ? "true" : "false"
    );
    return 0;
}
