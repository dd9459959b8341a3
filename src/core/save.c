/* The one way out: edits -> bytes -> disk.  This file runs the steps; each
 * lives in the file named for it:
 *
 *   lock.c    take FILE.lock (fengong/lock.h)
 *   rebase.c  the file changed since we loaded it: re-apply our journal on
 *             top of it, assignment by assignment (a conflict is refused or
 *             settled as asked, never overwritten)
 *   splice.c  new bytes: the changed values spliced into the file's own
 *             bytes, so comments, order and quoting elsewhere survive
 *   fileio.c  the atomic write: temporary, fsync, rename, fsync the
 *             directory (fengong/fileio.h)
 *
 * Between splicing and writing, the result is parsed again and compared
 * with the intended model: nothing is written that would not read back.
 *
 * Test hooks (environment): FENGONG_ABORT_AT=lock aborts before the lock is
 * taken; the write's own hooks are in fengong/fileio.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "fengong/sign.h"
#include "fengong/sshsig.h"
#include "fengong/structure.h"
#include "layout.h"
#include "fengong/fileio.h"
#include "fengong/lock.h"
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
			if (!p->edits[k].record_only && p->edits[k].measure == c->measure &&
			    strcmp(p->edits[k].unit, c->unit) == 0)
				c->resolved = true;
	}
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

/* The canonical layout in the file's own line ends (every '\n' the emitter
 * writes is a line end: values escape theirs). */
