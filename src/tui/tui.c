/* fengong TUI: start-up, the main loop, the dispatcher, filters and layout. */
#include "tui.h"
#include "fengong/cycle.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

const struct tui_view_ops *const tui_views[TUI_VIEW_COUNT] = {
	[TUI_VIEW_MEASURES] = &tui_view_measures,
	[TUI_VIEW_MATRIX] = &tui_view_matrix,
	[TUI_VIEW_UNITS] = &tui_view_units,
	[TUI_VIEW_HISTORY] = &tui_view_history,
	[TUI_VIEW_DETAIL] = &tui_view_detail,
};

/* ------------------------------------------------------------------ actions */

const struct tui_action_def tui_actions[TUI_ACTION_COUNT] = {
#define TUI_X_DEF(id, fl, help, k1, k2, k3) \
	[TUI_ACTION_##id] = { TUI_ACTION_##id, fl, help, { k1, k2, k3 } },
	TUI_ACTIONS(TUI_X_DEF)
#undef TUI_X_DEF
};

enum tui_action tui_action_for_key(int key)
{
	if (key == 0)
		return TUI_ACTION_NONE;
	for (int a = 0; a < TUI_ACTION_COUNT; a++)
		for (int k = 0; k < 3; k++)
			if (tui_actions[a].keys[k] == key)
				return (enum tui_action)a;
	return TUI_ACTION_NONE;
}

/* ------------------------------------------------------------------ util */

static struct tui *tui_current;

/* Out of memory anywhere (the core, the app layer, the TUI): restore the
 * terminal and write the recovery file before app_oom reports and exits. */
static void tui_oom_hook(void)
{
	if (tui_screen_active) {
		tui_input_end();
		endwin();
		tui_screen_active = 0;
	}
	if (tui_current) {
		struct tui *t = tui_current;
		tui_current = NULL; /* once: the recovery writer may run out too */
		size_t n = 0;
		tui_recover_write(t, &n);
	}
}

void *tui_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		app_oom();
	return p;
}

void *tui_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		app_oom();
	return q;
}

char *tui_xstrdup(const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	char *d = tui_xmalloc(n);
	memcpy(d, s ? s : "", n);
	return d;
}

/* buf[len] holds a text vsnprintf cut short: end it between characters, in "…" */
static int vsnprintf_cut(char *buf, size_t len, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, len, fmt, ap);
	if (n >= 0 && len && (size_t)n >= len)
		fg_text_cut(buf, len);
	return n;
}

int tui_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf_cut(buf, len, fmt, ap);
	va_end(ap);
	return n;
}

