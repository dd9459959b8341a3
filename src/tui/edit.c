/* fengong TUI: editing — status and note of one assignment, deciding a
 * merge conflict (the bookkeeping of conflicts is conflict.c), undo/redo,
 * saving, quitting with unsaved edits.  The model is changed only through
 * fg_plan_set / fg_plan_undo / fg_plan_redo and written only by
 * fg_plan_save. */
#include "tui.h"
#include "fengong/cycle.h"
#include "fengong/lock.h"
#include "fengong/sign.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------ touched */

void tui_touch(struct tui *t, const struct fg_measure *m, const struct fg_assignment *a,
	       enum fg_status old_status, const char *old_note, time_t at)
{
	for (size_t i = 0; i < t->ntouched; i++)
		if (t->touched[i].measure == m->number && strcmp(t->touched[i].unit, a->unit) == 0) {
			t->touched[i].at = at;
			return;
		}
	if (t->ntouched == t->touched_cap) {
		t->touched_cap = t->touched_cap ? t->touched_cap * 2 : 16;
		t->touched = tui_xrealloc(t->touched, t->touched_cap * sizeof *t->touched);
	}
	struct tui_touched *e = &t->touched[t->ntouched++];
	e->measure = m->number;
	e->unit = tui_xstrdup(a->unit);
	e->orig_status = old_status;
	e->orig_note = tui_xstrdup(old_note);
	e->at = at;
}

void tui_touched_clear(struct tui *t)
{
	for (size_t i = 0; i < t->ntouched; i++) {
		free(t->touched[i].unit);
		free(t->touched[i].orig_note);
	}
	t->ntouched = 0;
}

static const struct fg_assignment *touched_asg(const struct tui *t, const struct tui_touched *e,
					       const struct fg_measure **mp)
{
	const struct fg_measure *m = fg_plan_measure(t->p, e->measure);
	if (!m)
		return NULL;
	long u = fg_plan_unit_index(t->p, e->unit);
	if (u < 0)
		return NULL;
	if (mp)
		*mp = m;
	return fg_measure_assignment(m, (size_t)u);
}

static bool touched_differs(const struct tui *t, const struct tui_touched *e)
{
	const struct fg_assignment *a = touched_asg(t, e, NULL);
	return a && (a->status != e->orig_status || strcmp(a->note, e->orig_note) != 0);
}

bool tui_asg_unsaved(const struct tui *t, const struct fg_measure *m, const struct fg_assignment *a)
{
	if (tui_conflict_decided(t, m, a))
		return true; /* keeping this side changes no value, but it is an edit */
	for (size_t i = 0; i < t->ntouched; i++)
		if (t->touched[i].measure == m->number && strcmp(t->touched[i].unit, a->unit) == 0)
			return touched_differs(t, &t->touched[i]);
	return false;
}

bool tui_measure_unsaved(const struct tui *t, const struct fg_measure *m)
{
	for (size_t i = 0; i < m->nasg; i++)
		if (tui_conflict_decided(t, m, &m->asg[i]))
			return true;
	for (size_t i = 0; i < t->ntouched; i++)
		if (t->touched[i].measure == m->number && touched_differs(t, &t->touched[i]))
			return true;
	return false;
}

/* Edits in effect: the core's count (undo lowers it). */
size_t tui_unsaved_count(const struct tui *t)
{
	return fg_plan_dirty(t->p);
}

/* ------------------------------------------------------------------ model changes */

void tui_model_changed(struct tui *t)
{
	/* the registry may have been reloaded with another size (after a save) */
	if (t->as_name) {
		free(t->as_set);
		t->as_set = app_xcalloc(t->p->nunits ? t->p->nunits : 1, sizeof *t->as_set);
		fg_plan_unit_match(t->p, t->as_name, t->as_set); /* the resolved name: --as 税务 is 市税务局 */
		t->who.as_units = t->as_set;
	}
	if (t->f_unit) {
		free(t->f_units);
		t->f_units = app_xcalloc(t->p->nunits, sizeof *t->f_units);
		tui_unit_match(t, t->f_unit, t->f_units);
	}
	tui_marks_check(t);
	if (t->f_section >= 0 && (size_t)t->f_section >= t->p->nsections)
		t->f_section = -1;
	/* the detail view shows the focused measure again; when it is gone,
	 * not tui_switch_view: its reload would read rows of the old model;
	 * tui_rows_rebuild below reloads the view */
	if (t->view == TUI_VIEW_DETAIL && !tui_detail_refocus(t))
		t->view = t->prev_view;
	tui_rows_rebuild(t);
}

/* ------------------------------------------------------------------ choosing */

static const char *measure_name(const struct fg_measure *m, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s", m->label, m->title);
	return buf;
}

