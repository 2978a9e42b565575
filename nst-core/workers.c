/* workers.c - the core's one thread pool.
 *
 * OpenBLAS runs single-threaded inside it: the pool splits every layer
 * into column tiles (im2col, GEMM, bias and ReLU of one tile on one
 * thread), so the memory-bound work around the GEMMs runs in parallel too
 * and no second pool spins beside this one.  Each thread takes the
 * batch's next task until none is left, so a thread that the hypervisor
 * or another process holds back leaves its share to the others instead of
 * making them wait at the batch's end (chelsea at Balanced, 2 vCPUs of a
 * shared Zen 5: 33-44 s against 40-42 s with a fixed task t -> thread
 * t % size split, same loss).  Which thread runs a task is therefore not
 * fixed: a task's result must depend on its number only (partial sums are
 * kept per task, not per thread), which keeps runs reproducible.
 * Between batches a thread polls briefly before it sleeps (see spin_ns). */
#include "nst-private.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct nst_workers
{
  int             size;            /* threads, including the caller */
  pthread_t      *threads;
  pthread_mutex_t lock;
  pthread_cond_t  start;
  pthread_cond_t  done;
  atomic_ulong    generation;      /* bumped for every batch */
  atomic_int      pending;         /* helper threads still busy */
  atomic_int      quit;
  atomic_int      next_task;       /* the batch's first task not yet taken */
  int             n_tasks;
  nst_task_fn     fn;
  void           *ctx;
};

typedef struct
{
  nst_workers *pool;
  int          index;
} worker_arg;

/* Take and run the batch's tasks until none is left. */
static void
run_share (nst_workers *pool, int index, int n_tasks, nst_task_fn fn, void *ctx)
{
  int t;

  while ((t = atomic_fetch_add_explicit (&pool->next_task, 1, memory_order_relaxed)) < n_tasks)
    fn (t, index, ctx);
}

/* How long a thread that ran out of work polls for the next batch (or
 * the end of one) before it sleeps on the condition variable.  A layer
 * is a few dozen batches of 0.1-10 ms; waking a sleeping thread costs
 * tens of microseconds on bare metal and more under a hypervisor, and
 * the other thread waits for the last one at every batch's end. */
static const long spin_ns = 200 * 1000;

static void
cpu_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#elif defined(__aarch64__)
  __asm__ __volatile__ ("yield");
#endif
}

static long
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/* Poll `ready (pool, arg)` for spin_ns; true when it became true. */
static int
spin_until (int (*ready) (nst_workers *, unsigned long), nst_workers *pool, unsigned long arg)
{
  long deadline;
  int  i;

  if (spin_ns <= 0)
    return ready (pool, arg);
  deadline = now_ns () + spin_ns;
  for (;;)
    {
      for (i = 0; i < 64; i++)
        {
          if (ready (pool, arg))
            return 1;
          cpu_relax ();
        }
      if (now_ns () > deadline)
        return ready (pool, arg);
    }
}

static int
batch_posted (nst_workers *pool, unsigned long seen)
{
  return atomic_load_explicit (&pool->quit, memory_order_acquire)
         || atomic_load_explicit (&pool->generation, memory_order_acquire) != seen;
}

static int
batch_done (nst_workers *pool, unsigned long unused)
{
  (void) unused;
  return atomic_load_explicit (&pool->pending, memory_order_acquire) == 0;
}

static void *
worker_main (void *data)
{
  worker_arg    *arg = data;
  nst_workers   *pool = arg->pool;
  int            index = arg->index;
  unsigned long  seen = 0;

  free (arg);
  for (;;)
    {
      /* the batch's fields are written before its generation is
       * published (release), and stay until every helper is done */
      if (! spin_until (batch_posted, pool, seen))
        {
          pthread_mutex_lock (&pool->lock);
          while (! batch_posted (pool, seen))
            pthread_cond_wait (&pool->start, &pool->lock);
          pthread_mutex_unlock (&pool->lock);
        }
      if (atomic_load_explicit (&pool->quit, memory_order_acquire))
        return NULL;
      seen = atomic_load_explicit (&pool->generation, memory_order_acquire);

      run_share (pool, index, pool->n_tasks, pool->fn, pool->ctx);

      /* the last helper wakes the caller if it went to sleep; under the
       * lock, so the caller cannot miss it between its check and wait */
      if (atomic_fetch_sub_explicit (&pool->pending, 1, memory_order_acq_rel) == 1)
        {
          pthread_mutex_lock (&pool->lock);
          pthread_cond_signal (&pool->done);
          pthread_mutex_unlock (&pool->lock);
        }
    }
}

