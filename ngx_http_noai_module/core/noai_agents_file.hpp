// The parser for noai_agents_file: a plain token list or an ai.robots.txt
// robots.json.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "noai_purpose.hpp"

namespace noai {

struct AgentFileResult {
    std::vector<ListedAgent> agents;
    std::string error;               // "line 7: control character in agent token"
    std::size_t error_line = 0;      // 1-based; 0 when the error has no line
    bool ok() const { return error.empty(); }
};

// Detects the format: a file whose first non-space byte is `{` or `[` is
// JSON and must be an ai.robots.txt robots.json (an object whose keys are
// agent names and whose values are objects; the purpose comes from each
// entry's "function" string, see noai_robots_json_purpose.hpp, other fields
// are ignored); anything else is a plain list, one token per line, `#` starts
// a comment (whole line or trailing), blank lines ignored, surrounding
// spaces/tabs trimmed, CRLF accepted. A plain line may end in a purpose after
// white space, `GPTBot purpose=training` (training, ai-input or search; the
// default is training); the token itself may contain spaces ("Kangaroo Bot"). A UTF-8 byte order mark is skipped. Tokens are
// returned in file order, duplicates kept (the matcher folds them). A file
// with no agent is an error ("no agents in file").
AgentFileResult parse_agents_file(std::string_view content);

// The names alone, in order.
std::vector<std::string> agent_names(const std::vector<ListedAgent>& agents);

}  // namespace noai
