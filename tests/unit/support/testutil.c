/*
 * testutil.c - helpers for the Check unit tests (see testutil.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static char conninfo_buf[1024];

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v && *v ? v : fallback;
}

const char *test_db_create(const char *name)
{
	const char *host = getenv("RETORT_TEST_PGHOST");
	char admin[1024], sql[512];
	PGconn *conn;
	PGresult *res;

	ck_assert_msg(host != NULL, "RETORT_TEST_PGHOST is not set: run tests through tests/run-tests.sh");
	snprintf(admin, sizeof(admin), "host=%s port=%s user=%s dbname=postgres", host,
		 env_or("RETORT_TEST_PGPORT", "5432"), env_or("RETORT_TEST_PGUSER", "postgres"));
	conn = PQconnectdb(admin);
	ck_assert_msg(PQstatus(conn) == CONNECTION_OK, "cannot connect to test cluster: %s",
		      PQerrorMessage(conn));
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", name);
	res = PQexec(conn, sql);
	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "%s", PQerrorMessage(conn));
	PQclear(res);
	snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\" TEMPLATE template0", name);
	res = PQexec(conn, sql);
	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "%s", PQerrorMessage(conn));
	PQclear(res);
	PQfinish(conn);
	snprintf(conninfo_buf, sizeof(conninfo_buf), "host=%s port=%s user=%s dbname=%s", host,
		 env_or("RETORT_TEST_PGPORT", "5432"), env_or("RETORT_TEST_PGUSER", "postgres"), name);
	return conninfo_buf;
}

PGconn *test_db_connect(const char *conninfo)
{
	PGconn *conn = PQconnectdb(conninfo);

	ck_assert_msg(PQstatus(conn) == CONNECTION_OK, "cannot connect: %s", PQerrorMessage(conn));
	return conn;
}

void test_db_exec(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);

	ck_assert_msg(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, "SQL failed: %s\n%s",
		      PQerrorMessage(conn), sql);
	PQclear(res);
}

char *test_db_value(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	char *v;

	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1,
		      "query did not give one row: %s\n%s", PQerrorMessage(conn), sql);
	v = strdup(PQgetisnull(res, 0, 0) ? "(null)" : PQgetvalue(res, 0, 0));
	PQclear(res);
	return v;
}

char *test_write_temp(const char *name, const char *data)
{
	char dir[] = "/tmp/retort-test-XXXXXX";
	char path[1024];
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fwrite(data, 1, strlen(data), f);
	fclose(f);
	return strdup(path);
}

void test_remove_temp(char *path)
{
	char *slash;

	if (!path)
		return;
	unlink(path);
	slash = strrchr(path, '/');
	if (slash) {
		*slash = '\0';
		rmdir(path);
	}
	free(path);
}

int test_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
