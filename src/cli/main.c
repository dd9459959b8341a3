/* fengong: entry point, global options, command dispatch. */
#include <getopt.h>
#include <libintl.h>
#include <locale.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_sign.h"
#include "fengong/text.h"

static const char usage_text[] =
	"Usage: fengong [OPTION]... [COMMAND [ARG]...]\n"
	"Manage the task-responsibility matrix (任务分工表) of a plan kept in a YAML file.\n"
	"Without a command, open the terminal interface.\n"
	"\n"
	"Options (before the command):\n"
	"  -f, --file FILE   the plan file (default: $FENGONG_FILE, else the shipped plan)\n"
	"      --as UNIT     act as UNIT's liaison: only its assignments can be changed\n"
	"                    (default: $FENGONG_AS)\n"
	"      --read-only   auditor mode: nothing can be changed or saved\n"
	"      --unit UNIT   (terminal interface) start filtered to UNIT\n"
	"      --key FILE    the SSH key that signs records (default: $FENGONG_SIGNING_KEY,\n"
	"                    else git's user.signingkey)\n"
	"  -h, --help        show this help and exit\n"
	"  -V, --version     show the version and exit\n"
	"\n"
	"Commands:\n"
	"  list [--unit U] [--role lead|co] [--status S] [--format table|tsv|csv|json]\n"
	"                    one row per assignment\n"
	"  show N            measure N in full\n"
	"  units             each unit's lead and co counts and its statuses\n"
	"  set N UNIT STATUS [--note TEXT]\n"
	"                    change one assignment and save\n"
	"  check             validate the file (and its history); exit 0 or 1\n"
	"  log [--unit U] [--measure N] [--since DATE] [--format table|tsv|json]\n"
	"                    the audit trail\n"
	"  report [--unit U] per-unit scorecard and the list of overdue or blocked work\n"
	"  export --format csv|md|html|xlsx [-o FILE] [--unit U] [--status S]\n"
	"  import DOC.txt [-o PLAN.yaml] [--force] [--strict]\n"
	"                    make a plan from a document's text\n"
	"  progress N UNIT --progress TEXT [--problems TEXT] [--next TEXT] [--percent P] [--period P]\n"
	"                    record this period's progress report\n"
	"  missing [--period P] [--unit U] [--format table|tsv|json]\n"
	"                    assignments with no report in the period (未按时报送 once it is due)\n"
	"  bulletin [--period P] [-o FILE.md|.html|.xlsx]\n"
	"                    the period's 通报, beside the previous period's figures\n"
	"  approve N UNIT    (coordinator) confirm a submission (销号) or grant an extension\n"
	"  return N UNIT --note REASON\n"
	"                    (coordinator) send a submission back, or refuse an extension\n"
	"  extend N UNIT --to DATE --note REASON\n"
	"                    ask for a later due date\n"
	"  merge BASE OURS THEIRS [-o OUT]\n"
	"                    three-way merge of plan files (a git merge driver)\n"
	"  init-git [PATTERN]...\n"
	"                    set up the current git repository to merge plans with fengong\n"
	"  sync [-m MSG] [--no-push]\n"
	"                    commit the plan, pull --rebase (merged by fengong), push\n"
	"  signers add NAME --role coordinator|liaison|auditor [--unit U]... --key FILE.pub\n"
	"  signers remove NAME | signers list | signers require\n"
	"  signers hook GIT_DIR [--trust SHA256:...] FILE...\n"
	"                    who signs the plan's records (a coordinator's signed records)\n"
	"  correct --note TEXT\n"
	"                    a coordinator's signed record accepting a history that does not verify\n"
	"\n"
	"Statuses: not_started, in_progress, done, delayed, blocked, submitted.  Roles: lead, co.\n"
	"Exit status: 0 ok, 1 data error (bad file, refused edit, conflict), 2 usage error.\n"
	"See fengong(1) for more.\n";

