#!/usr/bin/env python3
"""Checks tp_stamp against an independent reference (Python's zlib.crc32): builds a fake ELF-less
pair (a minimal ELF32 with an .isr_vector section and the matching .bin), stamps it, and verifies
magic, length and CRC-32 of the record. Prints "image stamp ok" or raises."""
import os
import struct
import subprocess
import sys
import tempfile
import zlib


def minimal_elf(section_data):
    """ELF32 LE with sections: null, .isr_vector (data), .shstrtab."""
    shstr = b"\0.isr_vector\0.shstrtab\0"
    data_off = 52
    str_off = data_off + len(section_data)
    sh_off = (str_off + len(shstr) + 3) & ~3
    header = b"\x7fELF" + bytes([1, 1, 1]) + bytes(9)
    header += struct.pack("<HHIIIIIHHHHHH", 2, 40, 1, 0, 0, sh_off, 0, 52, 0, 0, 40, 3, 2)
    body = header + section_data + shstr
    body += bytes(sh_off - len(body))
    sh = bytes(40)
    sh += struct.pack("<IIIIIIIIII", 1, 1, 6, 0, data_off, len(section_data), 0, 0, 4, 0)
    sh += struct.pack("<IIIIIIIIII", 13, 3, 0, 0, str_off, len(shstr), 0, 0, 1, 0)
    return body + sh, data_off


def main(tool):
    image = bytearray(os.urandom(4000))
    image[0x20:0x2C] = bytes(12)
    with tempfile.TemporaryDirectory() as d:
        elf, off = minimal_elf(bytes(image[:256]))
        open(os.path.join(d, "f.elf"), "wb").write(elf)
        open(os.path.join(d, "f.bin"), "wb").write(image)
        subprocess.run([tool, os.path.join(d, "f.elf"), os.path.join(d, "f.bin")], check=True,
                       stdout=subprocess.DEVNULL)
        stamped = open(os.path.join(d, "f.bin"), "rb").read()
        patched_elf = open(os.path.join(d, "f.elf"), "rb").read()
    magic, length, crc = struct.unpack_from("<III", stamped, 0x20)
    assert magic == 0x4D495054, hex(magic)
    assert length == len(image), length
    zeroed = stamped[:0x28] + bytes(4) + stamped[0x2C:]
    assert crc == zlib.crc32(zeroed), (hex(crc), hex(zlib.crc32(zeroed)))
    assert stamped[:0x20] == image[:0x20] and stamped[0x2C:] == image[0x2C:]
    assert patched_elf[off + 0x20:off + 0x2C] == stamped[0x20:0x2C]
    print("image stamp ok")


if __name__ == "__main__":
    main(sys.argv[1])
