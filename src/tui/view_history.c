/* fengong TUI: the history view — every record of the plan's audit trail,
 * newest first, filtered by the unit filter (f) and by measure, person and
 * date range (F); Enter opens the record's measure.  In read-only mode the
 * TUI starts here: the auditor's view. */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The view's own state (t->view_state[TUI_VIEW_HISTORY]): rows are indices
 * into p->history, newest first. */
struct view_history_state {
	size_t *rows;
	size_t n, cap, cur, top;
	int measure;            /* 0: any */
	char *by;               /* person (part of the name), NULL: anyone */
	char from[11], to[11];  /* YYYY-MM-DD or "" */
};

static struct view_history_state *history_state(const struct tui *t)
{
	return t->view_state[TUI_VIEW_HISTORY];
}

static void *history_state_new(void)
{
	return app_xcalloc(1, sizeof(struct view_history_state));
}

static void history_state_free(void *state)
{
	struct view_history_state *hi = state;
	free(hi->rows);
	free(hi->by);
	free(hi);
}

static bool record_shown(const struct tui *t, const struct fg_record *r)
{
	const struct view_history_state *hi = history_state(t);
	if (hi->measure && r->measure != hi->measure)
		return false;
	if (hi->by && !fg_text_find(r->by, hi->by))
		return false;
	/* dates compare as text: "2026-11-26T…" against "2026-11-26" */
	if (hi->from[0] && strncmp(r->at, hi->from, 10) < 0)
		return false;
	if (hi->to[0] && strncmp(r->at, hi->to, 10) > 0)
		return false;
	if (t->f_units) {
		long u = fg_plan_unit_index(t->p, r->unit);
		if (u < 0 || !t->f_units[u])
			return false;
	}
	return true;
}

static size_t body_rows(const struct tui *t)
{
	return t->body_height > 2 ? (size_t)(t->body_height - 2) : 1;
}

static void history_refresh(struct tui *t)
{
	struct view_history_state *hi = history_state(t);
	const struct fg_plan *p = t->p;
	if (hi->cap < p->nhistory + 1) {
		hi->cap = p->nhistory + 1;
		hi->rows = tui_xrealloc(hi->rows, hi->cap * sizeof *hi->rows);
	}
	hi->n = 0;
	for (size_t i = p->nhistory; i-- > 0;) /* newest first: the trail is appended in time order */
		if (record_shown(t, &p->history[i]))
			hi->rows[hi->n++] = i;
	if (hi->cur >= hi->n)
		hi->cur = hi->n ? hi->n - 1 : 0;
	tui_scroll_to(hi->cur, &hi->top, body_rows(t), hi->n);
}

