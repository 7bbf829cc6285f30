#include "devices/usb_scanner.h"

#include <libusb.h>
#include <sys/time.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <thread>
#include <utility>

#include "devices/hid_descriptor.h"
#include "devices/hid_keyboard.h"
#include "devices/hid_pos.h"
#include "devices/known_scanners.h"

namespace stampline::devices {

namespace {

constexpr std::uint8_t kClassHid = 3;
constexpr std::uint8_t kSubclassBoot = 1;
constexpr std::uint8_t kProtocolKeyboard = 1;
constexpr std::uint8_t kHidClassDescriptor = 0x21;
constexpr std::uint16_t kHidReportDescriptorValue = 0x2200;  // GET_DESCRIPTOR(HID report, 0)
constexpr std::size_t kMaxReportDescriptor = 4096;
// bmRequestType: device-to-host, standard, recipient interface.
constexpr std::uint8_t kRequestTypeInterfaceIn = 0x81;

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

// One libusb context and, where libusb supports it, a hotplug arrival callback for one VID:PID.
// The callback runs inside libusb_handle_events on the thread that calls wait_arrival() or does
// a transfer, and only sets a flag.
class UsbContext {
public:
    static Result<std::shared_ptr<UsbContext>> create(std::optional<UsbId> watch) {
        auto c = std::shared_ptr<UsbContext>(new UsbContext());
        if (int rc = libusb_init(&c->ctx_); rc != 0) {
            c->ctx_ = nullptr;
            return usb_status(rc, "libusb_init");
        }
        if (watch && libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG)) {
            const int rc = libusb_hotplug_register_callback(
                c->ctx_, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED, LIBUSB_HOTPLUG_NO_FLAGS, watch->vid,
                watch->pid, LIBUSB_HOTPLUG_MATCH_ANY, &UsbContext::on_arrival, c.get(),
                &c->hotplug_);
            c->has_hotplug_ = rc == LIBUSB_SUCCESS;  // else: polling only
        }
        return c;
    }
    ~UsbContext() {  // teardown in reverse
        if (has_hotplug_) libusb_hotplug_deregister_callback(ctx_, hotplug_);
        if (ctx_) libusb_exit(ctx_);
    }
    UsbContext(const UsbContext&) = delete;
    UsbContext& operator=(const UsbContext&) = delete;

    libusb_context* get() const { return ctx_; }
    bool has_hotplug() const { return has_hotplug_; }

    // Handles libusb events for up to `timeout`; true when the watched device arrived meanwhile
    // (or since the last call). Without hotplug support: sleeps, false.
    bool wait_arrival(std::chrono::milliseconds timeout) {
        if (!has_hotplug_) {
            std::this_thread::sleep_for(timeout);
            return false;
        }
        const auto usec = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
        timeval tv{static_cast<time_t>(usec / 1000000), static_cast<suseconds_t>(usec % 1000000)};
        libusb_handle_events_timeout_completed(ctx_, &tv, nullptr);
        return std::exchange(arrived_, false);
    }

private:
    UsbContext() = default;
    static int LIBUSB_CALL on_arrival(libusb_context*, libusb_device*, libusb_hotplug_event,
                                      void* self) {
        static_cast<UsbContext*>(self)->arrived_ = true;
        return 0;  // stay registered
    }

    libusb_context* ctx_ = nullptr;
    libusb_hotplug_callback_handle hotplug_ = 0;
    bool has_hotplug_ = false;
    bool arrived_ = false;
};

struct UsbHidScanner::Impl {
    std::shared_ptr<UsbContext> context;  // declared first: outlives the handle
    libusb_device_handle* handle = nullptr;
    int interface = -1;
    bool claimed = false;
    bool reattach = false;
    std::uint8_t endpoint = 0;
    int packet_size = kBootReportSize;
    std::string name;
    std::string mode;
    std::optional<PosReportLayout> pos;
    HidKeyboardDecoder decoder;

