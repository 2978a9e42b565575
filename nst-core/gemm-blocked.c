/* gemm-blocked.c - our packed, cache-blocked SGEMM around a micro-kernel
 * (the GotoBLAS / BLIS scheme, written for this engine's shapes).
 *
 *   for each block of mc rows of op(A)            (A block in L3)
 *     for each slice of kc of the depth
 *       pack op(A)[rows, slice] into panels of mr rows, [kc][mr]
 *       for each block of nc columns of op(B)
 *         pack op(B)[slice, cols] into panels of nr columns, [kc][nr]  (L2)
 *         for each panel of A (it stays in L1)
 *           for each panel of B: micro-kernel -> an mr x nr block of C
 *
 * Transposes cost nothing beyond the packing, which reads either layout.
 * Blocks of C that overhang its edges are computed into a small tile and
 * merged, so the micro-kernel only ever sees whole blocks.  The first
 * slice of the depth applies beta, the others add (beta 1): the sum over
 * k is always split the same way for the same shape, so results are
 * reproducible bit for bit.
 *
 * Pack buffers belong to the calling thread (a pthread key whose
 * destructor frees them when the thread ends) and only grow: after the
 * first products of a run no call allocates.  The main thread's stay
 * until the process exits (valgrind: "still reachable"), at most
 * (1536 + 384) x 384 floats, 2.8 MiB. */
#include "nst-private.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <xmmintrin.h>
#endif

/* Largest register block of any kernel (the edge tile lives on the stack). */
#define MAX_MR 16
#define MAX_NR 32

typedef struct
{
  float  *a, *b;
  size_t  a_floats, b_floats;
} pack_buffers;

/* The key of the per-thread pack buffers: process-wide, created once;
 * the only global state here, unavoidable for per-thread buffers. */
static pthread_key_t  pack_key;
static pthread_once_t pack_once = PTHREAD_ONCE_INIT;
static int            pack_key_ok;

/* The key's destructor: a thread's buffers when it ends. */
static void
pack_buffers_free (void *data)
{
  pack_buffers *pb = data;

  free (pb->a);
  free (pb->b);
  free (pb);
}

/* Run once through pthread_once; a failure leaves the products to
 * OpenBLAS (nst_gemm_blocked returns 0). */
static void
pack_key_create (void)
{
  pack_key_ok = pthread_key_create (&pack_key, pack_buffers_free) == 0;
}

/* Make *buf hold at least floats floats, 64-byte aligned; 0 on failure. */
static int
pack_grow (float **buf, size_t *have, size_t floats)
{
  void *p;

  if (*have >= floats)
    return 1;
  if ((p = nst_alloc_large (floats * sizeof (float))) == NULL)
    return 0;
  free (*buf);
  *buf = p;
  *have = floats;
  return 1;
}

/* This thread's buffers with room for a_floats and b_floats, or NULL. */
static pack_buffers *
pack_buffers_get (size_t a_floats, size_t b_floats)
{
  pack_buffers *pb;

  pthread_once (&pack_once, pack_key_create);
  if (! pack_key_ok)
    return NULL;
  pb = pthread_getspecific (pack_key);
  if (pb == NULL)
    {
      pb = calloc (1, sizeof *pb);
      if (pb == NULL)
        return NULL;
      if (pthread_setspecific (pack_key, pb) != 0)
        {
          free (pb);
          return NULL;
        }
    }
  if (! pack_grow (&pb->a, &pb->a_floats, a_floats)
      || ! pack_grow (&pb->b, &pb->b_floats, b_floats))
    return NULL;
  return pb;
}

/* dst[p ld + r] = src[r lds + p] for r < rows, p < kc: rows of a
 * row-major matrix into the columns of a panel, by 4 x 4 blocks of SSE
 * registers where there are whole ones (baseline x86-64 has SSE2). */
