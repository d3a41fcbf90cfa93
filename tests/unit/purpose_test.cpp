// Purposes: every built-in agent's, every entry's of the real ai.robots.txt
// robots.json (mapped from its `function` field), and the purpose word of
// plain agents files.
#include "noai_purpose.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "community_agent_list.hpp"
#include "noai_agent_list.hpp"
#include "noai_agents_file.hpp"
#include "noai_json.hpp"
#include "noai_robots_json_purpose.hpp"
#include "test_files.hpp"

namespace noai {
namespace {

TEST(Purpose, NamesRoundTripAndAreExact) {
    for (Purpose p : {Purpose::training, Purpose::ai_input, Purpose::search})
        EXPECT_EQ(parse_purpose(purpose_name(p)), p);
    EXPECT_EQ(purpose_name(Purpose::ai_input), "ai-input");
    for (const char* bad : {"", "Training", "ai_input", "ai-train", "search "})
        EXPECT_EQ(parse_purpose(bad), std::nullopt) << bad;
}

// --- the built-in list ----------------------------------------------------------

TEST(BuiltinAgents, EveryEntryHasItsPurpose) {
    const std::set<std::string> ai_input = {
        "ChatGPT-User", "OAI-SearchBot", "Claude-User", "Claude-SearchBot", "Claude-Web", "PerplexityBot",
        "Perplexity-User", "Meta-ExternalFetcher", "cohere-ai", "MistralAI-User", "DuckAssistBot", "YouBot"};
    const std::set<std::string> training = {
        "GPTBot", "ClaudeBot", "anthropic-ai", "Meta-ExternalAgent", "FacebookBot", "Bytespider",
        "TikTokSpider", "Amazonbot", "cohere-training-data-crawler", "AI2Bot", "DeepSeekBot", "PanguBot",
        "Kangaroo Bot", "Timpibot", "Cotoyogi", "SBIntuitionsBot", "Linguee Bot", "Factset_spyderbot",
        "Sidetrade indexer bot",
        // dataset builders
        "img2dataset", "LAIONDownloader", "laion-huggingface-processor", "CCBot", "Ai2Bot-Dolma", "Diffbot",
        "omgili", "omgilibot", "ImagesiftBot", "ICC-Crawler", "Brightbot", "VelenPublicWebCrawler",
        "FriendlyCrawler",
        // robots.txt-only
        "Google-Extended", "Applebot-Extended", "Webzio-Extended"};
    const std::set<std::string> robots_txt_only = {"Google-Extended", "Applebot-Extended", "Webzio-Extended"};

    EXPECT_EQ(builtin_agents().size(), ai_input.size() + training.size());
    for (const BuiltinAgent& a : builtin_agents()) {
        const std::string name(a.name);
        SCOPED_TRACE(name);
        ASSERT_TRUE(ai_input.count(name) + training.count(name) == 1) << "not in the expected lists";
        EXPECT_EQ(a.purpose, ai_input.count(name) ? Purpose::ai_input : Purpose::training);
        EXPECT_EQ(a.robots_txt_only, robots_txt_only.count(name) == 1);
        EXPECT_NE(a.purpose, Purpose::search);  // search crawlers are left out of the list
    }
}

// --- robots.json: the real file -------------------------------------------------

// Decided entry by entry from each one's function and description (README
// "Purposes" explains the rules).
const std::set<std::string> kCommunitySearch = {"Applebot", "Bravebot", "facebookexternalhit", "PetalBot"};
const std::set<std::string> kCommunityAiInput = {
    "AddSearchBot", "AI2Bot-DeepResearchEval", "amazon-kendra", "amazon-QBusiness", "AmazonBuyForMe",
    "Amzn-SearchBot", "Amzn-User", "Andibot", "Anomura", "atlassian-bot", "AzureAI-SearchBot", "bedrockbot",
    "bigsur.ai", "BuddyBot", "Channel3Bot", "ChatGPT Agent", "ChatGPT-User", "Claude-Code", "Claude-SearchBot",
    "Claude-User", "Cloudflare-AutoRAG", "Code", "cohere-ai", "Cursor", "Devin", "DuckAssistBot",
    "ExaSearchBot", "GeistHaus-PageFetcher", "Gemini-Deep-Research", "Google-Agent", "Google-CloudVertexBot",
    "Google-Firebase", "Google-Gemini-CLI", "Google-NotebookLM", "GoogleAgent-Mariner",
    "GoogleAgent-URLContext", "iaskspider/2.0", "kagi-fetcher", "Kimi-User", "KlaviyoAIBot", "LinerBot",
    "LinkupBot", "Manus-User", "meta-externalfetcher", "Meta-ExternalFetcher", "meta-webindexer",
    "MistralAI-User", "MistralAI-User/1.0", "NotebookLM", "NovaAct", "OAI-SearchBot", "opencode", "Operator",
    "Perplexity-User", "PerplexityBot", "PhindBot", "Poggio-Citations", "QualifiedBot", "SemrushBot-OCOB",
    "SemrushBot-SWA", "Shap-User", "TongyiBot", "Trae", "TwinAgent", "UseAI", "wpbot", "YandexAdditional",
    "YandexAdditionalBot", "YiyanBot", "YouBot", "ZanistaBot"};
const std::set<std::string> kCommunityTraining = {
    "AgentTimes", "AI2Bot", "Ai2Bot-Dolma", "aiHitBot", "AIWebIndex", "Amazonbot", "anthropic-ai", "ApifyBot",
    "ApifyWebsiteContentCrawler", "Applebot-Extended", "Aranet-SearchBot", "Awario", "Brightbot",
    "Brightbot 1.0", "Bytespider", "CCBot", "ChatGLM-Spider", "Claude-Web", "ClaudeBot", "CloudVertexBot",
    "cohere-training-data-crawler", "Cotoyogi", "CragCrawler", "Crawl4AI", "Crawlspace", "Datenbank Crawler",
    "DeepSeekBot", "Diffbot", "Echobot Bot", "EchoboxBot", "ExaBot", "FacebookBot", "Factset_spyderbot",
    "FirecrawlAgent", "FriendlyCrawler", "Google-Extended", "GoogleOther", "GoogleOther-Image",
    "GoogleOther-Video", "GPTBot", "HenkBot", "iAskBot", "iaskspider", "ICC-Crawler", "ImagesiftBot",
    "imageSpider", "img2dataset", "ISSCyberRiskCrawler", "Kangaroo Bot", "KunatoCrawler",
    "laion-huggingface-processor", "LAIONDownloader", "LCC", "Lightpanda", "Linguee Bot",
    "meta-externalagent", "Meta-ExternalAgent", "Mozilla-Tabstack", "MyCentralAIScraperBot", "NagetBot",
    "netEstate Imprint Crawler", "newsai", "omgili", "omgilibot", "OpenAI", "PanguBot", "Panscient",
    "panscient.com", "Poseidon Research Crawler", "Querit-SearchBot", "QueritBot", "QuillBot", "quillbot.com",
    "Reflectionbot", "SBIntuitionsBot", "Scrapy", "ShapBot", "Sidetrade indexer bot", "Spider", "TavilyBot",
    "Terra Cotta", "TerraCotta", "Thinkbot", "TikTokSpider", "Timpibot", "VelenPublicWebCrawler", "WARDBot",
    "Webzio-Extended", "webzio-extended", "WRTNBot", "YaK"};

TEST(RobotsJsonPurpose, EveryEntryOfTheRealFileHasItsPurpose) {
    const AgentFileResult r = parse_agents_file(noai_test::read_file(noai_test::ai_robots_json_path()));
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.agents.size(), kCommunitySearch.size() + kCommunityAiInput.size() + kCommunityTraining.size());
    std::map<Purpose, std::size_t> counts;
    for (const ListedAgent& a : r.agents) {
        SCOPED_TRACE(a.name);
        const Purpose expected = kCommunitySearch.count(a.name)    ? Purpose::search
                                 : kCommunityAiInput.count(a.name) ? Purpose::ai_input
                                                                   : Purpose::training;
        EXPECT_TRUE(expected != Purpose::training || kCommunityTraining.count(a.name)) << "not in the expected lists";
        EXPECT_EQ(purpose_name(a.purpose), purpose_name(expected));
        ++counts[a.purpose];
    }
    EXPECT_EQ(counts[Purpose::search], 4u);
    EXPECT_EQ(counts[Purpose::ai_input], 71u);
    EXPECT_EQ(counts[Purpose::training], 91u);
}

TEST(RobotsJsonPurpose, EveryFunctionTextOfTheRealFileIsDecided) {
    const json::ParseResult doc = json::parse(noai_test::read_file(noai_test::ai_robots_json_path()));
    ASSERT_TRUE(doc.ok()) << doc.error;
    std::set<std::string> functions;
    for (const auto& [name, entry] : doc.root.fields) {
        const json::Value* function = entry.find("function");
        ASSERT_TRUE(function != nullptr && function->is_string()) << name;
        functions.insert(function->text);
    }
    EXPECT_GE(functions.size(), 60u);
    for (const std::string& f : functions)
        EXPECT_TRUE(purpose_of_robots_json_function(f).has_value()) << "undecided function: " << f;
}

TEST(RobotsJsonPurpose, CategoriesMapAsDocumented) {
    struct Case { const char* function; Purpose purpose; };
    for (const Case& c : {Case{"AI Data Scrapers", Purpose::training}, Case{"AI Data Providers", Purpose::training},
                          Case{"Undocumented AI Agents", Purpose::training}, Case{"AI Assistants", Purpose::ai_input},
                          Case{"AI Search Crawlers", Purpose::ai_input}, Case{"AI Agents", Purpose::ai_input},
                          Case{"AI Coding Agents", Purpose::ai_input}, Case{"  ai assistants\t", Purpose::ai_input}})
        EXPECT_EQ(purpose_of_robots_json_function(c.function), c.purpose) << c.function;
}

TEST(RobotsJsonPurpose, UnknownOrMissingFunctionIsTrainingAndSearchEnginesAreSearch) {
    EXPECT_EQ(purpose_of_robots_json_function("Something new."), std::nullopt);
    EXPECT_EQ(purpose_of_robots_json_entry("NewBot", "Something new."), Purpose::training);
    EXPECT_EQ(purpose_of_robots_json_entry("NewBot", ""), Purpose::training);
    // Applebot's entry says "AI Search Crawlers", as OAI-SearchBot's category would.
    EXPECT_EQ(purpose_of_robots_json_entry("applebot", "AI Search Crawlers"), Purpose::search);
    EXPECT_EQ(purpose_of_robots_json_entry("Applebot-Extended", "AI Search Crawlers"), Purpose::ai_input);

    const AgentFileResult r = parse_agents_file(
        R"({"A": {"function": "AI Assistants"}, "B": {}, "C": {"function": 7}, "D": {"function": "AI Agents"}})");
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.agents.size(), 4u);
    EXPECT_EQ(r.agents[0].purpose, Purpose::ai_input);
    EXPECT_EQ(r.agents[1].purpose, Purpose::training);
    EXPECT_EQ(r.agents[2].purpose, Purpose::training);
    EXPECT_EQ(r.agents[3].purpose, Purpose::ai_input);
}

