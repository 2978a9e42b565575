/* gemm-avx512.c - the AVX-512 micro-kernel of our SGEMM: an 8 x 32 block
 * of C in 16 zmm accumulators.
 *
 * Each step of the depth loads two vectors of the B panel (32 columns)
 * and broadcasts 8 values of the A panel into 16 FMAs: 16 chains cover
 * the FMA latency of two pipes, and 10 loads per 16 FMAs stay inside
 * what one core's load ports deliver.  8 rows, not the 12 a register
 * file of 32 would allow: the engine's row counts (c_out 64..512, 9 c_in)
 * are multiples of 8 and 64, so no block overhangs them; 12 x 32 wasted
 * an eighth of a 64-row product on its edge and measured 5-15 % slower
 * (single thread, Zen 4: 12 x 32 84-97, 8 x 32 93-103 GFLOP/s on
 * [64 x 576] x [576 x 768], [128 x 1152] x [1152 x 512], ...).
 * Built for AVX-512F only, through a target attribute, so the library
 * itself stays baseline x86-64 and gemm.c calls this only on CPUs that
 * have it. */
#include "nst-private.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define MR 8
#define NR 32

/* 16 floats of c = alpha acc + beta c (beta 0: c is not read). */
__attribute__ ((target ("avx512f"), always_inline))
static inline void
store_16 (float *c, __m512 acc, __m512 va, __m512 vb, float beta)
{
  if (beta == 0.0f)
    _mm512_storeu_ps (c, _mm512_mul_ps (va, acc));
  else
    _mm512_storeu_ps (c, _mm512_fmadd_ps (va, acc, _mm512_mul_ps (vb, _mm512_loadu_ps (c))));
}

/* c[8 x 32] = alpha a b + beta c; a [kc][8], b [kc][32] (aligned). */
__attribute__ ((target ("avx512f")))
static void
microkernel_8x32 (int kc, const float *a, const float *b, float *c, ptrdiff_t ldc,
                   float alpha, float beta)
{
  __m512 lo[MR], hi[MR], va, vb;
  int    i, p;

#pragma GCC unroll 8
  for (i = 0; i < MR; i++)
    {
      lo[i] = _mm512_setzero_ps ();
      hi[i] = _mm512_setzero_ps ();
    }
  for (p = 0; p < kc; p++, a += MR, b += NR)
    {
      __m512 b0 = _mm512_load_ps (b), b1 = _mm512_load_ps (b + 16);

      _mm_prefetch ((const char *) (b + 8 * NR), _MM_HINT_T0);
#pragma GCC unroll 8
      for (i = 0; i < MR; i++)
        {
          __m512 ai = _mm512_set1_ps (a[i]);

          lo[i] = _mm512_fmadd_ps (ai, b0, lo[i]);
          hi[i] = _mm512_fmadd_ps (ai, b1, hi[i]);
        }
    }

  va = _mm512_set1_ps (alpha);
  vb = _mm512_set1_ps (beta);
#pragma GCC unroll 8
  for (i = 0; i < MR; i++)
    {
      store_16 (c + i * ldc, lo[i], va, vb, beta);
      store_16 (c + i * ldc + 16, hi[i], va, vb, beta);
    }
}

/* c[8 x 16] = alpha a b + beta c from the first 16 columns of a b panel
 * of 32: a product's last panel when 16 columns or fewer are left.
 * Narrow products are common: 70 Winograd tiles (VGG's conv4 layers at
 * a 319 x 212 level) are 3 panels, the last 6 columns wide, whose zero
 * padding the 8 x 32 kernel multiplied in full.  Each element sums in
 * the same order as in microkernel_8x32: the same bits. */
__attribute__ ((target ("avx512f")))
static void
microkernel_8x16 (int kc, const float *a, const float *b, float *c, ptrdiff_t ldc,
                  float alpha, float beta)
{
  __m512 acc[MR], va, vb;
  int    i, p;

#pragma GCC unroll 8
  for (i = 0; i < MR; i++)
    acc[i] = _mm512_setzero_ps ();
  for (p = 0; p < kc; p++, a += MR, b += NR)
    {
      __m512 b0 = _mm512_load_ps (b);

#pragma GCC unroll 8
      for (i = 0; i < MR; i++)
        acc[i] = _mm512_fmadd_ps (_mm512_set1_ps (a[i]), b0, acc[i]);
    }

  va = _mm512_set1_ps (alpha);
  vb = _mm512_set1_ps (beta);
#pragma GCC unroll 8
  for (i = 0; i < MR; i++)
    store_16 (c + i * ldc, acc[i], va, vb, beta);
}

#define MICROKERNEL microkernel_8x32
#define MICROKERNEL_HALF microkernel_8x16
#else
#define MR 8
#define NR 32
#define MICROKERNEL NULL
#define MICROKERNEL_HALF NULL
#endif

/* kc: the A panel (8 x 384 floats, 12 KiB) stays in a 32 KiB L1 while
 * the B block (384 x 384, 576 KiB) streams from a 1-2 MiB L2.  kc 256 or
 * 512 and nc 192 to 768 measured the same within the noise. */
const nst_microkernel nst_microkernel_avx512 =
  { MR, NR, 384, 384, 1536, MICROKERNEL, MICROKERNEL_HALF };
