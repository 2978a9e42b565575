/* cli-bench-presets.c - `nst bench --presets`: the quality presets as a
 * user runs them, on two pairs of images drawn here (no files needed):
 * seconds, evaluations and iterations per level, and the final objective
 * at the finest level, so a schedule change shows both what it saves and
 * what it costs.  Numbers are printed, never judged.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nst-cli.h"

#define PRESET_CONTENT_W 640
#define PRESET_CONTENT_H 427
#define PRESET_STYLE_W   800
#define PRESET_STYLE_H   600

/* What one preset run did, from its progress calls. */
typedef struct
{
  int    n_levels;
  int    ran[NST_MAX_LEVELS];       /* iterations run at each level */
  int    planned[NST_MAX_LEVELS];
  int    evaluations;
  double objective;                 /* the last loss of the finest level */
} PresetRun;

static int
preset_progress (const nst_progress *p,
                 void               *user_data)
{
  PresetRun *run = user_data;

  run->n_levels = p->n_levels;
  run->ran[p->level - 1] = p->iteration;
  run->planned[p->level - 1] = p->n_iterations;
  run->evaluations = p->evaluations;
  run->objective = p->loss;
  return 1;
}

static void
put_pixel (nst_image *im,
           int        x,
           int        y,
           double     r,
           double     g,
           double     b)
{
  float *px = im->data + 3 * ((size_t) y * im->width + x);

  px[0] = (float) fmin (fmax (r, 0.0), 1.0);
  px[1] = (float) fmin (fmax (g, 0.0), 1.0);
  px[2] = (float) fmin (fmax (b, 0.0), 1.0);
}

/* A landscape: sky, sun, two hills and a house, with some grain. */
static void
draw_landscape (nst_image *im,
                GRand     *rng)
{
  int x, y;

  for (y = 0; y < im->height; y++)
    for (x = 0; x < im->width; x++)
      {
        double u = (double) x / im->width, v = (double) y / im->height;
        double hill1 = 0.62 + 0.08 * sin (6.0 * u), hill2 = 0.75 + 0.05 * cos (9.0 * u + 1.0);
        double grain = 0.04 * (g_rand_double (rng) - 0.5);
        double r = 0.45 + 0.3 * v, g = 0.65 + 0.2 * v, b = 0.95;

        if (hypot (u - 0.78, v - 0.2) < 0.08)
          r = 1.0, g = 0.85, b = 0.3;
        if (v > hill1)
          r = 0.25, g = 0.55 - 0.2 * (v - hill1), b = 0.2;
        if (v > hill2)
          r = 0.4, g = 0.35, b = 0.2;
        if (u > 0.2 && u < 0.42 && v > 0.45 && v < 0.72)
          r = 0.85, g = 0.8, b = 0.7;
        if (u > 0.18 && u < 0.44 && v > 0.3 && v <= 0.45 && fabs (u - 0.31) < (v - 0.3) * 0.9)
          r = 0.6, g = 0.15, b = 0.1;
        if (u > 0.28 && u < 0.34 && v > 0.6 && v < 0.72)
          r = 0.3, g = 0.2, b = 0.1;
        put_pixel (im, x, y, r + grain, g + grain, b + grain);
      }
}

/* A portrait-like study: a face-sized disc, eyes and a striped shirt on
 * a soft background. */
static void
draw_portrait (nst_image *im,
               GRand     *rng)
{
  int x, y;

  for (y = 0; y < im->height; y++)
    for (x = 0; x < im->width; x++)
      {
        double u = (double) x / im->width, v = (double) y / im->height;
        double grain = 0.04 * (g_rand_double (rng) - 0.5);
        double r = 0.3 + 0.4 * u, g = 0.35, b = 0.5 - 0.2 * u;
        double face = hypot ((u - 0.5) * 1.5, v - 0.38);

        if (face < 0.22)
          r = 0.9 - face, g = 0.7 - face, b = 0.55 - face;
        if (hypot (u - 0.44, v - 0.33) < 0.025 || hypot (u - 0.56, v - 0.33) < 0.025)
          r = 0.1, g = 0.1, b = 0.15;
        if (v > 0.66 && fabs (u - 0.5) < 0.1 + (v - 0.66))
          {
            int stripe = (int) floor (v * 30.0) % 2;

            r = stripe ? 0.9 : 0.2, g = stripe ? 0.9 : 0.3, b = stripe ? 0.85 : 0.7;
          }
        put_pixel (im, x, y, r + grain, g + grain, b + grain);
      }
}

