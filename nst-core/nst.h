/* nst.h - neural style transfer engine (Gatys et al.) on CBLAS.
 *
 * The one public header of libnst.  The library knows nothing of GLib,
 * GIMP, GEGL or GTK: images are plain float arrays, errors are values.
 *
 * Usage:
 *
 *   nst_model  *model = NULL;
 *   nst_error   err;
 *   nst_params  params = nst_params_default ();
 *   nst_style   style = { &style_image, 1.0f, NULL, NULL };
 *   nst_image   out;
 *
 *   if (nst_model_load_safetensors ("vgg19.safetensors", &model, &err) != NST_STATUS_OK)
 *     nst_model_new_builtin (&model, &err);          // no download needed
 *   params.progress = on_progress;                   // return 0 to cancel
 *   params.user_data = my_state;
 *   if (nst_image_init (&out, content.width, content.height, &err) == NST_STATUS_OK &&
 *       nst_stylize (model, &content, &style, 1, &params, &out, &err) == NST_STATUS_OK)
 *     save (&out);
 *   else
 *     fprintf (stderr, "%s\n", err.message);
 *   nst_image_clear (&out);
 *   nst_model_free (model);
 *
 * Pixels: interleaved R'G'B' (sRGB-encoded, as VGG was trained on), float,
 * nominally in [0, 1], row-major, no padding.
 *
 * Threads: a model is read-only once made, so any number of threads may
 * stylise with one model at a time, each call with its own images and
 * parameters; nst_model_free() only once no call uses it.  nst_stylize()
 * runs params.threads workers of its own and calls the progress callback
 * on the calling thread.  The first call in a process tells OpenBLAS to
 * use one thread (the engine splits the work itself, and OpenBLAS's
 * threads would compete with its workers); that is process-wide and done
 * once, so a program that also wants threaded BLAS for itself should set
 * it after its first nst_stylize().
 *
 * Linking: pkg-config --cflags --libs nst (the shared libnst.so.0).  Only
 * the functions of this header are exported.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_H
#define NST_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header; nst_version() gives the library's. */
#define NST_VERSION_MAJOR 0
#define NST_VERSION_MINOR 9
#define NST_VERSION_MICRO 0
#define NST_CHECK_VERSION(major, minor, micro)                            \
  (NST_VERSION_MAJOR > (major) ||                                         \
   (NST_VERSION_MAJOR == (major) && NST_VERSION_MINOR > (minor)) ||       \
   (NST_VERSION_MAJOR == (major) && NST_VERSION_MINOR == (minor) &&       \
    NST_VERSION_MICRO >= (micro)))

/* Marks what the shared library exports (everything else is hidden). */
#if defined(NST_COMPILATION) && defined(__GNUC__)
#define NST_API __attribute__ ((visibility ("default")))
#else
#define NST_API
#endif

/* Limits a caller meets: styles per run, and the style scale's range. */
#define NST_MAX_STYLES      8
#define NST_STYLE_TILES_MAX 8
#define NST_STYLE_BANDS_MAX 4   /* nst_params.style_bands; since 0.8 */
#define NST_STYLE_SCALE_MIN 0.05
#define NST_STYLE_SCALE_MAX 16.0

