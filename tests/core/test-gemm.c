/* test-gemm.c - every kernel set this CPU runs (OpenBLAS, ours with AVX2,
 * ours with AVX-512), forced through nst_sgemm_with and
 * nst_ssyrk_upper_with, against a double-precision reference: the four
 * transpose combinations, sizes from 1 through the blocking edges to the
 * engine's shapes scaled down, alpha and beta (beta 0 over NaN), and
 * leading dimensions wider than the rows.  Elements outside the product
 * (row padding, SYRK's lower triangle) must keep their value. */
#include "test-util.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* |c - ref| <= TOL_SQRT_K_ULPS sqrt(k) eps (|alpha| sum|a b| + |beta c|):
 * rounding of sums of k products grows like sqrt(k); a missing or wrong
 * term at the largest k here is several times this. */
#define TOL_SQRT_K_ULPS 8.0
#define SENTINEL        12345.0f
#define N_ELEMENTS(a)   (sizeof (a) / sizeof ((a)[0]))

typedef struct
{
  int m, n, k;
} shape;

/* op(x)[i][p] of a row-major x stored with leading dimension ld. */
static double
op_at (const float *x, int ld, nst_trans t, int i, int p)
{
  return t == NST_TRANS ? x[(size_t) p * ld + i] : x[(size_t) i * ld + p];
}

/* Fill a stored rows x cols matrix (ld >= cols), padding with SENTINEL. */
static float *
matrix_new (int rows, int cols, int ld, uint64_t seed)
{
  float *x = malloc ((size_t) rows * ld * sizeof (float));
  int    i;

  test_fill_uniform (x, (size_t) rows * ld, -1.0, 1.0, seed);
  for (i = 0; i < rows; i++)
    {
      int j;

      for (j = cols; j < ld; j++)
        x[(size_t) i * ld + j] = SENTINEL;
    }
  return x;
}

/* Worst error of c over its tolerance (<= 1 passes); padding and, with
 * upper, the lower triangle must equal c0 there.  Returns +inf on any
 * changed element outside the product. */
static double
check_product (nst_trans ta, nst_trans tb, int m, int n, int k, float alpha,
               const float *a, int lda, const float *b, int ldb, float beta,
               const float *c0, const float *c, int ldc, int upper)
{
  double worst = 0.0;
  int    i, j, p;

  for (i = 0; i < m; i++)
    for (j = 0; j < ldc; j++)
      {
        size_t at = (size_t) i * ldc + j;
        double s = 0.0, mag = 0.0, ref, err;

        if (j >= n || (upper && j < i))
          {
            if (memcmp (&c[at], &c0[at], sizeof (float)) != 0)
              return INFINITY;
            continue;
          }
        for (p = 0; p < k; p++)
          {
            double t = op_at (a, lda, ta, i, p) * op_at (b, ldb, tb, p, j);

            s += t;
            mag += fabs (t);
          }
        ref = alpha * s;
        mag = fabs (alpha) * mag;
        if (beta != 0.0f)
          {
            ref += (double) beta * c0[at];
            mag += fabs ((double) beta * c0[at]);
          }
        err = fabs (c[at] - ref) / (TOL_SQRT_K_ULPS * sqrt (k > 1 ? k : 1) * FLT_EPSILON
                                    * mag + FLT_MIN);
        if (! (err <= worst))          /* also catches NaN */
          worst = isnan (err) ? INFINITY : err;
      }
  return worst;
}

