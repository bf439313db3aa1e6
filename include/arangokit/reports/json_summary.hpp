// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_REPORTS_JSON_SUMMARY_HPP
#define ARANGOKIT_REPORTS_JSON_SUMMARY_HPP

#include <arangokit/error.hpp>
#include <arangokit/process/tool_event.hpp>
#include <arangokit/reports/detail/replace_file.hpp>
#include <arangokit/reports/result_report.hpp>

#include <arangokit/detail/json_text.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace arangokit {

namespace detail {

inline void append_summary_string(std::string& out, std::string_view s)
{
    append_json_string(out, valid_utf8(s));
}

inline std::string summary_time(std::chrono::system_clock::time_point t)
{
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    std::time_t tt = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    ::gmtime_r(&tt, &tm);
    char buf[48];
    std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms % 1000));
    return buf;
}

inline void append_string_array(std::string& out, const std::vector<std::string>& v)
{
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i)
    {
        if (i)
            out += ',';
        append_summary_string(out, v[i]);
    }
    out += ']';
}

} // namespace detail

/// The `schema` member of every summary this version writes; a reader checks it before anything else.
inline constexpr const char* json_summary_schema = "arangokit.report.v1";

/// \brief Renders a report as one JSON document, the schema documented in docs/guides/reports.md
/// ("The JSON summary"): the run's name, start, counts and verdict, then one object per entry with its
/// status, times, figures, diagnostics and output tails. Strings are valid UTF-8 (invalid bytes become
/// U+FFFD); times are UTC in ISO 8601; durations are seconds.
inline std::string to_json_summary(const result_report& rep)
{
    std::string s = "{";
    auto key = [&](const char* k, bool first = false) {
        if (!first)
            s += ',';
        detail::append_json_string(s, k);
        s += ':';
    };
    auto num = [&](double v) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.6g", v);
        s += buf;
    };
    key("schema", true);
    detail::append_json_string(s, json_summary_schema);
    key("name");
    detail::append_summary_string(s, rep.name);
    key("started_at");
    detail::append_json_string(s, detail::summary_time(rep.started_at));
    key("ok");
    s += rep.all_ok() ? "true" : "false";
    key("time_s");
    num(rep.total_time().count());
    key("counts");
    s += "{\"total\":" + std::to_string(rep.entries.size());
    for (auto st : {entry_status::passed, entry_status::failed, entry_status::error, entry_status::skipped})
        s += ",\"" + std::string(to_string(st)) + "\":" + std::to_string(rep.count(st));
    s += '}';
    key("entries");
    s += '[';
    for (std::size_t i = 0; i < rep.entries.size(); ++i)
    {
        const auto& e = rep.entries[i];
        if (i)
            s += ',';
        s += '{';
        key("name", true);
        detail::append_summary_string(s, e.name);
        key("suite");
        detail::append_summary_string(s, e.suite);
        key("tool");
        detail::append_summary_string(s, e.tool);
        key("status");
        detail::append_json_string(s, to_string(e.status));
        key("outcome");
        detail::append_summary_string(s, e.outcome);
        key("time_s");
        num(e.time.count());
        if (e.started_at.time_since_epoch().count() != 0)
        {
            key("started_at");
            detail::append_json_string(s, detail::summary_time(e.started_at));
        }
        if (e.exit_code)
        {
            key("exit_code");
            s += std::to_string(*e.exit_code);
        }
        key("figures");
        detail::append_summary_string(s, e.figures);
        key("message");
        detail::append_summary_string(s, e.message);
        key("details");
        detail::append_summary_string(s, e.details);
        key("peak_rss_kib");
        s += std::to_string(e.peak_rss_kib);
        key("peak_cpu_share");
        num(e.peak_cpu_share);
        key("stdout_tail");
        detail::append_string_array(s, e.stdout_tail);
        key("stderr_tail");
        detail::append_string_array(s, e.stderr_tail);
        s += '}';
    }
    s += "]}";
    return s;
}

/// \brief Writes `to_json_summary(rep)` (and a newline) to `path`, replacing it at once; failures in `ec`.
inline void write_json_summary(const result_report& rep, const std::filesystem::path& path, error_code& ec)
{
    detail::replace_file(path, to_json_summary(rep) + "\n", ec);
}

/// \brief As above; throws `boost::system::system_error` on failure.
inline void write_json_summary(const result_report& rep, const std::filesystem::path& path)
{
    detail::replace_file_or_throw(path, to_json_summary(rep) + "\n", "JSON summary");
}

} // namespace arangokit

#endif
