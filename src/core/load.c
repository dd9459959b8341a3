/* The one way in: YAML file -> validated plan.
 *
 * The loader walks libyaml's event stream against a fixed schema.  It keeps
 * the byte span of every assignment value and of the history's end, so the
 * saver can splice edits into the original bytes.  libyaml's mark.index
 * counts characters (a BOM not included, CR and LF one each), so marks are
 * turned into byte offsets with a cursor that only moves forward.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "internal.h"
#include "fengong/sshsig.h"
#include "layout.h"
#include "fengong/date.h"
#include "fengong/cycle.h"
#include "fengong/merge.h"
#include "fengong/text.h"

#define MAX_DEPTH 16

struct loader {
	yaml_parser_t parser;
	yaml_event_t ev;
	bool have_ev;
	bool fatal;
	int depth;
	struct fg_plan *p;
	struct fg_diag *d;
	const char *buf;
	size_t len;
	size_t bom;           /* 3 when the file starts with a UTF-8 BOM */
	size_t cur_char, cur_byte;
	size_t last_end_index; /* the last scalar's end mark (characters); last_end() */
	bool have_last_end;
	struct places *pl;    /* where validated values sit, for located errors */
	bool last_block;      /* the last scalar seen was literal (|) or folded (>) */
	/* a measure's assignments are gathered here, then copied to the arena at
	 * their exact size: growing them in the arena would strand the smaller
	 * copies (0.4x the file size on large plans) */
	struct fg_assignment *asg;
	size_t nasg, asg_cap;
	/* the history likewise: doubling it in the arena stranded copies as
	 * large as the history itself (20 MB of pages touched for 70 000
	 * records) */
	struct fg_record *rec;
	size_t rec_cap;
};

/* ------------------------------------------------------------ places */

/* Where the values that validation checks across the file (unit names,
 * section ids, measure numbers and sections) sit; index = item index. */
struct place {
	unsigned line, col;
};

struct places {
	struct place *unit, *section, *number, *msection;
	size_t cunit, csection, cnumber, cmsection; /* capacities */
};

static void place_put(struct place **arr, size_t *cap, size_t i, const yaml_mark_t *m)
{
	if (i >= *cap) {
		size_t n = *cap ? *cap * 2 : 64;
		while (n <= i)
			n *= 2;
		*arr = fg_xrealloc(*arr, n * sizeof **arr);
		memset(*arr + *cap, 0, (n - *cap) * sizeof **arr);
		*cap = n;
	}
	(*arr)[i] = (struct place){(unsigned)m->line + 1, (unsigned)m->column + 1};
}

static struct place place_get(const struct place *arr, size_t cap, size_t i, unsigned line)
{
	if (arr && i < cap && arr[i].line)
		return arr[i];
	return (struct place){line, 0};
}

/* ------------------------------------------------------------ marks */

static size_t byte_of(struct loader *L, size_t index)
{
	const unsigned char *s = (const unsigned char *)L->buf;
	if (index < L->cur_char) {
		/* A value's start is asked for after its end (next() notes every
		 * scalar's end): step back over the characters, which costs the
		 * value's length, instead of counting again from the top (that
		 * made loading quadratic).  The file is valid UTF-8 (prescan), so
		 * stepping back over continuation bytes undoes the forward steps. */
		if (L->cur_char - index <= index && L->cur_byte <= L->len) {
			while (L->cur_char > index) {
				do
					L->cur_byte--;
				while (L->cur_byte > L->bom && (s[L->cur_byte] & 0xC0) == 0x80);
				L->cur_char--;
			}
		} else {
			L->cur_char = 0;
			L->cur_byte = L->bom;
		}
	}
	/* Eight bytes at a time while the target lies beyond them: a character
	 * starts at every byte that is not a continuation byte (10xxxxxx).  A
	 * word may end inside a character: skip its continuation bytes. */
	if (index - L->cur_char >= 8 && L->cur_byte + 8 <= L->len) {
		do {
			uint64_t w;
			memcpy(&w, s + L->cur_byte, 8);
			uint64_t cont = w & ~(w << 1) & 0x8080808080808080ull;
			L->cur_byte += 8;
			L->cur_char += 8 - (size_t)(((cont >> 7) * 0x0101010101010101ull) >> 56);
		} while (index - L->cur_char >= 8 && L->cur_byte + 8 <= L->len);
		while (L->cur_byte < L->len && (s[L->cur_byte] & 0xC0) == 0x80)
			L->cur_byte++;
	}
	while (L->cur_char < index && L->cur_byte < L->len) {
		unsigned c = s[L->cur_byte];
		size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
		L->cur_byte += n;
		L->cur_char++;
	}
	return L->cur_byte < L->len ? L->cur_byte : L->len;
}

/* The byte end of the last scalar seen (0 before any).  Worked out only
 * where it is needed, not for every scalar: byte_of per scalar was a fifth
 * of what loading adds to libyaml's parse. */
static size_t last_end(struct loader *L)
{
	return L->have_last_end ? byte_of(L, L->last_end_index) : 0;
}

/* A block scalar's end mark lies after its line break(s): where keys are
 * inserted after a value, step back to the end of its content. */
static size_t content_end(const struct loader *L, size_t end)
{
	while (end > L->bom && (L->buf[end - 1] == '\n' || L->buf[end - 1] == '\r'))
		end--;
	return end;
}

static unsigned line_of(const yaml_mark_t *m) { return (unsigned)m->line + 1; }
static unsigned col_of(const yaml_mark_t *m) { return (unsigned)m->column + 1; }

/* fmt (marked FG_N_) takes up to two strings; fg_diag_add translates it
 * and keeps the message whole. */
static bool err_at(struct loader *L, const yaml_mark_t *m, const char *fmt, const char *a, const char *b)
{
	return fg_diag_add(L->d, FG_ERR_INVALID, line_of(m), col_of(m), fmt, a ? a : "", b ? b : "");
}

/* ------------------------------------------------------------ events */

static const char *event_what(const yaml_event_t *e)
{
	switch (e->type) {
	case YAML_SCALAR_EVENT: return fg_tr(FG_N_("a scalar"));
	case YAML_SEQUENCE_START_EVENT: return fg_tr(FG_N_("a sequence"));
	case YAML_MAPPING_START_EVENT: return fg_tr(FG_N_("a mapping"));
	case YAML_ALIAS_EVENT: return fg_tr(FG_N_("an alias"));
	default: return fg_tr(FG_N_("the end of a block"));
	}
}

/* libyaml's words for the problems a hand-edited plan runs into, so the
 * catalogue can translate them; any other stays as libyaml says it. */
static const char *yaml_word(const char *s)
{
	static const char *const known[] = {
		FG_N_("did not find expected key"),
		FG_N_("did not find expected node content"),
		FG_N_("did not find expected '-' indicator"),
		FG_N_("did not find expected ',' or ']'"),
		FG_N_("did not find expected ',' or '}'"),
		FG_N_("did not find expected comment or line break"),
		FG_N_("did not find expected <document start>"),
		FG_N_("mapping values are not allowed in this context"),
		FG_N_("block sequence entries are not allowed in this context"),
		FG_N_("could not find expected ':'"),
		FG_N_("found character that cannot start any token"),
		FG_N_("found unexpected end of stream"),
		FG_N_("found unknown escape character"),
		FG_N_("found unexpected document indicator"),
		FG_N_("found a tab character that violates indentation"),
		FG_N_("found a tab character where an indentation space is expected"),
		FG_N_("while parsing a block mapping"),
		FG_N_("while parsing a block collection"),
		FG_N_("while parsing a block node"),
		FG_N_("while parsing a flow node"),
		FG_N_("while parsing a flow mapping"),
		FG_N_("while parsing a flow sequence"),
		FG_N_("while parsing a node"),
		FG_N_("while scanning a simple key"),
		FG_N_("while scanning a quoted scalar"),
		FG_N_("while scanning a plain scalar"),
		FG_N_("while scanning a block scalar"),
		FG_N_("while scanning for the next token"),
	};
	for (size_t i = 0; s && i < sizeof known / sizeof known[0]; i++)
		if (strcmp(s, known[i]) == 0)
			return fg_tr(known[i]);
	return s;
}

