#!/bin/bash
# run-fuzz.sh - build the loader fuzzer with clang, replay the kept
# regressions, then fuzz nst_model_load_safetensors() for a bounded time.
#
#   run-fuzz.sh SOURCE_ROOT MAKE_SEEDS TEST_SAFETENSORS WORK_DIR
#
# NST_FUZZ_SECONDS (default 120) bounds the fuzzing; 0 only replays.
# Exit 77 (skipped) when clang or its libFuzzer runtime is missing
# (Debian: clang, libclang-rt-14-dev).  Any crash, leak or
# AddressSanitizer/UBSan report fails the test; the input that found it is
# left in WORK_DIR/artifacts: copy it into tests/fuzz/regressions/ with
# the fix, so that every later run replays it.
set -uo pipefail

src=$1
make_seeds=$2
test_safetensors=$3
work=$4
seconds=${NST_FUZZ_SECONDS:-120}
fuzzer="$work/fuzz-loader"

if ! command -v clang > /dev/null; then
    echo "SKIPPED: no clang (Debian package clang)"
    exit 77
fi

mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"

# The runtime check: a one-line fuzz target must link.
probe="$work/probe.c"
echo 'int LLVMFuzzerTestOneInput (const unsigned char *d, unsigned long n) { (void) d; (void) n; return 0; }' > "$probe"
if ! clang -fsanitize=fuzzer "$probe" -o "$work/probe" 2> "$work/probe.log"; then
    cat "$work/probe.log"
    echo "SKIPPED: clang has no libFuzzer runtime (Debian package libclang-rt-14-dev)"
    exit 77
fi

# Every engine source is built instrumented (the loader calls into model.c
# and status.c; the rest costs nothing at run time).
flags=(-g -O1 -std=c11 -D_GNU_SOURCE
       -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
       -I "$src/nst-core" $(pkg-config --cflags openblas libcjson))
libs=($(pkg-config --libs openblas libcjson) -lm -lpthread)
if ! clang "${flags[@]}" "$src"/nst-core/*.c "$src/tests/fuzz/fuzz-loader.c" \
        "${libs[@]}" -o "$fuzzer"; then
    echo "FAIL: the fuzzer does not build"
    exit 1
fi

# Seeds: the smallest valid models, the tiny test model, and every good
# and bad file of the loader's own test.
"$make_seeds" "$work/seeds" || exit 1
"$test_safetensors" "$work/seeds" > "$work/seeds.log" || { cat "$work/seeds.log"; exit 1; }
# what libFuzzer cannot read as a plain file (the unreadable case, when
# not root) is no seed
find "$work/seeds" -type f ! -readable -delete
echo "seeds: $(ls "$work/seeds" | wc -l) files"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:allocator_may_return_null=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

regressions=("$src"/tests/fuzz/regressions/*.safetensors)
if [ -e "${regressions[0]}" ]; then
    echo "replaying ${#regressions[@]} regression inputs"
    if ! "$fuzzer" "${regressions[@]}" > "$work/replay.log" 2>&1; then
        cat "$work/replay.log"
        echo "FAIL: a kept regression input fails again"
        exit 1
    fi
fi

[ "$seconds" -gt 0 ] || exit 0

echo "fuzzing for ${seconds} s"
"$fuzzer" -max_total_time="$seconds" -print_final_stats=1 -timeout=20 \
    -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/" \
    "$work/corpus" "$work/seeds" > "$work/fuzz.log" 2>&1
status=$?
tail -n 40 "$work/fuzz.log"

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/fuzz.log")
echo "fuzz-loader: ${execs:-?} executions, ${rate:-?} per second, corpus $(ls "$work/corpus" | wc -l) inputs"

if [ $status -ne 0 ]; then
    echo "FAIL: the fuzzer found a problem (exit $status); inputs in $work/artifacts:"
    ls -l "$work/artifacts"
    echo "keep the input as tests/fuzz/regressions/<name>.safetensors with the fix"
    exit 1
fi
exit 0
