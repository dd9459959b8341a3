/* fengong TUI: signals and the recovery file.
 *
 * On SIGHUP or SIGTERM with unsaved edits the terminal is restored and the
 * edits are written to PLAN.recover, never over the plan.  The signal
 * handler only sets a flag; the work happens in tui_getkey(), outside the
 * handler, where stdio and malloc are safe.  Crashes (SIGSEGV, SIGABRT, ...)
 * only restore the terminal: the model may be damaged by then.
 *
 * PLAN.recover is a small text file, one line per edited assignment:
 *
 *     # comment lines
 *     MEASURE \t UNIT \t STATUS \t NOTE \t UNIX-TIME \t BY \t AS
 *
 * and, for the edits that are records rather than values (issue 15: a
 * progress report, a coordinator's approve or return, an extension
 * request), one line per record in the order made:
 *
 *     @KIND \t MEASURE \t UNIT \t UNIX-TIME \t BY \t AS [\t NAME=VALUE]...
 *
 * KIND report, approve, return or extend; NAME period, progress, problems,
 * next, percent, note, due, or decides (submission or extension: what an
 * approve or return decided).  An older version refuses such a line and
 * leaves the file as it is.  Tab, newline, carriage return and backslash
 * inside a value are written as \t \n \r \\.  BY is the person who made
 * the edit and AS the unit they acted as ("" for a coordinator); in a value
 * line the last three fields are optional (files of older versions lack
 * them).  The next start offers to re-apply the lines (records first, then
 * values) through fg_plan_append, fg_plan_review and fg_plan_set, each only
 * as the person (and unit) who made it: on a signed plan, the person the key
 * is (or the login's own lines made without a key), whose key must allow the
 * edit, and the save signs them.  A line made by someone else, or one that
 * cannot be applied, stays in the file (t->recover_kept) until its author
 * re-applies it.  The file is
 * written through the core's file API (a temporary that never follows a
 * link, then rename).
 */
#include "tui.h"

#include "fengong/cycle.h"
#include "fengong/date.h"
#include "fengong/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

volatile sig_atomic_t tui_got_signal;
volatile sig_atomic_t tui_screen_active;

/* ------------------------------------------------------------------ signals */

static void on_terminate(int sig)
{
	tui_got_signal = sig;
}

static void on_crash(int sig)
{
	if (tui_screen_active) {
		tui_screen_active = 0;
		tui_input_end();
		endwin();
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void tui_signals_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_terminate;
	sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns at once */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
}

void tui_terminate(struct tui *t, int sig)
{
	size_t n = 0;
	bool ok = tui_recover_write(t, &n);
	int err = errno;
	if (tui_screen_active) {
		tui_screen_active = 0;
		tui_input_end();
		endwin();
	}
	if (!ok)
		fprintf(stderr, _("fengong: stopped by signal %d; the unsaved edits could not be written to %s: %s\n"), sig,
			t->recover_path, strerror(err));
	else if (n > 0)
		fprintf(stderr,
			ngettext("fengong: stopped by signal %d; %zu unsaved edit was written to %s; start fengong again to re-apply it.\n",
				 "fengong: stopped by signal %d; %zu unsaved edits were written to %s; start fengong again to re-apply them.\n",
				 n),
			sig, n, t->recover_path);
	fflush(stderr);
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

/* ------------------------------------------------------------------ writing */

char *tui_recover_path(const char *plan)
{
	size_t n = strlen(plan);
	char *s = tui_xmalloc(n + sizeof ".recover");
	memcpy(s, plan, n);
	memcpy(s + n, ".recover", sizeof ".recover");
	return s;
}

static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\\': fputs("\\\\", f); break;
		default: fputc(*s, f); break;
		}
	}
}

/* The assignment behind a touched entry, when its value differs from the
 * last save (or it decided a merge conflict: re-applying the same value
 * decides it again). */
