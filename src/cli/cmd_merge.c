/* fengong merge BASE OURS THEIRS [-o OUT]: three-way merge of plan files
 * (a git merge driver); fengong init-git [PATTERN...]: set a repository up
 * to use it; fengong sync: commit, pull --rebase, push.  The merge itself is
 * in the core (src/core/merge.c). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_sign.h"
#include "fengong/merge.h"
#include "fengong/sign.h"
#include "fengong/text.h"

/* ------------------------------------------------------------ merge */

static struct fg_plan *load_side(const char *path, const char *what)
{
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	if (!p) {
		cli_print_diag(&d);
		cli_error(_("merge: %s (%s) is not a valid plan; nothing was merged and the result file was left as it was"),
			  path, what);
	}
	fg_diag_free(&d);
	return p;
}

static bool merge_sides_verify(const char *path, const struct fg_plan *p, const char *what)
{
	if (!p->nsigners && !p->signing)
		return true;
	struct cli_globals g = {.file = path};
	if (cli_history_verifies(&g, p))
		return true;
	cli_error(_("merge: %s (%s) is a signed plan whose history does not verify; nothing was merged and the result "
		    "file was left as it was"),
		  path, what);
	return false;
}

/* A record as a side holds it: its fields without the chain (a merge
 * re-chains what it unites), and its signature. */
