/* image.c - image buffers, resampling and timing helpers. */
#include "nst-private.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

nst_status
nst_image_init (nst_image *image,
                int        width,
                int        height,
                nst_error *err)
{
  size_t n;

  image->width = image->height = 0;
  image->data = NULL;
  if (width <= 0 || height <= 0)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                          "An image of %d x %d pixels is empty.", width, height);
  if ((size_t) width > SIZE_MAX / 3 / sizeof (float) / (size_t) height)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                          "An image of %d x %d pixels does not fit in memory.", width, height);
  n = (size_t) width * height * 3;
  image->data = calloc (n, sizeof (float));
  if (image->data == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                          "Not enough memory for a %d x %d image.", width, height);
  image->width = width;
  image->height = height;
  return NST_STATUS_OK;
}

void
nst_image_clear (nst_image *image)
{
  if (image == NULL)
    return;
  free (image->data);
  image->data = NULL;
  image->width = image->height = 0;
}

static double
clock_seconds (clockid_t clock)
{
  struct timespec ts;

  if (clock_gettime (clock, &ts) != 0)
    return -1.0;
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

double
nst_time_now (void)
{
  return clock_seconds (CLOCK_MONOTONIC);
}

double
nst_cpu_time_now (void)
{
  return clock_seconds (CLOCK_PROCESS_CPUTIME_ID);
}

void
nst_image_to_planar (const nst_image *image, float *planar)
{
  size_t hw = (size_t) image->width * image->height;
  size_t k;

  for (k = 0; k < hw; k++)
    {
      planar[k] = image->data[3 * k];
      planar[hw + k] = image->data[3 * k + 1];
      planar[2 * hw + k] = image->data[3 * k + 2];
    }
}

void
nst_image_from_planar (nst_image *image, const float *planar)
{
  size_t hw = (size_t) image->width * image->height;
  size_t k;

  for (k = 0; k < hw; k++)
    {
      image->data[3 * k] = planar[k];
      image->data[3 * k + 1] = planar[hw + k];
      image->data[3 * k + 2] = planar[2 * hw + k];
    }
}

/* One axis of a separable resampling: for each output sample, the first
 * input index and its normalised tent-filter weights. */
typedef struct
{
  int   *first;
  int   *count;
  float *weight;   /* out * taps */
  int    taps;
} resample_axis;

static int
resample_axis_init (resample_axis *ax, int in, int out)
{
  double scale = (double) in / out;
  double support = scale > 1.0 ? scale : 1.0;   /* tent half-width */
  int    o;

  ax->taps = (int) (2.0 * support) + 3;
  ax->first = malloc (out * sizeof (int));
  ax->count = malloc (out * sizeof (int));
  ax->weight = malloc ((size_t) out * ax->taps * sizeof (float));
  if (! ax->first || ! ax->count || ! ax->weight)
    return 0;

  for (o = 0; o < out; o++)
    {
      double centre = (o + 0.5) * scale - 0.5;
      int    lo = (int) floor (centre - support) + 1;
      int    hi = (int) ceil (centre + support) - 1;
      double sum = 0.0;
      int    i, n = 0;

      if (lo < 0)
        lo = 0;
      if (hi > in - 1)
        hi = in - 1;
      if (hi - lo + 1 > ax->taps)
        hi = lo + ax->taps - 1;
      for (i = lo; i <= hi; i++)
        {
          double t = 1.0 - fabs (i - centre) / support;
          float *wt = &ax->weight[(size_t) o * ax->taps + n++];

          *wt = t > 0.0 ? (float) t : 0.0f;
          sum += *wt;
        }
      if (n == 0 || sum <= 0.0)
        {
          /* outside the image (tiny inputs): take the nearest sample */
          lo = centre < 0 ? 0 : (centre > in - 1 ? in - 1 : (int) (centre + 0.5));
          n = 1;
          ax->weight[(size_t) o * ax->taps] = 1.0f;
          sum = 1.0;
        }
      for (i = 0; i < n; i++)
        ax->weight[(size_t) o * ax->taps + i] /= (float) sum;
      ax->first[o] = lo;
      ax->count[o] = n;
    }
  return 1;
}

static void
resample_axis_clear (resample_axis *ax)
{
  free (ax->first);
  free (ax->count);
  free (ax->weight);
}

nst_status
nst_resize_planar (const float *src, int c, int sw, int sh,
                   float *dst, int dw, int dh, nst_error *err)
{
  resample_axis ax = { 0 }, ay = { 0 };
  float        *tmp = NULL;
  nst_status    status = NST_STATUS_OK;
  int           ch, x, y, k;

  if (sw == dw && sh == dh)
    {
      memcpy (dst, src, (size_t) c * sw * sh * sizeof (float));
      return NST_STATUS_OK;
    }

  tmp = malloc ((size_t) dw * sh * sizeof (float));
  if (! tmp || ! resample_axis_init (&ax, sw, dw) || ! resample_axis_init (&ay, sh, dh))
    {
      status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                              "Not enough memory to resize an image to %d x %d.", dw, dh);
      goto out;
    }

  for (ch = 0; ch < c; ch++)
    {
      const float *s = src + (size_t) ch * sw * sh;
      float       *d = dst + (size_t) ch * dw * dh;

      for (y = 0; y < sh; y++)           /* rows: sw -> dw */
        for (x = 0; x < dw; x++)
          {
            const float *wt = &ax.weight[(size_t) x * ax.taps];
            const float *row = s + (size_t) y * sw + ax.first[x];
            float        acc = 0.0f;

            for (k = 0; k < ax.count[x]; k++)
              acc += wt[k] * row[k];
            tmp[(size_t) y * dw + x] = acc;
          }
      for (y = 0; y < dh; y++)           /* columns: sh -> dh */
        {
          const float *wt = &ay.weight[(size_t) y * ay.taps];
          float       *drow = d + (size_t) y * dw;

          for (x = 0; x < dw; x++)
            drow[x] = 0.0f;
          for (k = 0; k < ay.count[y]; k++)
            {
              const float *trow = tmp + (size_t) (ay.first[y] + k) * dw;

              for (x = 0; x < dw; x++)
                drow[x] += wt[k] * trow[x];
            }
        }
    }

out:
  resample_axis_clear (&ax);
  resample_axis_clear (&ay);
  free (tmp);
  return status;
}

float *
nst_planar_resized (const nst_image *image, int w, int h, nst_error *err)
{
  float *planar = malloc ((size_t) 3 * image->width * image->height * sizeof (float));
  float *out = malloc ((size_t) 3 * w * h * sizeof (float));

  if (planar == NULL || out == NULL)
    {
      nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the images.");
      goto fail;
    }
  nst_image_to_planar (image, planar);
  if (nst_resize_planar (planar, 3, image->width, image->height, out, w, h, err) != NST_STATUS_OK)
    goto fail;
  free (planar);
  return out;

fail:
  free (planar);
  free (out);
  return NULL;
}
