#!/usr/bin/env bash
# Installs the Debian packages tinyprune needs, skipping the work when they are already there.
# Usage: scripts/install-deps.sh [--with-torch]   (python3-torch is only for the training-speed baseline)
# clang and libclang-rt-dev (its libFuzzer and sanitizer runtimes) build the C fuzz targets.
set -euo pipefail
packages=(maven util-linux qemu-system-arm qemu-user gcc-arm-none-eabi libnewlib-arm-none-eabi dataset-fashion-mnist stm32flash ser2net gcc make clang clang-format libclang-rt-dev)
if [ "${1:-}" = "--with-torch" ]; then packages+=(python3-torch); fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
