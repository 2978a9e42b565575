/* lbfgs-driver.c - being written. */
#include "nst-private.h"
