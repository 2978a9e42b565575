/* winograd.h - what the Winograd driver (winograd.c) shares with its two
 * tile transforms, F(2x2,3x3) (winograd-f2.c) and F(4x4,3x3)
 * (winograd-f4.c).  Private to those three files. */
#ifndef NST_WINOGRAD_H
#define NST_WINOGRAD_H

#include "nst-private.h"

/* Kernels are transformed in blocks of this many (call) input channels,
 * one SIMD lane each. */
#define NST_WINO_KBLOCK 16

/* One Winograd conv call; the transforms read it, the driver moves the
 * chunk (ty0, tiles) along the image. */
typedef struct
{
  const float *x;           /* input planes [c_in][h][w] */
  const float *mask;        /* NULL, or x counts as 0 where mask <= 0 */
  int          c_in, c_out, h, w;
  const float *weight;      /* torch layout of the forward conv */
  int          transposed;
  const float *bias;
  int          relu;
  float       *y;           /* output planes [c_out][h][w] */
  int          m;           /* output tile side: 2 or 4 */
  int          alpha;       /* input tile side m + 2; alpha^2 GEMMs */
  const float *u;           /* [alpha^2][c_out][c_in], or packed (uk) */
  float       *u_out;       /* where the kernel transforms write U */
  float       *v;           /* [alpha^2][c_in][chunk tiles], or packed (uk) */
  float       *mm;          /* [alpha^2][c_out][chunk tiles], m_stride apart */
  /* With our kernels (F(4x4) only), U[e] and V[e] are written packed for
   * the micro-kernel uk (layouts lu, lv; u_stride, v_stride floats
   * apart); NULL: plain row-major matrices multiplied by nst_sgemm. */
  const nst_microkernel *uk;
  nst_gemm_layout        lu, lv;
  size_t                 u_stride, v_stride;
  size_t                 m_stride;  /* floats between the M[e] */
  int                    co_group;  /* output channels per kernel task: uk's mr, so
                                       that a packed panel is one task's */
  int          tw;          /* tiles per row */
  int          ty0, tiles;  /* current chunk: first tile row, tile count */
} nst_wino_call;

/* k[j][l] = tap j (row-major 3x3) of the kernel from input channel
 * i0 + l to output channel co, l < n; flipped and transposed for the
 * backward pass (weight[ci][co] of the forward conv, whose c_out is our
 * c_in).  Inline so that it shares the SIMD target of its caller. */
static inline __attribute__ ((always_inline)) void
nst_wino_gather (const nst_wino_call *c, int co, int i0, int n, float k[9][NST_WINO_KBLOCK])
{
  int l, j;

  if (c->transposed)
    for (l = 0; l < n; l++)
      {
        const float *g = c->weight + ((size_t) (i0 + l) * c->c_out + co) * 9;

        for (j = 0; j < 9; j++)
          k[j][l] = g[8 - j];
      }
  else
    {
      const float *g = c->weight + ((size_t) co * c->c_in + i0) * 9;

      for (l = 0; l < n; l++)
        for (j = 0; j < 9; j++)
          k[j][l] = g[l * 9 + j];
    }
  for (l = n; l < NST_WINO_KBLOCK; l++)
    for (j = 0; j < 9; j++)
      k[j][l] = 0.0f;
}

/* U[e][co][ci] = (G g G^T)[e] for all input channels ci of the output
 * channels co0 <= co < co1 (at most 16). */
void nst_wino2_kernels (const nst_wino_call *c, int co0, int co1);
void nst_wino4_kernels (const nst_wino_call *c, int co0, int co1);

/* V[e][ci][t] = (B^T d B)[e] for the chunk's tiles t of input channel ci. */
void nst_wino2_input (const nst_wino_call *c, int ci);
void nst_wino4_input (const nst_wino_call *c, int ci);

/* Output channel co of the chunk's tiles: A^T M A + bias, ReLU if asked. */
void nst_wino2_output (const nst_wino_call *c, int co);
void nst_wino4_output (const nst_wino_call *c, int co);

#endif /* NST_WINOGRAD_H */
