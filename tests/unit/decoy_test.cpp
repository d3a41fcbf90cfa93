// noai_decoy's file checks, and the sample decoy the project makes.
#include "noai_decoy.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_files.hpp"

namespace noai {
namespace {

TEST(Decoy, TypeComesFromTheExtension) {
    EXPECT_EQ(decoy_content_type("/etc/nginx/decoy.png"), "image/png");
    EXPECT_EQ(decoy_content_type("a.JPG"), "image/jpeg");
    EXPECT_EQ(decoy_content_type("a.jpeg"), "image/jpeg");
    EXPECT_EQ(decoy_content_type("a.gif"), "image/gif");
    EXPECT_EQ(decoy_content_type("a.webp"), "image/webp");
    EXPECT_EQ(decoy_content_type("a.avif"), "image/avif");
    EXPECT_EQ(decoy_content_type("a.svg"), "image/svg+xml");
    for (const char* path : {"decoy", "decoy.txt", "/dir.png/decoy", "decoy.png.bak", ""})
        EXPECT_EQ(decoy_content_type(path), "") << path;
}

TEST(Decoy, TheFileMustBeWhatItsNameSays) {
    EXPECT_EQ(decoy_error("d.png", "\x89PNG\r\n\x1a\n...."), "");
    EXPECT_EQ(decoy_error("d.jpg", "\xff\xd8\xff\xe0...."), "");
    EXPECT_EQ(decoy_error("d.gif", "GIF89a...."), "");
    EXPECT_EQ(decoy_error("d.webp", std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), "");
    EXPECT_EQ(decoy_error("d.svg", "  <?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "");
    EXPECT_EQ(decoy_error("d.txt", "hello"),
              "the file name must end in .png, .jpg, .jpeg, .gif, .webp, .avif or .svg");
    EXPECT_EQ(decoy_error("d.png", ""), "the file is empty");
    EXPECT_EQ(decoy_error("d.png", "\xff\xd8\xff\xe0"), "the file is not the image/png its name says");
    EXPECT_EQ(decoy_error("d.webp", "RIFF"), "the file is not the image/webp its name says");
    EXPECT_EQ(decoy_error("d.svg", "<html></html>"), "the file is not the image/svg+xml its name says");
    EXPECT_EQ(decoy_error("d.png", "\x89PNG\r\n\x1a\n" + std::string(kMaxDecoyBytes, 'x')),
              "the file is larger than 1 MiB");
}

TEST(Decoy, TheSampleDecoyIsASmallPng) {
    const std::string png = noai_test::read_file(std::string(NOAI_SOURCE_DIR) + "/decoy/decoy.png");
    EXPECT_EQ(decoy_error("decoy.png", png), "");
    EXPECT_LT(png.size(), 32u * 1024);
}

}  // namespace
}  // namespace noai
