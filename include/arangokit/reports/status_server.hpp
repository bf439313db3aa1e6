// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_REPORTS_STATUS_SERVER_HPP
#define ARANGOKIT_REPORTS_STATUS_SERVER_HPP

#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>
#include <arangokit/reports/detail/status_page.hpp>
#include <arangokit/reports/status_board.hpp>

#include <arangokit/detail/async_from_coro.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace arangokit {

/// \brief How a `status_server` listens and streams.
struct status_server_options
{
    /// The address to bind. Loopback by default: the page shows command lines and output lines.
    std::string address = "127.0.0.1";
    unsigned short port = 0; ///< 0: any free port (`status_server::port()` says which)
    /// \brief When not empty, `/status.json` and `/events` need `Authorization: Bearer <token>` (compared in
    /// constant time; anything else gets 401). The page itself carries no data and is served to anyone; it
    /// takes the token from the URL's fragment (`#token=...`, never sent to the server) or asks for it.
    std::string token{};
    /// Event streams get at most one update per interval (changes in between are coalesced).
    std::chrono::milliseconds interval{250};
    std::chrono::seconds keepalive{15};       ///< an idle event stream gets a comment this often
    std::chrono::seconds request_timeout{10}; ///< time a client has to send a request
    std::size_t max_connections = 32;         ///< more are closed at once (and counted as refused)
    /// The send buffer of an event stream's socket: with the one update in flight, all a slow client holds.
    int stream_send_buffer = 64 * 1024;
};

/// \brief What a `status_server` did so far.
struct status_server_stats
{
    std::size_t connections = 0;       ///< open now
    std::size_t streams = 0;           ///< open event streams now
    std::uint64_t accepted = 0;        ///< connections accepted in all
    std::uint64_t refused = 0;         ///< connections closed at once (over `max_connections`)
    std::uint64_t requests = 0;        ///< requests answered
    std::uint64_t unauthorized = 0;    ///< requests answered with 401
    std::uint64_t updates_sent = 0;    ///< snapshots written to event streams
    std::uint64_t updates_dropped = 0; ///< snapshots a busy stream missed (it gets the next one)
};

/// \brief A read-only HTTP server showing a `status_board` live: a JSON snapshot, Server-Sent Events and a
/// self-contained HTML page (no network access: its script and style are inline).
/// \details
/// | path | what |
/// |---|---|
/// | `/` | the page: groups as tables, progress bars, CPU/RSS charts, last lines, failures with diagnostics |
/// | `/status.json` | `status_board::to_json()` with a `server` member (this server's `status_server_stats`)
/// | | `/events` | `text/event-stream`: an `event: snapshot` with the JSON as `data` whenever the board
/// changed |
///
/// Only GET and HEAD are allowed (405 otherwise); any other path is 404. An event stream never slows
/// the runner or the other clients: the board is rendered once per change and interval for all streams, each
/// stream has at most one update in flight (plus a small socket buffer), and a stream still busy with the
/// previous update when a new one is due misses it: `updates_dropped` counts that, per client and in all
/// (the snapshot's `server.updates_dropped`), and the client gets the latest state once it reads again.
///
/// \par Thread safety
/// `stop()`, `port()`, `url()` and `stats()` may be called from any thread; the rest from one thread at a
/// time. The server's work runs on a strand of the given executor.
///
/// \par Lifetime
/// The board is shared. Destroying the server stops it; operations in flight then end on their own.
class status_server
{
  public:
    using executor_type = boost::asio::any_io_executor;

    status_server(executor_type ex, std::shared_ptr<const status_board> board, status_server_options o = {})
        : s_(std::make_shared<impl>(std::move(ex), std::move(board), std::move(o)))
    {
    }
    status_server(const status_server&) = delete;
    status_server& operator=(const status_server&) = delete;
    ~status_server() { stop(); }

    executor_type get_executor() const noexcept { return s_->strand; }

    /// \brief Binds and listens now (so `port()` is known before serving). `async_serve` does it if needed.
    void listen(error_code& ec) { s_->listen(ec); }
    /// As above; throws `boost::system::system_error`.
    void listen()
    {
        error_code ec;
        listen(ec);
        if (ec)
            throw boost::system::system_error(ec, "status_server: cannot listen");
    }
    /// The bound port (0 before `listen`).
    unsigned short port() const noexcept { return s_->bound_port.load(); }
    /// `http://ADDRESS:PORT/`, the page's address.
    std::string url() const { return "http://" + s_->opt.address + ":" + std::to_string(port()) + "/"; }

