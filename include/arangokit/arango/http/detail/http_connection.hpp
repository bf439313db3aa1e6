// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_DETAIL_HTTP_CONNECTION_HPP
#define ARANGOKIT_ARANGO_HTTP_DETAIL_HTTP_CONNECTION_HPP

#include <arangokit/arango/endpoint.hpp>
#include <arangokit/arango/http/client_config.hpp>
#include <arangokit/error.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <openssl/ssl.h>
#include <string>
#include <variant>

namespace arangokit::detail {

// One HTTP/1.1 connection to one endpoint; coroutine members throw boost::system::system_error.
class http_connection
{
  public:
    using tcp = boost::asio::ip::tcp;
    using local = boost::asio::local::stream_protocol;
    using ssl_stream = boost::asio::ssl::stream<tcp::socket>;
    using response = boost::beast::http::response<boost::beast::http::string_body>;
    using request = boost::beast::http::request<boost::beast::http::string_body>;

    http_connection(boost::asio::any_io_executor ex, endpoint ep) : ex_(std::move(ex)), ep_(std::move(ep)) {}

    const endpoint& remote() const noexcept { return ep_; }
    bool reused() const noexcept { return exchanges_ > 0; }

    boost::asio::awaitable<bool> connect(boost::asio::ssl::context* ctx, const tls_options& tls)
    {
        namespace asio = boost::asio;
        if (ep_.is_unix_socket())
        {
            local::socket s(ex_);
            co_await s.async_connect(local::endpoint(ep_.path()), asio::use_awaitable);
            stream_.emplace<local::socket>(std::move(s));
            co_return true;
        }
        tcp::resolver resolver(ex_);
        auto results = co_await resolver.async_resolve(ep_.host(), ep_.service(), asio::use_awaitable);
        tcp::socket s(ex_);
        co_await asio::async_connect(s, results, asio::use_awaitable);
        s.set_option(tcp::no_delay(true));
        if (!ep_.uses_tls())
        {
            stream_.emplace<tcp::socket>(std::move(s));
            co_return true;
        }
        auto& st = stream_.emplace<ssl_stream>(std::move(s), *ctx);
        if (!ep_.is_ip_literal())
            ::SSL_set_tlsext_host_name(st.native_handle(), ep_.host().c_str());
        if (!tls.insecure)
        {
            st.set_verify_mode(asio::ssl::verify_peer);
            if (tls.verify_host)
                st.set_verify_callback(asio::ssl::host_name_verification(ep_.host()));
        }
        else
            st.set_verify_mode(asio::ssl::verify_none);
        auto [ec] =
            co_await st.async_handshake(asio::ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
        if (ec)
        {
            std::string why = ec.message();
            if (long v = ::SSL_get_verify_result(st.native_handle()); v != X509_V_OK)
                why += std::string(" (") + ::X509_verify_cert_error_string(v) + ")";
            if (ec == asio::error::operation_aborted || !is_tls_category(ec))
                throw boost::system::system_error(ec, "TLS handshake with " + ep_.to_string());
            throw boost::system::system_error(
                make_error_code(errc::tls_error), "TLS handshake with " + ep_.to_string() + " failed: " + why
            );
        }
        co_return true;
    }

    boost::asio::awaitable<response> exchange(request& req, std::uint64_t body_limit)
    {
        namespace asio = boost::asio;
        namespace http = boost::beast::http;
        http::response_parser<http::string_body> parser;
        parser.body_limit(body_limit);
        if (req.method() == http::verb::head)
            parser.skip(true);
        co_await std::visit(
            [&](auto& s) -> asio::awaitable<void> {
                if constexpr (std::is_same_v<std::decay_t<decltype(s)>, std::monostate>)
                    throw boost::system::system_error(asio::error::not_connected);
                else
                {
                    co_await http::async_write(s, req, asio::use_awaitable);
                    co_await http::async_read(s, buffer_, parser, asio::use_awaitable);
                }
            },
            stream_
        );
        ++exchanges_;
        co_return parser.release();
    }

    void close() noexcept
    {
        boost::system::error_code ignored;
        std::visit(
            [&](auto& s) {
                using S = std::decay_t<decltype(s)>;
                if constexpr (std::is_same_v<S, ssl_stream>)
                    s.next_layer().close(ignored);
                else if constexpr (!std::is_same_v<S, std::monostate>)
                    s.close(ignored);
            },
            stream_
        );
        stream_.emplace<std::monostate>();
    }

  private:
    static bool is_tls_category(const error_code& ec) noexcept
    {
        return ec.category() == boost::asio::error::get_ssl_category() ||
               ec.category() == boost::asio::ssl::error::get_stream_category();
    }

    boost::asio::any_io_executor ex_;
    endpoint ep_;
    std::variant<std::monostate, tcp::socket, ssl_stream, local::socket> stream_;
    boost::beast::flat_buffer buffer_;
    std::uint64_t exchanges_ = 0;
};

} // namespace arangokit::detail

#endif