static const struct fg_assignment *unsaved_asg(struct tui *t, const struct tui_touched *e)
{
	const struct fg_measure *m = fg_plan_measure(t->p, e->measure);
	long u = m ? fg_plan_unit_index(t->p, e->unit) : -1;
	const struct fg_assignment *a = u >= 0 ? fg_measure_assignment(m, (size_t)u) : NULL;
	if (a && (a->status != e->orig_status || strcmp(a->note, e->orig_note) != 0 || tui_conflict_decided(t, m, a)))
		return a;
	return NULL;
}

/* A record the recovery file keeps as a line of its own: what a value
 * line cannot say (a report, a request, a coordinator's decision). */
static bool kept_record(const struct fg_record *r)
{
	return r->kind == FG_KIND_REPORT || r->kind == FG_KIND_APPROVE || r->kind == FG_KIND_RETURN ||
	       r->kind == FG_KIND_EXTEND;
}

/* Whether the last edit in effect that moved e's assignment is an approve
 * or return that left it as it is now: its record line re-applies it, and
 * a value line would record the same change twice. */
static bool decided_by_record(const struct tui *t, const struct tui_touched *e, const struct fg_assignment *a)
{
	for (size_t i = fg_plan_dirty(t->p); i-- > 0;) {
		const struct fg_record *r = fg_plan_edit_record(t->p, i);
		if (r->measure != e->measure || strcmp(r->unit ? r->unit : "", e->unit) != 0 || !fg_record_has_status(r))
			continue;
		return (r->kind == FG_KIND_APPROVE || r->kind == FG_KIND_RETURN) && r->to == a->status &&
		       strcmp(r->note ? r->note : "", a->note) == 0;
	}
	return false;
}

/* The assignment a value line is written for, NULL when none. */
static const struct fg_assignment *value_line(struct tui *t, const struct tui_touched *e)
{
	const struct fg_assignment *a = unsaved_asg(t, e);
	return a && !decided_by_record(t, e, a) ? a : NULL;
}

/* How many lines of this session's own edits the file gets. */
static size_t own_lines(struct tui *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->ntouched; i++)
		n += value_line(t, &t->touched[i]) != NULL;
	for (size_t i = 0; i < fg_plan_dirty(t->p); i++)
		n += kept_record(fg_plan_edit_record(t->p, i));
	return n;
}

/* "2026-11-26T20:00:00+08:00" as a time; now when it does not read. */
static time_t iso_time(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	int oh = 0, om = 0;
	if (!s || sscanf(s, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			 &tm.tm_sec) != 6 || strlen(s) < 19)
		return time(NULL);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	const char *z = s + 19;
	long off = 0;
	if ((*z == '+' || *z == '-') && sscanf(z + 1, "%d:%d", &oh, &om) == 2)
		off = (*z == '+' ? 1 : -1) * ((long)oh * 3600 + (long)om * 60);
	return timegm(&tm) - off;
}

static void put_named(FILE *f, const char *name, const char *v)
{
	if (!v || !*v)
		return;
	fprintf(f, "\t%s=", name);
	put_escaped(f, v);
}

/* One record line (the format is in the comment at the top). */
static void put_record(FILE *f, const struct fg_record *r)
{
	fprintf(f, "@%s\t%d\t", fg_record_kind_name(r->kind), r->measure);
	put_escaped(f, r->unit ? r->unit : "");
	fprintf(f, "\t%lld\t", (long long)iso_time(r->at));
	put_escaped(f, r->by ? r->by : "");
	fputc('\t', f);
	put_escaped(f, r->as ? r->as : "");
	put_named(f, "period", r->period);
	put_named(f, "progress", r->progress);
	put_named(f, "problems", r->problems);
	put_named(f, "next", r->next);
	if (r->has_percent)
		fprintf(f, "\tpercent=%d", r->percent);
	if (r->kind == FG_KIND_APPROVE || r->kind == FG_KIND_RETURN)
		fprintf(f, "\tdecides=%s", fg_record_has_status(r) ? "submission" : "extension");
	put_named(f, "due", r->due);
	put_named(f, "note", r->note);
	fputc('\n', f);
}

/* Write `lines` (own edits and kept lines) to the recovery file through the
 * file API, or remove the file when there is nothing to keep.  False with
 * errno set on failure. */
