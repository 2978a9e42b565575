/* cli-stylize.c - `nst stylize CONTENT STYLE [STYLE...] -o OUT`.
 *
 * Options map one to one onto nst_params.  The images are read with GEGL;
 * the content's alpha is set aside and put back on the result.  Progress
 * goes to stderr once per iteration; Ctrl-C cancels through the progress
 * callback, and OUT is written only after a complete run, atomically.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cblas.h>
#include <gegl.h>

#include "nst-cli.h"
#include "nst-fe-calibration.h"
#include "nst-fe-eta.h"

#define COMMAND "stylize"

/* The one piece of global state: a signal handler can reach nothing else.
 * Set by SIGINT/SIGTERM, read by the progress callback. */
static volatile sig_atomic_t stylize_cancel_requested = 0;

static const char * const optimizer_names[] = { "lbfgs", "adam", NULL };
static const char * const color_names[] = { "none", "luminance", "match", NULL };
/* In nst_quality's order. */
static const char * const quality_names[] = { "draft", "balanced", "fine", NULL };

/* --size and --iterations when not given: the preset's, or the defaults. */
#define NOT_GIVEN G_MININT

/* The command line as given, before it becomes nst_params. */
typedef struct
{
  char    *output;
  double   content_weight, style_weight, tv_weight, chroma_tv_weight, composition_weight;
  double   patch_weight, patch_repeat;
  char    *content_layers, *style_layers, *patch_layers;
  char    *pool, *optimizer, *init, *seed, *color, *memory_limit, *style_weights, *quality;
  int      iterations, size, min_size, levels, threads, bits;
  double   learning_rate, style_scale, level_ratio, tolerance;
  int      style_tiles, style_bands, patch_levels;
  char   **style_masks, **style_selections;
  char    *model;
  gboolean builtin, quiet, verbose;
} StylizeArgs;

/* What a run holds; all of it is released in one place. */
typedef struct
{
  nst_image    content;
  float       *alpha;            /* the content's, or NULL */
  nst_image   *style_images;     /* n_styles */
  nst_style   *styles;
  nst_mask    *masks;            /* n_styles; data NULL where none */
  nst_mask    *selections;       /* n_styles; data NULL where none */
  int          n_styles;
  nst_image    init_image;
  nst_image    output;
  NstFeModel   model;
  int          bits;             /* of OUT */
} StylizeJob;

typedef struct
{
  gboolean quiet;
  gboolean tty;
  int      columns;              /* of the terminal, when tty */
  gboolean line_open;            /* a \r line waits for its newline */
  NstFeEta eta;                  /* the time left, from the plan */
} StylizeProgress;

static void
stylize_args_init (StylizeArgs *a)
{
  nst_params p = nst_params_default ();

  memset (a, 0, sizeof *a);
  a->content_weight = p.content_weight;
  a->style_weight = p.style_weight;
  a->tv_weight = p.tv_weight;
  a->chroma_tv_weight = p.chroma_tv_weight;
  a->composition_weight = p.composition_weight;
  a->patch_weight = p.patch_weight;
  a->patch_repeat = p.patch_repeat;
  a->patch_levels = p.patch_levels;
  a->iterations = NOT_GIVEN;
  a->level_ratio = p.level_ratio;
  a->tolerance = p.tolerance;
  a->learning_rate = p.learning_rate;
  a->size = NOT_GIVEN;
  a->min_size = p.min_size;
  a->levels = p.levels;
  a->style_scale = p.style_scale;
  a->style_tiles = p.style_tiles;
  a->style_bands = p.style_bands;
  a->threads = p.threads;
}

static void
stylize_args_clear (StylizeArgs *a)
{
  g_free (a->output);
  g_free (a->content_layers);
  g_free (a->style_layers);
  g_free (a->patch_layers);
  g_free (a->pool);
  g_free (a->optimizer);
  g_free (a->init);
  g_free (a->seed);
  g_free (a->color);
  g_free (a->memory_limit);
  g_free (a->style_weights);
  g_free (a->quality);
  g_strfreev (a->style_masks);
  g_strfreev (a->style_selections);
  g_free (a->model);
}

