/* nst-fe-mapping.h - from the friendly plug-in parameters to nst_params.
 *
 * The sliders a user sees are mapped to the engine's loss weights by
 * documented formulas (README.md, "Parameters"):
 *
 *   style_weight = 30 * 10^((style_strength - 50) / 25)    0 -> 0.3, 50 -> 30, 100 -> 3000
 *   tv_weight    = 0                       if smoothness == 0
 *                  10 * 10^((smoothness - 50) / 25)   else  50 -> 10, 100 -> 1000
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_FE_MAPPING_H
#define NST_FE_MAPPING_H

#include <glib.h>

#include "nst.h"
#include "nst-fe-params.h"

G_BEGIN_DECLS

/* The engine's style weight for a style-strength in [0, 100]. */
gdouble    nst_fe_style_weight       (gdouble              style_strength);

/* The engine's total-variation weight for a smoothness in [0, 100]. */
gdouble    nst_fe_tv_weight          (gdouble              smoothness);

/* The dialog's "content fidelity" in [0, 100] as the raw content weight:
 * 0 at 0, else 10^((fidelity - 50) / 25), so 50 -> 1 (the engine's
 * default), 75 -> 10, 100 -> 100.  nst_fe_content_fidelity() is the
 * inverse, clamped to [0, 100] for weights outside that span. */
gdouble    nst_fe_content_weight     (gdouble              fidelity);
gdouble    nst_fe_content_fidelity   (gdouble              content_weight);

/* nst_params_default() with every plug-in parameter applied.  The
 * progress callback is left unset.  `params` should be validated. */
nst_params nst_fe_params_to_engine   (const NstFeParams *params);

G_END_DECLS

#endif /* NST_FE_MAPPING_H */
