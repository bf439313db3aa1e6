// Resource sampling of live runs (runner_config::sample_interval): CPU and RSS of each run's process group,
// peaks and a bounded series in the result, sample events; and that sampling off arms nothing.
#define BOOST_TEST_MODULE arangokit_resource_sampling
#include <arangokit/process/detail/resource_sampler.hpp>
#include <arangokit/process/tool_runner.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "helper_child.hpp"
#include "run_coro.hpp"
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace ak = arangokit;
namespace asio = boost::asio;
using namespace std::chrono_literals;
using ak::test::run_coro;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> as_tuple{};

namespace {

using ak::test::hygiene;
constexpr auto cmd = &ak::test::helper_cmd;

ak::runner_config sampling(std::chrono::milliseconds every, std::size_t points = 120)
{
    ak::runner_config rc;
    rc.sample_interval = every;
    rc.sample_points = points;
    return rc;
}

} // namespace

BOOST_TEST_DONT_PRINT_LOG_VALUE(ak::containment_mode)

// Both passes: over the runner's cgroup where the host allows one (automatic), over all of /proc without.
const ak::containment_mode both_passes[] = {
    ak::containment_mode::automatic, ak::containment_mode::process_group};

BOOST_DATA_TEST_CASE(
    a_cpu_burning_child_shows_cpu_in_its_samples, boost::unit_test::data::make(both_passes), mode
)
{
    hygiene h;
    run_coro([mode](asio::io_context& ctx) -> asio::awaitable<void> {
        auto rc = sampling(50ms);
        rc.containment = mode;
        ak::tool_runner r(ctx.get_executor(), rc);
        auto c = cmd({"burn", "800"});
        auto [ec, res] = co_await r.async_run(c, as_tuple);
        BOOST_TEST(!ec, ec.message());
        BOOST_TEST(res.sampled.samples >= 5u);
        BOOST_TEST(res.sampled.points.size() == res.sampled.samples); // far below the cap: nothing dropped
        BOOST_TEST(res.sampled.interval == 50ms);
        // One busy thread: close to one CPU at its peak (a loaded 2-core machine gives it less).
        BOOST_TEST(res.sampled.peak_cpu_share > 0.2);
        BOOST_TEST(res.sampled.points.back().cpu > 100ms);
        BOOST_TEST(res.sampled.peak_processes == 1);
        for (std::size_t i = 1; i < res.sampled.points.size(); ++i)
            BOOST_TEST(res.sampled.points[i].at > res.sampled.points[i - 1].at);
    });
}

BOOST_AUTO_TEST_CASE(a_child_that_allocates_shows_rss_growth_in_the_series)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor(), sampling(40ms));
        auto c = cmd({"grow", "64", "sleep", "200"}); // 64 MiB over about 0.7 s
        auto [ec, res] = co_await r.async_run(c, as_tuple);
        BOOST_TEST(!ec, ec.message());
        BOOST_REQUIRE(res.sampled.points.size() >= 4u);
        const auto& first = res.sampled.points.front();
        BOOST_TEST(res.sampled.peak_rss_kib > first.rss_kib + 32 * 1024);
        BOOST_TEST(res.sampled.peak_rss_kib >= 60 * 1024);
        BOOST_TEST(res.sampled.peak_cpu_share < 1.5); // an allocating, sleeping child is not busy
    });
}

BOOST_AUTO_TEST_CASE(the_whole_process_group_is_summed)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor(), sampling(40ms));
        ak::command c;
        c.program = "/bin/sh";
        c.args = {"-c", "sleep 1 & sleep 1 & " + ak::test::helper_path() + " grow 16 sleep 400; wait"};
        auto [ec, res] = co_await r.async_run(c, as_tuple);
        BOOST_TEST(!ec, ec.message());
        BOOST_TEST(res.sampled.peak_processes >= 4); // sh, two sleeps, the helper
        BOOST_TEST(res.sampled.peak_rss_kib >= 16 * 1024);
    });
}

BOOST_AUTO_TEST_CASE(sample_events_reach_the_sinks_as_json)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        std::ostringstream os;
        auto rc = sampling(30ms);
        rc.sinks.push_back(std::make_shared<ak::jsonl_event_sink>(os));
        ak::tool_runner r(ctx.get_executor(), rc);
        auto c = cmd({"burn", "300"});
        auto [ec, res] = co_await r.async_run(c, as_tuple);
        BOOST_TEST(!ec, ec.message());
        std::istringstream in(os.str());
        std::string line;
        std::size_t samples = 0;
        bool finished_has_peak = false;
        while (std::getline(in, line))
        {
            auto v = boost::json::parse(line).as_object();
            if (v.at("event") == "sample")
            {
                ++samples;
                BOOST_TEST(v.at("pid").as_int64() == res.pid);
                const auto& s = v.at("sample").as_object();
                BOOST_TEST(s.at("processes").as_int64() == 1);
                BOOST_TEST(s.at("rss_kib").as_int64() > 0);
            }
            if (v.at("event") == "finished")
                finished_has_peak = v.at("result").as_object().contains("peak_cpu_share");
        }
        BOOST_TEST(samples == res.sampled.samples);
        BOOST_TEST(samples >= 3u);
        BOOST_TEST(finished_has_peak);
    });
}

