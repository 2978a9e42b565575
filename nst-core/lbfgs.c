/* lbfgs.c - L-BFGS over the image, with Moré and Thuente's line search.
 *
 * The method and its constants are those of liblbfgs 1.10, which earlier
 * versions called and which tests/torch still compares with: a first step
 * of 1/|g| along -g, the two-loop recursion scaled by y's/y'y of the
 * newest pair, and a line search for the strong Wolfe conditions (ftol
 * 1e-4, gtol 0.9) by safeguarded cubic and quadratic steps.  What differs
 * is the arithmetic's layout, which made liblbfgs's own share about a
 * tenth of a Balanced run, all of it on one thread:
 *
 *  - the point and the direction stay double, the gradient is the
 *    network's float, and the history pairs (s, y) are float: half the
 *    memory and half the bytes that every iteration streams through the
 *    two loops (40 pairs at 512 x 341: 133 MB rather than 532);
 *  - each pass over n does what liblbfgs does in two to four (a step with
 *    its float copy, a pair with its dot products, one update of the
 *    direction with the next loop's dot product);
 *  - the passes run on the objective's worker threads in fixed blocks
 *    whose sums are added in block order, whichever thread ran which
 *    block, so that runs stay reproducible.
 *
 * Around the method sit the driver's rules: iterations are counted across
 * restarts, a line search that fails restarts from the last accepted point
 * along -g (three times in a row without progress end the run), and the
 * tolerance test over NST_STOP_WINDOW iterations may end it early. */
#include "nst-private.h"

#include <math.h>
#include <stdlib.h>

#define LS_FTOL      1e-4     /* sufficient decrease */
#define LS_GTOL      0.9      /* curvature */
#define LS_XTOL      1e-16    /* relative width of the interval of uncertainty */
#define LS_MIN_STEP  1e-20
#define LS_MAX_STEP  1e20
#define LS_MAX_EVALS 20
#define GRAD_EPSILON 1e-12    /* |g| / max (1, |x|) that counts as a minimum */
#define BLOCK        16384    /* elements of one task of a pass */

/* ---- Passes over the n variables ---------------------------------------- */

typedef enum
{
  PASS_START,     /* [revert: g = gp, xf = xp] else gp = g; d = -g; sums |g|^2, |xp|^2 */
  PASS_TRIAL,     /* xf = xp + step d; sums |x|^2 */
  PASS_SLOPE,     /* sums g.d, |g|^2 */
  PASS_ACCEPT,    /* s = step d, y = g - gp; xp += s; gp = g; d = -g; sums s.y, y.y, s.d */
  PASS_UPDATE     /* d = (d + a v) c; sums w.d */
} pass_kind;

typedef struct
{
  size_t       n;
  int          n_blocks;
  nst_workers *workers;      /* borrowed from the objective */
  double      *xp, *d;       /* the accepted point, the direction */
  float       *xf, *g, *gp;  /* the evaluated point, its gradient, gp at xp */
  float       *hist;         /* m pairs: s of pair j at 2 j n, y at (2 j + 1) n */
  int          m;
  double      *sums;         /* [n_blocks][3] partial sums */
  /* the pass being run */
  pass_kind    kind;
  int          revert;
  double       step, a, c;
  float       *s, *y;
  const float *v, *w;
} lbfgs_state;

