// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_RESOURCE_SAMPLER_HPP
#define ARANGOKIT_PROCESS_DETAIL_RESOURCE_SAMPLER_HPP

// Resource sampling of live runs: one pass over /proc per tick for the whole runner, each process added to
// the bucket of its process group. Per-run figures come from the process group, not the runner's cgroup:
// the cgroup holds every run of the runner. Where the cgroup exists it narrows the pass to its own members
// (cgroup.procs) instead of every process on the host. Sans-io apart from the /proc reads; the runner core
// owns the timer.

#include <arangokit/tool_result.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <dirent.h>
#include <fcntl.h>
#include <string_view>
#include <sys/types.h>
#include <unistd.h>
#include <vector>

namespace arangokit::detail {

/// What one pass found of one process group.
struct group_usage
{
    std::uint64_t cpu_ticks = 0; // utime + stime + cutime + cstime, in clock ticks
    long rss_pages = 0;
    int processes = 0;
};

/// The fields of one `/proc/<pid>/stat` that sampling needs.
struct proc_stat_fields
{
    char state = '?'; // R, S, D, Z (exited, not yet reaped), ...
    pid_t pgrp = 0;
    std::uint64_t ticks = 0; // utime + stime + cutime + cstime
    long rss_pages = 0;
};

/// \brief Parses one `/proc/<pid>/stat` line into `f`; false when the line is not one.
/// \details The command name (field 2) may hold spaces and parentheses, so fields are counted from the last
/// ')'. Children's times (cutime, cstime) are included: a descendant that a member of the group reaped
/// still counts, so the group's CPU does not drop when a short-lived helper process exits.
inline bool parse_proc_stat(std::string_view s, proc_stat_fields& f) noexcept
{
    auto close = s.rfind(')');
    if (close == std::string_view::npos)
        return false;
    // Fields after the name, numbered from 3 (state): pgrp 5, utime 14 .. cstime 17, rss 24.
    std::size_t i = close + 1;
    while (i < s.size() && s[i] == ' ')
        ++i;
    if (i >= s.size())
        return false;
    f.state = s[i];
    int field = 2;
    std::uint64_t t = 0;
    bool got_pgrp = false, got_rss = false;
    while (i < s.size() && field < 24)
    {
        while (i < s.size() && s[i] == ' ')
            ++i;
        ++field;
        std::size_t start = i;
        while (i < s.size() && s[i] != ' ' && s[i] != '\n')
            ++i;
        if (field != 5 && (field < 14 || field > 17) && field != 24)
            continue;
        bool neg = start < i && s[start] == '-';
        std::uint64_t v = 0;
        for (std::size_t k = start + (neg ? 1 : 0); k < i; ++k)
        {
            if (s[k] < '0' || s[k] > '9')
                return false;
            v = v * 10 + static_cast<std::uint64_t>(s[k] - '0');
        }
        if (field == 5)
        {
            f.pgrp = static_cast<pid_t>(v);
            got_pgrp = true;
        }
        else if (field == 24)
        {
            f.rss_pages = neg ? 0 : static_cast<long>(v);
            got_rss = true;
        }
        else
            t += v;
    }
    f.ticks = t;
    return got_pgrp && got_rss;
}

/// \brief Adds one sample to a series: peaks always, the point itself unless decimated away.
/// \details The series keeps at most `max_points` points. When it is full, every second point is dropped and
/// from then on only every second sample is kept (the kept points stay evenly spaced; `interval` and
/// `keep_every` double). So a run of any length ends with between max/2 and max points spanning all of it.
inline void add_sample(resource_series& s, const resource_sample& x, std::size_t max_points)
{
    ++s.samples;
    s.peak_rss_kib = std::max(s.peak_rss_kib, x.rss_kib);
    s.peak_cpu_share = std::max(s.peak_cpu_share, x.cpu_share);
    s.peak_processes = std::max(s.peak_processes, x.processes);
    if (max_points < 2)
        max_points = 2;
    if ((s.samples - 1) % s.keep_every != 0)
        return;
    if (s.points.size() >= max_points)
    {
        std::size_t w = 0;
        for (std::size_t r = 0; r < s.points.size(); r += 2)
            s.points[w++] = s.points[r];
        s.points.resize(w);
        s.keep_every *= 2;
        s.interval *= 2;
        if ((s.samples - 1) % s.keep_every != 0)
            return;
    }
    s.points.push_back(x);
}

/// \brief One pass over the processes of the host (or of a cgroup) per tick, bucketed by process group.
class proc_scanner
{
  public:
    proc_scanner() = default;
    proc_scanner(const proc_scanner&) = delete;
    proc_scanner& operator=(const proc_scanner&) = delete;
    ~proc_scanner()
    {
        if (proc_fd_ >= 0)
            ::close(proc_fd_);
    }

