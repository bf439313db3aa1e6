// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_TOOL_EVENT_HPP
#define ARANGOKIT_PROCESS_TOOL_EVENT_HPP

#include <arangokit/deadline.hpp>
#include <arangokit/output_line.hpp>
#include <arangokit/process/detail/pipe_write.hpp>
#include <arangokit/tool_result.hpp>

#include <arangokit/detail/json_text.hpp>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace arangokit {

/// What happened to a tool run.
enum class event_kind
{
    started,      ///< the child was spawned (argv redacted)
    line,         ///< one output line (only for sinks whose wants_lines() is true)
    timed_out,    ///< the effective deadline expired; the graded stop begins
    stopped,      ///< the graded stop sent SIGINT or SIGTERM
    killed,       ///< SIGKILL was sent (graded stop's last step, kill(), or runner shutdown)
    finished,     ///< the run ended; `result` is final
    spawn_failed, ///< the tool could not be started; `result` says why
    progress,     ///< a tool-specific progress report (ArangoDB layer)
    sample,       ///< a resource sample of the run's process group (`sample` is set)
};

inline const char* to_string(event_kind k) noexcept
{
    switch (k)
    {
    case event_kind::started:
        return "started";
    case event_kind::line:
        return "line";
    case event_kind::timed_out:
        return "timed_out";
    case event_kind::stopped:
        return "stopped";
    case event_kind::killed:
        return "killed";
    case event_kind::finished:
        return "finished";
    case event_kind::spawn_failed:
        return "spawn_failed";
    case event_kind::progress:
        return "progress";
    case event_kind::sample:
        return "sample";
    }
    return "?";
}

/// \brief A structured event. Strings are already redacted. `result` is set for finished/spawn_failed.
struct tool_event
{
    event_kind kind = event_kind::started;
    std::string label{};
    int pid = 0;
    std::chrono::system_clock::time_point when{};
    stream_id stream = stream_id::out; ///< for `line`
    std::string text{};                ///< the line, the command line (started), or a message
    int signal = 0;                    ///< for stopped/killed
    const tool_result* result = nullptr;
    const resource_sample* sample = nullptr; ///< for `sample`
    deadline effective_deadline{};           ///< the run's effective deadline when the event was sent
};

/// \brief Receives events. Called on the runner's executor; must not block for long.
class event_sink
{
  public:
    virtual ~event_sink() = default;
    /// Line events are costly at millions of lines per second: only sinks that ask get them.
    virtual bool wants_lines() const noexcept { return false; }
    virtual void on_event(const tool_event& e) = 0;
};

/// \brief Adapts a callable to an event_sink.
class callback_event_sink final : public event_sink
{
  public:
    explicit callback_event_sink(std::function<void(const tool_event&)> f, bool lines = false)
        : f_(std::move(f)), lines_(lines)
    {
    }
    bool wants_lines() const noexcept override { return lines_; }
    void on_event(const tool_event& e) override { f_(e); }

  private:
    std::function<void(const tool_event&)> f_;
    bool lines_{};
};

namespace detail {

// Tools print arbitrary bytes; JSON strings must be UTF-8, or readers reject the whole line. Invalid
// sequences become U+FFFD.
inline std::string valid_utf8(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size())
    {
        auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
        bool ok = n != 0 && i + n <= s.size();
        for (std::size_t k = 1; ok && k < n; ++k)
            ok = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
        if (ok && n > 1)
        {
            std::uint32_t cp = b & (0x7f >> n);
            for (std::size_t k = 1; k < n; ++k)
                cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
            static constexpr std::uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
            ok = cp >= min_cp[n] && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
        }
        if (ok)
        {
            out.append(s.data() + i, n);
            i += n;
        }
        else
        {
            out += "\xef\xbf\xbd";
            ++i;
        }
    }
    return out;
}

} // namespace detail

