// ArangoDB error bodies and response JSON: never throw; an accepted error body really is `error: true`.
#include <arangokit/arango/http/http_response.hpp>

#include "fuzz_target.hpp"

ARANGOKIT_FUZZ_TARGET(http_error)
{
    using namespace arangokit;
    unsigned status = 0;
    if (input.size() >= 2)
    {
        status = (static_cast<unsigned char>(input[0]) << 8 | static_cast<unsigned char>(input[1])) % 1000;
        input.remove_prefix(2);
    }
    auto e = arango_error::from_body(status, input);
    boost::system::error_code ec;
    auto v = boost::json::parse(input, ec);
    if (e)
    {
        ARANGOKIT_FUZZ_CHECK(!ec && v.is_object());
        ARANGOKIT_FUZZ_CHECK(e->http_status == status);
        ARANGOKIT_FUZZ_CHECK(e->from_server() == (status != 0));
        ARANGOKIT_FUZZ_CHECK(!e->describe().empty());
    }
    http_response r;
    r.status = status;
    r.body = std::string(input);
    auto j = r.try_json();
    ARANGOKIT_FUZZ_CHECK(j.has_value() == !ec);
    (void)r.json();
    r.error = e;
    (void)r.ok();
    auto ep = make_diagnostic_exception(make_error_code(errc::http_error), r);
    ARANGOKIT_FUZZ_CHECK(ep != nullptr);
}
