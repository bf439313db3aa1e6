// JWT decoding and verification: never throws on malformed tokens; verification implies decoding; a token
// we sign verifies with its secret and not with another; base64/base64url round-trip.
#include <arangokit/arango/auth.hpp>

#include "fuzz_target.hpp"

ARANGOKIT_FUZZ_TARGET(jwt)
{
    using namespace arangokit;
    std::string why;
    auto claims = decode_jwt(input, &why);
    if (!claims)
        ARANGOKIT_FUZZ_CHECK(!why.empty());
    else
    {
        (void)claims->string_claim("iss");
        (void)claims->int_claim("exp");
        (void)claims->is_superuser();
    }
    auto verified = verify_jwt(input, "secret");
    if (verified)
        ARANGOKIT_FUZZ_CHECK(claims.has_value());

    ARANGOKIT_FUZZ_CHECK(base64url_decode(base64url_encode(input)) == std::string(input));
    ARANGOKIT_FUZZ_CHECK(base64_decode(base64_encode(input)) == std::string(input));
    (void)base64_decode(input);
    (void)base64url_decode(input);

    // Claims are JSON strings, so only UTF-8 text can round-trip through a token.
    boost::system::error_code uec;
    boost::json::parse(boost::json::serialize(boost::json::string(input)), uec);
    if (uec)
        return;
    boost::json::object payload;
    payload["iss"] = "arangodb";
    payload["preferred_username"] = std::string(input);
    auto token = make_jwt(input, payload);
    auto ok = verify_jwt(token, input);
    ARANGOKIT_FUZZ_CHECK(ok.has_value());
    ARANGOKIT_FUZZ_CHECK(ok->string_claim("preferred_username") == std::string(input));
    ARANGOKIT_FUZZ_CHECK(!verify_jwt(token, std::string(input) + "x").has_value());
}
