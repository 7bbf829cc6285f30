// Decode benchmark (issue 5, "Must show" 3): the project's photo decoder against the ZXingReader
// CLI (zxing-cpp-tools, ZXing-cpp 1.4) and zbarimg (zbar-tools) on the same images, in one run.
//
//   bench_decode [--stampline PATH] [--plant DIR] [--repeats N] [FOLDER...]
//
// For every image with an expected text (NAME.txt beside it, "<GS>" = ASCII 29) and each tool,
// one process per image (what a user runs), timed from spawn to exit: `stampline decode`,
// `ZXingReader -1 -escape`, `zbarimg --nodbus -q --raw`. The library call decode_image() is
// also timed in-process (what the terminal pays). An image counts as decoded when the tool's
// output holds the expected text. Prints per folder and in total: decoded count, median time per
// image; then the images ZXingReader decodes and the project does not. A tool that is not
// installed is reported as absent. Not a test: never registered with CTest.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "devices/image_decoder.h"

extern char** environ;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct RunResult {
    bool ran = false;
    std::string out;
    double ms = 0;
};

// Runs argv[0] (searched in PATH) with stdout captured; stderr discarded.
RunResult run(const std::vector<std::string>& args) {
    RunResult r;
    int fds[2];
    if (pipe(fds) != 0) return r;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<char*> argv;
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    const auto start = Clock::now();
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return r;
    }
    char buf[4096];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
        r.out.append(buf, static_cast<std::size_t>(n));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    r.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    r.ran = WIFEXITED(status) && WEXITSTATUS(status) != 127;
    return r;
}

std::string read_expected(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto pos = s.find("<GS>"); pos != std::string::npos; pos = s.find("<GS>", pos))
        s.replace(pos, 4, 1, '\x1d');
    return s;
}

