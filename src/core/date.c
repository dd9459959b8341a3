/* Calendar dates, YYYY-MM-DD.  See fengong/date.h. */
#include "fengong/date.h"

#include <string.h>

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Digits of s[from..to) as a number; -1 when one is not a digit. */
static int digits(const char *s, int from, int to)
{
	int v = 0;
	for (int i = from; i < to; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The date at the start of s as y*10000+m*100+d, or -1. */
static long date_at(const char *s)
{
	if (strnlen(s, 10) < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = digits(s, 0, 4), m = digits(s, 5, 7), d = digits(s, 8, 10);
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return -1;
	if (d > mdays[m - 1] + (m == 2 && leap(y)))
		return -1;
	return (long)y * 10000 + m * 100 + d;
}

bool fg_date_valid(const char *s)
{
	return s && strlen(s) == 10 && date_at(s) >= 0;
}

int fg_date_cmp(const char *a, const char *b)
{
	long x = date_at(a), y = date_at(b);
	return x < y ? -1 : x > y;
}
