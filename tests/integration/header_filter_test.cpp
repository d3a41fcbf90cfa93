// The opt-out header filter against a real nginx: which responses get the
// headers, and how they merge with X-Robots-Tag lines already present.

#include <string>
#include <vector>

#include "nginx_test.hpp"

namespace noai_test {
namespace {

using Lines = std::vector<std::string>;

const std::string kStaticServer = R"(
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
    }
)";

void expect_optout(const HttpResponse& response) {
    EXPECT_EQ(response.all("X-Robots-Tag"), Lines{"noai, noimageai"});
    EXPECT_EQ(response.all("tdm-reservation"), Lines{"1"});
    EXPECT_EQ(response.all("Content-Usage"), Lines{"train-ai=n"});
    EXPECT_FALSE(response.has("tdm-policy"));
}

void expect_no_optout(const HttpResponse& response) {
    EXPECT_FALSE(response.has("X-Robots-Tag"));
    EXPECT_FALSE(response.has("tdm-reservation"));
    EXPECT_FALSE(response.has("Content-Usage"));
}

class HeaderFilter : public NginxTest {};

TEST_F(HeaderFilter, StaticImagesGetTheOptOutHeaders) {
    start(kStaticServer);
    for (const char* path : {"/image.png", "/image.jpg", "/image.webp", "/image.svg"}) {
        SCOPED_TRACE(path);
        const HttpResponse response = get(port(), path);
        EXPECT_EQ(response.status, 200);
        expect_optout(response);
    }
}

TEST_F(HeaderFilter, PagesStylesAndScriptsDoNot) {
    start(kStaticServer);
    for (const char* path : {"/page.html", "/style.css", "/app.js"}) {
        SCOPED_TRACE(path);
        const HttpResponse response = get(port(), path);
        EXPECT_EQ(response.status, 200);
        expect_no_optout(response);
    }
}

TEST_F(HeaderFilter, NoaiTypesSelectsOtherTypes) {
    start(R"(
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
        location = /page.html { noai_types text/html; }
    })");
    expect_optout(get(port(), "/page.html"));
    expect_optout(get(port(), "/image.png"));   // default image/* outside that location
}

TEST_F(HeaderFilter, ExactTypesOnlyMatchThemselves) {
    start(R"(
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
        noai_types image/png;
    })");
    expect_optout(get(port(), "/image.png"));
    expect_no_optout(get(port(), "/image.jpg"));
}

TEST_F(HeaderFilter, NoaiOffInANestedLocationWins) {
    start(R"(
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
        location /gallery/ { noai off; }
    })");
    expect_no_optout(get(port(), "/gallery/piece.png"));
    expect_optout(get(port(), "/image.png"));
}

TEST_F(HeaderFilter, RangeAndHeadRequestsGetThem) {
    start(kStaticServer);
    const HttpResponse range = get(port(), "/image.png", {{"Range", "bytes=0-99"}});
    EXPECT_EQ(range.status, 206);
    EXPECT_EQ(range.body.size(), 100u);
    expect_optout(range);

    Request head;
    head.method = "HEAD";
    head.path = "/image.png";
    const HttpResponse head_response = send(port(), head);
    EXPECT_EQ(head_response.status, 200);
    expect_optout(head_response);
}

TEST_F(HeaderFilter, ErrorsOnlyWithNoaiAlways) {
    start(R"(
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
        noai_types *;
        location /always/ { noai_always on; }
    })");
    const HttpResponse missing = get(port(), "/missing.png");
    EXPECT_EQ(missing.status, 404);
    expect_no_optout(missing);
    const HttpResponse missing_always = get(port(), "/always/missing.png");
    EXPECT_EQ(missing_always.status, 404);
    expect_optout(missing_always);
}

TEST_F(HeaderFilter, ValuesAreConfigurableAndSwitchable) {
    start(R"(
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
        noai_robots_tag "noai, noimageai, noindex";
        noai_tdm_policy https://example.com/policy.json;
        noai_content_usage off;
        location /no-tdm/ { noai_tdm_reservation off; noai_robots_tag off; alias ${PREFIX}/html/; }
    })");
    const HttpResponse response = get(port(), "/image.png");
    EXPECT_EQ(response.all("X-Robots-Tag"), Lines{"noai, noimageai, noindex"});
    EXPECT_EQ(response.all("tdm-reservation"), Lines{"1"});
    EXPECT_EQ(response.all("tdm-policy"), Lines{"https://example.com/policy.json"});
    EXPECT_FALSE(response.has("Content-Usage"));

    const HttpResponse bare = get(port(), "/no-tdm/image.png");
    EXPECT_EQ(bare.status, 200);
    EXPECT_FALSE(bare.has("X-Robots-Tag"));
    EXPECT_FALSE(bare.has("tdm-reservation"));
    EXPECT_EQ(bare.all("tdm-policy"), Lines{"https://example.com/policy.json"});
}

