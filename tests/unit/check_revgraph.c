/*
 * check_revgraph.c - loading migrations folders: linear, forked and merged
 * histories, topological order, heads, prefix lookup, and the errors for
 * garbage files, duplicate ids, unknown parents and cycles; plus a 10,000
 * file folder that must load quickly.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "revgraph.h"
#include "strbuf.h"
#include "testutil.h"

static char *temp_dir(void)
{
	char tmpl[] = "/tmp/retort-revgraph-XXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	return strdup(tmpl);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	struct strbuf p = STRBUF_INIT;
	FILE *f;

	strbuf_addf(&p, "%s/%s", dir, name);
	f = fopen(p.buf, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	strbuf_release(&p);
}

/* A migration file rev.sql with the given parents and Created time. */
static void add_mig(const char *dir, const char *rev, const char *parents, const char *created)
{
	struct strbuf t = STRBUF_INIT, name = STRBUF_INIT;

	strbuf_addf(&t, "-- retort migration\n-- Revision: %s\n-- Parents: %s\n-- Created: %s\n"
		    "-- Message: make %s\n\n-- retort:upgrade\nCREATE TABLE t_%s ();\n\n"
		    "-- retort:downgrade\nDROP TABLE t_%s;\n", rev, parents, created, rev, rev, rev);
	strbuf_addf(&name, "%s.sql", rev);
	write_file(dir, name.buf, t.buf);
	strbuf_release(&t);
	strbuf_release(&name);
}

static void rm_rf(const char *dir)
{
	struct strbuf cmd = STRBUF_INIT;

	strbuf_addf(&cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd.buf), 0);
	strbuf_release(&cmd);
}

static char *diag_text(const struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < d->len; i++)
		strbuf_addf(&sb, "%s:%d: %s\n", d->items[i].file ? d->items[i].file : "-",
			    d->items[i].line, d->items[i].text);
	return strbuf_detach(&sb);
}

START_TEST(empty_and_missing_folders)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	char *dir = temp_dir();
	struct revgraph *g;

	write_file(dir, "README.txt", "not a migration");
	write_file(dir, ".hidden.sql", "garbage");
	g = revgraph_load(&a, dir, &d);
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(g->n, 0);
	ck_assert_uint_eq(g->nheads, 0);
	revgraph_free(g);
	g = revgraph_load(&a, "/nonexistent/retort/generated", &d);
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(g->n, 0);
	revgraph_free(g);
	ck_assert_uint_eq(d.nerrors, 0);
	diag_release(&d);
	arena_release(&a);
	rm_rf(dir);
	free(dir);
}
END_TEST

/*
 *   a0 -- b0 -- c0 ----- e0 (merge of c0, d0) -- f0
 *           \-- d0 ---/
 *           \-- g0 (second head)
 */
