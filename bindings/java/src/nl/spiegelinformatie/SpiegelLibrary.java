package nl.spiegelinformatie;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The raw C ABI of include/spiegelinformatie.h, one method per function, for JNA.
 *
 * <p>Mapping (bindings/c/README.md): uint32_t and int32_t are {@code int} (codes and ids are
 * unsigned in C: compare them, do not do arithmetic); size_t is {@code long} (64 bits, right
 * for size_t on 64-bit Linux and Windows; never NativeLong); handles are {@link Pointer}.
 * Text in is UTF-8 {@code byte[]} + length, never {@code String} (JNA would encode it in the
 * platform charset, corrupt under LANG=C). Text out is a {@code byte[]} buffer, its length and
 * the length written. JNA's default calling convention is cdecl, as the library wants.
 */
public interface SpiegelLibrary extends Library {
    /** SPIEGEL_ABI_VERSION of the header this interface was written for. */
    int ABI_VERSION = 1;

    /**
     * The library, loaded on first use from jna.library.path, the system's library path or the
     * class path (see NativeLoader); a failed load is tried again on the next call.
     */
    SpiegelLibrary INSTANCE = NativeLoader.lazy();

    /** spiegel_write_callback: return 0 to go on, nonzero to stop. */
    interface WriteCallback extends Callback {
        int invoke(Pointer user, Pointer data, long len);
    }

    int spiegel_delivery_new(PointerByReference outDelivery);

    void spiegel_delivery_free(Pointer delivery);

