/*
 * runner.h - applying and reverting migrations, and the bookkeeping table.
 *
 * The runner holds an advisory lock for the whole run, runs each migration
 * in its own transaction (statement by statement, so an error names the
 * file line), records it in the bookkeeping table (cfg.version_table,
 * default "retort_version") in that same transaction, and checks before
 * anything else that the applied revisions still match their files.
 */
#ifndef RETORT_RUNNER_H
#define RETORT_RUNNER_H

#include <libpq-fe.h>
#include <stddef.h>

#include "commands.h"

/*
 * The parents for a new revision (autogen, revision): the heads of the
 * migrations folder's revision graph, sorted, in *parents (an array of
 * *nparents ids allocated in ctx->arena; none for an empty folder, i.e. the
 * new revision starts from base). When conn is not NULL, also checks that
 * the database has applied exactly up to those heads; otherwise prints
 * "database is not up to date; run retort apply" naming the pending
 * revisions (or "Can't locate revision X applied to the database" for
 * applied revisions the folder does not have) and returns EXIT_HISTORY.
 * Returns EXIT_OK, EXIT_HISTORY (a broken folder: errors printed) or
 * EXIT_DATABASE.
 */
int history_parents_for_new_revision(struct retort_ctx *ctx, PGconn *conn,
				     const char ***parents, size_t *nparents);

#endif
