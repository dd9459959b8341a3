/* The one way out: edits -> bytes -> disk.
 *
 * A save takes FILE.lock, re-reads the file, and if someone else saved since
 * we loaded, re-applies our edits on top of their version assignment by
 * assignment (a conflict is refused, never overwritten).  New bytes are made
 * by splicing changed values into the file's own bytes, so comments, order
 * and quoting elsewhere survive; the result is parsed again and compared with
 * the intended model before anything is written.  The write is atomic:
 * temporary file in the same directory, fsync, rename, fsync the directory.
 *
 * Test hooks (environment): FENGONG_FAULT=write|fsync|rename|dirsync makes
 * that step fail; FENGONG_ABORT_AT=lock|tmp|write|fsync|rename|dirsync
 * aborts the process just before that step.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "fengong/sign.h"
#include "fengong/sshsig.h"
#include "layout.h"
#include "fengong/merge.h"

/* ------------------------------------------------------------ test hooks */

static bool hook(const char *var, const char *step)
{
	const char *v = getenv(var);
	return v && strcmp(v, step) == 0;
}

static void abort_at(const char *step)
{
	if (hook("FENGONG_ABORT_AT", step))
		abort();
}

/* ------------------------------------------------------------ the lock */

/* True when the lock file exists and its first line is still `info`. */
static bool lock_still_says(const char *lockpath, const char *info)
{
	char again[400] = "";
	FILE *f = fopen(lockpath, "r");
	if (!f)
		return false;
	if (!fgets(again, sizeof again, f))
		again[0] = 0;
	fclose(f);
	return strcmp(again, info) == 0;
}

static bool lock_take(const char *target, char *lockpath, size_t len, int wait_ms, struct fg_diag *d)
{
	snprintf(lockpath, len, "%s.lock", target);
	char host[256] = "";
	gethostname(host, sizeof host - 1);
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	unsigned seed = (unsigned)getpid();
	for (;;) {
		int fd = open(lockpath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd >= 0) {
			char info[400];
			char when[40];
			fg_iso8601(time(NULL), when, sizeof when);
			int n = snprintf(info, sizeof info, "%s %ld %s\n", host, (long)getpid(), when);
			if (write(fd, info, (size_t)n) != n) {
				close(fd);
				unlink(lockpath);
				return fg_diag_add(d, FG_ERR_IO, 0, 0, "cannot write the lock file %s: %s", lockpath, strerror(errno));
			}
			close(fd);
			return true;
		}
		if (errno != EEXIST)
			return fg_diag_add(d, FG_ERR_IO, 0, 0, "cannot create the lock file %s: %s (is the directory writable?)",
					   lockpath, strerror(errno));
		/* Who holds it? */
		char info[400] = "";
		FILE *f = fopen(lockpath, "r");
		if (f) {
			if (!fgets(info, sizeof info, f))
				info[0] = 0;
			fclose(f);
		}
		char lhost[256] = "", lwhen[64] = "";
		long lpid = 0;
		int got = sscanf(info, "%255s %ld %63s", lhost, &lpid, lwhen);
		/* The holder may have finished (unlinked the lock, exited) between our
		 * read and kill(): only a lock that still says the same after its
		 * holder is gone is stale. */
		if (got == 3 && strcmp(lhost, host) == 0 && lpid > 0 && kill((pid_t)lpid, 0) != 0 && errno == ESRCH &&
		    lock_still_says(lockpath, info))
			return fg_diag_add(d, FG_ERR_LOCKED, 0, 0,
					   "a stale lock %s was left by process %ld on %s at %s, which no longer runs; "
					   "make sure nobody is saving, then delete the lock file and save again",
					   lockpath, lpid, lhost, lwhen);
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long waited = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
		if (waited >= wait_ms) {
			if (got == 3)
				return fg_diag_add(d, FG_ERR_LOCKED, 0, 0,
						   "the plan is being saved by process %ld on %s since %s (lock %s); try again, "
						   "or if that process is gone, delete the lock file",
						   lpid, lhost, lwhen, lockpath);
			return fg_diag_add(d, FG_ERR_LOCKED, 0, 0,
					   "the plan is locked by %s, which says nothing about its holder; if nobody is saving, "
					   "delete it",
					   lockpath);
		}
		struct timespec ts = {0, (long)(2 + rand_r(&seed) % 20) * 1000000L};
		nanosleep(&ts, NULL);
	}
}

