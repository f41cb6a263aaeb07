/*
 * packed.h - writes the packed buffers of the bulk functions (the layout documented at
 * spiegel_stream_add_zorgtraject_packed in spiegelinformatie.h). Shared by bulk.c and
 * hostile.c; not part of the library's API.
 */
#ifndef SPIEGEL_PACKED_H
#define SPIEGEL_PACKED_H

#include "support.h"

/* A growing buffer; reset with pk.n = 0 to reuse it without allocating. */
typedef struct {
    uint8_t *p;
    size_t n, cap;
} packer;

static inline void pk_room(packer *pk, size_t more) {
    if (pk->n + more <= pk->cap) return;
    while (pk->n + more > pk->cap) pk->cap = pk->cap ? pk->cap * 2 : 256;
    pk->p = realloc(pk->p, pk->cap);
    if (pk->p == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
}

static inline void pk_u8(packer *pk, uint8_t v) {
    pk_room(pk, 1);
    pk->p[pk->n++] = v;
}

/* Little-endian, whatever the machine. */
static inline void pk_u32(packer *pk, uint32_t v) {
    pk_room(pk, 4);
    for (int i = 0; i < 4; i++) pk->p[pk->n++] = (uint8_t)(v >> (8 * i));
}

/* A text: its byte length, then its bytes. NULL is an absent optional text (length 0). */
static inline void pk_text(packer *pk, const char *s) {
    size_t len = s ? strlen(s) : 0;
    pk_u32(pk, (uint32_t)len);
    pk_room(pk, len);
    if (len) memcpy(pk->p + pk->n, s, len);
    pk->n += len;
}

static inline void pk_traject(packer *pk, uint32_t begin, uint32_t end, const char *key,
                              const char *groep) {
    pk_u32(pk, begin);
    pk_u32(pk, end);
    pk_text(pk, key);
    pk_text(pk, groep);
}

static inline void pk_primair(packer *pk, const char *code, uint32_t datum) {
    pk_u8(pk, SPIEGEL_PACKED_PRIMAIR);
    pk_text(pk, code);
    pk_u32(pk, datum);
}

static inline void pk_neven(packer *pk, const char *code) {
    pk_u8(pk, SPIEGEL_PACKED_NEVEN);
    pk_text(pk, code);
}

static inline void pk_zvt(packer *pk, const char *honos, const char *code, uint32_t datum) {
    pk_u8(pk, SPIEGEL_PACKED_ZORGVRAAGTYPERING);
    pk_text(pk, honos);
    pk_text(pk, code);
    pk_u32(pk, datum);
}

static inline void pk_prestatie(packer *pk, const char *code, uint32_t datum) {
    pk_u8(pk, SPIEGEL_PACKED_PRESTATIE);
    pk_text(pk, code);
    pk_u32(pk, datum);
}

static inline void pk_meting(packer *pk, const char *code, uint32_t datum) {
    pk_u8(pk, SPIEGEL_PACKED_METING);
    pk_text(pk, code);
    pk_u32(pk, datum);
}

static inline void pk_item(packer *pk, const char *code, const char *score) {
    pk_u8(pk, SPIEGEL_PACKED_ITEM);
    pk_text(pk, code);
    pk_text(pk, score);
}

#endif
