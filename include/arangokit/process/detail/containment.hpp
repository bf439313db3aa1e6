// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_CONTAINMENT_HPP
#define ARANGOKIT_PROCESS_DETAIL_CONTAINMENT_HPP

// What keeps a runner's promise "nothing outlives the host" when the host itself dies (SIGKILL, a crash):
// no code of ours runs then, so another process must act. Each runner gets a guardian: a /bin/sh started
// with the read end of a pipe as its stdin, which only the host holds (close-on-exec). When the host dies
// the pipe reaches EOF and the guardian kills what it was told about and removes the files it was told
// about, then exits. With a writable cgroup v2 hierarchy every child joins the runner's own cgroup before
// exec, so one write to `cgroup.kill` takes every descendant, daemons that called setsid included; without
// it the guardian is told each child's process group (spawn and reap), which a descendant that leaves its
// group escapes. The guardian is spawned with the runner's own primitive (no fork of the host), in its own
// process group, with the graded-stop signals ignored, so a terminal's Ctrl-C or a kill of the host's group
// does not take it first. See docs/design.md, "Containment".

#include <arangokit/process/detail/pipe_write.hpp>
#include <arangokit/process/detail/spawn.hpp>
#include <arangokit/process/runner_config.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace arangokit::detail {

/// The cgroup v2 directory this process is in (empty when there is no cgroup v2 mount or no `0::` line).
inline std::filesystem::path own_cgroup_v2_dir()
{
    std::string mount;
    {
        std::ifstream mi("/proc/self/mountinfo");
        std::string line;
        while (std::getline(mi, line))
        {
            // "<id> <parent> <maj:min> <root> <mount point> <opts> ... - <fstype> <source> <super opts>"
            auto dash = line.find(" - ");
            if (dash == std::string::npos || line.compare(dash + 3, 8, "cgroup2 ") != 0)
                continue;
            std::size_t p = 0;
            for (int field = 0; field < 4 && p != std::string::npos; ++field)
                p = line.find(' ', p + 1);
            if (p == std::string::npos)
                continue;
            auto end = line.find(' ', p + 1);
            mount = line.substr(p + 1, end - p - 1);
            break;
        }
    }
    if (mount.empty())
        return {};
    std::ifstream cg("/proc/self/cgroup");
    std::string line;
    while (std::getline(cg, line))
        if (line.rfind("0::", 0) == 0)
            return std::filesystem::path(mount) / std::filesystem::path(line.substr(3)).relative_path();
    return {};
}

/// A name part that no other process can predict (the owner's pid precedes it, for the start-up sweep).
inline std::string random_hex64()
{
    std::random_device rd;
    std::uint64_t v = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    char b[17];
    std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
    return b;
}

/// The pid in an `arangokit-<kind>-<pid>-<random>[.ext]` name, or 0.
inline pid_t owner_pid_of(std::string_view name)
{
    if (name.rfind("arangokit-", 0) != 0)
        return 0;
    auto last = name.rfind('-');
    if (last == std::string_view::npos || last == 0)
        return 0;
    auto prev = name.rfind('-', last - 1);
    if (prev == std::string_view::npos)
        return 0;
    auto num = name.substr(prev + 1, last - prev - 1);
    if (num.empty() || num.size() > 9 || num.find_first_not_of("0123456789") != std::string_view::npos)
        return 0;
    return static_cast<pid_t>(std::stol(std::string(num)));
}

inline bool pid_is_dead(pid_t pid)
{
    return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH;
}

