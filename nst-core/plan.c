/* plan.c - a job's plan, made before anything large is allocated: the
 * checks of its arguments, the coarse-to-fine schedule, and the memory
 * estimate that gates the job (nst_estimate_job, and the memory limit of
 * nst_stylize). */
#include "nst-private.h"

#include <math.h>
#include <string.h>

#define NST_MAX_SIDE   65536

/* The iterations level i (0 = coarsest) may run: `iterations` at the
 * first, each finer level level_ratio of the one before, and never fewer
 * than NST_MIN_LEVEL_ITERATIONS (or `iterations` when that is less). */
#define NST_MIN_LEVEL_ITERATIONS 20

#define NST_EVALUATIONS_PER_ITERATION 1.05

static int
level_iterations (const nst_params *p, int level)
{
  double n = p->iterations * pow (p->level_ratio, level);
  int    floor_n = p->iterations < NST_MIN_LEVEL_ITERATIONS ? p->iterations
                                                           : NST_MIN_LEVEL_ITERATIONS;

  /* level_ratio is a float: 0.8f is 0.800000012, and 100 x 0.8f must
   * still plan 80, not 81 */
  return n > floor_n ? (int) ceil (n - 1e-3) : floor_n;
}

/* Automatic levels run coarse to fine, except from a synthesis: it lays
 * the painting's marks out at the working size, and a coarser level would
 * blur them away before the finest saw them (issue 11), so it is one
 * level. */
static void
schedule_plan (const nst_model *model, int cw, int ch, const nst_params *p, nst_schedule *s)
{
  int    content_long = cw > ch ? cw : ch;
  int    long_side = p->size > 0 && p->size < content_long ? p->size : content_long;
  int    min_side = nst_net_min_side (NST_VGG_N_CONVS);
  int    n = p->levels, i;

  if (n <= 0)
    {
      n = 1;
      if (p->min_size > 0 && nst_init_kind (model, p) != NST_INIT_SYNTHESIS && long_side > p->min_size)
        n = 1 + (int) floor (log ((double) long_side / p->min_size) / log (M_SQRT2) + 1e-9);
    }
  if (n > NST_MAX_LEVELS)
    n = NST_MAX_LEVELS;

  s->n_levels = n;
  s->work_total = 0.0;
  for (i = 0; i < n; i++)
    {
      double side = long_side / pow (M_SQRT2, n - 1 - i);
      double k = side / content_long;

      s->w[i] = (int) lround (cw * k);
      s->h[i] = (int) lround (ch * k);
      if (s->w[i] < min_side)
        s->w[i] = min_side;
      if (s->h[i] < min_side)
        s->h[i] = min_side;
      s->iterations[i] = level_iterations (p, i);
      s->work_total += (double) s->w[i] * s->h[i] * s->iterations[i];
    }
}

static nst_status
check_image (const nst_image *image, const char *what, nst_error *err)
{
  if (image == NULL || image->data == NULL || image->width <= 0 || image->height <= 0)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT, "The %s image is empty.", what);
  if (image->width > NST_MAX_SIDE || image->height > NST_MAX_SIDE)
    return nst_error_set (err, NST_STATUS_TOO_LARGE,
                          "The %s image is %d x %d pixels; at most %d pixels a side are supported.",
                          what, image->width, image->height, NST_MAX_SIDE);
  return NST_STATUS_OK;
}

#define CHECK_RANGE(field, lo, hi)                                              \
  if (! (p->field >= (lo) && p->field <= (hi)))                                 \
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,                     \
                          "The parameter " #field " must be between %g and %g.", \
                          (double) (lo), (double) (hi))

