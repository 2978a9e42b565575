/* rng.c - a small deterministic generator (splitmix64).
 *
 * The built-in network's weights and noise initialisation must be the same
 * on every machine and every run, so the core carries its own generator
 * instead of relying on the C library's rand(). */
#include "nst-private.h"

#include <math.h>

void
nst_rng_init (nst_rng  *rng,
              uint64_t  seed)
{
  rng->state = seed;
}

#define GOLDEN_GAMMA 0x9e3779b97f4a7c15ULL

uint64_t
nst_rng_next (nst_rng *rng)
{
  uint64_t z = (rng->state += GOLDEN_GAMMA);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* splitmix64's state only counts: draw k starts from seed + k gamma */
void
nst_rng_skip (nst_rng *rng, uint64_t draws)
{
  rng->state += draws * GOLDEN_GAMMA;
}

double
nst_rng_uniform (nst_rng *rng)
{
  return (nst_rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

double
nst_rng_normal (nst_rng *rng)
{
  double u1 = 1.0 - nst_rng_uniform (rng);   /* (0, 1]: log is finite */
  double u2 = nst_rng_uniform (rng);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * M_PI * u2);
}
