/*
 * runner.c - the migration runner (see runner.h): bookkeeping table, the
 * advisory lock, applying and reverting migrations online, offline psql
 * scripts, stamping, and the parents of a new revision.
 *
 * Every online run goes: connect, lock, read the bookkeeping, check the
 * applied files, make a plan (a list of revisions in the order they run),
 * split every planned section into statements up front (so a broken file
 * stops the run before anything is executed), then execute.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "diag.h"
#include "quote.h"
#include "runner.h"
#include "sha256.h"
#include "sqllex.h"
#include "banned.h"

/* ------------------------------------------------------------ plumbing */

struct runner {
	struct retort_ctx *ctx;
	struct arena *a;
	PGconn *conn;
	struct revgraph *g;
	struct applied_set set;
	struct strbuf table;		/* the bookkeeping table, quoted for SQL */
	const struct run_options *opt;
	bool batch_open;		/* --single-transaction: BEGIN sent */
	bool locked;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* PostgreSQL notices (RAISE NOTICE, "... skipping") are chatter: -q hides them. */
static void print_notice(void *arg, const char *message)
{
	(void)arg;
	if (msg_verbosity >= 1)
		fputs(message, stderr);
}

/* Appends cfg.version_table quoted for SQL; -1 for a malformed name. */
static int table_sql(struct arena *a, const char *name, struct strbuf *out)
{
	const char *dot = strchr(name, '.');

	if (!*name || (dot && (dot == name || !dot[1] || strchr(dot + 1, '.')))) {
		msg_error("invalid version table name '%s'", name);
		msg_hint("Use NAME or SCHEMA.NAME, e.g. retort_version or ops.retort_version.");
		return -1;
	}
	if (dot)
		sb_add_qualified(out, arena_strndup(a, name, (size_t)(dot - name)), dot + 1);
	else
		sb_add_ident(out, name);
	return 0;
}

struct revgraph *runner_load_graph(struct retort_ctx *ctx)
{
	struct diags d = DIAGS_INIT;
	struct revgraph *g = revgraph_load(&ctx->arena, ctx->cfg.migrations, &d);

	diag_print(&d);
	if (!g)
		msg_error("the migrations in '%s' have errors; nothing was done", ctx->cfg.migrations);
	diag_release(&d);
	return g;
}

/* ------------------------------------------------------------ bookkeeping */

int runner_read_applied(struct retort_ctx *ctx, PGconn *conn, const struct revgraph *g,
			struct applied_set *set)
{
	struct strbuf name = STRBUF_INIT, sql = STRBUF_INIT;
	const char *params[1];
	PGresult *res;
	int i, rc = EXIT_DATABASE;

