/*
 * runner.h - applying and reverting migrations, and the bookkeeping table.
 *
 * The runner holds an advisory lock for the whole run, runs each migration
 * in its own transaction (statement by statement, so an error names the
 * file line), records it in the bookkeeping table (cfg.version_table,
 * default "retort_version") in that same transaction, and checks before
 * anything else that the applied revisions still match their files.
 *
 * The bookkeeping table holds one row per applied revision (not only the
 * heads): revision text primary key, checksum text (SHA-256 of the upgrade
 * section), message text, applied_at timestamptz. It is created by the
 * first migration's transaction.
 */
#ifndef RETORT_RUNNER_H
#define RETORT_RUNNER_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "commands.h"
#include "revgraph.h"

/* One row of the bookkeeping table. */
struct applied_rev {
	const char *revision;
	const char *checksum;
	const char *message;
	const char *applied_at;		/* "YYYY-MM-DD HH:MM:SS UTC" */
	struct revision *rev;		/* NULL: no file in the folder has this id */
};

/* What the database has applied, relative to a revision graph. */
struct applied_set {
	bool table_exists;
	struct applied_rev *rows;	/* ordered by applied_at, then revision */
	size_t n;
	unsigned char *mark;		/* g->n entries: 1 when revs[i] is applied */
	size_t nunknown;		/* rows whose rev is NULL */
};

struct run_options {
	bool single_transaction;	/* the whole batch in one transaction */
	bool allow_changed;		/* edited applied files: warn, don't stop */
	double lock_timeout;		/* seconds; < 0 waits forever */
};

/*
 * Loads the configured migrations folder. Returns the graph, or NULL after
 * printing every problem (the command then returns EXIT_HISTORY).
 */
struct revgraph *runner_load_graph(struct retort_ctx *ctx);

/*
 * Reads the bookkeeping table into set (allocated in ctx->arena). A missing
 * table is an empty set. Returns EXIT_OK, or EXIT_DATABASE after printing
 * the error.
 */
int runner_read_applied(struct retort_ctx *ctx, PGconn *conn, const struct revgraph *g,
			struct applied_set *set);

/*
 * Prints "can't locate revision X applied to the database" (with a hint)
 * for every applied revision unknown to the folder; returns the count.
 */
size_t runner_report_unknown(struct retort_ctx *ctx, const struct applied_set *set);

/*
 * upgrade TARGET: "heads", "head" (only when there is one head), a revision
 * id or unique prefix (it and its ancestors), or "+N" (the next N pending
 * revisions in topological order). Connects, locks, checks the applied
 * files, runs. Returns EXIT_OK (also when there is nothing to do: "database
 * is up to date"), EXIT_MIGRATION (a migration failed and was rolled back),
 * EXIT_HISTORY, EXIT_DATABASE or EXIT_USAGE.
 */
int runner_upgrade(struct retort_ctx *ctx, const char *target, const struct run_options *opt);

/*
 * downgrade TARGET: "base" (revert everything), "-N" (the last N applied
 * revisions), or an applied revision REV (revert every applied descendant
 * of REV, newest first; REV stays applied). Returns as runner_upgrade.
 */
int runner_downgrade(struct retort_ctx *ctx, const char *target, const struct run_options *opt);

/*
 * Offline mode: prints to stdout a psql script (psql -v ON_ERROR_STOP=1)
 * doing what upgrade/downgrade would do, given that the database stands at
 * FROM ("base", a revision, "head(s)"): range is "[FROM:]TO" for an upgrade
 * and "FROM:TO" for a downgrade. Never connects. Returns EXIT_OK,
 * EXIT_USAGE or EXIT_HISTORY.
 */
int runner_offline(struct retort_ctx *ctx, bool upgrade, const char *range,
		   const struct run_options *opt);

/*
 * Sets the bookkeeping without running SQL: afterwards it records exactly
 * the given revisions and all their ancestors ("base": nothing; "heads" /
 * "head": everything; "current": what is recorded now, with checksums
 * refreshed from the files), with the current files' checksums. Without
 * purge, applied revisions unknown to the folder are an error; with purge
 * they are deleted. Returns EXIT_OK, EXIT_HISTORY, EXIT_DATABASE or
 * EXIT_USAGE.
 */
int runner_stamp(struct retort_ctx *ctx, const char *const *targets, size_t ntargets, bool purge,
		 double lock_timeout);

/*
 * The parents for a new revision (autogen, revision): the heads of the
 * migrations folder's revision graph, sorted, in *parents (an array of
 * *nparents ids allocated in ctx->arena; none for an empty folder, i.e. the
 * new revision starts from base). When conn is not NULL, also checks that
 * the database has applied exactly up to those heads; otherwise prints
 * "database is not up to date; run retort apply" naming the pending
 * revisions (or "can't locate revision X applied to the database" for
 * applied revisions the folder does not have) and returns EXIT_HISTORY.
 * Returns EXIT_OK, EXIT_HISTORY (a broken folder: errors printed) or
 * EXIT_DATABASE.
 */
int history_parents_for_new_revision(struct retort_ctx *ctx, PGconn *conn,
				     const char ***parents, size_t *nparents);

#endif
