// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_TOOLS_IMPL_ARANGOIMPORT_HPP
#define ARANGOKIT_ARANGO_TOOLS_IMPL_ARANGOIMPORT_HPP

#include <arangokit/arango/tools/render.hpp>

namespace arangokit::detail {

inline void check_tool_specific(const arangoimport_options& o, const server_options&, render_state& st)
{
    if (!o.file || o.file->empty())
        st.problem("file", "File name is missing.");
    if (!o.collection || o.collection->empty())
        st.problem("collection", "Collection name is missing.");
    if (o.separator && !o.separator->empty() && o.separator->size() != 1 && *o.separator != "\\t" &&
        *o.separator != "\\n" && *o.separator != "\\r")
        st.problem("separator", "The separator must be exactly one character.");
    if (o.quote && o.quote->size() > 1)
        st.problem("quote", "Wrong length of quote character.");
    for (const auto& d : o.datatype)
    {
        auto eq = d.find('=');
        std::string type = eq == std::string::npos ? std::string() : d.substr(eq + 1);
        if (eq == 0 || (type != "boolean" && type != "number" && type != "null" && type != "string"))
            st.problem("datatype", "'" + d + "' is not attribute=boolean|number|null|string");
    }
    for (const auto& t : o.translate)
    {
        auto eq = t.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == t.size())
            st.problem("translate", "'" + t + "' is not from=to");
    }
    for (const auto& r : o.remove_attribute)
        if (r.empty())
            st.problem("remove-attribute", "empty attribute name");
}

} // namespace arangokit::detail

#endif
