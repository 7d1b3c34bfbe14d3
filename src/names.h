/*
 * names.h - the names PostgreSQL gives constraints and indexes left unnamed.
 *
 * When a model leaves a constraint or index name out, retort must predict
 * the name the server would choose, or every run would see a rename. The
 * rules follow PostgreSQL's makeObjectName, ChooseRelationName,
 * ChooseConstraintName, ChooseIndexColumnNames and the CHECK naming in
 * AddRelationNewConstraints (PostgreSQL 15):
 *
 *   name1[_name2]_label, at most 63 bytes; while too long, the longer of
 *   name1/name2 loses its last byte, then each is clipped back to a whole
 *   UTF-8 character. When the name is taken, the label becomes label1,
 *   label2, ... ("users_email_key1").
 *
 *   primary key   <table>_pkey
 *   unique        <table>_<col>_<col>_key
 *   foreign key   <table>_<col>_<col>_fkey
 *   check         <table>_<col>_check when the expression mentions exactly
 *                 one column, else <table>_check
 *   index         <table>_<key>_<key>_idx (unique ones too); a key is the
 *                 column name, or for an expression the function name
 *                 ("lower"), else "expr"; INCLUDE columns count as keys;
 *                 a key repeated in one index gets 1, 2, ... appended
 *
 * Which names are "taken" depends on the kind, and the caller decides,
 * because only it knows what else exists (see names_taken_fn).
 */
#ifndef RETORT_NAMES_H
#define RETORT_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "catalog.h"

/* NAMEDATALEN - 1: the longest identifier PostgreSQL keeps, in bytes. */
#define NAMES_MAX_BYTES 63

/*
 * True when name is already in use and must not be chosen. PostgreSQL's
 * rules, per kind of the object being named:
 *   primary key, unique  a relation (table, sequence, index, view...) or
 *                        any constraint in the schema has that name
 *   index                a relation in the schema has that name
 *   foreign key, check   any constraint in the schema has that name
 * A NULL callback means nothing is taken.
 */
typedef bool (*names_taken_fn)(void *arg, const char *name);

/*
 * The length in bytes of the longest prefix of s (len bytes) that ends on
 * a UTF-8 character boundary and is at most limit bytes (pg_mbcliplen).
 */
size_t names_clip(const char *s, size_t len, size_t limit);

/*
 * s itself when it is at most max bytes, else its first whole UTF-8
 * characters and "..." (in a): for quoting user text in messages.
 */
const char *names_abbrev(struct arena *a, const char *s, size_t max);

/* makeObjectName: name1[_name2][_label] cut to 63 bytes. name2, label may be NULL. */
const char *names_make(struct arena *a, const char *name1, const char *name2,
		       const char *label);

/*
 * The first of name1[_name2]_label, ..._label1, ..._label2 ... that taken
 * does not claim. The result is allocated in a.
 */
const char *names_choose(struct arena *a, const char *name1, const char *name2,
			 const char *label, names_taken_fn taken, void *arg);

/*
 * The column list part of a name: the items joined with "_", as
 * ChooseIndexNameAddition builds it (stops once past 63 bytes).
 */
const char *names_join(struct arena *a, const char *const *items, size_t n);

/*
 * The name PostgreSQL gives an index key written as the expression expr
 * (FigureIndexColname): the function name for a call such as
 * "lower(email)", the column for a bare column reference, "expr" when it
 * cannot tell. Static or arena storage.
 */
const char *names_expr_key(struct arena *a, const char *expr);

/*
 * The column of t that a CHECK expression mentions, when it mentions
 * exactly one distinct column; NULL otherwise.
 */
const char *names_check_column(const struct table *t, const char *expr);

/*
 * The name PostgreSQL would give con (of t) if it were unnamed. taken
 * follows the rules above for con's type. Allocated in a.
 */
const char *names_for_constraint(struct arena *a, const struct table *t,
				 const struct constraint *con,
				 names_taken_fn taken, void *arg);

/* The same for an index created with CREATE [UNIQUE] INDEX ON t without a name. */
const char *names_for_index(struct arena *a, const struct table *t,
			    const struct index *ix, names_taken_fn taken, void *arg);

#endif
