# nginx ./configure arguments given as text, split the way a shell would.
# shellcheck shell=bash

# split_configure_args TEXT: sets the array CONFIGURE_ARGS from TEXT, which may
# be exactly what `nginx -V` prints (its "configure arguments:" line is taken),
# or just the arguments. Quotes group words, as in --with-cc-opt='-g -O2 -fPIC'.
# Nothing in TEXT is run: xargs splits on blanks, honours '...', "..." and
# backslashes, and refuses an unmatched quote.
split_configure_args() {
  local text=$1
  if [[ $text == *"configure arguments:"* ]]; then
    text=${text##*configure arguments:}
    text=${text%%$'\n'*}
  fi
  if ! printf '%s' "$text" | xargs -r printf '' 2>/dev/null; then
    echo "configure arguments: unmatched quote in: $text" >&2
    return 1
  fi
  mapfile -d '' -t CONFIGURE_ARGS < <(printf '%s' "$text" | xargs -r printf '%s\0')
}
