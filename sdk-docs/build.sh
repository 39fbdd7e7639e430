#!/usr/bin/env bash
# Builds the plugin author's guide with its API pages: the book into sdk-docs/book/ and the
# rustdoc of the workspace into sdk-docs/book/api/, where the book's links point. Open
# sdk-docs/book/index.html afterwards. Installs mdbook (pinned, without its server) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

MDBOOK_VERSION=0.5.4
if [ "$(mdbook --version 2>/dev/null)" != "mdbook v$MDBOOK_VERSION" ]; then
  cargo install mdbook --locked --version "$MDBOOK_VERSION" --no-default-features
fi
mkdir -p target
# mdbook reports some problems (a broken link to a page, say) as an ERROR line but still
# succeeds: fail on them here.
mdbook build sdk-docs 2>&1 | tee target/mdbook.log
if grep -q ERROR target/mdbook.log; then echo "mdbook build sdk-docs reported errors" >&2; exit 1; fi
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --workspace
target=$(cargo metadata --format-version 1 --no-deps |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
rm -rf sdk-docs/book/api && cp -r "$target/doc" sdk-docs/book/api
echo "The guide is in sdk-docs/book/index.html"
