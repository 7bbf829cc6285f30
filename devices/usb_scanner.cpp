#include "devices/usb_scanner.h"

#include <libusb.h>

#include <array>
#include <cstdio>
#include <optional>

#include "devices/hid_keyboard.h"

namespace stampline::devices {

namespace {

constexpr std::uint8_t kClassHid = 3;
constexpr std::uint8_t kSubclassBoot = 1;
constexpr std::uint8_t kProtocolKeyboard = 1;

Status usb_status(int rc, const std::string& what, std::optional<UsbId> id = std::nullopt) {
    const std::string msg = what + ": " + libusb_error_name(rc);
    switch (rc) {
        case LIBUSB_ERROR_NO_DEVICE: return {Code::Unavailable, msg + " (unplugged)"};
        case LIBUSB_ERROR_ACCESS:
            return {
                Code::PermissionDenied,
                msg + "; add the udev rule " + (id ? udev_rule(*id) : std::string("for it")) +
                    " to /etc/udev/rules.d/70-stampline-scanners.rules, add the user to plugdev "
                    "and replug the scanner"};
        case LIBUSB_ERROR_NOT_FOUND: return {Code::NotFound, msg};
        case LIBUSB_ERROR_BUSY: return {Code::Unavailable, msg + " (claimed by another program)"};
        default: return io_error(msg);
    }
}

std::string descriptor_string(libusb_device_handle* h, std::uint8_t index) {
    if (index == 0) return "";
    unsigned char buf[128];
    const int n = libusb_get_string_descriptor_ascii(h, index, buf, sizeof buf);
    return n > 0 ? std::string(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n)) : "";
}

}  // namespace

Result<UsbId> parse_usb_id(const std::string& text) {
    unsigned vid = 0, pid = 0;
    char extra = 0;
    if (std::sscanf(text.c_str(), "%4x:%4x%c", &vid, &pid, &extra) != 2)
        return invalid("USB id '" + text + "' is not VID:PID in hex, e.g. 0c2e:0b61");
    return UsbId{static_cast<std::uint16_t>(vid), static_cast<std::uint16_t>(pid)};
}

std::string udev_rule(UsbId id) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "SUBSYSTEM==\"usb\", ATTR{idVendor}==\"%04x\", ATTR{idProduct}==\"%04x\", "
                  "MODE=\"0660\", GROUP=\"plugdev\"",
                  id.vid, id.pid);
    return buf;
}

std::string to_string(UsbId id) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04x:%04x", id.vid, id.pid);
    return buf;
}

struct UsbKeyboardScanner::Impl {
    libusb_context* ctx = nullptr;
    libusb_device_handle* handle = nullptr;
    int interface = -1;
    bool claimed = false;
    bool reattach = false;
    std::uint8_t endpoint = 0;
    int packet_size = kBootReportSize;
    std::string name;
    HidKeyboardDecoder decoder;

    ~Impl() {  // teardown in reverse
        if (claimed) libusb_release_interface(handle, interface);
        if (reattach) libusb_attach_kernel_driver(handle, interface);
        if (handle) libusb_close(handle);
        if (ctx) libusb_exit(ctx);
    }
};

UsbKeyboardScanner::UsbKeyboardScanner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
UsbKeyboardScanner::~UsbKeyboardScanner() = default;

const std::string& UsbKeyboardScanner::name() const {
    return impl_->name;
}

Result<std::unique_ptr<UsbKeyboardScanner>> UsbKeyboardScanner::open(UsbId id) {
    auto impl = std::make_unique<Impl>();
    if (int rc = libusb_init(&impl->ctx); rc != 0) {
        impl->ctx = nullptr;
        return usb_status(rc, "libusb_init");
    }
    libusb_device** list = nullptr;
    const ssize_t n = libusb_get_device_list(impl->ctx, &list);
    if (n < 0) return usb_status(static_cast<int>(n), "listing USB devices");
    libusb_device* found = nullptr;
    for (ssize_t i = 0; i < n && !found; ++i) {
        libusb_device_descriptor d;
        if (libusb_get_device_descriptor(list[i], &d) == 0 && d.idVendor == id.vid &&
            d.idProduct == id.pid)
            found = list[i];
    }
    if (!found) {
        libusb_free_device_list(list, 1);
        return not_found("no USB device " + to_string(id) + " is attached");
    }
    // Find the boot-keyboard interface and its interrupt-IN endpoint.
    libusb_config_descriptor* config = nullptr;
    if (int rc = libusb_get_active_config_descriptor(found, &config); rc != 0) {
        libusb_free_device_list(list, 1);
        return usb_status(rc, "reading the configuration of " + to_string(id));
    }
    for (int i = 0; i < config->bNumInterfaces && impl->interface < 0; ++i) {
        const libusb_interface& itf = config->interface[i];
        if (itf.num_altsetting < 1) continue;
        const libusb_interface_descriptor& alt = itf.altsetting[0];
        if (alt.bInterfaceClass != kClassHid || alt.bInterfaceSubClass != kSubclassBoot ||
            alt.bInterfaceProtocol != kProtocolKeyboard)
            continue;
        for (int e = 0; e < alt.bNumEndpoints; ++e) {
            const libusb_endpoint_descriptor& ep = alt.endpoint[e];
            if ((ep.bEndpointAddress & LIBUSB_ENDPOINT_DIR_MASK) == LIBUSB_ENDPOINT_IN &&
                (ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) == LIBUSB_TRANSFER_TYPE_INTERRUPT) {
                impl->interface = alt.bInterfaceNumber;
                impl->endpoint = ep.bEndpointAddress;
                impl->packet_size = std::max<int>(kBootReportSize, ep.wMaxPacketSize);
                break;
            }
        }
    }
    libusb_free_config_descriptor(config);
    int rc = impl->interface < 0 ? 0 : libusb_open(found, &impl->handle);
    libusb_free_device_list(list, 1);
    if (impl->interface < 0)
        return Status(Code::Unavailable,
                      to_string(id) + " has no HID boot-keyboard interface (not keyboard mode)");
    if (rc != 0) {
        impl->handle = nullptr;
        return usb_status(rc, "opening " + to_string(id), id);
    }
    libusb_device_descriptor d;
    libusb_get_device_descriptor(found, &d);
    // String descriptors are control transfers; a device (or an emulation) may not answer them.
    std::string label = descriptor_string(impl->handle, d.iManufacturer);
    const std::string product = descriptor_string(impl->handle, d.iProduct);
    if (!product.empty()) label += (label.empty() ? "" : " ") + product;
    impl->name = (label.empty() ? std::string("USB scanner") : label) + " (" + to_string(id) + ")";
    // Detach the keyboard driver only when attached (auto-detach is not emulated by umockdev
    // and fails where no driver is bound).
    if (libusb_kernel_driver_active(impl->handle, impl->interface) == 1) {
        if (rc = libusb_detach_kernel_driver(impl->handle, impl->interface); rc != 0)
            return usb_status(rc, "detaching the keyboard driver from " + to_string(id));
        impl->reattach = true;
    }
    if (rc = libusb_claim_interface(impl->handle, impl->interface); rc != 0)
        return usb_status(rc, "claiming " + to_string(id));
    impl->claimed = true;
    return std::unique_ptr<UsbKeyboardScanner>(new UsbKeyboardScanner(std::move(impl)));
}

