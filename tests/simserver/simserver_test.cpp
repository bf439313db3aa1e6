// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// Tests for the arangosim server binary: every test starts the real binary on port 0 with a temporary data
// directory, talks HTTP(S) to it with a tiny synchronous Beast client and stops it again.
#define BOOST_TEST_MODULE simserver
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "test_paths.hpp"
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <openssl/hmac.h>
#include <optional>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

const std::string sim_binary = arangokit::test::sim_bin_dir() + "/arangosim";

// ------------------------------------------------------------------------------------------------ helpers

struct temp_dir
{
    fs::path path;
    temp_dir()
    {
        std::string tmpl = (fs::temp_directory_path() / "arangosim-test-XXXXXX").string();
        BOOST_REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        path = tmpl;
    }
    ~temp_dir()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
};

std::string read_text(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// One arangosim child. The destructor always stops and reaps it (SIGTERM, then SIGKILL after 20 s).
class sim_process
{
  public:
    sim_process(
        const fs::path& dir, std::vector<std::string> args, std::map<std::string, std::string> env = {}
    )
        : dir_(dir)
    {
        fs::create_directories(dir_);
        endpoint_file_ = dir_ / ("endpoints-" + std::to_string(++counter_));
        std::error_code ec;
        fs::remove(endpoint_file_, ec);
        std::vector<std::string> argv{sim_binary, "--endpoint-file", endpoint_file_.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        std::string out = (dir_ / "stdout.txt").string();
        std::string err = (dir_ / "stderr.txt").string();
        pid_ = ::fork();
        BOOST_REQUIRE(pid_ >= 0);
        if (pid_ == 0)
        {
            rlimit no_core{0, 0};
            ::setrlimit(RLIMIT_CORE, &no_core); // crash_after aborts on purpose
            int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            ::dup2(o, 1);
            ::dup2(e, 2);
            for (auto& [k, v] : env)
                ::setenv(k.c_str(), v.c_str(), 1);
            std::vector<char*> cargv;
            for (auto& a : argv)
                cargv.push_back(a.data());
            cargv.push_back(nullptr);
            ::execv(cargv[0], cargv.data());
            ::_exit(127);
        }
        auto until = std::chrono::steady_clock::now() + 30s;
        while (std::chrono::steady_clock::now() < until)
        {
            if (fs::exists(endpoint_file_))
            {
                std::istringstream in(read_text(endpoint_file_));
                for (std::string line; std::getline(in, line);)
                    if (!line.empty())
                        endpoints_.push_back(line);
                if (!endpoints_.empty())
                    return;
            }
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_)
            {
                pid_ = -1;
                BOOST_FAIL("arangosim exited during startup: " << read_text(dir_ / "stderr.txt"));
            }
            std::this_thread::sleep_for(20ms);
        }
        BOOST_FAIL("arangosim did not write its endpoint file within 30 s");
    }

    ~sim_process()
    {
        if (pid_ > 0)
            stop();
    }

    sim_process(const sim_process&) = delete;
    sim_process& operator=(const sim_process&) = delete;

    const std::vector<std::string>& endpoints() const { return endpoints_; }
    const std::string& endpoint(std::size_t i = 0) const { return endpoints_.at(i); }
    pid_t pid() const { return pid_; }
    std::string stdout_text() const { return read_text(dir_ / "stdout.txt"); }

    // Sends `sig` (unless 0) and waits up to `cap` for the exit; returns the raw wait status.
    int stop(int sig = SIGTERM, std::chrono::seconds cap = 20s)
    {
        if (pid_ <= 0)
            return last_status_;
        if (sig)
            ::kill(pid_, sig);
        auto until = std::chrono::steady_clock::now() + cap;
        int status = 0;
        while (std::chrono::steady_clock::now() < until)
        {
            if (::waitpid(pid_, &status, WNOHANG) == pid_)
            {
                pid_ = -1;
                last_status_ = status;
                return status;
            }
            std::this_thread::sleep_for(10ms);
        }
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        last_status_ = status;
        BOOST_ERROR("arangosim did not exit within the cap; killed");
        return status;
    }

    // Waits (without signalling) for an exit the test caused, e.g. crash_after or /_admin/shutdown.
    int wait_exit(std::chrono::seconds cap = 20s) { return stop(0, cap); }

  private:
    static inline int counter_ = 0;
    fs::path dir_;
    fs::path endpoint_file_;
    pid_t pid_ = -1;
    int last_status_ = 0;
    std::vector<std::string> endpoints_;
};

struct reply
{
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers; // lower-case names

    json::value json() const { return json::parse(body); }
    json::object obj() const { return json::parse(body).as_object(); }
    std::string header(const std::string& k) const
    {
        auto it = headers.find(k);
        return it == headers.end() ? std::string() : it->second;
    }
};

struct parsed_ep
{
    bool tls;
    std::string host, port;
};

parsed_ep parse_ep(const std::string& ep)
{
    auto p = ep.find("://");
    BOOST_REQUIRE(p != std::string::npos);
    std::string scheme = ep.substr(0, p);
    std::string rest = ep.substr(p + 3);
    auto c = rest.rfind(':');
    return {scheme == "ssl", rest.substr(0, c), rest.substr(c + 1)};
}

void set_timeouts(tcp::socket& s)
{
    timeval tv{30, 0}; // a hung server turns into a failed test instead of a hung suite
    ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(s.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

template <class Stream> reply exchange(Stream& stream, http::request<http::string_body>& req)
{
    http::write(stream, req);
    beast::flat_buffer buf;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1u << 30);
    if (req.method() == http::verb::head)
        parser.skip(true);
    http::read(stream, buf, parser);
    auto& res = parser.get();
    reply r;
    r.status = static_cast<int>(res.result_int());
    r.body = res.body();
    for (auto& f : res)
    {
        std::string name(f.name_string());
        for (auto& ch : name)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        r.headers[name] = std::string(f.value());
    }
    return r;
}

// One request on a fresh connection. Throws beast::system_error on transport failures.
reply call(
    const std::string& endpoint,
    http::verb method,
    const std::string& target,
    const std::string& body = "",
    const std::map<std::string, std::string>& headers = {}
)
{
    parsed_ep ep = parse_ep(endpoint);
    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    auto results = resolver.resolve(ep.host, ep.port);
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, ep.host);
    for (auto& [k, v] : headers)
        req.set(k, v);
    if (!body.empty() || method == http::verb::post || method == http::verb::put ||
        method == http::verb::patch)
    {
        req.body() = body;
        req.prepare_payload();
    }
    if (ep.tls)
    {
        asio::ssl::context ctx(asio::ssl::context::tls_client);
        ctx.set_verify_mode(asio::ssl::verify_none); // self-signed test certificate
        beast::ssl_stream<tcp::socket> stream(ioc, ctx);
        asio::connect(stream.next_layer(), results);
        set_timeouts(stream.next_layer());
        stream.handshake(asio::ssl::stream_base::client);
        return exchange(stream, req);
    }
    tcp::socket sock(ioc);
    asio::connect(sock, results);
    set_timeouts(sock);
    return exchange(sock, req);
}

reply get(const std::string& ep, const std::string& target, const std::map<std::string, std::string>& h = {})
{
    return call(ep, http::verb::get, target, "", h);
}
reply post(
    const std::string& ep,
    const std::string& target,
    const std::string& body,
    const std::map<std::string, std::string>& h = {}
)
{
    return call(ep, http::verb::post, target, body, h);
}
reply put(const std::string& ep, const std::string& target, const std::string& body)
{
    return call(ep, http::verb::put, target, body);
}
reply del(const std::string& ep, const std::string& target)
{
    return call(ep, http::verb::delete_, target);
}

void check_error(const reply& r, int http, int num)
{
    BOOST_TEST_CONTEXT("status " << r.status << " body " << r.body)
    {
        BOOST_TEST(r.status == http);
        auto o = r.obj();
        BOOST_TEST(o.at("error").as_bool());
        BOOST_TEST(o.at("code").to_number<int>() == http);
        BOOST_TEST(o.at("errorNum").to_number<int>() == num);
        BOOST_TEST(o.at("errorMessage").is_string());
    }
}

std::string b64url(std::string_view in)
{
    static constexpr char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3)
    {
        unsigned v = (std::uint8_t(in[i]) << 16) | (std::uint8_t(in[i + 1]) << 8) | std::uint8_t(in[i + 2]);
        out += {a[(v >> 18) & 63], a[(v >> 12) & 63], a[(v >> 6) & 63], a[v & 63]};
    }
    if (in.size() - i == 1)
    {
        unsigned v = std::uint8_t(in[i]) << 16;
        out += {a[(v >> 18) & 63], a[(v >> 12) & 63]};
    }
    else if (in.size() - i == 2)
    {
        unsigned v = (std::uint8_t(in[i]) << 16) | (std::uint8_t(in[i + 1]) << 8);
        out += {a[(v >> 18) & 63], a[(v >> 12) & 63], a[(v >> 6) & 63]};
    }
    return out;
}

