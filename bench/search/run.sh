#!/usr/bin/env bash
# The search benchmark: a generated playbook of N entries (half English, half Chinese), built, then searched
# in headless Chromium: over file://, and over HTTP on loopback side by side with Pagefind (npm `pagefind`,
# installed into bench/search/node_modules) indexing the same documents. Chinese recall/precision is also
# measured on the paragraphs of real Chinese articles, read at run time from $SEEDS (default ../shared/seeds
# beside the repository; skipped with a message when absent; nothing of them is written into the repository).
# Usage: bench/search/run.sh [N]   (default 10000; PAUSE_MS sets the time between keystrokes, default 150)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-10000}
seeds=${SEEDS:-../shared/seeds}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet -p playbook -p playbook-bench
[ -d tests/e2e/node_modules/playwright-core ] || (cd tests/e2e && npm ci --no-audit --no-fund --silent)
[ -x bench/search/node_modules/.bin/pagefind ] || (cd bench/search && npm ci --no-audit --no-fund --silent)
bin=target/release/playbook
gen=target/release/playbook-bench
$gen gen-corpus --out "$work/pb" --entries "$n" --chinese 0.5 --seed 42
$bin build --root "$work/pb" --output "$work/site"
$gen search-data --root "$work/pb" --out "$work/data" --zh 300 --pagefind "$work/pf"
bench/search/node_modules/.bin/pagefind --site "$work/pf" --output-subdir pagefind >"$work/pagefind.log" 2>&1 \
  || { cat "$work/pagefind.log"; exit 1; }
if [ -d "$seeds" ]; then
  $gen seed-site --seeds "$seeds" --out "$work/seeds" --zh 300
  cp "$work/site/assets/search.js" "$work/seeds/search.js"
else
  echo "seed articles not found at $seeds: the real-prose Chinese measurement is skipped" >&2
fi
SEEDS="$seeds" node bench/search/bench.mjs "$work/site" "$work/data" "$work/pf" "$work/seeds"
