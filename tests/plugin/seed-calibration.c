/* seed-calibration.c - keep a calibration of the built-in network, with
 * the default thread count, in the user's cache folder ($XDG_CACHE_HOME),
 * as the dialog would after measuring this machine.  A dialog test that
 * is about something else seeds it, so that the plug-in does not spend
 * seconds and a few hundred MB on measuring first.  The numbers are a
 * plausible machine's, not this one's: only estimates read them.
 *
 *   nst-seed-calibration [SLOWER]
 *
 * SLOWER multiplies every time (default 1): the CLI's eta case keeps a
 * machine far slower than any, so that its estimate shows.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later. */
#include <stdio.h>
#include <stdlib.h>

#include "nst-fe-calibration.h"

int
main (int    argc,
      char **argv)
{
  nst_calibration c = { NST_CALIBRATION_VERSION, 0, NST_CALIBRATION_POINTS,
                        { 128.0 * 128, 181.0 * 181, 256.0 * 256, 362.0 * 362 },
                        { 0.05, 0.09, 0.2, 0.45 }, { 0.02, 0.04, 0.08, 0.18 }, 1.0 };
  nst_model      *model = NULL;
  nst_error       err;
  GError         *error = NULL;
  gchar          *key;
  gboolean        ok;
  double          slower = argc > 1 ? atof (argv[1]) : 1.0;
  int             i;

  if (! (slower > 0.0))
    {
      fprintf (stderr, "seed-calibration: SLOWER must be a positive number, not '%s'\n", argv[1]);
      return 2;
    }
  for (i = 0; i < NST_CALIBRATION_POINTS; i++)
    {
      c.evaluation_seconds[i] *= slower;
      c.setup_seconds[i] *= slower;
    }
  if (nst_model_new_builtin (&model, &err) != NST_STATUS_OK)
    {
      fprintf (stderr, "seed-calibration: %s\n", err.message);
      return 1;
    }
  key = nst_fe_calibration_key (model, 0);
  ok = nst_fe_calibration_save (NULL, key, &c, &error);
  if (! ok)
    fprintf (stderr, "seed-calibration: %s\n", error->message);
  g_clear_error (&error);
  g_free (key);
  nst_model_free (model);
  return ok ? 0 : 1;
}
