// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_DETAIL_ARGV_RENDER_HPP
#define ARANGOKIT_ARANGO_DETAIL_ARGV_RENDER_HPP

#include <arangokit/arango/config_file.hpp>
#include <arangokit/arango/detail/private_files.hpp>
#include <arangokit/arango/detail/render_state.hpp>
#include <arangokit/arango/detail/tools_spec.hpp>
#include <arangokit/arango/endpoint.hpp>
#include <arangokit/arango/tools/render.hpp>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace arangokit {

namespace detail {

inline std::string argv_make_run_id()
{
    static std::atomic<unsigned> counter{0};
    // The id names secret-bearing files, often in a shared temp dir: 64 random bits make the names
    // unguessable (O_EXCL already refuses a pre-planted file, but a guessable name lets others block runs).
    unsigned char rnd[8] = {};
    unsigned long long r = 0;
    // The kernel's CSPRNG (getrandom), so the tools layer needs no OpenSSL.
    if (::getrandom(rnd, sizeof rnd, 0) == static_cast<ssize_t>(sizeof rnd))
        for (unsigned char b : rnd)
            r = (r << 8) | b;
    else
        r = static_cast<unsigned long long>(std::chrono::steady_clock::now().time_since_epoch().count());
    char buf[64];
    // The pid stands just before the random part: the start-up sweep of a later run recognises the files of
    // a host that died by it (detail::owner_pid_of).
    auto n = std::snprintf(buf, sizeof buf, "%u-%ld-%016llx", ++counter, static_cast<long>(::getpid()), r);
    return std::string(buf, static_cast<std::size_t>(n));
}

// Tool-specific FATAL combinations; overloads live in tools/impl/<binary>.hpp.
template <class Options> void check_tool_specific(const Options&, const server_options&, render_state&) {}

template <class Options> void emit_positionals_front(const Options&, std::vector<std::string>&, render_state&)
{
}

template <class Options> void emit_positionals_back(const Options&, std::vector<std::string>&, render_state&)
{
}

inline void check_endpoints(tool_id t, const server_options& s, render_state& st)
{
    for (const auto& e : s.endpoint)
    {
        if (t == tool_id::arangosh && e == "none")
            continue;
        std::string why;
        auto ep = endpoint::try_parse(e, &why);
        if (!ep)
            st.problem("server.endpoint", why.empty() ? "invalid endpoint '" + e + "'" : why);
        else if (auto c = ep->check_connectable(); !c.empty())
            st.problem("server.endpoint", c);
    }
    if (s.endpoint.size() > 1 && (t == tool_id::arangosh || t == tool_id::arangoimport ||
                                  t == tool_id::arangoexport || t == tool_id::arangobackup))
        st.notes.push_back(
            std::string(to_string(t)) + ": several endpoints given; this tool uses only the last one"
        );
}

template <class Options>
invocation_result render_impl(const Options& opts, const tool_context& ctx, bool build)
{
    constexpr tool_id id = tool_traits<Options>::id;
    const char* tool = to_string(id);
    render_state st(id, ctx);
    invocation_result res;

    if (ctx.version && !(tool_availability[static_cast<int>(id)] & (1u << docs_version_index(*ctx.version))))
        st.problem("", std::string("the tool does not exist in ArangoDB ") + ctx.version->to_string());

    server_options server = ctx.server;
    log_options log = ctx.log;
    common_options common = ctx.common;
    const server_options& own = opts.server;
    bool jwt = own.jwt_secret_keyfile || own.jwt_token || own.jwt_secret ||
               own.ask_jwt_secret.value_or(false) ||
               (!own.username && !own.password &&
                (ctx.server.jwt_secret_keyfile || ctx.server.jwt_token || ctx.server.jwt_secret));
    if (jwt)
    {
        // JWT wins over the defaults' password (as the original harness does); explicit conflicts are errors.
        server.username.reset();
        server.password.reset();
        server.jwt_secret_keyfile.reset();
        server.jwt_token.reset();
        server.jwt_secret.reset();
        if (!own.jwt_secret_keyfile && !own.jwt_token && !own.jwt_secret)
        {
            server.jwt_secret_keyfile = ctx.server.jwt_secret_keyfile;
            server.jwt_token = ctx.server.jwt_token;
            server.jwt_secret = ctx.server.jwt_secret;
        }
    }
    merge_options(server, own);
    merge_options(log, opts.log);
    merge_options(common, opts.common);

    int jwt_count = !!server.jwt_secret_keyfile + !!server.jwt_token + !!server.jwt_secret +
                    server.ask_jwt_secret.value_or(false);
    if (jwt_count > 1)
        st.problem("server.jwt-secret-keyfile", "the JWT options are mutually exclusive; set only one");
    if (jwt_count && (server.username || server.password))
        st.problem(
            server.username ? "server.username" : "server.password",
            "cannot be combined with JWT authentication (the tool aborts)"
        );
    if (server.ask_jwt_secret.value_or(false))
        st.problem("server.ask-jwt-secret", "would prompt for the JWT secret on the terminal");
    if (server.jwt_token && *server.jwt_token == "-")
        st.problem("server.jwt-token", "'-' would prompt for the token on the terminal");
    if (server.username && server.username->empty())
        st.problem("server.username", "must not be empty");
    if (server.jwt_secret && id != tool_id::arangodump && id != tool_id::arangorestore &&
        id != tool_id::arangosh)
        st.problem("server.jwt-secret-keyfile", std::string("not supported for binary ") + tool);
    check_endpoints(id, server, st);

    bool password_auth = server.authentication.value_or(true) && jwt_count == 0;
    if (password_auth && !server.password)
        server.password = std::string(); // present, so the tool never prompts

    for_each_option(server, st);
    for_each_option(log, st);
    for_each_option(common, st);
    for_each_option(opts, st);
    check_tool_specific(opts, server, st);
    st.check_extra_args(opts.extra_args);

    if (!st.problems.empty() || !build)
    {
        res.problems = std::move(st.problems);
        res.ec = res.problems.empty() ? error_code{} : error_code(errc::invalid_options);
        res.invocation.notes = std::move(st.notes);
        return res;
    }

    tool_invocation& inv = res.invocation;
    inv.tool = id;
    inv.notes = std::move(st.notes);
    command& cmd = inv.cmd;
    cmd.program = ctx.bin_dir.empty() ? std::string(tool) : (ctx.bin_dir / tool).string();
    cmd.label = tool;
    cmd.env = opts.env;
    if (opts.timeout)
        cmd.timeout = std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(
            static_cast<double>(opts.timeout->count()) * ctx.timeout_factor
        ));
    cmd.stop = opts.stop;

