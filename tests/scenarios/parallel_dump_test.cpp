// Parallel segmented dump and restore: collection selection (globs), segment planning (sans-io), merging
// segment directories, and the scenarios against the simulator (round trip, a failing segment, resume).
#define BOOST_TEST_MODULE arangokit_scenarios_parallel_dump
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/arango/http/arango_client.hpp>
#include <arangokit/artifacts/dump_merge.hpp>
#include <arangokit/artifacts/dump_reader.hpp>
#include <arangokit/scenarios/collection_selector.hpp>
#include <arangokit/scenarios/database_inventory.hpp>
#include <arangokit/scenarios/parallel_dump.hpp>
#include <arangokit/scenarios/parallel_restore.hpp>
#include <arangokit/scenarios/segment_plan.hpp>
#include <arangokit/testing/simulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "files.hpp"
#include "run_coro.hpp"
#include "sim_fixture.hpp"
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>

namespace ak = arangokit;
namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ak::test::run_with_simulator;
using ak::test::sim_env;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> as_tuple{};

namespace {

ak::database_inventory make_inventory(std::vector<std::pair<std::string, std::uint64_t>> colls)
{
    ak::database_inventory inv;
    inv.database = "shop";
    for (auto& [n, b] : colls)
    {
        ak::inventory_collection c;
        c.name = n;
        c.bytes = b;
        c.documents = b / 10;
        inv.collections.push_back(c);
    }
    std::sort(inv.collections.begin(), inv.collections.end(), [](auto& a, auto& b) {
        return a.name < b.name;
    });
    return inv;
}

std::vector<std::string> names_of(const ak::database_inventory& inv)
{
    std::vector<std::string> v;
    for (auto& c : inv.collections)
        v.push_back(c.name);
    return v;
}

void write(const fs::path& p, const std::string& s)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << s;
}

// A minimal one-database dump segment holding `colls` (each with one document).
void write_segment(const fs::path& dir, const std::string& tick, const std::vector<std::string>& colls)
{
    write(dir / "ENCRYPTION", "none");
    write(
        dir / "dump.json",
        R"({"database":"shop","lastTickAtDumpStart":")" + tick + R"(","useEnvelope":false})"
    );
    for (auto& c : colls)
    {
        write(
            dir / (c + ".structure.json"), R"({"parameters":{"name":")" + c + R"(","type":2},"indexes":[]})"
        );
        write(
            dir / (c + ".data.json"), R"({"_key":"k1","v":1})"
                                      "\n"
        );
    }
}

ak::client_config http_config(const ak::simulator& sim)
{
    ak::client_config c;
    c.endpoints = {ak::endpoint::parse(sim.endpoint())};
    c.auth.authentication = false;
    return c;
}

// Collections of "shop" and how many documents each gets; `big` has long values so that bytes and counts
// disagree about which collection is largest.
const std::map<std::string, int> shop_docs = {{"big", 40},   {"orders", 120}, {"items", 60},
                                              {"users", 30}, {"tmp_a", 5},    {"tmp_b", 5}};

// The names in a directory with their modification times: a file written again shows.
std::map<std::string, fs::file_time_type::rep> listing(const fs::path& dir)
{
    std::map<std::string, fs::file_time_type::rep> names;
    for (auto& e : fs::directory_iterator(dir))
        names[e.path().filename().string()] = e.last_write_time().time_since_epoch().count();
    return names;
}

// The parallel dump every test starts from: three segments of "shop" into <dir>/dump.
ak::parallel_dump_options shop_dump(const fs::path& dir)
{
    ak::parallel_dump_options pd;
    pd.segments = 3;
    pd.output_directory = dir / "dump";
    pd.dump.server.database = "shop";
    return pd;
}

