// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_PARSERS_ARANGOSH_HPP
#define ARANGOKIT_ARANGO_PARSERS_ARANGOSH_HPP

#include <arangokit/arango/parsers/common.hpp>

#include <algorithm>

namespace arangokit {

/// A JavaScript exception reported by arangosh.
struct js_exception
{
    std::string file{}; ///< empty for `JavaScript exception: SyntaxError: ...`
    std::optional<int> line, column;
    std::optional<int> arango_error{}; ///< `ArangoError N`
    std::string message{};
    std::vector<std::string> stacktrace{};
};

/// \brief What arangosh's output says. Script output is free text: it is counted, not reported as unparsed.
/// \details The exit status itself comes from the run (`tool_result`); this adds the exceptions and
/// errors that explain it.
struct arangosh_report : report_base
{
    std::vector<js_exception> exceptions{};
    std::vector<std::string> missing_scripts{}; ///< `JavaScript file not found: '<f>'`
    std::size_t script_lines = 0;               ///< lines printed by the script
};

/// \brief Line-at-a-time parser of arangosh output. Never throws.
class arangosh_parser : public detail::basic_output_parser<arangosh_parser, arangosh_report>
{
  public:
    bool on_message(const detail::log_view& l, std::string_view msg)
    {
        std::string_view t = detail::trim_view(msg);
        static const detail::keyed_regex exc(
            "JavaScript exception",
            R"(JavaScript exception(?: in file '([^']*)' at ([0-9]+),([0-9]+))?: ?(.*)$)"
        );
        static const detail::keyed_regex aerr("ArangoError ", R"(\[?ArangoError ([0-9]+): ?([^\]]*)\]?)");
        static const detail::keyed_regex missing(
            "JavaScript file not found: '", R"(JavaScript file not found: '([^']*)')"
        );
        std::cmatch m;
        const char* b = t.data();
        const char* e = t.data() + t.size();
        if (exc.search(b, e, m))
        {
            js_exception x;
            x.file = m[1].str();
            if (m[2].matched)
            {
                x.line = static_cast<int>(detail::parse_u64(m[2].str()).value_or(0));
                x.column = static_cast<int>(detail::parse_u64(m[3].str()).value_or(0));
            }
            x.message = m[4].str();
            std::cmatch a;
            if (aerr.search(x.message.c_str(), a))
            {
                x.arango_error = static_cast<int>(detail::parse_u64(a[1].str()).value_or(0));
                x.message = a[2].str();
            }
            // The frames of an exception beyond keep_limit must not land on the last one kept.
            bool kept = report_.exceptions.size() < report_.keep_limit;
            this->keep_item(report_.exceptions, std::move(x));
            this->note_error(l, t);
            in_trace_ = kept;
            wrapped_ = kept;
            return true;
        }
        if (missing.search(b, e, m))
        {
            report_.missing_scripts.push_back(m[1].str());
            this->note_error(l, t);
            return true;
        }
        if (in_trace_ && !report_.exceptions.empty())
        {
            auto& x = report_.exceptions.back();
            if (detail::sw(t, "stacktrace:") || detail::sw(t, "at ") || detail::sw(t, "!"))
            {
                wrapped_ = false;
                if (detail::sw(t, "at ") && x.stacktrace.size() < 256)
                    x.stacktrace.emplace_back(t);
                return true;
            }
            // The exception's message may wrap onto further lines before the `!` source lines and the
            // stack trace: they belong to the message, not to the script's output.
            if (wrapped_ && !l.has_prefix() && !t.empty() && x.message.size() < 64 * 1024)
            {
                x.message += ' ';
                x.message += t;
                this->append_to_open(t);
                return true;
            }
            in_trace_ = false;
            wrapped_ = false;
        }
        if (l.has_prefix() || l.level.size() || this->current_diagnostic())
            return false;
        if (detail::sw(msg, "Error ") || detail::sw(msg, "Error:") || detail::sw(msg, "unknown option") ||
            detail::contains(msg, "unrecognized option") || detail::sw(msg, "FATAL") ||
            detail::sw(msg, "Could not connect") || detail::sw(msg, "error: ") ||
            detail::sw(msg, "  unknown option") || detail::sw(msg, "Did you mean") ||
            detail::sw(msg, "Use --help") || (suggesting_ && detail::sw(msg, "  ")))
        {
            suggesting_ = detail::sw(msg, "Did you mean") || (suggesting_ && detail::sw(msg, "  "));
            return false;
        }
        suggesting_ = false;
        // Before the script's first line: the banner (figlet art, version line, notices), not script output.
        if (report_.script_lines == 0)
        {
            if (detail::contains(t, "(ArangoDB ") || detail::sw(t, "Welcome to arangosh ") ||
                (report_.lines == 1 && !t.empty() && t[0] >= '0' && t[0] <= '9' &&
                 std::count(t.begin(), t.end(), '.') >= 2 && !detail::contains(t, ' ')))
                return false;
            if (detail::is_banner_art(msg) || detail::sw(t, "Copyright (c)") ||
                detail::sw(t, "Command-line history") || detail::sw(t, "Type 'tutorial'") ||
                detail::sw(t, "Using Google V8") || detail::sw(t, "Pretty printing values") ||
                detail::sw(t, "Using ") || t.empty())
                return true;
        }
        ++report_.script_lines;
        return true;
    }

  private:
    bool in_trace_ = false;
    bool wrapped_ = false;
    bool suggesting_ = false;
};

/// Parses a whole captured output or log file of arangosh.
inline arangosh_report parse_arangosh_output(std::string_view text)
{
    arangosh_parser p;
    p.feed_text(text);
    return p.take_report();
}

} // namespace arangokit

#endif
