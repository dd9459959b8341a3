/* fengong TUI: the matrix view — measures as rows, units as columns, a cell
 * per assignment (● lead, ○ co) coloured by its status.  The first column
 * and the header stay in place while the grid scrolls both ways; unit names
 * are written vertically (the focused column grows to hold the whole name),
 * and the focused column's full name is on the line above, so a liaison can
 * always tell which column is theirs.  With a filter on, only the units with
 * a cell in a shown row are columns. */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HEADER_ROWS 4

/* A column: a unit's own cells, or (rollup) an umbrella's roll-up of its
 * members' rows; group: the umbrella whose heading spans the column (a
 * member's column while the umbrellas are unfolded), SIZE_MAX when none. */
struct mx_col {
	size_t unit, group;
	bool rollup;
};

/* The view's own state (t->view_state[TUI_VIEW_MATRIX]): col and left are
 * positions in cols, the columns shown (with a filter, only those with a
 * cell in a shown row); nall: how many there are without a filter. */
struct view_matrix_state {
	size_t row, top, col, left;
	struct mx_col *cols;
	size_t nunits, nall;
	bool folded;     /* umbrellas as one roll-up column each */
	bool groups;     /* some shown column sits under an umbrella's heading */
};

static struct view_matrix_state *matrix_state(const struct tui *t)
{
	return t->view_state[TUI_VIEW_MATRIX];
}

static void *matrix_state_new(void)
{
	return app_xcalloc(1, sizeof(struct view_matrix_state));
}

static void matrix_state_free(void *state)
{
	struct view_matrix_state *mx = state;
	free(mx->cols);
	free(mx);
}

struct mx_layout {
	int info_y;    /* the focused-cell line */
	int group_y;   /* the umbrellas' headings, -1 when none is shown */
	int head_y;    /* first header row */
	int cell_w;    /* a column's width with its gap: 3, 4 with the report mark */
	int head_rows;
	int grid_y;    /* first grid row */
	size_t grid_rows;
	int first_w;   /* first column width */
	size_t ncols;  /* unit columns visible */
	int focus_w;   /* the focused column's width: wider when its name needs it */
	size_t focus_per_row; /* characters of its name per header row */
};

/* The name as shown in the vertical header: "市水利局" → "水利局" (the
 * city prefix is shared by most units and says nothing). */
static const char *short_name(const char *name)
{
	static const char city[] = "市";
	size_t n = sizeof city - 1;
	if (strncmp(name, city, n) == 0 && fg_text_width(name + n) >= 4)
		return name + n;
	return name;
}

static size_t cp_count(const char *s)
{
	size_t n = 0, len = strlen(s);
	while (len > 0) {
		uint32_t cp;
		size_t k = fg_utf8_decode(s, len, &cp);
		if (k == 0)
			k = 1;
		s += k;
		len -= k;
		n++;
	}
	return n;
}

static void mx_compute(const struct tui *t, int top, int height, struct mx_layout *l)
{
	const struct view_matrix_state *mx = matrix_state(t);
	size_t longest = 1;
	for (size_t u = 0; u < t->p->nunits; u++) {
		size_t c = cp_count(short_name(t->p->units[u].name));
		if (c > longest)
			longest = c;
	}
	int g = mx->groups && height >= 6 ? 1 : 0;
	int hr = (int)(longest < MAX_HEADER_ROWS ? longest : MAX_HEADER_ROWS);
	if (hr > height - 3 - g)
		hr = height - 3 - g;
	if (hr < 1)
		hr = 1;
	l->cell_w = t->p->reporting.every != FG_EVERY_NONE ? 4 : 3;
	l->info_y = top;
	l->group_y = g ? top + 1 : -1;
	l->head_y = top + 1 + g;
	l->head_rows = hr;
	l->grid_y = top + 1 + g + hr;
	l->grid_rows = height - 1 - g - hr > 0 ? (size_t)(height - 1 - g - hr) : 1;
	int fw = COLS / 4;
	if (fw < 10)
		fw = 10;
	if (fw > 28)
		fw = 28;
	l->first_w = fw;
	/* the focused column grows so that its header holds the whole name */
	l->focus_per_row = 1;
	l->focus_w = l->cell_w;
	if (mx->col < mx->nunits) {
		size_t n = cp_count(short_name(t->p->units[mx->cols[mx->col].unit].name));
		l->focus_per_row = (n + (size_t)hr - 1) / (size_t)hr;
		if (l->focus_per_row < 1)
			l->focus_per_row = 1;
		if (l->focus_per_row > 8)
			l->focus_per_row = 8;
		l->focus_w = (int)l->focus_per_row * 2 + 1;
		if (l->focus_w < l->cell_w)
			l->focus_w = l->cell_w;
	}
	int rest = COLS - fw - 1 - (l->focus_w - l->cell_w);
	l->ncols = rest >= l->cell_w ? (size_t)(rest / l->cell_w) : 1;
}

