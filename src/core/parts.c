/* Parts of a measure: sub-tasks, each with its own sentence(s) and units
 * (plan/FORMAT.md, `parts`).  Statuses stay on the measure's assignments,
 * one per unit; a part names which of those units answer for its text. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Arrays in the arena grow by doubling (capacity implied by powers of two). */
static void *grow(struct fg_arena *a, void *arr, size_t n, size_t size)
{
	if (n == 0)
		return fg_arena_alloc(a, 4 * size);
	if (n >= 4 && (n & (n - 1)) == 0)
		return fg_arena_grow(a, arr, n, n * 2, size);
	return arr;
}

struct fg_part *fg_measure_add_part(struct fg_plan *p, struct fg_measure *m, const char *text)
{
	m->parts = grow(p->arena, m->parts, m->nparts, sizeof *m->parts);
	struct fg_part *pt = &m->parts[m->nparts++];
	memset(pt, 0, sizeof *pt);
	pt->text = fg_plan_strdup(p, text);
	pt->line = m->line;
	return pt;
}

void fg_part_add_unit(struct fg_plan *p, struct fg_part *pt, const char *unit, enum fg_role role)
{
	struct fg_part_unit **arr = role == FG_ROLE_LEAD ? &pt->lead : &pt->co;
	size_t *n = role == FG_ROLE_LEAD ? &pt->nlead : &pt->nco;
	*arr = grow(p->arena, *arr, *n, sizeof **arr);
	struct fg_part_unit *u = &(*arr)[(*n)++];
	memset(u, 0, sizeof *u);
	u->unit = fg_plan_strdup(p, unit);
	u->unit_index = SIZE_MAX;
	u->line = pt->line;
	u->col = 0;
}

/* ------------------------------------------------------------ validation */

static void check_unit(struct fg_plan *p, struct fg_measure *m, size_t pi, struct fg_part_unit *u,
		       struct fg_diag *d)
{
	long ui = fg_plan_unit_index(p, u->unit);
	if (ui < 0) {
		fg_diag_add(d, FG_ERR_INVALID, u->line, u->col,
			    "unit \"%s\" in part %zu of measure %d is not in the unit registry; add it under `units` or "
			    "fix the name",
			    u->unit, pi + 1, m->number);
		return;
	}
	if (strcmp(p->units[ui].name, u->unit) != 0) {
		fg_diag_add(d, FG_ERR_INVALID, u->line, u->col,
			    "\"%s\" is an alias of \"%s\"; parts name units by their registry name", u->unit,
			    p->units[ui].name);
		return;
	}
	u->unit = p->units[ui].name;
	u->unit_index = (size_t)ui;
	if (!fg_measure_assignment(m, (size_t)ui))
		fg_diag_add(d, FG_ERR_INVALID, u->line, u->col,
			    "%s is in part %zu of measure %d but has no assignment in that measure; add it under "
			    "`assignments` or remove it from the part",
			    u->unit, pi + 1, m->number);
}

void fg_parts_validate(struct fg_plan *p, struct fg_measure *m, struct fg_diag *d)
{
	for (size_t i = 0; i < m->nparts; i++) {
		struct fg_part *pt = &m->parts[i];
		if (!*pt->text)
			fg_diag_add(d, FG_ERR_INVALID, pt->line, pt->col,
				    "part %zu of measure %d has no text; give the sentence(s) of its sub-task", i + 1,
				    m->number);
		if (!pt->nlead && !pt->nco)
			fg_diag_add(d, FG_ERR_INVALID, pt->line, pt->col,
				    "part %zu of measure %d names no unit; list its units under `lead` or `co`, or remove "
				    "the part",
				    i + 1, m->number);
		size_t n = pt->nlead + pt->nco;
		for (size_t k = 0; k < n; k++) {
			struct fg_part_unit *u = k < pt->nlead ? &pt->lead[k] : &pt->co[k - pt->nlead];
			check_unit(p, m, i, u, d);
			for (size_t j = 0; j < k; j++) {
				const struct fg_part_unit *v = j < pt->nlead ? &pt->lead[j] : &pt->co[j - pt->nlead];
				if (strcmp(u->unit, v->unit) == 0) {
					fg_diag_add(d, FG_ERR_INVALID, u->line, u->col,
						    "%s is listed twice in part %zu of measure %d (first at line %u); keep "
						    "one",
						    u->unit, i + 1, m->number, v->line);
					break;
				}
			}
		}
	}
}

/* ------------------------------------------------------------ equality */

static bool units_equal(const struct fg_part_unit *a, size_t na, const struct fg_part_unit *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i].unit, b[i].unit) != 0)
			return false;
	return true;
}

bool fg_parts_equal(const struct fg_measure *a, const struct fg_measure *b)
{
	if (a->nparts != b->nparts)
		return false;
	for (size_t i = 0; i < a->nparts; i++) {
		const struct fg_part *x = &a->parts[i], *y = &b->parts[i];
		if (strcmp(x->text, y->text) != 0 || !units_equal(x->lead, x->nlead, y->lead, y->nlead) ||
		    !units_equal(x->co, x->nco, y->co, y->nco))
			return false;
	}
	return true;
}

/* ------------------------------------------------------------ canonical layout */

static void unit_list(struct fg_buf *b, int indent, const char *key, const struct fg_part_unit *u, size_t n)
{
	if (!n)
		return;
	fg_buf_printf(b, "%*s%s:\n", indent, "", key);
	for (size_t i = 0; i < n; i++) {
		fg_buf_printf(b, "%*s  - ", indent, "");
		fg_buf_scalar(b, u[i].unit);
		fg_buf_add(b, "\n", 1);
	}
}

void fg_emit_parts(struct fg_buf *b, int indent, const struct fg_measure *m)
{
	if (!m->nparts)
		return;
	fg_buf_printf(b, "%*sparts:\n", indent, "");
	for (size_t i = 0; i < m->nparts; i++) {
		const struct fg_part *pt = &m->parts[i];
		fg_buf_printf(b, "%*s  - text: ", indent, "");
		fg_buf_scalar(b, pt->text);
		fg_buf_add(b, "\n", 1);
		unit_list(b, indent + 4, "lead", pt->lead, pt->nlead);
		unit_list(b, indent + 4, "co", pt->co, pt->nco);
	}
}
