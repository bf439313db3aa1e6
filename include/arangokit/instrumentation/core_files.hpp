// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_INSTRUMENTATION_CORE_FILES_HPP
#define ARANGOKIT_INSTRUMENTATION_CORE_FILES_HPP

#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/tool_result.hpp>

#include <arangokit/detail/async_from_coro.hpp>
#include <arangokit/detail/named_options.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace arangokit {

/// True for the signals the original harness treats as a crash: SIGSEGV, SIGABRT, SIGILL and SIGBUS.
inline bool is_crash_signal(int sig) noexcept
{
    return sig == SIGSEGV || sig == SIGABRT || sig == SIGILL || sig == SIGBUS;
}

/// \brief What is known about a crashed tool: signal, core file, backtrace.
struct crash_report
{
    bool crashed = false; ///< killed by a crash signal we did not send
    int signal = 0;
    std::string signal_name{};                        ///< e.g. "SIGSEGV"
    bool core_dumped = false;                         ///< the kernel said so (WCOREDUMP)
    std::optional<std::filesystem::path> core_file{}; ///< the core file found, if any
    std::string core_pattern{};                       ///< /proc/sys/kernel/core_pattern at analysis time
    std::string backtrace{};          ///< gdb's `thread apply all bt` (empty without gdb or core)
    std::vector<std::string> notes{}; ///< why something is missing (piped pattern, no gdb, ...)

    /// One paragraph for reports.
    std::string describe() const
    {
        if (!crashed)
            return "no crash";
        std::string s = "crashed with " + signal_name + (core_dumped ? " (core dumped)" : "");
        if (core_file)
            s += "; core: " + core_file->string();
        for (const auto& n : notes)
            s += "; " + n;
        if (!backtrace.empty())
            s += "\nbacktrace:\n" + backtrace;
        return s;
    }
};

/// \brief Where and how to look for a core file and a backtrace.
struct crash_options
{
    /// The crashed process's working directory (a relative core_pattern is relative to it); empty: ours.
    std::filesystem::path working_directory{};
    /// The binary for gdb; empty: the result's executable (a launch prefix's binary is wrong here: set it).
    std::filesystem::path executable{};
    /// gdb's program name or path; empty: do not run gdb.
    std::string gdb = "gdb";
    std::chrono::milliseconds gdb_timeout{std::chrono::seconds(120)};
    /// The pattern to honour; empty: read /proc/sys/kernel/core_pattern.
    std::optional<std::string> core_pattern{};
    /// Also honour /proc/sys/kernel/core_uses_pid; empty: read it.
    std::optional<bool> core_uses_pid{};
};

namespace detail {

inline std::string read_first_line(const char* path)
{
    std::ifstream f(path);
    std::string s;
    std::getline(f, s);
    return s;
}

inline std::string signal_name(int sig)
{
    switch (sig)
    {
    case SIGSEGV:
        return "SIGSEGV";
    case SIGABRT:
        return "SIGABRT";
    case SIGILL:
        return "SIGILL";
    case SIGBUS:
        return "SIGBUS";
    case SIGKILL:
        return "SIGKILL";
    case SIGTERM:
        return "SIGTERM";
    case SIGINT:
        return "SIGINT";
    case SIGFPE:
        return "SIGFPE";
    }
    return "signal " + std::to_string(sig);
}

inline std::string regex_escape(std::string_view s)
{
    std::string out;
    for (char c : s)
    {
        if (std::strchr(".^$|()[]{}*+?\\", c))
            out += '\\';
        out += c;
    }
    return out;
}

} // namespace detail

