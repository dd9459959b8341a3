/* Helpers shared by the unit suites: plans from strings and files, temporary
 * directories, the Check runner.  Header-only so each suite stays one file. */
#ifndef FENGONG_TESTLIB_H
#define FENGONG_TESTLIB_H

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fengong/plan.h"
#include "fengong/text.h"

/* A small valid plan (the same as tests/safety/small.yaml): two measures,
 * three units; 各区人民政府 includes 葛店经开区管委会, 市科技局 has an alias. */
static const char small_plan[] =
	"version: 1\n"
	"plan:\n"
	"  title: 测试方案\n"
	"  number: 测试〔2024〕1号\n"
	"  issuer: 测试办公室\n"
	"  date: 2024-11-07\n"
	"units:\n"
	"  - name: 市科技局\n"
	"    aliases:\n"
	"      - 市科学技术局\n"
	"  - name: 市发改委\n"
	"  - name: 各区人民政府\n"
	"    members:\n"
	"      - 葛店经开区管委会\n"
	"sections:\n"
	"  - id: 二\n"
	"    title: 加快科技创新能力建设\n"
	"measures:\n"
	"  - number: 1\n"
	"    label: (一)\n"
	"    section: 二\n"
	"    title: 统筹推进全域创新\n"
	"    text: 统筹推进全域创新。力争市级以上科技创新平台突破200家。\n"
	"    assignments:\n"
	"      - unit: 市科技局\n"
	"        role: lead\n"
	"        status: not_started\n"
	"        note: \"\"\n"
	"        updated: \"\"\n"
	"        by: \"\"\n"
	"      - unit: 市发改委\n"
	"        role: co\n"
	"        status: not_started\n"
	"        note: \"\"\n"
	"        updated: \"\"\n"
	"        by: \"\"\n"
	"  - number: 2\n"
	"    label: (二)\n"
	"    section: 二\n"
	"    title: 推进关键核心技术攻关\n"
	"    text: 推进关键核心技术攻关。\n"
	"    assignments:\n"
	"      - unit: 市科技局\n"
	"        role: lead\n"
	"        status: not_started\n"
	"        note: \"\"\n"
	"        updated: \"\"\n"
	"        by: \"\"\n"
	"      - unit: 各区人民政府\n"
	"        role: co\n"
	"        status: not_started\n"
	"        note: \"\"\n"
	"        updated: \"\"\n"
	"        by: \"\"\n";

/* malloc that never returns NULL (a test has nothing better to do). */
__attribute__((returns_nonnull, malloc)) static inline void *test_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

/* Load YAML text; fails the test (showing the first problem) when refused. */
static inline struct fg_plan *load_ok(const char *yaml)
{
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	struct fg_plan *p = fg_plan_load_buffer("test.yaml", yaml, strlen(yaml), &d);
	char msg[1200] = "";
	if (!p && d.n)
		fg_diag_format(&d, 0, msg, sizeof msg);
	fg_diag_free(&d);
	ck_assert_msg(p != NULL, "the plan was refused: %s", msg);
	return p;
}

/* Load YAML text that must be refused; returns the first problem formatted. */
static inline void load_refused(const char *yaml, size_t len, char *first, size_t firstlen)
{
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	struct fg_plan *p = fg_plan_load_buffer("test.yaml", yaml, len, &d);
	ck_assert_msg(p == NULL, "a bad plan was accepted");
	ck_assert_uint_ge(d.n, 1);
	fg_diag_format(&d, 0, first, firstlen);
	fg_diag_free(&d);
}

static inline char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s: %s", path, strerror(errno));
	size_t cap = 1 << 16, n = 0;
	char *buf = test_malloc(cap + 1);
	size_t r;
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap)
			buf = realloc(buf, (cap *= 2) + 1);
	}
	fclose(f);
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
}

static inline void write_file(const char *path, const char *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot create %s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	fclose(f);
}

/* A fresh temporary directory; removed by tmpdir_remove. */
static inline char *tmpdir_new(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[512];
	snprintf(tmpl, sizeof tmpl, "%s/fengong-unit.XXXXXX", base && *base ? base : "/tmp");
	char *d = mkdtemp(tmpl);
	ck_assert_msg(d != NULL, "mkdtemp: %s", strerror(errno));
	return strdup(d);
}

static inline int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static inline void tmpdir_remove(char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* Path of name inside dir (static buffer per call site is enough for tests). */
static inline char *path_in(const char *dir, const char *name)
{
	if (!dir || !name)
		abort(); /* a test's own setup failed */
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (!p)
		abort();
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* The assignment of `unit` in measure n, or a failed test. */
static inline struct fg_assignment *asg_of(struct fg_plan *p, int n, const char *unit)
{
	struct fg_measure *m = fg_plan_measure(p, n);
	ck_assert_msg(m != NULL, "no measure %d", n);
	long u = fg_plan_unit_index(p, unit);
	ck_assert_msg(u >= 0, "no unit %s", unit);
	struct fg_assignment *a = fg_measure_assignment(m, (size_t)u);
	ck_assert_msg(a != NULL, "%s is not assigned to measure %d", unit, n);
	return a;
}

/* Run one suite and return the process exit status. */
static inline int run_suite(Suite *s)
{
	fg_text_locale();
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
