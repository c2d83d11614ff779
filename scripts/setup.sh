#!/usr/bin/env bash
# Create .venv and install the project with its test tools. Offline except for PyPI (and Debian's packages as root).
set -euo pipefail
cd "$(dirname "$0")/.."

# System tools: Tesseract with its Vietnamese model (scans), LibreOffice (.doc/.rtf, and Word -> PDF in the format
# benchmarks), poppler-utils (PDF pages as images), fonts with Vietnamese letters for LibreOffice to draw with
# (Liberation has the metrics of Times New Roman and Arial, so Word files keep their line and page breaks).
missing=()
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -qx vie || missing+=(tesseract-ocr-vie)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
[ -d /usr/share/fonts/truetype/liberation2 ] || missing+=(fonts-liberation2)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "setup: installing system packages: ${missing[*]}" >&2
        if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
            echo "setup: warning: apt-get could not install ${missing[*]}; scans, .doc/.rtf and the format" \
                 "benchmarks will say what is missing" >&2
        fi
    else
        echo "setup: note: system packages missing: ${missing[*]}. Without them scanned files and .doc/.rtf" \
             "cannot be read and bench.convert cannot run. Install them as root:" \
             "apt-get install --no-install-recommends ${missing[*]}" >&2
    fi
fi

python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e ".[dev]"
