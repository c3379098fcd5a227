#!/usr/bin/env bash
# Install headless LibreOffice (Writer) and a CJK font for the page-level tests of the .docx documents.
# Best effort: without root, apt-get or network it says so and exits 0, and those tests skip.
set -u

have_soffice() { command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; }
have_cjk_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]; }

if have_soffice && have_cjk_font; then
    exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-libreoffice: not root or no apt-get; docx page tests will be skipped" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk fontconfig poppler-utils >/dev/null; then
    echo "install-libreoffice: installed $(soffice --version 2>/dev/null | head -1)"
else
    echo "install-libreoffice: could not install LibreOffice; docx page tests will be skipped" >&2
fi
exit 0
