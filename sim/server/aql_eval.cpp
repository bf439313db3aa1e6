// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// AQL evaluation: each operation turns the list of rows (variable bindings) into the next list, which keeps
// SORT, COLLECT and LIMIT simple and exact. Values follow AQL's rules: type order null < bool < number <
// string < array < object, truthiness, implicit number conversion, and null for anything undefined.
#include "aql_ast.hpp"
#include <algorithm>
#include <charconv>
#include <cmath>
#include <random>
#include <regex>

namespace arangokit::sim::aql {

namespace {

using row = std::vector<std::pair<std::string, json::value>>;

json::value number(double d)
{
    if (!std::isfinite(d))
        return nullptr;
    if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0)
        return static_cast<std::int64_t>(d);
    return d;
}

int type_rank(const json::value& v)
{
    switch (v.kind())
    {
    case json::kind::null:
        return 0;
    case json::kind::bool_:
        return 1;
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
        return 2;
    case json::kind::string:
        return 3;
    case json::kind::array:
        return 4;
    default:
        return 5;
    }
}

int compare(const json::value& a, const json::value& b)
{
    int ra = type_rank(a), rb = type_rank(b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    switch (ra)
    {
    case 0:
        return 0;
    case 1:
        return a.as_bool() == b.as_bool() ? 0 : a.as_bool() ? 1 : -1;
    case 2: {
        double x = a.to_number<double>(), y = b.to_number<double>();
        return x < y ? -1 : x > y ? 1 : 0;
    }
    case 3: {
        int c = std::string_view(a.as_string()).compare(std::string_view(b.as_string()));
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    case 4: {
        auto& x = a.as_array();
        auto& y = b.as_array();
        static const json::value null_value;
        for (std::size_t i = 0; i < std::max(x.size(), y.size()); ++i)
        {
            int c = compare(i < x.size() ? x[i] : null_value, i < y.size() ? y[i] : null_value);
            if (c)
                return c;
        }
        return 0;
    }
    default: {
        auto& x = a.as_object();
        auto& y = b.as_object();
        std::set<std::string> keys;
        for (auto& kv : x)
            keys.insert(std::string(kv.key()));
        for (auto& kv : y)
            keys.insert(std::string(kv.key()));
        static const json::value null_value;
        for (auto& k : keys)
        {
            const json::value* xv = x.if_contains(k);
            const json::value* yv = y.if_contains(k);
            int c = compare(xv ? *xv : null_value, yv ? *yv : null_value);
            if (c)
                return c;
        }
        return 0;
    }
    }
}

struct value_less
{
    bool operator()(const std::vector<json::value>& a, const std::vector<json::value>& b) const
    {
        for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        {
            int c = compare(a[i], b[i]);
            if (c)
                return c < 0;
        }
        return a.size() < b.size();
    }
};

bool truthy(const json::value& v)
{
    switch (v.kind())
    {
    case json::kind::null:
        return false;
    case json::kind::bool_:
        return v.as_bool();
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
        return v.to_number<double>() != 0;
    case json::kind::string:
        return !v.as_string().empty();
    default:
        return true;
    }
}

std::string number_string(double d)
{
    json::value n = number(d);
    if (n.is_int64())
        return std::to_string(n.as_int64());
    if (n.is_null())
        return "null";
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d);
    return std::string(buf, r.ptr);
}

double to_double(const json::value& v);

std::string to_string(const json::value& v)
{
    switch (v.kind())
    {
    case json::kind::null:
        return "";
    case json::kind::bool_:
        return v.as_bool() ? "true" : "false";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
        return number_string(v.to_number<double>());
    case json::kind::string:
        return std::string(v.as_string());
    default:
        return json::serialize(v);
    }
}

double to_double(const json::value& v)
{
    switch (v.kind())
    {
    case json::kind::bool_:
        return v.as_bool() ? 1 : 0;
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
        return v.to_number<double>();
    case json::kind::string: {
        std::string s(v.as_string());
        auto b = s.find_first_not_of(" \t\r\n");
        if (b == std::string::npos)
            return 0;
        auto e = s.find_last_not_of(" \t\r\n");
        s = s.substr(b, e - b + 1);
        char* end = nullptr;
        double d = std::strtod(s.c_str(), &end);
        return end && *end == 0 ? d : 0;
    }
    case json::kind::array:
        return v.as_array().size() == 1 ? to_double(v.as_array()[0]) : 0;
    default:
        return 0;
    }
}

// UTF-8 code points, for LENGTH/SUBSTRING/REVERSE on strings.
std::vector<std::string> code_points(std::string_view s)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size();)
    {
        unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        out.emplace_back(s.substr(i, n));
        i += n;
    }
    return out;
}

bool like_match(std::string_view s, std::string_view p, bool ci)
{
    // Iterative wildcard matcher: % any sequence, _ one character, backslash escapes.
    std::size_t si = 0, pi = 0, star_p = std::string_view::npos, star_s = 0;
    auto eq = [&](char a, char b) {
        return ci ? std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b))
                  : a == b;
    };
    while (si < s.size())
    {
        if (pi < p.size() && p[pi] == '\\' && pi + 1 < p.size() && eq(p[pi + 1], s[si]))
        {
            pi += 2;
            ++si;
        }
        else if (pi < p.size() && p[pi] == '%')
        {
            star_p = pi++;
            star_s = si;
        }
        else if (pi < p.size() && (p[pi] == '_' || (p[pi] != '\\' && eq(p[pi], s[si]))))
        {
            ++pi;
            ++si;
        }
        else if (star_p != std::string_view::npos)
        {
            pi = star_p + 1;
            si = ++star_s;
        }
        else
            return false;
    }
    while (pi < p.size() && p[pi] == '%')
        ++pi;
    return pi == p.size();
}

struct engine
{
    store& st;
    database& d;
    const json::object& binds;
    const access_hook& hook;
    result& res;
    std::set<std::string> checked_read, checked_write;

    void warn(int code, const std::string& msg)
    {
        if (res.warnings.size() < 10)
            res.warnings.push_back(json::object{{"code", code}, {"message", msg}});
    }

    std::string coll_name(const coll_ref& r)
    {
        if (!r.bind.empty())
        {
            auto* v = binds.if_contains(r.bind);
            if (!v)
                fail(400, 1551, "AQL: no value specified for declared bind parameter '" + r.bind + "'");
            if (!v->is_string() || v->as_string().empty())
                fail(400, 1553, "AQL: bind parameter '" + r.bind + "' has an invalid value or type");
            return std::string(v->as_string());
        }
        return r.name;
    }
    collection& coll(const coll_ref& r, bool write)
    {
        std::string n = coll_name(r);
        collection* c = st.find_coll(d, n);
        if (!c)
            fail(404, 1203, "AQL: collection or view not found: " + n);
        if (hook && (write ? checked_write : checked_read).insert(n).second)
            hook(n, write);
        return *c;
    }

