// The CRM webhook against a local receiver: each change of a complaint's state is delivered in
// order, signed with HMAC-SHA256 of the body, retried with growing pauses while the receiver
// fails, logged attempt by attempt, and not delivered again after a restart.
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>

#include "integration/test_server.h"
#include "shared/sha256.h"

namespace stampline::itest {

namespace {

constexpr const char* kSecret = "s3cr3t-shared-with-the-crm";

// A CRM's webhook endpoint that answers 500 to its first `failures` requests, then 200.
class Receiver {
public:
    explicit Receiver(int failures) : failures_(failures) {
        server_.Post(
            "/hooks/stampline", [this](const httplib::Request& req, httplib::Response& res) {
                std::lock_guard lock(mu_);
                const bool fail = static_cast<int>(received_.size()) < failures_;
                received_.push_back({req.body, req.get_header_value("X-Stampline-Signature"),
                                     req.get_header_value("X-Stampline-Delivery"),
                                     std::chrono::steady_clock::now(), !fail});
                res.status = fail ? 500 : 200;
            });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
    }
    ~Receiver() {
        server_.stop();
        thread_.join();
    }
    int port() const { return port_; }

    struct Request {
        std::string body;
        std::string signature;
        std::string delivery;
        std::chrono::steady_clock::time_point at;
        bool answered_ok;
    };
    std::vector<Request> received() {
        std::lock_guard lock(mu_);
        return received_;
    }
    // Waits up to 20 s for n requests answered 200.
    std::vector<Request> wait_for_delivered(std::size_t n) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            std::vector<Request> r = received();
            if (static_cast<std::size_t>(std::count_if(
                    r.begin(), r.end(), [](const Request& q) { return q.answered_ok; })) >= n)
                return r;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        FAIL("the receiver did not get " << n << " deliveries within 20 s");
        return {};
    }

private:
    httplib::Server server_;
    int failures_;
    int port_ = 0;
    std::thread thread_;
    std::mutex mu_;
    std::vector<Request> received_;
};

struct CrmServer {
    TempDir dir;
    std::string db = dir.file("stampline.db");
    std::string admin;
    std::string config = dir.file("server.toml");
    std::unique_ptr<ServerProcess> server;

    explicit CrmServer(int receiver_port) {
        const CommandResult init =
            server_command({"init", "--db", db, "--plant", demo_plant_dir()});
        REQUIRE_MESSAGE(init.exit_code == 0, init.err);
        const auto at = init.out.find("slt_");
        admin = init.out.substr(at, init.out.find_first_of(" \n", at) - at);
        std::ofstream(dir.file("crm.secret")) << kSecret << "\n";
        std::ofstream(config) << "db = \"" << db << "\"\nplant = \"" << demo_plant_dir()
                              << "\"\ncrm_webhook_url = \"http://127.0.0.1:" << receiver_port
                              << "/hooks/stampline\"\ncrm_webhook_secret_file = \""
                              << dir.file("crm.secret")
                              << "\"\ncrm_retry_base_ms = 200\ncrm_poll_ms = 50\n";
        start();
    }
    void start() {
        server = std::make_unique<ServerProcess>(dir.path(),
                                                 std::vector<std::string>{"--config", config});
    }
    ApiClient api() { return ApiClient(server->port()); }
};

}  // namespace

