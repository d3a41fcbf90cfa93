// The shared memory zones (noai_zone) holding the denial ring and counters,
// and the recording of a denied or reported request into one.

#include "ngx_http_noai_module.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <string_view>

#include "noai_pseudonym.hpp"
#include "noai_records.hpp"
#include "noai_ring.hpp"

namespace {

const auto view = ngx_http_noai_view;

// Below this a zone holds too few records to be of use.
constexpr size_t kMinZoneSize = 64 * 1024;
constexpr size_t kMinAgentCounters = 16;
constexpr size_t kMaxAgentCounters = 512;

// An eighth of the ring block goes to per-agent counters, within bounds.
size_t agent_capacity_for(size_t bytes) noexcept {
    return std::clamp(bytes / 8 / sizeof(noai::AgentStats), kMinAgentCounters, kMaxAgentCounters);
}

// Calls visit(shm_zone) for each noai zone in nginx's list of shared memory
// zones of `cycle` (named by noai_zone, noai_log or noai_status).
template <typename Visit>
void for_each_zone(const ngx_cycle_t *cycle, Visit visit) {
    if (cycle == nullptr || cycle->shared_memory.part.elts == nullptr) return;
    for (const ngx_list_part_t *part = &cycle->shared_memory.part; part != nullptr; part = part->next) {
        auto *shm_zones = static_cast<ngx_shm_zone_t *>(part->elts);
        for (ngx_uint_t i = 0; i < part->nelts; i++) {
            if (shm_zones[i].tag == &ngx_http_noai_module) visit(shm_zones[i]);
        }
    }
}

// Logs at zone creation when an earlier cycle had this zone with another
// size: nginx cannot keep it, so the ring starts empty.
void notice_if_resized(ngx_shm_zone_t *shm_zone) noexcept {
    // During configuration ngx_cycle is still the previous cycle.
    for_each_zone(const_cast<const ngx_cycle_t *>(ngx_cycle), [&](const ngx_shm_zone_t &old) {
        if (view(old.shm.name) == view(shm_zone->shm.name) && old.shm.size != shm_zone->shm.size) {
            ngx_log_error(NGX_LOG_NOTICE, shm_zone->shm.log, 0,
                          "noai_zone \"%V\" changed size from %uz to %uz: "
                          "its records and counters start anew",
                          &shm_zone->shm.name, old.shm.size, shm_zone->shm.size);
        }
    });
}

// The zone's two allocations from its slab pool: the log context, then one
// block of every page left for the ring. Returns the block (null if the
// pool is exhausted) and its size in *bytes.
void *allocate_ring_block(ngx_slab_pool_t *shpool, const ngx_str_t &name, size_t *bytes) noexcept {
    const size_t log_ctx_len = sizeof(" in noai_zone \"\"") + name.len;
    shpool->log_ctx = static_cast<u_char *>(ngx_slab_alloc_locked(shpool, log_ctx_len));
    if (shpool->log_ctx == nullptr) return nullptr;
    ngx_sprintf(shpool->log_ctx, " in noai_zone \"%V\"%Z", &name);
    *bytes = shpool->pfree * ngx_pagesize;
    return ngx_slab_alloc_locked(shpool, *bytes);
}

// The records a zone of `size` bytes holds: its slab pool laid out as nginx
// lays out a shared zone's (ngx_init_zone_pool), in scratch memory, then
// allocated from as init_zone does. 0 if there is no room or no memory.
size_t records_in_zone_of(size_t size, const ngx_str_t &name, ngx_log_t *log) noexcept {
    auto *scratch = static_cast<u_char *>(ngx_memalign(ngx_pagesize, size, log));  // shm is page-aligned
    if (scratch == nullptr) return 0;
    auto *shpool = reinterpret_cast<ngx_slab_pool_t *>(scratch);
    shpool->end = scratch + size;
    shpool->min_shift = 3;
    shpool->addr = scratch;
    ngx_slab_init(shpool);
    size_t bytes = 0;
    const size_t records = allocate_ring_block(shpool, name, &bytes) != nullptr
                               ? noai::DenialRing::capacity_for(bytes, agent_capacity_for(bytes))
                               : 0;
    ngx_free(scratch);
    return records;
}

// Attaches the zone's view to the ring block (validating its layout) and keys
// its pseudonym hasher, once; requests then use both directly. The master does
// this before forking, so every worker has its own copy of the keyed state.
bool attach_ring(ngx_http_noai_zone_t *zone, void *block) noexcept {
    const size_t bytes = zone->shm_zone->shm.size -
                         static_cast<size_t>(static_cast<u_char *>(block) - zone->shm_zone->shm.addr);
    zone->ring = noai::DenialRing::attach(block, bytes);
    if (!zone->ring.valid()) return false;
    zone->pseudonyms = noai::CachingPseudonymHasher(zone->ring.key());
    return true;
}

ngx_int_t init_zone(ngx_shm_zone_t *shm_zone, void *data) noexcept {
    auto *zone = static_cast<ngx_http_noai_zone_t *>(shm_zone->data);
    auto *old_zone = static_cast<ngx_http_noai_zone_t *>(data);
    zone->shpool = reinterpret_cast<ngx_slab_pool_t *>(shm_zone->shm.addr);

    try {
        // Same name and size as in the previous cycle (nginx -s reload): the
        // ring is found again through shpool->data, records and counters kept.
        if (old_zone != nullptr || shm_zone->shm.exists) {
            if (!attach_ring(zone, zone->shpool->data)) {
                ngx_log_error(NGX_LOG_EMERG, shm_zone->shm.log, 0,
                              "noai_zone \"%V\": shared memory holds a ring of another layout "
                              "(from another version of the module): restart nginx, or give "
                              "the zone another name or size", &zone->name);
                return NGX_ERROR;
            }
            return NGX_OK;
        }

        notice_if_resized(shm_zone);
        ngx_slab_pool_t *shpool = zone->shpool;
        // The master alone runs this: nothing else takes the pool's lock yet.
        size_t bytes = 0;
        void *block = allocate_ring_block(shpool, shm_zone->shm.name, &bytes);
        if (block == nullptr) return NGX_ERROR;
        noai::DenialRing::create(block, bytes, agent_capacity_for(bytes), noai::random_key());
        shpool->data = block;
        if (!attach_ring(zone, block)) return NGX_ERROR;
        const noai::DenialRing &ring = zone->ring;
        ngx_log_error(NGX_LOG_INFO, shm_zone->shm.log, 0,
                      "noai_zone \"%V\": room for %uz records and %uz agents", &zone->name,
                      ring.capacity(), ring.agent_capacity());
        return NGX_OK;
    } catch (const std::exception &e) {
        ngx_log_error(NGX_LOG_EMERG, shm_zone->shm.log, 0, "noai_zone \"%V\": %s", &zone->name,
                      e.what());
        return NGX_ERROR;
    }
}

}  // namespace

