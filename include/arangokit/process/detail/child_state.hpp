// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_CHILD_STATE_HPP
#define ARANGOKIT_PROCESS_DETAIL_CHILD_STATE_HPP

// One supervised child and the runner core that owns the registry of live children. Everything here runs on
// the runner's executor (one thread or a strand): no locks, and cancellation is only ever emitted there.

#include <arangokit/deadline.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/command.hpp>
#include <arangokit/process/detail/containment.hpp>
#include <arangokit/process/detail/pipe_write.hpp>
#include <arangokit/process/output_batch.hpp>
#include <arangokit/process/runner_config.hpp>
#include <arangokit/process/tool_event.hpp>
#include <arangokit/stop_policy.hpp>
#include <arangokit/tool_result.hpp>

#include <arangokit/detail/exit_status.hpp>
#include <arangokit/detail/line_splitter.hpp>
#include <arangokit/detail/spawn.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace arangokit::detail {

namespace asio = boost::asio;

inline constexpr std::size_t initial_read_chunk = 64 * 1024;
inline constexpr std::size_t large_read_chunk = 1024 * 1024;
// Used only between a read(2) and the copy that follows it, never across a suspension point.
inline thread_local std::array<char, 16 * 1024> first_read_scratch;
inline constexpr std::size_t channel_capacity = 16;
// Memory per streaming run is bounded in bytes, whatever the shape of the output: batches waiting in the
// channel may hold this much (buffers and line entries) before the reader stops reading and the child
// blocks on its pipe, and no batch holds more entries than this (1 MiB of empty lines would otherwise be a
// million entries, 12 MiB, in one batch).
inline constexpr std::size_t channel_byte_budget = 4 * 1024 * 1024;
inline constexpr std::size_t max_batch_entries = 32 * 1024;

inline std::size_t batch_cost(const output_batch& b) noexcept
{
    return b.data.capacity() + b.lines.capacity() * sizeof(output_batch::entry);
}

/// \brief Checks what the kernel would silently cut or misread: a NUL byte ends a C string, so an argument
/// or value holding one is truncated at exec; a variable name with '=' or no name at all is not a variable.
/// \returns An empty string, or what is wrong and what to do.
inline std::string check_command(const command& c)
{
    auto nul = [](const std::string& x) { return x.find('\0'); };
    if (c.program.empty())
        return {};
    if (auto p = nul(c.program); p != std::string::npos)
        return "the program name contains a NUL byte (at offset " + std::to_string(p) +
               "); the kernel would cut it there";
    for (std::size_t i = 0; i < c.args.size(); ++i)
        if (auto p = nul(c.args[i]); p != std::string::npos)
            return "argument " + std::to_string(i + 1) + " contains a NUL byte (at offset " +
                   std::to_string(p) +
                   "): arguments are C strings and the kernel would cut it there; pass binary data through "
                   "stdin or a file";
    for (std::size_t i = 0; i < c.launch_prefix.size(); ++i)
        if (auto p = nul(c.launch_prefix[i]); p != std::string::npos)
            return "launch prefix word " + std::to_string(i + 1) + " contains a NUL byte (at offset " +
                   std::to_string(p) + ")";
    auto bad_name = [](const std::string& k) -> std::string {
        if (k.empty())
            return "an environment variable has an empty name";
        if (k.find('=') != std::string::npos)
            return "environment variable name '" + k + "' contains '=' (the name ends at the first '=')";
        if (k.find('\0') != std::string::npos)
            return "an environment variable name contains a NUL byte";
        return {};
    };
    for (const auto& [k, v] : c.env.set)
    {
        if (auto m = bad_name(k); !m.empty())
            return m;
        if (auto p = v.find('\0'); p != std::string::npos)
            return "the value of environment variable '" + k + "' contains a NUL byte (at offset " +
                   std::to_string(p) + "); the kernel would cut it there";
    }
    for (const auto& k : c.env.unset)
        if (auto m = bad_name(k); !m.empty())
            return "unset: " + m;
    for (const auto& x : c.secrets)
        if (x.find('\n') != std::string::npos)
            return "a secret to redact contains a newline; output is redacted line by line";
    return {};
}

/// True when the kernel reaps this process's children by itself, so that no exit status can be collected.
inline bool sigchld_ignored() noexcept
{
    struct sigaction sa
    {
    };
    if (::sigaction(SIGCHLD, nullptr, &sa) != 0)
        return false;
    return (sa.sa_flags & SA_NOCLDWAIT) || (!(sa.sa_flags & SA_SIGINFO) && sa.sa_handler == SIG_IGN);
}

inline constexpr const char* sigchld_ignored_message =
    "SIGCHLD is ignored in this program (SIG_IGN or SA_NOCLDWAIT): the kernel reaps every child by itself, "
    "so no tool's exit status or resource usage can be known. Restore the default disposition "
    "(signal(SIGCHLD, SIG_DFL)) before running tools";

/// \brief Reaps `pid` (blocking; it has exited or was just SIGKILLed) and fills in status and rusage.
/// \returns false when the status was gone (ECHILD: someone else reaped it); `result` then says so.
inline bool reap_into(pid_t pid, tool_result& result, end_reason pending)
{
    int status = 0;
    struct rusage ru
    {
    };
    pid_t w;
    do
        w = ::wait4(pid, &status, 0, &ru);
    while (w < 0 && errno == EINTR);
    if (w == pid)
    {
        apply_wait_status(result, status, pending);
        apply_rusage(result, ru);
        return true;
    }
    result.reason = end_reason::status_unknown;
    result.error_message =
        sigchld_ignored() ? std::string(sigchld_ignored_message)
                          : "the tool ran, but its exit status was collected by another part of this "
                            "program (a waitpid(-1, ...) or a SIGCHLD handler that reaps): it is unknown";
    return false;
}

inline std::string redact(std::string s, const std::vector<std::string>& secrets)
{
    for (const auto& sec : secrets)
    {
        if (sec.empty())
            continue;
        for (std::size_t pos = s.find(sec); pos != std::string::npos; pos = s.find(sec, pos + 8))
            s.replace(pos, sec.size(), "********");
    }
    return s;
}

