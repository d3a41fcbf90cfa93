// The agent policy: which requests name an AI/dataset agent, what is done
// about them, and which agents the generated robots.txt turns away. Built
// once per distinct configuration at merge time and shared by the locations
// that inherit it; decide() runs per request and never allocates or throws.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "noai_address_ranges.hpp"
#include "noai_agent_matcher.hpp"
#include "noai_fingerprint.hpp"
#include "noai_impersonation.hpp"
#include "noai_purpose.hpp"
#include "noai_records.hpp"
#include "noai_request_view.hpp"

namespace noai {

// noai_block on|report (a policy is built only where blocking is not off).
enum class BlockMode : std::uint8_t { on, report };

// Why a request was taken for an agent.
enum class ReasonKind : std::uint8_t { none, token, fingerprint, impostor, impersonation };
// "token", "fingerprint", "impostor", "impersonation", ""
std::string_view reason_kind_name(ReasonKind kind) noexcept;

// noai_impersonation off|report|on.
enum class ImpersonationMode : std::uint8_t { off, report, on };

// noai_verify TOKEN FILE...: a crawler claiming TOKEN must come from these ranges.
struct VerifiedCrawler {
    std::string token;
    AddressRanges ranges;
};

struct Decision {
    Action action = Action::none;          // none, reported or denied
    std::string_view agent;                // the agent named (policy memory); empty: none
    Purpose purpose = Purpose::training;   // the named agent's
    ReasonKind reason_kind = ReasonKind::none;
    std::string_view reason;               // the token, fingerprint or rule name; "ip" for an impostor
    std::string_view verified;             // the verified crawler's token, when its address checked out
    // Set (action none) when the answer depends on DNS: the glue looks the
    // client up (forward-confirmed reverse DNS) and decides again with
    // RequestView::rdns filled in.
    const RdnsCrawler* rdns_needed = nullptr;
};

// What a policy is built from: the configuration of one location.
struct AgentPolicyConfig {
    bool builtin_agents = true;            // noai_builtin_agents
    std::vector<ListedAgent> agents;       // noai_agent and noai_agents_file tokens, in order
    std::vector<std::string> allow;        // noai_agent_allow tokens
    bool fingerprints = true;              // noai_fingerprints
    BlockMode block = BlockMode::on;       // noai_block
    bool ai_input = false;                 // noai_ai_input: ai-input agents are served
    std::vector<VerifiedCrawler> verify;   // noai_verify, one entry per token
    std::vector<RdnsCrawler> verify_rdns;  // noai_verify_rdns, one entry per token
    RdnsFailure rdns_failure = RdnsFailure::serve;   // noai_verify_rdns_failure
    ImpersonationMode impersonation = ImpersonationMode::off;   // noai_impersonation
};

class AgentPolicy {
public:
    // Tokens are expected valid (agent_token_error). Throws std::bad_alloc,
    // or std::length_error for lists too large for the matcher.
    explicit AgentPolicy(const AgentPolicyConfig& config);

