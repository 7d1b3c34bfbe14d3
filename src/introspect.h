/*
 * introspect.h - reading a live database's schema into a catalog.
 *
 * The introspector is the database half of every comparison: it runs a
 * fixed number of catalog queries (one per object kind, each covering every
 * wanted schema at once) inside one read-only repeatable-read snapshot and
 * builds the same structs the model reader builds, with texts in the
 * canonical form described in catalog.h.
 */
#ifndef RETORT_INTROSPECT_H
#define RETORT_INTROSPECT_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "catalog.h"
#include "filter.h"

struct introspect_opts {
	const char *const *schemas;	/* schemas to read; none: every user schema */
	size_t nschemas;
	const struct filter *filter;	/* applied to tables, enums, sequences; NULL: all */
	const char *version_table;	/* retort's bookkeeping table, left out; may be
					 * "schema.name"; NULL: "retort_version" in public */
	bool one_connection;		/* never open a second connection to read faster */
};

/*
 * Reads the database's schema into a new catalog allocated in a and stores
 * it in *out (sorted with catalog_sort; the caller frees it with
 * catalog_free() and the arena). Prints a clear error and returns
 * EXIT_DATABASE on failure (connection lost, missing privilege, unexpected
 * answer), leaving *out untouched; EXIT_OK otherwise. Outside a
 * transaction the read runs in its own REPEATABLE READ READ ONLY one;
 * inside the caller's, in a savepoint released afterwards, so the caller's
 * transaction and settings are as they were.
 *
 * Left out: system schemas, objects that belong to an extension, the
 * version table, partitions (their parent is read), and objects of kinds
 * retort does not manage, which are listed in catalog->unmanaged instead.
 */
int introspect(PGconn *conn, struct arena *a, const struct introspect_opts *o,
	       struct catalog **out);

/*
 * Prints one warning naming the objects in c->unmanaged (the first few,
 * then a count), or nothing when there are none.
 */
void introspect_warn_unmanaged(const struct catalog *c);

/*
 * Reads the tables (with columns, constraints and indexes) of the schema
 * whose oid is schema_oid into c, inside the caller's transaction and with
 * the caller's search_path; no filter. The normalizer reads its temporary
 * tables this way, so model texts and database texts come out of the same
 * code. Returns EXIT_OK or EXIT_DATABASE (with a message).
 */
int introspect_relations(PGconn *conn, struct catalog *c, const char *schema_oid);

/*
 * Appends s as one element of a PostgreSQL array literal ("{a,b}"), escaped
 * so that no name or text can be taken for array syntax or NULL.
 */
void introspect_add_array_elem(struct strbuf *sb, const char *s);

/*
 * Removes one pair of parentheses enclosing the whole of expr, as
 * PostgreSQL adds around CHECK expressions and non-function index keys:
 * "(a > 0)" gives "a > 0", "(a) OR (b)" and "f(x)" stay; whitespace just
 * inside the removed pair goes with it. Returns expr itself or a copy in a.
 */
const char *strip_outer_parens(struct arena *a, const char *expr);

#endif
