// Client groups against real child processes (tests/helper/ak_helper, /bin/sh): policies, every stop source,
// join variants, nesting, gates, retry, progress; plus the sans-io parts (stop_source, retry classification).
#define BOOST_TEST_MODULE arangokit_groups
#include <arangokit/concurrency/client_group.hpp>
#include <arangokit/concurrency/entry_gate.hpp>
#include <arangokit/concurrency/file_gate.hpp>
#include <arangokit/concurrency/retry.hpp>
#include <arangokit/process/tool_runner.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include "helper_child.hpp"
#include "run_coro.hpp"
#include "test_paths.hpp"
#include "timing.hpp"
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>

namespace ak = arangokit;
namespace asio = boost::asio;
using namespace std::chrono_literals;
using ak::test::run_coro;
constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

using ak::test::eventually;
using ak::test::hygiene;
using ak::test::ms_since;

ak::command cmd(std::vector<std::string> args, std::string label = {})
{
    ak::command c = ak::test::helper_cmd(std::move(args));
    c.label = std::move(label);
    return c;
}

// A child that ignores some stop signals. It prints "ready" once its handlers are in place and counts `ready`
// up: a test must wait for that before stopping it, or (slow under sanitizers) the signal can arrive while
// the default action still applies.
ak::command stubborn(std::vector<std::string> ignores, std::shared_ptr<int> ready, std::string label = {})
{
    ignores.insert(ignores.end(), {"print", "ready", "sleep", "60000"});
    ak::command c = cmd(std::move(ignores), std::move(label));
    c.on_line = [ready](const ak::output_line& l) {
        if (l.text == "ready")
            ++*ready;
    };
    return c;
}

ak::command sh(const std::string& script, std::string label = {})
{
    ak::command c;
    c.program = "/bin/sh";
    c.args = {"-c", script};
    c.label = std::move(label);
    return c;
}

// Unlike ak::test::sleep_for, a cancelled wait throws: members that must end on cancellation rely on it.
asio::awaitable<void> sleep_for(std::chrono::milliseconds d)
{
    asio::steady_timer t(co_await asio::this_coro::executor, d);
    co_await t.async_wait(asio::use_awaitable);
}

std::filesystem::path temp_dir(const std::string& name)
{
    auto d = std::filesystem::temp_directory_path() / ("ak_groups_" + name + "_" + std::to_string(getpid()));
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
}

void raise_nofile(rlim_t want)
{
    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < want)
    {
        rl.rlim_cur = std::min(want, rl.rlim_max);
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

} // namespace

// ---------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(stop_source_unit)

BOOST_AUTO_TEST_CASE(first_cause_wins_and_children_stop_with_the_parent)
{
    ak::stop_source root;
    auto child = root.make_child();
    auto grandchild = child.make_child();
    std::vector<std::string> seen;
    auto r1 =
        root.on_stop([&](ak::stop_cause c) { seen.push_back(std::string("root:") + ak::to_string(c)); });
    auto r2 =
        grandchild.on_stop([&](ak::stop_cause c) { seen.push_back(std::string("gc:") + ak::to_string(c)); });
    auto r3 = child.on_stop([&](ak::stop_cause) { seen.push_back("never"); });
    r3.reset();
    BOOST_TEST(root.request_stop(ak::stop_cause::deadline, "late"));
    BOOST_TEST(!root.request_stop(ak::stop_cause::requested));
    BOOST_TEST(root.cause() == ak::stop_cause::deadline);
    BOOST_TEST(child.cause() == ak::stop_cause::parent);
    BOOST_TEST(grandchild.cause() == ak::stop_cause::parent);
    BOOST_TEST(grandchild.detail() == "late");
    BOOST_REQUIRE(seen.size() == 2u);
    BOOST_TEST(seen[0] == "root:deadline");
    BOOST_TEST(seen[1] == "gc:parent stopped");
    // Registering after the stop runs at once; a child made after the stop starts stopped.
    bool ran = false;
    auto r4 = child.on_stop([&](ak::stop_cause) { ran = true; });
    BOOST_TEST(ran);
    BOOST_TEST(root.make_child().stop_requested());
}

