/* fengong TUI: modal popups — menus, questions, the prompt line, the unit
 * picker and the help screen.  Each runs its own small key loop, redrawing
 * the screen underneath first so a resize is always a full relayout. */
#include "tui.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool popup_resize(struct tui *t, int key)
{
	if (key != TUI_FN(KEY_RESIZE))
		return false;
	tui_relayout(t);
	return true;
}

static bool is_enter(int key)
{
	return key == '\n' || key == '\r' || key == TUI_FN(KEY_ENTER);
}

static bool is_cancel(int key)
{
	return key == TUI_ESC || key == TUI_CTRL('c') || key == TUI_CTRL('g');
}

/* ------------------------------------------------------------------ menu */

long tui_menu(struct tui *t, const char *title, const char *const *items, size_t n, size_t initial,
	      int digit_base)
{
	return tui_menu_checks(t, title, items, n, initial, digit_base, NULL);
}

long tui_menu_checks(struct tui *t, const char *title, const char *const *items, size_t n, size_t initial,
		     int digit_base, bool *checked)
{
	if (n == 0)
		return -1;
	size_t cur = initial < n ? initial : 0, top = 0;
	for (;;) {
		tui_draw_all(t);
		if (t->too_small) {
			int key = tui_getkey(t);
			if (popup_resize(t, key))
				continue;
			if (is_cancel(key) || key == 'q')
				return -1;
			continue;
		}
		int w = fg_text_width(title) + 6;
		for (size_t i = 0; i < n; i++) {
			int iw = fg_text_width(items[i]) + 8 + (checked ? 4 : 0);
			if (iw > w)
				w = iw;
		}
		if (w > COLS - 2)
			w = COLS - 2;
		int h = (int)n + 2;
		if (h > LINES - 2)
			h = LINES - 2;
		int x = (COLS - w) / 2, y = (LINES - h) / 2;
		size_t vis = (size_t)(h - 2);
		tui_scroll_to(cur, &top, vis, n);
		tui_box(y, x, h, w, A_NORMAL);
		tui_textf(y, x + 2, w - 4, A_BOLD, 0, " %s ", title);
		for (size_t i = top; i < n && i < top + vis; i++) {
			int attr = i == cur ? tui_attr(t, TUI_ATTR_SELECT) : 0;
			int yy = y + 1 + (int)(i - top);
			const char *mk = i == cur ? ">" : " ";
			const char *box = !checked ? "" : checked[i] ? "[x] " : "[ ] ";
			if (digit_base >= 0 && digit_base + i <= 9)
				tui_textf(yy, x + 1, w - 2, attr, TUI_PAD, "%s%d  %s%s", mk, digit_base + (int)i, box, items[i]);
			else
				tui_textf(yy, x + 1, w - 2, attr, TUI_PAD, "%s   %s%s", mk, box, items[i]);
		}
		refresh();
		int key = tui_getkey(t);
		if (popup_resize(t, key))
			continue;
		if (key == TUI_FN(KEY_MOUSE)) {
			MEVENT ev;
			if (getmouse(&ev) != OK)
				continue;
			if (ev.bstate & BUTTON4_PRESSED) {
				cur = cur > 0 ? cur - 1 : 0;
				continue;
			}
#ifdef BUTTON5_PRESSED
			if (ev.bstate & BUTTON5_PRESSED) {
				if (cur + 1 < n)
					cur++;
				continue;
			}
#endif
			if (ev.y > y && ev.y < y + h - 1 && ev.x > x && ev.x < x + w - 1) {
				size_t i = top + (size_t)(ev.y - y - 1);
				if (i < n)
					return (long)i;
			} else {
				return -1; /* a click outside closes the menu */
			}
			continue;
		}
		enum tui_action a = tui_action_for_key(key);
		if (digit_base >= 0 && key >= '0' && key <= '9') {
			int d = key - '0' - digit_base;
			if (d >= 0 && (size_t)d < n)
				return d;
			continue;
		}
		if (checked && key == ' ') {
			checked[cur] = !checked[cur];
			if (cur + 1 < n)
				cur++;
			continue;
		}
		if (is_enter(key)) {
			for (size_t i = 0; checked && i < n; i++)
				if (checked[i])
					return TUI_MENU_CHECKED;
			return (long)cur;
		}
		if (is_cancel(key) || key == 'q')
			return -1;
		switch (a) {
		case TUI_ACTION_UP: cur = cur > 0 ? cur - 1 : n - 1; break;
		case TUI_ACTION_DOWN: cur = cur + 1 < n ? cur + 1 : 0; break;
		case TUI_ACTION_PAGE_UP: cur = cur > vis ? cur - vis : 0; break;
		case TUI_ACTION_PAGE_DOWN: cur = cur + vis < n ? cur + vis : n - 1; break;
		case TUI_ACTION_FIRST: cur = 0; break;
		case TUI_ACTION_LAST: cur = n - 1; break;
		default: break;
		}
	}
}

