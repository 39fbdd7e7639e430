#!/usr/bin/env bash
# Benchmarks of dwq2's search (not a test): prints wall times, peak memory and ratios.
#   A. Local alignment search against the reference tools, on the same generated inputs and
#      scoring (issue 16): 100 queries of 250 nt (10% mutated copies of reference stretches)
#      against 400 random references of 1,500 nt; match 2, mismatch -3, gap open 5, extend 2.
#      Side by side: q2rs's search with --p-n 5 and --p-n 0 (CLI, and in-process), q2rs's score
#      pass alone (in-process: every pair scored, nothing aligned), parasail_aligner
#      (sw_striped_16, scores of all pairs) and FASTA's ssearch36 (top 5 with alignments), on 1
#      thread (q2rs's search is serial) and ssearch36 also on 2. Then one 250-nt query against a
#      5 Mb reference (q2rs --p-n 1 vs ssearch36 -b 1), and nw-align of two 100 kb sequences.
#      parasail_aligner and ssearch36 are skipped when absent; on Debian/Ubuntu:
#        sudo apt-get install parasail fasta3
#      FASTA charges a gap of k positions f + k*g, so "open 5, extend 2" is -f -3 -g -2 there;
#      parasail charges open + (k-1)*extend, as q2rs does.
#   B. search_and_summarize on 1,000 queries x 200 references (split_size 100), serial.
#   C. 200 queries x 200 references with split_size=1: serial vs --parallel on 2 worker threads.
#   D. Framework overhead per pipeline step: split_size=1 on 200 tiny queries x 1 tiny reference,
#      where alignment costs nothing, so the time per step is dispatch + archives + provenance;
#      measured with the scratch folders on the default $TMPDIR and on tmpfs (/dev/shm), since
#      the cost is mostly file-system metadata (a result is a folder of small files).
# Set TMPDIR=/dev/shm to run everything with scratch folders on tmpfs; SECTIONS=A (or B, ...)
# to run only section A (B, C and D run together); NW_KB=20 to shorten the nw-align run.
# Usage: bash bench/search.sh   (builds the release binaries first)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --workspace --quiet
cargo build --release -p q2-dwq2 --example search_timing --quiet
Q="$PWD/target/release/qiime"
TIMING="$PWD/target/release/examples/search_timing"
SECTIONS="${SECTIONS:-ABCD}"
NW_KB="${NW_KB:-100}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export XDG_CACHE_HOME="$work/xdg-cache"

# Wall seconds and peak resident memory (MB) of a command, as "SECONDS MB".
measure() {
  /usr/bin/time -o "$work/time.txt" -f '%e %M' "$@" >/dev/null 2>&1
  tail -1 "$work/time.txt" | awk '{ printf "%.2f %.0f\n", $1, $2 / 1024 }'
}
row() { printf '  %-58s %7.2f s %6s MB  %s\n' "$1" "$2" "$3" "${4:-}"; }
ratio() { echo "$1 / $2" | bc -l | awk '{ printf "%.2fx", $1 }'; }

if [[ $SECTIONS == *A* ]]; then
  NW_KB="$NW_KB" python3 - <<'PY'
import os, random
rng = random.Random(20261116)
def seq(n): return "".join(rng.choice("ACGT") for _ in range(n))
def mutate(s, rate):
    # 80% of the changes substitute, 10% delete, 10% insert.
    out = []
    for c in s:
        x = rng.random()
        if x < rate * 0.8: out.append(rng.choice("ACGT"))
        elif x < rate * 0.9: pass
        elif x < rate: out.append(c); out.append(rng.choice("ACGT"))
        else: out.append(c)
    return "".join(out)
def write(path, records):
    with open(path, "w") as f:
        for name, s in records: f.write(f">{name}\n{s}\n")
refs = [seq(1500) for _ in range(400)]
write("refs.fasta", [(f"r{i}", r) for i, r in enumerate(refs)])
queries = []
for i in range(100):
    r = rng.choice(refs); start = rng.randint(0, 1500 - 250)
    queries.append((f"q{i}", mutate(r[start:start + 250], 0.10)))
