// The directive handlers of ngx_http_noai_module and its directive table:
// each checks its arguments and stores them in the location configuration.

#include "ngx_http_noai_module.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "noai_agent_list.hpp"
#include "noai_agents_file.hpp"
#include "noai_rdns.hpp"
#include "noai_content_type.hpp"
#include "noai_decoy.hpp"
#include "noai_header_value.hpp"
#include "noai_license.hpp"

namespace {

const auto view = ngx_http_noai_view;

char *conf_error(ngx_conf_t *cf, const char *what) noexcept {
    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "%s", what);
    return static_cast<char *>(NGX_CONF_ERROR);
}

ngx_str_t *directive_args(ngx_conf_t *cf) {
    return static_cast<ngx_str_t *>(cf->args->elts);
}

char *invalid_value(ngx_conf_t *cf, const ngx_str_t &value, const std::string &error) {
    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid value \"%V\" in \"%V\" directive: %s", &value,
                       &directive_args(cf)[0], error.c_str());
    return static_cast<char *>(NGX_CONF_ERROR);
}

// A header value from the configuration: one visible line.
char *check_header_value(ngx_conf_t *cf, const ngx_str_t &value) {
    const std::string error = noai::validate_header_value(view(value));
    if (error.empty()) return NGX_CONF_OK;
    return invalid_value(cf, value, error);
}

