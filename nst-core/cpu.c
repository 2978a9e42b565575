/* cpu.c - what this CPU can run, read from cpuid itself, and what
 * OpenBLAS's chosen core uses.
 *
 * OpenBLAS (DYNAMIC_ARCH) picks its kernels from the CPU's family and
 * model; on a model it does not know it falls back to old SSE3 kernels
 * ("Prescott") without a word.  The engine therefore asks the CPU for its
 * instruction sets (and the operating system, through XGETBV, for the
 * register state it saves) and compares them with the level of the core
 * OpenBLAS reports (gemm.c decides).  Non-x86 builds report no features. */
#include "nst-private.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define NST_CPU_X86 1
#else
#define NST_CPU_X86 0
#endif

/* XCR0 bits: SSE and AVX state (YMM), then opmask, ZMM_Hi256 and
 * Hi16_ZMM (ZMM), then XTILECFG and XTILEDATA (AMX tiles). */
#define XCR0_YMM ((1u << 1) | (1u << 2))
#define XCR0_ZMM (XCR0_YMM | (1u << 5) | (1u << 6) | (1u << 7))
#define XCR0_AMX ((1u << 17) | (1u << 18))

#if NST_CPU_X86
/* The low half of XCR0: the register state the OS saves on a context
 * switch.  Only valid when cpuid says OSXSAVE (the caller checks). */
static unsigned
cpu_xcr0 (void)
{
  unsigned lo, hi;

  __asm__ volatile ("xgetbv" : "=a" (lo), "=d" (hi) : "c" (0));
  (void) hi;
  return lo;
}

/* Vendor, family, model and brand string (leaves 0, 1, 0x80000002-4). */
static void
cpu_identify (nst_cpu_info *info, unsigned eax1)
{
  unsigned a = 0, b = 0, c = 0, d = 0, i, base_family, family, model;

  __get_cpuid (0, &a, &b, &c, &d);
  memcpy (info->vendor, &b, 4);
  memcpy (info->vendor + 4, &d, 4);
  memcpy (info->vendor + 8, &c, 4);
  info->vendor[12] = '\0';

  base_family = (eax1 >> 8) & 0xf;
  family = base_family == 0xf ? base_family + ((eax1 >> 20) & 0xff) : base_family;
  model = (eax1 >> 4) & 0xf;
  if (base_family == 0x6 || base_family == 0xf)
    model |= ((eax1 >> 16) & 0xf) << 4;
  info->family = (int) family;
  info->model = (int) model;

  if (__get_cpuid_max (0x80000000, NULL) >= 0x80000004)
    {
      unsigned regs[12];

      for (i = 0; i < 3; i++)
        __get_cpuid (0x80000002 + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2],
                     &regs[4 * i + 3]);
      memcpy (info->brand, regs, 48);
      info->brand[48] = '\0';
    }
}

/* Feature bits from leaves 1 and 7 (subleaves 0 and 1), kept only where
 * the OS saves the registers they need. */
static unsigned
cpu_features (unsigned ecx1)
{
  unsigned a, b, c, d, max = __get_cpuid_max (0, NULL), xcr0 = 0, f = 0;
  unsigned b7 = 0, c7 = 0, d7 = 0, a71 = 0;

  if (ecx1 & (1u << 0))
    f |= NST_CPU_SSE3;
  if (ecx1 & (1u << 27))                      /* OSXSAVE: XGETBV works */
    xcr0 = cpu_xcr0 ();
  if (max >= 7)
    {
      __cpuid_count (7, 0, a, b7, c7, d7);
      if (a >= 1)
        __cpuid_count (7, 1, a71, b, c, d);
    }
  if ((xcr0 & XCR0_YMM) == XCR0_YMM)
    {
      if (ecx1 & (1u << 28))
        f |= NST_CPU_AVX;
      if (ecx1 & (1u << 12))
        f |= NST_CPU_FMA;
      if (b7 & (1u << 5))
        f |= NST_CPU_AVX2;
    }
  if ((xcr0 & XCR0_ZMM) == XCR0_ZMM)
    {
      if (b7 & (1u << 16))
        f |= NST_CPU_AVX512F;
      if (b7 & (1u << 17))
        f |= NST_CPU_AVX512DQ;
      if (b7 & (1u << 30))
        f |= NST_CPU_AVX512BW;
      if (b7 & (1u << 31))
        f |= NST_CPU_AVX512VL;
      if (c7 & (1u << 11))
        f |= NST_CPU_AVX512_VNNI;
      if (a71 & (1u << 5))
        f |= NST_CPU_AVX512_BF16;
    }
  if ((xcr0 & XCR0_AMX) == XCR0_AMX && (d7 & (1u << 24)))
    f |= NST_CPU_AMX_TILE;
  return f;
}
#endif