/* The output file. */
static void
stylize_entries_output (GOptionContext *context,
                        StylizeArgs    *a)
{
  const GOptionEntry entries[] =
    {
      { "output", 'o', 0, G_OPTION_ARG_FILENAME, &a->output,
        "Write the result to OUT (.png .jpg .tif .exr .webp .ppm); required", "OUT" },
      { "bits", 0, 0, G_OPTION_ARG_INT, &a->bits,
        "Bits per channel of OUT: 8 (default), 16 (PNG, TIFF, PPM) or 32 (float: TIFF, EXR)",
        "8|16|32" },
      { NULL, 0, 0, 0, NULL, NULL, NULL }
    };

  /* (the context copies the entries) */
  g_option_context_add_main_entries (context, entries, NULL);
}

/* What the loss weighs: its terms, layers, styles and their masks. */
static void
stylize_entries_loss (GOptionContext *context,
                      StylizeArgs    *a)
{
  const GOptionEntry entries[] =
    {
      { "content-weight", 0, 0, G_OPTION_ARG_DOUBLE, &a->content_weight,
        "Weight of the content loss (default 1)", "W" },
      { "style-weight", 0, 0, G_OPTION_ARG_DOUBLE, &a->style_weight,
        "Weight of the style loss (default 30)", "W" },
      { "tv-weight", 0, 0, G_OPTION_ARG_DOUBLE, &a->tv_weight,
        "Weight of the total variation (smoothness) loss (default 10)", "W" },
      { "chroma-tv-weight", 0, 0, G_OPTION_ARG_DOUBLE, &a->chroma_tv_weight,
        "Weight of the total variation of the colour alone, against colour speckle "
        "(default: the model's, 1000 built-in, 0 VGG-19)", "W" },
      { "composition-weight", 0, 0, G_OPTION_ARG_DOUBLE, &a->composition_weight,
        "Weight of the content's blurred luminance, its composition "
        "(default: the model's, 1 built-in, 0 VGG-19)", "W" },
      { "content-layers", 0, 0, G_OPTION_ARG_STRING, &a->content_layers,
        "Content layers, e.g. relu4_2 (default: the model's)", "LIST" },
      { "patch-weight", 0, 0, G_OPTION_ARG_DOUBLE, &a->patch_weight,
        "Weight of the patch style loss, which copies the painting's marks whole "
        "(default: the model's, 0)", "W" },
      { "patch-repeat", 0, 0, G_OPTION_ARG_DOUBLE, &a->patch_repeat,
        "Price of a style patch used beyond its share (default 0.5)", "R" },
      { "patch-levels", 0, 0, G_OPTION_ARG_INT, &a->patch_levels,
        "Levels of the coarse-to-fine schedule, from the coarsest, that run the patch loss "
        "(default 1)", "N" },
      { "patch-layers", 0, 0, G_OPTION_ARG_STRING, &a->patch_layers,
        "Layers of the patch loss (default: the model's, relu3_1,relu4_1)", "LIST" },
      { "style-layers", 0, 0, G_OPTION_ARG_STRING, &a->style_layers,
        "Style layers with optional weights, e.g. relu1_1:2,relu2_1 (default: the model's)",
        "LIST" },
      { "style-weights", 0, 0, G_OPTION_ARG_STRING, &a->style_weights,
        "Blend weights of the STYLE images, one per image (default: equal)", "W1,W2,..." },
      { "style-mask", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &a->style_masks,
        "Limit a STYLE to where this image of the content's size is white (grey = "
        "partly); give once per STYLE in order, 'none' for everywhere", "FILE" },
      { "style-selection", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &a->style_selections,
        "Take a STYLE only from where this image of that STYLE's size is white (grey = "
        "partly); give once per STYLE in order, 'none' for all of it", "FILE" },
      { "style-scale", 0, 0, G_OPTION_ARG_DOUBLE, &a->style_scale,
        "Style images' long side relative to the working size (default 1)", "F" },
      { "style-tiles", 0, 0, G_OPTION_ARG_INT, &a->style_tiles,
        "Ask the style of each of N x N tiles of the result, not only of the whole "
        "(default: the model's, 1)", "N" },
      { "style-bands", 0, 0, G_OPTION_ARG_INT, &a->style_bands,
        "Match the style's dark to light parts to the content's in N luminance bands "
        "(1..4; default: the model's, 3 built-in, 1 VGG-19)", "N" },
      { "pool", 0, 0, G_OPTION_ARG_STRING, &a->pool,
        "Pooling in the network: avg (default) or max", "avg|max" },
      { NULL, 0, 0, 0, NULL, NULL, NULL }
    };

  /* (the context copies the entries) */
  g_option_context_add_main_entries (context, entries, NULL);
}

