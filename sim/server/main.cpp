// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// arangosim entry point: command line, listeners (plain and TLS), fault injection, statistics, signals.
// Everything runs on one io_context thread, so the shared store needs no locking.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "sim.hpp"
#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace arangokit::sim {
namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct faults
{
    std::int64_t delay_ms = 0;
    std::int64_t fail_503 = 0;
    std::int64_t drop = 0;
    std::int64_t crash_after = 0;
    std::string paths;

    json::object to_json() const
    {
        return json::object{
            {"delay_ms", delay_ms},
            {"fail_503", fail_503},
            {"drop", drop},
            {"crash_after", crash_after},
            {"paths", paths}};
    }
};

faults faults_from_json(const json::value& v)
{
    if (!v.is_object())
        throw std::invalid_argument("faults must be a JSON object");
    faults f;
    for (auto& kv : v.as_object())
    {
        auto num = [&] {
            if (!kv.value().is_number() || kv.value().to_number<double>() < 0)
                throw std::invalid_argument(
                    std::string("fault '") + std::string(kv.key()) + "' must be a number >= 0"
                );
            return static_cast<std::int64_t>(kv.value().to_number<double>());
        };
        if (kv.key() == "delay_ms")
            f.delay_ms = num();
        else if (kv.key() == "fail_503")
            f.fail_503 = num();
        else if (kv.key() == "drop")
            f.drop = num();
        else if (kv.key() == "crash_after")
            f.crash_after = num();
        else if (kv.key() == "paths")
        {
            if (!kv.value().is_string())
                throw std::invalid_argument("fault 'paths' must be a string");
            f.paths = std::string(kv.value().as_string());
        }
        else
            throw std::invalid_argument("unknown fault '" + std::string(kv.key()) + "'");
    }
    return f;
}

struct listener_state
{
    listener_info info;
    bool tls = false;
    faults f;
    std::map<std::string, std::uint64_t> stats;
    std::uint64_t total = 0;
};

struct server
{
    config cfg;
    std::unique_ptr<asio::ssl::context> ssl;
    std::unique_ptr<store> st;
    std::unique_ptr<api> handler;
    std::vector<std::unique_ptr<listener_state>> listeners;
    std::ofstream log;
    bool stopping = false;
    // Declared last so it is destroyed first: the coroutine frames it still owns refer to the members above.
    asio::io_context ioc{1};

    void log_line(const std::string& s)
    {
        if (log.is_open())
            log << utc_now(false) << ' ' << s << std::endl;
    }

    void stop()
    {
        if (stopping)
            return;
        stopping = true;
        try
        {
            st->flush();
        }
        catch (const std::exception& e)
        {
            std::cerr << "arangosim: flush failed: " << e.what() << std::endl;
        }
        log_line("shutdown");
        ioc.stop();
    }
};

bool fault_applies(const faults& f, const request& req)
{
    if (f.paths.empty())
        return true;
    if (req.path.rfind(f.paths, 0) == 0)
        return true;
    // Also match the database-relative path, so "/_api/cursor" covers "/_db/x/_api/cursor".
    if (req.path.rfind("/_db/", 0) == 0)
    {
        auto slash = req.path.find('/', 5);
        if (slash != std::string::npos && req.path.compare(slash, f.paths.size(), f.paths) == 0)
            return true;
    }
    return false;
}

request to_request(const http::request<http::string_body>& r)
{
    request out;
    out.method = std::string(r.method_string());
    out.target = std::string(r.target());
    std::string_view t = r.target();
    auto q = t.find('?');
    out.path = url_decode(t.substr(0, q));
    if (q != std::string_view::npos)
    {
        std::string_view qs = t.substr(q + 1);
        while (!qs.empty())
        {
            auto amp = qs.find('&');
            std::string_view kv = qs.substr(0, amp);
            auto eq = kv.find('=');
            if (!kv.empty())
                out.query[url_decode(kv.substr(0, eq))] =
                    eq == std::string_view::npos ? std::string() : url_decode(kv.substr(eq + 1));
            if (amp == std::string_view::npos)
                break;
            qs.remove_prefix(amp + 1);
        }
    }
    out.body = r.body();
    if (auto it = r.find(http::field::authorization); it != r.end())
        out.authorization = std::string(it->value());
    if (auto it = r.find(http::field::if_match); it != r.end())
        out.if_match = std::string(it->value());
    if (auto it = r.find(http::field::if_none_match); it != r.end())
        out.if_none_match = std::string(it->value());
    for (auto& f : r)
    {
        std::string name(f.name_string());
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
            return std::tolower(c);
        });
        out.headers[name] = std::string(f.value());
    }
    return out;
}

