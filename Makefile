# SPDX-License-Identifier: MIT
# The two commands of README.md: `make run` and `make test`. Both install what they need first.
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 60
CTEST = ctest --output-on-failure -j $(JOBS)

.PHONY: run test deps deps-test build release gcc asan bench clean

deps:
	@bash scripts/deps.sh run

deps-test:
	@bash scripts/deps.sh test

release: deps
	@cmake --preset release >/dev/null
	@cmake --build build/release -j $(JOBS)

# Starts the server in the foreground (Ctrl-C stops it). Without ./parley.toml it listens on UDP and
# TCP 5060 on all addresses. Extra flags: make run ARGS='--listen udp:127.0.0.1:5070'.
run: release
	./build/release/src/app/parley serve $(ARGS)

gcc: deps-test
	@cmake --preset gcc >/dev/null
	@cmake --build build/gcc -j $(JOBS)

asan: deps-test
	@cmake --preset asan -DPARLEY_FUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null
	@cmake --build build/asan -j $(JOBS)

# The release build of `make run` (-O3 warns differently), the GCC build (unit, conformance, interop,
# benchmark smoke), then the clang ASan+UBSan build of the same tests plus the bounded libFuzzer
# runs. The last line is CTest's summary of the sanitizer run.
test: release gcc asan
	@echo "== GCC 12 build: all tests"
	@cd build/gcc && $(CTEST)
	@echo "== clang 14 ASan+UBSan build: all tests and bounded fuzzing ($(FUZZ_SECONDS) s per target)"
	@cd build/asan && $(CTEST)

bench: gcc
	@bash tests/bench/run_benchmarks.sh

clean:
	rm -rf build