std::string hs256_jwt(const std::string& secret, const std::string& payload)
{
    std::string signing = b64url(R"({"alg":"HS256","typ":"JWT"})") + "." + b64url(payload);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(
        EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
        reinterpret_cast<const unsigned char*>(signing.data()), signing.size(), md, &len
    );
    return signing + "." + b64url(std::string_view(reinterpret_cast<char*>(md), len));
}

std::string basic(const std::string& user, const std::string& pw)
{
    static constexpr char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string in = user + ":" + pw, out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3)
    {
        unsigned v = (std::uint8_t(in[i]) << 16) | (std::uint8_t(in[i + 1]) << 8) | std::uint8_t(in[i + 2]);
        out += {a[(v >> 18) & 63], a[(v >> 12) & 63], a[(v >> 6) & 63], a[v & 63]};
    }
    if (in.size() - i == 1)
    {
        unsigned v = std::uint8_t(in[i]) << 16;
        out += {a[(v >> 18) & 63], a[(v >> 12) & 63], '=', '='};
    }
    else if (in.size() - i == 2)
    {
        unsigned v = (std::uint8_t(in[i]) << 16) | (std::uint8_t(in[i + 1]) << 8);
        out += {a[(v >> 18) & 63], a[(v >> 12) & 63], a[(v >> 6) & 63], '='};
    }
    return "Basic " + out;
}

bool process_gone(pid_t pid)
{
    return ::kill(pid, 0) == -1 && errno == ESRCH;
}

struct single_server
{
    temp_dir tmp;
    sim_process sim{tmp.path, {"--data-dir", (tmp.path / "data").string()}};
    const std::string& ep() const { return sim.endpoint(); }
};

} // namespace

// ================================================================================================== tests

BOOST_AUTO_TEST_SUITE(basics)

BOOST_AUTO_TEST_CASE(ready_line_and_endpoint_file_name_the_bound_port)
{
    temp_dir tmp;
    sim_process sim(tmp.path, {"--data-dir", (tmp.path / "data").string(), "--version-string", "3.11.7"});
    BOOST_TEST(sim.endpoint().rfind("tcp://127.0.0.1:", 0) == 0);
    BOOST_TEST(sim.endpoint() != "tcp://127.0.0.1:0");
    // The endpoint file and the ready line are written one after the other: on a loaded machine the test may
    // read stdout in between, so give the line a moment.
    std::string ready = "arangosim ready " + sim.endpoint();
    for (int i = 0; i < 250 && sim.stdout_text().find(ready) == std::string::npos; ++i)
        std::this_thread::sleep_for(20ms);
    BOOST_TEST(sim.stdout_text().find(ready) != std::string::npos);

    auto v = get(sim.endpoint(), "/_api/version");
    BOOST_TEST(v.status == 200);
    BOOST_TEST(v.obj().at("server") == "arango");
    BOOST_TEST(v.obj().at("version") == "3.11.7");
    BOOST_TEST(v.obj().at("license") == "community");
    BOOST_TEST(!v.obj().contains("details"));
    auto d = get(sim.endpoint(), "/_api/version?details=true");
    BOOST_TEST(d.obj().at("details").at("role") == "SINGLE");
    auto a = get(sim.endpoint(), "/_admin/server/availability");
    BOOST_TEST(a.status == 200);
}

BOOST_AUTO_TEST_CASE(unknown_paths_and_bad_json_get_arango_error_bodies)
{
    single_server s;
    check_error(get(s.ep(), "/_api/nothing-here"), 404, 404);
    check_error(post(s.ep(), "/_api/collection", "{not json"), 400, 600);
    check_error(get(s.ep(), "/_db/nope/_api/version"), 404, 1228);
}

BOOST_AUTO_TEST_CASE(database_lifecycle)
{
    single_server s;
    BOOST_TEST(post(s.ep(), "/_api/database", R"({"name":"shop"})").status == 201);
    check_error(post(s.ep(), "/_api/database", R"({"name":"shop"})"), 409, 1207);
    check_error(post(s.ep(), "/_api/database", R"({"name":"1bad/name"})"), 400, 1229);

    auto list = get(s.ep(), "/_api/database").obj().at("result").as_array();
    BOOST_TEST(list.size() == 2u);
    BOOST_TEST((std::find(list.begin(), list.end(), json::value("shop")) != list.end()));
    BOOST_TEST(get(s.ep(), "/_api/database/user").obj().at("result").as_array().size() == 2u);
    auto cur = get(s.ep(), "/_db/shop/_api/database/current").obj().at("result");
    BOOST_TEST(cur.at("name") == "shop");
    BOOST_TEST(cur.at("isSystem") == false);

    BOOST_TEST(del(s.ep(), "/_api/database/shop").status == 200);
    check_error(get(s.ep(), "/_db/shop/_api/collection"), 404, 1228);
    check_error(del(s.ep(), "/_api/database/shop"), 404, 1228);
}

