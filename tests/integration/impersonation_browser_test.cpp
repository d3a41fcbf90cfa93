// Real browsers load an HTTPS portfolio page with images from the module's
// nginx under `noai_impersonation on`: no request may be flagged. Headless
// Chromium loads it with --dump-dom (the certificate made by the test with
// the openssl CLI is accepted by its key hash); Firefox ESR is driven over
// Marionette (--marionette: length-prefixed JSON on a loopback port). What
// each browser sent is written to build/browser-headers-<browser>.txt, the
// measurement behind the rules in core/noai_impersonation.cpp.
//
// Firefox notes (Firefox ESR 153 on Debian 12): `--screenshot URL` with an
// https URL never opened a connection here (no connect() to the server
// unless strace slowed it down), which is why earlier attempts "loaded
// nothing"; driven over Marionette it loads in seconds. A CA made by the test
// and added with certutil to the profile's cert9.db verified with
// `certutil -V -u V` but Firefox still answered "insecure certificate", so the
// session accepts the test's certificate through the WebDriver capability
// acceptInsecureCerts; the page is still an https origin, so Firefox sends
// what it sends to secure origins (Sec-Fetch-*), as the log shows.
//
// Registered only when NOAI_BROWSER_TEST=1 (ctest label `browser`).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "json_checker.hpp"
#include "nginx_test.hpp"
#include "test_commands.hpp"

namespace fs = std::filesystem;

