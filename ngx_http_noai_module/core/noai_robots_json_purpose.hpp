// The purpose of an ai.robots.txt robots.json entry, read from its free-text
// `function` field. ai.robots.txt has seven category names ("AI Data
// Scrapers", "AI Assistants", ...) and, for older entries, about sixty
// sentences; each one seen in release v1.50 (tests/data/ai-robots.json) is
// decided in the table in noai_robots_json_purpose.cpp, with the reason for
// the unclear ones. README "Purposes" documents the mapping.
#pragma once

#include <optional>
#include <string_view>

#include "noai_purpose.hpp"

namespace noai {

// The purpose a `function` text states (compared ASCII-case-insensitively,
// surrounding white space ignored), or std::nullopt for a text the table does
// not know.
std::optional<Purpose> purpose_of_robots_json_function(std::string_view function) noexcept;

// The purpose of one entry: `search` for the search engines' own crawlers
// that ai.robots.txt files under AI (Applebot, Bravebot, PetalBot: blocking
// them takes a site out of Apple's, Brave's and Huawei's search); otherwise
// what its function states; `training` for an unknown or missing function,
// so a new kind of entry is refused rather than let through.
Purpose purpose_of_robots_json_entry(std::string_view name, std::string_view function) noexcept;

}  // namespace noai
