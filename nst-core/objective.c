/* objective.c - the style transfer loss at one resolution: targets from
 * the content and style images, then loss and gradient for any image.
 * The formula is written out in nst-private.h. */
#include "nst-private.h"

#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* One style loss: its Gram targets at each style layer l and, for a
 * regional style, its mask at each layer's size. */
typedef struct
{
  double  weight;                          /* b_t, the terms' weights sum to 1 */
  float  *target[NST_VGG_N_CONVS];         /* A, c x c */
  double  norm[NST_VGG_N_CONVS];
  float  *diff[NST_VGG_N_CONVS];           /* dE/dG after an evaluation, one per tile */
  float  *mask[NST_VGG_N_CONVS];           /* m_p N / sum m at layer size; NULL = everywhere */
  int     empty[NST_VGG_N_CONVS];          /* the mask is zero at this layer */
  /* With tiles: each tile's weight, its share of the mask (of the pixels
   * without a mask), the weights summing to 1 (0: the mask misses the
   * tile, which is skipped); with a mask also each tile's factor that
   * makes its masked Gram a mean over its own part of the mask. */
  float  *tile_weight[NST_VGG_N_CONVS];
  float  *tile_scale[NST_VGG_N_CONVS];
  /* Without tiles a masked Gram is taken over the mask's support only:
   * its n_cols columns cols[] (indices into the layer's pixels), each
   * weighted by col_weight[] = m n_cols / N (root[] its square root), which
   * gives the same Gram with n_cols in place of N.  A band covers about
   * 1 / bands of the picture and its soft edges, so the bands cost a
   * little more than one whole Gram. */
  int    *cols[NST_VGG_N_CONVS];
  float  *col_weight[NST_VGG_N_CONVS];
  float  *root[NST_VGG_N_CONVS];
  size_t  n_cols[NST_VGG_N_CONVS];
} style_term;

struct nst_objective
{
  nst_workers *workers;
  nst_net net;
  float  *gram_partials;
  double  content_weight, style_weight, tv_weight, chroma_tv_weight;

  /* The composition term: B Y(content), its variance, the blur's taps and
   * two planes to work in (NULL when the weight is 0). */
  double  composition_weight;
  float  *composition_target, *composition_tmp;
  double  composition_norm;
  float   composition_taps[2 * NST_COMPOSITION_MAX_RADIUS + 1];
  int     composition_radius;

  /* The patch term at each of its layers (n_patch = 0 when its weight
   * is 0). */
  double            patch_weight;
  float             patch_repeat;
  int               n_patch;
  int               patch_layer[NST_VGG_N_CONVS];
  nst_patch_target  patch[NST_VGG_N_CONVS];

  int     n_content;
  int     content_layer[NST_VGG_N_CONVS];
  double  content_scale[NST_VGG_N_CONVS];   /* w_l / sum w */
  float  *content_target[NST_VGG_N_CONVS];  /* P_l */
  double  content_norm[NST_VGG_N_CONVS];

  int     n_style;
  int     style_layer[NST_VGG_N_CONVS];
  double  style_scale[NST_VGG_N_CONVS];

  /* The result's features at style layer l are compared with the targets
   * in grid[l] x grid[l] tiles, grid[l] = min (tiles, H_l, W_l); the
   * tile's features and their gradient are formed in tile_f, tile_df. */
  int     tiles;
  int     grid[NST_VGG_N_CONVS];
  float  *tile_f, *tile_df;

  /* Without regions one term holds the blended Gram targets; with any
   * region each style is a term of its own, limited to its mask (if it
   * has one), even when it is the only style.  With luminance bands each
   * of those is `bands` terms, term b * bands + k for band k, each
   * limited to band k of the content (and the region). */
  int         regional;
  int         bands;
  int         n_terms;
  style_term  term[NST_MAX_STYLES * NST_STYLE_BANDS_MAX];
  float      *masked, *masked_df;          /* a mask's columns of F and of dE/dF */
};

static int
max_channels (const nst_model *model)
{
  int i, c = 1;

  for (i = 0; i < model->n_convs; i++)
    c = model->conv[i].c_out > c ? model->conv[i].c_out : c;
  return c;
}

static size_t
layer_floats (const nst_net *net, int i)
{
  return (size_t) net->model->conv[i].c_out * net->h[i] * net->w[i];
}

/* Size of a style image for an output of width x height. */
void
nst_style_size (const nst_image *style, int width, int height, float style_scale,
            int min_side, int *sw, int *sh)
{
  double long_side = style_scale * (width > height ? width : height);
  double k = long_side / (style->width > style->height ? style->width : style->height);

  *sw = (int) lround (style->width * k);
  *sh = (int) lround (style->height * k);
  if (*sw < min_side)
    *sw = min_side;
  if (*sh < min_side)
    *sh = min_side;
}

static float *scale_columns (const nst_net *net, int layer, const float *mask, int half,
                             float *out);
static nst_status objective_mask_columns (nst_objective *obj, nst_error *err);
static nst_status style_layer_masks (const nst_objective *obj, int depth,
                                     const nst_mask *mask, int width, int height,
                                     float **out, int *empty, nst_error *err);

/* The convs the style nets need: the style layers' and the patch layers'. */
static int
objective_style_depth (const nst_objective *obj)
{
  int l, depth = 0;

  for (l = 0; l < obj->n_style; l++)
    if (obj->style_layer[l] + 1 > depth)
      depth = obj->style_layer[l] + 1;
  for (l = 0; l < obj->n_patch; l++)
    if (obj->patch_layer[l] + 1 > depth)
      depth = obj->patch_layer[l] + 1;
  return depth;
}

