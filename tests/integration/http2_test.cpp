// The opt-out headers and the denial over HTTP/2: nginx's own http_v2 module
// with TLS (a certificate made here with the openssl CLI), read by
// `curl --http2`, so the headers pass HPACK and nginx's HTTP/2 header filter.

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "nginx_test.hpp"
#include "test_commands.hpp"

namespace noai_test {
namespace {

using Lines = std::vector<std::string>;

struct Http2Response {
    std::string version;   // curl's %{http_version}: "2" for HTTP/2
    HttpResponse response;
};

// GET over TLS with curl --http2; headers in the order received.
Http2Response curl_http2(std::uint16_t port, const std::string& path, const std::string& user_agent = "curl",
                         const std::string& extra_header = "") {
    const std::string header_option = extra_header.empty() ? "" : "-H '" + extra_header + "' ";
    const CommandResult curl = run_command("curl --http2 -sS -k -o /dev/null -D - -A '" + user_agent + "' " +
                                               header_option + "-w 'version=%{http_version}\\n' " +
                                               "https://127.0.0.1:" + std::to_string(port) + path,
                                           true);
    EXPECT_EQ(curl.exit_code, 0) << curl.output;
    const std::string& output = curl.output;
    Http2Response result;
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("version=", 0) == 0) {
            result.version = line.substr(8);
        } else if (line.rfind("HTTP/", 0) == 0) {
            result.response.status_line = line;
            result.response.status = std::stoi(line.substr(line.find(' ') + 1, 3));
        } else if (const auto colon = line.find(": "); colon != std::string::npos) {
            result.response.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
        }
    }
    return result;
}

class Http2 : public NginxTest {
protected:
    void SetUp() override {
        const std::string dir = std::string(NOAI_BINARY_DIR) + "/itest-tls/" + current_test_name();
        std::filesystem::create_directories(dir);
        ASSERT_EQ(make_test_certificate(dir), "");
        start(R"(
    server {
        listen 127.0.0.1:${PORT} ssl http2;
        ssl_certificate )" + dir + R"(/cert.pem;
        ssl_certificate_key )" + dir + R"(/key.pem;
        root ${PREFIX}/html;
        noai on;
        noai_block on;
        location = /image.jpg { add_header X-Robots-Tag "max-image-preview:large"; }
    })");
    }
};

TEST_F(Http2, ImagesGetTheOptOutHeaders) {
    const Http2Response h2 = curl_http2(port(), "/image.png");
    EXPECT_EQ(h2.version, "2");
    EXPECT_EQ(h2.response.status, 200);
    EXPECT_EQ(h2.response.all("x-robots-tag"), Lines{"noai, noimageai"});
    EXPECT_EQ(h2.response.all("tdm-reservation"), Lines{"1"});
    EXPECT_EQ(h2.response.all("content-usage"), Lines{"train-ai=n"});

    const Http2Response page = curl_http2(port(), "/page.html");
    EXPECT_EQ(page.response.status, 200);
    EXPECT_FALSE(page.response.has("x-robots-tag"));
}

TEST_F(Http2, OurLineStaysFirstAndSeparate) {
    const Http2Response h2 = curl_http2(port(), "/image.jpg");
    EXPECT_EQ(h2.version, "2");
    EXPECT_EQ(h2.response.all("x-robots-tag"), (Lines{"noai, noimageai", "max-image-preview:large"}));
}

TEST_F(Http2, NotModifiedCarriesThemToo) {
    const std::string etag = curl_http2(port(), "/image.jpg").response.header("etag");
    ASSERT_FALSE(etag.empty());
    const Http2Response h2 = curl_http2(port(), "/image.jpg", "curl", "If-None-Match: " + etag);
    EXPECT_EQ(h2.version, "2");
    EXPECT_EQ(h2.response.status, 304);
    EXPECT_EQ(h2.response.all("x-robots-tag"), (Lines{"noai, noimageai", "max-image-preview:large"}));
    EXPECT_EQ(h2.response.all("tdm-reservation"), Lines{"1"});
}

TEST_F(Http2, AiCrawlersAreDeniedWithTheOptOut) {
    const Http2Response h2 = curl_http2(port(), "/image.png", "Mozilla/5.0 (compatible; GPTBot/1.2)");
    EXPECT_EQ(h2.version, "2");
    EXPECT_EQ(h2.response.status, 403);
    EXPECT_EQ(h2.response.all("x-robots-tag"), Lines{"noai, noimageai"});
    EXPECT_EQ(curl_http2(port(), "/image.png", "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0").response.status,
              200);
}

}  // namespace
}  // namespace noai_test
