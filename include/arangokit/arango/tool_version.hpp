// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_TOOL_VERSION_HPP
#define ARANGOKIT_ARANGO_TOOL_VERSION_HPP

#include <arangokit/arango/tool_invocation.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace arangokit {

/// \brief What a tool binary says about itself in answer to `--version`.
/// \details The real tools (and the simulator's stand-ins) print the bare version on the first line, an
/// empty line, then sorted `key: value` lines: `server-version`, `license`, `build-date`,
/// `full-version-string` and many more.
struct tool_version_info
{
    arango_version version{};                         ///< the parsed version
    arango_edition edition = arango_edition::unknown; ///< from `license:` (or the full version string)
    std::string text{};                               ///< the version as printed (`3.12.4`, `3.12.4-devel`)
    std::string build_date{};                         ///< `build-date`, empty when not printed
    std::filesystem::path binary{};                   ///< the binary that answered (absolute path)
};

/// \brief Parses the output of `<tool> --version`.
/// \details The version comes from the first non-empty line when that line is a bare version, else from a
/// `server-version:` (or `version:`) line, else from `full-version-string: ArangoDB 3.x.y ...`. The edition
/// comes from `license: community|enterprise`, else from the word after the version in the full version
/// string. `binary` is left empty.
/// \returns nullopt when none of those lines holds a version.
inline std::optional<tool_version_info> parse_tool_version(std::string_view out)
{
    auto trim = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
            s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
            s.remove_suffix(1);
        return s;
    };
    auto edition_of = [](std::string_view w) {
        return w == "enterprise"  ? arango_edition::enterprise
               : w == "community" ? arango_edition::community
                                  : arango_edition::unknown;
    };
    tool_version_info info;
    std::optional<arango_version> first, keyed, banner;
    std::string first_text, keyed_text, banner_text;
    arango_edition banner_edition = arango_edition::unknown;
    bool first_line = true;
    while (!out.empty())
    {
        auto nl = out.find('\n');
        std::string_view line = trim(out.substr(0, nl));
        out.remove_prefix(nl == std::string_view::npos ? out.size() : nl + 1);
        if (line.empty())
            continue;
        if (first_line)
        {
            first_line = false;
            // A bare version only: a log line or a banner is not one.
            if (line.find(' ') == std::string_view::npos && line.find(':') == std::string_view::npos)
                if ((first = arango_version::parse(line)))
                {
                    first_text = std::string(line);
                    continue;
                }
        }
        auto colon = line.find(": ");
        if (colon == std::string_view::npos)
            continue;
        auto key = line.substr(0, colon);
        auto val = trim(line.substr(colon + 2));
        if ((key == "server-version" || key == "version") && !keyed)
        {
            if ((keyed = arango_version::parse(val)))
                keyed_text = std::string(val);
        }
        else if (key == "license")
            info.edition = edition_of(val);
        else if (key == "build-date")
            info.build_date = std::string(val);
        else if (key == "full-version-string" && val.starts_with("ArangoDB "))
        {
            // `ArangoDB 3.12.4 enterprise [linux] 64bit, using jemalloc, ...`
            auto rest = val.substr(9);
            auto word = rest.substr(0, rest.find(' '));
            if ((banner = arango_version::parse(word)))
                banner_text = std::string(word);
            rest.remove_prefix(word.size());
            rest = trim(rest);
            banner_edition = edition_of(rest.substr(0, rest.find(' ')));
        }
    }
    if (info.edition == arango_edition::unknown)
        info.edition = banner_edition;
    if (first)
    {
        info.version = *first;
        info.text = std::move(first_text);
    }
    else if (keyed)
    {
        info.version = *keyed;
        info.text = std::move(keyed_text);
    }
    else if (banner)
    {
        info.version = *banner;
        info.text = std::move(banner_text);
    }
    else
        return std::nullopt;
    return info;
}

} // namespace arangokit

#endif
