#include "noai_agent_list.hpp"

#include <iterator>

#include "noai_text.hpp"

namespace noai {

namespace {

// The built-in list: the project's own curation, with facts taken from the
// operators' documentation as collected by ai.robots.txt (shared/data).
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

bool is_control(unsigned char c) noexcept { return c < 0x20 || c == 0x7f; }

AgentFileResult failure(std::size_t line, std::string_view message) {
    AgentFileResult result;
    result.error_line = line;
    if (line != 0) result.error = "line " + std::to_string(line) + ": ";
    result.error += message;
    return result;
}

AgentFileResult finish(std::vector<std::string> agents) {
    if (agents.empty()) return failure(0, "no agents in file");
    AgentFileResult result;
    result.agents = std::move(agents);
    return result;
}

AgentFileResult parse_plain(std::string_view content) {
    std::vector<std::string> agents;
    std::size_t line_no = 0;
    while (!content.empty()) {
        ++line_no;
        const std::size_t eol = content.find('\n');
        std::string_view line = content.substr(0, eol);
        content.remove_prefix(eol == std::string_view::npos ? content.size() : eol + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        line = trim(line.substr(0, line.find('#')));
        if (line.empty()) continue;
        if (std::string_view error = agent_token_error(line); !error.empty()) return failure(line_no, error);
        agents.emplace_back(line);
    }
    return finish(std::move(agents));
}

// A small JSON reader for robots.json: the keys of the top-level object are
// kept, every value is checked for well-formedness and skipped.
class JsonReader {
public:
    explicit JsonReader(std::string_view in) : in_(in) {}

    AgentFileResult parse() {
        std::vector<std::string> agents;
        skip_space();
        if (!consume('{')) return error("expected '{' to start the agent object");
        skip_space();
        if (consume('}')) return finish_document(std::move(agents));
        for (;;) {
            skip_space();
            if (peek() != '"') return error("expected '\"' to start an agent name");
            const std::size_t name_line = line_;
            std::string name;
            if (!read_string(&name)) return error(error_);
            if (std::string_view bad = agent_token_error(name); !bad.empty()) return failure(name_line, bad);
            skip_space();
            if (!consume(':')) return error("expected ':' after an agent name");
            skip_space();
            if (peek() != '{') return error("expected '{' to start the entry of \"" + printable(name) + "\"");
            if (!skip_value(0)) return error(error_);
            agents.push_back(std::move(name));
            skip_space();
            if (consume(',')) continue;
            if (consume('}')) return finish_document(std::move(agents));
            return error("expected ',' or '}' after an agent entry");
        }
    }

private:
    static constexpr int kMaxDepth = 64;

    AgentFileResult finish_document(std::vector<std::string> agents) {
        skip_space();
        if (pos_ != in_.size()) return error("unexpected text after the agent object");
        return finish(std::move(agents));
    }
    AgentFileResult error(const std::string& message) const { return failure(line_, message); }

    // Names in messages stay on one line and printable.
    static std::string printable(std::string_view s) {
        std::string out;
        for (char c : s) out += is_control(static_cast<unsigned char>(c)) ? '?' : c;
        return out;
    }

    char peek() const { return pos_ < in_.size() ? in_[pos_] : '\0'; }
    bool consume(char c) {
        if (pos_ >= in_.size() || in_[pos_] != c) return false;
        ++pos_;
        return true;
    }
    void skip_space() {
        for (; pos_ < in_.size(); ++pos_) {
            const char c = in_[pos_];
            if (c == '\n') ++line_;
            else if (c != ' ' && c != '\t' && c != '\r') return;
        }
    }
    bool fail(std::string message) {
        error_ = std::move(message);
        return false;
    }

    bool skip_value(int depth) {
        if (depth > kMaxDepth) return fail("values nested too deeply");
        switch (peek()) {
        case '{': return skip_container('}', depth, true);
        case '[': return skip_container(']', depth, false);
        case '"': return read_string(nullptr);
        case 't': return skip_literal("true");
        case 'f': return skip_literal("false");
        case 'n': return skip_literal("null");
        default: return skip_number();
        }
    }

    bool skip_container(char close, int depth, bool object) {
        ++pos_;
        skip_space();
        if (consume(close)) return true;
        for (;;) {
            skip_space();
            if (object) {
                if (peek() != '"') return fail("expected '\"' to start a field name");
                if (!read_string(nullptr)) return false;
                skip_space();
                if (!consume(':')) return fail("expected ':' after a field name");
                skip_space();
            }
            if (!skip_value(depth + 1)) return false;
            skip_space();
            if (consume(',')) continue;
            if (consume(close)) return true;
            return fail(std::string("expected ',' or '") + close + "'");
        }
    }

    bool skip_literal(std::string_view word) {
        if (in_.substr(pos_, word.size()) != word) return fail("unexpected character");
        pos_ += word.size();
        return true;
    }

    bool skip_number() {
        const std::size_t begin = pos_;
        while (pos_ < in_.size()) {
            const char c = in_[pos_];
            if (!is_ascii_digit(c) && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') break;
            ++pos_;
        }
        if (pos_ == begin) return fail(pos_ < in_.size() ? "unexpected character" : "unexpected end of file");
        return true;
    }

    static int hex_value(char c) {
        if (is_ascii_digit(c)) return c - '0';
        const char l = to_lower_ascii(c);
        return (l >= 'a' && l <= 'f') ? l - 'a' + 10 : -1;
    }
    bool read_hex4(unsigned& out) {
        if (in_.size() - pos_ < 4) return fail("unterminated \\u escape");
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const int v = hex_value(in_[pos_++]);
            if (v < 0) return fail("invalid \\u escape");
            out = out * 16 + static_cast<unsigned>(v);
        }
        return true;
    }
    static void append_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xc0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xe0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
            out += static_cast<char>(0x80 | (cp & 0x3f));
        } else {
            out += static_cast<char>(0xf0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
            out += static_cast<char>(0x80 | (cp & 0x3f));
        }
    }

    // Reads a string at pos_ (which holds '"'); decodes it into *out if given.
    bool read_string(std::string* out) {
        ++pos_;
        for (;;) {
            if (pos_ >= in_.size()) return fail("unterminated string");
            const char c = in_[pos_++];
            if (c == '"') return true;
            if (is_control(static_cast<unsigned char>(c)) && c != 0x7f) return fail("control character in string");
            if (c != '\\') {
                if (out) *out += c;
                continue;
            }
            if (pos_ >= in_.size()) return fail("unterminated string");
            const char e = in_[pos_++];
            char plain = 0;
            switch (e) {
            case '"': plain = '"'; break;
            case '\\': plain = '\\'; break;
            case '/': plain = '/'; break;
            case 'b': plain = '\b'; break;
            case 'f': plain = '\f'; break;
            case 'n': plain = '\n'; break;
            case 'r': plain = '\r'; break;
            case 't': plain = '\t'; break;
            case 'u': {
                unsigned cp = 0;
                if (!read_hex4(cp)) return false;
                if (cp >= 0xd800 && cp < 0xdc00) {   // high surrogate: a low one must follow
                    unsigned low = 0;
                    if (in_.substr(pos_, 2) != "\\u") return fail("unpaired surrogate in \\u escape");
                    pos_ += 2;
                    if (!read_hex4(low)) return false;
                    if (low < 0xdc00 || low >= 0xe000) return fail("unpaired surrogate in \\u escape");
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                } else if (cp >= 0xdc00 && cp < 0xe000) {
                    return fail("unpaired surrogate in \\u escape");
                }
                if (out) append_utf8(*out, cp);
                continue;
            }
            default: return fail("invalid escape in string");
            }
            if (out) *out += plain;
        }
    }

    std::string_view in_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::string error_;
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
        if (is_control(static_cast<unsigned char>(c))) return "control character in agent token";
    return {};
}

AgentFileResult parse_agents_file(std::string_view content) {
    constexpr std::string_view kBom = "\xef\xbb\xbf";
    if (content.substr(0, kBom.size()) == kBom) content.remove_prefix(kBom.size());
    const std::size_t first = content.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && content[first] == '{') return JsonReader(content).parse();
    return parse_plain(content);
}

}  // namespace noai
