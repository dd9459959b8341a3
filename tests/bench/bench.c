/* fengong benchmarks (issue 7).
 *
 *   fengong_bench [--dir DIR] [--sizes 18,1000,10000,100000] [--runs R] [--units U] [--per P]
 *
 * For each size N it generates (once, cached in DIR) a plan of N measures,
 * U units and P assignments per measure with gen_plan, then reports medians of:
 *
 *   floor    reading the file and a raw libyaml event parse (no model)
 *   load     fg_plan_load: file -> validated model
 *   save     fg_plan_save after one status change (lock, re-read, splice,
 *            re-parse and compare, write, fsync, rename, fsync dir); the time
 *            spent in fsync is measured separately (fsync is interposed below)
 *   filters  by unit, by status, full-text search, over all measures
 *   TUI      one full 200x60 screen of the measures and matrix views, and
 *            keystrokes (move, page, view switch, filter change) including
 *            the redraw; curses writes to /dev/null (newterm)
 *   TUI work open to first paint (load, start, one paint) against the floor;
 *            rebuilding the rows in each order (o); marking every row of
 *            units holding about 1 000 assignments, one status for all of
 *            them and the save, against the floor; the history view's first
 *            paint on a plan of about 100 000 records (at N = 10 000)
 *   memory   peak RSS of a fresh process that loads (and saves, and draws)
 *            the plan, over the file size
 *
 * Environment: FENGONG_BENCH_SIZES, FENGONG_BENCH_RUNS override the options;
 * FENGONG_BENCH_MAX caps the sizes (e.g. 10000 to skip 100 000).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "fengong/plan.h"
#include "fengong/text.h"
#include "gen_plan.h"
#include "benchlib.h"

#ifdef FG_BENCH_TUI
#include "tui.h"
#endif

extern char **environ;

/* ------------------------------------------------------------ timing */

/* fsync as the core sees it: the executable's definition takes precedence
 * over libc's, so time in fsync during a save is measured exactly. */
static double fsync_seconds;
int fsync(int fd)
{
	double t0 = now_s();
	int r = (int)syscall(SYS_fsync, fd);
	fsync_seconds += now_s() - t0;
	return r;
}

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fengong_bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void die_diag(const char *what, const struct fg_diag *d)
{
	char msg[800] = "no details";
	if (d->n)
		fg_diag_format(d, 0, msg, sizeof msg);
	die("%s: %s", what, msg);
}

static char *read_all(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		die("cannot open %s: %s", path, strerror(errno));
	struct stat st;
	fstat(fd, &st);
	char *buf = malloc((size_t)st.st_size + 1);
	size_t n = 0;
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
		if (r <= 0)
			die("cannot read %s", path);
		n += (size_t)r;
	}
	close(fd);
	buf[n] = 0;
	*len = n;
	return buf;
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	char *buf = read_all(from, &len);
	int fd = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len || close(fd) != 0)
		die("cannot write %s", to);
	free(buf);
}

/* ------------------------------------------------------------ the floor */

/* Read the file and pull every libyaml event; nothing is kept. */
static double floor_once(const char *path, size_t *events)
{
	double t0 = now_s();
	size_t len;
	char *buf = read_all(path, &len);
	yaml_parser_t parser;
	yaml_event_t ev;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	size_t n = 0;
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev))
			die("libyaml cannot parse %s: %s", path, parser.problem);
		n++;
		yaml_event_type_t type = ev.type;
		yaml_event_delete(&ev);
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&parser);
	free(buf);
	double t = now_s() - t0;
	if (events)
		*events = n;
	return t;
}

/* ------------------------------------------------------------ results */

enum metric {
	M_FLOOR,
	M_LOAD,
	M_SAVE,
	M_SAVE_FSYNC,
	M_F_UNIT,
	M_F_STATUS,
	M_F_SEARCH,
	M_F_SEARCH_ASCII,
	M_F_SEARCH_WORD,
	M_DRAW_MEASURES,
	M_DRAW_MATRIX,
	M_KEY_MOVE,
	M_KEY_PAGE,
	M_KEY_MX_MOVE,
	M_KEY_VIEW,
	M_KEY_F_UNIT,
	M_KEY_F_STATUS,
	M_KEY_F_CLEAR,
	M_OPEN_PAINT,
	M_SORT_NUMBER,
	M_SORT_DUE,
	M_SORT_SEVERITY,
	M_SORT_UPDATED,
	M_SORT_UNIT,
	M_BULK,
	M_HISTORY_PAINT,
	M_RSS_LOAD,
	M_RSS_SAVE,
	M_RSS_TUI,
	M_COUNT
};

