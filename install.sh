#!/usr/bin/env bash
# Installs what affiche needs on a fresh Debian/Ubuntu machine, then the Python package.
#   ./install.sh          the libraries WeasyPrint loads, and affiche itself
#   ./install.sh --test   also the PDF/SVG tools and Python packages the tests use
set -euo pipefail
cd "$(dirname "$0")"

runtime_packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig)
# chromium: the download page test opens output/index.html in it (through the playwright package).
# ghostscript: tests/test_separations.py separates the print PDFs into plates (render.py check
# does too when it is installed, and says it skipped them when not). zbar-tools: zbarimg reads the
# QR codes back from the rasterised outputs. libcairo2: cairosvg, which the tests draw the poster's SVG
# master with. nodejs, npm: axe-core (tests/axe/), which the editor's accessibility test injects into its
# page; Debian's, only where no npm is on the PATH (a Node.js installed otherwise conflicts with them).
test_packages=(poppler-utils qpdf librsvg2-bin chromium ghostscript zbar-tools libcairo2)
command -v npm >/dev/null 2>&1 || test_packages+=(nodejs npm)

with_tests=false
[ "${1:-}" = "--test" ] && with_tests=true

packages=("${runtime_packages[@]}")
$with_tests && packages+=("${test_packages[@]}")

if command -v apt-get >/dev/null 2>&1; then
    missing=()
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
else
    echo "install.sh: no apt-get here; install these with your package manager: ${packages[*]}" >&2
fi

extra=""
$with_tests && extra="[test]"
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e ".${extra}"
if $with_tests && command -v npm >/dev/null 2>&1; then
    (cd tests/axe && npm ci --no-audit --no-fund --silent)
fi
