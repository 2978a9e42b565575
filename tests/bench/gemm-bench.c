/* gemm-bench.c - single-thread GFLOP/s of every kernel set this CPU runs
 * (OpenBLAS with whatever core it chose, ours AVX2, ours AVX-512) on the
 * engine's shapes.  Numbers only, never a verdict.
 *
 *   gemm-bench [REPEATS]        (OPENBLAS_CORETYPE=Prescott to see the
 *                                core OpenBLAS falls back to)
 *
 * Each figure is the best of REPEATS (default 15) timed calls after a
 * warm-up: on a shared machine the minimum is the least disturbed. */
#include "nst-private.h"

#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct
{
  const char *what;
  int         syrk;
  nst_trans   ta;
  int         m, n, k;
  float       beta;
} bench_shape;

static const bench_shape shapes[] =
  {
    /* im2col forward: [c_out, 9 c_in] x [9 c_in, column tile] */
    { "conv1_1 fwd  [64x27]x[27x8192]",        0, NST_NO_TRANS,   64, 8192,   27, 0.0f },
    { "conv1_2 fwd  [64x576]x[576x4096]",      0, NST_NO_TRANS,   64, 4096,  576, 0.0f },
    { "conv2_2 fwd  [128x1152]x[1152x2048]",   0, NST_NO_TRANS,  128, 2048, 1152, 0.0f },
    { "conv3_2 fwd  [256x2304]x[2304x1024]",   0, NST_NO_TRANS,  256, 1024, 2304, 0.0f },
    { "conv4_1 fwd  [512x2304]x[2304x512]",    0, NST_NO_TRANS,  512,  512, 2304, 0.0f },
    /* backward to the input: [9 c_in, c_out] (A transposed) x [c_out, tile] */
    { "conv2_2 bwd  [1152x128]^T.[128x2048]",  0, NST_TRANS,    1152, 2048,  128, 0.0f },
    { "conv3_2 bwd  [2304x256]^T.[256x1024]",  0, NST_TRANS,    2304, 1024,  256, 0.0f },
    /* Winograd: [c_out, c_in] x [c_in, tiles] */
    { "winograd     [512x512]x[512x1024]",     0, NST_NO_TRANS,  512, 1024,  512, 0.0f },
    { "winograd     [512x512]x[512x256]",      0, NST_NO_TRANS,  512,  256,  512, 0.0f },
    /* style backward: [c, c] x [c, n] accumulated */
    { "style bwd    [256x256]x[256x8192]+C",   0, NST_NO_TRANS,  256, 8192,  256, 1.0f },
    /* Gram: [c, n] [c, n]^T, upper triangle */
    { "gram syrk    [64x65536]",               1, NST_NO_TRANS,   64,   64, 65536, 0.0f },
    { "gram syrk    [256x16384]",              1, NST_NO_TRANS,  256,  256, 16384, 0.0f },
    { "gram syrk    [512x4096]",               1, NST_NO_TRANS,  512,  512, 4096, 0.0f },
  };

static void
fill (float *v, size_t n, unsigned seed)
{
  size_t i;

  for (i = 0; i < n; i++)
    {
      seed = seed * 1664525u + 1013904223u;
      v[i] = (float) (seed >> 8) / 16777216.0f - 0.5f;
    }
}

/* Best seconds of repeats calls of shape s with kind. */
static double
time_shape (nst_kernels kind, const bench_shape *s, const float *a, const float *b, float *c,
            int repeats)
{
  double best = 1e30;
  int    r;

  for (r = 0; r <= repeats; r++)
    {
      double t0 = nst_time_now (), t;

      if (s->syrk)
        nst_ssyrk_upper_with (kind, s->m, s->k, 1.0f, a, s->k, 0.0f, c, s->m);
      else
        nst_sgemm_with (kind, s->ta, NST_NO_TRANS, s->m, s->n, s->k, 1.0f, a,
                        s->ta ? s->m : s->k, b, s->n, s->beta, c, s->n);
      t = nst_time_now () - t0;
      if (r > 0 && t < best)                  /* call 0 is the warm-up */
        best = t;
    }
  return best;
}

int
main (int argc, char **argv)
{
  static const nst_kernels kinds[] =
    { NST_KERNELS_OPENBLAS, NST_KERNELS_AVX2, NST_KERNELS_AVX512 };
  int                repeats = argc > 1 ? atoi (argv[1]) : 15;
  nst_kernels_report rep;
  size_t             i, j;

  openblas_set_num_threads (1);
  nst_kernels_describe (&rep);
  printf ("CPU %s (%s); OpenBLAS core %s (%s); engine's choice: %s\n",
          rep.cpu.brand, rep.cpu_features, rep.blas_core, nst_isa_name (rep.blas_isa),
          nst_kernels_name (rep.kernels));
  printf ("single thread, GFLOP/s, best of %d (syrk: FLOP = c (c+1) n)\n", repeats);
  printf ("%-40s", "shape");
  for (j = 0; j < 3; j++)
    if (nst_kernels_available (kinds[j]))
      printf (" %12s", j == 0 ? rep.blas_core : nst_kernels_name (kinds[j]));
  printf ("\n");

  for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
    {
      const bench_shape *s = &shapes[i];
      size_t             na = (size_t) s->m * s->k, nb = (size_t) s->k * s->n;
      float             *a = malloc (na * sizeof (float));
      float             *b = malloc (nb * sizeof (float));
      float             *c = calloc ((size_t) s->m * s->n, sizeof (float));
      double             flop = s->syrk ? (double) s->m * (s->m + 1) * s->k
                                        : 2.0 * s->m * s->n * (double) s->k;

      fill (a, na, 1);
      fill (b, nb, 2);
      printf ("%-40s", s->what);
      for (j = 0; j < 3; j++)
        if (nst_kernels_available (kinds[j]))
          printf (" %12.1f", flop / time_shape (kinds[j], s, a, b, c, repeats) / 1e9);
      printf ("\n");
      fflush (stdout);
      free (a);
      free (b);
      free (c);
    }
  return 0;
}
