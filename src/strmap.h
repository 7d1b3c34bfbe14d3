/*
 * strmap.h - open-addressing hash map from C strings to pointers.
 *
 * Name lookups in the catalog go through this so that diffing 10,000 tables
 * stays linear. Keys are not copied: they must outlive the map (catalog keys
 * live in the catalog's arena).
 */
#ifndef RETORT_STRMAP_H
#define RETORT_STRMAP_H

#include <stddef.h>

struct strmap_slot {
	const char *key;
	void *value;
	unsigned long hash;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap;		/* power of two, or 0 */
	size_t len;
};

#define STRMAP_INIT { NULL, 0, 0 }

/* Returns the value stored under key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key);
/* Stores value under key; returns the previous value or NULL. */
void *strmap_put(struct strmap *m, const char *key, void *value);
void strmap_release(struct strmap *m);
unsigned long strhash(const char *s);

#endif
