/* test-winograd.c - rounding of every conv path at VGG-19's real channel
 * counts, forward and backward to the input, against a direct
 * convolution summed in double.
 *
 * Winograd trades multiplications for transforms whose constants (up to 8
 * and 1/24 for F(4x4, 3x3)) amplify float rounding; this bounds it.
 * Inputs are what the network sees: ReLU outputs (non-negative, about
 * half zero), He-scaled zero-mean weights as in model-builtin.c, small
 * biases, and signed gradients masked by a ReLU (the fused mask of the
 * backward pass).  Spatial sizes are small but include 1x1, partial tiles
 * and sizes that are not multiples of 4.  Errors are relative to the
 * largest reference value (max) and to the reference's norm (RMS). */
#include "test-util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Worst relative error allowed, per path; measured worst (all layers and
 * sizes, two threads): see the table the test prints.  im2col and
 * F(2x2) round like a direct float sum; F(4x4) about 10x worse. */
#define TOL_MAX_DIRECT 2e-6
#define TOL_RMS_DIRECT 5e-7
#define TOL_MAX_F2     5e-6
#define TOL_RMS_F2     1e-6
#define TOL_MAX_F4     5e-5
#define TOL_RMS_F4     1e-5

#define N_ELEMENTS(a) (sizeof (a) / sizeof ((a)[0]))

static const int layer_c_in[NST_VGG_N_CONVS] =
  { 3, 64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512 };
static const int layer_c_out[NST_VGG_N_CONVS] =
  { 64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512 };

typedef struct { int h, w; } size2;

static const size2 sizes[] = { { 13, 7 }, { 1, 1 }, { 2, 3 }, { 9, 16 }, { 6, 5 } };
static const size2 quick_sizes[] = { { 13, 7 }, { 2, 3 } };

static const nst_conv_algorithm paths[] =
  { NST_CONV_IM2COL, NST_CONV_WINOGRAD_F2, NST_CONV_WINOGRAD_F4 };
static const char *path_name[] = { "im2col", "F(2x2)", "F(4x4)" };

/* Worst errors seen per path. */
typedef struct { double max_rel, rms_rel; } err_stat;

static void
fill_normal (float *v, size_t n, double scale, int relu, uint64_t seed)
{
  nst_rng rng;
  size_t  i;

  nst_rng_init (&rng, seed);
  for (i = 0; i < n; i++)
    {
      double z = scale * nst_rng_normal (&rng);

      v[i] = (float) (relu && z < 0.0 ? 0.0 : z);
    }
}

/* y = conv (x) + bias, in double. */
static void
reference_forward (const float *x, int c_in, int h, int w, const float *wt, const float *bias,
                   int c_out, double *y)
{
  size_t hw = (size_t) h * w;
  int    co, ci, ky, kx, i, j;

  for (co = 0; co < c_out; co++)
    for (i = 0; i < (int) hw; i++)
      y[co * hw + i] = bias[co];
  for (co = 0; co < c_out; co++)
    for (ci = 0; ci < c_in; ci++)
      for (ky = 0; ky < 3; ky++)
        for (kx = 0; kx < 3; kx++)
          {
            double       g = wt[((size_t) co * c_in + ci) * 9 + ky * 3 + kx];
            const float *xp = x + ci * hw;
            double      *yp = y + co * hw;

            for (i = 0; i < h; i++)
              for (j = 0; j < w; j++)
                {
                  int yy = i + ky - 1, xx = j + kx - 1;

                  if (yy >= 0 && yy < h && xx >= 0 && xx < w)
                    yp[i * w + j] += g * xp[yy * w + xx];
                }
          }
}

/* dx = conv^T (dy masked where act <= 0), in double. */
static void
reference_backward (const float *dy, const float *act, int c_out, int h, int w,
                    const float *wt, int c_in, double *dx)
{
  size_t hw = (size_t) h * w;
  int    co, ci, ky, kx, i, j;

  memset (dx, 0, (size_t) c_in * hw * sizeof (double));
  for (co = 0; co < c_out; co++)
    for (ci = 0; ci < c_in; ci++)
      for (ky = 0; ky < 3; ky++)
        for (kx = 0; kx < 3; kx++)
          {
            double       g = wt[((size_t) co * c_in + ci) * 9 + ky * 3 + kx];
            const float *gp = dy + co * hw, *ap = act + co * hw;
            double      *dp = dx + ci * hw;

            for (i = 0; i < h; i++)
              for (j = 0; j < w; j++)
                {
                  int yy = i - ky + 1, xx = j - kx + 1;

                  if (yy >= 0 && yy < h && xx >= 0 && xx < w && ap[yy * w + xx] > 0.0f)
                    dp[i * w + j] += g * gp[yy * w + xx];
                }
          }
}