static char *emit_in_style(const struct fg_plan *p, size_t *len)
{
	char *text = fg_plan_emit(p, len);
	const char *nl = p->layout && p->layout->nl ? p->layout->nl : "\n";
	if (strcmp(nl, "\n") == 0)
		return text;
	struct fg_buf b = {0};
	for (size_t i = 0; i < *len;) {
		const char *lf = memchr(text + i, '\n', *len - i);
		size_t run = lf ? (size_t)(lf - (text + i)) : *len - i;
		fg_buf_add(&b, text + i, run);
		i += run;
		if (lf) {
			fg_buf_adds(&b, nl);
			i++;
		}
	}
	free(text);
	*len = b.len;
	return b.data;
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
	char digest[FG_STRUCTURE_DIGEST_LEN] = "", summary[200] = "", *parts = NULL;
	for (size_t i = 0; i < p->undo_pos; i++) {
		struct fg_record r = p->edits[i].rec;
		char h[65];
		if (r.kind == FG_KIND_STRUCTURE && r.subject && strcmp(r.subject, FG_STRUCTURE_PENDING) == 0) {
			/* the structure as saved (every edit of the journal applied) */
			if (!*digest) {
				struct fg_structure_counts c;
				fg_structure_digest(p, digest);
				fg_structure_count(p, &c);
				fg_structure_summary(&c, summary, sizeof summary);
				parts = fg_structure_parts(p);
			}
			r.subject = fg_plan_strdup(p, digest);
			struct fg_buf nb = {0};
			fg_buf_printf(&nb, "%s%s%s\n%s", r.note ? r.note : "", r.note && *r.note ? "\n" : "", summary, parts);
			r.note = fg_plan_strdup(p, nb.data);
			free(nb.data);
		}
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
				free(parts);
				return fg_diag_add(d, FG_ERR_REFUSED, 0, 0, FG_N_("cannot sign the record of measure %d, %s: %s; nothing was written"),
						   r.measure, r.unit, *err ? err : fg_tr(FG_N_("the signer returned no SSH signature")));
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
	free(parts);
	return true;
}

bool fg_plan_save_ex(struct fg_plan *p, const struct fg_save_opts *o, enum fg_conflict_mode on_conflict,
		     struct fg_diag *d)
{
	struct fg_save_opts def = {0};
	if (!o)
		o = &def;
	const char *path = o->path ? o->path : p->path;
	if (!path)
		return fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("the plan has no file name; give one to save it"));
	bool same_file = p->path && strcmp(path, p->path) == 0;
	if (same_file && !o->canonical && p->undo_pos == 0)
		return true; /* nothing to write: the file stays byte-identical */
	fg_index_drop(p); /* a cache, rebuilt when next needed: not held through the save's peak */

	char target[PATH_MAX];
	if (!realpath(path, target)) {
		if (errno != ENOENT)
			return fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("cannot resolve %s: %s"), path, strerror(errno));
		snprintf(target, sizeof target, "%s", path);
	}
	/* A file its owner made read-only is not ours to replace (rename would
	 * happily do it, and root passes access(), hence the mode bits too). */
	struct stat tst;
	/* stat, never open: opening a FIFO would block (while holding the lock) */
	if (stat(target, &tst) == 0 && !S_ISREG(tst.st_mode))
		return fg_diag_add(d, FG_ERR_IO, 0, 0,
				   FG_N_("the plan is no longer a regular file (%s); nothing was written, your edits are kept"),
				   S_ISDIR(tst.st_mode) ? "a directory" : S_ISFIFO(tst.st_mode) ? "a FIFO" : "a special file");
	if (stat(target, &tst) == 0 && S_ISREG(tst.st_mode) && (access(target, W_OK) != 0 || !(tst.st_mode & 0222)))
		return fg_diag_add(d, FG_ERR_IO, 0, 0,
				   FG_N_("the file is read-only; nothing was written (make it writable, e.g. chmod u+w, and save again)"));
	struct fg_lock lock;
	abort_at("lock");
	if (!fg_lock_take(&lock, target, o->lock_wait_ms ? o->lock_wait_ms : 10000, o->on_lock_wait, o->lock_wait_ctx, d))
		return false;
	fg_wfile_remove_stale(target, 0); /* temporaries exist only while a saver holds the lock */

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
					    FG_N_("the file was changed on disk and is no longer a valid plan (%s); your edits are kept "
						  "but not saved: fix the file, then save again"),
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
		/* the file vanished: write ours; but one that is there and cannot
		 * be read (turned into a FIFO, unreadable) is not ours to replace */
		struct stat now;
		if (stat(target, &now) == 0 || errno != ENOENT) {
			fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("%s; nothing was written, your edits are kept"), rd.items[0].msg);
			goto out;
		}
	}

	/* signing is the plan's rule on every write path: a writer that does
	 * not sign cannot add records to a plan that requires signatures */
	if (!o->sign && p->undo_pos > 0 && (base->signing == FG_SIGNING_REQUIRED || p->signing == FG_SIGNING_REQUIRED)) {
		fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
			    FG_N_("this plan requires signed records and this save does not sign; nothing was written "
			    "(sign with fengong --key KEY, $FENGONG_SIGNING_KEY or git's user.signingkey)"));
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
	char *bytes = o->canonical ? NULL : fg_splice_plan(base, first_new, &len);
	bool spliced = bytes != NULL;
	if (!bytes)
		bytes = emit_in_style(base, &len);
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
		bytes = emit_in_style(base, &len);
		check = fg_plan_load_owned(path, bytes, len, &vd);
		bytes = NULL;
		why[0] = 0;
	}
	if (!check || !fg_plan_equal(check, base, why, sizeof why)) {
		char first[700] = "";
		if (!check)
			fg_diag_format(&vd, 0, first, sizeof first);
		fg_diag_add(d, FG_ERR_INVALID, 0, 0,
			    FG_N_("internal error: the saved text would not read back as the plan (%s%s); nothing was written, "
			    "please report this"),
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
	struct fg_wfile w;
	bool renamed = false;
	if (fg_wfile_open(&w, target, 0, d)) {
		fg_wfile_write(&w, check->src, check->srclen);
		bool written = fg_wfile_commit(&w, d);
		renamed = fg_wfile_committed(&w);
		if (!written && renamed) {
			/* the file holds the new text: the plan must match it (the edits
			 * are saved, their durability is what the message questions) */
			check->path = p->path;
			plan_take(p, check);
			goto out;
		}
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
	fg_lock_release(&lock);
	return ok;
}

bool fg_plan_save(struct fg_plan *p, const struct fg_save_opts *o, struct fg_diag *d)
{
	return fg_plan_save_ex(p, o, FG_CONFLICT_REFUSE, d);
}

bool fg_plan_seal(struct fg_plan *p, const struct fg_save_opts *o, struct fg_diag *d)
{
	struct fg_save_opts def = {0};
	size_t first;
	if (!commit_records(p, o ? o : &def, &first, d))
		return false;
	p->nedits = p->undo_pos = 0;
	return true;
}
