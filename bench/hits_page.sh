#!/usr/bin/env bash
# Benchmark of the hits page (not a test): how long headless Chromium takes to draw the page of
# `tabulate-las-results` for 100,000 hits (10,000 queries x 10 hits, 250-column alignments, with
# 10 metadata columns about 2,000 references), from navigation start to the first frame with the
# rows and plots (the page's `data-ready` mark, Performance API clock). Also prints the page's
# size, and how long sorting all rows by score and filtering them take once drawn.
# Usage: bash bench/hits_page.sh [HITS]   (builds the release binaries first; needs chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
hits=${1:-100000}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome) ||
  { echo "needs chromium (apt-get install chromium)" >&2; exit 1; }
cargo build --release --quiet -p q2cli -p q2-dwq2 -p q2-types-plugin
Q="$PWD/target/release/qiime"
data_script="$PWD/bench/hits_page_data.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

python3 "$data_script" data "$hits"
"$Q" tools import --type LocalAlignmentSearchResults --input-path data/hits.tsv --output-path hits.qza >/dev/null
t0=$(date +%s.%N)
"$Q" dwq2 tabulate-las-results --i-hits hits.qza --m-reference-metadata-file data/reference-metadata.tsv \
  --o-visualization hits.qzv >/dev/null
t1=$(date +%s.%N)
mkdir page && (cd page && unzip -q ../hits.qzv)
page=$(echo "$PWD"/page/*/data/index.html)
# The probe runs right after the page's own script: it times a sort and a filter, then drops the
# embedded data so that --dump-dom prints a small document (the page has already read it).
probe='<script>(function () {
  var t = performance.now();
  document.querySelector("#hits th:nth-child(6)").click();
  var sort = performance.now() - t;
  var filter = document.getElementById("filter");
  filter.value = "Genus7";
  t = performance.now();
  filter.dispatchEvent(new Event("input"));
  var found = performance.now() - t;
  document.getElementById("hits-data").remove();
  document.body.dataset.probe = [Math.round(sort), Math.round(found), document.getElementById("shown").textContent].join("|");
})();</script>'
python3 - "$page" "$probe" <<'PY'
import sys
path, probe = sys.argv[1], sys.argv[2]
html = open(path).read()
open(path.replace("index.html", "probe.html"), "w").write(html.replace("</body>", probe + "</body>"))
PY

printf 'hits: %d, page: %.1f MB, written by tabulate-las-results in %.2f s\n' "$hits" \
  "$(echo "$(stat -c %s "$page") / 1000000" | bc -l)" "$(echo "$t1 - $t0" | bc -l)"
draws=()
for run in 1 2 3 4 5; do
  dom=$("$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --user-data-dir="$work/profile" --dump-dom "file://${page%index.html}probe.html" 2>/dev/null)
  ready=$(grep -o 'data-ready="[0-9]*"' <<<"$dom" | head -1 | tr -dc 0-9)
  probed=$(grep -o 'data-probe="[^"]*"' <<<"$dom" | head -1 | cut -d'"' -f2)
  [ -n "$ready" ] || { echo "run $run: the page never marked itself drawn" >&2; exit 1; }
  IFS='|' read -r sort filter shown <<<"$probed"
  printf 'run %d: drawn %5d ms after navigation start; sort by score %4d ms; filter %4d ms (%s)\n' \
    "$run" "$ready" "$sort" "$filter" "$shown"
  draws+=("$ready")
done
median=$(printf '%s\n' "${draws[@]}" | sort -n | sed -n 3p)
echo "median time to draw the ${hits}-hit page: ${median} ms (target: under 2000 ms)"