asio::awaitable<void> make_shop(ak::arango_client& http)
{
    co_await http.async_create_database("shop", asio::use_awaitable);
    for (auto& [name, n] : shop_docs)
    {
        boost::json::object props;
        co_await http.async_create_collection("shop", name, props, asio::use_awaitable);
        boost::json::array docs;
        for (int i = 0; i < n; ++i)
            docs.push_back(boost::json::object{
                {"_key", "k" + std::to_string(i)},
                {"v", i},
                {"pad", std::string(name == "big" ? 2000 : 10, 'x')}});
        auto req = ak::http_request::json(
            boost::beast::http::verb::post, ak::database_path("shop", "/_api/document/" + name), docs
        );
        co_await http.async_request(req, asio::use_awaitable);
    }
}

asio::awaitable<std::map<std::string, std::uint64_t>>
counts_of(ak::arango_client& http, const std::string& db, const std::vector<std::string>& names)
{
    std::map<std::string, std::uint64_t> m;
    for (auto& n : names)
    {
        auto [ec, c] = co_await http.async_count(db, n, as_tuple);
        m[n] = ec ? 999999 : c;
    }
    co_return m;
}

std::map<std::string, std::uint64_t> expected_counts(bool with_tmp)
{
    std::map<std::string, std::uint64_t> m;
    for (auto& [n, c] : shop_docs)
        if (with_tmp || n.rfind("tmp_", 0) != 0)
            m[n] = static_cast<std::uint64_t>(c);
    return m;
}

std::vector<std::string> kept_names()
{
    std::vector<std::string> v;
    for (auto& [n, c] : expected_counts(false))
        v.push_back(n);
    return v;
}

} // namespace

// ---------------------------------------------------------------------------------------------- sans-io

BOOST_AUTO_TEST_CASE(glob_patterns_match_whole_names)
{
    BOOST_TEST(ak::glob_match("*", "orders"));
    BOOST_TEST(ak::glob_match("ord*", "orders"));
    BOOST_TEST(!ak::glob_match("ord", "orders")); // whole name, not a prefix
    BOOST_TEST(ak::glob_match("*ers", "orders"));
    BOOST_TEST(ak::glob_match("o?ders", "orders"));
    BOOST_TEST(!ak::glob_match("o?ders", "oders"));
    BOOST_TEST(ak::glob_match("log_[0-9][0-9]", "log_42"));
    BOOST_TEST(!ak::glob_match("log_[0-9][0-9]", "log_4x"));
    BOOST_TEST(ak::glob_match("log_[!0-9]", "log_x"));
    BOOST_TEST(!ak::glob_match("log_[!0-9]", "log_5"));
    BOOST_TEST(ak::glob_match("a\\*b", "a*b"));
    BOOST_TEST(!ak::glob_match("a\\*b", "axb"));
    BOOST_TEST(ak::glob_match("a[b", "a[b")); // an unclosed class is literal
    BOOST_TEST(ak::glob_match("*a*b*", "xxaxxbxx"));
    BOOST_TEST(!ak::glob_match("*a*b*", "xxbxxaxx"));
    BOOST_TEST(!ak::glob_match("Orders", "orders")); // case-sensitive
}