static nst_status
check_params (const nst_params *p, nst_error *err)
{
  CHECK_RANGE (content_weight, 0.0, 1e6);
  CHECK_RANGE (style_weight, 0.0, 1e9);
  CHECK_RANGE (tv_weight, 0.0, 1e9);
  CHECK_RANGE (chroma_tv_weight, -1.0, 1e9);
  CHECK_RANGE (composition_weight, -1.0, 1e9);
  CHECK_RANGE (patch_weight, -1.0, 1e9);
  CHECK_RANGE (patch_repeat, 0.0, 1e3);
  CHECK_RANGE (patch_levels, 1, NST_MAX_LEVELS);
  CHECK_RANGE (iterations, 1, 100000);
  CHECK_RANGE (level_ratio, 0.0, 1.0);
  CHECK_RANGE (tolerance, 0.0, 1.0);
  CHECK_RANGE (learning_rate, 1e-6, 1.0);
  CHECK_RANGE (size, 0, NST_MAX_SIDE);
  CHECK_RANGE (min_size, 0, NST_MAX_SIDE);
  CHECK_RANGE (levels, 0, NST_MAX_LEVELS);
  CHECK_RANGE (style_scale, NST_STYLE_SCALE_MIN, NST_STYLE_SCALE_MAX);
  CHECK_RANGE (style_tiles, 0, NST_STYLE_TILES_MAX);
  CHECK_RANGE (style_bands, 0, NST_STYLE_BANDS_MAX);
  CHECK_RANGE (threads, 0, 1024);
  if ((unsigned) p->pool > NST_POOL_MAX || (unsigned) p->optimizer > NST_OPTIMIZER_ADAM
      || p->init < NST_INIT_DEFAULT || p->init > NST_INIT_SYNTHESIS
      || (unsigned) p->color > NST_COLOR_MATCH)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT, "An enumerated parameter is out of range.");
  if (p->init == NST_INIT_IMAGE)
    return check_image (p->init_image, "initial", err);
  return NST_STATUS_OK;
}

/* A style's selection: the style image's size, values in [0, 1], and
 * something selected. */
static nst_status
check_selection (const nst_mask *selection, const nst_image *image, int s, nst_error *err)
{
  size_t n, k;
  double sum = 0.0;

  if (selection->data == NULL || selection->width != image->width
      || selection->height != image->height)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                          "The selection of style %d must have the style's size (%d x %d).",
                          s + 1, image->width, image->height);
  n = (size_t) selection->width * selection->height;
  for (k = 0; k < n; k++)
    {
      if (! (selection->data[k] >= 0.0f && selection->data[k] <= 1.0f))
        return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                              "The selection of style %d has values outside 0..1.", s + 1);
      sum += selection->data[k];
    }
  if (! (sum > 0.0))
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                          "The selection of style %d is empty.", s + 1);
  return NST_STATUS_OK;
}

static nst_status
check_styles (const nst_style *styles, int n_styles, nst_error *err)
{
  double sum = 0.0;
  int    s;

  if (styles == NULL || n_styles < 1 || n_styles > NST_MAX_STYLES)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                          "Give between 1 and %d style images.", NST_MAX_STYLES);
  for (s = 0; s < n_styles; s++)
    {
      nst_status status = check_image (styles[s].image, "style", err);

      if (status != NST_STATUS_OK)
        return status;
      if (! (styles[s].weight >= 0.0f && styles[s].weight <= 1e6f))
        return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                              "Style %d has a weight that is not a number >= 0.", s + 1);
      if (styles[s].region != NULL
          && (styles[s].region->data == NULL || styles[s].region->width < 1
              || styles[s].region->height < 1
              || (size_t) styles[s].region->width > NST_MAX_SIDE
              || (size_t) styles[s].region->height > NST_MAX_SIDE))
        return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                              "The region of style %d is empty or larger than %d pixels a side.",
                              s + 1, NST_MAX_SIDE);
      if (styles[s].selection != NULL
          && (status = check_selection (styles[s].selection, styles[s].image, s, err))
             != NST_STATUS_OK)
        return status;
      sum += styles[s].weight;
    }
  if (! (sum > 0.0))
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                          "At least one style needs a weight above 0.");
  return NST_STATUS_OK;
}