/* The bands of the planar image x (w x h) within `mask` (any size,
 * resampled into `weight`, w h floats; NULL: all of x) into `out`, bands
 * planes. */
static nst_status
bands_within (const float *x, int w, int h, const nst_mask *mask, int bands, float *weight,
              float *out, nst_error *err)
{
  nst_status status = NST_STATUS_OK;

  if (mask != NULL)
    status = nst_resize_planar (mask->data, 1, mask->width, mask->height, weight, w, h, err);
  if (status != NST_STATUS_OK)
    return status;
  return nst_luma_bands (x, h, w, mask != NULL ? weight : NULL, bands, out, err);
}

/* The selections a style's Grams are taken over: one (style->selection,
 * NULL for all of it) without bands; with bands, band k of the style
 * image x (planar, sw x sh) within the selection into sel[k], whose data
 * is one buffer of `bands` planes owned by sel[0]. */
static nst_status
style_selections (const nst_style *style, const float *x, int sw, int sh, int bands,
                  nst_mask *sel, const nst_mask **use, nst_error *err)
{
  size_t     plane = (size_t) sw * sh;
  float     *weight = NULL, *data;
  nst_status status = NST_STATUS_OK;
  int        k;

  if (bands == 1)
    {
      use[0] = style->selection;
      return NST_STATUS_OK;
    }
  data = malloc (bands * plane * sizeof (float));
  if (style->selection != NULL)
    weight = malloc (plane * sizeof (float));
  if (data == NULL || (style->selection != NULL && weight == NULL))
    status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the bands.");
  else
    status = bands_within (x, sw, sh, style->selection, bands, weight, data, err);
  free (weight);
  if (status != NST_STATUS_OK)
    {
      free (data);
      return status;
    }
  for (k = 0; k < bands; k++)
    {
      sel[k].width = sw;
      sel[k].height = sh;
      sel[k].data = data + k * plane;
      use[k] = &sel[k];
    }
  return NST_STATUS_OK;
}

/* Add `scale` times the Grams of one style, through a forward-only net
 * at sw x sh, to the targets of terms[0 .. obj->bands) at every style
 * layer (term k: band k of the style; a selection makes each a mean over
 * the selected part only). */
static nst_status
style_add_grams (nst_objective    *obj,
                 const nst_model  *model,
                 const nst_style  *style,
                 const nst_params *params,
                 int               depth,
                 int               sw,
                 int               sh,
                 style_term       *terms,
                 double            scale,
                 nst_error        *err)
{
  nst_net         net;
  float          *x, *masked = NULL;
  nst_mask        band[NST_STYLE_BANDS_MAX];
  const nst_mask *use[NST_STYLE_BANDS_MAX] = { NULL };
  nst_status      status = NST_STATUS_OK;
  int             l, k;

  x = nst_planar_resized (style->image, sw, sh, err);
  if (x == NULL)
    return err ? err->status : NST_STATUS_OUT_OF_MEMORY;
  band[0].data = NULL;
  status = style_selections (style, x, sw, sh, obj->bands, band, use, err);
  if (status == NST_STATUS_OK)
    status = nst_net_init (&net, model, obj->workers, depth, sw, sh, params->pool, 0, err);
  if (status != NST_STATUS_OK)
    {
      free (x);
      free (band[0].data);
      return status;
    }
  nst_net_forward (&net, x);
  free (x);
  for (k = 0; status == NST_STATUS_OK && k < obj->bands; k++)
    {
      float *sel[NST_VGG_N_CONVS] = { NULL };
      int    sel_empty[NST_VGG_N_CONVS];

      if (use[k] != NULL)
        {
          status = style_layer_masks (obj, depth, use[k], sw, sh, sel, sel_empty, err);
          if (status == NST_STATUS_OK && masked == NULL)
            masked = nst_alloc_large (nst_net_max_act_floats (&net) * sizeof (float));
          if (status == NST_STATUS_OK && masked == NULL)
            status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory.");
        }
      for (l = 0; status == NST_STATUS_OK && l < obj->n_style; l++)
        {
          int          i = obj->style_layer[l];
          int          c = model->conv[i].c_out;
          size_t       cc = (size_t) c * c, j;
          float       *g = terms[k].diff[l];   /* free until the first evaluation */
          const float *f = sel[l] != NULL ? scale_columns (&net, i, sel[l], 1, masked)
                                          : net.act[i];

          nst_gram (obj->workers, f, c, (size_t) net.h[i] * net.w[i], g, obj->gram_partials);
          for (j = 0; j < cc; j++)
            terms[k].target[l][j] += (float) (scale * g[j]);
        }
      for (l = 0; l < obj->n_style; l++)
        free (sel[l]);
    }
  /* every style's patches, whatever its selection (see nst_params) */
  for (l = 0; status == NST_STATUS_OK && l < obj->n_patch; l++)
    {
      int i = obj->patch_layer[l];

      status = nst_patch_target_add (&obj->patch[l], net.act[i], model->conv[i].c_out,
                                     net.h[i], net.w[i], err);
    }
  nst_net_clear (&net);
  free (masked);
  free (band[0].data);
  return status;
}

/* Gram targets: A_l = sum_s b_s Gram_l(style s) into the style's term
 * (one shared term without regions), computed on a forward-only net. */
