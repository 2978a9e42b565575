/* alloc.c - big buffers on huge pages where the kernel offers them.
 *
 * A level of a run allocates its activations, workspaces and L-BFGS
 * history afresh, some hundreds of megabytes that are first touched while
 * the level's first evaluations run: on 4 KiB pages that is a page fault
 * every 4 KiB, and under a hypervisor each fault is dear (chelsea at
 * Balanced, 2-core Zen 5 VM: 339,000 faults, 2.5 s of 62 s of CPU time).
 * Linux's transparent huge pages cut them 512-fold when a region asks for
 * them, which is the default of Debian's kernels ("madvise"). */
#include "nst-private.h"

#include <stdlib.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#define HUGE_PAGE ((size_t) 2 << 20)

void *
nst_alloc_large (size_t bytes)
{
  void *p = NULL;

  if (bytes < 2 * HUGE_PAGE)
    return posix_memalign (&p, 64, bytes > 0 ? bytes : 1) == 0 ? p : NULL;
  if (posix_memalign (&p, HUGE_PAGE, bytes) != 0)
    return NULL;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  /* advice only: without THP the pages stay small */
  (void) madvise (p, (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE, MADV_HUGEPAGE);
#endif
  return p;
}
