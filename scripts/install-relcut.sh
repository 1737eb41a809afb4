#!/usr/bin/env bash
# Installs the relcut binary for action.yml: the prebuilt one listed in relcut-binaries.txt
# (checksum verified), or, when none is listed for this runner, a build of this checkout.
set -euo pipefail
unset BASH_ENV ENV CDPATH

action_path="${RELCUT_ACTION_PATH:?}"
dest="${RUNNER_TEMP:-/tmp}/relcut-bin"
mkdir -p "$dest"

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
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

url="" sum=""
if [ -n "$target" ]; then
  while read -r t u s; do
    case "$t" in '#'* | '') continue ;; esac
    if [ "$t" = "$target" ]; then url="$u" sum="$s"; fi
  done < "$action_path/relcut-binaries.txt"
fi

if [ -n "$url" ]; then
  archive="$dest/relcut.tar.gz"
  curl --proto '=https' --tlsv1.2 -fsSL --retry 3 -o "$archive" "$url"
  got="$(sha256 "$archive")"
  if [ "$got" != "$sum" ]; then
    echo "::error title=relcut::checksum mismatch for $url (expected $sum, got $got)"
    exit 1
  fi
  tar -xzf "$archive" -C "$dest"
  bin="$dest/$exe"
else
  echo "relcut: no prebuilt binary listed for ${target:-this runner}; building from source"
  cargo install --locked --quiet --path "$action_path" --root "$dest"
  bin="$dest/bin/$exe"
fi

"$bin" --version
echo "bin=$bin" >> "$GITHUB_OUTPUT"
