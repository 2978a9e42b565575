/* gimp3-args.c - the arguments of plug-in-neural-style (GIMP 3).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "gimp3-args.h"
#include "nst-fe-error.h"
#include "nst-fe-intl.h"

/* The aux argument that keeps an object argument's ids between runs. */
static gchar *
last_name (const NstFeArgSpec *spec)
{
  return g_strconcat ("last-", spec->name, NULL);
}

static gboolean
is_object (const NstFeArgSpec *spec)
{
  return spec->kind == NST_FE_KIND_DRAWABLE || spec->kind == NST_FE_KIND_DRAWABLES ||
         spec->kind == NST_FE_KIND_CHANNELS;
}

static GimpChoice *
choice_new (const NstFeArgSpec *spec)
{
  GimpChoice        *choice = gimp_choice_new ();
  const NstFeChoice *c;

  for (c = spec->choices; c->nick != NULL; c++)
    gimp_choice_add (choice, c->nick, c->value, _(c->label), NULL);
  return choice;
}

/* An object argument, and the aux argument that keeps its ids. */
static void
declare_object (GimpProcedure      *procedure,
                const NstFeArgSpec *spec,
                const gchar        *label,
                const gchar        *blurb)
{
  gchar *aux = last_name (spec);

  /* GIMP 3.0 keeps the last values by serialising the config, which
   * cannot hold an item (it warns and drops it): the ids go into the aux
   * argument instead (nst_gimp3_args_write()). */
  if (spec->kind == NST_FE_KIND_DRAWABLE)
    {
      gimp_procedure_add_drawable_argument (procedure, spec->name, label, blurb,
                                            TRUE, G_PARAM_READWRITE | GIMP_PARAM_DONT_SERIALIZE);
      gimp_procedure_add_int_aux_argument (procedure, aux, aux,
                                           "Its item id, kept with the last values",
                                           G_MININT32, G_MAXINT32, -1, G_PARAM_READWRITE);
    }
  else
    {
      /* GIMP 3.0.4 refuses an empty array as out of range unless it is
       * not validated, and warns when it sets one: the run checks every
       * item itself. */
      gimp_procedure_add_core_object_array_argument (procedure, spec->name, label, blurb,
                                                     GIMP_TYPE_DRAWABLE,
                                                     G_PARAM_READWRITE | GIMP_PARAM_NO_VALIDATE |
                                                     G_PARAM_LAX_VALIDATION |
                                                     GIMP_PARAM_DONT_SERIALIZE);
      gimp_procedure_add_int32_array_aux_argument (procedure, aux, aux,
                                                   "Their item ids, kept with the last values",
                                                   G_PARAM_READWRITE);
    }
  g_free (aux);
}

static void
declare_value (GimpProcedure      *procedure,
               const NstFeArgSpec *spec,
               const gchar        *label,
               const gchar        *blurb)
{
  if (spec->type == NST_FE_ARG_INT_ARRAY)
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
}

static void
declare_one (GimpProcedure        *procedure,
             const NstFeArgSpec   *spec)
{
  const gchar *label = _(spec->label);
  gchar       *blurb;

  blurb = spec->blurb_gimp3 ? g_strdup (_(spec->blurb_gimp3)) : nst_fe_arg_describe (spec);
  if (spec->kind == NST_FE_KIND_CHOICE)
    gimp_procedure_add_choice_argument (procedure, spec->name, label, blurb,
                                        choice_new (spec),
                                        nst_fe_arg_choice (spec, (gint) spec->def)->nick,
                                        G_PARAM_READWRITE);
  else if (spec->kind == NST_FE_KIND_BOOLEAN)
    gimp_procedure_add_boolean_argument (procedure, spec->name, label, blurb,
                                         spec->def != 0, G_PARAM_READWRITE);
  else if (is_object (spec))
    declare_object (procedure, spec, label, blurb);
  else
    declare_value (procedure, spec, label, blurb);
  g_free (blurb);
}

void
nst_gimp3_args_declare (GimpProcedure *procedure)
{
  guint               n_specs;
  const NstFeArgSpec *specs = nst_fe_arg_specs (&n_specs);
  guint               i;

  for (i = 0; i < n_specs; i++)
    declare_one (procedure, &specs[i]);
}

/* The config's int32 array property `name`: its first `max` values into
 * `values`; returns its whole length (0 when none is stored). */
