/* cli-model.c - opening the VGG-19 weights, and `nst model info`, which
 * shows what a model file holds.
 *
 * The search is the front end's (frontend/nst-fe-model.c), the plug-in's
 * own: an explicit path, $NST_MODEL, the user's data folder, the system's
 * data folder, then the built-in network.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nst-cli.h"

#ifndef NST_MODEL_FILE
#error "NST_MODEL_FILE (the model's file name) must be set by the build"
#endif

gboolean
nst_cli_model_open (const char   *path,
                    const char   *source,
                    gboolean      search,
                    NstFeModel   *model,
                    gboolean     *used_builtin_fallback,
                    GError      **error)
{
  gboolean explicit = path != NULL && *path != '\0';

  if (used_builtin_fallback != NULL)
    *used_builtin_fallback = FALSE;

  if (! explicit && ! search)
    return nst_fe_model_open_builtin (model, error);

  if (! nst_fe_model_open_named (path, source, model, error))
    return FALSE;

  if (model->path == NULL && used_builtin_fallback != NULL)
    *used_builtin_fallback = TRUE;
  return TRUE;
}

/* ---- nst model info -------------------------------------------------- */

typedef struct
{
  double min, max, mean, std;
  size_t non_finite;
} LayerStats;

static void
layer_stats (const float *v,
             size_t       n,
             LayerStats  *st)
{
  double sum = 0.0, sum2 = 0.0;
  size_t i, finite = 0;

  memset (st, 0, sizeof *st);
  st->min = INFINITY;
  st->max = -INFINITY;
  for (i = 0; i < n; i++)
    {
      double x = v[i];

      if (! isfinite (x))
        {
          st->non_finite++;
          continue;
        }
      finite++;
      sum += x;
      sum2 += x * x;
      st->min = x < st->min ? x : st->min;
      st->max = x > st->max ? x : st->max;
    }
  if (finite > 0)
    {
      st->mean = sum / finite;
      st->std = sqrt (fmax (sum2 / finite - st->mean * st->mean, 0.0));
    }
}

/* NULL when a layer's weights look like trained or He-initialised ones;
 * otherwise what is wrong.  The bounds are loose: VGG-19's trained
 * weights lie within +-2 with deviations of 1e-3 .. 0.3. */
static const char *
layer_problem (const LayerStats *w,
               const LayerStats *b)
{
  if (w->non_finite > 0 || b->non_finite > 0)
    return "NaN or infinite values";
  if (w->min == w->max)
    return "all weights equal";
  if (w->std < 1e-7)
    return "weights nearly constant";
  if (fmax (fabs (w->min), fabs (w->max)) > 1e3 || fmax (fabs (b->min), fabs (b->max)) > 1e4)
    return "values far too large";
  return NULL;
}

static void
model_print_header (const NstFeModel *model)
{
  const nst_model *m = model->model;
  nst_model_info   info;
  float            mean[3], std[3];

  nst_model_get_info (m, &info);
  nst_model_get_normalisation (m, mean, std);
  if (model->path != NULL)
    printf ("Model: %s (safetensors file)\n", model->path);
  else
    printf ("Model: the built-in network (weights generated from a fixed seed, no file)\n");
  printf ("Input normalisation: mean %.4g %.4g %.4g, std %.4g %.4g %.4g\n",
          mean[0], mean[1], mean[2], std[0], std[1], std[2]);
  printf ("Default layers: content %s; style %s, in %d x %d tiles and %d luminance band%s\n",
          info.default_content_layers ? info.default_content_layers : "-",
          info.default_style_layers ? info.default_style_layers : "-",
          info.default_style_tiles, info.default_style_tiles, info.default_style_bands,
          info.default_style_bands == 1 ? "" : "s");
  printf ("Default start: %s\n", info.default_init == NST_INIT_SYNTHESIS
                                  ? "a synthesis of the style's patches along the content"
                                  : "the content");
  printf ("Default chroma total variation weight: %g\n", info.default_chroma_tv_weight);
  printf ("Default composition weight: %g\n", info.default_composition_weight);
  printf ("Style gain: %g (the style weight counts this many times)\n", info.style_gain);
  printf ("Default patch loss weight: %g, at %s\n\n", info.default_patch_weight,
          info.default_patch_layers ? info.default_patch_layers : "-");
  printf ("%-8s %-12s %-14s %10s %10s %10s %11s %10s  %s\n",
          "layer", "tensor", "weight shape", "bytes", "min", "max", "mean", "std", "check");
}

