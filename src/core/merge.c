/* Three-way merge of plan files, and the conflicts it records
 * (fengong/merge.h, plan/FORMAT.md "conflicts").
 *
 * How a merge is made:
 *  1. Each side's history chain is verified (a hand edit is never re-chained
 *     into respectability).  The records both sides share from the start are
 *     the prefix; after it each side has its own tail.  The tails are united
 *     in time order (a two-way merge that keeps each side's own order; equal
 *     records once) and re-chained on the prefix's last hash.
 *  2. Every assignment both sides have is merged as one unit of status,
 *     note, updated and by against BASE: one side changed → that side; both
 *     the same status and note → once (the later `updated`); both different
 *     → OURS' state stays and THEIRS' becomes a conflict entry.
 *  3. Each of the three files is "neutralised": merged assignment values are
 *     spliced into its own bytes where they differ, its history after the
 *     shared records is replaced by the merged records, its `conflicts:`
 *     block is taken out.  What still differs between the three texts is what
 *     people edited by hand (measures, units, comments...), merged as lines
 *     three-way (Myers diff, diff3 rules).  Lines both sides changed
 *     differently keep OURS' lines and become a text conflict entry.
 *  4. The conflicts block is appended, the result is parsed and compared with
 *     the intended assignments, history and conflicts.  If it does not read
 *     back (two measures numbered alike...), the text merge is redone more
 *     carefully: same-place insertions become conflicts (level 1), then every
 *     line change of THEIRS does (level 2).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "layout.h"
#include "fengong/merge.h"

/* ------------------------------------------------------------ conflicts */

size_t fg_plan_nconflicts(const struct fg_plan *p)
{
	const struct fg_src_layout *lay = p->layout;
	size_t n = 0;
	for (size_t i = 0; lay && i < lay->nconflicts; i++)
		n += !lay->conflicts[i].resolved;
	return n;
}

const struct fg_conflict *fg_plan_conflict(const struct fg_plan *p, size_t i)
{
	const struct fg_src_layout *lay = p->layout;
	for (size_t k = 0; lay && k < lay->nconflicts; k++)
		if (!lay->conflicts[k].resolved && i-- == 0)
			return &lay->conflicts[k];
	return NULL;
}

const struct fg_conflict *fg_plan_conflict_find(const struct fg_plan *p, int measure, const char *unit)
{
	const struct fg_src_layout *lay = p->layout;
	for (size_t k = 0; lay && k < lay->nconflicts; k++) {
		const struct fg_conflict *c = &lay->conflicts[k];
		if (!c->resolved && c->measure > 0 && c->measure == measure && strcmp(c->unit, unit) == 0)
			return c;
	}
	return NULL;
}

/* s shortened to at most max bytes on a character boundary ("…" appended). */
static const char *shorten(const char *s, size_t max, char *buf, size_t len)
{
	size_t n = strlen(s);
	if (n <= max || len < 8)
		return s;
	if (max > len - 4)
		max = len - 4;
	size_t k = max;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	memcpy(buf, s, k);
	memcpy(buf + k, "\xE2\x80\xA6", 4); /* … and NUL */
	return buf;
}

bool fg_conflicts_report(const struct fg_plan *p, struct fg_diag *d)
{
	size_t n = fg_plan_nconflicts(p);
	for (size_t i = 0; i < n; i++) {
		const struct fg_conflict *c = fg_plan_conflict(p, i);
		if (c->measure <= 0) {
			fg_diag_add(d, FG_ERR_CONFLICT, c->line, c->col,
				    FG_N_("unresolved merge conflict: both sides changed the lines near line %u differently; the "
					  "file keeps one side's lines and this entry's `other` holds the other's; edit the file, "
					  "then delete this entry"),
				    c->near);
			continue;
		}
		const struct fg_measure *m = fg_plan_measure(p, c->measure);
		long ui = m ? fg_plan_unit_index(p, c->unit) : -1;
		const struct fg_assignment *a = ui >= 0 ? fg_measure_assignment(m, (size_t)ui) : NULL;
		/* values shortened so that the message fits a problem (320 bytes) whole */
		char b1[40], b2[40], b3[24], b4[24];
		fg_diag_add(d, FG_ERR_CONFLICT, c->line, c->col,
			    FG_N_("unresolved merge conflict on measure %d, %s: here %s \"%s\" (%s), other side %s \"%s\" "
				  "(%s); decide with `fengong set %d %s STATUS --note TEXT`"),
			    c->measure, c->unit, a ? fg_status_name(a->status) : "?",
			    a ? shorten(a->note, 24, b1, sizeof b1) : "", a ? shorten(a->by, 15, b3, sizeof b3) : "",
			    fg_status_name(c->status), shorten(c->note, 24, b2, sizeof b2), shorten(c->by, 15, b4, sizeof b4),
			    c->measure, c->unit);
	}
	return n == 0;
}