    ~Impl() {  // teardown in reverse
        if (claimed) libusb_release_interface(handle, interface);
        if (reattach) libusb_attach_kernel_driver(handle, interface);
        if (handle) libusb_close(handle);
    }
};

namespace {

// A HID interface with an interrupt-IN endpoint, as the configuration descriptor declares it.
struct HidInterface {
    int number = -1;
    std::uint8_t endpoint = 0;
    int packet_size = 0;
    bool boot_keyboard = false;
    std::uint16_t report_descriptor_length = 0;  // from the HID class descriptor; 0 if absent
};

std::vector<HidInterface> hid_interfaces(const libusb_config_descriptor& config) {
    std::vector<HidInterface> out;
    for (int i = 0; i < config.bNumInterfaces; ++i) {
        const libusb_interface& itf = config.interface[i];
        if (itf.num_altsetting < 1) continue;
        const libusb_interface_descriptor& alt = itf.altsetting[0];
        if (alt.bInterfaceClass != kClassHid) continue;
        HidInterface h;
        h.number = alt.bInterfaceNumber;
        h.boot_keyboard =
            alt.bInterfaceSubClass == kSubclassBoot && alt.bInterfaceProtocol == kProtocolKeyboard;
        for (int e = 0; e < alt.bNumEndpoints && h.endpoint == 0; ++e) {
            const libusb_endpoint_descriptor& ep = alt.endpoint[e];
            if ((ep.bEndpointAddress & LIBUSB_ENDPOINT_DIR_MASK) == LIBUSB_ENDPOINT_IN &&
                (ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) == LIBUSB_TRANSFER_TYPE_INTERRUPT) {
                h.endpoint = ep.bEndpointAddress;
                h.packet_size = ep.wMaxPacketSize;
            }
        }
        // HID class descriptor: bLength, 0x21, bcdHID(2), country, count, then (type, length).
        if (alt.extra_length >= 9 && alt.extra[1] == kHidClassDescriptor && alt.extra[6] == 0x22)
            h.report_descriptor_length =
                static_cast<std::uint16_t>(alt.extra[7] | alt.extra[8] << 8);
        if (h.endpoint != 0) out.push_back(h);
    }
    // Keyboard mode first: it needs no report descriptor.
    std::stable_sort(out.begin(), out.end(), [](const HidInterface& a, const HidInterface& b) {
        return a.boot_keyboard && !b.boot_keyboard;
    });
    return out;
}

// The HID POS layout of an interface (claimed), from its report descriptor: NotFound when it
// describes no Scanned Data Report, InvalidArgument when it does not parse, else the USB error.
Result<PosReportLayout> read_pos_layout(libusb_device_handle* h, const HidInterface& itf,
                                        const std::string& who) {
    std::vector<unsigned char> buf(itf.report_descriptor_length ? itf.report_descriptor_length
                                                                : kMaxReportDescriptor);
    const int n = libusb_control_transfer(
        h, kRequestTypeInterfaceIn, LIBUSB_REQUEST_GET_DESCRIPTOR, kHidReportDescriptorValue,
        static_cast<std::uint16_t>(itf.number), buf.data(), static_cast<std::uint16_t>(buf.size()),
        static_cast<unsigned int>(kControlTimeout.count()));
    if (n < 0) return usb_status(n, "reading the HID report descriptor of " + who);
    auto descriptor = parse_report_descriptor({buf.data(), static_cast<std::size_t>(n)});
    if (!descriptor)
        return invalid("report descriptor of " + who + ": " + descriptor.error().message());
    return find_scanned_data_report(*descriptor);  // NotFound: not a HID POS scanner
}

}  // namespace

UsbHidScanner::UsbHidScanner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
UsbHidScanner::~UsbHidScanner() = default;

const std::string& UsbHidScanner::name() const {
    return impl_->name;
}

const std::string& UsbHidScanner::mode() const {
    return impl_->mode;
}

const PosReportLayout* UsbHidScanner::pos_layout() const {
    return impl_->pos ? &*impl_->pos : nullptr;
}

Result<std::unique_ptr<UsbHidScanner>> UsbHidScanner::open(UsbId id,
                                                           std::shared_ptr<UsbContext> context) {
    auto impl = std::make_unique<Impl>();
    if (!context) {
        auto made = UsbContext::create(std::nullopt);
        if (!made) return made.error();
        context = std::move(made).value();
    }
    impl->context = context;
    libusb_device** list = nullptr;
    const ssize_t n = libusb_get_device_list(context->get(), &list);
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
    libusb_config_descriptor* config = nullptr;
    if (int rc = libusb_get_active_config_descriptor(found, &config); rc != 0) {
        libusb_free_device_list(list, 1);
        return usb_status(rc, "reading the configuration of " + to_string(id));
    }
    const std::vector<HidInterface> interfaces = hid_interfaces(*config);
    libusb_free_config_descriptor(config);
    int rc = interfaces.empty() ? 0 : libusb_open(found, &impl->handle);
    libusb_device_descriptor d;
    libusb_get_device_descriptor(found, &d);
    libusb_free_device_list(list, 1);
    if (interfaces.empty())
        return Status(Code::Unavailable,
                      to_string(id) + " has no HID interface to read scans from");
    if (rc != 0) {
        impl->handle = nullptr;
        return usb_status(rc, "opening " + to_string(id), id);
    }
    // String descriptors are control transfers; a device (or an emulation) may not answer them.
    std::string label = descriptor_string(impl->handle, d.iManufacturer);
    const std::string product = descriptor_string(impl->handle, d.iProduct);
    if (!product.empty()) label += (label.empty() ? "" : " ") + product;
    impl->name = (label.empty() ? std::string("USB scanner") : label) + " (" + to_string(id) + ")";

    Status why_not;
    for (const HidInterface& itf : interfaces) {
        // Detach the kernel's driver only when attached (auto-detach is not emulated by umockdev
        // and fails where no driver is bound).
        if (libusb_kernel_driver_active(impl->handle, itf.number) == 1) {
            if (rc = libusb_detach_kernel_driver(impl->handle, itf.number); rc != 0)
                return usb_status(rc, "detaching the kernel driver from " + to_string(id));
            impl->reattach = true;
        }
        impl->interface = itf.number;
        if (rc = libusb_claim_interface(impl->handle, itf.number); rc != 0)
            return usb_status(rc, "claiming " + to_string(id));
        impl->claimed = true;
        impl->endpoint = itf.endpoint;
        impl->packet_size = std::max<int>(kBootReportSize, itf.packet_size);
        if (itf.boot_keyboard) {
            impl->mode = "keyboard";
            return std::unique_ptr<UsbHidScanner>(new UsbHidScanner(std::move(impl)));
        }
        auto layout = read_pos_layout(impl->handle, itf, to_string(id));
        if (layout) {
            impl->mode = "hid-pos";
            impl->pos = std::move(layout).value();
            return std::unique_ptr<UsbHidScanner>(new UsbHidScanner(std::move(impl)));
        }
        const Code code = layout.error().code();
        if (code != Code::NotFound && code != Code::InvalidArgument)
            return layout.error();  // unplugged, I/O: not a verdict on the device
        why_not = layout.error();
        libusb_release_interface(impl->handle, itf.number);
        impl->claimed = false;
        if (impl->reattach) libusb_attach_kernel_driver(impl->handle, itf.number);
        impl->reattach = false;
    }
    return Status(Code::Unavailable, to_string(id) +
                                         " is neither a keyboard-mode nor a HID POS scanner (" +
                                         why_not.message() + ")");
}

Result<std::optional<std::vector<std::uint8_t>>> UsbHidScanner::read_report(
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

Result<std::optional<std::string>> UsbHidScanner::next_scan(std::chrono::milliseconds timeout) {
    if (impl_->pos) return std::optional<std::string>{};
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
        if (auto k = find_known_scanner(info.id)) info.known = std::string(k->name);
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

std::unique_ptr<Scanner> make_usb_scanner(UsbId id, std::chrono::milliseconds reopen_interval) {
    const std::string source = "usb " + to_string(id);
    auto context = UsbContext::create(id);
    if (!context) {  // libusb cannot start: every open says why, polling
        const Status error = context.error();
        return std::make_unique<KeyboardScanner>(
            source, [error]() -> Result<std::unique_ptr<ReportSource>> { return error; },
            reopen_interval);
    }
    std::shared_ptr<UsbContext> shared = std::move(context).value();
    return std::make_unique<KeyboardScanner>(
        source,
        [id, shared]() -> Result<std::unique_ptr<ReportSource>> {
            auto opened = UsbHidScanner::open(id, shared);
            if (!opened) return opened.error();
            return std::unique_ptr<ReportSource>(std::move(opened).value());
        },
        reopen_interval,
        [shared](std::chrono::milliseconds timeout) { return shared->wait_arrival(timeout); });
}

}  // namespace stampline::devices
