// Choosing the status format from ?format= and Accept, and its Content-Type.

#include "noai_status_render.hpp"

#include <algorithm>
#include <array>

#include "noai_text.hpp"

namespace noai {

namespace {

// ---- content negotiation ----------------------------------------------------

constexpr std::array<StatusFormat, 3> kFormats = {StatusFormat::html, StatusFormat::json,
                                                  StatusFormat::prometheus};

struct MediaType {
    std::string_view type;
    std::string_view subtype;
    StatusFormat format;
};

constexpr std::array<MediaType, 4> kMediaTypes = {{
    {"text", "html", StatusFormat::html},
    {"application", "json", StatusFormat::json},
    {"text", "plain", StatusFormat::prometheus},
    {"application", "openmetrics-text", StatusFormat::prometheus},
}};

struct Preference {
    int specificity = -1;  // of the range that set q: 0 */*, 1 type/*, 2 type/subtype
    int q = 0;             // thousandths
};

// Splits the next `separator`-terminated item off `rest`, trimmed.
std::string_view next_item(std::string_view& rest, char separator) noexcept {
    const std::size_t end = rest.find(separator);
    const std::string_view item = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    return trim(item);
}

// A qvalue ("0", "0.5", "1.000") in thousandths; -1 if malformed.
int parse_qvalue(std::string_view text) noexcept {
    if (text.empty() || (text[0] != '0' && text[0] != '1')) return -1;
    int q = (text[0] - '0') * 1000;
    if (text.size() > 1) {
        if (text[1] != '.') return -1;
        int scale = 100;
        for (std::size_t i = 2; i < text.size(); ++i) {
            if (!is_ascii_digit(text[i])) return -1;
            q += (text[i] - '0') * scale;
            scale /= 10;
        }
    }
    return std::min(q, 1000);
}

void weigh_media_range(std::string_view range, std::array<Preference, 3>& preferences) noexcept {
    std::string_view type = next_item(range, ';');
    const std::size_t slash = type.find('/');
    if (slash == std::string_view::npos) return;
    const std::string_view subtype = trim(type.substr(slash + 1));
    type = trim(type.substr(0, slash));

    int q = 1000;
    while (!range.empty()) {
        const std::string_view parameter = next_item(range, ';');
        const std::size_t equals = parameter.find('=');
        if (equals != std::string_view::npos &&
            equals_ignore_case(trim(parameter.substr(0, equals)), "q"))
            q = parse_qvalue(trim(parameter.substr(equals + 1)));
    }
    if (q < 0) return;  // a range we cannot read says nothing

    for (const MediaType& offer : kMediaTypes) {
        int specificity;
        if (type == "*" && subtype == "*")
            specificity = 0;
        else if (!equals_ignore_case(type, offer.type))
            continue;
        else if (subtype == "*")
            specificity = 1;
        else if (equals_ignore_case(subtype, offer.subtype))
            specificity = 2;
        else
            continue;
        Preference& p = preferences[static_cast<std::size_t>(offer.format)];
        if (specificity > p.specificity || (specificity == p.specificity && q > p.q))
            p = {specificity, q};
    }
}

}  // namespace

// ---- public -----------------------------------------------------------------

std::optional<StatusFormat> choose_status_format(std::string_view format_arg,
                                                 std::string_view accept) noexcept {
    if (!format_arg.empty()) {
        if (equals_ignore_case(format_arg, "html")) return StatusFormat::html;
        if (equals_ignore_case(format_arg, "json")) return StatusFormat::json;
        if (equals_ignore_case(format_arg, "prometheus")) return StatusFormat::prometheus;
        return std::nullopt;
    }
    std::array<Preference, 3> preferences{};
    while (!accept.empty()) weigh_media_range(next_item(accept, ','), preferences);

    // Highest q; on a tie the more specific range, then the earlier format.
    StatusFormat best = StatusFormat::html;
    Preference top{};
    for (const StatusFormat f : kFormats) {
        const Preference& p = preferences[static_cast<std::size_t>(f)];
        if (p.q > top.q || (p.q == top.q && p.q > 0 && p.specificity > top.specificity)) {
            best = f;
            top = p;
        }
    }
    return best;
}

std::string_view status_content_type(StatusFormat format) noexcept {
    switch (format) {
    case StatusFormat::json:
        return "application/json";
    case StatusFormat::prometheus:
        return "text/plain; version=0.0.4; charset=utf-8";
    case StatusFormat::html:
        break;
    }
    return "text/html; charset=utf-8";
}

std::size_t parse_status_limit(std::string_view text) noexcept {
    if (text.empty()) return kDefaultStatusLimit;
    std::size_t limit = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return kDefaultStatusLimit;
        // Capped at every digit: a longer number only grows, and nothing overflows.
        limit = std::min(limit * 10 + static_cast<std::size_t>(c - '0'), kMaxStatusLimit);
    }
    return limit;
}

}  // namespace noai
