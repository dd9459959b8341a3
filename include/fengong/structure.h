/* fengong core: the plan's structure and the signed records that cover it.
 *
 * A status change is covered by its own history record; the plan's
 * structure (what the work is, who does it, by when) is covered by
 * `structure` records: each carries, in its `subject`, "sha256:" and the
 * SHA-256 of a canonical serialisation of the structure (plan/FORMAT.md,
 * "Structure records"), and in its `note` a summary (counts) of it.
 * On a signed plan `check` compares the present digest with the last
 * verified structure record's (fengong/sign.h).
 *
 * The structure is: the plan's title, number, issuer, date, reporting
 * cycle and review rule; its targets; the units registry (names, aliases,
 * members); the sections; every measure's number, label, section, title,
 * text, targets, due date, `unassigned` reason and parts; and every
 * assignment's unit, member row (`via`), role and own due date.  Not in
 * it: statuses, notes, updated, by (status records cover them), the
 * history, the signers and plan.signing (signer records cover them).
 */
#ifndef FENGONG_STRUCTURE_H
#define FENGONG_STRUCTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "fengong/plan.h"

/* "sha256:" + 64 hex digits + NUL */
#define FG_STRUCTURE_DIGEST_LEN 72
/* A structure record appended in memory carries this subject until the
 * save fills in the digest of the plan as saved (and the summary). */
#define FG_STRUCTURE_PENDING "sha256:"

/* The canonical serialisation (malloc'd, NUL-terminated, length in *len). */
char *fg_structure_canonical(const struct fg_plan *p, size_t *len);
/* "sha256:<hex>" of the canonical serialisation. */
void fg_structure_digest(const struct fg_plan *p, char out[FG_STRUCTURE_DIGEST_LEN]);

/* What a structure record's note ends with: counts a later check compares
 * to say what changed. */
struct fg_structure_counts {
	size_t measures, assignments, units, aliases, members, dues;
};
void fg_structure_count(const struct fg_plan *p, struct fg_structure_counts *c);
/* "measures 2, assignments 4, units 3, aliases 1, members 1, due dates 0" */
void fg_structure_summary(const struct fg_structure_counts *c, char *buf, size_t len);
/* Read such a line anywhere in note; false when there is none. */
bool fg_structure_summary_parse(const char *note, struct fg_structure_counts *c);

/* The digests of the structure's parts, short, for a record's note:
 * "parts: plan=HEX units=HEX m1=HEX m2=HEX ..." (the measures only up to
 * FG_STRUCTURE_MAX_PARTS of them), malloc'd.  With it a later check can
 * say which part changed (fg_structure_locate). */
#define FG_STRUCTURE_MAX_PARTS 1000
char *fg_structure_parts(const struct fg_plan *p);
/* Compare p's parts with those in a structure record's note: one problem
 * in d per changed part, at its place (a measure's line; the units
 * registry's first unit).  Returns how many. */
size_t fg_structure_locate(const struct fg_plan *p, const char *note, struct fg_diag *d);

/* Append a structure record (a coordinator's: refused for a liaison and in
 * read-only mode) about the plan (m, a NULL) or about one assignment (due:
 * the date it now has, "" when none); its digest and summary are filled in
 * when the plan is saved.  note may be NULL. */
bool fg_plan_append_structure(struct fg_plan *p, struct fg_measure *m, struct fg_assignment *a, const char *due,
			      const char *note, const struct fg_actor *who, time_t now, struct fg_diag *d);

/* Set (due "YYYY-MM-DD") or clear (due "") assignment a's own due date,
 * with a structure record saying so (a coordinator's).  Refused in
 * read-only mode, for a liaison, for a date that is not one; a change that
 * changes nothing is accepted and records nothing.  Undone and redone as
 * one edit; the save writes the assignment's `due:` key. */
bool fg_plan_set_due(struct fg_plan *p, struct fg_measure *m, struct fg_assignment *a, const char *due,
		     const struct fg_actor *who, time_t now, struct fg_diag *d);

#endif