    std::string run_id = ctx.run_id.empty() ? argv_make_run_id() : ctx.run_id;
    std::filesystem::path dir = ctx.run_dir.empty() ? std::filesystem::temp_directory_path() : ctx.run_dir;
    std::string stem = std::string("arangokit-") + tool + "-" + run_id;

    if (server.jwt_secret)
    {
        std::filesystem::path key = dir / (stem + ".jwtsecret");
        inv.files.push_back({key, *server.jwt_secret});
        cmd.secrets.push_back(*server.jwt_secret);
        st.emitted.push_back({"server.jwt-secret-keyfile", {key.string()}, false});
    }
    if (server.password && !server.password->empty())
    {
        cmd.secrets.push_back(*server.password);
        if (escape_placeholders(*server.password) != *server.password)
            cmd.secrets.push_back(escape_placeholders(*server.password));
    }
    if (server.jwt_token)
    {
        cmd.secrets.push_back(*server.jwt_token);
        if (escape_placeholders(*server.jwt_token) != *server.jwt_token)
            cmd.secrets.push_back(escape_placeholders(*server.jwt_token));
    }

    bool per_run_log = opts.per_run_log.value_or(ctx.per_run_log);
    if (per_run_log)
    {
        inv.log_file = dir / (stem + ".log");
        st.emitted.push_back({"log.output", {"file://" + inv.log_file.string()}, false});
        if (!log.foreground_tty)
            st.emitted.push_back({"log.foreground-tty", {"true"}, false});
    }

    secret_transport mode = opts.secrets.value_or(ctx.secrets);
    bool any_secret = false;
    for (const auto& e : st.emitted)
        if (e.secret && !e.values.empty() && !e.values.front().empty())
            any_secret = true;
    if (mode == secret_transport::automatic)
        mode = any_secret ? secret_transport::config_file : secret_transport::argv;

    std::vector<std::string> positional_front;
    emit_positionals_front(opts, positional_front, st);
    std::vector<std::string>& args = cmd.args;
    args.insert(args.end(), positional_front.begin(), positional_front.end());

    bool user_conf =
        common.configuration && !common.configuration->empty() && *common.configuration != "none";
    if (mode == secret_transport::argv)
    {
        args.push_back("--configuration");
        args.push_back(user_conf ? *common.configuration : std::string("none"));
        for (const auto& e : st.emitted)
            for (const auto& v : e.values)
            {
                args.push_back("--" + e.name);
                args.push_back(v);
            }
    }
    else
    {
        std::vector<std::pair<std::string, std::string>> in_file;
        for (const auto& e : st.emitted)
        {
            bool to_file = mode == secret_transport::full_config || e.secret;
            for (const auto& v : e.values)
            {
                if (to_file)
                    in_file.emplace_back(e.name, v);
                else
                {
                    args.push_back("--" + e.name);
                    args.push_back(v);
                }
            }
        }
        config_document doc;
        doc.add_comment(
            std::string(" private options of one ") + tool + " run, written by arangokit (mode 0600)"
        );
        if (user_conf)
            doc.add_include(*common.configuration);
        config_document body = make_config(in_file);
        doc.items.insert(doc.items.end(), body.items.begin(), body.items.end());
        std::vector<conf_diagnostic> diags;
        auto text = write_config(doc, &diags);
        if (!text)
        {
            for (const auto& d : diags)
                res.problems.push_back(
                    {tool, "",
                     "cannot be written to the private config file (" + d.message +
                         "): a .conf value cannot hold a line break or surrounding whitespace. Use a "
                         "password "
                         "(or token) without them, or a JWT secret keyfile; never the command line, where "
                         "every local user can read it"}
                );
            res.ec = errc::invalid_options;
            return res;
        }
        inv.config_file = dir / (stem + ".conf");
        inv.files.push_back({inv.config_file, std::move(*text)});
        args.insert(
            args.begin() + static_cast<std::ptrdiff_t>(positional_front.size()),
            {"--configuration", inv.config_file.string()}
        );
    }
    args.insert(args.end(), opts.extra_args.begin(), opts.extra_args.end());
    emit_positionals_back(opts, args, st);
    return res;
}

} // namespace detail

template <tool_options Options>
std::vector<option_problem> validate_tool_options(const Options& opts, const tool_context& ctx)
{
    return detail::render_impl(opts, ctx, false).problems;
}

template <tool_options Options> invocation_result render_tool(const Options& opts, const tool_context& ctx)
{
    return detail::render_impl(opts, ctx, true);
}

} // namespace arangokit

#endif
