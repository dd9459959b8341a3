/* The plan model: vocabulary, building, queries, roll-ups, filters, edits. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "fengong/cycle.h"
#include "layout.h"
#include "fengong/merge.h"
#include "fengong/text.h"

/* ------------------------------------------------------------ vocabulary */

const struct fg_status_def fg_statuses[FG_STATUS_COUNT] = {
#define FG_X_STATUS_DEF(id, key, en, zh, glyph, light, digit, rank, as, bar) \
	[FG_STATUS_##id] = {key, en, zh, glyph, light, digit, rank, FG_STATUS_##as, bar},
	FG_STATUSES(FG_X_STATUS_DEF)
#undef FG_X_STATUS_DEF
};

enum fg_status fg_status_in_bar_order(int i)
{
	for (int s = 0; s < FG_STATUS_COUNT; s++)
		if (fg_statuses[s].bar == i)
			return (enum fg_status)s;
	return (enum fg_status)i;
}

const char *fg_status_name(enum fg_status s)
{
	return (unsigned)s < FG_STATUS_COUNT ? fg_statuses[s].key : NULL;
}

bool fg_status_parse(const char *s, enum fg_status *out)
{
	for (int i = 0; i < FG_STATUS_COUNT; i++)
		if (strcmp(s, fg_statuses[i].key) == 0) {
			*out = (enum fg_status)i;
			return true;
		}
	return false;
}

const char *fg_status_list(void)
{
	static const char list[] =
#define FG_X_STATUS_LIST(id, key, en, zh, glyph, light, digit, rank, as, bar) ", " key
		FG_STATUSES(FG_X_STATUS_LIST)
#undef FG_X_STATUS_LIST
		;
	return list + 2;
}

const char *fg_light_name(enum fg_light l)
{
	static const char *const names[FG_LIGHT_COUNT] = {"none", "green", "yellow", "red"};
	return (unsigned)l < FG_LIGHT_COUNT ? names[l] : "none";
}

const char *fg_role_name(enum fg_role r)
{
	return r == FG_ROLE_LEAD ? "lead" : r == FG_ROLE_CO ? "co" : NULL;
}

bool fg_role_parse(const char *s, enum fg_role *out)
{
	if (strcmp(s, "lead") == 0)
		*out = FG_ROLE_LEAD;
	else if (strcmp(s, "co") == 0)
		*out = FG_ROLE_CO;
	else
		return false;
	return true;
}

/* ------------------------------------------------------------ building */

struct fg_plan *fg_plan_new(void)
{
	struct fg_plan *p = fg_xmalloc(sizeof *p);
	memset(p, 0, sizeof *p);
	p->arena = fg_arena_new();
	p->version = 1;
	p->title = p->number = p->issuer = p->date = "";
	return p;
}

void fg_plan_free(struct fg_plan *p)
{
	if (!p)
		return;
	fg_arena_free(p->arena);
	free(p->src);
	free(p->edits);
	free(p->unit_hash);
	fg_index_drop(p);
	free(p);
}

const char *fg_plan_strdup(struct fg_plan *p, const char *s)
{
	return s ? fg_arena_strndup(p->arena, s, strlen(s)) : "";
}

/* Arrays in the arena grow by doubling; capacity is implied by powers of two. */
static void *grow_pow2(struct fg_arena *a, void *arr, size_t n, size_t size)
{
	if (n == 0)
		return fg_arena_alloc(a, 4 * size);
	if (n >= 4 && (n & (n - 1)) == 0)
		return fg_arena_grow(a, arr, n, n * 2, size);
	return arr;
}

#define APPEND(p, arr, n) \
	((arr) = grow_pow2((p)->arena, (arr), (n), sizeof *(arr)), memset(&(arr)[(n)], 0, sizeof *(arr)), &(arr)[(n)++])

struct fg_unit *fg_plan_add_unit(struct fg_plan *p, const char *name)
{
	struct fg_unit *u = APPEND(p, p->units, p->nunits);
	u->name = fg_plan_strdup(p, name);
	free(p->unit_hash);
	p->unit_hash = NULL;
	return u;
}

void fg_unit_add_alias(struct fg_plan *p, struct fg_unit *u, const char *alias)
{
	*APPEND(p, u->aliases, u->naliases) = fg_plan_strdup(p, alias);
	free(p->unit_hash);
	p->unit_hash = NULL;
}

void fg_unit_add_member(struct fg_plan *p, struct fg_unit *u, const char *member)
{
	*APPEND(p, u->members, u->nmembers) = fg_plan_strdup(p, member);
}

struct fg_section *fg_plan_add_section(struct fg_plan *p, const char *id, const char *title)
{
	struct fg_section *s = APPEND(p, p->sections, p->nsections);
	s->id = fg_plan_strdup(p, id);
	s->title = fg_plan_strdup(p, title);
	return s;
}

struct fg_target *fg_plan_add_target(struct fg_plan *p, const char *text, const char *due)
{
	struct fg_target *t = APPEND(p, p->targets, p->ntargets);
	t->text = fg_plan_strdup(p, text);
	t->due = fg_plan_strdup(p, due);
	return t;
}

struct fg_measure *fg_plan_add_measure(struct fg_plan *p, int number, const char *label,
				       const char *section, const char *title, const char *text)
{
	fg_index_drop(p);
	struct fg_measure *m = APPEND(p, p->measures, p->nmeasures);
	m->number = number;
	m->label = fg_plan_strdup(p, label);
	m->section = fg_plan_strdup(p, section);
	m->section_index = SIZE_MAX;
	for (size_t i = 0; section && i < p->nsections; i++)
		if (strcmp(p->sections[i].id, section) == 0)
			m->section_index = i;
	m->title = fg_plan_strdup(p, title);
	m->text = fg_plan_strdup(p, text);
	m->due = m->unassigned = "";
	return m;
}

void fg_measure_add_target(struct fg_plan *p, struct fg_measure *m, const char *text)
{
	*APPEND(p, m->targets, m->ntargets) = fg_plan_strdup(p, text);
}

struct fg_assignment *fg_measure_add_assignment(struct fg_plan *p, struct fg_measure *m,
						const char *unit, enum fg_role role)
{
	fg_index_drop(p);
	long ui = fg_plan_unit_index(p, unit);
	struct fg_assignment *a = APPEND(p, m->asg, m->nasg);
	a->unit = ui >= 0 ? p->units[ui].name : fg_plan_strdup(p, unit);
	a->unit_index = ui >= 0 ? (size_t)ui : SIZE_MAX;
	a->role = role;
	a->status = FG_STATUS_NOT_STARTED;
	a->note = a->updated = a->by = "";
	a->via = a->due = a->due_granted = a->due_asked = "";
	a->via_index = SIZE_MAX;
	return a;
}

/* ------------------------------------------------------------ unit index */

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void hash_put(struct fg_plan *p, const char *key, size_t ui)
{
	size_t mask = p->unit_hash_cap - 1;
	for (size_t i = str_hash(key) & mask;; i = (i + 1) & mask) {
		unsigned v = p->unit_hash[i];
		if (!v) {
			p->unit_hash[i] = (unsigned)ui + 1;
			return;
		}
		/* first registration of a name wins; duplicates are reported by validation */
		const struct fg_unit *u = &p->units[v - 1];
		if (strcmp(u->name, key) == 0)
			return;
		for (size_t k = 0; k < u->naliases; k++)
			if (strcmp(u->aliases[k], key) == 0)
				return;
	}
}

void fg_plan_index_units(struct fg_plan *p)
{
	size_t keys = p->nunits;
	for (size_t i = 0; i < p->nunits; i++)
		keys += p->units[i].naliases;
	size_t cap = 16;
	while (cap < keys * 2)
		cap *= 2;
	free(p->unit_hash);
	p->unit_hash = fg_xcalloc(cap, sizeof *p->unit_hash);
	p->unit_hash_cap = cap;
	for (size_t i = 0; i < p->nunits; i++)
		hash_put(p, p->units[i].name, i);
	for (size_t i = 0; i < p->nunits; i++)
		for (size_t k = 0; k < p->units[i].naliases; k++)
			hash_put(p, p->units[i].aliases[k], i);
}

long fg_plan_unit_index(const struct fg_plan *cp, const char *s)
{
	struct fg_plan *p = (struct fg_plan *)cp; /* the index is a cache */
	if (!p->nunits)
		return -1;
	if (!p->unit_hash)
		fg_plan_index_units(p);
	size_t mask = p->unit_hash_cap - 1;
	for (size_t i = str_hash(s) & mask;; i = (i + 1) & mask) {
		unsigned v = p->unit_hash[i];
		if (!v)
			return -1;
		const struct fg_unit *u = &p->units[v - 1];
		if (strcmp(u->name, s) == 0)
			return (long)v - 1;
		for (size_t k = 0; k < u->naliases; k++)
			if (strcmp(u->aliases[k], s) == 0)
				return (long)v - 1;
	}
}

const char *fg_plan_unit_canonical(const struct fg_plan *p, const char *query)
{
	long ui = fg_plan_unit_index(p, query);
	return ui >= 0 ? p->units[ui].name : query;
}

size_t fg_plan_unit_match(const struct fg_plan *p, const char *query, bool *set)
{
	size_t n = 0;
	memset(set, 0, p->nunits * sizeof *set);
	long ui = fg_plan_unit_index(p, query);
	if (ui >= 0) {
		set[ui] = true;
		n++;
	}
	for (size_t i = 0; i < p->nunits; i++) {
		const struct fg_unit *u = &p->units[i];
		for (size_t k = 0; k < u->nmembers; k++) {
			if (strcmp(u->members[k], query) != 0 && !(ui >= 0 && strcmp(u->members[k], p->units[ui].name) == 0))
				continue;
			if (!set[i]) {
				set[i] = true;
				n++;
			}
		}
	}
	if (ui >= 0) /* an umbrella's registered members report its assignments row by row */
		for (size_t k = 0; k < p->units[ui].nmembers; k++) {
			long mi = fg_plan_unit_index(p, p->units[ui].members[k]);
			if (mi >= 0 && !set[mi]) {
				set[mi] = true;
				n++;
			}
		}
	return n;
}

/* ------------------------------------------------------------ queries */

struct fg_measure *fg_plan_measure(const struct fg_plan *p, int number)
{
	/* measures are usually numbered 1..N in order: try the direct slot first */
	if (number >= 1 && (size_t)number <= p->nmeasures && p->measures[number - 1].number == number)
		return &p->measures[number - 1];
	for (size_t i = 0; i < p->nmeasures; i++)
		if (p->measures[i].number == number)
			return &p->measures[i];
	return NULL;
}

struct fg_assignment *fg_measure_assignment(const struct fg_measure *m, size_t u)
{
	for (size_t i = 0; i < m->nasg; i++)
		if (m->asg[i].unit_index == u)
			return &m->asg[i];
	return NULL;
}

/* The roll-up of m's rows (all of them, or an umbrella's member rows): all
 * in one status, that status; else the highest-ranked of what the statuses
 * count as (done or submitted among others counts as in progress). */
static enum fg_status rollup_rows(const struct fg_measure *m, bool all, size_t via, size_t *nrows)
{
	size_t n = 0;
	enum fg_status first = FG_STATUS_NOT_STARTED, best = FG_STATUS_NOT_STARTED;
	bool same = true;
	for (size_t i = 0; i < m->nasg; i++) {
		if (!all && m->asg[i].via_index != via)
			continue;
		enum fg_status s = m->asg[i].status, as = fg_statuses[s].as;
		if (n++ == 0) {
			first = s;
			best = as;
			continue;
		}
		same &= s == first;
		if (fg_statuses[as].rank > fg_statuses[best].rank)
			best = as;
	}
	if (nrows)
		*nrows = n;
	return n == 0 ? FG_STATUS_NOT_STARTED : same ? first : best;
}

enum fg_status fg_measure_rollup(const struct fg_measure *m)
{
	return rollup_rows(m, true, 0, NULL);
}

enum fg_status fg_measure_umbrella_rollup(const struct fg_measure *m, size_t u, size_t *nrows)
{
	if (u == SIZE_MAX) {
		if (nrows)
			*nrows = 0;
		return FG_STATUS_NOT_STARTED;
	}
	return rollup_rows(m, false, u, nrows);
}

bool fg_assignment_overdue(const struct fg_measure *m, const struct fg_assignment *a, const char *today)
{
	/* the assignment's own date in effect: an approved extension's, else
	 * its `due`, else the measure's (fg_asg_due) */
	const char *due = fg_asg_due(NULL, m, a);
	return today && *due && strcmp(due, today) < 0 && fg_statuses[a->status].light != FG_LIGHT_GREEN;
}

static enum fg_light light_of(enum fg_status s, bool overdue)
{
	enum fg_light l = fg_statuses[s].light;
	return l == FG_LIGHT_GREEN ? l : overdue ? FG_LIGHT_RED : l;
}

enum fg_light fg_assignment_light(const struct fg_measure *m, const struct fg_assignment *a, const char *today)
{
	return light_of(a->status, fg_assignment_overdue(m, a, today));
}

enum fg_light fg_measure_light(const struct fg_measure *m, const char *today)
{
	return light_of(fg_measure_rollup(m), fg_measure_overdue(m, today));
}

enum fg_light fg_measure_umbrella_light(const struct fg_measure *m, size_t u, const char *today)
{
	size_t n;
	enum fg_status st = fg_measure_umbrella_rollup(m, u, &n);
	if (n == 0)
		return FG_LIGHT_NONE;
	bool late = false;
	for (size_t k = 0; k < m->nasg && today && !late; k++)
		late = m->asg[k].via_index == u && fg_assignment_overdue(m, &m->asg[k], today);
	return light_of(st, late);
}

static void count_one(struct fg_unit_counts *c, enum fg_role role, enum fg_status st, bool late, const char *today)
{
	c->nasg++;
	c->role[role]++;
	c->status[st]++;
	if (today) {
		c->overdue += late;
		c->light[light_of(st, late)]++;
	}
}

struct fg_unit_counts *fg_plan_unit_counts(const struct fg_plan *p, const bool *set, const char *today)
{
	struct fg_unit_counts *c = fg_xcalloc(p->nunits ? p->nunits : 1, sizeof *c);
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		for (size_t k = 0; k < m->nasg; k++) {
			const struct fg_assignment *a = &m->asg[k];
			size_t u = a->unit_index;
			if (u < p->nunits && (!set || set[u]))
				count_one(&c[u], a->role, a->status, today && fg_assignment_overdue(m, a, today), today);
			/* the umbrella's roll-up, once per measure: at its first member row */
			size_t v = a->via_index;
			if (v >= p->nunits || (set && !set[v]))
				continue;
			bool first = true, late = false;
			for (size_t j = 0; j < k && first; j++)
				first = m->asg[j].via_index != v;
			if (!first)
				continue;
			for (size_t j = k; j < m->nasg && today && !late; j++)
				late = m->asg[j].via_index == v && fg_assignment_overdue(m, &m->asg[j], today);
			count_one(&c[v], a->role, fg_measure_umbrella_rollup(m, v, NULL), late, today);
			c[v].rollups++;
		}
	}
	return c;
}

