#!/usr/bin/env bash
# Benchmark of the cache (not a test): the tutorial's example pipeline (search-and-summarize,
# split_size 1) run with --no-recycle and with its steps recorded in a cache (--use-cache,
# default pool, removed after each successful run), alternately, serially and with --parallel.
# Prints the median wall-clock and CPU (user + system) time of each and the recording overhead in percent
# (the issue's target: under 5%), then the time of a re-run whose every step is reused.
#
# Usage: bench/cache.sh [RUNS] [QUERIES]   (debug build, whose dwq2 is optimised; set
# PROFILE=release for a release build). QUERIES copies of the example's queries are searched
# (default: the example's own 5). The work folder (inputs, outputs, cache) is made under
# $TMPDIR, which the runs also use for their scratch files: TMPDIR=/dev/shm measures without
# the disk's latency.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
queries="${2:-0}"
profile="${PROFILE:-dev}"
cargo build --quiet --offline --profile "$profile" -p q2cli -p q2-types-plugin -p q2-dwq2
qiime="$PWD/target/$([ "$profile" = dev ] && echo debug || echo "$profile")/qiime"
unset QIIME2_PLUGIN_PATH

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
"$qiime" dwq2 search-and-summarize --example-data ex >/dev/null
cp ex/Serial/* .
if [ "$queries" -gt 0 ]; then
    "$qiime" tools export --input-path query-seqs.qza --output-path exported >/dev/null
    python3 - "$queries" exported/*.fasta >many.fasta <<'PY'
import sys
count, path = int(sys.argv[1]), sys.argv[2]
seqs = [l.strip() for l in open(path) if l.strip() and not l.startswith(">")]
for i in range(count):
    print(f">q{i}\n{seqs[i % len(seqs)]}")
PY
    "$qiime" tools import --type 'FeatureData[Sequence]' --input-path many.fasta \
        --output-path query-seqs.qza >/dev/null
fi

search=("$qiime" dwq2 search-and-summarize --i-query-seqs query-seqs.qza
    --i-reference-seqs reference-seqs.qza --m-reference-metadata-file reference-metadata.tsv
    --p-split-size 1 --o-hits hits.qza --o-hits-table table.qzv --quiet)

# Runs the search with --no-recycle and recorded in a cache (the extra options "$@" in both),
# alternately, $runs times each after a warm-up of each; prints the median wall and CPU (user +
# system, from the child's rusage) time of each, in ms:
# "PLAIN_WALL PLAIN_CPU RECORDED_WALL RECORDED_CPU".
paired_ms() {
    python3 - "$runs" "$work/cache" "${search[@]}" "$@" <<'PY'
import os, statistics, subprocess, sys, time
runs, cache, command = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
variants = {"plain": command + ["--no-recycle"], "recorded": command + ["--use-cache", cache]}
def once(args):
    start = time.perf_counter()
    _, status, usage = os.wait4(subprocess.Popen(args).pid, 0)
    if status != 0:
        sys.exit(f"failed: {' '.join(args)}")
    return (time.perf_counter() - start) * 1000, (usage.ru_utime + usage.ru_stime) * 1000
times = {name: [] for name in variants}
for args in variants.values():
    once(args)
for _ in range(runs):
    for name, args in variants.items():
        times[name].append(once(args))
print(" ".join(f"{statistics.median(t[i] for t in times[name]):.1f}"
               for name in variants for i in (0, 1)))
PY
}

percent() { python3 -c "print(f'{($2 - $1) / $1 * 100:+.1f}')"; }

for mode in serial parallel; do
    extra=()
    [ "$mode" = parallel ] && extra=(--parallel)
    read -r plain_wall plain_cpu rec_wall rec_cpu < <(paired_ms "${extra[@]}")
    echo "$mode: --no-recycle ${plain_wall} ms wall, ${plain_cpu} ms CPU;" \
        "recorded ${rec_wall} ms wall, ${rec_cpu} ms CPU;" \
        "overhead $(percent "$plain_wall" "$rec_wall")% wall, $(percent "$plain_cpu" "$rec_cpu")% CPU"
done
"${search[@]}" --use-cache "$work/cache" --recycle-pool kept
read -r reused_wall reused_cpu < <(python3 - "$runs" "${search[@]}" --use-cache "$work/cache" \
    --recycle-pool kept <<'PY'
import os, statistics, subprocess, sys, time
runs, command = int(sys.argv[1]), sys.argv[2:]
rows = []
for _ in range(runs):
    start = time.perf_counter()
    _, status, usage = os.wait4(subprocess.Popen(command).pid, 0)
    rows.append(((time.perf_counter() - start) * 1000, (usage.ru_utime + usage.ru_stime) * 1000))
print(f"{statistics.median(r[0] for r in rows):.1f} {statistics.median(r[1] for r in rows):.1f}")
PY
)
echo "serial re-run, every step reused from a kept pool: ${reused_wall} ms wall, ${reused_cpu} ms CPU"
