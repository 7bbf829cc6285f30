// Internal to the PostgreSQL store: the reader connections. Each read leases a connection for
// its duration (one thread per connection at a time, as libpq requires); reads running together
// get connections of their own, and a few are kept open between reads.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "server/store/pg/pg_connection.h"
#include "shared/status.h"

namespace stampline::server::pg {

class ReaderPool {
public:
    // A leased connection, returned to the pool at destruction.
    class Lease {
    public:
        Lease(ReaderPool& pool, std::unique_ptr<Connection> conn)
            : pool_(&pool), conn_(std::move(conn)) {}
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        Connection& operator*() const { return *conn_; }
        Connection* operator->() const { return conn_.get(); }

    private:
        ReaderPool* pool_;
        std::unique_ptr<Connection> conn_;
    };

    // first: an open connection to keep (open_pg_store's, which proved the options work).
    ReaderPool(ConnectOptions options, std::unique_ptr<Connection> first);

    // An idle connection (made again if it was lost), or a new one. Unavailable when the server
    // cannot be reached.
    Result<Lease> lease();

private:
    void give_back(std::unique_ptr<Connection> conn);

    static constexpr std::size_t kMaxIdle = 4;
    const ConnectOptions options_;
    std::mutex mu_;  // guards idle_
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace stampline::server::pg
