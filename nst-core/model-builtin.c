/* model-builtin.c - being written. */
#include "nst-private.h"
