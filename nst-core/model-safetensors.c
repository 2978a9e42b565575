/* model-safetensors.c - VGG-19 conv weights from a safetensors file.
 *
 * safetensors.c opens the file and validates its whole header; this file
 * says what VGG-19 needs from it: the 26 tensors features.N.weight/.bias
 * with torchvision's indices, F32, with shapes that chain from the 3
 * channels of an RGB image.  Every shape is checked before any data is
 * read, so a file of the wrong network costs no more than its header.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-private.h"
#include "safetensors.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Find conv i's weight and bias and check their dtype and shape against
 * c_in, the channels the layer before gives.  Sets *c_out. */
static nst_status
vgg_check_conv (const nst_safetensors         *st,
                const char                    *path,
                int                            i,
                int                            c_in,
                const nst_safetensors_tensor **weight,
                const nst_safetensors_tensor **bias,
                int                           *c_out,
                nst_error                     *err)
{
  const char *layer = nst_vgg_conv_name[i];
  const char *source = i == 0 ? "the RGB image" : nst_vgg_conv_name[i - 1];
  const char *w_dtype, *b_dtype;
  char        w_name[48], b_name[48], shape[96];
  uint64_t    w_dims[4], b_dims[4];
  int         w_n_dims, b_n_dims;

  snprintf (w_name, sizeof w_name, "features.%d.weight", nst_vgg_torch_index[i]);
  snprintf (b_name, sizeof b_name, "features.%d.bias", nst_vgg_torch_index[i]);
  *weight = nst_safetensors_find (st, w_name);
  *bias = nst_safetensors_find (st, b_name);
  if (*weight == NULL || *bias == NULL)
    return nst_error_set (err, NST_STATUS_MODEL_MISSING_TENSOR,
                          "'%s' has no tensor \"%s\" (the %s of %s): it is not a "
                          "VGG-19 with torchvision's names.", path,
                          *weight == NULL ? w_name : b_name,
                          *weight == NULL ? "weights" : "bias", layer);
  w_dtype = nst_safetensors_tensor_get_dtype (*weight);
  b_dtype = nst_safetensors_tensor_get_dtype (*bias);
  if (strcmp (w_dtype, "F32") != 0 || strcmp (b_dtype, "F32") != 0)
    {
      int is_weight = strcmp (w_dtype, "F32") != 0;

      return nst_error_set (err, NST_STATUS_MODEL_BAD_DTYPE,
                            "In '%s', tensor \"%s\" is %s; the network needs F32.",
                            path, is_weight ? w_name : b_name,
                            is_weight ? w_dtype : b_dtype);
    }

  w_n_dims = nst_safetensors_tensor_get_shape (*weight, w_dims, 4);
  b_n_dims = nst_safetensors_tensor_get_shape (*bias, b_dims, 4);
  nst_safetensors_tensor_format_shape (*weight, shape, sizeof shape);
  if (w_n_dims != 4 || w_dims[2] != 3 || w_dims[3] != 3
      || w_dims[0] == 0 || w_dims[0] > INT_MAX)
    return nst_error_set (err, NST_STATUS_MODEL_BAD_SHAPE,
                          "In '%s', tensor \"%s\" has the shape %s; %s needs "
                          "[out, %d, 3, 3] with out > 0.",
                          path, w_name, shape, layer, c_in);
  if (w_dims[1] != (uint64_t) c_in)
    return nst_error_set (err, NST_STATUS_MODEL_BAD_SHAPE,
                          "In '%s', tensor \"%s\" has the shape %s: %s would take %"
                          PRIu64 " channels, but %s gives %d.",
                          path, w_name, shape, layer, w_dims[1], source, c_in);
  if (b_n_dims != 1 || b_dims[0] != w_dims[0])
    {
      nst_safetensors_tensor_format_shape (*bias, shape, sizeof shape);
      return nst_error_set (err, NST_STATUS_MODEL_BAD_SHAPE,
                            "In '%s', tensor \"%s\" has the shape %s; %s's bias "
                            "needs [%" PRIu64 "].", path, b_name, shape, layer,
                            w_dims[0]);
    }
  *c_out = (int) w_dims[0];
  return NST_STATUS_OK;
}

/* Name the first NaN or infinity, with its index, so that a user can
 * tell a damaged file from a wrong one. */
static nst_status
vgg_check_finite (const char  *path,
                  const char  *name,
                  const float *values,
                  size_t       n,
                  int          c_in,
                  nst_error   *err)
{
  size_t k;

  for (k = 0; k < n; k++)
    if (! isfinite (values[k]))
      {
        const char *what = isnan (values[k]) ? "NaN" : "an infinity";

        if (c_in > 0)
          return nst_error_set (err, NST_STATUS_MODEL_BAD_VALUES,
                                "In '%s', tensor \"%s\" holds %s at [%zu][%zu][%zu][%zu].",
                                path, name, what, k / ((size_t) c_in * 9),
                                k / 9 % (size_t) c_in, k / 3 % 3, k % 3);
        return nst_error_set (err, NST_STATUS_MODEL_BAD_VALUES,
                              "In '%s', tensor \"%s\" holds %s at [%zu].",
                              path, name, what, k);
      }
  return NST_STATUS_OK;
}

