// What the agent policy looks at in a request, as plain values: the glue
// fills it from nginx's parsed request. A field is added here (and filled
// by the glue) when a rule needs it.
#pragma once

#include <string_view>

namespace noai {

struct RequestView {
    std::string_view user_agent;      bool has_user_agent = false;
    std::string_view accept;          bool has_accept = false;
    std::string_view accept_encoding; bool has_accept_encoding = false;
    std::string_view accept_language; bool has_accept_language = false;
};

}  // namespace noai
