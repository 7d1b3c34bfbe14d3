/*
 * template.h - a tiny {name} expander for migration templates.
 *
 * A placeholder is '{' NAME '}' where NAME is letters, digits and '_'.
 * "{{" writes one literal '{'; any other character, including a lone '}',
 * is copied as is. Values are inserted verbatim and never re-expanded.
 */
#ifndef RETORT_TEMPLATE_H
#define RETORT_TEMPLATE_H

#include "strbuf.h"

/* Returns the value of placeholder name, or NULL when it is unknown. */
typedef const char *(*template_lookup_fn)(void *arg, const char *name);

/*
 * Appends tmpl with every placeholder replaced by lookup(arg, name) to out.
 * Returns 0, or -1 with a one-line message in err ("line 3: unknown
 * placeholder '{foo}'", "line 5: unterminated placeholder") for an unknown
 * name, a '{' not followed by a valid name and '}', or an unterminated
 * brace; out then holds a partial result the caller should discard.
 */
int template_render(const char *tmpl, const char *(*lookup)(void *arg, const char *name),
		    void *arg, struct strbuf *out, struct strbuf *err);

#endif