void tui_message(struct tui *t, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf_cut(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
	t->msg_error = error;
}

void tui_message_diag(struct tui *t, const struct fg_diag *d)
{
	if (!d->n) {
		tui_message(t, true, "%s", _("The operation failed for an unknown reason."));
		return;
	}
	fg_diag_format(d, 0, t->msg, sizeof t->msg);
	t->msg_error = true;
}

void tui_scroll_to(size_t cur, size_t *top, size_t h, size_t n)
{
	if (h == 0)
		h = 1;
	if (cur < *top)
		*top = cur;
	else if (cur >= *top + h)
		*top = cur - h + 1;
	if (n <= h)
		*top = 0;
	else if (*top > n - h)
		*top = n - h;
}

/* ------------------------------------------------------------------ filters */

bool tui_unit_filtered(const struct tui *t, size_t u)
{
	return t->f_units && u < t->p->nunits && t->f_units[u];
}

bool tui_filtered(const struct tui *t)
{
	return t->f_units || t->f_role >= 0 || t->f_statuses || t->f_overdue || t->f_section >= 0;
}

bool tui_asg_matches_filter(const struct tui *t, const struct fg_measure *m, const struct fg_assignment *a)
{
	if (t->f_units && !t->f_units[a->unit_index])
		return false;
	if (t->f_role >= 0 && (int)a->role != t->f_role)
		return false;
	if (t->f_statuses && !(t->f_statuses & (1u << a->status)))
		return false;
	if (t->f_overdue && !fg_assignment_overdue(m, a, t->today))
		return false;
	return true;
}

/* One typed unit as the CLI resolves it (a name, alias, member or a part
 * of one that fits one unit); *name gets the unit it resolved to. */
static size_t unit_resolve_one(const struct tui *t, const char *query, bool *set, const char **name)
{
	struct fg_unit_lookup r;
	size_t n = 0;
	if (fg_plan_unit_resolve(t->p, query, set, &r) == FG_UNIT_FOUND) {
		for (size_t u = 0; u < t->p->nunits; u++)
			n += set[u];
		if (name)
			*name = r.name;
	} else {
		for (size_t u = 0; u < t->p->nunits; u++)
			set[u] = false;
	}
	fg_unit_lookup_free(&r);
	return n;
}

size_t tui_unit_match(const struct tui *t, const char *query, bool *set)
{
	size_t nu = t->p->nunits;
	if (!strchr(query, '\n'))
		return unit_resolve_one(t, query, set, NULL);
	bool *one = app_xcalloc(nu ? nu : 1, sizeof *one);
	char *q = tui_xstrdup(query), *save = NULL;
	for (size_t u = 0; u < nu; u++)
		set[u] = false;
	size_t missing = 0;
	for (char *s = strtok_r(q, "\n", &save); s; s = strtok_r(NULL, "\n", &save)) {
		if (unit_resolve_one(t, s, one, NULL) == 0)
			missing++;
		for (size_t u = 0; u < nu; u++)
			set[u] = set[u] || one[u];
	}
	free(q);
	free(one);
	size_t n = 0;
	for (size_t u = 0; u < nu; u++)
		n += set[u];
	return missing ? 0 : n;
}

/* "A、B": a several-unit query as shown */
static char *unit_label(const char *query)
{
	char *l = tui_xmalloc(strlen(query) * 3 + 1), *o = l;
	for (const char *s = query; *s; s++) {
		if (*s == '\n') {
			memcpy(o, "\u3001", 3);
			o += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = 0;
	return l;
}

/* The units a typed query (one unit, or several a line each) designates;
 * *name gets the unit a single query resolved to (else it is left as is),
 * *count 0 when any part fits none or several. */
static bool *unit_set_for(struct tui *t, const char *query, size_t *count, const char **name)
{
	bool *set = app_xcalloc(t->p->nunits ? t->p->nunits : 1, sizeof *set);
	size_t n = strchr(query, '\n') ? tui_unit_match(t, query, set) : unit_resolve_one(t, query, set, name);
	if (count)
		*count = n;
	return set;
}

/* Why --as or --unit at start-up designates no unit: none, or several fit. */
static void unit_refusal(const struct fg_plan *p, bool as, const char *query)
{
	bool *set = app_xcalloc(p->nunits + 1, sizeof *set);
	struct fg_unit_lookup r;
	if (fg_plan_unit_resolve(p, query, set, &r) == FG_UNIT_AMBIGUOUS) {
		char list[1024] = "";
		size_t n = 0;
		for (size_t i = 0; i < r.ncands && n < sizeof list; i++)
			n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", r.cands[i]);
		app_error(_("%s “%s” fits several units: %s; type more of the name."), as ? "--as" : "--unit", query, list);
	} else if (as) {
		app_error(_("--as names no unit of this plan: “%s”; `fengong units` lists them."), query);
	} else {
		app_error(_("--unit names no unit of this plan: “%s”; `fengong units` lists them."), query);
	}
	fg_unit_lookup_free(&r);
	free(set);
}

void tui_set_unit_filter(struct tui *t, const char *query)
{
	if (!query || !*query) {
		free(t->f_unit);
		free(t->f_unit_label);
		free(t->f_units);
		t->f_unit = NULL;
		t->f_unit_label = NULL;
		t->f_units = NULL;
		tui_measures_filter_changed(t);
		tui_rows_rebuild(t);
		return;
	}
	size_t n;
	const char *name = query;
	bool *set = unit_set_for(t, query, &n, &name);
	if (n == 0) {
		free(set);
		tui_message(t, true, _("No unit is called “%s”; press f to pick one from the list."), query);
		return;
	}
	free(t->f_unit);
	free(t->f_unit_label);
	free(t->f_units);
	t->f_unit = tui_xstrdup(name); /* 税务 filters as 市税务局, and says so */
	t->f_unit_label = unit_label(name);
	t->f_units = set;
	tui_measures_filter_changed(t);
	/* put the focus on that unit so the matrix opens on its column */
	for (size_t u = 0; u < t->p->nunits; u++)
		if (set[u]) {
			snprintf(t->focus_unit, sizeof t->focus_unit, "%s", t->p->units[u].name);
			break;
		}
	tui_rows_rebuild(t);
}

void tui_rows_rebuild(struct tui *t)
{
	struct fg_plan *p = t->p;
	struct fg_filter f;
	fg_filter_init(&f);
	f.units = t->f_units;
	f.role = t->f_role;
	f.status_mask = t->f_statuses;
	f.section = t->f_section;
	f.text = NULL;
	if (t->rows_cap < p->nmeasures + 1) {
		t->rows_cap = p->nmeasures + 1;
		t->rows = tui_xrealloc(t->rows, t->rows_cap * sizeof *t->rows);
	}
	free(t->row_of);
	t->row_of = tui_xmalloc((p->nmeasures + 1) * sizeof *t->row_of);
	t->nrows = 0;
	if (t->label_w_of != p->measures) { /* measured once per loaded plan */
		int lw = 4;
		for (size_t i = 0; i < p->nmeasures; i++) {
			int w = fg_text_width(p->measures[i].label);
			if (w > lw)
				lw = w;
		}
		t->label_w = lw > 12 ? 12 : lw;
		t->label_w_of = p->measures;
	}
	/* the core's index answers unit/role/status filters without walking
	 * the model: linear and fast on plans of 100 000 measures */
	t->nrows = fg_plan_select(p, &f, t->rows);
	if (t->f_overdue) { /* a measure with an overdue row that matches the rest */
		size_t k = 0;
		bool asg_filter = t->f_units || t->f_role >= 0;
		for (size_t r = 0; r < t->nrows; r++) {
			const struct fg_measure *m = &p->measures[t->rows[r]];
			bool keep = false;
			for (size_t i = 0; i < m->nasg && !keep; i++)
				keep = tui_asg_matches_filter(t, m, &m->asg[i]);
			if (m->nasg == 0 && !asg_filter)
				keep = fg_measure_overdue(m, t->today);
			if (keep)
				t->rows[k++] = t->rows[r];
		}
		t->nrows = k;
	}
	if (t->f_unreported) { /* issue 15: only measures with work not reported this period */
		size_t w = 0;
		for (size_t r = 0; r < t->nrows; r++)
			if (tui_cycle_measure_unreported(t, t->rows[r]))
				t->rows[w++] = t->rows[r];
		t->nrows = w;
	}
	if (t->f_pending) { /* issue 15: only measures with work awaiting the coordinator */
		size_t w = 0;
		for (size_t r = 0; r < t->nrows; r++)
			if (tui_cycle_measure_pending(t, t->rows[r]))
				t->rows[w++] = t->rows[r];
		t->nrows = w;
	}
	tui_sort_rows(t);
	for (size_t i = 0; i < p->nmeasures; i++)
		t->row_of[i] = SIZE_MAX;
	for (size_t r = 0; r < t->nrows; r++)
		t->row_of[t->rows[r]] = r;
	tui_views[t->view]->reload(t);
}

void tui_set_focus(struct tui *t, const struct fg_measure *m, const char *unit)
{
	if (m)
		t->focus_measure = m->number;
	if (unit)
		snprintf(t->focus_unit, sizeof t->focus_unit, "%s", unit);
}

enum tui_view_id tui_view_tab(enum tui_view_id from, int step)
{
	int v = (int)from;
	for (int n = 0; n < TUI_VIEW_COUNT; n++) {
		v = ((v + step) % TUI_VIEW_COUNT + TUI_VIEW_COUNT) % TUI_VIEW_COUNT;
		if (tui_views[v]->in_tabs)
			return (enum tui_view_id)v;
	}
	return from;
}

void tui_switch_view(struct tui *t, enum tui_view_id v)
{
	if (v != TUI_VIEW_DETAIL && t->view != TUI_VIEW_DETAIL)
		t->prev_view = t->view;
	t->view = v;
	tui_views[v]->reload(t);
}

void tui_open_detail(struct tui *t, size_t measure, long asg)
{
	if (measure >= t->p->nmeasures)
		return;
	const struct fg_measure *m = &t->p->measures[measure];
	tui_set_focus(t, m, asg >= 0 ? m->asg[asg].unit : NULL);
	if (t->view != TUI_VIEW_DETAIL)
		t->prev_view = t->view;
	tui_detail_set(t, measure, asg);
	t->view = TUI_VIEW_DETAIL;
	tui_views[TUI_VIEW_DETAIL]->reload(t);
}

/* ------------------------------------------------------------------ layout */

void tui_relayout(struct tui *t)
{
	t->too_small = COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
	t->body_top = 1;
	t->body_height = LINES - 3;
	if (t->body_height < 1)
		t->body_height = 1;
	/* the detail view rebuilds its document on reload and at a new width */
	tui_views[t->view]->reload(t);
}

static void draw_title(struct tui *t)
{
	int bar = tui_attr(t, TUI_ATTR_BAR);
	tui_fill(0, 0, COLS, bar);
	enum tui_view_id cur = tui_views[t->view]->in_tabs ? t->view : t->prev_view;
	/* view tabs on the right, the plan on the left */
	int tw = 0;
	for (size_t i = 0; i < TUI_VIEW_COUNT; i++)
		if (tui_views[i]->in_tabs)
			tw += fg_text_width(_(tui_views[i]->name)) + 3;
	int x = COLS - tw;
	if (x < COLS / 2) {
		tw = fg_text_width(_(tui_views[cur]->name)) + 2;
		x = COLS - tw;
		tui_textf(0, x, tw, bar | A_BOLD, TUI_PAD, "[%s]", _(tui_views[cur]->name));
	} else {
		for (size_t i = 0; i < TUI_VIEW_COUNT; i++) {
			if (!tui_views[i]->in_tabs)
				continue;
			const char *nm = _(tui_views[i]->name);
			int w = fg_text_width(nm) + 2;
			if (i == cur)
				tui_textf(0, x, w, bar | A_BOLD | A_UNDERLINE, TUI_PAD, "[%s]", nm);
			else
				tui_textf(0, x, w, bar, TUI_PAD, " %s ", nm);
			x += w + 1;
		}
		x = COLS - tw;
	}
	const char *num = t->p->number ? t->p->number : "";
	const char *title = t->p->title ? t->p->title : "";
	tui_textf(0, 0, x - 1, bar, 0, " fengong · %s %s", num, title);
}

static void draw_status(struct tui *t)
{
	int y = LINES - 2;
	int bar = tui_attr(t, TUI_ATTR_BAR);
	tui_fill(y, 0, COLS, bar);
	char left[1024];
	size_t n = 0;
#define ADD(...) do { if (n < sizeof left) n += (size_t)snprintf(left + n, sizeof left - n, __VA_ARGS__); } while (0)
	/* open merge conflicts first: they must not be cut off */
	size_t nca, nct;
	tui_conflict_counts(t, &nca, &nct);
	if (nca && t->read_only)
		ADD(ngettext("%zu merge conflict — open a marked (?) measure to see it · ",
			     "%zu merge conflicts — open a marked (?) measure to see them · ", nca),
		    nca);
	else if (nca)
		ADD(ngettext("%zu merge conflict — open a marked (?) measure to decide · ",
			     "%zu merge conflicts — open a marked (?) measure to decide · ", nca),
		    nca);
	if (nct)
		ADD(ngettext("%zu text conflict (C lists it) · ", "%zu text conflicts (C lists them) · ", nct), nct);
	size_t conflict_len = n < sizeof left ? n : sizeof left - 1;
	if (t->f_pending) {
		ADD("%s", _("awaiting review · "));
	} else if (!t->as_set && !t->read_only) {
		/* the coordinator's queue (issue 15): submissions and extension requests */
		size_t pending = 0;
		for (size_t i = 0; i < t->p->nmeasures; i++)
			for (size_t k = 0; k < t->p->measures[i].nasg; k++)
				pending += fg_asg_pending(&t->p->measures[i].asg[k]) != FG_PENDING_NONE;
		if (pending)
			ADD(ngettext("%zu awaits review (R shows it, a approves, x returns) · ",
				     "%zu await review (R shows them, a approves, x returns) · ", pending),
			    pending);
	}
	if (t->f_unit)
		ADD(_("unit: %s · "), t->f_unit_label);
	if (t->f_role >= 0)
		ADD(_("role: %s · "), tui_role_label((enum fg_role)t->f_role));
	if (t->f_statuses) {
		ADD("%s", _("status: "));
		bool first = true;
		for (int s = 0; s < FG_STATUS_COUNT; s++)
			if (t->f_statuses & (1u << s)) {
				ADD("%s%s", first ? "" : "\u3001", tui_status_label((enum fg_status)s));
				first = false;
			}
		ADD(" · ");
	}
	if (t->f_overdue)
		ADD("%s", _("overdue · "));
	if (TUI_SORTED(t)) {
		char lab[128];
		tui_sort_label(t, lab, sizeof lab);
		ADD(_("order: %s · "), lab);
	}
	if (t->f_section >= 0 && (size_t)t->f_section < t->p->nsections)
		ADD(_("section: %s · "), t->p->sections[t->f_section].id);
	if (t->search)
		ADD(_("search: %s · "), t->search);
	if (t->f_unreported)
		ADD(_("not reported for %s · "), t->cyc_period);
	else if (!t->read_only) {
		size_t miss = tui_cycle_missing(t);
		if (miss)
			ADD(ngettext("%zu not reported for %s (M shows them) · ", "%zu not reported for %s (M shows them) · ",
				     miss),
			    miss, t->cyc_period);
	}
	ADD(_("%zu of %zu measures"), t->nrows, t->p->nmeasures);
	if (t->nmarked)
		ADD(ngettext(" · %zu marked", " · %zu marked", t->nmarked), t->nmarked);
	size_t dirty = tui_unsaved_count(t);
	if (dirty)
		ADD(ngettext(" · [+] %zu unsaved edit", " · [+] %zu unsaved edits", dirty), dirty);
#undef ADD
	char right[512];
	if (t->read_only)
		snprintf(right, sizeof right, "%s", _("READ-ONLY (auditor): no edits, no saving"));
	else if (t->as_set)
		snprintf(right, sizeof right, _("liaison of %s"), t->as_name);
	else
		snprintf(right, sizeof right, "%s", _("coordinator"));
	if (!t->read_only) { /* who signs the saved records (issue 14) */
		size_t rl = strlen(right);
		tui_signing_label(t, right + rl, sizeof right - rl);
	}
	int rw = fg_text_width(right);
	int lw = fg_text_width(left);
	if (lw + rw + 3 > COLS && t->read_only) {
		snprintf(right, sizeof right, "%s", _("READ-ONLY"));
		rw = fg_text_width(right);
	}
	if (rw + 2 > COLS / 2 + 8)
		rw = COLS / 2 + 8 - 2;
	if (conflict_len) {
		/* the conflicts part in bold, the rest as before */
		char c[sizeof left];
		memcpy(c, left, conflict_len);
		c[conflict_len] = 0;
		int x = 1 + tui_text(y, 1, COLS - rw - 3, c, bar | A_BOLD, 0);
		if (x < COLS - rw - 2)
			tui_text(y, x, COLS - rw - 2 - x, left + conflict_len, bar, 0);
	} else {
		tui_text(y, 1, COLS - rw - 3, left, bar, 0);
	}
	tui_text(y, COLS - rw - 1, rw, right, bar | A_BOLD, TUI_PAD);
}

struct tui_hint {
	enum tui_action a;
	const char *word;
};

static void draw_message(struct tui *t)
{
	int y = LINES - 1;
	if (t->msg[0] && !tui_message_box(t)) { /* a long one opens in a box */
		tui_text(y, 0, COLS, t->msg, t->msg_error ? tui_attr(t, TUI_ATTR_ERROR) : 0, TUI_PAD);
		return;
	}
	/* key hints, from the same table as the dispatcher */
	static const struct tui_hint hints[] = {
		{ TUI_ACTION_HELP, N_("help") },       { TUI_ACTION_NEXT_VIEW, N_("view") },
		{ TUI_ACTION_FILTER_UNIT, N_("unit") }, { TUI_ACTION_SET_STATUS, N_("status") },
		{ TUI_ACTION_EDIT_NOTE, N_("note") },  { TUI_ACTION_SAVE, N_("save") },
		{ TUI_ACTION_QUIT, N_("quit") },
	};
	int x = 0;
	for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
		if (t->read_only && (tui_actions[hints[i].a].flags & TUI_ACT_EDIT))
			continue;
		char k[32];
		tui_key_label(tui_actions[hints[i].a].keys[0], k, sizeof k);
		int kw = fg_text_width(k), ww = fg_text_width(_(hints[i].word));
		if (x + kw + ww + 3 > COLS)
			break;
		x += tui_text(y, x, kw, k, tui_attr(t, TUI_ATTR_KEY), 0);
		x += 1;
		x += tui_text(y, x, ww, _(hints[i].word), A_NORMAL, 0);
		x += 2;
	}
}

void tui_draw_all(struct tui *t)
{
	erase();
	curs_set(0);
	if (t->too_small) {
		tui_draw_too_small(t); /* wrapped into the space we have */
		refresh();
		return;
	}
	draw_title(t);
	tui_views[t->view]->draw(t, t->body_top, t->body_height);
	draw_status(t);
	draw_message(t);
	refresh();
}

/* ------------------------------------------------------------------ keys */

/* tui_getkey and the key-reading path: input.c */

/* ------------------------------------------------------------------ search */

/* / n N: search.c */

/* ------------------------------------------------------------------ dispatch */

static void filter_status_menu(struct tui *t)
{
	const char *items[FG_STATUS_COUNT + 1];
	char buf[FG_STATUS_COUNT][128];
	items[0] = _("any status");
	for (int s = 0; s < FG_STATUS_COUNT; s++) {
		snprintf(buf[s], sizeof buf[s], "%s %s", tui_status_glyph((enum fg_status)s),
			 tui_status_label((enum fg_status)s));
		items[s + 1] = buf[s];
	}
	bool checked[FG_STATUS_COUNT + 1] = { false };
	size_t initial = 0;
	for (int s = FG_STATUS_COUNT - 1; s >= 0; s--)
		if (t->f_statuses & (1u << s)) {
			checked[s + 1] = true;
			initial = (size_t)s + 1;
		}
	long c = tui_menu_checks(t, _("Show measures with an assignment in status (Space: several)"), items,
				 FG_STATUS_COUNT + 1, initial, 0, checked);
	if (c == -1)
		return;
	if (c == TUI_MENU_CHECKED) {
		t->f_statuses = 0;
		for (int s = 0; s < FG_STATUS_COUNT; s++)
			if (checked[s + 1])
				t->f_statuses |= 1u << s;
	} else {
		t->f_statuses = c == 0 ? 0 : 1u << (c - 1);
	}
	tui_rows_rebuild(t);
}

static void filter_section_menu(struct tui *t)
{
	size_t n = t->p->nsections + 1;
	const char **items = tui_xmalloc(n * sizeof *items);
	char **bufs = tui_xmalloc(n * sizeof *bufs);
	items[0] = _("all sections");
	bufs[0] = NULL;
	for (size_t i = 0; i < t->p->nsections; i++) {
		size_t len = strlen(t->p->sections[i].id) + strlen(t->p->sections[i].title) + 8;
		bufs[i + 1] = tui_xmalloc(len);
		snprintf(bufs[i + 1], len, "%s、%s", t->p->sections[i].id, t->p->sections[i].title);
		items[i + 1] = bufs[i + 1];
	}
	long c = tui_menu(t, _("Show the measures of section"), items, n, (size_t)(t->f_section + 1),
			  n <= 10 ? 0 : -1);
	for (size_t i = 1; i < n; i++)
		free(bufs[i]);
	free(bufs);
	free(items);
	if (c < 0)
		return;
	t->f_section = c - 1;
	tui_rows_rebuild(t);
}

static bool clear_filters(struct tui *t)
{
	bool any = t->f_unit || t->f_role >= 0 || t->f_statuses || t->f_overdue || t->f_section >= 0 || t->search ||
		   t->f_unreported || t->f_pending;
	t->f_unreported = false;
	t->f_pending = false;
	free(t->search);
	t->search = NULL;
	t->f_role = -1;
	t->f_statuses = 0;
	t->f_overdue = false;
	t->f_section = -1;
	tui_set_unit_filter(t, NULL);
	if (any)
		tui_message(t, false, "%s", _("Filters cleared: all measures are shown."));
	return any;
}

static void dispatch(struct tui *t, enum tui_action a);

static void dispatch(struct tui *t, enum tui_action a)
{
	if (t->read_only && (tui_actions[a].flags & TUI_ACT_EDIT)) {
		tui_message(t, true, "%s",
			    t->g->read_only
				    ? _("Read-only mode: editing and saving are off. Start fengong without --read-only to change the plan.")
				    : _("Read-only mode: an auditor's key changes nothing; editing and saving are off."));
		return;
	}
	int r = tui_views[t->view]->request(t, a);
	if (r & TUI_REBUILD)
		tui_rows_rebuild(t);
	if (r != TUI_UNHANDLED)
		return;
	switch (a) {
	case TUI_ACTION_NEXT_VIEW:
	case TUI_ACTION_PREV_VIEW: {
		enum tui_view_id from = tui_views[t->view]->in_tabs ? t->view : t->prev_view;
		tui_switch_view(t, tui_view_tab(from, a == TUI_ACTION_NEXT_VIEW ? 1 : -1));
		break;
	}
	case TUI_ACTION_FILTER_UNIT: {
		char *q = tui_pick_unit(t);
		if (q) {
			tui_set_unit_filter(t, q);
			free(q);
		}
		break;
	}
	case TUI_ACTION_FILTER_ROLE:
		t->f_role = t->f_role == -1 ? FG_ROLE_LEAD : t->f_role == FG_ROLE_LEAD ? FG_ROLE_CO : -1;
		tui_rows_rebuild(t);
		tui_message(t, false, _("Role filter: %s."),
			    t->f_role < 0 ? _("any role") : tui_role_label((enum fg_role)t->f_role));
		break;
	case TUI_ACTION_FILTER_STATUS:
		filter_status_menu(t);
		break;
	case TUI_ACTION_FILTER_SECTION:
		filter_section_menu(t);
		break;
	case TUI_ACTION_FILTER_RECORDS:
		tui_message(t, false, "%s", _("F filters the records of the history view; press Tab to go there."));
		break;
	case TUI_ACTION_VIEWS:
		tui_views_menu(t);
		break;
	case TUI_ACTION_JUMP:
		tui_jump_prompt(t);
		break;
	case TUI_ACTION_SORT:
		tui_sort_menu(t);
		break;
	case TUI_ACTION_FILTER_OVERDUE:
		t->f_overdue = !t->f_overdue;
		tui_rows_rebuild(t);
		tui_message(t, false, "%s",
			    t->f_overdue ? _("Overdue filter on: only work past its due date and not done is shown.")
					 : _("Overdue filter off."));
		break;
	case TUI_ACTION_SEARCH:
		tui_search_prompt(t, tui_views[t->view]);
		break;
	case TUI_ACTION_SEARCH_NEXT:
		tui_search_step(t, tui_views[t->view], true);
		break;
	case TUI_ACTION_SEARCH_PREV:
		tui_search_step(t, tui_views[t->view], false);
		break;
	case TUI_ACTION_SET_STATUS:
		if (t->nmarked)
			tui_bulk_status(t);
		else
			tui_edit_status(t);
		break;
	case TUI_ACTION_EDIT_NOTE:
		if (t->nmarked)
			tui_bulk_note(t);
		else
			tui_edit_note(t);
		break;
	case TUI_ACTION_MARK:
		tui_mark_toggle(t);
		break;
	case TUI_ACTION_MARK_ALL:
		tui_mark_all(t);
		break;
	case TUI_ACTION_DECIDE:
		tui_decide_conflict(t);
		break;
	case TUI_ACTION_FILTER_UNREPORTED:
		if (!tui_cycle_refresh(t)) {
			tui_message(t, true, "%s", _("The plan declares no reporting cycle (plan.reporting)."));
			break;
		}
		t->f_unreported = !t->f_unreported;
		tui_rows_rebuild(t);
		tui_message(t, false, t->f_unreported ? _("Showing measures with work not reported for %s.")
						      : _("Showing all measures again (%s)."),
			    t->cyc_period);
		break;
	case TUI_ACTION_FILTER_PENDING:
		t->f_pending = !t->f_pending;
		tui_rows_rebuild(t);
		tui_message(t, false, "%s",
			    t->f_pending ? _("Showing only work awaiting the coordinator: submissions (待销号) and extension requests.")
					 : _("Showing all measures again."));
		break;
	case TUI_ACTION_REPORT:
		tui_report(t);
		break;
	case TUI_ACTION_EXTEND:
		tui_extend(t);
		break;
	case TUI_ACTION_APPROVE:
		tui_review(t, true);
		break;
	case TUI_ACTION_RETURN:
		tui_review(t, false);
		break;
	case TUI_ACTION_FOLD:
		tui_message(t, false, "%s", _("z folds an umbrella unit's member columns in the matrix; press Tab to go there."));
		break;
	case TUI_ACTION_CONFLICTS:
		tui_conflicts_list(t);
		break;
	case TUI_ACTION_UNDO:
		tui_undo(t, false);
		break;
	case TUI_ACTION_REDO:
		tui_undo(t, true);
		break;
	case TUI_ACTION_SAVE:
		tui_save(t);
		break;
	case TUI_ACTION_ESCAPE:
		if (tui_marks_clear(t))
			break;
		if (t->view == TUI_VIEW_DETAIL)
			tui_switch_view(t, t->prev_view);
		else
			clear_filters(t);
		break;
	case TUI_ACTION_REDRAW:
		clearok(curscr, TRUE);
		break;
	case TUI_ACTION_HELP:
		tui_help(t);
		break;
	case TUI_ACTION_QUIT:
		if (tui_confirm_quit(t))
			t->quit = true;
		break;
	default:
		break;
	}
}

static void handle_mouse(struct tui *t)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED) {
		for (int i = 0; i < 3; i++)
			dispatch(t, TUI_ACTION_UP);
		return;
	}
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED) {
		for (int i = 0; i < 3; i++)
			dispatch(t, TUI_ACTION_DOWN);
		return;
	}
