// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_REPORTS_STATUS_BOARD_HPP
#define ARANGOKIT_REPORTS_STATUS_BOARD_HPP

#include <arangokit/concurrency/group_event.hpp>
#include <arangokit/process/tool_event.hpp>
#include <arangokit/reports/json_summary.hpp>
#include <arangokit/reports/report_entry.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arangokit {

/// \brief What a `status_board` keeps.
struct status_board_options
{
    std::string title{};        ///< shown as the page's heading and the snapshot's `title`
    std::size_t tail_lines = 8; ///< last output lines kept per run; 0: the board asks for no line events
    std::size_t max_line_bytes = 300; ///< longer lines are cut (the snapshot stays small)
    std::size_t chart_points = 60;    ///< CPU/RSS points kept per run for the charts (the newest)
    std::size_t max_runs = 200;       ///< beyond this many runs, the oldest finished ones are forgotten
};

/// \brief The live state of a scenario, built from the events the library already emits: an event sink for
/// the runner (`runner_config::sinks`) and a handler for groups (`group_options::on_event =
/// b->group_handler()`). \details Every event only updates a small struct under a mutex and bumps
/// `version()`: nothing is rendered, written or allocated beyond the strings the event brings, so the board
/// never slows the runner. `to_json()` renders the snapshot (schema `arangokit.status.v1`,
/// docs/guides/live-status.md) whenever a reader wants it; `status_server` serves it over HTTP.
///
/// What it shows of a run: the tool's label, pid, state (`running`, `stopping`, `timed_out`, then `passed`,
/// `failed`, `error` or `skipped` as the reports classify it), start, elapsed time, the time left to its
/// effective deadline, the last output lines (when `tail_lines` > 0), the latest progress report and its
/// percentage (`(40%)` in the text), the latest CPU and RSS sample with a short series (with
/// `runner_config::sample_interval` set), and for a finished run its outcome, message and diagnostics.
/// A group member is tied to the oldest live run with the same label that no member claimed yet (a tool
/// member's run starts, then the group reports the member started, in the same order); an awaitable member
/// has no run. Progress events carry no pid: they go to the newest live run with their label, so give
/// concurrent runs of one tool distinct labels (`command::label`) to tell their progress apart.
///
/// \par Thread safety
/// All members may be called from any thread; the runner may call `on_event` from its executor while a
/// server thread calls `to_json`.
class status_board final : public event_sink, public std::enable_shared_from_this<status_board>
{
  public:
    explicit status_board(status_board_options o = {}) : opt_(std::move(o)) {}

    bool wants_lines() const noexcept override { return opt_.tail_lines > 0; }

    void on_event(const tool_event& e) override
    {
        std::lock_guard<std::mutex> lk(mu_);
        switch (e.kind)
        {
        case event_kind::started: {
            run_entry& r = add_run(e);
            r.state = "running";
            break;
        }
        case event_kind::spawn_failed:
        case event_kind::finished: {
            run_entry* r = find_run(e);
            if (!r)
                r = &add_run(e);
            finish(*r, e);
            break;
        }
        case event_kind::line: {
            run_entry* r = find_run(e);
            if (!r)
                return;
            r->lines.push_back({e.stream == stream_id::err, cut(e.text)});
            while (r->lines.size() > opt_.tail_lines)
                r->lines.pop_front();
            break;
        }
        case event_kind::progress: {
            // Progress comes from the ArangoDB layer under the tool's name, without a pid.
            run_entry* r = find_run(e);
            if (!r)
                return;
            r->progress = cut(e.text);
            if (auto p = percent_in(e.text))
                r->percent = *p;
            break;
        }
        case event_kind::sample: {
            run_entry* r = find_run(e);
            if (!r || !e.sample)
                return;
            r->cpu_share = e.sample->cpu_share;
            r->rss_kib = e.sample->rss_kib;
            r->peak_rss_kib = std::max(r->peak_rss_kib, r->rss_kib);
            r->peak_cpu_share = std::max(r->peak_cpu_share, r->cpu_share);
            r->series.push_back(
                {std::chrono::duration<double>(e.sample->at).count(), e.sample->cpu_share,
                 static_cast<double>(e.sample->rss_kib)}
            );
            while (r->series.size() > opt_.chart_points)
                r->series.pop_front();
            break;
        }
        case event_kind::timed_out:
            if (run_entry* r = find_run(e))
                r->state = "timed_out";
            break;
        case event_kind::stopped:
        case event_kind::killed:
            if (run_entry* r = find_run(e); r && r->state == "running")
                r->state = "stopping";
            break;
        }
        bump();
    }

