/*
 * diag.h - user-facing messages.
 *
 * Two shapes: one-off messages for the command being run ("retort: error:
 * could not connect ...", to stderr), and collected diagnostics about input
 * files, printed GCC style ("models/app.xml:12: error: ...") all at once so
 * that a user fixes every mistake in one pass.
 *
 * Messages start lowercase, name what failed first, quote the subject, and
 * carry no trailing period; hints are full sentences on their own line.
 */
#ifndef RETORT_DIAG_H
#define RETORT_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* Exit statuses shared by every command (documented in retort(1)). */
enum exit_code {
	EXIT_OK = 0,
	EXIT_DIFFERENCES = 1,	/* check found differences */
	EXIT_USAGE = 2,		/* usage, config or model error */
	EXIT_DATABASE = 3,	/* connection or database error */
	EXIT_MIGRATION = 4,	/* a migration failed and was rolled back */
	EXIT_HISTORY = 5,	/* revision history problem */
};

/* Verbosity: -q lowers it to 0, -v raises it to 2. Default 1. */
extern int msg_verbosity;

void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Progress for humans, on stderr; silenced by -q. */
void msg_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Extra detail, on stderr; only with -v. */
void msg_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct diag_item {
	char *file;		/* may be NULL */
	int line;		/* 0 when unknown */
	bool is_error;
	char *text;
};

struct diags {
	struct diag_item *items;
	size_t len, cap;
	size_t nerrors;
};

#define DIAGS_INIT { NULL, 0, 0, 0 }

void diag_error(struct diags *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warning(struct diags *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Prints every item as FILE:LINE: error: text, in the order they were added. */
void diag_print(const struct diags *d);
void diag_release(struct diags *d);

/*
 * The candidate nearest to name by edit distance, when it is close enough to
 * be a likely typo; NULL otherwise. Used for "did you mean" hints.
 */
const char *nearest_name(const char *name, const char *const *candidates, size_t n);

#endif
