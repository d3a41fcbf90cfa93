// The status endpoint's JSON rendering (schema in noai_status_render.hpp).

#include "noai_status_render.hpp"

#include <vector>

#include "noai_escape.hpp"
#include "noai_status_shared.hpp"
#include "noai_version.hpp"

namespace noai {

using namespace status_detail;  // the renderers' shared helpers

namespace {

// ,"name":value - an object member after the first.
void append_member(std::string& out, std::string_view name, std::uint64_t value) {
    out += ",\"";
    out += name;
    out += "\":";
    append_number(out, value);
}
void append_member(std::string& out, std::string_view name, std::string_view text) {
    out += ",\"";
    out += name;
    out += "\":";
    append_json_string(out, text);
}

}  // namespace

std::string render_status_json(const Snapshot& s, const StatusView& view) {
    std::string out;
    out.reserve(1024 + 2048 * std::min(view.limit, s.records.size()));
    out += "{\"module_version\":";
    append_json_string(out, version);
    append_member(out, "zone", s.zone);
    append_member(out, "capacity", s.capacity);
    append_member(out, "agent_capacity", s.agent_capacity);
    out += ",\"totals\":{\"headers_added\":";
    append_number(out, s.totals.headers_added);
    append_member(out, "denied", s.totals.denied);
    append_member(out, "reported", s.totals.reported);
    append_member(out, "overwritten", s.totals.overwritten);
    append_member(out, "decoyed", s.totals.decoyed);
    out += ",\"turned_away_by_purpose\":{";
    for (Purpose p : kPurposes) {
        if (p != kPurposes[0]) out += ',';
        append_json_string(out, purpose_name(p));
        out += ':';
        append_number(out, s.totals.turned_away_by_purpose[static_cast<std::size_t>(p)]);
    }
    out += "}},\"records_held\":";
    append_number(out, s.records_held);

    out += ",\"hourly\":[";
    const char* hour_comma = "";
    for (const HourCounts& h : chart_hours(s, view)) {
        out += hour_comma;
        hour_comma = ",";
        out += "{\"hour\":\"";
        append_iso8601_utc(out, h.hour * kHourMs);
        out += '"';
        for (Purpose p : kPurposes) {
            out += ',';
            append_json_string(out, purpose_name(p));
            out += ':';
            append_number(out, h.count[static_cast<std::size_t>(p)]);
        }
        out += '}';
    }
    out += ']';

    out += ",\"agents\":[";
    const char* comma = "";
    for (const AgentStats* a : agents_by_activity(s)) {
        out += comma;
        comma = ",";
        out += "{\"agent\":";
        append_json_string(out, a->agent.view());
        append_member(out, "denied", a->denied);
        append_member(out, "reported", a->reported);
        append_member(out, "decoyed", a->decoyed);
        append_member(out, "purpose", purpose_name(a->purpose));
        append_member(out, "impostors", a->impostors);
        append_member(out, "impersonations", a->impersonations);
        append_member(out, "verified", a->verified);
        out += ",\"first_seen\":\"";
        append_iso8601_utc(out, a->first_seen_ms);
        out += "\",\"last_seen\":\"";
        append_iso8601_utc(out, a->last_seen_ms);
        out += "\"}";
    }

    out += "],\"records\":[";
    comma = "";
    for (const Record* r : records_to_show(s, view)) {
        out += comma;
        comma = ",";
        out += "{\"sequence\":";
        append_number(out, r->sequence);
        out += ",\"time\":\"";
        append_iso8601_utc(out, r->time_ms);
        out += "\",\"time_ms\":";
        append_number(out, r->time_ms);
        append_member(out, "action", action_name(r->action));
        append_member(out, "purpose", purpose_name(r->purpose));
        append_member(out, "status", r->status);
        const std::array<Field, 7> fields = text_fields(*r);
        for (const Field& f : fields) append_member(out, f.name, f.text);
        out += ",\"truncated\":[";
        const char* inner = "";
        for (const Field& f : fields) {
            if (!f.truncated) continue;
            out += inner;
            inner = ",";
            append_json_string(out, f.name);
        }
        out += "]}";
    }
    out += "]}\n";
    return out;
}

}  // namespace noai