void fg_plan_counts_total(const struct fg_plan *p, const bool *set, const char *today, struct fg_unit_counts *total)
{
	memset(total, 0, sizeof *total);
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		for (size_t k = 0; k < m->nasg; k++) {
			const struct fg_assignment *a = &m->asg[k];
			if (a->unit_index < p->nunits && (!set || set[a->unit_index]))
				count_one(total, a->role, a->status, today && fg_assignment_overdue(m, a, today), today);
		}
	}
}

/* owner[u]: the umbrella registered unit u is placed under, SIZE_MAX when none. */
static void unit_owners(const struct fg_plan *p, size_t *owner)
{
	for (size_t u = 0; u < p->nunits; u++)
		owner[u] = SIZE_MAX;
	for (size_t u = 0; u < p->nunits; u++)
		for (size_t k = 0; k < p->units[u].nmembers; k++) {
			long v = fg_plan_unit_index(p, p->units[u].members[k]);
			if (v >= 0 && (size_t)v != u && owner[v] == SIZE_MAX)
				owner[v] = u;
		}
}

size_t fg_plan_unit_umbrella(const struct fg_plan *p, size_t u)
{
	if (u >= p->nunits)
		return SIZE_MAX;
	size_t *owner = fg_xcalloc(p->nunits, sizeof *owner);
	unit_owners(p, owner);
	size_t r = owner[u];
	free(owner);
	return r;
}

