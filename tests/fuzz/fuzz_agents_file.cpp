// libFuzzer target: noai::parse_agents_file() on arbitrary file contents.
//
// Checks: no crash; on success every agent is non-empty and free of control
// characters; on failure the message is non-empty, one printable line, and
// error_line is at most the number of lines + 1. Two cross-checks:
//  - plain lists against a naive line-by-line reimplementation of the
//    documented format;
//  - robots.json: whenever the strict RFC 8259 parser of the tests accepts
//    the document as an object of objects whose keys are valid agent tokens,
//    parse_agents_file must succeed with exactly those keys, in order.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "json_checker.hpp"
#include "noai_agent_list.hpp"
#include "noai_agents_file.hpp"
#include "fuzz_support.hpp"

namespace {

using noai_fuzz::hex;

[[noreturn]] void fail(const char* what, std::string_view input, const noai::AgentFileResult& r) {
    std::fprintf(stderr, "fuzz_agents_file: %s\n  input (hex): %s\n  ok=%d error_line=%zu error=%s agents=%zu\n",
                 what, hex(input).c_str(), r.ok() ? 1 : 0, r.error_line, r.error.c_str(), r.agents.size());
    std::abort();
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

bool valid_token(std::string_view t) {
    if (t.empty() || t.size() > noai::kMaxAgentTokenBytes) return false;
    for (unsigned char c : t)
        if (is_control(c)) return false;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The plain format as documented: one token per line, '#' starts a comment,
// blank lines ignored, spaces/tabs trimmed, CRLF accepted, an optional last
// word "purpose=training|ai-input|search". Returns false (with the 1-based
// line) on the first invalid token or purpose.
bool naive_plain(std::string_view content, std::vector<std::string>& agents, std::size_t& bad_line) {
    std::size_t line_no = 0;
    std::size_t start = 0;
    while (start < content.size()) {
        ++line_no;
        std::size_t eol = content.find('\n', start);
        if (eol == std::string_view::npos) eol = content.size();
        std::string_view line = content.substr(start, eol - start);
        start = eol + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::size_t hash = line.find('#');
        if (hash != std::string_view::npos) line = line.substr(0, hash);
        line = trim(line);
        if (line.empty()) continue;
        const std::size_t space = line.find_last_of(" \t");
        if (space != std::string_view::npos && line.substr(space + 1, 8) == "purpose=") {
            const std::string_view purpose = line.substr(space + 9);
            if (purpose != "training" && purpose != "ai-input" && purpose != "search") {
                bad_line = line_no;
                return false;
            }
            line = trim(line.substr(0, space));
        }
        if (!valid_token(line)) {
            bad_line = line_no;
            return false;
        }
        agents.emplace_back(line);
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const noai::AgentFileResult r = noai::parse_agents_file(input);

    std::size_t lines = 1;
    for (char c : input) lines += c == '\n';

    if (r.ok()) {
        if (r.agents.empty()) fail("ok() with no agents", input, r);
        for (const noai::ListedAgent& a : r.agents)
            if (!valid_token(a.name)) fail("ok() with an empty agent or one holding a control character", input, r);
        if (r.error_line != 0) fail("ok() with an error line", input, r);
    } else {
        if (r.error.empty()) fail("error without a message", input, r);
        for (unsigned char c : r.error)
            if (is_control(c)) fail("error message holds a control character", input, r);
        if (r.error_line > lines + 1) fail("error_line past the end of the file", input, r);
    }

    // Which format did the parser pick? (BOM, then first non-space byte.)
    std::string_view body = input;
    if (body.substr(0, 3) == "\xef\xbb\xbf") body.remove_prefix(3);
    const std::size_t first = body.find_first_not_of(" \t\r\n");
    const bool json = first != std::string_view::npos && (body[first] == '{' || body[first] == '[');

    if (!json) {
        std::vector<std::string> want;
        std::size_t bad_line = 0;
        if (!naive_plain(body, want, bad_line)) {
            if (r.ok() || r.error_line != bad_line) fail("plain list: error differs from the reference", input, r);
        } else if (want.empty()) {
            if (r.ok()) fail("plain list: no agents but ok()", input, r);
        } else if (!r.ok() || noai::agent_names(r.agents) != want) {
            fail("plain list: agents differ from the reference", input, r);
        }
        return 0;
    }

    noai_test::Json doc;
    if (!noai_test::JsonParser(body).parse(doc)) return 0;   // not strict JSON: no claim
    if (doc.kind != noai_test::Json::Kind::object) return 0;
    std::vector<std::string> want;
    for (const auto& [key, value] : doc.members) {
        if (value.kind != noai_test::Json::Kind::object || !valid_token(key)) return 0;
        want.push_back(key);
    }
    if (want.empty()) {
        if (r.ok()) fail("robots.json: no agents but ok()", input, r);
    } else if (!r.ok() || noai::agent_names(r.agents) != want) {
        fail("robots.json: strict JSON accepted, agents differ from its keys", input, r);
    }
    return 0;
}
