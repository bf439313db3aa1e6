// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_DETAIL_TOOLS_SPEC_HPP
#define ARANGOKIT_ARANGO_DETAIL_TOOLS_SPEC_HPP

#include <arangokit/arango/tool_invocation.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace arangokit::detail {

enum class opt_type : std::uint8_t
{
    boolean,
    uinteger,
    floating,
    string,
    string_list,
    double_list,
    enum_string,
    enum_uint,
};

// Bit i = docs version i of {3.10, 3.11, 3.12, 4.x}.
struct option_spec
{
    std::string_view name;
    opt_type type;
    bool requires_value;
    bool enterprise;
    bool command;
    std::uint8_t available;
    std::uint8_t obsolete_accepted;
    std::string_view renamed_to;
    std::span<const std::string_view> values;
    std::string_view status;
};

struct option_alias
{
    std::optional<tool_id> tool; // nullopt: every tool
    std::string_view old_name;
    std::string_view new_name;
};

struct partial_option
{
    std::string_view name;
    std::uint8_t tools; // bit = tool_id
};

inline constexpr const char* docs_version_names[] = {"3.10", "3.11", "3.12", "4.x"};

inline int docs_version_index(const arango_version& v) noexcept
{
    if (v.major >= 4)
        return 3;
    if (v.major < 3 || v.minor <= 10)
        return 0;
    return v.minor == 11 ? 1 : 2;
}

} // namespace arangokit::detail

#include <arangokit/arango/detail/tools_option_table.hpp>

namespace arangokit::detail {

inline std::span<const option_spec> tool_option_table(tool_id t) noexcept
{
    switch (t)
    {
    case tool_id::arangodump:
        return arangodump_option_table;
    case tool_id::arangorestore:
        return arangorestore_option_table;
    case tool_id::arangoimport:
        return arangoimport_option_table;
    case tool_id::arangoexport:
        return arangoexport_option_table;
    case tool_id::arangobench:
        return arangobench_option_table;
    case tool_id::arangobackup:
        return arangobackup_option_table;
    case tool_id::arangosh:
        return arangosh_option_table;
    }
    return {};
}

// Tool-specific entries first: they carry the per-tool availability of partial common options.
inline const option_spec* find_option_spec(tool_id t, std::string_view name) noexcept
{
    for (const auto& s : tool_option_table(t))
        if (s.name == name)
            return &s;
    for (const auto& p : partial_option_table)
        if (p.name == name && !(p.tools & (1u << static_cast<unsigned>(t))))
            return nullptr;
    for (const auto& s : common_option_table)
        if (s.name == name)
            return &s;
    return nullptr;
}

inline const option_alias* find_option_alias(tool_id t, std::string_view name) noexcept
{
    for (const auto& a : option_alias_table)
        if (a.old_name == name && (!a.tool || *a.tool == t))
            return &a;
    return nullptr;
}

inline bool is_obsolete_common_option(std::string_view name) noexcept
{
    for (auto n : obsolete_common_options)
        if (n == name)
            return true;
    return false;
}

} // namespace arangokit::detail

#endif
