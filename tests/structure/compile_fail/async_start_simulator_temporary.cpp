// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Must not compile: simulator options built inside the co_await expression.
#include <arangokit/testing/simulator.hpp>

boost::asio::awaitable<void> misuse(arangokit::tool_runner& runner)
{
    auto sim =
        co_await arangokit::async_start_simulator(runner, arangokit::simulator_options{.coordinators = 3});
    (void)sim;
}