TEST_CASE(
    "the CRM webhook delivers each change of a complaint's state in order, signed, retried with "
    "growing pauses while the receiver fails, logged, and not again after a restart") {
    Receiver crm(2);
    CrmServer s(crm.port());
    std::string service;
    std::string id;
    {
        ApiClient api = s.api();
        REQUIRE(api.post("/api/v1/sheets",
                         {{"serial", "C1"}, {"product_type", "SHU"}, {"order", "Z1"}}, s.admin)
                    .status == 201);
        const Reply token =
            api.post("/api/v1/tokens", {{"role", "service"}, {"label", "CRM"}}, s.admin);
        REQUIRE(token.status == 201);
        service = token.json["secret"];
        const Reply reg = api.post("/api/v1/complaints",
                                   {{"reason", "transport_damage"},
                                    {"product_type", "SHU"},
                                    {"serials", {"C1"}},
                                    {"lifecycle_stage", "transport"},
                                    {"customer", {{"organisation", "ООО «Приёмка»"}}},
                                    {"channel", "portal"},
                                    {"description", "Вмятина на двери"}},
                                   service);
        REQUIRE_MESSAGE(reg.status == 201, reg.body);
        id = reg.json["id"];
        REQUIRE(api.post("/api/v1/complaints/" + id + "/investigation", {{"engineer", "Сидоров"}},
                         service)
                    .status == 200);
    }
    const std::vector<Receiver::Request> got = crm.wait_for_delivered(2);
    REQUIRE(got.size() == 4);  // entry 1 three times (two failed), then entry 2
    const std::vector<std::string> deliveries = {got[0].delivery, got[1].delivery, got[2].delivery,
                                                 got[3].delivery};
    CHECK(deliveries == std::vector<std::string>{"1", "1", "1", "2"});
    for (const Receiver::Request& r : got)
        CHECK(r.signature == "sha256=" + hmac_sha256_hex(kSecret, r.body));
    CHECK(got[1].at - got[0].at >= std::chrono::milliseconds(200));  // the pause doubles
    CHECK(got[2].at - got[1].at >= std::chrono::milliseconds(400));
    const json first = json::parse(got[2].body);
    CHECK(first["kind"] == "registered");
    CHECK(first["complaint"]["id"] == id);
    CHECK(first["complaint"]["status"] == "registered");
    const json second = json::parse(got[3].body);
    CHECK(second["kind"] == "investigation");
    CHECK(second["complaint"]["status"] == "investigation");
    CHECK(second["complaint"]["engineer"] == "Сидоров");

    // The server logs an attempt once its answer is in: the receiver may have answered the
    // last one a moment before it is logged.
    json log;
    for (int i = 0; i < 200 && log.size() < 4; ++i) {
        if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        log = s.api().get("/api/v1/crm/deliveries", service).json["deliveries"];
    }
    REQUIRE(log.size() == 4);
    CHECK(log[0]["delivery"] == 1);
    CHECK(log[0]["attempt"] == 1);
    CHECK(log[0]["delivered"] == false);
    CHECK(log[0]["detail"] == "HTTP 500");
    CHECK(log[1]["attempt"] == 2);
    CHECK(log[2]["attempt"] == 3);
    CHECK(log[2]["delivered"] == true);
    CHECK(log[3]["delivery"] == 2);
    CHECK(log[3]["delivered"] == true);

    // After a restart it goes on from the first change not delivered; a notice is no change.
    REQUIRE(s.server->stop() == 0);
    s.start();
    {
        ApiClient api = s.api();
        REQUIRE(api.post("/api/v1/complaints/" + id + "/notices",
                         {{"channel", "email"}, {"text", "Приняли в работу"}}, service)
                    .status == 201);
        REQUIRE(api.post("/api/v1/complaints/" + id + "/withdrawal", {{"note", "Заказчик отозвал"}},
                         service)
                    .status == 200);
    }
    const std::vector<Receiver::Request> after = crm.wait_for_delivered(3);
    REQUIRE(after.size() == 5);
    CHECK(after[4].delivery == "4");  // entry 3 is the notice
    CHECK(json::parse(after[4].body)["kind"] == "withdrawn");
    CHECK(s.server->stop() == 0);
}

TEST_CASE("a CRM webhook URL that is not http://host[:port]/path is refused naming the line") {
    TempDir dir;
    std::ofstream(dir.file("server.toml")) << "db = \"x.db\"\nplant = \"p\"\n"
                                              "crm_webhook_url = \"ftp://crm.local/hook\"\n";
    const CommandResult r = server_command({"serve", "--config", dir.file("server.toml")});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find("server.toml:3: 'crm_webhook_url': crm_webhook_url: 'ftp://crm.local/"
                             "hook' is not http://host[:port]/path") != std::string::npos,
                  r.err);
}

}  // namespace stampline::itest
