/* test-preview-path.c - the preview is the final run, only smaller.
 *
 * Runs the dialog's preview worker (nst-fe-preview-job.c, no display needed)
 * and nst_fe_job_stylize(), the call the GIMP adapters make for the final
 * render, on the same small image with the same parameters, and checks
 * that the pixels are identical.  The same for the 1:1 zoom when the part
 * it shows is the whole image (any smaller part sees different borders,
 * so only its geometry and its style scale are checked).  Also:
 * progressive frames arrive, cancel stops a preview, the preview's
 * size mapping, and scaling read by bands of rows.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "nst-fe-error.h"
#include "nst-fe-job.h"
#include "nst-fe-mapping.h"
#include "nst-fe-preview-job.h"

static void
fill (nst_image *image,
      gint       width,
      gint       height,
      gfloat     phase)
{
  nst_error err;
  gint      i;

  nst_image_init (image, width, height, &err);
  for (i = 0; i < width * height * 3; i++)
    image->data[i] = 0.5f + 0.45f * sinf (phase * (gfloat) i * 0.37f + (gfloat) (i % 3));
}

/* Both images exist, have one size and the very same pixels. */
static gboolean
same_pixels (const nst_image *a,
             const nst_image *b)
{
  return a->data != NULL && b->data != NULL &&
         a->width == b->width && a->height == b->height &&
         memcmp (a->data, b->data, sizeof (float) * 3 * a->width * a->height) == 0;
}

/* One style of weight 1, borrowed: never cleared. */
static NstFeStyles
one_style (const nst_image *style)
{
  NstFeStyles one = { 0 };

  one.n = 1;
  one.image[0] = *style;
  one.weight[0] = 1.0f;
  return one;
}

/* Run a preview job to its end; count the frames it showed. */
static gboolean
run_preview_inputs (NstFeModel          *model,
                    const NstFeParams   *params,
                    const nst_image     *content,
                    const NstFeStyles   *styles,
                    const nst_image     *init,
                    nst_image           *result,
                    guint               *n_frames,
                    gboolean             cancel_at_first_frame,
                    GError             **error)
{
  NstPreviewJob *job = nst_preview_job_start (model, params, content, styles, init, FALSE);
  nst_image      frame = { 0, 0, NULL };
  guint          serial = 0;

  *n_frames = 0;
  while (! nst_preview_job_is_done (job))
    {
      gchar *text = NULL;

      if (nst_preview_job_take_frame (job, &serial, &frame, &text))
        {
          (*n_frames)++;
          g_free (text);
          if (cancel_at_first_frame)
            nst_preview_job_cancel (job);
        }
      g_usleep (2000);
    }
  nst_image_clear (&frame);
  return nst_preview_job_finish (job, result, error);
}

static gboolean
run_preview (NstFeModel          *model,
             const NstFeParams   *params,
             const nst_image     *content,
             const nst_image     *style,
             nst_image           *result,
             guint               *n_frames,
             gboolean             cancel_at_first_frame,
             GError             **error)
{
  NstFeStyles one = one_style (style);

  return run_preview_inputs (model, params, content, &one, NULL, result, n_frames,
                             cancel_at_first_frame, error);
}

/* nst_plug_run()'s engine call for the final run, with one style. */
static gboolean
run_final (NstFeModel          *model,
           const NstFeParams   *params,
           const nst_image     *content,
           const nst_image     *style,
           nst_image           *result,
           GError             **error)
{
  NstFeStyles one = one_style (style);

  return nst_fe_job_stylize (model->model, params, content, &one, NULL, NULL, NULL,
                             result, error);
}

