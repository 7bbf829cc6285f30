#include "devices/known_scanners.h"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

using namespace stampline::devices;

TEST_CASE("the shipped udev rules file is the one the known-scanner table generates") {
    std::ifstream file(STAMPLINE_CONFIG_DIR "/udev/70-stampline-scanners.rules");
    REQUIRE(file);
    const std::string shipped((std::istreambuf_iterator<char>(file)),
                              std::istreambuf_iterator<char>());
    // Regenerate with `stampline scanners --udev-rules > config/udev/70-stampline-scanners.rules`.
    CHECK(shipped == udev_rules());
}

TEST_CASE("every known scanner has a udev rule granting plugdev and the seat user access") {
    const std::string rules = udev_rules();
    for (const KnownScanner& k : known_scanners()) {
        const std::string vendor = to_string({k.vid, k.pid}).substr(0, 4);
        CHECK_MESSAGE(rules.find("ATTR{idVendor}==\"" + vendor + "\"") != std::string::npos,
                      vendor);
    }
    CHECK(rules.find("GROUP=\"plugdev\", TAG+=\"uaccess\"") != std::string::npos);
    // The input device of a keyboard-mode scanner read directly ([scanner] evdev).
    CHECK(rules.find("SUBSYSTEM==\"input\", KERNEL==\"event*\", ATTRS{idVendor}==\"0c2e\", "
                     "ATTRS{idProduct}==\"0b61\", MODE=\"0660\", GROUP=\"plugdev\"") !=
          std::string::npos);
    CHECK(udev_rule({0x0c2e, 0x0b61}) ==
          "SUBSYSTEM==\"usb\", ATTR{idVendor}==\"0c2e\", ATTR{idProduct}==\"0b61\", "
          "MODE=\"0660\", GROUP=\"plugdev\", TAG+=\"uaccess\"");
}

TEST_CASE("a known scanner is found by its exact id before its vendor's entry") {
    auto exact = find_known_scanner({0x0c2e, 0x0b6a});
    REQUIRE(exact);
    CHECK(exact->pid == 0x0b6a);
    CHECK(exact->modes == "hid-pos");
    auto vendor = find_known_scanner({0x0c2e, 0x1234});
    REQUIRE(vendor);
    CHECK(vendor->pid == 0);
    CHECK_FALSE(find_known_scanner({0x046d, 0xc31c}));  // a keyboard, not a scanner
}
