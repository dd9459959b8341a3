/* Splicing: a save's new bytes are the file's own bytes with the changed
 * values replaced (and new keys and history records inserted), so comments,
 * order and quoting elsewhere survive.  The saver verifies the result by
 * loading it again; a layout this cannot handle gets the canonical one. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "layout.h"
#include "fengong/merge.h"

static int repl_cmp(const void *a, const void *b)
{
	const struct fg_repl *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->after != y->after)
		return x->after - y->after;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void fg_splice_add(struct fg_splice *s, size_t start, size_t end, char *text)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->r = fg_xrealloc(s->r, s->cap * sizeof *s->r);
	}
	s->r[s->n] = (struct fg_repl){start, end, text, 0, s->n};
	s->n++;
}

static char *scalar_text(const char *v)
{
	struct fg_buf b = {0};
	fg_buf_scalar(&b, v);
	return b.data;
}

bool fg_splice_value(struct fg_splice *s, const struct fg_plan *p, const struct fg_assignment *a,
			 const struct fg_span *span, const char *key, const char *value)
{
	const char *nl = p->layout->nl ? p->layout->nl : "\n";
	if (span->end > span->start) {
		char *t = scalar_text(value);
		/* a block scalar's span runs to the next line: keep that line break */
		size_t end = span->end;
		while (end > span->start && (p->src[end - 1] == '\n' || p->src[end - 1] == '\r'))
			end--;
		fg_splice_add(s, span->start, end, t);
		return true;
	}
	if (span->start > 0) { /* `key:` with an empty value: the span is the point after the colon */
		struct fg_buf b = {0};
		fg_buf_adds(&b, " ");
		fg_buf_scalar(&b, value);
		fg_splice_add(s, span->start, span->start, b.data);
		return true;
	}
	if (!a->src.block || !a->src.insert_at)
		return false;
	struct fg_buf b = {0};
	fg_buf_printf(&b, "%s%*s%s: ", nl, (int)a->src.indent, "", key);
	fg_buf_scalar(&b, value);
	/* `by:` empty and last: its value is filled in at this same point, first */
	fg_splice_add(s, a->src.insert_at, a->src.insert_at, b.data);
	s->r[s->n - 1].after = 1;
	return true;
}

/* An assignment's `due:` set, added or, cleared, cut with its line when it
 * stands on one of its own ("    due: 2026-06-30"); else written "". */
static bool splice_due(struct fg_splice *s, const struct fg_plan *p, const struct fg_assignment *a)
{
	const struct fg_span *sp = &a->src.due;
	if (*a->due || sp->end <= sp->start)
		return *a->due ? fg_splice_value(s, p, a, sp, "due", a->due) : true; /* none to clear */
	size_t ls = sp->start;
	while (ls > 0 && p->src[ls - 1] != '\n' && p->src[ls - 1] != '\r')
		ls--;
	size_t k = ls;
	while (k < sp->start && p->src[k] == ' ')
		k++;
	size_t end = sp->end;
	while (end < p->srclen && (p->src[end] == ' ' || p->src[end] == '\t'))
		end++;
	bool own_line = ls > 0 && sp->start - k >= 4 && strncmp(p->src + k, "due:", 4) == 0 &&
			strspn(p->src + k + 4, " \t") == sp->start - k - 4 &&
			(end == p->srclen || p->src[end] == '\n' || p->src[end] == '\r');
	if (!own_line)
		return fg_splice_value(s, p, a, sp, "due", "");
	/* from the line break before the key to the end of the value */
	size_t from = ls - 1;
	if (from > 0 && p->src[from] == '\n' && p->src[from - 1] == '\r')
		from--;
	fg_splice_add(s, from, end, fg_xstrdup(""));
	return true;
}

