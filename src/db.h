/*
 * db.h - the libpq edge: connecting, running SQL, reporting server errors.
 *
 * Every command that talks to PostgreSQL goes through here so that a refused
 * connection, a missing privilege or a server that goes away mid-run gives
 * the same clear one-line message and exit status 3, and so that no message
 * ever carries a password.
 */
#ifndef RETORT_DB_H
#define RETORT_DB_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "strbuf.h"

/*
 * Connects using conninfo (a URI or key=value string; NULL uses libpq's
 * environment: PGHOST, PGSERVICE, .pgpass, ...). On failure prints
 * "could not connect to the database: ..." and returns NULL.
 */
PGconn *db_connect(const char *conninfo);

/*
 * db_connect in two steps, for callers that must first learn whether
 * something else failed (the models) before saying anything:
 * db_connect_quiet never prints and returns a connection that may have
 * failed (or NULL when out of memory); db_connect_report then returns it
 * when it is usable, or prints db_connect's message, closes it and
 * returns NULL.
 */
PGconn *db_connect_quiet(const char *conninfo);
PGconn *db_connect_report(PGconn *conn);

/*
 * A second connection with the parameters conn was opened with (host,
 * port, user, password, database, ...), to the same server, for reading in
 * parallel; it gives up after at most 5 seconds. Never prints. NULL when it
 * cannot be opened.
 */
PGconn *db_connect_twin(PGconn *conn);
/* Rolls back an open transaction, then closes. NULL is fine. */
void db_close(PGconn *conn);

/*
 * Appends PostgreSQL's error from res (or the connection when res has
 * none): the primary message, then "SQLSTATE xxxxx", DETAIL, HINT and
 * position lines, each on its own line.
 */
void db_format_error(struct strbuf *out, PGconn *conn, const PGresult *res);

/*
 * res when it succeeded (PGRES_COMMAND_OK or PGRES_TUPLES_OK); otherwise
 * prints "<what>: <server error>", clears res and returns NULL. For
 * results of statements sent asynchronously; db_query uses it too.
 */
PGresult *db_result_ok(PGconn *conn, PGresult *res, const char *what);

/*
 * Runs sql (with optional text parameters) and returns a result that
 * succeeded (PGRES_COMMAND_OK or PGRES_TUPLES_OK); the caller PQclear()s it.
 * On failure prints "<what>: <server error>" and returns NULL.
 */
PGresult *db_query(PGconn *conn, const char *what, const char *sql,
		   int nparams, const char *const *params);
/* db_query for statements whose result is not needed: 0 or -1. */
int db_exec(PGconn *conn, const char *what, const char *sql);

/* server_version_num of the connection, e.g. 150004. */
int db_server_version(PGconn *conn);

#endif