/* Max error over max |ref| and RMS error over RMS ref. */
static void
compare (const float *got, const double *ref, size_t n, double *max_rel, double *rms_rel)
{
  double emax = 0.0, rmax = 0.0, e2 = 0.0, r2 = 0.0;
  size_t i;

  for (i = 0; i < n; i++)
    {
      double e = fabs (got[i] - ref[i]);

      emax = fmax (emax, e);
      rmax = fmax (rmax, fabs (ref[i]));
      e2 += e * e;
      r2 += ref[i] * ref[i];
    }
  *max_rel = rmax > 0.0 ? emax / rmax : emax;
  *rms_rel = r2 > 0.0 ? sqrt (e2 / r2) : sqrt (e2);
}

static int
same_floats (const float *a, const float *b, size_t n)
{
  return memcmp (a, b, n * sizeof (float)) == 0;
}

/* Every path at one layer shape and size; worst errors into stat[path]. */
static void
test_layer (nst_workers *pool, int layer, int c_in, int c_out, int h, int w, err_stat *stat)
{
  size_t  hw = (size_t) h * w, nx = (size_t) c_in * hw, ny = (size_t) c_out * hw, ws = 0;
  float  *x = malloc (nx * 4), *wt = malloc ((size_t) c_out * c_in * 9 * 4);
  float  *bias = malloc (c_out * 4), *dy = malloc (ny * 4), *act = malloc (ny * 4);
  float  *y = malloc (ny * 4), *y2 = malloc (ny * 4), *dx = malloc (nx * 4), *dx2 = malloc (nx * 4);
  float  *dym = malloc (ny * 4), *work;
  double *yref = malloc (ny * sizeof (double)), *dxref = malloc (nx * sizeof (double));
  size_t  p, i;

  fill_normal (x, nx, 1.0, 1, 10 + layer);
  fill_normal (wt, (size_t) c_out * c_in * 9, sqrt (2.0 / (9.0 * c_in)), 0, 20 + layer);
  fill_normal (bias, c_out, 0.1, 0, 30 + layer);
  fill_normal (dy, ny, 1.0, 0, 40 + layer);
  fill_normal (act, ny, 1.0, 1, 50 + layer);
  for (i = 0; i < ny; i++)
    dym[i] = act[i] > 0.0f ? dy[i] : 0.0f;
  for (p = 0; p < N_ELEMENTS (paths); p++)
    {
      size_t s = nst_conv3x3_algorithm_workspace_floats (paths[p], c_in, c_out, h, w);
      ws = s > ws ? s : ws;
    }
  work = malloc (ws * 4);
  reference_forward (x, c_in, h, w, wt, bias, c_out, yref);
  reference_backward (dy, act, c_out, h, w, wt, c_in, dxref);

  for (p = 0; p < N_ELEMENTS (paths); p++)
    {
      double fmax_rel, frms, bmax_rel, brms;
      int    relu_ok = 1, mask_ok, repeat_ok;

      nst_conv3x3_forward_with (paths[p], pool, x, c_in, h, w, wt, bias, c_out, 0, y, work);
      compare (y, yref, ny, &fmax_rel, &frms);
      nst_conv3x3_forward_with (paths[p], pool, x, c_in, h, w, wt, bias, c_out, 1, y2, work);
      for (i = 0; i < ny; i++)
        relu_ok &= y2[i] == (y[i] > 0.0f ? y[i] : 0.0f);

      /* the fused ReLU mask equals masking first, bit for bit */
      {
        float *g = malloc (ny * 4);

        memcpy (g, dy, ny * 4);
        nst_conv3x3_backward_with (paths[p], pool, g, act, c_out, h, w, wt, c_in, dx, work);
        memcpy (g, dym, ny * 4);
        nst_conv3x3_backward_with (paths[p], pool, g, NULL, c_out, h, w, wt, c_in, dx2, work);
        mask_ok = same_floats (dx, dx2, nx);
        memcpy (g, dy, ny * 4);
        nst_conv3x3_backward_with (paths[p], pool, g, act, c_out, h, w, wt, c_in, dx2, work);
        repeat_ok = same_floats (dx, dx2, nx);
        free (g);
      }
      compare (dx, dxref, nx, &bmax_rel, &brms);

      /* weights prepared once (nst_winograd_weights, as a network that
       * runs backward has them) give the bits of the in-call transform */
      if (paths[p] != NST_CONV_IM2COL)
        {
          int    m = paths[p] == NST_CONV_WINOGRAD_F4 ? 4 : 2;
          float *uf = malloc (nst_winograd_weights_floats (m, c_in, c_out) * 4);
          float *ub = malloc (nst_winograd_weights_floats (m, c_out, c_in) * 4);
          float *y3 = malloc (ny * 4), *dx3 = malloc (nx * 4), *g = malloc (ny * 4);

          nst_winograd_weights (pool, m, wt, 0, c_in, c_out, uf);
          nst_winograd_weights (pool, m, wt, 1, c_out, c_in, ub);
          nst_winograd_conv3x3 (pool, m, x, NULL, c_in, h, w, wt, 0, bias, c_out, 1, uf, y3, work);
          memcpy (g, dy, ny * 4);
          nst_winograd_conv3x3 (pool, m, g, act, c_out, h, w, wt, 1, NULL, c_in, 0, ub, dx3, work);
          if (! same_floats (y2, y3, ny) || ! same_floats (dx, dx3, nx))
            CHECK (0, "%s %s at %dx%d: prepared weights give other bits (forward %s, "
                   "backward %s)", nst_vgg_conv_name[layer], path_name[p], w, h,
                   same_floats (y2, y3, ny) ? "same" : "differs",
                   same_floats (dx, dx3, nx) ? "same" : "differs");
          free (uf); free (ub); free (y3); free (dx3); free (g);
        }

      printf ("# %-8s %3d->%-3d %2dx%-2d %-7s forward %.1e max %.1e rms   "
              "backward %.1e max %.1e rms\n", nst_vgg_conv_name[layer], c_in, c_out, w, h,
              path_name[p], fmax_rel, frms, bmax_rel, brms);
      stat[p].max_rel = fmax (stat[p].max_rel, fmax (fmax_rel, bmax_rel));
      stat[p].rms_rel = fmax (stat[p].rms_rel, fmax (frms, brms));
      if (! relu_ok || ! mask_ok || ! repeat_ok)
        CHECK (0, "%s %s at %dx%d: fused ReLU %s, fused mask %s, repeat %s",
               nst_vgg_conv_name[layer], path_name[p], w, h, relu_ok ? "ok" : "differs",
               mask_ok ? "ok" : "differs", repeat_ok ? "ok" : "differs");
    }

  free (x); free (wt); free (bias); free (dy); free (act); free (y); free (y2);
  free (dx); free (dx2); free (dym); free (work); free (yref); free (dxref);
}

