/* Benchmark of the supervision cycle's read-only commands (issue 15):
 * `fengong missing` and `fengong bulletin` on a plan of N measures (default
 * 10 000) with a monthly cycle and a history of progress reports for two
 * months, each against a raw libyaml parse of the same file (read + every
 * event, no model) — the goal is at most 1.5x.  The commands run as the real
 * binary (fork + exec, output to /dev/null), so their time includes process
 * start, loading and verifying nothing more than they do for a user.
 *
 *   bench_cycle --dir DIR --fengong PATH [--measures N] [--runs R]
 *
 * FENGONG_BENCH_KEEP=1 keeps the generated plan (DIR/cycle-N.yaml) for profiling.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "fengong/cycle.h"
#include "fengong/plan.h"
#include "gen_plan.h"
#include "benchlib.h"

static void die(const char *what)
{
	fprintf(stderr, "bench_cycle: %s\n", what);
	exit(1);
}

/* CPU seconds (user + system) of the last floor run and fengong run: on a
 * machine shared with other work they vary much less than wall time. */
static double last_cpu;

/* Read the file and pull every libyaml event. */
static double floor_once(const char *path)
{
	double c0 = cpu_s();
	double t0 = now_s();
	FILE *f = fopen(path, "rb");
	if (!f)
		die("cannot open the plan");
	struct stat st;
	fstat(fileno(f), &st);
	char *buf = malloc((size_t)st.st_size + 1);
	if (!buf || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		die("cannot read the plan");
	fclose(f);
	yaml_parser_t parser;
	yaml_event_t ev;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, (size_t)st.st_size);
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev))
			die("libyaml cannot parse the plan");
		yaml_event_type_t type = ev.type;
		yaml_event_delete(&ev);
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&parser);
	free(buf);
	last_cpu = cpu_s() - c0;
	return now_s() - t0;
}

