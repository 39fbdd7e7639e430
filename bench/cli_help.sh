#!/usr/bin/env bash
# Measures the help of the command line with every workspace plugin installed next to the
# binary: `qiime --help`, `qiime dwq2 --help` and `qiime dwq2 search-and-summarize --help`.
# Prints the mean time of each in milliseconds.
#
# Usage: bench/cli_help.sh [RUNS]   (release build; set PROFILE=dev for the debug build)
# Uses hyperfine when installed, else a shell loop. The target is under 30 ms each.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-100}"
profile="${PROFILE:-release}"
cargo build --quiet --profile "$profile" -p q2cli -p q2-types-plugin -p q2-dwq2
qiime="$PWD/target/$([ "$profile" = dev ] && echo debug || echo "$profile")/qiime"
unset QIIME2_PLUGIN_PATH

commands=(
    "$qiime --help"
    "$qiime dwq2 --help"
    "$qiime dwq2 search-and-summarize --help"
)
for command in "${commands[@]}"; do
    $command >/dev/null
done

if command -v hyperfine >/dev/null; then
    export_file="$(mktemp)"
    trap 'rm -f "$export_file"' EXIT
    hyperfine --shell=none --warmup 10 --runs "$runs" --style basic \
        --export-json "$export_file" "${commands[@]}" >&2
    python3 - "$export_file" "$qiime" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
for result in results:
    command = result["command"].replace(sys.argv[2], "qiime")
    print(f"{command}: mean {result['mean'] * 1000:.1f} ms (± {result['stddev'] * 1000:.1f} ms)")
PY
else
    for command in "${commands[@]}"; do
        for _ in $(seq 10); do $command >/dev/null; done
        start=$(date +%s%N)
        for _ in $(seq "$runs"); do $command >/dev/null; done
        end=$(date +%s%N)
        echo "${command/#$qiime/qiime}: mean $(( (end - start) / runs / 1000 )) us"
    done
fi