/* Advance to the next event, refusing what a plan never contains. */
static bool next(struct loader *L)
{
	if (L->fatal)
		return false;
	if (L->have_ev)
		yaml_event_delete(&L->ev);
	L->have_ev = false;
	if (!yaml_parser_parse(&L->parser, &L->ev)) {
		yaml_mark_t m = L->parser.problem_mark;
		if (L->parser.error == YAML_READER_ERROR) {
			/* the reader gives a byte offset, not a mark: find its line and column */
			size_t at = L->bom + L->parser.problem_offset;
			m.line = m.column = 0;
			for (size_t i = 0; i < at && i < L->len; i++) {
				if (L->buf[i] == '\n')
					m.line++, m.column = 0;
				else if (((unsigned char)L->buf[i] & 0xC0) != 0x80)
					m.column++;
			}
		}
		const char *ctx = L->parser.context;
		char msg[300];
		char where[64] = "";
		if (ctx && L->parser.context_mark.line != m.line)
			snprintf(where, sizeof where, fg_tr(FG_N_(" (that starts at line %u)")), line_of(&L->parser.context_mark));
		snprintf(msg, sizeof msg, fg_tr(FG_N_("YAML syntax error: %s%s%s%s")),
			 L->parser.problem ? yaml_word(L->parser.problem) : "unknown", ctx ? " " : "",
			 ctx ? yaml_word(ctx) : "", where);
		fg_diag_add(L->d, FG_ERR_INVALID, line_of(&m), col_of(&m), "%s", msg);
		L->fatal = true;
		return false;
	}
	L->have_ev = true;
	yaml_event_t *e = &L->ev;
	const yaml_char_t *anchor = NULL, *tag = NULL;
	switch (e->type) {
	case YAML_ALIAS_EVENT:
		err_at(L, &e->start_mark, FG_N_("aliases (*%s) are not allowed in a plan; write the value out"), (const char *)e->data.alias.anchor, NULL);
		L->fatal = true;
		return false;
	case YAML_SCALAR_EVENT:
		anchor = e->data.scalar.anchor;
		tag = e->data.scalar.tag;
		L->last_end_index = e->end_mark.index;
		L->have_last_end = true;
		L->last_block = e->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
				e->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = e->data.sequence_start.anchor;
		tag = e->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = e->data.mapping_start.anchor;
		tag = e->data.mapping_start.tag;
		break;
	default:
		break;
	}
	if (anchor) {
		err_at(L, &e->start_mark, FG_N_("anchors (&%s) are not allowed in a plan; write each value out"), (const char *)anchor, NULL);
		L->fatal = true;
		return false;
	}
	if (tag) {
		err_at(L, &e->start_mark, FG_N_("tags (%s) are not allowed in a plan; remove the tag"), (const char *)tag, NULL);
		L->fatal = true;
		return false;
	}
	if (e->type == YAML_SEQUENCE_START_EVENT || e->type == YAML_MAPPING_START_EVENT) {
		if (++L->depth > MAX_DEPTH) {
			err_at(L, &e->start_mark, FG_N_("nesting is deeper than a plan ever needs; the file is not a plan"), NULL, NULL);
			L->fatal = true;
			return false;
		}
	} else if (e->type == YAML_SEQUENCE_END_EVENT || e->type == YAML_MAPPING_END_EVENT) {
		L->depth--;
	}
	return true;
}

/* Skip the node whose first event is current; leaves its last event current. */
static bool skip_node(struct loader *L)
{
	if (L->ev.type != YAML_SEQUENCE_START_EVENT && L->ev.type != YAML_MAPPING_START_EVENT)
		return true;
	int level = 1;
	while (level > 0) {
		if (!next(L))
			return false;
		if (L->ev.type == YAML_SEQUENCE_START_EVENT || L->ev.type == YAML_MAPPING_START_EVENT)
			level++;
		else if (L->ev.type == YAML_SEQUENCE_END_EVENT || L->ev.type == YAML_MAPPING_END_EVENT)
			level--;
	}
	return true;
}

static bool is_null_plain(const yaml_event_t *e)
{
	if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *v = (const char *)e->data.scalar.value;
	if (*v && *v != '~' && *v != 'n' && *v != 'N')
		return false; /* the common case, without four strcmp */
	return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/* Current event must be a scalar: its value as a string ("" for null). */
static bool get_string(struct loader *L, const char *key, const char **out, struct fg_span *span)
{
	yaml_event_t *e = &L->ev;
	if (e->type != YAML_SCALAR_EVENT) {
		err_at(L, &e->start_mark, FG_N_("`%s` must be a string, not %s"), key, event_what(e));
		skip_node(L);
		return false;
	}
	*out = is_null_plain(e) ? "" : fg_arena_strndup(L->p->arena, (const char *)e->data.scalar.value, e->data.scalar.length);
	if (memchr(e->data.scalar.value, 0, e->data.scalar.length)) {
		err_at(L, &e->start_mark, FG_N_("`%s` contains a NUL character (\\0); remove it"), key, NULL);
		return false;
	}
	if (span) {
		span->start = byte_of(L, e->start_mark.index);
		span->end = byte_of(L, e->end_mark.index);
	}
	return true;
}

/* The names rows are keyed by (unit names, aliases, members, labels,
 * section ids, an assignment's unit) may hold no bidi or invisible
 * character (issue 13): one would let a name pass for another.  Called
 * with the value's scalar current; other keys pass. */
static void refuse_invisible(struct loader *L, const char *key, const char *s)
{
	/* Every invisible character (fg_cp_invisible) is encoded with a lead
	 * byte of C2-E3, EF or F0-F4: names of ASCII and CJK ideographs (leads
	 * E4-EE) need no closer look. */
	const unsigned char *u = (const unsigned char *)s;
	while (*u && (*u < 0xC2 || (*u >= 0xE4 && *u <= 0xEE)))
		u++;
	if (!*u)
		return;
	static const char *const what[][2] = {
		{"name", FG_N_("the unit name")}, {"aliases", FG_N_("the alias")}, {"members", FG_N_("the member")},
		{"label", FG_N_("the measure label")}, {"id", FG_N_("the section id")}, {"section", FG_N_("the section")},
		{"unit", FG_N_("the unit")},
	};
	const char *desc = NULL;
	for (size_t k = 0; k < sizeof what / sizeof what[0]; k++)
		if (strcmp(key, what[k][0]) == 0)
			desc = what[k][1];
	uint32_t cp;
	if (!desc || L->ev.type != YAML_SCALAR_EVENT || fg_text_find_invisible(s, strlen(s), &cp) == (size_t)-1)
		return;
	/* the place of the character itself when it is written as it is (not
	 * as a \u escape): from the scalar's start, counting characters */
	const yaml_mark_t *m = &L->ev.start_mark;
	unsigned line = line_of(m), col = col_of(m);
	size_t b0 = byte_of(L, m->index), b1 = byte_of(L, L->ev.end_mark.index);
	char enc[4];
	size_t n = fg_utf8_encode(cp, enc);
	for (size_t i = b0; i + n <= b1; i++)
		if (memcmp(L->buf + i, enc, n) == 0) {
			for (size_t k = b0; k < i; k++) {
				if (L->buf[k] == '\n')
					line++, col = 1;
				else if (((unsigned char)L->buf[k] & 0xC0) != 0x80 && L->buf[k] != '\r')
					col++;
			}
			break;
		}
	char shown[200];
	fg_text_fit(s, 40, false, shown, sizeof shown);
	fg_diag_add(L->d, FG_ERR_INVALID, line, col,
		    FG_N_("%s \"%s\" holds U+%04X (%s), which reorders text or cannot be seen, so one name could pass for "
		    "another; remove it"),
		    fg_tr(desc), shown, (unsigned)cp, fg_tr(fg_cp_invisible_name(cp)));
}

static bool get_int(struct loader *L, const char *key, int *out)
{
	yaml_event_t *e = &L->ev;
	if (e->type != YAML_SCALAR_EVENT) {
		err_at(L, &e->start_mark, FG_N_("`%s` must be a whole number, not %s"), key, event_what(e));
		skip_node(L);
		return false;
	}
	const char *v = (const char *)e->data.scalar.value;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || !*v || *end || errno || n < 0 || n > 1000000000 ||
	    (v[0] == '0' && v[1])) {
		if (e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && *v && (n > 1000000000 || errno == ERANGE) &&
		    strspn(v, "0123456789") == strlen(v))
			err_at(L, &e->start_mark, FG_N_("`%s` is %s, over the limit of 1000000000 (10^9)"), key, v);
		else
			err_at(L, &e->start_mark, FG_N_("`%s` must be a whole number, not \"%s\""), key, v);
		return false;
	}
	*out = (int)n;
	return true;
}

static bool get_date_span(struct loader *L, const char *key, const char **out, struct fg_span *span)
{
	if (!get_string(L, key, out, span))
		return false;
	const char *v = *out;
	if (!*v)
		return true;
	if (!fg_date_valid(v))
		return err_at(L, &L->ev.start_mark, FG_N_("`%s` must be a real calendar date written YYYY-MM-DD, not \"%s\""), key, v);
	return true;
}

