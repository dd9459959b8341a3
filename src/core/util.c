/* Arena, diagnostics, growing buffers, hashing: small pieces the core shares. */
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "internal.h"

/* ------------------------------------------------------------ allocation */

static void (*oom_handler)(void);

void fg_set_oom_handler(void (*handler)(void))
{
	oom_handler = handler;
}

void fg_oom(void)
{
	if (oom_handler)
		oom_handler(); /* does not return */
	abort();
}

void *fg_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		fg_oom();
	return p;
}

void *fg_xcalloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		fg_oom();
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		fg_oom();
	return p;
}

void *fg_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		fg_oom();
	return p;
}

char *fg_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(fg_xmalloc(n), s, n);
}

/* Blocks of 64 KiB (or larger for big requests), bump-allocated. */
struct fg_block {
	struct fg_block *next;
	size_t used, size;
	max_align_t data[];
};

struct fg_arena {
	struct fg_block *head;
	size_t total;
};

struct fg_arena *fg_arena_new(void)
{
	struct fg_arena *a = fg_xmalloc(sizeof *a);
	a->head = NULL;
	a->total = 0;
	return a;
}

void fg_arena_free(struct fg_arena *a)
{
	if (!a)
		return;
	for (struct fg_block *b = a->head, *n; b; b = n) {
		n = b->next;
		free(b);
	}
	free(a);
}

/* Bump allocation; `align` is a power of two.  Strings take align 1: on
 * plans with hundreds of thousands of short strings, padding each to 16
 * bytes would cost megabytes. */
static void *arena_alloc(struct fg_arena *a, size_t n, size_t align)
{
	struct fg_block *b = a->head;
	size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
	if (!b || at > b->size || b->size - at < n) {
		size_t size = n > 65536 ? n : 65536;
		b = fg_xmalloc(sizeof *b + size);
		b->size = size;
		b->used = 0;
		at = 0;
		/* keep a partly used head in front when the new block is for one big request */
		if (a->head && size == n && a->head->size - a->head->used > 256) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
		a->total += size;
	}
	void *p = (char *)b->data + at;
	b->used = at + n;
	return p;
}

void *fg_arena_alloc(struct fg_arena *a, size_t n)
{
	return arena_alloc(a, n, sizeof(void *) > sizeof(double) ? sizeof(void *) : sizeof(double));
}

const char *fg_arena_strndup(struct fg_arena *a, const char *s, size_t n)
{
	if (n == 0)
		return "";
	char *d = arena_alloc(a, n + 1, 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

void *fg_arena_grow(struct fg_arena *a, void *old, size_t oldn, size_t newn, size_t size)
{
	void *p = fg_arena_alloc(a, newn * size);
	if (oldn)
		memcpy(p, old, oldn * size);
	return p;
}

/* ------------------------------------------------------------ diagnostics */

void fg_text_cut(char *buf, size_t len)
{
	static const char ell[] = "\u2026";
	if (!len)
		return;
	bool mark = len > sizeof ell; /* room for at least one byte and the mark */
	buf[mark ? len - sizeof ell : len - 1] = 0;
	fg_utf8_cut_tail(buf); /* a character the cut split goes whole */
	if (mark)
		strcat(buf, ell);
}

/* Copy s into buf[len]; a string that does not fit is cut at a character
 * boundary and ends in "…" (when there is room for it). */
static void copy_cut(char *buf, size_t len, const char *s)
{
	if (!len)
		return;
	size_t n = strlen(s);
	if (n < len) {
		memcpy(buf, s, n + 1);
		return;
	}
	memcpy(buf, s, len - 1);
	buf[len - 1] = 0;
	fg_text_cut(buf, len);
}

/* printf into a malloc'd string of whatever length it takes. */
static char *vformat(const char *fmt, va_list ap)
{
	if (!fmt) /* never (fg_tr returns non-null); tells GCC's sanitizer build so */
		fmt = "";
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		n = 0; /* an encoding error: an empty message rather than none */
	char *s = fg_xmalloc((size_t)n + 1);
	if (n)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	else
		s[0] = 0;
	return s;
}

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vformat(fmt, ap);
	va_end(ap);
	return s;
}

void fg_diag_init(struct fg_diag *d, const char *file)
{
	memset(d, 0, sizeof *d);
	copy_cut(d->file, sizeof d->file, file ? file : "");
}

void fg_diag_free(struct fg_diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->items[i].msg);
	free(d->items);
	d->items = NULL;
	d->n = d->cap = 0;
}

const char *fg_tr(const char *msgid)
{
	if (!msgid || !*msgid)
		return ""; /* never a null format */
	const char *t = dgettext("fengong", msgid);
	return t ? t : msgid;
}

bool fg_diag_add(struct fg_diag *d, int kind, unsigned line, unsigned col, const char *fmt, ...)
{
	if (!d)
		return false;
	if (d->n >= 200) /* enough to fix; the rest is noise */
		return false;
	FG_GROW(d->items, d->n + 1, d->cap);
	struct fg_problem *pr = &d->items[d->n++];
	pr->line = line;
	pr->col = col;
	va_list ap;
	va_start(ap, fmt);
	pr->msg = vformat(fg_tr(fmt), ap); /* whole: a message is never cut */
	va_end(ap);
	if (d->n == 1)
		d->kind = kind;
	return false;
}

void fg_utf8_cut_tail(char *s)
{
	size_t len = strlen(s), lead = len;
	while (lead && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (!lead--)
		return;
	unsigned char c = (unsigned char)s[lead];
	size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (len - lead < need)
		s[lead] = 0;
}

char *fg_diag_line(const struct fg_diag *d, size_t i)
{
	const struct fg_problem *pr = &d->items[i];
	if (pr->line && pr->col)
		return format("%s:%u:%u: %s", d->file, pr->line, pr->col, pr->msg);
	if (pr->line)
		return format("%s:%u: %s", d->file, pr->line, pr->msg);
	if (d->file[0])
		return format("%s: %s", d->file, pr->msg);
	return format("%s", pr->msg);
}

void fg_diag_format(const struct fg_diag *d, size_t i, char *buf, size_t len)
{
	char *s = fg_diag_line(d, i);
	copy_cut(buf, len, s);
	free(s);
}

/* ------------------------------------------------------------ buffers */

void fg_buf_add(struct fg_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = fg_xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = 0;
}

void fg_buf_adds(struct fg_buf *b, const char *s)
{
	fg_buf_add(b, s, strlen(s));
}

void fg_buf_printf(struct fg_buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		fg_buf_add(b, tmp, (size_t)n);
		return;
	}
	char *big = fg_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	fg_buf_add(b, big, (size_t)n);
	free(big);
}

/* ------------------------------------------------------------ hashing */

/* SHA-256 fetched once: SHA256() looks the algorithm up on every call,
 * which costs more than hashing a record. */
static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void sha256_free(void)
{
	EVP_MD_free(sha256_md);
}

static void sha256_fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (sha256_md)
		atexit(sha256_free);
}

void fg_sha256(const void *buf, size_t len, unsigned char out[32])
{
	pthread_once(&sha256_once, sha256_fetch);
	if (!sha256_md || EVP_Digest(buf, len, out, NULL, sha256_md, NULL) != 1)
		SHA256(buf, len, out);
}

void fg_sha256_hex(const void *buf, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char h[32];
	fg_sha256(buf, len, h);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[h[i] >> 4];
		out[2 * i + 1] = hex[h[i] & 15];
	}
	out[64] = 0;
}