/* x of visible column c (0 = the column at mx_left) and its width */
static int col_x(const struct tui *t, const struct mx_layout *l, size_t c)
{
	const struct view_matrix_state *mx = matrix_state(t);
	size_t fc = mx->col >= mx->left ? mx->col - mx->left : SIZE_MAX;
	return l->first_w + 1 + (int)c * l->cell_w + (fc != SIZE_MAX && c > fc ? l->focus_w - l->cell_w : 0);
}

static int col_w(const struct tui *t, const struct mx_layout *l, size_t c)
{
	const struct view_matrix_state *mx = matrix_state(t);
	return mx->left + c == mx->col ? l->focus_w - 1 : l->cell_w - 1;
}

static const struct fg_measure *row_measure(const struct tui *t, size_t r)
{
	return r < t->nrows ? &t->p->measures[t->rows[r]] : NULL;
}

size_t tui_matrix_unit(const struct tui *t)
{
	const struct view_matrix_state *mx = matrix_state(t);
	return mx->col < mx->nunits ? mx->cols[mx->col].unit : SIZE_MAX;
}

bool tui_matrix_folded(const struct tui *t)
{
	return matrix_state(t)->folded;
}

void tui_matrix_set_folded(struct tui *t, bool folded)
{
	matrix_state(t)->folded = folded; /* the columns follow at the next reload */
}

/* The assignment column c shows in m: the unit's own row; for a roll-up
 * column the umbrella's own row if it has one, else its first member row
 * (*nmembers gets how many member rows there are, 0 for a plain cell). */
static const struct fg_assignment *col_asg(const struct fg_measure *m, const struct mx_col *c, size_t *nmembers)
{
	*nmembers = 0;
	const struct fg_assignment *a = fg_measure_assignment(m, c->unit);
	if (a || !c->rollup)
		return a;
	for (size_t i = 0; i < m->nasg; i++)
		if (m->asg[i].via_index == c->unit) {
			if (!a)
				a = &m->asg[i];
			++*nmembers;
		}
	return a;
}

/* Index in m->asg of the assignment column c points at, SIZE_MAX when none. */
static size_t col_asg_index(const struct fg_measure *m, const struct mx_col *c)
{
	size_t n;
	const struct fg_assignment *a = col_asg(m, c, &n);
	return a ? (size_t)(a - m->asg) : SIZE_MAX;
}

static void mx_focus(struct tui *t)
{
	struct view_matrix_state *mx = matrix_state(t);
	const struct fg_measure *m = row_measure(t, mx->row);
	size_t u = tui_matrix_unit(t);
	tui_set_focus(t, m, u < t->p->nunits ? t->p->units[u].name : NULL);
}

static void mx_keep_visible(struct tui *t)
{
	struct view_matrix_state *mx = matrix_state(t);
	struct mx_layout l;
	mx_compute(t, t->body_top, t->body_height, &l);
	tui_scroll_to(mx->row, &mx->top, l.grid_rows, t->nrows);
	tui_scroll_to(mx->col, &mx->left, l.ncols, mx->nunits);
}

/* The columns, in the units' display order (fg_plan_unit_order): an
 * umbrella's members after it, under its heading; folded, the umbrella's
 * roll-up column instead of theirs.  An umbrella keeps a column of its own
 * only for rows of its own (assigned as a whole).  With a filter on, only
 * the columns with a cell in a shown row. */
