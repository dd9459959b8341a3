/* fengong core: the plan model, its YAML file, edits, history.
 *
 * The core never includes curses and never prints.  Every function that can
 * fail returns false (or NULL) and fills a struct fg_diag with located
 * problems.  Strings in the model are UTF-8 and owned by the plan's arena;
 * never free them individually.
 */
#ifndef FENGONG_PLAN_H
#define FENGONG_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* ---------------------------------------------------------------- vocabulary */

/* Marks a string for the message catalogue (xgettext --keyword=FG_N_);
 * the front ends translate it, the core never does. */
#define FG_N_(s) s

/* 红黄绿: the light of an assignment, a measure or a unit. */
enum fg_light { FG_LIGHT_NONE, FG_LIGHT_GREEN, FG_LIGHT_YELLOW, FG_LIGHT_RED, FG_LIGHT_COUNT };

/* The statuses: one row each, and everything else iterates the table.
 * Adding a status is a row here, its label's translation in po/zh_CN.po
 * and the docs (plan/FORMAT.md, fengong.1, README).  Columns:
 *   ID     FG_STATUS_<ID>
 *   key    the word in the file and in machine formats (tsv, json)
 *   en     the English label (the front ends' gettext msgid)
 *   zh     the Chinese label (exports and reports, Chinese in any locale)
 *   glyph  one narrow cell, not East-Asian-ambiguous (reads without colour)
 *   light  its 红黄绿 light when on time (past due, anything not green is red)
 *   digit  the key that picks it in the TUI's status menu
 *   rank   roll-up precedence: a measure whose assignments are not all in
 *          one status shows, of the statuses they count as (as), the one
 *          of highest rank
 *   as     the status it counts as in such a measure
 *   bar    position in the units view's progress bar, left first
 * submitted (待销号) is a liaison's done awaiting the coordinator when the
 * plan sets `review: required`; until approved it counts as in progress. */
#define FG_STATUSES(X) \
	X(NOT_STARTED, "not_started", FG_N_("not started"), "未启动", "-",      FG_LIGHT_NONE,   '1', 0, NOT_STARTED, 3) \
	X(IN_PROGRESS, "in_progress", FG_N_("in progress"), "推进中", ">",      FG_LIGHT_YELLOW, '2', 1, IN_PROGRESS, 2) \
	X(DONE,        "done",        FG_N_("done"),        "已完成", "\u2713", FG_LIGHT_GREEN,  '3', 1, IN_PROGRESS, 0) \
	X(DELAYED,     "delayed",     FG_N_("delayed"),     "滞后",   "!",      FG_LIGHT_RED,    '4', 2, DELAYED,     4) \
	X(BLOCKED,     "blocked",     FG_N_("blocked"),     "受阻",   "\u2717", FG_LIGHT_RED,    '5', 3, BLOCKED,     5) \
	X(SUBMITTED,   "submitted",   FG_N_("submitted"),   "待销号", "^",      FG_LIGHT_YELLOW, '6', 1, IN_PROGRESS, 1)

enum fg_status {
#define FG_X_STATUS_ENUM(id, key, en, zh, glyph, light, digit, rank, as, bar) FG_STATUS_##id,
	FG_STATUSES(FG_X_STATUS_ENUM)
#undef FG_X_STATUS_ENUM
	FG_STATUS_COUNT
};

struct fg_status_def {
	const char *key, *en, *zh, *glyph;
	enum fg_light light;
	char digit;
	int rank;
	enum fg_status as;
	int bar;
};
/* The table, indexed by enum fg_status. */
extern const struct fg_status_def fg_statuses[FG_STATUS_COUNT];
/* The statuses in the units view's bar order (fg_statuses[].bar). */
enum fg_status fg_status_in_bar_order(int i);

enum fg_role { FG_ROLE_LEAD, FG_ROLE_CO, FG_ROLE_COUNT };

