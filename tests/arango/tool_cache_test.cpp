// tool_cache: `--version` parsing of real-looking outputs, detection once per binary (and again when the
// binary changes), options checked against the detected version before anything is spawned, program paths
// and secret-free config files reused, secret-bearing config files never kept, one cache shared by threads.
#define BOOST_TEST_MODULE arangokit_tool_cache
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/arango/instance.hpp>
#include <arangokit/arango/tool_cache.hpp>
#include <arangokit/arango/tool_version.hpp>
#include <arangokit/testing/simulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include "files.hpp"
#include "run_coro.hpp"
#include "sim_fixture.hpp"
#include "test_paths.hpp"
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <unistd.h>

namespace ak = arangokit;
namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ak::test::run_coro;
using ak::test::run_with_simulator;
using ak::test::sim_env;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> as_tuple{};

namespace {

// What a 3.12 Enterprise build prints: the bare version, an empty line, then sorted `key: value` lines.
const char* const enterprise_3_12 =
    "3.12.4\n"
    "\n"
    "architecture: 64bit\n"
    "arm: false\n"
    "asan: false\n"
    "assertions: false\n"
    "build-date: 2024-12-17 13:02:11\n"
    "build-repository: refs/tags/v3.12.4 f7d7fe8b5c4\n"
    "compiler: clang [16.0.6]\n"
    "cplusplus: 202002\n"
    "endianness: little\n"
    "fd-client-event-handler: poll\n"
    "full-version-string: ArangoDB 3.12.4 enterprise [linux] 64bit, using "
    "jemalloc, build refs/tags/v3.12.4 f7d7fe8b5c4, VPack 0.2.1, RocksDB 7.2.0, "
    "ICU 64.2, V8 12.1.165, OpenSSL 3.3.2 3 Sep 2024\n"
    "icu-version: 64.2\n"
    "jemalloc: true\n"
    "license: enterprise\n"
    "maintainer-mode: false\n"
    "platform: linux\n"
    "reactor-type: epoll\n"
    "server-version: 3.12.4\n"
    "sse42: true\n"
    "unaligned-access: true\n"
    "v8-version: 12.1.165\n"
    "vpack-version: 0.2.1\n"
    "zlib-version: 1.3.1\n";

// A 3.10 Community build, with Windows line ends as a pipe from a container can deliver them.
const char* const community_3_10 = "3.10.14\r\n"
                                   "\r\n"
                                   "architecture: 64bit\r\n"
                                   "build-date: 2024-03-05 09:11:40\r\n"
                                   "full-version-string: ArangoDB 3.10.14 [linux] 64bit, using jemalloc, "
                                   "build tags/v3.10.14-0-g8d4e5b2, VPack 0.1.36, RocksDB 7.2.0\r\n"
                                   "license: community\r\n"
                                   "server-version: 3.10.14\r\n";

struct event_log
{
    std::vector<std::string> started; // the label of every spawned run, in order
    std::shared_ptr<ak::event_sink> sink()
    {
        return std::make_shared<ak::callback_event_sink>([this](const ak::tool_event& e) {
            if (e.kind == ak::event_kind::started)
                started.push_back(e.label);
        });
    }
    std::size_t count(const std::string& label) const
    {
        return static_cast<std::size_t>(std::count(started.begin(), started.end(), label));
    }
};

// A tool "binary" that is a stand-in reporting another version and license: a shell script in `dir`.
fs::path write_wrapper(
    const fs::path& dir, const std::string& tool, const std::string& version, const std::string& license
)
{
    fs::path p = dir / tool;
    fs::path real = fs::path(ak::test::sim_bin_dir()) / tool;
    {
        std::ofstream f(p, std::ios::trunc);
        f << "#!/bin/sh\nexec env ARANGOSIM_TOOL_VERSION=" << version << " ARANGOSIM_TOOL_LICENSE=" << license
          << " '" << real.string() << "' \"$@\"\n";
    }
    fs::permissions(p, fs::perms::owner_all);
    return p;
}

// The memory files of this process whose name contains `part` (`/proc/self/fd` links `/memfd:NAME`).
int count_memfds(const std::string& part)
{
    int n = 0;
    for (const auto& e : fs::directory_iterator("/proc/self/fd"))
    {
        std::error_code ec;
        auto t = fs::read_symlink(e.path(), ec).string();
        if (!ec && t.starts_with("/memfd:") && t.find(part) != std::string::npos)
            ++n;
    }
    return n;
}

} // namespace

