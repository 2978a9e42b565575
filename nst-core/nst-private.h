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
  int              default_style_tiles;
  float            default_chroma_tv_weight;
  float            default_composition_weight;
  float            default_patch_weight;
  const char      *default_patch_layers;
  float            style_gain;       /* the style term's multiplier (nst_model_info) */
  int              default_style_bands;
  nst_init         default_init;
};

/* The tiles a run compares the style in: params->style_tiles, or the
 * model's default when 0 (never less than 1). */
int nst_style_tiles (const nst_model *model, const nst_params *params);

/* The luminance bands of a run: params->style_bands, or the model's
 * default when 0 (never less than 1). */
int nst_style_bands (const nst_model *model, const nst_params *params);

/* How a run starts: params->init, or the model's default when
 * NST_INIT_DEFAULT. */
nst_init nst_init_kind (const nst_model *model, const nst_params *params);

/* The chroma total variation's weight of a run: params->chroma_tv_weight,
 * or the model's default when negative. */
double nst_chroma_tv_weight (const nst_model *model, const nst_params *params);

/* The composition term's weight of a run: params->composition_weight, or
 * the model's default when negative. */
double nst_composition_weight (const nst_model *model, const nst_params *params);

/* The patch term's weight and layers of a run: params', or the model's
 * defaults (weight < 0, layers NULL). */
double      nst_patch_weight (const nst_model *model, const nst_params *params);
const char *nst_patch_layers (const nst_model *model, const nst_params *params);

/* Allocate an empty model (all pointers NULL). */
nst_model *nst_model_alloc (void);

/* Check that conv shapes chain (c_in of conv i+1 == c_out of conv i, c_in
 * of conv 0 == 3) and that every weight is finite.  Fills err. */
nst_status nst_model_validate (const nst_model *model, nst_error *err);

