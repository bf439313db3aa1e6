// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// The AQL syntax tree shared by the parser (aql_parse.cpp) and the evaluator (aql_eval.cpp).
#ifndef ARANGOKIT_SIM_SERVER_AQL_AST_HPP
#define ARANGOKIT_SIM_SERVER_AQL_AST_HPP

#include "aql.hpp"
#include <set>

namespace arangokit::sim::aql {

struct expr;
struct operation;
using expr_ptr = std::shared_ptr<expr>;

/// A collection named in the query text, or through a bind parameter (`bind` is "@name" for @@name).
struct coll_ref
{
    std::string name;
    std::string bind;
};

struct object_member
{
    std::string key;   // literal key
    expr_ptr computed; // [expr] or @bind key
    expr_ptr value;
};

struct expr
{
    enum kind_t
    {
        literal,
        variable,
        bind,
        collection, // a collection used as a value: all its documents
        attribute,  // kids[0].name
        index,      // kids[0][kids[1]]
        expand,     // kids[0][*] then kids[1] applied to each element (as `current`)
        current,
        call,
        unary,
        binary,
        quantified, // kids[0] ANY|ALL|NONE <name> kids[1]
        ternary,    // kids[0] ? kids[1] : kids[2] (kids[1] null: ?:)
        array,
        object,
        subquery
    } kind;
    explicit expr(kind_t k) : kind(k) {}
    std::string name; // variable, bind, attribute, function or operator
    std::string text;
    json::value value;
    coll_ref coll;
    std::vector<expr_ptr> kids;
    std::vector<object_member> members;
    std::shared_ptr<std::vector<operation>> sub;
};

struct operation
{
    enum kind_t
    {
        for_,
        let,
        filter,
        sort,
        limit,
        collect,
        ret,
        insert,
        update,
        replace,
        remove,
        upsert
    } kind;
    std::string var;
    expr_ptr e, e2, e3; // main expression; LIMIT: offset (e) and count (e2); UPDATE k WITH e2; UPSERT e/e2/e3
    json::object opts;
    coll_ref coll;
    bool distinct = false;
    bool upsert_replace = false;
    std::vector<std::pair<expr_ptr, bool>> sorts; // expression, descending
    std::vector<std::pair<std::string, expr_ptr>> groups;
    std::vector<std::pair<std::string, expr_ptr>> aggregates;
    std::string into;
    expr_ptr into_expr;
    std::string count_into;
};

struct parsed_query
{
    std::string text;
    std::vector<operation> ops;
    std::set<std::string> collections; // named in the text
    std::set<std::string> bind_names;  // "@name" for collection parameters
    bool writes = false;
};

bool function_known(const std::string& upper_name);

} // namespace arangokit::sim::aql

#endif
