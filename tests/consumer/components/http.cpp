// The http component alone: mint a superuser JWT as the tools do and decode it; build a client configuration.
#include <arangokit/http.hpp>

#include <iostream>

int main()
{
    std::string token = arangokit::make_superuser_jwt("component-secret");
    auto claims = arangokit::decode_jwt(token);
    arangokit::client_config cfg;
    bool ok = claims.has_value() && token.find('.') != std::string::npos;
    std::cout << (ok ? "component-ok" : "component-failed") << "\n";
    return ok ? 0 : 2;
}
