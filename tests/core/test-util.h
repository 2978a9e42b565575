/* test-util.h - what the core tests share: tiny models, random images,
 * and a check macro that counts failures instead of stopping. */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include "nst-private.h"

#include <stdio.h>

extern int test_failures;

#define CHECK(cond, ...)                                          \
  do {                                                            \
    if (cond)                                                     \
      printf ("ok      ");                                        \
    else                                                          \
      {                                                           \
        printf ("FAILED  ");                                      \
        test_failures++;                                          \
      }                                                           \
    printf (__VA_ARGS__);                                         \
    printf ("\n");                                                \
  } while (0)

/* A VGG-shaped model with the given 13 widths, He-scaled random weights,
 * small random biases and ImageNet normalisation; NULL widths = tiny. */
nst_model *test_model_new (const int *widths, uint64_t seed);
/* Fill an interleaved image with smooth random colour blobs in [0,1]. */
void       test_image_fill (nst_image *image, uint64_t seed);
void       test_fill_uniform (float *v, size_t n, double lo, double hi, uint64_t seed);
/* Summary line in the plain form CI reads; returns the exit code. */
int        test_finish (const char *name);

#endif
