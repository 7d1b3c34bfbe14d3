/*
 * check_core.c - strbuf, arena, strmap, quoting, catalog basics, config.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "catalog.h"
#include "config.h"
#include "filter.h"
#include "quote.h"
#include "strbuf.h"
#include "strmap.h"
#include "testutil.h"

START_TEST(strbuf_grows_and_formats)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	ck_assert_str_eq(sb.buf, "");
	for (i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i);
	ck_assert_uint_eq(sb.len, strlen(sb.buf));
	ck_assert(strncmp(sb.buf, "0,1,2,", 6) == 0);
	ck_assert(strstr(sb.buf, ",999,") != NULL);
	strbuf_setlen(&sb, 3);
	ck_assert_str_eq(sb.buf, "0,1");
	strbuf_release(&sb);
	ck_assert_str_eq(sb.buf, "");
	strbuf_addstr(&sb, "x: ");
	strbuf_add_oneline(&sb, "failed\n\tIs the server running?\n");
	ck_assert_str_eq(sb.buf, "x: failed Is the server running?");
	strbuf_reset(&sb);
	strbuf_add_oneline(&sb, "a \nb\r\n\r\nc \n");
	ck_assert_str_eq(sb.buf, "a b c");
	strbuf_release(&sb);
}
END_TEST

START_TEST(arena_and_map)
{
	struct arena a = ARENA_INIT;
	struct strmap m = STRMAP_INIT;
	char key[32];
	int i;

	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		ck_assert_ptr_null(strmap_put(&m, arena_strdup(&a, key), (void *)(long)(i + 1)));
	}
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		ck_assert_int_eq((long)strmap_get(&m, key), i + 1);
	}
	ck_assert_ptr_null(strmap_get(&m, "nope"));
	ck_assert_str_eq(arena_printf(&a, "%s-%d", "x", 7), "x-7");
	strmap_release(&m);
	arena_release(&a);
}
END_TEST

START_TEST(identifier_quoting)
{
	struct strbuf sb = STRBUF_INIT;

	sb_add_ident(&sb, "users");
	strbuf_addch(&sb, ' ');
	sb_add_ident(&sb, "User");
	strbuf_addch(&sb, ' ');
	sb_add_ident(&sb, "order");
	strbuf_addch(&sb, ' ');
	sb_add_ident(&sb, "we\"ird name");
	strbuf_addch(&sb, ' ');
	sb_add_ident(&sb, "1st");
	strbuf_addch(&sb, ' ');
	sb_add_qualified(&sb, "public", "t_1");
	strbuf_addch(&sb, ' ');
	sb_add_literal(&sb, "it's");
	ck_assert_str_eq(sb.buf, "users \"User\" \"order\" \"we\"\"ird name\" \"1st\" public.t_1 'it''s'");
	ck_assert(!ident_needs_quotes("status"));
	ck_assert(ident_needs_quotes("select"));
	ck_assert(ident_needs_quotes(""));
	strbuf_release(&sb);
}
END_TEST

START_TEST(catalog_lookup_and_duplicates)
{
	struct arena a = ARENA_INIT;
	struct catalog *c = catalog_new(&a);
	struct table *t = catalog_add_table(c, "public", "users");
	struct strbuf sb = STRBUF_INIT;

	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_null(catalog_add_table(c, "public", "users"));
	ck_assert_ptr_nonnull(catalog_add_table(c, "other", "users"));
	ck_assert_ptr_nonnull(table_add_column(c, t, "id"));
	ck_assert_ptr_null(table_add_column(c, t, "id"));
	ck_assert_ptr_nonnull(table_add_index(c, t, "users_idx"));
	/* Indexes share the relation namespace with tables. */
	ck_assert_ptr_null(table_add_index(c, t, "users"));
	ck_assert_ptr_eq(catalog_find_table(c, "public", "users"), t);
	ck_assert_ptr_null(catalog_find_enum(c, "public", "users"));
	catalog_dump(c, &sb);
	ck_assert(strstr(sb.buf, "table public.users:\n") != NULL);
	ck_assert(strstr(sb.buf, "column public.users.id:") != NULL);
	strbuf_release(&sb);
	catalog_free(c);
	arena_release(&a);
}
END_TEST

START_TEST(config_file_and_errors)
{
	struct arena a = ARENA_INIT;
	struct config cfg;
	struct diags d = DIAGS_INIT;
	char *path = test_write_temp("retort.conf",
		"; comment\n[retort]\ndatabase = host=/tmp dbname=app password=s3cret\n"
		"models = m ; trailing comment\nschemas = public, billing\n"
		"exclude = ^public\\.tmp_\n[other]\nignored = 1\n");

	config_defaults(&cfg);
	ck_assert_int_eq(config_read_file(&cfg, &a, path, true, &d), 0);
	ck_assert_str_eq(cfg.models, "m");
	ck_assert_str_eq(cfg.migrations, "generated");
	ck_assert_uint_eq(cfg.schemas.len, 2);
	ck_assert_str_eq(cfg.schemas.items[1], "billing");
	ck_assert_int_eq(config_compile_filter(&cfg, &d), 0);
	ck_assert(!filter_wants(cfg.filter, "public", "tmp_x"));
	ck_assert(filter_wants(cfg.filter, "public", "users"));
	ck_assert(strstr(conninfo_redact(&a, cfg.database), "s3cret") == NULL);
	ck_assert(strstr(conninfo_redact(&a, "postgresql://u:pw@h/db"), "pw@") == NULL);
	filter_free(cfg.filter);
	test_remove_temp(path);

	config_defaults(&cfg);
	path = test_write_temp("bad.conf", "[retort]\nmodel = x\nnot a pair\n");
	ck_assert_int_eq(config_read_file(&cfg, &a, path, true, &d), -1);
	ck_assert_uint_eq(d.nerrors, 2);
	ck_assert(strstr(d.items[0].text, "did you mean 'models'") != NULL);
	ck_assert_int_eq(d.items[1].line, 3);
	diag_release(&d);
	test_remove_temp(path);
	ck_assert_int_eq(config_read_file(&cfg, &a, "/nonexistent/retort.conf", false, &d), 0);
	ck_assert_int_eq(config_read_file(&cfg, &a, "/nonexistent/retort.conf", true, &d), -1);
	diag_release(&d);
	arena_release(&a);
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, strbuf_grows_and_formats);
	tcase_add_test(tc, arena_and_map);
	tcase_add_test(tc, identifier_quoting);
	tcase_add_test(tc, catalog_lookup_and_duplicates);
	tcase_add_test(tc, config_file_and_errors);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(core_suite)
