#include "server/http/engine/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <filesystem>
#include <fstream>

namespace stampline::server::engine {

namespace {

// OpenSSL's reasons for the last failure, oldest first, and the queue cleared.
std::string openssl_errors() {
    std::string all;
    while (const unsigned long e = ERR_get_error()) {
        char text[256];
        ERR_error_string_n(e, text, sizeof text);
        all += (all.empty() ? "" : "; ") + std::string(text);
    }
    return all.empty() ? "unknown OpenSSL error" : all;
}

Status unusable(const std::string& what, const std::string& path, const std::string& why) {
    return Status(Code::InvalidArgument, "cannot use " + what + " " + path + ": " + why);
}

}  // namespace

Result<std::shared_ptr<boost::asio::ssl::context>> load_tls_context(const std::string& cert,
                                                                    const std::string& key) {
    for (const auto& [what, path] : {std::pair{"tls_cert", cert}, std::pair{"tls_key", key}}) {
        if (!std::ifstream(path))
            return unusable(what, path,
                            std::filesystem::exists(path) ? "not readable" : "no such file");
    }
    ERR_clear_error();
    auto ctx = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
    SSL_CTX* native = ctx->native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);
    if (SSL_CTX_use_certificate_chain_file(native, cert.c_str()) != 1)
        return unusable("tls_cert", cert, openssl_errors());
    const auto not_its_key = [&] {
        ERR_clear_error();
        return unusable("tls_key", key, "it is not the key of " + cert);
    };
    if (SSL_CTX_use_PrivateKey_file(native, key.c_str(), SSL_FILETYPE_PEM) != 1)
        return ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH
                   ? not_its_key()
                   : unusable("tls_key", key, openssl_errors());
    if (SSL_CTX_check_private_key(native) != 1) return not_its_key();
    return ctx;
}

}  // namespace stampline::server::engine
