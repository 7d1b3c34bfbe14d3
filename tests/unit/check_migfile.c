/*
 * check_migfile.c - SHA-256 test vectors, migration file parsing (good
 * files and every kind of header mistake) and migfile_write (names,
 * templates, parse-back).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "migfile.h"
#include "sha256.h"
#include "strbuf.h"
#include "testutil.h"

START_TEST(sha256_vectors)
{
	static const struct {
		const char *text;
		size_t repeat;
		const char *hex;
	} vectors[] = {
		/* FIPS 180-4 examples (NIST CSRC), the last two checked with coreutils sha256sum. */
		{ "", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		{ "a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
		{ "x", 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072" },
		{ "x", 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c" },
	};
	size_t i, j;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		char hex[65];

		for (j = 0; j < vectors[i].repeat; j++)
			strbuf_addstr(&sb, vectors[i].text);
		sha256_hex(sb.buf, sb.len, hex);
		ck_assert_str_eq(hex, vectors[i].hex);
		strbuf_release(&sb);
	}
}
END_TEST

START_TEST(sha256_incremental)
{
	struct sha256 s;
	unsigned char d1[32];
	char hex[65];
	const char *msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	size_t i;

	/* Feeding byte by byte gives the same digest as one call. */
	sha256_init(&s);
	for (i = 0; msg[i]; i++)
		sha256_update(&s, msg + i, 1);
	sha256_final(&s, d1);
	sha256_hex(msg, strlen(msg), hex);
	ck_assert_int_eq(d1[0], 0x24);
	ck_assert_int_eq(d1[31], 0xc1);
	ck_assert(strncmp(hex, "248d6a61", 8) == 0);
}
END_TEST

static const char good_file[] =
	"-- retort migration\n"
	"-- Revision: 3f2a9c1b7d4e\n"
	"-- Parents: 0d1e2f3a4b5c, aaaaaaaaaaaa\n"
	"-- Created: 2026-11-21 09:31:05 UTC\n"
	"-- message: add notifications table\n"
	"-- some other comment: ignored\n"
	"\n"
	"-- retort:upgrade\n"
	"CREATE TABLE n (id int);\n"
	"\n"
	"-- retort:downgrade\n"
	"DROP TABLE n;\n";

START_TEST(parse_good)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct migration *m = NULL;
	char hex[65];

	ck_assert_int_eq(migfile_parse(&a, "x.sql", good_file, strlen(good_file), &m, &d), 0);
	ck_assert_uint_eq(d.nerrors, 0);
	ck_assert_str_eq(m->path, "x.sql");
	ck_assert_str_eq(m->revision, "3f2a9c1b7d4e");
	ck_assert_int_eq(m->line_revision, 2);
	ck_assert_int_eq(m->line_parents, 3);
	ck_assert_uint_eq(m->nparents, 2);
	ck_assert_str_eq(m->parents[0], "0d1e2f3a4b5c");
	ck_assert_str_eq(m->parents[1], "aaaaaaaaaaaa");
	ck_assert_str_eq(m->message, "add notifications table");
	ck_assert_str_eq(m->created, "2026-11-21 09:31:05 UTC");
	ck_assert(!m->no_transaction);
	ck_assert_str_eq(m->upgrade, "CREATE TABLE n (id int);\n\n");
	ck_assert_int_eq(m->upgrade_line, 9);
	ck_assert_str_eq(m->downgrade, "DROP TABLE n;\n");
	ck_assert_int_eq(m->downgrade_line, 12);
	sha256_hex("CREATE TABLE n (id int);\n\n", 26, hex);
	ck_assert_str_eq(m->checksum, hex);
	diag_release(&d);
	arena_release(&a);
}
END_TEST

START_TEST(parse_base_crlf_no_transaction)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct migration *m = NULL;
	const char *text = "-- Revision: 000000000001\r\n-- Parents: base\r\n-- retort:no-transaction\r\n"
			   "-- retort:upgrade\r\nCREATE INDEX CONCURRENTLY i ON t (a);\r\n-- retort:downgrade\r\n";

	ck_assert_int_eq(migfile_parse(&a, "y.sql", text, strlen(text), &m, &d), 0);
	ck_assert_uint_eq(m->nparents, 0);
	ck_assert(m->no_transaction);
	ck_assert_str_eq(m->message, "");
	ck_assert_str_eq(m->downgrade, "");
	ck_assert_int_eq(m->upgrade_line, 5);
	diag_release(&d);
	arena_release(&a);
}
END_TEST

