#!/usr/bin/env bash
# Debian/Ubuntu packages Vetorbase needs outside Python: Qt's runtime libraries,
# fonts, binutils (PyInstaller reads binaries with objdump), and Tesseract with its
# Portuguese and English data for OCR of scanned PDFs and images, and PostgreSQL's
# server (the test suite starts its own throw-away cluster on 127.0.0.1). Installs only what
# is missing, and only when it can (root with apt-get); otherwise says what to install.
set -euo pipefail

PKGS=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
      libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
      libxcb-randr0 libxcb-render-util0 libxcb-xinerama0 fonts-dejavu-core binutils
      tesseract-ocr tesseract-ocr-por tesseract-ocr-eng
      postgresql)

command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian: nothing we know how to do

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Vetorbase needs these system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
fi