/* Status of every entry point: 0 ok, > 0 stopped on request, < 0 error. */
typedef enum
{
  NST_STATUS_OK                    =   0,
  NST_STATUS_ABORTED               =   1,  /* the progress callback asked to stop */

  NST_STATUS_INVALID_ARGUMENT      =  -1,
  NST_STATUS_OUT_OF_MEMORY         =  -2,  /* an allocation failed */
  NST_STATUS_TOO_LARGE             =  -3,  /* the job's estimated peak is over the limit */
  NST_STATUS_IO                    =  -4,  /* a file could not be opened or read */
  NST_STATUS_INTERNAL              =  -5,  /* the optimiser failed for a numeric reason */

  /* Model file problems; each has its own code so tests and users can tell them apart. */
  NST_STATUS_MODEL_TRUNCATED       = -20,  /* shorter than its header says */
  NST_STATUS_MODEL_HEADER_TOO_LARGE = -21, /* header length over the limit or past the end */
  NST_STATUS_MODEL_BAD_JSON        = -22,  /* header is not the expected JSON */
  NST_STATUS_MODEL_DUPLICATE_TENSOR = -23,
  NST_STATUS_MODEL_MISSING_TENSOR  = -24,  /* a conv weight or bias the network needs is absent */
  NST_STATUS_MODEL_BAD_DTYPE       = -25,  /* a needed tensor is not F32 */
  NST_STATUS_MODEL_BAD_SHAPE       = -26,  /* shapes do not chain into a VGG-19 */
  NST_STATUS_MODEL_BAD_OFFSETS     = -27,  /* holes, overlaps, size != shape */
  NST_STATUS_MODEL_TRAILING_BYTES  = -28,  /* data past the last tensor */
  NST_STATUS_MODEL_BAD_VALUES      = -29   /* NaN or infinite weights */
} nst_status;

/* An error for the user: the status and a sentence that says what went
 * wrong, in English (the GIMP adapters translate their own wrappers). */
typedef struct
{
  nst_status status;
  char       message[512];
} nst_error;

/* A float R'G'B' image, 3 interleaved channels.  Owned by whoever filled
 * `data`; nst_image_init() allocates and nst_image_clear() frees. */
typedef struct
{
  int    width;
  int    height;
  float *data;   /* width * height * 3 floats */
} nst_image;

/* A single-channel float mask in [0, 1] (1 = fully inside). */
typedef struct
{
  int    width;
  int    height;
  float *data;   /* width * height floats */
} nst_mask;

/* One style image and its blend weight (weights are normalised to sum 1).
 * `region`, when not NULL, limits where in the output this style applies; it
 * covers the content image and is resampled to it (usually it has the
 * content's size).  NULL means everywhere.  `selection`, when
 * not NULL, is the part of the style image that is the style (a soft mask
 * of the style image's size, not all zero); NULL means all of it. */
typedef struct
{
  const nst_image *image;
  float            weight;
  const nst_mask  *region;
  const nst_mask  *selection;
} nst_style;

typedef enum { NST_POOL_AVERAGE = 0, NST_POOL_MAX = 1 } nst_pool;
typedef enum { NST_OPTIMIZER_LBFGS = 0, NST_OPTIMIZER_ADAM = 1 } nst_optimizer;
typedef enum
{
  NST_INIT_DEFAULT   = -1,  /* the model's (nst_model_info.default_init); since 0.9 */
  NST_INIT_CONTENT   = 0,   /* the content */
  NST_INIT_NOISE     = 1,   /* uniform noise of the seed */
  NST_INIT_IMAGE     = 2,   /* init_image */
  NST_INIT_SYNTHESIS = 3    /* the styles' patches laid out along the content's luminance
                             * (a guided patch synthesis, the seed's); since 0.9 */
} nst_init;
typedef enum
{
  NST_COLOR_NONE      = 0,  /* the style's colours */
  NST_COLOR_LUMINANCE = 1,  /* transfer luminance only, keep the content's chroma */
  NST_COLOR_MATCH     = 2   /* match the style's colour statistics to the content first */
} nst_color;

/* Levels of a coarse-to-fine schedule, at most. */
#define NST_MAX_LEVELS 12
/* The window of the tolerance test, in iterations (see nst_params). */
#define NST_STOP_WINDOW 10

/* What the progress callback sees, once per optimiser iteration. */
typedef struct
{
  int    level;            /* 1-based level of the coarse-to-fine schedule */
  int    n_levels;
  int    iteration;        /* 1-based iteration within the level */
  int    n_iterations;     /* iterations planned at this level, at most */
  int    evaluations;      /* forward + backward passes of the whole job so far */
  double fraction;         /* 0..1 of the whole job's estimated work, never decreasing */
  double loss;             /* total weighted loss */
  double content_loss;     /* weighted terms that sum to loss */
  double style_loss;
  double tv_loss;
  double elapsed_seconds;
  double eta_seconds;      /* < 0 when not yet known */
  const nst_image *current;/* the current image at this level's size, clamped; valid during the call */
} nst_progress;

