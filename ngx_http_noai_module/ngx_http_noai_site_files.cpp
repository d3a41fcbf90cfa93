// noai_robots_txt and noai_tdmrep_json: site-wide opt-out files generated
// from the location's configuration, rendered once at merge; the handlers
// serve the bytes.

#include "ngx_http_noai_module.hpp"

#include <string>

#include "noai_agent_policy.hpp"
#include "noai_site_files.hpp"

namespace {

const auto view = ngx_http_noai_view;

ngx_int_t serve(ngx_http_request_t *r, ngx_str_t content_type) noexcept {
    if (!(r->method & (NGX_HTTP_GET | NGX_HTTP_HEAD))) return NGX_HTTP_NOT_ALLOWED;
    const ngx_int_t discard = ngx_http_discard_request_body(r);
    if (discard != NGX_OK) return discard;
    const auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(ngx_http_get_module_loc_conf(r, ngx_http_noai_module));
    return ngx_http_noai_send_bytes(r, content_type, lcf->site_file_body);
}

ngx_int_t robots_txt_handler(ngx_http_request_t *r) noexcept {
    return serve(r, ngx_http_noai_literal("text/plain; charset=utf-8"));
}

ngx_int_t tdmrep_json_handler(ngx_http_request_t *r) noexcept {
    return serve(r, ngx_http_noai_literal("application/json"));
}

char *set_site_file(ngx_conf_t *cf, void *conf, ngx_uint_t file, ngx_http_handler_pt handler) noexcept {
    auto *clcf = static_cast<ngx_http_core_loc_conf_t *>(ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module));
    if (clcf->handler != nullptr) return const_cast<char *>("is duplicate");
    clcf->handler = handler;
    static_cast<ngx_http_noai_loc_conf_t *>(conf)->site_file = file;
    return NGX_CONF_OK;
}

}  // namespace

char *ngx_http_noai_render_site_file(ngx_conf_t *cf, ngx_http_noai_loc_conf_t *lcf) {
    std::string body;
    switch (lcf->site_file) {
    case NGX_HTTP_NOAI_SITE_FILE_ROBOTS_TXT: {
        // The policy's set already holds the robots.txt-only built-ins, less the allowed agents.
        noai::RobotsTxtOptions options;
        options.content_usage = view(lcf->content_usage);
        options.content_signal = lcf->content_signal != 0;
        options.ai_input = lcf->policy->ai_input();
        options.license_url = view(lcf->license);
        options.include_robots_txt_only_builtins = false;
        body = noai::render_robots_txt(lcf->policy->robots_txt_agents(), options);
        break;
    }
    case NGX_HTTP_NOAI_SITE_FILE_TDMREP_JSON:
        body = noai::render_tdmrep_json(view(lcf->tdm_policy));
        break;
    default:
        return NGX_CONF_OK;
    }
    lcf->site_file_body.len = body.size();
    lcf->site_file_body.data = static_cast<u_char *>(ngx_pnalloc(cf->pool, body.size()));
    if (lcf->site_file_body.data == nullptr) return static_cast<char *>(NGX_CONF_ERROR);
    ngx_memcpy(lcf->site_file_body.data, body.data(), body.size());
    return NGX_CONF_OK;
}

char *ngx_http_noai_robots_txt_directive(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    return set_site_file(cf, conf, NGX_HTTP_NOAI_SITE_FILE_ROBOTS_TXT, robots_txt_handler);
}

char *ngx_http_noai_tdmrep_json_directive(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    return set_site_file(cf, conf, NGX_HTTP_NOAI_SITE_FILE_TDMREP_JSON, tdmrep_json_handler);
}
