// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_SCENARIOS_RTA_HPP
#define ARANGOKIT_SCENARIOS_RTA_HPP

#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/arango/http/arango_client.hpp>
#include <arangokit/arango/tools/arangosh.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/tool_event.hpp>

#include <arangokit/detail/async_from_coro.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace arangokit {

/// The three RTA (resilience test application, `rta-makedata`) scripts.
enum class rta_step
{
    makedata,  ///< `test_data/makedata.js`: create the data
    checkdata, ///< `test_data/checkdata.js`: verify it
    cleardata, ///< `test_data/cleardata.js`: remove it
};

inline const char* to_string(rta_step s) noexcept
{
    switch (s)
    {
    case rta_step::makedata:
        return "makedata";
    case rta_step::checkdata:
        return "checkdata";
    case rta_step::cleardata:
        return "cleardata";
    }
    return "?";
}

/// \brief The original's RTA options (`rtasource`, `makedataDB`, `rtaNegFilter`, `forceOneShard`,
/// `makedataArgs`, `httpTimeout`, `forceJson`) plus the per-run arguments of `rtaMakedata`.
struct rta_options
{
    /// The rta-makedata checkout; the scripts are `<rta_source>/test_data/<step>.js`.
    std::filesystem::path rta_source{};
    /// The database makedata works in (the first script argument).
    std::string database = "_system";
    /// Script arguments put right after the database (the original's `moreargv`).
    std::vector<std::string> more_args{};
    /// `--oldVersion`: the server version the data is made for; empty: asked from the server over HTTP.
    std::string old_version{};
    /// `--skip <filter>` (the original's `rtaNegFilter`); empty: not passed.
    std::string skip{};
    /// `--singleShard true` (the original's `forceOneShard`).
    bool one_shard = false;
    /// Extra `--name value` pairs appended last (the original's `makedataArgs`, rendered as toArgv does).
    std::vector<std::pair<std::string, std::string>> makedata_args{};
    /// `--server.connection-timeout` (the original's `httpTimeout`); empty: not passed.
    std::optional<double> connection_timeout{};
    /// `--server.force-json`; empty: not passed.
    std::optional<bool> force_json{};
    /// `--log.file`; empty: `<run dir>/rta_<step>.log`.
    std::filesystem::path log_file{};
    /// The run's cap; empty: 15 minutes, multiplied by the tools context's timeout factor (2 for instrumented
    /// builds: the original's 30 minutes).
    std::optional<std::chrono::milliseconds> timeout{};
    /// Base arangosh options (server, extra args...); the RTA settings are applied on top.
    arangosh_options shell{};
};

/// \brief One progress line of an RTA script: `# <date> - <gauge>[,<start>,<delta>]` (rta common.js
/// `progress()`), or `inner Loop start <loop> <db>`.
struct rta_progress
{
    std::string gauge;                     ///< e.g. "inner Loop End", "outer loop end"
    std::optional<double> delta_seconds{}; ///< the time since the previous gauge (with printTimeMeasurement)
    std::string text;                      ///< the whole line
};

/// \brief Recognises an RTA progress line (sans-io); nullopt for any other line.
inline std::optional<rta_progress> parse_rta_progress(const std::string& line)
{
    static const std::regex gauge(R"(^# .* - ([^,]+?)(?:,([-0-9.eE+]+),([-0-9.eE+]+))?\s*$)");
    static const std::regex loop(R"(^inner Loop start (\d+) (\d+)\s*$)");
    std::smatch m;
    if (std::regex_match(line, m, gauge))
    {
        rta_progress p{m[1].str(), std::nullopt, line};
        if (m[3].matched)
        {
            try
            {
                p.delta_seconds = std::stod(m[3].str());
            }
            catch (...)
            {
            }
        }
        return p;
    }
    if (std::regex_match(line, m, loop))
        return rta_progress{"inner Loop start", std::nullopt, line};
    return std::nullopt;
}