/* Check and read the 13 convolutions into model. */
static nst_status
vgg_read_convs (nst_safetensors *st,
                const char      *path,
                nst_model       *model,
                nst_error       *err)
{
  const nst_safetensors_tensor *weight[NST_VGG_N_CONVS], *bias[NST_VGG_N_CONVS];
  nst_status                    status;
  int                           i, c_in = 3;

  /* Every shape first, so no data is read from a file that cannot load. */
  for (i = 0; i < NST_VGG_N_CONVS; i++)
    {
      nst_conv_weights *cv = &model->conv[i];

      status = vgg_check_conv (st, path, i, c_in, &weight[i], &bias[i], &cv->c_out, err);
      if (status != NST_STATUS_OK)
        return status;
      cv->c_in = c_in;
      c_in = cv->c_out;
    }

  for (i = 0; i < NST_VGG_N_CONVS; i++)
    {
      nst_conv_weights *cv = &model->conv[i];

      status = nst_safetensors_read_f32 (st, weight[i], &cv->weight, err);
      if (status == NST_STATUS_OK)
        status = nst_safetensors_read_f32 (st, bias[i], &cv->bias, err);
      if (status == NST_STATUS_OK)
        status = vgg_check_finite (path, nst_safetensors_tensor_get_name (weight[i]),
                                   cv->weight,
                                   (size_t) cv->c_out * (size_t) cv->c_in * 9,
                                   cv->c_in, err);
      if (status == NST_STATUS_OK)
        status = vgg_check_finite (path, nst_safetensors_tensor_get_name (bias[i]),
                                   cv->bias, (size_t) cv->c_out, 0, err);
      if (status != NST_STATUS_OK)
        return status;
    }
  model->n_convs = NST_VGG_N_CONVS;
  return NST_STATUS_OK;
}

/* Load the conv weights of VGG-19 up to conv5_1 from the safetensors file
 * at `path` (UTF-8 or the platform's encoding, as fopen takes it).  The
 * whole header is validated as the reference parser does (header length,
 * UTF-8 JSON, field types, duplicate names, dtype sizes, tensors tiling the
 * data section exactly), then the 26 tensors features.N.weight/.bias with
 * N in nst_vgg_torch_index are checked (present, F32, [out, in, 3, 3] and
 * [out], chaining from 3 input channels) and read, and their values must
 * be finite.  Channel widths come from the shapes, so smaller VGG-shaped
 * files load too.  On success *model (mean/std of ImageNet, default layers
 * relu1_1..relu5_1 and relu4_2) belongs to the caller, who frees it with
 * nst_model_free(), and err, when not NULL, holds NST_STATUS_OK.  On failure
 * *model is NULL and the returned status, also in err, is NST_STATUS_IO,
 * NST_STATUS_OUT_OF_MEMORY, NST_STATUS_INVALID_ARGUMENT or one of the
 * NST_STATUS_MODEL_* codes, with a message naming the file and what is
 * wrong in it. */
nst_status
nst_model_load_safetensors (const char  *path,
                            nst_model  **model,
                            nst_error   *err)
{
  static const float imagenet_mean[3] = { 0.485f, 0.456f, 0.406f };
  static const float imagenet_std[3] = { 0.229f, 0.224f, 0.225f };
  nst_safetensors *st = NULL;
  nst_model       *m = NULL;
  nst_status       status;

  if (model == NULL)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                          "nst_model_load_safetensors: no place to return the model.");
  *model = NULL;
  if (path == NULL || path[0] == '\0')
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                          "No model file was given.");

  status = nst_safetensors_open (path, &st, err);
  if (status != NST_STATUS_OK)
    goto out;

  m = nst_model_alloc ();
  if (m == NULL)
    {
      status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                              "No memory for a model.");
      goto out;
    }
  status = vgg_read_convs (st, path, m, err);
  if (status != NST_STATUS_OK)
    goto out;

  m->builtin = 0;
  memcpy (m->mean, imagenet_mean, sizeof m->mean);
  memcpy (m->std, imagenet_std, sizeof m->std);
  m->default_style_layers = "relu1_1,relu2_1,relu3_1,relu4_1,relu5_1";
  m->default_content_layers = "relu4_2";
  m->default_style_tiles = 1;
  m->default_chroma_tv_weight = 0.0f;
  m->default_composition_weight = 0.0f;
  /* the patch term is there to try (issue 11), off until a recipe wins */
  m->default_patch_weight = 0.0f;
  m->default_patch_layers = "relu3_1,relu4_1";
  /* style_gain 1 and one style band: nst_model_alloc ()'s defaults */

  /* The checks above cover it; this keeps the loader honest to the
   * invariants the rest of the core relies on. */
  status = nst_model_validate (m, err);
  if (status != NST_STATUS_OK)
    goto out;

  *model = m;
  m = NULL;
  if (err != NULL)
    {
      err->status = NST_STATUS_OK;
      err->message[0] = '\0';
    }

out:
  nst_model_free (m);
  nst_safetensors_close (st);
  return status;
}