static void history_draw(struct tui *t, int top, int height)
{
	struct view_history_state *hi = history_state(t);
	const struct fg_plan *p = t->p;
	int W = COLS;
	/* the filter line */
	char f[1024];
	size_t n = 0;
	n += (size_t)snprintf(f + n, sizeof f - n, ngettext("%zu of %zu record", "%zu of %zu records", p->nhistory),
			      hi->n, p->nhistory);
	if (t->f_unit && n < sizeof f)
		n += (size_t)snprintf(f + n, sizeof f - n, _(" · unit: %s"), t->f_unit_label);
	if (hi->measure && n < sizeof f)
		n += (size_t)snprintf(f + n, sizeof f - n, _(" · measure %d"), hi->measure);
	if (hi->by && n < sizeof f)
		n += (size_t)snprintf(f + n, sizeof f - n, _(" · by: %s"), hi->by);
	if ((hi->from[0] || hi->to[0]) && n < sizeof f)
		n += (size_t)snprintf(f + n, sizeof f - n, _(" · dates %s … %s"), hi->from, hi->to);
	if (n < sizeof f)
		snprintf(f + n, sizeof f - n, "%s", _(" · newest first · F filters, Enter opens the measure"));
	tui_text(top, 1, W - 1, f, A_DIM, 0);
	int hattr = A_BOLD | A_UNDERLINE;
	int atw = 16, byw = W >= 100 ? 10 : 8, unitw = W >= 100 ? 18 : 12, lw = t->label_w > 0 ? t->label_w : 6;
	int stw = W >= 90 ? 2 * tui_status_label_width() + 7 : 5;
	int y = top + 1;
	tui_fill(y, 0, W, hattr);
	int x = 2;
	tui_text(y, x, atw, _("When"), hattr, TUI_PAD);
	x += atw + 1;
	tui_text(y, x, byw, _("By"), hattr, TUI_PAD);
	x += byw + 1;
	tui_text(y, x, lw, _("No."), hattr, TUI_PAD);
	x += lw + 1;
	tui_text(y, x, unitw, _("Unit"), hattr, TUI_PAD);
	x += unitw + 1;
	tui_text(y, x, stw, _("Change"), hattr, TUI_PAD);
	x += stw + 1;
	if (x < W)
		tui_text(y, x, W - x, _("Note"), hattr, TUI_PAD);
	if (hi->n == 0) {
		tui_text(y + 2, 2, W - 4,
			 p->nhistory ? _("No record matches the filters; press Esc to clear them.")
				     : _("The plan has no history yet: saved edits are recorded here."),
			 A_BOLD, 0);
		return;
	}
	size_t h = (size_t)(height - 2);
	tui_scroll_to(hi->cur, &hi->top, h, hi->n);
	for (size_t i = 0; i < h && hi->top + i < hi->n; i++) {
		size_t k = hi->top + i;
		const struct fg_record *r = &p->history[hi->rows[k]];
		bool sel = k == hi->cur;
		int base = sel ? tui_attr(t, TUI_ATTR_SELECT) : 0;
		int yy = y + 1 + (int)i;
		tui_fill(yy, 0, W, base);
		tui_text(yy, 0, 2, sel ? ">" : " ", base | A_BOLD, TUI_PAD);
		x = 2;
		char at[32];
		snprintf(at, sizeof at, "%.10s %.5s", r->at, strlen(r->at) > 11 ? r->at + 11 : "");
		tui_text(yy, x, atw, at, base, TUI_PAD);
		x += atw + 1;
		tui_text(yy, x, byw, r->by, base, TUI_PAD);
		x += byw + 1;
		const struct fg_measure *m = fg_plan_measure(p, r->measure);
		char lab[32];
		if (!m)
			snprintf(lab, sizeof lab, "%d", r->measure);
		tui_text(yy, x, lw, m ? m->label : lab, base, TUI_PAD);
		x += lw + 1;
		tui_text(yy, x, unitw, r->unit, base, TUI_PAD);
		x += unitw + 1;
		char ch[256];
		if (stw > 5)
			snprintf(ch, sizeof ch, "%s %s \u2192 %s %s", tui_status_glyph(r->from), tui_status_label(r->from),
				 tui_status_glyph(r->to), tui_status_label(r->to));
		else
			snprintf(ch, sizeof ch, "%s\u2192%s", tui_status_glyph(r->from), tui_status_glyph(r->to));
		tui_text(yy, x, stw, ch, base | tui_tone_attr(t, (enum tui_tone)fg_statuses[r->to].light), TUI_PAD);
		x += stw + 1;
		if (x < W)
			tui_text(yy, x, W - x, r->note, base, 0);
	}
}

static void move_to(struct tui *t, long d)
{
	struct view_history_state *hi = history_state(t);
	if (hi->n == 0)
		return;
	if (d < 0)
		hi->cur = (size_t)-d > hi->cur ? 0 : hi->cur - (size_t)-d;
	else
		hi->cur = hi->cur + (size_t)d >= hi->n ? hi->n - 1 : hi->cur + (size_t)d;
	tui_scroll_to(hi->cur, &hi->top, body_rows(t), hi->n);
}

/* "2026-11-26" or "" (no bound); false when neither. */
static bool read_date(const char *s, char out[11])
{
	while (*s == ' ')
		s++;
	if (!*s) {
		out[0] = 0;
		return true;
	}
	int y, mo, d;
	char rest;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &d, &rest) != 3 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return false;
	snprintf(out, 11, "%04d-%02d-%02d", y, mo, d);
	return true;
}

static void filter_menu(struct tui *t)
{
	struct view_history_state *hi = history_state(t);
	const char *items[] = { _("Measure (number or label)…"), _("Person…"), _("From date (YYYY-MM-DD)…"),
				_("To date (YYYY-MM-DD)…"), _("Clear these filters") };
	long c = tui_menu(t, _("Filter the history by"), items, 5, 0, 1);
	if (c < 0)
		return;
	if (c == 4) {
		free(hi->by);
		hi->by = NULL;
		hi->measure = 0;
		hi->from[0] = hi->to[0] = 0;
		history_refresh(t);
		return;
	}
	char init[64] = "";
	if (c == 0 && hi->measure)
		snprintf(init, sizeof init, "%d", hi->measure);
	else if (c == 1 && hi->by)
		snprintf(init, sizeof init, "%s", hi->by);
	else if (c == 2)
		snprintf(init, sizeof init, "%s", hi->from);
	else if (c == 3)
		snprintf(init, sizeof init, "%s", hi->to);
	char *s = tui_prompt(t, items[c], init);
	if (!s)
		return;
	if (c == 0) {
		const struct fg_measure *m = *s ? tui_named_measure(t, s) : NULL;
		if (*s && !m)
			tui_message(t, true, _("No measure is numbered or labelled “%s”; measures are numbered 1 to %zu."), s,
				    t->p->nmeasures);
		else
			hi->measure = m ? m->number : 0;
	} else if (c == 1) {
		free(hi->by);
		hi->by = *s ? tui_xstrdup(s) : NULL;
	} else if (!read_date(s, c == 2 ? hi->from : hi->to)) {
		tui_message(t, true, _("“%s” is not a date; write it as YYYY-MM-DD, for example %s."), s, t->today);
	}
	free(s);
	hi->cur = 0;
	history_refresh(t);
}

