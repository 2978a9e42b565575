/* gemm.c - the engine's matrix products, on the calling thread.
 *
 * Every GEMM and SYRK of the engine goes through here, so that which
 * kernels run them is decided in one place. */
#include "nst-private.h"

#include <cblas.h>

void
nst_sgemm (nst_trans ta, nst_trans tb, int m, int n, int k,
           float alpha, const float *a, int lda, const float *b, int ldb,
           float beta, float *c, int ldc)
{
  cblas_sgemm (CblasRowMajor, ta == NST_TRANS ? CblasTrans : CblasNoTrans,
               tb == NST_TRANS ? CblasTrans : CblasNoTrans,
               m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void
nst_ssyrk_upper (int n, int k, float alpha, const float *a, int lda,
                 float beta, float *c, int ldc)
{
  cblas_ssyrk (CblasRowMajor, CblasUpper, CblasNoTrans, n, k, alpha, a, lda, beta, c, ldc);
}
