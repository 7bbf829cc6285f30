#include "server/http/metrics.h"

#include <cstdio>

namespace stampline::server {

namespace {

std::string label_value(std::string_view v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

}  // namespace

void Metrics::record_request(std::string_view route, int status, double seconds) {
    std::lock_guard lock(mu_);
    ++requests_[{std::string(route), status}];
    Histogram& h = latency_[std::string(route)];
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i]) ++h.buckets[i];
    h.sum += seconds;
    ++h.count;
}

void Metrics::record_events(std::uint64_t accepted, std::uint64_t duplicate, std::uint64_t refused,
                            std::uint64_t conflicts) {
    std::lock_guard lock(mu_);
    accepted_ += accepted;
    duplicate_ += duplicate;
    refused_ += refused;
    conflicts_ += conflicts;
}

std::string Metrics::render(const StoreCounts& counts, const Caches& caches,
                            std::span<const TerminalClock> terminals) const {
    std::lock_guard lock(mu_);
    std::string out;
    header(out, "stampline_http_requests_total", "counter", "HTTP requests by route and status.");
    for (const auto& [key, n] : requests_)
        out += "stampline_http_requests_total{route=\"" + label_value(key.first) + "\",status=\"" +
               std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";

    header(out, "stampline_http_request_duration_seconds", "histogram",
           "Time from routing to the response, by route.");
    for (const auto& [route, h] : latency_) {
        const std::string r = label_value(route);
        for (std::size_t i = 0; i < kBuckets.size(); ++i)
            out += "stampline_http_request_duration_seconds_bucket{route=\"" + r + "\",le=\"" +
                   number(kBuckets[i]) + "\"} " + std::to_string(h.buckets[i]) + "\n";
        out += "stampline_http_request_duration_seconds_bucket{route=\"" + r + "\",le=\"+Inf\"} " +
               std::to_string(h.count) + "\n";
        out += "stampline_http_request_duration_seconds_sum{route=\"" + r + "\"} " + number(h.sum) +
               "\n";
        out += "stampline_http_request_duration_seconds_count{route=\"" + r + "\"} " +
               std::to_string(h.count) + "\n";
    }

    header(out, "stampline_http_connections_open", "gauge", "Client connections open now.");
    out += "stampline_http_connections_open " + std::to_string(connections_open_.load()) + "\n";
    header(out, "stampline_http_connections_refused_total", "counter",
           "Connections closed at accept: over max_connections, or over "
           "max_connections_per_address from one address.");
    out += "stampline_http_connections_refused_total " +
           std::to_string(connections_refused_.load()) + "\n";
    header(out, "stampline_events_total", "counter",
           "Events answered since start, by answer (accepted, duplicate, refused, conflict).");
    out += "stampline_events_total{status=\"accepted\"} " + std::to_string(accepted_) + "\n";
    out += "stampline_events_total{status=\"duplicate\"} " + std::to_string(duplicate_) + "\n";
    out += "stampline_events_total{status=\"refused\"} " + std::to_string(refused_) + "\n";
    out += "stampline_events_total{status=\"conflict\"} " + std::to_string(conflicts_) + "\n";

    header(out, "stampline_events_stored", "gauge", "Accepted events in the log.");
    out += "stampline_events_stored " + std::to_string(counts.events) + "\n";
    header(out, "stampline_quarantine_size", "gauge", "Refused events awaiting resolution.");
    out += "stampline_quarantine_size " + std::to_string(counts.quarantined) + "\n";
    header(out, "stampline_id_conflicts", "gauge",
           "Event ids posted again with other content, kept with both texts.");
    out += "stampline_id_conflicts " + std::to_string(counts.id_conflicts) + "\n";
    header(out, "stampline_stamps", "gauge", "Stamps in the registry.");
    out += "stampline_stamps " + std::to_string(counts.stamps) + "\n";
    header(out, "stampline_tokens", "gauge", "Access tokens, revoked ones included.");
    out += "stampline_tokens " + std::to_string(counts.tokens) + "\n";
    header(out, "stampline_db_bytes", "gauge", "Size of the database file(s) in bytes.");
    out += "stampline_db_bytes " + std::to_string(counts.db_bytes) + "\n";
    header(out, "stampline_unit_states_cached", "gauge",
           "Units whose derived state ingest keeps in memory.");
    out += "stampline_unit_states_cached " + std::to_string(caches.units_cached) + "\n";
    header(out, "stampline_unit_states_warmed", "gauge",
           "1 once the units in work were read from the store after start.");
    out += "stampline_unit_states_warmed " + std::string(caches.units_warmed ? "1" : "0") + "\n";
    header(out, "stampline_analytics_months_cached", "gauge",
           "Calendar months whose review-pack figures are kept in memory.");
    out += "stampline_analytics_months_cached " + std::to_string(caches.months_cached) + "\n";
    header(out, "stampline_analytics_months_capacity", "gauge",
           "At most this many months are kept (server.toml analytics_cache_months).");
    out += "stampline_analytics_months_capacity " + std::to_string(caches.months_capacity) + "\n";
    header(out, "stampline_analytics_month_reads_total", "counter",
           "Months' figures asked for since start, by whether they were kept in memory (hit), "
           "kept beside the log from before (kept) or read from the store's units (miss).");
    out += "stampline_analytics_month_reads_total{result=\"hit\"} " +
           std::to_string(caches.month_hits) + "\n";
    out += "stampline_analytics_month_reads_total{result=\"kept\"} " +
           std::to_string(caches.month_kept_hits) + "\n";
    out += "stampline_analytics_month_reads_total{result=\"miss\"} " +
           std::to_string(caches.month_misses) + "\n";
    header(out, "stampline_terminal_clock_offset_seconds", "gauge",
           "Each terminal's clock minus the server's, at its last batch (station ids are codes).");
    for (const TerminalClock& t : terminals)
        out += "stampline_terminal_clock_offset_seconds{station=\"" + t.station + "\"} " +
               number(static_cast<double>(t.offset_ms) / 1000) + "\n";
    header(out, "stampline_terminal_last_contact_seconds", "gauge",
           "Unix time of each terminal's last batch (server clock).");
    for (const TerminalClock& t : terminals)
        out += "stampline_terminal_last_contact_seconds{station=\"" + t.station + "\"} " +
               std::to_string(t.last_contact.ms / 1000) + "\n";
    return out;
}

}  // namespace stampline::server