static void
pass_block (int task, int worker, void *user)
{
  lbfgs_state *st = user;
  size_t       i0 = (size_t) task * BLOCK, i1 = i0 + BLOCK < st->n ? i0 + BLOCK : st->n, i;
  double       s0 = 0.0, s1 = 0.0, s2 = 0.0;
  double      *xp = st->xp, *d = st->d;
  float       *g = st->g, *gp = st->gp;

  (void) worker;
  switch (st->kind)
    {
    case PASS_START:
      for (i = i0; i < i1; i++)
        {
          if (st->revert)
            g[i] = gp[i], st->xf[i] = (float) xp[i];
          else
            gp[i] = g[i];
          d[i] = -g[i];
          s0 += (double) g[i] * g[i];
          s1 += xp[i] * xp[i];
        }
      break;
    case PASS_TRIAL:
      for (i = i0; i < i1; i++)
        {
          double x = xp[i] + st->step * d[i];

          st->xf[i] = (float) x;
          s0 += x * x;
        }
      break;
    case PASS_SLOPE:
      for (i = i0; i < i1; i++)
        {
          s0 += g[i] * d[i];
          s1 += (double) g[i] * g[i];
        }
      break;
    case PASS_ACCEPT:
      for (i = i0; i < i1; i++)
        {
          double x = xp[i] + st->step * d[i];
          float  si = (float) (x - xp[i]), yi = g[i] - gp[i];

          st->s[i] = si;
          st->y[i] = yi;
          xp[i] = x;
          gp[i] = g[i];
          d[i] = -g[i];
          s0 += (double) si * yi;
          s1 += (double) yi * yi;
          s2 += (double) si * d[i];
        }
      break;
    case PASS_UPDATE:
      for (i = i0; i < i1; i++)
        {
          d[i] = (d[i] + st->a * st->v[i]) * st->c;
          if (st->w != NULL)
            s0 += st->w[i] * d[i];
        }
      break;
    }
  st->sums[3 * task] = s0;
  st->sums[3 * task + 1] = s1;
  st->sums[3 * task + 2] = s2;
}

/* Run the pass st->kind over all blocks; out[0..2] = its sums, added in
 * block order whatever thread ran which block. */
static void
pass_run (lbfgs_state *st, pass_kind kind, double out[3])
{
  int b;

  st->kind = kind;
  nst_workers_run (st->workers, st->n_blocks, pass_block, st);
  out[0] = out[1] = out[2] = 0.0;
  for (b = 0; b < st->n_blocks; b++)
    {
      out[0] += st->sums[3 * b];
      out[1] += st->sums[3 * b + 1];
      out[2] += st->sums[3 * b + 2];
    }
}

/* d = (d + a v) c; returns w.d (0 when w is NULL). */
static double
pass_update (lbfgs_state *st, double a, const float *v, double c, const float *w)
{
  double sums[3];

  st->a = a;
  st->v = v;
  st->c = c;
  st->w = w;
  pass_run (st, PASS_UPDATE, sums);
  return sums[0];
}

/* ---- The line search ------------------------------------------------------
 * Moré and Thuente, "Line search algorithms with guaranteed sufficient
 * decrease" (ACM TOMS 20, 1994), in the form liblbfgs gives it: the same
 * safeguards, the same 0.66 rule for an interval that shrinks too slowly,
 * and the same modified function in the first stage. */

/* The minimiser of the cubic through (u, fu, du) and (v, fv, dv). */
static double
cubic_step (double u, double fu, double du, double v, double fv, double dv)
{
  double d = v - u, theta = (fu - fv) * 3.0 / d + du + dv;
  double s = fmax (fabs (theta), fmax (fabs (du), fabs (dv)));
  double a = theta / s, gamma = s * sqrt (a * a - (du / s) * (dv / s));

  if (v < u)
    gamma = -gamma;
  return u + (gamma - du + theta) / (gamma - du + gamma + dv) * d;
}

/* The same cubic's minimiser on the side of v when it is one; otherwise
 * the bound the cubic falls towards (tmax when theta < 0). */
static double
cubic_step_bounded (double u, double fu, double du, double v, double fv, double dv,
                    double tmin, double tmax)
{
  double d = v - u, theta = (fu - fv) * 3.0 / d + du + dv;
  double s = fmax (fabs (theta), fmax (fabs (du), fabs (dv)));
  double a = theta / s, gamma = s * sqrt (fmax (0.0, a * a - (du / s) * (dv / s)));
  double r;

  if (u < v)
    gamma = -gamma;
  r = (gamma - dv + theta) / (gamma - dv + gamma + du);
  if (r < 0.0 && gamma != 0.0)
    return v - r * d;
  return a < 0.0 ? tmax : tmin;
}

/* The minimiser of the quadratic through (u, fu, du) and fv at v. */
static double
quadratic_step (double u, double fu, double du, double v, double fv)
{
  double a = v - u;

  return u + du / ((fu - fv) / a + du) / 2.0 * a;
}

