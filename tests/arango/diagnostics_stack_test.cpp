// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// Structured diagnostics through the whole stack: a stand-in tool fails against the simulator (connection
// refused, a missing collection, an HTTP error from the server's fault injection), the runner captures its
// output, the parser reads it, and the report, the description and the exception name what went wrong.
#define BOOST_TEST_MODULE arangokit_diagnostics_stack
#include <arangokit.hpp>
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/testing/simulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include "run_coro.hpp"
#include "sim_fixture.hpp"
#include "test_paths.hpp"
#include <filesystem>
#include <fstream>

namespace ak = arangokit;
namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ak::test::run_with_simulator;
using ak::test::sim_env;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> as_tuple{};

namespace {

void write_jsonl(const fs::path& p, int n)
{
    std::ofstream f(p);
    for (int i = 0; i < n; ++i)
        f << "{\"_key\":\"k" << i << "\",\"value\":" << i << "}\n";
}

} // namespace

BOOST_AUTO_TEST_CASE(connection_refused_is_a_structured_failure)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            auto inst = env.scratch_instance();
            inst.endpoints = {"tcp://127.0.0.1:1"}; // nothing listens on port 1
            ak::arango_tools tools(env.runner, inst);
            ak::arangodump_options dump;
            dump.output_directory = (env.dir / "d").string();
            dump.timeout = 60s;
            auto [ec, r] = co_await tools.async_run(dump, as_tuple);
            BOOST_TEST(!r.ok());
            BOOST_TEST(r.result.exit_code.value_or(-1) == 1);
            BOOST_TEST_REQUIRE(r.report.connection_error.has_value());
            const auto& f = *r.report.connection_error;
            BOOST_TEST(f.endpoint.find("127.0.0.1:1") != std::string::npos, f.endpoint);
            BOOST_TEST(f.database == "_system");
            BOOST_TEST(f.system_error == "Connection refused");
            BOOST_TEST(f.system_errno.value_or(0) == ECONNREFUSED);
            BOOST_TEST_REQUIRE(!r.report.diagnostics().empty());
            const auto& d = r.report.diagnostics().front();
            BOOST_TEST(d.is_error());
            BOOST_TEST(d.log_id == "ad396");
            BOOST_TEST(d.pid.value_or(0) == r.result.pid);
            BOOST_TEST(!d.timestamp.empty());
            BOOST_TEST(
                r.outcome.reason.starts_with("arangodump failed: could not connect to endpoint '"),
                r.outcome.reason
            );
            BOOST_TEST(r.outcome.reason.find("Connection refused") != std::string::npos, r.outcome.reason);

            // The default token throws; what() starts with the same account.
            std::string what;
            try
            {
                ak::arangodump_options again = dump;
                again.output_directory = (env.dir / "d2").string();
                co_await tools.async_run(again);
            }
            catch (const ak::tool_error& e)
            {
                what = e.what();
            }
            BOOST_TEST(what.starts_with("arangodump failed: could not connect to endpoint '"), what);
        },
        120s
    );
}

BOOST_AUTO_TEST_CASE(missing_collection_names_collection_status_and_error_number)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_tools tools(env.runner, env.scratch_instance());
            ak::arangoexport_options exp;
            exp.collection.push_back("nope");
            exp.type = ak::export_type::jsonl;
            exp.output_directory = (env.dir / "export").string();
            exp.timeout = 60s;
            auto [ec, r] = co_await tools.async_run(exp, as_tuple);
            BOOST_TEST(!r.ok());
            BOOST_TEST_REQUIRE(r.report.first_error() != nullptr, r.result.describe());
            const auto& d = *r.report.first_error();
            BOOST_TEST(d.http_status.value_or(0) == 404, d.message);
            BOOST_TEST(d.error_num.value_or(0) == 1203, d.message);
            BOOST_TEST(d.collection == "nope", d.message);
            BOOST_TEST(r.report.failed_collection.value_or("") == "nope");
            // The server's own text follows the error number (the simulator answers as arangod does:
            // "AQL: collection or view not found: nope").
            BOOST_TEST(
                r.outcome.reason.starts_with(
                    "arangoexport failed on collection 'nope': HTTP 404, ArangoError 1203 ("
                ),
                r.outcome.reason
            );
            BOOST_TEST(
                r.outcome.reason.find("collection or view not found") != std::string::npos, r.outcome.reason
            );
        },
        120s
    );
}

