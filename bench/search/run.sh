#!/usr/bin/env bash
# The search benchmark: a generated playbook of N entries (half English, half Chinese), built, then
# searched in headless Chromium over file://. Usage: bench/search/run.sh [N]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet -p playbook -p playbook-bench
[ -d tests/e2e/node_modules/playwright-core ] || (cd tests/e2e && npm ci --no-audit --no-fund --silent)
bin=target/release/playbook
gen=target/release/playbook-bench
$gen gen-corpus --out "$work/pb" --entries "$n" --chinese 0.5 --seed 42
$bin build --root "$work/pb" --output "$work/site"
$gen search-data --root "$work/pb" --out "$work/data"
node bench/search/bench.mjs "$work/site" "$work/data"
