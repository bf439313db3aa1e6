// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_BACKUP_ROTATION_HPP
#define ARANGOKIT_ARTIFACTS_BACKUP_ROTATION_HPP

#include <arangokit/arango/http/backup_info.hpp>
#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace arangokit {

// One hot backup: `backup_info` (id, datetime, size_in_bytes, ...) from arango/http/backup_info.hpp, shared
// with the HTTP client so a listing can be rotated directly.

/// \brief What a rotation keeps and deletes.
struct rotation_plan
{
    std::vector<backup_info> keep{};    ///< the newest N, newest first
    std::vector<backup_info> remove{};  ///< everything older, newest first
    std::vector<backup_info> undated{}; ///< no parseable date in `datetime` nor in `id`: never deleted
};

namespace detail {

// Microseconds since the epoch for "YYYY-MM-DDTHH:MM:SS[.frac][Z|+hh:mm|-hh:mm]"; ':' or '.' between the time
// fields, because backup ids carry the time with dots ("2019-05-15T14.20.15Z").
inline std::optional<std::int64_t> parse_backup_time(std::string_view s)
{
    auto num = [&](std::size_t pos, std::size_t n) -> std::optional<int> {
        if (pos + n > s.size())
            return std::nullopt;
        int v = 0;
        for (std::size_t i = pos; i < pos + n; ++i)
        {
            if (s[i] < '0' || s[i] > '9')
                return std::nullopt;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    auto sep = [&](std::size_t pos, std::string_view allowed) {
        return pos < s.size() && allowed.find(s[pos]) != allowed.npos;
    };
    auto y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), se = num(17, 2);
    if (!y || !mo || !d || !h || !mi || !se || !sep(4, "-") || !sep(7, "-") || !sep(10, "T ") ||
        !sep(13, ":.") || !sep(16, ":."))
        return std::nullopt;
    if (*mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 || *mi > 59 || *se > 60)
        return std::nullopt;
    std::size_t pos = 19;
    std::int64_t micros = 0;
    if (pos < s.size() && s[pos] == '.' && pos + 1 < s.size() && s[pos + 1] >= '0' && s[pos + 1] <= '9')
    {
        ++pos;
        std::int64_t scale = 100000;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
        {
            micros += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
    }
    std::int64_t offset_s = 0;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-'))
    {
        auto oh = num(pos + 1, 2), om = num(pos + 4, 2);
        if (!oh || !om)
            return std::nullopt;
        offset_s = (*oh * 3600 + *om * 60) * (s[pos] == '+' ? 1 : -1);
    }
    using namespace std::chrono;
    auto ymd = year_month_day{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
    if (!ymd.ok())
        return std::nullopt;
    auto secs = sys_days{ymd}.time_since_epoch() / 1s + *h * 3600 + *mi * 60 + *se - offset_s;
    return static_cast<std::int64_t>(secs) * 1000000 + micros;
}

} // namespace detail

/// \brief Keep the newest `keep_last` backups, delete the rest: a pure function over a backup list.
/// \details "Newest" is by `datetime` (parsed, so time zones and fractions compare correctly); when it does
/// not parse, the time in the id (`<UTC datetime>_<label>`, as ArangoDB generates them) is used. Equal times
/// are ordered by id, the greater id counting as newer, so the result never depends on the input order.
/// A backup with no parseable time anywhere is never deleted and is listed in `undated`. Duplicate ids are
/// counted once. `keep_last == 0` deletes every dated backup.
ARANGOKIT_DECL rotation_plan plan_backup_rotation(std::vector<backup_info> backups, std::size_t keep_last)
{
    rotation_plan plan;
    std::vector<std::pair<std::int64_t, backup_info>> dated;
    std::vector<std::string> seen;
    for (auto& b : backups)
    {
        if (std::find(seen.begin(), seen.end(), b.id) != seen.end())
            continue;
        seen.push_back(b.id);
        auto t = detail::parse_backup_time(b.datetime);
        if (!t)
            t = detail::parse_backup_time(b.id);
        if (t)
            dated.emplace_back(*t, std::move(b));
        else
            plan.undated.push_back(std::move(b));
    }
    std::sort(dated.begin(), dated.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second.id > b.second.id;
    });
    for (std::size_t i = 0; i < dated.size(); ++i)
        (i < keep_last ? plan.keep : plan.remove).push_back(std::move(dated[i].second));
    return plan;
}

/// \brief The backups to delete so that only the newest `keep_last` remain (`plan_backup_rotation().remove`).
ARANGOKIT_DECL std::vector<backup_info>
backups_to_delete(std::vector<backup_info> backups, std::size_t keep_last)
{
    return plan_backup_rotation(std::move(backups), keep_last).remove;
}

/// \brief Parses the body of `POST /_admin/backup/list`: `{"result":{"list":{"<id>":{"id","datetime",
/// "sizeInBytes",...}}}}`. Errors: `errc::protocol_error` naming what is missing.
ARANGOKIT_DECL std::vector<backup_info>
parse_backup_list(const boost::json::value& body, error_code& ec, artifact_diagnostics& diag)
{
    ec.clear();
    diag.clear();
    std::vector<backup_info> out;
    const boost::json::value* list = nullptr;
    if (auto* o = body.if_object())
        if (auto* r = o->if_contains("result"); r && r->is_object())
            list = r->get_object().if_contains("list");
    if (!list || !list->is_object())
    {
        detail::set_artifact_error(ec, diag, errc::protocol_error, "backup list: no \"result.list\" object");
        return {};
    }
    for (const auto& [key, v] : list->get_object())
    {
        backup_info b;
        b.id = std::string(key);
        if (auto* e = v.if_object())
        {
            if (auto* id = e->if_contains("id"); id && id->is_string())
                b.id = std::string(id->get_string());
            if (auto* dt = e->if_contains("datetime"); dt && dt->is_string())
                b.datetime = std::string(dt->get_string());
            if (auto* sz = e->if_contains("sizeInBytes"); sz && sz->is_number())
                b.size_in_bytes = sz->to_number<std::uint64_t>();
        }
        out.push_back(std::move(b));
    }
    return out;
}

/// \brief A source of hot backups the rotation helper can list and delete.
/// \details Completion signatures: `async_list`: `void(error_code, std::vector<backup_info>)`;
/// `async_delete(id)`: `void(error_code)`. Both must accept any completion token (they are called with
/// `as_tuple(use_awaitable)`). See docs/artifacts.md for adapters over the HTTP client and arangobackup.
template <class Store>
concept backup_store = requires(Store& s, const std::string& id)
{
    {s.get_executor()};
    {
        s.async_list(boost::asio::as_tuple(boost::asio::use_awaitable))
        } -> std::same_as<boost::asio::awaitable<std::tuple<error_code, std::vector<backup_info>>>>;
    {s.async_delete(id, boost::asio::as_tuple(boost::asio::use_awaitable))};
};

/// \brief A failed deletion during a rotation.
struct failed_deletion
{
    backup_info backup{};
    error_code error{};
};

/// \brief The outcome of `async_rotate_backups`.
struct rotation_result
{
    rotation_plan plan{};                  ///< what the policy decided (empty if listing failed)
    std::vector<backup_info> deleted{};    ///< deleted successfully
    std::vector<failed_deletion> failed{}; ///< deletions that failed (the rotation goes on after a failure)
};

namespace detail {

template <class Store>
boost::asio::awaitable<std::tuple<error_code, rotation_result>>
rotate_backups_op(Store& store, std::size_t keep_last)
{
    namespace asio = boost::asio;
    rotation_result res;
    auto [lec, list] = co_await store.async_list(asio::as_tuple(asio::use_awaitable));
    if (lec)
        co_return std::tuple<error_code, rotation_result>{lec, std::move(res)};
    res.plan = plan_backup_rotation(std::move(list), keep_last);
    error_code first;
    for (const auto& b : res.plan.remove)
    {
        auto [dec] = co_await store.async_delete(b.id, asio::as_tuple(asio::use_awaitable));
        if (!dec)
        {
            res.deleted.push_back(b);
            continue;
        }
        res.failed.push_back({b, dec});
        if (!first)
            first = dec;
        if (dec == asio::error::operation_aborted)
            break; // cancelled: do not start more deletions
    }
    co_return std::tuple<error_code, rotation_result>{first, std::move(res)};
}

} // namespace detail

/// \brief Lists the store's backups, keeps the newest `keep_last` (see `plan_backup_rotation`) and deletes
/// the rest, one at a time.
/// \par Handler signature
/// `void(error_code, rotation_result)`. `ec` is the listing error, or the first deletion error (the other
/// deletions are still attempted; every failure is in `result.failed`). The result is filled in either way.
/// \par Cancellation
/// Per-operation cancellation is forwarded to the store operation in progress; after a cancelled deletion no
/// further deletion starts.
/// \par Object lifetimes
/// `store` must outlive the operation.
/// \par Thread safety
/// The operation runs on `store.get_executor()`; the handler is invoked through its associated executor.
template <
    backup_store Store,
    boost::asio::completion_token_for<void(error_code, rotation_result)> CompletionToken = default_token>
auto async_rotate_backups(Store& store, std::size_t keep_last, CompletionToken&& token = {})
{
    namespace asio = boost::asio;
    return asio::async_initiate<CompletionToken, void(error_code, rotation_result)>(
        [&store, keep_last](auto handler) {
            auto slot = asio::get_associated_cancellation_slot(handler);
            auto ex = store.get_executor();
            asio::co_spawn(
                ex, detail::rotate_backups_op(store, keep_last),
                asio::bind_cancellation_slot(
                    slot,
                    [h = std::move(handler),
                     ex](std::exception_ptr ep, std::tuple<error_code, rotation_result> r) mutable {
                        auto [ec, res] = std::move(r);
                        if (ep)
                        {
                            try
                            {
                                std::rethrow_exception(ep);
                            }
                            catch (const boost::system::system_error& e)
                            {
                                ec = e.code();
                            }
                            catch (...)
                            {
                                ec = errc::protocol_error;
                            }
                        }
                        auto hex = asio::get_associated_executor(h, ex);
                        asio::dispatch(hex, [h = std::move(h), ec = ec, res = std::move(res)]() mutable {
                            std::move(h)(ec, std::move(res));
                        });
                    }
                )
            );
        },
        token
    );
}

} // namespace arangokit

#endif