    /// \brief Serves until `stop()`: accepts connections and streams updates.
    /// \details Listens first unless `listen` was called. Completes once the acceptor is closed and every
    /// connection has ended, with the number of connections accepted.
    /// \par Handler signature
    /// `void(error_code, std::size_t)`: success after `stop()`; the listen error if it could not listen;
    /// `operation_aborted` after cancellation.
    /// \par Cancellation
    /// Terminal, partial and total cancellation all stop the server as `stop()` does (every connection is
    /// closed) and complete with `operation_aborted`.
    template <
        boost::asio::completion_token_for<void(error_code, std::size_t)> CompletionToken = default_token>
    auto async_serve(CompletionToken&& token = {})
    {
        return detail::async_from_coro<std::size_t>(
            s_->strand, [s = s_]() { return impl::serve(s); }, std::forward<CompletionToken>(token)
        );
    }

    /// Closes the acceptor and every connection; `async_serve` then completes. Returns at once.
    void stop()
    {
        auto s = s_;
        boost::asio::dispatch(s->strand, [s] { s->do_stop(); });
    }

    status_server_stats stats() const { return s_->snapshot_stats(); }

  private:
    struct conn
    {
        explicit conn(boost::asio::ip::tcp::socket sock) : stream(std::move(sock)) {}
        boost::beast::tcp_stream stream;
        bool is_stream = false;
        bool writing = false;
        std::uint64_t sent_version = 0;
        std::uint64_t missed_version = 0;
        std::uint64_t dropped = 0;
        std::chrono::steady_clock::time_point last_write{};
    };

    struct impl : std::enable_shared_from_this<impl>
    {
        impl(executor_type ex, std::shared_ptr<const status_board> b, status_server_options o)
            : strand(boost::asio::make_strand(ex)), acceptor(strand), idle(strand), tick(strand),
              board(std::move(b)), opt(std::move(o))
        {
        }

        boost::asio::strand<executor_type> strand;
        boost::asio::ip::tcp::acceptor acceptor;
        boost::asio::steady_timer idle; // serve() waits on it for the last connection to end
        boost::asio::steady_timer tick;
        std::shared_ptr<const status_board> board;
        status_server_options opt;
        std::atomic<unsigned short> bound_port{0};
        bool stopping = false;
        bool ticking = false;
        std::list<std::shared_ptr<conn>> conns; // on the strand only
        std::uint64_t cached_version = ~std::uint64_t{0};
        std::shared_ptr<const std::string> cached;
        std::atomic<std::size_t> n_conns{0}, n_streams{0};
        std::atomic<std::uint64_t> accepted{0}, refused{0}, requests{0}, unauthorized{0}, sent{0}, dropped{0};

        void listen(error_code& ec)
        {
            namespace ip = boost::asio::ip;
            ec = {};
            if (acceptor.is_open())
                return;
            auto addr = ip::make_address(opt.address, ec);
            if (ec)
                return;
            ip::tcp::endpoint ep(addr, opt.port);
            acceptor.open(ep.protocol(), ec);
            if (!ec)
                acceptor.set_option(ip::tcp::acceptor::reuse_address(true), ec);
            if (!ec)
                acceptor.bind(ep, ec);
            if (!ec)
                acceptor.listen(boost::asio::socket_base::max_listen_connections, ec);
            if (ec)
            {
                error_code ignored;
                acceptor.close(ignored);
                return;
            }
            bound_port = acceptor.local_endpoint(ec).port();
        }

        status_server_stats snapshot_stats() const
        {
            status_server_stats st;
            st.connections = n_conns;
            st.streams = n_streams;
            st.accepted = accepted;
            st.refused = refused;
            st.requests = requests;
            st.unauthorized = unauthorized;
            st.updates_sent = sent;
            st.updates_dropped = dropped;
            return st;
        }

        std::string stats_json() const
        {
            auto st = snapshot_stats();
            return "{\"connections\":" + std::to_string(st.connections) +
                   ",\"streams\":" + std::to_string(st.streams) +
                   ",\"accepted\":" + std::to_string(st.accepted) +
                   ",\"refused\":" + std::to_string(st.refused) +
                   ",\"requests\":" + std::to_string(st.requests) +
                   ",\"unauthorized\":" + std::to_string(st.unauthorized) +
                   ",\"updates_sent\":" + std::to_string(st.updates_sent) +
                   ",\"updates_dropped\":" + std::to_string(st.updates_dropped) + "}";
        }

        void do_stop()
        {
            if (stopping)
                return;
            stopping = true;
            error_code ignored;
            acceptor.close(ignored);
            tick.cancel();
            for (auto& c : conns)
                close(*c);
            idle.cancel();
        }

        static void close(conn& c)
        {
            error_code ignored;
            c.stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
            c.stream.socket().close(ignored);
        }

        void forget(const std::shared_ptr<conn>& c)
        {
            close(*c);
            for (auto it = conns.begin(); it != conns.end(); ++it)
                if (*it == c)
                {
                    conns.erase(it);
                    --n_conns;
                    if (c->is_stream)
                        --n_streams;
                    break;
                }
            if (conns.empty())
                idle.cancel();
        }