/* The liaison's unit has no row in m: say so, and where theirs are. */
static void liaison_no_row(struct tui *t, const struct fg_measure *m)
{
	char mn[512];
	tui_message(t, true,
		    _("%s has no assignment of %s: as its liaison you can change only your own unit's rows. "
		      "Press f and pick %s to see the measures it is in."),
		    measure_name(m, mn, sizeof mn), t->as_name, t->as_name);
}

/* Which of m's assignments the user means when the view does not say;
 * umbrella (not SIZE_MAX): the view points at that umbrella's roll-up, so
 * only its members' rows are offered. */
static size_t pick_assignment(struct tui *t, const struct fg_measure *m, size_t umbrella)
{
	char mn[512];
	if (m->nasg == 0) {
		tui_message(t, true, _("%s has no assignments (%s), so there is no status to set."),
			    measure_name(m, mn, sizeof mn), *m->unassigned ? m->unassigned : _("no unit is named"));
		return SIZE_MAX;
	}
	size_t *cand = tui_xmalloc(m->nasg * sizeof *cand), nc = 0;
	if (umbrella != SIZE_MAX) {
		for (size_t i = 0; i < m->nasg; i++)
			if (m->asg[i].via_index == umbrella && (!t->as_set || t->as_set[m->asg[i].unit_index]))
				cand[nc++] = i;
		if (nc == 0) { /* (the roll-up has members; a liaison's unit is none of them) */
			free(cand);
			if (t->as_set)
				liaison_no_row(t, m);
			return SIZE_MAX;
		}
	}
	for (size_t i = 0; i < m->nasg && umbrella == SIZE_MAX; i++) {
		const struct fg_assignment *a = &m->asg[i];
		bool ok;
		if (t->as_set) /* a liaison is offered only their own unit's rows */
			ok = t->as_set[a->unit_index] && (!t->f_units || tui_asg_matches_filter(t, m, a));
		else
			ok = t->f_units ? tui_asg_matches_filter(t, m, a) : false;
		if (ok)
			cand[nc++] = i;
	}
	if (nc == 0 && t->as_set) {
		for (size_t i = 0; i < m->nasg; i++)
			if (t->as_set[m->asg[i].unit_index])
				cand[nc++] = i;
		if (nc == 0) {
			free(cand);
			liaison_no_row(t, m);
			return SIZE_MAX;
		}
	}
	if (nc == 1) {
		size_t r = cand[0];
		free(cand);
		return r;
	}
	if (nc == 0) {
		for (size_t i = 0; i < m->nasg; i++)
			cand[i] = i;
		nc = m->nasg;
	}
	if (nc == 1) {
		size_t r = cand[0];
		free(cand);
		return r;
	}
	const char **items = tui_xmalloc(nc * sizeof *items);
	char (*bufs)[512] = tui_xmalloc(nc * sizeof *bufs);
	size_t initial = 0;
	int uw = 0;
	for (size_t i = 0; i < nc; i++) {
		int w = fg_text_width(m->asg[cand[i]].unit);
		if (w > uw)
			uw = w;
	}
	if (uw > 24)
		uw = 24;
	for (size_t i = 0; i < nc; i++) {
		const struct fg_assignment *a = &m->asg[cand[i]];
		char unit[256];
		fg_text_fit(a->unit, uw, true, unit, sizeof unit);
		snprintf(bufs[i], sizeof bufs[i], "%s %s  %s %s", tui_role_glyph(a->role), unit,
			 tui_status_glyph(a->status), tui_status_label(a->status));
		items[i] = bufs[i];
		if (t->focus_unit[0] && strcmp(a->unit, t->focus_unit) == 0)
			initial = i;
	}
	char title[600];
	if (umbrella < t->p->nunits)
		snprintf(title, sizeof title, _("Which member of %s in %s?"), t->p->units[umbrella].name, m->label);
	else
		snprintf(title, sizeof title, _("Whose assignment in %s?"), m->label);
	long c = tui_menu(t, title, items, nc, initial, nc <= 9 ? 1 : -1);
	size_t r = c < 0 ? SIZE_MAX : cand[c];
	free(bufs);
	free(items);
	free(cand);
	return r;
}

/* The assignment the current view points at, asking when needed.  With
 * conflicts, a view that names no assignment (the measures view) means the
 * measure's assignment with an open merge conflict when it has just one. */
