// Endpoint parsing, base64/JWT/keyfiles, and the sans-io parts of the HTTP client (retry classification,
// shard-sync evaluation). No I/O except the keyfile tests.
#define BOOST_TEST_MODULE arangokit_http
#include <arangokit/arango/auth.hpp>
#include <arangokit/arango/endpoint.hpp>
#include <arangokit/arango/http/arango_error.hpp>
#include <arangokit/arango/http/detail/retry.hpp>
#include <arangokit/arango/http/detail/shard_sync.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include "files.hpp"
#include <sys/stat.h>

using namespace arangokit;
namespace json = boost::json;

BOOST_AUTO_TEST_SUITE(endpoint_parsing)

BOOST_AUTO_TEST_CASE(every_scheme_normalizes_to_the_tool_form)
{
    struct case_t
    {
        const char* in;
        const char* canonical;
        endpoint_transport t;
    };
    const case_t cases[] = {
        {"tcp://127.0.0.1:8529", "tcp://127.0.0.1:8529", endpoint_transport::tcp},
        {"http+tcp://127.0.0.1:8529", "tcp://127.0.0.1:8529", endpoint_transport::tcp},
        {"http://localhost:1234/", "tcp://localhost:1234", endpoint_transport::tcp},
        {"TCP://db.example.com", "tcp://db.example.com:8529", endpoint_transport::tcp},
        {"ssl://127.0.0.1:8530", "ssl://127.0.0.1:8530", endpoint_transport::ssl},
        {"http+ssl://h:1", "ssl://h:1", endpoint_transport::ssl},
        {"https://h", "ssl://h:8529", endpoint_transport::ssl},
        {"tcp://[::1]:8529", "tcp://[::1]:8529", endpoint_transport::tcp},
        {"ssl://[::1]", "ssl://[::1]:8529", endpoint_transport::ssl},
        {"tcp://[fe80::1%eth0]:9", "tcp://[fe80::1%eth0]:9", endpoint_transport::tcp},
        {"unix:///tmp/arangod.sock", "unix:///tmp/arangod.sock", endpoint_transport::unix_socket},
        {"http+unix:///var/run/a.sock", "unix:///var/run/a.sock", endpoint_transport::unix_socket},
        {"  tcp://127.0.0.1:0\n", "tcp://127.0.0.1:0", endpoint_transport::tcp},
    };
    for (const auto& c : cases)
    {
        BOOST_TEST_CONTEXT("input " << c.in)
        {
            auto e = endpoint::parse(c.in);
            BOOST_TEST(e.to_string() == c.canonical);
            BOOST_TEST((e.transport() == c.t));
            // canonical form round-trips
            BOOST_TEST((endpoint::parse(e.to_string()) == e));
        }
    }
}

BOOST_AUTO_TEST_CASE(parts_urls_and_hosts_for_beast)
{
    auto v6 = endpoint::parse("ssl://[::1]:8530");
    BOOST_TEST(v6.host() == "::1");
    BOOST_TEST(v6.port() == 8530);
    BOOST_TEST(v6.is_ipv6());
    BOOST_TEST(v6.uses_tls());
    BOOST_TEST(v6.host_header() == "[::1]:8530");
    BOOST_TEST(v6.url("/_api/version") == "https://[::1]:8530/_api/version");
    BOOST_TEST(v6.service() == "8530");

    auto def = endpoint{};
    BOOST_TEST(def.to_string() == "tcp://127.0.0.1:8529");
    BOOST_TEST(def.is_ip_literal());
    BOOST_TEST(!endpoint::parse("tcp://localhost").is_ip_literal());

    auto u = endpoint::parse("unix:///tmp/s");
    BOOST_TEST(u.path() == "/tmp/s");
    BOOST_TEST(u.host_header() == "localhost");
    BOOST_TEST(u.url("/x") == "http://localhost/x");
}

