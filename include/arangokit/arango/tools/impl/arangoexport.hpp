// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_TOOLS_IMPL_ARANGOEXPORT_HPP
#define ARANGOKIT_ARANGO_TOOLS_IMPL_ARANGOEXPORT_HPP

#include <arangokit/arango/tools/render.hpp>

namespace arangokit::detail {

inline void check_tool_specific(const arangoexport_options& o, const server_options&, render_state& st)
{
    bool query = (o.custom_query && !o.custom_query->empty()) ||
                 (o.custom_query_file && !o.custom_query_file->empty());
    bool graph = o.graph_name && !o.graph_name->empty();
    if (o.collection.empty() && !graph && !query)
        st.problem("collection", "expecting at least one collection, a graph name or an AQL query");
    if (query && (!o.collection.empty() || graph))
        st.problem("custom-query", "expecting either a list of collections or an AQL query");
    if (o.custom_query && o.custom_query_file)
        st.problem("custom-query-file", "cannot be combined with --custom-query");
    if (o.type && *o.type == export_type::xgmml && !graph)
        st.problem("type", "expecting a graph name to dump a graph");
    if (o.type && *o.type == export_type::csv && (!o.fields || o.fields->empty()))
        st.problem("fields", "expecting at least one field definition (required for --type csv)");
}

} // namespace arangokit::detail

#endif
