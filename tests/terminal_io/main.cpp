// The terminal's outbox file and sync thread: real SQLite files in temp dirs and the real
// stampline-server binary on 127.0.0.1.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
