/* nst-fe-params.c - the plug-in's parameters, their defaults and ranges.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <stddef.h>
#include <string.h>

#include "nst-fe-error.h"
#include "nst-fe-intl.h"
#include "nst-fe-params.h"

#define FIELD(f) offsetof (NstFeParams, f)

/* preserve-colors and output-mode: the dialog's words. */
static const NstFeChoice colors_choices[] =
{
  { NST_FE_COLORS_NONE,      "none",      N_("Take the style's colours") },
  { NST_FE_COLORS_LUMINANCE, "luminance", N_("Keep the original colours") },
  { NST_FE_COLORS_MATCH,     "match",     N_("Match the style's colours to the original") },
  { 0, NULL, NULL }
};

static const NstFeChoice output_choices[] =
{
  { NST_FE_OUTPUT_REPLACE,   "replace",   N_("Replace the layer") },
  { NST_FE_OUTPUT_NEW_LAYER, "new-layer", N_("Add a new layer above") },
  { 0, NULL, NULL }
};

static const NstFeArgSpec arg_specs[] =
{
  { "style-drawable", NST_FE_ARG_INT, FIELD (style_drawable),
    FALSE, G_MININT32, G_MAXINT32, -1,
    N_("Style layer"),
    N_("Drawable ID of the style image: any layer of any open image"),
    0, 0,
    NST_FE_KIND_DRAWABLE, NULL,
    N_("The style image: any layer of any open image") },
  { "style-strength", NST_FE_ARG_FLOAT, FIELD (style_strength),
    TRUE, 0, 100, 50,
    N_("Style strength"),
    N_("How strongly the style shows; style weight = 30 * 10^((strength - 50) / 25)"),
    0, 0,
    NST_FE_KIND_VALUE, NULL,
    NULL },
  { "content-weight", NST_FE_ARG_FLOAT, FIELD (content_weight),
    TRUE, 0, 1000, 1,
    N_("Content weight"),
    N_("Raw weight of the content loss: how much of the original's structure is kept"),
    0, 0,
    NST_FE_KIND_VALUE, NULL,
    NULL },
  { "smoothness", NST_FE_ARG_FLOAT, FIELD (smoothness),
    TRUE, 0, 100, 50,
    N_("Smoothness"),
    N_("Total-variation smoothing; tv weight = 0 at 0, else 10 * 10^((smoothness - 50) / 25)"),
    0, 0,
    NST_FE_KIND_VALUE, NULL,
    NULL },
  { "detail-size", NST_FE_ARG_FLOAT, FIELD (detail_size),
    TRUE, 0.25, 4, 1,
    N_("Detail size"),
    N_("Size of the style's brush strokes: the style image is scaled to this times the working size"),
    0, 0,
    NST_FE_KIND_VALUE, NULL,
    NULL },
  { "working-size", NST_FE_ARG_INT, FIELD (working_size),
    TRUE, 0, 4096, 512,
    N_("Working size"),
    N_("Long side in pixels at which the image is computed, then scaled back; 0 = the drawable's size"),
    0, 0,
    NST_FE_KIND_VALUE, NULL,
    NULL },
  { "iterations", NST_FE_ARG_INT, FIELD (iterations),
    TRUE, 1, 2000, 48,
    N_("Iterations"),
    N_("Optimiser iterations of each coarse-to-fine level, at most; every level stops once it stops improving"),
    0, 0,
    NST_FE_KIND_VALUE, NULL,
    NULL },
  { "preserve-colors", NST_FE_ARG_INT, FIELD (preserve_colors),
    TRUE, 0, 2, 0,
    N_("Preserve colors"),
    N_("0 = take the style's colours, 1 = keep the content's colours (luminance transfer), "
       "2 = match the style's colours to the content first"),
    0, 0,
    NST_FE_KIND_CHOICE, colors_choices,
    N_("Whose colours the result has") },
  { "seed", NST_FE_ARG_INT, FIELD (seed),
    FALSE, G_MININT32, G_MAXINT32, 0,
    N_("Random seed"),
    N_("Seed of every random choice: the same seed gives the same pixels"),
    0, 0,
    NST_FE_KIND_VALUE, NULL,
    NULL },
  { "output-mode", NST_FE_ARG_INT, FIELD (output_mode),
    TRUE, 0, 1, 0,
    N_("Output"),
    N_("0 = replace the drawable's pixels, 1 = add a stylised copy as a new layer above it"),
    0, 0,
    NST_FE_KIND_CHOICE, output_choices,
    N_("Where the result goes") },
  { "model-path", NST_FE_ARG_STRING, FIELD (model_path),
    FALSE, 0, 0, 0,
    N_("Model file"),
    N_("VGG-19 safetensors file or the folder holding it; empty = search the usual places"),
    0, 0,
    NST_FE_KIND_VALUE, NULL,
    NULL },
  { "more-styles", NST_FE_ARG_INT_ARRAY, FIELD (more_styles),
    FALSE, G_MININT32, G_MAXINT32, 0,
    N_("More styles"),
    N_("Layer IDs of up to three more style images, blended with the first"),
    FIELD (n_more_styles), NST_FE_MAX_STYLES - 1,
    NST_FE_KIND_DRAWABLES, NULL,
    N_("Up to three more style layers, of any open image, blended with the first") },
  { "style-weights", NST_FE_ARG_FLOAT_ARRAY, FIELD (style_weights),
    TRUE, 0, 1000, 1,
    N_("Style weights"),
    N_("Blend weight of each style, the first style first (normalised to sum 1); "
       "empty = equal weights"),
    FIELD (n_style_weights), NST_FE_MAX_STYLES,
    NST_FE_KIND_VALUE, NULL,
    NULL },
  { "style-regions", NST_FE_ARG_INT_ARRAY, FIELD (style_regions),
    FALSE, G_MININT32, G_MAXINT32, -1,
    N_("Style regions"),
    N_("For each style, the ID of a channel or layer mask of the image that limits where it "
       "applies (soft edges blend), or -1 for everywhere; empty = everywhere"),
    FIELD (n_style_regions), NST_FE_MAX_STYLES,
    NST_FE_KIND_CHANNELS, NULL,
    N_("For each style in turn, a channel or layer mask of the image that limits "
       "where it applies (soft edges blend); styles past the end of the list apply "
       "everywhere; empty = everywhere") },
  { "style-selection", NST_FE_ARG_INT, FIELD (style_selection),
    TRUE, 0, 1, 0,
    N_("Style from selection"),
    N_("1 = use only the selected part of each style layer (its image's selection)"),
    0, 0,
    NST_FE_KIND_BOOLEAN, NULL,
    N_("Use only the selected part of each style layer (its image's selection)") },
  { "init-drawable", NST_FE_ARG_INT, FIELD (init_drawable),
    FALSE, G_MININT32, G_MAXINT32, -1,
    N_("Start from"),
    N_("-1 = a fresh start (the built-in network: the painting's patches laid along "
       "the content; a VGG-19 model: the content); the ID of a layer (e.g. an "
       "earlier result) = refine it"),
    0, 0,
    NST_FE_KIND_DRAWABLE, NULL,
    N_("A layer of the image to refine, e.g. an earlier result; none = a fresh start") },
  { "result-opacity", NST_FE_ARG_FLOAT, FIELD (result_opacity),
    TRUE, 0, 100, 100,
    N_("Result opacity"),
    N_("Opacity of the new layer in new-layer mode: the mix of the result with the original"),
    0, 0,
    NST_FE_KIND_VALUE, NULL,
    NULL },
};

