/* synth.c - a guided patch synthesis: the painting's own marks, laid out
 * along the photo, as the optimiser's starting image.
 *
 * Gatys's optimisation moves a picture only as far as its loss asks; from
 * the photo, a random-weight network asks for the painting's palette and
 * fine texture and keeps the photo's edges (docs/builtin-network.md).
 * Started from a picture made of the painting's patches, it keeps their
 * marks and brings the subject back.  The synthesis is the classic
 * analogy-by-patches scheme (Hertzmann et al. 2001, "Image analogies";
 * Barnes et al. 2009, "PatchMatch"): every pixel of the result is the
 * centre of a patch that points to a patch of the painting, chosen to be
 * close in colour to the result so far and to a guide made of the photo:
 * its luminance remapped to the painting's distribution, and, weighing
 * less, its colour moved to the painting's mean and spread (so that a red
 * roof on a green hill of the same luminance stays apart from it),
 * coarse to fine.  At each level the matches are improved by PatchMatch
 * and the result made again from them (each pixel the mean of what the
 * patches that cover it say), a few rounds; the finest level's result is
 * each pixel's own match's centre, sharper than the mean.
 *
 * Deterministic: one seed, one thread, the same scan order every time. */
#include "nst-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GUIDES 3                /* the guide's planes: Y, R - Y, B - Y */
#define CH (3 + GUIDES)         /* R, G, B and the weighted guide */
#define CHROMA_FLOOR 0.02       /* a colour plane's spread taken as none */

/* One image of the pyramid as patches see it: CH interleaved floats a
 * pixel, the guide already scaled by its weights' square roots. */
typedef struct
{
  int    w, h;
  float *f;
} feat;

/* One style at one level: its features, and the patch centres it may
 * give (inside by the patch radius, and in its selection). */
typedef struct
{
  feat           im;
  unsigned char *ok;            /* w h: a valid centre */
  int           *list;          /* the valid centres, y w + x */
  int            n_list;
} source;

typedef struct
{
  int      radius;
  int      n_styles;
  source   src[NST_MAX_STYLES];
  feat     res;                 /* the result, padded by radius on each side */
  int      w, h;                /* the result's size at this level */
  int     *nnf;                 /* w h: the centre in the owner's style */
  float   *dist;                /* w h: its distance */
  unsigned char *owner;         /* w h: which style a pixel takes from */
  float    colour;              /* the colour's weight in the distance */
  nst_rng  rng;
} level;

/* Squared distance of the result's patch at (x, y) to the style patch at
 * centre q, given up past `bound`. */
static float
patch_distance (const level *lv, const source *src, int x, int y, int q, float bound)
{
  int          r = lv->radius, pw = lv->res.w, dy, dx, c;
  int          qx = q % src->im.w, qy = q / src->im.w;
  float        d = 0.0f, colour = lv->colour;

  for (dy = -r; dy <= r; dy++)
    {
      const float *a = lv->res.f + ((size_t) (y + r + dy) * pw + x) * CH;  /* padded */
      const float *b = src->im.f + ((size_t) (qy + dy) * src->im.w + (qx - r)) * CH;

      for (dx = 0; dx <= 2 * r; dx++, a += CH, b += CH)
        {
          float e = 0.0f, g = 0.0f;

          for (c = 0; c < 3; c++)
            e += (a[c] - b[c]) * (a[c] - b[c]);
          for (; c < CH; c++)
            g += (a[c] - b[c]) * (a[c] - b[c]);
          d += colour * e + g;
        }
      if (d > bound)
        return d;
    }
  return d;
}

static void
try_centre (level *lv, const source *src, int x, int y, int q)
{
  size_t p = (size_t) y * lv->w + x;
  float  d;

  if (q == lv->nnf[p] || ! src->ok[q])
    return;
  d = patch_distance (lv, src, x, y, q, lv->dist[p]);
  if (d < lv->dist[p])
    {
      lv->dist[p] = d;
      lv->nnf[p] = q;
    }
}

/* One PatchMatch sweep, forward (dir 1) or backward (dir -1): take a
 * neighbour's match shifted, then search around the best at halving
 * radii. */