/* Swirling strokes in blues and yellows, in the manner of a night sky. */
static void
draw_swirls (nst_image *im,
             GRand     *rng)
{
  int x, y;

  for (y = 0; y < im->height; y++)
    for (x = 0; x < im->width; x++)
      {
        double u = (double) x / im->width, v = (double) y / im->height;
        double a = 18.0 * u + 6.0 * sin (7.0 * v + 3.0 * sin (5.0 * u));
        double s = 0.5 + 0.5 * sin (a + 40.0 * v * (0.6 + 0.4 * cos (4.0 * u)));
        double n = 0.15 * (g_rand_double (rng) - 0.5);

        put_pixel (im, x, y, 0.1 + 0.8 * s * s + n, 0.2 + 0.6 * s + n, 0.6 - 0.3 * s + n);
      }
}

/* Short diagonal strokes of earth colours, in the manner of a storm. */
static void
draw_strokes (nst_image *im,
              GRand     *rng)
{
  int x, y;

  for (y = 0; y < im->height; y++)
    for (x = 0; x < im->width; x++)
      {
        double u = (double) x / im->width, v = (double) y / im->height;
        double d = 60.0 * (u + 0.6 * v), e = 25.0 * (u - v);
        double s = 0.5 + 0.5 * sin (d + 2.0 * sin (e));
        double n = 0.2 * (g_rand_double (rng) - 0.5);

        put_pixel (im, x, y, 0.35 + 0.45 * s + n, 0.3 + 0.3 * s + n, 0.2 + 0.15 * s + n);
      }
}

typedef void (*DrawFn) (nst_image *im, GRand *rng);

static const struct
{
  const char *name;
  DrawFn      content, style;
} preset_pairs[] =
{
  { "landscape x swirls",  draw_landscape, draw_swirls },
  { "portrait x strokes",  draw_portrait,  draw_strokes },
};

/* Run one preset on one pair and print its line. */
static gboolean
bench_preset_run (const nst_model  *model,
                  nst_quality       quality,
                  const nst_image  *content,
                  const nst_image  *style,
                  const char       *pair,
                  int               threads,
                  GError          **error)
{
  nst_params  p = nst_params_for_quality (quality);
  nst_style   s = { style, 1.0f, NULL, NULL };
  nst_image   out = { 0 };
  nst_error   err;
  PresetRun   run;
  nst_status  status;
  double      t0;
  char        levels[128] = "";
  int         i;

  memset (&run, 0, sizeof run);
  p.threads = threads;
  p.progress = preset_progress;
  p.user_data = &run;
  status = nst_image_init (&out, content->width, content->height, &err);
  t0 = g_get_monotonic_time () / 1e6;
  if (status == NST_STATUS_OK)
    status = nst_stylize (model, content, &s, 1, &p, &out, &err);
  nst_image_clear (&out);
  if (status != NST_STATUS_OK)
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED, "%s", err.message);
      return FALSE;
    }
  for (i = 0; i < run.n_levels; i++)
    {
      size_t len = strlen (levels);

      g_snprintf (levels + len, sizeof levels - len, "%s%d/%d", i ? " " : "",
                  run.ran[i], run.planned[i]);
    }
  printf ("  %-9s %-19s %4d px  %-28s %5d  %8.1f  %.5f\n",
          nst_quality_name (quality), pair, p.size, levels, run.evaluations,
          g_get_monotonic_time () / 1e6 - t0, run.objective);
  fflush (stdout);
  return TRUE;
}

gboolean
nst_cli_bench_presets (const nst_model  *model,
                       int               threads,
                       GError          **error)
{
  static const nst_quality qualities[] = { NST_QUALITY_DRAFT, NST_QUALITY_BALANCED };
  nst_image content = { 0 }, style = { 0 };
  nst_error err;
  gboolean  ok = TRUE;
  size_t    k, q;

  printf ("== presets on drawn images (content %d x %d, style %d x %d)\n"
          "  %-9s %-19s %7s  %-28s %5s  %8s  %s\n",
          PRESET_CONTENT_W, PRESET_CONTENT_H, PRESET_STYLE_W, PRESET_STYLE_H,
          "preset", "pair", "size", "iterations run/planned", "evals", "seconds",
          "objective");
  for (k = 0; ok && k < G_N_ELEMENTS (preset_pairs); k++)
    {
      GRand *rng = g_rand_new_with_seed ((guint32) (1 + k));

      if (nst_image_init (&content, PRESET_CONTENT_W, PRESET_CONTENT_H, &err) != NST_STATUS_OK
          || nst_image_init (&style, PRESET_STYLE_W, PRESET_STYLE_H, &err) != NST_STATUS_OK)
        {
          g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED, "%s", err.message);
          g_rand_free (rng);
          ok = FALSE;
          break;
        }
      preset_pairs[k].content (&content, rng);
      preset_pairs[k].style (&style, rng);
      g_rand_free (rng);
      for (q = 0; ok && q < G_N_ELEMENTS (qualities); q++)
        ok = bench_preset_run (model, qualities[q], &content, &style, preset_pairs[k].name,
                               threads, error);
      nst_image_clear (&content);
      nst_image_clear (&style);
    }
  nst_image_clear (&content);
  nst_image_clear (&style);
  return ok;
}
