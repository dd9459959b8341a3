/* fengong TUI: the measures view — measures under their section headings
 * (in liaison mode: the liaison's unit's measures, lead first, then co). */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROUP_NONE SIZE_MAX
#define GROUP_LEAD (SIZE_MAX - 1)
#define GROUP_CO (SIZE_MAX - 2)

/* A line of the measures view: a heading or a row. */
struct tui_mline {
	bool heading;
	size_t idx; /* heading: section index, or GROUP_LEAD / GROUP_CO, GROUP_NONE none;
		       row: index into t->rows */
};

/* The view's own state (t->view_state[TUI_VIEW_MEASURES]). */
struct view_measures_state {
	struct tui_mline *lines;
	size_t n, cap, cur, top;
	bool by_role;    /* the liaison's own unit filtered: lead rows, then co rows */
	bool compact;    /* headings folded into a section column (short screens) */
	int section_w;
};

static struct view_measures_state *measures_state(const struct tui *t)
{
	return t->view_state[TUI_VIEW_MEASURES];
}

static void *measures_state_new(void)
{
	return app_xcalloc(1, sizeof(struct view_measures_state));
}

static void measures_state_free(void *state)
{
	struct view_measures_state *ml = state;
	free(ml->lines);
	free(ml);
}

static bool same_set(const bool *a, const bool *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

void tui_measures_filter_changed(struct tui *t)
{
	struct view_measures_state *ml = measures_state(t);
	ml->by_role = t->as_set && t->f_units && same_set(t->as_set, t->f_units, t->p->nunits);
}

static void ml_push(struct tui *t, bool heading, size_t idx)
{
	struct view_measures_state *ml = measures_state(t);
	if (ml->n == ml->cap) {
		ml->cap = ml->cap ? ml->cap * 2 : 64;
		ml->lines = tui_xrealloc(ml->lines, ml->cap * sizeof *ml->lines);
	}
	ml->lines[ml->n++] = (struct tui_mline){ heading, idx };
}

static bool leads_in_filter(const struct tui *t, const struct fg_measure *m)
{
	for (size_t i = 0; i < m->nasg; i++)
		if (m->asg[i].role == FG_ROLE_LEAD && tui_unit_filtered(t, m->asg[i].unit_index))
			return true;
	return false;
}

static const struct fg_measure *line_measure(const struct tui *t, size_t line)
{
	const struct view_measures_state *ml = measures_state(t);
	if (line >= ml->n || ml->lines[line].heading)
		return NULL;
	return &t->p->measures[t->rows[ml->lines[line].idx]];
}

static size_t body_rows(const struct tui *t)
{
	return t->body_height > 1 ? (size_t)(t->body_height - 1) : 1;
}

static void keep_visible(struct tui *t)
{
	struct view_measures_state *ml = measures_state(t);
	size_t h = body_rows(t);
	tui_scroll_to(ml->cur, &ml->top, h, ml->n);
	/* show the heading above the first row of a group */
	if (ml->cur > 0 && ml->lines[ml->cur - 1].heading && ml->top == ml->cur)
		ml->top--;
}

static void set_cursor(struct tui *t, size_t line)
{
	struct view_measures_state *ml = measures_state(t);
	ml->cur = line;
	const struct fg_measure *m = line_measure(t, line);
	if (m)
		tui_set_focus(t, m, NULL);
	keep_visible(t);
}

static void measures_refresh(struct tui *t)
{
	struct view_measures_state *ml = measures_state(t);
	const struct fg_plan *p = t->p;
	ml->n = 0;
	ml->compact = false;
	if (ml->by_role && t->f_units) {
		for (int pass = 0; pass < 2; pass++) {
			bool any = false;
			for (size_t r = 0; r < t->nrows; r++) {
				bool lead = leads_in_filter(t, &p->measures[t->rows[r]]);
				if (lead != (pass == 0))
					continue;
				if (!any)
					ml_push(t, true, pass == 0 ? GROUP_LEAD : GROUP_CO);
				any = true;
				ml_push(t, false, r);
			}
		}
	} else {
		/* When the headings would push rows off a screen that holds all
		 * the rows, fold them into a narrow section column instead (the
		 * printed 任务分工表 does the same with a merged cell). */
		size_t groups = 0, last = (size_t)-3;
		ml->section_w = 0;
		for (size_t r = 0; r < t->nrows; r++) {
			size_t sec = p->measures[t->rows[r]].section_index;
			if (r == 0 || sec != last)
				groups++;
			last = sec;
			if (sec < p->nsections) {
				int w = fg_text_width(p->sections[sec].id);
				if (w > ml->section_w)
					ml->section_w = w;
			}
		}
		ml->compact = p->nsections > 0 &&
				((t->nrows + groups > body_rows(t) && t->nrows <= body_rows(t)) || TUI_SORTED(t));
		if (ml->section_w > 6)
			ml->section_w = 6;
		last = (size_t)-3;
		for (size_t r = 0; r < t->nrows; r++) {
			const struct fg_measure *m = &p->measures[t->rows[r]];
			size_t sec = m->section_index;
			if (r == 0 || sec != last) {
				if (p->nsections > 0 && !ml->compact)
					ml_push(t, true, sec);
				last = sec;
			}
			ml_push(t, false, r);
		}
	}
	/* the cursor goes to the focused measure, else the first row */
	size_t first = SIZE_MAX, found = SIZE_MAX;
	for (size_t i = 0; i < ml->n; i++) {
		const struct fg_measure *m = line_measure(t, i);
		if (!m)
			continue;
		if (first == SIZE_MAX)
			first = i;
		if (m->number == t->focus_measure) {
			found = i;
			break;
		}
	}
	ml->cur = found != SIZE_MAX ? found : first != SIZE_MAX ? first : 0;
	if (found == SIZE_MAX && first != SIZE_MAX)
		ml->top = 0;
	keep_visible(t);
}

/* ------------------------------------------------------------------ columns */

struct mcols {
	int mark, section, label, title, lead, mine, status, done, due;
};

static void mcols_compute(const struct tui *t, struct mcols *c)
{
	const struct view_measures_state *ml = measures_state(t);
	int W = COLS;
	/* the conflict mark and a space; a column for the marks while there
	 * are any; under a reporting cycle, one for ~ (not reported) */
	c->mark = (fg_plan_nconflicts(t->p) ? 5 : 3) + (t->nmarked ? 1 : 0) + (t->p->reporting.every != FG_EVERY_NONE ? 1 : 0);
	c->section = ml->compact ? ml->section_w + 1 : 0;
	c->label = t->label_w;
	c->status = W >= 60 ? 2 + tui_status_label_width() : 1;
	c->done = W >= 50 ? 5 : 0;
	c->due = W >= 110 ? 10 : 0;
	c->mine = !t->f_units ? 0 : W >= 72 ? 4 + tui_status_label_width() : 3;
	c->lead = W >= 110 ? 20 : W >= 72 ? 14 : W >= 58 ? 10 : 0;
	int fixed = c->mark + c->section + c->label + 1 + c->status + (c->done ? c->done + 1 : 0) + (c->due ? c->due + 1 : 0) +
		    (c->mine ? c->mine + 1 : 0) + (c->lead ? c->lead + 1 : 0) + 1;
	c->title = W - fixed;
	if (c->title < 12 && c->lead) {
		c->title += c->lead + 1;
		c->lead = 0;
	}
	if (c->title < 8 && c->done) {
		c->title += c->done + 1;
		c->done = 0;
	}
	if (c->title < 4)
		c->title = 4;
}

static void join_leads(const struct fg_measure *m, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = 0;
	for (size_t i = 0; i < m->nasg && n < len; i++)
		if (m->asg[i].role == FG_ROLE_LEAD)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "、" : "", m->asg[i].unit);
}