BOOST_AUTO_TEST_CASE(a_child_stop_does_not_reach_the_parent)
{
    ak::stop_source root;
    auto child = root.make_child();
    child.request_stop();
    BOOST_TEST(child.stop_requested());
    BOOST_TEST(!root.stop_requested());
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(retry_unit)

BOOST_AUTO_TEST_CASE(transient_classification_follows_the_policy)
{
    ak::tool_retry_policy p;
    p.transient_exit_codes = {75};
    p.transient_output = {std::regex("try again")};
    ak::tool_result r;
    r.reason = ak::end_reason::exited;
    r.exit_code = 75;
    BOOST_TEST(ak::detail::transient_reason(p, ak::errc::nonzero_exit, r) == "exit code 75");
    r.exit_code = 1;
    BOOST_TEST(ak::detail::transient_reason(p, ak::errc::nonzero_exit, r).empty());
    r.err.tail = {"FATAL Could not connect to endpoint 'tcp://127.0.0.1:1', database: '_system'"};
    BOOST_TEST(ak::detail::transient_reason(p, ak::errc::nonzero_exit, r).rfind("connection error", 0) == 0u);
    p.connection_errors = false;
    BOOST_TEST(ak::detail::transient_reason(p, ak::errc::nonzero_exit, r).empty());
    r.out.tail = {"busy, try again later"};
    BOOST_TEST(ak::detail::transient_reason(p, ak::errc::nonzero_exit, r).rfind("output:", 0) == 0u);
    // Our own deadline and cancellation are never transient.
    r.reason = ak::end_reason::deadline;
    BOOST_TEST(ak::detail::transient_reason(p, ak::errc::deadline_exceeded, r).empty());
    BOOST_TEST(ak::detail::transient_reason(p, asio::error::operation_aborted, r).empty());
    p.is_transient = [](const ak::error_code& ec, const ak::tool_result&) {
        return ec == ak::errc::killed_by_signal;
    };
    BOOST_TEST(
        ak::detail::transient_reason(p, ak::errc::killed_by_signal, ak::tool_result{}) == "is_transient"
    );
}

BOOST_AUTO_TEST_CASE(backoff_grows_is_capped_and_jittered_within_bounds)
{
    ak::tool_retry_policy p;
    p.initial_backoff = 100ms;
    p.max_backoff = 1000ms;
    p.multiplier = 2.0;
    p.jitter = 0.0;
    std::mt19937_64 rng(1);
    BOOST_TEST(ak::detail::backoff_for(p, 1, rng).count() == 100);
    BOOST_TEST(ak::detail::backoff_for(p, 2, rng).count() == 200);
    BOOST_TEST(ak::detail::backoff_for(p, 3, rng).count() == 400);
    BOOST_TEST(ak::detail::backoff_for(p, 10, rng).count() == 1000);
    p.jitter = 0.5;
    bool varied = false;
    long first = ak::detail::backoff_for(p, 2, rng).count();
    for (int i = 0; i < 50; ++i)
    {
        long d = ak::detail::backoff_for(p, 2, rng).count();
        BOOST_TEST(d >= 100);
        BOOST_TEST(d <= 300);
        varied |= d != first;
    }
    BOOST_TEST(varied);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(client_group_policies)

BOOST_AUTO_TEST_CASE(empty_group_completes_at_once)
{
    hygiene h;
    run_coro(
        [](asio::io_context& ctx) -> asio::awaitable<void> {
            ak::tool_runner r(ctx.get_executor());
            ak::client_group g(r);
            auto t0 = std::chrono::steady_clock::now();
            auto [ec, res] = co_await g.async_wait(as_tuple);
            BOOST_TEST(!ec);
            BOOST_TEST(res.members.empty());
            BOOST_TEST(res.ok());
            ak::client_group inner(g);
            auto [ec2, res2] = co_await inner.async_join_for(10s, as_tuple);
            BOOST_TEST(!ec2);
            BOOST_TEST(ms_since(t0) < 1000.0);
        },
        10s
    );
}

BOOST_AUTO_TEST_CASE(wait_all_records_failures_as_data_and_aggregates_each_once)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group g(r, {.name = "mixed"});
        g.spawn(cmd({"print", "hello", "exit", "0"}, "ok1"));
        g.spawn(cmd({"sleep", "100", "eprint", "bad", "exit", "3"}, "bad"));
        g.spawn(cmd({"sleep", "200", "exit", "0"}, "ok2"));
        g.spawn_awaitable(
            [](ak::member_context) -> asio::awaitable<void> {
                co_await sleep_for(50ms);
                throw std::runtime_error("awaitable exploded");
            },
            {.label = "thrower"}
        );
        g.spawn(cmd({"exit", "0"}), {.label = "missing-program-not", .critical = true});
        ak::command missing;
        missing.program = "/nonexistent/ak-tool";
        g.spawn(missing, {.label = "missing"});
        auto [ec, res] = co_await g.async_wait(as_tuple);
        BOOST_TEST(!ec); // wait_all: failures are data
        BOOST_TEST(res.members.size() == 6u);
        BOOST_TEST(res.succeeded == 3u);
        BOOST_TEST(res.failed == 3u);
        BOOST_TEST(res.stopped == 0u);
        BOOST_TEST(!res.ok());
        BOOST_REQUIRE(res.errors.size() == 3u); // each failure once
        std::set<std::string> labels;
        for (auto& e : res.errors)
            labels.insert(e.label);
        BOOST_TEST(labels.size() == 3u);
        auto& bad = res.members[1];
        BOOST_TEST(bad.outcome == ak::member_outcome::failed);
        BOOST_TEST(bad.error == ak::errc::nonzero_exit);
        BOOST_REQUIRE(bad.tool.has_value());
        BOOST_TEST(bad.tool->exit_code.value() == 3);
        BOOST_TEST(bad.tool->err.tail.at(0) == "bad");
        BOOST_TEST((bad.elapsed >= 90ms));
        auto& thrower = res.members[3];
        BOOST_TEST(thrower.outcome == ak::member_outcome::failed);
        BOOST_REQUIRE(thrower.exception);
        BOOST_CHECK_THROW(std::rethrow_exception(thrower.exception), std::runtime_error);
        BOOST_TEST(res.members[5].error == ak::errc::tool_not_found);
        BOOST_TEST(res.members[0].tool->out.tail.at(0) == "hello");
        // A tool member's message is its result's description, succeeded or failed.
        BOOST_TEST(res.members[0].message == res.members[0].tool->describe());
        BOOST_TEST(bad.message == bad.tool->describe());
        for (auto& e : res.errors)
            if (e.label == "bad")
                BOOST_TEST(e.message == bad.tool->describe());
        BOOST_TEST(res.first_failure.has_value());
        BOOST_TEST(res.describe().find("bad") != std::string::npos);
    });
}

BOOST_AUTO_TEST_CASE(first_failure_stops_the_rest_who_are_reported_as_stopped)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group g(
            r, {.on_failure = ak::group_policy::stop_on_failure, .stop = ak::stop_policy{500ms, 500ms, true}}
        );
        for (int i = 0; i < 4; ++i)
            g.spawn(cmd({"sleep", "60000"}, "sleeper" + std::to_string(i)));
        g.spawn_awaitable(
            [](ak::member_context) -> asio::awaitable<void> {
                co_await sleep_for(5000ms); // cancelled by the group's stop
            },
            {.label = "waiter"}
        );
        g.spawn(cmd({"sleep", "300", "eprint", "boom", "exit", "7"}, "failing"));
        auto t0 = std::chrono::steady_clock::now();
        auto [ec, res] = co_await g.async_wait(as_tuple);
        BOOST_TEST(ms_since(t0) < 5000.0);
        BOOST_TEST(ec == ak::errc::member_failed);
        BOOST_TEST(res.failed == 1u);
        BOOST_TEST(res.stopped == 5u);
        BOOST_TEST(res.errors.size() == 1u);
        BOOST_REQUIRE(res.first_failure.has_value());
        BOOST_TEST(res.cause()->label == "failing");
        BOOST_TEST(res.stop_reason == ak::stop_cause::member_failed);
        auto& failing = res.members[5];
        BOOST_REQUIRE(failing.tool.has_value());
        BOOST_TEST(failing.message == failing.tool->describe());
        for (int i = 0; i < 5; ++i)
        {
            auto& m = res.members[static_cast<std::size_t>(i)];
            BOOST_TEST(m.outcome == ak::member_outcome::stopped);
            BOOST_TEST(m.message.rfind("stopped because of a member failed", 0) == 0, m.message);
            BOOST_TEST(m.stop_detail.find(failing.tool->describe()) != std::string::npos);
            BOOST_TEST(m.stopped_because == ak::stop_cause::member_failed);
            BOOST_TEST(m.stop_detail.find("failing") != std::string::npos);
            BOOST_TEST(!m.error);
            if (m.tool)
            {
                BOOST_TEST(m.tool->reason == ak::end_reason::stop_requested);
                BOOST_TEST(m.tool->term_signal == SIGINT);
            }
        }
    });
}

BOOST_AUTO_TEST_CASE(default_token_throws_group_error_with_the_result)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group g(r, {.on_failure = ak::group_policy::stop_on_failure});
        g.spawn(cmd({"exit", "2"}, "two"));
        bool thrown = false;
        try
        {
            co_await g.async_wait();
        }
        catch (const ak::group_error& e)
        {
            thrown = true;
            BOOST_TEST(e.code() == ak::errc::member_failed);
            BOOST_TEST(e.result().failed == 1u);
            BOOST_TEST(std::string(e.what()).find("two") != std::string::npos);
        }
        BOOST_TEST(thrown);
    });
}

