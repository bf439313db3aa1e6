// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_ENVIRONMENT_HPP
#define ARANGOKIT_PROCESS_DETAIL_ENVIRONMENT_HPP

// The child's environment block, and the redaction of secrets in what we report about a run (argv, event
// texts). Output lines are redacted in the line splitter's buffer instead, so each byte is scanned once.

#include <arangokit/process/command.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

namespace arangokit::detail {

/// Replaces every occurrence of every non-empty secret in `s` by asterisks.
inline std::string redact(std::string s, const std::vector<std::string>& secrets)
{
    for (const auto& sec : secrets)
    {
        if (sec.empty())
            continue;
        for (std::size_t pos = s.find(sec); pos != std::string::npos; pos = s.find(sec, pos + 8))
            s.replace(pos, sec.size(), "********");
    }
    return s;
}

/// The environment block for the child: parent's (if inherited), minus unset, plus set.
inline std::vector<std::string> build_environment(const environment_spec& spec)
{
    std::vector<std::string> out;
    auto removed = [&](std::string_view kv) {
        auto eq = kv.find('=');
        std::string_view k = kv.substr(0, eq);
        if (spec.set.count(std::string(k)))
            return true;
        return std::find(spec.unset.begin(), spec.unset.end(), k) != spec.unset.end();
    };
    if (spec.inherit)
        for (char** e = environ; e && *e; ++e)
            if (!removed(*e))
                out.emplace_back(*e);
    for (const auto& [k, v] : spec.set)
        out.push_back(k + "=" + v);
    return out;
}

} // namespace arangokit::detail

#endif
