// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// Streaming transactions (/_api/transaction/begin, status, commit, abort, list). Writes carrying the
// x-arango-trx-id header go to the store at once, so the transaction reads its own writes; an abort puts
// back the copies of the write collections taken at begin. Deviation: other clients see uncommitted writes
// (no isolation), which a single-client test cannot tell apart.
#include "api_util.hpp"
#include <cerrno>
#include <climits>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace arangokit::sim {

namespace {

std::vector<std::string> names_of(const json::object& colls, const char* k)
{
    std::vector<std::string> out;
    auto* v = colls.if_contains(k);
    if (!v)
        return out;
    if (v->is_string())
        out.emplace_back(v->as_string());
    else if (v->is_array())
        for (auto& e : v->as_array())
        {
            if (!e.is_string())
                fail(400, 10, std::string("'collections.") + k + "' must hold collection names");
            out.emplace_back(e.as_string());
        }
    else
        fail(400, 10, std::string("'collections.") + k + "' must be a string or an array");
    return out;
}

json::object trx_summary(const trx_state& t)
{
    return json::object{{"id", t.id}, {"status", t.status}};
}

// The arangosh launcher next to this binary runs actions (sim/tools/arangosh/trx_runner.js).
std::optional<std::string> action_runner()
{
    if (const char* env = std::getenv("ARANGOSIM_ARANGOSH"); env && *env)
        return std::string(env);
    char buf[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return std::nullopt;
    std::string exe(buf, static_cast<std::size_t>(n));
    std::string path = exe.substr(0, exe.rfind('/')) + "/arangosh";
    if (::access(path.c_str(), X_OK) != 0)
        return std::nullopt;
    return path;
}

// A child running one action: fd 3 of the child writes to `from`, fd 4 reads from `to`.
struct runner_process
{
    pid_t pid = -1;
    int from = -1, to = -1;
    std::string buffered;

    ~runner_process()
    {
        if (from >= 0)
            ::close(from);
        if (to >= 0)
            ::close(to);
        if (pid > 0)
        {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
    }

    void start(const std::string& path)
    {
        int a[2], b[2]; // a: child -> server, b: server -> child
        if (::pipe2(a, O_CLOEXEC) != 0)
            fail(500, 4, "pipe failed");
        if (::pipe2(b, O_CLOEXEC) != 0)
        {
            ::close(a[0]);
            ::close(a[1]);
            fail(500, 4, "pipe failed");
        }
        pid = ::fork();
        if (pid < 0)
            fail(500, 4, "fork failed");
        if (pid == 0)
        {
            // Move the pipe ends above 4 first, then onto 3 and 4 (dup2 clears O_CLOEXEC).
            int w = ::fcntl(a[1], F_DUPFD, 10);
            int r = ::fcntl(b[0], F_DUPFD, 10);
            ::dup2(w, 3);
            ::dup2(r, 4);
            int devnull = ::open("/dev/null", O_RDWR);
            ::dup2(devnull, 0);
            ::dup2(devnull, 1);
            ::dup2(devnull, 2);
            ::unsetenv("ARANGOSIM_USERS");
            ::setenv("ARANGOSIM_TRX_RUNNER", "1", 1);
            ::execl(path.c_str(), path.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(a[1]);
        ::close(b[0]);
        from = a[0];
        to = b[1];
    }

    void write_line(const std::string& s)
    {
        std::string line = s + "\n";
        std::size_t off = 0;
        while (off < line.size())
        {
            ssize_t n = ::write(to, line.data() + off, line.size() - off);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                fail(500, 4, "the transaction action's process went away");
            off += static_cast<std::size_t>(n);
        }
    }

    // One line, or nullopt when the child closed its end; throws on the deadline.
    std::optional<std::string> read_line(std::chrono::steady_clock::time_point deadline)
    {
        for (;;)
        {
            auto nl = buffered.find('\n');
            if (nl != std::string::npos)
            {
                std::string line = buffered.substr(0, nl);
                buffered.erase(0, nl + 1);
                return line;
            }
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now()
            );
            if (left.count() <= 0)
                fail(500, 4, "the transaction action did not finish in time");
            pollfd p{from, POLLIN, 0};
            int rc = ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 1000)));
            if (rc < 0 && errno == EINTR)
                continue;
            if (rc <= 0)
                continue;
            char buf[65536];
            ssize_t n = ::read(from, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return std::nullopt;
            buffered.append(buf, static_cast<std::size_t>(n));
        }
    }
};

// A request the action makes, in the shape main.cpp gives the handlers.
request sub_request(const json::object& line, const request& outer)
{
    request r;
    r.method = std::string(line.at("method").as_string());
    r.target = std::string(line.at("path").as_string());
    std::string_view t = r.target;
    auto q = t.find('?');
    r.path = url_decode(t.substr(0, q));
    if (q != std::string_view::npos)
    {
        std::string_view qs = t.substr(q + 1);
        while (!qs.empty())
        {
            auto amp = qs.find('&');
            std::string_view kv = qs.substr(0, amp);
            auto eq = kv.find('=');
            if (!kv.empty())
                r.query[url_decode(kv.substr(0, eq))] =
                    eq == std::string_view::npos ? std::string() : url_decode(kv.substr(eq + 1));
            if (amp == std::string_view::npos)
                break;
            qs.remove_prefix(amp + 1);
        }
    }
    r.body = std::string(line.at("body").as_string());
    r.authorization = outer.authorization;
    if (auto* h = line.if_contains("headers"); h && h->is_object())
        for (auto& kv : h->as_object())
            if (kv.value().is_string())
            {
                std::string name(kv.key());
                for (auto& c : name)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                r.headers[name] = std::string(kv.value().as_string());
                if (name == "if-match")
                    r.if_match = r.headers[name];
                if (name == "if-none-match")
                    r.if_none_match = r.headers[name];
            }
    return r;
}

} // namespace

void api::check_trx(const request& req, const database& d, std::string_view coll, bool write)
{
    auto h = req.headers.find("x-arango-trx-id");
    if (h == req.headers.end())
        return;
    auto it = trx_.find(h->second);
    if (it == trx_.end() || it->second.db != d.name)
        fail(404, 1655, "transaction '" + h->second + "' not found");
    trx_state& t = it->second;
    if (t.status != "running")
        fail(410, 1653, "transaction '" + h->second + "' is " + t.status);
    if (write && std::find(t.write.begin(), t.write.end(), coll) == t.write.end())
        fail(400, 1652, "collection '" + std::string(coll) + "' not registered for write in transaction");
}

std::optional<response> api::trx_api(const request& req, database& d, const std::vector<std::string>& seg)
{
    if (seg.size() < 2 || seg[0] != "_api" || seg[1] != "transaction")
        return std::nullopt;
    const std::string& m = req.method;
    if (seg.size() == 2)
    {
        if (m == "GET")
        {
            json::array list;
            for (auto& [id, t] : trx_)
                if (t.db == d.name && t.status == "running")
                    list.push_back(json::object{{"id", id}, {"state", t.status}});
            return ok_reply(200, json::object{{"transactions", std::move(list)}});
        }
        if (m == "POST")
            return js_transaction(req, d);
        bad_method();
    }
    if (seg.size() == 3 && seg[2] == "begin")
    {
        if (m != "POST")
            bad_method();
        json::object b = parse_object_body(req);
        trx_state& t = begin_trx(d, b);
        return ok_reply(201, json::object{{"result", trx_summary(t)}});
    }
    if (seg.size() != 3)
        unknown_path(req);
    auto it = trx_.find(seg[2]);
    if (it == trx_.end() || it->second.db != d.name)
        fail(404, 1655, "transaction '" + seg[2] + "' not found");
    trx_state& t = it->second;
    if (m == "GET")
        return ok_reply(200, json::object{{"result", trx_summary(t)}});
    if (m == "PUT")
    {
        commit_trx(t);
        return ok_reply(200, json::object{{"result", trx_summary(t)}});
    }
    if (m == "DELETE")
    {
        abort_trx(d, t);
        return ok_reply(200, json::object{{"result", trx_summary(t)}});
    }
    bad_method();
}

trx_state& api::begin_trx(database& d, const json::object& b)
{
    auto* cv = b.if_contains("collections");
    if (!cv || !cv->is_object())
        fail(400, 10, "missing 'collections' attribute");
    trx_state t;
    t.db = d.name;
    t.read = names_of(cv->as_object(), "read");
    for (const char* k : {"write", "exclusive"})
        for (auto& n : names_of(cv->as_object(), k))
            t.write.push_back(n);
    for (auto& n : t.read)
    {
        st_.coll(d, n);
        need_coll(d, n, access::ro);
    }
    for (auto& n : t.write)
    {
        collection& c = st_.coll(d, n);
        need_coll(d, n, access::rw);
        t.before.emplace(n, c);
    }
    t.id = std::to_string(st_.next_tick());
    t.expires = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    std::string id = t.id;
    return trx_.emplace(id, std::move(t)).first->second;
}

void api::commit_trx(trx_state& t)
{
    if (t.status == "aborted")
        fail(410, 1653, "transaction '" + t.id + "' is aborted");
    t.status = "committed";
    t.before.clear();
}

void api::abort_trx(database& d, trx_state& t)
{
    if (t.status == "committed")
        fail(409, 1654, "transaction '" + t.id + "' is already committed");
    if (t.status != "running")
        return;
    for (auto& [name, copy] : t.before)
        if (collection* c = st_.find_coll(d, name))
        {
            // Keep the collection's identity (and key generator state, which ArangoDB does not roll back).
            json::value key_options =
                c->params.contains("keyOptions") ? c->params.at("keyOptions") : json::value(nullptr);
            json::object params = c->params;
            *c = std::move(copy);
            c->params = std::move(params);
            if (!key_options.is_null())
                c->params["keyOptions"] = key_options;
        }
    t.before.clear();
    t.status = "aborted";
    st_.mark_dirty();
}

// POST /_api/transaction {collections, action, params}: the action runs in the arangosh stand-in (a child
// process) inside a streaming transaction; its requests come back through a pipe and are served here, on
// this thread, while the request waits. Commit on success, abort on an exception.
response api::js_transaction(const request& req, database& d)
{
    json::object b = parse_object_body(req);
    auto* action = b.if_contains("action");
    if (!action || !action->is_string() || action->as_string().empty())
        fail(400, 10, "missing/invalid action definition for transaction");
    auto runner = action_runner();
    if (!runner)
        fail(
            501, 9,
            "JavaScript transactions need the arangosh stand-in next to arangosim (build the target "
            "arangosim_tools)"
        );
    trx_state& t = begin_trx(d, b);
    std::string trx_id = t.id;
    auto abort_quietly = [&] {
        auto it = trx_.find(trx_id);
        if (it != trx_.end() && it->second.status == "running")
            abort_trx(d, it->second);
    };
    double timeout = 60;
    if (auto* lt = b.if_contains("lockTimeout"); lt && lt->is_number() && lt->to_number<double>() > 0)
        timeout = std::min(600.0, std::max(timeout, lt->to_number<double>()));
    auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long>(timeout * 1000));
    std::string saved_user = user_;
    bool saved_super = super_;
    try
    {
        runner_process p;
        p.start(*runner);
        json::object job{
            {"action", action->as_string()},
            {"params", b.contains("params") ? b.at("params") : json::value(nullptr)},
            {"database", d.name},
            {"trxId", trx_id},
            {"username", user_},
            {"version", cfg_.version}};
        p.write_line(json::serialize(job));
        for (;;)
        {
            auto line = p.read_line(deadline);
            if (!line)
                fail(500, 4, "the transaction action's process exited without an answer");
            boost::system::error_code ec;
            json::value v = json::parse(*line, ec);
            if (ec || !v.is_object() || !v.as_object().contains("op"))
                fail(500, 4, "bad message from the transaction action's process");
            auto& o = v.as_object();
            std::string op(o.at("op").as_string());
            if (op == "request")
            {
                request sub = sub_request(o, req);
                response r = handle(sub, listener_info{});
                user_ = saved_user;
                super_ = saved_super;
                json::object headers;
                for (auto& [k, hv] : r.headers)
                    headers[k] = hv;
                p.write_line(json::serialize(json::object{
                    {"status", r.status}, {"body", r.body}, {"headers", std::move(headers)}}));
                continue;
            }
            if (op == "result")
            {
                auto it = trx_.find(trx_id);
                if (it == trx_.end())
                    fail(500, 4, "the transaction disappeared");
                commit_trx(it->second);
                return ok_reply(
                    200,
                    json::object{{"result", o.contains("result") ? o.at("result") : json::value(nullptr)}}
                );
            }
            if (op == "error")
            {
                abort_quietly();
                int code =
                    o.contains("code") && o.at("code").is_number() ? o.at("code").to_number<int>() : 500;
                int num = o.contains("errorNum") && o.at("errorNum").is_number()
                              ? o.at("errorNum").to_number<int>()
                              : 1650;
                std::string msg = o.contains("errorMessage") && o.at("errorMessage").is_string()
                                      ? std::string(o.at("errorMessage").as_string())
                                      : "transaction action failed";
                fail(code < 400 ? 500 : code, num, msg);
            }
            fail(500, 4, "unknown message from the transaction action's process");
        }
    }
    catch (...)
    {
        user_ = saved_user;
        super_ = saved_super;
        abort_quietly();
        throw;
    }
}

} // namespace arangokit::sim
