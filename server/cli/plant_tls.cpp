#include "server/cli/plant_tls.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/cli/openssl_handles.h"

namespace stampline::cli {

namespace {

namespace fs = std::filesystem;

using ossl::Bignum;
using ossl::Bio;
using ossl::Cert;
using ossl::Extension;
using ossl::Integer;
using ossl::Key;

constexpr long kOneDay = 24 * 60 * 60;      // certificates start a day early: terminals' clocks
constexpr int kCaDays = 20 * 365 + 5;       // 20 years
constexpr std::size_t kMaxCommonName = 64;  // ub-common-name (RFC 5280)

// The OpenSSL error queue's last entry, in an Internal status.
Status openssl_failed(const std::string& what) {
    const unsigned long e = ERR_peek_last_error();
    char reason[256] = "";
    if (e != 0) ERR_error_string_n(e, reason, sizeof reason);
    ERR_clear_error();
    return {Code::Internal,
            "OpenSSL could not " + what + (e != 0 ? std::string(": ") + reason : "")};
}

bool is_ip_address(const std::string& host) {
    unsigned char addr[sizeof(in6_addr)];
    return inet_pton(AF_INET, host.c_str(), addr) == 1 ||
           inet_pton(AF_INET6, host.c_str(), addr) == 1;
}

// A host name: dot-separated labels of ASCII letters, digits and inner '-', not all-numeric at
// the end (that would be a mistyped IPv4 address).
bool is_dns_name(std::string_view host) {
    if (host.empty() || host.size() > 253) return false;
    for (std::size_t start = 0;;) {
        const std::size_t dot = host.find('.', start);
        const std::string_view label =
            host.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
            return false;
        bool numeric = true;
        for (const char c : label) {
            const bool digit = c >= '0' && c <= '9';
            const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!digit && !letter && c != '-') return false;
            numeric = numeric && digit;
        }
        if (dot == std::string_view::npos) return !numeric;
        start = dot + 1;
    }
}

Result<Key> make_key() {
    Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key) return openssl_failed("make an EC P-256 key");
    return key;
}

struct CertSpec {
    std::string common_name;
    bool organization = false;                            // O=Stampline
    long days = 0;                                        // from notBefore
    std::vector<std::pair<int, std::string>> extensions;  // NID, X509V3 config value
};

// Builds and signs a certificate for `key`; issuer null: self-signed.
Result<Cert> make_cert(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key,
                       std::time_t now) {
    Cert cert(X509_new());
    Bignum serial(BN_new());
    if (!cert || !serial) return openssl_failed("allocate a certificate");
    X509* c = cert.get();
    Integer serial_number;
    const std::string cn = spec.common_name.substr(0, kMaxCommonName);
    X509_NAME* subject = X509_get_subject_name(c);
    const auto text = [](const std::string& s) {
        return reinterpret_cast<const unsigned char*>(s.c_str());
    };
    const bool built =
        X509_set_version(c, 2) && BN_rand(serial.get(), 128, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) &&
        (serial_number.reset(BN_to_ASN1_INTEGER(serial.get(), nullptr)), serial_number) &&
        X509_set_serialNumber(c, serial_number.get()) &&
        X509_time_adj_ex(X509_getm_notBefore(c), 0, -kOneDay, &now) &&
        X509_time_adj_ex(X509_getm_notAfter(c), static_cast<int>(spec.days), -kOneDay, &now) &&
        X509_set_pubkey(c, key) &&
        (!spec.organization ||
         X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC, text("Stampline"), -1, -1, 0)) &&
        X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, text(cn), -1, -1, 0) &&
        X509_set_issuer_name(c, X509_get_subject_name(issuer != nullptr ? issuer : c));
    if (!built) return openssl_failed("build the certificate for " + cn);
    for (const auto& [nid, value] : spec.extensions) {
        X509V3_CTX ctx;
        X509V3_set_ctx(&ctx, issuer != nullptr ? issuer : c, c, nullptr, nullptr, 0);
        Extension ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
        if (!ext || !X509_add_ext(c, ext.get(), -1))
            return openssl_failed("add " + std::string(OBJ_nid2sn(nid)) + " = " + value);
    }
    if (!X509_sign(c, issuer_key != nullptr ? issuer_key : key, EVP_sha256()))
        return openssl_failed("sign the certificate for " + cn);
    return cert;
}

template <typename Write>
Result<std::string> pem(Write write, const char* what) {
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || !write(bio.get())) return openssl_failed(std::string("write ") + what + " as PEM");
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

// A file to put in place: its text goes to a temporary file beside it first.
struct Pending {
    fs::path path;
    std::string text;
    mode_t mode = 0600;
    fs::path temp;
};

