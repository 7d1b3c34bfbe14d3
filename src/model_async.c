/*
 * model_async.c - loading the models on a second thread (see model_async.h).
 *
 * Safe because the two threads share nothing mutable: the loader has its
 * own arena and diagnostics, filters are immutable, libxml2 keeps its
 * error handlers per thread and is used by the loader alone until the
 * join, and the main thread's libpq connection is its own.
 */
#include <libxml/parser.h>
#include <string.h>

#include "model.h"
#include "model_async.h"
#include "banned.h"

static void *load(void *arg)
{
	struct model_async *ma = arg;

	ma->model = model_load(ma->arena, ma->path, ma->filter, &ma->diags);
	return NULL;
}

/*
 * The parser, the validator and the reader recurse; they have always had a
 * main thread's stack, and some C libraries give new threads far less.
 */
enum { LOADER_STACK = 8 << 20 };

static bool start_thread(struct model_async *ma)
{
	pthread_attr_t attr;
	bool ok;

	if (pthread_attr_init(&attr) != 0)
		return false;
	ok = pthread_attr_setstacksize(&attr, LOADER_STACK) == 0 &&
	     pthread_create(&ma->thread, &attr, load, ma) == 0;
	pthread_attr_destroy(&attr);
	return ok;
}

void model_load_start(struct model_async *ma, struct arena *a, const char *path,
		      const struct filter *f)
{
	struct diags none = DIAGS_INIT;

	memset(ma, 0, sizeof(*ma));
	ma->arena = a;
	ma->path = path;
	ma->filter = f;
	ma->diags = none;
	/* libxml2 wants its one-time set-up done on the main thread. */
	xmlInitParser();
	ma->threaded = start_thread(ma);
	if (!ma->threaded)
		load(ma);
}

struct catalog *model_load_wait(struct model_async *ma)
{
	if (ma->threaded)
		pthread_join(ma->thread, NULL);
	ma->threaded = false;
	return ma->model;
}