// Control endpoints of the simulator itself; never subject to faults or authentication.
response sim_control(server& srv, listener_state& l, const request& req)
{
    response r;
    try
    {
        if (req.path == "/_sim/faults")
        {
            if (req.method == "PUT" || req.method == "POST")
            {
                faults f = faults_from_json(json::parse(req.body.empty() ? "{}" : req.body));
                bool all = req.query.count("all") && req.query.at("all") != "false";
                for (auto& other : srv.listeners)
                    if (all || other.get() == &l)
                        other->f = f;
                srv.log_line(
                    "faults on listener " + std::to_string(l.info.index) + ": " + json::serialize(f.to_json())
                );
            }
            else if (req.method != "GET")
                throw api_error(405, 405, "method not supported");
            r.body = json::serialize(l.f.to_json());
            return r;
        }
        if (req.path == "/_sim/stats")
        {
            if (req.method == "DELETE")
            {
                l.stats.clear();
                l.total = 0;
            }
            else if (req.method != "GET")
                throw api_error(405, 405, "method not supported");
            json::object paths, all_paths;
            std::uint64_t all_total = 0;
            for (auto& [p, n] : l.stats)
                paths[p] = n;
            for (auto& other : srv.listeners)
            {
                all_total += other->total;
                for (auto& [p, n] : other->stats)
                    all_paths[p] = (all_paths.contains(p) ? all_paths[p].to_number<std::uint64_t>() : 0) + n;
            }
            r.body = json::serialize(json::object{
                {"listener", l.info.index},
                {"endpoint", l.info.endpoint},
                {"total", l.total},
                {"paths", std::move(paths)},
                {"all", json::object{{"total", all_total}, {"paths", std::move(all_paths)}}}});
            return r;
        }
        throw api_error(404, 404, "unknown path '" + req.path + "'");
    }
    catch (const api_error& e)
    {
        r.status = e.http;
        r.body = error_body(e.http, e.num, e.what());
    }
    catch (const std::exception& e)
    {
        r.status = 400;
        r.body = error_body(400, 600, e.what());
    }
    return r;
}

http::response<http::string_body> to_beast(const response& r, const http::request<http::string_body>& req)
{
    http::response<http::string_body> res{static_cast<http::status>(r.status), req.version()};
    res.set(http::field::server, "ArangoDB");
    res.keep_alive(req.keep_alive());
    for (auto& [k, v] : r.headers)
        res.set(k, v);
    if (r.status == 304)
        return res;
    res.set(http::field::content_type, "application/json; charset=utf-8");
    if (req.method() == http::verb::head)
        res.set(http::field::content_length, std::to_string(r.body.size()));
    else
    {
        res.body() = r.body;
        res.prepare_payload();
    }
    return res;
}

template <class Stream> void close_stream(Stream& s)
{
    beast::error_code ec;
    auto& sock = beast::get_lowest_layer(s).socket();
    sock.shutdown(tcp::socket::shutdown_both, ec);
    sock.close(ec);
}