Status write_temp(Pending& p) {
    std::string name =
        (p.path.parent_path() / ("." + p.path.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(name.data());  // created 0600
    if (fd < 0)
        return io_error("cannot create a file in " + p.path.parent_path().string() + ": " +
                        std::strerror(errno));
    p.temp = name;
    bool ok = ::fchmod(fd, p.mode) == 0;
    for (std::size_t done = 0; ok && done < p.text.size();) {
        const ssize_t n = ::write(fd, p.text.data() + done, p.text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    ok = ::fsync(fd) == 0 && ok;
    ok = ::close(fd) == 0 && ok;
    return ok ? Status::ok() : io_error("cannot write " + p.temp.string());
}

// Writes every file through its temporary file, then renames them into place; removes the
// temporary files left on an error.
Status put_in_place(std::vector<Pending>& files, const fs::path& dir) {
    const auto drop_temps = [&](Status s) {
        std::error_code ignored;
        for (const Pending& p : files)
            if (!p.temp.empty()) fs::remove(p.temp, ignored);
        return s;
    };
    for (Pending& p : files)
        if (Status s = write_temp(p); !s) return drop_temps(s);
    for (Pending& p : files) {
        std::error_code ec;
        fs::rename(p.temp, p.path, ec);
        if (ec)
            return drop_temps(
                io_error("cannot put " + p.path.string() + " in place: " + ec.message()));
        p.temp.clear();
    }
    const int fd = ::open(dir.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    const bool synced = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    return synced ? Status::ok() : io_error("cannot sync " + dir.string() + " to disk");
}

Status make_folder(const fs::path& dir) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return Status::ok();
    if (dir.has_parent_path()) fs::create_directories(dir.parent_path(), ec);
    if (ec || (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) ||
        ::chmod(dir.c_str(), 0700) != 0 || !fs::is_directory(dir, ec))
        return io_error("cannot create the folder " + dir.string());
    return Status::ok();
}

Status check_request(const PlantTlsRequest& r, const PlantTlsFiles& files) {
    if (r.hosts.empty()) return invalid("give the server's name or address with --host");
    for (const std::string& host : r.hosts)
        if (!is_ip_address(host) && !is_dns_name(host))
            return invalid("--host '" + host +
                           "' is neither an IPv4/IPv6 address nor a host name (letters, digits, "
                           "'-' and '.')");
    if (r.days < 1 || r.days > 3650)
        return invalid("--days " + std::to_string(r.days) + " is outside 1..3650");
    if (r.out.empty()) return invalid("give the folder to write to with --out");
    if (r.force) return Status::ok();
    for (const fs::path& p : {files.ca_cert, files.ca_key, files.server_cert, files.server_key}) {
        std::error_code ec;
        const fs::file_type type = fs::symlink_status(p, ec).type();
        if (type == fs::file_type::none) return io_error("cannot look at " + p.string());
        if (type != fs::file_type::not_found)
            return conflict(p.string() +
                            " already exists; nothing was written (--force replaces "
                            "the plant CA and the server certificate)");
    }
    return Status::ok();
}

}  // namespace

Result<PlantTlsFiles> make_plant_tls(const PlantTlsRequest& r, const Clock& clock) {
    const PlantTlsFiles files{r.out / "plant-ca.crt", r.out / "plant-ca.key", r.out / "server.crt",
                              r.out / "server.key"};
    if (Status s = check_request(r, files); !s) return s;

    std::string alt_names;
    for (const std::string& host : r.hosts)
        alt_names += (alt_names.empty() ? "" : ",") +
                     std::string(is_ip_address(host) ? "IP:" : "DNS:") + host;
    const CertSpec ca_spec{"Stampline plant CA " + r.hosts.front(),
                           true,
                           kCaDays,
                           {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                            {NID_key_usage, "critical,keyCertSign,cRLSign"},
                            {NID_subject_key_identifier, "hash"}}};
    const CertSpec server_spec{r.hosts.front(),
                               false,
                               r.days,
                               {{NID_basic_constraints, "critical,CA:FALSE"},
                                {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                                {NID_ext_key_usage, "serverAuth"},
                                {NID_subject_alt_name, alt_names},
                                {NID_subject_key_identifier, "hash"},
                                {NID_authority_key_identifier, "keyid:always"}}};

    const std::time_t now = static_cast<std::time_t>(clock.now().ms / 1000);
    Result<Key> ca_key = make_key();
    if (!ca_key) return ca_key.error();
    Result<Key> server_key = make_key();
    if (!server_key) return server_key.error();
    Result<Cert> ca = make_cert(ca_spec, ca_key->get(), nullptr, nullptr, now);
    if (!ca) return ca.error();
    Result<Cert> server = make_cert(server_spec, server_key->get(), ca->get(), ca_key->get(), now);
    if (!server) return server.error();

    const auto cert_pem = [](X509* x) { return [x](BIO* b) { return PEM_write_bio_X509(b, x); }; };
    const auto key_pem = [](EVP_PKEY* k) {
        return [k](BIO* b) {
            return PEM_write_bio_PrivateKey(b, k, nullptr, nullptr, 0, nullptr, nullptr);
        };
    };
    Result<std::string> texts[] = {pem(cert_pem(ca->get()), "the CA certificate"),
                                   pem(key_pem(ca_key->get()), "the CA key"),
                                   pem(cert_pem(server->get()), "the server certificate"),
                                   pem(key_pem(server_key->get()), "the server key")};
    for (const Result<std::string>& t : texts)
        if (!t) return t.error();

    std::vector<Pending> pending{{files.ca_cert, *texts[0], 0644, {}},
                                 {files.ca_key, *texts[1], 0600, {}},
                                 {files.server_cert, *texts[2], 0644, {}},
                                 {files.server_key, *texts[3], 0600, {}}};
    if (Status s = make_folder(r.out); !s) return s;
    if (Status s = put_in_place(pending, r.out); !s) return s;
    return files;
}

}  // namespace stampline::cli
