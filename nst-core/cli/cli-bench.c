/* cli-bench.c - `nst bench`: how fast the engine runs on this machine and
 * how much memory it takes, beside what it predicts.
 *
 *  (a) seconds per L-BFGS iteration with a real job: VGG-19 conv1_1..conv5_1
 *      at full widths, content relu4_2, style relu1_1..relu5_1 (the PyTorch
 *      peer's layers, tests/bench/bench-torch.py), one level, K iterations
 *      after one warm-up, median of the per-iteration times the progress
 *      callback sees; and seconds per evaluation (one forward + backward,
 *      what one PyTorch iteration without line search costs)
 *  (b) peak RSS of the process beside nst_estimate_job's prediction
 *  (c) GFLOP/s of each conv's forward and backward-to-input kernel
 *      (nst_conv3x3_forward / _backward on the engine's worker pool, as
 *      the network runs them), and of a plain cblas_sgemm of a conv's
 *      shape on OpenBLAS's own threads as the reference
 *  (d) the BLAS core and thread count the numbers were measured with, the
 *      CPU's model and features, the kernels the engine runs its products
 *      on (gemm.c's choice), and a WARNING when OpenBLAS's core is below
 *      what the CPU can run.
 *
 * Numbers are printed, never judged: speed is not a test.
 *
 * (c) and (d) time and name the engine's private kernels, so this file is
 * the one part of the CLI that reads nst-private.h: it is the engine's own
 * white-box benchmark, shipped in the CLI so users can run it
 * (tests/core/check-layering.sh allows it and nothing else).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cblas.h>

#include "nst-cli.h"
#include "nst-private.h"

#define COMMAND "bench"

#define BENCH_STYLE_LAYERS   "relu1_1,relu2_1,relu3_1,relu4_1,relu5_1"
#define BENCH_CONTENT_LAYERS "relu4_2"
#define BENCH_MAX_SIZES      2
#define BENCH_MAX_SAMPLES    1000

/* The reference SGEMM: conv3_2's shape, [256 x 2304] x [2304 x (S/4)^2]. */
#define SGEMM_M 256
#define SGEMM_K 2304

typedef struct
{
  int      size, iterations, runs, threads;
  gboolean json, no_convs, no_iterations, presets;
  char    *model, *pool;
} BenchArgs;

typedef struct
{
  int     size;
  int     n_intervals;
  double  seconds_per_iteration, min_iteration, max_iteration;
  double  seconds_per_evaluation;
  size_t  rss_before, peak_rss, predicted_peak;
  double  sgemm_gflops;
  double  engine_sgemm_gflops;   /* the same shape on one thread, nst_sgemm */
  double  forward_gflops[NST_VGG_N_CONVS];
  double  backward_gflops[NST_VGG_N_CONVS];
  int     hw[NST_VGG_N_CONVS];
  gboolean have_iterations, have_convs;
} BenchResult;

/* ---- helpers ------------------------------------------------------------ */

