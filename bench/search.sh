#!/usr/bin/env bash
# Benchmarks of the tutorial pipeline (not a test): prints wall times and ratios.
#   1. search_and_summarize on 1,000 queries x 200 references (split_size 100), serial.
#   2. 200 queries x 200 references with split_size=1: serial vs --parallel on 2 worker threads.
#   3. Framework overhead per pipeline step: split_size=1 on 200 tiny queries x 1 tiny reference,
#      where alignment costs nothing, so the time per step is dispatch + archives + provenance;
#      measured with the scratch folders on the default $TMPDIR and on tmpfs (/dev/shm), since
#      the cost is mostly file-system metadata (a result is a folder of small files).
# Set TMPDIR=/dev/shm to run everything with scratch folders on tmpfs.
# Usage: bash bench/search.sh   (builds the release binaries first)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --workspace --quiet
Q="$PWD/target/release/qiime"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Deterministic 16S-like data: references of 1,200-1,600 nt, queries are mutated 250 nt fragments.
python3 - <<'PY'
import random
rng = random.Random(20261125)
def seq(n): return "".join(rng.choice("ACGT") for _ in range(n))
def mutate(s, rate):
    return "".join(rng.choice("ACGT") if rng.random() < rate else c for c in s)
refs = [seq(rng.randint(1200, 1600)) for _ in range(200)]
def queries(n, path):
    with open(path, "w") as f:
        for i in range(n):
            r = rng.choice(refs); start = rng.randint(0, len(r) - 250)
            f.write(f">q{i}\n{mutate(r[start:start+250], 0.03)}\n")
with open("refs.fasta", "w") as f:
    for i, r in enumerate(refs): f.write(f">r{i}\n{r}\n")
queries(1000, "q1000.fasta"); queries(200, "q200.fasta")
with open("tiny-q.fasta", "w") as f:
    for i in range(200): f.write(f">t{i}\nACGTACGTAC\n")
with open("tiny-r.fasta", "w") as f: f.write(">tr\nACGTACGTAC\n")
PY
for f in refs q1000 q200 tiny-q tiny-r; do
  "$Q" tools import --type 'FeatureData[Sequence]' --input-path "$f.fasta" --output-path "$f.qza" >/dev/null
done
cat > two-threads.toml <<'TOML'
[parsl]

[[parsl.executors]]
class = "ThreadPoolExecutor"
label = "default"
max_threads = 2
TOML

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
# The engine's own figures leave the recycle pool out (--no-recycle); the last line measures what
# recording the steps in the cache (on by default, as in q2cli) adds.
export XDG_CACHE_HOME="$work/xdg-cache"
search() { "$Q" dwq2 search-and-summarize --i-query-seqs "$1" --i-reference-seqs "$2" --p-split-size "$3" \
  --o-hits "h-$RANDOM.qza" --o-hits-table "t-$RANDOM.qzv" --no-recycle "${@:4}"; }

t_big=$(seconds search q1000.qza refs.qza 100)
printf '1,000 queries x 200 references, serial:             %6.2f s\n' "$t_big"
t_serial=$(seconds search q200.qza refs.qza 1)
t_parallel=$(seconds search q200.qza refs.qza 1 --parallel-config two-threads.toml)
printf '200 x 200, split_size=1, serial:                    %6.2f s\n' "$t_serial"
printf '200 x 200, split_size=1, --parallel on 2 threads:   %6.2f s  (ratio %.2f)\n' \
  "$t_parallel" "$(echo "$t_parallel / $t_serial" | bc -l)"
steps=$((1 + 200 + 1 + 1))
t_tiny=$(seconds search tiny-q.qza tiny-r.qza 1)
printf 'overhead per step (200 tiny queries, %d steps):     %6.2f ms  (TMPDIR=%s)\n' "$steps" \
  "$(echo "$t_tiny * 1000 / $steps" | bc -l)" "${TMPDIR:-/tmp}"
# CPU time (user + system) is what the framework itself spends, whatever else loads the machine.
cpu=$( { /usr/bin/time -f '%U %S' "$Q" dwq2 search-and-summarize --i-query-seqs tiny-q.qza \
  --i-reference-seqs tiny-r.qza --p-split-size 1 --o-hits h-cpu.qza --o-hits-table t-cpu.qzv --no-recycle \
  >/dev/null; } 2>&1 | tail -1)
printf 'CPU time per step (user + system):                  %6.2f ms\n' \
  "$(echo "$cpu" | awk -v n="$steps" '{ print ($1 + $2) * 1000 / n }')"
if [ -d /dev/shm ] && [ "${TMPDIR:-}" != /dev/shm ]; then
  t_tiny=$(TMPDIR=/dev/shm seconds search tiny-q.qza tiny-r.qza 1)
  printf 'overhead per step, scratch on tmpfs:                 %6.2f ms  (TMPDIR=/dev/shm)\n' \
    "$(echo "$t_tiny * 1000 / $steps" | bc -l)"
fi
t_recorded=$(seconds "$Q" dwq2 search-and-summarize --i-query-seqs tiny-q.qza --i-reference-seqs tiny-r.qza \
  --p-split-size 1 --o-hits h-rec.qza --o-hits-table t-rec.qzv)
printf 'per step with the steps recorded in the cache:       %6.2f ms\n' \
  "$(echo "$t_recorded * 1000 / $steps" | bc -l)"
