#include "noai_records.hpp"

#include "noai_text.hpp"

namespace noai {

std::string_view action_name(Action action) noexcept {
    switch (action) {
    case Action::denied:
        return "denied";
    case Action::decoyed:
        return "decoyed";
    case Action::reported:
        return "reported";
    case Action::header:
        return "header";
    case Action::none:
        break;
    }
    return "";  // none, or a value no enumerator names
}

bool RecordSelection::selects(std::string_view record_agent) const noexcept {
    return agent.empty() || equals_ignore_case(record_agent, agent);
}

}  // namespace noai