/* Set err (NULL-safe) to OK with an empty message: entry points start so. */
void nst_error_clear (nst_error *err);

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
 *             with n x n style tiles (n = min (style_tiles, H_l, W_l) > 1):
 *             sum_t v_t E_l,t over the tiles t, G_l of each tile's columns
 *             (tile (i, j): rows [i H_l / n, (i + 1) H_l / n), columns
 *             likewise, integer division), v_t = the tile's pixels / N_l;
 *             A_l stays the whole style's
 *   Ls      = sum_l w_l E_l / sum_l w_l
 *   Lc      = mean over content layers of mean((F_l - P_l)^2) / (mean(P_l^2) + NST_LOSS_EPS)
 *   Ltv     = (sum of squared horizontal and vertical neighbour
 *              differences of x) / (3 H W)
 *   Lctv    = the same of u = R - Y and v = B - Y, Y = 0.299 R + 0.587 G
 *              + 0.114 B (two planes, still / (3 H W))
 *   Y(x)    = 0.299 R + 0.587 G + 0.114 B
 *   B       = a Gaussian blur of sigma = max (1, max (H, W) / 128) px,
 *             2 r + 1 taps, r = min (round (3 sigma), 32), normalised to
 *             sum 1, rows then columns, edges repeated
 *   Lcomp   = mean((B Y(x) - B Y(content))^2) / (var(B Y(content)) + NST_LOSS_EPS)
 *   R_l     = the 3 x 3 patches of F_l (valid positions only, H_l, W_l >= 3),
 *             [D_l = 9 C_l, M_l = (H_l - 2)(W_l - 2)], row (c * 3 + dy) * 3 + dx
 *   S_l     = the same of every style with b_s > 0, side by side, [D_l, K_l]
 *   u_i     = 0, or with patch_repeat r > 0: the count of result patches
 *             whose nearest (below, with u = 0) is style patch i, times K_l / M_l,
 *             at the objective's first evaluation (a level's start), then kept
 *   nn(j)   = argmax_i <S_i, R_j> / ((|S_i| + NST_PATCH_EPS)(|R_j| + NST_PATCH_EPS)) - r u_i
 *             (the first i on a tie), held constant in the gradient
 *   Ep_l    = mean((R_l - S_l[:, nn])^2) / (mean(S_l^2) + NST_LOSS_EPS)
 *   Lp      = mean over patch layers of Ep_l (0 for a layer without patches)
 *   total   = content_weight Lc + style_gain style_weight Ls + tv_weight Ltv
 *             + chroma_tv_weight Lctv + composition_weight Lcomp
 *             + patch_weight Lp
 * With any region (nst_style.region) each style s is a term of its own,
 * its own A_l, weighted b_s in Ls; its region at layer l, m_l (averaged
 * through the pools, clamped at 0, scaled to m N_l / sum(m)), makes
 * G_l = F_l diag(m_l) F_l^T / N_l.  In tiles m_l is rescaled to mean 1
 * over each tile and v_t is the tile's share of sum(m_l); tiles where
 * sum_t(m_l) < 1e-6 n_t are left out and the other shares sum to 1.
 * With K > 1 luminance bands (style_bands) every term above is K terms,
 * term k weighted 1/K of it: its region is (the region times) band k of
 * the content at the working size, and its A_l is made of each style's
 * G_l over (its selection times) band k of the style image at its style
 * size, a selection being a mask m_l of the style as a region is of the
 * result.  Band k of an image (nst_luma_bands): Y blurred as B but at
 * twice the sigma; the pixels whose value lies in [q_k, q_k+1), q_0 =
 * -inf, q_K = +inf, q_k = the (n k / K)-th smallest of the n values (of
 * the pixels whose selection or region is at least 1/2, of all when there
 * is no such pixel), are 1 and the rest 0; that plane blurred the same
 * way and multiplied by the selection or region.  Ties: the pixels counted
 * are ranked by value, then by position (row-major), and band k holds
 * those of rank r with n k / K <= r < n (k + 1) / K (integer division);
 * the others go by value as above.
 * Pools are 2x2 stride 2 and drop an odd last row/column (PyTorch's floor). */
#define NST_LOSS_EPS 1e-8

typedef struct nst_objective nst_objective;
typedef struct nst_workers   nst_workers;   /* workers.c */

typedef struct
{
  double total;
  double content;   /* weighted: content_weight * Lc + composition_weight * Lcomp */
  double style;     /* weighted: style_weight * Ls + patch_weight * Lp */
  double tv;        /* weighted: tv_weight * Ltv + chroma_tv_weight * Lctv */
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

/* The size of a style image for an output of width x height: its long
 * side style_scale times the output's, each side at least min_side (the
 * objective's and the synthesis' rule). */
void   nst_style_size (const nst_image *style, int width, int height, float style_scale,
                       int min_side, int *sw, int *sh);

/* The worker threads the objective evaluates with (borrowed; NULL when
 * the caller's thread is alone; nst_workers_size counts them), which the
 * optimiser's passes over the image share. */
nst_workers *nst_objective_pool (const nst_objective *objective);

/* ---- The CPU (cpu.c) ---------------------------------------------------
 * Features from cpuid, kept only where the OS saves the registers
 * (XGETBV); none on non-x86 builds. */
typedef enum
{
  NST_CPU_SSE3        = 1u << 0,
  NST_CPU_AVX         = 1u << 1,
  NST_CPU_FMA         = 1u << 2,
  NST_CPU_AVX2        = 1u << 3,
  NST_CPU_AVX512F     = 1u << 4,
  NST_CPU_AVX512BW    = 1u << 5,
  NST_CPU_AVX512VL    = 1u << 6,
  NST_CPU_AVX512DQ    = 1u << 7,
  NST_CPU_AVX512_BF16 = 1u << 8,
  NST_CPU_AVX512_VNNI = 1u << 9,
  NST_CPU_AMX_TILE    = 1u << 10,
} nst_cpu_feature;

/* Vector instruction set levels, ordered: a kernel of level L runs on a
 * CPU of level >= L. */
typedef enum
{
  NST_ISA_NONE = 0,     /* unknown */
  NST_ISA_SSE,          /* SSE2/SSE3, 128-bit */
  NST_ISA_AVX,          /* 256-bit, no FMA3 kernels */
  NST_ISA_AVX2,         /* AVX2 + FMA3 */
  NST_ISA_AVX512,       /* AVX-512F */
} nst_isa;

typedef struct
{
  char     vendor[13];   /* "GenuineIntel", "AuthenticAMD", ... */
  char     brand[49];    /* the model name, trimmed */
  int      family, model;
  unsigned features;     /* nst_cpu_feature bits */
} nst_cpu_info;

void        nst_cpu_detect (nst_cpu_info *info);
/* The highest level the CPU and OS run. */
nst_isa     nst_cpu_isa (const nst_cpu_info *info);
/* "sse3 avx fma ..." into buf (always terminated). */
void        nst_cpu_features_string (const nst_cpu_info *info, char *buf, size_t size);
/* The level of an OpenBLAS core name (openblas_get_corename ()), matched
 * without case; NST_ISA_NONE for names it does not know. */
nst_isa     nst_openblas_core_isa (const char *core);
const char *nst_isa_name (nst_isa isa);

/* ---- Matrix products (gemm.c) -----------------------------------------
 * Row-major, single-threaded on the calling thread (the workers split the
 * work); the one place that decides which kernels run the engine's GEMMs. */
typedef enum { NST_NO_TRANS = 0, NST_TRANS = 1 } nst_trans;

/* c = alpha op(a) op(b) + beta c; op(a) is m x k, op(b) k x n. */
void nst_sgemm (nst_trans ta, nst_trans tb, int m, int n, int k,
                float alpha, const float *a, int lda, const float *b, int ldb,
                float beta, float *c, int ldc);
/* Upper triangle of c (n x n) = alpha a a^T + beta c, a is n x k. */
void nst_ssyrk_upper (int n, int k, float alpha, const float *a, int lda,
                      float beta, float *c, int ldc);

/* Who runs them.  NST_KERNELS is read once per process (auto, openblas,
 * avx2, avx512); the rule is in gemm.c. */
typedef enum
{
  NST_KERNELS_OPENBLAS = 0,   /* cblas, whatever core OpenBLAS chose */
  NST_KERNELS_AVX2     = 1,   /* ours, gemm-avx2.c */
  NST_KERNELS_AVX512   = 2,   /* ours, gemm-avx512.c */
} nst_kernels;

/* The kernels nst_sgemm and nst_ssyrk_upper use in this process. */
nst_kernels nst_kernels_in_use    (void);
/* Non-zero when this CPU (and OS) can run kind. */
int         nst_kernels_available (nst_kernels kind);
const char *nst_kernels_name      (nst_kernels kind);   /* "openblas", "avx2", "avx512" */

/* The rule alone, for tests: the kernels for a CPU of level cpu_isa
 * beside an OpenBLAS core of level blas_isa, with env the value of
 * NST_KERNELS (NULL or "" = auto).  A forced kind the CPU cannot run
 * falls back to the auto choice; *fell_back (may be NULL) says so. */
nst_kernels nst_kernels_decide (nst_isa cpu_isa, nst_isa blas_isa, const char *env,
                                int *fell_back);

/* nst_sgemm / nst_ssyrk_upper with the given kernels (which must be
 * available), for tests and benchmarks. */
void nst_sgemm_with       (nst_kernels kind, nst_trans ta, nst_trans tb, int m, int n, int k,
                           float alpha, const float *a, int lda, const float *b, int ldb,
                           float beta, float *c, int ldc);
void nst_ssyrk_upper_with (nst_kernels kind, int n, int k, float alpha, const float *a,
                           int lda, float beta, float *c, int ldc);

/* The decision, for people (nst bench): strings owned by the struct. */
typedef struct
{
  nst_cpu_info cpu;
  char         cpu_features[160];
  nst_isa      cpu_isa;
  const char  *blas_core;          /* openblas_get_corename () */
  nst_isa      blas_isa;
  nst_kernels  kernels;
  const char  *forced;             /* NST_KERNELS when set and not "auto", else NULL */
  int          blas_weaker;        /* OpenBLAS's core is below the CPU's level */
  char         warning[256];       /* "" when OpenBLAS's core matches the CPU */
} nst_kernels_report;

void nst_kernels_describe (nst_kernels_report *report);

/* ---- Our packed SGEMM (gemm-blocked.c, gemm-avx2.c, gemm-avx512.c) ----
 *
 * A micro-kernel computes one mr x nr block of C from packed panels:
 * a is [kc][mr] (column p of the A block, mr rows), b is [kc][nr]
 * (64-byte aligned); c = alpha a b + beta c, and c is not read when beta
 * is 0.  ldc in floats.  The blocking sizes travel with it. */
typedef void (*nst_microkernel_fn) (int kc, const float *a, const float *b, float *c,
                                    ptrdiff_t ldc, float alpha, float beta);
typedef struct
{
  int                mr, nr;     /* register block */
  int                kc;         /* depth of a packed panel: A's mr x kc stays in L1 */
  int                nc;         /* B block columns: kc x nc stays in L2 */
  int                mc;         /* A block rows: mc x kc stays in L3 */
  nst_microkernel_fn fn;         /* NULL where the compiler cannot build it */
  nst_microkernel_fn fn_half;    /* mr x nr/2 from the first nr/2 columns of a
                                    B panel (ldc as fn); NULL: none */
} nst_microkernel;

extern const nst_microkernel nst_microkernel_avx2;     /* 6 x 16 */
extern const nst_microkernel nst_microkernel_avx512;   /* 8 x 32 */

/* c = alpha op(a) op(b) + beta c with kernel uk (row-major, as nst_sgemm).
 * upper != 0 (with m == n): only c's upper triangle is computed and
 * written, the blocks below it are skipped (SYRK).  Returns 0 when the
 * per-thread pack buffers could not be allocated (nothing was done). */
int nst_gemm_blocked (const nst_microkernel *uk, nst_trans ta, nst_trans tb,
                      int m, int n, int k, float alpha, const float *a, int lda,
                      const float *b, int ldb, float beta, float *c, int ldc, int upper);

/* Operands packed once, ahead of the product, for nst_gemm_packed: the
 * matrix op(A) (rows m, depth k) or op(B)^T (rows n, depth k) as the
 * blocked product packs them, [slice][panel][kc][rb] with the depth cut
 * into equal slices of at most uk->kc and the rows into panels of rb (mr
 * for A, nr for B), the rows past the edge zero up to rpad.  Winograd
 * writes its transforms straight into this layout, which saves a pass
 * over each operand per product. */
typedef struct
{
  int k, kc, rb, rpad;   /* depth, slice depth, panel rows, rows padded */
} nst_gemm_layout;

void nst_gemm_layout_make (const nst_microkernel *uk, int is_b, int rows, int k,
                           nst_gemm_layout *layout);

/* Floats of a matrix packed in layout (a multiple of 16). */
static inline size_t
nst_gemm_layout_floats (const nst_gemm_layout *l)
{
  return ((size_t) l->rpad * l->k + 15) / 16 * 16;
}

/* Where element (depth p, row r) of a packed matrix lies. */
static inline size_t
nst_gemm_layout_at (const nst_gemm_layout *l, int p, int r)
{
  int p0 = p / l->kc * l->kc, kc = l->k - p0 < l->kc ? l->k - p0 : l->kc;

  return (size_t) p0 * l->rpad + (size_t) (r - r % l->rb) * kc
         + (size_t) (p - p0) * l->rb + (size_t) (r % l->rb);
}

/* c (m x n, ldc) = A B from packed A (layout of nst_gemm_layout_make
 * (uk, 0, m, k)) and packed B ((uk, 1, n, k)), 64-byte aligned.  Sums
 * split as nst_gemm_blocked's, so both give the same bits. */
void nst_gemm_packed (const nst_microkernel *uk, int m, int n, int k, const float *pa,
                      const float *pb, float *c, int ldc);

/* The micro-kernel of the kernels in use, NULL for OpenBLAS. */
const nst_microkernel *nst_kernels_microkernel (void);

/* ---- Kernels (conv.c, pool.c, gram.c) -----------------------------------
 * Feature maps are planar: [C][H][W] floats. */

/* ---- Memory (alloc.c) ------------------------------------------------ */

/* malloc for the big buffers of a run: aligned to 64 bytes, and those of
 * 4 MiB or more to 2 MiB and, on Linux, on transparent huge pages when
 * the kernel has them, which spares most of the page faults of their
 * first touch.  Released with free (); NULL when out of memory. */
void *nst_alloc_large (size_t bytes);

/* ---- Threads (workers.c) ---------------------------------------------- */
typedef void (*nst_task_fn) (int task, int worker, void *ctx);

/* A pool of n_threads threads counting the caller (1 = no extra thread;
 * 0 or less = nst_default_threads ()). */
nst_status nst_workers_new  (int n_threads, nst_workers **workers, nst_error *err);
void       nst_workers_free (nst_workers *workers);
int        nst_workers_size (const nst_workers *workers);   /* NULL -> 1 */
/* Run fn for tasks 0 .. n_tasks-1 and wait.  Threads take tasks as they
 * become free, so `worker` (0 = the caller) says which thread runs this
 * one, for per-thread scratch: a task's result must not depend on it.
 * workers may be NULL: all on the caller. */
void       nst_workers_run  (nst_workers *workers, int n_tasks, nst_task_fn fn, void *ctx);

/* The im2col column matrix is built in tiles of at most this many bytes
 * (more only for layers so deep that 256 columns exceed it: 4.5 MiB). */
#define NST_IM2COL_TILE_BYTES ((size_t) 8 << 20)

/* How a 3x3 conv runs: im2col + SGEMM (col2im backward), or Winograd
 * F(2x2, 3x3) or F(4x4, 3x3) (winograd.c). */
typedef enum
{
  NST_CONV_IM2COL,
  NST_CONV_WINOGRAD_F2,
  NST_CONV_WINOGRAD_F4
} nst_conv_algorithm;

/* The algorithm the engine uses for the forward and the backward-to-input
 * pass of a conv of this shape: a function of the shape alone (see
 * NST_WINOGRAD_MIN_*). */
nst_conv_algorithm nst_conv3x3_algorithm (int c_in, int c_out, int h, int w);

/* Floats of workspace the forward and backward pass of a 3x3 conv with
 * these channels at h x w need (shared by the workers). */
size_t nst_conv3x3_workspace_floats (int c_in, int c_out, int h, int w);
/* The same for one algorithm. */
size_t nst_conv3x3_algorithm_workspace_floats (nst_conv_algorithm algorithm,
                                               int c_in, int c_out, int h, int w);

/* y = conv3x3(x, weight) + bias, then ReLU when relu != 0; zero padding 1.
 * weight is torch's [c_out][c_in][3][3]; bias may be NULL. */
void nst_conv3x3_forward (nst_workers *workers, const float *x, int c_in, int h, int w,
                          const float *weight, const float *bias, int c_out, int relu,
                          const float *u, float *y, float *workspace);

/* dx = d/dx of sum(dy * conv3x3(x, weight)), overwritten: dy has the
 * forward conv's c_out channels, dx its c_in.  With act (the forward's
 * output after its ReLU, dy's shape) the ReLU's backward comes first: dy
 * counts as 0 wherever act <= 0.  The Winograd paths apply that while
 * loading dy; im2col zeroes dy in place, so dy is not const. */
void nst_conv3x3_backward (nst_workers *workers, float *dy, const float *act, int c_out,
                           int h, int w, const float *weight, int c_in, const float *u,
                           float *dx, float *workspace);

/* The weights of a conv of this shape prepared once for many calls in
 * one direction (backward: the pass to the input): floats to allocate,
 * 0 when the algorithm prepares nothing (im2col); and the preparing.
 * nst_conv3x3_forward and _backward take the result as u (or NULL) and
 * give the same bits either way. */
size_t nst_conv3x3_weights_floats (int c_in, int c_out, int h, int w, int backward);
void   nst_conv3x3_weights        (nst_workers *workers, const float *weight, int c_in,
                                   int c_out, int h, int w, int backward, float *u);

/* The same with the algorithm forced (tests, benchmarks). */
void nst_conv3x3_forward_with  (nst_conv_algorithm algorithm, nst_workers *workers,
                                const float *x, int c_in, int h, int w,
                                const float *weight, const float *bias, int c_out, int relu,
                                float *y, float *workspace);
void nst_conv3x3_backward_with (nst_conv_algorithm algorithm, nst_workers *workers,
                                float *dy, const float *act, int c_out, int h, int w,
                                const float *weight, int c_in, float *dx, float *workspace);

/* Convs with at least this many input channels and pixels run as Winograd
 * F(4x4,3x3) both ways; the others as im2col / col2im.  Measured with
 * both candidates interleaved on a shared 2-core Zen 4 (load 10-16, so
 * rates are ~1/4 of a quiet machine's; ratios are what count), GFLOP/s
 * forward/backward, F(4x4) vs im2col (vs F(2x2)):
 *   64 ch:  512x512 43/41 vs 19/21 (17/18); 64x64 136/172 vs 66/65;
 *           32x32 (64->128) 150/129 vs 81/80
 *   128 ch: 256x256 63/62 vs 27/27; 32x32 112/117 vs 71/63;
 *           16x16 (128->256) 69/72 vs 80/76, a draw
 *   256 ch: 128x128 67-83/76-84 vs 31-34/30-32; 16x16 16-57 vs 24-71, lost
 *   512 ch: 64x64 70/71 vs 30/31 (45/51); 32x32 52/54 vs 29/29 (39/42);
 *           16x16 20-25 vs 25-26, 8x8 7 vs 16, lost
 *   3 ch (conv1_1, 3->64 and back): 8/5 vs 14/11, lost.
 * Below 32x32 the transformed weights (4x the weights), made in every
 * call then, cost more than the GEMMs saved.  A network that runs
 * backward now prepares them once (vgg.c), and the line moved down to
 * 16x16: `nst bench -s 256` and `-s 128 -r 9` (2-core Zen 5, AVX-512,
 * 2026-12-06), prepared F(4x4) vs im2col: 512 ch 16x16 454/481 vs
 * 210/184 (conv5_1), 447-467/471-490 vs 236-239/191-197 (conv4_2..4);
 * 8x8 122/122 vs 174/151, lost.  F(2x2) won nowhere once F(4x4) existed
 * (it stays, tested, for layers where accuracy would matter more). */
#define NST_WINOGRAD_MIN_CHANNELS 64
#define NST_WINOGRAD_MIN_PIXELS   (16 * 16)

/* Floats of workspace of nst_winograd_conv3x3 with output tile side m
 * (2 or 4): the transformed weights and one chunk of tiles, enough for
 * the transposed conv of the same shape too. */
size_t nst_winograd_workspace_floats (int m, int c_in, int c_out, int h, int w);
/* y = conv3x3(x) (+ bias, ReLU) by Winograd F(m x m, 3x3), m = 2 or 4.
 * With transposed, weight is the forward conv [c_in][c_out][3][3] whose
 * input gradient this computes (x = dy with c_in channels, y = dx with
 * c_out channels); mask (x's shape, may be NULL) zeroes x where <= 0. */
void   nst_winograd_conv3x3 (nst_workers *workers, int m, const float *x, const float *mask,
                             int c_in, int h, int w, const float *weight, int transposed,
                             const float *bias, int c_out, int relu, const float *u,
                             float *y, float *workspace);
/* The transformed weights U of such a call, which depend on the weights
 * and the channel counts alone: made once, they serve calls at any size
 * through nst_winograd_conv3x3's u (NULL: transformed in the call).
 * Floats to allocate (some alignment included), and the making. */
size_t nst_winograd_weights_floats (int m, int c_in, int c_out);
void   nst_winograd_weights        (nst_workers *workers, int m, const float *weight,
                                    int transposed, int c_in, int c_out, float *u);

void nst_pool2x2_forward  (const float *x, int c, int h, int w, nst_pool kind, float *y);
/* dx (c x h x w, overwritten) from dy (c x h/2 x w/2); max pooling routes
 * to the first maximum of each window of x. */
void nst_pool2x2_backward (const float *x, const float *dy, int c, int h, int w,
                           nst_pool kind, float *dx);

/* Seconds since an arbitrary start, monotonic. */
double nst_time_now (void);
/* CPU seconds of the whole process (all its threads), -1 when unknown. */
double nst_cpu_time_now (void);

/* ---- A job's plan (plan.c) -------------------------------------------- */
/* The coarse-to-fine schedule: sizes from coarsest to finest. */
typedef struct
{
  int    n_levels;
  int    w[NST_MAX_LEVELS];
  int    h[NST_MAX_LEVELS];
  int    iterations[NST_MAX_LEVELS];   /* at most */
  double work_total;            /* sum of pixels x iterations */
} nst_schedule;

/* Check a job's arguments and plan it: the schedule in *sched, and
 * NST_STATUS_TOO_LARGE (naming a working size that would fit) when its
 * estimate is above params->memory_limit. */
nst_status nst_plan_check_job (const nst_model *model, const nst_image *content,
                               const nst_style *styles, int n_styles,
                               const nst_params *p, const nst_image *output,
                               nst_schedule *sched, nst_error *err);

/* ---- Calibration (calibrate.c) ----------------------------------------- */

/* Build the objective of `content` and `style` (both at least side x side)
 * at side x side with `threads` workers and time it: *setup_seconds for
 * building it (its style and content targets), *evaluation_seconds the
 * fastest of a few forward + backward passes after a warm-up, *cpu_share
 * the process's CPU time over their wall time x workers. */
nst_status nst_calibration_measure (const nst_model *model, int threads, int side,
                                    const nst_image *content, const nst_style *style,
                                    double *setup_seconds, double *evaluation_seconds,
                                    double *cpu_share, nst_error *err);

/* ---- Random numbers (rng.c): splitmix64, the same on every platform ---- */
typedef struct { uint64_t state; } nst_rng;

void     nst_rng_init    (nst_rng *rng, uint64_t seed);
uint64_t nst_rng_next    (nst_rng *rng);
double   nst_rng_uniform (nst_rng *rng);   /* [0, 1) */
double   nst_rng_normal  (nst_rng *rng);   /* N(0, 1), Box-Muller */
/* Jump over `draws` values of nst_rng_next (a normal takes two), in O(1):
 * a stream can be cut into pieces that threads draw independently. */
void     nst_rng_skip    (nst_rng *rng, uint64_t draws);

/* ---- Planar images (image.c) ------------------------------------------ */

/* Resample c planes of sw x sh into dw x dh with a separable tent filter
 * (bilinear when enlarging, area-weighted when reducing); equal sizes copy. */
nst_status nst_resize_planar (const float *src, int c, int sw, int sh,
                              float *dst, int dw, int dh, nst_error *err);
/* Interleaved RGB <-> planar [3][H][W]. */
void nst_image_to_planar   (const nst_image *image, float *planar);
void nst_image_from_planar (nst_image *image, const float *planar);
/* A fresh planar [3][h][w] copy of an interleaved image resampled to
 * w x h (free it); NULL with err set when memory runs out. */
float *nst_planar_resized  (const nst_image *image, int w, int h, nst_error *err);

/* ---- The feature network (vgg.c) -------------------------------------- */

/* A VGG-19 prefix of `depth` convs laid out for one image size, with every
 * buffer the forward and (optionally) backward pass need. */
typedef struct
{
  const nst_model *model;
  nst_workers *workers;                /* borrowed */
  nst_pool pool;
  int      depth;                      /* convs in use: 0 .. depth-1 */
  int      width, height;              /* input size */
  int      w[NST_VGG_N_CONVS];         /* spatial size at conv i */
  int      h[NST_VGG_N_CONVS];
  float   *input;                      /* [3][H][W], normalised */
  float   *act[NST_VGG_N_CONVS];       /* relu(conv_i), [c_out][h_i][w_i] */
  float   *pooled[NST_VGG_N_CONVS];    /* pool of act[i] when conv i+1 needs it */
  float   *scratch[2];                 /* backward ping-pong, max act size each */
  float   *workspace;                  /* im2col tile */
  float   *u[NST_VGG_N_CONVS][2];      /* with backward: conv i's weights prepared
                                        * (nst_conv3x3_weights) forward, backward;
                                        * NULL where nothing is prepared */
  int      backward;
} nst_net;

/* Floats of the largest activation of the net. */
size_t     nst_net_max_act_floats (const nst_net *net);
/* Smallest input side for which all `depth` convs see at least 1 pixel. */
int        nst_net_min_side (int depth);
size_t     nst_net_bytes    (const nst_model *model, int depth, int width, int height,
                             int backward);
nst_status nst_net_init     (nst_net *net, const nst_model *model, nst_workers *workers,
                             int depth, int width, int height, nst_pool pool, int backward,
                             nst_error *err);
void       nst_net_clear    (nst_net *net);
/* x: [3][H][W] in [0,1]. */
void       nst_net_forward  (nst_net *net, const float *x);

/* Called during the backward pass when it reaches relu(conv_layer): add
 * d loss / d act[layer] into dact. */
typedef void (*nst_net_grad_fn) (int layer, float *dact, void *user_data);

/* Back-propagate the gradients add_grad() injects to dx ([3][H][W], d loss
 * / d x in [0,1] units, overwritten).  Needs a forward pass first. */
void       nst_net_backward (nst_net *net, nst_net_grad_fn add_grad, void *user_data,
                             float *dx);

/* Parse "relu1_1:2,relu2_1" into conv indices and weights (default 1).
 * Returns the count, or -1 with err set. */
int        nst_parse_layers (const char *spec, int *index, float *weight, int max,
                             nst_error *err);

/* ---- Losses (gram.c, loss.c) ------------------------------------------ */

/* G = F F^T / n, F [c][n], G [c][c], split over the workers by columns of
 * F; partials holds nst_gram_partial_floats() floats (NULL when that is 0). */
void   nst_gram (nst_workers *workers, const float *f, int c, size_t n, float *g,
                 float *partials);
size_t nst_gram_partial_floats (const nst_workers *workers, int c);
/* mean((f - p)^2) / norm; when df != NULL adds scale * d/df into it. */
double nst_loss_content (const float *f, const float *p, size_t n, double norm,
                         float *df, double scale);
/* E = mean((G - A)^2) / norm with G the Gram of f; diff (c x c) receives
 * dE/dG for nst_loss_style_backward. */
double nst_loss_style   (nst_workers *workers, const float *f, int c, size_t n,
                         const float *a, double norm, float *diff, float *partials);
/* df += scale * dE/df from the diff nst_loss_style left. */
void   nst_loss_style_backward (nst_workers *workers, const float *f, int c, size_t n,
                                const float *diff, double scale, float *df);
/* Total variation of a planar [3][h][w] image; adds scale * dLtv/dx to dx
 * when dx != NULL. */
double nst_loss_tv (const float *x, int h, int w, float *dx, double scale);
/* Total variation of the chroma alone, u = R - Y and v = B - Y with
 * Y = 0.299 R + 0.587 G + 0.114 B: (sum of squared horizontal and vertical
 * neighbour differences of u and v) / (3 h w).  Adds scale * dLctv/dx to
 * dx when dx != NULL. */
double nst_loss_chroma_tv (const float *x, int h, int w, float *dx, double scale);
double nst_mean_square (const float *v, size_t n);
/* The population variance of n floats. */
double nst_variance (const float *v, size_t n);

/* The composition term (see the formula above).  The largest blur radius: */
#define NST_COMPOSITION_MAX_RADIUS 32
/* Its sigma for an h x w image. */
double nst_composition_sigma (int h, int w);
/* Its normalised Gaussian taps g[0 .. 2 r] (at most 2 *
 * NST_COMPOSITION_MAX_RADIUS + 1); returns r. */
int    nst_composition_taps (double sigma, float *g);
/* out = B Y(x) of a planar [3][h][w] image; tmp is h w floats. */
void   nst_blurred_luma (const float *x, int h, int w, const float *g, int r,
                         float *out, float *tmp);
/* Blur an h x w plane in place with the taps g (edges repeated); tmp is
 * h w floats. */
void   nst_blur_plane (float *p, int h, int w, const float *g, int r, float *tmp);
/* Lcomp of x against target = B Y(content), norm = its variance + eps;
 * adds scale * dLcomp/dx to dx when dx != NULL; tmp is 2 h w floats. */
double nst_loss_composition (const float *x, const float *target, double norm, int h, int w,
                             const float *g, int r, float *tmp, float *dx, double scale);

/* ---- Luminance bands (bands.c) ------------------------------------ */
/* A value and its position, for qsort with nst_compare_ranked: by value,
 * ties by position, so equal values still take distinct ranks. */
typedef struct
{
  float  y;
  size_t p;
} nst_ranked;

int        nst_compare_ranked (const void *a, const void *b);

/* Split a planar [3][h][w] image into `bands` soft masks by its blurred
 * luminance: band k holds the pixels whose luminance ranks between the
 * k/bands and (k + 1)/bands quantiles (of the pixels where `weight` is at
 * least 1/2; weight NULL: of all; ties ranked by position, so that a flat
 * image splits into equal shares), blurred so the bands overlap at their
 * edges.  The masks sum to 1 at every pixel; each is multiplied by weight
 * when weight is not NULL.  out is bands h w floats. */
nst_status nst_luma_bands (const float *x, int h, int w, const float *weight, int bands,
                           float *out, nst_error *err);

/* ---- The guided patch synthesis (synth.c) ---------------------------- */
/* The starting image of NST_INIT_SYNTHESIS: the painting's patches laid out
 * along the photo's luminance, coarse to fine (see synth.c). */
#define NST_SYNTH_MAX_LEVELS 8

typedef struct
{
  const float *rgb;             /* planar [3][h][w], at the working scale */
  int          w, h;
  float        weight;          /* the blend weight */
  const float *selection;       /* w h, or NULL: where the style is */
  const float *region;          /* region_w x region_h (any size), or NULL */
  int          region_w, region_h;
} nst_synthesis_style;

typedef struct
{
  int   radius;                 /* patches of 2 radius + 1 pixels a side */
  float guide_coarse;           /* the guide's weight at the coarsest level */
  float guide_fine;             /* ... at the finest, linear between */
  float guide_chroma;           /* the colour guide's weight relative to the luminance's */
  int   em_iterations;          /* match-and-vote rounds a level */
  int   sweeps;                 /* PatchMatch sweeps a round */
  int   coarsest;               /* the pyramid halves down to this long side */
} nst_synthesis_params;

void       nst_synthesis_params_default (nst_synthesis_params *sp);
/* out (planar [3][h][w]) = the synthesis for a planar content of w x h;
 * each pixel takes from the style of the largest weight x region there. */
nst_status nst_synthesis (const float *content, int w, int h,
                          const nst_synthesis_style *styles, int n_styles,
                          const nst_synthesis_params *sp, uint64_t seed,
                          float *out, nst_error *err);

/* ---- The patch style loss (patch.c) --------------------------------- */
#define NST_PATCH_EPS 1e-6

/* The style patches of one layer, and what an evaluation leaves for the
 * backward pass. */
typedef struct
{
  int     c;           /* channels */
  size_t  d;           /* 9 c floats per patch */
  size_t  ns;          /* style patches */
  float  *style;       /* [ns][d] */
  float  *inv_norm;    /* 1 / (|S_i| + NST_PATCH_EPS) */
  double  norm;        /* mean (S^2) + NST_LOSS_EPS */
  size_t  nx;          /* result patches */
  size_t *nearest;     /* [nx] after an evaluation */
  double *error;       /* [nx] squared distance to it */
  float  *used;        /* [ns] the repetition counts u */
  int     counted;     /* u is set (at the first evaluation) */
  int     n_buffers;   /* per worker: a block of result patches and its scores */
  float **block, **scores;
} nst_patch_target;

/* Append the patches of a style's c x h x w features (none when h or w
 * is below 3). */
nst_status nst_patch_target_add    (nst_patch_target *pt, const float *f, int c, int h, int w,
                                    nst_error *err);
/* Ready for a result of h x w at this layer, with buffers for n_buffers
 * workers. */
nst_status nst_patch_target_finish (nst_patch_target *pt, int h, int w, int n_buffers,
                                    nst_error *err);
void       nst_patch_target_clear  (nst_patch_target *pt);
/* Bytes of a finished target: ns style patches, nx result patches. */
size_t     nst_patch_target_bytes  (int c, size_t ns, size_t nx, int n_buffers);
/* Ep_l of features f (c x h x w); keeps the nearest patches. */
double     nst_patch_loss     (nst_workers *workers, nst_patch_target *pt, const float *f,
                               int h, int w, float repeat);
/* df += scale * dEp_l/df at the nearest patches of the last nst_patch_loss. */
void       nst_patch_backward (nst_workers *workers, const nst_patch_target *pt, const float *f,
                               int h, int w, double scale, float *df);

/* ---- Optimisers (lbfgs.c, adam.c) ------------------------------------ */

/* Called after each iteration with the 1-based iteration, the
 * evaluations of the objective so far (line searches included), whether
 * it is the last (the tolerance was met; the iteration limit the caller
 * knows), the current x (planar, not clamped) and its loss.  Return 0 to
 * stop. */
typedef int (*nst_iterate_fn) (int iteration, int evaluations, int last, const float *x,
                               const nst_loss_terms *terms, void *user_data);

/* L-BFGS history: m pairs (s, y) of n floats each.  A longer history
 * buys a better step per evaluation (coffee x starry_night at 512 px,
 * 100/80 iterations: objective 0.9159 with m = 4, 0.9127 with 8, 0.9080
 * with 14, 0.9072 with 20, 0.9052 with 30; Balanced, 48/48/48: 0.91723
 * with 20, 0.91569 with 30, 0.91451 with 40, chelsea 1.03542 with 20,
 * 1.0346 with 40), so a run keeps NST_LBFGS_HISTORY pairs while they
 * fit in NST_LBFGS_HISTORY_BYTES, fewer on bigger images, never under
 * NST_LBFGS_HISTORY_MIN.  The bytes are 40 pairs of a 512 x 341 image
 * (168 MB; 26 pairs at 512 x 512, 9 at 1024 x 683).  The longer history
 * did not show in the time of a Balanced run (2-core Zen 5, alternating:
 * coffee 37.8, 39.0, 42.5 s with 20 pairs, 38.5, 41.6, 40.4 s with 40).
 * The length depends on n alone: runs stay deterministic. */
#define NST_LBFGS_HISTORY       40
#define NST_LBFGS_HISTORY_MIN   8
#define NST_LBFGS_HISTORY_BYTES ((size_t) 160 << 20)

/* The history length nst_optimize_lbfgs uses for n variables. */
int        nst_lbfgs_history (size_t n);

/* Minimise the objective over x (n floats, planar) for at most
 * `iterations` iterations, in place; L-BFGS stops earlier once the loss
 * fell by less than `tolerance` (relative) over the last NST_STOP_WINDOW
 * iterations (0: never).  NST_STATUS_ABORTED when fn returned 0. */
nst_status nst_optimize_lbfgs (nst_objective *objective, float *x, size_t n, int iterations,
                               float tolerance, nst_iterate_fn fn, void *user_data,
                               nst_error *err);
nst_status nst_optimize_adam  (nst_objective *objective, float *x, size_t n, int iterations,
                               float learning_rate, nst_iterate_fn fn, void *user_data,
                               nst_error *err);
/* Bytes each optimiser needs for n variables, beside x itself. */
size_t     nst_optimize_bytes (nst_optimizer optimizer, size_t n);

/* ---- Colour (colour.c); images interleaved RGB ------------------------ */

/* Rec. 601 luma, the Y of YIQ. */
float      nst_luma (const float *rgb);
/* Its weights (Rec. 601), for planar images too. */
#define NST_LUMA_R 0.299f
#define NST_LUMA_G 0.587f
#define NST_LUMA_B 0.114f
/* dst (same size as src) = luma of src in all three channels, with the
 * luma's mean and deviation moved to (mean, dev) when dev >= 0.  The
 * statistics of src weigh each pixel by `weights` (src's size; NULL:
 * equally), so a style selection's part sets them. */
void       nst_colour_luminance_image (const nst_image *src, const float *weights,
                                       nst_image *dst, double mean, double dev);
void       nst_colour_luma_stats (const nst_image *image, const float *weights,
                                  double *mean, double *dev);
/* result = result's luma with content's chroma (I and Q of YIQ kept
 * exactly; the luma is limited to what keeps the pixel in [0,1]).  Same size. */
void       nst_colour_restore_chroma (nst_image *result, const nst_image *content);
/* dst = src with its colours' mean and covariance (each pixel weighed by
 * src_weights, src's size; NULL: equally) moved to the target's. */
nst_status nst_colour_match_stats (const nst_image *src, const float *src_weights,
                                   const nst_image *target, nst_image *dst, nst_error *err);

#endif /* NST_PRIVATE_H */
