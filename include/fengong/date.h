/* fengong core: calendar dates as the plan file and the command line write
 * them, YYYY-MM-DD.  One strict reading everywhere: the loader (`date:`,
 * `due:`), `log --since`, FENGONG_TODAY. */
#ifndef FENGONG_DATE_H
#define FENGONG_DATE_H

#include <stdbool.h>

/* True when s is exactly YYYY-MM-DD and a real calendar date (year 0001 to
 * 9999, the month's own number of days, 29 February in leap years only):
 * "2024-02-29" yes; "2025-02-30", "2026-13-01", "2026-9-1" no. */
bool fg_date_valid(const char *s);

/* Compare the dates at the start of a and b (each a date, or a timestamp
 * such as "2026-11-26T20:00:00+08:00" that starts with one) as dates:
 * negative, 0 or positive.  Both must start with a valid date. */
int fg_date_cmp(const char *a, const char *b);

#endif
