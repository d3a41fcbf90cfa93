// ngx_http_noai_module: the module object and the configuration it builds
// (create, merge, postconfiguration). The directive handlers are in
// ngx_http_noai_directives.cpp.

#include "ngx_http_noai_module.hpp"

#include <algorithm>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "noai_agent_policy.hpp"
#include "noai_content_type.hpp"
#include "noai_header_value.hpp"
#include "noai_license.hpp"
#include "noai_rdns.hpp"
#include "noai_text.hpp"
#include "noai_version.hpp"

namespace {

const auto view = ngx_http_noai_view;

// A built policy, keyed by what it was built from: locations that inherit the
// same lists and switches share one policy (and its automaton).
struct PolicyCacheEntry {
    const ngx_array_t *agents;
    const ngx_array_t *allow;
    bool builtin;
    bool fingerprints;
    ngx_uint_t block;
    bool ai_input;
    const ngx_array_t *verify;
    const ngx_array_t *verify_rdns;
    ngx_uint_t rdns_failure;
    ngx_uint_t impersonation;
    const noai::AgentPolicy *policy;
};
using PolicyCache = std::vector<PolicyCacheEntry>;

void *create_main_conf(ngx_conf_t *cf) noexcept {
    auto *nmcf = static_cast<ngx_http_noai_main_conf_t *>(
        ngx_pcalloc(cf->pool, sizeof(ngx_http_noai_main_conf_t)));
    if (nmcf == nullptr) return nullptr;
    if (ngx_array_init(&nmcf->unnamed_refs, cf->pool, 1, sizeof(ngx_http_noai_unnamed_ref_t)) != NGX_OK)
        return nullptr;
    try {
        nmcf->policy_cache = ngx_http_noai_pool_new<PolicyCache>(cf->pool);
    } catch (const std::exception &e) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "noai: %s", e.what());
        return nullptr;
    }
    return nmcf;
}

void *create_loc_conf(ngx_conf_t *cf) noexcept {
    auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(
        ngx_pcalloc(cf->pool, sizeof(ngx_http_noai_loc_conf_t)));
    if (lcf == nullptr) return nullptr;
    // ngx_pcalloc leaves the ngx_str_t fields {0, NULL}: unset.
    lcf->enable = NGX_CONF_UNSET;
    lcf->types = static_cast<noai::ContentTypeSet *>(NGX_CONF_UNSET_PTR);
    lcf->robots_directives = static_cast<const std::vector<std::string> *>(NGX_CONF_UNSET_PTR);
    lcf->tdm_reservation = NGX_CONF_UNSET;
    lcf->always = NGX_CONF_UNSET;
    lcf->block = NGX_CONF_UNSET_UINT;
    lcf->block_status = NGX_CONF_UNSET_UINT;
    lcf->agents = static_cast<ngx_array_t *>(NGX_CONF_UNSET_PTR);
    lcf->allow = static_cast<ngx_array_t *>(NGX_CONF_UNSET_PTR);
    lcf->builtin_agents = NGX_CONF_UNSET;
    lcf->fingerprints = NGX_CONF_UNSET;
    lcf->ai_input = NGX_CONF_UNSET;
    lcf->content_signal = NGX_CONF_UNSET;
    lcf->verify = static_cast<ngx_array_t *>(NGX_CONF_UNSET_PTR);
    lcf->verify_rdns = static_cast<ngx_array_t *>(NGX_CONF_UNSET_PTR);
    lcf->rdns_failure = NGX_CONF_UNSET_UINT;
    lcf->impersonation = NGX_CONF_UNSET_UINT;
    lcf->impersonation_tls = NGX_CONF_UNSET_UINT;
    lcf->log_zone = static_cast<ngx_http_noai_zone_t *>(NGX_CONF_UNSET_PTR);
    lcf->log_address = NGX_CONF_UNSET_UINT;
    return lcf;
}

std::vector<std::string> tokens_of(const ngx_array_t *list) {
    std::vector<std::string> tokens;
    if (list == nullptr) return tokens;
    const auto *items = static_cast<const ngx_str_t *>(list->elts);
    for (ngx_uint_t i = 0; i < list->nelts; i++) tokens.emplace_back(view(items[i]));
    return tokens;
}

std::vector<noai::ListedAgent> agents_of(const ngx_array_t *list) {
    std::vector<noai::ListedAgent> agents;
    if (list == nullptr) return agents;
    const auto *items = static_cast<const ngx_http_noai_agent_t *>(list->elts);
    for (ngx_uint_t i = 0; i < list->nelts; i++) agents.push_back({std::string(view(items[i].name)), items[i].purpose});
    return agents;
}

