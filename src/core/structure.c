/* The plan's structure: its canonical serialisation and digest, and the
 * edits that change it with a record (fengong/structure.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fengong/cycle.h"
#include "fengong/structure.h"
#include "internal.h"

/* One line "name=value\n", the value escaped as in a record's canonical
 * serialisation (\\ and \n), so that no value can pass for another line. */
static void line(struct fg_buf *b, const char *name, const char *value)
{
	fg_buf_adds(b, name);
	fg_buf_add(b, "=", 1);
	for (const char *s = value ? value : ""; *s; s++) {
		if (*s == '\\')
			fg_buf_add(b, "\\\\", 2);
		else if (*s == '\n')
			fg_buf_add(b, "\\n", 2);
		else
			fg_buf_add(b, s, 1);
	}
	fg_buf_add(b, "\n", 1);
}

static void line_int(struct fg_buf *b, const char *name, long v)
{
	char n[32];
	snprintf(n, sizeof n, "%ld", v);
	line(b, name, n);
}

static const char *const every_names[] = {"", "month", "quarter", "week"};

static void part_plan(struct fg_buf *b, const struct fg_plan *p)
{
	line(b, "title", p->title);
	line(b, "number", p->number);
	line(b, "issuer", p->issuer);
	line(b, "date", p->date);
	line(b, "reporting.every", (unsigned)p->reporting.every < 4 ? every_names[p->reporting.every] : "?");
	line_int(b, "reporting.due_day", p->reporting.every != FG_EVERY_NONE ? p->reporting.due_day : 0);
	line(b, "review", p->review_required ? "required" : "");
	for (size_t i = 0; i < p->ntargets; i++) {
		line(b, "target", p->targets[i].text);
		line(b, "target.due", p->targets[i].due);
	}
}

static void part_units(struct fg_buf *b, const struct fg_plan *p)
{
	for (size_t i = 0; i < p->nunits; i++) {
		const struct fg_unit *u = &p->units[i];
		line(b, "unit", u->name);
		for (size_t k = 0; k < u->naliases; k++)
			line(b, "unit.alias", u->aliases[k]);
		for (size_t k = 0; k < u->nmembers; k++)
			line(b, "unit.member", u->members[k]);
	}
}

static void part_sections(struct fg_buf *b, const struct fg_plan *p)
{
	for (size_t i = 0; i < p->nsections; i++) {
		line(b, "section", p->sections[i].id);
		line(b, "section.title", p->sections[i].title);
	}
}

static void part_measure(struct fg_buf *b, const struct fg_measure *m)
{
	line_int(b, "measure", m->number);
	line(b, "measure.label", m->label);
	line(b, "measure.section", m->section);
	line(b, "measure.title", m->title);
	line(b, "measure.text", m->text);
	for (size_t k = 0; k < m->ntargets; k++)
		line(b, "measure.target", m->targets[k]);
	line(b, "measure.due", m->due);
	line(b, "measure.unassigned", m->unassigned);
	for (size_t k = 0; k < m->nparts; k++) {
		const struct fg_part *pt = &m->parts[k];
		line(b, "part", pt->text);
		for (size_t u = 0; u < pt->nlead; u++)
			line(b, "part.lead", pt->lead[u].unit);
		for (size_t u = 0; u < pt->nco; u++)
			line(b, "part.co", pt->co[u].unit);
	}
	for (size_t k = 0; k < m->nasg; k++) {
		const struct fg_assignment *a = &m->asg[k];
		line(b, "assignment", a->unit);
		line(b, "assignment.via", a->via);
		line(b, "assignment.role", fg_role_name(a->role));
		line(b, "assignment.due", a->due);
	}
}

char *fg_structure_canonical(const struct fg_plan *p, size_t *len)
{
	struct fg_buf b = {0};
	fg_buf_adds(&b, "fengong-structure-1\n");
	part_plan(&b, p);
	part_units(&b, p);
	part_sections(&b, p);
	for (size_t i = 0; i < p->nmeasures; i++)
		part_measure(&b, &p->measures[i]);
	*len = b.len;
	return b.data;
}

/* ------------------------------------------------------------ parts */

enum { SHORT = 6 }; /* hex digits of a part's digest in a record's note */

static void short_digest(struct fg_buf *b, char out[SHORT + 1])
{
	char hex[65];
	fg_sha256_hex(b->data ? b->data : "", b->len, hex);
	memcpy(out, hex, SHORT);
	out[SHORT] = 0;
	free(b->data);
	memset(b, 0, sizeof *b);
}

