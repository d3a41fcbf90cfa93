// ngx_http_noai_module: the module object, its directives and the
// configuration they build (create, merge, postconfiguration).

#include "ngx_http_noai_module.hpp"

#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "noai_agent_list.hpp"
#include "noai_agent_matcher.hpp"
#include "noai_content_type.hpp"
#include "noai_header_value.hpp"

namespace {

constexpr auto view = ngx_http_noai_view;

char *conf_error(ngx_conf_t *cf, const char *what) noexcept {
    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "%s", what);
    return static_cast<char *>(NGX_CONF_ERROR);
}

// Every directive handler below runs through this: a C++ exception (in
// practice std::bad_alloc) becomes a logged configuration error.
template <typename Body>
char *guarded(ngx_conf_t *cf, Body body) noexcept {
    try {
        return body();
    } catch (const std::exception &e) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "noai: %s", e.what());
    } catch (...) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "noai: unexpected error");
    }
    return static_cast<char *>(NGX_CONF_ERROR);
}

// A built matcher, keyed by the lists it was built from: locations that
// inherit the same lists share one automaton.
struct MatcherCacheEntry {
    const ngx_array_t *agents;
    const ngx_array_t *allow;
    bool builtin;
    const noai::AgentMatcher *matcher;
};
using MatcherCache = std::vector<MatcherCacheEntry>;

ngx_str_t *directive_args(ngx_conf_t *cf) {
    return static_cast<ngx_str_t *>(cf->args->elts);
}

// A header value from the configuration: one visible line.
char *check_header_value(ngx_conf_t *cf, const ngx_str_t &value) {
    const std::string error = noai::validate_header_value(view(value));
    if (error.empty()) return NGX_CONF_OK;
    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid value \"%V\" in \"%V\" directive: %s",
                       &value, &directive_args(cf)[0], error.c_str());
    return static_cast<char *>(NGX_CONF_ERROR);
}

// noai_types TYPE...
char *set_types(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    return guarded(cf, [&]() -> char * {
        auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(conf);
        if (lcf->types != NGX_CONF_UNSET_PTR) return const_cast<char *>("is duplicate");
        auto *types = ngx_http_noai_pool_new<noai::ContentTypeSet>(cf->pool);
        ngx_str_t *value = directive_args(cf);
        for (ngx_uint_t i = 1; i < cf->args->nelts; i++) {
            const std::string error = types->add(view(value[i]));
            if (!error.empty()) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid type \"%V\" in \"noai_types\" directive: %s",
                                   &value[i], error.c_str());
                return static_cast<char *>(NGX_CONF_ERROR);
            }
        }
        lcf->types = types;
        return NGX_CONF_OK;
    });
}

// noai_robots_tag VALUE|off
char *set_robots_tag(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    return guarded(cf, [&]() -> char * {
        auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(conf);
        if (lcf->robots_tag.data != nullptr) return const_cast<char *>("is duplicate");
        ngx_str_t &value = directive_args(cf)[1];
        if (view(value) == "off") {
            lcf->robots_tag = ngx_http_noai_literal("");
            return NGX_CONF_OK;
        }
        std::string error;
        auto directives = noai::parse_robots_tag_directives(view(value), error);
        if (!error.empty()) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid value \"%V\" in \"noai_robots_tag\" directive: %s", &value,
                               error.c_str());
            return static_cast<char *>(NGX_CONF_ERROR);
        }
        lcf->robots_directives =
            ngx_http_noai_pool_new<std::vector<std::string>>(cf->pool, std::move(directives));
        lcf->robots_tag = value;
        return NGX_CONF_OK;
    });
}

