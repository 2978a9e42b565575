/* adam.c - being written. */
#include "nst-private.h"
