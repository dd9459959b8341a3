/* The supervision cycle's commands (issue 15): member rows of umbrella
 * units, progress reports, missing reports, the bulletin, reviews. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "fengong/cycle.h"
#include "fengong/text.h"

struct fg_assignment *cli_pick_assignment(const struct fg_plan *p, const struct fg_measure *m, const char *unit,
					  const bool *uset)
{
	/* the unit named has a row of its own: that one (a member's row, not
	 * a sibling's that --unit's umbrella matching would also offer) */
	long ui = fg_plan_unit_index(p, unit);
	if (ui >= 0) {
		struct fg_assignment *a = fg_measure_assignment(m, (size_t)ui);
		if (a)
			return a;
		if (cli_umbrella_rows(p, m, unit))
			return NULL;
	}
	for (size_t k = 0; k < m->nasg; k++)
		if (uset[m->asg[k].unit_index])
			return &m->asg[k];
	return NULL;
}

size_t cli_umbrella_rows(const struct fg_plan *p, const struct fg_measure *m, const char *unit)
{
	long ui = fg_plan_unit_index(p, unit);
	size_t n = 0;
	if (ui >= 0)
		fg_measure_umbrella_rollup(m, (size_t)ui, &n);
	return n;
}