// noai_verify lines, one entry per token (ASCII case ignored): a token named
// twice is checked against the union of its files.
std::vector<noai::VerifiedCrawler> verified_crawlers(const ngx_array_t *list) {
    std::vector<std::pair<std::string, std::vector<noai::AddressPrefix>>> merged;
    if (list != nullptr) {
        const auto *items = static_cast<const ngx_http_noai_verify_t *>(list->elts);
        for (ngx_uint_t i = 0; i < list->nelts; i++) {
            const std::string_view token = view(items[i].token);
            auto same = std::find_if(merged.begin(), merged.end(),
                                     [&](const auto &entry) { return noai::equals_ignore_case(entry.first, token); });
            if (same == merged.end()) same = merged.insert(merged.end(), {std::string(token), {}});
            same->second.insert(same->second.end(), items[i].prefixes->begin(), items[i].prefixes->end());
        }
    }
    std::vector<noai::VerifiedCrawler> crawlers;
    for (const auto &[token, prefixes] : merged) crawlers.push_back({token, noai::AddressRanges(prefixes)});
    return crawlers;
}

// noai_verify_rdns lines, one entry per token: a token named twice takes
// the suffixes of both.
std::vector<noai::RdnsCrawler> rdns_crawlers(const ngx_array_t *list) {
    std::vector<noai::RdnsCrawler> crawlers;
    if (list == nullptr) return crawlers;
    const auto *items = static_cast<const ngx_http_noai_verify_rdns_t *>(list->elts);
    for (ngx_uint_t i = 0; i < list->nelts; i++) {
        const std::string_view token = view(items[i].token);
        auto same = std::find_if(crawlers.begin(), crawlers.end(),
                                 [&](const noai::RdnsCrawler &c) { return noai::equals_ignore_case(c.token, token); });
        if (same == crawlers.end()) same = crawlers.insert(crawlers.end(), {std::string(token), {}});
        same->suffixes.insert(same->suffixes.end(), items[i].suffixes->begin(), items[i].suffixes->end());
    }
    return crawlers;
}

// noai_verify_rdns asks nginx's resolver: the location must have one.
bool has_resolver(ngx_conf_t *cf) noexcept {
    auto *clcf = static_cast<ngx_http_core_loc_conf_t *>(ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module));
    return clcf->resolver != nullptr && clcf->resolver->connections.nelts > 0;
}

// The agent policy for this location: built once per distinct combination
// of lists and switches and shared by every location using it.
const noai::AgentPolicy *policy_for(ngx_conf_t *cf, const ngx_http_noai_loc_conf_t *lcf) {
    auto *nmcf = static_cast<ngx_http_noai_main_conf_t *>(
        ngx_http_conf_get_module_main_conf(cf, ngx_http_noai_module));
    auto &cache = *static_cast<PolicyCache *>(nmcf->policy_cache);
    const bool builtin = lcf->builtin_agents != 0;
    const bool fingerprints = lcf->fingerprints != 0;
    const bool ai_input = lcf->ai_input != 0;
    for (const PolicyCacheEntry &entry : cache) {
        if (entry.agents == lcf->agents && entry.allow == lcf->allow && entry.builtin == builtin &&
            entry.fingerprints == fingerprints && entry.block == lcf->block && entry.ai_input == ai_input &&
            entry.verify == lcf->verify && entry.verify_rdns == lcf->verify_rdns &&
            entry.rdns_failure == lcf->rdns_failure && entry.impersonation == lcf->impersonation)
            return entry.policy;
    }
    noai::AgentPolicyConfig config;
    config.builtin_agents = builtin;
    config.agents = agents_of(lcf->agents);
    config.ai_input = ai_input;
    config.allow = tokens_of(lcf->allow);
    config.fingerprints = fingerprints;
    config.block = lcf->block == NGX_HTTP_NOAI_BLOCK_REPORT ? noai::BlockMode::report : noai::BlockMode::on;
    config.verify = verified_crawlers(lcf->verify);
    config.verify_rdns = rdns_crawlers(lcf->verify_rdns);
    config.rdns_failure = static_cast<noai::RdnsFailure>(lcf->rdns_failure);
    // Impersonation rules report by default wherever blocking is on or report.
    config.impersonation = lcf->impersonation == NGX_HTTP_NOAI_IMPERSONATION_ON    ? noai::ImpersonationMode::on
                           : lcf->impersonation == NGX_HTTP_NOAI_IMPERSONATION_OFF ? noai::ImpersonationMode::off
                                                                                   : noai::ImpersonationMode::report;
    const auto *policy = ngx_http_noai_pool_new<noai::AgentPolicy>(cf->pool, config);
    cache.push_back({lcf->agents, lcf->allow, builtin, fingerprints, lcf->block, ai_input, lcf->verify,
                     lcf->verify_rdns, lcf->rdns_failure, lcf->impersonation, policy});
    const noai::AgentMatcher &matcher = policy->matcher();
    ngx_log_error(NGX_LOG_INFO, cf->log, 0, "noai: agent matcher built: %uz tokens, %uz states, %uz bytes",
                  matcher.token_count(), matcher.state_count(), matcher.memory_bytes());
    return policy;
}

