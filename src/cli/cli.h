/* The command-line layer: the command table and what the commands share. */
#ifndef FENGONG_CLI_H
#define FENGONG_CLI_H

#include <libintl.h>
#include <stdbool.h>
#include <stdio.h>
#include "fengong/plan.h"
#include "app.h"

/* Human text goes through the catalogue (po/zh_CN.po); machine formats
 * (tsv, json, csv, the file) stay English.  NC_ marks a word with a
 * context (xgettext NC_:1c,2) that cli_pgettext looks up at run time. */
#define _(s) gettext(s)
#define N_(s) (s)
#define NC_(ctx, s) (s)
const char *cli_pgettext(const char *ctx, const char *id);

/* The app layer (src/app/app.h) under the names the commands use; kept so
 * command files written before the app layer existed build unchanged
 * (struct cli_globals is struct app). */
#define cli_globals app
#define cli_error app_error
#define cli_print_diag app_print_diag
#define cli_load app_load
#define cli_actor app_actor
#define cli_today app_today
#define cli_load_for_unit app_load_for_unit
#define cli_unit app_unit

/* One assignment in `list` order: by measure, then lead(s), then co-units in
 * printed order.  Appends m's assignments that pass f to out[*n...]. */
struct cli_row {
	const struct fg_measure *m;
	const struct fg_assignment *a;
};
void cli_measure_rows(const struct fg_measure *m, const struct fg_filter *f, struct cli_row *out, size_t *n);

/* Commands: argv[0] is the command name; return an exit code. */
int cmd_list(int argc, char **argv, const struct cli_globals *g);
int cmd_show(int argc, char **argv, const struct cli_globals *g);
int cmd_units(int argc, char **argv, const struct cli_globals *g);
int cmd_set(int argc, char **argv, const struct cli_globals *g);
int cmd_check(int argc, char **argv, const struct cli_globals *g);
int cmd_import(int argc, char **argv, const struct cli_globals *g);
int cmd_export(int argc, char **argv, const struct cli_globals *g);
int cmd_report(int argc, char **argv, const struct cli_globals *g);
int cmd_log(int argc, char **argv, const struct cli_globals *g);
int cmd_merge(int argc, char **argv, const struct cli_globals *g);
int cmd_init_git(int argc, char **argv, const struct cli_globals *g);
int cmd_sync(int argc, char **argv, const struct cli_globals *g);

/* cmd_cycle.c: the assignment of m that `unit` names for an edit: the
 * unit's own row (a member's row of an umbrella), else the first row uset
 * (fg_plan_unit_match of unit) selects; NULL when there is none, or when
 * unit is an umbrella reported member by member in m. */
struct fg_assignment *cli_pick_assignment(const struct fg_plan *p, const struct fg_measure *m, const char *unit,
					  const bool *uset);
/* How many member rows (`via`) the umbrella `unit` has in m. */
size_t cli_umbrella_rows(const struct fg_plan *p, const struct fg_measure *m, const char *unit);
/* cmd_cycle.c: the supervision cycle's commands */
int cmd_progress(int argc, char **argv, const struct cli_globals *g);
int cmd_missing(int argc, char **argv, const struct cli_globals *g);
int cmd_bulletin(int argc, char **argv, const struct cli_globals *g);
int cmd_approve(int argc, char **argv, const struct cli_globals *g);
int cmd_return(int argc, char **argv, const struct cli_globals *g);
int cmd_extend(int argc, char **argv, const struct cli_globals *g);
/* cmd_sign.c: signing */
int cmd_signers(int argc, char **argv, const struct cli_globals *g);
int cmd_correct(int argc, char **argv, const struct cli_globals *g);
/* cmd_structure.c: the plan's structure (fengong/structure.h) */
int cmd_structure(int argc, char **argv, const struct cli_globals *g);
int cmd_due(int argc, char **argv, const struct cli_globals *g);

/* The command table (commands.c): every command with its metadata.  main.c
 * dispatches through it and enforces the flags before the command runs;
 * --help and the man-page test read it. */
enum {
	CMD_WRITES = 1,         /* always writes a file (the plan, git's files) */
	CMD_WRITES_OUTPUT = 2,  /* writes a file when given -o/--output FILE */
	CMD_READ_ONLY_OK = 4,   /* may write even under --read-only (none does) */
	CMD_AS_OK = 8,          /* may write under --as: what it writes is limited to the
				 * liaison's rows by the core, or is not the liaison's
				 * edit (a merge of committed sides, git set-up) */
	CMD_USAGE_2_IS_DATA = 16, /* exit 2 is not a usage error (git's merge driver protocol) */
	CMD_NO_PLAN = 32,       /* does not use the plan file (-f): no default copy is made */
	CMD_OUTPUT_DASH = 64,   /* -o - is standard output, not a file */
	CMD_LIST_READS = 128,   /* with CMD_WRITES: its `list` subcommand only reads */
	CMD_OWN_HELP = 256,     /* handles --help itself (otherwise the table's line is printed) */
};
struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv, const struct cli_globals *g);
	const char *synopsis;   /* after the name, as in --help */
	const char *help;       /* one line ("" when the synopsis says it) */
	unsigned flags;         /* CMD_* */
	const char *shortopts;  /* CMD_WRITES_OUTPUT: the command's getopt string */
};
extern const struct cli_command cli_commands[];
extern const size_t cli_ncommands;
const struct cli_command *cli_command_find(const char *name);
/* Whether running c with these arguments (argv[0] is the command) writes a
 * file: always for CMD_WRITES, with an -o/--output option for
 * CMD_WRITES_OUTPUT (short option letters bundled as getopt reads them). */
bool cli_command_writes(const struct cli_command *c, int argc, char **argv);
/* The whole of --help, from the table. */
void cli_usage(FILE *out);
/* A command's usage line, from the table: "usage: fengong NAME SYNOPSIS". */
void cli_command_usage(const char *name, FILE *out);
/* `fengong COMMAND --help`: the usage line and the one-line help, from the table. */
void cli_command_help(const struct cli_command *c, FILE *out);
/* Whether argv (argv[0] is the command) asks for its --help: -h or --help
 * as an argument of its own, before any "--", not the value of an option. */
bool cli_command_wants_help(int argc, char **argv);

#endif
