#!/usr/bin/env bash
# Long fuzzing runs of every fuzz target, one after the other (each single-threaded), for benchmarks.
#   scripts/fuzz-long.sh [--execs N] [--seconds S] [--target T[,T...]] [--heap SIZE]
# Targets: bootloader, server (libFuzzer, device-runtime/tests/fuzz); onnx (codegen's reader and C
# generation), onnx-import (the training engine's importer), profile, idx, cifar, wav, checkpoint
# (Jazzer's standalone driver on the @FuzzTest classes of codegen and host). N defaults to 10^7
# executions per target; --seconds S stops each target after S seconds instead. Java targets run
# with a SIZE heap (default 1g), so a reader that allocates what a header declares fails with
# OutOfMemoryError instead of passing unnoticed. Each target starts from its committed corpus; new
# inputs go to build/fuzz-long/corpus-T (C targets: build/fuzz-long/c/corpus-T), a crash's input to
# build/fuzz-long/artifacts/ (c/artifacts/). Prints one line per target: executions, exec/s,
# crashes. Exits 1 if any target crashed. Run it under nice on a shared machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
execs=10000000
seconds=
heap=1g
all=(bootloader server onnx onnx-import profile idx cifar wav checkpoint)
targets=("${all[@]}")
usage() {
  echo "usage: scripts/fuzz-long.sh [--execs N] [--seconds S] [--target T[,T...]] [--heap SIZE]; targets: ${all[*]}" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --execs) [ $# -ge 2 ] || usage; execs="$2"; shift 2 ;;
    --target) [ $# -ge 2 ] || usage; IFS=, read -r -a targets <<< "$2"; shift 2 ;;
    --seconds) [ $# -ge 2 ] || usage; seconds="$2"; shift 2 ;;
    --heap) [ $# -ge 2 ] || usage; heap="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ "$execs" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz-long: --execs must be a positive whole number, got '$execs'" >&2; exit 2; }
[ -z "$seconds" ] || [[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz-long: --seconds must be a positive whole number, got '$seconds'" >&2; exit 2; }
limit=(--execs "$execs")
# Jazzer's driver stops a run after its @FuzzTest's maxDuration (10 s) unless given a total time,
# so an executions limit comes with a time limit of ten days. An input taking over 60 s is a hang
# (the first one pays for loading and instrumenting the classes: up to 10 s on a loaded machine)
libfuzzer_limit=(-runs="$execs" -max_total_time=864000)
if [ -n "$seconds" ]; then
  limit=(--seconds "$seconds")
  libfuzzer_limit=(-max_total_time="$seconds")
fi
[[ "$heap" =~ ^[1-9][0-9]*[kmgKMG]?$ ]] || { echo "fuzz-long: --heap must be a JVM size like 1g or 512m, got '$heap'" >&2; exit 2; }

# target -> module, class, method (names the inputs directory under the module's src/test/resources)
# and, optionally, classes left uninstrumented: the WAV target's MFCC front end is pure arithmetic on
# accepted samples (its property is still checked), and coverage hooks in its FFT loops cost 5x in
# executions per second while telling the fuzzer nothing about the reader
java_target() {
  case "$1" in
    onnx) echo "codegen org.tinyprune.onnx.OnnxCodegenFuzzTest modelIsGeneratedOrRefused" ;;
    onnx-import) echo "host org.tinyprune.nn.onnx.OnnxImportFuzzTest modelImportsOrIsRefused" ;;
    profile) echo "codegen org.tinyprune.board.ProfileFuzzTest profileParsesOrIsRefused" ;;
    idx) echo "host org.tinyprune.data.IdxFuzzTest idxFileParsesOrIsRefused" ;;
    cifar) echo "host org.tinyprune.data.CifarFuzzTest batchParsesOrIsRefused" ;;
    wav) echo "host org.tinyprune.data.WavFuzzTest wavDecodesOrIsRefused org.tinyprune.dsp.**" ;;
    checkpoint) echo "host org.tinyprune.train.CheckpointFuzzTest checkpointReadsOrIsRefused" ;;
    *) return 1 ;;
  esac
}
for t in "${targets[@]}"; do
  case "$t" in bootloader|server) ;; *) java_target "$t" > /dev/null || usage ;; esac
done

out="$root/build/fuzz-long"
mkdir -p "$out/artifacts"
built=0
status=0
for t in "${targets[@]}"; do
  if [ "$t" = bootloader ] || [ "$t" = server ]; then
    FUZZ_OUT="$out/c" "$root/device-runtime/tests/fuzz/run.sh" "${limit[@]}" --target "$t" || status=1
    continue
  fi
  if [ $built -eq 0 ]; then
    (cd "$root" && mvn -B -o -q -pl codegen,host test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/fuzz.classpath -Dmdep.includeScope=test) >&2
    built=1
  fi
  read -r module class method excludes < <(java_target "$t")
  uninstrumented=()
  [ -z "${excludes:-}" ] || uninstrumented=(--instrumentation_excludes="$excludes")
  m="$root/$module"
  seeds="$m/src/test/resources/$(dirname "${class//.//}")/${class##*.}Inputs/$method"
  mkdir -p "$out/corpus-$t"
  log="$out/$t.log"
  set +e
  java "-Xmx$heap" --add-modules jdk.incubator.vector \
      -cp "$m/target/test-classes:$m/target/classes:$(cat "$m/target/fuzz.classpath")" \
      com.code_intelligence.jazzer.Jazzer --target_class="$class" --instrumentation_includes='org.tinyprune.**' "${uninstrumented[@]}" \
      "${libfuzzer_limit[@]}" -timeout=60 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" \
      "$out/corpus-$t" "$seeds" > "$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  crashes=0
  if [ $rc -ne 0 ]; then
    crashes=1
    status=1
    grep -E "^== Java Exception|^Caused by|^\s+at org\.tinyprune|Test unit written" "$log" | head -8 >&2
  fi
  echo "fuzz $t: ${runs:-0} executions, ${rate:-0} exec/s, $crashes crashes"
done
exit $status
