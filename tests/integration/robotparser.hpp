// Python's urllib.robotparser as a judge of generated robots.txt files.
#pragma once

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "nginx_test.hpp"

namespace noai_test {

// urllib.robotparser's can_fetch() for each (agent, path), as "1"/"0".
inline std::string robotparser_answers(const std::string& robots_txt,
                                       const std::vector<std::pair<std::string, std::string>>& queries) {
    const std::string dir = ::testing::TempDir();
    const std::string robots_path = dir + "/" + current_test_name() + ".robots.txt";
    write_file(robots_path, robots_txt);
    std::string script = "import sys, urllib.robotparser as r\n"
                         "p = r.RobotFileParser()\n"
                         "p.parse(open(sys.argv[1], encoding='utf-8').read().splitlines())\n"
                         "print(''.join('1' if p.can_fetch(a, u) else '0' for a, u in [";
    for (const auto& [agent, path] : queries) script += "('" + agent + "', 'http://x" + path + "'),";
    script += "]))\n";
    const std::string script_path = dir + "/" + current_test_name() + ".py";
    write_file(script_path, script);
    FILE* pipe = popen(("python3 " + script_path + " " + robots_path + " 2>&1").c_str(), "r");
    if (pipe == nullptr) return "popen failed";
    std::string out;
    char buffer[256];
    while (fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    pclose(pipe);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

}  // namespace noai_test
