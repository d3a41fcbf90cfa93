#include "noai_agent_policy.hpp"

#include <unordered_set>

#include "noai_agent_list.hpp"
#include "noai_impersonation.hpp"
#include "noai_text.hpp"

namespace noai {

namespace {

// Who is behind a false claim (an impostor, an impersonation) is unknown; the
// purpose counts it with the scrapers rather than with the search engine or
// the browser it pretends to be.
constexpr Purpose kFalseClaimPurpose = Purpose::training;

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

// The tokens matched against User-Agents: the agents above, then the
// verified crawlers' tokens (a token already listed keeps its first index:
// the matcher folds duplicates).
std::vector<std::string> agent_tokens(const AgentPolicyConfig& config) {
    return names_of(matched_agents(config));
}

std::vector<std::string> matched_tokens(const AgentPolicyConfig& config) {
    std::vector<std::string> tokens = agent_tokens(config);
    for (const VerifiedCrawler& crawler : config.verify) tokens.push_back(crawler.token);
    for (const RdnsCrawler& crawler : config.verify_rdns) tokens.push_back(crawler.token);
    return tokens;
}

// For each matcher token: the index of the entry with the same token
// (ASCII case ignored), or -1.
template <typename Entries>
std::vector<int> entry_of_token(const AgentMatcher& matcher, const Entries& entries) {
    std::vector<int> of(matcher.agent_count(), -1);
    for (std::uint32_t i = 0; i < matcher.agent_count(); ++i)
        for (std::size_t e = 0; e < entries.size(); ++e)
            if (equals_ignore_case(matcher.agent(i), entries[e].token)) of[i] = static_cast<int>(e);
    return of;
}

IpAddress address_of(std::string_view bytes) noexcept {
    if (bytes.size() == 16) {
        std::uint8_t octets[16];
        for (std::size_t i = 0; i < 16; ++i) octets[i] = static_cast<std::uint8_t>(bytes[i]);
        return IpAddress::from_ipv6(octets);
    }
    std::uint8_t octets[4];
    for (std::size_t i = 0; i < 4; ++i) octets[i] = static_cast<std::uint8_t>(bytes[i]);
    return IpAddress::from_ipv4(octets);
}

bool address_in(const AddressRanges& ranges, std::string_view client_address) noexcept {
    if (client_address.size() != 4 && client_address.size() != 16) return false;   // unix socket: no address
    return ranges.contains(address_of(client_address));
}

}  // namespace

std::string_view reason_kind_name(ReasonKind kind) noexcept {
    switch (kind) {
    case ReasonKind::token: return "token";
    case ReasonKind::fingerprint: return "fingerprint";
    case ReasonKind::impostor: return "impostor";
    case ReasonKind::impersonation: return "impersonation";
    case ReasonKind::none: break;
    }
    return "";
}

AgentPolicy::AgentPolicy(const AgentPolicyConfig& config)
    : verify_(config.verify),
      verify_rdns_(config.verify_rdns),
      rdns_failure_(config.rdns_failure),
      first_verify_only_token_(matched_agents(config).size()),
      impersonation_(config.impersonation),
      matcher_(matched_tokens(config), config.allow),
      purposes_(purposes_of(matched_agents(config))),
      fingerprints_(config.fingerprints),
      block_(config.block),
      ai_input_(config.ai_input) {
    verification_of_token_ = entry_of_token(matcher_, verify_);
    rdns_of_token_ = entry_of_token(matcher_, verify_rdns_);

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
        const std::string_view claimed = matcher_.agent(match.index);
        if (const int v = verification_of_token_[match.index]; v >= 0) {
            if (!address_in(verify_[static_cast<std::size_t>(v)].ranges, request.client_address))
                return impostor(claimed, "ip", uri);
            decision.verified = claimed;
            if (match.index >= first_verify_only_token_) return decision;
        } else if (const int d = rdns_of_token_[match.index]; d >= 0) {
            switch (request.rdns) {
            case RdnsResult::unknown:
                decision.rdns_needed = &verify_rdns_[static_cast<std::size_t>(d)];
                return decision;
            case RdnsResult::mismatch: return impostor(claimed, "rdns", uri);
            case RdnsResult::failed:
                if (rdns_failure_ == RdnsFailure::impostor) return impostor(claimed, "rdns-failed", uri);
                break;
            case RdnsResult::confirmed: decision.verified = claimed; break;
            }
            if (match.index >= first_verify_only_token_) return decision;
        }
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
        if (impersonation_ != ImpersonationMode::off) decide_impersonation(request, uri, decision);
        return decision;
    }
    if (refuses(decision.purpose)) decision.action = action_for(uri, block_ == BlockMode::on);
    return decision;
}

void AgentPolicy::decide_impersonation(const RequestView& request, std::string_view uri,
                                       Decision& decision) const noexcept {
    if (!impersonation_possible(request, request.secure)) return;
    const BrowserClaim claim = browser_claim(request.user_agent);
    if (claim.browser == Browser::none) return;
    // Only TLS rules read these headers: a plain-HTTP request skips the header walk.
    BrowserHeaders headers;
    if (request.secure && request.read_browser_headers != nullptr)
        request.read_browser_headers(request.browser_headers_context, headers);
    const ImpersonationRule* rule = match_impersonation(claim, request, headers, request.secure);
    if (rule == nullptr) return;
    decision.agent = browser_name(claim.browser);
    decision.purpose = kFalseClaimPurpose;
    decision.reason_kind = ReasonKind::impersonation;
    decision.reason = rule->name;
    decision.action = action_for(uri, impersonation_ == ImpersonationMode::on);
}

Decision AgentPolicy::impostor(std::string_view agent, std::string_view why, std::string_view uri) const noexcept {
    Decision decision;
    decision.agent = agent;
    decision.purpose = kFalseClaimPurpose;
    decision.reason_kind = ReasonKind::impostor;
    decision.reason = why;
    decision.action = action_for(uri, block_ == BlockMode::on);
    return decision;
}

// robots.txt stays reachable, so every agent can read that it is not welcome.
Action AgentPolicy::action_for(std::string_view uri, bool deny) const noexcept {
    if (uri == "/robots.txt") return Action::none;
    return deny ? Action::denied : Action::reported;
}

}  // namespace noai
