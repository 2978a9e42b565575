#!/bin/bash
# libnst as an installed library: `meson install` into a temporary
# DESTDIR, then a small program finds it through pkg-config (nst.pc),
# compiles against the installed nst.h alone, links libnst.so.0 and runs a
# tiny stylisation with the built-in network.  Also: the shared library
# exports exactly the NST_API functions of nst.h, and nst-private.h is
# not installed.
#   check-installed.sh BUILD_DIR PREFIX [SANITIZERS]
# SANITIZERS is the build's b_sanitize ("none", "address,undefined"): the
# program is built with the same, as a sanitized libnst.so needs.
set -euo pipefail
build=${1:?usage: check-installed.sh BUILD_DIR PREFIX [SANITIZERS]}
prefix=${2:?usage: check-installed.sh BUILD_DIR PREFIX [SANITIZERS]}
sanitize=()
[ -n "${3:-}" ] && [ "${3:-}" != none ] && sanitize=("-fsanitize=$3")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail () { echo "FAIL: $*"; exit 1; }

DESTDIR="$tmp/root" meson install -C "$build" --no-rebuild --quiet > "$tmp/install.log" 2>&1 \
  || { cat "$tmp/install.log"; fail "meson install failed"; }
root="$tmp/root$prefix"
pc=$(find "$root" -name nst.pc | head -n 1)
[ -n "$pc" ] || fail "no nst.pc installed"
export PKG_CONFIG_PATH=$(dirname "$pc")
flags=$(pkg-config --define-variable=prefix="$root" --cflags --libs nst) || fail "pkg-config nst"
libdir=$(pkg-config --define-variable=prefix="$root" --variable=libdir nst)
echo "pkg-config: $(pkg-config --modversion nst), $flags"
[ -z "$(find "$tmp/root" -name 'nst-private.h')" ] || fail "nst-private.h is installed"
echo "ok: nst.pc found, nst-private.h not installed"

cat > "$tmp/use-nst.c" <<'C'
#include <nst.h>
#include <stdio.h>
#include <string.h>

#if ! NST_CHECK_VERSION (0, 5, 0)
#error "NST_CHECK_VERSION"
#endif

static int
on_progress (const nst_progress *progress, void *user_data)
{
  (void) progress;
  ++*(int *) user_data;
  return 1;
}

int
main (void)
{
  char        header[32];
  nst_model  *model = NULL;
  nst_error   err;
  nst_image   content, style_image, out;
  nst_style   style = { &style_image, 1.0f, NULL, NULL };
  nst_params  params = nst_params_default ();
  int         calls = 0, i;
  size_t      n;

  snprintf (header, sizeof header, "%d.%d.%d", NST_VERSION_MAJOR, NST_VERSION_MINOR,
            NST_VERSION_MICRO);
  printf ("header %s, library %s, at most %d styles, %d threads by default\n", header,
          nst_version (), NST_MAX_STYLES, nst_default_threads ());
  if (strcmp (header, nst_version ()) != 0 || nst_default_threads () < 1)
    return 1;
  if (nst_model_new_builtin (&model, &err) != NST_STATUS_OK ||
      nst_image_init (&content, 24, 20, &err) != NST_STATUS_OK ||
      nst_image_init (&style_image, 20, 20, &err) != NST_STATUS_OK ||
      nst_image_init (&out, 24, 20, &err) != NST_STATUS_OK)
    {
      printf ("set-up: %s\n", err.message);
      return 1;
    }
  {
    nst_model_info  info;
    nst_model_layer first, last, none;
    float           mean[3], std[3];

    nst_model_get_info (model, &info);
    nst_model_get_normalisation (model, mean, std);
    if (! nst_model_get_layer (model, 0, &first)
        || ! nst_model_get_layer (model, info.n_convs - 1, &last)
        || nst_model_get_layer (model, info.n_convs, &none)
        || strcmp (first.name, "conv1_1") != 0 || first.c_in != 3
        || first.c_out != info.widths[0] || first.weight == NULL || first.bias == NULL
        || strcmp (last.name, "conv5_1") != 0 || last.torch_index != 28
        || none.name != NULL || ! (std[0] > 0.0f) || info.default_style_tiles < 1
        || ! (info.default_chroma_tv_weight >= 0.0f)
        || ! (info.default_composition_weight >= 0.0f)
        || ! (info.default_patch_weight >= 0.0f) || info.default_patch_layers == NULL)
      {
        printf ("nst_model_get_layer: unexpected layers\n");
        return 1;
      }
    printf ("layers %s (%d -> %d) .. %s (features.%d), mean %.3f, %d x %d style tiles, "
            "chroma tv %g, composition %g, patches %g at %s\n", first.name, first.c_in,
            first.c_out, last.name, last.torch_index, mean[0], info.default_style_tiles,
            info.default_style_tiles, info.default_chroma_tv_weight,
            info.default_composition_weight, info.default_patch_weight,
            info.default_patch_layers);
  }
  n = (size_t) 24 * 20 * 3;
  for (i = 0; i < (int) n; i++)
    content.data[i] = (float) ((i * 7) % 13) / 13.0f;
  for (i = 0; i < 20 * 20 * 3; i++)
    style_image.data[i] = (float) ((i * 5) % 11) / 11.0f;
  params.iterations = 3;
  params.progress = on_progress;
  params.user_data = &calls;
  if (nst_stylize (model, &content, &style, 1, &params, &out, &err) != NST_STATUS_OK)
    {
      printf ("nst_stylize: %s\n", err.message);
      return 1;
    }
  printf ("stylised 24 x 20 px, %d progress calls, first pixel %.4f\n", calls, out.data[0]);
  nst_image_clear (&content);
  nst_image_clear (&style_image);
  nst_image_clear (&out);
  nst_model_free (model);
  return calls > 0 ? 0 : 1;
}
C
# shellcheck disable=SC2086
cc -std=c11 -Wall -Werror "${sanitize[@]}" "$tmp/use-nst.c" -o "$tmp/use-nst" $flags || fail "compiling against the installed nst.h"
LD_LIBRARY_PATH="$libdir" "$tmp/use-nst" || fail "the program linked with the installed libnst failed"
# into a variable first: `ldd | grep -q` can die of SIGPIPE under pipefail
libs=$(LD_LIBRARY_PATH="$libdir" ldd "$tmp/use-nst")
case "$libs" in
  *"$libdir/libnst.so.0"*) ;;
  *) echo "$libs"; fail "not linked with the installed libnst.so.0" ;;
esac
echo "ok: a program built with pkg-config runs on the installed libnst.so.0"

header=$(find "$root" -name nst.h | head -n 1)
grep -oE '^NST_API [^(]*\bnst_[a-z0-9_]+ *\(' "$header" | grep -oE 'nst_[a-z0-9_]+ *\($' \
  | tr -d ' (' | sort > "$tmp/declared"
nm -D --defined-only "$libdir/libnst.so.0" | awk '{ print $3 }' | sort > "$tmp/exported"
diff "$tmp/declared" "$tmp/exported" > "$tmp/diff" \
  || { cat "$tmp/diff"; fail "libnst.so exports other symbols than nst.h's NST_API functions"; }
echo "ok: libnst.so.0 exports the $(wc -l < "$tmp/declared") NST_API functions of nst.h and nothing else"
