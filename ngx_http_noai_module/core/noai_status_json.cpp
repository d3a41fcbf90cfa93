// The status endpoint's JSON rendering (schema in noai_status_render.hpp).

#include "noai_status_render.hpp"

#include <vector>

#include "noai_escape.hpp"
#include "noai_status_shared.hpp"
#include "noai_version.hpp"

namespace noai {

using namespace status_detail;  // the renderers' shared helpers

std::string render_status_json(const Snapshot& s, const StatusView& view) {
    std::string out;
    out.reserve(1024 + 2048 * std::min(view.limit, s.records.size()));
    out += "{\"module_version\":";
    append_json_string(out, version);
    out += ",\"zone\":";
    append_json_string(out, s.zone);
    out += ",\"capacity\":";
    append_number(out, s.capacity);
    out += ",\"agent_capacity\":";
    append_number(out, s.agent_capacity);
    out += ",\"totals\":{\"headers_added\":";
    append_number(out, s.totals.headers_added);
    out += ",\"denied\":";
    append_number(out, s.totals.denied);
    out += ",\"reported\":";
    append_number(out, s.totals.reported);
    out += ",\"overwritten\":";
    append_number(out, s.totals.overwritten);
    out += ",\"decoyed\":";
    append_number(out, s.totals.decoyed);
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
        out += ",\"denied\":";
        append_number(out, a->denied);
        out += ",\"reported\":";
        append_number(out, a->reported);
        out += ",\"decoyed\":";
        append_number(out, a->decoyed);
        out += ",\"purpose\":";
        append_json_string(out, purpose_name(a->purpose));
        out += ",\"impostors\":";
        append_number(out, a->impostors);
        out += ",\"impersonations\":";
        append_number(out, a->impersonations);
        out += ",\"verified\":";
        append_number(out, a->verified);
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
        out += ",\"action\":";
        append_json_string(out, action_name(r->action));
        out += ",\"purpose\":";
        append_json_string(out, purpose_name(r->purpose));
        out += ",\"status\":";
        append_number(out, r->status);
        const std::array<Field, 7> fields = text_fields(*r);
        for (const Field& f : fields) {
            out += ",\"";
            out += f.name;
            out += "\":";
            append_json_string(out, f.text);
        }
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