BOOST_AUTO_TEST_CASE(collection_lifecycle)
{
    single_server s;
    auto c = post(s.ep(), "/_api/collection", R"({"name":"people","waitForSync":true})");
    BOOST_TEST(c.status == 200);
    BOOST_TEST(c.obj().at("type").to_number<int>() == 2);
    BOOST_TEST(c.obj().at("waitForSync") == true);
    BOOST_TEST(
        post(s.ep(), "/_api/collection", R"({"name":"knows","type":3})").obj().at("type").to_number<int>() ==
        3
    );
    check_error(post(s.ep(), "/_api/collection", R"({"name":"people"})"), 409, 1207);
    check_error(post(s.ep(), "/_api/collection", R"({"name":"bad name"})"), 400, 1208);

    auto all = get(s.ep(), "/_api/collection").obj().at("result").as_array();
    auto user = get(s.ep(), "/_api/collection?excludeSystem=true").obj().at("result").as_array();
    BOOST_TEST(user.size() == 2u);
    BOOST_TEST(all.size() > user.size()); // _graphs
    for (auto& e : user)
    {
        BOOST_TEST(e.as_object().contains("globallyUniqueId"));
        BOOST_TEST(e.at("isSystem") == false);
        BOOST_TEST(e.at("status").to_number<int>() == 3);
    }
    BOOST_TEST(get(s.ep(), "/_api/collection/people").obj().at("name") == "people");
    BOOST_TEST(
        get(s.ep(), "/_api/collection/people/properties").obj().at("keyOptions").at("type") == "traditional"
    );
    post(s.ep(), "/_api/document/people", R"([{"a":1},{"a":2}])");
    BOOST_TEST(get(s.ep(), "/_api/collection/people/count").obj().at("count").to_number<int>() == 2);
    BOOST_TEST(put(s.ep(), "/_api/collection/people/truncate", "").status == 200);
    BOOST_TEST(get(s.ep(), "/_api/collection/people/count").obj().at("count").to_number<int>() == 0);
    BOOST_TEST(del(s.ep(), "/_api/collection/people").status == 200);
    check_error(get(s.ep(), "/_api/collection/people"), 404, 1203);
    check_error(del(s.ep(), "/_api/collection/people"), 404, 1203);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(documents)

BOOST_AUTO_TEST_CASE(crud_with_revisions_and_etags)
{
    single_server s;
    post(s.ep(), "/_api/collection", R"({"name":"c"})");
    auto ins = post(s.ep(), "/_api/document/c?returnNew=true", R"({"_key":"k1","a":{"x":1},"b":2})");
    BOOST_TEST(ins.status == 202);
    auto rev1 = std::string(ins.obj().at("_rev").as_string());
    BOOST_TEST(ins.obj().at("_id") == "c/k1");
    BOOST_TEST(ins.obj().at("new").at("b").to_number<int>() == 2);

    auto g = get(s.ep(), "/_api/document/c/k1");
    BOOST_TEST(g.status == 200);
    BOOST_TEST(g.header("etag") == "\"" + rev1 + "\"");
    BOOST_TEST(get(s.ep(), "/_api/document/c/k1", {{"If-None-Match", "\"" + rev1 + "\""}}).status == 304);
    auto pre = get(s.ep(), "/_api/document/c/k1", {{"If-Match", "\"nope\""}});
    check_error(pre, 412, 1200);
    auto head = call(s.ep(), http::verb::head, "/_api/document/c/k1");
    BOOST_TEST(head.status == 200);
    BOOST_TEST(head.body.empty());

    check_error(post(s.ep(), "/_api/document/c", R"({"_key":"k1"})"), 409, 1210);
    auto patch = call(s.ep(), http::verb::patch, "/_api/document/c/k1", R"({"a":{"y":2},"c":3})");
    BOOST_TEST(patch.status == 202);
    BOOST_TEST(patch.obj().at("_oldRev").as_string() == rev1);
    auto after_patch = get(s.ep(), "/_api/document/c/k1").obj();
    BOOST_TEST(after_patch.at("a").at("x").to_number<int>() == 1); // merged, not replaced
    BOOST_TEST(after_patch.at("a").at("y").to_number<int>() == 2);
    BOOST_TEST(after_patch.at("b").to_number<int>() == 2);
    BOOST_TEST(after_patch.at("_rev").as_string() != rev1);

    BOOST_TEST(put(s.ep(), "/_api/document/c/k1", R"({"only":true})").status == 202);
    auto replaced = get(s.ep(), "/_api/document/c/k1").obj();
    BOOST_TEST(!replaced.contains("b"));
    BOOST_TEST(replaced.at("only") == true);

    BOOST_TEST(del(s.ep(), "/_api/document/c/k1").status == 202);
    check_error(get(s.ep(), "/_api/document/c/k1"), 404, 1202);
    check_error(post(s.ep(), "/_api/document/missing", "{}"), 404, 1203);
}

BOOST_AUTO_TEST_CASE(overwrite_modes_and_arrays)
{
    single_server s;
    post(s.ep(), "/_api/collection", R"({"name":"c"})");
    post(s.ep(), "/_api/document/c", R"({"_key":"a","v":1,"keep":true})");
    BOOST_TEST(post(s.ep(), "/_api/document/c?overwriteMode=ignore", R"({"_key":"a","v":2})").status == 202);
    BOOST_TEST(get(s.ep(), "/_api/document/c/a").obj().at("v").to_number<int>() == 1);
    post(s.ep(), "/_api/document/c?overwriteMode=update", R"({"_key":"a","v":3})");
    auto upd = get(s.ep(), "/_api/document/c/a").obj();
    BOOST_TEST(upd.at("v").to_number<int>() == 3);
    BOOST_TEST(upd.contains("keep"));
    post(s.ep(), "/_api/document/c?overwrite=true", R"({"_key":"a","v":4})");
    auto rep = get(s.ep(), "/_api/document/c/a").obj();
    BOOST_TEST(rep.at("v").to_number<int>() == 4);
    BOOST_TEST(!rep.contains("keep"));
    check_error(post(s.ep(), "/_api/document/c?overwriteMode=conflict", R"({"_key":"a"})"), 409, 1210);

    auto arr = post(s.ep(), "/_api/document/c", R"([{"_key":"b"},{"_key":"a"},{}])");
    BOOST_TEST(arr.status == 202);
    auto items = arr.json().as_array();
    BOOST_TEST(items.size() == 3u);
    BOOST_TEST(items[0].at("_key") == "b");
    BOOST_TEST(items[1].at("error") == true);
    BOOST_TEST(items[1].at("errorNum").to_number<int>() == 1210);
    BOOST_TEST(items[2].as_object().contains("_key"));
    BOOST_TEST(arr.header("x-arango-error-codes") == R"({"1210":1})");

    post(s.ep(), "/_api/collection", R"({"name":"e","type":3})");
    check_error(post(s.ep(), "/_api/document/e", R"({"x":1})"), 400, 1233);
    BOOST_TEST(post(s.ep(), "/_api/document/e", R"({"_from":"c/a","_to":"c/b"})").status == 202);
}

BOOST_AUTO_TEST_CASE(import_reports_counts)
{
    single_server s;
    post(s.ep(), "/_api/collection", R"({"name":"c"})");
    post(s.ep(), "/_api/document/c", R"({"_key":"dup","v":0})");
    std::string lines = "{\"_key\":\"a\",\"v\":1}\n\n{\"_key\":\"dup\",\"v\":1}\nnot json\n{\"v\":5}\n";
    auto r = post(s.ep(), "/_api/import?collection=c&type=documents&details=true", lines);
    BOOST_TEST(r.status == 201);
    auto o = r.obj();
    BOOST_TEST(o.at("error") == false);
    BOOST_TEST(o.at("created").to_number<int>() == 2);
    BOOST_TEST(o.at("errors").to_number<int>() == 2);
    BOOST_TEST(o.at("empty").to_number<int>() == 1);
    BOOST_TEST(o.at("updated").to_number<int>() == 0);
    BOOST_TEST(o.at("ignored").to_number<int>() == 0);
    BOOST_TEST(o.at("details").as_array().size() == 2u);

    auto upd = post(
        s.ep(), "/_api/import?collection=c&type=list&onDuplicate=update",
        R"([{"_key":"dup","w":1},{"_key":"n"}])"
    );
    BOOST_TEST(upd.obj().at("updated").to_number<int>() == 1);
    BOOST_TEST(upd.obj().at("created").to_number<int>() == 1);
    auto merged = get(s.ep(), "/_api/document/c/dup").obj();
    BOOST_TEST(merged.at("v").to_number<int>() == 0); // the failed line 3 did not touch it
    BOOST_TEST(merged.at("w").to_number<int>() == 1); // update merged the new attribute in
    auto ign = post(s.ep(), "/_api/import?collection=c&type=auto&onDuplicate=ignore", "{\"_key\":\"dup\"}\n");
    BOOST_TEST(ign.obj().at("ignored").to_number<int>() == 1);
    auto rep =
        post(s.ep(), "/_api/import?collection=c&type=documents&onDuplicate=replace", "{\"_key\":\"dup\"}\n");
    BOOST_TEST(rep.obj().at("updated").to_number<int>() == 1);
    BOOST_TEST(!get(s.ep(), "/_api/document/c/dup").obj().contains("v"));

    // complete=true: one failure rejects the whole batch and nothing is written.
    int before = get(s.ep(), "/_api/collection/c/count").obj().at("count").to_number<int>();
    auto all_or_nothing = post(
        s.ep(), "/_api/import?collection=c&type=documents&complete=true",
        "{\"_key\":\"new1\"}\n{\"_key\":\"a\"}\n"
    );
    BOOST_TEST(all_or_nothing.status >= 400);
    BOOST_TEST(get(s.ep(), "/_api/collection/c/count").obj().at("count").to_number<int>() == before);
    check_error(get(s.ep(), "/_api/document/c/new1"), 404, 1202);

    // headers + values (what arangoimport sends for CSV), createCollection and overwrite.
    check_error(post(s.ep(), "/_api/import?collection=csv", "[\"_key\",\"n\"]\n[\"x\",1]\n"), 404, 1203);
    auto csv = post(
        s.ep(), "/_api/import?collection=csv&createCollection=true",
        "[\"_key\",\"n\"]\n[\"x\",1]\n[\"y\",2]\n"
    );
    BOOST_TEST(csv.obj().at("created").to_number<int>() == 2);
    BOOST_TEST(get(s.ep(), "/_api/document/csv/y").obj().at("n").to_number<int>() == 2);
    auto ow = post(s.ep(), "/_api/import?collection=csv&type=documents&overwrite=true", "{\"_key\":\"z\"}\n");
    BOOST_TEST(ow.obj().at("created").to_number<int>() == 1);
    BOOST_TEST(get(s.ep(), "/_api/collection/csv/count").obj().at("count").to_number<int>() == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cursors)

BOOST_AUTO_TEST_CASE(cursor_batches_and_continuation)
{
    single_server s;
    post(s.ep(), "/_api/collection", R"({"name":"c"})");
    json::array docs;
    for (int i = 0; i < 25; ++i)
        docs.push_back(json::object{{"_key", "k" + std::to_string(i)}, {"i", i}, {"even", i % 2 == 0}});
    post(s.ep(), "/_api/document/c", json::serialize(docs));

    auto first = post(
        s.ep(), "/_api/cursor",
        R"({"query":"FOR d IN @@c RETURN d","bindVars":{"@c":"c"},"batchSize":10,"count":true})"
    );
    BOOST_TEST(first.status == 201);
    auto o = first.obj();
    BOOST_TEST(o.at("result").as_array().size() == 10u);
    BOOST_TEST(o.at("hasMore") == true);
    BOOST_TEST(o.at("count").to_number<int>() == 25);
    std::string id(o.at("id").as_string());
    auto second = put(s.ep(), "/_api/cursor/" + id, "");
    BOOST_TEST(second.status == 200);
    BOOST_TEST(second.obj().at("result").as_array().size() == 10u);
    BOOST_TEST(second.obj().at("hasMore") == true);
    auto third = post(s.ep(), "/_api/cursor/" + id, "");
    BOOST_TEST(third.obj().at("result").as_array().size() == 5u);
    BOOST_TEST(third.obj().at("hasMore") == false);
    BOOST_TEST(third.obj().at("result").at(4).at("_key") == "k24"); // insertion order
    check_error(put(s.ep(), "/_api/cursor/" + id, ""), 404, 1600);

    auto abandoned = post(s.ep(), "/_api/cursor", R"({"query":"FOR d IN c RETURN d","batchSize":2})").obj();
    std::string id2(abandoned.at("id").as_string());
    BOOST_TEST(del(s.ep(), "/_api/cursor/" + id2).status == 202);
    check_error(put(s.ep(), "/_api/cursor/" + id2, ""), 404, 1600);
}

BOOST_AUTO_TEST_CASE(query_subset_and_parse_errors)
{
    single_server s;
    post(s.ep(), "/_api/collection", R"({"name":"c"})");
    post(s.ep(), "/_api/document/c", R"([{"_key":"a","g":"x"},{"_key":"b","g":"y"},{"_key":"c","g":"x"}])");
    auto q = [&](const std::string& body) { return post(s.ep(), "/_api/cursor", body); };

    BOOST_TEST(q(R"~({"query":"RETURN LENGTH(c)"})~").obj().at("result").at(0).to_number<int>() == 3);
    auto by_key = q(R"({"query":"FOR d IN c FILTER d._key == @key RETURN d","bindVars":{"key":"b"}})").obj();
    BOOST_TEST(by_key.at("result").as_array().size() == 1u);
    BOOST_TEST(by_key.at("result").at(0).at("g") == "y");
    BOOST_TEST(
        q(R"({"query":"FOR d IN c FILTER d._key == 'zz' RETURN d"})").obj().at("result").as_array().empty()
    );
    BOOST_TEST(
        q(R"({"query":"for d in c filter d.g == \"x\" return d"})").obj().at("result").as_array().size() == 2u
    );
    BOOST_TEST(q(R"({"query":"FOR d IN c LIMIT 2 RETURN d"})").obj().at("result").as_array().size() == 2u);
    auto off = q(R"({"query":"FOR d IN c LIMIT 1, 5 RETURN d"})").obj().at("result").as_array();
    BOOST_TEST(off.size() == 2u);
    BOOST_TEST(off.at(0).at("_key") == "b");

    auto sorted = q(R"({"query":"FOR d IN c SORT d.g DESC, d._key RETURN d._key"})").obj().at("result");
    BOOST_TEST(json::serialize(sorted) == R"(["b","a","c"])");
    auto grouped = q(R"({"query":"FOR d IN c COLLECT g = d.g WITH COUNT INTO n RETURN [g, n]"})").obj();
    BOOST_TEST(json::serialize(grouped.at("result")) == R"([["x",2],["y",1]])");
    auto ins = q(R"({"query":"INSERT {_key:'n', g:'z'} INTO c RETURN NEW._key"})").obj();
    BOOST_TEST(ins.at("result").at(0) == "n");
    BOOST_TEST(ins.at("extra").at("stats").at("writesExecuted").to_number<int>() == 1);
    // Outside the interpreter's language: a clear 1501 / 1540, never a guess.
    check_error(q(R"({"query":"FOR v, e IN 1..2 OUTBOUND 'c/a' GRAPH 'g' RETURN v"})"), 400, 1501);
    check_error(q(R"~({"query":"RETURN NO_SUCH_FUNCTION(1)"})~"), 400, 1540);
    check_error(q(R"({"query":"FOR d IN c RETURN"})"), 400, 1501);
    check_error(q(R"({"query":"FOR d IN nope RETURN d"})"), 404, 1203);
    check_error(q(R"({"query":"FOR d IN @@c RETURN d"})"), 400, 1551);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(replication)

BOOST_AUTO_TEST_CASE(inventory_restore_collection_and_restore_data)
{
    single_server s;
    post(s.ep(), "/_api/collection", R"({"name":"src","numberOfShards":3})");
    post(s.ep(), "/_api/document/src", R"([{"_key":"a"},{"_key":"b"}])");

    auto inv = get(s.ep(), "/_api/replication/inventory?includeSystem=false").obj();
    auto& colls = inv.at("collections").as_array();
    BOOST_TEST(colls.size() == 1u);
    BOOST_TEST(colls.at(0).at("parameters").at("name") == "src");
    BOOST_TEST(colls.at(0).at("parameters").at("numberOfShards").to_number<int>() == 3);
    BOOST_TEST(colls.at(0).at("indexes").is_array());
    BOOST_TEST(inv.at("views").as_array().empty());
    BOOST_TEST(inv.at("properties").at("name") == "_system");
    BOOST_TEST(inv.at("state").at("running") == true);
    BOOST_TEST(inv.at("state").at("lastLogTick").is_string());
    BOOST_TEST(inv.at("tick").is_string());
    BOOST_TEST(get(s.ep(), "/_api/replication/inventory").obj().at("collections").as_array().size() > 1u);
    auto global = get(s.ep(), "/_api/replication/inventory?global=true").obj();
    BOOST_TEST(global.at("databases").as_object().contains("_system"));

    post(s.ep(), "/_api/database", R"({"name":"target"})");
    std::string structure = R"({"parameters":{"name":"dst","type":3,"numberOfShards":2,"waitForSync":true},)"
                            R"("indexes":[{"type":"persistent","fields":["x"]}]})";
    BOOST_TEST(put(s.ep(), "/_db/target/_api/replication/restore-collection", structure).status == 200);
    auto props = get(s.ep(), "/_db/target/_api/collection/dst/properties").obj();
    BOOST_TEST(props.at("type").to_number<int>() == 3);
    BOOST_TEST(props.at("numberOfShards").to_number<int>() == 2);
    BOOST_TEST(props.at("waitForSync") == true);
    check_error(put(s.ep(), "/_db/target/_api/replication/restore-collection", structure), 409, 1207);
    BOOST_TEST(
        put(s.ep(), "/_db/target/_api/replication/restore-collection?overwrite=true", structure).status == 200
    );

    std::string data = "{\"_key\":\"e1\",\"_from\":\"v/1\",\"_to\":\"v/2\",\"w\":1}\n"
                       "{\"_key\":\"e2\",\"_from\":\"v/1\",\"_to\":\"v/3\"}\n"
                       "{\"_key\":\"e1\",\"_from\":\"v/1\",\"_to\":\"v/2\",\"w\":2}\n";
    BOOST_TEST(put(s.ep(), "/_db/target/_api/replication/restore-data?collection=dst", data).status == 200);
    BOOST_TEST(get(s.ep(), "/_db/target/_api/collection/dst/count").obj().at("count").to_number<int>() == 2);
    BOOST_TEST(get(s.ep(), "/_db/target/_api/document/dst/e1").obj().at("w").to_number<int>() == 2);
    check_error(put(s.ep(), "/_db/target/_api/replication/restore-data?collection=missing", data), 404, 1203);
    check_error(
        put(s.ep(), "/_db/target/_api/replication/restore-data?collection=dst", "{broken\n"), 400, 600
    );
}

BOOST_AUTO_TEST_CASE(restore_enforces_unique_indexes_and_applies_removal_markers)
{
    single_server s;
    std::string structure =
        R"({"parameters":{"name":"u","type":2},)"
        R"("indexes":[{"id":"77","type":"persistent","fields":["email"],"unique":true,)"
        R"("sparse":false,"name":"by_email"},{"type":"fulltext","fields":["t"],"minLength":2}]})";
    BOOST_TEST(put(s.ep(), "/_api/replication/restore-collection", structure).status == 200);
    auto ix = get(s.ep(), "/_api/index?collection=u").obj().at("indexes").as_array();
    BOOST_TEST(ix.size() == 3u);
    BOOST_TEST(ix.at(1).at("id") == "u/77");
    BOOST_TEST(ix.at(2).at("type") == "fulltext");
    // Envelopes of every generation: {type,data}, {type,key,rev,data}, and 2302 removals keyed by "key".
    std::string data =
        "{\"type\":2300,\"data\":{\"_key\":\"a\",\"email\":\"a@x\"}}\n"
        "{\"type\":2300,\"key\":\"b\",\"rev\":\"_b1\",\"data\":{\"_key\":\"b\",\"_rev\":\"_b1\","
        "\"email\":\"b@x\"}}\n"
        "{\"type\":2302,\"key\":\"a\",\"rev\":\"_a2\"}\n"
        "{\"_key\":\"c\",\"email\":\"a@x\"}\n";
    BOOST_TEST(put(s.ep(), "/_api/replication/restore-data?collection=u", data).status == 200);
    BOOST_TEST(get(s.ep(), "/_api/collection/u/count").obj().at("count").to_number<int>() == 2);
    check_error(get(s.ep(), "/_api/document/u/a"), 404, 1202);
    BOOST_TEST(get(s.ep(), "/_api/document/u/b").obj().at("_rev") == "_b1");
    // A duplicate of a unique value is refused (the lines before it are kept).
    check_error(
        put(s.ep(), "/_api/replication/restore-data?collection=u", "{\"_key\":\"d\",\"email\":\"b@x\"}\n"),
        409, 1210
    );
    BOOST_TEST(post(s.ep(), "/_api/document/u", R"({"email":"c@x","_key":"c2"})").status == 202);
    check_error(post(s.ep(), "/_api/document/u", R"({"email":"c@x"})"), 409, 1210);
}

BOOST_AUTO_TEST_CASE(gharial_graphs)
{
    single_server s;
    auto c = post(
        s.ep(), "/_api/gharial",
        R"({"name":"social","edgeDefinitions":[{"collection":"knows","from":["person"],"to":["person"]}]})"
    );
    BOOST_TEST(c.status == 202);
    BOOST_TEST(c.obj().at("graph").at("name") == "social");
    BOOST_TEST(get(s.ep(), "/_api/collection/knows").obj().at("type").to_number<int>() == 3);
    BOOST_TEST(get(s.ep(), "/_api/collection/person").obj().at("type").to_number<int>() == 2);
    auto list = get(s.ep(), "/_api/gharial").obj().at("graphs").as_array();
    BOOST_TEST(list.size() == 1u);
    BOOST_TEST(list.at(0).at("edgeDefinitions").at(0).at("collection") == "knows");
    BOOST_TEST(get(s.ep(), "/_api/gharial/social").status == 200);
    check_error(get(s.ep(), "/_api/gharial/none"), 404, 1924);
    check_error(post(s.ep(), "/_api/gharial", R"({"name":"social","edgeDefinitions":[]})"), 409, 1925);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(backups)

BOOST_AUTO_TEST_CASE(create_list_restore_delete)
{
    single_server s;
    post(s.ep(), "/_api/collection", R"({"name":"c"})");
    post(s.ep(), "/_api/document/c", R"({"_key":"before"})");

    auto created = post(s.ep(), "/_admin/backup/create", R"({"label":"nightly"})");
    BOOST_TEST(created.status == 201);
    auto res = created.obj().at("result").as_object();
    std::string id(res.at("id").as_string());
    BOOST_TEST(id.size() > 8u);
    BOOST_TEST(id.substr(id.size() - 8) == "_nightly");
    BOOST_TEST(id.find(':') == std::string::npos);
    BOOST_TEST(res.at("potentiallyInconsistent") == false);
    BOOST_TEST(res.at("sizeInBytes").to_number<long>() > 0);
    BOOST_TEST(res.at("nrDBServers").to_number<int>() == 1);
    BOOST_TEST(res.at("datetime").is_string());
    auto unlabelled = post(s.ep(), "/_admin/backup/create", "").obj().at("result").at("id");
    BOOST_TEST(unlabelled.as_string() != id);

    auto list = post(s.ep(), "/_admin/backup/list", "{}").obj().at("result").at("list").as_object();
    BOOST_TEST(list.size() == 2u);
    BOOST_TEST(list.contains(id));
    auto& meta = list.at(id);
    BOOST_TEST(meta.at("available") == true);
    BOOST_TEST(meta.at("nrPiecesPresent").to_number<int>() == 1);
    BOOST_TEST(meta.at("version") == "3.12.4");
    BOOST_TEST(
        post(s.ep(), "/_admin/backup/list", json::serialize(json::object{{"id", id}}))
            .obj()
            .at("result")
            .at("list")
            .as_object()
            .size() == 1u
    );

    // change the state, then restore the snapshot
    post(s.ep(), "/_api/document/c", R"({"_key":"after"})");
    post(s.ep(), "/_api/collection", R"({"name":"later"})");
    BOOST_TEST(
        post(s.ep(), "/_admin/backup/restore", json::serialize(json::object{{"id", id}})).status == 200
    );
    BOOST_TEST(get(s.ep(), "/_api/document/c/before").status == 200);
    check_error(get(s.ep(), "/_api/document/c/after"), 404, 1202);
    check_error(get(s.ep(), "/_api/collection/later"), 404, 1203);

    BOOST_TEST(
        post(s.ep(), "/_admin/backup/delete", json::serialize(json::object{{"id", id}})).status == 200
    );
    BOOST_TEST(
        !post(s.ep(), "/_admin/backup/list", "{}").obj().at("result").at("list").as_object().contains(id)
    );
    check_error(post(s.ep(), "/_admin/backup/restore", json::serialize(json::object{{"id", id}})), 404, 404);
    check_error(post(s.ep(), "/_admin/backup/delete", json::serialize(json::object{{"id", id}})), 404, 404);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(auth)

BOOST_AUTO_TEST_CASE(basic_auth_accepts_right_and_rejects_wrong_credentials)
{
    temp_dir tmp;
    sim_process sim(
        tmp.path, {"--data-dir", (tmp.path / "data").string(), "--auth", "basic", "--user", "admin:s3cret"}
    );
    auto ep = sim.endpoint();
    auto none = get(ep, "/_api/version");
    BOOST_TEST(none.status == 401);
    BOOST_TEST(
        none.body ==
        R"({"error":true,"code":401,"errorNum":11,"errorMessage":"not authorized to execute this request"})"
    );
    check_error(get(ep, "/_api/version", {{"Authorization", basic("admin", "wrong")}}), 401, 11);
    check_error(
        get(ep, "/_api/version", {{"Authorization", basic("root", "")}}), 401, 11
    ); // only --user users
    BOOST_TEST(get(ep, "/_api/version", {{"Authorization", basic("admin", "s3cret")}}).status == 200);
    BOOST_TEST(get(ep, "/_admin/server/availability").status == 200);

    auto tok = post(ep, "/_open/auth", R"({"username":"admin","password":"s3cret"})");
    BOOST_TEST(tok.status == 200);
    std::string jwt(tok.obj().at("jwt").as_string());
    BOOST_TEST(get(ep, "/_api/version", {{"Authorization", "bearer " + jwt}}).status == 200);
    BOOST_TEST(post(ep, "/_open/auth", R"({"username":"admin","password":"nope"})").status == 401);
}

BOOST_AUTO_TEST_CASE(basic_auth_defaults_to_root_with_empty_password)
{
    temp_dir tmp;
    sim_process sim(tmp.path, {"--data-dir", (tmp.path / "data").string(), "--auth", "basic"});
    BOOST_TEST(get(sim.endpoint(), "/_api/version", {{"Authorization", basic("root", "")}}).status == 200);
    BOOST_TEST(get(sim.endpoint(), "/_api/version").status == 401);
}

BOOST_AUTO_TEST_CASE(jwt_superuser_token_signed_with_keyfile)
{
    temp_dir tmp;
    std::ofstream(tmp.path / "secret") << "the-shared-secret\n";
    sim_process sim(
        tmp.path, {"--data-dir", (tmp.path / "data").string(), "--auth", "jwt", "--jwt-secret-keyfile",
                   (tmp.path / "secret").string(), "--user", "root:pw"}
    );
    auto ep = sim.endpoint();
    std::string super = hs256_jwt("the-shared-secret", R"({"iss":"arangodb","server_id":"test"})");
    BOOST_TEST(get(ep, "/_api/version", {{"Authorization", "bearer " + super}}).status == 200);
    std::string user_tok =
        hs256_jwt("the-shared-secret", R"({"iss":"arangodb","preferred_username":"root"})");
    BOOST_TEST(get(ep, "/_api/version", {{"Authorization", "bearer " + user_tok}}).status == 200);
    std::string ghost = hs256_jwt("the-shared-secret", R"({"iss":"arangodb","preferred_username":"ghost"})");
    check_error(get(ep, "/_api/version", {{"Authorization", "bearer " + ghost}}), 401, 11);
    std::string forged = hs256_jwt("another-secret", R"({"iss":"arangodb","server_id":"test"})");
    check_error(get(ep, "/_api/version", {{"Authorization", "bearer " + forged}}), 401, 11);
    std::string expired = hs256_jwt("the-shared-secret", R"({"iss":"arangodb","exp":1000})");
    check_error(get(ep, "/_api/version", {{"Authorization", "bearer " + expired}}), 401, 11);
    BOOST_TEST(get(ep, "/_api/version", {{"Authorization", basic("root", "pw")}}).status == 200);

    auto tok = post(ep, "/_open/auth", R"({"username":"root","password":"pw"})");
    BOOST_TEST(tok.status == 200);
    std::string jwt(tok.obj().at("jwt").as_string());
    BOOST_TEST(get(ep, "/_api/version", {{"Authorization", "bearer " + jwt}}).status == 200);
    // the secret never shows up in what the server prints
    BOOST_TEST(sim.stdout_text().find("the-shared-secret") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cluster)

BOOST_AUTO_TEST_CASE(three_coordinators_share_state)
{
    temp_dir tmp;
    sim_process sim(tmp.path, {"--data-dir", (tmp.path / "data").string(), "--coordinators", "3"});
    BOOST_REQUIRE(sim.endpoints().size() == 3u);
    BOOST_TEST(sim.endpoint(0) != sim.endpoint(1));
    BOOST_TEST(sim.endpoint(1) != sim.endpoint(2));
    BOOST_TEST(
        get(sim.endpoint(1), "/_api/version?details=true").obj().at("details").at("role") == "COORDINATOR"
    );

    BOOST_TEST(post(sim.endpoint(0), "/_api/collection", R"({"name":"c"})").status == 200);
    BOOST_TEST(post(sim.endpoint(0), "/_api/document/c", R"({"_key":"x","v":42})").status == 202);
    BOOST_TEST(get(sim.endpoint(1), "/_api/document/c/x").obj().at("v").to_number<int>() == 42);
    BOOST_TEST(get(sim.endpoint(2), "/_api/collection/c/count").obj().at("count").to_number<int>() == 1);

    auto health = get(sim.endpoint(2), "/_admin/cluster/health").obj();
    int coordinators = 0;
    for (auto& kv : health.at("Health").as_object())
        if (kv.value().at("Role") == "Coordinator")
        {
            ++coordinators;
            BOOST_TEST(kv.value().at("Status") == "GOOD");
        }
    BOOST_TEST(coordinators == 3);
    BOOST_TEST(health.contains("ClusterId"));
}

BOOST_AUTO_TEST_CASE(shard_distribution_is_in_sync_only_after_the_delay)
{
    temp_dir tmp;
    sim_process sim(
        tmp.path,
        {"--data-dir", (tmp.path / "data").string(), "--coordinators", "1", "--shard-sync-delay-ms", "1500"}
    );
    auto start = std::chrono::steady_clock::now();
    post(sim.endpoint(), "/_api/collection", R"({"name":"c","numberOfShards":2,"replicationFactor":2})");
    auto dist = get(sim.endpoint(), "/_admin/cluster/shardDistribution").obj();
    auto elapsed = std::chrono::steady_clock::now() - start;
    auto& entry = dist.at("results").at("c");
    BOOST_TEST(entry.at("Plan").as_object().size() == 2u);
    for (auto& kv : entry.at("Plan").as_object())
        BOOST_TEST(kv.value().at("followers").as_array().size() == 1u);
    if (elapsed < 1500ms) // on a very slow machine the delay may already be over
        BOOST_TEST(entry.at("Current") != entry.at("Plan"));

    bool synced = false;
    while (std::chrono::steady_clock::now() - start < 30s)
    {
        auto e = get(sim.endpoint(), "/_admin/cluster/shardDistribution").obj().at("results").at("c");
        if (e.at("Current") == e.at("Plan"))
        {
            synced = true;
            break;
        }
        std::this_thread::sleep_for(100ms);
    }
    BOOST_TEST(synced);
    BOOST_TEST((std::chrono::steady_clock::now() - start) >= 1500ms);
}

BOOST_AUTO_TEST_CASE(single_server_has_no_cluster_api)
{
    single_server s;
    check_error(get(s.ep(), "/_admin/cluster/health"), 501, 9);
    check_error(get(s.ep(), "/_admin/cluster/shardDistribution"), 501, 9);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tls)

BOOST_AUTO_TEST_CASE(serves_https_with_a_self_signed_certificate)
{
    temp_dir tmp;
    std::string cert = (tmp.path / "cert.pem").string(), key = (tmp.path / "key.pem").string();
    std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout " + key +
                      " -out " + cert + " >/dev/null 2>&1";
    BOOST_REQUIRE(std::system(cmd.c_str()) == 0);
    sim_process sim(
        tmp.path, {"--data-dir", (tmp.path / "data").string(), "--tls-cert", cert, "--tls-key", key}
    );
    BOOST_TEST(sim.endpoint().rfind("ssl://127.0.0.1:", 0) == 0);
    auto v = get(sim.endpoint(), "/_api/version");
    BOOST_TEST(v.status == 200);
    BOOST_TEST(v.obj().at("server") == "arango");
    // plain HTTP against the TLS port does not get an HTTP answer
    std::string plain = "tcp://" + sim.endpoint().substr(6);
    bool plain_failed = false;
    try
    {
        auto r = get(plain, "/_api/version");
        plain_failed = r.status != 200;
    }
    catch (const std::exception&)
    {
        plain_failed = true;
    }
    BOOST_TEST(plain_failed);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(faults)

BOOST_AUTO_TEST_CASE(fail_503_hits_the_next_n_matching_requests)
{
    single_server s;
    auto set = put(s.ep(), "/_sim/faults", R"({"fail_503":2,"paths":"/_api/version"})");
    BOOST_TEST(set.status == 200);
    BOOST_TEST(get(s.ep(), "/_sim/faults").obj().at("fail_503").to_number<int>() == 2);
    BOOST_TEST(get(s.ep(), "/_api/collection").status == 200); // does not match the filter
    check_error(get(s.ep(), "/_api/version"), 503, 503);
    check_error(get(s.ep(), "/_db/_system/_api/version"), 503, 503); // database-relative match
    BOOST_TEST(get(s.ep(), "/_api/version").status == 200);
    BOOST_TEST(get(s.ep(), "/_sim/faults").obj().at("fail_503").to_number<int>() == 0);
    check_error(put(s.ep(), "/_sim/faults", R"({"bogus":1})"), 400, 600);
}

BOOST_AUTO_TEST_CASE(delay_ms_slows_matching_requests)
{
    single_server s;
    put(s.ep(), "/_sim/faults", R"({"delay_ms":400})");
    auto t0 = std::chrono::steady_clock::now();
    BOOST_TEST(get(s.ep(), "/_api/version").status == 200);
    BOOST_TEST((std::chrono::steady_clock::now() - t0) >= 400ms);
}

BOOST_AUTO_TEST_CASE(drop_cuts_the_connection_mid_response)
{
    single_server s;
    put(s.ep(), "/_sim/faults", R"({"drop":1})");
    bool failed = false;
    try
    {
        get(s.ep(), "/_api/version");
    }
    catch (const std::exception&)
    {
        failed = true;
    }
    BOOST_TEST(failed);
    BOOST_TEST(get(s.ep(), "/_api/version").status == 200);
}

BOOST_AUTO_TEST_CASE(crash_after_aborts_the_server)
{
    temp_dir tmp;
    sim_process sim(tmp.path, {"--data-dir", (tmp.path / "data").string()});
    put(sim.endpoint(), "/_sim/faults", R"({"crash_after":2})");
    BOOST_TEST(get(sim.endpoint(), "/_api/version").status == 200);
    BOOST_TEST(get(sim.endpoint(), "/_api/version").status == 200); // answered, then abort()
    int status = sim.wait_exit();
    BOOST_TEST(WIFSIGNALED(status));
    BOOST_TEST(WTERMSIG(status) == SIGABRT);
}

BOOST_AUTO_TEST_CASE(faults_from_the_environment_and_request_stats)
{
    temp_dir tmp;
    sim_process sim(
        tmp.path, {"--data-dir", (tmp.path / "data").string()}, {{"ARANGOSIM_FAULTS", R"({"fail_503":1})"}}
    );
    check_error(get(sim.endpoint(), "/_api/version"), 503, 503);
    BOOST_TEST(get(sim.endpoint(), "/_api/version").status == 200);
    get(sim.endpoint(), "/_api/collection");
    auto stats = get(sim.endpoint(), "/_sim/stats").obj();
    BOOST_TEST(stats.at("paths").at("/_api/version").to_number<int>() == 2);
    BOOST_TEST(stats.at("paths").at("/_api/collection").to_number<int>() == 1);
    BOOST_TEST(stats.at("total").to_number<int>() == 3);
}

BOOST_AUTO_TEST_CASE(faults_are_per_coordinator)
{
    temp_dir tmp;
    sim_process sim(tmp.path, {"--data-dir", (tmp.path / "data").string(), "--coordinators", "2"});
    put(sim.endpoint(0), "/_sim/faults", R"({"fail_503":5})");
    BOOST_TEST(get(sim.endpoint(1), "/_api/version").status == 200);
    BOOST_TEST(get(sim.endpoint(0), "/_api/version").status == 503);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lifecycle)

BOOST_AUTO_TEST_CASE(restart_keeps_data)
{
    temp_dir tmp;
    std::string data = (tmp.path / "data").string();
    std::string backup_id;
    {
        sim_process sim(tmp.path, {"--data-dir", data});
        post(sim.endpoint(), "/_api/database", R"({"name":"keep"})");
        post(sim.endpoint(), "/_db/keep/_api/collection", R"({"name":"c"})");
        post(sim.endpoint(), "/_db/keep/_api/document/c", R"([{"_key":"one","n":1},{"_key":"two","n":2}])");
        backup_id = std::string(post(sim.endpoint(), "/_admin/backup/create", R"({"label":"l"})")
                                    .obj()
                                    .at("result")
                                    .at("id")
                                    .as_string());
        int status = sim.stop(SIGTERM);
        BOOST_TEST(WIFEXITED(status));
        BOOST_TEST(WEXITSTATUS(status) == 0);
    }
    sim_process again(tmp.path, {"--data-dir", data});
    BOOST_TEST(
        get(again.endpoint(), "/_db/keep/_api/collection/c/count").obj().at("count").to_number<int>() == 2
    );
    BOOST_TEST(get(again.endpoint(), "/_db/keep/_api/document/c/two").obj().at("n").to_number<int>() == 2);
    BOOST_TEST(post(again.endpoint(), "/_admin/backup/list", "{}")
                   .obj()
                   .at("result")
                   .at("list")
                   .as_object()
                   .contains(backup_id));
    // new documents do not collide with keys generated before the restart
    auto fresh = post(again.endpoint(), "/_db/keep/_api/document/c", "{}");
    BOOST_TEST(fresh.status == 202);
}

BOOST_AUTO_TEST_CASE(users_and_grants_survive_a_restart_and_are_enforced)
{
    temp_dir tmp;
    std::string data = (tmp.path / "data").string();
    std::vector<std::string> args{"--data-dir", data, "--auth", "basic", "--user", "root:pw"};
    std::map<std::string, std::string> root{{"Authorization", basic("root", "pw")}};
    std::map<std::string, std::string> ann{{"Authorization", basic("ann", "a")}};
    {
        sim_process sim(tmp.path, args);
        auto ep = sim.endpoint();
        BOOST_TEST(
            post(ep, "/_api/user", R"({"user":"ann","passwd":"a","extra":{"k":1}})", root).status == 201
        );
        BOOST_TEST(post(ep, "/_api/collection", R"({"name":"c"})", root).status == 200);
        BOOST_TEST(
            call(ep, http::verb::put, "/_api/user/ann/database/_system", R"({"grant":"ro"})", root).status ==
            200
        );
        int status = sim.stop(SIGTERM);
        BOOST_TEST(WIFEXITED(status));
    }
    sim_process again(tmp.path, args);
    auto ep = again.endpoint();
    auto u = get(ep, "/_api/user/ann", root).obj();
    BOOST_TEST(u.at("extra").at("k").to_number<int>() == 1);
    BOOST_TEST(get(ep, "/_api/user/ann/database/_system", root).obj().at("result") == "ro");
    BOOST_TEST(get(ep, "/_api/collection/c", ann).status == 200);
    check_error(post(ep, "/_api/document/c", "{}", ann), 403, 11);
    check_error(post(ep, "/_api/user", R"({"user":"eve"})", ann), 403, 11);
    BOOST_TEST(
        call(ep, http::verb::put, "/_api/user/ann/database/_system/c", R"({"grant":"rw"})", root).status ==
        200
    );
    BOOST_TEST(post(ep, "/_api/document/c", "{}", ann).status == 202);
    BOOST_TEST(
        call(ep, http::verb::put, "/_api/user/ann/database/_system", R"({"grant":"none"})", root).status ==
        200
    );
    check_error(get(ep, "/_api/version", ann), 401, 11);
    check_error(
        call(ep, http::verb::put, "/_api/user/ann/database/_system", R"({"grant":"all"})", root), 400, 10
    );
    check_error(call(ep, http::verb::delete_, "/_api/user/nobody", "", root), 404, 1703);
}

BOOST_AUTO_TEST_CASE(sigterm_exits_zero_and_leaves_no_process)
{
    temp_dir tmp;
    sim_process sim(tmp.path, {"--data-dir", (tmp.path / "data").string(), "--coordinators", "2"});
    pid_t pid = sim.pid();
    get(sim.endpoint(), "/_api/version");
    int status = sim.stop(SIGTERM);
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0);
    BOOST_TEST(process_gone(pid));
    BOOST_TEST(fs::exists(tmp.path / "data" / "state.json"));
}

BOOST_AUTO_TEST_CASE(sigint_and_admin_shutdown_exit_zero)
{
    {
        temp_dir tmp;
        sim_process sim(tmp.path, {"--data-dir", (tmp.path / "data").string()});
        int status = sim.stop(SIGINT);
        BOOST_TEST(WIFEXITED(status));
        BOOST_TEST(WEXITSTATUS(status) == 0);
    }
    temp_dir tmp;
    sim_process sim(tmp.path, {"--data-dir", (tmp.path / "data").string()});
    BOOST_TEST(post(sim.endpoint(), "/_admin/shutdown", "").status == 200);
    int status = sim.wait_exit();
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0);
}

BOOST_AUTO_TEST_CASE(bad_command_line_is_rejected)
{
    std::string cmd = sim_binary + " --no-such-option x >/dev/null 2>&1";
    int rc = std::system(cmd.c_str());
    BOOST_TEST(WIFEXITED(rc));
    BOOST_TEST(WEXITSTATUS(rc) == 2);
    cmd = sim_binary + " --endpoint tcp://127.0.0.1:0 >/dev/null 2>&1"; // no --data-dir
    rc = std::system(cmd.c_str());
    BOOST_TEST(WEXITSTATUS(rc) == 2);
}

BOOST_AUTO_TEST_SUITE_END()
