// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_DETAIL_ARGV_RENDER_HPP
#define ARANGOKIT_ARANGO_DETAIL_ARGV_RENDER_HPP

#include <arangokit/arango/config_file.hpp>
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

struct emitted_option
{
    std::string name;
    std::vector<std::string> values; // already rendered; one per occurrence
    bool secret = false;
};

inline std::string argv_format_double(double d)
{
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d);
    return std::string(buf, r.ptr);
}

inline std::string argv_version_name(const std::optional<arango_version>& v)
{
    return v ? v->to_string() : std::string("?");
}

// Collects emitted options and problems for one render; the visitors feed it.
class render_state
{
  public:
    render_state(tool_id t, const tool_context& ctx) : tool_(t), ctx_(ctx) {}

    void problem(std::string option, std::string reason)
    {
        problems.push_back({to_string(tool_), std::move(option), std::move(reason)});
    }

    // Table checks shared by typed fields and extra_args; returns false when the option must not be emitted.
    bool check_spec(std::string_view name, const option_spec*& spec)
    {
        spec = find_option_spec(tool_, name);
        if (!spec)
        {
            if (auto a = find_option_alias(tool_, name))
            {
                notes.push_back(
                    std::string(to_string(tool_)) + ": option '--" + std::string(name) +
                    "' is an old name of '--" + std::string(a->new_name) + "'"
                );
                spec = find_option_spec(tool_, a->new_name);
                return spec != nullptr;
            }
            if (is_obsolete_common_option(name))
            {
                notes.push_back(
                    std::string(to_string(tool_)) + ": option '--" + std::string(name) +
                    "' is obsolete and ignored"
                );
                return true;
            }
            problem(std::string(name), std::string("not supported for binary ") + to_string(tool_));
            return false;
        }
        if (ctx_.version)
        {
            int vi = docs_version_index(*ctx_.version);
            std::uint8_t bit = static_cast<std::uint8_t>(1u << vi);
            if (!(spec->available & bit))
            {
                if (spec->obsolete_accepted & bit)
                    notes.push_back(
                        std::string(to_string(tool_)) + ": option '--" + std::string(name) +
                        "' is obsolete in " + ctx_.version->to_string() + " (accepted and ignored)"
                    );
                else if (!spec->renamed_to.empty())
                    notes.push_back(
                        std::string(to_string(tool_)) + ": option '--" + std::string(name) +
                        "' is called '--" + std::string(spec->renamed_to) + "' in " +
                        ctx_.version->to_string()
                    );
                else
                {
                    std::string why = "not available in ArangoDB " + ctx_.version->to_string();
                    if (!spec->status.empty())
                        why += " (" + std::string(spec->status) + ")";
                    problem(std::string(name), why);
                    return false;
                }
            }
            if (spec->enterprise && ctx_.edition == arango_edition::community &&
                *ctx_.version < arango_version{3, 12, 5})
            {
                problem(
                    std::string(name), "Enterprise-only before 3.12.5; the target is a Community build " +
                                           ctx_.version->to_string()
                );
                return false;
            }
        }
        else if (spec->enterprise && ctx_.edition == arango_edition::community)
            notes.push_back(
                std::string(to_string(tool_)) + ": option '--" + std::string(name) +
                "' needs an Enterprise build or Community 3.12.5+"
            );
        return true;
    }

    bool check_enum_value(const option_spec& spec, std::string_view value)
    {
        if (spec.values.empty())
            return true;
        for (auto v : spec.values)
            if (v == value)
                return true;
        std::string list;
        for (auto v : spec.values)
            list += (list.empty() ? "" : ", ") + std::string(v);
        problem(
            std::string(spec.name), "invalid value '" + std::string(value) + "'. Possible values: " + list
        );
        return false;
    }

    template <class T> void operator()(std::string_view name, const std::optional<T>& v)
    {
        if (!v)
            return;
        const option_spec* spec = nullptr;
        if (!check_spec(name, spec))
            return;
        std::string s;
        if constexpr (std::is_same_v<T, bool>)
            s = *v ? "true" : "false";
        else if constexpr (std::is_same_v<T, std::string>)
            s = *v;
        else if constexpr (std::is_same_v<T, double>)
        {
            if (!std::isfinite(*v))
            {
                problem(std::string(name), "not a finite number");
                return;
            }
            s = argv_format_double(*v);
        }
        else if constexpr (std::is_enum_v<T>)
        {
            const char* str = to_string(*v);
            if (!str)
            {
                problem(
                    std::string(name),
                    "value " + std::to_string(static_cast<long long>(*v)) + " is outside the enum"
                );
                return;
            }
            s = str;
            if (spec && !check_enum_value(*spec, s))
                return;
        }
        else
        {
            s = std::to_string(*v);
            if (spec && spec->type == opt_type::enum_uint && !check_enum_value(*spec, s))
                return;
        }
        bool secret = name == "server.password" || name == "server.jwt-token";
        if (secret)
            s = escape_placeholders(s);
        emitted.push_back({std::string(name), {std::move(s)}, secret});
    }

    template <class T> void operator()(std::string_view name, const option_list<T>& v)
    {
        if (v.empty())
            return;
        const option_spec* spec = nullptr;
        if (!check_spec(name, spec))
            return;
        emitted_option e{std::string(name), {}, false};
        for (const auto& x : v)
        {
            if constexpr (std::is_same_v<T, double>)
                e.values.push_back(argv_format_double(x));
            else
                e.values.push_back(x);
        }
        emitted.push_back(std::move(e));
    }