write("queries.fasta", queries)
genome = seq(5_000_000)
start = rng.randint(0, len(genome) - 250)
write("genome.fasta", [("genome", genome)])
write("genome-query.fasta", [("gq", mutate(genome[start:start + 250], 0.10))])
a = seq(int(os.environ["NW_KB"]) * 1000)
write("seq1.fasta", [("seq1", a)])
write("seq2.fasta", [("seq2", mutate(a, 0.10))])
PY
  for f in queries refs genome genome-query; do
    "$Q" tools import --type 'FeatureData[Sequence]' --input-path "$f.fasta" --output-path "$f.qza" >/dev/null
  done
  for f in seq1 seq2; do
    "$Q" tools import --type SingleDNASequence --input-path "$f.fasta" --output-path "$f.qza" >/dev/null
  done
  # /usr/bin/time runs programs, not shell functions: the commands are arrays.
  las=("$Q" dwq2 local-alignment-search --o-hits las.qza --i-query-seqs)
  echo "A. 100 queries x 400 references (250 x 1,500 nt), 1 thread unless noted:"
  read -r t5 m5 < <(measure "${las[@]}" queries.qza --i-reference-seqs refs.qza --p-n 5)
  read -r t0 m0 < <(measure "${las[@]}" queries.qza --i-reference-seqs refs.qza --p-n 0)
  # In-process figures: the score pass alone, and the search without archives.
  read -r _ ts _ < <("$TIMING" queries.fasta refs.fasta score)
  read -r _ ts5 _ < <("$TIMING" queries.fasta refs.fasta n5)
  read -r _ ts0 _ < <("$TIMING" queries.fasta refs.fasta n0)
  row "q2rs score pass alone (in-process)" "$ts" "-"
  row "q2rs search, n=5 (in-process)" "$ts5" "-" "$(ratio "$ts5" "$ts") the score pass"
  row "q2rs search, n=0 (in-process)" "$ts0" "-" "$(ratio "$ts0" "$ts") the score pass"
  row "qiime dwq2 local-alignment-search --p-n 5" "$t5" "$m5" "$(ratio "$t5" "$ts") the score pass"
  row "qiime dwq2 local-alignment-search --p-n 0" "$t0" "$m0" "$(ratio "$t0" "$ts") the score pass"
  if command -v parasail_aligner >/dev/null; then
    # parasail_aligner refuses to run when stdin is open besides its two files.
    read -r tp mp < <(measure sh -c 'exec parasail_aligner "$@" <&-' sh -a sw_striped_16 -d -x \
      -o 5 -e 2 -M 2 -X 3 -t 1 -f refs.fasta -q queries.fasta -g parasail.csv)
    row "parasail_aligner sw_striped_16 (scores of all pairs)" "$tp" "$mp" "q2rs score pass: $(ratio "$ts" "$tp")"
  else
    echo "  parasail_aligner: not installed (sudo apt-get install parasail), skipped"
  fi
  if command -v ssearch36 >/dev/null; then
    ss=(ssearch36 -q -n -3 -f -3 -g -2 -r +2/-3)
    for threads in 1 2; do
      read -r tss mss < <(measure "${ss[@]}" -T "$threads" -b =5 -d 5 queries.fasta refs.fasta)
      row "ssearch36 top 5 with alignments, $threads thread(s)" "$tss" "$mss" "q2rs n=5: $(ratio "$t5" "$tss")"
      [ "$threads" = 1 ] && tss1=$tss
    done
    read -r tsz msz < <(measure "${ss[@]}" -T 1 -z -1 -b =5 -d 5 queries.fasta refs.fasta)
    row "ssearch36 top 5, no statistics (-z -1), 1 thread" "$tsz" "$msz" "q2rs n=5: $(ratio "$t5" "$tsz")"
  else
    echo "  ssearch36: not installed (sudo apt-get install fasta3), skipped"
  fi
  echo "One 250-nt query against a 5 Mb reference:"
  read -r tg mg < <(measure "${las[@]}" genome-query.qza --i-reference-seqs genome.qza --p-n 1)
  row "qiime dwq2 local-alignment-search --p-n 1" "$tg" "$mg"
  if command -v ssearch36 >/dev/null; then
    read -r tsg msg < <(measure "${ss[@]}" -T 1 -z -1 -b =1 -d 1 genome-query.fasta genome.fasta)
    row "ssearch36 best hit with alignment, 1 thread" "$tsg" "$msg" "q2rs: $(ratio "$tg" "$tsg")"
  fi
  echo "Global alignment of two ${NW_KB} kb sequences:"
  read -r tn mn < <(measure "$Q" dwq2 nw-align --i-seq1 seq1.qza --i-seq2 seq2.qza \
    --o-aligned-sequences nw.qza)
  row "qiime dwq2 nw-align" "$tn" "$mn"
fi
[[ $SECTIONS == *[BCD]* ]] || exit 0

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
