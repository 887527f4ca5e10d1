#!/usr/bin/env bash
# On-device acceptance of the CUDA backend (docs/GPU.md), in two halves so that the GPU machine
# needs neither a JDK nor Maven nor network:
#
#   native/scripts/device-check.sh prepare   # here: JDK 25 + Maven + nvcc. Builds the native jar
#                                            # (with the fatbin) and its runtime deps into
#                                            # native/target-cuda/, and a jlinked runtime into .jre/
#   native/scripts/device-check.sh run [all|check|bench]
#                                            # on the GPU machine (copy the tree with .jre/ and
#                                            # native/target-cuda/): every check and the benchmarks
#                                            # (default all), then compute-sanitizer (memcheck,
#                                            # racecheck) on the quick checks where it is installed
#   native/scripts/device-check.sh           # both, in order (a GPU machine with a JDK and Maven)
#
# Output: JSON lines from org.flatworld.cuda.DeviceCheck (tee'd to native/target-cuda/device-check/,
# copied to $OUT when that is set, as on the project's lent device machines),
# exit status non-zero when a check or a sanitizer run fails. Environment: JAVA_HOME (prepare),
# FW_BUILD (build folder name, default target-cuda).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${FW_BUILD:-target-cuda}"
out="$root/native/$build"
cd "$root"

prepare() {
  local jdk="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
  [[ -x "$jdk/bin/jlink" ]] || { echo "device-check: no JDK at $jdk (set JAVA_HOME)" >&2; exit 2; }
  command -v nvcc >/dev/null || [[ -x /usr/local/bin/nvcc ]] \
    || echo "device-check: warning: no nvcc here; the jar will lack the kernel image" >&2
  JAVA_HOME="$jdk" mvn -o -q -Dfw.build="$build" -pl native -am -DskipTests package
  rm -rf .jre
  "$jdk/bin/jlink" --add-modules java.base,jdk.incubator.vector,java.logging,jdk.unsupported \
    --strip-debug --no-header-files --no-man-pages --compress=zip-9 --output .jre
  echo "device-check: prepared $out and .jre ($(du -sh .jre | cut -f1))"
}

run() {
  [[ -x .jre/bin/java ]] || { echo "device-check: no .jre/ (run 'prepare' first)" >&2; exit 2; }
  local jar
  jar="$(ls "$out"/flatworld-native-*.jar 2>/dev/null | grep -v sources | head -1)"
  [[ -n "$jar" ]] || { echo "device-check: no native jar in $out (run 'prepare' first)" >&2; exit 2; }
  local cp="$jar:$out/lib/*"
  local java=(.jre/bin/java --enable-native-access=ALL-UNNAMED -ea -cp "$cp" org.flatworld.cuda.DeviceCheck)
  local logs="$out/device-check"
  mkdir -p "$logs"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$logs/nvidia-smi.csv"
  local mode="${1:-all}" status=0
  "${java[@]}" "$mode" | tee "$logs/$mode.jsonl" || status=${PIPESTATUS[0]}
  [[ "$status" -eq 3 ]] && { echo "device-check: no usable CUDA device (see the reason above)" >&2; exit 3; }
  local sanitizer
  sanitizer="$(command -v compute-sanitizer || ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1 || true)"
  if [[ -n "$sanitizer" ]]; then
    for tool in memcheck racecheck; do
      # the JVM's own faults (safepoint polls, implicit null checks) are host-side signals, not CUDA errors
      "$sanitizer" --tool "$tool" --error-exitcode 99 "${java[@]}" check --quick > "$logs/sanitizer-$tool.txt" 2>&1 || {
        echo "device-check: compute-sanitizer $tool failed (see $logs/sanitizer-$tool.txt)" >&2; status=1; }
      tail -3 "$logs/sanitizer-$tool.txt"
    done
  else
    echo "device-check: compute-sanitizer not installed here; skipped" >&2
  fi
  # on a lent device machine, $OUT is the folder whose files come back
  [[ -n "${OUT:-}" && -d "${OUT:-}" ]] && cp -r "$logs" "$OUT/"
  exit "$status"
}

case "${1:-both}" in
  prepare) prepare ;;
  run) run "${2:-all}" ;;
  both) prepare; run ;;
  *) echo "usage: $0 [prepare|run]" >&2; exit 2 ;;
esac
