#!/usr/bin/env bash
# setup-deps.sh: install the Debian packages entente needs, only those missing (idempotent).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  liblua5.4-dev libcjson-dev libcmocka-dev
  libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev fonts-dejavu-core
  xvfb xauth xdotool imagemagick   # the viewer's end-to-end test in a real window
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ $status == installed ]] || missing+=("$p")
done

if (( ${#missing[@]} == 0 )); then
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "setup-deps: missing packages (${missing[*]}) and no apt-get: install them by hand" >&2
  exit 1
fi

sudo=()
if (( EUID != 0 )); then
  if command -v sudo >/dev/null; then
    sudo=(sudo)
  else
    echo "setup-deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "setup-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