void fg_plan_unit_order(const struct fg_plan *p, size_t *order, unsigned *depth)
{
	size_t nu = p->nunits;
	if (nu == 0)
		return;
	size_t *owner = fg_xcalloc(nu, sizeof *owner);
	bool *placed = fg_xcalloc(nu, sizeof *placed);
	unit_owners(p, owner);
	size_t *stack = fg_xcalloc(nu, sizeof *stack);
	unsigned *sd = fg_xcalloc(nu, sizeof *sd);
	size_t n = 0;
	/* top-level units in registry order, each followed by its members (depth
	 * first, kept on order[] itself: the units placed so far whose members
	 * are still to come form the stack); a cycle of umbrellas listing each
	 * other ends at the top level */
	for (int pass = 0; pass < 2; pass++)
		for (size_t top = 0; top < nu; top++) {
			if (placed[top] || (pass == 0 && owner[top] != SIZE_MAX))
				continue;
			size_t sp = 0;
			stack[sp] = top;
			sd[sp++] = 0;
			placed[top] = true;
			while (sp > 0) {
				size_t u = stack[--sp];
				unsigned d = sd[sp];
				order[n] = u;
				if (depth)
					depth[n] = d;
				n++;
				/* push u's members in reverse, so they come out in registry order */
				for (size_t v = p->units[u].nmembers ? nu : 0; v-- > 0;)
					if (!placed[v] && owner[v] == u) {
						placed[v] = true;
						stack[sp] = v;
						sd[sp++] = d + 1;
					}
			}
		}
	free(stack);
	free(sd);
	free(placed);
	free(owner);
}

