// Declarations shared by the glue files of ngx_http_noai_module. The glue
// converts nginx structures to byte spans and calls the pure core in core/.
#pragma once

#include "ngx_http_noai_nginx.hpp"
#include "noai_pseudonym.hpp"
#include "noai_purpose.hpp"
#include "noai_records.hpp"
#include "noai_ring.hpp"

#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace noai {
struct AddressPrefix;
class AgentPolicy;
class ContentTypeSet;
}  // namespace noai

extern "C" ngx_module_t ngx_http_noai_module;
extern "C" ngx_module_t ngx_http_noai_not_modified_module;   // ngx_http_noai_not_modified.cpp

enum ngx_http_noai_block_e : ngx_uint_t {
    NGX_HTTP_NOAI_BLOCK_OFF = 0,
    NGX_HTTP_NOAI_BLOCK_ON,
    NGX_HTTP_NOAI_BLOCK_REPORT,
};

// The generated file a location serves (noai_robots_txt, noai_tdmrep_json).
enum ngx_http_noai_site_file_e : ngx_uint_t {
    NGX_HTTP_NOAI_SITE_FILE_NONE = 0,
    NGX_HTTP_NOAI_SITE_FILE_ROBOTS_TXT,
    NGX_HTTP_NOAI_SITE_FILE_TDMREP_JSON,
};

enum ngx_http_noai_impersonation_e : ngx_uint_t {
    NGX_HTTP_NOAI_IMPERSONATION_OFF = 0,
    NGX_HTTP_NOAI_IMPERSONATION_REPORT,
    NGX_HTTP_NOAI_IMPERSONATION_ON,
};

enum ngx_http_noai_tls_e : ngx_uint_t {
    NGX_HTTP_NOAI_TLS_AUTO = 0,   // TLS when the connection to nginx is
    NGX_HTTP_NOAI_TLS_ON,         // TLS ended in front of nginx
};

// One noai_verify_rdns directive: a token and its PTR name suffixes.
struct ngx_http_noai_verify_rdns_t {
    ngx_str_t token;
    const std::vector<std::string> *suffixes;   // normalised, in the configuration pool
};

// One noai_verify directive: a token and the prefixes of its files, read at
// configuration time.
struct ngx_http_noai_verify_t {
    ngx_str_t token;
    const std::vector<noai::AddressPrefix> *prefixes;   // in the configuration pool
};

enum ngx_http_noai_address_e : ngx_uint_t {
    NGX_HTTP_NOAI_ADDRESS_HASH = 0,
    NGX_HTTP_NOAI_ADDRESS_FULL,
    NGX_HTTP_NOAI_ADDRESS_OFF,
};

// One noai_zone, in the cycle pool, the data of its entry in nginx's shared
// memory list. Created at the first mention of its name (noai_zone, noai_log
// or noai_status, in any order), so locations copy a stable pointer at merge
// time; a zone never declared (size still 0) fails postconfiguration.
// The ring block is in shared memory, mapped by the master before the
// workers fork, so its address is the same in each.
struct ngx_http_noai_zone_t {
    ngx_str_t name;
    ngx_shm_zone_t *shm_zone;
    ngx_slab_pool_t *shpool;
    noai::DenialRing ring;      // view of the ring, attached once by the zone init
    noai::CachingPseudonymHasher pseudonyms;   // keyed with the ring's key at the zone init;
                                               // each worker's copy caches its own
    ngx_str_t first_use_file;   // where it was first named, for the error message
    ngx_uint_t first_use_line;
    const char *first_use_directive;
};

static_assert(std::is_trivially_copyable_v<noai::DenialRing> &&
                  std::is_trivially_copyable_v<noai::CachingPseudonymHasher>,
              "the ring view and hasher are copied into the zone struct; they own nothing");

// noai_status without zone=: resolved when every zone is known.
struct ngx_http_noai_unnamed_ref_t {
    ngx_http_noai_zone_t **target;
    ngx_str_t file;
    ngx_uint_t line;
};

struct ngx_http_noai_main_conf_t {
    ngx_array_t unnamed_refs;   // of ngx_http_noai_unnamed_ref_t
    void *policy_cache;         // PolicyCache *: built policies shared by locations
    ngx_flag_t decides;         // some location blocks or reports: the PREACCESS handler is needed
    ngx_flag_t records;         // some location records in a zone: the LOG handler is needed
};