static const struct {
	const char *name;
	int kind; /* 0 seconds, 1 bytes */
} metric_info[M_COUNT] = {
	[M_FLOOR] = {"floor: read + raw libyaml parse", 0},
	[M_LOAD] = {"load (file -> validated model)", 0},
	[M_SAVE] = {"save after one status change", 0},
	[M_SAVE_FSYNC] = {"  of which fsync (file + dir)", 0},
	[M_F_UNIT] = {"filter by unit (all measures)", 0},
	[M_F_STATUS] = {"filter by status (all measures)", 0},
	[M_F_SEARCH] = {"search \"梁子湖流域\" (all measures)", 0},
	[M_F_SEARCH_ASCII] = {"search \"ai+生命\" (ASCII, any case)", 0},
	[M_F_SEARCH_WORD] = {"search \"gdp\" (letters only, any case)", 0},
	[M_DRAW_MEASURES] = {"draw measures view, full 200x60", 0},
	[M_DRAW_MATRIX] = {"draw matrix view, full 200x60", 0},
	[M_KEY_MOVE] = {"key j (move) + redraw, measures", 0},
	[M_KEY_PAGE] = {"key PgDn + redraw, measures", 0},
	[M_KEY_MX_MOVE] = {"key l/j (move) + redraw, matrix", 0},
	[M_KEY_VIEW] = {"key Tab (switch view) + redraw", 0},
	[M_KEY_F_UNIT] = {"filter change: unit + redraw", 0},
	[M_KEY_F_STATUS] = {"filter change: status + redraw", 0},
	[M_KEY_F_CLEAR] = {"filter change: clear + redraw", 0},
	[M_OPEN_PAINT] = {"open: load + TUI start + first paint", 0},
	[M_SORT_NUMBER] = {"order by measure number (reversed) + rows", 0},
	[M_SORT_DUE] = {"order by due date + rows", 0},
	[M_SORT_SEVERITY] = {"order by status severity + rows", 0},
	[M_SORT_UPDATED] = {"order by last update + rows", 0},
	[M_SORT_UNIT] = {"order by lead unit + rows", 0},
	[M_BULK] = {"mark all + bulk set (~1000 asg) + save", 0},
	[M_HISTORY_PAINT] = {"history view, first paint", 0},
	[M_RSS_LOAD] = {"peak RSS, load", 1},
	[M_RSS_SAVE] = {"peak RSS, load + edit + save", 1},
	[M_RSS_TUI] = {"peak RSS, load + TUI draw", 1},
};

struct result {
	size_t n;
	size_t file_bytes;
	size_t events;
	size_t nasg, nhistory;
	double v[M_COUNT];
	bool have[M_COUNT];
	double ratio_load, ratio_save, ratio_save_nofsync; /* medians of per-run ratios */
	double ratio_open, ratio_bulk;
	size_t nbulk;           /* assignments the bulk set changed */
	size_t history_records; /* records of the plan the history paint used */
};

static void put(struct result *r, enum metric m, double v)
{
	r->v[m] = v;
	r->have[m] = true;
}

/* ------------------------------------------------------------ peak memory */

