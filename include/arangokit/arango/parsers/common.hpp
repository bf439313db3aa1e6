// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_PARSERS_COMMON_HPP
#define ARANGOKIT_ARANGO_PARSERS_COMMON_HPP

// What every tool's parser shares: the report base and the feed logic, and the definitions of the shared
// scanning functions.

#include <arangokit/arango/parsers/detail/basic_output_parser.hpp>
#include <arangokit/arango/parsers/report_base.hpp>

// clang-format off
// Last: the out-of-line definitions need everything above (include sorting must not move it).
#include <arangokit/arango/detail/tools_parse_common.hpp>
// clang-format on

#endif
