// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_REPORTS_PROGRESS_LINE_HPP
#define ARANGOKIT_REPORTS_PROGRESS_LINE_HPP

#include <arangokit/process/tool_event.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <sys/ioctl.h>
#include <unistd.h>
#include <vector>

namespace arangokit {

/// \brief An event sink that keeps one terminal line up to date with the progress of long tools (imports,
/// dumps, restores, benchmarks: whatever emits `event_kind::progress`), e.g.
/// `[arangoimport 12.3 s] processed 1.0 MB (40%) | [arangodump 3.1 s] # Dumping collection 'orders'...`.
/// \details On only when its descriptor is a terminal (`isatty`): written to a pipe or a file (CI logs) it
/// does nothing at all, so a log never fills with carriage returns. A tool leaves the line when it finishes;
/// the line is erased when no tool with progress is left. The line is cut to the terminal's width and
/// redrawn at most every `min_interval`, except when a tool comes or goes. Thread-safe; add it to a runner's
/// sinks (`runner_config::sinks` or `tool_runner::add_sink`). Something else printing to the same terminal
/// calls `clear()` first; the next progress event draws the line again.
class progress_line final : public event_sink
{
  public:
    /// Draws on `fd` (standard error by default) if it is a terminal. The descriptor stays the caller's.
    explicit progress_line(
        int fd = STDERR_FILENO, std::chrono::milliseconds min_interval = std::chrono::milliseconds(100)
    )
        : fd_(fd), on_(::isatty(fd) == 1), min_interval_(min_interval)
    {
    }
    /// Whether it draws at all (the descriptor is a terminal).
    bool enabled() const noexcept { return on_; }
    /// Times the line was drawn or erased.
    std::uint64_t redraws() const
    {
        std::lock_guard<std::mutex> lk(mu_);
        return redraws_;
    }
    /// Erases the line, if one is shown.
    void clear()
    {
        std::lock_guard<std::mutex> lk(mu_);
        if (shown_)
            write_line({});
    }

    void on_event(const tool_event& e) override
    {
        if (!on_)
            return;
        std::lock_guard<std::mutex> lk(mu_);
        auto now = std::chrono::steady_clock::now();
        auto it =
            std::find_if(active_.begin(), active_.end(), [&](const entry& a) { return a.label == e.label; });
        switch (e.kind)
        {
        case event_kind::started:
            // Remembered only for its start time; shown once it reports progress.
            if (it == active_.end())
                active_.push_back({e.label, now, {}});
            else
                it->since = now;
            return;
        case event_kind::progress: {
            bool appeared = it == active_.end() || it->text.empty();
            if (it == active_.end())
                it = active_.insert(active_.end(), entry{e.label, now, {}});
            it->text = printable(e.text);
            if (appeared || now - last_draw_ >= min_interval_)
                draw(now);
            return;
        }
        case event_kind::finished:
        case event_kind::spawn_failed: {
            if (it == active_.end())
                return;
            bool had = !it->text.empty();
            active_.erase(it);
            if (had)
                draw(now);
            return;
        }
        default:
            return;
        }
    }

  private:
    struct entry
    {
        std::string label;
        std::chrono::steady_clock::time_point since;
        std::string text; // empty until the tool reported progress
    };

    static std::string printable(const std::string& s)
    {
        std::string out;
        out.reserve(s.size());
        for (char c : s)
            if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f)
                out += c;
        return out;
    }
    std::size_t columns() const
    {
        winsize ws{};
        if (::ioctl(fd_, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
            return ws.ws_col;
        return 80;
    }
    void draw(std::chrono::steady_clock::time_point now)
    {
        std::string line;
        for (const auto& a : active_)
        {
            if (a.text.empty())
                continue;
            if (!line.empty())
                line += " | ";
            char secs[32];
            std::snprintf(
                secs, sizeof secs, " %.1f s] ", std::chrono::duration<double>(now - a.since).count()
            );
            line += "[" + a.label + secs + a.text;
        }
        // Cut to the width (the last column stays free: writing it wraps on some terminals). Bytes, not
        // glyphs: a cut inside a multi-byte character is mended by the terminal on the next redraw.
        std::size_t w = columns() - 1;
        if (line.size() > w)
            line.resize(w);
        last_draw_ = now;
        write_line(line);
    }
    void write_line(const std::string& line)
    {
        std::string s = "\r" + line + "\x1b[K";
        // A terminal: no SIGPIPE to fear. A failed write only costs this redraw.
        for (std::size_t off = 0; off < s.size();)
        {
            ssize_t n = ::write(fd_, s.data() + off, s.size() - off);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            off += static_cast<std::size_t>(n);
        }
        shown_ = !line.empty();
        ++redraws_;
    }

    int fd_;
    bool on_;
    std::chrono::milliseconds min_interval_;
    mutable std::mutex mu_{};
    std::vector<entry> active_{};
    std::chrono::steady_clock::time_point last_draw_{};
    bool shown_ = false;
    std::uint64_t redraws_ = 0;
};

} // namespace arangokit

#endif