enum fg_light fg_unit_light(const struct fg_unit_counts *c)
{
	if (c->light[FG_LIGHT_RED])
		return FG_LIGHT_RED;
	if (c->light[FG_LIGHT_YELLOW])
		return FG_LIGHT_YELLOW;
	if (c->nasg && c->light[FG_LIGHT_GREEN] == c->nasg)
		return FG_LIGHT_GREEN;
	return FG_LIGHT_NONE;
}

size_t fg_measure_done(const struct fg_measure *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->nasg; i++)
		n += m->asg[i].status == FG_STATUS_DONE;
	return n;
}

bool fg_measure_overdue(const struct fg_measure *m, const char *today)
{
	/* past due when any assignment not done is past its own date (an
	 * approved extension's, its `due`, else the measure's); without
	 * assignments, by the measure's date */
	if (!today)
		return false;
	if (m->nasg == 0)
		return m->due[0] && strcmp(m->due, today) < 0;
	for (size_t k = 0; k < m->nasg; k++)
		if (fg_assignment_overdue(m, &m->asg[k], today))
			return true;
	return false;
}

/* ------------------------------------------------------------ filters */

void fg_filter_init(struct fg_filter *f)
{
	memset(f, 0, sizeof *f);
	f->role = -1;
	f->section = -1;
}