namespace {

ngx_http_noai_main_conf_t *main_conf(ngx_conf_t *cf) noexcept {
    return static_cast<ngx_http_noai_main_conf_t *>(
        ngx_http_conf_get_module_main_conf(cf, ngx_http_noai_module));
}

// The zone called `name` as nginx's own modules find one (limit_req): its
// entry in nginx's shared memory list, added with size 0 at the first
// mention, in any order; noai_zone gives it its size. Our zone struct hangs
// off the entry's data. nginx itself rejects a name another module's zone has.
ngx_http_noai_zone_t *find_or_add_zone(ngx_conf_t *cf, ngx_str_t name, const char *directive) noexcept {
    ngx_shm_zone_t *shm_zone = ngx_shared_memory_add(cf, &name, 0, &ngx_http_noai_module);
    if (shm_zone == nullptr) return nullptr;
    if (shm_zone->data != nullptr) return static_cast<ngx_http_noai_zone_t *>(shm_zone->data);
    auto *zone = static_cast<ngx_http_noai_zone_t *>(ngx_pcalloc(cf->pool, sizeof(ngx_http_noai_zone_t)));
    if (zone == nullptr) return nullptr;
    new (&zone->ring) noai::DenialRing();   // not attached until the zone init
    new (&zone->pseudonyms) noai::CachingPseudonymHasher();
    zone->name = shm_zone->shm.name;
    zone->shm_zone = shm_zone;
    zone->first_use_file = cf->conf_file->file.name;
    zone->first_use_line = cf->conf_file->line;
    zone->first_use_directive = directive;
    shm_zone->data = zone;
    return zone;
}

// Declared by noai_zone, not only named.
bool is_declared(const ngx_shm_zone_t &shm_zone) noexcept { return shm_zone.shm.size != 0; }

}  // namespace

