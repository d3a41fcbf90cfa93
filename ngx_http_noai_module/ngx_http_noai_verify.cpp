// noai_verify TOKEN FILE... and noai_verify_rdns TOKEN SUFFIX...: how a
// crawler claiming TOKEN is checked.
//
// noai_verify: the address ranges a crawler claiming TOKEN must
// come from, read from the operators' JSON files or CIDR lists when the
// configuration is read (a broken file fails `nginx -t` with its line).

#include "ngx_http_noai_module.hpp"

#include <string>
#include <vector>

#include "noai_address_ranges.hpp"
#include "noai_agent_list.hpp"
#include "noai_rdns.hpp"

namespace {

// The TOKEN argument: an agent token, or an error naming the directive.
bool valid_token(ngx_conf_t *cf, const ngx_str_t &token) noexcept {
    const std::string_view error = noai::agent_token_error(ngx_http_noai_view(token));
    if (error.empty()) return true;
    const ngx_str_t &directive = static_cast<ngx_str_t *>(cf->args->elts)[0];
    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid agent \"%V\" in \"%V\" directive: %s", &token, &directive,
                       std::string(error).c_str());
    return false;
}

// Appends one directive's entry to its list, creating the list on first use.
template <typename Entry>
char *append_entry(ngx_conf_t *cf, ngx_array_t *&list, const Entry &value) noexcept {
    if (list == NGX_CONF_UNSET_PTR) {
        list = ngx_array_create(cf->pool, 4, sizeof(Entry));
        if (list == nullptr) return static_cast<char *>(NGX_CONF_ERROR);
    }
    auto *entry = static_cast<Entry *>(ngx_array_push(list));
    if (entry == nullptr) return static_cast<char *>(NGX_CONF_ERROR);
    *entry = value;
    return NGX_CONF_OK;
}

}  // namespace

char *ngx_http_noai_verify_directive(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    return ngx_http_noai_conf_guarded(cf, [&]() -> char * {
        auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(conf);
        auto *args = static_cast<ngx_str_t *>(cf->args->elts);
        const ngx_str_t token = args[1];
        if (!valid_token(cf, token)) return static_cast<char *>(NGX_CONF_ERROR);
        auto *prefixes = ngx_http_noai_pool_new<std::vector<noai::AddressPrefix>>(cf->pool);
        for (ngx_uint_t i = 2; i < cf->args->nelts; i++) {
            ngx_str_t path = args[i];
            std::string content;
            if (ngx_conf_full_name(cf->cycle, &path, 1) != NGX_OK ||
                ngx_http_noai_read_conf_file(cf, path, content) != NGX_OK)
                return static_cast<char *>(NGX_CONF_ERROR);
            const noai::RangeFileResult parsed = noai::parse_range_file(content);
            if (!parsed.ok()) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "noai_verify \"%V\", %s", &path, parsed.error.c_str());
                return static_cast<char *>(NGX_CONF_ERROR);
            }
            prefixes->insert(prefixes->end(), parsed.prefixes.begin(), parsed.prefixes.end());
        }
        ngx_http_noai_verify_t entry;
        entry.token = token;
        entry.prefixes = prefixes;
        return append_entry(cf, lcf->verify, entry);
    });
}

// noai_verify_rdns TOKEN SUFFIX...: the PTR name of a client claiming TOKEN
// must be under a SUFFIX and resolve back to its address.
char *ngx_http_noai_verify_rdns_directive(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    return ngx_http_noai_conf_guarded(cf, [&]() -> char * {
        auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(conf);
        auto *args = static_cast<ngx_str_t *>(cf->args->elts);
        const ngx_str_t token = args[1];
        if (!valid_token(cf, token)) return static_cast<char *>(NGX_CONF_ERROR);
        auto *suffixes = ngx_http_noai_pool_new<std::vector<std::string>>(cf->pool);
        for (ngx_uint_t i = 2; i < cf->args->nelts; i++) {
            const std::string_view suffix = ngx_http_noai_view(args[i]);
            if (const std::string_view error = noai::rdns_suffix_error(suffix); !error.empty()) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid suffix \"%V\" in \"noai_verify_rdns\" directive: %s",
                                   &args[i], std::string(error).c_str());
                return static_cast<char *>(NGX_CONF_ERROR);
            }
            suffixes->push_back(noai::normalize_suffix(suffix));
        }
        ngx_http_noai_verify_rdns_t entry;
        entry.token = token;
        entry.suffixes = suffixes;
        return append_entry(cf, lcf->verify_rdns, entry);
    });
}