/* The zero of the secant of the derivative through (u, du) and (v, dv). */
static double
secant_step (double u, double du, double v, double dv)
{
  return v + dv / (dv - du) * (u - v);
}

/* One update of the interval of uncertainty [x, y] (x the best step so
 * far, y the other end) from the trial t with value ft and slope dt, and
 * the next trial in *t.  0, or -1 when the trial broke the method's
 * assumptions (rounding). */
static int
interval_update (double *x, double *fx, double *dx, double *y, double *fy, double *dy,
                 double *t, double ft, double dt, double tmin, double tmax, int *brackt)
{
  int    opposite = (dt < 0.0) != (*dx < 0.0) && dt != 0.0 && *dx != 0.0;
  int    bound;
  double next;

  if (*brackt && (*t <= fmin (*x, *y) || fmax (*x, *y) <= *t
                  || 0.0 <= *dx * (*t - *x) || tmax < tmin))
    return -1;

  if (*fx < ft)
    {
      /* higher value: the minimum is bracketed; take the cubic step
       * unless it lies further from x than the quadratic one */
      double c = cubic_step (*x, *fx, *dx, *t, ft, dt), q = quadratic_step (*x, *fx, *dx, *t, ft);

      *brackt = 1;
      bound = 1;
      next = fabs (c - *x) < fabs (q - *x) ? c : c + 0.5 * (q - c);
    }
  else if (opposite)
    {
      /* the slope changed sign: bracketed; the step further from t */
      double c = cubic_step (*x, *fx, *dx, *t, ft, dt), q = secant_step (*x, *dx, *t, dt);

      *brackt = 1;
      bound = 0;
      next = fabs (c - *t) > fabs (q - *t) ? c : q;
    }
  else if (fabs (dt) < fabs (*dx))
    {
      /* lower value, same sign, smaller slope */
      double c = cubic_step_bounded (*x, *fx, *dx, *t, ft, dt, tmin, tmax);
      double q = secant_step (*x, *dx, *t, dt);

      bound = 1;
      if (*brackt)
        next = fabs (*t - c) < fabs (*t - q) ? c : q;
      else
        next = fabs (*t - c) > fabs (*t - q) ? c : q;
    }
  else
    {
      /* lower value, same sign, no smaller slope: extrapolate */
      bound = 0;
      if (*brackt)
        next = cubic_step (*t, ft, dt, *y, *fy, *dy);
      else
        next = *x < *t ? tmax : tmin;
    }

  if (*fx < ft)
    *y = *t, *fy = ft, *dy = dt;
  else
    {
      if (opposite)
        *y = *x, *fy = *fx, *dy = *dx;
      *x = *t, *fx = ft, *dx = dt;
    }

  next = fmax (tmin, fmin (tmax, next));
  if (*brackt && bound)
    {
      double mid = *x + 0.66 * (*y - *x);

      next = *x < *y ? fmin (mid, next) : fmax (mid, next);
    }
  *t = next;
  return 0;
}

typedef struct
{
  nst_objective  *objective;
  lbfgs_state     st;
  int             evaluations;
  double          gnorm2, xnorm2;   /* at the last evaluated point */
  nst_loss_terms  terms;
} lbfgs_run;

/* f and g at xp + step d (into xf and st.g); the slope g.d. */
static double
evaluate_at (lbfgs_run *run, double step, double *f)
{
  double sums[3];

  run->st.step = step;
  pass_run (&run->st, PASS_TRIAL, sums);
  run->xnorm2 = sums[0];
  *f = nst_objective_evaluate (run->objective, run->st.xf, run->st.g, &run->terms);
  run->evaluations++;
  pass_run (&run->st, PASS_SLOPE, sums);
  run->gnorm2 = sums[1];
  return sums[0];
}

/* From xp (value *f, slope dginit along d), find a step with sufficient
 * decrease and curvature; on success *f, *step, xf and g are the new
 * point's and the evaluations are returned, on failure -1 (xp and gp
 * untouched, xf and g the last trial's). */