static bool get_date(struct loader *L, const char *key, const char **out)
{
	return get_date_span(L, key, out, NULL);
}

/* ------------------------------------------------------------ mappings */

/* Walk a mapping whose MAPPING_START is current.  For each key, calls
 * fn(L, key_index, ctx) with the value's first event current.  Unknown and
 * duplicate keys are reported; keys[] ends with NULL. */
typedef void (*key_fn)(struct loader *L, int key, void *ctx);

static bool walk_mapping(struct loader *L, const char *what, const char *const *keys, unsigned required,
			 key_fn fn, void *ctx)
{
	yaml_event_t *e = &L->ev;
	if (e->type != YAML_MAPPING_START_EVENT) {
		err_at(L, &e->start_mark, FG_N_("%s must be a mapping (key: value lines), not %s"), fg_tr(what), event_what(e));
		skip_node(L);
		return false;
	}
	yaml_mark_t start = e->start_mark;
	unsigned seen = 0;
	unsigned lines[32] = {0};
	bool ok = true;
	for (;;) {
		if (!next(L))
			return false;
		if (L->ev.type == YAML_MAPPING_END_EVENT)
			break;
		if (L->ev.type != YAML_SCALAR_EVENT) {
			err_at(L, &L->ev.start_mark, FG_N_("a key in %s must be a plain word, not %s"), fg_tr(what),
			       event_what(&L->ev));
			skip_node(L);
			if (!next(L))
				return false;
			skip_node(L);
			ok = false;
			continue;
		}
		const char *k = (const char *)L->ev.data.scalar.value;
		yaml_mark_t km = L->ev.start_mark;
		int ki = -1;
		for (int i = 0; keys[i]; i++)
			if (keys[i][0] == k[0] && strcmp(keys[i], k) == 0) {
				ki = i;
				break;
			}
		if (ki < 0) {
			char valid[300] = "";
			for (int i = 0; keys[i]; i++) {
				strcat(valid, i ? ", " : "");
				strncat(valid, keys[i], sizeof valid - strlen(valid) - 1);
			}
			if (strcmp(k, "<<") == 0)
				err_at(L, &km, FG_N_("merge keys (<<) are not allowed in a plan; write the keys out"), NULL, NULL);
			else
				err_at(L, &km, FG_N_("unknown key `%s`; valid keys here: %s"), k, valid);
			ok = false;
			if (!next(L))
				return false;
			skip_node(L);
			continue;
		}
		if (seen & (1u << ki)) {
			char msg[160];
			snprintf(msg, sizeof msg, fg_tr(FG_N_("duplicate key `%s` (first at line %u); keep one")), k, lines[ki]);
			err_at(L, &km, "%s", msg, NULL);
			ok = false;
			if (!next(L))
				return false;
			skip_node(L);
			continue;
		}
		seen |= 1u << ki;
		lines[ki] = line_of(&km);
		if (!next(L))
			return false;
		fn(L, ki, ctx);
		if (L->fatal)
			return false;
	}
	for (int i = 0; keys[i]; i++)
		if ((required & (1u << i)) && !(seen & (1u << i))) {
			err_at(L, &start, FG_N_("%s is missing the required key `%s`"), fg_tr(what), keys[i]);
			ok = false;
		}
	return ok;
}

/* Walk a sequence whose SEQUENCE_START is current; fn per item. */
static bool walk_sequence(struct loader *L, const char *what, void (*fn)(struct loader *L, void *ctx), void *ctx)
{
	if (L->ev.type != YAML_SEQUENCE_START_EVENT) {
		err_at(L, &L->ev.start_mark, FG_N_("`%s` must be a list (lines starting with \"- \"), not %s"), what, event_what(&L->ev));
		skip_node(L);
		return false;
	}
	for (;;) {
		if (!next(L))
			return false;
		if (L->ev.type == YAML_SEQUENCE_END_EVENT)
			return true;
		fn(L, ctx);
		if (L->fatal)
			return false;
	}
}

static void string_item(struct loader *L, void *ctx)
{
	struct { const char *what; const char ***arr; size_t *n; } *c = ctx;
	const char *s;
	if (get_string(L, c->what, &s, NULL)) {
		refuse_invisible(L, c->what, s); /* aliases and members */
		size_t n = *c->n;
		if (n == 0 || (n >= 4 && (n & (n - 1)) == 0))
			*c->arr = fg_arena_grow(L->p->arena, *c->arr, n, n ? n * 2 : 4, sizeof **c->arr);
		(*c->arr)[(*c->n)++] = s;
	}
}

static void string_list(struct loader *L, const char *what, const char ***arr, size_t *n)
{
	struct { const char *what; const char ***arr; size_t *n; } c = {what, arr, n};
	walk_sequence(L, what, string_item, &c);
}

/* ------------------------------------------------------------ plan: */

static const char *const plan_keys[] = {"title", "number", "issuer", "date", "targets", "reporting", "review", "signing", NULL};
static const char *const reporting_keys[] = {"every", "due_day", NULL};

static void reporting_key(struct loader *L, int k, void *ctx)
{
	yaml_mark_t *every_m = ctx;
	struct fg_reporting *r = &L->p->reporting;
	const char *s;
	if (k == 0) {
		*every_m = L->ev.start_mark;
		if (!get_string(L, "every", &s, NULL))
			return;
		if (strcmp(s, "month") == 0)
			r->every = FG_EVERY_MONTH;
		else if (strcmp(s, "quarter") == 0)
			r->every = FG_EVERY_QUARTER;
		else if (strcmp(s, "week") == 0)
			r->every = FG_EVERY_WEEK;
		else
			err_at(L, &L->ev.start_mark, FG_N_("unknown reporting cycle \"%s\"; use month, quarter or week%s"), s, NULL);
	} else {
		get_int(L, "due_day", &r->due_day);
	}
}
static const char *const target_keys[] = {"text", "due", NULL};

static void target_key(struct loader *L, int k, void *ctx)
{
	struct fg_target *t = ctx;
	if (k == 0)
		get_string(L, "text", &t->text, NULL);
	else
		get_date(L, "due", &t->due);
}

static void target_item(struct loader *L, void *ctx)
{
	(void)ctx;
	struct fg_target *t = fg_plan_add_target(L->p, "", "");
	walk_mapping(L, FG_N_("a plan target"), target_keys, 1u, target_key, t);
}

static void plan_key(struct loader *L, int k, void *ctx)
{
	(void)ctx;
	struct fg_plan *p = L->p;
	switch (k) {
	case 0: get_string(L, "title", &p->title, NULL); break;
	case 1: get_string(L, "number", &p->number, NULL); break;
	case 2: get_string(L, "issuer", &p->issuer, NULL); break;
	case 3: get_date(L, "date", &p->date); break;
	case 4: walk_sequence(L, "targets", target_item, NULL); break;
	case 5: {
		yaml_mark_t at = L->ev.start_mark, every_m = at;
		if (!walk_mapping(L, "`reporting`", reporting_keys, 3u, reporting_key, &every_m))
			break;
		int max = p->reporting.every == FG_EVERY_WEEK ? 7 : 31;
		if (p->reporting.every != FG_EVERY_NONE && (p->reporting.due_day < 1 || p->reporting.due_day > max))
			err_at(L, &at, FG_N_("`due_day` must be %s%s"), p->reporting.every == FG_EVERY_WEEK
					 ? fg_tr(FG_N_("a weekday, 1 (Monday) to 7 (Sunday)"))
					 : fg_tr(FG_N_("a day of the month, 1 to 31")), NULL);
		break;
	}
	case 6: {
		const char *s;
		if (get_string(L, "review", &s, NULL)) {
			if (strcmp(s, "required") == 0)
				p->review_required = true;
			else if (*s && strcmp(s, "none") != 0)
				err_at(L, &L->ev.start_mark, FG_N_("`review` is `required` or `none`, not \"%s\"%s"), s, NULL);
		}
		break;
	}
	case 7: {
		const char *v;
		if (!get_string(L, "signing", &v, NULL))
			break;
		if (strcmp(v, "required") == 0)
			p->signing = FG_SIGNING_REQUIRED;
		else if (strcmp(v, "optional") == 0)
			p->signing = FG_SIGNING_OPTIONAL;
		else
			err_at(L, &L->ev.start_mark, FG_N_("`signing` is required or optional, not \"%s\""), v, NULL);
		break;
	}
	}
}

/* ------------------------------------------------------------ signers: */

