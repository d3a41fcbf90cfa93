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
//   License: <license_url>                    (RSL 1.0; when set)
//
//   User-agent: <each agent, given order, then robots_txt_only built-ins>
//   Disallow: /
//
//   User-agent: *
//   Content-Signal: <content_signal_value()>  (when content_signal)
//   Allow: /
//   Content-Usage: <content_usage>            (when set)
//
// Each agent is written as robots_txt_user_agent() gives it (a built-in's
// robots.txt token, e.g. `Kangaroo` for Kangaroo Bot), then de-duplicated
// ASCII-case-insensitively (first spelling kept);
// tokens that would break the file (control characters, `#`) are skipped.
// The Content-Usage rule follows draft-ietf-aipref-attach: it is a group
// rule (its path is optional; without one it covers the whole site) and
// applies only to paths the group allows, so it goes in the `*` group, not
// the Disallow group. Content-Signal sits where Cloudflare's managed
// robots.txt puts it: first in the `*` group, before Allow. RSL's License
// line belongs to no group, so it comes before the first one. The `*` group
// is omitted when it would carry neither Content-Usage nor Content-Signal
// (empty or CR/LF-bearing values count as unset); with no agents the first
// group is omitted.
struct RobotsTxtOptions {
    std::string_view content_usage;    // e.g. "train-ai=n"
    bool content_signal = false;       // the Content-Signal line, ai-input=yes when ai_input
    bool ai_input = false;
    std::string_view license_url;      // checked by license_url_error()
    bool include_robots_txt_only_builtins = true;
};
std::string render_robots_txt(const std::vector<std::string>& agents, const RobotsTxtOptions& options);

// Cloudflare's Content Signals (draft-romm-aipref-contentsignals):
// "search=yes, ai-train=no, ai-input=no", ai-input=yes when AI input is allowed.
std::string content_signal_value(bool ai_input_allowed);

// W3C TDMRep: `[{"location":"/","tdm-reservation":1}]`, or with a policy
// `[{"location":"/","tdm-reservation":1,"tdm-policy":"<url JSON-escaped>"}]`,
// followed by "\n".
std::string render_tdmrep_json(std::string_view policy_url);

}  // namespace noai
