/* gimp3-args.c - the arguments of plug-in-neural-style (GIMP 3).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <stddef.h>

#include "gimp3-args.h"
#include "nst-fe-error.h"
#include "nst-fe-intl.h"

/* The one table row that names a drawable rather than a number. */
static gboolean
is_drawable (const NstFeArgSpec *spec)
{
  return spec->offset == offsetof (NstFeParams, style_drawable);
}

static void
declare_one (GimpProcedure        *procedure,
             const NstFeArgSpec   *spec)
{
  const gchar *label = _(spec->label);
  gchar       *blurb;

  /* the table's blurb speaks of ids and a default of -1, GIMP 2.10's words */
  blurb = is_drawable (spec) ? g_strdup (_("The style image: any layer of any open image"))
                             : nst_fe_arg_describe (spec);
  if (is_drawable (spec))
    gimp_procedure_add_drawable_argument (procedure, spec->name, label, blurb,
                                          TRUE, G_PARAM_READWRITE);
  else if (spec->type == NST_FE_ARG_INT_ARRAY)
    gimp_procedure_add_int32_array_argument (procedure, spec->name, label, blurb,
                                             G_PARAM_READWRITE);
  else if (spec->type == NST_FE_ARG_FLOAT_ARRAY)
    gimp_procedure_add_double_array_argument (procedure, spec->name, label, blurb,
                                              G_PARAM_READWRITE);
  else if (spec->type == NST_FE_ARG_INT)
    gimp_procedure_add_int_argument (procedure, spec->name, label, blurb,
                                     (gint) spec->min, (gint) spec->max,
                                     (gint) spec->def, G_PARAM_READWRITE);
  else if (spec->type == NST_FE_ARG_FLOAT)
    gimp_procedure_add_double_argument (procedure, spec->name, label, blurb,
                                        spec->min, spec->max, spec->def,
                                        G_PARAM_READWRITE);
  else
    gimp_procedure_add_string_argument (procedure, spec->name, label, blurb,
                                        "", G_PARAM_READWRITE);
  g_free (blurb);
}

void
nst_gimp3_args_declare (GimpProcedure *procedure)
{
  guint                 n_specs;
  const NstFeArgSpec *specs = nst_fe_arg_specs (&n_specs);
  guint                 i;

  for (i = 0; i < n_specs; i++)
    declare_one (procedure, &specs[i]);
}

/* An array argument, through a GValue of GIMP's array type. */
static gboolean
read_array (GimpProcedureConfig  *config,
            const NstFeArgSpec   *spec,
            NstFeParams          *params,
            GError              **error)
{
  GValue   value = G_VALUE_INIT;
  gdouble  values[NST_FE_MAX_STYLES];
  gsize    n = 0, i;
  gboolean ok;

  g_value_init (&value, spec->type == NST_FE_ARG_INT_ARRAY ? GIMP_TYPE_INT32_ARRAY
                                                             : GIMP_TYPE_DOUBLE_ARRAY);
  g_object_get_property (G_OBJECT (config), spec->name, &value);

  if (spec->type == NST_FE_ARG_INT_ARRAY)
    {
      const gint32 *data = gimp_value_get_int32_array (&value, &n);

      for (i = 0; data != NULL && i < MIN (n, G_N_ELEMENTS (values)); i++)
        values[i] = data[i];
    }
  else
    {
      const gdouble *data = gimp_value_get_double_array (&value, &n);

      for (i = 0; data != NULL && i < MIN (n, G_N_ELEMENTS (values)); i++)
        values[i] = data[i];
    }
  g_value_unset (&value);

  /* Too long: set_array() refuses it with the argument's name. */
  ok = nst_fe_params_set_array (params, spec, values, (gint) MIN (n, G_MAXINT), error);
  return ok;
}

