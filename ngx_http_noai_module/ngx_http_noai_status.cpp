// noai_status: the status endpoint of a zone, as HTML, JSON or Prometheus
// text, rendered from one snapshot taken under the zone lock.

#include "ngx_http_noai_module.hpp"

#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "noai_escape.hpp"
#include "noai_records.hpp"
#include "noai_status_render.hpp"

namespace {

const auto view = ngx_http_noai_view;

// A query argument, decoded ('+' as space, then %XX); "" if absent.
std::string query_arg(ngx_http_request_t *r, const char *name) {
    ngx_str_t raw;
    if (ngx_http_arg(r, reinterpret_cast<u_char *>(const_cast<char *>(name)), ngx_strlen(name), &raw) != NGX_OK)
        return {};
    return noai::decode_query_value(view(raw));
}

std::string_view accept_header(ngx_http_request_t *r) noexcept {
#if (NGX_HTTP_HEADERS)
    if (r->headers_in.accept != nullptr) return view(r->headers_in.accept->value);
#endif
    return {};
}

ngx_int_t status_handler(ngx_http_request_t *r) noexcept {
    if (!(r->method & (NGX_HTTP_GET | NGX_HTTP_HEAD))) return NGX_HTTP_NOT_ALLOWED;
    const ngx_int_t discard = ngx_http_discard_request_body(r);
    if (discard != NGX_OK) return discard;

    const auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(
        ngx_http_get_module_loc_conf(r, ngx_http_noai_module));
    try {
        const std::optional<noai::StatusFormat> format =
            noai::choose_status_format(query_arg(r, "format"), accept_header(r));
        if (!format) return NGX_HTTP_BAD_REQUEST;

        const std::string agent = query_arg(r, "agent");
        noai::StatusView status_view;
        status_view.agent_filter = agent;
        status_view.limit = noai::parse_status_limit(query_arg(r, "limit"));
        // The snapshot copies what is shown: Prometheus shows the counters only.
        const noai::RecordSelection selection =
            *format == noai::StatusFormat::prometheus ? noai::RecordSelection{} : status_view.selection();
        noai::Snapshot snapshot;
        if (!ngx_http_noai_snapshot(lcf->status_zone, selection, snapshot)) return NGX_HTTP_INTERNAL_SERVER_ERROR;

        const ngx_time_t *now = ngx_timeofday();
        status_view.now_ms = static_cast<std::uint64_t>(now->sec) * 1000 + now->msec;
        status_view.ai_input = lcf->ai_input != 0;
        std::string body;
        switch (*format) {
        case noai::StatusFormat::html: {
            body = noai::render_status_html(snapshot, status_view);
            static const ngx_str_t csp = ngx_string("Content-Security-Policy");
            if (ngx_http_noai_add_response_header(r, csp, noai::status_html_csp()) != NGX_OK)
                return NGX_HTTP_INTERNAL_SERVER_ERROR;
            break;
        }
        case noai::StatusFormat::json:
            body = noai::render_status_json(snapshot, status_view);
            break;
        case noai::StatusFormat::prometheus:
            body = noai::render_status_prometheus(snapshot);
            break;
        }

        static const ngx_str_t cache_control = ngx_string("Cache-Control");
        static const ngx_str_t nosniff = ngx_string("X-Content-Type-Options");
        static const ngx_str_t vary = ngx_string("Vary");
        if (ngx_http_noai_add_response_header(r, cache_control, "no-store") != NGX_OK ||
            ngx_http_noai_add_response_header(r, nosniff, "nosniff") != NGX_OK ||
            ngx_http_noai_add_response_header(r, vary, "Accept") != NGX_OK)
            return NGX_HTTP_INTERNAL_SERVER_ERROR;

        const std::string_view type = noai::status_content_type(*format);
        return ngx_http_noai_send_body(r, ngx_http_noai_str(type.data(), type.size()), body);
    } catch (const std::exception &e) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "noai_status: %s", e.what());
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
}

}  // namespace

// noai_status [zone=NAME]
char *ngx_http_noai_status_directive(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(conf);
    auto *clcf = static_cast<ngx_http_core_loc_conf_t *>(ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module));
    if (clcf->handler != nullptr) return const_cast<char *>("is duplicate");
    clcf->handler = status_handler;

    ngx_str_t name = ngx_http_noai_literal("");
    if (cf->args->nelts == 2) {
        const ngx_str_t &arg = static_cast<ngx_str_t *>(cf->args->elts)[1];
        if (arg.len <= 5 || view(arg).substr(0, 5) != "zone=") {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid parameter \"%V\" in \"noai_status\" directive: expected zone=NAME", &arg);
            return static_cast<char *>(NGX_CONF_ERROR);
        }
        name = ngx_http_noai_str(reinterpret_cast<const char *>(arg.data) + 5, arg.len - 5);
    }
    return ngx_http_noai_zone_reference(cf, name, &lcf->status_zone, "noai_status");
}