/// Resolves a program name: a path with '/' is taken as is; a name is searched in `bin_dirs`, then PATH.
/// On failure `message` names every place searched and what to do.
inline std::filesystem::path resolve_program(
    const std::string& program,
    const std::vector<std::filesystem::path>& bin_dirs,
    bool search_path,
    error_code& ec,
    std::string& message
)
{
    namespace fs = std::filesystem;
    ec = {};
    auto check = [&](const fs::path& p) -> int { // 0 ok, 1 missing, 2 not executable
        struct stat st;
        if (::stat(p.c_str(), &st) != 0)
            return 1;
        if (!S_ISREG(st.st_mode) || ::access(p.c_str(), X_OK) != 0)
            return 2;
        return 0;
    };
    if (program.empty())
    {
        ec = errc::tool_not_found;
        message = "empty program name";
        return {};
    }
    if (program.find('/') != std::string::npos)
    {
        fs::path p = fs::absolute(program);
        int c = check(p);
        if (c == 0)
            return p;
        ec = c == 1 ? errc::tool_not_found : errc::not_executable;
        message = c == 1 ? "'" + p.string() + "' does not exist"
                         : "'" + p.string() + "' is not an executable regular file (check its mode)";
        return {};
    }
    std::vector<fs::path> searched;
    std::optional<fs::path> not_exec;
    auto try_dir = [&](const fs::path& dir) -> std::optional<fs::path> {
        fs::path p = dir / program;
        if (std::find(searched.begin(), searched.end(), dir) != searched.end())
            return std::nullopt;
        searched.push_back(dir);
        int c = check(p);
        if (c == 0)
            return fs::absolute(p);
        if (c == 2 && !not_exec)
            not_exec = p;
        return std::nullopt;
    };
    for (const auto& d : bin_dirs)
        if (auto p = try_dir(d))
            return *p;
    if (search_path)
    {
        const char* path = ::getenv("PATH");
        std::string_view sv = path ? path : "/usr/local/bin:/usr/bin:/bin";
        while (!sv.empty())
        {
            auto colon = sv.find(':');
            std::string_view dir = sv.substr(0, colon);
            if (!dir.empty())
                if (auto p = try_dir(fs::path(dir)))
                    return *p;
            if (colon == std::string_view::npos)
                break;
            sv.remove_prefix(colon + 1);
        }
    }
    if (not_exec)
    {
        ec = errc::not_executable;
        message = "'" + not_exec->string() + "' exists but is not executable (check its mode)";
        return {};
    }
    ec = errc::tool_not_found;
    message = "'" + program + "' not found; searched:";
    for (const auto& d : searched)
        message += " " + d.string();
    if (searched.empty())
        message += " (nothing: no bin dirs configured and PATH search disabled)";
    message += ". Set runner_config::bin_dirs (or ARANGOKIT_BIN_DIR) to the directory holding the tool.";
    return {};
}

/// The environment block for the child: parent's (if inherited), minus unset, plus set.
inline std::vector<std::string> build_environment(const environment_spec& spec)
{
    std::vector<std::string> out;
    auto removed = [&](std::string_view kv) {
        auto eq = kv.find('=');
        std::string_view k = kv.substr(0, eq);
        if (spec.set.count(std::string(k)))
            return true;
        return std::find(spec.unset.begin(), spec.unset.end(), k) != spec.unset.end();
    };
    if (spec.inherit)
        for (char** e = environ; e && *e; ++e)
            if (!removed(*e))
                out.emplace_back(*e);
    for (const auto& [k, v] : spec.set)
        out.push_back(k + "=" + v);
    return out;
}

struct runner_core;

/// Wraps a handler so that type erasure cannot see (and take over) its cancellation slot. We keep the slot
/// ourselves and always complete through the handler's executor, captured separately.
template <class Handler> struct slot_hidden
{
    Handler handler;
    template <class... Args> void operator()(Args&&... args)
    {
        std::move(handler)(std::forward<Args>(args)...);
    }
};
template <class Handler> slot_hidden<std::decay_t<Handler>> hide_slot(Handler&& h)
{
    return {std::forward<Handler>(h)};
}

/// A completion waiting for the child's final result.
struct result_waiter
{
    asio::any_completion_handler<void(error_code, tool_result)> handler;
    asio::any_io_executor work; // keeps the handler's executor busy until we complete
    asio::cancellation_slot slot;
};

struct child_state : std::enable_shared_from_this<child_state>
{
    using channel_type = asio::experimental::channel<void(error_code, output_batch)>;

    child_state(asio::any_io_executor e, std::shared_ptr<runner_core> c)
        : ex(e), core(std::move(c)), pidfd(e), out_pipe(e), err_pipe(e), in_pipe(e), deadline_timer(e),
          stop_timer(e), linger_timer(e), channel(e, channel_capacity), space_timer(e)
    {
    }
    ~child_state()
    {
        if (tee_out_fd >= 0)
            ::close(tee_out_fd);
        if (tee_err_fd >= 0 && !tee_shared)
            ::close(tee_err_fd);
    }

    asio::any_io_executor ex;
    std::shared_ptr<runner_core> core;
    command cmd;
    stop_policy policy;
    deadline effective;
    tool_result result;
    std::chrono::steady_clock::time_point t0{};

    asio::posix::stream_descriptor pidfd;
    asio::posix::stream_descriptor out_pipe, err_pipe, in_pipe;
    asio::steady_timer deadline_timer, stop_timer, linger_timer;
    channel_type channel;

    bool streaming = false; // batches go to the channel (async_start)
    bool discard = false;   // async_wait took over: nobody reads the channel any more
    bool reaped = false;
    bool finished = false;
    bool stop_running = false;
    std::chrono::steady_clock::time_point stop_anchor{}; // graces count from here
    bool linger_expired = false;
    int readers_open = 0;
    end_reason pending = end_reason::not_started;
    int tee_out_fd = -1, tee_err_fd = -1;
    bool tee_shared = false;
    bool sinks_want_lines = false;
    bool waited = false;            // async_wait was initiated: the handle's end does not stop the child
    bool abandoned = false;         // its running_tool went away before the end: the runner finishes it alone
    std::uint64_t seq = 0;          // spawn order in the runner (groups wait for abandoned children by it)
    std::size_t queued_bytes = 0;   // batches in the channel, by batch_cost
    asio::steady_timer space_timer; // the reader waits here while queued_bytes is over budget
    std::size_t tail_bytes[2] = {0, 0}; // bytes held by result.out.tail / result.err.tail
    bool in_live = false;               // registered in runner_core::live
    std::list<std::shared_ptr<child_state>>::iterator live_pos{}; // its place there (O(1) removal)
    std::vector<result_waiter> waiters;
    std::vector<std::string> buffer_pool;
    error_code spawn_error; // set when the run never started

