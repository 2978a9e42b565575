/* pool.c - 2x2, stride 2 average and max pooling and their backward passes.
 * An odd last row or column is dropped, as PyTorch's floor mode does. */
#include "nst-private.h"

#include <string.h>

void
nst_pool2x2_forward (const float *x, int c, int h, int w, nst_pool kind, float *y)
{
  int ho = h / 2, wo = w / 2;
  int ch, i, j;

  for (ch = 0; ch < c; ch++)
    {
      const float *xc = x + (size_t) ch * h * w;
      float       *yc = y + (size_t) ch * ho * wo;

      for (i = 0; i < ho; i++)
        {
          const float *r0 = xc + (size_t) (2 * i) * w;
          const float *r1 = r0 + w;

          for (j = 0; j < wo; j++)
            {
              float a = r0[2 * j], b = r0[2 * j + 1];
              float c0 = r1[2 * j], d = r1[2 * j + 1];

              if (kind == NST_POOL_MAX)
                {
                  float m = a > b ? a : b;
                  float n = c0 > d ? c0 : d;
                  yc[(size_t) i * wo + j] = m > n ? m : n;
                }
              else
                yc[(size_t) i * wo + j] = 0.25f * ((a + b) + (c0 + d));
            }
        }
    }
}

void
nst_pool2x2_backward (const float *x, const float *dy, int c, int h, int w,
                      nst_pool kind, float *dx)
{
  int ho = h / 2, wo = w / 2;
  int ch, i, j;

  memset (dx, 0, (size_t) c * h * w * sizeof (float));
  for (ch = 0; ch < c; ch++)
    {
      const float *xc = x + (size_t) ch * h * w;
      const float *dyc = dy + (size_t) ch * ho * wo;
      float       *dxc = dx + (size_t) ch * h * w;

      for (i = 0; i < ho; i++)
        for (j = 0; j < wo; j++)
          {
            size_t p00 = (size_t) (2 * i) * w + 2 * j;
            size_t pos[4] = { p00, p00 + 1, p00 + w, p00 + w + 1 };
            float  g = dyc[(size_t) i * wo + j];
            int    k, best = 0;

            if (kind != NST_POOL_MAX)
              {
                for (k = 0; k < 4; k++)
                  dxc[pos[k]] = 0.25f * g;
                continue;
              }
            /* the first maximum takes the gradient, as in PyTorch */
            for (k = 1; k < 4; k++)
              if (xc[pos[k]] > xc[pos[best]])
                best = k;
            dxc[pos[best]] = g;
          }
    }
}