template <class Stream> asio::awaitable<void> serve(server& srv, listener_state& l, Stream& stream)
{
    beast::flat_buffer buf;
    for (;;)
    {
        http::request_parser<http::string_body> parser;
        parser.body_limit(std::uint64_t(1) << 32);
        parser.header_limit(1 << 20);
        auto [ec, n] = co_await http::async_read(stream, buf, parser, use_tuple);
        if (ec)
            break;
        auto& breq = parser.get();
        request req = to_request(breq);
        response res;
        bool faulted = false;
        if (req.path.rfind("/_sim/", 0) == 0)
            res = sim_control(srv, l, req);
        else
        {
            ++l.total;
            ++l.stats[req.path];
            faulted = fault_applies(l.f, req);
            if (faulted && l.f.delay_ms > 0)
            {
                asio::steady_timer t(co_await asio::this_coro::executor);
                t.expires_after(std::chrono::milliseconds(l.f.delay_ms));
                co_await t.async_wait(use_tuple);
            }
            if (faulted && l.f.fail_503 > 0)
            {
                --l.f.fail_503;
                res.status = 503;
                res.body = error_body(503, 503, "service unavailable (arangosim fault injection)");
            }
            else
                res = srv.handler->handle(req, l.info);
            if (faulted && l.f.drop > 0)
            {
                --l.f.drop;
                srv.log_line(req.method + " " + req.path + " dropped");
                // Announce the whole body, send half of it, then hang up: a connection lost mid-response.
                std::ostringstream head;
                head << "HTTP/1.1 " << res.status << " OK\r\nServer: ArangoDB\r\n"
                     << "Content-Type: application/json; charset=utf-8\r\nContent-Length: "
                     << res.body.size() + 16 << "\r\n\r\n"
                     << res.body.substr(0, res.body.size() / 2);
                std::string raw = head.str();
                co_await asio::async_write(stream, asio::buffer(raw), use_tuple);
                close_stream(stream);
                co_return;
            }
        }
        srv.log_line(req.method + " " + req.path + " " + std::to_string(res.status));
        auto bres = to_beast(res, breq);
        auto [wec, wn] = co_await http::async_write(stream, bres, use_tuple);
        if (faulted && l.f.crash_after > 0 && --l.f.crash_after == 0)
        {
            srv.log_line("crash_after reached: abort()");
            std::abort();
        }
        if (res.shutdown)
        {
            close_stream(stream);
            asio::post(srv.ioc, [&srv] { srv.stop(); });
            co_return;
        }
        if (wec || !bres.keep_alive())
            break;
    }
    close_stream(stream);
}

asio::awaitable<void> session(server& srv, listener_state& l, tcp::socket sock)
{
    sock.set_option(tcp::no_delay(true));
    if (l.tls)
    {
        beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(sock)), *srv.ssl);
        auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, use_tuple);
        if (ec)
        {
            close_stream(stream);
            co_return;
        }
        co_await serve(srv, l, stream);
    }
    else
    {
        beast::tcp_stream stream(std::move(sock));
        co_await serve(srv, l, stream);
    }
}

asio::awaitable<void> accept_loop(server& srv, listener_state& l, tcp::acceptor acc)
{
    for (;;)
    {
        auto [ec, sock] = co_await acc.async_accept(use_tuple);
        if (ec)
        {
            if (ec == asio::error::operation_aborted)
                co_return;
            continue;
        }
        asio::co_spawn(srv.ioc, session(srv, l, std::move(sock)), asio::detached);
    }
}

asio::awaitable<void> flush_loop(server& srv)
{
    asio::steady_timer t(srv.ioc);
    for (;;)
    {
        t.expires_after(std::chrono::seconds(1));
        auto [ec] = co_await t.async_wait(use_tuple);
        if (ec)
            co_return;
        try
        {
            srv.st->flush();
        }
        catch (const std::exception& e)
        {
            std::cerr << "arangosim: flush failed: " << e.what() << std::endl;
        }
    }
}

[[noreturn]] void usage_error(const std::string& msg)
{
    std::cerr
        << "arangosim: " << msg << "\n"
        << "usage: arangosim --data-dir DIR [--endpoint tcp://127.0.0.1:0]... [--coordinators N]\n"
        << "       [--endpoint-file FILE] [--auth none|basic|jwt] [--user NAME:PASSWORD]...\n"
        << "       [--jwt-secret-keyfile FILE] [--tls-cert PEM --tls-key PEM] [--shard-sync-delay-ms N]\n"
        << "       [--version-string 3.12.4] [--log-file FILE]\n";
    std::exit(2);
}

