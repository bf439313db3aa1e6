// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// arango_client's typed endpoints (count, version, readiness, cursors, hot backups, shard sync), each built
// on co_json/co_request from impl/arango_client.hpp.
#ifndef ARANGOKIT_ARANGO_HTTP_IMPL_ARANGO_CLIENT_ENDPOINTS_HPP
#define ARANGOKIT_ARANGO_HTTP_IMPL_ARANGO_CLIENT_ENDPOINTS_HPP

#include <arangokit/arango/http/arango_client.hpp>
#include <arangokit/arango/http/detail/shard_sync.hpp>

#include <boost/asio/this_coro.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace arangokit {
namespace detail {
template <class T, class U> op_outcome<T> forward_failure(const op_outcome<U>& r)
{
    return op_outcome<T>{r.ec, T{}, r.diag};
}

template <class T> op_outcome<T> protocol_failure(const std::string& what, const std::string& endpoint)
{
    return op_outcome<T>{make_error_code(errc::protocol_error), T{}, arango_error{0, 0, what, {}, endpoint}};
}

inline const boost::json::object* as_object(const boost::json::value& v)
{
    return v.is_object() ? &v.get_object() : nullptr;
}
} // namespace detail

inline boost::asio::awaitable<detail::op_outcome<std::uint64_t>> arango_client::co_count(http_request req)
{
    auto r = co_await co_json(std::move(req));
    if (r.ec)
        co_return detail::forward_failure<std::uint64_t>(r);
    auto o = detail::as_object(r.value);
    if (!o || !o->contains("count") || !o->at("count").is_number())
        co_return detail::protocol_failure<std::uint64_t>(
            "count response has no count", current_endpoint().to_string()
        );
    boost::system::error_code ec;
    auto n = o->at("count").to_number<std::uint64_t>(ec);
    if (ec)
        co_return detail::protocol_failure<std::uint64_t>(
            "count is not a non-negative integer", current_endpoint().to_string()
        );
    co_return detail::op_outcome<std::uint64_t>{{}, n, {}};
}

inline boost::asio::awaitable<detail::op_outcome<version_info>> arango_client::co_version()
{
    http_request req;
    req.target = "/_api/version?details=true";
    auto r = co_await co_request(std::move(req), {});
    if (r.ec)
        co_return detail::forward_failure<version_info>(r);
    auto v = r.value.try_json();
    auto o = v ? detail::as_object(*v) : nullptr;
    if (!o || !o->contains("version"))
        co_return detail::protocol_failure<version_info>(
            "/_api/version answer has no version", r.value.endpoint
        );
    version_info vi;
    auto str = [&](const boost::json::object& obj, const char* k) {
        auto it = obj.find(k);
        return it != obj.end() && it->value().is_string() ? std::string(it->value().get_string())
                                                          : std::string();
    };
    vi.server = str(*o, "server");
    vi.version = str(*o, "version");
    vi.license = str(*o, "license");
    if (auto d = o->find("details"); d != o->end() && d->value().is_object())
    {
        vi.details = d->value().get_object();
        vi.role = str(vi.details, "role");
    }
    vi.endpoint = r.value.endpoint;
    co_return detail::op_outcome<version_info>{{}, std::move(vi), {}};
}

inline boost::asio::awaitable<detail::op_outcome<version_info>> arango_client::co_wait_until_ready(deadline dl
)
{
    namespace asio = boost::asio;
    co_await detail::accept_any_cancellation();
    const deadline eff = earliest(dl, cfg_.global_deadline);
    for (std::size_t i = 0; i < cfg_.endpoints.size(); ++i)
    {
        unsigned polls = 0;
        std::string last;
        for (;;)
        {
            if (eff.expired())
            {
                detail::op_outcome<version_info> out;
                out.ec = make_error_code(errc::server_not_ready);
                out.diag = arango_error{
                    0, 0,
                    "server at " + cfg_.endpoints[i].to_string() +
                        " did not become ready before the deadline (" + std::to_string(polls) +
                        " polls; last: " + (last.empty() ? "none" : last) + ")",
                    "GET /_admin/server/availability", cfg_.endpoints[i].to_string()};
                co_return out;
            }
            http_request req;
            req.target = "/_admin/server/availability";
            req.timeout =
                std::chrono::duration_cast<std::chrono::milliseconds>(eff.clamp(std::chrono::seconds(2)));
            if (*req.timeout <= std::chrono::milliseconds::zero())
                req.timeout = std::chrono::milliseconds(1);
            detail::request_mode mode;
            mode.pinned_endpoint = i;
            ++polls;
            auto r = co_await co_request(std::move(req), mode);
            if (!r.ec)
                break;
            if (r.ec == errc::authentication_failed || r.ec == errc::tls_error)
                co_return detail::forward_failure<version_info>(r);
            last = r.diag ? r.diag->describe() : r.ec.message();
            auto delay = std::chrono::milliseconds(std::min<unsigned>(500, 50u << std::min(polls, 4u)));
            co_await detail::sleep_until_or(eff, delay);
        }
    }
    co_return co_await co_version();
}