// noai_content_usage VALUE|off, noai_tdm_policy URL: a header value or off.
char *set_header_value(ngx_conf_t *cf, ngx_command_t *cmd, void *conf) noexcept {
    return guarded(cf, [&]() -> char * {
        auto *field = reinterpret_cast<ngx_str_t *>(static_cast<char *>(conf) + cmd->offset);
        if (field->data != nullptr) return const_cast<char *>("is duplicate");
        ngx_str_t &value = directive_args(cf)[1];
        if (view(value) == "off") {
            *field = ngx_http_noai_literal("");
            return NGX_CONF_OK;
        }
        if (value.len == 0)
            return conf_error(cf, "empty value; use \"off\" to send no header");
        if (check_header_value(cf, value) != NGX_CONF_OK) return static_cast<char *>(NGX_CONF_ERROR);
        *field = value;
        return NGX_CONF_OK;
    });
}

// noai_block_status CODE
char *set_block_status(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(conf);
    if (lcf->block_status != NGX_CONF_UNSET_UINT) return const_cast<char *>("is duplicate");
    ngx_str_t &value = directive_args(cf)[1];
    const ngx_int_t status = ngx_atoi(value.data, value.len);
    if (status == NGX_ERROR || ((status < 400 || status > 599) && status != 444)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid status \"%V\" in \"noai_block_status\" directive: "
                           "expected 400-599, or 444 to close the connection",
                           &value);
        return static_cast<char *>(NGX_CONF_ERROR);
    }
    lcf->block_status = static_cast<ngx_uint_t>(status);
    return NGX_CONF_OK;
}

// Appends an agent token to a list, rejecting what cannot be a User-Agent word.
char *push_token(ngx_conf_t *cf, ngx_array_t **list, const ngx_str_t &token) {
    const std::string_view error = noai::agent_token_error(view(token));
    if (!error.empty()) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid agent \"%V\" in \"%V\" directive: %s", &token,
                           &directive_args(cf)[0], std::string(error).c_str());
        return static_cast<char *>(NGX_CONF_ERROR);
    }
    if (*list == NGX_CONF_UNSET_PTR || *list == nullptr) {
        *list = ngx_array_create(cf->pool, 8, sizeof(ngx_str_t));
        if (*list == nullptr) return static_cast<char *>(NGX_CONF_ERROR);
    }
    auto *slot = static_cast<ngx_str_t *>(ngx_array_push(*list));
    if (slot == nullptr) return static_cast<char *>(NGX_CONF_ERROR);
    *slot = token;
    return NGX_CONF_OK;
}

// noai_agent TOKEN..., noai_agent_allow TOKEN...
char *set_tokens(ngx_conf_t *cf, ngx_command_t *cmd, void *conf) noexcept {
    return guarded(cf, [&]() -> char * {
        auto *list = reinterpret_cast<ngx_array_t **>(static_cast<char *>(conf) + cmd->offset);
        ngx_str_t *value = directive_args(cf);
        for (ngx_uint_t i = 1; i < cf->args->nelts; i++) {
            if (push_token(cf, list, value[i]) != NGX_CONF_OK) return static_cast<char *>(NGX_CONF_ERROR);
        }
        return NGX_CONF_OK;
    });
}

// noai_agents_file PATH: a plain token list or an ai.robots.txt robots.json.
char *set_agents_file(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    return guarded(cf, [&]() -> char * {
        auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(conf);
        ngx_str_t path = directive_args(cf)[1];
        if (ngx_conf_full_name(cf->cycle, &path, 1) != NGX_OK)
            return static_cast<char *>(NGX_CONF_ERROR);

        ngx_file_t file;
        ngx_memzero(&file, sizeof(ngx_file_t));
        file.name = path;
        file.log = cf->log;
        file.fd = ngx_open_file(path.data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
        if (file.fd == NGX_INVALID_FILE) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                               "noai_agents_file: cannot open \"%V\"", &path);
            return static_cast<char *>(NGX_CONF_ERROR);
        }
        std::string content;
        u_char buffer[16384];
        ssize_t n;
        while ((n = ngx_read_file(&file, buffer, sizeof buffer, file.offset)) > 0)
            content.append(reinterpret_cast<char *>(buffer), static_cast<size_t>(n));
        const ngx_err_t read_error = n < 0 ? ngx_errno : 0;
        ngx_close_file(file.fd);
        if (n < 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, read_error,
                               "noai_agents_file: cannot read \"%V\"", &path);
            return static_cast<char *>(NGX_CONF_ERROR);
        }

        const noai::AgentFileResult parsed = noai::parse_agents_file(content);
        if (!parsed.ok()) {
            // The message starts with "line N: " where there is a line to name.
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "noai_agents_file \"%V\", %s", &path,
                               parsed.error.c_str());
            return static_cast<char *>(NGX_CONF_ERROR);
        }
        for (const std::string &agent : parsed.agents) {
            ngx_str_t token;
            token.len = agent.size();
            token.data = static_cast<u_char *>(ngx_pnalloc(cf->pool, agent.size()));
            if (token.data == nullptr) return static_cast<char *>(NGX_CONF_ERROR);
            ngx_memcpy(token.data, agent.data(), agent.size());
            if (push_token(cf, &lcf->agents, token) != NGX_CONF_OK)
                return static_cast<char *>(NGX_CONF_ERROR);
        }
        return NGX_CONF_OK;
    });
}

