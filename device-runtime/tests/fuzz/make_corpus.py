#!/usr/bin/env python3
"""Writes the committed seed corpora of the two libFuzzer targets: valid AN3155 exchanges for the
bootloader (addresses in the STM32 flash window 0x08000000, which the stand-in board maps to its
code memory) and benchmark-protocol sessions for the server (fixture model: 64 input bytes).
Usage: make_corpus.py DIR   (writes DIR/bootloader/* and DIR/server/*)"""
import struct
import sys
import zlib
from pathlib import Path


def cmd(code):
    return bytes([code, code ^ 0xFF])


def addr(a):
    b = struct.pack(">I", a)
    return b + bytes([b[0] ^ b[1] ^ b[2] ^ b[3]])


def write(a, data):
    n = len(data) - 1
    x = n
    for d in data:
        x ^= d
    return cmd(0x31) + addr(a) + bytes([n]) + data + bytes([x])


def image():
    """A 64-byte application image with its TPIM integrity record (tp_image.h)."""
    img = bytearray(64)
    struct.pack_into("<III", img, 0x20, 0x4D495054, len(img), 0)
    struct.pack_into("<I", img, 0x28, zlib.crc32(bytes(img)))
    return bytes(img)


APP = 0x08004000
BOOTLOADER = {
    "sync": b"\x7f",
    "get": b"\x7f" + cmd(0x00),
    "get_version_id": cmd(0x01) + cmd(0x02),
    "read_flash": cmd(0x11) + addr(0x08000000) + b"\xff\x00",
    "read_ram": cmd(0x11) + addr(0x20000000) + b"\x0f\xf0",
    "write": write(APP, b"\x01\x02\x03\x04"),
    "ext_erase_page": cmd(0x44) + b"\x00\x00\x00\x01\x01",
    "ext_erase_mass": cmd(0x44) + b"\xff\xff\x00",
    "erase_page": cmd(0x43) + b"\x00\x01\x01",
    "write_go": cmd(0x44) + b"\xff\xff\x00" + write(APP, image()) + cmd(0x21) + addr(APP),
    "bad_complement": b"\x11\x11" + cmd(0x31) + addr(0x08000000),
}

HEX = "".join("%02x" % (i * 7 & 0xFF) for i in range(64))
SERVER = {
    "eembc": "name%profile%timestamp%",
    "load_infer": "db load 64%db " + HEX + "%infer 2 1%results%",
    "tinyprune": "db load 64%db " + HEX[:64] + "%db " + HEX[64:] + "%tp-run%tp-output%tp-window%"
                 "infer 1 0%tp-window%tp-layers%tp-memory%tp-identity%",
    "refusals": "db 00%db load 65%infer%infer 0%infer 1 x%results%tp-output%db load 64%db 0g%db 123%",
    "unknown": "hello%%  %" + "x" * 90 + "%",
}


def main():
    out = Path(sys.argv[1])
    for name, data in BOOTLOADER.items():
        (out / "bootloader").mkdir(parents=True, exist_ok=True)
        (out / "bootloader" / name).write_bytes(data)
    for name, text in SERVER.items():
        (out / "server").mkdir(parents=True, exist_ok=True)
        (out / "server" / name).write_bytes(text.encode("ascii"))


if __name__ == "__main__":
    main()
