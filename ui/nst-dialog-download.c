/* nst-dialog-download.c - the VGG-19 model from the dialog.
 *
 * While a run would use the built-in network, the status area offers
 * "Download the VGG-19 model (575 MB)".  The download runs in a worker
 * thread (nst_fe_download_model(), front end); its progress reaches the
 * GTK main thread through idle callbacks, so the dialog stays responsive.
 * The button turns into Cancel while it runs; a cancelled or failed
 * download keeps its partial file, and the next click resumes it.  Once
 * the model is in place the preview loads it and the status line names
 * it.  Closing the dialog cancels a running download and waits for its
 * thread (within a second: curl checks the cancel between blocks).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-dialog-private.h"
#include "nst-fe-intl.h"
#include "nst-fe-model.h"

#ifdef NST_HAVE_DOWNLOAD
#include "nst-fe-download.h"

/* The button's label when it starts a download (Alt+B). */
#define DOWNLOAD_LABEL N_("Download the VGG-19 model (575 M_B)")

struct _NstDialogDownload
{
  Dialog        *d;
  GtkWidget     *box;
  GtkWidget     *button;
  GtkWidget     *label;
  GCancellable  *cancel;       /* non-NULL while a download runs */
  NstFeManifest  manifest;
  gboolean       have_manifest;
  gboolean       alive;        /* FALSE once the dialog let go: queued updates skip it */
};

typedef struct
{
  NstDialogDownload    *dl;
  GCancellable         *cancel;   /* this download's, to drop stale updates */
  NstFeDownloadProgress progress;
} ProgressUpdate;

static gboolean
show_progress (gpointer data)
{
  ProgressUpdate *u = data;

  if (u->dl->alive && u->dl->cancel == u->cancel && ! g_cancellable_is_cancelled (u->cancel))
    {
      gchar *text = nst_fe_download_describe (&u->progress);

      gtk_label_set_text (GTK_LABEL (u->dl->label), text);
      g_free (text);
    }
  g_object_unref (u->cancel);
  g_rc_box_release (u->dl);
  g_free (u);
  return G_SOURCE_REMOVE;
}

/* On the worker thread: hand a copy to the main thread. */
static void
on_progress (const NstFeDownloadProgress *progress,
             gpointer                     user_data)
{
  NstDialogDownload *dl = user_data;
  ProgressUpdate    *u = g_new0 (ProgressUpdate, 1);

  u->dl = g_rc_box_acquire (dl);
  u->cancel = g_object_ref (dl->cancel);
  u->progress = *progress;
  g_idle_add (show_progress, u);
}

static void
download_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancel)
{
  NstDialogDownload *dl = task_data;
  GError            *error = NULL;
  gchar             *dir = nst_fe_download_default_dir ();
  gchar             *installed = NULL;

  (void) source;
  if (nst_fe_download_model (&dl->manifest, dir, cancel, on_progress, dl, &installed, &error))
    g_task_return_pointer (task, installed, g_free);
  else
    g_task_return_error (task, error);
  g_free (dir);
}

static void
download_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  NstDialogDownload *dl = user_data;
  GError            *error = NULL;
  gchar             *installed = g_task_propagate_pointer (G_TASK (result), &error);

  (void) source;
  g_clear_object (&dl->cancel);
  gtk_button_set_label (GTK_BUTTON (dl->button), _(DOWNLOAD_LABEL));
  if (installed != NULL)
    {
      gchar *text = g_strdup_printf (_("Installed %s."), installed);

      gtk_label_set_text (GTK_LABEL (dl->label), text);
      g_free (text);
      g_free (installed);
      /* the search now finds it: the preview loads it, the status names it */
      if (dl->d->preview != NULL)
        nst_preview_reload_model (dl->d->preview);
      nst_dialog_changed (dl->d);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (dl->label), error->message);
      g_error_free (error);
    }
}

