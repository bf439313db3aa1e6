// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Component header: the ArangoDB client tools (typed options, reports, diagnostics),
// instrumentation, and the simulator for tests. Adds Boost.JSON to the process core. CMake:
// arangokit::arango.
#ifndef ARANGOKIT_ARANGO_HPP
#define ARANGOKIT_ARANGO_HPP

#include <arangokit/arango/arango_run.hpp>
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/arango/config_file.hpp>
#include <arangokit/arango/endpoint.hpp>
#include <arangokit/arango/exit_codes.hpp>
#include <arangokit/arango/instance.hpp>
#include <arangokit/arango/parsers/arangobackup.hpp>
#include <arangokit/arango/parsers/arangobench.hpp>
#include <arangokit/arango/parsers/arangodump.hpp>
#include <arangokit/arango/parsers/arangoexport.hpp>
#include <arangokit/arango/parsers/arangoimport.hpp>
#include <arangokit/arango/parsers/arangorestore.hpp>
#include <arangokit/arango/parsers/arangosh.hpp>
#include <arangokit/arango/parsers/common.hpp>
#include <arangokit/arango/parsers/diagnostic.hpp>
#include <arangokit/arango/parsers/report_base.hpp>
#include <arangokit/arango/server_options.hpp>
#include <arangokit/arango/tool_cache.hpp>
#include <arangokit/arango/tool_invocation.hpp>
#include <arangokit/arango/tool_report.hpp>
#include <arangokit/arango/tool_version.hpp>
#include <arangokit/arango/tools/arangobackup.hpp>
#include <arangokit/arango/tools/arangobench.hpp>
#include <arangokit/arango/tools/arangodump.hpp>
#include <arangokit/arango/tools/arangoexport.hpp>
#include <arangokit/arango/tools/arangoimport.hpp>
#include <arangokit/arango/tools/arangorestore.hpp>
#include <arangokit/arango/tools/arangosh.hpp>
#include <arangokit/arango/tools/render.hpp>
#include <arangokit/concurrency.hpp>
#include <arangokit/instrumentation.hpp>
#include <arangokit/instrumentation/core_files.hpp>
#include <arangokit/instrumentation/instrumented_run.hpp>
#include <arangokit/instrumentation/launch_prefix.hpp>
#include <arangokit/instrumentation/resource_limits.hpp>
#include <arangokit/instrumentation/sanitizer_reports.hpp>
#include <arangokit/testing/run_capped.hpp>
#include <arangokit/testing/simulator.hpp>

#endif
