#!/usr/bin/env bash
# Benchmark of the Python API (not a test): the wheel built by `pip install ./python` (release
# by default) into a fresh virtual environment, then
#  1. `import qiime2` plus loading the plugins (`import qiime2.plugins`), timed inside fresh
#     interpreters (median of RUNS), and the whole `python -c 'import qiime2.plugins'` process;
#  2. the parallel tutorial through Python (its first snippet, then saving both outputs, as the
#     CLI does) against the CLI's `search-and-summarize ... --parallel` (median wall time of RUNS
#     each, run alternately in the example folder; the CLI with and without its recycle pool);
#  3. the same on worker processes: the tutorial's second snippet (a config file of two worker
#     processes) against the CLI with `--parallel-config` of the same file.
#
# Usage: bench/python_api.sh [RUNS]   (PROFILE=dev for a quick debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
profile="${PROFILE:-release}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
Q2RS_BUILD_PROFILE="$profile" "$work/venv/bin/pip" install --quiet ./python
py="$work/venv/bin/python"
qiime="$("$py" -c 'import os, qiime2; print(os.path.join(os.path.dirname(qiime2.__file__), "_lib", "qiime"))')"
unset QIIME2_PLUGIN_PATH QIIME2_CONFIG

cd "$work"
"$qiime" dwq2 search-and-summarize --example-data ex >/dev/null
cd ex/Serial
cat >snippet.py <<'PY'
from qiime2.sdk.parallel_config import ParallelConfig
from qiime2.plugins.dwq2.pipelines import search_and_summarize
from qiime2 import Artifact, Metadata

query_seqs = Artifact.load('query-seqs.qza')
reference_seqs = Artifact.load('reference-seqs.qza')
reference_metadata = Metadata.load('reference-metadata.tsv')

with ParallelConfig():
    future = search_and_summarize.parallel(query_seqs=query_seqs,
                                           reference_seqs=reference_seqs,
                                           reference_metadata=reference_metadata,
                                           split_size=1)
    result = future._result()
result.hits.save('py-hits.qza')
result.hits_table.save('py-hits-table.qzv')
PY
cat >config.toml <<'TOML'
[parsl]
strategy = "None"

[[parsl.executors]]
class = "ThreadPoolExecutor"
label = "tpool"
max_threads = 2

[[parsl.executors]]
class = "HighThroughputExecutor"
label = "default"
max_workers = 2

[parsl.executors.provider]
class = "LocalProvider"
TOML
{ sed -n '1,8p' snippet.py; cat <<'PY'
from qiime2.sdk.parallel_config import get_config_from_file
c, m = get_config_from_file('config.toml')
with ParallelConfig(parallel_config=c, action_executor_mapping=m):
    future = search_and_summarize.parallel(query_seqs=query_seqs,
                                           reference_seqs=reference_seqs,
                                           reference_metadata=reference_metadata,
                                           split_size=1)
    result = future._result()
result.hits.save('py2-hits.qza')
result.hits_table.save('py2-hits-table.qzv')
PY
} >processes.py

"$py" - "$runs" "$py" "$qiime" <<'PY'
import statistics, subprocess, sys, time

runs, py, qiime = int(sys.argv[1]), sys.argv[2], sys.argv[3]
inner = ("import time; t = time.perf_counter(); import qiime2, qiime2.plugins; "
         "print((time.perf_counter() - t) * 1000)")
imports = [float(subprocess.run([py, "-c", inner], capture_output=True, text=True,
                                check=True).stdout) for _ in range(runs)]


def wall(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return (time.perf_counter() - start) * 1000


whole = [wall([py, "-c", "import qiime2.plugins"]) for _ in range(runs)]
bare = [wall([py, "-c", "pass"]) for _ in range(runs)]
cli_args = [qiime, "dwq2", "search-and-summarize", "--i-query-seqs", "query-seqs.qza",
            "--i-reference-seqs", "reference-seqs.qza",
            "--m-reference-metadata-file", "reference-metadata.tsv", "--p-split-size", "1",
            "--o-hits", "cli-hits.qza", "--o-hits-table", "cli-hits-table.qzv", "--parallel"]
cli, cli_pool, python, cli_processes, python_processes = [], [], [], [], []
for _ in range(runs):
    cli.append(wall(cli_args + ["--no-recycle"]))
    cli_pool.append(wall(cli_args))
    python.append(wall([py, "snippet.py"]))
    cli_processes.append(wall(cli_args + ["--no-recycle", "--parallel-config", "config.toml"]))
    python_processes.append(wall([py, "processes.py"]))
med = statistics.median
print(f"import qiime2 + plugins, in process: median {med(imports):.1f} ms "
      f"(min {min(imports):.1f}, max {max(imports):.1f})")
print(f"python -c 'import qiime2.plugins': median {med(whole):.1f} ms "
      f"(bare interpreter {med(bare):.1f} ms)")
print(f"tutorial, CLI --parallel --no-recycle: median {med(cli):.1f} ms")
print(f"tutorial, CLI --parallel (recycle pool): median {med(cli_pool):.1f} ms")
print(f"tutorial, Python snippet + save: median {med(python):.1f} ms "
      f"= {med(python) / med(cli):.2f}x the CLI without a pool, "
      f"{med(python) / med(cli_pool):.2f}x with")
print(f"worker processes, CLI --parallel-config --no-recycle: median "
      f"{med(cli_processes):.1f} ms; Python second snippet + save: median "
      f"{med(python_processes):.1f} ms = {med(python_processes) / med(cli_processes):.2f}x")
PY