static void usage_hint(void)
{
	fputs("Try 'fengong --help' for more information.\n", stderr);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("fengong: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_print_diag(const struct fg_diag *d)
{
	char line[1200];
	for (size_t i = 0; i < d->n; i++) {
		fg_diag_format(d, i, line, sizeof line);
		/* messages quote the file's own values: never send its control
		 * characters (an ESC sequence in a bad status, say) to the terminal */
		size_t len = strlen(line), k = 0;
		while (k < len) {
			uint32_t cp;
			size_t n = fg_utf8_decode(line + k, len - k, &cp);
			if (!n || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
				fprintf(stderr, "\\x%02x", n ? (unsigned)cp : (unsigned char)line[k]);
				k += n ? n : 1;
			} else {
				fwrite(line + k, 1, n, stderr);
				k += n;
			}
		}
		fputc('\n', stderr);
	}
}

struct fg_plan *cli_load(const struct cli_globals *g)
{
	struct fg_diag d;
	fg_diag_init(&d, g->file);
	struct fg_plan *p = fg_plan_load(g->file, &d);
	if (!p)
		cli_print_diag(&d);
	fg_diag_free(&d);
	return p;
}

bool cli_actor(const struct cli_globals *g, const struct fg_plan *p, struct fg_actor *who, bool **set)
{
	memset(who, 0, sizeof *who);
	who->by = g->by;
	who->read_only = g->read_only;
	*set = NULL;
	if (g->as) {
		*set = calloc(p->nunits + 1, sizeof **set);
		if (!*set)
			abort();
		if (!fg_plan_unit_match(p, g->as, *set)) {
			cli_error("--as %s: no such unit in %s; `fengong units` lists them", g->as, g->file);
			free(*set);
			*set = NULL;
			return false;
		}
		who->as = g->as;
		who->as_units = *set;
	}
	return true;
}

static bool cli_unit_set(const struct fg_plan *p, const char *query, const char *file, bool **set)
{
	*set = calloc(p->nunits + 1, sizeof **set);
	if (!*set)
		abort();
	if (fg_plan_unit_match(p, query, *set))
		return true;
	cli_error("%s: no unit named '%s'; `fengong units` lists them", file, query);
	free(*set);
	*set = NULL;
	return false;
}

struct fg_plan *cli_load_for_unit(const struct cli_globals *g, const char *unit, bool **set)
{
	*set = NULL;
	struct fg_plan *p = cli_load(g);
	if (p && unit && !cli_unit_set(p, unit, g->file, set)) {
		fg_plan_free(p);
		return NULL;
	}
	return p;
}

void cli_measure_rows(const struct fg_measure *m, const struct fg_filter *f, struct cli_row *out, size_t *n)
{
	for (int pass = FG_ROLE_LEAD; pass <= FG_ROLE_CO; pass++)
		for (size_t k = 0; k < m->nasg; k++) {
			const struct fg_assignment *a = &m->asg[k];
			if ((int)a->role == pass && fg_filter_match_assignment(f, m, a))
				out[(*n)++] = (struct cli_row){m, a};
		}
}

static bool date_valid(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int mo = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

/* Today as YYYY-MM-DD; FENGONG_TODAY pins it (tests, "as of" reports).
 * False (message printed) when FENGONG_TODAY is set but not a date. */
bool cli_today(char out[16])
{
	const char *env = getenv("FENGONG_TODAY");
	if (env && *env) {
		if (!date_valid(env)) {
			cli_error("FENGONG_TODAY='%s' is not a date; write it YYYY-MM-DD or unset it", env);
			return false;
		}
		snprintf(out, 16, "%s", env);
		return true;
	}
	fg_today(time(NULL), out, 16);
	return true;
}

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

static const struct {
	const char *name;
	int (*fn)(int, char **, const struct cli_globals *);
} commands[] = {
	{"list", cmd_list},     {"show", cmd_show},     {"units", cmd_units},   {"set", cmd_set},
	{"check", cmd_check},   {"log", cmd_log},       {"report", cmd_report}, {"export", cmd_export},
	{"import", cmd_import}, {"merge", cmd_merge},   {"init-git", cmd_merge},  {"sync", cmd_merge},
	/* the supervision cycle (cmd_cycle.c) */
	{"progress", cmd_progress}, {"missing", cmd_missing}, {"bulletin", cmd_bulletin},
	{"approve", cmd_approve}, {"return", cmd_return}, {"extend", cmd_extend},
	{"signers", cmd_signers}, {"correct", cmd_correct},
};

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	fg_text_locale();
	argv[0] = (char *)"fengong"; /* getopt's messages name the program, not its path */

	struct cli_globals g = {0};
	struct tui_opts t = {0};
	g.file = getenv("FENGONG_FILE");
	if (!g.file || !*g.file)
		g.file = access(FG_DEFAULT_PLAN, R_OK) == 0 ? FG_DEFAULT_PLAN : FG_SOURCE_PLAN;
	g.as = getenv("FENGONG_AS");
	if (g.as && !*g.as)
		g.as = NULL;
	g.by = login_name();

	enum { OPT_AS = 256, OPT_RO, OPT_UNIT, OPT_KEY };
	static const struct option opts[] = {
		{"file", required_argument, NULL, 'f'}, {"as", required_argument, NULL, OPT_AS},
		{"read-only", no_argument, NULL, OPT_RO}, {"unit", required_argument, NULL, OPT_UNIT},
		{"help", no_argument, NULL, 'h'},        {"version", no_argument, NULL, 'V'},
		{"key", required_argument, NULL, OPT_KEY},
		{NULL, 0, NULL, 0},
	};
	int c;
	/* '+': stop at the command; its own options are parsed by the command */
	while ((c = getopt_long(argc, argv, "+f:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'f': g.file = optarg; break;
		case OPT_AS: g.as = optarg; break;
		case OPT_RO: g.read_only = true; break;
		case OPT_UNIT: t.unit = optarg; break;
		case OPT_KEY: g.key = optarg; break;
		case 'h': fputs(usage_text, stdout); return FG_EXIT_OK;
		case 'V': printf("fengong %s\n", FG_VERSION); return FG_EXIT_OK;
		default: usage_hint(); return FG_EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return tui_main(&g, &t);
	const char *cmd = argv[optind];
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(cmd, commands[i].name) == 0) {
			if (t.unit) {
				cli_error("--unit before the command is for the terminal interface; write `%s --unit %s`", cmd, t.unit);
				return FG_EXIT_USAGE;
			}
			int sub_argc = argc - optind;
			char **sub_argv = argv + optind;
			char name[64];
			snprintf(name, sizeof name, "fengong %s", cmd);
			sub_argv[0] = name; /* getopt's messages: "fengong list: unrecognized option" */
			optind = 0;         /* glibc: re-initialise, permuting options after operands again */
			int rc = commands[i].fn(sub_argc, sub_argv, &g);
			/* merge's 2 tells git "not a plan: fall back", not a usage error */
			if (rc == FG_EXIT_USAGE && commands[i].fn != cmd_merge)
				usage_hint();
			return rc;
		}
	cli_error("unknown command '%s'", cmd);
	usage_hint();
	return FG_EXIT_USAGE;
}
