// The PostgreSQL store's reader connections (pg_reader_pool.h).
#include "server/store/pg/pg_reader_pool.h"

#include <utility>

namespace stampline::server::pg {

ReaderPool::Lease::~Lease() {
    if (conn_ && pool_ != nullptr) pool_->give_back(std::move(conn_));
}

ReaderPool::ReaderPool(ConnectOptions options, std::unique_ptr<Connection> first)
    : options_(std::move(options)) {
    idle_.push_back(std::move(first));
}

Result<ReaderPool::Lease> ReaderPool::lease() {
    std::unique_ptr<Connection> conn;
    {
        std::lock_guard lock(mu_);
        if (!idle_.empty()) {
            conn = std::move(idle_.back());
            idle_.pop_back();
        }
    }
    if (conn) {
        if (Status s = conn->ensure_open(); !s) return s;
        return Lease(*this, std::move(conn));
    }
    Result<std::unique_ptr<Connection>> made = Connection::open(options_);
    if (!made) return made.error();
    return Lease(*this, std::move(made).value());
}

void ReaderPool::give_back(std::unique_ptr<Connection> conn) {
    // A read that failed inside its transaction left it open: end it before keeping the
    // connection (a lost one is made again on its next lease).
    if (conn->in_transaction()) conn->exec("ROLLBACK");
    std::lock_guard lock(mu_);
    if (idle_.size() < kMaxIdle) idle_.push_back(std::move(conn));
}

}  // namespace stampline::server::pg
