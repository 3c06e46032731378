#!/usr/bin/env python3
"""Checks that each board's profile.json says what its build does: cflags equal board.mk's
BOARD_CFLAGS plus the Makefile's -O2, flash/sram equal app.ld's FLASH/RAM regions, and board_config.h's
chip ID and clock match, and on emulated boards the bootloader region equals bootloader.ld's FLASH.
Prints "profiles ok" or raises naming the board, the field and both values."""
import glob
import json
import os
import re

BOARDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "boards")
UNITS = {"": 1, "K": 1024, "M": 1024 * 1024}


def regions(ld_path):
    text = open(ld_path).read()
    out = {}
    for name, origin, length, unit in re.findall(
            r"(\w+)\s*\([rwx]+\)\s*:\s*ORIGIN\s*=\s*(0x[0-9A-Fa-f]+|\d+)\s*,\s*LENGTH\s*=\s*(\d+)([KM]?)", text):
        out[name] = (int(origin, 0), int(length) * UNITS[unit])
    return out


def check(board_dir):
    name = os.path.basename(board_dir)
    profile = json.load(open(os.path.join(board_dir, "profile.json")))
    mk = open(os.path.join(board_dir, "board.mk")).read()
    cflags = re.search(r"BOARD_CFLAGS\s*:=\s*(.*)", mk).group(1).split() + ["-O2"]
    assert profile["name"] == name, f"{name}: profile name {profile['name']}"
    assert profile["cflags"] == cflags, f"{name}: cflags {profile['cflags']} vs board.mk {cflags}"
    app = regions(os.path.join(board_dir, "app.ld"))
    for field, region in (("flash", "FLASH"), ("sram", "RAM")):
        # proto3 JSON leaves out fields at their default (0) and may write 64-bit numbers as strings
        want = (int(profile[field].get("origin", 0)), int(profile[field]["length"]))
        assert app[region] == want, f"{name}: {field} {want} vs app.ld {region} {app[region]}"
    if "emulator" in profile:
        boot = regions(os.path.join(board_dir, "bootloader.ld"))["FLASH"]
        fl = profile["flashing"]
        want = (int(fl.get("bootloader_origin", 0)), int(fl["bootloader_length"]))
        assert boot == want, f"{name}: bootloader {boot} vs profile {want}"
    config = open(os.path.join(board_dir, "board_config.h")).read()
    chip = int(re.search(r"TP_BOARD_CHIP_ID\s+(0x[0-9A-Fa-f]+)", config).group(1), 16)
    assert chip == profile["flashing"]["chip_id"], f"{name}: chip_id vs board_config.h {chip}"
    clock = int(re.search(r"TP_BOARD_CORE_HZ\s+(\d+)", config).group(1))
    assert clock == profile["clock_hz"], f"{name}: clock_hz vs board_config.h {clock}"


def main():
    boards = sorted(d for d in glob.glob(os.path.join(BOARDS, "*")) if os.path.exists(os.path.join(d, "profile.json")))
    assert len(boards) >= 7, boards
    for d in boards:
        check(d)
    print(f"profiles ok ({len(boards)} boards)")


if __name__ == "__main__":
    main()
