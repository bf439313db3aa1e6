// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_DETAIL_CONNECTION_POOL_HPP
#define ARANGOKIT_ARANGO_HTTP_DETAIL_CONNECTION_POOL_HPP

#include <arangokit/arango/http/detail/http_connection.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace arangokit::detail {

// Idle keep-alive connections per endpoint. Not thread-safe: the client confines it to its executor.
class connection_pool
{
  public:
    explicit connection_pool(std::size_t max_idle) : max_idle_(max_idle) {}

    std::unique_ptr<http_connection> take(const endpoint& ep)
    {
        auto it = idle_.find(ep.to_string());
        if (it == idle_.end() || it->second.empty())
            return nullptr;
        auto c = std::move(it->second.back());
        it->second.pop_back();
        return c;
    }

    void give_back(std::unique_ptr<http_connection> c)
    {
        auto& v = idle_[c->remote().to_string()];
        if (v.size() >= max_idle_)
        {
            c->close();
            return;
        }
        v.push_back(std::move(c));
    }

    std::size_t idle_count() const noexcept
    {
        std::size_t n = 0;
        for (auto& [k, v] : idle_)
            n += v.size();
        return n;
    }

    void clear() noexcept
    {
        for (auto& [k, v] : idle_)
            for (auto& c : v)
                c->close();
        idle_.clear();
    }

    ~connection_pool() { clear(); }

  private:
    std::size_t max_idle_;
    std::map<std::string, std::vector<std::unique_ptr<http_connection>>> idle_;
};

} // namespace arangokit::detail

#endif