namespace noai_test {
namespace {

// Starts argv in its own process group with output to log_path.
pid_t spawn(const std::vector<std::string>& args, const std::string& log_path,
            const std::vector<std::string>& env = {}) {
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        setpgid(0, 0);
        const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        dup2(log, 1);
        dup2(log, 2);
        for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    setpgid(pid, pid);
    return pid;
}

void end_group(pid_t pid, std::chrono::seconds grace) {
    if (pid <= 0) return;
    kill(-pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(-pid, SIGKILL);
}

// A Marionette client: "LENGTH:JSON" messages; commands are [0, id, name, params].
class Marionette {
public:
    explicit Marionette(std::uint16_t port) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (fd_ < 0) {
            const int fd = socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in addr{};
            addr.sin_family = AF_INET;
            addr.sin_port = htons(port);
            addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
                fd_ = fd;
                break;
            }
            close(fd);
            if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("Marionette did not listen");
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        receive();   // the greeting
    }
    ~Marionette() { if (fd_ >= 0) close(fd_); }

    // The reply's result; throws with the error message if it failed.
    Json call(const std::string& name, const std::string& params) {
        const std::string body = "[0," + std::to_string(++id_) + ",\"" + name + "\"," + params + "]";
        const std::string message = std::to_string(body.size()) + ":" + body;
        if (::send(fd_, message.data(), message.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(message.size()))
            throw std::runtime_error("Marionette send failed");
        const Json reply = receive();
        if (reply.items.size() != 4) throw std::runtime_error("Marionette: unexpected reply");
        if (reply.items[2].kind != Json::Kind::null)
            throw std::runtime_error(name + " failed: " + reply.items[2]["error"].text + " " + reply.items[2]["message"].text);
        return reply.items[3];
    }

private:
    Json receive() {
        std::string length;
        char c = 0;
        while (::recv(fd_, &c, 1, 0) == 1 && c != ':') length += c;
        if (c != ':' || length.empty()) throw std::runtime_error("Marionette closed");
        std::string body(std::stoul(length), '\0');
        for (std::size_t got = 0; got < body.size();) {
            const ssize_t n = ::recv(fd_, body.data() + got, body.size() - got, 0);
            if (n <= 0) throw std::runtime_error("Marionette closed");
            got += static_cast<std::size_t>(n);
        }
        Json value;
        if (!JsonParser(body).parse(value)) throw std::runtime_error("Marionette sent invalid JSON");
        return value;
    }
    int fd_ = -1;
    int id_ = 0;
};

// Headers of each request, one line each, from the access log below.
const char* kLogFormat =
    "log_format headers '$status|$noai_action|$request_uri|$http_user_agent|$http_accept|$http_accept_language|"
    "$http_accept_encoding|$http_sec_fetch_site|$http_sec_fetch_mode|$http_sec_fetch_dest|$http_sec_ch_ua';";

class BrowsersAreNotImpostors : public NginxTest {
public:
    explicit BrowsersAreNotImpostors(std::string browser) : browser_(std::move(browser)) {}
    void TestBody() override;

private:
    std::string browser_;
};

void BrowsersAreNotImpostors::TestBody() {
    const std::string binary = browser_ == "chromium" ? "/usr/bin/chromium" : "/usr/bin/firefox-esr";
    ASSERT_EQ(access(binary.c_str(), X_OK), 0) << binary << " is not installed (./scripts/test installs it)";
    char dir[] = "/tmp/noai-browser-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    const std::string work = dir;
    ASSERT_EQ(make_test_certificate(work), "");

    start(std::string(kLogFormat) + R"(
    noai_zone zone=art:1m;
    server {
        listen 127.0.0.1:${PORT} ssl;
        ssl_certificate )" + work + R"(/cert.pem;
        ssl_certificate_key )" + work + R"(/key.pem;
        root )" + source_dir() + R"(/sample-portfolio;
        access_log ${PREFIX}/logs/headers.log headers;
        noai on;
        noai_block on;
        noai_log art;
        noai_impersonation on;
    })");
    const std::string url = "https://localhost:" + std::to_string(port()) + "/";

    if (browser_ == "chromium") {
        const std::string spki = run_command("openssl x509 -in " + work + "/cert.pem -pubkey -noout | openssl pkey -pubin "
                                     "-outform der | openssl dgst -sha256 -binary | base64").output;
        const pid_t pid = spawn({binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                 "--disable-background-networking", "--disable-component-update",
                                 "--user-data-dir=" + work + "/profile", "--ignore-certificate-errors-spki-list=" + spki,
                                 "--virtual-time-budget=5000", "--dump-dom", url},
                                work + "/browser.log");
        int status = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (waitpid(pid, &status, WNOHANG) == 0 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        end_group(pid, std::chrono::seconds(2));
    } else {
        fs::create_directories(work + "/profile");
        const std::uint16_t marionette_port = free_port();
        std::ofstream(work + "/profile/user.js")
            << "user_pref(\"marionette.port\", " << marionette_port << ");\n"
            << "user_pref(\"browser.shell.checkDefaultBrowser\", false);\n"
            << "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);\n"
            << "user_pref(\"app.update.disabledForTesting\", true);\n";
        const pid_t pid = spawn({binary, "--headless", "--marionette", "--no-remote", "--profile", work + "/profile"},
                                work + "/browser.log", {"MOZ_HEADLESS=1"});
        try {
            Marionette firefox(marionette_port);
            firefox.call("WebDriver:NewSession", "{\"acceptInsecureCerts\":true}");
            firefox.call("WebDriver:Navigate", "{\"url\":\"" + url + "\"}");
            const Json loaded = firefox.call(
                "WebDriver:ExecuteScript",
                "{\"script\":\"return Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length\","
                "\"args\":[]}");
            EXPECT_EQ(loaded["value"].text, "6") << "images Firefox shows";
            firefox.call("Marionette:Quit", "{}");
        } catch (const std::exception& e) {
            ADD_FAILURE() << "Firefox: " << e.what() << "\n" << read_file(work + "/browser.log");
        }
        end_group(pid, std::chrono::seconds(10));
    }

    // The access log is written when each request ends; give the last a moment.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const std::string log = read_file(nginx().prefix() + "/logs/headers.log");
    std::istringstream lines(log);
    std::size_t requests = 0, images = 0;
    for (std::string line; std::getline(lines, line);) {
        ++requests;
        if (line.find("|/art/") != std::string::npos) ++images;
        EXPECT_EQ(line.rfind("200|", 0), 0u) << "not served: " << line;
        EXPECT_EQ(line.find("|reported|"), std::string::npos) << line;
        EXPECT_EQ(line.find("|denied|"), std::string::npos) << line;
    }
    EXPECT_GE(images, 6u) << "the page's six images were not all requested:\n" << log;
    EXPECT_GE(requests, 7u) << log;
    std::ofstream(std::string(NOAI_BINARY_DIR) + "/browser-headers-" + browser_ + ".txt") << log;

    std::error_code ignored;
    fs::remove_all(work, ignored);
}

const bool kRegistered = [] {
    const char* wanted = std::getenv("NOAI_BROWSER_TEST");
    if (wanted == nullptr || std::string(wanted) != "1") return false;
    for (const std::string browser : {"chromium", "firefox"}) {
        ::testing::RegisterTest("BrowsersAreNotImpostors", ("HttpsPortfolioPageIn_" + browser).c_str(), nullptr,
                                nullptr, __FILE__, __LINE__,
                                [browser]() -> BrowsersAreNotImpostors* { return new BrowsersAreNotImpostors(browser); });
    }
    return true;
}();

}  // namespace
}  // namespace noai_test