static int
line_search (lbfgs_run *run, double *f, double *step, double dginit)
{
  double finit = *f, dgtest = LS_FTOL * dginit;
  double width = LS_MAX_STEP - LS_MIN_STEP, prev_width = 2.0 * width;
  double stx = 0.0, fx = finit, dgx = dginit, sty = 0.0, fy = finit, dgy = dginit;
  int    brackt = 0, stage1 = 1, rounding = 0, count = 0;

  if (! (*step > 0.0) || ! (dginit < 0.0))
    return -1;
  for (;;)
    {
      double stmin = brackt ? fmin (stx, sty) : stx;
      double stmax = brackt ? fmax (stx, sty) : *step + 4.0 * (*step - stx);
      double dg, ftest;

      *step = fmax (LS_MIN_STEP, fmin (LS_MAX_STEP, *step));
      /* nothing better can be found: evaluate the best step again */
      if (brackt && (*step <= stmin || stmax <= *step || LS_MAX_EVALS <= count + 1
                     || rounding || stmax - stmin <= LS_XTOL * stmax))
        *step = stx;

      dg = evaluate_at (run, *step, f);
      ftest = finit + *step * dgtest;
      count++;

      if (brackt && (*step <= stmin || stmax <= *step || rounding))
        return -1;
      if (*step == LS_MAX_STEP && *f <= ftest && dg <= dgtest)
        return -1;
      if (*step == LS_MIN_STEP && (ftest < *f || dgtest <= dg))
        return -1;
      if (brackt && stmax - stmin <= LS_XTOL * stmax)
        return -1;
      if (LS_MAX_EVALS <= count)
        return -1;
      if (*f <= ftest && fabs (dg) <= LS_GTOL * -dginit)
        return count;

      if (stage1 && *f <= ftest && fmin (LS_FTOL, LS_GTOL) * dginit <= dg)
        stage1 = 0;
      if (stage1 && ftest < *f && *f <= fx)
        {
          /* the first stage works on f(step) - ftol step f'(0), whose
           * minimum has the same step but a nonpositive value */
          double fm = *f - *step * dgtest, fxm = fx - stx * dgtest, fym = fy - sty * dgtest;
          double dgm = dg - dgtest, dgxm = dgx - dgtest, dgym = dgy - dgtest;

          rounding = interval_update (&stx, &fxm, &dgxm, &sty, &fym, &dgym, step, fm, dgm,
                                      stmin, stmax, &brackt);
          fx = fxm + stx * dgtest;
          fy = fym + sty * dgtest;
          dgx = dgxm + dgtest;
          dgy = dgym + dgtest;
        }
      else
        rounding = interval_update (&stx, &fx, &dgx, &sty, &fy, &dgy, step, *f, dg,
                                    stmin, stmax, &brackt);

      /* an interval that did not shrink by a third: bisect it */
      if (brackt)
        {
          if (0.66 * prev_width <= fabs (sty - stx))
            *step = stx + 0.5 * (sty - stx);
          prev_width = width;
          width = fabs (sty - stx);
        }
    }
}

/* ---- The method ------------------------------------------------------------ */

typedef struct
{
  int    k;                   /* pairs held, at most st.m */
  int    newest;              /* slot of the newest pair */
  double gamma;               /* s'y / y'y of the newest pair */
  double *ys, *alpha;         /* [m] */
} lbfgs_history;

static float *
pair_s (lbfgs_state *st, int j)
{
  return st->hist + 2 * (size_t) j * st->n;
}

static float *
pair_y (lbfgs_state *st, int j)
{
  return st->hist + (2 * (size_t) j + 1) * st->n;
}

/* Move xp by step d, the accepted step, and keep (s, y) unless rounding
 * left it without curvature; d = -g.  Returns s.d of the newest pair. */