BOOST_AUTO_TEST_CASE(parses_the_multi_line_detail_form_of_an_enterprise_build)
{
    auto v = ak::parse_tool_version(enterprise_3_12);
    BOOST_REQUIRE(v.has_value());
    BOOST_TEST((v->version == ak::arango_version{3, 12, 4}));
    BOOST_TEST(v->text == "3.12.4");
    BOOST_TEST((v->edition == ak::arango_edition::enterprise));
    BOOST_TEST(v->build_date == "2024-12-17 13:02:11");
    BOOST_TEST(v->binary.empty());
}

BOOST_AUTO_TEST_CASE(parses_a_community_build_with_crlf_line_ends)
{
    auto v = ak::parse_tool_version(community_3_10);
    BOOST_REQUIRE(v.has_value());
    BOOST_TEST((v->version == ak::arango_version{3, 10, 14}));
    BOOST_TEST(v->text == "3.10.14");
    BOOST_TEST((v->edition == ak::arango_edition::community));
}

BOOST_AUTO_TEST_CASE(falls_back_to_the_keyed_lines_when_the_first_line_is_no_bare_version)
{
    // A log line before the details (a tool warning about its environment): the version comes from
    // server-version, the edition from the full version string when there is no license line.
    auto v = ak::parse_tool_version("2026-12-05T01:00:00Z [1234] WARNING {config} something odd\n"
                                    "\n"
                                    "full-version-string: ArangoDB 3.11.6 enterprise [linux] 64bit\n"
                                    "server-version: 3.11.6-devel\n");
    BOOST_REQUIRE(v.has_value());
    BOOST_TEST((v->version == ak::arango_version{3, 11, 6}));
    BOOST_TEST(v->text == "3.11.6-devel");
    BOOST_TEST((v->edition == ak::arango_edition::enterprise));

    auto banner_only = ak::parse_tool_version("full-version-string: ArangoDB 3.10.2 community [linux]\n");
    BOOST_REQUIRE(banner_only.has_value());
    BOOST_TEST((banner_only->version == ak::arango_version{3, 10, 2}));
    BOOST_TEST((banner_only->edition == ak::arango_edition::community));
}

BOOST_AUTO_TEST_CASE(output_without_a_version_is_no_version)
{
    BOOST_TEST(!ak::parse_tool_version("").has_value());
    BOOST_TEST(!ak::parse_tool_version("usage: arangodump [options]\nlicense: community\n").has_value());
    BOOST_TEST(!ak::parse_tool_version("server-version: unknown\n").has_value());
}

BOOST_AUTO_TEST_CASE(stand_ins_answer_version_like_the_real_tools_and_are_probed_once)
{
    event_log log;
    ak::runner_config rc;
    rc.sinks.push_back(log.sink());
    run_coro([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner runner(ctx.get_executor(), rc);
        ak::tool_cache cache;
        fs::path bin = fs::path(ak::test::sim_bin_dir()) / "arangodump";
        auto [ec, v] = co_await cache.async_detect_version(runner, bin, as_tuple);
        BOOST_TEST(!ec, ec.message());
        BOOST_TEST((v.version == ak::arango_version{3, 12, 4}));
        BOOST_TEST((v.edition == ak::arango_edition::community));
        BOOST_TEST(v.binary == bin);
        BOOST_TEST(log.count("arangodump --version") == 1u);

        auto [ec2, v2] = co_await cache.async_detect_version(runner, bin, as_tuple);
        BOOST_TEST(!ec2);
        BOOST_TEST((v2.version == v.version));
        BOOST_TEST(log.count("arangodump --version") == 1u); // the hit spawned nothing
        auto s = cache.stats();
        BOOST_TEST(s.version_probes == 1u);
        BOOST_TEST(s.version_hits == 1u);
        BOOST_TEST(cache.cached_version(bin).has_value());

        // A bare name is resolved as the runner would, then answered from the same entry.
        ak::runner_config named;
        named.bin_dirs = {ak::test::sim_bin_dir()};
        named.search_path = false;
        ak::tool_runner r2(ctx.get_executor(), named);
        auto [ec3, v3] = co_await cache.async_detect_version(r2, "arangodump", as_tuple);
        BOOST_TEST(!ec3);
        BOOST_TEST(v3.binary == bin);
        BOOST_TEST(cache.stats().version_probes == 1u);

        auto [ec4, v4] = co_await cache.async_detect_version(r2, "no-such-tool", as_tuple);
        BOOST_TEST((ec4 == ak::errc::tool_not_found));
    });
}

