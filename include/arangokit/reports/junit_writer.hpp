// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_REPORTS_JUNIT_WRITER_HPP
#define ARANGOKIT_REPORTS_JUNIT_WRITER_HPP

#include <arangokit/error.hpp>
#include <arangokit/process/tool_event.hpp>
#include <arangokit/reports/detail/replace_file.hpp>
#include <arangokit/reports/result_report.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace arangokit {

namespace detail {

// Tool output holds anything: bytes that are not UTF-8, terminal colours, NULs. XML 1.0 forbids most control
// characters even as character references, so they are removed (terminal escape sequences as a whole, so no
// "[31m" is left behind); invalid UTF-8 becomes U+FFFD first.
inline std::string xml_text(std::string_view raw, bool attribute)
{
    std::string s = valid_utf8(raw);
    std::string out;
    out.reserve(s.size() + 16);
    for (std::size_t i = 0; i < s.size(); ++i)
    {
        auto c = static_cast<unsigned char>(s[i]);
        if (c == 0x1b)
        {
            // ESC [ params final (CSI), or ESC and one more byte.
            if (i + 1 < s.size() && s[i + 1] == '[')
            {
                i += 2;
                while (i < s.size() && !(s[i] >= 0x40 && s[i] <= 0x7e))
                    ++i;
            }
            else
                ++i;
            continue;
        }
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            continue;
        // C1 controls (U+0080..U+009F) and the non-characters U+FFFE, U+FFFF.
        if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9f)
        {
            ++i;
            continue;
        }
        if (c == 0xef && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xbf &&
            (static_cast<unsigned char>(s[i + 2]) == 0xbe || static_cast<unsigned char>(s[i + 2]) == 0xbf))
        {
            i += 2;
            continue;
        }
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += attribute ? "&quot;" : "\"";
            break;
        case '\'':
            out += attribute ? "&apos;" : "'";
            break;
        case '\n':
            out += attribute ? "&#10;" : "\n";
            break;
        case '\r':
            out += attribute ? "&#13;" : "\r";
            break;
        case '\t':
            out += attribute ? "&#9;" : "\t";
            break;
        default:
            out += static_cast<char>(c);
        }
    }
    return out;
}

inline std::string junit_seconds(std::chrono::duration<double> d)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", d.count() < 0 ? 0.0 : d.count());
    return buf;
}

// JUnit's timestamp has no zone (the Ant schema's pattern): the time is UTC, as the report's docs say.
inline std::string junit_timestamp(std::chrono::system_clock::time_point t)
{
    std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    ::gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    return buf;
}

inline std::string joined_lines(const std::vector<std::string>& lines)
{
    std::string s;
    for (const auto& l : lines)
    {
        s += l;
        s += '\n';
    }
    return s;
}

} // namespace detail