BOOST_AUTO_TEST_CASE(selector_resolves_includes_excludes_and_system_collections)
{
    auto inv = make_inventory({{"orders", 1}, {"items", 1}, {"tmp_a", 1}, {"_graphs", 1}, {"_users", 1}});
    ak::collection_selector all;
    BOOST_TEST((all.resolve(inv) == std::vector<std::string>{"items", "orders", "tmp_a"}));

    ak::collection_selector no_tmp;
    no_tmp.exclude = {"tmp_*", "nothing_like_this*"}; // an exclude that matches nothing is fine
    BOOST_TEST((no_tmp.resolve(inv) == std::vector<std::string>{"items", "orders"}));

    ak::collection_selector sys;
    sys.include_system = true;
    sys.exclude = {"_users"};
    BOOST_TEST((sys.resolve(inv) == std::vector<std::string>{"_graphs", "items", "orders", "tmp_a"}));

    ak::collection_selector by_pattern; // an include pattern starting with _ asks for system collections
    by_pattern.include = {"_g*", "o*"};
    BOOST_TEST((by_pattern.resolve(inv) == std::vector<std::string>{"_graphs", "orders"}));

    ak::collection_selector star_only; // `*` alone does not pull in system collections
    star_only.include = {"*"};
    BOOST_TEST((star_only.resolve(inv) == std::vector<std::string>{"items", "orders", "tmp_a"}));

    // A pattern that matches nothing is an error naming the pattern and the database, also when the other
    // patterns match.
    ak::collection_selector typo;
    typo.include = {"orders", "itmes"};
    ak::error_code ec;
    std::string why;
    auto r = typo.resolve(inv, ec, why);
    BOOST_TEST(ec == ak::errc::invalid_options);
    BOOST_TEST(r.empty());
    BOOST_TEST(why.find("'itmes'") != std::string::npos, why);
    BOOST_TEST(why.find("'shop'") != std::string::npos, why);
    BOOST_TEST(why.find("no such collection") != std::string::npos, why);

    ak::collection_selector glob_typo;
    glob_typo.include = {"ord*", "x*"};
    glob_typo.resolve(inv, ec, why);
    BOOST_TEST(ec == ak::errc::invalid_options);
    BOOST_TEST(why.find("'x*'") != std::string::npos, why);

    ak::collection_selector everything_excluded;
    everything_excluded.exclude = {"*"};
    everything_excluded.resolve(inv, ec, why);
    BOOST_TEST(ec == ak::errc::invalid_options);
    BOOST_TEST(why.find("no collection of database 'shop' matches") != std::string::npos, why);
    BOOST_CHECK_THROW(everything_excluded.resolve(inv), boost::system::system_error);

    // Applied to a single dump: --collection gets the names, --include-system-collections follows.
    ak::arangodump_options dump;
    dump.ignore_collection = {"x"};
    by_pattern.apply(inv, dump);
    BOOST_TEST((std::vector<std::string>(dump.collection) == std::vector<std::string>{"_graphs", "orders"}));
    BOOST_TEST(dump.ignore_collection.empty());
    BOOST_TEST(dump.include_system_collections.value_or(false));
    ak::arangorestore_options restore;
    no_tmp.apply(inv, restore);
    BOOST_TEST((std::vector<std::string>(restore.collection) == std::vector<std::string>{"items", "orders"}));
    BOOST_TEST(!restore.include_system_collections.has_value());
}

BOOST_AUTO_TEST_CASE(segments_balance_bytes_not_counts)
{
    // One collection of 900 bytes and eight of 100: by count, 3 segments would get 3 collections each
    // (900+100+100 in one); by bytes the big one is alone.
    auto inv = make_inventory(
        {{"big", 900},
         {"a", 100},
         {"b", 100},
         {"c", 100},
         {"d", 100},
         {"e", 100},
         {"f", 100},
         {"g", 100},
         {"h", 100}}
    );
    auto plan = ak::plan_segments(inv, names_of(inv), 3);
    BOOST_REQUIRE_EQUAL(plan.segments.size(), 3u);
    BOOST_TEST(plan.total_bytes == 1700u);
    BOOST_TEST((plan.segments[0].collections == std::vector<std::string>{"big"}));
    BOOST_TEST(plan.segments[1].bytes == 400u);
    BOOST_TEST(plan.segments[2].bytes == 400u);
    BOOST_TEST(plan.max_bytes() == 900u);
    BOOST_TEST(plan.segment_of("big") == 0u);
    BOOST_TEST(plan.segment_of("nope") == 3u);

    // Deterministic whatever the order of the names.
    auto names = names_of(inv);
    std::reverse(names.begin(), names.end());
    auto again = ak::plan_segments(inv, names, 3);
    for (std::size_t i = 0; i < 3; ++i)
        BOOST_TEST(again.segments[i].collections == plan.segments[i].collections);

    // More segments than collections: no empty segments. Zero segments: one.
    BOOST_TEST(ak::plan_segments(inv, {"a", "b"}, 8).segments.size() == 2u);
    BOOST_TEST(ak::plan_segments(inv, names_of(inv), 0).segments.size() == 1u);

    // No sizes at all (a server without figures): the collections still spread over the segments.
    auto unsized = make_inventory({{"a", 0}, {"b", 0}, {"c", 0}, {"d", 0}});
    auto even = ak::plan_segments(unsized, names_of(unsized), 2);
    BOOST_REQUIRE_EQUAL(even.segments.size(), 2u);
    BOOST_TEST(even.segments[0].collections.size() == 2u);
    BOOST_TEST(even.segments[1].collections.size() == 2u);
}