/* ------------------------------------------------------------ journal */

/* The assignments the journal touches, each once: first edit's before state
 * and the plan's current state. */
struct touched {
	int measure;
	const char *unit;
	struct fg_asg_state orig;
	struct fg_assignment *a;
};

static size_t collect_touched(struct fg_plan *p, struct touched **out)
{
	struct touched *t = fg_xmalloc((p->undo_pos + 1) * sizeof *t);
	size_t n = 0;
	for (size_t i = 0; i < p->undo_pos; i++) {
		const struct fg_edit *e = &p->edits[i];
		if (e->record_only) /* leaves the assignment alone: nothing to splice or to conflict */
			continue;
		size_t k;
		for (k = 0; k < n; k++)
			if (t[k].measure == e->measure && strcmp(t[k].unit, e->unit) == 0)
				break;
		if (k < n)
			continue;
		struct fg_measure *m = fg_plan_measure(p, e->measure);
		long ui = m ? fg_plan_unit_index(p, e->unit) : -1;
		t[n] = (struct touched){e->measure, e->unit, e->before, ui >= 0 ? fg_measure_assignment(m, (size_t)ui) : NULL};
		if (t[n].a)
			n++;
	}
	*out = t;
	return n;
}

static bool same_state(const struct fg_asg_state *s, const struct fg_assignment *a)
{
	return s->status == a->status && strcmp(s->note, a->note) == 0 && strcmp(s->updated, a->updated) == 0 &&
	       strcmp(s->by, a->by) == 0;
}

static bool same_value(const struct fg_assignment *a, const struct fg_assignment *b)
{
	return a->status == b->status && strcmp(a->note, b->note) == 0;
}

bool fg_plan_rebase_mode(struct fg_plan *onto, struct fg_plan *mine, int on_conflict, struct fg_diag *d)
{
	struct touched *t;
	size_t n = collect_touched(mine, &t);
	size_t before = d->n;
	bool *skip = calloc(n + 1, sizeof *skip);
	if (!skip)
		abort();
	for (size_t i = 0; i < n; i++) {
		struct fg_measure *m = fg_plan_measure(onto, t[i].measure);
		long ui = m ? fg_plan_unit_index(onto, t[i].unit) : -1;
		struct fg_assignment *theirs = ui >= 0 ? fg_measure_assignment(m, (size_t)ui) : NULL;
		if (!theirs) {
			fg_diag_add(d, FG_ERR_CONFLICT, 0, 0,
				    "measure %d no longer has an assignment of %s in the file on disk; your change to it "
				    "cannot be applied",
				    t[i].measure, t[i].unit);
			continue;
		}
		if (same_state(&t[i].orig, theirs) || same_value(theirs, t[i].a))
			continue;
		if (on_conflict == 1) /* keep mine */
			continue;
		if (on_conflict == 2) { /* keep theirs */
			skip[i] = true;
			continue;
		}
		fg_diag_add(d, FG_ERR_CONFLICT, theirs->line, theirs->col,
			    "conflict on measure %d, %s: saved meanwhile as %s \"%s\" by %s at %s, you set %s \"%s\"; "
			    "choose one (TUI) or set it again after reloading (CLI)",
			    t[i].measure, t[i].unit, fg_status_name(theirs->status), theirs->note,
			    *theirs->by ? theirs->by : "someone", *theirs->updated ? theirs->updated : "an unknown time",
			    fg_status_name(t[i].a->status), t[i].a->note);
	}
	if (d->n != before) {
		free(t);
		free(skip);
		return false;
	}
	/* Replay the journal onto their version. */
	for (size_t i = 0; i < mine->undo_pos; i++) {
		const struct fg_edit *e = &mine->edits[i];
		if (e->record_only) { /* a report or a request: appended as it is */
			fg_journal_record(onto, &e->rec);
			continue;
		}
		size_t k;
		for (k = 0; k < n; k++)
			if (t[k].measure == e->measure && strcmp(t[k].unit, e->unit) == 0)
				break;
		if (k == n || skip[k])
			continue;
		struct fg_measure *m = fg_plan_measure(onto, e->measure);
		struct fg_assignment *a = fg_measure_assignment(m, (size_t)fg_plan_unit_index(onto, e->unit));
		if (onto->nedits == onto->edits_cap) {
			onto->edits_cap = onto->edits_cap ? onto->edits_cap * 2 : 16;
			onto->edits = fg_xrealloc(onto->edits, onto->edits_cap * sizeof *onto->edits);
		}
		struct fg_edit *ne = &onto->edits[onto->nedits++];
		onto->undo_pos = onto->nedits;
		ne->measure = e->measure;
		ne->unit = a->unit;
		ne->before = (struct fg_asg_state){a->status, a->note, a->updated, a->by};
		ne->after = (struct fg_asg_state){e->after.status, fg_plan_strdup(onto, e->after.note),
						  fg_plan_strdup(onto, e->after.updated), fg_plan_strdup(onto, e->after.by)};
		ne->rec = e->rec;
		ne->rec.from = a->status;
		ne->rec.at = ne->after.updated;
		ne->rec.by = ne->after.by;
		ne->rec.as = fg_plan_strdup(onto, e->rec.as);
		ne->rec.unit = a->unit;
		ne->rec.note = ne->after.note;
		a->status = ne->after.status;
		a->note = ne->after.note;
		a->updated = ne->after.updated;
		a->by = ne->after.by;
		fg_index_update(onto, m, a);
	}
	free(t);
	free(skip);
	return true;
}