    error_code final_ec() const { return spawn_error ? spawn_error : result.classify(); }

    // Consumer side (running_tool), same executor.
    output_batch current;
    std::size_t current_index = 0;
    bool eof_delivered = false;

    stream_stats& stats(stream_id s) { return s == stream_id::out ? result.out : result.err; }

    void emit(event_kind k, std::string text = {}, int sig = 0, stream_id s = stream_id::out);
    void start();
    /// (Re)arms the deadline timer; a re-arm cancels the previous wait.
    void arm_deadline(deadline d);
    void begin_stop(end_reason why, std::optional<stop_policy> p = std::nullopt);
    void kill_now(end_reason why);
    void on_cancel(asio::cancellation_type t);
    void add_waiter(result_waiter w);
    void stop_streaming();
    void send_signal(int sig);

    std::string take_buffer()
    {
        if (buffer_pool.empty())
            return {};
        std::string b = std::move(buffer_pool.back());
        buffer_pool.pop_back();
        return b;
    }
    void recycle(std::string b)
    {
        // One spare is enough to avoid an allocation per batch; more would hold megabytes per run.
        if (buffer_pool.size() < 1 && b.capacity() >= initial_read_chunk &&
            b.capacity() <= 2 * large_read_chunk + cmd.max_line_length)
            buffer_pool.push_back(std::move(b));
    }
    /// A batch left the channel (read by the consumer or drained): the reader may go on.
    void batch_taken(const output_batch& b)
    {
        std::size_t c = batch_cost(b);
        queued_bytes = queued_bytes > c ? queued_bytes - c : 0;
        space_timer.cancel();
    }
    void note_log_loss(stream_id s, std::size_t lost, int err)
    {
        auto& st = stats(s);
        if (st.log_error.empty())
            st.log_error = "cannot write to log file '" + st.log_file.string() + "': " + std::strerror(err);
        st.log_bytes_lost += lost;
    }
    void tee(stream_id s, int fd, line_splitter& sp, bool all);
    asio::awaitable<void> send_batch(output_batch b);

    asio::awaitable<void> supervise();
    asio::awaitable<void> read_loop(stream_id s);
    asio::awaitable<void> stop_sequence(stop_policy p);
    asio::awaitable<void> drain();
    void process_lines(stream_id s, line_splitter& sp, std::vector<output_batch::entry>& entries);
    void complete_waiters();
};

/// The shared part of a tool_runner: config, live registry, concurrency slots.
struct runner_core : std::enable_shared_from_this<runner_core>
{
    struct slot_waiter
    {
        std::uint64_t id;
        asio::any_completion_handler<void(error_code)> handler;
        asio::any_io_executor work;
        asio::cancellation_slot slot;
        std::shared_ptr<asio::steady_timer>
            deadline_timer; // the run's deadline keeps counting while it queues
    };

    runner_core(asio::any_io_executor e, runner_config c)
        : ex(e), cfg(std::move(c)), contain(cfg.containment), orphan_timer(e)
    {
    }

    asio::any_io_executor ex;
    runner_config cfg;
    std::list<std::shared_ptr<child_state>> live;
    std::size_t active = 0;
    std::deque<slot_waiter> slot_queue;
    std::uint64_t next_slot_id = 1;
    bool closed = false;
    int devnull_fd = -1; // stdin of every child without one of its own: opened once, not per spawn
    containment contain;
    std::uint64_t next_seq = 1;
    // Callbacks of client groups waiting for abandoned children (handles dropped before the end) to be gone.
    std::vector<std::function<void()>> abandoned_watchers;
    // A subreaper host inherits the orphans of its tools: their process groups are reaped here until empty.
    std::vector<pid_t> orphan_groups;
    asio::steady_timer orphan_timer;
    bool orphan_timer_armed = false;
    int orphan_round = 0;

    /// True while an abandoned child spawned at or after `seq` is still alive.
    bool abandoned_alive_since(std::uint64_t seq) const
    {
        for (const auto& c : live)
            if (c->abandoned && c->seq >= seq && !c->finished)
                return true;
        return false;
    }
    void watch_abandoned(std::function<void()> f) { abandoned_watchers.push_back(std::move(f)); }

    static bool host_is_subreaper() noexcept
    {
        int v = 0;
        return ::prctl(PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0) == 0 && v != 0;
    }
    // Reaps, without blocking, the children of ours in each watched group (the orphans a subreaper host
    // inherits). A group is dropped once nothing is left in it; a group that is a live run's own is skipped
    // (its leader is ours to reap with its rusage).
    void reap_orphan_groups()
    {
        std::erase_if(orphan_groups, [this](pid_t pg) {
            for (const auto& c : live)
                if (c->result.pid == pg && !c->reaped)
                    return false;
            siginfo_t si{};
            while (::waitid(P_PGID, static_cast<id_t>(pg), &si, WEXITED | WNOHANG) == 0 && si.si_pid != 0)
                si = {};
            return ::kill(-pg, 0) != 0 && errno == ESRCH;
        });
        if (orphan_groups.empty() || orphan_timer_armed)
            return;
        // Killed descendants take a moment to exit: look again, less often, but at least every 100 ms, so an
        // orphan that dies late (a loaded machine) is not left a zombie for long.
        orphan_timer_armed = true;
        orphan_timer.expires_after(std::chrono::milliseconds(std::min(100, 10 << std::min(orphan_round++, 4)))
        );
        orphan_timer.async_wait([w = weak_from_this()](error_code ec) {
            auto self = w.lock();
            if (!self)
                return;
            self->orphan_timer_armed = false;
            if (!ec)
                self->reap_orphan_groups();
        });
    }

    void child_reaped(child_state& c)
    {
        contain.remove_group(c.result.pid);
        if (host_is_subreaper())
        {
            orphan_groups.push_back(c.result.pid);
            orphan_round = 0;
            reap_orphan_groups();
        }
    }

    ~runner_core()
    {
        if (devnull_fd >= 0)
            ::close(devnull_fd);
    }