/* Parses text that must fail; returns the printed diagnostics joined. */
static char *parse_errors(const char *text)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct migration *m = NULL;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	ck_assert_int_eq(migfile_parse(&a, "bad.sql", text, strlen(text), &m, &d), -1);
	ck_assert_ptr_null(m);
	ck_assert_uint_gt(d.nerrors, 0);
	for (i = 0; i < d.len; i++)
		strbuf_addf(&sb, "%s:%d: %s\n", d.items[i].file, d.items[i].line, d.items[i].text);
	diag_release(&d);
	arena_release(&a);
	return strbuf_detach(&sb);
}

START_TEST(parse_errors_named)
{
	static const struct {
		const char *text;
		const char *expect;
	} cases[] = {
		{ "-- Parents: base\n-- retort:upgrade\n-- retort:downgrade\n",
		  "bad.sql:0: missing 'Revision:' header line" },
		{ "-- Revision: 3F2A9C1B7D4E\n-- Parents: base\n-- retort:upgrade\n-- retort:downgrade\n",
		  "bad.sql:1: invalid revision id '3F2A9C1B7D4E'" },
		{ "-- Revision: abc\n-- Parents: base\n-- retort:upgrade\n-- retort:downgrade\n",
		  "bad.sql:1: invalid revision id 'abc'" },
		{ "-- Revision: 3f2a9c1b7d4e\n-- retort:upgrade\n-- retort:downgrade\n",
		  "bad.sql:0: missing 'Parents:' header line" },
		{ "-- Revision: 3f2a9c1b7d4e\n-- Parents: 12345\n-- retort:upgrade\n-- retort:downgrade\n",
		  "bad.sql:2: invalid parent revision id '12345'" },
		{ "-- Revision: 3f2a9c1b7d4e\n-- Parents:\n-- retort:upgrade\n-- retort:downgrade\n",
		  "bad.sql:2: empty 'Parents:' header" },
		{ "-- Revision: 3f2a9c1b7d4e\n-- Parents: base, 0d1e2f3a4b5c\n-- retort:upgrade\n-- retort:downgrade\n",
		  "bad.sql:2: 'base' cannot be combined" },
		{ "-- Revision: 3f2a9c1b7d4e\n-- Parents: base\n-- retort:downgrade\n",
		  "bad.sql:0: missing '-- retort:upgrade' marker line" },
		{ "-- Revision: 3f2a9c1b7d4e\n-- Parents: base\n-- retort:upgrade\nSELECT 1;\n",
		  "bad.sql:0: missing '-- retort:downgrade' marker line" },
		{ "-- Revision: 3f2a9c1b7d4e\n-- Parents: base\n-- retort:upgrade\n-- retort:upgrade\n-- retort:downgrade\n",
		  "bad.sql:4: duplicate '-- retort:upgrade' marker (first on line 3)" },
		{ "-- Revision: 3f2a9c1b7d4e\n-- Parents: base\n-- retort:upgrade\n-- retort:downgrade\n-- retort:downgrade\n",
		  "bad.sql:5: duplicate '-- retort:downgrade' marker" },
		{ "-- Revision: 3f2a9c1b7d4e\n-- Parents: base\n-- retort:downgrade\n-- retort:upgrade\n",
		  "bad.sql:3: '-- retort:downgrade' comes before '-- retort:upgrade'" },
		{ "-- Revision: 3f2a9c1b7d4e\n-- Parents: base\nSELECT 1;\n-- retort:upgrade\n-- retort:downgrade\n",
		  "bad.sql:3: SQL before the '-- retort:upgrade' marker" },
		{ "-- Revision: 3f2a9c1b7d4e\n-- Parents: base\n-- retort:upgrade\n-- retort:upgrde\n-- retort:downgrade\n",
		  "bad.sql:4: unknown directive '-- retort:upgrde'" },
		{ "-- Revision: 3f2a9c1b7d4e\n-- Revision: 3f2a9c1b7d4f\n-- Parents: base\n-- retort:upgrade\n-- retort:downgrade\n",
		  "bad.sql:2: duplicate 'Revision:' header line" },
		{ "-- Revision: 3f2a9c1b7d4e\n-- Parents: aaaaaaaaaaaa aaaaaaaaaaaa\n-- retort:upgrade\n-- retort:downgrade\n",
		  "bad.sql:2: parent 'aaaaaaaaaaaa' is listed twice" },
		{ "-- Revision: 3f2a9c1b7d4e\n-- Parents: base\n-- retort:upgrade\n-- retort:no-transaction\n-- retort:downgrade\n",
		  "bad.sql:4: '-- retort:no-transaction' belongs in the header" },
		{ "", "bad.sql:0: missing 'Revision:' header line" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *errs = parse_errors(cases[i].text);

		ck_assert_msg(strstr(errs, cases[i].expect) != NULL, "case %zu: expected '%s' in:\n%s",
			      i, cases[i].expect, errs);
		free(errs);
	}
}
END_TEST

START_TEST(parse_nul_byte)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct migration *m = NULL;
	const char text[] = "-- Revision: 3f2a9c1b7d4e\n-- Parents: base\n\0-- retort:upgrade\n-- retort:downgrade\n";

	ck_assert_int_eq(migfile_parse(&a, "n.sql", text, sizeof(text) - 1, &m, &d), -1);
	ck_assert_int_eq(d.items[0].line, 3);
	ck_assert(strstr(d.items[0].text, "NUL") != NULL);
	diag_release(&d);
	arena_release(&a);
}
END_TEST

