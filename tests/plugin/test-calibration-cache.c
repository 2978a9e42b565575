/* test-calibration-cache.c - the kept calibration (nst-fe-calibration.c)
 * and the time left in GIMP's progress text (nst-fe-eta.c,
 * nst_fe_progress_text()).  No GIMP: the front end alone, a
 * temporary folder for the files.  TAP-like "ok"/"FAILED" lines. */
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nst-fe-calibration.h"
#include "nst-fe-eta.h"
#include "nst-fe-job.h"
#include "test-util.h"

static nst_calibration
sample (void)
{
  nst_calibration c = { NST_CALIBRATION_VERSION, 2, NST_CALIBRATION_POINTS,
                        { 16384.0, 32768.0, 65536.0, 131072.0 }, { 0.125, 0.25, 0.5, 1.0 },
                        { 0.05, 0.1, 0.2, 0.4 }, 0.875 };
  return c;
}

/* Replace the file's text, as a crash or another version would leave it. */
static void
write_text (const gchar *dir,
            const gchar *key,
            const gchar *text)
{
  gchar *path = nst_fe_calibration_path (dir, key);

  g_file_set_contents (path, text, -1, NULL);
  g_free (path);
}

static gchar *
read_text (const gchar *dir,
           const gchar *key)
{
  gchar *path = nst_fe_calibration_path (dir, key), *text = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  g_free (path);
  return text;
}

static void
test_cache (const gchar *dir)
{
  nst_calibration c = sample (), back;
  GError         *error = NULL;
  const gchar    *key = "cpu=Test CPU;threads=2;widths=8,8";
  gchar          *text, *edited;

  CHECK (! nst_fe_calibration_load (dir, key, &back) && back.n_points == 0,
         "a missing file is no calibration");
  CHECK (nst_fe_calibration_save (dir, key, &c, &error), "saved (%s)",
         error ? error->message : "no error");
  g_clear_error (&error);
  CHECK (nst_fe_calibration_load (dir, key, &back) && back.n_points == c.n_points
         && memcmp (back.pixels, c.pixels, sizeof c.pixels) == 0
         && memcmp (back.evaluation_seconds, c.evaluation_seconds, sizeof c.pixels) == 0
         && memcmp (back.setup_seconds, c.setup_seconds, sizeof c.pixels) == 0
         && back.threads == 2 && back.version == NST_CALIBRATION_VERSION
         && back.cpu_share == c.cpu_share,
         "read back exactly");
  CHECK (nst_fe_calibration_keep (&c), "a calibration measured with the cores is kept");
  back = c;
  back.cpu_share = NST_CALIBRATION_QUIET / 2.0;
  CHECK (! nst_fe_calibration_keep (&back),
         "one measured while other work took the cores is not kept");
  CHECK (! nst_fe_calibration_load (dir, "cpu=Other CPU;threads=2;widths=8,8", &back),
         "another key finds nothing");

  text = read_text (dir, key);
  edited = g_strdup (text);
  strstr (edited, "version=")[8] = '0';
  write_text (dir, key, edited);
  CHECK (! nst_fe_calibration_load (dir, key, &back) && back.n_points == 0,
         "an old version is ignored");
  g_free (edited);

  edited = g_strdup (text);
  strstr (edited, "Test CPU")[0] = 'B';
  write_text (dir, key, edited);
  CHECK (! nst_fe_calibration_load (dir, key, &back), "a foreign key inside is ignored");
  g_free (edited);

  write_text (dir, key, "[calibration\nkey=\x01\xff garbage");
  CHECK (! nst_fe_calibration_load (dir, key, &back), "a corrupt file is ignored");
  edited = g_strdup (text);
  *strstr (edited, "evaluation-seconds=") = '#';
  write_text (dir, key, edited);
  CHECK (! nst_fe_calibration_load (dir, key, &back), "a file without a list is ignored");
  g_free (edited);
  edited = g_strdup (text);
  strstr (edited, "pixels=")[7] = '-';
  write_text (dir, key, edited);
  CHECK (! nst_fe_calibration_load (dir, key, &back), "a negative size is ignored");
  g_free (edited);

  CHECK (nst_fe_calibration_save (dir, key, &c, NULL)
         && nst_fe_calibration_load (dir, key, &back), "saved again over a bad file");
  g_free (text);
}

static void
test_key (void)
{
  nst_model *model = NULL;
  nst_error  err;
  gchar     *key, *other;

  if (nst_model_new_builtin (&model, &err) != NST_STATUS_OK)
    {
      CHECK (FALSE, "built-in network: %s", err.message);
      return;
    }
  g_setenv ("NST_KERNELS", "a", TRUE);
  key = nst_fe_calibration_key (model, 3);
  CHECK (strstr (key, "cpu=") != NULL && strstr (key, "threads=3;") != NULL
         && strstr (key, "NST_KERNELS=a;") != NULL
         && strstr (key, "widths=64,64,128,128,256,") != NULL,
         "the key names the CPU, threads, kernels and widths: %s", key);
  g_setenv ("NST_KERNELS", "b", TRUE);
  other = nst_fe_calibration_key (model, 3);
  CHECK (g_strcmp0 (key, other) != 0, "other kernels, another key");
  g_unsetenv ("NST_KERNELS");
  g_free (other);
  g_free (key);
  nst_model_free (model);
}

