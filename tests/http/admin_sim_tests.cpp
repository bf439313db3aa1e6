// Users, permissions, indexes and collection properties against the simulator with authentication, then the
// mission's permission scenario: each of the seven tools run as a restricted user (`ro` on one database,
// `none` on another) fails, and the failure is what the tool reports (its parsed report and verdict), while
// the same user still reads what it may read.
#define BOOST_TEST_MODULE arangokit_http_admin_sim
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/arango/http/arango_client.hpp>
#include <arangokit/arango/http/collection_properties.hpp>
#include <arangokit/arango/http/indexes.hpp>
#include <arangokit/arango/http/users.hpp>
#include <arangokit/testing/simulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include "files.hpp"
#include "run_coro.hpp"
#include "sim_fixture.hpp"
#include <filesystem>
#include <fstream>
#include <regex>

namespace ak = arangokit;
namespace asio = boost::asio;
namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using ak::test::run_with_simulator;
using ak::test::sim_env;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> as_tuple{};

namespace {

const std::string root_password = "root-pw-7731";
const std::string reader_password = "reader-pw-4410";

ak::test::sim_setup auth_setup()
{
    ak::test::sim_setup s;
    s.sim.auth = "basic";
    s.sim.users = {"root:" + root_password};
    return s;
}

ak::client_config client_for(const ak::simulator& sim, const std::string& user, const std::string& password)
{
    ak::client_config cfg;
    cfg.endpoints.clear(); // not the default endpoint
    for (const auto& e : sim.endpoints())
        cfg.endpoints.push_back(ak::endpoint::parse(e));
    cfg.auth.username = user;
    cfg.auth.password = password;
    cfg.request_timeout = 30s;
    cfg.retry.initial_backoff = 10ms;
    cfg.retry.max_backoff = 200ms;
    return cfg;
}

// The server's answer to a request it refuses for lack of rights: 401 (no access to the database) or 403
// (not enough on it), with ArangoDB's error body.
bool is_refusal(const ak::arango_error& e)
{
    return e.http_status == 401u || e.http_status == 403u;
}

// What a tool says when the server refused it.
const std::regex refusal_text(
    "not authorized|forbidden|unauthorized|insufficient|permission|access denied|\\b40[13]\\b",
    std::regex::icase
);

template <class Report> std::string all_errors(const Report& r)
{
    std::string s;
    for (const auto& e : r.report.errors)
        s += e + "\n";
    return s;
}

// A run that failed because of the rights: exited with `exit_code` (not a crash, not a timeout), not ok,
// the report carries an error that says why, and the verdict is a failure. arangoimport exits 0 even when
// the server refused every batch (as the real tool does): only its report tells.
template <class Report>
void expect_refused(
    const Report& r, const std::string& what, std::vector<std::string> expected, int exit_code = 1
)
{
    BOOST_TEST_MESSAGE(what << " reported:\n" << all_errors(r));
    BOOST_TEST_CONTEXT(what << ": " << r.result.describe() << "\nerrors:\n" << all_errors(r))
    {
        BOOST_TEST(!r.ok());
        BOOST_TEST((r.result.reason == ak::end_reason::exited));
        BOOST_TEST(r.result.exit_code.value_or(-1) == exit_code);
        BOOST_TEST(!!r.outcome.ec);
        BOOST_TEST_REQUIRE(!r.report.errors.empty());
        std::string errors = all_errors(r);
        BOOST_TEST(std::regex_search(errors, refusal_text));
        for (const auto& e : expected)
            BOOST_TEST(errors.find(e) != std::string::npos, "expected: " << e);
        // The password of the restricted user never shows up in what the tool printed.
        BOOST_TEST(errors.find(reader_password) == std::string::npos);
    }
}

// root: databases shop (products: 3 documents) and secret (vault: 1 document); user "reader" with ro on
// shop, none on secret and _system.
asio::awaitable<void> set_up_reader(ak::arango_client& root)
{
    co_await root.async_wait_until_ready(ak::deadline::after(30s));
    co_await root.async_create_database("shop");
    co_await root.async_create_database("secret");
    json::object props;
    co_await root.async_create_collection("shop", "products", props);
    co_await root.async_create_collection("secret", "vault", props);
    for (int i = 1; i <= 3; ++i)
    {
        json::value d = json::object{{"_key", "p" + std::to_string(i)}, {"v", i}};
        co_await root.async_insert_document("shop", "products", d);
    }
    json::value v = json::object{{"_key", "gold"}};
    co_await root.async_insert_document("secret", "vault", v);
    //[http_restricted_user
    ak::user_options reader;
    reader.name = "reader";
    reader.password = reader_password;
    co_await ak::async_create_user(root, reader);
    co_await ak::async_grant_database(root, "reader", "shop", ak::access_level::ro);
    co_await ak::async_grant_database(root, "reader", "secret", ak::access_level::none);
    //]
    co_await ak::async_grant_database(root, "reader", "_system", ak::access_level::none);
}

} // namespace