	memset(set, 0, sizeof(*set));
	set->mark = arena_alloc(&ctx->arena, g->n + 1);
	if (table_sql(&ctx->arena, ctx->cfg.version_table, &name) < 0)
		return EXIT_USAGE;
	params[0] = name.buf;
	res = db_query(conn, "could not look for the bookkeeping table",
		       "SELECT pg_catalog.to_regclass($1) IS NOT NULL", 1, params);
	if (!res)
		goto out;
	set->table_exists = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (!set->table_exists) {
		rc = EXIT_OK;
		goto out;
	}
	strbuf_addf(&sql, "SELECT revision, checksum, coalesce(message, ''), "
		    "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC' FROM %s "
		    "ORDER BY applied_at, revision", name.buf);
	res = db_query(conn, "could not read the bookkeeping table", sql.buf, 0, NULL);
	if (!res)
		goto out;
	set->n = (size_t)PQntuples(res);
	set->rows = arena_alloc(&ctx->arena, (set->n + 1) * sizeof(*set->rows));
	for (i = 0; i < PQntuples(res); i++) {
		struct applied_rev *row = &set->rows[i];

		row->revision = arena_strdup(&ctx->arena, PQgetvalue(res, i, 0));
		row->checksum = arena_strdup(&ctx->arena, PQgetvalue(res, i, 1));
		row->message = arena_strdup(&ctx->arena, PQgetvalue(res, i, 2));
		row->applied_at = arena_strdup(&ctx->arena, PQgetvalue(res, i, 3));
		row->rev = revgraph_get(g, row->revision);
		if (row->rev)
			set->mark[row->rev->order] = 1;
		else
			set->nunknown++;
	}
	PQclear(res);
	rc = EXIT_OK;
out:
	strbuf_release(&name);
	strbuf_release(&sql);
	return rc;
}

size_t runner_report_unknown(struct retort_ctx *ctx, const struct applied_set *set)
{
	size_t i, n = 0;

	for (i = 0; i < set->n; i++) {
		if (set->rows[i].rev)
			continue;
		if (n++ >= 10)
			continue;	/* a wrong --migrations folder would list them all */
		msg_error("can't locate revision '%s' applied to the database%s%s%s",
			  set->rows[i].revision, *set->rows[i].message ? " (" : "",
			  set->rows[i].message, *set->rows[i].message ? ")" : "");
	}
	if (n > 10)
		msg_error("... and %zu more applied revisions that no file has", n - 10);
	if (n)
		msg_hint("The bookkeeping table %s records %s no file in '%s' has. Restore the missing "
			 "migration file (e.g. from version control, or check --migrations), or, if the "
			 "database really does not depend on it, run 'retort stamp --purge REV' to make the "
			 "bookkeeping match the files.",
			 ctx->cfg.version_table, n == 1 ? "a revision that" : "revisions that",
			 ctx->cfg.migrations);
	return n;
}

static int check_applied_files(struct runner *r)
{
	size_t i, changed = 0;

	if (runner_report_unknown(r->ctx, &r->set))
		return EXIT_HISTORY;
	for (i = 0; i < r->set.n; i++) {
		const struct applied_rev *row = &r->set.rows[i];

		if (strcmp(row->checksum, row->rev->m->checksum) == 0)
			continue;
		changed++;
		fprintf(stderr, "%s:%d: %s: applied migration %s (%s) was edited after it was applied: "
			"the upgrade section's checksum differs from the recorded one\n",
			row->rev->m->path, row->rev->m->upgrade_line - 1,
			r->opt->allow_changed ? "warning" : "error", row->revision, row->rev->m->message);
	}
	if (!changed || r->opt->allow_changed)
		return EXIT_OK;
	msg_hint("Applied migrations must not change: revert the edit and put the change in a new "
		 "migration. If the database already matches the edited file, run 'retort stamp current' "
		 "to record the new checksum, or pass --allow-changed to go ahead anyway.");
	return EXIT_HISTORY;
}

/* 64-bit advisory lock key: the first 8 bytes of SHA-256("retort:" + table). */
static void lock_key(const char *table, char out[32])
{
	struct strbuf sb = STRBUF_INIT;
	char hex[65];
	unsigned long long k = 0;
	int i;

	strbuf_addf(&sb, "retort:%s", table);
	sha256_hex(sb.buf, sb.len, hex);
	for (i = 0; i < 16; i++)
		k = k << 4 | (unsigned long long)(hex[i] <= '9' ? hex[i] - '0' : hex[i] - 'a' + 10);
	snprintf(out, 32, "%lld", (long long)k);
	strbuf_release(&sb);
}

static int try_lock(struct runner *r, const char *key, bool *got)
{
	const char *params[1] = { key };
	PGresult *res = db_query(r->conn, "could not take the runner lock",
				 "SELECT pg_catalog.pg_try_advisory_lock($1::bigint)", 1, params);

	if (!res)
		return -1;
	*got = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return 0;
}

/*
 * Takes the session-level advisory lock that serialises runners on this
 * database and bookkeeping table; waits at most opt->lock_timeout seconds.
 */
static int acquire_lock(struct runner *r, double timeout)
{
	char key[32];
	const char *params[1] = { key };
	double start = now_ms();
	bool got = false;
	PGresult *res;

	lock_key(r->ctx->cfg.version_table, key);
	if (try_lock(r, key, &got) < 0)
		return EXIT_DATABASE;
	if (got)
		goto locked;
	msg_info("waiting for another retort runner on database '%s' to finish", PQdb(r->conn));
	if (timeout < 0) {
		res = db_query(r->conn, "could not take the runner lock",
			       "SELECT pg_catalog.pg_advisory_lock($1::bigint)", 1, params);
		if (!res)
			return EXIT_DATABASE;
		PQclear(res);
		goto locked;
	}
	while (now_ms() - start < timeout * 1e3) {
		sleep_ms(100);
		if (try_lock(r, key, &got) < 0)
			return EXIT_DATABASE;
		if (got)
			goto locked;
	}
	msg_error("another retort runner holds the lock on %s (waited %g s)", PQdb(r->conn), timeout);
	msg_hint("Let the other deploy finish and try again. To see who holds it: SELECT pid, "
		 "application_name, query_start FROM pg_locks JOIN pg_stat_activity USING (pid) "
		 "WHERE locktype = 'advisory';");
	return EXIT_DATABASE;
locked:
	r->locked = true;
	return EXIT_OK;
}

static void release_lock(struct runner *r)
{
	char key[32];
	const char *params[1] = { key };

	if (!r->locked || PQstatus(r->conn) != CONNECTION_OK)
		return;
	lock_key(r->ctx->cfg.version_table, key);
	PQclear(PQexecParams(r->conn, "SELECT pg_catalog.pg_advisory_unlock($1::bigint)", 1, NULL,
			     params, NULL, NULL, 0));
	r->locked = false;
}

/*
 * Connects, locks, loads the folder and the bookkeeping. Returns EXIT_OK
 * with everything in r, or an exit status after printing the problem.
 */
static int runner_open(struct runner *r, struct retort_ctx *ctx, const struct run_options *opt)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->ctx = ctx;
	r->a = &ctx->arena;
	r->opt = opt;
	strbuf_init(&r->table);
	if (table_sql(r->a, ctx->cfg.version_table, &r->table) < 0)
		return EXIT_USAGE;
	r->g = runner_load_graph(ctx);
	if (!r->g)
		return EXIT_HISTORY;
	r->conn = ctx_connect(ctx);
	if (!r->conn)
		return EXIT_DATABASE;
	PQsetNoticeProcessor(r->conn, print_notice, NULL);
	/*
	 * If this process dies mid-migration, let its backend notice within a
	 * second (PostgreSQL 14+) instead of finishing a long statement while
	 * it still holds the runner lock.
	 */
	if (PQserverVersion(r->conn) >= 140000)
		PQclear(PQexec(r->conn, "SET client_connection_check_interval = 1000"));
	rc = acquire_lock(r, opt->lock_timeout);
	if (rc != EXIT_OK)
		return rc;
	return runner_read_applied(ctx, r->conn, r->g, &r->set);
}

static void runner_close(struct runner *r)
{
	if (r->conn) {
		release_lock(r);
		db_close(r->conn);
		r->conn = NULL;
	}
	revgraph_free(r->g);
	strbuf_release(&r->table);
}

/* ------------------------------------------------------------ planning */

/* True when s is "+N" / "-N" with N > 0 (sign given); stores N. */
static bool parse_relative(const char *s, char sign, size_t *n)
{
	char *end;
	long v;

	if (s[0] != sign || s[1] < '0' || s[1] > '9')
		return false;
	errno = 0;
	v = strtol(s + 1, &end, 10);
	if (*end || errno || v <= 0)
		return false;
	*n = (size_t)v;
	return true;
}