/* ------------------------------------------------------------------ ask */

struct ask_lines {
	char (*l)[512];
	size_t n, cap;
};

static void ask_line(const char *line, size_t len, void *ctx)
{
	struct ask_lines *al = ctx;
	if (al->n == al->cap) {
		al->cap = al->cap ? al->cap * 2 : 8;
		al->l = tui_xrealloc(al->l, al->cap * sizeof *al->l);
	}
	if (len >= sizeof al->l[0])
		len = sizeof al->l[0] - 1;
	memcpy(al->l[al->n], line, len);
	al->l[al->n][len] = 0;
	al->n++;
}

int tui_ask(struct tui *t, const char *body, const char *prompt, const char *keys)
{
	for (;;) {
		tui_draw_all(t);
		if (!t->too_small) {
			int tw = fg_text_width(body) > fg_text_width(prompt) ? fg_text_width(body) : fg_text_width(prompt);
			if (strchr(body, '\n'))
				tw = 76;
			int w = tw + 4;
			if (w > COLS - 4)
				w = COLS - 4;
			if (w > 76)
				w = 76;
			if (w < 20)
				w = COLS;
			struct ask_lines b = { 0 }, p = { 0 };
			/* the body may hold several paragraphs, one a line */
			for (const char *s = body; *s;) {
				const char *e = strchr(s, '\n');
				size_t len = e ? (size_t)(e - s) : strlen(s);
				char *para = tui_xmalloc(len + 1);
				memcpy(para, s, len);
				para[len] = 0;
				if (len)
					fg_text_wrap(para, w - 4, ask_line, &b);
				free(para);
				s += len + (e ? 1 : 0);
			}
			fg_text_wrap(prompt, w - 4, ask_line, &p);
			int h = (int)(b.n + p.n) + 3;
			if (h > LINES)
				h = LINES;
			int x = (COLS - w) / 2, y = (LINES - h) / 2;
			tui_box(y, x, h, w, A_BOLD);
			int yy = y + 1;
			for (size_t i = 0; i < b.n && yy < y + h - 1; i++)
				tui_text(yy++, x + 2, w - 4, b.l[i], 0, 0);
			yy++;
			for (size_t i = 0; i < p.n && yy < y + h - 1; i++)
				tui_text(yy++, x + 2, w - 4, p.l[i], tui_attr(t, TUI_ATTR_KEY), 0);
			free(b.l);
			free(p.l);
			refresh();
		}
		int key = tui_getkey(t);
		if (popup_resize(t, key))
			continue;
		if (is_cancel(key))
			return 0;
		if (key > 0 && key < 128) {
			int c = tolower(key);
			if (strchr(keys, c))
				return c;
		}
	}
}

/* ------------------------------------------------------------------ long messages */

bool tui_message_box(struct tui *t)
{
	if (!t->msg[0] || fg_text_width(t->msg) <= COLS)
		return false;
	int w = COLS - 2 < 78 ? COLS - 2 : 78;
	if (w < 8)
		return false;
	struct ask_lines b = { 0 };
	fg_text_wrap(t->msg, w - 4, ask_line, &b);
	int h = (int)b.n + 2;
	int room = LINES - 3; /* under the title bar, above the status bar */
	if (h > room)
		h = room;
	if (h < 3) {
		free(b.l);
		return false;
	}
	int x = (COLS - w) / 2, y = LINES - 2 - h;
	int attr = t->msg_error ? tui_attr(t, TUI_ATTR_ERROR) : (int)A_BOLD;
	tui_box(y, x, h, w, attr);
	for (int i = 0; i < h - 2 && (size_t)i < b.n; i++) {
		bool last = i == h - 3 && (size_t)i + 1 < b.n;
		char line[520];
		snprintf(line, sizeof line, "%s%s", b.l[i], last ? "…" : "");
		tui_text(y + 1 + i, x + 2, w - 4, line, A_NORMAL, 0);
	}
	free(b.l);
	return true;
}

