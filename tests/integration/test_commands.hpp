// Running command-line programs from integration tests: a shell command's
// output and exit code, and a self-signed certificate made with the openssl CLI.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace noai_test {

struct CommandResult {
    int exit_code = -1;
    std::string output;   // standard output (and standard error with merge_stderr), trailing newlines removed
};

inline CommandResult run_command(const std::string& command, bool merge_stderr = false) {
    CommandResult result;
    FILE* pipe = popen((merge_stderr ? command + " 2>&1" : command).c_str(), "r");
    if (pipe == nullptr) return result;
    std::array<char, 4096> buffer;
    while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) result.output += buffer.data();
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    while (!result.output.empty() && (result.output.back() == '\n' || result.output.back() == '\r'))
        result.output.pop_back();
    return result;
}

inline std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// dir/cert.pem and dir/key.pem for localhost and 127.0.0.1, valid two days.
// Returns "" or openssl's complaint.
inline std::string make_test_certificate(const std::string& dir) {
    const CommandResult made = run_command(
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
        "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout " + shell_quote(dir + "/key.pem") +
            " -out " + shell_quote(dir + "/cert.pem"),
        true);
    return made.exit_code == 0 ? std::string() : "openssl failed: " + made.output;
}

}  // namespace noai_test
