/* torch-agree.c - the C side of the PyTorch cross-check (test_torch_agree.py).
 *
 *   torch-agree objective --model M.safetensors --width W --height H --style-tiles N
 *                         --chroma-tv-weight W --composition-weight W
 *                         --patch-weight W [--patch-repeat 0.5] [--style-bands 1]
 *                         --content C.f32 --style S.f32
 *                         [--style S2.f32 ...] --x X.f32
 *                         [--blend B --blend B2 ...] [--region R.f32|none ...]
 *                         [--selection M.f32|none ...]
 *                         [--content-weight 1] [--style-weight 30] [--tv-weight 10]
 *                         [--pool avg|max] [--style-layers SPEC] [--content-layers SPEC]
 *                         --terms OUT.json [--grad OUT.f32]
 *   torch-agree stylize   --model ... --width --height --style-tiles --chroma-tv-weight
 *                         --composition-weight --patch-weight
 *                         --content --style
 *                         [blends, regions, selections, weights, pool, layers]
 *                         [--iterations 20] --terms OUT.json [--out OUT.f32]
 *
 * Images are raw float32 (native = little-endian here), planar [3][H][W],
 * values in [0,1]; masks raw float32 [H][W].  Every style, region and
 * selection is W x H; --blend, --region and --selection, when given, are
 * given once per --style, in order.  --style-tiles is nst_params.style_tiles,
 * --chroma-tv-weight nst_params.chroma_tv_weight, --composition-weight
 * nst_params.composition_weight and --patch-weight nst_params.patch_weight
 * (>= 0: a negative one would be the model's); none has a default, so that
 * no case leans on a model's.  The patch layers are the model's.
 * --style-bands is nst_params.style_bands, 1 (no bands) when not given.
 * `objective` evaluates nst_objective at x and writes the loss terms
 * (JSON; "tv" holds the weighted chroma term too, as nst_loss_terms.tv,
 * "content" the weighted composition and "style" the weighted patch loss) and the gradient (raw float32,
 * planar).  `stylize` runs nst_stylize (one level at the content's size,
 * init content, L-BFGS) and writes the loss nst_progress reported at the
 * last iteration.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  const char *mode;
  const char *model;
  const char *content, *x;
  const char *style[NST_MAX_STYLES], *region[NST_MAX_STYLES], *selection[NST_MAX_STYLES];
  double      blend[NST_MAX_STYLES];
  int         n_styles, n_regions, n_selections, n_blends;
  const char *terms, *grad, *out;
  const char *style_layers, *content_layers;
  int width, height, iterations, style_tiles, style_bands;
  double cw, sw, tvw, ctvw, compw, pw, repeat;
  nst_pool pool;
} args;

static void
usage (void)
{
  fprintf (stderr,
           "usage: torch-agree objective|stylize --model M --width W --height H --style-tiles N\n"
           "         --chroma-tv-weight F --composition-weight F --patch-weight F\n"
           "         [--patch-repeat F] [--style-bands N]\n"
           "         --content C.f32 --style S.f32 [--style ...] [--blend F ...]\n"
           "         [--region R.f32|none ...] [--selection M.f32|none ...]\n"
           "         [--x X.f32] [--content-weight F]\n"
           "         [--style-weight F] [--tv-weight F] [--pool avg|max]\n"
           "         [--style-layers SPEC] [--content-layers SPEC] [--iterations N]\n"
           "         --terms OUT.json [--grad G.f32] [--out O.f32]\n");
  exit (2);
}

/* channels x h x w raw float32 from path (a mask: one channel). */
static float *
read_planar (const char *path, int channels, int w, int h)
{
  size_t n = (size_t) channels * w * h;
  float *buf = malloc (n * sizeof (float));
  FILE *f = fopen (path, "rb");
  long size;

  if (buf == NULL || f == NULL)
    {
      fprintf (stderr, "torch-agree: cannot read %s\n", path);
      exit (1);
    }
  fseek (f, 0, SEEK_END);
  size = ftell (f);
  fseek (f, 0, SEEK_SET);
  if (size != (long) (n * sizeof (float)) || fread (buf, sizeof (float), n, f) != n)
    {
      fprintf (stderr, "torch-agree: %s has %ld bytes, expected %zu (%d x %d x %d float32)\n",
               path, size, n * sizeof (float), channels, h, w);
      exit (1);
    }
  fclose (f);
  return buf;
}

