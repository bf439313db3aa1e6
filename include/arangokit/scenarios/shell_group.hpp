// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_SCENARIOS_SHELL_GROUP_HPP
#define ARANGOKIT_SCENARIOS_SHELL_GROUP_HPP

#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/arango/endpoint.hpp>
#include <arangokit/arango/http/arango_client.hpp>
#include <arangokit/arango/http/instance_client.hpp>
#include <arangokit/arango/instance.hpp>
#include <arangokit/concurrency/client_group.hpp>
#include <arangokit/concurrency/file_gate.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>
#include <arangokit/instrumentation/instrumented_run.hpp>
#include <arangokit/scenarios/background_shell.hpp>
#include <arangokit/scenarios/snippet.hpp>

#include <arangokit/detail/async_from_coro.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace arangokit {

/// How a shell of a `shell_group` was launched.
enum class shell_kind
{
    script,     ///< a given script file
    plain,      ///< a script text, run as it is
    loop,       ///< `make_loop_script`: runs until the stop document, writes a done document
    single_run, ///< `make_single_run_script`: runs once, writes a done document
    stress,     ///< `make_stress_script`: waits at the entry gate, then runs once
};

inline const char* to_string(shell_kind k) noexcept
{
    switch (k)
    {
    case shell_kind::script:
        return "script";
    case shell_kind::plain:
        return "plain";
    case shell_kind::loop:
        return "loop";
    case shell_kind::single_run:
        return "single_run";
    case shell_kind::stress:
        return "stress";
    }
    return "?";
}

/// \brief Settings of a `shell_group`.
struct shell_group_options
{
    /// The control collection: the `stop` document and the clients' `done` documents (the original's `cn`).
    std::string collection = "ak_shell_control";
    /// The database of the control collection; empty: the instance's, else `_system`.
    std::string database{};
    /// Scripts, logs and sanitizer reports; empty: a fresh `ak-shells-<random>` under the instance's root dir
    /// (or the temp directory), removed by `cleanup()` when nothing in it is kept.
    std::filesystem::path directory{};
    /// Base arangosh options of every shell (see `background_shell_options::shell`).
    arangosh_options shell{};
    /// Sanitizer/coverage environment (log_dir defaults to `directory`), limits, prefix, crash analysis.
    instrumentation_options instrumentation{};
    /// How long shells get to end themselves after the stop document, before the graded stop.
    std::chrono::milliseconds stop_grace{std::chrono::seconds(60)};
    /// The graded stop used as the fallback (and by a forced stop of a join timeout).
    stop_policy stop{std::chrono::milliseconds(2000), std::chrono::milliseconds(2000), true};
    /// The original's `extremeVerbosity` in the generated loop code.
    bool verbose = false;
    /// Poll interval of stress shells at the entry gate.
    double gate_poll_seconds = 0.01;
    /// A name for reports.
    std::string name = "shells";
};

/// \brief One shell's outcome after a join.
struct shell_result
{
    std::string key;
    shell_kind kind = shell_kind::script;
    member_result member; ///< the group member: outcome, stop cause, tool result
    std::vector<sanitizer_report> sanitizer_reports;
    crash_report crash;
    std::optional<boost::json::object> done_document; ///< loop and single-run shells: what they wrote
    std::uint64_t iterations = 0;                     ///< from the done document
    bool killed_after_grace = false; ///< did not end itself within the grace; the graded stop ended it
    bool failed = false;             ///< failed, crashed, had a sanitizer report, or had to be stopped
    std::filesystem::path script;
    std::filesystem::path log_file;
    std::string log_text; ///< the log of a failed shell (capped at 1 MiB)
    std::string reason;   ///< why `failed`, in words
};

/// \brief A whole group's outcome after a join.
struct shell_group_result
{
    group_result group;               ///< the underlying client_group result
    std::vector<shell_result> shells; ///< in launch order
    bool stop_document_written = false;
    std::size_t failed = 0;
    std::uint64_t iterations = 0; ///< the sum of the done documents' counts

    bool ok() const noexcept { return failed == 0 && group.running == 0 && group.pending == 0; }

    /// The original's error report: a summary, then for every failed shell its reason and its log.
    std::string report() const
    {
        std::string s = group.describe();
        for (const auto& sh : shells)
        {
            if (!sh.failed)
                continue;
            s += "\n\nshell '" + sh.key + "' (pid " +
                 std::to_string(sh.member.tool ? sh.member.tool->pid : 0) + ") failed: " + sh.reason;
            for (const auto& r : sh.sanitizer_reports)
                s += "\n" + std::string(to_string(r.kind)) + " report " + r.file.string() + ":\n" + r.text;
            if (sh.crash.crashed)
                s += "\n" + sh.crash.describe();
            if (sh.log_text.empty())
                s += "\nit did not write a log file";
            else
                s += "\nits log " + sh.log_file.string() + ":\n" + sh.log_text;
        }
        return s;
    }
};

