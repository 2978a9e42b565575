/* test-kernel-choice.c - the engine never runs its products on kernels
 * below the CPU's instruction set.
 *
 * meson runs this with OPENBLAS_CORETYPE=Prescott, the SSE3 core OpenBLAS
 * falls back to on CPUs it does not know: the engine must then choose its
 * own kernels of the CPU's best level (AVX-512 where the CPU has it, else
 * AVX2).  It checks the choice, never a time.  The rule itself is checked
 * on a table of CPU and OpenBLAS levels.  Exit 77 (skipped) on a CPU
 * without AVX2 + FMA, where there is nothing better than SSE to choose. */
#include "test-util.h"

#include <stdlib.h>
#include <string.h>

#define N_ELEMENTS(a) (sizeof (a) / sizeof ((a)[0]))

/* nst_kernels_decide on levels alone, whatever this CPU is; kinds this
 * build or CPU cannot run are not expected where the rule falls back. */
static void
test_rule (void)
{
  static const struct
  {
    nst_isa     cpu, blas;
    const char *env;
    nst_kernels expect;
  } cases[] =
    {
      { NST_ISA_AVX512, NST_ISA_SSE,    NULL,       NST_KERNELS_AVX512 },   /* Prescott */
      { NST_ISA_AVX512, NST_ISA_AVX,    NULL,       NST_KERNELS_AVX512 },   /* Sandybridge */
      { NST_ISA_AVX512, NST_ISA_AVX2,   NULL,       NST_KERNELS_AVX512 },   /* Haswell */
      { NST_ISA_AVX512, NST_ISA_AVX512, NULL,       NST_KERNELS_AVX512 },   /* Cooperlake */
      { NST_ISA_AVX512, NST_ISA_NONE,   "",         NST_KERNELS_AVX512 },   /* unknown core */
      { NST_ISA_AVX2,   NST_ISA_SSE,    "auto",     NST_KERNELS_AVX2 },
      { NST_ISA_AVX2,   NST_ISA_AVX2,   NULL,       NST_KERNELS_OPENBLAS },
      { NST_ISA_AVX,    NST_ISA_SSE,    NULL,       NST_KERNELS_OPENBLAS },   /* nothing better */
      { NST_ISA_AVX512, NST_ISA_AVX512, "avx2",     NST_KERNELS_AVX2 },
      { NST_ISA_AVX512, NST_ISA_AVX512, "openblas", NST_KERNELS_OPENBLAS },
      { NST_ISA_AVX512, NST_ISA_SSE,    "openblas", NST_KERNELS_OPENBLAS },
      { NST_ISA_AVX2,   NST_ISA_SSE,    "avx512",   NST_KERNELS_AVX2 },       /* falls back */
      { NST_ISA_AVX2,   NST_ISA_AVX2,   "avx512",   NST_KERNELS_OPENBLAS },   /* falls back */
      { NST_ISA_AVX2,   NST_ISA_SSE,    "bogus",    NST_KERNELS_AVX2 },       /* falls back */
    };
  size_t i;
  int    bad = 0;

  for (i = 0; i < N_ELEMENTS (cases); i++)
    {
      int         fell_back;
      nst_kernels got = nst_kernels_decide (cases[i].cpu, cases[i].blas, cases[i].env,
                                            &fell_back);
      int         want_fallback = cases[i].env != NULL
                                  && (strcmp (cases[i].env, "bogus") == 0
                                      || (strcmp (cases[i].env, "avx512") == 0
                                          && cases[i].cpu < NST_ISA_AVX512));

      if (got != cases[i].expect || fell_back != want_fallback)
        {
          printf ("#   CPU %s, OpenBLAS %s, NST_KERNELS=%s: %s%s, expected %s\n",
                  nst_isa_name (cases[i].cpu), nst_isa_name (cases[i].blas),
                  cases[i].env ? cases[i].env : "(unset)", nst_kernels_name (got),
                  fell_back ? " (fell back)" : "", nst_kernels_name (cases[i].expect));
          bad++;
        }
    }
  CHECK (bad == 0, "the rule: %d of %zu CPU / OpenBLAS / NST_KERNELS cases",
         (int) N_ELEMENTS (cases) - bad, N_ELEMENTS (cases));
}

/* OpenBLAS core names map to the level of their kernels. */
static void
test_core_names (void)
{
  CHECK (nst_openblas_core_isa ("Prescott") == NST_ISA_SSE
         && nst_openblas_core_isa ("Nehalem") == NST_ISA_SSE
         && nst_openblas_core_isa ("Sandybridge") == NST_ISA_AVX
         && nst_openblas_core_isa ("Haswell") == NST_ISA_AVX2
         && nst_openblas_core_isa ("ZEN") == NST_ISA_AVX2
         && nst_openblas_core_isa ("SkylakeX") == NST_ISA_AVX512
         && nst_openblas_core_isa ("Cooperlake") == NST_ISA_AVX512
         && nst_openblas_core_isa ("SapphireRapids") == NST_ISA_AVX512
         && nst_openblas_core_isa ("Unknown") == NST_ISA_NONE
         && nst_openblas_core_isa (NULL) == NST_ISA_NONE,
         "OpenBLAS core names map to SSE, AVX, AVX2/FMA and AVX-512");
}

int
main (void)
{
  const char        *coretype = getenv ("OPENBLAS_CORETYPE");
  nst_kernels_report r;
  nst_kernels        best;

  if (nst_microkernel_avx2.fn != NULL && nst_microkernel_avx512.fn != NULL)
    test_rule ();
  else
    check_skip ("the rule: this build has no kernels of its own");
  test_core_names ();

  nst_kernels_describe (&r);
  printf ("# CPU %s (%s family %d model %d): %s\n", r.cpu.brand, r.cpu.vendor, r.cpu.family,
          r.cpu.model, r.cpu_features);
  printf ("# OpenBLAS core %s (%s); kernels in use: %s\n", r.blas_core,
          nst_isa_name (r.blas_isa), nst_kernels_name (r.kernels));
  if (r.warning[0] != '\0')
    printf ("# warning: %s\n", r.warning);
  if (r.cpu_isa < NST_ISA_AVX2)
    {
      check_skip ("the choice: the CPU has no AVX2 + FMA (%s), no kernels above SSE to choose",
                  nst_isa_name (r.cpu_isa));
      return check_finish ("kernel-choice");
    }
  best = r.cpu_isa >= NST_ISA_AVX512 ? NST_KERNELS_AVX512 : NST_KERNELS_AVX2;

  CHECK (coretype != NULL && strcmp (coretype, "Prescott") == 0
         && r.blas_isa == NST_ISA_SSE,
         "OpenBLAS runs its SSE3 core (OPENBLAS_CORETYPE=%s, core %s)",
         coretype ? coretype : "(unset)", r.blas_core);
  CHECK (r.forced == NULL, "NST_KERNELS does not force a choice");
  CHECK (r.kernels == best && nst_kernels_in_use () == best,
         "the engine runs %s, the CPU's best (%s)", nst_kernels_name (r.kernels),
         nst_kernels_name (best));
  CHECK (r.blas_weaker && strstr (r.warning, "Prescott") != NULL
         && strstr (r.warning, "its own kernels") != NULL,
         "the report warns that OpenBLAS's core is weaker and is worked around");
  return check_finish ("kernel-choice");
}
