#!/usr/bin/env bash
# Installs relcut for action.yml (and for anyone holding a relcut-binaries.txt), in two calls:
#
#   install-relcut.sh install   the binary for this runner, into a directory made fresh for this
#                               run. A release pin: the archive relcut-binaries.txt (part of the
#                               pinned commit) lists for this runner's target, downloaded and
#                               checked against the list's SHA-256. Any other pin: built from the
#                               action's own source with `cargo build --locked --profile action`.
#                               Outputs `bin`, and `archive` + `url` for a downloaded archive.
#   install-relcut.sh attest    `gh attestation verify` of the downloaded archive (RELCUT_ARCHIVE,
#                               RELCUT_ARCHIVE_URL): proof that relcut's release workflow built it.
#                               Skipped with a notice when gh is not installed or the archive is
#                               not a GitHub release asset (a `scripts/dist.sh` dry run).
#
# No executable from a cache or from a directory that existed before this step ever runs: the
# Actions cache is writable by any workflow of the repository and its keys are public, so a
# binary restored from it is whatever the last writer put there. action.yml runs `install`
# without the token and only the binary this script vouches for with it.
#
# The list: comment lines (#) and one line per archive, `TARGET URL SHA256`, exactly as
# scripts/dist.sh writes it. Anything else is refused with its line number.
set -euo pipefail
unset BASH_ENV ENV CDPATH

action_path="${RELCUT_ACTION_PATH:?RELCUT_ACTION_PATH: the directory holding relcut-binaries.txt (and the source)}"
list="$action_path/relcut-binaries.txt"

# Messages: GitHub annotations in a workflow, plain lines elsewhere.
in_actions() { [ "${GITHUB_ACTIONS:-}" = true ]; }
error() {
  if in_actions; then echo "::error title=relcut install::$*"; else echo "error: $*" >&2; fi
  exit 1
}
notice() {
  if in_actions; then echo "::notice title=relcut install::$*"; else echo "notice: $*" >&2; fi
}
output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1" >> "$GITHUB_OUTPUT"; else echo "$1"; fi
}

# SHA-256 of a file: openssl where it answers (SHA extensions: 3x faster than coreutils here),
# else sha256sum or shasum.
sha256() {
  local h=""
  if command -v openssl >/dev/null 2>&1; then h="$(openssl dgst -sha256 -r "$1" 2>/dev/null)" || h=""; fi
  if [[ ! "$h" =~ ^[0-9a-f]{64}\  ]]; then
    if command -v sha256sum >/dev/null 2>&1; then h="$(sha256sum "$1")"; else h="$(shasum -a 256 "$1")"; fi
  fi
  echo "${h%% *}"
}

# The runner's targets, preferred first (sets targets and exe): the release ships static musl
# builds for Linux; a `scripts/dist.sh` dry run on a glibc host lists the gnu target.
platform() {
  local p="${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}"
  case "$p" in
    Linux-X64 | Linux-x86_64) targets="x86_64-unknown-linux-musl x86_64-unknown-linux-gnu" ;;
    Linux-ARM64 | Linux-aarch64 | Linux-arm64) targets="aarch64-unknown-linux-musl aarch64-unknown-linux-gnu" ;;
    macOS-ARM64 | Darwin-arm64) targets="aarch64-apple-darwin" ;;
    macOS-X64 | Darwin-x86_64) targets="x86_64-apple-darwin" ;;
    Windows-X64 | MINGW*-x86_64 | MSYS*-x86_64) targets="x86_64-pc-windows-msvc" ;;
    *) targets="" ;;
  esac
  exe=relcut
  case "$p" in Windows-* | MINGW* | MSYS*) exe=relcut.exe ;; esac
}

# Reads the whole list, refusing what dist.sh would not have written, and sets target, url and
# sum to the entry for this runner (empty when none).
target="" url="" sum=""
read_list() {
  [ -f "$list" ] || error "$list is missing: the action's checkout is incomplete"
  local n=0 line t u s rest seen=" " best=99 i cand
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    line="${line%$'\r'}"
    case "$line" in '' | '#'*) continue ;; esac
    read -r t u s rest <<< "$line"
    where="relcut-binaries.txt line $n"
    [ -n "$s" ] && [ -z "$rest" ] ||
      error "$where: expected \`TARGET URL SHA256\` as scripts/dist.sh writes it, found \`$line\`; restore the file from the release commit"
    [[ "$t" =~ ^[a-z0-9_]+(-[a-z0-9_.]+)+$ ]] || error "$where: \`$t\` is not a target triple"
    [[ "$s" =~ ^[0-9a-f]{64}$ ]] || error "$where: the SHA-256 of $t is not 64 lowercase hex digits: \`$s\`"
    case "$u" in
      https://* | file:///* | http://127.0.0.1[:/]* | http://localhost[:/]*) ;;
      *) error "$where: the URL of $t must be https:// (file:// or loopback http:// for a local dry run): \`$u\`" ;;
    esac
    [ "${u##*/}" = "relcut-$t.tar" ] ||
      error "$where: the URL of $t must name relcut-$t.tar, found \`${u##*/}\`"
    case "$seen" in *" $t "*) error "$where: $t is listed twice" ;; esac
    seen="$seen$t "
    i=0
    for cand in $targets; do
      if [ "$cand" = "$t" ] && [ "$i" -lt "$best" ]; then best=$i target=$t url=$u sum=$s; fi
      i=$((i + 1))
    done
  done < "$list"
}