BOOST_AUTO_TEST_CASE(non_critical_failure_keeps_the_others_running)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group g(r, {.on_failure = ak::group_policy::stop_on_failure});
        g.spawn(cmd({"exit", "5"}, "flaky"), {.critical = false});
        g.spawn_awaitable(
            [](ak::member_context) -> asio::awaitable<void> {
                co_await sleep_for(10ms);
                throw std::runtime_error("optional helper failed");
            },
            {.label = "optional", .critical = false}
        );
        g.spawn(cmd({"sleep", "400", "print", "finished", "exit", "0"}, "main1"));
        g.spawn(cmd({"sleep", "500", "exit", "0"}, "main2"));
        auto [ec, res] = co_await g.async_wait(as_tuple);
        BOOST_TEST(!ec);
        BOOST_TEST(res.degraded == 2u);
        BOOST_TEST(res.failed == 0u);
        BOOST_TEST(res.succeeded == 2u);
        BOOST_TEST(res.stopped == 0u);
        BOOST_TEST(res.stop_reason == ak::stop_cause::none);
        BOOST_TEST(res.errors.size() == 2u);
        BOOST_TEST(!res.first_failure.has_value());
        BOOST_TEST(res.ok());
        BOOST_TEST(res.members[2].tool->out.tail.at(0) == "finished");
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(client_group_stop_sources)

BOOST_AUTO_TEST_CASE(two_hundred_members_stopped_at_once_are_all_reaped_within_the_grace)
{
    raise_nofile(4096);
    hygiene h;
    run_coro(
        [](asio::io_context& ctx) -> asio::awaitable<void> {
            ak::tool_runner r(ctx.get_executor());
            const std::chrono::milliseconds grace = 3000ms;
            ak::client_group g(r, {.stop = ak::stop_policy{grace, grace, true}});
            for (int i = 0; i < 200; ++i)
                g.spawn(cmd({"sleep", "60000"}));
            BOOST_REQUIRE(co_await eventually([&] { return g.snapshot().running == 200; }, 30s));
            BOOST_TEST(ak::test::census_children().alive == 200);
            auto t0 = std::chrono::steady_clock::now();
            g.request_stop();
            auto [ec, res] = co_await g.async_wait(as_tuple);
            double stop_ms = ms_since(t0);
            BOOST_TEST_MESSAGE("200 members stopped in " << stop_ms << " ms");
            BOOST_TEST(
                stop_ms < static_cast<double>(grace.count())
            );               // SIGINT sufficed: nobody waited for the grace
            BOOST_TEST(!ec); // an explicit stop is not an error
            BOOST_TEST(res.stopped == 200u);
            BOOST_TEST(res.stop_reason == ak::stop_cause::requested);
            for (auto& m : res.members)
                BOOST_TEST(m.tool->term_signal == SIGINT);
            BOOST_TEST(ak::test::census_children().alive == 0);
            BOOST_TEST(r.live_count() == 0u);
        },
        120s
    );
}

BOOST_AUTO_TEST_CASE(group_deadline_fires_mid_group)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group g(r, {.timeout = 400ms});
        g.spawn(cmd({"exit", "0"}, "quick"));
        g.spawn(cmd({"sleep", "60000"}, "slow1"));
        auto ready = std::make_shared<int>(0);
        g.spawn(stubborn({"ignore-int"}, ready, "stubborn"), {});
        g.spawn_awaitable([](ak::member_context) -> asio::awaitable<void> { co_await sleep_for(60s); });
        auto t0 = std::chrono::steady_clock::now();
        BOOST_REQUIRE(co_await eventually([&] { return *ready == 1; })); // well inside the 400 ms
        auto [ec, res] = co_await g.async_wait(as_tuple);
        double ms = ms_since(t0);
        BOOST_TEST(ms >= 350.0);
        BOOST_TEST(ms < 10000.0);
        BOOST_TEST(ec == ak::errc::deadline_exceeded);
        BOOST_TEST(res.stop_reason == ak::stop_cause::deadline);
        BOOST_TEST(res.members[0].outcome == ak::member_outcome::succeeded);
        for (std::size_t i = 1; i < 4; ++i)
        {
            BOOST_TEST(res.members[i].outcome == ak::member_outcome::stopped);
            BOOST_TEST(res.members[i].stopped_because == ak::stop_cause::deadline);
        }
        BOOST_TEST(res.members[2].tool->term_signal == SIGTERM); // ignored SIGINT, escalated
    });
}

BOOST_AUTO_TEST_CASE(runner_global_deadline_stops_the_group)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor(), {.global_deadline = ak::deadline::after(400ms)});
        ak::client_group g(r);
        BOOST_TEST(g.effective_deadline() == r.global_deadline());
        g.spawn(cmd({"sleep", "60000"}, "a"));
        g.spawn_awaitable([](ak::member_context) -> asio::awaitable<void> { co_await sleep_for(60s); });
        auto [ec, res] = co_await g.async_wait(as_tuple);
        BOOST_TEST(ec == ak::errc::deadline_exceeded);
        BOOST_TEST(res.stop_reason == ak::stop_cause::deadline);
        BOOST_TEST(res.stopped == 2u);
        BOOST_TEST(res.failed == 0u);
    });
}

BOOST_AUTO_TEST_CASE(cancelling_the_awaiting_coroutine_stops_every_member)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group g(r);
        for (int i = 0; i < 3; ++i)
            g.spawn(cmd({"sleep", "60000"}));
        asio::cancellation_signal sig;
        std::optional<std::pair<ak::error_code, ak::group_result>> got;
        g.async_wait(asio::bind_cancellation_slot(sig.slot(), [&](ak::error_code ec, ak::group_result res) {
            got.emplace(ec, std::move(res));
        }));
        co_await eventually([&] { return g.snapshot().running == 3; });
        sig.emit(asio::cancellation_type::terminal);
        BOOST_REQUIRE(co_await eventually([&] { return got.has_value(); }));
        BOOST_TEST(got->first == asio::error::operation_aborted);
        BOOST_TEST(got->second.stop_reason == ak::stop_cause::cancelled);
        BOOST_TEST(got->second.stopped == 3u);
    });
}

BOOST_AUTO_TEST_CASE(sigint_to_the_program_stops_the_group)
{
    {
        // Asio's signal machinery opens a process-wide pipe once; open it before counting descriptors.
        asio::io_context warm;
        asio::signal_set s(warm, SIGUSR2);
    }
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group g(r, {.stop_on_signals = true});
        g.spawn(cmd({"sleep", "60000"}));
        g.spawn(cmd({"sleep", "60000"}));
        BOOST_REQUIRE(co_await eventually([&] { return g.snapshot().running == 2; }));
        ::kill(::getpid(), SIGINT);
        auto [ec, res] = co_await g.async_wait(as_tuple);
        BOOST_TEST(ec == ak::errc::stopped);
        BOOST_TEST(res.stop_reason == ak::stop_cause::signal);
        BOOST_TEST(res.stop_detail == "received SIGINT");
        BOOST_TEST(res.stopped == 2u);
    });
}