// noai_log NAME|off
char *set_log(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(conf);
    if (lcf->log_zone != NGX_CONF_UNSET_PTR) return const_cast<char *>("is duplicate");
    ngx_str_t &name = directive_args(cf)[1];
    if (view(name) == "off") {
        lcf->log_zone = nullptr;
        return NGX_CONF_OK;
    }
    return ngx_http_noai_zone_reference(cf, name, &lcf->log_zone, "noai_log");
}

// Like ngx_conf_set_enum_slot, but the error names the directive and the
// words it accepts.
char *set_enum(ngx_conf_t *cf, ngx_command_t *cmd, void *conf) noexcept {
    return guarded(cf, [&]() -> char * {
        auto *field = reinterpret_cast<ngx_uint_t *>(static_cast<char *>(conf) + cmd->offset);
        if (*field != NGX_CONF_UNSET_UINT) return const_cast<char *>("is duplicate");
        const ngx_str_t &value = directive_args(cf)[1];
        std::string accepted;
        for (const auto *choice = static_cast<const ngx_conf_enum_t *>(cmd->post); choice->name.len != 0;
             choice++) {
            if (view(choice->name) == view(value)) {
                *field = choice->value;
                return NGX_CONF_OK;
            }
            accepted += accepted.empty() ? "\"" : ", \"";
            accepted += std::string(view(choice->name)) + "\"";
        }
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid value \"%V\" in \"%V\" directive, it must be %s",
                           &value, &cmd->name, accepted.c_str());
        return static_cast<char *>(NGX_CONF_ERROR);
    });
}

ngx_conf_enum_t block_modes[] = {
    {ngx_string("off"), NGX_HTTP_NOAI_BLOCK_OFF},
    {ngx_string("on"), NGX_HTTP_NOAI_BLOCK_ON},
    {ngx_string("report"), NGX_HTTP_NOAI_BLOCK_REPORT},
    {ngx_null_string, 0},
};

ngx_conf_enum_t address_modes[] = {
    {ngx_string("hash"), NGX_HTTP_NOAI_ADDRESS_HASH},
    {ngx_string("full"), NGX_HTTP_NOAI_ADDRESS_FULL},
    {ngx_string("off"), NGX_HTTP_NOAI_ADDRESS_OFF},
    {ngx_null_string, 0},
};

constexpr ngx_uint_t kAnyLevel = NGX_HTTP_MAIN_CONF | NGX_HTTP_SRV_CONF | NGX_HTTP_LOC_CONF;