BOOST_AUTO_TEST_CASE(malformed_endpoints_fail_with_invalid_endpoint_and_a_reason)
{
    struct case_t
    {
        const char* in;
        const char* reason;
    };
    const case_t cases[] = {
        {"", "empty"},
        {"127.0.0.1:8529", "missing scheme"},
        {"ftp://h:1", "unknown scheme 'ftp'"},
        {"vst+tcp://h:1", "not supported"},
        {"tcp://", "missing host"},
        {"tcp://:8529", "missing host"},
        {"tcp://h:", "missing port"},
        {"tcp://h:99999", "port out of range"},
        {"tcp://h:123456", "port out of range"},
        {"tcp://h:12a", "not a number"},
        {"tcp://::1:8529", "brackets"},
        {"tcp://[::1", "unterminated"},
        {"tcp://[::g]:1", "invalid IPv6"},
        {"tcp://[::1]x", "unexpected characters"},
        {"tcp://h/path", "unexpected path"},
        {"tcp://user@h:1", "unexpected path"},
        {"tcp://bad_host!:1", "invalid host name"},
        {"unix://", "empty Unix socket path"},
    };
    for (const auto& c : cases)
    {
        BOOST_TEST_CONTEXT("input '" << c.in << "'")
        {
            std::string why;
            BOOST_TEST(!endpoint::try_parse(c.in, &why).has_value());
            BOOST_TEST(why.find(c.reason) != std::string::npos, "reason was: " << why);
            BOOST_TEST(why.find("invalid endpoint") == 0u);
            try
            {
                endpoint::parse(c.in);
                BOOST_FAIL("parse accepted " << c.in);
            }
            catch (const boost::system::system_error& e)
            {
                BOOST_TEST((e.code() == errc::invalid_endpoint));
                BOOST_TEST(std::string(e.what()).find(c.reason) != std::string::npos);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(clients_cannot_connect_to_wildcards_or_port_zero)
{
    BOOST_TEST(
        endpoint::parse("tcp://0.0.0.0:8529").check_connectable().find("servers binding") != std::string::npos
    );
    BOOST_TEST(
        endpoint::parse("tcp://[::]:8529").check_connectable().find("servers binding") != std::string::npos
    );
    BOOST_TEST(!endpoint::parse("tcp://127.0.0.1:0").check_connectable().empty());
    BOOST_TEST(endpoint::parse("tcp://127.0.0.1:1").check_connectable().empty());
    BOOST_TEST(endpoint::parse("unix:///tmp/x").check_connectable().empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(auth)

BOOST_AUTO_TEST_CASE(base64_matches_rfc4648_vectors)
{
    const std::pair<const char*, const char*> v[] = {
        {"", ""},
        {"f", "Zg=="},
        {"fo", "Zm8="},
        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="},
        {"foobar", "Zm9vYmFy"},
    };
    for (auto [plain, enc] : v)
    {
        BOOST_TEST(base64_encode(plain) == enc);
        BOOST_TEST(base64_decode(enc).value() == plain);
        std::string url = enc;
        while (!url.empty() && url.back() == '=')
            url.pop_back();
        BOOST_TEST(base64url_encode(plain) == url);
        BOOST_TEST(base64url_decode(url).value() == plain);
    }
    BOOST_TEST(base64url_encode("\xfb\xff") == "-_8");
    BOOST_TEST(base64_encode("\xfb\xff") == "+/8=");
    // strictness
    BOOST_TEST(!base64url_decode("Zg=a").has_value());
    BOOST_TEST(!base64url_decode("Z").has_value());
    BOOST_TEST(!base64url_decode("Zh").has_value()); // non-zero trailing bits
    BOOST_TEST(!base64url_decode("+/8").has_value());
    BOOST_TEST(!base64_decode("Zg===").has_value());
    credentials rootpw{.username = "root", .password = "pw"};
    BOOST_TEST(rootpw.basic_authorization() == "Basic cm9vdDpwdw==");
}

BOOST_AUTO_TEST_CASE(superuser_token_has_arangodb_shape_and_signature)
{
    superuser_token_options o;
    o.server_id = "srv";
    o.now = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    o.lifetime = std::chrono::seconds(3600);
    std::string t = make_superuser_jwt("s3cret", o);

    auto dot1 = t.find('.');
    auto dot2 = t.rfind('.');
    BOOST_TEST(base64url_decode(t.substr(0, dot1)).value() == R"({"alg":"HS256","typ":"JWT"})");
    auto payload = json::parse(base64url_decode(t.substr(dot1 + 1, dot2 - dot1 - 1)).value()).as_object();
    BOOST_TEST(payload.at("iss").as_string() == "arangodb");
    BOOST_TEST(payload.at("server_id").as_string() == "srv");
    BOOST_TEST(payload.at("iat").as_int64() == 1700000000);
    BOOST_TEST(payload.at("exp").as_int64() == 1700003600);
    // independent signature: HMAC over "header.payload" with the raw secret
    BOOST_TEST(base64url_decode(t.substr(dot2 + 1)).value() == hmac_sha256("s3cret", t.substr(0, dot2)));

    auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1700000100));
    std::string why;
    auto c = verify_jwt(t, "s3cret", &why, now);
    BOOST_TEST_REQUIRE(c.has_value(), why);
    BOOST_TEST(c->is_superuser());
    BOOST_TEST(!verify_jwt(t, "other", &why, now).has_value());
    BOOST_TEST(why.find("signature") != std::string::npos);
    BOOST_TEST(!verify_jwt(t, "s3cret", &why, now + std::chrono::hours(2)).has_value());
    BOOST_TEST(why.find("expired") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(known_token_vector_verifies)
{
    // Computed independently (Python hmac/hashlib) for secret "secret".
    const char* t = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJhcmFuZ29kYiIsInNlcnZlcl9pZCI6IngifQ."
                    "GlDN5NBSwqDYJPa_Oob6H7eogdd7Ni7zyb8aG-EXtIE";
    superuser_token_options o;
    o.server_id = "x";
    o.issued_at = false;
    BOOST_TEST(make_superuser_jwt("secret", o) == t);
    BOOST_TEST(verify_jwt(t, "secret").has_value());
}

BOOST_AUTO_TEST_CASE(tampered_and_malformed_tokens_are_rejected_without_throwing)
{
    std::string good = make_superuser_jwt("k");
    std::string why;
    // alg none / other algorithms
    std::string none = base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." +
                       base64url_encode(R"({"iss":"arangodb","server_id":"x"})") + ".";
    BOOST_TEST(!verify_jwt(none, "k", &why).has_value());
    std::string hs512 = base64url_encode(R"({"alg":"HS512"})") + "." + base64url_encode("{}") + ".AAAA";
    BOOST_TEST(!verify_jwt(hs512, "k", &why).has_value());
    BOOST_TEST(why.find("HS256") != std::string::npos);
    // payload swapped, signature kept
    auto d1 = good.find('.');
    auto d2 = good.rfind('.');
    std::string forged = good.substr(0, d1) + "." +
                         base64url_encode(R"({"iss":"arangodb","server_id":"evil"})") + good.substr(d2);
    BOOST_TEST(!verify_jwt(forged, "k", &why).has_value());
    // non-integer exp
    json::object p;
    p["exp"] = "tomorrow";
    BOOST_TEST(!verify_jwt(make_jwt("k", p), "k", &why).has_value());
    // garbage of all kinds
    for (std::string g :
         {"", ".", "..", "a.b.c", "a.b", "a.b.c.d", "!!.!!.!!", "e30.e30.", "e30..x", "W10.e30.AA"})
        BOOST_TEST(!verify_jwt(g, "k", &why).has_value(), "accepted '" << g << "'");
    // decode without verification still works on good tokens
    BOOST_TEST(decode_jwt(good).has_value());
    // A deterministic pseudo-random mutation sweep must never throw.
    std::uint32_t x = 12345;
    for (int i = 0; i < 2000; ++i)
    {
        std::string m = good;
        x = x * 1103515245 + 12345;
        m[x % m.size()] = static_cast<char>((x >> 8) & 0xFF);
        BOOST_CHECK_NO_THROW(verify_jwt(m, "k"));
    }
}

BOOST_AUTO_TEST_CASE(keyfile_is_mode_0600_and_trimmed_on_read)
{
    test::temp_dir dir;
    auto f = dir.path() / "secret";
    std::string secret = random_secret();
    BOOST_TEST(secret.size() == 64u);
    BOOST_TEST(secret != random_secret());
    write_secret_keyfile(f, secret + "\n");
    struct stat st
    {
    };
    BOOST_TEST_REQUIRE(::stat(f.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
    BOOST_TEST(read_secret_keyfile(f) == secret);
    // an existing world-readable file is tightened on rewrite
    ::chmod(f.c_str(), 0644);
    write_secret_keyfile(f, "  other\t\n");
    BOOST_TEST_REQUIRE(::stat(f.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
    BOOST_TEST(read_secret_keyfile(f) == "other");
    credentials c;
    c.jwt_secret_keyfile = f;
    BOOST_TEST((c.kind() == auth_kind::superuser_jwt));
    BOOST_TEST(c.resolve_secret() == "other");
    BOOST_TEST(c.describe().find("other") == std::string::npos);
    BOOST_CHECK_THROW(read_secret_keyfile(dir.path() / "missing"), boost::system::system_error);
}

BOOST_AUTO_TEST_CASE(credential_kinds_follow_the_tools_precedence)
{
    credentials c;
    BOOST_TEST((c.kind() == auth_kind::basic));
    c.fetch_user_token = true;
    BOOST_TEST((c.kind() == auth_kind::user_jwt));
    c.jwt_secret = "s";
    BOOST_TEST((c.kind() == auth_kind::superuser_jwt));
    c.jwt_token = "t";
    BOOST_TEST((c.kind() == auth_kind::bearer_token));
    c.authentication = false;
    BOOST_TEST((c.kind() == auth_kind::none));
    credentials p{.username = "u", .password = "hunter2"};
    BOOST_TEST(p.describe().find("hunter2") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(http_sans_io)

BOOST_AUTO_TEST_CASE(arango_error_bodies_are_parsed)
{
    auto e = arango_error::from_body(
        404, R"({"error":true,"code":404,"errorNum":1203,"errorMessage":"collection or view not found"})"
    );
    BOOST_TEST_REQUIRE(e.has_value());
    BOOST_TEST(e->http_status == 404u);
    BOOST_TEST(e->error_num == 1203);
    BOOST_TEST(e->message == "collection or view not found");
    BOOST_TEST(e->describe().find("errorNum 1203") != std::string::npos);
    BOOST_TEST(!arango_error::from_body(200, R"({"error":false})").has_value());
    BOOST_TEST(!arango_error::from_body(500, "<html>").has_value());
}

BOOST_AUTO_TEST_CASE(retry_classification)
{
    namespace ae = boost::asio::error;
    using detail::attempt_stage;
    BOOST_TEST(detail::should_retry(ae::connection_refused, attempt_stage::connect, false, false));
    BOOST_TEST(detail::should_retry(
        error_code(ENOENT, boost::system::system_category()), attempt_stage::connect, false, false
    ));
    BOOST_TEST(!detail::should_retry(ae::host_not_found, attempt_stage::connect, true, false));
    BOOST_TEST(detail::should_retry(ae::eof, attempt_stage::exchange, true, false));
    BOOST_TEST(!detail::should_retry(ae::eof, attempt_stage::exchange, false, false)); // POST already sent
    BOOST_TEST(detail::should_retry(ae::eof, attempt_stage::exchange, false, true));   // stale keep-alive
    BOOST_TEST(!detail::should_retry(
        boost::asio::ssl::error::unspecified_system_error, attempt_stage::connect, true, false
    ));
    BOOST_TEST(detail::status_is_retryable(503));
    BOOST_TEST(!detail::status_is_retryable(500));
    retry_policy p;
    BOOST_TEST(detail::backoff_delay(p, 1).count() == 50);
    BOOST_TEST(detail::backoff_delay(p, 3).count() == 200);
    BOOST_TEST(detail::backoff_delay(p, 30).count() == 1000);
}

BOOST_AUTO_TEST_CASE(shard_sync_requires_same_leader_and_followers)
{
    auto in_sync = json::parse(R"({"c":{"Plan":{"s1":{"leader":"DB1","followers":["DB2","DB3"]}},
                                       "Current":{"s1":{"leader":"DB1","followers":["DB3","DB2"]}}}})");
    BOOST_TEST(detail::shards_in_sync(in_sync));
    auto lagging = json::parse(R"({"c":{"Plan":{"s1":{"leader":"DB1","followers":["DB2"]}},
                                       "Current":{"s1":{"leader":"DB1","followers":[]}}}})");
    std::string why;
    BOOST_TEST(!detail::shards_in_sync(lagging, &why));
    BOOST_TEST(why.find("s1") != std::string::npos);
    auto missing = json::parse(R"({"c":{"Plan":{"s1":{"leader":"DB1","followers":[]}},"Current":{}}})");
    BOOST_TEST(!detail::shards_in_sync(missing));
    BOOST_TEST(detail::shards_in_sync(json::parse("{}")));
    BOOST_TEST(!detail::shards_in_sync(json::parse("[]")));
}

BOOST_AUTO_TEST_SUITE_END()
