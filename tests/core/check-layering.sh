#!/bin/bash
# Arrows only point down (the design's "Rooms"): nst-core <- frontend <-
# ui <- plug-in/common <- plug-in/gimp2, plug-in/gimp3; the nst command
# line (nst-core/cli) uses frontend and nst-core only.  Each folder has a
# rank; a quoted #include of a header that a folder of higher rank owns
# fails, as does a GTK header in frontend/ or a libgimp one in frontend/
# or ui/.  nst-core's own rule (no GLib, GEGL, GTK, GIMP) is
# check-core-includes.sh.
set -euo pipefail
top=${1:?usage: check-layering.sh SOURCE_ROOT}
cd "$top"

# folder rank; the CLI is a leaf beside ui that may use ranks 0 and 1
folders=(nst-core frontend ui plug-in/common plug-in/gimp2 plug-in/gimp3 plug-in nst-core/cli)
ranks=(  0        1        2  3              4             4             4        1)
declare -A rank_of owner
for i in "${!folders[@]}"; do
  rank_of[${folders[$i]}]=${ranks[$i]}
done

# The folder a file lives in (its own folder, not a subfolder's).
folder_of () {
  dirname "$1"
}

for dir in "${folders[@]}"; do
  for h in "$dir"/*.h; do
    [ -e "$h" ] || continue
    base=$(basename "$h")
    if [ -n "${owner[$base]:-}" ]; then
      echo "FAIL: $base is in both ${owner[$base]} and $dir; the check cannot tell which is meant"
      exit 1
    fi
    owner[$base]=$dir
  done
done

fail=0
checked=0
for dir in "${folders[@]}"; do
  r=${rank_of[$dir]}
  for f in "$dir"/*.c "$dir"/*.h; do
    [ -e "$f" ] || continue
    checked=$((checked + 1))
    while IFS=: read -r line header; do
      from=${owner[$header]:-}
      [ -n "$from" ] || continue
      fr=${rank_of[$from]}
      # the CLI sits beside ui: nothing of ui/ or plug-in/ for it, and
      # nothing of it for anyone else
      if [ "$from" = nst-core/cli ] && [ "$dir" != nst-core/cli ]; then
        fr=99
      fi
      if [ "$fr" -gt "$r" ]; then
        echo "FAIL: $f:$line includes \"$header\" from $from, which $dir may not use"
        fail=1
      fi
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" \
             | sed -E 's/^([0-9]+):.*"([^"]+)".*/\1:\2/')
  done
done

# nst-private.h is the engine's own: its files and its white-box tests.
# The one reader outside is `nst bench` (cli-bench.c), which times the
# engine's kernels one by one, as the engine's own benchmark.
for f in $(grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"nst-private\.h"' \
             frontend/*.[ch] ui/*.[ch] plug-in/*/*.[ch] nst-core/cli/*.[ch] 2>/dev/null); do
  if [ "$f" != nst-core/cli/cli-bench.c ]; then
    echo "FAIL: $f includes nst-private.h, which only the engine (and nst bench) may use"
    fail=1
  fi
done

# Libraries a folder must not see, whatever the build's include path.
if grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<(gtk|gdk)/' frontend/*.[ch]; then
  echo "FAIL: frontend/ includes GTK (the front end is GTK-free)"
  fail=1
fi
if grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<libgimp' frontend/*.[ch] ui/*.[ch] nst-core/cli/*.[ch]; then
  echo "FAIL: libgimp included below plug-in/"
  fail=1
fi

if [ $fail -ne 0 ]; then
  echo "layering: failed"
  exit 1
fi
echo "ok: $checked files, every #include points down (nst-core <- frontend <- ui <- plug-in/common <- gimp2/gimp3; cli <- frontend); nst-private.h stays in nst-core (and nst bench)"
