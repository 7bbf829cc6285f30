#include "tests/devices_umockdev/emulated_hid.h"

#include <linux/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <umockdev.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace stampline::testing {

namespace {

constexpr unsigned char kGetDescriptor = 0x06;
constexpr std::uint16_t kHidReportDescriptor = 0x2200;
constexpr int kUrbStatusShutdown = -ESHUTDOWN;  // what the kernel gives URBs of a gone device
constexpr int kUrbStatusStall = -EPIPE;
constexpr int kUrbStatusDiscarded = -ENOENT;
constexpr int kControlSetupSize = 8;

// An URB the host submitted and has not reaped yet; owns a reference to each data block.
struct Urb {
    UMockdevIoctlClient* client = nullptr;
    UMockdevIoctlData* urb = nullptr;
    UMockdevIoctlData* buffer = nullptr;
    bool done = false;  // ready to be reaped (control transfers, discarded URBs)

    usbdevfs_urb& header() const { return *reinterpret_cast<usbdevfs_urb*>(urb->data); }
};

void release(Urb& u) {
    g_object_unref(u.client);
    umockdev_ioctl_data_unref(u.urb);
    umockdev_ioctl_data_unref(u.buffer);
}

}  // namespace

struct EmulatedHid::Impl {
    EmulatedHidConfig config;
    UMockdevTestbed* testbed = nullptr;
    UMockdevIoctlBase* handler = nullptr;
    bool attached = false;

    mutable std::mutex mutex;
    mutable std::condition_variable drained;
    int generation = 1;  // connections opened in an older generation see an unplugged device
    bool plugged = false;
    std::deque<Report> queue;
    std::deque<Urb> urbs;
    std::size_t read = 0;

    static int generation_of(UMockdevIoctlClient* client) {
        return GPOINTER_TO_INT(g_object_get_data(G_OBJECT(client), "stampline-generation"));
    }