static const char *const signer_keys[] = {"name", "role", "units", "key", NULL};

static void signer_key(struct loader *L, int k, void *ctx)
{
	struct fg_signer *g = ctx;
	const char *v;
	switch (k) {
	case 0: get_string(L, "name", &g->name, NULL); break;
	case 1:
		if (get_string(L, "role", &v, NULL) && !fg_signer_role_parse(v, &g->role))
			err_at(L, &L->ev.start_mark, FG_N_("a signer's role is liaison, coordinator or auditor, not \"%s\""), v, NULL);
		break;
	case 2: string_list(L, "units", &g->units, &g->nunits); break;
	case 3: {
		yaml_mark_t m = L->ev.start_mark;
		char why[200];
		if (!get_string(L, "key", &g->key, NULL))
			break;
		struct fg_sshkey *key = fg_sshkey_parse(g->key, why, sizeof why);
		if (!key)
			err_at(L, &m, FG_N_("a signer's key must be an OpenSSH public key line: %s"), why, NULL);
		else
			g->key = fg_arena_strndup(L->p->arena, fg_sshkey_line(key), strlen(fg_sshkey_line(key)));
		fg_sshkey_free(key);
		break;
	}
	}
}

static void signer_item(struct loader *L, void *ctx)
{
	(void)ctx;
	struct fg_plan *p = L->p;
	size_t n = p->nsigners;
	if (n == 0 || (n >= 4 && (n & (n - 1)) == 0))
		p->signers = fg_arena_grow(p->arena, p->signers, n, n ? n * 2 : 4, sizeof *p->signers);
	struct fg_signer *g = &p->signers[p->nsigners++];
	memset(g, 0, sizeof *g);
	g->name = g->key = "";
	g->line = line_of(&L->ev.start_mark);
	g->col = (unsigned)L->ev.start_mark.column + 1;
	walk_mapping(L, "a signer", signer_keys, 1u | 2u | 8u, signer_key, g);
	for (size_t i = 0; i + 1 < p->nsigners; i++)
		if (*g->name && strcmp(p->signers[i].name, g->name) == 0) {
			yaml_mark_t at = {.line = g->line - 1, .column = g->col - 1};
			err_at(L, &at, FG_N_("the signer \"%s\" is listed twice; keep one"), g->name, NULL);
		}
}

/* ------------------------------------------------------------ units: */

static const char *const unit_keys[] = {"name", "aliases", "members", NULL};

static void unit_key(struct loader *L, int k, void *ctx)
{
	struct fg_unit *u = ctx;
	if (k == 0) {
		place_put(&L->pl->unit, &L->pl->cunit, L->p->nunits - 1, &L->ev.start_mark);
		if (get_string(L, "name", &u->name, NULL))
			refuse_invisible(L, "name", u->name);
	}
	else if (k == 1)
		string_list(L, "aliases", &u->aliases, &u->naliases);
	else
		string_list(L, "members", &u->members, &u->nmembers);
}

static void unit_item(struct loader *L, void *ctx)
{
	(void)ctx;
	struct fg_unit *u = fg_plan_add_unit(L->p, "");
	u->line = line_of(&L->ev.start_mark);
	walk_mapping(L, FG_N_("a unit"), unit_keys, 1u, unit_key, u);
}

/* ------------------------------------------------------------ sections: */

static const char *const section_keys[] = {"id", "title", NULL};

static void section_key(struct loader *L, int k, void *ctx)
{
	struct fg_section *s = ctx;
	if (k == 0)
		place_put(&L->pl->section, &L->pl->csection, L->p->nsections - 1, &L->ev.start_mark);
	if (get_string(L, section_keys[k], k == 0 ? &s->id : &s->title, NULL) && k == 0)
		refuse_invisible(L, "id", s->id);
}

static void section_item(struct loader *L, void *ctx)
{
	(void)ctx;
	struct fg_section *s = fg_plan_add_section(L->p, "", "");
	walk_mapping(L, FG_N_("a section"), section_keys, 3u, section_key, s);
}

/* ------------------------------------------------------------ measures: */

static const char *const measure_keys[] = {"number", "label", "section", "title", "text", "targets",
					   "due", "unassigned", "assignments", "parts", NULL};
static const char *const asg_keys[] = {"unit", "role", "status", "note", "updated", "by", "via", "due", NULL};

struct asg_ctx {
	struct fg_assignment *a;
	unsigned status_line, status_col, role_line, role_col;
	const char *role, *status;
};

static void asg_key(struct loader *L, int k, void *ctx)
{
	struct asg_ctx *c = ctx;
	struct fg_assignment *a = c->a;
	switch (k) {
	case 0:
		if (get_string(L, "unit", &a->unit, NULL))
			refuse_invisible(L, "unit", a->unit);
		break;
	case 1:
		c->role_line = line_of(&L->ev.start_mark), c->role_col = col_of(&L->ev.start_mark);
		get_string(L, "role", &c->role, NULL);
		break;
	case 2:
		c->status_line = line_of(&L->ev.start_mark), c->status_col = col_of(&L->ev.start_mark);
		get_string(L, "status", &c->status, &a->src.status);
		break;
	case 3: get_string(L, "note", &a->note, &a->src.note); break;
	case 4: get_string(L, "updated", &a->updated, &a->src.updated); break;
	case 5: get_string(L, "by", &a->by, &a->src.by); break;
	case 6: get_string(L, "via", &a->via, NULL); break;
	case 7: get_date_span(L, "due", &a->due, &a->src.due); break;
	}
}

static void asg_item(struct loader *L, void *ctx)
{
	(void)ctx;
	if (L->nasg == L->asg_cap) {
		L->asg_cap = L->asg_cap ? L->asg_cap * 2 : 16;
		L->asg = fg_xrealloc(L->asg, L->asg_cap * sizeof *L->asg);
	}
	struct fg_assignment *a = &L->asg[L->nasg++];
	memset(a, 0, sizeof *a);
	a->note = a->updated = a->by = a->unit = a->via = a->due = a->due_granted = a->due_asked = "";
	a->unit_index = a->via_index = SIZE_MAX;
	a->line = line_of(&L->ev.start_mark);
	a->col = col_of(&L->ev.start_mark);
	if (L->ev.type == YAML_MAPPING_START_EVENT) {
		a->src.block = L->ev.data.mapping_start.style != YAML_FLOW_MAPPING_STYLE;
		a->src.indent = (unsigned)L->ev.start_mark.column;
	}
	struct asg_ctx c = {.a = a};
	if (!walk_mapping(L, FG_N_("an assignment"), asg_keys, 7u, asg_key, &c))
		return;
	a->src.insert_at = content_end(L, last_end(L));
	/* role or status written as a list or mapping: already reported as a
	 * wrong type, and there is no word to parse (NULL) */
	if (c.role && !fg_role_parse(c.role, &a->role))
		fg_diag_add(L->d, FG_ERR_INVALID, c.role_line, c.role_col, FG_N_("unknown role \"%s\"; use lead or co"), c.role);
	if (c.status && !fg_status_parse(c.status, &a->status))
		fg_diag_add(L->d, FG_ERR_INVALID, c.status_line, c.status_col, FG_N_("unknown status \"%s\"; use one of %s"),
			    c.status, fg_status_list());
}

/* parts: [{text, lead: [units], co: [units]}]; checked by fg_parts_validate */
static const char *const part_keys[] = {"text", "lead", "co", NULL};

struct part_ctx {
	struct fg_part *pt;
	enum fg_role role;
};

static void part_unit_item(struct loader *L, void *ctx)
{
	struct part_ctx *c = ctx;
	yaml_mark_t at = L->ev.start_mark;
	const char *s;
	if (!get_string(L, c->role == FG_ROLE_LEAD ? "lead" : "co", &s, NULL))
		return;
	fg_part_add_unit(L->p, c->pt, s, c->role);
	struct fg_part_unit *u = c->role == FG_ROLE_LEAD ? &c->pt->lead[c->pt->nlead - 1] : &c->pt->co[c->pt->nco - 1];
	u->line = line_of(&at);
	u->col = col_of(&at);
}

static void part_key(struct loader *L, int k, void *ctx)
{
	struct part_ctx *c = ctx;
	if (k == 0) {
		get_string(L, "text", &c->pt->text, NULL);
		return;
	}
	c->role = k == 1 ? FG_ROLE_LEAD : FG_ROLE_CO;
	walk_sequence(L, part_keys[k], part_unit_item, c);
}