struct ngx_http_noai_loc_conf_t {
    // opt-out headers
    ngx_flag_t enable;
    noai::ContentTypeSet *types;       // NGX_CONF_UNSET_PTR until merged
    ngx_str_t robots_tag;              // data == NULL: unset; len == 0: off
    const std::vector<std::string> *robots_directives;   // parsed noai_robots_tag, lower-case
    ngx_flag_t tdm_reservation;
    ngx_str_t tdm_policy;              // len == 0: none
    ngx_str_t content_usage;           // data == NULL: unset; len == 0: off
    ngx_flag_t always;
    ngx_str_t license;                 // noai_license: data == NULL: unset; len == 0: off
    ngx_str_t license_link;            // its Link value, made at merge
    ngx_flag_t content_signal;         // the robots.txt Content-Signal line
    ngx_str_t decoy_path;              // noai_decoy: data == NULL: unset; len == 0: off
    ngx_str_t decoy_body;              // the file's bytes, read at nginx -t
    ngx_str_t decoy_type;              // its Content-Type

    // blocking
    ngx_uint_t block;
    ngx_uint_t block_status;
    ngx_array_t *agents;               // of ngx_http_noai_agent_t: noai_agent + noai_agents_file tokens
    ngx_array_t *allow;                // of ngx_str_t
    ngx_flag_t builtin_agents;
    ngx_flag_t fingerprints;
    ngx_flag_t ai_input;               // noai_ai_input: serve ai-input agents
    ngx_array_t *verify;               // of ngx_http_noai_verify_t; NGX_CONF_UNSET_PTR until merged
    ngx_array_t *verify_rdns;          // of ngx_http_noai_verify_rdns_t; NGX_CONF_UNSET_PTR until merged
    ngx_uint_t rdns_failure;           // noai::RdnsFailure
    ngx_uint_t impersonation;          // ngx_http_noai_impersonation_e
    ngx_uint_t impersonation_tls;      // ngx_http_noai_tls_e
    const noai::AgentPolicy *policy;   // set at merge where block is on or report, or robots.txt is served

    // recording
    ngx_http_noai_zone_t *log_zone;    // NGX_CONF_UNSET_PTR until merged, NULL: off
    ngx_uint_t log_address;
    ngx_http_noai_zone_t *status_zone; // for noai_status

    // generated files: the directive names the file, merge renders it once
    ngx_uint_t site_file;              // ngx_http_noai_site_file_e; not inherited
    ngx_str_t site_file_body;          // the bytes its handler serves
};

// One noai_agent / noai_agents_file token.
struct ngx_http_noai_agent_t {
    ngx_str_t name;
    noai::Purpose purpose;
};

// Per-request state, on the main request, created only when there is
// something to remember: a decision that names an agent, or what the
// not-modified filter saw. Recoverable after internal redirects (which clear
// module contexts) through the pool cleanup list.
struct ngx_http_noai_ctx_t {
    // The agent decision (PREACCESS), made once per request.
    unsigned decided:1;
    noai::Action action;      // none, reported, denied or decoyed
    ngx_str_t agent;          // the agent named (configuration memory); empty: none
    noai::Purpose purpose;    // the named agent's
    ngx_str_t reason_kind;    // "token", "fingerprint", "impostor" or "impersonation"
    ngx_str_t reason;         // token, fingerprint or rule name; "ip" for an impostor
    ngx_str_t verified;       // the verified crawler's token (configuration memory)
    ngx_http_noai_zone_t *zone;   // where to record it (or count a verified crawler), NULL: not
    ngx_uint_t log_address;
    ngx_uint_t status;        // status to record for a denial
    unsigned recorded:1;      // the LOG phase wrote the record

    // noai_verify_rdns: the lookups of this request's client (ngx_http_noai_rdns.cpp).
    unsigned rdns:2;          // noai::RdnsResult once known
    unsigned rdns_pending:1;  // a lookup is under way; the request waits
    unsigned rdns_starting:1; // inside ngx_resolve_*: a cached answer comes back at once
    unsigned rdns_forward:1;  // the pending lookup is the forward (name) one
    ngx_resolver_ctx_t *resolving;
    const void *rdns_crawler; // noai::RdnsCrawler (policy memory)
    ngx_http_request_t *request;

    // Apart from the decision: the header filter added the opt-out
    // ($noai_action "header" when there is no decision).
    unsigned headers_added:1;

    // Seen by ngx_http_noai_not_modified_module: a 200 nginx may turn into a
    // 304, and whether its Content-Type matched noai_types.
    unsigned type_checked:1;
    unsigned type_matched:1;
};
static_assert(std::is_trivially_destructible_v<ngx_http_noai_ctx_t>,
              "request context lives in the request pool without a destructor");

