// The agent decision (PREACCESS phase), its recording (LOG phase) and the
// $noai_agent / $noai_action / $noai_verified variables.

#include "ngx_http_noai_module.hpp"

#include <string_view>

#include "noai_agent_policy.hpp"
#include "noai_content_type.hpp"
#include "noai_impersonation.hpp"
#include "noai_records.hpp"

namespace {

const auto view = ngx_http_noai_view;

ngx_str_t str_of(std::string_view s) noexcept { return ngx_http_noai_str(s.data(), s.size()); }

// One request header, if it was sent.
void take(const ngx_table_elt_t *h, std::string_view &value, bool &present) noexcept {
    present = h != nullptr;
    value = present ? view(h->value) : std::string_view();
}

// The client address bytes (after realip, which replaces the sockaddr).
std::string_view client_address(const ngx_connection_t *c) noexcept {
    switch (c->sockaddr->sa_family) {
    case AF_INET: {
        const auto *sin = reinterpret_cast<const sockaddr_in *>(c->sockaddr);
        return {reinterpret_cast<const char *>(&sin->sin_addr), 4};
    }
#if (NGX_HAVE_INET6)
    case AF_INET6: {
        const auto *sin6 = reinterpret_cast<const sockaddr_in6 *>(c->sockaddr);
        return {reinterpret_cast<const char *>(&sin6->sin6_addr), 16};
    }
#endif
    default: return {};
    }
}

// The headers only impersonation rules read, in one pass over the request
// headers; the policy calls this only for a request that claims a browser.
void read_browser_headers(const void *context, noai::BrowserHeaders &out) noexcept {
    const auto *r = static_cast<const ngx_http_request_t *>(context);
    for (const ngx_list_part_t *part = &r->headers_in.headers.part; part != nullptr; part = part->next) {
        const auto *h = static_cast<const ngx_table_elt_t *>(part->elts);
        for (ngx_uint_t i = 0; i < part->nelts; i++) {
            // By length first: only sec-ch-ua (9) and sec-fetch-* (14) are wanted.
            const size_t len = h[i].key.len;
            if (len != 9 && len != 14) continue;
            const u_char *name = h[i].lowcase_key;
            const std::string_view value = view(h[i].value);
            if (len == 9) {
                if (ngx_strncmp(name, "sec-ch-ua", 9) == 0) out.sec_ch_ua = value, out.has_sec_ch_ua = true;
                continue;
            }
            if (ngx_strncmp(name, "sec-fetch-", 10) != 0) continue;
            if (ngx_strncmp(name + 10, "site", 4) == 0) out.sec_fetch_site = value, out.has_sec_fetch_site = true;
            else if (ngx_strncmp(name + 10, "mode", 4) == 0) out.sec_fetch_mode = value, out.has_sec_fetch_mode = true;
            else if (ngx_strncmp(name + 10, "dest", 4) == 0) out.sec_fetch_dest = value, out.has_sec_fetch_dest = true;
        }
    }
}

bool came_over_tls(const ngx_http_request_t *r, const ngx_http_noai_loc_conf_t *lcf) noexcept {
    if (lcf->impersonation_tls == NGX_HTTP_NOAI_TLS_ON) return true;
#if (NGX_HTTP_SSL)
    return r->connection->ssl != nullptr;
#else
    return false;
#endif
}

// The request as the agent policy sees it.
noai::RequestView request_view(const ngx_http_request_t *r, const ngx_http_noai_loc_conf_t *lcf) noexcept {
    noai::RequestView request;
    const ngx_http_headers_in_t &in = r->headers_in;
    take(in.user_agent, request.user_agent, request.has_user_agent);
#if (NGX_HTTP_HEADERS)
    take(in.accept, request.accept, request.has_accept);
    take(in.accept_language, request.accept_language, request.has_accept_language);
#endif
#if (NGX_HTTP_GZIP || NGX_HTTP_HEADERS)
    take(in.accept_encoding, request.accept_encoding, request.has_accept_encoding);
#endif
    request.client_address = client_address(r->connection);
    request.secure = came_over_tls(r, lcf);
    request.read_browser_headers = read_browser_headers;
    request.browser_headers_context = r;
    return request;
}

// The content handler of a decoyed request: the decoy file, 200, not cached.
ngx_int_t decoy_handler(ngx_http_request_t *r) noexcept {
    if (!(r->method & (NGX_HTTP_GET | NGX_HTTP_HEAD))) return NGX_HTTP_NOT_ALLOWED;
    const ngx_int_t discard = ngx_http_discard_request_body(r);
    if (discard != NGX_OK) return discard;
    const auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(ngx_http_get_module_loc_conf(r, ngx_http_noai_module));
    static const ngx_str_t cache_control = ngx_string("Cache-Control");
    if (ngx_http_noai_add_response_header(r, cache_control, "no-store") != NGX_OK)
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    // No Last-Modified, no ETag, no Accept-Ranges: a conditional request or a
    // range gets the whole decoy again, with 200.
    return ngx_http_noai_send_bytes(r, lcf->decoy_type, lcf->decoy_body);
}

// A denied GET or HEAD for something that would get the opt-out (by the
// Content-Type nginx gives its URI, against noai_types) gets the decoy.
bool gets_decoy(ngx_http_request_t *r, const ngx_http_noai_loc_conf_t *lcf) noexcept {
    return lcf->decoy_body.len != 0 && lcf->enable && (r->method & (NGX_HTTP_GET | NGX_HTTP_HEAD)) &&
           lcf->types->matches(ngx_http_noai_type_by_extension(r));
}

// PREACCESS: a decision here cannot be undone by "satisfy any" in ACCESS.
ngx_int_t preaccess_handler(ngx_http_request_t *r) noexcept {
    const auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(
        ngx_http_get_module_loc_conf(r, ngx_http_noai_module));
    if (lcf->block == NGX_HTTP_NOAI_BLOCK_OFF || r != r->main) return NGX_DECLINED;
    // After an internal redirect or error_page a decision that named an agent
    // stands; a new location's content handler is replaced again by the decoy's.
    const ngx_http_noai_ctx_t *known = ngx_http_noai_get_ctx(r, false);
    // Still waiting for the resolver (woken by another event): keep waiting.
    if (known != nullptr && known->rdns_pending) return NGX_AGAIN;
    if (known != nullptr && known->decided) {
        if (known->action == noai::Action::decoyed) r->content_handler = decoy_handler;
        return NGX_DECLINED;
    }

    noai::RequestView request = request_view(r, lcf);
    if (known != nullptr) request.rdns = static_cast<noai::RdnsResult>(known->rdns);
    noai::Decision decision = lcf->policy->decide(request, view(r->uri));
    if (decision.rdns_needed != nullptr) {
        // noai_verify_rdns: the answer depends on DNS. The phases resume here
        // when the resolver answers, unless it answered at once from its cache.
        ngx_http_noai_ctx_t *waiting = ngx_http_noai_get_ctx(r, true);
        if (waiting == nullptr) return NGX_HTTP_INTERNAL_SERVER_ERROR;
        if (ngx_http_noai_rdns_start(r, waiting, decision.rdns_needed) == NGX_AGAIN) return NGX_AGAIN;
        request.rdns = static_cast<noai::RdnsResult>(waiting->rdns);
        decision = lcf->policy->decide(request, view(r->uri));
    }
    // Nothing to remember for a request that names no agent nor a verified crawler: no context.
    if (decision.agent.empty() && decision.verified.empty()) return NGX_DECLINED;

    ngx_http_noai_ctx_t *ctx = ngx_http_noai_get_ctx(r, true);
    if (ctx == nullptr) return NGX_HTTP_INTERNAL_SERVER_ERROR;
    ctx->decided = 1;
    ctx->action = decision.action;
    ctx->agent = str_of(decision.agent);
    ctx->purpose = decision.purpose;
    ctx->reason_kind = str_of(noai::reason_kind_name(decision.reason_kind));
    ctx->reason = str_of(decision.reason);
    ctx->verified = str_of(decision.verified);
    if (decision.action == noai::Action::none) {   // robots.txt, served by purpose, or verified
        if (!decision.verified.empty()) ctx->zone = lcf->log_zone;   // counted, not recorded
        return NGX_DECLINED;
    }
    ctx->zone = lcf->log_zone;
    ctx->log_address = lcf->log_address;
    if (decision.action != noai::Action::denied) return NGX_DECLINED;

    if (gets_decoy(r, lcf)) {
        ctx->action = noai::Action::decoyed;
        ctx->status = NGX_HTTP_OK;
        r->content_handler = decoy_handler;
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0, "noai: decoyed agent \"%V\" (%V \"%V\")",
                      &ctx->agent, &ctx->reason_kind, &ctx->reason);
        return NGX_DECLINED;
    }
    ctx->status = lcf->block_status;
    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0, "noai: denied agent \"%V\" (%V \"%V\")",
                  &ctx->agent, &ctx->reason_kind, &ctx->reason);
    // 444 is nginx's NGX_HTTP_CLOSE: the connection is closed without a response.
    return static_cast<ngx_int_t>(ctx->status);
}

