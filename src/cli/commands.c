/* fengong: the command table.  A new command is one row here (name,
 * function, synopsis, help, flags) and its cmd_*.c; --help, the read-only
 * and liaison rules and the man-page test all follow the row. */
#include <string.h>

#include "cli.h"

const struct cli_command cli_commands[] = {
	{"list", cmd_list, "[--unit U] [--role lead|co] [--status S] [--format table|tsv|csv|json]",
	 N_("one row per assignment"), 0, NULL},
	{"show", cmd_show, "N", N_("measure N in full"), 0, NULL},
	{"units", cmd_units, "[--format table|tsv|csv|json]", N_("each unit's lead and co counts and its statuses"), 0,
	 NULL},
	{"set", cmd_set, "N UNIT STATUS [--note TEXT]", N_("change one assignment and save"), CMD_WRITES | CMD_AS_OK,
	 NULL},
	{"check", cmd_check, "[--trust SHA256:...]...",
	 N_("validate the file, its history and signatures; exit 0 or 1"), 0, NULL},
	{"log", cmd_log, "[--unit U] [--measure N] [--since DATE] [--format table|tsv|json]", N_("the audit trail"), 0,
	 NULL},
	{"report", cmd_report, "[--unit U] [--format table|tsv|json]", N_("per-unit scorecard and the list of overdue or blocked work"), 0, NULL},
	{"export", cmd_export, "--format csv|md|html|xlsx [-o FILE] [--unit U] [--status S]", "",
	 CMD_WRITES_OUTPUT | CMD_AS_OK, "o:"},
	{"import", cmd_import, "DOC.txt|DOC.docx|DOC.xlsx [-o PLAN.yaml] [--force] [--strict] [--dry-run]",
	 N_("make a plan from a document's text or tables"),
	 CMD_WRITES_OUTPUT | CMD_NO_PLAN | CMD_OUTPUT_DASH | CMD_OWN_HELP, "o:h"},
	/* the supervision cycle (cmd_cycle.c), in the order a month brings them */
	{"progress", cmd_progress, "N UNIT --progress TEXT [--problems TEXT] [--next TEXT] [--percent P] [--period P]",
	 N_("record this period's progress report"), CMD_WRITES | CMD_AS_OK, NULL},
	{"missing", cmd_missing, "[--period P] [--unit U] [--format table|tsv|json]",
	 N_("assignments with no report in the period (未按时报送 once it is due)"), 0, NULL},
	{"bulletin", cmd_bulletin, "[--period P] [-o FILE.md|.html|.xlsx]",
	 N_("the period's 通报, beside the previous period's figures"), CMD_WRITES_OUTPUT | CMD_AS_OK, "o:"},
	/* approve and return are the coordinator's: the command refuses a
	 * liaison itself, saying so */
	{"approve", cmd_approve, "N UNIT", N_("(coordinator) confirm a submission (销号) or grant an extension"),
	 CMD_WRITES | CMD_AS_OK, NULL},
	{"return", cmd_return, "N UNIT --note REASON",
	 N_("(coordinator) send a submission back, or refuse an extension"), CMD_WRITES | CMD_AS_OK, NULL},
	{"extend", cmd_extend, "N UNIT --to DATE --note REASON", N_("ask for a later due date"), CMD_WRITES | CMD_AS_OK,
	 NULL},
	{"due", cmd_due, "N UNIT DATE | N UNIT --clear", N_("(coordinator) set or clear an assignment's own due date"),
	 CMD_WRITES, NULL},
	{"merge", cmd_merge, "BASE OURS THEIRS [-o OUT]", N_("three-way merge of plan files (a git merge driver)"),
	 CMD_WRITES_OUTPUT | CMD_AS_OK | CMD_USAGE_2_IS_DATA | CMD_NO_PLAN | CMD_OUTPUT_DASH | CMD_OWN_HELP, "o:n:qh"},
	{"init-git", cmd_init_git, "[PATTERN]...\n          | --hook BARE.git [--trust SHA256:...]... [PATTERN]...", N_("set up the current git repository to merge plans with fengong"),
	 CMD_WRITES | CMD_AS_OK | CMD_NO_PLAN | CMD_OWN_HELP, NULL},
	{"sync", cmd_sync, "[-m MSG] [--no-push]", N_("commit the plan, pull --rebase (merged by fengong), push"),
	 CMD_WRITES | CMD_AS_OK | CMD_OWN_HELP, NULL},
	/* signing (cmd_sign.c) */
	{"signers", cmd_signers,
	 "add NAME --role coordinator|liaison|auditor [--unit U]... --key FILE.pub\n"
	 "          | remove NAME | list | require\n"
	 "          | hook GIT_DIR [--trust SHA256:...]... FILE...",
	 N_("who signs the plan's records (a coordinator's signed records)"), CMD_WRITES | CMD_LIST_READS, NULL},
	{"correct", cmd_correct, "--note TEXT",
	 N_("a coordinator's signed record accepting a history that does not verify"), CMD_WRITES, NULL},
	{"structure", cmd_structure, "[--note TEXT]",
	 N_("(coordinator) sign the plan's current measures, units and due dates, e.g. after editing them by hand"),
	 CMD_WRITES, NULL},
};
const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];

