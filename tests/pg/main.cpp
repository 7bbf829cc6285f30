// The PostgreSQL test harness's own tests: a throw-away cluster (pg_test_cluster) and the
// databases tests make in it (PgTestDatabase).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
