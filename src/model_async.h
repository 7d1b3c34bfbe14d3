/*
 * model_async.h - loading the models on a second thread (model_async.c).
 *
 * autogen, diff and check need both the models and the database's
 * catalog, and on a big schema each takes about as long as the other:
 * parsing and validating XML is client CPU, reading the catalog is mostly
 * waiting for the server. So the models load on a thread of their own
 * while the caller reads the database; the two meet before the comparison.
 */
#ifndef RETORT_MODEL_ASYNC_H
#define RETORT_MODEL_ASYNC_H

#include <pthread.h>
#include <stdbool.h>

#include "arena.h"
#include "catalog.h"
#include "diag.h"
#include "filter.h"

struct model_async {
	struct arena *arena;		/* the loaded catalog lives here */
	const char *path;
	const struct filter *filter;
	struct diags diags;		/* model_load's, for the caller to print */
	struct catalog *model;		/* NULL when the models have errors */
	pthread_t thread;
	bool threaded;			/* false: loaded at start, nothing to join */
};

/*
 * Starts model_load(a, path, f) on a new thread. Until model_load_wait(),
 * the caller must not touch a, ma, or libxml2, and f must stay as it is
 * (filters are immutable). When no thread can be made, the models are
 * loaded before this returns.
 */
void model_load_start(struct model_async *ma, struct arena *a, const char *path,
		      const struct filter *f);

/* Waits for the load; returns what model_load returned, with ma->diags filled. */
struct catalog *model_load_wait(struct model_async *ma);

#endif
