// AgentPolicy with noai_verify and noai_impersonation: impostors by address,
// verified crawlers, browser impersonation.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "noai_agent_policy.hpp"
#include "noai_impersonation.hpp"

namespace noai {
namespace {

constexpr std::string_view kGooglebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
constexpr std::string_view kGptbot = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)";
constexpr std::string_view kChrome =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

VerifiedCrawler crawler(std::string token, const std::string& ranges) {
    const RangeFileResult file = parse_range_file(ranges);
    EXPECT_TRUE(file.ok()) << file.error;
    return {std::move(token), AddressRanges(file.prefixes)};
}

AgentPolicyConfig verifying(BlockMode block = BlockMode::on) {
    AgentPolicyConfig c;
    c.block = block;
    c.verify.push_back(crawler("Googlebot", "66.249.64.0/19\n2001:4860:4801::/48\n"));
    c.verify.push_back(crawler("GPTBot", "{\"prefixes\": [{\"ipv4Prefix\": \"192.0.2.0/24\"}]}"));
    return c;
}

std::string bytes_of(const std::string& text) {
    IpAddress a;
    EXPECT_EQ(parse_address(text, a), "");
    return a.is_v6 ? std::string(reinterpret_cast<const char*>(a.bytes.data()), 16)
                   : std::string(reinterpret_cast<const char*>(a.bytes.data()), 4);
}

RequestView from(std::string_view user_agent, const std::string& address_bytes) {
    RequestView r;
    r.user_agent = user_agent;
    r.has_user_agent = true;
    r.client_address = address_bytes;
    return r;
}

TEST(AgentPolicyVerify, AClaimFromOutsideTheRangesIsAnImpostor) {
    const AgentPolicy policy(verifying());
    const std::string outside = bytes_of("203.0.113.9");
    const Decision d = policy.decide(from(kGooglebot, outside), "/art.jpg");
    EXPECT_EQ(d.action, Action::denied);
    EXPECT_EQ(d.agent, "Googlebot");
    EXPECT_EQ(d.reason_kind, ReasonKind::impostor);
    EXPECT_EQ(d.reason, "ip");
    EXPECT_EQ(d.verified, "");
    EXPECT_EQ(reason_kind_name(d.reason_kind), "impostor");
    EXPECT_EQ(d.purpose, Purpose::training) << "counted with the scrapers, not as Googlebot's search";
}

TEST(AgentPolicyVerify, AClaimFromInsideIsVerifiedAndASearchCrawlerIsServed) {
    const AgentPolicy policy(verifying());
    for (const std::string address : {"66.249.66.1", "2001:4860:4801:10::1", "::ffff:66.249.70.3"}) {
        const std::string bytes = bytes_of(address);
        const Decision d = policy.decide(from(kGooglebot, bytes), "/art.jpg");
        EXPECT_EQ(d.action, Action::none) << address;
        EXPECT_EQ(d.verified, "Googlebot") << address;
        EXPECT_EQ(d.agent, "") << address;
    }
}

TEST(AgentPolicyVerify, AVerifiedAiAgentIsStillDeniedByItsToken) {
    const AgentPolicy policy(verifying());
    const std::string inside = bytes_of("192.0.2.44");
    Decision d = policy.decide(from(kGptbot, inside), "/art.jpg");
    EXPECT_EQ(d.action, Action::denied);
    EXPECT_EQ(d.reason_kind, ReasonKind::token);
    EXPECT_EQ(d.verified, "GPTBot");
    const std::string outside = bytes_of("198.51.100.1");
    d = policy.decide(from(kGptbot, outside), "/art.jpg");
    EXPECT_EQ(d.reason_kind, ReasonKind::impostor);
}

TEST(AgentPolicyVerify, ReportModeReportsImpostorsAndRobotsTxtStaysReadable) {
    const AgentPolicy report(verifying(BlockMode::report));
    const std::string outside = bytes_of("203.0.113.9");
    EXPECT_EQ(report.decide(from(kGooglebot, outside), "/").action, Action::reported);
    const AgentPolicy on(verifying());
    const Decision d = on.decide(from(kGooglebot, outside), "/robots.txt");
    EXPECT_EQ(d.action, Action::none);
    EXPECT_EQ(d.reason_kind, ReasonKind::impostor);
}

TEST(AgentPolicyVerify, NoAddressIsOutside) {
    const AgentPolicy policy(verifying());
    EXPECT_EQ(policy.decide(from(kGooglebot, ""), "/").reason_kind, ReasonKind::impostor);
}

TEST(AgentPolicyVerify, TheTokenMatchesAtWordEdgesAndAllowWins) {
    AgentPolicyConfig c = verifying();
    const std::string outside = bytes_of("203.0.113.9");
    EXPECT_EQ(AgentPolicy(c).decide(from("NotGooglebotX/1.0", outside), "/").action, Action::none);
    EXPECT_EQ(AgentPolicy(c).decide(from("Googlebot-Image/1.0", outside), "/").reason_kind, ReasonKind::impostor);
    c.allow = {"Googlebot"};
    EXPECT_EQ(AgentPolicy(c).decide(from(kGooglebot, outside), "/").action, Action::none);
}

TEST(AgentPolicyVerify, VerifyOnlyTokensAreNotInRobotsTxt) {
    const AgentPolicy policy(verifying());
    for (const std::string& name : policy.robots_txt_agents()) EXPECT_NE(name, "Googlebot");
}

RequestView browser_request(std::string_view user_agent, bool with_language) {
    RequestView r;
    r.user_agent = user_agent;
    r.has_user_agent = true;
    r.accept = "*/*"; r.has_accept = true;
    r.accept_encoding = "gzip"; r.has_accept_encoding = true;
    r.has_accept_language = with_language;
    r.accept_language = with_language ? "en-US" : "";
    return r;
}

void fill_secure_headers(const void* context, BrowserHeaders& out) noexcept {
    *static_cast<int*>(const_cast<void*>(context)) += 1;
    out.has_sec_fetch_site = out.has_sec_fetch_mode = out.has_sec_fetch_dest = out.has_sec_ch_ua = true;
}

TEST(AgentPolicyImpersonation, AScriptDressedAsChromeIsReportedOrDenied) {
    AgentPolicyConfig c;
    c.impersonation = ImpersonationMode::report;
    Decision d = AgentPolicy(c).decide(browser_request(kChrome, false), "/art.jpg");
    EXPECT_EQ(d.action, Action::reported);
    EXPECT_EQ(d.agent, "Chrome");
    EXPECT_EQ(d.reason_kind, ReasonKind::impersonation);
    EXPECT_EQ(d.purpose, Purpose::training);
    EXPECT_EQ(d.reason, "no-accept-language");
    c.impersonation = ImpersonationMode::on;
    EXPECT_EQ(AgentPolicy(c).decide(browser_request(kChrome, false), "/art.jpg").action, Action::denied);
    EXPECT_EQ(AgentPolicy(c).decide(browser_request(kChrome, false), "/robots.txt").action, Action::none);
    c.impersonation = ImpersonationMode::off;
    EXPECT_EQ(AgentPolicy(c).decide(browser_request(kChrome, false), "/art.jpg").action, Action::none);
}

TEST(AgentPolicyImpersonation, BrowserHeadersAreReadOnlyForABrowserClaimOverTls) {
    AgentPolicyConfig c;
    c.impersonation = ImpersonationMode::on;
    const AgentPolicy policy(c);
    int calls = 0;
    RequestView r = browser_request(kChrome, true);
    r.secure = true;
    r.read_browser_headers = fill_secure_headers;
    r.browser_headers_context = &calls;
    EXPECT_EQ(policy.decide(r, "/").action, Action::none);
    EXPECT_EQ(calls, 1);
    r.secure = false;
    EXPECT_EQ(policy.decide(r, "/").action, Action::none);
    EXPECT_EQ(calls, 1) << "plain HTTP: no TLS-only rule, no header walk";
    r.secure = true;
    r.read_browser_headers = nullptr;
    EXPECT_EQ(policy.decide(r, "/").reason, "no-sec-fetch-site");
    RequestView curl = browser_request("curl/8.5.0", false);
    curl.read_browser_headers = fill_secure_headers;
    curl.browser_headers_context = &calls;
    EXPECT_EQ(policy.decide(curl, "/").action, Action::none);
    EXPECT_EQ(calls, 1);
}

TEST(AgentPolicyImpersonation, NeverAppliedToVerifiedCrawlersOrNamedAgents) {
    AgentPolicyConfig c = verifying();
    c.impersonation = ImpersonationMode::on;
    const AgentPolicy policy(c);
    const std::string inside = bytes_of("66.249.66.1");
    const std::string_view googlebot_chrome =
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; Googlebot/2.1; +http://www.google.com/bot.html) "
        "Chrome/141.0.7390.122 Safari/537.36";
    RequestView r = browser_request(googlebot_chrome, false);
    r.client_address = inside;
    const Decision d = policy.decide(r, "/");
    EXPECT_EQ(d.action, Action::none);
    EXPECT_EQ(d.verified, "Googlebot");
    RequestView claude = browser_request("Mozilla/5.0 Chrome/156.0 ClaudeBot/1.0", false);
    EXPECT_EQ(policy.decide(claude, "/").reason_kind, ReasonKind::token);
}

AgentPolicyConfig rdns_config(RdnsFailure failure = RdnsFailure::serve) {
    AgentPolicyConfig c;
    c.verify_rdns.push_back({"Googlebot", {"googlebot.com", "google.com"}});
    c.rdns_failure = failure;
    return c;
}

TEST(AgentPolicyRdns, AskForTheLookupThenDecideByItsResult) {
    const AgentPolicy policy(rdns_config());
    EXPECT_TRUE(policy.uses_rdns());
    RequestView r = from(kGooglebot, "");
    Decision d = policy.decide(r, "/art.jpg");
    ASSERT_NE(d.rdns_needed, nullptr);
    EXPECT_EQ(d.rdns_needed->token, "Googlebot");
    EXPECT_EQ(d.action, Action::none);

    r.rdns = RdnsResult::confirmed;
    d = policy.decide(r, "/art.jpg");
    EXPECT_EQ(d.rdns_needed, nullptr);
    EXPECT_EQ(d.action, Action::none);
    EXPECT_EQ(d.verified, "Googlebot");

    r.rdns = RdnsResult::mismatch;
    d = policy.decide(r, "/art.jpg");
    EXPECT_EQ(d.action, Action::denied);
    EXPECT_EQ(d.reason_kind, ReasonKind::impostor);
    EXPECT_EQ(d.reason, "rdns");
}

TEST(AgentPolicyRdns, AResolverFailureFollowsTheConfiguredPolicy) {
    RequestView r = from(kGooglebot, "");
    r.rdns = RdnsResult::failed;
    const Decision served = AgentPolicy(rdns_config(RdnsFailure::serve)).decide(r, "/");
    EXPECT_EQ(served.action, Action::none);
    EXPECT_EQ(served.verified, "");
    const Decision denied = AgentPolicy(rdns_config(RdnsFailure::impostor)).decide(r, "/");
    EXPECT_EQ(denied.action, Action::denied);
    EXPECT_EQ(denied.reason, "rdns-failed");
}

TEST(AgentPolicyRdns, OtherRequestsNeverAskForALookup) {
    const AgentPolicy policy(rdns_config());
    EXPECT_EQ(policy.decide(from("curl/8.5.0", ""), "/").rdns_needed, nullptr);
    EXPECT_EQ(policy.decide(from(kGptbot, ""), "/").rdns_needed, nullptr);
    EXPECT_FALSE(AgentPolicy(AgentPolicyConfig()).uses_rdns());
}

TEST(AgentPolicyRdns, RangesComeFirstWhenATokenHasBoth) {
    AgentPolicyConfig c = rdns_config();
    c.verify.push_back(crawler("Googlebot", "66.249.64.0/19\n"));
    const AgentPolicy policy(c);
    const std::string inside = bytes_of("66.249.66.1");
    const Decision d = policy.decide(from(kGooglebot, inside), "/");
    EXPECT_EQ(d.rdns_needed, nullptr);
    EXPECT_EQ(d.verified, "Googlebot");
}

}  // namespace
}  // namespace noai