static int
bench_compare_doubles (const void *a,
                       const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
bench_median (double *v,
              int     n)
{
  if (n <= 0)
    return NAN;
  qsort (v, n, sizeof *v, bench_compare_doubles);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Deterministic values in [lo, hi): the speed of a kernel does not
 * depend on them, only denormals would, and there are none. */
static void
bench_fill (float   *v,
            size_t   n,
            uint64_t seed,
            float    lo,
            float    hi)
{
  uint64_t s = seed * 0x9e3779b97f4a7c15ULL + 1;
  size_t   i;

  for (i = 0; i < n; i++)
    {
      s ^= s >> 12;
      s ^= s << 25;
      s ^= s >> 27;
      v[i] = lo + (hi - lo) * (float) ((s * 0x2545f4914f6cdd1dULL) >> 40) / 16777216.0f;
    }
}

static size_t
bench_peak_rss (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return (size_t) ru.ru_maxrss * 1024;   /* Linux: kilobytes */
}

static size_t
bench_current_rss (void)
{
  unsigned long pages_total = 0, pages_resident = 0;
  FILE         *fp = fopen ("/proc/self/statm", "r");

  if (fp == NULL)
    return 0;
  if (fscanf (fp, "%lu %lu", &pages_total, &pages_resident) != 2)
    pages_resident = 0;
  fclose (fp);
  return (size_t) pages_resident * (size_t) sysconf (_SC_PAGESIZE);
}

/* ---- (a), (b): a real job ------------------------------------------------ */

typedef struct
{
  double times[BENCH_MAX_SAMPLES];
  int    n;
} BenchClock;

static int
bench_on_progress (const nst_progress *p,
                   void               *user_data)
{
  BenchClock *clock = user_data;

  if (clock->n < BENCH_MAX_SAMPLES)
    clock->times[clock->n++] = p->elapsed_seconds;
  return 1;
}

static nst_params
bench_params (const BenchArgs *a,
              nst_pool         pool)
{
  nst_params p = nst_params_default ();

  p.levels = 1;
  p.size = 0;
  p.min_size = 0;
  p.iterations = a->iterations + 1;
  p.threads = a->threads;
  p.pool = pool;
  p.style_layers = BENCH_STYLE_LAYERS;
  p.content_layers = BENCH_CONTENT_LAYERS;
  return p;
}

/* Median seconds of one objective evaluation (forward + backward). */
static gboolean
bench_evaluation (const nst_model  *model,
                  const nst_image  *content,
                  const nst_style  *style,
                  const nst_params *p,
                  int               runs,
                  double           *seconds,
                  GError          **error)
{
  nst_objective *obj = NULL;
  size_t         n = (size_t) 3 * content->width * content->height;
  float         *x = g_new (float, n), *grad = g_new (float, n);
  double        *t = g_new (double, runs);
  nst_loss_terms terms;
  nst_error      err;
  gboolean       ok = FALSE;
  int            i;

  memset (&err, 0, sizeof err);
  if (nst_objective_new (model, content, style, 1, p, content->width, content->height,
                         &obj, &err) != NST_STATUS_OK)
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED, "%s", err.message);
      goto out;
    }
  bench_fill (x, n, 7, 0.0f, 1.0f);
  nst_objective_evaluate (obj, x, grad, &terms);          /* warm-up */
  for (i = 0; i < runs; i++)
    {
      double t0 = nst_time_now ();

      nst_objective_evaluate (obj, x, grad, &terms);
      t[i] = nst_time_now () - t0;
    }
  *seconds = bench_median (t, runs);
  ok = TRUE;

out:
  nst_objective_free (obj);
  g_free (x);
  g_free (grad);
  g_free (t);
  return ok;
}

/* Random content and style at r->size, the estimate, then the run;
 * clock receives the elapsed time at each iteration. */
static nst_status
bench_run_job (const nst_model *model,
               nst_params      *p,
               BenchClock      *clock,
               BenchResult     *r,
               nst_image       *content,
               nst_image       *style_image,
               const nst_style *style,
               nst_error       *err)
{
  nst_image    output = { 0, 0, NULL };
  nst_estimate est;
  size_t       n = (size_t) 3 * r->size * r->size;
  nst_status   status;

  if ((status = nst_image_init (content, r->size, r->size, err)) != NST_STATUS_OK
      || (status = nst_image_init (style_image, r->size, r->size, err)) != NST_STATUS_OK
      || (status = nst_image_init (&output, r->size, r->size, err)) != NST_STATUS_OK)
    goto out;
  bench_fill (content->data, n, 1, 0.0f, 1.0f);
  bench_fill (style_image->data, n, 2, 0.0f, 1.0f);
  p->progress = bench_on_progress;
  p->user_data = clock;

  status = nst_estimate_job (model, r->size, r->size, style, 1, p, &est, err);
  if (status != NST_STATUS_OK)
    goto out;
  r->predicted_peak = est.peak_bytes;
  r->rss_before = bench_current_rss ();
  status = nst_stylize (model, content, style, 1, p, &output, err);
  r->peak_rss = bench_peak_rss ();

out:
  nst_image_clear (&output);
  return status;
}