static void part_item(struct loader *L, void *ctx)
{
	struct fg_measure *m = ctx;
	struct fg_part *pt = fg_measure_add_part(L->p, m, "");
	pt->line = line_of(&L->ev.start_mark);
	pt->col = col_of(&L->ev.start_mark);
	struct part_ctx c = {pt, FG_ROLE_LEAD};
	walk_mapping(L, FG_N_("a part"), part_keys, 1u, part_key, &c);
}

struct measure_ctx {
	struct fg_measure *m;
	bool has_number;
};

static void measure_key(struct loader *L, int k, void *ctx)
{
	struct measure_ctx *c = ctx;
	struct fg_measure *m = c->m;
	switch (k) {
	case 0:
		place_put(&L->pl->number, &L->pl->cnumber, L->p->nmeasures - 1, &L->ev.start_mark);
		c->has_number = get_int(L, "number", &m->number);
		break;
	case 1:
		if (get_string(L, "label", &m->label, NULL))
			refuse_invisible(L, "label", m->label);
		break;
	case 2:
		place_put(&L->pl->msection, &L->pl->cmsection, L->p->nmeasures - 1, &L->ev.start_mark);
		if (get_string(L, "section", &m->section, NULL))
			refuse_invisible(L, "section", m->section);
		break;
	case 3: get_string(L, "title", &m->title, NULL); break;
	case 4: get_string(L, "text", &m->text, NULL); break;
	case 5: string_list(L, "targets", &m->targets, &m->ntargets); break;
	case 6: get_date(L, "due", &m->due); break;
	case 7: get_string(L, "unassigned", &m->unassigned, NULL); break;
	case 8:
		L->nasg = 0;
		walk_sequence(L, "assignments", asg_item, m);
		if (L->nasg) {
			m->asg = fg_arena_alloc(L->p->arena, L->nasg * sizeof *m->asg);
			memcpy(m->asg, L->asg, L->nasg * sizeof *m->asg);
			m->nasg = L->nasg;
		}
		break;
	case 9: walk_sequence(L, "parts", part_item, m); break;
	}
}

static void measure_item(struct loader *L, void *ctx)
{
	(void)ctx;
	struct fg_measure *m = fg_plan_add_measure(L->p, 0, "", "", "", "");
	m->line = line_of(&L->ev.start_mark);
	struct measure_ctx c = {m, false};
	walk_mapping(L, FG_N_("a measure"), measure_keys, 1u | 8u | 256u, measure_key, &c);
}

/* ------------------------------------------------------------ history: */

/* Version-1 keys (every one required when there is no `kind`), then the
 * version-2 keys (plan/FORMAT.md, "history"). */
static const char *const record_keys[] = {"at", "by", "as", "measure", "unit", "from", "to", "note", "hash",
					  "kind", "period", "progress", "problems", "next", "percent", "due",
					  "subject", "key", "sig", NULL};
enum { RK_AT, RK_BY, RK_AS, RK_MEASURE, RK_UNIT, RK_FROM, RK_TO, RK_NOTE, RK_HASH, RK_KIND, RK_PERIOD,
       RK_PROGRESS, RK_PROBLEMS, RK_NEXT, RK_PERCENT, RK_DUE, RK_SUBJECT, RK_KEY, RK_SIG };

struct record_ctx {
	struct fg_record *r;
	const char *from, *to, *kind;
	yaml_mark_t from_m, to_m, kind_m, period_m, percent_m, measure_m;
	unsigned seen;
};

static void record_key(struct loader *L, int k, void *ctx)
{
	struct record_ctx *c = ctx;
	struct fg_record *r = c->r;
	c->seen |= 1u << k;
	switch (k) {
	case RK_AT: get_string(L, "at", &r->at, NULL); break;
	case RK_BY: get_string(L, "by", &r->by, NULL); break;
	case RK_AS: get_string(L, "as", &r->as, NULL); break;
	case RK_MEASURE: c->measure_m = L->ev.start_mark; get_int(L, "measure", &r->measure); break;
	case RK_UNIT: get_string(L, "unit", &r->unit, NULL); break;
	case RK_FROM: c->from_m = L->ev.start_mark; get_string(L, "from", &c->from, NULL); break;
	case RK_TO: c->to_m = L->ev.start_mark; get_string(L, "to", &c->to, NULL); break;
	case RK_NOTE: get_string(L, "note", &r->note, NULL); break;
	case RK_HASH: get_string(L, "hash", &r->hash, NULL); break;
	case RK_KIND: c->kind_m = L->ev.start_mark; get_string(L, "kind", &c->kind, NULL); break;
	case RK_PERIOD: c->period_m = L->ev.start_mark; get_string(L, "period", &r->period, NULL); break;
	case RK_PROGRESS: get_string(L, "progress", &r->progress, NULL); break;
	case RK_PROBLEMS: get_string(L, "problems", &r->problems, NULL); break;
	case RK_NEXT: get_string(L, "next", &r->next, NULL); break;
	case RK_PERCENT:
		c->percent_m = L->ev.start_mark;
		r->has_percent = get_int(L, "percent", &r->percent);
		break;
	case RK_DUE: get_date(L, "due", &r->due); break;
	case RK_SUBJECT: get_string(L, "subject", &r->subject, NULL); break;
	case RK_KEY: get_string(L, "key", &r->key, NULL); break;
	case RK_SIG: get_string(L, "sig", &r->sig, NULL); break;
	}
}

static void record_item(struct loader *L, void *ctx)
{
	struct fg_src_layout *lay = ctx;
	struct fg_plan *p = L->p;
	if (p->nhistory == L->rec_cap) {
		L->rec_cap = L->rec_cap ? L->rec_cap * 2 : 64;
		L->rec = fg_xrealloc(L->rec, L->rec_cap * sizeof *L->rec);
		p->history = L->rec;
	}
	struct fg_record *r = &p->history[p->nhistory++];
	memset(r, 0, sizeof *r);
	r->at = r->by = r->as = r->unit = r->note = r->hash = "";
	r->period = r->progress = r->problems = r->next = r->due = r->subject = r->key = r->sig = "";
	r->line = line_of(&L->ev.start_mark);
	r->col = col_of(&L->ev.start_mark);
	yaml_mark_t at = L->ev.start_mark;
	if (L->ev.type == YAML_MAPPING_START_EVENT && lay->history_indent == 0)
		lay->history_indent = (unsigned)L->ev.start_mark.column;
	struct record_ctx c = {.r = r, .from = "", .to = "", .kind = ""};
	/* at, by, as and hash always; a record with a field removed is a broken record */
	if (!walk_mapping(L, FG_N_("a history record"), record_keys, 0x107u, record_key, &c))
		return;
	if (!(c.seen & (1u << RK_KIND)) || !*c.kind) {
		/* a status change: every version-1 key */
		bool missing = false;
		for (int k = 0; k <= RK_NOTE; k++)
			if (!(c.seen & (1u << k))) {
				err_at(L, &at, FG_N_("a history record is missing the required key `%s`"), record_keys[k], NULL);
				missing = true;
			}
		if (missing)
			return;
		if (c.seen & (1u << RK_KIND)) {
			err_at(L, &c.kind_m, FG_N_("`kind` must name the record's kind (report, submit, approve, return, "
					     "extend, ...), not be empty%s%s"), NULL, NULL);
			return;
		}
	} else if (!fg_record_kind_parse(c.kind, &r->kind)) {
		err_at(L, &c.kind_m, FG_N_("unknown record kind \"%s\"; use one of report, submit, approve, return, "
				     "extend, signer-add, signer-remove, signing, structure, correction%s"), c.kind, NULL);
		return;
	} else {
		bool hf = c.seen & (1u << RK_FROM), ht = c.seen & (1u << RK_TO);
		if (hf != ht) {
			err_at(L, &at, FG_N_("a history record has `%s` without `%s`; write both or neither"),
			       hf ? "from" : "to", hf ? "to" : "from");
			return;
		}
		r->has_status = hf;
		bool about_asg = r->kind >= FG_KIND_REPORT && r->kind <= FG_KIND_EXTEND;
		if (about_asg && (!(c.seen & (1u << RK_MEASURE)) || !(c.seen & (1u << RK_UNIT)))) {
			err_at(L, &at, FG_N_("a record of kind `%s` is about an assignment: it needs `measure` and `unit`%s"), c.kind, NULL);
			return;
		}
	}
	if (r->kind == FG_KIND_STATUS || r->has_status) {
		if (!fg_status_parse(c.from, &r->from))
			err_at(L, &c.from_m, FG_N_("unknown status \"%s\"; use one of %s"), c.from, fg_status_list());
		if (!fg_status_parse(c.to, &r->to))
			err_at(L, &c.to_m, FG_N_("unknown status \"%s\"; use one of %s"), c.to, fg_status_list());
	}
	if (r->kind != FG_KIND_STATUS && (c.seen & (1u << RK_MEASURE)) && r->measure < 1)
		err_at(L, &c.measure_m, FG_N_("`measure` must be a measure's number (1 or more)%s%s"), NULL, NULL);
	if (r->has_percent && r->percent > 100) {
		char num[16];
		snprintf(num, sizeof num, "%d", r->percent);
		err_at(L, &c.percent_m, FG_N_("`percent` must be 0 to 100, not %s%s"), num, NULL);
	}
	if (*r->period && !fg_period_valid(r->period))
		err_at(L, &c.period_m, FG_N_("`period` must be a month (2026-11), a quarter (2026-Q4) or a week (2026-W48), "
				       "not \"%s\"%s"), r->period, NULL);
}

