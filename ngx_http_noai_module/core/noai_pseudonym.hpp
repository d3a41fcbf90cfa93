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

// HMAC-SHA256(key, address), first 8 bytes as 16 lowercase hex characters.
// `address` is whatever bytes the caller chooses (the glue passes the text form,
// as in $remote_addr). Same key and address give the same pseudonym. nullopt only
// if OpenSSL fails. Allocates nothing.
std::optional<PseudonymText> pseudonym(const PseudonymKey& key, std::string_view address) noexcept;

inline std::string_view view(const PseudonymText& text) noexcept {
    return {text.data(), text.size()};
}

}  // namespace noai