    const json::value* lookup(const row& r, const std::string& name) const
    {
        for (auto it = r.rbegin(); it != r.rend(); ++it)
            if (it->first == name)
                return &it->second;
        return nullptr;
    }

    json::value eval(const expr& e, const row& r, const json::value* cur = nullptr)
    {
        switch (e.kind)
        {
        case expr::literal:
            return e.value;
        case expr::variable: {
            const json::value* v = lookup(r, e.name);
            return v ? *v : json::value(nullptr);
        }
        case expr::current:
            return cur ? *cur : json::value(nullptr);
        case expr::bind: {
            auto* v = binds.if_contains(e.name);
            if (!v)
                fail(400, 1551, "AQL: no value specified for declared bind parameter '" + e.name + "'");
            return *v;
        }
        case expr::collection: {
            collection& c = coll(e.coll, false);
            json::array a;
            a.reserve(c.docs.size());
            for (auto& [seq, doc] : c.docs)
                a.push_back(doc);
            res.st.scanned_full += c.docs.size();
            return a;
        }
        case expr::attribute: {
            json::value base = eval(*e.kids[0], r, cur);
            if (!base.is_object())
                return nullptr;
            auto* v = base.as_object().if_contains(e.name);
            return v ? *v : json::value(nullptr);
        }
        case expr::index: {
            json::value base = eval(*e.kids[0], r, cur);
            json::value i = eval(*e.kids[1], r, cur);
            if (base.is_array() && i.is_number())
            {
                auto& a = base.as_array();
                auto n = static_cast<std::int64_t>(i.to_number<double>());
                if (n < 0)
                    n += static_cast<std::int64_t>(a.size());
                if (n < 0 || n >= static_cast<std::int64_t>(a.size()))
                    return nullptr;
                return a[static_cast<std::size_t>(n)];
            }
            if (base.is_object() && i.is_string())
            {
                auto* v = base.as_object().if_contains(i.as_string());
                return v ? *v : json::value(nullptr);
            }
            return nullptr;
        }
        case expr::expand: {
            json::value base = eval(*e.kids[0], r, cur);
            if (!base.is_array())
                return json::array{};
            json::array out;
            for (auto& el : base.as_array())
                out.push_back(eval(*e.kids[1], r, &el));
            return out;
        }
        case expr::array: {
            json::array a;
            for (auto& k : e.kids)
                a.push_back(eval(*k, r, cur));
            return a;
        }
        case expr::object: {
            json::object o;
            for (auto& m : e.members)
            {
                std::string key = m.key;
                if (m.computed)
                {
                    json::value k = eval(*m.computed, r, cur);
                    key = to_string(k);
                }
                o[key] = eval(*m.value, r, cur);
            }
            return o;
        }
        case expr::subquery: {
            std::vector<row> rows{r};
            auto out = execute(*e.sub, std::move(rows), false);
            json::array a;
            for (auto& v : out)
                a.push_back(std::move(v));
            return a;
        }
        case expr::ternary: {
            json::value c = eval(*e.kids[0], r, cur);
            if (!e.kids[1])
                return truthy(c) ? c : eval(*e.kids[2], r, cur);
            return truthy(c) ? eval(*e.kids[1], r, cur) : eval(*e.kids[2], r, cur);
        }
        case expr::unary: {
            json::value v = eval(*e.kids[0], r, cur);
            if (e.name == "!")
                return !truthy(v);
            if (e.name == "-")
                return number(-to_double(v));
            return number(to_double(v));
        }
        case expr::binary:
            return binary(e, r, cur);
        case expr::quantified: {
            json::value a = eval(*e.kids[0], r, cur);
            json::value b = eval(*e.kids[1], r, cur);
            if (!a.is_array())
                return false;
            std::size_t hits = 0;
            for (auto& x : a.as_array())
                hits += compare_op(e.name, x, b) ? 1 : 0;
            std::size_t n = a.as_array().size();
            if (e.text == "ANY")
                return hits > 0;
            if (e.text == "ALL")
                return hits == n;
            return hits == 0;
        }
        case expr::call:
            return call(e, r, cur);
        }
        return nullptr;
    }

    bool compare_op(const std::string& op, const json::value& a, const json::value& b)
    {
        if (op == "IN" || op == "NOT IN")
        {
            bool found = false;
            if (b.is_array())
                for (auto& x : b.as_array())
                    if (compare(a, x) == 0)
                    {
                        found = true;
                        break;
                    }
            return op == "IN" ? found : !found;
        }
        if (op == "LIKE" || op == "NOT LIKE")
        {
            bool m = like_match(to_string(a), to_string(b), false);
            return op == "LIKE" ? m : !m;
        }
        if (op == "=~" || op == "!~")
        {
            bool m = false;
            try
            {
                m = std::regex_search(to_string(a), std::regex(to_string(b), std::regex::ECMAScript));
            }
            catch (const std::regex_error&)
            {
                fail(400, 1575, "AQL: invalid regular expression '" + to_string(b) + "'");
            }
            return op == "=~" ? m : !m;
        }
        int c = compare(a, b);
        if (op == "==")
            return c == 0;
        if (op == "!=")
            return c != 0;
        if (op == "<")
            return c < 0;
        if (op == "<=")
            return c <= 0;
        if (op == ">")
            return c > 0;
        return c >= 0;
    }

    json::value binary(const expr& e, const row& r, const json::value* cur)
    {
        const std::string& op = e.name;
        if (op == "&&")
        {
            json::value a = eval(*e.kids[0], r, cur);
            return truthy(a) ? eval(*e.kids[1], r, cur) : a;
        }
        if (op == "||")
        {
            json::value a = eval(*e.kids[0], r, cur);
            return truthy(a) ? a : eval(*e.kids[1], r, cur);
        }
        json::value a = eval(*e.kids[0], r, cur);
        json::value b = eval(*e.kids[1], r, cur);
        if (op == "..")
        {
            auto from = static_cast<std::int64_t>(to_double(a));
            auto to = static_cast<std::int64_t>(to_double(b));
            if (std::llabs(to - from) > 10000000)
                fail(400, 1504, "AQL: range too large for the simulator");
            json::array out;
            for (std::int64_t i = from; from <= to ? i <= to : i >= to; i += from <= to ? 1 : -1)
                out.push_back(i);
            return out;
        }
        if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%")
        {
            double x = to_double(a), y = to_double(b);
            if (op == "+")
                return number(x + y);
            if (op == "-")
                return number(x - y);
            if (op == "*")
                return number(x * y);
            if (y == 0)
            {
                warn(1562, "division by zero");
                return nullptr;
            }
            if (op == "/")
                return number(x / y);
            return number(std::fmod(x, y));
        }
        return compare_op(op, a, b);
    }

