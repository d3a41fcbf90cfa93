// The files in conf-examples/, loaded as they are into a real nginx: each must
// pass `nginx -t` and behave as its comments say. Only what ties an example to
// a real machine is rewritten, in one place (example_config): ports, /srv,
// /var/log/nginx and /etc/nginx paths, the app's upstream port.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "json_checker.hpp"
#include "nginx_test.hpp"
#include "robotparser.hpp"

namespace noai_test {
namespace {

namespace fs = std::filesystem;

const std::string kGptBot =
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)";
const std::string kBrowser = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
// img2dataset with its defaults: no token of its own, caught by the fingerprint.
const std::string kImg2datasetUa = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:72.0) Gecko/20100101 Firefox/72.0";

const char* const kExamples[] = {
    "static-portfolio.conf", "reverse-proxy.conf", "multiple-artists.conf",
    "report-only.conf",      "status-basic-auth.conf", "prometheus.conf",
    "ai-search-allowed.conf", "decoy.conf", "verified-search-crawlers.conf",
};

std::string example_path(const std::string& file) { return source_dir() + "/conf-examples/" + file; }

// nginx comments: from `#` outside quotes to the end of the line.
std::string strip_comments(const std::string& text) {
    std::string out;
    char quote = 0;
    bool comment = false;
    for (std::size_t i = 0; i < text.size(); i++) {
        const char c = text[i];
        if (c == '\n') {
            comment = false;
            quote = 0;
            out += c;
            continue;
        }
        if (comment) continue;
        if (quote != 0) {
            if (c == '\\' && i + 1 < text.size()) {
                out += c;
                out += text[++i];
                continue;
            }
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '#') {
            comment = true;
            continue;
        }
        out += c;
    }
    return out;
}

struct ExampleEdits {
    // Directives the example shows commented out (`#name ...`) to switch on.
    std::vector<std::string> uncomment;
    // Exact replacements in the live (comment-free) config; each must match.
    std::vector<std::pair<std::string, std::string>> replace;
};

// The example as the harness's http{} body. Rewrites, and nothing else:
//   listen 80 / 8080            -> listen 127.0.0.1:${PORT}
//   listen 9145 (metrics port)  -> listen 127.0.0.1:${PORT2}
//   listen [::]:N               -> dropped (the test machine may lack IPv6)
//   127.0.0.1:2368 (the app)    -> 127.0.0.1:${PORT2}
//   /srv/NAME                   -> ${PREFIX}/html
//   /var/log/nginx/, /etc/nginx/ -> ${PREFIX}/logs/, ${PREFIX}/conf/
// Throws if an edit does not apply or anything machine-specific is left.
std::string example_config(const std::string& file, const ExampleEdits& edits = {}) {
    std::string text = read_file(example_path(file));
    if (text.empty()) throw std::runtime_error("cannot read " + example_path(file));

    for (const std::string& name : edits.uncomment) {
        const std::regex commented("^([ \\t]*)#(" + name + "[ \\t;])", std::regex::ECMAScript);
        std::istringstream in(text);
        std::string line, out;
        bool found = false;
        while (std::getline(in, line)) {
            const std::string edited = std::regex_replace(line, commented, "$1$2");
            found = found || edited != line;
            out += edited + "\n";
        }
        if (!found) throw std::runtime_error(file + ": no commented-out " + name + " line");
        text = out;
    }

    text = strip_comments(text);

    for (const auto& [from, to] : edits.replace) {
        std::size_t pos = text.find(from);
        if (pos == std::string::npos) throw std::runtime_error(file + ": \"" + from + "\" not found");
        for (; pos != std::string::npos; pos = text.find(from, pos + to.size())) text.replace(pos, from.size(), to);
    }

    const std::regex ipv6_listen("^\\s*listen\\s+\\[::\\]:\\d+");
    const std::regex site_port("\\blisten\\s+(80|8080)\\b");
    const std::regex metrics_port("\\blisten\\s+9145\\b");
    const std::regex srv("/srv/[A-Za-z0-9._-]+");
    std::istringstream in(text);
    std::string line, out;
    while (std::getline(in, line)) {
        if (std::regex_search(line, ipv6_listen)) continue;
        line = std::regex_replace(line, site_port, "listen 127.0.0.1:${PORT}");
        line = std::regex_replace(line, metrics_port, "listen 127.0.0.1:${PORT2}");
        line = std::regex_replace(line, std::regex("127\\.0\\.0\\.1:2368\\b"), "127.0.0.1:${PORT2}");
        line = std::regex_replace(line, srv, "${PREFIX}/html");
        line = std::regex_replace(line, std::regex("/var/log/nginx/"), "${PREFIX}/logs/");
        line = std::regex_replace(line, std::regex("/etc/nginx/"), "${PREFIX}/conf/");
        if (line.find("listen") != std::string::npos &&
            line.find("listen 127.0.0.1:${PORT") == std::string::npos)
            throw std::runtime_error(file + ": listen line not rewritten: " + line);
        for (const char* left : {"/srv/", "/var/", "/etc/", "load_module"})
            if (line.find(left) != std::string::npos)
                throw std::runtime_error(file + ": \"" + left + "\" left after rewriting: " + line);
        out += line + "\n";
    }
    return out;
}