static bool current_assignment(struct tui *t, bool conflicts, struct fg_measure **mp, struct fg_assignment **ap)
{
	struct tui_target tg = { SIZE_MAX, SIZE_MAX, false, false, SIZE_MAX };
	const struct tui_view_ops *v = tui_views[t->view];
	if (!v->target || !v->target(t, &tg) || tg.measure >= t->p->nmeasures) {
		tui_message(t, true, "%s", _("Select a measure first (the units view has none): press Tab to go to the measures."));
		return false;
	}
	struct fg_measure *m = &t->p->measures[tg.measure];
	size_t ai = tg.asg;
	if (tg.exact && ai == SIZE_MAX) {
		char mn[512];
		if (t->view == TUI_VIEW_MATRIX && tui_matrix_unit(t) < t->p->nunits)
			tui_message(t, true, _("%s has no assignment in %s; move to a cell with ● or ○."),
				    t->p->units[tui_matrix_unit(t)].name, measure_name(m, mn, sizeof mn));
		else
			tui_message(t, true, _("%s has no assignments, so there is nothing to change."),
				    measure_name(m, mn, sizeof mn));
		return false;
	}
	if (ai == SIZE_MAX && conflicts) {
		size_t nc = 0, last = SIZE_MAX;
		for (size_t i = 0; i < m->nasg; i++)
			if (tui_conflict_open(t, m, &m->asg[i])) {
				nc++;
				last = i;
			}
		if (nc == 0) {
			char mn[512];
			tui_message(t, false, _("%s has no open merge conflict."), measure_name(m, mn, sizeof mn));
			return false;
		}
		if (nc == 1)
			ai = last;
	}
	if (ai == SIZE_MAX)
		ai = pick_assignment(t, m, tg.rollup ? tg.umbrella : SIZE_MAX);
	if (ai == SIZE_MAX || ai >= m->nasg)
		return false;
	struct fg_assignment *a = &m->asg[ai];
	if (t->as_set && !t->as_set[a->unit_index] && t->sign) {
		tui_message(t, true,
			    _("This is %s's assignment: your key (%s, %s) speaks for %s, so it cannot sign a change to this "
			      "row. Your other edits are kept."),
			    a->unit, t->by_name, t->sign->fingerprint, t->as_name);
		tui_set_focus(t, m, a->unit);
		return false;
	}
	if (t->as_set && !t->as_set[a->unit_index]) {
		tui_message(t, true,
			    _("This is %s's assignment: as the liaison of %s you can change only your own unit's assignments."),
			    a->unit, t->as_name);
		tui_set_focus(t, m, a->unit);
		return false;
	}
	*mp = m;
	*ap = a;
	return true;
}

/* ------------------------------------------------------------------ set */

/* How a set came about: a plain edit, or the decision of a merge conflict. */
enum { SET_PLAIN, SET_KEEP_THIS, SET_TAKE_OTHER };

static void apply_set(struct tui *t, struct fg_measure *m, struct fg_assignment *a, enum fg_status st,
		      const char *note, int how)
{
	enum fg_status old_st = a->status;
	char *old_note = tui_xstrdup(a->note);
	char unit[256];
	snprintf(unit, sizeof unit, "%s", a->unit);
	struct fg_diag d;
	fg_diag_init(&d, t->g->file);
	time_t now = time(NULL);
	size_t dirty_before = fg_plan_dirty(t->p);
	bool had_conflict = tui_conflict_open(t, m, a) != NULL;
	if (!fg_plan_set(t->p, m, a, st, note, &t->who, now, &d)) {
		tui_message_diag(t, &d);
	} else {
		bool changed = a->status != old_st || strcmp(a->note, old_note) != 0;
		tui_conflict_track(t, m, a, dirty_before);
		bool decided = had_conflict && tui_conflict_decided(t, m, a);
		if (changed || decided)
			tui_touch(t, m, a, old_st, old_note, now);
		if (decided && how == SET_KEEP_THIS)
			tui_message(t, false, _("Merge conflict on %s %s decided: this side kept (%s %s). Press w to save."),
				    m->label, unit, tui_status_glyph(a->status), tui_status_label(a->status));
		else if (decided && how == SET_TAKE_OTHER)
			tui_message(t, false,
				    _("Merge conflict on %s %s decided: the other side taken (%s %s). Press w to save."),
				    m->label, unit, tui_status_glyph(a->status), tui_status_label(a->status));
		else if (decided)
			tui_message(t, false, _("%s %s: %s %s; this decides its merge conflict. Press w to save."), m->label,
				    unit, tui_status_glyph(a->status), tui_status_label(a->status));
		else if (changed)
			tui_message(t, false, _("%s %s: %s %s. Press w to save."), m->label, unit,
				    tui_status_glyph(a->status), tui_status_label(a->status));
		else
			tui_message(t, false, "%s", _("Nothing changed."));
	}
	fg_diag_free(&d);
	free(old_note);
	tui_set_focus(t, m, unit);
	tui_model_changed(t);
}

/* The keep/take menu for a's open conflict c; with more, a third item
 * "set another status".  Returns 0 keep, 1 take, 2 other, -1 cancelled. */