bool fg_plan_rebase(struct fg_plan *onto, const struct fg_plan *mine, struct fg_diag *d)
{
	return fg_plan_rebase_mode(onto, (struct fg_plan *)mine, 0, d);
}

/* ------------------------------------------------------------ splicing */

static int repl_cmp(const void *a, const void *b)
{
	const struct fg_repl *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->after != y->after)
		return x->after - y->after;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void fg_splice_add(struct fg_splice *s, size_t start, size_t end, char *text)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->r = fg_xrealloc(s->r, s->cap * sizeof *s->r);
	}
	s->r[s->n] = (struct fg_repl){start, end, text, 0, s->n};
	s->n++;
}

static char *scalar_text(const char *v)
{
	struct fg_buf b = {0};
	fg_buf_scalar(&b, v);
	return b.data;
}

bool fg_splice_value(struct fg_splice *s, const struct fg_plan *p, const struct fg_assignment *a,
			 const struct fg_span *span, const char *key, const char *value)
{
	const char *nl = p->layout->crlf ? "\r\n" : "\n";
	if (span->end > span->start) {
		char *t = scalar_text(value);
		/* a block scalar's span runs to the next line: keep that line break */
		size_t end = span->end;
		while (end > span->start && (p->src[end - 1] == '\n' || p->src[end - 1] == '\r'))
			end--;
		fg_splice_add(s, span->start, end, t);
		return true;
	}
	if (span->start > 0) { /* `key:` with an empty value: the span is the point after the colon */
		struct fg_buf b = {0};
		fg_buf_adds(&b, " ");
		fg_buf_scalar(&b, value);
		fg_splice_add(s, span->start, span->start, b.data);
		return true;
	}
	if (!a->src.block || !a->src.insert_at)
		return false;
	struct fg_buf b = {0};
	fg_buf_printf(&b, "%s%*s%s: ", nl, (int)a->src.indent, "", key);
	fg_buf_scalar(&b, value);
	/* `by:` empty and last: its value is filled in at this same point, first */
	fg_splice_add(s, a->src.insert_at, a->src.insert_at, b.data);
	s->r[s->n - 1].after = 1;
	return true;
}

/* New file bytes, or NULL when the layout cannot be spliced (then the
 * caller writes the canonical layout). */