HttpResponse fetch(std::uint16_t port, const std::string& path, const std::string& user_agent = kBrowser,
                   const std::string& host = "example.com",
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request request;
    request.path = path;
    request.host = host;
    request.headers = std::move(headers);
    request.headers.emplace_back("User-Agent", user_agent);
    // A browser sends these on every request; without them its User-Agent
    // would be taken for a script's (noai_impersonation).
    if (user_agent == kBrowser)
        request.headers.insert(request.headers.end(), {{"Accept-Language", "en-US,en;q=0.5"},
                                                       {"Accept-Encoding", "gzip, deflate, br, zstd"}});
    if (user_agent == kBrowser && std::none_of(request.headers.begin(), request.headers.end(),
                                               [](const auto& h) { return h.first == "Accept"; }))
        request.headers.emplace_back("Accept", "*/*");
    return send(port, request);
}

Json status_json(std::uint16_t port, const std::string& path = "/noai/status", const std::string& host = "example.com",
                 std::vector<std::pair<std::string, std::string>> headers = {}) {
    const HttpResponse response = fetch(port, path + "?format=json", kBrowser, host, std::move(headers));
    EXPECT_EQ(response.status, 200) << response.body;
    return parse_json(response.body);
}

unsigned long long number(const Json& value) { return std::stoull(value.text); }

std::size_t count_lines(const std::string& text) {
    std::size_t n = 0;
    for (char c : text) n += c == '\n';
    return n;
}

std::string shell(const std::string& command) {
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
    char buffer[4096];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    if (pclose(pipe) != 0) throw std::runtime_error("failed: " + command + "\n" + output);
    return output;
}

// The opt-out headers exactly as the module adds them to an image.
void expect_opt_out_headers(const HttpResponse& response) {
    const auto robots = response.all("X-Robots-Tag");
    ASSERT_FALSE(robots.empty()) << response.status_line;
    EXPECT_EQ(robots.front(), "noai, noimageai");
    EXPECT_EQ(response.header("tdm-reservation"), "1");
    EXPECT_EQ(response.header("Content-Usage"), "train-ai=n");
}

void expect_config_ok(const std::string& config) {
    const ConfigTestResult result = check_config(config);
    EXPECT_EQ(result.exit_code, 0) << result.output << "\n--- config ---\n" << config;
}

class ConfExamples : public NginxTest {};

TEST(ConfExamplesFiles, EveryExampleHereIsTestedAndNoneLoadsTheModule) {
    std::set<std::string> expected(std::begin(kExamples), std::end(kExamples)), found;
    for (const auto& entry : fs::directory_iterator(source_dir() + "/conf-examples"))
        if (entry.path().extension() == ".conf") found.insert(entry.path().filename().string());
    EXPECT_EQ(found, expected) << "a new example needs a test here";

    for (const char* file : kExamples) {
        SCOPED_TRACE(file);
        const std::string text = read_file(example_path(file));
        // conf.d files are included inside http {}: load_module is the package's job.
        EXPECT_EQ(strip_comments(text).find("load_module"), std::string::npos);
        EXPECT_NE(text.find("/etc/nginx/modules-enabled/50-mod-http-noai.conf"), std::string::npos);
        EXPECT_NE(text.find("/etc/nginx/conf.d/"), std::string::npos);
        EXPECT_EQ(strip_comments(text).find("http {"), std::string::npos);
    }
}

