// Purposes against a real nginx: which agents noai_ai_input lets through,
// robots.txt read by Python's urllib.robotparser (Disallow group,
// Content-Signal, License), and the RSL Link header merged with an upstream's.

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "json_checker.hpp"
#include "nginx_test.hpp"
#include "robotparser.hpp"

namespace noai_test {
namespace {

const std::string kLicense = "https://artist.example/license.xml";
const std::string kOurLink = "<" + kLicense + ">; rel=\"license\"; type=\"application/rsl+xml\"";

std::string purpose_server(const std::string& extra) {
    return R"(
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
        noai_block on;
        location = /robots.txt { noai_robots_txt; }
)" + extra + "\n    }\n";
}

int status_as(std::uint16_t port, const std::string& user_agent, const std::string& path = "/image.png") {
    return get(port, path, {{"User-Agent", user_agent}, {"Accept", "*/*"}}).status;
}

std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
    std::vector<std::string> found;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        if (text.compare(pos, prefix.size(), prefix) == 0) found.push_back(text.substr(pos, eol - pos));
        pos = eol + 1;
    }
    return found;
}

class Purposes : public NginxTest {};

// ChatGPT-User (ai-input), GPTBot and CCBot (training), Applebot and
// Googlebot (search crawlers, not listed), MyAssistant/MyIndex (inline).
const std::vector<std::pair<std::string, std::string>> kRobotQueries = {
    {"ChatGPT-User", "/image.png"}, {"GPTBot", "/image.png"},    {"CCBot", "/"},
    {"Applebot", "/image.png"},     {"Googlebot", "/image.png"}, {"MyAssistant", "/a"},
    {"MyIndex", "/a"},
};

TEST_F(Purposes, AiInputOffRefusesAssistantsLikeTrainingEverywhere) {
    start(purpose_server("noai_agent purpose=ai-input MyAssistant purpose=search MyIndex;"));
    EXPECT_EQ(status_as(port(), "Mozilla/5.0 AppleWebKit/537.36 (compatible; ChatGPT-User/1.0; +https://openai.com/bot)"), 403);
    EXPECT_EQ(status_as(port(), "Mozilla/5.0 (compatible; GPTBot/1.2)"), 403);
    EXPECT_EQ(status_as(port(), "MyAssistant/1.0"), 403);
    EXPECT_EQ(status_as(port(), "MyIndex/1.0"), 200);   // search: never denied by purpose
    const HttpResponse robots = get(port(), "/robots.txt");
    ASSERT_EQ(robots.status, 200);
    EXPECT_EQ(robotparser_answers(robots.body, kRobotQueries), "0001101") << robots.body;
    EXPECT_EQ(lines_starting(robots.body, "Content-Signal:"),
              std::vector<std::string>{"Content-Signal: search=yes, ai-train=no, ai-input=no"});
}

