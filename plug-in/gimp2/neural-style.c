/* neural-style.c - GIMP 2.10 plug-in: Filters > Artistic > Neural Style Transfer.
 *
 * The thin libgimp-2.0 adapter over libnst: it declares the procedure,
 * gathers the parameters for the run mode (dialog, arguments or last
 * values) and hands the work to the shared run sequence (nst-plug-run.h)
 * through its host table (gimp2-host.c).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <libgimp/gimp.h>

#include "gimp2-args.h"
#include "gimp2-host.h"
#include "gimp-session.h"
#include "nst-plug-dialog.h"
#include "nst-fe-error.h"
#include "nst-fe-intl.h"
#include "nst-fe-params.h"
#include "nst-plug-run.h"
#include "nst-fe-stored.h"

#ifndef NST_LOCALEDIR
#error "NST_LOCALEDIR (where the translations are installed) must be set by the build"
#endif

#define PLUG_IN_PROC "plug-in-neural-style"

static void query (void);
static void run   (const gchar      *name,
                   gint              n_params,
                   const GimpParam  *param,
                   gint             *n_return_vals,
                   GimpParam       **return_vals);

/* The one global GIMP requires. */
const GimpPlugInInfo PLUG_IN_INFO =
{
  NULL,   /* init  */
  NULL,   /* quit  */
  query,
  run,
};

MAIN ()

/* The translations: locale/ in the plug-in's own folder (NST_LOCALEDIR
 * when GIMP gave no absolute path).  Returns that folder, to free. */
static gchar *
setup_i18n (void)
{
  gchar *locale_dir = nst_fe_intl_locale_dir (gimp_get_progname (), NST_LOCALEDIR);

  nst_fe_intl_bind (locale_dir);
  return locale_dir;
}

static void
query (void)
{
  gint          n_args;
  GimpParamDef *args;
  gchar        *locale_dir = setup_i18n ();

  args = nst_gimp2_args_new (&n_args);

  gimp_plugin_domain_register (GETTEXT_PACKAGE, locale_dir);
  g_free (locale_dir);
  gimp_install_procedure (PLUG_IN_PROC,
                          N_("Paint the layer in the style of another image"),
                          N_("Neural style transfer (Gatys et al.): the drawable is "
                             "optimised so that a VGG-19 network sees the content of "
                             "the drawable and the textures and colours of the style "
                             "drawable.  Works within the selection.  Without the "
                             "VGG-19 weights file a built-in network is used."),
                          "The NST for GIMP authors",
                          "GPL-3.0-or-later",
                          "2026",
                          N_("_Neural Style Transfer..."),
                          "RGB*, GRAY*",
                          GIMP_PLUGIN,
                          n_args, 0,
                          args, NULL);
  gimp_plugin_menu_register (PLUG_IN_PROC, "<Image>/Filters/Artistic");

  nst_gimp2_args_free (args, n_args);
}

/* The last values, when a valid blob of a known version is stored
 * (nst-fe-stored.h); else `params` stays as it is. */
static void
load_last_values (NstFeParams *params)
{
  gint    size = gimp_get_data_size (PLUG_IN_PROC);
  guint8 *data;

  if (size <= 0)
    return;
  data = g_malloc (size);
  gimp_get_data (PLUG_IN_PROC, data);
  nst_fe_stored_read (data, size, params);
  g_free (data);
}

static void
save_last_values (const NstFeParams *params)
{
  gsize  length;
  gchar *data = nst_fe_stored_write (params, &length);

  gimp_set_data (PLUG_IN_PROC, data, length);
  g_free (data);
}

static gboolean
get_params (GimpRunMode      run_mode,
            gint32           drawable,
            const GimpParam *param,
            gint             n_params,
            NstFeParams     *params,
            GError         **error)
{
  nst_fe_params_init_defaults (params);

  switch (run_mode)
    {
    case GIMP_RUN_INTERACTIVE:
      load_last_values (params);
      return nst_plug_dialog_run (nst_gimp2_host (), drawable, params, error);
    case GIMP_RUN_NONINTERACTIVE:
      return nst_gimp2_args_decode (param, n_params, params, error);
    case GIMP_RUN_WITH_LAST_VALS:
      load_last_values (params);
      return TRUE;
    }

  g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT,
               _("Argument 'run-mode' is %d, which is not a run mode."), run_mode);
  return FALSE;
}

static void
run (const gchar      *name,
     gint              n_params,
     const GimpParam  *param,
     gint             *n_return_vals,
     GimpParam       **return_vals)
{
  /* GIMP 2.10 reads the return values after run() returns. */
  static GimpParam values[2];
  GimpRunMode      run_mode = param[0].data.d_int32;
  gint32           image = param[1].data.d_image;
  gint32           drawable = param[2].data.d_drawable;
  gboolean         interactive = run_mode != GIMP_RUN_NONINTERACTIVE;
  NstFeParams      params;
  GError          *error = NULL;

  (void) name;
  g_free (setup_i18n ());
  gegl_init (NULL, NULL);

  if (get_params (run_mode, drawable, param, n_params, &params, &error) &&
      nst_plug_run (nst_gimp2_host (), image, drawable, &params,
                    interactive, &error))
    {
      if (run_mode == GIMP_RUN_INTERACTIVE)
        save_last_values (&params);
      if (interactive)
        gimp_displays_flush ();
    }

  *n_return_vals = 1;
  *return_vals = values;
  values[0].type = GIMP_PDB_STATUS;
  values[0].data.d_status = nst_gimp_status_for (error);

  if (error != NULL && values[0].data.d_status != GIMP_PDB_CANCEL)
    {
      /* The 2.10 convention: an error string after the status.  It must
       * outlive run(), and the process ends soon after: keep it. */
      *n_return_vals = 2;
      values[1].type = GIMP_PDB_STRING;
      values[1].data.d_string = g_strdup (error->message);
    }
  g_clear_error (&error);
}