bool fg_conflicts_validate(const struct fg_plan *p, struct fg_diag *d)
{
	struct fg_src_layout *lay = p->layout;
	bool ok = true;
	for (size_t k = 0; lay && k < lay->nconflicts; k++) {
		struct fg_conflict *c = &lay->conflicts[k];
		if (c->measure <= 0)
			continue;
		const struct fg_measure *m = fg_plan_measure(p, c->measure);
		long ui = m ? fg_plan_unit_index(p, c->unit) : -1;
		const struct fg_assignment *a = ui >= 0 ? fg_measure_assignment(m, (size_t)ui) : NULL;
		if (!a || strcmp(a->unit, c->unit) != 0) {
			fg_diag_add(d, FG_ERR_INVALID, c->line, c->col,
				    FG_N_("this merge conflict names measure %d's assignment of %s, which the plan does not have; "
				    "delete the entry (or restore the assignment)"),
				    c->measure, c->unit);
			ok = false;
			continue;
		}
		c->unit = a->unit;
	}
	return ok;
}

/* ------------------------------------------------------------ small pieces */

static struct fg_asg_state state_of(const struct fg_assignment *a)
{
	return (struct fg_asg_state){a->status, a->note, a->updated, a->by};
}

static bool st_eq(const struct fg_asg_state *x, const struct fg_asg_state *y)
{
	return x->status == y->status && strcmp(x->note, y->note) == 0 && strcmp(x->updated, y->updated) == 0 &&
	       strcmp(x->by, y->by) == 0;
}

static bool st_value_eq(const struct fg_asg_state *x, const struct fg_asg_state *y)
{
	return x->status == y->status && strcmp(x->note, y->note) == 0;
}

/* The assignment of the unit registered under exactly this name. */
static const struct fg_assignment *find_asg(const struct fg_plan *p, int number, const char *unit)
{
	const struct fg_measure *m = fg_plan_measure(p, number);
	long ui = m ? fg_plan_unit_index(p, unit) : -1;
	const struct fg_assignment *a = ui >= 0 ? fg_measure_assignment(m, (size_t)ui) : NULL;
	return a && strcmp(a->unit, unit) == 0 ? a : NULL;
}

static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

/* ISO-8601 date-time with offset (or Z, or none = UTC) -> seconds since the epoch. */
static bool parse_time(const char *s, long long *out)
{
	int y, mo, d, h, mi, se, n = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &n) != 6 || n == 0)
		return false;
	const char *z = s + n;
	if (*z == '.')
		for (z++; isdigit((unsigned char)*z); z++)
			;
	long off = 0;
	if (*z == 'Z') {
		z++;
	} else if (*z == '+' || *z == '-') {
		int oh, om, k = 0;
		if (sscanf(z + 1, "%2d:%2d%n", &oh, &om, &k) != 2 || k != 5)
			return false;
		off = (oh * 60L + om) * 60L * (*z == '-' ? -1 : 1);
		z += 6;
	}
	if (*z || mo < 1 || mo > 12 || d < 1 || d > 31)
		return false;
	*out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600LL + mi * 60LL + se - off;
	return true;
}

/* <0, 0, >0 as time a is before, equal to, after time b. */
static int time_cmp(const char *a, const char *b)
{
	long long x, y;
	bool px = parse_time(a, &x), py = parse_time(b, &y);
	if (px && py)
		return x < y ? -1 : x > y;
	return strcmp(a, b) < 0 ? -1 : strcmp(a, b) > 0;
}

static bool rec_fields_eq(const struct fg_record *r, const struct fg_record *s)
{
	return fg_record_same(r, s);
}

static bool rec_eq(const struct fg_record *r, const struct fg_record *s)
{
	return rec_fields_eq(r, s) && strcmp(r->hash, s->hash) == 0;
}

/* ------------------------------------------------------------ history */

struct hist {
	struct fg_record *r; /* strings borrowed from the plans; hashes from h */
	char (*h)[65];
	size_t n, fork;
	size_t from_ours, from_theirs;
};

/* Index of the first record whose hash does not chain, or SIZE_MAX. */
static size_t chain_break(const struct fg_plan *p)
{
	const char *prev = "";
	for (size_t i = 0; i < p->nhistory; i++) {
		char h[65];
		fg_history_hash(&p->history[i], prev, h);
		if (strcmp(h, p->history[i].hash) != 0)
			return i;
		prev = p->history[i].hash;
	}
	return SIZE_MAX;
}

struct tagged {
	const struct fg_record *r;
	char digest[65]; /* the record's fields, hashed without a chain */
	size_t idx;      /* its place in its side's tail */
};

static int digest_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tagged *)a)->digest, ((const struct tagged *)b)->digest);
}

/* Place in the other side's tail of the record with this digest, or SIZE_MAX. */
static size_t other_pos(const struct tagged *x, const struct tagged *sorted, size_t n)
{
	const struct tagged *f = n ? bsearch(x, sorted, n, sizeof *sorted, digest_cmp) : NULL;
	return f ? f->idx : SIZE_MAX;
}

static void tag_tail(const struct fg_plan *p, size_t fork, struct tagged *t, struct tagged *sorted, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		t[i].r = &p->history[fork + i];
		fg_history_hash(t[i].r, "", t[i].digest);
		t[i].idx = i;
		sorted[i] = t[i];
	}
	qsort(sorted, n, sizeof *sorted, digest_cmp);
}