ngx_command_t commands[] = {
    {ngx_string("noai"), kAnyLevel | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, enable), nullptr},
    {ngx_string("noai_types"), kAnyLevel | NGX_CONF_1MORE, set_types, NGX_HTTP_LOC_CONF_OFFSET,
     0, nullptr},
    {ngx_string("noai_robots_tag"), kAnyLevel | NGX_CONF_TAKE1, set_robots_tag,
     NGX_HTTP_LOC_CONF_OFFSET, 0, nullptr},
    {ngx_string("noai_tdm_reservation"), kAnyLevel | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, tdm_reservation), nullptr},
    {ngx_string("noai_tdm_policy"), kAnyLevel | NGX_CONF_TAKE1, set_header_value,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, tdm_policy), nullptr},
    {ngx_string("noai_content_usage"), kAnyLevel | NGX_CONF_TAKE1, set_header_value,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, content_usage), nullptr},
    {ngx_string("noai_always"), kAnyLevel | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, always), nullptr},
    {ngx_string("noai_block"), kAnyLevel | NGX_CONF_TAKE1, set_enum,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, block), block_modes},
    {ngx_string("noai_block_status"), kAnyLevel | NGX_CONF_TAKE1, set_block_status,
     NGX_HTTP_LOC_CONF_OFFSET, 0, nullptr},
    {ngx_string("noai_agents_file"), kAnyLevel | NGX_CONF_TAKE1, set_agents_file,
     NGX_HTTP_LOC_CONF_OFFSET, 0, nullptr},
    {ngx_string("noai_agent"), kAnyLevel | NGX_CONF_1MORE, set_tokens, NGX_HTTP_LOC_CONF_OFFSET,
     offsetof(ngx_http_noai_loc_conf_t, agents), nullptr},
    {ngx_string("noai_agent_allow"), kAnyLevel | NGX_CONF_1MORE, set_tokens,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, allow), nullptr},
    {ngx_string("noai_builtin_agents"), kAnyLevel | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, builtin_agents), nullptr},
    {ngx_string("noai_fingerprints"), kAnyLevel | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, fingerprints), nullptr},
    {ngx_string("noai_zone"), NGX_HTTP_MAIN_CONF | NGX_CONF_TAKE1, ngx_http_noai_zone_directive,
     NGX_HTTP_MAIN_CONF_OFFSET, 0, nullptr},
    {ngx_string("noai_log"), kAnyLevel | NGX_CONF_TAKE1, set_log, NGX_HTTP_LOC_CONF_OFFSET, 0,
     nullptr},
    {ngx_string("noai_log_address"), kAnyLevel | NGX_CONF_TAKE1, set_enum,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, log_address), address_modes},
    {ngx_string("noai_status"), NGX_HTTP_LOC_CONF | NGX_CONF_NOARGS | NGX_CONF_TAKE1,
     ngx_http_noai_status_directive, NGX_HTTP_LOC_CONF_OFFSET, 0, nullptr},
    {ngx_string("noai_robots_txt"), NGX_HTTP_LOC_CONF | NGX_CONF_NOARGS,
     ngx_http_noai_robots_txt_directive, NGX_HTTP_LOC_CONF_OFFSET, 0, nullptr},
    {ngx_string("noai_tdmrep_json"), NGX_HTTP_LOC_CONF | NGX_CONF_NOARGS,
     ngx_http_noai_tdmrep_json_directive, NGX_HTTP_LOC_CONF_OFFSET, 0, nullptr},
    ngx_null_command,
};

