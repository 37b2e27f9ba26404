#!/usr/bin/env bash
# Instruction counts (callgrind) of one `prepoll check` of a press release
# against a general election's 5,000 candidates: start-up included, as a
# pre-commit hook runs it. Counts repeat exactly for the same binary and
# input, so they measure a change even on a noisy machine; the README's
# start-up figures come from here.
#
#   scripts/profile_startup.sh                 # the current source
#   scripts/profile_startup.sh path/to/prepoll # another build (an older commit's)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
bin=${1:-}
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin=target/release/prepoll
fi
corpus=target/bench/profile-corpus
if [ ! -f "$corpus/prepoll.toml" ]; then
  python3 scripts/bench_corpus.py "$corpus" --files 4 >/dev/null
fi
release=target/bench/profile-press-release.md
python3 - "$corpus" "$release" <<'PY'
import os, sys
corpus, out = sys.argv[1], sys.argv[2]
first = sorted(os.listdir(os.path.join(corpus, "shard-0")))[0]
text = open(os.path.join(corpus, "shard-0", first)).read()
open(out, "w").write(text[:text.find(" ", 3800) + 1] + "\n")
PY
out=$(mktemp)
valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" check "$release" \
  --config "$corpus/prepoll.toml" --date 2027-04-20 --format json >/dev/null 2>&1 || true
callgrind_annotate --inclusive=yes "$out" 2>/dev/null \
  | grep -E "PROGRAM TOTALS|Checker::new \[|Matcher::build \[|People::new \[|Person::new \[|candidates::parse \[|AhoCorasickBuilder::build \[|Lexicon::builtin \[|PatternSet::add|check_found_file \[" \
  | grep -v -e "=>" -e "^ *[0-9,]* ([ 0-9.%]*) */rustc" \
  | sed -E 's#/[^ ]*/registry/src/[^/]+/##; s# \[.*##' | head -12
rm -f "$out"
