/* gimp2-args.c - the PDB arguments of plug-in-neural-style (GIMP 2.10).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "gimp2-args.h"
#include "nst-fe-error.h"
#include "nst-fe-intl.h"

static GimpPDBArgType
pdb_type (NstFeArgType type)
{
  switch (type)
    {
    case NST_FE_ARG_INT:
      return GIMP_PDB_INT32;
    case NST_FE_ARG_FLOAT:
      return GIMP_PDB_FLOAT;
    case NST_FE_ARG_INT_ARRAY:
      return GIMP_PDB_INT32ARRAY;
    case NST_FE_ARG_FLOAT_ARRAY:
      return GIMP_PDB_FLOATARRAY;
    case NST_FE_ARG_STRING:
      break;
    }
  return GIMP_PDB_STRING;
}

/* PDB arguments after the standard ones: GIMP 2.10 passes an array as
 * two, its length ("num-<name>") and then the array. */
static gint
n_table_args (void)
{
  guint                 n_specs;
  const NstFeArgSpec *specs = nst_fe_arg_specs (&n_specs);
  gint                  n = 0;
  guint                 i;

  for (i = 0; i < n_specs; i++)
    n += NST_FE_ARG_IS_ARRAY (&specs[i]) ? 2 : 1;
  return n;
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
  const NstFeArgSpec *specs = nst_fe_arg_specs (&n_specs);
  gint                  n = NST_GIMP2_N_STANDARD_ARGS + n_table_args ();
  GimpParamDef         *args = g_new0 (GimpParamDef, n);
  gint                  k = NST_GIMP2_N_STANDARD_ARGS;
  guint                 i;

  set_def (&args[0], GIMP_PDB_INT32, "run-mode",
           g_strdup (_("The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), "
                       "RUN-WITH-LAST-VALS (2) }")));
  set_def (&args[1], GIMP_PDB_IMAGE, "image", g_strdup (_("Input image")));
  set_def (&args[2], GIMP_PDB_DRAWABLE, "drawable",
           g_strdup (_("Content drawable: stylised within the selection")));

  for (i = 0; i < n_specs; i++)
    {
      if (NST_FE_ARG_IS_ARRAY (&specs[i]))
        {
          gchar *num = g_strconcat ("num-", specs[i].name, NULL);

          set_def (&args[k++], GIMP_PDB_INT32, num,
                   g_strdup_printf (_("The number of entries in '%s'"), specs[i].name));
          g_free (num);
        }
      set_def (&args[k++], pdb_type (specs[i].type), specs[i].name,
               nst_fe_arg_describe (&specs[i]));
    }

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

/* An array argument from its length and data parameters. */
static gboolean
decode_array (const GimpParam      *num,
              const GimpParam      *param,
              const NstFeArgSpec   *spec,
              NstFeParams          *params,
              GError              **error)
{
  gint     n = num->data.d_int32;
  gdouble  values[NST_FE_MAX_STYLES];
  gint     i;

  if (n < 0 || n > spec->max_count)
    return nst_fe_params_set_array (params, spec, NULL, n, error);

  for (i = 0; i < n; i++)
    values[i] = spec->type == NST_FE_ARG_INT_ARRAY ? param->data.d_int32array[i]
                                                     : param->data.d_floatarray[i];
  return nst_fe_params_set_array (params, spec, values, n, error);
}

static gboolean
decode_one (const GimpParam      *param,
            const NstFeArgSpec   *spec,
            NstFeParams          *params,
            GError              **error)
{
  switch (spec->type)
    {
    case NST_FE_ARG_INT:
      nst_fe_params_set_number (params, spec, param->data.d_int32);
      return TRUE;
    case NST_FE_ARG_FLOAT:
      nst_fe_params_set_number (params, spec, param->data.d_float);
      return TRUE;
    case NST_FE_ARG_INT_ARRAY:
    case NST_FE_ARG_FLOAT_ARRAY:
      return decode_array (&param[0], &param[1], spec, params, error);
    case NST_FE_ARG_STRING:
      break;
    }

  if (nst_fe_params_set_model_path (params, param->data.d_string))
    return TRUE;

  g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT,
               _("Argument '%s' is longer than %d bytes."),
               spec->name, NST_FE_PATH_MAX - 1);
  return FALSE;
}

gboolean
nst_gimp2_args_decode (const GimpParam  *param,
                       gint              n_params,
                       NstFeParams      *params,
                       GError          **error)
{
  guint                 n_specs;
  const NstFeArgSpec *specs = nst_fe_arg_specs (&n_specs);
  gint                  k = NST_GIMP2_N_STANDARD_ARGS;
  guint                 i;

  if (n_params != NST_GIMP2_N_STANDARD_ARGS + n_table_args ())
    {
      g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT,
                   _("plug-in-neural-style takes %d arguments, not %d."),
                   NST_GIMP2_N_STANDARD_ARGS + n_table_args (), n_params);
      return FALSE;
    }

  for (i = 0; i < n_specs; i++)
    {
      if (! decode_one (&param[k], &specs[i], params, error))
        return FALSE;
      k += NST_FE_ARG_IS_ARRAY (&specs[i]) ? 2 : 1;
    }

  return TRUE;
}
