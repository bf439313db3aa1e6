// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Bodies of scenarios/shell_group.hpp's longer members.
#ifndef ARANGOKIT_SCENARIOS_IMPL_SHELL_GROUP_HPP
#define ARANGOKIT_SCENARIOS_IMPL_SHELL_GROUP_HPP

#include <arangokit/scenarios/shell_group.hpp>

namespace arangokit {

template <boost::asio::completion_token_for<void(error_code)> CompletionToken>
auto shell_group::async_prepare(CompletionToken&& token)
{
    return boost::asio::async_initiate<CompletionToken, void(error_code)>(
        [this](auto handler) {
            detail::async_from_coro<int>(
                tools_->runner().get_executor(),
                [this]() -> boost::asio::awaitable<std::pair<error_code, int>> {
                    co_return std::pair{co_await ensure_collection(), 0};
                },
                [h = std::move(handler)](error_code ec, int) mutable { std::move(h)(ec); }
            );
        },
        token
    );
}

template <boost::asio::completion_token_for<void(error_code, std::size_t)> CompletionToken>
auto shell_group::async_launch_snippet(
    std::string snippet, std::string key, bool single, CompletionToken&& token
)
{
    return detail::async_from_coro<std::size_t>(
        tools_->runner().get_executor(),
        [this, snippet = std::move(snippet), key = std::move(key),
         single]() -> boost::asio::awaitable<std::pair<error_code, std::size_t>> {
            error_code ec = co_await ensure_collection();
            if (ec)
                co_return std::pair{ec, std::size_t(0)};
            snippet_options so{o_.collection, key, o_.verbose};
            std::string text = single ? make_single_run_script(snippet, so) : make_loop_script(snippet, so);
            co_return launch(
                key, std::move(text), {}, single ? shell_kind::single_run : shell_kind::loop, {}
            );
        },
        token
    );
}

inline std::size_t shell_group::launch_script(const std::filesystem::path& file, std::string key)
{
    auto r = launch(key, std::nullopt, file, shell_kind::script, {});
    if (r.first)
        throw boost::system::system_error(r.first, "shell_group: cannot launch '" + key + "'");
    return r.second;
}

inline std::size_t shell_group::launch_plain(std::string text, std::string key)
{
    auto r = launch(key, std::move(text), {}, shell_kind::plain, {});
    if (r.first)
        throw boost::system::system_error(r.first, "shell_group: cannot launch '" + key + "'");
    return r.second;
}

template <boost::asio::completion_token_for<void(error_code, std::chrono::system_clock::time_point)>
              CompletionToken>
auto shell_group::async_spawn_stress(
    std::string function_source,
    std::string key,
    std::size_t volume,
    std::chrono::milliseconds arrive_timeout,
    CompletionToken&& token
)
{
    return detail::async_from_coro<std::chrono::system_clock::time_point>(
        tools_->runner().get_executor(),
        [this, fn = std::move(function_source), key = std::move(key), volume, arrive_timeout](
        ) -> boost::asio::awaitable<std::pair<error_code, std::chrono::system_clock::time_point>> {
            using tp = std::chrono::system_clock::time_point;
            auto gate = std::make_shared<file_gate>(tools_->runner().get_executor(), volume, o_.directory);
            gates_.push_back(gate);
            std::string ep = inst_.endpoints.empty() ? std::string() : inst_.endpoints.front();
            for (std::size_t i = 0; i < volume; ++i)
            {
                std::string k = key + "_" + std::to_string(i);
                std::string text = make_stress_script(
                    fn, i, volume, ep, gate->ready_file(i), gate->go_file(), o_.gate_poll_seconds
                );
                auto [ec, idx] = launch(k, std::move(text), {}, shell_kind::stress, {});
                if (ec)
                {
                    gate->release();
                    co_return std::pair{ec, tp{}};
                }
            }
            auto [ec] = co_await gate->async_wait_ready(
                deadline::after(arrive_timeout), std::chrono::milliseconds(5),
                boost::asio::as_tuple(boost::asio::use_awaitable)
            );
            gate->release();
            co_return std::pair{ec, gate->released_at()};
        },
        token
    );
}

inline std::vector<std::filesystem::path> shell_group::cleanup()
{
    std::vector<std::filesystem::path> kept;
    auto snap = group_.snapshot();
    for (std::size_t i = 0; i < shells_.size(); ++i)
    {
        auto& e = shells_[i];
        remove_private_files(e.prepared->invocation);
        if (i < snap.members.size() && (snap.members[i].state == member_outcome::running ||
                                        snap.members[i].state == member_outcome::pending))
        {
            group_.kill_member(i);
            continue;
        }
        bool failed = i < failed_.size() && failed_[i];
        std::error_code ig;
        if (failed)
        {
            if (e.prepared->owns_script && std::filesystem::exists(e.prepared->script, ig))
                kept.push_back(e.prepared->script);
            if (std::filesystem::exists(e.prepared->log_file, ig))
                kept.push_back(e.prepared->log_file);
            continue;
        }
        if (e.prepared->owns_script)
            std::filesystem::remove(e.prepared->script, ig);
        std::filesystem::remove(e.prepared->log_file, ig);
    }
    gates_.clear();
    if (owns_dir_)
    {
        std::error_code ig;
        // Sanitizer files of clean shells were removed by collect(); anything left belongs to a failure.
        if (std::filesystem::is_empty(o_.directory, ig) && !ig)
            std::filesystem::remove(o_.directory, ig);
    }
    return kept;
}

inline boost::asio::awaitable<error_code> shell_group::ensure_collection()
{
    if (collection_ready_)
        co_return error_code{};
    boost::json::object props;
    auto [ec, v] = co_await http_->async_create_collection(
        o_.database, o_.collection, std::move(props), boost::asio::as_tuple(boost::asio::use_awaitable)
    );
    // 409 (duplicate name): another group or an earlier run made it; that is what we want.
    if (ec == errc::http_error)
    {
        auto [eec, exists] = co_await http_->async_count(
            o_.database, o_.collection, boost::asio::as_tuple(boost::asio::use_awaitable)
        );
        ec = eec;
        (void)exists;
    }
    collection_ready_ = !ec;
    co_return ec;
}

inline std::pair<error_code, std::size_t> shell_group::launch(
    const std::string& key,
    std::optional<std::string> text,
    std::filesystem::path file,
    shell_kind kind,
    std::map<std::string, std::string> env
)
{
    background_shell_options bo;
    bo.key = key;
    bo.script_text = std::move(text);
    bo.script_file = std::move(file);
    bo.directory = o_.directory;
    bo.shell = o_.shell;
    bo.instance_info = instance_info_;
    bo.instrumentation = o_.instrumentation;
    error_code ec;
    auto p = std::make_shared<prepared_shell>(prepare_background_shell(*tools_, std::move(bo), ec));
    if (ec)
        return {ec, 0};
    for (auto& [k, v] : env)
        p->cmd.env.set[k] = v;
    member_options mo;
    mo.label = key;
    mo.log_file = p->log_file;
    command cmd = p->cmd;
    std::size_t idx = group_.spawn(std::move(cmd), std::move(mo));
    shells_.push_back({p, kind, idx});
    return {error_code{}, idx};
}

template <boost::asio::completion_token_for<void(error_code, shell_group_result)> CompletionToken>
auto shell_group::join_impl(
    bool write_stop, bool force, std::chrono::milliseconds grace, CompletionToken&& token
)
{
    return detail::async_from_coro<shell_group_result>(
        tools_->runner().get_executor(),
        [this, write_stop, force,
         grace]() -> boost::asio::awaitable<std::pair<error_code, shell_group_result>> {
            shell_group_result out;
            error_code stop_ec;
            if (write_stop)
            {
                boost::json::object stop;
                stop["_key"] = "stop";
                auto [ec, v] = co_await http_->async_insert_document(
                    o_.database, o_.collection, boost::json::value(std::move(stop)),
                    boost::asio::as_tuple(boost::asio::use_awaitable)
                );
                // An existing stop document (a second stop) is fine.
                if (ec == errc::http_error)
                {
                    auto [xec, there] = co_await http_->async_document_exists(
                        o_.database, o_.collection, "stop", boost::asio::as_tuple(boost::asio::use_awaitable)
                    );
                    ec = xec ? xec : (there ? error_code{} : ec);
                }
                out.stop_document_written = !ec;
                stop_ec = ec;
            }
            error_code gec;
            if (force)
            {
                auto [e, g] =
                    co_await group_.async_force_join(boost::asio::as_tuple(boost::asio::use_awaitable));
                gec = e;
                out.group = std::move(g);
            }
            else
            {
                auto [e, g] =
                    co_await group_.async_join_for(grace, boost::asio::as_tuple(boost::asio::use_awaitable));
                gec = e;
                out.group = std::move(g);
            }
            co_await collect(out);
            error_code ec = stop_ec;
            if (!ec && gec == boost::asio::error::operation_aborted)
                ec = gec;
            if (!ec && out.failed > 0)
                ec = errc::member_failed;
            co_return std::pair{ec, std::move(out)};
        },
        std::forward<CompletionToken>(token)
    );
}

inline boost::asio::awaitable<void> shell_group::collect(shell_group_result& out)
{
    failed_.resize(shells_.size(), false);
    for (std::size_t i = 0; i < shells_.size(); ++i)
    {
        auto& e = shells_[i];
        shell_result sr;
        sr.key = e.prepared->key;
        sr.kind = e.kind;
        sr.script = e.prepared->script;
        sr.log_file = e.prepared->log_file;
        if (e.index < out.group.members.size())
            sr.member = out.group.members[e.index];
        if (sr.member.done())
            remove_private_files(e.prepared->invocation);
        if (sr.member.tool)
        {
            auto [iec, ir] = co_await async_collect_instrumentation(
                tools_->runner(), *sr.member.tool, e.prepared->instrumentation,
                boost::asio::as_tuple(boost::asio::use_awaitable)
            );
            sr.sanitizer_reports = std::move(ir.sanitizer_reports);
            sr.crash = std::move(ir.crash);
        }
        if (e.kind == shell_kind::loop || e.kind == shell_kind::single_run)
        {
            auto [dec, doc] = co_await http_->async_read_document(
                o_.database, o_.collection, sr.key, boost::asio::as_tuple(boost::asio::use_awaitable)
            );
            if (!dec && doc.is_object())
            {
                sr.done_document = doc.as_object();
                if (auto* it = doc.as_object().if_contains("iterations"); it && it->is_number())
                    sr.iterations = static_cast<std::uint64_t>(it->to_number<double>());
                group_.set_iterations(e.index, sr.iterations);
                out.iterations += sr.iterations;
            }
        }
        sr.killed_after_grace = sr.member.running_at_join_timeout;
        if (sr.member.outcome == member_outcome::failed)
            sr.reason = sr.member.message;
        else if (sr.killed_after_grace)
            sr.reason = "did not end within the grace; stopped: " + sr.member.message;
        else if (sr.member.outcome == member_outcome::stopped)
            sr.reason =
                "stopped (" + std::string(to_string(sr.member.stopped_because)) + "): " + sr.member.message;
        if (!sr.sanitizer_reports.empty())
            sr.reason += (sr.reason.empty() ? "" : "; ") + std::to_string(sr.sanitizer_reports.size()) +
                         " sanitizer report(s)";
        if (sr.crash.crashed)
            sr.reason += (sr.reason.empty() ? "" : "; ") + sr.crash.describe();
        sr.failed = sr.member.done() && sr.member.outcome != member_outcome::succeeded;
        sr.failed = sr.failed || !sr.sanitizer_reports.empty() || sr.crash.crashed;
        failed_[i] = sr.failed;
        if (sr.failed)
        {
            ++out.failed;
            std::ifstream f(sr.log_file);
            if (f)
            {
                std::stringstream ss;
                ss << f.rdbuf();
                sr.log_text = ss.str().substr(0, 1u << 20);
            }
        }
        out.shells.push_back(std::move(sr));
    }
    out.group.iterations = out.iterations;
}

} // namespace arangokit

#endif