const NstFeArgSpec *
nst_fe_arg_specs (guint *n_specs)
{
  *n_specs = G_N_ELEMENTS (arg_specs);
  return arg_specs;
}

const NstFeArgSpec *
nst_fe_arg_spec_lookup (const gchar *name)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (arg_specs); i++)
    if (strcmp (arg_specs[i].name, name) == 0)
      return &arg_specs[i];

  return NULL;
}

void
nst_fe_params_init_defaults (NstFeParams *params)
{
  guint i;

  memset (params, 0, sizeof (*params));

  for (i = 0; i < G_N_ELEMENTS (arg_specs); i++)
    if (arg_specs[i].type == NST_FE_ARG_INT || arg_specs[i].type == NST_FE_ARG_FLOAT)
      nst_fe_params_set_number (params, &arg_specs[i], arg_specs[i].def);
}

gdouble
nst_fe_params_get_number (const NstFeParams    *params,
                          const NstFeArgSpec   *spec)
{
  const gchar *field = (const gchar *) params + spec->offset;

  switch (spec->type)
    {
    case NST_FE_ARG_INT:
      return *(const gint32 *) field;
    case NST_FE_ARG_FLOAT:
      return *(const gdouble *) field;
    default:
      break;
    }

  g_return_val_if_reached (0.0);
}

void
nst_fe_params_set_number (NstFeParams          *params,
                          const NstFeArgSpec   *spec,
                          gdouble               value)
{
  gchar *field = (gchar *) params + spec->offset;

  switch (spec->type)
    {
    case NST_FE_ARG_INT:
      *(gint32 *) field = (gint32) CLAMP (value, (gdouble) G_MININT32,
                                          (gdouble) G_MAXINT32);
      return;
    case NST_FE_ARG_FLOAT:
      *(gdouble *) field = value;
      return;
    default:
      break;
    }

  g_return_if_reached ();
}

gint
nst_fe_params_get_length (const NstFeParams    *params,
                          const NstFeArgSpec   *spec)
{
  g_return_val_if_fail (NST_FE_ARG_IS_ARRAY (spec), 0);

  return CLAMP (*(const gint32 *) ((const gchar *) params + spec->count_offset),
                0, spec->max_count);
}