Result<std::optional<std::vector<std::uint8_t>>> UsbKeyboardScanner::read_report(
    std::chrono::milliseconds timeout) {
    Impl& d = *impl_;
    std::array<unsigned char, 64> buf{};
    const int length = std::min<int>(d.packet_size, static_cast<int>(buf.size()));
    int actual = 0;
    // libusb treats 0 as "no timeout": wait at least 1 ms.
    const auto wait = static_cast<unsigned int>(std::max<long long>(1, timeout.count()));
    const int rc =
        libusb_interrupt_transfer(d.handle, d.endpoint, buf.data(), length, &actual, wait);
    if (rc == LIBUSB_ERROR_TIMEOUT) return std::optional<std::vector<std::uint8_t>>{};
    if (rc != 0) return usb_status(rc, "reading " + d.name);
    return std::optional<std::vector<std::uint8_t>>(
        std::vector<std::uint8_t>(buf.begin(), buf.begin() + actual));
}

Result<std::optional<std::string>> UsbKeyboardScanner::next_scan(
    std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        auto report = read_report(std::min(left, kReportPollTimeout));
        if (!report) return report.error();
        if (!*report || (*report)->size() < kBootReportSize) continue;  // timeout, or not boot
        auto scan = impl_->decoder.feed({(*report)->data(), kBootReportSize});
        if (scan && *scan) return *scan;  // a bad report is skipped: never assert on USB data
    }
    return std::optional<std::string>{};
}

Result<std::vector<UsbHidDeviceInfo>> list_usb_hid_devices() {
    libusb_context* ctx = nullptr;
    if (int rc = libusb_init(&ctx); rc != 0) return usb_status(rc, "libusb_init");
    libusb_device** list = nullptr;
    const ssize_t n = libusb_get_device_list(ctx, &list);
    if (n < 0) {
        libusb_exit(ctx);
        return usb_status(static_cast<int>(n), "listing USB devices");
    }
    std::vector<UsbHidDeviceInfo> out;
    for (ssize_t i = 0; i < n; ++i) {
        libusb_device_descriptor d;
        libusb_config_descriptor* config = nullptr;
        if (libusb_get_device_descriptor(list[i], &d) != 0 ||
            libusb_get_active_config_descriptor(list[i], &config) != 0)
            continue;
        bool hid = false, keyboard = false;
        for (int k = 0; k < config->bNumInterfaces; ++k)
            for (int a = 0; a < config->interface[k].num_altsetting; ++a) {
                const libusb_interface_descriptor& alt = config->interface[k].altsetting[a];
                hid = hid || alt.bInterfaceClass == kClassHid;
                keyboard = keyboard || (alt.bInterfaceClass == kClassHid &&
                                        alt.bInterfaceSubClass == kSubclassBoot &&
                                        alt.bInterfaceProtocol == kProtocolKeyboard);
            }
        libusb_free_config_descriptor(config);
        if (!hid) continue;
        UsbHidDeviceInfo info;
        info.id = {d.idVendor, d.idProduct};
        info.mode = keyboard ? "keyboard" : "hid";
        libusb_device_handle* h = nullptr;
        if (int rc = libusb_open(list[i], &h); rc == 0) {
            info.can_open = true;
            info.name = descriptor_string(h, d.iManufacturer);
            const std::string product = descriptor_string(h, d.iProduct);
            if (!product.empty()) info.name += (info.name.empty() ? "" : " ") + product;
            libusb_close(h);
        } else {
            info.why_not = usb_status(rc, "open", info.id).message();
        }
        out.push_back(std::move(info));
    }
    libusb_free_device_list(list, 1);
    libusb_exit(ctx);
    return out;
}

std::unique_ptr<Scanner> make_usb_keyboard_scanner(UsbId id) {
    return std::make_unique<KeyboardScanner>(
        "usb " + to_string(id),
        [id]() -> Result<std::unique_ptr<ReportSource>> {
            auto opened = UsbKeyboardScanner::open(id);
            if (!opened) return opened.error();
            return std::unique_ptr<ReportSource>(std::move(opened).value());
        },
        kReopenInterval);
}

}  // namespace stampline::devices
