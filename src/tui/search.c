/* fengong TUI: search (/ n N).
 *
 * The search line starts empty; ↑ brings back the previous query.  A query
 * that names a measure — its number (12) or its label with or without the
 * brackets (十二, (十二), （十二）) — jumps to that measure.  Any other
 * query searches the shown measures' labels, titles, text and the notes of
 * their assignments, and says which match of how many is selected.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *last_query; /* for ↑, kept after Esc clears the search */

void tui_search_forget(void)
{
	free(last_query);
	last_query = NULL;
}

bool tui_search_matches(const struct tui *t, size_t mi, const char *q)
{
	if (fg_plan_text_match(t->p, mi, q))
		return true;
	const struct fg_measure *m = &t->p->measures[mi];
	for (size_t i = 0; i < m->nasg; i++)
		if (m->asg[i].note && *m->asg[i].note && fg_text_find(m->asg[i].note, q))
			return true;
	return false;
}

/* s without surrounding spaces and one pair of brackets, ASCII or full
 * width, into buf. */
static void bare_label(const char *s, char *buf, size_t len)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n >= 1 && s[0] == '(') {
		s++;
		n--;
	} else if (n >= 3 && strncmp(s, "\xef\xbc\x88", 3) == 0) { /* （ */
		s += 3;
		n -= 3;
	}
	if (n >= 1 && s[n - 1] == ')')
		n--;
	else if (n >= 3 && strncmp(s + n - 3, "\xef\xbc\x89", 3) == 0) /* ） */
		n -= 3;
	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = 0;
}

/* The measure a query names by number or label, or NULL. */
static const struct fg_measure *named_measure(const struct tui *t, const char *q)
{
	char want[256];
	bare_label(q, want, sizeof want);
	if (!*want)
		return NULL;
	size_t i = 0;
	while (want[i] >= '0' && want[i] <= '9')
		i++;
	if (want[i] == 0 && i <= 9)
		return fg_plan_measure(t->p, atoi(want));
	for (size_t k = 0; k < t->p->nmeasures; k++) {
		char have[256];
		bare_label(t->p->measures[k].label, have, sizeof have);
		if (*have && strcmp(have, want) == 0)
			return &t->p->measures[k];
	}
	return NULL;
}

const struct fg_measure *tui_named_measure(const struct tui *t, const char *q)
{
	return named_measure(t, q);
}

static bool can_search(struct tui *t, const struct tui_view_ops *v)
{
	if (!v->goto_row || !v->cur_row) {
		tui_message(t, true, "%s", _("Search works in the measures, matrix and detail views; press Tab to go there."));
		return false;
	}
	if (t->nrows == 0) {
		tui_message(t, true, "%s", _("No measures are shown; press Esc to clear the filters."));
		return false;
	}
	return true;
}

static void jump_to(struct tui *t, const struct tui_view_ops *v, const struct fg_measure *m)
{
	size_t mi = (size_t)(m - t->p->measures);
	size_t r = t->row_of[mi];
	if (r == SIZE_MAX || r >= t->nrows) {
		tui_message(t, true, _("Measure %d %s is hidden by the filters; press Esc to clear them, then search again."),
			    m->number, m->label);
		return;
	}
	v->goto_row(t, r);
	tui_message(t, false, _("Measure %d: %s %s."), m->number, m->label, m->title);
}

void tui_search_step(struct tui *t, const struct tui_view_ops *v, bool forward)
{
	if (!t->search) {
		tui_message(t, false, "%s", _("No search yet; press / to search."));
		return;
	}
	if (!can_search(t, v))
		return;
	size_t cur = v->cur_row(t);
	if (cur == SIZE_MAX)
		cur = forward ? t->nrows - 1 : 0;
	size_t found = SIZE_MAX;
	bool wrapped = false;
	for (size_t k = 1; k <= t->nrows; k++) {
		size_t r = forward ? (cur + k) % t->nrows : (cur + t->nrows - (k % t->nrows)) % t->nrows;
		if (tui_search_matches(t, t->rows[r], t->search)) {
			found = r;
			wrapped = forward ? r <= cur : r >= cur;
			break;
		}
	}
	if (found == SIZE_MAX) {
		tui_message(t, true, _("No shown measure contains “%s” (labels, titles, text and notes are searched)."),
			    t->search);
		return;
	}
	v->goto_row(t, found);
	size_t total = 0, nth = 0;
	for (size_t r = 0; r < t->nrows; r++)
		if (tui_search_matches(t, t->rows[r], t->search)) {
			total++;
			if (r == found)
				nth = total;
		}
	if (wrapped && total > 1)
		tui_message(t, false, _("“%s”: match %zu of %zu (search wrapped around) · n next, N previous."), t->search,
			    nth, total);
	else
		tui_message(t, false, _("“%s”: match %zu of %zu · n next, N previous."), t->search, nth, total);
}

void tui_search_prompt(struct tui *t, const struct tui_view_ops *v)
{
	char *s = tui_prompt_recall(t, _("Search (↑ previous): "), last_query);
	if (!s)
		return;
	/* spaces around the query (a pasted line break) are not part of it */
	size_t n = strlen(s), a = 0;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = 0;
	while (s[a] == ' ' || s[a] == '\t')
		a++;
	memmove(s, s + a, n - a + 1);
	if (!*s) {
		free(s);
		return;
	}
	free(last_query);
	last_query = tui_xstrdup(s);
	const struct fg_measure *m = named_measure(t, s);
	if (m) {
		free(s);
		if (can_search(t, v))
			jump_to(t, v, m);
		return;
	}
	free(t->search);
	t->search = s;
	tui_search_step(t, v, true);
}

/* : — go to a measure by its number or label (the search's reading of a
 * label).  A view without rows (units, history) goes to the measures view;
 * a measure the filters hide opens in the detail view. */
void tui_jump_prompt(struct tui *t)
{
	char *s = tui_prompt(t, _("Go to measure (number or label): "), "");
	if (!s)
		return;
	const struct fg_measure *m = named_measure(t, s);
	if (!m) {
		char *q = s;
		while (*q == ' ')
			q++;
		if (*q)
			tui_message(t, true, _("No measure is numbered or labelled “%s”; measures are numbered 1 to %zu."), q,
				    t->p->nmeasures);
		free(s);
		return;
	}
	free(s);
	size_t mi = (size_t)(m - t->p->measures);
	if (t->row_of[mi] == SIZE_MAX) {
		tui_open_detail(t, mi, -1);
		tui_message(t, false, _("Measure %d: %s %s (hidden by the filters in the lists)."), m->number, m->label,
			    m->title);
		return;
	}
	if (!tui_views[t->view]->goto_row)
		tui_switch_view(t, TUI_VIEW_MEASURES);
	jump_to(t, tui_views[t->view], m);
}
