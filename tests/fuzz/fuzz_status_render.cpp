// libFuzzer target: the status page renderers (HTML, JSON, Prometheus) on a
// Snapshot whose every text field and number comes from the input.
//
// The input is split with libFuzzer's FuzzedDataProvider: text fields are
// read from the front (a backslash followed by any other byte ends a field;
// "\\\\" is a literal backslash), numbers from the back. Checks:
//  - every rendering is valid UTF-8;
//  - JSON: parses with the tests' strict RFC 8259 parser, is one line, has the
//    documented shape, and every record string decodes back to the recorded
//    bytes when those were valid UTF-8 (the "truncated" lists match too);
//  - HTML: no "<script"; every '<' opens or closes a tag the renderer uses;
//    no raw control character but '\n', no C1 or bidi control; each field's
//    escaped form holds no < > " ' and only known character references;
//    query-encoded agent names decode back to the name;
//  - Prometheus: every line is a "# HELP"/"# TYPE" comment or
//    `name{label="value",...} value` with only \\ \" \n escapes inside label
//    values, and the per-agent series add up to the snapshot's counts.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "json_checker.hpp"
#include "noai_escape.hpp"
#include "noai_records.hpp"
#include "noai_ring.hpp"
#include "noai_status_render.hpp"
#include "noai_text.hpp"
#include "fuzz_support.hpp"

namespace {

using noai_test::Json;
using noai_test::is_valid_utf8;

using noai_fuzz::hex;

std::string_view g_input;   // for failure reports

[[noreturn]] void fail(const char* what, std::string_view output = {}, std::size_t at = 0) {
    std::fprintf(stderr, "fuzz_status_render: %s\n  input (hex): %s\n", what, hex(g_input).c_str());
    if (!output.empty()) {
        const std::size_t from = at > 80 ? at - 80 : 0;
        std::fprintf(stderr, "  output near byte %zu: %s\n", at,
                     std::string(output.substr(from, 160)).c_str());
    }
    std::abort();
}

template <std::size_t N>
void assign(FuzzedDataProvider& in, noai::BoundedText<N>& text) {
    text.assign(in.ConsumeRandomLengthString(N + 8));
}

const Json* member(const Json& object, std::string_view key) {
    if (object.kind != Json::Kind::object) return nullptr;
    for (const auto& [name, value] : object.members)
        if (name == key) return &value;
    return nullptr;
}

const Json& need(const Json& object, std::string_view key, Json::Kind kind) {
    const Json* value = member(object, key);
    if (!value || value->kind != kind) {
        std::string what = "JSON: missing or mistyped member ";
        what += key;
        fail(what.c_str());
    }
    return *value;
}

// ---- JSON ---------------------------------------------------------------------

void check_text(const Json& record, std::string_view name, std::string_view recorded) {
    const Json& value = need(record, name, Json::Kind::string);
    if (!is_valid_utf8(value.text)) fail("JSON: a string decodes to invalid UTF-8");
    if (is_valid_utf8(recorded) && value.text != recorded) fail("JSON: a string does not decode to the recorded bytes");
}

template <std::size_t N>
void check_field(const Json& record, std::string_view name, const noai::BoundedText<N>& text,
                 std::vector<std::string>& truncated) {
    check_text(record, name, text.view());
    if (text.truncated) truncated.emplace_back(name);
}

void check_json(const std::string& json, const noai::Snapshot& s, const noai::StatusView& view) {
    if (!is_valid_utf8(json)) fail("JSON: invalid UTF-8");
    if (json.empty() || json.back() != '\n' || json.find('\n') != json.size() - 1)
        fail("JSON: not exactly one line", json, json.find('\n'));
    Json root;
    if (!noai_test::JsonParser(json).parse(root)) fail("JSON: the strict parser rejects it", json);
    if (root.kind != Json::Kind::object) fail("JSON: not an object");
    check_text(root, "zone", s.zone);
    need(root, "capacity", Json::Kind::number);
    need(root, "agent_capacity", Json::Kind::number);
    need(need(root, "totals", Json::Kind::object), "denied", Json::Kind::number);
    need(root, "records_held", Json::Kind::number);
    const Json& agents = need(root, "agents", Json::Kind::array);
    if (agents.items.size() != s.agents.size()) fail("JSON: wrong number of agents");
    for (const Json& a : agents.items) {
        need(a, "agent", Json::Kind::string);
        need(a, "first_seen", Json::Kind::string);
        need(a, "last_seen", Json::Kind::string);
    }

    std::vector<const noai::Record*> expected;
    for (auto it = s.records.begin(); it != s.records.end() && expected.size() < view.limit; ++it)  // newest first
        if (view.agent_filter.empty() || noai::equals_ignore_case(it->agent.view(), view.agent_filter))
            expected.push_back(&*it);
    const Json& records = need(root, "records", Json::Kind::array);
    if (records.items.size() != expected.size()) fail("JSON: wrong number of records");
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const Json& j = records.items[i];
        const noai::Record& r = *expected[i];
        if (need(j, "sequence", Json::Kind::number).text != std::to_string(r.sequence))
            fail("JSON: wrong sequence");
        if (need(j, "time_ms", Json::Kind::number).text != std::to_string(r.time_ms))
            fail("JSON: wrong time_ms");
        if (need(j, "status", Json::Kind::number).text != std::to_string(r.status))
            fail("JSON: wrong status");
        check_text(j, "action", noai::action_name(r.action));
        check_text(j, "time", noai::iso8601_utc(r.time_ms));
        std::vector<std::string> truncated;
        check_field(j, "agent", r.agent, truncated);
        check_field(j, "reason", r.reason, truncated);
        check_field(j, "client", r.client, truncated);
        check_field(j, "method", r.method, truncated);
        check_field(j, "host", r.host, truncated);
        check_field(j, "uri", r.uri, truncated);
        check_field(j, "user_agent", r.user_agent, truncated);
        const Json& cut = need(j, "truncated", Json::Kind::array);
        std::vector<std::string> got;
        for (const Json& t : cut.items) got.push_back(t.text);
        if (got != truncated) fail("JSON: wrong truncated list");
    }
}

