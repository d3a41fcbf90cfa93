// The compiled-in list of AI/dataset agents and the parser for
// noai_agents_file (a plain token list or an ai.robots.txt robots.json).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace noai {

enum class AgentKind : std::uint8_t {
    training,          // the operator says the crawl feeds model training
    dataset,           // builds or sells crawl/image datasets others train on
    ai_assistant,      // fetches for AI answers or AI search; blocked by default too
    robots_txt_only,   // a robots.txt token that never appears in a User-Agent
};

std::string_view agent_kind_name(AgentKind kind) noexcept;  // "training", "dataset", ...

struct BuiltinAgent {
    std::string_view name;           // canonical spelling of the token
    AgentKind kind;
    std::string_view operator_name;
    std::string_view note;           // why it is listed
};

const std::vector<BuiltinAgent>& builtin_agents();

// Names of every built-in agent matched against the User-Agent (all kinds
// except robots_txt_only), in list order.
std::vector<std::string> builtin_ua_tokens();
// Names of the robots_txt_only built-ins (they go only into robots.txt).
std::vector<std::string> builtin_robots_txt_only_tokens();
// The built-in entry with this name (ASCII-case-insensitive), or nullptr.
const BuiltinAgent* find_builtin_agent(std::string_view name) noexcept;

// Why a token cannot be an agent token ("empty agent token", "control
// character in agent token"), or "" if it is fine. Used for every source of
// tokens (files, noai_agent, noai_agent_allow).
std::string_view agent_token_error(std::string_view token) noexcept;

struct AgentFileResult {
    std::vector<std::string> agents;
    std::string error;               // "line 7: control character in agent token"
    std::size_t error_line = 0;      // 1-based; 0 when the error has no line
    bool ok() const { return error.empty(); }
};

// Detects the format: a JSON object (first non-space byte `{`) is an
// ai.robots.txt robots.json (keys are agent names, values are objects whose
// fields are ignored); anything else is a plain list, one token per line,
// `#` starts a comment (whole line or trailing), blank lines ignored,
// surrounding spaces/tabs trimmed, CRLF accepted. Tokens are returned in file
// order, duplicates kept (the matcher folds them). A file with no agent is an
// error ("no agents in file").
AgentFileResult parse_agents_file(std::string_view content);

}  // namespace noai
