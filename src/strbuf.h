/*
 * strbuf.h - growable, always NUL-terminated strings.
 *
 * Every SQL statement, file name and message retort builds goes through a
 * strbuf. buf is never NULL (an empty strbuf points at a shared "" until the
 * first append), so it can always be printed.
 */
#ifndef RETORT_STRBUF_H
#define RETORT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

extern char strbuf_empty[];

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

#define STRBUF_INIT { strbuf_empty, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);		/* frees, leaves it empty and usable */
char *strbuf_detach(struct strbuf *sb);		/* caller frees the result */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_rtrim(struct strbuf *sb);
/*
 * Appends s on one line: each run of line breaks and tabs becomes a single
 * space (none right after a space), and trailing spaces are dropped. For
 * messages and header values that must not span lines.
 */
void strbuf_add_oneline(struct strbuf *sb, const char *s);
/* Reads a whole file; returns 0, or -1 with errno set (sb keeps what it had). */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t max_size);

#endif