BOOST_AUTO_TEST_CASE(distribute_shards_like_followers_share_their_prototypes_segment)
{
    auto inv = make_inventory({{"proto", 100}, {"f1", 100}, {"f2", 100}, {"x", 100}, {"y", 100}});
    for (auto& c : inv.collections)
        if (c.name == "f1")
            c.distribute_shards_like = "proto";
        else if (c.name == "f2")
            c.distribute_shards_like = "f1"; // transitively proto
    auto plan = ak::plan_segments(inv, names_of(inv), 3);
    auto s = plan.segment_of("proto");
    BOOST_TEST(plan.segment_of("f1") == s);
    BOOST_TEST(plan.segment_of("f2") == s);
    BOOST_TEST(plan.segments[s].bytes == 300u);
    // A prototype that is not selected does not tie its followers together.
    auto loose = ak::plan_segments(inv, {"f1", "f2", "x"}, 3);
    BOOST_TEST(loose.segments.size() == 2u); // f2 follows f1, which is selected
    BOOST_TEST(loose.segment_of("f1") == loose.segment_of("f2"));
}

BOOST_AUTO_TEST_CASE(merge_joins_segments_into_one_dump)
{
    ak::test::temp_dir tmp("ak_merge");
    auto s0 = tmp.path() / "s0", s1 = tmp.path() / "s1", out = tmp.path() / "out";
    write_segment(s0, "200", {"a", "b"});
    write_segment(s1, "150", {"c"});
    write(s0 / "v.view.json", R"({"name":"v"})");
    write(s1 / "v.view.json", R"({"name":"v"})"); // identical: kept once
    auto r = ak::merge_dump_segments({s0, s1}, out);
    BOOST_TEST(r.collections == 3u);
    BOOST_TEST(r.views == 1u);
    BOOST_TEST(r.last_tick == "150"); // the segment that started first
    BOOST_TEST((r.duplicates == std::vector<std::string>{"v.view.json"}));
    BOOST_TEST(!fs::exists(s0)); // moved, then removed
    auto m = ak::read_dump(out);
    BOOST_REQUIRE_EQUAL(m.databases.size(), 1u);
    BOOST_TEST(m.databases[0].document_count() == 3u);
    BOOST_TEST(m.databases[0].last_tick == "150");

    // A collection in two segments with different contents is an error; the output must be empty.
    auto t0 = tmp.path() / "t0", t1 = tmp.path() / "t1";
    write_segment(t0, "1", {"a"});
    write_segment(t1, "2", {"a"});
    write(
        t1 / "a.data.json", R"({"_key":"other"})"
                            "\n"
    );
    ak::dump_merge_options copy;
    copy.move_files = false;
    BOOST_CHECK_THROW(ak::merge_dump_segments({t0, t1}, out, copy), ak::artifact_error);
    ak::error_code ec;
    ak::artifact_diagnostics diag;
    ak::merge_dump_segments({t0, t1}, tmp.path() / "out2", copy, ec, diag);
    BOOST_TEST(ec == ak::errc::damaged_dump);
    BOOST_TEST(diag.message.find("a.data.json") != std::string::npos, diag.message);

    // Segments of different databases do not belong together.
    auto u0 = tmp.path() / "u0";
    write_segment(u0, "1", {"z"});
    write(u0 / "dump.json", R"({"database":"other","lastTickAtDumpStart":"1"})");
    ak::merge_dump_segments({t0, u0}, tmp.path() / "out3", copy, ec, diag);
    BOOST_TEST(ec == ak::errc::damaged_dump);
    BOOST_TEST(diag.message.find("'other'") != std::string::npos, diag.message);
}

