/* stylize.c - a whole job run: colour preservation, the initial image,
 * the optimiser at each level of the plan (plan.c), progress, and the
 * result written back. */
#include "nst-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* State shared with the optimiser's per-iteration callback. */
typedef struct
{
  const nst_params   *params;
  const nst_schedule *sched;
  int                 level;       /* 0-based */
  double              work_before; /* work of the levels already done */
  int                 evaluations_before;  /* evaluations of the levels already done */
  int                 evaluations; /* this level's, so far */
  double              start;
  nst_image           current;     /* this level's image for the callback */
  float              *clamped;
} run_state;

static void
clamp_planar (const float *x, float *y, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++)
    y[i] = x[i] < 0.0f ? 0.0f : (x[i] > 1.0f ? 1.0f : x[i]);
}

static int
run_iterate (int iteration, int evaluations, int last, const float *x,
             const nst_loss_terms *terms, void *user_data)
{
  run_state        *st = user_data;
  const nst_params *p = st->params;
  nst_progress      pr;
  double            px = (double) st->sched->w[st->level] * st->sched->h[st->level];
  /* a level that ends early counts as done: the fraction runs on to
   * where the next level starts */
  double            work = st->work_before
                           + px * (last ? st->sched->iterations[st->level] : iteration);

  st->evaluations = evaluations;
  if (p->progress == NULL)
    return 1;
  clamp_planar (x, st->clamped, (size_t) 3 * px);
  nst_image_from_planar (&st->current, st->clamped);

  memset (&pr, 0, sizeof pr);
  pr.level = st->level + 1;
  pr.n_levels = st->sched->n_levels;
  pr.iteration = iteration;
  pr.evaluations = st->evaluations_before + evaluations;
  pr.n_iterations = st->sched->iterations[st->level];
  pr.fraction = fmin (work / st->sched->work_total, 1.0);
  pr.loss = terms->total;
  pr.content_loss = terms->content;
  pr.style_loss = terms->style;
  pr.tv_loss = terms->tv;
  pr.elapsed_seconds = nst_time_now () - st->start;
  pr.eta_seconds = pr.fraction > 0.0
                   ? pr.elapsed_seconds * (1.0 - pr.fraction) / pr.fraction : -1.0;
  pr.current = &st->current;
  return p->progress (&pr, p->user_data);
}

/* The images the network sees, after colour preservation's preparation:
 * luminance-only works on grey images, matching recolours the styles. */
typedef struct
{
  nst_image content;
  nst_image style[NST_MAX_STYLES];
  nst_style styles[NST_MAX_STYLES];
} prepared;

static void
prepared_clear (prepared *pr)
{
  int s;

  nst_image_clear (&pr->content);
  for (s = 0; s < NST_MAX_STYLES; s++)
    nst_image_clear (&pr->style[s]);
}

static nst_status
prepare_colours (const nst_image *content, const nst_style *styles, int n_styles,
                 nst_color color, prepared *pr, nst_error *err)
{
  double     mean, dev;
  nst_status status;
  int        s;

  memset (pr, 0, sizeof *pr);
  status = nst_image_init (&pr->content, content->width, content->height, err);
  if (status != NST_STATUS_OK)
    return status;
  if (color == NST_COLOR_LUMINANCE)
    nst_colour_luminance_image (content, NULL, &pr->content, 0.0, -1.0);
  else
    memcpy (pr->content.data, content->data,
            (size_t) 3 * content->width * content->height * sizeof (float));
  nst_colour_luma_stats (content, NULL, &mean, &dev);

  for (s = 0; s < n_styles; s++)
    {
      const nst_image *im = styles[s].image;
      /* a style selection: the colours of the selected part count */
      const float     *weights = styles[s].selection ? styles[s].selection->data : NULL;

      pr->styles[s] = styles[s];
      pr->styles[s].image = &pr->style[s];
      status = nst_image_init (&pr->style[s], im->width, im->height, err);
      if (status != NST_STATUS_OK)
        return status;
      if (color == NST_COLOR_LUMINANCE)
        nst_colour_luminance_image (im, weights, &pr->style[s], mean, dev);
      else if (color == NST_COLOR_MATCH)
        status = nst_colour_match_stats (im, weights, content, &pr->style[s], err);
      else
        memcpy (pr->style[s].data, im->data, (size_t) 3 * im->width * im->height * sizeof (float));
      if (status != NST_STATUS_OK)
        return status;
    }
  return NST_STATUS_OK;
}

