/*
 * model_xml.h - one model file through libxml2, safely (model_xml.c).
 *
 * Internal to the model reader: everything that touches libxml2's parser,
 * its global handlers and the RELAX NG schema lives behind these two calls.
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

/*
 * Screens, parses and validates one document held in memory: refuses
 * oversized, empty, non-UTF-8 input and any DOCTYPE, parses without
 * network, DTDs or entity expansion, and validates against schema. Returns
 * the document (the caller frees it with xmlFreeDoc), or NULL with every
 * problem in d as FILE:LINE errors. Elements carry the line their start
 * tag begins on.
 */
xmlDocPtr model_xml_read(xmlRelaxNGPtr schema, const char *data, size_t len,
			 const char *file, struct diags *d);

#endif