static nst_progress
at (gint    level,
    gint    iteration,
    gint    evaluations,
    gdouble elapsed)
{
  nst_progress p;

  memset (&p, 0, sizeof p);
  p.level = level;
  p.n_levels = 2;
  p.iteration = iteration;
  p.n_iterations = 100;
  p.evaluations = evaluations;
  p.elapsed_seconds = elapsed;
  return p;
}

static void
test_progress_text (void)
{
  nst_progress p = at (2, 140, 300, 1.0);
  gchar       *text;

  p.n_levels = 3;
  text = nst_fe_progress_text (&p, 40.0);
  CHECK (g_strcmp0 (text, "Neural style: level 2/3, about 40 s left") == 0, "%s", text);
  g_free (text);
  text = nst_fe_progress_text (&p, 185.0);
  CHECK (g_strcmp0 (text, "Neural style: level 2/3, about 3 min left") == 0, "%s", text);
  g_free (text);
  text = nst_fe_progress_text (&p, 7190.0);
  CHECK (g_strcmp0 (text, "Neural style: level 2/3, about 2 h 0 min left") == 0, "%s", text);
  g_free (text);
  text = nst_fe_progress_text (&p, -1.0);
  CHECK (g_strcmp0 (text, "Neural style: level 2/3, iteration 140/100") == 0,
         "unknown time: %s", text);
  g_free (text);
}

/* Two levels of 100 iterations, 120 evaluations each, at 16384 and 65536
 * px: 0.125 and 0.5 s an evaluation, 0.05 and 0.2 s set-up. */
static void
test_eta (void)
{
  nst_calibration c = sample ();
  nst_estimate    e;
  NstFeEta        eta;
  nst_progress    p;
  gdouble         left, slow;

  memset (&e, 0, sizeof e);
  e.n_levels = 2;
  e.level_width[0] = e.level_height[0] = 128;
  e.level_width[1] = e.level_height[1] = 256;
  e.level_evaluations[0] = e.level_evaluations[1] = 120.0;
  e.level_iterations[0] = e.level_iterations[1] = 100;

  /* on time: 60 evaluations at level 1 took 0.05 + 60 * 0.125 s */
  nst_fe_eta_init (&eta, &c, &e);
  p = at (1, 50, 60, 0.05 + 7.5);
  left = nst_fe_eta_update (&eta, &p);
  CHECK (fabs (left - (7.5 + 0.2 + 60.0)) < 1e-9, "on time at level 1, 50/100: %.3f s left", left);

  /* twice as slow: the pace counts 7.55 / (7.55 + 15) of the way */
  nst_fe_eta_init (&eta, &c, &e);
  p = at (1, 50, 60, 2.0 * 7.55);
  slow = nst_fe_eta_update (&eta, &p);
  CHECK (fabs (slow - 67.7 * (1.0 + 7.55 / 22.55)) < 1e-9,
         "twice as slow: %.3f s left, between the plan and twice it", slow);

  /* level 1 stopped early after 20 iterations: level 2 by its plan */
  nst_fe_eta_init (&eta, &c, &e);
  p = at (1, 20, 24, 0.05 + 3.0);
  nst_fe_eta_update (&eta, &p);
  p = at (2, 1, 26, 0.05 + 3.0 + 0.2 + 1.0);
  left = nst_fe_eta_update (&eta, &p);
  CHECK (fabs (left - 0.99 * 60.0) < 1e-9, "after an early stop: %.3f s left, expected 59.4", left);

  /* no calibration: the run's own pace, 0.5 s per 16384 px evaluation */
  nst_fe_eta_init (&eta, NULL, &e);
  p = at (1, 50, 60, 30.0);
  left = nst_fe_eta_update (&eta, &p);
  CHECK (fabs (left - (30.0 + 120.0 * 4.0 * 0.5)) < 1e-6,
         "without a calibration: %.3f s left, expected 270", left);
}

int
main (void)
{
  gchar *dir = g_dir_make_tmp ("nst-calibration-XXXXXX", NULL);
  gchar *cmd;

  setlocale (LC_ALL, "C");
  test_cache (dir);
  test_key ();
  test_progress_text ();
  test_eta ();

  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  if (system (cmd) != 0)
    g_printerr ("could not remove %s\n", dir);
  g_free (cmd);
  g_free (dir);
  return check_finish ("calibration-cache");
}
