/* fengong TUI: the detail view — one measure in full: its text wrapped by
 * display width, its targets, every assignment (selectable: s and e act on
 * the selected one) and its history. */
#include "tui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A line of the document. */
struct tui_dline {
	char *text; /* NULL: the assignment's own line (drawn live) */
	int attr;   /* TUI_ATTR_* */
	long asg;   /* assignment index this line shows, -1 otherwise */
	int indent;
};

/* The view's own state (t->view_state[TUI_VIEW_DETAIL]): the measure shown
 * (index into p->measures), the selected assignment, and the document. */
struct view_detail_state {
	size_t measure;
	long asg;
	size_t top;
	struct tui_dline *lines;
	size_t n, cap;
	int width; /* COLS the document was built for; -1: rebuild */
};

static struct view_detail_state *detail_state(const struct tui *t)
{
	return t->view_state[TUI_VIEW_DETAIL];
}

static void *detail_state_new(void)
{
	struct view_detail_state *dt = app_xcalloc(1, sizeof *dt);
	dt->asg = -1;
	return dt;
}

static void detail_state_free(void *state)
{
	struct view_detail_state *dt = state;
	for (size_t i = 0; i < dt->n; i++)
		free(dt->lines[i].text);
	free(dt->lines);
	free(dt);
}

void tui_detail_set(struct tui *t, size_t measure, long asg)
{
	struct view_detail_state *dt = detail_state(t);
	dt->measure = measure;
	dt->asg = asg;
	dt->top = 0;
	dt->width = -1; /* rebuild the document */
}

bool tui_detail_refocus(struct tui *t)
{
	struct view_detail_state *dt = detail_state(t);
	const struct fg_measure *m = fg_plan_measure(t->p, t->focus_measure);
	if (!m)
		return false;
	dt->measure = (size_t)(m - t->p->measures);
	dt->asg = -1;
	long u = fg_plan_unit_index(t->p, t->focus_unit);
	if (u >= 0)
		for (size_t i = 0; i < m->nasg; i++)
			if (m->asg[i].unit_index == (size_t)u)
				dt->asg = (long)i;
	dt->width = -1;
	return true;
}

/* ------------------------------------------------------------------ document */

static void dl_clear(struct tui *t)
{
	struct view_detail_state *dt = detail_state(t);
	for (size_t i = 0; i < dt->n; i++)
		free(dt->lines[i].text);
	dt->n = 0;
}

static void dl_add(struct tui *t, const char *text, size_t len, int attr, long asg, int indent)
{
	struct view_detail_state *dt = detail_state(t);
	if (dt->n == dt->cap) {
		dt->cap = dt->cap ? dt->cap * 2 : 64;
		dt->lines = tui_xrealloc(dt->lines, dt->cap * sizeof *dt->lines);
	}
	char *s = NULL;
	if (text) {
		s = tui_xmalloc(len + 1);
		memcpy(s, text, len);
		s[len] = 0;
	}
	dt->lines[dt->n++] = (struct tui_dline){ s, attr, asg, indent };
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
	struct view_detail_state *dt = detail_state(t);
	dl_clear(t);
	dt->width = COLS;
	if (dt->measure >= t->p->nmeasures)
		return;
	const struct fg_plan *p = t->p;
	const struct fg_measure *m = &p->measures[dt->measure];
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
	const struct view_detail_state *dt = detail_state(t);
	for (size_t i = 0; i < dt->n; i++)
		if (dt->lines[i].asg == asg && !dt->lines[i].text)
			return i;
	return SIZE_MAX;
}

static size_t visible(const struct tui *t)
{
	return t->body_height > 0 ? (size_t)t->body_height : 1;
}

static void clamp_top(struct tui *t)
{
	struct view_detail_state *dt = detail_state(t);
	size_t h = visible(t);
	if (dt->n <= h)
		dt->top = 0;
	else if (dt->top > dt->n - h)
		dt->top = dt->n - h;
}

static void show_asg(struct tui *t)
{
	struct view_detail_state *dt = detail_state(t);
	size_t l = asg_line(t, dt->asg);
	if (l == SIZE_MAX)
		return;
	size_t last = l;
	while (last + 1 < dt->n && dt->lines[last + 1].asg == dt->asg)
		last++;
	size_t h = visible(t);
	if (last >= dt->top + h)
		dt->top = last - h + 1;
	if (l < dt->top)
		dt->top = l;
	clamp_top(t);
}

