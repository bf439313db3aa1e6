// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Component header: reports for result processing (JUnit XML, a JSON summary, the terminal table, a progress
// line) and the live status server (Beast, header-only). Needs nothing beyond the process core's
// dependencies. CMake: arangokit::process.
#ifndef ARANGOKIT_REPORTS_HPP
#define ARANGOKIT_REPORTS_HPP

#include <arangokit/concurrency.hpp>
#include <arangokit/reports/json_summary.hpp>
#include <arangokit/reports/junit_writer.hpp>
#include <arangokit/reports/progress_line.hpp>
#include <arangokit/reports/report_entry.hpp>
#include <arangokit/reports/result_report.hpp>
#include <arangokit/reports/status_board.hpp>
#include <arangokit/reports/status_server.hpp>
#include <arangokit/reports/summary_table.hpp>

#endif
