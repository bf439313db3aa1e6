// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_SCENARIOS_COLLECTION_SELECTOR_HPP
#define ARANGOKIT_SCENARIOS_COLLECTION_SELECTOR_HPP

#include <arangokit/arango/tools/arangodump.hpp>
#include <arangokit/arango/tools/arangorestore.hpp>
#include <arangokit/error.hpp>
#include <arangokit/scenarios/database_inventory.hpp>

#include <boost/system/system_error.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief Shell-style glob match of a whole collection name: `*` (any run, also empty), `?` (one
/// character), `[abc]`, `[a-z]`, `[!a-z]` (a set, `!` or `^` negates), and `\` (the next character
/// literally). A `[` without its `]` matches itself. Case-sensitive, as collection names are.
inline bool glob_match(std::string_view pattern, std::string_view name) noexcept
{
    std::size_t p = 0, n = 0;
    std::size_t star_p = std::string_view::npos, star_n = 0;
    // One character class at `pattern[p]`; sets `len` to its length in the pattern. -1: not a class.
    auto match_class = [&](std::size_t at, char c, std::size_t& len) -> int {
        std::size_t i = at + 1;
        bool neg = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
        if (neg)
            ++i;
        std::size_t first = i;
        bool hit = false;
        for (; i < pattern.size() && (pattern[i] != ']' || i == first); ++i)
        {
            char lo = pattern[i];
            if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                char hi = pattern[i + 2];
                hit = hit || (c >= lo && c <= hi);
                i += 2;
            }
            else
                hit = hit || c == lo;
        }
        if (i >= pattern.size())
            return -1;
        len = i - at + 1;
        return hit != neg ? 1 : 0;
    };
    while (n < name.size())
    {
        if (p < pattern.size())
        {
            char pc = pattern[p];
            if (pc == '*')
            {
                star_p = p++;
                star_n = n;
                continue;
            }
            if (pc == '?')
            {
                ++p;
                ++n;
                continue;
            }
            if (pc == '[')
            {
                std::size_t len = 0;
                int r = match_class(p, name[n], len);
                if (r == 1)
                {
                    p += len;
                    ++n;
                    continue;
                }
                if (r == -1 && name[n] == '[')
                {
                    ++p;
                    ++n;
                    continue;
                }
            }
            else
            {
                if (pc == '\\' && p + 1 < pattern.size())
                    pc = pattern[++p];
                if (pc == name[n])
                {
                    ++p;
                    ++n;
                    continue;
                }
                // `p` may now point at the escaped character: backtracking below resets it.
            }
        }
        if (star_p == std::string_view::npos)
            return false;
        p = star_p + 1;
        n = ++star_n;
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

/// \brief Include and exclude patterns (globs, see `glob_match`) on collection names, resolved against a
/// database's inventory into the explicit list that `--collection` takes.
/// \details A collection is selected when it matches an include pattern (no include pattern: every
/// collection) and no exclude pattern. System collections (names starting with `_`) are selected only on
/// request: with `include_system`, or by an include pattern that itself starts with `_` (as arangodump's
/// `--collection _x` implies system collections). The result follows the inventory's order (by name).
///
/// Resolving fails with `errc::invalid_options` before anything is spawned when nothing is selected, and
/// when an include pattern selects no collection of the inventory (a typo would otherwise silently shrink
/// a backup); the message names the pattern and the database. An exclude pattern that matches nothing is
/// not an error (excluding `tmp_*` where there is none is the usual case).
///
/// A value type; copy it freely.
struct collection_selector
{
    std::vector<std::string> include{}; ///< globs; empty: every collection
    std::vector<std::string> exclude{}; ///< globs
    bool include_system = false;        ///< also consider system collections for the include patterns

    /// Does `name` pass the patterns (existence is not checked)?
    bool selects(std::string_view name) const noexcept
    {
        bool system = !name.empty() && name.front() == '_';
        bool in = include.empty() ? (!system || include_system) : false;
        for (const auto& p : include)
            if ((!system || include_system || (!p.empty() && p.front() == '_')) && glob_match(p, name))
            {
                in = true;
                break;
            }
        if (!in)
            return false;
        for (const auto& p : exclude)
            if (glob_match(p, name))
                return false;
        return true;
    }

    /// \brief The selected collection names of `inv`; on error `ec` and `why` are set and the list is empty.
    std::vector<std::string> resolve(const database_inventory& inv, error_code& ec, std::string& why) const
    {
        ec.clear();
        why.clear();
        std::vector<std::string> out;
        for (const auto& p : include)
        {
            bool system_ok = include_system || (!p.empty() && p.front() == '_');
            bool hit = false;
            for (const auto& c : inv.collections)
                if ((system_ok || !c.is_system()) && glob_match(p, c.name))
                {
                    hit = true;
                    break;
                }
            if (!hit)
            {
                ec = errc::invalid_options;
                why = "the include pattern '" + p + "' matches no collection of database '" + inv.database +
                      "'" + (p.find_first_of("*?[\\") == std::string::npos ? " (no such collection)" : "");
                return out;
            }
        }
        for (const auto& c : inv.collections)
            if (selects(c.name))
                out.push_back(c.name);
        if (out.empty())
        {
            ec = errc::invalid_options;
            why = "no collection of database '" + inv.database + "' matches " + describe();
        }
        return out;
    }

    /// \copydoc resolve \details Throws `boost::system::system_error` with the message.
    std::vector<std::string> resolve(const database_inventory& inv) const
    {
        error_code ec;
        std::string why;
        auto out = resolve(inv, ec, why);
        if (ec)
            throw boost::system::system_error(ec, why);
        return out;
    }

    /// \brief Resolves against `inv` and restricts a single dump to the result: sets `collection` (and
    /// `include_system_collections` when a system collection is among them); clears `ignore_collection`,
    /// which the tool refuses together with `--collection`.
    void apply(const database_inventory& inv, arangodump_options& o) const
    {
        auto names = resolve(inv);
        o.ignore_collection.clear();
        o.collection.clear();
        for (auto& n : names)
        {
            if (n.front() == '_')
                o.include_system_collections = true;
            o.collection.push_back(std::move(n));
        }
    }

    /// \brief As for a dump: restricts a single restore to the selected collections of `inv` (for a restore,
    /// typically the inventory of the dump directory, see `inventory_of_dump`).
    void apply(const database_inventory& inv, arangorestore_options& o) const
    {
        auto names = resolve(inv);
        o.collection.clear();
        for (auto& n : names)
        {
            if (n.front() == '_')
                o.include_system_collections = true;
            o.collection.push_back(std::move(n));
        }
    }

    /// `include [a, b] exclude [c] (system collections: no)`, for messages.
    std::string describe() const
    {
        auto list = [](const std::vector<std::string>& v) {
            std::string s = "[";
            for (std::size_t i = 0; i < v.size(); ++i)
                s += (i ? ", " : "") + v[i];
            return s + "]";
        };
        return "include " + (include.empty() ? std::string("[*]") : list(include)) + " exclude " +
               list(exclude) + " (system collections: " + (include_system ? "yes" : "no") + ")";
    }
};

} // namespace arangokit

#endif
