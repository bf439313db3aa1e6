// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Outside the guard: tools/render.hpp declares tool_context and ends by including the render code, which
// includes this header. Included first, this header must let that chain define it before its own guard is
// set.
#include <arangokit/arango/tools/render.hpp>
#ifndef ARANGOKIT_ARANGO_DETAIL_RENDER_STATE_HPP
#define ARANGOKIT_ARANGO_DETAIL_RENDER_STATE_HPP

// One render's bookkeeping: the options emitted so far and the problems found, which the option visitors
// feed.

#include <arangokit/arango/config_file.hpp>
#include <arangokit/arango/detail/tools_spec.hpp>
#include <arangokit/arango/endpoint.hpp>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>

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
                    if (!ctx_.version_source.empty())
                        why += ", the version that '" + ctx_.version_source.string() + " --version' reports";
                    why += ": remove the option, or run an " + std::string(to_string(tool_)) +
                           " of a version that has it (tool_context::bin_dir)";
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

} // namespace detail

} // namespace arangokit

#endif