static nst_status
objective_style_targets (nst_objective *obj, const nst_model *model,
                         const nst_style *styles, int n_styles,
                         const nst_params *params, int width, int height,
                         nst_error *err)
{
  double wsum = 0.0;
  int    depth = objective_style_depth (obj), s, l, t;

  for (s = 0; s < n_styles; s++)
    wsum += styles[s].weight;

  for (s = 0; s < n_styles; s++)
    {
      style_term *terms = &obj->term[(obj->regional ? s : 0) * obj->bands];
      int         sw, sh, k;
      nst_status  status;
      double      b = styles[s].weight / wsum;

      for (k = 0; obj->regional && k < obj->bands; k++)
        terms[k].weight = b / obj->bands;
      if (styles[s].weight <= 0.0f)
        continue;
      nst_style_size (styles[s].image, width, height, params->style_scale,
                  nst_net_min_side (depth), &sw, &sh);
      status = style_add_grams (obj, model, &styles[s], params, depth, sw, sh, terms,
                                obj->regional ? 1.0 : b, err);
      if (status != NST_STATUS_OK)
        return status;
    }

  for (t = 0; ! obj->regional && t < obj->bands; t++)
    obj->term[t].weight = 1.0 / obj->bands;
  for (t = 0; t < obj->n_terms; t++)
    for (l = 0; l < obj->n_style; l++)
      {
        int c = model->conv[obj->style_layer[l]].c_out;

        obj->term[t].norm[l] = nst_mean_square (obj->term[t].target[l], (size_t) c * c)
                               + NST_LOSS_EPS;
      }
  return NST_STATUS_OK;
}

/* `mask` (any size) at the size of every style layer of a net whose input
 * is width x height: resampled to the input, then 2x2-averaged through
 * the pools as the features are, and scaled to m_p N / sum(m) so that a
 * masked Gram is a mean over the mask.  out[l] (malloc'ed, n floats of
 * style layer l) and empty[l] (the mask is zero there) are filled. */
static nst_status
style_layer_masks (const nst_objective *obj, int depth, const nst_mask *mask,
                   int width, int height, float **out, int *empty, nst_error *err)
{
  float     *m = malloc ((size_t) width * height * sizeof (float));
  float     *next = malloc ((size_t) width * height * sizeof (float));
  nst_status status = NST_STATUS_OK;
  int        i, l, w = width, h = height;

  if (m == NULL || next == NULL)
    {
      status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the style masks.");
      goto out;
    }
  status = nst_resize_planar (mask->data, 1, mask->width, mask->height, m, width, height, err);
  for (i = 0; status == NST_STATUS_OK && i < depth; i++)
    {
      size_t n = (size_t) w * h, k;

      for (l = 0; l < obj->n_style; l++)
        if (obj->style_layer[l] == i)
          {
            double sum = 0.0;

            for (k = 0; k < n; k++)
              sum += m[k] > 0.0f ? m[k] : 0.0f;
            empty[l] = sum < 1e-6 * n;
            out[l] = malloc (n * sizeof (float));
            if (out[l] == NULL)
              {
                status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                                        "Not enough memory for the style masks.");
                goto out;
              }
            for (k = 0; k < n; k++)
              out[l][k] = empty[l] || m[k] <= 0.0f ? 0.0f : (float) (m[k] * n / sum);
          }
      if (nst_vgg_pool_after[i] && i + 1 < depth)
        {
          float *t;

          nst_pool2x2_forward (m, 1, h, w, NST_POOL_AVERAGE, next);
          w /= 2;
          h /= 2;
          t = m;
          m = next;
          next = t;
        }
    }

out:
  free (m);
  free (next);
  return status;
}

/* Parse a layer list into indices and weights normalised to sum 1;
 * returns the count, or -1 with err set. */
static int
parse_normalised (const char *spec, int *layer, double *scale, nst_error *err)
{
  float  w[NST_VGG_N_CONVS];
  double sum = 0.0;
  int    n = nst_parse_layers (spec, layer, w, NST_VGG_N_CONVS, err), l;

  for (l = 0; l < n; l++)
    sum += w[l];
  for (l = 0; l < n; l++)
    scale[l] = sum > 0.0 ? w[l] / sum : 0.0;
  return n;
}

static nst_status
objective_parse_layers (nst_objective *obj, const nst_model *model,
                        const nst_params *params, nst_error *err)
{
  const char *cspec = params->content_layers ? params->content_layers : model->default_content_layers;
  const char *sspec = params->style_layers ? params->style_layers : model->default_style_layers;

  obj->n_content = parse_normalised (cspec, obj->content_layer, obj->content_scale, err);
  if (obj->n_content < 0)
    return err ? err->status : NST_STATUS_INVALID_ARGUMENT;
  obj->n_style = parse_normalised (sspec, obj->style_layer, obj->style_scale, err);
  if (obj->n_style < 0)
    return err ? err->status : NST_STATUS_INVALID_ARGUMENT;
  if (obj->patch_weight > 0.0)
    {
      const char *pspec = nst_patch_layers (model, params);
      float       w[NST_VGG_N_CONVS];

      if (pspec == NULL)
        return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT, "No layers for the patch loss.");
      obj->n_patch = nst_parse_layers (pspec, obj->patch_layer, w, NST_VGG_N_CONVS, err);
      if (obj->n_patch < 0)
        return err ? err->status : NST_STATUS_INVALID_ARGUMENT;
    }
  return NST_STATUS_OK;
}

/* OpenBLAS runs single-threaded inside the engine's workers.  Its thread
 * count is process-wide: set it once, on the first objective, never while
 * another objective's workers may be inside OpenBLAS. */
static pthread_once_t blas_once = PTHREAD_ONCE_INIT;

static void
blas_single_threaded (void)
{
  openblas_set_num_threads (1);
}

/* The thread pool, and the per-worker partial Grams when the pool has
 * more than one thread. */
