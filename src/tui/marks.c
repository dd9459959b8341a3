/* fengong TUI: marks and bulk edits.  Space marks the selected assignment,
 * * (or V) every visible one, Esc clears them; s and e with marks change every
 * marked assignment the user may change, as one step of undo.  A liaison's
 * marks only ever hold their own unit's rows. */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The flat mark array follows the plan's measures; a plan replaced by a
 * save that re-read the file drops the marks. */
static void marks_ensure(struct tui *t)
{
	const struct fg_plan *p = t->p;
	if (t->mk_off && t->mk_of == p->measures && t->mk_nmeasures == p->nmeasures)
		return;
	free(t->mk);
	free(t->mk_off);
	t->mk_off = tui_xmalloc((p->nmeasures + 1) * sizeof *t->mk_off);
	size_t n = 0;
	for (size_t i = 0; i < p->nmeasures; i++) {
		t->mk_off[i] = n;
		n += p->measures[i].nasg;
	}
	t->mk_off[p->nmeasures] = n;
	t->mk = app_xcalloc(n ? n : 1, 1);
	t->mk_of = p->measures;
	t->mk_nmeasures = p->nmeasures;
	t->nmarked = 0;
}

void tui_marks_check(struct tui *t)
{
	if (!t->mk_off)
		return;
	bool had = t->nmarked > 0;
	marks_ensure(t);
	if (had && t->nmarked == 0) {
		size_t n = strlen(t->msg);
		tui_snprintf(t->msg + n, sizeof t->msg - n, "%s%s", n ? " " : "",
			 _("The plan was re-read from the file, so the marks were cleared."));
	}
}

void tui_marks_free(struct tui *t)
{
	free(t->mk);
	free(t->mk_off);
	t->mk = NULL;
	t->mk_off = NULL;
	t->nmarked = 0;
}

static unsigned char *mark_of(struct tui *t, const struct fg_measure *m, const struct fg_assignment *a)
{
	marks_ensure(t);
	size_t mi = (size_t)(m - t->p->measures);
	return &t->mk[t->mk_off[mi] + (size_t)(a - m->asg)];
}

bool tui_marked(const struct tui *t, const struct fg_measure *m, const struct fg_assignment *a)
{
	if (!t->nmarked || !t->mk_off || t->mk_of != t->p->measures)
		return false;
	size_t mi = (size_t)(m - t->p->measures);
	return t->mk[t->mk_off[mi] + (size_t)(a - m->asg)] != 0;
}

bool tui_measure_marked(const struct tui *t, const struct fg_measure *m)
{
	for (size_t i = 0; i < m->nasg; i++)
		if (tui_marked(t, m, &m->asg[i]))
			return true;
	return false;
}

static void set_mark(struct tui *t, const struct fg_measure *m, const struct fg_assignment *a, bool on)
{
	unsigned char *k = mark_of(t, m, a);
	if (*k && !on)
		t->nmarked--;
	else if (!*k && on)
		t->nmarked++;
	*k = on;
}

/* A row a mark may hold: visible under the filters and, for a liaison,
 * their own. */
static bool markable(const struct tui *t, const struct fg_measure *m, const struct fg_assignment *a)
{
	if (t->as_set && !t->as_set[a->unit_index])
		return false;
	return tui_asg_matches_filter(t, m, a);
}

static void say_count(struct tui *t)
{
	if (t->nmarked)
		tui_message(t, false,
			    ngettext("%zu assignment marked: s sets the status of all, e their note; Esc clears the marks.",
				     "%zu assignments marked: s sets the status of all, e their note; Esc clears the marks.",
				     t->nmarked),
			    t->nmarked);
	else
		tui_message(t, false, "%s", _("No assignment is marked."));
}

/* Space: the selected assignment (a view that names none: the measure's
 * visible assignments), toggled; the cursor moves on. */
