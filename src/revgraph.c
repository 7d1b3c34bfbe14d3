/*
 * revgraph.c - loading a migrations folder into a revision DAG (see
 * revgraph.h). Linear in the number of files apart from the sorts: ids go
 * into a hash map, the topological order is Kahn's algorithm with a binary
 * heap so that ties break the same way every time.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "revgraph.h"
#include "banned.h"

#define MIGFILE_MAX_BYTES (64 << 20)	/* as migfile_load: larger is surely a mistake */

static int compare_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static bool has_sql_suffix(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcmp(name + n - 4, ".sql") == 0;
}

/*
 * The sorted *.sql names in dir (no dot files), allocated in a; *dh is left
 * open for reading them (NULL for a missing folder, which has none). Other
 * errors go to d and return -1.
 */
static int list_sql_files(struct arena *a, const char *dir, struct ptrvec *names, DIR **dh,
			  struct diags *d)
{
	struct dirent *de;

	*dh = opendir(dir);
	if (!*dh) {
		if (errno == ENOENT)
			return 0;
		diag_error(d, dir, 0, "could not read the migrations folder: %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(*dh)) != NULL)
		if (de->d_name[0] != '.' && has_sql_suffix(de->d_name))
			ptrvec_push(a, names, arena_strdup(a, de->d_name));
	if (names->len)
		qsort(names->items, names->len, sizeof(char *), compare_names);
	return 0;
}

/* Topological tie-break: earlier Created first, then the smaller id. */
static int compare_revs(const struct revision *x, const struct revision *y)
{
	int c = strcmp(x->m->created, y->m->created);

	return c ? c : strcmp(x->id, y->id);
}

static int compare_rev_ids(const void *x, const void *y)
{
	return strcmp((*(struct revision *const *)x)->id, (*(struct revision *const *)y)->id);
}

struct rev_heap {
	struct revision **items;
	size_t len;
};

static void heap_push(struct rev_heap *h, struct revision *r)
{
	size_t i = h->len++;

	h->items[i] = r;
	while (i > 0) {
		size_t up = (i - 1) / 2;

		if (compare_revs(h->items[up], h->items[i]) <= 0)
			break;
		h->items[i] = h->items[up];
		h->items[up] = r;
		i = up;
	}
}

static struct revision *heap_pop(struct rev_heap *h)
{
	struct revision *top = h->items[0], *last = h->items[--h->len];
	size_t i = 0;

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < h->len && compare_revs(h->items[l], m == i ? last : h->items[m]) < 0)
			m = l;
		if (r < h->len && compare_revs(h->items[r], m == i ? last : h->items[m]) < 0)
			m = r;
		if (m == i)
			break;
		h->items[i] = h->items[m];
		i = m;
	}
	if (h->len)
		h->items[i] = last;
	return top;
}

/*
 * Reads dir/name into sb (reset first) through the open folder: openat()
 * spares the kernel a full path lookup per file, which is most of the cost
 * of loading thousands of small files. Returns 0, or -1 with errno set.
 */
static int read_file_at(int dir_fd, const char *name, struct strbuf *sb)
{
	int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
	struct stat st;
	ssize_t got;

	strbuf_reset(sb);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > MIGFILE_MAX_BYTES) {
		close(fd);
		errno = S_ISDIR(st.st_mode) ? EISDIR : S_ISREG(st.st_mode) ? EFBIG : EINVAL;
		return -1;
	}
	strbuf_grow(sb, (size_t)st.st_size + 1);
	for (;;) {
		strbuf_grow(sb, 4096);
		got = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (got <= 0)
			break;
		sb->len += (size_t)got;		/* strbuf_setlen only shortens */
		sb->buf[sb->len] = '\0';
	}
	close(fd);
	return got < 0 ? -1 : 0;
}

static void load_files(struct revgraph *g, int dir_fd, const struct ptrvec *names, struct ptrvec *revs,
		       struct diags *d)
{
	struct strbuf text = STRBUF_INIT;
	size_t i;

	for (i = 0; i < names->len; i++) {
		const char *path = arena_printf(g->a, "%s/%s", g->dir, (const char *)names->items[i]);
		struct migration *m = NULL;
		struct revision *r, *other;

		if (read_file_at(dir_fd, names->items[i], &text) < 0) {
			diag_error(d, path, 0, "could not read migration file: %s", strerror(errno));
			continue;
		}
		if (migfile_parse(g->a, path, text.buf, text.len, &m, d) < 0)
			continue;
		r = arena_alloc(g->a, sizeof(*r));
		r->m = m;
		r->id = m->revision;
		other = strmap_get(&g->by_id, r->id);
		if (other) {
			diag_error(d, m->path, m->line_revision, "duplicate revision id '%s' (also in %s:%d)",
				   r->id, other->m->path, other->m->line_revision);
			continue;
		}
		strmap_put(&g->by_id, r->id, r);
		ptrvec_push(g->a, revs, r);
	}
	strbuf_release(&text);
}

