#include <gtest/gtest.h>

#include "noai_content_type.hpp"

namespace noai {
namespace {

ContentTypeSet types_of(std::initializer_list<const char*> patterns) {
    ContentTypeSet set;
    for (const char* p : patterns) EXPECT_EQ(set.add(p), "") << p;
    return set;
}

TEST(ContentTypes, MajorWildcardMatchesEverySubtype) {
    const ContentTypeSet images = types_of({"image/*"});
    EXPECT_TRUE(images.matches("image/png"));
    EXPECT_TRUE(images.matches("image/svg+xml"));
    EXPECT_FALSE(images.matches("text/html"));
    EXPECT_FALSE(images.matches("imagex/png"));
}

TEST(ContentTypes, ExactTypesMatchOnlyThemselves) {
    const ContentTypeSet png = types_of({"image/png"});
    EXPECT_TRUE(png.matches("image/png"));
    EXPECT_FALSE(png.matches("image/pngx"));
    EXPECT_FALSE(png.matches("image/jpeg"));
}

TEST(ContentTypes, StarMatchesEverything) {
    const ContentTypeSet all = types_of({"*"});
    EXPECT_TRUE(all.matches("text/html"));
    EXPECT_TRUE(all.matches("anything"));
}

TEST(ContentTypes, ParametersAndWhiteSpaceAreIgnored) {
    const ContentTypeSet png = types_of({"image/png"});
    EXPECT_TRUE(png.matches("image/png; charset=binary"));
    EXPECT_TRUE(png.matches("  image/png ;q=1"));
    EXPECT_TRUE(png.matches("image/png;"));
}

TEST(ContentTypes, MatchingIsCaseInsensitive) {
    EXPECT_TRUE(types_of({"image/png"}).matches("IMAGE/PNG"));
    EXPECT_TRUE(types_of({"Image/*"}).matches("image/WebP"));
    EXPECT_TRUE(types_of({"TEXT/HTML"}).matches("text/html; charset=utf-8"));
}

TEST(ContentTypes, ValuesWithoutASlashNeverMatchPatterns) {
    const ContentTypeSet images = types_of({"image/*"});
    EXPECT_FALSE(images.matches(""));
    EXPECT_FALSE(images.matches("image"));
    EXPECT_FALSE(images.matches("; image/png"));
}

TEST(ContentTypes, MalformedPatternsAreRejected) {
    for (const char* bad : {"image", "", "*/png", "image/png; charset=x", "im age/png", "/png", "image/"}) {
        ContentTypeSet set;
        EXPECT_NE(set.add(bad), "") << bad;
    }
}

TEST(ContentTypes, SeveralPatternsCombine) {
    const ContentTypeSet set = types_of({"image/*", "application/pdf"});
    EXPECT_TRUE(set.matches("application/pdf"));
    EXPECT_TRUE(set.matches("image/gif"));
    EXPECT_FALSE(set.matches("application/json"));
}

TEST(ContentTypes, MediaTypeOfDropsParameters) {
    EXPECT_EQ(media_type_of(" text/html ; charset=utf-8"), "text/html");
    EXPECT_EQ(media_type_of("image/png"), "image/png");
}

}  // namespace
}  // namespace noai
