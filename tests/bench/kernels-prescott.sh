#!/bin/sh
# kernels-prescott.sh - what OpenBLAS's SSE3 fallback costs the engine,
# and what its own kernels give back.
#
#   kernels-prescott.sh NST [SIZE]
#
# Runs `nst bench --size SIZE --no-convs` (default 256) four times:
# OpenBLAS free to choose its core, with the engine choosing its kernels
# and with the engine forced onto OpenBLAS's (NST_KERNELS=openblas);
# OpenBLAS forced to Prescott (the core it picks on CPUs it does not
# know) with the engine choosing, and with the engine forced onto
# OpenBLAS's (what happened before the engine chose for itself).  Prints seconds per
# evaluation and the ratios.  Numbers only: speed never fails.
set -eu

nst=$1
size=${2:-256}

# One JSON run: prints its line, leaves seconds per evaluation in $sec.
run () {
    label=$1
    shift
    out=$("$@" "$nst" bench --size "$size" --no-convs --json)
    sec=$(printf '%s\n' "$out" | sed -n 's/.*"seconds_per_evaluation":\([0-9.e+-]*\).*/\1/p')
    ker=$(printf '%s\n' "$out" | sed -n 's/.*"kernels":"\([a-z0-9]*\)".*/\1/p')
    core=$(printf '%s\n' "$out" | sed -n 's/.*"blas_core":"\([A-Za-z0-9_]*\)".*/\1/p')
    printf '%-42s core %-12s kernels %-9s %8.3f s/evaluation\n' "$label" "$core" "$ker" "$sec"
}

uptime
run "OpenBLAS's own core, engine's choice" \
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE -u NST_KERNELS
own=$sec
run "OpenBLAS's own core, NST_KERNELS=openblas" \
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE NST_KERNELS=openblas
blas=$sec
run "Prescott, engine's choice" \
    env -u OPENBLAS_L2_SIZE -u NST_KERNELS OPENBLAS_CORETYPE=Prescott
prescott=$sec
run "Prescott, NST_KERNELS=openblas" \
    env -u OPENBLAS_L2_SIZE OPENBLAS_CORETYPE=Prescott NST_KERNELS=openblas
unguarded=$sec

awk -v own="$own" -v b="$blas" -v p="$prescott" -v u="$unguarded" -v size="$size" 'BEGIN {
    printf "%d px: the engine'\''s choice takes %.2fx the time of OpenBLAS'\''s own core\n", size, own / b
    printf "%d px: Prescott with the engine'\''s choice takes %.2fx the time of OpenBLAS'\''s own core\n", size, p / b
    printf "%d px: Prescott with OpenBLAS forced takes %.2fx (the engine'\''s choice is %.2fx faster)\n", size, u / b, u / p
}'
