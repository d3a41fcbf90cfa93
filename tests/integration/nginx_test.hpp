// GoogleTest fixture around the harness: starts nginx for a test and, at
// teardown, fails the test on any [alert], [crit] or [emerg] in its error log.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "nginx_harness.hpp"

namespace noai_test {

inline std::string current_test_name() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "." + info->name();
    for (char& c : name)
        if (c == '/') c = '_';
    return name;
}

class NginxTest : public ::testing::Test {
protected:
    Nginx& start(const std::string& http_config, NginxOptions options = {}) {
        nginx_ = std::make_unique<Nginx>(current_test_name(), http_config, std::move(options));
        return *nginx_;
    }
    Nginx& nginx() { return *nginx_; }
    std::uint16_t port() const { return nginx_->port(); }

    void TearDown() override {
        if (!nginx_) return;
        const auto errors = nginx_->stop();
        EXPECT_TRUE(errors.empty()) << "error log has serious entries:\n" << nginx_->error_log();
    }

private:
    std::unique_ptr<Nginx> nginx_;
};

// A server with a zone "art" of `zone_size`, blocking and recording on, and
// the status page at /noai/status; `extra` goes inside the server block.
inline std::string zone_server(const std::string& zone_size = "1m", const std::string& extra = "") {
    return "    noai_zone zone=art:" + zone_size + ";\n" + R"(
    server {
        listen 127.0.0.1:${PORT};
        root ${PREFIX}/html;
        noai on;
        noai_block on;
        noai_log art;
        location = /noai/status { noai_status zone=art; }
)" + extra + "\n    }\n";
}

// `nginx -t` on a config; the test name keeps prefixes apart.
inline ConfigTestResult check_config(const std::string& http_config) {
    return test_config(current_test_name(), http_config);
}

}  // namespace noai_test
