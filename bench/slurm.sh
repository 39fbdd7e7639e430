#!/usr/bin/env bash
# Benchmark of the Slurm executor (not a test): wall times of the tutorial pipeline with
# split_size=1 on the one-node Slurm against the `processes` executor (both 2 workers), and the
# per-step cost of each executor.
#   1. The example data (5 queries x 20 references: 8 steps).
#   2. The example queries copied 20 times (100 queries: 103 steps).
#   3. Per-step overhead: mystery-stew fan-out of 99 steps that do nothing (sleep 0 ms), so the
#      time per step is dispatch + worker process + result folders.
# Uses the cluster of $SLURM_CONF if set, else starts one with tests/slurm/start.sh (as root) and
# stops it at the end. PROFILE=release to bench release binaries (default: the dev build).
# Usage: bash bench/slurm.sh
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
root=$PWD
profile=${PROFILE:-debug}
if [ "$profile" = release ]; then cargo build --release --workspace --quiet; else cargo build --workspace --quiet; fi
Q="$root/target/$profile/qiime"
# The test plugin mystery-stew (its fan-out pipeline), built outside the workspace.
cargo build --quiet --offline --manifest-path tests/mystery-stew-plugin/Cargo.toml \
  --target-dir target/test-plugins --config "build.build-dir=\"$root/target\"" \
  $([ "$profile" = release ] && echo --release)
export QIIME2_PLUGIN_PATH="$root/target/test-plugins/$profile"
work=$(mktemp -d)
cluster=
cleanup() {
  [ -n "$cluster" ] && "$root/tests/slurm/stop.sh" "$cluster"
  rm -rf "$work"
}
trap cleanup EXIT
if [ -z "${SLURM_CONF:-}" ]; then
  cluster=$(mktemp -d -t q2rs-slurm-XXXXXX)
  eval "$("$root/tests/slurm/start.sh" "$cluster")"
fi
cd "$work"

cat >processes.toml <<'TOML'
[parsl]
[[parsl.executors]]
class = "HighThroughputExecutor"
label = "default"
max_workers = 2
[parsl.executors.provider]
class = "LocalProvider"
TOML
cat >slurm.toml <<'TOML'
[parsl]
[[parsl.executors]]
class = "HighThroughputExecutor"
label = "default"
max_workers_per_node = 2
[parsl.executors.provider]
class = "SlurmProvider"
exclusive = false
walltime = "00:30:00"
TOML

"$Q" dwq2 search-and-summarize --example-data ex >/dev/null
cp ex/Serial/reference-seqs.qza ex/Serial/reference-metadata.tsv .
cp ex/Serial/query-seqs.qza q5.qza
"$Q" tools export --input-path q5.qza --output-path q5 >/dev/null
python3 - <<'PY'
import glob
text = open(glob.glob("q5/*")[0]).read().split(">")[1:]
with open("q100.fasta", "w") as f:
    for copy in range(20):
        for record in text:
            name, _, seq = record.partition("\n")
            f.write(f">{name.split()[0]}-{copy}\n{seq}")
PY
"$Q" tools import --type 'FeatureData[Sequence]' --input-path q100.fasta --output-path q100.qza >/dev/null
mkdir ints && printf '1\n2\n3\n' >ints/ints.txt
"$Q" tools import --type IntSequence1 --input-path ints --output-path ints.qza >/dev/null

seconds() { # seconds COMMAND...: the best wall time of two runs of COMMAND, in seconds (the
  # machine may be shared; the outputs of the first run are removed before the second)
  local start end best= run t
  for run in 1 2; do
    rm -rf "$work"/out-*
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  printf '%.2f' "$best"
}
search() { # search QUERIES OUT [options]
  local queries=$1 out=$2; shift 2
  "$Q" dwq2 search-and-summarize --i-query-seqs "$queries" --i-reference-seqs reference-seqs.qza \
    --m-reference-metadata-file reference-metadata.tsv --p-split-size 1 \
    --o-hits "out-$out-hits.qza" --o-hits-table "out-$out-table.qzv" "$@"
}
fan_out() { # fan_out OUT [options]
  local out=$1; shift
  "$Q" mystery-stew fan-out --i-ints ints.qza --p-steps 99 --p-millis 0 --o-stamps "out-$out" "$@"
}

echo "== split_size=1, $profile build, $(nproc) cores"
for n in 5 100; do
  serial=$(seconds search "q$n.qza" "s$n")
  procs=$(seconds search "q$n.qza" "p$n" --parallel-config processes.toml)
  slurm=$(seconds search "q$n.qza" "u$n" --parallel-config slurm.toml)
  steps=$((n + 3))
  echo "$n queries ($steps steps): serial ${serial}s, processes ${procs}s, slurm ${slurm}s"
  search "q$n.qza" "s$n" >/dev/null
  "$Q" tools export --input-path "out-s$n-hits.qza" --output-path "s$n" >/dev/null
  search "q$n.qza" "u$n" --parallel-config slurm.toml >/dev/null
  "$Q" tools export --input-path "out-u$n-hits.qza" --output-path "u$n" >/dev/null
  cmp -s "s$n"/* "u$n"/* || { echo "error: the Slurm hits differ from the serial ones" >&2; exit 1; }
done
procs=$(seconds fan_out p-stamps --parallel-config processes.toml)
slurm=$(seconds fan_out u-stamps --parallel-config slurm.toml)
per_step() { echo "$1 * 1000 / 99" | bc -l | xargs printf '%.0f'; }
echo "99 empty steps: processes ${procs}s ($(per_step "$procs") ms/step), slurm ${slurm}s \
($(per_step "$slurm") ms/step, block start and stop included)"
# The Slurm run's fixed cost: one step, so nearly all of it is the block's start and stop.
one=$(seconds "$Q" mystery-stew fan-out --i-ints ints.qza --p-steps 1 --p-millis 0 --o-stamps out-one \
  --parallel-config slurm.toml)
echo "1 empty step on slurm: ${one}s (a block's submission, start, and stop at the end)"
extra=$(echo "($slurm - $one - $procs) * 1000 / 99" | bc -l | xargs printf '%.0f')
echo "Slurm's cost per step over worker processes, block start and stop excluded: ${extra} ms"
