// The status endpoint's Prometheus text format 0.0.4 rendering.

#include "noai_status_render.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "noai_escape.hpp"
#include "noai_ring.hpp"
#include "noai_status_shared.hpp"
#include "noai_version.hpp"

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
    struct Counts {
        std::uint64_t denied = 0, reported = 0, decoyed = 0, impostors = 0, impersonations = 0, verified = 0;
        Purpose purpose = Purpose::training;
    };
    std::map<std::string, Counts> agents;
    for (const AgentStats& a : s.agents) {
        std::string label;
        append_prometheus_label_value(label, a.agent.view());
        const bool first = agents.count(label) == 0;
        Counts& counts = agents[label];
        counts.denied += a.denied;
        counts.reported += a.reported;
        counts.decoyed += a.decoyed;
        counts.impostors += a.impostors;
        counts.impersonations += a.impersonations;
        counts.verified += a.verified;
        if (first) counts.purpose = a.purpose;
    }

    std::string out;
    out.reserve(1024 + 240 * agents.size());
    // The usual *_build_info: which module version a dashboard is looking at.
    append_family_header(out, "noai_build_info", "gauge", "The ngx_http_noai_module version serving this zone.");
    out += "noai_build_info";
    out += zone_label;
    out += ",version=\"";
    append_prometheus_label_value(out, version);
    out += "\"} 1\n";
    auto append_agent_family = [&](std::string_view name, std::string_view help, std::uint64_t Counts::*field) {
        append_family_header(out, name, "counter", help);
        for (const auto& [label, counts] : agents) {
            out += name;
            out += zone_label;
            out += ",agent=\"" + label + "\",purpose=\"";
            out += purpose_name(counts.purpose);
            out += "\"} ";
            append_number(out, counts.*field);
            out += '\n';
        }
    };
    append_agent_family("noai_denied_total", "Requests denied because they came from a known AI or dataset agent.",
                        &Counts::denied);
    append_agent_family("noai_reported_total",
                        "Requests from a known AI or dataset agent recorded but served (noai_block report).",
                        &Counts::reported);
    append_agent_family("noai_decoyed_total",
                        "Requests of a denied agent answered with the noai_decoy file instead of an error.",
                        &Counts::decoyed);
    append_family_header(out, "noai_turned_away_total", "counter",
                         "Requests denied or decoyed, by the purpose of the agent.");
    for (Purpose p : kPurposes) {
        out += "noai_turned_away_total";
        out += zone_label;
        out += ",purpose=\"";
        out += purpose_name(p);
        out += "\"} ";
        append_number(out, s.totals.turned_away_by_purpose[static_cast<std::size_t>(p)]);
        out += '\n';
    }
    // Only agents with a false claim get these series: most never have one.
    const auto append_claims = [&](const char* family, const char* help, std::uint64_t Counts::*field) {
        append_family_header(out, family, "counter", help);
        for (const auto& [label, counts] : agents) {
            if (counts.*field == 0) continue;
            out += family;
            out += zone_label;
            out += ",agent=\"" + label + "\"} ";
            append_number(out, counts.*field);
            out += '\n';
        }
    };
    append_claims("noai_impostors_total",
                  "Requests naming a verified crawler from outside its address ranges (noai_verify), "
                  "by the name claimed.",
                  &Counts::impostors);
    append_claims("noai_impersonations_total",
                  "Requests with a browser's User-Agent but not its headers (noai_impersonation), "
                  "by the browser claimed.",
                  &Counts::impersonations);
    append_claims("noai_verified_total",
                  "Requests from a crawler whose name was verified (noai_verify, noai_verify_rdns), served.",
                  &Counts::verified);
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
