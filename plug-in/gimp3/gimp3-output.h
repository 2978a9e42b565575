/* gimp3-output.h - putting the result into the image (GIMP 3).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef GIMP3_OUTPUT_H
#define GIMP3_OUTPUT_H

#include <libgimp/gimp.h>

#include "nst.h"
#include "nst-plug-params.h"

G_BEGIN_DECLS

/* Write `rgb` (with `alpha`, NULL = opaque) to `rect` of `drawable`, or
 * of a copy added above it when `output_mode` is NST_PLUG_OUTPUT_NEW_LAYER.
 * The pixels go to the shadow buffer and are merged once, inside one undo
 * group, so GIMP applies the selection mask and a failure changes
 * nothing.  Errors are NST_PLUG_ERROR_IMAGE. */
gboolean nst_gimp3_output_write (GimpImage           *image,
                                 GimpDrawable        *drawable,
                                 NstPlugOutput        output_mode,
                                 const GeglRectangle *rect,
                                 const nst_image     *rgb,
                                 const gfloat        *alpha,
                                 GError             **error);

G_END_DECLS

#endif /* GIMP3_OUTPUT_H */
