/* The canonical layout (plan/FORMAT.md) and the scalar style rules the
 * splicing saver shares with it. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "layout.h"
#include "fengong/merge.h"
#include "fengong/text.h"

/* ------------------------------------------------------------ scalars */

/* Would a YAML 1.1/1.2 reader resolve this plain scalar to something other
 * than a string (null, bool, number)? */
static bool resolves_to_non_string(const char *s)
{
	static const char *const words[] = {
		"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf", ".nan", NULL,
	};
	for (int i = 0; words[i]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return true;
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!*p)
		return false;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X' || p[1] == 'o' || p[1] == 'O' || p[1] == 'b' || p[1] == 'B')) {
		/* 0x1F, 0o17, 0b101 are numbers; 0b0c96… (a history hash) is not */
		const char *digits = p[1] == 'x' || p[1] == 'X' ? "0123456789abcdefABCDEF_"
				     : p[1] == 'o' || p[1] == 'O' ? "01234567_" : "01_";
		return p[2] && strspn(p + 2, digits) == strlen(p + 2);
	}
	/* decimal, octal-looking, float, with _ and sexagesimal : as YAML 1.1 allows */
	bool digit = false, dot = false, exp = false;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p) || *p == '_' || *p == ':') {
			digit |= isdigit((unsigned char)*p) != 0;
		} else if (*p == '.' && !dot && !exp) {
			dot = true;
		} else if ((*p == 'e' || *p == 'E') && digit && !exp) {
			exp = true;
			if (p[1] == '+' || p[1] == '-')
				p++;
		} else {
			return false;
		}
	}
	return digit;
}

bool fg_yaml_plain_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]) && !(s[0] == '-' && n > 1 && s[1] != ' ' && !resolves_to_non_string(s) && s[1] != '-'))
		return false;
	if (strstr(s, ": ") || strstr(s, " #") || strstr(s, ":\t"))
		return false;
	if (strncmp(s, "---", 3) == 0 || strncmp(s, "...", 3) == 0 || strcmp(s, "<<") == 0 || strcmp(s, "=") == 0)
		return false;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = fg_utf8_decode(s + i, n - i, &cp);
		if (!k)
			return false;
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF)
			return false;
		i += k;
	}
	return !resolves_to_non_string(s);
}

void fg_buf_scalar(struct fg_buf *b, const char *s)
{
	if (fg_yaml_plain_ok(s)) {
		fg_buf_adds(b, s);
		return;
	}
	fg_buf_add(b, "\"", 1);
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = fg_utf8_decode(s + i, n - i, &cp);
		if (!k) { /* cannot happen for loaded strings; keep the byte visible */
			fg_buf_printf(b, "\\x%02x", (unsigned char)s[i]);
			i++;
			continue;
		}
		switch (cp) {
		case '"': fg_buf_adds(b, "\\\""); break;
		case '\\': fg_buf_adds(b, "\\\\"); break;
		case '\n': fg_buf_adds(b, "\\n"); break;
		case '\t': fg_buf_adds(b, "\\t"); break;
		case '\r': fg_buf_adds(b, "\\r"); break;
		case 0x85: fg_buf_adds(b, "\\N"); break;
		case 0x2028: fg_buf_adds(b, "\\L"); break;
		case 0x2029: fg_buf_adds(b, "\\P"); break;
		case 0xFEFF: fg_buf_adds(b, "\\uFEFF"); break;
		default:
			if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
				fg_buf_printf(b, "\\x%02x", (unsigned)cp);
			else
				fg_buf_add(b, s + i, k);
		}
		i += k;
	}
	fg_buf_add(b, "\"", 1);
}

/* ------------------------------------------------------------ pieces */

static void key_scalar(struct fg_buf *b, int indent, const char *key, const char *value)
{
	fg_buf_printf(b, "%*s%s: ", indent, "", key);
	fg_buf_scalar(b, value);
	fg_buf_add(b, "\n", 1);
}

static void str_list(struct fg_buf *b, int indent, const char *key, const char *const *v, size_t n)
{
	if (!n)
		return;
	fg_buf_printf(b, "%*s%s:\n", indent, "", key);
	for (size_t i = 0; i < n; i++) {
		fg_buf_printf(b, "%*s  - ", indent, "");
		fg_buf_scalar(b, v[i]);
		fg_buf_add(b, "\n", 1);
	}
}