static const struct fg_assignment *mine_asg(const struct tui *t, const struct fg_measure *m)
{
	for (size_t i = 0; i < m->nasg; i++)
		if (tui_asg_matches_filter(t, m, &m->asg[i]))
			return &m->asg[i];
	return NULL;
}

static void draw_row(struct tui *t, int y, size_t line, const struct mcols *c, bool sel)
{
	struct view_measures_state *ml = measures_state(t);
	const struct fg_measure *m = line_measure(t, line);
	int base = sel ? tui_attr(t, TUI_ATTR_SELECT) : 0;
	tui_fill(y, 0, COLS, base);
	int x = 0;
	bool overdue = fg_measure_overdue(m, t->today);
	char mark[8];
	int mk = t->nmarked ? 1 : 0; /* a column for the marks while there are any */
	/* under a reporting cycle: ~ when work the viewer answers for (their
	 * units, the unit filter's, or all) has no report this period */
	int rp = t->p->reporting.every != FG_EVERY_NONE ? 1 : 0;
	bool unrep = rp && tui_cycle_measure_unreported(t, (size_t)(m - t->p->measures));
	bool conflicted = c->mark > 3 + mk + rp && tui_measure_conflicted(t, m);
	snprintf(mark, sizeof mark, "%s%s%s%s%s", sel ? ">" : " ", mk ? (tui_measure_marked(t, m) ? "*" : " ") : "",
		 tui_measure_unsaved(t, m) ? "+" : " ", overdue ? "!" : " ", rp ? (unrep ? "~" : " ") : "");
	tui_text(y, x, 3 + mk + rp, mark, base | A_BOLD, TUI_PAD);
	if (unrep)
		tui_text(y, x + 3 + mk, 1, "~", base | A_BOLD | tui_attr(t, TUI_ATTR_YELLOW), 0);
	if (c->mark > 3 + mk + rp)
		tui_text(y, x + 3 + mk + rp, 1, conflicted ? "?" : "", base | (conflicted ? tui_attr(t, TUI_ATTR_ERROR) : 0), TUI_PAD);
	x += c->mark;
	if (c->section) {
		/* the section id on the first row of its group (and the top row) */
		const struct fg_measure *prev = line > ml->top ? line_measure(t, line - 1) : NULL;
		if ((!prev || prev->section_index != m->section_index) && m->section_index < t->p->nsections)
			tui_text(y, x, c->section - 1, t->p->sections[m->section_index].id, base | tui_attr(t, TUI_ATTR_HEADING), TUI_PAD);
		x += c->section;
	}
	tui_text(y, x, c->label, m->label, base, TUI_PAD);
	x += c->label + 1;
	tui_text(y, x, c->title, m->title, base, TUI_PAD);
	x += c->title + 1;
	if (c->lead) {
		char leads[1024];
		join_leads(m, leads, sizeof leads);
		tui_text(y, x, c->lead, *leads ? leads : "—", base, TUI_PAD);
		x += c->lead + 1;
	}
	if (c->mine) {
		const struct fg_assignment *a = mine_asg(t, m);
		if (a) {
			int attr = base | tui_tone_attr(t, tui_tone_asg(t, m, a));
			char buf[256];
			if (c->mine > 3)
				snprintf(buf, sizeof buf, "%s %s %s", tui_role_glyph(a->role), tui_status_glyph(a->status),
					 tui_status_label(a->status));
			else
				snprintf(buf, sizeof buf, "%s%s", tui_role_glyph(a->role), tui_status_glyph(a->status));
			tui_text(y, x, c->mine, buf, attr, TUI_PAD);
		}
		x += c->mine + 1;
	}
	enum fg_status st = fg_measure_rollup(m);
	int sattr = base | tui_tone_attr(t, tui_tone_measure(t, m));
	if (c->status > 1)
		tui_textf(y, x, c->status, sattr, TUI_PAD, "%s %s", tui_status_glyph(st), tui_status_label(st));
	else
		tui_text(y, x, 1, tui_status_glyph(st), sattr, TUI_PAD);
	x += c->status + 1;
	if (c->done) {
		if (m->nasg)
			tui_textf(y, x, c->done, base, TUI_RIGHT, "%zu/%zu", fg_measure_done(m), m->nasg);
		else
			tui_text(y, x, c->done, "—", base, TUI_RIGHT);
		x += c->done + 1;
	}
	if (c->due)
		tui_text(y, x, c->due, m->due, base | (overdue ? tui_attr(t, TUI_ATTR_RED) : 0), TUI_PAD);
}