static void mx_columns(struct tui *t)
{
	struct view_matrix_state *mx = matrix_state(t);
	const struct fg_plan *p = t->p;
	size_t nu = p->nunits ? p->nunits : 1;
	mx->cols = tui_xrealloc(mx->cols, nu * sizeof *mx->cols);
	mx->nunits = mx->nall = 0;
	mx->groups = false;
	size_t *order = app_xcalloc(nu, sizeof *order);
	unsigned *depth = app_xcalloc(nu, sizeof *depth);
	fg_plan_unit_order(p, order, depth);
	/* own[u]: u has rows of its own; via[u]: member rows report to u;
	 * shown_*: the same in the shown rows */
	bool *own = app_xcalloc(nu * 4, sizeof *own), *via = own + nu, *shown_own = own + 2 * nu, *shown_via = own + 3 * nu;
	bool filtered = tui_filtered(t);
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		bool shown = !filtered || t->row_of[i] != SIZE_MAX;
		for (size_t k = 0; k < m->nasg; k++) {
			size_t u = m->asg[k].unit_index, v = m->asg[k].via_index;
			if (u < p->nunits) {
				own[u] = true;
				shown_own[u] |= shown;
			}
			if (v < p->nunits) {
				via[v] = true;
				shown_via[v] |= shown;
			}
		}
	}
	size_t group = SIZE_MAX;
	unsigned gdepth = 0;
	for (size_t i = 0; i < p->nunits; i++) {
		size_t u = order[i];
		if (depth[i] <= gdepth)
			group = SIZE_MAX; /* out of the last umbrella's members */
		if (group != SIZE_MAX && mx->folded)
			continue; /* folded into the umbrella's roll-up column */
		struct mx_col c = {u, group, false};
		bool has = shown_own[u];
		if (via[u] && group == SIZE_MAX) {
			/* an umbrella whose members report: its members follow */
			group = u;
			gdepth = depth[i];
			if (mx->folded) {
				c.rollup = true;
				has |= shown_via[u];
			} else if (!own[u]) {
				continue; /* no rows of its own: the heading stands for it */
			}
		}
		mx->nall++;
		if (filtered && !has)
			continue;
		mx->groups |= c.group != SIZE_MAX;
		mx->cols[mx->nunits++] = c;
	}
	free(own);
	free(order);
	free(depth);
}

/* Put the cursor on unit u's column: its own, else (folded) its
 * umbrella's roll-up, else (unfolded) its first member's. */
static bool mx_place(struct tui *t, size_t u)
{
	struct view_matrix_state *mx = matrix_state(t);
	for (size_t c = 0; c < mx->nunits; c++)
		if (mx->cols[c].unit == u) {
			mx->col = c;
			return true;
		}
	size_t up = fg_plan_unit_umbrella(t->p, u);
	for (size_t c = 0; up != SIZE_MAX && c < mx->nunits; c++)
		if (mx->cols[c].unit == up && mx->cols[c].rollup) {
			mx->col = c;
			return true;
		}
	for (size_t c = 0; c < mx->nunits; c++)
		if (mx->cols[c].group == u) {
			mx->col = c;
			return true;
		}
	return false;
}

static void matrix_refresh(struct tui *t)
{
	struct view_matrix_state *mx = matrix_state(t);
	const struct fg_measure *m = fg_plan_measure(t->p, t->focus_measure);
	size_t mi = m ? (size_t)(m - t->p->measures) : SIZE_MAX;
	if (mi != SIZE_MAX && t->row_of[mi] != SIZE_MAX)
		mx->row = t->row_of[mi];
	else if (mx->row >= t->nrows)
		mx->row = t->nrows ? t->nrows - 1 : 0;
	mx_columns(t);
	long u = t->focus_unit[0] ? fg_plan_unit_index(t->p, t->focus_unit) : -1;
	bool placed = u >= 0 && mx_place(t, (size_t)u);
	if (!placed && mx->col >= mx->nunits)
		mx->col = 0;
	mx_keep_visible(t);
}

