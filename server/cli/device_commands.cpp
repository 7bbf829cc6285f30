#include "server/cli/device_commands.h"

#include <chrono>
#include <csignal>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "devices/image_decoder.h"
#include "devices/known_scanners.h"
#include "devices/scanner.h"
#include "devices/sheet_renderer.h"
#include "devices/usb_scanner.h"
#include "devices/virtual_scanner.h"
#include "server/cli/api_client.h"
#include "shared/badge_payload.h"
#include "shared/plant_files.h"
#include "shared/scan_payload.h"
#include "shared/sheet_payload.h"

namespace stampline::cli {

namespace {

using nlohmann::json;

// The plant for naming products and stages; an empty plant (with a warning) when it won't load,
// so decoding still works without a configuration.
Plant plant_or_empty(const std::string& dir) {
    Result<Plant> plant = load_plant_dir(dir);
    if (plant) return std::move(plant).value();
    std::cerr << "stampline: warning: " << plant.error().message()
              << " (product names and GS1 product lookup unavailable)\n";
    return Plant{};
}

// The parsed sheet/badge payload of a scan, or why it is neither.
std::string describe_payload(const std::string& raw, const Plant& plant) {
    Result<ScanPayload> p = parse_scan(raw, plant);
    if (!p) return "neither sheet nor badge: " + p.error().message();
    if (const auto* sheet = std::get_if<SheetScan>(&p->what)) {
        const UnitIdentity& u = sheet->unit;
        const ProductType* type = plant.product(u.product_type);
        return std::string("identification sheet (") + (sheet->gs1 ? "GS1" : "native") +
               "): serial " + u.serial + ", type " + u.product_type +
               (type ? " (" + type->name.in(plant.default_language) + ")" : "") + ", order " +
               (u.order.empty() ? "-" : u.order) + ", sheet version " +
               std::to_string(u.sheet_version);
    }
    const BadgeId& b = std::get<BadgeScan>(p->what).badge;
    return "stamp badge: stamp " + b.stamp + ", badge issue " + std::to_string(b.issue);
}

// 0: a barcode in every file; 1: some file had none; 2: some file could not be read.
int decode_files(const DeviceOptions& o) {
    const Plant plant = plant_or_empty(o.plant_dir);
    devices::DecodeOptions options;
    options.budget = std::chrono::milliseconds(o.budget_ms);
    int status = 0;
    for (const std::string& file : o.files) {
        auto found = devices::decode_image(file, options);
        if (!found) {
            std::cout << file << ": " << found.error().message() << "\n";
            status = 2;
            continue;
        }
        if (found->empty()) {
            std::cout << file << ": no barcode found\n";
            if (status == 0) status = 1;
            continue;
        }
        std::cout << file << ": " << found->size() << " barcode" << (found->size() > 1 ? "s" : "")
                  << "\n";
        for (const devices::DecodedBarcode& b : *found) {
            std::cout << "  " << b.format << "  " << (b.symbology.empty() ? "-" : b.symbology)
                      << "  " << devices::visible_text(b.text) << "\n"
                      << "    " << describe_payload(b.symbology + b.text, plant) << "\n";
        }
    }
    return status;
}

std::string text(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || j[key].is_null()) return "";
    return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

// Sheet content from the server's trail of the unit (sign-offs filled in).
Result<devices::SheetContent> sheet_from_server(const DeviceOptions& o, const Plant& plant) {
    ApiClient api(o.server, o.token);
    Result<json> trail = api.get("/api/v1/units/" + o.id + "/trail");
    if (!trail) return trail.error();
    const json& t = *trail;
    devices::SheetContent s;
    s.serial = text(t, "serial");
    s.product_type = text(t, "product_type");
    s.order = text(t, "order");
    if (t.contains("sheet_version") && t["sheet_version"].is_number_integer())
        s.sheet_version = t["sheet_version"].get<int>();
    for (const json& st : t.value("stages", json::array())) {
        devices::RouteRow row;
        row.stage = text(st, "stage");
        const Stage* stage = plant.stage(row.stage);
        row.operation = stage ? stage->name.in(plant.default_language) : "";
        if (st.contains("sign_off") && st["sign_off"].is_object()) {
            const json& sig = st["sign_off"];
            row.executor = text(sig, "holder");
            row.stamp = text(sig, "stamp");
            row.date = text(sig, "at").substr(0, 10);
        }
        s.route.push_back(row);
    }
    return s;
}

// Sheet content from the plant configuration alone: an empty route to be stamped.
Result<devices::SheetContent> sheet_offline(const DeviceOptions& o, const Plant& plant) {
    devices::SheetContent s;
    s.serial = o.id;
    s.product_type = o.product_type;
    s.order = o.order;
    s.sheet_version = o.version;
    const ProductType* type = plant.product(o.product_type);
    if (!type)
        return invalid("product type '" + o.product_type + "' is not in the plant configuration '" +
                       o.plant_dir + "'");
    for (const std::string& code : type->route) {
        const Stage* stage = plant.stage(code);
        s.route.push_back({code, stage ? stage->name.in(plant.default_language) : "", "", "", ""});
    }
    return s;
}

int print_sheet(const DeviceOptions& o) {
    const Plant plant = plant_or_empty(o.plant_dir);
    Result<devices::SheetContent> sheet =
        o.product_type.empty() ? sheet_from_server(o, plant) : sheet_offline(o, plant);
    if (!sheet) {
        std::cerr << "stampline: " << sheet.error().message() << "\n";
        return 2;
    }
    Result<std::string> payload = encode_sheet_payload(
        {sheet->serial, sheet->product_type, sheet->order, sheet->sheet_version});
    if (!payload) {
        std::cerr << "stampline: " << payload.error().message() << "\n";
        return 2;
    }
    sheet->payload = *payload;
    sheet->plant_name = plant.name.in(plant.default_language);
    if (const ProductType* type = plant.product(sheet->product_type))
        sheet->product_name = type->name.in(plant.default_language);
    const std::string out = o.output.empty() ? "sheet-" + sheet->serial + ".pdf" : o.output;
    if (Status st = devices::render_sheet_pdf(*sheet, out); !st) {
        std::cerr << "stampline: " << st.message() << "\n";
        return 2;
    }
    std::cout << out << ": sheet of " << sheet->serial << " (" << sheet->payload << ")\n";
    return 0;
}

int print_badge(const DeviceOptions& o) {
    const Plant plant = plant_or_empty(o.plant_dir);
    devices::BadgeContent b;
    b.stamp = o.id;
    b.issue = o.version;
    b.holder = o.holder;
    b.plant_name = plant.name.in(plant.default_language);
    Result<std::string> payload = encode_badge_payload({b.stamp, b.issue});
    if (!payload) {
        std::cerr << "stampline: " << payload.error().message() << "\n";
        return 2;
    }
    b.payload = *payload;
    const std::string out = o.output.empty() ? "badge-" + b.stamp + ".pdf" : o.output;
    if (Status st = devices::render_badge_pdf(b, out); !st) {
        std::cerr << "stampline: " << st.message() << "\n";
        return 2;
    }
    std::cout << out << ": badge of stamp " << b.stamp << " (" << b.payload << ")\n";
    return 0;
}

int list_scanners(const DeviceOptions& o) {
    if (o.udev_rules) {
        std::cout << devices::udev_rules();
        return 0;
    }
    auto devices = devices::list_usb_hid_devices();
    if (!devices) {
        std::cerr << "stampline: " << devices.error().message() << "\n";
        return 2;
    }
    if (devices->empty()) {
        std::cout << "no USB HID devices found\n";
        return 1;
    }
    for (const devices::UsbHidDeviceInfo& d : *devices) {
        std::cout << devices::to_string(d.id) << "  " << (d.name.empty() ? "-" : d.name)
                  << "  mode " << d.mode << "  "
                  << (d.known.empty() ? "not a known scanner" : "known: " + d.known) << "  "
                  << (d.can_open ? "can be opened" : "cannot be opened: " + d.why_not) << "\n";
    }
    return 0;
}

volatile std::sig_atomic_t g_interrupted = 0;

std::string clock_time(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
    return buf;
}

// Prints every scan and notice until interrupted (or --count scans, or the virtual script ends).
int listen(const DeviceOptions& o) {
    std::unique_ptr<std::ifstream> file;
    std::unique_ptr<devices::Scanner> scanner;
    if (!o.virtual_script.empty()) {
        std::istream* in = &std::cin;
        if (o.virtual_script != "-") {
            file = std::make_unique<std::ifstream>(o.virtual_script);
            if (!*file) {
                std::cerr << "stampline: cannot read '" << o.virtual_script << "'\n";
                return 2;
            }
            in = file.get();
        }
        scanner = std::make_unique<devices::VirtualScanner>(*in);
    } else {
        devices::UsbId id;
        if (!o.device.empty()) {
            auto parsed = devices::parse_usb_id(o.device);
            if (!parsed) {
                std::cerr << "stampline: " << parsed.error().message() << "\n";
                return 2;
            }
            id = *parsed;
        } else {
            // A known scanner first, else the first keyboard-mode HID device.
            auto all = devices::list_usb_hid_devices();
            if (all) {
                for (const auto& d : *all)
                    if (!d.known.empty() && id == devices::UsbId{}) id = d.id;
                for (const auto& d : *all)
                    if (d.mode == "keyboard" && id == devices::UsbId{}) id = d.id;
            }
            if (id == devices::UsbId{}) {
                std::cerr << "stampline: no scanner found; see `stampline scanners` or give "
                             "--device VID:PID\n";
                return 2;
            }
        }
        scanner = devices::make_usb_scanner(id);
    }
    const Plant plant = plant_or_empty(o.plant_dir);
    std::signal(SIGINT, [](int) { g_interrupted = 1; });
    std::signal(SIGTERM, [](int) { g_interrupted = 1; });
    int scans = 0;
    while (!g_interrupted && !scanner->finished() && (o.count == 0 || scans < o.count)) {
        auto event = scanner->next(std::chrono::milliseconds(250));
        if (!event) continue;
        const auto now = std::chrono::system_clock::now();
        using Kind = devices::ScannerEvent::Kind;
        if (event->kind == Kind::Connected) {
            std::cout << "[" << clock_time(now) << "] connected: " << event->detail << std::endl;
        } else if (event->kind == Kind::Disconnected) {
            std::cout << "[" << clock_time(now) << "] disconnected: " << event->detail << std::endl;
        } else {
            const devices::Scan& s = event->scan;
            ++scans;
            std::cout << "[" << clock_time(s.time) << "] " << s.source << "  "
                      << (s.symbology.empty() ? "-" : s.symbology) << "  "
                      << devices::visible_text(s.text) << "\n    "
                      << describe_payload(s.symbology + s.text, plant) << std::endl;
        }
    }
    return 0;
}

CLI::App* subcommand(CLI::App& app, const char* name, const char* description) {
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
        if (sub->get_name() == name) return sub;
    return app.add_subcommand(name, description);
}

}  // namespace

void add_device_commands(CLI::App& app, DeviceOptions& o, int& exit_code) {
    auto* decode = app.add_subcommand(
        "decode", "Decode every barcode in PNG/JPEG photos; exit 0 if each file had one");
    decode->add_option("files", o.files, "image files")->required()->check(CLI::ExistingFile);
    decode->add_option("--plant", o.plant_dir, "plant configuration directory")
        ->capture_default_str();
    decode->add_option("--budget-ms", o.budget_ms, "time budget per image")->capture_default_str();
    decode->callback([&] { exit_code = decode_files(o); });

    auto* scanners = app.add_subcommand(
        "scanners", "List USB HID devices: VID:PID, name, mode, whether they can be opened");
    scanners->add_flag("--udev-rules", o.udev_rules,
                       "print the udev rules for the known scanners (non-root access) instead");
    scanners->callback([&] { exit_code = list_scanners(o); });

    auto* listen_cmd = app.add_subcommand(
        "listen", "Print every scan as it arrives, with its parsed payload, until interrupted");
    listen_cmd->add_option("--device", o.device,
                           "scanner VID:PID (default: a known scanner, else the first "
                           "keyboard-mode device)");
    listen_cmd->add_option("--virtual", o.virtual_script,
                           "read virtual scanner commands (SCAN/UNPLUG/PLUG) from a file or -");
    listen_cmd->add_option("--count", o.count, "stop after this many scans");
    listen_cmd->add_option("--plant", o.plant_dir)->capture_default_str();
    listen_cmd->callback([&] { exit_code = listen(o); });

    CLI::App* sheet = subcommand(app, "sheet", "Identification sheets");
    auto* sheet_print = sheet->add_subcommand(
        "print",
        "Render a unit's A4 identification sheet as PDF (from the server's trail, or "
        "offline with --type and --order)");
    sheet_print->add_option("serial", o.id, "unit serial number")->required();
    sheet_print->add_option("-o,--output", o.output, "PDF file (default sheet-SERIAL.pdf)");
    sheet_print->add_option("--plant", o.plant_dir)->capture_default_str();
    sheet_print->add_option("--server", o.server, "server URL")
        ->default_str("http://127.0.0.1:8470");
    sheet_print->add_option("--token", o.token, "token (default: $STAMPLINE_TOKEN)");
    sheet_print->add_option("--type", o.product_type, "product type: print offline");
    sheet_print->add_option("--order", o.order, "production order (offline)");
    sheet_print->add_option("--version", o.version, "sheet version (offline)")
        ->capture_default_str();
    sheet_print->callback([&] {
        if (o.server.empty()) o.server = "http://127.0.0.1:8470";
        exit_code = print_sheet(o);
    });

    CLI::App* badge = subcommand(app, "badge", "Stamp badges");
    auto* badge_print = badge->add_subcommand("print", "Render a stamp badge as PDF");
    badge_print->add_option("stamp", o.id, "stamp number")->required();
    badge_print->add_option("-o,--output", o.output, "PDF file (default badge-STAMP.pdf)");
    badge_print->add_option("--plant", o.plant_dir)->capture_default_str();
    badge_print->add_option("--issue", o.version, "badge issue")->capture_default_str();
    badge_print->add_option("--holder", o.holder, "holder's full name");
    badge_print->callback([&] { exit_code = print_badge(o); });
}

}  // namespace stampline::cli