static bool recover_store(struct tui *t, bool own)
{
	size_t n = own ? own_lines(t) : 0;
	if (n == 0 && !t->recover_kept) {
		if (!own && unlink(t->recover_path) != 0 && errno != ENOENT)
			return false;
		return true;
	}
	struct fg_diag d;
	fg_diag_init(&d, t->recover_path);
	struct fg_wfile w;
	if (!fg_wfile_open(&w, t->recover_path, 0, &d)) {
		fg_diag_free(&d);
		errno = w.err ? w.err : EIO;
		return false;
	}
	FILE *f = fg_wfile_stream(&w);
	char at[64];
	fg_iso8601(time(NULL), at, sizeof at);
	fprintf(f, "# fengong recovery file: unsaved edits to %s, written %s.\n", t->g->file, at);
	fprintf(f, "# Start fengong on the plan to re-apply them.  measure\\tunit\\tstatus\\tnote\\ttime\\tby\\tas,\n");
	fprintf(f, "# and @kind\\tmeasure\\tunit\\ttime\\tby\\tas\\tname=value... for reports and decisions\n");
	for (size_t i = 0; own && i < fg_plan_dirty(t->p); i++) {
		const struct fg_record *r = fg_plan_edit_record(t->p, i);
		if (kept_record(r))
			put_record(f, r);
	}
	for (size_t i = 0; own && i < t->ntouched; i++) {
		const struct tui_touched *e = &t->touched[i];
		const struct fg_assignment *a = value_line(t, e);
		if (!a)
			continue;
		fprintf(f, "%d\t", e->measure);
		put_escaped(f, e->unit);
		fprintf(f, "\t%s\t", fg_status_name(a->status));
		put_escaped(f, a->note);
		fprintf(f, "\t%lld\t", (long long)e->at);
		put_escaped(f, t->who.by ? t->who.by : "");
		fputc('\t', f);
		put_escaped(f, t->who.as ? t->who.as : "");
		fputc('\n', f);
	}
	if (t->recover_kept)
		fputs(t->recover_kept, f);
	bool ok = fg_wfile_commit(&w, &d);
	int e = w.err ? w.err : EIO;
	fg_diag_free(&d);
	if (!ok && !fg_wfile_committed(&w)) {
		errno = e;
		return false;
	}
	return true;
}

bool tui_recover_write(struct tui *t, size_t *written)
{
	*written = 0;
	if (!t || !t->p || !t->recover_path)
		return true;
	size_t n = own_lines(t);
	if (n == 0)
		return true; /* kept lines are still in the file: it was never rewritten without them */
	if (!recover_store(t, true))
		return false;
	*written = n;
	return true;
}

void tui_recover_done(struct tui *t)
{
	if (t->recover_applied && t->recover_path) {
		/* what was re-applied is saved (or discarded by the user): only the
		 * lines kept for their authors stay */
		if (recover_store(t, false))
			t->recover_applied = false;
	}
}

/* ------------------------------------------------------------------ reading */

static char *unescape_field(char *s);

struct recover_line {
	int measure;
	char *unit;
	char *status;
	char *note;
	time_t at;
	char *by, *as; /* NULL: the line does not say (an older version's file) */
	char *raw;     /* the line as written, with its line end */
	/* a record line (@KIND): status is NULL */
	bool rec;
	enum fg_record_kind kind;
	char *period, *progress, *problems, *next, *due, *decides;
	int percent;
	bool has_percent;
};

/* The NAME=VALUE fields of a record line into l; false on a name this
 * version does not know (the line is then not understood). */