static long status_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t kl = strlen(key);
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, key, kl) == 0 && line[kl] == ':')
			v = strtol(line + kl + 1, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

static void ensure_plan(const struct gen_opts *o, const char *path);

#ifdef FG_BENCH_TUI
static struct tui *tui_setup(struct fg_plan *p, const char *path);
static void tui_teardown(struct tui *t);
#endif

/* In a fresh process (exec'd, so its peak starts from nothing): do `mode`
 * on the plan and print "peak_kb maxrss_kb base_kb". */
static int rss_child(const char *mode, const char *path)
{
	long base = status_kb("VmHWM");
	if (strcmp(mode, "floor") == 0) { /* for profiling against the others */
		size_t ev;
		floor_once(path, &ev);
		printf("%ld 0 %ld\n", status_kb("VmHWM"), base);
		fflush(stdout);
		_exit(0);
	}
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	if (!p)
		die_diag("load", &d);
	if (strcmp(mode, "save") == 0) {
		struct fg_measure *m = &p->measures[p->nmeasures / 2];
		struct fg_actor who = {.by = "bench"};
		if (!fg_plan_set(p, m, &m->asg[0], (m->asg[0].status + 1) % FG_STATUS_COUNT, "基准测试", &who, time(NULL), &d))
			die_diag("set", &d);
		if (!fg_plan_save(p, NULL, &d))
			die_diag("save", &d);
	} else if (strcmp(mode, "tui") == 0) {
#ifdef FG_BENCH_TUI
		struct tui *t = tui_setup(p, path);
		tui_draw_all(t);
		tui_switch_view(t, TUI_VIEW_MATRIX);
		tui_draw_all(t);
		tui_teardown(t);
#endif
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("%ld %ld %ld\n", status_kb("VmHWM"), ru.ru_maxrss, base);
	fflush(stdout);
	_exit(0);
}

static char self_exe[PATH_MAX];

/* Peak RSS in bytes above the process's own start-up peak. */
static double rss_of(const char *mode, const char *path, long *abs_kb)
{
	int fds[2];
	if (pipe(fds) != 0)
		die("pipe: %s", strerror(errno));
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	char *argv[] = {self_exe, "--rss-child", (char *)mode, (char *)path, NULL};
	pid_t pid;
	int e = posix_spawn(&pid, self_exe, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (e)
		die("spawn: %s", strerror(e));
	char buf[256] = "";
	ssize_t got = read(fds[0], buf, sizeof buf - 1);
	close(fds[0]);
	int st;
	waitpid(pid, &st, 0);
	long hwm = 0, maxrss = 0, base = 0;
	if (got <= 0 || sscanf(buf, "%ld %ld %ld", &hwm, &maxrss, &base) != 3 || !WIFEXITED(st) || WEXITSTATUS(st))
		die("the memory probe (%s) failed", mode);
	/* VmHWM is per address space; ru_maxrss can carry the spawning
	 * process's peak over exec, so the larger is not used blindly. */
	*abs_kb = hwm;
	return (double)(hwm - base) * 1024.0;
}

/* ------------------------------------------------------------ filters */

/* What the TUI does on a filter change: fg_plan_select over the index. */
static size_t filter_pass(const struct fg_plan *p, const struct fg_filter *f)
{
	static size_t *out, cap;
	if (cap < p->nmeasures + 1) {
		cap = p->nmeasures + 1;
		out = realloc(out, cap * sizeof *out);
		if (!out)
			die("out of memory");
	}
	return fg_plan_select(p, f, out);
}

static volatile size_t sink;

static double time_filter_unit(struct fg_plan *p, const char *unit)
{
	double t0 = now_s();
	bool *set = calloc(p->nunits, sizeof *set);
	fg_plan_unit_match(p, unit, set);
	struct fg_filter f;
	fg_filter_init(&f);
	f.units = set;
	sink += filter_pass(p, &f);
	free(set);
	return now_s() - t0;
}

static double time_filter_status(struct fg_plan *p, enum fg_status s)
{
	double t0 = now_s();
	struct fg_filter f;
	fg_filter_init(&f);
	f.status_mask = 1u << s;
	sink += filter_pass(p, &f);
	return now_s() - t0;
}

static double time_search(struct fg_plan *p, const char *text)
{
	double t0 = now_s();
	struct fg_filter f;
	fg_filter_init(&f);
	f.text = text;
	sink += filter_pass(p, &f);
	return now_s() - t0;
}

/* ------------------------------------------------------------ TUI */

#ifdef FG_BENCH_TUI
static SCREEN *bench_screen;
static FILE *bench_out, *bench_in;

static struct app bench_app;

/* tui_init on a 200x60 screen writing to /dev/null, then tui_start as
 * tui_run does before its loop. */
static struct tui *tui_setup(struct fg_plan *p, const char *path)
{
	setenv("LINES", "60", 1);
	setenv("COLUMNS", "200", 1);
	setenv("FENGONG_TODAY", "2026-06-30", 1);
	bench_out = fopen("/dev/null", "w");
	bench_in = fopen("/dev/null", "r");
	bench_screen = newterm("xterm-256color", bench_out, bench_in);
	if (!bench_screen)
		die("newterm(xterm-256color) failed: is the terminfo entry installed?");
	set_term(bench_screen);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	if (LINES != 60 || COLS != 200)
		resizeterm(60, 200);
	memset(&bench_app, 0, sizeof bench_app);
	bench_app.file = path;
	bench_app.by = "bench";
	int rc;
	struct tui *t = tui_init(&bench_app, p, NULL, &rc);
	if (!t)
		die("tui_init failed");
	tui_start(t);
	return t;
}

static void tui_teardown(struct tui *t)
{
	endwin();
	delscreen(bench_screen);
	fclose(bench_out);
	fclose(bench_in);
	tui_free(t);
}

/* A navigation key as the main loop handles it: action lookup, the view's
 * request handler (rebuilding the rows when it asks), then the redraw. */
static double key(struct tui *t, int k)
{
	double t0 = now_s();
	tui_key(t, k);
	tui_draw_all(t);
	return now_s() - t0;
}

static double full_draw(struct tui *t)
{
	double t0 = now_s();
	clearok(curscr, TRUE); /* repaint every cell, as on start-up or Ctrl-L */
	tui_draw_all(t);
	return now_s() - t0;
}

static void bench_tui(struct fg_plan *p, const char *path, struct result *res, int reps)
{
	struct tui *t = tui_setup(p, path);
	double *v = calloc((size_t)reps * 4 + 64, sizeof *v);
	int k;

	full_draw(t);
	for (k = 0; k < reps; k++)
		v[k] = full_draw(t);
	put(res, M_DRAW_MEASURES, median(v, (size_t)k));

	/* j from the top: the rows move within the screen */
	for (k = 0; k < reps; k++)
		v[k] = key(t, k % 40 < 20 ? 'j' : 'k');
	put(res, M_KEY_MOVE, median(v, (size_t)k));
	for (k = 0; k < reps; k++)
		v[k] = key(t, TUI_FN(KEY_NPAGE));
	put(res, M_KEY_PAGE, median(v, (size_t)k));
	key(t, 'g');

	/* Tab: measures -> matrix -> units -> measures */
	for (k = 0; k < reps; k++)
		v[k] = key(t, '\t');
	put(res, M_KEY_VIEW, median(v, (size_t)k));
	while (t->view != TUI_VIEW_MATRIX)
		key(t, '\t');
	full_draw(t);
	for (k = 0; k < reps; k++)
		v[k] = full_draw(t);
	put(res, M_DRAW_MATRIX, median(v, (size_t)k));
	for (k = 0; k < reps; k++)
		v[k] = key(t, (const int[]){'l', 'j', 'h', 'k'}[k % 4]);
	put(res, M_KEY_MX_MOVE, median(v, (size_t)k));

	/* filter changes from the measures view, each followed by a redraw */
	while (t->view != TUI_VIEW_MEASURES)
		key(t, '\t');
	const char *unit = p->nunits > 2 ? p->units[2].name : p->units[0].name;
	int nu = 0, ns = 0, nc = 0;
	double *vu = v, *vs = v + reps, *vc = v + 2 * reps;
	for (k = 0; k < reps; k++) {
		double t0 = now_s();
		tui_set_unit_filter(t, unit);
		tui_draw_all(t);
		vu[nu++] = now_s() - t0;
		t0 = now_s();
		t->f_statuses = 1u << (k % 2 ? FG_STATUS_DELAYED : FG_STATUS_IN_PROGRESS);
		tui_rows_rebuild(t);
		tui_draw_all(t);
		vs[ns++] = now_s() - t0;
		t0 = now_s();
		t->f_statuses = 0;
		tui_set_unit_filter(t, NULL);
		tui_draw_all(t);
		vc[nc++] = now_s() - t0;
	}
	put(res, M_KEY_F_UNIT, median(vu, (size_t)nu));
	put(res, M_KEY_F_STATUS, median(vs, (size_t)ns));
	put(res, M_KEY_F_CLEAR, median(vc, (size_t)nc));

	/* o: each order, the rows rebuilt in it (the order flips each run, so
	 * every run sorts for real) */
	static const enum tui_sort sk[] = { TUI_SORT_NUMBER, TUI_SORT_DUE, TUI_SORT_SEVERITY, TUI_SORT_UPDATED, TUI_SORT_UNIT };
	static const enum metric sm[] = { M_SORT_NUMBER, M_SORT_DUE, M_SORT_SEVERITY, M_SORT_UPDATED, M_SORT_UNIT };
	for (size_t i = 0; i < sizeof sk / sizeof *sk; i++) {
		for (k = 0; k < reps; k++) {
			t->sort = sk[i];
			t->sort_rev = i == 0 ? true : (k % 2) != 0;
			double t0 = now_s();
			tui_rows_rebuild(t);
			v[k] = now_s() - t0;
		}
		put(res, sm[i], median(v, (size_t)k));
	}
	t->sort = TUI_SORT_NUMBER;
	t->sort_rev = false;
	tui_rows_rebuild(t);
	free(v);
	tui_teardown(t);
}

/* Start-up as a user sees it: load, the TUI's start, the first full paint. */
static double open_paint_once(const char *path)
{
	struct fg_diag d;
	fg_diag_init(&d, path);
	double t0 = now_s();
	struct fg_plan *p = fg_plan_load(path, &d);
	if (!p)
		die_diag("load", &d);
	struct tui *t = tui_setup(p, path);
	tui_draw_all(t);
	double dt = now_s() - t0;
	tui_teardown(t);
	fg_plan_free(p);
	fg_diag_free(&d);
	return dt;
}

/* A coordinator's bulk edit: the unit filter set to units holding about
 * 1 000 assignments (not timed), then * (mark every visible row), s (one
 * status for all marked) and w (save), timed together. */
static double bulk_once(const char *path, size_t *changed)
{
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	if (!p)
		die_diag("load for bulk", &d);
	struct tui *t = tui_setup(p, path);
	struct fg_unit_counts *c = fg_plan_unit_counts(p, NULL, NULL);
	size_t len = 1, sum = 0;
	for (size_t u = 0; u < p->nunits && sum < 1000; u++) {
		len += strlen(p->units[u].name) + 1;
		sum += c[u].nasg;
	}
	char *q = calloc(len, 1);
	sum = 0;
	for (size_t u = 0; u < p->nunits && sum < 1000; u++) {
		if (*q)
			strcat(q, "\n");
		strcat(q, p->units[u].name);
		sum += c[u].nasg;
	}
	free(c);
	tui_set_unit_filter(t, q);
	free(q);
	size_t before = fg_plan_dirty(p);
	double t0 = now_s();
	tui_mark_all(t);
	tui_bulk_apply(t, FG_STATUS_BLOCKED, false, NULL);
	*changed = fg_plan_dirty(p) - before;
	if (!tui_save(t))
		die("bulk save failed: %s", t->msg);
	double dt = now_s() - t0;
	tui_teardown(t);
	fg_plan_free(p);
	fg_diag_free(&d);
	return dt;
}

/* The history view's first paint (entering it builds its index) on a plan
 * with about 100 000 records. */
static void bench_history(const char *dir, struct result *res, int reps)
{
	struct gen_opts o;
	gen_opts_default(&o);
	o.measures = 12000;
	o.units = 200;
	o.per_measure = 6;
	o.changed_pct = 100;
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/bench-history-v%d-n%zu-u%zu-a%zu-c%u.yaml", dir, 1, o.measures, o.units,
		 o.per_measure, o.changed_pct);
	ensure_plan(&o, path);
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	if (!p)
		die_diag("load history plan", &d);
	fg_diag_free(&d);
	res->history_records = p->nhistory;
	struct tui *t = tui_setup(p, path);
	double *v = calloc((size_t)reps + 1, sizeof *v);
	int k;
	for (k = 0; k < reps; k++) {
		double t0 = now_s();
		tui_switch_view(t, TUI_VIEW_HISTORY);
		clearok(curscr, TRUE);
		tui_draw_all(t);
		v[k] = now_s() - t0;
		tui_switch_view(t, TUI_VIEW_MEASURES);
	}
	put(res, M_HISTORY_PAINT, median(v, (size_t)k));
	free(v);
	tui_teardown(t);
	fg_plan_free(p);
}
#endif

/* ------------------------------------------------------------ one size */

#define GEN_VERSION 1

static void plan_path(char *out, size_t len, const char *dir, const struct gen_opts *o)
{
	snprintf(out, len, "%s/bench-plan-v%d-n%zu-u%zu-a%zu-s%llu.yaml", dir, GEN_VERSION, o->measures, o->units,
		 o->per_measure, (unsigned long long)o->seed);
}

/* Generate in a child so the generator's memory does not count anywhere. */
static void ensure_plan(const struct gen_opts *o, const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && st.st_size > 0)
		return;
	fprintf(stderr, "generating %s ...\n", path);
	char tmp[PATH_MAX + 16];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	pid_t pid = fork();
	if (pid == 0) {
		char err[1024];
		if (!gen_plan_write(o, tmp, err, sizeof err)) {
			fprintf(stderr, "fengong_bench: %s\n", err);
			_exit(1);
		}
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) || rename(tmp, path) != 0)
		die("generating %s failed", path);
}

