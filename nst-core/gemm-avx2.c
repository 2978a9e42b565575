/* gemm-avx2.c - the AVX2 + FMA micro-kernel of our SGEMM: a 6 x 16 block
 * of C in 12 ymm accumulators.
 *
 * Each step of the depth loads two vectors of the B panel (16 columns)
 * and broadcasts 6 values of the A panel into 12 FMAs: 12 of the 16
 * registers hold C, 3 the operands.  Built for AVX2 and FMA through a
 * target attribute, so the library itself stays baseline x86-64 and
 * gemm.c calls this only on CPUs that have both. */
#include "nst-private.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define MR 6
#define NR 16

/* c[6 x 16] = alpha a b + beta c; a [kc][6], b [kc][16] (aligned). */
__attribute__ ((target ("avx2,fma")))
static void
microkernel_6x16 (int kc, const float *a, const float *b, float *c, ptrdiff_t ldc,
                  float alpha, float beta)
{
  __m256 lo[MR], hi[MR], va, vb;
  int    i, p;

#pragma GCC unroll 6
  for (i = 0; i < MR; i++)
    {
      lo[i] = _mm256_setzero_ps ();
      hi[i] = _mm256_setzero_ps ();
    }
  for (p = 0; p < kc; p++, a += MR, b += NR)
    {
      __m256 b0 = _mm256_load_ps (b), b1 = _mm256_load_ps (b + 8);

      _mm_prefetch ((const char *) (b + 8 * NR), _MM_HINT_T0);
#pragma GCC unroll 6
      for (i = 0; i < MR; i++)
        {
          __m256 ai = _mm256_broadcast_ss (a + i);

          lo[i] = _mm256_fmadd_ps (ai, b0, lo[i]);
          hi[i] = _mm256_fmadd_ps (ai, b1, hi[i]);
        }
    }

  va = _mm256_set1_ps (alpha);
  vb = _mm256_set1_ps (beta);
#pragma GCC unroll 6
  for (i = 0; i < MR; i++)
    {
      float *ci = c + i * ldc;

      if (beta == 0.0f)
        {
          _mm256_storeu_ps (ci, _mm256_mul_ps (va, lo[i]));
          _mm256_storeu_ps (ci + 8, _mm256_mul_ps (va, hi[i]));
        }
      else
        {
          _mm256_storeu_ps (ci, _mm256_fmadd_ps (va, lo[i], _mm256_mul_ps (vb, _mm256_loadu_ps (ci))));
          _mm256_storeu_ps (ci + 8, _mm256_fmadd_ps (va, hi[i],
                                                     _mm256_mul_ps (vb, _mm256_loadu_ps (ci + 8))));
        }
    }
}

#define MICROKERNEL microkernel_6x16
#else
#define MR 6
#define NR 16
#define MICROKERNEL NULL
#endif

/* kc: the A panel (6 x 384 floats, 9 KiB) stays in L1 while the B block
 * (384 x 384, 576 KiB) streams from L2. */
const nst_microkernel nst_microkernel_avx2 = { MR, NR, 384, 384, 1536, MICROKERNEL, NULL };