void fg_emit_assignment(struct fg_buf *b, int indent, const struct fg_assignment *a)
{
	/* indent is the column of "- " */
	fg_buf_printf(b, "%*s- unit: ", indent, "");
	fg_buf_scalar(b, a->unit);
	fg_buf_add(b, "\n", 1);
	if (a->via && *a->via)
		key_scalar(b, indent + 2, "via", a->via);
	key_scalar(b, indent + 2, "role", fg_role_name(a->role));
	key_scalar(b, indent + 2, "status", fg_status_name(a->status));
	key_scalar(b, indent + 2, "note", a->note);
	key_scalar(b, indent + 2, "updated", a->updated);
	key_scalar(b, indent + 2, "by", a->by);
	if (a->due && *a->due)
		key_scalar(b, indent + 2, "due", a->due);
}

static void rec_key(struct fg_buf *b, int indent, const char *nl, const char *key, const char *value)
{
	fg_buf_printf(b, "%s%*s%s: ", nl, indent, "", key);
	fg_buf_scalar(b, value ? value : "");
}

static void rec_opt(struct fg_buf *b, int indent, const char *nl, const char *key, const char *value)
{
	if (value && *value)
		rec_key(b, indent, nl, key, value);
}

void fg_emit_record(struct fg_buf *b, int indent, const struct fg_record *r, const char *nl)
{
	/* indent is the column of the keys; "- " sits two columns left.  A
	 * status change (no kind) writes every version-1 key, as it always
	 * did; a record of another kind only the keys it has (FORMAT.md). */
	bool v1 = r->kind == FG_KIND_STATUS;
	fg_buf_printf(b, "%*s- at: ", indent - 2, "");
	fg_buf_scalar(b, r->at);
	rec_key(b, indent, nl, "by", r->by);
	rec_key(b, indent, nl, "as", r->as);
	if (!v1)
		rec_key(b, indent, nl, "kind", fg_record_kind_name(r->kind));
	if (v1 || r->measure > 0)
		fg_buf_printf(b, "%s%*smeasure: %d", nl, indent, "", r->measure);
	if (v1)
		rec_key(b, indent, nl, "unit", r->unit);
	else
		rec_opt(b, indent, nl, "unit", r->unit);
	if (fg_record_has_status(r)) {
		fg_buf_printf(b, "%s%*sfrom: %s", nl, indent, "", fg_status_name(r->from));
		fg_buf_printf(b, "%s%*sto: %s", nl, indent, "", fg_status_name(r->to));
	}
	if (v1)
		rec_key(b, indent, nl, "note", r->note);
	else
		rec_opt(b, indent, nl, "note", r->note);
	rec_opt(b, indent, nl, "period", r->period);
	rec_opt(b, indent, nl, "progress", r->progress);
	rec_opt(b, indent, nl, "problems", r->problems);
	rec_opt(b, indent, nl, "next", r->next);
	if (r->has_percent)
		fg_buf_printf(b, "%s%*spercent: %d", nl, indent, "", r->percent);
	rec_opt(b, indent, nl, "due", r->due);
	rec_opt(b, indent, nl, "subject", r->subject);
	rec_opt(b, indent, nl, "key", r->key);
	rec_key(b, indent, nl, "hash", r->hash);
	rec_opt(b, indent, nl, "sig", r->sig);
}

void fg_emit_conflict(struct fg_buf *b, int indent, const struct fg_conflict *c, const char *nl)
{
	/* indent is the column of the keys; "- " sits two columns left */
	if (c->measure > 0) {
		fg_buf_printf(b, "%*s- measure: %d", indent - 2, "", c->measure);
		fg_buf_printf(b, "%s%*sunit: ", nl, indent, "");
		fg_buf_scalar(b, c->unit);
		fg_buf_printf(b, "%s%*sstatus: %s", nl, indent, "", fg_status_name(c->status));
		const char *keys[] = {"note", "updated", "by", NULL};
		const char *vals[] = {c->note, c->updated, c->by};
		for (int i = 0; keys[i]; i++) {
			fg_buf_printf(b, "%s%*s%s: ", nl, indent, "", keys[i]);
			fg_buf_scalar(b, vals[i]);
		}
		return;
	}
	fg_buf_printf(b, "%*s- near: %u", indent - 2, "", c->near);
	fg_buf_printf(b, "%s%*swas: ", nl, indent, "");
	fg_buf_scalar(b, c->was);
	fg_buf_printf(b, "%s%*sother: ", nl, indent, "");
	fg_buf_scalar(b, c->other);
}