    /// \brief Records a group's change; `group_options::on_event = board->group_handler()` does it for you.
    void on_group_event(const group_event& e)
    {
        std::lock_guard<std::mutex> lk(mu_);
        group_entry& g = group(e.group);
        switch (e.kind)
        {
        case group_event_kind::member_started: {
            member_entry& m = member(g, e.index, e.label);
            m.state = member_outcome::running;
            m.run = link_run(e.group, e.index, e.label);
            break;
        }
        case group_event_kind::member_finished: {
            member_entry& m = member(g, e.index, e.label);
            m.state = e.outcome;
            m.iterations = std::max(m.iterations, e.iterations);
            break;
        }
        case group_event_kind::iterations:
            member(g, e.index, e.label).iterations = e.iterations;
            break;
        case group_event_kind::stop_requested:
            g.stop_reason = e.cause;
            break;
        case group_event_kind::finished:
            g.finished = true;
            g.iterations = e.iterations;
            break;
        }
        g.running = e.running;
        g.done = e.done;
        bump();
    }

    /// \brief A callable for `group_options::on_event`.
    /// \details A board owned by a `shared_ptr` is held weakly (events after its end are dropped); any other
    /// board must outlive the group.
    std::function<void(const group_event&)> group_handler()
    {
        std::weak_ptr<status_board> w = weak_from_this();
        if (w.expired())
            return [this](const group_event& e) { on_group_event(e); };
        return [w](const group_event& e) {
            if (auto s = w.lock())
                s->on_group_event(e);
        };
    }

    /// Bumped by every change; a reader renders again only when it moved.
    std::uint64_t version() const noexcept { return version_.load(std::memory_order_acquire); }

    const status_board_options& options() const noexcept { return opt_; }

    /// \brief The snapshot as one JSON object (schema `arangokit.status.v1`, no newline). `server`, when not
    /// empty, is a rendered JSON object added as the member `server`.
    std::string to_json(std::string_view server = {}) const
    {
        auto now = std::chrono::system_clock::now();
        auto steady_now = std::chrono::steady_clock::now();
        std::lock_guard<std::mutex> lk(mu_);
        std::string s = "{\"schema\":\"arangokit.status.v1\",\"version\":" + std::to_string(version());
        s += ",\"title\":";
        detail::append_summary_string(s, opt_.title);
        s += ",\"now\":";
        detail::append_json_string(s, detail::summary_time(now));
        std::size_t running = 0, failed = 0;
        for (const auto& r : runs_)
        {
            running += !r.finished;
            failed += r.finished && (r.state == "failed" || r.state == "error");
        }
        s += ",\"counts\":{\"runs\":" + std::to_string(runs_.size() + forgotten_) +
             ",\"running\":" + std::to_string(running) +
             ",\"failed\":" + std::to_string(failed + forgotten_failed_) +
             ",\"forgotten\":" + std::to_string(forgotten_) + "}";
        s += ",\"runs\":[";
        for (std::size_t i = 0; i < runs_.size(); ++i)
        {
            if (i)
                s += ',';
            render(s, runs_[i], now, steady_now);
        }
        s += "],\"groups\":[";
        for (std::size_t i = 0; i < groups_.size(); ++i)
        {
            if (i)
                s += ',';
            render(s, groups_[i]);
        }
        s += ']';
        if (!server.empty())
        {
            s += ",\"server\":";
            s += server;
        }
        s += '}';
        return s;
    }

  private:
    struct line_entry
    {
        bool err = false;
        std::string text;
    };
    struct point
    {
        double t_s, cpu, rss_kib;
    };
    struct run_entry
    {
        std::uint64_t id = 0;
        std::string label;
        int pid = 0;
        std::string state;
        bool finished = false;
        std::chrono::system_clock::time_point started{};
        std::chrono::duration<double> elapsed{}; // final, once finished
        deadline limit{};
        std::deque<line_entry> lines;
        std::string progress;
        double percent = -1;
        double cpu_share = 0, peak_cpu_share = 0;
        long rss_kib = 0, peak_rss_kib = 0;
        std::deque<point> series;
        std::string outcome, message, details;
        std::optional<int> exit_code;
        std::string group;
        long member = -1;
    };
    struct member_entry
    {
        std::size_t index = 0;
        std::string label;
        member_outcome state = member_outcome::pending;
        std::uint64_t iterations = 0;
        std::uint64_t run = 0; // 0: no run (an awaitable member, or not yet started)
    };
    struct group_entry
    {
        std::string name;
        std::vector<member_entry> members;
        std::size_t running = 0, done = 0;
        std::uint64_t iterations = 0;
        stop_cause stop_reason = stop_cause::none;
        bool finished = false;
    };