static void detail_refresh(struct tui *t)
{
	struct view_detail_state *dt = detail_state(t);
	if (dt->measure >= t->p->nmeasures) {
		tui_switch_view(t, t->prev_view);
		return;
	}
	const struct fg_measure *m = &t->p->measures[dt->measure];
	if (dt->asg >= (long)m->nasg)
		dt->asg = m->nasg ? 0 : -1;
	if (dt->asg < 0 && m->nasg)
		dt->asg = 0;
	detail_build(t);
	bool first = dt->top == 0;
	show_asg(t);
	if (first && dt->asg >= 0) {
		/* on opening, show the title too when the assignment fits below it */
		size_t l = asg_line(t, dt->asg);
		while (l != SIZE_MAX && l + 1 < dt->n && dt->lines[l + 1].asg == dt->asg)
			l++; /* its note and merge conflict too */
		if (l != SIZE_MAX && l < visible(t))
			dt->top = 0;
	}
	clamp_top(t);
}

/* ------------------------------------------------------------------ drawing */

static void draw_asg(struct tui *t, int y, const struct fg_measure *m, size_t i)
{
	struct view_detail_state *dt = detail_state(t);
	const struct fg_assignment *a = &m->asg[i];
	bool sel = (long)i == dt->asg;
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
	if (tui_cycle_refresh(t)) /* ~: no report this period yet */
		x += tui_text(y, x, 1, tui_cycle_unreported(t, (size_t)(m - t->p->measures), i) ? "~" : "",
			      base | A_BOLD | tui_attr(t, TUI_ATTR_YELLOW), TUI_PAD);
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
	struct view_detail_state *dt = detail_state(t);
	if (dt->width != COLS)
		detail_build(t);
	clamp_top(t);
	const struct fg_measure *m = &t->p->measures[dt->measure];
	for (int i = 0; i < height && dt->top + (size_t)i < dt->n; i++) {
		const struct tui_dline *l = &dt->lines[dt->top + (size_t)i];
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
	struct view_detail_state *dt = detail_state(t);
	const struct fg_measure *m = &t->p->measures[dt->measure];
	size_t h = visible(t);
	switch (a) {
	case TUI_ACTION_UP:
		if (m->nasg && dt->asg > 0) {
			dt->asg--;
			tui_set_focus(t, m, m->asg[dt->asg].unit);
			show_asg(t);
		} else if (dt->top > 0) {
			dt->top--;
		}
		return TUI_HANDLED;
	case TUI_ACTION_DOWN:
		if (m->nasg && dt->asg + 1 < (long)m->nasg) {
			dt->asg++;
			tui_set_focus(t, m, m->asg[dt->asg].unit);
			show_asg(t);
		} else {
			dt->top++;
			clamp_top(t);
		}
		return TUI_HANDLED;
	case TUI_ACTION_PAGE_UP:
		dt->top = dt->top > h - 1 ? dt->top - (h - 1) : 0;
		return TUI_HANDLED;
	case TUI_ACTION_PAGE_DOWN:
		dt->top += h > 1 ? h - 1 : 1;
		clamp_top(t);
		return TUI_HANDLED;
	case TUI_ACTION_FIRST: /* the first assignment, with the title above it */
		dt->top = 0;
		if (m->nasg) {
			dt->asg = 0;
			tui_set_focus(t, m, m->asg[0].unit);
			show_asg(t);
		}
		return TUI_HANDLED;
	case TUI_ACTION_LAST: /* the last assignment (no assignment: the end) */
		if (m->nasg) {
			dt->asg = (long)m->nasg - 1;
			tui_set_focus(t, m, m->asg[dt->asg].unit);
			show_asg(t);
		} else {
			dt->top = dt->n;
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
	struct view_detail_state *dt = detail_state(t);
	if (dt->measure >= t->p->nmeasures)
		return false;
	out->measure = dt->measure;
	out->asg = dt->asg >= 0 ? (size_t)dt->asg : SIZE_MAX;
	out->exact = true;
	return true;
}

static void detail_click(struct tui *t, int y, int x, bool twice)
{
	struct view_detail_state *dt = detail_state(t);
	(void)x;
	(void)twice;
	size_t line = dt->top + (size_t)(y - t->body_top);
	if (line < dt->n && dt->lines[line].asg >= 0) {
		dt->asg = dt->lines[line].asg;
		const struct fg_measure *m = &t->p->measures[dt->measure];
		tui_set_focus(t, m, m->asg[dt->asg].unit);
	}
}

static void detail_goto_row(struct tui *t, size_t r)
{
	if (r < t->nrows)
		tui_open_detail(t, t->rows[r], -1);
}

static size_t detail_cur_row(struct tui *t)
{
	struct view_detail_state *dt = detail_state(t);
	return dt->measure < t->p->nmeasures ? t->row_of[dt->measure] : SIZE_MAX;
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
	.state_new = detail_state_new,
	.state_free = detail_state_free,
};