START_TEST(prose_comment_not_directive)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct migration *m = NULL;
	const char *text = "-- Revision: 3f2a9c1b7d4e\n-- Parents: base\n-- retort:upgrade\n"
			   "-- retort: this table is new\nSELECT 1;\n-- retort:downgrade\n";

	ck_assert_int_eq(migfile_parse(&a, "p.sql", text, strlen(text), &m, &d), 0);
	diag_release(&d);
	arena_release(&a);
}
END_TEST

static char *make_temp_dir(void)
{
	char tmpl[] = "/tmp/retort-migfile-XXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	return strdup(tmpl);
}

/* Removes a test's temporary folder and frees its name. */
static void rm_rf(char *dir)
{
	struct strbuf cmd = STRBUF_INIT;

	strbuf_addf(&cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd.buf), 0);
	strbuf_release(&cmd);
	free(dir);
}

static size_t count_files(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	if (!dh)
		return 0;
	while ((de = readdir(dh)) != NULL)
		n += de->d_name[0] != '.';
	closedir(dh);
	return n;
}

START_TEST(write_and_parse_back)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct migration *m = NULL;
	char *tmp = make_temp_dir();
	const char *dir = arena_printf(&a, "%s/deep/generated", tmp);
	const char *parents[] = { "0d1e2f3a4b5c", "aaaaaaaaaaaa" };
	const char *path = NULL, *base;

	/* 2026-11-21 09:31:05 UTC */
	ck_assert_int_eq(migfile_write_as(&a, dir, NULL, "3f2a9c1b7d4e", 1795253465LL, parents, 2,
					  "Add Notifications table!\nsecond line", "CREATE TABLE n (id int);\n\n\n",
					  "DROP TABLE n;", &path), EXIT_OK);
	base = strrchr(path, '/') + 1;
	ck_assert_str_eq(base, "20261121_093105_3f2a9c1b7d4e_add_notifications_table_second_line.sql");
	ck_assert_int_eq(migfile_load(&a, path, &m, &d), 0);
	ck_assert_str_eq(m->revision, "3f2a9c1b7d4e");
	ck_assert_uint_eq(m->nparents, 2);
	ck_assert_str_eq(m->parents[1], "aaaaaaaaaaaa");
	ck_assert_str_eq(m->message, "Add Notifications table! second line");
	ck_assert_str_eq(m->created, "2026-11-21 09:31:05 UTC");
	ck_assert(strstr(m->upgrade, "CREATE TABLE n (id int);") != NULL);
	ck_assert(strstr(m->downgrade, "DROP TABLE n;") != NULL);
	ck_assert_uint_eq(count_files(dir), 1);	/* no temporary file left */
	diag_release(&d);
	arena_release(&a);
	rm_rf(tmp);
}
END_TEST