/* The guided patch synthesis of the prepared images at w x h. */
static nst_status
synthesis_image (const prepared *pr, int n_styles, const nst_params *p, int w, int h,
                 float *x, nst_error *err)
{
  nst_synthesis_style  st[NST_MAX_STYLES];
  nst_synthesis_params sp;
  float               *content = nst_planar_resized (&pr->content, w, h, err);
  nst_status           status = content != NULL ? NST_STATUS_OK
                                : err ? err->status : NST_STATUS_OUT_OF_MEMORY;
  int                  s, n = 0;

  memset (st, 0, sizeof st);
  nst_synthesis_params_default (&sp);
  for (s = 0; s < n_styles && status == NST_STATUS_OK; s++)
    {
      const nst_style *ps = &pr->styles[s];
      int              sw, sh;

      if (ps->weight <= 0.0f)
        continue;
      nst_style_size (ps->image, w, h, p->style_scale, 1, &sw, &sh);
      st[n].w = sw;
      st[n].h = sh;
      st[n].weight = ps->weight;
      st[n].rgb = nst_planar_resized (ps->image, sw, sh, err);
      if (st[n].rgb == NULL)
        status = err ? err->status : NST_STATUS_OUT_OF_MEMORY;
      if (status == NST_STATUS_OK && ps->selection != NULL)
        {
          st[n].selection = malloc ((size_t) sw * sh * sizeof (float));
          status = st[n].selection == NULL
                   ? nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the images.")
                   : nst_resize_planar (ps->selection->data, 1, ps->selection->width,
                                        ps->selection->height, (float *) st[n].selection,
                                        sw, sh, err);
        }
      if (ps->region != NULL)
        {
          st[n].region = ps->region->data;
          st[n].region_w = ps->region->width;
          st[n].region_h = ps->region->height;
        }
      n++;
    }
  if (status == NST_STATUS_OK)
    status = nst_synthesis (content, w, h, st, n, &sp, p->seed, x, err);
  for (s = 0; s < n; s++)
    {
      free ((float *) st[s].rgb);
      free ((float *) st[s].selection);
    }
  free (content);
  return status;
}

