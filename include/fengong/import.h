/* fengong core: build a plan from the plain text of a government document.
 *
 * The importer reads an implementation plan (实施方案) as published: web-page
 * chrome, the covering notice, 一、 sections, numbered measures and their
 * responsibility annotations ((责任单位:…), (牵头单位:…;配合单位:…),
 * (A牵头,B配合), …).  It never prints and never exits.  Every guess it makes
 * is a warning located at a line of the document (column 0).
 */
#ifndef FENGONG_IMPORT_H
#define FENGONG_IMPORT_H

#include <stddef.h>
#include "fengong/plan.h"

/* The `unassigned` reason given to a measure whose text names no unit. */
#define FG_IMPORT_UNASSIGNED "原文未列责任单位"

/* Import the document in buf (len bytes; UTF-8, or GB18030 which is detected
 * and converted).  `name` is the document's name for messages.  The caller
 * initialises both diags (fg_diag_init with the document's name).  Returns a
 * validated plan built in memory (free with fg_plan_free), with guesses
 * added to `warnings`; NULL when the text cannot be decoded or holds no
 * numbered measure, with the reason in `errors`. */
struct fg_plan *fg_import_text(const char *name, const char *buf, size_t len, struct fg_diag *warnings,
			       struct fg_diag *errors);

/* Same for a file; an unreadable file is reported in `errors` (FG_ERR_IO). */
struct fg_plan *fg_import_file(const char *path, struct fg_diag *warnings, struct fg_diag *errors);

#endif
