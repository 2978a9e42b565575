/* test-stylize.c - whole jobs on a tiny model: determinism, cancel,
 * progress, memory limit, colour preservation, argument checks. */
#include "test-util.h"

#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  int    calls;
  int    cancel_at;       /* 0 = never */
  double last_fraction;
  int    monotonic;
  int    levels_seen;
  double first_style, last_style;
  int    ran[NST_MAX_LEVELS];        /* last iteration seen at each level */
  int    planned[NST_MAX_LEVELS];
  int    evaluations;
  double level_style[NST_MAX_LEVELS]; /* the style term at each level's first iteration */
} progress_log;

static int
on_progress (const nst_progress *p, void *user_data)
{
  progress_log *log = user_data;

  log->calls++;
  if (p->fraction < log->last_fraction)
    log->monotonic = 0;
  log->last_fraction = p->fraction;
  log->levels_seen = p->level;
  log->ran[p->level - 1] = p->iteration;
  log->planned[p->level - 1] = p->n_iterations;
  if (p->evaluations < log->evaluations || p->evaluations < p->iteration)
    log->monotonic = 0;
  log->evaluations = p->evaluations;
  if (log->calls == 1)
    log->first_style = p->style_loss;
  log->last_style = p->style_loss;
  if (p->iteration == 1)
    log->level_style[p->level - 1] = p->style_loss;
  if (p->current == NULL || p->current->width <= 0)
    log->monotonic = 0;
  return log->cancel_at == 0 || log->calls < log->cancel_at;
}

typedef struct
{
  nst_model *model;
  nst_image  content, style, out;
  nst_style  st;
  nst_params p;
  progress_log log;
} job;

static void
job_init (job *j, int w, int h)
{
  nst_error err;

  memset (j, 0, sizeof *j);
  j->model = test_model_new (NULL, 7);
  nst_image_init (&j->content, w, h, &err);
  nst_image_init (&j->style, 40, 36, &err);
  nst_image_init (&j->out, w, h, &err);
  test_image_fill (&j->content, 1);
  test_image_fill (&j->style, 2);
  j->st.image = &j->style;
  j->st.weight = 1.0f;
  j->p = nst_params_default ();
  j->p.iterations = 8;
  j->p.levels = 1;
  j->p.threads = 1;
  j->p.progress = on_progress;
  j->p.user_data = &j->log;
  j->log.monotonic = 1;
}

static nst_status
job_run (job *j, nst_error *err)
{
  j->log.calls = 0;
  j->log.last_fraction = 0.0;
  j->log.monotonic = 1;
  j->log.evaluations = 0;
  memset (j->log.ran, 0, sizeof j->log.ran);
  return nst_stylize (j->model, &j->content, &j->st, 1, &j->p, &j->out, err);
}

static void
job_clear (job *j)
{
  nst_image_clear (&j->content);
  nst_image_clear (&j->style);
  nst_image_clear (&j->out);
  nst_model_free (j->model);
}

static size_t
image_bytes (const nst_image *im)
{
  return (size_t) im->width * im->height * 3 * sizeof (float);
}

/* Two runs of j give bit-identical pixels (and both succeed). */
static int
runs_agree (job *j)
{
  nst_error err;
  float    *first = malloc (image_bytes (&j->out));
  int       same;

  same = first != NULL && job_run (j, &err) == NST_STATUS_OK;
  if (same)
    memcpy (first, j->out.data, image_bytes (&j->out));
  same = same && job_run (j, &err) == NST_STATUS_OK
         && memcmp (first, j->out.data, image_bytes (&j->out)) == 0;
  free (first);
  return same;
}

