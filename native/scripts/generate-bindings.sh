#!/usr/bin/env bash
# Regenerates the checked-in FFM bindings (org.flatworld.cuda.bindings.*) from the declaration
# files in native/src/main/bindings/. Needs a JDK >= 22 (`java` on PATH or JAVA_HOME).
# NativeBindingsTest fails when the checked-in files differ from what this produces.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" "$here/scripts/GenerateBindings.java" "$here/src/main/java" \
  "$here/src/main/bindings/cuda_driver.h" "$here/src/main/bindings/cublas.h"
