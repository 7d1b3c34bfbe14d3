/*
 * arena.h - one memory pool per run.
 *
 * Catalogs, change lists and parsed migration files live exactly as long as
 * the command that built them, so they are allocated from an arena and freed
 * together with arena_release(). Allocation never fails: out of memory aborts
 * with a message, because a half-built catalog is useless to every caller.
 */
#ifndef RETORT_ARENA_H
#define RETORT_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t total;		/* bytes obtained from malloc, for benchmarks */
};

#define ARENA_INIT { NULL, 0 }

void arena_init(struct arena *a);
/* Zeroed memory aligned for any type; lives until arena_release(). */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);	/* NULL stays NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void arena_release(struct arena *a);

/*
 * A growable array of pointers whose storage comes from an arena. Growth
 * copies into a fresh block; the old one is reclaimed with the arena.
 */
struct ptrvec {
	void **items;
	size_t len;
	size_t cap;
};

#define PTRVEC_INIT { NULL, 0, 0 }

void ptrvec_push(struct arena *a, struct ptrvec *v, void *item);

/* Allocation failure is fatal everywhere; these never return NULL. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

#endif