static void
test_determinism (void)
{
  job       j;
  nst_error err;
  float    *first;

  job_init (&j, 48, 40);
  j.p.init = NST_INIT_NOISE;
  j.p.seed = 5;
  CHECK (job_run (&j, &err) == NST_STATUS_OK, "noise-initialised run succeeds");
  first = malloc (image_bytes (&j.out));
  memcpy (first, j.out.data, image_bytes (&j.out));
  job_run (&j, &err);
  CHECK (memcmp (first, j.out.data, image_bytes (&j.out)) == 0,
         "same inputs, parameters and seed give bit-identical pixels");
  j.p.seed = 6;
  job_run (&j, &err);
  CHECK (memcmp (first, j.out.data, image_bytes (&j.out)) != 0, "another seed gives other pixels");
  CHECK (j.log.last_style < j.log.first_style,
         "the style loss falls during a run (%.4g -> %.4g)", j.log.first_style, j.log.last_style);
  /* threads take tasks as they come free: which one runs a task changes
   * from run to run (three threads on two cores, all the more) */
  j.p.threads = 3;
  CHECK (runs_agree (&j), "on three threads too, two runs give bit-identical pixels");
  free (first);
  job_clear (&j);
}

/* The optimiser's passes over the image run in blocks of 16384 values,
 * taken by whichever worker thread is free, their sums added in block
 * order: an image of several blocks on three threads comes out the same
 * twice. */
static void
test_blocks_deterministic (void)
{
  job j;

  job_init (&j, 112, 96);     /* 32256 values: two blocks */
  j.p.init = NST_INIT_NOISE;
  j.p.seed = 9;
  j.p.threads = 3;
  CHECK (runs_agree (&j), "two blocks on three threads: two runs give bit-identical pixels");
  job_clear (&j);
}

static void
test_cancel (void)
{
  job       j;
  nst_error err;
  float    *before;
  nst_status status;

  job_init (&j, 48, 40);
  test_image_fill (&j.out, 99);
  before = malloc (image_bytes (&j.out));
  memcpy (before, j.out.data, image_bytes (&j.out));
  j.log.cancel_at = 3;
  status = job_run (&j, &err);
  CHECK (status == NST_STATUS_ABORTED, "a progress callback returning 0 cancels (status %d)", status);
  CHECK (j.log.calls == 3, "the run stops within one iteration of the cancel (%d calls)", j.log.calls);
  CHECK (memcmp (before, j.out.data, image_bytes (&j.out)) == 0, "a cancelled run leaves the output untouched");

  j.p.optimizer = NST_OPTIMIZER_ADAM;
  status = job_run (&j, &err);
  CHECK (status == NST_STATUS_ABORTED && j.log.calls == 3, "Adam cancels within one iteration too");
  free (before);
  job_clear (&j);
}

static void
test_progress_levels (void)
{
  job          j;
  nst_error    err;
  nst_estimate est;

  job_init (&j, 64, 48);
  j.p.levels = 0;
  j.p.min_size = 32;
  j.p.iterations = 4;
  CHECK (nst_estimate_job (j.model, 64, 48, &j.st, 1, &j.p, &est, &err) == NST_STATUS_OK
         && est.n_levels == 3 && est.work_width == 64 && est.work_height == 48,
         "coarse-to-fine from 32 to 64 px plans 3 levels (got %d, finest %dx%d)",
         est.n_levels, est.work_width, est.work_height);
  CHECK (job_run (&j, &err) == NST_STATUS_OK, "a 3-level run succeeds");
  CHECK (j.log.monotonic && fabs (j.log.last_fraction - 1.0) < 1e-9,
         "progress never goes back and ends at 1 (%g)", j.log.last_fraction);
  CHECK (j.log.levels_seen == 3 && j.log.calls >= 3 * 4 - 2,
         "progress reports every level (%d levels, %d calls)", j.log.levels_seen, j.log.calls);
  job_clear (&j);
}

/* The patch loss runs at the first patch_levels levels only: its weight
 * (1000, far above the Gram term's 30) shows in the style term of the
 * levels it runs at and not after; a run with it is as reproducible on
 * three threads as without. */
