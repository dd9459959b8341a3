/* fengong TUI: merge conflicts recorded in the plan by `fengong merge` —
 * which are open, which this session decided (an edit kept in the journal)
 * and how one side reads.  Deciding one is an edit (edit.c). */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tui_decided_clear(struct tui *t)
{
	for (size_t i = 0; i < t->ndecided; i++)
		free(t->decided[i].unit);
	t->ndecided = 0;
}

bool tui_conflict_decided(const struct tui *t, const struct fg_measure *m, const struct fg_assignment *a)
{
	if (!t->ndecided || !fg_plan_conflict_find(t->p, m->number, a->unit))
		return false;
	size_t in_effect = fg_plan_dirty(t->p);
	for (size_t i = 0; i < t->ndecided; i++)
		if (t->decided[i].measure == m->number && t->decided[i].edit_no <= in_effect &&
		    strcmp(t->decided[i].unit, a->unit) == 0)
			return true;
	return false;
}

const struct fg_conflict *tui_conflict_open(const struct tui *t, const struct fg_measure *m,
					    const struct fg_assignment *a)
{
	const struct fg_conflict *c = fg_plan_conflict_find(t->p, m->number, a->unit);
	return c && !tui_conflict_decided(t, m, a) ? c : NULL;
}

bool tui_measure_conflicted(const struct tui *t, const struct fg_measure *m)
{
	if (!fg_plan_nconflicts(t->p))
		return false;
	for (size_t i = 0; i < m->nasg; i++)
		if (tui_conflict_open(t, m, &m->asg[i]))
			return true;
	return false;
}

void tui_conflict_counts(const struct tui *t, size_t *asg, size_t *text)
{
	*asg = *text = 0;
	size_t n = fg_plan_nconflicts(t->p);
	for (size_t i = 0; i < n; i++) {
		const struct fg_conflict *c = fg_plan_conflict(t->p, i);
		if (c->measure == 0) {
			(*text)++;
			continue;
		}
		const struct fg_measure *m = fg_plan_measure(t->p, c->measure);
		long u = m ? fg_plan_unit_index(t->p, c->unit) : -1;
		const struct fg_assignment *a = u >= 0 ? fg_measure_assignment(m, (size_t)u) : NULL;
		if (!a || !tui_conflict_decided(t, m, a))
			(*asg)++;
	}
}

void tui_conflict_track(struct tui *t, const struct fg_measure *m, const struct fg_assignment *a,
			size_t dirty_before)
{
	size_t now = fg_plan_dirty(t->p);
	if (now <= dirty_before)
		return; /* no edit was made */
	/* the new edit replaced whatever could have been redone */
	size_t k = 0;
	for (size_t i = 0; i < t->ndecided; i++) {
		if (t->decided[i].edit_no > dirty_before)
			free(t->decided[i].unit);
		else
			t->decided[k++] = t->decided[i];
	}
	t->ndecided = k;
	if (!fg_plan_conflict_find(t->p, m->number, a->unit))
		return;
	if (t->ndecided == t->decided_cap) {
		t->decided_cap = t->decided_cap ? t->decided_cap * 2 : 8;
		t->decided = tui_xrealloc(t->decided, t->decided_cap * sizeof *t->decided);
	}
	t->decided[t->ndecided++] = (struct tui_decided){ m->number, tui_xstrdup(a->unit), now };
}

void tui_side_text(char *buf, size_t len, enum fg_status st, const char *note, const char *updated,
		   const char *by)
{
	size_t n = (size_t)snprintf(buf, len, "%s %s", tui_status_glyph(st), tui_status_label(st));
	if (n < len)
		n += (size_t)snprintf(buf + n, len - n, " · %s", note && *note ? note : _("(no note)"));
	if (n < len && ((updated && *updated) || (by && *by)))
		snprintf(buf + n, len - n, " · %s%s%s", updated ? updated : "", updated && *updated && by && *by ? " " : "",
			 by ? by : "");
}