/* Return non-zero to go on, 0 to stop: nst_stylize() then returns
 * NST_STATUS_ABORTED within one iteration.  Called from the thread that
 * called nst_stylize(). */
typedef int (*nst_progress_fn) (const nst_progress *progress, void *user_data);

/* Every knob of a run.  Start from nst_params_default() and change fields. */
typedef struct
{
  /* Loss weights.  Each loss term is normalised by its target's scale, so
   * these are relative: total = content_weight * Lc + style_weight * Ls
   * + tv_weight * Ltv (see README for the exact formula). */
  float  content_weight;   /* default 1 */
  float  style_weight;     /* default 30 */
  float  tv_weight;        /* default 10; total variation on the [0,1] image */
  float  chroma_tv_weight; /* total variation of the chroma alone (R - Y and B - Y,
                            * Y = 0.299 R + 0.587 G + 0.114 B), against colour
                            * speckle without blurring the strokes: + chroma_tv_weight
                            * * Lctv; < 0 (the default, -1) = the model's default
                            * (nst_model_info); since 0.5 */
  float  composition_weight; /* keeps the content's composition, its luminance blurred
                              * (sigma = the long side / 128): + composition_weight
                              * * Lcomp, reported in the content term; it holds the
                              * subject where the style moves every detail;
                              * < 0 (the default, -1) = the model's default; since 0.6 */
  float  patch_weight;       /* the patch style loss (Li & Wand 2016): each 3 x 3 patch of
                              * the result's features at patch_layers is pulled to the
                              * style patch it correlates with best, which copies the
                              * painting's marks whole: + patch_weight * Lp, reported in the
                              * style term; < 0 (the default) = the model's (0 for both
                              * for now); since 0.6.  The patches are those of every
                              * style of weight > 0, whatever its region or selection;
                              * each evaluation scores every result patch against every
                              * style patch, which is why it runs at coarse levels */
  float  patch_repeat;       /* the price of a style patch used k times its share: k *
                              * patch_repeat off its correlation, against one patch copied
                              * everywhere (default 0.5; 0 = none) */
  int    patch_levels;       /* the patch loss runs at the first patch_levels levels of the
                              * coarse-to-fine schedule only, where a patch covers most of
                              * a mark (default 1) */

  /* Layer names "reluX_Y", comma separated; a style layer may carry ":w"
   * for its weight ("relu1_1:2,relu2_1").  NULL = the model's defaults. */
  const char *content_layers;
  const char *style_layers;
  const char *patch_layers;   /* NULL = the model's ("relu3_1,relu4_1"); weights ignored */

  nst_pool      pool;
  nst_optimizer optimizer;
  int           iterations;     /* at most, at the coarsest level (default 48) */
  float         level_ratio;    /* each finer level runs at most this fraction of the
                                 * iterations of the level before it: it starts from the
                                 * coarser result (default 1: all alike) */
  float         tolerance;      /* a level stops once its loss fell by less than this
                                 * fraction over the last NST_STOP_WINDOW iterations
                                 * (default 1e-3; 0 = always run every iteration) */
  float         learning_rate;  /* Adam only, in [0,1] pixel units; default 0.02 */

  nst_init          init;
  const nst_image  *init_image; /* NST_INIT_IMAGE: any size, resampled */
  uint64_t          seed;       /* noise initialisation and any randomness */

  int    size;        /* long side of the working image, 0 = the content's */
  int    min_size;    /* coarse-to-fine starts at this long side or up to sqrt(2)
                       * times more (default 200); >= size: one level */
  int    levels;      /* 0 = automatic (sqrt(2) steps from min_size; one level when the
                       * run starts from NST_INIT_SYNTHESIS, made at the working size),
                       * 1 = single level */
  float  style_scale; /* style long side = style_scale * working long side; default 1 */
  int    style_tiles; /* the result's style layers are compared with the style in n x n
                       * tiles, each on its own, so that every part of the picture takes
                       * the style, not only the whole; 1 = the whole image (Gatys),
                       * 0 = the model's default (nst_model_info); since 0.4 */
  int    style_bands; /* the result's style features in each of n bands of the content's
                       * luminance (dark to light, equal shares) are compared with the
                       * style's in the same band of its own, so that the painting's
                       * light marks go where the photo is light (a guided Gram, Gatys
                       * et al. 2017); 1 = one band, 0 = the model's default; since 0.8 */
  nst_color color;

  int     threads;        /* the engine's worker threads (OpenBLAS runs single-threaded
                           * inside them), 0 = nst_default_threads () */
  size_t  memory_limit;   /* bytes, 0 = no limit */

  nst_progress_fn progress;
  void           *user_data;
} nst_params;