TEST_F(ConfExamples, StaticPortfolio) {
    const std::string config = example_config("static-portfolio.conf");
    expect_config_ok(config);
    expect_config_ok(example_config("static-portfolio.conf", {{"noai_tdm_policy"}, {}}));

    start(config);
    const HttpResponse image = fetch(port(), "/image.png");
    EXPECT_EQ(image.status, 200);
    expect_opt_out_headers(image);
    const HttpResponse page = fetch(port(), "/page.html");
    EXPECT_EQ(page.status, 200);
    EXPECT_FALSE(page.has("X-Robots-Tag"));
    EXPECT_EQ(fetch(port(), "/").body, read_file(nginx().prefix() + "/html/index.html"));

    EXPECT_EQ(fetch(port(), "/gallery/piece.png", kGptBot).status, 403);
    EXPECT_EQ(get(port(), "/image.jpg", {{"User-Agent", kImg2datasetUa}, {"Accept-Encoding", "identity"}}).status,
              403);

    const HttpResponse robots = fetch(port(), "/robots.txt", kGptBot);
    EXPECT_EQ(robots.status, 200);   // never denied, even to GPTBot
    EXPECT_NE(robots.body.find("User-agent: GPTBot\n"), std::string::npos) << robots.body;
    EXPECT_NE(robots.body.find("User-agent: Google-Extended\n"), std::string::npos) << robots.body;
    EXPECT_NE(robots.body.find("Disallow: /\n"), std::string::npos) << robots.body;
    const HttpResponse tdmrep = fetch(port(), "/.well-known/tdmrep.json");
    EXPECT_EQ(tdmrep.status, 200);
    EXPECT_EQ(tdmrep.header("Content-Type"), "application/json");
    EXPECT_NE(tdmrep.body.find(R"({"location":"/","tdm-reservation":1})"), std::string::npos) << tdmrep.body;

    // The status page answers loopback, under any of the server's names.
    const Json status = status_json(port(), "/noai/status", "localhost");
    EXPECT_EQ(status["zone"].text, "portfolio");
    EXPECT_EQ(number(status["totals"]["denied"]), 2u);
    ASSERT_EQ(status["records"].size(), 2u);
    EXPECT_EQ(status["records"][0]["agent"].text, "img2dataset");
    EXPECT_EQ(status["records"][1]["agent"].text, "GPTBot");
    EXPECT_EQ(status["records"][1]["uri"].text, "/gallery/piece.png");
    const HttpResponse html = fetch(port(), "/noai/status", kBrowser, "example.com", {{"Accept", "text/html"}});
    EXPECT_EQ(html.status, 200);
    EXPECT_NE(html.body.find("GPTBot"), std::string::npos);
}

// The app: a plain nginx server on ${PORT2}, sending its own X-Robots-Tag
// like an SEO plugin does, and logging what reaches it with the headers the
// proxy sets.
const std::string kApp = R"(
    log_format app '$host $http_x_forwarded_proto $http_x_real_ip "$request" "$http_user_agent"';
    server {
        listen 127.0.0.1:${PORT2};
        root ${PREFIX}/html;
        access_log ${PREFIX}/logs/app.log app;
        add_header X-Robots-Tag "max-image-preview:large";
    }
)";