static bool record_fields(struct recover_line *l, char **fields, int nf)
{
	static const char *const names[] = {"period", "progress", "problems", "next", "due", "decides", "note", "percent"};
	char **slot[] = {&l->period, &l->progress, &l->problems, &l->next, &l->due, &l->decides, &l->note, NULL};
	for (int i = 0; i < nf; i++) {
		char *eq = strchr(fields[i], '=');
		if (!eq)
			return false;
		*eq = 0;
		size_t k = 0;
		while (k < sizeof names / sizeof *names && strcmp(names[k], fields[i]) != 0)
			k++;
		if (k == sizeof names / sizeof *names)
			return false;
		char *v = unescape_field(eq + 1);
		if (!slot[k]) {
			char *end;
			long pc = strtol(v, &end, 10);
			if (*end || end == v || pc < 0 || pc > 100)
				return false;
			l->percent = (int)pc;
			l->has_percent = true;
		} else {
			free(*slot[k]);
			*slot[k] = tui_xstrdup(v);
		}
	}
	return true;
}

static void line_free(struct recover_line *l)
{
	free(l->unit);
	free(l->status);
	free(l->note);
	free(l->by);
	free(l->as);
	free(l->raw);
	free(l->period);
	free(l->progress);
	free(l->problems);
	free(l->next);
	free(l->due);
	free(l->decides);
}

static char *unescape_field(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '\\' && r[1]) {
			r++;
			switch (*r) {
			case 't': *w++ = '\t'; break;
			case 'n': *w++ = '\n'; break;
			case 'r': *w++ = '\r'; break;
			default: *w++ = *r; break;
			}
		} else {
			*w++ = *r;
		}
	}
	*w = 0;
	return s;
}

/* Parse the file; false with *bad_line set on a malformed line, or with
 * *bad_line 0 and errno set when it cannot be read.  Read through the core
 * (a FIFO or a device at the name is refused, never waited on). */
static bool recover_read(const char *path, struct recover_line **out, size_t *nout, size_t *bad_line)
{
	*out = NULL;
	*nout = 0;
	*bad_line = 0;
	char *buf;
	size_t len;
	struct fg_diag d;
	fg_diag_init(&d, path);
	if (!fg_read_file(path, &buf, &len, &d)) {
		fg_diag_free(&d);
		if (!errno)
			errno = EINVAL;
		return false;
	}
	fg_diag_free(&d);
	size_t lineno = 0, n = 0, lcap = 0;
	struct recover_line *v = NULL;
	bool ok = true;
	for (char *line = buf; ok && line < buf + len;) {
		char *eol = memchr(line, '\n', (size_t)(buf + len - line));
		char *next = eol ? eol + 1 : buf + len;
		lineno++;
		char *raw = tui_xmalloc((size_t)(next - line) + 2);
		memcpy(raw, line, (size_t)(next - line));
		raw[next - line] = 0;
		if (!eol)
			strcat(raw, "\n");
		size_t l = eol ? (size_t)(eol - line) : (size_t)(next - line);
		line[l] = 0;
		while (l > 0 && line[l - 1] == '\r')
			line[--l] = 0;
		if (l == 0 || line[0] == '#') {
			free(raw);
			line = next;
			continue;
		}
		char *fields[24] = {0};
		int nf = 0;
		bool rec = line[0] == '@';
		int maxf = rec ? 24 : 7; /* a value line's last field keeps any tab (older files) */
		char *s = line;
		fields[nf++] = s;
		for (; *s && nf < maxf; s++)
			if (*s == '\t') {
				*s = 0;
				fields[nf++] = s + 1;
			}
		enum fg_record_kind kind = FG_KIND_STATUS;
		int f0 = rec ? 1 : 0; /* where the measure is */
		char *end;
		long num = nf > f0 ? strtol(fields[f0], &end, 10) : 0;
		bool good = nf > f0 && !*end && end != fields[f0] && num > 0 && num <= 1000000000;
		if (rec)
			good = good && nf >= 6 && (*s == 0) && fg_record_kind_parse(line + 1, &kind) &&
			       (kind == FG_KIND_REPORT || kind == FG_KIND_APPROVE || kind == FG_KIND_RETURN ||
				kind == FG_KIND_EXTEND);
		else
			good = good && nf >= 4;
		struct recover_line rl;
		memset(&rl, 0, sizeof rl);
		if (good && rec) {
			rl.rec = true;
			rl.kind = kind;
			rl.measure = (int)num;
			rl.unit = tui_xstrdup(unescape_field(fields[2]));
			rl.at = (time_t)strtoll(fields[3], NULL, 10);
			rl.by = tui_xstrdup(unescape_field(fields[4]));
			rl.as = tui_xstrdup(unescape_field(fields[5]));
			good = record_fields(&rl, fields + 6, nf - 6);
			if (good && (kind == FG_KIND_APPROVE || kind == FG_KIND_RETURN))
				good = rl.decides && (strcmp(rl.decides, "submission") == 0 || strcmp(rl.decides, "extension") == 0);
		} else if (good) {
			rl.measure = (int)num;
			rl.unit = tui_xstrdup(unescape_field(fields[1]));
			rl.status = tui_xstrdup(unescape_field(fields[2]));
			rl.note = tui_xstrdup(unescape_field(fields[3]));
			rl.at = nf >= 5 ? (time_t)strtoll(fields[4], NULL, 10) : 0;
			rl.by = nf >= 7 ? tui_xstrdup(unescape_field(fields[5])) : NULL;
			rl.as = nf >= 7 ? tui_xstrdup(unescape_field(fields[6])) : NULL;
		}
		if (!good) {
			line_free(&rl);
			ok = false;
			*bad_line = lineno;
			free(raw);
			break;
		}
		if (n == lcap) {
			lcap = lcap ? lcap * 2 : 16;
			v = tui_xrealloc(v, lcap * sizeof *v);
		}
		v[n] = rl;
		v[n].raw = raw;
		n++;
		line = next;
	}
	free(buf);
	*out = v;
	*nout = n;
	return ok;
}