char *merge_loc_conf(ngx_conf_t *cf, void *parent, void *child) noexcept {
    return ngx_http_noai_conf_guarded(cf, [&]() -> char * {
        auto *prev = static_cast<ngx_http_noai_loc_conf_t *>(parent);
        auto *conf = static_cast<ngx_http_noai_loc_conf_t *>(child);

        ngx_conf_merge_value(conf->enable, prev->enable, 0);
        if (conf->types == NGX_CONF_UNSET_PTR) {
            if (prev->types == NGX_CONF_UNSET_PTR) {
                // Set on the parent too, so every location shares one default set.
                auto *types = ngx_http_noai_pool_new<noai::ContentTypeSet>(cf->pool);
                types->add("image/*");
                prev->types = types;
            }
            conf->types = prev->types;
        }
        if (conf->robots_tag.data == nullptr) {
            if (prev->robots_tag.data == nullptr) {
                std::string error;
                prev->robots_tag = ngx_http_noai_literal("noai, noimageai");
                prev->robots_directives = ngx_http_noai_pool_new<std::vector<std::string>>(
                    cf->pool, noai::parse_robots_tag_directives("noai, noimageai", error));
            }
            conf->robots_tag = prev->robots_tag;
            conf->robots_directives = prev->robots_directives;
        }
        ngx_conf_merge_value(conf->tdm_reservation, prev->tdm_reservation, 1);
        ngx_conf_merge_str_value(conf->tdm_policy, prev->tdm_policy, "");
        ngx_conf_merge_str_value(conf->content_usage, prev->content_usage, "train-ai=n");
        ngx_conf_merge_value(conf->always, prev->always, 0);
        ngx_conf_merge_str_value(conf->license, prev->license, "");
        if (conf->license.len != 0 && conf->license_link.len == 0) {
            const std::string link = noai::license_link_value(view(conf->license));
            conf->license_link.len = link.size();
            conf->license_link.data = static_cast<u_char *>(ngx_pnalloc(cf->pool, link.size()));
            if (conf->license_link.data == nullptr) return static_cast<char *>(NGX_CONF_ERROR);
            ngx_memcpy(conf->license_link.data, link.data(), link.size());
        }
        ngx_conf_merge_value(conf->content_signal, prev->content_signal, 1);
        if (conf->decoy_path.data == nullptr) {
            conf->decoy_path = prev->decoy_path;
            conf->decoy_body = prev->decoy_body;
            conf->decoy_type = prev->decoy_type;
        }

        ngx_conf_merge_uint_value(conf->block, prev->block, NGX_HTTP_NOAI_BLOCK_OFF);
        ngx_conf_merge_uint_value(conf->block_status, prev->block_status, NGX_HTTP_FORBIDDEN);
        ngx_conf_merge_ptr_value(conf->agents, prev->agents, nullptr);
        ngx_conf_merge_ptr_value(conf->allow, prev->allow, nullptr);
        ngx_conf_merge_value(conf->builtin_agents, prev->builtin_agents, 1);
        ngx_conf_merge_value(conf->fingerprints, prev->fingerprints, 1);
        ngx_conf_merge_value(conf->ai_input, prev->ai_input, 0);
        ngx_conf_merge_ptr_value(conf->verify, prev->verify, nullptr);
        ngx_conf_merge_ptr_value(conf->verify_rdns, prev->verify_rdns, nullptr);
        ngx_conf_merge_uint_value(conf->rdns_failure, prev->rdns_failure,
                                  static_cast<ngx_uint_t>(noai::RdnsFailure::serve));
        if (conf->verify_rdns != nullptr && conf->block != NGX_HTTP_NOAI_BLOCK_OFF && !has_resolver(cf)) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "\"noai_verify_rdns\" needs a \"resolver\" (e.g. \"resolver 127.0.0.53;\") "
                               "where noai_block is on or report");
            return static_cast<char *>(NGX_CONF_ERROR);
        }
        // Left unset when never written, so the default follows each location's noai_block.
        if (conf->impersonation == NGX_CONF_UNSET_UINT) conf->impersonation = prev->impersonation;
        ngx_conf_merge_uint_value(conf->impersonation_tls, prev->impersonation_tls, NGX_HTTP_NOAI_TLS_AUTO);
        const bool serves_robots_txt = conf->site_file == NGX_HTTP_NOAI_SITE_FILE_ROBOTS_TXT;
        conf->policy = conf->block != NGX_HTTP_NOAI_BLOCK_OFF || serves_robots_txt ? policy_for(cf, conf) : nullptr;

        ngx_conf_merge_ptr_value(conf->log_zone, prev->log_zone, nullptr);
        // Merge runs before postconfiguration: it pushes only the phase handlers some location needs.
        auto *nmcf = static_cast<ngx_http_noai_main_conf_t *>(
            ngx_http_conf_get_module_main_conf(cf, ngx_http_noai_module));
        if (conf->block != NGX_HTTP_NOAI_BLOCK_OFF) nmcf->decides = 1;
        if (conf->log_zone != nullptr) nmcf->records = 1;
        ngx_conf_merge_uint_value(conf->log_address, prev->log_address,
                                  NGX_HTTP_NOAI_ADDRESS_HASH);
        return ngx_http_noai_render_site_file(cf, conf);
    });
}

