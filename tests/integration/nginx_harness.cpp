#include "nginx_harness.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;

namespace noai_test {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Files the test process inherited (a lock its runner holds, for one) are
// not passed on to the programs the tests start: an nginx a test leaves
// running would otherwise hold them for as long as it lives.
const bool kInheritedFilesCloseOnExec = [] {
    const long limit = sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (limit > 0 && limit < 65536 ? limit : 65536); ++fd) {
        const int flags = fcntl(fd, F_GETFD);
        if (flags >= 0) fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
    }
    return true;
}();

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (std::size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size())
        text.replace(pos, from.size(), to);
}

template <typename Predicate>
bool wait_for(Predicate predicate, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (predicate()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return predicate();
}

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (std::size_t pos = 0; (pos = text.find(needle, pos)) != std::string::npos; pos += needle.size())
        ++count;
    return count;
}

// Files every test server can serve from ${PREFIX}/html.
void write_fixture_files(const std::string& html) {
    fs::create_directories(html + "/gallery");
    std::string png("\x89PNG\r\n\x1a\n", 8);
    png.resize(10240, 'p');   // 10 KB: large enough for range requests
    write_file(html + "/image.png", png);
    write_file(html + "/gallery/piece.png", png);
    write_file(html + "/image.jpg", std::string("\xff\xd8\xff\xe0", 4) + std::string(2048, 'j'));
    write_file(html + "/image.webp", "RIFF\x10\x00\x00\x00WEBPVP8 " + std::string(1024, 'w'));
    write_file(html + "/image.svg",
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n");
    write_file(html + "/page.html", "<!doctype html><title>page</title>\n");
    write_file(html + "/style.css", "body { color: black; }\n");
    write_file(html + "/app.js", "console.log('hi');\n");
    write_file(html + "/robots.txt", "User-agent: *\nAllow: /\n");
    write_file(html + "/index.html", "<!doctype html><title>index</title>\n");
}

std::string full_config(const std::string& prefix, const std::string& http_config, const NginxOptions& options,
                        std::uint16_t port, std::uint16_t port2) {
    std::ostringstream conf;
    conf << "load_module " << module_path() << ";\n"
         << "daemon on;\nmaster_process on;\n"
         << "worker_processes " << options.worker_processes << ";\n"
         << "error_log " << prefix << "/logs/error.log info;\n"
         << "pid " << prefix << "/logs/nginx.pid;\n"
         << options.main_extra << "\n"
         << "events { worker_connections 512; }\n"
         << "http {\n"
         << "    include /etc/nginx/mime.types;\n"
         << "    default_type application/octet-stream;\n"
         << "    access_log " << prefix << "/logs/access.log;\n"
         << "    client_body_temp_path " << prefix << "/tmp/body;\n"
         << "    proxy_temp_path " << prefix << "/tmp/proxy;\n"
         << "    fastcgi_temp_path " << prefix << "/tmp/fastcgi;\n"
         << "    uwsgi_temp_path " << prefix << "/tmp/uwsgi;\n"
         << "    scgi_temp_path " << prefix << "/tmp/scgi;\n"
         << http_config << "\n}\n";
    std::string text = conf.str();
    replace_all(text, "${PORT}", std::to_string(port));
    replace_all(text, "${PORT2}", std::to_string(port2));
    replace_all(text, "${PREFIX}", prefix);
    return text;
}

std::string prepare_prefix(const std::string& name) {
    const std::string prefix = std::string(NOAI_BINARY_DIR) + "/itest/" + name;
    fs::remove_all(prefix);
    for (const char* dir : {"/logs", "/tmp", "/conf", "/html"}) fs::create_directories(prefix + dir);
    write_fixture_files(prefix + "/html");
    return prefix;
}

}  // namespace

bool port_answers(std::uint16_t port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return ok;
}

bool wait_until_answers(std::uint16_t port) {
    return wait_for([&] { return port_answers(port); });
}

std::string module_path() { return NOAI_MODULE_PATH; }
std::string source_dir() { return NOAI_SOURCE_DIR; }

std::vector<std::string> HttpResponse::all(const std::string& name) const {
    std::vector<std::string> values;
    const std::string key = lower(name);
    for (const auto& [k, v] : headers)
        if (lower(k) == key) values.push_back(v);
    return values;
}

std::string HttpResponse::header(const std::string& name) const {
    const auto values = all(name);
    return values.empty() ? std::string() : values.front();
}

