/* vgg.c - the VGG-19 feature network (conv1_1 .. conv5_1) for one image
 * size: buffer layout, forward pass, backward pass to the input.
 *
 * Everything is allocated once in nst_net_init(); a forward/backward pair
 * allocates nothing, so an optimiser iteration never maps fresh memory. */
#include "nst-private.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
nst_net_min_side (int depth)
{
  int i, side = 1;

  /* each pool before the deepest conv halves the size (floor) */
  for (i = 0; i + 1 < depth; i++)
    if (nst_vgg_pool_after[i])
      side *= 2;
  return side;
}

/* Spatial sizes and the largest buffers of a net; shared by the byte
 * estimate and the allocation so the two cannot drift apart. */
typedef struct
{
  int    w[NST_VGG_N_CONVS], h[NST_VGG_N_CONVS];
  size_t act[NST_VGG_N_CONVS];       /* floats */
  size_t pooled[NST_VGG_N_CONVS];
  size_t max_act;
  size_t workspace;
  size_t u[NST_VGG_N_CONVS][2];      /* prepared weights, forward and backward */
} net_layout;

static void
net_layout_compute (const nst_model *model, int depth, int width, int height,
                    net_layout *lay)
{
  int i, w = width, h = height;

  memset (lay, 0, sizeof *lay);
  lay->max_act = (size_t) 3 * w * h;
  for (i = 0; i < depth; i++)
    {
      const nst_conv_weights *cv = &model->conv[i];
      size_t ws;

      lay->w[i] = w;
      lay->h[i] = h;
      lay->act[i] = (size_t) cv->c_out * w * h;
      if (lay->act[i] > lay->max_act)
        lay->max_act = lay->act[i];
      ws = nst_conv3x3_workspace_floats (cv->c_in, cv->c_out, h, w);
      if (ws > lay->workspace)
        lay->workspace = ws;
      lay->u[i][0] = nst_conv3x3_weights_floats (cv->c_in, cv->c_out, h, w, 0);
      lay->u[i][1] = nst_conv3x3_weights_floats (cv->c_in, cv->c_out, h, w, 1);
      if (nst_vgg_pool_after[i] && i + 1 < depth)
        {
          w /= 2;
          h /= 2;
          lay->pooled[i] = (size_t) cv->c_out * w * h;
        }
    }
}

size_t
nst_net_bytes (const nst_model *model, int depth, int width, int height, int backward)
{
  net_layout lay;
  size_t     floats;
  int        i;

  net_layout_compute (model, depth, width, height, &lay);
  floats = (size_t) 3 * width * height + lay.workspace;
  for (i = 0; i < depth; i++)
    {
      floats += lay.act[i] + lay.pooled[i];
      if (backward)
        floats += lay.u[i][0] + lay.u[i][1];
    }
  if (backward)
    floats += 2 * lay.max_act;
  return floats * sizeof (float);
}

size_t
nst_net_max_act_floats (const nst_net *net)
{
  size_t n = (size_t) 3 * net->width * net->height;
  int    i;

  for (i = 0; i < net->depth; i++)
    {
      size_t a = (size_t) net->model->conv[i].c_out * net->h[i] * net->w[i];
      n = a > n ? a : n;
    }
  return n;
}

static float *
net_alloc (size_t floats, size_t *failed)
{
  float *p = nst_alloc_large (floats * sizeof (float));

  if (p == NULL)
    *failed += floats;
  return p;
}