static long decide_menu(struct tui *t, const struct fg_measure *m, const struct fg_assignment *a,
			const struct fg_conflict *c, bool more)
{
	char this_side[1024], other_side[1024], side[900];
	tui_side_text(side, sizeof side, a->status, a->note, a->updated, a->by);
	snprintf(this_side, sizeof this_side, _("Keep this side: %s"), side);
	tui_side_text(side, sizeof side, c->status, c->note, c->updated, c->by);
	snprintf(other_side, sizeof other_side, _("Take the other side: %s"), side);
	const char *items[3] = { this_side, other_side, _("Set another status…") };
	char title[600];
	snprintf(title, sizeof title, _("Merge conflict on %s in %s: keep which value?"), a->unit, m->label);
	return tui_menu(t, title, items, more ? 3 : 2, 0, 1);
}

static void decide(struct tui *t, struct fg_measure *m, struct fg_assignment *a, long choice,
		   const struct fg_conflict *c)
{
	if (choice == 0) {
		char *note = tui_xstrdup(a->note);
		apply_set(t, m, a, a->status, note, SET_KEEP_THIS);
		free(note);
	} else if (choice == 1) {
		enum fg_status st = c->status;
		char *note = tui_xstrdup(c->note);
		apply_set(t, m, a, st, note, SET_TAKE_OTHER);
		free(note);
	}
}

void tui_decide_conflict(struct tui *t)
{
	struct fg_measure *m;
	struct fg_assignment *a;
	if (!current_assignment(t, true, &m, &a))
		return;
	const struct fg_conflict *c = tui_conflict_open(t, m, a);
	if (!c) {
		tui_set_focus(t, m, a->unit);
		if (tui_conflict_decided(t, m, a))
			tui_message(t, false, _("The merge conflict on %s %s is decided; press w to save it, or u to undo."),
				    m->label, a->unit);
		else
			tui_message(t, false, _("%s %s has no open merge conflict."), m->label, a->unit);
		return;
	}
	long choice = decide_menu(t, m, a, c, false);
	if (choice < 0) {
		tui_message(t, false, "%s", _("Merge conflict not decided."));
		return;
	}
	decide(t, m, a, choice, c);
}

/* A text conflict: shown with both sides' lines, decided by hand. */
static void text_conflict_popup(struct tui *t, const struct fg_conflict *c)
{
	const char *other = c->other && *c->other ? c->other : _("(none)");
	const char *was = c->was && *c->was ? c->was : _("(none)");
	size_t cap = strlen(other) + strlen(was) + strlen(t->g->file) + 4096;
	char *body = tui_xmalloc(cap);
	size_t n = 0;
	n += (size_t)snprintf(body + n, cap - n,
			      _("Text conflict near line %u of %s: both merged versions changed these lines differently, "
				"and the file keeps this side's lines."),
			      c->near, t->g->file);
	n += (size_t)snprintf(body + n, cap - n, "\n%s\n%s\n", _("The other side's lines:"), other);
	n += (size_t)snprintf(body + n, cap - n, "%s\n%s\n", _("The common ancestor's lines:"), was);
	snprintf(body + n, cap - n, "%s",
		 _("The terminal interface does not decide this: edit the file by hand (keep the lines you want), "
		   "delete this entry from the file's conflicts: list, then run `fengong check`."));
	tui_ask(t, body, _("Esc or Enter: close"), "q\r\n");
	free(body);
}

void tui_conflicts_list(struct tui *t)
{
	size_t n = fg_plan_nconflicts(t->p);
	if (n == 0) {
		tui_message(t, false, "%s", _("This plan has no open merge conflicts."));
		return;
	}
	const char **items = tui_xmalloc(n * sizeof *items);
	char (*bufs)[1024] = tui_xmalloc(n * sizeof *bufs);
	for (size_t i = 0; i < n; i++) {
		const struct fg_conflict *c = fg_plan_conflict(t->p, i);
		items[i] = bufs[i];
		if (c->measure == 0) {
			snprintf(bufs[i], sizeof bufs[i], _("Text near line %u: edit the file by hand (Enter: details)"),
				 c->near);
			continue;
		}
		const struct fg_measure *m = fg_plan_measure(t->p, c->measure);
		long u = m ? fg_plan_unit_index(t->p, c->unit) : -1;
		const struct fg_assignment *a = u >= 0 ? fg_measure_assignment(m, (size_t)u) : NULL;
		if (!a)
			snprintf(bufs[i], sizeof bufs[i], _("Measure %d, %s: no such assignment"), c->measure, c->unit);
		else if (tui_conflict_decided(t, m, a))
			snprintf(bufs[i], sizeof bufs[i], _("%s %s: decided, not saved yet (w saves)"), m->label, a->unit);
		else
			snprintf(bufs[i], sizeof bufs[i], _("%s %s: this side %s %s, other side %s %s"), m->label, a->unit,
				 tui_status_glyph(a->status), tui_status_label(a->status), tui_status_glyph(c->status),
				 tui_status_label(c->status));
	}
	char title[256];
	snprintf(title, sizeof title,
		 ngettext("%zu merge conflict (Enter: open · Esc: close)", "%zu merge conflicts (Enter: open · Esc: close)", n),
		 n);
	size_t initial = 0;
	for (;;) {
		long ch = tui_menu(t, title, items, n, initial, n <= 9 ? 1 : -1);
		if (ch < 0)
			break;
		const struct fg_conflict *c = fg_plan_conflict(t->p, (size_t)ch);
		if (c->measure == 0) {
			text_conflict_popup(t, c);
			initial = (size_t)ch;
			continue;
		}
		const struct fg_measure *m = fg_plan_measure(t->p, c->measure);
		long u = m ? fg_plan_unit_index(t->p, c->unit) : -1;
		const struct fg_assignment *a = u >= 0 ? fg_measure_assignment(m, (size_t)u) : NULL;
		if (m)
			tui_open_detail(t, (size_t)(m - t->p->measures), a ? (long)(a - m->asg) : -1);
		break;
	}
	free(bufs);
	free(items);
}

