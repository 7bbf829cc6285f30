// The server side of TLS: a context made from the plant's PEM files (OpenSSL through Asio).
// TLS 1.2 and later, no renegotiation, the server's cipher order, buffers released while a
// connection is idle. Used by beast_engine.cpp only.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "shared/status.h"

namespace stampline::server::engine {

// `cert`: the server's certificate, then any intermediate CA certificates; `key`: its private
// key (unencrypted). Refused, naming the file, when one cannot be read or they do not match.
Result<std::shared_ptr<boost::asio::ssl::context>> load_tls_context(const std::string& cert,
                                                                    const std::string& key);

}  // namespace stampline::server::engine