START_TEST(write_random_ids_are_unique)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	char *dir = make_temp_dir();
	const char *p1 = NULL, *p2 = NULL;
	struct migration *m1 = NULL, *m2 = NULL;

	ck_assert_int_eq(migfile_write(&a, dir, NULL, NULL, 0, "", "", "", &p1), EXIT_OK);
	ck_assert_int_eq(migfile_write(&a, dir, NULL, NULL, 0, "", "", "", &p2), EXIT_OK);
	ck_assert_int_eq(migfile_load(&a, p1, &m1, &d), 0);
	ck_assert_int_eq(migfile_load(&a, p2, &m2, &d), 0);
	ck_assert(migfile_valid_revision(m1->revision));
	ck_assert_str_ne(m1->revision, m2->revision);
	ck_assert_uint_eq(m1->nparents, 0);
	/* An empty message gives no slug: the name ends with the revision. */
	ck_assert(strstr(p1, m1->revision) != NULL);
	ck_assert(strstr(p1, "_.sql") == NULL);
	diag_release(&d);
	arena_release(&a);
	rm_rf(dir);
}
END_TEST

static char *write_template(const char *text)
{
	char *dir = make_temp_dir();
	struct strbuf p = STRBUF_INIT;
	FILE *f;

	strbuf_addf(&p, "%s/migration.sql.tmpl", dir);
	f = fopen(p.buf, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	strbuf_release(&p);
	return dir;
}

START_TEST(write_bad_templates)
{
	struct arena a = ARENA_INIT;
	char *out = make_temp_dir();
	char *t1 = write_template("-- Revision: {revision}\n-- Parents: {parents}\n-- retort:upgrade\n{upgrade}\n"
				  "-- retort:downgrade\n{downgrade}\n{author}\n");
	char *t2 = write_template("-- Parents: {parents}\n-- retort:upgrade\n{upgrade}\n-- retort:downgrade\n{downgrade}\n");
	char *t3 = write_template("-- Revision: {revision}\n-- Parents: {parents}\n-- retort:upgrade\n{upgrade}\n-- retort:downgrade\n");
	char *t4 = write_template("-- Revision: {revision}\n-- Parents: {parents}\n-- Message: {message}\n"
				  "-- retort:upgrade\n{upgrade}\n-- retort:downgrade\n{downgrade}\n");
	const char *path = NULL;

	ck_assert_int_eq(migfile_write(&a, out, t1, NULL, 0, "m", "", "", &path), EXIT_USAGE);
	ck_assert_int_eq(migfile_write(&a, out, t2, NULL, 0, "m", "", "", &path), EXIT_USAGE);
	ck_assert_int_eq(migfile_write(&a, out, t3, NULL, 0, "m", "", "", &path), EXIT_USAGE);
	ck_assert_int_eq(migfile_write(&a, out, "/nonexistent/templates", NULL, 0, "m", "", "", &path), EXIT_USAGE);
	ck_assert_ptr_null(path);
	ck_assert_uint_eq(count_files(out), 0);
	/* A custom template that is complete works. */
	ck_assert_int_eq(migfile_write(&a, out, t4, NULL, 0, "m", "SELECT 1;", "", &path), EXIT_OK);
	ck_assert_uint_eq(count_files(out), 1);
	arena_release(&a);
	rm_rf(out);
	rm_rf(t1);
	rm_rf(t2);
	rm_rf(t3);
	rm_rf(t4);
}
END_TEST

START_TEST(write_sql_with_marker_is_refused)
{
	struct arena a = ARENA_INIT;
	char *out = make_temp_dir();
	const char *path = NULL;

	ck_assert_int_eq(migfile_write(&a, out, NULL, NULL, 0, "m", "SELECT 1;\n-- retort:downgrade\n", "", &path),
			 EXIT_USAGE);
	ck_assert_uint_eq(count_files(out), 0);
	arena_release(&a);
	rm_rf(out);
}
END_TEST

static Suite *migfile_suite(void)
{
	Suite *s = suite_create("migfile");
	TCase *tc = tcase_create("sha256");

	tcase_add_test(tc, sha256_vectors);
	tcase_add_test(tc, sha256_incremental);
	suite_add_tcase(s, tc);
	tc = tcase_create("parse");
	tcase_add_test(tc, parse_good);
	tcase_add_test(tc, parse_base_crlf_no_transaction);
	tcase_add_test(tc, parse_errors_named);
	tcase_add_test(tc, parse_nul_byte);
	tcase_add_test(tc, prose_comment_not_directive);
	suite_add_tcase(s, tc);
	tc = tcase_create("write");
	tcase_add_test(tc, write_and_parse_back);
	tcase_add_test(tc, write_random_ids_are_unique);
	tcase_add_test(tc, write_bad_templates);
	tcase_add_test(tc, write_sql_with_marker_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(migfile_suite)
