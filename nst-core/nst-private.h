/* nst-private.h - what the core's files (and its white-box tests) share.
 * Not installed; not part of the API. */
#ifndef NST_PRIVATE_H
#define NST_PRIVATE_H

#include "nst.h"

#include <stdarg.h>

/* VGG-19 up to conv5_1: 13 convolutions, a 2x2 pool after conv1_2,
 * conv2_2, conv3_4 and conv4_4. */
#define NST_VGG_N_CONVS 13

/* torchvision's features.N index of each conv (weight and bias tensors). */
extern const int   nst_vgg_torch_index[NST_VGG_N_CONVS];
/* "conv1_1" ... "conv5_1"; the ReLU after conv i is named "relu" + suffix. */
extern const char *nst_vgg_conv_name[NST_VGG_N_CONVS];
/* Non-zero when a 2x2 pool follows conv i. */
extern const int   nst_vgg_pool_after[NST_VGG_N_CONVS];

typedef struct
{
  int    c_in;
  int    c_out;
  float *weight;   /* [c_out][c_in][3][3], torch layout */
  float *bias;     /* [c_out] */
} nst_conv_weights;

struct nst_model
{
  int              builtin;
  int              n_convs;          /* always NST_VGG_N_CONVS once loaded */
  nst_conv_weights conv[NST_VGG_N_CONVS];
  float            mean[3];          /* input normalisation: (x - mean) / std */
  float            std[3];
  const char      *default_style_layers;
  const char      *default_content_layers;
};

/* Allocate an empty model (all pointers NULL). */
nst_model *nst_model_alloc (void);

/* Check that conv shapes chain (c_in of conv i+1 == c_out of conv i, c_in
 * of conv 0 == 3) and that every weight is finite.  Fills err. */
nst_status nst_model_validate (const nst_model *model, nst_error *err);

/* Fill err (NULL-safe) with status and a printf-formatted message;
 * returns status so callers can `return nst_error_set (...)`. */
nst_status nst_error_set (nst_error *err, nst_status status, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

/* ---- The objective: loss and gradient at one resolution ---------------
 *
 * Loss, exactly (the PyTorch cross-check implements the same):
 *   x_n[c]  = (x[c] - mean[c]) / std[c]          x in [0,1], planar
 *   F_l     = relu(conv(...)) at layer l, [C_l, N_l], N_l = H_l * W_l
 *   G_l     = F_l F_l^T / N_l
 *   A_l     = sum_s b_s G_l(style s)             blend weights b_s sum to 1
 *   E_l     = mean((G_l - A_l)^2) / (mean(A_l^2) + NST_LOSS_EPS)
 *   Ls      = sum_l w_l E_l / sum_l w_l
 *   Lc      = mean over content layers of mean((F_l - P_l)^2) / (mean(P_l^2) + NST_LOSS_EPS)
 *   Ltv     = (sum of squared horizontal and vertical neighbour
 *              differences of x) / (3 H W)
 *   total   = content_weight Lc + style_weight Ls + tv_weight Ltv
 * Pools are 2x2 stride 2 and drop an odd last row/column (PyTorch's floor). */
#define NST_LOSS_EPS 1e-8

typedef struct nst_objective nst_objective;

typedef struct
{
  double total;
  double content;   /* weighted: content_weight * Lc */
  double style;     /* weighted: style_weight * Ls */
  double tv;        /* weighted: tv_weight * Ltv */
} nst_loss_terms;

/* Build the network, buffers and targets for a width x height image.
 * The content is resampled to width x height; each style so that its long
 * side is params->style_scale * max (width, height).  All buffers are
 * allocated here, none per evaluation. */
nst_status nst_objective_new (const nst_model *model,
                              const nst_image *content,
                              const nst_style *styles, int n_styles,
                              const nst_params *params,
                              int width, int height,
                              nst_objective **objective,
                              nst_error *err);

/* Loss at x and its gradient.  x and grad are planar [3][height][width]
 * floats in [0,1] pixel units; grad may be NULL for the loss alone. */
double nst_objective_evaluate (nst_objective *objective,
                               const float *x, float *grad,
                               nst_loss_terms *terms);

void   nst_objective_free (nst_objective *objective);

/* ---- Kernels (conv.c, pool.c, gram.c) -----------------------------------
 * Feature maps are planar: [C][H][W] floats. */

/* The im2col workspace is tiled in whole image rows and never exceeds this. */
#define NST_IM2COL_MAX_BYTES ((size_t) 64 << 20)

/* Floats of workspace a 3x3 conv over c_in channels of h x w needs. */
size_t nst_conv3x3_workspace_floats (int c_in, int h, int w);

/* y = conv3x3(x, weight) + bias, zero padding 1, stride 1.
 * [c_out, c_in*9] x [c_in*9, h*w] -> [c_out, h*w], tiled over rows.
 * bias may be NULL.  workspace holds nst_conv3x3_workspace_floats(). */
void nst_conv3x3_forward (const float *x, int c_in, int h, int w,
                          const float *weight, const float *bias, int c_out,
                          float *y, float *workspace);

/* Rearrange torch-layout weights [c_out][c_in][3][3] into the weights of
 * the transposed convolution, [c_in][c_out][3][3] with the taps flipped,
 * so that the backward pass is a forward conv: dx = conv3x3(dy, flipped). */
void nst_conv3x3_flip_weights (const float *weight, int c_out, int c_in, float *flipped);

void nst_pool2x2_forward  (const float *x, int c, int h, int w, nst_pool kind, float *y);
/* dx (c x h x w, overwritten) from dy (c x h/2 x w/2); max pooling routes
 * to the first maximum of each window of x. */
void nst_pool2x2_backward (const float *x, const float *dy, int c, int h, int w,
                           nst_pool kind, float *dx);

/* Seconds since an arbitrary start, monotonic. */
double nst_time_now (void);

#endif /* NST_PRIVATE_H */
