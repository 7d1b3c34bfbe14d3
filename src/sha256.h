/*
 * sha256.h - SHA-256 (FIPS 180-4), for migration checksums.
 *
 * The runner records the SHA-256 of each applied migration's upgrade
 * section, so that an applied file edited afterwards is noticed.
 */
#ifndef RETORT_SHA256_H
#define RETORT_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t nbytes;	/* message length so far */
	unsigned char block[64];
	size_t fill;		/* bytes waiting in block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* Writes the 32-byte digest; s must be re-initialised before reuse. */
void sha256_final(struct sha256 *s, unsigned char digest[32]);
/* One-shot: writes 64 lowercase hex digits and a NUL into hex. */
void sha256_hex(const void *data, size_t len, char hex[65]);

#endif
