/* fengong core: three-way merge of plan files, and the conflicts a merge
 * leaves in a plan for a person to decide.
 *
 * A merge works at the level of single assignments (status, note, updated
 * and by change as one unit), history records, and the rest of the file as
 * lines:
 *   - an assignment changed on one side only takes that side's state; changed
 *     on both sides to the same status and note it is kept once; changed to
 *     different values it keeps OURS' state and the other state is recorded
 *     in the plan's `conflicts:` list (see plan/FORMAT.md);
 *   - history records after the point where the two sides forked are united,
 *     in time order, each side's own order kept, duplicates once; both sides'
 *     hash chains are verified first and the united tail is re-chained on the
 *     common prefix, so `fengong check` verifies the result as before;
 *   - everything else (measures, units, comments, hand edits) is merged as
 *     lines, three-way; two sides changing the same lines differently keep
 *     OURS' lines and record the other side's lines as a text conflict.
 * The result is parsed again and compared with what was intended before it
 * is handed back; the core never prints and never writes unless asked.
 */
#ifndef FENGONG_MERGE_H
#define FENGONG_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include "fengong/plan.h"

/* One entry of a plan's `conflicts:` list.
 *
 * An assignment conflict (measure > 0): the assignment of `unit` in measure
 * `measure` holds one side's state; status/note/updated/by here are the
 * other side's.  Setting the assignment (fengong set, or the TUI) resolves it:
 * the save removes the entry.
 *
 * A text conflict (measure == 0): both sides changed the same lines of the
 * file differently; the file keeps one side's lines (starting near line
 * `near` when the merge wrote it), `was` is what the lines were in the common
 * ancestor and `other` the other side's lines.  Resolved by editing the file
 * and deleting the entry. */
struct fg_conflict {
	int measure;       /* 0 for a text conflict */
	const char *unit;  /* registry name; "" for a text conflict */
	enum fg_status status;
	const char *note, *updated, *by;
	unsigned near;             /* text conflict: line of the kept lines */
	const char *was, *other;   /* text conflict: ancestor's and other side's lines */
	unsigned line, col;        /* where the entry is in the file */
	/* private */
	struct fg_span src;        /* the entry's whole lines in the source */
	bool resolved;             /* being removed by a save */
};

/* Open conflicts recorded in the plan (resolved ones not counted). */
size_t fg_plan_nconflicts(const struct fg_plan *p);
/* The i-th open conflict, 0 <= i < fg_plan_nconflicts(p). */
const struct fg_conflict *fg_plan_conflict(const struct fg_plan *p, size_t i);
/* The first open conflict on measure `measure`'s assignment of `unit`, or NULL. */
const struct fg_conflict *fg_plan_conflict_find(const struct fg_plan *p, int measure, const char *unit);
/* One located problem per open conflict, saying how to resolve it
 * (FG_ERR_CONFLICT); false when there is any.  `fengong check` reports them
 * through fg_history_verify. */
bool fg_conflicts_report(const struct fg_plan *p, struct fg_diag *d);
/* The loader's check of a conflicts list: each assignment conflict must name
 * an assignment the plan has. */
bool fg_conflicts_validate(const struct fg_plan *p, struct fg_diag *d);

/* ---------------------------------------------------------------- merging */

struct fg_merge_result {
	char *text;        /* the merged file (malloc'd, NUL-terminated) */
	size_t len;
	size_t nconflicts;       /* conflicts recorded in text (old ones kept + new) */
	size_t new_conflicts;    /* of which this merge found on assignments */
	size_t new_text_conflicts; /* and in lines both sides changed */
	size_t taken_theirs;     /* assignments that took THEIRS' state */
	size_t kept_once;        /* assignments both sides changed the same way */
	size_t records_ours, records_theirs; /* history records after the fork point */
	size_t records;          /* history records in the result */
	size_t text_hunks_theirs; /* line changes of THEIRS applied (not counting values, history) */
	int level;               /* 0 normal; 1, 2: fell back to a more careful text merge */
};

/* Three-way merge of plans loaded from files (fg_plan_load); the merged
 * bytes are based on OURS' bytes.  Returns false when no merge can be made
 * (a side's history chain is broken, a side is not a loaded block-style
 * plan, or no text merge reads back as intended): d says why, res is empty.
 * Returns true with res->nconflicts > 0 when conflicts were recorded. */
bool fg_merge(const struct fg_plan *base, const struct fg_plan *ours, const struct fg_plan *theirs,
	      struct fg_merge_result *res, struct fg_diag *d);
void fg_merge_result_free(struct fg_merge_result *res);

/* Write bytes to path atomically (temporary file, fsync, rename, fsync the
 * directory), keeping the file's mode; the saver's own writer. */
bool fg_write_file_atomic(const char *path, const char *buf, size_t len, struct fg_diag *d);

#endif