BOOST_AUTO_TEST_CASE(http_error_from_fault_injection_fails_the_restore_on_its_collection)
{
    ak::test::sim_setup setup;
    setup.sim = ak::test::sim_options(R"({"fail_503": 2, "paths": "/_api/replication/restore-data"})");
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_tools tools(env.runner, env.scratch_instance());
            write_jsonl(env.dir / "users.jsonl", 50);
            ak::arangoimport_options imp;
            imp.file = (env.dir / "users.jsonl").string();
            imp.type = ak::import_type::jsonl;
            imp.collection = "users";
            imp.create_collection = true;
            auto ir = co_await tools.async_run(imp);
            BOOST_TEST(ir.ok());
            ak::arangodump_options dump;
            dump.output_directory = (env.dir / "dump").string();
            auto dr = co_await tools.async_run(dump);
            BOOST_TEST(dr.ok());

            ak::arangorestore_options rest;
            rest.input_directory = (env.dir / "dump").string();
            rest.create_database = true;
            rest.server.database = "copy";
            rest.timeout = 60s;
            auto [ec, r] = co_await tools.async_run(rest, as_tuple);
            BOOST_TEST(!r.ok());
            BOOST_TEST_REQUIRE(r.report.first_error() != nullptr, r.result.describe());
            const auto& d = *r.report.first_error();
            BOOST_TEST(d.http_status.value_or(0) == 503, d.message);
            BOOST_TEST(d.error_num.value_or(0) == 503, d.message);
            BOOST_TEST(d.collection == "users", d.message);
            BOOST_TEST(d.server_error.find("fault injection") != std::string::npos, d.message);
            BOOST_TEST(d.topic == "restore");
            BOOST_TEST(r.report.failed_collection.value_or("") == "users");
            BOOST_TEST((r.report.created == std::vector<std::string>{"users"}));
            BOOST_TEST(
                r.outcome.reason.starts_with("arangorestore failed on collection 'users': HTTP 503, "
                                             "ArangoError 503 (service unavailable"),
                r.outcome.reason
            );

            std::string what;
            try
            {
                co_await tools.async_run(rest);
            }
            catch (const ak::tool_error& e)
            {
                what = e.what();
            }
            BOOST_TEST(what.starts_with("arangorestore failed on collection 'users': HTTP 503"), what);
        },
        180s, setup
    );
}

BOOST_AUTO_TEST_CASE(dump_failing_mid_collection_names_it)
{
    ak::test::sim_setup setup;
    setup.sim = ak::test::sim_options(R"({"fail_503": 1, "paths": "/_api/cursor"})");
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_tools tools(env.runner, env.scratch_instance());
            write_jsonl(env.dir / "orders.jsonl", 20);
            ak::arangoimport_options imp;
            imp.file = (env.dir / "orders.jsonl").string();
            imp.type = ak::import_type::jsonl;
            imp.collection = "orders";
            imp.create_collection = true;
            auto ir = co_await tools.async_run(imp);
            BOOST_TEST(ir.ok());
            ak::arangodump_options dump;
            dump.output_directory = (env.dir / "dump").string();
            dump.timeout = 60s;
            auto [ec, r] = co_await tools.async_run(dump, as_tuple);
            BOOST_TEST(!r.ok());
            BOOST_TEST_REQUIRE(r.report.first_error() != nullptr, r.result.describe());
            const auto& d = *r.report.first_error();
            BOOST_TEST(d.http_status.value_or(0) == 503, d.message);
            BOOST_TEST(d.collection == "orders", d.message);
            BOOST_TEST(r.report.failed_collection.value_or("") == "orders");
            BOOST_TEST(
                r.outcome.reason.starts_with("arangodump failed on collection 'orders': HTTP 503"),
                r.outcome.reason
            );
        },
        180s, setup
    );
}
