/*
 * config.h - settings from defaults, retort.conf, the environment and the
 * command line, in rising priority.
 *
 * retort.conf is INI style:
 *
 *   [retort]
 *   database = postgresql://app@localhost/app   ; or key=value conninfo
 *   models = models
 *   migrations = generated
 *   templates = templates
 *   version_table = retort_version
 *   schemas = public, billing
 *   include = ^public\.
 *   exclude = \.tmp_          ; include/exclude may repeat
 *   lock_timeout = 30
 *   read_connections = 2      ; 1: never a second connection to read faster
 *
 * DATABASE_URL overrides the file's database; options override both.
 */
#ifndef RETORT_CONFIG_H
#define RETORT_CONFIG_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"

struct filter;

struct config {
	const char *database;		/* conninfo or URI; NULL: libpq's environment */
	const char *models;		/* folder or single file */
	const char *migrations;
	const char *templates;
	const char *version_table;	/* may be schema-qualified */
	struct ptrvec schemas;		/* char *: schemas to manage; empty: all user schemas */
	struct ptrvec include;		/* char *: PCRE2 patterns on "schema.name" */
	struct ptrvec exclude;
	double lock_timeout;		/* seconds to wait for the runner lock; < 0: forever */
	int read_connections;		/* 2: a second one reads big schemas faster; or 1 */
	const char *file;		/* the config file that was read, or NULL */
	struct filter *filter;		/* compiled include/exclude, or NULL: everything */
};

/* Built-in defaults; strings point at constants or into a. */
void config_defaults(struct config *cfg);

/*
 * Reads an INI file into cfg. A missing file is an error only when
 * must_exist (it was named with -c). Problems go to d as FILE:LINE errors;
 * returns 0, or -1 when d got an error.
 */
int config_read_file(struct config *cfg, struct arena *a, const char *path,
		     bool must_exist, struct diags *d);

/* Applies DATABASE_URL when it is set and not empty. */
void config_apply_env(struct config *cfg);

/* Compiles include/exclude into cfg->filter; -1 with errors in d. */
int config_compile_filter(struct config *cfg, struct diags *d);

/*
 * A connection string safe to show: any password=... or user:pass@ part is
 * replaced by "***". Allocated in a.
 */
const char *conninfo_redact(struct arena *a, const char *conninfo);

#endif