BOOST_AUTO_TEST_CASE(members_added_after_the_stop_never_run)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group g(r);
        g.spawn(cmd({"sleep", "60000"}));
        g.request_stop();
        g.spawn(cmd({"print", "must not run"}));
        auto [ec, res] = co_await g.async_wait(as_tuple);
        BOOST_TEST(!ec);
        BOOST_TEST(res.stopped == 2u);
        BOOST_TEST(!res.members[1].tool.has_value());
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(client_group_nesting)

BOOST_AUTO_TEST_CASE(outer_cancellation_reaches_inner_groups)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group outer(r, {.name = "outer"});
        std::optional<ak::group_result> inner_result;
        ak::error_code inner_ec;
        int inner_running = 0;
        outer.spawn_awaitable(
            [&](ak::member_context) -> asio::awaitable<void> {
                // Cancellation is sticky: without this, the second co_await below would throw at once.
                co_await asio::this_coro::throw_if_cancelled(false);
                ak::client_group inner(outer, {.name = "inner"});
                for (int i = 0; i < 3; ++i)
                    inner.spawn(cmd({"sleep", "60000"}));
                ak::client_group innermost(inner, {.name = "innermost"});
                innermost.spawn(cmd({"sleep", "60000"}));
                co_await eventually([&] {
                    return inner.snapshot().running == 3 && innermost.snapshot().running == 1;
                });
                inner_running = 4;
                auto [ec2, r2] = co_await innermost.async_wait(as_tuple);
                // The outer's stop reached this coroutine's await (aborted) and the group (parent): both end
                // it.
                BOOST_TEST((ec2 == ak::errc::stopped || ec2 == asio::error::operation_aborted));
                BOOST_TEST(r2.stopped == 1u);
                BOOST_TEST(r2.members[0].stopped_because == ak::stop_cause::parent);
                auto [ec, res] = co_await inner.async_wait(as_tuple);
                inner_ec = ec;
                inner_result = std::move(res);
            },
            {.label = "inner-runner"}
        );
        asio::cancellation_signal sig;
        std::optional<std::pair<ak::error_code, ak::group_result>> got;
        outer.async_wait(asio::bind_cancellation_slot(
            sig.slot(), [&](ak::error_code ec, ak::group_result res) { got.emplace(ec, std::move(res)); }
        ));
        BOOST_REQUIRE(co_await eventually([&] { return inner_running == 4; }));
        BOOST_TEST(ak::test::census_children().alive == 4);
        sig.emit(asio::cancellation_type::terminal);
        BOOST_REQUIRE(co_await eventually([&] { return got.has_value(); }));
        BOOST_TEST(got->first == asio::error::operation_aborted);
        BOOST_TEST(ak::test::census_children().alive == 0);
        BOOST_REQUIRE(inner_result.has_value());
        BOOST_TEST(inner_ec == ak::errc::stopped);
        BOOST_TEST(inner_result->stop_reason == ak::stop_cause::parent);
        BOOST_TEST(inner_result->stopped == 3u);
        // The member that awaited the inner group finished its awaits normally: not a failure.
        BOOST_TEST(got->second.members[0].outcome != ak::member_outcome::failed);
        BOOST_TEST(got->second.failed == 0u);
    });
}

BOOST_AUTO_TEST_CASE(a_nested_group_abandoned_by_a_cancelled_member_is_reaped_before_the_outer_completes)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group outer(r);
        bool inner_started = false;
        auto ready = std::make_shared<int>(0);
        outer.spawn_awaitable([&](ak::member_context) -> asio::awaitable<void> {
            ak::client_group inner(outer, {.stop = ak::stop_policy{300ms, 2000ms, true}});
            inner.spawn(stubborn({"ignore-int"}, ready)); // needs SIGTERM, after 300 ms
            inner.spawn(stubborn({"ignore-int"}, ready));
            co_await eventually([&] { return *ready == 2; });
            inner_started = true;
            co_await sleep_for(60s); // cancelled: throws, and `inner` is destroyed un-awaited
        });
        BOOST_REQUIRE(co_await eventually([&] { return inner_started; }));
        auto t0 = std::chrono::steady_clock::now();
        outer.request_stop();
        auto [ec, res] = co_await outer.async_wait(as_tuple);
        BOOST_TEST(!ec);
        BOOST_TEST(ms_since(t0) >= 250.0); // waited for the inner members' graded stop
        BOOST_TEST(ak::test::census_children().alive == 0);
        BOOST_TEST(res.members[0].outcome == ak::member_outcome::stopped);
    });
}

BOOST_AUTO_TEST_CASE(nested_deadlines_the_earliest_wins)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group outer(r, {.timeout = 10s});
        ak::client_group inner_short(outer, {.timeout = 300ms});
        ak::client_group inner_long(outer, {.timeout = 1h});
        BOOST_TEST((inner_long.effective_deadline() == outer.effective_deadline()));
        BOOST_TEST((inner_short.effective_deadline().time() < outer.effective_deadline().time()));
        inner_short.spawn(cmd({"sleep", "60000"}));
        outer.spawn(cmd({"sleep", "700", "exit", "0"}, "outer-member"));
        auto t0 = std::chrono::steady_clock::now();
        auto [ec, res] = co_await inner_short.async_wait(as_tuple);
        BOOST_TEST(ec == ak::errc::deadline_exceeded);
        BOOST_TEST(ms_since(t0) < 5000.0);
        BOOST_TEST(!outer.stop_requested()); // the inner deadline does not stop the outer
        auto [oec, ores] = co_await outer.async_wait(as_tuple);
        BOOST_TEST(!oec);
        BOOST_TEST(ores.succeeded == 1u);
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(client_group_joins)

BOOST_AUTO_TEST_CASE(join_with_timeout_reports_then_stops_the_stragglers)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group g(r);
        g.spawn(cmd({"exit", "0"}, "quick"));
        g.spawn(cmd({"sleep", "60000"}, "slow-a"));
        g.spawn(cmd({"sleep", "60000"}, "slow-b"));
        auto [ec, res] = co_await g.async_join_for(300ms, as_tuple);
        BOOST_TEST(ec == ak::errc::deadline_exceeded);
        BOOST_TEST(res.stop_reason == ak::stop_cause::join_timeout);
        BOOST_REQUIRE(res.unjoined.size() == 2u);
        BOOST_TEST(res.unjoined[0] == "slow-a");
        BOOST_TEST(res.members[1].running_at_join_timeout);
        BOOST_TEST(!res.members[0].running_at_join_timeout);
        BOOST_TEST(res.members[0].ok());
        BOOST_TEST(res.stopped == 2u);
    });
}

