// `stampline complaints` and `stampline hold-suspects`: the service department's commands over
// the API (a service token; auditors and admins may list).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace stampline::cli {

struct ComplaintOptions {
    std::string server = "http://127.0.0.1:8470";
    std::string token;  // defaults to $STAMPLINE_TOKEN (read by main)
    std::string id;
    bool same_stamp = false, same_station = false, same_product = false, same_order = false;
    int window_hours = 0;
};

void add_complaint_commands(CLI::App& app, ComplaintOptions& options, int& exit_code);

}  // namespace stampline::cli