/* How it is optimised: the optimiser, the start, the sizes and levels. */
static void
stylize_entries_schedule (GOptionContext *context,
                          StylizeArgs    *a)
{
  const GOptionEntry entries[] =
    {
      { "optimizer", 0, 0, G_OPTION_ARG_STRING, &a->optimizer,
        "lbfgs (default) or adam", "lbfgs|adam" },
      { "iterations", 'i', 0, G_OPTION_ARG_INT, &a->iterations,
        "Optimiser iterations at each level, at most (default 48, or the preset's)", "N" },
      { "level-ratio", 0, 0, G_OPTION_ARG_DOUBLE, &a->level_ratio,
        "Each finer level runs at most this fraction of the iterations of the one "
        "before (default 1: all alike)", "F" },
      { "tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &a->tolerance,
        "A level stops once its loss fell by less than this fraction over 10 "
        "iterations (default 0.001; 0: run every iteration)", "F" },
      { "learning-rate", 0, 0, G_OPTION_ARG_DOUBLE, &a->learning_rate,
        "Adam's step in [0,1] pixel units (default 0.02)", "R" },
      { "init", 0, 0, G_OPTION_ARG_FILENAME, &a->init,
        "Start from the content, noise, a synthesis of the style's patches along the content, or an image FILE (default: the model's, synthesis built-in, content VGG-19)", "content|noise|synthesis|FILE" },
      { "seed", 0, 0, G_OPTION_ARG_STRING, &a->seed,
        "Seed of the noise initialisation and of the synthesis (default 0)", "N" },
      { "size", 's', 0, G_OPTION_ARG_INT, &a->size,
        "Long side of the working image in pixels (default 0: the content's; or the "
        "preset's)", "PX" },
      { "quality", 0, 0, G_OPTION_ARG_STRING, &a->quality,
        "The dialog's preset: draft (256 px, 40 iterations), balanced (512 px, 48 a level) "
        "or fine (1024 px, 60 a level); --size and --iterations override it",
        "draft|balanced|fine" },
      { "min-size", 0, 0, G_OPTION_ARG_INT, &a->min_size,
        "Coarse-to-fine starts at this long side or more (default 200)", "PX" },
      { "levels", 0, 0, G_OPTION_ARG_INT, &a->levels,
        "Coarse-to-fine levels (default 0: automatic; 1: a single level)", "N" },
      { NULL, 0, 0, 0, NULL, NULL, NULL }
    };

  /* (the context copies the entries) */
  g_option_context_add_main_entries (context, entries, NULL);
}

