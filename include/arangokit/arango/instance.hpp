// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_INSTANCE_HPP
#define ARANGOKIT_ARANGO_INSTANCE_HPP

#include <arangokit/arango/tools/render.hpp>
#include <arangokit/instrumentation.hpp>
#include <arangokit/process/command.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace arangokit {

/// \brief A deployment to run the tools against: endpoints, credentials, database, binaries, version.
/// \details Build it in code, from environment variables (`from_environment`) or from the JSON the
/// original harness exports as `INSTANCEINFO` (`from_instanceinfo`). `tool_defaults()` turns it into the
/// `tool_context` every tool run starts from.
struct instance
{
    std::vector<std::string> endpoints{};    ///< a single server, or a cluster's coordinators
    std::filesystem::path root_dir{};        ///< the instance's directory; private files and logs go below it
    std::string username{};                  ///< empty: the tools' default (root)
    std::optional<std::string> password{};   ///< unset: empty password is sent (never a prompt)
    std::optional<std::string> jwt_secret{}; ///< raw secret: rendered to a private keyfile
    std::optional<std::string> jwt_secret_keyfile{};
    std::string database{};          ///< empty: `_system`
    std::filesystem::path bin_dir{}; ///< where arangodump & co. live; empty: PATH
    std::optional<arango_version> version{};
    arango_edition edition = arango_edition::unknown;
    instrumentation instr{};
    bool cluster = false;             ///< the endpoints are coordinators
    std::vector<std::string> notes{}; ///< what the readers assumed or ignored

    /// \brief The defaults for every tool run: server options, version, edition, run dir, timeout factor.
    tool_context tool_defaults() const
    {
        tool_context c;
        c.server.endpoint = option_list<std::string>(endpoints.begin(), endpoints.end());
        if (!database.empty())
            c.server.database = database;
        if (jwt_secret)
            c.server.jwt_secret = jwt_secret;
        else if (jwt_secret_keyfile)
            c.server.jwt_secret_keyfile = jwt_secret_keyfile;
        else
        {
            if (!username.empty())
                c.server.username = username;
            c.server.password = password.value_or(std::string());
        }
        c.bin_dir = bin_dir;
        c.version = version;
        c.edition = edition;
        c.run_dir = root_dir;
        c.timeout_factor = instr.timeout_factor();
        return c;
    }

    /// \brief Environment additions for tool children, as `san-file-handler.js` and `coverageEnvironment()`
    /// do: each sanitizer's `<SAN>_OPTIONS` gets `log_path=<root_dir>/<san>.log:log_exe_name=true`
    /// (appended to `existing(<SAN>_OPTIONS)`), and `GCOV_PREFIX` gets a per-process sub-directory.
    environment_spec child_environment(
        const std::function<std::optional<std::string>(const std::string&)>& existing = {},
        const std::string& unique = {}
    ) const
    {
        environment_spec env;
        auto add = [&](bool on, const char* var, const char* san) {
            if (!on)
                return;
            std::string v = existing ? existing(var).value_or("") : std::string();
            std::string mine =
                "log_path=" + (root_dir / (std::string(san) + ".log")).string() + ":log_exe_name=true";
            env.set[var] = v.empty() ? mine : v + ":" + mine;
        };
        add(instr.asan, "ASAN_OPTIONS", "asan");
        add(instr.ubsan, "UBSAN_OPTIONS", "ubsan");
        add(instr.lsan, "LSAN_OPTIONS", "lsan");
        add(instr.tsan, "TSAN_OPTIONS", "tsan");
        if (instr.coverage && existing)
            if (auto g = existing("GCOV_PREFIX"); g && !g->empty())
                env.set["GCOV_PREFIX"] = *g + "/" + (unique.empty() ? std::string("arangokit") : unique);
        return env;
    }

    /// \brief Reads the environment (see docs/tools.md for the list); `getenv` is replaceable for tests.
    /// \details If `INSTANCEINFO` is set it is read first and the `ARANGOKIT_*` variables override it:
    /// `ARANGOKIT_BIN_DIR`, `ARANGOKIT_ENDPOINT` (comma-separated), `ARANGOKIT_ROOT_DIR`,
    /// `ARANGOKIT_DATABASE`, `ARANGOKIT_USERNAME`, `ARANGOKIT_PASSWORD`, `ARANGOKIT_JWT_SECRET`,
    /// `ARANGOKIT_JWT_SECRET_KEYFILE`, `ARANGOKIT_VERSION`, `ARANGOKIT_EDITION` (community|enterprise),
    /// `ARANGOKIT_SANITIZERS` (comma-separated asan,ubsan,lsan,tsan), `ARANGOKIT_COVERAGE` (1/true),
    /// `ARANGOKIT_TIMEOUT_FACTOR`.
    static instance
    from_environment(const std::function<std::optional<std::string>(const std::string&)>& getenv_fn = {});

