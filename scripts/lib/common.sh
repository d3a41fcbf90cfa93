# Shared by the project's scripts: installing Debian packages and building.
# shellcheck shell=bash

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian/Ubuntu packages that are not installed yet.
ensure_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# What building the module needs.
BUILD_PACKAGES=(nginx nginx-dev cmake g++ make libssl-dev libgtest-dev ca-certificates)
# What the unit and integration tests run besides, here and in the roots of
# other Debian releases (openssl: the basic-auth example's password hash;
# prometheus: promtool checks the metrics; varnish: the cache in front of
# nginx; curl: HTTP/2 requests; python3: Python's own robots.txt parser;
# dpkg-dev and file: cpack's .deb; wget, python3-requests, python3-aiohttp,
# nodejs: real clients borrowing a browser's User-Agent; dnsmasq: the DNS
# server noai_verify_rdns is tested against).
TEST_PACKAGES=(openssl prometheus varnish curl python3 dpkg-dev file
  wget python3-requests python3-aiohttp nodejs dnsmasq)

# Configures and builds into $1 (default build/), extra cmake arguments after it.
build_module() {
  local build_dir=${1:-build}
  shift || true
  cmake -S "$(repo_root)" -B "$build_dir" "$@"
  cmake --build "$build_dir" -j"$(nproc)"
}
