/* gimp3-render.c - one run of plug-in-neural-style, start to end (GIMP 3).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "gimp3-drawable.h"
#include "gimp3-output.h"
#include "gimp3-render.h"
#include "nst-plug-intl.h"
#include "nst-plug-job.h"
#include "nst-plug-model.h"

/* Once per engine iteration.  GIMP's own Cancel ends this process, so
 * there is nothing to ask: the run always goes on. */
static int
on_progress (const nst_progress *progress,
             void               *user_data)
{
  gchar *text = nst_plug_progress_text (progress);

  (void) user_data;
  gimp_progress_set_text (text);
  gimp_progress_update (progress->fraction);
  g_free (text);
  return 1;
}

static void
announce_builtin (gboolean interactive)
{
  gchar *notice = nst_plug_model_builtin_notice ();

  if (interactive)
    gimp_message (notice);
  else
    g_printerr ("neural-style: %s\n", notice);
  g_free (notice);
}

gboolean
nst_gimp3_render (GimpImage           *image,
                  GimpDrawable        *drawable,
                  const NstPlugParams *params,
                  gboolean             interactive,
                  GError             **error)
{
  NstPlugModel  model = { NULL, NULL };
  nst_image     content = { 0, 0, NULL };
  nst_image     style = { 0, 0, NULL };
  nst_image     output = { 0, 0, NULL };
  gfloat       *alpha = NULL;
  GeglRectangle rect;
  gboolean      progress_shown = FALSE;
  gboolean      ok = FALSE;

  if (! nst_plug_params_validate (params, error) ||
      ! nst_gimp3_read_style (params->style_drawable, &style, error) ||
      ! nst_gimp3_content_rect (drawable, &rect, error) ||
      ! nst_plug_model_open (params->model_path, &model, error))
    goto out;

  if (model.path == NULL)
    announce_builtin (interactive);

  if (! nst_gimp3_read (drawable, &rect, &content, &alpha, error))
    goto out;

  progress_shown = gimp_progress_init (_("Neural style transfer"));
  if (! nst_plug_job_run (model.model, params, &content, &style,
                          on_progress, NULL, &output, error))
    goto out;

  ok = nst_gimp3_output_write (image, drawable, params->output_mode,
                               &rect, &output, alpha, error);

out:
  if (progress_shown)
    gimp_progress_end ();
  nst_image_clear (&output);
  nst_image_clear (&content);
  nst_image_clear (&style);
  g_free (alpha);
  nst_plug_model_close (&model);
  return ok;
}
