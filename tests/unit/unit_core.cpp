// Sans-io tests of the process core: line splitting, deadlines, redaction, program resolution, results,
// error codes and the default token.
#define BOOST_TEST_MODULE arangokit_unit_core
#include <arangokit/process/detail/line_splitter.hpp>
#include <arangokit/process/tool_runner.hpp>

#include <arangokit/detail/exit_status.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
namespace ak = arangokit;
using ak::detail::line_splitter;

namespace {
struct fed
{
    std::vector<std::string> lines;
    std::vector<bool> partial, no_newline;
};
fed feed(line_splitter& sp, const std::vector<std::string>& chunks, bool finish = true)
{
    fed f;
    std::vector<ak::output_batch::entry> e;
    auto take = [&] {
        for (auto& x : e)
        {
            f.lines.emplace_back(sp.buffer().data() + x.offset, x.length);
            f.partial.push_back(x.partial);
            f.no_newline.push_back(x.no_newline);
        }
        e.clear();
    };
    for (const auto& c : chunks)
    {
        char* p = sp.prepare(c.size());
        std::memcpy(p, c.data(), c.size());
        sp.commit(c.size());
        sp.split(e);
        take();
        sp.consume();
    }
    if (finish)
    {
        sp.finish(e);
        take();
    }
    return f;
}
} // namespace

BOOST_AUTO_TEST_SUITE(line_splitter_suite)

BOOST_AUTO_TEST_CASE(lines_split_across_chunks_are_joined)
{
    line_splitter sp;
    auto f = feed(sp, {"ab", "c\nde", "f\n\ng\n"});
    BOOST_TEST((f.lines == std::vector<std::string>{"abc", "def", "", "g"}));
    BOOST_TEST(sp.lines() == 4u);
    BOOST_TEST(!sp.partial_last_line());
}

BOOST_AUTO_TEST_CASE(crlf_is_stripped_and_bare_cr_kept)
{
    line_splitter sp;
    auto f = feed(sp, {"dos\r\nmid\rdle\r", "\nend"});
    BOOST_TEST((f.lines == std::vector<std::string>{"dos", "mid\rdle", "end"}));
}

BOOST_AUTO_TEST_CASE(partial_last_line_is_delivered_and_flagged)
{
    line_splitter sp;
    auto f = feed(sp, {"one\ntwo"});
    BOOST_REQUIRE_EQUAL(f.lines.size(), 2u);
    BOOST_TEST(f.lines[1] == "two");
    BOOST_TEST(f.no_newline[1]);
    BOOST_TEST(!f.no_newline[0]);
    BOOST_TEST(sp.partial_last_line());
}

BOOST_AUTO_TEST_CASE(long_lines_arrive_in_pieces_and_are_counted)
{
    line_splitter sp(10);
    std::string big(25, 'x');
    auto f = feed(sp, {big.substr(0, 7), big.substr(7) + "\nshort\n"});
    BOOST_REQUIRE_EQUAL(f.lines.size(), 4u);
    BOOST_TEST(f.lines[0] == std::string(10, 'x'));
    BOOST_TEST(f.partial[0]);
    BOOST_TEST(f.partial[1]);
    BOOST_TEST(f.lines[2] == std::string(5, 'x'));
    BOOST_TEST(!f.partial[2]);
    BOOST_TEST(f.lines[3] == "short");
    BOOST_TEST(sp.long_lines() == 1u);
    BOOST_TEST(sp.lines() == 2u);
    std::string joined = f.lines[0] + f.lines[1] + f.lines[2];
    BOOST_TEST(joined == big);
}

BOOST_AUTO_TEST_CASE(newline_count_matches_a_scalar_count_at_every_alignment)
{
    std::string s;
    for (int i = 0; i < 9000; ++i)
        s.push_back((i * 7919) % 13 == 0 ? '\n' : static_cast<char>('a' + i % 26));
    for (std::size_t off = 0; off < 40; ++off)
        for (std::size_t len : {0ul, 1ul, 15ul, 16ul, 17ul, 255ul * 16, 255ul * 16 + 33, 8000ul})
        {
            std::size_t expect =
                static_cast<std::size_t>(std::count(s.begin() + off, s.begin() + off + len, '\n'));
            BOOST_TEST(
                ak::detail::count_newlines(s.data() + off, len) == expect, "off " << off << " len " << len
            );
        }
    std::string all(70000, '\n'); // every lane saturates: the 255-round flush must not overflow
    BOOST_TEST(ak::detail::count_newlines(all.data(), all.size()) == all.size());
}

