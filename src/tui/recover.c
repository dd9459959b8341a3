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
 *     MEASURE \t UNIT \t STATUS \t NOTE \t UNIX-TIME
 *
 * with tab, newline, carriage return and backslash inside a value written
 * as \t \n \r \\.  The last field is optional.  The next start offers to
 * re-apply the lines through fg_plan_set.
 */
#include "tui.h"

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

bool tui_recover_write(struct tui *t, size_t *written)
{
	*written = 0;
	if (!t || !t->p || !t->recover_path)
		return true;
	/* only assignments whose value differs from the last save */
	size_t n = 0;
	for (size_t i = 0; i < t->ntouched; i++) {
		const struct fg_measure *m = fg_plan_measure(t->p, t->touched[i].measure);
		long u = m ? fg_plan_unit_index(t->p, t->touched[i].unit) : -1;
		const struct fg_assignment *a = u >= 0 ? fg_measure_assignment(m, (size_t)u) : NULL;
		if (a && (a->status != t->touched[i].orig_status || strcmp(a->note, t->touched[i].orig_note) != 0 ||
			  tui_conflict_decided(t, m, a)))
			n++;
	}
	if (n == 0)
		return true;
	size_t plen = strlen(t->recover_path);
	char *tmp = malloc(plen + 8);
	if (!tmp)
		return false;
	memcpy(tmp, t->recover_path, plen);
	memcpy(tmp + plen, ".tmp", 5);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		errno = e;
		return false;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		int e = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		errno = e;
		return false;
	}
	char at[64];
	fg_iso8601(time(NULL), at, sizeof at);
	fprintf(f, "# fengong recovery file: unsaved edits to %s, written %s.\n", t->g->file, at);
	fprintf(f, "# Start fengong on the plan to re-apply them.  measure\\tunit\\tstatus\\tnote\\ttime\n");
	for (size_t i = 0; i < t->ntouched; i++) {
		const struct tui_touched *e = &t->touched[i];
		const struct fg_measure *m = fg_plan_measure(t->p, e->measure);
		long u = m ? fg_plan_unit_index(t->p, e->unit) : -1;
		const struct fg_assignment *a = u >= 0 ? fg_measure_assignment(m, (size_t)u) : NULL;
		/* a merge conflict decided by keeping this side changes no value
		 * but is an edit: re-applying the same value decides it again */
		if (!a || (a->status == e->orig_status && strcmp(a->note, e->orig_note) == 0 && !tui_conflict_decided(t, m, a)))
			continue;
		fprintf(f, "%d\t", e->measure);
		put_escaped(f, e->unit);
		fprintf(f, "\t%s\t", fg_status_name(a->status));
		put_escaped(f, a->note);
		fprintf(f, "\t%lld\n", (long long)e->at);
	}
	bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	int e = errno;
	if (fclose(f) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (ok && rename(tmp, t->recover_path) != 0) {
		ok = false;
		e = errno;
	}
	if (!ok)
		unlink(tmp);
	free(tmp);
	errno = e;
	if (ok)
		*written = n;
	return ok;
}

void tui_recover_done(struct tui *t)
{
	if (t->recover_applied && t->recover_path) {
		unlink(t->recover_path);
		t->recover_applied = false;
	}
}

/* ------------------------------------------------------------------ reading */

struct recover_line {
	int measure;
	char *unit;
	char *status;
	char *note;
	time_t at;
};

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