/* One product with kernels kind; returns the failure count (0 or 1). */
static int
run_gemm (nst_kernels kind, nst_trans ta, nst_trans tb, shape s, float alpha, float beta,
          int pad, uint64_t seed)
{
  int    a_rows = ta ? s.k : s.m, a_cols = ta ? s.m : s.k;
  int    b_rows = tb ? s.n : s.k, b_cols = tb ? s.k : s.n;
  int    lda = a_cols + pad, ldb = b_cols + 2 * pad, ldc = s.n + 3 * pad;
  float *a = matrix_new (a_rows, a_cols, lda, seed);
  float *b = matrix_new (b_rows, b_cols, ldb, seed + 1);
  float *c0 = matrix_new (s.m, s.n, ldc, seed + 2);
  float *c = malloc ((size_t) s.m * ldc * sizeof (float));
  double err;
  size_t i;

  if (beta == 0.0f)                  /* must not be read */
    for (i = 0; i < (size_t) s.m * ldc; i++)
      if ((int) (i % ldc) < s.n)
        c0[i] = NAN;
  memcpy (c, c0, (size_t) s.m * ldc * sizeof (float));
  nst_sgemm_with (kind, ta, tb, s.m, s.n, s.k, alpha, a, lda, b, ldb, beta, c, ldc);
  err = check_product (ta, tb, s.m, s.n, s.k, alpha, a, lda, b, ldb, beta, c0, c, ldc, 0);
  if (! (err <= 1.0))
    printf ("#   %s %c%c m %d n %d k %d alpha %g beta %g pad %d: error %.3g x tolerance\n",
            nst_kernels_name (kind), ta ? 'T' : 'N', tb ? 'T' : 'N', s.m, s.n, s.k,
            alpha, beta, pad, err);
  free (a);
  free (b);
  free (c0);
  free (c);
  return err <= 1.0 ? 0 : 1;
}

static void
test_gemm (nst_kernels kind)
{
  /* 1s; micro-kernel edges (6 x 16, 8 x 32, +-1); depth across the
   * 384 slices; row blocks past 1536 and column blocks past 384; the
   * engine's shapes scaled down: conv1_1 im2col [64 x 27] x [27 x n], a
   * deep im2col, its transposed backward [9 c_in x c_out]^T-style, a
   * Winograd product [c_out x c_in] x [c_in x tiles]. */
  static const shape shapes[] =
    {
      { 1, 1, 1 }, { 1, 17, 3 }, { 5, 1, 9 }, { 6, 16, 1 }, { 8, 32, 4 }, { 9, 33, 2 },
      { 7, 15, 6 }, { 12, 32, 7 },
      { 13, 33, 5 }, { 11, 31, 2 }, { 25, 65, 385 }, { 37, 100, 800 },
      { 1600, 20, 10 }, { 20, 800, 30 }, { 64, 300, 27 }, { 128, 96, 1152 },
      { 288, 80, 64 }, { 96, 200, 96 },
    };
  static const float ab[][2] = { { 1.0f, 0.0f }, { 0.5f, 1.0f }, { -1.5f, 0.25f } };
  int    failures = 0, runs = 0, t, s, v;
  size_t i;

  for (t = 0; t < 4; t++)
    for (i = 0; i < N_ELEMENTS (shapes); i++)
      for (v = 0; v < (int) N_ELEMENTS (ab); v++)
        for (s = 0; s < 2; s++)
          {
            failures += run_gemm (kind, (nst_trans) (t >> 1), (nst_trans) (t & 1),
                                  shapes[i], ab[v][0], ab[v][1], s ? 3 : 0,
                                  1000 * i + 10 * v + s);
            runs++;
          }
  /* nothing to multiply: c = beta c (k 0, alpha 0) */
  failures += run_gemm (kind, NST_NO_TRANS, NST_NO_TRANS, (shape) { 7, 9, 0 }, 1.0f, 0.5f, 1, 5);
  failures += run_gemm (kind, NST_NO_TRANS, NST_NO_TRANS, (shape) { 7, 9, 0 }, 1.0f, 0.0f, 1, 6);
  failures += run_gemm (kind, NST_TRANS, NST_NO_TRANS, (shape) { 7, 9, 4 }, 0.0f, 2.0f, 1, 7);
  runs += 3;
  CHECK (failures == 0, "%s sgemm: %d of %d products within %.0f sqrt(k) ulps",
         nst_kernels_name (kind), runs - failures, runs, TOL_SQRT_K_ULPS);
}