static void
test_patch_levels (void)
{
  job       j;
  nst_error err;
  double    none[3], one[3], two[3];

  job_init (&j, 64, 48);
  j.p.levels = 0;
  j.p.min_size = 32;
  j.p.iterations = 3;
  j.p.patch_weight = 0.0f;
  CHECK (job_run (&j, &err) == NST_STATUS_OK && j.log.levels_seen == 3, "3 levels without patches");
  memcpy (none, j.log.level_style, sizeof none);
  j.p.patch_weight = 1000.0f;
  CHECK (job_run (&j, &err) == NST_STATUS_OK, "3 levels with patches at the first: %s", err.message);
  memcpy (one, j.log.level_style, sizeof one);
  j.p.patch_levels = 2;
  CHECK (job_run (&j, &err) == NST_STATUS_OK, "3 levels with patches at the first two");
  memcpy (two, j.log.level_style, sizeof two);
  CHECK (one[0] > 10 * none[0] && one[1] < 3 * none[1] && one[2] < 3 * none[2]
         && two[1] > 10 * none[1] && two[2] < 3 * none[2],
         "the patch loss shows at its levels only (style term at each level's start: "
         "%.3g %.3g %.3g without, %.3g %.3g %.3g at 1 level, %.3g %.3g %.3g at 2)",
         none[0], none[1], none[2], one[0], one[1], one[2], two[0], two[1], two[2]);
  j.p.threads = 3;
  CHECK (runs_agree (&j), "with patches, two runs on three threads give bit-identical pixels");
  j.p.patch_levels = 0;
  CHECK (job_run (&j, &err) == NST_STATUS_INVALID_ARGUMENT && strstr (err.message, "patch_levels"),
         "patch_levels 0 is refused: %s", err.message);
  job_clear (&j);
}

/* The schedule: the first level runs `iterations` at most, each finer
 * one level_ratio of the one before (at least 20), as planned by
 * nst_estimate_job; the tolerance ends a level early, 0 never does. */
static void
test_schedule (void)
{
  job          j;
  nst_error    err;
  nst_estimate est;
  int          l, planned_ok = 1, ran_all = 1;

  job_init (&j, 64, 48);
  j.p.levels = 3;
  j.p.min_size = 32;
  j.p.iterations = 60;
  j.p.level_ratio = 0.5f;
  j.p.tolerance = 0.0f;
  CHECK (nst_estimate_job (j.model, 64, 48, &j.st, 1, &j.p, &est, &err) == NST_STATUS_OK
         && est.level_iterations[0] == 60 && est.level_iterations[1] == 30
         && est.level_iterations[2] == 20,
         "iterations halve from level to level, at least 20 (planned %d/%d/%d)",
         est.level_iterations[0], est.level_iterations[1], est.level_iterations[2]);
  CHECK (job_run (&j, &err) == NST_STATUS_OK, "a 3-level run without tolerance succeeds");
  for (l = 0; l < 3; l++)
    {
      planned_ok &= j.log.planned[l] == est.level_iterations[l];
      ran_all &= j.log.ran[l] == est.level_iterations[l];
    }
  CHECK (planned_ok, "progress reports the planned iterations (%d/%d/%d)",
         j.log.planned[0], j.log.planned[1], j.log.planned[2]);
  CHECK (ran_all, "tolerance 0 runs every planned iteration (%d/%d/%d)",
         j.log.ran[0], j.log.ran[1], j.log.ran[2]);
  CHECK (j.log.monotonic && j.log.evaluations >= 110,
         "evaluations count up through the levels, at least one per iteration (%d)",
         j.log.evaluations);

  /* a 50% fall over 10 iterations is asked for: no level sees it for long */
  j.p.tolerance = 0.5f;
  CHECK (job_run (&j, &err) == NST_STATUS_OK, "a run with a coarse tolerance succeeds");
  CHECK (j.log.levels_seen == 3 && j.log.ran[0] < 60 && j.log.ran[1] < 30
         && j.log.ran[0] > NST_STOP_WINDOW && j.log.ran[2] > NST_STOP_WINDOW,
         "the tolerance stops each level after its window (%d/%d/%d iterations)",
         j.log.ran[0], j.log.ran[1], j.log.ran[2]);
  CHECK (fabs (j.log.last_fraction - 1.0) < 1e-9 && j.log.monotonic,
         "progress still ends at 1 when levels stop early (%g)", j.log.last_fraction);

  j.p.level_ratio = 1.5f;
  CHECK (job_run (&j, &err) == NST_STATUS_INVALID_ARGUMENT, "a level ratio above 1 is refused: %s",
         err.message);

  /* a ratio that is not exact in float: 100, 80, 64 */
  j.p.iterations = 100;
  j.p.level_ratio = 0.8f;
  CHECK (nst_estimate_job (j.model, 64, 48, &j.st, 1, &j.p, &est, &err) == NST_STATUS_OK
         && est.level_iterations[0] == 100 && est.level_iterations[1] == 80
         && est.level_iterations[2] == 64,
         "0.8 of 100 plans 80, then 64 (planned %d/%d/%d)",
         est.level_iterations[0], est.level_iterations[1], est.level_iterations[2]);

  /* the defaults: every level runs `iterations` at most */
  j.p.level_ratio = nst_params_default ().level_ratio;
  CHECK (nst_estimate_job (j.model, 64, 48, &j.st, 1, &j.p, &est, &err) == NST_STATUS_OK
         && est.level_iterations[0] == 100 && est.level_iterations[1] == 100
         && est.level_iterations[2] == 100,
         "the default ratio plans 100 at every level (planned %d/%d/%d)",
         est.level_iterations[0], est.level_iterations[1], est.level_iterations[2]);
  job_clear (&j);
}