bool fg_filter_match_assignment(const struct fg_filter *f, const struct fg_measure *m,
				const struct fg_assignment *a)
{
	(void)m;
	if (f->units && (a->unit_index == SIZE_MAX || !f->units[a->unit_index]))
		return false;
	if (f->role >= 0 && (int)a->role != f->role)
		return false;
	if (f->status_mask && !(f->status_mask & (1u << a->status)))
		return false;
	return true;
}

bool fg_filter_match_measure(const struct fg_filter *f, const struct fg_measure *m)
{
	if (f->section >= 0 && m->section_index != (size_t)f->section)
		return false;
	if (f->text && *f->text && !fg_text_find(m->title, f->text) && !fg_text_find(m->label, f->text) &&
	    !fg_text_find(m->text, f->text))
		return false;
	bool per_asg = f->units || f->role >= 0;
	if (!per_asg && f->status_mask && m->nasg == 0)
		return (f->status_mask & (1u << fg_measure_rollup(m))) != 0;
	if (!per_asg && !f->status_mask)
		return true;
	for (size_t i = 0; i < m->nasg; i++)
		if (fg_filter_match_assignment(f, m, &m->asg[i]))
			return true;
	return false;
}

/* ------------------------------------------------------------ time */

void fg_iso8601(time_t t, char *buf, size_t len)
{
	struct tm tm;
	localtime_r(&t, &tm);
	char z[8];
	strftime(z, sizeof z, "%z", &tm); /* +0800 */
	char base[32];
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s%.3s:%.2s", base, z, z + 3);
}

void fg_today(time_t t, char *buf, size_t len)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d", &tm);
}

/* ------------------------------------------------------------ editing */

static struct fg_asg_state state_of(const struct fg_assignment *a)
{
	return (struct fg_asg_state){a->status, a->note, a->updated, a->by};
}

static void state_put(struct fg_plan *p, const struct fg_measure *m, struct fg_assignment *a,
		      const struct fg_asg_state *s)
{
	a->status = s->status;
	a->note = s->note;
	a->updated = s->updated;
	a->by = s->by;
	fg_index_update(p, m, a);
}

/* A new, zeroed journal entry; a new edit discards what could have been
 * redone. */
static struct fg_edit *new_edit(struct fg_plan *p)
{
	p->nedits = p->undo_pos;
	FG_GROW(p->edits, p->nedits + 1, p->edits_cap);
	struct fg_edit *e = &p->edits[p->nedits++];
	memset(e, 0, sizeof *e);
	p->undo_pos = p->nedits;
	return e;
}