/* Colour, resources, the model and what is printed. */
static void
stylize_entries_run (GOptionContext *context,
                     StylizeArgs    *a)
{
  const GOptionEntry entries[] =
    {
      { "color", 0, 0, G_OPTION_ARG_STRING, &a->color,
        "Colour preservation: none (default), luminance or match", "none|luminance|match" },
      { "threads", 't', 0, G_OPTION_ARG_INT, &a->threads,
        "Threads (default 0: one per CPU this process may use)", "N" },
      { "memory-limit", 0, 0, G_OPTION_ARG_STRING, &a->memory_limit,
        "Refuse a job whose predicted peak is above this (e.g. 800M, 2G; default 0: no limit)",
        "BYTES" },
      { "model", 'm', 0, G_OPTION_ARG_FILENAME, &a->model,
        "VGG-19 weights (safetensors file or folder); default: $NST_MODEL, then "
        "$XDG_DATA_HOME/neural-style/models/, then the built-in network", "FILE" },
      { "builtin", 0, 0, G_OPTION_ARG_NONE, &a->builtin,
        "Use the built-in network even when a model file is installed", NULL },
      { "quiet", 'q', 0, G_OPTION_ARG_NONE, &a->quiet,
        "Print errors only: no progress, no notices", NULL },
      { "verbose", 'v', 0, G_OPTION_ARG_NONE, &a->verbose,
        "Also print the inputs, the predicted peak memory and work, and GEGL's warnings", NULL },
      { NULL, 0, 0, 0, NULL, NULL, NULL }
    };

  /* (the context copies the entries) */
  g_option_context_add_main_entries (context, entries, NULL);
}

static GOptionContext *
stylize_context (StylizeArgs *a)
{
  GOptionContext *context;

  context = g_option_context_new ("CONTENT STYLE [STYLE...] - transfer the style of images");
  stylize_entries_output (context, a);
  stylize_entries_loss (context, a);
  stylize_entries_schedule (context, a);
  stylize_entries_run (context, a);
  g_option_context_set_description (context,
    "Repaints CONTENT in the style of the STYLE images (Gatys et al.) and writes OUT.\n"
    "Images: PNG, JPEG, TIFF, OpenEXR, WebP or PNM; 8/16-bit or float.  The content's\n"
    "alpha is kept.  OUT is written only when the run completes (Ctrl-C cancels).\n"
    "\n"
    "Exit status: 0 done, 1 failed (a file or the job), 2 bad command line,\n"
    "130 cancelled.\n"
    "\n"
    "Example:\n"
    "  nst stylize photo.jpg starry-night.jpg -o out.png --size 512 --iterations 300");
  return context;
}

static gboolean
stylize_parse_style_weights (const char  *text,
                             nst_style   *styles,
                             int          n_styles,
                             GError     **error)
{
  char   **parts = g_strsplit (text, ",", -1);
  gboolean ok = FALSE;
  int      i;

  if ((int) g_strv_length (parts) != n_styles)
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_USAGE,
                   "--style-weights has %u weights for %d style images",
                   g_strv_length (parts), n_styles);
      goto out;
    }
  for (i = 0; i < n_styles; i++)
    {
      char  *end = NULL;
      double w = g_ascii_strtod (parts[i], &end);

      if (end == parts[i] || *g_strstrip (end) != '\0' || ! (w >= 0.0))
        {
          g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_USAGE,
                       "--style-weights: '%s' is not a weight >= 0", parts[i]);
          goto out;
        }
      styles[i].weight = (float) w;
    }
  ok = TRUE;

out:
  g_strfreev (parts);
  return ok;
}

/* The options that are not plain numbers, into params. */
static gboolean
stylize_params_from_args (const StylizeArgs  *a,
                          nst_params         *p,
                          GError            **error)
{
  int      choice;
  guint64  seed;

  if (a->pool != NULL)
    {
      if (! nst_cli_parse_choice ("--pool", a->pool, nst_cli_pool_names, &choice, error))
        return FALSE;
      p->pool = (nst_pool) choice;
    }
  if (a->optimizer != NULL)
    {
      if (! nst_cli_parse_choice ("--optimizer", a->optimizer, optimizer_names, &choice, error))
        return FALSE;
      p->optimizer = (nst_optimizer) choice;
    }
  if (a->color != NULL)
    {
      if (! nst_cli_parse_choice ("--color", a->color, color_names, &choice, error))
        return FALSE;
      p->color = (nst_color) choice;
    }
  if (a->seed != NULL)
    {
      if (! g_ascii_string_to_unsigned (a->seed, 10, 0, G_MAXUINT64, &seed, NULL))
        {
          g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_USAGE,
                       "--seed must be a whole number from 0 to %" G_GUINT64_FORMAT ", not '%s'",
                       G_MAXUINT64, a->seed);
          return FALSE;
        }
      p->seed = seed;
    }
  if (a->memory_limit != NULL && ! nst_cli_parse_bytes (a->memory_limit, &p->memory_limit, error))
    {
      g_prefix_error (error, "--memory-limit: ");
      return FALSE;
    }
  return TRUE;
}