/* The defaults: content 1, style 30, tv 10, the model's style tiles and bands,
 * chroma total variation, composition and patch loss (nst_model_info;
 * patches at the first level, repeat price 0.5), L-BFGS, 48 iterations at
 * most at every level (level_ratio 1), each level stopping
 * at a relative progress below 1e-3 over NST_STOP_WINDOW iterations,
 * the model's start (nst_model_info.default_init), average pooling,
 * coarse-to-fine from 200 px (one level from a synthesis), no
 * colour preservation, nst_default_threads (), no memory limit (the
 * measurements behind the schedule are in params.c). */
NST_API nst_params nst_params_default (void);

/* The quality presets front ends offer: a working size and the
 * iterations of the first level; the rest as nst_params_default(). */
typedef enum
{
  NST_QUALITY_DRAFT    = 0,   /* 256 px: a quick look */
  NST_QUALITY_BALANCED = 1,   /* 512 px: the default */
  NST_QUALITY_FINE     = 2    /* 1024 px */
} nst_quality;

/* nst_params_default() with the preset's size and iterations; an
 * unknown value gives Balanced. */
NST_API nst_params  nst_params_for_quality (nst_quality quality);
/* "draft", "balanced", "fine"; NULL for an unknown value. */
NST_API const char *nst_quality_name (nst_quality quality);

/* ---- Images -------------------------------------------------------- */

/* Allocate a zeroed width x height image.  Sizes must be positive and the
 * product must not overflow; NST_STATUS_OUT_OF_MEMORY otherwise. */
NST_API nst_status nst_image_init  (nst_image *image, int width, int height, nst_error *err);
/* Free an image's data (NULL-safe) and zero the struct. */
NST_API void       nst_image_clear (nst_image *image);

/* ---- Models -------------------------------------------------------- */

typedef struct nst_model nst_model;

/* Load VGG-19 conv weights (torchvision names features.N.weight/.bias, F32)
 * from a safetensors file.  Reads only the conv tensors up to conv5_1.
 * On success *model owns its weights and must be freed with
 * nst_model_free(); on failure *model is NULL and err says why.  Loads
 * may run in one thread at a time (cJSON keeps a global error pointer). */
NST_API nst_status nst_model_load_safetensors (const char *path, nst_model **model,
                                               nst_error *err);

/* A VGG-19-shaped network whose weights are generated deterministically
 * (fixed seed, He-scaled zero-mean filters, biases 0.3).  Needs no file; stylises
 * less well than the trained weights. */
NST_API nst_status nst_model_new_builtin (nst_model **model, nst_error *err);

NST_API void nst_model_free (nst_model *model);

