// The generated site files: robots.txt (directive noai_robots_txt) and
// /.well-known/tdmrep.json (noai_tdmrep_json). Rendered once at
// configuration time; the handlers serve the bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace noai {

// robots.txt (RFC 9309) with two groups, LF line ends, a `#` header:
//
//   User-agent: <each agent, given order, then robots_txt_only built-ins>
//   Disallow: /
//
//   User-agent: *
//   Allow: /
//   Content-Usage: <content_usage>
//
// Agents are de-duplicated ASCII-case-insensitively (first spelling kept);
// tokens that would break the file (control characters, `#`) are skipped.
// The Content-Usage rule follows draft-ietf-aipref-attach: it is a group
// rule (its path is optional; without one it covers the whole site) and
// applies only to paths the group allows, so it goes in the `*` group, not
// the Disallow group. An empty (or CR/LF-bearing)
// content_usage omits the `*` group; with no agents the first group is omitted.
std::string render_robots_txt(const std::vector<std::string>& agents, std::string_view content_usage,
                              bool include_robots_txt_only_builtins = true);

// W3C TDMRep: `[{"location":"/","tdm-reservation":1}]`, or with a policy
// `[{"location":"/","tdm-reservation":1,"tdm-policy":"<url JSON-escaped>"}]`,
// followed by "\n".
std::string render_tdmrep_json(std::string_view policy_url);

}  // namespace noai