download() { # URL FILE
  curl --proto '=https,file,http' --proto-redir '=https' --tlsv1.2 -fsSL --retry 3 -o "$2" "$1"
}

# The archive's SHA-256 differs from the list's: say which of the two was changed, by the
# `.sha256` dist.sh published beside the archive (fetched only now, on the error path).
mismatch() { # GOT
  local side="$dir/relcut.sha256" published=""
  if download "$url.sha256" "$side" 2>/dev/null; then
    published="$(cut -d' ' -f1 < "$side" | tr -d '\r\n')"
  fi
  if [ "$published" = "$1" ]; then
    error "relcut-binaries.txt does not match the archive for $target: the list says SHA-256 $sum, the archive and its published .sha256 both say $1 ($url). The list was changed after scripts/dist.sh or the release wrote it: restore it from the release commit. Nothing was run."
  elif [ "$published" = "$sum" ]; then
    error "the archive for $target does not match its SHA-256: relcut-binaries.txt and the published .sha256 say $sum, the downloaded archive is $1 ($url). The archive was changed after it was built: nothing was run; report it to the relcut maintainers."
  else
    error "the archive for $target does not match relcut-binaries.txt: the list says SHA-256 $sum, the downloaded archive is $1 ($url${published:+, its .sha256 says $published}). Nothing was run."
  fi
}

install_prebuilt() {
  local archive="$dir/relcut-$target.tar" got
  download "$url" "$archive" || error "could not download $url for $target"
  got="$(sha256 "$archive")"
  [ "$got" = "$sum" ] || mismatch "$got"
  tar -xf "$archive" -C "$dir" "$exe" || error "$url holds no $exe"
  bin="$dir/$exe"
  output "archive=$archive"
  output "url=$url"
}

# Built from the action's own source, which the pin names exactly; the dependencies are checked
# against Cargo.lock's checksums as cargo downloads them. Nothing of the build reaches the step
# that runs relcut but the binary: no token in this step, and cargo's build scripts get no
# GITHUB_ENV, GITHUB_PATH, GITHUB_OUTPUT or GITHUB_STATE to write to.
install_from_source() {
  notice "no prebuilt binary listed for ${targets%% *} at this pin: building relcut from the action's source (profile action, about 2.5 minutes on 2 cores)"
  command -v cargo >/dev/null 2>&1 ||
    error "cargo is not installed on this runner: pin a release commit (its binary is prebuilt), or install Rust before this step"
  (
    cd "$action_path"
    unset GITHUB_ENV GITHUB_PATH GITHUB_OUTPUT GITHUB_STATE GITHUB_STEP_SUMMARY
    CARGO_TARGET_DIR="$dir/target" cargo build --locked --quiet --profile action --bin relcut
  ) || error "building relcut from source failed (see cargo's output above)"
  bin="$dir/target/action/$exe"
  [ -x "$bin" ] || error "cargo reported success but built no $bin"
}

case "${1:-}" in
  install)
    # Whatever the job's environment holds, this step never carries a token.
    unset GITHUB_TOKEN GH_TOKEN INPUT_TOKEN ACTIONS_RUNTIME_TOKEN ACTIONS_ID_TOKEN_REQUEST_TOKEN
    # Fresh: a directory that exists before this step is never trusted, so nothing a cache or an
    # earlier step left behind can be picked up.
    dir="$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/relcut.XXXXXXXX")"
    trap '[ -n "${bin:-}" ] && [ -x "$bin" ] || rm -rf "$dir"' EXIT
    platform
    read_list
    if [ -n "$url" ]; then install_prebuilt; else install_from_source; fi
    "$bin" --version
    output "bin=$bin"
    ;;
  attest)
    archive="${RELCUT_ARCHIVE:?RELCUT_ARCHIVE: the archive install downloaded}"
    url="${RELCUT_ARCHIVE_URL:?RELCUT_ARCHIVE_URL: the URL it came from}"
    if [[ ! "$url" =~ ^https://github\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/releases/download/ ]]; then
      notice "$url is not a GitHub release asset: no build provenance to verify (its SHA-256 was checked)"
      exit 0
    fi
    repo="${BASH_REMATCH[1]}"
    if ! command -v gh >/dev/null 2>&1; then
      notice "gh is not installed: build provenance not verified (the SHA-256 from relcut-binaries.txt was)"
      exit 0
    fi
    gh attestation verify "$archive" --repo "$repo" \
      --signer-workflow "$repo/.github/workflows/release.yml" --deny-self-hosted-runners ||
      error "gh attestation verify refused $url: it was not built by $repo's release workflow. Nothing was run; report it to the relcut maintainers."
    ;;
  *)
    echo "usage: install-relcut.sh install|attest" >&2
    exit 2
    ;;
esac