    // ----- functions
    json::value call(const expr& e, const row& r, const json::value* cur)
    {
        std::vector<json::value> a;
        a.reserve(e.kids.size());
        for (auto& k : e.kids)
            a.push_back(eval(*k, r, cur));
        return function(e.name, a);
    }

    void arity(const std::string& name, const std::vector<json::value>& a, std::size_t lo, std::size_t hi)
    {
        if (a.size() < lo || a.size() > hi)
            fail(
                400, 1541,
                "AQL: invalid number of arguments for function '" + name +
                    "()', expected number of arguments: minimum: " + std::to_string(lo) +
                    ", maximum: " + std::to_string(hi)
            );
    }

    json::value function(const std::string& n, std::vector<json::value>& a)
    {
        auto arg = [&](std::size_t i) -> json::value& {
            static json::value null_value;
            null_value = nullptr;
            return i < a.size() ? a[i] : null_value;
        };
        auto numbers_of = [&](const json::value& v) {
            std::vector<double> out;
            if (v.is_array())
                for (auto& x : v.as_array())
                    if (!x.is_null())
                        out.push_back(to_double(x));
            return out;
        };
        auto expect_array = [&](const json::value& v) -> bool {
            if (v.is_array())
                return true;
            warn(1563, "invalid argument type in call to function '" + n + "()'");
            return false;
        };
        if (n == "LENGTH" || n == "COUNT")
        {
            arity(n, a, 1, 1);
            auto& v = a[0];
            if (v.is_array())
                return v.as_array().size();
            if (v.is_object())
                return v.as_object().size();
            if (v.is_string())
                return code_points(v.as_string()).size();
            if (v.is_null())
                return 0;
            if (v.is_bool())
                return v.as_bool() ? 1 : 0;
            return code_points(to_string(v)).size();
        }
        if (n == "SUM" || n == "AVERAGE" || n == "AVG" || n == "MIN" || n == "MAX")
        {
            arity(n, a, 1, 1);
            if (!expect_array(a[0]))
                return nullptr;
            if (n == "MIN" || n == "MAX")
            {
                const json::value* best = nullptr;
                for (auto& x : a[0].as_array())
                {
                    if (x.is_null())
                        continue;
                    if (!best || (n == "MIN" ? compare(x, *best) < 0 : compare(x, *best) > 0))
                        best = &x;
                }
                return best ? *best : json::value(nullptr);
            }
            auto xs = numbers_of(a[0]);
            double s = 0;
            for (double x : xs)
                s += x;
            if (n == "SUM")
                return number(s);
            return xs.empty() ? json::value(nullptr) : number(s / static_cast<double>(xs.size()));
        }
        if (n == "STDDEV_POPULATION" || n == "STDDEV" || n == "VARIANCE_POPULATION" || n == "VARIANCE" ||
            n == "STDDEV_SAMPLE" || n == "VARIANCE_SAMPLE")
        {
            arity(n, a, 1, 1);
            if (!expect_array(a[0]))
                return nullptr;
            auto xs = numbers_of(a[0]);
            bool sample = n.find("SAMPLE") != std::string::npos;
            if (xs.size() < (sample ? 2u : 1u))
                return nullptr;
            double mean = 0;
            for (double x : xs)
                mean += x;
            mean /= static_cast<double>(xs.size());
            double v = 0;
            for (double x : xs)
                v += (x - mean) * (x - mean);
            v /= static_cast<double>(xs.size() - (sample ? 1 : 0));
            return number(n.rfind("STDDEV", 0) == 0 ? std::sqrt(v) : v);
        }
        if (n == "CONCAT")
        {
            std::string s;
            for (auto& v : a)
                if (v.is_array())
                    for (auto& x : v.as_array())
                        s += to_string(x);
                else
                    s += to_string(v);
            return json::string(s);
        }
        if (n == "CONCAT_SEPARATOR")
        {
            arity(n, a, 2, 1000);
            std::string sep = to_string(a[0]), s;
            bool first = true;
            auto add = [&](const json::value& x) {
                if (x.is_null())
                    return;
                if (!first)
                    s += sep;
                s += to_string(x);
                first = false;
            };
            for (std::size_t i = 1; i < a.size(); ++i)
                if (a[i].is_array())
                    for (auto& x : a[i].as_array())
                        add(x);
                else
                    add(a[i]);
            return json::string(s);
        }
        if (n == "UPPER" || n == "LOWER")
        {
            arity(n, a, 1, 1);
            std::string s = to_string(a[0]);
            for (auto& c : s)
                c = static_cast<char>(
                    n == "UPPER" ? std::toupper(static_cast<unsigned char>(c))
                                 : std::tolower(static_cast<unsigned char>(c))
                );
            return json::string(s);
        }
        if (n == "CONTAINS")
        {
            arity(n, a, 2, 3);
            std::string s = to_string(a[0]), x = to_string(arg(1));
            auto pos = s.find(x);
            if (truthy(arg(2)))
                return pos == std::string::npos
                           ? std::int64_t(-1)
                           : static_cast<std::int64_t>(code_points(s.substr(0, pos)).size());
            return pos != std::string::npos;
        }
        if (n == "LIKE")
        {
            arity(n, a, 2, 3);
            return like_match(to_string(a[0]), to_string(a[1]), truthy(arg(2)));
        }
        if (n == "REGEX_TEST")
        {
            arity(n, a, 2, 3);
            try
            {
                auto flags = std::regex::ECMAScript;
                if (truthy(arg(2)))
                    flags |= std::regex::icase;
                return std::regex_search(to_string(a[0]), std::regex(to_string(a[1]), flags));
            }
            catch (const std::regex_error&)
            {
                warn(1575, "invalid regex in REGEX_TEST()");
                return nullptr;
            }
        }
        if (n == "SUBSTRING" || n == "LEFT" || n == "RIGHT")
        {
            arity(n, a, 2, n == "SUBSTRING" ? 3 : 2);
            auto cps = code_points(to_string(a[0]));
            auto len = static_cast<std::int64_t>(cps.size());
            std::int64_t off = 0, cnt = len;
            if (n == "SUBSTRING")
            {
                off = static_cast<std::int64_t>(to_double(a[1]));
                if (off < 0)
                    off = std::max<std::int64_t>(0, len + off);
                cnt = a.size() > 2 && !a[2].is_null() ? static_cast<std::int64_t>(to_double(a[2])) : len;
            }
            else if (n == "LEFT")
                cnt = static_cast<std::int64_t>(to_double(a[1]));
            else
            {
                cnt = static_cast<std::int64_t>(to_double(a[1]));
                off = std::max<std::int64_t>(0, len - cnt);
            }
            std::string out;
            for (std::int64_t i = off; i < len && i < off + cnt; ++i)
                out += cps[static_cast<std::size_t>(i)];
            return json::string(out);
        }
        if (n == "TRIM" || n == "LTRIM" || n == "RTRIM")
        {
            arity(n, a, 1, 2);
            std::string s = to_string(a[0]);
            std::string chars = " \t\r\n";
            if (n == "TRIM" && a.size() > 1 && a[1].is_number())
            {
                auto t = static_cast<int>(to_double(a[1]));
                if (t == 1)
                    n == "TRIM" ? void() : void();
                auto b = s.find_first_not_of(chars);
                auto e = s.find_last_not_of(chars);
                if (b == std::string::npos)
                    return json::string("");
                if (t == 1)
                    return json::string(s.substr(b));
                if (t == 2)
                    return json::string(s.substr(0, e + 1));
                return json::string(s.substr(b, e - b + 1));
            }
            if (a.size() > 1 && a[1].is_string())
                chars = std::string(a[1].as_string());
            auto b = n == "RTRIM" ? 0 : s.find_first_not_of(chars);
            if (b == std::string::npos)
                return json::string("");
            auto e = n == "LTRIM" ? s.size() - 1 : s.find_last_not_of(chars);
            return json::string(s.substr(b, e - b + 1));
        }
        if (n == "SPLIT")
        {
            arity(n, a, 1, 3);
            std::string s = to_string(a[0]);
            json::array out;
            if (a.size() < 2 || a[1].is_null())
            {
                out.push_back(json::string(s));
                return out;
            }
            std::string sep = to_string(a[1]);
            std::int64_t limit = a.size() > 2 ? static_cast<std::int64_t>(to_double(a[2])) : -1;
            if (sep.empty())
                for (auto& cp : code_points(s))
                    out.push_back(json::string(cp));
            else
            {
                std::size_t i = 0;
                while (true)
                {
                    auto j = s.find(sep, i);
                    out.push_back(json::string(s.substr(i, j == std::string::npos ? std::string::npos : j - i)
                    ));
                    if (j == std::string::npos)
                        break;
                    i = j + sep.size();
                }
            }
            if (limit >= 0 && static_cast<std::size_t>(limit) < out.size())
                out.resize(static_cast<std::size_t>(limit));
            return out;
        }
        if (n == "REVERSE")
        {
            arity(n, a, 1, 1);
            if (a[0].is_array())
            {
                json::array out(a[0].as_array().rbegin(), a[0].as_array().rend());
                return out;
            }
            auto cps = code_points(to_string(a[0]));
            std::string out;
            for (auto it = cps.rbegin(); it != cps.rend(); ++it)
                out += *it;
            return json::string(out);
        }
        if (n == "MERGE" || n == "MERGE_RECURSIVE")
        {
            std::vector<json::value> docs = a;
            if (a.size() == 1 && a[0].is_array())
                docs.assign(a[0].as_array().begin(), a[0].as_array().end());
            json::object out;
            for (auto& v : docs)
            {
                if (!v.is_object())
                {
                    warn(1542, "invalid argument type in call to function '" + n + "()'");
                    return nullptr;
                }
                merge_into(out, v.as_object(), true, n == "MERGE_RECURSIVE");
            }
            return out;
        }
        if (n == "KEEP" || n == "UNSET")
        {
            arity(n, a, 1, 1000);
            if (!a[0].is_object())
            {
                warn(1542, "invalid argument type in call to function '" + n + "()'");
                return nullptr;
            }
            std::set<std::string> names;
            for (std::size_t i = 1; i < a.size(); ++i)
                if (a[i].is_array())
                    for (auto& x : a[i].as_array())
                        names.insert(to_string(x));
                else
                    names.insert(to_string(a[i]));
            json::object out;
            for (auto& kv : a[0].as_object())
                if (names.count(std::string(kv.key())) == (n == "KEEP" ? 1u : 0u))
                    out[kv.key()] = kv.value();
            return out;
        }
        if (n == "HAS")
        {
            arity(n, a, 2, 2);
            return a[0].is_object() && a[0].as_object().contains(to_string(a[1]));
        }
        if (n == "ATTRIBUTES" || n == "KEYS" || n == "VALUES")
        {
            arity(n, a, 1, 3);
            if (!a[0].is_object())
                return nullptr;
            bool no_internal = truthy(arg(1));
            bool sorted = n != "VALUES" && truthy(arg(2));
            json::array out;
            for (auto& kv : a[0].as_object())
            {
                if (no_internal && !kv.key().empty() && kv.key()[0] == '_')
                    continue;
                out.push_back(n == "VALUES" ? kv.value() : json::value(json::string(kv.key())));
            }
            if (sorted)
                std::sort(out.begin(), out.end(), [](auto& x, auto& y) { return compare(x, y) < 0; });
            return out;
        }
        if (n == "IS_NULL")
            return arity(n, a, 1, 1), a[0].is_null();
        if (n == "IS_BOOL")
            return arity(n, a, 1, 1), a[0].is_bool();
        if (n == "IS_NUMBER")
            return arity(n, a, 1, 1), a[0].is_number();
        if (n == "IS_STRING")
            return arity(n, a, 1, 1), a[0].is_string();
        if (n == "IS_ARRAY" || n == "IS_LIST")
            return arity(n, a, 1, 1), a[0].is_array();
        if (n == "IS_OBJECT" || n == "IS_DOCUMENT")
            return arity(n, a, 1, 1), a[0].is_object();
        if (n == "TYPENAME")
        {
            arity(n, a, 1, 1);
            static const char* names[] = {"null", "bool", "number", "string", "array", "object"};
            return json::string(names[type_rank(a[0])]);
        }
        if (n == "TO_NUMBER")
            return arity(n, a, 1, 1), number(to_double(a[0]));
        if (n == "TO_STRING")
            return arity(n, a, 1, 1), json::value(json::string(to_string(a[0])));
        if (n == "TO_BOOL")
            return arity(n, a, 1, 1), truthy(a[0]);
        if (n == "TO_ARRAY" || n == "TO_LIST")
        {
            arity(n, a, 1, 1);
            if (a[0].is_array())
                return a[0];
            if (a[0].is_null())
                return json::array{};
            if (a[0].is_object())
            {
                json::array out;
                for (auto& kv : a[0].as_object())
                    out.push_back(kv.value());
                return out;
            }
            return json::array{a[0]};
        }
        if (n == "NOT_NULL")
        {
            for (auto& v : a)
                if (!v.is_null())
                    return v;
            return nullptr;
        }
        if (n == "FIRST" || n == "LAST")
        {
            arity(n, a, 1, 1);
            if (!expect_array(a[0]) || a[0].as_array().empty())
                return nullptr;
            return n == "FIRST" ? a[0].as_array().front() : a[0].as_array().back();
        }
        if (n == "NTH")
        {
            arity(n, a, 2, 2);
            if (!expect_array(a[0]))
                return nullptr;
            auto i = static_cast<std::int64_t>(to_double(a[1]));
            if (i < 0 || i >= static_cast<std::int64_t>(a[0].as_array().size()))
                return nullptr;
            return a[0].as_array()[static_cast<std::size_t>(i)];
        }
        if (n == "POSITION")
        {
            arity(n, a, 2, 3);
            if (!expect_array(a[0]))
                return nullptr;
            auto& arr = a[0].as_array();
            for (std::size_t i = 0; i < arr.size(); ++i)
                if (compare(arr[i], a[1]) == 0)
                    return truthy(arg(2)) ? json::value(static_cast<std::int64_t>(i)) : json::value(true);
            return truthy(arg(2)) ? json::value(std::int64_t(-1)) : json::value(false);
        }
        if (n == "UNIQUE" || n == "SORTED_UNIQUE" || n == "SORTED" || n == "COUNT_DISTINCT" ||
            n == "COUNT_UNIQUE")
        {
            arity(n, a, 1, 1);
            if (!expect_array(a[0]))
                return nullptr;
            json::array out;
            if (n == "SORTED")
            {
                out = a[0].as_array();
                std::stable_sort(out.begin(), out.end(), [](auto& x, auto& y) { return compare(x, y) < 0; });
                return out;
            }
            for (auto& x : a[0].as_array())
            {
                bool dup = false;
                for (auto& y : out)
                    if (compare(x, y) == 0)
                    {
                        dup = true;
                        break;
                    }
                if (!dup)
                    out.push_back(x);
            }
            if (n == "SORTED_UNIQUE")
                std::sort(out.begin(), out.end(), [](auto& x, auto& y) { return compare(x, y) < 0; });
            if (n == "COUNT_DISTINCT" || n == "COUNT_UNIQUE")
            {
                std::size_t c = 0;
                for (auto& x : out)
                    c += x.is_null() ? 0 : 1;
                return c;
            }
            return out;
        }
        if (n == "APPEND" || n == "PUSH" || n == "UNSHIFT")
        {
            arity(n, a, 2, 3);
            json::array out = a[0].is_array() ? a[0].as_array() : json::array{};
            if (!a[0].is_array() && !a[0].is_null())
                out.push_back(a[0]);
            bool unique = truthy(arg(2));
            std::vector<json::value> add;
            if (n == "APPEND" && a[1].is_array())
                add.assign(a[1].as_array().begin(), a[1].as_array().end());
            else
                add.push_back(a[1]);
            for (auto& x : add)
            {
                bool dup = false;
                if (unique)
                    for (auto& y : out)
                        dup = dup || compare(x, y) == 0;
                if (dup)
                    continue;
                if (n == "UNSHIFT")
                    out.insert(out.begin(), x);
                else
                    out.push_back(x);
            }
            return out;
        }
        if (n == "POP" || n == "SHIFT")
        {
            arity(n, a, 1, 1);
            if (!expect_array(a[0]))
                return nullptr;
            json::array out = a[0].as_array();
            if (!out.empty())
                out.erase(n == "POP" ? out.end() - 1 : out.begin());
            return out;
        }
        if (n == "SLICE")
        {
            arity(n, a, 2, 3);
            if (!expect_array(a[0]))
                return nullptr;
            auto& arr = a[0].as_array();
            auto len = static_cast<std::int64_t>(arr.size());
            auto s = static_cast<std::int64_t>(to_double(a[1]));
            if (s < 0)
                s = std::max<std::int64_t>(0, len + s);
            std::int64_t e = len;
            if (a.size() > 2 && !a[2].is_null())
            {
                auto l = static_cast<std::int64_t>(to_double(a[2]));
                e = l < 0 ? len + l : s + l;
            }
            json::array out;
            for (std::int64_t i = s; i < e && i < len; ++i)
                out.push_back(arr[static_cast<std::size_t>(i)]);
            return out;
        }
        if (n == "FLATTEN")
        {
            arity(n, a, 1, 2);
            if (!expect_array(a[0]))
                return nullptr;
            auto depth = a.size() > 1 ? static_cast<int>(to_double(a[1])) : 1;
            std::function<void(const json::array&, int, json::array&)> flat = [&](const json::array& in,
                                                                                  int dd, json::array& out) {
                for (auto& x : in)
                    if (x.is_array() && dd > 0)
                        flat(x.as_array(), dd - 1, out);
                    else
                        out.push_back(x);
            };
            json::array out;
            flat(a[0].as_array(), depth, out);
            return out;
        }
        if (n == "UNION" || n == "UNION_DISTINCT" || n == "INTERSECTION" || n == "MINUS")
        {
            arity(n, a, 2, 1000);
            for (auto& v : a)
                if (!expect_array(v))
                    return nullptr;
            auto contains = [](const json::array& arr, const json::value& x) {
                for (auto& y : arr)
                    if (compare(x, y) == 0)
                        return true;
                return false;
            };
            json::array out;
            if (n == "UNION" || n == "UNION_DISTINCT")
            {
                for (auto& v : a)
                    for (auto& x : v.as_array())
                        if (n == "UNION" || !contains(out, x))
                            out.push_back(x);
                return out;
            }
            for (auto& x : a[0].as_array())
            {
                bool keep = true;
                for (std::size_t i = 1; i < a.size(); ++i)
                    keep = keep && (n == "INTERSECTION" ? contains(a[i].as_array(), x)
                                                        : !contains(a[i].as_array(), x));
                if (keep && !contains(out, x))
                    out.push_back(x);
            }
            return out;
        }
        if (n == "ZIP")
        {
            arity(n, a, 2, 2);
            if (!a[0].is_array() || !a[1].is_array() || a[0].as_array().size() != a[1].as_array().size())
                return nullptr;
            json::object out;
            for (std::size_t i = 0; i < a[0].as_array().size(); ++i)
                out[to_string(a[0].as_array()[i])] = a[1].as_array()[i];
            return out;
        }
        if (n == "RANGE")
        {
            arity(n, a, 2, 3);
            double from = to_double(a[0]), to = to_double(a[1]);
            double step = a.size() > 2 && !a[2].is_null() ? to_double(a[2]) : (from <= to ? 1 : -1);
            if (step == 0 || (to > from && step < 0) || (to < from && step > 0))
            {
                warn(1563, "invalid step in RANGE()");
                return nullptr;
            }
            if (std::fabs((to - from) / step) > 10000000)
                fail(400, 1504, "AQL: range too large for the simulator");
            json::array out;
            for (double x = from; step > 0 ? x <= to + 1e-12 : x >= to - 1e-12; x += step)
                out.push_back(number(x));
            return out;
        }
        if (n == "DATE_NOW")
            return arity(n, a, 0, 0), json::value(now_ms());
        if (n == "DATE_ISO8601")
        {
            arity(n, a, 1, 1);
            auto ms = static_cast<std::int64_t>(to_double(a[0]));
            if (a[0].is_string())
                return a[0];
            std::time_t secs = static_cast<std::time_t>(ms / 1000);
            std::tm tm{};
            gmtime_r(&secs, &tm);
            char buf[96];
            std::snprintf(
                buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000)
            );
            return json::string(buf);
        }
        if (n == "RAND")
        {
            arity(n, a, 0, 0);
            static std::mt19937_64 gen{std::random_device{}()};
            return std::uniform_real_distribution<double>(0, 1)(gen);
        }
        if (n == "ABS" || n == "FLOOR" || n == "CEIL" || n == "ROUND" || n == "SQRT")
        {
            arity(n, a, 1, 1);
            double x = to_double(a[0]);
            if (n == "ABS")
                return number(std::fabs(x));
            if (n == "FLOOR")
                return number(std::floor(x));
            if (n == "CEIL")
                return number(std::ceil(x));
            if (n == "ROUND")
                return number(std::floor(x + 0.5));
            return number(std::sqrt(x));
        }
        if (n == "POW")
            return arity(n, a, 2, 2), number(std::pow(to_double(a[0]), to_double(a[1])));
        if (n == "NOOPT" || n == "PASSTHRU")
            return arity(n, a, 1, 1), a[0];
        if (n == "PARSE_IDENTIFIER")
        {
            arity(n, a, 1, 1);
            std::string id = a[0].is_object() && a[0].as_object().contains("_id") ? to_string(a[0].at("_id"))
                                                                                  : to_string(a[0]);
            auto slash = id.find('/');
            if (slash == std::string::npos)
                return nullptr;
            return json::object{{"collection", id.substr(0, slash)}, {"key", id.substr(slash + 1)}};
        }
        if (n == "DOCUMENT")
        {
            arity(n, a, 1, 2);
            auto fetch = [&](const std::string& cn, const std::string& key) -> json::value {
                collection* c = st.find_coll(d, cn);
                if (!c)
                    return nullptr;
                coll({cn, {}}, false);
                json::object* doc = c->find(key);
                res.st.scanned_index += doc ? 1 : 0;
                return doc ? json::value(*doc) : json::value(nullptr);
            };
            auto by_id = [&](const json::value& v) -> json::value {
                std::string id = to_string(v);
                auto slash = id.find('/');
                if (slash == std::string::npos)
                    return nullptr;
                return fetch(id.substr(0, slash), id.substr(slash + 1));
            };
            if (a.size() == 1)
            {
                if (a[0].is_array())
                {
                    json::array out;
                    for (auto& x : a[0].as_array())
                        if (auto v = by_id(x); !v.is_null())
                            out.push_back(std::move(v));
                    return out;
                }
                return by_id(a[0]);
            }
            std::string cn = to_string(a[0]);
            auto key_of = [&](const json::value& x) {
                std::string k = to_string(x);
                auto slash = k.find('/');
                return slash == std::string::npos ? k : k.substr(slash + 1);
            };
            if (a[1].is_array())
            {
                json::array out;
                for (auto& x : a[1].as_array())
                    if (auto v = fetch(cn, key_of(x)); !v.is_null())
                        out.push_back(std::move(v));
                return out;
            }
            return fetch(cn, key_of(a[1]));
        }
        if (n == "COLLECTION_COUNT")
        {
            arity(n, a, 1, 1);
            return coll({to_string(a[0]), {}}, false).docs.size();
        }
        fail(400, 1540, "AQL: usage of unknown function '" + n + "()'");
    }

    // ----- operations
    std::string key_of(const json::value& v, const char* what)
    {
        if (v.is_string())
        {
            std::string_view s = v.as_string();
            auto slash = s.find('/');
            return std::string(slash == std::string_view::npos ? s : s.substr(slash + 1));
        }
        if (v.is_object())
        {
            if (auto* k = v.as_object().if_contains("_key"); k && k->is_string())
                return std::string(k->as_string());
            if (auto* id = v.as_object().if_contains("_id"); id && id->is_string())
            {
                std::string_view s = id->as_string();
                return std::string(s.substr(s.find('/') + 1));
            }
        }
        fail(400, 1221, std::string("AQL: illegal document key in ") + what);
    }

    void modify(const operation& op, std::vector<row>& rows)
    {
        collection& c = coll(op.coll, true);
        bool ignore = op.opts.contains("ignoreErrors") && truthy(op.opts.at("ignoreErrors"));
        bool keep_null = !op.opts.contains("keepNull") || truthy(op.opts.at("keepNull"));
        bool merge = !op.opts.contains("mergeObjects") || truthy(op.opts.at("mergeObjects"));
        std::vector<row> out;
        for (auto& r : rows)
        {
            json::value old_v = nullptr, new_v = nullptr;
            try
            {
                if (op.kind == operation::insert)
                {
                    json::value doc = eval(*op.e, r);
                    if (!doc.is_object())
                        fail(400, 1227, "AQL: invalid document type (in INSERT)");
                    dup_mode mode = dup_mode::conflict;
                    if (auto* om = op.opts.if_contains("overwriteMode"); om && om->is_string())
                        mode = *om == "replace"  ? dup_mode::replace
                               : *om == "update" ? dup_mode::update
                               : *om == "ignore" ? dup_mode::ignore
                                                 : dup_mode::conflict;
                    else if (op.opts.contains("overwrite") && truthy(op.opts.at("overwrite")))
                        mode = dup_mode::replace;
                    write_outcome w = insert_doc(st, c, std::move(doc.as_object()), mode, keep_null, merge);
                    new_v = w.doc;
                    if (w.old)
                        old_v = *w.old;
                }
                else if (op.kind == operation::upsert)
                {
                    json::value search = eval(*op.e, r);
                    if (!search.is_object())
                        fail(400, 1227, "AQL: invalid document type (in UPSERT search)");
                    res.st.scanned_full += c.docs.size();
                    const json::object* found = nullptr;
                    for (auto& [seq, doc] : c.docs)
                    {
                        bool match = true;
                        for (auto& kv : search.as_object())
                        {
                            auto* v = doc.if_contains(kv.key());
                            if (compare(v ? *v : json::value(nullptr), kv.value()) != 0)
                            {
                                match = false;
                                break;
                            }
                        }
                        if (match)
                        {
                            found = &doc;
                            break;
                        }
                    }
                    if (!found)
                    {
                        json::value doc = eval(*op.e2, r);
                        if (!doc.is_object())
                            fail(400, 1227, "AQL: invalid document type (in UPSERT insert)");
                        write_outcome w = insert_doc(
                            st, c, std::move(doc.as_object()), dup_mode::conflict, keep_null, merge
                        );
                        new_v = w.doc;
                    }
                    else
                    {
                        old_v = *found;
                        row with_old = r;
                        with_old.emplace_back("OLD", old_v);
                        json::value doc = eval(*op.e3, with_old);
                        if (!doc.is_object())
                            fail(400, 1227, "AQL: invalid document type (in UPSERT update)");
                        doc.as_object()["_key"] = old_v.at("_key");
                        write_outcome w = insert_doc(
                            st, c, std::move(doc.as_object()),
                            op.upsert_replace ? dup_mode::replace : dup_mode::update, keep_null, merge
                        );
                        new_v = w.doc;
                    }
                }
                else
                {
                    json::value target = eval(*op.e, r);
                    std::string key = key_of(target, "document selector");
                    json::object* existing = c.find(key);
                    if (!existing)
                        fail(404, 1202, "AQL: document not found (while executing)");
                    old_v = *existing;
                    if (op.kind == operation::remove)
                    {
                        c.erase(key);
                        st.mark_dirty();
                    }
                    else
                    {
                        json::value doc = op.e2 ? eval(*op.e2, r) : target;
                        if (!doc.is_object())
                            fail(400, 1227, "AQL: invalid document type (in UPDATE/REPLACE)");
                        json::object body = std::move(doc.as_object());
                        body["_key"] = key;
                        write_outcome w = insert_doc(
                            st, c, std::move(body),
                            op.kind == operation::update ? dup_mode::update : dup_mode::replace, keep_null,
                            merge
                        );
                        new_v = w.doc;
                    }
                }
                ++res.st.writes_executed;
            }
            catch (const api_error& e)
            {
                if (!ignore)
                    throw;
                ++res.st.writes_ignored;
                continue;
            }
            row nr = r;
            nr.emplace_back("OLD", std::move(old_v));
            nr.emplace_back("NEW", std::move(new_v));
            out.push_back(std::move(nr));
        }
        rows = std::move(out);
    }

    void collect(const operation& op, std::vector<row>& rows, const row& outer)
    {
        struct group
        {
            std::vector<json::value> key;
            std::vector<const row*> members;
        };
        std::map<std::vector<json::value>, group, value_less> groups;
        std::vector<std::vector<json::value>> keys;
        for (auto& r : rows)
        {
            std::vector<json::value> k;
            for (auto& [v, e] : op.groups)
                k.push_back(eval(*e, r));
            auto& g = groups[k];
            if (g.members.empty())
                g.key = k;
            g.members.push_back(&r);
        }
        if (groups.empty() && op.groups.empty())
            groups[{}];
        std::vector<row> out;
        for (auto& [k, g] : groups)
        {
            row nr = outer;
            for (std::size_t i = 0; i < op.groups.size(); ++i)
                nr.emplace_back(op.groups[i].first, g.key[i]);
            for (auto& [v, f] : op.aggregates)
            {
                json::array vals;
                for (auto* m : g.members)
                    vals.push_back(eval(*f->kids[0], *m));
                std::string fn = f->name;
                json::value agg;
                if (fn == "LENGTH" || fn == "COUNT")
                    agg = vals.size();
                else if (fn == "PUSH")
                    agg = vals;
                else
                {
                    std::vector<json::value> args{json::value(std::move(vals))};
                    agg = function(fn, args);
                }
                nr.emplace_back(v, std::move(agg));
            }
            if (!op.into.empty())
            {
                json::array members;
                for (auto* m : g.members)
                {
                    if (op.into_expr)
                        members.push_back(eval(*op.into_expr, *m));
                    else
                    {
                        json::object o;
                        for (std::size_t i = outer.size(); i < m->size(); ++i)
                            o[(*m)[i].first] = (*m)[i].second;
                        members.push_back(std::move(o));
                    }
                }
                nr.emplace_back(op.into, std::move(members));
            }
            if (!op.count_into.empty())
                nr.emplace_back(op.count_into, g.members.size());
            out.push_back(std::move(nr));
        }
        rows = std::move(out);
    }

    std::vector<json::value> execute(const std::vector<operation>& ops, std::vector<row> rows, bool top)
    {
        const row outer = rows.empty() ? row{} : rows.front();
        std::size_t last_limit = ops.size();
        if (top)
            for (std::size_t i = 0; i < ops.size(); ++i)
                if (ops[i].kind == operation::limit)
                    last_limit = i;
        std::vector<json::value> out;
        for (std::size_t i = 0; i < ops.size(); ++i)
        {
            const operation& op = ops[i];
            switch (op.kind)
            {
            case operation::for_: {
                std::vector<row> next;
                for (auto& r : rows)
                {
                    json::value v = eval(*op.e, r);
                    if (!v.is_array())
                    {
                        if (v.is_null() || v.is_object() || v.is_bool() || v.is_number() || v.is_string())
                            fail(
                                400, 1563,
                                "AQL: collection or array expected as operand to FOR loop; you provided a "
                                "value of type '" +
                                    std::string(json::to_string(v.kind())) + "'"
                            );
                    }
                    for (auto& x : v.as_array())
                    {
                        row nr = r;
                        nr.emplace_back(op.var, std::move(x));
                        next.push_back(std::move(nr));
                    }
                }
                rows = std::move(next);
                break;
            }
            case operation::let:
                for (auto& r : rows)
                {
                    json::value v = eval(*op.e, r);
                    r.emplace_back(op.var, std::move(v));
                }
                break;
            case operation::filter: {
                std::vector<row> next;
                for (auto& r : rows)
                    if (truthy(eval(*op.e, r)))
                        next.push_back(std::move(r));
                    else
                        ++res.st.filtered;
                rows = std::move(next);
                break;
            }
            case operation::sort: {
                std::vector<std::pair<std::vector<json::value>, row>> keyed;
                keyed.reserve(rows.size());
                for (auto& r : rows)
                {
                    std::vector<json::value> k;
                    for (auto& [e, desc] : op.sorts)
                        k.push_back(eval(*e, r));
                    keyed.emplace_back(std::move(k), std::move(r));
                }
                std::stable_sort(keyed.begin(), keyed.end(), [&](auto& x, auto& y) {
                    for (std::size_t j = 0; j < op.sorts.size(); ++j)
                    {
                        int c = compare(x.first[j], y.first[j]);
                        if (c)
                            return op.sorts[j].second ? c > 0 : c < 0;
                    }
                    return false;
                });
                rows.clear();
                for (auto& [k, r] : keyed)
                    rows.push_back(std::move(r));
                break;
            }
            case operation::limit: {
                auto num = [&](const expr_ptr& e) -> std::size_t {
                    if (!e)
                        return 0;
                    json::value v = eval(*e, outer);
                    if (!v.is_number() || v.to_number<double>() < 0)
                        fail(400, 1504, "AQL: LIMIT value is not a non-negative number");
                    return static_cast<std::size_t>(v.to_number<double>());
                };
                std::size_t off = num(op.e), cnt = num(op.e2);
                if (top && i == last_limit)
                    res.st.full_count = rows.size();
                std::vector<row> next;
                for (std::size_t j = off; j < rows.size() && j < off + cnt; ++j)
                    next.push_back(std::move(rows[j]));
                rows = std::move(next);
                break;
            }
            case operation::collect:
                collect(op, rows, outer);
                break;
            case operation::ret: {
                for (auto& r : rows)
                {
                    json::value v = eval(*op.e, r);
                    if (op.distinct)
                    {
                        bool dup = false;
                        for (auto& x : out)
                            if (compare(x, v) == 0)
                            {
                                dup = true;
                                break;
                            }
                        if (dup)
                            continue;
                    }
                    out.push_back(std::move(v));
                }
                return out;
            }
            default:
                modify(op, rows);
                break;
            }
        }
        return out;
    }
};

