// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_RESOLVE_PROGRAM_HPP
#define ARANGOKIT_PROCESS_DETAIL_RESOLVE_PROGRAM_HPP

// Program resolution: done before anything is forked, so a missing tool is an error that names every place
// searched rather than an exec failure in a child.

#include <arangokit/error.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace arangokit::detail {

/// Resolves a program name: a path with '/' is taken as is; a name is searched in `bin_dirs`, then PATH.
/// On failure `message` names every place searched and what to do.
inline std::filesystem::path resolve_program(
    const std::string& program,
    const std::vector<std::filesystem::path>& bin_dirs,
    bool search_path,
    error_code& ec,
    std::string& message
)
{
    namespace fs = std::filesystem;
    ec = {};
    auto check = [&](const fs::path& p) -> int { // 0 ok, 1 missing, 2 not executable
        struct stat st;
        if (::stat(p.c_str(), &st) != 0)
            return 1;
        if (!S_ISREG(st.st_mode) || ::access(p.c_str(), X_OK) != 0)
            return 2;
        return 0;
    };
    if (program.empty())
    {
        ec = errc::tool_not_found;
        message = "empty program name";
        return {};
    }
    if (program.find('/') != std::string::npos)
    {
        fs::path p = fs::absolute(program);
        int c = check(p);
        if (c == 0)
            return p;
        ec = c == 1 ? errc::tool_not_found : errc::not_executable;
        message = c == 1 ? "'" + p.string() + "' does not exist"
                         : "'" + p.string() + "' is not an executable regular file (check its mode)";
        return {};
    }
    std::vector<fs::path> searched;
    std::optional<fs::path> not_exec;
    auto try_dir = [&](const fs::path& dir) -> std::optional<fs::path> {
        fs::path p = dir / program;
        if (std::find(searched.begin(), searched.end(), dir) != searched.end())
            return std::nullopt;
        searched.push_back(dir);
        int c = check(p);
        if (c == 0)
            return fs::absolute(p);
        if (c == 2 && !not_exec)
            not_exec = p;
        return std::nullopt;
    };
    for (const auto& d : bin_dirs)
        if (auto p = try_dir(d))
            return *p;
    if (search_path)
    {
        const char* path = ::getenv("PATH");
        std::string_view sv = path ? path : "/usr/local/bin:/usr/bin:/bin";
        while (!sv.empty())
        {
            auto colon = sv.find(':');
            std::string_view dir = sv.substr(0, colon);
            if (!dir.empty())
                if (auto p = try_dir(fs::path(dir)))
                    return *p;
            if (colon == std::string_view::npos)
                break;
            sv.remove_prefix(colon + 1);
        }
    }
    if (not_exec)
    {
        ec = errc::not_executable;
        message = "'" + not_exec->string() + "' exists but is not executable (check its mode)";
        return {};
    }
    ec = errc::tool_not_found;
    message = "'" + program + "' not found; searched:";
    for (const auto& d : searched)
        message += " " + d.string();
    if (searched.empty())
        message += " (nothing: no bin dirs configured and PATH search disabled)";
    message += ". Set runner_config::bin_dirs (or ARANGOKIT_BIN_DIR) to the directory holding the tool.";
    return {};
}

} // namespace arangokit::detail

#endif
