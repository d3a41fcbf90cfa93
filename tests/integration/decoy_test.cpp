// noai_decoy against a real nginx: a denied image request gets the decoy's
// bytes with 200 (HEAD, ranges and conditional requests too), other denied
// requests noai_block_status, and each decoy is recorded as "decoyed".

#include <cstdlib>
#include <string>

#include "json_checker.hpp"
#include "nginx_test.hpp"

namespace noai_test {
namespace {

std::string decoy_path() { return source_dir() + "/decoy/decoy.png"; }

class Decoy : public NginxTest {
protected:
    void SetUp() override {
        decoy_ = read_file(decoy_path());
        ASSERT_FALSE(decoy_.empty()) << decoy_path();
        start(zone_server("1m", "noai_decoy " + decoy_path() + ";\n"
                                "location /plain/ { noai_decoy off; alias ${PREFIX}/html/; }"));
    }
    HttpResponse as_bot(const std::string& path, std::vector<std::pair<std::string, std::string>> headers = {},
                        const std::string& method = "GET") {
        Request request;
        request.method = method;
        request.path = path;
        request.headers = {{"User-Agent", "Mozilla/5.0 (compatible; GPTBot/1.2)"}, {"Connection", "close"}};
        for (auto& h : headers) request.headers.push_back(std::move(h));
        return send(port(), request);
    }
    std::string decoy_;
};

TEST_F(Decoy, ADeniedImageRequestGetsTheDecoyWithTheOptOut) {
    const HttpResponse r = as_bot("/image.png");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, decoy_);
    EXPECT_EQ(r.header("Content-Type"), "image/png");
    EXPECT_EQ(r.header("Cache-Control"), "no-store");
    EXPECT_EQ(r.header("Content-Length"), std::to_string(decoy_.size()));
    EXPECT_EQ(r.all("X-Robots-Tag").at(0), "noai, noimageai");
    EXPECT_EQ(r.header("tdm-reservation"), "1");
    EXPECT_FALSE(r.has("Last-Modified"));
    EXPECT_FALSE(r.has("ETag"));
    // Whatever image was asked for, existing or not, in any image type.
    EXPECT_EQ(as_bot("/image.jpg").body, decoy_);
    EXPECT_EQ(as_bot("/no/such/picture.webp").body, decoy_);
}

TEST_F(Decoy, OtherRequestsOfADeniedAgentGetTheBlockStatus) {
    EXPECT_EQ(as_bot("/index.html").status, 403);
    EXPECT_EQ(as_bot("/image.png", {}, "POST").status, 403);
    EXPECT_EQ(as_bot("/plain/image.png").status, 403);   // noai_decoy off there
    // Everyone else gets the real image.
    const HttpResponse browser = get(port(), "/image.png", {{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}, {"Accept", "*/*"}});
    EXPECT_EQ(browser.status, 200);
    EXPECT_NE(browser.body, decoy_);
}

TEST_F(Decoy, HeadRangesAndConditionalRequestsStaySane) {
    const HttpResponse h = send_raw(port(), "HEAD /image.png HTTP/1.1\r\nHost: localhost\r\nUser-Agent: GPTBot/1.2\r\n"
                                            "Connection: close\r\n\r\n", true);
    EXPECT_EQ(h.status, 200);
    EXPECT_TRUE(h.body.empty());
    EXPECT_EQ(h.header("Content-Length"), std::to_string(decoy_.size()));
    // A range or a condition gets the whole decoy again: it has no validators to compare.
    const HttpResponse range = as_bot("/image.png", {{"Range", "bytes=0-9"}});
    EXPECT_EQ(range.status, 200);
    EXPECT_EQ(range.body, decoy_);
    EXPECT_FALSE(range.has("Accept-Ranges"));
    const HttpResponse conditional =
        as_bot("/image.png", {{"If-None-Match", "*"}, {"If-Modified-Since", "Tue, 01 Dec 2099 00:00:00 GMT"}});
    EXPECT_EQ(conditional.status, 200);
    EXPECT_EQ(conditional.body, decoy_);
}

TEST_F(Decoy, EachDecoyIsRecordedAsDecoyed) {
    EXPECT_EQ(as_bot("/image.png").status, 200);
    EXPECT_EQ(as_bot("/index.html").status, 403);
    const Json doc = parse_json(get(port(), "/noai/status?format=json").body);
    EXPECT_EQ(doc["totals"]["decoyed"].text, "1");
    EXPECT_EQ(doc["totals"]["denied"].text, "1");
    EXPECT_EQ(doc["totals"]["turned_away_by_purpose"]["training"].text, "2");
    EXPECT_EQ(doc["records"][1]["action"].text, "decoyed");
    EXPECT_EQ(doc["records"][1]["status"].text, "200");
    EXPECT_EQ(doc["records"][1]["uri"].text, "/image.png");
    EXPECT_EQ(doc["records"][0]["action"].text, "denied");
    EXPECT_EQ(doc["agents"][0]["decoyed"].text, "1");
    const std::string metrics = get(port(), "/noai/status?format=prometheus").body;
    EXPECT_NE(metrics.find("noai_decoyed_total{zone=\"art\",agent=\"GPTBot\",purpose=\"training\"} 1\n"),
              std::string::npos) << metrics;
    const std::string page = get(port(), "/noai/status?format=html").body;
    EXPECT_NE(page.find("<span class=\"badge decoyed\">decoyed</span>"), std::string::npos);
}

TEST(DecoyConfig, AnUnreadableOrWrongDecoyFailsNginxT) {
    struct Case { std::string config, message; };
    const std::string text_file = ::testing::TempDir() + "/noai-decoy-not-an-image.png";
    write_file(text_file, "hello, I am text\n");
    for (const Case& c : {Case{"noai_decoy /nonexistent/decoy.png;", "noai_decoy: cannot open \"/nonexistent/decoy.png\""},
                          Case{"noai_decoy " + source_dir() + "/README.md;", "the file name must end in .png"},
                          Case{"noai_decoy " + text_file + ";", "the file is not the image/png its name says"},
                          Case{"noai_decoy " + source_dir() + "/decoy;", "is not a regular file"}}) {
        const ConfigTestResult result = check_config(c.config);
        EXPECT_NE(result.exit_code, 0) << c.config;
        EXPECT_NE(result.output.find(c.message), std::string::npos) << result.output;
    }
}

TEST(DecoySample, TheScriptReproducesTheCommittedDecoy) {
    const std::string out = ::testing::TempDir() + "/noai-decoy-rebuilt.png";
    const std::string command = "python3 " + source_dir() + "/scripts/make-sample-decoy --out " + out + " >/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0);
    EXPECT_EQ(read_file(out), read_file(decoy_path()));
}

}  // namespace
}  // namespace noai_test
