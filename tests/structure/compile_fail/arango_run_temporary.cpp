// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Must not compile: an arango_run made from an options temporary.
#include <arangokit/arango/arango_run.hpp>

void misuse(const arangokit::instance& inst)
{
    arangokit::arango_run<arangokit::arangosh_options> run(arangokit::arangosh_options{}, inst);
    (void)run;
}