static double
history_push (lbfgs_state *st, lbfgs_history *h, double step)
{
  int    m = st->m, slot = (h->newest + 1) % m;
  double sums[3];

  st->step = step;
  st->s = pair_s (st, slot);
  st->y = pair_y (st, slot);
  pass_run (st, PASS_ACCEPT, sums);
  if (h->k == m)
    h->k--;                   /* the slot was the oldest pair's */
  if (! (sums[0] > 0.0 && sums[1] > 0.0))
    return h->k > 0 ? pass_update (st, 0.0, st->g, 1.0, pair_s (st, h->newest)) : 0.0;
  h->newest = slot;
  h->k++;
  h->ys[slot] = sums[0];
  h->gamma = sums[0] / sums[1];
  return sums[2];
}

/* d = -H g by the two-loop recursion, d being -g and sd the newest s.d on
 * entry; each pass updates d and takes the next loop's dot product.
 * Returns g.d. */
static double
history_direction (lbfgs_state *st, lbfgs_history *h, double sd, double gnorm2)
{
  int    m = st->m, oldest = (h->newest - h->k + 1 + m) % m, i, j;
  double dot = sd;

  if (h->k == 0)
    return -gnorm2;
  for (i = 0, j = h->newest; i < h->k; i++, j = (j + m - 1) % m)
    {
      int last = i == h->k - 1;

      h->alpha[j] = dot / h->ys[j];
      dot = pass_update (st, -h->alpha[j], pair_y (st, j), last ? h->gamma : 1.0,
                         last ? pair_y (st, oldest) : pair_s (st, (j + m - 1) % m));
    }
  for (i = 0, j = oldest; i < h->k; i++, j = (j + 1) % m)
    {
      int last = i == h->k - 1;

      dot = pass_update (st, h->alpha[j] - dot / h->ys[j], pair_s (st, j), 1.0,
                         last ? st->g : pair_y (st, (j + 1) % m));
    }
  return dot;
}

/* ---- The driver -------------------------------------------------------------- */

typedef struct
{
  int            done;        /* iterations over all restarts */
  float          tolerance;
  double         losses[NST_STOP_WINDOW];   /* the last losses, a ring */
  nst_iterate_fn fn;
  void          *user_data;
} lbfgs_driver;

/* After an accepted step: the tolerance test and the callback.  1 to go
 * on, 0 when the tolerance was met, -1 when the callback said stop. */
static int
driver_iterate (lbfgs_driver *drv, lbfgs_run *run, double f)
{
  int converged = 0;

  drv->done++;
  /* the loss fell by less than `tolerance` over the last window: this
   * iteration is the level's last, and the callback is told so */
  if (drv->tolerance > 0.0f && drv->done > NST_STOP_WINDOW)
    converged = drv->losses[drv->done % NST_STOP_WINDOW] - f <= drv->tolerance * fabs (f);
  drv->losses[drv->done % NST_STOP_WINDOW] = f;
  run->terms.total = f;
  if (drv->fn != NULL
      && ! drv->fn (drv->done, run->evaluations, converged, run->st.xf, &run->terms,
                    drv->user_data))
    return -1;
  return ! converged;
}

static int
minimised (const lbfgs_run *run)
{
  return sqrt (run->gnorm2) <= GRAD_EPSILON * fmax (1.0, sqrt (run->xnorm2));
}

/* Steepest descent from xp: d = -g (g = gp first when reverting), and the
 * first step 1/|g|.  Returns g.d. */
static double
restart (lbfgs_run *run, lbfgs_history *h, int revert, double *step)
{
  double sums[3];

  run->st.revert = revert;
  pass_run (&run->st, PASS_START, sums);
  run->gnorm2 = sums[0];
  run->xnorm2 = sums[1];
  h->k = 0;
  *step = 1.0 / sqrt (sums[0]);
  return -sums[0];
}