// --- plain agents files -----------------------------------------------------------

TEST(PlainAgentsFile, ReadsAPurposeWordAtTheEndOfALine) {
    const AgentFileResult r = parse_agents_file(
        "GPTBot\n"
        "ChatGPT-User purpose=ai-input\n"
        "  Kangaroo Bot\tpurpose=training   # a comment after it\n"
        "Petal Search Bot purpose=search\r\n"
        "my purpose=fine Bot\n");   // not the last word: part of the token
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.agents.size(), 5u);
    const std::vector<std::pair<std::string, Purpose>> want = {
        {"GPTBot", Purpose::training}, {"ChatGPT-User", Purpose::ai_input}, {"Kangaroo Bot", Purpose::training},
        {"Petal Search Bot", Purpose::search}, {"my purpose=fine Bot", Purpose::training}};
    for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(r.agents[i].name, want[i].first);
        EXPECT_EQ(r.agents[i].purpose, want[i].second) << want[i].first;
    }
}

TEST(PlainAgentsFile, RejectsAnUnknownPurposeNamingTheLine) {
    struct Case { const char* content; const char* error; };
    for (const Case& c : {Case{"GPTBot\nFoo purpose=ai_input\n", "line 2: unknown purpose \"ai_input\" (training, ai-input or search)"},
                          Case{"Foo purpose=\n", "line 1: unknown purpose \"\" (training, ai-input or search)"},
                          Case{"Foo purpose=Search\n", "line 1: unknown purpose \"Search\" (training, ai-input or search)"},
                          Case{"\x01 purpose=search\n", "line 1: control character in agent token"}}) {
        const AgentFileResult r = parse_agents_file(c.content);
        EXPECT_FALSE(r.ok()) << c.content;
        EXPECT_EQ(r.error, c.error);
    }
}

}  // namespace
}  // namespace noai
