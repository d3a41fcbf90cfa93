// The header filter: appends the opt-out headers to matching responses.

#include "ngx_http_noai_module.hpp"

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "noai_content_type.hpp"
#include "noai_header_value.hpp"
#include "noai_license.hpp"
#include "noai_records.hpp"
#include "noai_text.hpp"

namespace {

ngx_http_output_header_filter_pt next_header_filter;

const auto view = ngx_http_noai_view;

// The statuses add_header uses without "always".
bool is_success_status(ngx_uint_t status) noexcept {
    switch (status) {
    case NGX_HTTP_OK:
    case NGX_HTTP_CREATED:
    case NGX_HTTP_NO_CONTENT:
    case NGX_HTTP_PARTIAL_CONTENT:
    case NGX_HTTP_MOVED_PERMANENTLY:
    case NGX_HTTP_MOVED_TEMPORARILY:
    case NGX_HTTP_SEE_OTHER:
    case NGX_HTTP_NOT_MODIFIED:
    case NGX_HTTP_TEMPORARY_REDIRECT:
    case NGX_HTTP_PERMANENT_REDIRECT:
        return true;
    default:
        return false;
    }
}

const ngx_str_t kRobotsTag = ngx_string("X-Robots-Tag");
const ngx_str_t kTdmReservation = ngx_string("tdm-reservation");
const ngx_str_t kTdmPolicy = ngx_string("tdm-policy");
const ngx_str_t kContentUsage = ngx_string("Content-Usage");
const ngx_str_t kLink = ngx_string("Link");

// What the response already carries of our headers, found in one pass.
struct ExistingHeaders {
    std::vector<ngx_table_elt_t *> robots_lines;   // allocates only when there are some
    std::vector<ngx_table_elt_t *> link_lines;
    bool tdm_reservation = false;
    bool tdm_reservation_zero = false;   // "tdm-reservation: 0": rights not reserved
    bool tdm_policy = false;
    bool content_usage = false;
};

// The first byte, folded, before the call: a response's other headers (ETag,
// Last-Modified, ...) mostly differ there. Every key above starts with a
// letter, so folding with 0x20 never rejects one of them.
bool key_is(const ngx_table_elt_t &h, const ngx_str_t &key) noexcept {
    return h.key.len == key.len && (h.key.data[0] | 0x20) == (key.data[0] | 0x20) &&
           ngx_strncasecmp(h.key.data, key.data, key.len) == 0;
}

ExistingHeaders existing_headers(ngx_http_request_t *r) {
    ExistingHeaders found;
    for (ngx_list_part_t *part = &r->headers_out.headers.part; part != nullptr; part = part->next) {
        auto *h = static_cast<ngx_table_elt_t *>(part->elts);
        for (ngx_uint_t i = 0; i < part->nelts; i++) {
            if (h[i].hash == 0) continue;   // removed
            // By length first: the keys above have five different lengths.
            switch (h[i].key.len) {
            case sizeof("X-Robots-Tag") - 1:
                if (key_is(h[i], kRobotsTag)) found.robots_lines.push_back(&h[i]);
                break;
            case sizeof("tdm-reservation") - 1:
                if (!key_is(h[i], kTdmReservation)) break;
                found.tdm_reservation = true;
                found.tdm_reservation_zero = found.tdm_reservation_zero || noai::trim(view(h[i].value)) == "0";
                break;
            case sizeof("tdm-policy") - 1:
                if (key_is(h[i], kTdmPolicy)) found.tdm_policy = true;
                break;
            case sizeof("Content-Usage") - 1:
                if (key_is(h[i], kContentUsage)) found.content_usage = true;
                break;
            case sizeof("Link") - 1:
                if (key_is(h[i], kLink)) found.link_lines.push_back(&h[i]);
                break;
            default:
                break;
            }
        }
    }
    return found;
}

ngx_str_t copy_to_pool(ngx_pool_t *pool, const std::string &s) {
    ngx_str_t out;
    out.len = s.size();
    out.data = static_cast<u_char *>(ngx_pnalloc(pool, s.size()));
    if (out.data == nullptr) throw std::bad_alloc();
    ngx_memcpy(out.data, s.data(), s.size());
    return out;
}

// X-Robots-Tag: our directives in one unscoped line that comes first; every
// line already there (add_header, upstream) kept. See noai::merge_robots_tag.
ngx_int_t add_robots_tag(ngx_http_request_t *r, const ngx_http_noai_loc_conf_t *lcf,
                         const std::vector<ngx_table_elt_t *> &lines) {
    if (lines.empty()) {
        // The common case (static files): nothing to merge with.
        return ngx_http_noai_push_header(r, kRobotsTag, lcf->robots_tag) != nullptr ? NGX_OK : NGX_ERROR;
    }

    std::vector<std::string_view> existing;
    for (ngx_table_elt_t *h : lines) existing.push_back(view(h->value));
    const std::optional<std::vector<std::string>> merged =
        noai::merge_robots_tag(existing, *lcf->robots_directives);
    if (!merged) return NGX_OK;

    // The merge yields one line more than before, or as many: rewrite the
    // existing lines in place (keeping their position in the list) and append
    // the last one if needed.
    for (size_t i = 0; i < merged->size(); i++) {
        const ngx_str_t value = copy_to_pool(r->pool, (*merged)[i]);
        if (i < lines.size()) {
            lines[i]->value = value;
        } else if (ngx_http_noai_push_header(r, kRobotsTag, value) == nullptr) {
            return NGX_ERROR;
        }
    }
    return NGX_OK;
}

// RSL: our licence link, as one more element of the Link list the response
// may already carry (see noai::merge_license_link).
ngx_int_t add_license_link(ngx_http_request_t *r, const ngx_http_noai_loc_conf_t *lcf,
                           const std::vector<ngx_table_elt_t *> &lines) {
    if (lines.empty())
        return ngx_http_noai_push_header(r, kLink, lcf->license_link) != nullptr ? NGX_OK : NGX_ERROR;
    std::vector<std::string_view> existing;
    for (ngx_table_elt_t *h : lines) existing.push_back(view(h->value));
    const noai::LinkMerge merge = noai::merge_license_link(existing, view(lcf->license));
    switch (merge.kind) {
    case noai::LinkMerge::Kind::none:
        return NGX_OK;
    case noai::LinkMerge::Kind::add_line:
        return ngx_http_noai_push_header(r, kLink, lcf->license_link) != nullptr ? NGX_OK : NGX_ERROR;
    case noai::LinkMerge::Kind::replace_line:
        lines[merge.line]->value = copy_to_pool(r->pool, merge.value);
        return NGX_OK;
    }
    return NGX_OK;
}

ngx_int_t add_optout_headers(ngx_http_request_t *r, const ngx_http_noai_loc_conf_t *lcf) {
    const ExistingHeaders existing = existing_headers(r);
    if (lcf->robots_tag.len != 0 && add_robots_tag(r, lcf, existing.robots_lines) != NGX_OK) return NGX_ERROR;

    // A value the upstream already states for these is its own, more specific
    // statement: never duplicated, never overridden. Nor is a policy put
    // beside its "tdm-reservation: 0": TDMRep says a policy is then not to be
    // processed, so ours would only contradict it.
    if (lcf->tdm_reservation && !existing.tdm_reservation &&
        ngx_http_noai_push_header(r, kTdmReservation, ngx_http_noai_literal("1")) == nullptr)
        return NGX_ERROR;
    if (lcf->tdm_policy.len != 0 && !existing.tdm_policy && !existing.tdm_reservation_zero &&
        ngx_http_noai_push_header(r, kTdmPolicy, lcf->tdm_policy) == nullptr)
        return NGX_ERROR;
    if (lcf->content_usage.len != 0 && !existing.content_usage &&
        ngx_http_noai_push_header(r, kContentUsage, lcf->content_usage) == nullptr)
        return NGX_ERROR;
    if (lcf->license_link.len != 0 && add_license_link(r, lcf, existing.link_lines) != NGX_OK) return NGX_ERROR;
    return NGX_OK;
}

}  // namespace