static void recover_free(struct recover_line *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		line_free(&v[i]);
	free(v);
}

/* Whether this session acts as the person (and unit) who made the line. */
static bool same_author(const struct tui *t, const struct recover_line *l)
{
	if (!l->by)
		return true; /* an older file does not say: the question asked covers it */
	if (t->sign) /* the key's person; the login's own lines made without a key: the key decides what they may be */
		return strcmp(l->by, t->by_name) == 0 || (t->g->by && strcmp(l->by, t->g->by) == 0);
	if (strcmp(l->by, t->who.by ? t->who.by : "") != 0)
		return false;
	const char *mine = t->who.as ? t->who.as : "";
	if (!*l->as || !*mine)
		return !*l->as && !*mine;
	long a = fg_plan_unit_index(t->p, l->as), b = fg_plan_unit_index(t->p, mine);
	return a >= 0 ? a == b : strcmp(l->as, mine) == 0;
}

static void keep_line(struct tui *t, const char *raw)
{
	size_t have = t->recover_kept ? strlen(t->recover_kept) : 0, add = strlen(raw);
	t->recover_kept = tui_xrealloc(t->recover_kept, have + add + 1);
	memcpy(t->recover_kept + have, raw, add + 1);
}

/* Re-apply a record line on a, as this session's actor (on a signed plan,
 * the key's person: a liaison's key cannot approve, nor touch another
 * unit's row).  False with the reason in why or d. */
