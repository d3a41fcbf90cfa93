// Agent blocking against a real nginx: who is denied, who is served, report
// mode, 444, robots.txt, satisfy any, error pages, and the generated files.

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "noai_agent_list.hpp"
#include "noai_site_files.hpp"
#include "nginx_test.hpp"
#include "not_ai_user_agents.hpp"
#include "community_agent_list.hpp"

namespace noai_test {
namespace {

const std::string kDefaultImg2datasetUa =
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:72.0) Gecko/20100101 Firefox/72.0";

// Logs each request as "user-agent<TAB>agent<TAB>action<TAB>status".
const std::string kLogFormat =
    "    log_format noai escape=none \"$http_user_agent\\t$noai_agent\\t$noai_action\\t$status\";\n";

std::string blocking_server(const std::string& extra) {
    return kLogFormat + R"(
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        access_log ${PREFIX}/logs/noai.log noai;
        noai on;
        noai_block on;
)" + extra + "\n    }\n";
}

struct LogLine {
    std::string user_agent, agent, action, status;
};

std::vector<LogLine> noai_log(Nginx& nginx) {
    std::vector<LogLine> lines;
    std::istringstream in(read_file(nginx.prefix() + "/logs/noai.log"));
    std::string line;
    while (std::getline(in, line)) {
        LogLine entry;
        std::istringstream fields(line);
        std::getline(fields, entry.user_agent, '\t');
        std::getline(fields, entry.agent, '\t');
        std::getline(fields, entry.action, '\t');
        std::getline(fields, entry.status, '\t');
        lines.push_back(entry);
    }
    return lines;
}

HttpResponse get_as(std::uint16_t port, const std::string& user_agent, const std::string& path = "/image.png") {
    return get(port, path, {{"User-Agent", user_agent}, {"Accept", "*/*"}});
}

std::vector<std::pair<std::string, std::string>> builtin_user_agents() {
    std::vector<std::pair<std::string, std::string>> rows;
    std::ifstream in(source_dir() + "/tests/integration/data/builtin_agent_user_agents.tsv");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto tab = line.find('\t');
        rows.emplace_back(line.substr(0, tab), line.substr(tab + 1));
    }
    return rows;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

class Blocking : public NginxTest {};

TEST_F(Blocking, EveryBuiltinAgentTokenHasARealWorldUserAgentInTheTable) {
    std::map<std::string, std::string> table;
    for (const auto& [agent, ua] : builtin_user_agents()) table[agent] = ua;
    for (const std::string& token : noai::builtin_ua_tokens()) EXPECT_TRUE(table.count(token)) << token;
}

TEST_F(Blocking, EveryBuiltinAgentIsDeniedWithItsName) {
    Nginx& server = start(blocking_server(""));
    const auto rows = builtin_user_agents();
    ASSERT_GT(rows.size(), 30u);
    for (const auto& [agent, ua] : rows) {
        SCOPED_TRACE(agent);
        EXPECT_EQ(get_as(port(), ua).status, 403);
    }
    server.stop();
    const auto log = noai_log(server);
    ASSERT_EQ(log.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); i++) {
        EXPECT_EQ(log[i].agent, rows[i].first) << rows[i].second;
        EXPECT_EQ(log[i].action, "denied");
    }
}

TEST_F(Blocking, BrowsersToolsAndSearchEnginesAreServed) {
    start(blocking_server(""));
    for (const std::string& ua : not_ai_user_agents()) {
        SCOPED_TRACE(ua);
        const HttpResponse response = get_as(port(), ua);
        EXPECT_EQ(response.status, 200);
        EXPECT_EQ(response.header("X-Robots-Tag"), "noai, noimageai");
    }
}

