// noai_verify and noai_impersonation in a real nginx: crawlers that claim a
// verified name from outside its ranges (realip applied, IPv4 and IPv6),
// verified crawlers served with $noai_verified, records with the reason, and
// scripts that claim a browser without its headers.
#include <string>

#include "nginx_test.hpp"

namespace noai_test {
namespace {

const std::string kGooglebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const std::string kChrome =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

std::string ranges(const std::string& file) { return source_dir() + "/tests/data/ranges/" + file; }

// Clients reach nginx from 127.0.0.1 and name their "real" address in
// X-Forwarded-For, as behind a proxy.
std::string verify_server(const std::string& extra = "") {
    return zone_server("1m", R"(
        set_real_ip_from 127.0.0.1;
        real_ip_header X-Forwarded-For;
        noai_verify Googlebot )" + ranges("googlebot.json") + R"(;
        noai_verify GPTBot )" + ranges("gptbot.json") + R"(;
        add_header X-Verified "$noai_verified" always;
        add_header X-Action "$noai_action" always;
        location /report/ { noai_block report; alias ${PREFIX}/html/; }
        )" + extra);
}

class Impostors : public NginxTest {
protected:
    HttpResponse from(const std::string& address, const std::string& user_agent, const std::string& path = "/image.png") {
        return get(port(), path, {{"User-Agent", user_agent}, {"X-Forwarded-For", address}});
    }
};

TEST_F(Impostors, AClaimFromOutsideTheRangesIsDeniedAndRecorded) {
    start(verify_server());
    const HttpResponse r = from("203.0.113.7", kGooglebot);
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(from("2001:db8::7", kGooglebot).status, 403);
    const HttpResponse status = get(port(), "/noai/status?format=json");
    EXPECT_NE(status.body.find("\"reason\":\"impostor:ip\""), std::string::npos) << status.body;
    EXPECT_NE(status.body.find("\"agent\":\"Googlebot\""), std::string::npos) << status.body;
    EXPECT_NE(status.body.find("\"impostors\":2"), std::string::npos) << status.body;
    const HttpResponse metrics = get(port(), "/noai/status?format=prometheus");
    EXPECT_NE(metrics.body.find("noai_impostors_total{zone=\"art\",agent=\"Googlebot\"} 2\n"), std::string::npos)
        << metrics.body;
}

TEST_F(Impostors, AClaimFromInsideIsServedAndNamedInNoaiVerified) {
    start(verify_server());
    for (const std::string address : {"66.249.66.1", "66.249.64.31", "2001:4860:4801:10::1"}) {
        const HttpResponse r = from(address, kGooglebot);
        EXPECT_EQ(r.status, 200) << address;
        EXPECT_EQ(r.header("X-Verified"), "Googlebot") << address;
        EXPECT_EQ(r.header("X-Robots-Tag"), "noai, noimageai") << address;
    }
    EXPECT_EQ(from("66.249.64.32", kGooglebot).status, 403) << "just past the /27";
    // Counted on the status page (not recorded): three verified, one impostor.
    const HttpResponse status = get(port(), "/noai/status?format=json");
    EXPECT_NE(status.body.find("\"agent\":\"Googlebot\",\"denied\":1,\"reported\":0,\"decoyed\":0,"
                               "\"purpose\":\"training\",\"impostors\":1,\"impersonations\":0,\"verified\":3"),
              std::string::npos)
        << status.body;
    const HttpResponse metrics = get(port(), "/noai/status?format=prometheus");
    EXPECT_NE(metrics.body.find("noai_verified_total{zone=\"art\",agent=\"Googlebot\"} 3\n"), std::string::npos)
        << metrics.body;
}

TEST_F(Impostors, AVerifiedAiCrawlerIsStillDeniedButVerified) {
    start(verify_server());
    const std::string gptbot = "Mozilla/5.0 (compatible; GPTBot/1.2; +https://openai.com/gptbot)";
    const HttpResponse inside = from("198.51.100.70", gptbot);
    EXPECT_EQ(inside.status, 403);
    EXPECT_EQ(inside.header("X-Verified"), "GPTBot");
    const HttpResponse outside = from("198.51.100.7", gptbot);
    EXPECT_EQ(outside.status, 403);
    EXPECT_EQ(outside.header("X-Verified"), "");
    const HttpResponse status = get(port(), "/noai/status?format=json");
    EXPECT_NE(status.body.find("\"reason\":\"token:GPTBot\""), std::string::npos);
    EXPECT_NE(status.body.find("\"reason\":\"impostor:ip\""), std::string::npos);
}

TEST_F(Impostors, ReportModeServesAndRecordsTheImpostor) {
    start(verify_server());
    const HttpResponse r = from("203.0.113.7", kGooglebot, "/report/image.png");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("X-Action"), "reported");
    EXPECT_EQ(from("203.0.113.7", kGooglebot, "/robots.txt").status, 200);
}

TEST_F(Impostors, OtherClientsAreNotAffected) {
    start(verify_server());
    EXPECT_EQ(from("203.0.113.7", "curl/8.5.0").status, 200);
    EXPECT_EQ(from("203.0.113.7", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)").status, 200);
}

TEST_F(Impostors, AOneCidrPerLineFileVerifiesTheLoopbackClient) {
    start(zone_server("1m", "noai_verify Googlebot " + ranges("loopback.txt") + ";\n"
                            "add_header X-Verified \"$noai_verified\" always;"));
    const HttpResponse r = get(port(), "/image.png", {{"User-Agent", kGooglebot}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("X-Verified"), "Googlebot");
}

TEST(ImpostorsConfig, BrokenRangeFilesFailNginxTWithTheLine) {
    struct Case { std::string directive; std::string message; };
    const Case cases[] = {
        {"noai_verify Googlebot " + ranges("broken-line.json") + ";",
         "noai_verify \"" + ranges("broken-line.json") + "\", line 5: invalid IPv4 prefix \"66.249.64.0/33\""},
        {"noai_verify Googlebot " + ranges("empty.json") + ";", "no address prefixes in file"},
        {"noai_verify Googlebot " + ranges("html-error-page.txt") + ";", "line 1: invalid IPv4 prefix"},
        {"noai_verify Googlebot /nonexistent/ranges.json;", "noai_verify: cannot open \"/nonexistent/ranges.json\""},
        {"noai_verify Googlebot;", "invalid number of arguments in \"noai_verify\" directive"},
        {"noai_verify Googlebot " + source_dir() + "/tests;", "is not a regular file"},
        {"noai_impersonation maybe;", "invalid value \"maybe\" in \"noai_impersonation\" directive, it must be \"off\", \"report\", \"on\""},
        {"noai_impersonation_tls off;", "it must be \"auto\", \"on\""},
    };
    for (const Case& c : cases) {
        const ConfigTestResult result = check_config("server { listen 127.0.0.1:1; noai_block on; " + c.directive + " }");
        EXPECT_NE(result.exit_code, 0) << c.directive;
        EXPECT_NE(result.output.find(c.message), std::string::npos) << c.directive << "\n" << result.output;
    }
}

// Browser impersonation through a raw client: the rules see what was sent.
class Impersonation : public NginxTest {};

TEST_F(Impersonation, AChromeClaimWithoutBrowserHeadersIsReportedByDefault) {
    start(zone_server("1m", "add_header X-Action \"$noai_action\" always; add_header X-Agent \"$noai_agent\" always;"));
    const HttpResponse r = get(port(), "/image.png", {{"User-Agent", kChrome}, {"Accept", "*/*"}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("X-Action"), "reported");
    EXPECT_EQ(r.header("X-Agent"), "Chrome");
    const HttpResponse status = get(port(), "/noai/status?format=json");
    EXPECT_NE(status.body.find("\"reason\":\"impersonation:no-accept-language\""), std::string::npos) << status.body;
    const HttpResponse metrics = get(port(), "/noai/status?format=prometheus");
    EXPECT_NE(metrics.body.find("noai_impersonations_total{zone=\"art\",agent=\"Chrome\"} 1\n"), std::string::npos)
        << metrics.body;
}

TEST_F(Impersonation, OnDeniesAndOffIgnores) {
    start(zone_server("1m", R"(
        location /strict/ { noai_impersonation on; alias ${PREFIX}/html/; }
        location /lax/ { noai_impersonation off; alias ${PREFIX}/html/; })"));
    EXPECT_EQ(get(port(), "/strict/image.png", {{"User-Agent", kChrome}}).status, 403);
    EXPECT_EQ(get(port(), "/lax/image.png", {{"User-Agent", kChrome}}).status, 200);
}

TEST_F(Impersonation, BrowserHeadersOverPlainHttpPassAndTlsInFrontAsksForSecFetch) {
    start(zone_server("1m", R"(
        noai_impersonation on;
        location /behind-tls/ { noai_impersonation_tls on; alias ${PREFIX}/html/; })"));
    const std::vector<std::pair<std::string, std::string>> plain = {
        {"User-Agent", kChrome}, {"Accept", "image/*"}, {"Accept-Language", "en-US,en;q=0.9"},
        {"Accept-Encoding", "gzip, deflate, br, zstd"}};
    EXPECT_EQ(get(port(), "/image.png", plain).status, 200);
    EXPECT_EQ(get(port(), "/behind-tls/image.png", plain).status, 403);
    auto full = plain;
    full.insert(full.end(), {{"Sec-Fetch-Site", "same-origin"}, {"Sec-Fetch-Mode", "no-cors"},
                             {"Sec-Fetch-Dest", "image"}, {"sec-ch-ua", "\"Chromium\";v=\"156\""}});
    EXPECT_EQ(get(port(), "/behind-tls/image.png", full).status, 200);
}

TEST_F(Impersonation, NoImpersonationWhereBlockingIsOff) {
    start("server { listen 127.0.0.1:${PORT}; root ${PREFIX}/html; noai on; add_header X-Action \"$noai_action\" always; }");
    const HttpResponse r = get(port(), "/image.png", {{"User-Agent", kChrome}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("X-Action"), "");   // nothing flagged
}

}  // namespace
}  // namespace noai_test