/* The starting image of the first level, planar at w x h. */
static nst_status
initial_image (const prepared *pr, int n_styles, const nst_params *p, nst_init kind,
               int w, int h, float *x, nst_error *err)
{
  const nst_image *content = &pr->content;
  const nst_image *from = kind == NST_INIT_IMAGE ? p->init_image : content;
  size_t           n = (size_t) 3 * w * h, i;
  float           *planar;
  nst_status       status;
  nst_rng          rng;

  if (kind == NST_INIT_SYNTHESIS)
    return synthesis_image (pr, n_styles, p, w, h, x, err);
  if (kind == NST_INIT_NOISE)
    {
      nst_rng_init (&rng, p->seed);
      for (i = 0; i < n; i++)
        x[i] = (float) nst_rng_uniform (&rng);
      return NST_STATUS_OK;
    }
  planar = malloc ((size_t) 3 * from->width * from->height * sizeof (float));
  if (planar == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the images.");
  nst_image_to_planar (from, planar);
  status = nst_resize_planar (planar, 3, from->width, from->height, x, w, h, err);
  free (planar);
  return status;
}

/* One level: build the objective, start from x, optimise in place. */
static nst_status
run_level (const nst_model *model, const prepared *pr, int n_styles,
           const nst_params *p, run_state *st, float *x, nst_error *err)
{
  nst_objective *obj = NULL;
  int            w = st->sched->w[st->level], h = st->sched->h[st->level];
  size_t         n = (size_t) 3 * w * h;
  nst_status     status;

  status = nst_image_init (&st->current, w, h, err);
  if (status != NST_STATUS_OK)
    return status;
  st->clamped = malloc (n * sizeof (float));
  if (st->clamped == NULL)
    {
      status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the images.");
      goto out;
    }
  status = nst_objective_new (model, &pr->content, pr->styles, n_styles, p, w, h, &obj, err);
  if (status != NST_STATUS_OK)
    goto out;
  if (p->optimizer == NST_OPTIMIZER_ADAM)
    status = nst_optimize_adam (obj, x, n, st->sched->iterations[st->level], p->learning_rate,
                                run_iterate, st, err);
  else
    status = nst_optimize_lbfgs (obj, x, n, st->sched->iterations[st->level], p->tolerance,
                                 run_iterate, st, err);

out:
  nst_objective_free (obj);
  nst_image_clear (&st->current);
  free (st->clamped);
  st->clamped = NULL;
  return status;
}

/* Every level of the schedule, each from the one before upsampled (the
 * first from the initial image); *finest receives the last level's
 * planar image, to free. */
static nst_status
run_levels (const nst_model  *model,
            const prepared   *pr,
            int               n_styles,
            const nst_params *params,
            const nst_schedule *sched,
            float           **finest,
            nst_error        *err)
{
  run_state  st;
  nst_params here;                  /* the level's parameters */
  float     *x = NULL, *prev = NULL;
  nst_status status = NST_STATUS_OK;
  int        level;

  memset (&st, 0, sizeof st);
  st.params = params;
  st.sched = sched;
  st.start = nst_time_now ();
  for (level = 0; level < sched->n_levels; level++)
    {
      int w = sched->w[level], h = sched->h[level];

      x = malloc ((size_t) 3 * w * h * sizeof (float));
      if (x == NULL)
        {
          status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the images.");
          break;
        }
      if (level == 0)
        status = initial_image (pr, n_styles, params, nst_init_kind (model, params), w, h, x, err);
      else
        status = nst_resize_planar (prev, 3, sched->w[level - 1], sched->h[level - 1],
                                    x, w, h, err);
      free (prev);
      prev = NULL;
      if (status != NST_STATUS_OK)
        break;

      st.level = level;
      here = *params;
      if (level >= params->patch_levels)
        here.patch_weight = 0.0f;   /* past its levels the patch loss is off */
      status = run_level (model, pr, n_styles, &here, &st, x, err);
      if (status != NST_STATUS_OK)
        break;
      st.work_before += (double) w * h * sched->iterations[level];
      st.evaluations_before += st.evaluations;
      prev = x;
      x = NULL;
    }
  free (x);
  if (status != NST_STATUS_OK)
    {
      free (prev);
      prev = NULL;
    }
  *finest = prev;
  return status;
}

/* The finest level (w x h) at the content's size, colours restored,
 * clamped, into output; output is written only when all of it worked. */
static nst_status
write_result (const nst_image  *content,
              const nst_params *params,
              const float      *finest,
              int               w,
              int               h,
              nst_image        *output,
              nst_error        *err)
{
  nst_image  result = { 0 };
  size_t     n = (size_t) 3 * content->width * content->height;
  float     *planar = malloc (n * sizeof (float));
  nst_status status;

  status = planar ? nst_image_init (&result, content->width, content->height, err)
                  : nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the result.");
  if (status == NST_STATUS_OK)
    status = nst_resize_planar (finest, 3, w, h, planar, content->width, content->height, err);
  if (status == NST_STATUS_OK)
    {
      clamp_planar (planar, planar, n);
      nst_image_from_planar (&result, planar);
      if (params->color == NST_COLOR_LUMINANCE)
        nst_colour_restore_chroma (&result, content);
      memcpy (output->data, result.data, n * sizeof (float));
    }
  free (planar);
  nst_image_clear (&result);
  return status;
}

nst_status
nst_stylize (const nst_model *model,
             const nst_image *content,
             const nst_style *styles, int n_styles,
             const nst_params *params,
             nst_image *output,
             nst_error *err)
{
  nst_schedule sched;
  prepared     pr;
  float       *finest = NULL;
  nst_status   status;
  int        last;

  memset (&pr, 0, sizeof pr);
  nst_error_clear (err);
  status = nst_plan_check_job (model, content, styles, n_styles, params, output, &sched, err);
  if (status != NST_STATUS_OK)
    return status;

  status = prepare_colours (content, styles, n_styles, params->color, &pr, err);
  if (status == NST_STATUS_OK)
    status = run_levels (model, &pr, n_styles, params, &sched, &finest, err);
  last = sched.n_levels - 1;
  if (status == NST_STATUS_OK)
    status = write_result (content, params, finest, sched.w[last], sched.h[last], output, err);

  free (finest);
  prepared_clear (&pr);
  return status;
}
