/* fengong core: the one way to write a file.
 *
 * Every file fengong writes (the plan, an imported plan, a merge result, an
 * export, the TUI's recovery file, the lock) is replaced all at once or not
 * at all:
 *
 *     struct fg_wfile w;
 *     if (!fg_wfile_open(&w, path, 0, d))          // temporary beside path
 *             return false;
 *     fg_wfile_write(&w, buf, len);                // or fprintf(fg_wfile_stream(&w), ...)
 *     if (!fg_wfile_commit(&w, d))                 // fsync, rename, fsync dir
 *             return false;                        // w is released either way
 *
 * or fg_wfile_discard(&w) to give up (the target is untouched).
 *
 * Contract:
 * - The temporary is ".NAME.fgtmp.XXXXXX" in the target's directory, created
 *   with O_CREAT|O_EXCL|O_NOFOLLOW: never through a symbolic link, never an
 *   existing file.  It takes the mode and group of an existing target, else
 *   0666 & ~umask.
 * - Write errors are remembered and reported by fg_wfile_commit, so a writer
 *   may write everything and check once.  SIGXFSZ is ignored while writing:
 *   a file-size limit (ulimit -f) is an error like a full disk (EFBIG).
 * - fg_wfile_commit flushes, fsyncs, closes, renames the temporary over the
 *   target (a symbolic link at the target is replaced, not followed; resolve
 *   it first with realpath() to write through it), then fsyncs the
 *   directory.  With FG_WFILE_NO_REPLACE it uses link() instead, which fails
 *   (EEXIST) when the target exists, atomically.
 * - On any failure before the rename the temporary is removed and the target
 *   is exactly as before; fg_wfile_committed() then returns false.  A failure
 *   to sync the directory comes after the rename: the new content is in
 *   place, fg_wfile_committed() returns true, and the diagnostic says so.
 * - Messages go to d with no place, kind FG_ERR_IO; the file named is the
 *   diagnostic's own (fg_diag_init's `file`).
 * - Test hooks (environment): FENGONG_FAULT=write|fsync|rename|dirsync makes
 *   that step fail; FENGONG_ABORT_AT=tmp|write|fsync|rename|dirsync aborts
 *   the process just before it.
 */
#ifndef FENGONG_FILEIO_H
#define FENGONG_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "fengong/plan.h"

enum fg_wfile_flags {
	FG_WFILE_NO_REPLACE = 1, /* commit fails with EEXIST when the target exists (link, not rename) */
	FG_WFILE_NO_SYNC = 2,    /* skip both fsyncs: for small files that need atomicity, not durability (the lock) */
	FG_WFILE_NO_HOOKS = 4,   /* FENGONG_FAULT/FENGONG_ABORT_AT do not apply (they aim at the data file, not the lock) */
};

struct fg_wfile {
	char *target, *tmp, *dir; /* malloc'd */
	int fd;
	FILE *stream;     /* from fg_wfile_stream, else NULL */
	unsigned flags;
	int err;          /* first error (errno), 0 while none; kept after commit or a failed open */
	bool committed;   /* the rename (or link) happened */
};

/* Create the temporary for `path`.  False (and w left released) when it
 * cannot be created. */
bool fg_wfile_open(struct fg_wfile *w, const char *path, unsigned flags, struct fg_diag *d);
/* Append bytes; false once any write failed (the error is kept for commit). */
bool fg_wfile_write(struct fg_wfile *w, const void *buf, size_t len);
/* A stdio stream on the temporary, for writers that print; owned by w. */
FILE *fg_wfile_stream(struct fg_wfile *w);
/* The temporary's path, for a library that insists on opening a file by
 * name (e.g. libxlsxwriter): it must truncate and write the file, not
 * replace it.  Valid until commit or discard. */
const char *fg_wfile_tmp_path(const struct fg_wfile *w);
/* Put the temporary in place (see the contract above); releases w. */
bool fg_wfile_commit(struct fg_wfile *w, struct fg_diag *d);
/* Whether the last commit of w put the new content in place (true also when
 * only the directory's sync failed afterwards). */
bool fg_wfile_committed(const struct fg_wfile *w);
/* Remove the temporary; the target is untouched.  Releases w.  Safe on a w
 * already committed or discarded. */
void fg_wfile_discard(struct fg_wfile *w);

/* Read a whole regular file (a plan) into a malloc'd buffer, NUL-terminated,
 * length in *outlen.  Refuses, without blocking, anything else (a directory,
 * a FIFO, a device) and a file over the size cap (FENGONG_MAX_BYTES). */
bool fg_read_file(const char *path, char **out, size_t *outlen, struct fg_diag *d);

/* The whole cycle for a buffer already in memory. */
bool fg_write_file(const char *path, const void *buf, size_t len, unsigned flags, struct fg_diag *d);

/* Remove temporaries of `path` at least min_age_s seconds old, left by a
 * writer that was killed.  Call it only while holding a lock every writer
 * of `path` takes (the plan's lock), or with an age no live writer reaches:
 * otherwise another writer's live temporary could be removed. */
void fg_wfile_remove_stale(const char *path, int min_age_s);

#endif
