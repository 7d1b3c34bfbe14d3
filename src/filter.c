/*
 * filter.c - include/exclude matching with PCRE2 (see filter.h).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "filter.h"
#include "strbuf.h"
#include "banned.h"

struct pattern_list {
	pcre2_code **codes;
	size_t n;
};

/*
 * Immutable once built: the models may be filtered on one thread while the
 * database is read on another, so match data is made per call, not kept.
 */
struct filter {
	struct pattern_list include, exclude;
	pcre2_general_context *gc;	/* allocates through xmalloc: never NULL */
};

static void *gc_malloc(PCRE2_SIZE size, void *unused)
{
	(void)unused;
	return xmalloc(size);
}

static void gc_free(void *p, void *unused)
{
	(void)unused;
	free(p);
}

static int compile_list(struct pattern_list *pl, const char *const *pats, size_t n,
			const char *origin, struct diags *d)
{
	size_t i;

	pl->codes = xcalloc(n ? n : 1, sizeof(*pl->codes));
	pl->n = 0;
	for (i = 0; i < n; i++) {
		int err;
		PCRE2_SIZE off;
		pcre2_code *code = pcre2_compile((PCRE2_SPTR)pats[i], PCRE2_ZERO_TERMINATED,
						 PCRE2_UTF, &err, &off, NULL);
		if (!code) {
			PCRE2_UCHAR buf[256];
			pcre2_get_error_message(err, buf, sizeof(buf));
			diag_error(d, origin, 0, "invalid pattern '%s' at offset %zu: %s",
				   pats[i], (size_t)off, (const char *)buf);
			return -1;
		}
		pl->codes[pl->n++] = code;
	}
	return 0;
}

struct filter *filter_new(const char *const *include, size_t ninclude,
			  const char *const *exclude, size_t nexclude,
			  const char *origin, struct diags *d)
{
	struct filter *f = xcalloc(1, sizeof(*f));

	/* Created through gc_malloc itself, so it cannot be NULL either. */
	f->gc = pcre2_general_context_create(gc_malloc, gc_free, NULL);
	if (compile_list(&f->include, include, ninclude, origin, d) < 0 ||
	    compile_list(&f->exclude, exclude, nexclude, origin, d) < 0) {
		filter_free(f);
		return NULL;
	}
	return f;
}

static bool any_match(const struct pattern_list *pl, pcre2_match_data *md, const char *s)
{
	size_t i;

	for (i = 0; i < pl->n; i++)
		if (pcre2_match(pl->codes[i], (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL) >= 0)
			return true;
	return false;
}

bool filter_wants(const struct filter *f, const char *schema, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	pcre2_match_data *md;
	bool wanted;

	if (!f || (!f->include.n && !f->exclude.n))
		return true;
	md = pcre2_match_data_create(4, f->gc);
	strbuf_addf(&sb, "%s.%s", schema ? schema : "", name);
	wanted = (!f->include.n || any_match(&f->include, md, sb.buf)) &&
		 !any_match(&f->exclude, md, sb.buf);
	strbuf_release(&sb);
	pcre2_match_data_free(md);
	return wanted;
}

static void free_list(struct pattern_list *pl)
{
	size_t i;

	for (i = 0; i < pl->n; i++)
		pcre2_code_free(pl->codes[i]);
	free(pl->codes);
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	free_list(&f->include);
	free_list(&f->exclude);
	pcre2_general_context_free(f->gc);
	free(f);
}