// ngx_http_noai_module.cpp
// Stands in the main request's context slot when its only state is "the
// opt-out headers were added" (most images): no allocation. Never handed out
// as a context; its address is the whole message.
extern u_char ngx_http_noai_headers_only_marker;
// The state recovered after an internal redirect, or made (zeroed) with
// create; see ngx_http_noai_get_ctx.
ngx_http_noai_ctx_t *ngx_http_noai_recover_ctx(ngx_http_request_t *r, bool create) noexcept;

// The main request's state; with create, made (zeroed) if there is none.
// nullptr without create when there is none, or on allocation failure.
// Inline: every request asks, and most have none.
inline ngx_http_noai_ctx_t *ngx_http_noai_get_ctx(ngx_http_request_t *r, bool create) noexcept {
    r = r->main;
    void *slot = ngx_http_get_module_ctx(r, ngx_http_noai_module);
    if (slot != nullptr && slot != &ngx_http_noai_headers_only_marker) return static_cast<ngx_http_noai_ctx_t *>(slot);
    if (!create && (slot != nullptr || !(r->internal || r->filter_finalize))) return nullptr;
    return ngx_http_noai_recover_ctx(r, create);
}

// Notes that the header filter added the opt-out, allocating nothing when the
// request has no state of its own (ctx: its state, or nullptr).
inline void ngx_http_noai_note_headers_added(ngx_http_request_t *r, ngx_http_noai_ctx_t *ctx) noexcept {
    if (ctx != nullptr) ctx->headers_added = 1;
    else ngx_http_set_ctx(r->main, &ngx_http_noai_headers_only_marker, ngx_http_noai_module);
}

bool ngx_http_noai_headers_added(ngx_http_request_t *r) noexcept;

// ngx_http_noai_directives.cpp
extern ngx_command_t ngx_http_noai_commands[];
// Reads a file a directive names (path already full): a regular file only,
// so a FIFO or a directory fails nginx -t instead of hanging it. Logs the
// error naming the directive; may throw std::bad_alloc.
ngx_int_t ngx_http_noai_read_conf_file(ngx_conf_t *cf, const ngx_str_t &path, std::string &content);

// ngx_http_noai_verify.cpp
char *ngx_http_noai_verify_directive(ngx_conf_t *cf, ngx_command_t *cmd, void *conf) noexcept;
char *ngx_http_noai_verify_rdns_directive(ngx_conf_t *cf, ngx_command_t *cmd, void *conf) noexcept;

// ngx_http_noai_rdns.cpp
// Looks the client up for `crawler` (noai::RdnsCrawler): NGX_AGAIN while the
// request waits for the resolver (the phases resume when it answers), NGX_OK
// when ctx->rdns is already known (a cached answer, or no lookup possible).
ngx_int_t ngx_http_noai_rdns_start(ngx_http_request_t *r, ngx_http_noai_ctx_t *ctx, const void *crawler) noexcept;

// ngx_http_noai_filter.cpp
ngx_int_t ngx_http_noai_filter_init(ngx_conf_t *cf) noexcept;
// The Content-Type nginx gives this URI in this location (types {} by its
// extension, else default_type), as for a static file.
std::string_view ngx_http_noai_type_by_extension(ngx_http_request_t *r) noexcept;

// ngx_http_noai_access.cpp
ngx_int_t ngx_http_noai_access_init(ngx_conf_t *cf) noexcept;
ngx_int_t ngx_http_noai_add_variables(ngx_conf_t *cf) noexcept;

// ngx_http_noai_zone.cpp
char *ngx_http_noai_zone_directive(ngx_conf_t *cf, ngx_command_t *cmd, void *conf) noexcept;
// Points *target at the zone `name` (empty: the only zone, for noai_status).
char *ngx_http_noai_zone_reference(ngx_conf_t *cf, const ngx_str_t &name, ngx_http_noai_zone_t **target,
                                   const char *directive) noexcept;
ngx_int_t ngx_http_noai_resolve_zone_refs(ngx_conf_t *cf, ngx_http_noai_main_conf_t *nmcf) noexcept;
void ngx_http_noai_record(ngx_http_request_t *r, const ngx_http_noai_ctx_t *ctx) noexcept;
void ngx_http_noai_count_headers_added(ngx_http_noai_zone_t *zone) noexcept;
// A verified crawler's request: counted under its name in the zone, no record.
void ngx_http_noai_count_verified(ngx_http_noai_zone_t *zone, const ngx_str_t &agent) noexcept;
// Copies the zone's counters and the records `selection` picks (allocating
// first, copying under the lock).
bool ngx_http_noai_snapshot(const ngx_http_noai_zone_t *zone, const noai::RecordSelection &selection,
                            noai::Snapshot &out) noexcept;

