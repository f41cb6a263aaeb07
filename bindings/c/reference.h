/*
 * reference.h - THE reference delivery (bindings/reference/README.md), built call by call.
 * Shared by test.c and threads.c; the Rust original is tests/common/reference.rs.
 */
#ifndef SPIEGEL_REFERENCE_H
#define SPIEGEL_REFERENCE_H

#include "support.h"

#define CQI "CQi-GGZ-VZ-AKWA"
#define GROEP_ZUID "Locatie Zuid & \"Noord\" \xE2\x80\x94 Gr\xC3\xBC\xC3\x9F" "e \xE6\x97\xA5\xE6\x9C\xAC"

static inline spiegel_delivery *build_reference(void) {
    spiegel_delivery *d = NULL;
    uint32_t a, b, t, m;

    OK(NULL, spiegel_delivery_new(&d));
    OK(d, spiegel_delivery_set_quarter(d, S("2024-Q1")));
    OK(d, spiegel_delivery_set_datum_creatie(d, S("2024-04-03T10:15:00")));

    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("12345678"), &a));

    /* REF-CLOSED: closed in the quarter, every child kind, item 17 to be dropped. */
    OK(d, spiegel_delivery_add_zorgtraject(d, a, S("REF-CLOSED"), S("2023-06-01"), S("2024-02-15"),
                                           S(GROEP_ZUID), &t));
    OK(d, spiegel_delivery_add_primair(d, t, S("D5_5.03"), S("2023-06-20")));
    OK(d, spiegel_delivery_add_primair(d, t, S("D5_4.02.02.02"), S("2024-01-10")));
    OK(d, spiegel_delivery_add_neven(d, t, S("D5_6.01")));
    OK(d, spiegel_delivery_add_zorgvraagtypering(d, t, S("3"), S("3"), S("2023-06-20")));
    OK(d, spiegel_delivery_add_zorgvraagtypering(d, t, S("11"), NONE, S("2024-01-10")));
    OK(d, spiegel_delivery_add_prestatie(d, t, S("CO0001"), S("2023-06-01")));
    OK(d, spiegel_delivery_add_prestatie(d, t, S("CO0002"), S("2024-02-01")));
    OK(d, spiegel_delivery_add_meting(d, t, S(CQI), S("2024-02-10"), &m));
    OK(d, spiegel_delivery_add_item(d, m, S("1"), S("4")));
    OK(d, spiegel_delivery_add_item(d, m, S("2"), S("3")));
    OK(d, spiegel_delivery_add_item(d, m, S("17"), S("2")));

    /* REF-OPEN: open. */
    OK(d, spiegel_delivery_add_zorgtraject(d, a, S("REF-OPEN"), S("2023-11-02"), NONE,
                                           S("Locatie A"), &t));
    OK(d, spiegel_delivery_add_primair(d, t, S("D5_7.01"), S("2023-11-20")));
    OK(d, spiegel_delivery_add_zorgvraagtypering(d, t, NONE, S("5"), S("2023-11-20")));
    OK(d, spiegel_delivery_add_prestatie(d, t, S("CO0001"), S("2024-03-05")));

    /* REF-ENDS-AFTER: delivered as open, its prestatie after the quarter kept. */
    OK(d, spiegel_delivery_add_zorgtraject(d, a, S("REF-ENDS-AFTER"), S("2024-03-31"),
                                           S("2024-05-10"), NONE, &t));
    OK(d, spiegel_delivery_add_prestatie(d, t, S("CO0001"), S("2024-04-15")));

    /* REF-EXCLUDED: ended before the quarter. */
    OK(d, spiegel_delivery_add_zorgtraject(d, a, S("REF-EXCLUDED"), S("2023-01-01"),
                                           S("2023-12-31"), S("Locatie A"), &t));
    OK(d, spiegel_delivery_add_prestatie(d, t, S("CO0001"), S("2023-02-01")));

    /* Loose metingen: one in, one after the quarter. */
    OK(d, spiegel_delivery_add_loose_meting(d, a, S(CQI), S("2024-03-01"), &m));
    OK(d, spiegel_delivery_add_item(d, m, S("1"), S("3")));
    OK(d, spiegel_delivery_add_item(d, m, S("16"), S("5")));
    OK(d, spiegel_delivery_add_loose_meting(d, a, S(CQI), S("2024-04-02"), &m));
    OK(d, spiegel_delivery_add_item(d, m, S("1"), S("2")));

    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("87654321"), &b));
    OK(d, spiegel_delivery_add_zorgtraject(d, b, S("REF-B-1"), S("2024-01-01"), S("2024-01-01"),
                                           NONE, &t));
    OK(d, spiegel_delivery_add_primair(d, t, S("D5_2.01"), S("2024-01-01")));
    OK(d, spiegel_delivery_add_loose_meting(d, b, S(CQI), S("2024-01-15"), &m));
    OK(d, spiegel_delivery_add_item(d, m, S("5"), S("1")));
    return d;
}

#endif
