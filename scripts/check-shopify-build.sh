#!/usr/bin/env bash
# `shopify app build` as a check: the app's build command (shopify.web.toml), the web pixel
# bundle and Theme Check on the theme app extension, offline and without a Partner login.
# Shopify CLI 4.8 exits 0 even when Theme Check reports errors, so the output is read too:
# fails on a non-zero exit, a time-out (it has hung before), an `[error]` line, or no
# success banner. Usage: scripts/check-shopify-build.sh [seconds, default 300]
set -uo pipefail
cd "$(dirname "$0")/.."
limit=${1:-300}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Dependencies are installed by npm ci at the root; the CLI would otherwise npm-install
# inside extensions/waymark-pixel and leave a second lockfile there.
CI=1 SHOPIFY_CLI_NO_ANALYTICS=1 timeout --kill-after=10 "$limit" \
  npx --no-install shopify app build --skip-dependencies-installation </dev/null >"$log" 2>&1
code=$?
cat "$log"
if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
  echo "check-shopify-build: shopify app build did not finish within ${limit} s" >&2
  exit 1
fi
if [ "$code" -ne 0 ]; then
  echo "check-shopify-build: shopify app build exited with $code" >&2
  exit 1
fi
if grep -q '\[error\]' "$log"; then
  echo "check-shopify-build: shopify app build exited 0 but reported errors (above)" >&2
  exit 1
fi
if ! grep -q 'built!' "$log"; then
  echo "check-shopify-build: shopify app build printed no success banner" >&2
  exit 1
fi
echo "check-shopify-build: ok"