void tui_edit_status(struct tui *t)
{
	struct fg_measure *m;
	struct fg_assignment *a;
	if (!current_assignment(t, false, &m, &a))
		return;
	const struct fg_conflict *cf = tui_conflict_open(t, m, a);
	if (cf) {
		long choice = decide_menu(t, m, a, cf, true);
		if (choice < 0) {
			tui_message(t, false, "%s", _("Merge conflict not decided."));
			return;
		}
		if (choice < 2) {
			decide(t, m, a, choice, cf);
			return;
		}
	}
	const char *items[FG_STATUS_COUNT];
	char bufs[FG_STATUS_COUNT][128];
	for (int s = 0; s < FG_STATUS_COUNT; s++) {
		snprintf(bufs[s], sizeof bufs[s], "%s %s%s", tui_status_glyph((enum fg_status)s),
			 tui_status_label((enum fg_status)s), (enum fg_status)s == a->status ? _("  (now)") : "");
		items[s] = bufs[s];
	}
	char title[600];
	snprintf(title, sizeof title, _("Status of %s in %s"), a->unit, m->label);
	long c = tui_menu(t, title, items, FG_STATUS_COUNT, a->status, 1);
	if (c < 0)
		return;
	apply_set(t, m, a, (enum fg_status)c, NULL, SET_PLAIN);
}

void tui_edit_note(struct tui *t)
{
	struct fg_measure *m;
	struct fg_assignment *a;
	if (!current_assignment(t, false, &m, &a))
		return;
	char label[600];
	snprintf(label, sizeof label, _("Note (%s %s): "), m->label, a->unit);
	/* the prompt may run a relayout: keep the assignment by name */
	int num = m->number;
	char unit[256];
	snprintf(unit, sizeof unit, "%s", a->unit);
	char *note = tui_note_editor(t, label, a->note);
	if (!note)
		return; /* Esc: unchanged, or the change discarded after asking */
	m = fg_plan_measure(t->p, num);
	long u = fg_plan_unit_index(t->p, unit);
	a = m && u >= 0 ? fg_measure_assignment(m, (size_t)u) : NULL;
	if (a)
		apply_set(t, m, a, a->status, note, SET_PLAIN);
	free(note);
}

void tui_review(struct tui *t, bool approve)
{
	if (t->as_set) {
		tui_message(t, true, "%s", _("Only a coordinator approves or returns; a liaison submits (done) and asks for more time."));
		return;
	}
	struct fg_measure *m;
	struct fg_assignment *a;
	if (!current_assignment(t, false, &m, &a))
		return;
	int num = m->number;
	char unit[256];
	snprintf(unit, sizeof unit, "%s", a->unit);
	char *note = NULL;
	if (!approve) {
		char label[600];
		snprintf(label, sizeof label, _("Reason for returning (%s %s): "), m->label, a->unit);
		note = tui_prompt(t, label, "");
		if (!note || !*note) {
			free(note);
			tui_message(t, false, "%s", _("Nothing returned."));
			return;
		}
		/* the prompt may run a relayout: keep the assignment by name */
		m = fg_plan_measure(t->p, num);
		long u = fg_plan_unit_index(t->p, unit);
		a = m && u >= 0 ? fg_measure_assignment(m, (size_t)u) : NULL;
		if (!a) {
			free(note);
			return;
		}
	}
	enum fg_status old_st = a->status;
	char *old_note = tui_xstrdup(a->note);
	struct fg_diag d;
	fg_diag_init(&d, t->g->file);
	time_t now = time(NULL);
	enum fg_pending what;
	if (!fg_plan_review(t->p, m, a, approve, note, &t->who, now, &what, &d)) {
		tui_message_diag(t, &d);
	} else {
		if (a->status != old_st || strcmp(a->note, old_note) != 0)
			tui_touch(t, m, a, old_st, old_note, now);
		if (what == FG_PENDING_SUBMISSION)
			tui_message(t, false, _("%s %s: %s %s. Press w to save."), m->label, unit, tui_status_glyph(a->status),
				    tui_status_label(a->status));
		else
			tui_message(t, false, approve ? _("%s %s: extension granted (due %s). Press w to save.")
						      : _("%s %s: extension refused. Press w to save."),
				    m->label, unit, fg_asg_due(t->p, m, a));
	}
	fg_diag_free(&d);
	free(old_note);
	free(note);
	tui_set_focus(t, m, unit);
	tui_model_changed(t);
}

