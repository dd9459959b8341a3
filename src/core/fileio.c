/* The one way to write a file: temporary beside the target, write, fsync,
 * rename (or link), fsync the directory.  See fengong/fileio.h. */
#include "fengong/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "fengong/merge.h"

/* Temporary files are .NAME.fgtmp.XXXXXX beside the target. */
#define TEMP_SUFFIX ".fgtmp."

/* ------------------------------------------------------------ test hooks */

static unsigned hook_flags; /* flags of the file being written: FG_WFILE_NO_HOOKS */

static bool hook(const char *var, const char *step)
{
	if (hook_flags & FG_WFILE_NO_HOOKS)
		return false;
	const char *v = getenv(var);
	return v && strcmp(v, step) == 0;
}

static void abort_at(const char *step)
{
	if (hook("FENGONG_ABORT_AT", step))
		abort();
}

/* ------------------------------------------------------------ helpers */

static void release(struct fg_wfile *w)
{
	if (w->stream)
		fclose(w->stream);
	else if (w->fd >= 0)
		close(w->fd);
	w->stream = NULL;
	w->fd = -1;
	free(w->target);
	free(w->tmp);
	free(w->dir);
	w->target = w->tmp = w->dir = NULL;
}

static const char *advice(int err)
{
	switch (err) {
	case ENOSPC: return fg_tr(FG_N_("; free some disk space and save again"));
	case EDQUOT: return fg_tr(FG_N_("; your disk quota is full: free some space and save again"));
	case EFBIG:
		return fg_tr(FG_N_("; the file is larger than this session may write (ulimit -f): raise the limit and save again"));
	case EACCES:
	case EPERM:
	case EROFS: return fg_tr(FG_N_(" (is the directory writable?)"));
	default: return fg_tr(FG_N_("; save again"));
	}
}

/* A file-size limit must be an error to handle, not a signal that kills the
 * process with the user's edits (and the terminal's state) unsaved. */
struct xfsz {
	struct sigaction old;
	bool set;
};

static void xfsz_ignore(struct xfsz *x)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	x->set = sigaction(SIGXFSZ, &sa, &x->old) == 0;
}

static void xfsz_restore(struct xfsz *x)
{
	if (x->set)
		sigaction(SIGXFSZ, &x->old, NULL);
}

/* ------------------------------------------------------------ the API */

bool fg_wfile_open(struct fg_wfile *w, const char *path, unsigned flags, struct fg_diag *d)
{
	memset(w, 0, sizeof *w);
	w->fd = -1;
	w->flags = flags;
	w->target = fg_xstrdup(path);
	size_t n = strlen(path);
	w->dir = fg_xmalloc(n + 2);
	memcpy(w->dir, path, n + 1);
	char *slash = strrchr(w->dir, '/');
	const char *base = slash ? path + (slash - w->dir) + 1 : path;
	if (!slash)
		strcpy(w->dir, ".");
	else if (slash == w->dir)
		w->dir[1] = 0;
	else
		*slash = 0;
	if (!*base) {
		release(w);
		w->err = EISDIR;
		return fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("%s names a directory, not a file; nothing was written"), path);
	}
	size_t tlen = strlen(w->dir) + strlen(base) + sizeof "/." TEMP_SUFFIX "XXXXXX";
	w->tmp = fg_xmalloc(tlen);

	struct stat st;
	bool exists = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	hook_flags = flags;
	abort_at("tmp");
	static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	uint64_t r = (uint64_t)now.tv_nsec * 2654435761u ^ (uint64_t)getpid() << 20 ^ (uint64_t)(uintptr_t)w;
	int err = EEXIST;
	for (int attempt = 0; attempt < 100 && w->fd < 0 && err == EEXIST; attempt++) {
		char x[7];
		for (int i = 0; i < 6; i++) {
			r = r * 6364136223846793005u + 1442695040888963407u;
			x[i] = alnum[(r >> 33) % (sizeof alnum - 1)];
		}
		x[6] = 0;
		snprintf(w->tmp, tlen, "%s/.%s" TEMP_SUFFIX "%s", w->dir, base, x);
		/* O_EXCL|O_NOFOLLOW: a link planted at the name is never followed */
		w->fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		err = errno;
	}
	if (w->fd < 0) {
		fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("cannot create a temporary file in %s: %s; the file was not changed%s"),
			    w->dir, strerror(err),
			    err == EACCES || err == EROFS || err == EPERM ? fg_tr(FG_N_(" (is the directory writable?)")) : "");
		release(w);
		w->err = err;
		return false;
	}
	if (exists) {
		/* mode and group kept as far as we may (a group we are not in
		 * cannot be given: the file keeps ours) */
		if (fchmod(w->fd, st.st_mode & 07777) == 0)
			(void)!fchown(w->fd, (uid_t)-1, st.st_gid);
	} else {
		mode_t um = umask(0);
		umask(um);
		(void)fchmod(w->fd, 0666 & ~um);
	}
	return true;
}

