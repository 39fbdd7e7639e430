#!/usr/bin/env bash
# Measures `qiime info` with the workspace's plugins installed next to the binary: the time to
# find, load and check every plugin and print the report. Prints the mean in milliseconds.
#
# Usage: bench/info.sh [RUNS]   (debug build; set PROFILE=release for a release build)
# Uses hyperfine when installed, else a shell loop.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-200}"
profile="${PROFILE:-dev}"
cargo build --quiet --offline --profile "$profile" -p q2cli -p q2-types-plugin -p q2-dwq2
dir="target/$([ "$profile" = dev ] && echo debug || echo "$profile")"
qiime="$dir/qiime"
unset QIIME2_PLUGIN_PATH

"$qiime" info
echo

if command -v hyperfine >/dev/null; then
    hyperfine --shell=none --warmup 10 --runs "$runs" "$qiime info"
else
    for _ in $(seq 10); do "$qiime" info >/dev/null; done
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do "$qiime" info >/dev/null; done
    end=$(date +%s%N)
    echo "qiime info: mean $(( (end - start) / runs / 1000 )) us over $runs runs"
fi
