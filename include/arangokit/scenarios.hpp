// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Component header: shells (interactive, background, groups of them), the RTA driver and snippets; they use
// the tools and the HTTP client. CMake: arangokit::http.
#ifndef ARANGOKIT_SCENARIOS_HPP
#define ARANGOKIT_SCENARIOS_HPP

#include <arangokit/arango.hpp>
#include <arangokit/http.hpp>
#include <arangokit/scenarios/background_shell.hpp>
#include <arangokit/scenarios/interactive_shell.hpp>
#include <arangokit/scenarios/rta.hpp>
#include <arangokit/scenarios/shell_group.hpp>
#include <arangokit/scenarios/snippet.hpp>

#endif
