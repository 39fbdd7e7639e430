#!/usr/bin/env bash
# The 10,000-step pipeline (not a test): search_and_summarize with split_size=1 on 10,000 tiny
# queries against one tiny reference, so alignment costs nothing and every second is framework:
# splitting, dispatch, per-step archives and provenance, merging. Prints, for N steps:
#   - wall time and peak RSS serially and on a thread pool of 2 workers (--parallel-config);
#   - the time per step of each, and the scheduler's own cost per step (parallel on ONE thread
#     minus serial, divided by the steps: the same work, with and without the scheduler);
#   - peak RSS at 1,000 and at 10,000 queries, to show whether memory grows with the steps, and
#     how much RSS grows per step while the steps run (the peak comes later, when the outputs
#     are written: an archive's writer holds a few hundred bytes for each file it zips, and the
#     outputs' provenance has 4 files per step).
# Usage: bash bench/many_steps.sh [queries]   (default 10000; PROFILE=debug skips the release build;
# QIIME=/path/to/qiime measures that build as it is, its plugins beside it, e.g. an older one)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
profile="${PROFILE:-release}"
if [ -n "${QIIME:-}" ]; then
  Q="$QIIME"
else
  if [ "$profile" = release ]; then
    cargo build --release -p q2cli -p q2-types-plugin -p q2-dwq2 --quiet
  else
    cargo build -p q2cli -p q2-types-plugin -p q2-dwq2 --quiet
  fi
  Q="$PWD/target/$profile/qiime"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The steps are not recorded in a cache (--no-recycle): this measures the engine.
export XDG_CACHE_HOME="$work/xdg-cache"
cd "$work"

python3 - "$n" <<'PY'
import sys
n = int(sys.argv[1])
for count in (n // 10, n):
    with open(f"q{count}.fasta", "w") as f:
        for i in range(count):
            f.write(f">t{i}\nACGTACGTAC\n")
with open("r.fasta", "w") as f:
    f.write(">tr\nACGTACGTAC\n")
PY
for f in r "q$((n / 10))" "q$n"; do
  "$Q" tools import --type 'FeatureData[Sequence]' --input-path "$f.fasta" --output-path "$f.qza" >/dev/null
done
threads() {
  printf '[parsl]\n\n[[parsl.executors]]\nclass = "ThreadPoolExecutor"\nlabel = "default"\nmax_threads = %s\n' "$1"
}
threads 1 > one-thread.toml
threads 2 > two-threads.toml

# Runs the search on $1 queries with extra options; prints "seconds peak_rss_kib growth_b": the
# peak over the whole run (getrusage), and the growth of RSS per step while the steps run: RSS
# (sampled every 20 ms) once half of the searches have started, and once all have, counting the
# calls' scratch folders in the run's scratch folder (the run's TMPDIR is its own).
run() {
  local queries="$1"
  shift
  python3 - "$Q" "$queries" "$@" <<'PY'
import glob, os, resource, subprocess, sys, tempfile, time
q, queries, extra = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
tmp = tempfile.mkdtemp(dir=".")
t0 = time.monotonic()
child = subprocess.Popen([q, "dwq2", "search-and-summarize", "--i-query-seqs", f"q{queries}.qza",
                          "--i-reference-seqs", "r.qza", "--p-split-size", "1",
                          "--o-hits", f"hits-{time.time_ns()}.qza",
                          "--o-hits-table", f"table-{time.time_ns()}.qzv", "--no-recycle", *extra],
                         stdout=subprocess.DEVNULL, env={**os.environ, "TMPDIR": os.path.abspath(tmp)})
half = end = None
while child.poll() is None and end is None:
    try:
        calls = sum(len(os.listdir(d)) for d in glob.glob(f"{tmp}/q2rs-run-*"))
        with open(f"/proc/{child.pid}/status") as status:
            rss = next(int(l.split()[1]) for l in status if l.startswith("VmRSS:"))
    except (OSError, StopIteration):
        continue
    if half is None and calls >= queries // 2:
        half = (rss, calls)
    if half is not None and calls >= queries + 1:
        end = (rss, calls)
    time.sleep(0.02)
if child.wait() != 0:
    sys.exit(f"the run failed with exit code {child.returncode}")
elapsed = time.monotonic() - t0
growth = (end[0] - half[0]) * 1024 / max(end[1] - half[1], 1) if half and end else float("nan")
print(f"{elapsed:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {growth:.0f}")
PY
}

# Steps of a run on k queries: split, one search per query, merge, summarize.
steps() { echo $(($1 + 3)); }
report() {
  local label="$1" queries="$2" secs rss growth
  read -r secs rss growth <<<"$3"
  printf '%-34s %6d steps %8.1f s %7.2f ms/step  peak RSS %7.1f MiB  %6s B/step while running\n' \
    "$label" "$(steps "$queries")" "$secs" "$(echo "$secs * 1000 / $(steps "$queries")" | bc -l)" \
    "$(echo "$rss / 1024" | bc -l)" "$growth"
}

small=$((n / 10))
report "serial, $small queries" "$small" "$(run "$small")"
serial=$(run "$n")
report "serial, $n queries" "$n" "$serial"
one=$(run "$n" --parallel-config one-thread.toml)
report "parallel, 1 thread, $n queries" "$n" "$one"
report "parallel, 2 threads, $small queries" "$small" "$(run "$small" --parallel-config two-threads.toml)"
report "parallel, 2 threads, $n queries" "$n" "$(run "$n" --parallel-config two-threads.toml)"
printf 'scheduler cost per step (1 thread - serial): %.3f ms\n' \
  "$(echo "(${one%% *} - ${serial%% *}) * 1000 / $(steps "$n")" | bc -l)"
