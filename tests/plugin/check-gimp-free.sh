#!/bin/bash
# frontend/, plug-in/common/ and ui/ must stay free of libgimp (they are
# shared by the GIMP 2.10 and GIMP 3 adapters, frontend/ by the CLI
# too), and ui/ must not use GIMP's widgets.
set -euo pipefail
top=${1:?usage: check-gimp-free.sh SOURCE_ROOT}
if grep -rnE '#include *[<"](libgimp|libgimpui|libgimpwidgets)' "$top/frontend" "$top/plug-in/common" "$top/ui"; then
    echo "FAIL: libgimp included above (frontend, plug-in/common and ui must stay GIMP-free)"
    exit 1
fi
echo "ok: frontend, plug-in/common and ui include no libgimp header"
