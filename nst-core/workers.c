/* workers.c - the core's one thread pool.
 *
 * OpenBLAS runs single-threaded inside it: the pool splits every layer
 * into column tiles (im2col, GEMM, bias and ReLU of one tile on one
 * thread), so the memory-bound work around the GEMMs runs in parallel too
 * and no second pool spins beside this one.  Task t always runs on worker
 * t % size, so per-worker partial results are reproducible. */
#include "nst-private.h"

#include <pthread.h>
#include <stdlib.h>

struct nst_workers
{
  int             size;            /* threads, including the caller */
  pthread_t      *threads;
  pthread_mutex_t lock;
  pthread_cond_t  start;
  pthread_cond_t  done;
  unsigned long   generation;      /* bumped for every batch */
  int             pending;         /* helper threads still busy */
  int             quit;
  int             n_tasks;
  nst_task_fn     fn;
  void           *ctx;
};

typedef struct
{
  nst_workers *pool;
  int          index;
} worker_arg;

static void
run_share (nst_workers *pool, int index, int n_tasks, nst_task_fn fn, void *ctx)
{
  int t;

  for (t = index; t < n_tasks; t += pool->size)
    fn (t, index, ctx);
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
      int         n_tasks;
      nst_task_fn fn;
      void       *ctx;

      pthread_mutex_lock (&pool->lock);
      while (! pool->quit && pool->generation == seen)
        pthread_cond_wait (&pool->start, &pool->lock);
      if (pool->quit)
        {
          pthread_mutex_unlock (&pool->lock);
          return NULL;
        }
      seen = pool->generation;
      n_tasks = pool->n_tasks;
      fn = pool->fn;
      ctx = pool->ctx;
      pthread_mutex_unlock (&pool->lock);

      run_share (pool, index, n_tasks, fn, ctx);

      pthread_mutex_lock (&pool->lock);
      if (--pool->pending == 0)
        pthread_cond_signal (&pool->done);
      pthread_mutex_unlock (&pool->lock);
    }
}

nst_status
nst_workers_new (int n_threads, nst_workers **workers, nst_error *err)
{
  nst_workers *pool;
  int          i;

  *workers = NULL;
  if (n_threads < 1)
    n_threads = 1;
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
  pool->quit = 1;
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
        fn (t, t % nst_workers_size (pool), ctx);
      return;
    }

  pthread_mutex_lock (&pool->lock);
  pool->n_tasks = n_tasks;
  pool->fn = fn;
  pool->ctx = ctx;
  pool->pending = pool->size - 1;
  pool->generation++;
  pthread_cond_broadcast (&pool->start);
  pthread_mutex_unlock (&pool->lock);

  run_share (pool, 0, n_tasks, fn, ctx);

  pthread_mutex_lock (&pool->lock);
  while (pool->pending > 0)
    pthread_cond_wait (&pool->done, &pool->lock);
  pthread_mutex_unlock (&pool->lock);
}
