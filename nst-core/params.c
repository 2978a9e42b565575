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
  p.iterations = 80;
  p.level_ratio = 0.8f;
  p.tolerance = 1e-3f;
  p.learning_rate = 0.02f;
  p.init = NST_INIT_CONTENT;
  p.min_size = 300;
  p.style_scale = 1.0f;
  p.color = NST_COLOR_NONE;
  return p;
}

/* The schedule (nst_params_default): coarse-to-fine in steps of sqrt 2
 * from a first level of at least 300 px, `iterations` (80) there and
 * each finer level at most 0.8 of the one before, every level stopping
 * once it stops improving.  Measured on coffee x starry_night, seed 1,
 * final objective at 512 x 341 against the engine's schedule before
 * (three levels 256/362/512 px, 200 iterations each: 0.8894 in 610 s),
 * with an L-BFGS history of 20 pairs (today):
 *   362/512 px, 80/64 iterations (today)    0.9116, 151 evaluations
 *   362/512, 70/56                          0.9169, 133
 *   362/512, 100/80                         0.9072, 188
 * and with the history of 8 pairs used before:
 *   362/512, 100/80                         0.9127, 196
 *   256/362/512, 200/100/50                 0.9127, 342
 *   362/512, 150/60                         0.9148, 224
 *   362/512, 120/60                         0.9179, 191
 *   256/362/512, 120/60/30                  0.9362, 227
 * An iteration at 256 px buys less than one at 362 px, whose evaluation
 * costs only ~1.5 times as much: VGG's deep layers are too small at 256
 * px to run at full speed.  chelsea x starry_night (451 px: 319/451)
 * 80/64: 1.0326 against 1.022 before (100/80: 1.0279; with 8 pairs
 * 1.0353; one level of 100 at 451 px, 1.0698).  Starting a finer level
 * from the coarser result's change upsampled onto the content at the
 * finer size, instead of the result upsampled, did not help (0.9126
 * against 0.9127).
 *
 * The presets set the working size and the first level's iterations.
 * Draft is one level at 256 px: at 40 iterations its picture cannot be
 * told from 100's (chelsea x starry_night: objective 1.157 vs 1.058) in
 * less than half the time, ~15 s on two Zen 4 cores. */
static const struct
{
  const char *name;
  int         size;
  int         iterations;
} quality_presets[] =
{
  [NST_QUALITY_DRAFT]    = { "draft",     256,  40 },
  [NST_QUALITY_BALANCED] = { "balanced",  512,  80 },
  [NST_QUALITY_FINE]     = { "fine",     1024, 100 },
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
