#!/usr/bin/env bash
# Install the Debian packages the book needs (XeLaTeX, poppler, Chromium), or say how to.
set -euo pipefail
packages=(texlive-xetex texlive-latex-extra texlive-fonts-recommended latexmk fonts-freefont-otf
          fonts-dejavu-core poppler-utils chromium
          texlive-lang-french)  # babel-french and French hyphenation for the French PDF
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
line="apt-get update && apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Run as root:  $line" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${missing[@]}"