START_TEST(fork_merge_and_order)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct strbuf err = STRBUF_INIT;
	char *dir = temp_dir();
	struct revgraph *g;
	unsigned char *mark;
	const char *order;
	struct strbuf got = STRBUF_INIT;
	size_t i;

	add_mig(dir, "a00000000000", "base", "2026-01-01 00:00:00 UTC");
	add_mig(dir, "b00000000000", "a00000000000", "2026-01-02 00:00:00 UTC");
	add_mig(dir, "c00000000000", "b00000000000", "2026-01-04 00:00:00 UTC");
	add_mig(dir, "d00000000000", "b00000000000", "2026-01-03 00:00:00 UTC");
	add_mig(dir, "e00000000000", "c00000000000, d00000000000", "2026-01-05 00:00:00 UTC");
	add_mig(dir, "f00000000000", "e00000000000", "2026-01-06 00:00:00 UTC");
	add_mig(dir, "0a0000000000", "b00000000000", "2026-01-03 00:00:00 UTC");
	g = revgraph_load(&a, dir, &d);
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(g->n, 7);
	/* Ties by Created, then id: d0 (01-03) and 0a (01-03) before c0 (01-04). */
	for (i = 0; i < g->n; i++)
		strbuf_addf(&got, "%c%c ", g->revs[i]->id[0], g->revs[i]->id[1]);
	order = "a0 b0 0a d0 c0 e0 f0 ";
	ck_assert_str_eq(got.buf, order);
	ck_assert_uint_eq(g->nheads, 2);
	ck_assert_str_eq(g->heads[0]->id, "0a0000000000");
	ck_assert_str_eq(g->heads[1]->id, "f00000000000");
	ck_assert_uint_eq(revgraph_get(g, "b00000000000")->nchildren, 3);
	ck_assert_uint_eq(revgraph_get(g, "e00000000000")->nparents, 2);
	ck_assert_str_eq(revision_parents_text(g, revgraph_get(g, "e00000000000")), "c00000000000, d00000000000");
	ck_assert_str_eq(revision_parents_text(g, revgraph_get(g, "a00000000000")), "base");

	/* Prefixes. */
	ck_assert_ptr_eq(revgraph_resolve(g, "f", &err), revgraph_get(g, "f00000000000"));
	ck_assert_ptr_eq(revgraph_resolve(g, "c00000000000", &err), revgraph_get(g, "c00000000000"));
	ck_assert_ptr_eq(revgraph_resolve(g, "0", &err), revgraph_get(g, "0a0000000000"));
	ck_assert_str_eq(err.buf, "");
	ck_assert_ptr_null(revgraph_resolve(g, "9", &err));
	ck_assert_str_eq(err.buf, "can't locate revision identified by '9'");
	strbuf_reset(&err);
	ck_assert_ptr_null(revgraph_resolve(g, "zz", &err));

	/* Ancestors of e0: a0 b0 c0 d0 e0; descendants of d0: d0 e0 f0. */
	mark = calloc(g->n, 1);
	revgraph_mark_ancestors(g, (struct revision *[]){ revgraph_get(g, "e00000000000") }, 1, mark);
	strbuf_reset(&got);
	for (i = 0; i < g->n; i++)
		if (mark[i])
			strbuf_addf(&got, "%c", g->revs[i]->id[0]);
	ck_assert_str_eq(got.buf, "abdce");
	memset(mark, 0, g->n);
	revgraph_mark_descendants(g, (struct revision *[]){ revgraph_get(g, "d00000000000") }, 1, mark);
	strbuf_reset(&got);
	for (i = 0; i < g->n; i++)
		if (mark[i])
			strbuf_addf(&got, "%c", g->revs[i]->id[0]);
	ck_assert_str_eq(got.buf, "def");
	free(mark);
	revgraph_free(g);
	strbuf_release(&got);
	strbuf_release(&err);
	diag_release(&d);
	arena_release(&a);
	rm_rf(dir);
	free(dir);
}
END_TEST

START_TEST(ambiguous_prefix)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct strbuf err = STRBUF_INIT;
	char *dir = temp_dir();
	struct revgraph *g;

	add_mig(dir, "abc000000001", "base", "");
	add_mig(dir, "abc000000002", "abc000000001", "");
	g = revgraph_load(&a, dir, &d);
	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_null(revgraph_resolve(g, "abc", &err));
	ck_assert_str_eq(err.buf, "revision prefix 'abc' is ambiguous; it matches abc000000001, abc000000002");
	revgraph_free(g);
	strbuf_release(&err);
	diag_release(&d);
	arena_release(&a);
	rm_rf(dir);
	free(dir);
}
END_TEST

