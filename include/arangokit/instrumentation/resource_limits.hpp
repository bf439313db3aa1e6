// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_INSTRUMENTATION_RESOURCE_LIMITS_HPP
#define ARANGOKIT_INSTRUMENTATION_RESOURCE_LIMITS_HPP

#include <arangokit/process/command.hpp>

#include <cstdint>
#include <optional>
#include <sys/resource.h>
#include <vector>

namespace arangokit {

/// \brief Resource limits for one tool, applied in the child between fork and exec (`setrlimit`).
/// \details Each set field becomes soft = hard = the value (`unlimited` = RLIM_INFINITY). A hard limit above
/// ours fails the spawn (`errc::spawn_failed`, "setrlimit: ..."), so nothing runs with limits it did not ask
/// for.
struct resource_limits
{
    static constexpr std::uint64_t unlimited = static_cast<std::uint64_t>(RLIM_INFINITY);

    std::optional<std::uint64_t> core_size{};     ///< RLIMIT_CORE, bytes (`unlimited` to get core files)
    std::optional<std::uint64_t> address_space{}; ///< RLIMIT_AS, bytes
    std::optional<std::uint64_t> open_files{};    ///< RLIMIT_NOFILE
    std::optional<std::uint64_t> cpu_seconds{};   ///< RLIMIT_CPU (SIGXCPU, then SIGKILL at the hard limit)

    bool empty() const noexcept { return !core_size && !address_space && !open_files && !cpu_seconds; }

    /// The limits as the process core takes them.
    std::vector<resource_limit> to_limits() const
    {
        std::vector<resource_limit> v;
        auto add = [&](int res, const std::optional<std::uint64_t>& x) {
            if (x)
                v.push_back({res, static_cast<unsigned long>(*x), static_cast<unsigned long>(*x)});
        };
        add(RLIMIT_CORE, core_size);
        add(RLIMIT_AS, address_space);
        add(RLIMIT_NOFILE, open_files);
        add(RLIMIT_CPU, cpu_seconds);
        return v;
    }

    /// Adds the limits to a command (replacing a limit of the same resource it already had).
    void apply(command& cmd) const
    {
        for (const auto& l : to_limits())
        {
            bool replaced = false;
            for (auto& e : cmd.limits)
                if (e.resource == l.resource)
                {
                    e = l;
                    replaced = true;
                }
            if (!replaced)
                cmd.limits.push_back(l);
        }
    }
};

} // namespace arangokit

#endif
