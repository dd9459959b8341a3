/* Benchmark plan generator (a test tool, not a shipped command).
 *
 * Builds a valid plan in memory with the core's builder API, gives it a
 * history by changing statuses and notes with fg_plan_set (so the hash chain
 * and the "last record matches the assignment" rule hold), and saves it with
 * fg_plan_save (canonical layout, verified by a re-parse before writing).
 * The same options and seed always give the same bytes.
 */
#ifndef FG_BENCH_GEN_PLAN_H
#define FG_BENCH_GEN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct gen_opts {
	size_t measures;   /* N */
	size_t units;      /* U (at most what the name pools give: 400) */
	size_t per_measure; /* assignments per measure (at most U) */
	uint64_t seed;
	/* share of assignments that got at least one status change, in percent */
	unsigned changed_pct;
};

void gen_opts_default(struct gen_opts *o);
/* Write the plan to path; false with a message in err on failure. */
bool gen_plan_write(const struct gen_opts *o, const char *path, char *err, size_t errlen);

#endif
