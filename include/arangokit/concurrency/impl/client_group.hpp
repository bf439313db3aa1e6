// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Bodies of concurrency/client_group.hpp's longer members.
#ifndef ARANGOKIT_CONCURRENCY_IMPL_CLIENT_GROUP_HPP
#define ARANGOKIT_CONCURRENCY_IMPL_CLIENT_GROUP_HPP

#include <arangokit/concurrency/client_group.hpp>

namespace arangokit {

inline std::size_t client_group::spawn(command cmd, member_options mo)
{
    if (!s_->runner)
        throw std::logic_error("client_group::spawn(command): this group has no tool_runner");
    return spawn_tool(std::move(cmd), std::move(mo), {});
}

template <typed_run Run>
typed_member<typename Run::report_type> client_group::spawn(Run run, member_options mo)
{
    using report_type = typename Run::report_type;
    if (!s_->runner)
        throw std::logic_error("client_group::spawn(run): this group has no tool_runner");
    auto slot = std::make_shared<std::optional<report_type>>();
    auto r = std::make_shared<Run>(std::move(run));
    auto finish = [r, slot](error_code& ec, std::string& message, tool_result& res) mutable {
        auto [fec, rep] = r->finish(ec, res);
        std::string why = r->failure_reason(rep);
        if (fec && !why.empty())
            message = res.describe() + ": " + why;
        ec = fec;
        slot->emplace(std::move(rep));
        r.reset(); // the run's state (parser, private files) ends with the member
    };
    // Not spawned (the group had stopped, or prepare failed): the run still makes its report, whose
    // result also names the member.
    auto not_spawned = [&](error_code ec, std::string why) -> typed_member<report_type> {
        tool_result res;
        res.reason = end_reason::not_started;
        res.error_message = why;
        std::string message;
        finish(ec, message, res);
        auto& m = s_->add_member(std::move(mo), true, res.label);
        m.res.tool = std::move(res);
        if (!s_->refuse_if_stopped(m))
        {
            s_->begin_member(m);
            if (message.empty())
                message = m.res.tool->describe();
            s_->finish_member(m, ec ? ec : error_code(errc::spawn_failed), nullptr, message);
        }
        return typed_member<report_type>(m.res.index, std::move(slot));
    };
    if (s_->stop.stop_requested()) // refused: nothing is prepared
        return not_spawned(errc::stopped, "not started: the group had already stopped");
    if (error_code pec = r->prepare(*s_->runner))
        return not_spawned(pec, pec.message());
    std::size_t i = spawn_tool(r->take_command(), std::move(mo), std::move(finish));
    return typed_member<report_type>(i, std::move(slot));
}

inline std::size_t client_group::adopt(running_tool tool, member_options mo)
{
    std::string def = tool.valid() ? tool.label() : std::string();
    auto& m = s_->add_member(std::move(mo), true, def);
    std::size_t i = m.res.index;
    s_->begin_member(m);
    on_started(s_, i, error_code{}, std::move(tool));
    return i;
}

template <class F> std::size_t client_group::spawn_awaitable(F f, member_options mo)
{
    auto& m = s_->add_member(std::move(mo), false, {});
    if (s_->refuse_if_stopped(m))
        return m.res.index;
    std::size_t i = m.res.index;
    s_->begin_member(m);
    m.res.outcome = member_outcome::running;
    s_->emit_member(group_event_kind::member_started, m);
    auto self = s_;
    boost::asio::co_spawn(
        s_->ex, invoke_member(std::move(f), member_context(s_, i)),
        boost::asio::bind_cancellation_slot(
            m.sig.slot(),
            [self, i](std::exception_ptr e) {
                std::string msg;
                error_code ec;
                if (e)
                {
                    try
                    {
                        std::rethrow_exception(e);
                    }
                    catch (const boost::system::system_error& se)
                    {
                        ec = se.code();
                        msg = se.what();
                    }
                    catch (const std::exception& ex)
                    {
                        msg = ex.what();
                    }
                    catch (...)
                    {
                        msg = "unknown exception";
                    }
                }
                self->finish_member(*self->members[i], ec, e, msg);
            }
        )
    );
    return i;
}

inline bool client_group::kill_member(std::size_t index)
{
    if (index >= s_->members.size() || s_->members[index]->res.done())
        return false;
    s_->members[index]->killed = true;
    s_->stop_member(*s_->members[index], true);
    return true;
}

inline group_snapshot client_group::snapshot() const
{
    group_snapshot s;
    s.total = s_->members.size();
    s.stop_reason = s_->stop.cause();
    for (auto& m : s_->members)
    {
        auto& r = m->res;
        s.members.push_back({r.index, r.label, r.outcome, r.iterations, m->tool ? m->tool->pid() : 0});
        switch (r.outcome)
        {
        case member_outcome::pending:
            ++s.pending;
            break;
        case member_outcome::running:
            ++s.running;
            break;
        case member_outcome::succeeded:
            ++s.succeeded;
            break;
        case member_outcome::failed:
            r.critical ? ++s.failed : ++s.degraded;
            break;
        case member_outcome::stopped:
            ++s.stopped;
            break;
        }
        s.iterations += r.iterations;
    }
    return s;
}

inline std::vector<std::filesystem::path> client_group::cleanup()
{
    std::vector<std::filesystem::path> kept;
    for (auto& m : s_->members)
    {
        if (!m->res.done())
            continue;
        std::error_code ignored;
        for (auto& f : m->opts.temp_files)
            std::filesystem::remove(f, ignored);
        if (m->res.log_file.empty())
            continue;
        if (m->res.outcome == member_outcome::failed)
        {
            if (std::filesystem::exists(m->res.log_file, ignored))
                kept.push_back(m->res.log_file);
        }
        else
            std::filesystem::remove(m->res.log_file, ignored);
    }
    if (!s_->opts.log_dir.empty())
    {
        std::error_code ignored;
        if (std::filesystem::is_empty(s_->opts.log_dir, ignored) && !ignored)
            std::filesystem::remove(s_->opts.log_dir, ignored);
    }
    return kept;
}

inline std::size_t client_group::spawn_tool(
    command cmd, member_options mo, std::function<void(error_code&, std::string&, tool_result&)> finish_run
)
{
    std::string def = cmd.label.empty() ? std::filesystem::path(cmd.program).filename().string() : cmd.label;
    auto& m = s_->add_member(std::move(mo), true, def);
    m.finish_run = std::move(finish_run);
    if (m.res.log_file.empty() && !cmd.stdout_log.empty())
        m.res.log_file = cmd.stdout_log;
    if (m.res.log_file.empty() && !s_->opts.log_dir.empty() && cmd.stdout_log.empty() &&
        cmd.stderr_log.empty())
    {
        std::error_code ignored;
        std::filesystem::create_directories(s_->opts.log_dir, ignored);
        m.res.log_file = s_->opts.log_dir / (m.res.label + "-" + std::to_string(m.res.index) + ".log");
        // Both streams into one log: the runner then writes them through one descriptor, in read order.
        cmd.stdout_log = m.res.log_file;
        cmd.stderr_log = m.res.log_file;
    }
    if (s_->refuse_if_stopped(m))
        return m.res.index;
    install_line_handler(cmd, m);
    s_->begin_member(m);
    m.starting = true;
    std::size_t i = m.res.index;
    auto self = s_;
    s_->runner->async_start(
        std::move(cmd), boost::asio::bind_cancellation_slot(
                            m.sig.slot(), boost::asio::bind_executor(
                                              s_->ex,
                                              [self, i](error_code ec, running_tool rt) mutable {
                                                  on_started(self, i, ec, std::move(rt));
                                              }
                                          )
                        )
    );
    return i;
}

template <class F> boost::asio::awaitable<void> client_group::invoke_member(F f, member_context mc)
{
    co_await f(std::move(mc));
}

inline void client_group::on_started(
    std::shared_ptr<detail::group_state> s, std::size_t i, error_code ec, running_tool rt
)
{
    auto& m = *s->members[i];
    m.starting = false;
    if (ec)
    {
        if (rt.valid())
            m.res.tool = rt.result();
        std::string msg = m.res.tool ? m.res.tool->describe() : ec.message();
        m.run_finisher(ec, msg);
        s->finish_member(m, ec, nullptr, msg);
        return;
    }
    m.res.outcome = member_outcome::running;
    m.tool.emplace(std::move(rt));
    s->emit_member(group_event_kind::member_started, m);
    if (s->stop.stop_requested())
        s->stop_member(m, s->stop.cause() == stop_cause::forced);
    read_to_eof(std::move(s), i);
}

inline void client_group::read_to_eof(std::shared_ptr<detail::group_state> s, std::size_t i)
{
    auto& m = *s->members[i];
    m.tool->async_read_batch([s, i](error_code ec, output_batch b) mutable {
        auto& mm = *s->members[i];
        if (!ec && !b.eof)
        {
            mm.tool->recycle(std::move(b));
            return read_to_eof(std::move(s), i);
        }
        mm.tool->async_wait([s, i](error_code wec, tool_result r) {
            auto& m2 = *s->members[i];
            m2.res.tool = std::move(r);
            m2.tool.reset();
            std::string msg; // empty: the result's description
            m2.run_finisher(wec, msg);
            s->finish_member(m2, wec, nullptr, std::move(msg));
        });
    });
}

inline void client_group::install_line_handler(command& cmd, detail::member_state& m)
{
    if (!m.opts.iteration_pattern && !m.opts.iteration_parser)
        return;
    std::weak_ptr<detail::group_state> w = s_;
    std::size_t i = m.res.index;
    auto prev = std::move(cmd.on_line);
    cmd.on_line = [w, i, prev = std::move(prev)](const output_line& l) {
        if (prev)
            prev(l);
        auto g = w.lock();
        if (!g)
            return;
        auto& mm = *g->members[i];
        std::uint64_t n = mm.res.iterations;
        if (mm.opts.iteration_pattern)
        {
            std::smatch sm;
            if (std::regex_search(l.text, sm, *mm.opts.iteration_pattern))
            {
                if (sm.size() > 1 && sm[1].matched && !sm[1].str().empty() &&
                    sm[1].str().find_first_not_of("0123456789") == std::string::npos)
                    n = std::stoull(sm[1].str());
                else
                    ++n;
            }
        }
        if (mm.opts.iteration_parser)
            if (auto v = mm.opts.iteration_parser(l))
                n = *v;
        g->set_iterations(i, n);
    };
}

} // namespace arangokit

#endif