/* Parse the file; false with *bad_line set on a malformed line. */
static bool recover_read(const char *path, struct recover_line **out, size_t *nout, size_t *bad_line)
{
	FILE *f = fopen(path, "r");
	*out = NULL;
	*nout = 0;
	*bad_line = 0;
	if (!f)
		return false;
	char *line = NULL;
	size_t cap = 0, lineno = 0, n = 0, lcap = 0;
	struct recover_line *v = NULL;
	ssize_t len;
	bool ok = true;
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		if (len == 0 || line[0] == '#')
			continue;
		char *fields[5] = { 0 };
		int nf = 0;
		char *s = line;
		fields[nf++] = s;
		for (; *s && nf < 5; s++)
			if (*s == '\t') {
				*s = 0;
				fields[nf++] = s + 1;
			}
		char *end;
		long num = strtol(fields[0], &end, 10);
		if (nf < 4 || *end || end == fields[0] || num <= 0) {
			ok = false;
			*bad_line = lineno;
			break;
		}
		if (n == lcap) {
			lcap = lcap ? lcap * 2 : 16;
			v = tui_xrealloc(v, lcap * sizeof *v);
		}
		v[n].measure = (int)num;
		v[n].unit = tui_xstrdup(unescape_field(fields[1]));
		v[n].status = tui_xstrdup(unescape_field(fields[2]));
		v[n].note = tui_xstrdup(unescape_field(fields[3]));
		v[n].at = nf >= 5 ? (time_t)strtoll(fields[4], NULL, 10) : 0;
		n++;
	}
	free(line);
	fclose(f);
	*out = v;
	*nout = n;
	return ok;
}

static void recover_free(struct recover_line *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].unit);
		free(v[i].status);
		free(v[i].note);
	}
	free(v);
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
	char when[64];
	struct tm tm;
	localtime_r(&st.st_mtime, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	char q[1024];
	snprintf(q, sizeof q,
		 ngettext("%s holds %zu unsaved edit from a session that stopped at %s.",
			  "%s holds %zu unsaved edits from a session that stopped at %s.", n),
		 t->recover_path, n, when);
	int c = tui_ask(t, q,
			ngettext("Re-apply it? (y/n; n keeps it aside in .recover.old)",
				 "Re-apply them? (y/n; n keeps them aside in .recover.old)", n),
			"yn");
	if (c != 'y') {
		/* keep it, out of the way, so nothing is lost by a wrong key */
		size_t plen = strlen(t->recover_path);
		char *old = tui_xmalloc(plen + 8);
		memcpy(old, t->recover_path, plen);
		memcpy(old + plen, ".old", 5);
		if (rename(t->recover_path, old) == 0)
			tui_message(t, false, _("Edits not re-applied; they were kept in %s."), old);
		else
			tui_message(t, true, _("Edits not re-applied; %s could not be renamed (%s)."), t->recover_path,
				    strerror(errno));
		free(old);
		recover_free(v, n);
		return;
	}
	size_t applied = 0, failed = 0;
	char first_err[600] = "";
	for (size_t i = 0; i < n; i++) {
		struct fg_diag d;
		fg_diag_init(&d, t->recover_path);
		struct fg_measure *m = fg_plan_measure(t->p, v[i].measure);
		long u = m ? fg_plan_unit_index(t->p, v[i].unit) : -1;
		struct fg_assignment *a = u >= 0 ? fg_measure_assignment(m, (size_t)u) : NULL;
		enum fg_status s;
		bool ok = false;
		if (!a) {
			if (!first_err[0])
				snprintf(first_err, sizeof first_err, _("measure %d has no assignment of %s any more"),
					 v[i].measure, v[i].unit);
		} else if (!fg_status_parse(v[i].status, &s)) {
			if (!first_err[0])
				snprintf(first_err, sizeof first_err, _("unknown status “%s”"), v[i].status);
		}
		else {
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
				snprintf(first_err, sizeof first_err, "%s", d.items[0].msg);
			}
			free(old_note);
		}
		fg_diag_free(&d);
		if (ok)
			applied++;
		else
			failed++;
	}
	recover_free(v, n);
	t->recover_applied = true;
	tui_model_changed(t);
	if (failed)
		tui_message(t, true, _("Re-applied %zu of %zu edits; the others failed (%s). Press w to save."), applied,
			    applied + failed, first_err);
	else
		tui_message(t, false, ngettext("Re-applied %zu edit from the recovery file; press w to save it.",
					       "Re-applied %zu edits from the recovery file; press w to save them.", applied),
			    applied);
}