int
nst_default_threads (void)
{
  cpu_set_t allowed;
  long      cpus;

  /* The CPUs this process may use, not all online ones: under taskset or
   * a cgroup's cpuset more threads would only take turns. */
  if (sched_getaffinity (0, sizeof allowed, &allowed) == 0 && CPU_COUNT (&allowed) > 0)
    return CPU_COUNT (&allowed);

  cpus = sysconf (_SC_NPROCESSORS_ONLN);
  return cpus < 1 ? 1 : (int) cpus;
}

nst_status
nst_workers_new (int n_threads, nst_workers **workers, nst_error *err)
{
  nst_workers *pool;
  int          i;

  *workers = NULL;
  if (n_threads < 1)
    n_threads = nst_default_threads ();
  pool = calloc (1, sizeof *pool);
  if (pool == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the threads.");
  pool->size = 1;
  pthread_mutex_init (&pool->lock, NULL);
  pthread_cond_init (&pool->start, NULL);
  pthread_cond_init (&pool->done, NULL);
  pool->threads = calloc (n_threads, sizeof (pthread_t));
  if (pool->threads == NULL)
    {
      nst_workers_free (pool);
      return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the threads.");
    }
  /* a thread that cannot start only makes the pool smaller */
  for (i = 1; i < n_threads; i++)
    {
      worker_arg *arg = malloc (sizeof *arg);

      if (arg == NULL)
        break;
      arg->pool = pool;
      arg->index = i;
      if (pthread_create (&pool->threads[i], NULL, worker_main, arg) != 0)
        {
          free (arg);
          break;
        }
      pool->size++;
    }
  *workers = pool;
  return NST_STATUS_OK;
}

void
nst_workers_free (nst_workers *pool)
{
  int i;

  if (pool == NULL)
    return;
  pthread_mutex_lock (&pool->lock);
  atomic_store_explicit (&pool->quit, 1, memory_order_release);
  pthread_cond_broadcast (&pool->start);
  pthread_mutex_unlock (&pool->lock);
  for (i = 1; i < pool->size; i++)
    pthread_join (pool->threads[i], NULL);
  pthread_mutex_destroy (&pool->lock);
  pthread_cond_destroy (&pool->start);
  pthread_cond_destroy (&pool->done);
  free (pool->threads);
  free (pool);
}

int
nst_workers_size (const nst_workers *pool)
{
  return pool ? pool->size : 1;
}

void
nst_workers_run (nst_workers *pool, int n_tasks, nst_task_fn fn, void *ctx)
{
  if (pool == NULL || pool->size == 1 || n_tasks <= 1)
    {
      int t;

      for (t = 0; t < n_tasks; t++)
        fn (t, 0, ctx);
      return;
    }

  pthread_mutex_lock (&pool->lock);
  pool->n_tasks = n_tasks;
  pool->fn = fn;
  pool->ctx = ctx;
  atomic_store_explicit (&pool->pending, pool->size - 1, memory_order_relaxed);
  atomic_store_explicit (&pool->next_task, 0, memory_order_relaxed);
  atomic_fetch_add_explicit (&pool->generation, 1, memory_order_release);
  pthread_cond_broadcast (&pool->start);
  pthread_mutex_unlock (&pool->lock);

  run_share (pool, 0, n_tasks, fn, ctx);

  if (! spin_until (batch_done, pool, 0))
    {
      pthread_mutex_lock (&pool->lock);
      while (! batch_done (pool, 0))
        pthread_cond_wait (&pool->done, &pool->lock);
      pthread_mutex_unlock (&pool->lock);
    }
}
