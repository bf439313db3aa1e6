// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// /_api/user: users and their database and collection grants, with ArangoDB's replies and error numbers.
// Managing users needs rw on _system; a user may read its own record and its own permissions.
#include "api_util.hpp"

namespace arangokit::sim {

namespace {

json::object user_json(const std::string& name, const user_record& r)
{
    return json::object{{"user", name}, {"active", r.active}, {"extra", r.extra}};
}

std::string level_of_grant(const request& req)
{
    json::object b = parse_object_body(req);
    auto* g = b.if_contains("grant");
    if (!g || !g->is_string() || (*g != "rw" && *g != "ro" && *g != "none"))
        fail(400, 10, "invalid grant: expecting \"rw\", \"ro\" or \"none\" in 'grant'");
    return std::string(g->as_string());
}

std::string level_name(access a)
{
    return a == access::rw ? "rw" : a == access::ro ? "ro" : "none";
}

// Fills a user from a POST/PUT body (replace) or merges (PATCH).
void apply_body(user_record& r, const json::object& b, bool replace)
{
    if (auto* pw = b.if_contains("passwd"))
    {
        if (!pw->is_string())
            fail(400, 10, "'passwd' must be a string");
        r.password = std::string(pw->as_string());
    }
    else if (replace)
        r.password.clear();
    if (auto* a = b.if_contains("active"))
    {
        if (!a->is_bool())
            fail(400, 10, "'active' must be a boolean");
        r.active = a->as_bool();
    }
    else if (replace)
        r.active = true;
    if (auto* e = b.if_contains("extra"))
    {
        if (!e->is_object())
            fail(400, 10, "'extra' must be an object");
        if (replace)
            r.extra = e->as_object();
        else
            for (auto& kv : e->as_object())
                r.extra[kv.key()] = kv.value();
    }
    else if (replace)
        r.extra = {};
}

} // namespace

std::optional<response> api::users_api(const request& req, const std::vector<std::string>& seg)
{
    if (seg.size() < 2 || seg[0] != "_api" || seg[1] != "user")
        return std::nullopt;
    const std::string& m = req.method;
    auto& users = st_.users();
    auto find = [&](const std::string& name) -> user_record& {
        auto it = users.find(name);
        if (it == users.end())
            fail(404, 1703, "user not found");
        return it->second;
    };
    // Reading oneself is allowed; everything else on other users needs rw on _system.
    auto need_self_or_admin = [&](const std::string& name) {
        if (super_ || name == user_)
            return;
        need_admin();
    };

    if (seg.size() == 2)
    {
        if (m == "GET")
        {
            json::array list;
            for (auto& [n, r] : users)
                if (super_ || n == user_ || db_access("_system") == access::rw)
                    list.push_back(user_json(n, r));
            return ok_reply(200, json::object{{"result", std::move(list)}});
        }
        if (m == "POST")
        {
            need_admin();
            json::object b = parse_object_body(req);
            auto* u = b.if_contains("user");
            if (!u || !u->is_string() || u->as_string().empty())
                fail(400, 1700, "invalid user name");
            std::string name(u->as_string());
            if (users.count(name))
                fail(409, 1702, "duplicate user");
            user_record r;
            apply_body(r, b, true);
            auto& stored = users.emplace(name, std::move(r)).first->second;
            st_.mark_dirty();
            return ok_reply(201, user_json(name, stored));
        }
        bad_method();
    }
    const std::string& name = seg[2];
    if (seg.size() == 3)
    {
        if (m == "GET")
        {
            need_self_or_admin(name);
            return ok_reply(200, user_json(name, find(name)));
        }
        if (m == "PATCH" || m == "PUT")
        {
            need_self_or_admin(name);
            user_record& r = find(name);
            json::object b = parse_object_body(req);
            // Only administrators change "active"; a user may change its own password and extra data.
            if (!super_ && name == user_ && db_access("_system") != access::rw && b.contains("active"))
                need_admin();
            apply_body(r, b, m == "PUT");
            st_.mark_dirty();
            return ok_reply(200, user_json(name, r));
        }
        if (m == "DELETE")
        {
            need_admin();
            find(name);
            users.erase(name);
            st_.mark_dirty();
            return ok_reply(202, json::object{});
        }
        bad_method();
    }
    if (seg[3] != "database")
        unknown_path(req);

    if (m == "GET")
    {
        need_self_or_admin(name);
        find(name);
        // Evaluate as that user.
        std::string saved_user = user_;
        bool saved_super = super_;
        user_ = name;
        super_ = false;
        json::object reply;
        try
        {
            if (seg.size() == 4)
            {
                bool full = qbool(req, "full", false);
                json::object result;
                for (auto& [dn, db] : st_.databases())
                {
                    access a = db_access(dn);
                    if (!full)
                    {
                        if (a != access::none)
                            result[dn] = level_name(a);
                        continue;
                    }
                    json::object colls;
                    for (auto& [cn, c] : db.collections)
                        colls[cn] = level_name(coll_access(dn, cn));
                    colls["*"] = level_name(coll_access(dn, "*"));
                    result[dn] =
                        json::object{{"permission", level_name(a)}, {"collections", std::move(colls)}};
                }
                if (full)
                {
                    const user_record& r = users.at(name);
                    auto it = r.db_grants.find("*");
                    result["*"] = json::object{{"permission", it == r.db_grants.end() ? "none" : it->second}};
                }
                reply = json::object{{"result", std::move(result)}};
            }
            else if (seg.size() == 5)
                reply = json::object{{"result", level_name(db_access(seg[4]))}};
            else if (seg.size() == 6)
                reply = json::object{{"result", level_name(coll_access(seg[4], seg[5]))}};
            else
                unknown_path(req);
        }
        catch (...)
        {
            user_ = saved_user;
            super_ = saved_super;
            throw;
        }
        user_ = saved_user;
        super_ = saved_super;
        return ok_reply(200, std::move(reply));
    }

    need_admin();
    user_record& r = find(name);
    if (seg.size() < 5 || seg.size() > 6)
        unknown_path(req);
    const std::string& dbn = seg[4];
    if (dbn != "*" && !st_.databases().count(dbn))
        fail(404, 1228, "database not found");
    if (seg.size() == 6 && seg[5] != "*" && dbn != "*" && !st_.find_coll(st_.db(dbn), seg[5]))
        fail(404, 1203, "collection or view not found");
    if (m == "PUT")
    {
        std::string level = level_of_grant(req);
        if (seg.size() == 5)
        {
            r.db_grants[dbn] = level;
            st_.mark_dirty();
            return ok_reply(200, json::object{{dbn, level}});
        }
        r.coll_grants[dbn][seg[5]] = level;
        st_.mark_dirty();
        return ok_reply(200, json::object{{dbn + "/" + seg[5], level}});
    }
    if (m == "DELETE")
    {
        if (seg.size() == 5)
            r.db_grants.erase(dbn);
        else if (auto it = r.coll_grants.find(dbn); it != r.coll_grants.end())
            it->second.erase(seg[5]);
        st_.mark_dirty();
        return ok_reply(202, json::object{});
    }
    bad_method();
}

} // namespace arangokit::sim
