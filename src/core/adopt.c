/* A coordinator's re-import of a signed plan (fengong/sign.h,
 * fg_plan_adopt): the new document's measures and units, the old plan's
 * history, signers and states. */
#include <stdio.h>
#include <string.h>

#include "fengong/sign.h"
#include "internal.h"

static bool has_assignment(const struct fg_plan *p, int measure, const char *unit)
{
	const struct fg_measure *m = fg_plan_measure(p, measure);
	long ui = m ? fg_plan_unit_index(p, unit) : -1;
	return ui >= 0 && fg_measure_assignment(m, (size_t)ui);
}

bool fg_plan_adopt(struct fg_plan *dst, const struct fg_plan *src, struct fg_diag *d)
{
	size_t before = d->n;
	for (size_t i = 0; i < src->nhistory; i++) {
		const struct fg_record *r = &src->history[i];
		if (r->measure > 0 && !has_assignment(dst, r->measure, r->unit))
			fg_diag_add(d, FG_ERR_REFUSED, r->line, r->col,
				    FG_N_("history record %zu is about %s's assignment of measure %d, which the new document "
					  "does not have: a signed plan keeps its history, so the document must keep that "
					  "measure and unit"),
				    i + 1, r->unit, r->measure);
		else if (r->as && *r->as && fg_plan_unit_index(dst, r->as) < 0 && r->measure > 0 &&
			 fg_plan_unit_index(src, r->as) >= 0)
			fg_diag_add(d, FG_ERR_REFUSED, r->line, r->col,
				    FG_N_("history record %zu was made acting as %s, a unit the new document does not have"),
				    i + 1, r->as);
	}
	for (size_t i = 0; i < src->nsigners; i++) {
		const struct fg_signer *g = &src->signers[i];
		for (size_t u = 0; u < g->nunits; u++)
			if (fg_plan_unit_index(dst, g->units[u]) < 0)
				fg_diag_add(d, FG_ERR_REFUSED, g->line, g->col,
					    FG_N_("the signer %s speaks for %s, a unit the new document does not have"), g->name,
					    g->units[u]);
	}
	for (size_t mi = 0; mi < src->nmeasures; mi++) {
		const struct fg_measure *m = &src->measures[mi];
		for (size_t k = 0; k < m->nasg; k++) {
			const struct fg_assignment *a = &m->asg[k];
			bool moved = a->status != FG_STATUS_NOT_STARTED || *a->note;
			if (moved && !has_assignment(dst, m->number, a->unit))
				fg_diag_add(d, FG_ERR_REFUSED, a->line, a->col,
					    FG_N_("measure %d's assignment of %s is %s, and the new document does not have it: "
						  "its state would be lost"),
					    m->number, a->unit, fg_status_name(a->status));
		}
	}
	if (d->n != before)
		return false;

	/* the history, as it is: every hash and signature kept */
	/* room as fg_arena_grow's callers expect it (4, then doubling): the
	 * records appended next go in place */
	size_t cap = 4;
	while (cap < src->nhistory)
		cap *= 2;
	dst->history = fg_arena_alloc(dst->arena, cap * sizeof *dst->history);
	for (size_t i = 0; i < src->nhistory; i++)
		dst->history[i] = fg_record_copy(dst, &src->history[i]);
	dst->nhistory = src->nhistory;
	for (size_t i = 0; i < src->nsigners; i++)
		fg_plan_put_signer(dst, &src->signers[i]);
	dst->signing = src->signing;
	dst->review_required = src->review_required;
	dst->reporting = src->reporting;
	for (size_t mi = 0; mi < src->nmeasures; mi++) {
		const struct fg_measure *m = &src->measures[mi];
		struct fg_measure *dm = fg_plan_measure(dst, m->number);
		for (size_t k = 0; dm && k < m->nasg; k++) {
			const struct fg_assignment *a = &m->asg[k];
			long ui = fg_plan_unit_index(dst, a->unit);
			struct fg_assignment *da = ui >= 0 ? fg_measure_assignment(dm, (size_t)ui) : NULL;
			if (!da)
				continue;
			da->status = a->status;
			da->note = fg_plan_strdup(dst, a->note);
			da->updated = fg_plan_strdup(dst, a->updated);
			da->by = fg_plan_strdup(dst, a->by);
			if (!*da->due)
				da->due = fg_plan_strdup(dst, a->due);
		}
	}
	fg_cycle_bind(dst);
	return true;
}