static bool apply_record(struct tui *t, const struct recover_line *l, struct fg_measure *m, struct fg_assignment *a,
			 char *why, size_t whylen, struct fg_diag *d)
{
	time_t at = l->at ? l->at : time(NULL);
	enum fg_status old_st = a->status;
	char *old_note = tui_xstrdup(a->note);
	bool ok = false;
	if (l->kind == FG_KIND_APPROVE || l->kind == FG_KIND_RETURN) {
		bool ext = strcmp(l->decides, "extension") == 0;
		enum fg_pending pend = fg_asg_pending(a);
		if (t->who.as) /* a liaison (or a liaison's key): fg_plan_review says why not */
			pend = ext ? FG_PENDING_EXTENSION : FG_PENDING_SUBMISSION;
		if (pend != (ext ? FG_PENDING_EXTENSION : FG_PENDING_SUBMISSION))
			tui_snprintf(why, whylen,
				 ext ? _("measure %d's assignment of %s no longer awaits a decision on an extension")
				     : _("measure %d's assignment of %s is no longer submitted for approval"),
				 m->number, a->unit);
		else if (!t->who.as && ext && l->kind == FG_KIND_APPROVE && l->due && strcmp(l->due, a->due_asked) != 0)
			tui_snprintf(why, whylen, _("measure %d's assignment of %s now asks for %s, not %s"), m->number, a->unit,
				 a->due_asked, l->due);
		else {
			enum fg_pending what;
			ok = fg_plan_review(t->p, m, a, l->kind == FG_KIND_APPROVE, l->note, &t->who, at, &what, d);
		}
	} else if (l->kind == FG_KIND_EXTEND && (!l->due || !fg_date_valid(l->due) || !l->note || !*l->note)) {
		tui_snprintf(why, whylen, _("an extension request needs a date (YYYY-MM-DD) and a reason; this one asks for “%s”"),
			 l->due ? l->due : "");
	} else {
		struct fg_record r = {.kind = l->kind, .period = l->period, .progress = l->progress,
				      .problems = l->problems, .next = l->next, .percent = l->percent,
				      .has_percent = l->has_percent, .due = l->due, .note = l->note};
		ok = fg_plan_append(t->p, m, a, &r, &t->who, at, d);
	}
	if (ok && (a->status != old_st || strcmp(a->note, old_note) != 0))
		tui_touch(t, m, a, old_st, old_note, at);
	free(old_note);
	return ok;
}

