/* fengong TUI: the units view — every unit with its lead and co counts and
 * its assignments per status as a small bar; Enter filters by the unit. */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void units_refresh(struct tui *t)
{
	const struct fg_plan *p = t->p;
	size_t nu = p->nunits ? p->nunits : 1;
	free(t->un_counts);
	free(t->un_lead);
	free(t->un_co);
	t->un_counts = calloc(nu, sizeof *t->un_counts);
	t->un_lead = calloc(nu, sizeof *t->un_lead);
	t->un_co = calloc(nu, sizeof *t->un_co);
	if (!t->un_counts || !t->un_lead || !t->un_co)
		tui_die("%s", _("out of memory"));
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		for (size_t j = 0; j < m->nasg; j++) {
			const struct fg_assignment *a = &m->asg[j];
			if (a->unit_index >= p->nunits)
				continue;
			if (a->role == FG_ROLE_LEAD)
				t->un_lead[a->unit_index]++;
			else
				t->un_co[a->unit_index]++;
			if ((unsigned)a->status < FG_STATUS_COUNT)
				t->un_counts[a->unit_index][a->status]++;
		}
	}
	long u = t->focus_unit[0] ? fg_plan_unit_index(p, t->focus_unit) : -1;
	if (u >= 0)
		t->un_cur = (size_t)u;
	if (t->un_cur >= p->nunits)
		t->un_cur = p->nunits ? p->nunits - 1 : 0;
	size_t h = t->body_height > 1 ? (size_t)(t->body_height - 1) : 1;
	tui_scroll_to(t->un_cur, &t->un_top, h, p->nunits);
}

static void units_draw(struct tui *t, int top, int height)
{
	const struct fg_plan *p = t->p;
	int W = COLS;
	int nw = W >= 80 ? 24 : W >= 60 ? 16 : 10;
	int numw = 5;
	int statw = W >= 60 ? 4 : 0;
	int barw = W - (2 + nw + 1 + 2 * (numw + 1) + FG_STATUS_COUNT * statw + 1);
	if (barw > 30)
		barw = 30;
	int hattr = A_BOLD | A_UNDERLINE;
	tui_fill(top, 0, W, hattr);
	int x = 2;
	tui_text(top, x, nw, _("Unit"), hattr, TUI_PAD);
	x += nw + 1;
	tui_text(top, x, numw, _("Lead"), hattr, TUI_RIGHT);
	x += numw + 1;
	tui_text(top, x, numw, _("Co"), hattr, TUI_RIGHT);
	x += numw + 1;
	if (statw)
		for (int s = 0; s < FG_STATUS_COUNT; s++) {
			tui_text(top, x, statw, tui_status_glyph((enum fg_status)s), hattr, TUI_RIGHT);
			x += statw;
		}
	x += 1;
	if (barw > 4)
		tui_text(top, x, barw, _("Progress"), hattr, TUI_PAD);
	size_t h = height > 1 ? (size_t)(height - 1) : 1;
	tui_scroll_to(t->un_cur, &t->un_top, h, p->nunits);
	for (size_t i = 0; i < h && t->un_top + i < p->nunits; i++) {
		size_t u = t->un_top + i;
		int y = top + 1 + (int)i;
		bool sel = u == t->un_cur;
		int base = sel ? tui_attr(t, TUI_ATTR_SELECT) : 0;
		tui_fill(y, 0, W, base);
		char mark[8];
		snprintf(mark, sizeof mark, "%s%s", sel ? ">" : " ",
			 (t->as_set && t->as_set[u]) || tui_unit_filtered(t, u) ? "*" : " ");
		tui_text(y, 0, 2, mark, base | A_BOLD, TUI_PAD);
		x = 2;
		tui_text(y, x, nw, p->units[u].name, base, TUI_PAD);
		x += nw + 1;
		tui_textf(y, x, numw, base, TUI_RIGHT, "%zu", t->un_lead[u]);
		x += numw + 1;
		tui_textf(y, x, numw, base, TUI_RIGHT, "%zu", t->un_co[u]);
		x += numw + 1;
		size_t total = 0;
		for (int s = 0; s < FG_STATUS_COUNT; s++)
			total += t->un_counts[u][s];
		if (statw)
			for (int s = 0; s < FG_STATUS_COUNT; s++) {
				tui_textf(y, x, statw, base, TUI_RIGHT, "%zu", t->un_counts[u][s]);
				x += statw;
			}
		x += 1;
		if (barw <= 4 || total == 0)
			continue;
		/* the bar: one glyph per share of assignments, in the status colour,
		 * done first so progress grows from the left */
		static const enum fg_status order[FG_STATUS_COUNT] = { FG_STATUS_DONE, FG_STATUS_SUBMITTED,
							FG_STATUS_IN_PROGRESS, FG_STATUS_NOT_STARTED,
							FG_STATUS_DELAYED, FG_STATUS_BLOCKED };
		int drawn = 0;
		size_t acc = 0;
		for (size_t k = 0; k < FG_STATUS_COUNT; k++) {
			enum fg_status s = order[k];
			acc += t->un_counts[u][s];
			int upto = (int)((acc * (size_t)barw + total / 2) / total);
			if (upto > barw)
				upto = barw;
			if (upto <= drawn)
				continue;
			enum tui_tone tone = s == FG_STATUS_DONE ? TUI_TONE_GREEN
					   : s == FG_STATUS_IN_PROGRESS || s == FG_STATUS_SUBMITTED ? TUI_TONE_YELLOW
					   : s == FG_STATUS_NOT_STARTED ? TUI_TONE_NONE
									: TUI_TONE_RED;
			char seg[256];
			size_t n = 0;
			for (int c = drawn; c < upto && n + 4 < sizeof seg; c++)
				n += (size_t)snprintf(seg + n, sizeof seg - n, "%s", tui_status_glyph(s));
			tui_text(y, x + drawn, upto - drawn, seg, base | tui_tone_attr(t, tone), 0);
			drawn = upto;
		}
	}
}