static void draw_heading(struct tui *t, int y, size_t idx)
{
	int attr = tui_attr(t, TUI_ATTR_HEADING);
	if (idx == GROUP_LEAD)
		tui_textf(y, 0, COLS, attr, 0, _("Measures %s leads"), t->f_unit_label);
	else if (idx == GROUP_CO)
		tui_textf(y, 0, COLS, attr, 0, _("Measures %s co-owns"), t->f_unit_label);
	else if (idx < t->p->nsections)
		tui_textf(y, 0, COLS, attr, 0, "%s、%s", t->p->sections[idx].id, t->p->sections[idx].title);
	else
		tui_text(y, 0, COLS, _("(no section)"), attr, 0);
}

static void measures_draw(struct tui *t, int top, int height)
{
	struct view_measures_state *ml = measures_state(t);
	struct mcols c;
	mcols_compute(t, &c);
	int hattr = A_BOLD | A_UNDERLINE;
	tui_fill(top, 0, COLS, hattr);
	int x = c.mark + c.section;
	tui_text(top, x, c.label, _("No."), hattr, TUI_PAD);
	x += c.label + 1;
	const struct fg_measure *cm = line_measure(t, ml->cur);
	if (c.section && cm && cm->section_index < t->p->nsections)
		tui_textf(top, x, c.title, hattr, TUI_PAD, "%s · %s、%s", _("Measure"), t->p->sections[cm->section_index].id,
			  t->p->sections[cm->section_index].title);
	else
		tui_text(top, x, c.title, _("Measure"), hattr, TUI_PAD);
	x += c.title + 1;
	if (c.lead) {
		tui_text(top, x, c.lead, _("Lead unit"), hattr, TUI_PAD);
		x += c.lead + 1;
	}
	if (c.mine) {
		tui_text(top, x, c.mine, t->f_unit_label, hattr, TUI_PAD);
		x += c.mine + 1;
	}
	tui_text(top, x, c.status, _("Status"), hattr, TUI_PAD);
	x += c.status + 1;
	if (c.done) {
		tui_text(top, x, c.done, _("Done"), hattr, TUI_RIGHT);
		x += c.done + 1;
	}
	if (c.due)
		tui_text(top, x, c.due, _("Due"), hattr, TUI_PAD);
	if (ml->n == 0) {
		tui_text(top + 2, 2, COLS - 4, _("No measure matches the filters; press Esc to clear them."), A_BOLD, 0);
		return;
	}
	size_t h = (size_t)(height - 1);
	for (size_t i = 0; i < h && ml->top + i < ml->n; i++) {
		size_t line = ml->top + i;
		int y = top + 1 + (int)i;
		if (ml->lines[line].heading)
			draw_heading(t, y, ml->lines[line].idx);
		else
			draw_row(t, y, line, &c, line == ml->cur);
	}
}