/// The exception the default token throws for a failed join: a `system_error` whose what() is the report.
inline std::exception_ptr make_diagnostic_exception(const error_code& ec, const shell_group_result& r)
{
    return std::make_exception_ptr(boost::system::system_error(ec, r.report()));
}

/// \brief Background arangosh clients with a shared stop: the original's `launchSnippetInBG`,
/// `spawnStressArangoshInBG`, `joinBGShells`, `joinFinishedBGShells`, `joinForceBGShells` and
/// `cleanupBGShells` on a `client_group`. \details Every shell runs `arangosh --javascript.execute <script>`
/// with `INSTANCEINFO` set and both output streams teed to `<script>.log`. The shared stop is the `stop`
/// document in the control collection, written over HTTP (`async_stop`): loop shells see it within ten
/// iterations and end themselves, writing their `done` document. Shells that have not ended after
/// `stop_grace` are stopped with the graded stop and reported as `killed_after_grace` (and failed: the
/// original calls that "not all shells could be joined"). After every join the done documents are read back
/// (iterations), sanitizer reports of each pid are collected and crashes are analysed; `cleanup()` then
/// removes the files of the shells that did not fail.
///
/// \par Object lifetimes
/// The `arango_tools` (and its runner) must outlive the group. Destroying the group stops shells that still
/// run (graded) and removes their private files; scripts and logs stay unless `cleanup()` ran.
///
/// \par Thread safety
/// Use on the runner's executor only.
class shell_group
{
    // The control client (stop document, done documents): the instance's endpoints and credentials, with a
    // shorter request timeout than the client's default (a control request that hangs delays every join).
    static client_config control_client_config(const instance& inst)
    {
        client_overrides o;
        o.request_timeout = std::chrono::seconds(30);
        return client_config_for(inst, deadline{}, o);
    }

    struct entry
    {
        std::shared_ptr<prepared_shell> prepared;
        shell_kind kind;
        std::size_t index;
    };

  public:
    shell_group(arango_tools& tools, const instance& inst, shell_group_options o = {})
        : tools_(&tools), inst_(inst), o_(std::move(o)),
          http_(std::make_unique<arango_client>(tools.runner().get_executor(), control_client_config(inst))),
          group_(tools.runner(), make_group_options(o_))
    {
        if (o_.database.empty())
            o_.database = inst.database.empty() ? std::string("_system") : inst.database;
        if (o_.directory.empty())
        {
            std::filesystem::path base =
                inst.root_dir.empty() ? std::filesystem::temp_directory_path() : inst.root_dir;
            o_.directory = base / ("ak-shells-" + detail::random_hex_id(6));
            owns_dir_ = true;
        }
        std::filesystem::create_directories(o_.directory);
        instance_info_ = make_instanceinfo(inst);
    }
    shell_group(const shell_group&) = delete;
    shell_group& operator=(const shell_group&) = delete;
    ~shell_group()
    {
        for (auto& e : shells_)
            remove_private_files(e.prepared->invocation);
    }

    const std::filesystem::path& directory() const noexcept { return o_.directory; }
    const shell_group_options& options() const noexcept { return o_; }
    /// The underlying group (snapshot, stop source, events).
    client_group& group() noexcept { return group_; }
    std::size_t size() const noexcept { return shells_.size(); }
    /// The pid of shell `i` while it runs (0 otherwise).
    int pid(std::size_t i) const
    {
        auto s = group_.snapshot();
        return i < s.members.size() ? s.members[i].pid : 0;
    }

    /// \brief Creates the control collection if it does not exist (done once, automatically, by the loop
    /// and single-run launches).
    /// \par Handler signature
    /// `void(error_code)`
    template <class CompletionToken = default_token> auto async_prepare(CompletionToken&& token = {})
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

