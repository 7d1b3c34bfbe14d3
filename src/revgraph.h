/*
 * revgraph.h - the revision graph of a migrations folder.
 *
 * Every *.sql file in the folder is a migration (migfile.h); its Parents
 * header links it to earlier ones. The graph is a DAG: one root per
 * "Parents: base" file, forks where two migrations share a parent (two
 * developers' branches), merges where one migration has several parents.
 * Loading checks for duplicate ids, unknown parents and cycles, and puts
 * the revisions in a deterministic topological order (parents first, ties
 * by Created time, then id), which is the order upgrades run in.
 */
#ifndef RETORT_REVGRAPH_H
#define RETORT_REVGRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "migfile.h"
#include "strbuf.h"
#include "strmap.h"

struct revision {
	const struct migration *m;
	const char *id;			/* == m->revision */
	struct revision **parents;	/* in the order of the Parents header */
	size_t nparents;
	struct revision **children;	/* sorted by topological position */
	size_t nchildren;
	size_t order;			/* index in revgraph.revs */
};

struct revgraph {
	struct arena *a;
	const char *dir;
	struct revision **revs;		/* topological order, parents first */
	size_t n;
	struct revision **heads;	/* revisions without children, sorted by id */
	size_t nheads;
	struct strmap by_id;
};

/*
 * Loads every *.sql file of dir (other files and dot files are ignored; a
 * missing folder is an empty history). Returns the graph (allocated in a;
 * release with revgraph_free), or NULL after adding FILE:LINE errors to d:
 * unparsable files, duplicate revision ids (naming both files), unknown
 * parents and cycles.
 */
struct revgraph *revgraph_load(struct arena *a, const char *dir, struct diags *d);
void revgraph_free(struct revgraph *g);

/* The revision with exactly this id, or NULL. */
struct revision *revgraph_get(const struct revgraph *g, const char *id);

/*
 * Resolves a full id or a unique prefix of one. Returns the revision, or
 * NULL with a message in err: "can't locate revision identified by 'x'"
 * or "revision prefix 'ab' is ambiguous: abc..., abd...".
 */
struct revision *revgraph_resolve(const struct revgraph *g, const char *spec, struct strbuf *err);

/*
 * Marks (mark[r->order] = 1) every revision among starts and all their
 * ancestors. mark has g->n entries and is not cleared first.
 */
void revgraph_mark_ancestors(const struct revgraph *g, struct revision *const *starts,
			     size_t nstarts, unsigned char *mark);
/* Likewise for starts and all their descendants. */
void revgraph_mark_descendants(const struct revgraph *g, struct revision *const *starts,
			       size_t nstarts, unsigned char *mark);

/* "a, b" or "base" for r's parents; allocated in g's arena. */
const char *revision_parents_text(const struct revgraph *g, const struct revision *r);

#endif
