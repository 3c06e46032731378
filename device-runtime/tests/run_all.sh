#!/usr/bin/env bash
# Builds every emulated board's bootloader and firmware (fixture model unless MODEL_DIR is set),
# cross-compiles the real boards, runs the host tests, then the end-to-end test on each emulated
# board and the stm32flash interoperability test on the boards stm32flash 0.7 knows.
set -euo pipefail
cd "$(dirname "$0")/.."
for b in qemu-m4 qemu-m7 qemu-m33; do make -s BOARD="$b" firmware bootloader > /dev/null; done
for b in nucleo-l4r5zi nucleo-f767zi nucleo-h743zi nucleo-f446re; do
  [ -f "../boards/$b/board.mk" ] && make -s BOARD="$b" firmware > /dev/null
done
make -s -C tests
tests/test_linker_limits.sh
for b in qemu-m4 qemu-m7 qemu-m33; do python3 tests/test_emulated.py "$b"; done
for b in qemu-m4 qemu-m7; do python3 tests/test_fp_context.py "$b"; done
if command -v stm32flash > /dev/null; then
  for b in qemu-m4 qemu-m7; do python3 tests/test_stm32flash.py "$b"; done
fi
echo "device-runtime tests ok"