ngx_int_t preconfiguration(ngx_conf_t *cf) noexcept {
    return ngx_http_noai_add_variables(cf);
}

ngx_int_t postconfiguration(ngx_conf_t *cf) noexcept {
    auto *nmcf = static_cast<ngx_http_noai_main_conf_t *>(
        ngx_http_conf_get_module_main_conf(cf, ngx_http_noai_module));
    if (ngx_http_noai_resolve_zone_refs(cf, nmcf) != NGX_OK) return NGX_ERROR;
    if (ngx_http_noai_access_init(cf) != NGX_OK) return NGX_ERROR;
    return ngx_http_noai_filter_init(cf);
}

// One line at start and on each reload: which version of the module runs.
ngx_int_t init_module(ngx_cycle_t *cycle) noexcept {
    ngx_log_error(NGX_LOG_NOTICE, cycle->log, 0, "ngx_http_noai_module/%s", NOAI_VERSION);
    return NGX_OK;
}

ngx_http_module_t module_ctx = {
    preconfiguration,
    postconfiguration,
    create_main_conf,
    nullptr,  // init main conf
    nullptr,  // create server conf
    nullptr,  // merge server conf
    create_loc_conf,
    merge_loc_conf,
};

// Marks our request context in the pool cleanup list, where it survives the
// context reset of an internal redirect (see ngx_http_noai_get_ctx).
void ctx_cleanup_marker(void *) noexcept {}

}  // namespace

u_char ngx_http_noai_headers_only_marker;

ngx_http_noai_ctx_t *ngx_http_noai_recover_ctx(ngx_http_request_t *r, bool create) noexcept {
    r = r->main;
    const bool headers_only = ngx_http_get_module_ctx(r, ngx_http_noai_module) == &ngx_http_noai_headers_only_marker;
    // An internal redirect or error_page cleared r->ctx; the state kept
    // before it is still in the pool (as ngx_http_realip_module recovers its
    // own). The marker is only ever set where no state existed.
    if (!headers_only && (r->internal || r->filter_finalize)) {
        for (ngx_pool_cleanup_t *cln = r->pool->cleanup; cln != nullptr; cln = cln->next) {
            if (cln->handler == ctx_cleanup_marker) {
                auto *ctx = static_cast<ngx_http_noai_ctx_t *>(cln->data);
                ngx_http_set_ctx(r, ctx, ngx_http_noai_module);
                return ctx;
            }
        }
    }
    if (!create) return nullptr;

    ngx_pool_cleanup_t *cln = ngx_pool_cleanup_add(r->pool, sizeof(ngx_http_noai_ctx_t));
    if (cln == nullptr) return nullptr;
    auto *ctx = static_cast<ngx_http_noai_ctx_t *>(cln->data);
    ngx_memzero(ctx, sizeof(ngx_http_noai_ctx_t));
    ctx->action = noai::Action::none;
    ctx->headers_added = headers_only;
    cln->handler = ctx_cleanup_marker;
    ngx_http_set_ctx(r, ctx, ngx_http_noai_module);
    return ctx;
}

bool ngx_http_noai_headers_added(ngx_http_request_t *r) noexcept {
    if (ngx_http_get_module_ctx(r->main, ngx_http_noai_module) == &ngx_http_noai_headers_only_marker) return true;
    const ngx_http_noai_ctx_t *ctx = ngx_http_noai_get_ctx(r, false);
    return ctx != nullptr && ctx->headers_added;
}

ngx_module_t ngx_http_noai_module = {
    NGX_MODULE_V1,
    &module_ctx,
    ngx_http_noai_commands,
    NGX_HTTP_MODULE,
    nullptr,  // init master
    init_module,
    nullptr,  // init process
    nullptr,  // init thread
    nullptr,  // exit thread
    nullptr,  // exit process
    nullptr,  // exit master
    NGX_MODULE_V1_PADDING,
};
