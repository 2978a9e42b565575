/* gram.c - Gram matrices of feature maps, split by columns over the
 * workers; each worker's partial sum is added in worker order, so the
 * result is the same for the same number of threads. */
#include "nst-private.h"


typedef struct
{
  const float *f;
  int          c;
  size_t       n;
  float       *g;
  float       *partials;
  int          parts;
} gram_call;

static void
task_gram (int t, int worker, void *data)
{
  gram_call *gc = data;
  size_t     q0 = gc->n * t / gc->parts, q1 = gc->n * (t + 1) / gc->parts;
  float     *out = t == 0 ? gc->g : gc->partials + (size_t) (t - 1) * gc->c * gc->c;

  (void) worker;
  /* [c, q1-q0] x [q1-q0, c] -> [c, c], upper triangle */
  nst_ssyrk_upper (gc->c, (int) (q1 - q0), 1.0f / (float) gc->n, gc->f + q0, (int) gc->n,
                   0.0f, out, gc->c);
}

size_t
nst_gram_partial_floats (const nst_workers *workers, int c)
{
  return (size_t) (nst_workers_size (workers) - 1) * c * c;
}

void
nst_gram (nst_workers *workers, const float *f, int c, size_t n, float *g, float *partials)
{
  gram_call gc = { f, c, n, g, partials, nst_workers_size (workers) };
  int       i, j, t;

  if ((size_t) gc.parts > n)
    gc.parts = 1;
  nst_workers_run (workers, gc.parts, task_gram, &gc);
  for (i = 0; i < c; i++)
    for (j = i; j < c; j++)
      {
        float s = g[(size_t) i * c + j];

        for (t = 1; t < gc.parts; t++)
          s += partials[(size_t) (t - 1) * c * c + (size_t) i * c + j];
        g[(size_t) i * c + j] = s;
        g[(size_t) j * c + i] = s;
      }
}