bool fg_wfile_write(struct fg_wfile *w, const void *buf, size_t len)
{
	if (w->err)
		return false;
	if (w->stream && fflush(w->stream) != 0) {
		w->err = errno ? errno : EIO;
		return false;
	}
	struct xfsz x;
	xfsz_ignore(&x);
	const char *p = buf;
	while (len) {
		ssize_t n = write(w->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			w->err = n < 0 ? errno : EIO;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	xfsz_restore(&x);
	return w->err == 0;
}

FILE *fg_wfile_stream(struct fg_wfile *w)
{
	if (!w->stream && w->fd >= 0) {
		w->stream = fdopen(w->fd, "w");
		if (!w->stream)
			abort(); /* out of memory */
	}
	return w->stream;
}

const char *fg_wfile_tmp_path(const struct fg_wfile *w)
{
	return w->tmp;
}

bool fg_wfile_committed(const struct fg_wfile *w)
{
	return w->committed;
}

void fg_wfile_discard(struct fg_wfile *w)
{
	if (w->tmp)
		unlink(w->tmp);
	release(w);
}

bool fg_wfile_commit(struct fg_wfile *w, struct fg_diag *d)
{
	w->committed = false;
	if (!w->tmp)
		return fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("internal error: no file is being written"));
	hook_flags = w->flags;
	const char *step = NULL;
	int err = 0;
	struct xfsz x;
	xfsz_ignore(&x);
	abort_at("write");
	if (hook("FENGONG_FAULT", "write"))
		step = "write", err = ENOSPC;
	else if (w->err)
		step = "write", err = w->err;
	else if (w->stream && (fflush(w->stream) != 0 || ferror(w->stream)))
		step = "write", err = errno ? errno : EIO;
	xfsz_restore(&x);
	bool sync = !(w->flags & FG_WFILE_NO_SYNC);
	if (!step && sync) {
		abort_at("fsync");
		if (hook("FENGONG_FAULT", "fsync"))
			step = "fsync", err = EIO;
		else if (fsync(w->fd) != 0)
			step = "fsync", err = errno;
	}
	int cr = w->stream ? fclose(w->stream) : close(w->fd);
	w->stream = NULL;
	w->fd = -1;
	if (cr != 0 && !step)
		step = "close", err = errno;
	if (!step) {
		abort_at("rename");
		if (hook("FENGONG_FAULT", "rename"))
			step = "rename", err = EXDEV;
		else if (w->flags & FG_WFILE_NO_REPLACE) {
			if (link(w->tmp, w->target) != 0)
				step = "link", err = errno;
			else
				unlink(w->tmp);
		} else if (rename(w->tmp, w->target) != 0)
			step = "rename", err = errno;
	}
	if (step) {
		unlink(w->tmp);
		w->err = err;
		if (err == EEXIST && (w->flags & FG_WFILE_NO_REPLACE))
			fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("%s already exists; nothing was written"), w->target);
		else
			fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("saving failed (%s: %s); the file on disk was not changed%s"), step,
				    strerror(err), advice(err));
		release(w);
		return false;
	}
	w->committed = true;
	bool ok = true;
	if (sync) {
		abort_at("dirsync");
		int dfd = open(w->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		int e = dfd < 0 ? errno : EIO;
		if (dfd >= 0 && !hook("FENGONG_FAULT", "dirsync"))
			e = fsync(dfd) == 0 ? 0 : errno;
		ok = e == 0;
		if (dfd >= 0)
			close(dfd);
		if (!ok)
			fg_diag_add(d, FG_ERR_IO, 0, 0,
				    FG_N_("the file was written but its directory could not be synced to disk (%s); save again to be sure"),
				    strerror(e));
	}
	release(w);
	return ok;
}

bool fg_write_file(const char *path, const void *buf, size_t len, unsigned flags, struct fg_diag *d)
{
	struct fg_wfile w;
	if (!fg_wfile_open(&w, path, flags, d))
		return false;
	fg_wfile_write(&w, buf, len);
	return fg_wfile_commit(&w, d);
}

void fg_wfile_remove_stale(const char *target, int min_age_s)
{
	/* .NAME.fgtmp.XXXXXX, NAME escaped: only our own temporary files match */
	char pattern[2 * PATH_MAX + 32];
	size_t o = 0;
	const char *slash = strrchr(target, '/');
	const char *name = slash ? slash + 1 : target;
	for (const char *c = target; c < name && o + 2 < sizeof pattern - 32; c++) {
		if (strchr("*?[\\", *c))
			pattern[o++] = '\\';
		pattern[o++] = *c;
	}
	pattern[o++] = '.';
	for (const char *c = name; *c && o + 2 < sizeof pattern - 32; c++) {
		if (strchr("*?[\\", *c))
			pattern[o++] = '\\';
		pattern[o++] = *c;
	}
	snprintf(pattern + o, sizeof pattern - o, "%s??????", TEMP_SUFFIX);
	glob_t g;
	if (glob(pattern, GLOB_NOSORT, NULL, &g) != 0)
		return;
	time_t now = time(NULL);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct stat st;
		if (lstat(g.gl_pathv[i], &st) == 0 && S_ISREG(st.st_mode) && now - st.st_mtime >= min_age_s)
			unlink(g.gl_pathv[i]);
	}
	globfree(&g);
}

bool fg_write_file_atomic(const char *path, const char *buf, size_t len, struct fg_diag *d)
{
	return fg_write_file(path, buf, len, 0, d);
}
