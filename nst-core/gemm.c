/* gemm.c - the engine's matrix products, on the calling thread, and the
 * one place that decides which kernels run them.
 *
 * Debian's OpenBLAS (DYNAMIC_ARCH) picks its kernels from the CPU's
 * family and model, and on a model it does not know falls back to SSE3
 * kernels ("Prescott"): six times slower on an AVX-512 Xeon.  So the
 * engine reads the CPU's instruction sets itself (cpu.c) and, by rule,
 * never by timing (the same machine always gives the same pixels):
 *
 *   CPU has AVX-512F                                       -> ours, AVX-512
 *   CPU has AVX2+FMA  and OpenBLAS's core is below AVX2    -> ours, AVX2
 *   otherwise                                              -> OpenBLAS
 *
 * The first line was "and OpenBLAS's core is below AVX-512"; ours proved
 * at least as fast as OpenBLAS's right core, so AVX-512 CPUs have one
 * path whatever OpenBLAS picks.  Single thread, Zen 4 (EPYC, AVX-512),
 * on a machine shared with other benchmarks (load 8-11), operands warm in
 * cache, best of 40 calls, two to four runs each, GFLOP/s, OpenBLAS
 * Cooperlake / ours AVX-512 8x32 / ours AVX2 6x16:
 *   [64 x 576] x [576 x 768]        87-98   / 93-99   / 79-95
 *   [128 x 1152] x [1152 x 512]     87-96   / 93-99   / 75-90
 *   [256 x 2304] x [2304 x 256]     90      / 94-100  / 73-85
 *   [1152 x 128]^T [128 x 512]      91-98   / 93-104  / 84-100
 *   [512 x 512] x [512 x 256]       100-103 / 99-110  / 88-105
 *   SYRK [512 x 1024]               86      / 98      / 79-88
 * (tests/bench/gemm-bench on 13 engine shapes, two runs: ours at least
 * as fast on 23 of 26), and `nst bench --size 512` per layer, 2 threads,
 * interleaved: ours at least as fast on 26 and 23 of the 26 layer x
 * direction rates of two rounds.  The AVX2 kernel was only measured on
 * that Zen 4, level with OpenBLAS at best (15 of 26; 9 and 16 of 26), so
 * where OpenBLAS runs its own AVX2 core (Haswell, Zen) it keeps the
 * products.  With OpenBLAS forced to Prescott an evaluation takes about 3x as long
 * (tests/bench/kernels-prescott.sh); ours bring it back.
 *
 * NST_KERNELS=auto|openblas|avx2|avx512 forces a choice (tests,
 * benchmarks); one the CPU cannot run falls back to the rule, with a
 * warning on stderr. */
#include "nst-private.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

/* The choice, made once per process on first use and never changed:
 * global by necessity (every product of every thread reads it). */
static pthread_once_t     choice_once = PTHREAD_ONCE_INIT;
static nst_kernels_report choice;

/* The level a CPU needs to run kind (NONE: OpenBLAS runs anywhere). */
static nst_isa
kernels_isa (nst_kernels kind)
{
  return kind == NST_KERNELS_AVX512 ? NST_ISA_AVX512
       : kind == NST_KERNELS_AVX2   ? NST_ISA_AVX2 : NST_ISA_NONE;
}

/* Our micro-kernel of kind, NULL for OpenBLAS. */
static const nst_microkernel *
kernels_micro (nst_kernels kind)
{
  return kind == NST_KERNELS_AVX512 ? &nst_microkernel_avx512
       : kind == NST_KERNELS_AVX2   ? &nst_microkernel_avx2 : NULL;
}

/* Non-zero when a CPU of level cpu_isa runs kind (and it was built). */
static int
kernels_runs_on (nst_kernels kind, nst_isa cpu_isa)
{
  const nst_microkernel *uk = kernels_micro (kind);

  return kind == NST_KERNELS_OPENBLAS || (uk->fn != NULL && cpu_isa >= kernels_isa (kind));
}

nst_kernels
nst_kernels_decide (nst_isa cpu_isa, nst_isa blas_isa, const char *env, int *fell_back)
{
  nst_kernels rule = NST_KERNELS_OPENBLAS, forced;

  if (cpu_isa >= NST_ISA_AVX512 && kernels_runs_on (NST_KERNELS_AVX512, cpu_isa))
    rule = NST_KERNELS_AVX512;
  else if (cpu_isa >= NST_ISA_AVX2 && blas_isa < NST_ISA_AVX2
           && kernels_runs_on (NST_KERNELS_AVX2, cpu_isa))
    rule = NST_KERNELS_AVX2;

  if (fell_back != NULL)
    *fell_back = 0;
  if (env == NULL || env[0] == '\0' || strcmp (env, "auto") == 0)
    return rule;
  if (strcmp (env, "openblas") == 0)
    forced = NST_KERNELS_OPENBLAS;
  else if (strcmp (env, "avx2") == 0)
    forced = NST_KERNELS_AVX2;
  else if (strcmp (env, "avx512") == 0)
    forced = NST_KERNELS_AVX512;
  else
    forced = (nst_kernels) -1;
  if (forced != (nst_kernels) -1 && kernels_runs_on (forced, cpu_isa))
    return forced;
  if (fell_back != NULL)
    *fell_back = 1;
  return rule;
}

