#include "server/service/database_admin.h"

#include <filesystem>

#include "server/store/sqlite_store.h"

namespace stampline::server {

namespace fs = std::filesystem;

Result<NewToken> initialize_database(const std::string& path, const Plant& plant,
                                     RandomSource& random, const Clock& clock) {
    std::error_code ec;
    if (fs::exists(path, ec))
        return conflict("database " + path + " already exists; init never overwrites a database");
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) {
        fs::create_directories(parent, ec);
        if (ec) return io_error("cannot create directory " + parent.string() + ": " + ec.message());
    }
    SqliteStoreOptions options;
    options.path = path;
    Result<std::unique_ptr<Store>> store = open_sqlite_store(options);
    if (!store)
        return Status(store.error().code(),
                      "cannot create database " + path + ": " + store.error().message());
    Result<NewToken> token =
        create_token(**store, plant, random, clock, Role::Admin, "", "first admin (init)");
    if (!token)
        return Status(token.error().code(),
                      "cannot create the first admin token: " + token.error().message());
    return token;
}

Result<std::unique_ptr<Store>> open_existing_database(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        return not_found("database " + path + " does not exist (create it with `stampline-server " +
                         "init --db " + path + " --plant DIR`)");
    if (!fs::is_regular_file(path, ec))
        return invalid("database " + path + " is not a regular file");
    SqliteStoreOptions options;
    options.path = path;
    options.create_if_missing = false;
    return open_sqlite_store(options);
}

Result<VerifyReport> verify_database(const std::string& path) {
    Result<std::unique_ptr<Store>> store = open_existing_database(path);
    if (!store) return store.error();
    Result<std::optional<ChainBreak>> broken = (*store)->verify_chain();
    if (!broken)
        return Status(broken.error().code(),
                      "cannot verify " + path + ": " + broken.error().message());
    Result<StoreCounts> counts = (*store)->counts();
    if (!counts) return counts.error();
    return VerifyReport{counts->events, *broken};
}

}  // namespace stampline::server
