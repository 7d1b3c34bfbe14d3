/*
 * migfile.h - reading and writing migration files (doc/migration-format.md).
 *
 * A migration file is plain SQL with a comment header (Revision, Parents,
 * Created, Message, optional "-- retort:no-transaction") and two section
 * markers, "-- retort:upgrade" and "-- retort:downgrade". Parsing only looks
 * at the header and the marker lines; the sections are handed to sqllex.h
 * when they are run.
 */
#ifndef RETORT_MIGFILE_H
#define RETORT_MIGFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

#define MIGFILE_REV_LEN 12	/* hex digits in a revision id */

struct migration {
	const char *path;		/* as given to migfile_parse */
	int line_revision;		/* line of the Revision header */
	const char *revision;		/* 12 lowercase hex digits */
	const char **parents;		/* nparents ids; none for a first migration ("base") */
	size_t nparents;
	const char *message;		/* "" when absent */
	const char *created;		/* "" when absent */
	bool no_transaction;		/* "-- retort:no-transaction" in the header */
	const char *upgrade;		/* section text after the marker line */
	int upgrade_line;		/* file line of the section's first line */
	const char *downgrade;
	int downgrade_line;
	char checksum[65];		/* SHA-256 of the upgrade section bytes, hex */
	int line_parents;		/* line of the Parents header */
};

/*
 * Parses len bytes of data read from path. On success stores a migration
 * allocated in a (strings too; data may be freed afterwards) in *out and
 * returns 0. On failure adds "path:line" errors to d (every problem found,
 * not just the first) and returns -1; *out is left unchanged.
 */
int migfile_parse(struct arena *a, const char *path, const char *data, size_t len,
		  struct migration **out, struct diags *d);

/* Reads and parses one file; as migfile_parse, with a read error reported in d. */
int migfile_load(struct arena *a, const char *path, struct migration **out, struct diags *d);

/* True when s is a syntactically valid revision id (12 lowercase hex digits). */
bool migfile_valid_revision(const char *s);

/*
 * Writes a new migration file into migrations_dir (created if missing):
 * a fresh random revision id that no file in the folder uses, the given
 * parents (none: the first migration), message (newlines become spaces),
 * and the two sections, rendered through templates_dir/migration.sql.tmpl
 * (templates_dir NULL: the built-in default template). The file is named
 * YYYYMMDD_HHMMSS_<rev>_<slug>.sql (UTC) and written atomically (temporary
 * file + rename). Returns EXIT_OK with the new file's path (allocated in a)
 * in *path_out, or prints the problem and returns EXIT_USAGE: a missing,
 * unreadable or broken template, a template whose output does not parse
 * back as a migration, or a file that could not be written.
 */
int migfile_write(struct arena *a, const char *migrations_dir, const char *templates_dir,
		  const char *const *parents, size_t nparents, const char *message,
		  const char *upgrade_sql, const char *downgrade_sql, const char **path_out);

/*
 * Same, with the revision id and creation time given (for tests and merge
 * files that must be reproducible): rev must be valid and unused, now is a
 * UTC time_t. Returns as migfile_write.
 */
int migfile_write_as(struct arena *a, const char *migrations_dir, const char *templates_dir,
		     const char *rev, long long now,
		     const char *const *parents, size_t nparents, const char *message,
		     const char *upgrade_sql, const char *downgrade_sql, const char **path_out);

#endif