// Control characters as ZXingReader -escape writes them ("<GS>", "<CR>", ...).
std::string zxing_escaped(const std::string& s) {
    static const std::array<const char*, 32> names = {
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS",  "HT",  "LF",
        "VT",  "FF",  "CR",  "SO",  "SI",  "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
        "SYN", "ETB", "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
    std::string out;
    for (unsigned char c : s)
        if (c < 32)
            out += std::string("<") + names[c] + ">";
        else if (c == 127)
            out += "<DEL>";
        else
            out += static_cast<char>(c);
    return out;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct Tally {
    int decoded = 0;
    std::vector<double> ms;
    std::vector<std::string> failed;  // images the tool did not run to its end on (crash)
};

}  // namespace

int main(int argc, char** argv) {
    std::string stampline = "stampline";
    std::string plant = STAMPLINE_CONFIG_DIR "/demo";
    int repeats = 1;
    std::vector<std::string> folders;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--stampline" && i + 1 < argc)
            stampline = argv[++i];
        else if (a == "--plant" && i + 1 < argc)
            plant = argv[++i];
        else if (a == "--repeats" && i + 1 < argc)
            repeats = std::max(1, std::atoi(argv[++i]));
        else
            folders.push_back(a);
    }
    if (folders.empty())
        for (const char* f : {"code128-1", "datamatrix-1", "datamatrix-2", "qrcode-1"})
            folders.push_back(std::string(STAMPLINE_TEST_DATA "/barcodes/") + f);

    const std::vector<std::string> tools = {"library", "stampline", "ZXingReader", "zbarimg"};
    std::map<std::string, std::map<std::string, Tally>> by_folder;  // folder -> tool -> tally
    std::vector<std::string> zxing_only;
    int images = 0;
    for (const std::string& folder : folders) {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(folder))
            if ((e.path().extension() == ".png" || e.path().extension() == ".jpg") &&
                fs::exists(fs::path(e.path()).replace_extension(".txt")))
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
        const std::string name = fs::path(folder).filename().string();
        auto& tally = by_folder[name];
        for (const fs::path& image : files) {
            ++images;
            const std::string expected = read_expected(fs::path(image).replace_extension(".txt"));
            const std::string file = image.string();
            bool ours = false, theirs = false;
            for (int rep = 0; rep < repeats; ++rep) {
                // The library call, in-process.
                const auto start = Clock::now();
                auto found = stampline::devices::decode_image(file);
                const double ms =
                    std::chrono::duration<double, std::milli>(Clock::now() - start).count();
                const bool hit =
                    found && std::any_of(found->begin(), found->end(),
                                         [&](const auto& b) { return b.text == expected; });
                tally["library"].ms.push_back(ms);
                if (rep == 0 && hit) ++tally["library"].decoded;

                RunResult s = run({stampline, "decode", "--plant", plant, file});
                if (!s.ran && rep == 0) tally["stampline"].failed.push_back(file);
                tally["stampline"].ms.push_back(s.ms);
                // `stampline decode` prints GS as <GS>, as the expected files do.
                const bool s_hit = s.out.find("  " + stampline::devices::visible_text(expected) +
                                              "\n") != std::string::npos;
                if (rep == 0 && s_hit) ++tally["stampline"].decoded;
                ours = ours || s_hit;

                RunResult z = run({"ZXingReader", "-1", "-escape", file});
                if (!z.ran && rep == 0) tally["ZXingReader"].failed.push_back(file);
                tally["ZXingReader"].ms.push_back(z.ms);
                const bool z_hit =
                    z.out.find("\"" + zxing_escaped(expected) + "\"") != std::string::npos;
                if (rep == 0 && z_hit) ++tally["ZXingReader"].decoded;
                theirs = theirs || z_hit;

                RunResult b = run({"zbarimg", "--nodbus", "-q", "--raw", file});
                if (!b.ran && rep == 0) tally["zbarimg"].failed.push_back(file);
                tally["zbarimg"].ms.push_back(b.ms);
                if (rep == 0 && b.out.find(expected) != std::string::npos)
                    ++tally["zbarimg"].decoded;
            }
            if (theirs && !ours) zxing_only.push_back(name + "/" + image.filename().string());
        }
    }

    std::printf("%d images, %d run(s) each; decoded = output holds the expected text\n\n", images,
                repeats);
    std::printf("%-14s", "folder");
    for (const std::string& t : tools) std::printf("  %-22s", t.c_str());
    std::printf("\n%-14s", "");
    for (std::size_t i = 0; i < tools.size(); ++i) std::printf("  %-22s", "decoded  median ms");
    std::printf("\n");
    std::map<std::string, Tally> total;
    for (auto& [folder, tally] : by_folder) {
        std::printf("%-14s", folder.c_str());
        for (const std::string& t : tools) {
            Tally& x = tally[t];
            std::printf("  %3d    %8.1f       ", x.decoded, median(x.ms));
            total[t].decoded += x.decoded;
            total[t].ms.insert(total[t].ms.end(), x.ms.begin(), x.ms.end());
            total[t].failed.insert(total[t].failed.end(), x.failed.begin(), x.failed.end());
        }
        std::printf("\n");
    }
    std::printf("%-14s", "all");
    for (const std::string& t : tools)
        std::printf("  %3d    %8.1f       ", total[t].decoded, median(total[t].ms));
    std::printf("\n\n");
    for (const std::string& t : tools)
        for (const std::string& f : total[t].failed)
            std::printf("%s did not finish on %s (crash, or not installed)\n", t.c_str(),
                        f.c_str());
    // What each process costs before it decodes anything: the same command on a file that is
    // not an image (stampline also loads the plant configuration).
    const std::string not_image = STAMPLINE_TEST_DATA "/README.md";
    std::vector<double> s0, z0, b0;
    for (int i = 0; i < 20; ++i) {
        s0.push_back(run({stampline, "decode", "--plant", plant, not_image}).ms);
        z0.push_back(run({"ZXingReader", "-1", not_image}).ms);
        b0.push_back(run({"zbarimg", "--nodbus", "-q", not_image}).ms);
    }
    std::printf(
        "process start-up (median of 20 runs on a non-image): stampline %.1f ms, "
        "ZXingReader %.1f ms, zbarimg %.1f ms\n",
        median(s0), median(z0), median(b0));
    std::printf("decoded by ZXingReader but not by stampline: %zu\n", zxing_only.size());
    for (const std::string& f : zxing_only) std::printf("  %s\n", f.c_str());
    return 0;
}
