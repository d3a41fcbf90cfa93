// AgentPolicy: every rule of the decision, and the one allow rule shared by
// matching and robots.txt.
#include "noai_agent_policy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "noai_agent_list.hpp"

namespace noai {
namespace {

constexpr std::string_view kFirefox72 =
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:72.0) Gecko/20100101 Firefox/72.0";
constexpr std::string_view kChrome =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36";

RequestView with_user_agent(std::string_view user_agent) {
    RequestView request;
    request.user_agent = user_agent;
    request.has_user_agent = true;
    return request;
}

// What default img2dataset sends: no name, a fixed shape.
RequestView img2dataset_default() {
    RequestView request = with_user_agent(kFirefox72);
    request.accept_encoding = "identity";
    request.has_accept_encoding = true;
    return request;
}

AgentPolicyConfig config(std::vector<std::string> agents = {}, std::vector<std::string> allow = {}) {
    AgentPolicyConfig c;
    for (std::string& name : agents) c.agents.push_back({std::move(name), Purpose::training});
    c.allow = std::move(allow);
    return c;
}

bool contains(const std::vector<std::string>& list, std::string_view name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

void expect_nothing(const Decision& d) {
    EXPECT_EQ(d.action, Action::none);
    EXPECT_EQ(d.agent, "");
    EXPECT_EQ(d.reason_kind, ReasonKind::none);
    EXPECT_EQ(d.reason, "");
}

TEST(AgentPolicy, DeniesABuiltinTokenInTheUserAgent) {
    const AgentPolicy policy(config());
    const Decision d = policy.decide(with_user_agent("Mozilla/5.0 (compatible; GPTBot/1.2)"), "/img.png");
    EXPECT_EQ(d.action, Action::denied);
    EXPECT_EQ(d.agent, "GPTBot");
    EXPECT_EQ(d.reason_kind, ReasonKind::token);
    EXPECT_EQ(d.reason, "GPTBot");
}

TEST(AgentPolicy, DeniesAConfiguredTokenAsSpelledInTheConfiguration) {
    const AgentPolicy policy(config({"Scraper Two"}));
    const Decision d = policy.decide(with_user_agent("scraper two/0.1"), "/");
    EXPECT_EQ(d.action, Action::denied);
    EXPECT_EQ(d.agent, "Scraper Two");
    EXPECT_EQ(d.reason, "Scraper Two");
}

TEST(AgentPolicy, ReportsInsteadOfDenyingInReportMode) {
    AgentPolicyConfig c = config();
    c.block = BlockMode::report;
    const AgentPolicy policy(c);
    const Decision d = policy.decide(with_user_agent("CCBot/2.0"), "/a.jpg");
    EXPECT_EQ(d.action, Action::reported);
    EXPECT_EQ(d.agent, "CCBot");
    EXPECT_EQ(policy.decide(img2dataset_default(), "/a.jpg").action, Action::reported);
}

TEST(AgentPolicy, PassesRequestsThatNameNoAgent) {
    const AgentPolicy policy(config({"Scraper"}));
    expect_nothing(policy.decide(with_user_agent(kChrome), "/"));
    expect_nothing(policy.decide(with_user_agent("curl/8.5.0"), "/"));
    expect_nothing(policy.decide(with_user_agent("NotAScraperBot"), "/"));   // word edges
    expect_nothing(policy.decide(RequestView{}, "/"));                       // no User-Agent
}

TEST(AgentPolicy, NamesTheAgentButNeverDeniesRobotsTxt) {
    for (BlockMode mode : {BlockMode::on, BlockMode::report}) {
        AgentPolicyConfig c = config();
        c.block = mode;
        const AgentPolicy policy(c);
        const Decision token = policy.decide(with_user_agent("GPTBot/1.2"), "/robots.txt");
        EXPECT_EQ(token.action, Action::none);
        EXPECT_EQ(token.agent, "GPTBot");
        EXPECT_EQ(token.reason_kind, ReasonKind::token);
        const Decision fingerprint = policy.decide(img2dataset_default(), "/robots.txt");
        EXPECT_EQ(fingerprint.action, Action::none);
        EXPECT_EQ(fingerprint.agent, "img2dataset");
        // Only that exact path: the URI is the normalised one nginx matched.
        const Action elsewhere = mode == BlockMode::on ? Action::denied : Action::reported;
        EXPECT_EQ(policy.decide(with_user_agent("GPTBot/1.2"), "/robots.txt.bak").action, elsewhere);
        EXPECT_EQ(policy.decide(with_user_agent("GPTBot/1.2"), "/x/robots.txt").action, elsewhere);
    }
}

TEST(AgentPolicy, FingerprintNamesAnAgentThatSendsNoToken) {
    const AgentPolicy policy(config());
    const Decision d = policy.decide(img2dataset_default(), "/img.png");
    EXPECT_EQ(d.action, Action::denied);
    EXPECT_EQ(d.agent, "img2dataset");
    EXPECT_EQ(d.reason_kind, ReasonKind::fingerprint);
    EXPECT_EQ(d.reason, "img2dataset-default");
    EXPECT_EQ(reason_kind_name(d.reason_kind), "fingerprint");
    EXPECT_EQ(reason_kind_name(ReasonKind::token), "token");
}

TEST(AgentPolicy, FingerprintsOffIgnoresHeaderShapes) {
    AgentPolicyConfig c = config();
    c.fingerprints = false;
    const AgentPolicy policy(c);
    expect_nothing(policy.decide(img2dataset_default(), "/img.png"));
    EXPECT_EQ(policy.decide(with_user_agent("GPTBot"), "/img.png").action, Action::denied);   // tokens still
}

TEST(AgentPolicy, ATokenBeatsAFingerprint) {
    const AgentPolicy policy(config({"Firefox"}));
    const Decision d = policy.decide(img2dataset_default(), "/");
    EXPECT_EQ(d.reason_kind, ReasonKind::token);
    EXPECT_EQ(d.agent, "Firefox");
}

TEST(AgentPolicy, AllowTokenInTheUserAgentBeatsEveryAgentToken) {
    const AgentPolicy policy(config({"ScraperBot"}, {"FriendlyPreview"}));
    expect_nothing(policy.decide(with_user_agent("ScraperBot/1.0 FriendlyPreview/2"), "/"));
    expect_nothing(policy.decide(with_user_agent("FriendlyPreview GPTBot"), "/"));   // built-ins too
    EXPECT_EQ(policy.decide(with_user_agent("ScraperBot/1.0 FriendlyPreviewer"), "/").action, Action::denied);
}

TEST(AgentPolicy, AllowBeatsFingerprints) {
    // An allow token in the User-Agent ...
    const AgentPolicy by_user_agent(config({}, {"Firefox"}));
    expect_nothing(by_user_agent.decide(img2dataset_default(), "/"));
    // ... or one that allows the agent the fingerprint names.
    const AgentPolicy by_agent(config({}, {"img2dataset"}));
    expect_nothing(by_agent.decide(img2dataset_default(), "/"));
    EXPECT_FALSE(contains(by_agent.robots_txt_agents(), "img2dataset"));
}

TEST(AgentPolicy, RobotsTxtOnlyTokensAreNeverMatched) {
    const AgentPolicy policy(config());
    for (const std::string& token : builtin_robots_txt_only_tokens()) {
        expect_nothing(policy.decide(with_user_agent(token + "/1.0"), "/"));
        EXPECT_TRUE(contains(policy.robots_txt_agents(), token)) << token;
    }
}

TEST(AgentPolicy, BuiltinOffLeavesOnlyTheConfiguredTokens) {
    AgentPolicyConfig c = config({"Scraper Two"});
    c.builtin_agents = false;
    const AgentPolicy policy(c);
    expect_nothing(policy.decide(with_user_agent("GPTBot/1.2"), "/"));
    EXPECT_EQ(policy.decide(with_user_agent("Scraper Two"), "/").action, Action::denied);
    EXPECT_EQ(policy.robots_txt_agents(), std::vector<std::string>{"Scraper Two"});
    // Fingerprints are not part of the list: they stay on.
    EXPECT_EQ(policy.decide(img2dataset_default(), "/").agent, "img2dataset");
}

TEST(AgentPolicy, AllowsAnAgentWhenAnAllowTokenOccursInItsNameAtWordEdges) {
    const AgentPolicy policy(config({}, {"Claude"}));
    EXPECT_TRUE(policy.allows("Claude-User"));
    EXPECT_TRUE(policy.allows("Claude-SearchBot"));
    EXPECT_TRUE(policy.allows("claude"));
    EXPECT_FALSE(policy.allows("ClaudeBot"));
    EXPECT_FALSE(policy.allows("anthropic-ai"));
    EXPECT_FALSE(AgentPolicy(config()).allows("Claude-User"));   // no allow tokens
}

TEST(AgentPolicy, OneAllowRuleForRequestsAndRobotsTxt) {
    const AgentPolicy policy(config({"Example-Fetcher"}, {"Claude", "Example"}));
    // Every built-in and configured agent: passed on requests exactly when
    // robots.txt leaves it out.
    std::vector<std::string> names = builtin_ua_tokens();
    names.push_back("Example-Fetcher");
    for (const std::string& name : names) {
        const bool served = policy.decide(with_user_agent(name + "/1.0"), "/").action == Action::none;
        EXPECT_EQ(served, !contains(policy.robots_txt_agents(), name)) << name;
        EXPECT_EQ(served, policy.allows(name)) << name;
    }
    EXPECT_TRUE(policy.allows("Claude-User"));
    EXPECT_FALSE(policy.allows("ClaudeBot"));
    EXPECT_TRUE(contains(policy.robots_txt_agents(), "ClaudeBot"));
    EXPECT_FALSE(contains(policy.robots_txt_agents(), "Example-Fetcher"));
}

TEST(AgentPolicy, RobotsTxtAgentsAreBuiltinsThenConfiguredWithoutDuplicates) {
    const AgentPolicy policy(config({"gptbot", "Scraper", "SCRAPER", "Google-Extended"}));
    const std::vector<std::string>& agents = policy.robots_txt_agents();
    std::vector<std::string> expected;
    for (const BuiltinAgent& agent : builtin_agents()) expected.emplace_back(agent.name);
    expected.push_back("Scraper");
    EXPECT_EQ(agents, expected);
}

TEST(AgentPolicy, KeepsItsSwitches) {
    AgentPolicyConfig c = config();
    c.block = BlockMode::report;
    c.fingerprints = false;
    const AgentPolicy policy(c);
    EXPECT_EQ(policy.block(), BlockMode::report);
    EXPECT_FALSE(policy.fingerprints());
    EXPECT_EQ(policy.matcher().token_count(), builtin_ua_tokens().size());
}

// --- purposes ---------------------------------------------------------------------

AgentPolicyConfig with_purposes(bool ai_input) {
    AgentPolicyConfig c;
    c.agents = {{"MyAssistant", Purpose::ai_input}, {"MyIndex", Purpose::search}, {"MyScraper", Purpose::training}};
    c.ai_input = ai_input;
    return c;
}

TEST(AgentPolicy, AiInputOffRefusesAiInputLikeTraining) {
    const AgentPolicy policy(with_purposes(false));
    for (const char* ua : {"ChatGPT-User/1.0", "MyAssistant/2", "GPTBot/1.2", "MyScraper/1"})
        EXPECT_EQ(policy.decide(with_user_agent(ua), "/a.png").action, Action::denied) << ua;
    const Decision chatgpt = policy.decide(with_user_agent("ChatGPT-User/1.0"), "/a.png");
    EXPECT_EQ(chatgpt.purpose, Purpose::ai_input);
    EXPECT_TRUE(policy.refuses(Purpose::ai_input));
    EXPECT_TRUE(contains(policy.robots_txt_agents(), "ChatGPT-User"));
    EXPECT_TRUE(contains(policy.robots_txt_agents(), "MyAssistant"));
}

TEST(AgentPolicy, AiInputOnServesAiInputAgentsButNamesThem) {
    const AgentPolicy policy(with_purposes(true));
    for (const char* ua : {"ChatGPT-User/1.0", "MyAssistant/2", "Mozilla/5.0 (compatible; PerplexityBot/1.0)"}) {
        const Decision d = policy.decide(with_user_agent(ua), "/a.png");
        EXPECT_EQ(d.action, Action::none) << ua;
        EXPECT_EQ(d.purpose, Purpose::ai_input) << ua;
        EXPECT_FALSE(d.agent.empty()) << ua;
    }
    EXPECT_EQ(policy.decide(with_user_agent("GPTBot/1.2"), "/a.png").action, Action::denied);
    EXPECT_FALSE(contains(policy.robots_txt_agents(), "ChatGPT-User"));
    EXPECT_FALSE(contains(policy.robots_txt_agents(), "MyAssistant"));
    EXPECT_TRUE(contains(policy.robots_txt_agents(), "GPTBot"));
    EXPECT_TRUE(contains(policy.robots_txt_agents(), "Google-Extended"));
}

TEST(AgentPolicy, SearchIsNeverRefusedByPurpose) {
    for (bool ai_input : {false, true}) {
        AgentPolicyConfig c = with_purposes(ai_input);
        c.block = BlockMode::report;
        const AgentPolicy policy(c);
        const Decision d = policy.decide(with_user_agent("MyIndex/1.0"), "/a.png");
        EXPECT_EQ(d.action, Action::none);
        EXPECT_EQ(d.agent, "MyIndex");
        EXPECT_EQ(d.purpose, Purpose::search);
        EXPECT_FALSE(contains(policy.robots_txt_agents(), "MyIndex"));
    }
}

TEST(AgentPolicy, TheFirstListingOfANameGivesItsPurpose) {
    AgentPolicyConfig c;
    // The built-in ChatGPT-User (ai-input) comes before the configured one.
    c.agents = {{"chatgpt-user", Purpose::training}, {"Twice", Purpose::search}, {"TWICE", Purpose::training}};
    c.ai_input = true;
    const AgentPolicy policy(c);
    EXPECT_EQ(policy.decide(with_user_agent("ChatGPT-User/1.0"), "/").action, Action::none);
    EXPECT_EQ(policy.decide(with_user_agent("twice/1"), "/").purpose, Purpose::search);
    EXPECT_FALSE(contains(policy.robots_txt_agents(), "Twice"));
    EXPECT_FALSE(contains(policy.robots_txt_agents(), "TWICE"));
}

TEST(AgentPolicy, AllowBeatsPurposeAndFingerprintsTakeTheBuiltinPurpose) {
    AgentPolicyConfig c = with_purposes(false);
    c.allow = {"MyScraper"};
    const AgentPolicy policy(c);
    EXPECT_EQ(policy.decide(with_user_agent("MyScraper/1"), "/a.png").action, Action::none);
    const Decision fingerprint = policy.decide(img2dataset_default(), "/a.png");
    EXPECT_EQ(fingerprint.action, Action::denied);
    EXPECT_EQ(fingerprint.purpose, Purpose::training);
}

}  // namespace
}  // namespace noai
