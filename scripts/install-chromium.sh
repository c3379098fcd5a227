#!/usr/bin/env bash
# Install headless Chromium and a CJK font for the browser tests (tests/render/test_browser.py).
# Best effort: without root, apt-get or network it says so and exits 0, and those tests skip.
set -u

have_chromium() { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }
have_cjk_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]; }

if have_chromium && have_cjk_font; then
    exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-chromium: not root or no apt-get; browser tests will be skipped" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk fontconfig >/dev/null; then
    echo "install-chromium: installed $(chromium --version 2>/dev/null)"
else
    echo "install-chromium: could not install chromium; browser tests will be skipped" >&2
fi
exit 0
