/* fengong TUI: the detail view — one measure in full: its text wrapped by
 * display width, its targets, every assignment (selectable: s and e act on
 * the selected one) and its history. */
#include "tui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ document */

static void dl_clear(struct tui *t)
{
	for (size_t i = 0; i < t->ndl; i++)
		free(t->dl[i].text);
	t->ndl = 0;
}

static void dl_add(struct tui *t, const char *text, size_t len, int attr, long asg, int indent)
{
	if (t->ndl == t->dl_cap) {
		t->dl_cap = t->dl_cap ? t->dl_cap * 2 : 64;
		t->dl = tui_xrealloc(t->dl, t->dl_cap * sizeof *t->dl);
	}
	char *s = NULL;
	if (text) {
		s = tui_xmalloc(len + 1);
		memcpy(s, text, len);
		s[len] = 0;
	}
	t->dl[t->ndl++] = (struct tui_dline){ s, attr, asg, indent };
}

static void dl_addf(struct tui *t, int attr, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void dl_addf(struct tui *t, int attr, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	dl_add(t, buf, strlen(buf), attr, -1, 0);
}

struct wrap_ctx {
	struct tui *t;
	int attr;
	long asg;
	int indent;
};

static void wrap_line(const char *line, size_t len, void *vctx)
{
	struct wrap_ctx *c = vctx;
	dl_add(c->t, line, len, c->attr, c->asg, c->indent);
}

static void dl_wrap(struct tui *t, const char *s, int attr, long asg, int indent)
{
	int w = COLS - indent - 1;
	if (w < 8)
		w = 8;
	struct wrap_ctx c = { t, attr, asg, indent };
	if (!*s) {
		dl_add(t, "", 0, attr, asg, indent);
		return;
	}
	fg_text_wrap(s, w, wrap_line, &c);
}

/* Under an assignment with a merge conflict: both values and how to decide. */
static void detail_conflict(struct tui *t, const struct fg_measure *m, size_t i)
{
	const struct fg_assignment *a = &m->asg[i];
	const struct fg_conflict *c = tui_conflict_open(t, m, a);
	char side[1200], buf[1400];
	if (!c) {
		if (tui_conflict_decided(t, m, a))
			dl_wrap(t, _("Merge conflict decided; press w to save (u undoes the decision)."), TUI_ATTR_GREEN,
				(long)i, 6);
		return;
	}
	dl_wrap(t, _("? Merge conflict: the two merged versions set this assignment differently."), TUI_ATTR_ERROR,
		(long)i, 6);
	tui_side_text(side, sizeof side, a->status, a->note, a->updated, a->by);
	snprintf(buf, sizeof buf, _("This side (in the file now): %s"), side);
	dl_wrap(t, buf, 0, (long)i, 8);
	tui_side_text(side, sizeof side, c->status, c->note, c->updated, c->by);
	snprintf(buf, sizeof buf, _("The other side: %s"), side);
	dl_wrap(t, buf, 0, (long)i, 8);
	if (t->read_only)
		dl_wrap(t, _("Read-only mode: shown here, not decided; a coordinator or the unit's liaison decides it."),
			TUI_ATTR_DIM, (long)i, 8);
	else if (t->as_set && !t->as_set[a->unit_index])
		dl_wrap(t, _("Decided by the unit's liaison or a coordinator."), TUI_ATTR_DIM, (long)i, 8);
	else
		dl_wrap(t, _("d: decide — keep this side or take the other side; then w saves."), TUI_ATTR_KEY, (long)i, 8);
}

/* "A、B、C" into buf. */
static void part_units(char *buf, size_t len, const struct fg_part_unit *u, size_t n)
{
	size_t at = 0;
	buf[0] = 0;
	for (size_t k = 0; k < n && at < len; k++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", k ? "、" : "", u[k].unit);
}

/* A measure's sub-tasks, each its text and its units (statuses stay on the
 * assignments below, one per unit). */
static void detail_parts(struct tui *t, const struct fg_measure *m)
{
	if (!m->nparts)
		return;
	char buf[2048], units[1536];
	dl_add(t, "", 0, 0, -1, 0);
	dl_addf(t, TUI_ATTR_HEADING, "%s", _("Parts (sub-tasks, each with its own units)"));
	for (size_t i = 0; i < m->nparts; i++) {
		const struct fg_part *pt = &m->parts[i];
		snprintf(buf, sizeof buf, "（%zu）%s", i + 1, pt->text); /* no space: the wrap would break there */
		dl_wrap(t, buf, 0, -1, 2);
		if (pt->nlead) {
			part_units(units, sizeof units, pt->lead, pt->nlead);
			snprintf(buf, sizeof buf, _("Lead: %s"), units);
			dl_wrap(t, buf, TUI_ATTR_DIM, -1, 5);
		}
		if (pt->nco) {
			part_units(units, sizeof units, pt->co, pt->nco);
			snprintf(buf, sizeof buf, _("Co-responsible: %s"), units);
			dl_wrap(t, buf, TUI_ATTR_DIM, -1, 5);
		}
	}
}

static void detail_build(struct tui *t)
{
	dl_clear(t);
	t->dl_width = COLS;
	if (t->dt_measure >= t->p->nmeasures)
		return;
	const struct fg_plan *p = t->p;
	const struct fg_measure *m = &p->measures[t->dt_measure];
	char buf[2048];
	snprintf(buf, sizeof buf, "%s %s", m->label, m->title);
	dl_wrap(t, buf, TUI_ATTR_HEADING, -1, 0);
	if (m->section_index < p->nsections)
		dl_addf(t, TUI_ATTR_NORMAL, _("Section: %s、%s"), p->sections[m->section_index].id,
			p->sections[m->section_index].title);
	enum fg_status st = fg_measure_rollup(m);
	if (m->nasg)
		dl_addf(t, TUI_ATTR_NORMAL, _("Measure %d · status: %s %s · %zu of %zu assignments done"), m->number,
			tui_status_glyph(st), tui_status_label(st), fg_measure_done(m), m->nasg);
	else
		dl_addf(t, TUI_ATTR_NORMAL, _("Measure %d · status: %s %s"), m->number, tui_status_glyph(st),
			tui_status_label(st));
	if (*m->due) {
		if (fg_measure_overdue(m, t->today))
			dl_addf(t, TUI_ATTR_RED, _("Due %s: overdue (today is %s)"), m->due, t->today);
		else
			dl_addf(t, TUI_ATTR_NORMAL, _("Due %s"), m->due);
	}
	dl_add(t, "", 0, 0, -1, 0);
	dl_addf(t, TUI_ATTR_HEADING, "%s", _("Text"));
	dl_wrap(t, m->text, 0, -1, 2);
	if (m->ntargets) {
		dl_add(t, "", 0, 0, -1, 0);
		dl_addf(t, TUI_ATTR_HEADING, "%s", _("Targets"));
		for (size_t i = 0; i < m->ntargets; i++) {
			snprintf(buf, sizeof buf, "- %s", m->targets[i]);
			dl_wrap(t, buf, 0, -1, 2);
		}
	}
	detail_parts(t, m);
	dl_add(t, "", 0, 0, -1, 0);
	if (m->nasg == 0) {
		dl_addf(t, TUI_ATTR_HEADING, "%s", _("Assignments"));
		snprintf(buf, sizeof buf, _("None: %s"), *m->unassigned ? m->unassigned : _("the plan names no unit."));
		dl_wrap(t, buf, 0, -1, 2);
	} else {
		if (tui_measure_conflicted(t, m) && !t->read_only)
			dl_addf(t, TUI_ATTR_HEADING, "%s", _("Assignments (s: set status, e: edit note, d: decide a merge conflict)"));
		else
			dl_addf(t, TUI_ATTR_HEADING, "%s", _("Assignments (s: set status, e: edit note)"));
		for (size_t i = 0; i < m->nasg; i++) {
			const struct fg_assignment *a = &m->asg[i];
			dl_add(t, NULL, 0, 0, (long)i, 0);
			if (*a->note) {
				snprintf(buf, sizeof buf, _("Note: %s"), a->note);
				dl_wrap(t, buf, 0, (long)i, 6);
			}
			detail_conflict(t, m, i);
		}
	}
	/* history of this measure, newest first */
	size_t nh = 0;
	for (size_t i = p->nhistory; i-- > 0;)
		if (p->history[i].measure == m->number)
			nh++;
	if (nh) {
		dl_add(t, "", 0, 0, -1, 0);
		dl_addf(t, TUI_ATTR_HEADING, _("History (%zu changes, newest first)"), nh);
		for (size_t i = p->nhistory; i-- > 0;) {
			const struct fg_record *r = &p->history[i];
			if (r->measure != m->number)
				continue;
			char as[300] = "";
			if (r->as && *r->as)
				snprintf(as, sizeof as, _(" (as %s)"), r->as);
			snprintf(buf, sizeof buf, "%s %s%s: %s %s → %s%s%s", r->at, r->by, as, r->unit,
				 tui_status_label(r->from), tui_status_label(r->to), *r->note ? " · " : "", r->note);
			dl_wrap(t, buf, TUI_ATTR_DIM, -1, 2);
		}
	}
}

static size_t asg_line(const struct tui *t, long asg)
{
	for (size_t i = 0; i < t->ndl; i++)
		if (t->dl[i].asg == asg && !t->dl[i].text)
			return i;
	return SIZE_MAX;
}

static size_t visible(const struct tui *t)
{
	return t->body_height > 0 ? (size_t)t->body_height : 1;
}

static void clamp_top(struct tui *t)
{
	size_t h = visible(t);
	if (t->ndl <= h)
		t->dt_top = 0;
	else if (t->dt_top > t->ndl - h)
		t->dt_top = t->ndl - h;
}

static void show_asg(struct tui *t)
{
	size_t l = asg_line(t, t->dt_asg);
	if (l == SIZE_MAX)
		return;
	size_t last = l;
	while (last + 1 < t->ndl && t->dl[last + 1].asg == t->dt_asg)
		last++;
	size_t h = visible(t);
	if (last >= t->dt_top + h)
		t->dt_top = last - h + 1;
	if (l < t->dt_top)
		t->dt_top = l;
	clamp_top(t);
}

static void detail_refresh(struct tui *t)
{
	if (t->dt_measure >= t->p->nmeasures) {
		tui_switch_view(t, t->prev_view);
		return;
	}
	const struct fg_measure *m = &t->p->measures[t->dt_measure];
	if (t->dt_asg >= (long)m->nasg)
		t->dt_asg = m->nasg ? 0 : -1;
	if (t->dt_asg < 0 && m->nasg)
		t->dt_asg = 0;
	detail_build(t);
	bool first = t->dt_top == 0;
	show_asg(t);
	if (first && t->dt_asg >= 0) {
		/* on opening, show the title too when the assignment fits below it */
		size_t l = asg_line(t, t->dt_asg);
		while (l != SIZE_MAX && l + 1 < t->ndl && t->dl[l + 1].asg == t->dt_asg)
			l++; /* its note and merge conflict too */
		if (l != SIZE_MAX && l < visible(t))
			t->dt_top = 0;
	}
	clamp_top(t);
}

/* ------------------------------------------------------------------ drawing */

static void draw_asg(struct tui *t, int y, const struct fg_measure *m, size_t i)
{
	const struct fg_assignment *a = &m->asg[i];
	bool sel = (long)i == t->dt_asg;
	int base = sel ? tui_attr(t, TUI_ATTR_SELECT) : 0;
	int W = COLS;
	tui_fill(y, 0, W, base);
	int uw = 0;
	for (size_t k = 0; k < m->nasg; k++) {
		int w = fg_text_width(m->asg[k].unit);
		if (w > uw)
			uw = w;
	}
	if (uw > 24)
		uw = 24;
	if (uw > W / 3)
		uw = W / 3;
	int sw = 2 + tui_status_label_width();
	int rw = fg_text_width(_("lead")) > fg_text_width(_("co")) ? fg_text_width(_("lead")) : fg_text_width(_("co"));
	int x = 0;
	char mark[8];
	bool conflict = tui_conflict_open(t, m, a) != NULL;
	snprintf(mark, sizeof mark, "%s%s%s", sel ? ">" : " ", t->nmarked ? (tui_marked(t, m, a) ? "*" : " ") : "",
		 tui_asg_unsaved(t, m, a) ? "+" : " ");
	x += tui_text(y, x, t->nmarked ? 3 : 2, mark, base | A_BOLD, TUI_PAD);
	x += tui_text(y, x, 1, conflict ? "?" : "", base | (conflict ? tui_attr(t, TUI_ATTR_ERROR) : (int)A_BOLD), TUI_PAD);
	x += tui_text(y, x, 2, tui_role_glyph(a->role), base, TUI_PAD);
	x += tui_text(y, x, uw, a->unit, base, TUI_PAD) + 1;
	x += tui_text(y, x, rw, tui_role_label(a->role), base, TUI_PAD) + 1;
	char st[128];
	snprintf(st, sizeof st, "%s %s", tui_status_glyph(a->status), tui_status_label(a->status));
	x += tui_text(y, x, sw, st, base | tui_tone_attr(t, tui_tone_asg(t, m, a)), TUI_PAD) + 1;
	if (x < W && *a->updated) {
		char who[600];
		snprintf(who, sizeof who, "%s %s", a->updated, a->by);
		tui_text(y, x, W - x, who, base | (sel ? 0 : A_DIM), 0);
	}
}

static void detail_draw(struct tui *t, int top, int height)
{
	if (t->dl_width != COLS)
		detail_build(t);
	clamp_top(t);
	const struct fg_measure *m = &t->p->measures[t->dt_measure];
	for (int i = 0; i < height && t->dt_top + (size_t)i < t->ndl; i++) {
		const struct tui_dline *l = &t->dl[t->dt_top + (size_t)i];
		int y = top + i;
		if (!l->text) {
			draw_asg(t, y, m, (size_t)l->asg);
			continue;
		}
		int attr = l->attr ? tui_attr(t, l->attr) : 0;
		tui_text(y, l->indent, COLS - l->indent, l->text, attr, 0);
	}
}

/* ------------------------------------------------------------------ keys */

static int detail_request(struct tui *t, enum tui_action a)
{
	const struct fg_measure *m = &t->p->measures[t->dt_measure];
	size_t h = visible(t);
	switch (a) {
	case TUI_ACTION_UP:
		if (m->nasg && t->dt_asg > 0) {
			t->dt_asg--;
			tui_set_focus(t, m, m->asg[t->dt_asg].unit);
			show_asg(t);
		} else if (t->dt_top > 0) {
			t->dt_top--;
		}
		return TUI_HANDLED;
	case TUI_ACTION_DOWN:
		if (m->nasg && t->dt_asg + 1 < (long)m->nasg) {
			t->dt_asg++;
			tui_set_focus(t, m, m->asg[t->dt_asg].unit);
			show_asg(t);
		} else {
			t->dt_top++;
			clamp_top(t);
		}
		return TUI_HANDLED;
	case TUI_ACTION_PAGE_UP:
		t->dt_top = t->dt_top > h - 1 ? t->dt_top - (h - 1) : 0;
		return TUI_HANDLED;
	case TUI_ACTION_PAGE_DOWN:
		t->dt_top += h > 1 ? h - 1 : 1;
		clamp_top(t);
		return TUI_HANDLED;
	case TUI_ACTION_FIRST: /* the first assignment, with the title above it */
		t->dt_top = 0;
		if (m->nasg) {
			t->dt_asg = 0;
			tui_set_focus(t, m, m->asg[0].unit);
			show_asg(t);
		}
		return TUI_HANDLED;
	case TUI_ACTION_LAST: /* the last assignment (no assignment: the end) */
		if (m->nasg) {
			t->dt_asg = (long)m->nasg - 1;
			tui_set_focus(t, m, m->asg[t->dt_asg].unit);
			show_asg(t);
		} else {
			t->dt_top = t->ndl;
			clamp_top(t);
		}
		return TUI_HANDLED;
	case TUI_ACTION_LEFT:
		tui_switch_view(t, t->prev_view);
		return TUI_HANDLED;
	case TUI_ACTION_ENTER:
		return TUI_HANDLED;
	default:
		return TUI_UNHANDLED;
	}
}

static bool detail_target(struct tui *t, struct tui_target *out)
{
	if (t->dt_measure >= t->p->nmeasures)
		return false;
	out->measure = t->dt_measure;
	out->asg = t->dt_asg >= 0 ? (size_t)t->dt_asg : SIZE_MAX;
	out->exact = true;
	return true;
}

static void detail_click(struct tui *t, int y, int x, bool twice)
{
	(void)x;
	(void)twice;
	size_t line = t->dt_top + (size_t)(y - t->body_top);
	if (line < t->ndl && t->dl[line].asg >= 0) {
		t->dt_asg = t->dl[line].asg;
		const struct fg_measure *m = &t->p->measures[t->dt_measure];
		tui_set_focus(t, m, m->asg[t->dt_asg].unit);
	}
}

static void detail_goto_row(struct tui *t, size_t r)
{
	if (r < t->nrows)
		tui_open_detail(t, t->rows[r], -1);
}

static size_t detail_cur_row(struct tui *t)
{
	return t->dt_measure < t->p->nmeasures ? t->row_of[t->dt_measure] : SIZE_MAX;
}

const struct tui_view_ops tui_view_detail = {
	.name = N_("Measure"),
	.reload = detail_refresh,
	.draw = detail_draw,
	.request = detail_request,
	.target = detail_target,
	.click = detail_click,
	.goto_row = detail_goto_row,
	.cur_row = detail_cur_row,
};
