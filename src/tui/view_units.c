/* fengong TUI: the units view — every unit with its lead and co counts, its
 * assignments per status as a small bar and its overdue work; o orders the
 * units by overdue count; Enter opens the unit's 催办 list (the rows
 * `fengong report` chases), whose first item filters by the unit. */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The view's own state (t->view_state[TUI_VIEW_UNITS]). */
struct view_units_state {
	size_t cur, top;                /* positions in order */
	struct fg_unit_counts *counts;  /* p->nunits */
	size_t *order;                  /* the units in the order shown */
	unsigned *depth;                /* by position: 1 for an umbrella's member (registry order only) */
	int sort;                       /* 0 registry order, 1 overdue count (most first), 2 reversed */
};

static struct view_units_state *units_state(const struct tui *t)
{
	return t->view_state[TUI_VIEW_UNITS];
}

static void *units_state_new(void)
{
	return app_xcalloc(1, sizeof(struct view_units_state));
}

static void units_state_free(void *state)
{
	struct view_units_state *un = state;
	free(un->counts);
	free(un->order);
	free(un->depth);
	free(un);
}

static const struct fg_unit_counts *un_counts_sorted;
static int un_sort_dir;

static int cmp_overdue(const void *va, const void *vb)
{
	size_t a = *(const size_t *)va, b = *(const size_t *)vb;
	size_t oa = un_counts_sorted[a].overdue, ob = un_counts_sorted[b].overdue;
	if (oa != ob)
		return (oa > ob ? -1 : 1) * un_sort_dir;
	return a < b ? -1 : a > b;
}

static void units_refresh(struct tui *t)
{
	struct view_units_state *un = units_state(t);
	const struct fg_plan *p = t->p;
	free(un->counts);
	un->counts = fg_plan_unit_counts(p, NULL, t->today);
	free(un->order);
	free(un->depth);
	un->order = tui_xmalloc((p->nunits ? p->nunits : 1) * sizeof *un->order);
	un->depth = app_xcalloc(p->nunits ? p->nunits : 1, sizeof *un->depth);
	/* registry order keeps an umbrella's members under it, indented; an
	 * umbrella's counts are its roll-up (fg_plan_unit_counts) */
	fg_plan_unit_order(p, un->order, un->depth);
	if (un->sort) {
		for (size_t u = 0; u < p->nunits; u++) {
			un->order[u] = u;
			un->depth[u] = 0;
		}
		un_counts_sorted = un->counts;
		un_sort_dir = un->sort == 1 ? 1 : -1;
		qsort(un->order, p->nunits, sizeof *un->order, cmp_overdue);
	}
	long u = t->focus_unit[0] ? fg_plan_unit_index(p, t->focus_unit) : -1;
	for (size_t i = 0; u >= 0 && i < p->nunits; i++)
		if (un->order[i] == (size_t)u)
			un->cur = i;
	if (un->cur >= p->nunits)
		un->cur = p->nunits ? p->nunits - 1 : 0;
	size_t h = t->body_height > 1 ? (size_t)(t->body_height - 1) : 1;
	tui_scroll_to(un->cur, &un->top, h, p->nunits);
}

