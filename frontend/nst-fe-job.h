/* nst-fe-job.h - one stylisation run, in GLib terms.
 *
 * The engine call between reading the pixels and writing the result:
 * plug-in parameters in, a GError with a sentence for the user out.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_FE_JOB_H
#define NST_FE_JOB_H

#include <glib.h>

#include "nst.h"
#include "nst-fe-params.h"

G_BEGIN_DECLS

/* The styles of a run as the engine takes them. */
typedef struct
{
  gint      n;
  nst_image image[NST_FE_MAX_STYLES];
  nst_mask  selection[NST_FE_MAX_STYLES];  /* data NULL: all of the style image */
  nst_mask  region[NST_FE_MAX_STYLES];     /* data NULL: everywhere */
  gfloat    weight[NST_FE_MAX_STYLES];
} NstFeStyles;

/* Free what the styles hold (images with nst_image_clear(), masks with
 * g_free()) and zero them. */
void      nst_fe_styles_clear    (NstFeStyles         *styles);

/* A deep copy of `src` into `dst` (cleared first); FALSE, with `dst`
 * cleared, when memory runs out. */
gboolean  nst_fe_styles_copy     (NstFeStyles         *dst,
                                  const NstFeStyles   *src);

/* The engine's view of `styles` (pointing into them): out[0..n-1]. */
void      nst_fe_styles_engine   (const NstFeStyles   *styles,
                                  nst_style           *out);

/* Stylise `content` with `styles` into `output`, which is allocated here
 * at the content's size (free with nst_image_clear()), starting from
 * `init` when not NULL (any size, resampled; NULL: from the content).
 * `progress` (may be NULL) is called once per iteration with
 * `user_data`; returning 0 stops the run.  The run may plan to use at
 * most $NST_MEMORY_LIMIT_MB MiB, or three quarters of the physical
 * memory.  On failure `output` is left empty and the error is
 * NST_FE_ERROR_CANCELLED or NST_FE_ERROR_ENGINE. */
gboolean  nst_fe_job_stylize     (const nst_model     *model,
                                  const NstFeParams   *params,
                                  const nst_image     *content,
                                  const NstFeStyles   *styles,
                                  const nst_image     *init,
                                  nst_progress_fn      progress,
                                  gpointer             user_data,
                                  nst_image           *output,
                                  GError             **error);

/* The plan of a run of `params` on a content of that size (the styles'
 * sizes count, not their pixels); FALSE when the engine would refuse
 * the job (nst_fe_job_stylize() then says why). */
gboolean  nst_fe_job_estimate    (const nst_model     *model,
                                  const NstFeParams   *params,
                                  gint                 content_width,
                                  gint                 content_height,
                                  const NstFeStyles   *styles,
                                  nst_estimate        *estimate);

/* "Neural style: level 2/3, about 40 s left" with `seconds_left` (see
 * nst-fe-eta.h), or "Neural style: level 2/3, iteration 140/300" when
 * it is < 0 (unknown), translated.  g_free() it. */
gchar    *nst_fe_progress_text (const nst_progress  *progress,
                                gdouble              seconds_left);

G_END_DECLS

#endif /* NST_FE_JOB_H */