/* ------------------------------------------------------------------ moving */

static size_t next_row_line(const struct tui *t, size_t from, int dir)
{
	const struct view_measures_state *ml = measures_state(t);
	size_t i = from;
	for (;;) {
		if (dir > 0) {
			if (i + 1 >= ml->n)
				return SIZE_MAX;
			i++;
		} else {
			if (i == 0)
				return SIZE_MAX;
			i--;
		}
		if (!ml->lines[i].heading)
			return i;
	}
}

static void move_by(struct tui *t, long delta)
{
	struct view_measures_state *ml = measures_state(t);
	if (ml->n == 0)
		return;
	size_t cur = ml->cur;
	int dir = delta > 0 ? 1 : -1;
	long steps = delta > 0 ? delta : -delta;
	for (long s = 0; s < steps; s++) {
		size_t n = next_row_line(t, cur, dir);
		if (n == SIZE_MAX)
			break;
		cur = n;
	}
	set_cursor(t, cur);
}

static int measures_request(struct tui *t, enum tui_action a)
{
	struct view_measures_state *ml = measures_state(t);
	size_t page = body_rows(t) > 1 ? body_rows(t) - 1 : 1;
	switch (a) {
	case TUI_ACTION_UP: move_by(t, -1); return TUI_HANDLED;
	case TUI_ACTION_DOWN: move_by(t, 1); return TUI_HANDLED;
	case TUI_ACTION_PAGE_UP: move_by(t, -(long)page); return TUI_HANDLED;
	case TUI_ACTION_PAGE_DOWN: move_by(t, (long)page); return TUI_HANDLED;
	case TUI_ACTION_FIRST: {
		size_t f = ml->n && !ml->lines[0].heading ? 0 : next_row_line(t, 0, 1);
		if (f != SIZE_MAX) {
			set_cursor(t, f);
			ml->top = 0;
		}
		return TUI_HANDLED;
	}
	case TUI_ACTION_LAST:
		if (ml->n)
			set_cursor(t, ml->lines[ml->n - 1].heading ? ml->cur : ml->n - 1);
		return TUI_HANDLED;
	case TUI_ACTION_ENTER: {
		const struct fg_measure *m = line_measure(t, ml->cur);
		if (!m) {
			tui_message(t, true, "%s", _("No measure is selected."));
			return TUI_HANDLED;
		}
		long asg = -1;
		for (size_t i = 0; i < m->nasg && asg < 0; i++)
			if (t->f_units ? tui_asg_matches_filter(t, m, &m->asg[i])
				       : t->as_set && t->as_set[m->asg[i].unit_index])
				asg = (long)i;
		for (size_t i = 0; i < m->nasg && asg < 0; i++)
			if (tui_conflict_open(t, m, &m->asg[i]))
				asg = (long)i; /* else the assignment with a merge conflict */
		if (asg < 0 && m->nasg)
			asg = 0;
		tui_open_detail(t, (size_t)(m - t->p->measures), asg);
		return TUI_HANDLED;
	}
	default: return TUI_UNHANDLED;
	}
}