/// \brief Turns a core_pattern's file-name part into a regex for one process (sans-io).
/// \details `%p`/`%P` become the pid; `%e` the first 15 characters of the executable's name (the kernel's
/// `comm`), `%s` the signal, `%h` the host name, `%%` a percent sign; every other specifier (time, uid,
/// gid, ...) matches any run of non-slash characters. Without `%p` and with `core_uses_pid`, `.<pid>` is
/// appended, as the kernel does.
inline std::string core_name_regex(
    std::string_view name_pattern, int pid, std::string_view exe_name, int sig, bool core_uses_pid
)
{
    std::string rx;
    bool has_pid = false;
    std::string comm(exe_name.substr(0, 15));
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    for (std::size_t i = 0; i < name_pattern.size(); ++i)
    {
        char c = name_pattern[i];
        if (c != '%' || i + 1 == name_pattern.size())
        {
            rx += detail::regex_escape(std::string_view(&c, 1));
            continue;
        }
        char f = name_pattern[++i];
        switch (f)
        {
        case 'p':
        case 'P':
            rx += std::to_string(pid);
            has_pid = true;
            break;
        case 'e':
            rx += detail::regex_escape(comm);
            break;
        case 's':
            rx += std::to_string(sig);
            break;
        case 'h':
            rx += detail::regex_escape(host);
            break;
        case '%':
            rx += "%";
            break;
        default:
            rx += "[^/]*";
            break;
        }
    }
    if (!has_pid && core_uses_pid)
        rx += "\\." + std::to_string(pid);
    return rx;
}

/// \brief Looks for the core file of `pid` as the current core_pattern describes it.
/// \details A pattern starting with `|` pipes cores to a program (systemd-coredump, apport): nothing to find,
/// a note says where it went. Otherwise the directory part (relative to `cwd`) is scanned for a name that
/// matches `core_name_regex`; specifiers in the directory part are not supported (a note says so).
inline std::optional<std::filesystem::path> find_core_file(
    int pid,
    std::string_view exe_name,
    int sig,
    const crash_options& o,
    std::vector<std::string>& notes,
    std::string* pattern_out = nullptr
)
{
    std::string pattern =
        o.core_pattern ? *o.core_pattern : detail::read_first_line("/proc/sys/kernel/core_pattern");
    if (pattern_out)
        *pattern_out = pattern;
    if (pattern.empty())
    {
        notes.push_back("core_pattern is empty: no core file is written");
        return std::nullopt;
    }
    if (pattern[0] == '|')
    {
        notes.push_back("cores are piped to '" + pattern.substr(1) + "' (look there, e.g. coredumpctl)");
        return std::nullopt;
    }
    bool uses_pid =
        o.core_uses_pid ? *o.core_uses_pid : detail::read_first_line("/proc/sys/kernel/core_uses_pid") == "1";
    std::filesystem::path p(pattern);
    std::filesystem::path dir = p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
    if (dir.string().find('%') != std::string::npos)
    {
        notes.push_back("core_pattern has specifiers in its directory part: not searched");
        return std::nullopt;
    }
    if (dir.is_relative())
        dir = (o.working_directory.empty() ? std::filesystem::current_path() : o.working_directory) / dir;
    std::regex rx(core_name_regex(p.filename().string(), pid, exe_name, sig, uses_pid));
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (std::regex_match(e.path().filename().string(), rx))
            return e.path();
    // Without core_uses_pid two crashes in one directory share the name; the newest "core" is ours only if
    // the kernel said it dumped, so accept the plain name as a fallback.
    if (!uses_pid)
    {
        std::regex plain(core_name_regex(p.filename().string(), pid, exe_name, sig, false));
        for (const auto& e : std::filesystem::directory_iterator(dir, ec))
            if (std::regex_match(e.path().filename().string(), plain))
                return e.path();
    }
    notes.push_back(
        "no core file matching '" + pattern + "' in " + dir.string() +
        " (is the core size limit 0? use resource_limits::core_size)"
    );
    return std::nullopt;
}

