// The compiled-in list of AI/dataset agents, and the rule every agent token
// obeys (noai_agents_file reads tokens in noai_agents_file.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "noai_purpose.hpp"

namespace noai {

struct BuiltinAgent {
    std::string_view name;           // canonical spelling of the token
    Purpose purpose;                 // dataset builders count as training
    bool robots_txt_only;            // a robots.txt token that never appears in a User-Agent
    std::string_view operator_name;
    std::string_view note;           // why it is listed
    // The User-agent value robots.txt gives it, when not `name`: RFC 9309's
    // product token has only letters, '-' and '_', and a conforming parser
    // (Google's) reads a longer name only up to the first other character.
    std::string_view robots_txt_token = {};
};

const std::vector<BuiltinAgent>& builtin_agents();

// Names of every built-in agent matched against the User-Agent (all but the
// robots_txt_only ones), in list order.
std::vector<std::string> builtin_ua_tokens();
// Names of the robots_txt_only built-ins (they go only into robots.txt).
std::vector<std::string> builtin_robots_txt_only_tokens();
// The built-in entry with this name (ASCII-case-insensitive), or nullptr.
const BuiltinAgent* find_builtin_agent(std::string_view name) noexcept;
// The User-agent value robots.txt gives an agent: a built-in's
// robots_txt_token if it has one, else the name as given.
std::string_view robots_txt_user_agent(std::string_view name) noexcept;

// The longest agent token accepted: far above any real product token, and
// it keeps the matcher small (states grow with the total token length).
inline constexpr std::size_t kMaxAgentTokenBytes = 256;

// Why a token cannot be an agent token ("empty agent token", "agent token
// longer than 256 bytes", "control character in agent token"), or "" if it
// is fine. Used for every source of tokens (files, noai_agent, noai_agent_allow).
std::string_view agent_token_error(std::string_view token) noexcept;


}  // namespace noai
