// Lines per second through each tool's output parser, on a realistic mix of that tool's output and on lines
// that match no pattern, next to the bare line splitter (find '\n', touch the line) on the same text.
//
//   parser_throughput [--lines N] [--reps R] [--smoke] [--json FILE]
//
// Prints one row per parser and input; the ratio is the parser's time over the splitter's time (1.0 = as
// fast as splitting). Goals: >= 5 M lines/s on non-matching lines, >= 1 M lines/s on the mix. Times are the
// thread's CPU time (best of the repetitions), so that a busy shared machine does not count its other work.
#include <arangokit/arango/parsers/arangobackup.hpp>
#include <arangokit/arango/parsers/arangobench.hpp>
#include <arangokit/arango/parsers/arangodump.hpp>
#include <arangokit/arango/parsers/arangoexport.hpp>
#include <arangokit/arango/parsers/arangoimport.hpp>
#include <arangokit/arango/parsers/arangorestore.hpp>
#include <arangokit/arango/parsers/arangosh.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <time.h>
#include <vector>

namespace {

std::string prefix(std::size_t i, const char* level, const char* id, const char* topic)
{
    char b[96];
    std::snprintf(
        b, sizeof b, "2025-02-11T08:%02zu:%02zu.%06zuZ [5177-%zu] %s [%s] {%s} ", (i / 60) % 60, i % 60,
        (i * 7919) % 1000000, 1 + i % 4, level, id, topic
    );
    return b;
}

// A realistic stream per tool: mostly the progress and per-collection lines the tool prints, a few warnings
// and errors (with HTTP status and error number), summaries.
std::string mix(const std::string& tool, std::size_t lines)
{
    std::string out;
    out.reserve(lines * 120);
    for (std::size_t i = 0; i < lines; ++i)
    {
        std::string c = "coll" + std::to_string(i % 97);
        std::size_t k = i % 20;
        if (k == 19)
            out +=
                prefix(i, "ERROR", "a595a", tool.c_str() + 5) + "cannot restore data into collection '" + c +
                "': got invalid response from server: HTTP 409: 'unique constraint violated' while executing "
                "'PUT /_api/replication/restore-data?collection=" +
                c + "'";
        else if (k == 17)
            out += prefix(i, "WARNING", "4e57b", tool.c_str() + 5) + "Requested collection '" + c +
                   "' not found in database 'shop'";
        else if (i % 1000 == 999 && (tool == "arangodump" || tool == "arangorestore" || tool == "arangoexport"))
            out +=
                prefix(i, "INFO", "66c0e", tool.c_str() + 5) + "Processed " + std::to_string(i) +
                " collection(s) from 1 database(s) in 0.132990 s total time. Wrote 0 bytes into datafiles, "
                "sent 6 batch(es) in total.";
        else if (tool == "arangodump")
            out += k % 2 ? prefix(i, "INFO", "8aa04", "dump") + "# Dumping collection '" + c + "'..."
                         : prefix(i, "INFO", "8aa05", "dump") + "# Dumping shard 's10" +
                               std::to_string(i % 89) + "' from DBserver 'PRMR-3a0b3c1d-000" +
                               std::to_string(i % 3) + "' ...";
        else if (tool == "arangorestore")
            out += k % 2 ? prefix(i, "INFO", "6ae09", "restore") + "# Re-creating document collection '" + c +
                               "'..."
                         : prefix(i, "INFO", "94913", "restore") +
                               "# Loading data into document collection '" + c + "', data size: 2256 byte(s)";
        else if (tool == "arangoimport")
            out += k % 2 ? prefix(i, "INFO", "9ddf3", "general") + "processed " + std::to_string(i * 1024) +
                               " bytes (" + std::to_string(i % 100) + "%)"
                         : std::string("created:          ") + std::to_string(i);
        else if (tool == "arangoexport")
            out += k % 2 ? "# Exporting collection '" + c + "'..."
                         : prefix(i, "INFO", "9ddf3", "export") + "# Exporting collection '" + c + "'...";
        else if (tool == "arangobench")
            out += k % 2 ? prefix(i, "INFO", "c3604", "bench") + "number of operations: " + std::to_string(i)
                         : std::string("Operations per second rate: 12345.678900");
        else if (tool == "arangobackup")
            out += k % 2 ? prefix(i, "INFO", "a0fd3", "backup") +
                               "Last progress update 2025-02-11T08:19:50Z: " + std::to_string(i % 10) +
                               "/10 files done"
                         : prefix(i, "INFO", "a0fd2", "backup") + "SNGL Status: STARTED";
        else // arangosh: script output with an occasional exception
            out += k % 2 ? "document " + std::to_string(i) + " of " + c + " has 12 attributes"
                         : std::string("{ \"_key\" : \"k") + std::to_string(i) + "\", \"value\" : 42 }";
        out += '\n';
    }
    return out;
}

// Lines no parser has a pattern for: a chatty script's or a retry loop's free text (no prefix, no quote).
std::string non_matching(std::size_t lines)
{
    std::string out;
    out.reserve(lines * 72);
    for (std::size_t i = 0; i < lines; ++i)
    {
        out +=
            "step " + std::to_string(i) + " of the nightly consistency check: 17 items compared, all equal";
        out += '\n';
    }
    return out;
}

std::size_t count_lines(const std::string& s)
{
    return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

volatile std::size_t sink = 0;

// The bare line splitter: what any line-oriented reader must do at least.
void split_only(const std::string& text)
{
    std::string_view t = text;
    std::size_t sum = 0;
    while (!t.empty())
    {
        auto nl = t.find('\n');
        std::string_view line = t.substr(0, nl);
        sum += line.size() + static_cast<unsigned char>(line.empty() ? 0 : line[0]);
        if (nl == std::string_view::npos)
            break;
        t.remove_prefix(nl + 1);
    }
    sink = sink + sum;
}

template <class Parser> void parse(const std::string& text)
{
    Parser p;
    p.feed_text(text);
    sink = sink + p.report().lines + p.report().diagnostics().size();
}

// The thread's CPU time, not the wall clock: on a shared machine the wall clock counts the time other
// processes had the core; the CPU time is what the parsing cost.
double cpu_seconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double best_seconds(const std::function<void()>& f, int reps)
{
    double best = 1e300;
    for (int r = 0; r < reps; ++r)
    {
        double t0 = cpu_seconds();
        f();
        best = std::min(best, cpu_seconds() - t0);
    }
    return best;
}

} // namespace

int main(int argc, char** argv)
{
    std::size_t lines = 400000;
    int reps = 5;
    const char* json = nullptr;
    for (int i = 1; i < argc; ++i)
    {
        if (!std::strcmp(argv[i], "--lines") && i + 1 < argc)
            lines = std::strtoul(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--smoke"))
        {
            lines = 2000;
            reps = 1;
        }
        else if (!std::strcmp(argv[i], "--json") && i + 1 < argc)
            json = argv[++i];
        else
        {
            std::fprintf(stderr, "usage: parser_throughput [--lines N] [--reps R] [--smoke] [--json FILE]\n");
            return 2;
        }
    }
    if (lines == 0 || reps <= 0)
    {
        std::fprintf(stderr, "parser_throughput: --lines and --reps must be positive\n");
        return 2;
    }
    using namespace arangokit;
    struct tool
    {
        const char* name;
        void (*run)(const std::string&);
    };
    const tool tools[] = {
        {"arangodump", parse<arangodump_parser>},     {"arangorestore", parse<arangorestore_parser>},
        {"arangoimport", parse<arangoimport_parser>}, {"arangoexport", parse<arangoexport_parser>},
        {"arangobench", parse<arangobench_parser>},   {"arangobackup", parse<arangobackup_parser>},
        {"arangosh", parse<arangosh_parser>},
    };
    std::string none = non_matching(lines);
    std::FILE* jf = json ? std::fopen(json, "w") : nullptr;
    if (json && !jf)
    {
        std::fprintf(stderr, "parser_throughput: cannot write %s\n", json);
        return 1;
    }
    std::printf("%-14s %-13s %12s %12s %8s\n", "parser", "input", "lines/s", "split l/s", "ratio");
    bool goals = true;
    for (const auto& t : tools)
    {
        std::string m = mix(t.name, lines);
        for (int which = 0; which < 2; ++which)
        {
            const std::string& text = which ? m : none;
            std::size_t n = count_lines(text);
            double split = best_seconds([&] { split_only(text); }, reps);
            double secs = best_seconds([&] { t.run(text); }, reps);
            double lps = static_cast<double>(n) / secs;
            double goal = which ? 1e6 : 5e6;
            goals = goals && lps >= goal;
            std::printf(
                "%-14s %-13s %12.0f %12.0f %8.1f%s\n", t.name, which ? "mix" : "non-matching", lps,
                static_cast<double>(n) / split, secs / split, lps >= goal ? "" : "  (below goal)"
            );
            if (jf)
                std::fprintf(
                    jf,
                    "{\"parser\":\"%s\",\"input\":\"%s\",\"lines\":%zu,\"lines_per_s\":%.0f,"
                    "\"split_lines_per_s\":%.0f,\"ratio\":%.3f}\n",
                    t.name, which ? "mix" : "non-matching", n, lps, static_cast<double>(n) / split,
                    secs / split
                );
        }
    }
    if (jf)
        std::fclose(jf);
    std::printf("goals (>= 5M lines/s non-matching, >= 1M lines/s mix): %s\n", goals ? "met" : "NOT met");
    return 0;
}
