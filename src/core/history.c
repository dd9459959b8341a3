/* The audit trail: hash-chained records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "fengong/merge.h"

/* Fields are length-prefixed so that no note can imitate a field boundary. */
static void buf_field(struct fg_buf *b, const char *s)
{
	/* "%zu:" without printf: this runs for every field of every record */
	size_t n = strlen(s), v = n;
	char num[24];
	size_t k = sizeof num;
	num[--k] = ':';
	do
		num[--k] = (char)('0' + v % 10);
	while (v /= 10);
	fg_buf_add(b, num + k, sizeof num - k);
	fg_buf_add(b, s, n);
	fg_buf_add(b, "\n", 1);
}

/* ------------------------------------------------------------ record version 2 */

static const char *const kind_names[FG_KIND_COUNT] = {
	"", "report", "submit", "approve", "return", "extend",
	"signer-add", "signer-remove", "signing", "structure", "correction",
};

const char *fg_record_kind_name(enum fg_record_kind k)
{
	return (unsigned)k < FG_KIND_COUNT ? kind_names[k] : NULL;
}

bool fg_record_kind_parse(const char *s, enum fg_record_kind *out)
{
	for (int k = 1; k < FG_KIND_COUNT; k++)
		if (strcmp(s, kind_names[k]) == 0) {
			*out = (enum fg_record_kind)k;
			return true;
		}
	return false;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

bool fg_record_has_status(const struct fg_record *r)
{
	return r->kind == FG_KIND_STATUS || r->has_status;
}

bool fg_record_is_v2(const struct fg_record *r)
{
	return r->kind != FG_KIND_STATUS || *nz(r->period) || *nz(r->progress) || *nz(r->problems) ||
	       *nz(r->next) || r->has_percent || *nz(r->due) || *nz(r->subject) || *nz(r->key) || *nz(r->sig);
}

static void canon_field(struct fg_buf *b, const char *name, const char *v)
{
	fg_buf_adds(b, name);
	fg_buf_add(b, "=", 1);
	for (const char *s = v; *s; s++) {
		const char *run = s;
		while (*s && *s != '\\' && *s != '\n')
			s++;
		fg_buf_add(b, run, (size_t)(s - run));
		if (!*s)
			break;
		fg_buf_adds(b, *s == '\\' ? "\\\\" : "\\n");
	}
	fg_buf_add(b, "\n", 1);
}

char *fg_record_canonical(const struct fg_record *r, const char *prev, size_t *len)
{
	struct fg_buf b = {0};
	char measure[16] = "", percent[16] = "";
	if (r->measure > 0)
		snprintf(measure, sizeof measure, "%d", r->measure);
	if (r->has_percent)
		snprintf(percent, sizeof percent, "%d", r->percent);
	bool st = fg_record_has_status(r);
	fg_buf_adds(&b, "fengong-record-2\n");
	canon_field(&b, "at", nz(r->at));
	canon_field(&b, "by", nz(r->by));
	canon_field(&b, "as", nz(r->as));
	canon_field(&b, "kind", nz(fg_record_kind_name(r->kind)));
	canon_field(&b, "measure", measure);
	canon_field(&b, "unit", nz(r->unit));
	canon_field(&b, "from", st ? nz(fg_status_name(r->from)) : "");
	canon_field(&b, "to", st ? nz(fg_status_name(r->to)) : "");
	canon_field(&b, "note", nz(r->note));
	canon_field(&b, "period", nz(r->period));
	canon_field(&b, "progress", nz(r->progress));
	canon_field(&b, "problems", nz(r->problems));
	canon_field(&b, "next", nz(r->next));
	canon_field(&b, "percent", percent);
	canon_field(&b, "due", nz(r->due));
	canon_field(&b, "subject", nz(r->subject));
	canon_field(&b, "key", nz(r->key));
	canon_field(&b, "prev", nz(prev));
	*len = b.len;
	return b.data;
}

void fg_history_hash(const struct fg_record *r, const char *prev, char out[65])
{
	if (fg_record_is_v2(r)) {
		size_t len;
		char *c = fg_record_canonical(r, prev, &len);
		fg_sha256_hex(c, len, out);
		free(c);
		return;
	}
	struct fg_buf b = {0};
	char num[16];
	snprintf(num, sizeof num, "%d", r->measure);
	buf_field(&b, prev ? prev : "");
	buf_field(&b, r->at);
	buf_field(&b, r->by);
	buf_field(&b, r->as);
	buf_field(&b, num);
	buf_field(&b, r->unit);
	buf_field(&b, fg_status_name(r->from));
	buf_field(&b, fg_status_name(r->to));
	buf_field(&b, r->note);
	fg_sha256_hex(b.data, b.len, out);
	free(b.data);
}

bool fg_history_verify(const struct fg_plan *p, struct fg_diag *d)
{
	size_t before = d->n;
	const char *prev = "";
	for (size_t i = 0; i < p->nhistory; i++) {
		const struct fg_record *r = &p->history[i];
		char h[65];
		fg_history_hash(r, prev, h);
		if (strcmp(h, r->hash) != 0)
			fg_diag_add(d, FG_ERR_INVALID, r->line, r->col,
				    FG_N_("history record %zu (measure %d, %s, at %s) does not match its hash: it was edited by hand "
					  "or a record before it was removed; restore the file from git or a backup"),
				    i + 1, r->measure, r->unit, r->at);
		prev = r->hash;
	}

	/* The last record of each assignment must describe its current state;
	 * otherwise records were cut off the end or the status was edited by hand. */
	size_t *off = fg_xcalloc(p->nmeasures + 1, sizeof *off);
	for (size_t i = 0; i < p->nmeasures; i++)
		off[i + 1] = off[i] + p->measures[i].nasg;
	size_t *last = fg_xcalloc(off[p->nmeasures] + 1, sizeof *last);
	for (size_t i = 0; i < p->nhistory; i++) {
		const struct fg_record *r = &p->history[i];
		const struct fg_measure *m = fg_plan_measure(p, r->measure);
		long ui = m ? fg_plan_unit_index(p, r->unit) : -1;
		const struct fg_assignment *a = ui >= 0 ? fg_measure_assignment(m, (size_t)ui) : NULL;
		if (a && fg_record_has_status(r)) /* reports and requests leave the state alone */
			last[off[m - p->measures] + (size_t)(a - m->asg)] = i + 1;
	}
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		for (size_t k = 0; k < m->nasg; k++) {
			size_t li = last[off[i] + k];
			if (!li) {
				/* fengong writes `updated` only together with a record: an
				 * assignment updated without any record lost it (the tail of
				 * the history was cut off) */
				const struct fg_assignment *a = &m->asg[k];
				if (*a->updated && !fg_plan_conflict_find(p, m->number, a->unit))
					fg_diag_add(d, FG_ERR_INVALID, a->line, a->col,
						    FG_N_("measure %d's assignment of %s was updated at %s but has no history record: "
							  "the history was truncated; restore the file from git or a backup"),
						    m->number, a->unit, a->updated);
				continue;
			}
			const struct fg_record *r = &p->history[li - 1];
			const struct fg_assignment *a = &m->asg[k];
			if (fg_plan_conflict_find(p, m->number, a->unit))
				continue; /* reported below as the open conflict it is */
			if (r->to != a->status || strcmp(r->note, a->note) != 0)
				fg_diag_add(d, FG_ERR_INVALID, a->line, a->col,
					    FG_N_("measure %d's assignment of %s is %s but its last history record (line %u) says %s: "
						  "the history was truncated or the assignment edited by hand; set it with `fengong set` "
						  "or restore the file"),
					    m->number, a->unit, fg_status_name(a->status), r->line, fg_status_name(r->to));
		}
	}
	free(off);
	free(last);
	fg_conflicts_report(p, d);
	return d->n == before;
}