        // Compares in time that depends only on the expected token's length.
        bool authorized(std::string_view header) const
        {
            if (opt.token.empty())
                return true;
            constexpr std::string_view scheme = "Bearer ";
            std::string_view given = header.size() >= scheme.size() ? header.substr(scheme.size()) : header;
            // The scheme is case-insensitive (RFC 7235); the token is not.
            unsigned char diff = header.size() < scheme.size();
            for (std::size_t i = 0; i < scheme.size() && i < header.size(); ++i)
                diff |= static_cast<unsigned char>(
                    std::tolower(static_cast<unsigned char>(header[i])) != std::tolower(scheme[i])
                );
            diff |= given.size() != opt.token.size();
            for (std::size_t i = 0; i < opt.token.size(); ++i)
                diff |= static_cast<unsigned char>((i < given.size() ? given[i] : 0) ^ opt.token[i]);
            return diff == 0;
        }

        std::shared_ptr<const std::string> message_for(std::uint64_t v)
        {
            if (v != cached_version || !cached)
            {
                std::string m = "event: snapshot\nid: " + std::to_string(v) + "\ndata: ";
                m += board->to_json(stats_json());
                m += "\n\n";
                cached = std::make_shared<const std::string>(std::move(m));
                cached_version = v;
            }
            return cached;
        }

        void write(const std::shared_ptr<conn>& c, std::shared_ptr<const std::string> msg, std::uint64_t v)
        {
            c->writing = true;
            c->last_write = std::chrono::steady_clock::now();
            auto self = shared_from_this();
            boost::asio::async_write(
                c->stream.socket(), boost::asio::buffer(*msg),
                boost::asio::bind_executor(
                    strand,
                    [self, c, msg, v](error_code ec, std::size_t) {
                        c->writing = false;
                        if (ec)
                        {
                            close(*c); // the session's read ends and forgets it
                            return;
                        }
                        if (v)
                        {
                            c->sent_version = v;
                            ++self->sent;
                        }
                    }
                )
            );
        }

        // One pass for all streams: a changed board is rendered once; a stream still writing misses it.
        void push()
        {
            std::uint64_t v = board->version() + 1; // 0 stays "nothing sent"
            auto now = std::chrono::steady_clock::now();
            for (auto& c : conns)
            {
                if (!c->is_stream || c->sent_version == v)
                    continue;
                if (c->writing)
                {
                    if (c->missed_version != v)
                    {
                        c->missed_version = v;
                        ++c->dropped;
                        ++dropped;
                    }
                    continue;
                }
                write(c, message_for(v), v);
            }
            for (auto& c : conns)
                if (c->is_stream && !c->writing && now - c->last_write >= opt.keepalive)
                    write(c, std::make_shared<const std::string>(": keepalive\n\n"), 0);
        }

        static boost::asio::awaitable<void> ticker(std::shared_ptr<impl> self)
        {
            using boost::asio::as_tuple;
            using boost::asio::use_awaitable;
            self->ticking = true;
            while (!self->stopping)
            {
                self->tick.expires_after(self->opt.interval);
                co_await self->tick.async_wait(as_tuple(use_awaitable));
                if (self->stopping)
                    break;
                self->push();
            }
            self->ticking = false;
            self->idle.cancel();
        }

        static boost::asio::awaitable<std::pair<error_code, std::size_t>> serve(std::shared_ptr<impl> self)
        {
            namespace asio = boost::asio;
            using asio::as_tuple;
            using asio::use_awaitable;
            co_await asio::this_coro::throw_if_cancelled(false);
            co_await asio::this_coro::reset_cancellation_state(asio::enable_total_cancellation());
            error_code ec;
            self->listen(ec);
            if (ec)
                co_return std::pair{ec, std::size_t{0}};
            if (self->stopping)
                co_return std::pair{error_code{}, std::size_t{0}};
            asio::co_spawn(self->strand, ticker(self), asio::detached);
            error_code result;
            std::size_t served = 0;
            for (;;)
            {
                auto [aec, sock] =
                    co_await self->acceptor.async_accept(self->strand, as_tuple(use_awaitable));
                if (aec)
                {
                    if (!self->stopping)
                    {
                        // Cancelled (or the acceptor failed): stop as stop() does.
                        result = aec;
                        self->do_stop();
                    }
                    break;
                }
                ++self->accepted;
                if (self->conns.size() >= self->opt.max_connections)
                {
                    ++self->refused;
                    error_code ignored;
                    sock.close(ignored);
                    continue;
                }
                ++served;
                auto c = std::make_shared<conn>(std::move(sock));
                self->conns.push_back(c);
                ++self->n_conns;
                asio::co_spawn(self->strand, session(self, c), asio::detached);
            }
            // Ends only after every session has let go of its socket.
            while (!self->conns.empty() || self->ticking)
            {
                self->idle.expires_at(std::chrono::steady_clock::time_point::max());
                co_await self->idle.async_wait(as_tuple(use_awaitable));
            }
            co_return std::pair{result, served};
        }

