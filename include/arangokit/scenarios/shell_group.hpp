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
    template <boost::asio::completion_token_for<void(error_code)> CompletionToken = default_token>
    auto async_prepare(CompletionToken&& token = {});

    /// \brief Launches a loop shell (`make_loop_script`) or, with `single`, a single-run shell.
    /// \par Handler signature
    /// `void(error_code, std::size_t index)`
    template <
        boost::asio::completion_token_for<void(error_code, std::size_t)> CompletionToken = default_token>
    auto async_launch_snippet(
        std::string snippet, std::string key, bool single = false, CompletionToken&& token = {}
    );

    /// Launches a shell on a script file (the original's `launchInShellBG`). Returns the index; throws
    /// `system_error` if the shell cannot be prepared (invalid options, files).
    std::size_t launch_script(const std::filesystem::path& file, std::string key);

    /// Launches a shell on a script text written to a fresh file (the original's `launchPlainSnippetInBG`).
    std::size_t launch_plain(std::string text, std::string key);

    /// \brief The stress launcher (the original's `spawnStressArangoshInBG`): `volume` shells run
    /// `function_source` (a JS function expression) behind a `file_gate`. Completes once all of them reached
    /// the gate and were released together.
    /// \par Handler signature
    /// `void(error_code, std::chrono::system_clock::time_point released_at)`; `errc::deadline_exceeded` if
    /// not all arrived within `arrive_timeout` (the gate is then released anyway so none waits forever).
    template <
        boost::asio::completion_token_for<void(error_code, std::chrono::system_clock::time_point)>
            CompletionToken = default_token>
    auto async_spawn_stress(
        std::string function_source,
        std::string key,
        std::size_t volume,
        std::chrono::milliseconds arrive_timeout = std::chrono::seconds(120),
        CompletionToken&& token = {}
    );

    /// \brief The shared stop: writes the `stop` document, waits up to `stop_grace` for every shell to end
    /// itself, stops the rest (graded), then reads back done documents and collects reports.
    /// \par Handler signature
    /// `void(error_code, shell_group_result)`: `errc::member_failed` if any shell failed (including shells
    /// that had to be stopped), or the HTTP error of writing the stop document; the result is complete in
    /// every case.
    /// \par Cancellation
    /// terminal: the group stops (graded) and the operation completes with operation_aborted.
    template <
        boost::asio::completion_token_for<void(error_code, shell_group_result)> CompletionToken =
            default_token>
    auto async_stop(CompletionToken&& token = {})
    {
        return join_impl(true, false, o_.stop_grace, std::forward<CompletionToken>(token));
    }

    /// \brief `joinBGShells`: waits up to `timeout` for the shells to end by themselves (no stop document),
    /// stops the rest, reads back and collects as `async_stop`.
    template <
        boost::asio::completion_token_for<void(error_code, shell_group_result)> CompletionToken =
            default_token>
    auto async_join(std::chrono::milliseconds timeout, CompletionToken&& token = {})
    {
        return join_impl(false, false, timeout, std::forward<CompletionToken>(token));
    }

    /// \brief `joinForceBGShells`: SIGKILL every shell still running now, wait, read back and collect.
    template <
        boost::asio::completion_token_for<void(error_code, shell_group_result)> CompletionToken =
            default_token>
    auto async_force_join(CompletionToken&& token = {})
    {
        return join_impl(false, true, std::chrono::milliseconds(0), std::forward<CompletionToken>(token));
    }

    /// \brief `joinFinishedBGShells`: non-blocking; the group's view now (`running + pending` still to go).
    group_result join_finished() const { return group_.join_finished(); }

    /// \brief `cleanupBGShells`: removes script and log of every shell that did not fail, keeps those of
    /// failed shells (and returns their paths). Shells still running are killed first (SIGKILL), as in the
    /// original. The group directory is removed when it is empty and was created by the group.
    std::vector<std::filesystem::path> cleanup();

  private:
    static group_options make_group_options(const shell_group_options& o)
    {
        group_options g;
        g.on_failure = group_policy::wait_all;
        g.stop = o.stop;
        g.name = o.name;
        return g;
    }

    boost::asio::awaitable<error_code> ensure_collection();

    std::pair<error_code, std::size_t> launch(
        const std::string& key,
        std::optional<std::string> text,
        std::filesystem::path file,
        shell_kind kind,
        std::map<std::string, std::string> env
    );

    template <boost::asio::completion_token_for<void(error_code, shell_group_result)> CompletionToken>
    auto join_impl(bool write_stop, bool force, std::chrono::milliseconds grace, CompletionToken&& token);

    boost::asio::awaitable<void> collect(shell_group_result& out);

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

#include <arangokit/scenarios/impl/shell_group.hpp>

#endif