static gboolean
stylize_make_params (const StylizeArgs  *a,
                     nst_params         *p,
                     GError            **error)
{
  int choice;

  *p = nst_params_default ();
  if (a->quality != NULL)
    {
      if (! nst_cli_parse_choice ("--quality", a->quality, quality_names, &choice, error))
        return FALSE;
      *p = nst_params_for_quality ((nst_quality) choice);
    }
  p->content_weight = (float) a->content_weight;
  p->style_weight = (float) a->style_weight;
  p->tv_weight = (float) a->tv_weight;
  p->chroma_tv_weight = (float) a->chroma_tv_weight;
  p->composition_weight = (float) a->composition_weight;
  p->content_layers = a->content_layers;
  p->style_layers = a->style_layers;
  p->patch_layers = a->patch_layers;
  p->patch_weight = (float) a->patch_weight;
  p->patch_repeat = (float) a->patch_repeat;
  p->patch_levels = a->patch_levels;
  if (a->iterations != NOT_GIVEN)
    p->iterations = a->iterations;
  p->level_ratio = (float) a->level_ratio;
  p->tolerance = (float) a->tolerance;
  p->learning_rate = (float) a->learning_rate;
  if (a->size != NOT_GIVEN)
    p->size = a->size;
  p->min_size = a->min_size;
  p->levels = a->levels;
  p->style_scale = (float) a->style_scale;
  p->style_tiles = a->style_tiles;
  p->style_bands = a->style_bands;
  p->threads = a->threads;
  if (a->model != NULL && a->builtin)
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_USAGE,
                   "give --model or --builtin, not both");
      return FALSE;
    }
  return stylize_params_from_args (a, p, error);
}

static void
stylize_job_clear (StylizeJob *job)
{
  int i;

  nst_image_clear (&job->content);
  g_free (job->alpha);
  for (i = 0; job->style_images != NULL && i < job->n_styles; i++)
    nst_image_clear (&job->style_images[i]);
  g_free (job->style_images);
  g_free (job->styles);
  for (i = 0; i < job->n_styles; i++)
    {
      g_free (job->masks != NULL ? job->masks[i].data : NULL);
      g_free (job->selections != NULL ? job->selections[i].data : NULL);
    }
  g_free (job->masks);
  g_free (job->selections);
  nst_image_clear (&job->init_image);
  nst_image_clear (&job->output);
  nst_fe_model_close (&job->model);
}

/* A mask from an image of `size`'s size: its luma times its alpha. */
static gboolean
stylize_load_mask (const char       *path,
                   const nst_image  *size,
                   const char       *whose,
                   nst_mask         *mask,
                   GError          **error)
{
  nst_image rgb;
  float    *alpha = NULL;
  size_t    k, n;
  gboolean  ok = FALSE;

  if (! nst_cli_image_load (path, &rgb, &alpha, error))
    goto out;
  if (rgb.width != size->width || rgb.height != size->height)
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                   "'%s' is %d x %d; it must have %s size, %d x %d",
                   path, rgb.width, rgb.height, whose, size->width, size->height);
      goto out;
    }
  n = (size_t) rgb.width * rgb.height;
  mask->width = rgb.width;
  mask->height = rgb.height;
  mask->data = g_new (float, n);
  for (k = 0; k < n; k++)
    {
      const float *p = rgb.data + 3 * k;
      float        m = 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2];

      m *= alpha != NULL ? alpha[k] : 1.0f;
      mask->data[k] = m < 0.0f ? 0.0f : (m > 1.0f ? 1.0f : m);
    }
  ok = TRUE;

out:
  nst_image_clear (&rgb);
  g_free (alpha);
  return ok;
}

/* --style-mask (regions, the content's size) or --style-selection (the
 * style's own size): `files` in STYLE order, 'none' skips one.  Fills
 * *masks (n_styles, data NULL where none) and points the styles at them. */