/* The union of the two tails: every record once, each side's own order kept
 * (a record both sides have waits until it heads both, so what follows it
 * on either side comes after it: a liaison's later edit of an assignment
 * stays after the earlier one even within one second), otherwise by time,
 * then digest.  The same for merge(O, T) and merge(T, O). */
static void merge_history(const struct fg_plan *o, const struct fg_plan *t, struct hist *H)
{
	size_t fork = 0;
	while (fork < o->nhistory && fork < t->nhistory && rec_eq(&o->history[fork], &t->history[fork]))
		fork++;
	size_t no = o->nhistory - fork, nt = t->nhistory - fork;
	struct tagged *to = fg_xmalloc((no + 1) * sizeof *to), *tt = fg_xmalloc((nt + 1) * sizeof *tt);
	struct tagged *so = fg_xmalloc((no + 1) * sizeof *so), *st = fg_xmalloc((nt + 1) * sizeof *st);
	tag_tail(o, fork, to, so, no);
	tag_tail(t, fork, tt, st, nt);
	size_t *in_t = fg_xmalloc((no + 1) * sizeof *in_t), *in_o = fg_xmalloc((nt + 1) * sizeof *in_o);
	bool *done_o = fg_xcalloc(no + 1, 1), *done_t = fg_xcalloc(nt + 1, 1);
	for (size_t i = 0; i < no; i++)
		in_t[i] = other_pos(&to[i], st, nt);
	for (size_t j = 0; j < nt; j++)
		in_o[j] = other_pos(&tt[j], so, no);
	H->fork = fork;
	H->r = fg_xmalloc((fork + no + nt + 1) * sizeof *H->r);
	H->h = fg_xmalloc((fork + no + nt + 1) * sizeof *H->h);
	for (size_t i = 0; i < fork; i++) {
		H->r[i] = o->history[i];
		snprintf(H->h[i], 65, "%s", o->history[i].hash);
	}
	size_t i = 0, j = 0, k = fork, nft = 0;
	for (;;) {
		while (i < no && done_o[i])
			i++;
		while (j < nt && done_t[j])
			j++;
		if (i == no && j == nt)
			break;
		if (i < no && j < nt && in_t[i] == j) { /* a record both have, heading both */
			done_o[i] = done_t[j] = true;
			H->r[k++] = *to[i].r;
			continue;
		}
		/* free: not on the other side, or its twin there is out already (a side
		 * that holds the same record twice) */
		bool av_o = i < no && (in_t[i] == SIZE_MAX || done_t[in_t[i]]);
		bool av_t = j < nt && (in_o[j] == SIZE_MAX || done_o[in_o[j]]);
		bool take_o;
		if (av_o != av_t) {
			take_o = av_o;
		} else if (i == no || j == nt) {
			take_o = i < no;
		} else { /* both free, or (orders that disagree) both waiting: time, then digest */
			int c = time_cmp(to[i].r->at, tt[j].r->at);
			take_o = c < 0 || (c == 0 && strcmp(to[i].digest, tt[j].digest) < 0);
		}
		if (take_o) {
			done_o[i] = true;
			if (in_t[i] != SIZE_MAX)
				done_t[in_t[i]] = true; /* out of order: only if the two orders disagree */
			H->r[k++] = *to[i].r;
		} else {
			done_t[j] = true;
			if (in_o[j] == SIZE_MAX || done_o[in_o[j]])
				nft++;
			else
				done_o[in_o[j]] = true;
			H->r[k++] = *tt[j].r;
		}
	}
	H->n = k;
	H->from_ours = no;
	H->from_theirs = nft;
	const char *prev = fork ? H->h[fork - 1] : "";
	for (k = fork; k < H->n; k++) {
		fg_history_hash(&H->r[k], prev, H->h[k]);
		prev = H->h[k];
	}
	for (k = 0; k < H->n; k++)
		H->r[k].hash = H->h[k];
	free(to);
	free(tt);
	free(so);
	free(st);
	free(in_t);
	free(in_o);
	free(done_o);
	free(done_t);
}

/* ------------------------------------------------------------ assignments */

struct mstate {
	int measure;
	const char *unit;
	struct fg_asg_state st; /* merged */
};

struct cfl {
	int measure; /* 0: text conflict */
	const char *unit;
	struct fg_asg_state st;
	unsigned near;
	char *was, *other; /* owned (text conflicts made here) or NULL */
	const char *was_c, *other_c;
};

struct cfls {
	struct cfl *c;
	size_t n, cap;
};

static struct cfl *cfl_add(struct cfls *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->c = fg_xrealloc(l->c, l->cap * sizeof *l->c);
	}
	struct cfl *c = &l->c[l->n++];
	memset(c, 0, sizeof *c);
	c->unit = "";
	c->st.note = c->st.updated = c->st.by = "";
	c->was_c = c->other_c = "";
	return c;
}