BOOST_AUTO_TEST_CASE(a_replaced_or_touched_binary_is_detected_again)
{
    ak::test::temp_dir dir("ak_cache");
    fs::path bin = dir.path() / "arangodump";
    fs::copy_file(fs::path(ak::test::sim_bin_dir()) / "arangodump", bin);
    run_coro([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner runner(ctx.get_executor());
        ak::tool_cache cache;
        auto [ec, v] = co_await cache.async_detect_version(runner, bin, as_tuple);
        BOOST_TEST(!ec, ec.message());
        BOOST_TEST((v.version == ak::arango_version{3, 12, 4}));

        // Touched (same content, new mtime): asked again.
        fs::last_write_time(bin, fs::last_write_time(bin) + 10s);
        BOOST_TEST(!cache.cached_version(bin).has_value());
        auto [ec2, v2] = co_await cache.async_detect_version(runner, bin, as_tuple);
        BOOST_TEST(!ec2);
        BOOST_TEST(cache.stats().version_probes == 2u);

        // Replaced by an older build: the new answer replaces the old one.
        fs::remove(bin);
        write_wrapper(dir.path(), "arangodump", "3.10.2", "enterprise");
        auto [ec3, v3] = co_await cache.async_detect_version(runner, bin, as_tuple);
        BOOST_TEST(!ec3, ec3.message());
        BOOST_TEST((v3.version == ak::arango_version{3, 10, 2}));
        BOOST_TEST((v3.edition == ak::arango_edition::enterprise));
        BOOST_TEST(cache.stats().version_probes == 3u);
        auto [ec4, v4] = co_await cache.async_detect_version(runner, bin, as_tuple);
        BOOST_TEST((v4.version == ak::arango_version{3, 10, 2}));
        BOOST_TEST(cache.stats().version_probes == 3u);
    });
}

BOOST_AUTO_TEST_CASE(the_identity_comes_from_the_injected_stat_function)
{
    // Only the mtime the stat function reports changes: that alone makes the cache ask again.
    std::atomic<std::int64_t> mtime{1};
    ak::tool_cache cache({}, [&](const fs::path& p) -> std::optional<ak::binary_identity> {
        if (!fs::exists(p))
            return std::nullopt;
        ak::binary_identity id;
        id.size = 42;
        id.mtime_ns = mtime.load();
        return id;
    });
    fs::path bin = fs::path(ak::test::sim_bin_dir()) / "arangorestore";
    run_coro([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner runner(ctx.get_executor());
        auto [e1, v1] = co_await cache.async_detect_version(runner, bin, as_tuple);
        auto [e2, v2] = co_await cache.async_detect_version(runner, bin, as_tuple);
        BOOST_TEST(cache.stats().version_probes == 1u);
        mtime = 2;
        auto [e3, v3] = co_await cache.async_detect_version(runner, bin, as_tuple);
        BOOST_TEST(!e3);
        BOOST_TEST(cache.stats().version_probes == 2u);
        BOOST_TEST(cache.stats().version_hits == 1u);
    });
}

