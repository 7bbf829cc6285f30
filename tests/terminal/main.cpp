// Unit tests of the terminal's pure core: no window, no network, no files.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
