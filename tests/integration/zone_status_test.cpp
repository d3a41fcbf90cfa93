// The denial ring in shared memory and the status endpoint, against a real
// nginx with several workers: exact counts under concurrency, reloads, zones
// kept apart, the three formats, and hostile requests shown safely.

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "json_checker.hpp"
#include "nginx_test.hpp"

namespace noai_test {
namespace {

const std::string kGptBot = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)";


HttpResponse get_as(std::uint16_t port, const std::string& user_agent, const std::string& path = "/image.png") {
    return get(port, path, {{"User-Agent", user_agent}, {"Accept", "*/*"}});
}

Json status_json(std::uint16_t port, const std::string& query = "") {
    const HttpResponse response = get(port, "/noai/status?format=json" + query);
    EXPECT_EQ(response.status, 200);
    return parse_json(response.body);
}

unsigned long long number(const Json& value) { return std::stoull(value.text); }

// Sends `total` denied requests over `connections` parallel connections.
void flood(std::uint16_t port, int connections, int total) {
    std::atomic<int> next{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; c++) {
        threads.emplace_back([&] {
            while (next.fetch_add(1) < total) EXPECT_EQ(get_as(port, kGptBot).status, 403);
        });
    }
    for (auto& t : threads) t.join();
}

class ZoneStatus : public NginxTest {};

NginxOptions workers(int count) {
    NginxOptions options;
    options.worker_processes = count;
    return options;
}

TEST_F(ZoneStatus, ConcurrentDenialsFromFourWorkersAreCountedExactly) {
    start(zone_server(), workers(4));
    flood(port(), 8, 400);
    const Json status = status_json(port(), "&limit=1000");
    EXPECT_EQ(number(status["totals"]["denied"]), 400u);
    EXPECT_EQ(number(status["records_held"]), 400u);
    EXPECT_EQ(status["records"].size(), 400u);
    EXPECT_EQ(number(status["totals"]["overwritten"]), 0u);
    ASSERT_EQ(status["agents"].size(), 1u);
    EXPECT_EQ(status["agents"][0]["agent"].text, "GPTBot");
    EXPECT_EQ(number(status["agents"][0]["denied"]), 400u);
    // Sequence numbers are unique and complete: no record lost or doubled.
    std::vector<bool> seen(401, false);
    for (const Json& record : status["records"].items) {
        const auto sequence = number(record["sequence"]);
        ASSERT_TRUE(sequence >= 1 && sequence <= 400);
        EXPECT_FALSE(seen[sequence]);
        seen[sequence] = true;
    }
}

TEST_F(ZoneStatus, BeyondCapacityTheOldestAreOverwrittenAndCounted) {
    start(zone_server("64k"), workers(4));
    const auto capacity = number(status_json(port())["capacity"]);
    ASSERT_GT(capacity, 8u);
    flood(port(), 4, static_cast<int>(capacity) + 25);
    const Json status = status_json(port(), "&limit=1");
    EXPECT_EQ(number(status["records_held"]), capacity);
    EXPECT_EQ(number(status["totals"]["denied"]), capacity + 25);
    EXPECT_EQ(number(status["totals"]["overwritten"]), 25u);
    EXPECT_EQ(number(status["records"][0]["sequence"]), capacity + 25);   // newest first
}

TEST_F(ZoneStatus, ReportModeIsRecordedAsReported) {
    start(zone_server("1m", "location /watch/ { noai_block report; alias ${PREFIX}/html/; }"));
    EXPECT_EQ(get_as(port(), "ClaudeBot/1.0", "/watch/image.png").status, 200);
    const Json status = status_json(port());
    EXPECT_EQ(number(status["totals"]["reported"]), 1u);
    EXPECT_EQ(number(status["totals"]["denied"]), 0u);
    ASSERT_EQ(status["records"].size(), 1u);
    const Json& record = status["records"][0];
    EXPECT_EQ(record["action"].text, "reported");
    EXPECT_EQ(record["agent"].text, "ClaudeBot");
    EXPECT_EQ(record["reason"].text, "token:ClaudeBot");
    EXPECT_EQ(number(record["status"]), 200u);
    EXPECT_EQ(record["uri"].text, "/watch/image.png");
    EXPECT_EQ(record["method"].text, "GET");
    EXPECT_EQ(record["host"].text, "localhost");
}

TEST_F(ZoneStatus, HeadersAddedAreCounted) {
    start(zone_server());
    get(port(), "/image.png");
    get(port(), "/image.jpg");
    get(port(), "/page.html");
    EXPECT_EQ(number(status_json(port())["totals"]["headers_added"]), 2u);
}

TEST_F(ZoneStatus, RecordsSurviveAReloadThatChangesOtherConfig) {
    Nginx& server = start(zone_server(), workers(2));
    flood(port(), 2, 5);
    const Json before = status_json(port());
    server.reload(zone_server("1m", "location /new/ { return 204; }"));
    EXPECT_EQ(get(port(), "/new/").status, 204);   // the new config is live
    get_as(port(), kGptBot);
    const Json after = status_json(port());
    EXPECT_EQ(number(after["totals"]["denied"]), 6u);
    EXPECT_EQ(number(after["records_held"]), 6u);
    // The pseudonym key is kept: the same client has the same pseudonym.
    EXPECT_EQ(after["records"][0]["client"].text, before["records"][0]["client"].text);
}

TEST_F(ZoneStatus, ASizeChangeStartsAFreshZoneWithANotice) {
    Nginx& server = start(zone_server("1m"));
    flood(port(), 1, 3);
    server.reload(zone_server("2m"));
    const Json status = status_json(port());
    EXPECT_EQ(number(status["records_held"]), 0u);
    EXPECT_EQ(number(status["totals"]["denied"]), 0u);
    EXPECT_NE(server.error_log().find("noai_zone \"art\" changed size from"), std::string::npos);
}

TEST_F(ZoneStatus, TwoZonesAreKeptApart) {
    start(R"(
    noai_zone zone=alice:1m;
    noai_zone zone=bob:1m;
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
        noai_block on;
        location /alice/ { noai_log alice; alias ${PREFIX}/html/; }
        location /bob/ { noai_log bob; alias ${PREFIX}/html/; }
        location = /status/alice { noai_status zone=alice; }
        location = /status/bob { noai_status zone=bob; }
    })");
    get_as(port(), kGptBot, "/alice/image.png");
    get_as(port(), kGptBot, "/alice/image.jpg");
    get_as(port(), "CCBot/2.0", "/bob/image.png");
    const Json alice = parse_json(get(port(), "/status/alice?format=json").body);
    const Json bob = parse_json(get(port(), "/status/bob?format=json").body);
    EXPECT_EQ(alice["zone"].text, "alice");
    EXPECT_EQ(number(alice["totals"]["denied"]), 2u);
    EXPECT_EQ(bob["zone"].text, "bob");
    EXPECT_EQ(number(bob["totals"]["denied"]), 1u);
    EXPECT_EQ(bob["records"][0]["agent"].text, "CCBot");
}

