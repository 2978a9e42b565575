/* test-time-model.c - a plan in seconds with a calibration, against
 * values computed by hand, and nst_calibrate() itself on a tiny model. */
#include "test-util.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TOL 1e-9

/* Evaluations: 1.5, 2.5, 3.5, 4.5 s at 100, 200, 300, 400 px, the line
 * 0.5 + 0.01 px; set-up: 0.2, 0.3, 0.4, 0.5 s, the line 0.1 + 0.001 px. */
static nst_calibration
hand_calibration (void)
{
  nst_calibration c = { NST_CALIBRATION_VERSION, 2, NST_CALIBRATION_POINTS,
                        { 100.0, 200.0, 300.0, 400.0 }, { 1.5, 2.5, 3.5, 4.5 },
                        { 0.2, 0.3, 0.4, 0.5 }, 1.0 };
  return c;
}

/* Two levels: 10 x 10 px expecting 50 evaluations, 20 x 50 px 30. */
static nst_estimate
hand_plan (void)
{
  nst_estimate e;

  memset (&e, 0, sizeof e);
  e.n_levels = 2;
  e.level_width[0] = 10;
  e.level_height[0] = 10;
  e.level_iterations[0] = 40;
  e.level_evaluations[0] = 50.0;
  e.level_width[1] = 20;
  e.level_height[1] = 50;
  e.level_iterations[1] = 40;
  e.level_evaluations[1] = 30.0;
  return e;
}

static void
test_lines (void)
{
  nst_calibration c = hand_calibration (), flat, convex, none;
  double          v;

  v = nst_calibration_evaluation_seconds (&c, 1000.0);
  CHECK (fabs (v - 10.5) < TOL, "evaluation at 1000 px: %g s, expected 0.5 + 0.01 * 1000 = 10.5", v);
  v = nst_calibration_evaluation_seconds (&c, 50.0);
  CHECK (fabs (v - 1.0) < TOL, "evaluation at 50 px: %g s, expected 1.0", v);
  v = nst_calibration_setup_seconds (&c, 1000.0);
  CHECK (fabs (v - 1.1) < TOL, "set-up at 1000 px: %g s, expected 1.1", v);

  /* 0.5, 1.5, 2.5, 3.5: the line -0.5 + 0.01 px would make 20 px cost
   * -0.3 s; it is held at the smallest time per pixel, 0.005 s. */
  flat = c;
  flat.evaluation_seconds[0] = 0.5;
  flat.evaluation_seconds[1] = 1.5;
  flat.evaluation_seconds[2] = 2.5;
  flat.evaluation_seconds[3] = 3.5;
  v = nst_calibration_evaluation_seconds (&flat, 20.0);
  CHECK (fabs (v - 0.1) < TOL, "negative intercept at 20 px: %g s, expected 0.1", v);
  v = nst_calibration_evaluation_seconds (&flat, 1000.0);
  CHECK (fabs (v - 9.5) < TOL, "negative intercept at 1000 px: %g s, expected 9.5", v);

  /* Time per pixel growing at the large end (1, 2, 3, 5 s): between the
   * points straight lines; beyond, the last segment's slope 0.02, steeper
   * than the least-squares 0.013. */
  convex = c;
  convex.evaluation_seconds[0] = 1.0;
  convex.evaluation_seconds[1] = 2.0;
  convex.evaluation_seconds[2] = 3.0;
  convex.evaluation_seconds[3] = 5.0;
  v = nst_calibration_evaluation_seconds (&convex, 350.0);
  CHECK (fabs (v - 4.0) < TOL, "between points at 350 px: %g s, expected 4", v);
  v = nst_calibration_evaluation_seconds (&convex, 1000.0);
  CHECK (fabs (v - 17.0) < TOL, "beyond, the last segment at 1000 px: %g s, expected 17", v);

  /* A last segment flattened by noise (1, 2, 3, 3.1 s): beyond it the
   * least-squares slope of all four, 0.0073. */
  convex.evaluation_seconds[3] = 3.1;
  v = nst_calibration_evaluation_seconds (&convex, 1000.0);
  CHECK (fabs (v - (3.1 + 0.0073 * 600.0)) < TOL,
         "beyond a flat last segment at 1000 px: %g s, expected %g", v, 3.1 + 0.0073 * 600.0);

  memset (&none, 0, sizeof none);
  CHECK (nst_calibration_evaluation_seconds (&none, 100.0) < 0.0
         && nst_calibration_job_seconds (&none, NULL) < 0.0,
         "no calibration: no time");
}