    // Runs on umockdev's worker thread.
    static gboolean on_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer self) {
        return static_cast<Impl*>(self)->handle(client);
    }

    gboolean handle(UMockdevIoctlClient* client) {
        std::lock_guard lock(mutex);
        if (generation_of(client) == 0)
            g_object_set_data(G_OBJECT(client), "stampline-generation",
                              GINT_TO_POINTER(generation));
        const bool gone = !plugged || generation_of(client) != generation;
        const gulong request = umockdev_ioctl_client_get_request(client);
        UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
        switch (request) {
            case USBDEVFS_GET_CAPABILITIES: {
                UMockdevIoctlData* d =
                    umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), nullptr);
                *reinterpret_cast<guint32*>(d->data) =
                    USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_NO_PACKET_SIZE_LIM;
                umockdev_ioctl_data_unref(d);
                umockdev_ioctl_client_complete(client, 0, 0);
                return TRUE;
            }
            case USBDEVFS_GETDRIVER:  // no kernel driver bound: nothing to detach
                umockdev_ioctl_client_complete(client, -1, gone ? ENODEV : ENODATA);
                return TRUE;
            case USBDEVFS_CLAIMINTERFACE:
            case USBDEVFS_RELEASEINTERFACE:
            case USBDEVFS_CLEAR_HALT:
            case USBDEVFS_RESETEP:
                umockdev_ioctl_client_complete(client, gone ? -1 : 0, gone ? ENODEV : 0);
                return TRUE;
            case USBDEVFS_SUBMITURB: return submit(client, arg, gone);
            case USBDEVFS_REAPURB:
            case USBDEVFS_REAPURBNDELAY: return reap(client, arg, gone);
            case USBDEVFS_DISCARDURB: {
                const gulong addr = *reinterpret_cast<gulong*>(arg->data);
                for (Urb& u : urbs)
                    if (u.client == client && u.urb->client_addr == addr && !u.done) {
                        u.header().status = kUrbStatusDiscarded;
                        u.header().actual_length = 0;
                        u.done = true;
                        umockdev_ioctl_client_complete(client, 0, 0);
                        return TRUE;
                    }
                umockdev_ioctl_client_complete(client, -1, EINVAL);
                return TRUE;
            }
            default:
                std::fprintf(stderr, "emulated HID: unhandled ioctl 0x%lx\n", request);
                return FALSE;
        }
    }

    gboolean submit(UMockdevIoctlClient* client, UMockdevIoctlData* arg, bool gone) {
        if (gone) {
            umockdev_ioctl_client_complete(client, -1, ENODEV);
            return TRUE;
        }
        Urb u;
        u.urb = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), nullptr);
        const usbdevfs_urb& h = u.header();
        u.buffer = umockdev_ioctl_data_resolve(u.urb, G_STRUCT_OFFSET(usbdevfs_urb, buffer),
                                               static_cast<gsize>(h.buffer_length), nullptr);
        u.client = client;
        g_object_ref(client);
        if (h.type == USBDEVFS_URB_TYPE_CONTROL) {
            answer_control(u);
            u.done = true;
        } else if (h.type != USBDEVFS_URB_TYPE_INTERRUPT || !(h.endpoint & 0x80)) {
            release(u);
            umockdev_ioctl_client_complete(client, -1, EINVAL);
            return TRUE;
        }
        urbs.push_back(u);
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
    }

    // GET_DESCRIPTOR(HID report) gets the report descriptor; anything else stalls.
    void answer_control(Urb& u) {
        usbdevfs_urb& h = u.header();
        const auto* setup = reinterpret_cast<const unsigned char*>(u.buffer->data);
        const int wanted = setup[6] | setup[7] << 8;
        const int value = setup[2] | setup[3] << 8;
        if (h.buffer_length >= kControlSetupSize && setup[0] == 0x81 &&
            setup[1] == kGetDescriptor && value == kHidReportDescriptor) {
            const int n = std::min<int>({wanted, static_cast<int>(config.report_descriptor.size()),
                                         h.buffer_length - kControlSetupSize});
            std::memcpy(u.buffer->data + kControlSetupSize, config.report_descriptor.data(),
                        static_cast<std::size_t>(n));
            h.actual_length = n;
            h.status = 0;
        } else {
            h.actual_length = 0;
            h.status = kUrbStatusStall;
        }
    }

    gboolean reap(UMockdevIoctlClient* client, UMockdevIoctlData* arg, bool gone) {
        for (auto it = urbs.begin(); it != urbs.end(); ++it) {
            if (it->client != client) continue;
            Urb& u = *it;
            if (!u.done) {
                if (gone) {  // the cable was pulled while this transfer waited
                    u.header().status = kUrbStatusShutdown;
                    u.header().actual_length = 0;
                } else if (!queue.empty()) {
                    const Report& r = queue.front();
                    const int n =
                        std::min<int>(static_cast<int>(r.size()), u.header().buffer_length);
                    std::memcpy(u.buffer->data, r.data(), static_cast<std::size_t>(n));
                    u.header().actual_length = n;
                    u.header().status = 0;
                    queue.pop_front();
                    ++read;
                    if (queue.empty()) drained.notify_all();
                } else {
                    continue;
                }
            }
            UMockdevIoctlData* ptr = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), nullptr);
            umockdev_ioctl_data_set_ptr(ptr, 0, u.urb);
            umockdev_ioctl_data_unref(ptr);
            release(u);
            urbs.erase(it);
            umockdev_ioctl_client_complete(client, 0, 0);
            return TRUE;
        }
        umockdev_ioctl_client_complete(client, -1, gone ? ENODEV : EAGAIN);
        return TRUE;
    }
};

EmulatedHid::EmulatedHid(EmulatedHidConfig config) : impl_(std::make_unique<Impl>()) {
    impl_->config = std::move(config);
    impl_->testbed = umockdev_testbed_new();
    if (!umockdev_in_mock_environment()) {
        g_clear_object(&impl_->testbed);
        throw std::runtime_error("not under umockdev's preload: run with umockdev-wrapper");
    }
    impl_->handler = umockdev_ioctl_base_new();
    g_signal_connect(impl_->handler, "handle-ioctl", G_CALLBACK(&Impl::on_ioctl), impl_.get());
}