static bool measures_target(struct tui *t, struct tui_target *out)
{
	struct view_measures_state *ml = measures_state(t);
	const struct fg_measure *m = line_measure(t, ml->cur);
	if (!m)
		return false;
	out->measure = (size_t)(m - t->p->measures);
	out->asg = SIZE_MAX;
	out->exact = false;
	return true;
}

static void measures_click(struct tui *t, int y, int x, bool twice)
{
	struct view_measures_state *ml = measures_state(t);
	(void)x;
	int row = y - t->body_top - 1;
	if (row < 0)
		return;
	size_t line = ml->top + (size_t)row;
	if (line >= ml->n || ml->lines[line].heading)
		return;
	set_cursor(t, line);
	if (twice)
		measures_request(t, TUI_ACTION_ENTER);
}

static void measures_goto_row(struct tui *t, size_t r)
{
	struct view_measures_state *ml = measures_state(t);
	for (size_t i = 0; i < ml->n; i++)
		if (!ml->lines[i].heading && ml->lines[i].idx == r) {
			set_cursor(t, i);
			return;
		}
}

static size_t measures_cur_row(struct tui *t)
{
	struct view_measures_state *ml = measures_state(t);
	return line_measure(t, ml->cur) ? ml->lines[ml->cur].idx : SIZE_MAX;
}

const struct tui_view_ops tui_view_measures = {
	.name = N_("Measures"),
	.in_tabs = true,
	.reload = measures_refresh,
	.draw = measures_draw,
	.request = measures_request,
	.target = measures_target,
	.click = measures_click,
	.goto_row = measures_goto_row,
	.cur_row = measures_cur_row,
	.state_new = measures_state_new,
	.state_free = measures_state_free,
};
