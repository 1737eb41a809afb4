#!/usr/bin/env bash
# Installs the relcut binary for action.yml, in two calls around the Actions cache:
#
#   install-relcut.sh locate   decides where relcut comes from, writes the outputs `prebuilt`
#                              (listed in relcut-binaries.txt for this runner), `dir` and `key`
#                              (the cache entry of a build of this action's source on this target)
#   install-relcut.sh install  downloads the prebuilt binary (checksum verified), or uses the
#                              one the cache restored into `dir`, or builds this checkout there
#
# A released pin downloads in seconds; any other pin (a commit SHA, a branch) builds once per
# source tree and target, and later runs restore that build from the cache in seconds.
set -euo pipefail
unset BASH_ENV ENV CDPATH

action_path="${RELCUT_ACTION_PATH:?}"

case "${RUNNER_OS:-Linux}-${RUNNER_ARCH:-X64}" in
  Linux-X64) target=x86_64-unknown-linux-musl ;;
  Linux-ARM64) target=aarch64-unknown-linux-musl ;;
  macOS-ARM64) target=aarch64-apple-darwin ;;
  macOS-X64) target=x86_64-apple-darwin ;;
  Windows-X64) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac

exe=relcut
[ "${RUNNER_OS:-}" = Windows ] && exe=relcut.exe

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@" | cut -d' ' -f1
  else shasum -a 256 "$@" | cut -d' ' -f1; fi
}

listed() {
  url="" sum=""
  [ -n "$target" ] || return 0
  while read -r t u s; do
    case "$t" in '#'* | '') continue ;; esac
    if [ "$t" = "$target" ]; then url="$u" sum="$s"; fi
  done < "$action_path/relcut-binaries.txt"
}

# The action's commit, by content: the checkout of a pinned action has no .git, and a branch pin
# moves, so the key hashes the files a build reads. Same tree, same key; any change, a new build.
source_key() {
  (
    cd "$action_path"
    find Cargo.toml Cargo.lock src crates -type f \( -name '*.rs' -o -name '*.toml' -o -name '*.lock' \) \
      -not -path '*/tests/*' -not -path '*/benches/*' | LC_ALL=C sort | while read -r f; do
      printf '%s %s\n' "$(sha256 "$f")" "$f"
    done
  ) | sha256 - | cut -c1-16
}

dir="${RUNNER_TEMP:-/tmp}/relcut-bin"

case "${1:-install}" in
  locate)
    listed
    prebuilt=false
    [ -n "$url" ] && prebuilt=true
    {
      echo "prebuilt=$prebuilt"
      echo "dir=$dir"
      echo "key=relcut-${target:-${RUNNER_OS:-unknown}-${RUNNER_ARCH:-unknown}}-$(source_key)"
    } >> "$GITHUB_OUTPUT"
    ;;
  install)
    mkdir -p "$dir"
    listed
    if [ -n "$url" ]; then
      archive="$dir/relcut.tar.gz"
      curl --proto '=https' --tlsv1.2 -fsSL --retry 3 -o "$archive" "$url"
      got="$(sha256 "$archive")"
      if [ "$got" != "$sum" ]; then
        echo "::error title=relcut::checksum mismatch for $url (expected $sum, got $got)"
        exit 1
      fi
      tar -xzf "$archive" -C "$dir"
      bin="$dir/$exe"
    elif [ -x "$dir/bin/$exe" ]; then
      echo "relcut: restored from the Actions cache"
      bin="$dir/bin/$exe"
    else
      echo "relcut: no prebuilt binary listed for ${target:-this runner} and none cached; building from source (once per source tree and runner)"
      cargo install --locked --quiet --path "$action_path" --root "$dir"
      bin="$dir/bin/$exe"
    fi
    "$bin" --version
    echo "bin=$bin" >> "$GITHUB_OUTPUT"
    ;;
  *)
    echo "usage: install-relcut.sh locate|install" >&2
    exit 2
    ;;
esac