static void
test_memory_limit (void)
{
  job          j;
  nst_error    err;
  nst_estimate est;
  float       *before;
  nst_status   status;
  int          fit = 0;
  const char  *at;

  job_init (&j, 96, 80);
  nst_estimate_job (j.model, 96, 80, &j.st, 1, &j.p, &est, &err);
  CHECK (est.peak_bytes > 0, "the estimate of a job is positive (%zu bytes)", est.peak_bytes);
  j.p.memory_limit = est.peak_bytes - 1;
  before = malloc (image_bytes (&j.out));
  memcpy (before, j.out.data, image_bytes (&j.out));
  status = job_run (&j, &err);
  CHECK (status == NST_STATUS_TOO_LARGE && j.log.calls == 0,
         "a job over the memory limit is refused before it runs: %s", err.message);
  at = strstr (err.message, "working size of ");
  if (at)
    fit = atoi (at + strlen ("working size of "));
  CHECK (fit > 0 && fit < 96, "the refusal names a size that would fit (%d)", fit);
  j.p.size = fit;
  j.p.memory_limit = est.peak_bytes - 1;
  CHECK (job_run (&j, &err) == NST_STATUS_OK, "that size does run under the same limit");
  j.p.size = 0;
  j.p.memory_limit = est.peak_bytes;
  CHECK (job_run (&j, &err) == NST_STATUS_OK, "the job runs at exactly its estimate");
  memcpy (j.out.data, before, image_bytes (&j.out));
  free (before);
  job_clear (&j);
}

static void
yiq_chroma (const float *rgb, double *i, double *q)
{
  *i = 0.595716 * rgb[0] - 0.274453 * rgb[1] - 0.321263 * rgb[2];
  *q = 0.211456 * rgb[0] - 0.522591 * rgb[1] + 0.311135 * rgb[2];
}

static void
test_colour (void)
{
  job       j;
  nst_error err;
  double    worst = 0.0, moved = 0.0;
  size_t    k, n;

  job_init (&j, 48, 40);
  j.p.color = NST_COLOR_LUMINANCE;
  CHECK (job_run (&j, &err) == NST_STATUS_OK, "luminance-only run succeeds");
  n = (size_t) 48 * 40;
  for (k = 0; k < n; k++)
    {
      double ci, cq, oi, oq;

      yiq_chroma (j.content.data + 3 * k, &ci, &cq);
      yiq_chroma (j.out.data + 3 * k, &oi, &oq);
      worst = fmax (worst, fmax (fabs (ci - oi), fabs (cq - oq)));
      moved = fmax (moved, fabs (nst_luma (j.out.data + 3 * k) - nst_luma (j.content.data + 3 * k)));
    }
  CHECK (worst <= 1.0 / 255, "luminance-only keeps the content's chroma (max change %.2g)", worst);
  CHECK (moved > 0.02, "luminance-only still changes the luminance (max change %.2g)", moved);
  job_clear (&j);
}