/* "not_started" ... ; NULL for an out-of-range value. */
const char *fg_status_name(enum fg_status s);
/* Parse a status keyword; returns false when unknown. */
bool fg_status_parse(const char *s, enum fg_status *out);
/* "not_started, in_progress, done, delayed, blocked": the keys in table order */
const char *fg_status_list(void);
/* "none", "green", "yellow", "red" */
const char *fg_light_name(enum fg_light l);
const char *fg_role_name(enum fg_role r);
bool fg_role_parse(const char *s, enum fg_role *out);

/* Out of memory anywhere in the core calls handler, which must not return
 * (the front ends print, write what they must and exit); without one the
 * core aborts.  The core never returns NULL for a failed allocation. */
void fg_set_oom_handler(void (*handler)(void));

/* ---------------------------------------------------------------- diagnostics */

struct fg_problem {
	unsigned line, col; /* 1-based; 0 when no place is known */
	char *msg;          /* the whole message, never cut; owned by the diag */
};

struct fg_diag {
	char file[512];
	struct fg_problem *items;
	size_t n, cap;
	int kind; /* enum fg_err_kind of the first problem */
};

enum fg_err_kind {
	FG_ERR_NONE,
	FG_ERR_IO,       /* cannot read or write the file */
	FG_ERR_INVALID,  /* the file is not a valid plan */
	FG_ERR_REFUSED,  /* an edit was refused (unknown unit, role, read-only) */
	FG_ERR_CONFLICT, /* the same assignment was changed on disk */
	FG_ERR_LOCKED,   /* another process holds the lock, or a stale lock */
	FG_ERR_NOMEM
};

