/* The supervision cycle: reporting periods, progress reports, reviews. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "fengong/cycle.h"

/* ------------------------------------------------------------ calendar */

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long days_of(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* 1 = Monday ... 7 = Sunday */
static int weekday(long days)
{
	long w = (days + 3) % 7; /* 1970-01-01 was a Thursday */
	if (w < 0)
		w += 7;
	return (int)w + 1;
}

/* Number of ISO weeks in year y (52 or 53). */
static int iso_weeks(int y)
{
	int jan1 = weekday(days_of(y, 1, 1));
	return jan1 == 4 || (jan1 == 3 && leap(y)) ? 53 : 52;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool fg_period_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 7 || !digits(s, 4) || s[4] != '-')
		return false;
	int y = atoi(s);
	if (n == 7 && digits(s + 5, 2)) {
		int m = atoi(s + 5);
		return m >= 1 && m <= 12;
	}
	if (n == 7 && s[5] == 'Q')
		return s[6] >= '1' && s[6] <= '4';
	if (n == 8 && s[5] == 'W' && digits(s + 6, 2)) {
		int w = atoi(s + 6);
		return w >= 1 && w <= iso_weeks(y);
	}
	return false;
}