static char *record_id(const struct fg_record *r)
{
	char h[65];
	fg_history_hash(r, "", h);
	const char *sig = r->sig ? r->sig : "";
	char *id = app_xcalloc(strlen(sig) + 66, 1);
	sprintf(id, "%s %s", h, sig);
	return id;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Signed plans: every record of the common ancestor is in the side as it
 * was.  A side that changed or removed a shared record, even one its
 * author signed again, is refused: otherwise the merge would keep both
 * versions side by side, each verifying. */
static bool merge_side_keeps_shared(const char *bpath, const struct fg_plan *b, const char *path,
				    const struct fg_plan *side, const char *what)
{
	if (!(b->nsigners || b->signing || side->nsigners || side->signing))
		return true;
	char **ids = app_xcalloc(side->nhistory + 1, sizeof *ids);
	for (size_t i = 0; i < side->nhistory; i++)
		ids[i] = record_id(&side->history[i]);
	qsort(ids, side->nhistory, sizeof *ids, cmp_str);
	bool ok = true;
	for (size_t i = 0; i < b->nhistory && ok; i++) {
		const struct fg_record *r = &b->history[i];
		char *id = record_id(r);
		if (!bsearch(&id, ids, side->nhistory, sizeof *ids, cmp_str)) {
			char unit[400], by[400], at[200];
			fprintf(stderr, "%s:%u:%u: ", bpath, r->line, r->col);
			fprintf(stderr,
				_("history record %zu (%s, by %s, at %s) is not in %s (%s) as it was: a shared record was "
				  "changed or removed there\n"),
				i + 1, r->measure > 0 ? fg_text_show(r->unit, unit, sizeof unit) : _("plan"),
				fg_text_show(r->by, by, sizeof by), fg_text_show(r->at, at, sizeof at), path, what);
			cli_error(_("merge: %s (%s) rewrites the signed history both sides share; nothing was merged and "
				    "the result file was left as it was"),
				  path, what);
			ok = false;
		}
		free(id);
	}
	for (size_t i = 0; i < side->nhistory; i++)
		free(ids[i]);
	free(ids);
	return ok;
}

int cmd_merge(int argc, char **argv, const struct cli_globals *g)
{
	(void)g; /* merges the files it is given, not -f */
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"name", required_argument, NULL, 'n'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *out = NULL, *name = NULL;
	bool quiet = false;
	int c;
	while ((c = getopt_long(argc, argv, "o:n:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'n': name = optarg; break;
		case 'q': quiet = true; break;
		case 'h':
			fputs(_("Usage: fengong merge BASE OURS THEIRS [-o OUT] [--name NAME] [--quiet]\n"
			      "Three-way merge of plan files by assignment, history record and line.\n"
			      "Writes OUT (default: OURS; '-' for standard output).  Exit 0 merged, 1 merged\n"
			      "with conflicts recorded in the file's `conflicts:` list (see `fengong check`),\n"
			      "2 a side is not a valid plan or cannot be merged (OUT is left as it was).\n"
			      "As a git merge driver: fengong merge %O %A %B -o %A (fengong init-git sets it up).\n"),
			      stdout);
			return FG_EXIT_OK;
		default:
			cli_error("%s", _("merge: try `fengong merge --help`"));
			return FG_EXIT_USAGE;
		}
	}
	if (argc - optind != 3) {
		cli_error("%s", _("merge needs three files, the common ancestor, ours and theirs"));
		cli_command_usage("merge", stderr);
		return FG_EXIT_USAGE;
	}
	const char *bpath = argv[optind], *opath = argv[optind + 1], *tpath = argv[optind + 2];
	if (!out)
		out = opath;
	if (!name)
		name = strcmp(out, "-") == 0 ? opath : out;
	char name_shown[1024]; /* git's %P comes from the repository: shown escaped in every message */
	name = fg_text_show(name, name_shown, sizeof name_shown);

	struct fg_plan *b = load_side(bpath, _("the common ancestor"));
	struct fg_plan *o = load_side(opath, _("ours"));
	struct fg_plan *t = load_side(tpath, _("theirs"));
	int rc = FG_EXIT_USAGE;
	if (!b || !o || !t)
		goto done;
	/* signed plans: never merge (and so re-chain) a side whose signed
	 * history does not verify: the merge would launder the tampering */
	if (!merge_sides_verify(opath, o, cli_pgettext("merge side", NC_("merge side", "ours"))) ||
	    !merge_sides_verify(tpath, t, cli_pgettext("merge side", NC_("merge side", "theirs"))))
		goto done;
	if (!merge_side_keeps_shared(bpath, b, opath, o, cli_pgettext("merge side", NC_("merge side", "ours"))) ||
	    !merge_side_keeps_shared(bpath, b, tpath, t, cli_pgettext("merge side", NC_("merge side", "theirs"))))
		goto done;

	struct fg_diag d;
	fg_diag_init(&d, name);
	struct fg_merge_result res;
	if (!fg_merge(b, o, t, &res, &d)) {
		cli_print_diag(&d);
		cli_error(_("merge: %s was left as it was"), out);
		fg_diag_free(&d);
		goto done;
	}
	fg_diag_free(&d);

	if (strcmp(out, "-") == 0) {
		if (fwrite(res.text, 1, res.len, stdout) != res.len || fflush(stdout) != 0) {
			cli_error(_("merge: cannot write the result to standard output: %s"), strerror(errno));
			fg_merge_result_free(&res);
			goto done;
		}
	} else {
		fg_diag_init(&d, out);
		if (!fg_write_file_atomic(out, res.text, res.len, &d)) {
			cli_print_diag(&d);
			fg_diag_free(&d);
			fg_merge_result_free(&res);
			goto done;
		}
		fg_diag_free(&d);
	}

	if (!quiet && (res.taken_theirs || res.records_theirs || res.text_hunks_theirs || res.kept_once)) {
		char na[64], nh[64], nl[64]; /* each count with its noun, in the user's language */
		snprintf(na, sizeof na, ngettext("%zu assignment", "%zu assignments", res.taken_theirs), res.taken_theirs);
		snprintf(nh, sizeof nh, ngettext("%zu history record", "%zu history records", res.records_theirs),
			 res.records_theirs);
		snprintf(nl, sizeof nl, ngettext("%zu line change", "%zu line changes", res.text_hunks_theirs),
			 res.text_hunks_theirs);
		fprintf(stderr, _("fengong: merged %s: %s, %s and %s from the other side%s\n"), name, na, nh, nl,
			res.level ? _(" (the line merge had to be careful: check the result)") : "");
	}
	rc = FG_EXIT_OK;
	if (res.nconflicts) {
		fg_diag_init(&d, name);
		struct fg_plan *r = fg_plan_load_buffer(name, res.text, res.len, &d);
		if (r)
			fg_conflicts_report(r, &d);
		cli_print_diag(&d);
		fg_diag_free(&d);
		fg_plan_free(r);
		size_t fresh = res.new_conflicts + res.new_text_conflicts;
		if (fresh) {
			cli_error(ngettext("%s: %zu merge conflict recorded in the file's `conflicts:` list, nothing lost; "
					   "%s%s%sthen commit",
					   "%s: %zu merge conflicts recorded in the file's `conflicts:` list, nothing lost; "
					   "%s%s%sthen commit",
					   fresh),
				  name, fresh,
				  res.new_conflicts ? _("decide each assignment with `fengong set` (or in the terminal interface), ")
						    : "",
				  res.new_conflicts && res.new_text_conflicts ? _("and ") : "",
				  res.new_text_conflicts ? _("edit the lines named and delete their entries, ") : "");
			rc = FG_EXIT_DATA;
		} else {
			cli_error(ngettext("%s: %zu merge conflict from before is still open; `fengong check` lists them",
					   "%s: %zu merge conflicts from before are still open; `fengong check` lists them",
					   res.nconflicts),
				  name, res.nconflicts);
		}
	}
	fg_merge_result_free(&res);
done:
	fg_plan_free(b);
	fg_plan_free(o);
	fg_plan_free(t);
	return rc;
}

/* ------------------------------------------------------------ running git */

/* Run git with these arguments (no shell); its exit status, or -1.  With
 * out, its standard output is collected there (malloc'd, NUL-terminated). */
static int run_git_out(char *const args[], char **out, size_t *outlen)
{
	int fd[2] = {-1, -1};
	if (out && pipe(fd) != 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (out) {
			dup2(fd[1], 1);
			close(fd[0]);
			close(fd[1]);
		}
		execvp("git", args);
		_exit(127);
	}
	if (out) {
		close(fd[1]);
		size_t n = 0, cap = 4096;
		char *buf = malloc(cap);
		ssize_t r;
		while (buf && ((r = read(fd[0], buf + n, cap - n - 1)) > 0 || (r < 0 && errno == EINTR))) {
			if (r > 0)
				n += (size_t)r;
			if (cap - n < 2) {
				char *nb = realloc(buf, cap *= 2);
				if (!nb)
					free(buf);
				buf = nb;
			}
		}
		close(fd[0]);
		if (buf)
			buf[n] = 0;
		*out = buf;
		if (outlen)
			*outlen = buf ? n : 0;
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int run_git(char *const args[])
{
	return run_git_out(args, NULL, NULL);
}

/* ------------------------------------------------------------ the hook */

/* 'value' for the hook's sh; false (said) when it holds a quote. */
static bool hook_value_ok(const char *v)
{
	if (strchr(v, '\'') || strchr(v, '\n')) {
		cli_error(_("a value with a quote (') or a line break cannot go into the hook: %s"), v);
		return false;
	}
	return true;
}

int cli_install_hook(const char *gitdir, const char *const *trust, size_t ntrust, char *const *patterns, size_t npat,
		     const char *by)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0) {
		cli_error("%s", _("cannot find the fengong program's own path"));
		return FG_EXIT_DATA;
	}
	self[n] = 0;
	if (!hook_value_ok(self))
		return FG_EXIT_USAGE;
	for (size_t i = 0; i < ntrust; i++)
		if (!hook_value_ok(trust[i]))
			return FG_EXIT_USAGE;
	for (size_t i = 0; i < npat; i++)
		if (!hook_value_ok(patterns[i]) || strpbrk(patterns[i], " \t")) {
			if (strpbrk(patterns[i], " \t"))
				cli_error(_("the pattern '%s' has a space or tab, which the hook cannot take; use ? or *"),
					  patterns[i]);
			return FG_EXIT_USAGE;
		}
	char hooks[PATH_MAX + 16], path[PATH_MAX + 32];
	snprintf(hooks, sizeof hooks, "%s/hooks", gitdir);
	snprintf(path, sizeof path, "%s/pre-receive", hooks);
	if (access(hooks, W_OK) != 0) {
		cli_error(_("%s: not a git repository's directory with a writable hooks/ (%s)"), gitdir, strerror(errno));
		return FG_EXIT_DATA;
	}
	/* made in memory, written whole (the file API: a push meanwhile runs
	 * the old hook or the new one, never half of one) */
	char *text = NULL;
	size_t textlen = 0;
	FILE *f = open_memstream(&text, &textlen);
	if (!f)
		app_oom();
	fprintf(f, "#!/bin/sh\n"
		   "# Installed by `%s`: refuse a push whose plan does not verify (a record\n"
		   "# that is unsigned, forged or by the wrong key; a change without one), or\n"
		   "# that rewrites or removes a signed record the repository already has.\n"
		   "# The trust: the keys below, else the file fengong-trust in this repository,\n"
		   "# else the server user's ~/.config/fengong/trust (one SHA256:... a line).\n"
		   "set -f\n"
		   "F='%s'\nTRUST='",
		by, self);
	for (size_t i = 0; i < ntrust; i++)
		fprintf(f, "%s%s", i ? " " : "", trust[i]);
	fputs("'\nPATTERNS='", f);
	for (size_t i = 0; i < npat; i++)
		fprintf(f, "%s%s", i ? " " : "", patterns[i]);
	fputs("'\n"
	      "# the hook's words and fengong's are English, whatever the server's locale (its sed edits them)\n"
	      "LC_ALL=C.UTF-8; export LC_ALL\n"
	      "zero=0000000000000000000000000000000000000000\n"
	      "gitdir=$(git rev-parse --git-dir) || exit 1\n"
	      "if [ -n \"$TRUST\" ]; then FENGONG_TRUST=$TRUST; export FENGONG_TRUST\n"
	      "else unset FENGONG_TRUST; [ -f \"$gitdir/fengong-trust\" ] && FENGONG_TRUST_FILE=$gitdir/fengong-trust && "
	      "export FENGONG_TRUST_FILE\n"
	      "fi\n"
	      "status=0\n"
	      "tmp=$(mktemp -d) || exit 1\n"
	      "trap 'rm -rf \"$tmp\"' EXIT\n"
	      "nl='\n'\n"
	      "while read -r old new ref; do\n"
	      "\t[ \"$new\" = $zero ] && continue\n"
	      "\tif [ \"$old\" = $zero ]; then files=$(git -c core.quotePath=false ls-tree -r --name-only \"$new\")\n"
	      "\telse files=$(git -c core.quotePath=false diff --name-only --no-renames \"$old\" \"$new\"); fi\n"
	      "\tIFS=$nl\n"
	      "\tfor f in $files; do\n"
	      "\t\tIFS=' \t'\n"
	      "\t\tplan=\n"
	      "\t\t# shellcheck disable=SC2254 # the patterns are globs\n"
	      "\t\tfor p in $PATTERNS; do case $f in $p) plan=1 ;; esac; done\n"
	      "\t\t[ -n \"$plan\" ] || continue\n"
	      "\t\tshown=$(printf '%s' \"$f\" | tr -d '\\000-\\037')\n"
	      "\t\trs=$(printf '%s' \"$shown\" | sed 's/[|&\\\\]/\\\\&/g') # for sed's replacement\n"
	      "\t\thad=\n"
	      "\t\t[ \"$old\" != $zero ] && git show \"$old:$f\" >\"$tmp/old.yaml\" 2>/dev/null && had=1\n"
	      "\t\tif ! git show \"$new:$f\" >\"$tmp/new.yaml\" 2>/dev/null; then\n"
	      "\t\t\tif [ -n \"$had\" ] && grep -q '^signers:' \"$tmp/old.yaml\"; then\n"
	      "\t\t\t\techo \"fengong: $ref: $shown, a signed plan, is deleted; push refused\"\n"
	      "\t\t\t\tstatus=1\n"
	      "\t\t\tfi\n"
	      "\t\t\tcontinue\n"
	      "\t\tfi\n"
	      "\t\tif ! out=$(\"$F\" -f \"$tmp/new.yaml\" check 2>&1); then\n"
	      "\t\t\techo \"fengong: $ref: $shown does not verify; push refused:\"\n"
	      "\t\t\tprintf '%s\\n' \"$out\" | sed \"s|$tmp/new.yaml|$rs|g\"\n"
	      "\t\t\tstatus=1\n"
	      "\t\t\tcontinue\n"
	      "\t\tfi\n"
	      "\t\tif [ -n \"$had\" ] && ! out=$(\"$F\" merge --quiet \"$tmp/old.yaml\" \"$tmp/old.yaml\" \"$tmp/new.yaml\" -o - 2>&1 >/dev/null); then\n"
	      "\t\t\techo \"fengong: $ref: $shown rewrites or removes records the repository has; push refused:\"\n"
	      "\t\t\t# merge's own words (theirs, nothing was merged) are not the pusher's\n"
	      "\t\t\tprintf '%s\\n' \"$out\" | sed \"/^fengong: merge: /d; s| (theirs)||g; s|$tmp/old.yaml|$rs (in the repository)|g; s|$tmp/new.yaml|$rs (pushed)|g\"\n"
	      "\t\t\tstatus=1\n"
	      "\t\tfi\n"
	      "\tdone\n"
	      "\tIFS=' \t'\n"
	      "done\n"
	      "exit $status\n",
	      f);
	if (fclose(f) != 0 || !text)
		app_oom();
	struct fg_diag d;
	fg_diag_init(&d, path);
	bool ok = fg_write_file_atomic(path, text, textlen, &d);
	free(text);
	if (!ok)
		cli_print_diag(&d);
	fg_diag_free(&d);
	if (ok && chmod(path, 0755) != 0) {
		cli_error(_("cannot write %s: %s"), path, strerror(errno));
		ok = false;
	}
	if (!ok)
		return FG_EXIT_DATA;
	printf(_("installed %s\n"), path);
	return FG_EXIT_OK;
}

/* ------------------------------------------------------------ init-git */

/* The repository's top directory, from `git rev-parse --show-toplevel`. */
static bool repo_top(char *buf, size_t len)
{
	int fd[2];
	if (pipe(fd) != 0)
		return false;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		int null = open("/dev/null", O_WRONLY); /* outside a work tree git's "fatal:" is ours to say */
		if (null >= 0)
			dup2(null, 2);
		execlp("git", "git", "rev-parse", "--show-toplevel", (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < len && ((r = read(fd[0], buf + n, len - 1 - n)) > 0 || (r < 0 && errno == EINTR)))
		if (r > 0)
			n += (size_t)r;
	close(fd[0]);
	buf[n] = 0;
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = 0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 && n > 0;
}

/* The mark init-git leaves in a repository's configuration: sync acts
 * only on a repository of plans that init-git set up. */
#define PLAN_REPO_KEY "fengong.planrepo"

/* A clone of fengong's own source tree (its plan is an example, not a
 * team's plan: sync must not commit or push there). */
static bool is_source_tree(const char *top)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/src/cli/main.c", top);
	bool main_c = access(path, F_OK) == 0;
	snprintf(path, sizeof path, "%s/include/fengong/plan.h", top);
	return main_c && access(path, F_OK) == 0;
}

/* Whether dir's repository was set up by init-git. */
static bool is_plan_repo(const char *dir)
{
	/* --local: the mark of this clone, never one set in ~/.gitconfig */
	char *const get[] = {"git", "-C", (char *)dir, "config", "--local", "--bool", PLAN_REPO_KEY, NULL};
	char *out = NULL;
	size_t len = 0;
	bool yes = run_git_out(get, &out, &len) == 0 && out && strncmp(out, "true", 4) == 0;
	free(out);
	return yes;
}

/* 'path' quoted for the shell git runs the driver with. */
static void shell_quote(const char *s, char *out, size_t len)
{
	size_t k = 0;
	if (k + 1 < len)
		out[k++] = '\'';
	for (; *s && k + 5 < len; s++) {
		if (*s == '\'') {
			memcpy(out + k, "'\\''", 4);
			k += 4;
		} else {
			out[k++] = *s;
		}
	}
	if (k + 1 < len)
		out[k++] = '\'';
	out[k] = 0;
}

static bool has_line(const char *file, const char *line)
{
	FILE *f = fopen(file, "r");
	if (!f)
		return false;
	char buf[4096];
	bool found = false;
	while (!found && fgets(buf, sizeof buf, f)) {
		size_t n = strlen(buf);
		while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' || buf[n - 1] == '\t'))
			buf[--n] = 0;
		found = strcmp(buf, line) == 0;
	}
	fclose(f);
	return found;
}

static bool ends_without_newline(const char *file)
{
	FILE *f = fopen(file, "r");
	if (!f)
		return false;
	bool missing = false;
	if (fseek(f, -1, SEEK_END) == 0)
		missing = fgetc(f) != '\n';
	fclose(f);
	return missing;
}

/* `git rev-parse --is-bare-repository` in the current directory. */
static bool in_bare_repo(void)
{
	char *const args[] = {"git", "rev-parse", "--is-bare-repository", NULL};
	char *out = NULL;
	/* outside a repository git's "fatal:" is not the user's business: init-git says what to do */
	fflush(stderr);
	int saved = dup(2), null = open("/dev/null", O_WRONLY);
	if (saved >= 0 && null >= 0)
		dup2(null, 2);
	bool bare = run_git_out(args, &out, NULL) == 0 && out && strncmp(out, "true", 4) == 0;
	if (saved >= 0 && null >= 0)
		dup2(saved, 2);
	if (saved >= 0)
		close(saved);
	if (null >= 0)
		close(null);
	free(out);
	return bare;
}

int cmd_init_git(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {
		{"driver", required_argument, NULL, 'd'},
		{"hook", required_argument, NULL, 'H'},
		{"trust", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *driver = NULL, *hook = NULL;
	const char *trust[64];
	size_t ntrust = 0;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': driver = optarg; break;
		case 'H': hook = optarg; break;
		case 't':
			if (ntrust == sizeof trust / sizeof *trust) {
				cli_error("%s", _("init-git: too many --trust keys"));
				return FG_EXIT_USAGE;
			}
			if (!cli_trust_arg_ok("init-git", optarg))
				return FG_EXIT_USAGE;
			trust[ntrust++] = optarg;
			break;
		case 'h':
			fputs(_("Usage: fengong init-git [--driver COMMAND] [PATTERN...]\n"
			      "Make git merge plan files with `fengong merge`: adds `PATTERN merge=fengong` to the\n"
			      ".gitattributes at the top of the repository (default pattern: *.yaml) and sets\n"
			      "merge.fengong.driver in the repository's configuration.  Run it once in every clone\n"
			      "(git does not copy configuration) and commit .gitattributes.\n"),
			      stdout);
			fputs(_("       fengong init-git --hook BARE.git [--trust SHA256:...]... [PATTERN...]\n"
			      "Install, on the shared bare repository, a pre-receive hook that refuses a push whose\n"
			      "plan files (PATTERN, default *.yaml) do not verify or rewrite signed records the\n"
			      "repository has (run inside a bare repository, --hook is that repository).\n"),
			      stdout);
			return FG_EXIT_OK;
		default:
			cli_error("%s", _("init-git: try `fengong init-git --help`"));
			return FG_EXIT_USAGE;
		}
	}
	static char *const default_patterns[] = {"*.yaml", NULL};
	char *const *patterns = optind < argc ? argv + optind : default_patterns;
	size_t npat = optind < argc ? (size_t)(argc - optind) : 1;
	char top[PATH_MAX];
	bool in_tree = !hook && repo_top(top, sizeof top);
	if (!hook && !in_tree && in_bare_repo())
		hook = ".";
	if (ntrust && !hook) {
		cli_error("%s", _("init-git: --trust goes with --hook (the shared repository's hook)"));
		return FG_EXIT_USAGE;
	}
	if (hook) {
		/* the shared repository's guard: no plan is written, no key needed */
		if (g->as) {
			cli_error("%s", _("init-git --hook sets up the shared repository, not a unit's rows: leave out --as"));
			return FG_EXIT_USAGE;
		}
		if (driver) {
			cli_error("%s", _("init-git: --driver is for a clone, --hook for the shared bare repository; give one"));
			return FG_EXIT_USAGE;
		}
		return cli_install_hook(hook, trust, ntrust, patterns, npat, "fengong init-git --hook");
	}
	if (!in_tree) {
		cli_error("%s", _("init-git: this is not inside a git repository (or git is not installed); run it in a clone "
			  "of the plan's repository"));
		return FG_EXIT_DATA;
	}

	if (is_source_tree(top)) {
		cli_error(_("init-git: %s is a clone of fengong's own source, not a repository of plans; run it in "
			  "the repository that holds your team's plan"),
			  top);
		return FG_EXIT_DATA;
	}

	char attrs[PATH_MAX + 32];
	snprintf(attrs, sizeof attrs, "%s/.gitattributes", top);
	for (size_t i = 0; i < npat; i++) {
		if (strpbrk(patterns[i], " \t\n\"")) {
			cli_error(_("init-git: the pattern '%s' has a space, tab or quote, which .gitattributes cannot take "
				  "plainly; use a pattern without them (e.g. with ? or *)"),
				  patterns[i]);
			return FG_EXIT_USAGE;
		}
	}
	for (size_t i = 0; i < npat; i++) {
		char line[PATH_MAX + 32];
		snprintf(line, sizeof line, "%s merge=fengong", patterns[i]);
		if (has_line(attrs, line)) {
			printf(_("%s already has: %s\n"), attrs, line);
			continue;
		}
		bool nl = ends_without_newline(attrs);
		FILE *f = fopen(attrs, "a");
		if (!f || fprintf(f, "%s%s\n", nl ? "\n" : "", line) < 0 || fclose(f) != 0) {
			cli_error(_("init-git: cannot write %s: %s"), attrs, strerror(errno));
			return FG_EXIT_DATA;
		}
		printf(_("%s: added %s\n"), attrs, line);
	}

	char cmd[PATH_MAX * 2 + 64];
	if (!driver) {
		char self[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		char q[PATH_MAX * 2];
		if (n > 0) {
			self[n] = 0;
			shell_quote(self, q, sizeof q);
		} else {
			snprintf(q, sizeof q, "fengong");
		}
		snprintf(cmd, sizeof cmd, "%s merge --name %%P %%O %%A %%B -o %%A", q);
		driver = cmd;
	}
	char *const set_name[] = {"git", "config", "merge.fengong.name", "fengong: merge plan files by assignment", NULL};
	char *const set_driver[] = {"git", "config", "merge.fengong.driver", (char *)driver, NULL};
	char *const set_mark[] = {"git", "config", PLAN_REPO_KEY, "true", NULL};
	if (run_git(set_name) != 0 || run_git(set_driver) != 0 || run_git(set_mark) != 0) {
		cli_error("%s", _("init-git: `git config merge.fengong.driver` failed; is the repository's configuration writable?"));
		return FG_EXIT_DATA;
	}
	printf("git config merge.fengong.driver \"%s\"\n", driver);
	printf("%s", _("Commit .gitattributes so every clone sees it; run `fengong init-git` once in each clone.\n"));
	return FG_EXIT_OK;
}

/* ------------------------------------------------------------ sync */

/* "市税务局: (三) not_started → in_progress" for each record after the ones
 * the committed version has. */
static void change_lines(const struct fg_plan *p, size_t from, char ***lines, size_t *n)
{
	*n = 0;
	*lines = calloc(p->nhistory - from + 1, sizeof **lines);
	for (size_t i = from; *lines && i < p->nhistory; i++) {
		const struct fg_record *r = &p->history[i];
		const struct fg_measure *m = fg_plan_measure(p, r->measure);
		char label[64], unit[400];
		if (m && *m->label)
			fg_text_show(m->label, label, sizeof label); /* plan text: escaped for the terminal and git */
		else
			snprintf(label, sizeof label, "%d", r->measure);
		char buf[600], what[160] = "", subject[200];
		const char *kind = fg_record_kind_name(r->kind);
		const char *period = r->period ? r->period : "", *due = r->due ? r->due : "";
		/* a status change names it; a report, request or decision names its kind */
		if (fg_record_has_status(r) && r->from != r->to)
			snprintf(what, sizeof what, "%s → %s%s%s%s", fg_status_name(r->from), fg_status_name(r->to),
				 *kind ? " (" : "", kind, *kind ? ")" : "");
		else if (*kind)
			snprintf(what, sizeof what, "%s%s%s%s%s", kind, *period ? " " : "", period, *due ? " " : "", due);
		else
			snprintf(what, sizeof what, "note");
		int k;
		if (r->measure)
			k = snprintf(buf, sizeof buf, "%s: %s %s", fg_text_show(r->unit, unit, sizeof unit), label, what);
		else if (r->kind == FG_KIND_SIGNER_ADD || r->kind == FG_KIND_SIGNER_REMOVE) /* names the signer */
			k = snprintf(buf, sizeof buf, "%s %s", what,
				     fg_text_show(r->subject ? r->subject : "", subject, sizeof subject));
		else /* a record about the plan: the signing rule, the structure, a correction */
			k = snprintf(buf, sizeof buf, "%s", what);
		if (k > 0 && (size_t)k < sizeof buf) {
			(*lines)[(*n)++] = strdup(buf);
		}
	}
}

int cmd_sync(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {
		{"message", required_argument, NULL, 'm'},
		{"no-push", no_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *message = NULL;
	bool push = true;
	int c;
	while ((c = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': message = optarg; break;
		case 'P': push = false; break;
		case 'h':
			fputs(_("Usage: fengong [-f FILE] sync [-m MESSAGE] [--no-push]\n"
			      "Commit the plan with a message naming its changes, pull with rebase (plans merged by\n"
			      "fengong, see `fengong init-git`), push.  Exit 1 when the pull leaves a conflict to decide.\n"),
			      stdout);
			return FG_EXIT_OK;
		default:
			cli_error("%s", _("sync: try `fengong sync --help`"));
			return FG_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("%s", _("sync takes no operands; choose the file with -f FILE before the command"));
		return FG_EXIT_USAGE;
	}
	char path[PATH_MAX];
	if (!realpath(g->file, path)) {
		cli_error(_("sync: %s: %s"), g->file, strerror(errno));
		return FG_EXIT_DATA;
	}
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : path;
	if (slash)
		*slash = 0;
	if (slash == dir)
		strcpy(dir, "/");

	if (!is_plan_repo(dir)) {
		cli_error(_("sync: %s is not in a repository of plans set up by `fengong init-git`, so nothing was "
			  "committed, pulled or pushed; run `fengong init-git` in the clone that holds the plan first"),
			  g->file);
		return FG_EXIT_DATA;
	}

	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	if (fg_plan_nconflicts(p)) {
		cli_error(ngettext("sync: %s has %zu open merge conflict; `fengong check` lists them: decide them first "
				   "(`fengong set`), then `git add` the file and finish the merge or rebase",
				   "sync: %s has %zu open merge conflicts; `fengong check` lists them: decide them first "
				   "(`fengong set`), then `git add` the file and finish the merge or rebase",
				   fg_plan_nconflicts(p)),
			  g->file, fg_plan_nconflicts(p));
		fg_plan_free(p);
		return FG_EXIT_DATA;
	}

	/* a signed plan: never commit or push a history that does not verify
	 * (sync itself changes no record, so it launders nothing), and, when
	 * the plan requires signing, only from a signer's clone */
	if (p->nsigners || p->signing) {
		if (!cli_history_verifies(g, p)) {
			cli_error(_("sync: %s is a signed plan whose history does not verify; nothing was committed, pulled "
				    "or pushed"),
				  g->file);
			fg_plan_free(p);
			return FG_EXIT_DATA;
		}
		if (p->signing == FG_SIGNING_REQUIRED) {
			struct fg_save_opts so = {0};
			struct cli_signing s;
			if (!cli_signing_setup(g, p, true, NULL, &so, &s)) {
				fg_plan_free(p);
				return FG_EXIT_DATA;
			}
			bool signer = fg_plan_signer_by_key(p, s.fingerprint) != NULL;
			if (!signer)
				cli_error(_("sync: %s requires signing and the key %s is not a signer of it (`fengong signers "
					    "list`); nothing was committed, pulled or pushed"),
					  g->file, s.fingerprint);
			cli_signing_free(&s);
			if (!signer) {
				fg_plan_free(p);
				return FG_EXIT_DATA;
			}
		}
	}

	/* the changes since the committed version */
	char spec[PATH_MAX + 8];
	snprintf(spec, sizeof spec, "HEAD:./%s", base);
	char *const show[] = {"git", "-C", dir, "show", spec, NULL};
	char *old = NULL;
	size_t oldlen = 0;
	size_t from = 0;
	if (run_git_out(show, &old, &oldlen) == 0 && old) {
		struct fg_diag d;
		fg_diag_init(&d, spec);
		struct fg_plan *q = fg_plan_load_buffer(spec, old, oldlen, &d);
		while (q && from < q->nhistory && from < p->nhistory && strcmp(q->history[from].hash, p->history[from].hash) == 0)
			from++;
		fg_plan_free(q);
		fg_diag_free(&d);
	}
	free(old);
	char **lines;
	size_t nlines;
	change_lines(p, from, &lines, &nlines);
	fg_plan_free(p);

	int rc = FG_EXIT_DATA;
	char *const add[] = {"git", "-C", dir, "add", "--", (char *)base, NULL};
	char *const staged[] = {"git", "-C", dir, "diff", "--cached", "--quiet", "--", (char *)base, NULL};
	if (run_git(add) != 0) {
		cli_error(_("sync: `git add %s` failed; is %s inside a clone of the plan's repository?"), base, dir);
		goto out;
	}
	if (run_git(staged) != 0) {
		char subject[PATH_MAX + 2048] = "", body[16384] = "";
		char base_shown[PATH_MAX + 64];
		if (!message && nlines == 0)
			snprintf(subject, sizeof subject, "%s: edited by hand", fg_text_show(base, base_shown, sizeof base_shown));
		for (size_t i = 0; !message && i < nlines && i < 3; i++) {
			size_t l = strlen(subject);
			snprintf(subject + l, sizeof subject - l, "%s%s", i ? "; " : "", lines[i]);
		}
		if (!message && nlines > 3) {
			size_t l = strlen(subject);
			snprintf(subject + l, sizeof subject - l, "; and %zu more", nlines - 3);
		}
		for (size_t i = 0; !message && nlines > 1 && i < nlines; i++) {
			size_t l = strlen(body);
			snprintf(body + l, sizeof body - l, "%s\n", lines[i]);
		}
		char *subj = message ? (char *)message : subject;
		char *const commit[] = {"git", "-C", dir, "commit", "-q", "-m", subj, "-m", body, "--", (char *)base, NULL};
		char *const commit1[] = {"git", "-C", dir, "commit", "-q", "-m", subj, "--", (char *)base, NULL};
		if (run_git(*body ? commit : commit1) != 0) {
			cli_error("%s", _("sync: `git commit` failed (are user.name and user.email set?)"));
			goto out;
		}
		printf(_("committed: %s\n"), subj);
	}
	char *const pull[] = {"git", "-C", dir, "pull", "--rebase", "--autostash", "-q", NULL};
	if (run_git(pull) != 0) {
		cli_error(_("sync: the pull did not finish; if it left a conflict, `fengong check` lists it: decide it with "
			  "`fengong set`, then `git add %s`, `git rebase --continue` and `fengong sync` again"),
			  base);
		goto out;
	}
	/* what the pull brought (merged by the driver, which refuses a forged
	 * side) must verify too before it goes out */
	struct fg_plan *q = cli_load(g);
	bool pulled_ok = q && (!(q->nsigners || q->signing) || cli_history_verifies(g, q));
	fg_plan_free(q);
	if (!pulled_ok) {
		cli_error(_("sync: after the pull, %s does not verify; nothing was pushed"), g->file);
		goto out;
	}
	if (push) {
		char *const gpush[] = {"git", "-C", dir, "push", "-q", NULL};
		if (run_git(gpush) != 0) {
			cli_error("%s", _("sync: the push failed (someone pushed meanwhile?); run `fengong sync` again"));
			goto out;
		}
	}
	printf(_("%s is in sync%s\n"), base, push ? "" : _(" (not pushed)"));
	rc = FG_EXIT_OK;
out:
	for (size_t i = 0; i < nlines; i++)
		free(lines[i]);
	free(lines);
	return rc;
}