static void
on_clicked (GtkButton         *button,
            NstDialogDownload *dl)
{
  GTask *task;

  (void) button;
  if (dl->cancel != NULL)
    {
      g_cancellable_cancel (dl->cancel);   /* download_done() resets the button */
      return;
    }
  dl->cancel = g_cancellable_new ();
  gtk_button_set_label (GTK_BUTTON (dl->button), _("Cancel the download"));
  gtk_label_set_text (GTK_LABEL (dl->label), _("Connecting..."));
  task = g_task_new (NULL, dl->cancel, download_done, dl);
  g_task_set_task_data (task, dl, NULL);
  g_task_run_in_thread (task, download_thread);
  g_object_unref (task);
}

NstDialogDownload *
nst_dialog_download_new (Dialog *d)
{
  NstDialogDownload *dl = g_rc_box_new0 (NstDialogDownload);
  GError            *error = NULL;

  dl->d = d;
  dl->alive = TRUE;
  dl->have_manifest = nst_fe_manifest_load (NULL, &dl->manifest, &error);
  if (! dl->have_manifest)
    {
      g_debug ("%s", error->message);   /* not installed (or broken): no button */
      g_error_free (error);
    }
  dl->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  dl->button = gtk_button_new_with_mnemonic (_(DOWNLOAD_LABEL));
  gtk_widget_set_name (dl->button, "nst-dialog-download");   /* for tests/ui */
  gtk_widget_set_tooltip_text (dl->button,
                               _("Fetch the trained network once, for results far better "
                                 "than the built-in one's; an interrupted download resumes"));
  dl->label = gtk_label_new (NULL);
  gtk_widget_set_name (dl->label, "nst-dialog-download-status");
  gtk_label_set_xalign (GTK_LABEL (dl->label), 0.0f);
  gtk_label_set_line_wrap (GTK_LABEL (dl->label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (dl->label), TRUE);
  gtk_widget_set_can_focus (dl->label, FALSE);
  gtk_box_pack_start (GTK_BOX (dl->box), dl->button, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (dl->box), dl->label, TRUE, TRUE, 0);
  g_signal_connect (dl->button, "clicked", G_CALLBACK (on_clicked), dl);
  nst_dialog_set_toggled (dl->box);
  gtk_widget_hide (dl->box);
  return dl;
}

GtkWidget *
nst_dialog_download_get_widget (NstDialogDownload *dl)
{
  return dl->box;
}

/* The button while a run would take the built-in network or a download
 * runs; the line also while it holds the last download's message. */
void
nst_dialog_download_update (NstDialogDownload *dl)
{
  gchar   *path = NULL;
  gboolean builtin = FALSE;

  if (! dl->have_manifest)
    return;
  if (nst_fe_model_locate (dl->d->params.model_path, &path, NULL))
    builtin = path == NULL;
  g_free (path);
  /* once the model is in place, the button goes and the last message stays */
  gtk_widget_set_visible (dl->button, builtin || dl->cancel != NULL);
  gtk_widget_set_visible (dl->box, builtin || dl->cancel != NULL
                                   || *gtk_label_get_text (GTK_LABEL (dl->label)) != '\0');
}

void
nst_dialog_download_free (NstDialogDownload *dl)
{
  if (dl == NULL)
    return;
  if (dl->cancel != NULL)
    {
      g_cancellable_cancel (dl->cancel);
      while (dl->cancel != NULL)   /* download_done() clears it */
        g_main_context_iteration (NULL, TRUE);
    }
  if (dl->have_manifest)
    nst_fe_manifest_clear (&dl->manifest);
  /* progress updates still queued hold a reference and look at alive */
  dl->alive = FALSE;
  g_rc_box_release (dl);
}

#else /* ! NST_HAVE_DOWNLOAD: built without libcurl, no button */

NstDialogDownload *
nst_dialog_download_new (Dialog *d)
{
  (void) d;
  return NULL;
}

GtkWidget *
nst_dialog_download_get_widget (NstDialogDownload *dl)
{
  (void) dl;
  return NULL;
}

void
nst_dialog_download_update (NstDialogDownload *dl)
{
  (void) dl;
}

void
nst_dialog_download_free (NstDialogDownload *dl)
{
  (void) dl;
}

#endif