void *create_main_conf(ngx_conf_t *cf) noexcept {
    auto *nmcf = static_cast<ngx_http_noai_main_conf_t *>(
        ngx_pcalloc(cf->pool, sizeof(ngx_http_noai_main_conf_t)));
    if (nmcf == nullptr) return nullptr;
    if (ngx_array_init(&nmcf->zones, cf->pool, 2, sizeof(ngx_http_noai_zone_t *)) != NGX_OK ||
        ngx_array_init(&nmcf->unnamed_refs, cf->pool, 1, sizeof(ngx_http_noai_unnamed_ref_t)) != NGX_OK)
        return nullptr;
    try {
        nmcf->matcher_cache = ngx_http_noai_pool_new<MatcherCache>(cf->pool);
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

// The matcher for this location's lists: built once per distinct
// (agents, allow, builtin) combination and shared by every location using it.
const noai::AgentMatcher *matcher_for(ngx_conf_t *cf, const ngx_http_noai_loc_conf_t *lcf) {
    auto *nmcf = static_cast<ngx_http_noai_main_conf_t *>(
        ngx_http_conf_get_module_main_conf(cf, ngx_http_noai_module));
    auto &cache = *static_cast<MatcherCache *>(nmcf->matcher_cache);
    const bool builtin = lcf->builtin_agents != 0;
    for (const MatcherCacheEntry &entry : cache) {
        if (entry.agents == lcf->agents && entry.allow == lcf->allow && entry.builtin == builtin)
            return entry.matcher;
    }
    std::vector<std::string> agents = builtin ? noai::builtin_ua_tokens() : std::vector<std::string>();
    for (std::string &token : tokens_of(lcf->agents)) agents.push_back(std::move(token));
    const auto *matcher =
        ngx_http_noai_pool_new<noai::AgentMatcher>(cf->pool, agents, tokens_of(lcf->allow));
    cache.push_back({lcf->agents, lcf->allow, builtin, matcher});
    ngx_log_error(NGX_LOG_INFO, cf->log, 0, "noai: agent matcher built: %uz tokens, %uz states, %uz bytes",
                  matcher->token_count(), matcher->state_count(), matcher->memory_bytes());
    return matcher;
}

char *merge_loc_conf(ngx_conf_t *cf, void *parent, void *child) noexcept {
    return guarded(cf, [&]() -> char * {
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

        ngx_conf_merge_uint_value(conf->block, prev->block, NGX_HTTP_NOAI_BLOCK_OFF);
        ngx_conf_merge_uint_value(conf->block_status, prev->block_status, NGX_HTTP_FORBIDDEN);
        ngx_conf_merge_ptr_value(conf->agents, prev->agents, nullptr);
        ngx_conf_merge_ptr_value(conf->allow, prev->allow, nullptr);
        ngx_conf_merge_value(conf->builtin_agents, prev->builtin_agents, 1);
        ngx_conf_merge_value(conf->fingerprints, prev->fingerprints, 1);
        conf->matcher =
            conf->block == NGX_HTTP_NOAI_BLOCK_OFF ? nullptr : matcher_for(cf, conf);

        ngx_conf_merge_ptr_value(conf->log_zone, prev->log_zone, nullptr);
        ngx_conf_merge_uint_value(conf->log_address, prev->log_address,
                                  NGX_HTTP_NOAI_ADDRESS_HASH);
        return NGX_CONF_OK;
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

ngx_http_noai_ctx_t *ngx_http_noai_get_ctx(ngx_http_request_t *r, bool create) noexcept {
    r = r->main;
    auto *ctx = static_cast<ngx_http_noai_ctx_t *>(ngx_http_get_module_ctx(r, ngx_http_noai_module));
    if (ctx != nullptr) return ctx;

    // An internal redirect or error_page cleared r->ctx; the decision made
    // before it is still in the pool (as ngx_http_realip_module recovers its own).
    if (r->internal || r->filter_finalize) {
        for (ngx_pool_cleanup_t *cln = r->pool->cleanup; cln != nullptr; cln = cln->next) {
            if (cln->handler == ctx_cleanup_marker) {
                ctx = static_cast<ngx_http_noai_ctx_t *>(cln->data);
                ngx_http_set_ctx(r, ctx, ngx_http_noai_module);
                return ctx;
            }
        }
    }
    if (!create) return nullptr;

    ngx_pool_cleanup_t *cln = ngx_pool_cleanup_add(r->pool, sizeof(ngx_http_noai_ctx_t));
    if (cln == nullptr) return nullptr;
    ctx = static_cast<ngx_http_noai_ctx_t *>(cln->data);
    ngx_memzero(ctx, sizeof(ngx_http_noai_ctx_t));
    cln->handler = ctx_cleanup_marker;
    ngx_http_set_ctx(r, ctx, ngx_http_noai_module);
    return ctx;
}

ngx_module_t ngx_http_noai_module = {
    NGX_MODULE_V1,
    &module_ctx,
    commands,
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