BOOST_AUTO_TEST_SUITE(admin_operations_with_simulator)

BOOST_AUTO_TEST_CASE(users_grants_and_their_effect_on_requests)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_client root(env.ctx.get_executor(), client_for(env.sim, "root", root_password));
            co_await set_up_reader(root);

            auto users = co_await ak::async_list_users(root);
            std::vector<std::string> names;
            for (const auto& u : users)
                names.push_back(u.name);
            BOOST_TEST((std::find(names.begin(), names.end(), "reader") != names.end()));
            BOOST_TEST((std::find(names.begin(), names.end(), "root") != names.end()));

            ak::user_options again;
            again.name = "reader";
            again.password = "x";
            auto [dup_ec, dup] = co_await ak::async_create_user(root, again, as_tuple);
            BOOST_TEST((dup_ec == ak::errc::http_error));

            BOOST_TEST((co_await ak::async_access_level(root, "reader", "shop") == ak::access_level::ro));
            BOOST_TEST((co_await ak::async_access_level(root, "reader", "secret") == ak::access_level::none));

            ak::arango_client reader(env.ctx.get_executor(), client_for(env.sim, "reader", reader_password));
            // ro on shop: reads work, writes are refused.
            BOOST_TEST(co_await reader.async_count("shop", "products") == 3u);
            json::value doc = json::object{{"_key", "new"}};
            auto [w_ec, w] = co_await reader.async_insert_document("shop", "products", doc, as_tuple);
            BOOST_TEST(!!w_ec);
            // none on secret: even reads are refused.
            try
            {
                co_await reader.async_count("secret", "vault");
                BOOST_FAIL("a user with none on the database read it");
            }
            catch (const ak::arango_exception& e)
            {
                BOOST_TEST(is_refusal(e.error()), e.error().http_status << " " << e.error().message);
            }

            // Collection level: none on one collection of a database with rw.
            co_await ak::async_grant_database(root, "reader", "shop", ak::access_level::rw);
            json::object no_props;
            co_await root.async_create_collection("shop", "private", no_props);
            co_await ak::async_grant_collection(root, "reader", "shop", "private", ak::access_level::none);
            BOOST_TEST(
                (co_await ak::async_access_level(root, "reader", "shop", std::string_view("private")) ==
                 ak::access_level::none)
            );
            auto [p_ec, p] = co_await reader.async_count("shop", "private", as_tuple);
            BOOST_TEST(!!p_ec);
            // Now writable on shop/products.
            auto meta = co_await reader.async_insert_document("shop", "products", doc);
            BOOST_TEST(meta.at("_key").as_string() == "new");

            // Revoke (explicit none) then clear (fall back to the default): both take the right away.
            co_await ak::async_revoke_database(root, "reader", "shop");
            auto [r_ec, r] = co_await reader.async_count("shop", "products", as_tuple);
            BOOST_TEST(!!r_ec);
            co_await ak::async_grant_database(root, "reader", "shop", ak::access_level::ro);
            BOOST_TEST(co_await reader.async_count("shop", "products") == 4u);
            co_await ak::async_clear_access(root, "reader", "shop", std::nullopt);
            auto [c_ec, c] = co_await reader.async_count("shop", "products", as_tuple);
            BOOST_TEST(!!c_ec);

            // A restricted user cannot manage users.
            ak::user_options other;
            other.name = "other";
            other.password = "pw";
            auto [u_ec, u] = co_await ak::async_create_user(reader, other, as_tuple);
            BOOST_TEST(!!u_ec);

            co_await ak::async_drop_user(root, "reader");
            auto [gone_ec, gone] =
                co_await ak::async_access_level(root, "reader", "shop", std::nullopt, as_tuple);
            BOOST_TEST((gone_ec == ak::errc::http_error));
            auto [login_ec, login] = co_await reader.async_count("shop", "products", as_tuple);
            BOOST_TEST((login_ec == ak::errc::authentication_failed));
        },
        180s, auth_setup()
    );
}