/// \brief Analyses a finished run: crash signal, core file (honouring core_pattern), gdb backtrace.
/// \details Nothing is done for a run that did not end by a crash signal (`crashed == false`). Signals our
/// own graded stop sent never count. gdb runs as `gdb -batch -nx -ex "thread apply all bt" <exe> <core>`
/// through `runner`, under `gdb_timeout`.
/// \par Handler signature
/// `void(error_code, crash_report)`: `ec` is always empty (what is missing is in `notes`), except for
/// cancellation (operation_aborted).
/// \par Cancellation
/// terminal: stops gdb (graded) and completes.
/// \par Options
/// `o` must be a named object, or left out (the defaults): a temporary does not compile (see docs/design.md,
/// "g++ 12 and temporaries in co_await expressions"; a defaulted `crash_options` argument, with its string
/// member, was that trap).
template <boost::asio::completion_token_for<void(error_code, crash_report)> CompletionToken = default_token>
auto async_analyze_crash(
    tool_runner& runner, const tool_result& r, const crash_options& o, CompletionToken&& token = {}
)
{
    tool_runner* rn = &runner;
    return detail::async_from_coro<crash_report>(
        runner.get_executor(),
        [rn, r, o]() -> boost::asio::awaitable<std::pair<error_code, crash_report>> {
            crash_report cr;
            cr.signal = r.term_signal;
            cr.core_dumped = r.core_dumped;
            cr.crashed = r.reason == end_reason::signaled && is_crash_signal(r.term_signal);
            if (!cr.crashed)
                co_return std::pair{error_code{}, std::move(cr)};
            cr.signal_name = detail::signal_name(r.term_signal);
            std::filesystem::path exe = o.executable.empty() ? r.executable : o.executable;
            cr.core_file =
                find_core_file(r.pid, exe.filename().string(), r.term_signal, o, cr.notes, &cr.core_pattern);
            if (!cr.core_file)
                co_return std::pair{error_code{}, std::move(cr)};
            if (o.gdb.empty())
            {
                cr.notes.push_back("gdb disabled: no backtrace");
                co_return std::pair{error_code{}, std::move(cr)};
            }
            error_code rec;
            std::string msg;
            rn->resolve(o.gdb, rec, msg);
            if (rec)
            {
                cr.notes.push_back("gdb not installed: no backtrace");
                co_return std::pair{error_code{}, std::move(cr)};
            }
            command gdb;
            gdb.program = o.gdb;
            gdb.label = "gdb";
            gdb.args = {"-batch",     "-nx",
                        "-ex",        "set pagination off",
                        "-ex",        "thread apply all bt",
                        exe.string(), cr.core_file->string()};
            gdb.timeout = o.gdb_timeout;
            auto text = std::make_shared<std::string>();
            gdb.on_line = [text](const output_line& l) {
                if (l.source == stream_id::out && text->size() < (1u << 20))
                    *text += l.text + "\n";
            };
            auto [ec, gr] =
                co_await rn->async_run(std::move(gdb), boost::asio::as_tuple(boost::asio::use_awaitable));
            if (ec == boost::asio::error::operation_aborted)
                co_return std::pair{ec, std::move(cr)};
            cr.backtrace = std::move(*text);
            if (ec)
                cr.notes.push_back("gdb: " + gr.describe());
            co_return std::pair{error_code{}, std::move(cr)};
        },
        token
    );
}

/// \brief `async_analyze_crash` with the default `crash_options`.
template <boost::asio::completion_token_for<void(error_code, crash_report)> CompletionToken = default_token>
auto async_analyze_crash(tool_runner& runner, const tool_result& r, CompletionToken&& token = {})
{
    const crash_options defaults; // named here, so that no caller builds it inside a co_await expression
    return async_analyze_crash(runner, r, defaults, std::forward<CompletionToken>(token));
}

/// \cond internal
// Options temporaries are refused (detail/named_options.hpp says why).
template <boost::asio::completion_token_for<void(error_code, crash_report)> CompletionToken = default_token>
auto async_analyze_crash(
    tool_runner& runner, const tool_result& r, crash_options&& o, CompletionToken&& token = {}
)
{
    static_assert(detail::options_temporary_refused<CompletionToken>, ARANGOKIT_NAMED_OPTIONS_MESSAGE);
}
/// \endcond

} // namespace arangokit

#endif