TEST_F(Blocking, DefaultImg2datasetIsDeniedByItsHeaderShape) {
    Nginx& server = start(blocking_server(""));
    // img2dataset's default request: its Firefox 72 UA, identity encoding, no Accept.
    const HttpResponse denied =
        get(port(), "/image.png", {{"User-Agent", kDefaultImg2datasetUa}, {"Accept-Encoding", "identity"}});
    EXPECT_EQ(denied.status, 403);
    // A real Firefox 72 sends Accept and Accept-Language.
    const HttpResponse firefox = get(port(), "/image.png",
                                     {{"User-Agent", kDefaultImg2datasetUa},
                                      {"Accept", "image/webp,*/*"},
                                      {"Accept-Language", "en-US,en;q=0.5"},
                                      {"Accept-Encoding", "gzip, deflate, br"}});
    EXPECT_EQ(firefox.status, 200);
    server.stop();
    const auto log = noai_log(server);
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0].agent, "img2dataset");
    EXPECT_EQ(log[0].action, "denied");
    EXPECT_EQ(log[1].agent, "");
}

TEST_F(Blocking, FingerprintsCanBeSwitchedOff) {
    start(blocking_server("noai_fingerprints off;"));
    EXPECT_EQ(get(port(), "/image.png", {{"User-Agent", kDefaultImg2datasetUa}, {"Accept-Encoding", "identity"}}).status,
              200);
}

TEST_F(Blocking, DeniedResponsesCarryTheOptOutHeaders) {
    start(blocking_server(""));
    const HttpResponse response = get_as(port(), "CCBot/2.0 (https://commoncrawl.org/faq/)");
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(response.header("X-Robots-Tag"), "noai, noimageai");
    EXPECT_EQ(response.header("tdm-reservation"), "1");
    EXPECT_EQ(response.header("Content-Usage"), "train-ai=n");
}

TEST_F(Blocking, ReportModeServesAndMarksTheRequest) {
    Nginx& server = start(kLogFormat + R"(
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        access_log ${PREFIX}/logs/noai.log noai;
        noai on;
        noai_block report;
    })");
    EXPECT_EQ(get_as(port(), "Mozilla/5.0 (compatible; GPTBot/1.2)").status, 200);
    EXPECT_EQ(get_as(port(), "curl/8.0").status, 200);
    server.stop();
    const auto log = noai_log(server);
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0].agent, "GPTBot");
    EXPECT_EQ(log[0].action, "reported");
    EXPECT_EQ(log[1].action, "header");
}

TEST_F(Blocking, Status444ClosesTheConnectionWithoutAResponse) {
    start(blocking_server("noai_block_status 444;"));
    const HttpResponse response = get_as(port(), "GPTBot/1.0");
    EXPECT_EQ(response.status, 0);
    EXPECT_EQ(response.status_line, "");
}

TEST_F(Blocking, OtherStatusesAreUsedAsConfigured) {
    start(blocking_server("noai_block_status 429;"));
    EXPECT_EQ(get_as(port(), "GPTBot/1.0").status, 429);
}

TEST_F(Blocking, RobotsTxtStaysReachableForBlockedAgents) {
    start(blocking_server(""));
    const HttpResponse response = get_as(port(), "GPTBot/1.0", "/robots.txt");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "User-agent: *\nAllow: /\n");
}

TEST_F(Blocking, SatisfyAnyWithAllowAllStillDenies) {
    start(blocking_server(R"(
        satisfy any;
        allow all;
        auth_basic "private";
        auth_basic_user_file ${PREFIX}/conf/nobody.htpasswd;)"));
    EXPECT_EQ(get_as(port(), "GPTBot/1.0").status, 403);
    EXPECT_EQ(get_as(port(), "curl/8.0").status, 200);
}

TEST_F(Blocking, ErrorPagesDoNotDecideOrDenyTwice) {
    Nginx& server = start(blocking_server(R"(
        error_page 403 /blocked.html;
        location = /blocked.html { internal; return 403 "go away\n"; default_type text/plain; })"));
    const HttpResponse response = get_as(port(), "GPTBot/1.0");
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(response.body, "go away\n");
    EXPECT_EQ(response.header("X-Robots-Tag"), "noai, noimageai");
    server.stop();
    const auto log = noai_log(server);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].action, "denied");
    EXPECT_EQ(log[0].agent, "GPTBot");
}

