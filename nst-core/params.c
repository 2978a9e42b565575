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
  p.chroma_tv_weight = -1.0f;
  p.composition_weight = -1.0f;
  p.patch_weight = -1.0f;
  p.patch_repeat = 0.5f;
  p.patch_levels = 1;
  p.pool = NST_POOL_AVERAGE;
  p.optimizer = NST_OPTIMIZER_LBFGS;
  p.iterations = 48;
  p.level_ratio = 1.0f;
  p.tolerance = 1e-3f;
  p.learning_rate = 0.02f;
  p.init = NST_INIT_DEFAULT;
  p.min_size = 200;
  p.style_scale = 1.0f;
  p.color = NST_COLOR_NONE;
  return p;
}

/* The schedule (nst_params_default): coarse-to-fine in steps of sqrt 2
 * from a first level of at least 200 px, `iterations` (48) at most at
 * every level, every level stopping once it stops improving.  Measured
 * with `nst stylize CONTENT starry_night.jpg --size 512 --seed 1 -t 2`,
 * final objective at the finest level, against the engine's schedule
 * before (256/362/512 px, 200 iterations each: coffee 0.8894, chelsea
 * 1.022); evaluations count the work, as seconds drift by 10-25% on the
 * shared machines:
 *                                  coffee (512 px)    chelsea (451 px)
 *   from 300 px, 80/64 (until 2026-12-05)  0.9116, 151   1.0326, 150
 *   from 300 px, 60/48                     0.9213         1.0445
 *   from 200 px, 48/48/48 (today)          0.9172, 153   1.0340, 151
 *   from 200 px, 40/40/56                  0.9157, 146   1.0326, 143
 *   from 200 px, 40/40/48                  0.9187, 138   1.0369, 135
 *   from 200 px, 40/60/48                  0.9174, 157   1.0343, 155
 *   from 200 px, 32/32/56                  0.9189, 129
 *   from 150 px, 60/40/40/48               0.9154, 199   1.0396, 197
 *   two levels a factor 2 apart, 80/48     0.9246, 136   1.0498, 134
 *   the same, 64/52                        0.9229, 125   1.0479, 122
 * The objective also moves by about 0.4% with the thread count alone
 * (chelsea 80/64: 1.0326 on two threads, 1.0369 on one), so only the
 * larger differences above are real.  What they say: the finest level's
 * iterations decide the result, and a level at 226 or 256 px costs a
 * quarter of the finest one's evaluation, so a third level that starts
 * cheaper is better than more iterations at the second, and a step of 2
 * instead of sqrt 2 costs the finer level more than it saves.  Counting an
 * evaluation's cost by its pixels, 48/48/48 is about 0.8 of 80/64's work
 * on both, for +0.1% (chelsea) and +0.6% (coffee).  Before that,
 * with 8 L-BFGS pairs: 362/512 px 100/80 0.9127 (196 evaluations),
 * 256/362/512 200/100/50 0.9127 (342), 120/60/30 0.9362 (227).  Starting
 * a finer level from the coarser result's change upsampled onto the
 * content at the finer size, or upsampling with Catmull-Rom instead of
 * bilinear, lowered the finer level's first loss but not its last;
 * Gaussian noise added to the upsampled start (sigma 0.03 or 0.08 in
 * [0,1] units) ended at 0.9111 and 0.9125 against 0.9116 (coffee 80/64).
 *
 * The presets set the working size and every level's iterations.  Fine
 * runs five levels, 256 to 1024 px, of at most 60.  Draft is one level
 * at 256 px: at 40 iterations its picture cannot be
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
  [NST_QUALITY_BALANCED] = { "balanced",  512,  48 },
  [NST_QUALITY_FINE]     = { "fine",     1024,  60 },
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
