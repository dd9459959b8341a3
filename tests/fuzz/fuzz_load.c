/* libFuzzer harness: load -> emit -> load, and load -> edit -> save -> load.
 *
 * Any input the loader accepts must
 *   1. emit (canonical layout) to text that loads back as an equal model, and
 *   2. take an edit of one assignment through the splicing saver: the save
 *      must succeed (the saver re-parses what it would write and refuses
 *      anything that does not read back as intended: such a refusal here is
 *      a bug) and the file must then load with the edit in place and every
 *      other assignment as it was.
 * A violation aborts, which libFuzzer reports as a crash.  Built by
 * -Dfuzz=true (clang); tests/safety replays the corpus and every
 * regression input through the same function without libFuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fengong/plan.h"

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_load: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

static char scratch_dir[520], scratch_file[600];

static void scratch_remove(void)
{
	unlink(scratch_file);
	rmdir(scratch_dir);
}

static const char *scratch_path(void)
{
	char *path = scratch_file;
	if (!path[0]) {
		const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
		char tmpl[512];
		snprintf(tmpl, sizeof tmpl, "%s/fengong-fuzz.XXXXXX", base);
		if (!mkdtemp(tmpl))
			die("cannot make a scratch directory", base);
		snprintf(scratch_dir, sizeof scratch_dir, "%s", tmpl);
		snprintf(path, sizeof scratch_file, "%s/plan.yaml", tmpl);
		atexit(scratch_remove);
	}
	return path;
}

/* Notes that must survive the saver's choice of style. */
static const char *const notes[] = {
	"no", "off", "null", "1e3", "010", "~", "\"", " leading", "trailing ", "第一行\n第二行", "\x1b[31m红",
	"a: b", "# x", "- x", "'", "", "0x1F", "\xc2\x85", "tab\there", "\\", "---", "[a]", "{b}", "已完成摸底",
};

static void first_problem(struct fg_diag *d, char *buf, size_t len)
{
	if (d->n)
		fg_diag_format(d, 0, buf, len);
	else
		snprintf(buf, len, "(no message)");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fg_diag d;
	char msg[1200], why[300];
	fg_diag_init(&d, "fuzz.yaml");
	struct fg_plan *p = fg_plan_load_buffer("fuzz.yaml", (const char *)data, size, &d);
	fg_diag_free(&d);
	if (!p)
		return 0;

	/* 1. canonical layout round trip */
	size_t len;
	char *text = fg_plan_emit(p, &len);
	fg_diag_init(&d, "emitted.yaml");
	struct fg_plan *q = fg_plan_load_buffer("emitted.yaml", text, len, &d);
	if (!q) {
		first_problem(&d, msg, sizeof msg);
		die("the emitted plan does not load", msg);
	}
	fg_diag_free(&d);
	if (!fg_plan_equal(p, q, why, sizeof why))
		die("the emitted plan loads as a different model", why);
	fg_plan_free(q);
	free(text);

	/* 2. an edit through the splicing saver */
	struct fg_measure *m = NULL;
	for (size_t i = 0; i < p->nmeasures && !m; i++)
		if (p->measures[i].nasg)
			m = &p->measures[i];
	if (m) {
		const char *path = scratch_path();
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
			die("cannot write the scratch file", path);
		fg_diag_init(&d, path);
		struct fg_plan *s = fg_plan_load(path, &d);
		if (!s)
			die("the input loaded from memory but not from a file", NULL);
		if (s->signing == FG_SIGNING_REQUIRED) {
			/* an unsigned edit is refused there by design (tests/sign) */
			fg_plan_free(s);
			fg_diag_free(&d);
			unlink(path);
			fg_plan_free(p);
			return 0;
		}
		size_t k = size % m->nasg;
		struct fg_measure *sm = fg_plan_measure(s, m->number);
		struct fg_assignment *a = &sm->asg[k];
		/* the next status; submitted only where the plan reviews closures */
		enum fg_status st = a->status;
		do
			st = (enum fg_status)((st + 1) % FG_STATUS_COUNT);
		while (st == FG_STATUS_SUBMITTED && !s->review_required);
		const char *note = notes[size % (sizeof notes / sizeof notes[0])];
		struct fg_actor who = {.by = "fuzz"};
		if (!fg_plan_set(s, sm, a, st, note, &who, 1795694400, &d)) {
			first_problem(&d, msg, sizeof msg);
			die("set refused", msg);
		}
		if (!fg_plan_save(s, NULL, &d)) {
			first_problem(&d, msg, sizeof msg);
			die("save failed", msg);
		}
		fg_plan_free(s);
		struct fg_plan *r = fg_plan_load(path, &d);
		if (!r) {
			first_problem(&d, msg, sizeof msg);
			die("the saved file does not load", msg);
		}
		fg_diag_free(&d);
		struct fg_measure *rm = fg_plan_measure(r, m->number);
		if (!rm || rm->nasg != m->nasg)
			die("the saved file lost the measure's assignments", NULL);
		for (size_t i = 0; i < m->nasg; i++) {
			const struct fg_assignment *x = &m->asg[i], *y = &rm->asg[i];
			if (strcmp(x->unit, y->unit) != 0 || x->role != y->role)
				die("an assignment moved", x->unit);
			if (i == k) {
				if (y->status != st || strcmp(y->note, note) != 0)
					die("the edit did not land", x->unit);
			} else if (x->status != y->status || strcmp(x->note, y->note) != 0 ||
				   strcmp(x->updated, y->updated) != 0 || strcmp(x->by, y->by) != 0) {
				die("another assignment changed", x->unit);
			}
		}
		if (r->nhistory != p->nhistory + 1)
			die("the save did not append exactly one history record", NULL);
		fg_plan_free(r);
		unlink(path);
	}
	fg_plan_free(p);
	return 0;
}
