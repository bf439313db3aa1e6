// Dump diff throughput and memory: the bounded-memory (streaming) compare_dumps beside the in-memory one
// (memory_budget = 0), on two generated dumps of one big collection (docs/performance.md, "Dump diff").
//
//   dump_diff [--size-mib N] [--doc-bytes N] [--budget-mib N] [--dir D] [--keep] [--smoke]
//
// Generates two plain dumps of about N MiB each (default 1024; --smoke: 4 MiB and a 1 MiB budget, so the
// spill path runs) under D (default: a fresh directory in $TMPDIR, removed afterwards unless --keep): the
// newer one has 1 % of the documents changed, 0.5 % removed and 0.5 % added. Then it runs each diff in a
// fresh process of its own (peak RSS is per process) and prints, per mode, the seconds, MB/s of dump read
// (both dumps' bytes over the time), VmHWM (peak RSS) and the growth above the RSS before the diff. Each
// line is also printed as JSON. Both modes must report the same differences, or the exit status is 1.
//
//   dump_diff --measure streaming|in-memory LEFT RIGHT BUDGET_MIB    one mode, one JSON line (internal)
#include <arangokit/artifacts/dump_diff.hpp>

#include "bench_common.hpp"
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
namespace ak = arangokit;

namespace {

std::string md5_name(const std::string& name)
{
    return name + "_" + ak::detail::md5_hex(name);
}

struct gen_figures
{
    std::uint64_t docs = 0, bytes = 0;
};

// One database "bench" with a big collection "items" and a small "meta"; `newer` applies the changes.
gen_figures write_dump(const fs::path& dir, std::uint64_t target_bytes, std::size_t doc_bytes, bool newer)
{
    fs::create_directories(dir);
    std::ofstream(dir / "ENCRYPTION") << "none";
    std::ofstream(
        dir / "dump.json"
    ) << R"({"database":"bench","lastTickAtDumpStart":"1","useEnvelope":false})";
    gen_figures f;
    for (const std::string name : {"items", "meta"})
    {
        std::ofstream(dir / (md5_name(name) + ".structure.json"))
            << R"({"parameters":{"name":")" << name << R"(","type":2},"indexes":[]})";
        FILE* out = std::fopen((dir / (md5_name(name) + ".data.json")).c_str(), "w");
        if (!out)
            throw std::runtime_error("cannot write " + dir.string());
        std::vector<char> buf(1 << 20);
        std::setvbuf(out, buf.data(), _IOFBF, buf.size());
        std::uint64_t budget = name == "items" ? target_bytes : 4096;
        std::string pad(doc_bytes > 120 ? doc_bytes - 120 : 8, 'x');
        std::mt19937_64 g(42);
        std::uint64_t written = 0, i = 0;
        auto line = [&](const std::string& key, std::uint64_t value) {
            int n = std::fprintf(
                out,
                "{\"_key\":\"%s\",\"_rev\":\"_r%llu\",\"value\":%llu,\"name\":\"doc %s\",\"pad\":\"%s\"}\n",
                key.c_str(), static_cast<unsigned long long>(value % 997),
                static_cast<unsigned long long>(value), key.c_str(), pad.c_str()
            );
            written += static_cast<std::uint64_t>(n);
            ++f.docs;
        };
        for (; written < budget; ++i)
        {
            std::uint64_t value = g();
            std::uint64_t dice = i % 200;
            std::string key = "k" + std::to_string(i);
            if (newer && dice == 7) // 0.5 % removed
                continue;
            if (newer && (dice == 3 || dice == 103)) // 1 % changed
                value ^= 0xffff;
            line(key, value);
            if (newer && dice == 11) // 0.5 % added
                line("n" + std::to_string(i), value);
        }
        std::fclose(out);
        f.bytes += written;
    }
    return f;
}

int measure(const std::string& mode, const fs::path& left, const fs::path& right, std::size_t budget_mib)
{
    long rss_before = bench::vm_kib("VmRSS:");
    ak::dump_compare_options o;
    o.memory_budget = mode == "in-memory" ? 0 : budget_mib << 20;
    ak::dump_diff_stats stats;
    o.stats = &stats;
    auto t0 = std::chrono::steady_clock::now();
    auto d = ak::compare_dumps(left, right, o);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::uint64_t bytes = 0;
    for (const auto& dir : {left, right})
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().string().find(".data.json") != std::string::npos)
                bytes += e.file_size();
    std::size_t added = 0, removed = 0, changed = 0;
    for (const auto& c : d.collections)
        added += c.added_keys.size(), removed += c.removed_keys.size(), changed += c.changed_keys.size();
    long hwm = bench::vm_kib("VmHWM:");
    std::printf(
        "{\"mode\":\"%s\",\"seconds\":%.2f,\"dump_mb\":%.1f,\"mb_per_s\":%.1f,\"vmhwm_kib\":%ld,"
        "\"rss_before_kib\":%ld,\"budget_mib\":%zu,\"spilled_mb\":%.1f,\"partitions\":%llu,\"peak_working_"
        "kib\":%zu,"
        "\"added\":%zu,\"removed\":%zu,\"changed\":%zu}\n",
        mode.c_str(), s, bytes / 1e6, bytes / 1e6 / s, hwm, rss_before, mode == "in-memory" ? 0 : budget_mib,
        stats.spilled_bytes / 1e6, static_cast<unsigned long long>(stats.partitions),
        stats.peak_working_bytes / 1024, added, removed, changed
    );
    return 0;
}

