// The agent policy: which requests name an AI/dataset agent, what is done
// about them, and which agents the generated robots.txt turns away. Built
// once per distinct configuration at merge time and shared by the locations
// that inherit it; decide() runs per request and never allocates or throws.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "noai_agent_matcher.hpp"
#include "noai_fingerprint.hpp"
#include "noai_purpose.hpp"
#include "noai_records.hpp"
#include "noai_request_view.hpp"

namespace noai {

// noai_block on|report (a policy is built only where blocking is not off).
enum class BlockMode : std::uint8_t { on, report };

// Why a request was taken for an agent.
enum class ReasonKind : std::uint8_t { none, token, fingerprint };
std::string_view reason_kind_name(ReasonKind kind) noexcept;   // "token", "fingerprint", ""

struct Decision {
    Action action = Action::none;          // none, reported or denied
    std::string_view agent;                // the agent named (policy memory); empty: none
    Purpose purpose = Purpose::training;   // the named agent's
    ReasonKind reason_kind = ReasonKind::none;
    std::string_view reason;               // the token or fingerprint name
};

// What a policy is built from: the configuration of one location.
struct AgentPolicyConfig {
    bool builtin_agents = true;            // noai_builtin_agents
    std::vector<ListedAgent> agents;       // noai_agent and noai_agents_file tokens, in order
    std::vector<std::string> allow;        // noai_agent_allow tokens
    bool fingerprints = true;              // noai_fingerprints
    BlockMode block = BlockMode::on;       // noai_block
    bool ai_input = false;                 // noai_ai_input: ai-input agents are served
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
    // Inline: most requests name no agent, and that is one pass over the
    // User-Agent and a compare.
    Decision decide(const RequestView& request, std::string_view uri) const noexcept {
        const MatchResult match = matcher_.find(request.user_agent);
        if (match.kind == MatchResult::Kind::none && !(fingerprints_ && fingerprint_possible(request.user_agent)))
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

private:
    // The rest of decide(): the User-Agent holds a token or an allow token, or
    // a fingerprint may hold.
    Decision decide_from(const MatchResult& match, const RequestView& request, std::string_view uri) const noexcept;

    AgentMatcher matcher_;
    std::vector<Purpose> purposes_;   // of the matcher's agent list, by index
    std::vector<std::string> robots_txt_agents_;
    bool fingerprints_;
    BlockMode block_;
    bool ai_input_;
};

}  // namespace noai