static int
run_syrk (nst_kernels kind, int n, int k, float beta, int pad, uint64_t seed)
{
  int    lda = k + pad, ldc = n + pad, i, j;
  float  alpha = 1.0f / (float) k;
  float *a = matrix_new (n, k, lda, seed);
  float *c0 = matrix_new (n, n, ldc, seed + 1);
  float *c = malloc ((size_t) n * ldc * sizeof (float));
  double err;

  if (beta == 0.0f)
    for (i = 0; i < n; i++)
      for (j = i; j < n; j++)
        c0[(size_t) i * ldc + j] = NAN;
  memcpy (c, c0, (size_t) n * ldc * sizeof (float));
  nst_ssyrk_upper_with (kind, n, k, alpha, a, lda, beta, c, ldc);
  /* a a^T: B = a read transposed */
  err = check_product (NST_NO_TRANS, NST_TRANS, n, n, k, alpha, a, lda, a, lda, beta,
                       c0, c, ldc, 1);
  if (! (err <= 1.0))
    printf ("#   %s syrk n %d k %d beta %g pad %d: error %.3g x tolerance\n",
            nst_kernels_name (kind), n, k, beta, pad, err);
  free (a);
  free (c0);
  free (c);
  return err <= 1.0 ? 0 : 1;
}

static void
test_syrk (nst_kernels kind)
{
  /* Gram matrices [c x c] of [c x pixels], scaled down; n across the
   * 8 x 32 and 6 x 16 blocks and their diagonal */
  static const int ns[] = { 1, 5, 8, 12, 33, 64, 100 };
  static const int ks[] = { 1, 7, 385, 2000 };
  int    failures = 0, runs = 0;
  size_t i, j;

  for (i = 0; i < N_ELEMENTS (ns); i++)
    for (j = 0; j < N_ELEMENTS (ks); j++)
      {
        failures += run_syrk (kind, ns[i], ks[j], 0.0f, 0, 100 * i + j);
        failures += run_syrk (kind, ns[i], ks[j], 0.5f, 2, 100 * i + j + 50);
        runs += 2;
      }
  CHECK (failures == 0, "%s ssyrk upper: %d of %d products within %.0f sqrt(k) ulps, "
         "lower triangle untouched", nst_kernels_name (kind), runs - failures, runs,
         TOL_SQRT_K_ULPS);
}

/* The same call twice gives the same bits. */
static void
test_repeatable (nst_kernels kind)
{
  int    m = 70, n = 90, k = 500;
  float *a = matrix_new (m, k, k, 1), *b = matrix_new (k, n, n, 2);
  float *c1 = calloc ((size_t) m * n, sizeof (float)), *c2 = calloc ((size_t) m * n, sizeof (float));

  nst_sgemm_with (kind, NST_NO_TRANS, NST_NO_TRANS, m, n, k, 1.0f, a, k, b, n, 0.0f, c1, n);
  nst_sgemm_with (kind, NST_NO_TRANS, NST_NO_TRANS, m, n, k, 1.0f, a, k, b, n, 0.0f, c2, n);
  CHECK (memcmp (c1, c2, (size_t) m * n * sizeof (float)) == 0,
         "%s sgemm: two runs give the same bits", nst_kernels_name (kind));
  free (a);
  free (b);
  free (c1);
  free (c2);
}

int
main (void)
{
  static const nst_kernels kinds[] =
    { NST_KERNELS_OPENBLAS, NST_KERNELS_AVX2, NST_KERNELS_AVX512 };
  size_t i;

  for (i = 0; i < N_ELEMENTS (kinds); i++)
    {
      if (! nst_kernels_available (kinds[i]))
        {
          check_skip ("%s: not available on this CPU", nst_kernels_name (kinds[i]));
          continue;
        }
      test_gemm (kinds[i]);
      test_syrk (kinds[i]);
      test_repeatable (kinds[i]);
    }
  return check_finish ("gemm");
}