static void
test_same_pixels (NstFeModel      *model,
                  const nst_image *content,
                  const nst_image *style)
{
  NstFeParams   params, preview;
  nst_image     small = { 0, 0, NULL };
  nst_image     shown = { 0, 0, NULL };
  nst_image     final = { 0, 0, NULL };
  GError       *error = NULL;
  guint         n_frames;
  gboolean      ok;

  nst_fe_params_init_defaults (&params);
  params.working_size = 0;
  params.iterations = 6;
  params.seed = 7;
  params.style_strength = 70;

  /* What the dialog does: scale down (a no-op at this size), map. */
  nst_preview_scale_down (content, 320, &small);
  nst_preview_job_params (&params, MAX (content->width, content->height),
                          MAX (small.width, small.height), &preview);
  ok = run_preview (model, &preview, &small, style, &shown, &n_frames, FALSE, &error);
  CHECK (ok, "the preview ran to its end%s%s", error ? ": " : "", error ? error->message : "");
  CHECK (n_frames >= 1, "the preview showed %u progressive frames", n_frames);
  g_clear_error (&error);

  /* What nst_plug_run() does for the final run. */
  ok = run_final (model, &params, content, style, &final, &error);
  CHECK (ok, "the final run succeeded");
  g_clear_error (&error);

  CHECK (same_pixels (&shown, &final),
         "preview and final render give identical pixels (%d x %d)", final.width, final.height);
  CHECK (final.data != NULL &&
         memcmp (final.data, content->data, sizeof (float) * 3 * final.width * final.height) != 0,
         "and they differ from the content");

  nst_image_clear (&small);
  nst_image_clear (&shown);
  nst_image_clear (&final);
}

static gboolean
zoom_is (const NstPreviewZoom *zoom,
         gint x, gint y, gint width, gint height, gint out_width, gint out_height)
{
  return zoom->x == x && zoom->y == y && zoom->width == width && zoom->height == height &&
         zoom->out_width == out_width && zoom->out_height == out_height;
}

static void
test_zoom_plan (void)
{
  NstFeParams    params, zoomed;
  NstPreviewZoom zoom;

  nst_fe_params_init_defaults (&params);
  params.working_size = 512;
  nst_preview_zoom_plan (&params, 640, 480, 224, 216, 320, &zoom);
  CHECK (zoom_is (&zoom, 24, 16, 400, 400, 320, 320),
         "512 px of 640: 320 px of the result are 400 px of the content, centred");
  nst_preview_zoom_plan (&params, 640, 480, 630, 5, 320, &zoom);
  CHECK (zoom_is (&zoom, 240, 0, 400, 400, 320, 320), "the part stays inside the content");
  params.working_size = 0;
  nst_preview_zoom_plan (&params, 640, 480, 320, 240, 320, &zoom);
  CHECK (zoom_is (&zoom, 160, 80, 320, 320, 320, 320), "working size 0 zooms to the pixels");
  params.working_size = 256;
  nst_preview_zoom_plan (&params, 640, 480, 100, 100, 320, &zoom);
  CHECK (zoom_is (&zoom, 0, 0, 640, 480, 256, 192),
         "a final run smaller than the zoom shows the whole content");

  /* The engine sizes the style as style_scale x working long side. */
  params.working_size = 512;
  params.detail_size = 1.5;
  nst_preview_zoom_plan (&params, 640, 480, 224, 216, 320, &zoom);
  CHECK (nst_preview_zoom_params (&params, 640, &zoom, &zoomed) &&
         zoomed.working_size == 320 &&
         fabs (zoomed.detail_size * 320 - params.detail_size * 512) < 1e-9,
         "the zoom's style has the final run's size in pixels (detail %g)", zoomed.detail_size);
  zoomed.detail_size = params.detail_size;
  zoomed.working_size = params.working_size;
  CHECK (memcmp (&zoomed, &params, sizeof (params)) == 0, "and every other parameter is kept");
  params.working_size = 0;
  params.detail_size = 4.0;
  nst_preview_zoom_plan (&params, 8000, 6000, 4000, 3000, 320, &zoom);
  CHECK (! nst_preview_zoom_params (&params, 8000, &zoom, &zoomed) &&
         zoomed.detail_size == NST_PREVIEW_STYLE_SCALE_MAX,
         "beyond the engine's style scales the zoom clamps and says so");
}

/* The zoom of the whole image is the final run: the same pixels. */
static void
test_zoom_same_pixels (NstFeModel      *model,
                       const nst_image *content,
                       const nst_image *style)
{
  NstFeParams    params, zoomed;
  NstPreviewZoom zoom;
  nst_image      part = { 0, 0, NULL };
  nst_image      shown = { 0, 0, NULL };
  nst_image      final = { 0, 0, NULL };
  GError        *error = NULL;
  guint          n_frames;
  gboolean       ok;

  nst_fe_params_init_defaults (&params);
  params.working_size = 0;
  params.iterations = 6;
  params.seed = 11;
  params.detail_size = 1.5;

  /* What the preview does on a drag: plan, read the part, map, run. */
  nst_preview_zoom_plan (&params, content->width, content->height, 3, 30, 320, &zoom);
  CHECK (zoom_is (&zoom, 0, 0, content->width, content->height, content->width, content->height),
         "a zoom no smaller than the content shows all of it");
  nst_preview_scale_to (content, zoom.out_width, zoom.out_height, &part);
  nst_preview_zoom_params (&params, MAX (content->width, content->height), &zoom, &zoomed);
  ok = run_preview (model, &zoomed, &part, style, &shown, &n_frames, FALSE, &error);
  CHECK (ok, "the zoomed preview ran to its end%s%s", error ? ": " : "",
         error ? error->message : "");
  g_clear_error (&error);

  ok = run_final (model, &params, content, style, &final, &error);
  CHECK (ok, "the final run succeeded");
  g_clear_error (&error);
  CHECK (same_pixels (&shown, &final),
         "zoomed preview and final render give identical pixels (%d x %d)",
         final.width, final.height);

  nst_image_clear (&part);
  nst_image_clear (&shown);
  nst_image_clear (&final);
}

