// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Umbrella header: every public header, nothing else.
#ifndef ARANGOKIT_HPP
#define ARANGOKIT_HPP

#include <arangokit/deadline.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>
#include <arangokit/output_line.hpp>
#include <arangokit/stop_policy.hpp>
#include <arangokit/tool_error.hpp>
#include <arangokit/tool_result.hpp>

#include <arangokit/process/command.hpp>
#include <arangokit/process/output_batch.hpp>
#include <arangokit/process/runner_config.hpp>
#include <arangokit/process/running_tool.hpp>
#include <arangokit/process/tool_event.hpp>
#include <arangokit/process/tool_runner.hpp>

#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/arango/auth.hpp>
#include <arangokit/arango/config_file.hpp>
#include <arangokit/arango/endpoint.hpp>
#include <arangokit/arango/exit_codes.hpp>
#include <arangokit/arango/instance.hpp>
#include <arangokit/arango/server_options.hpp>
#include <arangokit/arango/tool_invocation.hpp>
#include <arangokit/arango/tools/arangobackup.hpp>
#include <arangokit/arango/tools/arangobench.hpp>
#include <arangokit/arango/tools/arangodump.hpp>
#include <arangokit/arango/tools/arangoexport.hpp>
#include <arangokit/arango/tools/arangoimport.hpp>
#include <arangokit/arango/tools/arangorestore.hpp>
#include <arangokit/arango/tools/arangosh.hpp>
#include <arangokit/arango/tools/render.hpp>
#include <arangokit/arango/parsers/arangobackup.hpp>
#include <arangokit/arango/parsers/arangobench.hpp>
#include <arangokit/arango/parsers/arangodump.hpp>
#include <arangokit/arango/parsers/arangoexport.hpp>
#include <arangokit/arango/parsers/arangoimport.hpp>
#include <arangokit/arango/parsers/arangorestore.hpp>
#include <arangokit/arango/parsers/arangosh.hpp>
#include <arangokit/arango/parsers/common.hpp>
#include <arangokit/arango/http/arango_client.hpp>
#include <arangokit/arango/http/arango_error.hpp>
#include <arangokit/arango/http/backup_info.hpp>
#include <arangokit/arango/http/client_config.hpp>
#include <arangokit/arango/http/http_request.hpp>
#include <arangokit/arango/http/http_response.hpp>
#include <arangokit/arango/http/query_cursor.hpp>
#include <arangokit/arango/http/version_info.hpp>
#include <arangokit/artifacts/archive.hpp>
#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/backup_rotation.hpp>
#include <arangokit/artifacts/checksum.hpp>
#include <arangokit/artifacts/dump_diff.hpp>
#include <arangokit/artifacts/dump_reader.hpp>
#include <arangokit/artifacts/keyfile.hpp>
#include <arangokit/artifacts/manifest.hpp>
#include <arangokit/artifacts/run_directory.hpp>
#include <arangokit/testing/simulator.hpp>

#include <arangokit/concurrency/client_group.hpp>
#include <arangokit/concurrency/entry_gate.hpp>
#include <arangokit/concurrency/file_gate.hpp>
#include <arangokit/concurrency/group_error.hpp>
#include <arangokit/concurrency/group_event.hpp>
#include <arangokit/concurrency/group_policy.hpp>
#include <arangokit/concurrency/group_result.hpp>
#include <arangokit/concurrency/retry.hpp>
#include <arangokit/concurrency/stop_source.hpp>

#include <arangokit/instrumentation/core_files.hpp>
#include <arangokit/instrumentation/instrumented_run.hpp>
#include <arangokit/instrumentation/launch_prefix.hpp>
#include <arangokit/instrumentation/resource_limits.hpp>
#include <arangokit/instrumentation/sanitizer_reports.hpp>
#include <arangokit/scenarios/background_shell.hpp>
#include <arangokit/scenarios/interactive_shell.hpp>
#include <arangokit/scenarios/rta.hpp>
#include <arangokit/scenarios/shell_group.hpp>
#include <arangokit/scenarios/snippet.hpp>

#endif