// noai_types TYPE...
char *set_types(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    return ngx_http_noai_conf_guarded(cf, [&]() -> char * {
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
    return ngx_http_noai_conf_guarded(cf, [&]() -> char * {
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
        // Sent in lower case whatever the configuration says: readers such
        // as datadiligence compare with case.
        std::string line;
        for (const std::string &d : directives) line += (line.empty() ? "" : ", ") + d;
        lcf->robots_tag.len = line.size();
        lcf->robots_tag.data = static_cast<u_char *>(ngx_pnalloc(cf->pool, line.size()));
        if (lcf->robots_tag.data == nullptr) return static_cast<char *>(NGX_CONF_ERROR);
        ngx_memcpy(lcf->robots_tag.data, line.data(), line.size());
        lcf->robots_directives =
            ngx_http_noai_pool_new<std::vector<std::string>>(cf->pool, std::move(directives));
        return NGX_CONF_OK;
    });
}

// noai_content_usage: what readers of the header can use (see
// noai::check_content_usage); unknown keys only warned about.
std::string content_usage_error(ngx_conf_t *cf, const ngx_str_t &value) {
    noai::ContentUsageCheck check = noai::check_content_usage(view(value));
    for (const std::string &warning : check.warnings)
        ngx_conf_log_error(NGX_LOG_WARN, cf, 0, "\"noai_content_usage\" value \"%V\": %s", &value,
                           warning.c_str());
    return std::move(check.error);
}

std::string tdm_policy_error(ngx_conf_t *, const ngx_str_t &value) {
    return noai::check_absolute_http_url(view(value));
}

// DIRECTIVE VALUE|off into the ngx_str_t at cmd->offset (data == NULL:
// unset; len == 0: off). `check` logs why a value is refused and returns
// NGX_CONF_ERROR, or NGX_CONF_OK.
template <typename Check>
char *set_value_or_off(ngx_conf_t *cf, ngx_command_t *cmd, void *conf, Check check) noexcept {
    return ngx_http_noai_conf_guarded(cf, [&]() -> char * {
        auto *field = reinterpret_cast<ngx_str_t *>(static_cast<char *>(conf) + cmd->offset);
        if (field->data != nullptr) return const_cast<char *>("is duplicate");
        ngx_str_t &value = directive_args(cf)[1];
        if (view(value) == "off") {
            *field = ngx_http_noai_literal("");
            return NGX_CONF_OK;
        }
        if (check(value) != NGX_CONF_OK) return static_cast<char *>(NGX_CONF_ERROR);
        *field = value;
        return NGX_CONF_OK;
    });
}

// noai_content_usage VALUE|off, noai_tdm_policy URL: a header value or off,
// checked by the directive's own rule.
using ValueRule = std::string (*)(ngx_conf_t *, const ngx_str_t &);

char *set_header_value(ngx_conf_t *cf, ngx_command_t *cmd, void *conf, ValueRule rule) noexcept {
    return set_value_or_off(cf, cmd, conf, [&](const ngx_str_t &value) -> char * {
        if (value.len == 0)
            return conf_error(cf, "empty value; use \"off\" to send no header");
        if (check_header_value(cf, value) != NGX_CONF_OK) return static_cast<char *>(NGX_CONF_ERROR);
        const std::string error = rule(cf, value);
        if (!error.empty()) return invalid_value(cf, value, error);
        return NGX_CONF_OK;
    });
}

char *set_content_usage(ngx_conf_t *cf, ngx_command_t *cmd, void *conf) noexcept {
    return set_header_value(cf, cmd, conf, content_usage_error);
}

char *set_tdm_policy(ngx_conf_t *cf, ngx_command_t *cmd, void *conf) noexcept {
    return set_header_value(cf, cmd, conf, tdm_policy_error);
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

// Rejects what cannot be a User-Agent word.
char *check_token(ngx_conf_t *cf, const ngx_str_t &token) {
    const std::string_view error = noai::agent_token_error(view(token));
    if (error.empty()) return NGX_CONF_OK;
    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid agent \"%V\" in \"%V\" directive: %s", &token,
                       &directive_args(cf)[0], std::string(error).c_str());
    return static_cast<char *>(NGX_CONF_ERROR);
}

template <typename Element>
Element *push_element(ngx_conf_t *cf, ngx_array_t **list) {
    if (*list == NGX_CONF_UNSET_PTR || *list == nullptr) {
        *list = ngx_array_create(cf->pool, 8, sizeof(Element));
        if (*list == nullptr) return nullptr;
    }
    return static_cast<Element *>(ngx_array_push(*list));
}

char *push_agent(ngx_conf_t *cf, ngx_http_noai_loc_conf_t *lcf, const ngx_str_t &token, noai::Purpose purpose) {
    if (check_token(cf, token) != NGX_CONF_OK) return static_cast<char *>(NGX_CONF_ERROR);
    auto *slot = push_element<ngx_http_noai_agent_t>(cf, &lcf->agents);
    if (slot == nullptr) return static_cast<char *>(NGX_CONF_ERROR);
    slot->name = token;
    slot->purpose = purpose;
    return NGX_CONF_OK;
}

constexpr std::string_view kPurposeWord = "purpose=";

// noai_agent [purpose=P] TOKEN...: a purpose= word sets the purpose of the
// tokens after it (training until one does).
char *set_agents(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    return ngx_http_noai_conf_guarded(cf, [&]() -> char * {
        auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(conf);
        ngx_str_t *value = directive_args(cf);
        noai::Purpose purpose = noai::Purpose::training;
        bool tokens = false;
        for (ngx_uint_t i = 1; i < cf->args->nelts; i++) {
            const std::string_view word = view(value[i]);
            if (word.substr(0, kPurposeWord.size()) == kPurposeWord) {
                const std::optional<noai::Purpose> parsed = noai::parse_purpose(word.substr(kPurposeWord.size()));
                if (!parsed) {
                    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                       "invalid \"%V\" in \"noai_agent\" directive: the purpose must be "
                                       "training, ai-input or search", &value[i]);
                    return static_cast<char *>(NGX_CONF_ERROR);
                }
                purpose = *parsed;
                continue;
            }
            if (push_agent(cf, lcf, value[i], purpose) != NGX_CONF_OK) return static_cast<char *>(NGX_CONF_ERROR);
            tokens = true;
        }
        if (!tokens) return conf_error(cf, "\"noai_agent\" directive names no agent");
        return NGX_CONF_OK;
    });
}

// noai_agent_allow TOKEN...
char *set_allow(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    return ngx_http_noai_conf_guarded(cf, [&]() -> char * {
        auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(conf);
        ngx_str_t *value = directive_args(cf);
        for (ngx_uint_t i = 1; i < cf->args->nelts; i++) {
            if (check_token(cf, value[i]) != NGX_CONF_OK) return static_cast<char *>(NGX_CONF_ERROR);
            auto *slot = push_element<ngx_str_t>(cf, &lcf->allow);
            if (slot == nullptr) return static_cast<char *>(NGX_CONF_ERROR);
            *slot = value[i];
        }
        return NGX_CONF_OK;
    });
}


// noai_agents_file PATH: a plain token list or an ai.robots.txt robots.json.
char *set_agents_file(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    return ngx_http_noai_conf_guarded(cf, [&]() -> char * {
        auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(conf);
        ngx_str_t path = directive_args(cf)[1];
        if (ngx_conf_full_name(cf->cycle, &path, 1) != NGX_OK)
            return static_cast<char *>(NGX_CONF_ERROR);

        std::string content;
        if (ngx_http_noai_read_conf_file(cf, path, content) != NGX_OK) return static_cast<char *>(NGX_CONF_ERROR);

        const noai::AgentFileResult parsed = noai::parse_agents_file(content);
        if (!parsed.ok()) {
            // The message starts with "line N: " where there is a line to name.
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "noai_agents_file \"%V\", %s", &path,
                               parsed.error.c_str());
            return static_cast<char *>(NGX_CONF_ERROR);
        }
        for (const noai::ListedAgent &agent : parsed.agents) {
            ngx_str_t token;
            token.len = agent.name.size();
            token.data = static_cast<u_char *>(ngx_pnalloc(cf->pool, agent.name.size()));
            if (token.data == nullptr) return static_cast<char *>(NGX_CONF_ERROR);
            ngx_memcpy(token.data, agent.name.data(), agent.name.size());
            if (push_agent(cf, lcf, token, agent.purpose) != NGX_CONF_OK) return static_cast<char *>(NGX_CONF_ERROR);
        }
        return NGX_CONF_OK;
    });
}

