// What the agent policy looks at in a request, as plain values: the glue
// fills it from nginx's parsed request. A field is added here (and filled
// by the glue) when a rule needs it.
#pragma once

#include <string_view>

namespace noai {

struct RequestView {
    // Header values ("" when absent), then whether each was sent: the flags
    // together keep the struct small to set up on every request.
    std::string_view user_agent;
    std::string_view accept;
    std::string_view accept_encoding;
    std::string_view accept_language;
    bool has_user_agent = false;
    bool has_accept = false;
    bool has_accept_encoding = false;
    bool has_accept_language = false;
};

}  // namespace noai