START_TEST(errors_name_files)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	char *dir = temp_dir(), *text;

	add_mig(dir, "a00000000000", "base", "");
	write_file(dir, "garbage1.sql", "hello world\n");
	write_file(dir, "garbage2.sql", "-- Revision: 123\n");
	write_file(dir, "dup.sql", "-- Revision: a00000000000\n-- Parents: base\n-- retort:upgrade\n-- retort:downgrade\n");
	write_file(dir, "orphan.sql", "-- Revision: b00000000000\n-- Parents: cafecafecafe\n-- retort:upgrade\n-- retort:downgrade\n");
	{
		struct strbuf sub = STRBUF_INIT;

		strbuf_addf(&sub, "%s/folder.sql", dir);
		ck_assert_int_eq(mkdir(sub.buf, 0755), 0);
		strbuf_release(&sub);
	}
	ck_assert_ptr_null(revgraph_load(&a, dir, &d));
	text = diag_text(&d);
	ck_assert_msg(strstr(text, "/folder.sql:0: could not read migration file: Is a directory") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "/garbage1.sql:1: SQL before the '-- retort:upgrade' marker") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "/garbage2.sql:1: invalid revision id '123'") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "/dup.sql:1: duplicate revision id 'a00000000000' (also in ") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "a00000000000.sql:2)") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "/orphan.sql:2: unknown parent revision 'cafecafecafe'") != NULL, "%s", text);
	free(text);
	diag_release(&d);
	arena_release(&a);
	rm_rf(dir);
	free(dir);
}
END_TEST

START_TEST(cycles)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	char *dir = temp_dir(), *text;

	add_mig(dir, "a00000000000", "base", "");
	add_mig(dir, "b00000000000", "a00000000000, d00000000000", "");
	add_mig(dir, "c00000000000", "b00000000000", "");
	add_mig(dir, "d00000000000", "c00000000000", "");
	add_mig(dir, "e00000000000", "d00000000000", "");
	ck_assert_ptr_null(revgraph_load(&a, dir, &d));
	text = diag_text(&d);
	ck_assert_uint_eq(d.nerrors, 1);
	ck_assert_msg(strstr(text, "revision cycle: ") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "b00000000000") && strstr(text, "c00000000000") && strstr(text, "d00000000000"),
		      "%s", text);
	ck_assert_msg(strstr(text, "e00000000000 (") == NULL, "the tail is not part of the cycle: %s", text);
	ck_assert_msg(strstr(text, "4 revisions cannot be ordered") != NULL, "%s", text);
	free(text);
	diag_release(&d);
	rm_rf(dir);
	free(dir);

	/* A revision that is its own parent. */
	dir = temp_dir();
	add_mig(dir, "a00000000000", "a00000000000", "");
	ck_assert_ptr_null(revgraph_load(&a, dir, &d));
	arena_release(&a);
	diag_release(&d);
	rm_rf(dir);
	free(dir);
}
END_TEST

START_TEST(ten_thousand_files)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	char *dir = temp_dir();
	char rev[16], parent[16];
	struct revgraph *g;
	int i;

	for (i = 0; i < 10000; i++) {
		snprintf(rev, sizeof(rev), "%012x", i + 1);
		snprintf(parent, sizeof(parent), "%012x", i);
		add_mig(dir, rev, i ? parent : "base", "2026-01-01 00:00:00 UTC");
	}
	/* Correctness at size only: the speed target lives in `make bench`. */
	g = revgraph_load(&a, dir, &d);
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(g->n, 10000);
	ck_assert_uint_eq(g->nheads, 1);
	ck_assert_str_eq(g->heads[0]->id, "000000002710");
	ck_assert_str_eq(g->revs[0]->id, "000000000001");
	revgraph_free(g);
	diag_release(&d);
	arena_release(&a);
	rm_rf(dir);
	free(dir);
}
END_TEST

static Suite *revgraph_suite(void)
{
	Suite *s = suite_create("revgraph");
	TCase *tc = tcase_create("load");

	tcase_add_test(tc, empty_and_missing_folders);
	tcase_add_test(tc, fork_merge_and_order);
	tcase_add_test(tc, ambiguous_prefix);
	tcase_add_test(tc, errors_name_files);
	tcase_add_test(tc, cycles);
	tcase_add_test(tc, ten_thousand_files);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(revgraph_suite)
