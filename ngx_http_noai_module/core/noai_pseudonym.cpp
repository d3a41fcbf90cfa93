#include "noai_pseudonym.hpp"

#include "noai_text.hpp"

// OpenSSL 3.0 deprecates the low-level SHA-256 calls, but they are the only
// allocation-free way to keep a keyed state: its one-shot HMAC() fetches the
// algorithm on every call, and copying an EVP_MD_CTX or EVP_MAC_CTX duplicates
// the provider context on the heap.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstring>
#include <functional>
#include <stdexcept>
#include <type_traits>

namespace noai {

namespace {

constexpr std::size_t kBlockBytes = SHA256_CBLOCK;  // HMAC's pad length for SHA-256
static_assert(kPseudonymKeyBytes <= kBlockBytes, "a longer key would be hashed first");
static_assert(sizeof(SHA256_CTX) == PseudonymHasher::kStateBytes);
static_assert(std::is_trivially_copyable_v<SHA256_CTX>);
static_assert(std::is_trivially_copyable_v<PseudonymHasher>);
static_assert(std::is_trivially_copyable_v<CachingPseudonymHasher>);

// The SHA-256 state after one block: the key padded with zeros, XORed with `pad`.
bool absorb_padded_key(SHA256_CTX& state, const PseudonymKey& key, unsigned char pad) noexcept {
    unsigned char block[kBlockBytes];
    std::memset(block, pad, sizeof block);
    for (std::size_t i = 0; i < key.size(); ++i) block[i] = static_cast<unsigned char>(key[i] ^ pad);
    const bool ok = SHA256_Init(&state) == 1 && SHA256_Update(&state, block, sizeof block) == 1;
    OPENSSL_cleanse(block, sizeof block);
    return ok;
}

}  // namespace

PseudonymKey random_key() {
    PseudonymKey key{};
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
        throw std::runtime_error("RAND_bytes failed to produce a pseudonym key");
    }
    return key;
}

PseudonymHasher::PseudonymHasher(const PseudonymKey& key) noexcept {
    SHA256_CTX inner, outer;
    if (!absorb_padded_key(inner, key, 0x36) || !absorb_padded_key(outer, key, 0x5c)) return;
    std::memcpy(inner_, &inner, sizeof inner);
    std::memcpy(outer_, &outer, sizeof outer);
    keyed_ = true;
}

std::optional<PseudonymText> PseudonymHasher::pseudonym(std::string_view address) const noexcept {
    if (!keyed_) return std::nullopt;
    unsigned char mac[SHA256_DIGEST_LENGTH];
    SHA256_CTX state;
    std::memcpy(&state, inner_, sizeof state);
    if (SHA256_Update(&state, address.data(), address.size()) != 1 || SHA256_Final(mac, &state) != 1)
        return std::nullopt;
    std::memcpy(&state, outer_, sizeof state);
    if (SHA256_Update(&state, mac, sizeof mac) != 1 || SHA256_Final(mac, &state) != 1)
        return std::nullopt;

    PseudonymText text{};
    for (std::size_t i = 0; i < kPseudonymChars / 2; ++i) {
        text[2 * i] = kLowerHexDigits[mac[i] >> 4];
        text[2 * i + 1] = kLowerHexDigits[mac[i] & 0x0f];
    }
    return text;
}

std::optional<PseudonymText> CachingPseudonymHasher::pseudonym(std::string_view address) noexcept {
    if (address.size() > kAddressBytes) return hasher_.pseudonym(address);
    if (!slots_ready_) {
        for (Slot& slot : slots_) slot.length = kEmpty;
        slots_ready_ = true;
    }
    Slot& slot = slots_[std::hash<std::string_view>{}(address) % kSlots];
    if (slot.length == address.size() &&
        (address.empty() || std::memcmp(slot.address, address.data(), address.size()) == 0))
        return slot.text;
    const std::optional<PseudonymText> text = hasher_.pseudonym(address);
    if (text) {
        slot.length = static_cast<std::uint8_t>(address.size());
        if (!address.empty()) std::memcpy(slot.address, address.data(), address.size());
        slot.text = *text;
    }
    return text;
}

}  // namespace noai