static void
pack_transposed (const float *src, int lds, int rows, int kc, float *dst, int ld)
{
  int r = 0, p;

#ifdef __SSE2__
  for (; r + 4 <= rows; r += 4)
    {
      const float *s0 = src + (size_t) r * lds, *s1 = s0 + lds, *s2 = s1 + lds, *s3 = s2 + lds;

      for (p = 0; p + 4 <= kc; p += 4)
        {
          __m128 x0 = _mm_loadu_ps (s0 + p), x1 = _mm_loadu_ps (s1 + p);
          __m128 x2 = _mm_loadu_ps (s2 + p), x3 = _mm_loadu_ps (s3 + p);

          _MM_TRANSPOSE4_PS (x0, x1, x2, x3);
          _mm_storeu_ps (dst + (size_t) p * ld + r, x0);
          _mm_storeu_ps (dst + (size_t) (p + 1) * ld + r, x1);
          _mm_storeu_ps (dst + (size_t) (p + 2) * ld + r, x2);
          _mm_storeu_ps (dst + (size_t) (p + 3) * ld + r, x3);
        }
      for (; p < kc; p++)
        {
          dst[(size_t) p * ld + r] = s0[p];
          dst[(size_t) p * ld + r + 1] = s1[p];
          dst[(size_t) p * ld + r + 2] = s2[p];
          dst[(size_t) p * ld + r + 3] = s3[p];
        }
    }
#endif
  for (; r < rows; r++)
    for (p = 0; p < kc; p++)
      dst[(size_t) p * ld + r] = src[(size_t) r * lds + p];
}

/* dst[p ld + j] = src[p lds + j] for p < kc, j < cols, and zero for
 * cols <= j < ld: rows already in the panel's order. */
static void
pack_straight (const float *src, int lds, int cols, int kc, float *dst, int ld)
{
  int p, j;

  for (p = 0; p < kc; p++)
    {
      const float *s = src + (size_t) p * lds;
      float       *d = dst + (size_t) p * ld;

      for (j = 0; j < cols; j++)
        d[j] = s[j];
      for (; j < ld; j++)
        d[j] = 0.0f;
    }
}

/* Zero rows r0 .. ld-1 of every p of a [kc][ld] panel. */
static void
pack_zero_tail (int r0, int kc, float *dst, int ld)
{
  int p, r;

  if (r0 < ld)
    for (p = 0; p < kc; p++)
      for (r = r0; r < ld; r++)
        dst[(size_t) p * ld + r] = 0.0f;
}

/* Rows i0 .. i0+rows-1, depth p0 .. p0+kc-1 of op(A) into panels of mr
 * rows, [kc][mr] each, the rows past the edge zero. */
static void
pack_a (const float *a, int lda, nst_trans ta, int i0, int rows, int p0, int kc, int mr,
        float *dst)
{
  int r0;

  for (r0 = 0; r0 < rows; r0 += mr, dst += (size_t) mr * kc)
    {
      int h = rows - r0 < mr ? rows - r0 : mr;

      /* op(A)[i][p] is a[p lda + i] transposed, a[i lda + p] not */
      if (ta == NST_TRANS)
        pack_straight (a + (size_t) p0 * lda + i0 + r0, lda, h, kc, dst, mr);
      else
        {
          pack_transposed (a + (size_t) (i0 + r0) * lda + p0, lda, h, kc, dst, mr);
          pack_zero_tail (h, kc, dst, mr);
        }
    }
}

/* Depth p0 .. p0+kc-1, columns j0 .. j0+cols-1 of op(B) into panels of
 * nr columns, [kc][nr] each, the columns past the edge zero. */
