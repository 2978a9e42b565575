/* time-estimate.c - the predicted time of a job beside its wall time.
 *
 *   time-estimate            five jobs, a table; never fails on speed
 *   time-estimate --quick    the first job only
 *
 * Calibrates this machine afresh (nst_calibrate(), the built-in network,
 * all cores; the seconds it took are printed), then runs five jobs on
 * generated images with nst_stylize(): 256 px in one level, 512 px
 * coarse-to-fine (3 levels from 256 px), 1024 x 768 px in one level,
 * and the Draft and Balanced presets on a 768 x 512 picture, and prints
 * for each the seconds nst_calibration_job_seconds() predicts from
 * nst_estimate_job()'s plan, the measured wall time and the error.
 * "plan evals" is what the plan expects, "run evals" what the optimiser
 * did; "pred@run" is the prediction with the run's own count, so the
 * error of the speed model and that of the plan can be told apart.  The
 * load average is printed before and after: wall times mean little on a
 * busy machine.  "cores" is the process's CPU time over its wall time
 * (2 on an idle 2-core machine); "adj %" is the error of the prediction
 * scaled by the calibration's cores over the job's, i.e. what is left
 * of it when the job got the same share of the machine as the
 * calibration did: the model's own error.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct
{
  const char *name;
  int         width, height, levels, iterations;
  int         quality;   /* a preset (nst_quality), or -1: levels and iterations */
} bench_job;

/* Three short jobs that exercise the speed model's range, then the
 * dialog's Draft and Balanced presets as a user runs them on a 3:2 photo
 * (their own schedule: the per-level caps and the early stop). */
static const bench_job jobs[] = {
  { "256 px, 1 level",        256, 256, 1, 30, -1 },
  { "512 px, coarse-to-fine", 512, 512, 0, 20, -1 },
  { "1024 x 768 px, 1 level", 1024, 768, 1, 5, -1 },
  { "Draft, 768 x 512 photo", 768, 512, 0, 0, NST_QUALITY_DRAFT },
  { "Balanced, 768 x 512",    768, 512, 0, 0, NST_QUALITY_BALANCED },
};
#define N_JOBS ((int) (sizeof jobs / sizeof jobs[0]))

