// `stampline tls init`: a plant CA and a server certificate for a plant without PKI.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace stampline::cli {

// What the command line fills in; owned by main() and outliving the parse.
struct TlsOptions {
    std::vector<std::string> hosts;  // --host, repeatable: the first is the certificate's CN
    std::string out;
    int days = 825;  // the server certificate's validity
    bool force = false;
};

void add_tls_commands(CLI::App& app, TlsOptions& options, int& exit_code);

}  // namespace stampline::cli