inline boost::asio::awaitable<detail::op_outcome<query_cursor>>
arango_client::co_query(std::string db, query_options q)
{
    boost::json::object body;
    body["query"] = q.query;
    if (!q.bind_vars.empty())
        body["bindVars"] = q.bind_vars;
    if (q.batch_size)
        body["batchSize"] = *q.batch_size;
    if (q.count)
        body["count"] = true;
    auto req = http_request::json(boost::beast::http::verb::post, database_path(db, "/_api/cursor"), body);
    auto r = co_await co_json(std::move(req));
    if (r.ec)
        co_return detail::forward_failure<query_cursor>(r);
    auto o = detail::as_object(r.value);
    if (!o || !o->contains("result") || !o->at("result").is_array())
        co_return detail::protocol_failure<query_cursor>(
            "cursor answer has no result array", current_endpoint().to_string()
        );
    query_cursor c;
    c.client_ = this;
    c.database_ = db;
    c.first_ = o->at("result").get_array();
    if (auto h = o->find("hasMore"); h != o->end() && h->value().is_bool())
        c.has_more_ = h->value().get_bool();
    if (auto id = o->find("id"); id != o->end() && id->value().is_string())
        c.id_ = std::string(id->value().get_string());
    if (auto n = o->find("count"); n != o->end() && n->value().is_number())
    {
        boost::system::error_code ec;
        auto v = n->value().to_number<std::uint64_t>(ec);
        if (!ec)
            c.count_ = v;
    }
    if (c.has_more_ && c.id_.empty())
        co_return detail::protocol_failure<query_cursor>(
            "cursor has more batches but no id", current_endpoint().to_string()
        );
    co_return detail::op_outcome<query_cursor>{{}, std::move(c), {}};
}

inline boost::asio::awaitable<detail::op_outcome<std::optional<boost::json::array>>>
arango_client::co_cursor_next(query_cursor* c)
{
    using result_t = std::optional<boost::json::array>;
    if (c->first_)
    {
        result_t batch = std::move(c->first_);
        c->first_.reset();
        co_return detail::op_outcome<result_t>{{}, std::move(batch), {}};
    }
    if (!c->has_more_)
        co_return detail::op_outcome<result_t>{};
    http_request req;
    req.method = boost::beast::http::verb::put;
    req.target = database_path(c->database_, "/_api/cursor/" + url_encode(c->id_));
    req.idempotent = false;
    auto r = co_await co_json(std::move(req));
    if (r.ec)
        co_return detail::forward_failure<result_t>(r);
    auto o = detail::as_object(r.value);
    if (!o || !o->contains("result") || !o->at("result").is_array())
        co_return detail::protocol_failure<result_t>(
            "cursor answer has no result array", current_endpoint().to_string()
        );
    c->has_more_ = false;
    if (auto h = o->find("hasMore"); h != o->end() && h->value().is_bool())
        c->has_more_ = h->value().get_bool();
    co_return detail::op_outcome<result_t>{{}, result_t(o->at("result").get_array()), {}};
}

inline boost::asio::awaitable<detail::op_outcome<bool>> arango_client::co_cursor_close(query_cursor* c)
{
    c->first_.reset();
    if (!c->has_more_ || c->id_.empty())
        co_return detail::op_outcome<bool>{};
    http_request req;
    req.method = boost::beast::http::verb::delete_;
    req.target = database_path(c->database_, "/_api/cursor/" + url_encode(c->id_));
    auto r = co_await co_json(std::move(req));
    c->has_more_ = false;
    if (r.ec)
        co_return detail::forward_failure<bool>(r);
    co_return detail::op_outcome<bool>{{}, true, {}};
}

inline boost::asio::awaitable<detail::op_outcome<boost::json::array>>
arango_client::co_query_all(std::string db, query_options q)
{
    auto first = co_await co_query(db, std::move(q));
    if (first.ec)
        co_return detail::forward_failure<boost::json::array>(first);
    boost::json::array all;
    for (;;)
    {
        auto b = co_await co_cursor_next(&first.value);
        if (b.ec)
            co_return detail::forward_failure<boost::json::array>(b);
        if (!b.value)
            break;
        for (auto& d : *b.value)
            all.push_back(std::move(d));
    }
    co_return detail::op_outcome<boost::json::array>{{}, std::move(all), {}};
}