// LOG: runs once per main request, when the status really sent is known.
ngx_int_t log_handler(ngx_http_request_t *r) noexcept {
    ngx_http_noai_ctx_t *ctx = ngx_http_noai_get_ctx(r, false);
    if (ctx == nullptr || ctx->zone == nullptr || ctx->recorded) return NGX_OK;
    if (!noai::turned_away(ctx->action) && ctx->action != noai::Action::reported) {
        // A verified crawler served (its response may have got the headers): counted, not recorded.
        if (ctx->verified.len != 0) {
            ctx->recorded = 1;
            ngx_http_noai_count_verified(ctx->zone, ctx->verified);
        }
        return NGX_OK;
    }
    ctx->recorded = 1;
    ngx_http_noai_record(r, ctx);
    return NGX_OK;
}

ngx_int_t set_variable(ngx_http_variable_value_t *v, std::string_view value) noexcept {
    v->len = static_cast<unsigned>(value.size());
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;
    v->data = reinterpret_cast<u_char *>(const_cast<char *>(value.data()));
    return NGX_OK;
}

ngx_int_t agent_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v, uintptr_t) noexcept {
    const ngx_http_noai_ctx_t *ctx = ngx_http_noai_get_ctx(r, false);
    return set_variable(v, ctx != nullptr ? view(ctx->agent) : std::string_view());
}

