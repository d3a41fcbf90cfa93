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

inline std::string_view view(const PseudonymText& text) noexcept {
    return {text.data(), text.size()};
}

}  // namespace noai
