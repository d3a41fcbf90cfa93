#include "noai_agent_list.hpp"

#include <iterator>

#include "noai_text.hpp"

namespace noai {

namespace {

// The built-in list: the project's own curation, with facts taken from the
// operators' documentation as collected by ai.robots.txt (tests/data).
//
// Included, by purpose:
//  - training: User-Agent tokens of crawlers whose operator says the data
//    trains AI models, and of the crawlers and downloaders that build,
//    publish or sell the datasets models are trained on (Common Crawl,
//    LAION's tools, Webz.io): a dataset is training by another hand.
//  - ai-input: fetchers and indexers for AI answers and AI search
//    (ChatGPT-User, PerplexityBot, ...). They put an artist's work into AI
//    output; they are denied like training unless noai_ai_input is on.
// Either purpose may be robots_txt_only: tokens that never appear in a
// User-Agent (Google-Extended, Applebot-Extended), written to robots.txt and
// never matched against requests.
// Excluded on purpose:
//  - search crawlers (Googlebot, Bingbot, Applebot, DuckDuckBot, PetalBot):
//    blocking them takes a portfolio out of search;
//  - link-preview fetchers (facebookexternalhit, Twitterbot, Slackbot);
//  - generic tools and short generic words (Scrapy, Spider, Cursor, Code,
//    Operator, LCC, YaK): they name a tool, not an AI operator, and match far
//    too many unrelated clients;
//  - fetchers that only crawl on the site owner's own request
//    (Google-CloudVertexBot, bedrockbot, Cloudflare-AutoRAG);
//  - agents whose operator and purpose are unknown beyond a name.
// Default img2dataset sends no token at all: see noai_fingerprint.
//
// robots.txt (RFC 9309) takes a product token of letters, '-' and '_' only.
// Names of several words get their first word, which is what a conforming
// parser reads of them anyway and what urllib.robotparser (a substring test)
// still finds in the whole name. Names with digits (img2dataset, AI2Bot,
// Ai2Bot-Dolma) are written as their operators document them: no conforming
// line can match them, but lenient parsers such as Python's do.
constexpr bool kInUserAgent = false;
constexpr bool kRobotsTxtOnly = true;

constexpr BuiltinAgent kBuiltinAgents[] = {
    // --- training ----------------------------------------------------------
    {"GPTBot", Purpose::training, kInUserAgent, "OpenAI", "crawls to train OpenAI's models"},
    {"ClaudeBot", Purpose::training, kInUserAgent, "Anthropic", "crawls to train Anthropic's models"},
    {"anthropic-ai", Purpose::training, kInUserAgent, "Anthropic", "older Anthropic training token"},
    {"Meta-ExternalAgent", Purpose::training, kInUserAgent, "Meta", "crawls to train Meta's AI models"},
    {"FacebookBot", Purpose::training, kInUserAgent, "Meta", "crawls to train Meta's speech recognition"},
    {"Bytespider", Purpose::training, kInUserAgent, "ByteDance", "downloads data to train ByteDance LLMs"},
    {"TikTokSpider", Purpose::training, kInUserAgent, "ByteDance", "downloads LLM training data, as Bytespider"},
    {"Amazonbot", Purpose::training, kInUserAgent, "Amazon", "Amazon says its data may train Amazon AI models"},
    {"cohere-training-data-crawler", Purpose::training, kInUserAgent, "Cohere", "downloads training data for Cohere's LLMs"},
    {"AI2Bot", Purpose::training, kInUserAgent, "Ai2", "content trains Ai2's open language models"},
    {"DeepSeekBot", Purpose::training, kInUserAgent, "DeepSeek", "crawls to train DeepSeek's models"},
    {"PanguBot", Purpose::training, kInUserAgent, "Huawei", "downloads training data for Huawei's PanGu LLM"},
    {"Kangaroo Bot", Purpose::training, kInUserAgent, "Kangaroo LLM", "downloads training data for Kangaroo LLM", "Kangaroo"},
    {"Timpibot", Purpose::training, kInUserAgent, "Timpi", "scrapes data for training LLMs"},
    {"Cotoyogi", Purpose::training, kInUserAgent, "ROIS (Japan)", "scrapes Japanese-language AI training data"},
    {"SBIntuitionsBot", Purpose::training, kInUserAgent, "SB Intuitions", "gathers data for AI development"},
    {"Linguee Bot", Purpose::training, kInUserAgent, "Linguee", "gathers training data for AI translation", "Linguee"},
    {"Factset_spyderbot", Purpose::training, kInUserAgent, "FactSet", "scrapes data for AI training"},
    {"Sidetrade indexer bot", Purpose::training, kInUserAgent, "Sidetrade", "extracts data for AI product training", "Sidetrade"},
    // --- training: dataset builders ----------------------------------------
    {"img2dataset", Purpose::training, kInUserAgent, "LAION / img2dataset", "bulk image downloader for training sets"},
    {"LAIONDownloader", Purpose::training, kInUserAgent, "LAION", "downloads images for LAION datasets"},
    {"laion-huggingface-processor", Purpose::training, kInUserAgent, "LAION", "LAION dataset processing"},
    {"CCBot", Purpose::training, kInUserAgent, "Common Crawl", "open crawl archive widely used to train AI"},
    {"Ai2Bot-Dolma", Purpose::training, kInUserAgent, "Ai2", "gathers the Dolma open training dataset"},
    {"Diffbot", Purpose::training, kInUserAgent, "Diffbot", "structured web data sold to AI applications"},
    {"omgili", Purpose::training, kInUserAgent, "Webz.io", "crawl data sold, including for LLM training"},
    {"omgilibot", Purpose::training, kInUserAgent, "Webz.io", "older Webz.io crawler token"},
    // Possibly a robots.txt-only control like Google-Extended; unverified, so
    // it is matched too (harmless if it never appears in a User-Agent).
    {"ImagesiftBot", Purpose::training, kInUserAgent, "ImageSift", "scrapes images into a commercial index"},
    {"ICC-Crawler", Purpose::training, kInUserAgent, "NICT", "AI data, also provided to third parties"},
    {"Brightbot", Purpose::training, kInUserAgent, "Bright Data", "AI training data collection for resale"},
    {"VelenPublicWebCrawler", Purpose::training, kInUserAgent, "Velen", "builds datasets and machine-learning models"},
    {"FriendlyCrawler", Purpose::training, kInUserAgent, "unknown", "builds machine-learning datasets"},
    // --- ai-input ----------------------------------------------------------
    {"ChatGPT-User", Purpose::ai_input, kInUserAgent, "OpenAI", "fetches pages for ChatGPT answers"},
    {"OAI-SearchBot", Purpose::ai_input, kInUserAgent, "OpenAI", "indexes for ChatGPT search"},
    {"Claude-User", Purpose::ai_input, kInUserAgent, "Anthropic", "fetches pages for Claude answers"},
    {"Claude-SearchBot", Purpose::ai_input, kInUserAgent, "Anthropic", "indexes for Claude search"},
    {"Claude-Web", Purpose::ai_input, kInUserAgent, "Anthropic", "older, undocumented Anthropic fetcher"},
    {"PerplexityBot", Purpose::ai_input, kInUserAgent, "Perplexity", "indexes for Perplexity AI answers"},
    {"Perplexity-User", Purpose::ai_input, kInUserAgent, "Perplexity", "fetches pages for Perplexity answers"},
    {"Meta-ExternalFetcher", Purpose::ai_input, kInUserAgent, "Meta", "fetches links for Meta AI"},
    {"cohere-ai", Purpose::ai_input, kInUserAgent, "Cohere", "fetches pages for Cohere chat answers"},
    {"MistralAI-User", Purpose::ai_input, kInUserAgent, "Mistral AI", "fetches pages for Le Chat answers"},
    {"DuckAssistBot", Purpose::ai_input, kInUserAgent, "DuckDuckGo", "collects content for DuckAssist AI answers"},
    {"YouBot", Purpose::ai_input, kInUserAgent, "You.com", "crawls for You.com AI search and LLMs"},
    // --- training, robots_txt_only -----------------------------------------
    {"Google-Extended", Purpose::training, kRobotsTxtOnly, "Google",
     "robots.txt control for Gemini/Vertex AI training; crawling is done by Googlebot"},
    {"Applebot-Extended", Purpose::training, kRobotsTxtOnly, "Apple",
     "robots.txt control for Apple foundation-model training; crawling is done by Applebot"},
    {"Webzio-Extended", Purpose::training, kRobotsTxtOnly, "Webz.io",
     "robots.txt token for AI use of Webz.io crawl data; its crawlers are omgili/omgilibot"},
};

}  // namespace

const std::vector<BuiltinAgent>& builtin_agents() {
    static const std::vector<BuiltinAgent> list(std::begin(kBuiltinAgents), std::end(kBuiltinAgents));
    return list;
}

std::vector<std::string> builtin_ua_tokens() {
    std::vector<std::string> tokens;
    for (const BuiltinAgent& a : kBuiltinAgents)
        if (!a.robots_txt_only) tokens.emplace_back(a.name);
    return tokens;
}

std::vector<std::string> builtin_robots_txt_only_tokens() {
    std::vector<std::string> tokens;
    for (const BuiltinAgent& a : kBuiltinAgents)
        if (a.robots_txt_only) tokens.emplace_back(a.name);
    return tokens;
}

const BuiltinAgent* find_builtin_agent(std::string_view name) noexcept {
    for (const BuiltinAgent& a : kBuiltinAgents)
        if (equals_ignore_case(a.name, name)) return &a;
    return nullptr;
}

std::string_view robots_txt_user_agent(std::string_view name) noexcept {
    const BuiltinAgent* agent = find_builtin_agent(name);
    return agent != nullptr && !agent->robots_txt_token.empty() ? agent->robots_txt_token : name;
}

std::string_view agent_token_error(std::string_view token) noexcept {
    if (token.empty()) return "empty agent token";
    static_assert(kMaxAgentTokenBytes == 256, "the message below states the bound");
    if (token.size() > kMaxAgentTokenBytes) return "agent token longer than 256 bytes";
    for (char c : token)
        if (is_ascii_control(c)) return "control character in agent token";
    return {};
}


}  // namespace noai
