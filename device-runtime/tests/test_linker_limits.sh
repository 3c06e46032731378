#!/usr/bin/env bash
# The profile's SRAM and flash budgets are enforced by the linker: a stack that does not fit the
# board's SRAM, or constant data that does not fit its flash, must fail the build with the
# linker's region-overflow message. Prints "linker limits ok".
set -euo pipefail
DR="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

expect_overflow() { # $1 = region, rest = make arguments
  local region="$1"; shift
  if make -s -C "$DR" "$@" OUT="$TMP/out" > "$TMP/log" 2>&1; then
    echo "build with $* fitted; expected region $region to overflow" >&2; exit 1
  fi
  grep -q "region \`$region' overflowed" "$TMP/log" || { cat "$TMP/log" >&2; exit 1; }
  rm -rf "$TMP/out"
}

# qemu-m4 has 128 KiB of SRAM: a 128 KiB stack plus static data cannot fit.
expect_overflow RAM BOARD=qemu-m4 STACK_BYTES=131072

# qemu-m4 has 496 KiB for the application: a model with 500 KiB of weights cannot fit.
# qemu-m4 has 496 KiB for the application: a model with 500 KiB of weights cannot fit. The array
# is read by tp_model_input() so --gc-sections keeps it.
mkdir -p "$TMP/big"
cp "$DR/tests/fixture_model/model.h" "$TMP/big/"
{
  echo '#include <stdint.h>'
  echo 'const int8_t tp_big_weights[500 * 1024] = {1};'
  sed 's/^    return g_arena;$/    return g_arena + (*(const volatile int8_t *)tp_big_weights - 1);/' "$DR/tests/fixture_model/model.c"
} > "$TMP/big/model.c"
grep -qF 'volatile int8_t *)tp_big_weights' "$TMP/big/model.c"
expect_overflow FLASH BOARD=qemu-m4 MODEL_DIR="$TMP/big"

# A physical STM32F446RE's 512 KiB flash cannot hold it either once the runtime is added.
expect_overflow FLASH BOARD=nucleo-f446re MODEL_DIR="$TMP/big"
echo "linker limits ok"