/* The assignment named by measure number and unit, after a prompt that may
 * have run a relayout; false when it is gone. */
static bool asg_again(struct tui *t, int num, const char *unit, struct fg_measure **mp, struct fg_assignment **ap)
{
	*mp = fg_plan_measure(t->p, num);
	long u = *mp ? fg_plan_unit_index(t->p, unit) : -1;
	*ap = u >= 0 ? fg_measure_assignment(*mp, (size_t)u) : NULL;
	return *ap != NULL;
}

/* The first problem of d, malloc'd. */
static char *diag_line(const struct fg_diag *d)
{
	char line[1024] = "";
	if (d->n)
		fg_diag_format(d, 0, line, sizeof line);
	return tui_xstrdup(line);
}

/* A percent as typed: a whole number (the core says which are allowed). */
static bool whole_number(const char *s, int *v)
{
	while (*s == ' ')
		s++;
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	while (*end == ' ')
		end++;
	if (end == s || *end || errno || n < INT_MIN || n > INT_MAX)
		return false;
	*v = (int)n;
	return true;
}

void tui_report(struct tui *t)
{
	if (!tui_cycle_refresh(t)) {
		tui_message(t, true, "%s", _("The plan declares no reporting cycle (plan.reporting)."));
		return;
	}
	struct fg_measure *m;
	struct fg_assignment *a;
	if (!current_assignment(t, false, &m, &a))
		return;
	int num = m->number;
	char unit[256], label[600], period[16], pc_init[16] = "";
	snprintf(unit, sizeof unit, "%s", a->unit);
	snprintf(period, sizeof period, "%s", t->cyc_period);
	/* start from this period's last report, if any */
	const char *init[3] = {"", "", ""};
	for (size_t i = t->p->nhistory; i-- > 0;) {
		const struct fg_record *r = &t->p->history[i];
		if (r->kind == FG_KIND_REPORT && r->measure == num && strcmp(r->unit, unit) == 0 &&
		    strcmp(r->period, period) == 0) {
			init[0] = r->progress, init[1] = r->problems, init[2] = r->next;
			if (r->has_percent)
				snprintf(pc_init, sizeof pc_init, "%d", r->percent);
			break;
		}
	}
	static const char *const what[3] = {N_("Progress (%s %s, %s): "), N_("Problems (%s %s, %s): "),
					    N_("Next steps (%s %s, %s): ")};
	char *v[3] = {NULL, NULL, NULL};
	for (int i = 0; i < 3; i++) {
		snprintf(label, sizeof label, _(what[i]), m->label, unit, period);
		v[i] = tui_prompt(t, label, init[i]);
		if (!v[i] || (i == 0 && !*v[i])) {
			for (int k = 0; k <= i; k++)
				free(v[k]);
			tui_message(t, false, "%s", _("No report written."));
			return;
		}
	}
	/* percent complete, optional, as `fengong progress --percent P`: the
	 * core's rule decides; a refused value keeps the form open on it */
	snprintf(label, sizeof label, _("Percent 0-100 or empty (%s %s, %s): "), m->label, unit, period);
	char *pc = NULL, *why = NULL;
	for (;;) {
		char *in = why ? tui_prompt_refused(t, why, label, pc) : tui_prompt(t, label, pc_init);
		free(pc);
		free(why);
		pc = in;
		why = NULL;
		if (!pc) {
			tui_message(t, false, "%s", _("No report written."));
			break;
		}
		if (!asg_again(t, num, unit, &m, &a))
			break;
		struct fg_record r = {.kind = FG_KIND_REPORT, .period = period, .progress = v[0], .problems = v[1], .next = v[2]};
		if (*pc && !whole_number(pc, &r.percent)) {
			size_t len = strlen(pc) + 256;
			why = tui_xmalloc(len);
			snprintf(why, len, _("“%s” is not a whole number: give the percent complete from 0 to 100, or leave it empty."),
				 pc);
			continue;
		}
		r.has_percent = *pc != 0;
		struct fg_diag d;
		fg_diag_init(&d, t->g->file);
		bool ok = fg_plan_append(t->p, m, a, &r, &t->who, time(NULL), &d);
		if (!ok && r.has_percent)
			why = diag_line(&d); /* asked again with the reason above it */
		else if (!ok)
			tui_message_diag(t, &d);
		else if (r.has_percent)
			tui_message(t, false, _("%s %s: report for %s written (%d%% complete). Press w to save."), m->label, unit,
				    period, r.percent);
		else
			tui_message(t, false, _("%s %s: report for %s written. Press w to save."), m->label, unit, period);
		fg_diag_free(&d);
		if (!why)
			break;
	}
	free(pc);
	for (int k = 0; k < 3; k++)
		free(v[k]);
	asg_again(t, num, unit, &m, &a);
	if (m)
		tui_set_focus(t, m, unit);
	tui_model_changed(t);
}