char *fg_splice_plan(struct fg_plan *p, size_t first_new_record, size_t *outlen)
{
	const struct fg_src_layout *lay = p->layout;
	if (!p->src || !lay || !lay->root_block)
		return NULL;
	const char *nl = lay->nl ? lay->nl : "\n";
	struct fg_splice s = {0};
	struct fg_touched *t;
	size_t n = fg_journal_touched(p, &t);
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++) {
		const struct fg_assignment *a = t[i].a;
		const struct fg_asg_state *o = &t[i].orig;
		if (o->status != a->status)
			ok &= fg_splice_value(&s, p, a, &a->src.status, "status", fg_status_name(a->status));
		if (strcmp(o->note, a->note) != 0)
			ok &= fg_splice_value(&s, p, a, &a->src.note, "note", a->note);
		if (strcmp(o->updated, a->updated) != 0)
			ok &= fg_splice_value(&s, p, a, &a->src.updated, "updated", a->updated);
		if (strcmp(o->by, a->by) != 0)
			ok &= fg_splice_value(&s, p, a, &a->src.by, "by", a->by);
	}
	free(t);
	/* assignments' own due dates (fg_plan_set_due): the first edit's before
	 * against the value now, each assignment once */
	for (size_t i = 0; i < p->undo_pos && ok; i++) {
		const struct fg_edit *e = &p->edits[i];
		bool first = e->due_edit;
		for (size_t k = 0; k < i && first; k++)
			first = !(p->edits[k].due_edit && p->edits[k].measure == e->measure &&
				  strcmp(p->edits[k].unit, e->unit) == 0);
		if (!first)
			continue;
		struct fg_measure *m = fg_plan_measure(p, e->measure);
		long ui = m ? fg_plan_unit_index(p, e->unit) : -1;
		const struct fg_assignment *a = ui >= 0 ? fg_measure_assignment(m, (size_t)ui) : NULL;
		if (a && strcmp(e->due_before, a->due) != 0)
			ok = splice_due(&s, p, a);
	}
	/* conflicts the journal resolved (fengong/merge.h): cut their entries,
	 * or the whole `conflicts:` block when none stays open */
	if (ok && lay->has_conflicts && lay->nconflicts > fg_plan_nconflicts(p)) {
		if (lay->conflicts_flow)
			ok = false;
		else if (fg_plan_nconflicts(p) == 0)
			fg_splice_add(&s, lay->conflicts_start, lay->conflicts_end, fg_xstrdup(""));
		else
			for (size_t i = 0; i < lay->nconflicts; i++)
				if (lay->conflicts[i].resolved)
					fg_splice_add(&s, lay->conflicts[i].src.start, lay->conflicts[i].src.end, fg_xstrdup(""));
	}
	if (ok && p->nhistory > first_new_record) {
		struct fg_buf b = {0};
		unsigned indent = lay->history_indent ? lay->history_indent : 4;
		/* a file ending "..." gets its history before that line */
		bool before_end = !lay->has_history && lay->doc_end > 0 && lay->doc_end < p->srclen &&
				  p->src[lay->doc_end - 1] == '\n';
		if (!lay->has_history) {
			if (!lay->final_newline && !before_end)
				fg_buf_adds(&b, nl);
			fg_buf_printf(&b, "history:");
		}
		for (size_t i = first_new_record; i < p->nhistory; i++) {
			fg_buf_adds(&b, nl);
			size_t at = b.len;
			fg_emit_record(&b, (int)indent, &p->history[i], nl);
			/* the records there may put their "-" elsewhere than two columns
			 * left of the keys ("-   at:"): new ones line up with them */
			if (lay->history_indent && !lay->history_flow && lay->history_dash + 2 != indent &&
			    lay->history_dash < indent) {
				memset(b.data + at, ' ', indent);
				b.data[at + lay->history_dash] = '-';
			}
		}
		if (before_end) {
			fg_buf_adds(&b, nl);
			fg_splice_add(&s, lay->doc_end, lay->doc_end, b.data);
			s.r[s.n - 1].after = 2;
		} else if (!lay->has_history) {
			if (lay->final_newline)
				fg_buf_adds(&b, nl);
			fg_splice_add(&s, p->srclen, p->srclen, b.data);
			s.r[s.n - 1].after = 2; /* after keys added to a last assignment there */
		} else if (lay->history_flow || lay->history_empty) {
			/* "history: []" becomes "history:" + records: no blank left after the colon */
			size_t start = lay->history_start;
			while (start > 0 && (p->src[start - 1] == ' ' || p->src[start - 1] == '\t'))
				start--;
			fg_splice_add(&s, start, lay->history_end, b.data);
		} else {
			fg_splice_add(&s, lay->history_end, lay->history_end, b.data);
		}
	}
	if (!ok) {
		for (size_t i = 0; i < s.n; i++)
			free(s.r[i].text);
		free(s.r);
		return NULL;
	}
	/* text appended after a block scalar that ends the file without a line
	 * break would change its value: write the canonical layout instead */
	for (size_t i = 0; ok && lay->ends_in_block_scalar && i < s.n; i++)
		if (s.r[i].start == p->srclen)
			ok = false;
	if (!ok) {
		for (size_t i = 0; i < s.n; i++)
			free(s.r[i].text);
		free(s.r);
		return NULL;
	}
	return fg_splice_apply(&s, p->src, p->srclen, outlen);
}

char *fg_splice_apply(struct fg_splice *s, const char *src, size_t srclen, size_t *outlen)
{
	if (s->n)
		qsort(s->r, s->n, sizeof *s->r, repl_cmp);
	struct fg_buf out = {0};
	size_t pos = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (s->r[i].start >= pos) { /* overlapping replacements cannot happen; never write one twice */
			fg_buf_add(&out, src + pos, s->r[i].start - pos);
			fg_buf_adds(&out, s->r[i].text);
			pos = s->r[i].end;
		}
		free(s->r[i].text);
	}
	fg_buf_add(&out, src + pos, srclen - pos);
	free(s->r);
	s->r = NULL;
	s->n = s->cap = 0;
	*outlen = out.len;
	return out.data;
}
