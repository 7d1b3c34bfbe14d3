/*
 * fuzz_model.c - libFuzzer target for the model reader.
 *
 * Feeds arbitrary bytes through model_parse_buffer and model_check on a
 * fresh arena and catalog each time: any crash, hang, leak or sanitizer
 * report is a bug, whatever the input. Build and run with
 * `make fuzz FUZZ=model FUZZ_SECONDS=60`.
 */
#include <stddef.h>
#include <stdint.h>

#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct catalog *c = catalog_new(&a);

	if (model_parse_buffer(c, (const char *)data, size, "fuzz.xml", &d) == 0)
		model_check(c, &d);
	catalog_free(c);
	diag_release(&d);
	arena_release(&a);
	return 0;
}