/* Print one row per conv; the first problem found, or NULL. */
static const char *
model_print_layers (const nst_model  *m,
                    const char      **bad_layer)
{
  const char      *first = NULL;
  nst_model_layer  cv;
  int              i;

  *bad_layer = NULL;
  for (i = 0; nst_model_get_layer (m, i, &cv); i++)
    {
      size_t      n = (size_t) cv.c_out * cv.c_in * 9;
      LayerStats  w, b;
      const char *problem;
      char        tensor[32], shape[32], *bytes;

      layer_stats (cv.weight, n, &w);
      layer_stats (cv.bias, cv.c_out, &b);
      problem = layer_problem (&w, &b);
      if (problem != NULL && first == NULL)
        {
          first = problem;
          *bad_layer = cv.name;
        }
      g_snprintf (tensor, sizeof tensor, "features.%d", cv.torch_index);
      g_snprintf (shape, sizeof shape, "%dx%dx3x3", cv.c_out, cv.c_in);
      bytes = nst_cli_format_bytes ((n + cv.c_out) * sizeof (float));
      printf ("%-8s %-12s %-14s %10s %10.4g %10.4g %11.3e %10.3e  %s\n",
              cv.name, tensor, shape, bytes,
              w.min, w.max, w.mean, w.std, problem ? problem : "ok");
      g_free (bytes);
    }
  return first;
}

static int
model_info_print (const NstFeModel *model)
{
  const nst_model *m = model->model;
  nst_model_info   info;
  const char      *problem;
  char            *total;
  const char      *bad_layer;

  model_print_header (model);
  problem = model_print_layers (m, &bad_layer);

  nst_model_get_info (m, &info);
  total = nst_cli_format_bytes (info.bytes);
  printf ("\n%d convolutions, %s of weights and biases (%zu parameters).\n",
          info.n_convs, total, info.bytes / sizeof (float));
  g_free (total);

  if (problem != NULL)
    {
      printf ("The weights look wrong.\n");
      nst_cli_print_error ("model info", "%s: %s has %s",
                           model->path ? model->path : "the built-in network",
                           bad_layer, problem);
      return NST_CLI_EXIT_FAILURE;
    }
  printf ("The weights look sane (finite, not constant, within +-1000).\n");
  return NST_CLI_EXIT_OK;
}

static int
model_info (int    argc,
            char **argv)
{
  gboolean        builtin = FALSE;
  GOptionEntry    entries[] =
    {
      { "builtin", 'b', 0, G_OPTION_ARG_NONE, &builtin,
        "Describe the built-in network instead of a file", NULL },
      { NULL, 0, 0, 0, NULL, NULL, NULL }
    };
  GOptionContext *context;
  NstFeModel     model = { NULL, NULL };
  GError         *error = NULL;
  int             code;

  g_set_prgname ("nst model info");
  context = g_option_context_new ("[FILE] - describe a VGG-19 model file");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Loads FILE (safetensors, torchvision names features.N.weight/.bias, or a\n"
    "folder holding " NST_MODEL_FILE ") and prints each convolution's shape, size\n"
    "and weight statistics.  Without FILE: the model `nst stylize` would use.\n"
    "Exits with 1 when the file cannot be loaded or its weights look wrong.");

  code = nst_cli_parse_options (context, "model info", &argc, &argv);
  if (code >= 0)
    goto out;

  code = NST_CLI_EXIT_USAGE;
  if (argc > 2 || (builtin && argc > 1))
    {
      nst_cli_print_error ("model info", "give one model FILE or --builtin, not both or several");
      goto out;
    }

  if (! nst_cli_model_open (argc == 2 ? argv[1] : NULL, "the FILE argument", ! builtin,
                           &model, NULL, &error))
    {
      nst_cli_print_error ("model info", "%s", error->message);
      code = nst_cli_exit_code (error);
      goto out;
    }
  code = model_info_print (&model);

out:
  nst_fe_model_close (&model);
  g_clear_error (&error);
  g_option_context_free (context);
  return code;
}

static void
model_usage (FILE *to)
{
  fputs ("Usage:\n"
         "  nst model info [--builtin] [FILE]   describe a model file\n"
         "\n"
         "Run 'nst model info --help' for its options.\n", to);
}

int
nst_cli_model (int    argc,
               char **argv)
{
  if (argc < 2)
    {
      nst_cli_print_error ("model", "which? (info)");
      model_usage (stderr);
      return NST_CLI_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      model_usage (stdout);
      return NST_CLI_EXIT_OK;
    }
  if (strcmp (argv[1], "info") == 0)
    return model_info (argc - 1, argv + 1);

  nst_cli_print_error ("model", "unknown subcommand '%s'", argv[1]);
  model_usage (stderr);
  return NST_CLI_EXIT_USAGE;
}