TEST_F(ZoneStatus, AddressesArePseudonymousFullOrOff) {
    start(zone_server("1m", R"(
        location /full/ { noai_log_address full; alias ${PREFIX}/html/; }
        location /off/ { noai_log_address off; alias ${PREFIX}/html/; })"), workers(4));
    flood(port(), 4, 12);
    get_as(port(), kGptBot, "/full/image.png");
    get_as(port(), kGptBot, "/off/image.png");
    const Json status = status_json(port(), "&limit=100");
    const auto& records = status["records"].items;
    ASSERT_EQ(records.size(), 14u);
    EXPECT_EQ(records[0]["client"].text, "");
    EXPECT_EQ(records[1]["client"].text, "127.0.0.1");
    const std::string pseudonym = records[2]["client"].text;
    EXPECT_EQ(pseudonym.size(), 16u);
    EXPECT_EQ(pseudonym.find_first_not_of("0123456789abcdef"), std::string::npos);
    for (std::size_t i = 2; i < records.size(); i++) EXPECT_EQ(records[i]["client"].text, pseudonym);
}

TEST_F(ZoneStatus, RecordedAddressesAreTheOnesRealipSets) {
    start(zone_server("1m", R"(
        set_real_ip_from 127.0.0.1;
        real_ip_header X-Forwarded-For;
        noai_log_address full;)"));
    get(port(), "/image.png", {{"User-Agent", kGptBot}, {"X-Forwarded-For", "203.0.113.9"}});
    EXPECT_EQ(status_json(port())["records"][0]["client"].text, "203.0.113.9");
}

TEST_F(ZoneStatus, FormatsAreChosenByQueryThenAccept) {
    start(zone_server());
    get_as(port(), kGptBot);
    struct Case {
        std::string query, accept, content_type;
    };
    const Case cases[] = {
        {"?format=json", "text/html", "application/json"},
        {"?format=prometheus", "", "text/plain; version=0.0.4; charset=utf-8"},
        {"?format=html", "application/json", "text/html; charset=utf-8"},
        {"", "application/json", "application/json"},
        {"", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html; charset=utf-8"},
        {"", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
             "text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
         "text/plain; version=0.0.4; charset=utf-8"},
        {"", "*/*", "text/html; charset=utf-8"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.query + " / " + c.accept);
        std::vector<std::pair<std::string, std::string>> headers;
        if (!c.accept.empty()) headers.emplace_back("Accept", c.accept);
        const HttpResponse response = get(port(), "/noai/status" + c.query, headers);
        EXPECT_EQ(response.status, 200);
        EXPECT_EQ(response.header("Content-Type"), c.content_type);
        EXPECT_EQ(response.header("Cache-Control"), "no-store");
    }
    EXPECT_EQ(get(port(), "/noai/status?format=xml").status, 400);
}

TEST_F(ZoneStatus, HtmlPageIsSelfContainedUnderAStrictPolicy) {
    start(zone_server());
    get_as(port(), kGptBot);
    const HttpResponse page = get(port(), "/noai/status", {{"Accept", "text/html"}});
    EXPECT_EQ(page.status, 200);
    const std::string csp = page.header("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_EQ(page.body.find("<script"), std::string::npos);
    // Nothing is loaded from elsewhere: no stylesheets, images, fonts or frames.
    for (const char* external : {"<link rel=\"stylesheet", "src=", "url(", "@import", "<iframe"})
        EXPECT_EQ(page.body.find(external), std::string::npos) << external;
    EXPECT_NE(page.body.find("GPTBot"), std::string::npos);
    EXPECT_FALSE(page.has("X-Robots-Tag"));   // the page is not an image
}

TEST_F(ZoneStatus, OnlyGetAndHeadAreAllowed) {
    start(zone_server());
    Request post;
    post.method = "POST";
    post.path = "/noai/status";
    post.body = "x=1";
    EXPECT_EQ(send(port(), post).status, 405);
    Request head;
    head.method = "HEAD";
    head.path = "/noai/status?format=json";
    const HttpResponse response = send(port(), head);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "");
}

TEST_F(ZoneStatus, PrometheusOutputPassesPromtool) {
    start(zone_server());
    get_as(port(), kGptBot);
    get_as(port(), "CCBot/2.0 \"quoted\\agent\"");
    const std::string metrics = get(port(), "/noai/status?format=prometheus").body;
    EXPECT_NE(metrics.find("noai_denied_total{zone=\"art\",agent=\"GPTBot\",purpose=\"training\"} 1\n"), std::string::npos) << metrics;
    const std::string path = nginx().prefix() + "/metrics.txt";
    write_file(path, metrics);
    const int rc = std::system(("promtool check metrics < '" + path + "' > '" + path + ".out' 2>&1").c_str());
    EXPECT_EQ(rc, 0) << read_file(path + ".out");
}

TEST_F(ZoneStatus, HostileRequestsAreRecordedTruncatedAndShownSafely) {
    start(zone_server(), workers(2));
    const std::string script = "<script>alert(1)</script>";
    const std::string huge(8000, 'A');
    // nginx itself refuses control characters in header lines; every other byte gets through.
    const std::string binary("GPTBot \x7f\xff\xfe\xc3\x28\t\xe2\x82 end", 19);
    get_as(port(), "GPTBot " + script);
    get_as(port(), "GPTBot/1.0 " + huge);
    get_as(port(), binary);
    get_as(port(), "GPTBot", "/<script>alert(2)</script>.png?q=\"><img%20src=x%20onerror=alert(3)>");
    get_as(port(), "GPTBot", "/caf\xc3\xa9/\xff\xfe.png");

    const Json status = status_json(port());
    ASSERT_EQ(number(status["records_held"]), 5u);
    const Json& long_one = status["records"][3];
    EXPECT_EQ(long_one["user_agent"].text.size(), 384u);
    ASSERT_EQ(long_one["truncated"].size(), 1u);
    EXPECT_EQ(long_one["truncated"][0].text, "user_agent");
    EXPECT_EQ(status["records"][4]["user_agent"].text, "GPTBot " + script);

    const std::string html = get(port(), "/noai/status?format=html").body;
    EXPECT_TRUE(is_valid_utf8(html));
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);

    const std::string metrics = get(port(), "/noai/status?format=prometheus").body;
    EXPECT_TRUE(is_valid_utf8(metrics));
    // The ring is intact: new records keep arriving and counting.
    get_as(port(), kGptBot);
    EXPECT_EQ(number(status_json(port())["records_held"]), 6u);
}

TEST_F(ZoneStatus, AgentFilterAndLimitApply) {
    start(zone_server());
    for (int i = 0; i < 3; i++) get_as(port(), kGptBot);
    get_as(port(), "CCBot/2.0");
    const Json gpt = status_json(port(), "&agent=gptbot");
    EXPECT_EQ(gpt["records"].size(), 3u);
    const Json limited = status_json(port(), "&limit=2");
    EXPECT_EQ(limited["records"].size(), 2u);
    EXPECT_EQ(limited["records"][0]["agent"].text, "CCBot");
}

TEST_F(ZoneStatus, AHugeLimitIsCappedNotIgnored) {
    start(zone_server(), workers(2));
    flood(port(), 4, 60);
    // 10^20 does not fit any integer: it means "as many as allowed", like 1001.
    EXPECT_EQ(status_json(port(), "&limit=100000000000000000000")["records"].size(), 60u);
    EXPECT_EQ(status_json(port(), "&limit=1001")["records"].size(), 60u);
    EXPECT_EQ(status_json(port(), "&limit=x")["records"].size(), 50u);  // not a number: the default
}

TEST_F(ZoneStatus, AFilterMatchingNothingStillReportsWhatTheZoneHolds) {
    start(zone_server());
    for (int i = 0; i < 3; i++) get_as(port(), kGptBot);
    const Json none = status_json(port(), "&agent=Bytespider");
    EXPECT_EQ(none["records"].size(), 0u);
    EXPECT_EQ(number(none["records_held"]), 3u);
    const std::string page = get(port(), "/noai/status?format=html&agent=Bytespider").body;
    EXPECT_NE(page.find("No remembered request matches this agent."), std::string::npos);
    EXPECT_NE(get(port(), "/noai/status?format=prometheus").body.find("noai_ring_records{zone=\"art\"} 3\n"),
              std::string::npos);
}

TEST_F(ZoneStatus, DenialsAreAllRecordedWhileAFullZoneIsScrapedInALoop) {
    // Every status request takes the zone lock that each denial needs. While
    // scrapers fetch every format of a full zone without pause, each denied
    // request must still be counted (no timing asserted: bench/run measures
    // how long the lock is held).
    start(zone_server("4m"), workers(2));
    const auto capacity = number(status_json(port())["capacity"]);
    ASSERT_GT(capacity, 3000u);
    const int fill = static_cast<int>(capacity) + 100;
    flood(port(), 8, fill);
    ASSERT_EQ(number(status_json(port(), "&limit=1")["records_held"]), capacity);  // full

    std::atomic<bool> denying{true};
    std::atomic<int> scrapes{0}, failed_scrapes{0};
    const char* queries[] = {"?format=prometheus", "?format=json&limit=1000", "?format=html&limit=1000",
                             "?format=json&agent=Bytespider&limit=1000", "?format=html&agent=gptbot"};
    std::vector<std::thread> scrapers;
    for (int t = 0; t < 2; t++) {
        scrapers.emplace_back([&, t] {
            for (int i = t; denying.load(); i++) {
                const HttpResponse response = get(port(), std::string("/noai/status") + queries[i % 5]);
                (response.status == 200 ? scrapes : failed_scrapes).fetch_add(1);
            }
        });
    }
    const int denied_while_scraping = 1500;
    flood(port(), 6, denied_while_scraping);
    denying = false;
    for (auto& t : scrapers) t.join();

    EXPECT_GT(scrapes.load(), 5);
    EXPECT_EQ(failed_scrapes.load(), 0);
    const Json status = status_json(port(), "&limit=1");
    const unsigned long long total = static_cast<unsigned long long>(fill) + denied_while_scraping;
    EXPECT_EQ(number(status["totals"]["denied"]), total);
    EXPECT_EQ(number(status["agents"][0]["denied"]), total);
    EXPECT_EQ(number(status["records_held"]), capacity);
    EXPECT_EQ(number(status["totals"]["overwritten"]), total - capacity);
    EXPECT_EQ(number(status["records"][0]["sequence"]), total);  // no record lost either
}

struct BadZoneConfig {
    const char* name;
    const char* http_config;
    const char* expected_message;
};
void PrintTo(const BadZoneConfig& bad, std::ostream* out) { *out << bad.name; }

class ZoneConfigErrors : public ::testing::TestWithParam<BadZoneConfig> {};

TEST_P(ZoneConfigErrors, FailNginxTest) {
    const ConfigTestResult result = check_config(GetParam().http_config);
    EXPECT_NE(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find(GetParam().expected_message), std::string::npos) << result.output;
}

const BadZoneConfig kBadZoneConfigs[] = {
    {"UnknownZone", "server { listen 127.0.0.1:1; noai_log nosuch; }",
     "noai_log: unknown noai_zone \"nosuch\""},
    {"UnknownStatusZone", "noai_zone zone=a:1m; server { listen 127.0.0.1:1; location /s { noai_status zone=b; } }",
     "noai_status: unknown noai_zone \"b\""},
    {"DuplicateZone", "noai_zone zone=a:1m; noai_zone zone=a:2m;", "duplicate noai_zone \"a\""},
    {"TooSmall", "noai_zone zone=a:16k;", "noai_zone \"a\" is too small (16k)"},
    {"BadSize", "noai_zone zone=a:lots;", "invalid size \"lots\" in \"noai_zone\" directive"},
    {"NoZoneName", "noai_zone a:1m;", "invalid \"a:1m\" in \"noai_zone\" directive"},
    {"EmptyZoneName", "noai_zone zone=:1m;", "invalid \"zone=:1m\" in \"noai_zone\" directive"},
    // The name ends at the first colon, as in nginx's own zone=NAME:SIZE.
    {"ColonInZoneName", "noai_zone zone=a:b:1m;", "invalid size \"b:1m\" in \"noai_zone\" directive"},
    {"SameZoneTwiceWithOneSize", "noai_zone zone=a:1m; server { listen 127.0.0.1:1; noai_log a; } noai_zone zone=a:1m;",
     "duplicate noai_zone \"a\""},
    {"ZoneNameTakenByAnotherModuleAfterUse",
     "server { listen 127.0.0.1:1; noai_log a; } limit_req_zone $binary_remote_addr zone=a:1m rate=1r/s;",
     "is already declared for a different use"},
    {"StatusWithoutAnyZone", "server { listen 127.0.0.1:1; location /s { noai_status; } }",
     "no noai_zone is declared"},
    {"StatusWithSeveralZones",
     "noai_zone zone=a:1m; noai_zone zone=b:1m; server { listen 127.0.0.1:1; location /s { noai_status; } }",
     "several noai_zones are declared"},
    {"ZoneTakenByAnotherModule", "limit_req_zone $binary_remote_addr zone=a:1m rate=1r/s; noai_zone zone=a:1m;",
     "is already declared for a different use"},
};

INSTANTIATE_TEST_SUITE_P(Zones, ZoneConfigErrors, ::testing::ValuesIn(kBadZoneConfigs),
                         [](const auto& info) { return std::string(info.param.name); });

TEST_F(ZoneStatus, TheTooSmallMessagePromisesWhatA64kZoneHolds) {
    start(zone_server("64k"));
    const auto capacity = number(status_json(port())["capacity"]);
    // Its own prefix: check_config's would be the running server's, whose pid
    // file preparing it removes (the server could then not be stopped).
    const ConfigTestResult result = test_config(current_test_name() + ".check", "noai_zone zone=a:16k;");
    EXPECT_NE(result.output.find("it needs at least 64k (room for " + std::to_string(capacity) + " records)"),
              std::string::npos)
        << result.output;
}

TEST(ZoneConfig, ZonesMayBeNamedBeforeTheyAreDeclaredAndStatusFindsTheOnlyOne) {
    const ConfigTestResult result = test_config(current_test_name(), R"(
        server { listen 127.0.0.1:1; noai_log later; location /s { noai_status; } }
        noai_zone zone=later:1m;)");
    EXPECT_EQ(result.exit_code, 0) << result.output;
}

}  // namespace
}  // namespace noai_test
