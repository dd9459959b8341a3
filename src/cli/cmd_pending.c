/* Commands whose implementation has not landed in this build. */
#include "cli.h"

static int pending(const char *what)
{
	cli_error("%s is not available in this build", what);
	return FG_EXIT_USAGE;
}

#ifdef FG_PENDING_CMD_IMPORT_C
int cmd_import(int argc, char **argv, const struct cli_globals *g) { (void)argc, (void)argv, (void)g; return pending("import"); }
#endif
#ifdef FG_PENDING_CMD_EXPORT_C
int cmd_export(int argc, char **argv, const struct cli_globals *g) { (void)argc, (void)argv, (void)g; return pending("export"); }
int cmd_report(int argc, char **argv, const struct cli_globals *g) { (void)argc, (void)argv, (void)g; return pending("report"); }
#endif
#ifdef FG_PENDING_CMD_MERGE_C
int cmd_merge(int argc, char **argv, const struct cli_globals *g) { (void)argc, (void)argv, (void)g; return pending("merge"); }
#endif
#ifdef FG_PENDING_TUI
int tui_main(const struct cli_globals *g, const struct tui_opts *o) { (void)g, (void)o; return pending("the terminal interface"); }
#endif
