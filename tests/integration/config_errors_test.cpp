// Invalid configuration fails `nginx -t` with a message naming the directive
// and the problem.

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <string>

#include "nginx_test.hpp"

namespace noai_test {
namespace {

struct BadConfig {
    const char* name;
    const char* http_config;
    const char* expected_message;
};

void PrintTo(const BadConfig& bad, std::ostream* out) { *out << bad.name; }

class ConfigErrors : public ::testing::TestWithParam<BadConfig> {};

TEST_P(ConfigErrors, FailNginxTestNamingTheDirective) {
    const BadConfig& bad = GetParam();
    const ConfigTestResult result = check_config(bad.http_config);
    EXPECT_NE(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find(bad.expected_message), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("[emerg]"), std::string::npos) << result.output;
}

const BadConfig kBadConfigs[] = {
    {"UnknownFlagWord", "noai yes;", "invalid value \"yes\" in \"noai\" directive"},
    {"BadType", "noai_types image;", "invalid type \"image\" in \"noai_types\" directive"},
    {"DuplicateTypes", "noai_types image/png; noai_types image/gif;", "\"noai_types\" directive is duplicate"},
    {"RobotsTagWithColon", "noai_robots_tag \"noai, max-image-preview:large\";",
     "in \"noai_robots_tag\" directive: must not contain ':'"},
    {"RobotsTagMissingAComma", "noai_robots_tag \"noai noimageai\";",
     "in \"noai_robots_tag\" directive: directive \"noai noimageai\" contains white space"},
    {"RobotsTagWithNewline", "noai_robots_tag \"noai\nX-Evil: 1\";",
     "in \"noai_robots_tag\" directive: contains a CR or LF character"},
    {"ContentUsageWithControlCharacter", "noai_content_usage \"train-ai=n\x07\";",
     "in \"noai_content_usage\" directive: contains control character"},
    {"TdmPolicyWithCarriageReturn", "noai_tdm_policy \"https://a.example/\rX: y\";",
     "in \"noai_tdm_policy\" directive: contains a CR or LF character"},
    {"ContentUsageNotADictionary", "noai_content_usage \"Train-AI=n\";",
     "invalid value \"Train-AI=n\" in \"noai_content_usage\" directive: is not a Structured Field "
     "dictionary (RFC 9651): a key must start with a lower-case letter or '*' at byte 1"},
    {"ContentUsageWordNotToken", "noai_content_usage train-ai=no;",
     "invalid value \"train-ai=no\" in \"noai_content_usage\" directive: \"train-ai\" must be the token y or n"},
    {"ContentUsageQuotedValue", "noai_content_usage 'train-ai=\"n\"';",
     "in \"noai_content_usage\" directive: \"train-ai\" must be the token y or n"},
    {"ContentUsageCapitalValue", "noai_content_usage \"search=y, train-ai=N\";",
     "in \"noai_content_usage\" directive: \"train-ai\" must be the token y or n"},
    {"TdmPolicyNotAUrl", "noai_tdm_policy \"not a url\";",
     "invalid value \"not a url\" in \"noai_tdm_policy\" directive: must be an absolute http:// or https:// URL"},
    {"TdmPolicyRelative", "noai_tdm_policy /policy.json;",
     "invalid value \"/policy.json\" in \"noai_tdm_policy\" directive: must be an absolute http:// or https:// URL"},
    {"TdmPolicyOtherScheme", "noai_tdm_policy ftp://example.com/policy.json;",
     "in \"noai_tdm_policy\" directive: must be an absolute http:// or https:// URL"},
    {"TdmPolicyNoHost", "noai_tdm_policy https:///policy.json;",
     "in \"noai_tdm_policy\" directive: has no host"},
    {"UnknownBlockMode", "noai_block maybe;", "invalid value \"maybe\" in \"noai_block\" directive"},
    {"BlockStatusOutOfRange", "noai_block_status 200;", "invalid status \"200\" in \"noai_block_status\" directive"},
    {"BlockStatusNotANumber", "noai_block_status forbidden;",
     "invalid status \"forbidden\" in \"noai_block_status\" directive"},
    {"LicenseNotAbsolute", "noai_license /license.xml;",
     "invalid URL \"/license.xml\" in \"noai_license\" directive: must be an absolute URL with a scheme"},
    {"LicenseNotHttp", "noai_license ftp://a.example/l.xml;",
     "in \"noai_license\" directive: must be an http or https URL"},
    {"LicenseWithFragment", "noai_license \"https://a.example/l.xml#terms\";",
     "in \"noai_license\" directive: must not contain '#'"},
    {"UnknownAgentPurpose", "noai_agent purpose=assistant Foo;",
     "invalid \"purpose=assistant\" in \"noai_agent\" directive: the purpose must be training, ai-input or search"},
    {"AgentPurposeWithoutAgent", "noai_agent purpose=search;", "\"noai_agent\" directive names no agent"},
    {"AiInputNotAFlag", "noai_ai_input yes;", "invalid value \"yes\" in \"noai_ai_input\" directive"},
    {"ContentSignalNotAFlag", "noai_content_signal ai-input;", "invalid value \"ai-input\" in \"noai_content_signal\" directive"},
    {"EmptyAgentToken", "noai_agent GPTBot \"\";", "invalid agent \"\" in \"noai_agent\" directive: empty agent token"},
    {"AgentTokenWithControlCharacter", "noai_agent_allow \"Pre\x01view\";",
     "in \"noai_agent_allow\" directive: control character in agent token"},
    {"AgentTokenTooLong",
     "noai_agent "
     "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaa;",   // 257 bytes
     "in \"noai_agent\" directive: agent token longer than 256 bytes"},
    {"UnknownAddressMode", "noai_log_address partial;", "invalid value \"partial\" in \"noai_log_address\" directive"},
    // An empty name is not noai_status's "the only zone": with one zone it
    // used to leave nested locations recording nothing, with two it blamed
    // noai_status.
    {"EmptyLogZoneName",
     "noai_zone zone=a:1m; server { listen 127.0.0.1:1; noai_log \"\"; location / { location /x { } } }",
     "empty zone name in \"noai_log\""},
    {"EmptyLogZoneNameWithTwoZones",
     "noai_zone zone=a:1m; noai_zone zone=b:1m; server { listen 127.0.0.1:1; noai_log \"\"; }",
     "empty zone name in \"noai_log\""},
};

INSTANTIATE_TEST_SUITE_P(Directives, ConfigErrors, ::testing::ValuesIn(kBadConfigs),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ConfigChecks, AGoodConfigPasses) {
    const ConfigTestResult result = check_config(R"(
        noai on;
        noai_types image/* application/pdf;
        noai_robots_tag "noai, noimageai";
        noai_tdm_policy https://example.com/tdm.json;
        noai_content_usage "train-ai=n";
        noai_always on;
        server { listen 127.0.0.1:1; location / { noai off; } }
    )");
    EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST(ConfigChecks, UnknownContentUsageKeysOnlyWarn) {
    for (const char* value : {"ai=n", "train-genai=n", "train-ai=n, bots=n"}) {
        SCOPED_TRACE(value);
        const ConfigTestResult result = check_config(std::string("noai_content_usage \"") + value + "\";");
        EXPECT_EQ(result.exit_code, 0) << result.output;
        EXPECT_NE(result.output.find("[warn]"), std::string::npos) << result.output;
        EXPECT_NE(result.output.find("\"noai_content_usage\" value \"" + std::string(value) + "\": unknown key"),
                  std::string::npos)
            << result.output;
    }
}

}  // namespace
}  // namespace noai_test

namespace noai_test {
namespace {

std::string scratch_file(const std::string& name, const std::string& content) {
    const std::string dir = std::string(NOAI_BINARY_DIR) + "/itest-files";
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/" + name;
    write_file(path, content);
    return path;
}

TEST(AgentsFileErrors, AMalformedListFailsWithPathAndLine) {
    const std::string path = scratch_file("bad-list.txt", "# extra agents\nGoodBot\nBad\x01Bot\n");
    const ConfigTestResult result = check_config("noai_agents_file " + path + ";");
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.output.find("noai_agents_file \"" + path + "\", line 3: control character in agent token"),
              std::string::npos)
        << result.output;
}

TEST(AgentsFileErrors, AMalformedRobotsJsonFailsWithPathAndLine) {
    const std::string path = scratch_file("bad-robots.json", "{\n  \"GPTBot\": {},\n  \"CCBot\" {}\n}\n");
    const ConfigTestResult result = check_config("noai_agents_file " + path + ";");
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.output.find("noai_agents_file \"" + path + "\", line 3: expected ':' after a field name"),
              std::string::npos)
        << result.output;
}

TEST(AgentsFileErrors, AMissingFileFailsNamingIt) {
    const std::string path = std::string(NOAI_BINARY_DIR) + "/itest-files/no-such-agents.txt";
    const ConfigTestResult result = check_config("noai_agents_file " + path + ";");
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.output.find("noai_agents_file: cannot open \"" + path + "\""), std::string::npos)
        << result.output;
}

TEST(AgentsFileErrors, AOneMegabyteTokenFailsInsteadOfBuildingAHugeMatcher) {
    const std::string path = scratch_file("huge-token.txt", "GoodBot\n" + std::string(1 << 20, 'x') + "\n");
    const ConfigTestResult result = check_config("noai_agents_file " + path + "; noai_block on;");
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.output.find("noai_agents_file \"" + path + "\", line 2: agent token longer than 256 bytes"),
              std::string::npos)
        << result.output.substr(0, 2000);
}

// A FIFO hung nginx -t (and reloads) in open(2) waiting for a writer.
TEST(AgentsFileErrors, AFifoFailsInsteadOfHanging) {
    const std::string path = std::string(NOAI_BINARY_DIR) + "/itest-files/agents.fifo";
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::filesystem::remove(path);
    ASSERT_EQ(mkfifo(path.c_str(), 0600), 0) << std::strerror(errno);
    const ConfigTestResult result = check_config("noai_agents_file " + path + ";");
    std::filesystem::remove(path);
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.output.find("noai_agents_file: \"" + path + "\" is not a regular file"), std::string::npos)
        << result.output;
}

TEST(AgentsFileErrors, ADirectoryFailsNamingIt) {
    const std::string path = std::string(NOAI_BINARY_DIR) + "/itest-files";
    std::filesystem::create_directories(path);
    const ConfigTestResult result = check_config("noai_agents_file " + path + ";");
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.output.find("noai_agents_file: \"" + path + "\" is not a regular file"), std::string::npos)
        << result.output;
}

TEST(AgentsFileErrors, AGoodFileLoads) {
    const std::string path = scratch_file("good-list.txt", "# extra agents\nGoodBot  # trailing comment\n\nArt Harvester\n");
    const ConfigTestResult result = check_config("noai_agents_file " + path + "; noai_block on;");
    EXPECT_EQ(result.exit_code, 0) << result.output;
}

}  // namespace
}  // namespace noai_test
