#include "noai_agent_policy.hpp"

#include <unordered_set>

#include "noai_agent_list.hpp"
#include "noai_fingerprint.hpp"
#include "noai_text.hpp"

namespace noai {

namespace {

// The tokens matched against User-Agents: the built-in ones that can appear
// there, then the configured ones.
std::vector<std::string> matched_tokens(const AgentPolicyConfig& config) {
    std::vector<std::string> tokens = config.builtin_agents ? builtin_ua_tokens() : std::vector<std::string>();
    tokens.insert(tokens.end(), config.agents.begin(), config.agents.end());
    return tokens;
}

}  // namespace

std::string_view reason_kind_name(ReasonKind kind) noexcept {
    switch (kind) {
    case ReasonKind::token: return "token";
    case ReasonKind::fingerprint: return "fingerprint";
    case ReasonKind::none: break;
    }
    return "";
}

AgentPolicy::AgentPolicy(const AgentPolicyConfig& config)
    : matcher_(matched_tokens(config), config.allow), fingerprints_(config.fingerprints), block_(config.block) {
    std::unordered_set<std::string> seen;
    auto add = [&](std::string_view name) {
        if (!allows(name) && seen.insert(to_lower(name)).second) robots_txt_agents_.emplace_back(name);
    };
    if (config.builtin_agents)
        for (const BuiltinAgent& agent : builtin_agents()) add(agent.name);
    for (const std::string& token : config.agents) add(token);
}

bool AgentPolicy::allows(std::string_view agent_name) const noexcept {
    // The matcher reports `allowed` exactly when an allow token occurs at word edges.
    return matcher_.find(agent_name).kind == MatchResult::Kind::allowed;
}

Decision AgentPolicy::decide(const RequestView& request, std::string_view uri) const noexcept {
    Decision decision;
    const MatchResult match = matcher_.find(request.user_agent);
    if (match.kind == MatchResult::Kind::allowed) return decision;
    if (match.kind == MatchResult::Kind::agent) {
        decision.agent = matcher_.agent(match.index);
        decision.reason_kind = ReasonKind::token;
        decision.reason = decision.agent;
    } else if (fingerprints_ && fingerprint_possible(request.user_agent)) {
        const Fingerprint* fingerprint = match_fingerprint(request);
        if (fingerprint == nullptr || allows(fingerprint->agent)) return decision;
        decision.agent = fingerprint->agent;
        decision.reason_kind = ReasonKind::fingerprint;
        decision.reason = fingerprint->name;
    } else {
        return decision;
    }
    // robots.txt stays reachable, so every agent can read that it is not welcome.
    if (uri != "/robots.txt") decision.action = block_ == BlockMode::on ? Action::denied : Action::reported;
    return decision;
}

}  // namespace noai