static void
test_colour_match (void)
{
  nst_image a, b, c;
  nst_error err;
  double    ma[3] = { 0 }, mc[3] = { 0 };
  size_t    k, n = 30 * 20;
  int       ch, ok = 1;

  nst_image_init (&a, 30, 20, &err);
  nst_image_init (&b, 25, 25, &err);
  nst_image_init (&c, 30, 20, &err);
  test_image_fill (&a, 3);
  test_image_fill (&b, 4);
  for (k = 0; k < (size_t) 25 * 25 * 3; k++)
    b.data[k] *= 0.6f;   /* keep away from clipping at 1 */
  nst_colour_match_stats (&a, NULL, &b, &c, &err);
  for (k = 0; k < n; k++)
    for (ch = 0; ch < 3; ch++)
      mc[ch] += c.data[3 * k + ch] / n;
  for (k = 0; k < (size_t) 25 * 25; k++)
    for (ch = 0; ch < 3; ch++)
      ma[ch] += b.data[3 * k + ch] / (25.0 * 25.0);
  for (ch = 0; ch < 3; ch++)
    ok = ok && fabs (ma[ch] - mc[ch]) < 0.02;
  CHECK (ok, "colour matching moves the mean colour to the target's (%.3f,%.3f,%.3f vs %.3f,%.3f,%.3f)",
         mc[0], mc[1], mc[2], ma[0], ma[1], ma[2]);

  /* With weights (a style selection) the weighted part's mean moves there:
   * the left half of a source whose halves differ. */
  {
    float  *w = malloc (n * sizeof (float));
    double  ml[3] = { 0 }, wsum = 0.0;

    for (k = 0; k < n; k++)
      {
        w[k] = k % 30 < 15 ? 1.0f : 0.0f;
        if (k % 30 >= 15)
          for (ch = 0; ch < 3; ch++)
            a.data[3 * k + ch] = 0.9f;   /* a bright right half, outside the weights */
      }
    nst_colour_match_stats (&a, w, &b, &c, &err);
    for (k = 0; k < n; k++)
      {
        wsum += w[k];
        for (ch = 0; ch < 3; ch++)
          ml[ch] += w[k] * c.data[3 * k + ch];
      }
    for (ok = 1, ch = 0; ch < 3; ch++)
      ok = ok && fabs (ml[ch] / wsum - ma[ch]) < 0.02;
    CHECK (ok, "weighted colour matching moves the weighted part's mean there "
           "(%.3f,%.3f,%.3f vs %.3f,%.3f,%.3f)",
           ml[0] / wsum, ml[1] / wsum, ml[2] / wsum, ma[0], ma[1], ma[2]);
    nst_colour_match_stats (&a, NULL, &b, &c, &err);
    for (ml[0] = ml[1] = ml[2] = 0.0, k = 0; k < n; k++)
      for (ch = 0; ch < 3; ch++)
        ml[ch] += w[k] * c.data[3 * k + ch];
    for (ok = 1, ch = 0; ch < 3; ch++)
      ok = ok && fabs (ml[ch] / wsum - ma[ch]) < 0.02;
    CHECK (! ok, "without the weights that part's mean is elsewhere (%.3f,%.3f,%.3f)",
           ml[0] / wsum, ml[1] / wsum, ml[2] / wsum);
    free (w);
  }
  nst_image_clear (&a);
  nst_image_clear (&b);
  nst_image_clear (&c);
}