    bool sinks_want_lines() const
    {
        for (const auto& s : cfg.sinks)
            if (s && s->wants_lines())
                return true;
        return false;
    }
    void emit(const tool_event& e, bool is_line = false)
    {
        for (const auto& s : cfg.sinks)
            if (s && (!is_line || s->wants_lines()))
                s->on_event(e);
    }

    /// The run's effective deadline: the earlier of the global deadline and its own (scaled) timeout.
    deadline effective_deadline(const command& cmd) const
    {
        std::optional<std::chrono::milliseconds> to = cmd.timeout;
        if (to && cfg.timeout_scale != 1.0)
            to = std::chrono::milliseconds(
                static_cast<long long>(static_cast<double>(to->count()) * cfg.timeout_scale)
            );
        return earliest(cfg.global_deadline, deadline::after(to));
    }

    /// Takes a concurrency slot, or queues; completes with operation_aborted if cancelled while queued and
    /// with errc::deadline_exceeded if `d` passes while queued.
    template <class Handler> void acquire_slot(Handler&& h, deadline d = {})
    {
        auto hex = asio::get_associated_executor(h, ex);
        if (cfg.max_concurrent == 0 || active < cfg.max_concurrent)
        {
            ++active;
            asio::post(hex, [h = std::forward<Handler>(h)]() mutable { std::move(h)(error_code{}); });
            return;
        }
        auto slot = asio::get_associated_cancellation_slot(h);
        std::uint64_t id = next_slot_id++;
        if (slot.is_connected())
        {
            slot.assign([w = weak_from_this(), id](asio::cancellation_type) {
                if (auto self = w.lock())
                    self->cancel_slot_wait(id);
            });
        }
        std::shared_ptr<asio::steady_timer> timer;
        if (!d.is_none())
        {
            timer = std::make_shared<asio::steady_timer>(ex, d.time());
            timer->async_wait([w = weak_from_this(), id](error_code tec) {
                if (auto self = w.lock(); self && !tec)
                    self->cancel_slot_wait(id, errc::deadline_exceeded);
            });
        }
        slot_queue.push_back(
            {id, hide_slot(std::forward<Handler>(h)),
             asio::prefer(asio::any_io_executor(hex), asio::execution::outstanding_work.tracked), slot,
             std::move(timer)}
        );
    }
    void cancel_slot_wait(std::uint64_t id, error_code why = asio::error::operation_aborted)
    {
        auto it = std::find_if(slot_queue.begin(), slot_queue.end(), [id](auto& w) { return w.id == id; });
        if (it == slot_queue.end())
            return;
        auto w = std::move(*it);
        slot_queue.erase(it);
        w.slot.clear();
        if (w.deadline_timer)
            w.deadline_timer->cancel();
        asio::post(w.work, [h = std::move(w.handler), why]() mutable { std::move(h)(why); });
    }
    void release_slot()
    {
        if (!slot_queue.empty())
        {
            auto w = std::move(slot_queue.front());
            slot_queue.pop_front();
            w.slot.clear();
            if (w.deadline_timer)
                w.deadline_timer->cancel();
            // The slot passes straight to the waiter: `active` stays the same.
            asio::post(w.work, [h = std::move(w.handler)]() mutable { std::move(h)(error_code{}); });
            return;
        }
        if (active > 0)
            --active;
    }

    /// `effective`: the run's deadline, computed once when the call was made (effective_deadline), so a
    /// run that queued for a slot is not given its whole `timeout` again from the spawn. A deadline that
    /// has passed (in the queue or before) means nothing is spawned.
    std::shared_ptr<child_state> spawn(command cmd, bool streaming, error_code& ec, deadline effective);
    void remove(const std::shared_ptr<child_state>& c)
    {
        // O(1): a group of 1000 members stopped at once would otherwise scan the list 1000 times.
        if (c->in_live)
        {
            live.erase(c->live_pos);
            c->in_live = false;
        }
        release_slot();
        if (c->abandoned && !abandoned_watchers.empty())
        {
            auto ws = std::move(abandoned_watchers);
            abandoned_watchers.clear();
            for (auto& f : ws)
                f();
        }
    }
    void shutdown();
};

// ---------------------------------------------------------------------------------------------------------

inline void child_state::emit(event_kind k, std::string text, int sig, stream_id s)
{
    if (core->cfg.sinks.empty())
        return;
    tool_event e;
    e.kind = k;
    e.label = result.label;
    e.pid = result.pid;
    e.when = std::chrono::system_clock::now();
    // Line texts come out of the splitter's buffer, which is already redacted (or raw on request).
    e.text =
        cmd.secrets.empty() || k == event_kind::line ? std::move(text) : redact(std::move(text), cmd.secrets);
    e.signal = sig;
    e.stream = s;
    if (k == event_kind::finished || k == event_kind::spawn_failed)
        e.result = &result;
    core->emit(e, k == event_kind::line);
}

inline void child_state::send_signal(int sig)
{
    if (reaped || result.pid <= 0)
        return;
    signal_group(result.pid, sig);
    result.last_stop_signal = sig;
    emit(sig == SIGKILL ? event_kind::killed : event_kind::stopped, {}, sig);
}

inline void child_state::start()
{
    auto self = shared_from_this();
    readers_open = 2;
    asio::co_spawn(ex, read_loop(stream_id::out), asio::detached);
    asio::co_spawn(ex, read_loop(stream_id::err), asio::detached);
    asio::co_spawn(ex, supervise(), asio::detached);
    arm_deadline(effective);
}

inline void child_state::arm_deadline(deadline d)
{
    effective = d;
    if (d.is_none())
        return;
    deadline_timer.expires_at(d.time());
    std::weak_ptr<child_state> w = shared_from_this();
    deadline_timer.async_wait([w](error_code ec) {
        auto s = w.lock();
        if (ec || !s || s->reaped)
            return;
        s->emit(event_kind::timed_out);
        s->begin_stop(end_reason::deadline);
    });
}