static void units_focus(struct tui *t)
{
	if (t->un_cur < t->p->nunits)
		tui_set_focus(t, NULL, t->p->units[t->un_cur].name);
}

static void units_move(struct tui *t, long d)
{
	size_t n = t->p->nunits;
	if (n == 0)
		return;
	if (d < 0)
		t->un_cur = (size_t)-d > t->un_cur ? 0 : t->un_cur - (size_t)-d;
	else
		t->un_cur = t->un_cur + (size_t)d >= n ? n - 1 : t->un_cur + (size_t)d;
	size_t h = t->body_height > 1 ? (size_t)(t->body_height - 1) : 1;
	tui_scroll_to(t->un_cur, &t->un_top, h, n);
	units_focus(t);
}

static bool unit_matches(const struct fg_unit *u, const char *s)
{
	if (fg_text_find(u->name, s))
		return true;
	for (size_t i = 0; i < u->naliases; i++)
		if (fg_text_find(u->aliases[i], s))
			return true;
	for (size_t i = 0; i < u->nmembers; i++)
		if (fg_text_find(u->members[i], s))
			return true;
	return false;
}

static void units_search(struct tui *t, bool forward)
{
	size_t n = t->p->nunits;
	if (!t->search || n == 0) {
		tui_message(t, false, "%s", _("No search yet; press / to search."));
		return;
	}
	for (size_t k = 1; k <= n; k++) {
		size_t u = forward ? (t->un_cur + k) % n : (t->un_cur + n - k % n) % n;
		if (unit_matches(&t->p->units[u], t->search)) {
			units_move(t, (long)u - (long)t->un_cur);
			return;
		}
	}
	tui_message(t, true, _("No unit name contains “%s”."), t->search);
}

static int units_request(struct tui *t, enum tui_action a)
{
	long page = t->body_height > 2 ? t->body_height - 2 : 1;
	switch (a) {
	case TUI_ACTION_UP: units_move(t, -1); return TUI_HANDLED;
	case TUI_ACTION_DOWN: units_move(t, 1); return TUI_HANDLED;
	case TUI_ACTION_PAGE_UP: units_move(t, -page); return TUI_HANDLED;
	case TUI_ACTION_PAGE_DOWN: units_move(t, page); return TUI_HANDLED;
	case TUI_ACTION_FIRST: units_move(t, -(long)t->p->nunits); return TUI_HANDLED;
	case TUI_ACTION_LAST: units_move(t, (long)t->p->nunits); return TUI_HANDLED;
	case TUI_ACTION_SEARCH_NEXT: units_search(t, true); return TUI_HANDLED;
	case TUI_ACTION_SEARCH_PREV: units_search(t, false); return TUI_HANDLED;
	case TUI_ACTION_ENTER:
		if (t->un_cur < t->p->nunits) {
			char name[256];
			snprintf(name, sizeof name, "%s", t->p->units[t->un_cur].name);
			t->view = TUI_VIEW_MEASURES;
			tui_set_unit_filter(t, name);
			tui_message(t, false, _("Showing the measures of %s; Esc shows all again."), name);
		}
		return TUI_HANDLED;
	default: return TUI_UNHANDLED;
	}
}

static void units_click(struct tui *t, int y, int x, bool twice)
{
	(void)x;
	int row = y - t->body_top - 1;
	if (row < 0)
		return;
	size_t u = t->un_top + (size_t)row;
	if (u >= t->p->nunits)
		return;
	units_move(t, (long)u - (long)t->un_cur);
	if (twice)
		units_request(t, TUI_ACTION_ENTER);
}

const struct tui_view_ops tui_view_units = {
	.name = N_("Units"),
	.reload = units_refresh,
	.draw = units_draw,
	.request = units_request,
	.target = NULL,
	.click = units_click,
	.goto_row = NULL,
	.cur_row = NULL,
};
