// End-to-end tests of the station terminal: real server, real window under Xvfb, XTEST input.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