void describe_expr(const expr& e, std::set<std::string>& colls)
{
    if (e.kind == expr::collection && !e.coll.name.empty())
        colls.insert(e.coll.name);
    for (auto& k : e.kids)
        if (k)
            describe_expr(*k, colls);
}

} // namespace

bool function_known(const std::string& n)
{
    static const std::set<std::string> known = {
        "LENGTH",
        "COUNT",
        "SUM",
        "AVERAGE",
        "AVG",
        "MIN",
        "MAX",
        "STDDEV_POPULATION",
        "STDDEV",
        "VARIANCE_POPULATION",
        "VARIANCE",
        "STDDEV_SAMPLE",
        "VARIANCE_SAMPLE",
        "CONCAT",
        "CONCAT_SEPARATOR",
        "UPPER",
        "LOWER",
        "CONTAINS",
        "LIKE",
        "REGEX_TEST",
        "SUBSTRING",
        "LEFT",
        "RIGHT",
        "TRIM",
        "LTRIM",
        "RTRIM",
        "SPLIT",
        "REVERSE",
        "MERGE",
        "MERGE_RECURSIVE",
        "KEEP",
        "UNSET",
        "HAS",
        "ATTRIBUTES",
        "KEYS",
        "VALUES",
        "IS_NULL",
        "IS_BOOL",
        "IS_NUMBER",
        "IS_STRING",
        "IS_ARRAY",
        "IS_LIST",
        "IS_OBJECT",
        "IS_DOCUMENT",
        "TYPENAME",
        "TO_NUMBER",
        "TO_STRING",
        "TO_BOOL",
        "TO_ARRAY",
        "TO_LIST",
        "NOT_NULL",
        "FIRST",
        "LAST",
        "NTH",
        "POSITION",
        "UNIQUE",
        "SORTED_UNIQUE",
        "SORTED",
        "COUNT_DISTINCT",
        "COUNT_UNIQUE",
        "APPEND",
        "PUSH",
        "UNSHIFT",
        "POP",
        "SHIFT",
        "SLICE",
        "FLATTEN",
        "UNION",
        "UNION_DISTINCT",
        "INTERSECTION",
        "MINUS",
        "ZIP",
        "RANGE",
        "DATE_NOW",
        "DATE_ISO8601",
        "RAND",
        "ABS",
        "FLOOR",
        "CEIL",
        "ROUND",
        "SQRT",
        "POW",
        "NOOPT",
        "PASSTHRU",
        "PARSE_IDENTIFIER",
        "DOCUMENT",
        "COLLECTION_COUNT"};
    return known.count(n) > 0;
}

