/* The command-line layer: globals shared by the commands. */
#ifndef FENGONG_CLI_H
#define FENGONG_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "fengong/plan.h"

enum { FG_EXIT_OK = 0, FG_EXIT_DATA = 1, FG_EXIT_USAGE = 2 };

struct cli_globals {
	const char *file;   /* -f/--file, $FENGONG_FILE, else the shipped plan */
	const char *as;     /* --as UNIT or $FENGONG_AS, NULL otherwise */
	bool read_only;     /* --read-only */
	const char *by;     /* $FENGONG_USER, else the login name */
	const char *key;    /* --key FILE: the SSH key to sign with */
};

/* Print every problem in d to stderr as FILE:LINE:COL: message. */
void cli_print_diag(const struct fg_diag *d);
/* Print "fengong: message" to stderr (printf-style). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Load g->file; on failure print the problems and return NULL. */
struct fg_plan *cli_load(const struct cli_globals *g);
/* Build the actor for edits from the globals; false (message printed) when
 * --as names no unit. set must hold p->nunits bools; freed by the caller. */
bool cli_actor(const struct cli_globals *g, const struct fg_plan *p,
	       struct fg_actor *who, bool **set);

/* cli_load, then --unit (a name, alias or member) resolved into *set over
 * the registry, freed by the caller (unit may be NULL: *set stays NULL);
 * NULL, with the problem printed, when the file or the unit is refused. */
struct fg_plan *cli_load_for_unit(const struct cli_globals *g, const char *unit, bool **set);

/* One assignment in `list` order: by measure, then lead(s), then co-units in
 * printed order.  Appends m's assignments that pass f to out[*n...]. */
struct cli_row {
	const struct fg_measure *m;
	const struct fg_assignment *a;
};
void cli_measure_rows(const struct fg_measure *m, const struct fg_filter *f, struct cli_row *out, size_t *n);

/* Today as YYYY-MM-DD; FENGONG_TODAY pins it (tests, "as of" reports).
 * False (message printed) when FENGONG_TODAY is set but not a date. */
bool cli_today(char out[16]);

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

/* The TUI (src/tui): returns an exit code. */
struct tui_opts {
	const char *unit;   /* --unit U: start filtered */
};
int tui_main(const struct cli_globals *g, const struct tui_opts *o);

#endif
