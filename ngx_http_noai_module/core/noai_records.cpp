#include "noai_records.hpp"

namespace noai {

std::string_view action_name(Action action) noexcept {
    switch (action) {
    case Action::denied:
        return "denied";
    case Action::reported:
        return "reported";
    case Action::header:
        return "header";
    case Action::none:
        break;
    }
    return "";  // none, or a value no enumerator names
}

}  // namespace noai
