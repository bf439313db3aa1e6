// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Must not compile: a moved options object is an rvalue too, with the same hazard.
#include <arangokit/arango/arango_tools.hpp>

#include <utility>

boost::asio::awaitable<void> misuse(arangokit::arango_tools& tools)
{
    arangokit::arangoimport_options o;
    co_await tools.async_run(std::move(o), boost::asio::as_tuple(boost::asio::use_awaitable));
}
