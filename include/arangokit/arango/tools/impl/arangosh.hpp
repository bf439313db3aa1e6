// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_TOOLS_IMPL_ARANGOSH_HPP
#define ARANGOKIT_ARANGO_TOOLS_IMPL_ARANGOSH_HPP

#include <arangokit/arango/tools/render.hpp>

namespace arangokit::detail {

inline void check_tool_specific(const arangosh_options& o, const server_options&, render_state& st)
{
    int modes = !o.javascript_execute.empty() + !o.javascript_execute_string.empty() +
                !o.javascript_check_syntax.empty() + !o.javascript_unit_tests.empty() + !o.jslint.empty();
    if (modes > 1)
        st.problem(
            "javascript.execute", "you cannot specify more than one type (jslint, execute, execute-string, "
                                  "check-syntax, unit-tests)"
        );
}

inline void emit_positionals_back(const arangosh_options& o, std::vector<std::string>& args, render_state&)
{
    if (o.script_args.empty())
        return;
    args.push_back("--");
    args.insert(args.end(), o.script_args.begin(), o.script_args.end());
}

} // namespace arangokit::detail

#endif