// ------------------------------------------------------------------------------------------ simulator

BOOST_AUTO_TEST_CASE(inventory_has_counts_and_figures_sizes)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_client http(env.ctx.get_executor(), http_config(env.sim));
            co_await make_shop(http);
            auto inv = co_await ak::async_read_inventory(http, "shop", asio::use_awaitable);
            BOOST_TEST(inv.database == "shop");
            for (auto& [n, c] : shop_docs)
            {
                auto* ic = inv.find(n);
                BOOST_REQUIRE(ic);
                BOOST_TEST(ic->documents == static_cast<std::uint64_t>(c));
                BOOST_TEST(ic->bytes > 0u);
            }
            // 40 documents of 2 KB weigh more than 120 small ones.
            BOOST_TEST(inv.find("big")->bytes > inv.find("orders")->bytes);
            auto [ec, none] = co_await ak::async_read_inventory(http, "no_such_db", as_tuple);
            BOOST_TEST(ec == ak::errc::http_error, ec.message());
        },
        120s
    );
}

BOOST_AUTO_TEST_CASE(parallel_dump_merge_and_restores_round_trip)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_client http(env.ctx.get_executor(), http_config(env.sim));
            co_await make_shop(http);
            ak::arango_tools tools(env.runner, env.scratch_instance());

            auto pd = shop_dump(env.dir);
            pd.selection.exclude = {"tmp_*"};
            auto [ec, res] = co_await ak::async_parallel_dump(tools, http, pd, as_tuple);
            BOOST_TEST(!ec, ec.message() << ": " << res.message);
            BOOST_TEST(res.collections == kept_names());
            BOOST_TEST(res.plan.segments.size() == 3u);
            BOOST_TEST(res.group.succeeded == 3u, res.group.describe());
            BOOST_TEST(res.reports.size() == 3u);
            BOOST_TEST(res.merged.collections == 4u);
            BOOST_TEST(!fs::exists(env.dir / "dump.segments")); // cleaned up after the merge
            // The big collection is alone in its segment: the plan weighed bytes.
            BOOST_TEST(
                (res.plan.segments[res.plan.segment_of("big")].collections == std::vector<std::string>{"big"})
            );

            auto model = ak::read_dump(env.dir / "dump");
            BOOST_REQUIRE_EQUAL(model.databases.size(), 1u);
            std::map<std::string, std::uint64_t> in_dump;
            for (auto& c : model.databases[0].collections)
                in_dump[c.name] = c.document_count;
            BOOST_TEST(in_dump == expected_counts(false));

            // One ordinary arangorestore accepts the merged directory.
            ak::arangorestore_options one;
            one.input_directory = (env.dir / "dump").string();
            one.server.database = "copy";
            one.create_database = true;
            auto [rec, rep] = co_await tools.async_run(one, as_tuple);
            BOOST_TEST(!rec, rec.message());
            BOOST_TEST(rep.ok(), rep.result.describe());
            auto copied = co_await counts_of(http, "copy", kept_names());
            BOOST_TEST(copied == expected_counts(false));

            // The parallel restore gives the same.
            const auto before = listing(env.dir / "dump");
            ak::parallel_restore_options pr;
            pr.input_directory = env.dir / "dump";
            pr.segments = 2;
            pr.restore.server.database = "copy2";
            pr.restore.create_database = true;
            auto [pec, pres] = co_await ak::async_parallel_restore(tools, pr, as_tuple);
            BOOST_TEST(!pec, pec.message() << ": " << pres.message);
            BOOST_TEST(pres.plan.segments.size() == 2u);
            BOOST_TEST(pres.skipped.empty());
            BOOST_TEST(pres.collections_group.succeeded == 2u, pres.collections_group.describe());
            auto restored = co_await counts_of(http, "copy2", kept_names());
            BOOST_TEST(restored == expected_counts(false));
            // Success removes the resume markers, and the concurrent runs wrote nothing into the shared dump
            // directory (arangorestore's own state file would be overwritten by each run otherwise): it holds
            // the files it held before the restore. Their private input directories are gone.
            BOOST_TEST(
                listing(env.dir / "dump") == before,
                "the dump directory changed (a file was added, removed or written)"
            );
            for (auto& e : fs::directory_iterator(fs::temp_directory_path()))
                BOOST_TEST(
                    e.path().filename().string().rfind(
                        "arangokit-restore-" + std::to_string(::getpid()), 0
                    ) != 0u,
                    e.path()
                );

            // A selection that matches nothing fails before anything is spawned.
            ak::parallel_dump_options bad = pd;
            bad.output_directory = env.dir / "dump-bad";
            bad.selection.include = {"nosuch*"};
            auto [bec, bres] = co_await ak::async_parallel_dump(tools, http, bad, as_tuple);
            BOOST_TEST(bec == ak::errc::invalid_options);
            BOOST_TEST(bres.message.find("'nosuch*'") != std::string::npos, bres.message);
            BOOST_TEST(bres.reports.empty());
            BOOST_TEST(!fs::exists(env.dir / "dump-bad.segments"));
        },
        300s
    );
}