void tui_recover_offer(struct tui *t)
{
	struct stat st;
	if (!t->recover_path || stat(t->recover_path, &st) != 0)
		return;
	struct recover_line *v;
	size_t n, bad;
	if (!recover_read(t->recover_path, &v, &n, &bad)) {
		if (bad)
			tui_message(t, true, _("%s:%zu: this recovery file line is not understood; the file was left as it is."),
				    t->recover_path, bad);
		else
			tui_message(t, true, _("%s cannot be read (%s); it was left as it is."), t->recover_path,
				    strerror(errno));
		recover_free(v, n);
		return;
	}
	if (n == 0) {
		recover_free(v, n);
		unlink(t->recover_path);
		return;
	}
	/* Lines made by someone else (or as another unit) are theirs to
	 * re-apply: kept in the file, never applied in this session's name. */
	size_t mine = 0, others = 0;
	char other_by[200] = "";
	for (size_t i = 0; i < n; i++) {
		if (same_author(t, &v[i])) {
			mine++;
			continue;
		}
		if (!other_by[0])
			tui_snprintf(other_by, sizeof other_by, "%s%s%s", v[i].by, *v[i].as ? " / " : "", v[i].as);
		keep_line(t, v[i].raw);
		others++;
	}
	if (mine == 0) {
		recover_free(v, n);
		tui_message(t, false,
			    ngettext("%s holds %zu unsaved edit made by %s; it stays there for them to re-apply.",
				     "%s holds %zu unsaved edits made by %s; they stay there for them to re-apply.", others),
			    t->recover_path, others, other_by);
		return;
	}
	char when[64];
	struct tm tm;
	localtime_r(&st.st_mtime, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	char q[1024];
	tui_snprintf(q, sizeof q,
		 ngettext("%s holds %zu unsaved edit from a session that stopped at %s.",
			  "%s holds %zu unsaved edits from a session that stopped at %s.", mine),
		 t->recover_path, mine, when);
	int c = tui_ask(t, q,
			ngettext("Re-apply it? (y/n; n keeps it aside in .recover.old)",
				 "Re-apply them? (y/n; n keeps them aside in .recover.old)", mine),
			"yn");
	if (c != 'y') {
		/* keep this person's lines out of the way, so nothing is lost by a
		 * wrong key; the others' stay in the recovery file */
		size_t plen = strlen(t->recover_path);
		char *old = tui_xmalloc(plen + 8);
		memcpy(old, t->recover_path, plen);
		memcpy(old + plen, ".old", 5);
		struct fg_diag d;
		fg_diag_init(&d, old);
		size_t cap = 256, len = 0;
		char *buf = tui_xmalloc(cap);
		len = (size_t)tui_snprintf(buf, cap, "# fengong recovery file: edits not re-applied, kept aside.\n");
		for (size_t i = 0; i < n; i++) {
			if (!same_author(t, &v[i]))
				continue;
			size_t l = strlen(v[i].raw);
			if (len + l + 1 > cap) {
				cap = (len + l + 1) * 2;
				buf = tui_xrealloc(buf, cap);
			}
			memcpy(buf + len, v[i].raw, l + 1);
			len += l;
		}
		if (fg_write_file(old, buf, len, 0, &d) && !recover_store(t, false))
			fg_diag_add(&d, FG_ERR_IO, 0, 0, "%s", strerror(errno));
		free(buf);
		if (!d.n)
			tui_message(t, false, _("Edits not re-applied; they were kept in %s."), old);
		else
			tui_message(t, true, _("Edits not re-applied; %s could not be moved aside (%s)."), t->recover_path,
				    d.items[0].msg);
		fg_diag_free(&d);
		free(old);
		recover_free(v, n);
		return;
	}
	size_t applied = 0, failed = 0;
	char first_err[600] = "";
	/* records first (the file's order), then values: a value line holds
	 * the assignment's last value, after any decision on it */
	for (size_t k = 0; k < 2 * n; k++) {
		size_t i = k % n;
		if ((k < n) != v[i].rec || !same_author(t, &v[i]))
			continue;
		struct fg_diag d;
		fg_diag_init(&d, t->recover_path);
		struct fg_measure *m = fg_plan_measure(t->p, v[i].measure);
		long u = m ? fg_plan_unit_index(t->p, v[i].unit) : -1;
		struct fg_assignment *a = u >= 0 ? fg_measure_assignment(m, (size_t)u) : NULL;
		enum fg_status s;
		bool ok = false;
		if (!a) {
			if (!first_err[0])
				tui_snprintf(first_err, sizeof first_err, _("measure %d has no assignment of %s any more"),
					 v[i].measure, v[i].unit);
		} else if (v[i].rec) {
			char why[400] = "";
			ok = apply_record(t, &v[i], m, a, why, sizeof why, &d);
			if (!ok && !first_err[0])
				tui_snprintf(first_err, sizeof first_err, "%s", why[0] ? why : d.n ? d.items[0].msg : "?");
		} else if (!fg_status_parse(v[i].status, &s)) {
			if (!first_err[0])
				tui_snprintf(first_err, sizeof first_err, _("unknown status “%s”"), v[i].status);
		} else {
			enum fg_status old_st = a->status;
			char *old_note = tui_xstrdup(a->note);
			time_t at = v[i].at ? v[i].at : time(NULL);
			size_t dirty_before = fg_plan_dirty(t->p);
			if (fg_plan_set(t->p, m, a, s, v[i].note, &t->who, at, &d)) {
				ok = true;
				tui_conflict_track(t, m, a, dirty_before);
				if (a->status != old_st || strcmp(a->note, old_note) != 0 || tui_conflict_decided(t, m, a))
					tui_touch(t, m, a, old_st, old_note, at);
			} else if (!first_err[0] && d.n) {
				tui_snprintf(first_err, sizeof first_err, "%s", d.items[0].msg);
			}
			free(old_note);
		}
		fg_diag_free(&d);
		if (ok) {
			applied++;
		} else {
			failed++;
			keep_line(t, v[i].raw); /* never dropped unapplied */
		}
	}
	recover_free(v, n);
	t->recover_applied = applied > 0;
	tui_model_changed(t);
	if (others)
		tui_message(t, true,
			    _("Re-applied %zu of %zu edits; %zu made by someone else (%s) stay in %s for them to re-apply."),
			    applied, applied + failed + others, others, other_by, t->recover_path);
	else if (failed)
		tui_message(t, true, _("Re-applied %zu of %zu edits; the others failed (%s) and stay in %s. Press w to save."),
			    applied, applied + failed, first_err, t->recover_path);
	else
		tui_message(t, false, ngettext("Re-applied %zu edit from the recovery file; press w to save it.",
					       "Re-applied %zu edits from the recovery file; press w to save them.", applied),
			    applied);
}
