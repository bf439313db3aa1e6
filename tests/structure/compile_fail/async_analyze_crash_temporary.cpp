// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Must not compile: crash options built inside the co_await expression.
#include <arangokit/instrumentation/core_files.hpp>

boost::asio::awaitable<void> misuse(arangokit::tool_runner& runner, const arangokit::tool_result& r)
{
    auto report =
        co_await arangokit::async_analyze_crash(runner, r, arangokit::crash_options{.gdb = "gdb-multiarch"});
    (void)report;
}