gdouble
nst_fe_params_get_item (const NstFeParams    *params,
                        const NstFeArgSpec   *spec,
                        gint                  i)
{
  const gchar *field = (const gchar *) params + spec->offset;

  g_return_val_if_fail (i >= 0 && i < spec->max_count, 0.0);

  if (spec->type == NST_FE_ARG_INT_ARRAY)
    return ((const gint32 *) field)[i];
  return ((const gdouble *) field)[i];
}

gboolean
nst_fe_params_set_array (NstFeParams          *params,
                         const NstFeArgSpec   *spec,
                         const gdouble        *values,
                         gint                  n,
                         GError              **error)
{
  gchar *field = (gchar *) params + spec->offset;
  gint   i;

  g_return_val_if_fail (NST_FE_ARG_IS_ARRAY (spec), FALSE);

  if (n < 0 || n > spec->max_count)
    {
      g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT,
                   _("Argument '%s' has %d entries; it takes at most %d."),
                   spec->name, n, spec->max_count);
      return FALSE;
    }

  for (i = 0; i < n; i++)
    if (spec->type == NST_FE_ARG_INT_ARRAY)
      ((gint32 *) field)[i] = (gint32) CLAMP (values[i], (gdouble) G_MININT32,
                                              (gdouble) G_MAXINT32);
    else
      ((gdouble *) field)[i] = values[i];
  *(gint32 *) ((gchar *) params + spec->count_offset) = n;
  return TRUE;
}

gint
nst_fe_params_n_styles (const NstFeParams *params)
{
  return 1 + CLAMP (params->n_more_styles, 0, NST_FE_MAX_STYLES - 1);
}

gint32
nst_fe_params_style_id (const NstFeParams *params,
                        gint                 i)
{
  return i == 0 ? params->style_drawable : params->more_styles[i - 1];
}

gdouble
nst_fe_params_style_weight (const NstFeParams *params,
                            gint                 i)
{
  return i < params->n_style_weights ? params->style_weights[i] : 1.0;
}

gint32
nst_fe_params_style_region (const NstFeParams *params,
                            gint                 i)
{
  return i < params->n_style_regions ? params->style_regions[i] : -1;
}

gboolean
nst_fe_params_set_model_path (NstFeParams   *params,
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
nst_fe_params_validate (const NstFeParams    *params,
                        GError              **error)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (arg_specs); i++)
    {
      const NstFeArgSpec *spec = &arg_specs[i];
      gdouble               value;

      gint                  n, k;

      n = NST_FE_ARG_IS_ARRAY (spec) ? nst_fe_params_get_length (params, spec) : 1;

      /* Per-style arrays have one entry per style, or none. */
      if ((spec->offset == FIELD (style_weights) || spec->offset == FIELD (style_regions)) &&
          n != 0 && n != nst_fe_params_n_styles (params))
        {
          g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT,
                       _("Argument '%s' has %d entries, but there are %d styles "
                         "(give one per style, or none)."),
                       spec->name, n, nst_fe_params_n_styles (params));
          return FALSE;
        }

      if (! spec->ranged)
        continue;

      for (k = 0; k < n; k++)
        {
          value = NST_FE_ARG_IS_ARRAY (spec) ? nst_fe_params_get_item (params, spec, k)
                                               : nst_fe_params_get_number (params, spec);

          /* Written so that NaN fails too. */
          if (! (value >= spec->min && value <= spec->max))
            {
              g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT,
                           _("Argument '%s' is %g, outside its range %g to %g."),
                           spec->name, value, spec->min, spec->max);
              return FALSE;
            }
        }
    }

  if (params->n_style_weights > 0)
    {
      gdouble sum = 0.0;
      gint    k;

      for (k = 0; k < params->n_style_weights; k++)
        sum += params->style_weights[k];
      if (! (sum > 0.0))
        {
          g_set_error_literal (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT,
                               _("Argument 'style-weights' gives every style a weight of 0."));
          return FALSE;
        }
    }

  return TRUE;
}

const NstFeChoice *
nst_fe_arg_choice (const NstFeArgSpec *spec,
                   gint                value)
{
  const NstFeChoice *choice;

  g_return_val_if_fail (spec->kind == NST_FE_KIND_CHOICE, NULL);

  for (choice = spec->choices; choice->nick != NULL; choice++)
    if (choice->value == value)
      return choice;

  return NULL;
}

gchar *
nst_fe_arg_describe (const NstFeArgSpec *spec)
{
  if (spec->type == NST_FE_ARG_STRING)
    return g_strdup (_(spec->blurb));

  if (NST_FE_ARG_IS_ARRAY (spec) && spec->ranged)
    return g_strdup_printf (_("%s (at most %d entries, each %g to %g)"),
                            _(spec->blurb), spec->max_count, spec->min, spec->max);
  if (NST_FE_ARG_IS_ARRAY (spec))
    return g_strdup_printf (_("%s (at most %d entries)"), _(spec->blurb), spec->max_count);

  if (! spec->ranged)
    return g_strdup_printf (_("%s (default %g)"), _(spec->blurb), spec->def);

  return g_strdup_printf (_("%s (%g to %g, default %g)"),
                          _(spec->blurb), spec->min, spec->max, spec->def);
}
