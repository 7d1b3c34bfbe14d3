/*
 * filter.h - include/exclude patterns over schema-qualified object names.
 *
 * Teams keep objects they do not own (a job queue's tables, tmp_ tables) out
 * of every comparison. An object is wanted when it matches some include
 * pattern (or there are none) and no exclude pattern. Patterns are PCRE2,
 * unanchored, matched against "schema.name".
 */
#ifndef RETORT_FILTER_H
#define RETORT_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct filter;

/* Compiles the patterns; NULL with an error in d on a bad pattern. */
struct filter *filter_new(const char *const *include, size_t ninclude,
			  const char *const *exclude, size_t nexclude,
			  const char *origin, struct diags *d);
/* True when schema.name passes the filter. A NULL filter wants everything. */
bool filter_wants(const struct filter *f, const char *schema, const char *name);
void filter_free(struct filter *f);

#endif
