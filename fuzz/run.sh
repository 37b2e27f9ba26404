#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 60 s each), with a
# seed corpus from fixtures/. cargo-fuzz needs nightly features; on a stable
# toolchain RUSTC_BOOTSTRAP=1 enables them. Usage: fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
export RUSTC_BOOTSTRAP=1
seed() {
  local target="$1"; shift
  mkdir -p "corpus/$target"
  for pattern in "$@"; do
    find ../fixtures ../examples -name "$pattern" -size -64k -exec cp {} "corpus/$target/" \; 2>/dev/null || true
  done
}
seed extract_text '*.txt'
seed extract_markdown '*.md'
seed extract_html '*.html'
seed extract_posts '*.json' '*.csv'
seed extract_docx '*.docx'
seed check '*.md' '*.html' '*.txt'
cargo fuzz build -O
for target in extract_text extract_markdown extract_html extract_posts extract_docx check; do
  echo "== fuzzing $target for ${seconds}s"
  cargo fuzz run -O "$target" "corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536
done
