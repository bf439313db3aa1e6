// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_TOOLS_IMPL_ARANGOBENCH_HPP
#define ARANGOKIT_ARANGO_TOOLS_IMPL_ARANGOBENCH_HPP

#include <arangokit/arango/tools/render.hpp>

namespace arangokit::detail {

inline void check_tool_specific(const arangobench_options& o, const server_options&, render_state& st)
{
    if (o.test_case && *o.test_case == bench_test_case::custom_query &&
        !(o.custom_query && !o.custom_query->empty()) &&
        !(o.custom_query_file && !o.custom_query_file->empty()))
        st.problem("custom-query", "the custom-query test case needs --custom-query or --custom-query-file");
    for (double p : o.histogram_percentiles)
        if (!(p > 0 && p < 100.0001))
            st.problem(
                "histogram.percentiles", "percentile " + argv_format_double(p) + " is outside (0, 100]"
            );
    if (o.threads && *o.threads == 0)
        st.problem("threads", "must be at least 1");
}

} // namespace arangokit::detail

#endif