/* Every input a run reads besides the content (two styles with weights,
 * a region each, a selection of the second, a start image) reaches the
 * preview: same pixels as the final run's engine call. */
static void
test_same_pixels_all_inputs (NstFeModel      *model,
                             const nst_image *content,
                             const nst_image *style)
{
  NstFeParams   params;
  NstFeStyles   styles = { 0 }, plain = { 0 };
  nst_image     init = { 0, 0, NULL };
  nst_image     shown = { 0, 0, NULL };
  nst_image     final = { 0, 0, NULL };
  nst_image     without = { 0, 0, NULL };
  GError       *error = NULL;
  guint         n_frames;
  gint          x, y, w = content->width, h = content->height;
  gboolean      ok;

  nst_fe_params_init_defaults (&params);
  params.working_size = 0;
  params.iterations = 6;
  params.seed = 3;

  styles.n = 2;
  styles.weight[0] = 1.0f;
  styles.weight[1] = 3.0f;
  nst_preview_scale_to (style, style->width, style->height, &styles.image[0]);
  fill (&styles.image[1], 24, 20, 2.3f);
  styles.selection[1].width = 24;
  styles.selection[1].height = 20;
  styles.selection[1].data = g_new (gfloat, 24 * 20);
  for (x = 0; x < 24 * 20; x++)
    styles.selection[1].data[x] = x % 24 < 12 ? 1.0f : 0.25f;
  for (x = 0; x < 2; x++)
    {
      styles.region[x].width = w;
      styles.region[x].height = h;
      styles.region[x].data = g_new (gfloat, (gsize) w * h);
    }
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      {
        styles.region[0].data[y * w + x] = x < w / 2 ? 1.0f : 0.0f;
        styles.region[1].data[y * w + x] = x < w / 2 ? 0.0f : 1.0f;
      }
  fill (&init, w, h, 0.9f);

  ok = run_preview_inputs (model, &params, content, &styles, &init, &shown, &n_frames, FALSE,
                           &error);
  CHECK (ok, "a preview with two styles, regions, a selection and a start image ran%s%s",
         error ? ": " : "", error ? error->message : "");
  g_clear_error (&error);
  ok = nst_fe_job_stylize (model->model, &params, content, &styles, &init, NULL, NULL,
                           &final, &error);
  CHECK (ok, "the final run with them succeeded");
  g_clear_error (&error);
  CHECK (same_pixels (&shown, &final),
         "preview and final render agree with every input (%d x %d)", final.width, final.height);

  /* and the inputs matter: without regions, selection and start image
   * the same run gives other pixels */
  plain.n = 2;
  plain.image[0] = styles.image[0];
  plain.image[1] = styles.image[1];
  plain.weight[0] = styles.weight[0];
  plain.weight[1] = styles.weight[1];
  ok = nst_fe_job_stylize (model->model, &params, content, &plain, NULL, NULL, NULL,
                           &without, &error);
  CHECK (ok && without.data != NULL && final.data != NULL &&
         memcmp (without.data, final.data, sizeof (float) * 3 * final.width * final.height) != 0,
         "and without those inputs the pixels differ");
  g_clear_error (&error);

  nst_fe_styles_clear (&styles);
  nst_image_clear (&init);
  nst_image_clear (&shown);
  nst_image_clear (&final);
  nst_image_clear (&without);
}

