/* Private to the core library. */
#ifndef FENGONG_INTERNAL_H
#define FENGONG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "fengong/plan.h"

/* ---- arena: every model string and array lives here, freed at once */
struct fg_arena;
struct fg_arena *fg_arena_new(void);
void fg_arena_free(struct fg_arena *a);
void *fg_arena_alloc(struct fg_arena *a, size_t n);
const char *fg_arena_strndup(struct fg_arena *a, const char *s, size_t n);
/* Grow a plan array stored in the arena (old block is abandoned). */
void *fg_arena_grow(struct fg_arena *a, void *old, size_t oldn, size_t newn, size_t size);

/* Out of memory: the one policy (fg_oom: the front end's handler, set with
 * fg_set_oom_handler, which does not return; else abort).  Every
 * allocation of the core goes through these; none returns NULL. */
void fg_oom(void) __attribute__((noreturn));
void *fg_xmalloc(size_t n);
void *fg_xcalloc(size_t n, size_t size); /* zeroed; n * size checked for overflow */
void *fg_xrealloc(void *p, size_t n);
char *fg_xstrdup(const char *s);
/* Grow a malloc'd array to hold at least `need` elements (ALLOC_GROW). */
#define FG_GROW(ptr, need, cap)                                                                   \
	do {                                                                                      \
		if ((need) > (cap)) {                                                             \
			size_t fg_grow_to_ = (cap) ? (cap) * 2 : 16;                               \
			while (fg_grow_to_ < (need))                                               \
				fg_grow_to_ *= 2;                                                  \
			if (fg_grow_to_ > SIZE_MAX / sizeof *(ptr))                                \
				fg_oom();                                                          \
			(ptr) = fg_xrealloc((ptr), fg_grow_to_ * sizeof *(ptr));                   \
			(cap) = fg_grow_to_;                                                       \
		}                                                                                 \
	} while (0)

/* ---- messages: a problem's English text (marked FG_N_ where it is
 * written) in the language of the messages' locale, from the "fengong"
 * catalogue the front end bound; the text itself when none.  The core
 * translates, never prints. */
const char *fg_tr(const char *msgid) __attribute__((format_arg(1), returns_nonnull));
/* Drop a last character left incomplete when snprintf cut s to its buffer,
 * so a cut message stays valid UTF-8. */
void fg_utf8_cut_tail(char *s);

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
	bool joined;        /* undone and redone together with the edit before it */
	bool record_only;     /* appends rec and leaves the assignment alone (a report, a request) */
	/* record_only too: sets the assignment's own due date (fg_plan_set_due) */
	bool due_edit;
	const char *due_before, *due_after;
};

/* Set every assignment's due_granted and due_asked from the history and
 * the journal's records in effect (cycle.c). */
void fg_cycle_bind(struct fg_plan *p);

/* Copy r's strings into p's arena (hash and place too). */
struct fg_record fg_record_copy(struct fg_plan *p, const struct fg_record *r);
/* Put a record-only edit into p's journal (rec's strings copied). */
void fg_journal_record(struct fg_plan *p, const struct fg_record *rec);
/* Put an edit of a's own due date (and its record) into p's journal and
 * apply it (structure.c, rebase.c). */
void fg_journal_due(struct fg_plan *p, struct fg_assignment *a, const char *due, const struct fg_record *rec);

/* ---- the filter index (select.c): kept current by the edit functions,
 * dropped by anything else that changes measures or assignments */
void fg_index_update(struct fg_plan *p, const struct fg_measure *m, const struct fg_assignment *a);
void fg_index_drop(struct fg_plan *p);

/* ---- parts of a measure (parts.c) */
/* Check m's parts: text, units registered by name, each once per part and
 * assigned to m.  Needs the unit index; problems at the parts' places. */
void fg_parts_validate(struct fg_plan *p, struct fg_measure *m, struct fg_diag *d);
bool fg_parts_equal(const struct fg_measure *a, const struct fg_measure *b);
/* The `parts:` key of a measure in the canonical layout (nothing when none);
 * indent is the column of the key. */
struct fg_buf;
void fg_emit_parts(struct fg_buf *b, int indent, const struct fg_measure *m);

/* ---- unit name index */
void fg_plan_index_units(struct fg_plan *p);

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

/* ---- the journal (model.c, rebase.c) */
/* Append an edit of assignment a (in measure m) to p's journal, dropping
 * what could have been redone, and apply it: a takes `after`; `rec` is the
 * history record the edit adds when saved.  fg_plan_set and the rebase both
 * go through it. */
struct fg_edit *fg_journal_push(struct fg_plan *p, struct fg_measure *m, struct fg_assignment *a,
				const struct fg_asg_state *after, const struct fg_record *rec);
/* The assignments the journal touches, each once: the first edit's before
 * state and the plan's current assignment.  *out is malloc'd. */
struct fg_touched {
	int measure;
	const char *unit;
	struct fg_asg_state orig;
	struct fg_assignment *a;
};
size_t fg_journal_touched(struct fg_plan *p, struct fg_touched **out);

/* ---- rebasing (rebase.c) */
/* Apply mine's journal to onto (the file as it is on disk now), settling
 * conflicts as on_conflict says; false (conflicts reported in d) when
 * refused. */
bool fg_plan_rebase_mode(struct fg_plan *onto, struct fg_plan *mine, enum fg_conflict_mode on_conflict,
			 struct fg_diag *d);
/* The same, refusing every conflict. */
bool fg_plan_rebase(struct fg_plan *onto, const struct fg_plan *mine, struct fg_diag *d);

/* ---- splicing (splice.c) */
/* New file bytes for p's journal and the history records from
 * first_new_record on, or NULL when the layout cannot be spliced (then the
 * caller writes the canonical layout). */
char *fg_splice_plan(struct fg_plan *p, size_t first_new_record, size_t *outlen);

#endif