static void draw_info(struct tui *t, const struct mx_layout *l)
{
	struct view_matrix_state *mx = matrix_state(t);
	if (t->p->nunits == 0) {
		tui_text(l->info_y, 0, COLS, _("This plan has no units."), A_BOLD, 0);
		return;
	}
	if (mx->nunits == 0) {
		tui_text(l->info_y, 0, COLS, _("No unit has a cell in the shown rows."), A_BOLD, 0);
		return;
	}
	const struct mx_col *col = &mx->cols[mx->col];
	size_t col_unit = col->unit;
	const struct fg_unit *u = &t->p->units[col_unit];
	char buf[1024], what[600];
	if (col->rollup) /* the umbrella's roll-up column */
		snprintf(what, sizeof what, _("%s (its members' roll-up; z shows them)"), u->name);
	else if (col->group != SIZE_MAX)
		snprintf(what, sizeof what, _("%s (member of %s; z folds)"), u->name, t->p->units[col->group].name);
	else
		snprintf(what, sizeof what, "%s", u->name);
	if (mx->nunits < mx->nall)
		snprintf(buf, sizeof buf, _("Column %zu/%zu (%zu units without a shown row hidden): %s"), mx->col + 1,
			 mx->nunits, mx->nall - mx->nunits, what);
	else
		snprintf(buf, sizeof buf, _("Column %zu/%zu: %s"), mx->col + 1, mx->nunits, what);
	const struct fg_measure *m = row_measure(t, mx->row);
	int x = tui_text(l->info_y, 0, COLS, buf, A_BOLD, 0);
	if (!m)
		return;
	size_t nmem;
	const struct fg_assignment *a = col_asg(m, col, &nmem);
	if (nmem) { /* the roll-up of the members' rows */
		enum fg_status st = fg_measure_umbrella_rollup(m, col_unit, NULL);
		snprintf(buf, sizeof buf, " · %s %s — %s, %s %s", m->label, m->title, tui_role_label(a->role),
			 tui_status_glyph(st), tui_status_label(st));
		tui_text(l->info_y, x, COLS - x, buf,
			 tui_tone_attr(t, (enum tui_tone)fg_measure_umbrella_light(m, col_unit, t->today)), 0);
		return;
	}
	const struct fg_conflict *c = a ? tui_conflict_open(t, m, a) : NULL;
	if (c) {
		/* both values, so the cell's "?" is explained where it is (the
		 * title gives way: the row shows it) */
		int k = snprintf(buf, sizeof buf, " · %s — %s, %s %s", m->label, tui_role_label(a->role),
				 tui_status_glyph(a->status), tui_status_label(a->status));
		if (k > 0 && (size_t)k < sizeof buf)
			snprintf(buf + k, sizeof buf - (size_t)k, _("; merge conflict, other side: %s %s"),
				 tui_status_glyph(c->status), tui_status_label(c->status));
		tui_text(l->info_y, x, COLS - x, buf, tui_attr(t, TUI_ATTR_ERROR), 0);
		return;
	}
	if (a)
		snprintf(buf, sizeof buf, " · %s %s — %s, %s %s", m->label, m->title, tui_role_label(a->role),
			 tui_status_glyph(a->status), tui_status_label(a->status));
	else
		snprintf(buf, sizeof buf, _(" · %s %s — no assignment"), m->label, m->title);
	tui_text(l->info_y, x, COLS - x, buf, a ? tui_tone_attr(t, tui_tone_asg(t, m, a)) : (int)A_DIM, 0);
}

/* The umbrellas' headings: over each run of member columns, the
 * umbrella's name, underlined across the run. */
static void draw_groups(struct tui *t, const struct mx_layout *l)
{
	struct view_matrix_state *mx = matrix_state(t);
	if (l->group_y < 0)
		return;
	tui_fill(l->group_y, 0, COLS, A_NORMAL);
	for (size_t c = 0; c < l->ncols && mx->left + c < mx->nunits;) {
		size_t g = mx->cols[mx->left + c].group, e = c;
		if (g == SIZE_MAX) {
			c++;
			continue;
		}
		while (e + 1 < l->ncols && mx->left + e + 1 < mx->nunits && mx->cols[mx->left + e + 1].group == g)
			e++;
		int x = col_x(t, l, c), w = col_x(t, l, e) + col_w(t, l, e) - x;
		if (x + w > COLS)
			w = COLS - x;
		tui_text(l->group_y, x, w, short_name(t->p->units[g].name), tui_attr(t, TUI_ATTR_HEADING) | A_UNDERLINE,
			 TUI_PAD);
		c = e + 1;
	}
}

