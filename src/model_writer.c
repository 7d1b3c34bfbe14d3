/* model_writer.c - placeholder until `retort inspect` lands. */
#include "model.h"
#include "banned.h"

void model_write(const struct catalog *c, struct strbuf *out)
{
	(void)c;
	strbuf_addstr(out, "<model xmlns=\"urn:retort:model:1\"/>\n");
}
