/* test-util.h - what the core tests share: tiny models and random
 * images; checks are check.h's (tests/common). */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include "check.h"
#include "nst-private.h"

#include <stdio.h>

/* A VGG-shaped model with the given 13 widths, He-scaled random weights,
 * small random biases and ImageNet normalisation; NULL widths = tiny. */
nst_model *test_model_new (const int *widths, uint64_t seed);
/* Fill an interleaved image with smooth random colour blobs in [0,1]. */
void       test_image_fill (nst_image *image, uint64_t seed);
void       test_fill_uniform (float *v, size_t n, double lo, double hi, uint64_t seed);

#endif