BOOST_AUTO_TEST_CASE(a_failing_segment_stops_the_others)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_client http(env.ctx.get_executor(), http_config(env.sim));
            co_await make_shop(http);
            ak::arango_tools tools(env.runner, env.scratch_instance());
            auto pd = shop_dump(env.dir);
            pd.timeout = 120s;
            // Segment 1 fails at its first document; the others would hang forever.
            pd.customize = [](std::size_t i, ak::arangodump_options& o) {
                if (i == 1)
                    o.env.set["ARANGOSIM_TOOL_FAIL_AFTER_DOCS"] = "0";
                else
                    o.env.set["ARANGOSIM_TOOL_HANG"] = "1";
            };
            auto t0 = std::chrono::steady_clock::now();
            auto [ec, res] = co_await ak::async_parallel_dump(tools, http, pd, as_tuple);
            BOOST_TEST(ec == ak::errc::member_failed, ec.message());
            BOOST_TEST((std::chrono::steady_clock::now() - t0 < 60s));
            BOOST_TEST(res.group.failed == 1u, res.group.describe());
            BOOST_TEST(res.group.stopped == 2u, res.group.describe());
            BOOST_REQUIRE(res.group.first_failure.has_value());
            BOOST_TEST(*res.group.first_failure == 1u);
            for (std::size_t i : {0u, 2u})
                BOOST_TEST((res.group.members[i].stopped_because == ak::stop_cause::member_failed));
            BOOST_TEST(!res.message.empty());
            BOOST_TEST(!fs::exists(env.dir / "dump"));                       // nothing merged
            BOOST_TEST(fs::exists(env.dir / "dump.segments" / "segment-1")); // kept for inspection
            BOOST_TEST(env.runner.live_count() == 1u); // only the simulator: every arangodump is reaped

            // One deadline for all: hanging segments end with deadline_exceeded, not a cancellation.
            ak::parallel_dump_options slow = pd;
            slow.output_directory = env.dir / "dump-slow";
            slow.timeout = 1500ms;
            slow.customize = [](std::size_t, ak::arangodump_options& o) {
                o.env.set["ARANGOSIM_TOOL_HANG"] = "1";
            };
            auto [sec, sres] = co_await ak::async_parallel_dump(tools, http, slow, as_tuple);
            BOOST_TEST(sec == ak::errc::deadline_exceeded, sec.message());
            BOOST_TEST(sres.group.stopped == 3u, sres.group.describe());
        },
        240s
    );
}

