// ngx_http_noai_not_modified_module: a second, tiny header filter that runs
// before nginx's not-modified filter. That filter turns a 200 into a 304 for a
// conditional request and clears its Content-Type; the opt-out filter (after
// the headers filter, so after it) would then no longer know the resource is
// an image. This one notes, for a conditional request only, whether the 200's
// Content-Type matched noai_types, in the request context.
//
// Its place in the filter chain: the config file names it in the same dynamic
// module but not in ngx_module_order, so nginx appends it after every static
// module; its postconfiguration then runs after the not-modified filter's, so
// its header filter is called before that one.

#include "ngx_http_noai_module.hpp"

#include "noai_content_type.hpp"

namespace {

ngx_http_output_header_filter_pt next_header_filter;

ngx_int_t header_filter(ngx_http_request_t *r) noexcept {
    if (r != r->main || r->headers_out.status != NGX_HTTP_OK) return next_header_filter(r);
    // The not-modified filter only answers these with a 304.
    if (r->headers_in.if_modified_since == nullptr && r->headers_in.if_none_match == nullptr)
        return next_header_filter(r);
    const auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(
        ngx_http_get_module_loc_conf(r, ngx_http_noai_module));
    if (!lcf->enable) return next_header_filter(r);

    ngx_http_noai_ctx_t *ctx = ngx_http_noai_get_ctx(r, true);
    if (ctx == nullptr) return NGX_ERROR;
    ctx->type_checked = 1;
    ctx->type_matched = r->headers_out.content_type.len != 0 &&
                        lcf->types->matches(ngx_http_noai_view(r->headers_out.content_type));
    return next_header_filter(r);
}

ngx_int_t postconfiguration(ngx_conf_t *) noexcept {
    next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = header_filter;
    return NGX_OK;
}

ngx_http_module_t module_ctx = {
    nullptr,  // preconfiguration
    postconfiguration,
    nullptr,  // create main conf
    nullptr,  // init main conf
    nullptr,  // create server conf
    nullptr,  // merge server conf
    nullptr,  // create location conf
    nullptr,  // merge location conf
};

}  // namespace

ngx_module_t ngx_http_noai_not_modified_module = {
    NGX_MODULE_V1,
    &module_ctx,
    nullptr,  // directives: it reads ngx_http_noai_module's
    NGX_HTTP_MODULE,
    nullptr,  // init master
    nullptr,  // init module
    nullptr,  // init process
    nullptr,  // init thread
    nullptr,  // exit thread
    nullptr,  // exit process
    nullptr,  // exit master
    NGX_MODULE_V1_PADDING,
};
