// Real HTTP clients that borrow a browser's User-Agent: curl, wget, Python's
// urllib, python3-requests, python3-aiohttp and node's fetch, each sending a
// Chrome and a Firefox User-Agent over HTTPS (certificate made by the test
// with the openssl CLI) and over plain HTTP, to a location with
// `noai_impersonation on`. Every request must be flagged (403) with an
// impersonation reason. The table of results is printed and written to
// build/impersonation-clients.txt.
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "nginx_test.hpp"
#include "test_commands.hpp"

namespace fs = std::filesystem;

namespace noai_test {
namespace {

const std::string kChrome =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const std::string kFirefox = "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0";

struct Client {
    std::string name;
    std::string program;   // what must be installed
    // A command that fetches $URL with User-Agent $UA and prints the status.
    std::string command;
};

// /usr/bin/python3: Debian's, which has python3-requests and python3-aiohttp.
const std::vector<Client>& clients() {
    static const std::vector<Client> list = {
        {"curl", "/usr/bin/curl", "curl -sk -o /dev/null -w '%{http_code}' -A \"$UA\" \"$URL\""},
        {"wget", "/usr/bin/wget",
         "wget -q -S --no-check-certificate -U \"$UA\" -O /dev/null \"$URL\" 2>&1 | awk '/HTTP\\//{print $2}' | tail -1"},
        {"Python urllib", "/usr/bin/python3",
         "/usr/bin/python3 -c 'import os,ssl,urllib.request,urllib.error\n"
         "ctx=ssl._create_unverified_context()\n"
         "req=urllib.request.Request(os.environ[\"URL\"],headers={\"User-Agent\":os.environ[\"UA\"]})\n"
         "try: print(urllib.request.urlopen(req,context=ctx).status)\n"
         "except urllib.error.HTTPError as e: print(e.code)'"},
        {"python3-requests", "/usr/bin/python3",
         "/usr/bin/python3 -W ignore -c 'import os,requests\n"
         "print(requests.get(os.environ[\"URL\"],headers={\"User-Agent\":os.environ[\"UA\"]},verify=False).status_code)'"},
        {"python3-aiohttp", "/usr/bin/python3",
         "/usr/bin/python3 -c 'import os,asyncio,aiohttp\n"
         "async def main():\n"
         "  async with aiohttp.ClientSession() as s:\n"
         "    async with s.get(os.environ[\"URL\"],headers={\"User-Agent\":os.environ[\"UA\"]},ssl=False) as r: print(r.status)\n"
         "asyncio.run(main())'"},
        {"node fetch", "/usr/bin/node",
         "NODE_TLS_REJECT_UNAUTHORIZED=0 node --no-warnings -e "
         "'fetch(process.env.URL,{headers:{\"user-agent\":process.env.UA}}).then(r=>console.log(r.status),e=>console.log(e))'"},
    };
    return list;
}

class ImpersonationClients : public NginxTest {
protected:
    void SetUp() override {
        char dir[] = "/tmp/noai-clients-XXXXXX";
        ASSERT_NE(mkdtemp(dir), nullptr);
        tls_dir_ = dir;
        ASSERT_EQ(make_test_certificate(tls_dir_), "");
    }
    void TearDown() override {
        NginxTest::TearDown();
        std::error_code ignored;
        fs::remove_all(tls_dir_, ignored);
    }
    std::string tls_dir_;
};

TEST_F(ImpersonationClients, EveryScriptDressedAsABrowserIsFlagged) {
    // Plain HTTP on ${PORT} (zone_server's server), HTTPS on ${PORT2}.
    start(zone_server("1m", "noai_impersonation on;") + R"(
    server {
        listen 127.0.0.1:${PORT2} ssl;
        ssl_certificate )" + tls_dir_ + R"(/cert.pem;
        ssl_certificate_key )" + tls_dir_ + R"(/key.pem;
        root ${PREFIX}/html;
        noai on;
        noai_block on;
        noai_log art;
        noai_impersonation on;
    })");

    std::ostringstream table;
    table << "| client | User-Agent | over | status | flagged | reason |\n|---|---|---|---|---|---|\n";
    int requests = 0;
    for (const Client& client : clients()) {
        ASSERT_EQ(access(client.program.c_str(), X_OK), 0)
            << client.name << ": " << client.program << " is not installed (./scripts/test installs it)";
        for (const auto& [ua_name, ua] : {std::pair<std::string, std::string>{"Chrome", kChrome}, {"Firefox", kFirefox}}) {
            for (const auto& [scheme, port] : {std::pair<std::string, int>{"https", nginx().port2()}, {"http", port()}}) {
                const std::string url = scheme + "://127.0.0.1:" + std::to_string(port) + "/image.png";
                const std::string status =
                    run_command("URL=" + shell_quote(url) + " UA=" + shell_quote(ua) + " sh -c " + shell_quote(client.command))
                        .output;
                ++requests;
                const bool flagged = status == "403";
                EXPECT_TRUE(flagged) << client.name << " as " << ua_name << " over " << scheme << ": status \"" << status << "\"";
                // The newest record says which rule caught it.
                const std::string newest = get(nginx().port(), "/noai/status?format=json&limit=1").body;
                const std::size_t at = newest.find("\"reason\":\"");
                const std::string reason =
                    at == std::string::npos ? "" : newest.substr(at + 10, newest.find('"', at + 10) - at - 10);
                table << "| " << client.name << " | " << ua_name << " | " << scheme << " | " << status << " | "
                      << (flagged ? "yes" : "NO") << " | " << reason << " |\n";
            }
        }
    }
    std::cout << table.str();
    std::ofstream(std::string(NOAI_BINARY_DIR) + "/impersonation-clients.txt") << table.str();

    // Every one recorded as an impersonation of the browser it claimed.
    const HttpResponse status = get(port(), "/noai/status?format=json&limit=1000");
    std::size_t impersonations = 0;
    for (std::size_t at = 0; (at = status.body.find("\"reason\":\"impersonation:", at)) != std::string::npos; ++at)
        ++impersonations;
    EXPECT_EQ(impersonations, static_cast<std::size_t>(requests)) << status.body;
    EXPECT_NE(status.body.find("\"agent\":\"Chrome\""), std::string::npos);
    EXPECT_NE(status.body.find("\"agent\":\"Firefox\""), std::string::npos);
}

}  // namespace
}  // namespace noai_test
