// `stampline tls init` (server/cli/plant_tls.h): the written PEMs loaded back with OpenSSL.
#include <doctest/doctest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "server/cli/openssl_handles.h"
#include "server/cli/plant_tls.h"
#include "sqlite_fixture.h"

namespace stampline::cli {

namespace {

namespace fs = std::filesystem;

using ossl::Cert;
using ossl::Free;
using ossl::Key;
using ossl::Store;
using ossl::StoreCtx;

// 2026-03-02T10:00:00Z: certificates are dated from the clock, and verified at this time.
constexpr std::int64_t kNowS = 1772445600;
const ManualClock kClock{Timestamp{kNowS * 1000}};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Cert load_cert(const fs::path& path) {
    std::unique_ptr<FILE, Free<fclose>> f(fopen(path.c_str(), "r"));
    REQUIRE(f != nullptr);
    Cert cert(PEM_read_X509(f.get(), nullptr, nullptr, nullptr));
    REQUIRE(cert != nullptr);
    return cert;
}

Key load_key(const fs::path& path) {
    std::unique_ptr<FILE, Free<fclose>> f(fopen(path.c_str(), "r"));
    REQUIRE(f != nullptr);
    Key key(PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr));
    REQUIRE(key != nullptr);
    return key;
}

PlantTlsFiles make(const PlantTlsRequest& request) {
    Result<PlantTlsFiles> files = make_plant_tls(request, kClock);
    REQUIRE_MESSAGE(files.has_value(), files.status().to_string());
    return *files;
}

// X509_verify_cert of `server` with `ca` as the only trust anchor, purpose sslserver, at kNowS.
int verify_server(X509* server, X509* ca) {
    Store store(X509_STORE_new());
    StoreCtx ctx(X509_STORE_CTX_new());
    REQUIRE((store && ctx && X509_STORE_add_cert(store.get(), ca) == 1));
    REQUIRE(X509_STORE_CTX_init(ctx.get(), store.get(), server, nullptr) == 1);
    REQUIRE(X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER) == 1);
    X509_STORE_CTX_set_time(ctx.get(), 0, kNowS);
    const int ok = X509_verify_cert(ctx.get());
    INFO(X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())));
    CHECK(X509_STORE_CTX_get_error(ctx.get()) == X509_V_OK);
    return ok;
}

bool names_host(X509* cert, const std::string& host) {
    return X509_check_host(cert, host.c_str(), host.size(), 0, nullptr) == 1;
}

mode_t mode_of(const fs::path& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("tls init: the server certificate verifies against the plant CA for its hosts only") {
    test::TempDir dir;
    const PlantTlsFiles f =
        make({.hosts = {"127.0.0.1", "::1", "plant-server"}, .out = dir.file("tls")});
    Cert ca = load_cert(f.ca_cert);
    Cert server = load_cert(f.server_cert);

    CHECK(verify_server(server.get(), ca.get()) == 1);
    CHECK(X509_check_ip_asc(server.get(), "127.0.0.1", 0) == 1);
    CHECK(X509_check_ip_asc(server.get(), "::1", 0) == 1);
    CHECK(names_host(server.get(), "plant-server"));
    CHECK_FALSE(names_host(server.get(), "other-server"));
    CHECK_FALSE(names_host(server.get(), "127.0.0.1"));  // an IP SAN, not a DNS one
    CHECK(X509_check_ip_asc(server.get(), "127.0.0.2", 0) == 0);

    // server.crt holds the server certificate alone.
    const std::string pem = read_file(f.server_cert);
    CHECK(pem.find("BEGIN CERTIFICATE") == pem.rfind("BEGIN CERTIFICATE"));
    CHECK(X509_get_signature_nid(server.get()) == NID_ecdsa_with_SHA256);
}

TEST_CASE("tls init: the plant CA is CA:TRUE pathlen 0 and the server certificate CA:FALSE") {
    test::TempDir dir;
    const PlantTlsFiles f = make({.hosts = {"plant-server"}, .out = dir.file("tls")});
    Cert ca = load_cert(f.ca_cert);
    Cert server = load_cert(f.server_cert);

    CHECK(X509_check_ca(ca.get()) == 1);
    CHECK(X509_get_pathlen(ca.get()) == 0);
    CHECK(X509_get_key_usage(ca.get()) == (KU_KEY_CERT_SIGN | KU_CRL_SIGN));
    CHECK(X509_get0_subject_key_id(ca.get()) != nullptr);
    CHECK(X509_check_issued(ca.get(), ca.get()) == X509_V_OK);  // self-signed

    CHECK(X509_check_ca(server.get()) == 0);
    CHECK((X509_get_extension_flags(server.get()) & EXFLAG_BCONS) != 0);  // CA:FALSE is there
    CHECK(X509_get_key_usage(server.get()) == (KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT));
    CHECK(X509_get_extended_key_usage(server.get()) == XKU_SSL_SERVER);
    CHECK(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(server.get()),
                                X509_get0_subject_key_id(ca.get())) == 0);
}

