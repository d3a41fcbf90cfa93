// The built-in agent list (its curation, checked against real User-Agents)
// and noai_agents_file parsing in both formats.
#include "noai_agent_list.hpp"
#include "noai_agents_file.hpp"
#include "not_ai_user_agents.hpp"
#include "community_agent_list.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "noai_agent_matcher.hpp"
#include "noai_text.hpp"

namespace noai {
namespace {

using noai_test::read_file;

const std::string kAiRobotsJson = noai_test::ai_robots_json_path();

bool contains_ignore_case(const std::vector<std::string>& list, std::string_view name) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& s) { return equals_ignore_case(s, name); });
}

// --- the built-in list --------------------------------------------------------

TEST(BuiltinAgents, HaveUniqueNamesAndDocumentedEntries) {
    std::set<std::string> seen;
    for (const BuiltinAgent& a : builtin_agents()) {
        SCOPED_TRACE(std::string(a.name));
        EXPECT_TRUE(agent_token_error(a.name).empty());
        EXPECT_TRUE(seen.insert(to_lower(a.name)).second) << "duplicate";
        EXPECT_FALSE(a.operator_name.empty());
        EXPECT_FALSE(a.note.empty());
    }
    EXPECT_GE(seen.size(), 30u);
}

TEST(BuiltinAgents, UaTokensLeaveOutRobotsTxtOnlyTokens) {
    const std::vector<std::string> ua = builtin_ua_tokens();
    const std::vector<std::string> robots_only = builtin_robots_txt_only_tokens();
    EXPECT_EQ(ua.size() + robots_only.size(), builtin_agents().size());
    for (const char* name : {"GPTBot", "ClaudeBot", "CCBot", "img2dataset", "Bytespider", "PerplexityBot"})
        EXPECT_TRUE(contains_ignore_case(ua, name)) << name;
    for (const char* name : {"Google-Extended", "Applebot-Extended"}) {
        EXPECT_FALSE(contains_ignore_case(ua, name)) << name;
        EXPECT_TRUE(contains_ignore_case(robots_only, name)) << name;
    }
}

TEST(BuiltinAgents, ExcludeSearchPreviewAndGenericClients) {
    for (const char* name : {"Googlebot", "Bingbot", "Applebot", "DuckDuckBot", "PetalBot", "facebookexternalhit",
                             "Twitterbot", "Slackbot", "Scrapy", "Spider", "LCC", "Google-CloudVertexBot"})
        EXPECT_EQ(find_builtin_agent(name), nullptr) << name;
}

TEST(BuiltinAgents, AreSpelledAsInTheCommunityList) {
    const AgentFileResult community = parse_agents_file(read_file(kAiRobotsJson));
    ASSERT_TRUE(community.ok()) << community.error;
    for (const BuiltinAgent& a : builtin_agents())
        EXPECT_TRUE(contains_ignore_case(agent_names(community.agents), a.name)) << a.name;
}

TEST(BuiltinAgents, MatchRealAiCrawlerUserAgents) {
    const AgentMatcher m(builtin_ua_tokens(), {});
    struct Case { std::string ua; std::string agent; };
    const std::vector<Case> cases = {
        {"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)", "GPTBot"},
        {"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)", "ClaudeBot"},
        {"CCBot/2.0 (https://commoncrawl.org/faq/)", "CCBot"},
        {"Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)", "Bytespider"},
        {"meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)", "Meta-ExternalAgent"},
        {"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:72.0) Gecko/20100101 Firefox/72.0 (compatible; img2dataset; +https://github.com/rom1504/img2dataset)", "img2dataset"},
        {"Mozilla/5.0 (compatible) Ai2Bot-Dolma (+https://www.allenai.org/crawler)", "Ai2Bot-Dolma"},
        {"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; PerplexityBot/1.0; +https://perplexity.ai/perplexitybot)", "PerplexityBot"},
        {"Mozilla/5.0 (compatible; omgilibot/0.3 +http://omgili.com)", "omgilibot"},
    };
    for (const Case& c : cases) {
        const MatchResult r = m.find(c.ua);
        ASSERT_EQ(r.kind, MatchResult::Kind::agent) << c.ua;
        EXPECT_EQ(m.agent(r.index), c.agent) << c.ua;
    }
}

