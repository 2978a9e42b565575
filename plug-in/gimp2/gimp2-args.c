/* gimp2-args.c - the PDB arguments of plug-in-neural-style (GIMP 2.10).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "gimp2-args.h"
#include "nst-plug-error.h"
#include "nst-plug-intl.h"

static GimpPDBArgType
pdb_type (NstPlugArgType type)
{
  switch (type)
    {
    case NST_PLUG_ARG_INT:
      return GIMP_PDB_INT32;
    case NST_PLUG_ARG_FLOAT:
      return GIMP_PDB_FLOAT;
    case NST_PLUG_ARG_STRING:
      break;
    }
  return GIMP_PDB_STRING;
}

static void
set_def (GimpParamDef   *def,
         GimpPDBArgType  type,
         const gchar    *name,
         gchar          *description)
{
  def->type = type;
  def->name = g_strdup (name);
  def->description = description;
}

GimpParamDef *
nst_gimp2_args_new (gint *n_args)
{
  guint                 n_specs;
  const NstPlugArgSpec *specs = nst_plug_arg_specs (&n_specs);
  gint                  n = NST_GIMP2_N_STANDARD_ARGS + (gint) n_specs;
  GimpParamDef         *args = g_new0 (GimpParamDef, n);
  guint                 i;

  set_def (&args[0], GIMP_PDB_INT32, "run-mode",
           g_strdup (_("The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), "
                       "RUN-WITH-LAST-VALS (2) }")));
  set_def (&args[1], GIMP_PDB_IMAGE, "image", g_strdup (_("Input image")));
  set_def (&args[2], GIMP_PDB_DRAWABLE, "drawable",
           g_strdup (_("Content drawable: stylised within the selection")));

  for (i = 0; i < n_specs; i++)
    set_def (&args[NST_GIMP2_N_STANDARD_ARGS + i], pdb_type (specs[i].type),
             specs[i].name, nst_plug_arg_describe (&specs[i]));

  *n_args = n;
  return args;
}

void
nst_gimp2_args_free (GimpParamDef *args,
                     gint          n_args)
{
  gint i;

  for (i = 0; i < n_args; i++)
    {
      g_free (args[i].name);
      g_free (args[i].description);
    }
  g_free (args);
}

static gboolean
decode_one (const GimpParam      *param,
            const NstPlugArgSpec *spec,
            NstPlugParams        *params,
            GError              **error)
{
  switch (spec->type)
    {
    case NST_PLUG_ARG_INT:
      nst_plug_params_set_number (params, spec, param->data.d_int32);
      return TRUE;
    case NST_PLUG_ARG_FLOAT:
      nst_plug_params_set_number (params, spec, param->data.d_float);
      return TRUE;
    case NST_PLUG_ARG_STRING:
      break;
    }

  if (nst_plug_params_set_model_path (params, param->data.d_string))
    return TRUE;

  g_set_error (error, NST_PLUG_ERROR, NST_PLUG_ERROR_INVALID_ARGUMENT,
               _("Argument '%s' is longer than %d bytes."),
               spec->name, NST_PLUG_PATH_MAX - 1);
  return FALSE;
}

gboolean
nst_gimp2_args_decode (const GimpParam  *param,
                       gint              n_params,
                       NstPlugParams    *params,
                       GError          **error)
{
  guint                 n_specs;
  const NstPlugArgSpec *specs = nst_plug_arg_specs (&n_specs);
  guint                 i;

  if (n_params != NST_GIMP2_N_STANDARD_ARGS + (gint) n_specs)
    {
      g_set_error (error, NST_PLUG_ERROR, NST_PLUG_ERROR_INVALID_ARGUMENT,
                   _("plug-in-neural-style takes %d arguments, not %d."),
                   NST_GIMP2_N_STANDARD_ARGS + (gint) n_specs, n_params);
      return FALSE;
    }

  for (i = 0; i < n_specs; i++)
    if (! decode_one (&param[NST_GIMP2_N_STANDARD_ARGS + i], &specs[i], params, error))
      return FALSE;

  return TRUE;
}
