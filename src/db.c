/*
 * db.c - connecting and running SQL (see db.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "diag.h"
#include "banned.h"

/* libpq's messages may span lines ("...failed\n\tIs the server...?\n"); ours are one line. */
static void add_trimmed(struct strbuf *out, const char *s)
{
	strbuf_add_oneline(out, s ? s : "");
}

PGconn *db_connect_quiet(const char *conninfo)
{
	const char *keys[] = { "dbname", "application_name", "connect_timeout", NULL };
	const char *vals[] = { conninfo, "retort", "10", NULL };

	/* dbname with expand_dbname=1 accepts both URIs and key=value strings. */
	if (!conninfo || !*conninfo) {
		keys[0] = "application_name";
		vals[0] = "retort";
		keys[1] = "connect_timeout";
		vals[1] = "10";
		keys[2] = NULL;
	}
	return PQconnectdbParams(keys, vals, 1);
}

PGconn *db_connect_report(PGconn *conn)
{
	struct strbuf sb = STRBUF_INIT;

	if (conn && PQstatus(conn) == CONNECTION_OK)
		return conn;
	add_trimmed(&sb, conn ? PQerrorMessage(conn) : "out of memory");
	msg_error("could not connect to the database: %s", sb.buf);
	msg_hint("Check --database, DATABASE_URL, the database setting in retort.conf, or PGHOST/PGPORT/PGUSER.");
	strbuf_release(&sb);
	PQfinish(conn);
	return NULL;
}

PGconn *db_connect_twin(PGconn *conn)
{
	PQconninfoOption *opts = PQconninfo(conn), *o;
	const char **keys, **vals;
	PGconn *twin = NULL;
	size_t n = 0;

	if (!opts)
		return NULL;
	for (o = opts; o->keyword; o++)
		n++;
	keys = xcalloc(n + 1, sizeof(*keys));
	vals = xcalloc(n + 1, sizeof(*vals));
	n = 0;
	for (o = opts; o->keyword; o++) {
		const char *val = o->val;

		/* The server conn reached, not the first of a list of hosts. */
		if (strcmp(o->keyword, "host") == 0)
			val = PQhost(conn);
		else if (strcmp(o->keyword, "hostaddr") == 0)
			val = PQhostaddr(conn);
		else if (strcmp(o->keyword, "port") == 0)
			val = PQport(conn);
		/* The twin only saves time: it may not cost much of it. */
		else if (strcmp(o->keyword, "connect_timeout") == 0 && (!val || atoi(val) <= 0 ||
									 atoi(val) > 5))
			val = "5";
		if (!val || !*val)
			continue;
		keys[n] = o->keyword;
		vals[n++] = val;
	}
	twin = PQconnectdbParams(keys, vals, 0);
	if (twin && PQstatus(twin) != CONNECTION_OK) {
		PQfinish(twin);
		twin = NULL;
	}
	free(keys);
	free(vals);
	PQconninfoFree(opts);
	return twin;
}

PGconn *db_connect(const char *conninfo)
{
	return db_connect_report(db_connect_quiet(conninfo));
}

void db_close(PGconn *conn)
{
	if (!conn)
		return;
	if (PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) != PQTRANS_IDLE)
		PQclear(PQexec(conn, "ROLLBACK"));
	PQfinish(conn);
}

void db_format_error(struct strbuf *out, PGconn *conn, const PGresult *res)
{
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *sqlstate = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
	const char *pos = res ? PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION) : NULL;

	if (primary)
		add_trimmed(out, primary);
	else if (res && *PQresultErrorMessage(res))
		add_trimmed(out, PQresultErrorMessage(res));
	else
		add_trimmed(out, conn ? PQerrorMessage(conn) : "unknown error");
	if (sqlstate)
		strbuf_addf(out, " (SQLSTATE %s)", sqlstate);
	if (detail)
		strbuf_addf(out, "\nDETAIL: %s", detail);
	if (hint)
		strbuf_addf(out, "\nHINT: %s", hint);
	if (pos)
		strbuf_addf(out, "\nPOSITION: character %s of the statement", pos);
}

PGresult *db_query(PGconn *conn, const char *what, const char *sql,
		   int nparams, const char *const *params)
{
	return db_result_ok(conn, PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0),
			    what);
}

PGresult *db_result_ok(PGconn *conn, PGresult *res, const char *what)
{
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	struct strbuf sb = STRBUF_INIT;

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	db_format_error(&sb, conn, res);
	msg_error("%s: %s", what, sb.buf);
	strbuf_release(&sb);
	PQclear(res);
	return NULL;
}

int db_exec(PGconn *conn, const char *what, const char *sql)
{
	PGresult *res = db_query(conn, what, sql, 0, NULL);

	if (!res)
		return -1;
	PQclear(res);
	return 0;
}

int db_server_version(PGconn *conn)
{
	return PQserverVersion(conn);
}