result
run(store& st,
    database& d,
    const parsed_query& q,
    const json::object& binds,
    const options& opt,
    const access_hook& hook)
{
    for (auto& kv : binds)
        if (!q.bind_names.count(std::string(kv.key())))
            fail(
                400, 1552, "AQL: bind parameter '" + std::string(kv.key()) + "' was not declared in the query"
            );
    for (auto& n : q.bind_names)
        if (!binds.contains(n))
            fail(400, 1551, "AQL: no value specified for declared bind parameter '" + n + "'");
    for (auto& c : q.collections)
        if (!st.find_coll(d, c))
            fail(404, 1203, "AQL: collection or view not found: " + c);
    result res;
    engine en{st, d, binds, hook, res, {}, {}};
    std::vector<row> start{row{}};
    res.rows = en.execute(q.ops, std::move(start), true);
    if (!opt.full_count)
        res.st.full_count.reset();
    return res;
}

json::object describe(const parsed_query& q)
{
    json::array colls, binds;
    for (auto& c : q.collections)
        colls.push_back(json::string(c));
    for (auto& b : q.bind_names)
        binds.push_back(json::string(b));
    json::array nodes;
    static const char* names[] = {"for",    "let",    "filter", "sort",    "limit",  "collect",
                                  "return", "insert", "update", "replace", "remove", "upsert"};
    for (auto& op : q.ops)
        nodes.push_back(json::object{{"type", names[op.kind]}});
    return json::object{
        {"parsed", true},
        {"collections", std::move(colls)},
        {"bindVars", std::move(binds)},
        {"ast", json::array{json::object{{"type", "root"}, {"subNodes", std::move(nodes)}}}}};
}

