// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_REPORTS_RESULT_REPORT_HPP
#define ARANGOKIT_REPORTS_RESULT_REPORT_HPP

#include <arangokit/concurrency/group_result.hpp>
#include <arangokit/reports/report_entry.hpp>
#include <arangokit/tool_result.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief The results of a program's steps, in the order they were added, for the writers: a JUnit XML
/// file (`to_junit_xml`), a JSON summary (`to_json_summary`) and the terminal table (`format_summary_table`).
/// \details Plain data, not thread-safe: fill it from one thread (the runner's executor, typically).
struct result_report
{
    std::string name{}; ///< the whole run ("arangokit demo"); JUnit's `testsuites` name
    std::vector<report_entry> entries{};
    std::chrono::system_clock::time_point started_at = std::chrono::system_clock::now();

    result_report& add(report_entry e)
    {
        entries.push_back(std::move(e));
        return *this;
    }
    /// A tool run; `figures` are the key figures shown in the table.
    result_report& add(const tool_result& r, std::string step = {}, std::string figures = {})
    {
        auto e = report_entry::from(r, std::move(step));
        e.figures = std::move(figures);
        return add(std::move(e));
    }
    /// One entry per member of a group, its suite the group's name.
    result_report& add(const group_result& g)
    {
        for (const auto& m : g.members)
            add(report_entry::from(m, g.name));
        return *this;
    }

    std::size_t count(entry_status s) const noexcept
    {
        std::size_t n = 0;
        for (const auto& e : entries)
            n += e.status == s;
        return n;
    }
    /// Something was reported and nothing failed or errored (skipped entries are no failure).
    bool all_ok() const noexcept
    {
        return !entries.empty() && count(entry_status::failed) == 0 && count(entry_status::error) == 0;
    }
    /// The sum of the entries' times.
    std::chrono::duration<double> total_time() const noexcept
    {
        std::chrono::duration<double> t{};
        for (const auto& e : entries)
            t += e.time;
        return t;
    }
};

} // namespace arangokit

#endif
