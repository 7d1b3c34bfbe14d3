/*
 * emit.h - writing an ordered change list as SQL, and as a report.
 *
 * The SQL reads like careful hand-written SQL: one statement per line
 * (CREATE TABLE one column per line), schema-qualified names everywhere,
 * identifiers quoted only where PostgreSQL needs it (quote.h), a comment
 * above every statement that destroys data, and a blank line between the
 * statements of different tables.
 *
 * The report is one line per difference, in Alembic's words:
 *   Detected added table 'notifications'
 *   Detected type change of column 'users.age' from integer to bigint
 *   Detected removed column 'users.age' (destroys data)
 */
#ifndef RETORT_EMIT_H
#define RETORT_EMIT_H

#include "diff.h"
#include "strbuf.h"

/*
 * Appends the SQL of list (ordered by order_changes()) to out; every
 * statement ends with ";\n". An empty list appends nothing.
 */
void emit_sql(const struct change_list *list, struct strbuf *out);

/* Appends the SQL of one change (folded foreign keys are written by their table). */
void emit_change(const struct change *ch, struct strbuf *out);

/* Appends one report line ("Detected ...\n") per difference in list. */
void emit_report(const struct change_list *list, struct strbuf *out);

/* Number of changes in list that destroy data. */
size_t emit_count_destructive(const struct change_list *list);

#endif