static void cfls_free(struct cfls *l, size_t from)
{
	for (size_t i = from; i < l->n; i++) {
		free(l->c[i].was);
		free(l->c[i].other);
	}
	l->n = from;
}

static bool cfl_same(const struct cfl *c, const struct fg_conflict *x)
{
	if (c->measure != x->measure)
		return false;
	if (c->measure > 0)
		return strcmp(c->unit, x->unit) == 0 && c->st.status == x->status && strcmp(c->st.note, x->note) == 0 &&
		       strcmp(c->st.updated, x->updated) == 0 && strcmp(c->st.by, x->by) == 0;
	return strcmp(c->was_c, x->was) == 0 && strcmp(c->other_c, x->other) == 0;
}

static bool in_list(const struct fg_plan *p, const struct fg_conflict *x)
{
	for (size_t i = 0; i < fg_plan_nconflicts(p); i++) {
		const struct fg_conflict *y = fg_plan_conflict(p, i);
		if (x->measure == y->measure && strcmp(x->unit, y->unit) == 0 && x->status == y->status &&
		    strcmp(x->note, y->note) == 0 && strcmp(x->updated, y->updated) == 0 && strcmp(x->by, y->by) == 0 &&
		    strcmp(x->was, y->was) == 0 && strcmp(x->other, y->other) == 0)
			return true;
	}
	return false;
}

static void cfl_from(struct cfls *l, const struct fg_conflict *x)
{
	struct cfl *c = cfl_add(l);
	c->measure = x->measure;
	c->unit = x->unit;
	c->st = (struct fg_asg_state){x->status, x->note, x->updated, x->by};
	c->near = x->near;
	c->was_c = x->was;
	c->other_c = x->other;
}

/* Conflicts already recorded: three-way as a set (one resolved on a side is
 * gone, one added on a side stays). */
static void merge_old_conflicts(const struct fg_plan *b, const struct fg_plan *o, const struct fg_plan *t,
				struct cfls *out)
{
	for (size_t i = 0; i < fg_plan_nconflicts(o); i++) {
		const struct fg_conflict *x = fg_plan_conflict(o, i);
		if (!(in_list(b, x) && !in_list(t, x)))
			cfl_from(out, x);
	}
	for (size_t i = 0; i < fg_plan_nconflicts(t); i++) {
		const struct fg_conflict *x = fg_plan_conflict(t, i);
		if (!in_list(b, x) && !in_list(o, x))
			cfl_from(out, x);
	}
}

static void merge_assignments(const struct fg_plan *b, const struct fg_plan *o, const struct fg_plan *t,
			      struct mstate **out, size_t *nout, struct cfls *cf, struct fg_merge_result *res)
{
	size_t cap = 16, n = 0;
	struct mstate *ms = fg_xmalloc(cap * sizeof *ms);
	for (size_t i = 0; i < o->nmeasures; i++) {
		const struct fg_measure *m = &o->measures[i];
		for (size_t k = 0; k < m->nasg; k++) {
			const struct fg_assignment *ao = &m->asg[k];
			const struct fg_assignment *at = find_asg(t, m->number, ao->unit);
			if (!at)
				continue; /* only in OURS: its lines carry it */
			const struct fg_assignment *ab = find_asg(b, m->number, ao->unit);
			struct fg_asg_state so = state_of(ao), st = state_of(at), sb;
			if (ab)
				sb = state_of(ab);
			bool co = !ab || !st_eq(&sb, &so), ct = !ab || !st_eq(&sb, &st);
			struct fg_asg_state r = so;
			if (!ct || st_eq(&so, &st)) {
				r = so;
			} else if (!co) {
				r = st;
				res->taken_theirs++;
			} else if (st_value_eq(&so, &st)) {
				r = time_cmp(st.updated, so.updated) > 0 ? st : so;
				res->kept_once++;
			} else {
				bool known = false; /* the same conflict may be recorded already */
				for (size_t c = 0; c < cf->n; c++)
					if (cf->c[c].measure == m->number && strcmp(cf->c[c].unit, ao->unit) == 0 &&
					    st_eq(&cf->c[c].st, &st))
						known = true;
				if (!known) {
					struct cfl *c = cfl_add(cf);
					c->measure = m->number;
					c->unit = ao->unit;
					c->st = st;
					res->new_conflicts++;
				}
			}
			if (n == cap)
				ms = fg_xrealloc(ms, (cap *= 2) * sizeof *ms);
			ms[n++] = (struct mstate){m->number, ao->unit, r};
		}
	}
	*out = ms;
	*nout = n;
}

/* ------------------------------------------------------------ neutralising */

static size_t line_start(const struct fg_plan *p, unsigned line)
{
	size_t i = 0;
	for (unsigned l = 1; l < line && i < p->srclen; i++)
		if (p->src[i] == '\n')
			l++;
	return i;
}

static void records_text(struct fg_buf *b, const struct hist *H, size_t from, unsigned indent, const char *nl,
			 bool lead_nl)
{
	for (size_t i = from; i < H->n; i++) {
		if (lead_nl || i > from)
			fg_buf_adds(b, nl);
		fg_emit_record(b, (int)indent, &H->r[i], nl);
	}
}

