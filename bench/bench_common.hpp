// Helpers shared by the C++ benchmark programs (ak_bench, bp2_bench, group_stop): the process's own resource
// figures, read the same way in every implementation so that their columns compare.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <sys/resource.h>

namespace bench {

/// The process's own CPU time (user + system) in ms: W5 reports how much of the stop window the parent used.
inline double cpu_ms()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

/// A field of /proc/self/status in KiB ("VmRSS:", "VmHWM:"); -1 if absent.
inline long vm_kib(const char* field)
{
    std::ifstream st("/proc/self/status");
    std::string line;
    std::size_t k = std::strlen(field);
    while (std::getline(st, line))
        if (line.compare(0, k, field) == 0)
            return std::atol(line.c_str() + k);
    return -1;
}

/// W5 keeps a thousand children with three descriptors each alive at once.
inline void raise_fd_limit()
{
    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
}

/// The extra JSON fields of a W5 record, shared by every implementation's record.
inline std::string w5_fields(int n, double start_ms, double stop_cpu_ms, long before, long after)
{
    char extra[288];
    std::snprintf(
        extra, sizeof extra,
        "\"members\":%d,\"start_ms\":%.3f,\"stop_cpu_ms\":%.3f,\"rss_kib_before\":%ld,\"rss_kib_after\":%ld,"
        "\"per_member_kib\":%.3f,\"hwm_kib\":%ld",
        n, start_ms, stop_cpu_ms, before, after, static_cast<double>(after - before) / n, vm_kib("VmHWM:")
    );
    return extra;
}

} // namespace bench
