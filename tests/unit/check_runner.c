/*
 * check_runner.c - the runner's library interface against a real server:
 * history_parents_for_new_revision (used by autogen and revision) with an
 * empty, linear, forked and broken folder, with and without a database
 * that is up to date; runner_upgrade/runner_downgrade/runner_stamp on the
 * bookkeeping table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "commands.h"
#include "config.h"
#include "runner.h"
#include "strbuf.h"
#include "testutil.h"

static char *temp_dir(void)
{
	char tmpl[] = "/tmp/retort-runner-XXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	return strdup(tmpl);
}

static void add_mig(const char *dir, const char *rev, const char *parents, const char *upgrade)
{
	struct strbuf path = STRBUF_INIT;
	FILE *f;

	strbuf_addf(&path, "%s/%s.sql", dir, rev);
	f = fopen(path.buf, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "-- Revision: %s\n-- Parents: %s\n-- Message: m %s\n-- retort:upgrade\n%s\n-- retort:downgrade\nSELECT 1;\n",
		rev, parents, rev, upgrade);
	fclose(f);
	strbuf_release(&path);
}

static void ctx_setup(struct retort_ctx *ctx, const char *dir, const char *conninfo)
{
	memset(ctx, 0, sizeof(*ctx));
	arena_init(&ctx->arena);
	config_defaults(&ctx->cfg);
	ctx->cfg.migrations = dir;
	ctx->cfg.database = conninfo ? arena_strdup(&ctx->arena, conninfo) : NULL;
}

static void rm_rf(char *dir)
{
	struct strbuf cmd = STRBUF_INIT;

	strbuf_addf(&cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd.buf), 0);
	strbuf_release(&cmd);
	free(dir);
}

START_TEST(parents_without_database)
{
	struct retort_ctx ctx;
	char *dir = temp_dir();
	const char **parents = NULL;
	size_t n = 99;

	ctx_setup(&ctx, dir, NULL);
	ck_assert_int_eq(history_parents_for_new_revision(&ctx, NULL, &parents, &n), EXIT_OK);
	ck_assert_uint_eq(n, 0);
	add_mig(dir, "e00000000001", "base", "SELECT 1;");
	add_mig(dir, "e00000000003", "e00000000001", "SELECT 1;");
	add_mig(dir, "e00000000002", "e00000000001", "SELECT 1;");
	ck_assert_int_eq(history_parents_for_new_revision(&ctx, NULL, &parents, &n), EXIT_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(parents[0], "e00000000002");
	ck_assert_str_eq(parents[1], "e00000000003");
	/* A broken folder is a history error. */
	add_mig(dir, "e00000000004", "ffffffffffff", "SELECT 1;");
	ck_assert_int_eq(history_parents_for_new_revision(&ctx, NULL, &parents, &n), EXIT_HISTORY);
	arena_release(&ctx.arena);
	rm_rf(dir);
}
END_TEST

START_TEST(parents_with_database)
{
	const char *conninfo = test_db_create("retort_unit_runner");
	struct retort_ctx ctx;
	struct run_options opt = { false, false, -1 };
	char *dir = temp_dir();
	const char **parents = NULL;
	const char *stamp_base[] = { "base" };
	size_t n = 0;
	PGconn *conn = test_db_connect(conninfo);
	char *v;

	ctx_setup(&ctx, dir, conninfo);
	/* Empty folder, empty database: up to date, no parents. */
	ck_assert_int_eq(history_parents_for_new_revision(&ctx, conn, &parents, &n), EXIT_OK);
	ck_assert_uint_eq(n, 0);
	add_mig(dir, "f00000000001", "base", "CREATE TABLE t1 ();");
	add_mig(dir, "f00000000002", "f00000000001", "CREATE TABLE t2 ();");
	/* Pending revisions: not up to date. */
	ck_assert_int_eq(history_parents_for_new_revision(&ctx, conn, &parents, &n), EXIT_HISTORY);
	ck_assert_int_eq(runner_upgrade(&ctx, "+1", &opt), EXIT_OK);
	ck_assert_int_eq(history_parents_for_new_revision(&ctx, conn, &parents, &n), EXIT_HISTORY);
	ck_assert_int_eq(runner_upgrade(&ctx, "heads", &opt), EXIT_OK);
	ck_assert_int_eq(history_parents_for_new_revision(&ctx, conn, &parents, &n), EXIT_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(parents[0], "f00000000002");
	v = test_db_value(conn, "SELECT string_agg(revision, ',' ORDER BY revision) FROM retort_version");
	ck_assert_str_eq(v, "f00000000001,f00000000002");
	free(v);
	/* An applied revision the folder lacks: "can't locate revision". */
	test_db_exec(conn, "INSERT INTO retort_version (revision, checksum) VALUES ('abcdefabcdef', 'x')");
	ck_assert_int_eq(history_parents_for_new_revision(&ctx, conn, &parents, &n), EXIT_HISTORY);
	ck_assert_int_eq(runner_upgrade(&ctx, "heads", &opt), EXIT_HISTORY);
	ck_assert_int_eq(runner_stamp(&ctx, stamp_base, 1, false, -1), EXIT_HISTORY);
	ck_assert_int_eq(runner_stamp(&ctx, stamp_base, 1, true, -1), EXIT_OK);
	v = test_db_value(conn, "SELECT count(*) FROM retort_version");
	ck_assert_str_eq(v, "0");
	free(v);
	/* Downgrade needs the tables the stamp says are gone: re-stamp and revert. */
	stamp_base[0] = "heads";
	ck_assert_int_eq(runner_stamp(&ctx, stamp_base, 1, false, -1), EXIT_OK);
	ck_assert_int_eq(runner_downgrade(&ctx, "base", &opt), EXIT_OK);
	v = test_db_value(conn, "SELECT count(*) FROM retort_version");
	ck_assert_str_eq(v, "0");
	free(v);
	PQfinish(conn);
	arena_release(&ctx.arena);
	rm_rf(dir);
}
END_TEST

START_TEST(bad_version_table_name)
{
	struct retort_ctx ctx;
	struct run_options opt = { false, false, -1 };
	char *dir = temp_dir();

	ctx_setup(&ctx, dir, "host=/nonexistent dbname=x");
	ctx.cfg.version_table = "a.b.c";
	ck_assert_int_eq(runner_upgrade(&ctx, "heads", &opt), EXIT_USAGE);
	ctx.cfg.version_table = ".x";
	ck_assert_int_eq(runner_offline(&ctx, true, "heads", &opt), EXIT_USAGE);
	arena_release(&ctx.arena);
	rm_rf(dir);
}
END_TEST

static Suite *runner_suite(void)
{
	Suite *s = suite_create("runner");
	TCase *tc = tcase_create("runner");

	tcase_add_test(tc, parents_without_database);
	tcase_add_test(tc, parents_with_database);
	tcase_add_test(tc, bad_version_table_name);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(runner_suite)