BOOST_AUTO_TEST_CASE(sampling_off_arms_no_timer_and_reads_nothing)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        std::size_t sample_events = 0;
        ak::runner_config rc; // the default: off
        BOOST_TEST(rc.sample_interval.count() == 0);
        rc.sinks.push_back(std::make_shared<ak::callback_event_sink>([&](const ak::tool_event& e) {
            sample_events += e.kind == ak::event_kind::sample;
        }));
        ak::tool_runner r(ctx.get_executor(), rc);
        auto c = cmd({"burn", "300"});
        auto rt = co_await r.async_start(c, asio::use_awaitable);
        BOOST_TEST(!r.sampling_armed()); // a run is live, and still nothing is scheduled
        auto [ec, res] = co_await rt.async_wait(as_tuple);
        BOOST_TEST(!ec, ec.message());
        BOOST_TEST(r.sample_ticks() == 0u);
        BOOST_TEST(res.sampled.samples == 0u);
        BOOST_TEST(res.sampled.points.empty());
        BOOST_TEST(sample_events == 0u);
    });
}

BOOST_AUTO_TEST_CASE(the_timer_stops_when_no_run_is_live)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor(), sampling(20ms));
        auto c = cmd({"sleep", "100"});
        auto [ec, res] = co_await r.async_run(c, as_tuple);
        BOOST_TEST(!ec, ec.message());
        asio::steady_timer t(ctx, 100ms);
        co_await t.async_wait(asio::use_awaitable);
        auto ticks = r.sample_ticks();
        BOOST_TEST(!r.sampling_armed());
        t.expires_after(100ms);
        co_await t.async_wait(asio::use_awaitable);
        BOOST_TEST(r.sample_ticks() == ticks); // idle: no pass at all
    });
}

BOOST_AUTO_TEST_CASE(a_long_series_is_decimated_evenly_within_its_cap)
{
    ak::resource_series s;
    s.interval = 10ms;
    for (int i = 0; i < 1000; ++i)
    {
        ak::resource_sample x;
        x.at = std::chrono::milliseconds(10 * (i + 1));
        x.rss_kib = i == 333 ? 999999 : i;
        ak::detail::add_sample(s, x, 16);
        BOOST_TEST_REQUIRE(s.points.size() <= 16u);
    }
    BOOST_TEST(s.samples == 1000u);
    BOOST_TEST(s.points.size() >= 8u);
    BOOST_TEST(s.peak_rss_kib == 999999); // a peak survives even when its point was dropped
    BOOST_TEST(s.interval == std::chrono::milliseconds(10 * static_cast<long>(s.keep_every)));
    for (std::size_t i = 1; i < s.points.size(); ++i)
        BOOST_TEST((s.points[i].at - s.points[i - 1].at) == s.interval);
    BOOST_TEST(s.points.front().at == 10ms); // the series still starts at the first sample
}

BOOST_AUTO_TEST_CASE(proc_stat_is_parsed_past_a_name_with_spaces_and_parentheses)
{
    std::string line = "4242 (a (weird) name) S 1 4200 4200 0 -1 4194560 100 0 0 0 "
                       "7 3 2 1 20 0 1 0 12345 10000000 321 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 "
                       "1 0 0 0 0 0\n";
    ak::detail::proc_stat_fields f;
    BOOST_TEST(ak::detail::parse_proc_stat(line, f));
    BOOST_TEST(f.state == 'S');
    BOOST_TEST(f.pgrp == 4200);
    BOOST_TEST(f.ticks == 13u); // utime 7 + stime 3 + cutime 2 + cstime 1
    BOOST_TEST(f.rss_pages == 321);
    BOOST_TEST(!ak::detail::parse_proc_stat("garbage", f));
    BOOST_TEST(!ak::detail::parse_proc_stat("1 (x)", f));
}

BOOST_AUTO_TEST_CASE(a_zombie_is_not_a_live_process_of_its_group)
{
    // An exited, unreaped process reads rss 0: counted, it made "1 process, 0 KiB" samples at the end of a
    // run (seen under ASan, whose exit takes long enough to be sampled).
    pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0)
    {
        ::setpgid(0, 0);
        ::_exit(0);
    }
    ::setpgid(child, child); // either side may win the race; both ask for the same group
    siginfo_t si{};
    BOOST_REQUIRE(::waitid(P_PID, static_cast<id_t>(child), &si, WEXITED | WNOWAIT) == 0); // exited, kept
    ak::detail::proc_scanner sc;
    std::vector<pid_t> groups{child};
    std::vector<ak::detail::group_usage> out;
    std::vector<pid_t> only{child};
    sc.scan(groups, out, &only);
    BOOST_REQUIRE(out.size() == 1u);
    BOOST_TEST(sc.last_read() == 1u); // its stat was read, and it is a zombie
    BOOST_TEST(out[0].processes == 0);
    BOOST_TEST(out[0].rss_pages == 0);
    sc.scan(groups, out, &only);
    BOOST_TEST(sc.last_read() == 1u); // counts one pass, not all of them
    ::waitpid(child, nullptr, 0);
}

BOOST_AUTO_TEST_CASE(every_pass_over_proc_sees_the_processes_again)
{
    // The listing shares its file offset with the scanner's /proc descriptor: a pass that did not rewind
    // found nothing after the first.
    ak::detail::proc_scanner sc;
    std::vector<pid_t> groups{::getpgrp()};
    std::vector<ak::detail::group_usage> out;
    for (int pass = 0; pass < 3; ++pass)
    {
        sc.scan(groups, out, nullptr);
        BOOST_REQUIRE(out.size() == 1u);
        BOOST_TEST(out[0].processes >= 1, "pass " << pass);
        BOOST_TEST(out[0].rss_pages > 0, "pass " << pass);
    }
}
