/* fengong: entry point, global options, command dispatch. */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_sign.h"
#include "tui_main.h"
#include "fengong/text.h"

static void usage_hint(void)
{
	fputs(_("Try 'fengong --help' for more information.\n"), stderr);
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

/* The rules of --read-only and --as on every command that writes, before
 * it runs (the table says which write). */
static bool command_allowed(const struct cli_command *c, int argc, char **argv, const struct app *g)
{
	if (!cli_command_writes(c, argc, argv))
		return true;
	if (g->read_only && !(c->flags & CMD_READ_ONLY_OK) && !(c->flags & CMD_WRITES)) {
		cli_error(_("--read-only: %s -o writes a file, which read-only mode does not; nothing was written "
			    "(leave out -o to print to standard output)"),
			  c->name);
		return false;
	}
	if (g->read_only && !(c->flags & CMD_READ_ONLY_OK)) {
		struct fg_diag d;
		fg_diag_init(&d, g->file);
		fg_diag_add(&d, FG_ERR_REFUSED, 0, 0,
			    _("the plan is open read-only; nothing can be changed (start without --read-only to edit)"));
		cli_print_diag(&d);
		fg_diag_free(&d);
		cli_error("%s", _("nothing was changed"));
		return false;
	}
	if (g->as && !(c->flags & CMD_AS_OK)) {
		cli_error(_("%s writes more than the rows of one unit, which a liaison (--as %s) may not do; "
			    "nothing was changed"),
			  c->name, g->as);
		return false;
	}
	return true;
}

static int run(int argc, char **argv, struct app *g, const struct tui_opts *t)
{
	if (optind >= argc) {
		if (!g->file && !app_default_plan(g))
			return FG_EXIT_DATA;
		return tui_main(g, t);
	}
	const char *cmd = argv[optind];
	const struct cli_command *c = cli_command_find(cmd);
	if (!c) {
		cli_error(_("unknown command '%s'"), cmd);
		usage_hint();
		return FG_EXIT_USAGE;
	}
	if (!(c->flags & CMD_OWN_HELP) && cli_command_wants_help(argc - optind, argv + optind)) {
		cli_command_help(c, stdout); /* before the plan is loaded: help needs no plan */
		return FG_EXIT_OK;
	}
	if (!g->file && !(c->flags & CMD_NO_PLAN) && !app_default_plan(g))
		return FG_EXIT_DATA;
	if (t->unit) {
		cli_error(_("--unit before the command is for the terminal interface; write `%s --unit %s`"), cmd, t->unit);
		return FG_EXIT_USAGE;
	}
	if (t->view) {
		cli_error(_("--view is for the terminal interface; start `fengong --view %s` without a command"), t->view);
		return FG_EXIT_USAGE;
	}
	int sub_argc = argc - optind;
	char **sub_argv = argv + optind;
	if (!command_allowed(c, sub_argc, sub_argv, g))
		return FG_EXIT_DATA;
	char name[64];
	snprintf(name, sizeof name, "fengong %s", cmd);
	sub_argv[0] = name; /* getopt's messages: "fengong list: unrecognized option" */
	optind = 0;         /* glibc: re-initialise, permuting options after operands again */
	int rc = c->fn(sub_argc, sub_argv, g);
	/* merge's 2 tells git "not a plan: fall back", not a usage error */
	if (rc == FG_EXIT_USAGE && !(c->flags & CMD_USAGE_2_IS_DATA))
		usage_hint();
	return rc;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	fg_text_locale();
	app_i18n_init();
	argv[0] = (char *)"fengong"; /* getopt's messages name the program, not its path */

	struct app g;
	app_init(&g);
	struct tui_opts t = {0};

	enum { OPT_AS = 256, OPT_RO, OPT_UNIT, OPT_VIEW, OPT_KEY };
	static const struct option opts[] = {
		{"file", required_argument, NULL, 'f'}, {"as", required_argument, NULL, OPT_AS},
		{"read-only", no_argument, NULL, OPT_RO}, {"unit", required_argument, NULL, OPT_UNIT},
		{"view", required_argument, NULL, OPT_VIEW},
		{"help", no_argument, NULL, 'h'},        {"version", no_argument, NULL, 'V'},
		{"key", required_argument, NULL, OPT_KEY},
		{NULL, 0, NULL, 0},
	};
	int c;
	/* '+': stop at the command; its own options are parsed by the command */
	while ((c = getopt_long(argc, argv, "+f:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'f': g.file = optarg; break;
		case OPT_AS: g.as = optarg; g.as_env = false; break;
		case OPT_RO: g.read_only = true; break;
		case OPT_UNIT: t.unit = optarg; break;
		case OPT_VIEW: t.view = optarg; break;
		case OPT_KEY: g.key = optarg; break;
		case 'h': cli_usage(stdout); app_free(&g); return FG_EXIT_OK;
		case 'V': printf("fengong %s\n", FG_VERSION); app_free(&g); return FG_EXIT_OK;
		default: usage_hint(); app_free(&g); return FG_EXIT_USAGE;
		}
	}
	int rc = run(argc, argv, &g, &t);
	app_free(&g);
	return rc;
}