/// \brief Serializes an event as one JSON object (no newline). Text that is not UTF-8 is repaired (U+FFFD).
inline std::string to_json(const tool_event& e)
{
    detail::json_object_text o;
    o.add("event", to_string(e.kind));
    o.add("label", detail::valid_utf8(e.label));
    o.add("pid", e.pid);
    o.add(
        "time_us", std::chrono::duration_cast<std::chrono::microseconds>(e.when.time_since_epoch()).count()
    );
    if (e.kind == event_kind::line)
        o.add("stream", to_string(e.stream));
    if (!e.text.empty())
        o.add("text", detail::valid_utf8(e.text));
    if (e.signal)
        o.add("signal", e.signal);
    if (e.sample)
    {
        detail::json_object_text smp;
        smp.add("at_ms", e.sample->at.count());
        smp.add("cpu_us", e.sample->cpu.count());
        smp.add("cpu_share", e.sample->cpu_share);
        smp.add("rss_kib", e.sample->rss_kib);
        smp.add("processes", e.sample->processes);
        o.add_object("sample", smp);
    }
    if (e.result)
    {
        const tool_result& r = *e.result;
        detail::json_object_text res;
        res.add("reason", to_string(r.reason));
        if (r.exit_code)
            res.add("exit_code", *r.exit_code);
        if (r.term_signal)
            res.add("signal", r.term_signal);
        res.add("core_dumped", r.core_dumped);
        res.add("elapsed_ms", std::chrono::duration<double, std::milli>(r.elapsed).count());
        res.add("user_cpu_us", r.usage.user_cpu.count());
        res.add("system_cpu_us", r.usage.system_cpu.count());
        res.add("max_rss_kib", r.usage.max_rss_kib);
        if (r.sampled.samples)
        {
            res.add("samples", r.sampled.samples);
            res.add("peak_sampled_rss_kib", r.sampled.peak_rss_kib);
            res.add("peak_cpu_share", r.sampled.peak_cpu_share);
        }
        res.add("stdout_lines", r.out.lines);
        res.add("stderr_lines", r.err.lines);
        if (!r.error_message.empty())
            res.add("error", detail::valid_utf8(r.error_message));
        o.add_object("result", res);
    }
    return o.str();
}

/// \brief Writes every event as a JSON line to a stream or a file. Thread-safe.
/// \details A file is created with mode 0600 (events carry output lines) and appended to. A write that
/// fails (disk full, a closed stream) is never silent: `lost()` counts the events that could not be
/// written, `error()` says why (the first failure, with the path), and once the target is writable again
/// the next event that gets through is preceded by a `{"event":"lost","count":N}` line.
class jsonl_event_sink final : public event_sink
{
  public:
    explicit jsonl_event_sink(std::ostream& os, bool lines = false) : os_(&os), lines_(lines) {}
    explicit jsonl_event_sink(const std::string& path, bool lines = false) : path_(path), lines_(lines)
    {
        fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd_ < 0)
            error_ = "cannot open event file '" + path + "': " + std::strerror(errno);
    }
    jsonl_event_sink(const jsonl_event_sink&) = delete;
    jsonl_event_sink& operator=(const jsonl_event_sink&) = delete;
    ~jsonl_event_sink() override
    {
        if (fd_ >= 0)
            ::close(fd_);
    }
    bool wants_lines() const noexcept override { return lines_; }
    void on_event(const tool_event& e) override
    {
        std::string s = to_json(e);
        s += '\n';
        std::lock_guard<std::mutex> lk(mu_);
        if (lost_ > lost_reported_)
        {
            std::string note =
                "{\"event\":\"lost\",\"count\":" + std::to_string(lost_ - lost_reported_) + "}\n";
            if (write_out(note))
                lost_reported_ = lost_;
        }
        if (!write_out(s))
            ++lost_;
    }
    /// Events that could not be written.
    std::uint64_t lost() const
    {
        std::lock_guard<std::mutex> lk(mu_);
        return lost_;
    }
    /// The first write failure, with the path (empty while nothing was lost).
    std::string error() const
    {
        std::lock_guard<std::mutex> lk(mu_);
        return error_;
    }

  private:
    bool write_out(const std::string& s)
    {
        if (os_)
        {
            *os_ << s;
            os_->flush();
            if (*os_)
                return true;
            os_->clear();
            if (error_.empty())
                error_ = "the event stream refused a write";
            return false;
        }
        if (fd_ < 0)
            return false;
        std::size_t written = 0;
        if (int err = detail::write_all_no_sigpipe(fd_, s.data(), s.size(), written); err != 0)
        {
            if (error_.empty())
                error_ = "cannot write to event file '" + path_ + "': " + std::strerror(err);
            if (written > 0)
                write_out("\n"); // end the torn line, so readers skip one bad line, not two
            return false;
        }
        return true;
    }

    std::string path_{};
    int fd_ = -1;
    std::ostream* os_ = nullptr;
    bool lines_{};
    std::uint64_t lost_ = 0, lost_reported_ = 0;
    std::string error_{};
    mutable std::mutex mu_{};
};

} // namespace arangokit

#endif
