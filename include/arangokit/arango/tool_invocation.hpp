// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_TOOL_INVOCATION_HPP
#define ARANGOKIT_ARANGO_TOOL_INVOCATION_HPP

#include <arangokit/error.hpp>
#include <arangokit/process/command.hpp>

#include <charconv>
#include <compare>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace arangokit {

/// \brief The seven ArangoDB client tools.
enum class tool_id
{
    arangodump,
    arangorestore,
    arangoimport,
    arangoexport,
    arangobench,
    arangobackup,
    arangosh,
};

/// The binary name of a tool (`"arangodump"`, ...).
inline const char* to_string(tool_id t) noexcept
{
    switch (t)
    {
    case tool_id::arangodump:
        return "arangodump";
    case tool_id::arangorestore:
        return "arangorestore";
    case tool_id::arangoimport:
        return "arangoimport";
    case tool_id::arangoexport:
        return "arangoexport";
    case tool_id::arangobench:
        return "arangobench";
    case tool_id::arangobackup:
        return "arangobackup";
    case tool_id::arangosh:
        return "arangosh";
    }
    return "?";
}

/// \brief An ArangoDB version `major.minor.patch`, as the tools and the server report it.
/// \details Option availability is known for the documentation versions 3.10, 3.11, 3.12 and 4.x; a version
/// is mapped to the nearest one (anything before 3.10 is checked against 3.10, anything from 4.0 on against
/// 4.x).
struct arango_version
{
    int major = 3;
    int minor = 12;
    int patch = 0;

    /// Parses `3.12`, `3.12.4`, `v3.11.2-1`, `3.12.4-devel`; nullopt when there is no `N.N` prefix.
    static std::optional<arango_version> parse(std::string_view s) noexcept
    {
        if (!s.empty() && (s.front() == 'v' || s.front() == 'V'))
            s.remove_prefix(1);
        int parts[3] = {0, 0, 0};
        int n = 0;
        const char* p = s.data();
        const char* end = s.data() + s.size();
        while (n < 3 && p < end)
        {
            auto [next, ec] = std::from_chars(p, end, parts[n]);
            if (ec != std::errc{})
                break;
            ++n;
            p = next;
            if (p < end && *p == '.')
                ++p;
            else
                break;
        }
        if (n < 2)
            return std::nullopt;
        return arango_version{parts[0], parts[1], parts[2]};
    }
    std::string to_string() const
    {
        return std::to_string(major) + '.' + std::to_string(minor) + '.' + std::to_string(patch);
    }
    friend auto operator<=>(const arango_version&, const arango_version&) = default;
};

/// Which build of ArangoDB the tools come from. `unknown` skips the Enterprise-only checks.
enum class arango_edition
{
    unknown,
    community,
    enterprise,
};

/// The enumerator's name (`"unknown"`, ...); `"?"` for a value outside the enumeration.
inline const char* to_string(arango_edition v) noexcept
{
    switch (v)
    {
    case arango_edition::unknown:
        return "unknown";
    case arango_edition::community:
        return "community";
    case arango_edition::enterprise:
        return "enterprise";
    }
    return "?";
}

/// \brief How secrets (password, JWT) reach the tool.
enum class secret_transport
{
    automatic,   ///< a private `.conf` file when any secret is set, else argv (the default)
    argv,        ///< on the command line (visible in /proc/<pid>/cmdline; redacted in our reports only)
    config_file, ///< secrets in a private `.conf` file (mode 0600), the rest on argv
    full_config, ///< every option in the private `.conf` file; argv holds only --configuration and
                 ///< positionals
};

/// The enumerator's name (`"automatic"`, ...); `"?"` for a value outside the enumeration.
inline const char* to_string(secret_transport v) noexcept
{
    switch (v)
    {
    case secret_transport::automatic:
        return "automatic";
    case secret_transport::argv:
        return "argv";
    case secret_transport::config_file:
        return "config_file";
    case secret_transport::full_config:
        return "full_config";
    }
    return "?";
}

/// \brief A repeatable option's values: `--collection a --collection b`.
/// \details A vector that also accepts a single value, so `.collection = "users"` works as well as
/// `.collection = {"users", "orders"}`. Empty means "not set".
template <class T> struct option_list : std::vector<T>
{
    using std::vector<T>::vector;
    option_list() = default;
    option_list(std::initializer_list<T> il) : std::vector<T>(il) {}
    option_list(const T& v) : std::vector<T>{v} {}
    template <class U = T, class = std::enable_if_t<std::is_same_v<U, std::string>>>
    option_list(const char* v) : std::vector<T>{std::string(v)}
    {
    }
};

/// \brief Compile-time facts about one tool's options type (specialised in each tools/<binary>.hpp).
/// \details Members: `id` (tool_id), `binary` (the program name), `report_type` and `parser_type` (the
/// output parser for that tool).
template <class Options> struct tool_traits;

/// An options aggregate of one of the seven tools.
template <class Options>
concept tool_options = requires
{
    tool_traits<Options>::id;
};

/// \brief One reason why options were rejected before spawning.
struct option_problem
{
    std::string tool{}; ///< the binary name, e.g. "arangodump"
    std::string
        option{}; ///< the flag without dashes, e.g. "all-databases" (empty for whole-invocation problems)
    std::string reason{}; ///< why, in words

    /// `arangodump: option '--all-databases': cannot be combined with --server.database`
    std::string message() const
    {
        std::string s = tool + ": ";
        if (!option.empty())
            s += "option '--" + option + "': ";
        return s + reason;
    }
};

/// \brief A file that must exist (mode 0600) while the tool runs and be removed afterwards: the private
/// `.conf` carrying the secrets, or a JWT secret keyfile.
struct private_file
{
    std::filesystem::path path{}; ///< on disk, or `/proc/self/fd/N` once written to a memory file
    std::string content{};
    mutable int fd = -1; ///< the memory file's descriptor (-1: on disk, or not written)
};

/// \brief A tool run, rendered and ready for the runner.
struct tool_invocation
{
    tool_id tool = tool_id::arangosh;
    command cmd{};                     ///< program, args (secret-free unless secret_transport::argv), secrets
    std::vector<private_file> files{}; ///< write before spawning (write_private_files), remove afterwards;
                                       ///< they go to memory files when the kernel has memfd_create
    std::filesystem::path config_file{}; ///< the private .conf passed with --configuration (empty: none)
    std::filesystem::path log_file{};    ///< the per-run log file the tool writes (empty: none)
    std::vector<std::string> notes{};    ///< warnings: obsolete or renamed options that the tool will ignore
};

/// \brief What rendering produced: an invocation, or the problems that stopped it.
struct invocation_result
{
    error_code ec{};                        ///< empty, or errc::invalid_options
    std::vector<option_problem> problems{}; ///< every problem found (not only the first)
    tool_invocation invocation{};           ///< filled when !ec

    explicit operator bool() const noexcept { return !ec; }
    /// All problems, one per line.
    std::string message() const
    {
        std::string s;
        for (const auto& p : problems)
        {
            if (!s.empty())
                s += '\n';
            s += p.message();
        }
        return s;
    }
};

} // namespace arangokit

#endif
