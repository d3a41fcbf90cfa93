// The status page for the artist: self-contained HTML with a strict CSP.

#include "noai_status_render.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <vector>

#include "noai_escape.hpp"
#include "noai_ring.hpp"
#include "noai_status_chart.hpp"
#include "noai_status_shared.hpp"
#include "noai_text.hpp"
#include "noai_version.hpp"

namespace noai {

using namespace status_detail;  // the renderers' shared helpers

namespace {

// ---- HTML -------------------------------------------------------------------

// The page's only style. Its SHA-256 is in kCsp below; a unit test recomputes
// it, so edit both together.
constexpr std::string_view kStyle = R"css(
:root{color-scheme:light dark;--bg:#f6f4ef;--card:#fffdf9;--ink:#2b2924;--muted:#6e695e;--line:#e4dfd4;--accent:#3f6f52;--denied:#a3432c;--denied-bg:#f7e4dd;--reported:#80600f;--reported-bg:#f4ead0;--decoyed:#5b4a9e;--decoyed-bg:#e8e3f6;--training:#c2553a;--ai-input:#d79a1f;--search:#4f8a6a}
@media (prefers-color-scheme:dark){:root{--bg:#171916;--card:#20231e;--ink:#e8e5dc;--muted:#a19c8f;--line:#343830;--accent:#8fbf9f;--denied:#f09a84;--denied-bg:#43241c;--reported:#dfbd6a;--reported-bg:#3a3019;--decoyed:#c3b5f2;--decoyed-bg:#2e2747;--training:#ec8466;--ai-input:#e8bb55;--search:#7fbf98}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:76rem;margin:0 auto;padding:2rem 1rem 3rem}
h1{font-size:1.7rem;line-height:1.2;margin:0 0 .5rem;font-weight:650}
h2{font-size:1.2rem;margin:2.5rem 0 .5rem}
p{margin:.3rem 0}
a{color:var(--accent)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.86em}
.lede{max-width:44rem;font-size:1.05rem}
.hint,.zone{color:var(--muted);font-size:.9rem}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem;margin:1.5rem 0 0;padding:0;list-style:none}
.totals li{background:var(--card);border:1px solid var(--line);border-radius:.8rem;padding:.9rem 1rem}
.totals b{display:block;font-size:1.8rem;font-weight:650;font-variant-numeric:tabular-nums}
.totals span{color:var(--muted);font-size:.9rem}
.panel{background:var(--card);border:1px solid var(--line);border-radius:.8rem;overflow-x:auto;margin-top:.75rem}
table{width:100%;border-collapse:collapse;font-size:.92rem}
th,td{text-align:left;vertical-align:top;padding:.6rem .8rem;border-bottom:1px solid var(--line)}
th{font-size:.75rem;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.05em;white-space:nowrap}
tbody tr:last-child td{border-bottom:0}
.n{text-align:right;font-variant-numeric:tabular-nums}
.sub{display:block;color:var(--muted);font-size:.8rem}
.records time{white-space:nowrap}
.wrap{overflow-wrap:anywhere;min-width:12rem}
.badge{display:inline-block;padding:.05rem .6rem;border-radius:1rem;font-size:.8rem;font-weight:600}
.denied{color:var(--denied);background:var(--denied-bg)}
.decoyed{color:var(--decoyed);background:var(--decoyed-bg)}
.chart{margin:.75rem 0 0;padding:1rem 1rem .6rem;background:var(--card);border:1px solid var(--line);border-radius:.8rem}
.chart svg{display:block;width:100%;height:auto}
.chart .rule{stroke:var(--line)}
.chart .base,.chart .mark{stroke:var(--muted)}
.chart .tick,.chart .quiet{fill:var(--muted);font-size:11px}
.chart .quiet{font-size:14px}
.p-training{fill:var(--training);background:var(--training)}
.p-ai-input{fill:var(--ai-input);background:var(--ai-input)}
.p-search{fill:var(--search);background:var(--search)}
figcaption{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;margin-top:.4rem;font-size:.85rem}
.key{display:inline-flex;align-items:center;gap:.4rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:.2rem}
.purpose{white-space:nowrap}
.reported{color:var(--reported);background:var(--reported-bg)}
.cut,.none{color:var(--muted)}
form{display:flex;flex-wrap:wrap;gap:.5rem .75rem;align-items:flex-end;margin:.75rem 0}
label{display:flex;flex-direction:column;gap:.2rem;font-size:.8rem;color:var(--muted)}
select,input,button{font:inherit;font-size:.95rem;padding:.35rem .6rem;border:1px solid var(--line);border-radius:.5rem;background:var(--card);color:var(--ink)}
input{width:6rem}
button{background:var(--accent);border-color:var(--accent);color:var(--card);font-weight:600}
.empty{padding:1.5rem 1rem;color:var(--muted);text-align:center}
footer{margin-top:3rem;color:var(--muted);font-size:.85rem}
@media (max-width:44rem){
main{padding:1.25rem .75rem 2rem}
table{font-size:.85rem}
th,td{padding:.5rem .3rem}
th{letter-spacing:0;font-size:.68rem}
.totals b{font-size:1.5rem}
.records thead{display:none}
.records tr{display:block;padding:.5rem 0;border-bottom:1px solid var(--line)}
.records tbody tr:last-child{border-bottom:0}
.records td{display:block;border:0;padding:.25rem .9rem}
.records td::before{content:attr(data-label);display:block;color:var(--muted);font-size:.7rem;text-transform:uppercase;letter-spacing:.05em}
.chart{padding:.6rem .5rem .4rem}
.chart .tick{font-size:20px}
.chart .quiet{font-size:24px}
.wrap{min-width:0}
}
)css";

constexpr std::string_view kCsp =
    "default-src 'none'; "
    "style-src 'sha256-jOSA5ooN5e7KSV2JW8h6tc+cqpmC0UrNp/Z5zdrt1zQ='; "
    "img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// 1234567 -> "1,234,567"
void append_grouped(std::string& out, std::uint64_t value) {
    const std::string digits = std::to_string(value);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
}

void append_ago(std::string& out, std::uint64_t now_ms, std::uint64_t then_ms) {
    if (now_ms == 0) return;
    // A clock read at second resolution may lag the records: that is "just now".
    const std::uint64_t seconds = then_ms < now_ms ? (now_ms - then_ms) / 1000 : 0;
    out += "<span class=\"sub\">";
    if (seconds < 60) {
        out += "just now";
    } else {
        const auto [amount, unit] =
            seconds < 3600    ? std::pair{seconds / 60, "min"}
            : seconds < 86400 ? std::pair{seconds / 3600, seconds < 7200 ? "hour" : "hours"}
                              : std::pair{seconds / 86400, seconds < 172800 ? "day" : "days"};
        append_number(out, amount);
        out += ' ';
        out += unit;
        out += " ago";
    }
    out += "</span>";
}

// <time> showing the ISO 8601 form; `breakable` lets it wrap after the date
// (the agents table on a phone).
void append_time(std::string& out, std::uint64_t ms, std::uint64_t now_ms, bool breakable) {
    const std::string iso = iso8601_utc(ms);
    const std::size_t date = iso.find('T') + 1;
    out += "<time datetime=\"";
    out += iso;
    out += "\">";
    out.append(iso, 0, date);
    if (breakable) out += "<wbr>";
    out.append(iso, date);
    out += "</time>";
    append_ago(out, now_ms, ms);
}

void append_cut_mark(std::string& out, bool truncated) {
    if (truncated) out += "<span class=\"cut\" title=\"cut short\">\xE2\x80\xA6</span>";
}

template <std::size_t N>
void append_html_field(std::string& out, const BoundedText<N>& text) {
    append_html_escaped(out, text.view());
    append_cut_mark(out, text.truncated);
}

// A URI that a narrow column may break after each '/', not inside a name.
template <std::size_t N>
void append_html_path(std::string& out, const BoundedText<N>& text) {
    std::string_view rest = text.view();
    for (std::size_t slash; (slash = rest.find('/')) != std::string_view::npos;) {
        append_html_escaped(out, rest.substr(0, slash + 1));
        out += "<wbr>";
        rest.remove_prefix(slash + 1);
    }
    append_html_escaped(out, rest);
    append_cut_mark(out, text.truncated);
}

// href="?agent=NAME&amp;limit=N#recent" (the leading ? keeps the page's path).
void append_filter_link(std::string& out, std::string_view agent, std::size_t limit) {
    out += "?";
    if (!agent.empty()) {
        out += "agent=";
        append_query_encoded(out, agent);
        out += "&amp;";
    }
    out += "limit=";
    append_number(out, limit);
    out += "#recent";
}

void append_totals(std::string& out, const Snapshot& s) {
    const std::pair<std::uint64_t, std::string_view> totals[] = {
        {s.totals.denied + s.totals.decoyed, "requests turned away"},
        {s.totals.decoyed, "of them given a decoy picture"},
        {s.totals.reported, "requests noted but still served"},
        {s.totals.headers_added, "responses marked \xE2\x80\x9Cnot for AI\xE2\x80\x9D"},
        {s.totals.overwritten, "older entries dropped to make room"},
    };
    out += "<ul class=\"totals\">\n";
    for (const auto& [count, label] : totals) {
        out += "<li><b>";
        append_grouped(out, count);
        out += "</b><span>";
        out += label;
        out += "</span></li>\n";
    }
    out += "</ul>\n";
}

void append_purpose(std::string& out, Purpose purpose) {
    out += "<span class=\"purpose\"><span class=\"swatch p-";
    out += purpose_name(purpose);
    out += "\"></span> ";
    out += purpose_name(purpose);
    out += "</span>";
}

// What is refused by purpose (noai_ai_input where the page is served), and
// the chart of the last 48 hours.
void append_chart(std::string& out, const Snapshot& s, const StatusView& view) {
    out += "<section>\n<h2>Turned away, hour by hour</h2>\n<p class=\"hint\">Crawlers that train AI "
           "(<b>training</b>, dataset builders included) are turned away. ";
    out += view.ai_input ? "AI assistants and AI search (<b>ai-input</b>) are let through here. "
                         : "AI assistants and AI search (<b>ai-input</b>) are turned away too. ";
    out += "Search engines (<b>search</b>) are always let in. Turned away so far: ";
    for (Purpose p : kPurposes) {
        if (p != kPurposes[0]) out += ", ";
        append_grouped(out, s.totals.turned_away_by_purpose[static_cast<std::size_t>(p)]);
        out += ' ';
        out += purpose_name(p);
    }
    out += ".</p>\n";
    out += render_hourly_chart(chart_hours(s, view));
    out += "</section>\n";
}

void append_agents(std::string& out, const Snapshot& s, const StatusView& view) {
    out += "<section>\n<h2>Crawlers</h2>\n";
    if (s.agents.empty()) {
        out += "<div class=\"panel\"><p class=\"empty\">No AI crawler has come by yet.</p></div>\n"
               "</section>\n";
        return;
    }
    out += "<p class=\"hint\">Denied: refused (decoyed: refused, and given a decoy picture "
           "instead of yours). Reported: noted, but served anyway (report mode). Pick a name to see "
           "only its requests.</p>\n";
    out += "<div class=\"panel\"><table>\n<thead><tr><th>Agent</th><th class=\"n\">Denied</th>"
           "<th class=\"n\">Reported</th><th>Last seen</th></tr></thead>\n<tbody>\n";
    for (const AgentStats* a : agents_by_activity(s)) {
        out += "<tr><td>";
        if (a->agent.view() == kOtherAgent) {
            out += "Others<span class=\"sub\">more crawlers than this zone names one by "
                   "one</span>";
        } else {
            out += "<a href=\"";
            append_filter_link(out, a->agent.view(), view.limit);
            out += "\">";
            append_html_field(out, a->agent);
            out += "</a>";
            // A false claim is worth a second look: say how many were.
            if (a->impostors != 0) {
                out += "<span class=\"sub\">";
                append_grouped(out, a->impostors);
                out += a->impostors == 1 ? " impostor (wrong address)</span>" : " impostors (wrong address)</span>";
            }
            if (a->verified != 0) {
                out += "<span class=\"sub\">";
                append_grouped(out, a->verified);
                out += " verified, served</span>";
            }
            if (a->impersonations != 0) {
                out += "<span class=\"sub\">";
                append_grouped(out, a->impersonations);
                out += " without a browser's headers</span>";
            }
        }
        if (a->agent.view() != kOtherAgent) {
            out += "<span class=\"sub\">";
            append_purpose(out, a->purpose);
            out += "</span>";
        }
        out += "</td><td class=\"n\">";
        append_grouped(out, a->denied + a->decoyed);
        if (a->decoyed != 0) {
            out += "<span class=\"sub\">";
            append_grouped(out, a->decoyed);
            out += " decoyed</span>";
        }
        out += "</td><td class=\"n\">";
        append_grouped(out, a->reported);
        out += "</td><td>";
        append_time(out, a->last_seen_ms, view.now_ms, true);
        out += "</td></tr>\n";
    }
    out += "</tbody>\n</table></div>\n</section>\n";
}

void append_filter_form(std::string& out, const Snapshot& s, const StatusView& view) {
    out += "<form method=\"get\">\n<label>Agent <select name=\"agent\">"
           "<option value=\"\">All agents</option>";
    bool filter_listed = view.agent_filter.empty();
    for (const AgentStats* a : agents_by_activity(s)) {
        if (a->agent.view() == kOtherAgent) continue;
        const bool selected = !view.agent_filter.empty() &&
                              equals_ignore_case(a->agent.view(), view.agent_filter);
        filter_listed = filter_listed || selected;
        out += "<option value=\"";
        append_html_escaped(out, a->agent.view());
        out += selected ? "\" selected>" : "\">";
        append_html_escaped(out, a->agent.view());
        out += "</option>";
    }
    if (!filter_listed) {  // filtering on a name the counters do not hold
        out += "<option value=\"";
        append_html_escaped(out, view.agent_filter);
        out += "\" selected>";
        append_html_escaped(out, view.agent_filter);
        out += "</option>";
    }
    out += "</select></label>\n<label>How many <input type=\"number\" name=\"limit\" "
           "min=\"1\" value=\"";
    append_number(out, view.limit);
    out += "\"></label>\n<button type=\"submit\">Show</button>\n</form>\n";
}

void append_record_row(std::string& out, const Record& r, const StatusView& view) {
    out += "<tr><td data-label=\"Time\">";
    append_time(out, r.time_ms, view.now_ms, false);

    out += "</td><td data-label=\"Agent\"><a href=\"";
    append_filter_link(out, r.agent.view(), view.limit);
    out += "\">";
    append_html_field(out, r.agent);
    out += "</a><span class=\"sub\">";
    append_html_field(out, r.reason);
    out += " \xC2\xB7 ";
    out += purpose_name(r.purpose);

    const std::string_view action = action_name(r.action);
    out += "</span></td><td data-label=\"Action\"><span class=\"badge ";
    out += action;
    out += "\">";
    out += action;
    out += "</span></td><td data-label=\"Status\">";
    append_number(out, r.status);
    if (r.status == 444) out += "<span class=\"sub\">connection closed</span>";

    out += "</td><td data-label=\"What was fetched\" class=\"wrap\"><span class=\"mono\">";
    append_html_field(out, r.method);
    out += "</span> ";
    append_html_path(out, r.uri);
    out += "<span class=\"sub\">";
    append_html_field(out, r.host);
    out += "</span>";

    out += "</td><td data-label=\"Client\" class=\"mono\">";
    if (r.client.length == 0)
        out += "<span class=\"none\">not recorded</span>";
    else
        append_html_field(out, r.client);

    out += "</td><td data-label=\"User-Agent\" class=\"mono wrap\">";
    append_html_field(out, r.user_agent);
    out += "</td></tr>\n";
}

void append_records(std::string& out, const Snapshot& s, const StatusView& view) {
    out += "<section>\n<h2 id=\"recent\">Latest requests</h2>\n";
    if (s.records_held == 0) {
        out += "<div class=\"panel\"><p class=\"empty\">Nothing here yet. When an AI crawler "
               "asks for your work, it will show up here.</p></div>\n</section>\n";
        return;
    }
    append_filter_form(out, s, view);

    const std::vector<const Record*> shown = records_to_show(s, view);
    out += "<p class=\"hint\">";
    if (!view.agent_filter.empty()) {
        out += "Only <b>";
        append_html_escaped(out, view.agent_filter);
        out += "</b> \xC2\xB7 <a href=\"";
        append_filter_link(out, {}, view.limit);
        out += "\">show every agent</a> \xC2\xB7 ";
    }
    out += "Showing ";
    append_grouped(out, shown.size());
    out += " of the ";
    append_grouped(out, s.records_held);
    out += s.records_held == 1 ? " request" : " requests";
    out += " this zone remembers, newest first.</p>\n";

    if (shown.empty()) {
        out += "<div class=\"panel\"><p class=\"empty\">";
        if (view.limit == 0)
            out += "Choose how many requests to show.";
        else
            out += "No remembered request matches this agent.";
        out += "</p></div>\n</section>\n";
        return;
    }
    out += "<div class=\"panel\"><table class=\"records\">\n<thead><tr><th>Time</th>"
           "<th>Agent</th><th>Action</th><th>Status</th><th>What was fetched</th>"
           "<th>Client</th><th>User-Agent</th></tr></thead>\n<tbody>\n";
    for (const Record* r : shown) append_record_row(out, *r, view);
    out += "</tbody>\n</table></div>\n</section>\n";
}

}  // namespace

std::string_view status_html_csp() noexcept { return kCsp; }

std::string render_status_html(const Snapshot& s, const StatusView& view) {
    std::string out;
    out.reserve(8192 + 1536 * std::min(view.limit, s.records.size()));
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
           "<meta name=\"referrer\" content=\"no-referrer\">\n"
           "<link rel=\"icon\" href=\"data:,\">\n<title>AI crawlers \xC2\xB7 ";
    append_html_escaped(out, s.zone);
    out += "</title>\n<style>";
    out += kStyle;
    out += "</style>\n</head>\n<body>\n<main>\n<header>\n"
           "<h1>AI crawlers kept away from your work</h1>\n"
           "<p class=\"lede\">This server labels your images \xE2\x80\x9Cnot for AI "
           "training\xE2\x80\x9D and turns away the crawlers that collect pictures for AI "
           "models and datasets. This page shows which ones came by, when, and what they "
           "asked for.</p>\n<p class=\"zone\">Zone <code>";
    append_html_escaped(out, s.zone);
    out += "</code> \xC2\xB7 remembers the latest ";
    append_grouped(out, s.capacity);
    out += " requests \xC2\xB7 counts up to ";
    append_grouped(out, s.agent_capacity);
    out += " crawlers by name</p>\n</header>\n";

    append_totals(out, s);
    append_chart(out, s, view);
    append_agents(out, s, view);
    append_records(out, s, view);

    out += "<footer>ngx_http_noai_module ";
    out += version;
    out += " \xC2\xB7 Times are in UTC";
    if (view.now_ms != 0) {
        out += "; this page was made at ";
        append_iso8601_utc(out, view.now_ms);
    }
    out += ". Reload to update.</footer>\n</main>\n</body>\n</html>\n";
    return out;
}

}  // namespace noai
