#include "noai_agents_file.hpp"

#include "noai_agent_list.hpp"
#include "noai_json.hpp"
#include "noai_text.hpp"

namespace noai {

namespace {

AgentFileResult failure(std::size_t line, std::string_view message) {
    AgentFileResult result;
    result.error_line = line;
    if (line != 0) result.error = "line " + std::to_string(line) + ": ";
    result.error += message;
    return result;
}

AgentFileResult finish(std::vector<std::string> agents) {
    if (agents.empty()) return failure(0, "no agents in file");
    AgentFileResult result;
    result.agents = std::move(agents);
    return result;
}

AgentFileResult parse_plain(std::string_view content) {
    std::vector<std::string> agents;
    std::size_t line_no = 0;
    while (!content.empty()) {
        ++line_no;
        const std::string_view line = take_config_line(content);
        if (line.empty()) continue;
        if (std::string_view error = agent_token_error(line); !error.empty()) return failure(line_no, error);
        agents.emplace_back(line);
    }
    return finish(std::move(agents));
}

// Names in messages stay on one line and printable.
std::string printable(std::string_view s) {
    std::string out;
    for (char c : s) out += is_ascii_control(c) ? '?' : c;
    return out;
}

AgentFileResult parse_robots_json(std::string_view content) {
    const json::ParseResult doc = json::parse(content);
    if (!doc.ok()) return failure(doc.error_line, doc.error);
    if (!doc.root.is_object())
        return failure(doc.root.line, "expected a robots.json object with agent names as keys");
    std::vector<std::string> agents;
    for (const auto& [name, entry] : doc.root.fields) {
        if (std::string_view bad = agent_token_error(name); !bad.empty()) return failure(entry.key_line, bad);
        if (!entry.is_object())
            return failure(entry.line, "expected '{' to start the entry of \"" + printable(name) + "\"");
        agents.push_back(name);
    }
    return finish(std::move(agents));
}

}  // namespace

AgentFileResult parse_agents_file(std::string_view content) {
    if (looks_like_json(content))
        return parse_robots_json(content);
    return parse_plain(content);
}

}  // namespace noai
