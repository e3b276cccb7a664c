/* fuzz_decode.h — the fuzz target, callable from a plain test too. */
#ifndef FUZZ_DECODE_H
#define FUZZ_DECODE_H

#include <stddef.h>
#include <stdint.h>

int	fuzz_decode_one(const uint8_t *data, size_t n);

#endif