inline boost::asio::awaitable<detail::op_outcome<backup_info>>
arango_client::co_create_backup(boost::json::object body)
{
    auto req = http_request::json(boost::beast::http::verb::post, "/_admin/backup/create", body);
    auto r = co_await co_json(std::move(req));
    if (r.ec)
        co_return detail::forward_failure<backup_info>(r);
    auto o = detail::as_object(r.value);
    if (!o || !o->contains("result") || !o->at("result").is_object())
        co_return detail::protocol_failure<backup_info>(
            "backup create answer has no result", current_endpoint().to_string()
        );
    auto b = backup_info::from_json(o->at("result").get_object());
    if (b.id.empty())
        co_return detail::protocol_failure<backup_info>(
            "backup create answer has no id", current_endpoint().to_string()
        );
    co_return detail::op_outcome<backup_info>{{}, std::move(b), {}};
}

inline boost::asio::awaitable<detail::op_outcome<std::vector<backup_info>>> arango_client::co_list_backups()
{
    auto req =
        http_request::json(boost::beast::http::verb::post, "/_admin/backup/list", boost::json::object());
    req.idempotent = true;
    auto r = co_await co_json(std::move(req));
    using vec = std::vector<backup_info>;
    if (r.ec)
        co_return detail::forward_failure<vec>(r);
    auto o = detail::as_object(r.value);
    const boost::json::object* res =
        o && o->contains("result") ? detail::as_object(o->at("result")) : nullptr;
    if (!res)
        co_return detail::protocol_failure<vec>(
            "backup list answer has no result", current_endpoint().to_string()
        );
    vec out;
    if (auto l = res->find("list"); l != res->end() && l->value().is_object())
        for (const auto& [id, b] : l->value().get_object())
            if (b.is_object())
            {
                auto info = backup_info::from_json(b.get_object());
                if (info.id.empty())
                    info.id = std::string(id);
                out.push_back(std::move(info));
            }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    co_return detail::op_outcome<vec>{{}, std::move(out), {}};
}

inline boost::asio::awaitable<detail::op_outcome<boost::json::value>>
arango_client::co_wait_for_shards(std::string db, deadline dl)
{
    namespace asio = boost::asio;
    co_await detail::accept_any_cancellation();
    const deadline eff = earliest(dl, cfg_.global_deadline);
    unsigned polls = 0;
    std::string why;
    for (;;)
    {
        http_request req;
        req.target = database_path(db, "/_admin/cluster/shardDistribution");
        if (!eff.is_none())
            req.timeout = std::max(
                std::chrono::milliseconds(1),
                std::chrono::duration_cast<std::chrono::milliseconds>(eff.clamp(std::chrono::seconds(30)))
            );
        auto r = co_await co_json(std::move(req));
        ++polls;
        if (r.ec && r.ec != errc::deadline_exceeded)
            co_return r;
        if (!r.ec)
        {
            auto o = detail::as_object(r.value);
            if (!o || !o->contains("results"))
                co_return detail::protocol_failure<boost::json::value>(
                    "shardDistribution answer has no results", current_endpoint().to_string()
                );
            if (detail::shards_in_sync(o->at("results"), &why))
                co_return detail::op_outcome<boost::json::value>{{}, o->at("results"), {}};
        }
        if (eff.expired() || r.ec)
        {
            detail::op_outcome<boost::json::value> out;
            out.ec = make_error_code(errc::deadline_exceeded);
            out.diag = arango_error{
                0, 0,
                "shards of database '" + db + "' not in sync before the deadline after " +
                    std::to_string(polls) + " polls: " + why,
                "GET /_admin/cluster/shardDistribution", current_endpoint().to_string()};
            co_return out;
        }
        auto delay = std::chrono::milliseconds(std::min<unsigned>(500, 100u * polls));
        co_await detail::sleep_until_or(eff, delay);
    }
}

// ---------------------------------------------------------------------------------------------------------
// query_cursor

template <
    boost::asio::completion_token_for<void(error_code, std::optional<boost::json::array>)> CompletionToken>
auto query_cursor::async_next(CompletionToken&& token)
{
    return client_->template initiate<std::optional<boost::json::array>>(
        std::forward<CompletionToken>(token), [this]() { return client_->co_cursor_next(this); }
    );
}

template <boost::asio::completion_token_for<void(error_code, bool)> CompletionToken>
auto query_cursor::async_close(CompletionToken&& token)
{
    return client_->template initiate<bool>(std::forward<CompletionToken>(token), [this]() {
        return client_->co_cursor_close(this);
    });
}

} // namespace arangokit

#endif
