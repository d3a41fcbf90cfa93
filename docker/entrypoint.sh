#!/bin/bash
# Renders the nginx config from the NOAI_* environment (as the official nginx
# image does with envsubst), then replaces itself with the command, so nginx
# is PID 1 and gets `docker stop`'s SIGQUIT directly.
set -euo pipefail

run_dir=/tmp/noai                   # writable by the unprivileged user
template=/etc/nginx/noai/nginx.conf.template
verify_conf=$run_dir/verify.conf    # noai_verify lines, written by noai-update-ranges

die() { echo "noai-entrypoint: $*" >&2; exit 1; }

render() {
  : "${NOAI_LISTEN_PORT:=8080}" "${NOAI_BLOCK:=on}" "${NOAI_BLOCK_STATUS:=403}"
  : "${NOAI_EXTRA_AGENTS:=}" "${NOAI_STATUS_USER:=}" "${NOAI_STATUS_PASSWORD:=}"
  : "${NOAI_STATUS_PRIVATE:=on}" "${NOAI_UPDATE_RANGES:=off}" "${NOAI_UPDATE_RANGES_INTERVAL:=86400}"
  : "${NOAI_AI_INPUT:=off}" "${NOAI_DECOY:=off}"

  # Check here so a typo gives one clear line instead of an nginx parse error.
  case "$NOAI_BLOCK" in
    on|off|report) ;;
    *) die "NOAI_BLOCK must be on, off or report (got '$NOAI_BLOCK')" ;;
  esac
  [[ $NOAI_BLOCK_STATUS =~ ^[0-9]{3}$ ]] ||
    die "NOAI_BLOCK_STATUS must be an HTTP status code such as 403 or 444 (got '$NOAI_BLOCK_STATUS')"
  local switch
  for switch in NOAI_STATUS_PRIVATE NOAI_UPDATE_RANGES NOAI_AI_INPUT NOAI_DECOY; do
    case "${!switch}" in
      on|off) ;;
      *) die "$switch must be on or off (got '${!switch}')" ;;
    esac
  done
  [[ $NOAI_UPDATE_RANGES_INTERVAL =~ ^[1-9][0-9]{0,8}$ ]] ||
    die "NOAI_UPDATE_RANGES_INTERVAL must be a number of seconds such as 86400 (got '$NOAI_UPDATE_RANGES_INTERVAL')"
  if ! [[ $NOAI_LISTEN_PORT =~ ^[1-9][0-9]{0,4}$ ]] || (( NOAI_LISTEN_PORT > 65535 )); then
    die "NOAI_LISTEN_PORT must be a port number (got '$NOAI_LISTEN_PORT')"
  fi

  # Space-separated tokens become one noai_agent line; nothing when empty.
  local agents=() a
  read -ra agents <<<"$NOAI_EXTRA_AGENTS"
  for a in "${agents[@]}"; do
    [[ $a =~ ^[A-Za-z0-9._:/+-]+$ ]] ||
      die "NOAI_EXTRA_AGENTS: '$a' is not a user-agent token (letters, digits and ._:/+- only)"
  done
  NOAI_AGENT_LINE=""
  [ ${#agents[@]} -eq 0 ] || NOAI_AGENT_LINE="noai_agent ${agents[*]};"

  mkdir -p "$run_dir" && chmod 700 "$run_dir"
  rm -f "$run_dir/nginx.pid"   # left by a stopped run of this container; nginx writes its own

  # Basic auth on the status page only when credentials are given.
  NOAI_STATUS_AUTH=""
  if [ -n "$NOAI_STATUS_USER$NOAI_STATUS_PASSWORD" ]; then
    if [ -z "$NOAI_STATUS_USER" ] || [ -z "$NOAI_STATUS_PASSWORD" ]; then
      die "set both NOAI_STATUS_USER and NOAI_STATUS_PASSWORD, or neither"
    fi
    [[ $NOAI_STATUS_USER != *:* ]] || die "NOAI_STATUS_USER must not contain ':'"
    printf '%s:%s\n' "$NOAI_STATUS_USER" \
      "$(printf '%s\n' "$NOAI_STATUS_PASSWORD" | openssl passwd -6 -stdin)" >"$run_dir/htpasswd"
    # shellcheck disable=SC2089,SC2090  # the quotes are for nginx, not the shell
    NOAI_STATUS_AUTH="auth_basic \"noai status\"; auth_basic_user_file $run_dir/htpasswd;"
  fi
  unset NOAI_STATUS_PASSWORD

  # Private networks may see the status page without credentials, unless
  # NOAI_STATUS_PRIVATE=off: where port forwarding hides the client (a
  # userland or rootless proxy), every visitor arrives from a private address.
  NOAI_STATUS_ALLOW=""
  if [ "$NOAI_STATUS_PRIVATE" = on ]; then
    NOAI_STATUS_ALLOW="allow 10.0.0.0/8; allow 172.16.0.0/12; allow 192.168.0.0/16; allow fc00::/7;"
  fi

  # Verified crawlers: the updater writes the noai_verify lines (none until
  # its first run) for the files it keeps in /var/lib/noai/ranges.
  NOAI_VERIFY_INCLUDE=""
  if [ "$NOAI_UPDATE_RANGES" = on ]; then
    [ -f "$verify_conf" ] || echo "# no crawler ranges downloaded yet" >"$verify_conf"
    NOAI_VERIFY_INCLUDE="include $verify_conf;"
  fi

  NOAI_DECOY_FILE=off
  [ "$NOAI_DECOY" = off ] || NOAI_DECOY_FILE=/usr/share/noai/decoy.png

  # Listen on IPv6 too, unless the container has no IPv6 address at all
  # (Docker networks without IPv6): binding [::] would fail there.
  NOAI_LISTEN_V6=""
  if grep -qs . /proc/net/if_inet6; then NOAI_LISTEN_V6="listen [::]:$NOAI_LISTEN_PORT;"; fi

  # shellcheck disable=SC2090
  export NOAI_LISTEN_PORT NOAI_LISTEN_V6 NOAI_BLOCK NOAI_BLOCK_STATUS NOAI_AGENT_LINE NOAI_STATUS_AUTH \
         NOAI_STATUS_ALLOW NOAI_VERIFY_INCLUDE NOAI_AI_INPUT NOAI_DECOY_FILE
  # shellcheck disable=SC2016  # envsubst takes the list of ${NAMES} literally
  envsubst '${NOAI_LISTEN_PORT} ${NOAI_LISTEN_V6} ${NOAI_BLOCK} ${NOAI_BLOCK_STATUS}
            ${NOAI_AGENT_LINE} ${NOAI_STATUS_AUTH} ${NOAI_STATUS_ALLOW}
            ${NOAI_VERIFY_INCLUDE} ${NOAI_AI_INPUT} ${NOAI_DECOY_FILE}' <"$template" >"$run_dir/nginx.conf"
}

# NOAI_UPDATE_RANGES=on: once nginx runs, and then every interval, download
# the crawler ranges; noai-update-ranges reloads nginx only when a file
# changed and nginx -t passes, and keeps the old file when a download fails.
# It runs beside nginx (which stays PID 1, as `docker stop` expects).
update_ranges_forever() {
  local conf=$run_dir/nginx.conf
  until [ -s "$run_dir/nginx.pid" ]; do sleep 1; done
  while :; do
    noai-update-ranges --verify-conf "$verify_conf" \
      --test-command "nginx -t -q -c $conf" --reload-command "nginx -s reload -c $conf" || true
    sleep "$NOAI_UPDATE_RANGES_INTERVAL"
  done
}

# Render for nginx only, so `docker run IMAGE bash` still gets a shell.
if [ "${1:-}" = nginx ]; then
  render
  if [ "$NOAI_UPDATE_RANGES" = on ]; then update_ranges_forever & fi
fi
exec "$@"
