// Spiegelinformatie.cs - C# wrapper over the C ABI of the spiegelinformatie library
// (include/spiegelinformatie.h). One file, no dependencies: add it to your project or build it
// as a library (see README.md).
//
// Rules followed here (bindings/c/README.md): every import is Cdecl; size_t is UIntPtr;
// text goes in as UTF-8 bytes + length (never LPStr, which is ANSI on Windows .NET) and comes
// out through the size-query pattern; handles are SafeHandles whose ReleaseHandle calls the
// library's _free function; every nonzero result becomes a SpiegelException carrying the
// code and the library's message.
//
// Builds with Mono's mcs (C# 7, .NET Framework 4.x) and with the .NET SDK.

using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace Spiegelinformatie
{
    /// <summary>The result codes of the C ABI (SPIEGEL_* in spiegelinformatie.h).</summary>
    public static class ResultCode
    {
        public const uint Ok = 0;
        public const uint NullArgument = 1;
        public const uint InvalidUtf8 = 2;
        public const uint InteriorNul = 3;
        public const uint InvalidValue = 4;
        public const uint NotFound = 5;
        public const uint InvalidQuarter = 6;
        public const uint WrongState = 7;
        public const uint InvalidInput = 8;
        public const uint DeliveryHasErrors = 9;
        public const uint Io = 10;
        public const uint BufferTooSmall = 11;
        public const uint Panic = 12;
        public const uint TooManyRecords = 13;
        public const uint InvalidCodelist = 14;
        public const uint InvalidSchema = 15;
        public const uint Unsupported = 16;
        public const uint UnknownLanguage = 18;
    }

    /// <summary>The language of messages, summaries and exports (SPIEGEL_LANG_*). Rule ids,
    /// CSV headers and JSON keys are the same in every language.</summary>
    public enum Language : uint
    {
        English = 0,
        Dutch = 1,
    }

    /// <summary>The preview formats (SPIEGEL_PREVIEW_* in spiegelinformatie.h).</summary>
    public static class PreviewFormat
    {
        /// <summary>A readable text table.</summary>
        public const uint Text = 1;
        /// <summary>JSON (keys kwartaal, drempel, groepen, losse_metingen).</summary>
        public const uint Json = 2;
        /// <summary>CSV, one row per groep_code.</summary>
        public const uint Csv = 3;
        /// <summary>A self-contained HTML page with a bar chart per groep_code.</summary>
        public const uint Html = 4;
    }

    /// <summary>Severity of a diagnostic (SPIEGEL_SEVERITY_*).</summary>
    public enum Severity : uint
    {
        /// <summary>Blocks the file.</summary>
        Error = 1,
        /// <summary>Worth a look; the file is still written.</summary>
        Warning = 2,
        /// <summary>Something the library did (a record left out, by the rules).</summary>
        Info = 3,
    }

    /// <summary>Owns a spiegel_delivery pointer; frees it with spiegel_delivery_free.</summary>
    public sealed class DeliveryHandle : SafeHandle
    {
        public DeliveryHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        protected override bool ReleaseHandle()
        {
            NativeMethods.spiegel_delivery_free(handle);
            return true;
        }
    }

    /// <summary>Owns a spiegel_report pointer; frees it with spiegel_report_free.</summary>
    public sealed class ReportHandle : SafeHandle
    {
        public ReportHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        protected override bool ReleaseHandle()
        {
            NativeMethods.spiegel_report_free(handle);
            return true;
        }
    }

    /// <summary>Owns a spiegel_stream pointer; frees it with spiegel_stream_free (which
    /// discards the output of a stream that was not finished).</summary>
    public sealed class StreamHandle : SafeHandle
    {
        public StreamHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        protected override bool ReleaseHandle()
        {
            NativeMethods.spiegel_stream_free(handle);
            return true;
        }
    }

    /// <summary>
    /// The raw imports, one per function of spiegelinformatie.h. Text in: byte[] (UTF-8, see
    /// Utf8.Encode) + UIntPtr length; text out: byte[] buffer + length + out length.
    /// </summary>
    public static class NativeMethods
    {
        /// <summary>The library name: libspiegelinformatie.so (Linux), spiegelinformatie.dll
        /// (Windows). The NuGet package puts it where the runtime looks (runtimes/RID/native);
        /// otherwise put it next to the program, on LD_LIBRARY_PATH, or name it in a dllmap
        /// (Mono). This assembly is Spiegelinformatie.Net.dll: Windows file names ignore case,
        /// so it cannot be called Spiegelinformatie.dll next to spiegelinformatie.dll.</summary>
        public const string Library = "spiegelinformatie";

        /// <summary>SPIEGEL_ABI_VERSION of the header this wrapper was written for.</summary>
        public const uint AbiVersion = 1;

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int WriteCallback(IntPtr user, IntPtr data, UIntPtr len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_new(out DeliveryHandle delivery);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern void spiegel_delivery_free(IntPtr delivery);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_last_error(DeliveryHandle delivery, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_set_quarter(DeliveryHandle delivery, byte[] quarter, UIntPtr quarterLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_set_quarter_number(DeliveryHandle delivery, int year, uint number);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_set_datum_creatie(DeliveryHandle delivery, byte[] datumCreatie, UIntPtr datumCreatieLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_set_drop_children_after_quarter(DeliveryHandle delivery, uint drop);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_set_leave_out_unrepresentable(DeliveryHandle delivery, uint leaveOut);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_set_language(DeliveryHandle delivery, uint language);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_set_language(StreamHandle stream, uint language);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_set_language(ReportHandle report, uint language);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_set_thread_language(uint language);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_add_zorgaanbieder(DeliveryHandle delivery, byte[] zorgaanbiederCode, UIntPtr zorgaanbiederCodeLen, out uint id);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_add_zorgtraject(DeliveryHandle delivery, uint zorgaanbiederId,
            byte[] vendorKey, UIntPtr vendorKeyLen, byte[] begindatum, UIntPtr begindatumLen,
            byte[] einddatum, UIntPtr einddatumLen, byte[] groepCode, UIntPtr groepCodeLen, out uint id);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_add_primair(DeliveryHandle delivery, uint zorgtrajectId,
            byte[] code, UIntPtr codeLen, byte[] datum, UIntPtr datumLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_add_neven(DeliveryHandle delivery, uint zorgtrajectId, byte[] code, UIntPtr codeLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_add_zorgvraagtypering(DeliveryHandle delivery, uint zorgtrajectId,
            byte[] codeHonos, UIntPtr codeHonosLen, byte[] code, UIntPtr codeLen, byte[] datum, UIntPtr datumLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_add_prestatie(DeliveryHandle delivery, uint zorgtrajectId,
            byte[] code, UIntPtr codeLen, byte[] datum, UIntPtr datumLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_add_meting(DeliveryHandle delivery, uint zorgtrajectId,
            byte[] meetinstrumentCode, UIntPtr meetinstrumentCodeLen, byte[] datum, UIntPtr datumLen, out uint metingId);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_add_loose_meting(DeliveryHandle delivery, uint zorgaanbiederId,
            byte[] meetinstrumentCode, UIntPtr meetinstrumentCodeLen, byte[] datum, UIntPtr datumLen, out uint metingId);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_add_item(DeliveryHandle delivery, uint metingId,
            byte[] itemCode, UIntPtr itemCodeLen, byte[] score, UIntPtr scoreLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_load_json(DeliveryHandle delivery, byte[] json, UIntPtr jsonLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_abi_version();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_version(byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_result_text(uint code, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_last_error(byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_schedule_due(int year, uint month, uint day, out int outYear, out uint outQuarter);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_quarter_period(int year, uint quarter, out uint outFirstDay, out uint outLastDay);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern void spiegel_report_free(IntPtr report);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_count(ReportHandle report, out UIntPtr count);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_count_severity(ReportHandle report, uint severity, out UIntPtr count);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_severity(ReportHandle report, UIntPtr index, out uint severity);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_rule(ReportHandle report, UIntPtr index, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_path(ReportHandle report, UIntPtr index, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_vendor_key(ReportHandle report, UIntPtr index, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_attribute(ReportHandle report, UIntPtr index, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_value(ReportHandle report, UIntPtr index, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_message(ReportHandle report, UIntPtr index, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_occurrences(ReportHandle report, UIntPtr index, out ulong count);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_location_count(ReportHandle report, UIntPtr index, out UIntPtr count);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_location(ReportHandle report, UIntPtr index, UIntPtr location, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_not_listed(ReportHandle report, out ulong count);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_write_csv(ReportHandle report, byte[] path, UIntPtr pathLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_write_json(ReportHandle report, byte[] path, UIntPtr pathLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_csv(ReportHandle report, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_json(ReportHandle report, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_report_summary(ReportHandle report, uint withInfo, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_validate(DeliveryHandle delivery, out ReportHandle report);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_write_file(DeliveryHandle delivery, byte[] path, UIntPtr pathLen, out ReportHandle report);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_write_buffer(DeliveryHandle delivery, byte[] buf, UIntPtr bufLen, out UIntPtr outLen, out ReportHandle report);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_write_callback(DeliveryHandle delivery, WriteCallback callback, IntPtr user, out ReportHandle report);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_load_jsonl(DeliveryHandle delivery, byte[] jsonl, UIntPtr jsonlLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_load_codelists(DeliveryHandle delivery, byte[] path, UIntPtr pathLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_load_codelist_buffer(DeliveryHandle delivery, byte[] list, UIntPtr listLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_load_organisatie(DeliveryHandle delivery, byte[] path, UIntPtr pathLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_load_organisatie_buffer(DeliveryHandle delivery, byte[] organisatie, UIntPtr organisatieLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_preview(DeliveryHandle delivery, uint format, uint details, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_delivery_preview_file(DeliveryHandle delivery, uint format, uint details, byte[] path, UIntPtr pathLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_preview_xml_file(byte[] path, UIntPtr pathLen, byte[] codelistsPath, UIntPtr codelistsPathLen,
            uint format, uint details, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_validate_file(byte[] path, UIntPtr pathLen, byte[] xsdPath, UIntPtr xsdPathLen,
            byte[] codelistsPath, UIntPtr codelistsPathLen, byte[] organisatiePath, UIntPtr organisatiePathLen, out ReportHandle report);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_schedule_missing(int fromYear, uint fromQuarter, byte[] dir, UIntPtr dirLen,
            int year, uint month, uint day, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_new_file(byte[] path, UIntPtr pathLen, byte[] quarter, UIntPtr quarterLen,
            byte[] datumCreatie, UIntPtr datumCreatieLen, out StreamHandle stream);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_new_callback(WriteCallback callback, IntPtr user, byte[] quarter, UIntPtr quarterLen,
            byte[] datumCreatie, UIntPtr datumCreatieLen, out StreamHandle stream);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern void spiegel_stream_free(IntPtr stream);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_last_error(StreamHandle stream, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_load_codelists(StreamHandle stream, byte[] path, UIntPtr pathLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_load_codelist_buffer(StreamHandle stream, byte[] list, UIntPtr listLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_load_organisatie(StreamHandle stream, byte[] path, UIntPtr pathLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_load_organisatie_buffer(StreamHandle stream, byte[] organisatie, UIntPtr organisatieLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_set_drop_children_after_quarter(StreamHandle stream, uint drop);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_set_leave_out_unrepresentable(StreamHandle stream, uint leaveOut);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_start_zorgaanbieder(StreamHandle stream, byte[] zorgaanbiederCode, UIntPtr zorgaanbiederCodeLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_begin_zorgtraject(StreamHandle stream, byte[] vendorKey, UIntPtr vendorKeyLen,
            byte[] begindatum, UIntPtr begindatumLen, byte[] einddatum, UIntPtr einddatumLen, byte[] groepCode, UIntPtr groepCodeLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_add_primair(StreamHandle stream, byte[] code, UIntPtr codeLen, byte[] datum, UIntPtr datumLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_add_neven(StreamHandle stream, byte[] code, UIntPtr codeLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_add_zorgvraagtypering(StreamHandle stream, byte[] codeHonos, UIntPtr codeHonosLen,
            byte[] code, UIntPtr codeLen, byte[] datum, UIntPtr datumLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_add_prestatie(StreamHandle stream, byte[] code, UIntPtr codeLen, byte[] datum, UIntPtr datumLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_add_meting(StreamHandle stream, byte[] meetinstrumentCode, UIntPtr meetinstrumentCodeLen,
            byte[] datum, UIntPtr datumLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_add_loose_meting(StreamHandle stream, byte[] meetinstrumentCode, UIntPtr meetinstrumentCodeLen,
            byte[] datum, UIntPtr datumLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_add_item(StreamHandle stream, byte[] itemCode, UIntPtr itemCodeLen, byte[] score, UIntPtr scoreLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_end_zorgtraject(StreamHandle stream);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_count_errors(StreamHandle stream, out UIntPtr count);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint spiegel_stream_finish(StreamHandle stream, out ReportHandle report);
    }

    /// <summary>UTF-8 in both directions, as the ABI wants it.</summary>
    internal static class Utf8
    {
        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        /// <summary>
        /// The UTF-8 bytes of <paramref name="text"/> in an array one byte longer (a NUL the
        /// library never reads), so that even "" is passed as a non-null pointer; null stays
        /// null (an absent optional text). <paramref name="length"/> never counts the NUL.
        /// </summary>
        internal static byte[] Encode(string text, out UIntPtr length)
        {
            if (text == null)
            {
                length = UIntPtr.Zero;
                return null;
            }
            int count = Strict.GetByteCount(text);
            var bytes = new byte[count + 1];
            Strict.GetBytes(text, 0, text.Length, bytes, 0);
            length = (UIntPtr)(uint)count;
            return bytes;
        }

        internal static string Decode(byte[] bytes, int count)
        {
            return Strict.GetString(bytes, 0, count);
        }
    }

    /// <summary>A failed call: the library's result code and its message.</summary>
    public class SpiegelException : Exception
    {
        private static readonly Diagnostic[] None = new Diagnostic[0];

        /// <summary>The SPIEGEL_* result code (see <see cref="ResultCode"/>).</summary>
        public uint Code { get; private set; }

        /// <summary>
        /// For a write refused with DeliveryHasErrors (or failed with Io): every diagnostic of
        /// the report, errors first as the library ordered them. Empty otherwise.
        /// </summary>
        public IReadOnlyList<Diagnostic> Diagnostics { get; private set; }

        public SpiegelException(uint code, string message, IReadOnlyList<Diagnostic> diagnostics = null)
            : base(message)
        {
            Code = code;
            Diagnostics = diagnostics ?? None;
        }

        public override string ToString()
        {
            return "SpiegelException (code " + Code + "): " + Message;
        }
    }

    /// <summary>One entry of a report.</summary>
    public sealed class Diagnostic
    {
        public Severity Severity { get; internal set; }
        /// <summary>Stable rule id, e.g. "agb-code", "item-not-allowed".</summary>
        public string Rule { get; internal set; }
        /// <summary>Where the record is, readable.</summary>
        public string Path { get; internal set; }
        /// <summary>Your vendor key of the trajectory; "" when none.</summary>
        public string VendorKey { get; internal set; }
        /// <summary>The attribute concerned; "" when none.</summary>
        public string Attribute { get; internal set; }
        /// <summary>The offending value as given (masked, e.g. "111 *** ***", when it may hold person data); "" when none.</summary>
        public string Value { get; internal set; }
        /// <summary>What is wrong and what is allowed.</summary>
        public string Message { get; internal set; }
        /// <summary>How many times this diagnostic occurred (identical ones are one entry).</summary>
        public long Occurrences { get; internal set; }
        /// <summary>The first places it occurred (at most 5; the first is <see cref="Path"/>).</summary>
        public IList<string> Locations { get; internal set; }

        public override string ToString()
        {
            return Severity + " [" + Rule + "] " + Path + ": " + Message;
        }
    }

    /// <summary>Library-wide functions: versions, code texts, the reporting calendar.</summary>
    public static class Spiegel
    {
        internal delegate uint TextGetter(byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        private static readonly object AbiLock = new object();
        private static bool abiChecked;

        /// <summary>The ABI version of the loaded library.</summary>
        public static uint AbiVersion { get { return NativeMethods.spiegel_abi_version(); } }

        /// <summary>The language of this thread's messages from calls without a delivery or
        /// stream (ValidateFile, report functions) and of the reports they hand out.</summary>
        public static void SetThreadLanguage(Language language)
        {
            Check(NativeMethods.spiegel_set_thread_language((uint)language));
        }

        /// <summary>
        /// Whether the native library can be loaded and has the ABI version this wrapper was
        /// written for. The runtime tries to load it again on every call until it succeeds, so
        /// this can be asked again after installing the library.
        /// </summary>
        public static bool IsAvailable
        {
            get { return UnavailableReason == null; }
        }

        /// <summary>
        /// Why the native library cannot be used (not found, another architecture, a missing
        /// function, another ABI version), or null when it can.
        /// </summary>
        public static string UnavailableReason
        {
            get
            {
                uint loaded;
                try
                {
                    loaded = NativeMethods.spiegel_abi_version();
                }
                catch (DllNotFoundException e)
                {
                    return "the native library (spiegelinformatie.dll on Windows, libspiegelinformatie.so"
                        + " on Linux) cannot be found or loaded: " + e.Message;
                }
                catch (EntryPointNotFoundException e)
                {
                    return e.Message;
                }
                catch (BadImageFormatException e)
                {
                    return "the native library is for another architecture (64/32-bit): " + e.Message;
                }
                if (loaded != NativeMethods.AbiVersion)
                {
                    return "the native library has ABI version " + loaded + ", this wrapper was written for "
                        + NativeMethods.AbiVersion;
                }
                return null;
            }
        }

        /// <summary>The library version, e.g. "0.1.0".</summary>
        public static string Version
        {
            get { return ThreadCall(NativeMethods.spiegel_version); }
        }

        /// <summary>The generic meaning of a result code.</summary>
        public static string ResultText(uint code)
        {
            UIntPtr len;
            NativeMethods.spiegel_result_text(code, null, UIntPtr.Zero, out len);
            var buf = new byte[(int)(uint)len + 1];
            NativeMethods.spiegel_result_text(code, buf, (UIntPtr)(uint)buf.Length, out len);
            return Utf8.Decode(buf, (int)(uint)len);
        }

        /// <summary>The message of the last call on this thread ("" after a success).</summary>
        public static string LastError
        {
            get
            {
                return ReadText(NativeMethods.spiegel_last_error, null) ?? "";
            }
        }

        /// <summary>The quarter whose file is due on <paramref name="date"/> (e.g. on 2025-01-15:
        /// 2024, 4).</summary>
        public static void DueQuarter(DateTime date, out int year, out int quarter)
        {
            uint q;
            Check(NativeMethods.spiegel_schedule_due(date.Year, (uint)date.Month, (uint)date.Day, out year, out q));
            quarter = (int)q;
        }

        /// <summary>The first and last day of quarter <paramref name="quarter"/> (1..4) of
        /// <paramref name="year"/>.</summary>
        public static void QuarterPeriod(int year, int quarter, out DateTime firstDay, out DateTime lastDay)
        {
            uint first, last;
            Check(NativeMethods.spiegel_quarter_period(year, unchecked((uint)quarter), out first, out last));
            firstDay = new DateTime((int)(first / 10000), (int)(first / 100 % 100), (int)(first % 100));
            lastDay = new DateTime((int)(last / 10000), (int)(last / 100 % 100), (int)(last % 100));
        }

        /// <summary>
        /// Validates the Spiegelinformatie XML file at <paramref name="path"/> as the PVM would
        /// receive it: the XSD (the bundled one, or <paramref name="xsdPath"/>), the reader, and
        /// every content rule for the quarter the file covers, with the code lists of
        /// <paramref name="codeListsPath"/> (a directory or one list file; null: bundled) and
        /// the organisation structure of <paramref name="organisatiePath"/> (null: none).
        /// Like Delivery.Validate it does not throw for errors in the file: it returns the
        /// report either way, and report.Errors == 0 means the file is valid. Throws
        /// SpiegelException when the file cannot be checked at all (Io, InvalidSchema,
        /// InvalidCodelist, Unsupported).
        /// </summary>
        public static Report ValidateFile(string path, string xsdPath = null, string codeListsPath = null, string organisatiePath = null)
        {
            if (path == null) throw new ArgumentNullException("path");
            EnsureAbi();
            UIntPtr pn, xn, cn, on;
            var p = Utf8.Encode(path, out pn);
            var x = Utf8.Encode(OptionalText(xsdPath), out xn);
            var c = Utf8.Encode(OptionalText(codeListsPath), out cn);
            var o = Utf8.Encode(OptionalText(organisatiePath), out on);
            ReportHandle r;
            uint code = NativeMethods.spiegel_validate_file(p, pn, x, xn, c, cn, o, on, out r);
            if ((code == ResultCode.Ok || code == ResultCode.DeliveryHasErrors) && r != null && !r.IsInvalid) return new Report(r);
            throw Failure(code, MessageOr(LastError, code), r);
        }

        /// <summary>
        /// The preview of an existing XML file (everything in it counts as delivered, for the
        /// quarter it covers). <paramref name="codeListsPath"/>: null for the bundled lists;
        /// <paramref name="format"/>: a <see cref="PreviewFormat"/>; <paramref name="details"/>
        /// adds every trajectory (text, JSON). The file is not validated (see ValidateFile).
        /// </summary>
        public static string PreviewXmlFile(string path, string codeListsPath, uint format, bool details = false)
        {
            if (path == null) throw new ArgumentNullException("path");
            EnsureAbi();
            UIntPtr pn, cn;
            var p = Utf8.Encode(path, out pn);
            var c = Utf8.Encode(OptionalText(codeListsPath), out cn);
            uint d = details ? 1u : 0u;
            return ThreadCall((byte[] b, UIntPtr l, out UIntPtr o) => NativeMethods.spiegel_preview_xml_file(p, pn, c, cn, format, d, b, l, out o));
        }

        /// <summary>
        /// The quarters from <paramref name="fromQuarter"/> of <paramref name="fromYear"/> up to
        /// the one due on <paramref name="year"/>-<paramref name="month"/>-<paramref name="day"/>
        /// that have no file in <paramref name="dir"/> yet, in order, as "2024-Q1" texts; empty
        /// when none is missing.
        /// </summary>
        public static IList<string> ScheduleMissing(int fromYear, int fromQuarter, string dir, int year, int month, int day)
        {
            if (dir == null) throw new ArgumentNullException("dir");
            EnsureAbi();
            UIntPtr dn;
            var dirBytes = Utf8.Encode(dir, out dn);
            string text = ThreadCall((byte[] b, UIntPtr l, out UIntPtr o) => NativeMethods.spiegel_schedule_missing(
                fromYear, unchecked((uint)fromQuarter), dirBytes, dn, year, unchecked((uint)month), unchecked((uint)day), b, l, out o));
            return text.Length == 0 ? new List<string>() : new List<string>(text.Split(','));
        }

        /// <summary>ScheduleMissing up to the quarter due on <paramref name="date"/>.</summary>
        public static IList<string> ScheduleMissing(int fromYear, int fromQuarter, string dir, DateTime date)
        {
            return ScheduleMissing(fromYear, fromQuarter, dir, date.Year, date.Month, date.Day);
        }

        /// <summary>Throws when the loaded library has another ABI than this wrapper.</summary>
        internal static void EnsureAbi()
        {
            lock (AbiLock)
            {
                if (abiChecked) return;
                uint loaded = NativeMethods.spiegel_abi_version();
                if (loaded != NativeMethods.AbiVersion)
                {
                    throw new InvalidOperationException(
                        "libspiegelinformatie has ABI version " + loaded + ", this wrapper was written for "
                        + NativeMethods.AbiVersion);
                }
                abiChecked = true;
            }
        }

        /// <summary>Throws a SpiegelException with the thread's last error unless code is OK.</summary>
        internal static void Check(uint code)
        {
            if (code != ResultCode.Ok) throw new SpiegelException(code, MessageOr(LastError, code));
        }

        /// <summary>Optional text: null and "" both mean absent.</summary>
        internal static string OptionalText(string value)
        {
            return string.IsNullOrEmpty(value) ? null : value;
        }

        /// <summary>The exception for a failed write, validation or finish, with the report's
        /// diagnostics copied in (the report itself is freed).</summary>
        internal static SpiegelException Failure(uint code, string message, ReportHandle r)
        {
            List<Diagnostic> diagnostics = null;
            if (r != null && !r.IsInvalid)
            {
                using (var report = new Report(r)) diagnostics = report.ToList();
            }
            else if (r != null)
            {
                r.Dispose();
            }
            return new SpiegelException(code, message, diagnostics);
        }

        internal static string MessageOr(string message, uint code)
        {
            return string.IsNullOrEmpty(message) ? ResultText(code) : message;
        }

        /// <summary>A text through the size-query pattern, failures from the thread's last error.</summary>
        internal static string ThreadCall(TextGetter get)
        {
            return ReadText(get, code => new SpiegelException(code, MessageOr(LastError, code)));
        }

        /// <summary>
        /// The size-query pattern: ask with (null, 0), allocate out_len + 1, ask again (and again
        /// if the text grew meanwhile). Other codes go to <paramref name="fail"/> (null: give null).
        /// </summary>
        internal static string ReadText(TextGetter get, Func<uint, Exception> fail)
        {
            UIntPtr len;
            uint code = get(null, UIntPtr.Zero, out len);
            while (true)
            {
                if (code == ResultCode.Ok && len == UIntPtr.Zero) return "";
                if (code != ResultCode.Ok && code != ResultCode.BufferTooSmall)
                {
                    if (fail == null) return null;
                    throw fail(code);
                }
                var buf = new byte[(int)(uint)len + 1];
                code = get(buf, (UIntPtr)(uint)buf.Length, out len);
                if (code == ResultCode.Ok) return Utf8.Decode(buf, (int)(uint)len);
            }
        }
    }

    /// <summary>
    /// The diagnostics of one validation or write. Read-only, safe to read from several
    /// threads; Dispose it (or let the finalizer free it).
    /// </summary>
    public sealed class Report : IDisposable, IReadOnlyList<Diagnostic>
    {
        private readonly ReportHandle handle;

        internal Report(ReportHandle handle)
        {
            this.handle = handle;
        }

        /// <summary>The underlying handle, for calls to NativeMethods.</summary>
        public ReportHandle Handle { get { return handle; } }

        public void Dispose()
        {
            handle.Dispose();
        }

        /// <summary>Sets the language of the messages, paths, summary and exports (a report
        /// starts in the language of the delivery or stream it came from).</summary>
        public void SetLanguage(Language language)
        {
            Spiegel.Check(NativeMethods.spiegel_report_set_language(handle, (uint)language));
        }

        /// <summary>Number of entries, all severities: identical diagnostics are one entry
        /// with its <see cref="Diagnostic.Occurrences"/>.</summary>
        public int Count
        {
            get
            {
                UIntPtr n;
                Spiegel.Check(NativeMethods.spiegel_report_count(handle, out n));
                return checked((int)(ulong)n);
            }
        }

        /// <summary>Diagnostics counted but not kept (past the report's 10,000 entries).</summary>
        public long NotListed
        {
            get
            {
                ulong n;
                Spiegel.Check(NativeMethods.spiegel_report_not_listed(handle, out n));
                return checked((long)n);
            }
        }

        /// <summary>Number of diagnostics of one severity, every occurrence counted.</summary>
        public int CountOf(Severity severity)
        {
            UIntPtr n;
            Spiegel.Check(NativeMethods.spiegel_report_count_severity(handle, (uint)severity, out n));
            return checked((int)(ulong)n);
        }

        public int Errors { get { return CountOf(Severity.Error); } }
        public int Warnings { get { return CountOf(Severity.Warning); } }

        /// <summary>Diagnostic <paramref name="index"/> (0-based), read from the library.</summary>
        public Diagnostic this[int index]
        {
            get
            {
                int count = Count;
                if (index < 0 || index >= count)
                    throw new ArgumentOutOfRangeException("index", index, "the report has " + count + " diagnostics");
                var i = (UIntPtr)(uint)index;
                uint severity;
                Spiegel.Check(NativeMethods.spiegel_report_severity(handle, i, out severity));
                return new Diagnostic
                {
                    Severity = (Severity)severity,
                    Rule = Field(NativeMethods.spiegel_report_rule, i),
                    Path = Field(NativeMethods.spiegel_report_path, i),
                    VendorKey = Field(NativeMethods.spiegel_report_vendor_key, i),
                    Attribute = Field(NativeMethods.spiegel_report_attribute, i),
                    Value = Field(NativeMethods.spiegel_report_value, i),
                    Message = Field(NativeMethods.spiegel_report_message, i),
                    Occurrences = OccurrencesOf(i),
                    Locations = LocationsOf(i),
                };
            }
        }

        private long OccurrencesOf(UIntPtr i)
        {
            ulong n;
            Spiegel.Check(NativeMethods.spiegel_report_occurrences(handle, i, out n));
            return checked((long)n);
        }

        private IList<string> LocationsOf(UIntPtr i)
        {
            UIntPtr n;
            Spiegel.Check(NativeMethods.spiegel_report_location_count(handle, i, out n));
            var places = new List<string>();
            for (uint j = 0; j < (ulong)n; j++)
            {
                var at = (UIntPtr)j;
                places.Add(Spiegel.ThreadCall((byte[] b, UIntPtr l, out UIntPtr o) => NativeMethods.spiegel_report_location(handle, i, at, b, l, out o)));
            }
            return places.AsReadOnly();
        }

        public IEnumerator<Diagnostic> GetEnumerator()
        {
            int count = Count;
            for (int i = 0; i < count; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator()
        {
            return GetEnumerator();
        }

        /// <summary>The diagnostics as CSV (header row, one diagnostic per row).</summary>
        public string ToCsv()
        {
            return Spiegel.ThreadCall((byte[] b, UIntPtr l, out UIntPtr o) => NativeMethods.spiegel_report_csv(handle, b, l, out o));
        }

        /// <summary>The report as JSON.</summary>
        public string ToJson()
        {
            return Spiegel.ThreadCall((byte[] b, UIntPtr l, out UIntPtr o) => NativeMethods.spiegel_report_json(handle, b, l, out o));
        }

        /// <summary>A readable summary; the info lines too when <paramref name="withInfo"/>.</summary>
        public string Summary(bool withInfo = false)
        {
            uint info = withInfo ? 1u : 0u;
            return Spiegel.ThreadCall((byte[] b, UIntPtr l, out UIntPtr o) => NativeMethods.spiegel_report_summary(handle, info, b, l, out o));
        }

        /// <summary>Writes the CSV export to <paramref name="path"/>, atomically.</summary>
        public void WriteCsv(string path)
        {
            UIntPtr len;
            var bytes = Utf8.Encode(path, out len);
            Spiegel.Check(NativeMethods.spiegel_report_write_csv(handle, bytes, len));
        }

        /// <summary>Writes the JSON export to <paramref name="path"/>, atomically.</summary>
        public void WriteJson(string path)
        {
            UIntPtr len;
            var bytes = Utf8.Encode(path, out len);
            Spiegel.Check(NativeMethods.spiegel_report_write_json(handle, bytes, len));
        }

        /// <summary>Every diagnostic, copied into managed objects.</summary>
        public List<Diagnostic> ToList()
        {
            return new List<Diagnostic>(this);
        }

        private delegate uint FieldGetter(ReportHandle r, UIntPtr index, byte[] buf, UIntPtr bufLen, out UIntPtr outLen);

        private string Field(FieldGetter get, UIntPtr index)
        {
            return Spiegel.ThreadCall((byte[] b, UIntPtr l, out UIntPtr o) => get(handle, index, b, l, out o));
        }
    }

    /// <summary>
    /// A delivery being built, one record per call. Not thread-safe: use one Delivery from one
    /// thread at a time (different deliveries may be used on different threads).
    /// </summary>
    public sealed class Delivery : IDisposable
    {
        private readonly DeliveryHandle handle;

        /// <summary>An empty delivery. Checks the library's ABI version on first use.</summary>
        public Delivery()
        {
            Spiegel.EnsureAbi();
            DeliveryHandle h;
            uint code = NativeMethods.spiegel_delivery_new(out h);
            if (code != ResultCode.Ok)
            {
                if (h != null) h.Dispose();
                throw new SpiegelException(code, Spiegel.MessageOr(Spiegel.LastError, code));
            }
            handle = h;
        }

        /// <summary>The underlying handle, for calls to NativeMethods.</summary>
        public DeliveryHandle Handle { get { return handle; } }

        public void Dispose()
        {
            handle.Dispose();
        }

        /// <summary>The message of the last call on this delivery ("" after a success).</summary>
        public string LastError
        {
            get
            {
                return Spiegel.ReadText((byte[] b, UIntPtr l, out UIntPtr o) => NativeMethods.spiegel_delivery_last_error(handle, b, l, out o), null) ?? "";
            }
        }

        /// <summary>Sets the quarter: "2024-Q1" (also "2024Q1", "2024-q1").</summary>
        public void SetQuarter(string quarter)
        {
            UIntPtr n;
            var q = Utf8.Encode(Required(quarter, "quarter"), out n);
            Check(NativeMethods.spiegel_delivery_set_quarter(handle, q, n));
        }

        /// <summary>Sets the quarter from numbers: year 1000..9999, number 1..4.</summary>
        public void SetQuarter(int year, int number)
        {
            Check(NativeMethods.spiegel_delivery_set_quarter_number(handle, year, unchecked((uint)number)));
        }

        /// <summary>Fixes datum_creatie: "YYYY-MM-DDTHH:MM:SS" (local time, no offset).</summary>
        public void SetDatumCreatie(string datumCreatie)
        {
            UIntPtr n;
            var d = Utf8.Encode(Required(datumCreatie, "datumCreatie"), out n);
            Check(NativeMethods.spiegel_delivery_set_datum_creatie(handle, d, n));
        }

        /// <summary>Fixes datum_creatie from a DateTime (to the second).</summary>
        public void SetDatumCreatie(DateTime datumCreatie)
        {
            SetDatumCreatie(datumCreatie.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        }

        /// <summary>True: leave out child records dated after the quarter. Default false.</summary>
        public void SetDropChildrenAfterQuarter(bool drop)
        {
            Check(NativeMethods.spiegel_delivery_set_drop_children_after_quarter(handle, drop ? 1u : 0u));
        }

        /// <summary>True: write the file all the same when records cannot be represented
        /// ("Lever alles aan wat je hebt"): the trajectory a refused record belongs to (or the
        /// loose meting, or the zorgaanbieder) is left out, its error becomes a warning and a
        /// record-left-out info counts them. The call that refuses a record still throws.
        /// Default false: a refused record blocks the file.</summary>
        public void SetLeaveOutUnrepresentable(bool leaveOut)
        {
            Check(NativeMethods.spiegel_delivery_set_leave_out_unrepresentable(handle, leaveOut ? 1u : 0u));
        }

        private Language language = Language.English;

        /// <summary>The language of LastError, of exception messages and of the reports this
        /// delivery hands out from now on. Default English.</summary>
        public Language Language
        {
            get { return language; }
            set
            {
                Check(NativeMethods.spiegel_delivery_set_language(handle, (uint)value));
                language = value;
            }
        }

        /// <summary>Adds a zorgaanbieder (AGB code, 8 digits); returns its id.</summary>
        public uint AddZorgaanbieder(string zorgaanbiederCode)
        {
            UIntPtr n;
            var c = Utf8.Encode(Required(zorgaanbiederCode, "zorgaanbiederCode"), out n);
            uint id;
            Check(NativeMethods.spiegel_delivery_add_zorgaanbieder(handle, c, n, out id));
            return id;
        }

        /// <summary>
        /// Adds a zorgtraject; returns its id. vendorKey, einddatum and groepCode are optional
        /// (null = absent). Dates are "YYYY-MM-DD".
        /// </summary>
        public uint AddZorgtraject(uint zorgaanbiederId, string vendorKey, string begindatum, string einddatum = null, string groepCode = null)
        {
            UIntPtr kn, bn, en, gn;
            var k = Utf8.Encode(Optional(vendorKey), out kn);
            var b = Utf8.Encode(Required(begindatum, "begindatum"), out bn);
            var e = Utf8.Encode(Optional(einddatum), out en);
            var g = Utf8.Encode(Optional(groepCode), out gn);
            uint id;
            Check(NativeMethods.spiegel_delivery_add_zorgtraject(handle, zorgaanbiederId, k, kn, b, bn, e, en, g, gn, out id));
            return id;
        }

        /// <summary>Adds a primary diagnosis (DSM-5 code, established on datum).</summary>
        public void AddPrimair(uint zorgtrajectId, string diagnoseCode, string datum)
        {
            UIntPtr cn, dn;
            var c = Utf8.Encode(Required(diagnoseCode, "diagnoseCode"), out cn);
            var d = Utf8.Encode(Required(datum, "datum"), out dn);
            Check(NativeMethods.spiegel_delivery_add_primair(handle, zorgtrajectId, c, cn, d, dn));
        }

        /// <summary>Adds a secondary diagnosis (DSM-5 code).</summary>
        public void AddNeven(uint zorgtrajectId, string diagnoseCode)
        {
            UIntPtr cn;
            var c = Utf8.Encode(Required(diagnoseCode, "diagnoseCode"), out cn);
            Check(NativeMethods.spiegel_delivery_add_neven(handle, zorgtrajectId, c, cn));
        }

        /// <summary>Adds a zorgvraagtypering; either code may be null, not both.</summary>
        public void AddZorgvraagtypering(uint zorgtrajectId, string zorgvraagtypeCodeHonos, string zorgvraagtypeCode, string datum)
        {
            UIntPtr hn, cn, dn;
            var h = Utf8.Encode(Optional(zorgvraagtypeCodeHonos), out hn);
            var c = Utf8.Encode(Optional(zorgvraagtypeCode), out cn);
            var d = Utf8.Encode(Required(datum, "datum"), out dn);
            Check(NativeMethods.spiegel_delivery_add_zorgvraagtypering(handle, zorgtrajectId, h, hn, c, cn, d, dn));
        }

        /// <summary>Adds a prestatie.</summary>
        public void AddPrestatie(uint zorgtrajectId, string prestatieCode, string datum)
        {
            UIntPtr cn, dn;
            var c = Utf8.Encode(Required(prestatieCode, "prestatieCode"), out cn);
            var d = Utf8.Encode(Required(datum, "datum"), out dn);
            Check(NativeMethods.spiegel_delivery_add_prestatie(handle, zorgtrajectId, c, cn, d, dn));
        }

        /// <summary>Adds a meting linked to a zorgtraject; returns its id (for AddItem).</summary>
        public uint AddMeting(uint zorgtrajectId, string meetinstrumentCode, string datum)
        {
            UIntPtr cn, dn;
            var c = Utf8.Encode(Required(meetinstrumentCode, "meetinstrumentCode"), out cn);
            var d = Utf8.Encode(Required(datum, "datum"), out dn);
            uint id;
            Check(NativeMethods.spiegel_delivery_add_meting(handle, zorgtrajectId, c, cn, d, dn, out id));
            return id;
        }

        /// <summary>Adds a loose meting (no trajectory) to a zorgaanbieder; returns its id.</summary>
        public uint AddLooseMeting(uint zorgaanbiederId, string meetinstrumentCode, string datum)
        {
            UIntPtr cn, dn;
            var c = Utf8.Encode(Required(meetinstrumentCode, "meetinstrumentCode"), out cn);
            var d = Utf8.Encode(Required(datum, "datum"), out dn);
            uint id;
            Check(NativeMethods.spiegel_delivery_add_loose_meting(handle, zorgaanbiederId, c, cn, d, dn, out id));
            return id;
        }

        /// <summary>Adds an item to a meting. Items outside the allowed list are left out of the
        /// file with a warning in the report.</summary>
        public void AddItem(uint metingId, string itemCode, string score)
        {
            UIntPtr cn, sn;
            var c = Utf8.Encode(Required(itemCode, "itemCode"), out cn);
            var s = Utf8.Encode(Required(score, "score"), out sn);
            Check(NativeMethods.spiegel_delivery_add_item(handle, metingId, c, cn, s, sn));
        }

        /// <summary>Adds the records of a whole JSON delivery (they get no ids).</summary>
        public void LoadJson(string json)
        {
            UIntPtr n;
            var j = Utf8.Encode(Required(json, "json"), out n);
            Check(NativeMethods.spiegel_delivery_load_json(handle, j, n));
        }

        /// <summary>Adds the records of a JSON Lines delivery (one record per line; they get no
        /// ids). For files too large for memory use <see cref="StreamingDelivery"/>.</summary>
        public void LoadJsonLines(string jsonl)
        {
            UIntPtr n;
            var j = Utf8.Encode(Required(jsonl, "jsonl"), out n);
            Check(NativeMethods.spiegel_delivery_load_jsonl(handle, j, n));
        }

        /// <summary>Loads code lists from a directory (every *.csv replaces the bundled list it
        /// names) or one list file (replaces that list only). On an error nothing changes.</summary>
        public void LoadCodeLists(string path)
        {
            UIntPtr n;
            var p = Utf8.Encode(Required(path, "path"), out n);
            Check(NativeMethods.spiegel_delivery_load_codelists(handle, p, n));
        }

        /// <summary>Loads one code list from the contents of a list file (it replaces the list
        /// its "# list:" line names).</summary>
        public void LoadCodeListText(string text)
        {
            UIntPtr n;
            var t = Utf8.Encode(Required(text, "text"), out n);
            Check(NativeMethods.spiegel_delivery_load_codelist_buffer(handle, t, n));
        }

        /// <summary>Sets the organisation structure from a file (one groep_code per line): every
        /// delivered groep_code must then be on it.</summary>
        public void LoadOrganisatie(string path)
        {
            UIntPtr n;
            var p = Utf8.Encode(Required(path, "path"), out n);
            Check(NativeMethods.spiegel_delivery_load_organisatie(handle, p, n));
        }

        /// <summary>Sets the organisation structure from text (one groep_code per line).</summary>
        public void LoadOrganisatieText(string text)
        {
            UIntPtr n;
            var t = Utf8.Encode(Required(text, "text"), out n);
            Check(NativeMethods.spiegel_delivery_load_organisatie_buffer(handle, t, n));
        }

        /// <summary>
        /// What the PVM will share of the file of the delivery's quarter, per groep_code, as a
        /// <see cref="PreviewFormat"/>; <paramref name="details"/> adds every trajectory (text,
        /// JSON). Throws DeliveryHasErrors when records were refused.
        /// </summary>
        public string Preview(uint format, bool details = false)
        {
            uint d = details ? 1u : 0u;
            return Spiegel.ReadText((byte[] b, UIntPtr l, out UIntPtr o) => NativeMethods.spiegel_delivery_preview(handle, format, d, b, l, out o),
                code => new SpiegelException(code, Spiegel.MessageOr(LastError, code)));
        }

        /// <summary>The preview written to <paramref name="path"/>, atomically.</summary>
        public void PreviewToFile(uint format, bool details, string path)
        {
            UIntPtr n;
            var p = Utf8.Encode(Required(path, "path"), out n);
            Check(NativeMethods.spiegel_delivery_preview_file(handle, format, details ? 1u : 0u, p, n));
        }

        /// <summary>Validates without writing. Never throws for errors in the data: look at
        /// report.Errors (0 means a file can be written).</summary>
        public Report Validate()
        {
            ReportHandle r;
            uint code = NativeMethods.spiegel_delivery_validate(handle, out r);
            if (code == ResultCode.Ok || code == ResultCode.DeliveryHasErrors) return new Report(r);
            throw Failure(code, r);
        }

        /// <summary>Writes the file to <paramref name="path"/> atomically; returns the report
        /// (warnings, info). Throws SpiegelException (with the diagnostics) when it cannot.</summary>
        public Report WriteFile(string path)
        {
            UIntPtr n;
            var p = Utf8.Encode(Required(path, "path"), out n);
            ReportHandle r;
            uint code = NativeMethods.spiegel_delivery_write_file(handle, p, n, out r);
            if (code == ResultCode.Ok) return new Report(r);
            throw Failure(code, r);
        }

        /// <summary>The file as bytes (UTF-8 XML).</summary>
        public byte[] WriteBuffer()
        {
            Report report;
            var bytes = WriteBuffer(out report);
            report.Dispose();
            return bytes;
        }

        /// <summary>The file as bytes, and its report.</summary>
        public byte[] WriteBuffer(out Report report)
        {
            UIntPtr len;
            ReportHandle r;
            uint code = NativeMethods.spiegel_delivery_write_buffer(handle, null, UIntPtr.Zero, out len, out r);
            while (true)
            {
                if (code != ResultCode.BufferTooSmall) throw Failure(code, r);
                if (r != null) r.Dispose();
                // One byte more than the XML, for the NUL the library appends.
                var buf = new byte[(int)(uint)len + 1];
                code = NativeMethods.spiegel_delivery_write_buffer(handle, buf, (UIntPtr)(uint)buf.Length, out len, out r);
                if (code == ResultCode.Ok)
                {
                    report = new Report(r);
                    var xml = new byte[(int)(uint)len];
                    Buffer.BlockCopy(buf, 0, xml, 0, xml.Length);
                    return xml;
                }
            }
        }

        /// <summary>Writes the file into <paramref name="stream"/> in pieces (up to 64 KiB);
        /// returns the report. A stream that throws stops the write; its exception is rethrown.</summary>
        public Report WriteTo(Stream stream)
        {
            if (stream == null) throw new ArgumentNullException("stream");
            Exception thrown = null;
            byte[] chunk = new byte[0];
            NativeMethods.WriteCallback callback = (user, data, len) =>
            {
                try
                {
                    int n = checked((int)(ulong)len);
                    if (chunk.Length < n) chunk = new byte[n];
                    Marshal.Copy(data, chunk, 0, n);
                    stream.Write(chunk, 0, n);
                    return 0;
                }
                catch (Exception e)
                {
                    thrown = e;
                    return 1;
                }
            };
            ReportHandle r;
            uint code = NativeMethods.spiegel_delivery_write_callback(handle, callback, IntPtr.Zero, out r);
            // The delegate must outlive the call: the library calls it only during the call.
            GC.KeepAlive(callback);
            if (thrown != null)
            {
                if (r != null) r.Dispose();
                throw new IOException("writing the file stopped: " + thrown.Message, thrown);
            }
            if (code == ResultCode.Ok) return new Report(r);
            throw Failure(code, r);
        }

        private void Check(uint code)
        {
            if (code != ResultCode.Ok) throw new SpiegelException(code, Spiegel.MessageOr(LastError, code));
        }

        /// <summary>The exception for a failed write/validate, with the report's diagnostics
        /// copied in (the report itself is freed).</summary>
        private SpiegelException Failure(uint code, ReportHandle r)
        {
            return Spiegel.Failure(code, Spiegel.MessageOr(LastError, code), r);
        }

        private static string Required(string value, string name)
        {
            if (value == null) throw new ArgumentNullException(name);
            return value;
        }

        /// <summary>Optional text: null and "" both mean absent.</summary>
        private static string Optional(string value)
        {
            return Spiegel.OptionalText(value);
        }
    }

    /// <summary>
    /// A file written while records are pushed one at a time, in the order of the file: memory
    /// stays bounded by one trajectory. Wraps a spiegel_stream.
    ///
    /// Order: StartZorgaanbieder; per trajectory BeginZorgtraject, its children (AddPrimair,
    /// AddNeven, AddZorgvraagtypering, AddPrestatie, AddMeting + AddItem), EndZorgtraject;
    /// AddLooseMeting (+ AddItem) between trajectories; the next zorgaanbieder; Finish.
    /// Settings (code lists, organisatie, drop children) go before the first zorgaanbieder.
    ///
    /// A refused record (bad date, bad AGB code, ...) throws SpiegelException with code
    /// InvalidValue, but the stream stays usable: it is recorded in the report, and the records
    /// that belong to it (a refused trajectory's children, a refused meting's items) throw
    /// InvalidValue too and are skipped. Catch, go on pushing, and Finish throws
    /// DeliveryHasErrors with every error in Diagnostics; CountErrors tells at any moment
    /// whether Finish will refuse, to stop early instead.
    ///
    /// Dispose without a successful Finish discards the output: the temporary file is deleted
    /// and the target is untouched; for a Stream target, discard what was written unless
    /// Finish returned. Not thread-safe: use one instance from one thread at a time.
    /// </summary>
    public sealed class StreamingDelivery : IDisposable
    {
        private readonly StreamHandle handle;
        // The delegate the library calls for a Stream target: a field, so that it stays alive
        // from the factory until Finish returns (the library may call it during any call).
        private readonly NativeMethods.WriteCallback callback;
        private readonly StreamSink sink;

        private StreamingDelivery(StreamHandle handle, NativeMethods.WriteCallback callback, StreamSink sink)
        {
            this.handle = handle;
            this.callback = callback;
            this.sink = sink;
        }

        /// <summary>
        /// A stream writing the file of <paramref name="quarter"/> ("2024-Q1") to
        /// <paramref name="path"/> through a temporary file in the same directory, renamed over
        /// the target only by a successful Finish. <paramref name="datumCreatie"/>
        /// ("YYYY-MM-DDTHH:MM:SS"; null: the local time now).
        /// </summary>
        public static StreamingDelivery ToFile(string path, string quarter, string datumCreatie = null)
        {
            if (path == null) throw new ArgumentNullException("path");
            if (quarter == null) throw new ArgumentNullException("quarter");
            Spiegel.EnsureAbi();
            UIntPtr pn, qn, dn;
            var p = Utf8.Encode(path, out pn);
            var q = Utf8.Encode(quarter, out qn);
            var d = Utf8.Encode(Spiegel.OptionalText(datumCreatie), out dn);
            StreamHandle h;
            uint code = NativeMethods.spiegel_stream_new_file(p, pn, q, qn, d, dn, out h);
            return Created(code, h, null, null);
        }

        /// <summary>As <see cref="ToFile(string, string, string)"/>, datum_creatie as a DateTime
        /// (written with seconds, whatever the culture).</summary>
        public static StreamingDelivery ToFile(string path, string quarter, DateTime datumCreatie)
        {
            return ToFile(path, quarter, datumCreatie.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        }

        /// <summary>As <see cref="ToStream(Stream, string, string)"/>, datum_creatie as a DateTime.</summary>
        public static StreamingDelivery ToStream(Stream output, string quarter, DateTime datumCreatie)
        {
            return ToStream(output, quarter, datumCreatie.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        }

        /// <summary>
        /// A stream writing the file of <paramref name="quarter"/> into <paramref name="output"/>
        /// in pieces (up to 64 KiB), as records are pushed. Bytes arrive before the last record
        /// is seen: discard them unless Finish returns. An exception from
        /// <paramref name="output"/> stops the stream; the call that hit it throws IOException
        /// with it as InnerException.
        /// </summary>
        public static StreamingDelivery ToStream(Stream output, string quarter, string datumCreatie = null)
        {
            if (output == null) throw new ArgumentNullException("output");
            if (quarter == null) throw new ArgumentNullException("quarter");
            Spiegel.EnsureAbi();
            var sink = new StreamSink(output);
            NativeMethods.WriteCallback callback = sink.Write;
            UIntPtr qn, dn;
            var q = Utf8.Encode(quarter, out qn);
            var d = Utf8.Encode(Spiegel.OptionalText(datumCreatie), out dn);
            StreamHandle h;
            uint code = NativeMethods.spiegel_stream_new_callback(callback, IntPtr.Zero, q, qn, d, dn, out h);
            return Created(code, h, callback, sink);
        }

        private static StreamingDelivery Created(uint code, StreamHandle h, NativeMethods.WriteCallback callback, StreamSink sink)
        {
            if (code != ResultCode.Ok || h == null || h.IsInvalid)
            {
                if (h != null) h.Dispose();
                throw new SpiegelException(code, Spiegel.MessageOr(Spiegel.LastError, code));
            }
            return new StreamingDelivery(h, callback, sink);
        }

        /// <summary>The underlying handle, for calls to NativeMethods.</summary>
        public StreamHandle Handle { get { return handle; } }

        /// <summary>Frees the stream; without a successful Finish its output is discarded.</summary>
        public void Dispose()
        {
            handle.Dispose();
            GC.KeepAlive(callback);
        }

        /// <summary>The message of the last call on this stream ("" after a success).</summary>
        public string LastError
        {
            get
            {
                return Spiegel.ReadText((byte[] b, UIntPtr l, out UIntPtr o) => NativeMethods.spiegel_stream_last_error(handle, b, l, out o), null) ?? "";
            }
        }

        /// <summary>Code lists from a directory or one list file (as Delivery.LoadCodeLists).</summary>
        public void LoadCodeLists(string path)
        {
            UIntPtr n;
            var p = Utf8.Encode(Required(path, "path"), out n);
            Check(NativeMethods.spiegel_stream_load_codelists(handle, p, n));
        }

        /// <summary>One code list from the contents of a list file.</summary>
        public void LoadCodeListText(string text)
        {
            UIntPtr n;
            var t = Utf8.Encode(Required(text, "text"), out n);
            Check(NativeMethods.spiegel_stream_load_codelist_buffer(handle, t, n));
        }

        /// <summary>The organisation structure from a file (one groep_code per line).</summary>
        public void LoadOrganisatie(string path)
        {
            UIntPtr n;
            var p = Utf8.Encode(Required(path, "path"), out n);
            Check(NativeMethods.spiegel_stream_load_organisatie(handle, p, n));
        }

        /// <summary>The organisation structure from text (one groep_code per line).</summary>
        public void LoadOrganisatieText(string text)
        {
            UIntPtr n;
            var t = Utf8.Encode(Required(text, "text"), out n);
            Check(NativeMethods.spiegel_stream_load_organisatie_buffer(handle, t, n));
        }

        /// <summary>True: leave out child records dated after the quarter. Default false.</summary>
        public void SetDropChildrenAfterQuarter(bool drop)
        {
            Check(NativeMethods.spiegel_stream_set_drop_children_after_quarter(handle, drop ? 1u : 0u));
        }

        /// <summary>As Delivery.SetLeaveOutUnrepresentable, for this stream; only before the
        /// first zorgaanbieder.</summary>
        public void SetLeaveOutUnrepresentable(bool leaveOut)
        {
            Check(NativeMethods.spiegel_stream_set_leave_out_unrepresentable(handle, leaveOut ? 1u : 0u));
        }

        private Language language = Language.English;

        /// <summary>The language of LastError, of exception messages and of the report.
        /// Default English.</summary>
        public Language Language
        {
            get { return language; }
            set
            {
                Check(NativeMethods.spiegel_stream_set_language(handle, (uint)value));
                language = value;
            }
        }

        /// <summary>Starts the next zorgaanbieder (AGB code, 8 digits), ending the previous one. A
        /// provider's records must be contiguous.</summary>
        public void StartZorgaanbieder(string zorgaanbiederCode)
        {
            UIntPtr n;
            var c = Utf8.Encode(Required(zorgaanbiederCode, "zorgaanbiederCode"), out n);
            Check(NativeMethods.spiegel_stream_start_zorgaanbieder(handle, c, n));
        }

        /// <summary>Begins a zorgtraject of the current zorgaanbieder; vendorKey, einddatum and
        /// groepCode are optional (null = absent). End it with EndZorgtraject, also after this
        /// call threw InvalidValue.</summary>
        public void BeginZorgtraject(string vendorKey, string begindatum, string einddatum = null, string groepCode = null)
        {
            UIntPtr kn, bn, en, gn;
            var k = Utf8.Encode(Spiegel.OptionalText(vendorKey), out kn);
            var b = Utf8.Encode(Required(begindatum, "begindatum"), out bn);
            var e = Utf8.Encode(Spiegel.OptionalText(einddatum), out en);
            var g = Utf8.Encode(Spiegel.OptionalText(groepCode), out gn);
            Check(NativeMethods.spiegel_stream_begin_zorgtraject(handle, k, kn, b, bn, e, en, g, gn));
        }

        /// <summary>Adds a primary diagnosis to the open zorgtraject.</summary>
        public void AddPrimair(string diagnoseCode, string datum)
        {
            UIntPtr cn, dn;
            var c = Utf8.Encode(Required(diagnoseCode, "diagnoseCode"), out cn);
            var d = Utf8.Encode(Required(datum, "datum"), out dn);
            Check(NativeMethods.spiegel_stream_add_primair(handle, c, cn, d, dn));
        }

        /// <summary>Adds a secondary diagnosis to the open zorgtraject.</summary>
        public void AddNeven(string diagnoseCode)
        {
            UIntPtr cn;
            var c = Utf8.Encode(Required(diagnoseCode, "diagnoseCode"), out cn);
            Check(NativeMethods.spiegel_stream_add_neven(handle, c, cn));
        }

        /// <summary>Adds a zorgvraagtypering to the open zorgtraject; either code may be null,
        /// not both.</summary>
        public void AddZorgvraagtypering(string zorgvraagtypeCodeHonos, string zorgvraagtypeCode, string datum)
        {
            UIntPtr hn, cn, dn;
            var h = Utf8.Encode(Spiegel.OptionalText(zorgvraagtypeCodeHonos), out hn);
            var c = Utf8.Encode(Spiegel.OptionalText(zorgvraagtypeCode), out cn);
            var d = Utf8.Encode(Required(datum, "datum"), out dn);
            Check(NativeMethods.spiegel_stream_add_zorgvraagtypering(handle, h, hn, c, cn, d, dn));
        }

        /// <summary>Adds a prestatie to the open zorgtraject.</summary>
        public void AddPrestatie(string prestatieCode, string datum)
        {
            UIntPtr cn, dn;
            var c = Utf8.Encode(Required(prestatieCode, "prestatieCode"), out cn);
            var d = Utf8.Encode(Required(datum, "datum"), out dn);
            Check(NativeMethods.spiegel_stream_add_prestatie(handle, c, cn, d, dn));
        }

        /// <summary>Adds a meting to the open zorgtraject; AddItem then adds its items.</summary>
        public void AddMeting(string meetinstrumentCode, string datum)
        {
            UIntPtr cn, dn;
            var c = Utf8.Encode(Required(meetinstrumentCode, "meetinstrumentCode"), out cn);
            var d = Utf8.Encode(Required(datum, "datum"), out dn);
            Check(NativeMethods.spiegel_stream_add_meting(handle, c, cn, d, dn));
        }

        /// <summary>Adds an item to the last meting (of the open zorgtraject, or the last loose
        /// meting between trajectories).</summary>
        public void AddItem(string itemCode, string score)
        {
            UIntPtr cn, sn;
            var c = Utf8.Encode(Required(itemCode, "itemCode"), out cn);
            var s = Utf8.Encode(Required(score, "score"), out sn);
            Check(NativeMethods.spiegel_stream_add_item(handle, c, cn, s, sn));
        }

        /// <summary>Ends the open zorgtraject: selects, validates and writes it. Content-rule
        /// errors do not throw here: they are in the report (see CountErrors).</summary>
        public void EndZorgtraject()
        {
            Check(NativeMethods.spiegel_stream_end_zorgtraject(handle));
        }

        /// <summary>Adds a loose meting (no trajectory) to the current zorgaanbieder, between
        /// trajectories; AddItem then adds its items.</summary>
        public void AddLooseMeting(string meetinstrumentCode, string datum)
        {
            UIntPtr cn, dn;
            var c = Utf8.Encode(Required(meetinstrumentCode, "meetinstrumentCode"), out cn);
            var d = Utf8.Encode(Required(datum, "datum"), out dn);
            Check(NativeMethods.spiegel_stream_add_loose_meting(handle, c, cn, d, dn));
        }

        /// <summary>The number of errors so far; nonzero means Finish will refuse the file.</summary>
        public int CountErrors()
        {
            UIntPtr n;
            Check(NativeMethods.spiegel_stream_count_errors(handle, out n));
            return checked((int)(ulong)n);
        }

        /// <summary>
        /// Ends the file and returns the report (warnings, info). Throws SpiegelException with
        /// code DeliveryHasErrors and the report's Diagnostics when there are errors: then no
        /// file appears at the path (for a Stream, discard what was written). After Finish only
        /// LastError and Dispose remain.
        /// </summary>
        public Report Finish()
        {
            ReportHandle r;
            uint code = NativeMethods.spiegel_stream_finish(handle, out r);
            // The library calls the delegate up to and including Finish, never after.
            GC.KeepAlive(callback);
            if (sink != null && sink.Thrown != null)
            {
                if (r != null) r.Dispose();
                throw sink.Failure();
            }
            if (code == ResultCode.Ok) return new Report(r);
            throw Spiegel.Failure(code, Spiegel.MessageOr(LastError, code), r);
        }

        private void Check(uint code)
        {
            if (code == ResultCode.Ok) return;
            if (sink != null && sink.Thrown != null) throw sink.Failure();
            throw new SpiegelException(code, Spiegel.MessageOr(LastError, code));
        }

        private static string Required(string value, string name)
        {
            if (value == null) throw new ArgumentNullException(name);
            return value;
        }

        /// <summary>Copies the library's pieces into a Stream; remembers an exception from it.</summary>
        private sealed class StreamSink
        {
            private readonly Stream output;
            private byte[] chunk = new byte[0];

            internal StreamSink(Stream output)
            {
                this.output = output;
            }

            internal Exception Thrown { get; private set; }

            internal int Write(IntPtr user, IntPtr data, UIntPtr len)
            {
                try
                {
                    int n = checked((int)(ulong)len);
                    if (chunk.Length < n) chunk = new byte[n];
                    Marshal.Copy(data, chunk, 0, n);
                    output.Write(chunk, 0, n);
                    return 0;
                }
                catch (Exception e)
                {
                    Thrown = e;
                    return 1;
                }
            }

            internal IOException Failure()
            {
                return new IOException("writing the file stopped: " + Thrown.Message, Thrown);
            }
        }
    }
}