/// \brief The arangosh options of one RTA step, exactly as the original's `rtaMakedata` builds them.
/// \details argv: the base options, `--javascript.execute <rta_source>/test_data/<step>.js`,
/// `--log.file`, `--log.level warning --log.level httpclient=debug --log.level V8=debug`,
/// `--console.colors false --quiet true`, optional `--server.connection-timeout`/`--server.force-json`, then
/// `-- <database> <more_args...> --minReplicationFactor 2 printTimeMeasurement true --progress true
/// --oldVersion <version> [--skip <filter>] [--singleShard true] [<makedata_args>...]`.
inline arangosh_options rta_step_options(
    rta_step step,
    const rta_options& o,
    const std::string& old_version,
    const std::filesystem::path& default_log_dir
)
{
    arangosh_options sh = o.shell;
    sh.javascript_execute = option_list<std::string>{
        (o.rta_source / "test_data" / (std::string(to_string(step)) + ".js")).string()};
    sh.log.file =
        (o.log_file.empty() ? default_log_dir / ("rta_" + std::string(to_string(step)) + ".log") : o.log_file)
            .string();
    sh.log.level = option_list<std::string>{"warning", "httpclient=debug", "V8=debug"};
    sh.console_colors = false;
    sh.quiet = true;
    if (o.connection_timeout)
        sh.server.connection_timeout = o.connection_timeout;
    if (o.force_json)
        sh.server_force_json = o.force_json;
    std::vector<std::string> a{o.database};
    a.insert(a.end(), o.more_args.begin(), o.more_args.end());
    for (const char* x :
         {"--minReplicationFactor", "2", "printTimeMeasurement", "true", "--progress", "true",
          "--oldVersion"})
        a.emplace_back(x);
    a.push_back(old_version);
    if (!o.skip.empty())
    {
        a.emplace_back("--skip");
        a.push_back(o.skip);
    }
    if (o.one_shard)
    {
        a.emplace_back("--singleShard");
        a.emplace_back("true");
    }
    for (const auto& [k, v] : o.makedata_args)
    {
        a.push_back("--" + k);
        a.push_back(v);
    }
    sh.script_args = std::move(a);
    sh.timeout = o.timeout.value_or(std::chrono::minutes(15));
    return sh;
}

/// \brief The arangosh options of the original's `rtaWaitShardsInSync`: `run_in_arangosh.js` with
/// `--javascript.module-directory <rta_source>/test_data` and the script
/// `test_data/tests/js/server/cluster/wait_for_shards_in_sync.js --args true` after `--`. No timeout of its
/// own (the original passes none): the runner's global deadline bounds it.
inline arangosh_options
rta_wait_shards_options(const rta_options& o, const std::filesystem::path& default_log_dir)
{
    arangosh_options sh = o.shell;
    auto td = o.rta_source / "test_data";
    sh.javascript_execute = option_list<std::string>{(td / "run_in_arangosh.js").string()};
    sh.log.file = (default_log_dir / "rta_wait_for_shards_in_sync.log").string();
    sh.log.level = option_list<std::string>{"warning", "httpclient=debug", "V8=debug"};
    sh.console_colors = false;
    sh.quiet = true;
    if (o.force_json)
        sh.server_force_json = o.force_json;
    sh.javascript_module_directory.push_back(td.string());
    sh.script_args = {
        (td / "tests" / "js" / "server" / "cluster" / "wait_for_shards_in_sync.js").string(), "--args",
        "true"};
    return sh;
}

/// \brief What an RTA run produced: the arangosh report and the progress seen.
struct rta_result
{
    rta_step step = rta_step::makedata;
    tool_report<arangosh_options> run;
    std::vector<rta_progress> progress;
    std::filesystem::path log_file; ///< the script's `--log.file`

    bool ok() const noexcept { return run.ok(); }
};

inline std::exception_ptr make_diagnostic_exception(const error_code& ec, const rta_result& r)
{
    return make_diagnostic_exception(ec, r.run);
}

/// \brief Runs the RTA scripts (makedata / checkdata / cleardata, wait-for-shards) through arangosh.
/// \details Progress lines of the scripts become `rta_progress` values (passed to `on_progress`) and
/// `event_kind::progress` events on the runner's sinks. `--oldVersion` is the server's version unless
/// `rta_options::old_version` says otherwise. The faster alternative to the JS shard wait is
/// `async_wait_for_shards_native`, which polls the server's shard distribution over HTTP.
class rta_runner
{
  public:
    using progress_handler = std::function<void(rta_step, const rta_progress&)>;

    rta_runner(arango_tools& tools, rta_options o) : tools_(&tools), o_(std::move(o)) {}

    const rta_options& options() const noexcept { return o_; }
    void on_progress(progress_handler h) { progress_ = std::move(h); }

    /// \brief Runs one step.
    /// \par Handler signature
    /// `void(error_code, rta_result)`
    /// \par Deadline
    /// `rta_options::timeout` (15 min by default) times the context's timeout factor, clamped to the global
    /// deadline.
    /// \par Cancellation
    /// As `arango_tools::async_start`/`async_wait`: terminal runs the graded stop.
    template <boost::asio::completion_token_for<void(error_code, rta_result)> CompletionToken = default_token>
    auto async_run(rta_step step, CompletionToken&& token = {})
    {
        return run_impl(step, false, std::forward<CompletionToken>(token));
    }

