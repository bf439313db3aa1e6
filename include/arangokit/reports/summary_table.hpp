// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_REPORTS_SUMMARY_TABLE_HPP
#define ARANGOKIT_REPORTS_SUMMARY_TABLE_HPP

#include <arangokit/reports/result_report.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string>

namespace arangokit {

/// Layout of `format_summary_table`.
struct summary_table_options
{
    bool show_suite = false;   ///< a column with each entry's suite (a group's name)
    std::size_t max_cell = 40; ///< columns grow with their content up to this width; longer cells overflow
};

/// \brief The terminal table of a report: one row per entry (step, tool, outcome, seconds, key figures), a
/// header and a rule, every line ending in '\n'. Columns are at least as wide as their header, wider for
/// their content up to `max_cell`. Plain text, no colours: fit for a terminal and for a log file.
inline std::string format_summary_table(const result_report& rep, const summary_table_options& o = {})
{
    std::size_t w_step = 26, w_suite = 10, w_tool = 14, w_out = 22;
    for (const auto& e : rep.entries)
    {
        w_step = std::max(w_step, std::min(o.max_cell, e.name.size()));
        w_suite = std::max(w_suite, std::min(o.max_cell, e.suite.size()));
        w_tool = std::max(w_tool, std::min(o.max_cell, e.tool.size()));
        w_out = std::max(w_out, std::min(o.max_cell, e.outcome.size()));
    }
    auto cell = [](std::string& line, const std::string& s, std::size_t w) {
        line += s;
        if (s.size() < w)
            line.append(w - s.size(), ' ');
        line += ' ';
    };
    auto row = [&](const std::string& step, const std::string& suite, const std::string& tool,
                   const std::string& out, const std::string& secs, const std::string& fig) {
        std::string line;
        cell(line, step, w_step);
        if (o.show_suite)
            cell(line, suite, w_suite);
        cell(line, tool, w_tool);
        cell(line, out, w_out);
        line.append(secs.size() < 9 ? 9 - secs.size() : 0, ' ');
        line += secs;
        line += "  ";
        line += fig;
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        return line + '\n';
    };
    std::string s = row("step", "suite", "tool", "outcome", "seconds", "key figures");
    std::size_t width = std::max<std::size_t>(100, s.size() - 1);
    s += std::string(width, '-') + '\n';
    for (const auto& e : rep.entries)
    {
        char secs[32];
        std::snprintf(secs, sizeof secs, "%.2f", e.time.count());
        s += row(e.name, e.suite, e.tool, e.outcome, secs, e.figures);
    }
    return s;
}

} // namespace arangokit

#endif