/* Facts about a model, for status lines and `nst model info`. */
typedef struct
{
  int          builtin;       /* 1 for the generated network */
  int          n_convs;       /* conv layers loaded (13 up to conv5_1) */
  int          widths[16];    /* output channels of each conv */
  size_t       bytes;         /* weight bytes held */
  const char  *default_style_layers;
  const char  *default_content_layers;
  int          default_style_tiles;   /* nst_params.style_tiles when 0; since 0.4 */
  float        default_chroma_tv_weight; /* nst_params.chroma_tv_weight when < 0;
                                          * since 0.5 */
  float        default_composition_weight; /* nst_params.composition_weight when < 0;
                                            * since 0.6 */
  float        default_patch_weight;       /* nst_params.patch_weight when < 0; since 0.6 */
  const char  *default_patch_layers;       /* nst_params.patch_layers when NULL */
  float        style_gain;   /* the style term (its Gram part) counts style_gain *
                              * nst_params.style_weight: 1 for VGG-19; the built-in
                              * network's features ask for a stronger pull to meet
                              * the painting at the same weight; since 0.7 */
  int          default_style_bands;  /* nst_params.style_bands when 0; since 0.8 */
  nst_init     default_init;         /* nst_params.init when NST_INIT_DEFAULT: the
                                      * content for VGG-19, the synthesis for the
                                      * built-in network; since 0.9 */
} nst_model_info;

NST_API void nst_model_get_info (const nst_model *model, nst_model_info *info);

/* One convolution of a model, read-only, to inspect its weights.  The
 * pointers stay valid until nst_model_free(). */
typedef struct
{
  const char  *name;          /* "conv1_1" ... "conv5_1" */
  int          torch_index;   /* N of the file's features.N.weight */
  int          c_out;         /* output channels */
  int          c_in;          /* input channels; the kernels are 3 x 3 */
  const float *weight;        /* c_out x c_in x 3 x 3 */
  const float *bias;          /* c_out */
} nst_model_layer;

/* Describe convolution `index` (0 .. n_convs - 1); 0 when out of range.
 * Since 0.2. */
NST_API int  nst_model_get_layer (const nst_model *model, int index, nst_model_layer *layer);

/* The input normalisation, (x - mean) / std per R, G, B.  Since 0.2. */
NST_API void nst_model_get_normalisation (const nst_model *model, float mean[3], float std[3]);

/* ---- Running ------------------------------------------------------- */

/* Stylise `content` with the blend of `styles` into `output`, which must
 * be allocated at the content's size.  `output` is written only on
 * success; on error or cancel it is left as it was.  Returns
 * NST_STATUS_ABORTED when the progress callback returned 0.
 * Deterministic: the same inputs, parameters and thread count give
 * bit-identical pixels.  The job is refused (NST_STATUS_TOO_LARGE) before
 * anything large is allocated when its estimate exceeds memory_limit.
 * Side effect: the first job of the process (nst_stylize, nst_calibrate or
 * any objective) sets OpenBLAS to one thread, process-wide, once: the
 * engine's own workers call it in parallel. */
NST_API nst_status nst_stylize (const nst_model *model,
                                const nst_image *content,
                                const nst_style *styles, int n_styles,
                                const nst_params *params,
                                nst_image *output,
                                nst_error *err);


/* What a run will cost, known before running it. */
typedef struct
{
  size_t peak_bytes;          /* predicted peak heap use of nst_stylize() */
  double gflop;               /* floating-point work of the whole job, in GFLOP */
  int    n_levels;
  int    work_width;          /* finest level's size */
  int    work_height;
  /* The plan, coarsest level first: each level's size, the iterations it
   * may run at most, and the evaluations (forward + backward passes) it
   * is expected to take, line searches included. */
  int    level_width[NST_MAX_LEVELS];
  int    level_height[NST_MAX_LEVELS];
  int    level_iterations[NST_MAX_LEVELS];
  double level_evaluations[NST_MAX_LEVELS];
} nst_estimate;

/* Predict the peak memory and work of nst_stylize() with these arguments
 * (styles' sizes matter; their pixels are not read). */
NST_API nst_status nst_estimate_job (const nst_model *model,
                                     int content_width, int content_height,
                                     const nst_style *styles, int n_styles,
                                     const nst_params *params,
                                     nst_estimate *estimate,
                                     nst_error *err);

