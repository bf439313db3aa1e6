// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// AQL tokenizer and parser: the query text becomes a list of operations (FOR, LET, FILTER, ...) whose
// expressions are trees of `expr` nodes. Variables are resolved at parse time: a name that is not a
// variable in scope is a collection (as in ArangoDB).
#include "aql_ast.hpp"
#include <cctype>
#include <cstring>

namespace arangokit::sim::aql {

namespace {

struct token
{
    enum kind_t
    {
        ident,
        quoted_ident, // `name` or ´name´: never a keyword
        bind,         // @name
        coll_bind,    // @@name
        string,
        number,
        op,
        end
    } kind;
    std::string text;
    std::size_t pos;
};

[[noreturn]] void syntax_error(const std::string& q, std::size_t pos, const std::string& what)
{
    std::string near(q.substr(pos, 30));
    fail(
        400, 1501,
        "AQL: syntax error, " + what + " near '" + near + "' at position 1:" + std::to_string(pos + 1) +
            " (while parsing)"
    );
}

std::vector<token> tokenize(const std::string& q)
{
    std::vector<token> out;
    std::size_t i = 0;
    auto isid = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    while (i < q.size())
    {
        char c = q[i];
        if (std::isspace(static_cast<unsigned char>(c)))
        {
            ++i;
            continue;
        }
        if (c == '/' && i + 1 < q.size() && q[i + 1] == '/')
        {
            while (i < q.size() && q[i] != '\n')
                ++i;
            continue;
        }
        if (c == '/' && i + 1 < q.size() && q[i + 1] == '*')
        {
            auto e = q.find("*/", i + 2);
            if (e == std::string::npos)
                syntax_error(q, i, "unterminated comment");
            i = e + 2;
            continue;
        }
        std::size_t start = i;
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$')
        {
            std::size_t j = i + 1;
            while (j < q.size() && (isid(q[j]) || q[j] == '$'))
                ++j;
            // Namespaced function names (FOO::BAR) stay one token.
            while (j + 2 < q.size() && q[j] == ':' && q[j + 1] == ':' && isid(q[j + 2]))
            {
                j += 2;
                while (j < q.size() && isid(q[j]))
                    ++j;
            }
            out.push_back({token::ident, q.substr(i, j - i), start});
            i = j;
            continue;
        }
        if (c == '`')
        {
            std::size_t j = q.find('`', i + 1);
            if (j == std::string::npos)
                syntax_error(q, i, "unterminated quoted name");
            out.push_back({token::quoted_ident, q.substr(i + 1, j - i - 1), start});
            i = j + 1;
            continue;
        }
        if (c == '@')
        {
            bool coll = i + 1 < q.size() && q[i + 1] == '@';
            std::size_t j = i + (coll ? 2 : 1);
            std::size_t s = j;
            while (j < q.size() && isid(q[j]))
                ++j;
            if (j == s)
                syntax_error(q, i, "bad bind parameter name");
            out.push_back({coll ? token::coll_bind : token::bind, q.substr(s, j - s), start});
            i = j;
            continue;
        }
        if (c == '"' || c == '\'')
        {
            std::string s;
            std::size_t j = i + 1;
            for (; j < q.size() && q[j] != c; ++j)
            {
                if (q[j] == '\\' && j + 1 < q.size())
                {
                    ++j;
                    switch (q[j])
                    {
                    case 'n':
                        s += '\n';
                        break;
                    case 't':
                        s += '\t';
                        break;
                    case 'r':
                        s += '\r';
                        break;
                    case 'b':
                        s += '\b';
                        break;
                    case 'f':
                        s += '\f';
                        break;
                    case 'u': {
                        if (j + 4 >= q.size())
                            syntax_error(q, j, "bad \\u escape");
                        unsigned cp = static_cast<unsigned>(std::stoul(q.substr(j + 1, 4), nullptr, 16));
                        j += 4;
                        if (cp < 0x80)
                            s += static_cast<char>(cp);
                        else if (cp < 0x800)
                        {
                            s += static_cast<char>(0xC0 | (cp >> 6));
                            s += static_cast<char>(0x80 | (cp & 0x3F));
                        }
                        else
                        {
                            s += static_cast<char>(0xE0 | (cp >> 12));
                            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                            s += static_cast<char>(0x80 | (cp & 0x3F));
                        }
                        break;
                    }
                    default:
                        s += q[j];
                    }
                    continue;
                }
                s += q[j];
            }
            if (j >= q.size())
                syntax_error(q, i, "unterminated string");
            out.push_back({token::string, std::move(s), start});
            i = j + 1;
            continue;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) ||
            (c == '.' && i + 1 < q.size() && std::isdigit(static_cast<unsigned char>(q[i + 1]))))
        {
            std::size_t j = i;
            while (j < q.size() && std::isdigit(static_cast<unsigned char>(q[j])))
                ++j;
            // "1..5" is a range, not a decimal point.
            if (j + 1 < q.size() && q[j] == '.' && std::isdigit(static_cast<unsigned char>(q[j + 1])))
            {
                ++j;
                while (j < q.size() && std::isdigit(static_cast<unsigned char>(q[j])))
                    ++j;
            }
            if (j < q.size() && (q[j] == 'e' || q[j] == 'E'))
            {
                std::size_t k = j + 1;
                if (k < q.size() && (q[k] == '+' || q[k] == '-'))
                    ++k;
                if (k < q.size() && std::isdigit(static_cast<unsigned char>(q[k])))
                {
                    j = k;
                    while (j < q.size() && std::isdigit(static_cast<unsigned char>(q[j])))
                        ++j;
                }
            }
            out.push_back({token::number, q.substr(i, j - i), start});
            i = j;
            continue;
        }
        static const char* ops[] = {"==",   "!=", "<=", ">=", "=~", "!~", "&&", "||", "..", "::", "[*]",
                                    "[**]", "?:", "=",  "<",  ">",  "!",  "+",  "-",  "*",  "/",  "%",
                                    "?",    ":",  "(",  ")",  "[",  "]",  "{",  "}",  ",",  "."};
        bool matched = false;
        for (const char* o : ops)
        {
            std::size_t n = std::strlen(o);
            if (q.compare(i, n, o) == 0)
            {
                out.push_back({token::op, o, start});
                i += n;
                matched = true;
                break;
            }
        }
        if (!matched)
            syntax_error(q, i, std::string("unexpected character '") + c + "'");
    }
    out.push_back({token::end, "", q.size()});
    return out;
}

std::string upper(std::string s)
{
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

const char* const reserved[] = {
    "FOR",
    "RETURN",
    "FILTER",
    "SORT",
    "LIMIT",
    "LET",
    "COLLECT",
    "INSERT",
    "UPDATE",
    "REPLACE",
    "REMOVE",
    "UPSERT",
    "WITH",
    "INTO",
    "IN",
    "AND",
    "OR",
    "NOT",
    "LIKE",
    "DISTINCT",
    "ASC",
    "DESC",
    "TRUE",
    "FALSE",
    "NULL",
    "AGGREGATE",
    "GRAPH",
    "OUTBOUND",
    "INBOUND",
    "ANY",
    "ALL",
    "NONE",
    "SHORTEST_PATH",
    "K_SHORTEST_PATHS",
    "K_PATHS",
    "ALL_SHORTEST_PATHS",
    "PRUNE",
    "SEARCH",
    "WINDOW",
    "OPTIONS"};

bool is_reserved(const std::string& u)
{
    for (const char* r : reserved)
        if (u == r)
            return true;
    return false;
}

struct parser
{
    const std::string& q;
    std::vector<token> t;
    std::size_t p = 0;
    parsed_query& out;
    std::vector<std::vector<std::string>> scopes{{}};
    // In UPDATE x WITH y IN c (and friends) a top-level IN ends the expression instead of testing membership.
    bool no_in = false;
    struct allow_in
    {
        parser& ps;
        bool saved;
        explicit allow_in(parser& p) : ps(p), saved(p.no_in) { p.no_in = false; }
        ~allow_in() { ps.no_in = saved; }
    };

    const token& peek(std::size_t k = 0) const { return t[std::min(p + k, t.size() - 1)]; }
    const token& next() { return t[p < t.size() - 1 ? p++ : p]; }

    [[noreturn]] void error(const std::string& what) const
    {
        const token& k = peek();
        syntax_error(
            q, k.pos,
            k.kind == token::end ? "unexpected end of query"
                                 : "unexpected '" + k.text + "'" + (what.empty() ? "" : ", " + what)
        );
    }
    [[noreturn]] void unsupported(const std::string& what) const
    {
        fail(
            400, 1501,
            "AQL: " + what +
                " is not supported by the simulator (at position 1:" + std::to_string(peek().pos + 1) + ")"
        );
    }

    bool kw(const char* k, std::size_t ahead = 0) const
    {
        const token& x = peek(ahead);
        return x.kind == token::ident && upper(x.text) == k;
    }
    bool accept_kw(const char* k)
    {
        if (!kw(k))
            return false;
        ++p;
        return true;
    }
    void expect_kw(const char* k)
    {
        if (!accept_kw(k))
            error(std::string("expecting ") + k);
    }
    bool is_op(const char* o, std::size_t ahead = 0) const
    {
        return peek(ahead).kind == token::op && peek(ahead).text == o;
    }
    bool accept_op(const char* o)
    {
        if (!is_op(o))
            return false;
        ++p;
        return true;
    }
    void expect_op(const char* o)
    {
        if (!accept_op(o))
            error(std::string("expecting '") + o + "'");
    }

    void declare(const std::string& v)
    {
        for (auto& s : scopes)
            for (auto& n : s)
                if (n == v && v != "OLD" && v != "NEW")
                    fail(400, 1511, "AQL: variable '" + v + "' is assigned multiple times");
        scopes.back().push_back(v);
    }
    bool declared(const std::string& v) const
    {
        for (auto& s : scopes)
            for (auto& n : s)
                if (n == v)
                    return true;
        return false;
    }

    std::string variable_name()
    {
        const token& k = peek();
        if (k.kind == token::quoted_ident || (k.kind == token::ident && !is_reserved(upper(k.text))))
        {
            ++p;
            return k.text;
        }
        error("expecting a variable name");
    }

    // A collection after IN/INTO: a name, a quoted name, @@bind or a bind parameter holding a name.
    coll_ref collection_ref()
    {
        const token& k = next();
        if (k.kind == token::ident || k.kind == token::quoted_ident || k.kind == token::string)
        {
            out.collections.insert(k.text);
            return {k.text, {}};
        }
        if (k.kind == token::coll_bind)
        {
            out.bind_names.insert("@" + k.text);
            return {{}, "@" + k.text};
        }
        if (k.kind == token::bind)
        {
            out.bind_names.insert(k.text);
            return {{}, k.text};
        }
        --p;
        error("expecting a collection name");
    }

    // ----- expressions, lowest precedence first
    expr_ptr expression() { return ternary(); }

    expr_ptr ternary()
    {
        expr_ptr c = logical_or();
        if (accept_op("?:"))
        {
            auto e = std::make_shared<expr>(expr::ternary);
            e->kids = {c, nullptr, ternary()};
            return e;
        }
        if (accept_op("?"))
        {
            auto e = std::make_shared<expr>(expr::ternary);
            expr_ptr a;
            if (!is_op(":"))
                a = ternary();
            expect_op(":");
            e->kids = {c, a, ternary()};
            return e;
        }
        return c;
    }
    expr_ptr binary(std::string op, expr_ptr a, expr_ptr b)
    {
        auto e = std::make_shared<expr>(expr::binary);
        e->name = std::move(op);
        e->kids = {std::move(a), std::move(b)};
        return e;
    }
    expr_ptr logical_or()
    {
        expr_ptr a = logical_and();
        while (is_op("||") || kw("OR"))
        {
            ++p;
            a = binary("||", a, logical_and());
        }
        return a;
    }
    expr_ptr logical_and()
    {
        expr_ptr a = logical_not();
        while (is_op("&&") || kw("AND"))
        {
            ++p;
            a = binary("&&", a, logical_not());
        }
        return a;
    }
    expr_ptr logical_not()
    {
        if ((kw("NOT") && !kw("IN", 1) && !kw("LIKE", 1)) || is_op("!"))
        {
            ++p;
            auto e = std::make_shared<expr>(expr::unary);
            e->name = "!";
            e->kids = {logical_not()};
            return e;
        }
        return comparison();
    }
    std::optional<std::string> comparison_op()
    {
        for (const char* o : {"==", "!=", "<=", ">=", "<", ">", "=~", "!~"})
            if (is_op(o))
            {
                ++p;
                return std::string(o);
            }
        if (kw("IN") && !no_in)
        {
            ++p;
            return std::string("IN");
        }
        if (kw("NOT") && kw("IN", 1))
        {
            p += 2;
            return std::string("NOT IN");
        }
        if (kw("LIKE"))
        {
            ++p;
            return std::string("LIKE");
        }
        if (kw("NOT") && kw("LIKE", 1))
        {
            p += 2;
            return std::string("NOT LIKE");
        }
        return std::nullopt;
    }
    expr_ptr comparison()
    {
        expr_ptr a = range();
        while (true)
        {
            // Array comparison: <array> ANY|ALL|NONE <op> <value>
            std::string quant;
            if ((kw("ANY") || kw("ALL") || kw("NONE")) && peek(1).kind == token::op)
            {
                quant = upper(peek().text);
                ++p;
            }
            auto op = comparison_op();
            if (!op)
            {
                if (!quant.empty())
                    error("expecting a comparison operator");
                return a;
            }
            if (kw("AT") && kw("LEAST", 1))
                unsupported("AT LEAST");
            expr_ptr b = range();
            if (quant.empty())
                a = binary(*op, a, b);
            else
            {
                auto e = std::make_shared<expr>(expr::quantified);
                e->name = *op;
                e->text = quant;
                e->kids = {a, b};
                a = e;
            }
        }
    }
    expr_ptr range()
    {
        expr_ptr a = additive();
        if (accept_op(".."))
            return binary("..", a, additive());
        return a;
    }
    expr_ptr additive()
    {
        expr_ptr a = multiplicative();
        while (is_op("+") || is_op("-"))
        {
            std::string o = next().text;
            a = binary(o, a, multiplicative());
        }
        return a;
    }
    expr_ptr multiplicative()
    {
        expr_ptr a = unary();
        while (is_op("*") || is_op("/") || is_op("%"))
        {
            std::string o = next().text;
            a = binary(o, a, unary());
        }
        return a;
    }
    expr_ptr unary()
    {
        if (is_op("-") || is_op("+"))
        {
            std::string o = next().text;
            auto e = std::make_shared<expr>(expr::unary);
            e->name = o;
            e->kids = {unary()};
            return e;
        }
        if (is_op("!") || (kw("NOT") && !kw("IN", 1) && !kw("LIKE", 1)))
        {
            ++p;
            auto e = std::make_shared<expr>(expr::unary);
            e->name = "!";
            e->kids = {unary()};
            return e;
        }
        return postfix(primary());
    }
    std::string attribute_name()
    {
        const token& k = next();
        if (k.kind == token::ident || k.kind == token::quoted_ident || k.kind == token::string)
            return k.text;
        --p;
        error("expecting an attribute name");
    }
    expr_ptr postfix(expr_ptr e)
    {
        while (true)
        {
            if (accept_op("."))
            {
                auto a = std::make_shared<expr>(expr::attribute);
                if (peek().kind == token::bind)
                {
                    auto b = std::make_shared<expr>(expr::bind);
                    b->name = next().text;
                    out.bind_names.insert(b->name);
                    a->kids = {e, b};
                    a->kind = expr::index;
                }
                else
                {
                    a->name = attribute_name();
                    a->kids = {e};
                }
                e = a;
            }
            else if (is_op("[*]"))
            {
                ++p;
                // Expansion: the rest of the attribute chain applies to every element.
                auto x = std::make_shared<expr>(expr::expand);
                auto cur = std::make_shared<expr>(expr::current);
                x->kids = {e, postfix_chain(cur)};
                e = x;
            }
            else if (is_op("[**]"))
                unsupported("the [**] flattening operator");
            else if (is_op("[") && (kw("FILTER", 1) || is_op("*", 1)))
                unsupported("inline array filters and projections ([* FILTER ...])");
            else if (accept_op("["))
            {
                allow_in guard(*this);
                auto a = std::make_shared<expr>(expr::index);
                a->kids = {e, expression()};
                expect_op("]");
                e = a;
            }
            else
                return e;
        }
    }
    // The attribute chain after [*]: .a.b[0] ... applied to `cur`.
    expr_ptr postfix_chain(expr_ptr cur)
    {
        expr_ptr e = cur;
        while (true)
        {
            if (is_op("."))
            {
                ++p;
                auto a = std::make_shared<expr>(expr::attribute);
                a->name = attribute_name();
                a->kids = {e};
                e = a;
            }
            else if (is_op("[") && !is_op("[*]"))
            {
                ++p;
                auto a = std::make_shared<expr>(expr::index);
                a->kids = {e, expression()};
                expect_op("]");
                e = a;
            }
            else if (is_op("[*]"))
            {
                ++p;
                auto x = std::make_shared<expr>(expr::expand);
                auto inner = std::make_shared<expr>(expr::current);
                x->kids = {e, postfix_chain(inner)};
                e = x;
            }
            else
                return e;
        }
    }
    expr_ptr literal(json::value v)
    {
        auto e = std::make_shared<expr>(expr::literal);
        e->value = std::move(v);
        return e;
    }
    bool at_query_start() const
    {
        for (const char* k :
             {"FOR", "LET", "RETURN", "INSERT", "UPDATE", "REPLACE", "REMOVE", "UPSERT", "WITH", "COLLECT"})
            if (kw(k))
                return true;
        return false;
    }
    expr_ptr primary()
    {
        const token& k = peek();
        switch (k.kind)
        {
        case token::string:
            ++p;
            return literal(json::string(k.text));
        case token::number: {
            ++p;
            if (k.text.find_first_of(".eE") == std::string::npos && k.text.size() < 19)
                return literal(std::stoll(k.text));
            return literal(std::stod(k.text));
        }
        case token::bind: {
            ++p;
            auto e = std::make_shared<expr>(expr::bind);
            e->name = k.text;
            out.bind_names.insert(k.text);
            return e;
        }
        case token::coll_bind: {
            ++p;
            auto e = std::make_shared<expr>(expr::collection);
            e->coll = {{}, "@" + k.text};
            out.bind_names.insert("@" + k.text);
            return e;
        }
        case token::quoted_ident:
        case token::ident: {
            std::string u = upper(k.text);
            if (k.kind == token::ident)
            {
                if (u == "TRUE" || u == "FALSE")
                {
                    ++p;
                    return literal(u == "TRUE");
                }
                if (u == "NULL")
                {
                    ++p;
                    return literal(nullptr);
                }
                if (is_op("(", 1))
                {
                    allow_in guard(*this);
                    p += 2;
                    auto e = std::make_shared<expr>(expr::call);
                    e->name = u;
                    if (u.find("::") != std::string::npos)
                        fail(
                            400, 1582,
                            "AQL: user function '" + k.text +
                                "()' not found (user-defined functions are not supported by the simulator)"
                        );
                    if (!accept_op(")"))
                    {
                        do
                            e->kids.push_back(expression());
                        while (accept_op(","));
                        expect_op(")");
                    }
                    check_function(*e);
                    return e;
                }
                if (is_reserved(u))
                    error("");
            }
            ++p;
            if (declared(k.text))
            {
                auto e = std::make_shared<expr>(expr::variable);
                e->name = k.text;
                return e;
            }
            auto e = std::make_shared<expr>(expr::collection);
            e->coll = {k.text, {}};
            out.collections.insert(k.text);
            return e;
        }
        case token::op:
            if (k.text == "(")
            {
                allow_in guard(*this);
                ++p;
                if (at_query_start())
                {
                    auto e = std::make_shared<expr>(expr::subquery);
                    scopes.emplace_back();
                    e->sub = std::make_shared<std::vector<operation>>(operations(true));
                    scopes.pop_back();
                    expect_op(")");
                    return e;
                }
                expr_ptr e = expression();
                expect_op(")");
                return e;
            }
            if (k.text == "[")
            {
                allow_in guard(*this);
                ++p;
                auto e = std::make_shared<expr>(expr::array);
                if (!accept_op("]"))
                {
                    do
                    {
                        if (is_op("]"))
                            break; // trailing comma
                        e->kids.push_back(expression());
                    } while (accept_op(","));
                    expect_op("]");
                }
                return e;
            }
            if (k.text == "{")
            {
                allow_in guard(*this);
                ++p;
                auto e = std::make_shared<expr>(expr::object);
                if (!accept_op("}"))
                {
                    do
                    {
                        if (is_op("}"))
                            break;
                        object_member m;
                        const token& key = peek();
                        if (accept_op("["))
                        {
                            m.computed = expression();
                            expect_op("]");
                        }
                        else if (key.kind == token::bind)
                        {
                            ++p;
                            auto b = std::make_shared<expr>(expr::bind);
                            b->name = key.text;
                            out.bind_names.insert(key.text);
                            m.computed = b;
                        }
                        else if (key.kind == token::ident || key.kind == token::quoted_ident || key.kind == token::string || key.kind == token::number)
                        {
                            ++p;
                            m.key = key.text;
                        }
                        else
                            error("expecting an attribute name");
                        if (accept_op(":"))
                            m.value = expression();
                        else
                        {
                            // Shorthand {a}: the variable a.
                            if (m.computed || !declared(m.key))
                                error("expecting ':'");
                            auto v = std::make_shared<expr>(expr::variable);
                            v->name = m.key;
                            m.value = v;
                        }
                        e->members.push_back(std::move(m));
                    } while (accept_op(","));
                    expect_op("}");
                }
                return e;
            }
            break;
        default:
            break;
        }
        error("");
    }

    void check_function(const expr& e)
    {
        if (!function_known(e.name))
            fail(
                400, 1540,
                "AQL: usage of unknown function '" + e.name +
                    "()' (or a function the simulator does not have)"
            );
    }

    json::object options_object()
    {
        expr_ptr e = expression();
        if (e->kind != expr::object)
            fail(400, 1501, "AQL: OPTIONS must be an object literal");
        // OPTIONS are constant; evaluate simple literal members only.
        json::object o;
        for (auto& m : e->members)
        {
            if (m.computed || m.value->kind != expr::literal)
                continue;
            o[m.key] = m.value->value;
        }
        return o;
    }

    void for_op(std::vector<operation>& ops)
    {
        operation op;
        op.kind = operation::for_;
        op.var = variable_name();
        if (is_op(","))
            unsupported("graph traversals (FOR v, e, p IN ...)");
        expect_kw("IN");
        if (peek().kind == token::number &&
            (kw("OUTBOUND", 2) || kw("INBOUND", 2) || kw("ANY", 2) || is_op("..", 1)))
        {
            // FOR v IN 1..3 OUTBOUND ... is a traversal, not a range.
            std::size_t save = p;
            ++p;
            if (accept_op(".."))
                ++p;
            bool traversal = kw("OUTBOUND") || kw("INBOUND") || kw("ANY");
            p = save;
            if (traversal)
                unsupported("graph traversals");
        }
        if (kw("OUTBOUND") || kw("INBOUND") || kw("ANY"))
            unsupported("graph traversals");
        op.e = expression();
        if (kw("OUTBOUND") || kw("INBOUND") || kw("ANY") || kw("SHORTEST_PATH") || kw("K_SHORTEST_PATHS"))
            unsupported("graph traversals and path searches");
        if (kw("SEARCH"))
            unsupported("SEARCH (ArangoSearch views)");
        if (accept_kw("OPTIONS"))
            op.opts = options_object();
        declare(op.var);
        ops.push_back(std::move(op));
    }

    void collect_op(std::vector<operation>& ops)
    {
        operation op;
        op.kind = operation::collect;
        std::vector<std::string> newvars;
        auto is_clause = [&] { return kw("AGGREGATE") || kw("INTO") || kw("WITH") || kw("OPTIONS"); };
        if (!is_clause() && peek().kind != token::end)
        {
            do
            {
                std::string v = variable_name();
                expect_op("=");
                op.groups.emplace_back(v, expression());
                newvars.push_back(v);
            } while (accept_op(","));
        }
        if (accept_kw("AGGREGATE"))
        {
            do
            {
                std::string v = variable_name();
                expect_op("=");
                expr_ptr f = expression();
                if (f->kind != expr::call || f->kids.size() != 1)
                    fail(
                        400, 1501,
                        "AQL: AGGREGATE expects an aggregate function call with one argument, e.g. SUM(x)"
                    );
                static const char* aggs[] = {
                    "LENGTH",
                    "COUNT",
                    "SUM",
                    "MIN",
                    "MAX",
                    "AVERAGE",
                    "AVG",
                    "UNIQUE",
                    "SORTED_UNIQUE",
                    "COUNT_DISTINCT",
                    "COUNT_UNIQUE",
                    "PUSH",
                    "STDDEV_POPULATION",
                    "STDDEV",
                    "VARIANCE_POPULATION",
                    "VARIANCE"};
                bool ok = false;
                for (const char* a : aggs)
                    ok = ok || f->name == a;
                if (!ok)
                    fail(
                        400, 1501,
                        "AQL: aggregate function " + f->name + "() is not supported by the simulator"
                    );
                op.aggregates.emplace_back(v, f);
                newvars.push_back(v);
            } while (accept_op(","));
        }
        if (accept_kw("INTO"))
        {
            op.into = variable_name();
            if (accept_op("="))
                op.into_expr = expression();
            else if (kw("KEEP"))
                unsupported("COLLECT ... INTO ... KEEP");
            newvars.push_back(op.into);
        }
        if (accept_kw("WITH"))
        {
            expect_kw("COUNT");
            expect_kw("INTO");
            op.count_into = variable_name();
            newvars.push_back(op.count_into);
        }
        if (accept_kw("OPTIONS"))
            op.opts = options_object();
        if (op.groups.empty() && op.aggregates.empty() && op.count_into.empty() && op.into.empty())
            error("COLLECT needs something to collect");
        // After COLLECT only the new variables (and outer ones) are visible.
        scopes.back().clear();
        for (auto& v : newvars)
            declare(v);
        ops.push_back(std::move(op));
    }

    void modification_op(std::vector<operation>& ops, operation::kind_t kind)
    {
        operation op;
        op.kind = kind;
        no_in = true;
        if (kind == operation::upsert)
        {
            op.e = expression();
            expect_kw("INSERT");
            op.e2 = expression();
            // The UPDATE/REPLACE expression may refer to OLD.
            scopes.emplace_back();
            declare("OLD");
            if (accept_kw("UPDATE"))
                op.upsert_replace = false;
            else if (accept_kw("REPLACE"))
                op.upsert_replace = true;
            else
                error("expecting UPDATE or REPLACE");
            op.e3 = expression();
            scopes.pop_back();
            no_in = false;
            expect_kw("IN");
        }
        else
        {
            op.e = expression();
            if ((kind == operation::update || kind == operation::replace) && accept_kw("WITH"))
                op.e2 = expression();
            if (kind == operation::insert)
            {
                if (!accept_kw("INTO") && !accept_kw("IN"))
                    error("expecting INTO");
            }
            else
                expect_kw("IN");
        }
        no_in = false;
        op.coll = collection_ref();
        if (accept_kw("OPTIONS"))
            op.opts = options_object();
        if (kw("LET") || kw("RETURN") || kw("FILTER") || kw("SORT") || kw("LIMIT") || kw("COLLECT") ||
            kw("FOR"))
        {
            if (!declared("NEW"))
                scopes.back().push_back("NEW");
            if (!declared("OLD"))
                scopes.back().push_back("OLD");
        }
        out.writes = true;
        ops.push_back(std::move(op));
    }

    std::vector<operation> operations(bool subquery)
    {
        std::vector<operation> ops;
        if (!subquery)
            while (accept_kw("WITH"))
            {
                do
                    collection_ref();
                while (accept_op(","));
            }
        bool done = false;
        while (!done)
        {
            if (peek().kind == token::end || (subquery && is_op(")")))
                break;
            if (accept_kw("FOR"))
                for_op(ops);
            else if (accept_kw("LET"))
            {
                operation op;
                op.kind = operation::let;
                op.var = variable_name();
                expect_op("=");
                op.e = expression();
                declare(op.var);
                ops.push_back(std::move(op));
            }
            else if (accept_kw("FILTER"))
            {
                operation op;
                op.kind = operation::filter;
                op.e = expression();
                ops.push_back(std::move(op));
            }
            else if (accept_kw("SORT"))
            {
                operation op;
                op.kind = operation::sort;
                do
                {
                    expr_ptr e = expression();
                    bool desc = false;
                    if (accept_kw("DESC"))
                        desc = true;
                    else
                        accept_kw("ASC");
                    op.sorts.emplace_back(e, desc);
                } while (accept_op(","));
                ops.push_back(std::move(op));
            }
            else if (accept_kw("LIMIT"))
            {
                operation op;
                op.kind = operation::limit;
                expr_ptr a = expression();
                if (accept_op(","))
                {
                    op.e = a;
                    op.e2 = expression();
                }
                else
                    op.e2 = a;
                ops.push_back(std::move(op));
            }
            else if (accept_kw("COLLECT"))
                collect_op(ops);
            else if (accept_kw("RETURN"))
            {
                operation op;
                op.kind = operation::ret;
                op.distinct = accept_kw("DISTINCT");
                op.e = expression();
                ops.push_back(std::move(op));
                done = true;
            }
            else if (accept_kw("INSERT"))
                modification_op(ops, operation::insert);
            else if (accept_kw("UPDATE"))
                modification_op(ops, operation::update);
            else if (accept_kw("REPLACE"))
                modification_op(ops, operation::replace);
            else if (accept_kw("REMOVE"))
                modification_op(ops, operation::remove);
            else if (accept_kw("UPSERT"))
                modification_op(ops, operation::upsert);
            else if (kw("WINDOW"))
                unsupported("WINDOW");
            else if (kw("PRUNE"))
                unsupported("PRUNE");
            else
                error("");
        }
        if (ops.empty())
            error("expecting a query");
        auto last = ops.back().kind;
        if (last != operation::ret && last != operation::insert && last != operation::update &&
            last != operation::replace && last != operation::remove && last != operation::upsert)
            fail(
                400, 1501,
                "AQL: syntax error, query must end with RETURN or a data-modification operation (at position "
                "1:" +
                    std::to_string(peek().pos + 1) + ")"
            );
        return ops;
    }
};

} // namespace

std::shared_ptr<parsed_query> parse(const std::string& query)
{
    auto q = std::make_shared<parsed_query>();
    q->text = query;
    parser ps{query, tokenize(query), 0, *q};
    if (ps.peek().kind == token::end)
        fail(400, 1502, "AQL: query is empty");
    q->ops = ps.operations(false);
    if (ps.peek().kind != token::end)
        ps.error("expecting end of query");
    return q;
}

} // namespace arangokit::sim::aql