/* Deepest conv the losses use, from the layer lists. */
static int
job_depth (const nst_model *model, const nst_params *p, nst_error *err)
{
  int   idx[NST_VGG_N_CONVS];
  float w[NST_VGG_N_CONVS];
  int   n, i, depth = 0;

  n = nst_parse_layers (p->content_layers ? p->content_layers : model->default_content_layers,
                        idx, w, NST_VGG_N_CONVS, err);
  for (i = 0; i < n; i++)
    depth = idx[i] + 1 > depth ? idx[i] + 1 : depth;
  if (n < 0)
    return -1;
  n = nst_parse_layers (p->style_layers ? p->style_layers : model->default_style_layers,
                        idx, w, NST_VGG_N_CONVS, err);
  for (i = 0; i < n; i++)
    depth = idx[i] + 1 > depth ? idx[i] + 1 : depth;
  if (n < 0)
    return -1;
  if (nst_patch_weight (model, p) > 0.0)
    {
      if (nst_patch_layers (model, p) == NULL)
        {
          nst_error_set (err, NST_STATUS_INVALID_ARGUMENT, "No layers for the patch loss.");
          return -1;
        }
      n = nst_parse_layers (nst_patch_layers (model, p), idx, w, NST_VGG_N_CONVS, err);
      for (i = 0; i < n; i++)
        depth = idx[i] + 1 > depth ? idx[i] + 1 : depth;
    }
  return n < 0 ? -1 : depth;
}

static size_t
max_act_floats (const nst_model *model, int depth, int w, int h)
{
  size_t n = 0;
  int    i;

  for (i = 0; i < depth; i++)
    {
      size_t a = (size_t) model->conv[i].c_out * w * h;

      n = a > n ? a : n;
      if (nst_vgg_pool_after[i] && i + 1 < depth)
        {
          w /= 2;
          h /= 2;
        }
    }
  return n;
}

/* The side at conv `layer` of an input side: halved by each pool before it. */
static int
layer_side (int layer, int side)
{
  int i;

  for (i = 0; i < layer; i++)
    if (nst_vgg_pool_after[i])
      side /= 2;
  return side;
}

/* A style's size for a level of w x h (style_size in objective.c), one
 * pixel over on each side for the rounding. */
static void
style_size_bound (const nst_image *im, const nst_params *p, int w, int h, int *sw, int *sh)
{
  double long_side = p->style_scale * (w > h ? w : h);
  double f = long_side / (im->width > im->height ? im->width : im->height);

  *sw = (int) lround (im->width * f) + 1;
  *sh = (int) lround (im->height * f) + 1;
}

/* The patch term's bytes at one level of w x h, its styles at their sizes
 * for that level: every target, finished. */
static size_t
patch_bytes (const nst_model *model, const nst_params *p, const nst_style *styles,
             int n_styles, int w, int h, int workers)
{
  int    idx[NST_VGG_N_CONVS], l, k, n;
  float  wt[NST_VGG_N_CONVS];
  size_t bytes = 0;

  if (nst_patch_weight (model, p) <= 0.0)
    return 0;
  n = nst_parse_layers (nst_patch_layers (model, p), idx, wt, NST_VGG_N_CONVS, NULL);
  for (l = 0; l < n; l++)
    {
      int    lw = layer_side (idx[l], w), lh = layer_side (idx[l], h);
      size_t ns = 0, nx = lw >= 3 && lh >= 3 ? (size_t) (lw - 2) * (lh - 2) : 0;

      for (k = 0; k < n_styles; k++)
        {
          int sw, sh;

          style_size_bound (styles[k].image, p, w, h, &sw, &sh);
          sw = layer_side (idx[l], sw);
          sh = layer_side (idx[l], sh);
          if (styles[k].weight > 0.0f && sw >= 3 && sh >= 3)
            ns += (size_t) (sw - 2) * (sh - 2);
        }
      bytes += nst_patch_target_bytes (model->conv[idx[l]].c_out, ns, nx, workers);
    }
  return bytes;
}

