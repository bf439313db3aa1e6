// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_PARSERS_DETAIL_BASIC_OUTPUT_PARSER_HPP
#define ARANGOKIT_ARANGO_PARSERS_DETAIL_BASIC_OUTPUT_PARSER_HPP

// The feed logic every tool's parser shares (CRTP base of the parsers in arango/parsers/).

#include <arangokit/arango/parsers/detail/text_scan.hpp>
#include <arangokit/arango/parsers/report_base.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arangokit {

namespace detail {

// Shared feed logic: prefix, diagnostics (with joining of continuation lines), connection lines and
// failures, versions, option errors, progress; the tool's on_message() gets the rest.
template <class Derived, class Report> class basic_output_parser
{
  public:
    /// \brief Feeds one line (without its line terminator; a trailing `\r` is dropped). Never throws.
    void feed(std::string_view line) noexcept
    {
        try
        {
            feed_impl(line);
        }
        catch (...)
        {
            try
            {
                report_.unparsed.emplace_back(line);
            }
            catch (...)
            {
            }
        }
    }
    /// Feeds a line as the runner delivers it (both streams are accepted).
    void feed(const output_line& l) noexcept { feed(std::string_view(l.text)); }
    /// \brief Feeds a whole text (a log file's content, captured output): split at `\n`.
    void feed_text(std::string_view text) noexcept
    {
        while (!text.empty())
        {
            auto nl = text.find('\n');
            feed(text.substr(0, nl));
            if (nl == std::string_view::npos)
                break;
            text.remove_prefix(nl + 1);
        }
    }
    const Report& report() const noexcept { return report_; }
    Report take_report() noexcept { return std::move(report_); }

  protected:
    Report report_;

    void keep(std::vector<std::string>& v, std::string_view line)
    {
        if (v.size() < report_.keep_limit)
            v.emplace_back(line);
        else
            ++report_.dropped;
    }

    /// Appends to a kept list (progress, exceptions, ...) unless it holds `keep_limit` entries already.
    template <class V, class T> void keep_item(V& v, T&& x)
    {
        if (v.size() < report_.keep_limit)
            v.push_back(std::forward<T>(x));
        else
            ++report_.dropped;
    }

    /// For the tools: the current line is an error although it has no level (e.g. arangobench's
    /// `At least one of the runs produced failures!`). No-op when the line already is a diagnostic.
    void note_error(const log_view& l, std::string_view msg) { note(l, msg, "ERROR"); }
    void note_warning(const log_view& l, std::string_view msg) { note(l, msg, "WARNING"); }
    /// For the tools: the current line is a header (`error message(s):`), not a diagnostic of its own.
    void drop_current_diagnostic()
    {
        if (current_ == npos || current_ + 1 != report_.diags.size())
            return;
        const auto& d = report_.diags.back();
        auto& view = d.is_warning() ? report_.warnings : report_.errors;
        if (view_index_ != npos && view_index_ + 1 == view.size())
            view.pop_back();
        report_.diags.pop_back();
        current_ = open_ = view_index_ = npos;
    }
    /// For the tools: `text` continues the open diagnostic (a wrapped message).
    void append_to_open(std::string_view text) { join(text); }
    /// The diagnostic the current line produced, or nullptr.
    diagnostic* current_diagnostic() noexcept
    {
        return current_ == npos || current_ >= report_.diags.size() ? nullptr : &report_.diags[current_];
    }

  private:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    // A joined message stops growing here (a payload echoed over thousands of wrapped lines).
    static constexpr std::size_t max_joined = 64 * 1024;
    static constexpr std::size_t max_joined_lines = 256;

    std::size_t current_ = npos;    // diagnostic made from the current line
    std::size_t open_ = npos;       // diagnostic that continuation lines join
    std::size_t view_index_ = npos; // its entry in errors/warnings
    bool glue_space_ = true;        // join with a space (wrapped) or without (cut by another line)
    bool in_suggestions_ = false;
    bool in_version_block_ = false;

    void note(const log_view& l, std::string_view msg, const char* level)
    {
        if (current_ != npos)
            return;
        current_ = open_diagnostic(l, msg, level);
    }

    std::size_t open_diagnostic(const log_view& l, std::string_view msg, std::string_view level)
    {
        if (report_.diags.size() >= report_.keep_limit)
        {
            ++report_.dropped;
            open_ = npos;
            return npos;
        }
        diagnostic d;
        d.level = std::string(level);
        d.log_id = std::string(l.log_id);
        d.topic = std::string(l.topic);
        d.timestamp = std::string(l.timestamp);
        d.pid = l.pid;
        d.thread = l.thread;
        d.line = report_.lines;
        std::string_view tail{};
        glue_space_ = true;
        // Another worker's stdout line may land inside this one: `…while executing# Dumping collection 'b'`.
        static constexpr std::string_view inner[] = {
            "# Dumping ", "# Loading data into ", "# Re-creating ", "# Successfully restored ",
            "# Exporting "};
        for (auto k : inner)
        {
            auto p = msg.find(k);
            if (p != std::string_view::npos && p > 0)
            {
                tail = msg.substr(p);
                msg = msg.substr(0, p);
                glue_space_ = false;
                break;
            }
        }
        d.message = std::string(trim_view(msg));
        extract_diagnostic_facts(d);
        report_.diags.push_back(std::move(d));
        auto& view = level == "WARNING" ? report_.warnings : report_.errors;
        view_index_ = npos;
        if (view.size() < report_.keep_limit)
        {
            view_index_ = view.size();
            view.push_back(report_.diags.back().message);
        }
        open_ = report_.diags.size() - 1;
        absorb(report_.diags.back());
        if (!tail.empty())
        {
            log_view none;
            if (!static_cast<Derived*>(this)->on_message(none, tail))
                if (auto p = classify_progress(tail))
                    keep_item(report_.progress, std::move(*p));
        }
        return open_;
    }

    // Appends a continuation line to the open diagnostic.
    bool join(std::string_view text)
    {
        if (open_ == npos || open_ >= report_.diags.size())
            return false;
        auto& d = report_.diags[open_];
        if (d.physical_lines >= max_joined_lines || d.message.size() >= max_joined)
            return true; // still part of it, but no longer stored
        text = trim_view(text);
        if (glue_space_ && !d.message.empty() && !text.empty())
            d.message += ' ';
        d.message.append(text.substr(0, max_joined - d.message.size()));
        ++d.physical_lines;
        glue_space_ = true;
        extract_diagnostic_facts(d);
        auto& view = d.is_warning() ? report_.warnings : report_.errors;
        if (view_index_ != npos && view_index_ < view.size())
            view[view_index_] = d.message;
        absorb(d);
        return true;
    }

    // Report-level facts from a (new or grown) diagnostic.
    void absorb(const diagnostic& d)
    {
        if (d.is_fatal())
            report_.fatal = true;
        if (d.is_error() && !d.collection.empty() &&
            (!report_.failed_collection || &d == first_error_with_collection()))
            report_.failed_collection = d.collection;
        std::string_view m = d.message;
        if (!report_.config_file)
        {
            std::string f;
            if (dg_quoted_after(m, "config file '", f))
                report_.config_file = std::move(f);
        }
        if (detail::sw(m, "Could not connect to endpoint ") || detail::sw(m, "cannot connect to server "))
        {
            connection_failure f = report_.connection_error.value_or(connection_failure{});
            bool inspect = detail::sw(m, "cannot");
            std::string_view rest = m.substr(inspect ? 25 : 30);
            if (detail::sw(rest, "'"))
            {
                auto q = rest.find('\'', 1);
                f.endpoint = std::string(rest.substr(1, q == std::string_view::npos ? q : q - 1));
                rest = q == std::string_view::npos ? std::string_view{} : rest.substr(q + 1);
            }
            else
            {
                // `tcp://h:1` contains colons: an unquoted endpoint ends at a comma or a space only.
                auto e = rest.find_first_of(", ");
                f.endpoint = std::string(rest.substr(0, e));
                rest = e == std::string_view::npos ? std::string_view{} : rest.substr(e);
            }
            f.database = d.database;
            std::string u;
            if (dg_quoted_after(rest, "username: '", u))
                f.username = std::move(u);
            f.text = d.message;
            if (inspect && detail::sw(rest, ": "))
                f.error = std::string(trim_view(rest.substr(2)));
            f.system_error = d.system_error;
            f.system_errno = d.system_errno;
            report_.connection_error = std::move(f);
        }
        else if (detail::sw(m, "Error message") && report_.connection_error)
        {
            std::string_view t = m.substr(13);
            auto a = t.find('\'');
            auto b = t.rfind('\'');
            if (a != std::string_view::npos && b > a)
                t = t.substr(a + 1, b - a - 1);
            else if (detail::sw(t, ": "))
                t.remove_prefix(2);
            auto& f = *report_.connection_error;
            f.error = std::string(t);
            if (!d.system_error.empty())
            {
                f.system_error = d.system_error;
                f.system_errno = d.system_errno;
            }
        }
    }

    const diagnostic* first_error_with_collection() const noexcept
    {
        for (const auto& x : report_.diags)
            if (x.is_error() && !x.collection.empty())
                return &x;
        return nullptr;
    }

    static bool unprefixed_error_form(std::string_view msg) noexcept
    {
        if (msg.empty())
            return false;
        switch (msg.front())
        {
        case 'E':
            return detail::sw(msg, "Error while processing ") || detail::sw(msg, "Error: ") ||
                   detail::sw(msg, "Error message");
        case 'g':
            return detail::sw(msg, "got error from server") ||
                   detail::sw(msg, "got invalid response from server");
        case 'C':
            return detail::sw(msg, "Could not connect to endpoint");
        case 'F':
            return detail::sw(msg, "FATAL ");
        case 'e':
            return detail::sw(msg, "error: ");
        case 'c':
            return detail::sw(msg, "cannot read config file") ||
                   detail::sw(msg, "cannot find configuration file") ||
                   detail::sw(msg, "cannot connect to server");
        default:
            break;
        }
        // `<argv0> terminated because of an unhandled exception: …`, `<path>: cannot find configuration file`
        return detail::contains(msg, " terminated because of an unhandled exception") ||
               detail::contains(msg, ": cannot find configuration file");
    }

    void feed_impl(std::string_view raw)
    {
        if (!raw.empty() && raw.back() == '\r')
            raw.remove_suffix(1);
        ++report_.lines;
        current_ = npos;
        if (raw.size() > (1u << 20))
        {
            keep(report_.unparsed, raw.substr(0, 200));
            return;
        }
        // Documentation quotes output lines with `> ` (and the command line with it): the marker is not
        // the tool's, the rest is read as usual; a quoted command line is skipped.
        if (raw.size() >= 2 && raw[0] == '>' && raw[1] == ' ')
        {
            raw.remove_prefix(2);
            ++report_.quoted_lines;
            if (detail::sw(raw, "arango") || detail::sw(raw, "./arango") || detail::sw(raw, "$ "))
                return;
        }
        log_view l = parse_log_view(raw);
        std::string_view msg = l.message;
        if (l.has_prefix() || msg.empty())
            open_ = npos;
        if (in_version_block_ && version_block_line(l, msg))
            return;
        if (!l.level.empty() && (l.level == "FATAL" || l.level == "ERROR" || l.level == "WARNING"))
            current_ = open_diagnostic(l, msg, l.level);
        else if (!l.has_prefix() && unprefixed_error_form(msg))
        {
            std::string_view level = "ERROR";
            if (detail::sw(msg, "FATAL "))
            {
                msg.remove_prefix(6);
                level = "FATAL";
            }
            current_ = open_diagnostic(l, msg, level);
        }
        if (auto c = current_ == npos ? parse_connected_line(msg) : std::nullopt)
        {
            if (!c->version.empty())
                report_.server_version = c->version;
            report_.connected = std::move(*c);
            return;
        }
        if (static_cast<Derived*>(this)->on_message(l, msg))
            return;
        if (common_message(l, msg))
            return;
        if (current_ != npos || (l.level.size() && l.is_error()) || l.level == "WARNING")
            return;
        if (msg.empty() && !l.has_prefix())
            return;
        // An unprefixed line nobody recognised right after a message: its continuation.
        if (open_ != npos && !l.has_prefix() && join(msg))
            return;
        keep(report_.unparsed, raw);
    }

    // `--version` output: the bare version, then `key: value` lines.
    bool version_block_line(const log_view& l, std::string_view msg)
    {
        auto colon = msg.find(": ");
        if (l.has_prefix() || colon == std::string_view::npos || msg.find(' ') < colon)
        {
            in_version_block_ = msg.empty() && !l.has_prefix();
            return in_version_block_;
        }
        auto key = msg.substr(0, colon);
        auto val = trim_view(msg.substr(colon + 2));
        auto& c = *report_.client;
        if (key == "build-repository")
            c.build = std::string(val);
        else if (key == "platform")
            c.platform = std::string(val);
        else if (key == "server-version" && c.version.empty())
            c.version = std::string(val);
        else if (key == "full-version-string")
        {
            if (auto b = parse_client_banner(val))
            {
                if (c.build.empty())
                    c.build = b->build;
                if (c.platform.empty())
                    c.platform = b->platform;
            }
        }
        return true;
    }

    bool common_message(const log_view& l, std::string_view msg)
    {
        std::string_view t = trim_view(msg);
        if (t.empty())
            return false;
        const bool quote = contains(t, '\'');
        // `unknown option '--x'` (3.x, indented), `<path>: unrecognized option '--x'` and `unrecognized
        // option 'server.x'` (no dashes).
        if (auto p = quote ? t.find(" option '") : std::string_view::npos; p != std::string_view::npos)
        {
            std::string_view before = t.substr(0, p);
            if (before.ends_with("unknown") || before.ends_with("unrecognized"))
            {
                std::string name;
                if (dg_quoted_after(t.substr(p), " option '", name))
                {
                    std::size_t i = 0;
                    while (i < name.size() && name[i] == '-')
                        ++i;
                    keep_item(report_.unknown_options, name.substr(i));
                }
                in_suggestions_ = false;
                bool header = open_ != npos && open_ < report_.diags.size() &&
                              detail::sw(report_.diags[open_].message, "Error while");
                if (current_ == npos && !(header && join(t)))
                    note_error(l, t);
                return true;
            }
        }
        if (in_suggestions_)
        {
            if (!l.has_prefix() && detail::sw(msg, " ") && t.find(' ') == std::string_view::npos)
            {
                std::size_t i = 0;
                while (i < t.size() && t[i] == '-')
                    ++i;
                keep_item(report_.suggestions, std::string(t.substr(i)));
                return true;
            }
            in_suggestions_ = false;
        }
        if (detail::sw(t, "Did you mean"))
        {
            in_suggestions_ = true;
            return true;
        }
        if (detail::sw(t, "Use --help") || detail::sw(t, "(tried locations"))
            return true;
        if (current_ != npos)
        {
            // An indented line after `Error while processing …:` (`  error setting value for option …`).
            return false;
        }
        if (t.size() > 15 && t[0] == 'S' && detail::sw(t, "Server version: "))
        {
            report_.server_version = std::string(trim_view(t.substr(16)));
            return true;
        }
        if (t.size() > 19 && t[0] == 'C' && detail::sw(t, "Creating database '"))
        {
            std::string db;
            if (dg_quoted_after(t, "Creating database '", db))
                report_.created_database = std::move(db);
            return true;
        }
        if (t.size() > 18 && t[0] == 'C' && detail::sw(t, "Creating database "))
        {
            auto db = t.substr(18);
            report_.created_database = std::string(db.substr(0, db.find_first_of(" .")));
            return true;
        }
        if (report_.lines == 1 && !l.has_prefix() && is_bare_version(t))
        {
            client_version_info c;
            c.version = std::string(t);
            c.text = std::string(t);
            report_.client = std::move(c);
            in_version_block_ = true;
            return true;
        }
        if (detail::contains(t, "(ArangoDB ") || detail::sw(t, "Welcome to arangosh "))
        {
            if (auto b = parse_client_banner(t))
            {
                report_.client = std::move(*b);
                return true;
            }
        }
        if (quote && detail::contains(t, " file '") && config_file_line(l, t))
            return true;
        if (l.has_prefix() && detail::sw(msg, "  "))
            return true;
        if (auto p = classify_progress(msg))
        {
            keep_item(report_.progress, std::move(*p));
            return true;
        }
        if (!l.has_prefix() && is_banner_art(msg))
            return true;
        return false;
    }

    bool config_file_line(const log_view& l, std::string_view t)
    {
        static constexpr std::string_view keys[] = {
            "using configuration file '", "using user configuration file '", "using config file '",
            "Using config file '", "Using configuration file '"};
        for (auto k : keys)
        {
            std::string f;
            if (dg_quoted_after(t, k, f))
            {
                report_.config_file = std::move(f);
                return true;
            }
        }
        (void)l;
        return false;
    }

    static bool is_bare_version(std::string_view t) noexcept
    {
        if (t.size() < 3 || t.size() > 40 || !pc_digit_c(t[0]))
            return false;
        std::size_t dots = 0;
        for (char c : t)
        {
            if (c == '.')
                ++dots;
            else if (c == ' ' || c == ':' || c == ',' || c == '%' || c == '(')
                return false;
        }
        // `3.12.4`, `2.8.9`: three parts, so that a script's `3.14` is not taken for a version.
        return dots >= 2 && t.find('.') < 3;
    }
    static bool pc_digit_c(char c) noexcept { return c >= '0' && c <= '9'; }
};

} // namespace detail

} // namespace arangokit

#endif