static void
sweep (level *lv, int dir)
{
  int x, y, i, j;

  for (j = 0; j < lv->h; j++)
    for (i = 0; i < lv->w; i++)
      {
        int           x0 = dir > 0 ? i : lv->w - 1 - i;
        int           y0 = dir > 0 ? j : lv->h - 1 - j;
        size_t        p = (size_t) y0 * lv->w + x0;
        const source *src = &lv->src[lv->owner[p]];
        int           sw = src->im.w, sh = src->im.h, radius;

        x = x0 - dir;
        if (x >= 0 && x < lv->w && lv->owner[p - dir] == lv->owner[p])
          {
            int q = lv->nnf[p - dir], qx = q % sw + dir;

            if (qx >= 0 && qx < sw)
              try_centre (lv, src, x0, y0, q + dir);
          }
        y = y0 - dir;
        if (y >= 0 && y < lv->h && lv->owner[p - (ptrdiff_t) dir * lv->w] == lv->owner[p])
          {
            int q = lv->nnf[p - (ptrdiff_t) dir * lv->w], qy = q / sw + dir;

            if (qy >= 0 && qy < sh)
              try_centre (lv, src, x0, y0, q + dir * sw);
          }
        for (radius = sw > sh ? sw : sh; radius >= 1; radius /= 2)
          {
            int q = lv->nnf[p], qx = q % sw, qy = q / sw;
            int rx = qx + (int) (nst_rng_next (&lv->rng) % (uint64_t) (2 * radius + 1)) - radius;
            int ry = qy + (int) (nst_rng_next (&lv->rng) % (uint64_t) (2 * radius + 1)) - radius;

            rx = rx < 0 ? 0 : rx >= sw ? sw - 1 : rx;
            ry = ry < 0 ? 0 : ry >= sh ? sh - 1 : ry;
            try_centre (lv, src, x0, y0, ry * sw + rx);
          }
      }
}

/* Every distance again (the result changed under them). */
static void
redo_distances (level *lv)
{
  int x, y;

  for (y = 0; y < lv->h; y++)
    for (x = 0; x < lv->w; x++)
      {
        size_t p = (size_t) y * lv->w + x;

        lv->dist[p] = patch_distance (lv, &lv->src[lv->owner[p]], x, y, lv->nnf[p], INFINITY);
      }
}

/* The result's colours: at every pixel, the mean of what the patches
 * that cover it say; the padding repeats the edges. */
static void
vote (level *lv, float *sum)
{
  int    r = lv->radius, w = lv->w, h = lv->h, pw = lv->res.w, x, y, dx, dy, c;

  memset (sum, 0, (size_t) 4 * w * h * sizeof (float));
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      {
        size_t        p = (size_t) y * w + x;
        const source *src = &lv->src[lv->owner[p]];
        int           q = lv->nnf[p], qx = q % src->im.w, qy = q / src->im.w;

        for (dy = -r; dy <= r; dy++)
          {
            if (y + dy < 0 || y + dy >= h)
              continue;
            for (dx = -r; dx <= r; dx++)
              {
                const float *b = src->im.f + ((size_t) (qy + dy) * src->im.w + qx + dx) * CH;
                float       *o;

                if (x + dx < 0 || x + dx >= w)
                  continue;
                o = sum + ((size_t) (y + dy) * w + x + dx) * 4;
                for (c = 0; c < 3; c++)
                  o[c] += b[c];
                o[3] += 1.0f;
              }
          }
      }
  for (y = -r; y < h + r; y++)
    for (x = -r; x < w + r; x++)
      {
        int          cx = x < 0 ? 0 : x >= w ? w - 1 : x;
        int          cy = y < 0 ? 0 : y >= h ? h - 1 : y;
        const float *o = sum + ((size_t) cy * w + cx) * 4;
        float       *f = lv->res.f + ((size_t) (y + r) * pw + x + r) * CH;

        for (c = 0; c < 3; c++)
          f[c] = o[c] / o[3];
      }
}

/* ---- Setting the pyramid up ------------------------------------------ */

/* Remap `y` (n values) in place so its distribution is that of `to`
 * (m values, sorted): the value of rank k takes the (k / n)-quantile of
 * `to`.  Ties ranked by position. */