static void link_parents(struct revgraph *g, const struct ptrvec *revs, struct diags *d)
{
	size_t i, j;

	for (i = 0; i < revs->len; i++) {
		struct revision *r = revs->items[i];

		r->parents = arena_alloc(g->a, (r->m->nparents + 1) * sizeof(*r->parents));
		for (j = 0; j < r->m->nparents; j++) {
			struct revision *p = strmap_get(&g->by_id, r->m->parents[j]);

			if (!p) {
				diag_error(d, r->m->path, r->m->line_parents,
					   "unknown parent revision '%s': no migration in '%s' has that id",
					   r->m->parents[j], g->dir);
				continue;
			}
			r->parents[r->nparents++] = p;
			p->nchildren++;	/* counted now, filled in topological order */
		}
	}
}

/* Names one cycle among the revisions Kahn's algorithm could not place. */
static void report_cycle(const struct ptrvec *revs, const size_t *pending, struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned char *seen = xcalloc(revs->len, 1);
	struct strmap index = STRMAP_INIT;
	struct revision *r = NULL, *start;
	size_t i, k, stuck = 0;

	for (i = 0; i < revs->len; i++) {
		strmap_put(&index, ((struct revision *)revs->items[i])->id, (void *)(i + 1));
		if (pending[i]) {
			stuck++;
			if (!r)
				r = revs->items[i];
		}
	}
	/* Each unplaced revision has an unplaced parent: walk up until one repeats. */
	for (;;) {
		i = (size_t)strmap_get(&index, r->id) - 1;
		if (seen[i])
			break;
		seen[i] = 1;
		for (k = 0; k < r->nparents; k++)
			if (pending[(size_t)strmap_get(&index, r->parents[k]->id) - 1])
				break;
		r = r->parents[k];
	}
	start = r;
	do {
		strbuf_addf(&sb, "%s (%s) -> ", r->id, r->m->path);
		for (k = 0; k < r->nparents; k++) {
			i = (size_t)strmap_get(&index, r->parents[k]->id) - 1;
			if (pending[i] && seen[i])
				break;
		}
		r = r->parents[k];
	} while (r != start);
	strbuf_addstr(&sb, start->id);
	diag_error(d, start->m->path, start->m->line_parents,
		   "revision cycle: %s (each revision lists the next one as a parent; %zu revisions cannot be ordered)",
		   sb.buf, stuck);
	strbuf_release(&sb);
	strmap_release(&index);
	free(seen);
}

/*
 * Kahn's algorithm over a temporary child adjacency (CSR arrays indexed by
 * load position); fills g->revs and then each revision's children, which
 * therefore come out in topological order. Returns -1 after reporting a cycle.
 */
static int sort_topologically(struct revgraph *g, const struct ptrvec *revs, struct diags *d)
{
	size_t n = revs->len, i, j, k;
	size_t *pending = xcalloc(n + 1, sizeof(*pending));
	size_t *first_child = xcalloc(n + 2, sizeof(*first_child));
	size_t *child_list, *fill;
	struct rev_heap heap;
	struct strmap index = STRMAP_INIT;
	int rc = 0;

	for (i = 0; i < n; i++) {
		struct revision *r = revs->items[i];

		strmap_put(&index, r->id, (void *)(i + 1));
		pending[i] = r->nparents;
	}
	for (i = 0; i < n; i++) {
		struct revision *r = revs->items[i];

		for (j = 0; j < r->nparents; j++)
			first_child[(size_t)strmap_get(&index, r->parents[j]->id)]++;
	}
	for (i = 1; i <= n + 1; i++)
		first_child[i] += first_child[i - 1];	/* children of i: [first_child[i], first_child[i+1]) */
	child_list = xmalloc((first_child[n + 1] + 1) * sizeof(*child_list));
	fill = xmalloc((n + 1) * sizeof(*fill));
	for (i = 0; i < n; i++)
		fill[i] = first_child[i];
	for (i = 0; i < n; i++) {
		struct revision *r = revs->items[i];

		for (j = 0; j < r->nparents; j++) {
			k = (size_t)strmap_get(&index, r->parents[j]->id) - 1;
			child_list[fill[k]++] = i;
		}
	}

	heap.items = xmalloc((n + 1) * sizeof(*heap.items));
	heap.len = 0;
	g->revs = arena_alloc(g->a, (n + 1) * sizeof(*g->revs));
	for (i = 0; i < n; i++)
		if (!pending[i])
			heap_push(&heap, revs->items[i]);
	while (heap.len) {
		struct revision *r = heap_pop(&heap);

		k = (size_t)strmap_get(&index, r->id) - 1;
		r->order = g->n;
		g->revs[g->n++] = r;
		for (j = first_child[k]; j < first_child[k + 1]; j++)
			if (--pending[child_list[j]] == 0)
				heap_push(&heap, revs->items[child_list[j]]);
	}
	if (g->n < n) {
		report_cycle(revs, pending, d);
		rc = -1;
	} else {
		for (i = 0; i < n; i++) {
			struct revision *r = g->revs[i];

			r->children = arena_alloc(g->a, (r->nchildren + 1) * sizeof(*r->children));
			r->nchildren = 0;
		}
		for (i = 0; i < n; i++) {
			struct revision *r = g->revs[i];

			for (j = 0; j < r->nparents; j++)
				r->parents[j]->children[r->parents[j]->nchildren++] = r;
		}
	}
	free(heap.items);
	free(fill);
	free(child_list);
	free(first_child);
	free(pending);
	strmap_release(&index);
	return rc;
}