static gboolean
stylize_load_masks (char       **files,
                    gboolean     selection,
                    StylizeJob  *job,
                    nst_mask   **masks,
                    GError     **error)
{
  const char *option = selection ? "--style-selection" : "--style-mask";
  int         n = files != NULL ? (int) g_strv_length (files) : 0, i;

  if (n > job->n_styles)
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_USAGE,
                   "%s is given %d times for %d style images", option, n, job->n_styles);
      return FALSE;
    }
  *masks = g_new0 (nst_mask, job->n_styles);
  for (i = 0; i < n; i++)
    {
      if (g_ascii_strcasecmp (files[i], "none") == 0)
        continue;
      if (! stylize_load_mask (files[i], selection ? &job->style_images[i] : &job->content,
                               selection ? "its style's" : "the content's",
                               &(*masks)[i], error))
        {
          g_prefix_error (error, "%s: ", option);
          return FALSE;
        }
      if (selection)
        job->styles[i].selection = &(*masks)[i];
      else
        job->styles[i].region = &(*masks)[i];
    }
  return TRUE;
}

/* Read CONTENT, the STYLEs, their masks and --init FILE; set params' init. */
static gboolean
stylize_load_images (const StylizeArgs  *a,
                     char              **files,
                     int                 n_files,
                     StylizeJob         *job,
                     nst_params         *p,
                     GError            **error)
{
  int i;

  if (! nst_cli_image_load (files[0], &job->content, &job->alpha, error))
    return FALSE;

  job->n_styles = n_files - 1;
  job->style_images = g_new0 (nst_image, job->n_styles);
  job->styles = g_new0 (nst_style, job->n_styles);
  for (i = 0; i < job->n_styles; i++)
    {
      if (! nst_cli_image_load (files[i + 1], &job->style_images[i], NULL, error))
        return FALSE;
      job->styles[i].image = &job->style_images[i];
      job->styles[i].weight = 1.0f;
    }
  if (a->style_weights != NULL
      && ! stylize_parse_style_weights (a->style_weights, job->styles, job->n_styles, error))
    return FALSE;
  if (! stylize_load_masks (a->style_masks, FALSE, job, &job->masks, error) ||
      ! stylize_load_masks (a->style_selections, TRUE, job, &job->selections, error))
    return FALSE;

  if (a->init == NULL)
    p->init = NST_INIT_DEFAULT;
  else if (g_ascii_strcasecmp (a->init, "content") == 0)
    p->init = NST_INIT_CONTENT;
  else if (g_ascii_strcasecmp (a->init, "noise") == 0)
    p->init = NST_INIT_NOISE;
  else if (g_ascii_strcasecmp (a->init, "synthesis") == 0)
    p->init = NST_INIT_SYNTHESIS;
  else
    {
      if (! nst_cli_image_load (a->init, &job->init_image, NULL, error))
        {
          g_prefix_error (error, "--init: ");
          return FALSE;
        }
      p->init = NST_INIT_IMAGE;
      p->init_image = &job->init_image;
    }
  return TRUE;
}

static void
stylize_print_inputs (char       **files,
                      StylizeJob  *job)
{
  int i;

  fprintf (stderr, "content: %s, %d x %d%s\n", files[0],
           job->content.width, job->content.height, job->alpha ? ", with alpha" : "");
  for (i = 0; i < job->n_styles; i++)
    fprintf (stderr, "style %d: %s, %d x %d, weight %g%s%s\n", i + 1, files[i + 1],
             job->style_images[i].width, job->style_images[i].height, job->styles[i].weight,
             job->styles[i].region != NULL ? ", masked" : "",
             job->styles[i].selection != NULL ? ", from a selection" : "");
  fprintf (stderr, "model: %s\n", job->model.path ? job->model.path : "the built-in network");
}

/* nst_estimate_job into `est`, printed with --verbose.  FALSE when the
 * engine rejects the job (bad parameters or layer names). */
