// The generated robots.txt read by real parsers' rules: Python's
// urllib.robotparser (run here) must turn away every built-in agent and let
// search crawlers in, and every User-agent value must be an RFC 9309 product
// token, the only form Google's parser reads whole, but for the exceptions
// listed below.

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "nginx_test.hpp"
#include "noai_agent_list.hpp"

namespace noai_test {
namespace {

// User-agent values that are not RFC 9309 product tokens, and why they are
// written anyway. A conforming parser reads each only up to the digit
// (img, AI, Ai): no line it accepts can name these crawlers, while lenient
// parsers (urllib.robotparser's substring test) match the documented name.
const std::map<std::string, std::string> kNotProductTokens = {
    {"img2dataset", "the downloader's own name (--user_agent_token); it has a digit"},
    {"AI2Bot", "the token Ai2 documents at allenai.org/crawler; it has a digit"},
    {"Ai2Bot-Dolma", "the token Ai2 documents at allenai.org/crawler; it has a digit"},
};

// RFC 9309 section 2.2.1: product-token = identifier / "*",
// identifier = 1*(%x2D / %x41-5A / %x5F / %x61-7A).
bool is_product_token(const std::string& value) {
    if (value == "*") return true;
    if (value.empty()) return false;
    for (char c : value)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_')) return false;
    return true;
}

std::vector<std::string> user_agent_values(const std::string& robots) {
    std::vector<std::string> values;
    std::istringstream lines(robots);
    std::string line;
    while (std::getline(lines, line))
        if (line.rfind("User-agent: ", 0) == 0) values.push_back(line.substr(12));
    return values;
}

class GeneratedRobotsTxt : public NginxTest {
protected:
    std::string fetch() {
        start(R"(
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
        noai_block on;
        location = /robots.txt { noai_robots_txt; }
    })");
        const HttpResponse response = get(port(), "/robots.txt");
        EXPECT_EQ(response.status, 200);
        return response.body;
    }

    // Python's verdict for each crawler name.
    std::map<std::string, std::string> python_verdicts(const std::string& robots,
                                                       const std::vector<std::string>& names) {
        const std::string robots_file = nginx().prefix() + "/robots.txt";
        const std::string names_file = nginx().prefix() + "/names.txt";
        write_file(robots_file, robots);
        std::string list;
        for (const std::string& name : names) list += name + "\n";
        write_file(names_file, list);
        const CommandResult check = run_command("python3 " + source_dir() + "/tests/integration/robots_txt_check.py " +
                                                    robots_file + " /art/image.png < " + names_file,
                                                true);
        EXPECT_EQ(check.exit_code, 0) << check.output;
        const std::string& output = check.output;
        std::map<std::string, std::string> verdicts;
        std::istringstream lines(output);
        std::string line;
        while (std::getline(lines, line)) {
            const auto tab = line.find('\t');
            if (tab != std::string::npos) verdicts[line.substr(0, tab)] = line.substr(tab + 1);
        }
        return verdicts;
    }
};

TEST_F(GeneratedRobotsTxt, PythonsParserTurnsAwayEveryBuiltinAgent) {
    const std::string robots = fetch();
    std::vector<std::string> names;
    for (const noai::BuiltinAgent& agent : noai::builtin_agents()) names.emplace_back(agent.name);
    const std::vector<std::string> welcome = {"Googlebot", "Bingbot", "DuckDuckBot", "Mozilla"};
    names.insert(names.end(), welcome.begin(), welcome.end());

    const auto verdicts = python_verdicts(robots, names);
    ASSERT_EQ(verdicts.size(), names.size());
    for (const noai::BuiltinAgent& agent : noai::builtin_agents())
        EXPECT_EQ(verdicts.at(std::string(agent.name)), "disallowed") << agent.name << "\n" << robots;
    for (const std::string& name : welcome) EXPECT_EQ(verdicts.at(name), "allowed") << name;
}

TEST_F(GeneratedRobotsTxt, EveryUserAgentIsAProductTokenButTheListedExceptions) {
    const std::string robots = fetch();
    std::string unexpected;
    std::size_t exceptions_seen = 0;
    for (const std::string& value : user_agent_values(robots)) {
        if (is_product_token(value)) continue;
        if (kNotProductTokens.count(value) != 0) ++exceptions_seen;
        else unexpected += " \"" + value + "\"";
    }
    EXPECT_EQ(unexpected, "") << "not RFC 9309 product tokens";
    // Each exception is still needed (a stale entry here would hide nothing).
    EXPECT_EQ(exceptions_seen, kNotProductTokens.size());
}

}  // namespace
}  // namespace noai_test