static void find_heads(struct revgraph *g)
{
	size_t i;

	g->heads = arena_alloc(g->a, (g->n + 1) * sizeof(*g->heads));
	for (i = 0; i < g->n; i++)
		if (!g->revs[i]->nchildren)
			g->heads[g->nheads++] = g->revs[i];
	if (g->nheads > 1)
		qsort(g->heads, g->nheads, sizeof(*g->heads), compare_rev_ids);
}

struct revgraph *revgraph_load(struct arena *a, const char *dir, struct diags *d)
{
	struct revgraph *g = arena_alloc(a, sizeof(*g));
	struct ptrvec names = PTRVEC_INIT, revs = PTRVEC_INIT;
	size_t errors_before = d->nerrors;
	DIR *dh = NULL;

	g->a = a;
	g->dir = arena_strdup(a, dir);
	if (list_sql_files(a, dir, &names, &dh, d) < 0)
		goto fail;
	if (dh) {
		load_files(g, dirfd(dh), &names, &revs, d);
		closedir(dh);
	}
	link_parents(g, &revs, d);
	if (d->nerrors > errors_before)
		goto fail;
	if (sort_topologically(g, &revs, d) < 0)
		goto fail;
	find_heads(g);
	return g;
fail:
	revgraph_free(g);
	return NULL;
}

void revgraph_free(struct revgraph *g)
{
	if (g)
		strmap_release(&g->by_id);
}

struct revision *revgraph_get(const struct revgraph *g, const char *id)
{
	return strmap_get(&g->by_id, id);
}

static bool is_hex_prefix(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return n > 0 && n <= MIGFILE_REV_LEN;
}

struct revision *revgraph_resolve(const struct revgraph *g, const char *spec, struct strbuf *err)
{
	struct revision *found = revgraph_get(g, spec), *cands[8];
	size_t i, n = 0, len = strlen(spec);

	if (found)
		return found;
	if (is_hex_prefix(spec)) {
		for (i = 0; i < g->n; i++) {
			if (strncmp(g->revs[i]->id, spec, len) != 0)
				continue;
			if (n < sizeof(cands) / sizeof(cands[0]))
				cands[n] = g->revs[i];
			n++;
		}
	}
	if (n == 1)
		return cands[0];
	if (n == 0) {
		strbuf_addf(err, "can't locate revision identified by '%s'", spec);
		return NULL;
	}
	if (n > sizeof(cands) / sizeof(cands[0]))
		n = sizeof(cands) / sizeof(cands[0]);
	qsort(cands, n, sizeof(cands[0]), compare_rev_ids);
	strbuf_addf(err, "revision prefix '%s' is ambiguous; it matches ", spec);
	for (i = 0; i < n; i++)
		strbuf_addf(err, "%s%s", i ? ", " : "", cands[i]->id);
	if (n == sizeof(cands) / sizeof(cands[0]))
		strbuf_addstr(err, ", ...");
	return NULL;
}

/*
 * Marks starts and everything reachable from them through parents (up) or
 * children (down). Each revision is pushed at most once, so a stack of n
 * entries suffices.
 */
static void mark_reachable(const struct revgraph *g, struct revision *const *starts,
			   size_t nstarts, unsigned char *mark, bool up)
{
	struct revision **stack = xmalloc((g->n + 1) * sizeof(*stack));
	size_t top = 0, i;

	for (i = 0; i < nstarts; i++) {
		if (!mark[starts[i]->order]) {
			mark[starts[i]->order] = 1;
			stack[top++] = starts[i];
		}
	}
	while (top) {
		struct revision *r = stack[--top];
		struct revision **next = up ? r->parents : r->children;
		size_t n = up ? r->nparents : r->nchildren;

		for (i = 0; i < n; i++) {
			if (!mark[next[i]->order]) {
				mark[next[i]->order] = 1;
				stack[top++] = next[i];
			}
		}
	}
	free(stack);
}

void revgraph_mark_ancestors(const struct revgraph *g, struct revision *const *starts,
			     size_t nstarts, unsigned char *mark)
{
	mark_reachable(g, starts, nstarts, mark, true);
}

void revgraph_mark_descendants(const struct revgraph *g, struct revision *const *starts,
			       size_t nstarts, unsigned char *mark)
{
	mark_reachable(g, starts, nstarts, mark, false);
}

const char *revision_parents_text(const struct revgraph *g, const struct revision *r)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	size_t i;

	if (!r->nparents)
		return "base";
	for (i = 0; i < r->nparents; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", r->parents[i]->id);
	s = arena_strdup(g->a, sb.buf);
	strbuf_release(&sb);
	return s;
}