void tui_draw_too_small(struct tui *t)
{
	(void)t;
	char buf[256];
	snprintf(buf, sizeof buf, _("terminal too small (%d×%d); enlarge it to at least %d×%d, or press q to quit"),
		 COLS, LINES, TUI_MIN_COLS, TUI_MIN_LINES);
	int w = COLS > 2 ? COLS : 1;
	struct ask_lines b = { 0 };
	fg_text_wrap(buf, w, ask_line, &b);
	int y = (LINES - (int)b.n - 1) / 2;
	if (y < 0)
		y = 0;
	tui_text(y++, 0, w, _("terminal too small"), A_BOLD, 0);
	for (size_t i = 0; i < b.n && y < LINES; i++)
		tui_text(y++, 0, w, b.l[i], A_NORMAL, 0);
	free(b.l);
}

/* ------------------------------------------------------------------ prompt */

/* A form field's refusal (tui_prompt_refused): shown in a box above the
 * status bar while the field is open again. */
static const char *prompt_why;

static void draw_refusal(struct tui *t, const char *why)
{
	int w = COLS - 2 < 78 ? COLS - 2 : 78;
	if (w < 8)
		return;
	struct ask_lines b = { 0 };
	fg_text_wrap(why, w - 4, ask_line, &b);
	int h = (int)b.n + 2;
	if (h > LINES - 3)
		h = LINES - 3;
	if (h >= 3) {
		int x = (COLS - w) / 2, y = LINES - 2 - h;
		tui_box(y, x, h, w, tui_attr(t, TUI_ATTR_ERROR));
		for (int i = 0; i < h - 2 && (size_t)i < b.n; i++)
			tui_text(y + 1 + i, x + 2, w - 4, b.l[i], A_NORMAL, TUI_PAD);
	}
	free(b.l);
}

/* The line editor at the bottom of the screen.  With recall, ↑ brings
 * that text back (↓ returns to what was typed).  As the note editor (note):
 * pasted line breaks are kept, keys arriving in a burst (a paste without
 * bracketed paste) are text, and Esc asks before throwing away a change. */
static char *prompt_run(struct tui *t, const char *label, const char *initial, const char *recall, bool note)
{
	struct tui_lineedit le;
	tui_le_init(&le, initial);
	char *orig = tui_le_utf8(&le);
	char *typed = NULL; /* what was typed before ↑ */
	char *result = NULL;
	int pending = TUI_KEY_NONE;
	for (;;) {
		int key;
		bool burst;
		if (pending != TUI_KEY_NONE) {
			key = pending;
			pending = TUI_KEY_NONE;
			burst = true;
		} else {
			tui_draw_all(t);
			if (prompt_why)
				draw_refusal(t, prompt_why);
			int y = LINES - 1;
			int lw = fg_text_width(label);
			if (lw > COLS / 2)
				lw = COLS / 2;
			tui_text(y, 0, lw, label, A_BOLD, 0);
			tui_le_draw(&le, y, lw, COLS - lw, A_UNDERLINE);
			curs_set(1);
			refresh();
			key = tui_getkey(t);
			curs_set(0);
			burst = tui_key_was_waiting();
		}
		if (popup_resize(t, key))
			continue;
		if (key == TUI_KEY_PASTE) {
			tui_le_insert_text(&le, tui_paste_text(), note);
			continue;
		}
		if (note && !burst && (is_enter(key) || key == '\t')) {
			/* a key right behind it: this Enter was pasted text */
			int next = tui_getkey_within(t, TUI_BURST_MS);
			if (next != TUI_KEY_NONE) {
				burst = next != TUI_FN(KEY_RESIZE) && next != TUI_FN(KEY_MOUSE);
				pending = next;
			}
		}
		if (note && burst && (is_enter(key) || key == '\t')) {
			tui_le_insert_text(&le, key == '\t' ? "\t" : "\n", true);
			continue;
		}
		if (is_enter(key)) {
			result = tui_le_utf8(&le);
			if (note) { /* a paste's trailing line breaks */
				size_t n = strlen(result);
				while (n > 0 && result[n - 1] == '\n')
					result[--n] = 0;
			}
			break;
		}
		if (is_cancel(key)) {
			if (note && burst)
				continue; /* an escape character inside pasted text */
			if (note) {
				char *now = tui_le_utf8(&le);
				bool changed = strcmp(now, orig) != 0;
				free(now);
				if (changed) {
					int c = tui_ask(t, _("The note was changed. Discard the changes?"),
							_("y: discard the changes · n: keep editing"), "yn");
					if (c != 'y')
						continue;
					tui_message(t, false, "%s", _("The changed note was discarded; the note is as it was."));
				}
			}
			break;
		}
		if (recall && key == TUI_FN(KEY_UP)) {
			if (!typed) {
				typed = tui_le_utf8(&le);
				tui_le_set(&le, recall);
			}
			continue;
		}
		if (recall && key == TUI_FN(KEY_DOWN)) {
			if (typed) {
				tui_le_set(&le, typed);
				free(typed);
				typed = NULL;
			}
			continue;
		}
		tui_le_key(&le, key);
	}
	if (pending == TUI_FN(KEY_RESIZE)) /* read right behind the closing Enter */
		tui_relayout(t);
	free(typed);
	free(orig);
	tui_le_free(&le);
	return result;
}