static void
write_floats (const char *path, const float *v, size_t n)
{
  FILE *f = fopen (path, "wb");

  if (f == NULL || fwrite (v, sizeof (float), n, f) != n || fclose (f) != 0)
    {
      fprintf (stderr, "torch-agree: cannot write %s\n", path);
      exit (1);
    }
}

/* Planar [3][H][W] -> an interleaved nst_image (nst_image is RGBRGB...). */
static void
planar_to_image (const float *planar, int w, int h, nst_image *img)
{
  nst_error err;
  size_t np = (size_t) w * h, i;
  int c;

  if (nst_image_init (img, w, h, &err) != NST_STATUS_OK)
    {
      fprintf (stderr, "torch-agree: %s\n", err.message);
      exit (1);
    }
  for (i = 0; i < np; i++)
    for (c = 0; c < 3; c++)
      img->data[i * 3 + c] = planar[c * np + i];
}

static void
image_to_planar (const nst_image *img, float *planar)
{
  size_t np = (size_t) img->width * img->height, i;
  int c;

  for (i = 0; i < np; i++)
    for (c = 0; c < 3; c++)
      planar[c * np + i] = img->data[i * 3 + c];
}

static void
write_terms (const char *path, const char *mode, double total, double content,
             double style, double tv, int iterations)
{
  FILE *f = fopen (path, "w");

  if (f == NULL)
    {
      fprintf (stderr, "torch-agree: cannot write %s\n", path);
      exit (1);
    }
  fprintf (f, "{\"mode\": \"%s\", \"total\": %.17g, \"content\": %.17g, \"style\": %.17g, "
           "\"tv\": %.17g, \"iterations\": %d}\n", mode, total, content, style, tv, iterations);
  if (fclose (f) != 0)
    exit (1);
}

/* Append v to a per-style list of at most NST_MAX_STYLES. */
static void
push (const char **list, int *n, const char *v)
{
  if (*n >= NST_MAX_STYLES)
    usage ();
  list[(*n)++] = v;
}

static void
parse (int argc, char **argv, args *a)
{
  int i;

  memset (a, 0, sizeof *a);
  a->cw = 1.0;
  a->sw = 30.0;
  a->tvw = 10.0;
  a->pool = NST_POOL_AVERAGE;
  a->iterations = 20;
  a->style_layers = "relu1_1,relu2_1,relu3_1,relu4_1,relu5_1";
  a->content_layers = "relu4_2";
  a->style_tiles = -1;
  a->ctvw = -1.0;   /* must be given, >= 0 */
  a->compw = -1.0;  /* likewise */
  a->pw = -1.0;     /* likewise */
  a->repeat = 0.5;
  a->style_bands = 1;
  if (argc < 2)
    usage ();
  a->mode = argv[1];
  for (i = 2; i < argc; i++)
    {
      const char *k = argv[i];
      const char *v = i + 1 < argc ? argv[i + 1] : NULL;

      if (v == NULL)
        usage ();
      i++;
      if (!strcmp (k, "--model")) a->model = v;
      else if (!strcmp (k, "--content")) a->content = v;
      else if (!strcmp (k, "--style")) push (a->style, &a->n_styles, v);
      else if (!strcmp (k, "--region")) push (a->region, &a->n_regions, v);
      else if (!strcmp (k, "--selection")) push (a->selection, &a->n_selections, v);
      else if (!strcmp (k, "--blend") && a->n_blends < NST_MAX_STYLES)
        a->blend[a->n_blends++] = strtod (v, NULL);
      else if (!strcmp (k, "--style-tiles")) a->style_tiles = atoi (v);
      else if (!strcmp (k, "--style-bands")) a->style_bands = atoi (v);
      else if (!strcmp (k, "--x")) a->x = v;
      else if (!strcmp (k, "--terms")) a->terms = v;
      else if (!strcmp (k, "--grad")) a->grad = v;
      else if (!strcmp (k, "--out")) a->out = v;
      else if (!strcmp (k, "--style-layers")) a->style_layers = v;
      else if (!strcmp (k, "--content-layers")) a->content_layers = v;
      else if (!strcmp (k, "--width")) a->width = atoi (v);
      else if (!strcmp (k, "--height")) a->height = atoi (v);
      else if (!strcmp (k, "--iterations")) a->iterations = atoi (v);
      else if (!strcmp (k, "--content-weight")) a->cw = strtod (v, NULL);
      else if (!strcmp (k, "--style-weight")) a->sw = strtod (v, NULL);
      else if (!strcmp (k, "--tv-weight")) a->tvw = strtod (v, NULL);
      else if (!strcmp (k, "--chroma-tv-weight")) a->ctvw = strtod (v, NULL);
      else if (!strcmp (k, "--composition-weight")) a->compw = strtod (v, NULL);
      else if (!strcmp (k, "--patch-weight")) a->pw = strtod (v, NULL);
      else if (!strcmp (k, "--patch-repeat")) a->repeat = strtod (v, NULL);
      else if (!strcmp (k, "--pool"))
        {
          if (!strcmp (v, "avg")) a->pool = NST_POOL_AVERAGE;
          else if (!strcmp (v, "max")) a->pool = NST_POOL_MAX;
          else usage ();
        }
      else
        usage ();
    }
  if (a->model == NULL || a->content == NULL || a->n_styles == 0 || a->terms == NULL
      || a->width <= 0 || a->height <= 0 || a->style_tiles < 0 || !(a->ctvw >= 0.0)
      || !(a->compw >= 0.0) || !(a->pw >= 0.0) || a->style_bands < 1
      || a->style_bands > NST_STYLE_BANDS_MAX)
    usage ();
  if ((a->n_regions && a->n_regions != a->n_styles)
      || (a->n_selections && a->n_selections != a->n_styles)
      || (a->n_blends && a->n_blends != a->n_styles))
    usage ();
  if (strcmp (a->mode, "objective") && strcmp (a->mode, "stylize"))
    usage ();
  if (!strcmp (a->mode, "objective") && a->x == NULL)
    usage ();
}