#endif
	if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)) {
		if (ev.y >= t->body_top && ev.y < t->body_top + t->body_height && tui_views[t->view]->click)
			tui_views[t->view]->click(t, ev.y, ev.x, (ev.bstate & BUTTON1_DOUBLE_CLICKED) != 0);
	}
}

/* ------------------------------------------------------------------ start-up */

static bool terminal_ok(void)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		app_error("%s", _("the terminal interface needs a terminal on standard input and output; "
				  "use a command such as `fengong list` in scripts."));
		return false;
	}
	const char *term = getenv("TERM");
	if (!term || !*term) {
		app_error("%s", _("TERM is not set, so the terminal interface cannot start; set TERM "
				  "(for example TERM=xterm-256color) or use a command such as `fengong list`."));
		return false;
	}
	int err = 0;
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		app_error(_("the terminal type “%s” is unknown here, so the terminal interface cannot start; "
			    "set TERM to a known type (for example xterm-256color) or use a command such as `fengong list`."),
			  term);
		return false;
	}
	const char *cup = tigetstr("cup");
	bool ok = cup && cup != (const char *)-1;
	del_curterm(cur_term);
	if (!ok) {
		app_error(_("the terminal type “%s” cannot move the cursor, so the terminal interface cannot start; "
			    "use a full-screen terminal or a command such as `fengong list`."),
			  term);
		return false;
	}
	return true;
}

