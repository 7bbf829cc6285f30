// Owners of OpenSSL objects (freed with their own free functions), for the CLI's OpenSSL
// adapter (plant_tls.cpp) and the tests that read back what it writes.
#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

namespace stampline::cli::ossl {

template <auto free_fn>
struct Free {
    template <typename T>
    void operator()(T* p) const {
        free_fn(p);
    }
};
using Key = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Free<X509_free>>;
using Bio = std::unique_ptr<BIO, Free<BIO_free_all>>;
using Bignum = std::unique_ptr<BIGNUM, Free<BN_free>>;
using Integer = std::unique_ptr<ASN1_INTEGER, Free<ASN1_INTEGER_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Free<X509_EXTENSION_free>>;
using Store = std::unique_ptr<X509_STORE, Free<X509_STORE_free>>;
using StoreCtx = std::unique_ptr<X509_STORE_CTX, Free<X509_STORE_CTX_free>>;

}  // namespace stampline::cli::ossl
