/* neural-style.c - GIMP 3 plug-in: Filters > Artistic > Neural Style Transfer.
 *
 * The thin libgimp-3.0 adapter over libnst: a GimpPlugIn subclass that
 * declares plug-in-neural-style with the same arguments and defaults as
 * the GIMP 2.10 procedure (from the front end's table; GIMP 3's own
 * argument types where 2.10 has ints and ids), reads them from
 * the GimpProcedureConfig (GIMP fills it with the last values and stores
 * them again after a successful run) and hands the work to
 * the shared run sequence (nst-plug-run.h) through its host table
 * (gimp3-host.c).  Translations are found the GIMP 3 way: GimpPlugIn's
 * default set_i18n() binds the domain named after the plug-in
 * ("neural-style") to the locale/ folder beside the binary.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <libgimp/gimp.h>

#include "gimp3-args.h"
#include "gimp3-host.h"
#include "gimp-session.h"
#include "nst-plug-dialog.h"
#include "nst-fe-error.h"
#include "nst-fe-intl.h"
#include "nst-plug-run.h"

#define PLUG_IN_PROC "plug-in-neural-style"

#define NST_TYPE_PLUG_IN (nst_plug_in_get_type ())
G_DECLARE_FINAL_TYPE (NstPlugIn, nst_plug_in, NST, PLUG_IN, GimpPlugIn)

struct _NstPlugIn
{
  GimpPlugIn parent_instance;
};

G_DEFINE_TYPE (NstPlugIn, nst_plug_in, GIMP_TYPE_PLUG_IN)

GIMP_MAIN (NST_TYPE_PLUG_IN)

/* The parameters for this run: the dialog edits the config's values in
 * interactive mode; otherwise they are used as they are. */
static gboolean
get_params (GimpRunMode          run_mode,
            GimpDrawable        *drawable,
            GimpProcedureConfig *config,
            NstFeParams         *params,
            GError             **error)
{
  /* GIMP 3 keeps a run's values for the next one (Filters > Repeat, the
   * dialog's start), but not its items: those come from the ids the last
   * run kept, unless given. */
  if (! nst_gimp3_args_read (config, run_mode != GIMP_RUN_NONINTERACTIVE, params, error))
    return FALSE;

  if (run_mode != GIMP_RUN_INTERACTIVE)
    return TRUE;

  return nst_plug_dialog_run (nst_gimp3_host (),
                              gimp_item_get_id (GIMP_ITEM (drawable)), params, error);
}

static GimpValueArray *
nst_run (GimpProcedure        *procedure,
         GimpRunMode           run_mode,
         GimpImage            *image,
         GimpDrawable        **drawables,
         GimpProcedureConfig  *config,
         gpointer              run_data)
{
  gboolean       interactive = run_mode != GIMP_RUN_NONINTERACTIVE;
  NstFeParams    params;
  GError        *error = NULL;

  (void) run_data;

  if (drawables == NULL || drawables[0] == NULL || drawables[1] != NULL)
    g_set_error (&error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT,
                 _("Procedure '%s' works with one drawable."), PLUG_IN_PROC);
  else if (get_params (run_mode, drawables[0], config, &params, &error) &&
           nst_plug_run (nst_gimp3_host (), gimp_image_get_id (image),
                         gimp_item_get_id (GIMP_ITEM (drawables[0])), &params,
                         interactive, &error) &&
           interactive)
    gimp_displays_flush ();

  if (error == NULL)
    nst_gimp3_args_write (config, &params);

  return gimp_procedure_new_return_values (procedure, nst_gimp_status_for (error), error);
}

static GList *
nst_query_procedures (GimpPlugIn *plug_in)
{
  (void) plug_in;
  return g_list_append (NULL, g_strdup (PLUG_IN_PROC));
}

static GimpProcedure *
nst_create_procedure (GimpPlugIn  *plug_in,
                      const gchar *name)
{
  GimpProcedure *procedure;

  if (g_strcmp0 (name, PLUG_IN_PROC) != 0)
    return NULL;

  procedure = gimp_image_procedure_new (plug_in, name, GIMP_PDB_PROC_TYPE_PLUGIN,
                                        nst_run, NULL, NULL);

  gimp_procedure_set_image_types (procedure, "RGB*, GRAY*");
  gimp_procedure_set_sensitivity_mask (procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE);
  gimp_procedure_set_menu_label (procedure, _("_Neural Style Transfer..."));
  gimp_procedure_add_menu_path (procedure, "<Image>/Filters/Artistic");
  gimp_procedure_set_documentation (procedure,
                                    _("Paint the layer in the style of another image"),
                                    _("Neural style transfer (Gatys et al.): the drawable is "
                                      "optimised so that a VGG-19 network sees the content of "
                                      "the drawable and the textures and colours of the style "
                                      "drawable.  Works within the selection.  Without the "
                                      "VGG-19 weights file a built-in network is used."),
                                    name);
  gimp_procedure_set_attribution (procedure, "The NST for GIMP authors",
                                  "GPL-3.0-or-later", "2026");

  nst_gimp3_args_declare (procedure);
  return procedure;
}

static void
nst_plug_in_class_init (NstPlugInClass *klass)
{
  GimpPlugInClass *plug_in_class = GIMP_PLUG_IN_CLASS (klass);

  plug_in_class->query_procedures = nst_query_procedures;
  plug_in_class->create_procedure = nst_create_procedure;
}

static void
nst_plug_in_init (NstPlugIn *self)
{
  (void) self;
}