void tui_free(struct tui *t)
{
	if (!t)
		return;
	tui_signing_free(t);
	free(t->as_set);
	free(t->as_name);
	free(t->f_unit);
	free(t->f_unit_label);
	free(t->f_units);
	free(t->search);
	free(t->rows);
	free(t->row_of);
	for (size_t v = 0; v < TUI_VIEW_COUNT; v++)
		if (t->view_state[v] && tui_views[v]->state_free)
			tui_views[v]->state_free(t->view_state[v]);
	free(t->start_view);
	tui_marks_free(t);
	tui_touched_clear(t);
	free(t->touched);
	free(t->recover_path);
	free(t->recover_kept);
	tui_decided_clear(t);
	free(t->decided);
	tui_cycle_free(t);
	tui_input_free();
	tui_search_forget();
	if (tui_current == t)
		tui_current = NULL;
	free(t);
}

struct tui *tui_init(const struct app *g, struct fg_plan *p, const struct tui_opts *o, int *rc)
{
	struct tui *t = tui_xmalloc(sizeof *t);
	memset(t, 0, sizeof *t);
	t->g = g;
	t->p = p;
	t->read_only = g->read_only;
	t->f_role = -1;
	t->f_section = -1;
	for (size_t v = 0; v < TUI_VIEW_COUNT; v++)
		if (tui_views[v]->state_new)
			t->view_state[v] = tui_views[v]->state_new();
	/* the auditor starts on the history */
	t->view = g->read_only ? TUI_VIEW_HISTORY : TUI_VIEW_MEASURES;
	t->prev_view = t->view;
	*rc = FG_EXIT_USAGE;
	if (!app_today(t->today)) /* FENGONG_TODAY pins the date, as for report and export */
		goto fail;
	/* the liaison as the CLI sets it up: the same units, the same `as:`;
	 * a --as the plan has no unit for is a usage error, as in the CLI */
	if (!app_actor(g, p, &t->who, &t->as_set))
		goto fail;
	*rc = FG_EXIT_DATA;
	if (t->as_set)
		t->as_name = tui_xstrdup(t->who.as);
	t->who.as = t->as_name;
	/* a signed plan: the person and unit from the key (signing.c) */
	tui_signing_init(t);
	if (t->read_only && !g->read_only) /* an auditor's key: read-only, as --read-only */
		t->view = t->prev_view = TUI_VIEW_HISTORY;
	const char *start_unit = o && o->unit && *o->unit ? o->unit : (t->as_set ? t->as_name : NULL);
	if (start_unit) {
		size_t n;
		const char *name = start_unit;
		bool *set = unit_set_for(t, start_unit, &n, &name);
		if (n == 0) {
			unit_refusal(p, false, start_unit);
			free(set);
			*rc = FG_EXIT_USAGE;
			goto fail;
		}
		t->f_unit = tui_xstrdup(name);
		t->f_unit_label = unit_label(name);
		t->f_units = set;
		tui_measures_filter_changed(t);
		for (size_t u = 0; u < p->nunits; u++)
			if (set[u]) {
				snprintf(t->focus_unit, sizeof t->focus_unit, "%s", p->units[u].name);
				break;
			}
	}
	if (o && o->view) {
		char err[1024];
		t->start_view = tui_views_find(t, o->view, err, sizeof err);
		if (!t->start_view) {
			app_error("--view: %s", err);
			goto fail;
		}
	}
	t->recover_path = tui_recover_path(g->file);
	*rc = FG_EXIT_OK;
	return t;
fail:
	tui_free(t);
	return NULL;
}