struct fg_edit *fg_journal_push(struct fg_plan *p, struct fg_measure *m, struct fg_assignment *a,
				const struct fg_asg_state *after, const struct fg_record *rec)
{
	struct fg_edit *e = new_edit(p);
	e->measure = m->number;
	e->unit = a->unit;
	e->before = state_of(a);
	e->after = *after;
	e->rec = *rec;
	e->joined = false;
	e->record_only = false;
	state_put(p, m, a, after);
	return e;
}

bool fg_actor_name_check(const char *by, struct fg_diag *d)
{
	if (!by)
		return true;
	size_t n = strlen(by);
	if (fg_utf8_invalid(by, n) != (size_t)-1)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
				   FG_N_("your user name is not valid UTF-8, so it cannot be recorded; set FENGONG_USER to your "
					 "name and try again"));
	if (n > 256)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
				   FG_N_("your user name is longer than 256 bytes; set FENGONG_USER to a shorter name"));
	return true;
}

bool fg_plan_set(struct fg_plan *p, struct fg_measure *m, struct fg_assignment *a,
		 enum fg_status status, const char *note, const struct fg_actor *who,
		 time_t now, struct fg_diag *d)
{
	if ((unsigned)status >= FG_STATUS_COUNT)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0, FG_N_("unknown status; use one of %s"), fg_status_list());
	if (status == FG_STATUS_DONE || status == FG_STATUS_SUBMITTED) {
		/* review rules (issue 15): fg_plan_append decides */
		struct fg_record t = {.kind = FG_KIND_STATUS, .to = status, .note = note};
		if ((p->review_required && who && who->as) || status == FG_STATUS_SUBMITTED)
			return fg_plan_append(p, m, a, &t, who, now, d);
	}
	if (who && who->read_only)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
				   FG_N_("the plan is open read-only; nothing can be changed (start without --read-only to edit)"));
	if (who && who->as_units && (a->unit_index == SIZE_MAX || !who->as_units[a->unit_index]))
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
				   FG_N_("measure %d's assignment of %s belongs to %s, not to %s; ask its liaison or the coordinator"),
				   m->number, a->unit, a->unit, who->as ? who->as : fg_tr(FG_N_("your unit")));
	if (who && !fg_actor_name_check(who->by, d))
		return false;
	if (note && strlen(note) > 65536)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0, FG_N_("the note is longer than 64 KiB; shorten it"));
	if (note && fg_utf8_invalid(note, strlen(note)) != (size_t)-1)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0, FG_N_("the note is not valid UTF-8"));
	/* ...except on an assignment with an open merge conflict: setting it, even
	 * to the value it holds, is the decision that resolves the conflict */
	if (status == a->status && (!note || strcmp(note, a->note) == 0) && !fg_plan_conflict_find(p, m->number, a->unit))
		return true;

	char when[40];
	fg_iso8601(now, when, sizeof when);
	struct fg_asg_state before = state_of(a);
	struct fg_asg_state after = {
		status,
		note ? fg_plan_strdup(p, note) : a->note,
		fg_plan_strdup(p, when),
		fg_plan_strdup(p, who && who->by ? who->by : ""),
	};

	struct fg_record rec = {
		.at = after.updated,
		.by = after.by,
		.as = who && who->as ? fg_plan_strdup(p, who->as) : "",
		.measure = m->number,
		.unit = a->unit,
		.from = before.status,
		.to = status,
		.note = after.note,
		.hash = "",
	};
	fg_journal_push(p, m, a, &after, &rec);
	return true;
}

/* ------------------------------------------------------------ version-2 records */

static const char *dup0(struct fg_plan *p, const char *s)
{
	return s && *s ? fg_plan_strdup(p, s) : "";
}

struct fg_record fg_record_copy(struct fg_plan *p, const struct fg_record *r)
{
	struct fg_record c = *r;
	c.at = dup0(p, r->at);
	c.by = dup0(p, r->by);
	c.as = dup0(p, r->as);
	c.unit = dup0(p, r->unit);
	c.note = dup0(p, r->note);
	c.period = dup0(p, r->period);
	c.progress = dup0(p, r->progress);
	c.problems = dup0(p, r->problems);
	c.next = dup0(p, r->next);
	c.due = dup0(p, r->due);
	c.subject = dup0(p, r->subject);
	c.key = dup0(p, r->key);
	c.hash = dup0(p, r->hash);
	c.sig = dup0(p, r->sig);
	return c;
}

