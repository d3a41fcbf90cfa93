// The status endpoint's renderings (noai_status_render): golden outputs, escaping
// of hostile request strings in every format, filters, ordering, content
// negotiation and the HTML page's Content-Security-Policy.
#include "json_checker.hpp"
#include "test_files.hpp"
#include "noai_status_render.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "noai_escape.hpp"
#include "noai_version.hpp"

namespace noai {
namespace {

// ---- test helpers -------------------------------------------------------------

using noai_test::is_valid_utf8;
using noai_test::Json;
using noai_test::JsonParser;
using noai_test::parse_json;

std::size_t count(std::string_view haystack, std::string_view needle) {
    std::size_t n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string_view::npos;
         at = haystack.find(needle, at + 1))
        ++n;
    return n;
}

using noai_test::read_file;

// Compares with tests/unit/golden/NAME; NOAI_UPDATE_GOLDEN=1 rewrites the file.
// The golden files say @VERSION@ where the module's version is shown, so a
// release changes VERSION only.
std::string with_version_placeholder(std::string text) {
    const std::string shown(version), placeholder = "@VERSION@";
    for (std::size_t at = text.find(shown); at != std::string::npos;
         at = text.find(shown, at + placeholder.size()))
        text.replace(at, shown.size(), placeholder);
    return text;
}

void expect_golden(const std::string& rendered, const std::string& name) {
    const std::string actual = with_version_placeholder(rendered);
    const std::string path = std::string(NOAI_SOURCE_DIR) + "/tests/unit/golden/" + name;
    if (std::getenv("NOAI_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    const std::string expected = read_file(path);
    ASSERT_FALSE(expected.empty()) << "missing golden file " << path
                                   << " (run with NOAI_UPDATE_GOLDEN=1 to create it)";
    EXPECT_EQ(actual, expected) << "differs from " << path;
}

// ---- fixtures -----------------------------------------------------------------

constexpr std::uint64_t kNow = 1795606611123;  // 2026-11-25T11:36:51.123Z
constexpr std::uint64_t kMinute = 60'000;

template <std::size_t N>
void set(BoundedText<N>& field, std::string_view text) {
    field.assign(text);
}

Record make_record(std::uint64_t sequence, std::uint64_t time_ms, Action action,
                   std::uint16_t status, std::string_view agent, std::string_view uri,
                   std::string_view user_agent) {
    Record r{};
    r.sequence = sequence;
    r.time_ms = time_ms;
    r.action = action;
    r.status = status;
    set(r.agent, agent);
    set(r.reason, "token:" + std::string(agent));
    set(r.client, "7f3a9c01e2b4");
    set(r.method, "GET");
    set(r.host, "art.example");
    set(r.uri, uri);
    set(r.user_agent, user_agent);
    return r;
}

AgentStats make_agent(std::string_view name, std::uint64_t denied, std::uint64_t reported,
                      std::uint64_t first_seen, std::uint64_t last_seen) {
    AgentStats a{};
    set(a.agent, name);
    a.denied = denied;
    a.reported = reported;
    a.first_seen_ms = first_seen;
    a.last_seen_ms = last_seen;
    return a;
}

// A small zone: three agents, four records (newest first), one URI cut short.
Snapshot sample_snapshot() {
    Snapshot s;
    s.zone = "portfolio";
    s.capacity = 1000;
    s.agent_capacity = 64;
    s.totals = {1234, 3, 1, 0, 0, {3, 0, 0}};
    s.agents = {
        make_agent("CCBot", 1, 0, kNow - 90 * kMinute, kNow - 90 * kMinute),
        make_agent("img2dataset", 0, 1, kNow - 30 * kMinute, kNow - 30 * kMinute),
        make_agent("GPTBot", 2, 0, kNow - 3 * 24 * 60 * kMinute, kNow - 2 * kMinute),
    };
    Record img2dataset = make_record(
        3, kNow - 30 * kMinute, Action::reported, 200, "img2dataset", "/gallery/heron.jpg",
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:72.0) Gecko/20100101 Firefox/72.0");
    set(img2dataset.reason, "fingerprint:img2dataset-default");
    Record long_uri = make_record(4, kNow - 2 * kMinute, Action::denied, 403, "GPTBot",
                                  "/gallery/" + std::string(kUriBytes, 'a'),
                                  "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; "
                                  "compatible; GPTBot/1.2; +https://openai.com/gptbot)");
    s.records = {
        long_uri,
        img2dataset,
        make_record(2, kNow - 90 * kMinute, Action::denied, 444, "CCBot", "/about",
                    "CCBot/2.0 (https://commoncrawl.org/faq/)"),
        make_record(1, kNow - 3 * 24 * 60 * kMinute, Action::denied, 403, "GPTBot",
                    "/gallery/fox.png", "GPTBot/1.1"),
    };
    s.records_held = s.records.size();
    for (const Record& r : s.records)
        if (turned_away(r.action)) s.hourly.add(r.time_ms, r.purpose);
    return s;
}

// The sample with a decoyed request and an ai-input agent.
Snapshot purposes_snapshot() {
    Snapshot s = sample_snapshot();
    s.totals = {1234, 4, 1, 0, 1, {4, 1, 0}};
    AgentStats chatgpt = make_agent("ChatGPT-User", 1, 0, kNow - 5 * kMinute, kNow - 5 * kMinute);
    chatgpt.purpose = Purpose::ai_input;
    s.agents.push_back(chatgpt);
    s.agents[2].decoyed = 1;
    Record decoyed = make_record(6, kNow - kMinute, Action::decoyed, 200, "GPTBot", "/gallery/heron.jpg", "GPTBot/1.2");
    Record assistant = make_record(5, kNow - 5 * kMinute, Action::denied, 403, "ChatGPT-User", "/gallery/",
                                   "Mozilla/5.0 AppleWebKit/537.36 (compatible; ChatGPT-User/1.0)");
    assistant.purpose = Purpose::ai_input;
    s.records.insert(s.records.begin(), {decoyed, assistant});
    s.records_held = s.records.size();
    s.hourly.add(decoyed.time_ms, decoyed.purpose);
    s.hourly.add(assistant.time_ms, assistant.purpose);
    return s;
}

// Every field of one record holds hostile bytes.
const std::string kScript = "<script>alert(1)</script>";
const std::string kControls = [] {
    std::string s;
    for (int c = 0; c < 0x20; ++c) s += static_cast<char>(c);
    return s + '\x7F';
}();
const std::string kHostile = kScript + " \"q\" 'a' \\back\\ \r\nnext " + kControls +
                             " \xFF\xC3 \xF0\x9F\x8E\xA8 </td>&amp;";
const std::string kHostileAgent = "Evil\"Bot\\\n<b>\xFF";

Snapshot hostile_snapshot() {
    Snapshot s;
    s.zone = "z\"o\\ne\n<i>";
    s.capacity = 4;
    s.agent_capacity = 2;
    s.totals = {};
    s.totals.denied = 1;
    s.agents = {make_agent(kHostileAgent, 1, 0, kNow, kNow)};
    Record r = make_record(1, kNow, Action::denied, 403, kHostileAgent, kHostile, kHostile);
    set(r.reason, kHostile);
    set(r.client, kHostile);
    set(r.method, "<i>\xFF");
    set(r.host, kHostile);
    s.records = {r};
    s.records_held = 1;
    return s;
}

std::string html(const Snapshot& s, StatusView view = {}) {
    if (view.now_ms == 0) view.now_ms = kNow;
    return render_status_html(s, view);
}
Json json(const Snapshot& s, const StatusView& view = {}) {
    return parse_json(render_status_json(s, view));
}

std::vector<std::uint64_t> sequences(const Json& doc) {
    std::vector<std::uint64_t> out;
    for (const Json& r : doc["records"].items) out.push_back(std::stoull(r["sequence"].text));
    return out;
}

// What the HTML escaper must turn a hostile string into, independently stated.
std::string_view inner_style(const std::string& page) {
    const std::size_t open = page.find("<style>");
    const std::size_t close = page.find("</style>");
    if (open == std::string::npos || close == std::string::npos) return {};
    return std::string_view(page).substr(open + 7, close - open - 7);
}

std::string sha256_base64(std::string_view data) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
    unsigned char encoded[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1];
    const int n = EVP_EncodeBlock(encoded, digest, SHA256_DIGEST_LENGTH);
    return std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(n));
}

// ---- golden outputs -------------------------------------------------------------

TEST(StatusRender, HtmlMatchesGolden) {
    expect_golden(html(sample_snapshot()), "status.html");
}

TEST(StatusRender, JsonMatchesGolden) {
    const std::string text = render_status_json(sample_snapshot(), {});
    parse_json(text);
    expect_golden(text, "status.json");
}

TEST(StatusRender, PrometheusMatchesGolden) {
    expect_golden(render_status_prometheus(sample_snapshot()), "status.prom");
}

// ---- hostile strings --------------------------------------------------------------

TEST(StatusRender, EveryFormatNamesTheModuleVersion) {
    EXPECT_NE(html(sample_snapshot()).find("<footer>ngx_http_noai_module " + std::string(version) + " "),
              std::string::npos);
    EXPECT_EQ(parse_json(render_status_json(sample_snapshot(), {}))["module_version"].text, version);
    EXPECT_NE(render_status_prometheus(sample_snapshot())
                  .find("noai_build_info{zone=\"portfolio\",version=\"" + std::string(version) + "\"} 1\n"),
              std::string::npos);
}

TEST(StatusRender, HtmlShowsAScriptUserAgentAsText) {
    const std::string page = html(hostile_snapshot());
    EXPECT_EQ(page.find("<script"), std::string::npos);
    EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(StatusRender, HtmlEscapesEveryRequestString) {
    const std::string page = html(hostile_snapshot());
    // Markup only ever comes from the renderer: the hostile <i>, <b>, </td> and
    // quotes never appear raw, and the literal "&amp;" is itself escaped.
    EXPECT_EQ(page.find("<i>"), std::string::npos);
    EXPECT_EQ(page.find("<b>Evil"), std::string::npos);
    EXPECT_EQ(page.find("\"q\""), std::string::npos);
    EXPECT_EQ(page.find("'a'"), std::string::npos);
    EXPECT_EQ(count(page, "</td>"), count(page, "<td"));
    EXPECT_NE(page.find("&lt;/td&gt;&amp;amp;"), std::string::npos);
    EXPECT_NE(page.find("&quot;q&quot; &#39;a&#39; \\back\\"), std::string::npos);
}

TEST(StatusRender, HtmlIsValidUtf8WithControlsMadeVisible) {
    const std::string page = html(hostile_snapshot());
    EXPECT_TRUE(is_valid_utf8(page));
    for (const char c : page) {
        const auto byte = static_cast<unsigned char>(c);
        EXPECT_TRUE(byte >= 0x20 || c == '\n') << "raw control byte " << int(byte);
        EXPECT_NE(byte, 0x7F);
    }
    EXPECT_NE(page.find("\xE2\x90\x8D\xE2\x90\x8A" "next"), std::string::npos);  // ␍␊next
    EXPECT_NE(page.find("\xEF\xBF\xBD\xEF\xBF\xBD \xF0\x9F\x8E\xA8"), std::string::npos);
}

TEST(StatusRender, HtmlEscapesTheAgentFilter) {
    StatusView view;
    view.agent_filter = "\"><script>x</script>";
    const std::string page = html(sample_snapshot(), view);
    EXPECT_EQ(page.find("<script"), std::string::npos);
    EXPECT_NE(page.find("<b>&quot;&gt;&lt;script&gt;x&lt;/script&gt;</b>"), std::string::npos);
    EXPECT_NE(page.find("<option value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\" selected>"),
              std::string::npos);
}

TEST(StatusRender, HtmlFilterLinksPercentEncodeTheAgent) {
    const std::string page = html(hostile_snapshot());
    EXPECT_NE(page.find("href=\"?agent=Evil%22Bot%5C%0A%3Cb%3E%FF&amp;limit=50#recent\""),
              std::string::npos);
}

TEST(StatusRender, JsonStaysValidAndFaithfulForHostileBytes) {
    const Json doc = json(hostile_snapshot());
    const Json& r = doc["records"][0];
    std::string expected = kHostile;  // the two ill-formed bytes, each replaced once
    expected.replace(expected.find("\xFF\xC3"), 2, "\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(r["user_agent"].text, expected);
    EXPECT_EQ(r["uri"].text, expected);
    EXPECT_EQ(r["agent"].text, "Evil\"Bot\\\n<b>\xEF\xBF\xBD");
    EXPECT_EQ(doc["agents"][0]["agent"].text, r["agent"].text);
    EXPECT_EQ(doc["zone"].text, "z\"o\\ne\n<i>");
}

TEST(StatusRender, JsonStaysValidForEveryByte) {
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    Snapshot s = hostile_snapshot();
    set(s.records[0].user_agent, all.substr(0, kUserAgentBytes));
    set(s.records[0].uri, all.substr(128) + all.substr(0, 128));
    const std::string text = render_status_json(s, {});
    EXPECT_TRUE(is_valid_utf8(text));
    const Json doc = parse_json(text);
    EXPECT_EQ(doc["records"][0]["user_agent"].text.substr(0, 0x80), all.substr(0, 0x80));
}

TEST(StatusRender, PrometheusKeepsHostileLabelsOnOneLine) {
    const std::string text = render_status_prometheus(hostile_snapshot());
    EXPECT_TRUE(is_valid_utf8(text));
    EXPECT_NE(text.find("noai_denied_total{zone=\"z\\\"o\\\\ne\\n<i>\",agent=\"Evil\\\"Bot\\\\\\n"
                        "<b>\xEF\xBF\xBD\",purpose=\"training\"} 1\n"),
              std::string::npos)
        << text;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        EXPECT_TRUE(line.rfind("# ", 0) == 0 || line.rfind("noai_", 0) == 0) << line;
}

TEST(StatusRender, PrometheusMergesAgentsWhoseLabelsEscapeAlike) {
    Snapshot s = sample_snapshot();
    s.agents = {make_agent("Bot\xFF", 1, 0, kNow, kNow), make_agent("Bot\xFE", 2, 1, kNow, kNow)};
    const std::string text = render_status_prometheus(s);
    EXPECT_EQ(count(text, "noai_denied_total{"), 1u);
    EXPECT_NE(text.find("agent=\"Bot\xEF\xBF\xBD\",purpose=\"training\"} 3\n"), std::string::npos) << text;
}

// promtool (Debian package "prometheus") is the format's own checker.
TEST(StatusRender, PrometheusOutputPassesPromtool) {
    if (std::system("command -v promtool >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "promtool not installed (apt-get install prometheus)";
    Snapshot other = sample_snapshot();
    other.agents.push_back(make_agent("(other)", 5, 2, kNow, kNow));
    const std::pair<const char*, Snapshot> cases[] = {
        {"sample", sample_snapshot()}, {"hostile", hostile_snapshot()},
        {"empty", Snapshot{}}, {"other", other}, {"purposes", purposes_snapshot()}};
    for (const auto& [name, snapshot] : cases) {
        const std::string path = testing::TempDir() + "noai_status_" + name + ".prom";
        std::ofstream(path, std::ios::binary) << render_status_prometheus(snapshot);
        const std::string command = "promtool check metrics < '" + path + "' 2>&1";
        EXPECT_EQ(std::system(command.c_str()), 0) << name << ": " << read_file(path);
    }
}

// ---- what is shown -------------------------------------------------------------

TEST(StatusRender, RecordsAreNewestFirst) {
    EXPECT_EQ(sequences(json(sample_snapshot())), (std::vector<std::uint64_t>{4, 3, 2, 1}));
    const std::string page = html(sample_snapshot());
    EXPECT_LT(page.find("heron.jpg"), page.find("/<wbr>about"));
    EXPECT_LT(page.find("/<wbr>about"), page.find("fox.png"));
}

TEST(StatusRender, AgentFilterIsExactAndCaseInsensitive) {
    StatusView view;
    view.agent_filter = "gptbot";
    EXPECT_EQ(sequences(json(sample_snapshot(), view)), (std::vector<std::uint64_t>{4, 1}));
    view.agent_filter = "GPT";
    EXPECT_TRUE(json(sample_snapshot(), view)["records"].items.empty());
}

TEST(StatusRender, AgentFilterLeavesAgentsAndTotalsWhole) {
    StatusView view;
    view.agent_filter = "CCBot";
    const Json doc = json(sample_snapshot(), view);
    EXPECT_EQ(doc["agents"].size(), 3u);
    EXPECT_EQ(doc["records_held"].text, "4");
    EXPECT_EQ(doc["totals"]["denied"].text, "3");
}

TEST(StatusRender, LimitBoundsTheRecordsShownNewestFirst) {
    StatusView view;
    view.limit = 2;
    EXPECT_EQ(sequences(json(sample_snapshot(), view)), (std::vector<std::uint64_t>{4, 3}));
    view.agent_filter = "GPTBot";
    view.limit = 1;
    EXPECT_EQ(sequences(json(sample_snapshot(), view)), (std::vector<std::uint64_t>{4}));
    const std::string page = html(sample_snapshot(), view);
    EXPECT_EQ(count(page, "<tr><td data-label=\"Time\""), 1u);
    EXPECT_NE(page.find("Showing 1 of the 4 requests"), std::string::npos);
}

TEST(StatusRender, RecordsHeldComeFromTheRingNotFromWhatWasCopied) {
    // The glue's snapshot holds only the records shown; the counts say how
    // many the ring holds.
    Snapshot s = sample_snapshot();
    s.records.resize(2);
    s.records_held = 812;
    EXPECT_EQ(json(s)["records_held"].text, "812");
    EXPECT_NE(html(s).find("Showing 2 of the 812 requests"), std::string::npos);
    EXPECT_NE(render_status_prometheus(s).find("noai_ring_records{zone=\"portfolio\"} 812\n"),
              std::string::npos);
}

TEST(StatusRender, AFilterThatCopiedNothingIsNotAnEmptyZone) {
    Snapshot s = sample_snapshot();
    s.records.clear();  // ?agent=Bytespider matched none of the 4 held
    StatusView view;
    view.agent_filter = "Bytespider";
    const std::string page = html(s, view);
    EXPECT_NE(page.find("No remembered request matches this agent."), std::string::npos);
    EXPECT_EQ(page.find("Nothing here yet."), std::string::npos);
}

TEST(StatusLimit, ParsesDigitsAndCapsAtTheMaximumHoweverLong) {
    EXPECT_EQ(parse_status_limit(""), kDefaultStatusLimit);
    EXPECT_EQ(parse_status_limit("0"), 0u);
    EXPECT_EQ(parse_status_limit("7"), 7u);
    EXPECT_EQ(parse_status_limit("0020"), 20u);
    EXPECT_EQ(parse_status_limit("1000"), kMaxStatusLimit);
    EXPECT_EQ(parse_status_limit("1001"), kMaxStatusLimit);
    EXPECT_EQ(parse_status_limit("100000000000000000000"), kMaxStatusLimit);  // 10^20
    EXPECT_EQ(parse_status_limit(std::string(5000, '9')), kMaxStatusLimit);
}

TEST(StatusLimit, AnythingButDigitsGivesTheDefault) {
    for (const char* text : {"-1", "+5", "ten", "5x", " 5", "1e3", "0x10"})
        EXPECT_EQ(parse_status_limit(text), kDefaultStatusLimit) << text;
}

TEST(StatusRender, HtmlShowsTheActiveFilterWithALinkToClearIt) {
    StatusView view;
    view.agent_filter = "CCBot";
    view.limit = 20;
    const std::string page = html(sample_snapshot(), view);
    EXPECT_NE(page.find("Only <b>CCBot</b> \xC2\xB7 <a href=\"?limit=20#recent\">show every "
                        "agent</a>"),
              std::string::npos);
    EXPECT_NE(page.find("<option value=\"CCBot\" selected>CCBot</option>"), std::string::npos);
    EXPECT_EQ(html(sample_snapshot()).find("show every agent"), std::string::npos);
}

TEST(StatusRender, AgentsAreSortedByActivityThenLastSeen) {
    Snapshot s = sample_snapshot();
    s.agents = {
        make_agent("Quiet", 1, 0, 0, kNow - 10 * kMinute),
        make_agent("(other)", 9, 9, 0, kNow),
        make_agent("Busy", 4, 3, 0, kNow - 99 * kMinute),
        make_agent("Recent", 0, 1, 0, kNow - kMinute),
        make_agent("Reporter", 0, 5, 0, kNow - 50 * kMinute),
    };
    const Json doc = json(s);
    std::vector<std::string> order;
    for (const Json& a : doc["agents"].items) order.push_back(a["agent"].text);
    EXPECT_EQ(order,
              (std::vector<std::string>{"Busy", "Reporter", "Recent", "Quiet", "(other)"}));
    const std::string page = html(s);
    EXPECT_LT(page.find(">Busy<"), page.find(">Reporter<"));
    EXPECT_LT(page.find(">Recent<"), page.find(">Quiet<"));
    EXPECT_LT(page.find(">Quiet<"), page.find("Others<span"));
}

TEST(StatusRender, TruncatedFieldsAreListedInJsonAndMarkedInHtml) {
    const Json doc = json(sample_snapshot());
    EXPECT_EQ(doc["records"][0]["truncated"].size(), 1u);
    EXPECT_EQ(doc["records"][0]["truncated"][0].text, "uri");
    EXPECT_EQ(doc["records"][1]["truncated"].size(), 0u);
    const std::string page = html(sample_snapshot());
    EXPECT_EQ(count(page, "<span class=\"cut\" title=\"cut short\">\xE2\x80\xA6</span>"), 1u);
    EXPECT_NE(page.find(std::string(kUriBytes - 9, 'a') + "<span class=\"cut\""),
              std::string::npos);
}

TEST(StatusRender, HtmlHintsHowLongAgo) {
    const std::string page = html(sample_snapshot());
    EXPECT_NE(page.find("2 min ago"), std::string::npos);
    EXPECT_NE(page.find("1 hour ago"), std::string::npos);
    EXPECT_NE(page.find("3 days ago"), std::string::npos);
    StatusView coarse_clock;  // whole seconds, behind a record made this second
    coarse_clock.now_ms = kNow - kNow % 1000;
    EXPECT_NE(render_status_html(hostile_snapshot(), coarse_clock).find("just now"),
              std::string::npos);
    StatusView no_clock;
    EXPECT_EQ(render_status_html(sample_snapshot(), no_clock).find(" ago<"), std::string::npos);
}

TEST(StatusRender, EmptyZoneSaysSoInEveryFormat) {
    Snapshot empty;
    empty.zone = "fresh";
    empty.capacity = 100;
    const std::string page = html(empty);
    EXPECT_NE(page.find("No AI crawler has come by yet."), std::string::npos);
    EXPECT_NE(page.find("Nothing here yet."), std::string::npos);
    EXPECT_EQ(page.find("<table"), std::string::npos);
    EXPECT_EQ(page.find("<form"), std::string::npos);  // nothing to filter yet

    const Json doc = json(empty);
    EXPECT_EQ(doc["zone"].text, "fresh");
    EXPECT_EQ(doc["records_held"].text, "0");
    EXPECT_EQ(doc["agents"].kind, Json::Kind::array);
    EXPECT_EQ(doc["agents"].size(), 0u);
    EXPECT_EQ(doc["records"].size(), 0u);

    const std::string metrics = render_status_prometheus(empty);
    EXPECT_NE(metrics.find("# TYPE noai_denied_total counter\n# HELP noai_reported_total"),
              std::string::npos);
    EXPECT_NE(metrics.find("noai_ring_records{zone=\"fresh\"} 0\n"), std::string::npos);
    EXPECT_NE(metrics.find("noai_ring_capacity{zone=\"fresh\"} 100\n"), std::string::npos);
}

TEST(StatusRender, NoMatchingRecordSaysSo) {
    StatusView view;
    view.agent_filter = "Bytespider";
    EXPECT_NE(html(sample_snapshot(), view).find("No remembered request matches this agent."),
              std::string::npos);
}

// ---- the page's safety -------------------------------------------------------------

TEST(StatusRender, HtmlIsSelfContainedWithoutScript) {
    for (const Snapshot& s : {sample_snapshot(), Snapshot{}}) {
        const std::string page = html(s);
        EXPECT_EQ(page.find("<script"), std::string::npos);
        EXPECT_EQ(page.find(" src="), std::string::npos);
        EXPECT_EQ(page.find(" style="), std::string::npos);  // the CSP hash covers <style> only
        EXPECT_FALSE(std::regex_search(page, std::regex("<[^>]*\\son[a-z]+=")));  // no handlers
        EXPECT_EQ(count(page, "<style>"), 1u);
        for (std::size_t at = page.find("href=\""); at != std::string::npos;
             at = page.find("href=\"", at + 1)) {
            const char first = page[at + 6];
            EXPECT_TRUE(first == '?' || page.compare(at + 6, 5, "data:") == 0)
                << page.substr(at, 40);
        }
    }
}

TEST(StatusRender, HtmlIsReadyForPhones) {
    const std::string page = html(sample_snapshot());
    EXPECT_NE(page.find("<meta name=\"viewport\" content=\"width=device-width, "
                        "initial-scale=1\">"),
              std::string::npos);
    EXPECT_NE(page.find("@media (max-width:"), std::string::npos);
    EXPECT_NE(page.find("@media (prefers-color-scheme:dark)"), std::string::npos);
    EXPECT_NE(page.find("overflow-x:auto"), std::string::npos);
}

TEST(StatusRender, CspHashMatchesTheStyleBlock) {
    const std::string page = html(sample_snapshot());
    const std::string_view style = inner_style(page);
    ASSERT_FALSE(style.empty());
    const std::string expected = "style-src 'sha256-" + sha256_base64(style) + "'";
    EXPECT_NE(status_html_csp().find(expected), std::string_view::npos)
        << "update kCsp in noai_status_render.cpp to: " << expected;
    EXPECT_EQ(inner_style(html(Snapshot{})), style);
}

TEST(StatusRender, CspAllowsNoScriptNoFetchesAndNoFraming) {
    const std::string_view csp = status_html_csp();
    EXPECT_EQ(csp.rfind("default-src 'none'; ", 0), 0u);
    EXPECT_EQ(csp.find("script-src"), std::string_view::npos);
    EXPECT_EQ(csp.find("unsafe"), std::string_view::npos);
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string_view::npos);
    EXPECT_NE(csp.find("form-action 'self'"), std::string_view::npos);
    EXPECT_NE(csp.find("base-uri 'none'"), std::string_view::npos);
    EXPECT_NE(csp.find("img-src data:"), std::string_view::npos);  // the data: favicon
}

// ---- choosing the format -------------------------------------------------------------

TEST(ContentNegotiation, ChoosesByAcceptHeader) {
    const std::pair<std::string_view, StatusFormat> cases[] = {
        {"", StatusFormat::html},     // no Accept
        {"*/*", StatusFormat::html},  // curl
        {"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
         "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
         StatusFormat::html},  // Chromium
        {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
         StatusFormat::html},  // Firefox
        {"application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
         "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
         StatusFormat::prometheus},  // Prometheus 2.x
        {"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
         "encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,"
         "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,"
         "*/*;q=0.1",
         StatusFormat::prometheus},  // Prometheus 2.x, protobuf negotiation on
        {"application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
         "application/openmetrics-text;version=0.0.1;escaping=allow-utf-8;q=0.5,"
         "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
         "text/plain;version=0.0.4;escaping=allow-utf-8;q=0.3,*/*;q=0.2",
         StatusFormat::prometheus},  // Prometheus 3.x
        {"text/plain;version=0.0.4", StatusFormat::prometheus},
        {"text/plain", StatusFormat::prometheus},
        {"application/json", StatusFormat::json},
        {"application/json, text/plain, */*", StatusFormat::json},  // axios and friends
        {"Application/JSON; charset=utf-8", StatusFormat::json},
        {"application/*", StatusFormat::json},
        {"text/*", StatusFormat::html},
        {"image/png", StatusFormat::html},  // nothing we have: the page
    };
    for (const auto& [accept, expected] : cases)
        EXPECT_EQ(choose_status_format("", accept), expected) << accept;
}

TEST(ContentNegotiation, WeighsQValues) {
    const std::pair<std::string_view, StatusFormat> cases[] = {
        {"text/html;q=0.5, application/json", StatusFormat::json},
        {"application/json;q=0.9, text/html;q=0.9", StatusFormat::html},  // tie: html
        {"application/json;q=0.5, text/plain ; q=0.6", StatusFormat::prometheus},
        {"text/html;q=0, */*", StatusFormat::json},            // refused; next preferred
        {"*/*;q=0.1, text/plain;q=1.000", StatusFormat::prometheus},
        {"application/json;q=0.75000", StatusFormat::json},    // long fraction
        {"application/json;q=2", StatusFormat::html},          // malformed q: range ignored
        {"application/json;q=abc", StatusFormat::html},
        {"application/json;q=0", StatusFormat::html},          // nothing acceptable: the page
        {"text/*;q=0.2, text/html;q=0.1, application/json;q=0.15", StatusFormat::prometheus},
    };
    for (const auto& [accept, expected] : cases)
        EXPECT_EQ(choose_status_format("", accept), expected) << accept;
}

TEST(ContentNegotiation, ToleratesMalformedAcceptHeaders) {
    for (std::string_view accept : {",,,", "json", "/", ";q=1", "text/", "\xFF/\xFF", "*/;q=1"})
        EXPECT_EQ(choose_status_format("", accept), StatusFormat::html) << accept;
    for (std::string_view accept : {" , application/json ;", "application/json;=;q"})
        EXPECT_EQ(choose_status_format("", accept), StatusFormat::json) << accept;
}

TEST(ContentNegotiation, FormatArgumentOverridesAccept) {
    const std::string_view browser = "text/html,*/*;q=0.8";
    EXPECT_EQ(choose_status_format("json", browser), StatusFormat::json);
    EXPECT_EQ(choose_status_format("prometheus", browser), StatusFormat::prometheus);
    EXPECT_EQ(choose_status_format("HTML", "application/json"), StatusFormat::html);
}

TEST(ContentNegotiation, UnknownFormatArgumentIsRejected) {
    for (std::string_view format : {"xml", "prom", "metrics", "json ", "htm", "openmetrics"})
        EXPECT_EQ(choose_status_format(format, "*/*"), std::nullopt) << format;
}

TEST(ContentNegotiation, ContentTypesNameTheFormatAndCharset) {
    EXPECT_EQ(status_content_type(StatusFormat::html), "text/html; charset=utf-8");
    EXPECT_EQ(status_content_type(StatusFormat::json), "application/json");
    EXPECT_EQ(status_content_type(StatusFormat::prometheus),
              "text/plain; version=0.0.4; charset=utf-8");
}

// ---- purposes, decoys and the hourly chart --------------------------------------

TEST(StatusRender, JsonHasPurposesDecoysAndTheLast48Hours) {
    StatusView view;
    view.now_ms = kNow;
    const Json doc = json(purposes_snapshot(), view);
    EXPECT_EQ(doc["totals"]["decoyed"].text, "1");
    EXPECT_EQ(doc["totals"]["turned_away_by_purpose"]["training"].text, "4");
    EXPECT_EQ(doc["totals"]["turned_away_by_purpose"]["ai-input"].text, "1");
    EXPECT_EQ(doc["totals"]["turned_away_by_purpose"]["search"].text, "0");
    EXPECT_EQ(doc["records"][0]["action"].text, "decoyed");
    EXPECT_EQ(doc["records"][0]["purpose"].text, "training");
    EXPECT_EQ(doc["records"][1]["purpose"].text, "ai-input");
    bool chatgpt = false;
    for (const Json& a : doc["agents"].items) {
        if (a["agent"].text == "ChatGPT-User") {
            chatgpt = true;
            EXPECT_EQ(a["purpose"].text, "ai-input");
        }
        if (a["agent"].text == "GPTBot") {
            EXPECT_EQ(a["decoyed"].text, "1");
        }
    }
    EXPECT_TRUE(chatgpt);
    const Json& hourly = doc["hourly"];
    ASSERT_EQ(hourly.size(), 48u);
    EXPECT_EQ(hourly[47]["hour"].text, "2026-11-25T11:00:00.000Z");   // the hour of kNow
    EXPECT_EQ(hourly[0]["hour"].text, "2026-11-23T12:00:00.000Z");
    EXPECT_EQ(hourly[47]["training"].text, "2");    // the decoyed GPTBot and the long-URI one
    EXPECT_EQ(hourly[47]["ai-input"].text, "1");
    EXPECT_EQ(hourly[46]["training"].text, "1");    // CCBot, at 10:06
    EXPECT_EQ(hourly[45]["training"].text, "0");
}

TEST(StatusRender, PrometheusHasDecoyedAndPurposeSeries) {
    const std::string text = render_status_prometheus(purposes_snapshot());
    EXPECT_NE(text.find("noai_decoyed_total{zone=\"portfolio\",agent=\"GPTBot\",purpose=\"training\"} 1\n"),
              std::string::npos) << text;
    EXPECT_NE(text.find("noai_denied_total{zone=\"portfolio\",agent=\"ChatGPT-User\",purpose=\"ai-input\"} 1\n"),
              std::string::npos) << text;
    EXPECT_NE(text.find("noai_turned_away_total{zone=\"portfolio\",purpose=\"ai-input\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("noai_turned_away_total{zone=\"portfolio\",purpose=\"search\"} 0\n"), std::string::npos);
}

TEST(StatusRender, HtmlShowsTheChartPurposesAndDecoysAndWhatIsRefused) {
    StatusView view;
    view.now_ms = kNow;
    const std::string page = html(purposes_snapshot(), view);
    EXPECT_NE(page.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
    EXPECT_NE(page.find("<title>2026-11-25 11:00 UTC: 2 training, 1 ai-input</title>"), std::string::npos);
    EXPECT_NE(page.find("<span class=\"badge decoyed\">decoyed</span>"), std::string::npos);
    EXPECT_NE(page.find("token:ChatGPT-User \xC2\xB7 ai-input"), std::string::npos);
    EXPECT_NE(page.find("<span class=\"swatch p-ai-input\"></span> ai-input</span>"), std::string::npos);
    EXPECT_NE(page.find("<td class=\"n\">3<span class=\"sub\">1 decoyed</span>"), std::string::npos);  // GPTBot
    EXPECT_NE(page.find("are turned away too"), std::string::npos);
    view.ai_input = true;
    EXPECT_NE(html(purposes_snapshot(), view).find("are let through here"), std::string::npos);
    EXPECT_EQ(page.find(" style="), std::string::npos);  // the CSP hash covers <style> only
}

TEST(StatusRenderClaims, ImpostorsAndImpersonationsByClaimedAgent) {
    Snapshot s = sample_snapshot();
    AgentStats googlebot = make_agent("Googlebot", 3, 1, 1000, 2000);
    googlebot.impostors = 4;
    googlebot.verified = 9;
    AgentStats chrome = make_agent("Chrome", 0, 2, 1000, 2000);
    chrome.impersonations = 2;
    s.agents.push_back(googlebot);
    s.agents.push_back(chrome);

    const std::string prom = render_status_prometheus(s);
    EXPECT_NE(prom.find("# TYPE noai_impostors_total counter\n"), std::string::npos);
    EXPECT_NE(prom.find("noai_impostors_total{zone=\"portfolio\",agent=\"Googlebot\"} 4\n"), std::string::npos) << prom;
    EXPECT_NE(prom.find("noai_impersonations_total{zone=\"portfolio\",agent=\"Chrome\"} 2\n"), std::string::npos) << prom;
    EXPECT_EQ(prom.find("noai_impostors_total{zone=\"portfolio\",agent=\"Chrome\"}"), std::string::npos)
        << "no series for agents without a false claim";

    const Json j = json(s);
    bool seen = false;
    for (const Json& a : j["agents"].items) {
        if (a["agent"].text != "Googlebot") continue;
        seen = true;
        EXPECT_EQ(a["impostors"].text, "4");
        EXPECT_EQ(a["impersonations"].text, "0");
        EXPECT_EQ(a["verified"].text, "9");
    }
    EXPECT_TRUE(seen);

    const std::string page = html(s);
    EXPECT_NE(page.find("4 impostors (wrong address)"), std::string::npos);
    EXPECT_NE(page.find("2 without a browser's headers"), std::string::npos);
    EXPECT_NE(page.find("9 verified, served"), std::string::npos);
    EXPECT_NE(prom.find("noai_verified_total{zone=\"portfolio\",agent=\"Googlebot\"} 9\n"), std::string::npos) << prom;
}

}  // namespace
}  // namespace noai
