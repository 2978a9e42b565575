/* image.c - image buffers, resampling and timing helpers. */
#include "nst-private.h"

#include <stdint.h>
#include <stdlib.h>
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

double
nst_time_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}
