// The community agent list the tests use as real-world input lives beside the
// repository, in ../shared/data (not part of the source tree). A missing file
// fails the test, unless NOAI_SKIP_SHARED_DATA is set where it cannot be
// present (the Docker build context holds only the repository).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace noai_test {

inline std::string ai_robots_json_path() { return std::string(NOAI_SOURCE_DIR) + "/../shared/data/ai-robots.json"; }

}  // namespace noai_test

#define NOAI_REQUIRE_AI_ROBOTS_JSON()                                                              \
    do {                                                                                           \
        if (!std::filesystem::exists(noai_test::ai_robots_json_path())) {                          \
            if (std::getenv("NOAI_SKIP_SHARED_DATA") != nullptr)                                   \
                GTEST_SKIP() << "NOAI_SKIP_SHARED_DATA: no " << noai_test::ai_robots_json_path();  \
            FAIL() << "missing " << noai_test::ai_robots_json_path();                              \
        }                                                                                          \
    } while (false)