const struct cli_command *cli_command_find(const char *name)
{
	for (size_t i = 0; i < cli_ncommands; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

/* --output, --output=FILE, or an abbreviation getopt_long accepts; *value
 * is what follows '=', or NULL when the value is the next argument. */
static bool long_output(const char *arg, const char **value)
{
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	*value = eq ? eq + 1 : NULL;
	return n >= 3 && n <= strlen("--output") && strncmp(arg, "--output", n) == 0;
}

/* Whether -o's value names a file ("-" is standard output for some). */
static bool names_a_file(const struct cli_command *c, const char *value)
{
	return !value || !(c->flags & CMD_OUTPUT_DASH) || strcmp(value, "-") != 0;
}

bool cli_command_writes(const struct cli_command *c, int argc, char **argv)
{
	if ((c->flags & CMD_LIST_READS) && argc > 1 && strcmp(argv[1], "list") == 0)
		return false;
	if (c->flags & CMD_WRITES)
		return true;
	if (!(c->flags & CMD_WRITES_OUTPUT))
		return false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			break;
		if (a[0] != '-' || a[1] == 0)
			continue;
		if (a[1] == '-') {
			const char *v;
			if (long_output(a, &v) && names_a_file(c, v ? v : i + 1 < argc ? argv[i + 1] : NULL))
				return true;
			continue;
		}
		for (const char *k = a + 1; *k; k++) {
			if (*k == 'o') {
				const char *v = k[1] ? k + 1 : i + 1 < argc ? argv[i + 1] : NULL;
				if (names_a_file(c, v))
					return true;
				break;
			}
			const char *o = c->shortopts ? strchr(c->shortopts, *k) : NULL;
			if (o && o[1] == ':')
				break; /* the rest of the bundle is this option's value */
		}
	}
	return false;
}

void cli_command_usage(const char *name, FILE *out)
{
	const struct cli_command *c = cli_command_find(name);
	if (c)
		fprintf(out, _("usage: fengong %s%s%s\n"), c->name, *c->synopsis ? " " : "", c->synopsis);
}

void cli_command_help(const struct cli_command *c, FILE *out)
{
	fprintf(out, _("Usage: fengong [OPTION]... %s%s%s\n"), c->name, *c->synopsis ? " " : "", c->synopsis);
	if (*c->help)
		fprintf(out, "%s\n", _(c->help));
	fputs(_("The options before the command (-f FILE, --as UNIT, --read-only, --key FILE): `fengong --help`; "
		"more in fengong(1).\n"),
	      out);
}

bool cli_command_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			return false;
		if (strcmp(a, "--help") != 0 && strcmp(a, "-h") != 0)
			continue;
		/* `--note --help` is a note; `--help` after an operand or first is help */
		const char *prev = argv[i - 1];
		if (i == 1 || prev[0] != '-' || prev[1] == 0)
			return true;
	}
	return false;
}

void cli_usage(FILE *out)
{
	fputs(_("Usage: fengong [OPTION]... [COMMAND [ARG]...]\n"
	      "Manage the task-responsibility matrix (任务分工表) of a plan kept in a YAML file.\n"
	      "Without a command, open the terminal interface.\n"
	      "\n"
	      "Options (before the command):\n"
	      "  -f, --file FILE   the plan file (default: $FENGONG_FILE, else your copy of the\n"
	      "                    shipped plan in $XDG_DATA_HOME/fengong)\n"
	      "      --as UNIT     act as UNIT's liaison: only its assignments can be changed\n"
	      "                    (default: $FENGONG_AS)\n"
	      "      --read-only   auditor mode: nothing can be changed or saved\n"
	      "      --unit UNIT   (terminal interface) start filtered to UNIT\n"
	      "      --view NAME   (terminal interface) start on the saved view NAME\n"
	      "      --key FILE    the SSH key that signs records (default: $FENGONG_SIGNING_KEY,\n"
	      "                    else git's user.signingkey)\n"
	      "  -h, --help        show this help and exit\n"
	      "  -V, --version     show the version and exit\n"
	      "\n"
	      "Commands:\n"),
	      out);
	for (size_t i = 0; i < cli_ncommands; i++) {
		const struct cli_command *c = &cli_commands[i];
		char head[256];
		snprintf(head, sizeof head, "  %s%s%s", c->name, *c->synopsis ? " " : "", c->synopsis);
		if (!*c->help)
			fprintf(out, "%s\n", head);
		else if (strlen(head) < 20)
			fprintf(out, "%-20s%s\n", head, _(c->help));
		else
			fprintf(out, "%s\n%20s%s\n", head, "", _(c->help));
	}
	fprintf(out, _("\nStatuses: %s.  Roles: lead, co.\nIn Chinese too: "), fg_status_list());
	for (int s = 0; s < FG_STATUS_COUNT; s++)
		fprintf(out, "%s, ", fg_statuses[s].zh);
	fputs(_("牵头, 配合.\n"
	      "N: a number or a label (3, 三, （三）).  U, UNIT: a name, alias, member, or a\n"
	      "unique part of one.\n"
	      "Exit status: 0 ok; 1 refused by the data (bad file, not assigned, not your\n"
	      "unit, read-only, conflict); 2 usage error, including a typed value the plan\n"
	      "or the vocabulary does not have (unknown measure, unit, status, role).\n"
	      "See fengong(1) for more.\n"),
	      out);
}
