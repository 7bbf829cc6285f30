#include "server/http/complaint_requests.h"

#include "server/http/request_body.h"
#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxShort = 200;
constexpr std::size_t kMaxSerials = 200;
constexpr std::size_t kMaxMembers = 30;

std::int64_t read_damage(const json& body, FieldReader& f) {
    auto it = body.find("damage_cents");
    if (it == body.end()) return 0;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0) {
        f.fail("invalid_field", "damage_cents",
               "damage_cents: must be a whole number of kopecks, 0 or more");
        return 0;
    }
    return it->get<std::int64_t>();
}

template <typename T>
std::optional<T> refused(const ApiError& e, ApiError* error) {
    *error = e;
    return std::nullopt;
}

}  // namespace

std::optional<NewComplaint> read_new_complaint(const json& body, ApiError* error) {
    FieldReader f(body);
    f.only({"reason", "product_type", "serials", "lifecycle_stage", "damage_cents", "customer",
            "channel", "description"});
    NewComplaint c;
    c.reason = f.text("reason", Need::Required, kMaxShort);
    c.product_type = f.text("product_type", Need::Required, kMaxShort);
    c.serials = f.text_list("serials", Need::Required, kMaxSerials, kMaxShort);
    c.lifecycle_stage = f.text("lifecycle_stage", Need::Required, kMaxShort);
    c.damage_cents = read_damage(body, f);
    c.channel = f.text("channel", Need::Required, kMaxShort);
    c.description = f.text("description", Need::Required, kMaxTextBytes);
    const auto customer = body.find("customer");
    if (f.ok() && (customer == body.end() || !customer->is_object()))
        f.fail("invalid_field", "customer",
               "customer: required, an object {organisation, site, contact}");
    if (!f.ok()) return refused<NewComplaint>(f.error(), error);
    FieldReader cf(*customer);
    cf.only({"organisation", "site", "contact"});
    c.customer.organisation = cf.text("organisation", Need::Required, kMaxShort);
    c.customer.site = cf.text("site", Need::Optional, kMaxShort);
    c.customer.contact = cf.text("contact", Need::Optional, kMaxShort);
    if (!cf.ok()) {
        ApiError e = cf.error();
        e.field = "customer." + e.field;
        e.message = "customer." + e.message;
        return refused<NewComplaint>(e, error);
    }
    return c;
}

std::optional<ComplaintDecision> read_decision(const json& body, ApiError* error) {
    FieldReader f(body);
    f.only({"justified", "findings", "conclusions", "origin_stage", "nc_code"});
    ComplaintDecision d;
    const std::string justified = f.text("justified", Need::Required, kMaxShort);
    d.findings = f.text("findings", Need::Required, kMaxTextBytes);
    d.origin_stage = f.text("origin_stage", Need::Optional, kMaxShort);
    d.nc_code = f.text("nc_code", Need::Optional, kMaxShort);
    if (f.ok() && !parse_justified(justified, &d.justified))
        f.fail("invalid_field", "justified",
               "justified: '" + printable_clipped(justified) + "' is not one of yes, partly, no");
    const json& list = body.contains("conclusions") ? body["conclusions"] : json::array();
    if (f.ok() && (!list.is_array() || list.size() > kMaxMembers))
        f.fail("invalid_field", "conclusions",
               "conclusions: an array of at most " + std::to_string(kMaxMembers) +
                   " {department, text}");
    for (std::size_t i = 0; f.ok() && i < list.size(); ++i) {
        if (!list[i].is_object()) {
            f.fail("invalid_field", "conclusions", "conclusions: each is {department, text}");
            break;
        }
        FieldReader k(list[i]);
        k.only({"department", "text"});
        DepartmentConclusion c{k.text("department", Need::Required, kMaxShort),
                               k.text("text", Need::Required, kMaxTextBytes)};
        if (!k.ok()) f.fail("invalid_field", "conclusions", "conclusions: " + k.error().message);
        d.conclusions.push_back(std::move(c));
    }
    if (!f.ok()) return refused<ComplaintDecision>(f.error(), error);
    return d;
}

std::optional<CommissionProtocol> read_protocol(const json& body, ApiError* error) {
    FieldReader f(body);
    f.only({"chair", "members", "measures", "corrective_actions"});
    CommissionProtocol p;
    p.chair = f.text("chair", Need::Required, kMaxShort);
    p.members = f.text_list("members", Need::Optional, kMaxMembers, kMaxShort);
    p.measures = f.text("measures", Need::Required, kMaxTextBytes);
    p.corrective_actions =
        f.text_list("corrective_actions", Need::Optional, kMaxMembers, kMaxShort);
    if (!f.ok()) return refused<CommissionProtocol>(f.error(), error);
    return p;
}

}  // namespace stampline::server
