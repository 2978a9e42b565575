/* nst-fe-pixels.h - GEGL buffers to and from the engine's images.
 *
 * Pixels move in blocks of rows as R'G'B'A (VGG was trained on
 * sRGB-encoded values): in the buffer's own u8 or u16 type, scaled here,
 * so the same image always gives the same floats; in float for every other
 * precision, which keeps high bit depth images exact.
 * Colour goes to an interleaved nst_image; alpha is kept aside in a plane
 * of its own and put back unchanged on writing.  Gray buffers work the
 * same way: babl replicates Y' into R'G'B' on reading and takes the
 * luminance of the result on writing.  The GIMP adapters read and write
 * layers, and the command line image files, through these functions, so
 * both see the same floats for the same pixels.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_FE_PIXELS_H
#define NST_FE_PIXELS_H

#include <gegl.h>

#include "nst.h"

G_BEGIN_DECLS

/* Read `rect` of `buffer`.  `rgb` is allocated at the rectangle's size
 * (free with nst_image_clear()); when `alpha` is not NULL, *alpha receives
 * width * height floats (free with g_free()).  FALSE with
 * NST_FE_ERROR_IMAGE when memory runs out; nothing is then allocated. */
gboolean nst_fe_pixels_read    (GeglBuffer          *buffer,
                                const GeglRectangle *rect,
                                nst_image           *rgb,
                                gfloat             **alpha,
                                GError             **error);

/* Write `rgb` (the rectangle's size) with `alpha` (NULL = opaque) into
 * `rect` of `buffer`.  Colour is clamped to [0, 1] and NaN becomes 0, so a
 * numeric accident never puts unprintable values into an image.  FALSE
 * with NST_FE_ERROR_IMAGE when memory runs out. */
gboolean nst_fe_pixels_write (GeglBuffer          *buffer,
                              const GeglRectangle *rect,
                              const nst_image     *rgb,
                              const gfloat        *alpha,
                              GError             **error);

/* Read `rect` of a one-channel buffer (a channel, a layer mask, the
 * selection) as coverage in [0, 1], without changing its tone curve:
 * mask->data is allocated (free with g_free()).  Parts of `rect` outside
 * the buffer read as 0.  FALSE with NST_FE_ERROR_IMAGE when memory runs
 * out. */
gboolean nst_fe_pixels_read_mask (GeglBuffer          *buffer,
                                  const GeglRectangle *rect,
                                  nst_mask            *mask,
                                  GError             **error);

G_END_DECLS

#endif /* NST_FE_PIXELS_H */
