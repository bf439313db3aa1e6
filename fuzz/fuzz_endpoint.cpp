// Endpoint parsing: never throws on malformed text; the canonical form parses back to an equal endpoint.
#include <arangokit/arango/endpoint.hpp>

#include <boost/system/system_error.hpp>

#include "fuzz_target.hpp"

ARANGOKIT_FUZZ_TARGET(endpoint)
{
    using arangokit::endpoint;
    std::string why;
    auto ep = endpoint::try_parse(input, &why);
    bool threw = false;
    try
    {
        (void)endpoint::parse(input);
    }
    catch (const boost::system::system_error&)
    {
        threw = true;
    }
    ARANGOKIT_FUZZ_CHECK(threw == !ep.has_value());
    if (!ep)
    {
        ARANGOKIT_FUZZ_CHECK(!why.empty());
        return;
    }
    auto canonical = ep->to_string();
    auto again = endpoint::try_parse(canonical);
    ARANGOKIT_FUZZ_CHECK(again.has_value());
    ARANGOKIT_FUZZ_CHECK(*again == *ep);
    ARANGOKIT_FUZZ_CHECK(again->to_string() == canonical);
    (void)ep->check_connectable();
    (void)ep->url("/_api/version");
    if (!ep->is_unix_socket())
    {
        (void)ep->authority();
        (void)ep->host_header();
        (void)ep->service();
    }
}
