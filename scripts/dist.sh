#!/usr/bin/env bash
# scripts/dist.sh OUTDIR: relcut's release packaging. Each build leg of
# .github/workflows/release.yml runs it for its target; run locally it is the dry run of the
# same steps for the host:
#
#   1. `cargo build --release --locked` (fat LTO, one codegen unit, stripped) for the host, or
#      for RELCUT_DIST_TARGET; the binary must stay under the 10 MB budget;
#   2. OUTDIR/relcut-TARGET.tar (uncompressed): the binary (relcut, relcut.exe on Windows) with
#      LICENSE and README.md, and OUTDIR/relcut-TARGET.tar.sha256 (`sha256sum -c` reads it);
#   3. OUTDIR/relcut-binaries.txt: `TARGET URL SHA256`, the URL being
#      RELCUT_DIST_BASE_URL/relcut-TARGET.tar (default file://OUTDIR). The release joins
#      the legs' lines into the relcut-binaries.txt of the commit it tags; install-relcut.sh
#      accepts exactly these lines.
#
# RELCUT_DIST_BIN=PATH packages an already-built binary instead of step 1 (no release build):
# the tests package the binary `cargo test` built. It is packaged for the host target unless
# RELCUT_DIST_TARGET says otherwise.
set -euo pipefail
unset CDPATH
out="${1:?usage: scripts/dist.sh OUTDIR}"
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

host="$(rustc -vV | sed -n 's/^host: //p')"
target="${RELCUT_DIST_TARGET:-$host}"
[[ "$target" =~ ^[a-z0-9_]+(-[a-z0-9_.]+)+$ ]] || { echo "dist: \`$target\` is not a target triple" >&2; exit 2; }
exe=relcut
case "$target" in *windows*) exe=relcut.exe ;; esac

if [ -n "${RELCUT_DIST_BIN:-}" ]; then
  bin="$RELCUT_DIST_BIN"
else
  if [ "$target" = "$host" ] && [ -z "${RELCUT_DIST_TARGET:-}" ]; then
    (cd "$root" && cargo build --release --locked)
    bin="${CARGO_TARGET_DIR:-$root/target}/release/$exe"
  else
    (cd "$root" && cargo build --release --locked --target "$target")
    bin="${CARGO_TARGET_DIR:-$root/target}/$target/release/$exe"
  fi
fi
[ -f "$bin" ] || { echo "dist: no binary at $bin" >&2; exit 1; }
size=$(($(wc -c < "$bin"))) # macOS pads wc with blanks
echo "relcut for $target: $size bytes"
# The budget is the release build's; a binary given by RELCUT_DIST_BIN may be a debug build.
if [ -z "${RELCUT_DIST_BIN:-}" ] && [ "$size" -gt 10485760 ]; then
  echo "dist: the binary is over the 10 MB budget ($size bytes)" >&2
  exit 1
fi

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

name="relcut-$target.tar"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp "$bin" "$stage/$exe"
chmod 755 "$stage/$exe"
cp "$root/LICENSE" "$root/README.md" "$stage/"
# Not compressed: the action installs on every event, and inflating the 8 MB binary cost 50 ms
# of CPU per install (more than all the rest of it, BENCHMARKS.md), for 4.6 MB less to download.
# The same files give the same archive where tar is GNU tar (Linux legs): sorted names, fixed
# owner and time (the commit's).
epoch="$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)"
if tar --version 2>/dev/null | grep -q 'GNU tar'; then
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$stage" -cf "$out/$name" "$exe" LICENSE README.md
else
  tar -C "$stage" -cf "$out/$name" "$exe" LICENSE README.md
fi

sum="$(sha256 "$out/$name")"
printf '%s  %s\n' "$sum" "$name" > "$out/$name.sha256"
base="${RELCUT_DIST_BASE_URL:-file://$out}"
{
  echo "# Prebuilt relcut binaries for action.yml: target, URL, SHA-256."
  echo "# Written by scripts/dist.sh; scripts/install-relcut.sh accepts exactly these lines."
  echo "$target ${base%/}/$name $sum"
} > "$out/relcut-binaries.txt"
echo "$out/$name"
echo "$out/$name.sha256"
echo "$out/relcut-binaries.txt"
