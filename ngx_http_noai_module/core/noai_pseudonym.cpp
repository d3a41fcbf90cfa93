#include "noai_pseudonym.hpp"

#include "noai_text.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace noai {

PseudonymKey random_key() {
    PseudonymKey key{};
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
        throw std::runtime_error("RAND_bytes failed to produce a pseudonym key");
    }
    return key;
}

std::optional<PseudonymText> pseudonym(const PseudonymKey& key, std::string_view address) noexcept {
    static const unsigned char empty = 0;  // HMAC() wants a valid pointer even for no data
    const auto* data = address.empty() ? &empty
                                       : reinterpret_cast<const unsigned char*>(address.data());

    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data, address.size(), mac,
             &mac_length) == nullptr ||
        mac_length < kPseudonymChars / 2) {
        return std::nullopt;
    }

    PseudonymText text{};
    for (std::size_t i = 0; i < kPseudonymChars / 2; ++i) {
        text[2 * i] = kLowerHexDigits[mac[i] >> 4];
        text[2 * i + 1] = kLowerHexDigits[mac[i] & 0x0f];
    }
    return text;
}

}  // namespace noai
