/* The plan's lock: FILE.lock, created whole by link().  See fengong/lock.h. */
#include "fengong/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fengong/fileio.h"
#include "internal.h"

/* What the lock says, and its size and age; false when it cannot be read. */
static bool lock_stat(const char *lockpath, struct fg_lock_holder *h, char *line, size_t linelen, struct stat *st)
{
	memset(h, 0, sizeof *h);
	line[0] = 0;
	/* O_NONBLOCK|O_NOFOLLOW: whatever sits at the name, reading it never hangs */
	int fd = open(lockpath, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = fstat(fd, st) == 0;
	if (ok && S_ISREG(st->st_mode)) {
		ssize_t n = read(fd, line, linelen - 1);
		line[n > 0 ? n : 0] = 0;
		char *nl = strchr(line, '\n');
		if (nl)
			nl[1] = 0;
	}
	close(fd);
	h->known = sscanf(line, "%255s %ld %63s", h->host, &h->pid, h->since) == 3;
	if (!h->known)
		h->host[0] = h->since[0] = 0, h->pid = 0;
	return ok;
}

bool fg_lock_read(const char *lockpath, struct fg_lock_holder *h)
{
	char line[400];
	struct stat st;
	return lock_stat(lockpath, h, line, sizeof line, &st);
}

/* True when the lock file exists and its first line is still `info`. */
static bool lock_still_says(const char *lockpath, const char *info)
{
	struct fg_lock_holder h;
	char again[400];
	struct stat st;
	return lock_stat(lockpath, &h, again, sizeof again, &st) && strcmp(again, info) == 0;
}

bool fg_lock_take(struct fg_lock *l, const char *target, int wait_ms, fg_lock_wait_fn on_wait, void *ctx,
		  struct fg_diag *d)
{
	l->held = false;
	snprintf(l->path, sizeof l->path, "%s.lock", target);
	const char *lockpath = l->path;
	char host[256] = "";
	gethostname(host, sizeof host - 1);
	char info[400], when[40];
	fg_iso8601(time(NULL), when, sizeof when);
	snprintf(info, sizeof info, "%s %ld %s\n", host, (long)getpid(), when);

	/* the content first, in a temporary: the lock appears with it, whole */
	struct fg_wfile w;
	struct fg_diag scratch;
	fg_diag_init(&scratch, lockpath);
	bool made = fg_wfile_open(&w, lockpath, FG_WFILE_NO_SYNC | FG_WFILE_NO_HOOKS, &scratch) &&
		    fg_wfile_write(&w, info, strlen(info));
	fg_diag_free(&scratch);
	if (!made) {
		int e = w.err;
		fg_wfile_discard(&w);
		return fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("cannot create the lock file %s: %s (is the directory writable?)"),
				   lockpath, strerror(e));
	}

	/* test hook: a writer killed between making the lock's content and
	 * putting it in place leaves no lock at all */
	const char *ab = getenv("FENGONG_ABORT_AT");
	if (ab && strcmp(ab, "lockfile") == 0)
		abort();

	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	unsigned seed = (unsigned)getpid();
	bool told = false;
	bool ok = false;
	for (;;) {
		if (link(fg_wfile_tmp_path(&w), lockpath) == 0) {
			l->held = ok = true;
			break;
		}
		if (errno != EEXIST) {
			fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("cannot create the lock file %s: %s (is the directory writable?)"),
				    lockpath, strerror(errno));
			break;
		}
		/* Who holds it? */
		struct fg_lock_holder h;
		char line[400];
		struct stat st;
		if (!lock_stat(lockpath, &h, line, sizeof line, &st)) {
			if (errno == ENOENT)
				continue; /* gone meanwhile: try again at once */
			memset(&st, 0, sizeof st); /* unreadable: wait for it as for any holder */
		}
		/* The holder may have finished (unlinked the lock, exited) between our
		 * read and kill(): only a lock that still says the same after its
		 * holder is gone is stale. */
		if (h.known && strcmp(h.host, host) == 0 && h.pid > 0 && kill((pid_t)h.pid, 0) != 0 && errno == ESRCH &&
		    lock_still_says(lockpath, line)) {
			fg_diag_add(d, FG_ERR_LOCKED, 0, 0,
				    FG_N_("a stale lock %s was left by process %ld on %s at %s, which no longer runs; "
					  "make sure nobody is saving, then delete the lock file and save again"),
				    lockpath, h.pid, h.host, h.since);
			break;
		}
		/* fengong writes a lock whole; an empty one that stays empty was
		 * left by a writer killed between creating and filling it */
		time_t age = time(NULL) - st.st_mtime;
		if (S_ISREG(st.st_mode) && st.st_size == 0 && age >= FG_LOCK_EMPTY_STALE_S) {
			char made_at[40];
			fg_iso8601(st.st_mtime, made_at, sizeof made_at);
			fg_diag_add(d, FG_ERR_LOCKED, 0, 0,
				    FG_N_("a stale lock %s is empty: it was made at %s by a save that was stopped before it said "
				    "who held it; make sure nobody is saving, then delete the lock file and save again"),
				    lockpath, made_at);
			break;
		}
		if (!told && on_wait) {
			on_wait(&h, lockpath, ctx);
			told = true;
		}
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long waited = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
		if (waited >= wait_ms) {
			if (h.known)
				fg_diag_add(d, FG_ERR_LOCKED, 0, 0,
					    FG_N_("the plan is being saved by process %ld on %s since %s (lock %s); try again, "
						  "or if that process is gone, delete the lock file"),
					    h.pid, h.host, h.since, lockpath);
			else
				fg_diag_add(d, FG_ERR_LOCKED, 0, 0,
					    FG_N_("the plan is locked by %s, which says nothing about its holder; if nobody is saving, "
						  "delete it"),
					    lockpath);
			break;
		}
		struct timespec ts = {0, (long)(2 + rand_r(&seed) % 20) * 1000000L};
		nanosleep(&ts, NULL);
	}
	fg_wfile_discard(&w); /* the temporary; the lock stays linked when taken */
	if (ok)
		fg_wfile_remove_stale(lockpath, 600); /* lock temporaries of killed writers (older than any wait) */
	return ok;
}

void fg_lock_release(struct fg_lock *l)
{
	if (l->held)
		unlink(l->path);
	l->held = false;
}
