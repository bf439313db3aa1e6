// Test helper: an in-process Beast HTTP/1.1 server on 127.0.0.1:0 (or a Unix socket) with scripted replies
// and recorded requests. It runs on the test's io_context; replies can be delayed or the connection dropped.
#pragma once

#include <arangokit/arango/endpoint.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace arangokit::test {

struct stub_reply
{
    unsigned status = 200;
    std::string body = "{}";
    bool drop = false; // close the connection instead of answering
    std::chrono::milliseconds delay{0};
};

struct recorded_request
{
    std::string method;
    std::string target;
    std::string authorization;
    std::string body;
};

class stub_server
{
  public:
    using handler = std::function<stub_reply(const recorded_request&)>;

    stub_server(boost::asio::io_context& io, handler h) : state_(std::make_shared<state>())
    {
        namespace asio = boost::asio;
        using tcp = asio::ip::tcp;
        state_->fn = std::move(h);
        auto acc = std::make_shared<tcp::acceptor>(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        ep_ = endpoint::from_parts(endpoint_transport::tcp, "127.0.0.1", acc->local_endpoint().port());
        state_->close_acceptor = [acc] {
            boost::system::error_code ec;
            acc->close(ec);
        };
        asio::co_spawn(io, accept_loop(acc, state_), asio::detached);
    }

    stub_server(boost::asio::io_context& io, handler h, const std::string& socket_path)
        : state_(std::make_shared<state>())
    {
        namespace asio = boost::asio;
        using local = asio::local::stream_protocol;
        state_->fn = std::move(h);
        ::unlink(socket_path.c_str());
        auto acc = std::make_shared<local::acceptor>(io, local::endpoint(socket_path));
        ep_ = endpoint::unix_socket(socket_path);
        state_->close_acceptor = [acc] {
            boost::system::error_code ec;
            acc->close(ec);
        };
        asio::co_spawn(io, accept_loop(acc, state_), asio::detached);
    }

    ~stub_server() { go_down(); }

    const endpoint& ep() const noexcept { return ep_; }
    int connections() const noexcept { return state_->connections; }
    const std::vector<recorded_request>& requests() const noexcept { return state_->requests; }
    /// Simulates a server that went away: no new connections, open ones are closed at their next request.
    void go_down()
    {
        state_->down = true;
        state_->close_acceptor();
    }

  private:
    struct state
    {
        handler fn;
        int connections = 0;
        bool down = false;
        std::vector<recorded_request> requests;
        std::function<void()> close_acceptor;
    };

    template <class Acceptor>
    static boost::asio::awaitable<void> accept_loop(std::shared_ptr<Acceptor> acc, std::shared_ptr<state> st)
    {
        namespace asio = boost::asio;
        for (;;)
        {
            auto [ec, sock] = co_await acc->async_accept(asio::as_tuple(asio::use_awaitable));
            if (ec)
                co_return;
            ++st->connections;
            asio::co_spawn(acc->get_executor(), session(std::move(sock), st), asio::detached);
        }
    }

    template <class Socket>
    static boost::asio::awaitable<void> session(Socket sock, std::shared_ptr<state> st)
    {
        namespace asio = boost::asio;
        namespace http = boost::beast::http;
        boost::beast::flat_buffer buf;
        for (;;)
        {
            http::request<http::string_body> req;
            auto [ec, n] = co_await http::async_read(sock, buf, req, asio::as_tuple(asio::use_awaitable));
            if (ec || st->down)
                co_return;
            recorded_request r{
                std::string(req.method_string()), std::string(req.target()),
                std::string(req[http::field::authorization]), req.body()};
            st->requests.push_back(r);
            stub_reply reply = st->fn(r);
            if (reply.delay.count() > 0)
            {
                asio::steady_timer t(sock.get_executor(), reply.delay);
                co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
            }
            if (reply.drop || st->down)
                co_return;
            http::response<http::string_body> res{static_cast<http::status>(reply.status), 11};
            res.set(http::field::content_type, "application/json");
            res.keep_alive(req.keep_alive());
            if (req.method() != http::verb::head)
                res.body() = reply.body;
            res.prepare_payload();
            auto [wec, wn] = co_await http::async_write(sock, res, asio::as_tuple(asio::use_awaitable));
            if (wec || !req.keep_alive())
                co_return;
        }
    }

    std::shared_ptr<state> state_;
    endpoint ep_;
};

/// A handler that gives every request the same reply.
inline stub_server::handler always(stub_reply reply)
{
    return [reply = std::move(reply)](const recorded_request&) { return reply; };
}

/// An ArangoDB error reply: `{"error":true,"code":<status>,"errorNum":<error_num>,"errorMessage":<message>}`.
inline stub_reply error_reply(unsigned status, int error_num, const std::string& message)
{
    return stub_reply{
        status, R"({"error":true,"code":)" + std::to_string(status) + R"(,"errorNum":)" +
                    std::to_string(error_num) + R"(,"errorMessage":")" + message + R"("})"};
}

} // namespace arangokit::test