TEST_F(ConfExamples, ReverseProxy) {
    const std::string config = example_config("reverse-proxy.conf") + kApp;
    expect_config_ok(config);
    const ExampleEdits realip{{"set_real_ip_from", "real_ip_header", "real_ip_recursive"},
                              {{"173.245.48.0/20", "127.0.0.1"}}};
    const std::string behind_cdn = example_config("reverse-proxy.conf", realip) + kApp;
    expect_config_ok(behind_cdn);

    start(config);
    const std::string prefix = nginx().prefix();
    fs::create_directories(prefix + "/html/content/images/2024/05");
    write_file(prefix + "/html/content/images/2024/05/heron.psd", "8BPS" + std::string(512, 'p'));

    // An image from the app: our line first, the app's own kept after it.
    const HttpResponse image = fetch(port(), "/gallery/piece.png");
    EXPECT_EQ(image.status, 200);
    EXPECT_EQ(image.body.size(), 10240u);
    expect_opt_out_headers(image);
    EXPECT_EQ(image.all("X-Robots-Tag"), (std::vector<std::string>{"noai, noimageai", "max-image-preview:large"}));
    // A page from the app: untouched.
    const HttpResponse page = fetch(port(), "/page.html");
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(page.all("X-Robots-Tag"), std::vector<std::string>{"max-image-preview:large"});
    EXPECT_FALSE(page.has("tdm-reservation"));
    // Under /content/images/ every response is artwork, whatever its type.
    const HttpResponse original = fetch(port(), "/content/images/2024/05/heron.psd");
    EXPECT_EQ(original.status, 200);
    EXPECT_EQ(original.header("Content-Type"), "application/octet-stream");
    expect_opt_out_headers(original);

    // GPTBot is turned away by nginx; the app never sees it.
    EXPECT_EQ(fetch(port(), "/gallery/piece.png", kGptBot).status, 403);
    const std::string app_log = read_file(prefix + "/logs/app.log");
    EXPECT_EQ(count_lines(app_log), 3u) << app_log;
    EXPECT_NE(app_log.find("example.com http 127.0.0.1 \"GET /content/images/2024/05/heron.psd HTTP/1.1\""),
              std::string::npos)
        << app_log;
    EXPECT_EQ(app_log.find("GPTBot"), std::string::npos) << app_log;
    EXPECT_EQ(number(status_json(port())["totals"]["denied"]), 1u);
    EXPECT_NE(fetch(port(), "/robots.txt").body.find("User-agent: GPTBot"), std::string::npos);

    // Behind a CDN, with realip on: the status page sees the visitor's address
    // from the CDN's header, so a remote visitor is refused even though the
    // connection comes from an allowed address.
    nginx().reload(behind_cdn);
    EXPECT_EQ(fetch(port(), "/noai/status", kBrowser, "example.com", {{"CF-Connecting-IP", "203.0.113.7"}}).status,
              403);
    EXPECT_EQ(fetch(port(), "/noai/status", kBrowser, "example.com", {{"CF-Connecting-IP", "127.0.0.1"}}).status,
              200);
}

TEST_F(ConfExamples, MultipleArtists) {
    const std::string config = example_config("multiple-artists.conf");
    expect_config_ok(config);

    start(config);
    const std::string alice = "alice.example.com", bob = "bob.example.net";
    const HttpResponse alice_image = fetch(port(), "/image.webp", kBrowser, alice);
    EXPECT_EQ(alice_image.status, 200);
    expect_opt_out_headers(alice_image);
    EXPECT_FALSE(alice_image.has("tdm-policy"));
    const HttpResponse bob_image = fetch(port(), "/image.webp", kBrowser, bob);
    EXPECT_EQ(bob_image.status, 200);
    expect_opt_out_headers(bob_image);
    EXPECT_EQ(bob_image.header("tdm-policy"), "https://bob.example.net/licence.json");
    EXPECT_NE(fetch(port(), "/.well-known/tdmrep.json", kBrowser, bob).body.find("https://bob.example.net/licence.json"),
              std::string::npos);

    EXPECT_EQ(fetch(port(), "/image.png", kGptBot, alice).status, 403);
    // Bob answers 444: the connection is closed without a response.
    EXPECT_EQ(fetch(port(), "/image.png", kGptBot, bob).status, 0);
    EXPECT_EQ(fetch(port(), "/image.png", "CCBot/2.0 (https://commoncrawl.org/faq/)", bob).status, 0);

    // Each site's status page shows its own zone only.
    const Json a = status_json(port(), "/noai/status", alice);
    EXPECT_EQ(a["zone"].text, "alice");
    EXPECT_EQ(number(a["totals"]["denied"]), 1u);
    ASSERT_EQ(a["agents"].size(), 1u);
    EXPECT_EQ(a["agents"][0]["agent"].text, "GPTBot");
    const Json b = status_json(port(), "/noai/status", bob);
    EXPECT_EQ(b["zone"].text, "bob");
    EXPECT_EQ(number(b["totals"]["denied"]), 2u);
    ASSERT_EQ(b["records"].size(), 2u);
    EXPECT_EQ(b["records"][0]["agent"].text, "CCBot");
    EXPECT_EQ(number(b["records"][0]["status"]), 444u);
    EXPECT_EQ(b["records"][0]["host"].text, bob);

    // And each its own access log.
    const std::string alice_log = read_file(nginx().prefix() + "/logs/alice.access.log");
    const std::string bob_log = read_file(nginx().prefix() + "/logs/bob.access.log");
    EXPECT_NE(alice_log.find("GPTBot"), std::string::npos);
    EXPECT_EQ(alice_log.find("CCBot"), std::string::npos);
    EXPECT_NE(bob_log.find("CCBot"), std::string::npos);
}