static size_t
estimate_bytes (const nst_model *model, int depth, int cw, int ch,
                const nst_style *styles, int n_styles, const nst_params *p,
                const nst_schedule *s)
{
  size_t content_px = (size_t) cw * ch;
  size_t fixed, peak = 0, targets = 0;
  int    i, l, regional = 0, tiles = nst_style_tiles (model, p);
  int    bands = nst_style_bands (model, p);

  /* colour-prepared copies of content and styles, the final result and
   * its resampling buffer */
  fixed = 3 * content_px * sizeof (float) * 3;
  for (i = 0; i < n_styles; i++)
    fixed += (size_t) 3 * styles[i].image->width * styles[i].image->height * sizeof (float) * 2;
  for (i = 0; i < n_styles; i++)
    regional |= styles[i].region != NULL;
  /* per term and style layer: the target, and dE/dG of each tile (the
   * layer list was checked by job_depth) */
  {
    int   idx[NST_VGG_N_CONVS];
    float w[NST_VGG_N_CONVS];
    int   n = nst_parse_layers (p->style_layers ? p->style_layers : model->default_style_layers,
                                idx, w, NST_VGG_N_CONVS, NULL);

    for (l = 0; l < n; l++)
      targets += (1 + (size_t) tiles * tiles) * model->conv[idx[l]].c_out
                 * model->conv[idx[l]].c_out * sizeof (float) * (regional ? n_styles : 1)
                 * bands;
  }
  if (regional)   /* the regions, resampled with the content */
    fixed += content_px * sizeof (float) * n_styles;

  for (i = 0; i < s->n_levels; i++)
    {
      size_t n = (size_t) 3 * s->w[i] * s->h[i];
      size_t level, style_net = 0, patches;
      int    k;

      for (k = 0; k < n_styles; k++)
        {
          int    sw, sh;
          size_t b;

          style_size_bound (styles[k].image, p, s->w[i], s->h[i], &sw, &sh);
          b = nst_net_bytes (model, depth, sw, sh, 0) + (size_t) 3 * sw * sh * 4;

          /* its masks at every layer, masked features; the bands' planes */
          if (styles[k].selection != NULL || bands > 1)
            b += (3 * (size_t) sw * sh + max_act_floats (model, depth, sw, sh)) * sizeof (float);
          if (bands > 1)
            b += (size_t) (bands + 2) * sw * sh * sizeof (float);

          style_net = b > style_net ? b : style_net;
        }
      /* main net + content target (at most one activation) + optimiser +
       * x, the previous level's x and the progress image */
      level = nst_net_bytes (model, depth, s->w[i], s->h[i], 1)
              + nst_optimize_bytes (p->optimizer, n) + 4 * n * sizeof (float);
      /* each term's masks at every layer (under 4/3 of a plane) and their
       * columns (an index and two weights each), a mask's columns of F and
       * of dE/dF; while the bands are made the content, a region and the
       * bands' planes */
      if (regional || bands > 1)
        level += ((2 + 4) * (size_t) s->w[i] * s->h[i] * (regional ? n_styles : 1) * bands
                  + 2 * max_act_floats (model, depth, s->w[i], s->h[i])
                  + (bands > 1 ? (size_t) (4 + bands) * s->w[i] * s->h[i] : 0))
                 * sizeof (float);
      if (nst_composition_weight (model, p) > 0.0)  /* its target and two planes */
        level += n * sizeof (float);
      /* the style patches, gathered beside the style nets, stay for the level */
      patches = i < p->patch_levels
                ? patch_bytes (model, p, styles, n_styles, s->w[i], s->h[i],
                               p->threads > 0 ? p->threads : nst_default_threads ())
                : 0;
      level += patches;
      style_net += patches;
      if (tiles > 1)  /* a tile's features and gradient (the largest at the first layer) */
        level += 2 * max_act_floats (model, depth, s->w[i] / tiles + 1, s->h[i] / tiles + 1)
                 * sizeof (float);
      level = level > style_net ? level : style_net;
      peak = level > peak ? level : peak;
    }
  return fixed + targets + peak;
}

/* What nst_estimate_job() and nst_stylize() both check and plan: the
 * parameters, the styles, the network depth, the schedule and the bytes. */
static nst_status
plan_job (const nst_model *model, int cw, int ch, const nst_style *styles, int n_styles,
          const nst_params *p, nst_schedule *sched, int *depth, size_t *bytes, nst_error *err)
{
  nst_status status;

  if ((status = check_params (p, err)) != NST_STATUS_OK
      || (status = check_styles (styles, n_styles, err)) != NST_STATUS_OK)
    return status;
  *depth = job_depth (model, p, err);
  if (*depth < 0)
    return err ? err->status : NST_STATUS_INVALID_ARGUMENT;
  schedule_plan (model, cw, ch, p, sched);
  *bytes = estimate_bytes (model, *depth, cw, ch, styles, n_styles, p, sched);
  return NST_STATUS_OK;
}