static nst_status
objective_workers_new (nst_objective    *obj,
                       const nst_model  *model,
                       const nst_params *params,
                       nst_error        *err)
{
  nst_status status;

  /* the workers are the one thread pool: OpenBLAS runs inside them */
  pthread_once (&blas_once, blas_single_threaded);
  status = nst_workers_new (params->threads, &obj->workers, err);
  if (status != NST_STATUS_OK)
    return status;
  if (nst_gram_partial_floats (obj->workers, 1) > 0)
    {
      obj->gram_partials = malloc (nst_gram_partial_floats (obj->workers, max_channels (model))
                                   * sizeof (float));
      if (obj->gram_partials == NULL)
        return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory.");
    }
  return NST_STATUS_OK;
}

/* One style term for the blend, or one per style when any style has a
 * region: each with a target Gram and a dE/dG buffer per style layer. */
static nst_status
objective_terms_new (nst_objective   *obj,
                     const nst_model *model,
                     const nst_style *styles,
                     int              n_styles,
                     nst_error       *err)
{
  int l, t;

  for (t = 0; t < n_styles; t++)
    obj->regional |= styles[t].region != NULL;
  obj->n_terms = (obj->regional ? n_styles : 1) * obj->bands;
  for (t = 0; t < obj->n_terms; t++)
    for (l = 0; l < obj->n_style; l++)
      {
        size_t cc = (size_t) model->conv[obj->style_layer[l]].c_out
                    * model->conv[obj->style_layer[l]].c_out;

        obj->term[t].target[l] = calloc (cc, sizeof (float));
        obj->term[t].diff[l] = calloc (cc * obj->tiles * obj->tiles, sizeof (float));
        if (! obj->term[t].target[l] || ! obj->term[t].diff[l])
          return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory.");
      }
  return NST_STATUS_OK;
}

/* The masks of the terms of one region (NULL: everywhere) at every layer
 * of the main net: the region itself without bands; with bands, band k
 * of the content x (planar, width x height) within the region for term
 * k.  `region` is resampled to the content into `weight` (width x height
 * floats) and the bands are formed in `band` (bands planes). */
static nst_status
region_band_masks (nst_objective *obj, const nst_mask *region, const float *x, int width,
                   int height, style_term *terms, float *weight, float *band, nst_error *err)
{
  size_t     plane = (size_t) width * height;
  nst_status status;
  int        k;

  if (obj->bands == 1)
    return region == NULL ? NST_STATUS_OK
                          : style_layer_masks (obj, obj->net.depth, region, width, height,
                                               terms[0].mask, terms[0].empty, err);
  status = bands_within (x, width, height, region, obj->bands, weight, band, err);
  for (k = 0; status == NST_STATUS_OK && k < obj->bands; k++)
    {
      nst_mask m = { width, height, band + k * plane };

      status = style_layer_masks (obj, obj->net.depth, &m, width, height, terms[k].mask,
                                  terms[k].empty, err);
    }
  return status;
}

/* Each term's mask (region and band, of the content x: planar, width x
 * height) at every layer of the main net; nothing without regions and
 * bands. */
static nst_status
objective_region_masks (nst_objective   *obj,
                        const float     *x,
                        const nst_style *styles,
                        int              n_styles,
                        int              width,
                        int              height,
                        nst_error       *err)
{
  size_t     plane = (size_t) width * height;
  float     *weight = NULL, *band = NULL;
  nst_status status = NST_STATUS_OK;
  int        s;

  if (! obj->regional && obj->bands == 1)
    return NST_STATUS_OK;
  if (obj->bands > 1)
    {
      weight = malloc (plane * sizeof (float));
      band = malloc (obj->bands * plane * sizeof (float));
      if (weight == NULL || band == NULL)
        status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the bands.");
    }
  for (s = 0; status == NST_STATUS_OK && s < (obj->regional ? n_styles : 1); s++)
    status = region_band_masks (obj, obj->regional ? styles[s].region : NULL, x, width, height,
                                &obj->term[s * obj->bands], weight, band, err);
  free (weight);
  free (band);
  return status;
}

/* Tile t of an n x n grid over an h x w map: rows [y0, y1), columns
 * [x0, x1), cut as PyTorch's i * h // n. */
static void
tile_bounds (int h, int w, int n, int t, int *y0, int *y1, int *x0, int *x1)
{
  int i = t / n, j = t % n;

  *y0 = i * h / n;
  *y1 = (i + 1) * h / n;
  *x0 = j * w / n;
  *x1 = (j + 1) * w / n;
}

/* Each tile's weight at one layer, its share of the mask (mask NULL: of
 * the pixels), normalised to sum 1, 0 where the mask misses the tile;
 * with a mask also the factor n_t / sum_t m that makes the tile's masked
 * Gram a mean over its part of the mask.  A tile the region barely
 * touches then counts as little as it is covered, however its few
 * pixels are rescaled. */
static void
tile_shares (const float *mask, int h, int w, int n, float *weight, float *scale)
{
  double total = 0.0;
  int    t, y, x;

  for (t = 0; t < n * n; t++)
    {
      int    y0, y1, x0, x1;
      double px, sum = 0.0;

      tile_bounds (h, w, n, t, &y0, &y1, &x0, &x1);
      px = (double) (y1 - y0) * (x1 - x0);
      for (y = y0; mask != NULL && y < y1; y++)
        for (x = x0; x < x1; x++)
          sum += mask[(size_t) y * w + x];
      if (mask == NULL)
        sum = px;
      else if (sum < 1e-6 * px)
        sum = 0.0;
      weight[t] = (float) sum;
      if (scale != NULL)
        scale[t] = sum > 0.0 ? (float) (px / sum) : 0.0f;
      total += sum;
    }
  for (t = 0; t < n * n; t++)
    weight[t] = total > 0.0 ? (float) (weight[t] / total) : 0.0f;
}

