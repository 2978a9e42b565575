/* gram.c - Gram matrices of feature maps. */
#include "nst-private.h"

#include <cblas.h>

void
nst_gram (const float *f, int c, size_t n, float *g)
{
  int i, j;

  /* [c, n] x [n, c] -> [c, c]; only the upper triangle, then mirrored */
  cblas_ssyrk (CblasRowMajor, CblasUpper, CblasNoTrans, c, (int) n,
               1.0f / (float) n, f, (int) n, 0.0f, g, c);
  for (i = 0; i < c; i++)
    for (j = 0; j < i; j++)
      g[(size_t) i * c + j] = g[(size_t) j * c + i];
}