nst_status
nst_estimate_job (const nst_model *model,
                  int content_width, int content_height,
                  const nst_style *styles, int n_styles,
                  const nst_params *params,
                  nst_estimate *estimate,
                  nst_error *err)
{
  nst_schedule s;
  nst_status   status;
  int          depth, i, l;

  memset (estimate, 0, sizeof *estimate);
  nst_error_clear (err);
  if (model == NULL || params == NULL || content_width <= 0 || content_height <= 0)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT, "Nothing to estimate.");
  status = plan_job (model, content_width, content_height, styles, n_styles, params,
                     &s, &depth, &estimate->peak_bytes, err);
  if (status != NST_STATUS_OK)
    return status;
  estimate->n_levels = s.n_levels;
  estimate->work_width = s.w[s.n_levels - 1];
  estimate->work_height = s.h[s.n_levels - 1];
  for (i = 0; i < s.n_levels; i++)
    {
      double px = (double) s.w[i] * s.h[i], flop = 0.0, side = 1.0;

      /* forward + backward convs: 2 x 2 c_in 9 c_out per pixel */
      for (l = 0; l < depth; l++)
        {
          flop += 4.0 * 9.0 * model->conv[l].c_in * model->conv[l].c_out * px / side;
          if (nst_vgg_pool_after[l])
            side *= 4.0;
        }
      estimate->level_width[i] = s.w[i];
      estimate->level_height[i] = s.h[i];
      estimate->level_iterations[i] = s.iterations[i];
      /* the line search took 1.04-1.06 evaluations per iteration
       * with a history of 20 pairs (Balanced, 48/48/48 iterations: 151
       * and 153 evaluations on chelsea and coffee, 80/64 before: 150 and
       * 151; 1.05-1.10 with 8 pairs);
       * a level that stops early takes fewer */
      estimate->level_evaluations[i] = s.iterations[i] * NST_EVALUATIONS_PER_ITERATION;
      estimate->gflop += flop * estimate->level_evaluations[i] / 1e9;
    }
  return NST_STATUS_OK;
}

/* Largest working size (long side) whose estimate fits the limit. */
static int
fitting_size (const nst_model *model, int depth, int cw, int ch,
              const nst_style *styles, int n_styles, const nst_params *p)
{
  nst_params q = *p;
  int        lo = 0, hi = cw > ch ? cw : ch;

  if (p->size > 0 && p->size < hi)
    hi = p->size;
  while (lo < hi)
    {
      nst_schedule s;
      int      mid = (lo + hi + 1) / 2;

      q.size = mid;
      schedule_plan (model, cw, ch, &q, &s);
      if (estimate_bytes (model, depth, cw, ch, styles, n_styles, &q, &s) <= p->memory_limit)
        lo = mid;
      else
        hi = mid - 1;
    }
  return lo;
}

nst_status
nst_plan_check_job (const nst_model *model, const nst_image *content,
                    const nst_style *styles, int n_styles, const nst_params *p,
                    const nst_image *output, nst_schedule *sched, nst_error *err)
{
  nst_status status;
  int        depth;
  size_t     bytes;

  if (model == NULL || p == NULL || output == NULL)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT, "A required argument is NULL.");
  if ((status = check_image (content, "content", err)) != NST_STATUS_OK
      || (status = plan_job (model, content->width, content->height, styles, n_styles, p,
                             sched, &depth, &bytes, err)) != NST_STATUS_OK)
    return status;
  if (output->data == NULL || output->width != content->width || output->height != content->height)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                          "The output image must be allocated at the content's size.");
  if (p->memory_limit > 0 && bytes > p->memory_limit)
    {
      int fit = fitting_size (model, depth, content->width, content->height, styles, n_styles, p);

      if (fit >= nst_net_min_side (NST_VGG_N_CONVS))
        return nst_error_set (err, NST_STATUS_TOO_LARGE,
                              "This job needs about %.1f MiB but only %.1f MiB are allowed; "
                              "a working size of %d pixels would fit.",
                              bytes / 1048576.0, p->memory_limit / 1048576.0, fit);
      return nst_error_set (err, NST_STATUS_TOO_LARGE,
                            "This job needs about %.1f MiB but only %.1f MiB are allowed, "
                            "even at the smallest working size.",
                            bytes / 1048576.0, p->memory_limit / 1048576.0);
    }
  return NST_STATUS_OK;
}
