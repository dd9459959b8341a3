/* fengong TUI: the one text-drawing path, colours, glyphs, key labels. */
#include "tui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ colours */

enum { PAIR_GREEN = 1, PAIR_YELLOW, PAIR_RED, PAIR_BAR, PAIR_HEADING, PAIR_KEY };

void tui_colours_init(struct tui *t)
{
	const char *nc = getenv("NO_COLOR");
	t->colour = false;
	if (nc && *nc)
		return; /* https://no-color.org: any non-empty value */
	if (!has_colors() || start_color() == ERR)
		return;
	short bg = COLOR_BLACK;
	if (use_default_colors() == OK)
		bg = -1;
	init_pair(PAIR_GREEN, COLOR_GREEN, bg);
	init_pair(PAIR_YELLOW, COLOR_YELLOW, bg);
	init_pair(PAIR_RED, COLOR_RED, bg);
	init_pair(PAIR_BAR, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_HEADING, COLOR_CYAN, bg);
	init_pair(PAIR_KEY, COLOR_YELLOW, bg);
	t->colour = true;
}

int tui_attr(const struct tui *t, int which)
{
	bool c = t->colour;
	switch (which) {
	case TUI_ATTR_HEADING: return A_BOLD | (c ? COLOR_PAIR(PAIR_HEADING) : 0);
	case TUI_ATTR_DIM: return A_DIM;
	case TUI_ATTR_ERROR: return A_BOLD | (c ? COLOR_PAIR(PAIR_RED) : 0);
	case TUI_ATTR_BAR: return c ? (int)COLOR_PAIR(PAIR_BAR) : A_REVERSE;
	case TUI_ATTR_SELECT: return A_REVERSE;
	case TUI_ATTR_GREEN: return c ? (int)COLOR_PAIR(PAIR_GREEN) : 0;
	case TUI_ATTR_YELLOW: return c ? (int)COLOR_PAIR(PAIR_YELLOW) : 0;
	case TUI_ATTR_RED: return c ? (int)(COLOR_PAIR(PAIR_RED) | A_BOLD) : A_BOLD;
	case TUI_ATTR_KEY: return A_BOLD | (c ? COLOR_PAIR(PAIR_KEY) : 0);
	default: return A_NORMAL;
	}
}

int tui_tone_attr(const struct tui *t, enum tui_tone tone)
{
	switch (tone) {
	case TUI_TONE_GREEN: return tui_attr(t, TUI_ATTR_GREEN);
	case TUI_TONE_YELLOW: return tui_attr(t, TUI_ATTR_YELLOW);
	case TUI_TONE_RED: return tui_attr(t, TUI_ATTR_RED);
	default: return A_NORMAL;
	}
}

/* 红黄绿: green done; red blocked, delayed or past its due date; yellow in
 * progress on time; no colour for not started on time. */
enum tui_tone tui_tone_measure(const struct tui *t, const struct fg_measure *m)
{
	enum fg_status s = fg_measure_rollup(m);
	if (s == FG_STATUS_DONE)
		return TUI_TONE_GREEN;
	if (s == FG_STATUS_BLOCKED || s == FG_STATUS_DELAYED || fg_measure_overdue(m, t->today))
		return TUI_TONE_RED;
	if (s == FG_STATUS_IN_PROGRESS)
		return TUI_TONE_YELLOW;
	return TUI_TONE_NONE;
}

enum tui_tone tui_tone_asg(const struct tui *t, const struct fg_measure *m, const struct fg_assignment *a)
{
	if (a->status == FG_STATUS_DONE)
		return TUI_TONE_GREEN;
	if (a->status == FG_STATUS_BLOCKED || a->status == FG_STATUS_DELAYED || fg_asg_overdue(m, a, t->today))
		return TUI_TONE_RED;
	if (a->status == FG_STATUS_IN_PROGRESS)
		return TUI_TONE_YELLOW;
	return TUI_TONE_NONE;
}

/* ------------------------------------------------------------------ glyphs */

/* One cell each, none East-Asian-ambiguous, so they read without colour
 * and keep columns aligned in CJK terminals. */
const char *tui_status_glyph(enum fg_status s)
{
	static const char *const g[FG_STATUS_COUNT] = { "-", ">", "\u2713", "!", "\u2717", "^" };
	return (unsigned)s < FG_STATUS_COUNT ? g[s] : "?";
}