static int revision_not_found(const char *what)
{
	msg_error("%s", what);
	msg_hint("'retort history' lists the revisions; a unique prefix of an id is enough.");
	return EXIT_HISTORY;
}

static int several_heads(const struct revgraph *g)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < g->nheads; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", g->heads[i]->id);
	msg_error("several heads: %s; use 'heads' or merge them with 'retort merge'", sb.buf);
	msg_hint("Two migrations were written on top of the same revision (e.g. on two branches). "
		 "'retort merge -m \"merge\" heads' writes a migration that joins them.");
	strbuf_release(&sb);
	return EXIT_HISTORY;
}

/*
 * Marks in want the revisions named by spec: "heads", "head", "base" or a
 * revision and its ancestors. Returns EXIT_OK or an error status (printed).
 */
static int mark_target(const struct revgraph *g, const char *spec, unsigned char *want)
{
	struct strbuf err = STRBUF_INIT;
	struct revision *rev;
	int rc = EXIT_OK;

	if (strcmp(spec, "heads") == 0 || strcmp(spec, "head") == 0) {
		if (strcmp(spec, "head") == 0 && g->nheads > 1)
			return several_heads(g);
		memset(want, 1, g->n);
	} else if (strcmp(spec, "base") != 0) {
		rev = revgraph_resolve(g, spec, &err);
		if (rev)
			revgraph_mark_ancestors(g, &rev, 1, want);
		else
			rc = revision_not_found(err.buf);
	}
	strbuf_release(&err);
	return rc;
}

/* The revisions to apply to reach target from applied, in topological order. */
static int upgrade_plan(const struct revgraph *g, const unsigned char *applied, const char *target,
			struct ptrvec *plan, struct arena *a)
{
	unsigned char *want = xcalloc(g->n + 1, 1);
	size_t i, n;
	int rc = EXIT_OK;

	if (parse_relative(target, '+', &n)) {
		for (i = 0; i < g->n && n > 0; i++)
			if (!applied[i]) {
				want[i] = 1;
				n--;
			}
	} else if (target[0] == '-' || target[0] == '+') {
		rc = command_usage_error("upgrade", "invalid upgrade target '%s' (expected head, heads, REV or +N)",
					 target);
	} else {
		rc = mark_target(g, target, want);
	}
	for (i = 0; rc == EXIT_OK && i < g->n; i++)
		if (want[i] && !applied[i])
			ptrvec_push(a, plan, g->revs[i]);
	free(want);
	return rc;
}

/* The revisions to revert to reach target from applied, newest first. */
static int downgrade_plan(const struct revgraph *g, const unsigned char *applied, const char *target,
			  struct ptrvec *plan, struct arena *a)
{
	unsigned char *drop = xcalloc(g->n + 1, 1);
	struct strbuf err = STRBUF_INIT;
	struct revision *rev;
	size_t i, n;
	int rc = EXIT_OK;

	if (strcmp(target, "base") == 0) {
		memset(drop, 1, g->n);
	} else if (parse_relative(target, '-', &n)) {
		for (i = g->n; i > 0 && n > 0; i--)
			if (applied[i - 1]) {
				drop[i - 1] = 1;
				n--;
			}
	} else if (target[0] == '-' || target[0] == '+' || strcmp(target, "head") == 0 ||
		   strcmp(target, "heads") == 0) {
		rc = command_usage_error("downgrade", "invalid downgrade target '%s' (expected base, -N or REV)",
					 target);
	} else if (!(rev = revgraph_resolve(g, target, &err))) {
		rc = revision_not_found(err.buf);
	} else if (!applied[rev->order]) {
		msg_error("revision %s (%s) is not applied, so the database cannot be downgraded to it",
			  rev->id, rev->m->message);
		msg_hint("'retort current' shows what is applied; 'retort history --indicate-current' shows both.");
		rc = EXIT_HISTORY;
	} else {
		revgraph_mark_descendants(g, &rev, 1, drop);
		drop[rev->order] = 0;
	}
	for (i = g->n; rc == EXIT_OK && i > 0; i--)
		if (drop[i - 1] && applied[i - 1])
			ptrvec_push(a, plan, g->revs[i - 1]);
	strbuf_release(&err);
	free(drop);
	return rc;
}

/*
 * Splits every planned section into statements before anything runs, so a
 * file with an unterminated quote stops the run cleanly.
 */
/* True when the word at p is kw (case-insensitive); *next is after it and its blanks. */
static bool word_at(const char *p, const char *kw, const char **next)
{
	size_t n = strlen(kw);

	if (strncasecmp(p, kw, n) != 0 || (p[n] && !strchr(" \t\r\n;", p[n])))
		return false;
	p += n;
	*next = p + strspn(p, " \t\r\n");
	return true;
}

/*
 * True for BEGIN, START, COMMIT, END, ABORT and ROLLBACK (but not ROLLBACK
 * [WORK | TRANSACTION] TO a savepoint): inside the runner's transaction
 * they would commit or abort it half-way, breaking all-or-nothing.
 */
static bool is_transaction_control(const char *stmt)
{
	static const char *const words[] = { "begin", "start", "commit", "end", "abort" };
	const char *p;
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (word_at(stmt, words[i], &p))
			return true;
	if (!word_at(stmt, "rollback", &p))
		return false;
	if (!word_at(p, "work", &p))
		word_at(p, "transaction", &p);
	return !word_at(p, "to", &p);
}

/* Transaction control in a transactional file: refused, with the line. */
static size_t check_no_transaction_control(const struct revision *rev, const struct sql_script *sc)
{
	size_t i, bad = 0;

	if (rev->m->no_transaction)
		return 0;
	for (i = 0; i < sc->n; i++) {
		if (!is_transaction_control(sc->stmts[i].text))
			continue;
		fprintf(stderr, "%s:%d: error: migration %s controls the transaction itself ('%.*s'); "
			"the runner already wraps each migration in one\n", rev->m->path, sc->stmts[i].line,
			rev->id, (int)strcspn(sc->stmts[i].text, " \t\r\n"), sc->stmts[i].text);
		bad++;
	}
	if (bad)
		msg_hint("Remove the BEGIN/COMMIT lines, or put '-- retort:no-transaction' in the header "
			 "if the file must manage transactions itself.");
	return bad;
}