    /// \brief The original's `rtaWaitShardsInSync` through arangosh.
    template <boost::asio::completion_token_for<void(error_code, rta_result)> CompletionToken = default_token>
    auto async_wait_for_shards(CompletionToken&& token = {})
    {
        return run_impl(rta_step::makedata, true, std::forward<CompletionToken>(token));
    }

    /// \brief The native alternative: polls `/_admin/cluster/shardDistribution` until every shard is in sync.
    /// \par Handler signature
    /// `void(error_code, boost::json::value)` as `arango_client::async_wait_for_shards_in_sync`.
    template <
        boost::asio::completion_token_for<void(error_code, boost::json::value)> CompletionToken =
            default_token>
    static auto async_wait_for_shards_native(
        arango_client& client, std::string database, deadline dl, CompletionToken&& token = {}
    )
    {
        return client.async_wait_for_shards_in_sync(database, dl, std::forward<CompletionToken>(token));
    }

    /// The options a step runs with (for inspection and dry runs); `version` fills `--oldVersion`.
    arangosh_options step_options(rta_step step, const std::string& version) const
    {
        return rta_step_options(step, o_, version, log_dir());
    }
    arangosh_options wait_shards_options() const { return rta_wait_shards_options(o_, log_dir()); }

  private:
    std::filesystem::path log_dir() const
    {
        return tools_->context().run_dir.empty() ? std::filesystem::temp_directory_path()
                                                 : tools_->context().run_dir;
    }

    template <boost::asio::completion_token_for<void(error_code, rta_result)> CompletionToken>
    auto run_impl(rta_step step, bool wait_shards, CompletionToken&& token)
    {
        arango_tools* tools = tools_;
        return detail::async_from_coro<rta_result>(
            tools->runner().get_executor(),
            [this, tools, step, wait_shards]() -> boost::asio::awaitable<std::pair<error_code, rta_result>> {
                co_await boost::asio::this_coro::reset_cancellation_state(
                    boost::asio::enable_total_cancellation()
                );
                rta_result out;
                out.step = step;
                arangosh_options sh;
                if (wait_shards)
                    sh = wait_shards_options();
                else
                {
                    std::string version = o_.old_version;
                    if (version.empty())
                        version = co_await server_version(*tools);
                    sh = step_options(step, version);
                }
                out.log_file = sh.log.file.value_or("");
                auto [sec, rt] =
                    co_await tools->async_start(sh, boost::asio::as_tuple(boost::asio::use_awaitable));
                if (sec)
                {
                    out.run.result.error_message = sec.message();
                    co_return std::pair{sec, std::move(out)};
                }
                auto emit = tools->runner().event_emitter();
                for (;;)
                {
                    auto [lec, line] =
                        co_await rt.process().async_read_line(boost::asio::as_tuple(boost::asio::use_awaitable
                        ));
                    if (lec || !line)
                        break;
                    if (auto p = parse_rta_progress(line->text))
                    {
                        if (progress_)
                            progress_(step, *p);
                        tool_event e;
                        e.kind = event_kind::progress;
                        e.label = std::string("rta ") + to_string(step);
                        e.when = line->when;
                        e.text = p->text;
                        emit(e);
                        out.progress.push_back(std::move(*p));
                    }
                }
                auto [wec, rep] = co_await rt.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
                out.run = std::move(rep);
                co_return std::pair{wec, std::move(out)};
            },
            std::forward<CompletionToken>(token)
        );
    }

    static boost::asio::awaitable<std::string> server_version(arango_tools& tools)
    {
        client_config c;
        c.endpoints.clear();
        for (const auto& e : tools.context().server.endpoint)
            c.endpoints.push_back(endpoint::parse(e));
        if (c.endpoints.empty())
            c.endpoints.push_back(endpoint{});
        const auto& s = tools.context().server;
        if (s.username)
            c.auth.username = *s.username;
        c.auth.password = s.password.value_or("");
        if (s.jwt_secret)
            c.auth.jwt_secret = s.jwt_secret;
        c.request_timeout = std::chrono::seconds(30);
        arango_client http(tools.runner().get_executor(), c);
        auto [ec, v] = co_await http.async_version(boost::asio::as_tuple(boost::asio::use_awaitable));
        co_return ec ? std::string() : v.version;
    }

    arango_tools* tools_;
    rta_options o_;
    progress_handler progress_;
};

} // namespace arangokit

#endif
