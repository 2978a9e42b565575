/* lbfgs-driver.c - L-BFGS over the image through liblbfgs.
 *
 * liblbfgs works in double; the network in float.  The driver converts at
 * the boundary, counts iterations across restarts (a failed line search
 * restarts the history instead of ending the run), and turns liblbfgs's
 * return codes into nst_status values. */
#include "nst-private.h"

#include <lbfgs.h>
#include <math.h>
#include <stdlib.h>

typedef struct
{
  nst_objective  *objective;
  float          *xf;         /* float copy of the point being evaluated */
  float          *gf;
  int             done;       /* iterations completed over all restarts */
  int             evaluations;
  int             cancelled;
  int             converged;  /* the tolerance test was met */
  float           tolerance;
  double          history[NST_STOP_WINDOW];   /* the last losses, a ring */
  nst_loss_terms  terms;
  nst_iterate_fn  fn;
  void           *user_data;
} lbfgs_ctx;

static lbfgsfloatval_t
lbfgs_evaluate (void *instance, const lbfgsfloatval_t *x, lbfgsfloatval_t *g,
                const int n, const lbfgsfloatval_t step)
{
  lbfgs_ctx *ctx = instance;
  double     f;
  int        i;

  (void) step;
  for (i = 0; i < n; i++)
    ctx->xf[i] = (float) x[i];
  f = nst_objective_evaluate (ctx->objective, ctx->xf, ctx->gf, &ctx->terms);
  ctx->evaluations++;
  for (i = 0; i < n; i++)
    g[i] = ctx->gf[i];
  return f;
}

static int
lbfgs_progress (void *instance, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g,
                const lbfgsfloatval_t fx, const lbfgsfloatval_t xnorm,
                const lbfgsfloatval_t gnorm, const lbfgsfloatval_t step,
                int n, int k, int ls)
{
  lbfgs_ctx *ctx = instance;
  int        i;

  (void) g; (void) xnorm; (void) gnorm; (void) step; (void) k; (void) ls;
  for (i = 0; i < n; i++)
    ctx->xf[i] = (float) x[i];
  ctx->terms.total = fx;
  ctx->done++;
  /* the loss fell by less than `tolerance` over the last window: this
   * iteration is the level's last, and the callback is told so */
  if (ctx->tolerance > 0.0f && ctx->done > NST_STOP_WINDOW)
    {
      double past = ctx->history[ctx->done % NST_STOP_WINDOW];

      ctx->converged = (past - fx) <= ctx->tolerance * fabs (fx);
    }
  ctx->history[ctx->done % NST_STOP_WINDOW] = fx;
  if (ctx->fn != NULL && ! ctx->fn (ctx->done, ctx->evaluations, ctx->converged, ctx->xf, &ctx->terms, ctx->user_data))
    {
      ctx->cancelled = 1;
      return 1;
    }
  return ctx->converged;
}

int
nst_lbfgs_history (size_t n)
{
  size_t m = NST_LBFGS_HISTORY_BYTES / (2 * sizeof (lbfgsfloatval_t) * (n > 0 ? n : 1));

  if (m > NST_LBFGS_HISTORY)
    m = NST_LBFGS_HISTORY;
  return m < NST_LBFGS_HISTORY_MIN ? NST_LBFGS_HISTORY_MIN : (int) m;
}

size_t
nst_optimize_bytes (nst_optimizer optimizer, size_t n)
{
  if (optimizer == NST_OPTIMIZER_ADAM)
    return 3 * n * sizeof (float);
  /* ours: x, xf, gf; liblbfgs: xp, g, gp, d, (w), and m pairs (s, y) */
  return n * (sizeof (lbfgsfloatval_t) * (2 * (size_t) nst_lbfgs_history (n) + 6)
              + 2 * sizeof (float));
}

/* liblbfgs from xd until `iterations` iterations, convergence (the
 * tolerance, tested in lbfgs_progress), cancel or an error; a line search
 * that fails restarts from the last accepted point, three times in a row
 * without progress at most. */
static nst_status
lbfgs_run (lbfgs_ctx       *ctx,
           lbfgsfloatval_t *xd,
           size_t           n,
           int              iterations,
           nst_error       *err)
{
  lbfgs_parameter_t param;
  int               ret, stalls = 0;

  lbfgs_parameter_init (&param);
  param.m = nst_lbfgs_history (n);
  param.epsilon = 1e-12;     /* no gradient-norm test: the tolerance decides */
  param.past = 0;            /* the tolerance is tested here, across restarts */
  param.max_linesearch = 20;

  while (ctx->done < iterations && stalls < 3)
    {
      int before = ctx->done;

      param.max_iterations = iterations - ctx->done;
      ret = lbfgs ((int) n, xd, NULL, lbfgs_evaluate, lbfgs_progress, ctx, &param);
      if (ctx->cancelled)
        return nst_error_set (err, NST_STATUS_ABORTED, "Cancelled.");
      if (ctx->converged)
        break;
      if (ret == LBFGSERR_OUTOFMEMORY)
        return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                              "Not enough memory for the optimiser.");
      if (ret == LBFGS_SUCCESS || ret == LBFGS_ALREADY_MINIMIZED
          || ret == LBFGSERR_MAXIMUMITERATION)
        break;
      stalls = ctx->done == before ? stalls + 1 : 0;
    }
  return NST_STATUS_OK;
}

nst_status
nst_optimize_lbfgs (nst_objective *objective, float *x, size_t n, int iterations,
                    float tolerance, nst_iterate_fn fn, void *user_data, nst_error *err)
{
  lbfgs_ctx        ctx = { 0 };
  lbfgsfloatval_t *xd = NULL;
  nst_status       status = NST_STATUS_OK;
  size_t           i;

  ctx.objective = objective;
  ctx.fn = fn;
  ctx.user_data = user_data;
  ctx.tolerance = tolerance;
  ctx.xf = malloc (n * sizeof (float));
  ctx.gf = malloc (n * sizeof (float));
  xd = lbfgs_malloc ((int) n);
  if (ctx.xf == NULL || ctx.gf == NULL || xd == NULL)
    status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                            "Not enough memory for the optimiser.");
  if (status == NST_STATUS_OK)
    {
      for (i = 0; i < n; i++)
        xd[i] = x[i];
      status = lbfgs_run (&ctx, xd, n, iterations, err);
    }
  for (i = 0; status == NST_STATUS_OK && i < n; i++)
    {
      if (! isfinite (xd[i]))
        status = nst_error_set (err, NST_STATUS_INTERNAL,
                                "The optimisation diverged (the image became NaN); "
                                "try lower weights.");
      else
        x[i] = (float) xd[i];
    }

  lbfgs_free (xd);
  free (ctx.xf);
  free (ctx.gf);
  return status;
}