    /// \brief Fills `out[i]` with the usage of process group `groups[i]` (`groups` sorted ascending).
    /// \param only the processes to look at (a cgroup's members); null: every process in /proc.
    void scan(const std::vector<pid_t>& groups, std::vector<group_usage>& out, const std::vector<pid_t>* only)
    {
        out.assign(groups.size(), group_usage{});
        read_ = 0;
        if (groups.empty())
            return;
        if (proc_fd_ < 0)
            proc_fd_ = ::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (proc_fd_ < 0)
            return;
        if (only)
        {
            for (pid_t p : *only)
                read_one(p, groups, out);
            return;
        }
        // A DIR over a duplicate: closedir closes its descriptor, ours stays for the openat calls. The two
        // share one file offset, which the previous pass left at the end: rewind, or the listing is empty.
        int dfd = ::dup(proc_fd_);
        if (dfd < 0)
            return;
        DIR* d = ::fdopendir(dfd);
        if (!d)
        {
            ::close(dfd);
            return;
        }
        ::rewinddir(d);
        while (auto* e = ::readdir(d))
        {
            const char* n = e->d_name;
            if (*n < '1' || *n > '9')
                continue;
            pid_t p = 0;
            for (; *n >= '0' && *n <= '9'; ++n)
                p = p * 10 + (*n - '0');
            if (*n == '\0')
                read_one(p, groups, out);
        }
        ::closedir(d);
    }
    /// Processes whose stat was read in the last pass (the cost's unit).
    std::size_t last_read() const noexcept { return read_; }

  private:
    void read_one(pid_t p, const std::vector<pid_t>& groups, std::vector<group_usage>& out)
    {
        char path[32];
        std::snprintf(path, sizeof path, "%d/stat", static_cast<int>(p));
        int fd = ::openat(proc_fd_, path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return; // gone since the listing
        char buf[512];
        ssize_t n = ::read(fd, buf, sizeof buf);
        ::close(fd);
        ++read_;
        if (n <= 0)
            return;
        proc_stat_fields f;
        if (!parse_proc_stat(std::string_view(buf, static_cast<std::size_t>(n)), f))
            return;
        auto it = std::lower_bound(groups.begin(), groups.end(), f.pgrp);
        if (it == groups.end() || *it != f.pgrp)
            return;
        auto& u = out[static_cast<std::size_t>(it - groups.begin())];
        u.cpu_ticks += f.ticks; // a zombie's times are final and still the group's
        // A zombie (exited, not yet reaped) holds no memory and runs nothing: a run whose processes have all
        // exited gives no sample rather than one of 0 KiB.
        if (f.state == 'Z' || f.state == 'X')
            return;
        u.rss_pages += f.rss_pages;
        ++u.processes;
    }

    int proc_fd_ = -1;
    std::size_t read_ = 0;
};

/// \brief Turns one pass's figures for a run into a sample, against the run's previous one.
class sample_clock
{
  public:
    resource_sample make(const group_usage& u, std::chrono::steady_clock::duration since_start)
    {
        static const long tick_hz = ::sysconf(_SC_CLK_TCK) > 0 ? ::sysconf(_SC_CLK_TCK) : 100;
        static const long page_kib = ::sysconf(_SC_PAGESIZE) > 0 ? ::sysconf(_SC_PAGESIZE) / 1024 : 4;
        resource_sample s;
        s.at = std::chrono::duration_cast<std::chrono::milliseconds>(since_start);
        s.cpu = std::chrono::microseconds(static_cast<std::int64_t>(u.cpu_ticks * 1000000 / tick_hz));
        s.rss_kib = u.rss_pages * page_kib;
        s.processes = u.processes;
        // A descendant reaped outside the group takes its CPU with it: the sum may drop, never the share.
        auto dcpu = std::max<std::int64_t>(0, (s.cpu - prev_cpu_).count());
        auto dt = std::chrono::duration_cast<std::chrono::microseconds>(since_start - prev_at_).count();
        s.cpu_share = dt > 0 ? static_cast<double>(dcpu) / static_cast<double>(dt) : 0.0;
        prev_cpu_ = s.cpu;
        prev_at_ = since_start;
        return s;
    }

  private:
    std::chrono::microseconds prev_cpu_{0};
    std::chrono::steady_clock::duration prev_at_{};
};

} // namespace arangokit::detail

#endif
