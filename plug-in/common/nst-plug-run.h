/* nst-plug-run.h - one run of plug-in-neural-style, start to end.
 *
 * Both GIMP adapters call this with their host table (nst-plug-host.h);
 * the sequence itself is written only here.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_PLUG_RUN_H
#define NST_PLUG_RUN_H

#include "nst.h"
#include "nst-plug-host.h"
#include "nst-fe-job.h"
#include "nst-fe-params.h"

G_BEGIN_DECLS

/* The part of `drawable` a run stylises: its intersection with the
 * selection (all of it without one), in drawable coordinates.  FALSE with
 * NST_FE_ERROR_IMAGE for layer groups and an empty intersection. */
gboolean nst_plug_content_rect (const NstPlugHost   *host,
                                gint32               drawable,
                                GeglRectangle       *rect,
                                GError             **error);

/* Read `rect` of `drawable`: colour into `rgb`, alpha into *alpha (may be
 * NULL to drop it).  See nst_fe_pixels_read() for ownership. */
gboolean nst_plug_read         (const NstPlugHost   *host,
                                gint32               drawable,
                                const GeglRectangle *rect,
                                nst_image           *rgb,
                                gfloat             **alpha,
                                GError             **error);

/* What a run of `params` on `rect` of `drawable` (in `image`) reads
 * besides the content: every style (the selected part when asked), each
 * style's region over `rect`, and the init-drawable's pixels over `rect`
 * (left empty when it is -1).  The final run and the dialog's preview
 * both read through this.  On failure everything is cleared and the
 * error names the argument at fault. */
gboolean nst_plug_read_inputs  (const NstPlugHost   *host,
                                gint32               image,
                                gint32               drawable,
                                const NstFeParams   *params,
                                const GeglRectangle *rect,
                                NstFeStyles         *styles,
                                nst_image           *init,
                                GError             **error);

/* Check the parameters, load the model, read the pixels, run the engine
 * with GIMP's progress bar, and write the result as one undo step.
 * Nothing in the image changes unless everything before the write
 * succeeded.  In batch mode (`interactive` FALSE) notices go to stderr,
 * else to GIMP's messages.  Errors are in the NST_FE_ERROR domain. */
gboolean nst_plug_run          (const NstPlugHost   *host,
                                gint32               image,
                                gint32               drawable,
                                const NstFeParams *params,
                                gboolean             interactive,
                                GError             **error);

G_END_DECLS

#endif /* NST_PLUG_RUN_H */