void tui_mark_toggle(struct tui *t)
{
	struct tui_target tg = { SIZE_MAX, SIZE_MAX, false, false, SIZE_MAX };
	const struct tui_view_ops *v = tui_views[t->view];
	if (!v->target || !v->target(t, &tg) || tg.measure >= t->p->nmeasures) {
		tui_message(t, true, "%s",
			    _("Select a measure or an assignment to mark."));
		return;
	}
	const struct fg_measure *m = &t->p->measures[tg.measure];
	if (tg.exact && tg.asg == SIZE_MAX) {
		tui_message(t, true, "%s", _("There is no assignment here to mark; move to a cell with ● or ○."));
		return;
	}
	if (tg.asg != SIZE_MAX) {
		const struct fg_assignment *a = &m->asg[tg.asg];
		if (t->as_set && !t->as_set[a->unit_index]) {
			tui_message(t, true,
				    _("This is %s's assignment: as the liaison of %s you can mark only your own unit's rows."),
				    a->unit, t->as_name);
			return;
		}
		set_mark(t, m, a, !tui_marked(t, m, a));
	} else {
		size_t n = 0, on = 0;
		for (size_t i = 0; i < m->nasg; i++)
			if (markable(t, m, &m->asg[i])) {
				n++;
				on += tui_marked(t, m, &m->asg[i]);
			}
		if (n == 0) {
			if (t->as_set)
				tui_message(t, true, _("%s has no assignment of %s: as its liaison you can mark only your own unit's rows."),
					    m->label, t->as_name);
			else
				tui_message(t, true, _("%s has no assignments to mark."), m->label);
			return;
		}
		for (size_t i = 0; i < m->nasg; i++)
			if (markable(t, m, &m->asg[i]))
				set_mark(t, m, &m->asg[i], on < n);
	}
	say_count(t);
	if (t->view != TUI_VIEW_DETAIL || tg.asg + 1 < m->nasg) {
		char keep[1024];
		tui_snprintf(keep, sizeof keep, "%s", t->msg);
		v->request(t, TUI_ACTION_DOWN);
		tui_snprintf(t->msg, sizeof t->msg, "%s", keep);
	}
}

/* Space on a matrix cell of umbrella u's roll-up: its member rows in m
 * that a mark may hold, toggled together (all on unless all are on). */
void tui_mark_members(struct tui *t, const struct fg_measure *m, size_t u)
{
	marks_ensure(t);
	size_t n = 0, on = 0;
	for (size_t i = 0; i < m->nasg; i++)
		if (m->asg[i].via_index == u && markable(t, m, &m->asg[i])) {
			n++;
			on += tui_marked(t, m, &m->asg[i]);
		}
	if (n == 0) {
		tui_message(t, true, "%s", _("There is no assignment here to mark; move to a cell with ● or ○."));
		return;
	}
	for (size_t i = 0; i < m->nasg; i++)
		if (m->asg[i].via_index == u && markable(t, m, &m->asg[i]))
			set_mark(t, m, &m->asg[i], on < n);
	say_count(t);
}

/* * / V: every visible assignment (the rows of the filtered measures that
 * match the filters). */
void tui_mark_all(struct tui *t)
{
	marks_ensure(t);
	for (size_t r = 0; r < t->nrows; r++) {
		const struct fg_measure *m = &t->p->measures[t->rows[r]];
		for (size_t i = 0; i < m->nasg; i++)
			if (markable(t, m, &m->asg[i]))
				set_mark(t, m, &m->asg[i], true);
	}
	if (t->nmarked == 0 && t->as_set)
		tui_message(t, true, _("No visible row is %s's: as its liaison you can mark only your own unit's rows."),
			    t->as_name);
	else
		say_count(t);
}

/* The units view: Space or * marks the unit's rows in the shown measures
 * (again: unmarks them). */
void tui_mark_unit(struct tui *t, size_t u)
{
	const struct fg_plan *p = t->p;
	if (u >= p->nunits)
		return;
	if (t->as_set && !t->as_set[u]) {
		tui_message(t, true, _("These are %s's rows: as the liaison of %s you can mark only your own unit's rows."),
			    p->units[u].name, t->as_name);
		return;
	}
	marks_ensure(t);
	size_t n = 0, on = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		const struct fg_measure *m = &p->measures[t->rows[r]];
		const struct fg_assignment *a = fg_measure_assignment(m, u);
		if (a && markable(t, m, a)) {
			n++;
			on += tui_marked(t, m, a);
		}
	}
	if (n == 0) {
		tui_message(t, true, _("%s has no row in the shown measures to mark."), p->units[u].name);
		return;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		const struct fg_measure *m = &p->measures[t->rows[r]];
		const struct fg_assignment *a = fg_measure_assignment(m, u);
		if (a && markable(t, m, a))
			set_mark(t, m, a, on < n);
	}
	say_count(t);
}

bool tui_marks_clear(struct tui *t)
{
	if (!t->nmarked)
		return false;
	memset(t->mk, 0, t->mk_off[t->mk_nmeasures] ? t->mk_off[t->mk_nmeasures] : 1);
	t->nmarked = 0;
	tui_message(t, false, "%s", _("Marks cleared."));
	return true;
}

/* ------------------------------------------------------------------ bulk */

struct refusal {
	char what[300];
	char why[400];
};