// The count-only path must be indistinguishable from split() for what a result keeps: line and long-line
// counts, the last N lines (pieces included) and the bytes carried to the next read.
BOOST_AUTO_TEST_CASE(counting_split_equals_split_on_random_streams)
{
    std::uint64_t seed = 0x9e3779b97f4a7c15ull;
    auto rnd = [&](std::uint64_t n) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        return n ? seed % n : 0;
    };
    int fast_hits = 0;
    for (int round = 0; round < 400; ++round)
    {
        std::size_t max_line = 1 + rnd(4) * 40 + rnd(60);
        std::size_t keep = rnd(6);
        std::string stream;
        while (stream.size() < 2000)
        {
            std::size_t n = rnd(5) == 0 ? rnd(3 * max_line) : rnd(max_line / 2 + 2);
            for (std::size_t i = 0; i < n; ++i)
                stream.push_back(rnd(9) == 0 ? '\r' : static_cast<char>('a' + rnd(26)));
            stream += rnd(7) == 0 ? "\r\n" : "\n";
        }
        stream.resize(stream.size() - rnd(30));
        line_splitter a(max_line), b(max_line);
        std::deque<std::string> tail_a, tail_b;
        auto keep_tail = [&](std::deque<std::string>& t, line_splitter& sp,
                             std::vector<ak::output_batch::entry>& e) {
            std::size_t from = e.size() > keep ? e.size() - keep : 0;
            for (std::size_t i = from; i < e.size(); ++i)
                t.emplace_back(sp.buffer().data() + e[i].offset, e[i].length);
            while (t.size() > keep)
                t.pop_front();
        };
        for (std::size_t pos = 0; pos < stream.size();)
        {
            std::size_t n = std::min(stream.size() - pos, 1 + rnd(3 * max_line));
            for (line_splitter* sp : {&a, &b})
            {
                std::memcpy(sp->prepare(n), stream.data() + pos, n);
                sp->commit(n);
            }
            pos += n;
            std::vector<ak::output_batch::entry> ea, eb;
            a.split(ea);
            if (b.split_counting(eb, keep))
                ++fast_hits;
            else
                b.split(eb);
            keep_tail(tail_a, a, ea);
            keep_tail(tail_b, b, eb);
            BOOST_REQUIRE_EQUAL(a.pending_bytes(), b.pending_bytes());
            a.consume();
            b.consume();
        }
        std::vector<ak::output_batch::entry> ea, eb;
        a.finish(ea);
        b.finish(eb);
        keep_tail(tail_a, a, ea);
        keep_tail(tail_b, b, eb);
        BOOST_TEST(a.lines() == b.lines());
        BOOST_TEST(a.long_lines() == b.long_lines());
        BOOST_TEST(a.partial_last_line() == b.partial_last_line());
        BOOST_TEST((tail_a == tail_b), "round " << round);
    }
    BOOST_TEST(fast_hits > 1000); // the shortcut is actually taken, not always refused
}

BOOST_AUTO_TEST_CASE(empty_input_yields_nothing)
{
    line_splitter sp;
    auto f = feed(sp, {""});
    BOOST_TEST(f.lines.empty());
    BOOST_TEST(!sp.partial_last_line());
}

BOOST_AUTO_TEST_CASE(release_keeps_the_incomplete_tail)
{
    line_splitter sp;
    char* p = sp.prepare(16);
    std::memcpy(p, "a\nb\ncd", 6);
    sp.commit(6);
    std::vector<ak::output_batch::entry> e;
    sp.split(e);
    std::string old = sp.release({});
    BOOST_REQUIRE_EQUAL(e.size(), 2u);
    BOOST_TEST(old.substr(e[1].offset, e[1].length) == "b");
    BOOST_TEST(sp.pending_bytes() == 2u);
    e.clear();
    p = sp.prepare(4);
    std::memcpy(p, "e\n", 2);
    sp.commit(2);
    sp.split(e);
    BOOST_REQUIRE_EQUAL(e.size(), 1u);
    BOOST_TEST(sp.buffer().substr(e[0].offset, e[0].length) == "cde");
}