/// \brief Removes what hosts that died before us left behind: `arangokit-*-<pid>-*` entries of ours in
/// `dir` whose owner pid no longer exists, and such cgroups below `cgroup_parent` (killed first).
/// \details A process that lost its guardian too (the whole machine or container stopped) is the case this
/// covers. Only entries owned by our uid are touched.
inline std::size_t sweep_stale(const std::filesystem::path& dir, const std::filesystem::path& cgroup_parent)
{
    namespace fs = std::filesystem;
    std::size_t removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    {
        auto name = it->path().filename().string();
        pid_t owner = owner_pid_of(name);
        if (owner <= 0 || owner == ::getpid() || !pid_is_dead(owner))
            continue;
        struct stat st
        {
        };
        if (::lstat(it->path().c_str(), &st) != 0 || st.st_uid != ::geteuid())
            continue;
        std::error_code rec;
        fs::remove_all(it->path(), rec);
        removed += !rec;
    }
    if (!cgroup_parent.empty())
        for (fs::directory_iterator it(cgroup_parent, ec), end; !ec && it != end; it.increment(ec))
        {
            auto name = it->path().filename().string();
            pid_t owner = owner_pid_of(name);
            if (owner <= 0 || owner == ::getpid() || !pid_is_dead(owner))
                continue;
            int fd = ::open((it->path() / "cgroup.kill").c_str(), O_WRONLY | O_CLOEXEC);
            if (fd >= 0)
            {
                [[maybe_unused]] auto n = ::write(fd, "1", 1);
                ::close(fd);
            }
            for (int i = 0; i < 100 && ::rmdir(it->path().c_str()) != 0 && errno == EBUSY; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            removed += !fs::exists(it->path(), ec);
        }
    return removed;
}

// The guardian's program. Lines on stdin: "c DIR" a cgroup to kill, "g PGID"/"u PGID" a process group to kill
// or to forget, "f PATH"/"r PATH" a file or directory to remove or to forget. At EOF it acts and exits.
// awk keeps the live set while the host runs: it reads the pipe in blocks and forgets in constant time, where
// the shell's `read` takes one system call per byte and competes with the host for a core at every spawn and
// reap. The shell loop acts on what awk prints at EOF (or, without awk, keeps the set itself).
inline constexpr const char* guardian_script = R"SH(trap '' INT TERM HUP QUIT PIPE
set -f
if command -v awk >/dev/null 2>&1; then
  awk '{ k = substr($0, 3); t = substr($0, 1, 2) }
    t == "c " { c[k] = 1; next }  t == "g " { g[k] = 1; next }  t == "u " { delete g[k]; next }
    t == "f " { f[k] = 1; next }  t == "r " { delete f[k]; next }
    END { for (k in c) print "c " k; for (k in g) print "g " k; for (k in f) print "f " k }'
else
  cat
fi | {
nl='
'
cgs=''; pgs=' '; files=''
while IFS= read -r line; do
  arg=${line#??}
  case $line in
    "c "*) cgs="$cgs$arg$nl" ;;
    "g "*) pgs="$pgs$arg " ;;
    "u "*) case $pgs in *" $arg "*) pgs="${pgs%% $arg *} ${pgs#* $arg }" ;; esac ;;
    "f "*) files="$files$arg$nl" ;;
    "r "*) old=$files; files=''; IFS=$nl; for x in $old; do [ "$x" = "$arg" ] || files="$files$x$nl"; done; unset IFS ;;
  esac
done
IFS=$nl
for c in $cgs; do echo 1 > "$c/cgroup.kill"; done 2>/dev/null
unset IFS
for p in $pgs; do kill -9 -$p; done 2>/dev/null
IFS=$nl
for f in $files; do rm -rf -- "$f"; done 2>/dev/null
for c in $cgs; do i=0; while ! rmdir "$c" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.005; i=$((i+1)); done; done
}
)SH";

/// \brief One runner's containment: its guardian, and its cgroup when it has one. Not thread-safe (the
/// runner's executor only).
class containment
{
  public:
    explicit containment(containment_mode mode) : requested_(mode) {}
    containment(const containment&) = delete;
    containment& operator=(const containment&) = delete;
    ~containment() { close(); }