// noai_decoy PATH|off: a small image, read now (an unreadable or wrong file fails nginx -t).
char *set_decoy(ngx_conf_t *cf, ngx_command_t *, void *conf) noexcept {
    return ngx_http_noai_conf_guarded(cf, [&]() -> char * {
        auto *lcf = static_cast<ngx_http_noai_loc_conf_t *>(conf);
        if (lcf->decoy_path.data != nullptr) return const_cast<char *>("is duplicate");
        ngx_str_t path = directive_args(cf)[1];
        if (view(path) == "off") {
            lcf->decoy_path = ngx_http_noai_literal("");
            return NGX_CONF_OK;
        }
        if (ngx_conf_full_name(cf->cycle, &path, 1) != NGX_OK) return static_cast<char *>(NGX_CONF_ERROR);
        std::string content;
        if (ngx_http_noai_read_conf_file(cf, path, content) != NGX_OK) return static_cast<char *>(NGX_CONF_ERROR);
        const std::string error = noai::decoy_error(view(path), content);
        if (!error.empty()) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "noai_decoy: \"%V\": %s", &path, error.c_str());
            return static_cast<char *>(NGX_CONF_ERROR);
        }
        lcf->decoy_body.len = content.size();
        lcf->decoy_body.data = static_cast<u_char *>(ngx_pnalloc(cf->pool, content.size()));
        if (lcf->decoy_body.data == nullptr) return static_cast<char *>(NGX_CONF_ERROR);
        ngx_memcpy(lcf->decoy_body.data, content.data(), content.size());
        const std::string_view type = noai::decoy_content_type(view(path));
        lcf->decoy_type = ngx_http_noai_str(type.data(), type.size());  // static storage
        lcf->decoy_path = path;
        return NGX_CONF_OK;
    });
}