char *tui_prompt(struct tui *t, const char *label, const char *initial)
{
	return prompt_run(t, label, initial, NULL, false);
}

char *tui_prompt_refused(struct tui *t, const char *why, const char *label, const char *initial)
{
	prompt_why = why && *why ? why : NULL;
	char *r = prompt_run(t, label, initial, NULL, false);
	prompt_why = NULL;
	return r;
}

char *tui_prompt_recall(struct tui *t, const char *label, const char *recall)
{
	return prompt_run(t, label, "", recall && *recall ? recall : NULL, false);
}

char *tui_note_editor(struct tui *t, const char *label, const char *initial)
{
	return prompt_run(t, label, initial, NULL, true);
}

/* ------------------------------------------------------------------ unit picker */

static bool unit_has(const struct fg_unit *u, const char *q, bool exact)
{
	if (exact ? strcmp(u->name, q) == 0 : fg_text_find(u->name, q) != NULL)
		return true;
	for (size_t i = 0; i < u->naliases; i++)
		if (exact ? strcmp(u->aliases[i], q) == 0 : fg_text_find(u->aliases[i], q) != NULL)
			return true;
	for (size_t i = 0; i < u->nmembers; i++)
		if (exact ? strcmp(u->members[i], q) == 0 : fg_text_find(u->members[i], q) != NULL)
			return true;
	return false;
}

/* Items: SIZE_MAX for "all units", else a registry index.  Exact matches
 * of a name, alias or member come first. */
static size_t picker_items(const struct tui *t, const char *q, size_t *items)
{
	size_t n = 0;
	if (!*q)
		items[n++] = SIZE_MAX;
	for (size_t u = 0; u < t->p->nunits; u++)
		if (*q && unit_has(&t->p->units[u], q, true))
			items[n++] = u;
	for (size_t u = 0; u < t->p->nunits; u++)
		if (!*q || (unit_has(&t->p->units[u], q, false) && !unit_has(&t->p->units[u], q, true)))
			items[n++] = u;
	return n;
}