BOOST_AUTO_TEST_CASE(an_option_the_detected_version_lacks_is_rejected_before_the_tool_spawns)
{
    ak::test::temp_dir bins("ak_cache_bin");
    write_wrapper(bins.path(), "arangodump", "3.10.2", "community");
    event_log log;
    ak::test::sim_setup setup;
    setup.runner.sinks.push_back(log.sink());
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::tool_context ctx = env.scratch_instance().tool_defaults();
            ctx.bin_dir = bins.path();
            ak::arango_tools tools(env.runner, ctx);
            tools.use_cache(std::make_shared<ak::tool_cache>());
            ak::arangodump_options dump;
            dump.output_directory = (env.dir / "dump").string();
            dump.parallel_dump = true; // 3.12 and later
            auto [ec, rep] = co_await tools.async_run(dump, as_tuple);
            BOOST_TEST((ec == ak::errc::invalid_options), ec.message());
            BOOST_TEST((rep.result.reason == ak::end_reason::not_started));
            const auto& m = rep.result.error_message;
            BOOST_TEST(m.find("arangodump") != std::string::npos, m);
            BOOST_TEST(m.find("--parallel-dump") != std::string::npos, m);
            BOOST_TEST(m.find("3.10.2") != std::string::npos, m);
            BOOST_TEST(m.find((bins.path() / "arangodump").string() + " --version") != std::string::npos, m);
            BOOST_TEST(m.find("remove the option") != std::string::npos, m);
            // Only the probe ran: the tool itself never spawned.
            BOOST_TEST(log.count("arangodump --version") == 1u);
            BOOST_TEST(log.count("arangodump") == 0u);
            BOOST_TEST(!fs::exists(env.dir / "dump"));

            // The same options against the 3.12 stand-in are fine: the detected version decides.
            ak::tool_context ctx12 = env.scratch_instance().tool_defaults();
            ak::arango_tools tools12(env.runner, ctx12);
            tools12.use_cache(tools.cache());
            auto [ec12, rep12] = co_await tools12.async_run(dump, as_tuple);
            BOOST_TEST(!ec12, ec12.message() << " " << rep12.result.describe());
            BOOST_TEST(log.count("arangodump") == 1u);

            // async_start refuses the same way, with nothing spawned.
            auto [sec, handle] = co_await tools.async_start(dump, as_tuple);
            BOOST_TEST((sec == ak::errc::invalid_options));
            BOOST_TEST(!handle.valid());
            BOOST_TEST(log.count("arangodump") == 1u);
            BOOST_TEST(log.count("arangodump --version") == 2u); // one per binary, the 3.10 one cached
        },
        120s, setup
    );
}

BOOST_AUTO_TEST_CASE(repeated_secret_free_runs_reuse_the_path_and_the_config_file)
{
    event_log log;
    ak::test::sim_setup setup;
    setup.runner.sinks.push_back(log.sink());
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::tool_context ctx = env.scratch_instance().tool_defaults();
            ctx.secrets = ak::secret_transport::full_config; // every option in the config file
            ak::arango_tools tools(env.runner, ctx);
            auto cache = std::make_shared<ak::tool_cache>();
            tools.use_cache(cache);
            ak::arangosh_options sh;
            sh.javascript_execute_string.push_back("print('cached ' + db._name())");
            std::vector<std::string> argv1, argv2;
            {
                auto [ec, rep] = co_await tools.async_run(sh, as_tuple);
                BOOST_TEST(!ec, ec.message() << " " << rep.result.describe());
                BOOST_TEST(rep.result.out.tail.size() > 0u);
                argv1 = rep.result.argv;
            }
            {
                auto [ec, rep] = co_await tools.async_run(sh, as_tuple);
                BOOST_TEST(!ec, ec.message() << " " << rep.result.describe());
                argv2 = rep.result.argv;
            }
            auto s = cache->stats();
            BOOST_TEST(s.path_resolutions == 1u);
            BOOST_TEST(s.path_hits == 1u);
            BOOST_TEST(s.version_probes == 1u);
            BOOST_TEST(s.version_hits == 1u);
            BOOST_TEST(s.config_writes == 1u);
            BOOST_TEST(s.config_hits == 1u);
            BOOST_TEST(s.config_entries == 1u);
            // The same memory file both times, the program as an absolute path.
            BOOST_TEST(argv1 == argv2);
            BOOST_REQUIRE(!argv1.empty());
            BOOST_TEST(fs::path(argv1.front()).is_absolute());
            BOOST_TEST(count_memfds("arangokit-shared.conf") == 1);
            BOOST_TEST(log.count("arangosh") == 2u);
            BOOST_TEST(log.count("arangosh --version") == 1u);

            // Other options: another file; clear() forgets every one.
            sh.javascript_execute_string = {"print('other')"};
            auto [ec3, rep3] = co_await tools.async_run(sh, as_tuple);
            BOOST_TEST(!ec3);
            BOOST_TEST(cache->stats().config_writes == 2u);
            cache->clear();
            BOOST_TEST(cache->stats().config_entries == 0u);
            BOOST_TEST(count_memfds("arangokit-shared.conf") == 0);
        },
        120s, setup
    );
}

