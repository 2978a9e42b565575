#!/bin/sh
# The engine must stay free of GLib, GIMP, GEGL and GTK (house rule 1):
# fail when any file of nst-core/ outside the CLI includes one of them.
core="${1:?usage: check-core-includes.sh NST_CORE_DIR}"
bad=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](glib|gio|gobject|gtk|gdk|gegl|babl|libgimp|cairo|pango)' \
      "$core"/*.c "$core"/*.h)
if [ -n "$bad" ]; then
  echo "nst-core includes host libraries:"
  echo "$bad"
  echo "core-includes: 1 failed"
  exit 1
fi
echo "nst-core includes nothing from GLib, GIMP, GEGL or GTK ($(ls "$core"/*.c "$core"/*.h | wc -l) files)"
exit 0
