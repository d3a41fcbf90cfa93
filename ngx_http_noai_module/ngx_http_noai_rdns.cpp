// noai_verify_rdns: forward-confirmed reverse DNS through nginx's own
// resolver, without blocking the worker. The request waits in PREACCESS:
// PTR lookup of the client address, the name checked against the crawler's
// suffixes (core/noai_rdns), then the name resolved and compared with the
// address. Answers are cached per worker by the resolver itself, for their
// TTL (or `resolver ... valid=`), so a crawler's next requests are decided
// at once.

#include "ngx_http_noai_module.hpp"

#include "noai_rdns.hpp"

namespace {

void finish(ngx_http_noai_ctx_t *ctx, noai::RdnsResult result) noexcept {
    ctx->rdns = static_cast<unsigned>(result);
    ctx->rdns_pending = 0;
    ctx->resolving = nullptr;
    if (ctx->rdns_starting) return;   // answered inside ngx_resolve_*: the caller goes on
    ngx_http_request_t *r = ctx->request;
    ngx_connection_t *c = r->connection;
    ngx_http_core_run_phases(r);
    ngx_http_run_posted_requests(c);
}

noai::RdnsResult result_of_error(ngx_int_t state) noexcept {
    // NXDOMAIN is an answer: there is no such name. Anything else (timeout,
    // SERVFAIL, refused) says nothing about the client.
    return state == NGX_RESOLVE_NXDOMAIN ? noai::RdnsResult::mismatch : noai::RdnsResult::failed;
}

void log_lookup(ngx_http_request_t *r, const char *what, ngx_resolver_ctx_t *rctx) noexcept {
    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0, "noai: %s for \"%V\" failed (%i: %s)", what,
                  &r->connection->addr_text, rctx->state, ngx_resolver_strerror(rctx->state));
}

void forward_done(ngx_resolver_ctx_t *rctx) noexcept {
    auto *ctx = static_cast<ngx_http_noai_ctx_t *>(rctx->data);
    ngx_connection_t *c = ctx->request->connection;
    noai::RdnsResult result = noai::RdnsResult::mismatch;
    if (rctx->state) {
        log_lookup(ctx->request, "forward lookup", rctx);
        result = result_of_error(rctx->state);
    } else {
        for (ngx_uint_t i = 0; i < rctx->naddrs; i++) {
            if (ngx_cmp_sockaddr(rctx->addrs[i].sockaddr, rctx->addrs[i].socklen, c->sockaddr, c->socklen, 0) ==
                NGX_OK) {
                result = noai::RdnsResult::confirmed;
                break;
            }
        }
    }
    ngx_resolve_name_done(rctx);
    finish(ctx, result);
}

void ptr_done(ngx_resolver_ctx_t *rctx) noexcept {
    auto *ctx = static_cast<ngx_http_noai_ctx_t *>(rctx->data);
    ngx_http_request_t *r = ctx->request;
    if (rctx->state) {
        log_lookup(r, "reverse lookup", rctx);
        const noai::RdnsResult result = result_of_error(rctx->state);
        ngx_resolve_addr_done(rctx);
        finish(ctx, result);
        return;
    }
    const auto *crawler = static_cast<const noai::RdnsCrawler *>(ctx->rdns_crawler);
    ngx_str_t name;
    name.len = rctx->name.len;
    name.data = static_cast<u_char *>(ngx_pnalloc(r->pool, name.len));
    const bool under = name.data != nullptr && noai::name_under_any(ngx_http_noai_view(rctx->name), crawler->suffixes);
    if (name.data != nullptr) ngx_memcpy(name.data, rctx->name.data, name.len);
    ngx_resolve_addr_done(rctx);
    if (!under) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0, "noai: \"%V\" is named \"%V\", not under %s's suffixes",
                      &r->connection->addr_text, &name, crawler->token.c_str());
        finish(ctx, name.data == nullptr ? noai::RdnsResult::failed : noai::RdnsResult::mismatch);
        return;
    }

    auto *clcf = static_cast<ngx_http_core_loc_conf_t *>(ngx_http_get_module_loc_conf(r, ngx_http_core_module));
    ngx_resolver_ctx_t *forward = ngx_resolve_start(clcf->resolver, nullptr);
    if (forward == nullptr || forward == NGX_NO_RESOLVER) {
        finish(ctx, noai::RdnsResult::failed);
        return;
    }
    forward->name = name;
    forward->handler = forward_done;
    forward->data = ctx;
    forward->timeout = clcf->resolver_timeout;
    ctx->resolving = forward;
    ctx->rdns_forward = 1;
    if (ngx_resolve_name(forward) != NGX_OK) {
        ctx->resolving = nullptr;   // ngx_resolve_name freed it
        finish(ctx, noai::RdnsResult::failed);
    }
}

// The request is going away: stop waiting for the resolver.
void cancel(void *data) noexcept {
    auto *ctx = static_cast<ngx_http_noai_ctx_t *>(data);
    if (ctx->resolving == nullptr) return;
    ngx_resolver_ctx_t *rctx = ctx->resolving;
    ctx->resolving = nullptr;
    if (ctx->rdns_forward) ngx_resolve_name_done(rctx);
    else ngx_resolve_addr_done(rctx);
}

}  // namespace

ngx_int_t ngx_http_noai_rdns_start(ngx_http_request_t *r, ngx_http_noai_ctx_t *ctx, const void *crawler) noexcept {
    auto *clcf = static_cast<ngx_http_core_loc_conf_t *>(ngx_http_get_module_loc_conf(r, ngx_http_core_module));
    ngx_pool_cleanup_t *cleanup = ngx_pool_cleanup_add(r->pool, 0);
    ngx_resolver_ctx_t *rctx = cleanup != nullptr ? ngx_resolve_start(clcf->resolver, nullptr) : nullptr;
    if (rctx == nullptr || rctx == NGX_NO_RESOLVER) {
        ctx->rdns = static_cast<unsigned>(noai::RdnsResult::failed);
        return NGX_OK;
    }
    cleanup->handler = cancel;
    cleanup->data = ctx;
    ctx->request = r;
    ctx->rdns_crawler = crawler;
    ctx->rdns_forward = 0;
    ctx->rdns_pending = 1;
    ctx->resolving = rctx;
    rctx->addr.sockaddr = r->connection->sockaddr;
    rctx->addr.socklen = r->connection->socklen;
    rctx->handler = ptr_done;
    rctx->data = ctx;
    rctx->timeout = clcf->resolver_timeout;

    ctx->rdns_starting = 1;
    const ngx_int_t rc = ngx_resolve_addr(rctx);
    ctx->rdns_starting = 0;
    if (rc != NGX_OK) {   // ngx_resolve_addr freed the context
        ctx->resolving = nullptr;
        ctx->rdns_pending = 0;
        ctx->rdns = static_cast<unsigned>(noai::RdnsResult::failed);
        return NGX_OK;
    }
    if (!ctx->rdns_pending) return NGX_OK;   // answered from the resolver's cache
    return NGX_AGAIN;
}
