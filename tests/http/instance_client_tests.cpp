// client_config_for: the one way from an instance to HTTP client settings, and its precedence (explicit
// settings > the instance's values > the client's defaults). Sans-io.
#define BOOST_TEST_MODULE arangokit_instance_client
#include <arangokit/arango/http/instance_client.hpp>

#include <boost/system/system_error.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>

namespace ak = arangokit;
using namespace std::chrono_literals;

namespace {

ak::instance basic_instance()
{
    ak::instance inst;
    inst.endpoints = {"tcp://10.0.0.1:8529", "tcp://10.0.0.2:8529"};
    inst.username = "alice";
    inst.password = "pw";
    return inst;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_instance_fills_endpoints_and_credentials_and_defaults_the_rest)
{
    const ak::client_config defaults;
    auto d = ak::deadline::after(5s);
    auto cfg = ak::client_config_for(basic_instance(), d);
    BOOST_REQUIRE(cfg.endpoints.size() == 2u);
    BOOST_TEST((cfg.endpoints[0] == ak::endpoint::parse("tcp://10.0.0.1:8529"))); // failover order kept
    BOOST_TEST((cfg.endpoints[1] == ak::endpoint::parse("tcp://10.0.0.2:8529")));
    BOOST_TEST((cfg.auth.kind() == ak::auth_kind::basic));
    BOOST_TEST(cfg.auth.username == "alice");
    BOOST_TEST(cfg.auth.password == "pw");
    BOOST_TEST((cfg.global_deadline.time() == d.time()));
    BOOST_TEST(cfg.request_timeout.count() == defaults.request_timeout.count());
    BOOST_TEST(cfg.connect_timeout.count() == defaults.connect_timeout.count());
    BOOST_TEST(cfg.retry.max_attempts == defaults.retry.max_attempts);
    BOOST_TEST(cfg.user_agent == defaults.user_agent);
    BOOST_TEST(!cfg.tls.insecure);

    ak::instance bare; // nothing set: the client's defaults
    auto b = ak::client_config_for(bare);
    BOOST_REQUIRE(b.endpoints.size() == 1u);
    BOOST_TEST((b.endpoints[0] == defaults.endpoints[0]));
    BOOST_TEST(b.auth.username == "root");
    BOOST_TEST(b.auth.password.empty());
    BOOST_TEST(b.global_deadline.is_none());
}

BOOST_AUTO_TEST_CASE(credentials_are_chosen_as_for_the_tools)
{
    ak::instance inst = basic_instance();
    inst.jwt_secret_keyfile = "/run/secret.jwt";
    inst.jwt_secret = "raw-secret";
    auto both = ak::client_config_for(inst); // the secret wins over the keyfile and over user/password
    BOOST_TEST((both.auth.kind() == ak::auth_kind::superuser_jwt));
    BOOST_TEST(both.auth.jwt_secret.value_or("") == "raw-secret");
    BOOST_TEST(!both.auth.jwt_secret_keyfile.has_value());
    BOOST_TEST(both.auth.password.empty());
    BOOST_TEST(inst.tool_defaults().server.jwt_secret.value_or("") == "raw-secret"); // the tools alike
    BOOST_TEST(!inst.tool_defaults().server.password.has_value());

    inst.jwt_secret.reset();
    auto keyfile = ak::client_config_for(inst);
    BOOST_TEST((keyfile.auth.kind() == ak::auth_kind::superuser_jwt));
    BOOST_TEST(keyfile.auth.jwt_secret_keyfile.value_or("").string() == "/run/secret.jwt");
    BOOST_TEST(!keyfile.auth.jwt_secret.has_value());
}

BOOST_AUTO_TEST_CASE(explicit_settings_win_over_the_instance_and_the_defaults)
{
    ak::client_overrides o;
    o.endpoints = {ak::endpoint::parse("ssl://db.example:8530")};
    ak::credentials token;
    token.jwt_token = "ready";
    o.auth = token;
    o.request_timeout = 30s;
    o.tls = ak::tls_options{};
    o.tls->insecure = true;
    o.user_agent = "tester";
    auto cfg = ak::client_config_for(basic_instance(), ak::deadline{}, o);
    BOOST_REQUIRE(cfg.endpoints.size() == 1u);
    BOOST_TEST((cfg.endpoints[0] == ak::endpoint::parse("ssl://db.example:8530")));
    BOOST_TEST((cfg.auth.kind() == ak::auth_kind::bearer_token));
    BOOST_TEST(cfg.request_timeout.count() == 30000);
    BOOST_TEST(cfg.tls.insecure);
    BOOST_TEST(cfg.user_agent == "tester");
    const ak::client_config defaults; // what no one set stays the default
    BOOST_TEST(cfg.connect_timeout.count() == defaults.connect_timeout.count());
    BOOST_TEST(cfg.max_idle_connections == defaults.max_idle_connections);

    ak::client_overrides only_timeout; // unset fields keep the instance's values
    only_timeout.request_timeout = 1s;
    auto partial = ak::client_config_for(basic_instance(), ak::deadline{}, only_timeout);
    BOOST_TEST(partial.endpoints.size() == 2u);
    BOOST_TEST(partial.auth.username == "alice");
    BOOST_TEST(partial.request_timeout.count() == 1000);
}

BOOST_AUTO_TEST_CASE(an_endpoint_that_does_not_parse_throws)
{
    ak::instance inst;
    inst.endpoints = {"nonsense://x"};
    BOOST_CHECK_EXCEPTION(
        ak::client_config_for(inst), boost::system::system_error,
        [](const boost::system::system_error& e) { return e.code() == ak::errc::invalid_endpoint; }
    );
}