// Property: for every length around the multiples of the cap, fed in chunks of every size, a stream that ends
// without a newline is one line, long exactly when longer than the cap, whose pieces join to the input and
// whose last piece terminates it.
BOOST_AUTO_TEST_CASE(accounting_is_exact_for_every_length_and_chunking)
{
    for (std::size_t cap : {1u, 7u, 64u})
        for (std::size_t len = 1; len <= 4 * cap + 3; ++len)
            for (std::size_t chunk : {1ul, 3ul, cap, cap + 1, len})
            {
                line_splitter sp(cap);
                std::string input(len, 'x');
                std::vector<std::string> chunks;
                for (std::size_t p = 0; p < len; p += chunk)
                    chunks.push_back(input.substr(p, chunk));
                auto f = feed(sp, chunks);
                std::string joined;
                for (auto& l : f.lines)
                {
                    BOOST_TEST_REQUIRE(l.size() <= cap);
                    joined += l;
                }
                BOOST_TEST_REQUIRE(joined == input, "cap " << cap << " len " << len << " chunk " << chunk);
                BOOST_TEST_REQUIRE(sp.lines() == 1u);
                BOOST_TEST_REQUIRE(sp.long_lines() == (len > cap ? 1u : 0u), "cap " << cap << " len " << len);
                BOOST_TEST_REQUIRE(sp.partial_last_line());
                BOOST_TEST_REQUIRE(!f.partial.back(), "cap " << cap << " len " << len << " chunk " << chunk);
                BOOST_TEST_REQUIRE(f.no_newline.back());
                for (std::size_t i = 0; i + 1 < f.partial.size(); ++i)
                    BOOST_TEST_REQUIRE(f.partial[i]);
            }
}

