// Reports for result processing: JUnit XML (checked against tests/fixtures/junit-10.xsd with xmllint), the
// JSON summary, the terminal table, the progress line (on a terminal only).
#define BOOST_TEST_MODULE arangokit_reports
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/reports.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "helper_child.hpp"
#include "run_coro.hpp"
#include "test_paths.hpp"
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace ak = arangokit;
namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ak::test::run_coro;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> as_tuple{};

namespace {

constexpr auto cmd = &ak::test::helper_cmd;

fs::path temp_dir(const std::string& name)
{
    auto d = fs::temp_directory_path() / ("ak_reports_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

std::string schema()
{
    return ak::test::source_dir() + "/tests/fixtures/junit-10.xsd";
}

// xmllint's exit status and what it said.
std::pair<int, std::string> xmllint(const fs::path& file)
{
    std::string c = "xmllint --noout --schema '" + schema() + "' '" + file.string() + "' 2>&1";
    std::string out;
    FILE* p = ::popen(c.c_str(), "r");
    BOOST_REQUIRE_MESSAGE(p, "cannot run xmllint");
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p))
        out.append(buf, n);
    int st = ::pclose(p);
    return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

std::string slurp(const fs::path& p)
{
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Real runs of every kind: a pass, a failure with hostile stderr, a crash, a deadline, a program that is not
// there; a group with a stopped member; a step judged by the program itself.
ak::result_report sample_report()
{
    ak::result_report rep;
    rep.name = "reports <test> & \"co\"";
    run_coro([&rep](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        auto ok = cmd({"print", "hello <world> & ]]> done", "exit", "0"});
        //[fill_tool
        auto [e1, r1] = co_await r.async_run(ok, as_tuple);
        rep.add(r1, "prints and passes", "1 line"); // a tool_result, the step's name, key figures
        //]
        // Control characters, a terminal colour, bytes that are not UTF-8, markup and a CDATA end.
        auto bad =
            cmd({"eprint", "err\x01\x02 \x1b[31mred\x1b[0m \xff\xfe <b>&amp;</b> ]]> \x7f end", "exit", "3"});
        auto [e2, r2] = co_await r.async_run(bad, as_tuple);
        rep.add(r2, "fails with exit 3");
        auto crash = cmd({"crash", "SIGSEGV"});
        auto [e3, r3] = co_await r.async_run(crash, as_tuple);
        rep.add(r3, "crashes");
        auto slow = cmd({"sleep", "5000"});
        slow.timeout = 100ms;
        auto [e4, r4] = co_await r.async_run(slow, as_tuple);
        rep.add(r4, "runs into its deadline");
        ak::command missing;
        missing.program = "/nonexistent/ak-no-such-tool";
        auto [e5, r5] = co_await r.async_run(missing, as_tuple);
        rep.add(r5, "is not there");

        ak::group_result g;
        g.name = "writers";
        ak::member_result a;
        a.index = 0;
        a.label = "writer-0";
        a.is_tool = true;
        a.tool = r1;
        a.outcome = ak::member_outcome::succeeded;
        a.iterations = 42;
        a.elapsed = 1500ms;
        ak::member_result b;
        b.index = 1;
        b.label = "writer-1";
        b.is_tool = true;
        b.tool = r4;
        b.outcome = ak::member_outcome::stopped;
        b.stopped_because = ak::stop_cause::member_failed;
        b.stop_detail = "member 'writer-2' failed: exit 3";
        ak::member_result c;
        c.index = 2;
        c.label = "writer-2";
        c.is_tool = true;
        c.tool = r2;
        c.outcome = ak::member_outcome::failed;
        c.message = "exit 3";
        g.members = {a, b, c};
        //[fill_group
        rep.add(g); // one entry per member, its suite the group's name
        //]
    });
    //[fill_entry
    ak::report_entry cmp; // a step that is not a tool run
    cmp.name = "compare dumps";
    cmp.tool = "arangokit";
    cmp.status = ak::entry_status::failed;
    cmp.outcome = "differ";
    cmp.message = "collection 'orders': 3 documents differ";
    cmp.time = 250ms;
    rep.add(cmp);
    //]
    return rep;
}

} // namespace

BOOST_AUTO_TEST_CASE(junit_xml_of_real_runs_validates_against_the_schema)
{
    auto rep = sample_report();
    BOOST_TEST(rep.count(ak::entry_status::passed) == 2u);  // the pass and writer-0
    BOOST_TEST(rep.count(ak::entry_status::failed) == 5u);  // exit 3, crash, deadline, writer-2, compare
    BOOST_TEST(rep.count(ak::entry_status::error) == 1u);   // not there
    BOOST_TEST(rep.count(ak::entry_status::skipped) == 1u); // writer-1, stopped by the group
    auto dir = temp_dir("junit");
    auto file = dir / "junit.xml";
    //[write
    ak::write_junit_xml(rep, file); // throws boost::system::system_error
    ak::error_code ec;
    ak::write_json_summary(rep, dir / "summary.json", ec); // or reports the failure in ec
    //]
    BOOST_TEST(!ec);
    auto [rc, said] = xmllint(file);
    BOOST_TEST(rc == 0, "xmllint: " << said);
    std::string x = slurp(file);
    for (char c : x)
    {
        auto u = static_cast<unsigned char>(c);
        BOOST_TEST_REQUIRE(
            (u >= 0x20 || c == '\n' || c == '\t' || c == '\r'), "control character " << int(u)
        );
        BOOST_TEST_REQUIRE(u != 0x7f);
    }
    BOOST_TEST(x.find("\xff") == std::string::npos);
    BOOST_TEST(x.find("[31m") == std::string::npos); // the colour went as a whole
    BOOST_TEST(x.find("red") != std::string::npos);
    BOOST_TEST(x.find("hello &lt;world&gt; &amp; ]]&gt; done") != std::string::npos);
    BOOST_TEST(x.find("&lt;b&gt;&amp;amp;&lt;/b&gt;") != std::string::npos);
    BOOST_TEST(
        x.find("<testsuites name=\"reports &lt;test&gt; &amp; &quot;co&quot;\" tests=\"9\" failures=\"5\" "
               "errors=\"1\" skipped=\"1\"") != std::string::npos
    );
    BOOST_TEST(x.find("<testsuite name=\"writers\"") != std::string::npos);
    BOOST_TEST(x.find("<failure message=\"ak_helper: killed by signal 11") != std::string::npos);
    BOOST_TEST(x.find("<error message=") != std::string::npos);
    BOOST_TEST(
        x.find("<skipped message=\"member &apos;writer-2&apos; failed: exit 3\"") != std::string::npos
    );
    BOOST_TEST(x.find("--- stderr, last 1 line(s) ---") != std::string::npos);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(the_schema_check_can_fail)
{
    // The xmllint ctest is only worth something if a broken report fails it.
    auto dir = temp_dir("junit_bad");
    auto file = dir / "bad.xml";
    {
        std::ofstream f(file);
        f << "<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"s\" tests=\"1\"><testcase time=\"-1\"/>"
             "</testsuite></testsuites>\n";
    }
    auto [rc, said] = xmllint(file);
    BOOST_TEST(rc != 0);
    BOOST_TEST(said.find("name") != std::string::npos);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(an_empty_report_is_valid_junit)
{
    ak::result_report rep;
    auto dir = temp_dir("junit_empty");
    ak::write_junit_xml(rep, dir / "e.xml");
    auto [rc, said] = xmllint(dir / "e.xml");
    BOOST_TEST(rc == 0, said);
    BOOST_TEST(!rep.all_ok()); // nothing reported is not a success
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(writing_to_a_missing_directory_is_an_error_code)
{
    ak::result_report rep;
    ak::error_code ec;
    ak::write_junit_xml(rep, "/nonexistent-dir/ak/junit.xml", ec);
    BOOST_TEST(!!ec);
    BOOST_CHECK_THROW(ak::write_json_summary(rep, "/nonexistent-dir/ak/s.json"), boost::system::system_error);
}

BOOST_AUTO_TEST_CASE(json_summary_follows_its_schema)
{
    auto rep = sample_report();
    auto v = boost::json::parse(ak::to_json_summary(rep)).as_object();
    BOOST_TEST(v.at("schema") == "arangokit.report.v1");
    BOOST_TEST(v.at("ok") == false);
    const auto& counts = v.at("counts").as_object();
    BOOST_TEST(counts.at("total").as_int64() == 9);
    BOOST_TEST(counts.at("passed").as_int64() == 2);
    BOOST_TEST(counts.at("failed").as_int64() == 5);
    BOOST_TEST(counts.at("error").as_int64() == 1);
    BOOST_TEST(counts.at("skipped").as_int64() == 1);
    BOOST_TEST(v.at("started_at").as_string().size() == 24u); // 2026-12-04T10:00:00.000Z
    const auto& es = v.at("entries").as_array();
    BOOST_REQUIRE(es.size() == 9u);
    const auto& first = es[0].as_object();
    BOOST_TEST(first.at("name") == "prints and passes");
    BOOST_TEST(first.at("status") == "passed");
    BOOST_TEST(first.at("exit_code").as_int64() == 0);
    BOOST_TEST(first.at("figures") == "1 line");
    BOOST_TEST(first.at("stdout_tail").as_array().at(0) == "hello <world> & ]]> done");
    BOOST_TEST(first.at("peak_rss_kib").as_int64() > 0);
    const auto& second = es[1].as_object();
    BOOST_TEST(second.at("status") == "failed");
    BOOST_TEST(second.at("outcome") == "exit 3");
    BOOST_TEST(second.at("message").as_string().size() > 0u);
    BOOST_TEST(second.at("stderr_tail").as_array().size() == 1u);
    BOOST_TEST(es[4].as_object().at("status") == "error");
    BOOST_TEST(es[6].as_object().at("suite") == "writers");
    BOOST_TEST(es[6].as_object().at("status") == "skipped");
    BOOST_TEST(es[5].as_object().at("figures") == "42 iterations");
}

BOOST_AUTO_TEST_CASE(the_summary_table_has_a_row_per_entry)
{
    ak::result_report rep;
    ak::report_entry a;
    a.name = "import 20000 orders";
    a.tool = "arangoimport";
    a.outcome = "ok";
    a.time = 1234ms;
    a.figures = "created 20000, errors 0";
    rep.add(a);
    ak::report_entry b;
    b.name = "a step with a longer name than 26";
    b.tool = "arangodump";
    b.status = ak::entry_status::failed;
    b.outcome = "exit 1";
    b.time = 20ms;
    rep.add(b);
    std::string t = ak::format_summary_table(rep);
    std::istringstream in(t);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);)
        lines.push_back(l);
    BOOST_REQUIRE(lines.size() == 4u);
    BOOST_TEST(lines[0].rfind("step", 0) == 0u);
    BOOST_TEST(lines[0].find("key figures") != std::string::npos);
    BOOST_TEST(lines[1] == std::string(100, '-'));
    BOOST_TEST(lines[2].find("import 20000 orders") == 0u);
    BOOST_TEST(lines[2].find("1.23  created 20000, errors 0") != std::string::npos);
    // The first column grew to the longest name: the tool column starts at the same place in every row.
    auto col = lines[3].find("arangodump");
    BOOST_TEST(col == b.name.size() + 1);
    BOOST_TEST(lines[2].find("arangoimport") == col);
    BOOST_TEST(lines[0].find("tool") == col);
    BOOST_TEST(t.back() == '\n');
}

BOOST_AUTO_TEST_CASE(the_progress_line_is_silent_when_not_a_terminal)
{
    int p[2];
    BOOST_REQUIRE(::pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0);
    ak::progress_line pl(p[1]);
    BOOST_TEST(!pl.enabled());
    ak::tool_event e;
    e.kind = ak::event_kind::progress;
    e.label = "arangoimport";
    e.text = "processed 1.0 MB (40%)";
    pl.on_event(e);
    pl.clear();
    BOOST_TEST(pl.redraws() == 0u);
    char buf[16];
    BOOST_TEST(::read(p[0], buf, sizeof buf) == -1); // nothing was written
    ::close(p[0]);
    ::close(p[1]);
}

BOOST_AUTO_TEST_CASE(the_progress_line_draws_on_a_terminal_and_goes_away)
{
    int m = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    BOOST_REQUIRE(m >= 0);
    BOOST_REQUIRE(::grantpt(m) == 0 && ::unlockpt(m) == 0);
    int s = ::open(::ptsname(m), O_RDWR | O_NOCTTY | O_CLOEXEC);
    BOOST_REQUIRE(s >= 0);
    ::fcntl(m, F_SETFL, O_NONBLOCK);
    auto drain = [m] {
        std::string out;
        char buf[4096];
        for (ssize_t n; (n = ::read(m, buf, sizeof buf)) > 0;)
            out.append(buf, static_cast<std::size_t>(n));
        return out;
    };
    {
        ak::progress_line pl(s, 0ms);
        BOOST_TEST(pl.enabled());
        ak::tool_event e;
        e.kind = ak::event_kind::started;
        e.label = "arangoimport";
        pl.on_event(e);
        BOOST_TEST(pl.redraws() == 0u); // no progress yet: nothing to show
        e.kind = ak::event_kind::progress;
        e.text = "processed 1.0 MB (40%)\r";
        pl.on_event(e);
        e.label = "arangodump";
        e.text = "# Dumping collection 'orders'...";
        pl.on_event(e);
        std::string shown = drain();
        BOOST_TEST(shown.find("[arangoimport ") != std::string::npos);
        BOOST_TEST(shown.find("processed 1.0 MB (40%) | [arangodump ") != std::string::npos);
        BOOST_TEST(shown.find("\x1b[K") != std::string::npos);
        e.kind = ak::event_kind::finished;
        e.label = "arangoimport";
        pl.on_event(e);
        e.label = "arangodump";
        pl.on_event(e);
        std::string after = drain();
        // The last write erases the line.
        BOOST_TEST(after.size() >= 4u);
        BOOST_TEST(after.substr(after.size() - 4) == "\r\x1b[K");
        BOOST_TEST(pl.redraws() == 4u);
    }
    ::close(s);
    ::close(m);
}
