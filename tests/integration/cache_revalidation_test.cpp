// A real HTTP cache in front of the module: Debian's Varnish, started on
// loopback with its own working directory. An image is cached, goes stale,
// is revalidated with a 304, and the response the cache serves afterwards
// must still carry the opt-out. Varnish, as RFC 9111 (4.3.4) says, replaces a
// stored header field with the 304's: a 304 with an X-Robots-Tag line but
// without ours would leave the cached image opted in.

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "nginx_test.hpp"

namespace noai_test {
namespace {

using Lines = std::vector<std::string>;

class Varnish {
public:
    // Caches every response for `ttl` seconds, then revalidates it with the
    // backend (keep, no grace: the stale copy is never served as it is).
    Varnish(const std::string& dir, std::uint16_t backend_port, const std::string& ttl)
        : dir_(dir), port_(free_port()) {
        std::filesystem::create_directories(dir_);
        write_file(dir_ + "/test.vcl", R"(vcl 4.1;
backend nginx { .host = "127.0.0.1"; .port = ")" + std::to_string(backend_port) + R"("; }
sub vcl_backend_response {
    set beresp.ttl = )" + ttl + R"(;
    set beresp.grace = 0s;
    set beresp.keep = 1h;
    return (deliver);
}
)");
        // -j none: no privilege separation, so a non-root test run works too;
        // -T none: no management port.
        const CommandResult started = run_command("varnishd -n " + dir_ + "/work -a 127.0.0.1:" + std::to_string(port_) +
                                                      " -f " + dir_ + "/test.vcl -s malloc,16m -j none -T none -P " +
                                                      pid_file(),
                                                  true);
        if (started.exit_code != 0) throw std::runtime_error("varnishd did not start: " + started.output);
        if (!wait_until_answers(port_)) throw std::runtime_error("varnishd does not answer: " + started.output);
    }
    ~Varnish() {
        const std::string pid = read_file(pid_file());
        if (pid.empty()) return;
        kill(std::stoi(pid), SIGTERM);
        for (int i = 0; i < 250 && std::filesystem::exists(pid_file()); i++)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (std::filesystem::exists(pid_file())) kill(std::stoi(pid), SIGKILL);
    }
    Varnish(const Varnish&) = delete;
    Varnish& operator=(const Varnish&) = delete;

    std::uint16_t port() const { return port_; }

private:
    std::string pid_file() const { return dir_ + "/varnishd.pid"; }
    std::string dir_;
    std::uint16_t port_;
};

class CacheRevalidation : public NginxTest {
protected:
    void SetUp() override {
        // ${PORT2} plays the portfolio application, which has its own
        // X-Robots-Tag line; ${PORT} is the nginx with the module, behind Varnish.
        start(R"(
    proxy_cache_path ${PREFIX}/tmp/cache keys_zone=artwork:1m;
    server {
        listen 127.0.0.1:${PORT2};
        root ${PREFIX}/html;
        add_header X-Robots-Tag "max-image-preview:large";
    }
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
        location = /image.jpg { add_header X-Robots-Tag "max-image-preview:large"; }
        # The application answers the conditional request itself.
        location /app/ { proxy_pass http://127.0.0.1:${PORT2}/; }
        # Cached by nginx, and no extension: nginx makes the 304.
        location = /artwork {
            proxy_pass http://127.0.0.1:${PORT2}/image.png;
            proxy_cache artwork;
            proxy_cache_valid 200 1m;
        }
    })");
    }
};

TEST_F(CacheRevalidation, TheCachedImageKeepsTheOptOutAfterA304) {
    Varnish varnish(nginx().prefix() + "/varnish", port(), "1s");
    const std::vector<std::string> paths = {"/image.jpg", "/app/image.png", "/artwork"};
    for (const std::string& path : paths) {
        SCOPED_TRACE(path);
        const HttpResponse fresh = get(varnish.port(), path);
        EXPECT_EQ(fresh.status, 200);
        EXPECT_EQ(fresh.all("X-Robots-Tag"), (Lines{"noai, noimageai", "max-image-preview:large"}));
    }

    std::this_thread::sleep_for(std::chrono::milliseconds(1500));   // past the TTL
    for (const std::string& path : paths) {
        SCOPED_TRACE(path);
        const HttpResponse revalidated = get(varnish.port(), path);
        EXPECT_EQ(revalidated.status, 200);
        EXPECT_FALSE(revalidated.body.empty());
        EXPECT_EQ(revalidated.all("X-Robots-Tag"), (Lines{"noai, noimageai", "max-image-preview:large"}));
        EXPECT_EQ(revalidated.all("tdm-reservation"), Lines{"1"});
        EXPECT_EQ(revalidated.all("Content-Usage"), Lines{"train-ai=n"});
    }

    // Varnish did revalidate each one with a conditional request answered 304
    // (nginx logs it after Varnish has the 304, so it may not be there yet).
    for (const std::string& path : paths)
        EXPECT_TRUE(nginx().access_log_has("\"GET " + path + " HTTP/1.1\" 304 ")) << path << "\n"
                                                                                 << nginx().access_log();
}

}  // namespace
}  // namespace noai_test
