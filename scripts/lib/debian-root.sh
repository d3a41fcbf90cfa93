# Roots of other Debian releases, made with debootstrap from the archive this
# machine's apt already uses, to build and test there with chroot. As root.
# shellcheck shell=bash

# The Debian mirror apt uses here: one-line sources first, then deb822
# stanzas; the same archive serves bookworm, trixie and sid.
debian_mirror() {
  local mirror
  mirror=$(grep -hsE '^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?[^[:space:]]+/debian/?[[:space:]]' \
             /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
           sed -E 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/' | head -n1 || true)
  if [ -z "$mirror" ]; then
    mirror=$(sed -nE 's|^URIs:[[:space:]]+([^[:space:]]+/debian)/?([[:space:]].*)?$|\1|p' \
               /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 || true)
  fi
  echo "${mirror:-http://deb.debian.org/debian}"
}

# Unmounts whatever is mounted below DIR (left by an interrupted run), deepest first.
release_mounts() {
  local dir
  dir=$(realpath -m "$1")
  local target
  for target in $(findmnt -rn -o TARGET | grep -F "$dir/" | sort -r); do
    umount -l "$target" || true
  done
}

# Deletes a root without ever crossing into a mount (a bind-mounted /dev).
remove_root() {
  release_mounts "$1"
  rm -rf --one-file-system "$1"
}

# in_root ROOT [--ro-bind HOST_DIR ROOT_DIR]... COMMAND...: runs COMMAND in
# ROOT with /proc and /dev mounted (and the bind mounts asked for), a clean
# environment, and unmounts it all afterwards, whatever COMMAND did.
in_root() {
  local root=$1; shift
  local binds=()
  while [ "${1:-}" = --ro-bind ]; do binds+=("$2" "$3"); shift 3; done
  local mounted=() rc=0 i
  if mount -t proc proc "$root/proc"; then mounted+=("$root/proc"); else rc=1; fi
  if [ $rc -eq 0 ] && mount --bind /dev "$root/dev"; then mounted+=("$root/dev"); else rc=1; fi
  for ((i = 0; rc == 0 && i < ${#binds[@]}; i += 2)); do
    mkdir -p "$root${binds[i + 1]}"
    if mount --bind "${binds[i]}" "$root${binds[i + 1]}"; then
      mounted+=("$root${binds[i + 1]}")
      mount -o remount,bind,ro "$root${binds[i + 1]}" || rc=1
    else
      rc=1
    fi
  done
  if [ $rc -eq 0 ]; then
    chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@" || rc=$?
  fi
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" || true; done
  return $rc
}

# make_debian_root SUITE DIR [PACKAGE...]: DIR is a minimal root of SUITE with
# PACKAGE... installed. Services never start in it (policy-rc.d). Kept for the
# next run while suite and packages stay the same; the bare debootstrap is
# kept beside it (DIR/../SUITE-minbase), to make other roots of SUITE from.
make_debian_root() {
  local suite=$1 dir=$2; shift 2
  local want="$suite $*"
  if [ -f "$dir.ready" ] && [ "$(cat "$dir.ready")" = "$want" ] && [ -d "$dir" ]; then
    return 0
  fi
  local minbase
  minbase=$(dirname "$dir")/$suite-minbase
  make_minbase_root "$suite" "$minbase" || return 1
  remove_root "$dir"
  rm -f "$dir.ready"
  cp -a "$minbase" "$dir"
  if [ $# -gt 0 ]; then
    echo "make_debian_root: $suite: installing $*"
    # (sid's Release is valid for a week only: a mirror or proxy that lags
    # behind it would be refused)
    { in_root "$dir" apt-get -o Acquire::Check-Valid-Until=false update -q &&
      in_root "$dir" apt-get install -y -q --no-install-recommends "$@" &&
      in_root "$dir" apt-get clean; } >"$dir.log" 2>&1 || { tail -n 30 "$dir.log" >&2; return 1; }
  fi
  echo "$want" >"$dir.ready"
}

# make_minbase_root SUITE DIR: debootstrap --variant=minbase, once.
make_minbase_root() {
  local suite=$1 dir=$2
  [ -f "$dir.ready" ] && [ -d "$dir" ] && return 0
  command -v debootstrap >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends debootstrap >/dev/null; } || return 1
  remove_root "$dir"
  mkdir -p "$(dirname "$dir")"
  local mirror
  mirror=$(debian_mirror)
  echo "make_debian_root: debootstrap $suite from $mirror"
  debootstrap --variant=minbase "$suite" "$dir" "$mirror" >"$dir.log" 2>&1 || {
    tail -n 30 "$dir.log" >&2; return 1; }
  printf '#!/bin/sh\n# no services start in this root\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod 755 "$dir/usr/sbin/policy-rc.d"
  touch "$dir.ready"
}