static gboolean
bench_iterations (const nst_model  *model,
                  const BenchArgs  *a,
                  nst_pool          pool,
                  BenchResult      *r,
                  GError          **error)
{
  nst_image    content = { 0, 0, NULL }, style_image = { 0, 0, NULL };
  nst_style    style = { &style_image, 1.0f, NULL, NULL };
  nst_params   p = bench_params (a, pool);
  nst_error    err;
  BenchClock  *clock = g_new0 (BenchClock, 1);
  double       iv[BENCH_MAX_SAMPLES];
  gboolean     ok = FALSE;
  int          i;

  memset (&err, 0, sizeof err);
  if (bench_run_job (model, &p, clock, r, &content, &style_image, &style, &err) != NST_STATUS_OK)
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED, "%s", err.message);
      goto out;
    }

  /* iteration 1 also paid for the setup: time from its end onwards */
  for (i = 1; i < clock->n; i++)
    iv[i - 1] = clock->times[i] - clock->times[i - 1];
  r->n_intervals = clock->n - 1;
  if (r->n_intervals < 1)
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                   "the optimiser stopped after %d iteration(s); nothing to time", clock->n);
      goto out;
    }
  r->seconds_per_iteration = bench_median (iv, r->n_intervals);
  /* bench_median sorted iv */
  r->min_iteration = iv[0];
  r->max_iteration = iv[r->n_intervals - 1];

  p.progress = NULL;
  if (! bench_evaluation (model, &content, &style, &p, a->iterations,
                          &r->seconds_per_evaluation, error))
    goto out;
  r->have_iterations = TRUE;
  ok = TRUE;

out:
  nst_image_clear (&content);
  nst_image_clear (&style_image);
  g_free (clock);
  return ok;
}

/* ---- (c): kernels -------------------------------------------------------- */

/* GFLOP/s of the reference SGEMM at size s, on OpenBLAS's own threads
 * (what a plain BLAS call of a conv's shape reaches on this machine), or
 * with threads 0 through nst_sgemm on this thread alone (the kernels the
 * engine chose, as each of its workers runs them). */
static double
bench_sgemm (int size,
             int runs,
             int threads)
{
  int     n = (size / 4) * (size / 4);
  float  *a = g_new (float, (size_t) SGEMM_M * SGEMM_K);
  float  *b = g_new (float, (size_t) SGEMM_K * n);
  float  *c = g_new (float, (size_t) SGEMM_M * n);
  double *t = g_new (double, runs + 1), median;
  int     i;

  bench_fill (a, (size_t) SGEMM_M * SGEMM_K, 3, -1.0f, 1.0f);
  bench_fill (b, (size_t) SGEMM_K * n, 4, -1.0f, 1.0f);
  openblas_set_num_threads (threads > 0 ? threads : 1);
  for (i = 0; i <= runs; i++)                   /* run 0 is the warm-up */
    {
      double t0 = nst_time_now ();

      /* [256, 2304] x [2304, n] -> [256, n] */
      if (threads > 0)
        cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, SGEMM_M, n, SGEMM_K,
                     1.0f, a, SGEMM_K, b, n, 0.0f, c, n);
      else
        nst_sgemm (NST_NO_TRANS, NST_NO_TRANS, SGEMM_M, n, SGEMM_K,
                   1.0f, a, SGEMM_K, b, n, 0.0f, c, n);
      t[i] = nst_time_now () - t0;
    }
  /* the engine runs OpenBLAS single-threaded inside its own workers */
  openblas_set_num_threads (1);
  median = bench_median (t + 1, runs);
  g_free (a);
  g_free (b);
  g_free (c);
  g_free (t);
  return 2.0 * SGEMM_M * SGEMM_K * (double) n / median / 1e9;
}

/* Forward (with its fused ReLU) and backward-to-input GFLOP/s of one conv
 * at h x w, through the engine's own kernels and worker pool, with the
 * weights prepared once beforehand as the optimised network has them. */
