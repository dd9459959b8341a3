/* fengong app layer: the plan file, loading, the actor, today, units. */
#include "app.h"

#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fengong/date.h"
#include "fengong/fileio.h"
#include "fengong/text.h"

#define _(s) gettext(s)

#ifndef FG_LOCALEDIR
#define FG_LOCALEDIR "/usr/local/share/locale"
#endif

/* ------------------------------------------------------------ messages */

void app_error(const char *fmt, ...)
{
	va_list ap;
	fputs("fengong: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void put_stderr(const char *s, size_t len, void *ctx)
{
	(void)ctx;
	fwrite(s, 1, len, stderr);
}

void app_print_diag(const struct fg_diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char *line = fg_diag_line(d, i); /* whole, however long */
		/* messages quote the file's own values: never send its control,
		 * bidi or invisible characters (an ESC sequence in a bad status,
		 * say) to the terminal */
		fg_text_escape(line, strlen(line), FG_ESC_SHOW, put_stderr, NULL);
		fputc('\n', stderr);
		free(line);
	}
}

/* ------------------------------------------------------------ memory */

void (*app_oom_hook)(void);

void app_oom(void)
{
	if (app_oom_hook)
		app_oom_hook();
	fprintf(stderr, "fengong: %s\n", _("out of memory"));
	exit(FG_EXIT_DATA);
}

void *app_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		app_oom();
	return p;
}

/* ------------------------------------------------------------ the state */

static const char *login_name(void)
{
	const char *u = getenv("FENGONG_USER");
	if (u && *u)
		return u;
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name)
		return pw->pw_name;
	u = getenv("USER");
	return u && *u ? u : "unknown";
}

void app_init(struct app *a)
{
	fg_set_oom_handler(app_oom);
	memset(a, 0, sizeof *a);
	a->file = getenv("FENGONG_FILE");
	if (a->file && !*a->file)
		a->file = NULL;
	a->as = getenv("FENGONG_AS");
	if (a->as && !*a->as)
		a->as = NULL;
	a->as_env = a->as != NULL;
	a->by = login_name();
}

void app_free(struct app *a)
{
	free(a->owned);
	a->owned = NULL;
}

/* The directory of this executable ("" when unknown). */
static void exe_dir(char *out, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	out[0] = 0;
	if (n <= 0)
		return;
	self[n] = 0;
	char *slash = strrchr(self, '/');
	if (slash)
		*slash = 0;
	snprintf(out, len, "%s", self);
}

/* The build tree's root when this binary is the build tree's fengong
 * (BUILD/src/cli/fengong, next to BUILD/po), false otherwise. */
static bool build_root(char *out, size_t len)
{
	char dir[PATH_MAX];
	exe_dir(dir, sizeof dir);
	size_t n = strlen(dir);
	static const char tail[] = "/src/cli";
	if (n <= sizeof tail - 1 || strcmp(dir + n - (sizeof tail - 1), tail) != 0)
		return false;
	dir[n - (sizeof tail - 1)] = 0;
	char probe[PATH_MAX + 32];
	snprintf(probe, sizeof probe, "%s/build.ninja", dir);
	if (access(probe, F_OK) != 0)
		return false;
	snprintf(out, len, "%s", dir);
	return true;
}

void app_i18n_init(void)
{
	const char *ld = getenv("FENGONG_LOCALEDIR");
	char built[PATH_MAX + 8];
	if (!ld || !*ld) {
		ld = FG_LOCALEDIR;
		if (build_root(built, sizeof built - 8)) {
			strcat(built, "/po");
			ld = built;
		}
	}
	bindtextdomain("fengong", ld);
	bind_textdomain_codeset("fengong", "UTF-8");
	textdomain("fengong");
}

/* mkdir -p for the directory part of path (mode 0700 for new ones). */
static bool make_dirs(char *path)
{
	for (char *s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		bool ok = mkdir(path, 0700) == 0 || errno == EEXIST;
		*s = '/';
		if (!ok)
			return false;
	}
	return true;
}

static bool copy_file(const char *from, const char *to)
{
	struct fg_diag d;
	fg_diag_init(&d, from);
	char *buf;
	size_t len;
	bool ok = fg_read_file(from, &buf, &len, &d);
	if (ok) {
		/* linked into place, never replacing: a copy made meanwhile by
		 * another process stays */
		ok = fg_write_file(to, buf, len, FG_WFILE_NO_REPLACE, &d) || access(to, F_OK) == 0;
		free(buf);
	}
	fg_diag_free(&d);
	return ok;
}