static void draw_header(struct tui *t, const struct mx_layout *l)
{
	struct view_matrix_state *mx = matrix_state(t);
	int hattr = A_BOLD;
	for (int r = 0; r < l->head_rows; r++)
		tui_fill(l->head_y + r, 0, COLS, A_NORMAL);
	draw_groups(t, l);
	tui_text(l->head_y + l->head_rows - 1, 0, l->first_w, _("Measure \\ Unit"), A_DIM, 0);
	/* columns off-screen on either side: how many, with arrows */
	size_t left = mx->left, shown = mx->nunits - mx->left < l->ncols ? mx->nunits - mx->left : l->ncols;
	size_t right = mx->nunits - mx->left - shown;
	int more_y = l->group_y >= 0 ? l->group_y : l->head_y;
	if ((left || right) && (l->head_rows >= 2 || l->group_y >= 0))
		tui_textf(more_y, 0, l->first_w, tui_attr(t, TUI_ATTR_KEY), 0, _("more units: \u25c0%zu \u25b6%zu"), left,
			  right);
	for (size_t c = 0; c < l->ncols && mx->left + c < mx->nunits; c++) {
		size_t u = mx->cols[mx->left + c].unit;
		int x = col_x(t, l, c);
		bool focused = mx->left + c == mx->col;
		size_t per = focused ? l->focus_per_row : 1;
		int attr = hattr;
		if (mx->left + c == mx->col)
			attr = tui_attr(t, TUI_ATTR_SELECT) | A_BOLD;
		else if ((t->as_set && t->as_set[u]) || tui_unit_filtered(t, u))
			attr = tui_attr(t, TUI_ATTR_HEADING) | A_UNDERLINE;
		const char *s = short_name(t->p->units[u].name);
		size_t len = strlen(s), total = cp_count(s);
		for (int r = 0; r < l->head_rows; r++) {
			char ch[64] = "";
			size_t o = 0;
			for (size_t i = 0; i < per && len > 0; i++) {
				uint32_t cp;
				size_t k = fg_utf8_decode(s, len, &cp);
				if (k == 0)
					k = 1;
				if (r == l->head_rows - 1 && total > (size_t)l->head_rows * per && i == per - 1) {
					o += (size_t)snprintf(ch + o, sizeof ch - o, "\u2026"); /* … marks a cut name */
				} else if (o + k < sizeof ch) {
					memcpy(ch + o, s, k);
					o += k;
					ch[o] = 0;
				}
				s += k;
				len -= k;
			}
			tui_text(l->head_y + r, x, col_w(t, l, c), ch, attr, TUI_PAD);
		}
	}
}

static void draw_grid(struct tui *t, const struct mx_layout *l)
{
	struct view_matrix_state *mx = matrix_state(t);
	int lw = t->label_w > 0 ? t->label_w : 6;
	bool cycle = tui_cycle_refresh(t); /* the third glyph: not reported this period */
	for (size_t i = 0; i < l->grid_rows && mx->top + i < t->nrows; i++) {
		size_t r = mx->top + i;
		const struct fg_measure *m = row_measure(t, r);
		size_t mi = (size_t)(m - t->p->measures);
		int y = l->grid_y + (int)i;
		bool cur_row = r == mx->row;
		int rattr = cur_row ? tui_attr(t, TUI_ATTR_SELECT) : 0;
		tui_fill(y, 0, l->first_w, rattr);
		int x = tui_text(y, 0, lw < l->first_w ? lw : l->first_w, m->label, rattr, TUI_PAD);
		if (x + 1 < l->first_w)
			tui_text(y, x + 1, l->first_w - x - 1, m->title, rattr, TUI_PAD);
		for (size_t c = 0; c < l->ncols && mx->left + c < mx->nunits; c++) {
			const struct mx_col *col = &mx->cols[mx->left + c];
			int cx = col_x(t, l, c), cw = col_w(t, l, c);
			size_t nmem;
			const struct fg_assignment *a = col_asg(m, col, &nmem);
			bool on_col = mx->left + c == mx->col;
			bool cursor = cur_row && on_col;
			if (a) {
				char cell[16];
				/* a roll-up cell stands for its member rows: marked,
				 * unsaved, in conflict or unreported when any of them is */
				bool conflict = false, marked = false, unsaved = false, unrep = false;
				for (size_t k = 0; k < m->nasg; k++) {
					const struct fg_assignment *b = &m->asg[k];
					if (nmem ? b->via_index != col->unit : b != a)
						continue;
					conflict |= tui_conflict_open(t, m, b) != NULL;
					marked |= tui_marked(t, m, b);
					unsaved |= tui_asg_unsaved(t, m, b);
					unrep |= cycle && tui_cycle_unreported(t, mi, k);
				}
				enum fg_status st = nmem ? fg_measure_umbrella_rollup(m, col->unit, NULL) : a->status;
				/* an open merge conflict: "?" instead of the status (the
				 * line above the grid names both values); a marked cell:
				 * * in place of the role (the line above names the role) */
				snprintf(cell, sizeof cell, "%s%s%s", marked ? "*" : tui_role_glyph(a->role),
					 conflict ? "?" : tui_status_glyph(st), unrep ? "~" : "");
				enum tui_tone tone = nmem ? (enum tui_tone)fg_measure_umbrella_light(m, col->unit, t->today)
							  : tui_tone_asg(t, m, a);
				int attr = conflict ? tui_attr(t, TUI_ATTR_ERROR) : tui_tone_attr(t, tone);
				if (cursor)
					attr |= A_REVERSE;
				if (unsaved)
					attr |= A_UNDERLINE;
				tui_text(y, cx, cw, cell, attr, TUI_PAD);
			} else if (cursor) {
				tui_text(y, cx, cw, "", A_REVERSE, TUI_PAD);
			} else if (cur_row || on_col) {
				tui_text(y, cx, cw, ".", A_DIM, TUI_PAD); /* crosshair */
			}
		}
	}
}