static void units_draw(struct tui *t, int top, int height)
{
	struct view_units_state *un = units_state(t);
	const struct fg_plan *p = t->p;
	int W = COLS;
	int nw = W >= 80 ? 24 : W >= 60 ? 16 : 10;
	int numw = 5;
	int statw = W >= 60 ? 4 : 0;
	int odw = fg_text_width(_("Overdue")) > 5 ? fg_text_width(_("Overdue")) : 5; /* overdue */
	/* under a reporting cycle: each unit's work not reported this period */
	size_t *unrep = tui_cycle_unit_missing(t);
	/* an umbrella's: the measures where any of its members has not reported */
	for (size_t i = 0; unrep && i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		for (size_t k = 0; k < m->nasg; k++) {
			size_t v = m->asg[k].via_index;
			bool first = v < p->nunits && tui_cycle_unreported(t, i, k);
			for (size_t j = 0; j < k && first; j++)
				first = !(m->asg[j].via_index == v && tui_cycle_unreported(t, i, j));
			unrep[v < p->nunits ? v : p->nunits] += first;
		}
	}
	int urw = !unrep ? 0 : fg_text_width(_("Unreported")) > 5 ? fg_text_width(_("Unreported")) : 5;
	int barw = W - (2 + nw + 1 + 2 * (numw + 1) + odw + 1 + (urw ? urw + 1 : 0) + FG_STATUS_COUNT * statw + 1);
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
	tui_text(top, x, odw, _("Overdue"), hattr | (un->sort ? (int)A_REVERSE : 0), TUI_RIGHT);
	x += odw + 1;
	if (urw) {
		tui_text(top, x, urw, _("Unreported"), hattr, TUI_RIGHT);
		x += urw + 1;
	}
	if (statw)
		for (int s = 0; s < FG_STATUS_COUNT; s++) {
			tui_text(top, x, statw, tui_status_glyph((enum fg_status)s), hattr, TUI_RIGHT);
			x += statw;
		}
	x += 1;
	if (barw > 4)
		tui_text(top, x, barw, _("Progress"), hattr, TUI_PAD);
	size_t h = height > 1 ? (size_t)(height - 1) : 1;
	tui_scroll_to(un->cur, &un->top, h, p->nunits);
	for (size_t i = 0; i < h && un->top + i < p->nunits; i++) {
		size_t u = un->order[un->top + i];
		int y = top + 1 + (int)i;
		bool sel = un->top + i == un->cur;
		int base = sel ? tui_attr(t, TUI_ATTR_SELECT) : 0;
		tui_fill(y, 0, W, base);
		char mark[8];
		snprintf(mark, sizeof mark, "%s%s", sel ? ">" : " ",
			 (t->as_set && t->as_set[u]) || tui_unit_filtered(t, u) ? "*" : " ");
		tui_text(y, 0, 2, mark, base | A_BOLD, TUI_PAD);
		x = 2;
		int ind = 2 * (int)(un->depth[un->top + i] < 4 ? un->depth[un->top + i] : 4);
		tui_fill(y, x, ind, base);
		tui_text(y, x + ind, nw - ind, p->units[u].name, base, TUI_PAD);
		x += nw + 1;
		tui_textf(y, x, numw, base, TUI_RIGHT, "%zu", un->counts[u].role[FG_ROLE_LEAD]);
		x += numw + 1;
		tui_textf(y, x, numw, base, TUI_RIGHT, "%zu", un->counts[u].role[FG_ROLE_CO]);
		x += numw + 1;
		size_t od = un->counts[u].overdue;
		if (od)
			tui_textf(y, x, odw, base | tui_attr(t, TUI_ATTR_RED), TUI_RIGHT, "%zu", od);
		else
			tui_text(y, x, odw, "-", base | A_DIM, TUI_RIGHT);
		x += odw + 1;
		if (urw) {
			if (unrep[u])
				tui_textf(y, x, urw, base | tui_attr(t, TUI_ATTR_YELLOW), TUI_RIGHT, "%zu", unrep[u]);
			else
				tui_text(y, x, urw, "-", base | A_DIM, TUI_RIGHT);
			x += urw + 1;
		}
		size_t total = 0;
		for (int s = 0; s < FG_STATUS_COUNT; s++)
			total += un->counts[u].status[s];
		if (statw)
			for (int s = 0; s < FG_STATUS_COUNT; s++) {
				tui_textf(y, x, statw, base, TUI_RIGHT, "%zu", un->counts[u].status[s]);
				x += statw;
			}
		x += 1;
		if (barw <= 4 || total == 0)
			continue;
		/* the bar: one glyph per share of assignments, in the status colour,
		 * done first so progress grows from the left */
		int drawn = 0;
		size_t acc = 0;
		for (size_t k = 0; k < FG_STATUS_COUNT; k++) {
			enum fg_status s = fg_status_in_bar_order((int)k);
			acc += un->counts[u].status[s];
			int upto = (int)((acc * (size_t)barw + total / 2) / total);
			if (upto > barw)
				upto = barw;
			if (upto <= drawn)
				continue;
			enum tui_tone tone = (enum tui_tone)fg_statuses[s].light;
			char seg[256];
			size_t n = 0;
			for (int c = drawn; c < upto && n + 4 < sizeof seg; c++)
				n += (size_t)snprintf(seg + n, sizeof seg - n, "%s", tui_status_glyph(s));
			tui_text(y, x + drawn, upto - drawn, seg, base | tui_tone_attr(t, tone), 0);
			drawn = upto;
		}
	}
	free(unrep);
}

