/*
 * normalize.h - making model text comparable with database text.
 *
 * A model says "int", "timestamptz", "cost >= 0" and DEFAULT 'pending';
 * PostgreSQL prints "integer", "timestamp with time zone",
 * "cost >= (0)::numeric" and 'pending'::run_status. The differ compares
 * text, so before it runs the model's texts are rewritten into the form the
 * database prints. doc/normalization.md explains the design: a pure-C pass
 * that is always safe, then a server pass that lets PostgreSQL itself
 * print the few texts that still differ.
 */
#ifndef RETORT_NORMALIZE_H
#define RETORT_NORMALIZE_H

#include <libpq-fe.h>
#include <stddef.h>

#include "arena.h"
#include "catalog.h"

/*
 * Rewrites the model catalog's texts (column types, defaults, generated
 * expressions, check expressions, index key expressions and predicates,
 * collations, sequence types) into the form the database prints, so the
 * differ compares like with like. The pure-C pass always runs; then, when
 * conn and db are not NULL, a server pass for the texts that still differ
 * from db's corresponding object (matched by schema, table, column,
 * constraint and index name, following renamed-from hints), except those db
 * proves canonical (a type, collation or default db printed for a column in
 * the same context, which is then a real difference): batched into a
 * constant number of round trips whatever the number of mismatches, inside
 * a transaction (or savepoint) that is rolled back, using only temporary
 * objects. A text the server rejects is left as written. If the server
 * cannot run the pass at all (no TEMP privilege, no PL/pgSQL) a warning says
 * so and the texts stay as the pure-C pass left them.
 *
 * New strings are allocated in the model's arena. Returns EXIT_OK, or
 * EXIT_DATABASE when the connection fails.
 */
int normalize_model(struct catalog *model, const struct catalog *db, PGconn *conn);

/* What the server pass did, for tests and benchmarks. */
struct normalize_stats {
	size_t mismatches;	/* texts sent: differing (or in a changed context), not canonical */
	size_t canonical;	/* texts that differed but were provably canonical, not sent */
	size_t tables;		/* model tables with texts sent */
	size_t mirrors;		/* temporary tables built on the server */
	size_t columns;		/* columns in those */
	size_t statements;	/* statements tried on the server */
	size_t failed;		/* of those, rejected by the server */
	int round_trips;	/* queries sent to the server */
};

/* normalize_model, also filling *st when st is not NULL. */
int normalize_model_stats(struct catalog *model, const struct catalog *db, PGconn *conn,
			  struct normalize_stats *st);

/*
 * The pure-C pass alone over one type name: "int4" gives "integer",
 * "varchar(20)" "character varying(20)", "timestamptz" "timestamp with time
 * zone", "numeric(10)" "numeric(10,0)", "int[]" "integer[]",
 * "public.run_status" "run_status", "BILLING.Status" "billing.status".
 * Returns type itself when it cannot be improved, else a copy in a. NULL
 * stays NULL.
 */
const char *normalize_type(struct arena *a, const char *type);

/*
 * The pure-C pass over an SQL expression, limited to rewrites that can
 * never change its meaning: whitespace outside literals, lower-case
 * unquoted names, the keywords PostgreSQL prints in upper case
 * (CURRENT_TIMESTAMP, AND, IS NOT NULL, ...). Literals, quoted names and
 * anything unusual (comments) are left alone. Returns expr or a copy in a.
 */
const char *normalize_expr(struct arena *a, const char *expr);

/* A collation name as the database catalog holds it: "C" for "\"C\"". */
const char *normalize_collation(struct arena *a, const char *collation);

/*
 * The name expr consists of (lower-cased unless quoted, quotes removed),
 * or NULL when expr is anything more than one identifier; in a.
 */
const char *normalize_bare_name(struct arena *a, const char *expr);

#endif
