/* What users type: statuses and roles in English or Chinese, measure
 * references as numbers or labels, unit names in part.  Shared by the CLI
 * and the TUI so both accept the same input. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "fengong/text.h"

/* ------------------------------------------------------------ statuses, roles */

/* Leading and trailing ASCII blanks do not count: a pasted value often has them. */
static size_t trimmed(const char **s)
{
	const char *b = *s;
	while (*b == ' ' || *b == '\t')
		b++;
	size_t n = strlen(b);
	while (n && (b[n - 1] == ' ' || b[n - 1] == '\t'))
		n--;
	*s = b;
	return n;
}

static bool word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

bool fg_status_input(const char *s, enum fg_status *out)
{
	size_t n = trimmed(&s);
	for (int i = 0; i < FG_STATUS_COUNT; i++)
		if (word_is(s, n, fg_statuses[i].key) || (fg_statuses[i].zh && *fg_statuses[i].zh && word_is(s, n, fg_statuses[i].zh))) {
			*out = (enum fg_status)i;
			return true;
		}
	return false;
}

const char *fg_status_input_list(void)
{
	/* "not_started (未启动), in_progress (推进中), ...": the table's keys and labels */
	static const char list[] =
#define FG_X_STATUS_INPUT(id, key, en, zh, glyph, light, digit, rank, as, bar) ", " key " (" zh ")"
		FG_STATUSES(FG_X_STATUS_INPUT)
#undef FG_X_STATUS_INPUT
		;
	return list + 2;
}

bool fg_role_input(const char *s, enum fg_role *out)
{
	size_t n = trimmed(&s);
	if (word_is(s, n, "lead") || word_is(s, n, "牵头") || word_is(s, n, "牵头单位"))
		*out = FG_ROLE_LEAD;
	else if (word_is(s, n, "co") || word_is(s, n, "配合") || word_is(s, n, "配合单位"))
		*out = FG_ROLE_CO;
	else
		return false;
	return true;
}

/* ------------------------------------------------------------ measure references */

#define REF_MAX 1000000000L

/* Digits 0-9 or their full-width forms; value in *v (0 when none). */
static size_t digit_at(const char *s, size_t len, int *v)
{
	uint32_t cp;
	size_t n = fg_utf8_decode(s, len, &cp);
	if (n && cp >= '0' && cp <= '9')
		*v = (int)(cp - '0');
	else if (n && cp >= 0xFF10 && cp <= 0xFF19) /* ０-９ */
		*v = (int)(cp - 0xFF10);
	else
		return 0;
	return n;
}

/* A Chinese numeral up to 九千九百九十九: 三, 十一, 十八, 二十, 一百零五. */
static bool chinese_numeral(const char *s, size_t len, long *out)
{
	static const uint32_t digits[] = {0x96F6 /*零*/, 0x4E00 /*一*/, 0x4E8C /*二*/, 0x4E09 /*三*/, 0x56DB /*四*/,
					  0x4E94 /*五*/, 0x516D /*六*/, 0x4E03 /*七*/, 0x516B /*八*/, 0x4E5D /*九*/};
	long total = 0, last_unit = 10000, prev_unit = 0;
	int pending = -1; /* a digit not yet given its unit; 0 after 零 */
	bool bare = false; /* a digit right after 百 or 千, without 零 */
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = fg_utf8_decode(s + i, len - i, &cp);
		if (!n)
			return false;
		int d = cp == 0x3007 /*〇*/ ? 0 : cp == 0x4E24 /*两*/ ? 2 : -1;
		for (int k = 0; k < 10; k++)
			if (digits[k] == cp)
				d = k;
		long unit = cp == 0x5341 /*十*/ ? 10 : cp == 0x767E /*百*/ ? 100 : cp == 0x5343 /*千*/ ? 1000 : 0;
		if (d >= 0) {
			if (pending > 0) /* 一一: two digits without a unit between */
				return false;
			bare = d > 0 && prev_unit >= 100;
			pending = d;
			prev_unit = 0;
		} else if (unit) {
			/* 十 alone leads 十一; any other unit needs its digit (零 is none) */
			if (unit >= last_unit || pending == 0 || (pending < 0 && (i > 0 || unit != 10)))
				return false;
			total += (pending > 0 ? pending : 1) * unit;
			last_unit = prev_unit = unit;
			pending = -1;
		} else {
			return false;
		}
		i += n;
	}
	if (pending > 0 && bare) /* 一百五 is 150 in speech, 105 in print: refuse the guess */
		return false;
	if (pending > 0)
		total += pending;
	*out = total;
	return total >= 1;
}

