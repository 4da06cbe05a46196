#!/bin/sh
# System libraries briefgen needs beyond Python: Pango (WeasyPrint renders the PDF with it),
# HarfBuzz-Subset (WeasyPrint embeds font subsets with it), DejaVu fonts (cover accented Latin, Turkish, Greek and Cyrillic), WordNet 3.0 and python3-venv.
# Installs them with apt-get when running as root on Debian/Ubuntu; otherwise prints the
# exact command to run and stops.
set -eu

missing=""

has_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }

has_lib "libpango-1.0.so" || missing="$missing libpango-1.0-0"
has_lib "libpangoft2-1.0.so" || missing="$missing libpangoft2-1.0-0"
has_lib "libharfbuzz.so" || missing="$missing libharfbuzz0b"
has_lib "libharfbuzz-subset.so" || missing="$missing libharfbuzz-subset0"
has_lib "libfontconfig.so" || missing="$missing libfontconfig1"
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core"
# WordNet 3.0 for the fact engine's base forms and near-synonyms (optional: without it the
# engine matches stems only); nltk reads it in place, nothing is downloaded
[ -e /usr/share/wordnet/data.verb ] || missing="$missing wordnet-base"

PY="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ] && ! "$PY" -c "import ensurepip, venv" >/dev/null 2>&1; then
    missing="$missing python3-venv"
fi

[ -z "$missing" ] && exit 0

echo "briefgen needs these system packages:$missing"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "Install them, then run make again:" >&2
    echo "    sudo apt-get install -y$missing" >&2
    echo "(other systems: Pango >= 1.44 and the DejaVu fonts; see WeasyPrint's install docs)" >&2
    exit 1
fi