static void
bench_conv (nst_workers            *workers,
            const nst_conv_weights *cv,
            int                     h,
            int                     w,
            int                     runs,
            double                 *forward,
            double                 *backward)
{
  size_t  hw = (size_t) h * w;
  size_t  ws = nst_conv3x3_workspace_floats (cv->c_in, cv->c_out, h, w);
  float  *x = g_new (float, cv->c_in * hw), *y = g_new (float, cv->c_out * hw);
  float  *dx = g_new (float, cv->c_in * hw), *work = g_new (float, ws);
  float  *uf = g_new (float, nst_conv3x3_weights_floats (cv->c_in, cv->c_out, h, w, 0) + 1);
  float  *ub = g_new (float, nst_conv3x3_weights_floats (cv->c_in, cv->c_out, h, w, 1) + 1);
  double *tf = g_new (double, runs + 1), *tb = g_new (double, runs + 1);
  double  flop = 2.0 * cv->c_in * 9.0 * cv->c_out * (double) hw;
  int     i;

  bench_fill (x, cv->c_in * hw, 5, 0.0f, 1.0f);
  nst_conv3x3_weights (workers, cv->weight, cv->c_in, cv->c_out, h, w, 0, uf);
  nst_conv3x3_weights (workers, cv->weight, cv->c_in, cv->c_out, h, w, 1, ub);
  for (i = 0; i <= runs; i++)                   /* run 0 is the warm-up */
    {
      double t0 = nst_time_now ();

      /* y = relu (conv (x)) */
      nst_conv3x3_forward (workers, x, cv->c_in, h, w, cv->weight, cv->bias, cv->c_out, 1, uf,
                           y, work);
      tf[i] = nst_time_now () - t0;

      /* dx from dy; y stands in for dy */
      t0 = nst_time_now ();
      nst_conv3x3_backward (workers, y, NULL, cv->c_out, h, w, cv->weight, cv->c_in, ub, dx,
                            work);
      tb[i] = nst_time_now () - t0;
    }
  *forward = flop / bench_median (tf + 1, runs) / 1e9;
  *backward = flop / bench_median (tb + 1, runs) / 1e9;
  g_free (x);
  g_free (y);
  g_free (dx);
  g_free (work);
  g_free (uf);
  g_free (ub);
  g_free (tf);
  g_free (tb);
}

static gboolean
bench_convs (const nst_model  *model,
             int               runs,
             int               threads,
             BenchResult      *r,
             GError          **error)
{
  nst_workers *workers = NULL;
  nst_error    err;
  int          side = r->size, i;

  memset (&err, 0, sizeof err);
  if (nst_workers_new (threads, &workers, &err) != NST_STATUS_OK)
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED, "%s", err.message);
      return FALSE;
    }
  r->sgemm_gflops = bench_sgemm (r->size, runs, threads);
  r->engine_sgemm_gflops = bench_sgemm (r->size, runs, 0);
  for (i = 0; i < model->n_convs; i++)
    {
      r->hw[i] = side;
      bench_conv (workers, &model->conv[i], side, side, runs,
                  &r->forward_gflops[i], &r->backward_gflops[i]);
      if (nst_vgg_pool_after[i])
        side /= 2;
    }
  nst_workers_free (workers);
  r->have_convs = TRUE;
  return TRUE;
}

/* ---- output ------------------------------------------------------------- */

/* The CPU, OpenBLAS's core and the engine's kernels (gemm.c's choice),
 * with a WARNING line when OpenBLAS's core is below the CPU's level. */
static void
bench_print_kernels (void)
{
  nst_kernels_report k;

  nst_kernels_describe (&k);
  printf ("CPU: %s (%s family %d model %d)\n", k.cpu.brand, k.cpu.vendor, k.cpu.family,
          k.cpu.model);
  printf ("CPU features: %s (best level %s)\n", k.cpu_features, nst_isa_name (k.cpu_isa));
  printf ("OpenBLAS core: %s (%s kernels)\n", k.blas_core, nst_isa_name (k.blas_isa));
  printf ("engine's kernels: %s%s\n", nst_kernels_name (k.kernels),
          k.forced != NULL ? " (forced by NST_KERNELS)"
          : k.kernels == NST_KERNELS_OPENBLAS ? " (OpenBLAS's core matches the CPU)"
          : " (ours, built for the CPU's level)");
  if (k.warning[0] != '\0')
    printf ("WARNING: %s\n", k.warning);
}

static void
bench_print_header (const BenchArgs   *a,
                    const NstFeModel  *model,
                    int                threads)
{
  const char *forced = g_getenv ("OPENBLAS_CORETYPE");

  printf ("nst bench: OpenBLAS core %s, %d thread%s; model: %s; %s pooling\n",
          openblas_get_corename (), threads, threads == 1 ? "" : "s",
          model->path ? model->path : "the built-in network (full VGG-19 widths)",
          a->pool ? a->pool : "avg");
  bench_print_kernels ();
  if (forced != NULL)
    printf ("note: OPENBLAS_CORETYPE=%s forces OpenBLAS's kernels; users do not have it "
            "(run with env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)\n", forced);
}