static void bench_size(const char *dir, const struct gen_opts *o, int runs, struct result *res)
{
	char path[PATH_MAX];
	plan_path(path, sizeof path, dir, o);
	ensure_plan(o, path);
	{
		/* a plan cached by an older fengong may no longer load: make it again */
		struct fg_diag cd;
		fg_diag_init(&cd, path);
		struct fg_plan *cp = fg_plan_load(path, &cd);
		if (!cp) {
			fprintf(stderr, "the cached %s does not load; generating it again\n", path);
			unlink(path);
			ensure_plan(o, path);
		}
		fg_plan_free(cp);
		fg_diag_free(&cd);
	}
	struct stat st;
	stat(path, &st);
	memset(res, 0, sizeof *res);
	res->n = o->measures;
	res->file_bytes = (size_t)st.st_size;
	fprintf(stderr, "N = %zu: %s, %.1f MB\n", o->measures, path, st.st_size / 1e6);

	/* memory first, in fresh processes */
	char tmpdir[PATH_MAX];
	snprintf(tmpdir, sizeof tmpdir, "%s/bench-save-XXXXXX", dir);
	if (!mkdtemp(tmpdir))
		die("mkdtemp: %s", strerror(errno));
	char work[PATH_MAX + 32];
	snprintf(work, sizeof work, "%s/plan.yaml", tmpdir);
	long abs_kb;
	put(res, M_RSS_LOAD, rss_of("load", path, &abs_kb));
	copy_file(path, work);
	put(res, M_RSS_SAVE, rss_of("save", work, &abs_kb));
#ifdef FG_BENCH_TUI
	put(res, M_RSS_TUI, rss_of("tui", path, &abs_kb));
#endif

	int r;
	/* Floor, load and save runs are interleaved and each ratio is taken
	 * within its run, so that other work on a shared machine slows both
	 * sides of a ratio alike; the medians of times and of ratios are kept. */
	floor_once(path, &res->events); /* warms the page cache */
	copy_file(path, work);
	double *vfl = calloc((size_t)runs + 1, sizeof *vfl), *vld = calloc((size_t)runs + 1, sizeof *vld);
	double *vsv = calloc((size_t)runs + 1, sizeof *vsv), *vfs = calloc((size_t)runs + 1, sizeof *vfs);
	double *rld = calloc((size_t)runs + 1, sizeof *rld), *rsv = calloc((size_t)runs + 1, sizeof *rsv);
	double *rsn = calloc((size_t)runs + 1, sizeof *rsn);
	struct fg_diag d;
	for (r = 0; r < runs; r++) {
		vfl[r] = floor_once(path, NULL);
		fg_diag_init(&d, path);
		double t0 = now_s();
		struct fg_plan *p = fg_plan_load(path, &d);
		vld[r] = now_s() - t0;
		if (!p)
			die_diag("load", &d);
		fg_plan_free(p);
		fg_diag_free(&d);
		rld[r] = vld[r] / vfl[r];

		/* save: load the working copy, change one status, save (the
		 * next run works on the result) */
		double fl = floor_once(work, NULL);
		fg_diag_init(&d, work);
		p = fg_plan_load(work, &d);
		if (!p)
			die_diag("load for save", &d);
		struct fg_measure *m = &p->measures[p->nmeasures / 2];
		struct fg_assignment *a = &m->asg[r % m->nasg];
		struct fg_actor who = {.by = "bench", .as = a->unit};
		if (!fg_plan_set(p, m, a, (a->status + 1) % FG_STATUS_COUNT, "基准测试:改一个状态", &who, time(NULL), &d))
			die_diag("set", &d);
		fsync_seconds = 0;
		t0 = now_s();
		if (!fg_plan_save(p, NULL, &d))
			die_diag("save", &d);
		vsv[r] = now_s() - t0;
		vfs[r] = fsync_seconds;
		rsv[r] = vsv[r] / fl;
		rsn[r] = (vsv[r] - vfs[r]) / fl;
		fg_plan_free(p);
		fg_diag_free(&d);
	}
	put(res, M_FLOOR, median(vfl, (size_t)r));
	put(res, M_LOAD, median(vld, (size_t)r));
	put(res, M_SAVE, median(vsv, (size_t)r));
	put(res, M_SAVE_FSYNC, median(vfs, (size_t)r));
	res->ratio_load = median(rld, (size_t)r);
	res->ratio_save = median(rsv, (size_t)r);
	res->ratio_save_nofsync = median(rsn, (size_t)r);
	free(vfl);
	free(vld);
	free(vsv);
	free(vfs);
	free(rld);
	free(rsv);
	free(rsn);
	unlink(work);
	rmdir(tmpdir);

	/* queries on one loaded plan */
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	if (!p)
		die_diag("load", &d);
	fg_diag_free(&d);
	res->nasg = 0;
	for (size_t i = 0; i < p->nmeasures; i++)
		res->nasg += p->measures[i].nasg;
	res->nhistory = p->nhistory;
	int reps = 31;
	double *q = calloc((size_t)reps * 4 + 64, sizeof *q);
	const char *unit = p->nunits > 2 ? p->units[2].name : p->units[0].name;
	for (r = 0; r < reps; r++)
		q[r] = time_filter_unit(p, unit);
	put(res, M_F_UNIT, median(q, (size_t)r));
	for (r = 0; r < reps; r++)
		q[r] = time_filter_status(p, FG_STATUS_DELAYED);
	put(res, M_F_STATUS, median(q, (size_t)r));
	for (r = 0; r < reps; r++)
		q[r] = time_search(p, "梁子湖流域");
	put(res, M_F_SEARCH, median(q, (size_t)r));
	for (r = 0; r < reps; r++)
		q[r] = time_search(p, "ai+生命");
	put(res, M_F_SEARCH_ASCII, median(q, (size_t)r));
	for (r = 0; r < reps; r++)
		q[r] = time_search(p, "gdp");
	put(res, M_F_SEARCH_WORD, median(q, (size_t)r));
#ifdef FG_BENCH_TUI
	bench_tui(p, path, res, 41);
#endif
	free(q);
	fg_plan_free(p);

#ifdef FG_BENCH_TUI
	/* open to first paint and the bulk edit, each against the floor of
	 * the same run */
	{
		double *vo = calloc((size_t)runs + 1, sizeof *vo), *ro = calloc((size_t)runs + 1, sizeof *ro);
		double *vb = calloc((size_t)runs + 1, sizeof *vb), *rb = calloc((size_t)runs + 1, sizeof *rb);
		char bdir[PATH_MAX];
		snprintf(bdir, sizeof bdir, "%s/bench-bulk-XXXXXX", dir);
		if (!mkdtemp(bdir))
			die("mkdtemp: %s", strerror(errno));
		char bwork[PATH_MAX + 32];
		snprintf(bwork, sizeof bwork, "%s/plan.yaml", bdir);
		for (r = 0; r < runs; r++) {
			double fl = floor_once(path, NULL);
			vo[r] = open_paint_once(path);
			ro[r] = vo[r] / fl;
			copy_file(path, bwork);
			fl = floor_once(bwork, NULL);
			vb[r] = bulk_once(bwork, &res->nbulk);
			rb[r] = vb[r] / fl;
		}
		put(res, M_OPEN_PAINT, median(vo, (size_t)r));
		res->ratio_open = median(ro, (size_t)r);
		put(res, M_BULK, median(vb, (size_t)r));
		res->ratio_bulk = median(rb, (size_t)r);
		free(vo);
		free(ro);
		free(vb);
		free(rb);
		unlink(bwork);
		rmdir(bdir);
	}
	if (o->measures == 10000)
		bench_history(dir, res, 21);
#endif
}

