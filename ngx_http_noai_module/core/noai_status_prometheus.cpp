// The status endpoint's Prometheus text format 0.0.4 rendering.

#include "noai_status_render.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "noai_escape.hpp"
#include "noai_ring.hpp"
#include "noai_status_shared.hpp"

namespace noai {

using namespace status_detail;  // the renderers' shared helpers

namespace {

// ---- Prometheus -------------------------------------------------------------

void append_family_header(std::string& out, std::string_view name, std::string_view type,
                          std::string_view help) {
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

void append_zone_sample(std::string& out, std::string_view name, std::string_view type,
                        std::string_view help, std::string_view zone_label,
                        std::uint64_t value) {
    append_family_header(out, name, type, help);
    out += name;
    out += zone_label;
    out += '}';
    out += ' ';
    append_number(out, value);
    out += '\n';
}

}  // namespace

std::string render_status_prometheus(const Snapshot& s) {
    std::string zone_label = "{zone=\"";
    append_prometheus_label_value(zone_label, s.zone);
    zone_label += '"';

    // By escaped label value: sorted output, and two names that escape alike
    // (both invalid UTF-8, say) add up instead of repeating a series.
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> agents;
    for (const AgentStats& a : s.agents) {
        std::string label;
        append_prometheus_label_value(label, a.agent.view());
        auto& [denied, reported] = agents[label];
        denied += a.denied;
        reported += a.reported;
    }

    std::string out;
    out.reserve(1024 + 160 * agents.size());
    append_family_header(out, "noai_denied_total", "counter",
                         "Requests denied because they came from a known AI or dataset agent.");
    for (const auto& [label, counts] : agents) {
        out += "noai_denied_total";
        out += zone_label;
        out += ",agent=\"" + label + "\"} ";
        append_number(out, counts.first);
        out += '\n';
    }
    append_family_header(out, "noai_reported_total", "counter",
                         "Requests from a known AI or dataset agent recorded but served "
                         "(noai_block report).");
    for (const auto& [label, counts] : agents) {
        out += "noai_reported_total";
        out += zone_label;
        out += ",agent=\"" + label + "\"} ";
        append_number(out, counts.second);
        out += '\n';
    }
    append_zone_sample(out, "noai_headers_added_total", "counter",
                       "Responses that were given the AI opt-out headers.", zone_label,
                       s.totals.headers_added);
    append_zone_sample(out, "noai_ring_records", "gauge",
                       "Records held in the denial ring.", zone_label, s.records_held);
    append_zone_sample(out, "noai_ring_capacity", "gauge",
                       "Records the denial ring can hold.", zone_label, s.capacity);
    append_zone_sample(out, "noai_ring_overwritten_total", "counter",
                       "Records overwritten because the denial ring was full.", zone_label,
                       s.totals.overwritten);
    return out;
}

}  // namespace noai
