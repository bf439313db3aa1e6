// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_BACKUP_INFO_HPP
#define ARANGOKIT_ARANGO_HTTP_BACKUP_INFO_HPP

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>

namespace arangokit {

/// \brief One hot backup, from `POST /_admin/backup/create` or `/_admin/backup/list`.
struct backup_info
{
    std::string id{};       ///< "<utc-datetime>_<label|uuid>"
    std::string datetime{}; ///< when it was taken
    std::uint64_t size_in_bytes = 0;
    std::string version{}; ///< server version that took it (list only)
    std::uint64_t nr_files = 0;
    std::uint64_t nr_db_servers = 0;
    bool potentially_inconsistent = false;
    bool available = true;     ///< list only; true for a fresh create
    boost::json::object raw{}; ///< the full object as the server sent it

    friend bool operator==(const backup_info&, const backup_info&) = default;

    static backup_info from_json(const boost::json::object& o)
    {
        backup_info b;
        b.raw = o;
        auto str = [&](const char* k) -> std::string {
            auto it = o.find(k);
            return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : "";
        };
        auto num = [&](const char* k) -> std::uint64_t {
            auto it = o.find(k);
            boost::system::error_code ec;
            if (it == o.end() || !it->value().is_number())
                return 0;
            auto v = it->value().to_number<std::uint64_t>(ec);
            return ec ? 0 : v;
        };
        auto flag = [&](const char* k, bool dflt) {
            auto it = o.find(k);
            return it != o.end() && it->value().is_bool() ? it->value().get_bool() : dflt;
        };
        b.id = str("id");
        b.datetime = str("datetime");
        b.version = str("version");
        b.size_in_bytes = num("sizeInBytes");
        b.nr_files = num("nrFiles");
        b.nr_db_servers = num("nrDBServers");
        b.potentially_inconsistent = flag("potentiallyInconsistent", false);
        b.available = flag("available", true);
        return b;
    }
};

} // namespace arangokit

#endif