TEST(BuiltinAgents, LeaveBrowsersSearchAndPreviewCrawlersAlone) {
    const AgentMatcher m(builtin_ua_tokens(), {});
    for (const std::string& ua : noai_test::not_ai_user_agents())
        EXPECT_EQ(m.find(ua).kind, MatchResult::Kind::none) << ua;
}

// --- agents files: plain list -------------------------------------------------

TEST(AgentsFile, ParsesAPlainListWithCommentsAndBlankLines) {
    const AgentFileResult r = parse_agents_file(
        "# my extra agents\n"
        "\n"
        "GPTBot\n"
        "  Kangaroo Bot  # trailing comment\n"
        "\t\n"
        "SomeBot/2.0\r\n"
        "gptbot\n"
        "LastBot");
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(agent_names(r.agents), (std::vector<std::string>{"GPTBot", "Kangaroo Bot", "SomeBot/2.0", "gptbot", "LastBot"}));
}

// --- agents files: robots.json ------------------------------------------------

TEST(AgentsFile, ParsesARobotsJsonObjectIgnoringItsFields) {
    const AgentFileResult r = parse_agents_file(
        "  {\n"
        "    \"GPTBot\": {\"operator\": \"[OpenAI](https://openai.com)\", \"respect\": \"Yes\"},\n"
        "    \"Caf\\u00e9Bot\": {\"nested\": [1, -2.5e3, true, false, null, {\"a\": []}]},\n"
        "    \"A\\/B \\\"q\\\"\": {}\n"
        "  }\n");
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(agent_names(r.agents), (std::vector<std::string>{"GPTBot", "Caf\xc3\xa9" "Bot", "A/B \"q\""}));
}

TEST(AgentsFile, LoadsEveryKeyOfTheRealAiRobotsJson) {
    const std::string content = read_file(kAiRobotsJson);
    ASSERT_FALSE(content.empty()) << "missing " << kAiRobotsJson;
    const AgentFileResult r = parse_agents_file(content);
    ASSERT_TRUE(r.ok()) << r.error;
    const std::vector<std::string> names = agent_names(r.agents);
    ASSERT_EQ(names.size(), 166u);
    EXPECT_EQ(names.front(), "AddSearchBot");
    EXPECT_EQ(names.back(), "ZanistaBot");
    for (const char* name : {"Brightbot 1.0", "meta-externalagent", "Meta-ExternalAgent", "iaskspider/2.0", "img2dataset"})
        EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    const AgentMatcher m(names, {});
    EXPECT_EQ(m.token_count(), 163u);   // three names differ only in case
}

TEST(AgentsFile, AcceptsAUtf8ByteOrderMark) {
    const AgentFileResult json = parse_agents_file("\xef\xbb\xbf{\"GPTBot\": {}}");
    ASSERT_TRUE(json.ok()) << json.error;
    EXPECT_EQ(agent_names(json.agents), std::vector<std::string>{"GPTBot"});
    const AgentFileResult plain = parse_agents_file("\xef\xbb\xbf" "CCBot\n");
    ASSERT_TRUE(plain.ok()) << plain.error;
    EXPECT_EQ(agent_names(plain.agents), std::vector<std::string>{"CCBot"});
}

// --- agents files: errors -------------------------------------------------------