// ---- HTML ---------------------------------------------------------------------

const std::set<std::string, std::less<>>& html_tags() {
    static const std::set<std::string, std::less<>> tags = {
        "!DOCTYPE", "a", "b", "body", "button", "code", "div", "footer", "form", "h1", "h2",
        "head", "header", "html", "input", "label", "li", "link", "main", "meta", "option",
        "p", "section", "select", "span", "style", "table", "tbody", "td", "th", "thead",
        "time", "title", "tr", "ul", "wbr",
        // the inline-SVG chart (noai_status_chart)
        "desc", "figcaption", "figure", "g", "line", "rect", "svg", "text"};
    return tags;
}

bool known_reference(std::string_view rest) {
    for (std::string_view ref : {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"})
        if (rest.substr(0, ref.size()) == ref) return true;
    return false;
}

void check_escaped(std::string_view text) {
    std::string out;
    noai::append_html_escaped(out, text);
    if (!is_valid_utf8(out)) fail("HTML escape: invalid UTF-8", out);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const char c = out[i];
        if (c == '<' || c == '>' || c == '"' || c == '\'') fail("HTML escape: a markup character left raw", out, i);
        if (c == '&' && !known_reference(std::string_view(out).substr(i)))
            fail("HTML escape: unknown character reference", out, i);
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) fail("HTML escape: raw control character", out, i);
    }
}

void check_query(std::string_view text) {
    std::string out;
    noai::append_query_encoded(out, text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const char c = out[i];
        if (!(noai::is_ascii_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '%'))
            fail("query encoding: a byte left unencoded", out, i);
    }
    if (noai::decode_query_value(out) != text) fail("query encoding: does not decode back", out);
}

