// The HTTP engine against bytes a real client library would
// never send: each framing case of RFC 9112 answered as it says, with nothing stored from a
// refused request; pipelined requests answered in order; Expect: 100-continue; HTTP/1.0; and a
// header of 100,000 fields refused while the server's memory stays small.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "integration/raw_http.h"
#include "integration/test_server.h"

namespace stampline::itest {

namespace {

using namespace std::chrono_literals;

// A TZ station with stamp 777 and the given units registered; each request carries one
// sign-off.
struct Framing {
    TestServer s;
    std::string token;
    Framing() {
        s.stamp("777", {"TZ"});
        token = s.token("terminal", station_for("TZ"));
    }
    // A batch of one sign-off of a unit registered here; its event id in last_id.
    std::string body(const std::string& serial) {
        s.sheet(serial);
        const json event = s.events().sign_off(serial, "TZ", "777");
        last_id = event["id"].get<std::string>();
        return json{{"v", 1}, {"events", json::array({event})}}.dump();
    }
    std::string last_id;
    std::string head(const std::string& extra) const {
        return "POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
               "\r\nContent-Type: application/json\r\n" + extra;
    }
    std::string post(const std::string& body) const {
        return head("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n") + body;
    }
    std::int64_t events() { return s.health()["events"].get<std::int64_t>(); }
    RawConnection connect() { return RawConnection(s.process().port()); }
};

std::string status_line(const std::string& reply) {
    return reply.substr(0, reply.find("\r\n"));
}

long peak_rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

}  // namespace

TEST_CASE(
    "http: Content-Length with Transfer-Encoding is refused with 400 and closed, nothing "
    "stored") {
    Framing f;
    const std::string body = f.body("FR1");
    const std::int64_t before = f.events();
    RawConnection c = f.connect();
    c.send(f.head("Content-Length: " + std::to_string(body.size()) +
                  "\r\nTransfer-Encoding: chunked\r\n\r\n") +
           body);
    const std::string reply = c.read_until_closed(5s);
    CHECK(status_line(reply) == "HTTP/1.1 400 Bad Request");
    CHECK(reply.find("Connection: close") != std::string::npos);
    CHECK(c.closed());
    CHECK(f.events() == before);
}

TEST_CASE(
    "http: two different Content-Length headers are refused with 400 and closed, nothing "
    "stored") {
    Framing f;
    const std::string body = f.body("FR2");
    const std::int64_t before = f.events();
    RawConnection c = f.connect();
    c.send(f.head("Content-Length: " + std::to_string(body.size()) +
                  "\r\nContent-Length: " + std::to_string(body.size() + 1) + "\r\n\r\n") +
           body + " ");
    const std::string reply = c.read_until_closed(5s);
    CHECK(status_line(reply) == "HTTP/1.1 400 Bad Request");
    CHECK(c.closed());
    CHECK(f.events() == before);
}

TEST_CASE("http: two POSTs written at once are both stored and answered in order") {
    Framing f;
    const std::string a = f.post(f.body("FR3"));
    const std::string a_id = f.last_id;
    const std::string b = f.post(f.body("FR4"));
    const std::string b_id = f.last_id;
    const std::int64_t before = f.events();
    RawConnection c = f.connect();
    c.send(a + b + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const std::string reply = c.read_until("HTTP/1.1 200", 3, 10s);
    REQUIRE(occurrences(reply, "HTTP/1.1 200") == 3);
    // In order: the two batches' results, then the health check that counts both.
    const std::size_t first = reply.find(a_id), second = reply.find(b_id);
    CHECK(first != std::string::npos);
    CHECK(first < second);
    CHECK(second < reply.find("\"quarantined\""));
    CHECK_FALSE(c.closed());
    CHECK(f.events() == before + 2);
}

TEST_CASE("http: Expect 100-continue gets 100 Continue before the body, then the answer") {
    Framing f;
    const std::string body = f.body("FR5");
    RawConnection c = f.connect();
    c.send(f.head("Expect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) +
                  "\r\n\r\n"));
    CHECK(c.read_until("\r\n\r\n", 1, 5s) == "HTTP/1.1 100 Continue\r\n\r\n");
    c.send(body);
    const std::string reply = c.read_until("HTTP/1.1 200", 1, 5s);
    CHECK(occurrences(reply, "HTTP/1.1 200 OK") == 1);
}

TEST_CASE("http: a body over the limit announced with Expect gets 413 and no 100") {
    Framing f;
    RawConnection c = f.connect();
    c.send(f.head("Expect: 100-continue\r\nContent-Length: 10000000\r\n\r\n"));
    const std::string reply = c.read_until_closed(5s);
    CHECK(status_line(reply) == "HTTP/1.1 413 Payload Too Large");
    CHECK(reply.find("100 Continue") == std::string::npos);
}

TEST_CASE(
    "http: an HTTP/1.0 client is answered in HTTP/1.0 and closed, unless it asks to keep "
    "alive") {
    Framing f;
    RawConnection once = f.connect();
    once.send("GET /healthz HTTP/1.0\r\n\r\n");
    const std::string reply = once.read_until_closed(5s);
    CHECK(status_line(reply) == "HTTP/1.0 200 OK");
    CHECK(once.closed());
    RawConnection kept = f.connect();
    kept.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    const std::string first = kept.read_until("\"quarantined\"", 1, 5s);
    CHECK(first.find("Connection: keep-alive") != std::string::npos);
    kept.send("GET /healthz HTTP/1.0\r\n\r\n");
    kept.read_until_closed(5s);
    CHECK(kept.closed());
}

TEST_CASE(
    "http: a header of 100,000 fields is refused with 431 while the server stays under "
    "64 MB") {
    Framing f;
    RawConnection c = f.connect();
    std::string fields;
    for (int i = 0; i < 100000; ++i) fields += "X-Field-" + std::to_string(i) + ": v\r\n";
    const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + fields + "\r\n";
    c.send_until_answered(request);
    const std::string reply = c.read_until_closed(10s);
    CHECK(status_line(reply) == "HTTP/1.1 431 Request Header Fields Too Large");
    const long peak = peak_rss_kib(f.s.process().pid());
    MESSAGE("server peak RSS " << peak / 1024.0 << " MB");
    CHECK(peak > 0);
#if !defined(__SANITIZE_ADDRESS__)  // AddressSanitizer's shadow memory alone is more than this
    CHECK(peak < 64 * 1024);
#endif
}

TEST_CASE("http: a request target over the limit is refused with 414") {
    Framing f;
    RawConnection c = f.connect();
    c.send("GET /api/v1/units/" + std::string(9000, 'A') + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    CHECK(status_line(c.read_until_closed(5s)) == "HTTP/1.1 414 URI Too Long");
}

}  // namespace stampline::itest