static nst_status
lbfgs_minimise (lbfgs_driver *drv, lbfgs_run *run, lbfgs_history *h, int iterations,
                nst_error *err)
{
  double f, fp, step, dginit;
  int    stalls = 0, since_restart = 0;

  f = nst_objective_evaluate (run->objective, run->st.xf, run->st.g, &run->terms);
  run->evaluations++;
  dginit = restart (run, h, 0, &step);
  if (minimised (run))
    return NST_STATUS_OK;
  while (drv->done < iterations)
    {
      int go_on;

      fp = f;
      if (line_search (run, &f, &step, dginit) < 0)
        {
          /* back to the last accepted point, without its history */
          stalls = since_restart == 0 ? stalls + 1 : 0;
          if (stalls >= 3)
            break;
          since_restart = 0;
          f = fp;
          dginit = restart (run, h, 1, &step);
          continue;
        }
      since_restart++;
      dginit = history_push (&run->st, h, step);
      go_on = driver_iterate (drv, run, f);
      if (go_on < 0)
        return nst_error_set (err, NST_STATUS_ABORTED, "Cancelled.");
      if (! go_on || minimised (run) || drv->done >= iterations)
        break;
      dginit = history_direction (&run->st, h, dginit, run->gnorm2);
      step = 1.0;
    }
  return NST_STATUS_OK;
}

int
nst_lbfgs_history (size_t n)
{
  size_t m = NST_LBFGS_HISTORY_BYTES / (2 * sizeof (float) * (n > 0 ? n : 1));

  if (m > NST_LBFGS_HISTORY)
    m = NST_LBFGS_HISTORY;
  return m < NST_LBFGS_HISTORY_MIN ? NST_LBFGS_HISTORY_MIN : (int) m;
}

size_t
nst_optimize_bytes (nst_optimizer optimizer, size_t n)
{
  if (optimizer == NST_OPTIMIZER_ADAM)
    return 3 * n * sizeof (float);
  /* xp and d double; xf, g, gp and the m pairs float */
  return n * (2 * sizeof (double)
              + (3 + 2 * (size_t) nst_lbfgs_history (n)) * sizeof (float));
}

nst_status
nst_optimize_lbfgs (nst_objective *objective, float *x, size_t n, int iterations,
                    float tolerance, nst_iterate_fn fn, void *user_data, nst_error *err)
{
  lbfgs_driver  drv = { 0 };
  lbfgs_run     run = { 0 };
  lbfgs_history h = { 0 };
  lbfgs_state  *st = &run.st;
  nst_status    status = NST_STATUS_OK;
  size_t        i;

  drv.tolerance = tolerance;
  drv.fn = fn;
  drv.user_data = user_data;
  run.objective = objective;
  st->n = n;
  st->n_blocks = (int) ((n + BLOCK - 1) / BLOCK);
  st->workers = nst_objective_pool (objective);
  st->m = nst_lbfgs_history (n);
  st->xp = nst_alloc_large (n * sizeof (double));
  st->d = nst_alloc_large (n * sizeof (double));
  st->xf = nst_alloc_large (n * sizeof (float));
  st->g = nst_alloc_large (n * sizeof (float));
  st->gp = nst_alloc_large (n * sizeof (float));
  st->hist = nst_alloc_large (2 * (size_t) st->m * n * sizeof (float));
  st->sums = malloc (3 * (size_t) st->n_blocks * sizeof (double));
  h.ys = malloc (st->m * sizeof (double));
  h.alpha = malloc (st->m * sizeof (double));
  if (n == 0 || st->xp == NULL || st->d == NULL || st->xf == NULL || st->g == NULL
      || st->gp == NULL || st->hist == NULL || st->sums == NULL || h.ys == NULL
      || h.alpha == NULL)
    {
      status = n == 0 ? NST_STATUS_OK
                      : nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                                       "Not enough memory for the optimiser.");
      goto out;
    }

  for (i = 0; i < n; i++)
    {
      st->xp[i] = x[i];
      st->xf[i] = x[i];
    }
  h.newest = st->m - 1;
  status = lbfgs_minimise (&drv, &run, &h, iterations, err);
  for (i = 0; status == NST_STATUS_OK && i < n; i++)
    {
      if (! isfinite (st->xp[i]))
        status = nst_error_set (err, NST_STATUS_INTERNAL,
                                "The optimisation diverged (the image became NaN); "
                                "try lower weights.");
      else
        x[i] = (float) st->xp[i];
    }

out:
  free (st->xp);
  free (st->d);
  free (st->xf);
  free (st->g);
  free (st->gp);
  free (st->hist);
  free (st->sums);
  free (h.ys);
  free (h.alpha);
  return status;
}