/* p's bytes with the merged values, the merged history and no conflicts. */
static char *neutralise(const struct fg_plan *p, const struct mstate *ms, size_t nms, const struct hist *H,
			size_t *outlen)
{
	const struct fg_src_layout *lay = p->layout;
	const char *nl = lay->nl ? lay->nl : "\n";
	struct fg_splice s = {0};
	for (size_t i = 0; i < nms; i++) {
		const struct fg_assignment *a = find_asg(p, ms[i].measure, ms[i].unit);
		if (!a)
			continue;
		const struct fg_asg_state *w = &ms[i].st;
		if (a->status != w->status)
			fg_splice_value(&s, p, a, &a->src.status, "status", fg_status_name(w->status));
		if (strcmp(a->note, w->note) != 0)
			fg_splice_value(&s, p, a, &a->src.note, "note", w->note);
		if (strcmp(a->updated, w->updated) != 0)
			fg_splice_value(&s, p, a, &a->src.updated, "updated", w->updated);
		if (strcmp(a->by, w->by) != 0)
			fg_splice_value(&s, p, a, &a->src.by, "by", w->by);
	}

	size_t k = 0;
	while (k < p->nhistory && k < H->n && rec_eq(&p->history[k], &H->r[k]))
		k++;
	if (k != p->nhistory || k != H->n) {
		unsigned indent = lay->history_indent ? lay->history_indent : 4;
		struct fg_buf b = {0};
		if (!lay->has_history) {
			if (!lay->final_newline)
				fg_buf_adds(&b, nl);
			fg_buf_adds(&b, "history:");
			records_text(&b, H, 0, indent, nl, true);
			fg_buf_adds(&b, nl);
			fg_splice_add(&s, p->srclen, p->srclen, b.data);
		} else if (lay->history_flow || lay->history_empty) {
			size_t start = lay->history_start;
			if (H->n) { /* as the saver writes it: "history:" + records, no blank after the colon */
				records_text(&b, H, 0, indent, nl, true);
				while (start > 0 && (p->src[start - 1] == ' ' || p->src[start - 1] == '\t'))
					start--;
			} else {
				fg_buf_adds(&b, "[]");
			}
			fg_splice_add(&s, start, lay->history_end, b.data);
		} else if (k < p->nhistory) {
			records_text(&b, H, k, indent, nl, false);
			if (!b.data)
				fg_buf_add(&b, "", 0);
			fg_splice_add(&s, line_start(p, p->history[k].line), lay->history_end, b.data);
		} else {
			records_text(&b, H, k, indent, nl, true);
			fg_splice_add(&s, lay->history_end, lay->history_end, b.data);
		}
	}
	if (lay->has_conflicts)
		fg_splice_add(&s, lay->conflicts_start, lay->conflicts_end, fg_xstrdup(""));

	return fg_splice_apply(&s, p->src, p->srclen, outlen);
}

/* ------------------------------------------------------------ line diff */

struct line {
	const char *s;
	size_t n;
	uint64_t h;
};

struct text {
	struct line *l;
	size_t n;
};

static void split_lines(const char *buf, size_t len, struct text *t)
{
	size_t cap = 64;
	t->l = fg_xmalloc(cap * sizeof *t->l);
	t->n = 0;
	size_t i = 0;
	while (i < len) {
		const char *e = memchr(buf + i, '\n', len - i);
		size_t n = e ? (size_t)(e - (buf + i)) + 1 : len - i;
		uint64_t h = 1469598103934665603ull;
		for (size_t k = 0; k < n; k++)
			h = (h ^ (unsigned char)buf[i + k]) * 1099511628211ull;
		if (t->n == cap)
			t->l = fg_xrealloc(t->l, (cap *= 2) * sizeof *t->l);
		t->l[t->n++] = (struct line){buf + i, n, h};
		i += n;
	}
}

static bool line_eq(const struct line *x, const struct line *y)
{
	return x->h == y->h && x->n == y->n && memcmp(x->s, y->s, x->n) == 0;
}

struct hunk {
	size_t a0, a1, b0, b1; /* A[a0,a1) became B[b0,b1) */
};

struct hunks {
	struct hunk *h;
	size_t n, cap;
};

static void hunk_add(struct hunks *hs, size_t a0, size_t a1, size_t b0, size_t b1)
{
	if (hs->n == hs->cap) {
		hs->cap = hs->cap ? hs->cap * 2 : 16;
		hs->h = fg_xrealloc(hs->h, hs->cap * sizeof *hs->h);
	}
	hs->h[hs->n++] = (struct hunk){a0, a1, b0, b1};
}

/* Longest differences the exact diff looks for; beyond, the differing middle
 * is one hunk (a coarser, still correct, diff). */
#define MYERS_MAX_D 2000