    void bump() { version_.fetch_add(1, std::memory_order_acq_rel); }

    std::string cut(const std::string& t) const
    {
        if (t.size() <= opt_.max_line_bytes)
            return t;
        return t.substr(0, opt_.max_line_bytes) + "...";
    }

    static std::optional<double> percent_in(std::string_view t)
    {
        auto pos = t.rfind('%');
        if (pos == std::string_view::npos)
            return std::nullopt;
        auto b = pos;
        while (b > 0 && (std::isdigit(static_cast<unsigned char>(t[b - 1])) || t[b - 1] == '.'))
            --b;
        if (b == pos)
            return std::nullopt;
        double v = std::strtod(std::string(t.substr(b, pos - b)).c_str(), nullptr);
        return std::clamp(v, 0.0, 100.0);
    }

    run_entry& add_run(const tool_event& e)
    {
        forget_old();
        run_entry r;
        r.id = ++next_id_;
        r.label = e.label;
        r.pid = e.pid;
        r.started = e.when;
        r.limit = e.effective_deadline;
        runs_.push_back(std::move(r));
        return runs_.back();
    }

    void forget_old()
    {
        while (runs_.size() >= opt_.max_runs)
        {
            auto it = std::find_if(runs_.begin(), runs_.end(), [](const run_entry& r) { return r.finished; });
            if (it == runs_.end())
                return;
            ++forgotten_;
            forgotten_failed_ += it->state == "failed" || it->state == "error";
            runs_.erase(it);
        }
    }

    // The newest live run the event belongs to: by pid, else (progress has none) by label.
    run_entry* find_run(const tool_event& e)
    {
        for (auto it = runs_.rbegin(); it != runs_.rend(); ++it)
            if (!it->finished && e.pid > 0 && it->pid == e.pid)
                return &*it;
        for (auto it = runs_.rbegin(); it != runs_.rend(); ++it)
            if (!it->finished && it->label == e.label && (e.pid <= 0 || it->pid <= 0))
                return &*it;
        return nullptr;
    }

    void finish(run_entry& r, const tool_event& e)
    {
        r.finished = true;
        if (!e.result)
        {
            r.state = "error";
            r.message = e.text;
            return;
        }
        const tool_result& res = *e.result;
        report_entry re = report_entry::from(res);
        r.state = to_string(re.status);
        r.outcome = re.outcome;
        r.message = re.message;
        r.details = re.details;
        r.exit_code = res.exit_code;
        r.elapsed = res.elapsed;
        if (r.pid <= 0)
            r.pid = res.pid;
        r.peak_rss_kib = std::max<long>(r.peak_rss_kib, re.peak_rss_kib);
        // The result's tails are complete even when the board asked for no line events.
        if (r.state != "passed" && !res.err.tail.empty())
        {
            std::size_t from = res.err.tail.size() > 5 ? res.err.tail.size() - 5 : 0;
            for (std::size_t i = from; i < res.err.tail.size(); ++i)
                r.details += "\nstderr: " + cut(res.err.tail[i]);
        }
    }

    group_entry& group(const std::string& name)
    {
        for (auto& g : groups_)
            if (g.name == name)
                return g;
        groups_.push_back({});
        groups_.back().name = name;
        return groups_.back();
    }

    static member_entry& member(group_entry& g, std::size_t index, const std::string& label)
    {
        for (auto& m : g.members)
            if (m.index == index)
            {
                if (!label.empty())
                    m.label = label;
                return m;
            }
        g.members.push_back({});
        g.members.back().index = index;
        g.members.back().label = label;
        std::sort(g.members.begin(), g.members.end(), [](const member_entry& a, const member_entry& b) {
            return a.index < b.index;
        });
        for (auto& m : g.members)
            if (m.index == index)
                return m;
        return g.members.back(); // not reached
    }

    // A tool member's run started before the group reported it; members started together report in the
    // order their runs started, so the oldest live run with the label that no member has claimed is its own.
    std::uint64_t link_run(const std::string& group_name, std::size_t index, const std::string& label)
    {
        for (auto it = runs_.begin(); it != runs_.end(); ++it)
            if (!it->finished && it->group.empty() && it->label == label)
            {
                it->group = group_name;
                it->member = static_cast<long>(index);
                return it->id;
            }
        return 0;
    }

    static void num(std::string& s, double v)
    {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.6g", v);
        s += buf;
    }

