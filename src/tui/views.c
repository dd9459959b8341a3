/* fengong TUI: saved views — v saves the filters, the order and the view
 * under a name, lists the saved ones to load or delete; `fengong --view
 * NAME` opens one.  They live in $XDG_CONFIG_HOME/fengong/views (else
 * ~/.config/fengong/views), one view a line:
 *
 *   NAME<TAB>view=measures<TAB>unit=…<TAB>status=delayed,blocked<TAB>…
 *
 * with \t, \n and \\ escaped in names and values.  Keys and values are
 * English (a machine format).  The file is replaced atomically. */
#include "fengong/fileio.h"
#include "tui.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const view_keys[TUI_VIEW_COUNT] = {
	[TUI_VIEW_MEASURES] = "measures", [TUI_VIEW_MATRIX] = "matrix", [TUI_VIEW_UNITS] = "units",
	[TUI_VIEW_HISTORY] = "history",   [TUI_VIEW_DETAIL] = "measures",
};

struct saved {
	char *name;
	char *line; /* the whole line */
};

struct saved_list {
	struct saved *v;
	size_t n, cap;
};

static void list_free(struct saved_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].line);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* The directory and the file; NULL when neither $XDG_CONFIG_HOME nor $HOME is set. */
static char *config_dir(void)
{
	const char *x = getenv("XDG_CONFIG_HOME");
	char *d;
	if (x && *x) {
		size_t n = strlen(x) + 16;
		d = tui_xmalloc(n);
		snprintf(d, n, "%s/fengong", x);
		return d;
	}
	const char *h = getenv("HOME");
	if (!h || !*h)
		return NULL;
	size_t n = strlen(h) + 24;
	d = tui_xmalloc(n);
	snprintf(d, n, "%s/.config/fengong", h);
	return d;
}

char *tui_views_path(void)
{
	char *d = config_dir();
	if (!d)
		return NULL;
	size_t n = strlen(d) + 8;
	char *p = tui_xmalloc(n);
	snprintf(p, n, "%s/views", d);
	free(d);
	return p;
}

static void put_escaped(char **buf, size_t *len, size_t *cap, const char *s)
{
	for (; *s; s++) {
		if (*len + 3 >= *cap) {
			*cap = *cap * 2 + 64;
			*buf = tui_xrealloc(*buf, *cap);
		}
		if (*s == '\t' || *s == '\n' || *s == '\\') {
			(*buf)[(*len)++] = '\\';
			(*buf)[(*len)++] = *s == '\t' ? 't' : *s == '\n' ? 'n' : '\\';
		} else {
			(*buf)[(*len)++] = *s;
		}
	}
	(*buf)[*len] = 0;
}

static void put_field(char **buf, size_t *len, size_t *cap, const char *key, const char *value)
{
	if (*len + 2 >= *cap) {
		*cap = *cap * 2 + 64;
		*buf = tui_xrealloc(*buf, *cap);
	}
	(*buf)[(*len)++] = '\t'; /* the separator itself is not escaped */
	(*buf)[*len] = 0;
	put_escaped(buf, len, cap, key);
	put_escaped(buf, len, cap, "=");
	put_escaped(buf, len, cap, value);
}

/* Undo put_escaped in place. */
static void unescape(char *s)
{
	char *o = s;
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*o++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = 0;
}

static char *current_line(const struct tui *t, const char *name)
{
	size_t len = 0, cap = 256;
	char *b = tui_xmalloc(cap);
	b[0] = 0;
	put_escaped(&b, &len, &cap, name);
	enum tui_view_id v = tui_views[t->view]->in_tabs ? t->view : t->prev_view;
	put_field(&b, &len, &cap, "view", view_keys[v]);
	if (t->f_unit)
		put_field(&b, &len, &cap, "unit", t->f_unit);
	if (t->f_role >= 0)
		put_field(&b, &len, &cap, "role", fg_role_name((enum fg_role)t->f_role));
	if (t->f_statuses) {
		char st[256] = "";
		for (int s = 0; s < FG_STATUS_COUNT; s++)
			if (t->f_statuses & (1u << s))
				snprintf(st + strlen(st), sizeof st - strlen(st), "%s%s", *st ? "," : "", fg_status_name((enum fg_status)s));
		put_field(&b, &len, &cap, "status", st);
	}
	if (t->f_overdue)
		put_field(&b, &len, &cap, "overdue", "yes");
	if (t->f_section >= 0 && (size_t)t->f_section < t->p->nsections)
		put_field(&b, &len, &cap, "section", t->p->sections[t->f_section].id);
	if (t->search)
		put_field(&b, &len, &cap, "search", t->search);
	if (TUI_SORTED(t)) {
		put_field(&b, &len, &cap, "sort", tui_sort_key_name(t->sort));
		if (t->sort_rev)
			put_field(&b, &len, &cap, "reverse", "yes");
	}
	if (tui_matrix_folded(t))
		put_field(&b, &len, &cap, "fold", "yes"); /* absent (older files too): unfolded */
	return b;
}

/* Read the file; a missing file is an empty list.  False (errno) when it
 * cannot be read. */
