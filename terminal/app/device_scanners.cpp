#include "terminal/app/device_scanners.h"

#include "devices/usb_scanner.h"
#include "devices/virtual_scanner.h"
#include "terminal/app/fifo_input.h"
#include "terminal/platform/evdev_scanner.h"

namespace stampline::terminal {

namespace {

// The virtual scanner over a FIFO it owns.
class FifoScanner : public devices::Scanner {
public:
    explicit FifoScanner(std::shared_ptr<FifoInput> fifo)
        : fifo_(std::move(fifo)), scanner_(fifo_->stream(), "virtual") {}
    std::optional<devices::ScannerEvent> next(std::chrono::milliseconds timeout) override {
        return scanner_.next(timeout);
    }
    bool finished() const override { return scanner_.finished(); }

private:
    std::shared_ptr<FifoInput> fifo_;
    devices::VirtualScanner scanner_;
};

}  // namespace

Result<std::vector<std::unique_ptr<ScannerThread>>> start_device_scanners(
    const TerminalScannerOptions& options, ActionQueue& queue) {
    std::optional<devices::UsbId> usb;
    if (!options.usb.empty()) {
        Result<devices::UsbId> id = devices::parse_usb_id(options.usb);
        if (!id) return Status(id.error().code(), "scanner.usb: " + id.error().message());
        usb = *id;
    }
    std::optional<devices::UsbId> evdev;
    if (!options.evdev.empty()) {
        Result<devices::UsbId> id = devices::parse_usb_id(options.evdev);
        if (!id) return Status(id.error().code(), "scanner.evdev: " + id.error().message());
        evdev = *id;
    }
    std::vector<std::unique_ptr<ScannerThread>> threads;
    if (!options.virtual_fifo.empty()) {
        Result<std::unique_ptr<FifoInput>> fifo = FifoInput::open(options.virtual_fifo);
        if (!fifo) return Status(fifo.error().code(), "scanner.virtual: " + fifo.error().message());
        std::shared_ptr<FifoInput> shared = std::move(*fifo);
        threads.push_back(std::make_unique<ScannerThread>(std::make_unique<FifoScanner>(shared),
                                                          queue, [shared] { shared->stop(); }));
    }
    if (usb)
        threads.push_back(std::make_unique<ScannerThread>(devices::make_usb_scanner(*usb), queue));
    if (evdev)
        threads.push_back(std::make_unique<ScannerThread>(
            std::make_unique<platform::EvdevScanner>(*evdev), queue));
    return threads;
}

}  // namespace stampline::terminal