/*
 * A migration whose upgrade does something but whose downgrade section has
 * no statements (its author wrote "cannot be reverted" in a comment, or
 * forgot) must not be "reverted" by just deleting its bookkeeping row: the
 * database would keep the change while the record says it is gone.
 */
static size_t check_revertible(struct arena *a, const struct revision *rev)
{
	struct sql_script up;

	if (sqllex_split(a, rev->m->upgrade, strlen(rev->m->upgrade), rev->m->upgrade_line, &up) == 0 &&
	    up.n == 0)
		return 0;
	fprintf(stderr, "%s:%d: error: migration %s%s%s%s cannot be reverted: its downgrade section has no SQL\n",
		rev->m->path, rev->m->downgrade_line - 1, rev->id, *rev->m->message ? " (" : "",
		rev->m->message, *rev->m->message ? ")" : "");
	msg_hint("Write its downgrade SQL, or, if the database should keep the change, move the "
		 "bookkeeping without running SQL: 'retort stamp REV'.");
	return 1;
}

static int split_plan(struct arena *a, const struct ptrvec *plan, bool up, struct sql_script *scripts)
{
	size_t i, bad = 0;

	for (i = 0; i < plan->len; i++) {
		const struct revision *rev = plan->items[i];
		const char *text = up ? rev->m->upgrade : rev->m->downgrade;

		if (sqllex_split(a, text, strlen(text), up ? rev->m->upgrade_line : rev->m->downgrade_line,
				 &scripts[i]) == 0) {
			bad += check_no_transaction_control(rev, &scripts[i]);
			if (!up && !scripts[i].n)
				bad += check_revertible(a, rev);
			continue;
		}
		fprintf(stderr, "%s:%d: error: %s in the %s section of migration %s\n", rev->m->path,
			scripts[i].error_line, scripts[i].error, up ? "upgrade" : "downgrade", rev->id);
		bad++;
	}
	if (!bad)
		return EXIT_OK;
	msg_error("nothing was run: fix the problem%s above first", bad > 1 ? "s" : "");
	return EXIT_HISTORY;
}

static int check_batchable(const struct ptrvec *plan)
{
	size_t i;

	for (i = 0; i < plan->len; i++) {
		const struct revision *rev = plan->items[i];

		if (!rev->m->no_transaction)
			continue;
		msg_error("migration %s (%s) runs outside a transaction (-- retort:no-transaction), "
			  "so it cannot be part of --single-transaction", rev->id, rev->m->message);
		msg_hint("Run without --single-transaction, or apply up to the revision before it first.");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* ------------------------------------------------------------ executing */

enum failure_scope { FAIL_MIGRATION, FAIL_BATCH, FAIL_OUTSIDE_TXN };

/*
 * Runs one statement. Returns 0, or -1 with the failed result in *err (the
 * caller clears it). COPY FROM STDIN has no data to read and fails; COPY TO
 * STDOUT output is discarded.
 */
static int exec_sql(PGconn *conn, const char *sql, int nparams, const char *const *params,
		    PGresult **err)
{
	PGresult *res = nparams ? PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0)
				: PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);

	if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT) {
		PGresult *next;
		char *buf;

		if (st == PGRES_COPY_IN)
			PQputCopyEnd(conn, "retort migrations cannot read COPY data from standard input");
		else
			while (PQgetCopyData(conn, &buf, 0) > 0)
				PQfreemem(buf);
		while ((next = PQgetResult(conn)) != NULL) {
			PQclear(res);
			res = next;
		}
		st = PQresultStatus(res);
	}
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
		PQclear(res);
		return 0;
	}
	*err = res;
	return -1;
}

static void print_error_field(const PGresult *res, int field, const char *label)
{
	const char *v = res ? PQresultErrorField(res, field) : NULL;

	if (v)
		fprintf(stderr, "%s: %s\n", label, v);
}

/* Trims libpq's trailing newline from a message, into sb. */
static void add_message(struct strbuf *sb, const char *s)
{
	strbuf_addstr(sb, s ? s : "");
	while (sb->len && (sb->buf[sb->len - 1] == '\n' || sb->buf[sb->len - 1] == ' '))
		strbuf_setlen(sb, sb->len - 1);
}

/* retort's own advice for errors that have a known way out. */
static void hint_for_sqlstate(const char *sqlstate, const struct revision *rev, bool up)
{
	if (!sqlstate)
		return;
	if (strcmp(sqlstate, "25001") == 0) {
		/* active_sql_transaction: CREATE INDEX CONCURRENTLY and friends */
		fprintf(stderr, "hint: This statement cannot run inside a transaction. Put "
			"'-- retort:no-transaction' in the header of %s (and keep such statements in a "
			"file of their own).\n", rev->m->path);
	} else if (up && (strcmp(sqlstate, "42P07") == 0 || strcmp(sqlstate, "42701") == 0 ||
			  strcmp(sqlstate, "42710") == 0 || strcmp(sqlstate, "42P06") == 0)) {
		/* duplicate_table, _column, _object, _schema */
		fprintf(stderr, "hint: The database already has what this migration creates. If it was made "
			"outside retort (by hand, or before retort was adopted) and matches the file, record "
			"the migration as applied without running it: 'retort stamp %s', then run "
			"'retort apply' again.\n", rev->id);
	}
}