/* ------------------------------------------------------------ conflicts: */

/* Left by `fengong merge` (fengong/merge.h, plan/FORMAT.md).  Each entry's
 * whole lines are remembered so that a save resolving it can cut them out. */
static const char *const conflict_keys[] = {"measure", "unit", "status", "note", "updated", "by",
					    "near", "was", "other", NULL};

struct conflict_ctx {
	struct fg_conflict *c;
	const char *status;
	yaml_mark_t status_m;
	unsigned seen;
};

static void conflict_key(struct loader *L, int k, void *ctx)
{
	struct conflict_ctx *c = ctx;
	struct fg_conflict *x = c->c;
	int n = 0;
	c->seen |= 1u << k;
	switch (k) {
	case 0: get_int(L, "measure", &x->measure); break;
	case 1: get_string(L, "unit", &x->unit, NULL); break;
	case 2: c->status_m = L->ev.start_mark; get_string(L, "status", &c->status, NULL); break;
	case 3: get_string(L, "note", &x->note, NULL); break;
	case 4: get_string(L, "updated", &x->updated, NULL); break;
	case 5: get_string(L, "by", &x->by, NULL); break;
	case 6: if (get_int(L, "near", &n)) x->near = (unsigned)n; break;
	case 7: get_string(L, "was", &x->was, NULL); break;
	case 8: get_string(L, "other", &x->other, NULL); break;
	}
}

/* Byte offset just after the line holding byte i (its newline included). */
static size_t line_end_after(const struct loader *L, size_t i)
{
	while (i < L->len && L->buf[i] != '\n')
		i++;
	return i < L->len ? i + 1 : i;
}

static void conflict_item(struct loader *L, void *ctx)
{
	struct fg_src_layout *lay = ctx;
	size_t n = lay->nconflicts;
	if (n == 0 || (n >= 4 && (n & (n - 1)) == 0))
		lay->conflicts = fg_arena_grow(L->p->arena, lay->conflicts, n, n ? n * 2 : 4, sizeof *lay->conflicts);
	struct fg_conflict *x = &lay->conflicts[lay->nconflicts++];
	memset(x, 0, sizeof *x);
	x->unit = x->note = x->updated = x->by = x->was = x->other = "";
	x->line = line_of(&L->ev.start_mark);
	x->col = col_of(&L->ev.start_mark);
	size_t b = byte_of(L, L->ev.start_mark.index);
	while (b > 0 && L->buf[b - 1] != '\n')
		b--;
	x->src.start = b;
	struct conflict_ctx c = {.c = x, .status = ""};
	if (!walk_mapping(L, FG_N_("a conflict"), conflict_keys, 0, conflict_key, &c))
		return;
	x->src.end = line_end_after(L, last_end(L));
	yaml_mark_t at = {.line = x->line - 1, .column = x->col - 1};
	if (c.seen & 1u) {
		if (x->measure < 1 || !(c.seen & 2u) || !(c.seen & 4u))
			err_at(L, &at, FG_N_("a conflict about an assignment needs `measure` (1 or more), `unit` and `status`%s%s"), "", "");
		else if (!fg_status_parse(c.status, &x->status))
			err_at(L, &c.status_m, FG_N_("unknown status \"%s\"; use one of %s"), c.status, fg_status_list());
	} else if (!(c.seen & (1u << 8))) {
		err_at(L, &at, FG_N_("a conflict names either an assignment (`measure`, `unit`, `status`) or the other side's "
			       "lines (`other`)%s%s"), "", "");
	}
}

/* ------------------------------------------------------------ top level */

/* The records gathered in L->rec, into the arena with the capacity that
 * appending expects (a power of two, at least 4: save.c grows the array
 * when the count reaches one). */
static void history_to_arena(struct loader *L)
{
	struct fg_plan *p = L->p;
	size_t n = p->nhistory, cap = 4;
	while (cap < n)
		cap *= 2;
	p->history = n ? fg_arena_alloc(p->arena, cap * sizeof *p->history) : NULL;
	if (n)
		memcpy(p->history, L->rec, n * sizeof *p->history);
	free(L->rec);
	L->rec = NULL;
	L->rec_cap = 0;
}

static const char *const top_keys[] = {"version", "plan", "units", "sections", "measures", "history",
				       "conflicts", "signers", NULL};

static void top_key(struct loader *L, int k, void *ctx)
{
	struct fg_src_layout *lay = ctx;
	struct fg_plan *p = L->p;
	switch (k) {
	case 0:
		if (get_int(L, "version", &p->version) && p->version != 1)
			err_at(L, &L->ev.start_mark, FG_N_("this file is format version %s; this fengong reads version 1%s"),
			       (const char *)L->ev.data.scalar.value, "");
		break;
	case 1: walk_mapping(L, FG_N_("`plan`"), plan_keys, 0, plan_key, NULL); break;
	case 2: walk_sequence(L, "units", unit_item, NULL); break;
	case 3: walk_sequence(L, "sections", section_item, NULL); break;
	case 4: walk_sequence(L, "measures", measure_item, NULL); break;
	case 5:
		lay->has_history = true;
		if (L->ev.type == YAML_SEQUENCE_START_EVENT) {
			lay->history_flow = L->ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
			lay->history_start = byte_of(L, L->ev.start_mark.index);
			lay->history_dash = (unsigned)L->ev.start_mark.column;
		}
		walk_sequence(L, "history", record_item, lay);
		history_to_arena(L);
		if (!L->fatal) {
			lay->history_end = lay->history_flow ? byte_of(L, L->ev.end_mark.index) : content_end(L, last_end(L));
			lay->history_empty = p->nhistory == 0;
		}
		break;
	case 6: {
		/* the key "conflicts" was the last scalar: its line starts the block */
		size_t kb = last_end(L);
		while (kb > 0 && L->buf[kb - 1] != '\n')
			kb--;
		lay->has_conflicts = true;
		lay->conflicts_start = kb;
		lay->conflicts_flow = L->ev.type == YAML_SEQUENCE_START_EVENT &&
				      L->ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
		walk_sequence(L, "conflicts", conflict_item, lay);
		if (!L->fatal)
			lay->conflicts_end = line_end_after(L, lay->conflicts_flow || !lay->nconflicts
								     ? byte_of(L, L->ev.end_mark.index)
								     : last_end(L));
		break;
	}
	case 7: walk_sequence(L, "signers", signer_item, NULL); break;
	}
}

/* ------------------------------------------------------------ validation */

static void check_unique(struct fg_diag *d, const char *what, const char *s, struct place at, unsigned first)
{
	fg_diag_add(d, FG_ERR_INVALID, at.line, at.col, FG_N_("%s \"%s\" is registered twice (first at line %u); keep one"), fg_tr(what), s,
		    first);
}

/* The checks across the file; pl (may be NULL) locates the values. */
/* A member's row (`via`): the umbrella is a registered unit that lists the
 * row's unit among its members. */
static bool bind_via(struct fg_plan *p, const struct fg_measure *m, struct fg_assignment *a, struct fg_diag *d)
{
	long vi = fg_plan_unit_index(p, a->via);
	if (vi < 0 || strcmp(p->units[vi].name, a->via) != 0) {
		fg_diag_add(d, FG_ERR_INVALID, a->line, a->col,
			    FG_N_("`via: %s` must be the registry name of the umbrella unit whose member %s is"), a->via, a->unit);
		return false;
	}
	const struct fg_unit *v = &p->units[vi];
	bool member = false;
	for (size_t k = 0; k < v->nmembers && !member; k++)
		member = fg_plan_unit_index(p, v->members[k]) == (long)a->unit_index;
	if (!member) {
		fg_diag_add(d, FG_ERR_INVALID, a->line, a->col,
			    FG_N_("%s is not among %s's members; add it to that unit's `members` or drop `via`"), a->unit, a->via);
		return false;
	}
	for (size_t j = 0; j < m->nasg; j++)
		if (strcmp(m->asg[j].unit, v->name) == 0) {
			fg_diag_add(d, FG_ERR_INVALID, a->line, a->col,
				    FG_N_("measure %d assigns %s both as a whole (line %u) and member by member; keep one"), m->number,
				    v->name, m->asg[j].line);
			return false;
		}
	a->via = v->name;
	a->via_index = (size_t)vi;
	return true;
}

