// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Must not compile: instrumentation options built inside the co_await expression.
#include <arangokit/instrumentation/instrumented_run.hpp>

boost::asio::awaitable<void> misuse(arangokit::tool_runner& runner, const arangokit::command& cmd)
{
    auto r = co_await arangokit::async_run_instrumented(runner, cmd, arangokit::instrumentation_options{});
    (void)r;
}