BOOST_AUTO_TEST_CASE(join_finished_is_non_blocking_and_force_join_kills_now)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group g(r, {.stop = ak::stop_policy{10s, 10s, true}});
        g.spawn(cmd({"exit", "0"}, "quick"));
        auto ready = std::make_shared<int>(0);
        g.spawn(stubborn({"ignore-int", "ignore-term"}, ready, "stubborn1"));
        g.spawn(stubborn({"ignore-int", "ignore-term"}, ready, "stubborn2"));
        BOOST_REQUIRE(co_await eventually([&] { return g.snapshot().succeeded == 1 && *ready == 2; }));
        auto partial = g.join_finished();
        BOOST_TEST(partial.succeeded == 1u);
        BOOST_TEST(partial.running == 2u);
        BOOST_TEST(partial.members[0].tool.has_value());
        // A graded stop is under way (10 s graces); force-join overrides it with SIGKILL now.
        g.request_stop();
        co_await sleep_for(100ms);
        auto t0 = std::chrono::steady_clock::now();
        auto [ec, res] = co_await g.async_force_join(as_tuple);
        BOOST_TEST(ms_since(t0) < 3000.0);
        BOOST_TEST(!ec);
        BOOST_TEST(res.stopped == 2u);
        BOOST_TEST(res.members[1].tool->term_signal == SIGKILL);
        BOOST_TEST(res.members[2].tool->term_signal == SIGKILL);
    });
}

// One member killed by index: SIGKILL to that member only (even one that ignores the graded stop), no stop of
// the group, the others go on; ended or unknown members are refused.
BOOST_AUTO_TEST_CASE(kill_member_kills_one_member_and_nothing_else)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group g(r, {.stop = ak::stop_policy{10s, 10s, true}});
        auto ready = std::make_shared<int>(0);
        g.spawn(cmd({"exit", "0"}, "quick"));
        g.spawn(stubborn({"ignore-int", "ignore-term"}, ready, "victim"));
        g.spawn(stubborn({"ignore-int", "ignore-term"}, ready, "bystander"));
        BOOST_REQUIRE(co_await eventually([&] { return g.snapshot().succeeded == 1 && *ready == 2; }));
        BOOST_TEST(!g.kill_member(0)); // ended already
        BOOST_TEST(!g.kill_member(7)); // no such member
        BOOST_TEST(g.kill_member(1));
        BOOST_REQUIRE(co_await eventually([&] { return g.snapshot().running == 1; }));
        BOOST_TEST(!g.stop_requested());
        auto part = g.join_finished();
        BOOST_REQUIRE(part.members[1].tool.has_value());
        BOOST_TEST(part.members[1].tool->term_signal == SIGKILL);
        BOOST_TEST((g.snapshot().members[2].state == ak::member_outcome::running));
        auto [ec, res] = co_await g.async_force_join(as_tuple);
        BOOST_TEST(res.members[2].tool->term_signal == SIGKILL);
    });
}

BOOST_AUTO_TEST_CASE(cleanup_keeps_the_logs_of_failed_members_and_removes_the_rest)
{
    hygiene h;
    auto dir = temp_dir("cleanup");
    auto logs = dir / "logs";
    auto script = dir / "client-script.js";
    std::ofstream(script) << "// a member's temp file\n";
    run_coro([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group g(r, {.log_dir = logs});
        g.spawn(cmd({"print", "all good", "exit", "0"}, "good"), {.temp_files = {script}});
        g.spawn(cmd({"print", "about to fail", "eprint", "boom", "exit", "2"}, "bad"));
        g.spawn(cmd({"eprint", "meh", "exit", "1"}, "optional"), {.critical = false});
        auto [ec, res] = co_await g.async_wait(as_tuple);
        BOOST_TEST(!ec);
        for (auto& m : res.members)
            BOOST_TEST(std::filesystem::exists(m.log_file));
        auto kept = g.cleanup();
        BOOST_REQUIRE(kept.size() == 2u);
        BOOST_TEST(kept[0] == res.members[1].log_file);
        BOOST_TEST(kept[1] == res.members[2].log_file);
        BOOST_TEST(!std::filesystem::exists(res.members[0].log_file));
        BOOST_TEST(!std::filesystem::exists(script));
        std::ifstream in(kept[0]);
        std::stringstream ss;
        ss << in.rdbuf();
        BOOST_TEST(ss.str().find("boom") != std::string::npos);
        BOOST_TEST(ss.str().find("about to fail") != std::string::npos);
    });
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(client_group_progress)

BOOST_AUTO_TEST_CASE(iterations_from_lines_done_documents_and_awaitables_with_events)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        std::map<ak::group_event_kind, int> events;
        std::uint64_t final_total = 0;
        ak::client_group g(r, {.name = "progress", .on_event = [&](const ak::group_event& e) {
                                   ++events[e.kind];
                                   if (e.kind == ak::group_event_kind::finished)
                                       final_total = e.iterations;
                               }});
        g.spawn(
            cmd(
                {"print", "iteration", "sleep", "20", "print", "noise", "print", "iteration", "print",
                 "iteration"}
            ),
            {.label = "counter", .iteration_pattern = std::regex("^iteration$")}
        );
        g.spawn(
            cmd({"sleep", "50", "print", R"({"done":true,"iterations":42})"}),
            {.label = "done-doc",
             .iteration_parser = [](const ak::output_line& l) -> std::optional<std::uint64_t> {
                 std::smatch m;
                 if (std::regex_search(l.text, m, std::regex(R"("iterations":(\d+))")))
                     return std::stoull(m[1]);
                 return std::nullopt;
             }}
        );
        g.spawn(
            cmd({"print", "round 7 of 10", "print", "round 9 of 10"}),
            {.label = "absolute", .iteration_pattern = std::regex(R"(round (\d+))")}
        );
        g.spawn_awaitable(
            [](ak::member_context mc) -> asio::awaitable<void> {
                for (int i = 0; i < 5; ++i)
                {
                    co_await sleep_for(10ms);
                    mc.add_iterations();
                }
            },
            {.label = "loop"}
        );
        auto mid = g.snapshot();
        BOOST_TEST(mid.total == 4u);
        BOOST_TEST(mid.running + mid.pending == 4u);
        auto [ec, res] = co_await g.async_wait(as_tuple);
        BOOST_TEST(!ec);
        BOOST_TEST(res.members[0].iterations == 3u);
        BOOST_TEST(res.members[1].iterations == 42u);
        BOOST_TEST(res.members[2].iterations == 9u);
        BOOST_TEST(res.members[3].iterations == 5u);
        BOOST_TEST(res.iterations == 59u);
        g.set_iterations(0, 100); // e.g. from a `done` document read afterwards
        BOOST_TEST(g.snapshot().iterations == 156u);
        BOOST_TEST(events[ak::group_event_kind::member_started] == 4);
        BOOST_TEST(events[ak::group_event_kind::member_finished] == 4);
        BOOST_TEST(events[ak::group_event_kind::iterations] >= 10);
        BOOST_TEST(events[ak::group_event_kind::finished] == 1);
        BOOST_TEST(final_total == 59u);
        auto snap = g.snapshot();
        BOOST_TEST(snap.succeeded == 4u);
        BOOST_TEST(snap.running == 0u);
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(gates)

BOOST_AUTO_TEST_CASE(entry_gate_releases_all_members_within_a_few_ms)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        constexpr int n = 16;
        ak::entry_gate gate(ctx.get_executor(), n);
        std::vector<std::chrono::steady_clock::time_point> resumed(n);
        ak::client_group g(r);
        for (int i = 0; i < n; ++i)
            g.spawn_awaitable([&, i](ak::member_context) -> asio::awaitable<void> {
                // Each member starts a real child first, then waits at the gate with it running.
                auto ex = co_await asio::this_coro::executor;
                auto c = cmd({"sleep", std::to_string(100 + 20 * i)});
                ak::running_tool t = co_await r.async_start(c);
                co_await gate.async_arrive();
                resumed[static_cast<std::size_t>(i)] = std::chrono::steady_clock::now();
                co_await t.async_wait();
                (void)ex;
            });
        co_await gate.async_wait_ready();
        BOOST_TEST(gate.arrived() == std::size_t(n));
        co_await sleep_for(50ms); // nobody passes before the release
        for (auto& t : resumed)
            BOOST_TEST((t == std::chrono::steady_clock::time_point{}));
        gate.release();
        auto [ec, res] = co_await g.async_wait(as_tuple);
        BOOST_TEST(!ec);
        BOOST_TEST(res.succeeded == std::size_t(n));
        auto [lo, hi] = std::minmax_element(resumed.begin(), resumed.end());
        double spread = std::chrono::duration<double, std::milli>(*hi - *lo).count();
        BOOST_TEST_MESSAGE("in-process gate spread: " << spread << " ms");
        BOOST_TEST(spread < 5.0);
        BOOST_TEST((*lo >= gate.released_at()));
    });
}

