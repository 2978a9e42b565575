/* gimp3-render.h - one run of plug-in-neural-style, start to end (GIMP 3).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef GIMP3_RENDER_H
#define GIMP3_RENDER_H

#include <libgimp/gimp.h>

#include "nst-plug-params.h"

G_BEGIN_DECLS

/* Check the parameters, load the model, read the pixels, run the engine
 * with GIMP's progress bar, and write the result.  Nothing in the image
 * changes unless everything before the write succeeded.  In batch mode
 * (`interactive` FALSE) notices go to stderr, else to GIMP's messages.
 * Errors are in the NST_PLUG_ERROR domain. */
gboolean nst_gimp3_render (GimpImage           *image,
                           GimpDrawable        *drawable,
                           const NstPlugParams *params,
                           gboolean             interactive,
                           GError             **error);

G_END_DECLS

#endif /* GIMP3_RENDER_H */
