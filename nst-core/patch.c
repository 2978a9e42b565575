/* patch.c - the patch style loss (Li & Wand 2016): every 3 x 3 patch of
 * the result's features is pulled towards the style patch it correlates
 * with best, so the marks of the painting are copied whole rather than
 * matched in their statistics.  A price on patches used beyond their
 * share keeps one patch from being copied everywhere.  The formula is in
 * nst-private.h. */
#include "nst-private.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Result patches are scored against every style patch in blocks of this
 * many columns, one block per task at a time. */
#define PATCH_BLOCK 64

void
nst_patch_target_clear (nst_patch_target *pt)
{
  int k;

  free (pt->style);
  free (pt->inv_norm);
  free (pt->nearest);
  free (pt->error);
  free (pt->used);
  for (k = 0; k < pt->n_buffers; k++)
    {
      free (pt->block[k]);
      free (pt->scores[k]);
    }
  free (pt->block);
  free (pt->scores);
  memset (pt, 0, sizeof *pt);
}

/* Patch p of the valid grid of a c x h x w map, as d = 9 c floats at
 * out[k * stride], k = (channel * 3 + dy) * 3 + dx. */
static void
patch_gather (const float *f, int c, int h, int w, size_t p, float *out, size_t stride)
{
  int    gw = w - 2, i = (int) (p / gw), j = (int) (p % gw), ch, dy, dx;
  size_t k = 0;

  for (ch = 0; ch < c; ch++)
    for (dy = 0; dy < 3; dy++)
      for (dx = 0; dx < 3; dx++, k++)
        out[k * stride] = f[((size_t) ch * h + i + dy) * w + j + dx];
}