static bool list_load(const char *path, struct saved_list *l)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return errno == ENOENT;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = 0;
		if (!n || line[0] == '#')
			continue;
		char *tab = strchr(line, '\t');
		size_t nl = tab ? (size_t)(tab - line) : (size_t)n;
		char *name = tui_xmalloc(nl + 1);
		memcpy(name, line, nl);
		name[nl] = 0;
		unescape(name);
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 8;
			l->v = tui_xrealloc(l->v, l->cap * sizeof *l->v);
		}
		l->v[l->n].name = name;
		l->v[l->n].line = tui_xstrdup(line);
		l->n++;
	}
	free(line);
	bool ok = !ferror(f);
	fclose(f);
	return ok;
}

/* Write the list through the file API (a temporary beside it, fsync,
 * rename, fsync the directory). */
static bool list_save(const char *path, const struct saved_list *l)
{
	char *dir = config_dir();
	if (!dir) {
		errno = ENOENT;
		return false;
	}
	/* the directory and its parent (~/.config) */
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		mkdir(dir, 0700);
		*slash = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		free(dir);
		return false;
	}
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_wfile w;
	bool ok = fg_wfile_open(&w, path, FG_WFILE_NO_HOOKS, &d);
	if (ok) {
		FILE *f = fg_wfile_stream(&w);
		fputs("# fengong saved views: one a line, NAME<TAB>key=value<TAB>...; written by fengong (v in the terminal interface)\n", f);
		for (size_t i = 0; i < l->n; i++)
			fprintf(f, "%s\n", l->v[i].line);
		ok = fg_wfile_commit(&w, &d);
	}
	int e = ok ? 0 : w.err ? w.err : EIO;
	fg_diag_free(&d);
	free(dir);
	errno = e;
	return ok;
}

/* Apply a saved line; false with a message in err when a value is not
 * understood (nothing is changed then). */
static bool apply_line(struct tui *t, const char *line, char *err, size_t errlen, bool apply)
{
	char *copy = tui_xstrdup(line);
	char *save = NULL;
	char *tok = strtok_r(copy, "\t", &save); /* the name */
	enum tui_view_id view = TUI_VIEW_MEASURES;
	char *unit = NULL;
	int role = -1;
	unsigned statuses = 0;
	bool overdue = false, rev = false, fold = false;
	long section = -1;
	char *search = NULL;
	enum tui_sort sort = TUI_SORT_NUMBER;
	bool ok = true;
	while (ok && (tok = strtok_r(NULL, "\t", &save))) {
		char *eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = 0;
		char *k = tok, *v = eq + 1;
		unescape(v);
		if (strcmp(k, "view") == 0) {
			bool found = false;
			for (int i = 0; i < TUI_VIEW_COUNT; i++)
				if (tui_views[i]->in_tabs && strcmp(v, view_keys[i]) == 0) {
					view = (enum tui_view_id)i;
					found = true;
				}
			if (!found)
				ok = snprintf(err, errlen, _("unknown view “%s”"), v) < 0;
		} else if (strcmp(k, "unit") == 0) {
			bool *set = app_xcalloc(t->p->nunits ? t->p->nunits : 1, sizeof *set);
			if (tui_unit_match(t, v, set) == 0)
				ok = snprintf(err, errlen, _("no unit of this plan is called “%s”"), v) < 0;
			free(set);
			free(unit);
			unit = tui_xstrdup(v);
		} else if (strcmp(k, "role") == 0) {
			enum fg_role r;
			if (!fg_role_parse(v, &r))
				ok = snprintf(err, errlen, _("unknown role “%s”"), v) < 0;
			role = (int)r;
		} else if (strcmp(k, "status") == 0) {
			char *s2 = NULL;
			for (char *w = strtok_r(v, ",", &s2); w && ok; w = strtok_r(NULL, ",", &s2)) {
				enum fg_status st;
				if (!fg_status_parse(w, &st))
					ok = snprintf(err, errlen, _("unknown status “%s”"), w) < 0;
				else
					statuses |= 1u << st;
			}
		} else if (strcmp(k, "overdue") == 0) {
			overdue = strcmp(v, "yes") == 0;
		} else if (strcmp(k, "section") == 0) {
			for (size_t i = 0; i < t->p->nsections; i++)
				if (strcmp(t->p->sections[i].id, v) == 0)
					section = (long)i;
			if (section < 0)
				ok = snprintf(err, errlen, _("this plan has no section “%s”"), v) < 0;
		} else if (strcmp(k, "search") == 0) {
			free(search);
			search = tui_xstrdup(v);
		} else if (strcmp(k, "sort") == 0) {
			if (!tui_sort_key_parse(v, &sort))
				ok = snprintf(err, errlen, _("unknown order “%s”"), v) < 0;
		} else if (strcmp(k, "reverse") == 0) {
			rev = strcmp(v, "yes") == 0;
		} else if (strcmp(k, "fold") == 0) {
			fold = strcmp(v, "yes") == 0;
		}
	}
	free(copy);
	if (!ok || !apply) {
		free(unit);
		free(search);
		return ok;
	}
	t->f_role = role;
	t->f_statuses = statuses;
	t->f_overdue = overdue;
	t->f_section = section;
	free(t->search);
	t->search = search;
	t->sort = sort;
	t->sort_rev = rev;
	tui_matrix_set_folded(t, fold);
	if (t->view != view) {
		if (t->view != TUI_VIEW_DETAIL)
			t->prev_view = t->view;
		t->view = view;
	}
	tui_set_unit_filter(t, unit); /* rebuilds the rows, reloads the view */
	free(unit);
	return true;
}