HttpResponse send_raw(std::uint16_t port, const std::string& request, bool head) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    timeval timeout{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        throw std::runtime_error("cannot connect to port " + std::to_string(port));
    }
    for (std::size_t sent = 0; sent < request.size();) {
        const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;   // the server may close early (444, 400): read what it said
        sent += static_cast<std::size_t>(n);
    }
    std::string raw;
    char buffer[16384];
    ssize_t n;
    while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) raw.append(buffer, static_cast<std::size_t>(n));
    close(fd);

    HttpResponse response;
    const std::size_t end = raw.find("\r\n\r\n");
    if (end == std::string::npos) return response;
    std::istringstream lines(raw.substr(0, end));
    std::string line;
    std::getline(lines, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    response.status_line = line;
    if (line.size() >= 12) response.status = std::stoi(line.substr(9, 3));
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::size_t value = colon + 1;
        while (value < line.size() && line[value] == ' ') ++value;
        response.headers.emplace_back(line.substr(0, colon), line.substr(value));
    }
    if (!head) response.body = raw.substr(end + 4);
    if (lower(response.header("Transfer-Encoding")) == "chunked") {
        std::string decoded;
        std::size_t pos = 0;
        const std::string& body = response.body;
        while (pos < body.size()) {
            const std::size_t eol = body.find("\r\n", pos);
            if (eol == std::string::npos) break;
            const std::size_t size = std::stoul(body.substr(pos, eol - pos), nullptr, 16);
            if (size == 0) break;
            decoded += body.substr(eol + 2, size);
            pos = eol + 2 + size + 2;
        }
        response.body = decoded;
    }
    return response;
}

HttpResponse send(std::uint16_t port, const Request& request) {
    std::string raw = request.method + " " + request.path + " HTTP/1.1\r\nHost: " + request.host + "\r\n";
    for (const auto& [name, value] : request.headers) raw += name + ": " + value + "\r\n";
    if (!request.body.empty()) raw += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
    raw += "Connection: close\r\n\r\n" + request.body;
    return send_raw(port, raw, request.method == "HEAD");
}

HttpResponse get(std::uint16_t port, const std::string& path,
                 std::vector<std::pair<std::string, std::string>> headers) {
    Request request;
    request.path = path;
    request.headers = std::move(headers);
    return send(port, request);
}

std::uint16_t free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    return ntohs(addr.sin_port);
}


void write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path);
}

std::vector<std::string> serious_errors(const std::string& error_log) {
    std::vector<std::string> found;
    std::istringstream lines(error_log);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.find("[alert]") != std::string::npos || line.find("[crit]") != std::string::npos ||
            line.find("[emerg]") != std::string::npos)
            found.push_back(line);
    }
    return found;
}

Nginx::Nginx(const std::string& name, const std::string& http_config, NginxOptions options)
    : name_(name), prefix_(prepare_prefix(name)), options_(std::move(options)), port_(free_port()),
      port2_(free_port()) {
    write_config(http_config);
    const CommandResult started =
        run_command(std::string(NOAI_NGINX_BINARY) + " -p " + prefix_ + " -c " + prefix_ + "/conf/nginx.conf", true);
    if (started.exit_code != 0) throw std::runtime_error("nginx did not start: " + started.output);
    running_ = true;
    if (!wait_for([&] { return port_answers(port_); }))
        throw std::runtime_error("nginx does not answer on port " + std::to_string(port_) + "\n" + error_log());
}

Nginx::~Nginx() {
    if (running_) stop();
}

void Nginx::write_config(const std::string& http_config) {
    write_file(prefix_ + "/conf/nginx.conf", full_config(prefix_, http_config, options_, port_, port2_));
}

std::string Nginx::error_log() const { return read_file(prefix_ + "/logs/error.log"); }
std::string Nginx::access_log() const { return read_file(prefix_ + "/logs/access.log"); }

bool Nginx::access_log_has(const std::string& text) const {
    return wait_for([&] { return access_log().find(text) != std::string::npos; });
}

void Nginx::reload(const std::string& http_config) {
    write_config(http_config);
    const std::size_t started = count_of(error_log(), "start worker process");
    const pid_t pid = std::stoi(read_file(prefix_ + "/logs/nginx.pid"));
    kill(pid, SIGHUP);
    const auto wanted = started + static_cast<std::size_t>(options_.worker_processes);
    if (!wait_for([&] { return count_of(error_log(), "start worker process") >= wanted; }))
        throw std::runtime_error("nginx did not reload\n" + error_log());
    // Old workers finish their connections and exit; new ones are listening.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
}

std::vector<std::string> Nginx::stop() {
    if (!running_) return serious_errors(error_log());
    running_ = false;
    const std::string pid_text = read_file(prefix_ + "/logs/nginx.pid");
    if (!pid_text.empty()) {
        const pid_t pid = std::stoi(pid_text);
        kill(pid, SIGQUIT);
        // nginx removes its pid file on exit; the master itself may linger as
        // a zombie of whichever process adopted the daemon.
        if (!wait_for([&] { return !fs::exists(prefix_ + "/logs/nginx.pid"); })) kill(pid, SIGKILL);
    }
    return serious_errors(error_log());
}

ConfigTestResult test_config(const std::string& name, const std::string& http_config) {
    // A prefix of its own: a test may also have a server running under `name`,
    // whose pid file must survive (without it the server is never stopped).
    const std::string prefix = prepare_prefix(name + ".nginx-t");
    write_file(prefix + "/conf/nginx.conf", full_config(prefix, http_config, {}, free_port(), free_port()));
    // `timeout`: a configuration that hangs nginx -t fails the test instead of hanging it.
    const CommandResult tested = run_command(
        "timeout 60 " + std::string(NOAI_NGINX_BINARY) + " -t -p " + prefix + " -c " + prefix + "/conf/nginx.conf", true);
    ConfigTestResult result{};
    result.exit_code = tested.exit_code;
    result.output = tested.output;
    return result;
}

}  // namespace noai_test
