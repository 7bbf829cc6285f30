// `stampline tls init`: a plant CA and a server certificate for a plant without PKI (OpenSSL
// adapter; no OpenSSL type leaves plant_tls.cpp).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "shared/status.h"
#include "shared/time.h"

namespace stampline::cli {

struct PlantTlsRequest {
    // The names and addresses terminals use to reach the server. Each becomes a subjectAltName:
    // IP:<addr> when it parses as IPv4/IPv6, else DNS:<name>. The first is the server's CN.
    std::vector<std::string> hosts;
    std::filesystem::path out;  // created if missing (mode 0700)
    int days = 825;             // the server certificate's validity, 1..3650
    bool force = false;         // replace existing files instead of refusing
};

// The four files written into PlantTlsRequest::out.
struct PlantTlsFiles {
    std::filesystem::path ca_cert;      // plant-ca.crt (PEM, 0644)
    std::filesystem::path ca_key;       // plant-ca.key (PEM, 0600): keep it offline
    std::filesystem::path server_cert;  // server.crt (PEM, the server certificate only, 0644)
    std::filesystem::path server_key;   // server.key (PEM, 0600)
};

// Makes a self-signed plant CA (EC P-256, CA:TRUE pathlen:0, 20 years) and a server certificate
// it signs (EC P-256, serverAuth, SANs from hosts, `days` days), both valid from clock.now() minus
// one day (terminals with slightly wrong clocks), and writes them through temporary files renamed
// into place. Returns InvalidArgument for no host, a host that is neither an IP address nor a DNS
// name, or days outside 1..3650; Conflict when one of the four files exists and !force; IOError
// when the folder or a file cannot be written. Nothing is written when an error is returned,
// except on an IOError in the middle of the renames.
Result<PlantTlsFiles> make_plant_tls(const PlantTlsRequest& request, const Clock& clock);

}  // namespace stampline::cli