static gsize
read_int32s (GimpProcedureConfig *config,
             const gchar         *name,
             gdouble             *values,
             gsize                max)
{
  GValue        value = G_VALUE_INIT;
  const gint32 *data = NULL;
  gsize         n = 0, i;

  g_value_init (&value, GIMP_TYPE_INT32_ARRAY);
  g_object_get_property (G_OBJECT (config), name, &value);
  /* None given is NULL, which gimp_value_get_int32_array() does not take. */
  if (g_value_get_boxed (&value) != NULL)
    data = gimp_value_get_int32_array (&value, &n);
  if (data == NULL)
    n = 0;
  for (i = 0; i < MIN (n, max); i++)
    values[i] = data[i];
  g_value_unset (&value);
  return n;
}

/* A number array argument, through a GValue of GIMP's array type. */
static gboolean
read_numbers (GimpProcedureConfig  *config,
              const NstFeArgSpec   *spec,
              NstFeParams          *params,
              GError              **error)
{
  gdouble  values[NST_FE_MAX_STYLES];
  gsize    n = 0, i;
  gboolean ok;

  if (spec->type == NST_FE_ARG_INT_ARRAY)
    n = read_int32s (config, spec->name, values, G_N_ELEMENTS (values));
  else
    {
      GValue value = G_VALUE_INIT;

      g_value_init (&value, GIMP_TYPE_DOUBLE_ARRAY);
      g_object_get_property (G_OBJECT (config), spec->name, &value);
      /* (none given is NULL, as for read_int32s()) */
      if (g_value_get_boxed (&value) != NULL)
        {
          const gdouble *data = gimp_value_get_double_array (&value, &n);

          for (i = 0; data != NULL && i < MIN (n, G_N_ELEMENTS (values)); i++)
            values[i] = data[i];
        }
      g_value_unset (&value);
    }

  /* Too long: set_array() refuses it with the argument's name. */
  ok = nst_fe_params_set_array (params, spec, values, (gint) MIN (n, G_MAXINT), error);
  return ok;
}

/* An array of drawables or channels, as their ids. */
static gboolean
read_items (GimpProcedureConfig  *config,
            const NstFeArgSpec   *spec,
            NstFeParams          *params,
            GError              **error)
{
  GObject **items = gimp_procedure_config_get_core_object_array (config, spec->name);
  gdouble   ids[NST_FE_MAX_STYLES];
  gint      n = 0;

  for (; items != NULL && items[n] != NULL; n++)
    if (n < (gint) G_N_ELEMENTS (ids))
      ids[n] = gimp_item_get_id (GIMP_ITEM (items[n]));
  g_free (items);

  /* Too long: set_array() refuses it with the argument's name. */
  return nst_fe_params_set_array (params, spec, ids, n, error);
}

