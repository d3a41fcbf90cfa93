// Test harness: a real nginx (Debian's binary, loading the freshly built
// module) on a free loopback port with its own prefix, and a raw HTTP client.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "test_commands.hpp"

#include "test_files.hpp"

namespace noai_test {

struct HttpResponse {
    int status = 0;                     // 0: the connection closed without a response
    std::string status_line;
    std::vector<std::pair<std::string, std::string>> headers;   // in order, as sent
    std::string body;

    // Every value of a header (case-insensitive name), in order.
    std::vector<std::string> all(const std::string& name) const;
    // The single value of a header; "" if absent.
    std::string header(const std::string& name) const;
    bool has(const std::string& name) const { return !all(name).empty(); }
};

// Sends raw bytes to 127.0.0.1:port and reads the whole response
// (the request should ask for Connection: close).
HttpResponse send_raw(std::uint16_t port, const std::string& request, bool head = false);

struct Request {
    std::string method = "GET";
    std::string path = "/";
    std::string host = "localhost";
    std::vector<std::pair<std::string, std::string>> headers;   // sent as given
    std::string body;
};
HttpResponse send(std::uint16_t port, const Request& request);
HttpResponse get(std::uint16_t port, const std::string& path,
                 std::vector<std::pair<std::string, std::string>> headers = {});

std::uint16_t free_port();
void write_file(const std::string& path, const std::string& content);

struct NginxOptions {
    int worker_processes = 1;
    std::string main_extra;       // directives in the main context
};

// One nginx instance. The config text is the body of the http {} block;
// `${PORT}`, `${PORT2}` and `${PREFIX}` are replaced. The module is loaded,
// and a docroot ${PREFIX}/html holds the sample images (see fixture_files()).
class Nginx {
public:
    Nginx(const std::string& name, const std::string& http_config, NginxOptions options = {});
    ~Nginx();
    Nginx(const Nginx&) = delete;
    Nginx& operator=(const Nginx&) = delete;

    std::uint16_t port() const { return port_; }
    std::uint16_t port2() const { return port2_; }
    const std::string& prefix() const { return prefix_; }
    std::string error_log() const;
    std::string access_log() const;
    // Whether the access log contains `text`, waiting up to 10 s for it: nginx
    // writes a request's line after sending the response, so a client (or a
    // proxy's client) can read the log before the line is there.
    bool access_log_has(const std::string& text) const;
    // Rewrites the config (same placeholders) and reloads; waits until the
    // new workers answer.
    void reload(const std::string& http_config);
    // Stops the server; returns nginx's error-log lines at [alert], [crit] or [emerg].
    std::vector<std::string> stop();

private:
    void write_config(const std::string& http_config);
    std::string name_, prefix_;
    NginxOptions options_;
    std::uint16_t port_, port2_;
    bool running_ = false;
};

struct ConfigTestResult {
    int exit_code;
    std::string output;
};
// Runs `nginx -t` on a config built like Nginx's; nothing is started.
ConfigTestResult test_config(const std::string& name, const std::string& http_config);

// Lines of the error log at [alert], [crit] or [emerg].
std::vector<std::string> serious_errors(const std::string& error_log);

// Whether something accepts connections on 127.0.0.1:port; waiting up to 10 s.
bool port_answers(std::uint16_t port);
bool wait_until_answers(std::uint16_t port);

std::string module_path();
std::string source_dir();

}  // namespace noai_test