int
main (void)
{
  const char  *env = getenv ("NST_TEST_QUICK");
  int          quick = env != NULL && strcmp (env, "") != 0 && strcmp (env, "0") != 0;
  const size2 *sz = quick ? quick_sizes : sizes;
  size_t       n_sizes = quick ? N_ELEMENTS (quick_sizes) : N_ELEMENTS (sizes), s;
  const double tol_max[] = { TOL_MAX_DIRECT, TOL_MAX_F2, TOL_MAX_F4 };
  const double tol_rms[] = { TOL_RMS_DIRECT, TOL_RMS_F2, TOL_RMS_F4 };
  err_stat     stat[N_ELEMENTS (paths)] = { { 0, 0 } };
  nst_workers *pool = NULL;
  nst_error    err;
  int          l;
  size_t       p;

  nst_workers_new (2, &pool, &err);
  if (quick)
    printf ("# NST_TEST_QUICK: fewer sizes, layers up to 256 channels\n");
  printf ("# relative errors against a direct conv in double "
          "(max |err| / max |ref|, RMS err / RMS ref)\n");
  for (l = 0; l < NST_VGG_N_CONVS; l++)
    {
      if (quick && layer_c_in[l] > 256)
        continue;
      if (l > 0 && layer_c_in[l] == layer_c_in[l - 1] && layer_c_out[l] == layer_c_out[l - 1]
          && ! (l == 12))   /* repeated shapes: once (conv5_1 for 512 -> 512) */
        continue;
      for (s = 0; s < n_sizes; s++)
        test_layer (pool, l, layer_c_in[l], layer_c_out[l], sz[s].h, sz[s].w, stat);
    }
  for (p = 0; p < N_ELEMENTS (paths); p++)
    CHECK (stat[p].max_rel < tol_max[p] && stat[p].rms_rel < tol_rms[p],
           "%s: worst relative error %.2g max (< %.0e), %.2g RMS (< %.0e)", path_name[p],
           stat[p].max_rel, tol_max[p], stat[p].rms_rel, tol_rms[p]);
  nst_workers_free (pool);
  return check_finish ("winograd");
}