void fg_journal_record(struct fg_plan *p, const struct fg_record *rec)
{
	struct fg_record r = fg_record_copy(p, rec);
	struct fg_edit *e = new_edit(p);
	e->measure = r.measure;
	e->unit = r.unit;
	e->before = e->after = (struct fg_asg_state){FG_STATUS_NOT_STARTED, "", "", ""};
	e->rec = r;
	e->record_only = true;
}

void fg_journal_due(struct fg_plan *p, struct fg_assignment *a, const char *due, const struct fg_record *rec)
{
	const char *before = a->due ? a->due : "";
	fg_journal_record(p, rec);
	struct fg_edit *e = &p->edits[p->nedits - 1];
	e->due_edit = true;
	e->due_before = before;
	e->due_after = fg_plan_strdup(p, due ? due : "");
	a->due = e->due_after;
}

/* A record's text field; too_long and bad are its refusals (one message per
 * field, so each reads whole in every language). */
static bool text_ok(const char *s, const char *too_long, const char *bad, struct fg_diag *d)
{
	if (!s)
		return true;
	if (strlen(s) > 65536)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0, "%s", fg_tr(too_long));
	if (fg_utf8_invalid(s, strlen(s)) != (size_t)-1)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0, "%s", fg_tr(bad));
	return true;
}

bool fg_plan_append(struct fg_plan *p, struct fg_measure *m, struct fg_assignment *a, const struct fg_record *tmpl,
		    const struct fg_actor *who, time_t now, struct fg_diag *d)
{
	if ((unsigned)tmpl->kind >= FG_KIND_COUNT)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0, FG_N_("unknown record kind"));
	if (who && who->read_only)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
				   FG_N_("the plan is open read-only; nothing can be changed (start without --read-only to edit)"));
	if ((m == NULL) != (a == NULL))
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0, FG_N_("a record is about an assignment (measure and unit) or about the plan"));
	if (who && who->as_units && (!a || a->unit_index == SIZE_MAX || !who->as_units[a->unit_index])) {
		if (!a)
			return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
					   FG_N_("only a coordinator (without --as) records changes to the plan as a whole"));
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
				   FG_N_("measure %d's assignment of %s belongs to %s, not to %s; ask its liaison or the coordinator"),
				   m->number, a->unit, a->unit, who->as ? who->as : fg_tr(FG_N_("your unit")));
	}
	if (who && !fg_actor_name_check(who->by, d))
		return false;
	if (!text_ok(tmpl->note, FG_N_("the note is longer than 64 KiB; shorten it"),
		     FG_N_("the note is not valid UTF-8"), d) ||
	    !text_ok(tmpl->progress, FG_N_("the progress is longer than 64 KiB; shorten it"),
		     FG_N_("the progress is not valid UTF-8"), d) ||
	    !text_ok(tmpl->problems, FG_N_("the problems is longer than 64 KiB; shorten it"),
		     FG_N_("the problems is not valid UTF-8"), d) ||
	    !text_ok(tmpl->next, FG_N_("the next steps is longer than 64 KiB; shorten it"),
		     FG_N_("the next steps is not valid UTF-8"), d) ||
	    !text_ok(tmpl->subject, FG_N_("the subject is longer than 64 KiB; shorten it"),
		     FG_N_("the subject is not valid UTF-8"), d))
		return false;
	if (tmpl->has_percent && (tmpl->percent < 0 || tmpl->percent > 100))
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0, FG_N_("percent complete must be 0 to 100, not %d"), tmpl->percent);
	if (tmpl->period && *tmpl->period && !fg_period_valid(tmpl->period))
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
				   FG_N_("the period must be a month (2026-11), a quarter (2026-Q4) or a week (2026-W48), not \"%s\""),
				   tmpl->period);
	if (tmpl->kind == FG_KIND_EXTEND && (!a || !fg_extend_check(p, m, a, tmpl->due, d)))
		return a ? false : fg_diag_add(d, FG_ERR_REFUSED, 0, 0, FG_N_("an extension request is about an assignment"));
	bool state = fg_record_has_status(tmpl);
	if (state && (!a || (unsigned)tmpl->to >= FG_STATUS_COUNT))
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0, FG_N_("a status change needs an assignment and a known status"));
	bool liaison = who && who->as;
	if ((tmpl->kind == FG_KIND_APPROVE || tmpl->kind == FG_KIND_RETURN) && liaison)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
				   FG_N_("only a coordinator (without --as) approves or returns; a liaison submits and asks for "
				   "extensions"));
	struct fg_record conv;
	if (state && tmpl->kind == FG_KIND_STATUS &&
	    (tmpl->to == FG_STATUS_SUBMITTED || (tmpl->to == FG_STATUS_DONE && p->review_required && liaison))) {
		/* a liaison's done awaits the coordinator (plan.review: required) */
		if (!p->review_required)
			return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
					   FG_N_("submitted (待销号) is for plans with `review: required`; set done instead"));
		if (a->status == FG_STATUS_SUBMITTED && (!tmpl->note || strcmp(tmpl->note, a->note) == 0))
			return true; /* already awaiting the coordinator */
		conv = *tmpl;
		conv.kind = FG_KIND_SUBMIT;
		conv.to = FG_STATUS_SUBMITTED;
		conv.has_status = true;
		tmpl = &conv;
	}
	if (state && tmpl->kind == FG_KIND_STATUS && tmpl->to == a->status && (!tmpl->note || strcmp(tmpl->note, a->note) == 0) &&
	    !fg_plan_conflict_find(p, m->number, a->unit))
		return true; /* changes nothing */

	char when[40];
	fg_iso8601(now, when, sizeof when);
	struct fg_record r = *tmpl;
	r.at = when;
	r.by = who && who->by ? who->by : "";
	r.as = who && who->as ? who->as : "";
	r.measure = m ? m->number : 0;
	r.unit = a ? a->unit : "";
	r.hash = "";
	r.line = r.col = 0;
	if (!state) {
		fg_journal_record(p, &r);
		if (r.kind == FG_KIND_EXTEND || r.kind == FG_KIND_APPROVE || r.kind == FG_KIND_RETURN)
			fg_cycle_bind(p);
		return true;
	}
	struct fg_asg_state before = state_of(a);
	r.from = before.status;
	r.has_status = r.kind != FG_KIND_STATUS;
	if (!r.note)
		r.note = a->note;
	struct fg_record c = fg_record_copy(p, &r);
	struct fg_asg_state after = {c.to, c.note, c.at, c.by};
	fg_journal_push(p, m, a, &after, &c);
	return true;
}