// noai_zone zone=NAME:SIZE
char *ngx_http_noai_zone_directive(ngx_conf_t *cf, ngx_command_t *, void *) noexcept {
    const ngx_str_t &arg = static_cast<ngx_str_t *>(cf->args->elts)[1];
    const std::string_view text = view(arg);
    // The name ends at the first ':', as in nginx's own zone=NAME:SIZE.
    const size_t colon = text.find(':');
    if (text.substr(0, 5) != "zone=" || colon == std::string_view::npos || colon <= 5) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid \"%V\" in \"noai_zone\" directive: expected zone=NAME:SIZE", &arg);
        return static_cast<char *>(NGX_CONF_ERROR);
    }
    const ngx_str_t name = ngx_http_noai_str(text.data() + 5, colon - 5);
    ngx_str_t size_text = ngx_http_noai_str(text.data() + colon + 1, text.size() - colon - 1);
    const ssize_t size = ngx_parse_size(&size_text);
    if (size == NGX_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid size \"%V\" in \"noai_zone\" directive",
                           &size_text);
        return static_cast<char *>(NGX_CONF_ERROR);
    }
    if (static_cast<size_t>(size) < kMinZoneSize) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "noai_zone \"%V\" is too small (%V): it needs at least 64k "
                           "(room for %uz records)",
                           &name, &size_text, records_in_zone_of(kMinZoneSize, name, cf->log));
        return static_cast<char *>(NGX_CONF_ERROR);
    }

    ngx_http_noai_zone_t *zone = find_or_add_zone(cf, name, "noai_zone");
    if (zone == nullptr) return static_cast<char *>(NGX_CONF_ERROR);
    if (is_declared(*zone->shm_zone)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "duplicate noai_zone \"%V\"", &name);
        return static_cast<char *>(NGX_CONF_ERROR);
    }
    ngx_str_t shm_name = name;
    if (ngx_shared_memory_add(cf, &shm_name, static_cast<size_t>(size), &ngx_http_noai_module) == nullptr)
        return static_cast<char *>(NGX_CONF_ERROR);
    zone->shm_zone->init = init_zone;
    return NGX_CONF_OK;
}

char *ngx_http_noai_zone_reference(ngx_conf_t *cf, const ngx_str_t &name, ngx_http_noai_zone_t **target,
                                   const char *directive) noexcept {
    if (name.len == 0) {
        auto *ref = static_cast<ngx_http_noai_unnamed_ref_t *>(ngx_array_push(&main_conf(cf)->unnamed_refs));
        if (ref == nullptr) return static_cast<char *>(NGX_CONF_ERROR);
        ref->target = target;
        ref->file = cf->conf_file->file.name;
        ref->line = cf->conf_file->line;
        *target = nullptr;
        return NGX_CONF_OK;
    }
    *target = find_or_add_zone(cf, name, directive);
    return *target != nullptr ? NGX_CONF_OK : static_cast<char *>(NGX_CONF_ERROR);
}

ngx_int_t ngx_http_noai_resolve_zone_refs(ngx_conf_t *cf, ngx_http_noai_main_conf_t *nmcf) noexcept {
    ngx_http_noai_zone_t *only = nullptr;
    ngx_uint_t declared = 0;
    bool unknown = false;
    for_each_zone(cf->cycle, [&](const ngx_shm_zone_t &shm_zone) {
        auto *zone = static_cast<ngx_http_noai_zone_t *>(shm_zone.data);
        if (is_declared(shm_zone)) {
            only = zone;
            declared++;
        } else if (!unknown) {
            unknown = true;
            ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                          "%s: unknown noai_zone \"%V\" in %V:%ui (declare it at http level "
                          "with \"noai_zone zone=%V:1m;\")",
                          zone->first_use_directive, &zone->name, &zone->first_use_file,
                          zone->first_use_line, &zone->name);
        }
    });
    if (unknown) return NGX_ERROR;
    const auto *refs = static_cast<ngx_http_noai_unnamed_ref_t *>(nmcf->unnamed_refs.elts);
    for (ngx_uint_t i = 0; i < nmcf->unnamed_refs.nelts; i++) {
        if (declared != 1) {
            ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                          "noai_status in %V:%ui: %s; name one with noai_status zone=NAME",
                          &refs[i].file, refs[i].line,
                          declared == 0 ? "no noai_zone is declared" : "several noai_zones are declared");
            return NGX_ERROR;
        }
        *refs[i].target = only;
    }
    return NGX_OK;
}