    // `--name[=value]` items: the table decides whether the next item is the value.
    void check_extra_args(const std::vector<std::string>& args)
    {
        for (std::size_t i = 0; i < args.size(); ++i)
        {
            const std::string& a = args[i];
            if (a == "--")
                return;
            if (a.size() < 2 || a[0] != '-')
                continue;
            std::string name = a.substr(a[1] == '-' ? 2 : 1);
            std::optional<std::string> value;
            if (auto eq = name.find('='); eq != std::string::npos)
            {
                value = name.substr(eq + 1);
                name.erase(eq);
            }
            if (a[1] != '-')
            {
                static const std::pair<const char*, const char*> shorthands[] = {
                    {"c", "configuration"}, {"D", "define"}, {"l", "log.level"}, {"o", "log.output"}};
                for (auto [s, l] : shorthands)
                    if (name == s)
                        name = l;
            }
            if (name.starts_with("help") || name == "version" || name == "version-json")
                continue;
            const option_spec* spec = nullptr;
            if (ctx_.allow_unknown_extra_args && !find_option_spec(tool_, name))
                continue;
            if (!check_spec(name, spec) || !spec)
                continue;
            if (!value && spec->requires_value && i + 1 < args.size())
                value = args[++i];
            else if (!value && !spec->requires_value && i + 1 < args.size())
            {
                const std::string& n = args[i + 1];
                if (n == "true" || n == "false" || n == "on" || n == "off" || n == "1" || n == "0")
                    value = args[++i];
            }
            if (!value && spec->requires_value)
                problem(name, "no value specified");
            else if (value && (spec->type == opt_type::enum_string || spec->type == opt_type::enum_uint))
                check_enum_value(*spec, *value);
        }
    }

    std::vector<emitted_option> emitted;
    std::vector<option_problem> problems;
    std::vector<std::string> notes;

  private:
    tool_id tool_;
    const tool_context& ctx_;
};

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

namespace detail {

// Every occurrence of `from` in `s` becomes `to`.
inline void replace_all(std::string& s, const std::string& from, const std::string& to)
{
    if (from.empty())
        return;
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
        s.replace(p, from.size(), to);
}

inline bool write_whole(int fd, const std::string& content, int& err)
{
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0)
    {
        ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
        {
            err = n < 0 ? errno : EIO;
            return false;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    return true;
}

} // namespace detail

inline void write_private_files(tool_invocation& inv, error_code& ec, std::string& message)
{
    ec.clear();
    message.clear();
    std::size_t done = 0;
    auto undo = [&] {
        for (std::size_t i = 0; i < done; ++i)
        {
            auto& f = inv.files[i];
            if (f.fd >= 0)
                ::close(f.fd);
            else
                ::unlink(f.path.c_str());
            f.fd = -1;
        }
    };
    for (auto& f : inv.files)
    {
        // First choice: an anonymous memory file, named to the tool as /proc/self/fd/N (the child keeps
        // descriptor N). The secret then never reaches a file system, so nothing can be left on disk, not
        // even when the host is killed.
        int fd =
            static_cast<int>(::memfd_create(("arangokit-" + f.path.filename().string()).c_str(), MFD_CLOEXEC)
            );
        if (fd >= 0)
        {
            ::fchmod(fd, 0600); // as private as the file it replaces, for whoever stats the path
            int err = 0;
            if (!detail::write_whole(fd, f.content, err))
            {
                ::close(fd);
                ec.assign(err, boost::system::system_category());
                message = "cannot write the private file for '" + f.path.filename().string() +
                          "' to memory (memfd): " + std::strerror(err);
                break;
            }
            std::string mem_path = "/proc/self/fd/" + std::to_string(fd);
            std::string old_path = f.path.string();
            for (auto& a : inv.cmd.args)
                detail::replace_all(a, old_path, mem_path);
            for (auto& other : inv.files)
                if (&other != &f)
                    detail::replace_all(other.content, old_path, mem_path);
            if (inv.config_file == f.path)
                inv.config_file = mem_path;
            f.path = mem_path;
            f.fd = fd;
            inv.cmd.inherit_fds.push_back(fd);
            ++done;
            continue;
        }
        // No memfd (a kernel or sandbox without it): a 0600 file, never over an existing one.
        fd = ::open(f.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
        {
            int err = errno;
            ec.assign(err, boost::system::system_category());
            message = "cannot create the private file '" + f.path.string() + "': " + std::strerror(err) +
                      (err == ENOENT ? " (does its directory exist? see tool_context::run_dir)" : "");
            break;
        }
        // The umask may not narrow 0600 further in a harmful way, but make the mode exact anyway.
        ::fchmod(fd, 0600);
        int err = 0;
        bool ok = detail::write_whole(fd, f.content, err);
        if (::close(fd) != 0 && ok)
        {
            ok = false;
            err = errno;
        }
        ++done;
        if (!ok)
        {
            ec.assign(err, boost::system::system_category());
            message = "cannot write the private file '" + f.path.string() + "': " + std::strerror(err);
            break;
        }
    }
    if (ec)
        undo();
}

inline void write_private_files(tool_invocation& inv, error_code& ec)
{
    std::string ignored;
    write_private_files(inv, ec, ignored);
}

inline void remove_private_files(const tool_invocation& inv) noexcept
{
    for (const auto& f : inv.files)
    {
        if (f.fd >= 0)
            ::close(f.fd);
        else
            ::unlink(f.path.c_str());
        f.fd = -1;
    }
}

} // namespace arangokit

#endif