// ngx_http_noai_response.cpp
// Answers a GET/HEAD with these bytes, which must outlive the request (no copy).
ngx_int_t ngx_http_noai_send_bytes(ngx_http_request_t *r, ngx_str_t content_type, ngx_str_t body) noexcept;
// Answers a GET/HEAD with a body built in memory (copied into the request pool).
ngx_int_t ngx_http_noai_send_body(ngx_http_request_t *r, ngx_str_t content_type, const std::string &body) noexcept;
// Appends a response header, copying the value into the request pool.
ngx_int_t ngx_http_noai_add_response_header(ngx_http_request_t *r, ngx_str_t key, std::string_view value) noexcept;

// ngx_http_noai_status.cpp
char *ngx_http_noai_status_directive(ngx_conf_t *cf, ngx_command_t *cmd, void *conf) noexcept;

// ngx_http_noai_site_files.cpp
// Renders the location's generated file, if it serves one (at merge).
char *ngx_http_noai_render_site_file(ngx_conf_t *cf, ngx_http_noai_loc_conf_t *lcf);
char *ngx_http_noai_robots_txt_directive(ngx_conf_t *cf, ngx_command_t *cmd, void *conf) noexcept;
char *ngx_http_noai_tdmrep_json_directive(ngx_conf_t *cf, ngx_command_t *cmd, void *conf) noexcept;

// Small conversions shared by the glue.
inline ngx_str_t ngx_http_noai_str(const char *data, size_t len) noexcept {
    ngx_str_t s;
    s.len = len;
    s.data = reinterpret_cast<u_char *>(const_cast<char *>(data));
    return s;
}

// Appends a response header; the value must outlive the request (no copy).
// Inline: the header filter calls it three times for every image.
inline ngx_table_elt_t *ngx_http_noai_push_header(ngx_http_request_t *r, ngx_str_t key, ngx_str_t value) noexcept {
    // ngx_list_push's own first step, inlined: the last part has room (it
    // holds 20 response headers); ngx_list_push when it must grow.
    ngx_list_t *list = &r->headers_out.headers;
    ngx_list_part_t *last = list->last;
    ngx_table_elt_t *h;
    if (last->nelts < list->nalloc) {
        h = static_cast<ngx_table_elt_t *>(last->elts) + last->nelts;
        last->nelts++;
    } else {
        h = static_cast<ngx_table_elt_t *>(ngx_list_push(list));
        if (h == nullptr) return nullptr;
    }
    h->hash = 1;
    h->key = key;
    h->value = value;
    h->lowcase_key = nullptr;
#if (nginx_version >= 1023000)
    h->next = nullptr;   // 1.23 links headers of the same name
#endif
    return h;
}

template <size_t N>
ngx_str_t ngx_http_noai_literal(const char (&text)[N]) noexcept {
    return ngx_http_noai_str(text, N - 1);
}

inline std::string_view ngx_http_noai_view(const ngx_str_t &s) noexcept {
    return {reinterpret_cast<const char *>(s.data), s.len};
}

// Runs a configuration callback body: a C++ exception (in practice
// std::bad_alloc) becomes a logged configuration error, never unwinding into nginx.
template <typename Body>
char *ngx_http_noai_conf_guarded(ngx_conf_t *cf, Body body) noexcept {
    try {
        return body();
    } catch (const std::exception &e) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "noai: %s", e.what());
    } catch (...) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "noai: unexpected error");
    }
    return static_cast<char *>(NGX_CONF_ERROR);
}

// Creates a C++ object in an nginx pool; its destructor runs when the pool is
// destroyed (configuration objects live as long as their cycle). Throws
// std::bad_alloc when the pool is exhausted; callers catch at the boundary.
template <typename T, typename... Args>
T *ngx_http_noai_pool_new(ngx_pool_t *pool, Args &&...args) {
    ngx_pool_cleanup_t *cleanup = ngx_pool_cleanup_add(pool, sizeof(T));
    if (cleanup == nullptr) throw std::bad_alloc();
    T *object = new (cleanup->data) T(std::forward<Args>(args)...);
    cleanup->handler = [](void *data) { static_cast<T *>(data)->~T(); };
    return object;
}
