#include "integration/chromium.h"

#include <doctest/doctest.h>

#include "server/web/html.h"

namespace stampline::itest {

CommandResult Chromium::run(const std::string& page, const std::vector<std::string>& mode) {
    Reply link = server_.api().post("/api/v1/web-logins", json::object(), token_);
    REQUIRE_MESSAGE(link.status == 201, link.body);
    const std::string url = "http://127.0.0.1:" + std::to_string(server_.process().port()) +
                            link.json["url"].get<std::string>() +
                            "&next=" + server::web::url_component(page);
    const std::string profile = server_.dir().path() + "/chromium-" + std::to_string(++runs_);
    // The browser is a client on the machine's real clock: under the faked clock of .ci/test
    // (libfaketime through LD_PRELOAD) Chromium never finishes a page, and nothing it does
    // depends on the date (the pages are made by the server, which keeps the faked one).
    std::vector<std::string> argv = {"/usr/bin/env",
                                     "-u",
                                     "LD_PRELOAD",
                                     "-u",
                                     "FAKETIME",
                                     "/usr/bin/chromium",
                                     "--headless",
                                     "--no-sandbox",  // the tests run as root in CI
                                     "--disable-gpu",
                                     "--disable-dev-shm-usage",
                                     "--no-first-run",
                                     "--hide-scrollbars",
                                     "--user-data-dir=" + profile};
    argv.insert(argv.end(), mode.begin(), mode.end());
    argv.push_back(url);
    CommandResult r = run_command(argv);
    REQUIRE_MESSAGE(r.exit_code == 0, "chromium failed: " << r.err);
    return r;
}

std::string Chromium::dump_dom(const std::string& page) {
    return run(page, {"--dump-dom"}).out;
}

void Chromium::screenshot(const std::string& page, const std::string& png_path, int width,
                          int height) {
    run(page, {"--screenshot=" + png_path,
               "--window-size=" + std::to_string(width) + "," + std::to_string(height)});
}

void Chromium::print_to_pdf(const std::string& page, const std::string& pdf_path) {
    run(page, {"--print-to-pdf=" + pdf_path, "--no-pdf-header-footer"});
}

}  // namespace stampline::itest