    void render(
        std::string& s,
        const run_entry& r,
        std::chrono::system_clock::time_point now,
        std::chrono::steady_clock::time_point steady_now
    ) const
    {
        s += "{\"id\":" + std::to_string(r.id) + ",\"tool\":";
        detail::append_summary_string(s, r.label);
        s += ",\"pid\":" + std::to_string(r.pid) + ",\"state\":";
        detail::append_json_string(s, r.state);
        s += ",\"finished\":";
        s += r.finished ? "true" : "false";
        s += ",\"started_at\":";
        detail::append_json_string(s, detail::summary_time(r.started));
        s += ",\"elapsed_s\":";
        num(s, r.finished ? r.elapsed.count() : std::chrono::duration<double>(now - r.started).count());
        s += ",\"deadline_left_s\":";
        if (r.limit.is_none() || r.finished)
            s += "null";
        else
            num(s, r.limit.time() > steady_now
                       ? std::chrono::duration<double>(r.limit.time() - steady_now).count()
                       : 0.0);
        s += ",\"group\":";
        detail::append_summary_string(s, r.group);
        s += ",\"member\":" + std::to_string(r.member);
        s += ",\"progress\":";
        detail::append_summary_string(s, r.progress);
        s += ",\"progress_percent\":";
        if (r.percent < 0)
            s += "null";
        else
            num(s, r.percent);
        s += ",\"cpu_share\":";
        num(s, r.cpu_share);
        s += ",\"rss_kib\":" + std::to_string(r.rss_kib);
        s += ",\"peak_cpu_share\":";
        num(s, r.peak_cpu_share);
        s += ",\"peak_rss_kib\":" + std::to_string(r.peak_rss_kib);
        s += ",\"series\":[";
        for (std::size_t i = 0; i < r.series.size(); ++i)
        {
            s += i ? ",[" : "[";
            num(s, r.series[i].t_s);
            s += ',';
            num(s, r.series[i].cpu);
            s += ',';
            num(s, r.series[i].rss_kib);
            s += ']';
        }
        s += "],\"last_lines\":[";
        for (std::size_t i = 0; i < r.lines.size(); ++i)
        {
            s += i ? ",{\"stream\":" : "{\"stream\":";
            s += r.lines[i].err ? "\"err\"" : "\"out\"";
            s += ",\"text\":";
            detail::append_summary_string(s, r.lines[i].text);
            s += '}';
        }
        s += "],\"outcome\":";
        detail::append_summary_string(s, r.outcome);
        s += ",\"exit_code\":";
        s += r.exit_code ? std::to_string(*r.exit_code) : std::string("null");
        s += ",\"message\":";
        detail::append_summary_string(s, r.message);
        s += ",\"details\":";
        detail::append_summary_string(s, r.details);
        s += '}';
    }

    void render(std::string& s, const group_entry& g) const
    {
        s += "{\"name\":";
        detail::append_summary_string(s, g.name);
        std::size_t counts[5] = {};
        for (const auto& m : g.members)
            ++counts[static_cast<int>(m.state)];
        s += ",\"total\":" + std::to_string(g.members.size()) + ",\"running\":" + std::to_string(g.running) +
             ",\"done\":" + std::to_string(g.done) +
             ",\"succeeded\":" + std::to_string(counts[static_cast<int>(member_outcome::succeeded)]) +
             ",\"failed\":" + std::to_string(counts[static_cast<int>(member_outcome::failed)]) +
             ",\"stopped\":" + std::to_string(counts[static_cast<int>(member_outcome::stopped)]);
        std::uint64_t its = g.iterations;
        if (!g.finished)
        {
            its = 0;
            for (const auto& m : g.members)
                its += m.iterations;
        }
        s += ",\"iterations\":" + std::to_string(its) + ",\"stop_cause\":";
        detail::append_json_string(s, to_string(g.stop_reason));
        s += ",\"finished\":";
        s += g.finished ? "true" : "false";
        s += ",\"members\":[";
        for (std::size_t i = 0; i < g.members.size(); ++i)
        {
            const auto& m = g.members[i];
            s += i ? ",{\"index\":" : "{\"index\":";
            s += std::to_string(m.index) + ",\"label\":";
            detail::append_summary_string(s, m.label);
            s += ",\"state\":";
            detail::append_json_string(s, to_string(m.state));
            s +=
                ",\"iterations\":" + std::to_string(m.iterations) + ",\"run\":" + std::to_string(m.run) + "}";
        }
        s += "]}";
    }

    status_board_options opt_;
    mutable std::mutex mu_{};
    std::atomic<std::uint64_t> version_{0};
    std::uint64_t next_id_ = 0;
    std::size_t forgotten_ = 0, forgotten_failed_ = 0;
    std::deque<run_entry> runs_{};
    std::deque<group_entry> groups_{};
};

} // namespace arangokit

#endif