nst_status
nst_net_init (nst_net *net, const nst_model *model, nst_workers *workers, int depth,
              int width, int height, nst_pool pool, int backward,
              nst_error *err)
{
  net_layout lay;
  size_t     failed = 0;
  int        i, dir, min_side = nst_net_min_side (depth);

  memset (net, 0, sizeof *net);
  if (depth < 1 || depth > NST_VGG_N_CONVS)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                          "The network depth %d is out of range.", depth);
  if (width < min_side || height < min_side)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                          "An image of %d x %d pixels is too small for the network "
                          "(at least %d x %d).", width, height, min_side, min_side);

  net_layout_compute (model, depth, width, height, &lay);
  net->model = model;
  net->workers = workers;
  net->backward = backward;
  net->pool = pool;
  net->depth = depth;
  net->width = width;
  net->height = height;
  memcpy (net->w, lay.w, sizeof net->w);
  memcpy (net->h, lay.h, sizeof net->h);

  net->input = net_alloc ((size_t) 3 * width * height, &failed);
  net->workspace = net_alloc (lay.workspace, &failed);
  for (i = 0; i < depth; i++)
    {
      net->act[i] = net_alloc (lay.act[i], &failed);
      if (lay.pooled[i])
        net->pooled[i] = net_alloc (lay.pooled[i], &failed);
    }
  if (backward)
    {
      net->scratch[0] = net_alloc (lay.max_act, &failed);
      net->scratch[1] = net_alloc (lay.max_act, &failed);
      for (i = 0; i < depth; i++)
        for (dir = 0; dir < 2; dir++)
          if (lay.u[i][dir])
            net->u[i][dir] = net_alloc (lay.u[i][dir], &failed);
    }
  if (failed)
    {
      nst_net_clear (net);
      return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                            "Not enough memory for the network at %d x %d pixels "
                            "(%zu MiB more were needed).",
                            width, height, failed * sizeof (float) >> 20);
    }
  /* a net that runs backward runs many times: its Winograd layers'
   * weights are transformed here once, not in every pass (same bits) */
  for (i = 0; i < depth; i++)
    for (dir = 0; dir < 2; dir++)
      if (net->u[i][dir] != NULL)
        nst_conv3x3_weights (workers, model->conv[i].weight, model->conv[i].c_in,
                             model->conv[i].c_out, lay.h[i], lay.w[i], dir, net->u[i][dir]);
  return NST_STATUS_OK;
}

void
nst_net_clear (nst_net *net)
{
  int i;

  free (net->input);
  free (net->workspace);
  for (i = 0; i < NST_VGG_N_CONVS; i++)
    {
      free (net->act[i]);
      free (net->pooled[i]);
      free (net->u[i][0]);
      free (net->u[i][1]);
    }
  free (net->scratch[0]);
  free (net->scratch[1]);
  memset (net, 0, sizeof *net);
}

/* Elementwise passes split into channel ranges on the workers. */
typedef struct
{
  const nst_net *net;
  const float   *x;       /* input image, or act for masks and pools */
  const float   *src;
  float         *dst;
  int            layer;
  int            c, h, w;
} pass_call;

static void
task_normalise (int t, int worker, void *data)
{
  pass_call *p = data;
  size_t     hw = (size_t) p->h * p->w, k;
  float      mean = p->net->model->mean[t], inv = 1.0f / p->net->model->std[t];

  (void) worker;
  for (k = 0; k < hw; k++)
    p->dst[t * hw + k] = (p->src[t * hw + k] - mean) * inv;
}

static void
task_pool_forward (int t, int worker, void *data)
{
  pass_call *p = data;
  size_t     plane = (size_t) p->h * p->w, out = (size_t) (p->h / 2) * (p->w / 2);

  (void) worker;
  nst_pool2x2_forward (p->src + t * plane, 1, p->h, p->w, p->net->pool, p->dst + t * out);
}

static void
task_pool_backward (int t, int worker, void *data)
{
  pass_call *p = data;
  size_t     plane = (size_t) p->h * p->w, out = (size_t) (p->h / 2) * (p->w / 2);

  (void) worker;
  nst_pool2x2_backward (p->x + t * plane, p->src + t * out, 1, p->h, p->w,
                        p->net->pool, p->dst + t * plane);
}

static void
task_unnormalise (int t, int worker, void *data)
{
  pass_call *p = data;
  size_t     hw = (size_t) p->h * p->w, k;
  float      inv = 1.0f / p->net->model->std[t];

  (void) worker;
  for (k = 0; k < hw; k++)
    p->dst[t * hw + k] *= inv;
}

static void
net_pass (const nst_net *net, nst_task_fn fn, int c, int h, int w,
          const float *x, const float *src, float *dst)
{
  pass_call p = { net, x, src, dst, 0, c, h, w };

  nst_workers_run (net->workers, c, fn, &p);
}

