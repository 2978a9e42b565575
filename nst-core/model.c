/* model.c - the VGG-19 layout and what every model shares. */
#include "nst-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const int nst_vgg_torch_index[NST_VGG_N_CONVS] =
  { 0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28 };

const char *nst_vgg_conv_name[NST_VGG_N_CONVS] =
  { "conv1_1", "conv1_2", "conv2_1", "conv2_2",
    "conv3_1", "conv3_2", "conv3_3", "conv3_4",
    "conv4_1", "conv4_2", "conv4_3", "conv4_4",
    "conv5_1" };

const int nst_vgg_pool_after[NST_VGG_N_CONVS] =
  { 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0 };

nst_model *
nst_model_alloc (void)
{
  nst_model *m = calloc (1, sizeof (nst_model));

  if (m != NULL)
    {
      m->style_gain = 1.0f;
      m->default_style_bands = 1;
      m->default_init = NST_INIT_CONTENT;
    }
  return m;
}

void
nst_model_free (nst_model *model)
{
  int i;

  if (model == NULL)
    return;
  for (i = 0; i < NST_VGG_N_CONVS; i++)
    {
      free (model->conv[i].weight);
      free (model->conv[i].bias);
    }
  free (model);
}

nst_status
nst_model_validate (const nst_model *model,
                    nst_error       *err)
{
  int i;
  int c_prev = 3;

  if (model->n_convs != NST_VGG_N_CONVS)
    return nst_error_set (err, NST_STATUS_MODEL_MISSING_TENSOR,
                          "The model has %d convolutions; VGG-19 up to conv5_1 needs %d.",
                          model->n_convs, NST_VGG_N_CONVS);

  for (i = 0; i < NST_VGG_N_CONVS; i++)
    {
      const nst_conv_weights *cv = &model->conv[i];
      size_t n, k;

      if (cv->weight == NULL || cv->bias == NULL)
        return nst_error_set (err, NST_STATUS_MODEL_MISSING_TENSOR,
                              "The model has no weights for %s.", nst_vgg_conv_name[i]);
      if (cv->c_in != c_prev || cv->c_out <= 0)
        return nst_error_set (err, NST_STATUS_MODEL_BAD_SHAPE,
                              "%s takes %d channels but the layer before gives %d.",
                              nst_vgg_conv_name[i], cv->c_in, c_prev);
      n = (size_t) cv->c_out * cv->c_in * 9;
      for (k = 0; k < n; k++)
        if (! isfinite (cv->weight[k]))
          return nst_error_set (err, NST_STATUS_MODEL_BAD_VALUES,
                                "%s has a NaN or infinite weight.", nst_vgg_conv_name[i]);
      for (k = 0; k < (size_t) cv->c_out; k++)
        if (! isfinite (cv->bias[k]))
          return nst_error_set (err, NST_STATUS_MODEL_BAD_VALUES,
                                "%s has a NaN or infinite bias.", nst_vgg_conv_name[i]);
      c_prev = cv->c_out;
    }
  return NST_STATUS_OK;
}

void
nst_model_get_info (const nst_model *model,
                    nst_model_info  *info)
{
  int i;

  memset (info, 0, sizeof *info);
  info->builtin = model->builtin;
  info->n_convs = model->n_convs;
  for (i = 0; i < model->n_convs && i < 16; i++)
    {
      info->widths[i] = model->conv[i].c_out;
      info->bytes += ((size_t) model->conv[i].c_out * model->conv[i].c_in * 9
                      + (size_t) model->conv[i].c_out) * sizeof (float);
    }
  info->default_style_layers = model->default_style_layers;
  info->default_content_layers = model->default_content_layers;
  info->default_style_tiles = model->default_style_tiles;
  info->default_chroma_tv_weight = model->default_chroma_tv_weight;
  info->default_composition_weight = model->default_composition_weight;
  info->default_patch_weight = model->default_patch_weight;
  info->default_patch_layers = model->default_patch_layers;
  info->style_gain = model->style_gain;
  info->default_style_bands = model->default_style_bands;
  info->default_init = model->default_init;
}

nst_init
nst_init_kind (const nst_model *model, const nst_params *params)
{
  return params->init == NST_INIT_DEFAULT ? model->default_init : params->init;
}

int
nst_style_tiles (const nst_model *model, const nst_params *params)
{
  int n = params->style_tiles > 0 ? params->style_tiles : model->default_style_tiles;

  return n > 1 ? n : 1;
}

int
nst_style_bands (const nst_model *model, const nst_params *params)
{
  int n = params->style_bands > 0 ? params->style_bands : model->default_style_bands;

  return n > 1 ? n : 1;
}

double
nst_chroma_tv_weight (const nst_model *model, const nst_params *params)
{
  return params->chroma_tv_weight >= 0.0f ? params->chroma_tv_weight
                                          : model->default_chroma_tv_weight;
}

double
nst_composition_weight (const nst_model *model, const nst_params *params)
{
  return params->composition_weight >= 0.0f ? params->composition_weight
                                            : model->default_composition_weight;
}

double
nst_patch_weight (const nst_model *model, const nst_params *params)
{
  return params->patch_weight >= 0.0f ? params->patch_weight : model->default_patch_weight;
}

const char *
nst_patch_layers (const nst_model *model, const nst_params *params)
{
  return params->patch_layers != NULL ? params->patch_layers : model->default_patch_layers;
}

int
nst_model_get_layer (const nst_model *model,
                     int              index,
                     nst_model_layer *layer)
{
  const nst_conv_weights *cv;

  memset (layer, 0, sizeof *layer);
  if (index < 0 || index >= model->n_convs || index >= NST_VGG_N_CONVS)
    return 0;
  cv = &model->conv[index];
  layer->name = nst_vgg_conv_name[index];
  layer->torch_index = nst_vgg_torch_index[index];
  layer->c_out = cv->c_out;
  layer->c_in = cv->c_in;
  layer->weight = cv->weight;
  layer->bias = cv->bias;
  return 1;
}

void
nst_model_get_normalisation (const nst_model *model,
                             float            mean[3],
                             float            std[3])
{
  memcpy (mean, model->mean, sizeof model->mean);
  memcpy (std, model->std, sizeof model->std);
}
