/*
 * quote.h - the one place that decides how names and literals reach SQL.
 *
 * No other file writes a double quote into SQL. Identifiers are quoted only
 * when PostgreSQL would otherwise fold or reject them (upper case, special
 * characters, a leading digit, or a keyword that is not unreserved), so the
 * migrations retort writes read like hand-written SQL.
 */
#ifndef RETORT_QUOTE_H
#define RETORT_QUOTE_H

#include <stdbool.h>

#include "strbuf.h"

/* True when ident must be written in double quotes to mean itself. */
bool ident_needs_quotes(const char *ident);
/* Appends ident, quoted and with embedded quotes doubled when needed. */
void sb_add_ident(struct strbuf *sb, const char *ident);
/* Appends schema.name; a NULL or empty schema writes the name alone. */
void sb_add_qualified(struct strbuf *sb, const char *schema, const char *name);
/* Appends a standard SQL string literal: 'it''s'. */
void sb_add_literal(struct strbuf *sb, const char *s);
/* True when word is an SQL keyword PostgreSQL does not accept bare as a name. */
bool is_sql_keyword(const char *word);

#endif