void
nst_cpu_detect (nst_cpu_info *info)
{
  memset (info, 0, sizeof *info);
  strcpy (info->vendor, "unknown");
  strcpy (info->brand, "unknown CPU");
#if NST_CPU_X86
  {
    unsigned a, b, c, d;
    char    *s;

    if (! __get_cpuid (1, &a, &b, &c, &d))
      return;
    cpu_identify (info, a);
    info->features = cpu_features (c);
    /* brand strings are padded with spaces on either side */
    for (s = info->brand; *s == ' '; s++)
      ;
    memmove (info->brand, s, strlen (s) + 1);
    for (s = info->brand + strlen (info->brand); s > info->brand && s[-1] == ' '; s--)
      s[-1] = '\0';
  }
#endif
}

nst_isa
nst_cpu_isa (const nst_cpu_info *info)
{
  unsigned f = info->features;

  if (f & NST_CPU_AVX512F)
    return NST_ISA_AVX512;
  if ((f & (NST_CPU_AVX2 | NST_CPU_FMA)) == (NST_CPU_AVX2 | NST_CPU_FMA))
    return NST_ISA_AVX2;
  if (f & NST_CPU_AVX)
    return NST_ISA_AVX;
  if (f & NST_CPU_SSE3)
    return NST_ISA_SSE;
  return NST_ISA_NONE;
}

void
nst_cpu_features_string (const nst_cpu_info *info, char *buf, size_t size)
{
  static const struct { unsigned bit; const char *name; } names[] =
    {
      { NST_CPU_SSE3, "sse3" }, { NST_CPU_AVX, "avx" }, { NST_CPU_FMA, "fma" },
      { NST_CPU_AVX2, "avx2" }, { NST_CPU_AVX512F, "avx512f" },
      { NST_CPU_AVX512BW, "avx512bw" }, { NST_CPU_AVX512VL, "avx512vl" },
      { NST_CPU_AVX512DQ, "avx512dq" }, { NST_CPU_AVX512_BF16, "avx512_bf16" },
      { NST_CPU_AVX512_VNNI, "avx512_vnni" }, { NST_CPU_AMX_TILE, "amx_tile" },
    };
  size_t i, used = 0;

  if (size == 0)
    return;
  buf[0] = '\0';
  for (i = 0; i < sizeof names / sizeof names[0]; i++)
    if (info->features & names[i].bit)
      {
        int n = snprintf (buf + used, size - used, "%s%s", used ? " " : "", names[i].name);

        if (n < 0 || (size_t) n >= size - used)
          break;
        used += (size_t) n;
      }
  if (used == 0)
    snprintf (buf, size, "none detected");
}

nst_isa
nst_openblas_core_isa (const char *core)
{
  /* openblas_get_corename () of a DYNAMIC_ARCH x86-64 build (0.3.21), by
   * the widest vectors its SGEMM kernels use.  The AMD AVX cores keep
   * OpenBLAS's AVX (FMA4/FMA3, 128/256-bit) kernels: AVX, not AVX2. */
  static const struct { const char *name; nst_isa isa; } cores[] =
    {
      { "Katmai", NST_ISA_SSE }, { "Coppermine", NST_ISA_SSE },
      { "Northwood", NST_ISA_SSE }, { "Prescott", NST_ISA_SSE },
      { "Banias", NST_ISA_SSE }, { "Atom", NST_ISA_SSE }, { "Core2", NST_ISA_SSE },
      { "Penryn", NST_ISA_SSE }, { "Dunnington", NST_ISA_SSE },
      { "Nehalem", NST_ISA_SSE }, { "Athlon", NST_ISA_SSE },
      { "Opteron_SSE3", NST_ISA_SSE }, { "Opteron", NST_ISA_SSE },
      { "Barcelona", NST_ISA_SSE }, { "Nano", NST_ISA_SSE }, { "Bobcat", NST_ISA_SSE },
      { "Sandybridge", NST_ISA_AVX }, { "Bulldozer", NST_ISA_AVX },
      { "Piledriver", NST_ISA_AVX }, { "Steamroller", NST_ISA_AVX },
      { "Excavator", NST_ISA_AVX },
      { "Haswell", NST_ISA_AVX2 }, { "Zen", NST_ISA_AVX2 },
      { "SkylakeX", NST_ISA_AVX512 }, { "Cooperlake", NST_ISA_AVX512 },
      { "SapphireRapids", NST_ISA_AVX512 },
    };
  size_t i;

  if (core == NULL)
    return NST_ISA_NONE;
  for (i = 0; i < sizeof cores / sizeof cores[0]; i++)
    if (strcasecmp (core, cores[i].name) == 0)
      return cores[i].isa;
  return NST_ISA_NONE;     /* "Unknown", or a name newer than this table */
}

const char *
nst_isa_name (nst_isa isa)
{
  switch (isa)
    {
    case NST_ISA_SSE:    return "SSE";
    case NST_ISA_AVX:    return "AVX";
    case NST_ISA_AVX2:   return "AVX2/FMA";
    case NST_ISA_AVX512: return "AVX-512";
    case NST_ISA_NONE:
    default:             return "unknown";
    }
}