nst_status
nst_patch_target_add (nst_patch_target *pt, const float *f, int c, int h, int w,
                      nst_error *err)
{
  size_t n, p;
  float *grown;

  if (h < 3 || w < 3)
    return NST_STATUS_OK;   /* no whole patch at this size */
  n = (size_t) (h - 2) * (w - 2);
  pt->c = c;
  pt->d = 9 * c;
  grown = realloc (pt->style, (pt->ns + n) * pt->d * sizeof (float));
  if (grown == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the style patches.");
  pt->style = grown;
  for (p = 0; p < n; p++)
    patch_gather (f, c, h, w, p, pt->style + (pt->ns + p) * pt->d, 1);
  pt->ns += n;
  return NST_STATUS_OK;
}

nst_status
nst_patch_target_finish (nst_patch_target *pt, int h, int w, int n_buffers, nst_error *err)
{
  double sum = 0.0;
  size_t i, k;

  pt->nx = h >= 3 && w >= 3 ? (size_t) (h - 2) * (w - 2) : 0;
  if (pt->ns == 0 || pt->nx == 0)
    return NST_STATUS_OK;   /* the term is 0 at this size */
  pt->inv_norm = malloc (pt->ns * sizeof (float));
  pt->used = calloc (pt->ns, sizeof (float));
  pt->nearest = malloc (pt->nx * sizeof (size_t));
  pt->error = malloc (pt->nx * sizeof (double));
  pt->block = calloc (n_buffers, sizeof (float *));
  pt->scores = calloc (n_buffers, sizeof (float *));
  if (! pt->inv_norm || ! pt->used || ! pt->nearest || ! pt->error || ! pt->block || ! pt->scores)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the style patches.");
  pt->n_buffers = n_buffers;
  for (k = 0; k < (size_t) n_buffers; k++)
    {
      pt->block[k] = malloc ((size_t) pt->d * PATCH_BLOCK * sizeof (float));
      pt->scores[k] = malloc (pt->ns * PATCH_BLOCK * sizeof (float));
      if (pt->block[k] == NULL || pt->scores[k] == NULL)
        return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the patches.");
    }
  for (i = 0; i < pt->ns; i++)
    {
      double s = 0.0;

      for (k = 0; k < pt->d; k++)
        s += (double) pt->style[i * pt->d + k] * pt->style[i * pt->d + k];
      sum += s;
      pt->inv_norm[i] = (float) (1.0 / (sqrt (s) + NST_PATCH_EPS));
    }
  pt->norm = sum / ((double) pt->ns * pt->d) + NST_LOSS_EPS;
  return NST_STATUS_OK;
}

size_t
nst_patch_target_bytes (int c, size_t ns, size_t nx, int n_buffers)
{
  size_t d = (size_t) 9 * c;

  return ns * (d * sizeof (float) + 2 * sizeof (float)) + nx * (sizeof (size_t) + sizeof (double))
         + (size_t) n_buffers * (d + ns) * PATCH_BLOCK * sizeof (float);
}

typedef struct
{
  nst_patch_target *pt;
  const float      *f;
  int               h, w, parts;
  float             repeat;   /* 0 in the first pass */
} patch_call;

/* Task t: the nearest style patch of each result patch of its share of
 * the grid, and (on the last pass) each one's squared distance. */
static void
task_patch_nearest (int t, int worker, void *data)
{
  const patch_call *pc = data;
  nst_patch_target *pt = pc->pt;
  size_t            p0 = pt->nx * t / pc->parts, p1 = pt->nx * (t + 1) / pc->parts, b;
  float            *blk = pt->block[worker], *sc = pt->scores[worker];

  for (b = p0; b < p1; b += PATCH_BLOCK)
    {
      int    n = (int) (p1 - b < PATCH_BLOCK ? p1 - b : PATCH_BLOCK), j;
      size_t i, k;

      for (j = 0; j < n; j++)
        patch_gather (pc->f, pt->c, pc->h, pc->w, b + j, blk + j, (size_t) n);
      /* [ns x d] x [d x n]: every style patch against the block */
      nst_sgemm (NST_NO_TRANS, NST_NO_TRANS, (int) pt->ns, n, (int) pt->d, 1.0f, pt->style,
                 (int) pt->d, blk, n, 0.0f, sc, n);
      for (j = 0; j < n; j++)
        {
          double rn = 0.0, best = -DBL_MAX, e = 0.0;
          size_t arg = 0;

          for (k = 0; k < pt->d; k++)
            rn += (double) blk[k * n + j] * blk[k * n + j];
          rn = 1.0 / (sqrt (rn) + NST_PATCH_EPS);
          for (i = 0; i < pt->ns; i++)
            {
              double s = (double) sc[i * n + j] * pt->inv_norm[i] * rn
                         - (double) pc->repeat * pt->used[i];

              if (s > best)
                {
                  best = s;
                  arg = i;
                }
            }
          pt->nearest[b + j] = arg;
          for (k = 0; k < pt->d; k++)
            {
              double d = (double) blk[k * n + j] - pt->style[arg * pt->d + k];

              e += d * d;
            }
          pt->error[b + j] = e;
        }
    }
}

double
nst_patch_loss (nst_workers *workers, nst_patch_target *pt, const float *f, int h, int w,
                float repeat)
{
  patch_call pc = { pt, f, h, w, nst_workers_size (workers), 0.0f };
  double     s = 0.0;
  size_t     p, i;

  if (pt->ns == 0 || pt->nx == 0)
    return 0.0;
  if ((size_t) pc.parts > pt->nx)
    pc.parts = (int) pt->nx;
  if (repeat > 0.0f && ! pt->counted)
    {
      /* a style patch chosen k times its share costs k * repeat; the
       * counts are those of the first evaluation (the level's start) and
       * stay, so that the loss the optimiser sees changes with x alone */
      double share = (double) pt->nx / pt->ns;

      nst_workers_run (workers, pc.parts, task_patch_nearest, &pc);
      for (p = 0; p < pt->nx; p++)
        pt->used[pt->nearest[p]] += 1.0f;
      for (i = 0; i < pt->ns; i++)
        pt->used[i] = (float) (pt->used[i] / share);
      pt->counted = 1;
    }
  pc.repeat = repeat;
  nst_workers_run (workers, pc.parts, task_patch_nearest, &pc);
  for (p = 0; p < pt->nx; p++)
    s += pt->error[p];
  return s / ((double) pt->nx * pt->d * pt->norm);
}

typedef struct
{
  const nst_patch_target *pt;
  const float            *f;
  int                     h, w, parts;
  float                   k;
  float                  *df;
} patch_back_call;

/* Task t: the gradient on its share of the channels (no two tasks write
 * the same plane). */
static void
task_patch_backward (int t, int worker, void *data)
{
  const patch_back_call  *pb = data;
  const nst_patch_target *pt = pb->pt;
  int                     gw = pb->w - 2, c0 = pt->c * t / pb->parts, c1 = pt->c * (t + 1) / pb->parts;
  int                     ch, dy, dx;
  size_t                  p;

  (void) worker;
  for (ch = c0; ch < c1; ch++)
    for (p = 0; p < pt->nx; p++)
      {
        int          i = (int) (p / gw), j = (int) (p % gw);
        const float *s = pt->style + pt->nearest[p] * pt->d + (size_t) ch * 9;

        for (dy = 0; dy < 3; dy++)
          for (dx = 0; dx < 3; dx++)
            {
              size_t at = ((size_t) ch * pb->h + i + dy) * pb->w + j + dx;

              pb->df[at] += pb->k * (pb->f[at] - s[dy * 3 + dx]);
            }
      }
}

void
nst_patch_backward (nst_workers *workers, const nst_patch_target *pt, const float *f, int h,
                    int w, double scale, float *df)
{
  patch_back_call pb = { pt, f, h, w, nst_workers_size (workers), 0.0f, df };

  if (pt->ns == 0 || pt->nx == 0)
    return;
  pb.k = (float) (2.0 * scale / ((double) pt->nx * pt->d * pt->norm));
  if (pb.parts > pt->c)
    pb.parts = pt->c;
  nst_workers_run (workers, pb.parts, task_patch_backward, &pb);
}
