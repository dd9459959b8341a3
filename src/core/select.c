/* Selecting measures by filter, fast on large plans.
 *
 * A filter by unit, role or status would otherwise walk every assignment
 * struct of the model, scattered over the arena: on 100 000 measures that is
 * 80 MB of memory for 600 000 small answers, and the time per measure grows
 * as the model falls out of the caches.  The index packs each assignment's
 * (unit, role, status) into 32 bits, measure after measure, so a filter
 * reads 2.4 MB in order.  It is built on first use, kept current by the
 * edit functions, and dropped by anything else that changes assignments.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "fengong/text.h"

struct fg_index {
	uint32_t *packed; /* unit << 8 | role << 4 | status, per assignment */
	size_t *off;      /* measure i's assignments: packed[off[i] .. off[i+1]) */
	uint32_t *section; /* section index per measure (UINT32_MAX: none) */
	size_t nmeasures;
	/* Full-text search reads every measure's label, title and text; in the
	 * model they lie between the assignments' strings, and on large plans
	 * the scan slows 4x per measure as it jumps through memory.  Here they
	 * are copied one after the other ("label\0title\0text\0" per measure,
	 * from hay_at[i]), built on the first search. */
	char *hay;
	size_t *hay_at;
};

#define NO_UNIT 0xFFFFFFu

static uint32_t pack(const struct fg_assignment *a)
{
	uint32_t u = a->unit_index < NO_UNIT ? (uint32_t)a->unit_index : NO_UNIT;
	return u << 8 | (uint32_t)a->role << 4 | (uint32_t)a->status;
}

void fg_index_drop(struct fg_plan *p)
{
	if (!p->index)
		return;
	free(p->index->packed);
	free(p->index->off);
	free(p->index->section);
	free(p->index->hay);
	free(p->index->hay_at);
	free(p->index);
	p->index = NULL;
}

static struct fg_index *index_get(struct fg_plan *p)
{
	if (p->index && p->index->nmeasures == p->nmeasures)
		return p->index;
	fg_index_drop(p);
	struct fg_index *x = fg_xmalloc(sizeof *x);
	x->nmeasures = p->nmeasures;
	x->hay = NULL;
	x->hay_at = NULL;
	x->off = fg_xmalloc((p->nmeasures + 1) * sizeof *x->off);
	x->section = fg_xmalloc((p->nmeasures + 1) * sizeof *x->section);
	size_t n = 0;
	for (size_t i = 0; i < p->nmeasures; i++) {
		x->off[i] = n;
		n += p->measures[i].nasg;
		size_t s = p->measures[i].section_index;
		x->section[i] = s < UINT32_MAX ? (uint32_t)s : UINT32_MAX;
	}
	x->off[p->nmeasures] = n;
	x->packed = fg_xmalloc((n + 1) * sizeof *x->packed);
	for (size_t i = 0; i < p->nmeasures; i++)
		for (size_t k = 0; k < p->measures[i].nasg; k++)
			x->packed[x->off[i] + k] = pack(&p->measures[i].asg[k]);
	p->index = x;
	return x;
}

void fg_index_update(struct fg_plan *p, const struct fg_measure *m, const struct fg_assignment *a)
{
	struct fg_index *x = p->index;
	if (!x)
		return;
	size_t i = (size_t)(m - p->measures), k = (size_t)(a - m->asg);
	if (i >= x->nmeasures || x->off[i] + k >= x->off[i + 1]) {
		fg_index_drop(p); /* not ours: rebuild on next use */
		return;
	}
	x->packed[x->off[i] + k] = pack(a);
}

static void hay_build(const struct fg_plan *p, struct fg_index *x)
{
	size_t len = 0;
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		len += strlen(m->label) + strlen(m->title) + strlen(m->text) + 3;
	}
	x->hay = fg_xmalloc(len + 1);
	x->hay_at = fg_xmalloc((p->nmeasures + 1) * sizeof *x->hay_at);
	char *o = x->hay;
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		x->hay_at[i] = (size_t)(o - x->hay);
		const char *field[] = {m->label, m->title, m->text};
		for (int k = 0; k < 3; k++) {
			size_t n = strlen(field[k]) + 1;
			memcpy(o, field[k], n);
			o += n;
		}
	}
}

bool fg_plan_text_match(const struct fg_plan *cp, size_t i, const char *text)
{
	if (!text || !*text)
		return true;
	struct fg_plan *p = (struct fg_plan *)cp; /* the index is a cache */
	struct fg_index *x = index_get(p);
	if (!x->hay)
		hay_build(p, x);
	const char *label = x->hay + x->hay_at[i];
	const char *title = label + strlen(label) + 1;
	const char *body = title + strlen(title) + 1;
	return fg_text_find(label, text) || fg_text_find(title, text) || fg_text_find(body, text);
}

size_t fg_plan_select(const struct fg_plan *cp, const struct fg_filter *f, size_t *out)
{
	struct fg_plan *p = (struct fg_plan *)cp; /* the index is a cache */
	struct fg_index *x = index_get(p);
	if (f->text && *f->text && !x->hay)
		hay_build(p, x);
	bool per_asg = f->units || f->role >= 0;
	bool text = f->text && *f->text;
	uint32_t role = f->role >= 0 ? (uint32_t)f->role : 0;
	size_t n = 0;
	for (size_t i = 0; i < p->nmeasures; i++) {
		if (f->section >= 0 && x->section[i] != (uint32_t)f->section)
			continue;
		size_t lo = x->off[i], hi = x->off[i + 1];
		bool ok;
		if (!per_asg && !f->status_mask) {
			ok = true;
		} else if (!per_asg && lo == hi) {
			ok = (f->status_mask & (1u << FG_STATUS_NOT_STARTED)) != 0; /* roll-up of no assignments */
		} else {
			ok = false;
			for (size_t k = lo; k < hi && !ok; k++) {
				uint32_t v = x->packed[k], u = v >> 8;
				if (f->units && (u == NO_UNIT || !f->units[u]))
					continue;
				if (f->role >= 0 && ((v >> 4) & 0xF) != role)
					continue;
				if (f->status_mask && !(f->status_mask & (1u << (v & 0xF))))
					continue;
				ok = true;
			}
		}
		if (ok && text && !fg_plan_text_match(p, i, f->text))
			ok = false;
		if (ok)
			out[n++] = i;
	}
	return n;
}