ngx_int_t action_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v, uintptr_t) noexcept {
    const ngx_http_noai_ctx_t *ctx = ngx_http_noai_get_ctx(r, false);
    noai::Action action = ctx != nullptr ? ctx->action : noai::Action::none;
    if (action == noai::Action::none && ngx_http_noai_headers_added(r)) action = noai::Action::header;
    return set_variable(v, noai::action_name(action));
}

ngx_int_t verified_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v, uintptr_t) noexcept {
    const ngx_http_noai_ctx_t *ctx = ngx_http_noai_get_ctx(r, false);
    return set_variable(v, ctx != nullptr ? view(ctx->verified) : std::string_view());
}

ngx_int_t push_phase_handler(ngx_http_core_main_conf_t *cmcf, ngx_http_phases phase,
                             ngx_http_handler_pt handler) noexcept {
    auto *slot = static_cast<ngx_http_handler_pt *>(ngx_array_push(&cmcf->phases[phase].handlers));
    if (slot == nullptr) return NGX_ERROR;
    *slot = handler;
    return NGX_OK;
}

}  // namespace

ngx_int_t ngx_http_noai_add_variables(ngx_conf_t *cf) noexcept {
    static ngx_str_t agent_name = ngx_string("noai_agent");
    static ngx_str_t action_name = ngx_string("noai_action");
    static ngx_str_t verified_name = ngx_string("noai_verified");
    struct {
        ngx_str_t *name;
        ngx_http_get_variable_pt get;
    } variables[] = {{&agent_name, agent_variable}, {&action_name, action_variable},
                   {&verified_name, verified_variable}};
    for (const auto &variable : variables) {
        ngx_http_variable_t *var =
            ngx_http_add_variable(cf, variable.name, NGX_HTTP_VAR_NOCACHEABLE);
        if (var == nullptr) return NGX_ERROR;
        var->get_handler = variable.get;
    }
    return NGX_OK;
}

// Only the handlers some location needs: a configuration without blocking or
// recording pays nothing per request for them.
ngx_int_t ngx_http_noai_access_init(ngx_conf_t *cf) noexcept {
    auto *cmcf = static_cast<ngx_http_core_main_conf_t *>(
        ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module));
    const auto *nmcf = static_cast<ngx_http_noai_main_conf_t *>(
        ngx_http_conf_get_module_main_conf(cf, ngx_http_noai_module));
    if (nmcf->decides && push_phase_handler(cmcf, NGX_HTTP_PREACCESS_PHASE, preaccess_handler) != NGX_OK)
        return NGX_ERROR;
    if (nmcf->records && push_phase_handler(cmcf, NGX_HTTP_LOG_PHASE, log_handler) != NGX_OK)
        return NGX_ERROR;
    return NGX_OK;
}
