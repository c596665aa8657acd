#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every benchmark program of the GCC RelWithDebInfo build (build/gcc, what `make bench` builds)
# with repetitions, pinned to one core, after printing what they ran on. Figures to quote are the
# medians. Extra arguments go to every program, e.g. --benchmark_filter=Register.
# Environment: PARLEY_BENCH_BUILD (build folder), PARLEY_BENCH_REPETITIONS (default 10),
# PARLEY_BENCH_MIN_TIME (seconds per repetition, default 0.5), PARLEY_BENCH_CPU (core, default 1).
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${PARLEY_BENCH_BUILD:-build/gcc}
repetitions=${PARLEY_BENCH_REPETITIONS:-10}
min_time=${PARLEY_BENCH_MIN_TIME:-0.5}
cpu=${PARLEY_BENCH_CPU:-1}

shopt -s nullglob
programs=("$build"/tests/bench/bench_*)
if [[ ${#programs[@]} -eq 0 ]]; then
  echo "run_benchmarks: no bench_* programs in $build/tests/bench (run: cmake --preset gcc && cmake --build build/gcc)" >&2
  exit 1
fi

compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
cpuinfo() { grep -m1 "^$1[[:space:]]*:" /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'; }
echo "CPU:      $(cpuinfo 'model name') (family $(cpuinfo 'cpu family'), model $(cpuinfo model), $(cpuinfo 'cpu MHz') MHz; $(nproc) cores online)"
echo "compiler: $("${compiler:-c++}" --version | head -n1), $build_type"
echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "commit:   $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; other work on the machine skews the figures)"

pin=()
if command -v taskset >/dev/null && [[ $cpu -lt $(nproc) ]]; then
  pin=(taskset -c "$cpu")
fi

for program in "${programs[@]}"; do
  [[ -x $program ]] || continue
  echo
  "${pin[@]}" "$program" --benchmark_repetitions="$repetitions" --benchmark_report_aggregates_only=true \
    --benchmark_min_time="$min_time" "$@"
done