/*
 * Prints a failed migration: "FILE:LINE: error: migration X (msg) failed"
 * (LINE: the failed statement's, else the section marker's), PostgreSQL's
 * error at FILE:LINE:COLUMN with SQLSTATE, DETAIL, HINT and CONTEXT, what
 * was kept, and retort's own hint when there is one. stage names a failure
 * outside the statements ("while recording it in ..."), or is NULL.
 */
static void report_failure(struct runner *r, const struct revision *rev, const struct sql_stmt *st,
			   const char *stage, bool up, const PGresult *res, enum failure_scope scope)
{
	const struct migration *m = rev->m;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *sqlstate = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *pos = res ? PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION) : NULL;
	int line = st ? st->line : (up ? m->upgrade_line : m->downgrade_line) - 1, col = 0;
	struct strbuf msg = STRBUF_INIT;

	if (primary)
		strbuf_addstr(&msg, primary);
	else
		add_message(&msg, PQerrorMessage(r->conn));
	fprintf(stderr, "%s:%d: error: migration %s%s%s%s failed%s%s%s\n", m->path, line, rev->id,
		*m->message ? " (" : "", m->message, *m->message ? ")" : "",
		up ? "" : " to revert", stage ? " " : "", stage ? stage : "");
	if (pos && st) {
		sqllex_position(st, atoi(pos), &line, &col);
		fprintf(stderr, "%s:%d:%d: error: %s", m->path, line, col, msg.buf);
	} else {
		fprintf(stderr, "%s:%d: error: %s", m->path, line, msg.buf);
	}
	if (sqlstate)
		fprintf(stderr, " (SQLSTATE %s)", sqlstate);
	fputc('\n', stderr);
	print_error_field(res, PG_DIAG_MESSAGE_DETAIL, "DETAIL");
	print_error_field(res, PG_DIAG_MESSAGE_HINT, "HINT");
	print_error_field(res, PG_DIAG_CONTEXT, "CONTEXT");
	switch (scope) {
	case FAIL_MIGRATION:
		fprintf(stderr, "retort: no changes from this migration were kept; earlier migrations stay %s\n",
			up ? "applied" : "reverted");
		break;
	case FAIL_BATCH:
		fprintf(stderr, "retort: no changes from this run were kept (--single-transaction); "
			"the database is as it was before\n");
		break;
	case FAIL_OUTSIDE_TXN:
		if (st)
			fprintf(stderr, "retort: this migration runs outside a transaction (-- retort:no-transaction): "
				"its statements before line %d may have been applied and were not undone; "
				"it is not recorded as %s\n", st->line, up ? "applied" : "reverted");
		else
			fprintf(stderr, "retort: this migration runs outside a transaction (-- retort:no-transaction): "
				"all its statements ran, but it could not be recorded as %s\n",
				up ? "applied" : "reverted");
		break;
	}
	hint_for_sqlstate(sqlstate, rev, up);
	strbuf_release(&msg);
}

static int report_lost(struct runner *r, const struct revision *rev, bool up)
{
	struct strbuf msg = STRBUF_INIT;

	add_message(&msg, PQerrorMessage(r->conn));
	msg_error("lost the connection to the database while %s migration %s%s%s%s: %s",
		  up ? "applying" : "reverting", rev->id, *rev->m->message ? " (" : "",
		  rev->m->message, *rev->m->message ? ")" : "", msg.buf);
	msg_hint("The server rolls back an unfinished transaction, so this migration's changes were "
		 "not kept unless the connection broke during its COMMIT. Check with 'retort current', "
		 "then run the command again.");
	strbuf_release(&msg);
	return EXIT_DATABASE;
}

static void progress_start(const char *verb, const struct revision *rev)
{
	if (msg_verbosity < 1)
		return;
	fprintf(stderr, "%s %s%s%s ... ", verb, rev->id, *rev->m->message ? " " : "", rev->m->message);
	fflush(stderr);
}

static void progress_end(const char *how, double start)
{
	if (msg_verbosity < 1)
		return;
	if (how)
		fprintf(stderr, "%s\n", how);
	else
		fprintf(stderr, "%.0f ms\n", now_ms() - start);
}

static void ensure_table_sql(struct strbuf *sql, const char *table)
{
	strbuf_addf(sql, "CREATE TABLE IF NOT EXISTS %s (\n"
		    "    revision text PRIMARY KEY,\n"
		    "    checksum text NOT NULL,\n"
		    "    message text NOT NULL DEFAULT '',\n"
		    "    applied_at timestamptz NOT NULL DEFAULT now()\n"
		    ")", table);
}

/* Adds or removes rev's bookkeeping row, creating the table first if needed. */
static int record(struct runner *r, const struct revision *rev, bool up, PGresult **err)
{
	struct strbuf sql = STRBUF_INIT;
	const char *params[3] = { rev->id, rev->m->checksum, rev->m->message };
	int rc = 0;

	if (up && !r->set.table_exists) {
		ensure_table_sql(&sql, r->table.buf);
		rc = exec_sql(r->conn, sql.buf, 0, NULL, err);
		strbuf_reset(&sql);
	}
	if (rc == 0 && up) {
		strbuf_addf(&sql, "INSERT INTO %s (revision, checksum, message) VALUES ($1, $2, $3)", r->table.buf);
		rc = exec_sql(r->conn, sql.buf, 3, params, err);
	} else if (rc == 0) {
		strbuf_addf(&sql, "DELETE FROM %s WHERE revision = $1", r->table.buf);
		rc = exec_sql(r->conn, sql.buf, 1, params, err);
	}
	strbuf_release(&sql);
	return rc;
}

/*
 * Runs one migration's section and its bookkeeping change: in its own
 * transaction, inside the batch transaction, or statement by statement
 * for a no-transaction file.
 */