BOOST_AUTO_TEST_CASE(indexes_and_collection_properties)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_client c(env.ctx.get_executor(), client_for(env.sim, "root", root_password));
            co_await c.async_wait_until_ready(ak::deadline::after(30s));
            co_await c.async_create_database("shop");
            json::object props;
            co_await c.async_create_collection("shop", "items", props);

            ak::index_options ix;
            ix.fields = {"sku"};
            ix.unique = true;
            ix.name = "idx_sku";
            auto created = co_await ak::async_create_index(c, "shop", "items", ix);
            std::string id(created.at("id").as_string());
            BOOST_TEST(id.rfind("items/", 0) == 0u, id);
            BOOST_TEST(created.at("isNewlyCreated").as_bool());
            auto same = co_await ak::async_create_index(c, "shop", "items", ix);
            BOOST_TEST(!same.at("isNewlyCreated").as_bool());
            BOOST_TEST(same.at("id").as_string() == id);

            ak::index_options ttl;
            ttl.type = "ttl";
            ttl.fields = {"expiresAt"};
            ttl.expire_after = 600;
            co_await ak::async_create_index(c, "shop", "items", ttl);

            auto list = co_await ak::async_list_indexes(c, "shop", "items");
            std::vector<std::string> types;
            for (const auto& i : list)
                types.emplace_back(i.at("type").as_string());
            BOOST_TEST(types == (std::vector<std::string>{"primary", "persistent", "ttl"}));

            // The unique index is enforced.
            json::value a = json::object{{"_key", "a"}, {"sku", "S-1"}};
            json::value b = json::object{{"_key", "b"}, {"sku", "S-1"}};
            co_await c.async_insert_document("shop", "items", a);
            try
            {
                co_await c.async_insert_document("shop", "items", b);
                BOOST_FAIL("unique index not enforced");
            }
            catch (const ak::arango_exception& e)
            {
                BOOST_TEST(e.error().http_status == 409u);
                BOOST_TEST(e.error().error_num == 1210);
            }

            co_await ak::async_drop_index(c, "shop", "items", id);
            BOOST_TEST((co_await ak::async_list_indexes(c, "shop", "items")).size() == 2u);
            co_await c.async_insert_document("shop", "items", b); // no longer unique
            auto [d_ec, d] = co_await ak::async_drop_index(c, "shop", "items", id, as_tuple);
            BOOST_TEST((d_ec == ak::errc::http_error));

            auto p = co_await ak::async_collection_properties(c, "shop", "items");
            BOOST_TEST(p.at("name").as_string() == "items");
            BOOST_TEST(!p.at("waitForSync").as_bool());
            json::object change{{"waitForSync", true}};
            auto after = co_await ak::async_change_collection_properties(c, "shop", "items", change);
            BOOST_TEST(after.at("waitForSync").as_bool());
            BOOST_TEST(
                (co_await ak::async_collection_properties(c, "shop", "items")).at("waitForSync").as_bool()
            );
            auto [m_ec, m] = co_await ak::async_collection_properties(c, "shop", "missing", as_tuple);
            BOOST_TEST((m_ec == ak::errc::http_error));
        },
        180s, auth_setup()
    );
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tools_as_a_restricted_user)

