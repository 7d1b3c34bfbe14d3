/* model_reader.c - placeholder until the model reader lands. */
#include "model.h"
#include "banned.h"

struct catalog *model_load(struct arena *a, const char *path,
			   const struct filter *f, struct diags *d)
{
	(void)a;
	(void)f;
	diag_error(d, path, 0, "the model reader is not implemented yet");
	return NULL;
}

int model_parse_buffer(struct catalog *c, const char *data, size_t len,
		       const char *filename, struct diags *d)
{
	(void)c;
	(void)data;
	(void)len;
	diag_error(d, filename, 0, "the model reader is not implemented yet");
	return -1;
}

int model_check(struct catalog *c, struct diags *d)
{
	(void)c;
	(void)d;
	return 0;
}
