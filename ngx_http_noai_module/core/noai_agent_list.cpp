#include "noai_agent_list.hpp"

#include <iterator>

#include "noai_text.hpp"

namespace noai {

namespace {

// The built-in list: the project's own curation, with facts taken from the
// operators' documentation as collected by ai.robots.txt (tests/data).
//
// Included:
//  - training: User-Agent tokens of crawlers whose operator says the data
//    trains AI models.
//  - dataset: crawlers and downloaders that build, publish or sell the
//    datasets models are trained on (Common Crawl, LAION's tools, Webz.io).
//  - ai_assistant: fetchers and indexers for AI answers and AI search
//    (ChatGPT-User, PerplexityBot, ...). They put an artist's work into AI
//    output, so they are denied by default like the others; the kind is kept
//    so the status page can show it, and noai_agent_allow lets one through.
//  - robots_txt_only: tokens that never appear in a User-Agent
//    (Google-Extended, Applebot-Extended): written to robots.txt, never
//    matched against requests.
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
constexpr BuiltinAgent kBuiltinAgents[] = {
    // --- training ---------------------------------------------------------
    {"GPTBot", AgentKind::training, "OpenAI", "crawls to train OpenAI's models"},
    {"ClaudeBot", AgentKind::training, "Anthropic", "crawls to train Anthropic's models"},
    {"anthropic-ai", AgentKind::training, "Anthropic", "older Anthropic training token"},
    {"Meta-ExternalAgent", AgentKind::training, "Meta", "crawls to train Meta's AI models"},
    {"FacebookBot", AgentKind::training, "Meta", "crawls to train Meta's speech recognition"},
    {"Bytespider", AgentKind::training, "ByteDance", "downloads data to train ByteDance LLMs"},
    {"TikTokSpider", AgentKind::training, "ByteDance", "downloads LLM training data, as Bytespider"},
    {"Amazonbot", AgentKind::training, "Amazon", "Amazon says its data may train Amazon AI models"},
    {"cohere-training-data-crawler", AgentKind::training, "Cohere", "downloads training data for Cohere's LLMs"},
    {"AI2Bot", AgentKind::training, "Ai2", "content trains Ai2's open language models"},
    {"DeepSeekBot", AgentKind::training, "DeepSeek", "crawls to train DeepSeek's models"},
    {"PanguBot", AgentKind::training, "Huawei", "downloads training data for Huawei's PanGu LLM"},
    {"Kangaroo Bot", AgentKind::training, "Kangaroo LLM", "downloads training data for Kangaroo LLM"},
    {"Timpibot", AgentKind::training, "Timpi", "scrapes data for training LLMs"},
    {"Cotoyogi", AgentKind::training, "ROIS (Japan)", "scrapes Japanese-language AI training data"},
    {"SBIntuitionsBot", AgentKind::training, "SB Intuitions", "gathers data for AI development"},
    {"Linguee Bot", AgentKind::training, "Linguee", "gathers training data for AI translation"},
    {"Factset_spyderbot", AgentKind::training, "FactSet", "scrapes data for AI training"},
    {"Sidetrade indexer bot", AgentKind::training, "Sidetrade", "extracts data for AI product training"},
    // --- dataset ----------------------------------------------------------
    {"img2dataset", AgentKind::dataset, "LAION / img2dataset", "bulk image downloader for training sets"},
    {"LAIONDownloader", AgentKind::dataset, "LAION", "downloads images for LAION datasets"},
    {"laion-huggingface-processor", AgentKind::dataset, "LAION", "LAION dataset processing"},
    {"CCBot", AgentKind::dataset, "Common Crawl", "open crawl archive widely used to train AI"},
    {"Ai2Bot-Dolma", AgentKind::dataset, "Ai2", "gathers the Dolma open training dataset"},
    {"Diffbot", AgentKind::dataset, "Diffbot", "structured web data sold to AI applications"},
    {"omgili", AgentKind::dataset, "Webz.io", "crawl data sold, including for LLM training"},
    {"omgilibot", AgentKind::dataset, "Webz.io", "older Webz.io crawler token"},
    // Possibly a robots.txt-only control like Google-Extended; unverified, so
    // it is matched too (harmless if it never appears in a User-Agent).
    {"ImagesiftBot", AgentKind::dataset, "ImageSift", "scrapes images into a commercial index"},
    {"ICC-Crawler", AgentKind::dataset, "NICT", "AI data, also provided to third parties"},
    {"Brightbot", AgentKind::dataset, "Bright Data", "AI training data collection for resale"},
    {"VelenPublicWebCrawler", AgentKind::dataset, "Velen", "builds datasets and machine-learning models"},
    {"FriendlyCrawler", AgentKind::dataset, "unknown", "builds machine-learning datasets"},
    // --- ai_assistant -----------------------------------------------------
    {"ChatGPT-User", AgentKind::ai_assistant, "OpenAI", "fetches pages for ChatGPT answers"},
    {"OAI-SearchBot", AgentKind::ai_assistant, "OpenAI", "indexes for ChatGPT search"},
    {"Claude-User", AgentKind::ai_assistant, "Anthropic", "fetches pages for Claude answers"},
    {"Claude-SearchBot", AgentKind::ai_assistant, "Anthropic", "indexes for Claude search"},
    {"Claude-Web", AgentKind::ai_assistant, "Anthropic", "older, undocumented Anthropic fetcher"},
    {"PerplexityBot", AgentKind::ai_assistant, "Perplexity", "indexes for Perplexity AI answers"},
    {"Perplexity-User", AgentKind::ai_assistant, "Perplexity", "fetches pages for Perplexity answers"},
    {"Meta-ExternalFetcher", AgentKind::ai_assistant, "Meta", "fetches links for Meta AI"},
    {"cohere-ai", AgentKind::ai_assistant, "Cohere", "fetches pages for Cohere chat answers"},
    {"MistralAI-User", AgentKind::ai_assistant, "Mistral AI", "fetches pages for Le Chat answers"},
    {"DuckAssistBot", AgentKind::ai_assistant, "DuckDuckGo", "collects content for DuckAssist AI answers"},
    {"YouBot", AgentKind::ai_assistant, "You.com", "crawls for You.com AI search and LLMs"},
    // --- robots_txt_only --------------------------------------------------
    {"Google-Extended", AgentKind::robots_txt_only, "Google",
     "robots.txt control for Gemini/Vertex AI training; crawling is done by Googlebot"},
    {"Applebot-Extended", AgentKind::robots_txt_only, "Apple",
     "robots.txt control for Apple foundation-model training; crawling is done by Applebot"},
    {"Webzio-Extended", AgentKind::robots_txt_only, "Webz.io",
     "robots.txt token for AI use of Webz.io crawl data; its crawlers are omgili/omgilibot"},
};

}  // namespace

std::string_view agent_kind_name(AgentKind kind) noexcept {
    switch (kind) {
    case AgentKind::training: return "training";
    case AgentKind::dataset: return "dataset";
    case AgentKind::ai_assistant: return "ai_assistant";
    case AgentKind::robots_txt_only: return "robots_txt_only";
    }
    return "";
}

const std::vector<BuiltinAgent>& builtin_agents() {
    static const std::vector<BuiltinAgent> list(std::begin(kBuiltinAgents), std::end(kBuiltinAgents));
    return list;
}

std::vector<std::string> builtin_ua_tokens() {
    std::vector<std::string> tokens;
    for (const BuiltinAgent& a : kBuiltinAgents)
        if (a.kind != AgentKind::robots_txt_only) tokens.emplace_back(a.name);
    return tokens;
}

std::vector<std::string> builtin_robots_txt_only_tokens() {
    std::vector<std::string> tokens;
    for (const BuiltinAgent& a : kBuiltinAgents)
        if (a.kind == AgentKind::robots_txt_only) tokens.emplace_back(a.name);
    return tokens;
}

const BuiltinAgent* find_builtin_agent(std::string_view name) noexcept {
    for (const BuiltinAgent& a : kBuiltinAgents)
        if (equals_ignore_case(a.name, name)) return &a;
    return nullptr;
}

std::string_view agent_token_error(std::string_view token) noexcept {
    if (token.empty()) return "empty agent token";
    for (char c : token)
        if (is_ascii_control(c)) return "control character in agent token";
    return {};
}


}  // namespace noai