void check_html(const std::string& html) {
    if (!is_valid_utf8(html)) fail("HTML: invalid UTF-8");
    std::string lower = html;
    for (char& c : lower) c = noai::to_lower_ascii(c);
    if (const std::size_t at = lower.find("<script"); at != std::string::npos) fail("HTML: <script", html, at);
    for (std::size_t i = 0; i < html.size(); ++i) {
        const auto c = static_cast<unsigned char>(html[i]);
        if (c < 0x20 && c != '\n') fail("HTML: raw control character", html, i);
        if (c == 0x7f) fail("HTML: raw DEL", html, i);
        if (c == 0xC2 && i + 1 < html.size() && static_cast<unsigned char>(html[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(html[i + 1]) <= 0x9F)
            fail("HTML: C1 control", html, i);
        if (c == 0xE2 && i + 2 < html.size()) {
            const auto b1 = static_cast<unsigned char>(html[i + 1]);
            const auto b2 = static_cast<unsigned char>(html[i + 2]);
            if ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9))
                fail("HTML: bidi control", html, i);
        }
        if (c != '<') continue;
        std::size_t j = i + 1;
        if (j < html.size() && html[j] == '/') ++j;
        const std::size_t name_start = j;
        while (j < html.size() && (noai::is_ascii_alnum(html[j]) || html[j] == '!')) ++j;
        const std::string_view name(html.data() + name_start, j - name_start);
        if (!html_tags().count(name) || j >= html.size() || (html[j] != '>' && html[j] != ' '))
            fail("HTML: '<' that does not start a known tag", html, i);
    }
}

// ---- Prometheus ---------------------------------------------------------------

bool metric_name_char(char c, bool first) {
    return noai::is_ascii_alpha(c) || c == '_' || c == ':' || (!first && noai::is_ascii_digit(c));
}

// Parses `name{k="v",...} value`; returns false if malformed. Fills the agent
// label's (still escaped) value and the sample value.
bool parse_sample(std::string_view line, std::string& name, std::string& agent, std::uint64_t& value) {
    std::size_t i = 0;
    while (i < line.size() && metric_name_char(line[i], i == 0)) ++i;
    if (i == 0) return false;
    name = std::string(line.substr(0, i));
    agent.clear();
    if (i >= line.size() || line[i] != '{') return false;
    ++i;
    for (bool first = true;; first = false) {
        if (i < line.size() && line[i] == '}') {
            if (first) return false;   // we always label the zone
            ++i;
            break;
        }
        if (!first) {
            if (i >= line.size() || line[i] != ',') return false;
            ++i;
        }
        const std::size_t key_start = i;
        while (i < line.size() && metric_name_char(line[i], i == key_start) && line[i] != ':') ++i;
        if (i == key_start) return false;
        const std::string_view key = line.substr(key_start, i - key_start);
        if (line.substr(i, 2) != "=\"") return false;
        i += 2;
        const std::size_t value_start = i;
        for (;;) {
            if (i >= line.size()) return false;
            const char c = line[i];
            if (c == '"') break;
            if (c == '\n') return false;
            if (c == '\\') {
                if (i + 1 >= line.size()) return false;
                const char e = line[i + 1];
                if (e != '\\' && e != '"' && e != 'n') return false;
                i += 2;
                continue;
            }
            ++i;
        }
        if (key == "agent") agent = std::string(line.substr(value_start, i - value_start));
        ++i;   // closing quote
    }
    if (i >= line.size() || line[i] != ' ') return false;
    ++i;
    if (i >= line.size()) return false;
    value = 0;
    for (; i < line.size(); ++i) {
        if (!noai::is_ascii_digit(line[i])) return false;
        value = value * 10 + static_cast<std::uint64_t>(line[i] - '0');
    }
    return true;
}