BOOST_AUTO_TEST_CASE(file_gate_holds_external_processes_until_released)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        constexpr std::size_t n = 6;
        ak::file_gate gate(ctx.get_executor(), n);
        BOOST_TEST(gate.ready_count() == 0u);
        ak::client_group g(r);
        for (std::size_t i = 0; i < n; ++i)
        {
            auto c = sh("rm -f \"$ARANGOKIT_GATE_READY\"; while [ ! -e \"$ARANGOKIT_GATE_GO\" ]; do sleep "
                        "0.002; done; "
                        "date +%s%N");
            c.env.set = gate.environment(i);
            g.spawn(c);
        }
        co_await gate.async_wait_ready(ak::deadline::after(20s), 2ms);
        BOOST_TEST(gate.ready_count() == n);
        co_await sleep_for(100ms);
        BOOST_TEST(g.snapshot().running == n); // all held at the gate
        gate.release();
        auto released_ns =
            std::chrono::duration_cast<std::chrono::nanoseconds>(gate.released_at().time_since_epoch())
                .count();
        auto [ec, res] = co_await g.async_wait(as_tuple);
        BOOST_TEST(!ec);
        std::vector<long long> went;
        for (auto& m : res.members)
            went.push_back(std::stoll(m.tool->out.tail.at(0)));
        auto [lo, hi] = std::minmax_element(went.begin(), went.end());
        BOOST_TEST(*lo >= released_ns);
        double spread = static_cast<double>(*hi - *lo) / 1e6;
        BOOST_TEST_MESSAGE("file gate spread: " << spread << " ms");
        BOOST_TEST(spread < 500.0); // bounded by the members' 2 ms poll and process start-up on a loaded host
    });
}

BOOST_AUTO_TEST_CASE(file_gate_wait_ready_honours_its_deadline)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::file_gate gate(ctx.get_executor(), 2);
        std::filesystem::remove(gate.ready_file(0));
        auto [ec] = co_await gate.async_wait_ready(ak::deadline::after(100ms), 5ms, as_tuple);
        BOOST_TEST(ec == ak::errc::deadline_exceeded);
        BOOST_TEST(gate.ready_count() == 1u);
        auto dir = gate.directory();
        BOOST_TEST(std::filesystem::exists(dir));
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(retry_process)

BOOST_AUTO_TEST_CASE(retry_stops_at_the_deadline_with_every_attempt_recorded)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::tool_retry_policy p;
        p.max_attempts = 1000;
        p.initial_backoff = 50ms;
        p.max_backoff = 100ms;
        p.timeout = 700ms;
        p.seed = 7;
        auto c = cmd({"eprint", "Could not connect to endpoint 'tcp://127.0.0.1:1'", "exit", "1"});
        auto t0 = std::chrono::steady_clock::now();
        auto [ec, res] = co_await ak::async_retry(r, c, p, as_tuple);
        double ms = ms_since(t0);
        BOOST_TEST(ec == ak::errc::deadline_exceeded);
        BOOST_TEST(res.deadline_hit);
        BOOST_TEST(ms < 2000.0);
        BOOST_TEST(res.attempts.size() >= 3u);
        for (std::size_t i = 0; i < res.attempts.size(); ++i)
        {
            BOOST_TEST(res.attempts[i].number == i + 1);
            // The deadline may also cut the last attempt short (a slow, e.g. sanitized, child): then it says
            // so.
            bool last = i + 1 == res.attempts.size();
            if (last && res.attempts[i].why == "the retry deadline passed during the attempt")
                continue;
            BOOST_TEST(res.attempts[i].transient);
            BOOST_TEST(
                res.attempts[i].why.rfind("connection error", 0) == 0u,
                "attempt " << i << ": " << res.attempts[i].why
            );
        }
        BOOST_TEST(res.attempts.back().delay_after.count() == 0);
    });
}