    /// \brief Reads the original harness's `INSTANCEINFO` JSON. Never throws; problems go to `notes`.
    /// \details Assumed shape (3.x `instanceInfo` / newer `instanceManager` structure): `endpoint` (string),
    /// optional `endpoints` (array), `rootDir`, `url`, `arangods` (array of `{role, endpoint, ...}`:
    /// coordinators are preferred, then `single`), credentials in `authOpts` (`username`/`password` or
    /// `server.username`/`server.password`) or `options` (`username`, `password`), a JWT secret in `JWT`,
    /// `jwtSecret` or `authOpts.jwtSecret`, instrumentation in `options.isInstrumented`/`isSan`/`isCov` (or
    /// top-level). Unknown keys are ignored.
    static instance from_instanceinfo(std::string_view json);
};

namespace detail {

inline std::vector<std::string> instance_split(std::string_view s, char sep)
{
    std::vector<std::string> out;
    while (!s.empty())
    {
        auto p = s.find(sep);
        std::string part(s.substr(0, p));
        while (!part.empty() && part.front() == ' ')
            part.erase(0, 1);
        while (!part.empty() && part.back() == ' ')
            part.pop_back();
        if (!part.empty())
            out.push_back(part);
        if (p == std::string_view::npos)
            break;
        s.remove_prefix(p + 1);
    }
    return out;
}

inline const boost::json::value* instance_find(const boost::json::value& v, std::string_view key)
{
    if (!v.is_object())
        return nullptr;
    auto it = v.as_object().find(key);
    return it == v.as_object().end() ? nullptr : &it->value();
}

inline std::optional<std::string> instance_string(const boost::json::value* v)
{
    if (v && v->is_string())
        return std::string(v->as_string());
    return std::nullopt;
}

inline bool instance_true(const boost::json::value* v)
{
    return v && ((v->is_bool() && v->as_bool()) || (v->is_string() && v->as_string() == "true"));
}

} // namespace detail

inline instance instance::from_instanceinfo(std::string_view json)
{
    instance inst;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(json, ec);
    if (ec || !v.is_object())
    {
        inst.notes.push_back(
            "INSTANCEINFO is not a JSON object" + (ec ? ": " + ec.message() : std::string())
        );
        return inst;
    }
    using detail::instance_find;
    using detail::instance_string;
    if (auto r = instance_string(instance_find(v, "rootDir")))
        inst.root_dir = *r;
    std::vector<std::string> coords, singles;
    if (auto a = instance_find(v, "arangods"); a && a->is_array())
    {
        for (const auto& d : a->as_array())
        {
            auto role = instance_string(instance_find(d, "role")).value_or("");
            auto ep = instance_string(instance_find(d, "endpoint"));
            if (!ep)
                continue;
            if (role == "coordinator")
                coords.push_back(*ep);
            else if (role == "single")
                singles.push_back(*ep);
        }
    }
    if (!coords.empty())
    {
        inst.endpoints = coords;
        inst.cluster = true;
    }
    else if (!singles.empty())
        inst.endpoints = singles;
    else if (auto a = instance_find(v, "endpoints"); a && a->is_array())
    {
        for (const auto& e : a->as_array())
            if (e.is_string())
                inst.endpoints.emplace_back(e.as_string());
    }
    if (inst.endpoints.empty())
    {
        if (auto e = instance_string(instance_find(v, "endpoint")))
            inst.endpoints.push_back(*e);
        else
            inst.notes.push_back("INSTANCEINFO has no endpoint; the tools' default applies");
    }
    const boost::json::value* auth = instance_find(v, "authOpts");
    const boost::json::value* opts = instance_find(v, "options");
    for (const auto* src : {auth, opts, static_cast<const boost::json::value*>(&v)})
    {
        if (!src)
            continue;
        if (inst.username.empty())
            if (auto u = instance_string(instance_find(*src, "username")))
                inst.username = *u;
        if (inst.username.empty())
            if (auto u = instance_string(instance_find(*src, "server.username")))
                inst.username = *u;
        if (!inst.password)
            inst.password = instance_string(instance_find(*src, "password"));
        if (!inst.password)
            inst.password = instance_string(instance_find(*src, "server.password"));
        for (const char* k : {"JWT", "jwtSecret", "jwt_secret"})
            if (!inst.jwt_secret)
                inst.jwt_secret = instance_string(instance_find(*src, k));
    }
    for (const auto* src : {opts, static_cast<const boost::json::value*>(&v)})
    {
        if (!src)
            continue;
        if (detail::instance_true(instance_find(*src, "isSan")))
            inst.instr.asan = inst.instr.ubsan = true;
        if (detail::instance_true(instance_find(*src, "isCov")))
            inst.instr.coverage = true;
        if (detail::instance_true(instance_find(*src, "isInstrumented")) && !inst.instr.instrumented())
        {
            inst.instr.asan = true;
            inst.notes.push_back("isInstrumented without isSan/isCov: assumed a sanitizer build");
        }
    }
    if (auto ver = instance_string(instance_find(v, "version")))
        inst.version = arango_version::parse(*ver);
    return inst;
}