TEST_F(ConfExamples, ReportOnly) {
    const std::string config = example_config("report-only.conf");
    expect_config_ok(config);

    start(config);
    const std::string report_log = nginx().prefix() + "/logs/noai-report.log";
    // A week of watching: GPTBot gets the image (with the headers) and is logged.
    const HttpResponse watched = fetch(port(), "/image.png", kGptBot);
    EXPECT_EQ(watched.status, 200);
    EXPECT_EQ(watched.body.size(), 10240u);
    expect_opt_out_headers(watched);
    EXPECT_EQ(fetch(port(), "/image.jpg").status, 200);   // visitors: not in the report log
    EXPECT_EQ(fetch(port(), "/page.html").status, 200);
    EXPECT_EQ(fetch(port(), "/gallery/piece.png", kGptBot).status, 200);

    std::string log = read_file(report_log);
    EXPECT_EQ(count_lines(log), 2u) << log;
    EXPECT_NE(log.find(" reported agent=\"GPTBot\" client=127.0.0.1 host=example.com \"GET /image.png HTTP/1.1\" 200 "
                       "10240 \"" + kGptBot + "\"\n"),
              std::string::npos)
        << log;
    EXPECT_EQ(log.find(kBrowser), std::string::npos) << log;
    // The normal access log still has every request.
    EXPECT_EQ(count_lines(nginx().access_log()), 4u) << nginx().access_log();
    const Json status = status_json(port());
    EXPECT_EQ(number(status["totals"]["reported"]), 2u);
    EXPECT_EQ(number(status["totals"]["denied"]), 0u);

    // The count the header comment shows.
    EXPECT_NE(shell("awk '{print $3}' '" + report_log + "' | sort | uniq -c | sort -rn").find("2 agent=\"GPTBot\""),
              std::string::npos);

    // A week later: the one-line change.
    nginx().reload(example_config("report-only.conf", {{}, {{"noai_block report;", "noai_block on;"}}}));
    EXPECT_EQ(fetch(port(), "/image.png", kGptBot).status, 403);
    log = read_file(report_log);
    EXPECT_EQ(count_lines(log), 3u) << log;
    EXPECT_NE(log.find(" denied agent=\"GPTBot\" "), std::string::npos) << log;
}

TEST_F(ConfExamples, StatusBasicAuth) {
    const std::string config = example_config("status-basic-auth.conf");
    expect_config_ok(config);
    expect_config_ok(example_config("status-basic-auth.conf", {{"allow"}, {}}));

    start(config);
    // The file the header comment's command creates (openssl passwd -6).
    const std::string hash = shell("printf '%s\\n' 'correct horse' | openssl passwd -6 -stdin");
    ASSERT_EQ(hash.rfind("$6$", 0), 0u) << hash;
    write_file(nginx().prefix() + "/conf/noai-status.htpasswd", "artist:" + hash);

    EXPECT_EQ(fetch(port(), "/image.png", kGptBot).status, 403);
    expect_opt_out_headers(fetch(port(), "/image.png"));
    // The machine itself needs no password.
    EXPECT_EQ(fetch(port(), "/noai/status").status, 200);

    // Anyone else: seen from an address that is not allowed (the local allow
    // line taken out), the page asks for the password.
    nginx().reload(example_config("status-basic-auth.conf", {{}, {{"allow 127.0.0.1;", ""}}}));
    const HttpResponse challenge = fetch(port(), "/noai/status");
    EXPECT_EQ(challenge.status, 401);
    EXPECT_EQ(challenge.header("WWW-Authenticate"), "Basic realm=\"noai status\"");
    EXPECT_EQ(challenge.body.find("GPTBot"), std::string::npos);
    // "artist:wrong horse"
    EXPECT_EQ(fetch(port(), "/noai/status", kBrowser, "example.com", {{"Authorization", "Basic YXJ0aXN0Ondyb25nIGhvcnNl"}})
                  .status,
              401);
    // "artist:correct horse"
    const Json status = status_json(port(), "/noai/status", "example.com",
                                    {{"Authorization", "Basic YXJ0aXN0OmNvcnJlY3QgaG9yc2U="}});
    EXPECT_EQ(number(status["totals"]["denied"]), 1u);
    EXPECT_EQ(status["records"][0]["agent"].text, "GPTBot");
}

