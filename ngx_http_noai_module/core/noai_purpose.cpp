#include "noai_purpose.hpp"

namespace noai {

std::string_view purpose_name(Purpose purpose) noexcept {
    switch (purpose) {
    case Purpose::training: return "training";
    case Purpose::ai_input: return "ai-input";
    case Purpose::search: return "search";
    }
    return "";
}

std::optional<Purpose> parse_purpose(std::string_view name) noexcept {
    for (Purpose p : {Purpose::training, Purpose::ai_input, Purpose::search})
        if (name == purpose_name(p)) return p;
    return std::nullopt;
}

}  // namespace noai