BOOST_AUTO_TEST_CASE(a_secret_bearing_config_file_is_not_kept)
{
    ak::test::sim_setup setup;
    setup.sim.auth = "basic";
    setup.sim.users = {"root:cache-secret"};
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::instance inst = env.scratch_instance();
            inst.username = "root";
            inst.password = "cache-secret";
            ak::arango_tools tools(env.runner, inst);
            auto cache = std::make_shared<ak::tool_cache>();
            tools.use_cache(cache);
            ak::arangosh_options sh;
            sh.javascript_execute_string.push_back("print('secret ' + db._name())");
            for (int i = 0; i < 2; ++i)
            {
                auto [ec, rep] = co_await tools.async_run(sh, as_tuple);
                BOOST_TEST(!ec, ec.message() << " " << rep.result.describe());
                bool via_file = false;
                for (const auto& a : rep.result.argv)
                    via_file = via_file || a.starts_with("/proc/self/fd/");
                BOOST_TEST(via_file); // the password went through a private config file
            }
            auto s = cache->stats();
            BOOST_TEST(s.config_writes == 0u);
            BOOST_TEST(s.config_hits == 0u);
            BOOST_TEST(s.config_entries == 0u);
            BOOST_TEST(s.path_hits == 1u); // the rest of the cache still works
            // Each run's file went with its run: no memory file of a private config is open any more.
            BOOST_TEST(count_memfds("arangokit-arangokit-arangosh") == 0);
            BOOST_TEST(count_memfds("arangokit-shared.conf") == 0);
        },
        120s, setup
    );
}

BOOST_AUTO_TEST_CASE(one_cache_serves_two_threads)
{
    auto cache = std::make_shared<ak::tool_cache>();
    std::map<int, std::vector<std::string>> seen{{1, {}}, {2, {}}}; // each thread touches its own entry
    auto work = [&](int who) {
        auto& mine = seen.at(who);
        run_coro([&](asio::io_context& ctx) -> asio::awaitable<void> {
            ak::runner_config rc;
            rc.bin_dirs = {ak::test::sim_bin_dir()};
            rc.search_path = false;
            ak::tool_runner runner(ctx.get_executor(), rc);
            for (int i = 0; i < 5; ++i)
            {
                // By name: the path cache and the version cache both see both threads.
                auto [ec, v] = co_await cache->async_detect_version(runner, "arangoexport", as_tuple);
                mine.push_back(ec ? ec.message() : v.text);
            }
        });
    };
    std::thread t1(work, 1), t2(work, 2);
    t1.join();
    t2.join();
    BOOST_TEST(seen[1] == std::vector<std::string>(5, "3.12.4"));
    BOOST_TEST(seen[2] == std::vector<std::string>(5, "3.12.4"));
    auto s = cache->stats();
    BOOST_TEST(s.version_probes + s.version_hits == 10u);
    BOOST_TEST(s.version_probes >= 1u);
    BOOST_TEST(s.version_probes <= 2u); // two first runs may race; no more
    BOOST_TEST(s.path_resolutions + s.path_hits == 10u);
    BOOST_TEST(s.path_resolutions <= 2u);
}