TEST_CASE("tls init: certificates start a day before now and the server's lasts --days") {
    test::TempDir dir;
    const PlantTlsFiles f = make({.hosts = {"plant-server"}, .out = dir.file("tls"), .days = 30});
    Cert ca = load_cert(f.ca_cert);
    Cert server = load_cert(f.server_cert);
    const auto days_from_now = [](const ASN1_TIME* t) {
        ASN1_TIME* now = ASN1_TIME_set(nullptr, kNowS);
        int days = 0, seconds = 0;
        REQUIRE(ASN1_TIME_diff(&days, &seconds, now, t) == 1);
        ASN1_TIME_free(now);
        CHECK(seconds == 0);
        return days;
    };
    CHECK(days_from_now(X509_get0_notBefore(server.get())) == -1);
    CHECK(days_from_now(X509_get0_notAfter(server.get())) == 29);
    CHECK(days_from_now(X509_get0_notBefore(ca.get())) == -1);
    CHECK(days_from_now(X509_get0_notAfter(ca.get())) == 20 * 365 + 5 - 1);
}

TEST_CASE("tls init: each key matches its certificate and only the owner can read keys") {
    test::TempDir dir;
    const PlantTlsFiles f = make({.hosts = {"10.1.2.3"}, .out = dir.file("new/tls")});
    Cert ca = load_cert(f.ca_cert);
    Cert server = load_cert(f.server_cert);
    Key ca_key = load_key(f.ca_key);
    Key server_key = load_key(f.server_key);

    CHECK(X509_check_private_key(ca.get(), ca_key.get()) == 1);
    CHECK(X509_check_private_key(server.get(), server_key.get()) == 1);
    CHECK(X509_check_private_key(server.get(), ca_key.get()) == 0);
    CHECK(mode_of(f.ca_key) == 0600);
    CHECK(mode_of(f.server_key) == 0600);
    CHECK(mode_of(f.ca_cert) == 0644);
    CHECK(mode_of(dir.file("new/tls")) == 0700);
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.file("new/tls"))) ++entries;
    CHECK(entries == 4);  // no temporary file left
}

TEST_CASE("tls init: existing files are refused without --force and left byte-identical") {
    test::TempDir dir;
    const PlantTlsFiles f = make({.hosts = {"plant-server"}, .out = dir.path});
    const std::string before[] = {read_file(f.ca_cert), read_file(f.ca_key),
                                  read_file(f.server_cert), read_file(f.server_key)};

    Result<PlantTlsFiles> again =
        make_plant_tls({.hosts = {"plant-server"}, .out = dir.path}, kClock);
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().code() == Code::Conflict);
    CHECK(again.error().message().find("--force") != std::string::npos);
    CHECK(read_file(f.ca_cert) == before[0]);
    CHECK(read_file(f.ca_key) == before[1]);
    CHECK(read_file(f.server_cert) == before[2]);
    CHECK(read_file(f.server_key) == before[3]);

    // One file is enough to refuse.
    fs::remove(f.ca_cert);
    fs::remove(f.ca_key);
    fs::remove(f.server_cert);
    CHECK_FALSE(make_plant_tls({.hosts = {"plant-server"}, .out = dir.path}, kClock).has_value());
    CHECK(read_file(f.server_key) == before[3]);
    CHECK_FALSE(fs::exists(f.ca_cert));

    make({.hosts = {"plant-server"}, .out = dir.path, .force = true});
    CHECK(read_file(f.server_key) != before[3]);
    CHECK(X509_check_private_key(load_cert(f.server_cert).get(), load_key(f.server_key).get()));
}

TEST_CASE("tls init: a bad host or days outside 1..3650 is refused and nothing is written") {
    test::TempDir dir;
    const std::string out = dir.file("tls");
    const auto refused = [&](std::vector<std::string> hosts, int days = 825) {
        Result<PlantTlsFiles> files =
            make_plant_tls({.hosts = hosts, .out = out, .days = days, .force = false}, kClock);
        CHECK_FALSE(files.has_value());
        if (!files.has_value()) CHECK(files.error().code() == Code::InvalidArgument);
        CHECK_FALSE(fs::exists(out));
    };
    refused({});
    refused({""});
    refused({"plant server"});
    refused({"plant-server", "a,DNS:evil.example"});
    refused({"-plant"});
    refused({"plant..server"});
    refused({"999.1.1.1"});  // neither an address nor a name
    refused({"plant-server"}, 0);
    refused({"plant-server"}, 3651);
    make({.hosts = {"plant-server"}, .out = out, .days = 3650});
}

}  // namespace stampline::cli