static void
pack_b (const float *b, int ldb, nst_trans tb, int p0, int kc, int j0, int cols, int nr,
        float *dst)
{
  int s0, p;

  if (tb == NST_NO_TRANS)
    {
      /* row by row of b, so that it is read in order (from L3 or memory)
       * and each panel written in order */
      int full = cols / nr * nr;

      for (p = 0; p < kc; p++)
        {
          const float *src = b + (size_t) (p0 + p) * ldb + j0;
          float       *d = dst + (size_t) p * nr;

          for (s0 = 0; s0 < full; s0 += nr, d += (size_t) nr * kc)
            memcpy (d, src + s0, nr * sizeof (float));
          if (full < cols)
            {
              memcpy (d, src + full, (cols - full) * sizeof (float));
              memset (d + (cols - full), 0, (nr - (cols - full)) * sizeof (float));
            }
        }
      return;
    }
  /* op(B)[p][j] = b[j ldb + p] */
  for (s0 = 0; s0 < cols; s0 += nr, dst += (size_t) nr * kc)
    {
      int w = cols - s0 < nr ? cols - s0 : nr;

      pack_transposed (b + (size_t) (j0 + s0) * ldb + p0, ldb, w, kc, dst, nr);
      pack_zero_tail (w, kc, dst, nr);
    }
}

/* c (rows x cols, ldc) = alpha t + beta c from the tile t (ld nr); with
 * upper, only elements with column >= row (global i0 + r, j0 + s). */
static void
merge_tile (const float *t, int nr, int rows, int cols, float alpha, float beta,
            float *c, int ldc, int upper, int i0, int j0)
{
  int r, s;

  for (r = 0; r < rows; r++)
    {
      float *cr = c + (size_t) r * ldc;
      int    s0 = upper && i0 + r > j0 ? i0 + r - j0 : 0;

      for (s = s0; s < cols; s++)
        cr[s] = beta == 0.0f ? alpha * t[r * nr + s] : alpha * t[r * nr + s] + beta * cr[s];
    }
}

/* The products of one packed A block (rows i0..) and B block (cols j0..)
 * into c (already offset to (i0, j0)). */
static void
gemm_macro (const nst_microkernel *uk, int rows, int cols, int kc, const float *pa,
            const float *pb, float alpha, float beta, float *c, int ldc, int upper,
            int i0, int j0)
{
  int   mr = uk->mr, nr = uk->nr, ir, jr;
  float tile[MAX_MR * MAX_NR] __attribute__ ((aligned (64)));

  for (ir = 0; ir < rows; ir += mr)
    {
      const float *a = pa + (size_t) ir * kc;
      int          h = rows - ir < mr ? rows - ir : mr;

      for (jr = 0; jr < cols; jr += nr)
        {
          const float *b = pb + (size_t) jr * kc;
          float       *cc = c + (size_t) ir * ldc + jr;
          int          w = cols - jr < nr ? cols - jr : nr;
          int          gi = i0 + ir, gj = j0 + jr;

          if (upper && gi > gj + w - 1)
            continue;                          /* wholly below the diagonal */
          if (h == mr && w == nr && ! (upper && gi + mr - 1 > gj))
            uk->fn (kc, a, b, cc, ldc, alpha, beta);
          else
            {
              /* an edge: half the work when half the panel is left */
              if (2 * w <= nr && uk->fn_half != NULL)
                uk->fn_half (kc, a, b, tile, nr, 1.0f, 0.0f);
              else
                uk->fn (kc, a, b, tile, nr, 1.0f, 0.0f);
              merge_tile (tile, nr, h, w, alpha, beta, cc, ldc, upper, gi, gj);
            }
        }
    }
}

/* c = beta c where there is nothing to multiply (k == 0 or alpha == 0);
 * beta 0 writes zeros without reading c. */
static void
scale_c (int m, int n, float beta, float *c, int ldc, int upper)
{
  int i, j;

  for (i = 0; i < m; i++)
    for (j = upper ? i : 0; j < n; j++)
      c[(size_t) i * ldc + j] = beta == 0.0f ? 0.0f : beta * c[(size_t) i * ldc + j];
}

/* v rounded up to a multiple of to. */
static int
round_up (int v, int to)
{
  return (v + to - 1) / to * to;
}

/* The depth of a slice: equal slices of at most uk->kc, so that 512 is
 * 256 + 256, not 384 + 128. */
