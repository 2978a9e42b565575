/* test-alloc.c - nst_alloc_large: 64-byte alignment for every size, 2 MiB
 * and transparent huge pages for big buffers where the kernel offers them
 * (checked in /proc/self/smaps; skipped where THP is off, and under
 * AddressSanitizer, whose allocator places the pages itself). */
#include "test-util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define CHECK_HUGE 0
#else
#define CHECK_HUGE 1
#endif

#if CHECK_HUGE
/* "always" or "madvise" selected: madvise (MADV_HUGEPAGE) takes effect. */
static int
thp_available (void)
{
  char  line[256] = "";
  FILE *f = fopen ("/sys/kernel/mm/transparent_hugepage/enabled", "r");

  if (f == NULL)
    return 0;
  if (fgets (line, sizeof line, f) == NULL)
    line[0] = '\0';
  fclose (f);
  return strstr (line, "[always]") != NULL || strstr (line, "[madvise]") != NULL;
}

/* kB of AnonHugePages of the mapping that holds p, or -1. */
static long
huge_kb_at (const void *p)
{
  char          line[512];
  FILE         *f = fopen ("/proc/self/smaps", "r");
  uintptr_t     a = (uintptr_t) p;
  int           inside = 0;
  long          kb = -1;

  if (f == NULL)
    return -1;
  while (fgets (line, sizeof line, f) != NULL)
    {
      unsigned long lo, hi;

      if (sscanf (line, "%lx-%lx ", &lo, &hi) == 2)
        inside = lo <= a && a < hi;
      else if (inside && sscanf (line, "AnonHugePages: %ld kB", &kb) == 1)
        break;
    }
  fclose (f);
  return kb;
}
#endif

int
main (void)
{
  static const size_t sizes[] = { 0, 1, 100, 4096, 1 << 20, ((size_t) 4 << 20) - 4 };
  size_t big = ((size_t) 12 << 20) + 123;
  unsigned char *p;
  size_t i;

  for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
    {
      p = nst_alloc_large (sizes[i]);
      CHECK (p != NULL && (uintptr_t) p % 64 == 0, "%zu bytes: 64-byte aligned", sizes[i]);
      if (p != NULL && sizes[i] > 0)
        {
          memset (p, 0xab, sizes[i]);
          CHECK (p[sizes[i] - 1] == 0xab, "%zu bytes: all writable", sizes[i]);
        }
      free (p);
    }

  p = nst_alloc_large (big);
  CHECK (p != NULL && (uintptr_t) p % ((size_t) 2 << 20) == 0, "12 MiB: aligned to 2 MiB");
  if (p == NULL)
    return 1;
  memset (p, 1, big);
  CHECK (p[0] == 1 && p[big - 1] == 1, "12 MiB: all writable");
#if ! CHECK_HUGE
  check_skip ("huge pages: not under AddressSanitizer");
#else
  if (! thp_available ())
    check_skip ("huge pages: transparent huge pages are off here");
  else
    {
      long kb = huge_kb_at (p);

      CHECK (kb >= 2048, "12 MiB: on transparent huge pages (%ld kB)", kb);
    }
#endif
  free (p);

  return check_finish ("alloc");
}
