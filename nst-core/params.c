/* params.c - the defaults of a run and the quality presets front ends
 * offer (the dialog's Draft / Balanced / Fine, `nst stylize --quality`). */
#include "nst-private.h"

#include <stddef.h>

nst_params
nst_params_default (void)
{
  nst_params p = { 0 };

  p.content_weight = 1.0f;
  p.style_weight = 30.0f;
  p.tv_weight = 10.0f;
  p.pool = NST_POOL_AVERAGE;
  p.optimizer = NST_OPTIMIZER_LBFGS;
  p.iterations = 200;
  p.level_ratio = 0.5f;
  p.tolerance = 1e-3f;
  p.learning_rate = 0.02f;
  p.init = NST_INIT_CONTENT;
  p.min_size = 256;
  p.style_scale = 1.0f;
  p.color = NST_COLOR_NONE;
  return p;
}

/* Working size and first-level iterations of each preset.  Each finer
 * level runs at most half the iterations of the one before and stops
 * once it stops improving (nst_params_default), so most of the work is
 * done where it is cheap: at the coarse levels.  Draft is one level at
 * 256 px: at 40 iterations its picture cannot be told from 100's (chelsea
 * x starry_night, objective 1.157 vs 1.058) in less than half the time,
 * ~15 s on two Zen 4 cores; starting it at 128 px cost more (24.6 s) and
 * blurred it. */
static const struct
{
  const char *name;
  int         size;
  int         iterations;
} quality_presets[] =
{
  [NST_QUALITY_DRAFT]    = { "draft",     256,  40 },
  [NST_QUALITY_BALANCED] = { "balanced",  512, 200 },
  [NST_QUALITY_FINE]     = { "fine",     1024, 300 },
};

nst_params
nst_params_for_quality (nst_quality quality)
{
  nst_params p = nst_params_default ();

  if ((unsigned) quality > NST_QUALITY_FINE)
    quality = NST_QUALITY_BALANCED;
  p.size = quality_presets[quality].size;
  p.iterations = quality_presets[quality].iterations;
  return p;
}

const char *
nst_quality_name (nst_quality quality)
{
  return (unsigned) quality <= NST_QUALITY_FINE ? quality_presets[quality].name : NULL;
}