BOOST_AUTO_TEST_CASE(retry_succeeds_after_transient_failures_and_stops_on_a_permanent_one)
{
    hygiene h;
    auto dir = temp_dir("retry");
    run_coro([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::tool_retry_policy p;
        p.max_attempts = 5;
        p.initial_backoff = 10ms;
        p.transient_exit_codes = {75};
        auto counter = (dir / "n").string();
        auto c =
            sh("n=$(cat '" + counter + "' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '" + counter +
               "'; if [ $n -lt 3 ]; then exit 75; fi; echo attempt $n ok");
        auto [ec, res] = co_await ak::async_retry(r, c, p, as_tuple);
        BOOST_TEST(!ec);
        BOOST_TEST(res.ok());
        BOOST_REQUIRE(res.attempts.size() == 3u);
        BOOST_TEST(res.attempts[0].why == "exit code 75");
        BOOST_TEST((res.attempts[0].delay_after >= 8ms));
        BOOST_TEST(res.last.out.tail.at(0) == "attempt 3 ok");

        auto permanent = cmd({"eprint", "bad option", "exit", "3"});
        auto [ec2, res2] = co_await ak::async_retry(r, permanent, p, as_tuple);
        BOOST_TEST(ec2 == ak::errc::nonzero_exit);
        BOOST_TEST(res2.attempts.size() == 1u);
        BOOST_TEST(!res2.attempts[0].transient);

        auto always75 = cmd({"exit", "75"});
        auto [ec3, res3] = co_await ak::async_retry(r, always75, p, as_tuple);
        BOOST_TEST(ec3 == ak::errc::nonzero_exit);
        BOOST_TEST(res3.exhausted);
        BOOST_TEST(res3.attempts.size() == 5u);

        bool thrown = false;
        try
        {
            co_await ak::async_retry(r, always75, p);
        }
        catch (const ak::tool_error& e)
        {
            thrown = true;
            BOOST_TEST(e.result().exit_code.value() == 75);
        }
        BOOST_TEST(thrown);
    });
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(cancelling_a_retry_stops_the_running_attempt)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        asio::cancellation_signal sig;
        std::optional<std::pair<ak::error_code, ak::retry_result>> got;
        ak::async_retry(
            r, cmd({"sleep", "60000"}), ak::tool_retry_policy{},
            asio::bind_cancellation_slot(
                sig.slot(), [&](ak::error_code ec, ak::retry_result res) { got.emplace(ec, std::move(res)); }
            )
        );
        co_await sleep_for(200ms);
        sig.emit(asio::cancellation_type::terminal);
        BOOST_REQUIRE(co_await eventually([&] { return got.has_value(); }));
        BOOST_TEST(got->first == asio::error::operation_aborted);
        BOOST_REQUIRE(got->second.attempts.size() == 1u);
        BOOST_TEST(got->second.last.reason == ak::end_reason::cancelled);
    });
}

BOOST_AUTO_TEST_SUITE_END()

// From the promises under faults (docs/reliability.md): members that stream tools they started themselves.
BOOST_AUTO_TEST_SUITE(group_promises)

// Members that start their own tools and stream them (the pattern docs/groups.md shows): after the stop
// they count as stopped, and the group completes only once every child is reaped.
BOOST_AUTO_TEST_CASE(streaming_members_are_stopped_and_reaped_before_the_group_completes)
{
    hygiene h;
    for (int round = 0; round < 3; ++round)
        ak::test::run_coro(
            [&](asio::io_context& io) -> asio::awaitable<void> {
                ak::tool_runner r(io.get_executor());
                ak::client_group g(r);
                std::vector<int> pids(6, 0);
                for (int i = 0; i < 6; ++i)
                {
                    bool tuple_style = i % 2 == 1;
                    g.spawn_awaitable(
                        [&r, &pids, i, tuple_style](ak::member_context mc) -> asio::awaitable<void> {
                            auto c =
                                ak::test::helper_cmd({"ignore-int", "print", "up", "flood-until-killed"});
                            c.stop = ak::stop_policy{100ms, 300ms, true};
                            auto t = co_await r.async_start(c);
                            pids[static_cast<std::size_t>(i)] = t.pid();
                            for (;;)
                            {
                                if (tuple_style)
                                {
                                    auto [ec, l] = co_await t.async_read_line(as_tuple);
                                    if (ec || !l)
                                        co_return; // swallowed the cancellation: still a stopped member
                                }
                                else
                                {
                                    auto l = co_await t.async_read_line(); // throws when cancelled
                                    if (!l)
                                        co_return;
                                }
                                mc.add_iterations();
                            }
                        }
                    );
                }
                asio::steady_timer t(io, 300ms);
                co_await t.async_wait(as_tuple);
                g.request_stop();
                auto [ec, res] = co_await g.async_wait(as_tuple);
                // Checked at the moment the group completes: no child alive, none a zombie.
                auto census = ak::test::census_children();
                BOOST_TEST(
                    census.alive == 0, census.alive << " children still alive when the group completed"
                );
                BOOST_TEST(census.zombies == 0);
                for (int p : pids)
                    BOOST_TEST(!ak::test::process_alive(p));
                BOOST_TEST(
                    res.stopped == 6u,
                    "stopped " << res.stopped << ", failed " << res.failed << ", succeeded " << res.succeeded
                );
                BOOST_TEST(res.failed == 0u);
                BOOST_TEST(res.succeeded == 0u);
                for (const auto& m : res.members)
                    BOOST_TEST(m.message.find("Channel") == std::string::npos, m.message);
            },
            60s
        );
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------
// The group's and the gate's initiating functions: nothing observable before initiation (asio::deferred),
// parallel_group, and each cancellation type.
BOOST_AUTO_TEST_SUITE(initiation)

BOOST_AUTO_TEST_CASE(deferred_force_join_kills_nothing_until_launched)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group g(r);
        g.spawn(cmd({"sleep", "30000"}, "a"));
        g.spawn(cmd({"sleep", "30000"}, "b"));
        BOOST_REQUIRE(co_await eventually([&] { return g.snapshot().running == 2u; }));
        auto join = g.async_force_join(asio::deferred);
        auto wait = g.async_wait(asio::deferred);
        auto join_for = g.async_join_for(10ms, asio::deferred);
        co_await sleep_for(150ms); // longer than the deferred join timeout
        BOOST_TEST(!g.stop_requested());
        BOOST_TEST(g.snapshot().running == 2u);
        BOOST_TEST(r.live_count() == 2u);

        auto [ec, res] = co_await std::move(join)(as_tuple);
        BOOST_TEST(!ec);
        BOOST_TEST(res.stop_reason == ak::stop_cause::forced);
        BOOST_TEST(res.stopped == 2u);
        BOOST_TEST(res.members[0].tool->term_signal == SIGKILL);
        // The others, launched after the end, complete at once with the same result.
        auto [wec, wres] = co_await std::move(wait)(as_tuple);
        BOOST_TEST(wres.stopped == 2u);
        auto [jec, jres] = co_await std::move(join_for)(as_tuple);
        BOOST_TEST(jres.unjoined.empty());
    });
}

BOOST_AUTO_TEST_CASE(deferred_gate_arrival_counts_only_when_launched)
{
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::entry_gate gate(ctx.get_executor(), 1, true);
        auto arrive = gate.async_arrive(asio::deferred);
        auto ready = gate.async_wait_ready(asio::deferred);
        co_await sleep_for(20ms);
        BOOST_TEST(gate.arrived() == 0u);
        BOOST_TEST(!gate.released());
        auto [o, aec, rec] =
            co_await asio::experimental::make_parallel_group(std::move(arrive), std::move(ready))
                .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
        BOOST_TEST(!aec);
        BOOST_TEST(!rec);
        BOOST_TEST(gate.arrived() == 1u);
        BOOST_TEST(gate.released());
    });
}