BOOST_AUTO_TEST_CASE(each_of_the_seven_tools_reports_the_refusal)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_client root(env.ctx.get_executor(), client_for(env.sim, "root", root_password));
            co_await set_up_reader(root);

            auto as_reader = [&](const std::string& db) {
                auto inst = env.scratch_instance();
                inst.username = "reader";
                inst.password = reader_password;
                inst.database = db;
                return inst;
            };
            ak::arango_tools shop(env.runner, as_reader("shop"));
            ak::arango_tools secret(env.runner, as_reader("secret"));
            ak::arango_tools system(env.runner, as_reader("_system"));

            // Control: ro on shop is enough to dump and export it, so the refusals below are about rights.
            ak::arangodump_options dump_ok;
            dump_ok.output_directory = (env.dir / "shop-dump").string();
            auto d0 = co_await shop.async_run(dump_ok, as_tuple);
            BOOST_TEST(
                std::get<1>(d0).ok(), std::get<1>(d0).result.describe() << all_errors(std::get<1>(d0))
            );
            BOOST_TEST(fs::exists(env.dir / "shop-dump" / "dump.json"));

            // 1. arangodump of a database with none.
            ak::arangodump_options dump;
            dump.output_directory = (env.dir / "secret-dump").string();
            dump.timeout = 60s;
            auto [e1, r1] = co_await secret.async_run(dump, as_tuple);
            expect_refused(
                r1, "arangodump --server.database secret (none)",
                {"Could not connect to endpoint", "database: 'secret', username: 'reader'",
                 "not authorized to execute this request"}
            );

            // 2. arangorestore into a database with ro (creating collections needs rw).
            ak::arangorestore_options restore;
            restore.input_directory = (env.dir / "shop-dump").string();
            restore.timeout = 60s;
            auto [e2, r2] = co_await shop.async_run(restore, as_tuple);
            expect_refused(
                r2, "arangorestore --server.database shop (ro)",
                {"Error while creating document collection 'products'", "forbidden"}
            );

            // 3. arangoimport into a collection of a database with ro.
            {
                std::ofstream f(env.dir / "more.jsonl");
                f << "{\"_key\":\"x1\"}\n{\"_key\":\"x2\"}\n";
            }
            ak::arangoimport_options imp;
            imp.file = (env.dir / "more.jsonl").string();
            imp.collection = "products";
            imp.type = ak::import_type::jsonl;
            imp.timeout = 60s;
            auto [e3, r3] = co_await shop.async_run(imp, as_tuple);
            expect_refused(r3, "arangoimport --collection products (ro)", {"forbidden"}, 0);
            BOOST_TEST((r3.outcome.ec == ak::errc::tool_reported_failure));

            // 4. arangoexport of a database with none.
            ak::arangoexport_options exp;
            exp.collection.push_back("vault");
            exp.type = ak::export_type::jsonl;
            exp.output_directory = (env.dir / "secret-export").string();
            exp.timeout = 60s;
            auto [e4, r4] = co_await secret.async_run(exp, as_tuple);
            expect_refused(
                r4, "arangoexport --server.database secret (none)",
                {"database: 'secret', username: 'reader'", "not authorized to execute this request"}
            );

            // 5. arangobench with a test case that writes, on a database with ro.
            ak::arangobench_options bench;
            bench.test_case = ak::bench_test_case::document;
            bench.requests = 20;
            bench.threads = 1;
            bench.timeout = 60s;
            auto [e5, r5] = co_await shop.async_run(bench, as_tuple);
            expect_refused(
                r5, "arangobench --test-case document on shop (ro)",
                {"failed to create collection", "HTTP 403", "forbidden"}
            );

            // 6. arangobackup create: hot backups need a superuser.
            ak::arangobackup_options backup;
            backup.operation = ak::backup_operation::create;
            backup.timeout = 60s;
            auto [e6, r6] = co_await system.async_run(backup, as_tuple);
            expect_refused(
                r6, "arangobackup create as reader",
                {"database: '_system', username: 'reader'", "not authorized to execute this request"}
            );

            // 7. arangosh writing into a database with ro.
            ak::arangosh_options sh;
            sh.javascript_execute_string.push_back("db.products.save({_key: 'from-shell'});");
            sh.timeout = 60s;
            auto [e7, r7] = co_await shop.async_run(sh, as_tuple);
            expect_refused(r7, "arangosh db.products.save on shop (ro)", {"ArangoError 11: forbidden"});

            // Nothing the refused runs tried reached the data.
            BOOST_TEST(co_await root.async_count("shop", "products") == 3u);
            BOOST_TEST(!fs::exists(env.dir / "secret-export" / "vault.jsonl"));
        },
        600s, auth_setup()
    );
}

BOOST_AUTO_TEST_SUITE_END()
