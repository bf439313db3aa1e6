// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_INSTRUMENTATION_SANITIZER_REPORTS_HPP
#define ARANGOKIT_INSTRUMENTATION_SANITIZER_REPORTS_HPP

#include <arangokit/instrumentation.hpp>
#include <arangokit/process/command.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace arangokit {

/// The four sanitizers whose runtime options arangokit sets per process.
enum class sanitizer
{
    asan,
    lsan,
    ubsan,
    tsan,
};

/// `"asan"`, `"lsan"`, `"ubsan"`, `"tsan"`: the stem of the report files.
inline const char* to_string(sanitizer s) noexcept
{
    switch (s)
    {
    case sanitizer::asan:
        return "asan";
    case sanitizer::lsan:
        return "lsan";
    case sanitizer::ubsan:
        return "ubsan";
    case sanitizer::tsan:
        return "tsan";
    }
    return "?";
}

inline std::ostream& operator<<(std::ostream& os, sanitizer s)
{
    return os << to_string(s);
}

/// The runtime's environment variable: `ASAN_OPTIONS`, `LSAN_OPTIONS`, `UBSAN_OPTIONS`, `TSAN_OPTIONS`.
inline const char* options_variable(sanitizer s) noexcept
{
    switch (s)
    {
    case sanitizer::asan:
        return "ASAN_OPTIONS";
    case sanitizer::lsan:
        return "LSAN_OPTIONS";
    case sanitizer::ubsan:
        return "UBSAN_OPTIONS";
    case sanitizer::tsan:
        return "TSAN_OPTIONS";
    }
    return "";
}

/// \brief One report file a sanitizer runtime wrote for one process.
struct sanitizer_report
{
    sanitizer kind = sanitizer::asan;
    std::filesystem::path file{}; ///< `<log_dir>/<san>.log.<exe>.<pid>` (or `<san>.log.<pid>`)
    std::string text{};           ///< the report (capped at 1 MiB; the file keeps everything)
};

/// \brief Per-process sanitizer and coverage settings for instrumented tool binaries.
/// \details Mirrors the original harness (`san-file-handler.js`, `coverageEnvironment()`): every enabled
/// sanitizer gets `<SAN>_OPTIONS=<inherited or base options>:log_path=<log_dir>/<san>.log:log_exe_name=true`,
/// so a runtime writes its report to `<log_dir>/<san>.log.<exe>.<pid>` instead of stderr. After the process
/// has exited, `collect()` picks up the files of that pid; a file longer than 10 bytes is a report and makes
/// the run a failure (the original's rule). Coverage builds get `LLVM_PROFILE_FILE` (always containing `%p`,
/// so concurrent processes never share a profile) and `GCOV_PREFIX` (a per-process sub-directory).
struct sanitizer_setup
{
    bool asan = false;
    bool lsan = false;
    bool ubsan = false;
    bool tsan = false;
    bool coverage = false;
    /// Where `log_path` points; the run's (or client's) directory. Must exist before the tool starts.
    std::filesystem::path log_dir{};
    /// Coverage output; empty: `log_dir`.
    std::filesystem::path coverage_dir{};
    /// Options put before ours when the variable is not inherited, e.g. `{sanitizer::asan,
    /// "detect_leaks=0"}`.
    std::map<sanitizer, std::string> base_options{};
    /// Reads the parent's environment (replaceable for tests); empty: `std::getenv`.
    std::function<std::optional<std::string>(const std::string&)> getenv{};

    /// From an instance's instrumentation flags.
    static sanitizer_setup from(const instrumentation& in, std::filesystem::path dir)
    {
        sanitizer_setup s;
        s.asan = in.asan;
        s.lsan = in.lsan;
        s.ubsan = in.ubsan;
        s.tsan = in.tsan;
        s.coverage = in.coverage;
        s.log_dir = std::move(dir);
        return s;
    }

    bool enabled(sanitizer k) const noexcept
    {
        switch (k)
        {
        case sanitizer::asan:
            return asan;
        case sanitizer::lsan:
            return lsan;
        case sanitizer::ubsan:
            return ubsan;
        case sanitizer::tsan:
            return tsan;
        }
        return false;
    }
    bool any() const noexcept { return asan || lsan || ubsan || tsan || coverage; }

