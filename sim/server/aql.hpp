// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// A small AQL interpreter for arangosim: tokenizer, parser to an AST, evaluator over the in-memory store.
// The supported language is listed in docs/simulator-server.md; everything else is rejected with 400/1501
// ("... not supported by the simulator"), never answered with a guess.
#ifndef ARANGOKIT_SIM_SERVER_AQL_HPP
#define ARANGOKIT_SIM_SERVER_AQL_HPP

#include "sim.hpp"
#include <functional>
#include <memory>

namespace arangokit::sim::aql {

struct stats
{
    std::uint64_t writes_executed = 0;
    std::uint64_t writes_ignored = 0;
    std::uint64_t scanned_full = 0;
    std::uint64_t scanned_index = 0;
    std::uint64_t filtered = 0;
    std::optional<std::uint64_t> full_count;
};

struct result
{
    std::vector<json::value> rows;
    stats st;
    json::array warnings; // [{code, message}]
};

struct options
{
    bool full_count = false;
};

/// Called for every collection the query reads (write = false) or writes (write = true) before it does;
/// throws to refuse (permissions, transactions).
using access_hook = std::function<void(const std::string& collection, bool write)>;

struct parsed_query; // the AST

/// Parses `query`; throws api_error 400/1501 on a syntax error or an unsupported construct.
std::shared_ptr<parsed_query> parse(const std::string& query);

/// Runs a parsed query. Bind parameters are checked (1551 missing, 1552 not declared, 1553 bad collection).
result
run(store& st,
    database& d,
    const parsed_query& q,
    const json::object& binds,
    const options& opt,
    const access_hook& hook);

/// What POST /_api/query answers: {"parsed":true,"collections","bindVars","ast"}.
json::object describe(const parsed_query& q);

/// A minimal execution plan for /_api/explain: one node per operation.
json::object explain_plan(const parsed_query& q);

} // namespace arangokit::sim::aql

#endif
