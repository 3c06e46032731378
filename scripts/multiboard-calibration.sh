#!/usr/bin/env bash
# Wall time of the calibration grid on one emulated board versus N emulated boards (BENCHMARKS.md).
#   scripts/multiboard-calibration.sh [--grid full|small] [--boards N] [--board B] [--out DIR]
# Runs `tinyprune calibrate --dry-run` (the board profile is left alone) twice from scratch: with
# --boards 1 into DIR/one and with --boards N (default 3) into DIR/many, timing each, then checks that
# both measurements.json hold the same networks in the same order with every figure equal but the
# time stamp and cycle counts, and those within one SysTick tick (1e9 / clock_hz instructions under
# -icount shift=0). Prints one markdown table row for BENCHMARKS.md with the machine's cores and load
# average. DIR defaults to build/multiboard-GRID and must not exist yet. Run it on an idle machine:
# each QEMU takes one core and the firmware builds take the others.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
grid=full
boards=3
board=qemu-m4
out=
usage() {
  echo "usage: scripts/multiboard-calibration.sh [--grid full|small] [--boards N] [--board B] [--out DIR]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --grid) [ $# -ge 2 ] || usage; grid="$2"; shift 2 ;;
    --boards) [ $# -ge 2 ] || usage; boards="$2"; shift 2 ;;
    --board) [ $# -ge 2 ] || usage; board="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    *) usage ;;
  esac
done
case "$grid" in full|small) ;; *) echo "--grid must be full or small, got '$grid'" >&2; exit 2 ;; esac
case "$boards" in ''|*[!0-9]*|0) echo "--boards must be a whole number of at least 1, got '$boards'" >&2; exit 2 ;; esac
out="${out:-$root/build/multiboard-$grid}"
if [ -e "$out" ]; then
  echo "$out already exists; remove it or give another --out (the runs must start from scratch)" >&2
  exit 2
fi
mkdir -p "$out"

run() { # NAME BOARDS
  local start end
  start=$(date +%s.%N)
  "$root/tinyprune" calibrate --board "$board" --grid "$grid" --dry-run --boards "$2" --out "$out/$1" \
    >"$out/$1.log" 2>&1 || { echo "calibrate with --boards $2 failed; see $out/$1.log" >&2; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.0f}')"
}

one=$(run one 1)
many=$(run many "$boards")
python3 - "$out/one/measurements.json" "$out/many/measurements.json" "$root/boards/$board/profile.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
tick = 1e9 / json.load(open(sys.argv[3]))["clock_hz"]
worst = 0.0
def strip(m):
    m = dict(m); m.pop("measured_at", None)
    nets = []
    for n in m["nets"]:
        n = dict(n); n["run_cycles"] = None
        n["layers"] = [dict(l, cycles=None) for l in n["layers"]]
        nets.append(n)
    m["nets"] = nets
    return m
if strip(a) != strip(b):
    sys.exit("measurements differ beyond cycle counts: compare " + sys.argv[1] + " and " + sys.argv[2])
for x, y in zip(a["nets"], b["nets"]):
    worst = max([worst, abs(x["run_cycles"] - y["run_cycles"])]
                + [abs(l["cycles"] - k["cycles"]) for l, k in zip(x["layers"], y["layers"])])
if worst > tick:
    sys.exit(f"cycle counts differ by up to {worst:.0f} instructions, more than one tick ({tick:.0f})")
print(f"same measurements ({len(a['nets'])} networks; cycles within {worst:.0f} <= {tick:.0f} instructions)",
      file=sys.stderr)
PY
echo "| calibrate --grid $grid on $board | 1 board: $one s | $boards boards: $many s | $(python3 -c "print(f'{$one / $many:.2f}')")x | $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at end |"
