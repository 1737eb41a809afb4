#!/usr/bin/env bash
# Benchmarks whole `relcut action` processes against a local stand-in for the GitHub API and
# compares them with node loading the Actions toolkit. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
python3 scripts/bench_action.py --relcut target/release/relcut --runs "${RUNS:-50}"