TEST_F(ConfExamples, Prometheus) {
    const std::string config = example_config("prometheus.conf");
    expect_config_ok(config);

    start(config);
    const std::uint16_t metrics_port = nginx().port2();
    EXPECT_EQ(fetch(port(), "/image.png", kGptBot).status, 403);
    expect_opt_out_headers(fetch(port(), "/image.png"));

    // The scrape_config in the comment: params format=prometheus.
    const HttpResponse scrape = fetch(metrics_port, "/metrics?format=prometheus", "Prometheus/2.53.0");
    EXPECT_EQ(scrape.status, 200);
    EXPECT_EQ(scrape.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(scrape.body.find("noai_denied_total{zone=\"portfolio\",agent=\"GPTBot\",purpose=\"training\"} 1\n"), std::string::npos)
        << scrape.body;
    // The image and the 403 answer to GPTBot both carry the opt-out headers.
    EXPECT_NE(scrape.body.find("noai_headers_added_total{zone=\"portfolio\"} 2\n"), std::string::npos) << scrape.body;
    // Without the parameter, Prometheus's own Accept headers (2.x, 3.x) select it too.
    for (const char* accept :
         {"application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
          "text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
          "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;"
          "version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,"
          "*/*;q=0.2"}) {
        SCOPED_TRACE(accept);
        const HttpResponse r = fetch(metrics_port, "/metrics", "Prometheus/3.0.0", "example.com", {{"Accept", accept}});
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(r.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
        EXPECT_NE(r.body.find("noai_denied_total{"), std::string::npos);
    }
    // Only /metrics on the metrics port; no metrics on the public site.
    EXPECT_EQ(fetch(metrics_port, "/").status, 404);
    EXPECT_EQ(fetch(port(), "/metrics").status, 404);

    // Scrapers not on the allow list are refused.
    nginx().reload(example_config("prometheus.conf", {{}, {{"allow 127.0.0.1;", ""}}}));
    EXPECT_EQ(fetch(metrics_port, "/metrics?format=prometheus").status, 403);
}

TEST_F(ConfExamples, AiSearchAllowedTrainingRefused) {
    const std::string config = example_config("ai-search-allowed.conf");
    expect_config_ok(config);
    start(config);
    const std::string chatgpt = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot";
    const HttpResponse assistant = fetch(port(), "/image.png", chatgpt);
    EXPECT_EQ(assistant.status, 200);
    expect_opt_out_headers(assistant);   // still marked "not for AI training"
    EXPECT_EQ(fetch(port(), "/image.png", "Mozilla/5.0 (compatible; OAI-SearchBot/1.0; +https://openai.com/searchbot)").status, 200);
    EXPECT_EQ(fetch(port(), "/image.png", "Mozilla/5.0 (compatible; PerplexityBot/1.0)").status, 200);
    EXPECT_EQ(fetch(port(), "/gallery/piece.png", kGptBot).status, 403);
    EXPECT_EQ(fetch(port(), "/image.png", "CCBot/2.0 (https://commoncrawl.org/faq/)").status, 403);

    const HttpResponse robots = fetch(port(), "/robots.txt", kGptBot);
    EXPECT_EQ(robots.status, 200);
    EXPECT_NE(robots.body.find("Content-Signal: search=yes, ai-train=no, ai-input=yes\n"), std::string::npos)
        << robots.body;
    EXPECT_EQ(robotparser_answers(robots.body, {{"GPTBot", "/image.png"}, {"CCBot", "/"}, {"ChatGPT-User", "/image.png"},
                                                {"PerplexityBot", "/"}, {"Googlebot", "/"}}),
              "00111")
        << robots.body;

    // Only the training crawlers were turned away and recorded.
    const Json status = status_json(port(), "/noai/status", "localhost");
    EXPECT_EQ(number(status["totals"]["denied"]), 2u);
    EXPECT_EQ(number(status["totals"]["turned_away_by_purpose"]["ai-input"]), 0u);
    ASSERT_EQ(status["records"].size(), 2u);
    EXPECT_EQ(status["records"][0]["agent"].text, "CCBot");
    EXPECT_EQ(status["records"][1]["agent"].text, "GPTBot");
    const HttpResponse html = fetch(port(), "/noai/status", kBrowser, "localhost", {{"Accept", "text/html"}});
    EXPECT_NE(html.body.find("are let through here"), std::string::npos);
}

TEST_F(ConfExamples, Decoy) {
    // The example's decoy, /etc/nginx/noai-decoy.png, is the project's sample one.
    const std::string decoy = read_file(source_dir() + "/decoy/decoy.png");
    ASSERT_FALSE(decoy.empty());
    const std::string config =
        example_config("decoy.conf", {{}, {{"/etc/nginx/noai-decoy.png", source_dir() + "/decoy/decoy.png"}}});
    expect_config_ok(config);
    start(config);
    const HttpResponse bot = fetch(port(), "/gallery/piece.png", kGptBot);
    EXPECT_EQ(bot.status, 200);
    EXPECT_EQ(bot.body, decoy);
    EXPECT_EQ(bot.header("Content-Type"), "image/png");
    EXPECT_EQ(bot.header("Cache-Control"), "no-store");
    expect_opt_out_headers(bot);
    EXPECT_EQ(fetch(port(), "/", kGptBot).status, 403);   // not an image: the block status
    const HttpResponse visitor = fetch(port(), "/image.png");
    EXPECT_EQ(visitor.status, 200);
    EXPECT_EQ(visitor.body, read_file(nginx().prefix() + "/html/image.png"));

    const Json status = status_json(port(), "/noai/status", "localhost");
    EXPECT_EQ(number(status["totals"]["decoyed"]), 1u);
    EXPECT_EQ(number(status["totals"]["denied"]), 1u);
    EXPECT_EQ(status["records"][1]["action"].text, "decoyed");
    EXPECT_EQ(status["records"][1]["uri"].text, "/gallery/piece.png");
}

TEST_F(ConfExamples, VerifiedSearchCrawlers) {
    const std::string ranges = source_dir() + "/tests/data/ranges/";
    // bingbot's file is the loopback list here, so the test client is a verified bingbot.
    const std::vector<std::pair<std::string, std::string>> files = {
        {"/var/lib/noai/ranges/googlebot.json", ranges + "googlebot.json"},
        {"/var/lib/noai/ranges/bingbot.json", ranges + "loopback.txt"},
        {"/var/lib/noai/ranges/gptbot.json", ranges + "gptbot.json"}};
    const std::string config = example_config("verified-search-crawlers.conf", {{}, files});
    expect_config_ok(config);
    expect_config_ok(example_config("verified-search-crawlers.conf", {{"noai_impersonation_tls"}, files}));

    start(config);
    const std::string googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    const std::string bingbot = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)";
    const std::string chrome =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    EXPECT_EQ(fetch(port(), "/image.png", googlebot).status, 403) << "127.0.0.1 is not Google's";
    const HttpResponse bing = fetch(port(), "/image.png", bingbot);
    EXPECT_EQ(bing.status, 200);
    expect_opt_out_headers(bing);
    EXPECT_EQ(fetch(port(), "/gallery/piece.png", kGptBot).status, 403);
    EXPECT_EQ(get(port(), "/image.jpg", {{"User-Agent", chrome}, {"Accept", "*/*"}}).status, 200);   // reported
    EXPECT_EQ(fetch(port(), "/image.webp").status, 200);   // a browser
    EXPECT_EQ(fetch(port(), "/robots.txt", googlebot).status, 200);

    const std::string verified = read_file(nginx().prefix() + "/logs/noai-verified.log");
    EXPECT_EQ(count_lines(verified), 1u) << verified;
    EXPECT_NE(verified.find(" verified=bingbot action="), std::string::npos) << verified;

    const Json status = status_json(port(), "/noai/status", "localhost");
    ASSERT_EQ(status["records"].size(), 3u);
    EXPECT_EQ(status["records"][0]["agent"].text, "Chrome");
    EXPECT_EQ(status["records"][0]["action"].text, "reported");
    EXPECT_EQ(status["records"][0]["reason"].text, "impersonation:no-accept-language");
    EXPECT_EQ(status["records"][1]["agent"].text, "GPTBot");
    EXPECT_EQ(status["records"][1]["reason"].text, "impostor:ip");
    EXPECT_EQ(status["records"][2]["agent"].text, "Googlebot");
    EXPECT_EQ(status["records"][2]["reason"].text, "impostor:ip");
}

}  // namespace
}  // namespace noai_test