BOOST_AUTO_TEST_CASE(restore_resumes_skipping_completed_segments)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_client http(env.ctx.get_executor(), http_config(env.sim));
            co_await make_shop(http);
            ak::arango_tools tools(env.runner, env.scratch_instance());
            auto pd = shop_dump(env.dir);
            pd.selection.exclude = {"tmp_*"};
            auto [ec, res] = co_await ak::async_parallel_dump(tools, http, pd, as_tuple);
            BOOST_REQUIRE_MESSAGE(!ec, ec.message() + ": " + res.message);

            // Attempt 1: the segment with "orders" fails after a while; the others complete first.
            ak::parallel_restore_options pr;
            pr.input_directory = env.dir / "dump";
            pr.segments = 3;
            pr.restore.server.database = "copy";
            pr.restore.create_database = true;
            auto plan = ak::plan_segments(
                ak::inventory_of_dump(ak::read_dump(env.dir / "dump").databases.front()), kept_names(), 3
            );
            const std::size_t failing = plan.segment_of("orders");
            BOOST_REQUIRE(failing < plan.segments.size());
            pr.customize = [failing](std::size_t i, ak::arangorestore_options& o) {
                if (i == failing)
                {
                    o.env.set["ARANGOSIM_TOOL_SLOW_MS"] = "40";
                    o.env.set["ARANGOSIM_TOOL_FAIL_AFTER_DOCS"] = "3";
                }
            };
            auto [fec, fres] = co_await ak::async_parallel_restore(tools, pr, as_tuple);
            BOOST_TEST(fec == ak::errc::member_failed, fec.message());
            BOOST_TEST(fres.collections_group.failed == 1u, fres.collections_group.describe());
            std::vector<std::size_t> completed;
            for (std::size_t i = 0; i < fres.plan.segments.size(); ++i)
                if (fres.collections_group.members[i].outcome == ak::member_outcome::succeeded)
                    completed.push_back(i);
            BOOST_TEST(completed.size() == 2u, fres.collections_group.describe());
            std::size_t markers = 0;
            for (auto& e : fs::directory_iterator(env.dir / "dump"))
                markers += e.path().filename().string().rfind(".arangokit-restored-", 0) == 0;
            BOOST_TEST(markers == completed.size());

            // Markers are per target database: another target restores everything (and leaves the
            // markers of "copy" alone).
            pr.customize = {};
            pr.restore.server.database = "copy3";
            auto [oec, ores] = co_await ak::async_parallel_restore(tools, pr, as_tuple);
            BOOST_TEST(!oec, oec.message() << ": " << ores.message);
            BOOST_TEST(ores.skipped.empty());
            BOOST_TEST(ores.collections_group.members.size() == fres.plan.segments.size());

            // Attempt 2: only the failed segment runs again.
            pr.restore.server.database = "copy";
            auto [rec, rres] = co_await ak::async_parallel_restore(tools, pr, as_tuple);
            BOOST_TEST(!rec, rec.message() << ": " << rres.message);
            BOOST_TEST(rres.skipped == completed);
            BOOST_TEST(rres.collections_group.members.size() == 1u);
            BOOST_TEST(rres.reports.size() == 1u);
            auto restored = co_await counts_of(http, "copy", kept_names());
            BOOST_TEST(restored == expected_counts(false));
            markers = 0;
            for (auto& e : fs::directory_iterator(env.dir / "dump"))
                markers += e.path().filename().string().rfind(".arangokit-restored-", 0) == 0;
            BOOST_TEST(markers == 0u);
        },
        300s
    );
}
