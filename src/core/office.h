/* fengong core, private: the text of a .docx or an .xlsx for the importer
 * (import_office.c).  Never prints. */
#ifndef FENGONG_OFFICE_H
#define FENGONG_OFFICE_H

#include <stddef.h>
#include "fengong/plan.h"

/* U+E000 around bold text inside brackets: a lead mark, read like ★. */
#define FG_IMPORT_MARK "\xee\x80\x80"
#define FG_IMPORT_MARK_CP 0xE000

enum fg_office_kind { FG_OFFICE_DOCX, FG_OFFICE_XLSX };

/* The document's text as UTF-8 lines (malloc'd, NUL-terminated, length in
 * *outlen); NULL with the reason in `errors`. */
char *fg_office_text(const char *buf, size_t len, enum fg_office_kind kind, size_t *outlen, struct fg_diag *errors);

#endif