// A request that names no agent leaves no state: after an internal redirect
// the location it lands in decides with its own lists. One that names an
// agent keeps its first decision (see ErrorPagesDoNotDecideOrDenyTwice).
TEST_F(Blocking, ARequestThatNamedNoAgentIsDecidedAgainAfterAnInternalRedirect) {
    Nginx& server = start(blocking_server(R"(
        location /lenient/ { noai_agent_allow GPTBot; try_files /nothing-here @strict; }
        location @strict { noai_agent_allow Nobody; try_files /image.png =404; }
        location /reported/ { noai_block report; try_files /nothing-here @strict; })"));
    EXPECT_EQ(get_as(port(), "GPTBot/1.0", "/lenient/a.png").status, 403);
    EXPECT_EQ(get_as(port(), "curl/8.0", "/lenient/a.png").status, 200);
    // Reported in the first location: that decision stands in @strict.
    EXPECT_EQ(get_as(port(), "GPTBot/1.0", "/reported/a.png").status, 200);
    server.stop();
    const auto log = noai_log(server);
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log[0].action, "denied");
    EXPECT_EQ(log[1].action, "header");
    EXPECT_EQ(log[2].agent, "GPTBot");
    EXPECT_EQ(log[2].action, "reported");
}

TEST_F(Blocking, AllowListWinsOverEveryRule) {
    start(blocking_server(R"(
        noai_agent_allow GPTBot facebookexternalhit;
        location /strict/ { noai_agent_allow Nobody; alias ${PREFIX}/html/; })"));
    EXPECT_EQ(get_as(port(), "Mozilla/5.0 (compatible; GPTBot/1.2)").status, 200);
    EXPECT_EQ(get_as(port(), "facebookexternalhit/1.1 FacebookBot/1.0").status, 200);
    EXPECT_EQ(get_as(port(), "ClaudeBot/1.0").status, 403);
    EXPECT_EQ(get_as(port(), "Mozilla/5.0 (compatible; GPTBot/1.2)", "/strict/image.png").status, 403);
}

TEST_F(Blocking, InlineAgentsAndBuiltinListSwitch) {
    start(blocking_server(R"(
        noai_agent MyScraper "Art Harvester";
        location /custom-only/ { noai_builtin_agents off; alias ${PREFIX}/html/; })"));
    EXPECT_EQ(get_as(port(), "MyScraper/2.0").status, 403);
    EXPECT_EQ(get_as(port(), "Mozilla/5.0 (Art Harvester 3)").status, 403);
    EXPECT_EQ(get_as(port(), "Mozilla/5.0 (ArtHarvester 3)").status, 200);
    EXPECT_EQ(get_as(port(), "GPTBot/1.0", "/custom-only/image.png").status, 200);
    EXPECT_EQ(get_as(port(), "MyScraper/2.0", "/custom-only/image.png").status, 403);
}

// robots.json entries whose purpose is search (README "Purposes").
const std::vector<std::string> kCommunitySearchCrawlers = {"Applebot", "Bravebot", "facebookexternalhit", "PetalBot"};

bool is_community_search_crawler(const std::string& name) {
    return std::find(kCommunitySearchCrawlers.begin(), kCommunitySearchCrawlers.end(), name) !=
           kCommunitySearchCrawlers.end();
}

TEST_F(Blocking, EveryEntryOfTheCommunityListIsDeniedByNameButSearchCrawlers) {
    const std::string list = ai_robots_json_path();
    Nginx& server = start(blocking_server("noai_builtin_agents off; noai_agents_file " + list + ";"));
    std::vector<std::string> names;
    {
        // The test reads the names with the core's own parser's independent twin:
        // every top-level key of the JSON object.
        const std::string json = read_file(list);
        std::size_t depth = 0;
        for (std::size_t i = 0; i < json.size(); i++) {
            const char c = json[i];
            if (c == '{') depth++;
            else if (c == '}') depth--;
            else if (c == '"') {
                std::size_t end = i + 1;
                std::string text;
                while (json[end] != '"') {
                    if (json[end] == '\\') end++;
                    text += json[end++];
                }
                std::size_t next = end + 1;
                while (json[next] == ' ' || json[next] == '\n') next++;
                if (depth == 1 && json[next] == ':') names.push_back(text);
                i = end;
            }
        }
    }
    ASSERT_EQ(names.size(), 166u);
    for (const std::string& name : names) {
        SCOPED_TRACE(name);
        EXPECT_EQ(get_as(port(), "Mozilla/5.0 (compatible; " + name + "; +https://example.com/bot)").status,
                  is_community_search_crawler(name) ? 200 : 403);
    }
    server.stop();
    const auto log = noai_log(server);
    ASSERT_EQ(log.size(), names.size());
    for (std::size_t i = 0; i < names.size(); i++) {
        // The list holds a few names twice in different case; the first spelling is kept.
        const bool search = is_community_search_crawler(names[i]);
        EXPECT_EQ(lower(log[i].agent), lower(names[i])) << log[i].user_agent;  // named, even when served
        EXPECT_EQ(log[i].action, search ? "header" : "denied") << log[i].user_agent;  // served with the opt-out
    }
}

TEST_F(Blocking, SearchCrawlersOfTheCommunityListAreLeftOutOfRobotsTxt) {
    start(blocking_server("noai_builtin_agents off; noai_agents_file " + ai_robots_json_path() +
                          "; location = /robots.txt { noai_robots_txt; }"));
    const HttpResponse robots = get(port(), "/robots.txt");
    ASSERT_EQ(robots.status, 200);
    for (const std::string& name : kCommunitySearchCrawlers)
        EXPECT_EQ(robots.body.find("User-agent: " + name + "\n"), std::string::npos) << name;
    for (const char* name : {"GPTBot", "Applebot-Extended", "ChatGPT-User"})
        EXPECT_NE(robots.body.find(std::string("User-agent: ") + name + "\n"), std::string::npos) << name;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t pos = 0; (pos = text.find(needle, pos)) != std::string::npos; pos += needle.size()) n++;
    return n;
}

TEST_F(Blocking, LocationsSharingTheirListsShareOneMatcher) {
    std::string locations;
    for (int i = 0; i < 20; i++)
        locations += "location /l" + std::to_string(i) + "/ { alias ${PREFIX}/html/; }\n";
    // Twenty locations and a server inheriting one list, one location with its own.
    const std::string config = blocking_server(locations + "location /own/ { noai_agent Mine; alias ${PREFIX}/html/; }");
    Nginx& server = start(config);
    EXPECT_EQ(get_as(port(), "GPTBot/1.0", "/l7/image.png").status, 403);
    EXPECT_EQ(get_as(port(), "Mine/1.0", "/own/image.png").status, 403);
    EXPECT_EQ(get_as(port(), "Mine/1.0", "/l7/image.png").status, 200);
    // Configuration-time messages reach the error log file on a reload
    // (at start they go to stderr, before the file is open).
    server.reload(config);
    EXPECT_EQ(count_of(server.error_log(), "noai: agent matcher built"), 2u) << server.error_log();
}

TEST_F(Blocking, GeneratedRobotsTxtAndTdmrepJsonAreExact) {
    start(blocking_server(R"(
        noai_builtin_agents off;
        noai_agent ScraperOne "Scraper Two";
        noai_agent_allow ScraperOne;
        noai_tdm_policy https://artist.example/tdm-policy.json;
        location = /robots.txt { noai_robots_txt; }
        location = /.well-known/tdmrep.json { noai_tdmrep_json; })"));
    const HttpResponse robots = get(port(), "/robots.txt");
    EXPECT_EQ(robots.status, 200);
    EXPECT_EQ(robots.header("Content-Type"), "text/plain; charset=utf-8");
    noai::RobotsTxtOptions options;
    options.content_usage = "train-ai=n";
    options.content_signal = true;   // noai_content_signal's default
    options.include_robots_txt_only_builtins = false;
    EXPECT_EQ(robots.body, noai::render_robots_txt({"Scraper Two"}, options));
    EXPECT_NE(robots.body.find("User-agent: Scraper Two\nDisallow: /\n"), std::string::npos) << robots.body;
    EXPECT_EQ(robots.body.find("ScraperOne"), std::string::npos);
    EXPECT_NE(robots.body.find("Content-Usage: train-ai=n\n"), std::string::npos);

    const HttpResponse tdmrep = get(port(), "/.well-known/tdmrep.json");
    EXPECT_EQ(tdmrep.status, 200);
    EXPECT_EQ(tdmrep.header("Content-Type"), "application/json");
    EXPECT_EQ(tdmrep.body,
              "[{\"location\":\"/\",\"tdm-reservation\":1,\"tdm-policy\":\"https://artist.example/tdm-policy.json\"}]\n");
}

// noai_agent_allow Claude: one rule for requests and for robots.txt.
TEST_F(Blocking, AllowTokenLetsTheSameAgentsThroughAsRobotsTxtLeavesOut) {
    start(blocking_server(R"(
        noai_agent_allow Claude;
        location = /robots.txt { noai_robots_txt; })"));
    const std::string robots = get(port(), "/robots.txt").body;
    for (const std::string name : {"Claude-User", "Claude-SearchBot", "Claude-Web"}) {
        EXPECT_EQ(get_as(port(), "Mozilla/5.0 (compatible; " + name + "/1.0)").status, 200) << name;
        EXPECT_EQ(robots.find("User-agent: " + name + "\n"), std::string::npos) << robots;
    }
    EXPECT_EQ(get_as(port(), "Mozilla/5.0 (compatible; ClaudeBot/1.0)").status, 403);
    EXPECT_NE(robots.find("User-agent: ClaudeBot\n"), std::string::npos) << robots;
}

// The file is rendered where noai_robots_txt is, whether or not that location blocks.
TEST_F(Blocking, GeneratedRobotsTxtInALocationThatDoesNotBlock) {
    start(blocking_server(R"(
        noai_agent "Scraper Two";
        location = /robots.txt { noai_block off; noai_robots_txt; })"));
    const HttpResponse robots = get_as(port(), "Scraper Two", "/robots.txt");
    EXPECT_EQ(robots.status, 200);
    EXPECT_NE(robots.body.find("User-agent: Scraper Two\nDisallow: /\n"), std::string::npos) << robots.body;
    EXPECT_NE(robots.body.find("User-agent: GPTBot\n"), std::string::npos) << robots.body;
    EXPECT_EQ(get(port(), "/robots.txt", {{"User-Agent", "curl/8.0"}}).body, robots.body);
    Request head;
    head.method = "HEAD";
    head.path = "/robots.txt";
    const HttpResponse head_response = send(port(), head);
    EXPECT_EQ(head_response.status, 200);
    EXPECT_EQ(head_response.header("Content-Length"), std::to_string(robots.body.size()));
    EXPECT_EQ(head_response.body, "");
}

TEST_F(Blocking, GeneratedRobotsTxtListsBuiltinAndRobotsOnlyTokens) {
    start(blocking_server("location = /robots.txt { noai_robots_txt; }"));
    const std::string body = get(port(), "/robots.txt").body;
    for (const noai::BuiltinAgent& agent : noai::builtin_agents())
        EXPECT_NE(body.find("User-agent: " + std::string(noai::robots_txt_user_agent(agent.name)) + "\n"),
                  std::string::npos)
            << agent.name;
    EXPECT_NE(body.find("User-agent: Google-Extended\n"), std::string::npos);
    EXPECT_NE(body.find("User-agent: Applebot-Extended\n"), std::string::npos);
    const std::string tdmrep_free = get(port(), "/image.png").header("X-Robots-Tag");
    EXPECT_EQ(tdmrep_free, "noai, noimageai");
}

TEST_F(Blocking, RobotsOnlyTokensAreNotMatchedInUserAgents) {
    start(blocking_server(""));
    // Google-Extended never appears in a User-Agent; a page that says it must not be taken for it.
    EXPECT_EQ(get_as(port(), "Mozilla/5.0 (compatible; Google-Extended test)").status, 200);
}

}  // namespace
}  // namespace noai_test