static char *splice_plan(struct fg_plan *p, size_t first_new_record, size_t *outlen)
{
	const struct fg_src_layout *lay = p->layout;
	if (!p->src || !lay || !lay->root_block)
		return NULL;
	const char *nl = lay->crlf ? "\r\n" : "\n";
	struct fg_splice s = {0};
	struct touched *t;
	size_t n = collect_touched(p, &t);
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++) {
		const struct fg_assignment *a = t[i].a;
		const struct fg_asg_state *o = &t[i].orig;
		if (o->status != a->status)
			ok &= fg_splice_value(&s, p, a, &a->src.status, "status", fg_status_name(a->status));
		if (strcmp(o->note, a->note) != 0)
			ok &= fg_splice_value(&s, p, a, &a->src.note, "note", a->note);
		if (strcmp(o->updated, a->updated) != 0)
			ok &= fg_splice_value(&s, p, a, &a->src.updated, "updated", a->updated);
		if (strcmp(o->by, a->by) != 0)
			ok &= fg_splice_value(&s, p, a, &a->src.by, "by", a->by);
	}
	free(t);
	/* conflicts the journal resolved (fengong/merge.h): cut their entries,
	 * or the whole `conflicts:` block when none stays open */
	if (ok && lay->has_conflicts && lay->nconflicts > fg_plan_nconflicts(p)) {
		if (lay->conflicts_flow)
			ok = false;
		else if (fg_plan_nconflicts(p) == 0)
			fg_splice_add(&s, lay->conflicts_start, lay->conflicts_end, fg_xstrdup(""));
		else
			for (size_t i = 0; i < lay->nconflicts; i++)
				if (lay->conflicts[i].resolved)
					fg_splice_add(&s, lay->conflicts[i].src.start, lay->conflicts[i].src.end, fg_xstrdup(""));
	}
	if (ok && p->nhistory > first_new_record) {
		struct fg_buf b = {0};
		unsigned indent = lay->history_indent ? lay->history_indent : 4;
		/* a file ending "..." gets its history before that line */
		bool before_end = !lay->has_history && lay->doc_end > 0 && lay->doc_end < p->srclen &&
				  p->src[lay->doc_end - 1] == '\n';
		if (!lay->has_history) {
			if (!lay->final_newline && !before_end)
				fg_buf_adds(&b, nl);
			fg_buf_printf(&b, "history:");
		}
		for (size_t i = first_new_record; i < p->nhistory; i++) {
			fg_buf_adds(&b, nl);
			size_t at = b.len;
			fg_emit_record(&b, (int)indent, &p->history[i], nl);
			/* the records there may put their "-" elsewhere than two columns
			 * left of the keys ("-   at:"): new ones line up with them */
			if (lay->history_indent && !lay->history_flow && lay->history_dash + 2 != indent &&
			    lay->history_dash < indent) {
				memset(b.data + at, ' ', indent);
				b.data[at + lay->history_dash] = '-';
			}
		}
		if (before_end) {
			fg_buf_adds(&b, nl);
			fg_splice_add(&s, lay->doc_end, lay->doc_end, b.data);
			s.r[s.n - 1].after = 2;
		} else if (!lay->has_history) {
			if (lay->final_newline)
				fg_buf_adds(&b, nl);
			fg_splice_add(&s, p->srclen, p->srclen, b.data);
			s.r[s.n - 1].after = 2; /* after keys added to a last assignment there */
		} else if (lay->history_flow || lay->history_empty) {
			/* "history: []" becomes "history:" + records: no blank left after the colon */
			size_t start = lay->history_start;
			while (start > 0 && (p->src[start - 1] == ' ' || p->src[start - 1] == '\t'))
				start--;
			fg_splice_add(&s, start, lay->history_end, b.data);
		} else {
			fg_splice_add(&s, lay->history_end, lay->history_end, b.data);
		}
	}
	if (!ok) {
		for (size_t i = 0; i < s.n; i++)
			free(s.r[i].text);
		free(s.r);
		return NULL;
	}
	/* text appended after a block scalar that ends the file without a line
	 * break would change its value: write the canonical layout instead */
	for (size_t i = 0; ok && lay->ends_in_block_scalar && i < s.n; i++)
		if (s.r[i].start == p->srclen)
			ok = false;
	if (!ok) {
		for (size_t i = 0; i < s.n; i++)
			free(s.r[i].text);
		free(s.r);
		return NULL;
	}
	return fg_splice_apply(&s, p->src, p->srclen, outlen);
}