TEST_F(HeaderFilter, AddHeaderLinesAreMergedNotDuplicated) {
    start(R"(
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
        location = /image.png { add_header X-Robots-Tag "noindex"; }
        location = /image.jpg { add_header X-Robots-Tag "noai, noimageai"; }
        location = /image.webp { add_header X-Robots-Tag "max-image-preview:large"; }
    })");
    EXPECT_EQ(get(port(), "/image.png").all("X-Robots-Tag"), Lines{"noindex, noai, noimageai"});
    EXPECT_EQ(get(port(), "/image.jpg").all("X-Robots-Tag"), Lines{"noai, noimageai"});
    EXPECT_EQ(get(port(), "/image.webp").all("X-Robots-Tag"),
              (Lines{"noai, noimageai", "max-image-preview:large"}));
}

TEST_F(HeaderFilter, DirectivesGoOutInLowerCase) {
    start(R"(
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
        noai_robots_tag "NOAI,NoImageAI";
        location = /image.jpg { add_header X-Robots-Tag "NoIndex, NOAI"; }
    })");
    EXPECT_EQ(get(port(), "/image.png").all("X-Robots-Tag"), Lines{"noai, noimageai"});
    EXPECT_EQ(get(port(), "/image.jpg").all("X-Robots-Tag"), Lines{"NoIndex, noai, noimageai"});
}

// A conditional GET for `path`, with the validator of its 200.
HttpResponse revalidate(std::uint16_t port, const std::string& path) {
    const HttpResponse first = get(port, path);
    EXPECT_TRUE(first.has("ETag")) << path;
    return get(port, path, {{"If-None-Match", first.header("ETag")}});
}

TEST_F(HeaderFilter, NotModifiedCarriesTheOptOutLineFirst) {
    start(R"(
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
        location = /image.jpg { add_header X-Robots-Tag "max-image-preview:large"; }
    })");
    const HttpResponse plain = revalidate(port(), "/image.png");
    EXPECT_EQ(plain.status, 304);
    EXPECT_FALSE(plain.has("Content-Type"));   // nginx's own 304 rule is kept
    expect_optout(plain);

    const HttpResponse scoped = revalidate(port(), "/image.jpg");
    EXPECT_EQ(scoped.status, 304);
    EXPECT_EQ(scoped.all("X-Robots-Tag"), (Lines{"noai, noimageai", "max-image-preview:large"}));

    const HttpResponse page = revalidate(port(), "/page.html");
    EXPECT_EQ(page.status, 304);
    expect_no_optout(page);
}

class ProxiedImages : public NginxTest {
protected:
    void SetUp() override {
        // ${PORT2} plays the portfolio application; ${PORT} is the nginx in front.
        start(R"(
    server {
        listen 127.0.0.1:${PORT2};
        root ${PREFIX}/html;
        location = /scoped.png {
            alias ${PREFIX}/html/image.png;
            add_header X-Robots-Tag "max-image-preview:large";
        }
        location = /both.png {
            alias ${PREFIX}/html/image.png;
            add_header X-Robots-Tag "noarchive";
            add_header X-Robots-Tag "googlebot: nosnippet";
        }
        location = /shouting.png {
            alias ${PREFIX}/html/image.png;
            add_header X-Robots-Tag "NOAI, NOIMAGEAI";
        }
        location = /typed { default_type "IMAGE/PNG; charset=binary"; return 200 "png"; }
    }
    server {
        listen 127.0.0.1:${PORT};
        noai on;
        location / { proxy_pass http://127.0.0.1:${PORT2}; }
        # No extension, and cached: nginx answers a conditional request
        # itself, from the upstream's 200.
        location = /artwork {
            proxy_pass http://127.0.0.1:${PORT2}/scoped.png;
            proxy_cache artwork;
            proxy_cache_valid 200 1m;
        }
    }
    proxy_cache_path ${PREFIX}/tmp/cache keys_zone=artwork:1m;)");
    }
};

TEST_F(ProxiedImages, GetTheHeadersByUpstreamContentType) {
    const HttpResponse response = get(port(), "/image.png");
    EXPECT_EQ(response.status, 200);
    expect_optout(response);
    expect_no_optout(get(port(), "/page.html"));
}

TEST_F(ProxiedImages, ParametersAndCaseInTheUpstreamTypeAreIgnored) {
    const HttpResponse response = get(port(), "/typed");
    EXPECT_EQ(response.header("Content-Type"), "IMAGE/PNG; charset=binary");
    expect_optout(response);
}

TEST_F(ProxiedImages, ScopedUpstreamLineStaysOnItsOwnLine) {
    const HttpResponse response = get(port(), "/scoped.png");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.all("X-Robots-Tag"), (Lines{"noai, noimageai", "max-image-preview:large"}));
}

