/*
 * testutil.h - shared helpers for the Check unit tests.
 *
 * Tests that need PostgreSQL use the throwaway cluster that
 * tests/run-tests.sh starts (RETORT_TEST_PGHOST / _PGPORT / _PGUSER). Each
 * test creates its own database with test_db_create(), so tests never see
 * each other's objects.
 */
#ifndef RETORT_TESTUTIL_H
#define RETORT_TESTUTIL_H

#include <check.h>
#include <libpq-fe.h>

/*
 * Drops and creates database NAME on the test cluster; returns a conninfo
 * string for it (static storage, valid until the next call). Fails the
 * test when no cluster is configured.
 */
const char *test_db_create(const char *name);
/* Connects to a database made by test_db_create; fails the test on error. */
PGconn *test_db_connect(const char *conninfo);
/* Runs SQL that must succeed (several statements allowed). */
void test_db_exec(PGconn *conn, const char *sql);
/* The single value of a one-row, one-column query, copied with strdup. */
char *test_db_value(PGconn *conn, const char *sql);
/* Writes data to a new file under a fresh temp dir; returns the path (strdup). */
char *test_write_temp(const char *name, const char *data);

/* Removes a file made by test_write_temp, its directory, and frees path. */
void test_remove_temp(char *path);

/* Runs a suite and returns the process exit status: the main of a test file. */
int test_run_suite(Suite *s);

#define TEST_MAIN(suite_fn)                                  \
	int main(void) { return test_run_suite(suite_fn()); }

#endif