static void
test_bad_arguments (void)
{
  job        j;
  nst_error  err;
  float     *before;
  nst_status status;

  job_init (&j, 32, 32);
  before = malloc (image_bytes (&j.out));
  memcpy (before, j.out.data, image_bytes (&j.out));

  j.p.style_weight = NAN;
  status = job_run (&j, &err);
  CHECK (status == NST_STATUS_INVALID_ARGUMENT && strstr (err.message, "style_weight"),
         "a NaN weight is refused: %s", err.message);
  /* the weights whose -1 means "the model's": below it, above the
   * ceiling and NaN are refused by name */
  {
    static const struct { const char *name; size_t offset; float bad; } cases[] =
    {
      { "chroma_tv_weight",   offsetof (nst_params, chroma_tv_weight),   -1.5f },
      { "composition_weight", offsetof (nst_params, composition_weight), -2.0f },
      { "composition_weight", offsetof (nst_params, composition_weight), 2e9f },
      { "patch_weight",       offsetof (nst_params, patch_weight),       -1.01f },
      { "patch_weight",       offsetof (nst_params, patch_weight),       NAN },
      { "patch_repeat",       offsetof (nst_params, patch_repeat),       -0.1f },
      { "patch_repeat",       offsetof (nst_params, patch_repeat),       1e4f },
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
      {
        j.p = nst_params_default ();
        *(float *) ((char *) &j.p + cases[i].offset) = cases[i].bad;
        status = job_run (&j, &err);
        CHECK (status == NST_STATUS_INVALID_ARGUMENT && strstr (err.message, cases[i].name),
               "%s = %g is refused: %s", cases[i].name, (double) cases[i].bad, err.message);
      }
  }
  {
    static const int bad_bands[] = { -1, NST_STYLE_BANDS_MAX + 1 };
    size_t i;

    for (i = 0; i < sizeof bad_bands / sizeof bad_bands[0]; i++)
      {
        j.p = nst_params_default ();
        j.p.style_bands = bad_bands[i];
        status = job_run (&j, &err);
        CHECK (status == NST_STATUS_INVALID_ARGUMENT && strstr (err.message, "style_bands"),
               "style_bands = %d is refused: %s", bad_bands[i], err.message);
      }
  }
  j.p = nst_params_default ();
  j.p.iterations = 0;
  CHECK (job_run (&j, &err) == NST_STATUS_INVALID_ARGUMENT, "zero iterations are refused: %s", err.message);
  j.p = nst_params_default ();
  j.st.weight = 0.0f;
  CHECK (job_run (&j, &err) == NST_STATUS_INVALID_ARGUMENT, "all-zero style weights are refused: %s", err.message);
  j.st.weight = 1.0f;
  j.p.style_layers = "relu9_9";
  CHECK (job_run (&j, &err) == NST_STATUS_INVALID_ARGUMENT, "an unknown layer is refused: %s", err.message);
  j.p.style_layers = NULL;
  CHECK (nst_stylize (j.model, &j.content, &j.st, 0, &j.p, &j.out, &err) == NST_STATUS_INVALID_ARGUMENT,
         "no style is refused: %s", err.message);
  CHECK (nst_stylize (NULL, &j.content, &j.st, 1, &j.p, &j.out, &err) == NST_STATUS_INVALID_ARGUMENT,
         "no model is refused: %s", err.message);
  CHECK (memcmp (before, j.out.data, image_bytes (&j.out)) == 0, "refused jobs leave the output untouched");
  free (before);
  job_clear (&j);
}

static void
test_tiny_images (void)
{
  job       j;
  nst_error err;

  job_init (&j, 1, 1);
  j.p.iterations = 2;
  CHECK (job_run (&j, &err) == NST_STATUS_OK, "a 1x1 image works (%s)", err.message);
  job_clear (&j);
  job_init (&j, 300, 3);
  j.p.iterations = 2;
  CHECK (job_run (&j, &err) == NST_STATUS_OK, "a 300x3 image works (%s)", err.message);
  job_clear (&j);
}

/* Mean of red minus blue over columns [x0, x1). */
static double
red_minus_blue (const nst_image *im, int x0, int x1)
{
  double s = 0.0;
  int    x, y;

  for (y = 0; y < im->height; y++)
    for (x = x0; x < x1; x++)
      {
        const float *p = im->data + ((size_t) y * im->width + x) * 3;
        s += p[0] - p[2];
      }
  return s / ((double) im->height * (x1 - x0));
}

static void
test_regions (void)
{
  job       j;
  nst_error err;
  nst_image blue;
  nst_mask  left, right;
  nst_style st[2];
  size_t    k;
  int       x, y, w = 64, h = 48;
  double    l, r;

  job_init (&j, w, h);
  nst_image_init (&blue, 40, 36, &err);
  test_image_fill (&blue, 5);
  for (k = 0; k < (size_t) 40 * 36; k++)
    {
      j.style.data[3 * k + 1] *= 0.2f;     /* a red style ... */
      j.style.data[3 * k + 2] *= 0.2f;
      blue.data[3 * k] *= 0.2f;            /* ... and a blue one */
      blue.data[3 * k + 1] *= 0.2f;
    }
  for (k = 0; k < (size_t) w * h * 3; k++)  /* a grey content */
    j.content.data[k] = 0.3f + 0.4f * j.content.data[k - k % 3];
  left.width = right.width = w;
  left.height = right.height = h;
  left.data = malloc ((size_t) w * h * sizeof (float));
  right.data = malloc ((size_t) w * h * sizeof (float));
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      {
        left.data[y * w + x] = x < w / 2 ? 1.0f : 0.0f;
        right.data[y * w + x] = x < w / 2 ? 0.0f : 1.0f;
      }
  st[0] = (nst_style) { &j.style, 1.0f, &left, NULL };
  st[1] = (nst_style) { &blue, 1.0f, &right, NULL };
  j.p.iterations = 40;
  j.p.style_weight = 100.0f;
  CHECK (nst_stylize (j.model, &j.content, st, 2, &j.p, &j.out, &err) == NST_STATUS_OK,
         "two styles in two regions run (%s)", err.message);
  l = red_minus_blue (&j.out, 0, w / 2 - 4);
  r = red_minus_blue (&j.out, w / 2 + 4, w);
  CHECK (l - r > 0.1, "each style keeps to its region: red-blue %.3f left, %.3f right", l, r);

  /* Regions cover the content whatever their size: the same halves at a
   * quarter of the resolution split the styles the same way. */
  for (y = 0; y < h / 4; y++)
    for (x = 0; x < w / 4; x++)
      {
        left.data[y * (w / 4) + x] = x < w / 8 ? 1.0f : 0.0f;
        right.data[y * (w / 4) + x] = x < w / 8 ? 0.0f : 1.0f;
      }
  left.width = right.width = w / 4;
  left.height = right.height = h / 4;
  CHECK (nst_stylize (j.model, &j.content, st, 2, &j.p, &j.out, &err) == NST_STATUS_OK,
         "regions at a quarter of the content's size run (%s)", err.message);
  l = red_minus_blue (&j.out, 0, w / 2 - 4);
  r = red_minus_blue (&j.out, w / 2 + 4, w);
  CHECK (l - r > 0.1, "and keep each style to its half: red-blue %.3f left, %.3f right", l, r);

  st[0].region = NULL;
  right.width = 0;
  CHECK (nst_stylize (j.model, &j.content, st, 2, &j.p, &j.out, &err) == NST_STATUS_INVALID_ARGUMENT,
         "an empty region is refused: %s", err.message);
  free (left.data);
  free (right.data);
  nst_image_clear (&blue);
  job_clear (&j);
}

/* A style selection: a style image red on the left, blue on the right,
 * with only its left half selected, paints red; selecting the right half
 * paints blue.  Bad selections are refused. */
static void
test_style_selection (void)
{
  job       j;
  nst_error err;
  nst_mask  sel;
  int       x, y, sw = 40, sh = 36, w = 48, h = 40;
  double    with_left, with_right;

  job_init (&j, w, h);
  for (y = 0; y < sh; y++)
    for (x = 0; x < sw; x++)
      {
        float *p = j.style.data + ((size_t) y * sw + x) * 3;

        if (x < sw / 2)
          p[1] *= 0.2f, p[2] *= 0.2f;   /* red */
        else
          p[0] *= 0.2f, p[1] *= 0.2f;   /* blue */
      }
  for (x = 0; x < w * h * 3; x++)      /* a grey content */
    j.content.data[x] = 0.3f + 0.4f * j.content.data[x - x % 3];
  sel.width = sw;
  sel.height = sh;
  sel.data = malloc ((size_t) sw * sh * sizeof (float));
  j.st.selection = &sel;
  j.p.iterations = 40;
  j.p.style_weight = 100.0f;

  for (y = 0; y < sh; y++)
    for (x = 0; x < sw; x++)
      sel.data[y * sw + x] = x < sw / 2 - 2 ? 1.0f : 0.0f;
  CHECK (nst_stylize (j.model, &j.content, &j.st, 1, &j.p, &j.out, &err) == NST_STATUS_OK,
         "a style with its left half selected runs (%s)", err.message);
  with_left = red_minus_blue (&j.out, 0, w);

  for (y = 0; y < sh; y++)
    for (x = 0; x < sw; x++)
      sel.data[y * sw + x] = x >= sw / 2 + 2 ? 1.0f : 0.0f;
  CHECK (nst_stylize (j.model, &j.content, &j.st, 1, &j.p, &j.out, &err) == NST_STATUS_OK,
         "a style with its right half selected runs (%s)", err.message);
  with_right = red_minus_blue (&j.out, 0, w);
  CHECK (with_left > 0.05 && with_right < -0.05,
         "only the selected part is the style: red-blue %.3f (left selected), %.3f (right)",
         with_left, with_right);

  memset (sel.data, 0, (size_t) sw * sh * sizeof (float));
  CHECK (nst_stylize (j.model, &j.content, &j.st, 1, &j.p, &j.out, &err) == NST_STATUS_INVALID_ARGUMENT,
         "an empty selection is refused: %s", err.message);
  sel.data[0] = NAN;
  CHECK (nst_stylize (j.model, &j.content, &j.st, 1, &j.p, &j.out, &err) == NST_STATUS_INVALID_ARGUMENT,
         "a selection with NaN is refused: %s", err.message);
  sel.width = 5;
  CHECK (nst_stylize (j.model, &j.content, &j.st, 1, &j.p, &j.out, &err) == NST_STATUS_INVALID_ARGUMENT,
         "a selection of the wrong size is refused: %s", err.message);
  free (sel.data);
  job_clear (&j);
}

/* threads = 0 runs one worker per CPU of the affinity mask: a process
 * that taskset pins to one CPU runs one. */
static void
test_default_threads (void)
{
  cpu_set_t mine, one;
  int       first = 0;

  if (sched_getaffinity (0, sizeof mine, &mine) != 0)
    {
      CHECK (0, "sched_getaffinity: %s", strerror (errno));
      return;
    }
  CHECK (nst_default_threads () == CPU_COUNT (&mine),
         "nst_default_threads () is %d: the affinity mask has %d CPUs",
         nst_default_threads (), CPU_COUNT (&mine));

  while (! CPU_ISSET (first, &mine))
    first++;
  CPU_ZERO (&one);
  CPU_SET (first, &one);
  CHECK (sched_setaffinity (0, sizeof one, &one) == 0, "pinned to CPU %d", first);
  CHECK (nst_default_threads () == 1, "pinned to one CPU: nst_default_threads () is %d",
         nst_default_threads ());
  sched_setaffinity (0, sizeof mine, &mine);
}

int
main (void)
{
  test_default_threads ();
  test_determinism ();
  test_blocks_deterministic ();
  test_cancel ();
  test_progress_levels ();
  test_patch_levels ();
  test_schedule ();
  test_memory_limit ();
  test_colour ();
  test_colour_match ();
  test_bad_arguments ();
  test_tiny_images ();
  test_regions ();
  test_style_selection ();
  return check_finish ("stylize");
}
