#include "terminal/app/state_snapshot.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "terminal/core/catalog.h"

namespace stampline::terminal {

namespace {

using nlohmann::json;

const char* source_name(TrailSource s) {
    switch (s) {
        case TrailSource::Server: return "server";
        case TrailSource::Cache: return "cache";
        case TrailSource::Unknown: break;
    }
    return "unknown";
}

json card_json(const UnitCard& card) {
    json stages = json::array();
    for (const StageProgress& p : card.unit.stages)
        stages.push_back(
            {{"stage", p.stage}, {"accepted", p.accepted}, {"signed_off", p.signed_off}});
    json ncs = json::array();
    for (const NcState& nc : card.unit.ncs)
        ncs.push_back({{"id", to_string(nc.id)},
                       {"code", nc.raised.code},
                       {"status", nc_status_name(nc.status)}});
    return {{"serial", card.sheet.serial},
            {"source", source_name(card.source)},
            {"stage", card.stage},
            {"loaded", card.loaded},
            {"loading", card.loading},
            {"on_hold", card.unit.on_hold},
            {"stages", stages},
            {"ncs", ncs}};
}

}  // namespace

const char* screen_name(Screen screen) {
    switch (screen) {
        case Screen::Idle: return "idle";
        case Screen::Pin: return "pin";
        case Screen::ScanSheet: return "scan_sheet";
        case Screen::UnitCard: return "unit_card";
        case Screen::Acceptance: return "acceptance";
        case Screen::SignOff: return "sign_off";
        case Screen::NcForm: return "nc_form";
        case Screen::NcFollowUp: return "nc_follow_up";
        case Screen::Result: return "result";
        case Screen::Attention: return "attention";
    }
    return "unknown";
}

std::string state_snapshot_json(const AppState& s, const std::vector<ui::ButtonRecord>& buttons,
                                const FrameInfo& frame) {
    const Language lang = s.settings.language;
    json j;
    j["screen"] = screen_name(s.screen);
    j["reference"] = s.reference.has_value();
    j["session"] = s.session ? json(s.session->stamp) : json(nullptr);
    j["holder"] = s.session ? json(s.session->holder) : json(nullptr);
    j["card"] = s.card ? card_json(*s.card) : json(nullptr);
    j["pin"] = s.pin ? json{{"digits", s.pin->digits.size()},
                            {"checking", s.pin->checking},
                            {"error", tr(lang, s.pin->error)}}
                     : json(nullptr);
    j["result"] = s.result ? json{{"recorded", s.result->recorded},
                                  {"saving", s.result->saving},
                                  {"text", tr(lang, s.result->message)}}
                           : json(nullptr);
    j["nc_form"] = s.nc_form ? json{{"category", s.nc_form->category},
                                    {"code", s.nc_form->code},
                                    {"severity", severity_name(s.nc_form->severity)},
                                    {"origin_stage", s.nc_form->origin_stage},
                                    {"quantity", s.nc_form->quantity}}
                             : json(nullptr);
    if (s.acceptance) {
        json rows = json::array();
        for (const CheckRow& r : s.acceptance->rows)
            rows.push_back(r.pass ? json(*r.pass) : json(nullptr));
        j["acceptance"] = {{"from_stage", s.acceptance->from_stage}, {"rows", rows}};
    } else {
        j["acceptance"] = nullptr;
    }
    j["scan_error"] = tr(lang, s.scan_error);
    j["scans_read"] = s.scans_read;
    j["scanner"] = {{"connected", s.scanner_connected}, {"via", s.scanner_detail}};
    j["form_error"] = tr(lang, s.form_error);
    j["sync"] = {
        {"online", s.sync.online},
        {"outbox_depth", s.sync.outbox_depth},
        {"backlog_total", s.sync.backlog_total},
        {"backlog_sent", s.sync.backlog_sent},
        {"last_sync", s.sync.last_sync ? json(format_utc(*s.sync.last_sync)) : json(nullptr)},
        {"last_error", s.sync.last_error},
        {"problem", s.sync.link_problem.empty() ? "" : tr(lang, Message{s.sync.link_problem, {}})},
        {"clock_offset_ms",
         s.sync.clock_offset_ms ? json(*s.sync.clock_offset_ms) : json(nullptr)}};
    j["attention"] = s.attention.size();
    j["language"] = language_code(lang);
    j["frame"] = frame.frame;
    j["smallest_text_px"] = std::round(frame.smallest_text_px * 10) / 10;
    j["window"] = {frame.window_x, frame.window_y, frame.width, frame.height};
    json rects = json::object();
    json disabled = json::array();
    for (const ui::ButtonRecord& b : buttons) {
        rects[b.id] = {static_cast<int>(b.x) + frame.window_x,
                       static_cast<int>(b.y) + frame.window_y, static_cast<int>(b.w),
                       static_cast<int>(b.h)};
        if (!b.enabled) disabled.push_back(b.id);
    }
    j["buttons"] = rects;
    j["disabled"] = disabled;
    return j.dump(1, ' ', false, json::error_handler_t::replace);
}

Status write_file_atomically(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return io_error("cannot write " + tmp);
        out << text;
        out.flush();
        if (!out) return io_error("cannot write " + tmp);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
        return io_error("cannot rename " + tmp + " to " + path + ": " + std::strerror(errno));
    return Status::ok();
}

}  // namespace stampline::terminal