/* ---- Calibration: this machine's speed ---------------------------------
 *
 * Time follows evaluations of the objective (one forward + backward pass
 * of the network: what the optimiser repeats, line searches included).
 * nst_calibrate() measures the seconds one evaluation takes on this
 * machine with this model and thread count at a few small sizes (128 to
 * 362 px, generated images, after a warm-up; a few seconds in all), and
 * the seconds it takes to set up a level (the style and content targets).
 * nst_calibration_job_seconds() turns the plan of nst_estimate_job() into
 * seconds with it.  Front ends keep a calibration (it is plain numbers)
 * and measure again when NST_CALIBRATION_VERSION, the CPU, the thread
 * count or the model's widths change. */

/* Bumped whenever the engine's kernels change speed, so that kept
 * calibrations are measured again. */
#define NST_CALIBRATION_VERSION 5
/* Sizes measured. */
#define NST_CALIBRATION_POINTS 4

typedef struct
{
  int    version;                                    /* NST_CALIBRATION_VERSION */
  int    threads;                                    /* as nst_params.threads */
  int    n_points;                                   /* 0: not calibrated */
  double pixels[NST_CALIBRATION_POINTS];             /* width x height, ascending */
  double evaluation_seconds[NST_CALIBRATION_POINTS]; /* one forward + backward pass */
  double setup_seconds[NST_CALIBRATION_POINTS];      /* a level's targets */
  double cpu_share;   /* the process's CPU time over wall time x workers while the
                       * evaluations were timed: near 1 on an idle machine, lower
                       * when other work took the cores (see NST_CALIBRATION_QUIET) */
} nst_calibration;

/* A calibration whose cpu_share is below this was measured while other
 * work shared the cores, and is slower than the machine: use it for the
 * moment, but do not keep it (measure again next time). */
#define NST_CALIBRATION_QUIET 0.75

/* Polled between measurements: return non-zero to go on, 0 to stop. */
typedef int (*nst_continue_fn) (void *user_data);

/* Measure this machine with `model` and `threads` worker threads (0 = all
 * cores) into *calibration.  `keep_going` (may be NULL) with `user_data`
 * is asked before each size; NST_STATUS_ABORTED when it said stop.  Takes
 * a few seconds on 2 cores with VGG-19 widths; runs no other job meanwhile
 * or the numbers include it.  On error n_points is 0. */
NST_API nst_status nst_calibrate (const nst_model *model, int threads,
                                  nst_continue_fn keep_going, void *user_data,
                                  nst_calibration *calibration, nst_error *err);

/* Seconds of one evaluation at `pixels` (width x height): straight lines
 * between the measured points, beyond the largest the steeper of its last
 * segment and the least-squares line of all (never below the smallest
 * point's time per pixel).  < 0 when not calibrated. */
NST_API double nst_calibration_evaluation_seconds (const nst_calibration *calibration,
                                                   double pixels);

/* Seconds of one level's set-up at `pixels`, the same way. */
NST_API double nst_calibration_setup_seconds (const nst_calibration *calibration,
                                              double pixels);

/* Seconds of a whole job: each level's set-up plus its expected
 * evaluations at its size.  < 0 when not calibrated. */
NST_API double nst_calibration_job_seconds (const nst_calibration *calibration,
                                            const nst_estimate *estimate);

/* Seconds the rest of a job will take by its plan, during progress
 * callback `progress`: the current level's share still to run
 * ((n_iterations - iteration) / n_iterations of its expected
 * evaluations) plus every later level, set-up included.  Levels already
 * done do not count, however early they stopped.  < 0 when not
 * calibrated. */
NST_API double nst_calibration_remaining_seconds (const nst_calibration *calibration,
                                                  const nst_estimate *estimate,
                                                  const nst_progress *progress);

/* The status's generic English description ("the model file is truncated"). */
NST_API const char *nst_status_to_string (nst_status status);

/* The worker threads that nst_params.threads = 0 (and nst_calibrate's
 * 0) stands for: one per CPU this process may run on (its affinity mask,
 * which taskset and cgroups narrow), at least 1.  Since 0.3. */
NST_API int nst_default_threads (void);

/* The library's version, "major.minor.micro" (as NST_VERSION_* of the
 * header it was built with). */
NST_API const char *nst_version (void);

#ifdef __cplusplus
}
#endif

#endif /* NST_H */