char *fg_splice_apply(struct fg_splice *s, const char *src, size_t srclen, size_t *outlen)
{
	if (s->n)
		qsort(s->r, s->n, sizeof *s->r, repl_cmp);
	struct fg_buf out = {0};
	size_t pos = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (s->r[i].start >= pos) { /* overlapping replacements cannot happen; never write one twice */
			fg_buf_add(&out, src + pos, s->r[i].start - pos);
			fg_buf_adds(&out, s->r[i].text);
			pos = s->r[i].end;
		}
		free(s->r[i].text);
	}
	fg_buf_add(&out, src + pos, srclen - pos);
	free(s->r);
	s->r = NULL;
	s->n = s->cap = 0;
	*outlen = out.len;
	return out.data;
}

/* ------------------------------------------------------------ writing */

/* Temporary files are .NAME.fgtmp.XXXXXX beside the plan. */
#define TEMP_SUFFIX ".fgtmp."

static bool write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		buf += w;
		len -= (size_t)w;
	}
	return true;
}

/* *renamed tells a failure after the rename (the new text is in place, only
 * the directory's sync failed) from one before it (the file is untouched). */
static bool write_atomic(const char *target, const char *buf, size_t len, bool *renamed, struct fg_diag *d)
{
	*renamed = false;
	char dir[PATH_MAX], tmp[PATH_MAX + 32];
	snprintf(dir, sizeof dir, "%s", target);
	char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : target;
	if (slash)
		slash == dir ? (void)(dir[1] = 0) : (void)(*slash = 0);
	else
		strcpy(dir, ".");
	snprintf(tmp, sizeof tmp, "%s/.%s" TEMP_SUFFIX "XXXXXX", dir, base);

	struct stat st;
	bool exists = stat(target, &st) == 0;
	abort_at("tmp");
	int fd = mkstemp(tmp);
	if (fd < 0)
		return fg_diag_add(d, FG_ERR_IO, 0, 0,
				   "cannot create a temporary file in %s: %s; the file was not changed%s", dir, strerror(errno),
				   errno == EACCES || errno == EROFS ? " (is the directory writable?)" : "");
	if (exists) {
		if (fchmod(fd, st.st_mode & 07777) != 0 || (fchown(fd, (uid_t)-1, st.st_gid) != 0 && errno != EPERM)) {
			/* fall through: mode kept as far as we may */
		}
	} else {
		mode_t um = umask(0);
		umask(um);
		(void)fchmod(fd, 0666 & ~um);
	}
	const char *step = NULL;
	int err = 0;
	abort_at("write");
	if (hook("FENGONG_FAULT", "write"))
		step = "write", err = ENOSPC;
	else if (!write_all(fd, buf, len))
		step = "write", err = errno;
	if (!step) {
		abort_at("fsync");
		if (hook("FENGONG_FAULT", "fsync"))
			step = "fsync", err = EIO;
		else if (fsync(fd) != 0)
			step = "fsync", err = errno;
	}
	if (close(fd) != 0 && !step)
		step = "close", err = errno;
	if (!step) {
		abort_at("rename");
		if (hook("FENGONG_FAULT", "rename"))
			step = "rename", err = EXDEV;
		else if (rename(tmp, target) != 0)
			step = "rename", err = errno;
	}
	if (step) {
		unlink(tmp);
		return fg_diag_add(d, FG_ERR_IO, 0, 0, "saving failed (%s: %s); the file on disk was not changed%s", step,
				   strerror(err), err == ENOSPC ? "; free some disk space and save again" : "; save again");
	}
	*renamed = true;
	abort_at("dirsync");
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	bool synced = dfd >= 0 && !hook("FENGONG_FAULT", "dirsync") && fsync(dfd) == 0;
	if (dfd >= 0)
		close(dfd);
	if (!synced)
		return fg_diag_add(d, FG_ERR_IO, 0, 0,
				   "the file was written but its directory could not be synced to disk (%s); save again to be sure",
				   strerror(errno ? errno : EIO));
	return true;
}

