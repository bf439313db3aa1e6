// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Component header: shells (interactive, background, groups of them), the RTA driver, snippets, and the
// parallel segmented dump and restore with their collection selection; they use the tools and the HTTP
// client. CMake: arangokit::http; the parallel dump and restore, the inventory and the merge also need
// arangokit::artifacts (dump directories: zlib, libarchive).
#ifndef ARANGOKIT_SCENARIOS_HPP
#define ARANGOKIT_SCENARIOS_HPP

#include <arangokit/arango.hpp>
#include <arangokit/http.hpp>
#include <arangokit/scenarios/background_shell.hpp>
#include <arangokit/scenarios/collection_selector.hpp>
#include <arangokit/scenarios/database_inventory.hpp>
#include <arangokit/scenarios/interactive_shell.hpp>
#include <arangokit/scenarios/parallel_dump.hpp>
#include <arangokit/scenarios/parallel_restore.hpp>
#include <arangokit/scenarios/rta.hpp>
#include <arangokit/scenarios/segment_plan.hpp>
#include <arangokit/scenarios/shell_group.hpp>
#include <arangokit/scenarios/snippet.hpp>

#endif