static void matrix_draw(struct tui *t, int top, int height)
{
	struct mx_layout l;
	mx_compute(t, top, height, &l);
	mx_keep_visible(t);
	draw_info(t, &l);
	draw_header(t, &l);
	if (t->nrows == 0) {
		tui_text(l.grid_y, 2, COLS - 4, _("No measure matches the filters; press Esc to clear them."), A_BOLD, 0);
		return;
	}
	draw_grid(t, &l);
}

static void mx_move(struct tui *t, long drow, long dcol)
{
	struct view_matrix_state *mx = matrix_state(t);
	if (drow < 0)
		mx->row = (size_t)-drow > mx->row ? 0 : mx->row - (size_t)-drow;
	else if (drow > 0 && t->nrows)
		mx->row = mx->row + (size_t)drow >= t->nrows ? t->nrows - 1 : mx->row + (size_t)drow;
	if (dcol < 0)
		mx->col = (size_t)-dcol > mx->col ? 0 : mx->col - (size_t)-dcol;
	else if (dcol > 0 && mx->nunits)
		mx->col = mx->col + (size_t)dcol >= mx->nunits ? mx->nunits - 1 : mx->col + (size_t)dcol;
	mx_keep_visible(t);
	mx_focus(t);
}

static int matrix_request(struct tui *t, enum tui_action a)
{
	struct view_matrix_state *mx = matrix_state(t);
	struct mx_layout l;
	mx_compute(t, t->body_top, t->body_height, &l);
	long page = l.grid_rows > 1 ? (long)l.grid_rows - 1 : 1;
	switch (a) {
	case TUI_ACTION_UP: mx_move(t, -1, 0); return TUI_HANDLED;
	case TUI_ACTION_DOWN: mx_move(t, 1, 0); return TUI_HANDLED;
	case TUI_ACTION_LEFT: mx_move(t, 0, -1); return TUI_HANDLED;
	case TUI_ACTION_RIGHT: mx_move(t, 0, 1); return TUI_HANDLED;
	case TUI_ACTION_PAGE_UP: mx_move(t, -page, 0); return TUI_HANDLED;
	case TUI_ACTION_PAGE_DOWN: mx_move(t, page, 0); return TUI_HANDLED;
	case TUI_ACTION_FIRST: mx_move(t, -(long)t->nrows, 0); return TUI_HANDLED;
	case TUI_ACTION_LAST: mx_move(t, (long)t->nrows, 0); return TUI_HANDLED;
	case TUI_ACTION_ENTER: {
		const struct fg_measure *m = row_measure(t, mx->row);
		if (!m)
			return TUI_HANDLED;
		size_t k = mx->col < mx->nunits ? col_asg_index(m, &mx->cols[mx->col]) : SIZE_MAX;
		tui_open_detail(t, (size_t)(m - t->p->measures), k == SIZE_MAX ? -1 : (long)k);
		return TUI_HANDLED;
	}
	case TUI_ACTION_MARK: {
		/* a roll-up cell: its member rows (the generic toggle would take
		 * the whole measure) */
		const struct fg_measure *m = row_measure(t, mx->row);
		size_t nmem = 0;
		if (m && mx->col < mx->nunits)
			col_asg(m, &mx->cols[mx->col], &nmem);
		if (!nmem)
			return TUI_UNHANDLED;
		tui_mark_members(t, m, mx->cols[mx->col].unit);
		char keep[sizeof t->msg];
		snprintf(keep, sizeof keep, "%s", t->msg);
		mx_move(t, 1, 0);
		snprintf(t->msg, sizeof t->msg, "%s", keep);
		return TUI_HANDLED;
	}
	case TUI_ACTION_FOLD: {
		size_t u = tui_matrix_unit(t);
		if (!mx->groups && !mx->folded) { /* (roll-up columns exist only when folded) */
			tui_message(t, true, "%s", _("No umbrella unit here has members reporting row by row."));
			return TUI_HANDLED;
		}
		mx->folded = !mx->folded;
		mx_columns(t);
		if (u == SIZE_MAX || !mx_place(t, u))
			mx->col = mx->col < mx->nunits ? mx->col : 0;
		mx_keep_visible(t);
		mx_focus(t);
		tui_message(t, false, "%s",
			    mx->folded ? _("Umbrellas folded: a roll-up column each (z unfolds).")
				       : _("Umbrellas unfolded: a column per member (z folds)."));
		return TUI_HANDLED;
	}
	default: return TUI_UNHANDLED;
	}
}