bool fg_measure_ref_parse(const char *s, int *n, bool *label)
{
	size_t len = trimmed(&s);
	bool bracket = false;
	/* (三) or （三）, either bracket in either width */
	static const char *const open[] = {"(", "\xEF\xBC\x88"}, *const close[] = {")", "\xEF\xBC\x89"};
	for (int o = 0; o < 2; o++) {
		size_t ol = strlen(open[o]);
		if (len > ol && memcmp(s, open[o], ol) == 0) {
			for (int c = 0; c < 2; c++) {
				size_t cl = strlen(close[c]);
				if (len >= ol + cl && memcmp(s + len - cl, close[c], cl) == 0) {
					s += ol;
					len -= ol + cl;
					bracket = true;
					break;
				}
			}
			if (!bracket)
				return false;
			break;
		}
	}
	if (!len)
		return false;
	long v = 0;
	size_t i = 0;
	bool digits = true;
	while (i < len) {
		int d;
		size_t k = digit_at(s + i, len - i, &d);
		if (!k) {
			digits = false;
			break;
		}
		v = v * 10 + d;
		if (v > REF_MAX)
			return false;
		i += k;
	}
	if (!digits && !chinese_numeral(s, len, &v))
		return false;
	if (v < 1 || v > REF_MAX)
		return false;
	*n = (int)v;
	*label = bracket || !digits;
	return true;
}

struct fg_measure *fg_plan_measure_ref(const struct fg_plan *p, const char *s)
{
	int n;
	bool label;
	if (!fg_measure_ref_parse(s, &n, &label))
		return NULL;
	if (!label)
		return fg_plan_measure(p, n);
	/* a label names the measure that carries it; plans number their labels
	 * as their measures, so the number is the fallback */
	for (size_t i = 0; i < p->nmeasures; i++) {
		int ln;
		bool ll;
		if (fg_measure_ref_parse(p->measures[i].label, &ln, &ll) && ln == n)
			return &p->measures[i];
	}
	return fg_plan_measure(p, n);
}

/* ------------------------------------------------------------ units */

static void cand_add(const struct fg_plan *p, struct fg_unit_lookup *r, const char *name)
{
	/* one candidate per unit: a registered member counts once, however reached */
	long ui = fg_plan_unit_index(p, name);
	const char *key = ui >= 0 ? p->units[ui].name : name;
	for (size_t i = 0; i < r->ncands; i++)
		if (strcmp(r->cands[i], key) == 0)
			return;
	r->cands = fg_xrealloc(r->cands, (r->ncands + 1) * sizeof *r->cands);
	r->cands[r->ncands++] = key;
}

int fg_plan_unit_resolve(const struct fg_plan *p, const char *query, bool *set, struct fg_unit_lookup *r)
{
	memset(r, 0, sizeof *r);
	memset(set, 0, p->nunits * sizeof *set);
	size_t qn = trimmed(&query);
	char *q = fg_xmalloc(qn + 1);
	memcpy(q, query, qn);
	q[qn] = 0;
	r->result = FG_UNIT_UNKNOWN;
	if (!*q) {
		free(q);
		return r->result;
	}
	if (fg_plan_unit_match(p, q, set)) {
		long ui = fg_plan_unit_index(p, q);
		r->name = ui >= 0 ? p->units[ui].name : NULL;
		for (size_t u = 0; !r->name && u < p->nunits; u++) /* an unregistered member: its own spelling */
			for (size_t k = 0; k < p->units[u].nmembers; k++)
				if (strcmp(p->units[u].members[k], q) == 0)
					r->name = p->units[u].members[k];
		free(q);
		return r->result = FG_UNIT_FOUND;
	}
	/* as the TUI's picker narrows: a part of a name, an alias or a member */
	for (size_t u = 0; u < p->nunits; u++) {
		const struct fg_unit *un = &p->units[u];
		bool hit = fg_text_find(un->name, q) != NULL;
		for (size_t k = 0; !hit && k < un->naliases; k++)
			hit = fg_text_find(un->aliases[k], q) != NULL;
		if (hit)
			cand_add(p, r, un->name);
		for (size_t k = 0; k < un->nmembers; k++)
			if (fg_text_find(un->members[k], q))
				cand_add(p, r, un->members[k]);
	}
	free(q);
	if (r->ncands == 1) {
		r->name = r->cands[0];
		fg_plan_unit_match(p, r->name, set);
		free(r->cands);
		r->cands = NULL;
		r->ncands = 0;
		return r->result = FG_UNIT_FOUND;
	}
	if (r->ncands > 1)
		r->result = FG_UNIT_AMBIGUOUS;
	return r->result;
}

void fg_unit_lookup_free(struct fg_unit_lookup *r)
{
	free(r->cands);
	r->cands = NULL;
	r->ncands = 0;
}
