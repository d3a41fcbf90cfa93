// noai_decoy: the file a denied crawler gets instead of an error when it asked
// for something that would get the opt-out (an image). Read once at
// configuration time and served from memory.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace noai {

// Decoys are small pictures; a bigger file is a mistake in the configuration.
inline constexpr std::size_t kMaxDecoyBytes = 1 << 20;

// The Content-Type a decoy is served with, from its file name's extension
// (png, jpg/jpeg, gif, webp, avif, svg; any case), or "" for another one.
std::string_view decoy_content_type(std::string_view path) noexcept;

// Why `content`, read from `path`, cannot be a decoy, or "" if it can: its
// type must be known by its extension, its first bytes must be that type's
// signature (so a renamed file is caught), and it must be 1 to kMaxDecoyBytes
// bytes long.
std::string decoy_error(std::string_view path, std::string_view content);

}  // namespace noai
