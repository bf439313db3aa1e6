// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_COMMAND_HPP
#define ARANGOKIT_PROCESS_COMMAND_HPP

#include <arangokit/output_line.hpp>
#include <arangokit/stop_policy.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arangokit {

/// \brief The environment a child gets: the parent's (or none), plus additions, minus removals.
struct environment_spec
{
    bool inherit = true;                      ///< start from the parent's environment
    std::map<std::string, std::string> set{}; ///< added or overridden
    std::vector<std::string> unset{};         ///< removed (after inheriting, before `set`)
};

/// \brief What the child's standard input is.
struct stdin_spec
{
    enum class kind
    {
        null, ///< /dev/null (the default)
        file, ///< read from `path`
        pipe, ///< a pipe the caller feeds through running_tool::async_write / close_stdin
    };
    kind type = kind::null;
    std::filesystem::path path{};

    static stdin_spec null() { return {}; }
    static stdin_spec from_file(std::filesystem::path p) { return {kind::file, std::move(p)}; }
    static stdin_spec from_pipe() { return {kind::pipe, {}}; }
};

/// The enumerator's name (`"null"`, ...); `"?"` for a value outside the enumeration.
inline const char* to_string(stdin_spec::kind v) noexcept
{
    switch (v)
    {
    case stdin_spec::kind::null:
        return "null";
    case stdin_spec::kind::file:
        return "file";
    case stdin_spec::kind::pipe:
        return "pipe";
    }
    return "?";
}

/// How output reaches the parent. Pipes are grown to 1 MiB; a socketpair is faster across CPUs but a
/// child cannot `open("/dev/stdout")` on it, so pipes are the default.
enum class output_transport
{
    pipe,
    socketpair,
};

/// The enumerator's name (`"pipe"`, ...); `"?"` for a value outside the enumeration.
inline const char* to_string(output_transport v) noexcept
{
    switch (v)
    {
    case output_transport::pipe:
        return "pipe";
    case output_transport::socketpair:
        return "socketpair";
    }
    return "?";
}

/// \brief Where one output stream of the child goes.
/// \details Only a captured stream has lines, tails, line events, a tee log and `async_read_line` lines; the
/// other two cost nothing while the child runs (no pipe, no read, no wake-up), the cheapest way to run a
/// tool whose output nobody reads.
enum class output_target
{
    capture, ///< a pipe the runner reads (the default)
    discard, ///< /dev/null
    inherit, ///< the parent's own descriptor 1 or 2 (its terminal or log), written by the child directly
};

/// The enumerator's name (`"capture"`, ...); `"?"` for a value outside the enumeration.
inline const char* to_string(output_target v) noexcept
{
    switch (v)
    {
    case output_target::capture:
        return "capture";
    case output_target::discard:
        return "discard";
    case output_target::inherit:
        return "inherit";
    }
    return "?";
}

/// A resource limit applied in the child before exec (setrlimit).
struct resource_limit
{
    int resource{};       ///< RLIMIT_CORE, RLIMIT_AS, RLIMIT_NOFILE, RLIMIT_CPU, ...
    unsigned long soft{}; ///< RLIM_INFINITY for unlimited
    unsigned long hard{};
};

/// \brief A generic command: everything the runner needs to spawn and supervise one child.
/// \details Tool option types (arangodump_options, ...) render into a `command`. Any executable works.
struct command
{
    std::string program{};           ///< a name (searched in bin dirs, then PATH) or a path with '/'
    std::vector<std::string> args{}; ///< arguments after argv[0]
    std::string label{};             ///< a name for events and reports (defaults to the program name)
    environment_spec env{};
    std::filesystem::path working_directory{}; ///< empty: the parent's
    stdin_spec stdin_source{};
    std::vector<std::string> launch_prefix{}; ///< e.g. {"valgrind", "--error-exitcode=1"}; argv is prepended

    /// This run's own cap; the effective deadline is min(runner's global deadline, now + timeout).
    std::optional<std::chrono::milliseconds> timeout{};
    std::optional<stop_policy> stop{}; ///< empty: the runner's default stop policy

    /// Strings to redact wherever argv or output is reported (passwords, tokens). Replaced by "********" in
    /// the command line, in every output line (streamed, tailed, in events) and in tee logs, also when a
    /// secret straddles two reads or the `max_line_length` boundary. Must not contain a newline.
    std::vector<std::string> secrets{};
    /// Explicit raw mode: output (lines, tails, events, tee logs) keeps the secrets as the tool printed them;
    /// only the command line is still redacted.
    bool raw_output = false;
    /// Descriptors the child keeps under the same numbers (the caller keeps them open until the spawn
    /// completes), e.g. memory files that carry secrets and are named to the tool as `/proc/self/fd/N`.
    std::vector<int> inherit_fds{};

    // Output handling.
    /// Where stdout and stderr go. A tee log or `on_line` needs its stream captured: a command that asks
    /// for one on a stream that is not is refused before spawning (`errc::invalid_command`).
    output_target stdout_target = output_target::capture;
    output_target stderr_target = output_target::capture;
    std::filesystem::path stdout_log{};    ///< tee stdout bytes to this file (appended)
    std::filesystem::path stderr_log{};    ///< tee stderr bytes to this file (appended; may equal stdout_log)
    std::size_t tail_lines = 50;           ///< lines of each stream kept in the result
    std::size_t tail_bytes = 256 * 1024;   ///< and at most this many bytes of them (longer lines are cut)
    std::size_t max_line_length = 1 << 20; ///< longer lines are delivered in pieces (partial = true)
    output_transport transport = output_transport::pipe;
    /// Called for every line, on the runner's executor, before the line is queued for async_read_line.
    std::function<void(const output_line&)> on_line{};

    // Hygiene.
    bool kill_group_on_exit = true; ///< SIGKILL the child's process group once the leader exited
    std::vector<resource_limit> limits{};
    bool die_with_parent = true; ///< PR_SET_PDEATHSIG(SIGKILL) in the child
};

} // namespace arangokit

#endif