// noai_license URL|off: an absolute http(s) URL (RSL).
char *set_license(ngx_conf_t *cf, ngx_command_t *cmd, void *conf) noexcept {
    return set_value_or_off(cf, cmd, conf, [&](const ngx_str_t &value) -> char * {
        const std::string error = noai::license_url_error(view(value));
        if (error.empty()) return NGX_CONF_OK;
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid URL \"%V\" in \"noai_license\" directive: %s",
                           &value, error.c_str());
        return static_cast<char *>(NGX_CONF_ERROR);
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
    if (name.len == 0) {  // not "the only zone": that is noai_status's shorthand
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "empty zone name in \"noai_log\": name a noai_zone, or off");
        return static_cast<char *>(NGX_CONF_ERROR);
    }
    return ngx_http_noai_zone_reference(cf, name, &lcf->log_zone, "noai_log");
}

// Like ngx_conf_set_enum_slot, but the error names the directive and the
// words it accepts.
char *set_enum(ngx_conf_t *cf, ngx_command_t *cmd, void *conf) noexcept {
    return ngx_http_noai_conf_guarded(cf, [&]() -> char * {
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

ngx_conf_enum_t impersonation_modes[] = {
    {ngx_string("off"), NGX_HTTP_NOAI_IMPERSONATION_OFF},
    {ngx_string("report"), NGX_HTTP_NOAI_IMPERSONATION_REPORT},
    {ngx_string("on"), NGX_HTTP_NOAI_IMPERSONATION_ON},
    {ngx_null_string, 0},
};

ngx_conf_enum_t rdns_failure_modes[] = {
    {ngx_string("serve"), static_cast<ngx_uint_t>(noai::RdnsFailure::serve)},
    {ngx_string("impostor"), static_cast<ngx_uint_t>(noai::RdnsFailure::impostor)},
    {ngx_null_string, 0},
};

ngx_conf_enum_t tls_modes[] = {
    {ngx_string("auto"), NGX_HTTP_NOAI_TLS_AUTO},
    {ngx_string("on"), NGX_HTTP_NOAI_TLS_ON},
    {ngx_null_string, 0},
};

ngx_conf_enum_t address_modes[] = {
    {ngx_string("hash"), NGX_HTTP_NOAI_ADDRESS_HASH},
    {ngx_string("full"), NGX_HTTP_NOAI_ADDRESS_FULL},
    {ngx_string("off"), NGX_HTTP_NOAI_ADDRESS_OFF},
    {ngx_null_string, 0},
};

constexpr ngx_uint_t kAnyLevel = NGX_HTTP_MAIN_CONF | NGX_HTTP_SRV_CONF | NGX_HTTP_LOC_CONF;

}  // namespace

ngx_int_t ngx_http_noai_read_conf_file(ngx_conf_t *cf, const ngx_str_t &path, std::string &content) {
    const ngx_str_t &directive = directive_args(cf)[0];
    ngx_file_t file;
    ngx_memzero(&file, sizeof(ngx_file_t));
    file.name = path;
    file.log = cf->log;
    // Non-blocking, so a FIFO cannot hang the open; fstat on what was opened
    // (no window between a check and the open) then refuses all but a regular file.
    file.fd = ngx_open_file(path.data, NGX_FILE_RDONLY | NGX_FILE_NONBLOCK, NGX_FILE_OPEN, 0);
    if (file.fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno, "%V: cannot open \"%V\"", &directive, &path);
        return NGX_ERROR;
    }
    ngx_file_info_t info;
    if (ngx_fd_info(file.fd, &info) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno, "%V: cannot stat \"%V\"", &directive, &path);
        ngx_close_file(file.fd);
        return NGX_ERROR;
    }
    if (!ngx_is_file(&info)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "%V: \"%V\" is not a regular file", &directive, &path);
        ngx_close_file(file.fd);
        return NGX_ERROR;
    }
    content.reserve(content.size() + static_cast<size_t>(ngx_file_size(&info)));   // one allocation, not one per 16k read
    u_char buffer[16384];
    ssize_t n;
    while ((n = ngx_read_file(&file, buffer, sizeof buffer, file.offset)) > 0)
        content.append(reinterpret_cast<char *>(buffer), static_cast<size_t>(n));
    const ngx_err_t read_error = n < 0 ? ngx_errno : 0;
    ngx_close_file(file.fd);
    if (n < 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, read_error, "%V: cannot read \"%V\"", &directive, &path);
        return NGX_ERROR;
    }
    return NGX_OK;
}

