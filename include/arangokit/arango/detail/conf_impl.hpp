// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_DETAIL_CONF_IMPL_HPP
#define ARANGOKIT_ARANGO_DETAIL_CONF_IMPL_HPP

#include <arangokit/arango/config_file.hpp>

#include <algorithm>

namespace arangokit {

namespace detail {

inline bool conf_space(char c) noexcept
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

inline std::string_view conf_trim(std::string_view s) noexcept
{
    while (!s.empty() && conf_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && conf_space(s.back()))
        s.remove_suffix(1);
    return s;
}

inline std::string conf_full_key(const std::string& section, const std::string& key)
{
    if (section.empty() || key.find('.') != std::string::npos)
        return key;
    return section + "." + key;
}

inline bool conf_key_ok(std::string_view k) noexcept
{
    if (k.empty() || k.front() == '#' || k.front() == ';' || k.front() == '[' || k.front() == '@')
        return false;
    return std::none_of(k.begin(), k.end(), [](char c) { return conf_space(c) || c == '='; });
}

inline bool conf_value_ok(std::string_view v) noexcept
{
    if (v.find_first_of("\r\n") != std::string_view::npos)
        return false;
    return v.empty() || (!conf_space(v.front()) && !conf_space(v.back()));
}

} // namespace detail

inline std::vector<conf_setting> config_document::settings(std::string_view edition) const
{
    std::vector<conf_setting> out;
    std::string section;
    bool active = true;
    for (const auto& it : items)
    {
        if (it.type == conf_item::kind::section)
        {
            section = it.section;
            active = it.edition.empty() || edition.empty() || it.edition == edition;
        }
        else if (it.type == conf_item::kind::assignment && active)
            out.push_back({detail::conf_full_key(section, it.key), it.value, {}, it.line});
    }
    return out;
}

inline config_parse_result parse_config(std::string_view text, std::string_view file_name)
{
    config_parse_result r;
    int line_no = 0;
    while (!text.empty())
    {
        auto nl = text.find('\n');
        std::string_view raw = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++line_no;
        std::string_view line = detail::conf_trim(raw);
        conf_item it;
        it.line = line_no;
        if (line.empty())
            it.type = conf_item::kind::blank;
        else if (line.front() == '#' || line.front() == ';')
        {
            it.type = conf_item::kind::comment;
            it.marker = line.front();
            it.text = std::string(line.substr(1));
        }
        else if (line.front() == '[')
        {
            if (line.back() != ']' || line.size() < 3)
            {
                r.errors.push_back({std::string(file_name), line_no, "unknown line type"});
                continue;
            }
            std::string_view name = detail::conf_trim(line.substr(1, line.size() - 2));
            it.type = conf_item::kind::section;
            auto colon = name.find(':');
            if (colon != std::string_view::npos)
            {
                it.edition = std::string(name.substr(colon + 1));
                name = name.substr(0, colon);
                if (it.edition != "community" && it.edition != "enterprise")
                    r.errors.push_back(
                        {std::string(file_name), line_no, "unknown section edition '" + it.edition + "'"}
                    );
            }
            if (name.empty())
            {
                r.errors.push_back({std::string(file_name), line_no, "empty section name"});
                continue;
            }
            it.section = std::string(name);
        }
        else if (line.starts_with("@include"))
        {
            std::string_view f = detail::conf_trim(line.substr(8));
            if (f.empty() || (line.size() > 8 && !detail::conf_space(line[8])))
            {
                r.errors.push_back({std::string(file_name), line_no, "unknown line type"});
                continue;
            }
            it.type = conf_item::kind::include;
            it.value = std::string(f);
        }
        else
        {
            auto eq = line.find('=');
            std::string_view key =
                eq == std::string_view::npos ? std::string_view{} : detail::conf_trim(line.substr(0, eq));
            if (eq == std::string_view::npos || !detail::conf_key_ok(key))
            {
                r.errors.push_back({std::string(file_name), line_no, "unknown line type"});
                continue;
            }
            it.type = conf_item::kind::assignment;
            it.key = std::string(key);
            it.value = std::string(detail::conf_trim(line.substr(eq + 1)));
        }
        r.doc.items.push_back(std::move(it));
    }
    return r;
}

inline std::optional<std::string>
write_config(const config_document& doc, std::vector<conf_diagnostic>* errors)
{
    std::string out;
    bool ok = true;
    auto fail = [&](int idx, std::string msg) {
        ok = false;
        if (errors)
            errors->push_back({{}, idx + 1, std::move(msg)});
    };
    int idx = 0;
    for (const auto& it : doc.items)
    {
        switch (it.type)
        {
        case conf_item::kind::blank:
            break;
        case conf_item::kind::comment:
            if (it.text.find_first_of("\r\n") != std::string::npos ||
                (it.marker != '#' && it.marker != ';') ||
                (!it.text.empty() && detail::conf_space(it.text.back())))
                fail(idx, "comment cannot be represented");
            out += it.marker;
            out += it.text;
            break;
        case conf_item::kind::section:
            if (it.section.empty() || !detail::conf_key_ok(it.section) ||
                it.section.find_first_of("[]:") != std::string::npos ||
                (!it.edition.empty() && it.edition != "community" && it.edition != "enterprise"))
                fail(idx, "invalid section name '" + it.section + "'");
            out += '[' + it.section + (it.edition.empty() ? "" : ":" + it.edition) + ']';
            break;
        case conf_item::kind::assignment:
            if (!detail::conf_key_ok(it.key))
                fail(idx, "invalid key '" + it.key + "'");
            if (!detail::conf_value_ok(it.value))
                fail(idx, "value of '" + it.key + "' has a line break or surrounding whitespace");
            out += it.key + " = " + it.value;
            break;
        case conf_item::kind::include:
            if (it.value.empty() || !detail::conf_value_ok(it.value))
                fail(idx, "invalid include file name");
            out += "@include " + it.value;
            break;
        }
        out += '\n';
        ++idx;
    }
    if (!ok)
        return std::nullopt;
    return out;
}

inline config_document make_config(const std::vector<std::pair<std::string, std::string>>& options)
{
    config_document doc;
    std::vector<std::string> sections;
    for (const auto& [k, v] : options)
    {
        auto dot = k.find('.');
        if (dot == std::string::npos || k.find('.', dot + 1) != std::string::npos)
            doc.add(k, v);
        else if (std::find(sections.begin(), sections.end(), k.substr(0, dot)) == sections.end())
            sections.push_back(k.substr(0, dot));
    }
    for (const auto& s : sections)
    {
        doc.add_blank();
        doc.add_section(s);
        for (const auto& [k, v] : options)
        {
            auto dot = k.find('.');
            if (dot != std::string::npos && k.find('.', dot + 1) == std::string::npos &&
                k.compare(0, dot, s) == 0 && dot == s.size())
                doc.add(k.substr(dot + 1), v);
        }
    }
    return doc;
}

inline std::string substitute_placeholders(
    std::string_view value,
    const std::function<std::optional<std::string>(const std::string&)>& env,
    const std::map<std::string, std::string>& defines
)
{
    std::string out;
    std::size_t i = 0;
    while (i < value.size())
    {
        char c = value[i];
        if (c != '@')
        {
            out += c;
            ++i;
            continue;
        }
        if (i + 1 < value.size() && value[i + 1] == '@')
        {
            out += '@';
            i += 2;
            continue;
        }
        auto close = value.find('@', i + 1);
        if (close == std::string_view::npos)
        {
            out += value.substr(i);
            break;
        }
        std::string name(value.substr(i + 1, close - i - 1));
        std::optional<std::string> v = env ? env(name) : std::nullopt;
        if (v && !v->empty())
            out += *v;
        else if (auto d = defines.find(name); d != defines.end())
            out += d->second;
        i = close + 1;
    }
    return out;
}

namespace detail {

inline void conf_load_file(
    const std::filesystem::path& path,
    const std::function<std::optional<std::string>(const std::filesystem::path&)>& read_file,
    std::string_view edition,
    std::vector<std::string>& stack,
    resolved_config& out,
    std::vector<conf_setting>& into
)
{
    std::string key = path.lexically_normal().string();
    if (std::find(stack.begin(), stack.end(), key) != stack.end())
    {
        out.errors.push_back({key, 0, "recursive include of file '" + key + "'"});
        return;
    }
    auto text = read_file(path);
    if (!text)
    {
        out.errors.push_back({key, 0, "cannot read config file '" + key + "'"});
        return;
    }
    stack.push_back(key);
    out.files.push_back(key);
    auto parsed = parse_config(*text, key);
    for (auto& e : parsed.errors)
        out.errors.push_back(std::move(e));
    std::string section;
    bool active = true;
    for (const auto& it : parsed.doc.items)
    {
        if (it.type == conf_item::kind::section)
        {
            section = it.section;
            active = it.edition.empty() || edition.empty() || it.edition == edition;
        }
        else if (it.type == conf_item::kind::assignment && active)
            into.push_back({conf_full_key(section, it.key), it.value, key, it.line});
        else if (it.type == conf_item::kind::include && active)
        {
            std::filesystem::path inc = it.value;
            if (inc.extension() != ".conf")
                inc += ".conf";
            std::filesystem::path candidate = inc;
            if (inc.is_relative() && !read_file(inc))
                candidate = path.parent_path() / inc;
            conf_load_file(candidate, read_file, edition, stack, out, into);
        }
    }
    stack.pop_back();
}

} // namespace detail

inline resolved_config load_config(
    const std::filesystem::path& path,
    const std::function<std::optional<std::string>(const std::filesystem::path&)>& read_file,
    std::string_view edition
)
{
    resolved_config out;
    std::vector<std::string> stack;
    std::vector<conf_setting> local;
    std::filesystem::path local_path = path;
    local_path += ".local";
    if (read_file(local_path))
        detail::conf_load_file(local_path, read_file, edition, stack, out, local);
    std::vector<conf_setting> main;
    detail::conf_load_file(path, read_file, edition, stack, out, main);
    std::set<std::string> frozen;
    for (const auto& s : local)
        frozen.insert(s.option);
    out.settings = std::move(local);
    for (auto& s : main)
        if (!frozen.count(s.option))
            out.settings.push_back(std::move(s));
    return out;
}

} // namespace arangokit

#endif