static void
write_array (GimpProcedureConfig  *config,
             const NstFeArgSpec   *spec,
             const NstFeParams    *params)
{
  GValue  value = G_VALUE_INIT;
  gint    n = nst_fe_params_get_length (params, spec);
  gint    i;

  if (spec->type == NST_FE_ARG_INT_ARRAY)
    {
      gint32 data[NST_FE_MAX_STYLES];

      for (i = 0; i < n; i++)
        data[i] = (gint32) nst_fe_params_get_item (params, spec, i);
      g_value_init (&value, GIMP_TYPE_INT32_ARRAY);
      gimp_value_set_int32_array (&value, n > 0 ? data : NULL, n);
    }
  else
    {
      gdouble data[NST_FE_MAX_STYLES];

      for (i = 0; i < n; i++)
        data[i] = nst_fe_params_get_item (params, spec, i);
      g_value_init (&value, GIMP_TYPE_DOUBLE_ARRAY);
      gimp_value_set_double_array (&value, n > 0 ? data : NULL, n);
    }
  g_object_set_property (G_OBJECT (config), spec->name, &value);
  g_value_unset (&value);
}

static gboolean
read_one (GimpProcedureConfig  *config,
          const NstFeArgSpec   *spec,
          NstFeParams          *params,
          GError              **error)
{
  GObject *object = G_OBJECT (config);

  if (is_drawable (spec))
    {
      GimpDrawable *drawable = NULL;

      g_object_get (object, spec->name, &drawable, NULL);
      params->style_drawable = drawable ? gimp_item_get_id (GIMP_ITEM (drawable)) : -1;
      g_clear_object (&drawable);
    }
  else if (NST_FE_ARG_IS_ARRAY (spec))
    return read_array (config, spec, params, error);
  else if (spec->type == NST_FE_ARG_INT)
    {
      gint value;

      g_object_get (object, spec->name, &value, NULL);
      nst_fe_params_set_number (params, spec, value);
    }
  else if (spec->type == NST_FE_ARG_FLOAT)
    {
      gdouble value;

      g_object_get (object, spec->name, &value, NULL);
      nst_fe_params_set_number (params, spec, value);
    }
  else
    {
      gchar   *value = NULL;
      gboolean fits;

      g_object_get (object, spec->name, &value, NULL);
      fits = nst_fe_params_set_model_path (params, value);
      g_free (value);
      if (! fits)
        {
          g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT,
                       _("Argument '%s' is longer than %d bytes."),
                       spec->name, NST_FE_PATH_MAX - 1);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
nst_gimp3_args_read (GimpProcedureConfig  *config,
                     NstFeParams          *params,
                     GError              **error)
{
  guint                 n_specs;
  const NstFeArgSpec *specs = nst_fe_arg_specs (&n_specs);
  guint                 i;

  nst_fe_params_init_defaults (params);
  for (i = 0; i < n_specs; i++)
    if (! read_one (config, &specs[i], params, error))
      return FALSE;

  return TRUE;
}

static void
write_one (GimpProcedureConfig  *config,
           const NstFeArgSpec   *spec,
           const NstFeParams    *params)
{
  GObject *object = G_OBJECT (config);

  if (is_drawable (spec))
    g_object_set (object, spec->name,
                  gimp_drawable_get_by_id (params->style_drawable), NULL);
  else if (NST_FE_ARG_IS_ARRAY (spec))
    write_array (config, spec, params);
  else if (spec->type == NST_FE_ARG_INT)
    g_object_set (object, spec->name,
                  (gint) nst_fe_params_get_number (params, spec), NULL);
  else if (spec->type == NST_FE_ARG_FLOAT)
    g_object_set (object, spec->name,
                  nst_fe_params_get_number (params, spec), NULL);
  else
    g_object_set (object, spec->name, params->model_path, NULL);
}

void
nst_gimp3_args_write (GimpProcedureConfig *config,
                      const NstFeParams   *params)
{
  guint                 n_specs;
  const NstFeArgSpec *specs = nst_fe_arg_specs (&n_specs);
  guint                 i;

  for (i = 0; i < n_specs; i++)
    write_one (config, &specs[i], params);
}
