#include "noai_agent_policy.hpp"

#include <unordered_set>

#include "noai_agent_list.hpp"
#include "noai_text.hpp"

namespace noai {

namespace {

// The agents matched against User-Agents: the built-in ones that can appear
// there, then the configured ones.
std::vector<ListedAgent> matched_agents(const AgentPolicyConfig& config) {
    std::vector<ListedAgent> agents;
    if (config.builtin_agents)
        for (const BuiltinAgent& a : builtin_agents())
            if (!a.robots_txt_only) agents.push_back({std::string(a.name), a.purpose});
    agents.insert(agents.end(), config.agents.begin(), config.agents.end());
    return agents;
}

std::vector<std::string> names_of(const std::vector<ListedAgent>& agents) {
    std::vector<std::string> names;
    names.reserve(agents.size());
    for (const ListedAgent& a : agents) names.push_back(a.name);
    return names;
}

std::vector<Purpose> purposes_of(const std::vector<ListedAgent>& agents) {
    std::vector<Purpose> purposes;
    purposes.reserve(agents.size());
    for (const ListedAgent& a : agents) purposes.push_back(a.purpose);
    return purposes;
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
    : matcher_(names_of(matched_agents(config)), config.allow),
      purposes_(purposes_of(matched_agents(config))),
      fingerprints_(config.fingerprints),
      block_(config.block),
      ai_input_(config.ai_input) {
    std::unordered_set<std::string> seen;
    auto add = [&](std::string_view name, Purpose purpose) {
        // The first listing of a name decides, whether or not it is refused.
        if (seen.insert(to_lower(name)).second && refuses(purpose) && !allows(name))
            robots_txt_agents_.emplace_back(name);
    };
    if (config.builtin_agents)
        for (const BuiltinAgent& agent : builtin_agents()) add(agent.name, agent.purpose);
    for (const ListedAgent& agent : config.agents) add(agent.name, agent.purpose);
}

bool AgentPolicy::refuses(Purpose purpose) const noexcept {
    switch (purpose) {
    case Purpose::training: return true;
    case Purpose::ai_input: return !ai_input_;
    case Purpose::search: return false;
    }
    return true;
}

bool AgentPolicy::allows(std::string_view agent_name) const noexcept {
    // The matcher reports `allowed` exactly when an allow token occurs at word edges.
    return matcher_.find(agent_name).kind == MatchResult::Kind::allowed;
}

Decision AgentPolicy::decide_from(const MatchResult& match, const RequestView& request,
                                  std::string_view uri) const noexcept {
    Decision decision;
    if (match.kind == MatchResult::Kind::allowed) return decision;
    if (match.kind == MatchResult::Kind::agent) {
        decision.agent = matcher_.agent(match.index);
        decision.purpose = match.index < purposes_.size() ? purposes_[match.index] : Purpose::training;
        decision.reason_kind = ReasonKind::token;
        decision.reason = decision.agent;
    } else if (fingerprints_ && fingerprint_possible(request.user_agent)) {
        const Fingerprint* fingerprint = match_fingerprint(request);
        if (fingerprint == nullptr || allows(fingerprint->agent)) return decision;
        decision.agent = fingerprint->agent;
        const BuiltinAgent* builtin = find_builtin_agent(fingerprint->agent);
        decision.purpose = builtin != nullptr ? builtin->purpose : Purpose::training;
        decision.reason_kind = ReasonKind::fingerprint;
        decision.reason = fingerprint->name;
    } else {
        return decision;
    }
    // robots.txt stays reachable, so every agent can read that it is not welcome.
    if (uri != "/robots.txt" && refuses(decision.purpose))
        decision.action = block_ == BlockMode::on ? Action::denied : Action::reported;
    return decision;
}

}  // namespace noai
