// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Must compile: the named forms of every call whose temporary form tests/structure/compile_fail/ refuses.
#include <arangokit/arango/arango_run.hpp>
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/arango/http/indexes.hpp>
#include <arangokit/concurrency/client_group.hpp>
#include <arangokit/instrumentation/instrumented_run.hpp>
#include <arangokit/testing/simulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ak = arangokit;

boost::asio::awaitable<void>
named(ak::tool_runner& runner, ak::arango_tools& tools, ak::arango_client& client)
{
    ak::simulator_options so;
    so.coordinators = 3;
    ak::simulator sim = co_await ak::async_start_simulator(runner, so);
    const ak::arangodump_options dump{};
    ak::tool_report<ak::arangodump_options> dumped = co_await tools.async_run(dump);
    auto [ec, rep] = co_await tools.async_run(dump, boost::asio::as_tuple(boost::asio::use_awaitable));
    ak::arangosh_options sh;
    ak::running_arango_tool<ak::arangosh_options> running = co_await tools.async_start(sh);
    auto waited = co_await running.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    auto deferred_run = tools.async_run(sh, boost::asio::deferred); // not initiated: nothing runs
    (void)deferred_run;
    ak::index_options ix;
    boost::json::value created = co_await ak::async_create_index(client, "db", "c", ix);
    (void)dumped, (void)ec, (void)rep, (void)waited, (void)created;
}

boost::asio::awaitable<void> named_instrumentation(ak::tool_runner& runner, const ak::command& cmd)
{
    ak::instrumentation_options io;
    ak::instrumented_result ir = co_await ak::async_run_instrumented(runner, cmd, io);
    auto [cec, with_defaults] = co_await ak::async_analyze_crash(
        runner, ir.result, boost::asio::as_tuple(boost::asio::use_awaitable)
    );
    ak::crash_options co;
    co.gdb = "gdb-multiarch";
    ak::crash_report named = co_await ak::async_analyze_crash(runner, ir.result, co);
    ak::crash_report defaults = co_await ak::async_analyze_crash(runner, ir.result);
    auto [iec, collected] = co_await ak::async_collect_instrumentation(
        runner, ir.result, io, boost::asio::as_tuple(boost::asio::use_awaitable)
    );
    (void)cec, (void)with_defaults, (void)named, (void)defaults, (void)iec, (void)collected;
}

// Typed group members from named options: through arango_tools, or an arango_run made from an instance.
void named_members(ak::arango_tools& tools, ak::client_group& group, const ak::instance& inst)
{
    ak::arangobench_options bench;
    ak::typed_member<ak::tool_report<ak::arangobench_options>> m = group.spawn(tools.make_run(bench));
    const ak::arangosh_options sh{};
    ak::arango_run<ak::arangosh_options> run(sh, inst);
    auto s = group.spawn(std::move(run));
    (void)m, (void)s;
}
