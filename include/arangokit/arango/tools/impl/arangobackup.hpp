// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_TOOLS_IMPL_ARANGOBACKUP_HPP
#define ARANGOKIT_ARANGO_TOOLS_IMPL_ARANGOBACKUP_HPP

#include <arangokit/arango/tools/render.hpp>

#include <cctype>

namespace arangokit::detail {

inline void check_tool_specific(const arangobackup_options& o, const server_options& s, render_state& st)
{
    if (!o.operation)
        st.problem("operation", "required: one of create, delete, download, list, restore, upload");
    else if (!to_string(*o.operation))
        st.problem("operation", "value outside the enum");
    if (s.database && *s.database != "_system")
        st.problem(
            "server.database",
            "hot backups are global and must be performed on the _system database with super user privileges"
        );
    auto op = o.operation.value_or(backup_operation::list);
    bool has_id = o.identifier && !o.identifier->empty();
    bool has_status = o.status_id && !o.status_id->empty();
    if ((op == backup_operation::delete_ || op == backup_operation::restore) && !has_id)
        st.problem("identifier", "must specify a backup via --identifier");
    if (o.label)
        for (char c : *o.label)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
            {
                st.problem("label", "only [a-zA-Z0-9._-] allowed");
                break;
            }
    if (o.max_wait_for_lock && *o.max_wait_for_lock < 0)
        st.problem("max-wait-for-lock", "must be >= 0");
    if (o.max_wait_for_restart && *o.max_wait_for_restart < 0)
        st.problem("max-wait-for-restart", "must be >= 0");
    if (op == backup_operation::upload || op == backup_operation::download)
    {
        if (has_id == has_status)
            st.problem("identifier", "give exactly one of --identifier and --status-id");
        if (has_id && (!o.rclone_config_file || !o.remote_path))
            st.problem("identifier", "--identifier needs --rclone-config-file and --remote-path");
    }
    if (o.abort.value_or(false) && !has_status)
        st.problem("abort", "needs --status-id");
}

inline void
emit_positionals_front(const arangobackup_options& o, std::vector<std::string>& args, render_state&)
{
    if (o.operation && to_string(*o.operation))
        args.push_back(to_string(*o.operation));
}

} // namespace arangokit::detail

#endif