        static boost::asio::awaitable<void> session(std::shared_ptr<impl> self, std::shared_ptr<conn> c)
        {
            namespace asio = boost::asio;
            namespace http = boost::beast::http;
            using asio::as_tuple;
            using asio::use_awaitable;
            boost::beast::flat_buffer buf;
            while (!self->stopping)
            {
                http::request_parser<http::string_body> parser;
                parser.header_limit(16 * 1024);
                parser.body_limit(4 * 1024);
                c->stream.expires_after(self->opt.request_timeout);
                auto [ec, n] = co_await http::async_read(c->stream, buf, parser, as_tuple(use_awaitable));
                if (ec)
                    break;
                c->stream.expires_never();
                const auto& req = parser.get();
                ++self->requests;
                bool head = req.method() == http::verb::head;
                std::string_view target(req.target().data(), req.target().size());
                std::string_view path = target.substr(0, target.find('?'));

                http::response<http::string_body> res{http::status::ok, req.version()};
                res.set(http::field::server, "arangokit");
                res.set(http::field::cache_control, "no-store");
                res.keep_alive(req.keep_alive());
                auto plain = [&](http::status st, std::string body) {
                    res.result(st);
                    res.set(http::field::content_type, "text/plain; charset=utf-8");
                    res.body() = std::move(body);
                };
                bool stream = false;
                if (req.method() != http::verb::get && !head)
                {
                    plain(http::status::method_not_allowed, "only GET and HEAD\n");
                    res.set(http::field::allow, "GET, HEAD");
                }
                else if (path == "/" || path == "/index.html")
                {
                    res.set(http::field::content_type, "text/html; charset=utf-8");
                    // The page needs nothing from the network: say so to the browser as well.
                    res.set(
                        "Content-Security-Policy",
                        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                        "connect-src 'self'; img-src data:"
                    );
                    res.body() = std::string(detail::status_page_html);
                }
                else if (path != "/status.json" && path != "/events")
                    plain(http::status::not_found, "not found\n");
                else if (!self->authorized(std::string_view(
                             req[http::field::authorization].data(), req[http::field::authorization].size()
                         )))
                {
                    ++self->unauthorized;
                    plain(http::status::unauthorized, "a bearer token is needed\n");
                    res.set(http::field::www_authenticate, "Bearer realm=\"arangokit\"");
                }
                else if (path == "/status.json")
                {
                    res.set(http::field::content_type, "application/json");
                    res.body() = self->board->to_json(self->stats_json());
                }
                else
                    stream = !head;
                if (path == "/events" && res.result() == http::status::ok)
                {
                    res.set(http::field::content_type, "text/event-stream");
                    res.set("X-Accel-Buffering", "no");
                }
                if (stream)
                {
                    // The stream's body lasts until either side closes: no length, no keep-alive.
                    res.keep_alive(false);
                    http::response_serializer<http::string_body> sr(res);
                    res.body().clear();
                    auto [hec, hn] =
                        co_await http::async_write_header(c->stream, sr, as_tuple(use_awaitable));
                    if (hec || self->stopping)
                        break;
                    co_await run_stream(self, c);
                    break;
                }
                std::size_t len = res.body().size();
                res.prepare_payload();
                if (head)
                {
                    res.body().clear();
                    res.content_length(len);
                }
                bool keep = res.keep_alive();
                auto [wec, wn] = co_await http::async_write(c->stream, res, as_tuple(use_awaitable));
                if (wec || !keep)
                    break;
            }
            self->forget(c);
        }

        static boost::asio::awaitable<void> run_stream(std::shared_ptr<impl> self, std::shared_ptr<conn> c)
        {
            namespace asio = boost::asio;
            error_code ec;
            // A small send buffer keeps what a stalled client holds small.
            c->stream.socket().set_option(
                asio::socket_base::send_buffer_size(self->opt.stream_send_buffer), ec
            );
            c->is_stream = true;
            ++self->n_streams;
            // The first snapshot goes out at once, with the browser's reconnection delay.
            std::uint64_t v = self->board->version() + 1;
            self->write(c, std::make_shared<const std::string>("retry: 1000\n" + *self->message_for(v)), v);
            // Nothing is expected from the client: a read ends when it goes away (or the server stops).
            char sink[512];
            for (;;)
            {
                auto [rec, n] = co_await c->stream.socket().async_read_some(
                    asio::buffer(sink), asio::as_tuple(asio::use_awaitable)
                );
                if (rec)
                    break;
            }
        }
    };

    std::shared_ptr<impl> s_;
};

} // namespace arangokit

#endif
