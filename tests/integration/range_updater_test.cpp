// scripts/noai-update-ranges against a real loopback HTTP server (the
// harness's nginx serving fixture files, broken ones included) and a real
// nginx that verifies Googlebot with the state file: valid downloads replace
// the file atomically and reload nginx once; unchanged downloads do not
// reload; failed, empty, HTML and broken downloads keep the old file and say
// so; a download that validates but makes `nginx -t` fail is rolled back;
// --verify-conf writes the include of noai_verify lines from the list's tokens.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
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
    // Googlebot with the state file (or with what `verify` names).
    void start_server(const std::string& verify = "") {
        start(zone_server("1m", R"(
        set_real_ip_from 127.0.0.1;
        real_ip_header X-Forwarded-For;
        )" + (verify.empty() ? "noai_verify Googlebot " + state_ + "/googlebot.json;" : verify) + R"(
        location /ranges/ { noai_block off; alias ${PREFIX}/html/ranges/; })"));
        fs::create_directories(nginx().prefix() + "/html/ranges");
        write_file(work_ + "/ranges.list", "# operator files\ngooglebot.json " + url("googlebot.json") + "\n");
    }
    std::string url(const std::string& file) { return "http://127.0.0.1:" + std::to_string(port()) + "/ranges/" + file; }
    void serve_as(const std::string& file, const std::string& content) {
        write_file(nginx().prefix() + "/html/ranges/" + file, content);
    }
    void serve(const std::string& content) { serve_as("googlebot.json", content); }

    CommandResult update(const std::string& options = "") {
        const std::string nginx_cmd = std::string(NOAI_NGINX_BINARY) + " -p " + nginx().prefix() + " -c " +
                                      nginx().prefix() + "/conf/nginx.conf";
        return run_command(source_dir() + "/scripts/noai-update-ranges --list " + work_ + "/ranges.list --state-dir " + state_ +
                   " --module " + module_path() + " --nginx " + NOAI_NGINX_BINARY + " --test-command '" + nginx_cmd +
                   " -t -q'" + " --reload-command 'echo reload >> " + work_ + "/reloads; " + nginx_cmd + " -s reload' " +
                   options, true);
    }
    int reloads() {
        const std::string text = fs::exists(work_ + "/reloads") ? read_file(work_ + "/reloads") : "";
        return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    }
    int googlebot_status(const std::string& from = "66.249.66.1") {
        return get(port(), "/image.png", {{"User-Agent", kGooglebot}, {"X-Forwarded-For", from}}).status;
    }
    // Waits for the reloaded workers to use the new file.
    int googlebot_status_after_reload(int want, const std::string& from = "66.249.66.1") {
        for (int i = 0; i < 50; ++i) {
            const int status = googlebot_status(from);
            if (status == want) return status;
            usleep(100000);
        }
        return googlebot_status(from);
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
                      "/reloads' --verify-conf " + work_ + "/verify.conf", true);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("nginx -t failed with the new files; restoring the old ones"), std::string::npos) << r.output;
    EXPECT_EQ(read_file(state_ + "/googlebot.json"), old);
    EXPECT_FALSE(fs::exists(work_ + "/verify.conf")) << "the new include is rolled back with the files";
    EXPECT_EQ(reloads(), 0);
}

// --verify-conf: the list's tokens become noai_verify lines for nginx to
// include, only for files that exist, so a crawler whose download failed is
// left unverified instead of breaking nginx -t.
TEST_F(RangeUpdater, VerifyConfNamesTheTokensOfEveryFilePresent) {
    const std::string verify_conf = work_ + "/verify.conf";
    write_file(verify_conf, "# nothing verified yet\n");
    start_server("include " + verify_conf + ";");
    fs::remove(state_ + "/googlebot.json");
    EXPECT_EQ(googlebot_status("203.0.113.9"), 200) << "nothing verified: a search crawler is served";
    serve(fixture("googlebot.json"));
    write_file(work_ + "/ranges.list", "googlebot.json " + url("googlebot.json") + " Googlebot Googlebot-Image\n" +
                                           "bingbot.json " + url("missing.json") + " bingbot\n");
    const CommandResult first = update("--verify-conf " + verify_conf);
    EXPECT_EQ(first.exit_code, 1) << "bingbot's download failed\n" << first.output;
    EXPECT_NE(first.output.find("verify.conf: 2 noai_verify lines"), std::string::npos) << first.output;
    EXPECT_EQ(read_file(verify_conf),
              "# Written by noai-update-ranges from " + work_ + "/ranges.list; edit that list, not this file.\n"
              "noai_verify Googlebot \"" + state_ + "/googlebot.json\";\n"
              "noai_verify Googlebot-Image \"" + state_ + "/googlebot.json\";\n");
    EXPECT_EQ(reloads(), 1);
    EXPECT_EQ(googlebot_status_after_reload(403, "203.0.113.9"), 403) << "another address is an impostor";
    EXPECT_EQ(googlebot_status(), 200) << "the genuine address is verified";

    const CommandResult again = update("--verify-conf " + verify_conf);
    EXPECT_NE(again.output.find("nothing changed; nginx not reloaded"), std::string::npos) << again.output;
    EXPECT_EQ(reloads(), 1);
}

// The list the package and the image ship: every commented-out operator line,
// once uncommented, is a well-formed entry for the crawler the README names.
TEST_F(RangeUpdater, TheShippedListNamesEachOperatorsCrawlers) {
    start_server();
    std::istringstream shipped(read_file(source_dir() + "/packaging/noai-ranges.list"));
    std::string line, list;
    while (std::getline(shipped, line)) {
        std::istringstream fields(line);
        std::string name, operator_url, tokens, token;
        fields >> name >> operator_url;
        if (name.size() < 2 || name[0] != '#' || operator_url.rfind("https://", 0) != 0) continue;
        name.erase(0, 1);
        while (fields >> token) tokens += " " + token;
        serve_as(name, fixture("googlebot.json"));
        list += name + " " + url(name) + tokens + "\n";
    }
    write_file(work_ + "/ranges.list", list);
    // As the systemd unit sets it (Environment=NOAI_VERIFY_CONF=...).
    setenv("NOAI_VERIFY_CONF", (work_ + "/verify.conf").c_str(), 1);
    const CommandResult r = update();
    unsetenv("NOAI_VERIFY_CONF");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const std::string conf = read_file(work_ + "/verify.conf");
    for (const char* verified : {"Googlebot \"", "bingbot \"", "GPTBot \"", "OAI-SearchBot \"", "ChatGPT-User \"",
                                 "PerplexityBot \"", "Perplexity-User \"", "CCBot \""})
        EXPECT_NE(conf.find(std::string("noai_verify ") + verified), std::string::npos) << verified << "\n" << conf;
}

TEST_F(RangeUpdater, ATokenThatIsNotATokenIsABadLine) {
    start_server();
    serve(fixture("googlebot.json"));
    write_file(work_ + "/ranges.list", "googlebot.json " + url("googlebot.json") + " Googlebot; deny all\n");
    const CommandResult r = update("--verify-conf " + work_ + "/verify.conf");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("bad line"), std::string::npos) << r.output;
    EXPECT_EQ(read_file(work_ + "/verify.conf").find("deny"), std::string::npos);
}

}  // namespace
}  // namespace noai_test
