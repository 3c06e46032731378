#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each on its committed corpus, one after the other.
#   run.sh [--seconds S] [--execs N] [--target bootloader|server]
# Default: 3 seconds per target (the test suite's short run). Binaries, logs and a scratch corpus for
# new inputs go to $FUZZ_OUT (default device-runtime/build/fuzz), never into the committed corpus; a
# crash leaves its input in $FUZZ_OUT/artifacts/.
# Prints one line per target: executions, exec/s and crashes. Exits 1 on a crash, 77 (skipped)
# when clang or its libFuzzer runtime is missing (scripts/install-deps.sh installs them).
set -euo pipefail
cd "$(dirname "$0")"
seconds=3
execs=
targets=(bootloader server)
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --execs) execs="$2"; shift 2 ;;
    --target) targets=("$2"); shift 2 ;;
    *) echo "usage: run.sh [--seconds S] [--execs N] [--target bootloader|server]" >&2; exit 2 ;;
  esac
done
for t in "${targets[@]}"; do
  case "$t" in bootloader|server) ;; *) echo "run.sh: unknown target '$t' (bootloader or server)" >&2; exit 2 ;; esac
done
if ! command -v clang > /dev/null; then
  echo "fuzz: SKIPPED: clang is missing; run scripts/install-deps.sh (clang, libclang-rt-dev)"
  exit 77
fi
out="${FUZZ_OUT:-$(cd ../.. && pwd)/build/fuzz}"
mkdir -p "$out"
if ! make -s OUT="$out" > "$out/build.log" 2>&1; then
  if grep -q "libclang_rt.fuzzer" "$out/build.log"; then
    echo "fuzz: SKIPPED: clang has no libFuzzer runtime; run scripts/install-deps.sh (libclang-rt-dev)"
    exit 77
  fi
  cat "$out/build.log" >&2
  exit 1
fi
status=0
for t in "${targets[@]}"; do
  scratch="$out/corpus-$t"
  mkdir -p "$scratch" "$out/artifacts"
  limit=(-max_total_time="$seconds")
  [ -n "$execs" ] && limit=(-runs="$execs")
  log="$out/$t.log"
  set +e
  "$out/fuzz_$t" "${limit[@]}" -print_final_stats=1 -timeout=10 -rss_limit_mb=1024 \
      -artifact_prefix="$out/artifacts/$t-" "$scratch" "corpus/$t" > "$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  crashes=0
  if [ $rc -ne 0 ]; then
    crashes=1
    status=1
    grep -E "ERROR|property broken|runtime error|Test unit written" "$log" | head -5 >&2 || tail -20 "$log" >&2
  fi
  echo "fuzz $t: ${runs:-0} executions, ${rate:-0} exec/s, $crashes crashes"
done
exit $status
