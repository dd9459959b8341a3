/* fengong TUI: the order of the rows — o opens the choice (measure number,
 * due date, status severity, last update, lead unit); choosing the order in
 * force again reverses it.  The rows (t->rows) are sorted after every
 * rebuild, so every list view and search follow the order. */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sort_names[TUI_SORT_COUNT] = {
	[TUI_SORT_NUMBER] = N_("measure number"),
	[TUI_SORT_DUE] = N_("due date"),
	[TUI_SORT_SEVERITY] = N_("status severity"),
	[TUI_SORT_UPDATED] = N_("last update"),
	[TUI_SORT_UNIT] = N_("lead unit"),
};

/* the machine names, for saved views */
static const char *const sort_keys[TUI_SORT_COUNT] = {
	[TUI_SORT_NUMBER] = "number", [TUI_SORT_DUE] = "due", [TUI_SORT_SEVERITY] = "severity",
	[TUI_SORT_UPDATED] = "updated", [TUI_SORT_UNIT] = "unit",
};

const char *tui_sort_key_name(enum tui_sort s)
{
	return (unsigned)s < TUI_SORT_COUNT ? sort_keys[s] : "number";
}

bool tui_sort_key_parse(const char *s, enum tui_sort *out)
{
	for (int i = 0; i < TUI_SORT_COUNT; i++)
		if (strcmp(s, sort_keys[i]) == 0) {
			*out = (enum tui_sort)i;
			return true;
		}
	return false;
}

/* "due date ↑": the order in force, as the status bar says it. */
void tui_sort_label(const struct tui *t, char *buf, size_t len)
{
	/* severity and last update start with the most pressing, the newest */
	bool desc = (t->sort == TUI_SORT_SEVERITY || t->sort == TUI_SORT_UPDATED) != t->sort_rev;
	snprintf(buf, len, "%s %s", _(sort_names[t->sort]), desc ? "\u2193" : "\u2191");
}

struct sort_key {
	long k;        /* numeric key */
	const char *s; /* string key ("" sorts last) */
	size_t mi;     /* measure index: ties keep the file order */
};

static int sort_rev;
static bool sort_by_string;

static int cmp_keys(const void *va, const void *vb)
{
	const struct sort_key *a = va, *b = vb;
	int c;
	if (sort_by_string) {
		if (!*a->s != !*b->s) /* empty last, whichever the direction */
			return *a->s ? -1 : 1;
		c = strcmp(a->s, b->s);
	} else {
		c = a->k < b->k ? -1 : a->k > b->k;
	}
	if (sort_rev)
		c = -c;
	if (c)
		return c;
	return a->mi < b->mi ? -1 : a->mi > b->mi;
}

static long severity(const struct tui *t, const struct fg_measure *m)
{
	enum fg_status st = fg_measure_rollup(m);
	if (st == FG_STATUS_DONE)
		return 0;
	return 1 + fg_statuses[st].rank + (fg_measure_overdue(m, t->today) ? 4 : 0);
}

static const char *last_update(const struct fg_measure *m)
{
	const char *u = "";
	for (size_t i = 0; i < m->nasg; i++)
		if (strcmp(m->asg[i].updated, u) > 0)
			u = m->asg[i].updated;
	return u;
}

static long lead_unit(const struct tui *t, const struct fg_measure *m)
{
	for (size_t i = 0; i < m->nasg; i++)
		if (m->asg[i].role == FG_ROLE_LEAD)
			return (long)m->asg[i].unit_index;
	return (long)t->p->nunits; /* none: after every unit */
}

void tui_sort_rows(struct tui *t)
{
	if (t->sort == TUI_SORT_NUMBER && !t->sort_rev)
		return; /* the file order */
	const struct fg_plan *p = t->p;
	size_t n = t->nrows;
	struct sort_key *k = tui_xmalloc((n ? n : 1) * sizeof *k);
	sort_by_string = t->sort == TUI_SORT_DUE || t->sort == TUI_SORT_UPDATED;
	/* severity and last update: the most pressing and the newest first */
	bool desc = t->sort == TUI_SORT_SEVERITY || t->sort == TUI_SORT_UPDATED;
	sort_rev = desc != t->sort_rev;
	for (size_t r = 0; r < n; r++) {
		const struct fg_measure *m = &p->measures[t->rows[r]];
		k[r].mi = t->rows[r];
		k[r].s = "";
		k[r].k = 0;
		switch (t->sort) {
		case TUI_SORT_NUMBER: k[r].k = m->number; break;
		case TUI_SORT_DUE: k[r].s = m->due; break;
		case TUI_SORT_SEVERITY: k[r].k = severity(t, m); break;
		case TUI_SORT_UPDATED: k[r].s = last_update(m); break;
		case TUI_SORT_UNIT: k[r].k = lead_unit(t, m); break;
		default: break;
		}
	}
	qsort(k, n, sizeof *k, cmp_keys);
	for (size_t r = 0; r < n; r++)
		t->rows[r] = k[r].mi;
	free(k);
}

void tui_sort_menu(struct tui *t)
{
	const char *items[TUI_SORT_COUNT];
	char bufs[TUI_SORT_COUNT][160];
	for (int i = 0; i < TUI_SORT_COUNT; i++) {
		if (i == (int)t->sort) {
			char now[128];
			tui_sort_label(t, now, sizeof now);
			snprintf(bufs[i], sizeof bufs[i], _("%s  (now %s; again: reverse)"), _(sort_names[i]), now);
		} else {
			snprintf(bufs[i], sizeof bufs[i], "%s", _(sort_names[i]));
		}
		items[i] = bufs[i];
	}
	long c = tui_menu(t, _("Order the measures by"), items, TUI_SORT_COUNT, (size_t)t->sort, 1);
	if (c < 0)
		return;
	if ((enum tui_sort)c == t->sort) {
		t->sort_rev = !t->sort_rev;
	} else {
		t->sort = (enum tui_sort)c;
		t->sort_rev = false;
	}
	tui_rows_rebuild(t);
	char lab[128];
	tui_sort_label(t, lab, sizeof lab);
	tui_message(t, false, _("Ordered by %s."), lab);
}