/* ------------------------------------------------------------ report */

static void fmt_time(double s, char *out, size_t len)
{
	if (s >= 1)
		snprintf(out, len, "%.2f s", s);
	else if (s >= 1e-3)
		snprintf(out, len, "%.2f ms", s * 1e3);
	else
		snprintf(out, len, "%.1f µs", s * 1e6);
}

static void fmt_cell(const struct result *r, enum metric m, char *out, size_t len)
{
	if (!r->have[m]) {
		snprintf(out, len, "–");
		return;
	}
	char t[64];
	if (metric_info[m].kind == 1) {
		snprintf(out, len, "%.0f MB (%.2f×)", r->v[m] / 1e6, r->v[m] / (double)r->file_bytes);
		return;
	}
	fmt_time(r->v[m], t, sizeof t);
	if (m == M_LOAD)
		snprintf(out, len, "%s (%.2f×)", t, r->ratio_load);
	else if (m == M_SAVE)
		snprintf(out, len, "%s (%.2f×)", t, r->ratio_save);
	else if (m == M_SAVE_FSYNC)
		snprintf(out, len, "%s (save−fsync %.2f×)", t, r->ratio_save_nofsync);
	else if (m == M_OPEN_PAINT)
		snprintf(out, len, "%s (%.2f×)", t, r->ratio_open);
	else if (m == M_BULK)
		snprintf(out, len, "%s (%.2f×, %zu changed)", t, r->ratio_bulk, r->nbulk);
	else if (m == M_HISTORY_PAINT)
		snprintf(out, len, "%s (%zu records)", t, r->history_records);
	else
		snprintf(out, len, "%s", t);
}

