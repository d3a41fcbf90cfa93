#include "noai_decoy.hpp"

#include "noai_text.hpp"

namespace noai {

namespace {

struct DecoyType {
    std::string_view extension;   // lower case, without the dot
    std::string_view content_type;
};

constexpr DecoyType kTypes[] = {
    {"png", "image/png"},   {"jpg", "image/jpeg"},  {"jpeg", "image/jpeg"},   {"gif", "image/gif"},
    {"webp", "image/webp"}, {"avif", "image/avif"}, {"svg", "image/svg+xml"},
};

bool starts_with(std::string_view s, std::string_view prefix) noexcept {
    return s.substr(0, prefix.size()) == prefix;
}

// The file's first bytes are those of its type.
bool has_signature(std::string_view content_type, std::string_view content) noexcept {
    if (content_type == "image/png") return starts_with(content, "\x89PNG\r\n\x1a\n");
    if (content_type == "image/jpeg") return starts_with(content, "\xff\xd8\xff");
    if (content_type == "image/gif") return starts_with(content, "GIF87a") || starts_with(content, "GIF89a");
    if (content_type == "image/webp")
        return content.size() >= 12 && starts_with(content, "RIFF") && content.substr(8, 4) == "WEBP";
    if (content_type == "image/avif")
        return content.size() >= 12 && (content.substr(4, 8) == "ftypavif" || content.substr(4, 8) == "ftypavis");
    if (content_type == "image/svg+xml") {
        const std::size_t first = content.find_first_not_of(" \t\r\n");
        return first != std::string_view::npos && content[first] == '<' &&
               content.find("<svg") != std::string_view::npos;
    }
    return false;
}

}  // namespace

std::string_view decoy_content_type(std::string_view path) noexcept {
    const std::size_t slash = path.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return {};
    const std::string_view extension = name.substr(dot + 1);
    for (const DecoyType& t : kTypes)
        if (equals_ignore_case(t.extension, extension)) return t.content_type;
    return {};
}

std::string decoy_error(std::string_view path, std::string_view content) {
    const std::string_view type = decoy_content_type(path);
    if (type.empty()) return "the file name must end in .png, .jpg, .jpeg, .gif, .webp, .avif or .svg";
    if (content.empty()) return "the file is empty";
    if (content.size() > kMaxDecoyBytes) return "the file is larger than 1 MiB";
    if (!has_signature(type, content)) return "the file is not the " + std::string(type) + " its name says";
    return {};
}

}  // namespace noai