static void
test_plan (void)
{
  nst_calibration c = hand_calibration ();
  nst_estimate    e = hand_plan ();
  nst_progress    p;
  double          v;

  /* (0.2 + 50 * 1.5) + (1.1 + 30 * 10.5) */
  v = nst_calibration_job_seconds (&c, &e);
  CHECK (fabs (v - 391.3) < 1e-6, "whole job: %g s, expected 391.3", v);

  memset (&p, 0, sizeof p);
  p.level = 1;
  p.n_levels = 2;
  p.iteration = 10;
  p.n_iterations = 40;
  /* 30/40 of 50 * 1.5 at level 1, then all of level 2 */
  v = nst_calibration_remaining_seconds (&c, &e, &p);
  CHECK (fabs (v - (56.25 + 316.1)) < 1e-6, "left at level 1, iteration 10/40: %g s, expected 372.35", v);

  /* level 1 stopped early: level 2 by its plan alone */
  p.level = 2;
  p.iteration = 1;
  v = nst_calibration_remaining_seconds (&c, &e, &p);
  CHECK (fabs (v - 39.0 / 40.0 * 315.0) < 1e-6, "left at level 2, iteration 1/40: %g s, expected %g",
         v, 39.0 / 40.0 * 315.0);
  p.iteration = 40;
  v = nst_calibration_remaining_seconds (&c, &e, &p);
  CHECK (fabs (v) < TOL, "left at the last iteration: %g s", v);
}

static int
stop_at_once (void *user_data)
{
  (void) user_data;
  return 0;
}

static void
test_calibrate (void)
{
  nst_model      *m = test_model_new (NULL, 7);
  nst_calibration c;
  nst_error       err;
  nst_status      status;
  int             i, sane = 1;

  status = nst_calibrate (m, 1, NULL, NULL, &c, &err);
  CHECK (status == NST_STATUS_OK && c.n_points == NST_CALIBRATION_POINTS
         && c.version == NST_CALIBRATION_VERSION && c.threads == 1,
         "nst_calibrate on a tiny model: %s", err.message);
  for (i = 0; i < c.n_points; i++)
    sane &= c.evaluation_seconds[i] > 0.0 && c.setup_seconds[i] > 0.0
            && (i == 0 || c.pixels[i] > c.pixels[i - 1]);
  CHECK (sane, "every point measured, sizes ascending");
  CHECK (c.cpu_share > 0.0, "the CPU share is measured: %.2f", c.cpu_share);
  status = nst_calibrate (m, 1, stop_at_once, NULL, &c, &err);
  CHECK (status == NST_STATUS_ABORTED && c.n_points == 0, "a stopped calibration is none");
  status = nst_calibrate (NULL, 1, NULL, NULL, &c, &err);
  CHECK (status == NST_STATUS_INVALID_ARGUMENT, "no model: an error");
  nst_model_free (m);
}

/* A calibration measured while other processes take the cores says so:
 * its CPU share is below NST_CALIBRATION_QUIET, so front ends do not keep
 * it.  Twice as many spinning processes as cores leave the one worker
 * about a third of a core whatever else runs. */
static void
test_calibrate_busy (void)
{
  nst_model      *m = test_model_new (NULL, 7);
  nst_calibration c;
  nst_error       err;
  long            cores = sysconf (_SC_NPROCESSORS_ONLN);
  pid_t           spinners[64];
  int             n = 0, i;

  for (i = 0; i < 2 * cores && n < 64; i++)
    {
      pid_t pid = fork ();

      if (pid == 0)
        for (;;)
          ;
      if (pid > 0)
        spinners[n++] = pid;
    }
  nst_calibrate (m, 1, NULL, NULL, &c, &err);
  for (i = 0; i < n; i++)
    {
      kill (spinners[i], SIGKILL);
      waitpid (spinners[i], NULL, 0);
    }
  CHECK (n > 0 && c.n_points == NST_CALIBRATION_POINTS && c.cpu_share < NST_CALIBRATION_QUIET,
         "beside %d spinning processes the CPU share is %.2f, below %.2f", n, c.cpu_share,
         NST_CALIBRATION_QUIET);
  nst_model_free (m);
}

int
main (void)
{
  test_lines ();
  test_plan ();
  test_calibrate ();
  test_calibrate_busy ();
  return check_finish ("time-model");
}
