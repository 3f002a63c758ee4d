#!/usr/bin/env bash
# The build benchmark: generated playbooks of N entries (`playbook-bench gen-corpus` defaults: 10 % Chinese,
# 5 % of bodies with fenced code), then `check` and `build` timed with /usr/bin/time: wall and CPU time (user + system),
# median of several runs, peak RSS, and the size of the site.
#
# Usage: bench/build/run.sh [N ...]        (default: 1000 10000 100000)
# Environment: SHAPE (the generator's `--shape`: `bench`, the default, or `wide`: 60 % objections, motions of
# 20 stages, references spread at random, so the pages that gather entries grow), RUNS (runs per measurement; default 5, 3 from 100,000 entries), BENCH_DIR (where corpora
# and sites go; default a temporary folder, removed at the end), PLAYBOOK (a binary to measure instead of
# target/release/playbook). The generator, target/release/playbook-bench, is built either way.
#
# `check` is measured after one unmeasured run, once the generated files are flushed to disk.
# `build` is measured two ways, as users run it:
# * rebuild: into the same output folder, again and again (each build swaps the previous site out and
#   deletes it), after one unmeasured warm-up build;
# * first: into an output folder that does not exist yet (measured before the rebuilds).
# Then the pages of the site: how many HTML pages, the largest (and which), the median, and the whole output.
# With more than one size, the last lines compare each size with the first: the time and bytes ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

if [ ! -x /usr/bin/time ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi

if [ -n "${PLAYBOOK:-}" ]; then
  cargo build --release --quiet -p playbook-bench
  bin=$(realpath "$PLAYBOOK")
else
  cargo build --release --quiet -p playbook -p playbook-bench
  bin=$(realpath target/release/playbook)
fi
gen=$(realpath target/release/playbook-bench)

if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
export PLAYBOOK_TODAY=2025-01-01

# Runs a command under /usr/bin/time; appends "wall cpu rss_kb" to the file $1.
measure() {
  local into=$1
  shift
  local t
  t=$(mktemp)
  if ! /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >/dev/null 2>"$t.err"; then
    echo "failed: $*" >&2
    cat "$t.err" >&2
    exit 1
  fi
  awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' "$t" >>"$into"
  rm -f "$t" "$t.err"
}

# The medians of the columns of file $1: "wall cpu rss_mb".
medians() {
  local col
  for col in 1 2 3; do
    sort -g -k"$col","$col" "$1" | awk -v c="$col" '{ v[NR] = $c } END {
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      if (c == 3) printf "%.0f", m / 1024; else printf "%.2f ", m }'
  done
}

# "files, MB" of the folder $1.
size_of() {
  local files bytes
  files=$(find "$1" -type f | wc -l)
  bytes=$(du -s --apparent-size -B1 "$1" | cut -f1)
  awk -v f="$files" -v b="$bytes" 'BEGIN { printf "%d files, %.1f MB", f, b / 1e6 }'
}

shape=${SHAPE:-bench}
# "| HTML pages | largest page | median page | total" of the site $1.
page_sizes() {
  find "$1" -name '*.html' -type f -printf '%s %P\n' | sort -n | awk -v total="$(du -s --apparent-size -B1 "$1" | cut -f1)" '
    { size[NR] = $1; name[NR] = $2 }
    END {
      m = (NR % 2) ? size[(NR + 1) / 2] : (size[NR / 2] + size[NR / 2 + 1]) / 2
      printf "%d | %.2f MB (%s) | %.1f KB | %.1f MB", NR, size[NR] / 1e6, name[NR], m / 1e3, total / 1e6
    }'
}

rows=()
pages=()
scale=()
for n in "${sizes[@]}"; do
  runs=${RUNS:-$([ "$n" -ge 100000 ] && echo 3 || echo 5)}
  pb="$work/pb-$n"
  rm -rf "$pb"
  "$gen" gen-corpus --out "$pb" --entries "$n" --shape "$shape" 2>/dev/null
  input=$(size_of "$pb/content")
  echo "N=$n: $input of content, $runs runs each" >&2

  # The corpus was just written: flush it to disk first, and read it once unmeasured, so that check is
  # timed on files at rest (as a playbook in a repository is), not while the kernel writes them back.
  sync
  "$bin" check --root "$pb" >/dev/null 2>&1 || true
  : >"$work/check.txt"
  for _ in $(seq "$runs"); do measure "$work/check.txt" "$bin" check --root "$pb"; done

  # First builds before any rebuild: a rebuild deletes the previous site, and on some file systems (ext4
  # without a journal) creating files right after deleting many is much slower.
  : >"$work/first.txt"
  for i in $(seq "$runs"); do
    measure "$work/first.txt" "$bin" build --root "$pb" --output "$work/first-$n-$i/site"
  done

  site="$work/site-$n"
  "$bin" build --root "$pb" --output "$site" 2>/dev/null
  : >"$work/rebuild.txt"
  for _ in $(seq "$runs"); do measure "$work/rebuild.txt" "$bin" build --root "$pb" --output "$site"; done
  output=$(size_of "$site")
  pages+=("| $n | $(page_sizes "$site") |")
  scale+=("$n $(awk '{ print $1, $2 }' <<<"$(medians "$work/rebuild.txt")") $(du -s --apparent-size -B1 "$site" | cut -f1)")

  read -r cw cc cm <<<"$(medians "$work/check.txt")"
  read -r rw rc rm_ <<<"$(medians "$work/rebuild.txt")"
  read -r fw fc fm <<<"$(medians "$work/first.txt")"
  rows+=("| $n | check | $cw | $cc | $cm | $input (input) |")
  rows+=("| $n | build (rebuild) | $rw | $rc | $rm_ | $output |")
  rows+=("| $n | build (first) | $fw | $fc | $fm | $output |")
done
for n in "${sizes[@]}"; do rm -rf "$work/pb-$n" "$work/site-$n" "$work"/first-"$n"-*; done

echo
echo "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(df -T "$work" | awk 'NR == 2 { print $2 }') at $work; medians"
echo
echo "| entries | command | wall s | CPU s | peak RSS MB | size |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "Pages of the site (shape: $shape)"
echo
echo "| entries | HTML pages | largest page | median page | whole site |"
echo "|---|---|---|---|---|"
printf '%s\n' "${pages[@]}"
if [ ${#scale[@]} -gt 1 ]; then
  echo
  read -r n0 t0 c0 b0 <<<"${scale[0]}"
  for row in "${scale[@]:1}"; do
    read -r n1 t1 c1 b1 <<<"$row"
    awk -v n0="$n0" -v n1="$n1" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v b0="$b0" -v b1="$b1" 'BEGIN {
      printf "%d entries against %d (%.0f×): rebuild %.1f× the time (%.1f× the CPU time), %.1f× the bytes\n", n1, n0, n1 / n0, t1 / t0, c1 / c0, b1 / b0 }'
  done
fi