bool fg_write_file_atomic(const char *path, const char *buf, size_t len, struct fg_diag *d)
{
	bool renamed;
	return write_atomic(path, buf, len, &renamed, d);
}

/* ------------------------------------------------------------ save */

/* Setting an assignment resolves the merge conflicts recorded on it: mark
 * them (on) while a save writes, or clear every mark (off) when it fails. */
static void conflicts_mark(struct fg_plan *p, bool on)
{
	struct fg_src_layout *lay = p->layout;
	if (!lay)
		return;
	for (size_t i = 0; i < lay->nconflicts; i++) {
		struct fg_conflict *c = &lay->conflicts[i];
		c->resolved = false;
		for (size_t k = 0; on && c->measure > 0 && k < p->undo_pos; k++)
			if (p->edits[k].measure == c->measure && strcmp(p->edits[k].unit, c->unit) == 0)
				c->resolved = true;
	}
}

/* Temporary files exist only while a saver holds the lock: any found by the
 * lock's holder were left by a save that was killed.  Remove them. */
static void remove_stale_temps(const char *target)
{
	/* .NAME.fgtmp.XXXXXX, NAME escaped: only our own temporary files match */
	char pattern[2 * PATH_MAX + 32];
	size_t o = 0;
	const char *slash = strrchr(target, '/');
	const char *name = slash ? slash + 1 : target;
	for (const char *c = target; c < name && o + 2 < sizeof pattern; c++) {
		if (strchr("*?[\\", *c))
			pattern[o++] = '\\';
		pattern[o++] = *c;
	}
	pattern[o++] = '.';
	for (const char *c = name; *c && o + 2 < sizeof pattern; c++) {
		if (strchr("*?[\\", *c))
			pattern[o++] = '\\';
		pattern[o++] = *c;
	}
	snprintf(pattern + o, sizeof pattern - o, "%s??????", TEMP_SUFFIX);
	glob_t g;
	if (glob(pattern, GLOB_NOSORT, NULL, &g) != 0)
		return;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct stat st;
		if (lstat(g.gl_pathv[i], &st) == 0 && S_ISREG(st.st_mode))
			unlink(g.gl_pathv[i]);
	}
	globfree(&g);
}

/* Read back the text a failed save dropped (the file still holds it: the
 * lock is held and the write did not happen).  Should even that fail, the
 * plan keeps no text and its next save writes the canonical layout. */
static void restore_src(struct fg_plan *p, const char *target)
{
	struct fg_diag d;
	fg_diag_init(&d, target);
	char *buf;
	size_t len;
	if (fg_read_file(target, &buf, &len, &d) && len == p->srclen) {
		p->src = buf;
	} else {
		if (d.n == 0)
			free(buf);
		p->src = NULL;
	}
	fg_diag_free(&d);
}

/* Move the content of src into dst (dst keeps its identity and path). */
static void plan_take(struct fg_plan *dst, struct fg_plan *src)
{
	struct fg_plan old = *dst;
	*dst = *src;
	dst->path = fg_plan_strdup(dst, old.path ? old.path : "");
	src->arena = old.arena;
	src->src = old.src;
	src->edits = old.edits;
	src->unit_hash = old.unit_hash;
	src->index = old.index;
	fg_plan_free(src);
}

/* Give the journal's records their hashes (and, when the save signs, their
 * key and signature) and put them in the history.  False, with the history
 * as it was, when a signature cannot be made. */
