// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Must not compile: an options temporary, here a function's result, inside a co_await expression.
#include <arangokit/arango/arango_tools.hpp>

arangokit::arangosh_options make_options();

boost::asio::awaitable<void> misuse(arangokit::arango_tools& tools)
{
    auto running = co_await tools.async_start(make_options());
    (void)running;
}
