// Headless Chromium (the Debian package) driven from the command line, for the real-browser
// tests of the web pages: each call is a fresh browser with its own profile that signs in through
// a one-time link and then loads the page.
#pragma once

#include <string>

#include "integration/test_server.h"

namespace stampline::itest {

class Chromium {
public:
    // `token`: an auditor or admin token that the sign-in links are made for.
    Chromium(TestServer& server, std::string token) : server_(server), token_(std::move(token)) {}

    // The DOM of `page` (a path under /ui/) after loading, as Chromium serializes it.
    std::string dump_dom(const std::string& page);
    // A PNG of the page at the given window size.
    void screenshot(const std::string& page, const std::string& png_path, int width, int height);
    // The page printed to PDF, as the browser's print dialog would (print CSS applies).
    void print_to_pdf(const std::string& page, const std::string& pdf_path);

private:
    CommandResult run(const std::string& page, const std::vector<std::string>& mode);
    TestServer& server_;
    std::string token_;
    int runs_ = 0;
};

}  // namespace stampline::itest
