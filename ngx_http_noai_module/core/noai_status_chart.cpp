#include "noai_status_chart.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "noai_escape.hpp"

namespace noai {

namespace {

// Geometry of the viewBox, in SVG user units.
constexpr int kWidth = 720;
constexpr int kHeight = 210;
constexpr int kPlotLeft = 44;
constexpr int kPlotRight = 712;
constexpr int kPlotTop = 12;
constexpr int kPlotBottom = 180;
constexpr double kSlot = double(kPlotRight - kPlotLeft) / kChartHours;
constexpr double kBarWidth = kSlot - 2;

// Stacked bottom to top in this order.
constexpr Purpose kStack[] = {Purpose::training, Purpose::ai_input, Purpose::search};

// A coordinate with at most one decimal: 12.25 -> "12.3", 7.0 -> "7".
void append_coord(std::string& out, double value) {
    const auto tenths = static_cast<std::int64_t>(value * 10 + (value < 0 ? -0.5 : 0.5));
    if (tenths < 0) out += '-';
    const std::uint64_t magnitude = static_cast<std::uint64_t>(tenths < 0 ? -tenths : tenths);
    out += std::to_string(magnitude / 10);
    if (magnitude % 10 != 0) {
        out += '.';
        out += static_cast<char>('0' + magnitude % 10);
    }
}

// The smallest 1, 2 or 5 times a power of ten that is >= value (>= 1).
std::uint64_t nice_ceiling(std::uint64_t value) {
    std::uint64_t step = 1;
    while (true) {
        for (std::uint64_t m : {1, 2, 5})
            if (m * step >= value) return m * step;
        if (step > UINT64_MAX / 100) return value;
        step *= 10;
    }
}

std::uint64_t total_of(const HourCounts& h) {
    std::uint64_t sum = 0;
    for (std::uint64_t c : h.count) sum += c;
    return sum;
}

// "2026-12-01 14:00 UTC: 3 training, 1 ai-input"
void append_bar_title(std::string& out, const HourCounts& h) {
    const std::string iso = iso8601_utc(h.hour * kHourMs);
    out += "<title>";
    out.append(iso, 0, 10);
    out += ' ';
    out.append(iso, 11, 5);
    out += " UTC: ";
    bool first = true;
    for (Purpose p : kStack) {
        const std::uint64_t n = h.count[static_cast<std::size_t>(p)];
        if (n == 0) continue;
        if (!first) out += ", ";
        first = false;
        out += std::to_string(n);
        out += ' ';
        out += purpose_name(p);
    }
    out += "</title>";
}

// "14:00", or "1 Dec" at midnight.
void append_hour_label(std::string& out, std::uint64_t hour) {
    static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::string iso = iso8601_utc(hour * kHourMs);
    if (iso.compare(11, 2, "00") == 0) {
        const int day = std::stoi(iso.substr(8, 2));
        const int month = std::stoi(iso.substr(5, 2));
        out += std::to_string(day);
        out += ' ';
        out += kMonths[(month - 1) % 12];
    } else {
        out.append(iso, 11, 5);
    }
}

// ` name="value"` with a coordinate value.
void append_coord_attr(std::string& out, std::string_view name, double value) {
    out += ' ';
    out += name;
    out += "=\"";
    append_coord(out, value);
    out += '"';
}

void append_text(std::string& out, std::string_view cls, double x, double y, std::string_view anchor) {
    out += "<text class=\"";
    out += cls;
    out += '"';
    append_coord_attr(out, "x", x);
    append_coord_attr(out, "y", y);
    out += " text-anchor=\"";
    out += anchor;
    out += "\">";
}

void append_line(std::string& out, std::string_view cls, double x1, double y1, double x2, double y2) {
    out += "<line class=\"";
    out += cls;
    out += '"';
    append_coord_attr(out, "x1", x1);
    append_coord_attr(out, "y1", y1);
    append_coord_attr(out, "x2", x2);
    append_coord_attr(out, "y2", y2);
    out += "/>";
}

}  // namespace

std::string render_hourly_chart(const std::array<HourCounts, kChartHours>& hours) {
    std::uint64_t busiest = 0;
    std::uint64_t totals[kPurposeCount] = {};
    for (const HourCounts& h : hours) {
        busiest = std::max(busiest, total_of(h));
        for (std::size_t p = 0; p < kPurposeCount; ++p) totals[p] += h.count[p];
    }
    const std::uint64_t scale = nice_ceiling(std::max<std::uint64_t>(busiest, 1));
    const double plot_height = kPlotBottom - kPlotTop;

    std::string out;
    out.reserve(4096);
    out += "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ";
    out += std::to_string(kWidth);
    out += ' ';
    out += std::to_string(kHeight);
    out += "\" role=\"img\" aria-labelledby=\"chart-title chart-desc\">\n"
           "<title id=\"chart-title\">Requests turned away per hour, last 48 hours</title>\n"
           "<desc id=\"chart-desc\">";
    std::uint64_t all = 0;
    for (std::uint64_t t : totals) all += t;
    out += std::to_string(all);
    out += all == 1 ? " request" : " requests";
    out += " turned away in 48 hours";
    for (Purpose p : kStack) {
        out += p == kStack[0] ? ": " : ", ";
        out += std::to_string(totals[static_cast<std::size_t>(p)]);
        out += ' ';
        out += purpose_name(p);
    }
    out += "; the busiest hour had ";
    out += std::to_string(busiest);
    out += ".</desc>\n";

    // Grid: the baseline, half the scale (when a whole number) and the scale.
    out += "<g class=\"grid\">";
    for (std::uint64_t value : {std::uint64_t{0}, scale / 2, scale}) {
        if (value == scale / 2 && (scale % 2 != 0 || value == 0)) continue;
        const double y = kPlotBottom - plot_height * double(value) / double(scale);
        append_line(out, value == 0 ? "base" : "rule", kPlotLeft, y, kPlotRight, y);
        append_text(out, "tick", kPlotLeft - 6, y + 4, "end");
        out += std::to_string(value);
        out += "</text>";
    }
    out += "</g>\n";

    out += "<g class=\"bars\">";
    for (std::size_t i = 0; i < hours.size(); ++i) {
        const HourCounts& h = hours[i];
        if (total_of(h) == 0) continue;
        const double x = kPlotLeft + kSlot * double(i) + 1;
        out += "<g>";
        append_bar_title(out, h);
        std::uint64_t below = 0;
        for (Purpose p : kStack) {
            const std::uint64_t n = h.count[static_cast<std::size_t>(p)];
            if (n == 0) continue;
            const double bottom = kPlotBottom - plot_height * double(below) / double(scale);
            const double top = kPlotBottom - plot_height * double(below + n) / double(scale);
            below += n;
            out += "<rect class=\"p-";
            out += purpose_name(p);
            out += '"';
            append_coord_attr(out, "x", x);
            append_coord_attr(out, "y", top);
            append_coord_attr(out, "width", kBarWidth);
            // A 1 in a scale of 1000 stays visible.
            append_coord_attr(out, "height", std::max(bottom - top, 0.5));
            out += "/>";
        }
        out += "</g>";
    }
    out += "</g>\n";

    // Hour labels every six hours (UTC), the last hour as "now".
    out += "<g class=\"hours\">";
    for (std::size_t i = 0; i < hours.size(); ++i) {
        const double center = kPlotLeft + kSlot * (double(i) + 0.5);
        if (i + 1 == hours.size()) {
            append_text(out, "tick", center, kPlotBottom + 18, "middle");
            out += "now</text>";
        } else if (hours[i].hour % 6 == 0 && i + 3 < hours.size()) {
            append_line(out, "mark", center, kPlotBottom, center, kPlotBottom + 4);
            append_text(out, "tick", center, kPlotBottom + 18, "middle");
            append_hour_label(out, hours[i].hour);
            out += "</text>";
        }
    }
    out += "</g>\n";
    if (all == 0) {
        append_text(out, "quiet", (kPlotLeft + kPlotRight) / 2.0, (kPlotTop + kPlotBottom) / 2.0, "middle");
        out += "Nothing turned away in the last 48 hours</text>\n";
    }
    out += "</svg>\n<figcaption>";
    for (Purpose p : kStack) {
        out += "<span class=\"key\"><span class=\"swatch p-";
        out += purpose_name(p);
        out += "\"></span>";
        out += purpose_name(p);
        out += " <b>";
        out += std::to_string(totals[static_cast<std::size_t>(p)]);
        out += "</b></span> ";
    }
    out += "<span class=\"key hint\">per hour, UTC</span></figcaption>\n</figure>\n";
    return out;
}

}  // namespace noai
