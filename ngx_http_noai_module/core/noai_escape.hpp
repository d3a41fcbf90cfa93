// Escaping for the status renderers. Every appender takes arbitrary bytes (a
// request's User-Agent, URI, ...) and writes well-formed UTF-8 that is safe in
// its target syntax. A byte sequence that is not valid UTF-8 (stray
// continuation bytes, overlong forms, surrogates, code points past U+10FFFF,
// cut-off sequences) becomes one U+FFFD per maximal ill-formed subpart, as
// Unicode §3.9 and the WHATWG decoder do. Valid characters, emoji included,
// pass through unchanged unless the target syntax needs them escaped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace noai {

// HTML text and quoted attribute values: & < > " ' become character
// references; C0 controls and DEL become their visible Control Pictures
// (U+2400..U+2421: a newline shows as "␊"); C1 controls and the bidi
// embedding/override/isolate controls (U+202A..U+202E, U+2066..U+2069), which
// could reorder what is shown, become U+FFFD.
void append_html_escaped(std::string& out, std::string_view text);

// A JSON string literal, quotes included: " and \ escaped, C0 controls and DEL
// as \u00XX, U+2028/U+2029 as \u2028/\u2029, invalid UTF-8 as \ufffd.
void append_json_string(std::string& out, std::string_view text);

// A Prometheus text-format (0.0.4) label value, without the quotes: \ " and
// newline escaped as the format requires; other C0 controls, DEL and invalid
// UTF-8 become U+FFFD.
void append_prometheus_label_value(std::string& out, std::string_view text);

// A URL query value: every byte outside RFC 3986 "unreserved" is %XX-encoded,
// so the result is also safe inside an HTML attribute.
void append_query_encoded(std::string& out, std::string_view text);

// The inverse, for a raw value from the query string (what nginx's
// ngx_http_arg() yields): %XX decoded, '+' read as a space (HTML forms send
// spaces so), a '%' not followed by two hex digits kept as is.
std::string decode_query_value(std::string_view raw);

// Whether `text` is well-formed UTF-8 (no ill-formed subpart, as above).
bool is_valid_utf8(std::string_view text) noexcept;

// ISO 8601 UTC with milliseconds: 1795606611123 -> "2026-11-25T11:36:51.123Z".
void append_iso8601_utc(std::string& out, std::uint64_t unix_ms);
std::string iso8601_utc(std::uint64_t unix_ms);

}  // namespace noai