ngx_command_t ngx_http_noai_commands[] = {
    {ngx_string("noai"), kAnyLevel | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, enable), nullptr},
    {ngx_string("noai_types"), kAnyLevel | NGX_CONF_1MORE, set_types, NGX_HTTP_LOC_CONF_OFFSET,
     0, nullptr},
    {ngx_string("noai_robots_tag"), kAnyLevel | NGX_CONF_TAKE1, set_robots_tag,
     NGX_HTTP_LOC_CONF_OFFSET, 0, nullptr},
    {ngx_string("noai_tdm_reservation"), kAnyLevel | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, tdm_reservation), nullptr},
    {ngx_string("noai_tdm_policy"), kAnyLevel | NGX_CONF_TAKE1, set_tdm_policy,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, tdm_policy), nullptr},
    {ngx_string("noai_content_usage"), kAnyLevel | NGX_CONF_TAKE1, set_content_usage,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, content_usage), nullptr},
    {ngx_string("noai_always"), kAnyLevel | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, always), nullptr},
    {ngx_string("noai_block"), kAnyLevel | NGX_CONF_TAKE1, set_enum,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, block), block_modes},
    {ngx_string("noai_block_status"), kAnyLevel | NGX_CONF_TAKE1, set_block_status,
     NGX_HTTP_LOC_CONF_OFFSET, 0, nullptr},
    {ngx_string("noai_agents_file"), kAnyLevel | NGX_CONF_TAKE1, set_agents_file,
     NGX_HTTP_LOC_CONF_OFFSET, 0, nullptr},
    {ngx_string("noai_agent"), kAnyLevel | NGX_CONF_1MORE, set_agents, NGX_HTTP_LOC_CONF_OFFSET, 0,
     nullptr},
    {ngx_string("noai_agent_allow"), kAnyLevel | NGX_CONF_1MORE, set_allow, NGX_HTTP_LOC_CONF_OFFSET, 0,
     nullptr},
    {ngx_string("noai_builtin_agents"), kAnyLevel | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, builtin_agents), nullptr},
    {ngx_string("noai_fingerprints"), kAnyLevel | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, fingerprints), nullptr},
    {ngx_string("noai_ai_input"), kAnyLevel | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, ai_input), nullptr},
    {ngx_string("noai_content_signal"), kAnyLevel | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, content_signal), nullptr},
    {ngx_string("noai_license"), kAnyLevel | NGX_CONF_TAKE1, set_license, NGX_HTTP_LOC_CONF_OFFSET,
     offsetof(ngx_http_noai_loc_conf_t, license), nullptr},
    {ngx_string("noai_decoy"), kAnyLevel | NGX_CONF_TAKE1, set_decoy, NGX_HTTP_LOC_CONF_OFFSET, 0, nullptr},
    {ngx_string("noai_verify"), kAnyLevel | NGX_CONF_2MORE, ngx_http_noai_verify_directive,
     NGX_HTTP_LOC_CONF_OFFSET, 0, nullptr},
    {ngx_string("noai_verify_rdns"), kAnyLevel | NGX_CONF_2MORE, ngx_http_noai_verify_rdns_directive,
     NGX_HTTP_LOC_CONF_OFFSET, 0, nullptr},
    {ngx_string("noai_verify_rdns_failure"), kAnyLevel | NGX_CONF_TAKE1, set_enum,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, rdns_failure), rdns_failure_modes},
    {ngx_string("noai_impersonation"), kAnyLevel | NGX_CONF_TAKE1, set_enum,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, impersonation), impersonation_modes},
    {ngx_string("noai_impersonation_tls"), kAnyLevel | NGX_CONF_TAKE1, set_enum,
     NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_noai_loc_conf_t, impersonation_tls), tls_modes},
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
