// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Must not compile: an options temporary inside a co_await expression (g++ 12 miscompiles it).
#include <arangokit/arango/arango_tools.hpp>

boost::asio::awaitable<void> misuse(arangokit::arango_tools& tools)
{
    co_await tools.async_run(arangokit::arangodump_options{});
}
