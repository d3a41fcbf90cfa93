// Response helpers: headers for the filter and the handlers, and a small
// content response from memory for the status page and the generated files.

#include "ngx_http_noai_module.hpp"

ngx_int_t ngx_http_noai_add_response_header(ngx_http_request_t *r, ngx_str_t key,
                                            std::string_view value) noexcept {
    ngx_str_t copy;
    copy.len = value.size();
    copy.data = static_cast<u_char *>(ngx_pnalloc(r->pool, value.size()));
    if (copy.data == nullptr) return NGX_ERROR;
    ngx_memcpy(copy.data, value.data(), value.size());
    return ngx_http_noai_push_header(r, key, copy) != nullptr ? NGX_OK : NGX_ERROR;
}

ngx_int_t ngx_http_noai_send_bytes(ngx_http_request_t *r, ngx_str_t content_type, ngx_str_t body) noexcept {
    r->headers_out.status = NGX_HTTP_OK;
    r->headers_out.content_length_n = static_cast<off_t>(body.len);
    r->headers_out.content_type = content_type;
    r->headers_out.content_type_len = content_type.len;
    r->headers_out.content_type_lowcase = nullptr;

    if (r->method == NGX_HTTP_HEAD || body.len == 0) {
        r->header_only = 1;
        return ngx_http_send_header(r);
    }

    auto *b = static_cast<ngx_buf_t *>(ngx_calloc_buf(r->pool));
    if (b == nullptr) return NGX_HTTP_INTERNAL_SERVER_ERROR;
    b->pos = body.data;
    b->last = body.data + body.len;
    b->memory = 1;   // read-only: filters copy before they change it
    b->last_buf = (r == r->main) ? 1 : 0;
    b->last_in_chain = 1;

    ngx_chain_t out;
    out.buf = b;
    out.next = nullptr;

    const ngx_int_t rc = ngx_http_send_header(r);
    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) return rc;
    return ngx_http_output_filter(r, &out);
}

ngx_int_t ngx_http_noai_send_body(ngx_http_request_t *r, ngx_str_t content_type,
                                  const std::string &body) noexcept {
    // The body is copied into the request pool: the std::string dies with the caller.
    ngx_str_t copy;
    copy.len = body.size();
    copy.data = static_cast<u_char *>(ngx_pnalloc(r->pool, body.size()));
    if (copy.data == nullptr) return NGX_HTTP_INTERNAL_SERVER_ERROR;
    ngx_memcpy(copy.data, body.data(), body.size());
    return ngx_http_noai_send_bytes(r, content_type, copy);
}