static void units_focus(struct tui *t)
{
	struct view_units_state *un = units_state(t);
	if (un->cur < t->p->nunits)
		tui_set_focus(t, NULL, t->p->units[un->order[un->cur]].name);
}

static void units_move(struct tui *t, long d)
{
	struct view_units_state *un = units_state(t);
	size_t n = t->p->nunits;
	if (n == 0)
		return;
	if (d < 0)
		un->cur = (size_t)-d > un->cur ? 0 : un->cur - (size_t)-d;
	else
		un->cur = un->cur + (size_t)d >= n ? n - 1 : un->cur + (size_t)d;
	size_t h = t->body_height > 1 ? (size_t)(t->body_height - 1) : 1;
	tui_scroll_to(un->cur, &un->top, h, n);
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
	struct view_units_state *un = units_state(t);
	size_t n = t->p->nunits;
	if (!t->search || n == 0) {
		tui_message(t, false, "%s", _("No search yet; press / to search."));
		return;
	}
	for (size_t k = 1; k <= n; k++) {
		size_t u = forward ? (un->cur + k) % n : (un->cur + n - k % n) % n;
		if (unit_matches(&t->p->units[un->order[u]], t->search)) {
			units_move(t, (long)u - (long)un->cur);
			return;
		}
	}
	tui_message(t, true, _("No unit name contains “%s”."), t->search);
}

static void filter_by(struct tui *t, size_t u)
{
	char name[256];
	snprintf(name, sizeof name, "%s", t->p->units[u].name);
	tui_switch_view(t, TUI_VIEW_MEASURES);
	tui_set_unit_filter(t, name);
	tui_message(t, false, _("Showing the measures of %s; Esc shows all again."), name);
}

/* The unit's 催办 list: its red rows, by the rule `fengong report` lists
 * them with (fg_assignment_light red: blocked, delayed or past due and not
 * done), in measure order; an umbrella's are its members' rows, each named.
 * The first item filters by the unit (what Enter did before), the others
 * open the measure. */