static int run_migration(struct runner *r, const struct revision *rev, const struct sql_script *sc, bool up)
{
	bool outside = rev->m->no_transaction, own_txn = !outside && !r->batch_open;
	const struct sql_stmt *failed = NULL;
	const char *stage = NULL;
	PGresult *err = NULL;
	double start = now_ms();
	size_t i;

	progress_start(up ? "applying" : "reverting", rev);
	if (own_txn && exec_sql(r->conn, "BEGIN", 0, NULL, &err) < 0)
		goto fail;
	for (i = 0; i < sc->n; i++) {
		if (exec_sql(r->conn, sc->stmts[i].text, 0, NULL, &err) < 0) {
			failed = &sc->stmts[i];
			goto fail;
		}
	}
	if (outside && exec_sql(r->conn, "BEGIN", 0, NULL, &err) < 0)
		goto fail;
	stage = arena_printf(r->a, "while updating the bookkeeping table %s", r->ctx->cfg.version_table);
	if (record(r, rev, up, &err) < 0)
		goto fail;
	stage = "at COMMIT (deferred constraints are checked there)";
	if (!r->batch_open && exec_sql(r->conn, "COMMIT", 0, NULL, &err) < 0)
		goto fail;
	if (up)
		r->set.table_exists = true;
	r->set.mark[rev->order] = up;
	progress_end(NULL, start);
	return EXIT_OK;
fail:
	progress_end("failed", start);
	if (PQstatus(r->conn) == CONNECTION_BAD) {
		PQclear(err);
		return report_lost(r, rev, up);
	}
	if (PQtransactionStatus(r->conn) != PQTRANS_IDLE)
		PQclear(PQexec(r->conn, "ROLLBACK"));
	report_failure(r, rev, failed, failed ? NULL : stage, up, err,
		       r->batch_open ? FAIL_BATCH : outside ? FAIL_OUTSIDE_TXN : FAIL_MIGRATION);
	r->batch_open = false;
	PQclear(err);
	return EXIT_MIGRATION;
}

static int commit_batch(struct runner *r, const struct revision *last, bool up)
{
	PGresult *err = NULL;

	r->batch_open = false;
	if (exec_sql(r->conn, "COMMIT", 0, NULL, &err) == 0)
		return EXIT_OK;
	if (PQstatus(r->conn) == CONNECTION_BAD) {
		PQclear(err);
		return report_lost(r, last, up);
	}
	report_failure(r, last, NULL, "at the final COMMIT", up, err, FAIL_BATCH);
	PQclear(err);
	return EXIT_MIGRATION;
}

static int execute_plan(struct runner *r, const struct ptrvec *plan, bool up)
{
	struct sql_script *scripts = arena_alloc(r->a, (plan->len + 1) * sizeof(*scripts));
	double start = now_ms();
	PGresult *err = NULL;
	size_t i;
	int rc;

	if (!plan->len) {
		msg_info(up ? "database is up to date" : "nothing to downgrade");
		return EXIT_OK;
	}
	rc = split_plan(r->a, plan, up, scripts);
	if (rc == EXIT_OK && r->opt->single_transaction)
		rc = check_batchable(plan);
	if (rc != EXIT_OK)
		return rc;
	if (r->opt->single_transaction) {
		if (exec_sql(r->conn, "BEGIN", 0, NULL, &err) < 0) {
			PQclear(err);
			return report_lost(r, plan->items[0], up);
		}
		r->batch_open = true;
	}
	for (i = 0; i < plan->len; i++) {
		rc = run_migration(r, plan->items[i], &scripts[i], up);
		if (rc != EXIT_OK)
			return rc;
	}
	if (r->batch_open) {
		rc = commit_batch(r, plan->items[plan->len - 1], up);
		if (rc != EXIT_OK)
			return rc;
	}
	msg_info("%s %zu migration%s in %.0f ms", up ? "applied" : "reverted", plan->len,
		 plan->len == 1 ? "" : "s", now_ms() - start);
	return EXIT_OK;
}

int runner_upgrade(struct retort_ctx *ctx, const char *target, const struct run_options *opt)
{
	struct runner r;
	struct ptrvec plan = PTRVEC_INIT;
	int rc = runner_open(&r, ctx, opt);

	if (rc == EXIT_OK)
		rc = check_applied_files(&r);
	if (rc == EXIT_OK)
		rc = upgrade_plan(r.g, r.set.mark, target, &plan, r.a);
	if (rc == EXIT_OK)
		rc = execute_plan(&r, &plan, true);
	runner_close(&r);
	return rc;
}

int runner_downgrade(struct retort_ctx *ctx, const char *target, const struct run_options *opt)
{
	struct runner r;
	struct ptrvec plan = PTRVEC_INIT;
	int rc = runner_open(&r, ctx, opt);

	if (rc == EXIT_OK)
		rc = check_applied_files(&r);
	if (rc == EXIT_OK)
		rc = downgrade_plan(r.g, r.set.mark, target, &plan, r.a);
	if (rc == EXIT_OK)
		rc = execute_plan(&r, &plan, false);
	runner_close(&r);
	return rc;
}

/* ------------------------------------------------------------ offline scripts */

/*
 * The applied set an offline script starts from: "base" (nothing), "head",
 * "heads" or a revision (it and its ancestors).
 */
static int mark_from(const struct revgraph *g, const char *from, unsigned char *applied)
{
	if (from[0] == '+' || from[0] == '-') {
		msg_error("invalid start revision '%s' for --sql (expected base, head, heads or REV)", from);
		return EXIT_USAGE;
	}
	return mark_target(g, from, applied);
}

