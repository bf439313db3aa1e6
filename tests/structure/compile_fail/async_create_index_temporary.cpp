// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Must not compile: index options built inside the co_await expression.
#include <arangokit/arango/http/indexes.hpp>

boost::asio::awaitable<void> misuse(arangokit::arango_client& client)
{
    auto ix = co_await arangokit::async_create_index(client, "db", "c", arangokit::index_options{});
    (void)ix;
}
