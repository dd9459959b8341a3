/* The reporting cycle in the TUI (issue 15): which assignments have no
 * report for the current period, cached until the history changes (reports
 * reach the history when saved). */
#include "tui.h"
#include "fengong/cycle.h"

#include <stdlib.h>
#include <string.h>

void tui_cycle_free(struct tui *t)
{
	free(t->cyc_reported);
	free(t->cyc_off);
	t->cyc_reported = NULL;
	t->cyc_off = NULL;
	t->cyc_valid = false;
}

/* Whether the viewer cares about assignment a: the liaison's own units, or
 * the unit filter's, or every assignment for a coordinator. */
static bool concerns(const struct tui *t, const struct fg_assignment *a)
{
	if (t->as_set)
		return t->as_set[a->unit_index];
	return !t->f_units || t->f_units[a->unit_index];
}

bool tui_cycle_refresh(struct tui *t)
{
	const struct fg_plan *p = t->p;
	if (p->reporting.every == FG_EVERY_NONE || !fg_period_of(p->reporting.every, t->today, t->cyc_period)) {
		tui_cycle_free(t);
		return false;
	}
	if (t->cyc_valid && t->cyc_nhist == p->nhistory && t->cyc_measures == p->measures)
		return true;
	tui_cycle_free(t);
	size_t n = fg_plan_nassignments(p);
	struct fg_asg_period *ap = tui_xmalloc((n + 1) * sizeof *ap);
	fg_cycle_period(p, t->cyc_period, ap);
	t->cyc_reported = tui_xmalloc((n + 1) * sizeof *t->cyc_reported);
	t->cyc_off = tui_xmalloc((p->nmeasures + 1) * sizeof *t->cyc_off);
	size_t k = 0;
	for (size_t i = 0; i < p->nmeasures; i++) {
		t->cyc_off[i] = k;
		k += p->measures[i].nasg;
	}
	t->cyc_off[p->nmeasures] = k;
	for (size_t i = 0; i < n; i++)
		t->cyc_reported[i] = ap[i].report != NULL;
	free(ap);
	t->cyc_nhist = p->nhistory;
	t->cyc_measures = p->measures;
	t->cyc_valid = true;
	return true;
}

bool tui_cycle_unreported(const struct tui *t, size_t mi, size_t k)
{
	return t->cyc_valid && !t->cyc_reported[t->cyc_off[mi] + k];
}

size_t *tui_cycle_unit_missing(struct tui *t)
{
	if (!tui_cycle_refresh(t))
		return NULL;
	const struct fg_plan *p = t->p;
	size_t *n = app_xcalloc(p->nunits + 1, sizeof *n);
	for (size_t i = 0; i < p->nmeasures; i++)
		for (size_t k = 0; k < p->measures[i].nasg; k++) {
			const struct fg_assignment *a = &p->measures[i].asg[k];
			if (a->unit_index < p->nunits && tui_cycle_unreported(t, i, k))
				n[a->unit_index]++;
		}
	return n;
}

size_t tui_cycle_missing(struct tui *t)
{
	if (!tui_cycle_refresh(t))
		return 0;
	size_t n = 0;
	for (size_t i = 0; i < t->p->nmeasures; i++)
		for (size_t k = 0; k < t->p->measures[i].nasg; k++)
			n += concerns(t, &t->p->measures[i].asg[k]) && tui_cycle_unreported(t, i, k);
	return n;
}

bool tui_cycle_measure_unreported(struct tui *t, size_t mi)
{
	if (!tui_cycle_refresh(t))
		return false;
	const struct fg_measure *m = &t->p->measures[mi];
	for (size_t k = 0; k < m->nasg; k++)
		if (concerns(t, &m->asg[k]) && tui_cycle_unreported(t, mi, k))
			return true;
	return false;
}

bool tui_cycle_measure_pending(const struct tui *t, size_t mi)
{
	const struct fg_measure *m = &t->p->measures[mi];
	for (size_t k = 0; k < m->nasg; k++)
		if (concerns(t, &m->asg[k]) && fg_asg_pending(&m->asg[k]) != FG_PENDING_NONE)
			return true;
	return false;
}
