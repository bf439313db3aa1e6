// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_IMPL_ARANGO_CLIENT_HPP
#define ARANGOKIT_ARANGO_HTTP_IMPL_ARANGO_CLIENT_HPP

#include <arangokit/arango/http/arango_client.hpp>
#include <arangokit/arango/http/detail/retry.hpp>
#include <arangokit/arango/http/detail/run_until.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <exception>

namespace arangokit {

namespace detail {

template <class T> op_outcome<T> outcome_from_exception(std::exception_ptr ep)
{
    op_outcome<T> r;
    try
    {
        std::rethrow_exception(ep);
    }
    catch (const boost::system::system_error& e)
    {
        r.ec = error_code(e.code().value(), e.code().category());
        if (r.ec != boost::asio::error::operation_aborted)
            r.diag = arango_error{0, 0, e.what(), {}, {}};
    }
    catch (const std::exception& e)
    {
        r.ec = make_error_code(errc::protocol_error);
        r.diag = arango_error{0, 0, e.what(), {}, {}};
    }
    return r;
}

// Plain handlers get (ec, value); the default token's handler gets the rich arango_exception.
template <class Handler, class T> void deliver(Handler& h, op_outcome<T>&& r)
{
    std::move(h)(r.ec, std::move(r.value));
}

template <class Handler, class T> void deliver(diagnostics_handler<Handler>& h, op_outcome<T>&& r)
{
    std::exception_ptr ep;
    if (r.ec)
    {
        arango_error e = r.diag.value_or(arango_error{});
        if (e.message.empty() && !e.from_server())
            e.message = r.ec.message();
        ep = std::make_exception_ptr(arango_exception(r.ec, std::move(e)));
    }
    std::move(h.handler_)(ep, std::move(r.value));
}

inline std::string request_line(const http_request& req)
{
    return std::string(boost::beast::http::to_string(req.method)) + " " + req.target;
}

} // namespace detail

struct arango_client::attempt_result
{
    error_code ec;
    detail::attempt_stage stage = detail::attempt_stage::connect;
    bool reused = false;
    std::string what;
    detail::http_connection::response response;
};

inline arango_client::arango_client(executor_type ex, client_config cfg)
    : ex_(std::move(ex)), cfg_(std::move(cfg)), pool_(cfg_.max_idle_connections)
{
    if (cfg_.endpoints.empty())
        throw boost::system::system_error(
            make_error_code(errc::invalid_options), "arango_client: no endpoints"
        );
    bool any_tls =
        std::any_of(cfg_.endpoints.begin(), cfg_.endpoints.end(), [](auto& e) { return e.uses_tls(); });
    if (any_tls)
    {
        ssl_ctx_ = std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
        ssl_ctx_->set_options(
            boost::asio::ssl::context::default_workarounds | boost::asio::ssl::context::no_sslv2 |
            boost::asio::ssl::context::no_sslv3 | boost::asio::ssl::context::no_tlsv1 |
            boost::asio::ssl::context::no_tlsv1_1
        );
        boost::system::error_code ec;
        if (cfg_.tls.ca_file)
            ssl_ctx_->load_verify_file(cfg_.tls.ca_file->string(), ec);
        else if (cfg_.tls.use_system_ca)
            ssl_ctx_->set_default_verify_paths(ec);
        if (ec)
            throw boost::system::system_error(
                make_error_code(errc::invalid_options), "arango_client: cannot load CA file: " + ec.message()
            );
    }
}

template <
    class T,
    boost::asio::completion_token_for<void(error_code, T)> CompletionToken,
    class MakeAwaitable>
auto arango_client::initiate(CompletionToken&& token, MakeAwaitable make)
{
    namespace asio = boost::asio;
    return asio::async_initiate<CompletionToken, void(error_code, T)>(
        [ex = ex_](auto handler, MakeAwaitable make) {
            auto slot = asio::get_associated_cancellation_slot(handler);
            auto work = asio::make_work_guard(asio::get_associated_executor(handler, ex));
            // The user's cancellation slot is attached to the coroutine, which then sees every type
            // (reset_cancellation_state in co_request and friends).
            asio::co_spawn(
                ex, std::move(make)(),
                asio::bind_cancellation_slot(
                    slot,
                    [h = std::move(handler),
                     work = std::move(work)](std::exception_ptr ep, detail::op_outcome<T> r) mutable {
                        if (ep)
                            r = detail::outcome_from_exception<T>(ep);
                        auto hex = work.get_executor();
                        work.reset();
                        asio::dispatch(hex, [h = std::move(h), r = std::move(r)]() mutable {
                            detail::deliver(h, std::move(r));
                        });
                    }
                )
            );
        },
        token, std::move(make)
    );
}

inline boost::asio::awaitable<arango_client::attempt_result>
arango_client::co_attempt(std::size_t idx, http_request req, std::optional<std::string> auth)
{
    namespace asio = boost::asio;
    namespace http = boost::beast::http;
    attempt_result r;
    const endpoint& ep = cfg_.endpoints[idx];
    auto conn = pool_.take(ep);
    r.reused = conn != nullptr;
    try
    {
        if (!conn)
        {
            conn = std::make_unique<detail::http_connection>(ex_, ep);
            auto connected = co_await detail::run_until(
                deadline::after(cfg_.connect_timeout), conn->connect(ssl_ctx_.get(), cfg_.tls)
            );
            if (!connected)
            {
                r.ec = asio::error::timed_out;
                r.what = "connect to " + ep.to_string() + " timed out";
                co_return r;
            }
        }
        r.stage = detail::attempt_stage::exchange;
        http::request<http::string_body> hr{req.method, req.target, 11};
        hr.set(http::field::host, ep.host_header());
        hr.set(http::field::user_agent, cfg_.user_agent);
        hr.set(http::field::accept, "application/json");
        hr.keep_alive(true);
        if (auth)
            hr.set(http::field::authorization, *auth);
        for (auto& [k, v] : req.headers)
            hr.set(k, v);
        if (!req.body.empty() || req.method == http::verb::post || req.method == http::verb::put ||
            req.method == http::verb::patch)
        {
            hr.set(http::field::content_type, req.content_type);
            hr.body() = std::move(req.body);
        }
        hr.prepare_payload();
        r.response = co_await conn->exchange(hr, cfg_.max_body_size);
        if (r.response.keep_alive())
            pool_.give_back(std::move(conn));
        else
            conn->close();
    }
    catch (const boost::system::system_error& e)
    {
        // Drop Boost 1.81's source location, which would leak into every message.
        r.ec = error_code(e.code().value(), e.code().category());
        if (r.ec == errc::tls_error)
            r.what = e.what();
        else
            r.what = ep.to_string() + ": " + e.code().message();
    }
    co_return r;
}

inline boost::asio::awaitable<detail::op_outcome<std::optional<std::string>>>
arango_client::co_authorization()
{
    detail::op_outcome<std::optional<std::string>> out;
    switch (cfg_.auth.kind())
    {
    case auth_kind::none:
        co_return out;
    case auth_kind::basic:
        out.value = cfg_.auth.basic_authorization();
        co_return out;
    case auth_kind::bearer_token:
        out.value = "bearer " + *cfg_.auth.jwt_token;
        co_return out;
    case auth_kind::superuser_jwt:
        if (!cached_token_)
        {
            try
            {
                superuser_token_options o;
                o.server_id = cfg_.auth.server_id;
                cached_token_ = make_superuser_jwt(cfg_.auth.resolve_secret(), o);
            }
            catch (const std::exception& e)
            {
                out.ec = make_error_code(errc::authentication_failed);
                out.diag =
                    arango_error{0, 0, std::string("cannot make a superuser JWT: ") + e.what(), {}, {}};
                co_return out;
            }
        }
        out.value = "bearer " + *cached_token_;
        co_return out;
    case auth_kind::user_jwt:
        if (!cached_token_)
        {
            boost::json::object body;
            body["username"] = cfg_.auth.username;
            body["password"] = cfg_.auth.password;
            auto req = http_request::json(boost::beast::http::verb::post, "/_open/auth", body);
            req.idempotent = true;
            detail::request_mode mode;
            mode.send_auth = false;
            auto r = co_await co_request(std::move(req), mode);
            if (r.ec)
            {
                out.ec = r.ec;
                out.diag = r.diag;
                co_return out;
            }
            auto v = r.value.try_json();
            if (!v || !v->is_object() || !v->get_object().contains("jwt") ||
                !v->get_object().at("jwt").is_string())
            {
                out.ec = make_error_code(errc::protocol_error);
                out.diag = arango_error{
                    r.value.status, 0, "/_open/auth did not return a jwt", "POST /_open/auth",
                    r.value.endpoint};
                co_return out;
            }
            cached_token_ = std::string(v->get_object().at("jwt").get_string());
        }
        out.value = "bearer " + *cached_token_;
        co_return out;
    }
    co_return out;
}

inline boost::asio::awaitable<detail::op_outcome<http_response>>
arango_client::co_request(http_request req, detail::request_mode mode)
{
    namespace asio = boost::asio;
    co_await detail::accept_any_cancellation();
    detail::op_outcome<http_response> out;
    const deadline dl =
        earliest(cfg_.global_deadline, deadline::after(req.timeout.value_or(cfg_.request_timeout)));
    const std::string line = detail::request_line(req);
    std::size_t idx = mode.pinned_endpoint.value_or(current_);
    const unsigned max_attempts = mode.pinned_endpoint ? 1u : std::max(1u, cfg_.retry.max_attempts);
    unsigned failures = 0;
    bool reauthenticated = false;
    std::string last_error;

    auto fail = [&](error_code ec, unsigned status, int num, std::string msg) {
        out.ec = ec;
        out.value.endpoint = cfg_.endpoints[idx].to_string();
        out.diag = arango_error{status, num, std::move(msg), line, cfg_.endpoints[idx].to_string()};
        out.value.error = out.diag;
    };

    for (unsigned attempt = 1;; ++attempt)
    {
        out.value.attempts = attempt;
        if (dl.expired())
        {
            fail(
                make_error_code(errc::deadline_exceeded), 0, 0,
                "deadline exceeded" + (last_error.empty() ? std::string() : "; last error: " + last_error)
            );
            co_return out;
        }
        std::optional<std::string> auth;
        if (mode.send_auth)
        {
            auto a = co_await co_authorization();
            if (a.ec)
            {
                out.ec = a.ec;
                out.diag = a.diag;
                out.value.error = a.diag;
                co_return out;
            }
            auth = std::move(a.value);
        }
        auto r = co_await detail::run_until(dl, co_attempt(idx, req, auth));
        if (!r)
        {
            fail(
                make_error_code(errc::deadline_exceeded), 0, 0,
                "deadline exceeded while waiting for " + cfg_.endpoints[idx].to_string() +
                    (last_error.empty() ? std::string() : "; last error: " + last_error)
            );
            co_return out;
        }
        bool retry = false;
        if (r->ec)
        {
            last_error = r->what;
            if (r->ec == asio::error::operation_aborted)
                throw boost::system::system_error(r->ec);
            if (detail::is_tls_failure(r->ec) || r->ec == errc::tls_error)
            {
                fail(make_error_code(errc::tls_error), 0, 0, r->what);
                co_return out;
            }
            if (!detail::should_retry(r->ec, r->stage, req.is_idempotent(), r->reused))
            {
                fail(r->ec, 0, 0, r->what);
                co_return out;
            }
            // A stale pooled connection is not the endpoint's fault: retry on the same one at once.
            if (r->reused && r->stage == detail::attempt_stage::exchange && attempt < max_attempts + 1)
                continue;
            retry = true;
            if (attempt >= max_attempts)
            {
                fail(r->ec, 0, 0, r->what + " (after " + std::to_string(attempt) + " attempts)");
                co_return out;
            }
        }
        else
        {
            unsigned status = r->response.result_int();
            if (detail::status_is_retryable(status) && attempt < max_attempts)
            {
                last_error = cfg_.endpoints[idx].to_string() + ": HTTP 503";
                retry = true;
            }
            else if (status == 401 && cfg_.auth.kind() == auth_kind::user_jwt && mode.send_auth && !reauthenticated)
            {
                // The cached user token may have expired: fetch a new one once.
                reauthenticated = true;
                cached_token_.reset();
                continue;
            }
            else
            {
                current_ = idx;
                out.value.status = status;
                out.value.headers = std::move(r->response.base());
                out.value.body = std::move(r->response.body());
                out.value.endpoint = cfg_.endpoints[idx].to_string();
                if (status >= 400 && !req.accept_error_status)
                {
                    auto e = arango_error::from_body(status, out.value.body);
                    std::string msg =
                        e ? e->message
                          : "HTTP " + std::to_string(status) + " " + std::string(r->response.reason());
                    error_code ec = status == 401 ? make_error_code(errc::authentication_failed)
                                                  : make_error_code(errc::http_error);
                    out.ec = ec;
                    out.diag =
                        arango_error{status, e ? e->error_num : 0, std::move(msg), line, out.value.endpoint};
                    out.value.error = out.diag;
                }
                co_return out;
            }
        }
        if (retry)
        {
            ++failures;
            if (!mode.pinned_endpoint)
                idx = (idx + 1) % cfg_.endpoints.size();
            co_await detail::sleep_until_or(dl, detail::backoff_delay(cfg_.retry, failures));
        }
    }
}

inline boost::asio::awaitable<detail::op_outcome<boost::json::value>> arango_client::co_json(http_request req)
{
    auto r = co_await co_request(std::move(req), {});
    detail::op_outcome<boost::json::value> out{r.ec, {}, r.diag};
    if (r.ec)
    {
        if (auto v = r.value.try_json())
            out.value = std::move(*v);
        co_return out;
    }
    if (r.value.body.empty())
        co_return out;
    auto v = r.value.try_json();
    if (!v)
    {
        out.ec = make_error_code(errc::protocol_error);
        out.diag = arango_error{r.value.status, 0, "response body is not JSON", {}, r.value.endpoint};
        co_return out;
    }
    out.value = std::move(*v);
    co_return out;
}

inline boost::asio::awaitable<detail::op_outcome<bool>> arango_client::co_exists(http_request req)
{
    auto r = co_await co_request(std::move(req), {});
    detail::op_outcome<bool> out{r.ec, false, r.diag};
    if (r.ec)
        co_return out;
    if (r.value.status == 404)
        co_return out;
    if (r.value.status >= 400)
    {
        out.ec = r.value.status == 401 ? make_error_code(errc::authentication_failed)
                                       : make_error_code(errc::http_error);
        out.diag =
            arango_error{r.value.status, 0, "HTTP " + std::to_string(r.value.status), {}, r.value.endpoint};
        co_return out;
    }
    out.value = true;
    co_return out;
}

} // namespace arangokit

#include <arangokit/arango/http/impl/arango_client_endpoints.hpp>

#endif