void check_prometheus(const std::string& text, const noai::Snapshot& s) {
    if (!is_valid_utf8(text)) fail("Prometheus: invalid UTF-8");
    if (text.empty() || text.back() != '\n') fail("Prometheus: does not end with a newline");
    std::uint64_t denied = 0, reported = 0;
    std::set<std::string> denied_agents, reported_agents;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t eol = text.find('\n', start);
        const std::string_view line(text.data() + start, eol - start);
        if (line.substr(0, 7) == "# HELP " || line.substr(0, 7) == "# TYPE ") {
            start = eol + 1;
            continue;
        }
        std::string name, agent;
        std::uint64_t value = 0;
        if (!parse_sample(line, name, agent, value)) fail("Prometheus: malformed line", text, start);
        if (name == "noai_denied_total") {
            denied += value;
            if (!denied_agents.insert(agent).second) fail("Prometheus: repeated denied series", text, start);
        } else if (name == "noai_reported_total") {
            reported += value;
            if (!reported_agents.insert(agent).second) fail("Prometheus: repeated reported series", text, start);
        }
        start = eol + 1;
    }
    std::uint64_t want_denied = 0, want_reported = 0;
    for (const noai::AgentStats& a : s.agents) {
        want_denied += a.denied;
        want_reported += a.reported;
    }
    if (denied != want_denied || reported != want_reported) fail("Prometheus: agent series do not add up");
    if (denied_agents != reported_agents) fail("Prometheus: denied and reported series differ");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    g_input = std::string_view(reinterpret_cast<const char*>(data), size);
    FuzzedDataProvider in(data, size);

    noai::Snapshot s;
    s.zone = in.ConsumeRandomLengthString(80);
    std::string filter = in.ConsumeRandomLengthString(80);
    if (in.ConsumeBool()) filter = noai::decode_query_value(filter);
    noai::StatusView view;
    view.agent_filter = filter;
    view.limit = in.ConsumeIntegralInRange<std::size_t>(0, 12);
    view.now_ms = in.ConsumeBool() ? in.ConsumeIntegral<std::uint64_t>()
                                   : in.ConsumeIntegralInRange<std::uint64_t>(0, 4102444800000ull);
    s.capacity = in.ConsumeIntegral<std::size_t>();
    s.agent_capacity = in.ConsumeIntegral<std::size_t>();
    s.totals.headers_added = in.ConsumeIntegral<std::uint64_t>();
    s.totals.denied = in.ConsumeIntegral<std::uint64_t>();
    s.totals.reported = in.ConsumeIntegral<std::uint64_t>();
    s.totals.overwritten = in.ConsumeIntegral<std::uint64_t>();

    const std::size_t n_agents = in.ConsumeIntegralInRange<std::size_t>(0, 6);
    for (std::size_t i = 0; i < n_agents; ++i) {
        noai::AgentStats a{};
        if (in.ConsumeBool() && in.ConsumeBool()) a.agent.assign(noai::kOtherAgent);
        else assign(in, a.agent);
        a.denied = in.ConsumeIntegral<std::uint64_t>();
        a.reported = in.ConsumeIntegral<std::uint64_t>();
        a.first_seen_ms = in.ConsumeIntegral<std::uint64_t>();
        a.last_seen_ms = in.ConsumeIntegral<std::uint64_t>();
        s.agents.push_back(a);
    }
    const std::size_t n_records = in.ConsumeIntegralInRange<std::size_t>(0, 8);
    for (std::size_t i = 0; i < n_records; ++i) {
        noai::Record r{};
        r.sequence = in.ConsumeIntegral<std::uint64_t>();
        r.time_ms = in.ConsumeBool() ? in.ConsumeIntegral<std::uint64_t>()
                                     : in.ConsumeIntegralInRange<std::uint64_t>(0, 4102444800000ull);
        r.status = in.ConsumeIntegral<std::uint16_t>();
        r.action = static_cast<noai::Action>(in.ConsumeIntegralInRange<int>(0, 3));
        if (in.ConsumeBool() && !s.agents.empty()) r.agent = s.agents[i % s.agents.size()].agent;
        else assign(in, r.agent);
        assign(in, r.reason);
        assign(in, r.client);
        assign(in, r.method);
        assign(in, r.host);
        assign(in, r.uri);
        assign(in, r.user_agent);
        s.records.push_back(r);
    }
    s.records_held = in.ConsumeBool() ? s.records.size() : in.ConsumeIntegral<std::size_t>();

    check_json(noai::render_status_json(s, view), s, view);
    check_html(noai::render_status_html(s, view));
    check_prometheus(noai::render_status_prometheus(s), s);

    check_escaped(s.zone);
    check_escaped(filter);
    check_query(filter);
    for (const noai::AgentStats& a : s.agents) {
        check_escaped(a.agent.view());
        check_query(a.agent.view());
    }
    for (const noai::Record& r : s.records) {
        check_escaped(r.user_agent.view());
        check_escaped(r.uri.view());
        check_query(r.agent.view());
    }
    return 0;
}