/* Myers' O(ND) diff: marks deleted lines of a and inserted lines of b. */
static bool myers(const struct line *a, long n, const struct line *b, long m, bool *del, bool *ins)
{
	long dmax = n + m < MYERS_MAX_D ? n + m : MYERS_MAX_D;
	long off = dmax + 1;
	long *v = fg_xcalloc((size_t)(2 * dmax + 3), sizeof *v);
	long **trace = fg_xcalloc((size_t)dmax + 1, sizeof *trace);
	long found = -1;
	for (long d = 0; d <= dmax && found < 0; d++) {
		for (long k = -d; k <= d; k += 2) {
			long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
			long y = x - k;
			while (x < n && y < m && line_eq(&a[x], &b[y]))
				x++, y++;
			v[off + k] = x;
			if (x >= n && y >= m) {
				found = d;
				break;
			}
		}
		trace[d] = fg_xmalloc((size_t)(2 * d + 1) * sizeof **trace);
		memcpy(trace[d], &v[off - d], (size_t)(2 * d + 1) * sizeof **trace);
	}
	if (found >= 0) {
		long x = n, y = m;
		for (long d = found; d > 0; d--) {
			const long *pv = trace[d - 1] + (d - 1); /* pv[k], -(d-1) <= k <= d-1 */
			long k = x - y;
			long pk = (k == -d || (k != d && pv[k - 1] < pv[k + 1])) ? k + 1 : k - 1;
			long px = pv[pk], py = px - pk;
			if (pk == k + 1)
				ins[py] = true;
			else
				del[px] = true;
			x = px, y = py;
		}
	}
	for (long d = 0; d <= dmax && trace[d]; d++)
		free(trace[d]);
	free(trace);
	free(v);
	return found >= 0;
}