static void unit_extra(const struct fg_unit *u, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = 0;
	for (size_t i = 0; i < u->naliases && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", u->aliases[i]);
	for (size_t i = 0; i < u->nmembers && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", u->members[i]);
}

char *tui_pick_unit(struct tui *t)
{
	struct tui_lineedit le;
	tui_le_init(&le, "");
	size_t *items = tui_xmalloc((t->p->nunits + 1) * sizeof *items);
	bool *picked = app_xcalloc(t->p->nunits ? t->p->nunits : 1, sizeof *picked); /* Space: several */
	size_t npicked = 0;
	size_t cur = 0, top = 0;
	char *result = NULL;
	char *q = tui_le_utf8(&le);
	size_t n = picker_items(t, q, items);
	/* start on the current filter's unit */
	if (t->f_units)
		for (size_t i = 0; i < n; i++)
			if (items[i] != SIZE_MAX && t->f_units[items[i]]) {
				cur = i;
				break;
			}
	for (;;) {
		tui_draw_all(t);
		if (t->too_small) {
			int key = tui_getkey(t);
			if (popup_resize(t, key))
				continue;
			if (is_cancel(key))
				break;
			continue;
		}
		int w = COLS - 4 < 72 ? COLS - 4 : 72;
		int h = LINES - 4;
		int x = (COLS - w) / 2, y = 2;
		tui_box(y, x, h, w, A_NORMAL);
		tui_textf(y, x + 2, w - 4, A_BOLD, 0, " %s ", _("Filter by unit"));
		if (npicked)
			tui_textf(y + h - 1, x + 2, w - 4, A_BOLD, 0,
				  ngettext(" %zu unit marked · Space mark more · Enter show them · Esc cancel ",
					   " %zu units marked · Space mark more · Enter show them · Esc cancel ", npicked),
				  npicked);
		else
			tui_text(y + h - 1, x + 2, w - 4, _(" type to narrow · ↑↓ move · Space mark several · Enter pick · Esc cancel "),
				 A_DIM, 0);
		size_t vis = h > 4 ? (size_t)(h - 4) : 1;
		if (cur >= n)
			cur = n ? n - 1 : 0;
		tui_scroll_to(cur, &top, vis, n);
		if (n == 0)
			tui_text(y + 3, x + 2, w - 4, _("No unit matches; Ctrl-U clears what you typed."), tui_attr(t, TUI_ATTR_ERROR), 0);
		for (size_t i = top; i < n && i < top + vis; i++) {
			int attr = i == cur ? tui_attr(t, TUI_ATTR_SELECT) : 0;
			int yy = y + 3 + (int)(i - top);
			const char *mk = i == cur ? ">" : " ";
			if (items[i] == SIZE_MAX) {
				tui_textf(yy, x + 1, w - 2, attr, TUI_PAD, "%s  %s", mk, _("(all units)"));
				continue;
			}
			const struct fg_unit *u = &t->p->units[items[i]];
			char extra[512];
			unit_extra(u, extra, sizeof extra);
			bool mine = t->as_set && t->as_set[items[i]];
			int nw = fg_text_width(u->name);
			tui_fill(yy, x + 1, w - 2, attr);
			tui_textf(yy, x + 1, w - 2, attr, 0, "%s%s%s %s", mk, picked[items[i]] ? "\u2713" : " ",
				  mine ? "*" : " ", u->name);
			if (*extra && nw + 8 < w - 4)
				tui_textf(yy, x + 5 + nw, w - 6 - nw, attr | A_DIM, 0, " (%s)", extra);
		}
		tui_text(y + 1, x + 2, 2, "> ", A_BOLD, 0);
		tui_le_draw(&le, y + 1, x + 4, w - 6, A_UNDERLINE);
		curs_set(1);
		refresh();
		int key = tui_getkey(t);
		curs_set(0);
		if (popup_resize(t, key))
			continue;
		if (is_cancel(key))
			break;
		if (key == ' ') { /* mark several units */
			if (n && items[cur] != SIZE_MAX) {
				picked[items[cur]] = !picked[items[cur]];
				npicked += picked[items[cur]] ? 1 : (size_t)-1;
				if (cur + 1 < n)
					cur++;
			}
			continue;
		}
		if (is_enter(key)) {
			if (npicked) { /* the marked units' names, one a line */
				size_t len = 1;
				for (size_t u = 0; u < t->p->nunits; u++)
					if (picked[u])
						len += strlen(t->p->units[u].name) + 1;
				result = tui_xmalloc(len);
				result[0] = 0;
				for (size_t u = 0; u < t->p->nunits; u++)
					if (picked[u]) {
						if (*result)
							strcat(result, "\n");
						strcat(result, t->p->units[u].name);
					}
				break;
			}
			if (n == 0)
				continue;
			result = tui_xstrdup(items[cur] == SIZE_MAX ? "" : t->p->units[items[cur]].name);
			break;
		}
		if (key == TUI_FN(KEY_MOUSE)) {
			MEVENT ev;
			if (getmouse(&ev) == OK && (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) &&
			    ev.y >= y + 3 && ev.y < y + 3 + (int)vis) {
				size_t i = top + (size_t)(ev.y - y - 3);
				if (i < n) {
					result = tui_xstrdup(items[i] == SIZE_MAX ? "" : t->p->units[items[i]].name);
					break;
				}
			}
			continue;
		}
		if (TUI_IS_FN(key)) {
			int k = key & ~TUI_FN(0);
			if (k == KEY_UP) {
				cur = cur > 0 ? cur - 1 : 0;
				continue;
			}
			if (k == KEY_DOWN) {
				if (cur + 1 < n)
					cur++;
				continue;
			}
			if (k == KEY_PPAGE) {
				cur = cur > vis ? cur - vis : 0;
				continue;
			}
			if (k == KEY_NPAGE) {
				cur = cur + vis < n ? cur + vis : (n ? n - 1 : 0);
				continue;
			}
		}
		if (key == TUI_CTRL('p')) {
			cur = cur > 0 ? cur - 1 : 0;
			continue;
		}
		if (key == TUI_CTRL('n')) {
			if (cur + 1 < n)
				cur++;
			continue;
		}
		if (key == TUI_KEY_PASTE)
			tui_le_insert_text(&le, tui_paste_text(), false);
		if (key == TUI_KEY_PASTE || tui_le_key(&le, key)) {
			free(q);
			q = tui_le_utf8(&le);
			n = picker_items(t, q, items);
			cur = 0;
			top = 0;
		}
	}
	free(q);
	free(items);
	free(picked);
	tui_le_free(&le);
	return result;
}

/* ------------------------------------------------------------------ help */

struct help_line {
	char keys[96];
	const char *text;
	int attr;
};

static void help_add(struct help_line *lines, size_t *n, const char *keys, const char *text)
{
	struct help_line *l = &lines[(*n)++];
	snprintf(l->keys, sizeof l->keys, "%s", keys);
	l->text = text;
	l->attr = 0;
}

void tui_help(struct tui *t)
{
	struct help_line lines[TUI_ACTION_COUNT + 64];
	size_t n = 0;
	lines[n++] = (struct help_line){ "", _("Keys"), -1 };
	for (int a = 0; a < TUI_ACTION_COUNT; a++) {
		const struct tui_action_def *d = &tui_actions[a];
		if (t->read_only && (d->flags & TUI_ACT_EDIT))
			continue;
		struct help_line *l = &lines[n++];
		l->keys[0] = 0;
		size_t k = 0;
		for (int i = 0; i < 3; i++) {
			if (!d->keys[i])
				continue;
			char lab[32];
			tui_key_label(d->keys[i], lab, sizeof lab);
			/* Enter appears twice (\n and \r) */
			if (i > 0 && strstr(l->keys, lab))
				continue;
			k += (size_t)snprintf(l->keys + k, sizeof l->keys - k, "%s%s", k ? " " : "", lab);
		}
		l->text = _(d->help);
		l->attr = 0;
	}
	if (t->read_only)
		lines[n++] = (struct help_line){ "", _("Read-only mode: the editing keys (s e u Ctrl-R w) are off."), 0 };
	lines[n++] = (struct help_line){ "", "", 0 };
	lines[n++] = (struct help_line){ "", _("In menus"), -1 };
	lines[n++] = (struct help_line){ "1-5", _("Status menu: pick the status directly"), 0 };
	lines[n++] = (struct help_line){ "Enter", _("Pick the highlighted item"), 0 };
	lines[n++] = (struct help_line){ "Esc", _("Close without changing anything"), 0 };
	if (!t->read_only) {
		lines[n++] = (struct help_line){ "", _("In the note editor"), -1 };
		lines[n++] = (struct help_line){ "Enter", _("Keep the note (w then saves the file)"), 0 };
		lines[n++] = (struct help_line){ "Esc", _("Close; asks before throwing away a changed note"), 0 };
		lines[n++] = (struct help_line){ "\u2190 \u2192 Ctrl-B Ctrl-F", _("Move by one character"), 0 };
		lines[n++] = (struct help_line){ "Home Ctrl-A", _("Start of the line"), 0 };
		lines[n++] = (struct help_line){ "End Ctrl-E", _("End of the line"), 0 };
		lines[n++] = (struct help_line){ "Backspace Del", _("Delete before / at the cursor"), 0 };
		lines[n++] = (struct help_line){ "Ctrl-W", _("Delete the word before the cursor"), 0 };
		lines[n++] = (struct help_line){ "Ctrl-U", _("Delete to the start of the line"), 0 };
		lines[n++] = (struct help_line){ "Ctrl-K", _("Delete to the end of the line"), 0 };
		help_add(lines, &n, _("Paste"), _("Pasted text is typed in, line breaks kept (shown as \\n); never run as keys"));
	}
	lines[n++] = (struct help_line){ "", _("In the search line (/)"), -1 };
	lines[n++] = (struct help_line){ "\u2191 \u2193", _("The previous query; back to what you typed"), 0 };
	lines[n++] = (struct help_line){ "12 \u5341\u4e8c", _("A measure number or label jumps to that measure"), 0 };
	lines[n++] = (struct help_line){ "", _("Mouse"), -1 };
	help_add(lines, &n, _("Wheel"), _("Move up and down (in menus too)"));
	help_add(lines, &n, _("Click"), _("Select a row, a cell or an assignment; pick a menu item"));
	help_add(lines, &n, _("Double-click"), _("Open the measure (units view: filter by the unit)"));
	lines[n++] = (struct help_line){ "", "", 0 };
	lines[n++] = (struct help_line){ "", _("Legend"), -1 };
	for (int s = 0; s < FG_STATUS_COUNT; s++) {
		struct help_line *l = &lines[n++];
		snprintf(l->keys, sizeof l->keys, "%s", tui_status_glyph((enum fg_status)s));
		l->text = tui_status_label((enum fg_status)s);
		l->attr = 0;
	}
	lines[n++] = (struct help_line){ "\u25cf \u25cb", _("Lead unit, co-responsible unit (matrix)"), 0 };
	lines[n++] = (struct help_line){ "+", _("Unsaved edit"), 0 };
	lines[n++] = (struct help_line){ "!", _("Past its due date and not done"), 0 };
	if (t->p->reporting.every != FG_EVERY_NONE)
		lines[n++] = (struct help_line){ "~", _("Not reported this period yet (M shows only those)"), 0 };
	lines[n++] = (struct help_line){ "?", _("Merge conflict to decide: open the measure, press d (C lists them)"), 0 };
	lines[n++] = (struct help_line){ "", _("Colours: green done; yellow in progress on time; red overdue, delayed or blocked."), 0 };

	size_t top = 0;
	for (;;) {
		tui_draw_all(t);
		if (!t->too_small) {
			int w = COLS - 2 < 90 ? COLS - 2 : 90;
			int h = LINES - 2;
			int x = (COLS - w) / 2, y = 1;
			tui_box(y, x, h, w, A_NORMAL);
			tui_textf(y, x + 2, w - 4, A_BOLD, 0, " %s ", _("fengong help — ↑↓ PgUp PgDn scroll · Esc or q closes"));
			size_t vis = h > 2 ? (size_t)(h - 2) : 1;
			if (n > vis && top > n - vis)
				top = n - vis;
			if (n <= vis)
				top = 0;
			if (n > vis) { /* say that it scrolls, and where we are */
				size_t last = top + vis < n ? top + vis : n;
				char pos[128];
				if (last < n)
					snprintf(pos, sizeof pos, _(" ↓ more · lines %zu–%zu of %zu "), top + 1, last, n);
				else
					snprintf(pos, sizeof pos, _(" ↑ top: g · lines %zu–%zu of %zu "), top + 1, last, n);
				int pw = fg_text_width(pos);
				tui_text(y + h - 1, x + w - 2 - pw, pw, pos, tui_attr(t, TUI_ATTR_KEY), 0);
			}
			int kw = 18;
			for (size_t i = top; i < n && i < top + vis; i++) {
				int yy = y + 1 + (int)(i - top);
				if (lines[i].attr < 0) {
					tui_text(yy, x + 2, w - 4, lines[i].text, tui_attr(t, TUI_ATTR_HEADING), 0);
					continue;
				}
				tui_text(yy, x + 2, kw - 1, lines[i].keys, tui_attr(t, TUI_ATTR_KEY), TUI_PAD);
				tui_text(yy, x + 2 + kw, w - 4 - kw, lines[i].text, A_NORMAL, 0);
			}
			refresh();
		}
		int key = tui_getkey(t);
		if (popup_resize(t, key))
			continue;
		enum tui_action a = tui_action_for_key(key);
		if (a == TUI_ACTION_DOWN || a == TUI_ACTION_PAGE_DOWN)
			top += a == TUI_ACTION_DOWN ? 1 : (size_t)(LINES / 2);
		else if (a == TUI_ACTION_UP)
			top = top > 0 ? top - 1 : 0;
		else if (a == TUI_ACTION_PAGE_UP)
			top = top > (size_t)(LINES / 2) ? top - (size_t)(LINES / 2) : 0;
		else if (a == TUI_ACTION_FIRST)
			top = 0;
		else if (a == TUI_ACTION_LAST)
			top = n;
		else if (key == TUI_FN(KEY_MOUSE)) {
			MEVENT ev;
			getmouse(&ev);
		} else
			break;
	}
}
