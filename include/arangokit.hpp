// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Umbrella header: every public header, through the component headers (arangokit/process.hpp,
// concurrency.hpp, arango.hpp, http.hpp, artifacts.hpp, scenarios.hpp), except the test-framework adapters
// (arangokit/testing/boost_test.hpp, gtest.hpp, catch2.hpp), which a test program includes itself.
// A file that needs less includes the component header it uses and pays only for that (docs/reference.md).
#ifndef ARANGOKIT_HPP
#define ARANGOKIT_HPP

#include <arangokit/arango.hpp>
#include <arangokit/artifacts.hpp>
#include <arangokit/concurrency.hpp>
#include <arangokit/http.hpp>
#include <arangokit/process.hpp>
#include <arangokit/reports.hpp>
#include <arangokit/scenarios.hpp>

#endif