void fg_diag_init(struct fg_diag *d, const char *file);
void fg_diag_free(struct fg_diag *d);
/* Add a problem; printf-style.  Returns false so callers can `return fg_diag_add(...)`. */
bool fg_diag_add(struct fg_diag *d, int kind, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Format problem i as "FILE:LINE:COL: message" (or "FILE: message").  A
 * line longer than buf is cut at a character boundary and ends in "…". */
void fg_diag_format(const struct fg_diag *d, size_t i, char *buf, size_t len);
/* The same line whole, malloc'd (the caller frees it). */
char *fg_diag_line(const struct fg_diag *d, size_t i);

/* ---------------------------------------------------------------- the model */

/* Byte span of a scalar value in the loaded source; both 0 when absent. */
struct fg_span {
	size_t start, end;
};

struct fg_unit {
	const char *name;
	const char **aliases;
	size_t naliases;
	const char **members; /* units it includes, e.g. 各区人民政府 ⊃ 葛店经开区管委会 */
	size_t nmembers;
	unsigned line;
};

struct fg_section {
	const char *id; /* "二" */
	const char *title;
};

struct fg_target {
	const char *text;
	const char *due; /* "" or YYYY-MM-DD */
};

/* Where an assignment's values sit in the source, for splicing saves. */
struct fg_asg_src {
	struct fg_span status, note, updated, by, due;
	size_t insert_at; /* byte after the mapping's last value (insert missing keys here) */
	unsigned indent;  /* column of the mapping's keys, 0-based */
	bool block;       /* a block mapping (splicable) */
};

struct fg_assignment {
	const char *unit; /* registry name */
	size_t unit_index;
	/* A member's own row of an assignment to an umbrella unit: the
	 * umbrella's registry name, "" for an ordinary assignment. */
	const char *via;
	size_t via_index; /* SIZE_MAX when via is "" */
	const char *due;         /* the assignment's own due date (`due`), "" when it has none */
	const char *due_granted; /* the last approved extension's date, "" when none (from the history) */
	const char *due_asked;   /* an extension request awaiting the coordinator: the date asked, else "" */
	enum fg_role role;
	enum fg_status status;
	const char *note, *updated, *by; /* never NULL; "" when empty */
	unsigned line, col;
	struct fg_asg_src src;
};

/* A unit named in a part of a measure (FORMAT.md, `parts`). */
struct fg_part_unit {
	const char *unit; /* registry name */
	size_t unit_index;
	unsigned line, col;
};

/* A sub-task of a measure: its own sentence(s) and units.  The measure's
 * assignments (one per unit, so statuses stay one per unit) hold the union
 * of its parts' units; a part only says who answers for which sentence. */
struct fg_part {
	const char *text;
	struct fg_part_unit *lead, *co;
	size_t nlead, nco;
	unsigned line, col;
};

struct fg_measure {
	int number; /* 1..N */
	const char *label;   /* "(一)" */
	const char *section; /* section id, "" when none */
	size_t section_index; /* index into plan->sections, or SIZE_MAX */
	const char *title;
	const char *text;
	const char **targets;
	size_t ntargets;
	const char *due;        /* "" or YYYY-MM-DD */
	const char *unassigned; /* why there are no assignments, "" otherwise */
	struct fg_assignment *asg;
	size_t nasg;
	struct fg_part *parts; /* sub-tasks in printed order; none for most measures */
	size_t nparts;
	unsigned line;
};

/* What a history record records (FORMAT.md, "history", record version 2).
 * FG_KIND_STATUS is a record without `kind`: a change of status or note. */
enum fg_record_kind {
	FG_KIND_STATUS,
	FG_KIND_REPORT,        /* a progress report for a period */
	FG_KIND_SUBMIT,        /* a liaison's done, awaiting the coordinator */
	FG_KIND_APPROVE,       /* the coordinator confirms a submission or an extension */
	FG_KIND_RETURN,        /* the coordinator sends a submission back or refuses an extension */
	FG_KIND_EXTEND,        /* a liaison asks for a later due date */
	FG_KIND_SIGNER_ADD,
	FG_KIND_SIGNER_REMOVE,
	FG_KIND_SIGNING,
	FG_KIND_STRUCTURE,
	FG_KIND_CORRECTION,
	FG_KIND_COUNT
};
/* "report" ...; "" for FG_KIND_STATUS; NULL out of range. */
const char *fg_record_kind_name(enum fg_record_kind k);
/* Parse a `kind` value (not ""); false when unknown. */
bool fg_record_kind_parse(const char *s, enum fg_record_kind *out);

/* One audit-trail record (see FORMAT.md, "history").  Strings are never
 * NULL in a loaded plan; "" means absent.  Records built in memory may leave
 * the version-2 strings NULL (read as ""). */
struct fg_record {
	const char *at;   /* ISO-8601 with offset */
	const char *by;   /* person; with signing, the signer's name */
	const char *as;   /* unit acted as, "" for coordinator mode */
	enum fg_record_kind kind; /* FG_KIND_STATUS when the record has no `kind` */
	int measure;      /* measure number; 0 when absent (a record about the plan) */
	const char *unit;
	enum fg_status from, to; /* meaningful when fg_record_has_status() */
	bool has_status;  /* a kind record carries from/to (always true in effect for FG_KIND_STATUS) */
	const char *note;
	/* version 2 (written only when non-empty) */
	const char *period;   /* reporting period: 2026-11, 2026-Q4, 2026-W48 */
	const char *progress; /* 工作进展 */
	const char *problems; /* 存在问题 */
	const char *next;     /* 下步计划 */
	int percent;          /* 0..100 when has_percent */
	bool has_percent;
	const char *due;      /* extend: the date asked for / granted */
	const char *subject;  /* signer-add/remove: the signer; structure/correction: what changed */
	const char *key;      /* fingerprint of the signing key, SHA256:... */
	const char *hash;     /* 64 hex digits */
	const char *sig;      /* base64 body of the armoured SSHSIG (not hashed) */
	unsigned line, col;
};

/* Whether the record carries from/to (a status change always does). */
bool fg_record_has_status(const struct fg_record *r);
/* Whether the record carries any version-2 key, and so is hashed over the
 * canonical serialisation (fg_record_canonical). */
bool fg_record_is_v2(const struct fg_record *r);
/* The canonical bytes of a version-2 record chained to prev: hashed with
 * SHA-256 for `hash`, and what an SSH signature signs.  malloc'd, NUL-
 * terminated, length in *len. */
char *fg_record_canonical(const struct fg_record *r, const char *prev, size_t *len);

/* Signing (issue 14): who may sign records, and whether the plan requires it. */
enum fg_signer_role { FG_SIGNER_LIAISON, FG_SIGNER_COORDINATOR, FG_SIGNER_AUDITOR, FG_SIGNER_ROLE_COUNT };
enum fg_signing { FG_SIGNING_OFF, FG_SIGNING_OPTIONAL, FG_SIGNING_REQUIRED };

struct fg_signer {
	const char *name;
	enum fg_signer_role role;
	const char **units; /* units a liaison speaks for (registry names) */
	size_t nunits;
	const char *key;    /* OpenSSH public key line "TYPE BASE64" */
	unsigned line, col;
};

/* "liaison", "coordinator", "auditor"; parse returns false when unknown. */
const char *fg_signer_role_name(enum fg_signer_role r);
bool fg_signer_role_parse(const char *s, enum fg_signer_role *out);

/* The plan's reporting cycle (`plan.reporting`, FORMAT.md). */
enum fg_every { FG_EVERY_NONE, FG_EVERY_MONTH, FG_EVERY_QUARTER, FG_EVERY_WEEK };
struct fg_reporting {
	enum fg_every every; /* FG_EVERY_NONE: the plan declares no cycle */
	int due_day;         /* month/quarter: day of the (last) month 1-31; week: 1 = Monday ... 7 */
};

struct fg_edit; /* journal entry, private */
struct fg_arena;
struct fg_index;

struct fg_plan {
	const char *path; /* file it was loaded from, or NULL */
	int version;
	const char *title, *number, *issuer, *date;
	struct fg_reporting reporting;
	bool review_required; /* `plan.review: required`: a liaison's done awaits the coordinator */
	struct fg_target *targets;
	size_t ntargets;
	struct fg_unit *units;
	size_t nunits;
	struct fg_section *sections;
	size_t nsections;
	struct fg_measure *measures;
	size_t nmeasures;
	struct fg_record *history;
	size_t nhistory;
	int signing;                /* enum fg_signing: plan.signing */
	struct fg_signer *signers;  /* signers: */
	size_t nsigners;

	/* private from here on */
	struct fg_arena *arena;
	char *src; /* the bytes loaded (owned), NULL for a plan built in memory */
	size_t srclen;
	struct fg_src_layout *layout;
	struct fg_edit *edits;
	size_t nedits, edits_cap, undo_pos;
	size_t nhistory_loaded; /* records that were in the file */
	struct fg_index *index;
	unsigned *unit_hash; /* open addressing: name/alias -> unit index + 1 */
	size_t unit_hash_cap;
};

/* ---------------------------------------------------------------- what users type */

/* Values typed at the command line or in the TUI (parse.c).  Unlike
 * fg_status_parse, which reads the file's English keys, these also take the
 * Chinese labels; ASCII blanks around the value are ignored. */

/* A status keyword (in_progress) or its label (推进中). */
bool fg_status_input(const char *s, enum fg_status *out);
/* "not_started (未启动), in_progress (推进中), ..." for messages. */
const char *fg_status_input_list(void);
/* lead / co, or 牵头 / 配合 (牵头单位 / 配合单位). */
bool fg_role_input(const char *s, enum fg_role *out);
/* A measure reference: a number (3, ３) or a label: 三, 十二, (三), （三）,
 * (3).  *label tells which.  False when s is neither (or out of range). */
bool fg_measure_ref_parse(const char *s, int *n, bool *label);
/* The measure s refers to: a number by number; a label by the measure whose
 * label has that value (the first), else by number.  NULL when none. */
struct fg_measure *fg_plan_measure_ref(const struct fg_plan *p, const char *s);

enum { FG_UNIT_FOUND, FG_UNIT_UNKNOWN, FG_UNIT_AMBIGUOUS };
struct fg_unit_lookup {
	int result;         /* FG_UNIT_* */
	const char *name;   /* FOUND: the unit (or member) name it resolved to */
	const char **cands; /* AMBIGUOUS: the names that contain the query, registry order */
	size_t ncands;
};
/* A unit as a user types it: an exact name, alias or member selects as
 * fg_plan_unit_match does; else a part of one, as the TUI's unit picker
 * narrows (税务 -> 市税务局), when it designates one unit only.  Fills
 * set[nunits]; returns r->result.  Free r with fg_unit_lookup_free. */
int fg_plan_unit_resolve(const struct fg_plan *p, const char *query, bool *set, struct fg_unit_lookup *r);
void fg_unit_lookup_free(struct fg_unit_lookup *r);

/* ---------------------------------------------------------------- load / save */

/* Limits: files larger than this are refused before parsing.  The
 * environment variable FENGONG_MAX_BYTES overrides it (for tests). */
#define FG_MAX_FILE_BYTES ((size_t)512 * 1024 * 1024)

/* Load and validate a plan.  NULL on any problem (all reported in d). */
struct fg_plan *fg_plan_load(const char *path, struct fg_diag *d);
/* Same from a buffer; `name` is used in messages.  The buffer is copied. */
struct fg_plan *fg_plan_load_buffer(const char *name, const char *buf, size_t len, struct fg_diag *d);
void fg_plan_free(struct fg_plan *p);

struct fg_lock_holder;

/* Options for fg_plan_save. */
struct fg_save_opts {
	const char *path;        /* NULL: p->path */
	bool canonical;          /* rewrite the whole file in canonical layout */
	int lock_wait_ms;        /* how long to wait for a busy lock (default 0 = 10000) */
	/* called once when the lock is busy, before waiting (fengong/lock.h) */
	void (*on_lock_wait)(const struct fg_lock_holder *h, const char *lockpath, void *ctx);
	void *lock_wait_ctx;
	/* Signing: when sign is set, every new record gets key = sign_key (a
	 * fingerprint) before it is hashed, and sig = what sign returns over
	 * its canonical bytes (fg_record_canonical): a malloc'd SSHSIG, armoured
	 * or not, or NULL with a sentence in err, which fails the save. */
	const char *sign_key;
	char *(*sign)(void *ctx, const char *msg, size_t len, char *err, size_t errlen);
	void *sign_ctx;
};

/* Save the plan's edits.  With a loaded source, edits are spliced into the
 * current file bytes (comments, order and quoting elsewhere are kept); when
 * the file changed on disk since load, edits are re-applied on top of it
 * under the lock, and a conflict (same assignment changed on both sides) is
 * refused with FG_ERR_CONFLICT.  Atomic: temp file, fsync, rename, fsync dir.
 * On success the plan holds the saved state and an empty journal. */
bool fg_plan_save(struct fg_plan *p, const struct fg_save_opts *o, struct fg_diag *d);

/* How fg_plan_save_ex settles a conflict (same assignment changed on disk). */
enum fg_conflict_mode {
	FG_CONFLICT_REFUSE, /* fail with FG_ERR_CONFLICT, one problem per conflict */
	FG_CONFLICT_MINE,   /* our value wins (the user chose it after seeing both) */
	FG_CONFLICT_THEIRS  /* the value on disk wins; our edit of it is dropped */
};
bool fg_plan_save_ex(struct fg_plan *p, const struct fg_save_opts *o, enum fg_conflict_mode conflict_mode,
		     struct fg_diag *d);

/* Give the journal's records their hashes (and, with o->sign, their key
 * and signature) and put them in the history, without writing anything:
 * for a plan built in memory and then written with fg_plan_emit (a
 * coordinator's re-import).  The journal is emptied.  False when a
 * signature cannot be made (the history as it was). */
bool fg_plan_seal(struct fg_plan *p, const struct fg_save_opts *o, struct fg_diag *d);

/* The canonical layout of the whole plan (see plan/FORMAT.md).  Returns a
 * malloc'd NUL-terminated buffer, length in *len. */
char *fg_plan_emit(const struct fg_plan *p, size_t *len);

/* True when the two plans have the same content (ignores source positions). */
bool fg_plan_equal(const struct fg_plan *a, const struct fg_plan *b, char *why, size_t whylen);

/* ---------------------------------------------------------------- building */

/* An empty plan (version 1) for importers and generators. */
struct fg_plan *fg_plan_new(void);
/* Copy a string into the plan's arena. */
const char *fg_plan_strdup(struct fg_plan *p, const char *s);
struct fg_unit *fg_plan_add_unit(struct fg_plan *p, const char *name);
void fg_unit_add_alias(struct fg_plan *p, struct fg_unit *u, const char *alias);
void fg_unit_add_member(struct fg_plan *p, struct fg_unit *u, const char *member);
struct fg_section *fg_plan_add_section(struct fg_plan *p, const char *id, const char *title);
struct fg_target *fg_plan_add_target(struct fg_plan *p, const char *text, const char *due);
struct fg_measure *fg_plan_add_measure(struct fg_plan *p, int number, const char *label,
				       const char *section, const char *title, const char *text);
void fg_measure_add_target(struct fg_plan *p, struct fg_measure *m, const char *text);
/* Adds an assignment (not_started, empty note); the unit must be registered. */
struct fg_assignment *fg_measure_add_assignment(struct fg_plan *p, struct fg_measure *m,
						const char *unit, enum fg_role role);
/* Adds a part (a sub-task with its own units) after m's other parts. */
struct fg_part *fg_measure_add_part(struct fg_plan *p, struct fg_measure *m, const char *text);
/* Adds a unit to a part as lead or co; validation checks it is registered and
 * assigned to the measure. */
void fg_part_add_unit(struct fg_plan *p, struct fg_part *pt, const char *unit, enum fg_role role);
/* Check a plan built in memory as the loader would (registry, duplicates). */
bool fg_plan_validate(struct fg_plan *p, struct fg_diag *d);

/* ---------------------------------------------------------------- queries */

/* Measure with number n, or NULL. */
struct fg_measure *fg_plan_measure(const struct fg_plan *p, int number);
/* Registry index of the unit whose name or alias is s; -1 if none. */
long fg_plan_unit_index(const struct fg_plan *p, const char *s);
/* Units a liaison/filter query designates: the unit named (name or alias),
 * every umbrella unit that lists it as a member, and the registered units
 * it lists as its own members (their rows are the umbrella's).  Fills set[nunits]
 * with true/false; returns how many units matched. */
size_t fg_plan_unit_match(const struct fg_plan *p, const char *query, bool *set);
/* The registry name of the unit a query names (name or alias); the query
 * itself when it names none (a member known only to an umbrella unit).
 * The one canonical form of a liaison's `as:` in history records. */
const char *fg_plan_unit_canonical(const struct fg_plan *p, const char *query);
/* The assignment of unit index u in m, or NULL. */
struct fg_assignment *fg_measure_assignment(const struct fg_measure *m, size_t u);

/* Roll-up per PRODUCT.md. */
enum fg_status fg_measure_rollup(const struct fg_measure *m);
/* The status of an umbrella unit (registry index u) in m rolled up from its
 * members' rows (`via`) by the same rule as a measure's; *nrows gets how
 * many member rows there are (0: u has none in m, the result is then
 * not_started). */
enum fg_status fg_measure_umbrella_rollup(const struct fg_measure *m, size_t u, size_t *nrows);
/* Count of done assignments. */
size_t fg_measure_done(const struct fg_measure *m);
/* Overdue: an assignment not done is past its own due date in effect
 * (fg_assignment_overdue) on `today` (YYYY-MM-DD); a measure without
 * assignments, past its own date.  With no per-assignment dates this is
 * "has a due date before today and is not done". */
bool fg_measure_overdue(const struct fg_measure *m, const char *today);
/* An assignment is overdue when it is past its own due date in effect (an
 * approved extension's, else its `due`, else its measure's: fg_asg_due in
 * fengong/cycle.h) and it is not done itself: a unit that finished its part
 * is not chased for the others. */
bool fg_assignment_overdue(const struct fg_measure *m, const struct fg_assignment *a, const char *today);
/* 红黄绿 of an assignment and of a measure (its roll-up): green done; red
 * blocked, delayed or past its due date; yellow in progress on time;
 * none for not started on time (the table's light, red when overdue).  A
 * measure is past due as fg_measure_overdue says. */
enum fg_light fg_assignment_light(const struct fg_measure *m, const struct fg_assignment *a, const char *today);
enum fg_light fg_measure_light(const struct fg_measure *m, const char *today);
/* 红黄绿 of umbrella unit u's roll-up in m (fg_measure_umbrella_rollup) by
 * the measure's rule: red when any of its member rows is overdue and the
 * roll-up is not done; FG_LIGHT_NONE when u has no member rows in m. */
enum fg_light fg_measure_umbrella_light(const struct fg_measure *m, size_t u, const char *today);

/* Per-unit counts over every assignment (the units view, `units`, the
 * scorecard).  overdue and light are counted only when today is given. */
struct fg_unit_counts {
	size_t nasg;
	size_t role[FG_ROLE_COUNT];
	size_t status[FG_STATUS_COUNT];
	size_t overdue;
	size_t light[FG_LIGHT_COUNT];
	size_t rollups; /* of nasg: an umbrella's roll-ups of its members' rows */
};
/* An array of p->nunits (at least one) counts, malloc'd; units outside
 * `set` (when given) stay zero.  Each row counts for its own unit; an
 * umbrella unit also counts, once per measure where its members report
 * row by row (`via`), its roll-up there: the role of those rows, the status
 * fg_measure_umbrella_rollup gives, overdue when any of the rows is, and the
 * light of that status by the measure's rule (fg_measure_light).  Those
 * count in `rollups` too; a sum over units counts the member rows twice
 * (fg_plan_counts_total counts each row once). */
struct fg_unit_counts *fg_plan_unit_counts(const struct fg_plan *p, const bool *set, const char *today);
/* The counts of every row whose unit is in `set` (all rows when NULL),
 * each once: the total line of a scorecard. */
void fg_plan_counts_total(const struct fg_plan *p, const bool *set, const char *today, struct fg_unit_counts *total);
/* The units in the order lists show them: registry order, except that a
 * registered member of an umbrella unit comes right after its umbrella
 * (the first that lists it), one level deeper.  Fills order[p->nunits] with
 * registry indices and depth[p->nunits] (when given) with 0 for a top-level
 * unit, 1 for a member, 2 for a member's member ...  Every unit appears once. */
void fg_plan_unit_order(const struct fg_plan *p, size_t *order, unsigned *depth);
/* The umbrella unit (registry index) whose member registered unit u is,
 * as fg_plan_unit_order places it; SIZE_MAX for a top-level unit. */
size_t fg_plan_unit_umbrella(const struct fg_plan *p, size_t u);
/* A unit's light: red when any of its work is red, else yellow when any is
 * yellow, else green when all is done, else none. */
enum fg_light fg_unit_light(const struct fg_unit_counts *c);

/* ---------------------------------------------------------------- filters */

struct fg_filter {
	const bool *units;  /* NULL: any unit; else set over the registry */
	int role;           /* -1 any, else enum fg_role */
	unsigned status_mask; /* 0 any, else bit (1u << status) */
	const char *text;   /* NULL/"": any; else substring of label/title/text */
	long section;       /* -1 any, else section index */
};

void fg_filter_init(struct fg_filter *f);
bool fg_filter_match_assignment(const struct fg_filter *f, const struct fg_measure *m,
				const struct fg_assignment *a);
/* A measure matches when its text matches and, if any assignment-level
 * criterion is set, at least one assignment matches it.  With only a
 * status filter and no assignments, the roll-up status is used. */
bool fg_filter_match_measure(const struct fg_filter *f, const struct fg_measure *m);

/* Indices (into p->measures) of the measures fg_filter_match_measure would
 * accept, in plan order, written to out (room for p->nmeasures); returns
 * how many.  Unit, role and status criteria read a compact index of the
 * assignments (built on first use, kept current by fg_plan_set, fg_plan_undo
 * and fg_plan_redo), so filtering stays linear and fast on large plans. */
size_t fg_plan_select(const struct fg_plan *p, const struct fg_filter *f, size_t *out);
/* Whether measure p->measures[i]'s label, title or text contains `text`
 * (ASCII letters in any case), as fg_filter_match_measure decides it, read
 * from a contiguous copy of every measure's text made on first use. */
bool fg_plan_text_match(const struct fg_plan *p, size_t i, const char *text);

/* ---------------------------------------------------------------- editing */

struct fg_actor {
	const char *by;  /* person, $FENGONG_USER or login name */
	const char *as;  /* unit acted as (liaison mode), NULL for coordinator */
	const bool *as_units; /* units the liaison may edit (from fg_plan_unit_match) */
	bool read_only;
};

/* Whether a person's name can be written into the plan (valid UTF-8, at
 * most 256 bytes); false with FG_ERR_REFUSED in d.  fg_plan_set checks it;
 * front ends call it up front, before any edit is made. */
bool fg_actor_name_check(const char *by, struct fg_diag *d);

/* Change an assignment: status, and the note when note != NULL.  Fills
 * updated (now, ISO-8601 with offset) and by, records a history record and a
 * journal entry.  Refused (FG_ERR_REFUSED) in read-only mode or when the
 * actor is a liaison of another unit.  A change that changes nothing is
 * accepted and records nothing. */
bool fg_plan_set(struct fg_plan *p, struct fg_measure *m, struct fg_assignment *a,
		 enum fg_status status, const char *note, const struct fg_actor *who,
		 time_t now, struct fg_diag *d);
/* Append a history record built from tmpl (kind and the version-2 fields;
 * at, by, as, measure, unit and from are filled in here).  When tmpl carries
 * a status (fg_record_has_status: kind FG_KIND_STATUS, or has_status), the
 * assignment changes to tmpl->to and to tmpl->note (NULL: note unchanged)
 * as with fg_plan_set; otherwise the record is all that is written (a
 * report, a request) and the assignment stays as it is.  m and a are both
 * NULL for a record about the plan as a whole (coordinator only).  The same
 * refusals as fg_plan_set (read-only, another unit's liaison). */
bool fg_plan_append(struct fg_plan *p, struct fg_measure *m, struct fg_assignment *a, const struct fg_record *tmpl,
		    const struct fg_actor *who, time_t now, struct fg_diag *d);
/* Undo / redo the last edit; false when there is nothing to undo/redo. */
bool fg_plan_undo(struct fg_plan *p);
bool fg_plan_redo(struct fg_plan *p);
/* Number of edits in effect (unsaved). */
size_t fg_plan_dirty(const struct fg_plan *p);
/* The history record the i-th edit in effect made (i < fg_plan_dirty(p),
 * oldest first): what the next save appends for it.  NULL out of range. */
const struct fg_record *fg_plan_edit_record(const struct fg_plan *p, size_t i);
/* Make the edits made since fg_plan_dirty() returned mark one step of undo
 * and redo (a bulk edit): fg_plan_undo takes them all back at once.  Each
 * edit keeps its own history record.  Returns how many edits the step has
 * (0 when none were made). */
size_t fg_plan_group_since(struct fg_plan *p, size_t mark);

/* "2024-11-07T09:30:00+08:00" for t in local time. */
void fg_iso8601(time_t t, char *buf, size_t len);
/* "2024-11-07" today, local time. */
void fg_today(time_t t, char *buf, size_t len);

/* ---------------------------------------------------------------- history */

/* Verify the hash chain; each broken record is reported at its place. */
bool fg_history_verify(const struct fg_plan *p, struct fg_diag *d);
/* Compute the hash of record r chained to prev (64 hex + NUL into out). */
void fg_history_hash(const struct fg_record *r, const char *prev, char out[65]);

#endif