static gboolean
stylize_estimate (const StylizeJob  *job,
                  const nst_params  *p,
                  gboolean           verbose,
                  nst_estimate      *est_out,
                  GError           **error)
{
  nst_estimate est;
  nst_error    err;
  char        *peak;

  memset (&err, 0, sizeof err);
  if (nst_estimate_job (job->model.model, job->content.width, job->content.height,
                        job->styles, job->n_styles, p, &est, &err) != NST_STATUS_OK)
    {
      g_set_error (error, NST_CLI_ERROR,
                   err.status == NST_STATUS_INVALID_ARGUMENT
                   ? NST_CLI_ERROR_USAGE : NST_CLI_ERROR_FAILED,
                   "%s", err.message);
      return FALSE;
    }
  if (verbose)
    {
      peak = nst_cli_format_bytes (est.peak_bytes);
      fprintf (stderr, "predicted: peak memory %s, %.3g GFLOP, %d level%s up to %d x %d px; "
               "%d threads, OpenBLAS core %s\n",
               peak, est.gflop, est.n_levels, est.n_levels == 1 ? "" : "s",
               est.work_width, est.work_height,
               p->threads > 0 ? p->threads : nst_default_threads (),
               openblas_get_corename ());
      g_free (peak);
    }
  *est_out = est;
  return TRUE;
}

static int
stylize_progress (const nst_progress *p,
                  void               *user_data)
{
  StylizeProgress *pr = user_data;
  char             eta[32], line[256];

  if (! pr->quiet)
    {
      nst_cli_format_seconds (nst_fe_eta_update (&pr->eta, p), eta, sizeof eta);
      g_snprintf (line, sizeof line,
                  "level %d/%d  iteration %d/%d  %3.0f%%  ETA %s  evaluations %d  "
                  "loss %.6g (content %.4g, style %.4g, tv %.4g)",
                  p->level, p->n_levels, p->iteration, p->n_iterations,
                  100.0 * p->fraction, eta, p->evaluations,
                  p->loss, p->content_loss, p->style_loss, p->tv_loss);
      if (pr->tty)
        {
          /* one terminal row, or \r could not overwrite it */
          if (pr->columns > 1 && strlen (line) >= (size_t) pr->columns)
            line[pr->columns - 1] = '\0';
          fprintf (stderr, "\r%s\033[K", line);
          pr->line_open = TRUE;
        }
      else
        fprintf (stderr, "%s\n", line);
      fflush (stderr);
    }
  return stylize_cancel_requested ? 0 : 1;
}

static void
stylize_on_signal (int signum)
{
  (void) signum;
  stylize_cancel_requested = 1;
}

/* nst_stylize with Ctrl-C wired to cancel; a second Ctrl-C kills.  The
 * time left comes from `est` and this machine's calibration when the
 * dialog (or an earlier run) kept one, as in GIMP; the CLI does not
 * spend seconds measuring one, and without it the run's own pace says
 * the time left. */
static nst_status
stylize_run (StylizeJob         *job,
             nst_params         *p,
             const nst_estimate *est,
             gboolean            quiet,
             nst_error          *err)
{
  StylizeProgress  progress;
  struct sigaction action, old_int, old_term;
  struct winsize   ws;
  nst_status       status;
  nst_calibration  calibration;
  gchar           *key = nst_fe_calibration_key (job->model.model, p->threads);

  memset (&progress, 0, sizeof progress);
  progress.quiet = quiet;
  progress.tty = isatty (STDERR_FILENO);
  nst_fe_calibration_load (NULL, key, &calibration);   /* or not calibrated */
  g_free (key);
  nst_fe_eta_init (&progress.eta, &calibration, est);
  if (progress.tty && ioctl (STDERR_FILENO, TIOCGWINSZ, &ws) == 0)
    progress.columns = ws.ws_col;
  p->progress = stylize_progress;
  p->user_data = &progress;

  memset (&action, 0, sizeof action);
  action.sa_handler = stylize_on_signal;
  action.sa_flags = SA_RESETHAND;
  sigemptyset (&action.sa_mask);
  stylize_cancel_requested = 0;
  sigaction (SIGINT, &action, &old_int);
  sigaction (SIGTERM, &action, &old_term);

  status = nst_image_init (&job->output, job->content.width, job->content.height, err);
  if (status == NST_STATUS_OK)
    status = nst_stylize (job->model.model, &job->content, job->styles, job->n_styles,
                          p, &job->output, err);

  sigaction (SIGINT, &old_int, NULL);
  sigaction (SIGTERM, &old_term, NULL);
  if (progress.line_open)
    fputc ('\n', stderr);
  return status;
}

