// Benchmark (terminal issues 4 and 16): scan-to-screen latency of the real terminal under Xvfb —
// from the key event of a scan's final Enter to the swap of the frame that first shows the unit
// card — over --scans scans typed as physical key codes; the terminal's peak RSS against the
// GL floor (bench_gl_floor, run in the same run: a window that only draws a triangle); and its
// CPU while idle on the sheet prompt for --idle-seconds.
// The terminal instruments both ends itself (--latency-log); in the same run the idle frame time
// (the baseline) is measured the same way, from the frames drawn while nothing happens.
//
//   ninja -C build bench_scan_latency bench_gl_floor &&
//     build/tests/terminal_e2e/bench/bench_scan_latency
//   options: --scans N (default 250), --idle-seconds N (default 60)
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "rss_split.h"
#include "terminal_e2e/station_fixture.h"

namespace stampline::e2e {

namespace {

int g_scans = 250;
int g_idle_seconds = 60;

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

// User + system CPU time of a process so far, in seconds.
double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // after "pid (comm) "
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; fields >> field; ++i) {  // field 3 is the state
        if (i == 14) utime = std::stoll(field);
        if (i == 15) {
            stime = std::stoll(field);
            break;
        }
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Runs bench_gl_floor and returns the peak RSS it reports, in MB.
double gl_floor_peak_mb() {
    FILE* p = popen(STAMPLINE_GL_FLOOR_BIN " 2>&1", "r");
    REQUIRE(p != nullptr);
    char line[512];
    double mb = 0;
    while (fgets(line, sizeof line, p))
        if (std::sscanf(line, "gl floor peak RSS (VmHWM): %lf MB", &mb) == 1) break;
    while (fgets(line, sizeof line, p)) {
    }
    pclose(p);
    REQUIRE(mb > 0);
    return mb;
}

}  // namespace

TEST_CASE("scan-to-screen latency, peak RSS and idle CPU of the terminal") {
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
    // Idle on the sheet prompt: only the clock's redraws (every 0.5 s) and the sync's polls.
    const double cpu_before = cpu_seconds(st.terminal().pid());
    std::this_thread::sleep_for(std::chrono::seconds(g_idle_seconds));
    const double idle_cpu_pct =
        100.0 * (cpu_seconds(st.terminal().pid()) - cpu_before) / g_idle_seconds;
    const long rss = peak_rss_kib("/proc/" + std::to_string(st.terminal().pid()) + "/status");
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
    const double floor_mb = gl_floor_peak_mb();
    std::printf(
        "GL floor peak RSS (bench_gl_floor, same run): %.1f MB; terminal above it: %.1f MB "
        "(target <= 32 MB): %s\n",
        floor_mb, rss / 1024.0 - floor_mb, rss / 1024.0 - floor_mb <= 32.0 ? "met" : "NOT met");
    std::printf("idle CPU over %d s on the sheet prompt: %.2f%% of one core (target <= 2%%): %s\n",
                g_idle_seconds, idle_cpu_pct, idle_cpu_pct <= 2.0 ? "met" : "NOT met");
    // The peak minus this is what was resident only for a while (the PIN check's argon2id).
    std::printf(
        "resident at the end: %.1f MB = %.1f MB software GL libraries (llvmpipe, LLVM) + %.1f MB "
        "other files + %.1f MB anonymous\n",
        split.total_mb(), split.gl_libs_mb, split.other_files_mb, split.anonymous_mb);
}

}  // namespace stampline::e2e

int main(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--scans") == 0)
            stampline::e2e::g_scans = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--idle-seconds") == 0)
            stampline::e2e::g_idle_seconds = std::atoi(argv[i + 1]);
    doctest::Context context;
    context.setOption("no-intro", true);
    return context.run();
}
