/*
 * example.c - the smallest useful program: one provider, one trajectory with a diagnosis,
 * a prestatie and a measurement, written as the file of 2024-Q1.
 *
 *   cc -std=c99 example.c -I../../include -L../../target/debug -lspiegelinformatie -o example
 *   LD_LIBRARY_PATH=../../target/debug ./example spiegel-2024-Q1.xml
 *
 * Every call returns a uint32_t result code; on failure the delivery's last error says
 * exactly what is wrong. Text goes in as (pointer, length) of UTF-8 bytes.
 */
#include <stdio.h>
#include <string.h>

#include "spiegelinformatie.h"

#define S(text) (const uint8_t *)(text), strlen(text)

static int fail(spiegel_delivery *d, const char *what, uint32_t code) {
    uint8_t message[1024];
    size_t len = 0;
    spiegel_delivery_last_error(d, message, sizeof message, &len);
    fprintf(stderr, "%s failed with code %u: %s\n", what, (unsigned)code, (const char *)message);
    spiegel_delivery_free(d);
    return 1;
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "spiegel-2024-Q1.xml";
    spiegel_delivery *d = NULL;
    spiegel_report *report = NULL;
    uint32_t za = 0, traject = 0, meting = 0, code;
    size_t i, count = 0;

    if (spiegel_abi_version() != SPIEGEL_ABI_VERSION) {
        fprintf(stderr, "library ABI %u, header ABI %u\n", (unsigned)spiegel_abi_version(),
                (unsigned)SPIEGEL_ABI_VERSION);
        return 1;
    }
    if ((code = spiegel_delivery_new(&d)) != SPIEGEL_OK) return 1;

    if ((code = spiegel_delivery_set_quarter(d, S("2024-Q1"))) != SPIEGEL_OK)
        return fail(d, "set_quarter", code);
    if ((code = spiegel_delivery_add_zorgaanbieder(d, S("12345678"), &za)) != SPIEGEL_OK)
        return fail(d, "add_zorgaanbieder", code);
    /* vendor key, begindatum, einddatum (absent: NULL, 0), groep_code */
    if ((code = spiegel_delivery_add_zorgtraject(d, za, S("EPD-4711"), S("2023-11-02"), NULL, 0,
                                                 S("Locatie A"), &traject)) != SPIEGEL_OK)
        return fail(d, "add_zorgtraject", code);
    if ((code = spiegel_delivery_add_primair(d, traject, S("D5_5.03"), S("2023-11-20"))) != SPIEGEL_OK)
        return fail(d, "add_primair", code);
    if ((code = spiegel_delivery_add_prestatie(d, traject, S("CO0001"), S("2024-02-01"))) != SPIEGEL_OK)
        return fail(d, "add_prestatie", code);
    if ((code = spiegel_delivery_add_meting(d, traject, S("CQi-GGZ-VZ-AKWA"), S("2024-02-10"),
                                            &meting)) != SPIEGEL_OK)
        return fail(d, "add_meting", code);
    if ((code = spiegel_delivery_add_item(d, meting, S("1"), S("4"))) != SPIEGEL_OK)
        return fail(d, "add_item", code);

    /* Atomic: the file appears complete or not at all. */
    code = spiegel_delivery_write_file(d, S(path), &report);
    if (report != NULL) {
        spiegel_report_count(report, &count);
        for (i = 0; i < count; i++) {
            uint8_t message[1024];
            size_t len = 0;
            spiegel_report_message(report, i, message, sizeof message, &len);
            printf("report: %s\n", (const char *)message);
        }
        spiegel_report_free(report);
    }
    if (code != SPIEGEL_OK) return fail(d, "write_file", code);
    printf("wrote %s\n", path);
    spiegel_delivery_free(d);
    return 0;
}
