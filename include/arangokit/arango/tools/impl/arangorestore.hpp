// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_TOOLS_IMPL_ARANGORESTORE_HPP
#define ARANGOKIT_ARANGO_TOOLS_IMPL_ARANGORESTORE_HPP

#include <arangokit/arango/tools/render.hpp>

namespace arangokit::detail {

// `N` or `name=N` with N > 0; replication factors also accept `satellite`.
inline bool restore_override_ok(std::string_view v, bool satellite_ok)
{
    auto eq = v.rfind('=');
    if (eq != std::string_view::npos)
    {
        if (eq == 0)
            return false;
        v = v.substr(eq + 1);
    }
    if (satellite_ok && v == "satellite")
        return true;
    auto n = parse_u64(v);
    return n && *n > 0;
}

inline void check_tool_specific(const arangorestore_options& o, const server_options& s, render_state& st)
{
    if (o.all_databases.value_or(false) && s.database)
        st.problem("all-databases", "cannot be combined with --server.database");
    if (o.all_databases.value_or(false) && o.force_same_database.value_or(false))
        st.problem("all-databases", "cannot be combined with --force-same-database");
    if (o.default_number_of_shards && *o.default_number_of_shards == 0)
        st.problem("default-number-of-shards", "must be at least 1");
    if (o.default_replication_factor && *o.default_replication_factor == 0)
        st.problem("default-replication-factor", "must be at least 1");
    for (const auto& v : o.number_of_shards)
        if (!restore_override_ok(v, false))
            st.problem("number-of-shards", "'" + v + "' is neither N > 0 nor name=N");
    for (const auto& v : o.replication_factor)
        if (!restore_override_ok(v, true))
            st.problem(
                "replication-factor", "'" + v + "' is neither N > 0, 'satellite', nor name=N|satellite"
            );
    for (const auto& v : o.write_concern)
        if (!restore_override_ok(v, false))
            st.problem("write-concern", "'" + v + "' is neither N > 0 nor name=N");
    if (o.threads && *o.threads == 0)
        st.problem("threads", "must be at least 1");
}

} // namespace arangokit::detail

#endif
