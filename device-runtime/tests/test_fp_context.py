#!/usr/bin/env python3
"""The startup code turns off automatic floating-point context stacking (FPCCR.ASPEN and LSPEN),
so an interrupt landing at the deepest kernel frame adds the 32-byte basic exception frame to the
stack, not the 104-byte one with FP context (issue 16 item 4; the resource model prices the
frame). Boots the board's resident bootloader (same startup as the application) and reads CPACR
and FPCCR through the QEMU monitor.

  python3 test_fp_context.py qemu-m4 [BUILD_DIR]

BUILD_DIR defaults to device-runtime/build/<board> and must hold bootloader.elf. For the ARMv7-M
boards (qemu-m4, qemu-m7): on qemu-m33 (ARMv8-M with the security extension) the monitor reads the
non-secure bank of these registers, not the one the secure firmware writes.
Prints "fp context test ok".
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu_board import EmulatedBoard  # noqa: E402

DR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CPACR = 0xE000ED88
FPCCR = 0xE000EF34


def read_word(qemu, address):
    reply = qemu._qmp({"execute": "human-monitor-command",
                       "arguments": {"command-line": f"xp /1wx {address:#x}"}})
    text = reply.get("return", "")
    m = re.search(r":\s*(0x[0-9a-fA-F]+)", text)
    if not m:
        raise RuntimeError(f"QEMU monitor gave no word at {address:#x}: {reply!r}")
    return int(m.group(1), 16)


def main():
    board = sys.argv[1]
    build = sys.argv[2] if len(sys.argv) > 2 else os.path.join(DR, "build", board)
    qemu = EmulatedBoard(board, os.path.join(build, "bootloader.elf"))
    try:
        before = read_word(qemu, FPCCR)
        qemu.resume()
        time.sleep(0.5)
        cpacr = read_word(qemu, CPACR)
        fpccr = read_word(qemu, FPCCR)
    finally:
        qemu.close()
    assert (cpacr >> 20) & 0xF == 0xF, f"{board}: CPACR {cpacr:#010x}: the FPU is not enabled"
    assert (before >> 30) & 3 == 3, f"{board}: FPCCR at reset {before:#010x}, expected ASPEN and LSPEN set"
    assert (fpccr >> 30) & 3 == 0, (f"{board}: FPCCR {fpccr:#010x} after boot: automatic FP context "
                                    "stacking is still on (an interrupt would push 104 bytes)")
    print(f"{board}: FPCCR {before:#010x} at reset, {fpccr:#010x} after boot")
    print("fp context test ok")


if __name__ == "__main__":
    main()