// Property: a secret at any offset, fed in chunks of any size, is replaced before lines are cut, so no line
// or piece holds it or a fragment of it; final_end() never passes bytes that a secret may still change.
BOOST_AUTO_TEST_CASE(secrets_are_redacted_across_chunks_and_pieces)
{
    const std::string secret = "hunter2-xyz";
    for (std::size_t cap : {4u, 16u, 1024u})
        for (std::size_t off = 0; off < 30; ++off)
            for (std::size_t chunk : {1ul, 5ul, 13ul, 64ul})
            {
                std::string input = std::string(off, 'a') + secret + "bb" + secret + "\n" + secret;
                std::string expect = std::string(off, 'a') + "********bb********" + "********";
                line_splitter sp(cap);
                sp.set_secrets({secret});
                std::vector<std::string> chunks;
                for (std::size_t p = 0; p < input.size(); p += chunk)
                    chunks.push_back(input.substr(p, chunk));
                auto f = feed(sp, chunks);
                std::string joined;
                for (auto& l : f.lines)
                    joined += l;
                BOOST_TEST_REQUIRE(joined == expect, "cap " << cap << " off " << off << " chunk " << chunk);
            }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(deadline_suite)

BOOST_AUTO_TEST_CASE(none_is_latest_and_earliest_picks_the_sooner)
{
    auto a = ak::deadline::after(1s), b = ak::deadline::after(5s);
    BOOST_TEST(earliest(a, b) == a);
    BOOST_TEST(earliest(b, a) == a);
    BOOST_TEST(earliest(ak::deadline::none(), b) == b);
    BOOST_TEST(earliest(a, ak::deadline::none()) == a);
    BOOST_TEST(earliest(ak::deadline::none(), ak::deadline::none()).is_none());
}

BOOST_AUTO_TEST_CASE(remaining_and_clamp)
{
    auto d = ak::deadline::after(10s);
    BOOST_TEST((d.remaining() <= std::chrono::steady_clock::duration(10s)));
    BOOST_TEST((d.remaining() > std::chrono::steady_clock::duration(9s)));
    BOOST_TEST((d.clamp(1s) == std::chrono::steady_clock::duration(1s)));
    BOOST_TEST((d.clamp(1h) <= std::chrono::steady_clock::duration(10s)));
    auto past = ak::deadline::after(-1s);
    BOOST_TEST(past.expired());
    BOOST_TEST((past.remaining() == std::chrono::steady_clock::duration::zero()));
    BOOST_TEST(!ak::deadline::none().expired());
    BOOST_TEST((ak::deadline::none().remaining() == std::chrono::steady_clock::duration::max()));
}

BOOST_AUTO_TEST_CASE(optional_timeout_and_scaling)
{
    std::optional<std::chrono::milliseconds> none;
    BOOST_TEST(ak::deadline::after(none).is_none());
    auto d = ak::deadline::after(std::optional<std::chrono::milliseconds>(1000ms)).scaled(3.0);
    BOOST_TEST((d.remaining() > std::chrono::steady_clock::duration(2900ms)));
    BOOST_TEST(ak::deadline::none().scaled(2.0).is_none());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(result_suite)

BOOST_AUTO_TEST_CASE(redaction_replaces_every_occurrence)
{
    auto s = ak::detail::redact("--server.password=hunter2 x hunter2", {"hunter2"});
    BOOST_TEST(s == "--server.password=******** x ********");
    BOOST_TEST(ak::detail::redact("abc", {""}) == "abc");
}

BOOST_AUTO_TEST_CASE(command_line_quotes_what_needs_quoting)
{
    ak::tool_result r;
    r.argv = {"/bin/arangodump", "--output-directory", "/tmp/a b", "it's", "--x=1"};
    BOOST_TEST(r.command_line() == "/bin/arangodump --output-directory '/tmp/a b' 'it'\\''s' --x=1");
}

BOOST_AUTO_TEST_CASE(wait_status_classification)
{
    ak::tool_result r;
    ak::detail::apply_wait_status(r, 3 << 8, ak::end_reason::not_started);
    BOOST_TEST(r.exit_code.value() == 3);
    BOOST_TEST(r.classify() == ak::errc::nonzero_exit);
    BOOST_TEST(!r.ok());
    ak::tool_result s;
    ak::detail::apply_wait_status(s, SIGSEGV | 0x80, ak::end_reason::not_started);
    BOOST_TEST(s.term_signal == SIGSEGV);
    BOOST_TEST(s.core_dumped);
    BOOST_TEST(s.classify() == ak::errc::killed_by_signal);
    BOOST_TEST(s.shell_exit_code() == 128 + SIGSEGV);
    ak::tool_result d;
    ak::detail::apply_wait_status(d, SIGTERM, ak::end_reason::deadline);
    BOOST_TEST(d.classify() == ak::errc::deadline_exceeded);
    BOOST_TEST(d.timed_out());
    ak::tool_result c;
    ak::detail::apply_wait_status(c, 0, ak::end_reason::cancelled);
    BOOST_TEST(c.classify() == boost::asio::error::operation_aborted);
    ak::tool_result ok;
    ak::detail::apply_wait_status(ok, 0, ak::end_reason::not_started);
    BOOST_TEST(ok.ok());
    BOOST_TEST(!ok.classify());
}

BOOST_AUTO_TEST_CASE(errc_messages_and_category)
{
    ak::error_code ec = ak::errc::deadline_exceeded;
    BOOST_TEST(ec.category().name() == std::string("arangokit"));
    BOOST_TEST(ec.message() == "deadline exceeded");
    BOOST_TEST(ec != boost::asio::error::operation_aborted);
    for (int i = 1; i <= static_cast<int>(ak::errc::member_failed); ++i)
        BOOST_TEST(ak::error_code(i, ak::arangokit_category()).message() != "unknown arangokit error");
}

BOOST_AUTO_TEST_CASE(tool_error_what_has_command_outcome_and_stderr_tail)
{
    ak::tool_result r;
    r.label = "arangodump";
    r.argv = {"arangodump", "--x"};
    r.reason = ak::end_reason::exited;
    r.exit_code = 1;
    r.err.tail = {"first", "ERROR cannot connect"};
    ak::tool_error e(ak::errc::nonzero_exit, r);
    std::string w = e.what();
    BOOST_TEST(w.find("arangodump: exit 1") != std::string::npos);
    BOOST_TEST(w.find("command: arangodump --x") != std::string::npos);
    BOOST_TEST(w.find("ERROR cannot connect") != std::string::npos);
    BOOST_TEST(e.result().exit_code.value() == 1);
    BOOST_TEST(e.code() == ak::errc::nonzero_exit);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(resolve_suite)

BOOST_AUTO_TEST_CASE(missing_program_names_every_place_searched)
{
    ak::error_code ec;
    std::string msg;
    auto p =
        ak::detail::resolve_program("no-such-tool-xyz", {"/nonexistent/a", "/nonexistent/b"}, false, ec, msg);
    BOOST_TEST(p.empty());
    BOOST_TEST(ec == ak::errc::tool_not_found);
    BOOST_TEST(msg.find("/nonexistent/a") != std::string::npos);
    BOOST_TEST(msg.find("/nonexistent/b") != std::string::npos);
    BOOST_TEST(msg.find("bin_dirs") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bin_dirs_come_before_path_and_non_executables_are_reported)
{
    auto dir = std::filesystem::temp_directory_path() / ("ak_resolve_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    {
        std::ofstream(dir / "sh") << "#!/bin/sh\n";
        std::ofstream(dir / "noexec") << "x";
    }
    ::chmod((dir / "sh").c_str(), 0755);
    ::chmod((dir / "noexec").c_str(), 0644);
    ak::error_code ec;
    std::string msg;
    auto p = ak::detail::resolve_program("sh", {dir}, true, ec, msg);
    BOOST_TEST(!ec);
    BOOST_TEST(p == dir / "sh");
    p = ak::detail::resolve_program("noexec", {dir}, false, ec, msg);
    BOOST_TEST(ec == ak::errc::not_executable);
    BOOST_TEST(msg.find("not executable") != std::string::npos);
    p = ak::detail::resolve_program((dir / "missing").string(), {}, true, ec, msg);
    BOOST_TEST(ec == ak::errc::tool_not_found);
    p = ak::detail::resolve_program("sh", {}, true, ec, msg);
    BOOST_TEST(!ec);
    BOOST_TEST(p.filename() == "sh");
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(environment_inherits_removes_and_adds)
{
    ::setenv("AK_UNIT_KEEP", "1", 1);
    ::setenv("AK_UNIT_DROP", "1", 1);
    ak::environment_spec spec;
    spec.unset = {"AK_UNIT_DROP"};
    spec.set = {{"AK_UNIT_NEW", "v"}, {"AK_UNIT_KEEP", "2"}};
    auto env = ak::detail::build_environment(spec);
    auto has = [&](const std::string& kv) { return std::find(env.begin(), env.end(), kv) != env.end(); };
    BOOST_TEST(has("AK_UNIT_NEW=v"));
    BOOST_TEST(has("AK_UNIT_KEEP=2"));
    BOOST_TEST(!has("AK_UNIT_KEEP=1"));
    for (auto& kv : env)
        BOOST_TEST(kv.rfind("AK_UNIT_DROP=", 0) != 0u);
    spec.inherit = false;
    env = ak::detail::build_environment(spec);
    BOOST_TEST(env.size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(event_suite)

BOOST_AUTO_TEST_CASE(events_serialize_to_json_lines)
{
    ak::tool_result r;
    r.reason = ak::end_reason::exited;
    r.exit_code = 0;
    ak::tool_event e;
    e.kind = ak::event_kind::finished;
    e.label = "arangodump";
    e.pid = 42;
    e.result = &r;
    auto v = boost::json::parse(ak::to_json(e)).as_object();
    BOOST_TEST(v.at("event").as_string() == "finished");
    BOOST_TEST(v.at("pid").as_int64() == 42);
    BOOST_TEST(v.at("result").as_object().at("exit_code").as_int64() == 0);
    std::ostringstream os;
    ak::jsonl_event_sink sink(os);
    sink.on_event(e);
    sink.on_event(e);
    std::string out = os.str();
    BOOST_TEST(std::count(out.begin(), out.end(), '\n') == 2);
}

// The process core writes its JSON itself: every byte a tool can print must come back from a JSON parser as
// the same text (or U+FFFD where the bytes were not UTF-8), and numbers must stay numbers.
BOOST_AUTO_TEST_CASE(event_json_survives_every_byte_and_a_real_parser)
{
    std::string all;
    for (int c = 1; c < 256; ++c)
        all += static_cast<char>(c);
    std::string ascii = all.substr(0, 127); // 0x01..0x7f: valid UTF-8 as it is
    std::string text = "quote\" \\ back \u00e9 \xc3\xa9 " + ascii;
    ak::tool_result r;
    r.reason = ak::end_reason::signaled;
    r.term_signal = 9;
    r.elapsed = std::chrono::microseconds(1250);
    r.error_message = std::string(
        "bad\xff\xfe"
        "bytes\0tail",
        15
    );
    ak::tool_event e;
    e.kind = ak::event_kind::line;
    e.label = std::string("lab\0el", 6);
    e.text = text;
    e.result = &r;
    auto v = boost::json::parse(ak::to_json(e)).as_object();
    BOOST_TEST(v.at("text").as_string() == text);
    BOOST_TEST(v.at("label").as_string() == std::string("lab\0el", 6));
    BOOST_TEST(v.at("stream").as_string() == "stdout");
    auto& res = v.at("result").as_object();
    BOOST_TEST(res.at("signal").as_int64() == 9);
    BOOST_TEST(res.at("elapsed_ms").to_number<double>() == 1.25);
    BOOST_TEST(res.at("core_dumped").as_bool() == false);
    BOOST_TEST(
        res.at("error").as_string() == std::string(
                                           "bad\xef\xbf\xbd\xef\xbf\xbd"
                                           "bytes\0tail",
                                           19
                                       )
    );
    // Invalid UTF-8 in the text is repaired, never passed through raw.
    e.text = all.substr(127);
    auto w = boost::json::parse(ak::to_json(e)).as_object();
    BOOST_TEST(w.at("text").as_string().find("\xef\xbf\xbd") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
