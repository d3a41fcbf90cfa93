// What an agent fetches for: the one fact the policy decides by. Every
// built-in agent, every robots.json entry and every token of a plain agents
// file has one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace noai {

enum class Purpose : std::uint8_t {
    training,   // trains AI models, or builds/sells the datasets they are trained on
    ai_input,   // puts content into AI output now: assistants, AI search, agents acting for a user
    search,     // indexes or previews the site for people to visit; never denied by purpose
};

inline constexpr std::size_t kPurposeCount = 3;

// "training", "ai-input", "search": the names in configuration, robots.txt
// comments, JSON and Prometheus labels.
std::string_view purpose_name(Purpose purpose) noexcept;

// The inverse of purpose_name (exact, lower case), or std::nullopt.
std::optional<Purpose> parse_purpose(std::string_view name) noexcept;

// An agent token as configured (noai_agent, noai_agents_file) with its purpose.
struct ListedAgent {
    std::string name;
    Purpose purpose = Purpose::training;
};

}  // namespace noai