inline void child_state::begin_stop(end_reason why, std::optional<stop_policy> p)
{
    if (reaped || finished)
        return;
    if (pending == end_reason::not_started)
        pending = why;
    stop_policy sp = p.value_or(policy);
    if (stop_running)
    {
        // A stricter request (an immediate kill) overrides a stop already under way.
        if (sp.interrupt_grace.count() == 0 && sp.terminate_grace.count() == 0)
            send_signal(SIGKILL);
        return;
    }
    stop_running = true;
    // A deadline stop counts its graces from the deadline itself, not from when its timer was serviced, so
    // timer latency is paid once rather than once per step (W4-esc in docs/performance.md).
    auto now = std::chrono::steady_clock::now();
    bool from_deadline = why == end_reason::deadline && !effective.is_none() && effective.time() < now;
    stop_anchor = from_deadline ? effective.time() : now;
    asio::co_spawn(ex, stop_sequence(sp), asio::detached);
}

inline void child_state::kill_now(end_reason why)
{
    begin_stop(why, stop_policy::kill_now());
}

inline void child_state::on_cancel(asio::cancellation_type t)
{
    if (reaped || finished)
        return;
    if ((t & asio::cancellation_type::terminal) != asio::cancellation_type::none)
        begin_stop(end_reason::cancelled);
    else if ((t & asio::cancellation_type::partial) != asio::cancellation_type::none)
    {
        if (pending == end_reason::not_started)
            pending = end_reason::cancelled;
        send_signal(SIGTERM);
    }
    else if ((t & asio::cancellation_type::total) != asio::cancellation_type::none)
    {
        if (pending == end_reason::not_started)
            pending = end_reason::cancelled;
        send_signal(SIGINT);
    }
}

inline asio::awaitable<void> child_state::stop_sequence(stop_policy p)
{
    auto self = shared_from_this();
    struct step
    {
        int sig;
        std::chrono::milliseconds grace;
    };
    step steps[2];
    int n = 0;
    if (p.send_interrupt && p.interrupt_grace.count() > 0)
        steps[n++] = {SIGINT, p.interrupt_grace};
    if (p.terminate_grace.count() > 0)
        steps[n++] = {SIGTERM, p.terminate_grace};
    for (int i = 0; i < n; ++i)
    {
        if (reaped)
            co_return;
        send_signal(steps[i].sig);
        stop_anchor += steps[i].grace;
        stop_timer.expires_at(stop_anchor);
        co_await stop_timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (reaped)
            co_return;
    }
    send_signal(SIGKILL);
}

inline void
child_state::process_lines(stream_id s, line_splitter& sp, std::vector<output_batch::entry>& entries)
{
    stream_stats& st = stats(s);
    st.lines = sp.lines();
    st.long_lines = sp.long_lines();
    st.partial_last_line = sp.partial_last_line();
    if (entries.empty())
        return;
    const std::string& buf = sp.buffer();
    // Only the last N lines matter for the tail: O(N) per chunk, not per line. The tail is bounded in bytes
    // too (a line is cut at tail_bytes), so a stream of huge pieces cannot make it hold megabytes.
    std::size_t keep = std::min(entries.size(), cmd.tail_lines);
    if (keep)
    {
        auto& tail = st.tail;
        std::size_t& held = tail_bytes[s == stream_id::out ? 0 : 1];
        if (keep >= cmd.tail_lines)
        {
            tail.clear();
            held = 0;
        }
        const std::size_t cap = std::max<std::size_t>(cmd.tail_bytes, 1);
        for (std::size_t i = entries.size() - keep; i < entries.size(); ++i)
        {
            std::size_t n = std::min<std::size_t>(entries[i].length, cap);
            tail.emplace_back(buf.data() + entries[i].offset, n);
            held += n;
        }
        std::size_t drop = 0;
        while (tail.size() - drop > cmd.tail_lines)
            held -= tail[drop++].size();
        while (tail.size() - drop > 1 && held > cap)
            held -= tail[drop++].size();
        if (drop)
            tail.erase(tail.begin(), tail.begin() + static_cast<std::ptrdiff_t>(drop));
    }
    if (cmd.on_line || sinks_want_lines)
    {
        auto now = std::chrono::system_clock::now();
        for (const auto& e : entries)
        {
            // Already redacted in the buffer (line_splitter::set_secrets), unless the command asked for raw
            // output.
            output_line l{s, std::string(buf.data() + e.offset, e.length), now, e.partial, e.no_newline};
            if (cmd.on_line)
                cmd.on_line(l);
            if (sinks_want_lines)
                emit(event_kind::line, std::move(l.text), 0, s);
        }
    }
}

inline void child_state::tee(stream_id s, int fd, line_splitter& sp, bool all)
{
    // Only bytes that can no longer change go to the log: with secrets, the last `longest - 1` bytes wait
    // for the next read (a secret may begin there).
    // After finish() everything is final, so `all` needs nothing more.
    (void)all;
    std::size_t end = sp.final_end();
    std::size_t from = sp.teed();
    if (end <= from)
        return;
    if (fd >= 0 && stats(s).log_bytes_lost == 0)
    {
        std::size_t written = 0;
        if (int err = write_all_no_sigpipe(fd, sp.buffer().data() + from, end - from, written); err != 0)
            note_log_loss(s, end - from - written, err);
    }
    else if (fd >= 0)
        stats(s).log_bytes_lost += end - from; // once a write failed, the rest is counted, not tried
    sp.set_teed(end);
}

