// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Component header: the process core (run, stream, stop and reap any program under a deadline). Needs Boost's
// headers and threads only: no Boost.JSON, Beast, OpenSSL, zlib, libarchive or <regex>. CMake:
// arangokit::process.
#ifndef ARANGOKIT_PROCESS_HPP
#define ARANGOKIT_PROCESS_HPP

#include <arangokit/deadline.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>
#include <arangokit/output_line.hpp>
#include <arangokit/process/command.hpp>
#include <arangokit/process/output_batch.hpp>
#include <arangokit/process/runner_config.hpp>
#include <arangokit/process/running_tool.hpp>
#include <arangokit/process/tool_event.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/stop_policy.hpp>
#include <arangokit/tool_error.hpp>
#include <arangokit/tool_result.hpp>

#endif
