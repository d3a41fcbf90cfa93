#include "noai_agents_file.hpp"

#include "noai_agent_list.hpp"
#include "noai_json.hpp"
#include "noai_robots_json_purpose.hpp"
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

AgentFileResult finish(std::vector<ListedAgent> agents) {
    if (agents.empty()) return failure(0, "no agents in file");
    AgentFileResult result;
    result.agents = std::move(agents);
    return result;
}

// Names in messages stay on one line and printable.
std::string printable(std::string_view s) {
    std::string out;
    for (char c : s) out += is_ascii_control(c) ? '?' : c;
    return out;
}

constexpr std::string_view kPurposeKey = "purpose=";

// "Kangaroo Bot purpose=ai-input": the token and the purpose word's value
// (std::nullopt when the line ends in no purpose word).
struct PlainLine {
    std::string_view token;
    std::optional<std::string_view> purpose;
};

PlainLine split_plain_line(std::string_view line) noexcept {
    const std::size_t space = line.find_last_of(" \t");
    if (space == std::string_view::npos) return {line, std::nullopt};
    const std::string_view last = line.substr(space + 1);
    if (last.substr(0, kPurposeKey.size()) != kPurposeKey) return {line, std::nullopt};
    return {trim(line.substr(0, space)), last.substr(kPurposeKey.size())};
}

AgentFileResult parse_plain(std::string_view content) {
    std::vector<ListedAgent> agents;
    std::size_t line_no = 0;
    while (!content.empty()) {
        ++line_no;
        const std::string_view line = take_config_line(content);
        if (line.empty()) continue;
        const PlainLine parts = split_plain_line(line);
        if (std::string_view error = agent_token_error(parts.token); !error.empty())
            return failure(line_no, error);
        ListedAgent agent{std::string(parts.token), Purpose::training};
        if (parts.purpose) {
            const std::optional<Purpose> purpose = parse_purpose(*parts.purpose);
            if (!purpose)
                return failure(line_no, "unknown purpose \"" + printable(*parts.purpose) +
                                            "\" (training, ai-input or search)");
            agent.purpose = *purpose;
        }
        agents.push_back(std::move(agent));
    }
    return finish(std::move(agents));
}

AgentFileResult parse_robots_json(std::string_view content) {
    const json::ParseResult doc = json::parse(content);
    if (!doc.ok()) return failure(doc.error_line, doc.error);
    if (!doc.root.is_object())
        return failure(doc.root.line, "expected a robots.json object with agent names as keys");
    std::vector<ListedAgent> agents;
    for (const auto& [name, entry] : doc.root.fields) {
        if (std::string_view bad = agent_token_error(name); !bad.empty()) return failure(entry.key_line, bad);
        if (!entry.is_object())
            return failure(entry.line, "expected '{' to start the entry of \"" + printable(name) + "\"");
        const json::Value* function = entry.find("function");
        agents.push_back({name, purpose_of_robots_json_entry(
                                    name, function != nullptr && function->is_string() ? function->text : "")});
    }
    return finish(std::move(agents));
}

}  // namespace

AgentFileResult parse_agents_file(std::string_view content) {
    if (looks_like_json(content))
        return parse_robots_json(content);
    return parse_plain(content);
}

std::vector<std::string> agent_names(const std::vector<ListedAgent>& agents) {
    std::vector<std::string> names;
    names.reserve(agents.size());
    for (const ListedAgent& a : agents) names.push_back(a.name);
    return names;
}

}  // namespace noai