void tui_start(struct tui *t)
{
	tui_colours_init(t);
	tui_relayout(t);
	tui_rows_rebuild(t);
	if (t->start_view) {
		tui_views_apply(t, t->start_view);
		free(t->start_view);
		t->start_view = NULL;
	}
}

void tui_key(struct tui *t, int key)
{
	if (key == TUI_FN(KEY_RESIZE)) {
		tui_relayout(t);
		return;
	}
	if (key == TUI_FN(KEY_MOUSE)) {
		t->msg[0] = 0;
		if (!t->too_small)
			handle_mouse(t);
		return;
	}
	t->msg[0] = 0;
	if (key == TUI_KEY_PASTE) { /* pasted text is never run as keys */
		if (!t->too_small)
			tui_message(t, false, "%s",
				    _("Pasted text is not used here: press e to edit a note (or / to search), then paste."));
		return;
	}
	enum tui_action a = tui_action_for_key(key);
	if (t->too_small) {
		if (a == TUI_ACTION_QUIT && tui_confirm_quit(t))
			t->quit = true;
		return;
	}
	if (a == TUI_ACTION_NONE) {
		char k[32];
		tui_key_label(key, k, sizeof k);
		tui_message(t, true, _("The key %s does nothing here; press ? for the list of keys."), k);
		return;
	}
	dispatch(t, a);
}