static double
clock_seconds (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double now (void)     { return clock_seconds (CLOCK_MONOTONIC); }
static double cpu_now (void) { return clock_seconds (CLOCK_PROCESS_CPUTIME_ID); }

static void
print_load (const char *when)
{
  FILE  *f = fopen ("/proc/loadavg", "r");
  double l1 = 0.0, l5 = 0.0;

  if (f != NULL && fscanf (f, "%lf %lf", &l1, &l5) == 2)
    printf ("load average %s: %.2f (1 min), %.2f (5 min)\n", when, l1, l5);
  if (f != NULL)
    fclose (f);
}

/* A deterministic picture: waves and a checkerboard. */
static void
fill (nst_image *image, unsigned seed)
{
  int x, y, c;

  for (y = 0; y < image->height; y++)
    for (x = 0; x < image->width; x++)
      for (c = 0; c < 3; c++)
        {
          seed = seed * 1664525u + 1013904223u;
          image->data[((size_t) y * image->width + x) * 3 + c] =
            0.4f + 0.2f * (((x / 24 + y / 24 + c) & 1) ? 1.0f : -1.0f)
            + 0.2f * (float) (seed >> 8) / 16777216.0f;
        }
}

static int
count_evaluations (const nst_progress *progress, void *user_data)
{
  *(int *) user_data = progress->evaluations;
  return 1;
}

/* One job: predict, run, print a row. */
static void
bench_one (const nst_model *model, const nst_calibration *cal, double cal_cores,
           const bench_job *job)
{
  nst_image    content = { 0 }, style_image = { 0 }, output = { 0 };
  nst_style    style = { &style_image, 1.0f, NULL, NULL };
  nst_params   p = job->quality >= 0 ? nst_params_for_quality ((nst_quality) job->quality)
                                     : nst_params_default ();
  nst_estimate est, at_run;
  nst_error    err = { NST_STATUS_OK, "" };
  double       predicted, at_run_seconds, t0, c0, wall, cores, plan_evals = 0.0;
  int          evaluations = 0, i;

  if (nst_image_init (&content, job->width, job->height, &err) != NST_STATUS_OK
      || nst_image_init (&style_image, 384, 384, &err) != NST_STATUS_OK
      || nst_image_init (&output, job->width, job->height, &err) != NST_STATUS_OK)
    goto out;
  fill (&content, 1);
  fill (&style_image, 2);
  if (job->quality < 0)
    {
      p.levels = job->levels;
      p.iterations = job->iterations;
    }
  p.progress = count_evaluations;
  p.user_data = &evaluations;
  if (nst_estimate_job (model, job->width, job->height, &style, 1, &p, &est, &err)
      != NST_STATUS_OK)
    goto out;
  predicted = nst_calibration_job_seconds (cal, &est);
  for (i = 0; i < est.n_levels; i++)
    plan_evals += est.level_evaluations[i];

  t0 = now ();
  c0 = cpu_now ();
  if (nst_stylize (model, &content, &style, 1, &p, &output, &err) != NST_STATUS_OK)
    goto out;
  wall = now () - t0;
  cores = (cpu_now () - c0) / wall;

  /* the same model with the run's evaluations spread as the plan's */
  at_run = est;
  for (i = 0; i < est.n_levels; i++)
    at_run.level_evaluations[i] *= evaluations / plan_evals;
  at_run_seconds = nst_calibration_job_seconds (cal, &at_run);
  printf ("%-24s %2d %5.0f %5d %9.1f %9.1f %9.1f %+8.1f %+8.1f %5.2f %+7.1f\n", job->name,
          est.n_levels, plan_evals, evaluations, predicted, at_run_seconds, wall,
          100.0 * (predicted - wall) / wall, 100.0 * (at_run_seconds - wall) / wall, cores,
          100.0 * (predicted * cal_cores / cores - wall) / wall);
  fflush (stdout);

out:
  if (err.status != NST_STATUS_OK)
    printf ("%-26s failed: %s\n", job->name, err.message);
  nst_image_clear (&content);
  nst_image_clear (&style_image);
  nst_image_clear (&output);
}

int
main (int argc, char **argv)
{
  nst_model      *model = NULL;
  nst_calibration cal;
  nst_error       err;
  double          t0, c0, cal_cores;
  int             n = argc > 1 && strcmp (argv[1], "--quick") == 0 ? 1 : N_JOBS, i, k;

  print_load ("before");
  if (nst_model_new_builtin (&model, &err) != NST_STATUS_OK)
    {
      printf ("built-in network: %s\n", err.message);
      return 0;
    }
  t0 = now ();
  c0 = cpu_now ();
  if (nst_calibrate (model, 0, NULL, NULL, &cal, &err) != NST_STATUS_OK)
    {
      printf ("calibration: %s\n", err.message);
      nst_model_free (model);
      return 0;
    }
  cal_cores = (cpu_now () - c0) / (now () - t0);
  printf ("calibration: %.1f s (version %d), %.2f cores\n", now () - t0, cal.version, cal_cores);
  for (k = 0; k < cal.n_points; k++)
    printf ("  %6.0f px: %.3f s per evaluation, %.3f s set-up\n", cal.pixels[k],
            cal.evaluation_seconds[k], cal.setup_seconds[k]);

  printf ("\n%-24s %2s %5s %5s %9s %9s %9s %8s %8s %5s %7s\n", "job", "L", "plan", "run",
          "predicted", "pred@run", "measured", "error %", "@run %", "cores", "adj %");
  printf ("%-24s %2s %5s %5s %9s %9s %9s\n", "", "", "evals", "evals", "s", "s", "s");
  for (i = 0; i < n; i++)
    bench_one (model, &cal, cal_cores, &jobs[i]);
  print_load ("after");
  nst_model_free (model);
  return 0;
}
