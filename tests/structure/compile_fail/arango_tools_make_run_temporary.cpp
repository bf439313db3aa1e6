// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Must not compile: an options temporary for a typed group member (one rule for every call that takes
// options).
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/concurrency/client_group.hpp>

void misuse(arangokit::arango_tools& tools, arangokit::client_group& group)
{
    group.spawn(tools.make_run(arangokit::arangobench_options{}));
}