static struct fg_assignment *edit_target(struct fg_plan *p, const struct fg_edit *e, struct fg_measure **mp)
{
	struct fg_measure *m = *mp = fg_plan_measure(p, e->measure);
	long ui = m ? fg_plan_unit_index(p, e->unit) : -1;
	return ui >= 0 ? fg_measure_assignment(m, (size_t)ui) : NULL;
}

bool fg_plan_undo(struct fg_plan *p)
{
	if (p->undo_pos == 0)
		return false;
	bool joined;
	do { /* one step: an edit and the edits joined to it */
		struct fg_edit *e = &p->edits[--p->undo_pos];
		struct fg_measure *m;
		struct fg_assignment *a = e->record_only && !e->due_edit ? NULL : edit_target(p, e, &m);
		if (e->record_only)
			fg_cycle_bind(p);
		if (a && e->due_edit)
			a->due = e->due_before;
		else if (a)
			state_put(p, m, a, &e->before);
		joined = e->joined;
	} while (joined && p->undo_pos > 0);
	return true;
}

bool fg_plan_redo(struct fg_plan *p)
{
	if (p->undo_pos == p->nedits)
		return false;
	do {
		struct fg_edit *e = &p->edits[p->undo_pos++];
		struct fg_measure *m;
		struct fg_assignment *a = e->record_only && !e->due_edit ? NULL : edit_target(p, e, &m);
		if (e->record_only)
			fg_cycle_bind(p);
		if (a && e->due_edit)
			a->due = e->due_after;
		else if (a)
			state_put(p, m, a, &e->after);
	} while (p->undo_pos < p->nedits && p->edits[p->undo_pos].joined);
	return true;
}

size_t fg_plan_group_since(struct fg_plan *p, size_t mark)
{
	if (mark >= p->undo_pos)
		return 0;
	for (size_t i = mark + 1; i < p->undo_pos; i++)
		p->edits[i].joined = true;
	return p->undo_pos - mark;
}

size_t fg_plan_dirty(const struct fg_plan *p)
{
	return p->undo_pos;
}

const struct fg_record *fg_plan_edit_record(const struct fg_plan *p, size_t i)
{
	return i < p->undo_pos ? &p->edits[i].rec : NULL;
}