inline instance
instance::from_environment(const std::function<std::optional<std::string>(const std::string&)>& getenv_fn)
{
    auto get = [&](const char* name) -> std::optional<std::string> {
        if (getenv_fn)
            return getenv_fn(name);
        const char* v = std::getenv(name);
        return v ? std::optional<std::string>(v) : std::nullopt;
    };
    instance inst;
    if (auto info = get("INSTANCEINFO"); info && !info->empty())
        inst = from_instanceinfo(*info);
    if (auto v = get("ARANGOKIT_BIN_DIR"))
        inst.bin_dir = *v;
    if (auto v = get("ARANGOKIT_ENDPOINT"); v && !v->empty())
    {
        inst.endpoints = detail::instance_split(*v, ',');
        inst.cluster = inst.endpoints.size() > 1;
    }
    if (auto v = get("ARANGOKIT_ROOT_DIR"))
        inst.root_dir = *v;
    if (auto v = get("ARANGOKIT_DATABASE"))
        inst.database = *v;
    if (auto v = get("ARANGOKIT_USERNAME"))
        inst.username = *v;
    if (auto v = get("ARANGOKIT_PASSWORD"))
        inst.password = *v;
    if (auto v = get("ARANGOKIT_JWT_SECRET"); v && !v->empty())
        inst.jwt_secret = *v;
    if (auto v = get("ARANGOKIT_JWT_SECRET_KEYFILE"); v && !v->empty())
        inst.jwt_secret_keyfile = *v;
    if (auto v = get("ARANGOKIT_VERSION"); v && !v->empty())
    {
        inst.version = arango_version::parse(*v);
        if (!inst.version)
            inst.notes.push_back("ARANGOKIT_VERSION '" + *v + "' is not a version; ignored");
    }
    if (auto v = get("ARANGOKIT_EDITION"))
    {
        if (*v == "community")
            inst.edition = arango_edition::community;
        else if (*v == "enterprise")
            inst.edition = arango_edition::enterprise;
        else if (!v->empty())
            inst.notes.push_back(
                "ARANGOKIT_EDITION '" + *v + "' is neither community nor enterprise; ignored"
            );
    }
    if (auto v = get("ARANGOKIT_SANITIZERS"))
    {
        for (const auto& s : detail::instance_split(*v, ','))
        {
            if (s == "asan")
                inst.instr.asan = true;
            else if (s == "ubsan")
                inst.instr.ubsan = true;
            else if (s == "lsan")
                inst.instr.lsan = true;
            else if (s == "tsan")
                inst.instr.tsan = true;
            else
                inst.notes.push_back("unknown sanitizer '" + s + "' in ARANGOKIT_SANITIZERS");
        }
    }
    if (auto v = get("ARANGOKIT_COVERAGE"))
        inst.instr.coverage = *v == "1" || *v == "true" || *v == "on" || *v == "yes";
    if (auto v = get("ARANGOKIT_TIMEOUT_FACTOR"); v && !v->empty())
    {
        char* end = nullptr;
        double f = std::strtod(v->c_str(), &end);
        if (end && *end == '\0' && f > 0)
            inst.instr.timeout_factor_override = f;
        else
            inst.notes.push_back("ARANGOKIT_TIMEOUT_FACTOR '" + *v + "' is not a positive number; ignored");
    }
    return inst;
}

} // namespace arangokit

#endif
