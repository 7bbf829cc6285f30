// The in-memory fake of Store (store.h) for unit tests of the service logic: the same answers,
// errors and ordering as the SQLite store, nothing on disk.
//
// write() runs fn against a copy of the whole state and swaps it in only when fn returns ok,
// so a failed transaction leaves no trace. Thread-safe; writes are serialised; the reads may be
// called from inside a write() callback and see the last committed state, as with the SQLite
// store. Meant for test-sized data (each write copies the state).
#pragma once

#include <memory>

#include "server/store/store.h"

namespace stampline::server {

// An empty store. counts().db_bytes is always 0; verify_chain() recomputes the chain from the
// canonical texts it keeps.
std::unique_ptr<Store> make_memory_store();

}  // namespace stampline::server