    /// Starts the guardian (and the cgroup) on first use; later calls are free.
    void ensure_started()
    {
        if (started_)
            return;
        started_ = true;
        if (requested_ == containment_mode::off)
        {
            info_ = {
                containment_mode::off, "containment is off: descendants of a tool can outlive a host that "
                                       "dies, and private files of runs can stay on disk"};
            return;
        }
        // Once per process (runners may start on several threads at once): the stale entries of dead hosts.
        static std::atomic<bool> swept{false};
        std::filesystem::path cg_parent = own_cgroup_v2_dir();
        if (!swept.exchange(true))
        {
            std::error_code ec;
            sweep_stale(std::filesystem::temp_directory_path(ec), cg_parent);
        }
        std::string cg_reason;
        if (requested_ != containment_mode::process_group)
            cg_reason = make_cgroup(cg_parent);
        if (!start_guardian())
        {
            info_ = {
                containment_mode::off, "the guardian could not be started (" + guardian_error_ +
                                           "): descendants of a tool can outlive a host that dies"};
            drop_cgroup();
            return;
        }
        if (cgroup_procs_fd_ >= 0)
        {
            tell("c " + cgroup_.string());
            info_ = {containment_mode::cgroup, "cgroup " + cgroup_.string()};
        }
        else
            info_ = {
                containment_mode::process_group,
                requested_ == containment_mode::process_group
                    ? std::string("process groups, as configured")
                    : "process groups (no cgroup: " + cg_reason +
                          "); a descendant that leaves its tool's process group (setsid) can outlive "
                          "a host that dies"};
    }

    const containment_info& info() const noexcept { return info_; }
    /// The `cgroup.procs` a child writes itself into, or -1.
    int cgroup_procs_fd() const noexcept { return cgroup_procs_fd_; }
    /// The cgroup's directory (children are created in it where the kernel allows), or -1.
    int cgroup_dir_fd() const noexcept { return cgroup_dir_fd_; }
    bool uses_cgroup() const noexcept { return cgroup_procs_fd_ >= 0; }
    pid_t guardian_pid() const noexcept { return guardian_pid_; }

    /// A child's process group, for the guardian (process-group mode only: the cgroup covers it otherwise).
    void add_group(pid_t pgid)
    {
        if (guardian_fd_ >= 0 && !uses_cgroup())
            tell("g " + std::to_string(pgid));
    }
    void remove_group(pid_t pgid)
    {
        if (guardian_fd_ >= 0 && !uses_cgroup())
            tell("u " + std::to_string(pgid));
    }
    /// A file or directory the guardian removes if the host dies first. Paths with a newline are refused.
    bool add_path(const std::filesystem::path& p)
    {
        ensure_started();
        if (guardian_fd_ < 0 || p.native().find('\n') != std::string::npos)
            return false;
        return tell("f " + std::filesystem::absolute(p).string());
    }
    void remove_path(const std::filesystem::path& p)
    {
        if (guardian_fd_ >= 0 && p.native().find('\n') == std::string::npos)
            tell("r " + std::filesystem::absolute(p).string());
    }

    /// SIGKILL to every process in the runner's cgroup (descendants that escaped their process group).
    void kill_cgroup()
    {
        if (cgroup_.empty())
            return;
        int fd = ::open((cgroup_ / "cgroup.kill").c_str(), O_WRONLY | O_CLOEXEC);
        if (fd >= 0)
        {
            [[maybe_unused]] auto n = ::write(fd, "1", 1);
            ::close(fd);
        }
    }

    /// The pids in the runner's cgroup right now (empty without a cgroup).
    std::vector<pid_t> cgroup_pids() const
    {
        std::vector<pid_t> out;
        if (cgroup_.empty())
            return out;
        std::ifstream in(cgroup_ / "cgroup.procs");
        pid_t p;
        while (in >> p)
            out.push_back(p);
        return out;
    }