static void
bench_print_iterations (const BenchArgs   *a,
                        const BenchResult *r)
{
  char *rss = nst_cli_format_bytes (r->peak_rss);
  char *before = nst_cli_format_bytes (r->rss_before);
  char *predicted = nst_cli_format_bytes (r->predicted_peak);

  printf ("\n== %d x %d px: L-BFGS, 1 level, content " BENCH_CONTENT_LAYERS
          ", style relu1_1..relu5_1; %d iterations after 1 warm-up\n",
          r->size, r->size, a->iterations);
  printf ("  seconds per iteration   %10.3f  (median of %d; min %.3f, max %.3f)\n",
          r->seconds_per_iteration, r->n_intervals, r->min_iteration, r->max_iteration);
  printf ("  seconds per evaluation  %10.3f  (one forward + backward; ~%.1f per iteration)\n",
          r->seconds_per_evaluation, r->seconds_per_iteration / r->seconds_per_evaluation);
  printf ("  peak RSS                %10s  (process; %s before the run)\n", rss, before);
  printf ("  predicted peak          %10s  (nst_estimate_job: the run's own heap)\n", predicted);
  g_free (rss);
  g_free (before);
  g_free (predicted);
}

static void
bench_print_convs (const BenchArgs   *a,
                   const nst_model   *model,
                   const BenchResult *r)
{
  int i;

  printf ("\n== %d x %d px: conv kernels, median of %d runs, GFLOP/s "
          "(FLOP = 2 c_in 9 c_out H W each way)\n", r->size, r->size, a->runs);
  printf ("  reference: cblas_sgemm [%d x %d] x [%d x %d]  %7.1f GFLOP/s = 100%%\n",
          SGEMM_M, SGEMM_K, SGEMM_K, (r->size / 4) * (r->size / 4), r->sgemm_gflops);
  printf ("  the same through the engine's kernels (%s), 1 thread  %7.1f GFLOP/s\n",
          nst_kernels_name (nst_kernels_in_use ()), r->engine_sgemm_gflops);
  printf ("  %-8s %5s %5s %11s %16s %17s\n",
          "layer", "c_in", "c_out", "H x W", "forward", "backward (dx)");
  for (i = 0; i < model->n_convs; i++)
    {
      char hw[32];

      g_snprintf (hw, sizeof hw, "%dx%d", r->hw[i], r->hw[i]);
      printf ("  %-8s %5d %5d %11s %8.1f (%3.0f%%) %9.1f (%3.0f%%)\n",
              nst_vgg_conv_name[i], model->conv[i].c_in, model->conv[i].c_out, hw,
              r->forward_gflops[i], 100.0 * r->forward_gflops[i] / r->sgemm_gflops,
              r->backward_gflops[i], 100.0 * r->backward_gflops[i] / r->sgemm_gflops);
    }
}

static void
bench_json_string (const char *s)
{
  putchar ('"');
  for (; *s != '\0'; s++)
    {
      if (*s == '"' || *s == '\\')
        printf ("\\%c", *s);
      else if ((unsigned char) *s < 0x20)
        printf ("\\u%04x", (unsigned char) *s);
      else
        putchar (*s);
    }
  putchar ('"');
}

/* A JSON number, or null for NaN and infinities. */
static void
bench_json_number (const char *key,
                   double      v)
{
  printf (",\"%s\":", key);
  if (isfinite (v))
    printf ("%.6g", v);
  else
    fputs ("null", stdout);
}

/* The keys of bench_print_kernels: cpu_model, cpu_features, cpu_isa,
 * blas_core_isa, kernels, kernels_forced, blas_weaker, kernels_warning. */
static void
bench_json_kernels (void)
{
  nst_kernels_report k;

  nst_kernels_describe (&k);
  printf (",\"cpu_model\":");
  bench_json_string (k.cpu.brand);
  printf (",\"cpu_features\":");
  bench_json_string (k.cpu_features);
  printf (",\"cpu_isa\":");
  bench_json_string (nst_isa_name (k.cpu_isa));
  printf (",\"blas_core_isa\":");
  bench_json_string (nst_isa_name (k.blas_isa));
  printf (",\"kernels\":");
  bench_json_string (nst_kernels_name (k.kernels));
  printf (",\"kernels_forced\":%s,\"blas_weaker\":%s,\"kernels_warning\":",
          k.forced != NULL ? "true" : "false", k.blas_weaker ? "true" : "false");
  if (k.warning[0] != '\0')
    bench_json_string (k.warning);
  else
    fputs ("null", stdout);
}

