// The community agent list the tests use as real-world input: a copy of
// ai.robots.txt's robots.json kept in the repository (tests/data/, MIT, its
// licence beside it), so a plain clone runs every test.
#pragma once

#include <string>

namespace noai_test {

inline std::string ai_robots_json_path() { return std::string(NOAI_SOURCE_DIR) + "/tests/data/ai-robots.json"; }

}  // namespace noai_test
