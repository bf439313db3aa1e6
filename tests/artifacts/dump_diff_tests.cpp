// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// The bounded-memory (streaming) dump diff against the in-memory one and against a model of the data; the
// spill directory's life; differential dumps written, applied on disk and restored into the simulator.
#define BOOST_TEST_MODULE artifacts_diff
#include <arangokit/artifacts/detail/key_partitions.hpp>
#include <arangokit/artifacts/differential_dump.hpp>
#include <arangokit/artifacts/dump_diff.hpp>
#include <arangokit/artifacts/dump_reader.hpp>

#include <boost/test/unit_test.hpp>

#include "test_paths.hpp"
#include "test_support.hpp"
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sys/stat.h>
#if defined(ARANGOKIT_ARTIFACTS_WITH_SIMULATOR)
#include "sim_process.hpp"
#include <sys/wait.h>
#endif

namespace fs = std::filesystem;
using namespace arangokit;
using arangokit::test::read_file;
using arangokit::test::temp_dir;
using arangokit::test::write_file;

namespace {

// One collection as data files hold it: records in order (a later record of a key replaces an earlier one,
// a removal deletes it), and the net content they leave (the model the diff is checked against).
struct gen_collection
{
    std::string name;
    int type = 2;
    std::vector<std::string> lines;
    std::map<std::string, std::string> net; // key -> document text
};

enum class layout
{
    plain,
    gzip,
    split,
    split_gzip
};

void write_gen_dump(
    const fs::path& dir, const std::vector<gen_collection>& colls, layout mode, std::size_t per_file
)
{
    fs::create_directories(dir);
    write_file(dir / "ENCRYPTION", "none");
    write_file(dir / "dump.json", R"({"database":"shop","lastTickAtDumpStart":"42"})");
    for (const auto& c : colls)
    {
        std::string base = c.name + "_" + test::md5_of(c.name);
        boost::json::object params{{"name", c.name}, {"type", c.type}, {"waitForSync", false}};
        write_file(
            dir / (base + ".structure.json"), boost::json::serialize(boost::json::object{
                                                  {"parameters", params}, {"indexes", boost::json::array{}}})
        );
        bool gz = mode == layout::gzip || mode == layout::split_gzip;
        auto emit = [&](const std::string& name, const std::string& text) {
            write_file(dir / (name + (gz ? ".gz" : "")), gz ? test::gzip(text) : text);
        };
        if (mode == layout::plain || mode == layout::gzip)
        {
            std::string text;
            for (const auto& l : c.lines)
                text += l + "\n";
            emit(base + ".data.json", text);
        }
        else
            for (std::size_t i = 0, part = 0; i < c.lines.size(); ++part)
            {
                std::string text;
                for (std::size_t k = 0; k < per_file && i < c.lines.size(); ++k, ++i)
                    text += c.lines[i] + "\n";
                emit(base + "." + std::to_string(part) + ".data.json", text);
            }
    }
}

std::string doc_text(const std::string& key, std::uint64_t value, const std::string& rev)
{
    return boost::json::serialize(boost::json::object{
        {"_key", key}, {"_rev", rev}, {"value", value}, {"nested", {{"b", 1}, {"a", value % 7}}}});
}

// Records for a net content, with noise that leaves the same net content: earlier versions of a document,
// removals of absent keys, a document written and removed again, envelopes instead of plain lines.
std::vector<std::string>
lines_for(const std::map<std::string, std::string>& net, std::mt19937_64& g, bool noise)
{
    std::vector<std::pair<std::string, std::string>> items(net.begin(), net.end());
    std::shuffle(items.begin(), items.end(), g);
    std::vector<std::string> lines;
    auto put = [&](const std::string& text) {
        if (g() % 3 == 0)
            lines.push_back("{\"type\":2300,\"data\":" + text + "}");
        else
            lines.push_back(text);
    };
    auto removal = [&](const std::string& key) {
        lines.push_back(boost::json::serialize(boost::json::object{{"type", 2302}, {"key", key}}));
    };
    for (const auto& [k, text] : items)
    {
        if (noise && g() % 5 == 0)
            put(doc_text(k, g() % 1000, "old"));
        if (noise && g() % 9 == 0)
        {
            put(doc_text(k, 1, "gone"));
            removal(k);
        }
        put(text);
        if (noise && g() % 11 == 0)
        {
            std::string ghost = "ghost" + std::to_string(g() % 100000);
            if (!net.count(ghost))
            {
                put(doc_text(ghost, 5, "r"));
                removal(ghost);
            }
        }
    }
    return lines;
}

struct gen_pair
{
    std::vector<gen_collection> left, right;
};

// A left dump and a newer right one: some documents removed, changed, added, some only with another _rev.
gen_pair generate(std::uint64_t seed, std::size_t max_docs, bool noise)
{
    std::mt19937_64 g(seed);
    gen_pair p;
    for (const std::string name : {"alpha", "beta", "empty"})
    {
        gen_collection l{name, name == "beta" ? 3 : 2, {}, {}};
        std::size_t n = name == "empty" ? 0 : (max_docs ? g() % (max_docs + 1) : 0);
        for (std::size_t i = 0; i < n; ++i)
        {
            std::string k = name.substr(0, 1) + std::to_string(i * 7919 % 1000003);
            l.net[k] = doc_text(k, g() % 100000, "1");
        }
        gen_collection r{name, l.type, {}, l.net};
        std::vector<std::string> keys;
        for (const auto& kv : l.net)
            keys.push_back(kv.first);
        for (const auto& k : keys)
        {
            auto dice = g() % 10;
            if (dice == 0)
                r.net.erase(k);
            else if (dice == 1)
                r.net[k] = doc_text(k, 100000 + g() % 1000, "2");
            else if (dice == 2) // the same content, another _rev: not a change
                r.net[k] = boost::json::serialize([&] {
                    auto o = boost::json::parse(l.net[k]).as_object();
                    o["_rev"] = "other";
                    return o;
                }());
        }
        std::size_t added = n / 10 + (g() % 3);
        for (std::size_t i = 0; i < added; ++i)
        {
            std::string k = "new" + name + std::to_string(i);
            r.net[k] = doc_text(k, i, "3");
        }
        l.lines = lines_for(l.net, g, noise);
        r.lines = lines_for(r.net, g, noise);
        p.left.push_back(std::move(l));
        p.right.push_back(std::move(r));
    }
    return p;
}

// The diff the model says: content without _rev.
dump_diff expected_diff(const gen_pair& p)
{
    auto content = [](const std::string& text) {
        auto o = boost::json::parse(text).as_object();
        o.erase("_rev");
        std::string s;
        detail::canonical_json(o, s);
        return s;
    };
    dump_diff d;
    for (std::size_t i = 0; i < p.left.size(); ++i)
    {
        collection_difference cd;
        cd.database = "shop";
        cd.collection = p.left[i].name;
        for (const auto& [k, v] : p.right[i].net)
        {
            auto it = p.left[i].net.find(k);
            if (it == p.left[i].net.end())
                cd.added_keys.push_back(k);
            else if (content(it->second) != content(v))
                cd.changed_keys.push_back(k);
        }
        for (const auto& [k, v] : p.left[i].net)
            if (!p.right[i].net.count(k))
                cd.removed_keys.push_back(k);
        if (!cd.empty())
            d.collections.push_back(cd);
    }
    std::sort(d.collections.begin(), d.collections.end(), [](auto& a, auto& b) {
        return a.collection < b.collection;
    });
    return d;
}

std::string full(const dump_diff& d)
{
    return d.describe(std::numeric_limits<std::size_t>::max());
}

bool dir_is_empty(const fs::path& p)
{
    return fs::is_directory(p) && fs::is_empty(p);
}

dump_compare_options budget(std::size_t bytes, const fs::path& temp = {}, dump_diff_stats* stats = nullptr)
{
    dump_compare_options o;
    o.memory_budget = bytes;
    o.temp_directory = temp;
    o.stats = stats;
    return o;
}

} // namespace

