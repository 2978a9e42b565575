/* stylize.c - being written. */
#include "nst-private.h"

nst_params
nst_params_default (void)
{
  nst_params p = { 0 };

  p.content_weight = 1.0f;
  p.style_weight = 30.0f;
  p.tv_weight = 10.0f;
  p.pool = NST_POOL_AVERAGE;
  p.optimizer = NST_OPTIMIZER_LBFGS;
  p.iterations = 200;
  p.learning_rate = 0.02f;
  p.init = NST_INIT_CONTENT;
  p.min_size = 256;
  p.style_scale = 1.0f;
  p.color = NST_COLOR_NONE;
  return p;
}

nst_status
nst_stylize (const nst_model *model, const nst_image *content,
             const nst_style *styles, int n_styles, const nst_params *params,
             nst_image *output, nst_error *err)
{
  (void) model; (void) content; (void) styles; (void) n_styles; (void) params; (void) output;
  return nst_error_set (err, NST_STATUS_INTERNAL, "not implemented yet");
}

nst_status
nst_model_new_builtin (nst_model **model, nst_error *err)
{
  *model = NULL;
  return nst_error_set (err, NST_STATUS_INTERNAL, "not implemented yet");
}

nst_status
nst_estimate_job (const nst_model *model, int cw, int ch, const nst_style *styles, int n_styles,
                  const nst_params *params, nst_estimate *estimate, nst_error *err)
{
  (void) model; (void) cw; (void) ch; (void) styles; (void) n_styles; (void) params; (void) estimate;
  return nst_error_set (err, NST_STATUS_INTERNAL, "not implemented yet");
}