static void plan_digest(const struct fg_plan *p, char out[SHORT + 1])
{
	struct fg_buf b = {0};
	part_plan(&b, p);
	part_sections(&b, p);
	short_digest(&b, out);
}

static void units_digest(const struct fg_plan *p, char out[SHORT + 1])
{
	struct fg_buf b = {0};
	part_units(&b, p);
	short_digest(&b, out);
}

static void measure_digest(const struct fg_measure *m, char out[SHORT + 1])
{
	struct fg_buf b = {0};
	part_measure(&b, m);
	short_digest(&b, out);
}

char *fg_structure_parts(const struct fg_plan *p)
{
	struct fg_buf b = {0};
	char h[SHORT + 1];
	plan_digest(p, h);
	fg_buf_printf(&b, "parts: plan=%s", h);
	units_digest(p, h);
	fg_buf_printf(&b, " units=%s", h);
	if (p->nmeasures <= FG_STRUCTURE_MAX_PARTS)
		for (size_t i = 0; i < p->nmeasures; i++) {
			measure_digest(&p->measures[i], h);
			fg_buf_printf(&b, " m%d=%s", p->measures[i].number, h);
		}
	return b.data;
}

/* The last line of note that starts with key, or NULL: the save appends
 * the summary and the parts lines after the coordinator's own note, which
 * may contain the same words. */
static const char *last_line_with(const char *note, const char *key)
{
	const char *found = NULL;
	for (const char *s = note ? strstr(note, key) : NULL; s; s = strstr(s + 1, key))
		if (s == note || s[-1] == '\n')
			found = s;
	return found;
}

/* The value of `name=` in a note's "parts:" line, into out; false when none. */
static bool part_of(const char *note, const char *name, char out[SHORT + 1])
{
	const char *s = last_line_with(note, "parts: ");
	if (!s)
		return false;
	size_t n = strlen(name);
	for (s += 6; *s && *s != '\n';) {
		while (*s == ' ')
			s++;
		if (strncmp(s, name, n) == 0 && s[n] == '=' && strspn(s + n + 1, "0123456789abcdef") == SHORT) {
			memcpy(out, s + n + 1, SHORT);
			out[SHORT] = 0;
			return true;
		}
		s += strcspn(s, " \n");
	}
	return false;
}

size_t fg_structure_locate(const struct fg_plan *p, const char *note, struct fg_diag *d)
{
	size_t before = d->n;
	char was[SHORT + 1], is[SHORT + 1], name[32];
	if (part_of(note, "plan", was) && (plan_digest(p, is), strcmp(was, is) != 0))
		fg_diag_add(d, FG_ERR_INVALID, 0, 0,
			    FG_N_("the plan's title, number, issuer, date, targets, sections, reporting cycle or review rule "
				  "were changed with no signed record"));
	if (part_of(note, "units", was) && (units_digest(p, is), strcmp(was, is) != 0))
		fg_diag_add(d, FG_ERR_INVALID, p->nunits ? p->units[0].line : 0, p->nunits ? 1 : 0,
			    FG_N_("the units registry (a unit's name, aliases or members) was changed with no signed record"));
	/* the measures' parts, when the record has them (plans of at most
	 * FG_STRUCTURE_MAX_PARTS measures) */
	const char *pl = last_line_with(note, "parts: ");
	size_t pn = pl ? strcspn(pl, "\n") : 0;
	char *line = fg_xmalloc(pn + 1);
	memcpy(line, pl ? pl : "", pn);
	line[pn] = 0;
	if (strstr(line, " m")) {
		for (size_t i = 0; i < p->nmeasures; i++) {
			const struct fg_measure *m = &p->measures[i];
			snprintf(name, sizeof name, "m%d", m->number);
			if (!part_of(line, name, was))
				fg_diag_add(d, FG_ERR_INVALID, m->line, 1, FG_N_("measure %d was added with no signed record"),
					    m->number);
			else if (measure_digest(m, is), strcmp(was, is) != 0)
				fg_diag_add(d, FG_ERR_INVALID, m->line, 1,
					    FG_N_("measure %d was changed with no signed record (its text, title, due dates, parts, "
						  "or its assignments: units, roles)"),
					    m->number);
		}
		/* measures the record knew that the plan no longer has */
		char *save = NULL;
		for (char *t = strtok_r(line, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			int n;
			char c;
			if (sscanf(t, "m%d=%c", &n, &c) == 2 && !fg_plan_measure(p, n))
				fg_diag_add(d, FG_ERR_INVALID, 0, 0, FG_N_("measure %d was deleted with no signed record"), n);
		}
	}
	free(line);
	return d->n - before;
}

void fg_structure_digest(const struct fg_plan *p, char out[FG_STRUCTURE_DIGEST_LEN])
{
	size_t len;
	char *s = fg_structure_canonical(p, &len);
	char hex[65];
	fg_sha256_hex(s, len, hex);
	free(s);
	snprintf(out, FG_STRUCTURE_DIGEST_LEN, "%s%s", FG_STRUCTURE_PENDING, hex);
}

void fg_structure_count(const struct fg_plan *p, struct fg_structure_counts *c)
{
	memset(c, 0, sizeof *c);
	c->measures = p->nmeasures;
	c->units = p->nunits;
	for (size_t i = 0; i < p->nunits; i++) {
		c->aliases += p->units[i].naliases;
		c->members += p->units[i].nmembers;
	}
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		c->assignments += m->nasg;
		c->dues += *m->due != 0;
		for (size_t k = 0; k < m->nasg; k++)
			c->dues += m->asg[k].due && *m->asg[k].due;
	}
}

