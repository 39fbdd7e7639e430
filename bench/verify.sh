#!/usr/bin/env bash
# What verifying inputs costs (not a test): the checksums of every archive read as an input are
# checked as it is extracted, and its content digested for the recycle pool's keys. This times
# the same commands with this checkout's `qiime` and with one built from BASE, a commit from
# before verification (default 8cb87f5), alternating runs and printing medians and the ratio:
#   1. the tutorial's search-and-summarize on its example data (split size 1), serial;
#   2. local-alignment-search of 1,000 queries x 200 references (250 KB of queries).
# Usage: [BASE=<commit>] [RUNS=9] bash bench/verify.sh   (builds both release binaries first)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-8cb87f5}
RUNS=${RUNS:-9}
cargo build --release --workspace --quiet
new="$PWD/target/release"
base_tree="$PWD/target/verify-base"
if [ ! -d "$base_tree" ]; then git worktree add --quiet --detach "$base_tree" "$BASE"; fi
git -C "$base_tree" checkout --quiet --detach "$BASE"
(cd "$base_tree" && cargo build --release --workspace --quiet --target-dir "$PWD/../verify-base-target")
old="$PWD/target/verify-base-target/release"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export XDG_CACHE_HOME="$work/xdg-cache"

"$new/qiime" dwq2 search-and-summarize --example-data ex >/dev/null
python3 - <<'PY'
import random
rng = random.Random(20261205)
def seq(n): return "".join(rng.choice("ACGT") for _ in range(n))
refs = [seq(rng.randint(1200, 1600)) for _ in range(200)]
with open("refs.fasta", "w") as f:
    for i, r in enumerate(refs): f.write(f">r{i}\n{r}\n")
with open("q1000.fasta", "w") as f:
    for i in range(1000):
        r = rng.choice(refs); s = rng.randint(0, len(r) - 250)
        f.write(f">q{i}\n{r[s:s + 250]}\n")
PY
for f in refs q1000; do
  "$new/qiime" tools import --type 'FeatureData[Sequence]' --input-path "$f.fasta" \
    --output-path "$f.qza" >/dev/null
done

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
tutorial() {
  (cd ex/Serial && "$1/qiime" dwq2 search-and-summarize --i-query-seqs query-seqs.qza \
    --i-reference-seqs reference-seqs.qza --m-reference-metadata-file reference-metadata.tsv \
    --p-split-size 1 --o-hits "h$RANDOM.qza" --o-hits-table "t$RANDOM.qzv")
}
search() {
  "$1/qiime" dwq2 local-alignment-search --i-query-seqs q1000.qza --i-reference-seqs refs.qza \
    --o-hits "h$RANDOM.qza"
}
compare() {
  local name=$1 runs=$2 a=() b=()
  for _ in $(seq "$runs"); do
    a+=("$(seconds "$name" "$old")")
    b+=("$(seconds "$name" "$new")")
  done
  local ma mb
  ma=$(printf '%s\n' "${a[@]}" | median)
  mb=$(printf '%s\n' "${b[@]}" | median)
  printf '%-44s before %7.3f s   verified %7.3f s   ratio %.3f\n' "$3" "$ma" "$mb" \
    "$(echo "$mb / $ma" | bc -l)"
}
compare tutorial "$RUNS" "tutorial search-and-summarize (serial):"
compare search 3 "1,000 x 200 local-alignment-search:"
