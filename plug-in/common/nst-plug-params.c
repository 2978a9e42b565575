/* nst-plug-params.c - the plug-in's parameters, their defaults and ranges.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <stddef.h>
#include <string.h>

#include "nst-plug-error.h"
#include "nst-plug-intl.h"
#include "nst-plug-params.h"

#define FIELD(f) offsetof (NstPlugParams, f)

static const NstPlugArgSpec arg_specs[] =
{
  { "style-drawable", NST_PLUG_ARG_INT, FIELD (style_drawable),
    FALSE, G_MININT32, G_MAXINT32, -1,
    N_("Style layer"),
    N_("Drawable ID of the style image: any layer of any open image") },
  { "style-strength", NST_PLUG_ARG_FLOAT, FIELD (style_strength),
    TRUE, 0, 100, 50,
    N_("Style strength"),
    N_("How strongly the style shows; style weight = 30 * 10^((strength - 50) / 25)") },
  { "content-weight", NST_PLUG_ARG_FLOAT, FIELD (content_weight),
    TRUE, 0, 1000, 1,
    N_("Content weight"),
    N_("Raw weight of the content loss: how much of the original's structure is kept") },
  { "smoothness", NST_PLUG_ARG_FLOAT, FIELD (smoothness),
    TRUE, 0, 100, 50,
    N_("Smoothness"),
    N_("Total-variation smoothing; tv weight = 0 at 0, else 10 * 10^((smoothness - 50) / 25)") },
  { "detail-size", NST_PLUG_ARG_FLOAT, FIELD (detail_size),
    TRUE, 0.25, 4, 1,
    N_("Detail size"),
    N_("Size of the style's brush strokes: the style image is scaled to this times the working size") },
  { "working-size", NST_PLUG_ARG_INT, FIELD (working_size),
    TRUE, 0, 4096, 512,
    N_("Working size"),
    N_("Long side in pixels at which the image is computed, then scaled back; 0 = the drawable's size") },
  { "iterations", NST_PLUG_ARG_INT, FIELD (iterations),
    TRUE, 1, 2000, 200,
    N_("Iterations"),
    N_("Optimiser iterations per coarse-to-fine level") },
  { "preserve-colors", NST_PLUG_ARG_INT, FIELD (preserve_colors),
    TRUE, 0, 2, 0,
    N_("Preserve colors"),
    N_("0 = take the style's colours, 1 = keep the content's colours (luminance transfer), "
       "2 = match the style's colours to the content first") },
  { "seed", NST_PLUG_ARG_INT, FIELD (seed),
    FALSE, G_MININT32, G_MAXINT32, 0,
    N_("Random seed"),
    N_("Seed of every random choice: the same seed gives the same pixels") },
  { "output-mode", NST_PLUG_ARG_INT, FIELD (output_mode),
    TRUE, 0, 1, 0,
    N_("Output"),
    N_("0 = replace the drawable's pixels, 1 = add a stylised copy as a new layer above it") },
  { "model-path", NST_PLUG_ARG_STRING, FIELD (model_path),
    FALSE, 0, 0, 0,
    N_("Model file"),
    N_("VGG-19 safetensors file or the folder holding it; empty = search the usual places") },
};

const NstPlugArgSpec *
nst_plug_arg_specs (guint *n_specs)
{
  *n_specs = G_N_ELEMENTS (arg_specs);
  return arg_specs;
}

const NstPlugArgSpec *
nst_plug_arg_spec_lookup (const gchar *name)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (arg_specs); i++)
    if (strcmp (arg_specs[i].name, name) == 0)
      return &arg_specs[i];

  return NULL;
}

void
nst_plug_params_init_defaults (NstPlugParams *params)
{
  guint i;

  memset (params, 0, sizeof (*params));

  for (i = 0; i < G_N_ELEMENTS (arg_specs); i++)
    if (arg_specs[i].type != NST_PLUG_ARG_STRING)
      nst_plug_params_set_number (params, &arg_specs[i], arg_specs[i].def);
}

gdouble
nst_plug_params_get_number (const NstPlugParams  *params,
                            const NstPlugArgSpec *spec)
{
  const gchar *field = (const gchar *) params + spec->offset;

  switch (spec->type)
    {
    case NST_PLUG_ARG_INT:
      return *(const gint32 *) field;
    case NST_PLUG_ARG_FLOAT:
      return *(const gdouble *) field;
    case NST_PLUG_ARG_STRING:
      break;
    }

  g_return_val_if_reached (0.0);
}

void
nst_plug_params_set_number (NstPlugParams        *params,
                            const NstPlugArgSpec *spec,
                            gdouble               value)
{
  gchar *field = (gchar *) params + spec->offset;

  switch (spec->type)
    {
    case NST_PLUG_ARG_INT:
      *(gint32 *) field = (gint32) CLAMP (value, (gdouble) G_MININT32,
                                          (gdouble) G_MAXINT32);
      return;
    case NST_PLUG_ARG_FLOAT:
      *(gdouble *) field = value;
      return;
    case NST_PLUG_ARG_STRING:
      break;
    }

  g_return_if_reached ();
}

gboolean
nst_plug_params_set_model_path (NstPlugParams *params,
                                const gchar   *path)
{
  if (path == NULL)
    path = "";

  if (strlen (path) >= sizeof (params->model_path))
    return FALSE;

  g_strlcpy (params->model_path, path, sizeof (params->model_path));
  return TRUE;
}

gboolean
nst_plug_params_validate (const NstPlugParams  *params,
                          GError              **error)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (arg_specs); i++)
    {
      const NstPlugArgSpec *spec = &arg_specs[i];
      gdouble               value;

      if (! spec->ranged)
        continue;

      value = nst_plug_params_get_number (params, spec);

      /* Written so that NaN fails too. */
      if (! (value >= spec->min && value <= spec->max))
        {
          g_set_error (error, NST_PLUG_ERROR, NST_PLUG_ERROR_INVALID_ARGUMENT,
                       _("Argument '%s' is %g, outside its range %g to %g."),
                       spec->name, value, spec->min, spec->max);
          return FALSE;
        }
    }

  return TRUE;
}

gchar *
nst_plug_arg_describe (const NstPlugArgSpec *spec)
{
  if (spec->type == NST_PLUG_ARG_STRING)
    return g_strdup (_(spec->blurb));

  if (! spec->ranged)
    return g_strdup_printf (_("%s (default %g)"), _(spec->blurb), spec->def);

  return g_strdup_printf (_("%s (%g to %g, default %g)"),
                          _(spec->blurb), spec->min, spec->max, spec->def);
}