void tui_extend(struct tui *t)
{
	struct fg_measure *m;
	struct fg_assignment *a;
	if (!current_assignment(t, false, &m, &a))
		return;
	int num = m->number;
	char unit[256], due[16], asked[16], label[600];
	snprintf(unit, sizeof unit, "%s", a->unit);
	snprintf(due, sizeof due, "%s", fg_asg_due(t->p, m, a));
	snprintf(asked, sizeof asked, "%s", a->due_asked);
	if (*due)
		snprintf(label, sizeof label, _("Later due date, after %s (%s %s): "), due, m->label, unit);
	else
		snprintf(label, sizeof label, _("Later due date, YYYY-MM-DD (%s %s): "), m->label, unit);
	/* the date: the core's check (a date that exists, later than the due
	 * date in effect) refuses it with the form still open */
	char *to = NULL, *note = NULL, *why = NULL;
	for (;;) {
		char *in = why ? tui_prompt_refused(t, why, label, to) : tui_prompt(t, label, asked);
		free(to);
		free(why);
		to = in;
		why = NULL;
		if (!to || !*to) {
			tui_message(t, false, "%s", _("No extension requested."));
			goto out;
		}
		if (!asg_again(t, num, unit, &m, &a))
			goto out;
		struct fg_diag d;
		fg_diag_init(&d, t->g->file);
		if (!fg_extend_check(t->p, m, a, to, &d))
			why = diag_line(&d);
		fg_diag_free(&d);
		if (!why)
			break;
	}
	snprintf(label, sizeof label, _("Reason for the extension to %s (%s %s): "), to, m->label, unit);
	for (;;) {
		char *in = why ? tui_prompt_refused(t, why, label, "") : tui_prompt(t, label, "");
		free(why);
		why = NULL;
		note = in;
		if (!note) {
			tui_message(t, false, "%s", _("No extension requested."));
			goto out;
		}
		if (*note)
			break;
		free(note);
		note = NULL;
		why = tui_xstrdup(_("An extension request needs a reason: say why the work needs the later date."));
	}
	if (!asg_again(t, num, unit, &m, &a))
		goto out;
	struct fg_record r = {.kind = FG_KIND_EXTEND, .due = to, .note = note};
	struct fg_diag d;
	fg_diag_init(&d, t->g->file);
	if (!fg_plan_append(t->p, m, a, &r, &t->who, time(NULL), &d))
		tui_message_diag(t, &d);
	else if (*asked && strcmp(asked, to) != 0)
		tui_message(t, false,
			    _("%s %s: extension to %s requested, in place of the request for %s; the coordinator approves or "
			      "returns it. Press w to save."),
			    m->label, unit, to, asked);
	else
		tui_message(t, false,
			    _("%s %s: extension to %s requested; the coordinator approves or returns it. Press w to save."),
			    m->label, unit, to);
	fg_diag_free(&d);
out:
	free(to);
	free(note);
	asg_again(t, num, unit, &m, &a);
	if (m)
		tui_set_focus(t, m, unit);
	tui_model_changed(t);
}

void tui_undo(struct tui *t, bool redo)
{
	bool ok = redo ? fg_plan_redo(t->p) : fg_plan_undo(t->p);
	if (!ok) {
		tui_message(t, false, "%s", redo ? _("Nothing to redo.") : _("Nothing to undo."));
		return;
	}
	size_t n = tui_unsaved_count(t);
	if (redo)
		tui_message(t, false, ngettext("Redone; %zu unsaved edit.", "Redone; %zu unsaved edits.", n), n);
	else
		tui_message(t, false, ngettext("Undone; %zu unsaved edit.", "Undone; %zu unsaved edits.", n), n);
	tui_model_changed(t);
}

/* ------------------------------------------------------------------ save */

/* Shown at once in the status line when another writer holds the lock. */
static void tui_lock_wait(const struct fg_lock_holder *h, const char *lockpath, void *ctx)
{
	struct tui *t = ctx;
	if (h->known)
		tui_message(t, false, _("Waiting for the lock held by process %ld on %s since %s (%s)…"), h->pid, h->host,
			    h->since, lockpath);
	else
		tui_message(t, false, _("Waiting for the lock %s, which does not say who holds it…"), lockpath);
	tui_draw_all(t);
	doupdate();
}