    /// \brief Launches a loop shell (`make_loop_script`) or, with `single`, a single-run shell.
    /// \par Handler signature
    /// `void(error_code, std::size_t index)`
    template <class CompletionToken = default_token>
    auto async_launch_snippet(
        std::string snippet, std::string key, bool single = false, CompletionToken&& token = {}
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
                std::string text =
                    single ? make_single_run_script(snippet, so) : make_loop_script(snippet, so);
                co_return launch(
                    key, std::move(text), {}, single ? shell_kind::single_run : shell_kind::loop, {}
                );
            },
            token
        );
    }

    /// Launches a shell on a script file (the original's `launchInShellBG`). Returns the index; throws
    /// `system_error` if the shell cannot be prepared (invalid options, files).
    std::size_t launch_script(const std::filesystem::path& file, std::string key)
    {
        auto r = launch(key, std::nullopt, file, shell_kind::script, {});
        if (r.first)
            throw boost::system::system_error(r.first, "shell_group: cannot launch '" + key + "'");
        return r.second;
    }

    /// Launches a shell on a script text written to a fresh file (the original's `launchPlainSnippetInBG`).
    std::size_t launch_plain(std::string text, std::string key)
    {
        auto r = launch(key, std::move(text), {}, shell_kind::plain, {});
        if (r.first)
            throw boost::system::system_error(r.first, "shell_group: cannot launch '" + key + "'");
        return r.second;
    }

    /// \brief The stress launcher (the original's `spawnStressArangoshInBG`): `volume` shells run
    /// `function_source` (a JS function expression) behind a `file_gate`. Completes once all of them reached
    /// the gate and were released together.
    /// \par Handler signature
    /// `void(error_code, std::chrono::system_clock::time_point released_at)`; `errc::deadline_exceeded` if
    /// not all arrived within `arrive_timeout` (the gate is then released anyway so none waits forever).
    template <class CompletionToken = default_token>
    auto async_spawn_stress(
        std::string function_source,
        std::string key,
        std::size_t volume,
        std::chrono::milliseconds arrive_timeout = std::chrono::seconds(120),
        CompletionToken&& token = {}
    )
    {
        return detail::async_from_coro<std::chrono::system_clock::time_point>(
            tools_->runner().get_executor(),
            [this, fn = std::move(function_source), key = std::move(key), volume, arrive_timeout](
            ) -> boost::asio::awaitable<std::pair<error_code, std::chrono::system_clock::time_point>> {
                using tp = std::chrono::system_clock::time_point;
                auto gate =
                    std::make_shared<file_gate>(tools_->runner().get_executor(), volume, o_.directory);
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

    /// \brief The shared stop: writes the `stop` document, waits up to `stop_grace` for every shell to end
    /// itself, stops the rest (graded), then reads back done documents and collects reports.
    /// \par Handler signature
    /// `void(error_code, shell_group_result)`: `errc::member_failed` if any shell failed (including shells
    /// that had to be stopped), or the HTTP error of writing the stop document; the result is complete in
    /// every case.
    /// \par Cancellation
    /// terminal: the group stops (graded) and the operation completes with operation_aborted.
    template <class CompletionToken = default_token> auto async_stop(CompletionToken&& token = {})
    {
        return join_impl(true, false, o_.stop_grace, std::forward<CompletionToken>(token));
    }

    /// \brief `joinBGShells`: waits up to `timeout` for the shells to end by themselves (no stop document),
    /// stops the rest, reads back and collects as `async_stop`.
    template <class CompletionToken = default_token>
    auto async_join(std::chrono::milliseconds timeout, CompletionToken&& token = {})
    {
        return join_impl(false, false, timeout, std::forward<CompletionToken>(token));
    }

    /// \brief `joinForceBGShells`: SIGKILL every shell still running now, wait, read back and collect.
    template <class CompletionToken = default_token> auto async_force_join(CompletionToken&& token = {})
    {
        return join_impl(false, true, std::chrono::milliseconds(0), std::forward<CompletionToken>(token));
    }

    /// \brief `joinFinishedBGShells`: non-blocking; the group's view now (`running + pending` still to go).
    group_result join_finished() const { return group_.join_finished(); }

    /// \brief `cleanupBGShells`: removes script and log of every shell that did not fail, keeps those of
    /// failed shells (and returns their paths). Shells still running are killed first (SIGKILL), as in the
    /// original. The group directory is removed when it is empty and was created by the group.
    std::vector<std::filesystem::path> cleanup()
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

  private:
    static group_options make_group_options(const shell_group_options& o)
    {
        group_options g;
        g.on_failure = group_policy::wait_all;
        g.stop = o.stop;
        g.name = o.name;
        return g;
    }

    boost::asio::awaitable<error_code> ensure_collection()
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

    std::pair<error_code, std::size_t> launch(
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

    template <class CompletionToken>
    auto join_impl(bool write_stop, bool force, std::chrono::milliseconds grace, CompletionToken&& token)
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
                            o_.database, o_.collection, "stop",
                            boost::asio::as_tuple(boost::asio::use_awaitable)
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
                    auto [e, g] = co_await group_.async_join_for(
                        grace, boost::asio::as_tuple(boost::asio::use_awaitable)
                    );
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

    boost::asio::awaitable<void> collect(shell_group_result& out)
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
                sr.reason = "stopped (" + std::string(to_string(sr.member.stopped_because)) +
                            "): " + sr.member.message;
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

    arango_tools* tools_;
    instance inst_;
    shell_group_options o_;
    std::unique_ptr<arango_client> http_;
    client_group group_;
    std::vector<entry> shells_;
    std::vector<bool> failed_;
    std::vector<std::shared_ptr<file_gate>> gates_;
    std::string instance_info_;
    bool owns_dir_ = false;
    bool collection_ready_ = false;
};

} // namespace arangokit

#endif
