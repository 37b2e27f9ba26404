#!/usr/bin/env bash
# Refreshes the README's screenshots, docs/screenshots/serve.png (the page of
# `prepoll serve` with a finding selected) and docs/screenshots/report.png
# (the `--format html` audit report), by running the browser tests, which
# take them in headless Chromium. Needs chromium and chromedriver
# (Debian: apt-get install chromium chromium-driver).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/screenshots
PREPOLL_SCREENSHOTS_DIR=docs/screenshots PREPOLL_BROWSER_TESTS=required \
  cargo test --test browser -- --test-threads=1
ls -l docs/screenshots/serve.png docs/screenshots/report.png