static void
bench_print_json (const BenchArgs   *a,
                  const NstFeModel  *model,
                  int                threads,
                  const BenchResult *r)
{
  const char *forced = g_getenv ("OPENBLAS_CORETYPE");
  char       *base = model->path ? g_path_get_basename (model->path) : g_strdup ("builtin");
  int         i;

  printf ("{\"impl\":\"nst\",\"size\":%d", r->size);
  if (r->have_iterations)
    {
      bench_json_number ("seconds_per_iteration", r->seconds_per_iteration);
      bench_json_number ("seconds_per_evaluation", r->seconds_per_evaluation);
      bench_json_number ("min_seconds", r->min_iteration);
      printf (",\"iterations\":%d,\"peak_rss_bytes\":%zu,\"predicted_peak_bytes\":%zu"
              ",\"rss_before_bytes\":%zu", r->n_intervals, r->peak_rss, r->predicted_peak,
              r->rss_before);
    }
  printf (",\"threads\":%d,\"blas_core\":", threads);
  bench_json_string (openblas_get_corename ());
  printf (",\"model\":");
  bench_json_string (base);
  printf (",\"pool\":");
  bench_json_string (a->pool ? a->pool : "avg");
  printf (",\"openblas_coretype_env\":");
  if (forced != NULL)
    bench_json_string (forced);
  else
    fputs ("null", stdout);
  bench_json_kernels ();
  if (r->have_convs)
    {
      bench_json_number ("sgemm_gflops", r->sgemm_gflops);
      bench_json_number ("engine_sgemm_gflops", r->engine_sgemm_gflops);
      printf (",\"layers\":[");
      for (i = 0; i < model->model->n_convs; i++)
        {
          printf ("%s{\"name\":\"%s\",\"c_in\":%d,\"c_out\":%d,\"hw\":%d",
                  i ? "," : "", nst_vgg_conv_name[i], model->model->conv[i].c_in,
                  model->model->conv[i].c_out, r->hw[i]);
          bench_json_number ("forward_gflops", r->forward_gflops[i]);
          bench_json_number ("backward_gflops", r->backward_gflops[i]);
          putchar ('}');
        }
      putchar (']');
    }
  printf ("}\n");
  g_free (base);
}

/* ---- the command -------------------------------------------------------- */

static GOptionContext *
bench_context (BenchArgs *a)
{
  const GOptionEntry entries[] =
    {
      { "size", 's', 0, G_OPTION_ARG_INT, &a->size,
        "Square image side in pixels (default: 256 and 512; 512 with --json)", "N" },
      { "iterations", 'i', 0, G_OPTION_ARG_INT, &a->iterations,
        "Timed L-BFGS iterations after one warm-up (default 5)", "K" },
      { "runs", 'r', 0, G_OPTION_ARG_INT, &a->runs,
        "Timed runs of each conv kernel (default 5)", "R" },
      { "threads", 't', 0, G_OPTION_ARG_INT, &a->threads,
        "Threads (default 0: one per CPU this process may use)", "T" },
      { "json", 'j', 0, G_OPTION_ARG_NONE, &a->json,
        "Print one JSON line (keys as tests/bench/bench-torch.py's)", NULL },
      { "model", 'm', 0, G_OPTION_ARG_FILENAME, &a->model,
        "VGG-19 weights (safetensors); default: the built-in network", "FILE" },
      { "pool", 0, 0, G_OPTION_ARG_STRING, &a->pool, "avg (default) or max", "avg|max" },
      { "no-convs", 0, 0, G_OPTION_ARG_NONE, &a->no_convs,
        "Skip the per-layer kernel rates", NULL },
      { "no-iterations", 0, 0, G_OPTION_ARG_NONE, &a->no_iterations,
        "Skip the L-BFGS job (and its memory figures)", NULL },
      { "presets", 0, 0, G_OPTION_ARG_NONE, &a->presets,
        "Run the Draft and Balanced presets on two drawn image pairs instead: seconds, "
        "evaluations and the final objective", NULL },
      { NULL, 0, 0, 0, NULL, NULL, NULL }
    };
  GOptionContext *context = g_option_context_new ("- measure speed and memory");

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Prints seconds per L-BFGS iteration and per evaluation, peak RSS beside the\n"
    "predicted peak, and each VGG-19 conv's forward and backward GFLOP/s as a share\n"
    "of a plain SGEMM.  Benchmark without this environment's forced BLAS core:\n"
    "  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE nst bench\n"
    "NST_KERNELS=auto|openblas|avx2|avx512 forces the engine's GEMM kernels.");
  return context;
}