const char *tui_status_label(enum fg_status s)
{
	static const char *const l[FG_STATUS_COUNT] = {
		N_("not started"), N_("in progress"), N_("done"), N_("delayed"), N_("blocked"), N_("submitted"),
	};
	return (unsigned)s < FG_STATUS_COUNT ? _(l[s]) : "?";
}

int tui_status_label_width(void)
{
	int w = 0;
	for (int s = 0; s < FG_STATUS_COUNT; s++) {
		int x = fg_text_width(tui_status_label((enum fg_status)s));
		if (x > w)
			w = x;
	}
	return w;
}

const char *tui_role_label(enum fg_role r)
{
	return r == FG_ROLE_LEAD ? _("lead") : _("co");
}

const char *tui_role_glyph(enum fg_role r)
{
	return r == FG_ROLE_LEAD ? "\u25cf" : "\u25cb"; /* ● ○ */
}

/* ------------------------------------------------------------------ text */

int tui_text(int y, int x, int width, const char *s, int attr, int flags)
{
	if (width <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (x + width > COLS)
		width = COLS - x;
	char sbuf[2048];
	/* a cell is at most 4 bytes, plus zero-width combining characters */
	size_t need = (size_t)width * 12 + 16;
	char *buf = need <= sizeof sbuf ? sbuf : tui_xmalloc(need);
	int used;
	if (flags & TUI_RIGHT)
		used = fg_text_fit_right(s ? s : "", width, buf, need);
	else
		used = fg_text_fit(s ? s : "", width, (flags & TUI_PAD) != 0, buf, need);
	attr_t old_a;
	short old_p;
	attr_get(&old_a, &old_p, NULL);
	attrset((attr_t)attr);
	mvaddstr(y, x, buf);
	attr_set(old_a, old_p, NULL);
	if (buf != sbuf)
		free(buf);
	return used;
}

int tui_textf(int y, int x, int width, int attr, int flags, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return tui_text(y, x, width, buf, attr, flags);
}

void tui_fill(int y, int x, int width, int attr)
{
	tui_text(y, x, width, "", attr, TUI_PAD);
}

void tui_box(int y, int x, int h, int w, int attr)
{
	if (h < 2 || w < 2)
		return;
	/* Blank the area through the text path first: a border cell written
	 * with addch over half of a wide character underneath leaves the
	 * other half behind, and the terminal then loses the border. */
	for (int i = 0; i < h; i++)
		tui_fill(y + i, x, w, attr);
	attr_t old_a;
	short old_p;
	attr_get(&old_a, &old_p, NULL);
	attrset((attr_t)attr);
	mvaddch(y, x, ACS_ULCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	for (int i = 1; i < h - 1; i++) {
		mvaddch(y + i, x, ACS_VLINE);
		mvhline(y + i, x + 1, ' ', w - 2);
		mvaddch(y + i, x + w - 1, ACS_VLINE);
	}
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attr_set(old_a, old_p, NULL);
}

/* ------------------------------------------------------------------ keys */

void tui_key_label(int key, char *buf, size_t len)
{
	if (TUI_IS_FN(key)) {
		int k = key & ~TUI_FN(0);
		const char *s = NULL;
		switch (k) {
		case KEY_UP: s = "\u2191"; break;
		case KEY_DOWN: s = "\u2193"; break;
		case KEY_LEFT: s = "\u2190"; break;
		case KEY_RIGHT: s = "\u2192"; break;
		case KEY_PPAGE: s = "PgUp"; break;
		case KEY_NPAGE: s = "PgDn"; break;
		case KEY_HOME: s = "Home"; break;
		case KEY_END: s = "End"; break;
		case KEY_ENTER: s = "Enter"; break;
		case KEY_BTAB: s = "Shift-Tab"; break;
		default:
			if (k >= KEY_F(1) && k <= KEY_F(12)) {
				snprintf(buf, len, "F%d", k - KEY_F(0));
				return;
			}
			s = keyname(k);
			break;
		}
		snprintf(buf, len, "%s", s ? s : "?");
		return;
	}
	switch (key) {
	case '\n': snprintf(buf, len, "Enter"); return;
	case '\r': snprintf(buf, len, "Enter"); return;
	case '\t': snprintf(buf, len, "Tab"); return;
	case ' ': snprintf(buf, len, "Space"); return;
	case TUI_ESC: snprintf(buf, len, "Esc"); return;
	default: break;
	}
	if (key > 0 && key < 32) {
		snprintf(buf, len, "Ctrl-%c", key + '@');
		return;
	}
	char u[5] = { 0 };
	fg_utf8_encode((uint32_t)key, u);
	snprintf(buf, len, "%s", u);
}