static bool commit_records(struct fg_plan *p, const struct fg_save_opts *o, size_t *first, struct fg_diag *d)
{
	*first = p->nhistory;
	const char *prev = p->nhistory ? p->history[p->nhistory - 1].hash : "";
	/* a signature covers the predecessor's original hash (fengong/sign.h) */
	char sprev[65] = "";
	if (o->sign)
		fg_history_signing_prev(p, sprev);
	for (size_t i = 0; i < p->undo_pos; i++) {
		struct fg_record r = p->edits[i].rec;
		char h[65];
		if (o->sign) {
			r.key = fg_plan_strdup(p, o->sign_key ? o->sign_key : "");
			r.sig = "";
		}
		fg_history_hash(&r, prev, h);
		r.hash = fg_plan_strdup(p, h);
		if (o->sign) {
			size_t len;
			char err[300] = "", *msg = fg_record_canonical(&r, sprev, &len);
			char *sig = o->sign(o->sign_ctx, msg, len, err, sizeof err);
			fg_sha256_hex(msg, len, sprev);
			free(msg);
			char *body = sig ? fg_sshsig_body(sig, strlen(sig)) : NULL;
			free(sig);
			if (!body) {
				p->nhistory = *first;
				return fg_diag_add(d, FG_ERR_REFUSED, 0, 0, "cannot sign the record of measure %d, %s: %s; nothing was written",
						   r.measure, r.unit, *err ? err : "the signer returned no SSH signature");
			}
			r.sig = fg_plan_strdup(p, body);
			free(body);
		}
		size_t n = p->nhistory;
		if (n == 0 || (n >= 4 && (n & (n - 1)) == 0))
			p->history = fg_arena_grow(p->arena, p->history, n, n ? n * 2 : 4, sizeof *p->history);
		p->history[p->nhistory++] = r;
		prev = r.hash;
	}
	return true;
}