    /// `<log_dir>/<san>.log`: the `log_path` given to the runtime.
    std::filesystem::path log_path(sanitizer k) const
    {
        return log_dir / (std::string(to_string(k)) + ".log");
    }

    /// \brief The environment additions for one process.
    /// \param unique distinguishes processes of one run in `GCOV_PREFIX` (e.g. the client's label).
    std::map<std::string, std::string> variables(const std::string& unique = "process") const
    {
        std::map<std::string, std::string> out;
        auto get = [&](const std::string& n) -> std::optional<std::string> {
            if (getenv)
                return getenv(n);
            const char* v = std::getenv(n.c_str());
            return v ? std::optional<std::string>(v) : std::nullopt;
        };
        for (sanitizer k : {sanitizer::asan, sanitizer::lsan, sanitizer::ubsan, sanitizer::tsan})
        {
            if (!enabled(k))
                continue;
            std::string v = get(options_variable(k)).value_or("");
            if (v.empty())
                if (auto b = base_options.find(k); b != base_options.end())
                    v = b->second;
            std::string mine = "log_path=" + log_path(k).string() + ":log_exe_name=true";
            out[options_variable(k)] = v.empty() ? mine : v + ":" + mine;
        }
        if (coverage)
        {
            std::filesystem::path dir = coverage_dir.empty() ? log_dir : coverage_dir;
            std::string prof = get("LLVM_PROFILE_FILE").value_or("");
            if (prof.empty())
                prof = (dir / (unique + "-%p.profraw")).string();
            else if (prof.find("%p") == std::string::npos)
            {
                auto dot = prof.rfind(".profraw");
                prof = dot == std::string::npos ? prof + ".%p" : prof.insert(dot, ".%p");
            }
            out["LLVM_PROFILE_FILE"] = prof;
            std::string g = get("GCOV_PREFIX").value_or("");
            out["GCOV_PREFIX"] = g.empty() ? (dir / "gcov" / unique).string() : g + "/" + unique;
        }
        return out;
    }

    /// Adds `variables(unique)` to a command's environment (the command's own settings win).
    void apply(command& cmd, const std::string& unique = "process") const
    {
        for (auto& [k, v] : variables(unique))
            cmd.env.set.try_emplace(k, v);
    }

    /// \brief The report files one process left: `<san>.log.<anything>.<pid>` or `<san>.log.<pid>`, longer
    /// than 10 bytes. Files of 10 bytes or less are ignored (and removed with `remove_empty`).
    std::vector<sanitizer_report> collect(int pid, bool remove_empty = true) const
    {
        std::vector<sanitizer_report> out;
        if (pid <= 0 || log_dir.empty())
            return out;
        std::error_code ec;
        std::string suffix = "." + std::to_string(pid);
        for (const auto& e : std::filesystem::directory_iterator(log_dir, ec))
        {
            std::string name = e.path().filename().string();
            if (name.size() <= suffix.size() ||
                name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
                continue;
            for (sanitizer k : {sanitizer::asan, sanitizer::lsan, sanitizer::ubsan, sanitizer::tsan})
            {
                std::string stem = std::string(to_string(k)) + ".log.";
                if (name.rfind(stem, 0) != 0)
                    continue;
                std::error_code sec;
                auto size = std::filesystem::file_size(e.path(), sec);
                if (sec)
                    break;
                if (size <= 10)
                {
                    if (remove_empty)
                        std::filesystem::remove(e.path(), sec);
                    break;
                }
                sanitizer_report r;
                r.kind = k;
                r.file = e.path();
                std::ifstream f(e.path(), std::ios::binary);
                r.text.resize(static_cast<std::size_t>(std::min<std::uintmax_t>(size, 1u << 20)));
                f.read(r.text.data(), static_cast<std::streamsize>(r.text.size()));
                r.text.resize(static_cast<std::size_t>(f.gcount()));
                out.push_back(std::move(r));
                break;
            }
        }
        return out;
    }
};

} // namespace arangokit

#endif