static void diff(const struct text *A, const struct text *B, struct hunks *out)
{
	size_t na = A->n, nb = B->n, pre = 0, suf = 0;
	while (pre < na && pre < nb && line_eq(&A->l[pre], &B->l[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre && line_eq(&A->l[na - 1 - suf], &B->l[nb - 1 - suf]))
		suf++;
	size_t N = na - pre - suf, M = nb - pre - suf;
	if (N == 0 && M == 0)
		return;
	bool *del = fg_xcalloc(N + 1, 1), *ins = fg_xcalloc(M + 1, 1);
	if (N == 0 || M == 0 || !myers(A->l + pre, (long)N, B->l + pre, (long)M, del, ins)) {
		hunk_add(out, pre, pre + N, pre, pre + M);
	} else {
		size_t i = 0, j = 0;
		while (i < N || j < M) {
			if (i < N && j < M && !del[i] && !ins[j]) {
				i++, j++;
				continue;
			}
			size_t a0 = i, b0 = j;
			while ((i < N && del[i]) || (j < M && ins[j])) {
				if (i < N && del[i])
					i++;
				else
					j++;
			}
			if (i == a0 && j == b0) { /* cannot happen: the rest is one hunk */
				i = N, j = M;
			}
			hunk_add(out, pre + a0, pre + i, pre + b0, pre + j);
		}
	}
	free(del);
	free(ins);
}

/* Does hunk h collide with the group of changes spanning base lines [lo,hi)? */
static bool collides(const struct hunk *h, size_t lo, size_t hi)
{
	if (lo < hi) {
		if (h->a0 < h->a1)
			return h->a0 < hi && lo < h->a1;
		return lo < h->a0 && h->a0 < hi; /* an insertion inside the group */
	}
	if (h->a0 < h->a1)
		return h->a0 < lo && lo < h->a1; /* the group inserts inside h */
	return h->a0 == lo;                   /* both insert at the same place */
}

static void emit_lines(struct fg_buf *b, const struct line *l, size_t n, unsigned *lines)
{
	for (size_t i = 0; i < n; i++)
		fg_buf_add(b, l[i].s, l[i].n);
	*lines += (unsigned)n;
}

static char *lines_str(const struct line *l, size_t n)
{
	struct fg_buf b = {0};
	unsigned dummy = 0;
	emit_lines(&b, l, n, &dummy);
	if (!b.data)
		return fg_xstrdup("");
	/* the entry reads better without the final line break */
	if (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = 0;
	if (b.len && b.data[b.len - 1] == '\r')
		b.data[--b.len] = 0;
	return b.data;
}

static bool lines_same(const struct line *x, size_t nx, const struct line *y, size_t ny)
{
	if (nx != ny)
		return false;
	for (size_t i = 0; i < nx; i++)
		if (!line_eq(&x[i], &y[i]))
			return false;
	return true;
}

/* diff3.  level 0: insertions at one place by both sides are both kept;
 * level 1: they are a conflict; level 2: every change of THEIRS is. */
static void merge3(const struct text *B, const struct text *O, const struct text *T, int level,
		   struct fg_buf *out, struct cfls *cf, size_t *applied)
{
	struct hunks ho = {0}, ht = {0};
	diff(B, O, &ho);
	diff(B, T, &ht);
	size_t i = 0, j = 0, pos = 0;
	long dO = 0, dT = 0;
	unsigned outline = 1;
	while (i < ho.n || j < ht.n) {
		bool from_o;
		if (j >= ht.n)
			from_o = true;
		else if (i >= ho.n)
			from_o = false;
		else {
			const struct hunk *x = &ho.h[i], *y = &ht.h[j];
			if (x->a0 != y->a0)
				from_o = x->a0 < y->a0;
			else /* an insertion goes before a change at the same line */
				from_o = x->a0 == x->a1 || y->a0 != y->a1;
		}
		size_t gi = i, gj = j, lo, hi;
		if (from_o)
			lo = ho.h[i].a0, hi = ho.h[i].a1, i++;
		else
			lo = ht.h[j].a0, hi = ht.h[j].a1, j++;
		for (bool grew = true; grew;) {
			grew = false;
			if (i < ho.n && collides(&ho.h[i], lo, hi)) {
				if (ho.h[i].a1 > hi)
					hi = ho.h[i].a1;
				i++, grew = true;
			}
			if (j < ht.n && collides(&ht.h[j], lo, hi)) {
				if (ht.h[j].a1 > hi)
					hi = ht.h[j].a1;
				j++, grew = true;
			}
		}
		long gO = 0, gT = 0;
		for (size_t k = gi; k < i; k++)
			gO += (long)(ho.h[k].b1 - ho.h[k].b0) - (long)(ho.h[k].a1 - ho.h[k].a0);
		for (size_t k = gj; k < j; k++)
			gT += (long)(ht.h[k].b1 - ht.h[k].b0) - (long)(ht.h[k].a1 - ht.h[k].a0);
		emit_lines(out, B->l + pos, lo - pos, &outline);
		const struct line *ol = O->l + (long)lo + dO, *tl = T->l + (long)lo + dT;
		size_t on = (size_t)((long)(hi - lo) + gO), tn = (size_t)((long)(hi - lo) + gT);
		bool has_o = gi < i, has_t = gj < j;
		if (!has_o)
			ol = B->l + lo, on = hi - lo;
		if (!has_t)
			tl = B->l + lo, tn = hi - lo;
		if (has_o && !has_t) {
			emit_lines(out, ol, on, &outline);
		} else if (has_t && !has_o && level < 2) {
			emit_lines(out, tl, tn, &outline);
			(*applied)++;
		} else if (lines_same(ol, on, tl, tn)) {
			emit_lines(out, ol, on, &outline);
		} else if (lo == hi && has_o && level == 0) {
			emit_lines(out, ol, on, &outline);
			emit_lines(out, tl, tn, &outline);
			(*applied)++;
		} else {
			struct cfl *c = cfl_add(cf);
			c->near = outline;
			c->was = lines_str(B->l + lo, hi - lo);
			c->other = lines_str(tl, tn);
			c->was_c = c->was;
			c->other_c = c->other;
			emit_lines(out, ol, on, &outline);
		}
		dO += gO;
		dT += gT;
		pos = hi;
	}
	emit_lines(out, B->l + pos, B->n - pos, &outline);
	if (!out->data)
		fg_buf_add(out, "", 0);
	free(ho.h);
	free(ht.h);
}

/* ------------------------------------------------------------ the merge */

static void append_conflicts(struct fg_buf *b, const struct cfls *cf, const char *nl)
{
	if (!cf->n)
		return;
	if (b->len && b->data[b->len - 1] != '\n')
		fg_buf_adds(b, nl);
	fg_buf_printf(b, "conflicts:%s", nl);
	for (size_t i = 0; i < cf->n; i++) {
		const struct cfl *c = &cf->c[i];
		struct fg_conflict x = {
			.measure = c->measure, .unit = c->unit, .status = c->st.status, .note = c->st.note,
			.updated = c->st.updated, .by = c->st.by, .near = c->near, .was = c->was_c, .other = c->other_c,
		};
		fg_emit_conflict(b, 4, &x, nl);
		fg_buf_adds(b, nl);
	}
}

/* Does the parsed result hold what the merge meant? */
static bool as_intended(const struct fg_plan *r, const struct mstate *ms, size_t nms, const struct hist *H,
			const struct cfls *cf, char *why, size_t len)
{
	for (size_t i = 0; i < nms; i++) {
		const struct fg_assignment *a = find_asg(r, ms[i].measure, ms[i].unit);
		struct fg_asg_state s;
		if (a)
			s = state_of(a);
		if (!a || !st_eq(&s, &ms[i].st)) {
			snprintf(why, len, a ? fg_tr(FG_N_("measure %d, %s: value differs")) : fg_tr(FG_N_("measure %d, %s: missing")),
				 ms[i].measure, ms[i].unit);
			return false;
		}
	}
	if (r->nhistory != H->n) {
		snprintf(why, len, fg_tr(FG_N_("%zu history records instead of %zu")), r->nhistory, H->n);
		return false;
	}
	for (size_t i = 0; i < H->n; i++)
		if (!rec_eq(&r->history[i], &H->r[i])) {
			snprintf(why, len, fg_tr(FG_N_("history record %zu differs")), i + 1);
			return false;
		}
	if (fg_plan_nconflicts(r) != cf->n) {
		snprintf(why, len, fg_tr(FG_N_("%zu conflicts instead of %zu")), fg_plan_nconflicts(r), cf->n);
		return false;
	}
	for (size_t i = 0; i < cf->n; i++)
		if (!cfl_same(&cf->c[i], fg_plan_conflict(r, i))) {
			snprintf(why, len, fg_tr(FG_N_("conflict %zu differs")), i + 1);
			return false;
		}
	return true;
}

static bool mergeable(const struct fg_plan *p, const char *which, struct fg_diag *d)
{
	if (!p->src || !p->layout || !p->layout->root_block)
		return fg_diag_add(d, FG_ERR_INVALID, 0, 0,
				   FG_N_("%s is not a plan file in block style (key: value lines), which a merge needs; "
				   "save it once with fengong, then merge again"),
				   which);
	return true;
}

void fg_merge_result_free(struct fg_merge_result *res)
{
	free(res->text);
	memset(res, 0, sizeof *res);
}

static bool same_bytes(const struct fg_plan *a, const struct fg_plan *b)
{
	return a->srclen == b->srclen && memcmp(a->src, b->src, a->srclen) == 0;
}

bool fg_merge(const struct fg_plan *base, const struct fg_plan *ours, const struct fg_plan *theirs,
	      struct fg_merge_result *res, struct fg_diag *d)
{
	memset(res, 0, sizeof *res);
	if (!mergeable(base, "BASE", d) || !mergeable(ours, "OURS", d) || !mergeable(theirs, "THEIRS", d))
		return false;
	const struct fg_plan *side[2] = {ours, theirs};
	const char *name[2] = {"OURS", "THEIRS"};
	for (int s = 0; s < 2; s++) {
		size_t bad = chain_break(side[s]);
		if (bad != SIZE_MAX) {
			const struct fg_record *r = &side[s]->history[bad];
			return fg_diag_add(d, FG_ERR_INVALID, r->line, r->col,
					   FG_N_("%s: history record %zu (measure %d, %s) does not match its hash: the audit trail "
					   "was edited by hand; a merge would hide that, so restore the record first"),
					   name[s], bad + 1, r->measure, r->unit);
		}
	}
	/* one side unchanged: the other is the result, byte for byte */
	const struct fg_plan *only = same_bytes(ours, theirs) || same_bytes(base, theirs) ? ours
				   : same_bytes(base, ours)                                 ? theirs
											    : NULL;
	if (only) {
		res->text = fg_xmalloc(only->srclen + 1);
		memcpy(res->text, only->src, only->srclen);
		res->text[only->srclen] = 0;
		res->len = only->srclen;
		res->nconflicts = fg_plan_nconflicts(only);
		res->records = only->nhistory;
		return true;
	}

	struct hist H = {0};
	merge_history(ours, theirs, &H);
	res->records_ours = H.from_ours;
	res->records_theirs = H.from_theirs;
	res->records = H.n;

	struct cfls cf = {0};
	merge_old_conflicts(base, ours, theirs, &cf);
	struct mstate *ms;
	size_t nms;
	merge_assignments(base, ours, theirs, &ms, &nms, &cf, res);
	size_t nassign_cf = cf.n;

	size_t len[3];
	char *nt[3] = {
		neutralise(base, ms, nms, &H, &len[0]),
		neutralise(ours, ms, nms, &H, &len[1]),
		neutralise(theirs, ms, nms, &H, &len[2]),
	};
	struct text tx[3];
	for (int k = 0; k < 3; k++)
		split_lines(nt[k], len[k], &tx[k]);
	const char *nl = ours->layout->nl ? ours->layout->nl : "\n";

	bool ok = false;
	char why[600] = "";
	for (int level = 0; level <= 2 && !ok; level++) {
		cfls_free(&cf, nassign_cf);
		struct fg_buf out = {0};
		size_t applied = 0;
		merge3(&tx[0], &tx[1], &tx[2], level, &out, &cf, &applied);
		append_conflicts(&out, &cf, nl);
		struct fg_diag vd;
		fg_diag_init(&vd, "merged");
		struct fg_plan *r = fg_plan_load_buffer(ours->path ? ours->path : "merged", out.data, out.len, &vd);
		if (!r)
			fg_diag_format(&vd, 0, why, sizeof why);
		if (r && as_intended(r, ms, nms, &H, &cf, why, sizeof why)) {
			ok = true;
			res->text = out.data;
			res->len = out.len;
			res->nconflicts = cf.n;
			res->new_text_conflicts = cf.n - nassign_cf;
			res->text_hunks_theirs = applied;
			res->level = level;
		} else {
			free(out.data);
		}
		fg_plan_free(r);
		fg_diag_free(&vd);
	}
	fg_utf8_cut_tail(why); /* a long unit name may have been cut */
	if (!ok)
		fg_diag_add(d, FG_ERR_INVALID, 0, 0,
			    FG_N_("the two versions cannot be merged into a valid plan (%s); nothing was written: merge the file "
			    "by hand, then run `fengong check`"),
			    why);
	cfls_free(&cf, 0);
	free(cf.c);
	for (int k = 0; k < 3; k++) {
		free(tx[k].l);
		free(nt[k]);
	}
	free(ms);
	free(H.r);
	free(H.h);
	return ok;
}