EmulatedHid::~EmulatedHid() {
    {
        std::lock_guard lock(impl_->mutex);
        for (Urb& u : impl_->urbs) release(u);
        impl_->urbs.clear();
    }
    g_clear_object(&impl_->testbed);  // stops the worker thread first
    g_clear_object(&impl_->handler);
}

void EmulatedHid::plug() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->plugged = true;
        ++impl_->generation;
    }
    GError* error = nullptr;
    if (!impl_->attached) {
        if (!umockdev_testbed_attach_ioctl(impl_->testbed, impl_->config.devnode.c_str(),
                                           impl_->handler, &error))
            throw std::runtime_error(std::string("attach_ioctl: ") + error->message);
        impl_->attached = true;
    }
    if (!umockdev_testbed_add_from_file(impl_->testbed, impl_->config.umockdev_file.c_str(),
                                        &error))
        throw std::runtime_error(std::string("add_from_file: ") + error->message);
}

void EmulatedHid::unplug() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->plugged = false;
        ++impl_->generation;
        impl_->queue.clear();
        impl_->drained.notify_all();
    }
    // The "remove" uevent first (umockdev 0.17's remove_device sends none), while sysfs is there.
    const std::string sys_path = "/sys" + impl_->config.syspath;
    umockdev_testbed_uevent(impl_->testbed, sys_path.c_str(), "remove");
    umockdev_testbed_remove_device(impl_->testbed, sys_path.c_str());
    // umockdev 0.17 leaves the bus symlinks of the removed devices behind (dangling), and a
    // second add of the same device asserts on them: clear them as the kernel would.
    gchar* sys = umockdev_testbed_get_sys_dir(impl_->testbed);
    std::error_code ec;
    const std::filesystem::path bus = std::filesystem::path(sys) / "bus" / "usb" / "devices";
    g_free(sys);
    for (const auto& entry : std::filesystem::directory_iterator(bus, ec))
        if (entry.is_symlink() && !std::filesystem::exists(entry.path()))
            std::filesystem::remove(entry.path(), ec);
}

void EmulatedHid::send(const std::vector<Report>& reports) {
    std::lock_guard lock(impl_->mutex);
    impl_->queue.insert(impl_->queue.end(), reports.begin(), reports.end());
}

bool EmulatedHid::wait_drained(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(impl_->mutex);
    return impl_->drained.wait_for(lock, timeout, [&] { return impl_->queue.empty(); });
}

std::size_t EmulatedHid::reports_read() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->read;
}

std::vector<Report> typed(const std::string& text) {
    constexpr std::uint8_t kShift = 0x02, kCtrl = 0x01;
    std::vector<Report> out;
    auto press = [&](std::uint8_t mods, std::uint8_t key) {
        out.push_back({mods, 0, key, 0, 0, 0, 0, 0});
        out.push_back(Report(8, 0));
    };
    for (char c : text) {
        if (c >= 'A' && c <= 'Z')
            press(kShift, static_cast<std::uint8_t>(0x04 + c - 'A'));
        else if (c >= 'a' && c <= 'z')
            press(0, static_cast<std::uint8_t>(0x04 + c - 'a'));
        else if (c >= '1' && c <= '9')
            press(0, static_cast<std::uint8_t>(0x1e + c - '1'));
        else if (c == '0')
            press(0, 0x27);
        else if (c == '-')
            press(0, 0x2d);
        else if (c == ']')
            press(0, 0x30);
        else if (c == '\x1d')
            press(kCtrl, 0x30);  // GS as Ctrl+]
        else
            throw std::invalid_argument(std::string("typed(): no key for '") + c + "'");
    }
    press(0, 0x28);
    return out;
}

}  // namespace stampline::testing
