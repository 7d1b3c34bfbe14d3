/*
 * model.h - reading the XML model files into a catalog.
 *
 * The vocabulary is documented in man/retort-model.5 and described by the
 * RELAX NG schema models/retort-model.rng, which is compiled into the binary.
 * Parsing never touches the network, never loads external entities or DTDs,
 * and refuses entity expansion and oversized input.
 */
#ifndef RETORT_MODEL_H
#define RETORT_MODEL_H

#include <stddef.h>

#include "catalog.h"
#include "diag.h"
#include "filter.h"

/*
 * Reads path: a single file, or every *.xml file of a folder (sorted by
 * name, then merged). Validates each file against the schema, then the
 * merged catalog semantically (unknown tables and columns, duplicates,
 * conflicting definitions, ...), and derives the constraint and index
 * names PostgreSQL would choose. Objects the filter does not want are left
 * out. Returns the catalog (d may hold warnings), or NULL with every
 * problem in d as FILE:LINE errors.
 *
 * Files are read as a stream: memory holds the catalog, the text of one
 * file and one object of it. May run on a thread of its own while no other
 * thread uses libxml2 (xmlInitParser() done beforehand): it changes only
 * the calling thread's libxml2 error handlers, and the process-wide
 * external entity loader for the duration of each file (model_xml.h). It
 * keeps no state outside a, f (only read) and d.
 */
struct catalog *model_load(struct arena *a, const char *path,
			   const struct filter *f, struct diags *d);

/*
 * Parses one document held in memory into c (no semantic checks); used by
 * model_load, the tests and the fuzz target. Constraints and indexes the
 * model leaves unnamed have the name "" until model_check derives theirs.
 * Returns 0, or -1 with errors in d; c may then hold part of the document.
 */
int model_parse_buffer(struct catalog *c, const char *data, size_t len,
		       const char *filename, struct diags *d);

/*
 * Semantic checks and name derivation over a merged catalog: 0 or -1.
 * A derived name gets name_derived only when it is PostgreSQL's plain
 * default (what the server picks when the name is free); a numbered one
 * ("users_email_key1") is marked as given, so SQL always spells it out.
 */
int model_check(struct catalog *c, struct diags *d);

/*
 * The part of c that filter f wants: tables, enums and sequences whose
 * "schema.name" passes the filter (schemas and extensions are always
 * kept). Returns c itself when f is NULL, else a new catalog in the same
 * arena sharing c's objects; c must not be used afterwards except to be
 * freed with catalog_free().
 */
struct catalog *model_filter(struct catalog *c, const struct filter *f);

/* Writes c as one model document (the form `retort inspect` prints). */
void model_write(const struct catalog *c, struct strbuf *out);

#endif