static gboolean
bench_check_args (const BenchArgs  *a,
                  nst_pool         *pool,
                  GError          **error)
{
  int choice = 0;

  if (a->pool != NULL && ! nst_cli_parse_choice ("--pool", a->pool, nst_cli_pool_names,
                                                 &choice, error))
    return FALSE;
  *pool = (nst_pool) choice;
  if (a->size != 0 && (a->size < 16 || a->size > 8192))
    g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_USAGE,
                 "--size must be between 16 and 8192, not %d", a->size);
  else if (a->iterations < 1 || a->iterations >= BENCH_MAX_SAMPLES)
    g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_USAGE,
                 "--iterations must be between 1 and %d", BENCH_MAX_SAMPLES - 1);
  else if (a->runs < 1 || a->runs > 1000)
    g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_USAGE,
                 "--runs must be between 1 and 1000");
  else if (a->threads < 0 || a->threads > 1024)
    g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_USAGE,
                 "--threads must be between 0 (one per CPU) and 1024");
  return error == NULL || *error == NULL;
}

/* Measure and print every size; FALSE with error when the engine fails. */
static gboolean
bench_sizes (const BenchArgs    *a,
             const NstFeModel   *model,
             nst_pool            pool,
             int                 threads,
             GError            **error)
{
  int sizes[BENCH_MAX_SIZES] = { 256, 512 }, n_sizes = 2, i;

  if (a->size != 0 || a->json)
    {
      sizes[0] = a->size != 0 ? a->size : 512;
      n_sizes = 1;
    }
  if (! a->json)
    bench_print_header (a, model, threads);

  for (i = 0; i < n_sizes; i++)
    {
      BenchResult r;

      memset (&r, 0, sizeof r);
      r.size = sizes[i];
      if (! a->no_iterations)
        {
          if (! bench_iterations (model->model, a, pool, &r, error))
            return FALSE;
          if (! a->json)
            bench_print_iterations (a, &r);
          fflush (stdout);
        }
      if (! a->no_convs)
        {
          if (! bench_convs (model->model, a->runs, threads, &r, error))
            return FALSE;
          if (! a->json)
            bench_print_convs (a, model->model, &r);
        }
      if (a->json)
        bench_print_json (a, model, threads, &r);
      fflush (stdout);
    }
  return TRUE;
}

int
nst_cli_bench (int    argc,
               char **argv)
{
  BenchArgs       args = { 0, 5, 5, 0, FALSE, FALSE, FALSE, FALSE, NULL, NULL };
  GOptionContext *context;
  NstFeModel      model = { NULL, NULL };
  GError         *error = NULL;
  nst_pool        pool = NST_POOL_AVERAGE;
  int             code, threads;

  g_set_prgname ("nst " COMMAND);
  context = bench_context (&args);
  code = nst_cli_parse_options (context, COMMAND, &argc, &argv);
  if (code >= 0)
    goto out;

  code = NST_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      nst_cli_print_error (COMMAND, "unexpected argument '%s'", argv[1]);
      goto out;
    }
  if (! bench_check_args (&args, &pool, &error))
    goto out;

  code = NST_CLI_EXIT_FAILURE;
  if (! nst_cli_model_open (args.model, "--model", FALSE, &model, NULL, &error))
    goto out;

  /* the engine's count for params.threads = 0 */
  threads = args.threads > 0 ? args.threads : nst_default_threads ();

  if (args.presets)
    {
      bench_print_header (&args, &model, threads);
      if (nst_cli_bench_presets (model.model, threads, &error))
        code = NST_CLI_EXIT_OK;
    }
  else if (bench_sizes (&args, &model, pool, threads, &error))
    code = NST_CLI_EXIT_OK;

out:
  if (error != NULL)
    {
      nst_cli_print_error (COMMAND, "%s", error->message);
      code = nst_cli_exit_code (error);
    }
  g_clear_error (&error);
  nst_fe_model_close (&model);
  g_free (args.model);
  g_free (args.pool);
  g_option_context_free (context);
  return code;
}