bool tui_save(struct tui *t)
{
	struct fg_save_opts so = {.on_lock_wait = tui_lock_wait, .lock_wait_ctx = t};
	if (t->read_only) {
		tui_message(t, true, "%s", _("Read-only mode: nothing is saved."));
		return false;
	}
	size_t n = tui_unsaved_count(t);
	if (n == 0) {
		tui_message(t, false, "%s", _("No unsaved edits: the file is as it was."));
		if (t->recover_applied)
			tui_recover_done(t);
		return true;
	}
	/* a signed plan (issue 14): the history verifies and the save signs */
	if (!tui_signing_save_ok(t, &so))
		return false;
	struct fg_diag d;
	fg_diag_init(&d, t->g->file);
	bool ok = fg_plan_save(t->p, &so, &d);
	int chose = 0;
	if (!ok && d.kind == FG_ERR_CONFLICT && d.n) {
		/* the same assignment was changed in the file meanwhile: show both
		 * values (the core's messages name them) and let the user choose */
		size_t cap = 4096, len = 0;
		char *body = tui_xmalloc(cap);
		body[0] = 0;
		for (size_t i = 0; i < d.n && i < 8; i++) {
			char line[1024];
			fg_diag_format(&d, i, line, sizeof line);
			len += (size_t)snprintf(body + len, cap - len, "%s\n", line);
			if (len >= cap)
				break;
		}
		if (d.n > 8 && len < cap)
			snprintf(body + len, cap - len, _("… and %zu more.\n"), d.n - 8);
		int c = tui_ask(t, body,
				_("Keep which values? m: mine (overwrite the file's) · t: theirs (drop my edits of these) · "
				  "c: cancel and keep my edits unsaved"),
				"mtc");
		free(body);
		chose = c;
		if (c == 'm' || c == 't') {
			fg_diag_free(&d);
			fg_diag_init(&d, t->g->file);
			ok = fg_plan_save_ex(t->p, &so, c == 'm' ? FG_CONFLICT_MINE : FG_CONFLICT_THEIRS, &d);
		} else {
			fg_diag_free(&d);
			tui_message(t, true, "%s", _("Not saved: your edits are kept; press w to try again."));
			tui_model_changed(t);
			return false;
		}
	}
	if (!ok) {
		char first[1024] = "";
		if (d.n)
			fg_diag_format(&d, 0, first, sizeof first);
		if (d.kind == FG_ERR_CONFLICT)
			tui_message(t, true, _("Not saved: %s. Your edits are kept; press w to try again."), first);
		else if (d.kind == FG_ERR_LOCKED)
			tui_message(t, true, _("Not saved: %s. Your edits are kept; press w to try again."), first);
		else
			tui_message(t, true, _("Not saved: %s. Your edits are kept in memory."), first);
		fg_diag_free(&d);
		/* the plan may hold a partly re-read state; keep the view consistent */
		tui_model_changed(t);
		return false;
	}
	fg_diag_free(&d);
	tui_touched_clear(t);
	tui_decided_clear(t); /* the save removed the decided conflicts' entries */
	if (t->recover_refused) /* saved after all: the copy a refusal wrote goes */
		t->recover_applied = true;
	t->recover_refused = false;
	tui_recover_done(t);
	if (chose == 'm')
		tui_message(t, false, _("Saved to %s; your values replaced the file's where both changed."), t->g->file);
	else if (chose == 't')
		tui_message(t, false, _("Saved to %s; the file's values were kept where both changed."), t->g->file);
	else
		tui_message(t, false, ngettext("Saved %zu edit to %s.", "Saved %zu edits to %s.", n), n, t->g->file);
	tui_model_changed(t);
	return true;
}

bool tui_confirm_quit(struct tui *t)
{
	size_t n = tui_unsaved_count(t);
	if (n == 0)
		return true;
	char q[512];
	size_t ql = (size_t)snprintf(q, sizeof q, ngettext("%zu edit is not saved yet.", "%zu edits are not saved yet.", n),
				     n);
	if (t->recover_refused && ql < sizeof q) /* a refused save kept them (signing.c): they stay there */
		snprintf(q + ql, sizeof q - ql, _(" A copy is kept in %s for a start with a signing key."), t->recover_path);
	int c = tui_ask(t, q, _("Save before quitting? y: save and quit · n: discard and quit · c: cancel"), "ync");
	if (c == 'y')
		return tui_save(t);
	if (c == 'n') {
		if (t->recover_applied && !t->recover_refused)
			tui_recover_done(t);
		return true;
	}
	tui_message(t, false, "%s", _("Quit cancelled; your edits are still unsaved."));
	return false;
}
