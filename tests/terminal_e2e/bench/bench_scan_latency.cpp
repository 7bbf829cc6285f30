// Benchmark (terminal issue, Must show 5): scan-to-screen latency of the real terminal under
// Xvfb — from the key event of a scan's final Enter to the swap of the frame that first shows the
// unit card — over --scans scans typed as physical key codes, and the terminal's peak RSS.
// The terminal instruments both ends itself (--latency-log); in the same run the idle frame time
// (the baseline) is measured the same way, from the frames drawn while nothing happens.
//
//   ninja -C build bench_scan_latency && build/tests/terminal_e2e/bench/bench_scan_latency
//   options: --scans N (default 250)
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "rss_split.h"
#include "terminal_e2e/station_fixture.h"

namespace stampline::e2e {

namespace {

int g_scans = 250;

// Lines "<kind> <microseconds>" of the latency log, for one kind ("scan" or "frame").
std::vector<double> read_log(const std::string& path, const std::string& kind) {
    std::ifstream in(path);
    std::vector<double> out;
    std::string k;
    double us = 0;
    while (in >> k >> us)
        if (k == kind) out.push_back(us / 1000.0);
    return out;
}

double quantile(std::vector<double> v, double q) {
    REQUIRE(!v.empty());
    std::sort(v.begin(), v.end());
    const std::size_t i =
        std::min(v.size() - 1, static_cast<std::size_t>(q * (v.size() - 1) + 0.5));
    return v[i];
}

long peak_rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

}  // namespace

TEST_CASE("scan-to-screen latency and peak RSS of the terminal") {
    itest::TempDir logs;
    const std::string log = logs.file("latency.log");
    Station st("ST-ASM-1", "ASSEMBLY", {"--latency-log", log});
    constexpr int kUnits = 20;
    std::vector<std::string> payloads;
    for (int i = 0; i < kUnits; ++i) {
        const std::string serial = "BENCH" + std::to_string(100 + i);
        st.server().sheet(serial, "KSO298", "Z26119");
        st.server().walk(serial, "KSO298", "ASSEMBLY");
        payloads.push_back(sheet_payload(serial, "KSO298", "Z26119"));
    }
    st.sign_in(Station::kStamp, Station::kPin);
    for (int i = 0; i < g_scans; ++i) {
        st.input().scan(payloads[static_cast<std::size_t>(i % kUnits)], 1000);
        st.terminal().wait_for_screen("unit_card");
        st.input().key(keycode::kEscape);
        st.terminal().wait_for_screen("scan_sheet");
    }
    const long rss = peak_rss_kib(st.terminal().pid());
    const RssSplit split = rss_split("/proc/" + std::to_string(st.terminal().pid()) + "/smaps");
    const std::vector<double> scans = read_log(log, "scan");
    const std::vector<double> frames = read_log(log, "frame");
    REQUIRE(scans.size() == static_cast<std::size_t>(g_scans));
    const double median = quantile(scans, 0.5), p99 = quantile(scans, 0.99);
    const double frame = quantile(frames, 0.5);
    std::printf("scans: %zu  scan->card median %.2f ms  p99 %.2f ms  max %.2f ms\n", scans.size(),
                median, p99, quantile(scans, 1.0));
    std::printf(
        "baseline: idle frame (draw+swap) median %.2f ms over %zu frames; "
        "scan->card median / frame = %.2f\n",
        frame, frames.size(), median / frame);
    std::printf("one frame at 60 Hz = 16.67 ms: median %s\n",
                median < 1000.0 / 60 ? "under one frame" : "OVER one frame");
    std::printf("terminal peak RSS (VmHWM): %.1f MB (target < 80 MB)\n", rss / 1024.0);
    // The peak minus this is what was resident only for a while (the PIN check's argon2id).
    std::printf(
        "resident at the end: %.1f MB = %.1f MB software GL libraries (llvmpipe, LLVM) + %.1f MB "
        "other files + %.1f MB anonymous\n",
        split.total_mb(), split.gl_libs_mb, split.other_files_mb, split.anonymous_mb);
}

}  // namespace stampline::e2e

int main(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--scans") == 0) stampline::e2e::g_scans = std::atoi(argv[i + 1]);
    doctest::Context context;
    context.setOption("no-intro", true);
    return context.run();
}