bool app_default_plan(struct app *a)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char path[PATH_MAX];
	if (xdg && *xdg == '/')
		snprintf(path, sizeof path, "%s/fengong/ezhou-2024-24.yaml", xdg);
	else if (home && *home)
		snprintf(path, sizeof path, "%s/.local/share/fengong/ezhou-2024-24.yaml", home);
	else {
		app_error("%s", _("neither $XDG_DATA_HOME nor $HOME is set, so there is no place for your copy of the "
				"plan; choose a file with -f FILE or $FENGONG_FILE"));
		return false;
	}
	a->owned = strdup(path);
	if (!a->owned)
		app_oom();
	a->file = a->owned;
	a->file_default = true;
	if (access(path, F_OK) == 0)
		return true;

	char root[PATH_MAX];
	const char *from = build_root(root, sizeof root) || access(FG_DEFAULT_PLAN, R_OK) != 0 ? FG_SOURCE_PLAN
											       : FG_DEFAULT_PLAN;
	if (a->read_only) {
		/* an auditor reads the shipped plan itself: read-only writes nothing */
		a->file = from;
		return true;
	}
	if (!make_dirs(a->owned) || !copy_file(from, path)) {
		app_error(_("cannot make your copy of the plan %s from %s (%s); choose a file with -f FILE"), path,
			  from, strerror(errno));
		return false;
	}
	fprintf(stderr, _("fengong: made your own copy of the shipped plan: %s\n"), path);
	return true;
}

/* ------------------------------------------------------------ the plan */

struct fg_plan *app_load(const struct app *a)
{
	struct fg_diag d;
	fg_diag_init(&d, a->file);
	struct fg_plan *p = fg_plan_load(a->file, &d);
	if (!p)
		app_print_diag(&d);
	fg_diag_free(&d);
	return p;
}

bool app_unit(const struct fg_plan *p, const char *query, const char *what, const char *file, bool *set,
	      const char **name)
{
	struct fg_unit_lookup r;
	int res = fg_plan_unit_resolve(p, query, set, &r);
	if (res == FG_UNIT_FOUND) {
		if (name)
			*name = r.name;
		return true;
	}
	if (res == FG_UNIT_AMBIGUOUS) {
		size_t len = 1;
		for (size_t i = 0; i < r.ncands; i++)
			len += strlen(r.cands[i]) + 2;
		char *list = app_xcalloc(len, 1);
		for (size_t i = 0; i < r.ncands; i++) {
			strcat(list, i ? ", " : "");
			strcat(list, r.cands[i]);
		}
		app_error(_("%s %s: several units match: %s; type more of the name"), what, query, list);
		free(list);
	} else {
		app_error(_("%s %s: %s has no such unit; `fengong units` lists them"), what, query, file);
	}
	fg_unit_lookup_free(&r);
	return false;
}

bool app_unit_set(const struct fg_plan *p, const char *query, const char *file, bool **set)
{
	*set = app_xcalloc(p->nunits + 1, sizeof **set);
	if (app_unit(p, query, "--unit", file, *set, NULL))
		return true;
	free(*set);
	*set = NULL;
	return false;
}

struct fg_plan *app_load_for_unit(const struct app *a, const char *unit, bool **set, int *rc)
{
	*set = NULL;
	*rc = FG_EXIT_DATA;
	struct fg_plan *p = app_load(a);
	if (p && unit && !app_unit_set(p, unit, a->file, set)) {
		fg_plan_free(p);
		*rc = FG_EXIT_USAGE; /* a unit the plan does not have: what was typed is wrong */
		return NULL;
	}
	return p;
}

bool app_actor(const struct app *a, const struct fg_plan *p, struct fg_actor *who, bool **set)
{
	memset(who, 0, sizeof *who);
	who->by = a->by;
	who->read_only = a->read_only;
	*set = NULL;
	struct fg_diag d;
	fg_diag_init(&d, a->file);
	bool named = fg_actor_name_check(who->by, &d);
	if (!named)
		app_error(_("%s; nothing was changed"), d.items[0].msg);
	fg_diag_free(&d);
	if (!named)
		return false;
	if (a->as) {
		*set = app_xcalloc(p->nunits + 1, sizeof **set);
		const char *name;
		if (!app_unit(p, a->as, a->as_env ? "$FENGONG_AS" : "--as", a->file, *set, &name)) {
			free(*set);
			*set = NULL;
			return false;
		}
		/* --as 税务 acts as 市税务局, and every front end writes that name */
		who->as = fg_plan_unit_canonical(p, name);
		who->as_units = *set;
	}
	return true;
}

bool app_today(char out[16])
{
	const char *env = getenv("FENGONG_TODAY");
	if (env && *env) {
		if (!fg_date_valid(env)) {
			app_error(_("FENGONG_TODAY='%s' is not a date; write it YYYY-MM-DD or unset it"), env);
			return false;
		}
		snprintf(out, 16, "%s", env);
		return true;
	}
	fg_today(time(NULL), out, 16);
	return true;
}
