// What the agent policy looks at in a request, as plain values: the glue
// fills it from nginx's parsed request. A field is added here (and filled
// by the glue) when a rule needs it.
#pragma once

#include <string_view>

#include "noai_rdns.hpp"

namespace noai {

struct BrowserHeaders;

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

    // The client address (after realip) in network byte order: 4 bytes for
    // IPv4, 16 for IPv6, empty for other families (unix sockets). Read only
    // for a request that claims a verified crawler.
    std::string_view client_address;
    // The request came over TLS (noai_impersonation_tls).
    bool secure = false;
    // What the reverse/forward lookups found for the client (noai_verify_rdns);
    // unknown until the glue has asked the resolver.
    RdnsResult rdns = RdnsResult::unknown;
    // Gathers the headers only impersonation rules read; called only for a
    // request over TLS that claims a browser. Null: none were sent.
    void (*read_browser_headers)(const void* context, BrowserHeaders& out) noexcept = nullptr;
    const void* browser_headers_context = nullptr;
};

}  // namespace noai