TEST_F(ProxiedImages, AnUpstreamOptOutInCapitalsGoesOutInLowerCase) {
    EXPECT_EQ(get(port(), "/shouting.png").all("X-Robots-Tag"), Lines{"noai, noimageai"});
}

TEST_F(ProxiedImages, EveryUpstreamLineIsKept) {
    const HttpResponse response = get(port(), "/both.png");
    EXPECT_EQ(response.all("X-Robots-Tag"),
              (Lines{"noarchive, noai, noimageai", "googlebot: nosnippet"}));
}

TEST_F(ProxiedImages, TheUpstreamsOwnNotModifiedIsTypedByItsExtension) {
    // The upstream answers the conditional request: its 304 has no
    // Content-Type, only its own X-Robots-Tag line.
    const HttpResponse response = revalidate(port(), "/scoped.png");
    EXPECT_EQ(response.status, 304);
    EXPECT_EQ(response.all("X-Robots-Tag"), (Lines{"noai, noimageai", "max-image-preview:large"}));
    EXPECT_EQ(response.all("tdm-reservation"), Lines{"1"});
    EXPECT_EQ(response.all("Content-Usage"), Lines{"train-ai=n"});
    expect_no_optout(revalidate(port(), "/page.html"));
}

TEST_F(ProxiedImages, ANotModifiedMadeByNginxKeepsTheUpstreamType) {
    const HttpResponse response = revalidate(port(), "/artwork");
    EXPECT_EQ(response.status, 304);
    EXPECT_EQ(response.all("X-Robots-Tag"), (Lines{"noai, noimageai", "max-image-preview:large"}));
    EXPECT_EQ(response.all("tdm-reservation"), Lines{"1"});
}

TEST_F(HeaderFilter, WhereTheUpstreamDisagreesItsStatementIsKept) {
    // ${PORT2} is the application: it waives the TDM reservation for one
    // image and allows training on another.
    start(R"(
    server {
        listen 127.0.0.1:${PORT2};
        root ${PREFIX}/html;
        location = /waived.png { alias ${PREFIX}/html/image.png; add_header tdm-reservation 0; }
        location = /trainable.png { alias ${PREFIX}/html/image.png; add_header Content-Usage "train-ai=y"; }
    }
    server {
        listen 127.0.0.1:${PORT};
        noai on;
        noai_tdm_policy https://artist.example/tdm-policy.json;
        location / { proxy_pass http://127.0.0.1:${PORT2}; }
    })");
    const HttpResponse waived = get(port(), "/waived.png");
    EXPECT_EQ(waived.all("tdm-reservation"), Lines{"0"});
    EXPECT_FALSE(waived.has("tdm-policy"));   // TDMRep: no policy beside a 0
    EXPECT_EQ(waived.all("X-Robots-Tag"), Lines{"noai, noimageai"});
    EXPECT_EQ(waived.all("Content-Usage"), Lines{"train-ai=n"});

    const HttpResponse trainable = get(port(), "/trainable.png");
    EXPECT_EQ(trainable.all("Content-Usage"), Lines{"train-ai=y"});
    EXPECT_EQ(trainable.all("tdm-reservation"), Lines{"1"});
    EXPECT_EQ(trainable.all("tdm-policy"), Lines{"https://artist.example/tdm-policy.json"});
    EXPECT_EQ(trainable.all("X-Robots-Tag"), Lines{"noai, noimageai"});
}

TEST_F(HeaderFilter, NoaiActionVariableSaysHeader) {
    start(R"(
    log_format noai "$uri action=[$noai_action] agent=[$noai_agent]";
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        access_log ${PREFIX}/logs/noai.log noai;
        noai on;
    })");
    get(port(), "/image.png");
    get(port(), "/page.html");
    nginx().stop();
    const std::string log = read_file(nginx().prefix() + "/logs/noai.log");
    EXPECT_NE(log.find("/image.png action=[header] agent=[]"), std::string::npos) << log;
    EXPECT_NE(log.find("/page.html action=[] agent=[]"), std::string::npos) << log;
}

}  // namespace
}  // namespace noai_test