int tui_run(struct tui *t)
{
	if (!terminal_ok())
		return FG_EXIT_DATA;

	tui_signals_install();
	tui_current = t;
	app_oom_hook = tui_oom_hook;
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		app_error("%s", _("the terminal could not be initialised; use a command such as `fengong list`."));
		return FG_EXIT_DATA;
	}
	tui_screen_active = 1;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	timeout(TUI_KEY_TIMEOUT_MS);
	tui_input_init();
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
			  | BUTTON5_PRESSED
#endif
		  , NULL);
	mouseinterval(200);
	tui_start(t);
	if (t->sign_start_msg) /* no usable key on a signed plan: said at once */
		tui_message(t, t->sign_refusal != NULL, "%s", t->sign_start_msg);
	if (!t->read_only)
		tui_recover_offer(t);
	else if (access(t->recover_path, F_OK) == 0)
		tui_message(t, false,
			    t->g->read_only
				    ? _("%s holds unsaved edits of an earlier session; start fengong without --read-only to re-apply them.")
				    : _("%s holds unsaved edits of an earlier session; start fengong with a coordinator's or liaison's key to re-apply them."),
			    t->recover_path);

	if (!t->msg[0] && fg_plan_nconflicts(t->p)) {
		size_t nca, nct;
		tui_conflict_counts(t, &nca, &nct);
		if (nca && !t->read_only)
			tui_message(t, true,
				    ngettext("A merge left %zu conflict to decide: open the measure marked ?, press d; C lists all.",
					     "A merge left %zu conflicts to decide: open the measures marked ?, press d; C lists all.",
					     nca),
				    nca);
		else
			tui_message(t, true, "%s",
				    _("A merge left conflicts in this plan that a person must decide; press C to list them."));
	}

	while (!t->quit) {
		tui_draw_all(t);
		tui_key(t, tui_getkey(t));
	}
	tui_input_end();
	endwin();
	tui_screen_active = 0;
	delscreen(scr);
	tui_current = NULL;
	app_oom_hook = NULL;
	return FG_EXIT_OK;
}

int tui_main(const struct app *g, const struct tui_opts *o)
{
	struct fg_plan *p = app_load(g);
	if (!p)
		return FG_EXIT_DATA;
	int rc;
	struct tui *t = tui_init(g, p, o, &rc);
	if (t)
		rc = tui_run(t);
	tui_free(t);
	fg_plan_free(p);
	return rc;
}