std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        usage_error("cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

config parse_args(int argc, char** argv)
{
    config cfg;
    std::string secret_file;
    bool have_auth = false;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        std::string value;
        auto eq = arg.find('=');
        if (arg.rfind("--", 0) != 0)
            usage_error("unexpected argument '" + arg + "'");
        if (eq != std::string::npos)
        {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        else if (arg == "--help")
            usage_error("help");
        else
        {
            if (i + 1 >= argc)
                usage_error("missing value for " + arg);
            value = argv[++i];
        }
        auto number = [&] {
            try
            {
                return std::stoll(value);
            }
            catch (...)
            {
                usage_error("bad number for " + arg + ": " + value);
            }
        };
        if (arg == "--data-dir")
            cfg.data_dir = value;
        else if (arg == "--endpoint")
            cfg.endpoints.push_back(value);
        else if (arg == "--coordinators")
            cfg.coordinators = static_cast<int>(number());
        else if (arg == "--endpoint-file")
            cfg.endpoint_file = value;
        else if (arg == "--auth")
        {
            have_auth = true;
            if (value == "none")
                cfg.auth = auth_mode::none;
            else if (value == "basic")
                cfg.auth = auth_mode::basic;
            else if (value == "jwt")
                cfg.auth = auth_mode::jwt;
            else
                usage_error("bad --auth value " + value);
        }
        else if (arg == "--user")
        {
            auto colon = value.find(':');
            if (colon == std::string::npos || colon == 0)
                usage_error("--user expects NAME:PASSWORD");
            cfg.users.emplace_back(value.substr(0, colon), value.substr(colon + 1));
        }
        else if (arg == "--jwt-secret-keyfile")
            secret_file = value;
        else if (arg == "--tls-cert")
            cfg.tls_cert = value;
        else if (arg == "--tls-key")
            cfg.tls_key = value;
        else if (arg == "--shard-sync-delay-ms")
            cfg.shard_sync_delay_ms = number();
        else if (arg == "--version-string")
            cfg.version = value;
        else if (arg == "--log-file")
            cfg.log_file = value;
        else
            usage_error("unknown option '" + arg + "'");
    }
    (void)have_auth;
    if (cfg.data_dir.empty())
        usage_error("--data-dir is required");
    if (cfg.coordinators < 0 || cfg.coordinators > 64)
        usage_error("--coordinators must be between 1 and 64");
    if (cfg.tls_cert.empty() != cfg.tls_key.empty())
        usage_error("--tls-cert and --tls-key go together");
    if (!secret_file.empty())
    {
        cfg.jwt_secret = read_file(secret_file);
        while (!cfg.jwt_secret.empty() && std::isspace(static_cast<unsigned char>(cfg.jwt_secret.back())))
            cfg.jwt_secret.pop_back();
        while (!cfg.jwt_secret.empty() && std::isspace(static_cast<unsigned char>(cfg.jwt_secret.front())))
            cfg.jwt_secret.erase(0, 1);
        if (cfg.jwt_secret.empty())
            usage_error("the JWT secret keyfile is empty");
    }
    else
        cfg.jwt_secret = random_hex(32);
    std::size_t n = std::max<std::size_t>({cfg.endpoints.size(), std::size_t(std::max(cfg.coordinators, 1))});
    while (cfg.endpoints.size() < n)
        cfg.endpoints.push_back(cfg.tls_cert.empty() ? "tcp://127.0.0.1:0" : "ssl://127.0.0.1:0");
    return cfg;
}

struct parsed_endpoint
{
    bool tls;
    std::string host;
    unsigned short port;
};

parsed_endpoint parse_endpoint(const std::string& ep, bool tls_available)
{
    auto pos = ep.find("://");
    if (pos == std::string::npos)
        usage_error("bad endpoint " + ep);
    std::string scheme = ep.substr(0, pos);
    std::string rest = ep.substr(pos + 3);
    parsed_endpoint out{};
    if (scheme == "tcp" || scheme == "http+tcp" || scheme == "http")
        out.tls = tls_available; // with a certificate every endpoint speaks TLS
    else if (scheme == "ssl" || scheme == "http+ssl" || scheme == "https")
    {
        if (!tls_available)
            usage_error("endpoint " + ep + " needs --tls-cert and --tls-key");
        out.tls = true;
    }
    else
        usage_error("unsupported endpoint scheme in " + ep);
    auto colon = rest.rfind(':');
    if (colon == std::string::npos)
        usage_error("endpoint " + ep + " has no port");
    out.host = rest.substr(0, colon);
    if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']')
        out.host = out.host.substr(1, out.host.size() - 2);
    if (out.host == "localhost")
        out.host = "127.0.0.1";
    try
    {
        out.port = static_cast<unsigned short>(std::stoul(rest.substr(colon + 1)));
    }
    catch (...)
    {
        usage_error("bad port in " + ep);
    }
    return out;
}

void write_endpoint_file(const std::string& path, const std::vector<std::string>& eps)
{
    std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (auto& e : eps)
            out << e << '\n';
        out.flush();
        if (!out)
            throw std::runtime_error("cannot write " + tmp);
    }
    std::filesystem::rename(tmp, path);
}