static nst_status
remap_quantiles (float *y, size_t n, const float *to, size_t m, nst_error *err)
{
  nst_ranked *v = malloc (n * sizeof (nst_ranked));
  size_t      k;

  if (v == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the synthesis.");
  for (k = 0; k < n; k++)
    v[k] = (nst_ranked) { y[k], k };
  qsort (v, n, sizeof (nst_ranked), nst_compare_ranked);
  for (k = 0; k < n; k++)
    y[v[k].p] = to[(size_t) ((double) k * m / n)];
  free (v);
  return NST_STATUS_OK;
}

static int
compare_float (const void *a, const void *b)
{
  float u = *(const float *) a, v = *(const float *) b;

  return (u > v) - (u < v);
}

/* y (n values) moved to the mean and spread of `to` (m values): the
 * colour planes' remap.  Not by ranks like the luminance: a grey photo's
 * colour is rounding noise, which ranks would stretch into the
 * painting's whole range; below the spread `floor` a plane is taken as
 * flat and stays near the painting's mean. */
static void
match_spread (float *y, size_t n, const float *to, size_t m, double floor)
{
  double my = 0.0, mt = 0.0, sy = sqrt (nst_variance (y, n)), st = sqrt (nst_variance (to, m));
  double k = st / (sy > floor ? sy : floor);
  size_t i;

  for (i = 0; i < n; i++)
    my += y[i];
  for (i = 0; i < m; i++)
    mt += to[i];
  my /= (double) n;
  mt /= (double) m;
  for (i = 0; i < n; i++)
    y[i] = (float) (mt + k * (y[i] - my));
}

/* features of a planar RGB image and its guide planes, at w x h; the
 * guide's luminance scaled by gscale, its colour by cscale */
static void
fill_feat (feat *fe, const float *rgb, const float *guide, int w, int h, int pad,
           float gscale, float cscale)
{
  size_t n = (size_t) w * h;
  int    x, y, c;

  for (y = -pad; y < h + pad; y++)
    for (x = -pad; x < w + pad; x++)
      {
        int    cx = x < 0 ? 0 : x >= w ? w - 1 : x;
        int    cy = y < 0 ? 0 : y >= h ? h - 1 : y;
        size_t s = (size_t) cy * w + cx;
        float *f = fe->f + ((size_t) (y + pad) * fe->w + x + pad) * CH;

        for (c = 0; c < 3; c++)
          f[c] = rgb != NULL ? rgb[c * n + s] : 0.0f;
        f[3] = gscale * guide[s];
        for (c = 1; c < GUIDES; c++)
          f[3 + c] = cscale * guide[c * n + s];
      }
}

void
nst_synthesis_params_default (nst_synthesis_params *sp)
{
  sp->radius = 2;
  sp->guide_coarse = 4.0f;
  sp->guide_fine = 2.0f;
  sp->guide_chroma = 0.25f;
  sp->em_iterations = 3;
  sp->sweeps = 2;
  sp->coarsest = 64;
}

/* The sizes of the pyramid, finest last: halving until the long side is
 * at most `coarsest` or a side would get below 4 radii. */
static int
pyramid (int w, int h, int coarsest, int min_side, int *pw, int *ph)
{
  int n = 1, k, i;

  pw[0] = w;
  ph[0] = h;
  while (n < NST_SYNTH_MAX_LEVELS && (pw[n - 1] > coarsest || ph[n - 1] > coarsest)
         && pw[n - 1] / 2 >= min_side && ph[n - 1] / 2 >= min_side)
    {
      pw[n] = (pw[n - 1] + 1) / 2;
      ph[n] = (ph[n - 1] + 1) / 2;
      n++;
    }
  for (i = 0, k = n - 1; i < k; i++, k--)
    {
      int t = pw[i]; pw[i] = pw[k]; pw[k] = t;
      t = ph[i]; ph[i] = ph[k]; ph[k] = t;
    }
  return n;
}

static void
source_clear (source *s)
{
  free (s->im.f);
  free (s->ok);
  free (s->list);
  memset (s, 0, sizeof *s);
}

/* The guide's planes of a planar RGB image (h x w) into out (GUIDES
 * planes): luminance, then red and blue less luminance, each blurred by
 * the taps g (radius r); tmp holds one plane. */
static void
guide_planes (const float *rgb, int h, int w, const float *g, int r, float *out, float *tmp)
{
  size_t n = (size_t) h * w, p;
  int    c;

  for (p = 0; p < n; p++)
    {
      float y = NST_LUMA_R * rgb[p] + NST_LUMA_G * rgb[n + p] + NST_LUMA_B * rgb[2 * n + p];

      out[p] = y;
      out[n + p] = rgb[p] - y;
      out[2 * n + p] = rgb[2 * n + p] - y;
    }
  for (c = 0; c < GUIDES; c++)
    nst_blur_plane (out + c * n, h, w, g, r, tmp);
}

/* A style at w x h from its finest planar RGB / guide / selection. */
static nst_status
source_make (source *s, const nst_synthesis_style *st, const float *guide, int w, int h,
             int radius, float gscale, float cscale, nst_error *err)
{
  size_t     n = (size_t) w * h;
  float     *rgb = malloc (3 * n * sizeof (float));
  float     *g = malloc (GUIDES * n * sizeof (float));
  float     *sel = st->selection ? malloc (n * sizeof (float)) : NULL;
  nst_status status = NST_STATUS_OK;
  int        x, y, pass;

  memset (s, 0, sizeof *s);
  s->im.w = w;
  s->im.h = h;
  s->im.f = malloc (n * CH * sizeof (float));
  s->ok = malloc (n);
  s->list = malloc (n * sizeof (int));
  if (rgb == NULL || g == NULL || (st->selection && sel == NULL) || s->im.f == NULL
      || s->ok == NULL || s->list == NULL)
    status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the synthesis.");
  if (status == NST_STATUS_OK)
    status = nst_resize_planar (st->rgb, 3, st->w, st->h, rgb, w, h, err);
  if (status == NST_STATUS_OK)
    status = nst_resize_planar (guide, GUIDES, st->w, st->h, g, w, h, err);
  if (status == NST_STATUS_OK && sel != NULL)
    status = nst_resize_planar (st->selection, 1, st->w, st->h, sel, w, h, err);
  if (status == NST_STATUS_OK)
    {
      fill_feat (&s->im, rgb, g, w, h, 0, gscale, cscale);
      /* the centres in the selection; all of them when it holds none */
      for (pass = 0; pass < 2 && s->n_list == 0; pass++)
        for (y = 0; y < h; y++)
          for (x = 0; x < w; x++)
            {
              size_t p = (size_t) y * w + x;
              int    in = x >= radius && x < w - radius && y >= radius && y < h - radius
                          && (pass == 1 || sel == NULL || sel[p] >= 0.5f);

              s->ok[p] = (unsigned char) in;
              if (in)
                s->list[s->n_list++] = (int) p;
            }
    }
  free (rgb);
  free (g);
  free (sel);
  if (status != NST_STATUS_OK)
    source_clear (s);
  return status;
}

static void
level_clear (level *lv)
{
  int s;

  for (s = 0; s < lv->n_styles; s++)
    source_clear (&lv->src[s]);
  free (lv->res.f);
  free (lv->nnf);
  free (lv->dist);
  free (lv->owner);
  lv->res.f = NULL;
  lv->nnf = NULL;
  lv->dist = NULL;
  lv->owner = NULL;
}

nst_status
nst_synthesis (const float *content, int w, int h,
               const nst_synthesis_style *styles, int n_styles,
               const nst_synthesis_params *sp, uint64_t seed,
               float *out, nst_error *err)
{
  size_t     n = (size_t) w * h, i;
  int        r = sp->radius, n_levels, L, s, k, it, rounds;
  int        lw[NST_SYNTH_MAX_LEVELS], lh[NST_SYNTH_MAX_LEVELS];
  float     *cguide = malloc (GUIDES * n * sizeof (float));
  float     *sguide[NST_MAX_STYLES] = { NULL };
  float     *region = malloc (n * sizeof (float));
  float     *best = malloc (n * sizeof (float));
  float     *sum = NULL, *tmp = NULL, *lguide = NULL;
  unsigned char *owner = malloc (n);
  int       *prev_nnf = NULL, pw = 0, ph = 0;
  int        prev_sw[NST_MAX_STYLES], prev_sh[NST_MAX_STYLES];
  level      lv;
  nst_status status = NST_STATUS_OK;
  float      taps[2 * NST_COMPOSITION_MAX_RADIUS + 1];
  int        tr;

  memset (&lv, 0, sizeof lv);
  if (cguide == NULL || region == NULL || best == NULL || owner == NULL)
    {
      status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the synthesis.");
      goto out;
    }

  /* Which style each pixel takes from: the heaviest blend weight within
   * its region (the whole picture for a style without one). */
  for (i = 0; i < n; i++)
    {
      best[i] = -1.0f;
      owner[i] = 0;
    }
  for (s = 0; s < n_styles; s++)
    {
      if (styles[s].region != NULL)
        status = nst_resize_planar (styles[s].region, 1, styles[s].region_w, styles[s].region_h,
                                    region, w, h, err);
      if (status != NST_STATUS_OK)
        goto out;
      for (i = 0; i < n; i++)
        {
          float v = styles[s].weight * (styles[s].region != NULL ? region[i] : 1.0f);

          if (v > best[i])
            {
              best[i] = v;
              owner[i] = (unsigned char) s;
            }
        }
    }

  /* The guides: luminance and colour, a light blur.  The photo's
   * luminance is remapped to the painting's distribution, so every tone
   * of the painting is used; its colour is moved to the painting's mean
   * and spread, so its colour edges (a red roof on a green hill, of one
   * luminance) stay edges.  With several styles the photo's guide follows
   * the first's. */
  tr = nst_composition_taps (1.0, taps);
  tmp = malloc (n * sizeof (float));
  if (tmp == NULL)
    {
      status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the synthesis.");
      goto out;
    }
  guide_planes (content, h, w, taps, tr, cguide, tmp);
  for (s = 0; s < n_styles; s++)
    {
      size_t m = (size_t) styles[s].w * styles[s].h;
      float *t2 = malloc (m * sizeof (float)), *sorted = malloc (m * sizeof (float));

      sguide[s] = malloc (GUIDES * m * sizeof (float));
      if (t2 == NULL || sorted == NULL || sguide[s] == NULL)
        {
          free (t2);
          free (sorted);
          status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the synthesis.");
          goto out;
        }
      guide_planes (styles[s].rgb, styles[s].h, styles[s].w, taps, tr, sguide[s], t2);
      if (s == 0)
        {
          memcpy (sorted, sguide[s], m * sizeof (float));
          qsort (sorted, m, sizeof (float), compare_float);
          status = remap_quantiles (cguide, n, sorted, m, err);
          for (k = 1; k < GUIDES; k++)
            match_spread (cguide + k * n, n, sguide[s] + k * m, m, CHROMA_FLOOR);
        }
      free (t2);
      free (sorted);
      if (status != NST_STATUS_OK)
        goto out;
    }

  n_levels = pyramid (w, h, sp->coarsest, 4 * r + 1, lw, lh);
  nst_rng_init (&lv.rng, seed);
  lv.radius = r;
  lv.n_styles = n_styles;
  for (L = 0; L < n_levels; L++)
    {
      int    W = lw[L], H = lh[L];
      size_t m = (size_t) W * H;
      float  t = n_levels > 1 ? (float) L / (n_levels - 1) : 1.0f;
      float  gscale = sqrtf (sp->guide_coarse + t * (sp->guide_fine - sp->guide_coarse));
      float  cscale = gscale * sqrtf (sp->guide_chroma);
      int    x, y;

      lv.w = W;
      lv.h = H;
      lv.res.w = W + 2 * r;
      lv.res.h = H + 2 * r;
      lv.res.f = malloc ((size_t) lv.res.w * lv.res.h * CH * sizeof (float));
      lv.nnf = malloc (m * sizeof (int));
      lv.dist = malloc (m * sizeof (float));
      lv.owner = malloc (m);
      sum = malloc (m * 4 * sizeof (float));
      lguide = malloc (GUIDES * m * sizeof (float));
      if (lv.res.f == NULL || lv.nnf == NULL || lv.dist == NULL || lv.owner == NULL
          || sum == NULL || lguide == NULL)
        {
          status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the synthesis.");
          goto out;
        }
      status = nst_resize_planar (cguide, GUIDES, w, h, lguide, W, H, err);
      for (s = 0; s < n_styles && status == NST_STATUS_OK; s++)
        {
          /* the style shrinks with the result, down to a patch's room */
          int sw = (int) lround ((double) styles[s].w * W / w);
          int sh = (int) lround ((double) styles[s].h * H / h);

          sw = sw < 2 * r + 2 ? 2 * r + 2 : sw;
          sh = sh < 2 * r + 2 ? 2 * r + 2 : sh;
          status = source_make (&lv.src[s], &styles[s], sguide[s], sw, sh, r, gscale,
                                cscale, err);
        }
      if (status != NST_STATUS_OK)
        goto out;
      for (y = 0; y < H; y++)
        for (x = 0; x < W; x++)
          lv.owner[(size_t) y * W + x] = owner[(size_t) (y * h / H) * w + (size_t) x * w / W];
      fill_feat (&lv.res, NULL, lguide, W, H, r, gscale, cscale);

      /* the first matches: at random at the coarsest level (then by the
       * guide alone), else the coarser level's, scaled */
      for (y = 0; y < H; y++)
        for (x = 0; x < W; x++)
          {
            size_t  p = (size_t) y * W + x;
            source *src = &lv.src[lv.owner[p]];
            int     q;

            if (prev_nnf == NULL)
              q = src->list[nst_rng_next (&lv.rng) % (uint64_t) src->n_list];
            else
              {
                int px = x * pw / W, py = y * ph / H, o = lv.owner[p];
                int pq = prev_nnf[(size_t) py * pw + px];
                int qx = (int) lround ((double) (pq % prev_sw[o]) * src->im.w / prev_sw[o])
                         + x - (int) lround ((double) px * W / pw);
                int qy = (int) lround ((double) (pq / prev_sw[o]) * src->im.h / prev_sh[o])
                         + y - (int) lround ((double) py * H / ph);

                qx = qx < r ? r : qx >= src->im.w - r ? src->im.w - r - 1 : qx;
                qy = qy < r ? r : qy >= src->im.h - r ? src->im.h - r - 1 : qy;
                q = qy * src->im.w + qx;
                if (! src->ok[q])
                  q = src->list[nst_rng_next (&lv.rng) % (uint64_t) src->n_list];
              }
            lv.nnf[p] = q;
          }
      lv.colour = 0.0f;
      if (prev_nnf != NULL)
        {
          vote (&lv, sum);
          lv.colour = 1.0f;
        }
      rounds = sp->em_iterations + (prev_nnf == NULL);
      for (it = 0; it < rounds; it++)
        {
          redo_distances (&lv);
          for (k = 0; k < sp->sweeps; k++)
            sweep (&lv, k % 2 == 0 ? 1 : -1);
          if (L < n_levels - 1 || it < rounds - 1)
            vote (&lv, sum);
          lv.colour = 1.0f;
        }

      /* the finest level's picture: each pixel its own match's centre,
       * sharper than the votes' mean (which blurs the marks by a patch) */
      if (L == n_levels - 1)
        for (y = 0; y < H; y++)
          for (x = 0; x < W; x++)
            {
              size_t        p = (size_t) y * W + x;
              const source *src = &lv.src[lv.owner[p]];

              for (k = 0; k < 3; k++)
                out[(size_t) k * n + p] = src->im.f[(size_t) lv.nnf[p] * CH + k];
            }
      free (prev_nnf);
      prev_nnf = lv.nnf;
      lv.nnf = NULL;
      pw = W;
      ph = H;
      for (s = 0; s < n_styles; s++)
        {
          prev_sw[s] = lv.src[s].im.w;
          prev_sh[s] = lv.src[s].im.h;
        }
      level_clear (&lv);
      free (sum);
      free (lguide);
      sum = NULL;
      lguide = NULL;
    }

out:
  level_clear (&lv);
  free (prev_nnf);
  free (sum);
  free (lguide);
  free (tmp);
  for (s = 0; s < NST_MAX_STYLES; s++)
    free (sguide[s]);
  free (cguide);
  free (region);
  free (best);
  free (owner);
  return status;
}