/* Everything after the options: load, estimate, run, save. */
static int
stylize_main (const StylizeArgs  *a,
              char              **files,
              int                 n_files,
              nst_params         *p)
{
  StylizeJob   job;
  nst_estimate est;
  nst_error    err;
  GError      *error = NULL;
  gboolean     fallback = FALSE;
  double       start = g_get_monotonic_time () / 1e6;
  int          code = NST_CLI_EXIT_FAILURE;

  memset (&job, 0, sizeof job);
  memset (&err, 0, sizeof err);
  if (! nst_cli_image_check_output (a->output, a->bits, &job.bits, &error)
      || ! stylize_load_images (a, files, n_files, &job, p, &error)
      || ! nst_cli_model_open (a->model, "--model", ! a->builtin, &job.model, &fallback,
                               &error))
    goto out;

  if (fallback && ! a->quiet)
    {
      char *notice = nst_fe_model_builtin_notice ();

      nst_cli_print_error (COMMAND, "%s", notice);
      g_free (notice);
    }
  if (a->verbose)
    stylize_print_inputs (files, &job);
  if (! stylize_estimate (&job, p, a->verbose, &est, &error))
    goto out;

  switch (stylize_run (&job, p, &est, a->quiet, &err))
    {
    case NST_STATUS_OK:
      break;
    case NST_STATUS_ABORTED:
      nst_cli_print_error (COMMAND, "cancelled; '%s' was not written", a->output);
      code = NST_CLI_EXIT_CANCELLED;
      goto out;
    default:
      nst_cli_print_error (COMMAND, "%s", err.message);
      goto out;
    }

  if (! nst_cli_image_save (a->output, &job.output, job.alpha, job.bits, &error))
    goto out;
  if (a->verbose)
    fprintf (stderr, "wrote %s (%d x %d, %d bits per channel) in %.1f s\n", a->output,
             job.output.width, job.output.height, job.bits, g_get_monotonic_time () / 1e6 - start);
  code = NST_CLI_EXIT_OK;

out:
  if (error != NULL)
    {
      nst_cli_print_error (COMMAND, "%s", error->message);
      code = nst_cli_exit_code (error);
    }
  g_clear_error (&error);
  stylize_job_clear (&job);
  return code;
}

int
nst_cli_stylize (int    argc,
                 char **argv)
{
  StylizeArgs     args;
  GOptionContext *context;
  nst_params      params;
  GError         *error = NULL;
  int             code;

  g_set_prgname ("nst " COMMAND);
  stylize_args_init (&args);
  context = stylize_context (&args);

  code = nst_cli_parse_options (context, COMMAND, &argc, &argv);
  if (code >= 0)
    goto out;

  code = NST_CLI_EXIT_USAGE;
  if (argc < 3)
    {
      nst_cli_print_error (COMMAND, "give a CONTENT image and at least one STYLE image");
      fputs ("Try 'nst " COMMAND " --help'.\n", stderr);
      goto out;
    }
  if (args.output == NULL)
    {
      nst_cli_print_error (COMMAND, "say where to write the result with -o OUT");
      fputs ("Try 'nst " COMMAND " --help'.\n", stderr);
      goto out;
    }
  if (! stylize_make_params (&args, &params, &error))
    {
      nst_cli_print_error (COMMAND, "%s", error->message);
      code = nst_cli_exit_code (error);
      goto out;
    }

  gegl_init (NULL, NULL);
  code = stylize_main (&args, argv + 1, argc - 1, &params);
  gegl_exit ();

out:
  g_clear_error (&error);
  stylize_args_clear (&args);
  g_option_context_free (context);
  return code;
}