static void report(const struct result *res, size_t nres)
{
	printf("\n| N measures |");
	for (size_t i = 0; i < nres; i++)
		printf(" %zu |", res[i].n);
	printf("\n|---|");
	for (size_t i = 0; i < nres; i++)
		printf("---|");
	printf("\n| assignments / history records |");
	for (size_t i = 0; i < nres; i++)
		printf(" %zu / %zu |", res[i].nasg, res[i].nhistory);
	printf("\n| file size |");
	for (size_t i = 0; i < nres; i++)
		printf(" %.2f MB |", res[i].file_bytes / 1e6);
	printf("\n| libyaml events |");
	for (size_t i = 0; i < nres; i++)
		printf(" %zu |", res[i].events);
	for (int m = 0; m < M_COUNT; m++) {
		bool any = false;
		for (size_t i = 0; i < nres; i++)
			any |= res[i].have[m];
		if (!any)
			continue;
		printf("\n| %s |", metric_info[m].name);
		for (size_t i = 0; i < nres; i++) {
			char c[96];
			fmt_cell(&res[i], (enum metric)m, c, sizeof c);
			printf(" %s |", c);
		}
	}
	printf("\n\nTimes are medians of the runs; (×) is the median of the per-run ratios to the floor\n"
	       "(floor and load/save runs alternate), or for memory the peak over the file size.\n");

	/* growth: time per measure at the largest size over that at 1 000 */
	const struct result *a = NULL, *b = NULL;
	for (size_t i = 0; i < nres; i++) {
		if (res[i].n == 1000)
			a = &res[i];
		if (res[i].n > 1000 && (!b || res[i].n > b->n))
			b = &res[i];
	}
	if (a && b) {
		printf("\nGrowth from %zu to %zu measures (x%.0f); 1.00 = linear, < 1 = better than linear:\n\n", a->n, b->n,
		       (double)b->n / a->n);
		printf("| metric | growth / linear |\n|---|---|\n");
		for (int m = 0; m < M_COUNT; m++) {
			if (!a->have[m] || !b->have[m] || a->v[m] <= 0)
				continue;
			double g = (b->v[m] / a->v[m]) / ((double)b->n / a->n);
			printf("| %s | %.2f |\n", metric_info[m].name, g);
		}
	}

	for (size_t i = 0; i < nres; i++) {
		const struct result *r = &res[i];
		if (r->n != 10000)
			continue;
		printf("\nTargets at %zu measures:\n\n", r->n);
		struct {
			const char *what;
			bool have;
			double v, limit;
			const char *unit;
		} t[] = {
			{"load <= 1.5 x floor", r->have[M_LOAD], r->ratio_load, 1.5, "x"},
			{"save <= 2 x floor", r->have[M_SAVE], r->ratio_save, 2.0, "x"},
			{"save without fsync <= 2 x floor", r->have[M_SAVE], r->ratio_save_nofsync, 2.0, "x"},
			{"filter by unit <= 2 ms", r->have[M_F_UNIT], r->v[M_F_UNIT] * 1e3, 2, "ms"},
			{"filter by status <= 2 ms", r->have[M_F_STATUS], r->v[M_F_STATUS] * 1e3, 2, "ms"},
			{"search (Chinese) <= 2 ms", r->have[M_F_SEARCH], r->v[M_F_SEARCH] * 1e3, 2, "ms"},
			{"search (ASCII) <= 2 ms", r->have[M_F_SEARCH_ASCII], r->v[M_F_SEARCH_ASCII] * 1e3, 2, "ms"},
			{"search (letters only) <= 2 ms", r->have[M_F_SEARCH_WORD], r->v[M_F_SEARCH_WORD] * 1e3, 2, "ms"},
			{"key move + redraw <= 5 ms", r->have[M_KEY_MOVE], r->v[M_KEY_MOVE] * 1e3, 5, "ms"},
			{"key PgDn + redraw <= 5 ms", r->have[M_KEY_PAGE], r->v[M_KEY_PAGE] * 1e3, 5, "ms"},
			{"matrix move + redraw <= 5 ms", r->have[M_KEY_MX_MOVE], r->v[M_KEY_MX_MOVE] * 1e3, 5, "ms"},
			{"view switch + redraw <= 5 ms", r->have[M_KEY_VIEW], r->v[M_KEY_VIEW] * 1e3, 5, "ms"},
			{"unit filter + redraw <= 5 ms", r->have[M_KEY_F_UNIT], r->v[M_KEY_F_UNIT] * 1e3, 5, "ms"},
			{"status filter + redraw <= 5 ms", r->have[M_KEY_F_STATUS], r->v[M_KEY_F_STATUS] * 1e3, 5, "ms"},
			{"clear filter + redraw <= 5 ms", r->have[M_KEY_F_CLEAR], r->v[M_KEY_F_CLEAR] * 1e3, 5, "ms"},
			{"open to first paint <= 1.5 x floor", r->have[M_OPEN_PAINT], r->ratio_open, 1.5, "x"},
			{"order by number <= 5 ms", r->have[M_SORT_NUMBER], r->v[M_SORT_NUMBER] * 1e3, 5, "ms"},
			{"order by due date <= 5 ms", r->have[M_SORT_DUE], r->v[M_SORT_DUE] * 1e3, 5, "ms"},
			{"order by severity <= 5 ms", r->have[M_SORT_SEVERITY], r->v[M_SORT_SEVERITY] * 1e3, 5, "ms"},
			{"order by last update <= 5 ms", r->have[M_SORT_UPDATED], r->v[M_SORT_UPDATED] * 1e3, 5, "ms"},
			{"order by lead unit <= 5 ms", r->have[M_SORT_UNIT], r->v[M_SORT_UNIT] * 1e3, 5, "ms"},
			{"mark all + bulk set + save <= 2 x floor", r->have[M_BULK], r->ratio_bulk, 2, "x"},
			{"history first paint <= 50 ms", r->have[M_HISTORY_PAINT], r->v[M_HISTORY_PAINT] * 1e3, 50, "ms"},
			{"peak RSS (load) <= 4 x file", r->have[M_RSS_LOAD], r->v[M_RSS_LOAD] / r->file_bytes, 4, "x"},
			{"peak RSS (save) <= 4 x file", r->have[M_RSS_SAVE], r->v[M_RSS_SAVE] / r->file_bytes, 4, "x"},
			{"peak RSS (TUI) <= 4 x file", r->have[M_RSS_TUI], r->v[M_RSS_TUI] / r->file_bytes, 4, "x"},
		};
		for (size_t k = 0; k < sizeof t / sizeof *t; k++)
			if (t[k].have)
				printf("- %-34s %7.2f %-2s  %s\n", t[k].what, t[k].v, t[k].unit, t[k].v <= t[k].limit ? "met" : "MISSED");
	}
	fflush(stdout);
}