static int history_request(struct tui *t, enum tui_action a)
{
	struct view_history_state *hi = history_state(t);
	long page = (long)body_rows(t) > 1 ? (long)body_rows(t) - 1 : 1;
	switch (a) {
	case TUI_ACTION_UP: move_to(t, -1); return TUI_HANDLED;
	case TUI_ACTION_DOWN: move_to(t, 1); return TUI_HANDLED;
	case TUI_ACTION_PAGE_UP: move_to(t, -page); return TUI_HANDLED;
	case TUI_ACTION_PAGE_DOWN: move_to(t, page); return TUI_HANDLED;
	case TUI_ACTION_FIRST: move_to(t, -(long)hi->n); return TUI_HANDLED;
	case TUI_ACTION_LAST: move_to(t, (long)hi->n); return TUI_HANDLED;
	case TUI_ACTION_FILTER_RECORDS: filter_menu(t); return TUI_HANDLED;
	case TUI_ACTION_ESCAPE:
		if (hi->by || hi->measure || hi->from[0] || hi->to[0]) {
			if (tui_marks_clear(t))
				return TUI_HANDLED;
			free(hi->by);
			hi->by = NULL;
			hi->measure = 0;
			hi->from[0] = hi->to[0] = 0;
			history_refresh(t);
			tui_message(t, false, "%s", _("History filters cleared: every record is shown."));
			return TUI_HANDLED;
		}
		return TUI_UNHANDLED;
	case TUI_ACTION_ENTER: {
		if (hi->n == 0)
			return TUI_HANDLED;
		const struct fg_record *r = &t->p->history[hi->rows[hi->cur]];
		const struct fg_measure *m = fg_plan_measure(t->p, r->measure);
		if (!m) {
			tui_message(t, true, _("Measure %d of this record is no longer in the plan."), r->measure);
			return TUI_HANDLED;
		}
		long u = fg_plan_unit_index(t->p, r->unit);
		const struct fg_assignment *as = u >= 0 ? fg_measure_assignment(m, (size_t)u) : NULL;
		tui_open_detail(t, (size_t)(m - t->p->measures), as ? (long)(as - m->asg) : -1);
		return TUI_HANDLED;
	}
	default: return TUI_UNHANDLED;
	}
}

static bool history_target(struct tui *t, struct tui_target *out)
{
	struct view_history_state *hi = history_state(t);
	if (hi->n == 0)
		return false;
	const struct fg_record *r = &t->p->history[hi->rows[hi->cur]];
	const struct fg_measure *m = fg_plan_measure(t->p, r->measure);
	if (!m)
		return false;
	long u = fg_plan_unit_index(t->p, r->unit);
	const struct fg_assignment *as = u >= 0 ? fg_measure_assignment(m, (size_t)u) : NULL;
	out->measure = (size_t)(m - t->p->measures);
	out->asg = as ? (size_t)(as - m->asg) : SIZE_MAX;
	out->exact = true;
	return true;
}

static void history_click(struct tui *t, int y, int x, bool twice)
{
	struct view_history_state *hi = history_state(t);
	(void)x;
	int row = y - t->body_top - 2;
	if (row < 0 || hi->top + (size_t)row >= hi->n)
		return;
	hi->cur = hi->top + (size_t)row;
	if (twice)
		history_request(t, TUI_ACTION_ENTER);
}

const struct tui_view_ops tui_view_history = {
	.name = N_("History"),
	.in_tabs = true,
	.reload = history_refresh,
	.draw = history_draw,
	.request = history_request,
	.target = history_target,
	.click = history_click,
	.goto_row = NULL,
	.cur_row = NULL,
	.state_new = history_state_new,
	.state_free = history_state_free,
};