/* A section's SQL as written, closed with ';' if its last statement is open. */
static void emit_section(struct strbuf *out, const char *text, const struct sql_script *sc)
{
	size_t start = out->len;

	strbuf_addstr(out, text);
	while (out->len > start && (out->buf[out->len - 1] == '\n' || out->buf[out->len - 1] == ' ' ||
				    out->buf[out->len - 1] == '\t' || out->buf[out->len - 1] == '\r'))
		strbuf_setlen(out, out->len - 1);
	if (out->len > start)
		strbuf_addch(out, '\n');
	if (sc->n && !sc->stmts[sc->n - 1].terminated)
		strbuf_addstr(out, ";\n");
}

static void emit_record(struct strbuf *out, const char *table, const struct revision *rev, bool up,
			bool *table_created)
{
	if (up && !*table_created) {
		ensure_table_sql(out, table);
		strbuf_addstr(out, ";\n");
		*table_created = true;
	}
	if (up) {
		strbuf_addf(out, "INSERT INTO %s (revision, checksum, message) VALUES (", table);
		sb_add_literal(out, rev->id);
		strbuf_addstr(out, ", ");
		sb_add_literal(out, rev->m->checksum);
		strbuf_addstr(out, ", ");
		sb_add_literal(out, rev->m->message);
		strbuf_addstr(out, ");\n");
	} else {
		strbuf_addf(out, "DELETE FROM %s WHERE revision = ", table);
		sb_add_literal(out, rev->id);
		strbuf_addstr(out, ";\n");
	}
}

static void emit_script(struct strbuf *out, const char *table, const char *from, const char *to,
			const struct ptrvec *plan, const struct sql_script *scripts, bool up, bool batch)
{
	bool table_created = !up;
	size_t i;

	strbuf_addf(out, "-- retort offline %s script: %s -> %s (%zu migration%s)\n", up ? "upgrade" : "downgrade",
		    from, to, plan->len, plan->len == 1 ? "" : "s");
	strbuf_addf(out, "-- Run it with: psql -v ON_ERROR_STOP=1 -f FILE\n");
	strbuf_addf(out, "-- %s, as 'retort %s' does.\n\\set ON_ERROR_STOP on\n",
		    batch ? "Everything runs in one transaction" : "Each migration runs in its own transaction",
		    up ? "upgrade" : "downgrade");
	if (batch)
		strbuf_addstr(out, "\nBEGIN;\n");
	for (i = 0; i < plan->len; i++) {
		const struct revision *rev = plan->items[i];
		bool outside = rev->m->no_transaction;

		strbuf_addf(out, "\n-- %s %s%s%s\n-- from %s%s\n", up ? "apply" : "revert", rev->id,
			    *rev->m->message ? ": " : "", rev->m->message, rev->m->path,
			    outside ? " (runs outside a transaction)" : "");
		if (!batch && !outside)
			strbuf_addstr(out, "BEGIN;\n");
		emit_section(out, up ? rev->m->upgrade : rev->m->downgrade, &scripts[i]);
		if (!batch && outside)
			strbuf_addstr(out, "BEGIN;\n");
		emit_record(out, table, rev, up, &table_created);
		if (!batch)
			strbuf_addstr(out, "COMMIT;\n");
	}
	if (batch)
		strbuf_addstr(out, "\nCOMMIT;\n");
}

int runner_offline(struct retort_ctx *ctx, bool upgrade, const char *range,
		   const struct run_options *opt)
{
	const char *colon = strchr(range, ':');
	const char *from = "base", *to = range;
	struct strbuf table = STRBUF_INIT, out = STRBUF_INIT;
	struct ptrvec plan = PTRVEC_INIT;
	struct sql_script *scripts;
	unsigned char *applied = NULL;
	struct revgraph *g;
	int rc;

	if (colon) {
		from = arena_strndup(&ctx->arena, range, (size_t)(colon - range));
		to = colon + 1;
	} else if (!upgrade) {
		return command_usage_error("downgrade", "downgrade --sql needs FROM:TO (e.g. heads:base), "
					   "because the script cannot ask the database where it stands");
	}
	if (!*from || !*to)
		return command_usage_error(upgrade ? "upgrade" : "downgrade", "invalid range '%s'", range);
	if (table_sql(&ctx->arena, ctx->cfg.version_table, &table) < 0)
		return EXIT_USAGE;
	g = runner_load_graph(ctx);
	if (!g) {
		strbuf_release(&table);
		return EXIT_HISTORY;
	}
	applied = xcalloc(g->n + 1, 1);
	rc = mark_from(g, from, applied);
	if (rc == EXIT_OK)
		rc = upgrade ? upgrade_plan(g, applied, to, &plan, &ctx->arena)
			     : downgrade_plan(g, applied, to, &plan, &ctx->arena);
	scripts = arena_alloc(&ctx->arena, (plan.len + 1) * sizeof(*scripts));
	if (rc == EXIT_OK)
		rc = split_plan(&ctx->arena, &plan, upgrade, scripts);
	if (rc == EXIT_OK && opt->single_transaction)
		rc = check_batchable(&plan);
	if (rc == EXIT_OK) {
		emit_script(&out, table.buf, from, to, &plan, scripts, upgrade, opt->single_transaction);
		fwrite(out.buf, 1, out.len, stdout);
		if (!plan.len)
			msg_info("nothing to do between '%s' and '%s'", from, to);
	}
	free(applied);
	revgraph_free(g);
	strbuf_release(&table);
	strbuf_release(&out);
	return rc;
}

/* ------------------------------------------------------------ stamp */

static int stamp_targets(struct runner *r, const char *const *targets, size_t n, unsigned char *want)
{
	size_t i;
	int rc = EXIT_OK;

	for (i = 0; i < n && rc == EXIT_OK; i++) {
		if (strcmp(targets[i], "current") == 0)
			memcpy(want, r->set.mark, r->g->n);
		else if (targets[i][0] == '+' || targets[i][0] == '-')
			rc = command_usage_error("stamp", "invalid stamp target '%s' (expected base, head, heads, current or REV)",
						 targets[i]);
		else
			rc = mark_target(r->g, targets[i], want);
	}
	return rc;
}