/* ------------------------------------------------------------ main */

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	fg_text_locale();
	if (argc == 4 && strcmp(argv[1], "--rss-child") == 0)
		return rss_child(argv[2], argv[3]);

	ssize_t sl = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
	if (sl <= 0)
		die("cannot find my own executable");
	self_exe[sl] = 0;

	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	const char *sizes = getenv("FENGONG_BENCH_SIZES") ? getenv("FENGONG_BENCH_SIZES") : "18,1000,10000,100000";
	int runs = getenv("FENGONG_BENCH_RUNS") ? atoi(getenv("FENGONG_BENCH_RUNS")) : 7;
	size_t max = getenv("FENGONG_BENCH_MAX") ? strtoul(getenv("FENGONG_BENCH_MAX"), NULL, 10) : 0;
	struct gen_opts o;
	gen_opts_default(&o);
	o.units = 200;
	o.per_measure = 6;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "--sizes") == 0 && i + 1 < argc)
			sizes = argv[++i];
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--max") == 0 && i + 1 < argc)
			max = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--units") == 0 && i + 1 < argc)
			o.units = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--per") == 0 && i + 1 < argc)
			o.per_measure = strtoul(argv[++i], NULL, 10);
		else {
			fprintf(stderr, "usage: fengong_bench [--dir DIR] [--sizes N,N,...] [--runs R] [--max N] [--units U] [--per P]\n");
			return 2;
		}
	}
	if (runs < 1)
		runs = 1;

	struct result res[16];
	size_t nres = 0;
	char *list = strdup(sizes);
	for (char *tok = strtok(list, ","); tok && nres < 16; tok = strtok(NULL, ",")) {
		o.measures = strtoul(tok, NULL, 10);
		if (!o.measures || (max && o.measures > max))
			continue;
		/* the largest size takes seconds a run: fewer runs */
		int rr = o.measures >= 100000 && runs > 3 ? 3 : runs;
		bench_size(dir, &o, rr, &res[nres++]);
	}
	free(list);
	printf("\n## Summary\n");
	report(res, nres);
	return 0;
}