    // The rules, in order:
    //  1. an allow token in the User-Agent (at word edges) lets the request
    //     through, whatever else it carries;
    //  2. else the earliest (then longest) agent token in the User-Agent names
    //     the agent (reason token); robots.txt-only built-ins are never matched;
    //  3. else, with fingerprints on, the first header-shape rule that holds
    //     names it (reason fingerprint), unless that agent is allowed (allows());
    //  4. a named agent is denied (noai_block on) or reported (report), except
    //     on /robots.txt, which every agent may read, and except when its
    //     purpose is search, or ai-input with noai_ai_input on: then the agent
    //     is named (with its purpose) but the action is none.
    // An agent's purpose is its first listing's: the built-in list comes
    // first, then the configured tokens in order; a fingerprint names a
    // built-in agent and takes its purpose (training otherwise).
    // Verification and impersonation, around those rules:
    //  - when the token found (rule 2) is a verified crawler's, the client
    //    address must lie in its ranges: outside, the request is an impostor
    //    (reason impostor, "ip"; agent the claimed token), denied or reported
    //    per noai_block, also for crawlers that are otherwise served; inside,
    //    Decision::verified names it, and a verified token that is no AI
    //    agent is served;
    //  - a token with noai_verify_rdns (and no noai_verify ranges, which
    //    come first) is checked by forward-confirmed reverse DNS: until
    //    RequestView::rdns is known, Decision::rdns_needed asks for the
    //    lookup; confirmed is verified, mismatch is an impostor (reason
    //    impostor:rdns), failed follows noai_verify_rdns_failure (serve: as
    //    if not verified; impostor: reason impostor:rdns-failed);
    //  - a request that named no agent and met no fingerprint but claims a
    //    browser (browser_claim) and fails an impersonation rule is reason
    //    impersonation:<rule>, agent "Chrome"/"Firefox"/"Safari", reported or
    //    denied per noai_impersonation.
    // Inline: most requests name no agent, and that is one pass over the
    // User-Agent and a compare (and, with impersonation rules, a look at
    // three header flags).
    Decision decide(const RequestView& request, std::string_view uri) const noexcept {
        const MatchResult match = matcher_.find(request.user_agent);
        if (match.kind == MatchResult::Kind::none && !(fingerprints_ && fingerprint_possible(request.user_agent)) &&
            !(impersonation_ != ImpersonationMode::off && impersonation_possible(request, request.secure)))
            return {};
        return decide_from(match, request, uri);
    }

    // The one allow rule, for names: an agent is allowed when an allow token
    // occurs in its name at word edges, as the matcher finds it in a
    // User-Agent (allow `Claude` allows Claude-User and Claude-SearchBot, not
    // ClaudeBot).
    bool allows(std::string_view agent_name) const noexcept;

    // The agents robots.txt disallows: every built-in one (robots.txt-only
    // included) when the built-in list is on, then the configured tokens,
    // less the allowed ones and those decide() serves by purpose (search;
    // ai-input with noai_ai_input on); de-duplicated ignoring ASCII case,
    // first spelling (and its purpose) kept.
    const std::vector<std::string>& robots_txt_agents() const noexcept { return robots_txt_agents_; }

    const AgentMatcher& matcher() const noexcept { return matcher_; }
    BlockMode block() const noexcept { return block_; }
    bool ai_input() const noexcept { return ai_input_; }
    // Whether decide() turns away an agent of this purpose.
    bool refuses(Purpose purpose) const noexcept;
    bool fingerprints() const noexcept { return fingerprints_; }
    ImpersonationMode impersonation() const noexcept { return impersonation_; }
    const std::vector<VerifiedCrawler>& verified_crawlers() const noexcept { return verify_; }
    bool uses_rdns() const noexcept { return !verify_rdns_.empty(); }

private:
    // The rest of decide(): the User-Agent holds a token or an allow token, or
    // a fingerprint may hold.
    Decision decide_from(const MatchResult& match, const RequestView& request, std::string_view uri) const noexcept;

    Action action_for(std::string_view uri, bool deny) const noexcept;
    // An impostor: the claimed token, reason impostor:<why>.
    Decision impostor(std::string_view agent, std::string_view why, std::string_view uri) const noexcept;
    void decide_impersonation(const RequestView& request, std::string_view uri, Decision& decision) const noexcept;

    std::vector<VerifiedCrawler> verify_;
    std::vector<RdnsCrawler> verify_rdns_;
    RdnsFailure rdns_failure_;
    // Per matcher token index: the entry of verify_ (or verify_rdns_) it is
    // checked against, or -1.
    std::vector<int> verification_of_token_;
    std::vector<int> rdns_of_token_;
    std::size_t first_verify_only_token_;   // tokens from here on were added for noai_verify alone
    ImpersonationMode impersonation_;
    AgentMatcher matcher_;
    std::vector<Purpose> purposes_;   // of the matcher's agent list, by index
    std::vector<std::string> robots_txt_agents_;
    bool fingerprints_;
    BlockMode block_;
    bool ai_input_;
};

}  // namespace noai