static int
slice_depth (const nst_microkernel *uk, int k)
{
  int slices = (k + uk->kc - 1) / uk->kc;

  return (k + slices - 1) / slices;
}

int
nst_gemm_blocked (const nst_microkernel *uk, nst_trans ta, nst_trans tb,
                  int m, int n, int k, float alpha, const float *a, int lda,
                  const float *b, int ldb, float beta, float *c, int ldc, int upper)
{
  int           mc = m < uk->mc ? round_up (m, uk->mr) : uk->mc;
  int           nc = n < uk->nc ? round_up (n, uk->nr) : uk->nc;
  int           kc_max;
  pack_buffers *pb;
  int           i0, p0, j0;

  if (m <= 0 || n <= 0)
    return 1;
  if (k <= 0 || alpha == 0.0f)
    {
      scale_c (m, n, beta, c, ldc, upper);
      return 1;
    }
  kc_max = slice_depth (uk, k);
  pb = pack_buffers_get ((size_t) mc * kc_max, (size_t) nc * kc_max);
  if (pb == NULL)
    return 0;

  for (i0 = 0; i0 < m; i0 += uk->mc)
    {
      int rows = m - i0 < uk->mc ? m - i0 : uk->mc;

      for (p0 = 0; p0 < k; p0 += kc_max)
        {
          int   kc = k - p0 < kc_max ? k - p0 : kc_max;
          float bt = p0 == 0 ? beta : 1.0f;

          pack_a (a, lda, ta, i0, rows, p0, kc, uk->mr, pb->a);
          for (j0 = upper ? i0 / uk->nr * uk->nr : 0; j0 < n; j0 += uk->nc)
            {
              int cols = n - j0 < uk->nc ? n - j0 : uk->nc;

              pack_b (b, ldb, tb, p0, kc, j0, cols, uk->nr, pb->b);
              gemm_macro (uk, rows, cols, kc, pb->a, pb->b, alpha, bt,
                          c + (size_t) i0 * ldc + j0, ldc, upper, i0, j0);
            }
        }
    }
  return 1;
}

void
nst_gemm_layout_make (const nst_microkernel *uk, int is_b, int rows, int k,
                      nst_gemm_layout *layout)
{
  layout->k = k;
  layout->kc = k > 0 ? slice_depth (uk, k) : 1;
  layout->rb = is_b ? uk->nr : uk->mr;
  layout->rpad = round_up (rows, layout->rb);
}

/* The loops of nst_gemm_blocked without its packing: A's block (i0, p0)
 * starts at p0 mpad + i0 kc, B's (p0, j0) at p0 npad + j0 kc. */
void
nst_gemm_packed (const nst_microkernel *uk, int m, int n, int k, const float *pa,
                 const float *pb, float *c, int ldc)
{
  int mpad = round_up (m, uk->mr), npad = round_up (n, uk->nr);
  int kc_max, i0, p0, j0;

  if (m <= 0 || n <= 0)
    return;
  if (k <= 0)
    {
      scale_c (m, n, 0.0f, c, ldc, 0);
      return;
    }
  kc_max = slice_depth (uk, k);
  for (i0 = 0; i0 < m; i0 += uk->mc)
    {
      int rows = m - i0 < uk->mc ? m - i0 : uk->mc;

      for (p0 = 0; p0 < k; p0 += kc_max)
        {
          int kc = k - p0 < kc_max ? k - p0 : kc_max;

          for (j0 = 0; j0 < n; j0 += uk->nc)
            {
              int cols = n - j0 < uk->nc ? n - j0 : uk->nc;

              gemm_macro (uk, rows, cols, kc, pa + (size_t) p0 * mpad + (size_t) i0 * kc,
                          pb + (size_t) p0 * npad + (size_t) j0 * kc, 1.0f,
                          p0 == 0 ? 0.0f : 1.0f, c + (size_t) i0 * ldc + j0, ldc, 0, i0, j0);
            }
        }
    }
}
