// Integration tests: the real stampline-server binary on 127.0.0.1 with a real database file,
// driven over HTTP.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
