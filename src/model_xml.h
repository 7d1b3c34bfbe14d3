/*
 * model_xml.h - one model file through libxml2, safely (model_xml.c).
 *
 * Internal to the model reader: everything that touches libxml2's parser,
 * its global handlers and the RELAX NG schema lives behind these calls.
 */
#ifndef RETORT_MODEL_XML_H
#define RETORT_MODEL_XML_H

#include <stddef.h>

#include <libxml/relaxng.h>
#include <libxml/tree.h>

#include "diag.h"

#define MODEL_NS "urn:retort:model:1"
/* Bigger model files are refused before parsing. */
#define MODEL_MAX_BYTES ((size_t)16 << 20)

/*
 * The RELAX NG schema compiled into the binary; free with xmlRelaxNGFree.
 * NULL (with an error in d) only if the build embedded a broken schema.
 */
xmlRelaxNGPtr model_xml_schema(struct diags *d);

/* What model_xml_stream hands over, in document order. */
enum model_xml_event {
	MODEL_XML_SCHEMA_BEGIN,	/* a <schema> under <model>: attributes read, no children yet */
	MODEL_XML_OBJECT,	/* a complete child of <model> or of that <schema> */
	MODEL_XML_SCHEMA_END,	/* the end of that <schema> */
};

/*
 * n and its subtree are valid and are freed when the call returns. Events
 * stop at the first problem found in the file, which may come after some
 * objects were handed over (the caller then drops what it read).
 */
typedef void model_xml_visit_fn(void *arg, enum model_xml_event ev, xmlNodePtr n);

/*
 * Screens, parses and validates one document held in memory, reading it as
 * a stream so that only one object is in memory at a time: refuses
 * oversized, empty, non-UTF-8 input and any DOCTYPE, parses without
 * network, DTDs or entity expansion, validates against schema, and hands
 * each valid object to visit (which may be NULL). Returns 0, or -1 with
 * every problem in d as FILE:LINE errors: only the parse errors of a file
 * that is not well-formed, else every schema error (up to a limit).
 * Elements carry the line their start tag begins on (model_xml_line).
 *
 * Thread use: only the calling thread's libxml2 handlers are changed, and
 * only for the duration of the call, except the external entity loader,
 * which libxml2 keeps process-wide: no other thread may use libxml2 during
 * the call. There is no other shared state.
 */
int model_xml_stream(xmlRelaxNGPtr schema, const char *data, size_t len, const char *file,
		     model_xml_visit_fn *visit, void *arg, struct diags *d);

/* The line an element's start tag begins on (exact past 65535 too). */
long model_xml_line(xmlNodePtr n);

/* Appends the items of from to to, in order, and empties from. */
void model_xml_move_diags(struct diags *to, struct diags *from);

#endif
