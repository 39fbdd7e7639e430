#!/usr/bin/env bash
# CI of the Python API (called by .ci/run): builds the wheel with `pip install ./python` into a
# fresh virtual environment (dev profile, in the workspace's target folder, so what `cargo test`
# built is reused), installs pytest, pandas and parsl from PyPI, and runs the pytest suite.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
venv=$(mktemp -d -t q2rs-venv-XXXXXX)
trap 'rm -rf "$venv"' EXIT
"$python" -m venv "$venv"
Q2RS_BUILD_PROFILE=dev "$venv/bin/pip" install --quiet ./python
"$venv/bin/pip" install --quiet pytest pandas parsl

# The test plugin (every kind of input, collections, failing and sleeping actions) is added
# through QIIME2_PLUGIN_PATH, as a user adds a plugin.
# Built outside the workspace (tests/mystery-stew-plugin), so that no user's qiime loads it.
target=$(cargo metadata --format-version 1 --no-deps |
  "$python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
cargo build --quiet --offline --manifest-path tests/mystery-stew-plugin/Cargo.toml \
  --target-dir "$target/test-plugins" --config "build.build-dir=\"$target\""
export Q2RS_TEST_PLUGIN="$target/test-plugins/debug/libq2_mystery_stew_plugin.so"

# -p no:cacheprovider: nothing is written into the source tree.
"$venv/bin/python" -m pytest python/tests -q -p no:cacheprovider -rfE