char *fg_plan_emit(const struct fg_plan *p, size_t *len)
{
	struct fg_buf b = {0};
	fg_buf_printf(&b, "version: %d\n", p->version);
	fg_buf_adds(&b, "plan:\n");
	key_scalar(&b, 2, "title", p->title);
	key_scalar(&b, 2, "number", p->number);
	key_scalar(&b, 2, "issuer", p->issuer);
	key_scalar(&b, 2, "date", p->date);
	if (p->signing)
		key_scalar(&b, 2, "signing", p->signing == FG_SIGNING_REQUIRED ? "required" : "optional");
	if (p->reporting.every != FG_EVERY_NONE) {
		static const char *const every[] = {"", "month", "quarter", "week"};
		fg_buf_printf(&b, "  reporting:\n    every: %s\n    due_day: %d\n", every[p->reporting.every],
			      p->reporting.due_day);
	}
	if (p->review_required)
		fg_buf_adds(&b, "  review: required\n");
	if (p->ntargets) {
		fg_buf_adds(&b, "  targets:\n");
		for (size_t i = 0; i < p->ntargets; i++) {
			fg_buf_adds(&b, "    - text: ");
			fg_buf_scalar(&b, p->targets[i].text);
			fg_buf_add(&b, "\n", 1);
			if (*p->targets[i].due)
				key_scalar(&b, 6, "due", p->targets[i].due);
		}
	}
	fg_buf_adds(&b, p->nunits ? "units:\n" : "units: []\n");
	for (size_t i = 0; i < p->nunits; i++) {
		const struct fg_unit *u = &p->units[i];
		fg_buf_adds(&b, "  - name: ");
		fg_buf_scalar(&b, u->name);
		fg_buf_add(&b, "\n", 1);
		str_list(&b, 4, "aliases", u->aliases, u->naliases);
		str_list(&b, 4, "members", u->members, u->nmembers);
	}
	if (p->nsigners) {
		fg_buf_adds(&b, "signers:\n");
		for (size_t i = 0; i < p->nsigners; i++) {
			const struct fg_signer *g = &p->signers[i];
			fg_buf_adds(&b, "  - name: ");
			fg_buf_scalar(&b, g->name);
			fg_buf_add(&b, "\n", 1);
			key_scalar(&b, 4, "role", fg_signer_role_name(g->role));
			str_list(&b, 4, "units", g->units, g->nunits);
			key_scalar(&b, 4, "key", g->key);
		}
	}
	if (p->nsections) {
		fg_buf_adds(&b, "sections:\n");
		for (size_t i = 0; i < p->nsections; i++) {
			fg_buf_adds(&b, "  - id: ");
			fg_buf_scalar(&b, p->sections[i].id);
			fg_buf_add(&b, "\n", 1);
			key_scalar(&b, 4, "title", p->sections[i].title);
		}
	}
	fg_buf_adds(&b, p->nmeasures ? "measures:\n" : "measures: []\n");
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		fg_buf_printf(&b, "  - number: %d\n", m->number);
		key_scalar(&b, 4, "label", m->label);
		if (*m->section)
			key_scalar(&b, 4, "section", m->section);
		key_scalar(&b, 4, "title", m->title);
		key_scalar(&b, 4, "text", m->text);
		str_list(&b, 4, "targets", m->targets, m->ntargets);
		if (*m->due)
			key_scalar(&b, 4, "due", m->due);
		if (*m->unassigned)
			key_scalar(&b, 4, "unassigned", m->unassigned);
		fg_emit_parts(&b, 4, m);
		if (!m->nasg) {
			fg_buf_adds(&b, "    assignments: []\n");
			continue;
		}
		fg_buf_adds(&b, "    assignments:\n");
		for (size_t k = 0; k < m->nasg; k++)
			fg_emit_assignment(&b, 6, &m->asg[k]);
	}
	if (p->nhistory) {
		fg_buf_adds(&b, "history:\n");
		for (size_t i = 0; i < p->nhistory; i++) {
			fg_emit_record(&b, 4, &p->history[i], "\n");
			fg_buf_add(&b, "\n", 1);
		}
	}
	if (fg_plan_nconflicts(p)) {
		fg_buf_adds(&b, "conflicts:\n");
		for (size_t i = 0; i < fg_plan_nconflicts(p); i++) {
			fg_emit_conflict(&b, 4, fg_plan_conflict(p, i), "\n");
			fg_buf_add(&b, "\n", 1);
		}
	}
	if (!b.data)
		fg_buf_add(&b, "", 0);
	*len = b.len;
	return b.data;
}
