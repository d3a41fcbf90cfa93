// Prints the size of the agent matcher's automaton for the built-in list and
// for each agents file given, as one JSON object per line. bench/run compiles
// it against the core sources (the module does not expose these figures).
//
//   matcher_stats [AGENTS_FILE...]

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "noai_agent_list.hpp"
#include "noai_agents_file.hpp"
#include "noai_agent_matcher.hpp"

namespace {

void print(const std::string& label, const std::vector<std::string>& agents) {
    const noai::AgentMatcher matcher(agents, {});
    std::cout << "{\"list\":\"" << label << "\",\"tokens\":" << matcher.token_count()
              << ",\"states\":" << matcher.state_count() << ",\"classes\":" << matcher.class_count()
              << ",\"bytes\":" << matcher.memory_bytes() << "}\n";
}

}  // namespace

int main(int argc, char** argv) {
    print("builtin", noai::builtin_ua_tokens());
    for (int i = 1; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        if (!in) {
            std::cerr << "matcher_stats: cannot open " << argv[i] << "\n";
            return 1;
        }
        std::stringstream content;
        content << in.rdbuf();
        const noai::AgentFileResult parsed = noai::parse_agents_file(content.str());
        if (!parsed.ok()) {
            std::cerr << "matcher_stats: " << argv[i] << ": " << parsed.error << "\n";
            return 1;
        }
        print(argv[i], noai::agent_names(parsed.agents));
    }
    return 0;
}
