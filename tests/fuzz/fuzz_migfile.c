/*
 * fuzz_migfile.c - libFuzzer target for the migration file parser.
 *
 * Parses arbitrary bytes as a migration file. When the parse succeeds, the
 * result must be consistent: a valid revision id, valid parent ids, the
 * upgrade section before the downgrade section, and a checksum equal to
 * the SHA-256 of the upgrade text; both sections are then split into
 * statements. When it fails, there must be at least one error. Any crash,
 * hang, sanitizer report or trap is a bug. `make fuzz FUZZ=migfile`.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "migfile.h"
#include "sha256.h"
#include "sqllex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct migration *m = NULL;
	struct sql_script sc;
	char hex[65];
	size_t i;

	if (migfile_parse(&a, "fuzz.sql", (const char *)data, size, &m, &d) == 0) {
		check(d.nerrors == 0);
		check(migfile_valid_revision(m->revision));
		for (i = 0; i < m->nparents; i++)
			check(migfile_valid_revision(m->parents[i]));
		check(m->upgrade_line >= 2 && m->downgrade_line > m->upgrade_line);
		sha256_hex(m->upgrade, strlen(m->upgrade), hex);
		check(strcmp(hex, m->checksum) == 0);
		sqllex_split(&a, m->upgrade, strlen(m->upgrade), m->upgrade_line, &sc);
		sqllex_split(&a, m->downgrade, strlen(m->downgrade), m->downgrade_line, &sc);
	} else {
		check(m == NULL && d.nerrors > 0);
	}
	diag_release(&d);
	arena_release(&a);
	return 0;
}