/* Run fengong with args, stdout to /dev/null; seconds. */
static double run_once(const char *exe, const char *const *args)
{
	double t0 = now_s();
	pid_t pid = fork();
	if (pid < 0)
		die("fork failed");
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		setenv("FENGONG_TODAY", "2026-11-26", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		execv(exe, (char *const *)args);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		die("wait4 failed");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("fengong failed");
	last_cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
		   (double)ru.ru_stime.tv_usec / 1e6;
	return now_s() - t0;
}

/* The generated plan, with a monthly cycle and reports: every third
 * assignment reported for 2026-10, every second for 2026-11. */
static void make_plan(const char *path, size_t measures)
{
	struct gen_opts o;
	gen_opts_default(&o);
	o.measures = measures;
	char err[300];
	if (!gen_plan_write(&o, path, err, sizeof err))
		die(err);
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	if (!p)
		die("the generated plan does not load");
	p->reporting.every = FG_EVERY_MONTH;
	p->reporting.due_day = 25;
	struct fg_actor who = {.by = "bench"};
	size_t k = 0;
	time_t oct = 1792900800, nov = 1795147200; /* 2026-10-20, 2026-11-20 */
	for (size_t i = 0; i < p->nmeasures; i++)
		for (size_t j = 0; j < p->measures[i].nasg; j++, k++) {
			struct fg_measure *m = &p->measures[i];
			if (k % 3 == 0) {
				struct fg_record r = {.kind = FG_KIND_REPORT, .period = "2026-10", .progress = "十月进展",
						      .problems = k % 9 ? "" : "资金缺口"};
				if (!fg_plan_append(p, m, &m->asg[j], &r, &who, oct + (time_t)(k % 600), &d))
					die("append failed");
			}
			if (k % 2 == 0) {
				struct fg_record r = {.kind = FG_KIND_REPORT, .period = "2026-11", .progress = "十一月进展",
						      .percent = (int)(k % 101), .has_percent = true};
				if (!fg_plan_append(p, m, &m->asg[j], &r, &who, nov + (time_t)(k % 600) * 1000, &d))
					die("append failed");
			}
		}
	struct fg_save_opts so = {.canonical = true};
	if (!fg_plan_save(p, &so, &d))
		die("saving the plan with reports failed");
	fg_plan_free(p);
	fg_diag_free(&d);
}

int main(int argc, char **argv)
{
	const char *dir = ".", *exe = NULL;
	size_t measures = 10000;
	int runs = 5;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--dir") == 0)
			dir = argv[i + 1];
		else if (strcmp(argv[i], "--fengong") == 0)
			exe = argv[i + 1];
		else if (strcmp(argv[i], "--measures") == 0)
			measures = (size_t)atol(argv[i + 1]);
		else if (strcmp(argv[i], "--runs") == 0)
			runs = atoi(argv[i + 1]);
	}
	if (getenv("FENGONG_BENCH_RUNS"))
		runs = atoi(getenv("FENGONG_BENCH_RUNS"));
	if (!exe || runs < 1 || measures < 1)
		die("usage: bench_cycle --dir DIR --fengong PATH [--measures N] [--runs R]");
	char path[4096];
	snprintf(path, sizeof path, "%s/cycle-%zu.yaml", dir, measures);
	setenv("TZ", "Asia/Shanghai", 1);
	make_plan(path, measures);
	struct stat st;
	stat(path, &st);
	const char *missing[] = {exe, "-f", path, "missing", "--period", "2026-11", "--format", "tsv", NULL};
	const char *bulletin[] = {exe, "-f", path, "bulletin", "--period", "2026-11", NULL};
	double *fl = malloc(sizeof(double) * (size_t)runs * 2), *mi = malloc(sizeof(double) * (size_t)runs),
	       *bu = malloc(sizeof(double) * (size_t)runs), *rm = malloc(sizeof(double) * (size_t)runs),
	       *rb = malloc(sizeof(double) * (size_t)runs), *cm = malloc(sizeof(double) * (size_t)runs),
	       *cb = malloc(sizeof(double) * (size_t)runs), *cf = malloc(sizeof(double) * (size_t)runs * 2);
	if (!fl || !mi || !bu || !rm || !rb || !cm || !cb || !cf)
		die("out of memory");
	/* interleaved, each ratio against the floor run next to it */
	for (int r = 0; r < runs; r++) {
		double f1 = floor_once(path);
		double c1 = last_cpu;
		mi[r] = run_once(exe, missing);
		cm[r] = last_cpu / c1;
		cf[2 * r] = c1;
		double f2 = floor_once(path);
		double c2 = last_cpu;
		bu[r] = run_once(exe, bulletin);
		cb[r] = last_cpu / c2;
		cf[2 * r + 1] = c2;
		fl[2 * r] = f1;
		fl[2 * r + 1] = f2;
		rm[r] = mi[r] / f1;
		rb[r] = bu[r] / f2;
	}
	double ratio_m = median(rm, (size_t)runs), ratio_b = median(rb, (size_t)runs);
	printf("plan: %zu measures, %.1f MB, reports for 2026-10 and 2026-11; median of %d runs\n", measures,
	       (double)st.st_size / 1e6, runs);
	printf("  floor: read + raw libyaml parse   %8.1f ms\n", median(fl, (size_t)runs * 2) * 1e3);
	printf("  fengong missing --period 2026-11  %8.1f ms  (%.2fx the floor; goal <= 1.5x: %s)\n",
	       median(mi, (size_t)runs) * 1e3, ratio_m, ratio_m <= 1.5 ? "met" : "NOT met");
	printf("  fengong bulletin --period 2026-11 %8.1f ms  (%.2fx the floor; goal <= 1.5x: %s)\n",
	       median(bu, (size_t)runs) * 1e3, ratio_b, ratio_b <= 1.5 ? "met" : "NOT met");
	double load[3] = {0};
	getloadavg(load, 3);
	printf("  CPU time (user + system) against the floor's %.1f ms: missing %.2fx, bulletin %.2fx (load average "
	       "%.2f)\n",
	       median(cf, (size_t)runs * 2) * 1e3, median(cm, (size_t)runs), median(cb, (size_t)runs), load[0]);
	free(fl);
	free(mi);
	free(bu);
	free(rm);
	free(rb);
	free(cm);
	free(cb);
	free(cf);
	if (!getenv("FENGONG_BENCH_KEEP"))
		unlink(path);
	return 0;
}
