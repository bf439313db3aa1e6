// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Component header: client groups with a shared stop, entry gates, retries (adds <regex> to the process core,
// for the output patterns of policies). CMake: arangokit::process.
#ifndef ARANGOKIT_CONCURRENCY_HPP
#define ARANGOKIT_CONCURRENCY_HPP

#include <arangokit/concurrency/client_group.hpp>
#include <arangokit/concurrency/entry_gate.hpp>
#include <arangokit/concurrency/file_gate.hpp>
#include <arangokit/concurrency/group_error.hpp>
#include <arangokit/concurrency/group_event.hpp>
#include <arangokit/concurrency/group_policy.hpp>
#include <arangokit/concurrency/group_result.hpp>
#include <arangokit/concurrency/retry.hpp>
#include <arangokit/concurrency/stop_source.hpp>
#include <arangokit/concurrency/typed_member.hpp>
#include <arangokit/concurrency/typed_run.hpp>
#include <arangokit/process.hpp>

#endif
