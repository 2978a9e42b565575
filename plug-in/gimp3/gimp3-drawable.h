/* gimp3-drawable.h - reading the content and style drawables (GIMP 3).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef GIMP3_DRAWABLE_H
#define GIMP3_DRAWABLE_H

#include <libgimp/gimp.h>

#include "nst.h"

G_BEGIN_DECLS

/* The part of `drawable` to stylise: its intersection with the selection
 * (the whole drawable without one), in drawable coordinates.  FALSE with
 * NST_PLUG_ERROR_IMAGE for layer groups and an empty intersection. */
gboolean nst_gimp3_content_rect (GimpDrawable         *drawable,
                                 GeglRectangle        *rect,
                                 GError              **error);

/* Read `rect` of `drawable`: colour into `rgb`, alpha into *alpha (may be
 * NULL to drop it).  See nst_plug_pixels_read() for ownership. */
gboolean nst_gimp3_read         (GimpDrawable         *drawable,
                                 const GeglRectangle  *rect,
                                 nst_image            *rgb,
                                 gfloat              **alpha,
                                 GError              **error);

/* Read the whole colour of the style drawable with id `id`.  FALSE with
 * NST_PLUG_ERROR_INVALID_ARGUMENT, naming the argument, when it is not a
 * drawable of an open image. */
gboolean nst_gimp3_read_style   (gint32                id,
                                 nst_image            *rgb,
                                 GError              **error);

G_END_DECLS

#endif /* GIMP3_DRAWABLE_H */
