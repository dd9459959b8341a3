/* The audit trail: hash-chained records, and plan equality. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "fengong/merge.h"

/* Fields are length-prefixed so that no note can imitate a field boundary. */
static void buf_field(struct fg_buf *b, const char *s)
{
	fg_buf_printf(b, "%zu:", strlen(s));
	fg_buf_adds(b, s);
	fg_buf_add(b, "\n", 1);
}

/* ------------------------------------------------------------ record version 2 */

static const char *const kind_names[FG_KIND_COUNT] = {
	"", "report", "submit", "approve", "return", "extend",
	"signer-add", "signer-remove", "signing", "structure", "correction",
};

const char *fg_record_kind_name(enum fg_record_kind k)
{
	return (unsigned)k < FG_KIND_COUNT ? kind_names[k] : NULL;
}

bool fg_record_kind_parse(const char *s, enum fg_record_kind *out)
{
	for (int k = 1; k < FG_KIND_COUNT; k++)
		if (strcmp(s, kind_names[k]) == 0) {
			*out = (enum fg_record_kind)k;
			return true;
		}
	return false;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

bool fg_record_has_status(const struct fg_record *r)
{
	return r->kind == FG_KIND_STATUS || r->has_status;
}

bool fg_record_is_v2(const struct fg_record *r)
{
	return r->kind != FG_KIND_STATUS || *nz(r->period) || *nz(r->progress) || *nz(r->problems) ||
	       *nz(r->next) || r->has_percent || *nz(r->due) || *nz(r->subject) || *nz(r->key) || *nz(r->sig);
}

static void canon_field(struct fg_buf *b, const char *name, const char *v)
{
	fg_buf_adds(b, name);
	fg_buf_add(b, "=", 1);
	for (const char *s = v; *s; s++) {
		const char *run = s;
		while (*s && *s != '\\' && *s != '\n')
			s++;
		fg_buf_add(b, run, (size_t)(s - run));
		if (!*s)
			break;
		fg_buf_adds(b, *s == '\\' ? "\\\\" : "\\n");
	}
	fg_buf_add(b, "\n", 1);
}

char *fg_record_canonical(const struct fg_record *r, const char *prev, size_t *len)
{
	struct fg_buf b = {0};
	char measure[16] = "", percent[16] = "";
	if (r->measure > 0)
		snprintf(measure, sizeof measure, "%d", r->measure);
	if (r->has_percent)
		snprintf(percent, sizeof percent, "%d", r->percent);
	bool st = fg_record_has_status(r);
	fg_buf_adds(&b, "fengong-record-2\n");
	canon_field(&b, "at", nz(r->at));
	canon_field(&b, "by", nz(r->by));
	canon_field(&b, "as", nz(r->as));
	canon_field(&b, "kind", nz(fg_record_kind_name(r->kind)));
	canon_field(&b, "measure", measure);
	canon_field(&b, "unit", nz(r->unit));
	canon_field(&b, "from", st ? nz(fg_status_name(r->from)) : "");
	canon_field(&b, "to", st ? nz(fg_status_name(r->to)) : "");
	canon_field(&b, "note", nz(r->note));
	canon_field(&b, "period", nz(r->period));
	canon_field(&b, "progress", nz(r->progress));
	canon_field(&b, "problems", nz(r->problems));
	canon_field(&b, "next", nz(r->next));
	canon_field(&b, "percent", percent);
	canon_field(&b, "due", nz(r->due));
	canon_field(&b, "subject", nz(r->subject));
	canon_field(&b, "key", nz(r->key));
	canon_field(&b, "prev", nz(prev));
	*len = b.len;
	return b.data;
}

void fg_history_hash(const struct fg_record *r, const char *prev, char out[65])
{
	if (fg_record_is_v2(r)) {
		size_t len;
		char *c = fg_record_canonical(r, prev, &len);
		fg_sha256_hex(c, len, out);
		free(c);
		return;
	}
	struct fg_buf b = {0};
	char num[16];
	snprintf(num, sizeof num, "%d", r->measure);
	buf_field(&b, prev ? prev : "");
	buf_field(&b, r->at);
	buf_field(&b, r->by);
	buf_field(&b, r->as);
	buf_field(&b, num);
	buf_field(&b, r->unit);
	buf_field(&b, fg_status_name(r->from));
	buf_field(&b, fg_status_name(r->to));
	buf_field(&b, r->note);
	fg_sha256_hex(b.data, b.len, out);
	free(b.data);
}

bool fg_history_verify(const struct fg_plan *p, struct fg_diag *d)
{
	size_t before = d->n;
	const char *prev = "";
	for (size_t i = 0; i < p->nhistory; i++) {
		const struct fg_record *r = &p->history[i];
		char h[65];
		fg_history_hash(r, prev, h);
		if (strcmp(h, r->hash) != 0)
			fg_diag_add(d, FG_ERR_INVALID, r->line, r->col,
				    "history record %zu (measure %d, %s, at %s) does not match its hash: it was edited by hand "
				    "or a record before it was removed; restore the file from git or a backup",
				    i + 1, r->measure, r->unit, r->at);
		prev = r->hash;
	}

	/* The last record of each assignment must describe its current state;
	 * otherwise records were cut off the end or the status was edited by hand. */
	size_t *off = calloc(p->nmeasures + 1, sizeof *off);
	if (!off)
		abort();
	for (size_t i = 0; i < p->nmeasures; i++)
		off[i + 1] = off[i] + p->measures[i].nasg;
	size_t *last = calloc(off[p->nmeasures] + 1, sizeof *last);
	if (!last)
		abort();
	for (size_t i = 0; i < p->nhistory; i++) {
		const struct fg_record *r = &p->history[i];
		const struct fg_measure *m = fg_plan_measure(p, r->measure);
		long ui = m ? fg_plan_unit_index(p, r->unit) : -1;
		const struct fg_assignment *a = ui >= 0 ? fg_measure_assignment(m, (size_t)ui) : NULL;
		if (a && fg_record_has_status(r)) /* reports and requests leave the state alone */
			last[off[m - p->measures] + (size_t)(a - m->asg)] = i + 1;
	}
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		for (size_t k = 0; k < m->nasg; k++) {
			size_t li = last[off[i] + k];
			if (!li) {
				/* fengong writes `updated` only together with a record: an
				 * assignment updated without any record lost it (the tail of
				 * the history was cut off) */
				const struct fg_assignment *a = &m->asg[k];
				if (*a->updated && !fg_plan_conflict_find(p, m->number, a->unit))
					fg_diag_add(d, FG_ERR_INVALID, a->line, a->col,
						    "measure %d's assignment of %s was updated at %s but has no history record: "
						    "the history was truncated; restore the file from git or a backup",
						    m->number, a->unit, a->updated);
				continue;
			}
			const struct fg_record *r = &p->history[li - 1];
			const struct fg_assignment *a = &m->asg[k];
			if (fg_plan_conflict_find(p, m->number, a->unit))
				continue; /* reported below as the open conflict it is */
			if (r->to != a->status || strcmp(r->note, a->note) != 0)
				fg_diag_add(d, FG_ERR_INVALID, a->line, a->col,
					    "measure %d's assignment of %s is %s but its last history record (line %u) says %s: "
					    "the history was truncated or the assignment edited by hand; set it with `fengong set` "
					    "or restore the file",
					    m->number, a->unit, fg_status_name(a->status), r->line, fg_status_name(r->to));
		}
	}
	free(off);
	free(last);
	fg_conflicts_report(p, d);
	return d->n == before;
}