/* Brings the bookkeeping rows to exactly want; counts what changed. */
static int stamp_rows(struct runner *r, const unsigned char *want, size_t counts[3], PGresult **err)
{
	struct strbuf del = STRBUF_INIT, upd = STRBUF_INIT;
	size_t i;
	int rc = 0;

	strbuf_addf(&del, "DELETE FROM %s WHERE revision = $1", r->table.buf);
	strbuf_addf(&upd, "UPDATE %s SET checksum = $2, message = $3 WHERE revision = $1", r->table.buf);
	for (i = 0; rc == 0 && i < r->set.n; i++) {
		const struct applied_rev *row = &r->set.rows[i];
		const char *params[3] = { row->revision, NULL, NULL };

		if (!row->rev || !want[row->rev->order]) {
			rc = exec_sql(r->conn, del.buf, 1, params, err);
			counts[1]++;
			msg_verbose("removed %s", row->revision);
		} else if (strcmp(row->checksum, row->rev->m->checksum) != 0 ||
			   strcmp(row->message, row->rev->m->message) != 0) {
			params[1] = row->rev->m->checksum;
			params[2] = row->rev->m->message;
			rc = exec_sql(r->conn, upd.buf, 3, params, err);
			counts[2]++;
			msg_verbose("refreshed %s", row->revision);
		}
	}
	for (i = 0; rc == 0 && i < r->g->n; i++) {
		if (!want[i] || r->set.mark[i])
			continue;
		r->set.table_exists = true;	/* created by the caller */
		rc = record(r, r->g->revs[i], true, err);
		counts[0]++;
		msg_verbose("recorded %s", r->g->revs[i]->id);
	}
	strbuf_release(&del);
	strbuf_release(&upd);
	return rc;
}

int runner_stamp(struct retort_ctx *ctx, const char *const *targets, size_t ntargets, bool purge,
		 double lock_timeout)
{
	struct run_options opt = { false, false, lock_timeout };
	struct strbuf sql = STRBUF_INIT;
	size_t counts[3] = { 0, 0, 0 };	/* recorded, removed, refreshed */
	unsigned char *want = NULL;
	PGresult *err = NULL;
	struct runner r;
	int rc = runner_open(&r, ctx, &opt);

	if (rc == EXIT_OK && !purge && r.set.nunknown) {
		runner_report_unknown(ctx, &r.set);
		msg_hint("'retort stamp --purge ...' deletes those rows as well.");
		rc = EXIT_HISTORY;
	}
	if (rc == EXIT_OK) {
		want = xcalloc(r.g->n + 1, 1);
		rc = stamp_targets(&r, targets, ntargets, want);
	}
	if (rc == EXIT_OK) {
		if (r.set.table_exists)
			strbuf_addstr(&sql, "SELECT 1");
		else
			ensure_table_sql(&sql, r.table.buf);
		if (exec_sql(r.conn, "BEGIN", 0, NULL, &err) < 0 ||
		    exec_sql(r.conn, sql.buf, 0, NULL, &err) < 0 ||
		    stamp_rows(&r, want, counts, &err) < 0 ||
		    exec_sql(r.conn, "COMMIT", 0, NULL, &err) < 0) {
			strbuf_reset(&sql);
			db_format_error(&sql, r.conn, err);
			msg_error("could not update the bookkeeping table %s: %s", ctx->cfg.version_table, sql.buf);
			rc = EXIT_DATABASE;
		} else if (counts[0] + counts[1] + counts[2] == 0) {
			msg_info("the bookkeeping already records exactly that; nothing changed");
		} else {
			msg_info("stamped: %zu revision%s recorded, %zu removed, %zu checksum%s refreshed",
				 counts[0], counts[0] == 1 ? "" : "s", counts[1], counts[2], counts[2] == 1 ? "" : "s");
		}
	}
	PQclear(err);
	free(want);
	strbuf_release(&sql);
	runner_close(&r);
	return rc;
}

/* ------------------------------------------------------------ new revisions */

int history_parents_for_new_revision(struct retort_ctx *ctx, PGconn *conn,
				     const char ***parents, size_t *nparents)
{
	struct revgraph *g = runner_load_graph(ctx);
	struct applied_set set;
	struct strbuf pending = STRBUF_INIT;
	size_t i, npending = 0;
	int rc = EXIT_OK;

	*parents = NULL;
	*nparents = 0;
	if (!g)
		return EXIT_HISTORY;
	if (conn) {
		rc = runner_read_applied(ctx, conn, g, &set);
		if (rc == EXIT_OK && runner_report_unknown(ctx, &set))
			rc = EXIT_HISTORY;
		for (i = 0; rc == EXIT_OK && i < g->n; i++) {
			if (set.mark[i])
				continue;
			if (npending++ < 10)
				strbuf_addf(&pending, "\n  %s %s", g->revs[i]->id, g->revs[i]->m->message);
		}
		if (npending) {
			if (npending > 10)
				strbuf_addf(&pending, "\n  ... and %zu more", npending - 10);
			msg_error("database is not up to date; run retort apply (%zu pending migration%s):%s",
				  npending, npending == 1 ? "" : "s", pending.buf);
			msg_hint("A new migration is computed against the live database, which must have "
				 "every migration of '%s' applied first.", ctx->cfg.migrations);
			rc = EXIT_HISTORY;
		}
	}
	if (rc == EXIT_OK) {
		*parents = arena_alloc(&ctx->arena, (g->nheads + 1) * sizeof(**parents));
		for (i = 0; i < g->nheads; i++)
			(*parents)[i] = g->heads[i]->id;
		*nparents = g->nheads;
	}
	strbuf_release(&pending);
	revgraph_free(g);
	return rc;
}
