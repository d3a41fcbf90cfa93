// noai_robots_txt and noai_tdmrep_json: site-wide opt-out files generated
// from the location's configuration.

#include "ngx_http_noai_module.hpp"

#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "noai_agent_list.hpp"
#include "noai_site_files.hpp"
#include "noai_text.hpp"

namespace {

constexpr auto view = ngx_http_noai_view;

const ngx_http_noai_loc_conf_t *loc_conf(ngx_http_request_t *r) noexcept {
    return static_cast<ngx_http_noai_loc_conf_t *>(ngx_http_get_module_loc_conf(r, ngx_http_noai_module));
}

bool listed(const ngx_array_t *list, std::string_view token) noexcept {
    if (list == nullptr) return false;
    const auto *items = static_cast<const ngx_str_t *>(list->elts);
    for (ngx_uint_t i = 0; i < list->nelts; i++)
        if (noai::equals_ignore_case(view(items[i]), token)) return true;
    return false;
}

// Every agent this location turns away, robots.txt-only tokens included,
// less those noai_agent_allow lets through.
std::vector<std::string> active_agents(const ngx_http_noai_loc_conf_t *lcf) {
    std::vector<std::string> agents;
    if (lcf->builtin_agents) {
        for (const noai::BuiltinAgent &agent : noai::builtin_agents()) agents.emplace_back(agent.name);
    }
    if (lcf->agents != nullptr) {
        const auto *items = static_cast<const ngx_str_t *>(lcf->agents->elts);
        for (ngx_uint_t i = 0; i < lcf->agents->nelts; i++) agents.emplace_back(view(items[i]));
    }
    std::vector<std::string> active;
    for (std::string &agent : agents)
        if (!listed(lcf->allow, agent)) active.push_back(std::move(agent));
    return active;
}

ngx_int_t serve(ngx_http_request_t *r, ngx_str_t content_type, std::string (*render)(const ngx_http_noai_loc_conf_t *)) noexcept {
    if (!(r->method & (NGX_HTTP_GET | NGX_HTTP_HEAD))) return NGX_HTTP_NOT_ALLOWED;
    const ngx_int_t discard = ngx_http_discard_request_body(r);
    if (discard != NGX_OK) return discard;
    try {
        return ngx_http_noai_send_body(r, content_type, render(loc_conf(r)));
    } catch (const std::exception &e) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "noai: %s", e.what());
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
}

ngx_int_t robots_txt_handler(ngx_http_request_t *r) noexcept {
    return serve(r, ngx_http_noai_literal("text/plain; charset=utf-8"), [](const ngx_http_noai_loc_conf_t *lcf) {
        // active_agents() already holds the robots.txt-only built-ins, less the allowed ones.
        return noai::render_robots_txt(active_agents(lcf), view(lcf->content_usage), false);
    });
}

ngx_int_t tdmrep_json_handler(ngx_http_request_t *r) noexcept {
    return serve(r, ngx_http_noai_literal("application/json"), [](const ngx_http_noai_loc_conf_t *lcf) {
        return noai::render_tdmrep_json(view(lcf->tdm_policy));
    });
}

char *set_content_handler(ngx_conf_t *cf, ngx_http_handler_pt handler) noexcept {
    auto *clcf = static_cast<ngx_http_core_loc_conf_t *>(ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module));
    if (clcf->handler != nullptr) return const_cast<char *>("is duplicate");
    clcf->handler = handler;
    return NGX_CONF_OK;
}

}  // namespace

char *ngx_http_noai_robots_txt_directive(ngx_conf_t *cf, ngx_command_t *, void *) noexcept {
    return set_content_handler(cf, robots_txt_handler);
}

char *ngx_http_noai_tdmrep_json_directive(ngx_conf_t *cf, ngx_command_t *, void *) noexcept {
    return set_content_handler(cf, tdmrep_json_handler);
}