    int spiegel_delivery_last_error(Pointer delivery, byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_delivery_set_quarter(Pointer delivery, byte[] quarter, long quarterLen);

    int spiegel_delivery_set_quarter_number(Pointer delivery, int year, int number);

    int spiegel_delivery_set_datum_creatie(Pointer delivery, byte[] datumCreatie, long datumCreatieLen);

    int spiegel_delivery_set_drop_children_after_quarter(Pointer delivery, int drop);

    int spiegel_delivery_set_leave_out_unrepresentable(Pointer delivery, int leaveOut);

    int spiegel_delivery_set_language(Pointer delivery, int language);

    int spiegel_stream_set_language(Pointer stream, int language);

    int spiegel_report_set_language(Pointer report, int language);

    int spiegel_set_thread_language(int language);

    int spiegel_delivery_add_zorgaanbieder(Pointer delivery, byte[] zorgaanbiederCode, long zorgaanbiederCodeLen,
            IntByReference outId);

    int spiegel_delivery_add_zorgtraject(Pointer delivery, int zorgaanbiederId, byte[] vendorKey, long vendorKeyLen,
            byte[] begindatum, long begindatumLen, byte[] einddatum, long einddatumLen, byte[] groepCode,
            long groepCodeLen, IntByReference outId);

    int spiegel_delivery_add_primair(Pointer delivery, int zorgtrajectId, byte[] code, long codeLen, byte[] datum,
            long datumLen);

    int spiegel_delivery_add_neven(Pointer delivery, int zorgtrajectId, byte[] code, long codeLen);

    int spiegel_delivery_add_zorgvraagtypering(Pointer delivery, int zorgtrajectId, byte[] codeHonos,
            long codeHonosLen, byte[] code, long codeLen, byte[] datum, long datumLen);

    int spiegel_delivery_add_prestatie(Pointer delivery, int zorgtrajectId, byte[] code, long codeLen, byte[] datum,
            long datumLen);

    int spiegel_delivery_add_meting(Pointer delivery, int zorgtrajectId, byte[] meetinstrumentCode,
            long meetinstrumentCodeLen, byte[] datum, long datumLen, IntByReference outMetingId);

    int spiegel_delivery_add_loose_meting(Pointer delivery, int zorgaanbiederId, byte[] meetinstrumentCode,
            long meetinstrumentCodeLen, byte[] datum, long datumLen, IntByReference outMetingId);

    int spiegel_delivery_add_item(Pointer delivery, int metingId, byte[] itemCode, long itemCodeLen, byte[] score,
            long scoreLen);

    int spiegel_delivery_load_json(Pointer delivery, byte[] json, long jsonLen);

    int spiegel_abi_version();

    int spiegel_version(byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_result_text(int code, byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_last_error(byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_schedule_due(int year, int month, int day, IntByReference outYear, IntByReference outQuarter);

    int spiegel_quarter_period(int year, int quarter, IntByReference outFirstDay, IntByReference outLastDay);

    void spiegel_report_free(Pointer report);

    int spiegel_report_count(Pointer report, LongByReference outCount);

    int spiegel_report_count_severity(Pointer report, int severity, LongByReference outCount);

    int spiegel_report_severity(Pointer report, long index, IntByReference outSeverity);

    int spiegel_report_rule(Pointer report, long index, byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_report_path(Pointer report, long index, byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_report_vendor_key(Pointer report, long index, byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_report_attribute(Pointer report, long index, byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_report_value(Pointer report, long index, byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_report_message(Pointer report, long index, byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_report_occurrences(Pointer report, long index, LongByReference outCount);

    int spiegel_report_location_count(Pointer report, long index, LongByReference outCount);

    int spiegel_report_location(Pointer report, long index, long location, byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_report_not_listed(Pointer report, LongByReference outCount);

    int spiegel_report_write_csv(Pointer report, byte[] path, long pathLen);

    int spiegel_report_write_json(Pointer report, byte[] path, long pathLen);

    int spiegel_report_csv(Pointer report, byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_report_json(Pointer report, byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_report_summary(Pointer report, int withInfo, byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_delivery_validate(Pointer delivery, PointerByReference outReport);

    int spiegel_delivery_write_file(Pointer delivery, byte[] path, long pathLen, PointerByReference outReport);

    int spiegel_delivery_write_buffer(Pointer delivery, byte[] buf, long bufLen, LongByReference outLen,
            PointerByReference outReport);

    int spiegel_delivery_write_callback(Pointer delivery, WriteCallback callback, Pointer user,
            PointerByReference outReport);

    int spiegel_delivery_load_jsonl(Pointer delivery, byte[] jsonl, long jsonlLen);

    int spiegel_delivery_load_codelists(Pointer delivery, byte[] path, long pathLen);

    int spiegel_delivery_load_codelist_buffer(Pointer delivery, byte[] list, long listLen);

    int spiegel_delivery_load_organisatie(Pointer delivery, byte[] path, long pathLen);

    int spiegel_delivery_load_organisatie_buffer(Pointer delivery, byte[] organisatie, long organisatieLen);

    int spiegel_delivery_preview(Pointer delivery, int format, int details, byte[] buf, long bufLen,
            LongByReference outLen);

    int spiegel_delivery_preview_file(Pointer delivery, int format, int details, byte[] path, long pathLen);

    int spiegel_preview_xml_file(byte[] path, long pathLen, byte[] codelistsPath, long codelistsPathLen, int format,
            int details, byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_validate_file(byte[] path, long pathLen, byte[] xsdPath, long xsdPathLen, byte[] codelistsPath,
            long codelistsPathLen, byte[] organisatiePath, long organisatiePathLen, PointerByReference outReport);

    int spiegel_schedule_missing(int fromYear, int fromQuarter, byte[] dir, long dirLen, int year, int month, int day,
            byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_stream_new_file(byte[] path, long pathLen, byte[] quarter, long quarterLen, byte[] datumCreatie,
            long datumCreatieLen, PointerByReference outStream);

    int spiegel_stream_new_callback(WriteCallback callback, Pointer user, byte[] quarter, long quarterLen,
            byte[] datumCreatie, long datumCreatieLen, PointerByReference outStream);

    void spiegel_stream_free(Pointer stream);

    int spiegel_stream_last_error(Pointer stream, byte[] buf, long bufLen, LongByReference outLen);

    int spiegel_stream_load_codelists(Pointer stream, byte[] path, long pathLen);

    int spiegel_stream_load_codelist_buffer(Pointer stream, byte[] list, long listLen);

    int spiegel_stream_load_organisatie(Pointer stream, byte[] path, long pathLen);

    int spiegel_stream_load_organisatie_buffer(Pointer stream, byte[] organisatie, long organisatieLen);

    int spiegel_stream_set_drop_children_after_quarter(Pointer stream, int drop);

    int spiegel_stream_set_leave_out_unrepresentable(Pointer stream, int leaveOut);

    int spiegel_stream_start_zorgaanbieder(Pointer stream, byte[] zorgaanbiederCode, long zorgaanbiederCodeLen);

    int spiegel_stream_begin_zorgtraject(Pointer stream, byte[] vendorKey, long vendorKeyLen, byte[] begindatum,
            long begindatumLen, byte[] einddatum, long einddatumLen, byte[] groepCode, long groepCodeLen);

    int spiegel_stream_add_primair(Pointer stream, byte[] code, long codeLen, byte[] datum, long datumLen);

    int spiegel_stream_add_neven(Pointer stream, byte[] code, long codeLen);

    int spiegel_stream_add_zorgvraagtypering(Pointer stream, byte[] codeHonos, long codeHonosLen, byte[] code,
            long codeLen, byte[] datum, long datumLen);

    int spiegel_stream_add_prestatie(Pointer stream, byte[] code, long codeLen, byte[] datum, long datumLen);

    int spiegel_stream_add_meting(Pointer stream, byte[] meetinstrumentCode, long meetinstrumentCodeLen,
            byte[] datum, long datumLen);

    int spiegel_stream_add_loose_meting(Pointer stream, byte[] meetinstrumentCode, long meetinstrumentCodeLen,
            byte[] datum, long datumLen);

    int spiegel_stream_add_item(Pointer stream, byte[] itemCode, long itemCodeLen, byte[] score, long scoreLen);

    int spiegel_stream_end_zorgtraject(Pointer stream);

    int spiegel_stream_count_errors(Pointer stream, LongByReference outCount);

    int spiegel_stream_finish(Pointer stream, PointerByReference outReport);
}