/* Fill the process's choice: detection, rule, NST_KERNELS, and the
 * warning for people; run once, through pthread_once. */
static void
choice_make (void)
{
  nst_kernels_report *r = &choice;
  const char         *env = getenv ("NST_KERNELS");
  int                 fell_back;

  nst_cpu_detect (&r->cpu);
  nst_cpu_features_string (&r->cpu, r->cpu_features, sizeof r->cpu_features);
  r->cpu_isa = nst_cpu_isa (&r->cpu);
  r->blas_core = openblas_get_corename ();
  r->blas_isa = nst_openblas_core_isa (r->blas_core);
  r->kernels = nst_kernels_decide (r->cpu_isa, r->blas_isa, env, &fell_back);
  r->forced = env != NULL && env[0] != '\0' && strcmp (env, "auto") != 0 && ! fell_back
              ? env : NULL;
  if (fell_back && (strcmp (env, "avx2") == 0 || strcmp (env, "avx512") == 0))
    fprintf (stderr, "nst: warning: NST_KERNELS=%s is not available on this CPU (%s); "
             "using %s\n", env, nst_isa_name (r->cpu_isa), nst_kernels_name (r->kernels));
  else if (fell_back)
    fprintf (stderr, "nst: warning: NST_KERNELS=%s is not one of auto, openblas, avx2, "
             "avx512; using %s\n", env, nst_kernels_name (r->kernels));
  r->blas_weaker = r->blas_isa < r->cpu_isa;
  if (r->blas_weaker)
    snprintf (r->warning, sizeof r->warning,
              "OpenBLAS chose its %s kernels (%s) on a CPU with %s%s",
              r->blas_core, nst_isa_name (r->blas_isa), nst_isa_name (r->cpu_isa),
              r->kernels != NST_KERNELS_OPENBLAS
              ? "; the engine runs its own kernels instead"
              : r->cpu_isa >= NST_ISA_AVX2 ? "; the engine uses them anyway (forced)"
              : "; the engine has no faster kernels for this CPU");
}

/* The process's choice, made on first use. */
static const nst_kernels_report *
choice_get (void)
{
  pthread_once (&choice_once, choice_make);
  return &choice;
}

nst_kernels
nst_kernels_in_use (void)
{
  return choice_get ()->kernels;
}

const nst_microkernel *
nst_kernels_microkernel (void)
{
  return kernels_micro (nst_kernels_in_use ());
}

int
nst_kernels_available (nst_kernels kind)
{
  return kernels_runs_on (kind, choice_get ()->cpu_isa);
}

const char *
nst_kernels_name (nst_kernels kind)
{
  return kind == NST_KERNELS_AVX512 ? "avx512"
       : kind == NST_KERNELS_AVX2   ? "avx2" : "openblas";
}

void
nst_kernels_describe (nst_kernels_report *report)
{
  *report = *choice_get ();
}

void
nst_sgemm_with (nst_kernels kind, nst_trans ta, nst_trans tb, int m, int n, int k,
                float alpha, const float *a, int lda, const float *b, int ldb,
                float beta, float *c, int ldc)
{
  /* without its pack buffers (out of memory) the product still happens */
  if (kind != NST_KERNELS_OPENBLAS
      && nst_gemm_blocked (kernels_micro (kind), ta, tb, m, n, k, alpha, a, lda,
                           b, ldb, beta, c, ldc, 0))
    return;
  cblas_sgemm (CblasRowMajor, ta == NST_TRANS ? CblasTrans : CblasNoTrans,
               tb == NST_TRANS ? CblasTrans : CblasNoTrans,
               m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void
nst_ssyrk_upper_with (nst_kernels kind, int n, int k, float alpha, const float *a, int lda,
                      float beta, float *c, int ldc)
{
  /* a a^T: B is a read transposed */
  if (kind != NST_KERNELS_OPENBLAS
      && nst_gemm_blocked (kernels_micro (kind), NST_NO_TRANS, NST_TRANS, n, n, k, alpha,
                           a, lda, a, lda, beta, c, ldc, 1))
    return;
  cblas_ssyrk (CblasRowMajor, CblasUpper, CblasNoTrans, n, k, alpha, a, lda, beta, c, ldc);
}

void
nst_sgemm (nst_trans ta, nst_trans tb, int m, int n, int k,
           float alpha, const float *a, int lda, const float *b, int ldb,
           float beta, float *c, int ldc)
{
  nst_sgemm_with (nst_kernels_in_use (), ta, tb, m, n, k, alpha, a, lda, b, ldb,
                  beta, c, ldc);
}

void
nst_ssyrk_upper (int n, int k, float alpha, const float *a, int lda,
                 float beta, float *c, int ldc)
{
  nst_ssyrk_upper_with (nst_kernels_in_use (), n, k, alpha, a, lda, beta, c, ldc);
}
