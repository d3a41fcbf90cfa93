// noai_verify_rdns against a real DNS server: dnsmasq on a loopback port
// (its own pid and lease files under the test's directory) holds PTR and
// A/AAAA records for a genuine Googlebot, crawlers whose PTR name is under
// googlebot.com but resolves elsewhere, one under a look-alike domain and
// one without a PTR record. nginx's `resolver` points at it; realip gives
// each request its address. The request waits for the lookups; the worker
// serves others meanwhile.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "nginx_test.hpp"

namespace fs = std::filesystem;

namespace noai_test {
namespace {

const std::string kGooglebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

// The ip6.arpa name of an IPv6 address written out in full (8 groups of 4).
std::string ip6_arpa(const std::string& full) {
    std::string nibbles;
    for (const char c : full)
        if (c != ':') nibbles += c;
    std::string out;
    for (auto it = nibbles.rbegin(); it != nibbles.rend(); ++it) (out += *it) += '.';
    return out + "ip6.arpa";
}

class Dnsmasq {
public:
    Dnsmasq(const std::string& dir, const std::vector<std::string>& records) : port_(free_port_udp()) {
        fs::create_directories(dir);
        std::vector<std::string> args = {"/usr/sbin/dnsmasq", "-d", "-p", std::to_string(port_), "--no-resolv",
                                         "--no-hosts", "--conf-file=/dev/null", "--listen-address=127.0.0.1",
                                         "--bind-interfaces", "--user=root", "--log-queries",
                                         "--pid-file=" + dir + "/dnsmasq.pid", "--dhcp-leasefile=" + dir + "/dnsmasq.leases",
                                         // Names it has no record for: NXDOMAIN, not "refused".
                                         "--local=/in-addr.arpa/", "--local=/ip6.arpa/", "--local=/com/",
                                         "--local=/example/"};
        args.insert(args.end(), records.begin(), records.end());
        log_ = dir + "/dnsmasq.log";
        pid_ = fork();
        if (pid_ == 0) {
            setpgid(0, 0);
            const int log = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(log, 1);
            dup2(log, 2);
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        // Ready when it says so.
        for (int i = 0; i < 100 && read_file(log_).find("started") == std::string::npos; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ~Dnsmasq() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            int status = 0;
            waitpid(pid_, &status, 0);
        }
    }
    std::uint16_t port() const { return port_; }
    std::string log() const { return read_file(log_); }

private:
    static std::uint16_t free_port_udp() { return free_port(); }   // TCP-free is good enough on loopback
    std::uint16_t port_;
    pid_t pid_ = -1;
    std::string log_;
};

const std::string kV6 = "2001:4860:4801:0010:0000:0000:0000:0001";

std::vector<std::string> records() {
    return {
        // genuine
        "--ptr-record=1.66.249.66.in-addr.arpa,crawl-66-249-66-1.googlebot.com",
        "--host-record=crawl-66-249-66-1.googlebot.com,66.249.66.1",
        "--ptr-record=" + ip6_arpa(kV6) + ",crawl-v6.googlebot.com",
        "--host-record=crawl-v6.googlebot.com," + kV6,
        // under googlebot.com, but the name resolves to another address
        "--ptr-record=9.113.0.203.in-addr.arpa,crawl-203-0-113-9.googlebot.com",
        "--host-record=crawl-203-0-113-9.googlebot.com,198.51.100.1",
        // a look-alike domain that does resolve back
        "--ptr-record=10.113.0.203.in-addr.arpa,crawl.googlebot.com.evil.example",
        "--host-record=crawl.googlebot.com.evil.example,203.0.113.10",
    };
}

class ReverseDns : public NginxTest {
protected:
    void SetUp() override {
        char dir[] = "/tmp/noai-dns-XXXXXX";
        ASSERT_NE(mkdtemp(dir), nullptr);
        dir_ = dir;
        dns_ = std::make_unique<Dnsmasq>(dir_, records());
        ASSERT_NE(dns_->log().find("started"), std::string::npos) << dns_->log();
    }
    void TearDown() override {
        NginxTest::TearDown();
        dns_.reset();
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }
    std::string server(const std::string& extra = "", const std::string& resolver_port = "") {
        return zone_server("1m", "resolver 127.0.0.1:" + (resolver_port.empty() ? std::to_string(dns_->port()) : resolver_port) +
                                     " valid=30s;\n resolver_timeout 2s;\n"
                                     "set_real_ip_from 127.0.0.1; real_ip_header X-Forwarded-For;\n"
                                     "noai_verify_rdns Googlebot googlebot.com google.com;\n"
                                     "add_header X-Verified \"$noai_verified\" always;\n" + extra);
    }
    HttpResponse claim_from(const std::string& address) {
        return get(port(), "/image.png", {{"User-Agent", kGooglebot}, {"X-Forwarded-For", address}});
    }
    std::string reason_of_newest() {
        const std::string body = get(port(), "/noai/status?format=json&limit=1").body;
        const std::size_t at = body.find("\"reason\":\"");
        return at == std::string::npos ? "" : body.substr(at + 10, body.find('"', at + 10) - at - 10);
    }
    std::string dir_;
    std::unique_ptr<Dnsmasq> dns_;
};

TEST_F(ReverseDns, AGenuineCrawlerIsVerifiedByForwardConfirmedReverseDns) {
    start(server());
    for (const std::string address : {"66.249.66.1", "2001:4860:4801:10::1"}) {
        const HttpResponse r = claim_from(address);
        EXPECT_EQ(r.status, 200) << address << "\n" << dns_->log() << nginx().error_log();
        EXPECT_EQ(r.header("X-Verified"), "Googlebot") << address;
    }
    // The resolver's cache answers the second time: dnsmasq is asked once.
    const std::size_t asked = dns_->log().find("query[PTR] 1.66.249.66.in-addr.arpa");
    ASSERT_NE(asked, std::string::npos) << dns_->log();
    EXPECT_EQ(claim_from("66.249.66.1").status, 200);
    EXPECT_EQ(dns_->log().find("query[PTR] 1.66.249.66.in-addr.arpa", asked + 1), std::string::npos) << dns_->log();
}

TEST_F(ReverseDns, FakeCrawlersAreImpostors) {
    start(server());
    EXPECT_EQ(claim_from("203.0.113.9").status, 403) << "PTR under googlebot.com, but it resolves elsewhere";
    EXPECT_EQ(reason_of_newest(), "impostor:rdns");
    EXPECT_EQ(claim_from("203.0.113.10").status, 403) << "a look-alike domain";
    EXPECT_EQ(reason_of_newest(), "impostor:rdns");
    EXPECT_EQ(claim_from("203.0.113.11").status, 403) << "no PTR record (NXDOMAIN)";
    EXPECT_EQ(reason_of_newest(), "impostor:rdns");
    // Requests that claim nothing are never looked up.
    EXPECT_EQ(get(port(), "/image.png", {{"User-Agent", "curl/8.5.0"}, {"X-Forwarded-For", "203.0.113.12"}}).status, 200);
    EXPECT_EQ(dns_->log().find("203.0.113.12"), std::string::npos);
    EXPECT_EQ(dns_->log().find("12.113.0.203"), std::string::npos);
}

TEST_F(ReverseDns, AResolverThatDoesNotAnswerServesByDefaultOrDeniesWhenAsked) {
    // A port nobody listens on: the resolver times out (or is refused).
    const std::string dead = std::to_string(free_port());
    start(server("location /strict/ { noai_verify_rdns_failure impostor; alias ${PREFIX}/html/; }", dead));
    const auto began = std::chrono::steady_clock::now();
    const HttpResponse served = claim_from("66.249.66.1");
    EXPECT_EQ(served.status, 200);
    EXPECT_EQ(served.header("X-Verified"), "");
    EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(10));
    const HttpResponse strict =
        get(port(), "/strict/image.png", {{"User-Agent", kGooglebot}, {"X-Forwarded-For", "66.249.66.1"}});
    EXPECT_EQ(strict.status, 403);
    EXPECT_EQ(reason_of_newest(), "impostor:rdns-failed");
}

TEST_F(ReverseDns, TheWorkerServesOthersWhileARequestWaits) {
    // dnsmasq is stopped: the lookup waits for resolver_timeout (2 s).
    const std::string stopped = std::to_string(dns_->port());
    dns_.reset();
    start(server("", stopped));
    HttpResponse waiting;
    std::thread claimant([&] { waiting = claim_from("66.249.66.1"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto began = std::chrono::steady_clock::now();
    EXPECT_EQ(get(port(), "/image.png", {{"User-Agent", "curl/8.5.0"}}).status, 200);
    const auto took = std::chrono::steady_clock::now() - began;
    claimant.join();
    EXPECT_LT(took, std::chrono::milliseconds(1000)) << "the one worker was blocked by the lookup";
    EXPECT_EQ(waiting.status, 200);   // failure: served (the default)
}

TEST_F(ReverseDns, AClientThatLeavesWhileWaitingHarmsNothing) {
    const std::string stopped = std::to_string(dns_->port());
    dns_.reset();
    start(server("", stopped));
    for (int i = 0; i < 3; ++i) {
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port());
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        const std::string request = "GET /image.png HTTP/1.1\r\nHost: localhost\r\nUser-Agent: " + kGooglebot +
                                    "\r\nX-Forwarded-For: 66.249.66." + std::to_string(i + 1) + "\r\n\r\n";
        ASSERT_EQ(::send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
        close(fd);   // gone before the resolver answers
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));   // past resolver_timeout
    EXPECT_EQ(get(port(), "/image.png", {{"User-Agent", "curl/8.5.0"}}).status, 200);
    // TearDown fails the test on any [alert] or [crit] (a worker that crashed).
}

TEST(ReverseDnsConfig, NeedsAResolverAndValidSuffixes) {
    struct Case { std::string config; std::string message; };
    const Case cases[] = {
        {"noai_block on; noai_verify_rdns Googlebot googlebot.com;", "\"noai_verify_rdns\" needs a \"resolver\""},
        {"resolver 127.0.0.1; noai_block on; noai_verify_rdns Googlebot com;",
         "invalid suffix \"com\" in \"noai_verify_rdns\" directive: a suffix needs at least two labels"},
        {"resolver 127.0.0.1; noai_block on; noai_verify_rdns Googlebot;", "invalid number of arguments"},
        {"resolver 127.0.0.1; noai_block on; noai_verify_rdns_failure later;",
         "it must be \"serve\", \"impostor\""},
    };
    for (const Case& c : cases) {
        const ConfigTestResult result = check_config("server { listen 127.0.0.1:1; " + c.config + " }");
        EXPECT_NE(result.exit_code, 0) << c.config;
        EXPECT_NE(result.output.find(c.message), std::string::npos) << c.config << "\n" << result.output;
    }
}

}  // namespace
}  // namespace noai_test
