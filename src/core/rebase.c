/* Rebasing: our journal re-applied on top of the file as someone else saved
 * it meanwhile, assignment by assignment.  An assignment changed on both
 * sides is a conflict: refused, or settled as the caller chose
 * (enum fg_conflict_mode); never silently overwritten. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

size_t fg_journal_touched(struct fg_plan *p, struct fg_touched **out)
{
	struct fg_touched *t = fg_xmalloc((p->undo_pos + 1) * sizeof *t);
	size_t n = 0;
	for (size_t i = 0; i < p->undo_pos; i++) {
		const struct fg_edit *e = &p->edits[i];
		if (e->record_only) /* leaves the assignment alone: nothing to splice or to conflict */
			continue;
		size_t k;
		for (k = 0; k < n; k++)
			if (t[k].measure == e->measure && strcmp(t[k].unit, e->unit) == 0)
				break;
		if (k < n)
			continue;
		struct fg_measure *m = fg_plan_measure(p, e->measure);
		long ui = m ? fg_plan_unit_index(p, e->unit) : -1;
		t[n] = (struct fg_touched){e->measure, e->unit, e->before, ui >= 0 ? fg_measure_assignment(m, (size_t)ui) : NULL};
		if (t[n].a)
			n++;
	}
	*out = t;
	return n;
}

static bool same_state(const struct fg_asg_state *s, const struct fg_assignment *a)
{
	return s->status == a->status && strcmp(s->note, a->note) == 0 && strcmp(s->updated, a->updated) == 0 &&
	       strcmp(s->by, a->by) == 0;
}

static bool same_value(const struct fg_assignment *a, const struct fg_assignment *b)
{
	return a->status == b->status && strcmp(a->note, b->note) == 0;
}

bool fg_plan_rebase_mode(struct fg_plan *onto, struct fg_plan *mine, enum fg_conflict_mode on_conflict,
			 struct fg_diag *d)
{
	struct fg_touched *t;
	size_t n = fg_journal_touched(mine, &t);
	size_t before = d->n;
	bool *skip = fg_xcalloc(n + 1, sizeof *skip);
	for (size_t i = 0; i < n; i++) {
		struct fg_measure *m = fg_plan_measure(onto, t[i].measure);
		long ui = m ? fg_plan_unit_index(onto, t[i].unit) : -1;
		struct fg_assignment *theirs = ui >= 0 ? fg_measure_assignment(m, (size_t)ui) : NULL;
		if (!theirs) {
			fg_diag_add(d, FG_ERR_CONFLICT, 0, 0,
				    FG_N_("measure %d no longer has an assignment of %s in the file on disk; your change to it "
				    "cannot be applied"),
				    t[i].measure, t[i].unit);
			continue;
		}
		if (same_state(&t[i].orig, theirs) || same_value(theirs, t[i].a))
			continue;
		if (on_conflict == FG_CONFLICT_MINE)
			continue;
		if (on_conflict == FG_CONFLICT_THEIRS) {
			skip[i] = true;
			continue;
		}
		fg_diag_add(d, FG_ERR_CONFLICT, theirs->line, theirs->col,
			    FG_N_("conflict on measure %d, %s: saved meanwhile as %s \"%s\" by %s at %s, you set %s \"%s\"; "
				  "choose one (TUI) or set it again after reloading (CLI)"),
			    t[i].measure, t[i].unit, fg_status_name(theirs->status), theirs->note,
			    *theirs->by ? theirs->by : "someone", *theirs->updated ? theirs->updated : "an unknown time",
			    fg_status_name(t[i].a->status), t[i].a->note);
	}
	if (d->n != before) {
		free(t);
		free(skip);
		return false;
	}
	/* Replay the journal onto their version. */
	for (size_t i = 0; i < mine->undo_pos; i++) {
		const struct fg_edit *e = &mine->edits[i];
		if (e->due_edit) { /* a due date set: on their version of the assignment */
			struct fg_measure *m = fg_plan_measure(onto, e->measure);
			long ui = m ? fg_plan_unit_index(onto, e->unit) : -1;
			struct fg_assignment *a = ui >= 0 ? fg_measure_assignment(m, (size_t)ui) : NULL;
			if (a)
				fg_journal_due(onto, a, e->due_after, &e->rec);
			else
				fg_diag_add(d, FG_ERR_CONFLICT, 0, 0,
					    "measure %d no longer has an assignment of %s in the file on disk; your change to its "
					    "due date cannot be applied",
					    e->measure, e->unit);
			continue;
		}
		if (e->record_only) { /* a report or a request: appended as it is */
			fg_journal_record(onto, &e->rec);
			continue;
		}
		size_t k;
		for (k = 0; k < n; k++)
			if (t[k].measure == e->measure && strcmp(t[k].unit, e->unit) == 0)
				break;
		if (k == n || skip[k])
			continue;
		struct fg_measure *m = fg_plan_measure(onto, e->measure);
		struct fg_assignment *a = fg_measure_assignment(m, (size_t)fg_plan_unit_index(onto, e->unit));
		struct fg_asg_state after = {e->after.status, fg_plan_strdup(onto, e->after.note),
					     fg_plan_strdup(onto, e->after.updated), fg_plan_strdup(onto, e->after.by)};
		struct fg_record rec = e->rec;
		rec.from = a->status;
		rec.at = after.updated;
		rec.by = after.by;
		rec.as = fg_plan_strdup(onto, e->rec.as);
		rec.unit = a->unit;
		rec.note = after.note;
		/* a bulk edit stays one undo step on top of the file on disk */
		fg_journal_push(onto, m, a, &after, &rec)->joined = e->joined && onto->nedits > 1;
	}
	free(t);
	free(skip);
	return d->n == before;
}

bool fg_plan_rebase(struct fg_plan *onto, const struct fg_plan *mine, struct fg_diag *d)
{
	return fg_plan_rebase_mode(onto, (struct fg_plan *)mine, FG_CONFLICT_REFUSE, d);
}