    /// The runner is going away: kill what is left in its cgroup, remove it, let the guardian finish and
    /// reap it. Blocks for at most about 2 s (a guardian that does not exit is killed).
    void close()
    {
        if (!cgroup_.empty())
        {
            kill_cgroup();
            for (int i = 0; i < 400 && ::rmdir(cgroup_.c_str()) != 0 && errno == EBUSY; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        drop_cgroup();
        if (guardian_fd_ >= 0)
        {
            ::close(guardian_fd_);
            guardian_fd_ = -1;
        }
        if (guardian_pid_ > 0)
        {
            int status = 0;
            auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
            pid_t w;
            while ((w = ::waitpid(guardian_pid_, &status, WNOHANG)) == 0 &&
                   std::chrono::steady_clock::now() < until)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            if (w == 0)
            {
                ::kill(guardian_pid_, SIGKILL);
                while (::waitpid(guardian_pid_, &status, 0) < 0 && errno == EINTR)
                {
                }
            }
            if (guardian_pidfd_ >= 0)
                ::close(guardian_pidfd_);
            guardian_pidfd_ = -1;
            guardian_pid_ = 0;
        }
    }

  private:
    // Returns why there is no cgroup, or "" when there is one.
    std::string make_cgroup(const std::filesystem::path& parent)
    {
        if (parent.empty())
            return "no cgroup v2 hierarchy is mounted";
        static std::atomic<unsigned> serial{0};
        std::filesystem::path dir = parent / ("arangokit-" + std::to_string(++serial) + "-" +
                                              std::to_string(::getpid()) + "-" + random_hex64().substr(0, 8));
        if (::mkdir(dir.c_str(), 0755) != 0)
            return "cannot create " + dir.string() + ": " + std::strerror(errno);
        int fd = ::open((dir / "cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0 || ::access((dir / "cgroup.kill").c_str(), W_OK) != 0)
        {
            std::string why = fd < 0 ? std::string("cannot open cgroup.procs: ") + std::strerror(errno)
                                     : std::string("the kernel has no cgroup.kill (5.14 or later needed)");
            if (fd >= 0)
                ::close(fd);
            ::rmdir(dir.c_str());
            return why;
        }
        cgroup_ = dir;
        cgroup_procs_fd_ = fd;
        // For clone3(CLONE_INTO_CGROUP); without it children still join through cgroup.procs.
        cgroup_dir_fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        return {};
    }
    void drop_cgroup()
    {
        if (cgroup_procs_fd_ >= 0)
            ::close(cgroup_procs_fd_);
        cgroup_procs_fd_ = -1;
        if (cgroup_dir_fd_ >= 0)
            ::close(cgroup_dir_fd_);
        cgroup_dir_fd_ = -1;
        cgroup_.clear();
    }

    bool start_guardian()
    {
        int p[2];
        if (::pipe2(p, O_CLOEXEC) != 0)
        {
            guardian_error_ = std::string("pipe2: ") + std::strerror(errno);
            return false;
        }
        int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
        std::string path = sh_.string();
        std::string arg0 = "arangokit-guardian";
        std::string dash_c = "-c";
        std::string script = guardian_script;
        char* argv[] = {arg0.data(), dash_c.data(), script.data(), nullptr};
        std::string env_path = "PATH=/usr/bin:/bin:/usr/sbin:/sbin";
        char* envp[] = {env_path.data(), nullptr};
        spawn_request req;
        req.path = path.c_str();
        req.argv = argv;
        req.envp = envp;
        req.stdin_fd = p[0];
        req.stdout_fd = devnull;
        req.stderr_fd = devnull;
        req.die_with_parent = false; // it must outlive us: that is its whole point
        spawn_outcome so = spawn_process(req);
        ::close(p[0]);
        if (devnull >= 0)
            ::close(devnull);
        if (so.error)
        {
            ::close(p[1]);
            guardian_error_ =
                std::string(so.step ? so.step : "spawn") + "(" + path + "): " + std::strerror(so.error);
            return false;
        }
        guardian_pid_ = so.pid;
        guardian_pidfd_ = so.pidfd;
        guardian_fd_ = p[1];
        return true;
    }

    bool tell(const std::string& line)
    {
        std::string l = line + "\n";
        std::size_t written = 0;
        if (write_all_no_sigpipe(guardian_fd_, l.data(), l.size(), written) != 0)
        {
            // The guardian is gone: nobody will clean up after a crash from now on. Say so.
            ::close(guardian_fd_);
            guardian_fd_ = -1;
            info_.note += " (the guardian exited early; containment after the host's death is lost)";
            return false;
        }
        return true;
    }

    containment_mode requested_;
    std::filesystem::path sh_{"/bin/sh"};
    bool started_ = false;
    containment_info info_{};
    std::filesystem::path cgroup_{};
    int cgroup_procs_fd_ = -1;
    int cgroup_dir_fd_ = -1;
    pid_t guardian_pid_ = 0;
    int guardian_pidfd_ = -1;
    int guardian_fd_ = -1;
    std::string guardian_error_{};
};

} // namespace arangokit::detail

#endif
