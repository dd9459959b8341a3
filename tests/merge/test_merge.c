/* The merge in the core (fengong/merge.h): properties over random edit
 * sequences on two branches, and the cases the merge driver must get right.
 *
 * The plan is the shipped one (FENGONG_TEST_PLAN).  Edits go through
 * fg_plan_set and the normal saver, as `fengong set` does; the merge reads
 * the three files back.  FENGONG_MERGE_ITER sets the number of random
 * rounds per property (default 60), FENGONG_MERGE_SEED the first seed.
 */
#include <check.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fengong/merge.h"
#include "fengong/plan.h"

/* ------------------------------------------------------------ helpers */

static char dir[256];
static char *plan_text;
static size_t plan_len;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	ck_assert(fread(b, 1, (size_t)n, f) == (size_t)n);
	b[n] = 0;
	fclose(f);
	if (len)
		*len = (size_t)n;
	return b;
}

static void spit(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");
	ck_assert(f != NULL);
	ck_assert(fwrite(s, 1, n, f) == n);
	fclose(f);
}

static const char *in_dir(const char *name)
{
	static char buf[8][512];
	static int k;
	k = (k + 1) % 8;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static struct fg_plan *load(const char *path)
{
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	if (!p) {
		char m[800];
		fg_diag_format(&d, 0, m, sizeof m);
		ck_abort_msg("%s does not load: %s", path, m);
	}
	fg_diag_free(&d);
	return p;
}

static struct fg_plan *load_buf(const char *s, size_t n)
{
	struct fg_diag d;
	fg_diag_init(&d, "merged");
	struct fg_plan *p = fg_plan_load_buffer("merged", s, n, &d);
	if (!p) {
		char m[800];
		fg_diag_format(&d, 0, m, sizeof m);
		ck_abort_msg("the merge result does not load: %s", m);
	}
	fg_diag_free(&d);
	return p;
}

static void save(struct fg_plan *p)
{
	struct fg_diag d;
	fg_diag_init(&d, p->path);
	if (!fg_plan_save(p, NULL, &d)) {
		char m[800];
		fg_diag_format(&d, 0, m, sizeof m);
		ck_abort_msg("save failed: %s", m);
	}
	fg_diag_free(&d);
}

static struct fg_assignment *asg(struct fg_plan *p, int measure, const char *unit, struct fg_measure **mp)
{
	struct fg_measure *m = fg_plan_measure(p, measure);
	ck_assert(m != NULL);
	long u = fg_plan_unit_index(p, unit);
	ck_assert(u >= 0);
	struct fg_assignment *a = fg_measure_assignment(m, (size_t)u);
	ck_assert_msg(a != NULL, "measure %d has no %s", measure, unit);
	if (mp)
		*mp = m;
	return a;
}

/* Set and report whether a record was made. */
static bool set(struct fg_plan *p, int measure, const char *unit, enum fg_status st, const char *note, const char *by,
		time_t when)
{
	struct fg_measure *m;
	struct fg_assignment *a = asg(p, measure, unit, &m);
	struct fg_actor who = {.by = by};
	size_t before = fg_plan_dirty(p);
	struct fg_diag d;
	fg_diag_init(&d, "");
	ck_assert(fg_plan_set(p, m, a, st, note, &who, when, &d));
	fg_diag_free(&d);
	return fg_plan_dirty(p) > before;
}

static bool do_merge(const char *b, const char *o, const char *t, struct fg_merge_result *res)
{
	struct fg_plan *pb = load(b), *po = load(o), *pt = load(t);
	struct fg_diag d;
	fg_diag_init(&d, "merge");
	bool ok = fg_merge(pb, po, pt, res, &d);
	fg_diag_free(&d);
	fg_plan_free(pb);
	fg_plan_free(po);
	fg_plan_free(pt);
	return ok;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void setup(void)
{
	snprintf(dir, sizeof dir, "%s/fengong-merge-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert(mkdtemp(dir) != NULL);
	const char *plan = getenv("FENGONG_TEST_PLAN");
	ck_assert_msg(plan != NULL, "FENGONG_TEST_PLAN is not set");
	plan_text = slurp(plan, &plan_len);
}

static void teardown(void)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(plan_text);
}

/* Every (measure, unit) of the shipped plan. */
struct key {
	int measure;
	char unit[96];
};

static size_t all_keys(struct key **out)
{
	struct fg_plan *p = load_buf(plan_text, plan_len);
	size_t n = 0;
	for (size_t i = 0; i < p->nmeasures; i++)
		n += p->measures[i].nasg;
	struct key *k = calloc(n, sizeof *k);
	n = 0;
	for (size_t i = 0; i < p->nmeasures; i++)
		for (size_t j = 0; j < p->measures[i].nasg; j++) {
			k[n].measure = p->measures[i].number;
			snprintf(k[n].unit, sizeof k[n].unit, "%s", p->measures[i].asg[j].unit);
			n++;
		}
	fg_plan_free(p);
	*out = k;
	return n;
}

static uint64_t rng;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}
static size_t pick(size_t n) { return n ? rnd() % n : 0; }

static const char *const notes[] = {
	NULL, "", "已完成摸底", "no", "null", "010", "a: b", "#井号", "多行\n第二行", "  前后空格 ", "\"引号\"",
	"推进中,已召开专题会议3次", "1e3", "- 列表样", "tab\there",
};

static int iterations(void)
{
	const char *e = getenv("FENGONG_MERGE_ITER");
	return e && atoi(e) > 0 ? atoi(e) : 60;
}

static uint64_t first_seed(void)
{
	const char *e = getenv("FENGONG_MERGE_SEED");
	return e && *e ? strtoull(e, NULL, 10) : 20241107;
}

/* Insert `line` before the n-th line starting with "  - number:" in text. */
static char *insert_before_measure(const char *text, int n, const char *line)
{
	const char *p = text;
	for (int k = 0;; k++) {
		p = strstr(p, "\n  - number:");
		ck_assert(p != NULL);
		p++;
		if (k == n)
			break;
	}
	size_t at = (size_t)(p - text), ll = strlen(line), tl = strlen(text);
	char *r = malloc(tl + ll + 1);
	memcpy(r, text, at);
	memcpy(r + at, line, ll);
	memcpy(r + at + ll, p, tl - at + 1);
	return r;
}

/* ------------------------------------------------------------ properties */

/* Disjoint edits: the merge equals applying both edit sets, to the byte. */
START_TEST(prop_disjoint_equals_both)
{
	struct key *keys;
	size_t nkeys = all_keys(&keys);
	int iters = iterations();
	for (int it = 0; it < iters; it++) {
		rng = first_seed() + (uint64_t)it * 7919u;
		for (int w = 0; w < 4; w++)
			rnd();
		time_t t0 = 1764000000 + it * 100000;
		/* a base with or without history of its own, `history: []`, CRLF */
		int variant = (int)pick(4);
		if (variant == 0) {
			spit(in_dir("base.yaml"), plan_text, plan_len);
		} else if (variant == 1) {
			char *v = malloc(plan_len + 32);
			memcpy(v, plan_text, plan_len);
			strcpy(v + plan_len, "history: []\n");
			spit(in_dir("base.yaml"), v, strlen(v));
			free(v);
		} else {
			char *v = malloc(plan_len * 2 + 1);
			size_t n = 0;
			for (size_t i = 0; i < plan_len; i++) {
				if (plan_text[i] == '\n' && variant == 3)
					v[n++] = '\r';
				v[n++] = plan_text[i];
			}
			spit(in_dir("base.yaml"), v, n);
			free(v);
		}
		struct fg_plan *b = load(in_dir("base.yaml"));
		int pre = variant == 2 ? 1 + (int)pick(4) : (int)pick(2);
		for (int k = 0; k < pre; k++) {
			struct key *x = &keys[pick(nkeys)];
			set(b, x->measure, x->unit, (enum fg_status)(1 + pick(4)), "之前", "base", t0 - 1000 + k);
		}
		save(b);
		fg_plan_free(b);
		size_t blen;
		char *btext = slurp(in_dir("base.yaml"), &blen);

		/* hand edits: a comment on each side, in different places */
		bool comments = pick(2);
		int co = (int)pick(9), ct = 9 + (int)pick(9);
		const char *oc = variant == 3 ? "  # 我方的注释\r\n" : "  # 我方的注释\n";
		const char *tc = variant == 3 ? "  # 对方的注释\r\n" : "  # 对方的注释\n";
		char *otext = comments ? insert_before_measure(btext, co, oc) : strdup(btext);
		char *ttext = comments ? insert_before_measure(btext, ct, tc) : strdup(btext);
		char *etext0 = comments ? insert_before_measure(otext, ct, tc) : strdup(btext);
		spit(in_dir("ours.yaml"), otext, strlen(otext));
		spit(in_dir("theirs.yaml"), ttext, strlen(ttext));
		spit(in_dir("expected.yaml"), etext0, strlen(etext0));

		/* which side owns each assignment */
		bool *side = calloc(nkeys, sizeof *side);
		for (size_t k = 0; k < nkeys; k++)
			side[k] = pick(2);
		struct fg_plan *o = load(in_dir("ours.yaml")), *t = load(in_dir("theirs.yaml")),
			       *e = load(in_dir("expected.yaml"));
		int nedits = 1 + (int)pick(30);
		time_t now = t0;
		for (int k = 0; k < nedits; k++) {
			size_t ki = pick(nkeys);
			struct key *x = &keys[ki];
			enum fg_status st = (enum fg_status)pick(FG_STATUS_SUBMITTED) /* submitted needs a plan with review */;
			const char *note = notes[pick(sizeof notes / sizeof *notes)];
			now += 1 + (time_t)pick(3);
			struct fg_plan *s = side[ki] ? t : o;
			const char *by = side[ki] ? "对方" : "我方";
			set(s, x->measure, x->unit, st, note, by, now);
			set(e, x->measure, x->unit, st, note, by, now);
			if (pick(4) == 0)
				save(s);
		}
		save(o);
		save(t);
		save(e);
		fg_plan_free(o);
		fg_plan_free(t);
		fg_plan_free(e);

		struct fg_merge_result res;
		ck_assert_msg(do_merge(in_dir("base.yaml"), in_dir("ours.yaml"), in_dir("theirs.yaml"), &res),
			      "iteration %d: no merge", it);
		ck_assert_msg(res.nconflicts == 0, "iteration %d: %zu conflicts on disjoint edits", it, res.nconflicts);
		size_t elen;
		char *etext = slurp(in_dir("expected.yaml"), &elen);
		struct fg_plan *r = load_buf(res.text, res.len), *x = load(in_dir("expected.yaml"));
		char why[200] = "";
		ck_assert_msg(fg_plan_equal(r, x, why, sizeof why), "iteration %d: merge != both edit sets: %s", it, why);
		struct fg_diag d;
		fg_diag_init(&d, "merged");
		ck_assert_msg(fg_history_verify(r, &d), "iteration %d: the merged history does not verify", it);
		fg_diag_free(&d);
		ck_assert_msg(res.len == elen && memcmp(res.text, etext, elen) == 0,
			      "iteration %d: merged bytes differ from both edit sets saved in turn", it);
		/* and the other way round */
		struct fg_merge_result rev;
		ck_assert(do_merge(in_dir("base.yaml"), in_dir("theirs.yaml"), in_dir("ours.yaml"), &rev));
		struct fg_plan *rr = load_buf(rev.text, rev.len);
		ck_assert_msg(fg_plan_equal(rr, x, why, sizeof why), "iteration %d: THEIRS+OURS != both: %s", it, why);
		fg_plan_free(rr);
		fg_merge_result_free(&rev);
		fg_plan_free(r);
		fg_plan_free(x);
		fg_merge_result_free(&res);
		free(etext);
		free(side);
		free(btext);
		free(otext);
		free(ttext);
		free(etext0);
	}
	free(keys);
}
END_TEST

struct final {
	bool changed;
	enum fg_status st;
	char note[128];
	char updated[40];
	char by[16];
};

static void remember(struct final *f, struct fg_plan *p, int measure, const char *unit)
{
	struct fg_assignment *a = asg(p, measure, unit, NULL);
	f->changed = true;
	f->st = a->status;
	snprintf(f->note, sizeof f->note, "%s", a->note);
	snprintf(f->updated, sizeof f->updated, "%s", a->updated);
	snprintf(f->by, sizeof f->by, "%s", a->by);
}

/* Overlapping edits: nothing is lost.  Every record of both sides is in the
 * merged history, in time order, chained; an assignment changed on one side
 * has that side's state; changed on both to different values, OURS' state
 * and a conflict holding THEIRS'; deciding every conflict with a set and
 * saving gives a plan `fengong check` accepts. */
START_TEST(prop_overlap_nothing_lost)
{
	struct key *keys;
	size_t nkeys = all_keys(&keys);
	size_t few = 12; /* a few assignments, so that both sides hit the same ones */
	int iters = iterations();
	size_t total_conflicts = 0;
	for (int it = 0; it < iters; it++) {
		rng = first_seed() * 31u + (uint64_t)it * 104729u;
		for (int w = 0; w < 4; w++)
			rnd();
		time_t t0 = 1764000000 + it * 100000;
		spit(in_dir("base.yaml"), plan_text, plan_len);
		spit(in_dir("ours.yaml"), plan_text, plan_len);
		spit(in_dir("theirs.yaml"), plan_text, plan_len);
		struct fg_plan *s[2] = {load(in_dir("ours.yaml")), load(in_dir("theirs.yaml"))};
		struct final fin[2][12];
		memset(fin, 0, sizeof fin);
		size_t off = pick(nkeys - few);
		size_t nrec[2] = {0, 0};
		int nedits = 1 + (int)pick(24);
		time_t now = t0;
		for (int k = 0; k < nedits; k++) {
			int sd = (int)pick(2);
			size_t ki = pick(few);
			struct key *x = &keys[off + ki];
			now += 1 + (time_t)pick(2);
			const char *note = notes[pick(4)];
			if (set(s[sd], x->measure, x->unit, (enum fg_status)pick(3), note, sd ? "t" : "o", now))
				nrec[sd]++;
			if (pick(3) == 0)
				save(s[sd]);
		}
		for (int sd = 0; sd < 2; sd++) {
			save(s[sd]);
			for (size_t ki = 0; ki < few; ki++) {
				struct fg_assignment *a = asg(s[sd], keys[off + ki].measure, keys[off + ki].unit, NULL);
				if (*a->updated)
					remember(&fin[sd][ki], s[sd], keys[off + ki].measure, keys[off + ki].unit);
			}
			fg_plan_free(s[sd]);
		}
		struct fg_merge_result res;
		ck_assert_msg(do_merge(in_dir("base.yaml"), in_dir("ours.yaml"), in_dir("theirs.yaml"), &res),
			      "iteration %d: no merge", it);
		struct fg_plan *r = load_buf(res.text, res.len);
		ck_assert_msg(r->nhistory == nrec[0] + nrec[1], "iteration %d: %zu records, expected %zu + %zu", it,
			      r->nhistory, nrec[0], nrec[1]);
		const char *prev = "";
		for (size_t i = 0; i < r->nhistory; i++) {
			char h[65];
			fg_history_hash(&r->history[i], prev, h);
			ck_assert_msg(strcmp(h, r->history[i].hash) == 0, "iteration %d: chain broken at %zu", it, i);
			prev = r->history[i].hash;
			if (i)
				ck_assert_msg(strcmp(r->history[i - 1].at, r->history[i].at) <= 0,
					      "iteration %d: history not in time order at %zu", it, i);
		}
		size_t expect_conflicts = 0;
		for (size_t ki = 0; ki < few; ki++) {
			struct key *x = &keys[off + ki];
			struct fg_assignment *a = asg(r, x->measure, x->unit, NULL);
			const struct fg_conflict *c = fg_plan_conflict_find(r, x->measure, x->unit);
			struct final *fo = &fin[0][ki], *ft = &fin[1][ki];
			if (fo->changed && ft->changed && (fo->st != ft->st || strcmp(fo->note, ft->note) != 0)) {
				expect_conflicts++;
				ck_assert_msg(c != NULL, "iteration %d: no conflict on %d %s", it, x->measure, x->unit);
				ck_assert(a->status == fo->st && strcmp(a->note, fo->note) == 0);
				ck_assert(c->status == ft->st && strcmp(c->note, ft->note) == 0 && strcmp(c->by, ft->by) == 0);
			} else {
				ck_assert_msg(c == NULL, "iteration %d: a conflict where there is none", it);
				const struct final *w = fo->changed ? fo : ft->changed ? ft : NULL;
				if (w)
					ck_assert_msg(a->status == w->st && strcmp(a->note, w->note) == 0,
						      "iteration %d: %d %s has the wrong value", it, x->measure, x->unit);
				if (fo->changed && ft->changed) /* the same value: the later one */
					ck_assert(strcmp(a->updated, strcmp(fo->updated, ft->updated) >= 0 ? fo->updated
													   : ft->updated) == 0);
			}
		}
		ck_assert_msg(fg_plan_nconflicts(r) == expect_conflicts, "iteration %d: %zu conflicts, expected %zu", it,
			      fg_plan_nconflicts(r), expect_conflicts);
		ck_assert(res.new_conflicts == expect_conflicts);
		total_conflicts += expect_conflicts;

		/* the same history the other way round */
		struct fg_merge_result rev;
		ck_assert(do_merge(in_dir("base.yaml"), in_dir("theirs.yaml"), in_dir("ours.yaml"), &rev));
		struct fg_plan *rr = load_buf(rev.text, rev.len);
		ck_assert(rr->nhistory == r->nhistory);
		for (size_t i = 0; i < r->nhistory; i++)
			ck_assert_msg(strcmp(rr->history[i].hash, r->history[i].hash) == 0,
				      "iteration %d: merge(T, O) orders the history differently at %zu", it, i);
		ck_assert(fg_plan_nconflicts(rr) == expect_conflicts);
		fg_plan_free(rr);
		fg_merge_result_free(&rev);

		/* a person decides each conflict; then the plan checks */
		spit(in_dir("merged.yaml"), res.text, res.len);
		fg_plan_free(r);
		r = load(in_dir("merged.yaml"));
		struct fg_diag d;
		fg_diag_init(&d, "merged.yaml");
		ck_assert(fg_history_verify(r, &d) == (expect_conflicts == 0));
		for (size_t i = 0; i < d.n; i++)
			ck_assert(strstr(d.items[i].msg, "unresolved merge conflict") != NULL);
		fg_diag_free(&d);
		size_t decided = 0;
		while (fg_plan_nconflicts(r) > decided) {
			const struct fg_conflict *c = fg_plan_conflict(r, decided++);
			/* half keep what the file has, half take the other side's */
			struct fg_assignment *a = asg(r, c->measure, c->unit, NULL);
			if (decided % 2)
				ck_assert(set(r, c->measure, c->unit, a->status, NULL, "decider", now + 100 + (time_t)decided));
			else
				ck_assert(set(r, c->measure, c->unit, c->status, c->note, "decider", now + 100 + (time_t)decided));
		}
		save(r);
		fg_plan_free(r);
		r = load(in_dir("merged.yaml"));
		fg_diag_init(&d, "merged.yaml");
		bool ok = fg_history_verify(r, &d);
		if (!ok) {
			char m[800];
			fg_diag_format(&d, 0, m, sizeof m);
			ck_abort_msg("iteration %d: after deciding: %s", it, m);
		}
		fg_diag_free(&d);
		ck_assert(fg_plan_nconflicts(r) == 0);
		ck_assert(r->nhistory == nrec[0] + nrec[1] + expect_conflicts);
		size_t ml;
		char *mt = slurp(in_dir("merged.yaml"), &ml);
		ck_assert_msg(strstr(mt, "conflicts:") == NULL, "iteration %d: conflicts block left behind", it);
		free(mt);
		fg_plan_free(r);
		fg_merge_result_free(&res);
	}
	ck_assert_msg(total_conflicts > 0, "the random rounds never made a conflict: the property was not exercised");
	free(keys);
}
END_TEST

/* ------------------------------------------------------------ cases */

static void three(const char *b, const char *o, const char *t)
{
	spit(in_dir("base.yaml"), b, strlen(b));
	spit(in_dir("ours.yaml"), o, strlen(o));
	spit(in_dir("theirs.yaml"), t, strlen(t));
}

static char *replace1(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	ck_assert_msg(p != NULL, "'%s' not found", from);
	size_t a = (size_t)(p - s), fl = strlen(from), tl = strlen(to), sl = strlen(s);
	char *r = malloc(sl - fl + tl + 1);
	memcpy(r, s, a);
	memcpy(r + a, to, tl);
	memcpy(r + a + tl, p + fl, sl - a - fl + 1);
	return r;
}

/* Records within one second: a liaison's earlier edit that both sides have
 * (in different places, after earlier merges) stays before their later edit
 * of the same assignment, whatever the digests; either direction the same. */
START_TEST(same_second_keeps_each_sides_order)
{
	const time_t T = 1764000000;
	char note[32];
	int checked = 0;
	for (int xi = 0; xi < 6; xi++) {
		for (int ai = 0; ai < 6; ai++) {
			/* a: one edit (the merge base); x: another liaison, then a's edit merged in */
			three(plan_text, plan_text, plan_text);
			struct fg_plan *a = load(in_dir("base.yaml")), *x = load(in_dir("ours.yaml"));
			set(a, 1, "市科技局", FG_STATUS_IN_PROGRESS, "a2", "kj", T);
			snprintf(note, sizeof note, "x%d", xi);
			set(x, 4, "市经信局", FG_STATUS_DONE, note, "jx", T);
			save(a);
			save(x);
			fg_plan_free(a);
			fg_plan_free(x);
			spit(in_dir("plan.yaml"), plan_text, strlen(plan_text));
			struct fg_merge_result m1;
			ck_assert(do_merge(in_dir("plan.yaml"), in_dir("ours.yaml"), in_dir("base.yaml"), &m1));
			spit(in_dir("ours.yaml"), m1.text, m1.len);
			fg_merge_result_free(&m1);
			/* theirs: a's second edit of the same assignment, in the same second */
			size_t n;
			char *bt = slurp(in_dir("base.yaml"), &n);
			spit(in_dir("theirs.yaml"), bt, n);
			free(bt);
			struct fg_plan *t = load(in_dir("theirs.yaml"));
			snprintf(note, sizeof note, "a3-%d", ai);
			set(t, 1, "市科技局", FG_STATUS_DONE, note, "kj", T);
			save(t);
			fg_plan_free(t);
			struct fg_merge_result res, rev;
			ck_assert(do_merge(in_dir("base.yaml"), in_dir("ours.yaml"), in_dir("theirs.yaml"), &res));
			ck_assert(do_merge(in_dir("base.yaml"), in_dir("theirs.yaml"), in_dir("ours.yaml"), &rev));
			struct fg_plan *r = load_buf(res.text, res.len), *rr = load_buf(rev.text, rev.len);
			ck_assert_uint_eq(r->nhistory, 3);
			ck_assert_uint_eq(rr->nhistory, 3);
			struct fg_diag d;
			fg_diag_init(&d, "");
			ck_assert_msg(fg_history_verify(r, &d), "x%d a3-%d: the later edit is not last", xi, ai);
			fg_diag_free(&d);
			for (size_t i = 0; i < 3; i++)
				ck_assert_str_eq(r->history[i].hash, rr->history[i].hash);
			fg_plan_free(r);
			fg_plan_free(rr);
			fg_merge_result_free(&res);
			fg_merge_result_free(&rev);
			checked++;
		}
	}
	ck_assert_int_eq(checked, 36);
}
END_TEST

START_TEST(same_value_kept_once)
{
	three(plan_text, plan_text, plan_text);
	struct fg_plan *o = load(in_dir("ours.yaml")), *t = load(in_dir("theirs.yaml"));
	set(o, 3, "市税务局", FG_STATUS_DONE, "已办结", "o", 1764000000);
	set(t, 3, "市税务局", FG_STATUS_DONE, "已办结", "t", 1764000100);
	save(o);
	save(t);
	fg_plan_free(o);
	fg_plan_free(t);
	struct fg_merge_result res;
	ck_assert(do_merge(in_dir("base.yaml"), in_dir("ours.yaml"), in_dir("theirs.yaml"), &res));
	ck_assert_uint_eq(res.nconflicts, 0);
	ck_assert_uint_eq(res.kept_once, 1);
	struct fg_plan *r = load_buf(res.text, res.len);
	struct fg_assignment *a = asg(r, 3, "市税务局", NULL);
	ck_assert_str_eq(a->by, "t"); /* the later of the two */
	ck_assert_uint_eq(r->nhistory, 2);
	struct fg_diag d;
	fg_diag_init(&d, "");
	ck_assert(fg_history_verify(r, &d));
	fg_diag_free(&d);
	fg_plan_free(r);
	fg_merge_result_free(&res);
}
END_TEST

START_TEST(structure_and_comments_both_kept)
{
	/* ours: a comment and a new unit; theirs: a new measure, a changed section title */
	char *o1 = replace1(plan_text, "units:\n", "# 单位名录由市发改委维护\nunits:\n");
	char *o = replace1(o1, "  - name: 市委组织部\n", "  - name: 市委组织部\n  - name: 市审计局 # 新增\n");
	char *t1 = replace1(plan_text, "    title: 加快科技创新能力建设\n", "    title: 加快科技创新能力建设(修订)\n");
	size_t n = strlen(t1);
	const char *m19 = "  - number: 19\n    label: (十九)\n    title: 新增措施\n    text: 新增措施。\n"
			  "    assignments:\n      - unit: 市科技局\n        role: lead\n        status: not_started\n"
			  "        note: \"\"\n        updated: \"\"\n        by: \"\"\n";
	char *t = malloc(n + strlen(m19) + 1);
	memcpy(t, t1, n);
	strcpy(t + n, m19);
	three(plan_text, o, t);
	struct fg_plan *po = load(in_dir("ours.yaml")), *pt = load(in_dir("theirs.yaml"));
	set(po, 1, "市科技局", FG_STATUS_IN_PROGRESS, "我方", "o", 1764000000);
	set(pt, 19, "市科技局", FG_STATUS_DONE, "对方", "t", 1764000001);
	save(po);
	save(pt);
	fg_plan_free(po);
	fg_plan_free(pt);
	struct fg_merge_result res;
	ck_assert(do_merge(in_dir("base.yaml"), in_dir("ours.yaml"), in_dir("theirs.yaml"), &res));
	ck_assert_uint_eq(res.nconflicts, 0);
	ck_assert(strstr(res.text, "# 单位名录由市发改委维护\n") != NULL);
	ck_assert(strstr(res.text, "  - name: 市审计局 # 新增\n") != NULL);
	ck_assert(strstr(res.text, "加快科技创新能力建设(修订)") != NULL);
	struct fg_plan *r = load_buf(res.text, res.len);
	ck_assert_uint_eq(r->nmeasures, 19);
	ck_assert_uint_eq(r->nunits, 30);
	ck_assert_int_eq(asg(r, 19, "市科技局", NULL)->status, FG_STATUS_DONE);
	ck_assert_int_eq(asg(r, 1, "市科技局", NULL)->status, FG_STATUS_IN_PROGRESS);
	ck_assert_uint_eq(r->nhistory, 2);
	fg_plan_free(r);
	fg_merge_result_free(&res);
	free(o1), free(o), free(t1), free(t);
}
END_TEST

START_TEST(units_added_at_one_place_both_kept)
{
	char *o = replace1(plan_text, "  - name: 市委组织部\n", "  - name: 市委组织部\n  - name: 市审计局\n");
	char *t = replace1(plan_text, "  - name: 市委组织部\n", "  - name: 市委组织部\n  - name: 市统计局\n");
	three(plan_text, o, t);
	struct fg_merge_result res;
	ck_assert(do_merge(in_dir("base.yaml"), in_dir("ours.yaml"), in_dir("theirs.yaml"), &res));
	ck_assert_uint_eq(res.nconflicts, 0);
	ck_assert(strstr(res.text, "  - name: 市委组织部\n  - name: 市审计局\n  - name: 市统计局\n") != NULL);
	fg_merge_result_free(&res);
	free(o), free(t);
}
END_TEST

START_TEST(same_lines_changed_is_text_conflict)
{
	char *o = replace1(plan_text, "    title: 统筹推进全域创新\n", "    title: 统筹推进全域创新(甲)\n");
	char *t = replace1(plan_text, "    title: 统筹推进全域创新\n", "    title: 统筹推进全域创新(乙)\n");
	three(plan_text, o, t);
	struct fg_merge_result res;
	ck_assert(do_merge(in_dir("base.yaml"), in_dir("ours.yaml"), in_dir("theirs.yaml"), &res));
	ck_assert_uint_eq(res.nconflicts, 1);
	ck_assert_uint_eq(res.new_text_conflicts, 1);
	struct fg_plan *r = load_buf(res.text, res.len);
	ck_assert_str_eq(fg_plan_measure(r, 1)->title, "统筹推进全域创新(甲)");
	const struct fg_conflict *c = fg_plan_conflict(r, 0);
	ck_assert_int_eq(c->measure, 0);
	ck_assert_str_eq(c->other, "    title: 统筹推进全域创新(乙)");
	ck_assert_str_eq(c->was, "    title: 统筹推进全域创新");
	ck_assert(c->near > 0);
	/* `near` is the line the kept version starts on */
	const char *p = res.text;
	for (unsigned l = 1; l < c->near; l++)
		p = strchr(p, '\n') + 1;
	ck_assert(strncmp(p, "    title: 统筹推进全域创新(甲)\n", strlen("    title: 统筹推进全域创新(甲)\n")) == 0);
	struct fg_diag d;
	fg_diag_init(&d, "");
	ck_assert(!fg_history_verify(r, &d));
	ck_assert_int_eq(d.kind, FG_ERR_CONFLICT);
	fg_diag_free(&d);
	fg_plan_free(r);
	fg_merge_result_free(&res);
	free(o), free(t);
}
END_TEST

START_TEST(same_measure_number_added_twice)
{
	/* both add a measure 19: the union of the lines would number two
	 * measures alike, so the merge falls back and records a conflict */
	const char *m19a = "  - number: 19\n    label: (十九)\n    title: 甲措施\n    text: 甲。\n    assignments: []\n";
	const char *m19b = "  - number: 19\n    label: (十九)\n    title: 乙措施\n    text: 乙。\n    assignments: []\n";
	char *o = malloc(plan_len + strlen(m19a) + 1), *t = malloc(plan_len + strlen(m19b) + 1);
	strcpy(o, plan_text), strcat(o, m19a);
	strcpy(t, plan_text), strcat(t, m19b);
	three(plan_text, o, t);
	struct fg_merge_result res;
	ck_assert(do_merge(in_dir("base.yaml"), in_dir("ours.yaml"), in_dir("theirs.yaml"), &res));
	ck_assert(res.nconflicts >= 1);
	ck_assert(res.level >= 1);
	struct fg_plan *r = load_buf(res.text, res.len);
	ck_assert_str_eq(fg_plan_measure(r, 19)->title, "甲措施");
	ck_assert(strstr(fg_plan_conflict(r, 0)->other, "乙措施") != NULL);
	fg_plan_free(r);
	fg_merge_result_free(&res);
	free(o), free(t);
}
END_TEST

START_TEST(edited_history_is_refused)
{
	three(plan_text, plan_text, plan_text);
	struct fg_plan *o = load(in_dir("ours.yaml")), *t = load(in_dir("theirs.yaml"));
	set(o, 1, "市科技局", FG_STATUS_DONE, "真的", "o", 1764000000);
	set(t, 2, "市科技局", FG_STATUS_DONE, "", "t", 1764000001);
	save(o);
	save(t);
	fg_plan_free(o);
	fg_plan_free(t);
	char *s = slurp(in_dir("ours.yaml"), NULL);
	char *forged = replace1(s, "    note: 真的\n    hash:", "    note: 假的\n    hash:");
	spit(in_dir("ours.yaml"), forged, strlen(forged));
	struct fg_plan *pb = load(in_dir("base.yaml")), *po = load(in_dir("ours.yaml")), *pt = load(in_dir("theirs.yaml"));
	struct fg_diag d;
	fg_diag_init(&d, "");
	struct fg_merge_result res;
	ck_assert(!fg_merge(pb, po, pt, &res, &d));
	ck_assert(d.n == 1 && strstr(d.items[0].msg, "edited by hand") != NULL);
	ck_assert(res.text == NULL);
	fg_diag_free(&d);
	fg_plan_free(pb), fg_plan_free(po), fg_plan_free(pt);
	free(s), free(forged);
}
END_TEST

START_TEST(one_side_unchanged_is_the_other)
{
	char *t = replace1(plan_text, "units:\n", "units: # 注释\n");
	three(plan_text, plan_text, t);
	struct fg_merge_result res;
	ck_assert(do_merge(in_dir("base.yaml"), in_dir("ours.yaml"), in_dir("theirs.yaml"), &res));
	ck_assert(res.len == strlen(t) && memcmp(res.text, t, res.len) == 0);
	fg_merge_result_free(&res);
	free(t);
}
END_TEST

static const char two_conflicts_tail[] =
	"conflicts:\n"
	"  - measure: 3\n"
	"    unit: 市税务局\n"
	"    status: done\n"
	"    note: 对方\n"
	"    updated: 2025-11-25T00:00:00+08:00\n"
	"    by: t\n"
	"  # a comment between entries\n"
	"  - measure: 1\n"
	"    unit: 市科技局\n"
	"    status: blocked\n"
	"    note: \"\"\n"
	"    updated: 2025-11-25T00:00:01+08:00\n"
	"    by: t\n";

START_TEST(conflict_entries_load_emit_resolve)
{
	size_t n = plan_len + sizeof two_conflicts_tail;
	char *s = malloc(n);
	strcpy(s, plan_text);
	strcat(s, two_conflicts_tail);
	spit(in_dir("c.yaml"), s, strlen(s));
	struct fg_plan *p = load(in_dir("c.yaml"));
	ck_assert_uint_eq(fg_plan_nconflicts(p), 2);
	ck_assert(fg_plan_conflict_find(p, 3, "市税务局") != NULL);
	ck_assert(fg_plan_conflict_find(p, 2, "市科技局") == NULL);
	/* canonical emission round-trips */
	size_t len;
	char *canon = fg_plan_emit(p, &len);
	struct fg_plan *q = load_buf(canon, len);
	char why[200];
	ck_assert_msg(fg_plan_equal(p, q, why, sizeof why), "%s", why);
	fg_plan_free(q);
	free(canon);
	/* deciding one removes its entry and nothing else */
	ck_assert(set(p, 3, "市税务局", FG_STATUS_NOT_STARTED, NULL, "me", 1764000000)); /* same value: still a decision */
	save(p);
	fg_plan_free(p);
	char *after = slurp(in_dir("c.yaml"), NULL);
	ck_assert(strstr(after, "unit: 市税务局\n    status: done") == NULL);
	ck_assert(strstr(after, "  # a comment between entries\n  - measure: 1\n") != NULL);
	p = load(in_dir("c.yaml"));
	ck_assert_uint_eq(fg_plan_nconflicts(p), 1);
	ck_assert_uint_eq(p->nhistory, 1);
	ck_assert(set(p, 1, "市科技局", FG_STATUS_BLOCKED, "", "me", 1764000001));
	save(p);
	fg_plan_free(p);
	free(after);
	after = slurp(in_dir("c.yaml"), NULL);
	ck_assert(strstr(after, "conflicts:") == NULL);
	ck_assert(strstr(after, "measure: 1\n    unit: 市科技局\n    status: blocked") == NULL);
	p = load(in_dir("c.yaml"));
	struct fg_diag d;
	fg_diag_init(&d, "");
	ck_assert(fg_history_verify(p, &d));
	fg_diag_free(&d);
	fg_plan_free(p);
	free(after);
	free(s);
}
END_TEST

START_TEST(bad_conflict_entries_refused)
{
	static const char *const bad[] = {
		"conflicts:\n  - measure: 3\n    unit: 市科技局局\n    status: done\n",    /* no such unit */
		"conflicts:\n  - measure: 16\n    unit: 市科技局\n    status: done\n",    /* not assigned */
		"conflicts:\n  - measure: 3\n    unit: 市税务局\n    status: finished\n", /* unknown status */
		"conflicts:\n  - measure: 3\n    unit: 市税务局\n",                     /* no status */
		"conflicts:\n  - was: x\n",                                             /* no other */
		"conflicts:\n  - measure: 3\n    unit: 市税务局\n    status: done\n    colour: red\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *s = malloc(plan_len + strlen(bad[i]) + 1);
		strcpy(s, plan_text);
		strcat(s, bad[i]);
		struct fg_diag d;
		fg_diag_init(&d, "bad");
		struct fg_plan *p = fg_plan_load_buffer("bad", s, strlen(s), &d);
		ck_assert_msg(p == NULL, "case %zu loaded", i);
		ck_assert(d.n >= 1 && d.items[0].line > 740);
		fg_diag_free(&d);
		free(s);
	}
}
END_TEST

START_TEST(empty_value_is_spliced)
{
	/* `note:` with nothing after it is a value, not a missing key */
	char *s = replace1(plan_text, "    assignments:\n      - unit: 市科技局\n        role: lead\n        status: not_started\n        note: \"\"\n",
			   "    assignments:\n      - unit: 市科技局\n        role: lead\n        status: not_started\n        note:\n");
	three(s, s, s);
	struct fg_plan *o = load(in_dir("ours.yaml"));
	set(o, 1, "市科技局", FG_STATUS_DONE, "有了", "o", 1764000000);
	save(o);
	fg_plan_free(o);
	struct fg_plan *t = load(in_dir("theirs.yaml"));
	set(t, 1, "市发改委", FG_STATUS_DONE, "", "t", 1764000001);
	save(t);
	fg_plan_free(t);
	struct fg_merge_result res;
	ck_assert(do_merge(in_dir("base.yaml"), in_dir("ours.yaml"), in_dir("theirs.yaml"), &res));
	struct fg_plan *r = load_buf(res.text, res.len);
	ck_assert_str_eq(asg(r, 1, "市科技局", NULL)->note, "有了");
	ck_assert_int_eq(asg(r, 1, "市发改委", NULL)->status, FG_STATUS_DONE);
	fg_plan_free(r);
	fg_merge_result_free(&res);
	free(s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("merge");
	TCase *tc = tcase_create("properties");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, prop_disjoint_equals_both);
	tcase_add_test(tc, prop_overlap_nothing_lost);
	suite_add_tcase(s, tc);
	tc = tcase_create("cases");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, same_value_kept_once);
	tcase_add_test(tc, structure_and_comments_both_kept);
	tcase_add_test(tc, units_added_at_one_place_both_kept);
	tcase_add_test(tc, same_lines_changed_is_text_conflict);
	tcase_add_test(tc, same_measure_number_added_twice);
	tcase_add_test(tc, edited_history_is_refused);
	tcase_add_test(tc, one_side_unchanged_is_the_other);
	tcase_add_test(tc, conflict_entries_load_emit_resolve);
	tcase_add_test(tc, bad_conflict_entries_refused);
	tcase_add_test(tc, empty_value_is_spliced);
	tcase_add_test(tc, same_second_keeps_each_sides_order);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