TEST_F(Purposes, AiInputOnServesAssistantsAndKeepsRefusingTraining) {
    start(purpose_server(R"(
        noai_ai_input on;
        noai_agent purpose=ai-input MyAssistant purpose=search MyIndex;)"));
    EXPECT_EQ(status_as(port(), "Mozilla/5.0 AppleWebKit/537.36 (compatible; ChatGPT-User/1.0; +https://openai.com/bot)"), 200);
    EXPECT_EQ(status_as(port(), "Mozilla/5.0 (compatible; PerplexityBot/1.0)"), 200);
    EXPECT_EQ(status_as(port(), "MyAssistant/1.0"), 200);
    EXPECT_EQ(status_as(port(), "Mozilla/5.0 (compatible; GPTBot/1.2)"), 403);
    EXPECT_EQ(status_as(port(), "CCBot/2.0 (https://commoncrawl.org/faq/)"), 403);
    const HttpResponse robots = get(port(), "/robots.txt");
    ASSERT_EQ(robots.status, 200);
    EXPECT_EQ(robotparser_answers(robots.body, kRobotQueries), "1001111") << robots.body;
    EXPECT_EQ(lines_starting(robots.body, "Content-Signal:"),
              std::vector<std::string>{"Content-Signal: search=yes, ai-train=no, ai-input=yes"});
    EXPECT_TRUE(lines_starting(robots.body, "User-agent: ChatGPT-User").empty()) << robots.body;
    EXPECT_FALSE(lines_starting(robots.body, "User-agent: Google-Extended").empty()) << robots.body;
}

TEST_F(Purposes, AllowBeatsPurposeAndAiInputIsPerLocation) {
    start(purpose_server(R"(
        noai_agent_allow GPTBot;
        location /assistants-welcome/ { noai_ai_input on; alias ${PREFIX}/html/; })"));
    EXPECT_EQ(status_as(port(), "Mozilla/5.0 (compatible; GPTBot/1.2)"), 200);
    EXPECT_EQ(status_as(port(), "Claude-User/1.0"), 403);
    EXPECT_EQ(status_as(port(), "Claude-User/1.0", "/assistants-welcome/image.png"), 200);
    EXPECT_EQ(status_as(port(), "ClaudeBot/1.0", "/assistants-welcome/image.png"), 403);
}

TEST_F(Purposes, ContentSignalCanBeSwitchedOffWithoutTouchingTheGroups) {
    start(purpose_server("noai_content_signal off;"));
    const HttpResponse robots = get(port(), "/robots.txt");
    ASSERT_EQ(robots.status, 200);
    EXPECT_TRUE(lines_starting(robots.body, "Content-Signal").empty()) << robots.body;
    EXPECT_EQ(lines_starting(robots.body, "Content-Usage:"), std::vector<std::string>{"Content-Usage: train-ai=n"});
    EXPECT_EQ(robotparser_answers(robots.body, {{"GPTBot", "/"}, {"Googlebot", "/"}}), "01");
}

// ${PORT2} plays an application that sends its own Link header.
std::string license_config(const std::string& app_link) {
    return R"(
    server {
        listen 127.0.0.1:${PORT2};
        root ${PREFIX}/html;
        location / { add_header Link ')" + app_link + R"('; }
    }
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
        noai_block on;
        noai_license )" + kLicense + R"(;
        location = /robots.txt { noai_robots_txt; }
        location /app/ { proxy_pass http://127.0.0.1:${PORT2}/; }
        location /plain/ { noai_license off; alias ${PREFIX}/html/; }
    }
)";
}

TEST_F(Purposes, LicenseLinkGoesOnOptedOutResponsesMergedWithTheUpstreamsLink) {
    start(license_config("</style.css>; rel=preload; as=style"));
    const HttpResponse image = get(port(), "/image.png");
    ASSERT_EQ(image.status, 200);
    EXPECT_EQ(image.all("Link"), std::vector<std::string>{kOurLink});

    const HttpResponse proxied = get(port(), "/app/image.png");
    ASSERT_EQ(proxied.status, 200);
    EXPECT_EQ(proxied.all("Link"), std::vector<std::string>{"</style.css>; rel=preload; as=style, " + kOurLink});

    // Not on responses without the opt-out, nor where it is off.
    EXPECT_EQ(get(port(), "/app/index.html").all("Link"), std::vector<std::string>{"</style.css>; rel=preload; as=style"});
    EXPECT_TRUE(get(port(), "/plain/image.png").all("Link").empty());
    // A denied request carries the opt-out, the licence included.
    EXPECT_EQ(get(port(), "/image.png", {{"User-Agent", "GPTBot/1.2"}}).all("Link"), std::vector<std::string>{kOurLink});

    const HttpResponse robots = get(port(), "/robots.txt");
    EXPECT_EQ(lines_starting(robots.body, "License:"), std::vector<std::string>{"License: " + kLicense});
    // The License line is in no group: the groups read as before.
    EXPECT_EQ(robotparser_answers(robots.body, {{"GPTBot", "/"}, {"Googlebot", "/"}}), "01");
}

TEST_F(Purposes, LicenseLinkIsNotRepeatedWhenTheUpstreamAlreadySendsIt) {
    start(license_config(kOurLink));
    EXPECT_EQ(get(port(), "/app/image.png").all("Link"), std::vector<std::string>{kOurLink});
}

TEST_F(Purposes, TheZoneCountsByPurposeAndHourAndKeepsItAcrossAReload) {
    const std::string config = zone_server("1m");
    Nginx& server = start(config);
    EXPECT_EQ(status_as(port(), "Mozilla/5.0 (compatible; GPTBot/1.2)"), 403);
    EXPECT_EQ(status_as(port(), "Mozilla/5.0 (compatible; GPTBot/1.2)"), 403);
    EXPECT_EQ(status_as(port(), "Mozilla/5.0 AppleWebKit/537.36 (compatible; ChatGPT-User/1.0)"), 403);
    server.reload(config);
    const Json doc = parse_json(get(port(), "/noai/status?format=json").body);
    EXPECT_EQ(doc["totals"]["turned_away_by_purpose"]["training"].text, "2");
    EXPECT_EQ(doc["totals"]["turned_away_by_purpose"]["ai-input"].text, "1");
    EXPECT_EQ(doc["records"][0]["purpose"].text, "ai-input");
    EXPECT_EQ(doc["records"][1]["purpose"].text, "training");
    bool chatgpt = false;
    for (const Json& agent : doc["agents"].items)
        if (agent["agent"].text == "ChatGPT-User") chatgpt = agent["purpose"].text == "ai-input";
    EXPECT_TRUE(chatgpt);
    const Json& hourly = doc["hourly"];
    ASSERT_EQ(hourly.size(), 48u);
    // The three requests fall in the last hour or, across an hour boundary, the one before.
    std::uint64_t training = 0, ai_input = 0;
    for (std::size_t i = 46; i < 48; ++i) {
        training += std::stoull(hourly[i]["training"].text);
        ai_input += std::stoull(hourly[i]["ai-input"].text);
    }
    EXPECT_EQ(training, 2u);
    EXPECT_EQ(ai_input, 1u);
    const std::string metrics = get(port(), "/noai/status?format=prometheus").body;
    EXPECT_NE(metrics.find("noai_turned_away_total{zone=\"art\",purpose=\"ai-input\"} 1\n"), std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("noai_denied_total{zone=\"art\",agent=\"ChatGPT-User\",purpose=\"ai-input\"} 1\n"),
              std::string::npos) << metrics;
}

}  // namespace
}  // namespace noai_test
