/*
 * runner.c - applying migrations (see runner.h). Placeholder: the real
 * implementation is being written.
 */
#include "runner.h"
#include "diag.h"
#include "banned.h"

int history_parents_for_new_revision(struct retort_ctx *ctx, PGconn *conn,
				     const char ***parents, size_t *nparents)
{
	(void)ctx;
	(void)conn;
	*parents = NULL;
	*nparents = 0;
	msg_error("revision history is not implemented yet");
	return EXIT_HISTORY;
}