typedef struct
{
  double loss, content, style, tv;
  int    iteration, calls;
} last_progress;

static int
on_progress (const nst_progress *p, void *user_data)
{
  last_progress *lp = user_data;

  lp->loss = p->loss;
  lp->content = p->content_loss;
  lp->style = p->style_loss;
  lp->tv = p->tv_loss;
  lp->iteration = p->iteration;
  lp->calls++;
  fprintf (stderr, "torch-agree: iteration %d/%d loss %.9g\n", p->iteration, p->n_iterations,
           p->loss);
  return 1;
}

/* A W x H mask from path into m; NULL for none (no path, or "none"). */
static const nst_mask *
mask_load (const char *path, int w, int h, nst_mask *m)
{
  if (path == NULL || !strcmp (path, "none"))
    return NULL;
  m->width = w;
  m->height = h;
  m->data = read_planar (path, 1, w, h);
  return m;
}

/* The styles of the command line into st[], their images, regions and
 * selections into the arrays given (styles_clear frees them). */
static void
styles_load (const args *a, nst_image *images, nst_mask *regions, nst_mask *selections,
             nst_style *st)
{
  int i;

  for (i = 0; i < a->n_styles; i++)
    {
      float *planar = read_planar (a->style[i], 3, a->width, a->height);

      planar_to_image (planar, a->width, a->height, &images[i]);
      free (planar);
      memset (&st[i], 0, sizeof st[i]);   /* fields added later stay NULL */
      st[i].image = &images[i];
      st[i].weight = a->n_blends ? (float) a->blend[i] : 1.0f;
      st[i].region = mask_load (a->n_regions ? a->region[i] : NULL, a->width, a->height,
                                &regions[i]);
      st[i].selection = mask_load (a->n_selections ? a->selection[i] : NULL, a->width,
                                   a->height, &selections[i]);
    }
}

static void
styles_clear (int n, nst_image *images, nst_mask *regions, nst_mask *selections)
{
  int i;

  for (i = 0; i < n; i++)
    {
      nst_image_clear (&images[i]);
      free (regions[i].data);
      free (selections[i].data);
    }
}

