/* fengong core: the supervision cycle — reporting periods, progress
 * reports, reviews and extensions (plan/FORMAT.md, "reporting").
 * Like the rest of the core it never prints. */
#ifndef FENGONG_CYCLE_H
#define FENGONG_CYCLE_H

#include <stdbool.h>
#include <stddef.h>

/* A period's name: "2026-11" (month), "2026-Q4" (quarter), "2026-W48" (ISO
 * week).  True when s is one of these with a month 01-12, a quarter 1-4 or
 * a week that the year has. */
bool fg_period_valid(const char *s);

#endif