std::string field(const std::string& json, const std::string& name)
{
    auto p = json.find("\"" + name + "\":");
    if (p == std::string::npos)
        return "?";
    p += name.size() + 3;
    auto e = json.find_first_of(",}", p);
    std::string v = json.substr(p, e - p);
    if (v.size() >= 2 && v.front() == '"')
        v = v.substr(1, v.size() - 2);
    return v;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 6 && std::string(argv[1]) == "--measure")
        return measure(argv[2], argv[3], argv[4], std::strtoull(argv[5], nullptr, 10));
    std::uint64_t size_mib = 1024;
    std::size_t doc_bytes = 400, budget_mib = 32;
    fs::path dir;
    bool keep = false;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        auto next = [&] {
            if (i + 1 >= argc)
            {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return std::string(argv[++i]);
        };
        if (a == "--size-mib")
            size_mib = std::stoull(next());
        else if (a == "--doc-bytes")
            doc_bytes = std::stoul(next());
        else if (a == "--budget-mib")
            budget_mib = std::stoul(next());
        else if (a == "--dir")
            dir = next();
        else if (a == "--keep")
            keep = true;
        else if (a == "--smoke")
            size_mib = 4, budget_mib = 1;
        else
        {
            std::fprintf(
                stderr,
                "usage: %s [--size-mib N] [--doc-bytes N] [--budget-mib N] [--dir D] [--keep] [--smoke]\n",
                argv[0]
            );
            return 2;
        }
    }
    bool made = false;
    if (dir.empty())
    {
        std::string tmpl = (fs::temp_directory_path() / "dump-diff-bench-XXXXXX").string();
        if (!::mkdtemp(tmpl.data()))
            return std::perror("mkdtemp"), 1;
        dir = tmpl;
        made = true;
    }
    auto t0 = std::chrono::steady_clock::now();
    auto l = write_dump(dir / "left", size_mib << 20, doc_bytes, false);
    auto r = write_dump(dir / "right", size_mib << 20, doc_bytes, true);
    double gen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf(
        "generated: left %.1f MB (%llu docs), right %.1f MB (%llu docs) in %.1f s\n", l.bytes / 1e6,
        static_cast<unsigned long long>(l.docs), r.bytes / 1e6, static_cast<unsigned long long>(r.docs), gen_s
    );
    int rc = 0;
    std::vector<std::string> lines;
    for (const std::string mode : {"streaming", "in-memory"})
    {
        std::string cmd = std::string("'") + argv[0] + "' --measure " + mode + " '" +
                          (dir / "left").string() + "' '" + (dir / "right").string() + "' " +
                          std::to_string(budget_mib);
        FILE* p = ::popen(cmd.c_str(), "r");
        std::string out;
        char buf[4096];
        while (p && std::fgets(buf, sizeof buf, p))
            out += buf;
        int st = p ? ::pclose(p) : -1;
        if (st != 0 || out.empty())
        {
            std::fprintf(stderr, "%s failed (status %d)\n", mode.c_str(), st);
            rc = 1;
            continue;
        }
        std::fputs(out.c_str(), stdout);
        lines.push_back(out);
    }
    std::printf("\n| mode | budget MiB | s | MB/s of dump read | VmHWM MiB | spilled MB | partitions "
                "|\n|---|---|---|---|---|---|---|\n");
    for (const auto& j : lines)
        std::printf(
            "| %s | %s | %s | %s | %.1f | %s | %s |\n", field(j, "mode").c_str(),
            field(j, "budget_mib").c_str(), field(j, "seconds").c_str(), field(j, "mb_per_s").c_str(),
            std::atof(field(j, "vmhwm_kib").c_str()) / 1024, field(j, "spilled_mb").c_str(),
            field(j, "partitions").c_str()
        );
    if (lines.size() == 2)
        for (const char* k : {"added", "removed", "changed"})
            if (field(lines[0], k) != field(lines[1], k))
            {
                std::fprintf(stderr, "the modes disagree on %s\n", k);
                rc = 1;
            }
    if (made && !keep)
        fs::remove_all(dir);
    return rc;
}