inline asio::awaitable<void> child_state::send_batch(output_batch b)
{
    // Back-pressure in bytes: while the channel holds the budget, wait for the consumer (the child then
    // blocks on its full pipe). One batch always fits, so a huge batch cannot wedge the stream.
    while (queued_bytes > 0 && queued_bytes + batch_cost(b) > channel_byte_budget && !discard)
    {
        space_timer.expires_at(asio::steady_timer::time_point::max());
        co_await space_timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    queued_bytes += batch_cost(b);
    co_await channel.async_send(error_code{}, std::move(b), asio::as_tuple(asio::use_awaitable));
}

inline asio::awaitable<void> child_state::read_loop(stream_id s)
{
    auto self = shared_from_this();
    auto& pipe = s == stream_id::out ? out_pipe : err_pipe;
    int tee_fd = s == stream_id::out ? tee_out_fd : tee_err_fd;
    line_splitter sp(cmd.max_line_length);
    if (!cmd.raw_output && !cmd.secrets.empty())
        sp.set_secrets(cmd.secrets);
    std::vector<output_batch::entry> entries;
    std::size_t chunk = initial_read_chunk;
    bool grown = false;
    bool eof = false;
    bool first_read = true;
    auto make_batch = [&] {
        output_batch b;
        b.source = s;
        b.when = std::chrono::system_clock::now();
        b.lines = std::move(entries);
        // Sized like the last batch: growing from empty faulted in fresh pages for every 1 MiB read of
        // short lines (a third of the reader's time in W3-lines, docs/performance.md).
        entries = {};
        entries.reserve(b.lines.size());
        return b;
    };
    while (!eof)
    {
        auto [ec] = co_await pipe.async_wait(
            asio::posix::stream_descriptor::wait_read, asio::as_tuple(asio::use_awaitable)
        );
        if (ec || !pipe.is_open())
            break;
        // Read until the pipe is empty (bounded, to stay fair to other children).
        for (int round = 0; round < 8 && !eof; ++round)
        {
            char* p = nullptr;
            std::size_t cap = 0;
            ssize_t n = 0;
            bool probe = first_read;
            if (probe)
            {
                // Most children end (or are stopped) before writing a byte: their first read is EOF, and
                // a thread-local scratch spares them a zero-filled 64 KiB buffer (W1, W5).
                n = ::read(pipe.native_handle(), first_read_scratch.data(), first_read_scratch.size());
                if (n > 0)
                {
                    first_read = false;
                    p = sp.prepare(chunk);
                    std::memcpy(p, first_read_scratch.data(), static_cast<std::size_t>(n));
                }
                cap = first_read_scratch.size();
            }
            else
            {
                p = sp.prepare(chunk);
                cap = sp.capacity_after_pending();
                n = ::read(pipe.native_handle(), p, cap);
            }
            if (n < 0)
            {
                if (errno == EINTR)
                    continue;
                if (errno != EAGAIN)
                    eof = true;
                break;
            }
            if (n == 0)
            {
                eof = true;
                break;
            }
            stats(s).bytes += static_cast<std::uint64_t>(n);
            // A full 16 KiB first read says nothing yet about a busy stream.
            if (static_cast<std::size_t>(n) == cap && !grown && !probe)
            {
                // A busy stream: a 1 MiB pipe triples cross-CPU throughput (docs/performance.md, W3).
                // Grown lazily so thousands of quiet children do not pin pipe memory.
                grown = true;
                if (cmd.transport == output_transport::pipe)
                    ::fcntl(pipe.native_handle(), F_SETPIPE_SZ, static_cast<int>(large_read_chunk));
                chunk = large_read_chunk;
            }
            sp.commit(static_cast<std::size_t>(n));
            // Nobody takes lines (async_run without on_line or line events): count them and keep the tail
            // only.
            bool lines_wanted = (streaming && !discard) || cmd.on_line || sinks_want_lines;
            entries.clear();
            if (!lines_wanted && sp.split_counting(entries, cmd.tail_lines))
            {
                process_lines(s, sp, entries);
                tee(s, tee_fd, sp, false);
                sp.consume();
            }
            else
            {
                for (bool done = false; !done;)
                {
                    entries.clear();
                    std::size_t start = sp.consumed();
                    done = sp.split(entries, max_batch_entries);
                    process_lines(s, sp, entries);
                    tee(s, tee_fd, sp, false);
                    if (!entries.empty() && streaming && !discard)
                    {
                        output_batch b = make_batch();
                        if (done) // the read's last batch takes the whole buffer: no copy
                            b.data = sp.release(take_buffer());
                        else
                        {
                            // A dense read (many short lines) is cut into batches of max_batch_entries:
                            // each gets a copy of its own bytes, so it holds kilobytes, not the buffer.
                            b.data.assign(sp.buffer().data() + start, sp.consumed() - start);
                            for (auto& e : b.lines)
                                e.offset -= static_cast<std::uint32_t>(start);
                        }
                        co_await send_batch(std::move(b));
                    }
                    else if (done)
                        sp.consume();
                }
            }
            if (static_cast<std::size_t>(n) < cap)
                break;
        }
    }
    entries.clear();
    sp.finish(entries);
    process_lines(s, sp, entries);
    tee(s, tee_fd, sp, true);
    if (!entries.empty() && streaming && !discard)
    {
        output_batch b = make_batch();
        b.data = sp.release({});
        co_await send_batch(std::move(b));
    }
    if (pipe.is_open())
    {
        error_code ignored;
        pipe.close(ignored);
    }
    if (--readers_open == 0)
        linger_timer.cancel();
}

inline asio::awaitable<void> child_state::supervise()
{
    auto self = shared_from_this();
    auto [ec] = co_await pidfd.async_wait(
        asio::posix::stream_descriptor::wait_read, asio::as_tuple(asio::use_awaitable)
    );
    (void)ec;
    if (!reaped)
    {
        // The leader is a zombie and still holds the pgid: killing the group now cannot hit a recycled one.
        if (cmd.kill_group_on_exit)
            signal_group(result.pid, SIGKILL);
        reap_into(result.pid, result, pending);
        reaped = true;
        core->child_reaped(*this);
    }
    result.finished_at = std::chrono::system_clock::now();
    result.elapsed = std::chrono::steady_clock::now() - t0;
    {
        error_code ignored;
        pidfd.close(ignored);
    }
    deadline_timer.cancel();
    stop_timer.cancel();
    if (readers_open > 0)
    {
        linger_timer.expires_after(core->cfg.pipe_linger);
        while (readers_open > 0)
        {
            auto [lec] = co_await linger_timer.async_wait(asio::as_tuple(asio::use_awaitable));
            if (!lec && readers_open > 0 && !linger_expired)
            {
                // A descendant outside the process group (setsid) still holds the pipes.
                linger_expired = true;
                result.notes.push_back(
                    "output pipes were still held open " + std::to_string(core->cfg.pipe_linger.count()) +
                    " ms after the tool exited (a descendant left its process group); stopped reading"
                );
                error_code ignored;
                out_pipe.cancel(ignored);
                err_pipe.cancel(ignored);
                out_pipe.close(ignored);
                err_pipe.close(ignored);
                linger_timer.expires_after(std::chrono::seconds(5));
            }
        }
    }
    {
        error_code ignored;
        in_pipe.close(ignored);
    }
    if (result.out.long_lines || result.err.long_lines)
        result.notes.push_back(
            std::to_string(result.out.long_lines + result.err.long_lines) + " line(s) longer than " +
            std::to_string(cmd.max_line_length) + " bytes were delivered in pieces"
        );
    if (streaming)
    {
        // Also in discard mode: the drain coroutine ends on this marker (without it, it would wait forever
        // and keep the io_context busy).
        output_batch eof;
        eof.eof = true;
        co_await channel.async_send(error_code{}, std::move(eof), asio::as_tuple(asio::use_awaitable));
    }
    finished = true;
    if (!core->cfg.sinks.empty()) // the text is built only for someone who reads it
        emit(event_kind::finished, result.describe());
    complete_waiters();
    core->remove(self);
}

inline asio::awaitable<void> child_state::drain()
{
    auto self = shared_from_this();
    while (!eof_delivered)
    {
        auto [ec, b] = co_await channel.async_receive(asio::as_tuple(asio::use_awaitable));
        if (ec || b.eof)
            break;
        batch_taken(b);
        recycle(std::move(b.data));
    }
    eof_delivered = true;
}

inline void child_state::stop_streaming()
{
    if (!streaming || discard)
        return;
    discard = true;
    space_timer.cancel();
    if (!eof_delivered)
        asio::co_spawn(ex, drain(), asio::detached);
}

inline void child_state::add_waiter(result_waiter w)
{
    if (finished)
    {
        w.slot.clear();
        asio::post(w.work, [h = std::move(w.handler), r = result, ec = final_ec()]() mutable {
            std::move(h)(ec, std::move(r));
        });
        return;
    }
    waiters.push_back(std::move(w));
}

inline void child_state::complete_waiters()
{
    auto ws = std::move(waiters);
    waiters.clear();
    for (auto& w : ws)
    {
        w.slot.clear();
        asio::post(w.work, [h = std::move(w.handler), r = result, ec = final_ec()]() mutable {
            std::move(h)(ec, std::move(r));
        });
    }
}

// ---------------------------------------------------------------------------------------------------------

inline std::shared_ptr<child_state>
runner_core::spawn(command cmd, bool streaming, error_code& ec, deadline effective)
{
    ec = {};
    auto c = std::make_shared<child_state>(ex, shared_from_this());
    c->streaming = streaming;
    c->sinks_want_lines = sinks_want_lines();
    c->policy = cmd.stop.value_or(cfg.default_stop);
    c->result.label = cmd.label.empty() ? std::filesystem::path(cmd.program).filename().string() : cmd.label;
    c->result.started_at = std::chrono::system_clock::now();
    c->t0 = std::chrono::steady_clock::now();
    c->effective = effective;
    c->cmd = std::move(cmd);
    command& k = c->cmd;

    auto fail = [&](error_code e, end_reason r, std::string msg) {
        ec = e;
        c->spawn_error = e;
        c->result.reason = r;
        c->result.error_message = std::move(msg);
        c->result.finished_at = std::chrono::system_clock::now();
        c->finished = true;
        c->eof_delivered = true;
        c->emit(event_kind::spawn_failed, c->result.error_message);
        return c;
    };

    if (auto bad = check_command(k); !bad.empty())
    {
        c->result.argv.push_back(redact(k.program, k.secrets));
        return fail(errc::invalid_command, end_reason::not_started, bad);
    }
    // argv: launch prefix, then the tool.
    std::vector<std::string> argv;
    std::string resolve_msg;
    error_code rec;
    auto tool = resolve_program(k.program, cfg.bin_dirs, cfg.search_path, rec, resolve_msg);
    if (rec)
    {
        c->result.argv.push_back(k.program);
        for (const auto& a : k.args)
            c->result.argv.push_back(redact(a, k.secrets));
        return fail(rec, end_reason::not_started, resolve_msg);
    }
    std::filesystem::path exe = tool;
    if (!k.launch_prefix.empty())
    {
        auto pre = resolve_program(k.launch_prefix[0], cfg.bin_dirs, cfg.search_path, rec, resolve_msg);
        if (rec)
            return fail(rec, end_reason::not_started, "launch prefix: " + resolve_msg);
        exe = pre;
        argv.push_back(pre.string());
        argv.insert(argv.end(), k.launch_prefix.begin() + 1, k.launch_prefix.end());
        argv.push_back(tool.string());
    }
    else
        argv.push_back(tool.string());
    argv.insert(argv.end(), k.args.begin(), k.args.end());
    c->result.executable = exe;
    for (const auto& a : argv)
        c->result.argv.push_back(k.secrets.empty() ? a : redact(a, k.secrets));

    if (closed)
        return fail(asio::error::operation_aborted, end_reason::not_started, "the runner is shutting down");
    // Checked at every spawn (the disposition may change at any time): the run would happen, but its
    // result would be a lie.
    if (sigchld_ignored())
        return fail(errc::exit_status_unknown, end_reason::not_started, sigchld_ignored_message);
    if (c->effective.expired())
    {
        ec = errc::deadline_exceeded;
        c->spawn_error = ec;
        c->result.reason = end_reason::deadline;
        c->result.error_message = "the deadline had passed before the tool could be started";
        c->result.finished_at = std::chrono::system_clock::now();
        c->finished = true;
        c->eof_delivered = true;
        c->emit(event_kind::spawn_failed, c->result.error_message);
        return c;
    }

    // Descriptors: every one O_CLOEXEC so concurrent spawns on other threads cannot inherit them.
    int in_child = -1, in_parent = -1;
    int out_fds[2] = {-1, -1}, err_fds[2] = {-1, -1};
    bool in_child_shared = false; // the runner's /dev/null, kept open across spawns
    auto close_all = [&] {
        if (in_child_shared)
            in_child = -1;
        for (int fd : {in_child, in_parent, out_fds[0], out_fds[1], err_fds[0], err_fds[1]})
            if (fd >= 0)
                ::close(fd);
    };
    auto sys_fail = [&](const std::string& what) {
        int e = errno;
        close_all();
        return fail(errc::spawn_failed, end_reason::spawn_failed, what + ": " + std::strerror(e));
    };
    switch (k.stdin_source.type)
    {
    case stdin_spec::kind::null:
        if (devnull_fd < 0)
            devnull_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        in_child = devnull_fd;
        in_child_shared = in_child >= 0;
        break;
    case stdin_spec::kind::file:
        in_child = ::open(k.stdin_source.path.c_str(), O_RDONLY | O_CLOEXEC);
        if (in_child < 0)
            return sys_fail("cannot open stdin file '" + k.stdin_source.path.string() + "'");
        break;
    case stdin_spec::kind::pipe: {
        int p[2];
        if (::pipe2(p, O_CLOEXEC) != 0)
            return sys_fail("pipe2");
        in_child = p[0];
        in_parent = p[1];
        break;
    }
    }
    if (in_child < 0)
        return sys_fail("open /dev/null");
    auto make_pair = [&](int fds[2]) {
        if (k.transport == output_transport::socketpair)
            return ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
        return ::pipe2(fds, O_CLOEXEC);
    };
    if (make_pair(out_fds) != 0 || make_pair(err_fds) != 0)
        return sys_fail("pipe2");
    if (!k.stdout_log.empty())
    {
        c->tee_out_fd = ::open(k.stdout_log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (c->tee_out_fd < 0)
            return sys_fail("cannot open log file '" + k.stdout_log.string() + "'");
        c->result.out.log_file = k.stdout_log;
    }
    if (!k.stderr_log.empty())
    {
        if (k.stderr_log == k.stdout_log)
        {
            c->tee_err_fd = c->tee_out_fd;
            c->tee_shared = true;
        }
        else
        {
            c->tee_err_fd = ::open(k.stderr_log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
            if (c->tee_err_fd < 0)
                return sys_fail("cannot open log file '" + k.stderr_log.string() + "'");
        }
        c->result.err.log_file = k.stderr_log;
    }

    std::vector<std::string> envs = build_environment(k.env);
    std::vector<char*> envp, argvp;
    for (auto& s : envs)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    for (auto& s : argv)
        argvp.push_back(s.data());
    argvp.push_back(nullptr);
    std::string exe_str = exe.string();
    std::string cwd = k.working_directory.string();

    spawn_request req;
    req.path = exe_str.c_str();
    req.argv = argvp.data();
    req.envp = envp.data();
    req.stdin_fd = in_child;
    req.stdout_fd = out_fds[1];
    req.stderr_fd = err_fds[1];
    req.cwd = cwd.empty() ? nullptr : cwd.c_str();
    req.die_with_parent = k.die_with_parent;
    req.limits = k.limits.data();
    req.nlimits = k.limits.size();
    req.keep_fds = k.inherit_fds.data();
    req.nkeep_fds = k.inherit_fds.size();
    contain.ensure_started();
    req.cgroup_procs_fd = contain.cgroup_procs_fd();
    req.cgroup_dir_fd = contain.cgroup_dir_fd();
    // Boost 1.81's B3 shows what unflushed stdio does around a spawn; we never run atexit in the child, but
    // flushing keeps interleaving with the child's output sane.
    std::fflush(nullptr);
    spawn_outcome so = spawn_process(req);
    if (!in_child_shared)
        ::close(in_child);
    in_child = -1;
    ::close(out_fds[1]);
    out_fds[1] = -1;
    ::close(err_fds[1]);
    err_fds[1] = -1;
    if (so.error)
    {
        int e = so.error;
        close_all();
        std::string what = so.step ? so.step : "spawn";
        std::string msg = what + "(" + exe_str + "): " + std::strerror(e);
        if (what == "chdir")
            msg = "cannot change into working directory '" + cwd + "': " + std::strerror(e);
        if (what == "cgroup.procs")
            msg = "cannot join the runner's cgroup (" + contain.info().note + "): " + std::strerror(e) +
                  "; set runner_config::containment = containment_mode::process_group";
        return fail(errc::spawn_failed, end_reason::spawn_failed, msg);
    }
    c->result.pid = so.pid;
    c->seq = next_seq++;
    contain.add_group(so.pid);
    c->pidfd.assign(so.pidfd);
    c->out_pipe.assign(out_fds[0]);
    c->err_pipe.assign(err_fds[0]);
    // Through Asio (one ioctl each), not fcntl: Asio then knows and does not set it again on the first wait.
    // The read loops call read(2) themselves and rely on it.
    error_code nb;
    c->out_pipe.non_blocking(true, nb);
    c->err_pipe.non_blocking(true, nb);
    if (in_parent >= 0)
    {
        c->in_pipe.assign(in_parent);
        c->in_pipe.non_blocking(true, nb);
    }
    c->live_pos = live.insert(live.end(), c);
    c->in_live = true;
    if (!cfg.sinks.empty())
        c->emit(event_kind::started, c->result.command_line());
    c->start();
    return c;
}

inline void runner_core::shutdown()
{
    closed = true;
    auto q = std::move(slot_queue);
    slot_queue.clear();
    for (auto& w : q)
    {
        w.slot.clear();
        asio::post(w.work, [h = std::move(w.handler)]() mutable {
            std::move(h)(asio::error::operation_aborted);
        });
    }
    // The safety net: whatever is still alive is killed and reaped now, synchronously.
    for (auto& c : live)
    {
        if (c->reaped)
            continue;
        signal_group(c->result.pid, SIGKILL);
        c->result.last_stop_signal = SIGKILL;
        if (c->pending == end_reason::not_started)
            c->pending = end_reason::stop_requested;
        reap_into(c->result.pid, c->result, c->pending);
        c->reaped = true;
        contain.remove_group(c->result.pid);
        c->result.notes.push_back("killed and reaped when its tool_runner was destroyed");
        c->emit(event_kind::killed, "tool_runner destroyed", SIGKILL);
        error_code ignored;
        c->pidfd.cancel(ignored);
        c->stop_timer.cancel();
        c->deadline_timer.cancel();
    }
    // Descendants that left their process groups are still in the runner's cgroup: they go too. A subreaper
    // host inherited them, so they are reaped here (waitpid on a pid that is not our child fails at once).
    std::vector<pid_t> rest = contain.cgroup_pids();
    contain.kill_cgroup();
    for (pid_t p : rest)
        while (::waitpid(p, nullptr, 0) < 0 && errno == EINTR)
        {
        }
    if (host_is_subreaper())
        for (pid_t pg : orphan_groups)
        {
            siginfo_t si{};
            while (::waitid(P_PGID, static_cast<id_t>(pg), &si, WEXITED | WNOHANG) == 0 && si.si_pid != 0)
                si = {};
        }
    orphan_timer.cancel();
    contain.close();
}

} // namespace arangokit::detail

#endif