int run(int argc, char** argv)
{
    std::signal(SIGPIPE, SIG_IGN);
    server srv;
    srv.cfg = parse_args(argc, argv);
    config& cfg = srv.cfg;
    if (!cfg.log_file.empty())
        srv.log.open(cfg.log_file, std::ios::app);

    // Users may also come from ARANGOSIM_USERS (NAME:PASSWORD per line): unlike argv, a process's
    // environment is not readable by other users through /proc.
    if (const char* env = std::getenv("ARANGOSIM_USERS"); env && *env)
    {
        std::string_view rest = env;
        while (!rest.empty())
        {
            auto nl = rest.find('\n');
            std::string entry(rest.substr(0, nl));
            rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
            if (entry.empty())
                continue;
            auto colon = entry.find(':');
            if (colon == std::string::npos || colon == 0)
                usage_error("ARANGOSIM_USERS expects NAME:PASSWORD lines");
            cfg.users.emplace_back(entry.substr(0, colon), entry.substr(colon + 1));
        }
    }

    faults initial;
    if (const char* env = std::getenv("ARANGOSIM_FAULTS"); env && *env)
    {
        try
        {
            initial = faults_from_json(json::parse(env));
        }
        catch (const std::exception& e)
        {
            usage_error(std::string("bad ARANGOSIM_FAULTS: ") + e.what());
        }
    }

    if (!cfg.tls_cert.empty())
    {
        srv.ssl = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
        srv.ssl->set_options(
            asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
            asio::ssl::context::no_sslv3
        );
        srv.ssl->use_certificate_chain_file(cfg.tls_cert);
        srv.ssl->use_private_key_file(cfg.tls_key, asio::ssl::context::pem);
    }

    srv.st = std::make_unique<store>(cfg);
    srv.st->load();
    srv.handler = std::make_unique<api>(cfg, *srv.st);

    std::vector<std::string> bound;
    std::vector<tcp::acceptor> acceptors;
    for (std::size_t i = 0; i < cfg.endpoints.size(); ++i)
    {
        parsed_endpoint pe = parse_endpoint(cfg.endpoints[i], srv.ssl != nullptr);
        boost::system::error_code ec;
        auto addr = asio::ip::make_address(pe.host, ec);
        if (ec)
            usage_error("endpoint host must be an IP address or localhost: " + cfg.endpoints[i]);
        tcp::acceptor acc(srv.ioc);
        tcp::endpoint tep(addr, pe.port);
        acc.open(tep.protocol());
        acc.set_option(tcp::acceptor::reuse_address(true));
        acc.bind(tep, ec);
        if (ec)
        {
            std::cerr << "arangosim: cannot bind " << cfg.endpoints[i] << ": " << ec.message() << std::endl;
            return 1;
        }
        acc.listen(asio::socket_base::max_listen_connections);
        auto port = acc.local_endpoint().port();
        std::string host = addr.is_v6() ? "[" + pe.host + "]" : pe.host;
        std::string ep = std::string(pe.tls ? "ssl" : "tcp") + "://" + host + ":" + std::to_string(port);
        bound.push_back(ep);
        auto l = std::make_unique<listener_state>();
        l->info = {static_cast<int>(i), ep};
        l->tls = pe.tls;
        l->f = initial;
        srv.listeners.push_back(std::move(l));
        acceptors.push_back(std::move(acc));
    }
    for (auto& l : srv.listeners)
        srv.handler->listeners.push_back(l->info);
    for (std::size_t i = 0; i < acceptors.size(); ++i)
        asio::co_spawn(srv.ioc, accept_loop(srv, *srv.listeners[i], std::move(acceptors[i])), asio::detached);
    asio::co_spawn(srv.ioc, flush_loop(srv), asio::detached);

    asio::signal_set signals(srv.ioc, SIGINT, SIGTERM);
    signals.async_wait([&srv](boost::system::error_code ec, int) {
        if (!ec)
            srv.stop();
    });

    if (!cfg.endpoint_file.empty())
        write_endpoint_file(cfg.endpoint_file, bound);
    std::string ready = "arangosim ready";
    for (auto& b : bound)
        ready += " " + b;
    srv.log_line(
        ready + (cfg.cluster() ? " (cluster, " : " (single, ") + std::to_string(bound.size()) +
        " listener(s))"
    );
    std::cout << ready << std::endl;

    srv.ioc.run();
    srv.st->flush();
    return 0;
}

} // namespace
} // namespace arangokit::sim

int main(int argc, char** argv)
{
    try
    {
        return arangokit::sim::run(argc, argv);
    }
    catch (const std::exception& e)
    {
        std::cerr << "arangosim: fatal: " << e.what() << std::endl;
        return 1;
    }
}