void ngx_http_noai_count_headers_added(ngx_http_noai_zone_t *zone) noexcept {
    zone->ring.count_headers_added();   // an atomic add in shared memory, no lock
}

namespace {

template <std::size_t N>
void assign(noai::BoundedText<N> &field, const ngx_str_t &value) noexcept {
    field.assign(view(value));
}

// The client as the record keeps it (noai_log_address). realip has already
// replaced the connection's address where it applies.
void set_client(noai::Record &record, const ngx_http_request_t *r, ngx_http_noai_zone_t &zone,
                ngx_uint_t mode) noexcept {
    const std::string_view address = view(r->connection->addr_text);
    switch (mode) {
    case NGX_HTTP_NOAI_ADDRESS_FULL:
        record.client.assign(address);
        break;
    case NGX_HTTP_NOAI_ADDRESS_HASH: {
        const auto pseudonym = zone.pseudonyms.pseudonym(address);
        record.client.assign(pseudonym ? std::string_view(pseudonym->data(), pseudonym->size())
                                       : std::string_view());
        break;
    }
    default:
        record.client.assign({});
    }
}

}  // namespace

void ngx_http_noai_record(ngx_http_request_t *r, const ngx_http_noai_ctx_t *ctx) noexcept {
    ngx_http_noai_zone_t *zone = ctx->zone;
    noai::DenialRing &ring = zone->ring;
    if (!ring.valid()) return;

    // Everything is prepared here, outside the lock; under it only a copy.
    noai::Record record;
    ngx_memzero(&record, sizeof record);
    const ngx_time_t *now = ngx_timeofday();
    record.time_ms = static_cast<std::uint64_t>(now->sec) * 1000 + now->msec;
    record.action = ctx->action;
    record.purpose = ctx->purpose;
    record.status = static_cast<std::uint16_t>(r->headers_out.status != 0 ? r->headers_out.status : ctx->status);
    assign(record.agent, ctx->agent);
    record.reason.assign({});
    {
        char reason[noai::kReasonBytes];
        const u_char *end = ngx_snprintf(reinterpret_cast<u_char *>(reason), sizeof reason, "%V:%V",
                                         &ctx->reason_kind, &ctx->reason);
        record.reason.assign(std::string_view(reason, static_cast<size_t>(end - reinterpret_cast<u_char *>(reason))));
    }
    set_client(record, r, *zone, ctx->log_address);
    assign(record.method, r->method_name);
    if (r->headers_in.server.len != 0) {
        assign(record.host, r->headers_in.server);
    } else if (r->headers_in.host != nullptr) {
        assign(record.host, r->headers_in.host->value);
    }
    assign(record.uri, r->unparsed_uri);
    if (r->headers_in.user_agent != nullptr) assign(record.user_agent, r->headers_in.user_agent->value);
    // Hash what the ring keeps, so names sharing their first kAgentBytes share a counter.
    const std::uint64_t agent_hash = noai::hash_agent_name(record.agent.view());

    ngx_shmtx_lock(&zone->shpool->mutex);
    ring.push(record, agent_hash);
    ngx_shmtx_unlock(&zone->shpool->mutex);
}

void ngx_http_noai_count_verified(ngx_http_noai_zone_t *zone, const ngx_str_t &agent) noexcept {
    if (!zone->ring.valid()) return;
    const ngx_time_t *now = ngx_timeofday();
    const std::uint64_t time_ms = static_cast<std::uint64_t>(now->sec) * 1000 + now->msec;
    noai::BoundedText<noai::kAgentBytes> kept;
    kept.assign(view(agent));
    const std::uint64_t agent_hash = noai::hash_agent_name(kept.view());
    ngx_shmtx_lock(&zone->shpool->mutex);
    zone->ring.count_verified(view(agent), agent_hash, time_ms);
    ngx_shmtx_unlock(&zone->shpool->mutex);
}

bool ngx_http_noai_snapshot(const ngx_http_noai_zone_t *zone, const noai::RecordSelection &selection,
                            noai::Snapshot &out) noexcept {
    const noai::DenialRing &ring = zone->ring;
    if (!ring.valid()) return false;
    try {
        out.zone.assign(view(zone->name));
        ring.reserve_snapshot(out, selection);
    } catch (const std::exception &) {
        return false;
    }
    ngx_shmtx_lock(&zone->shpool->mutex);
    ring.copy_to(out, selection);
    ngx_shmtx_unlock(&zone->shpool->mutex);
    return true;
}