bool fg_plan_save_ex(struct fg_plan *p, const struct fg_save_opts *o, int on_conflict, struct fg_diag *d)
{
	struct fg_save_opts def = {0};
	if (!o)
		o = &def;
	const char *path = o->path ? o->path : p->path;
	if (!path)
		return fg_diag_add(d, FG_ERR_IO, 0, 0, "the plan has no file name; give one to save it");
	bool same_file = p->path && strcmp(path, p->path) == 0;
	if (same_file && !o->canonical && p->undo_pos == 0)
		return true; /* nothing to write: the file stays byte-identical */
	fg_index_drop(p); /* a cache, rebuilt when next needed: not held through the save's peak */

	char target[PATH_MAX];
	if (!realpath(path, target)) {
		if (errno != ENOENT)
			return fg_diag_add(d, FG_ERR_IO, 0, 0, "cannot resolve %s: %s", path, strerror(errno));
		snprintf(target, sizeof target, "%s", path);
	}
	/* A file its owner made read-only is not ours to replace (rename would
	 * happily do it, and root passes access(), hence the mode bits too). */
	struct stat tst;
	if (stat(target, &tst) == 0 && S_ISREG(tst.st_mode) && (access(target, W_OK) != 0 || !(tst.st_mode & 0222)))
		return fg_diag_add(d, FG_ERR_IO, 0, 0,
				   "the file is read-only; nothing was written (make it writable, e.g. chmod u+w, and save again)");
	char lockpath[PATH_MAX + 8];
	abort_at("lock");
	if (!lock_take(target, lockpath, sizeof lockpath, o->lock_wait_ms ? o->lock_wait_ms : 10000, d))
		return false;
	remove_stale_temps(target);

	bool ok = false, disk_same = false, dropped = false;
	struct fg_plan *base = p, *disk = NULL;
	char *disk_buf = NULL;
	size_t disk_len = 0;
	struct fg_diag rd;
	fg_diag_init(&rd, path);
	if (same_file && p->src && fg_read_file(target, &disk_buf, &disk_len, &rd)) {
		/* changed on disk since we loaded it?  (the bytes themselves are
		 * compared: cheaper than hashing both) */
		bool changed = disk_len != p->srclen || memcmp(disk_buf, p->src, disk_len) != 0;
		if (!changed) {
			free(disk_buf);
			disk_buf = NULL;
			disk_same = true;
		} else {
			struct fg_diag dd;
			fg_diag_init(&dd, path);
			disk = fg_plan_load_owned(path, disk_buf, disk_len, &dd);
			disk_buf = NULL;
			if (!disk) {
				char first[700];
				fg_diag_format(&dd, 0, first, sizeof first);
				fg_diag_add(d, FG_ERR_INVALID, 0, 0,
					    "the file was changed on disk and is no longer a valid plan (%s); your edits are kept "
					    "but not saved: fix the file, then save again",
					    first);
				fg_diag_free(&dd);
				goto out;
			}
			fg_diag_free(&dd);
			disk->path = fg_plan_strdup(disk, p->path);
			if (!fg_plan_rebase_mode(disk, p, on_conflict, d))
				goto out;
			base = disk;
		}
	} else if (same_file && p->src && rd.n && rd.kind == FG_ERR_IO) {
		/* the file vanished: write ours */
	}

	/* signing is the plan's rule on every write path: a writer that does
	 * not sign cannot add records to a plan that requires signatures */
	if (!o->sign && p->undo_pos > 0 && (base->signing == FG_SIGNING_REQUIRED || p->signing == FG_SIGNING_REQUIRED)) {
		fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
			    "this plan requires signed records and this save does not sign; nothing was written "
			    "(sign with fengong --key KEY, $FENGONG_SIGNING_KEY or git's user.signingkey)");
		goto out;
	}
	size_t nhist = base->nhistory;
	conflicts_mark(base, true);
	size_t first_new;
	if (!commit_records(base, o, &first_new, d)) {
		base->nhistory = nhist;
		conflicts_mark(base, false);
		goto out;
	}
	size_t len = 0;
	char *bytes = o->canonical ? NULL : splice_plan(base, first_new, &len);
	bool spliced = bytes != NULL;
	if (!bytes)
		bytes = fg_plan_emit(base, &len);
	/* The old text is not needed while the new one is verified: a save's
	 * peak is then two models and one text, not two of each.  Under the
	 * lock the file still holds that text, so a failed save reads it back. */
	if (disk_same && base == p) {
		free(p->src);
		p->src = NULL;
		dropped = true;
	}

	/* Never write what we would not read back as intended. */
	struct fg_diag vd;
	fg_diag_init(&vd, path);
	struct fg_plan *check = fg_plan_load_owned(path, bytes, len, &vd);
	bytes = NULL; /* check->src now, freed with check (load frees it on failure) */
	char why[200] = "";
	if (spliced && (!check || !fg_plan_equal(check, base, why, sizeof why))) {
		/* A layout the splice got wrong must not make every save fail: the
		 * canonical layout keeps every value (though not the comments). */
		fg_plan_free(check);
		fg_diag_free(&vd);
		fg_diag_init(&vd, path);
		bytes = fg_plan_emit(base, &len);
		check = fg_plan_load_owned(path, bytes, len, &vd);
		bytes = NULL;
		why[0] = 0;
	}
	if (!check || !fg_plan_equal(check, base, why, sizeof why)) {
		char first[700] = "";
		if (!check)
			fg_diag_format(&vd, 0, first, sizeof first);
		fg_diag_add(d, FG_ERR_INVALID, 0, 0,
			    "internal error: the saved text would not read back as the plan (%s%s); nothing was written, "
			    "please report this",
			    first, why);
		base->nhistory = nhist;
		conflicts_mark(base, false);
		if (dropped)
			restore_src(p, target);
		fg_plan_free(check);
		fg_diag_free(&vd);
		free(bytes);
		goto out;
	}
	fg_diag_free(&vd);
	bool renamed;
	if (!write_atomic(target, check->src, check->srclen, &renamed, d) && renamed) {
		/* the file holds the new text: the plan must match it (the edits
		 * are saved, their durability is what the message questions) */
		check->path = p->path;
		plan_take(p, check);
		goto out;
	}
	if (!renamed) {
		base->nhistory = nhist;
		conflicts_mark(base, false);
		if (dropped)
			restore_src(p, target);
		fg_plan_free(check);
		free(bytes);
		goto out;
	}
	free(bytes);
	check->path = p->path;
	plan_take(p, check);
	ok = true;
out:
	fg_diag_free(&rd);
	free(disk_buf);
	fg_plan_free(disk);
	unlink(lockpath);
	return ok;
}

bool fg_plan_save(struct fg_plan *p, const struct fg_save_opts *o, struct fg_diag *d)
{
	return fg_plan_save_ex(p, o, 0, d);
}