void
nst_net_forward (nst_net *net, const float *x)
{
  const nst_model *m = net->model;
  const float *in;
  int i;

  net_pass (net, task_normalise, 3, net->height, net->width, NULL, x, net->input);
  in = net->input;
  for (i = 0; i < net->depth; i++)
    {
      const nst_conv_weights *cv = &m->conv[i];

      nst_conv3x3_forward (net->workers, in, cv->c_in, net->h[i], net->w[i],
                           cv->weight, cv->bias, cv->c_out, 1, net->u[i][0],
                           net->act[i], net->workspace);
      in = net->act[i];
      if (net->pooled[i] != NULL)
        {
          net_pass (net, task_pool_forward, cv->c_out, net->h[i], net->w[i],
                    NULL, net->act[i], net->pooled[i]);
          in = net->pooled[i];
        }
    }
}

void
nst_net_backward (nst_net *net, nst_net_grad_fn add_grad, void *user_data, float *dx)
{
  const nst_model *m = net->model;
  float *g = net->scratch[0];     /* d loss / d act[i] */
  float *other = net->scratch[1];
  int    i;

  i = net->depth - 1;
  memset (g, 0, (size_t) m->conv[i].c_out * net->h[i] * net->w[i] * sizeof (float));
  add_grad (i, g, user_data);

  for (; i >= 0; i--)
    {
      const nst_conv_weights *cv = &m->conv[i];
      float *din = i == 0 ? dx : other;

      /* through the ReLU (act > 0 exactly where its input was) and the conv */
      nst_conv3x3_backward (net->workers, g, net->act[i], cv->c_out, net->h[i], net->w[i],
                            cv->weight, cv->c_in, net->u[i][1], din, net->workspace);
      if (i == 0)
        break;

      if (net->pooled[i - 1] != NULL)
        /* din is d pooled[i-1]; route it back to act[i-1] in g */
        net_pass (net, task_pool_backward, m->conv[i - 1].c_out, net->h[i - 1], net->w[i - 1],
                  net->act[i - 1], din, g);
      else
        {
          float *t = g;
          g = other;
          other = t;
        }
      add_grad (i - 1, g, user_data);
    }

  /* from normalised input back to [0,1] pixels */
  net_pass (net, task_unnormalise, 3, net->height, net->width, NULL, NULL, dx);
}

int
nst_parse_layers (const char *spec, int *index, float *weight, int max,
                  nst_error *err)
{
  const char *p = spec;
  int count = 0;

  while (*p)
    {
      char   name[32];
      size_t len = 0;
      int    i, found = -1;
      float  wt = 1.0f;

      while (*p == ' ' || *p == ',')
        p++;
      if (! *p)
        break;
      while (*p && *p != ',' && *p != ':' && ! isspace ((unsigned char) *p))
        {
          if (len + 1 < sizeof name)
            name[len] = *p;
          len++;
          p++;
        }
      name[len < sizeof name ? len : sizeof name - 1] = '\0';
      if (*p == ':')
        {
          char *end;

          wt = strtof (p + 1, &end);
          if (end == p + 1 || ! (wt >= 0.0f) || wt > 1e6f)
            {
              nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                             "The weight of layer \"%s\" is not a number >= 0.", name);
              return -1;
            }
          p = end;
        }
      for (i = 0; i < NST_VGG_N_CONVS; i++)
        if (strncmp (name, "relu", 4) == 0 && strcmp (name + 4, nst_vgg_conv_name[i] + 4) == 0)
          found = i;
      if (found < 0)
        {
          nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                         "Unknown layer \"%s\" (use relu1_1 ... relu5_1).", name);
          return -1;
        }
      if (count == max)
        {
          nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                         "Too many layers in \"%s\" (at most %d).", spec, max);
          return -1;
        }
      index[count] = found;
      weight[count] = wt;
      count++;
      while (*p == ' ')
        p++;
      if (*p && *p != ',')
        {
          nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                         "Cannot read the layer list \"%s\".", spec);
          return -1;
        }
    }
  if (count == 0)
    nst_error_set (err, NST_STATUS_INVALID_ARGUMENT, "The layer list \"%s\" is empty.", spec);
  return count ? count : -1;
}