static void
test_cancel (NstFeModel      *model,
             const nst_image *content,
             const nst_image *style)
{
  NstFeParams params;
  GError       *error = NULL;
  guint         n_frames;
  gboolean      ok;

  nst_fe_params_init_defaults (&params);
  params.working_size = 0;
  params.iterations = 2000;
  ok = run_preview (model, &params, content, style, NULL, &n_frames, TRUE, &error);
  CHECK (! ok && g_error_matches (error, NST_FE_ERROR, NST_FE_ERROR_CANCELLED),
         "a cancelled preview stops (after %u frames) and says so", n_frames);
  g_clear_error (&error);
}

static void
test_sizes (void)
{
  NstFeParams params, preview;

  nst_fe_params_init_defaults (&params);
  params.working_size = 512;
  nst_preview_job_params (&params, 2000, 320, &preview);
  CHECK (preview.working_size == 320, "512 px of 2000 previews at 320 px");
  params.working_size = 256;
  nst_preview_job_params (&params, 2000, 320, &preview);
  CHECK (preview.working_size == 256, "256 px of 2000 previews at 256 px");
  params.working_size = 0;
  nst_preview_job_params (&params, 200, 200, &preview);
  CHECK (memcmp (&params, &preview, sizeof (params)) == 0,
         "a content no larger than the preview keeps every parameter");
  CHECK (fabs (nst_fe_content_weight (50) - 1.0) < 1e-9 &&
         fabs (nst_fe_content_fidelity (nst_fe_content_weight (80)) - 80) < 1e-9 &&
         nst_fe_content_weight (0) == 0.0,
         "content fidelity 50 is weight 1, and the mapping inverts");
}

/* Rows of a whole image, copied out as a band, counting the largest. */
typedef struct
{
  const nst_image *image;
  gint             largest;
} BandSource;

static gboolean
copy_rows (gint        y0,
           gint        n_rows,
           nst_image  *band,
           GError    **error,
           gpointer    user_data)
{
  BandSource *src = user_data;
  nst_error   err;

  (void) error;
  if (nst_image_init (band, src->image->width, n_rows, &err) != NST_STATUS_OK)
    return FALSE;
  memcpy (band->data, src->image->data + (gsize) y0 * src->image->width * 3,
          sizeof (float) * 3 * src->image->width * n_rows);
  src->largest = MAX (src->largest, n_rows);
  return TRUE;
}

/* The dialog reads its content a band of rows at a time: the same pixels
 * as scaling the whole, for shrinking, odd ratios and a copy. */
static void
test_scale_rows (void)
{
  static const gint sizes[][4] = {
    { 401, 297, 320, 237 }, { 97, 131, 40, 54 }, { 64, 48, 64, 48 }, { 640, 8, 320, 4 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      nst_image  whole, by_rows, scaled;
      BandSource src;
      gboolean   ok;

      fill (&whole, sizes[i][0], sizes[i][1], 0.7f + (gfloat) i);
      src.image = &whole;
      src.largest = 0;
      ok = nst_preview_scale_to (&whole, sizes[i][2], sizes[i][3], &scaled) &&
           nst_preview_scale_rows (whole.width, whole.height, copy_rows, &src,
                                   sizes[i][2], sizes[i][3], &by_rows, NULL);
      CHECK (ok && same_pixels (&scaled, &by_rows) &&
             src.largest <= (sizes[i][1] + sizes[i][3] - 1) / sizes[i][3],
             "%d x %d px to %d x %d read by rows: the same pixels, at most %d rows at once",
             sizes[i][0], sizes[i][1], sizes[i][2], sizes[i][3], src.largest);
      nst_image_clear (&whole);
      if (ok)
        {
          nst_image_clear (&scaled);
          nst_image_clear (&by_rows);
        }
    }
}

int
main (void)
{
  NstFeModel   model = { NULL, NULL };
  nst_image    content, style;
  nst_error    err;

  if (nst_model_new_builtin (&model.model, &err) != NST_STATUS_OK)
    {
      CHECK (FALSE, "the built-in network: %s", err.message);
      return check_finish ("preview-path");
    }
  fill (&content, 40, 32, 1.0f);
  fill (&style, 48, 48, 2.3f);

  test_sizes ();
  test_scale_rows ();
  test_same_pixels (&model, &content, &style);
  test_same_pixels_all_inputs (&model, &content, &style);
  test_zoom_plan ();
  test_zoom_same_pixels (&model, &content, &style);
  test_cancel (&model, &content, &style);

  nst_image_clear (&content);
  nst_image_clear (&style);
  nst_fe_model_close (&model);
  return check_finish ("preview-path");
}
