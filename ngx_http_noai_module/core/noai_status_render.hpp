// The status endpoint's three renderings of one Snapshot (HTML for the
// artist, JSON for scripts, Prometheus text for scrapers) and the choice
// between them. Pure functions: the glue copies the snapshot under the zone
// lock, then calls these outside it.
//
// Choosing the format (choose_status_format):
//   ?format=html|json|prometheus (exact, case-insensitive) wins; any other
//   non-empty value is an error (std::nullopt: answer 400), so a typo is loud.
//   Otherwise the Accept header decides, RFC 9110 style: each media range may
//   carry parameters and a q-value; a format takes the q of the most specific
//   range that matches it (exact type, then type/*, then */*). Formats and the
//   media types that select them:
//     html        text/html
//     json        application/json
//     prometheus  text/plain (any version: Prometheus text format),
//                 application/openmetrics-text (scrapers that prefer
//                 OpenMetrics also take text/plain 0.0.4)
//   The highest q > 0 wins; on a tie the format named by the more specific
//   range, then html, json, prometheus in that order. So curl's "*/*" and
//   browsers get HTML, "application/json, text/plain, */*" gets JSON. No
//   Accept, or nothing acceptable: html. (Commas inside quoted parameter
//   values are not supported; no client we know sends them.)
//
// JSON schema (render_status_json; one line, UTF-8, valid JSON for any bytes
// a request carried):
//   {
//     "module_version": string,     // this module's version (VERSION file)
//     "zone": string,               // noai_zone name
//     "capacity": number,           // records the ring can hold
//     "agent_capacity": number,     // distinct agents counted one by one
//     "totals": {"headers_added": number, "denied": number,
//                "reported": number, "overwritten": number, "decoyed": number,
//                "turned_away_by_purpose": {"training": n, "ai-input": n, "search": n}},
//     "records_held": number,       // records in the ring now
//     "hourly": [                   // 48 hours, oldest first, the last one now's
//       {"hour": string, "training": n, "ai-input": n, "search": n}],
//     "agents": [                   // by activity: denied+reported desc, then
//       {"agent": string,           //   last_seen desc; "(other)" (agents past
//        "denied": number,          //   agent_capacity) last
//        "reported": number, "decoyed": number,
//        "purpose": string,         // "training", "ai-input" or "search"
//        "first_seen": string,      // ISO 8601 UTC, e.g. "2026-11-25T11:36:51.123Z"
//        "last_seen": string}],
//     "records": [                  // newest first, ?agent= and ?limit= applied
//       {"sequence": number,        // 1-based, +1 per record ever written
//        "time": string,            // ISO 8601 UTC
//        "time_ms": number,         // Unix epoch milliseconds
//        "action": "denied" | "decoyed" | "reported", "purpose": string,
//        "status": number,          // HTTP status sent; 444 = connection closed
//        "agent": string, "reason": string, "client": string,
//        "method": string, "host": string, "uri": string, "user_agent": string,
//        "truncated": [string]}]    // names of the fields above cut at their bound
//   }
//   Strings hold the recorded bytes: ", \, control characters (\u00XX) and
//   U+2028/U+2029 escaped; bytes that are not UTF-8 become \ufffd.
//
// Prometheus text format 0.0.4 (render_status_prometheus). Every series has a
// zone="NAME" label, so one server's zones (or several servers) can be scraped
// side by side:
//   noai_denied_total{zone,agent,purpose}    counter  requests denied, per agent
//   noai_reported_total{zone,agent,purpose}  counter  requests recorded but served
//                                                     (noai_block report), per agent
//   noai_decoyed_total{zone,agent,purpose}   counter  denied with the decoy, per agent
//   noai_turned_away_total{zone,purpose}     counter  denied + decoyed, per purpose
//   noai_headers_added_total{zone}     counter  responses given opt-out headers
//   noai_ring_records{zone}            gauge    records held in the ring
//   noai_ring_capacity{zone}           gauge    records the ring can hold
//   noai_ring_overwritten_total{zone}  counter  records lost to wrap-around
//   Agents are listed by name (byte order); each seen agent has both a denied
//   and a reported series (0 included). Agents past agent_capacity are counted
//   under agent="(other)". Label values: \ " and newline escaped, other
//   control characters and invalid UTF-8 replaced by U+FFFD.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "noai_records.hpp"

namespace noai {

enum class StatusFormat { html, json, prometheus };

// format_arg: the ?format= value ("" when absent); accept: the Accept header
// ("" when absent). std::nullopt for an unknown format value.
std::optional<StatusFormat> choose_status_format(std::string_view format_arg,
                                                 std::string_view accept) noexcept;

// "text/html; charset=utf-8", "application/json",
// "text/plain; version=0.0.4; charset=utf-8".
std::string_view status_content_type(StatusFormat format) noexcept;

inline constexpr std::size_t kDefaultStatusLimit = 50;
inline constexpr std::size_t kMaxStatusLimit = 1000;

// ?limit=: decimal digits, capped at kMaxStatusLimit however many there are;
// empty or anything else (a sign, a letter) gives kDefaultStatusLimit.
std::size_t parse_status_limit(std::string_view text) noexcept;

// What the HTML and JSON renderings show of the records (agents and totals
// are always shown whole).
struct StatusView {
    std::string_view agent_filter;  // ?agent= decoded; exact, ASCII case-insensitive; empty = all
    std::size_t limit = kDefaultStatusLimit;  // at most this many records (parse_status_limit)
    std::uint64_t now_ms = 0;       // Unix ms, for "5 min ago" hints and the chart; 0 = no hints
    bool ai_input = false;          // noai_ai_input where the page is served: what the page says

    // The records this view shows, for the snapshot to copy.
    RecordSelection selection() const noexcept { return {agent_filter, limit}; }
};

std::string render_status_html(const Snapshot& snapshot, const StatusView& view);
std::string render_status_json(const Snapshot& snapshot, const StatusView& view);
std::string render_status_prometheus(const Snapshot& snapshot);

// The exact Content-Security-Policy the HTML page is built for: no script, no
// external fetches, its one inline <style> allowed by hash (no style=
// attributes), the favicon a data: URL, forms only back to this server.
std::string_view status_html_csp() noexcept;

}  // namespace noai