BOOST_AUTO_TEST_SUITE(streaming_diff_suite)

BOOST_AUTO_TEST_CASE(streaming_and_in_memory_diffs_agree_with_the_model_on_generated_dumps)
{
    const layout layouts[] = {layout::plain, layout::gzip, layout::split, layout::split_gzip};
    for (std::uint64_t seed = 1; seed <= 40; ++seed)
    {
        BOOST_TEST_CONTEXT("seed " << seed)
        {
            temp_dir t;
            // Every fourth seed is big enough for the small budget to spill and re-partition.
            auto p = generate(seed, seed % 4 == 0 ? 3000 : 60, seed % 3 != 0);
            write_gen_dump(t / "l", p.left, layouts[seed % 4], 1 + seed % 50);
            write_gen_dump(t / "r", p.right, layouts[(seed / 4) % 4], 1 + seed % 37);
            fs::create_directories(t / "spill-parent");
            auto expected = full(expected_diff(p));
            auto in_memory = compare_dumps(t / "l", t / "r", budget(0));
            dump_diff_stats small_stats;
            auto small = compare_dumps(t / "l", t / "r", budget(1, t / "spill-parent", &small_stats));
            auto dflt = compare_dumps(t / "l", t / "r");
            BOOST_TEST(full(in_memory) == expected);
            BOOST_TEST(full(small) == expected);
            BOOST_TEST(full(dflt) == expected);
            // Identical dumps, the same data in another layout: no difference either way.
            BOOST_TEST(compare_dumps(t / "r", t / "r", budget(1)).empty());
            BOOST_TEST(compare_dumps(t / "l", t / "l", budget(0)).empty());
            if (seed % 4 == 0)
                BOOST_TEST(small_stats.spilled_bytes > 0u);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_small_budget_forces_partitioning_and_holds)
{
    temp_dir t;
    auto p = generate(7, 20000, true);
    write_gen_dump(t / "l", p.left, layout::gzip, 100);
    write_gen_dump(t / "r", p.right, layout::plain, 100);
    fs::create_directories(t / "spill-parent");
    //[artifacts_bounded_diff
    dump_compare_options opts;
    opts.memory_budget = 64 << 10;            // records beyond half of it are spilled to files
    opts.temp_directory = t / "spill-parent"; // parent of the private spill directory (removed again)
    dump_diff_stats stats;
    opts.stats = &stats; // what it did: spilled bytes, partitions, peak working memory
    auto small = compare_dumps(t / "l", t / "r", opts);
    //]
    BOOST_TEST(full(small) == full(expected_diff(p)));
    BOOST_TEST(stats.spilled_bytes > 0u);
    BOOST_TEST(stats.partitions > 4u);
    BOOST_TEST(stats.max_depth >= 1u); // the estimate from gzip'd sizes was too small: partitions were split
    BOOST_TEST(stats.peak_working_bytes <= std::size_t(64 << 10));
    BOOST_TEST(stats.documents_read > 20000u);
    BOOST_TEST(!stats.spill_directory.empty());
    BOOST_TEST(stats.spill_directory.parent_path() == t / "spill-parent");
    BOOST_TEST(!fs::exists(stats.spill_directory));
    BOOST_TEST(dir_is_empty(t / "spill-parent"));

    // With the default budget the same dumps fit in memory: no spill directory at all.
    dump_diff_stats dflt;
    auto d = compare_dumps(t / "l", t / "r", budget(32 << 20, t / "spill-parent", &dflt));
    BOOST_TEST(full(d) == full(small));
    BOOST_TEST(dflt.spilled_bytes == 0u);
    BOOST_TEST(dflt.spill_directory.empty());
}

BOOST_AUTO_TEST_CASE(a_key_written_very_often_is_reduced_not_split_forever)
{
    temp_dir t;
    gen_collection l{"alpha", 2, {}, {}}, r{"alpha", 2, {}, {}};
    for (int i = 0; i < 30000; ++i)
        l.lines.push_back(doc_text("hot", i, "1"));
    l.lines.push_back(doc_text("cold", 1, "1"));
    for (int i = 0; i < 30000; ++i)
        r.lines.push_back(doc_text("hot", 29999 - (i == 29999 ? 1 : 0), "1"));
    write_gen_dump(t / "l", {l}, layout::plain, 1);
    write_gen_dump(t / "r", {r}, layout::plain, 1);
    dump_diff_stats stats;
    auto small = compare_dumps(t / "l", t / "r", budget(64 << 10, {}, &stats));
    auto in_memory = compare_dumps(t / "l", t / "r", budget(0));
    BOOST_TEST(full(small) == full(in_memory));
    BOOST_TEST_REQUIRE(small.collections.size() == 1u);
    BOOST_TEST(small.collections[0].changed_keys == std::vector<std::string>{"hot"});
    BOOST_TEST(small.collections[0].removed_keys == std::vector<std::string>{"cold"});
    BOOST_TEST(stats.max_depth == detail::key_partitions::max_depth);
}

BOOST_AUTO_TEST_CASE(the_spill_directory_is_removed_after_a_read_error)
{
    temp_dir t;
    auto p = generate(11, 5000, false);
    p.right[0].lines.push_back("{\"_key\":\"broken\",");
    write_gen_dump(t / "l", p.left, layout::plain, 1);
    write_gen_dump(t / "r", p.right, layout::plain, 1);
    fs::create_directories(t / "spill-parent");
    dump_diff_stats stats;
    error_code ec;
    artifact_diagnostics diag;
    compare_dumps(t / "l", t / "r", budget(64 << 10, t / "spill-parent", &stats), ec, diag);
    BOOST_TEST(ec == make_error_code(errc::damaged_dump));
    BOOST_TEST(diag.message.find("invalid JSON") != std::string::npos, diag.message);
    BOOST_TEST(stats.spilled_bytes > 0u); // the error came after spilling had started
    BOOST_TEST(!fs::exists(stats.spill_directory));
    BOOST_TEST(dir_is_empty(t / "spill-parent"));
    BOOST_CHECK_THROW(compare_dumps(t / "l", t / "r", budget(64 << 10, t / "spill-parent")), artifact_error);
    BOOST_TEST(dir_is_empty(t / "spill-parent"));

    // A truncated gzip member in the middle of the right dump.
    temp_dir t2;
    write_gen_dump(t2 / "l", p.left, layout::plain, 1);
    p.right[0].lines.pop_back();
    write_gen_dump(t2 / "r", p.right, layout::gzip, 1);
    auto gzfile = t2 / "r" / ("alpha_" + test::md5_of("alpha") + ".data.json.gz");
    auto bytes = read_file(gzfile);
    write_file(gzfile, bytes.substr(0, bytes.size() * 2 / 3));
    compare_dumps(t2 / "l", t2 / "r", budget(64 << 10, t / "spill-parent"), ec, diag);
    BOOST_TEST(ec == make_error_code(errc::damaged_dump), diag.message);
    BOOST_TEST(dir_is_empty(t / "spill-parent"));
}

BOOST_AUTO_TEST_CASE(the_spill_directory_is_private_and_removed_when_an_exception_passes)
{
    temp_dir t;
    fs::path seen;
    mode_t mode = 0;
    {
        detail::spill_directory dir(t.path());
        detail::memory_meter meter;
        error_code ec;
        artifact_diagnostics diag;
        try
        {
            detail::key_partitions kp(64 << 10, 2, 1 << 20, dir, meter);
            for (int i = 0; i < 20000; ++i)
                BOOST_TEST_REQUIRE(kp.add(i % 2, "k" + std::to_string(i), false, "0123456789abcdef", ec, diag)
                );
            kp.finish(
                [&](const std::vector<std::vector<detail::spill_record>>&, error_code&,
                    artifact_diagnostics&) -> bool {
                    seen = dir.path();
                    struct stat st;
                    BOOST_TEST_REQUIRE(::stat(seen.c_str(), &st) == 0);
                    mode = st.st_mode & 07777;
                    throw std::runtime_error("consumer failed");
                },
                ec, diag
            );
            BOOST_FAIL("no exception");
        }
        catch (const std::runtime_error& e)
        {
            BOOST_TEST(std::string(e.what()) == "consumer failed");
        }
    }
    BOOST_TEST(!seen.empty());
    BOOST_TEST(mode == 0700u);
    BOOST_TEST(!fs::exists(seen));
    BOOST_TEST(dir_is_empty(t.path()));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(differential_suite)

namespace {
dump_compare_options ignore_rev_and_id()
{
    dump_compare_options o;
    o.ignored_attributes = {"_rev", "_id"};
    return o;
}
} // namespace

BOOST_AUTO_TEST_CASE(a_chain_of_differentials_applied_on_disk_gives_the_newest_dump)
{
    for (std::uint64_t seed : {3u, 8u, 21u})
    {
        BOOST_TEST_CONTEXT("seed " << seed)
        {
            temp_dir t;
            auto p1 = generate(seed, seed == 8 ? 4000 : 200, true);
            // v2 from v1's right side: another round of changes.
            auto p2 = generate(seed + 1000, 0, false);
            p2.left = p1.right;
            p2.right = p1.right;
            std::mt19937_64 g(seed);
            for (auto& c : p2.right)
            {
                std::vector<std::string> keys;
                for (const auto& kv : c.net)
                    keys.push_back(kv.first);
                for (std::size_t i = 0; i < keys.size(); i += 3)
                    c.net.erase(keys[i]);
                c.net["late" + c.name] = doc_text("late" + c.name, 1, "9");
                c.lines = lines_for(c.net, g, true);
            }
            write_gen_dump(t / "v0", p1.left, layout::gzip, 10);
            write_gen_dump(t / "v1", p1.right, layout::split, 10);
            write_gen_dump(t / "v2", p2.right, layout::plain, 10);
            auto r1 = write_differential_dump(t / "v0", t / "v1", t / "d1", budget(64 << 10));
            auto r2 = write_differential_dump(t / "v1", t / "v2", t / "d2");
            std::size_t removed = 0;
            for (const auto& c : r2.diff.collections)
                removed += c.removed_keys.size();
            BOOST_TEST(r2.removals_written == removed);
            BOOST_TEST(removed > 0u);
            BOOST_TEST(full(r1.diff) == full(expected_diff(p1)));
            // The differential is a dump the reader understands, with markers it counts as removals.
            auto m = read_dump(t / "d2");
            BOOST_TEST(m.databases[0].collections.size() == 3u);
            std::uint64_t markers = 0;
            for (const auto& c : m.databases[0].collections)
                markers += c.removal_count;
            BOOST_TEST(markers == removed);

            dump_diff_stats stats;
            dump_apply_options ao;
            ao.memory_budget = 64 << 10;
            ao.temp_directory = t.path();
            ao.stats = &stats;
            apply_differentials(t / "v0", {t / "d1", t / "d2"}, t / "applied", ao);
            BOOST_TEST(
                compare_dumps(t / "v2", t / "applied").empty(), full(compare_dumps(t / "v2", t / "applied"))
            );
            BOOST_TEST(!fs::exists(stats.spill_directory));
            BOOST_TEST(stats.peak_working_bytes <= std::size_t(64 << 10));
            if (seed == 8)
                BOOST_TEST(stats.spilled_bytes > 0u);
            // The applied dump is compact: one line per document, no markers.
            auto am = read_dump(t / "applied");
            for (const auto& c : am.databases[0].collections)
                BOOST_TEST(c.removal_count == 0u);
            apply_differentials(t / "v0", {t / "d1"}, t / "applied1");
            BOOST_TEST(compare_dumps(t / "v1", t / "applied1").empty());
            apply_differentials(t / "v0", {}, t / "applied0");
            BOOST_TEST(compare_dumps(t / "v0", t / "applied0").empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(all_databases_dumps_get_one_differential_per_database)
{
    temp_dir t;
    auto p = generate(17, 300, true);
    auto q = generate(18, 300, false);
    for (const auto& v : {"v0", "v1"})
    {
        bool newer = std::string(v) == "v1";
        write_gen_dump(t / v / "shop", newer ? p.right : p.left, layout::plain, 10);
        write_gen_dump(t / v / "other", newer ? q.right : q.left, layout::gzip, 10);
        // write_gen_dump names every database "shop": give the second its own name.
        write_file(t / v / "other" / "dump.json", R"({"database":"other","lastTickAtDumpStart":"7"})");
    }
    auto r = write_differential_dump(t / "v0", t / "v1", t / "d");
    BOOST_TEST(r.removals_written > 0u);
    auto m = read_dump(t / "d");
    BOOST_TEST(m.all_databases);
    BOOST_TEST(m.databases.size() == 2u);
    BOOST_TEST(fs::exists(t / "d" / "other" / "dump.json"));
    apply_differentials(t / "v0", {t / "d"}, t / "applied");
    BOOST_TEST(compare_dumps(t / "v1", t / "applied").empty(), full(compare_dumps(t / "v1", t / "applied")));
    BOOST_TEST(!compare_dumps(t / "v0", t / "applied").empty());
}

BOOST_AUTO_TEST_CASE(structural_differences_and_bad_inputs_are_refused)
{
    temp_dir t;
    auto p = generate(5, 20, false);
    write_gen_dump(t / "v0", p.left, layout::plain, 10);
    auto more = p.right;
    more.push_back(gen_collection{"extra", 2, {doc_text("x", 1, "1")}, {}});
    write_gen_dump(t / "v1", more, layout::plain, 10);
    error_code ec;
    artifact_diagnostics diag;
    write_differential_dump(t / "v0", t / "v1", t / "d", {}, ec, diag);
    BOOST_TEST(ec == make_error_code(errc::invalid_options));
    BOOST_TEST(diag.message.find("collection added: shop/extra") != std::string::npos, diag.message);
    BOOST_TEST(!fs::exists(t / "d"));

    // A non-empty output directory is refused; so is a chain that does not fit the base.
    write_gen_dump(t / "v2", p.right, layout::plain, 10);
    write_differential_dump(t / "v0", t / "v2", t / "v1", {}, ec, diag);
    BOOST_TEST(ec == make_error_code(errc::invalid_options));
    apply_differentials(t / "v0", {t / "v1"}, t / "out", {}, ec, diag);
    BOOST_TEST(ec == make_error_code(errc::invalid_options));
    BOOST_TEST(diag.message.find("does not fit the base") != std::string::npos, diag.message);

    // Encrypted dumps: the differential would be written in the clear.
    auto spec = test::standard_spec();
    spec.key = encryption_key::generate();
    test::write_dump(t / "enc0", spec);
    test::write_dump(t / "enc1", spec);
    dump_compare_options eo;
    eo.left.key = eo.right.key = spec.key;
    write_differential_dump(t / "enc0", t / "enc1", t / "encd", eo, ec, diag);
    BOOST_TEST(ec == make_error_code(errc::invalid_options));
    BOOST_TEST(diag.message.find("encrypted") != std::string::npos, diag.message);
    BOOST_TEST(!fs::exists(t / "encd"));
}

#if defined(ARANGOKIT_ARTIFACTS_WITH_SIMULATOR)
namespace {
int tool(const std::string& name, const std::string& args, const fs::path& log)
{
    std::string cmd = "timeout -s KILL 120 " + test::sim_bin_dir() + "/" + name + " --configuration none " +
                      args + " >" + log.string() + " 2>&1";
    int st = std::system(cmd.c_str());
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
} // namespace

BOOST_AUTO_TEST_CASE(differentials_restored_onto_the_base_give_the_newer_state_in_the_simulator)
{
    temp_dir t;
    test::sim_server sim({});
    BOOST_TEST_REQUIRE(!sim.endpoints.empty());
    std::string srv = "--server.endpoint " + sim.endpoints.at(0).to_string() + " --server.password=";
    auto run = [&](const std::string& name, const std::string& args) {
        auto log = t / (name + std::to_string(std::hash<std::string>{}(args) % 100000) + ".log");
        BOOST_TEST_REQUIRE(tool(name, srv + " " + args, log) == 0, read_file(log));
    };
    auto js = [&](const std::string& db, const std::string& code) {
        write_file(t / "code.js", code);
        run("arangosh", "--server.database " + db + " --javascript.execute " + (t / "code.js").string());
    };
    js("_system", "db._createDatabase('src');");
    js("src", "db._create('products'); db._createEdgeCollection('links'); db._create('quiet');"
              "for (let i = 0; i < 300; ++i) db.products.insert({_key: 'p' + i, v: i, tags: ['a', i % 3]});"
              "for (let i = 0; i < 20; ++i) db.links.insert({_key: 'l' + i, _from: 'products/p' + i, _to: "
              "'products/p' + (i + 1)});"
              "db.quiet.insert({_key: 'q', v: 1});");
    auto dump = [&](const std::string& db, const std::string& name) {
        run("arangodump", "--server.database " + db + " --output-directory " + (t / name).string());
        return t / name;
    };
    auto v0 = dump("src", "v0");
    js("src", "for (let i = 0; i < 300; i += 7) db.products.remove('p' + i);"
              "for (let i = 1; i < 300; i += 10) if (i % 7) db.products.update('p' + i, {v: -i});"
              "for (let i = 0; i < 25; ++i) db.products.insert({_key: 'n' + i, v: 1000 + i});"
              "db.links.remove('l3');");
    auto v1 = dump("src", "v1");
    js("src", "db.products.remove('n3'); db.products.insert({_key: 'p0', v: 'back'}); "
              "db.products.update('p2', {w: 1});"
              "db.links.insert({_key: 'l3', _from: 'products/p9', _to: 'products/p8'});");
    auto v2 = dump("src", "v2");

    //[artifacts_write_differential
    auto r1 = write_differential_dump(v0, v1, t / "d1"); // v0 -> v1: changed, added, removal markers
    auto r2 = write_differential_dump(v1, v2, t / "d2"); // v1 -> v2
    //]
    BOOST_TEST(r1.removals_written == 43u + 1u);
    BOOST_TEST(r2.removals_written == 1u);

    // A fresh database: the base restored as usual, then each differential onto it, keeping collections.
    //[artifacts_restore_differential
    run("arangorestore", "--server.database dst --create-database true --input-directory " + v0.string());
    run("arangorestore",
        "--server.database dst --create-collection false --input-directory " + (t / "d1").string());
    //]
    auto back1 = dump("dst", "back1");
    auto o = ignore_rev_and_id();
    BOOST_TEST(compare_dumps(v1, back1, o).empty(), full(compare_dumps(v1, back1, o)));
    run("arangorestore",
        "--server.database dst --create-collection false --input-directory " + (t / "d2").string());
    auto back2 = dump("dst", "back2");
    BOOST_TEST(compare_dumps(v2, back2, o).empty(), full(compare_dumps(v2, back2, o)));
    BOOST_TEST(
        read_dump(back2).databases[0].find_collection("products")->document_count ==
        read_dump(v2).databases[0].find_collection("products")->document_count
    );

    // The chain applied on disk restores to the same state on another fresh database.
    //[artifacts_apply_differentials
    apply_differentials(v0, {t / "d1", t / "d2"}, t / "full"); // a full dump of the v2 state
    //]
    BOOST_TEST(compare_dumps(v2, t / "full", o).empty());
    run("arangorestore",
        "--server.database again --create-database true --input-directory " + (t / "full").string());
    auto back3 = dump("again", "back3");
    BOOST_TEST(compare_dumps(v2, back3, o).empty(), full(compare_dumps(v2, back3, o)));
}
#endif

BOOST_AUTO_TEST_SUITE_END()
