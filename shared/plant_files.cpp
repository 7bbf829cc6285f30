#include "shared/plant_files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "shared/plant_parse.h"
#include "shared/sha256.h"
#include "shared/time_zone_db.h"

namespace stampline {

namespace fs = std::filesystem;

namespace {

Result<std::string> read_file(const std::string& path) {
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return io_error(path +
                        ": cannot open: " + (errno ? std::strerror(errno) : "unknown error"));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return io_error(path + ": read failed");
    return text.str();
}

}  // namespace

Result<Plant> load_plant_dir(const std::string& dir) {
    std::string prefix = dir;
    while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();

    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) return io_error(dir + ": cannot read directory: " + ec.message());
    std::vector<std::string> names;
    for (fs::directory_iterator end; it != end;) {
        std::string name = it->path().filename().string();
        std::error_code type_ec;
        if (!name.empty() && name[0] != '.' && it->path().extension() == ".toml" &&
            it->is_regular_file(type_ec)) {
            names.push_back(std::move(name));
        }
        it.increment(ec);
        if (ec) return io_error(dir + ": cannot read directory: " + ec.message());
    }
    if (names.empty()) return not_found(dir + ": no plant configuration (*.toml files) here");
    std::sort(names.begin(), names.end());

    std::vector<ConfigSource> files;
    Sha256Stream digest;
    for (const std::string& name : names) {
        std::string path = prefix == "/" ? "/" + name : prefix + "/" + name;
        Result<std::string> text = read_file(path);
        if (!text) return text.error();
        for (const std::string_view part : {std::string_view(name), std::string_view(*text)}) {
            digest.update(std::to_string(part.size()) + ":");
            digest.update(part);
        }
        files.push_back({path, std::move(text.value())});
    }
    Result<Plant> plant = parse_plant(files, load_time_zone);
    if (plant) plant->source_digest = to_hex(digest.finish());
    return plant;
}

}  // namespace stampline
