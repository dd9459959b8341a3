/* Private to the core library. */
#ifndef FENGONG_INTERNAL_H
#define FENGONG_INTERNAL_H

#include <stddef.h>
#include "fengong/plan.h"

/* ---- arena: every model string and array lives here, freed at once */
struct fg_arena;
struct fg_arena *fg_arena_new(void);
void fg_arena_free(struct fg_arena *a);
void *fg_arena_alloc(struct fg_arena *a, size_t n);
const char *fg_arena_strndup(struct fg_arena *a, const char *s, size_t n);
/* Grow a plan array stored in the arena (old block is abandoned). */
void *fg_arena_grow(struct fg_arena *a, void *old, size_t oldn, size_t newn, size_t size);
size_t fg_arena_bytes(const struct fg_arena *a);

/* Die on out-of-memory: the only exit in the core (a bug or OOM). */
void *fg_xmalloc(size_t n);
void *fg_xrealloc(void *p, size_t n);
char *fg_xstrdup(const char *s);

/* ---- edits journal */
struct fg_asg_state {
	enum fg_status status;
	const char *note, *updated, *by;
};

struct fg_edit {
	int measure;        /* measure number */
	const char *unit;   /* unit name */
	struct fg_asg_state before, after;
	struct fg_record rec; /* history record appended by this edit */
	bool record_only;     /* appends rec and leaves the assignment alone (a report, a request) */
};

/* Set every assignment's due_granted and due_asked from the history and
 * the journal's records in effect (cycle.c). */
void fg_cycle_bind(struct fg_plan *p);

/* Copy r's strings into p's arena (hash and place too). */
struct fg_record fg_record_copy(struct fg_plan *p, const struct fg_record *r);
/* Put a record-only edit into p's journal (rec's strings copied). */
void fg_journal_record(struct fg_plan *p, const struct fg_record *rec);

/* ---- the filter index (select.c): kept current by the edit functions,
 * dropped by anything else that changes measures or assignments */
void fg_index_update(struct fg_plan *p, const struct fg_measure *m, const struct fg_assignment *a);
void fg_index_drop(struct fg_plan *p);

/* ---- unit name index */
void fg_plan_index_units(struct fg_plan *p);

/* Record the canonical string form used for hashing and equality. */
void fg_record_fields(const struct fg_record *r, char *buf, size_t len);

/* Two records hold the same fields (hash aside; sig included). */
bool fg_record_same(const struct fg_record *r, const struct fg_record *s);

/* sha256 of buf, as 64 hex digits + NUL. */
void fg_sha256_hex(const void *buf, size_t len, char out[65]);
void fg_sha256(const void *buf, size_t len, unsigned char out[32]);

/* ---- scalar style */
/* True when s can be written as a plain scalar and reads back as the same string. */
bool fg_yaml_plain_ok(const char *s);
/* Append the YAML form (plain or double-quoted) of s to a growing buffer. */
struct fg_buf {
	char *data;
	size_t len, cap;
};
void fg_buf_add(struct fg_buf *b, const char *s, size_t n);
void fg_buf_adds(struct fg_buf *b, const char *s);
void fg_buf_printf(struct fg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fg_buf_scalar(struct fg_buf *b, const char *s);

/* Splicing: replacements of byte ranges of a source text (save.c). */
struct fg_repl {
	size_t start, end;
	char *text;  /* malloc'd; owned by the splice */
	int after;   /* at one point, a value filled in goes before keys inserted (1) */
	size_t seq;  /* then the order they were added in: qsort is not stable */
};
struct fg_splice {
	struct fg_repl *r;
	size_t n, cap;
};
void fg_splice_add(struct fg_splice *s, size_t start, size_t end, char *text);
/* Replace one assignment value in p's source, or insert its key when the
 * mapping lacks it; false when the mapping cannot be spliced (flow style). */
bool fg_splice_value(struct fg_splice *s, const struct fg_plan *p, const struct fg_assignment *a,
		     const struct fg_span *span, const char *key, const char *value);
/* The source with every replacement applied (malloc'd); empties s. */
char *fg_splice_apply(struct fg_splice *s, const char *src, size_t srclen, size_t *outlen);

/* Canonical pieces shared by the emitter and the splicing saver. */
void fg_emit_assignment(struct fg_buf *b, int indent, const struct fg_assignment *a);
void fg_emit_record(struct fg_buf *b, int indent, const struct fg_record *r, const char *nl);
struct fg_conflict;
void fg_emit_conflict(struct fg_buf *b, int indent, const struct fg_conflict *c, const char *nl);

/* fg_plan_load_buffer without the copy: takes buf (malloc'd, NUL at
 * buf[len]) and frees it on failure; on success the plan owns it as p->src. */
struct fg_plan *fg_plan_load_owned(const char *name, char *buf, size_t len, struct fg_diag *d);

/* Apply the journal's net changes to another plan (fresh from disk).
 * Conflicts are reported in d; returns false on conflict. */
bool fg_plan_rebase(struct fg_plan *onto, const struct fg_plan *mine, struct fg_diag *d);

#endif