static bool ask_name(struct tui *t, char **out)
{
	char *s = tui_prompt(t, _("Save this view as: "), "");
	if (!s)
		return false;
	char *a = s;
	while (*a == ' ')
		a++;
	size_t n = strlen(a);
	while (n && a[n - 1] == ' ')
		a[--n] = 0;
	if (!*a) {
		free(s);
		tui_message(t, true, "%s", _("A saved view needs a name; nothing was saved."));
		return false;
	}
	*out = tui_xstrdup(a);
	free(s);
	return true;
}

static void say_io(struct tui *t, const char *what, const char *path)
{
	tui_message(t, true, _("%s %s: %s."), what, path, strerror(errno));
}

void tui_views_menu(struct tui *t)
{
	char *path = tui_views_path();
	if (!path) {
		tui_message(t, true, "%s", _("Neither $XDG_CONFIG_HOME nor $HOME is set, so views cannot be saved."));
		return;
	}
	struct saved_list l = { 0 };
	if (!list_load(path, &l)) {
		say_io(t, _("Cannot read the saved views in"), path);
		list_free(&l);
		free(path);
		return;
	}
	size_t n = l.n + 2;
	const char **items = tui_xmalloc(n * sizeof *items);
	items[0] = _("Save the current view as…");
	items[1] = _("Delete a saved view…");
	for (size_t i = 0; i < l.n; i++)
		items[i + 2] = l.v[i].name;
	long c = tui_menu(t, _("Saved views (Enter: load)"), items, l.n ? n : 1, l.n ? 2 : 0, -1);
	if (c == 0) {
		char *name;
		if (ask_name(t, &name)) {
			char *line = current_line(t, name);
			size_t i;
			for (i = 0; i < l.n; i++)
				if (strcmp(l.v[i].name, name) == 0)
					break;
			if (i == l.n) {
				if (l.n == l.cap) {
					l.cap = l.cap ? l.cap * 2 : 8;
					l.v = tui_xrealloc(l.v, l.cap * sizeof *l.v);
				}
				l.v[l.n].name = tui_xstrdup(name);
				l.v[l.n].line = line;
				l.n++;
			} else { /* the same name: replaced */
				free(l.v[i].line);
				l.v[i].line = line;
			}
			if (list_save(path, &l))
				tui_message(t, false, _("View “%s” saved; v lists it, `fengong --view %s` opens it."), name, name);
			else
				say_io(t, _("Could not save the view to"), path);
			free(name);
		}
	} else if (c == 1 && l.n) {
		long d = tui_menu(t, _("Delete which saved view?"), items + 2, l.n, 0, -1);
		if (d >= 0) {
			char *gone = l.v[d].name;
			free(l.v[d].line);
			memmove(&l.v[d], &l.v[d + 1], (l.n - (size_t)d - 1) * sizeof *l.v);
			l.n--;
			if (list_save(path, &l))
				tui_message(t, false, _("Saved view “%s” deleted."), gone);
			else
				say_io(t, _("Could not save the views to"), path);
			free(gone);
		}
	} else if (c >= 2) {
		char err[512];
		if (apply_line(t, l.v[c - 2].line, err, sizeof err, true))
			tui_message(t, false, _("View “%s” loaded."), l.v[c - 2].name);
		else
			tui_message(t, true, _("View “%s” was not loaded: %s."), l.v[c - 2].name, err);
	}
	free(items);
	list_free(&l);
	free(path);
}

char *tui_views_find(struct tui *t, const char *name, char *err, size_t errlen)
{
	char *path = tui_views_path();
	if (!path) {
		snprintf(err, errlen, "%s", _("neither $XDG_CONFIG_HOME nor $HOME is set, so there are no saved views"));
		return NULL;
	}
	struct saved_list l = { 0 };
	char *found = NULL;
	if (!list_load(path, &l)) {
		snprintf(err, errlen, _("cannot read %s: %s"), path, strerror(errno));
	} else {
		size_t i;
		for (i = 0; i < l.n; i++)
			if (strcmp(l.v[i].name, name) == 0)
				break;
		if (i == l.n) {
			snprintf(err, errlen, _("no saved view is called “%s” in %s; save one with v in the terminal interface"),
				 name, path);
		} else {
			char why[400];
			if (apply_line(t, l.v[i].line, why, sizeof why, false))
				found = tui_xstrdup(l.v[i].line);
			else
				snprintf(err, errlen, _("the saved view “%s” in %s cannot be used: %s"), name, path, why);
		}
	}
	list_free(&l);
	free(path);
	return found;
}

void tui_views_apply(struct tui *t, const char *line)
{
	char err[512];
	apply_line(t, line, err, sizeof err, true);
}