/* The grid at every style layer of the main net, the tile buffers, and
 * each mask's share of every tile; nothing without tiles. */
static nst_status
objective_tiles_new (nst_objective *obj, nst_error *err)
{
  size_t most = 0;
  int    l, t;

  for (l = 0; l < obj->n_style; l++)
    {
      int    i = obj->style_layer[l], h = obj->net.h[i], w = obj->net.w[i];
      int    n = obj->tiles < h ? obj->tiles : h;
      size_t floats;

      n = n < w ? n : w;
      obj->grid[l] = n;
      /* the largest tile: ceil (h / n) x ceil (w / n) */
      floats = (size_t) obj->net.model->conv[i].c_out * ((h + n - 1) / n) * ((w + n - 1) / n);
      most = floats > most ? floats : most;
      for (t = 0; n > 1 && t < obj->n_terms; t++)
        {
          style_term *term = &obj->term[t];

          term->tile_weight[l] = malloc ((size_t) n * n * sizeof (float));
          if (term->mask[l] != NULL)
            term->tile_scale[l] = malloc ((size_t) n * n * sizeof (float));
          if (term->tile_weight[l] == NULL || (term->mask[l] != NULL && term->tile_scale[l] == NULL))
            return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory.");
          tile_shares (term->mask[l], h, w, n, term->tile_weight[l], term->tile_scale[l]);
        }
    }
  if (obj->tiles == 1)
    return NST_STATUS_OK;
  obj->tile_f = nst_alloc_large (most * sizeof (float));
  obj->tile_df = nst_alloc_large (most * sizeof (float));
  if (obj->tile_f == NULL || obj->tile_df == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory.");
  return NST_STATUS_OK;
}

/* The composition term's target from the content x (planar, width x
 * height) and its work planes; nothing when its weight is 0. */
static nst_status
objective_composition_target (nst_objective *obj, const float *x, int width, int height,
                              nst_error *err)
{
  size_t plane = (size_t) width * height;

  if (obj->composition_weight <= 0.0)
    return NST_STATUS_OK;
  obj->composition_target = malloc (plane * sizeof (float));
  obj->composition_tmp = malloc (2 * plane * sizeof (float));
  if (obj->composition_target == NULL || obj->composition_tmp == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory.");
  obj->composition_radius = nst_composition_taps (nst_composition_sigma (height, width),
                                                  obj->composition_taps);
  nst_blurred_luma (x, height, width, obj->composition_taps, obj->composition_radius,
                    obj->composition_target, obj->composition_tmp);
  obj->composition_norm = nst_variance (obj->composition_target, plane) + NST_LOSS_EPS;
  return NST_STATUS_OK;
}

/* The content's features at the content layers, through the main net,
 * and the composition term's target, from the content x (planar, width x
 * height). */
static nst_status
objective_content_targets (nst_objective *obj,
                           const float   *x,
                           int            width,
                           int            height,
                           nst_error     *err)
{
  nst_status status;
  int        l;

  nst_net_forward (&obj->net, x);
  status = objective_composition_target (obj, x, width, height, err);
  if (status != NST_STATUS_OK)
    return status;
  for (l = 0; l < obj->n_content; l++)
    {
      int    i = obj->content_layer[l];
      size_t n = layer_floats (&obj->net, i);

      obj->content_target[l] = nst_alloc_large (n * sizeof (float));
      if (obj->content_target[l] == NULL)
        return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory.");
      memcpy (obj->content_target[l], obj->net.act[i], n * sizeof (float));
      obj->content_norm[l] = nst_mean_square (obj->content_target[l], n) + NST_LOSS_EPS;
    }
  return NST_STATUS_OK;
}

nst_status
nst_objective_new (const nst_model *model,
                   const nst_image *content,
                   const nst_style *styles, int n_styles,
                   const nst_params *params,
                   int width, int height,
                   nst_objective **objective,
                   nst_error *err)
{
  nst_objective *obj;
  nst_status     status;
  float         *x = NULL;
  int            depth, l;

  *objective = NULL;
  nst_error_clear (err);
  obj = calloc (1, sizeof *obj);
  if (obj == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory.");
  obj->content_weight = params->content_weight;
  obj->style_weight = (double) params->style_weight * model->style_gain;
  obj->tv_weight = params->tv_weight;
  obj->chroma_tv_weight = nst_chroma_tv_weight (model, params);
  obj->composition_weight = nst_composition_weight (model, params);
  obj->patch_weight = nst_patch_weight (model, params);
  obj->patch_repeat = params->patch_repeat;
  obj->tiles = nst_style_tiles (model, params);
  obj->bands = nst_style_bands (model, params);

  status = objective_parse_layers (obj, model, params, err);
  if (status == NST_STATUS_OK)
    status = objective_workers_new (obj, model, params, err);
  if (status == NST_STATUS_OK)
    status = objective_terms_new (obj, model, styles, n_styles, err);
  if (status != NST_STATUS_OK)
    goto out;

  depth = objective_style_depth (obj);   /* with the patch layers */
  for (l = 0; l < obj->n_content; l++)
    if (obj->content_layer[l] + 1 > depth)
      depth = obj->content_layer[l] + 1;

  /* style nets first and freed, so they never coexist with the main net */
  status = objective_style_targets (obj, model, styles, n_styles, params, width, height, err);
  if (status == NST_STATUS_OK)
    status = nst_net_init (&obj->net, model, obj->workers, depth, width, height,
                           params->pool, 1, err);
  /* the content at the working size, for the bands and the content targets */
  if (status == NST_STATUS_OK)
    {
      x = nst_planar_resized (content, width, height, err);
      if (x == NULL)
        status = err ? err->status : NST_STATUS_OUT_OF_MEMORY;
    }
  if (status == NST_STATUS_OK)
    status = objective_region_masks (obj, x, styles, n_styles, width, height, err);
  if (status == NST_STATUS_OK)
    status = objective_tiles_new (obj, err);
  if (status == NST_STATUS_OK)
    status = objective_mask_columns (obj, err);
  for (l = 0; status == NST_STATUS_OK && l < obj->n_patch; l++)
    status = nst_patch_target_finish (&obj->patch[l], obj->net.h[obj->patch_layer[l]],
                                      obj->net.w[obj->patch_layer[l]],
                                      nst_workers_size (obj->workers), err);
  if (status == NST_STATUS_OK)
    status = objective_content_targets (obj, x, width, height, err);
  free (x);

out:
  if (status != NST_STATUS_OK)
    nst_objective_free (obj);
  else
    *objective = obj;
  return status;
}

nst_workers *
nst_objective_pool (const nst_objective *obj)
{
  return obj->workers;
}

void
nst_objective_free (nst_objective *obj)
{
  int l, t;

  if (obj == NULL)
    return;
  nst_net_clear (&obj->net);
  nst_workers_free (obj->workers);
  free (obj->gram_partials);
  for (l = 0; l < NST_VGG_N_CONVS; l++)
    {
      free (obj->content_target[l]);
      for (t = 0; t < NST_MAX_STYLES * NST_STYLE_BANDS_MAX; t++)
        {
          free (obj->term[t].target[l]);
          free (obj->term[t].diff[l]);
          free (obj->term[t].mask[l]);
          free (obj->term[t].tile_scale[l]);
          free (obj->term[t].tile_weight[l]);
          free (obj->term[t].cols[l]);
          free (obj->term[t].col_weight[l]);
          free (obj->term[t].root[l]);
        }
    }
  free (obj->masked);
  free (obj->masked_df);
  free (obj->tile_f);
  free (obj->tile_df);
  free (obj->composition_target);
  free (obj->composition_tmp);
  for (l = 0; l < NST_VGG_N_CONVS; l++)
    nst_patch_target_clear (&obj->patch[l]);
  free (obj);
}

/* The activations of `layer` of `net` with each column p scaled by
 * mask[p] (half: by its square root), into `out`. */
static float *
scale_columns (const nst_net *net, int layer, const float *mask, int half, float *out)
{
  size_t n = (size_t) net->h[layer] * net->w[layer], k;
  int    c, channels = net->model->conv[layer].c_out;

  for (c = 0; c < channels; c++)
    {
      const float *f = net->act[layer] + (size_t) c * n;
      float       *o = out + (size_t) c * n;

      for (k = 0; k < n; k++)
        o[k] = f[k] * (half ? sqrtf (mask[k]) : mask[k]);
    }
  return out;
}

/* Moving a masked term's columns between a layer's planar maps and a
 * [C][n_cols] buffer, split by channels over the workers. */
typedef enum
{
  COLS_GATHER_ROOT,   /* masked = the features at cols, times root */
  COLS_GATHER,        /* masked = the features at cols, times col_weight */
  COLS_SCATTER        /* dact at cols += masked_df */
} cols_move;

typedef struct
{
  const nst_objective *obj;
  const style_term    *term;
  int                  l, parts;
  cols_move            move;
  float               *dact;
} cols_call;

static void
task_cols (int part, int worker, void *data)
{
  const cols_call *cc = data;
  const nst_net   *net = &cc->obj->net;
  int              i = cc->obj->style_layer[cc->l], channels = net->model->conv[i].c_out, c;
  size_t           n = (size_t) net->h[i] * net->w[i], k = cc->term->n_cols[cc->l], j;
  const int       *cols = cc->term->cols[cc->l];
  const float     *w = cc->move == COLS_GATHER_ROOT ? cc->term->root[cc->l]
                                                    : cc->term->col_weight[cc->l];

  (void) worker;
  for (c = channels * part / cc->parts; c < channels * (part + 1) / cc->parts; c++)
    {
      if (cc->move == COLS_SCATTER)
        {
          float       *d = cc->dact + (size_t) c * n;
          const float *df = cc->obj->masked_df + (size_t) c * k;

          for (j = 0; j < k; j++)
            d[cols[j]] += df[j];
        }
      else
        {
          const float *a = net->act[i] + (size_t) c * n;
          float       *m = cc->obj->masked + (size_t) c * k;

          for (j = 0; j < k; j++)
            m[j] = a[cols[j]] * w[j];
        }
    }
}

static void
cols_move_run (nst_objective *obj, const style_term *term, int l, cols_move move, float *dact)
{
  cols_call cc = { obj, term, l, nst_workers_size (obj->workers), move, dact };

  nst_workers_run (obj->workers, cc.parts, task_cols, &cc);
}

/* Each masked term's columns at the untiled style layers (see
 * style_term), and the two buffers of the most of them; nothing
 * elsewhere. */
static nst_status
objective_mask_columns (nst_objective *obj, nst_error *err)
{
  size_t most = 0;
  int    t, l;

  for (t = 0; t < obj->n_terms; t++)
    for (l = 0; l < obj->n_style; l++)
      {
        style_term *term = &obj->term[t];
        int         i = obj->style_layer[l];
        size_t      n = (size_t) obj->net.h[i] * obj->net.w[i], k, j = 0;

        if (term->mask[l] == NULL || obj->grid[l] > 1)
          continue;
        for (k = 0; k < n; k++)
          j += term->mask[l][k] > 0.0f;
        term->n_cols[l] = j;
        term->cols[l] = malloc ((j > 0 ? j : 1) * sizeof (int));
        term->col_weight[l] = malloc ((j > 0 ? j : 1) * sizeof (float));
        term->root[l] = malloc ((j > 0 ? j : 1) * sizeof (float));
        if (term->cols[l] == NULL || term->col_weight[l] == NULL || term->root[l] == NULL)
          return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory.");
        for (k = 0, j = 0; k < n; k++)
          if (term->mask[l][k] > 0.0f)
            {
              term->cols[l][j] = (int) k;
              term->col_weight[l][j] = (float) ((double) term->mask[l][k] * term->n_cols[l] / n);
              term->root[l][j] = sqrtf (term->col_weight[l][j]);
              j++;
            }
        if ((size_t) obj->net.model->conv[i].c_out * j > most)
          most = (size_t) obj->net.model->conv[i].c_out * j;
      }
  if (most == 0)
    return NST_STATUS_OK;
  obj->masked = nst_alloc_large (most * sizeof (float));
  obj->masked_df = nst_alloc_large (most * sizeof (float));
  if (obj->masked == NULL || obj->masked_df == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory.");
  return NST_STATUS_OK;
}

/* Moving one tile between a layer's planar maps and a [C][tile pixels]
 * buffer, split by channels over the workers. */
typedef enum
{
  TILE_GATHER,   /* tile_f = the features, times the mask (half: its sqrt) */
  TILE_LOAD,     /* tile_df = the gradient dact so far */
  TILE_STORE     /* dact = tile_df */
} tile_move;

typedef struct
{
  const nst_objective *obj;
  const style_term    *term;
  int                  l, t, parts;
  tile_move            move;
  int                  half;
  float               *dact;
} tile_call;

static void
task_tile (int part, int worker, void *data)
{
  const tile_call *tc = data;
  const nst_net   *net = &tc->obj->net;
  int              i = tc->obj->style_layer[tc->l], h = net->h[i], w = net->w[i];
  int              channels = net->model->conv[i].c_out;
  int              c, y, x, y0, y1, x0, x1;
  const float     *mask = tc->term->mask[tc->l];
  float            scale = tc->term->tile_scale[tc->l] != NULL
                           ? tc->term->tile_scale[tc->l][tc->t] : 1.0f;
  size_t           px;

  (void) worker;
  tile_bounds (h, w, tc->obj->grid[tc->l], tc->t, &y0, &y1, &x0, &x1);
  px = (size_t) (y1 - y0) * (x1 - x0);
  for (c = channels * part / tc->parts; c < channels * (part + 1) / tc->parts; c++)
    {
      float *buf = (tc->move == TILE_GATHER ? tc->obj->tile_f : tc->obj->tile_df) + c * px;

      for (y = y0; y < y1; y++, buf += x1 - x0)
        {
          size_t at = ((size_t) c * h + y) * w + x0;

          if (tc->move == TILE_LOAD)
            memcpy (buf, tc->dact + at, (size_t) (x1 - x0) * sizeof (float));
          else if (tc->move == TILE_STORE)
            memcpy (tc->dact + at, buf, (size_t) (x1 - x0) * sizeof (float));
          else
            for (x = 0; x < x1 - x0; x++)
              {
                float m = mask != NULL ? mask[(size_t) y * w + x0 + x] * scale : 1.0f;

                buf[x] = net->act[i][at + x] * (mask == NULL ? 1.0f : tc->half ? sqrtf (m) : m);
              }
        }
    }
}

/* One tile move (see tile_move) of tile t of style layer l; returns the
 * tile's pixels. */
static size_t
tile_move_run (nst_objective *obj, const style_term *term, int l, int t, tile_move move,
               int half, float *dact)
{
  const nst_net *net = &obj->net;
  int            i = obj->style_layer[l], y0, y1, x0, x1;
  tile_call      tc = { obj, term, l, t, nst_workers_size (obj->workers), move, half, dact };

  nst_workers_run (obj->workers, tc.parts, task_tile, &tc);
  tile_bounds (net->h[i], net->w[i], obj->grid[l], t, &y0, &y1, &x0, &x1);
  return (size_t) (y1 - y0) * (x1 - x0);
}

/* E_l of a tiled term: its tiles' Gram errors, each times its weight;
 * each tile's dE/dG is kept for the backward pass. */
static double
style_tiles_loss (nst_objective *obj, style_term *term, int l)
{
  int    c = obj->net.model->conv[obj->style_layer[l]].c_out, n = obj->grid[l], t;
  size_t cc = (size_t) c * c;
  double e = 0.0;

  for (t = 0; t < n * n; t++)
    if (term->tile_weight[l][t] > 0.0f)
      {
        size_t px = tile_move_run (obj, term, l, t, TILE_GATHER, 1, NULL);

        e += term->tile_weight[l][t]
             * nst_loss_style (obj->workers, obj->tile_f, c, px, term->target[l], term->norm[l],
                               term->diff[l] + t * cc, obj->gram_partials);
      }
  return e;
}

/* dact += scale times the gradient of style_tiles_loss (). */
static void
style_tiles_backward (nst_objective *obj, const style_term *term, int l, double scale,
                      float *dact)
{
  int    c = obj->net.model->conv[obj->style_layer[l]].c_out, n = obj->grid[l], t;
  size_t cc = (size_t) c * c;

  for (t = 0; t < n * n; t++)
    if (term->tile_weight[l][t] > 0.0f)
      {
        /* each tile's columns are a masked Gram of their own (see the
         * hook); the gradient adds to the tile's dact in tile_df */
        size_t px = tile_move_run (obj, term, l, t, TILE_GATHER, 0, NULL);

        tile_move_run (obj, term, l, t, TILE_LOAD, 0, dact);
        nst_loss_style_backward (obj->workers, obj->tile_f, c, px, term->diff[l] + t * cc,
                                 scale * term->tile_weight[l][t], obj->tile_df);
        tile_move_run (obj, term, l, t, TILE_STORE, 0, dact);
      }
}

/* Backward hook: the loss gradients that enter at relu(conv_layer). */
static void
objective_add_grad (int layer, float *dact, void *user_data)
{
  nst_objective *obj = user_data;
  const nst_net *net = &obj->net;
  size_t         n = (size_t) net->h[layer] * net->w[layer];
  int            l, t;

  for (l = 0; l < obj->n_content; l++)
    if (obj->content_layer[l] == layer)
      nst_loss_content (net->act[layer], obj->content_target[l], layer_floats (net, layer),
                        obj->content_norm[l], dact,
                        obj->content_weight * obj->content_scale[l]);
  for (l = 0; l < obj->n_patch; l++)
    if (obj->patch_layer[l] == layer)
      nst_patch_backward (obj->workers, &obj->patch[l], net->act[layer], net->h[layer],
                          net->w[layer], obj->patch_weight / obj->n_patch, dact);
  for (l = 0; l < obj->n_style; l++)
    if (obj->style_layer[l] == layer)
      for (t = 0; t < obj->n_terms; t++)
        {
          const style_term *term = &obj->term[t];
          const float      *f = net->act[layer];

          if (term->empty[l] || term->weight <= 0.0)
            continue;
          if (obj->grid[l] > 1)
            {
              style_tiles_backward (obj, term, l,
                                    obj->style_weight * obj->style_scale[l] * term->weight, dact);
              continue;
            }
          /* masked Gram = F diag(m) F^T / n with m scaled: dE/dF = 2 dE/dG (F m) / n,
           * on the mask's columns (see style_term) */
          if (term->mask[l] != NULL)
            {
              int c = net->model->conv[layer].c_out;

              cols_move_run (obj, term, l, COLS_GATHER, NULL);
              memset (obj->masked_df, 0, (size_t) c * term->n_cols[l] * sizeof (float));
              nst_loss_style_backward (obj->workers, obj->masked, c, term->n_cols[l],
                                       term->diff[l],
                                       obj->style_weight * obj->style_scale[l] * term->weight,
                                       obj->masked_df);
              cols_move_run (obj, term, l, COLS_SCATTER, dact);
              continue;
            }
          nst_loss_style_backward (obj->workers, f, net->model->conv[layer].c_out, n,
                                   term->diff[l],
                                   obj->style_weight * obj->style_scale[l] * term->weight,
                                   dact);
        }
}

double
nst_objective_evaluate (nst_objective *obj, const float *x, float *grad,
                        nst_loss_terms *terms)
{
  nst_net *net = &obj->net;
  double   lc = 0.0, ls = 0.0, ltv;
  int      l, t;

  nst_net_forward (net, x);
  for (l = 0; l < obj->n_content; l++)
    {
      int i = obj->content_layer[l];

      lc += obj->content_scale[l]
            * nst_loss_content (net->act[i], obj->content_target[l], layer_floats (net, i),
                                obj->content_norm[l], NULL, 0.0);
    }
  for (l = 0; l < obj->n_style; l++)
    for (t = 0; t < obj->n_terms; t++)
      {
        style_term  *term = &obj->term[t];
        int          i = obj->style_layer[l];
        const float *f = net->act[i];
        size_t       n;

        if (term->empty[l] || term->weight <= 0.0)
          continue;
        if (obj->grid[l] > 1)
          {
            ls += obj->style_scale[l] * term->weight * style_tiles_loss (obj, term, l);
            continue;
          }
        n = (size_t) net->h[i] * net->w[i];
        if (term->mask[l] != NULL)
          {
            cols_move_run (obj, term, l, COLS_GATHER_ROOT, NULL);
            f = obj->masked;
            n = term->n_cols[l];
          }
        ls += obj->style_scale[l] * term->weight
              * nst_loss_style (obj->workers, f, net->model->conv[i].c_out, n,
                                term->target[l], term->norm[l], term->diff[l],
                                obj->gram_partials);
      }

  ls *= obj->style_weight;
  for (l = 0; l < obj->n_patch; l++)
    {
      int i = obj->patch_layer[l];

      ls += obj->patch_weight / obj->n_patch
            * nst_patch_loss (obj->workers, &obj->patch[l], net->act[i], net->h[i], net->w[i],
                              obj->patch_repeat);
    }

  if (grad != NULL)
    nst_net_backward (net, objective_add_grad, obj, grad);
  ltv = obj->tv_weight * nst_loss_tv (x, net->height, net->width, grad, obj->tv_weight);
  if (obj->chroma_tv_weight > 0.0)
    ltv += obj->chroma_tv_weight
           * nst_loss_chroma_tv (x, net->height, net->width, grad, obj->chroma_tv_weight);

  lc *= obj->content_weight;
  if (obj->composition_weight > 0.0)
    lc += obj->composition_weight
          * nst_loss_composition (x, obj->composition_target, obj->composition_norm,
                                  net->height, net->width, obj->composition_taps,
                                  obj->composition_radius, obj->composition_tmp, grad,
                                  obj->composition_weight);
  if (terms != NULL)
    {
      terms->content = lc;
      terms->style = ls;
      terms->tv = ltv;
      terms->total = lc + ls + ltv;
    }
  return lc + ls + ltv;
}
