#include "noai_escape.hpp"

#include "noai_text.hpp"

namespace noai {

namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;  // not a code point: marks ill-formed input
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr char kHexUpper[] = "0123456789ABCDEF";

struct Utf8Step {
    char32_t code_point;   // kInvalid for an ill-formed subpart
    std::size_t length;    // bytes consumed, at least 1
};

// Decodes the character at text[i] (i < text.size()) per Unicode Table 3-7.
// On ill-formed input consumes the maximal subpart: the longest prefix of a
// well-formed sequence, or one byte.
Utf8Step decode_utf8(std::string_view text, std::size_t i) noexcept {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) return {lead, 1};

    std::size_t continuation;
    char32_t code_point;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the next byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        continuation = 1;
        code_point = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        continuation = 2;
        code_point = lead & 0x0Fu;
        if (lead == 0xE0) low = 0xA0;   // overlong
        if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        continuation = 3;
        code_point = lead & 0x07u;
        if (lead == 0xF0) low = 0x90;   // overlong
        if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
    } else {
        return {kInvalid, 1};
    }

    std::size_t n = 1;
    for (; n <= continuation; ++n) {
        if (i + n >= text.size()) return {kInvalid, n};
        const auto byte = static_cast<unsigned char>(text[i + n]);
        if (byte < low || byte > high) return {kInvalid, n};
        code_point = (code_point << 6) | (byte & 0x3Fu);
        low = 0x80;
        high = 0xBF;
    }
    return {code_point, n};
}

// Calls emit(code_point, bytes) for each character of `text`, code_point being
// kInvalid for each ill-formed subpart.
template <typename Emit>
void for_each_character(std::string_view text, Emit emit) {
    for (std::size_t i = 0; i < text.size();) {
        const Utf8Step step = decode_utf8(text, i);
        emit(step.code_point, text.substr(i, step.length));
        i += step.length;
    }
}

void append_u_escape(std::string& out, char32_t code_point) {  // \uXXXX, BMP only
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kLowerHexDigits[(code_point >> shift) & 0xF];
}

constexpr bool is_bidi_control(char32_t c) noexcept {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

void append_digits(std::string& out, std::uint64_t value, int width) {
    char digits[20];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    for (int pad = n; pad < width; ++pad) out += '0';
    while (n > 0) out += digits[--n];
}


}  // namespace

bool is_valid_utf8(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size();) {
        const Utf8Step step = decode_utf8(text, i);
        if (step.code_point == kInvalid) return false;
        i += step.length;
    }
    return true;
}

void append_html_escaped(std::string& out, std::string_view text) {
    for_each_character(text, [&out](char32_t c, std::string_view bytes) {
        switch (c) {
        case '&': out += "&amp;"; return;
        case '<': out += "&lt;"; return;
        case '>': out += "&gt;"; return;
        case '"': out += "&quot;"; return;
        case '\'': out += "&#39;"; return;
        default: break;
        }
        if (c < 0x20) {
            append_utf8(out, 0x2400 + c);  // SYMBOL FOR NULL .. SYMBOL FOR UNIT SEPARATOR
        } else if (c == 0x7F) {
            append_utf8(out, 0x2421);      // SYMBOL FOR DELETE
        } else if (c == kInvalid || (c >= 0x80 && c <= 0x9F) || is_bidi_control(c)) {
            out += kReplacement;
        } else {
            out += bytes;
        }
    });
}

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for_each_character(text, [&out](char32_t c, std::string_view bytes) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == kInvalid) {
            out += "\\ufffd";
        } else if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029) {
            append_u_escape(out, c);
        } else {
            out += bytes;
        }
    });
    out += '"';
}

void append_prometheus_label_value(std::string& out, std::string_view text) {
    for_each_character(text, [&out](char32_t c, std::string_view bytes) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == kInvalid || c < 0x20 || c == 0x7F) {
            out += kReplacement;
        } else {
            out += bytes;
        }
    });
}

void append_query_encoded(std::string& out, std::string_view text) {
    for (const char ch : text) {
        const auto byte = static_cast<unsigned char>(ch);
        if (is_ascii_alnum(ch) || byte == '-' || byte == '.' || byte == '_' || byte == '~') {
            out += ch;
        } else {
            out += '%';
            out += kHexUpper[byte >> 4];
            out += kHexUpper[byte & 0xF];
        }
    }
}

std::string decode_query_value(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '+') {
            out += ' ';
        } else if (raw[i] == '%' && i + 2 < raw.size() && hex_digit_value(raw[i + 1]) >= 0 &&
                   hex_digit_value(raw[i + 2]) >= 0) {
            out += static_cast<char>(hex_digit_value(raw[i + 1]) * 16 + hex_digit_value(raw[i + 2]));
            i += 2;
        } else {
            out += raw[i];
        }
    }
    return out;
}

void append_iso8601_utc(std::string& out, std::uint64_t unix_ms) {
    const std::uint64_t seconds = unix_ms / 1000;
    const std::uint64_t days = seconds / 86400;
    const std::uint64_t second_of_day = seconds % 86400;

    // civil_from_days (H. Hinnant), for days since 1970-01-01, which are never negative here.
    const std::uint64_t z = days + 719468;
    const std::uint64_t era = z / 146097;
    const std::uint64_t day_of_era = z - era * 146097;
    const std::uint64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::uint64_t day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::uint64_t mp = (5 * day_of_year + 2) / 153;
    const std::uint64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
    const std::uint64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::uint64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);

    append_digits(out, year, 4);
    out += '-';
    append_digits(out, month, 2);
    out += '-';
    append_digits(out, day, 2);
    out += 'T';
    append_digits(out, second_of_day / 3600, 2);
    out += ':';
    append_digits(out, second_of_day / 60 % 60, 2);
    out += ':';
    append_digits(out, second_of_day % 60, 2);
    out += '.';
    append_digits(out, unix_ms % 1000, 3);
    out += 'Z';
}

std::string iso8601_utc(std::uint64_t unix_ms) {
    std::string out;
    append_iso8601_utc(out, unix_ms);
    return out;
}

}  // namespace noai