json::object explain_plan(const parsed_query& q)
{
    static const char* names[] = {
        "EnumerateCollectionNode",
        "CalculationNode",
        "FilterNode",
        "SortNode",
        "LimitNode",
        "CollectNode",
        "ReturnNode",
        "InsertNode",
        "UpdateNode",
        "ReplaceNode",
        "RemoveNode",
        "UpsertNode"};
    json::array nodes{json::object{
        {"type", "SingletonNode"},
        {"id", 1},
        {"dependencies", json::array{}},
        {"estimatedCost", 1},
        {"estimatedNrItems", 1}}};
    int id = 1;
    for (auto& op : q.ops)
    {
        ++id;
        std::string type = names[op.kind];
        if (op.kind == operation::for_ && op.e && op.e->kind != expr::collection)
            type = "EnumerateListNode";
        json::object n{
            {"type", type},
            {"id", id},
            {"dependencies", json::array{id - 1}},
            {"estimatedCost", id},
            {"estimatedNrItems", 1}};
        if (op.kind == operation::for_ && op.e && op.e->kind == expr::collection)
            n["collection"] = op.e->coll.name;
        nodes.push_back(std::move(n));
    }
    json::array colls;
    std::set<std::string> seen(q.collections.begin(), q.collections.end());
    for (auto& c : seen)
        colls.push_back(json::object{{"name", c}, {"type", q.writes ? "write" : "read"}});
    return json::object{
        {"nodes", std::move(nodes)},      {"rules", json::array{}}, {"collections", std::move(colls)},
        {"variables", json::array{}},     {"estimatedCost", id},    {"estimatedNrItems", 1},
        {"isModificationQuery", q.writes}};
}

} // namespace arangokit::sim::aql
