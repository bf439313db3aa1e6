// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_TOOLS_IMPL_ARANGODUMP_HPP
#define ARANGOKIT_ARANGO_TOOLS_IMPL_ARANGODUMP_HPP

#include <arangokit/arango/tools/render.hpp>

namespace arangokit::detail {

inline void check_tool_specific(const arangodump_options& o, const server_options& s, render_state& st)
{
    if (o.all_databases.value_or(false) && s.database)
        st.problem("all-databases", "cannot be combined with --server.database");
    if (!o.collection.empty() && !o.ignore_collection.empty())
        st.problem("ignore-collection", "cannot be combined with --collection");
    if (o.split_files.value_or(false) && o.parallel_dump && !*o.parallel_dump)
        st.problem("split-files", "requires --parallel-dump true");
    if (o.maskings && o.maskings->empty())
        st.problem("maskings", "empty file name");
    if (o.threads && *o.threads == 0)
        st.problem("threads", "must be at least 1");
}

} // namespace arangokit::detail

#endif