TEST(AgentsFile, RejectsBadFilesWithLineNumberedMessages) {
    struct Case { std::string content; std::size_t line; std::string error; };
    const std::vector<Case> cases = {
        {"", 0, "no agents in file"},
        {"# nothing\n\n   \n", 0, "no agents in file"},
        {"{}", 0, "no agents in file"},
        {"GPTBot\n\n# c\nBad\x01" "Bot\n", 4, "line 4: control character in agent token"},
        {"GPTBot\nfoo\tbar\n", 2, "line 2: control character in agent token"},
        {std::string("A\nB\0C\n", 6), 2, "line 2: control character in agent token"},
        {"{\n  \"GPTBot\": {},\n  CCBot: {}\n}", 3, "line 3: expected '\"' to start a field name"},
        {"{\n  \"A\": {}\n  \"B\": {}\n}", 3, "line 3: expected ',' or '}'"},
        {"{\n  \"A\": {},\n}", 3, "line 3: expected '\"' to start a field name"},
        {"{\n  \"A\" {}\n}", 2, "line 2: expected ':' after a field name"},
        {"{\n  \"A\": 1\n}", 2, "line 2: expected '{' to start the entry of \"A\""},
        {"{\n  \"A\": {\"x\": [1, 2}\n}", 2, "line 2: expected ',' or ']'"},
        {"{\n  \"A\": {\"x\": tru}\n}", 2, "line 2: unexpected character"},
        {"{\n  \"A\\u0007\": {}\n}", 2, "line 2: control character in agent token"},
        {"{\n  \"\": {}\n}", 2, "line 2: empty agent token"},
        {"{\n  \"A\n\": {}\n}", 2, "line 2: control character in string"},
        {"{\n  \"A\\q\": {}\n}", 2, "line 2: invalid escape in string"},
        {"{\n  \"A\": {\"x\": \"unterminated", 2, "line 2: unterminated string"},
        {"{\"A\": {}} trailing", 1, "line 1: unexpected text after the JSON value"},
        {"[1, 2, 3]\n", 1, "line 1: expected a robots.json object with agent names as keys"},
        {"\n[\"GPTBot\", \"CCBot\"", 2, "line 2: expected ',' or ']'"},
        {"{\"A\": {\"x\": " + std::string(100, '[') + std::string(100, ']') + "}}", 1, "line 1: values nested too deeply"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(testing::PrintToString(c.content));
        const AgentFileResult r = parse_agents_file(c.content);
        EXPECT_FALSE(r.ok());
        EXPECT_EQ(r.error, c.error);
        EXPECT_EQ(r.error_line, c.line);
        EXPECT_TRUE(r.agents.empty());
    }
}

TEST(AgentsFile, AnswersArbitraryBytesWithAgentsOrAnError) {
    std::mt19937 rng(7);
    const std::string alphabet = "{}[]\":,\\u0aZ \n\t#-\x01\xff";
    for (int i = 0; i < 5000; ++i) {
        std::string content = i % 2 ? "{\"A\": {" : "";
        const std::size_t len = rng() % 40;
        for (std::size_t k = 0; k < len; ++k) content += alphabet[rng() % alphabet.size()];
        const AgentFileResult r = parse_agents_file(content);
        if (r.ok()) {
            ASSERT_FALSE(r.agents.empty()) << testing::PrintToString(content);
            for (const ListedAgent& a : r.agents) ASSERT_EQ(agent_token_error(a.name), "") << testing::PrintToString(content);
        } else {
            ASSERT_TRUE(r.agents.empty());
        }
    }
}

TEST(AgentsFile, NamesTheProblemWithAToken) {
    EXPECT_EQ(agent_token_error(""), "empty agent token");
    EXPECT_EQ(agent_token_error("a\nb"), "control character in agent token");
    EXPECT_EQ(agent_token_error("a\x7f"), "control character in agent token");
    EXPECT_EQ(agent_token_error("Kangaroo Bot"), "");
    EXPECT_EQ(agent_token_error("caf\xc3\xa9"), "");
}

TEST(AgentsFile, RejectsTokensLongerThanTheStatedBound) {
    EXPECT_EQ(agent_token_error(std::string(kMaxAgentTokenBytes, 'a')), "");
    EXPECT_EQ(agent_token_error(std::string(kMaxAgentTokenBytes + 1, 'a')), "agent token longer than 256 bytes");
    EXPECT_EQ(agent_token_error(std::string(1 << 20, 'a')), "agent token longer than 256 bytes");
    // In a file too, with its line.
    const AgentFileResult r = parse_agents_file("GoodBot\n" + std::string(1 << 20, 'x') + "\n");
    EXPECT_EQ(r.error, "line 2: agent token longer than 256 bytes");
    const AgentFileResult json = parse_agents_file("{\n\"" + std::string(300, 'y') + "\": {}\n}\n");
    EXPECT_EQ(json.error, "line 2: agent token longer than 256 bytes");
}

}  // namespace
}  // namespace noai