static void chase_list(struct tui *t, size_t u)
{
	const struct fg_plan *p = t->p;
	size_t cap = 16, n = 1;
	const char **items = tui_xmalloc(cap * sizeof *items);
	char **bufs = tui_xmalloc(cap * sizeof *bufs);
	size_t *where = tui_xmalloc(cap * sizeof *where), *which = tui_xmalloc(cap * sizeof *which);
	char first[400];
	snprintf(first, sizeof first, _("Show all measures of %s"), p->units[u].name);
	items[0] = first;
	bufs[0] = NULL;
	where[0] = which[0] = SIZE_MAX;
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		/* the unit's own row; an umbrella's: its members' rows, each named */
		for (size_t k = 0; k < m->nasg; k++) {
			const struct fg_assignment *a = &m->asg[k];
			bool member = a->via_index == u;
			if ((a->unit_index != u && !member) || fg_assignment_light(m, a, t->today) != FG_LIGHT_RED)
				continue;
			if (n == cap) {
				cap *= 2;
				items = tui_xrealloc(items, cap * sizeof *items);
				bufs = tui_xrealloc(bufs, cap * sizeof *bufs);
				where = tui_xrealloc(where, cap * sizeof *where);
				which = tui_xrealloc(which, cap * sizeof *which);
			}
			bool over = fg_assignment_overdue(m, a, t->today);
			bool red = fg_statuses[a->status].light == FG_LIGHT_RED;
			char reason[160];
			snprintf(reason, sizeof reason, "%s%s%s", over ? _("overdue") : "", over && red ? "\u3001" : "",
				 red ? tui_status_label(a->status) : "");
			size_t len = strlen(m->label) + strlen(m->title) + strlen(reason) + strlen(m->due) + strlen(a->unit) + 64;
			bufs[n] = tui_xmalloc(len);
			snprintf(bufs[n], len, "%s %s · %s%s%s%s%s", m->label, m->title, member ? a->unit : "", member ? " " : "",
				 reason, *m->due ? " · " : "", m->due);
			items[n] = bufs[n];
			where[n] = i;
			which[n] = k;
			n++;
		}
	}
	char title[400];
	snprintf(title, sizeof title,
		 ngettext("Chase list of %s: %zu row to chase (Enter: open · Esc: close)",
			  "Chase list of %s: %zu rows to chase (Enter: open · Esc: close)", n - 1),
		 p->units[u].name, n - 1);
	long c = tui_menu(t, title, items, n, n > 1 ? 1 : 0, -1);
	if (c == 0)
		filter_by(t, u);
	else if (c > 0)
		tui_open_detail(t, where[c], (long)which[c]);
	for (size_t i = 1; i < n; i++)
		free(bufs[i]);
	free(bufs);
	free(items);
	free(where);
	free(which);
}

static int units_request(struct tui *t, enum tui_action a)
{
	struct view_units_state *un = units_state(t);
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
		if (un->cur < t->p->nunits)
			chase_list(t, un->order[un->cur]);
		return TUI_HANDLED;
	case TUI_ACTION_MARK:
	case TUI_ACTION_MARK_ALL: /* the unit's rows in the shown measures */
		if (un->cur < t->p->nunits)
			tui_mark_unit(t, un->order[un->cur]);
		return TUI_HANDLED;
	case TUI_ACTION_SORT: {
		const char *items[2] = { _("registry order"), _("overdue count, most first") };
		char now[160];
		if (un->sort) {
			snprintf(now, sizeof now, _("%s  (now; again: reverse)"), items[1]);
			items[1] = now;
		}
		long c = tui_menu(t, _("Order the units by"), items, 2, un->sort ? 1 : 0, 1);
		if (c < 0)
			return TUI_HANDLED;
		un->sort = c == 0 ? 0 : un->sort == 1 ? 2 : 1;
		units_refresh(t);
		tui_message(t, false, "%s",
			    un->sort == 0 ? _("Units in registry order.")
			    : un->sort == 1 ? _("Units ordered by overdue count, most first.")
					      : _("Units ordered by overdue count, fewest first."));
		return TUI_HANDLED;
	}
	default: return TUI_UNHANDLED;
	}
}

static void units_click(struct tui *t, int y, int x, bool twice)
{
	struct view_units_state *un = units_state(t);
	(void)x;
	int row = y - t->body_top - 1;
	if (row < 0)
		return;
	size_t u = un->top + (size_t)row; /* a position in un_order */
	if (u >= t->p->nunits)
		return;
	units_move(t, (long)u - (long)un->cur);
	if (twice)
		units_request(t, TUI_ACTION_ENTER);
}

const struct tui_view_ops tui_view_units = {
	.name = N_("Units"),
	.in_tabs = true,
	.reload = units_refresh,
	.draw = units_draw,
	.request = units_request,
	.target = NULL,
	.click = units_click,
	.goto_row = NULL,
	.cur_row = NULL,
	.state_new = units_state_new,
	.state_free = units_state_free,
};
