/* Private: how the loaded source is laid out, for splicing saves. */
#ifndef FENGONG_LAYOUT_H
#define FENGONG_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include "fengong/fileio.h"
#include "fengong/plan.h"

struct fg_src_layout {
	bool crlf, bom, final_newline, root_block;
	const char *nl; /* the file's line end, kept by a save: "\n", "\r\n" or "\r" (old Mac) */
	bool has_history, history_flow, history_empty;
	size_t history_start, history_end; /* flow: the [..] span; block: byte after the last value */
	unsigned history_indent;           /* column of a record's keys (0: none yet) */
	unsigned history_dash;             /* column of a record's "-" (block history) */
	size_t doc_end;                    /* byte of an explicit "..." ending the document, else 0 */
	/* conflicts: (fengong/merge.h); the list lives here, the model's accessors
	 * are fg_plan_nconflicts/fg_plan_conflict */
	struct fg_conflict *conflicts;
	size_t nconflicts;
	bool has_conflicts, conflicts_flow;
	size_t conflicts_start, conflicts_end; /* whole lines: the `conflicts:` key through its last entry */
	/* the file ends inside a literal or folded scalar with no final line
	 * break: anything appended there would change that value */
	bool ends_in_block_scalar;
};

size_t fg_max_file_bytes(void);
/* fg_read_file: fengong/fileio.h */

#endif