// As ngx_http_set_content_type does for a static file.
std::string_view ngx_http_noai_type_by_extension(ngx_http_request_t *r) noexcept {
    const auto *clcf = static_cast<ngx_http_core_loc_conf_t *>(
        ngx_http_get_module_loc_conf(r, ngx_http_core_module));
    if (r->exten.len != 0 && r->exten.len <= 32) {
        u_char lowcase[32];
        const ngx_uint_t hash = ngx_hash_strlow(lowcase, r->exten.data, r->exten.len);
        const auto *type = static_cast<ngx_str_t *>(ngx_hash_find(
            const_cast<ngx_hash_t *>(&clcf->types_hash), hash, lowcase, r->exten.len));
        if (type != nullptr) return view(*type);
    }
    return view(clcf->default_type);
}

namespace {

// Whether the response's type is one of noai_types. A 304 has no
// Content-Type: nginx's not-modified filter clears it (the 200 it replaced was
// checked by ngx_http_noai_not_modified_module), and an upstream's own 304
// never had one. A 304 must still carry the opt-out: a cache replaces the
// stored X-Robots-Tag with the 304's (RFC 9111, 4.3.4) when the 304 has one.
bool type_matches(ngx_http_request_t *r, const ngx_http_noai_loc_conf_t *lcf,
                  const ngx_http_noai_ctx_t *ctx) noexcept {
    if (r->headers_out.content_type.len != 0) return lcf->types->matches(view(r->headers_out.content_type));
    if (r->headers_out.status != NGX_HTTP_NOT_MODIFIED) return false;
    if (ctx != nullptr && ctx->type_checked) return ctx->type_matched;
    return lcf->types->matches(ngx_http_noai_type_by_extension(r));
}

ngx_int_t header_filter(ngx_http_request_t *r) noexcept {
    if (r != r->main) return next_header_filter(r);
    const auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(
        ngx_http_get_module_loc_conf(r, ngx_http_noai_module));
    if (!lcf->enable) return next_header_filter(r);

    ngx_http_noai_ctx_t *ctx = ngx_http_noai_get_ctx(r, false);
    // A denial answers an image request with an error page or the decoy: it
    // carries the opt-out too, whatever its type and status.
    const bool denied = ctx != nullptr && noai::turned_away(ctx->action);
    if (!denied) {
        if (!lcf->always && !is_success_status(r->headers_out.status)) return next_header_filter(r);
        if (!type_matches(r, lcf, ctx)) return next_header_filter(r);
    }

    try {
        if (add_optout_headers(r, lcf) != NGX_OK) return NGX_ERROR;
    } catch (const std::exception &e) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "noai: cannot add headers: %s", e.what());
        return NGX_ERROR;
    }

    ngx_http_noai_note_headers_added(r, ctx);
    if (lcf->log_zone != nullptr) ngx_http_noai_count_headers_added(lcf->log_zone);
    return next_header_filter(r);
}

}  // namespace

ngx_int_t ngx_http_noai_filter_init(ngx_conf_t *) noexcept {
    next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = header_filter;
    return NGX_OK;
}
