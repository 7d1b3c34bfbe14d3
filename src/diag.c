/*
 * diag.c - messages and collected diagnostics (see diag.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "banned.h"

int msg_verbosity = 1;

static void msg_out(const char *prefix, const char *fmt, va_list ap)
{
	fputs("retort: ", stderr);
	if (prefix)
		fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_out("error: ", fmt, ap);
	va_end(ap);
}

void msg_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_out("warning: ", fmt, ap);
	va_end(ap);
}

void msg_hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("hint: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void msg_info(const char *fmt, ...)
{
	va_list ap;

	if (msg_verbosity < 1)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void msg_verbose(const char *fmt, ...)
{
	va_list ap;

	if (msg_verbosity < 2)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void diag_add(struct diags *d, const char *file, int line, bool is_error,
		     const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag_item *it;

	if (d->len == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->items = xrealloc(d->items, d->cap * sizeof(*d->items));
	}
	strbuf_vaddf(&sb, fmt, ap);
	it = &d->items[d->len++];
	it->file = file ? xstrdup(file) : NULL;
	it->line = line;
	it->is_error = is_error;
	it->text = strbuf_detach(&sb);
	if (is_error)
		d->nerrors++;
}

void diag_error(struct diags *d, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, file, line, true, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diags *d, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, file, line, false, fmt, ap);
	va_end(ap);
}

void diag_print(const struct diags *d)
{
	size_t i;

	for (i = 0; i < d->len; i++) {
		const struct diag_item *it = &d->items[i];
		const char *kind = it->is_error ? "error" : "warning";

		if (it->file && it->line > 0)
			fprintf(stderr, "%s:%d: %s: %s\n", it->file, it->line, kind, it->text);
		else if (it->file)
			fprintf(stderr, "%s: %s: %s\n", it->file, kind, it->text);
		else
			fprintf(stderr, "retort: %s: %s\n", kind, it->text);
	}
}

void diag_release(struct diags *d)
{
	size_t i;

	for (i = 0; i < d->len; i++) {
		free(d->items[i].file);
		free(d->items[i].text);
	}
	free(d->items);
	d->items = NULL;
	d->len = d->cap = d->nerrors = 0;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t *row, best;

	if (la > 128 || lb > 128)
		return (size_t)-1;
	row = xmalloc((lb + 1) * sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t v = diag + cost;
			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
		}
	}
	best = row[lb];
	free(row);
	return best;
}

const char *nearest_name(const char *name, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, i;
	size_t limit = strlen(name) / 3 + 1;

	if (limit > 3)
		limit = 3;
	for (i = 0; i < n; i++) {
		size_t d = edit_distance(name, candidates[i]);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best_d <= limit && best_d > 0 ? best : NULL;
}