static gboolean
read_one (GimpProcedureConfig  *config,
          const NstFeArgSpec   *spec,
          NstFeParams          *params,
          GError              **error)
{
  GObject *object = G_OBJECT (config);

  if (spec->kind == NST_FE_KIND_CHOICE)
    nst_fe_params_set_number (params, spec,
                              gimp_procedure_config_get_choice_id (config, spec->name));
  else if (spec->kind == NST_FE_KIND_BOOLEAN)
    {
      gboolean value;

      g_object_get (object, spec->name, &value, NULL);
      nst_fe_params_set_number (params, spec, value ? 1 : 0);
    }
  else if (spec->kind == NST_FE_KIND_DRAWABLE)
    {
      GimpDrawable *drawable = NULL;

      g_object_get (object, spec->name, &drawable, NULL);
      nst_fe_params_set_number (params, spec,
                                drawable ? gimp_item_get_id (GIMP_ITEM (drawable)) : -1);
      g_clear_object (&drawable);
    }
  else if (is_object (spec))
    return read_items (config, spec, params, error);
  else if (NST_FE_ARG_IS_ARRAY (spec))
    return read_numbers (config, spec, params, error);
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

/* An object argument left empty takes the ids kept by the last run. */
static void
read_last_ids (GimpProcedureConfig *config,
               const NstFeArgSpec  *spec,
               NstFeParams         *params)
{
  gchar *aux = last_name (spec);

  if (spec->kind == NST_FE_KIND_DRAWABLE)
    {
      gint id = -1;

      if (nst_fe_params_get_number (params, spec) == -1)
        {
          g_object_get (config, aux, &id, NULL);
          nst_fe_params_set_number (params, spec, id);
        }
    }
  else if (nst_fe_params_get_length (params, spec) == 0)
    {
      gdouble ids[NST_FE_MAX_STYLES];
      gsize   n = read_int32s (config, aux, ids, G_N_ELEMENTS (ids));

      nst_fe_params_set_array (params, spec, ids, (gint) MIN (n, (gsize) spec->max_count), NULL);
    }
  g_free (aux);
}

/* GIMP 3 regions may stop before the last style: those after apply
 * everywhere (-1), as if the list went on with -1s. */
static void
pad_regions (NstFeParams *params)
{
  gint n_styles = nst_fe_params_n_styles (params);

  if (params->n_style_regions == 0 || params->n_style_regions >= n_styles)
    return;
  while (params->n_style_regions < n_styles)
    params->style_regions[params->n_style_regions++] = -1;
}

gboolean
nst_gimp3_args_read (GimpProcedureConfig  *config,
                     gboolean              last_ids,
                     NstFeParams          *params,
                     GError              **error)
{
  guint               n_specs;
  const NstFeArgSpec *specs = nst_fe_arg_specs (&n_specs);
  guint               i;

  nst_fe_params_init_defaults (params);
  for (i = 0; i < n_specs; i++)
    {
      if (! read_one (config, &specs[i], params, error))
        return FALSE;
      if (last_ids && is_object (&specs[i]))
        read_last_ids (config, &specs[i], params);
    }
  pad_regions (params);
  return TRUE;
}

/* Array argument `spec` of `params` as GIMP's int32 array, into the
 * config's property `name` (the argument's, or its aux argument's). */
static void
write_int32s (GimpProcedureConfig  *config,
              const gchar          *name,
              const NstFeArgSpec   *spec,
              const NstFeParams    *params)
{
  GValue  value = G_VALUE_INIT;
  gint32  data[NST_FE_MAX_STYLES];
  gint    n = nst_fe_params_get_length (params, spec);
  gint    i;

  for (i = 0; i < n; i++)
    data[i] = (gint32) nst_fe_params_get_item (params, spec, i);
  g_value_init (&value, GIMP_TYPE_INT32_ARRAY);
  gimp_value_set_int32_array (&value, n > 0 ? data : NULL, n);
  g_object_set_property (G_OBJECT (config), name, &value);
  g_value_unset (&value);
}

static void
write_doubles (GimpProcedureConfig  *config,
               const NstFeArgSpec   *spec,
               const NstFeParams    *params)
{
  GValue  value = G_VALUE_INIT;
  gdouble data[NST_FE_MAX_STYLES];
  gint    n = nst_fe_params_get_length (params, spec);
  gint    i;

  for (i = 0; i < n; i++)
    data[i] = nst_fe_params_get_item (params, spec, i);
  g_value_init (&value, GIMP_TYPE_DOUBLE_ARRAY);
  gimp_value_set_double_array (&value, n > 0 ? data : NULL, n);
  g_object_set_property (G_OBJECT (config), spec->name, &value);
  g_value_unset (&value);
}

/* An object argument's ids, into its aux argument. */
static void
keep_ids (GimpProcedureConfig *config,
          const NstFeArgSpec  *spec,
          const NstFeParams   *params)
{
  gchar *aux = last_name (spec);

  if (spec->kind == NST_FE_KIND_DRAWABLE)
    g_object_set (config, aux, (gint) nst_fe_params_get_number (params, spec), NULL);
  else
    write_int32s (config, aux, spec, params);
  g_free (aux);
}

static void
write_one (GimpProcedureConfig  *config,
           const NstFeArgSpec   *spec,
           const NstFeParams    *params)
{
  GObject *object = G_OBJECT (config);

  if (spec->kind == NST_FE_KIND_CHOICE)
    {
      const NstFeChoice *choice =
        nst_fe_arg_choice (spec, (gint) nst_fe_params_get_number (params, spec));

      if (choice != NULL)
        g_object_set (object, spec->name, choice->nick, NULL);
    }
  else if (spec->kind == NST_FE_KIND_BOOLEAN)
    g_object_set (object, spec->name, nst_fe_params_get_number (params, spec) != 0, NULL);
  else if (is_object (spec))
    keep_ids (config, spec, params);
  else if (spec->type == NST_FE_ARG_INT_ARRAY)
    write_int32s (config, spec->name, spec, params);
  else if (spec->type == NST_FE_ARG_FLOAT_ARRAY)
    write_doubles (config, spec, params);
  else if (spec->type == NST_FE_ARG_INT)
    g_object_set (object, spec->name, (gint) nst_fe_params_get_number (params, spec), NULL);
  else if (spec->type == NST_FE_ARG_FLOAT)
    g_object_set (object, spec->name, nst_fe_params_get_number (params, spec), NULL);
  else
    g_object_set (object, spec->name, params->model_path, NULL);
}

void
nst_gimp3_args_write (GimpProcedureConfig *config,
                      const NstFeParams   *params)
{
  guint               n_specs;
  const NstFeArgSpec *specs = nst_fe_arg_specs (&n_specs);
  guint               i;

  for (i = 0; i < n_specs; i++)
    write_one (config, &specs[i], params);
}