static bool validate(struct fg_plan *p, struct fg_diag *d, const struct places *pl)
{
	static const struct places none;
	if (!pl)
		pl = &none;
	size_t before = d ? d->n : 0;
	fg_plan_index_units(p);
	for (size_t i = 0; i < p->nunits; i++) {
		struct fg_unit *u = &p->units[i];
		struct place at = place_get(pl->unit, pl->cunit, i, u->line);
		if (!*u->name)
			fg_diag_add(d, FG_ERR_INVALID, at.line, at.col, FG_N_("a unit has an empty name; give it the name the plan prints"));
		long first = fg_plan_unit_index(p, u->name);
		if (first != (long)i && first >= 0)
			check_unique(d, FG_N_("unit"), u->name, at, place_get(pl->unit, pl->cunit, (size_t)first, p->units[first].line).line);
		for (size_t k = 0; k < u->naliases; k++) {
			long o = fg_plan_unit_index(p, u->aliases[k]);
			if (o != (long)i)
				check_unique(d, FG_N_("unit name or alias"), u->aliases[k], at,
					     o >= 0 ? place_get(pl->unit, pl->cunit, (size_t)o, p->units[o].line).line : 0);
		}
	}
	for (size_t i = 0; i < p->nsections; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->sections[i].id, p->sections[j].id) == 0) {
				struct place at = place_get(pl->section, pl->csection, i, 0);
				fg_diag_add(d, FG_ERR_INVALID, at.line, at.col,
					    FG_N_("section id \"%s\" is used twice (first at line %u); section ids must be unique"),
					    p->sections[i].id, place_get(pl->section, pl->csection, j, 0).line);
				break;
			}

	/* duplicate numbers: an index by number (numbers are bounded by get_int) */
	int maxn = 0;
	for (size_t i = 0; i < p->nmeasures; i++)
		if (p->measures[i].number > maxn)
			maxn = p->measures[i].number;
	size_t *by_number = NULL;
	if (maxn <= 10 * (int)p->nmeasures + 1000) {
		by_number = calloc((size_t)maxn + 1, sizeof *by_number);
		if (!by_number)
			abort();
	}
	for (size_t i = 0; i < p->nmeasures; i++) {
		struct fg_measure *m = &p->measures[i];
		struct place at = place_get(pl->number, pl->cnumber, i, m->line);
		if (m->number < 1) {
			fg_diag_add(d, FG_ERR_INVALID, at.line, at.col, FG_N_("measure number must be 1 or more, not %d"), m->number);
		} else if (by_number) {
			if (by_number[m->number])
				fg_diag_add(d, FG_ERR_INVALID, at.line, at.col,
					    FG_N_("measure number %d is used twice (first at line %u); numbers must be unique"),
					    m->number,
					    place_get(pl->number, pl->cnumber, by_number[m->number] - 1,
						      p->measures[by_number[m->number] - 1].line).line);
			else
				by_number[m->number] = i + 1;
		} else {
			for (size_t j = 0; j < i; j++)
				if (p->measures[j].number == m->number) {
					fg_diag_add(d, FG_ERR_INVALID, at.line, at.col,
						    FG_N_("measure number %d is used twice (first at line %u); numbers must be unique"),
						    m->number, place_get(pl->number, pl->cnumber, j, p->measures[j].line).line);
					break;
				}
		}
		m->section_index = SIZE_MAX;
		if (*m->section) {
			for (size_t s = 0; s < p->nsections; s++)
				if (strcmp(p->sections[s].id, m->section) == 0)
					m->section_index = s;
			struct place sat = place_get(pl->msection, pl->cmsection, i, m->line);
			if (m->section_index == SIZE_MAX)
				fg_diag_add(d, FG_ERR_INVALID, sat.line, sat.col,
					    FG_N_("measure %d names section \"%s\", which is not in `sections`; add it there or fix the id"),
					    m->number, m->section);
		}
		for (size_t k = 0; k < m->nasg; k++) {
			struct fg_assignment *a = &m->asg[k];
			long ui = fg_plan_unit_index(p, a->unit);
			if (ui < 0) {
				fg_diag_add(d, FG_ERR_INVALID, a->line, a->col,
					    FG_N_("unit \"%s\" is not in the unit registry; add it under `units` or fix the name"), a->unit);
				continue;
			}
			if (strcmp(p->units[ui].name, a->unit) != 0) {
				fg_diag_add(d, FG_ERR_INVALID, a->line, a->col,
					    FG_N_("\"%s\" is an alias of \"%s\"; assignments name units by their registry name"), a->unit,
					    p->units[ui].name);
				continue;
			}
			a->unit = p->units[ui].name;
			a->unit_index = (size_t)ui;
			if (*a->via && !bind_via(p, m, a, d))
				continue;
			for (size_t j = 0; j < k; j++)
				if (m->asg[j].unit_index == (size_t)ui) {
					fg_diag_add(d, FG_ERR_INVALID, a->line, a->col,
						    FG_N_("%s is assigned to measure %d twice (as %s at line %u and as %s here); keep one"),
						    a->unit, m->number, fg_role_name(m->asg[j].role), m->asg[j].line,
						    fg_role_name(a->role));
					break;
				}
		}
		fg_parts_validate(p, m, d);
	}
	free(by_number);
	if (!d || d->n == before)
		fg_conflicts_validate(p, d);
	return !d || d->n == before;
}

bool fg_plan_validate(struct fg_plan *p, struct fg_diag *d)
{
	fg_index_drop(p); /* validation binds unit and section indices anew */
	return validate(p, d, NULL);
}

/* ------------------------------------------------------------ pre-scan */

/* 1-based column (in characters) of byte i on the line starting at start. */
static unsigned col_at(const unsigned char *s, size_t start, size_t i)
{
	unsigned col = 1;
	for (size_t k = start; k < i; k++)
		col += (s[k] & 0xC0) != 0x80;
	return col;
}

/* Refuse, before libyaml sees it, what it would mishandle or hide:
 * UTF-16, invalid UTF-8, NUL bytes, tabs in indentation. */
static bool prescan(const char *buf, size_t len, struct fg_diag *d)
{
	const unsigned char *s = (const unsigned char *)buf;
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF) ||
			 (s[0] == 0 && s[1] != 0) || (s[0] != 0 && s[1] == 0)))
		return fg_diag_add(d, FG_ERR_INVALID, 1, 1,
				   FG_N_("the file is UTF-16; plans are UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)"));
	unsigned line = 1;
	size_t line_start = 0;
	bool in_indent = true;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		if (c == '\n') {
			line++;
			line_start = i + 1;
			in_indent = true;
			i++;
			/* the indentation: eight spaces at a time */
			while (i + 8 <= len && memcmp(s + i, "        ", 8) == 0)
				i += 8;
			while (i < len && s[i] == ' ')
				i++;
			continue;
		}
		if (c == 0)
			return fg_diag_add(d, FG_ERR_INVALID, line, col_at(s, line_start, i),
					   FG_N_("the file contains a NUL byte (byte offset %zu); it is not a text file"), i);
		if (c == '\t' && in_indent)
			return fg_diag_add(d, FG_ERR_INVALID, line, col_at(s, line_start, i),
					   FG_N_("a tab in indentation; YAML indents with spaces only"));
		if (c != ' ')
			in_indent = false;
		if (c < 0x80) {
			i++;
			/* within a line, skip ASCII bytes other than newline and NUL
			 * eight at a time, up to the first byte that needs a look (the
			 * lowest flagged byte of the zero-byte test is exact) */
			while (!in_indent && i + 8 <= len) {
				const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
				uint64_t w, nl, stop;
				memcpy(&w, s + i, 8);
				nl = w ^ (ones * '\n');
				stop = (w & highs) | ((w - ones) & ~w & highs) | ((nl - ones) & ~nl & highs);
				if (stop) {
					i += (size_t)__builtin_ctzll(stop) >> 3;
					break;
				}
				i += 8;
			}
			continue;
		}
		/* the common case of Chinese text: a 3-byte sequence that is valid
		 * whatever its continuation bytes (not E0: overlong, not ED: surrogates) */
		if (c >= 0xE1 && c != 0xED && c <= 0xEF && i + 2 < len && (s[i + 1] & 0xC0) == 0x80 &&
		    (s[i + 2] & 0xC0) == 0x80) {
			i += 3;
			while (i + 2 < len && s[i] >= 0xE1 && s[i] != 0xED && s[i] <= 0xEF && (s[i + 1] & 0xC0) == 0x80 &&
			       (s[i + 2] & 0xC0) == 0x80)
				i += 3;
			continue;
		}
		uint32_t cp;
		size_t n = fg_utf8_decode(buf + i, len - i, &cp);
		if (!n) {
			return fg_diag_add(d, FG_ERR_INVALID, line, col_at(s, line_start, i),
					   FG_N_("invalid UTF-8 (byte 0x%02x at byte offset %zu); the file must be UTF-8"), c, i);
		}
		i += n;
	}
	return true;
}

