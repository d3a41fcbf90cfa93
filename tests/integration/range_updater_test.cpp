// scripts/noai-update-ranges against a real loopback HTTP server (the
// harness's nginx serving fixture files, broken ones included) and a real
// nginx that verifies Googlebot with the state file: valid downloads replace
// the file atomically and reload nginx once; unchanged downloads do not
// reload; failed, empty, HTML and broken downloads keep the old file and say
// so; a download that validates but makes `nginx -t` fail is rolled back.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "nginx_test.hpp"
#include "test_commands.hpp"

namespace fs = std::filesystem;

namespace noai_test {
namespace {

std::string fixture(const std::string& name) { return read_file(source_dir() + "/tests/data/ranges/" + name); }

const std::string kGooglebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

class RangeUpdater : public NginxTest {
protected:
    void SetUp() override {
        char dir[] = "/tmp/noai-updater-XXXXXX";
        ASSERT_NE(mkdtemp(dir), nullptr);
        work_ = dir;
        state_ = work_ + "/state";
        fs::create_directories(state_);
        // Before the first update: a file that does not cover Google's crawlers.
        write_file(state_ + "/googlebot.json", fixture("gptbot.json"));
    }
    void TearDown() override {
        NginxTest::TearDown();
        std::error_code ignored;
        fs::remove_all(work_, ignored);
    }

    // The server both serves the "operator" files (/ranges/) and verifies
    // Googlebot with the state file.
    void start_server() {
        start(zone_server("1m", R"(
        set_real_ip_from 127.0.0.1;
        real_ip_header X-Forwarded-For;
        noai_verify Googlebot )" + state_ + R"(/googlebot.json;
        location /ranges/ { noai_block off; alias ${PREFIX}/html/ranges/; })"));
        fs::create_directories(nginx().prefix() + "/html/ranges");
        write_file(work_ + "/ranges.list", "# operator files\ngooglebot.json http://127.0.0.1:" +
                                               std::to_string(port()) + "/ranges/googlebot.json\n");
    }
    void serve(const std::string& content) { write_file(nginx().prefix() + "/html/ranges/googlebot.json", content); }

    CommandResult update() {
        const std::string nginx_cmd = std::string(NOAI_NGINX_BINARY) + " -p " + nginx().prefix() + " -c " +
                                      nginx().prefix() + "/conf/nginx.conf";
        return run_command(source_dir() + "/scripts/noai-update-ranges --list " + work_ + "/ranges.list --state-dir " + state_ +
                   " --module " + module_path() + " --nginx " + NOAI_NGINX_BINARY + " --test-command '" + nginx_cmd +
                   " -t -q'" + " --reload-command 'echo reload >> " + work_ + "/reloads; " + nginx_cmd + " -s reload'", true);
    }
    int reloads() {
        const std::string text = fs::exists(work_ + "/reloads") ? read_file(work_ + "/reloads") : "";
        return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    }
    int googlebot_status() {
        return get(port(), "/image.png", {{"User-Agent", kGooglebot}, {"X-Forwarded-For", "66.249.66.1"}}).status;
    }
    // Waits for the reloaded workers to use the new file.
    int googlebot_status_after_reload(int want) {
        for (int i = 0; i < 50; ++i) {
            const int status = googlebot_status();
            if (status == want) return status;
            usleep(100000);
        }
        return googlebot_status();
    }

    std::string work_, state_;
};

TEST_F(RangeUpdater, AValidNewFileReplacesTheOldAndReloadsOnce) {
    start_server();
    EXPECT_EQ(googlebot_status(), 403) << "the old file does not cover Googlebot";
    serve(fixture("googlebot.json"));
    const CommandResult first = update();
    EXPECT_EQ(first.exit_code, 0) << first.output;
    EXPECT_NE(first.output.find("googlebot.json: updated from"), std::string::npos) << first.output;
    EXPECT_EQ(read_file(state_ + "/googlebot.json"), fixture("googlebot.json"));
    EXPECT_EQ(reloads(), 1);
    EXPECT_EQ(googlebot_status_after_reload(200), 200);

    const CommandResult again = update();
    EXPECT_EQ(again.exit_code, 0) << again.output;
    EXPECT_NE(again.output.find("nothing changed; nginx not reloaded"), std::string::npos) << again.output;
    EXPECT_EQ(reloads(), 1);
    // No temporary or backup file left behind.
    for (const auto& entry : fs::directory_iterator(state_))
        EXPECT_EQ(entry.path().filename().string(), "googlebot.json");
}

TEST_F(RangeUpdater, BrokenDownloadsKeepTheOldFileAndSaySo) {
    start_server();
    const std::string old = read_file(state_ + "/googlebot.json");
    struct Case { std::string served; std::string says; };
    const Case cases[] = {
        {fixture("broken-line.json"), "is not a valid range file (noai_verify \"downloaded file\", line 5: invalid IPv4 prefix"},
        {"", "is empty; keeping the old file"},
        {fixture("empty.json"), "no address prefixes in file"},
        {fixture("html-error-page.txt"), "is not a valid range file"},
        {fixture("googlebot.json").substr(0, 60), "is not a valid range file"},
    };
    for (const Case& c : cases) {
        serve(c.served);
        const CommandResult r = update();
        EXPECT_EQ(r.exit_code, 1) << r.output;
        EXPECT_NE(r.output.find(c.says), std::string::npos) << r.output;
        EXPECT_NE(r.output.find("keeping the old file"), std::string::npos) << r.output;
        EXPECT_EQ(read_file(state_ + "/googlebot.json"), old);
    }
    fs::remove(nginx().prefix() + "/html/ranges/googlebot.json");   // 404
    const CommandResult missing = update();
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.output.find("download from http://127.0.0.1:"), std::string::npos) << missing.output;
    EXPECT_NE(missing.output.find("failed; keeping the old file"), std::string::npos) << missing.output;
    EXPECT_EQ(read_file(state_ + "/googlebot.json"), old);
    EXPECT_EQ(reloads(), 0);
    EXPECT_EQ(googlebot_status(), 403);
}

TEST_F(RangeUpdater, AFileNginxRejectsIsRolledBack) {
    start_server();
    const std::string old = read_file(state_ + "/googlebot.json");
    // Valid alone, but this nginx's configuration test is made to fail.
    serve(fixture("googlebot.json"));
    const CommandResult r = run_command(source_dir() + "/scripts/noai-update-ranges --list " + work_ + "/ranges.list --state-dir " +
                      state_ + " --module " + module_path() + " --nginx " + NOAI_NGINX_BINARY +
                      " --test-command 'echo \"[emerg] simulated\"; false' --reload-command 'echo reload >> " + work_ +
                      "/reloads'", true);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("nginx -t failed with the new files; restoring the old ones"), std::string::npos) << r.output;
    EXPECT_EQ(read_file(state_ + "/googlebot.json"), old);
    EXPECT_EQ(reloads(), 0);
}

}  // namespace
}  // namespace noai_test
