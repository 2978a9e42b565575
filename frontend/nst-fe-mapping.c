/* nst-fe-mapping.c - from the friendly plug-in parameters to nst_params.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <math.h>

#include "nst-fe-mapping.h"

/* The weights at the middle of each slider, and the number of slider
 * steps that multiply a weight by ten.  Exponential, because useful
 * weights span several orders of magnitude. */
#define STYLE_WEIGHT_AT_50  30.0
#define TV_WEIGHT_AT_50     10.0
#define STEPS_PER_DECADE    25.0

gdouble
nst_fe_style_weight (gdouble style_strength)
{
  return STYLE_WEIGHT_AT_50 * pow (10.0, (style_strength - 50.0) / STEPS_PER_DECADE);
}

gdouble
nst_fe_tv_weight (gdouble smoothness)
{
  /* 0 means "no smoothing at all", not merely "very little". */
  if (smoothness <= 0.0)
    return 0.0;

  return TV_WEIGHT_AT_50 * pow (10.0, (smoothness - 50.0) / STEPS_PER_DECADE);
}

static nst_color
colors_to_engine (gint32 preserve_colors)
{
  switch (preserve_colors)
    {
    case NST_FE_COLORS_LUMINANCE:
      return NST_COLOR_LUMINANCE;
    case NST_FE_COLORS_MATCH:
      return NST_COLOR_MATCH;
    default:
      return NST_COLOR_NONE;
    }
}

nst_params
nst_fe_params_to_engine (const NstFeParams *params)
{
  nst_params p = nst_params_default ();

  p.style_weight   = (float) nst_fe_style_weight (params->style_strength);
  p.content_weight = (float) params->content_weight;
  p.tv_weight      = (float) nst_fe_tv_weight (params->smoothness);
  p.style_scale    = (float) params->detail_size;
  p.size           = params->working_size;
  p.iterations     = params->iterations;
  p.color          = colors_to_engine (params->preserve_colors);
  /* Reinterpret the PDB's signed 32 bits; negative seeds are distinct too. */
  p.seed           = (uint64_t) (guint32) params->seed;

  return p;
}

gdouble
nst_fe_content_weight (gdouble fidelity)
{
  if (fidelity <= 0.0)
    return 0.0;

  return pow (10.0, (fidelity - 50.0) / STEPS_PER_DECADE);
}

gdouble
nst_fe_content_fidelity (gdouble content_weight)
{
  if (content_weight <= 0.0)
    return 0.0;

  return CLAMP (50.0 + STEPS_PER_DECADE * log10 (content_weight), 0.0, 100.0);
}