/* ------------------------------------------------------------ equality */

static bool streq(const char *a, const char *b);

bool fg_record_same(const struct fg_record *r, const struct fg_record *s)
{
	bool st = fg_record_has_status(r);
	if (st != fg_record_has_status(s) || (st && (r->from != s->from || r->to != s->to)))
		return false;
	if (r->has_percent != s->has_percent || (r->has_percent && r->percent != s->percent))
		return false;
	return streq(r->at, s->at) && streq(r->by, s->by) && streq(r->as, s->as) && r->kind == s->kind &&
	       r->measure == s->measure && streq(r->unit, s->unit) && streq(r->note, s->note) &&
	       streq(r->period, s->period) && streq(r->progress, s->progress) && streq(r->problems, s->problems) &&
	       streq(r->next, s->next) && streq(r->due, s->due) && streq(r->subject, s->subject) &&
	       streq(r->key, s->key) && streq(r->sig, s->sig);
}

#define DIFF(...) (snprintf(why, whylen, __VA_ARGS__), false)

static bool streq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool lists_equal(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!streq(a[i], b[i]))
			return false;
	return true;
}

bool fg_plan_equal(const struct fg_plan *a, const struct fg_plan *b, char *why, size_t whylen)
{
	char dummy[8];
	if (!why)
		why = dummy, whylen = sizeof dummy;
	if (a->version != b->version || !streq(a->title, b->title) || !streq(a->number, b->number) ||
	    !streq(a->issuer, b->issuer) || !streq(a->date, b->date) || a->reporting.every != b->reporting.every ||
	    a->reporting.due_day != b->reporting.due_day || a->review_required != b->review_required)
		return DIFF("plan metadata differs");
	if (a->ntargets != b->ntargets)
		return DIFF("plan targets differ");
	if (a->signing != b->signing || a->nsigners != b->nsigners)
		return DIFF("signing or the signers differ");
	for (size_t i = 0; i < a->nsigners; i++) {
		const struct fg_signer *x = &a->signers[i], *y = &b->signers[i];
		if (!streq(x->name, y->name) || x->role != y->role || !streq(x->key, y->key) ||
		    !lists_equal(x->units, x->nunits, y->units, y->nunits))
			return DIFF("signer %zu (%s) differs", i + 1, x->name);
	}
	for (size_t i = 0; i < a->ntargets; i++)
		if (!streq(a->targets[i].text, b->targets[i].text) || !streq(a->targets[i].due, b->targets[i].due))
			return DIFF("plan target %zu differs", i + 1);
	if (a->nunits != b->nunits)
		return DIFF("unit count differs: %zu vs %zu", a->nunits, b->nunits);
	for (size_t i = 0; i < a->nunits; i++) {
		const struct fg_unit *x = &a->units[i], *y = &b->units[i];
		if (!streq(x->name, y->name) || !lists_equal(x->aliases, x->naliases, y->aliases, y->naliases) ||
		    !lists_equal(x->members, x->nmembers, y->members, y->nmembers))
			return DIFF("unit %zu (%s) differs", i + 1, x->name);
	}
	if (a->nsections != b->nsections)
		return DIFF("section count differs");
	for (size_t i = 0; i < a->nsections; i++)
		if (!streq(a->sections[i].id, b->sections[i].id) || !streq(a->sections[i].title, b->sections[i].title))
			return DIFF("section %zu differs", i + 1);
	if (a->nmeasures != b->nmeasures)
		return DIFF("measure count differs: %zu vs %zu", a->nmeasures, b->nmeasures);
	for (size_t i = 0; i < a->nmeasures; i++) {
		const struct fg_measure *x = &a->measures[i], *y = &b->measures[i];
		if (x->number != y->number || !streq(x->label, y->label) || !streq(x->section, y->section) ||
		    !streq(x->title, y->title) || !streq(x->text, y->text) || !streq(x->due, y->due) ||
		    !streq(x->unassigned, y->unassigned) ||
		    !lists_equal(x->targets, x->ntargets, y->targets, y->ntargets))
			return DIFF("measure %d differs", x->number);
		if (x->nasg != y->nasg)
			return DIFF("measure %d has %zu assignments vs %zu", x->number, x->nasg, y->nasg);
		for (size_t k = 0; k < x->nasg; k++) {
			const struct fg_assignment *s = &x->asg[k], *t = &y->asg[k];
			if (!streq(s->unit, t->unit) || !streq(s->via, t->via) || !streq(s->due, t->due) || s->role != t->role ||
			    s->status != t->status ||
			    !streq(s->note, t->note) || !streq(s->updated, t->updated) || !streq(s->by, t->by))
				return DIFF("measure %d, assignment of %s differs", x->number, s->unit);
		}
	}
	if (a->nhistory != b->nhistory)
		return DIFF("history has %zu records vs %zu", a->nhistory, b->nhistory);
	for (size_t i = 0; i < a->nhistory; i++) {
		const struct fg_record *r = &a->history[i], *s = &b->history[i];
		if (!fg_record_same(r, s) || !streq(r->hash, s->hash))
			return DIFF("history record %zu differs", i + 1);
	}
	if (fg_plan_nconflicts(a) != fg_plan_nconflicts(b))
		return DIFF("%zu conflicts vs %zu", fg_plan_nconflicts(a), fg_plan_nconflicts(b));
	for (size_t i = 0; i < fg_plan_nconflicts(a); i++) {
		const struct fg_conflict *x = fg_plan_conflict(a, i), *y = fg_plan_conflict(b, i);
		if (x->measure != y->measure || !streq(x->unit, y->unit) || x->status != y->status ||
		    !streq(x->note, y->note) || !streq(x->updated, y->updated) || !streq(x->by, y->by) ||
		    x->near != y->near || !streq(x->was, y->was) || !streq(x->other, y->other))
			return DIFF("conflict %zu differs", i + 1);
	}
	return true;
}