BOOST_AUTO_TEST_CASE(group_waits_compose_with_parallel_group)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        // Two groups, wait for all.
        ak::client_group g1(r), g2(r);
        g1.spawn(cmd({"exit", "0"}));
        g2.spawn(cmd({"sleep", "50"}));
        auto [o1, e1, r1, e2, r2] = co_await asio::experimental::make_parallel_group(
                                        g1.async_wait(asio::deferred), g2.async_join_for(10s, asio::deferred)
        )
                                        .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
        BOOST_TEST(!e1);
        BOOST_TEST(!e2);
        BOOST_TEST(r1.succeeded == 1u);
        BOOST_TEST(r2.succeeded == 1u);

        // A group against a timer: the timer wins, the group is cancelled (terminal) and stops.
        ak::client_group g3(r);
        g3.spawn(cmd({"sleep", "30000"}));
        asio::steady_timer t(ctx, 100ms);
        auto [o2, gec, gres, tec] = co_await asio::experimental::make_parallel_group(
                                        g3.async_wait(asio::deferred), t.async_wait(asio::deferred)
        )
                                        .async_wait(asio::experimental::wait_for_one(), asio::use_awaitable);
        BOOST_TEST(o2[0] == 1u);
        BOOST_TEST(gec == asio::error::operation_aborted);
        BOOST_TEST(gres.stop_reason == ak::stop_cause::cancelled);
        BOOST_TEST(gres.stopped == 1u);
        BOOST_TEST(g3.active() == 0u);

        // Gates: an arrival against a timer is cancelled; the arrival still counts.
        ak::entry_gate gate(ctx.get_executor(), 2);
        asio::steady_timer t2(ctx, 50ms);
        auto [o3, aec, t2ec] = co_await asio::experimental::make_parallel_group(
                                   gate.async_arrive(asio::deferred), t2.async_wait(asio::deferred)
        )
                                   .async_wait(asio::experimental::wait_for_one(), asio::use_awaitable);
        BOOST_TEST(o3[0] == 1u);
        BOOST_TEST(aec == asio::error::operation_aborted);
        BOOST_TEST(gate.arrived() == 1u);
    });
}

BOOST_AUTO_TEST_CASE(each_cancellation_type_on_group_waits_and_gates)
{
    hygiene h;
    run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        using ct = asio::cancellation_type;
        // async_wait, async_join_for, async_force_join: partial and total are ignored, terminal stops.
        for (int which = 0; which < 3; ++which)
        {
            BOOST_TEST_MESSAGE("operation " << which);
            {
                ak::client_group g(r);
                g.spawn(cmd({"sleep", "30000"}));
                g.spawn_awaitable([](ak::member_context) -> asio::awaitable<void> {
                    co_await sleep_for(30s);
                });
                BOOST_REQUIRE(co_await eventually([&] { return g.snapshot().running == 2u; }));
                asio::cancellation_signal sig;
                std::optional<ak::error_code> got;
                ak::group_result res;
                auto handler =
                    asio::bind_cancellation_slot(sig.slot(), [&](ak::error_code ec, ak::group_result gr) {
                        got = ec;
                        res = std::move(gr);
                    });
                if (which == 0)
                    g.async_wait(std::move(handler));
                else if (which == 1)
                    g.async_join_for(30s, std::move(handler));
                else
                {
                    // The force join kills at initiation: cancellation then only changes the completion.
                    g.async_force_join(std::move(handler));
                }
                co_await sleep_for(20ms);
                if (which < 2)
                {
                    for (auto t : {ct::partial, ct::total})
                        sig.emit(t);
                    co_await sleep_for(100ms);
                    BOOST_TEST(!got.has_value());
                    BOOST_TEST(!g.stop_requested());
                }
                sig.emit(ct::terminal);
                while (!got)
                    co_await sleep_for(5ms);
                BOOST_TEST(res.stopped == 2u);
                if (which < 2)
                {
                    BOOST_TEST(*got == asio::error::operation_aborted);
                    BOOST_TEST(res.stop_reason == ak::stop_cause::cancelled);
                }
                else
                    BOOST_TEST(res.stop_reason == ak::stop_cause::forced);
            }
        }
        // Gate waits: any type completes them with operation_aborted.
        for (auto t : {ct::terminal, ct::partial, ct::total})
        {
            ak::entry_gate gate(ctx.get_executor(), 2);
            asio::cancellation_signal s1, s2;
            std::optional<ak::error_code> arrived, ready;
            gate.async_arrive(asio::bind_cancellation_slot(s1.slot(), [&](ak::error_code ec) {
                arrived = ec;
            }));
            gate.async_wait_ready(asio::bind_cancellation_slot(s2.slot(), [&](ak::error_code ec) {
                ready = ec;
            }));
            co_await sleep_for(10ms);
            BOOST_TEST(!arrived.has_value());
            BOOST_TEST(!ready.has_value());
            s1.emit(t);
            s2.emit(t);
            while (!arrived || !ready)
                co_await sleep_for(5ms);
            BOOST_TEST(*arrived == asio::error::operation_aborted);
            BOOST_TEST(*ready == asio::error::operation_aborted);
        }
    });
}

// The group's per-member log under log_dir holds both streams through one descriptor (the runner shares it
// when the two log paths are the same), and that descriptor is closed when the member ends.
BOOST_AUTO_TEST_CASE(per_member_logs_share_one_descriptor_that_is_closed)
{
    hygiene h;
    auto dir = temp_dir("memberlogs");
    auto logs = dir / "logs";
    auto fds_into = [&] {
        int n = 0;
        std::error_code ec;
        for (auto& e : std::filesystem::directory_iterator("/proc/self/fd", ec))
        {
            std::error_code lec;
            auto target = std::filesystem::read_symlink(e.path(), lec);
            if (!lec && target.string().rfind(logs.string(), 0) == 0)
                ++n;
        }
        return n;
    };
    run_coro([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::client_group g(r, {.log_dir = logs});
        constexpr int n = 20;
        for (int i = 0; i < n; ++i)
            g.spawn(cmd(
                {"print", "out" + std::to_string(i), "eprint", "err" + std::to_string(i), "sleep", "100"}, "m"
            ));
        BOOST_REQUIRE(co_await eventually([&] { return g.snapshot().running == std::size_t(n); }));
        BOOST_TEST(fds_into() == n); // one per member, not one per stream
        auto [ec, res] = co_await g.async_wait(as_tuple);
        BOOST_TEST(!ec);
        BOOST_TEST(fds_into() == 0);
        for (auto& m : res.members)
        {
            BOOST_REQUIRE(m.tool.has_value());
            BOOST_TEST(m.tool->out.log_file == m.log_file);
            BOOST_TEST(m.tool->err.log_file == m.log_file);
            std::ifstream in(m.log_file);
            std::stringstream ss;
            ss << in.rdbuf();
            auto i = std::to_string(m.index);
            // Both streams, whole lines (their order is the order they were read in).
            BOOST_TEST(ss.str().size() == 2 * (4 + i.size()));
            BOOST_TEST(ss.str().find("out" + i + "\n") != std::string::npos);
            BOOST_TEST(ss.str().find("err" + i + "\n") != std::string::npos);
        }
    });
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