/* ------------------------------------------------------------ entry points */

static struct fg_plan *load(const char *name, char *buf, size_t len, struct fg_diag *d)
{
	if (len == 0 || strspn(buf, " \t\r\n") == len) {
		free(buf);
		fg_diag_add(d, FG_ERR_INVALID, 0, 0, FG_N_("the file is empty; a plan needs at least version, plan, units and measures"));
		return NULL;
	}
	size_t nbefore = d->n;
	if (!prescan(buf, len, d)) {
		free(buf);
		return NULL;
	}
	struct loader L = {0};
	struct places pl = {0};
	L.pl = &pl;
	L.p = fg_plan_new();
	L.p->path = fg_plan_strdup(L.p, name);
	L.d = d;
	L.buf = buf;
	L.len = len;
	L.bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	L.cur_byte = L.bom;
	struct fg_src_layout *lay = fg_arena_alloc(L.p->arena, sizeof *lay);
	memset(lay, 0, sizeof *lay);
	const char *nl = memchr(buf, '\n', len);
	lay->crlf = nl && nl > buf && nl[-1] == '\r';
	/* the first line end sets the style: LF, CR LF, or CR alone */
	size_t first_br = strcspn(buf, "\r\n");
	lay->nl = first_br < len && buf[first_br] == '\r' && (first_br + 1 == len || buf[first_br + 1] != '\n') ? "\r"
		  : lay->crlf ? "\r\n" : "\n";
	lay->bom = L.bom != 0;
	lay->final_newline = buf[len - 1] == '\n' || (buf[len - 1] == '\r' && lay->nl[0] == '\r' && !lay->nl[1]);
	L.p->layout = lay;

	yaml_parser_initialize(&L.parser);
	/* libyaml skips a BOM it detects itself but, with the encoding set, takes
	 * one as a character of column 0; hand it the bytes after the BOM (marks
	 * then count from there, as byte_of expects). */
	yaml_parser_set_input_string(&L.parser, (const unsigned char *)buf + L.bom, len - L.bom);
	yaml_parser_set_encoding(&L.parser, YAML_UTF8_ENCODING);

	bool ok = next(&L) && L.ev.type == YAML_STREAM_START_EVENT && next(&L);
	if (ok && L.ev.type == YAML_STREAM_END_EVENT) /* only comments or blank lines */
		fg_diag_add(d, FG_ERR_INVALID, 0, 0, FG_N_("the file holds no data; a plan needs at least version, plan, units and measures"));
	if (ok && L.ev.type == YAML_DOCUMENT_START_EVENT && next(&L)) {
		if (L.ev.type == YAML_MAPPING_START_EVENT)
			lay->root_block = L.ev.data.mapping_start.style != YAML_FLOW_MAPPING_STYLE;
		if (L.ev.type == YAML_SCALAR_EVENT && is_null_plain(&L.ev))
			fg_diag_add(d, FG_ERR_INVALID, 0, 0, FG_N_("the file holds no data; a plan needs at least version, plan, units and measures"));
		else
			walk_mapping(&L, FG_N_("the plan file"), top_keys, 1u | 2u | 4u | 16u, top_key, lay);
		if (next(&L) && L.ev.type == YAML_DOCUMENT_END_EVENT && !L.ev.data.document_end.implicit)
			lay->doc_end = byte_of(&L, L.ev.start_mark.index); /* a new history: goes before the "..." */
		if (L.have_ev && L.ev.type == YAML_DOCUMENT_END_EVENT && next(&L) && L.ev.type != YAML_STREAM_END_EVENT)
			err_at(&L, &L.ev.start_mark, FG_N_("a second YAML document (---) follows; a plan file holds exactly one"), NULL, NULL);
	}
	if (L.have_ev)
		yaml_event_delete(&L.ev);
	yaml_parser_delete(&L.parser);
	free(L.asg);
	free(L.rec); /* only when loading stopped inside the history */
	lay->ends_in_block_scalar = !lay->final_newline && L.last_block && content_end(&L, last_end(&L)) == len;

	if (d->n == nbefore)
		validate(L.p, d, &pl);
	free(pl.unit);
	free(pl.section);
	free(pl.number);
	free(pl.msection);
	if (d->n != nbefore) {
		free(buf);
		fg_plan_free(L.p);
		return NULL;
	}
	L.p->src = buf;
	L.p->srclen = len;
	L.p->nhistory_loaded = L.p->nhistory;
	fg_cycle_bind(L.p);
	return L.p;
}

size_t fg_max_file_bytes(void)
{
	const char *e = getenv("FENGONG_MAX_BYTES");
	if (e && *e) {
		char *end;
		unsigned long long v = strtoull(e, &end, 10);
		if (!*end && v > 0)
			return (size_t)v;
	}
	return FG_MAX_FILE_BYTES;
}

bool fg_read_file(const char *path, char **out, size_t *outlen, struct fg_diag *d)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; the type is
	 * checked before anything is read */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("cannot open the file: %s%s"), strerror(errno),
				   errno == ENOENT ? fg_tr(FG_N_(" (check the path, or pass -f FILE)")) : "");
	struct stat st;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("cannot read the file: %s"), strerror(errno));
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("this is a directory, not a plan file; pass the path of a .yaml file"));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("this is not a regular file (%s); pass the path of a .yaml file"),
				   fg_tr(S_ISFIFO(st.st_mode)   ? FG_N_("a FIFO")
				   : S_ISSOCK(st.st_mode) ? FG_N_("a socket")
							  : FG_N_("a device")));
	}
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	size_t cap = fg_max_file_bytes();
	if ((unsigned long long)st.st_size > cap) {
		close(fd);
		return fg_diag_add(d, FG_ERR_INVALID, 0, 0, FG_N_("the file is %lld bytes, over the limit of %zu bytes; is it really a plan?"),
				   (long long)st.st_size, cap);
	}
	size_t size = (size_t)st.st_size, len = 0;
	char *buf = fg_xmalloc(size + 1);
	for (;;) {
		if (len == size) { /* the file grew while we read: read on up to the cap */
			if (size >= cap) {
				free(buf);
				close(fd);
				return fg_diag_add(d, FG_ERR_INVALID, 0, 0, FG_N_("the file is over the limit of %zu bytes"), cap);
			}
			size = size ? size * 2 : 4096;
			buf = fg_xrealloc(buf, size + 1);
		}
		ssize_t r = read(fd, buf + len, size - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			close(fd);
			return fg_diag_add(d, FG_ERR_IO, 0, 0, FG_N_("cannot read the file: %s"), strerror(errno));
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = 0;
	*out = buf;
	*outlen = len;
	return true;
}

struct fg_plan *fg_plan_load(const char *path, struct fg_diag *d)
{
	char *buf;
	size_t len;
	if (!fg_read_file(path, &buf, &len, d))
		return NULL;
	return load(path, buf, len, d);
}

struct fg_plan *fg_plan_load_buffer(const char *name, const char *buf, size_t len, struct fg_diag *d)
{
	if (len > fg_max_file_bytes()) {
		fg_diag_add(d, FG_ERR_INVALID, 0, 0, FG_N_("the input is over the limit of %zu bytes"), fg_max_file_bytes());
		return NULL;
	}
	char *copy = fg_xmalloc(len + 1);
	memcpy(copy, buf, len);
	copy[len] = 0;
	return load(name, copy, len, d);
}

struct fg_plan *fg_plan_load_owned(const char *name, char *buf, size_t len, struct fg_diag *d)
{
	if (len > fg_max_file_bytes()) {
		free(buf);
		fg_diag_add(d, FG_ERR_INVALID, 0, 0, FG_N_("the input is over the limit of %zu bytes"), fg_max_file_bytes());
		return NULL;
	}
	return load(name, buf, len, d);
}