int
main (int argc, char **argv)
{
  args a;
  nst_error err = { 0 };
  nst_model *model = NULL;
  nst_params params;
  nst_image content, style[NST_MAX_STYLES];
  nst_mask region[NST_MAX_STYLES] = { { 0 } }, selection[NST_MAX_STYLES] = { { 0 } };
  nst_style st[NST_MAX_STYLES];
  float *cp;
  nst_status s;

  parse (argc, argv, &a);

  s = nst_model_load_safetensors (a.model, &model, &err);
  if (s != NST_STATUS_OK)
    {
      fprintf (stderr, "torch-agree: loading %s: %s (%d)\n", a.model, err.message, (int) s);
      return 1;
    }

  cp = read_planar (a.content, 3, a.width, a.height);
  planar_to_image (cp, a.width, a.height, &content);
  styles_load (&a, style, region, selection, st);

  params = nst_params_default ();
  params.content_weight = (float) a.cw;
  params.style_weight = (float) a.sw;
  params.tv_weight = (float) a.tvw;
  params.chroma_tv_weight = (float) a.ctvw;
  params.composition_weight = (float) a.compw;
  params.patch_weight = (float) a.pw;
  params.patch_repeat = (float) a.repeat;
  params.pool = a.pool;
  params.style_layers = a.style_layers;
  params.content_layers = a.content_layers;
  params.style_scale = 1.0f;   /* style long side = working long side: no resampling */
  params.color = NST_COLOR_NONE;
  params.style_tiles = a.style_tiles;
  params.style_bands = a.style_bands;

  if (!strcmp (a.mode, "objective"))
    {
      nst_objective *obj = NULL;
      nst_loss_terms terms = { 0 };
      float *x = read_planar (a.x, 3, a.width, a.height);
      float *grad = NULL;
      double total;
      size_t n = (size_t) 3 * a.width * a.height;

      if (a.grad != NULL)
        {
          grad = malloc (n * sizeof (float));
          if (grad == NULL)
            return 1;
          for (size_t i = 0; i < n; i++)
            grad[i] = NAN;   /* so an unwritten gradient cannot pass */
        }
      s = nst_objective_new (model, &content, st, a.n_styles, &params, a.width, a.height, &obj,
                             &err);
      if (s != NST_STATUS_OK)
        {
          fprintf (stderr, "torch-agree: nst_objective_new: %s (%d)\n", err.message, (int) s);
          return 1;
        }
      total = nst_objective_evaluate (obj, x, grad, &terms);
      write_terms (a.terms, "objective", total, terms.content, terms.style, terms.tv, 0);
      if (grad != NULL)
        write_floats (a.grad, grad, n);
      printf ("total %.17g content %.17g style %.17g tv %.17g (terms.total %.17g)\n",
              total, terms.content, terms.style, terms.tv, terms.total);
      nst_objective_free (obj);
      free (x);
      free (grad);
    }
  else
    {
      nst_image out;
      last_progress lp = { 0 };

      params.levels = 1;
      params.size = 0;
      params.iterations = a.iterations;
      params.init = NST_INIT_CONTENT;
      params.optimizer = NST_OPTIMIZER_LBFGS;
      params.progress = on_progress;
      params.user_data = &lp;
      if (nst_image_init (&out, a.width, a.height, &err) != NST_STATUS_OK)
        return 1;
      s = nst_stylize (model, &content, st, a.n_styles, &params, &out, &err);
      if (s != NST_STATUS_OK)
        {
          fprintf (stderr, "torch-agree: nst_stylize: %s (%d)\n", err.message, (int) s);
          return 1;
        }
      write_terms (a.terms, "stylize", lp.loss, lp.content, lp.style, lp.tv, lp.iteration);
      printf ("final loss %.17g after %d iterations (%d progress calls)\n",
              lp.loss, lp.iteration, lp.calls);
      if (a.out != NULL)
        {
          float *o = malloc ((size_t) 3 * a.width * a.height * sizeof (float));
          if (o == NULL)
            return 1;
          image_to_planar (&out, o);
          write_floats (a.out, o, (size_t) 3 * a.width * a.height);
          free (o);
        }
      nst_image_clear (&out);
    }

  nst_image_clear (&content);
  styles_clear (a.n_styles, style, region, selection);
  free (cp);
  nst_model_free (model);
  return 0;
}