/// \brief Renders a report as JUnit XML (the Ant/Jenkins "junit-10" format that CI systems read).
/// \details One `testsuite` per distinct `report_entry::suite` (in order of first appearance; entries without
/// one form a suite named after the report), one `testcase` per entry: `classname` is the suite, `time` the
/// entry's seconds. A failed entry gets a `failure`, an entry that could not be judged an `error`, a skipped
/// one `skipped`; their body holds the message, the diagnostics and the tail of stderr. Output tails go to
/// `system-out` and `system-err`. Every text is escaped and stripped of what XML 1.0 cannot carry (control
/// characters, terminal escape sequences); bytes that are not UTF-8 become U+FFFD. Timestamps are UTC.
inline std::string to_junit_xml(const result_report& rep)
{
    using detail::xml_text;
    const std::string top = rep.name.empty() ? std::string("arangokit") : rep.name;
    std::vector<std::string> suites;
    for (const auto& e : rep.entries)
    {
        const std::string& s = e.suite.empty() ? top : e.suite;
        if (std::find(suites.begin(), suites.end(), s) == suites.end())
            suites.push_back(s);
    }
    char host[256] = "localhost";
    if (::gethostname(host, sizeof host - 1) != 0)
        std::snprintf(host, sizeof host, "localhost");
    host[sizeof host - 1] = '\0';

    std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    x += "<testsuites name=\"" + xml_text(top, true) + "\" tests=\"" + std::to_string(rep.entries.size()) +
         "\" failures=\"" + std::to_string(rep.count(entry_status::failed)) + "\" errors=\"" +
         std::to_string(rep.count(entry_status::error)) + "\" skipped=\"" +
         std::to_string(rep.count(entry_status::skipped)) + "\" time=\"" +
         detail::junit_seconds(rep.total_time()) + "\">\n";
    int id = 0;
    for (const auto& suite : suites)
    {
        std::size_t n = 0, failures = 0, errors = 0, skipped = 0;
        std::chrono::duration<double> t{};
        auto first = rep.started_at;
        bool any = false;
        for (const auto& e : rep.entries)
            if ((e.suite.empty() ? top : e.suite) == suite)
            {
                ++n;
                failures += e.status == entry_status::failed;
                errors += e.status == entry_status::error;
                skipped += e.status == entry_status::skipped;
                t += e.time;
                if (e.started_at.time_since_epoch().count() != 0 && (!any || e.started_at < first))
                {
                    first = e.started_at;
                    any = true;
                }
            }
        x += "  <testsuite name=\"" + xml_text(suite, true) + "\" id=\"" + std::to_string(id++) +
             "\" tests=\"" + std::to_string(n) + "\" failures=\"" + std::to_string(failures) +
             "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) +
             "\" time=\"" + detail::junit_seconds(t) + "\" timestamp=\"" + detail::junit_timestamp(first) +
             "\" hostname=\"" + xml_text(host, true) + "\">\n";
        for (const auto& e : rep.entries)
        {
            if ((e.suite.empty() ? top : e.suite) != suite)
                continue;
            x += "    <testcase name=\"" + xml_text(e.name.empty() ? e.tool : e.name, true) +
                 "\" classname=\"" + xml_text(suite, true) + "\" time=\"" + detail::junit_seconds(e.time) +
                 "\">\n";
            if (e.status != entry_status::passed)
            {
                const char* tag = e.status == entry_status::failed  ? "failure"
                                  : e.status == entry_status::error ? "error"
                                                                    : "skipped";
                std::string body = e.message;
                if (!e.details.empty())
                    body += (body.empty() ? "" : "\n") + e.details;
                if (e.status != entry_status::skipped && !e.stderr_tail.empty())
                    body += "\n--- stderr, last " + std::to_string(e.stderr_tail.size()) + " line(s) ---\n" +
                            detail::joined_lines(e.stderr_tail);
                x += "      <" + std::string(tag) + " message=\"" +
                     xml_text(e.message.empty() ? e.outcome : e.message, true) + "\"";
                if (e.status != entry_status::skipped)
                    x += " type=\"" + xml_text(e.outcome, true) + "\"";
                x += ">" + xml_text(body, false) + "</" + tag + ">\n";
            }
            if (!e.stdout_tail.empty())
                x += "      <system-out>" + xml_text(detail::joined_lines(e.stdout_tail), false) +
                     "</system-out>\n";
            if (!e.stderr_tail.empty())
                x += "      <system-err>" + xml_text(detail::joined_lines(e.stderr_tail), false) +
                     "</system-err>\n";
            x += "    </testcase>\n";
        }
        x += "  </testsuite>\n";
    }
    x += "</testsuites>\n";
    return x;
}

/// \brief Writes `to_junit_xml(rep)` to `path`, replacing it at once (a temporary file renamed over it), so a
/// CI system never reads half a report. Failures are reported in `ec`.
inline void write_junit_xml(const result_report& rep, const std::filesystem::path& path, error_code& ec)
{
    detail::replace_file(path, to_junit_xml(rep), ec);
}

/// \brief As above; throws `boost::system::system_error` on failure.
inline void write_junit_xml(const result_report& rep, const std::filesystem::path& path)
{
    detail::replace_file_or_throw(path, to_junit_xml(rep), "JUnit report");
}

} // namespace arangokit

#endif
