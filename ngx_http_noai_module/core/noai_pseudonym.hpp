// Client-address pseudonyms for the denial ring (noai_log_address hash): a
// keyed HMAC-SHA256, so records can be correlated within one zone's lifetime
// without storing the address, and cannot be reversed by hashing every IPv4
// address without the key. The key is random per zone and lives in the zone.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace noai {

inline constexpr std::size_t kPseudonymKeyBytes = 32;
inline constexpr std::size_t kPseudonymChars = 16;  // 8 bytes of the MAC, in hex

using PseudonymKey = std::array<std::uint8_t, kPseudonymKeyBytes>;
using PseudonymText = std::array<char, kPseudonymChars>;  // not NUL-terminated

// A fresh key from OpenSSL's CSPRNG; throws std::runtime_error if RAND_bytes fails.
PseudonymKey random_key();

// HMAC-SHA256 with the key's work done once: holds the SHA-256 states after
// the key's inner and outer pads, so a pseudonym hashes only the address and
// the inner digest (two SHA-256 blocks for any address up to 55 bytes) and
// allocates nothing. Plain bytes, trivially copyable: the glue keeps one per
// zone in process memory, made at zone init from the key the zone holds.
class PseudonymHasher {
public:
    PseudonymHasher() noexcept = default;  // no key: pseudonym() gives nullopt
    explicit PseudonymHasher(const PseudonymKey& key) noexcept;

    // HMAC-SHA256(key, address), first 8 bytes as 16 lowercase hex characters.
    // `address` is whatever bytes the caller chooses (the glue passes the text
    // form, as in $remote_addr). Same key and address give the same pseudonym.
    // nullopt only without a key or if OpenSSL fails. Allocates nothing.
    std::optional<PseudonymText> pseudonym(std::string_view address) const noexcept;

    // The state size of OpenSSL's SHA256_CTX (checked where it is used).
    static constexpr std::size_t kStateBytes = 112;

private:
    alignas(8) unsigned char inner_[kStateBytes] = {};
    alignas(8) unsigned char outer_[kStateBytes] = {};
    bool keyed_ = false;
};

// A PseudonymHasher with the pseudonyms of the last addresses it saw: a
// crawler sends many requests from one address, and each after the first
// then costs a table look-up instead of two SHA-256 blocks. Direct-mapped,
// kSlots entries, addresses up to kAddressBytes (longer ones are hashed every
// time). Plain bytes, trivially copyable: the glue keeps one per zone in
// process memory, so each worker fills its own. Not thread-safe (nor need it
// be: an nginx worker runs requests on one thread).
class CachingPseudonymHasher {
public:
    static constexpr std::size_t kSlots = 64;
    static constexpr std::size_t kAddressBytes = 46;  // INET6_ADDRSTRLEN - 1

    CachingPseudonymHasher() noexcept = default;  // no key: pseudonym() gives nullopt
    explicit CachingPseudonymHasher(const PseudonymKey& key) noexcept : hasher_(key) {}

    // The same answers as PseudonymHasher::pseudonym.
    std::optional<PseudonymText> pseudonym(std::string_view address) noexcept;

private:
    struct Slot {
        std::uint8_t length;  // kEmpty: unused
        char address[kAddressBytes];
        PseudonymText text;
    };
    static constexpr std::uint8_t kEmpty = 0xff;
    static_assert(kAddressBytes < kEmpty);

    PseudonymHasher hasher_;
    Slot slots_[kSlots] = {};
    bool slots_ready_ = false;  // slots_ marked kEmpty (done at first use: zeroed memory is not)
};

inline std::string_view view(const PseudonymText& text) noexcept {
    return {text.data(), text.size()};
}

}  // namespace noai