static bool matrix_target(struct tui *t, struct tui_target *out)
{
	struct view_matrix_state *mx = matrix_state(t);
	const struct fg_measure *m = row_measure(t, mx->row);
	if (!m)
		return false;
	out->measure = (size_t)(m - t->p->measures);
	out->asg = SIZE_MAX;
	out->exact = true;
	if (mx->col >= mx->nunits)
		return true;
	const struct mx_col *col = &mx->cols[mx->col];
	size_t nmem;
	const struct fg_assignment *a = col_asg(m, col, &nmem);
	if (nmem) { /* a roll-up cell: which member's row is for the user to say */
		out->exact = false;
		out->rollup = true;
		out->umbrella = col->unit;
	}
	else if (a)
		out->asg = (size_t)(a - m->asg);
	return true;
}

static void matrix_click(struct tui *t, int y, int x, bool twice)
{
	struct view_matrix_state *mx = matrix_state(t);
	struct mx_layout l;
	mx_compute(t, t->body_top, t->body_height, &l);
	if (y >= l.grid_y && (size_t)(y - l.grid_y) < l.grid_rows) {
		size_t r = mx->top + (size_t)(y - l.grid_y);
		if (r < t->nrows)
			mx->row = r;
	}
	if (x > l.first_w && y >= l.head_y) {
		for (size_t c = 0; c < l.ncols && mx->left + c < mx->nunits; c++)
			if (x >= col_x(t, &l, c) && x < col_x(t, &l, c) + col_w(t, &l, c) + 1) {
				mx->col = mx->left + c;
				break;
			}
	}
	mx_keep_visible(t);
	mx_focus(t);
	if (twice && y >= l.grid_y)
		matrix_request(t, TUI_ACTION_ENTER);
}

static void matrix_goto_row(struct tui *t, size_t r)
{
	struct view_matrix_state *mx = matrix_state(t);
	mx->row = r;
	mx_keep_visible(t);
	mx_focus(t);
}

static size_t matrix_cur_row(struct tui *t)
{
	struct view_matrix_state *mx = matrix_state(t);
	return mx->row < t->nrows ? mx->row : SIZE_MAX;
}

const struct tui_view_ops tui_view_matrix = {
	.name = N_("Matrix"),
	.in_tabs = true,
	.reload = matrix_refresh,
	.draw = matrix_draw,
	.request = matrix_request,
	.target = matrix_target,
	.click = matrix_click,
	.goto_row = matrix_goto_row,
	.cur_row = matrix_cur_row,
	.state_new = matrix_state_new,
	.state_free = matrix_state_free,
};
