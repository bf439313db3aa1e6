// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_CONFIG_FILE_HPP
#define ARANGOKIT_ARANGO_CONFIG_FILE_HPP

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief One line of an ArangoDB `.conf` file, as read or to be written.
/// \details The syntax is the tools' own (`lib/ProgramOptions/IniFileParser.cpp`): blank lines, comments
/// (`#` or `;` first), `[section]` or `[section:community]` / `[section:enterprise]`, `key = value`, and
/// `@include <file>`. Lines are trimmed, so values cannot start or end with whitespace; there are no
/// comments after a value.
struct conf_item
{
    enum class kind
    {
        blank,
        comment,    ///< `text` holds what follows the `#`/`;` marker (marker kept in `marker`)
        section,    ///< `section` and `edition` (empty, "community" or "enterprise")
        assignment, ///< `key` (as written, relative to the section unless it contains a dot) and `value`
        include,    ///< `value` is the file name
    };
    kind type = kind::blank;
    std::string key{};
    std::string value{};
    std::string section{};
    std::string edition{};
    std::string text{};
    char marker = '#';
    int line = 0; ///< 1-based line number when read (ignored by comparisons)

    friend bool operator==(const conf_item& a, const conf_item& b)
    {
        return a.type == b.type && a.key == b.key && a.value == b.value && a.section == b.section &&
               a.edition == b.edition && a.text == b.text &&
               (a.type != kind::comment || a.marker == b.marker);
    }
};

/// The enumerator's name (`"blank"`, ...); `"?"` for a value outside the enumeration.
inline const char* to_string(conf_item::kind v) noexcept
{
    switch (v)
    {
    case conf_item::kind::blank:
        return "blank";
    case conf_item::kind::comment:
        return "comment";
    case conf_item::kind::section:
        return "section";
    case conf_item::kind::assignment:
        return "assignment";
    case conf_item::kind::include:
        return "include";
    }
    return "?";
}

/// A problem found while reading or writing a config file. Reading never throws.
struct conf_diagnostic
{
    std::string file{};
    int line = 0;
    std::string message{};
    std::string to_string() const
    {
        std::string s = file.empty() ? std::string("config") : "config file '" + file + "'";
        if (line > 0)
            s += ", line #" + std::to_string(line);
        return s + ": " + message;
    }
};

/// One effective assignment: the full option name (section applied) and its raw value.
struct conf_setting
{
    std::string option{}; ///< e.g. `server.endpoint`
    std::string value{};  ///< raw: `@ENV@` placeholders are not substituted here
    std::string file{};
    int line = 0;
    friend bool operator==(const conf_setting& a, const conf_setting& b)
    {
        return a.option == b.option && a.value == b.value;
    }
};

/// \brief A `.conf` document: the sequence of its lines. Sans-io: see `parse_config` / `write_config`.
/// \par Round trip
/// For every document that `write_config` accepts, `parse_config(write_config(doc)).doc == doc`.
struct config_document
{
    std::vector<conf_item> items{};

    void add_comment(std::string text)
    {
        items.push_back({.type = conf_item::kind::comment, .text = std::move(text)});
    }
    void add_blank() { items.push_back({.type = conf_item::kind::blank}); }
    void add_section(std::string name, std::string edition = {})
    {
        items.push_back(
            {.type = conf_item::kind::section, .section = std::move(name), .edition = std::move(edition)}
        );
    }
    void add(std::string key, std::string value)
    {
        items.push_back(
            {.type = conf_item::kind::assignment, .key = std::move(key), .value = std::move(value)}
        );
    }
    void add_include(std::string file)
    {
        items.push_back({.type = conf_item::kind::include, .value = std::move(file)});
    }

    /// \brief The assignments with their section applied, in file order, for one edition.
    /// \details `[x:community]` sections count only for `edition == "community"`, `[x:enterprise]` only for
    /// "enterprise"; pass an empty edition to keep both. Includes are not followed (see `load_config`).
    inline std::vector<conf_setting> settings(std::string_view edition = {}) const;

    friend bool operator==(const config_document&, const config_document&) = default;
};

/// The result of parsing one file's text.
struct config_parse_result
{
    config_document doc{};
    std::vector<conf_diagnostic> errors{}; ///< `unknown line type`, empty section name, ...
    bool ok() const noexcept { return errors.empty(); }
};

/// \brief Parses `.conf` text. Never throws on malformed input: bad lines become `errors`.
/// \details Accepts `\n` and `\r\n` line ends. `file_name` is used in diagnostics only.
inline config_parse_result parse_config(std::string_view text, std::string_view file_name = {});

/// \brief Renders a document. Returns nullopt (and fills `errors` when given) for items that cannot be
/// represented: keys with whitespace, `=` or a leading marker; values with line breaks or surrounding
/// whitespace (the reader would trim them); empty section names.
inline std::optional<std::string>
write_config(const config_document& doc, std::vector<conf_diagnostic>* errors = nullptr);

/// \brief A canonical document for full option names: options without a section first, then one
/// `[section]` per prefix in first-seen order (`server.password` -> `[server]` + `password = ...`).
/// Names with several dots are written verbatim before any section.
inline config_document make_config(const std::vector<std::pair<std::string, std::string>>& options);

/// \brief `@NAME@` substitution as the tools do it, for one value.
/// \details `@@` gives a literal `@`; `@NAME@` is replaced by `env(NAME)` if that is non-empty, else by
/// `defines[NAME]` (`--define NAME=value`), else it disappears. A lone `@` without a closing one stays.
inline std::string substitute_placeholders(
    std::string_view value,
    const std::function<std::optional<std::string>(const std::string&)>& env,
    const std::map<std::string, std::string>& defines = {}
);

/// Escapes `@` as `@@`, so that a value (a password) reaches the tool literally.
inline std::string escape_placeholders(std::string_view value)
{
    std::string s;
    s.reserve(value.size());
    for (char c : value)
    {
        s += c;
        if (c == '@')
            s += '@';
    }
    return s;
}

/// \brief The merged view of a config file as a tool would load it.
struct resolved_config
{
    std::vector<conf_setting> settings{};  ///< effective assignments, in load order
    std::vector<std::string> files{};      ///< files read, in order (`.local` first)
    std::vector<conf_diagnostic> errors{}; ///< missing files, recursive includes, bad lines

    /// All values of one option (lists repeat the key); empty when unset.
    std::vector<std::string> values(std::string_view option) const
    {
        std::vector<std::string> v;
        for (const auto& s : settings)
            if (s.option == option)
                v.push_back(s.value);
        return v;
    }
    /// The last value of a scalar option.
    std::optional<std::string> value(std::string_view option) const
    {
        auto v = values(option);
        if (v.empty())
            return std::nullopt;
        return v.back();
    }
};

/// \brief Loads `path` the way the tools do, through `read_file` (sans-io: the caller supplies file access).
/// \details `<path>.local` is read first when `read_file` returns it, and an option it sets is frozen: the
/// main file's assignments to that option are ignored (as command-line values freeze config values).
/// `@include f` appends `.conf` when missing and resolves a relative name against the including file's
/// directory when it is not found as given; including a file that is already being read is an error
/// (`recursive include of file`). Sections with an edition suffix are filtered by `edition`.
inline resolved_config load_config(
    const std::filesystem::path& path,
    const std::function<std::optional<std::string>(const std::filesystem::path&)>& read_file,
    std::string_view edition = {}
);

} // namespace arangokit

#include <arangokit/arango/detail/conf_impl.hpp>

#endif