#define SUMMARY_FMT "measures %zu, assignments %zu, units %zu, aliases %zu, members %zu, due dates %zu"

void fg_structure_summary(const struct fg_structure_counts *c, char *buf, size_t len)
{
	snprintf(buf, len, SUMMARY_FMT, c->measures, c->assignments, c->units, c->aliases, c->members, c->dues);
}

bool fg_structure_summary_parse(const char *note, struct fg_structure_counts *c)
{
	const char *s = last_line_with(note, "measures ");
	return s && sscanf(s, SUMMARY_FMT, &c->measures, &c->assignments, &c->units, &c->aliases, &c->members, &c->dues) == 6;
}

static bool coordinator_only(const struct fg_actor *who, struct fg_diag *d)
{
	if (who && who->read_only)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
				   FG_N_("the plan is open read-only; nothing can be changed (start without --read-only to edit)"));
	if (who && who->as)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
				   FG_N_("only a coordinator (without --as) changes or signs the plan's measures, units and due "
					 "dates"));
	return true;
}

bool fg_plan_append_structure(struct fg_plan *p, struct fg_measure *m, struct fg_assignment *a, const char *due,
			      const char *note, const struct fg_actor *who, time_t now, struct fg_diag *d)
{
	if (!coordinator_only(who, d))
		return false;
	struct fg_record t = {.kind = FG_KIND_STRUCTURE, .subject = FG_STRUCTURE_PENDING, .note = note, .due = due};
	return fg_plan_append(p, m, a, &t, who, now, d);
}

bool fg_plan_set_due(struct fg_plan *p, struct fg_measure *m, struct fg_assignment *a, const char *due,
		     const struct fg_actor *who, time_t now, struct fg_diag *d)
{
	if (!coordinator_only(who, d))
		return false;
	if (!due)
		due = "";
	if (*due && !fg_date_valid(due))
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0, FG_N_("the due date must be a real date written YYYY-MM-DD, not \"%s\""),
				   due);
	if (who && !fg_actor_name_check(who->by, d))
		return false;
	if (strcmp(a->due ? a->due : "", due) == 0)
		return true; /* changes nothing */
	char when[40], note[200];
	fg_iso8601(now, when, sizeof when);
	if (*due && a->due && *a->due)
		snprintf(note, sizeof note, "due date %s (was %s)", due, a->due);
	else if (*due)
		snprintf(note, sizeof note, "due date %s (was the measure's: %s)", due, *m->due ? m->due : "none");
	else
		snprintf(note, sizeof note, "own due date %s cleared (now the measure's: %s)", a->due, *m->due ? m->due : "none");
	struct fg_record r = {
		.kind = FG_KIND_STRUCTURE,
		.at = when,
		.by = who && who->by ? who->by : "",
		.as = "",
		.measure = m->number,
		.unit = a->unit,
		.note = note,
		.due = due,
		.subject = FG_STRUCTURE_PENDING,
		.hash = "",
	};
	fg_journal_due(p, a, due, &r);
	return true;
}
