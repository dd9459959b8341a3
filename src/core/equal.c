/* Plan equality: the same content, whatever the source positions (a
 * save's read-back check, merge, tests). */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "fengong/merge.h"

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
		if (!fg_parts_equal(x, y))
			return DIFF("measure %d, parts differ", x->number);
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