/* Apply status (or keep it when keep_status) and note (NULL: keep) to every
 * marked assignment; one undo step; a message naming changes and refusals. */
void tui_bulk_apply(struct tui *t, enum fg_status st, bool keep_status, const char *note)
{
	struct fg_plan *p = t->p;
	size_t mark = fg_plan_dirty(p);
	size_t changed = 0, same = 0, nref = 0, total = t->nmarked;
	struct refusal *ref = tui_xmalloc((total ? total : 1) * sizeof *ref);
	time_t now = time(NULL);
	for (size_t mi = 0; mi < p->nmeasures; mi++) {
		struct fg_measure *m = &p->measures[mi];
		for (size_t i = 0; i < m->nasg; i++) {
			struct fg_assignment *a = &m->asg[i];
			if (!tui_marked(t, m, a))
				continue;
			enum fg_status new_st = keep_status ? a->status : st;
			struct refusal *rf = &ref[nref];
			tui_snprintf(rf->what, sizeof rf->what, "%s %s", m->label, a->unit);
			if (tui_conflict_open(t, m, a)) {
				tui_snprintf(rf->why, sizeof rf->why, "%s",
					 _("it has an open merge conflict; open it and press d to decide it"));
				nref++;
				continue;
			}
			if (new_st == a->status && (!note || strcmp(note, a->note) == 0)) {
				same++;
				continue;
			}
			enum fg_status old_st = a->status;
			char *old_note = tui_xstrdup(a->note);
			struct fg_diag d;
			fg_diag_init(&d, t->g->file);
			if (fg_plan_set(p, m, a, new_st, note, &t->who, now, &d)) {
				tui_touch(t, m, a, old_st, old_note, now);
				changed++;
			} else {
				tui_snprintf(rf->why, sizeof rf->why, "%s", d.n ? d.items[0].msg : _("refused"));
				nref++;
			}
			fg_diag_free(&d);
			free(old_note);
		}
	}
	fg_plan_group_since(p, mark);
	char buf[sizeof t->msg];
	size_t n = 0;
	n += (size_t)tui_snprintf(buf + n, sizeof buf - n,
			      ngettext("%zu of %zu marked assignment changed", "%zu of %zu marked assignments changed", total),
			      changed, total);
	if (same && n < sizeof buf)
		n += (size_t)tui_snprintf(buf + n, sizeof buf - n, _(", %zu already so"), same);
	if (nref && n < sizeof buf)
		n += (size_t)tui_snprintf(buf + n, sizeof buf - n,
				      ngettext("; %zu refused: ", "; %zu refused: ", nref), nref);
	for (size_t i = 0; i < nref && i < 5 && n < sizeof buf; i++)
		n += (size_t)tui_snprintf(buf + n, sizeof buf - n, "%s%s (%s)", i ? "; " : "", ref[i].what, ref[i].why);
	if (nref > 5 && n < sizeof buf)
		n += (size_t)tui_snprintf(buf + n, sizeof buf - n, _("; and %zu more"), nref - 5);
	if (n < sizeof buf)
		tui_snprintf(buf + n, sizeof buf - n, "%s",
			 changed ? _(". u undoes them all at once; w saves.") : ".");
	free(ref);
	tui_model_changed(t);
	tui_message(t, nref > 0, "%s", buf);
}

void tui_bulk_status(struct tui *t)
{
	const char *items[FG_STATUS_COUNT];
	char bufs[FG_STATUS_COUNT][128];
	for (int s = 0; s < FG_STATUS_COUNT; s++) {
		tui_snprintf(bufs[s], sizeof bufs[s], "%s %s", tui_status_glyph((enum fg_status)s),
			 tui_status_label((enum fg_status)s));
		items[s] = bufs[s];
	}
	char title[256];
	tui_snprintf(title, sizeof title,
		 ngettext("Status of the %zu marked assignment", "Status of the %zu marked assignments", t->nmarked),
		 t->nmarked);
	long c = tui_menu(t, title, items, FG_STATUS_COUNT, 0, 1);
	if (c < 0)
		return;
	tui_bulk_apply(t, (enum fg_status)c, false, NULL);
}

void tui_bulk_note(struct tui *t)
{
	char label[256];
	tui_snprintf(label, sizeof label,
		 ngettext("Note for the %zu marked assignment: ", "Note for the %zu marked assignments: ", t->nmarked),
		 t->nmarked);
	char *note = tui_note_editor(t, label, "");
	if (!note)
		return;
	tui_bulk_apply(t, FG_STATUS_NOT_STARTED, true, note);
	free(note);
}
