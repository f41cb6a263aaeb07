// SpiegelBulk.cs - the typed, fast layer of the C# wrapper: dates as DateTime, ids that cannot
// be mixed up, a trajectory builder, a collect mode, and one native call per trajectory
// (the bulk functions of the C ABI: integer dates, packed buffers, the early answer whether
// a trajectory is in the quarter at all). Build it together with Spiegelinformatie.cs.
//
// No per-record allocation on the hot path: texts are UTF-8 encoded straight into one reused
// byte[] (passed pinned, not copied), dates travel as uint YYYYMMDD, and the builder objects
// are reused.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace Spiegelinformatie
{
    /// <summary>The bulk functions of the C ABI (spiegelinformatie.h, ABI minor 1).</summary>
    internal static class NativeBulk
    {
        private const string Library = NativeMethods.Library;

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint spiegel_abi_version_minor();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint spiegel_stream_begin_zorgtraject_dated(StreamHandle stream, byte[] vendorKey, UIntPtr vendorKeyLen,
            uint begindatum, uint einddatum, byte[] groepCode, UIntPtr groepCodeLen, out uint inQuarter);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint spiegel_stream_add_children_packed(StreamHandle stream, byte[] buf, UIntPtr bufLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint spiegel_stream_add_loose_metingen_packed(StreamHandle stream, byte[] buf, UIntPtr bufLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint spiegel_delivery_add_zorgtraject_packed(DeliveryHandle delivery, uint zorgaanbiederId,
            byte[] buf, UIntPtr bufLen, out uint id, out uint inQuarter);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint spiegel_delivery_add_children_packed(DeliveryHandle delivery, uint zorgtrajectId, byte[] buf, UIntPtr bufLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint spiegel_delivery_add_loose_metingen_packed(DeliveryHandle delivery, uint zorgaanbiederId, byte[] buf, UIntPtr bufLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint spiegel_report_selection_count(ReportHandle report, uint which, out ulong count);

        private static bool checkedMinor;

        internal static void EnsureBulk()
        {
            if (checkedMinor) return;
            Spiegel.EnsureAbi();
            uint minor;
            try { minor = spiegel_abi_version_minor(); }
            catch (EntryPointNotFoundException) { minor = 0; }
            if (minor < 1)
                throw new SpiegelException(ResultCode.Unsupported,
                    "the loaded spiegelinformatie library has no bulk functions (ABI minor " + minor + ", 1 needed): install a newer one");
            checkedMinor = true;
        }
    }

    /// <summary>Dates as the ABI's bulk functions take them: uint YYYYMMDD, 0 = absent.</summary>
    public static class SpiegelDate
    {
        /// <summary>The date part of <paramref name="date"/> as YYYYMMDD (no culture involved).</summary>
        public static uint ToNumber(DateTime date)
        {
            return (uint)(date.Year * 10000 + date.Month * 100 + date.Day);
        }

        /// <summary>null is absent: 0.</summary>
        public static uint ToNumber(DateTime? date)
        {
            return date.HasValue ? ToNumber(date.Value) : 0u;
        }

        /// <summary>"YYYY-MM-DD" as a date; anything else throws FormatException naming
        /// <paramref name="method"/> and <paramref name="parameter"/>.</summary>
        public static DateTime Parse(string text, string method, string parameter)
        {
            DateTime date;
            if (text != null && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
                return date;
            throw new FormatException(method + ": " + parameter + " '" + text + "' is not a date YYYY-MM-DD");
        }

        /// <summary>datum_creatie as the library wants it: "YYYY-MM-DDTHH:MM:SS" (always with
        /// seconds, in the invariant culture's Gregorian calendar).</summary>
        public static string DateTimeText(DateTime moment)
        {
            return moment.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A zorgaanbieder of a <see cref="TypedDelivery"/>.</summary>
    public struct ZorgaanbiederId
    {
        internal readonly uint Value;
        internal ZorgaanbiederId(uint value) { Value = value; }
        /// <summary>"zorgaanbieder #id", for messages.</summary>
        public override string ToString() { return "zorgaanbieder #" + Value; }
    }

    /// <summary>A zorgtraject of a <see cref="TypedDelivery"/>.</summary>
    public struct ZorgtrajectId
    {
        internal readonly uint Value;
        internal ZorgtrajectId(uint value) { Value = value; }
        /// <summary>False for a refused trajectory (collect mode): adding to it is refused too.</summary>
        public bool IsValid { get { return Value != 0; } }
        /// <summary>"zorgtraject #id", for messages.</summary>
        public override string ToString() { return "zorgtraject #" + Value; }
    }

    /// <summary>The packed buffer of the bulk functions, reused record after record.</summary>
    internal sealed class Packer
    {
        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);
        internal byte[] Buffer = new byte[4096];
        internal int Length;

        internal UIntPtr Size { get { return (UIntPtr)(uint)Length; } }

        private void Room(int more)
        {
            if (Length + more <= Buffer.Length) return;
            int size = Buffer.Length;
            while (size < Length + more) size *= 2;
            Array.Resize(ref Buffer, size);
        }

        internal void U8(byte value)
        {
            Room(1);
            Buffer[Length++] = value;
        }

        internal void U32(uint value)
        {
            Room(4);
            Buffer[Length] = (byte)value;
            Buffer[Length + 1] = (byte)(value >> 8);
            Buffer[Length + 2] = (byte)(value >> 16);
            Buffer[Length + 3] = (byte)(value >> 24);
            Length += 4;
        }

        /// <summary>Only the UTF-8 bytes of <paramref name="text"/>, from the start (for a text
        /// argument of its own); null for an absent (null or empty) text.</summary>
        internal byte[] Raw(string text, out UIntPtr length)
        {
            Length = 0;
            length = UIntPtr.Zero;
            if (string.IsNullOrEmpty(text)) return null;
            Room(Strict.GetMaxByteCount(text.Length));
            Length = Strict.GetBytes(text, 0, text.Length, Buffer, 0);
            length = (UIntPtr)(uint)Length;
            return Buffer;
        }

        /// <summary>A text: its UTF-8 length, then its bytes; null is absent (length 0).</summary>
        internal void Text(string text)
        {
            if (text == null)
            {
                U32(0);
                return;
            }
            Room(4 + Strict.GetMaxByteCount(text.Length));
            int count = Strict.GetBytes(text, 0, text.Length, Buffer, Length + 4);
            U32((uint)count);
            Length += count;
        }
    }

    /// <summary>
    /// The children of one zorgtraject, packed as they are added (dates as DateTime, or as
    /// "YYYY-MM-DD" strings). Items belong to the last Meting before them.
    /// </summary>
    public abstract class ChildBuilder<TSelf> where TSelf : ChildBuilder<TSelf>
    {
        internal readonly Packer Children = new Packer();
        private bool meting;

        internal void ResetChildren()
        {
            Children.Length = 0;
            meting = false;
        }

        private TSelf Self { get { return (TSelf)this; } }

        private static string Required(string value, string method, string name)
        {
            if (value == null) throw new ArgumentNullException(name, method + ": " + name + " is required");
            return value;
        }

        /// <summary>A primary diagnosis (cl_d5_diagnose_code) made on <paramref name="datum"/>.</summary>
        public TSelf Primair(string diagnoseCode, DateTime datum)
        {
            Children.U8(1);
            Children.Text(Required(diagnoseCode, "Primair", "diagnoseCode"));
            Children.U32(SpiegelDate.ToNumber(datum));
            return Self;
        }

        /// <summary>As Primair(string, DateTime), with the date as "yyyy-MM-dd".</summary>
        public TSelf Primair(string diagnoseCode, string datum)
        {
            return Primair(diagnoseCode, SpiegelDate.Parse(datum, "Primair", "datum"));
        }

        /// <summary>A secondary diagnosis (cl_d5_diagnose_code; no date in the model).</summary>
        public TSelf Neven(string diagnoseCode)
        {
            Children.U8(2);
            Children.Text(Required(diagnoseCode, "Neven", "diagnoseCode"));
            return Self;
        }

        /// <summary>Either code may be null, not both.</summary>
        public TSelf Zorgvraagtypering(string zorgvraagtypeCodeHonos, string zorgvraagtypeCode, DateTime datum)
        {
            Children.U8(3);
            Children.Text(zorgvraagtypeCodeHonos);
            Children.Text(zorgvraagtypeCode);
            Children.U32(SpiegelDate.ToNumber(datum));
            return Self;
        }

        /// <summary>As Zorgvraagtypering(string, string, DateTime), with the date as "yyyy-MM-dd".</summary>
        public TSelf Zorgvraagtypering(string zorgvraagtypeCodeHonos, string zorgvraagtypeCode, string datum)
        {
            return Zorgvraagtypering(zorgvraagtypeCodeHonos, zorgvraagtypeCode, SpiegelDate.Parse(datum, "Zorgvraagtypering", "datum"));
        }

        /// <summary>A prestatie (prestatie_code) on <paramref name="datum"/>.</summary>
        public TSelf Prestatie(string prestatieCode, DateTime datum)
        {
            Children.U8(4);
            Children.Text(Required(prestatieCode, "Prestatie", "prestatieCode"));
            Children.U32(SpiegelDate.ToNumber(datum));
            return Self;
        }

        /// <summary>As Prestatie(string, DateTime), with the date as "yyyy-MM-dd".</summary>
        public TSelf Prestatie(string prestatieCode, string datum)
        {
            return Prestatie(prestatieCode, SpiegelDate.Parse(datum, "Prestatie", "datum"));
        }

        /// <summary>A meting; the Item calls after it add its items.</summary>
        public TSelf Meting(string meetinstrumentCode, DateTime datum)
        {
            Children.U8(5);
            Children.Text(Required(meetinstrumentCode, "Meting", "meetinstrumentCode"));
            Children.U32(SpiegelDate.ToNumber(datum));
            meting = true;
            return Self;
        }

        /// <summary>As Meting(string, DateTime), with the date as "yyyy-MM-dd".</summary>
        public TSelf Meting(string meetinstrumentCode, string datum)
        {
            return Meting(meetinstrumentCode, SpiegelDate.Parse(datum, "Meting", "datum"));
        }

        /// <summary>An item of the last Meting.</summary>
        public TSelf Item(string itemCode, string score)
        {
            if (!meting) throw new InvalidOperationException("Item: call Meting first; an item belongs to the last meting");
            Children.U8(6);
            Children.Text(Required(itemCode, "Item", "itemCode"));
            Children.Text(Required(score, "Item", "score"));
            return Self;
        }
    }

    /// <summary>
    /// Collects refused records instead of throwing once per record (collect mode), and turns
    /// the library's messages into ones that name this wrapper's methods.
    /// </summary>
    public sealed class Refusals
    {
        private readonly List<string> messages = new List<string>();

        /// <summary>How many calls had refused records (each is in the report, and blocks the file).</summary>
        public int Count { get; private set; }

        /// <summary>The messages of the first 100 of them.</summary>
        public IReadOnlyList<string> Messages { get { return messages; } }

        internal void Add(string message)
        {
            Count++;
            if (messages.Count < 100) messages.Add(message);
        }

        private static readonly string[,] Names =
        {
            { "spiegel_stream_begin_zorgtraject_dated", "Zorgtraject(...).Begin()" },
            { "spiegel_stream_begin_zorgtraject", "Zorgtraject(...).Begin()" },
            { "spiegel_stream_end_zorgtraject", "End()" },
            { "spiegel_stream_start_zorgaanbieder", "StartZorgaanbieder" },
            { "spiegel_stream_add_loose_meting", "LooseMeting" },
            { "spiegel_stream_add_meting", "Meting" },
            { "spiegel_stream_free", "Dispose" },
            { "spiegel_stream_finish", "Finish" },
            { "spiegel_stream_set_leave_out_unrepresentable", "SetLeaveOutUnrepresentable" },
            { "spiegel_stream_set_drop_children_after_quarter", "SetDropChildrenAfterQuarter" },
        };

        internal static string InWrapperTerms(string message)
        {
            for (int i = 0; i < Names.GetLength(0); i++) message = message.Replace(Names[i, 0], Names[i, 1]);
            return message;
        }
    }

    /// <summary>
    /// A trajectory on a <see cref="BulkStream"/>: set its fields by name, Begin (which says
    /// whether the quarter wants it), add its children only when it does, End.
    /// </summary>
    public sealed class StreamZorgtraject : ChildBuilder<StreamZorgtraject>
    {
        private readonly BulkStream stream;
        private uint begindatum, einddatum;
        private string vendorKey, groepCode;
        private bool begun, open;

        internal StreamZorgtraject(BulkStream stream) { this.stream = stream; }

        internal StreamZorgtraject Reset(DateTime begindatum)
        {
            if (open) throw new InvalidOperationException("Zorgtraject: the previous zorgtraject is still open: call End() first");
            this.begindatum = SpiegelDate.ToNumber(begindatum);
            einddatum = 0;
            vendorKey = groepCode = null;
            begun = false;
            open = true;
            ResetChildren();
            return this;
        }

        /// <summary>The day the trajectory ended; null (the default) while it is open.</summary>
        public StreamZorgtraject Einddatum(DateTime? einddatum) { this.einddatum = SpiegelDate.ToNumber(einddatum); return this; }
        /// <summary>Your own key: in diagnostics only, never in the file.</summary>
        public StreamZorgtraject VendorKey(string vendorKey) { this.vendorKey = vendorKey; return this; }
        /// <summary>The location or department (groep_code) written in the file.</summary>
        public StreamZorgtraject GroepCode(string groepCode) { this.groepCode = groepCode; return this; }

        /// <summary>
        /// Sends the trajectory's own fields. True: it is in the quarter's file, add its
        /// children. False: it is not (or was refused): skip them and call End().
        /// </summary>
        public bool Begin()
        {
            if (!open) throw new InvalidOperationException("Begin: start a trajectory with Zorgtraject(begindatum) first");
            if (begun) throw new InvalidOperationException("Begin: this zorgtraject has begun already");
            begun = true;
            return stream.BeginTraject(vendorKey, begindatum, einddatum, groepCode);
        }

        /// <summary>Sends the children added and ends the trajectory (it is then selected,
        /// checked and written).</summary>
        public void End()
        {
            if (!open) throw new InvalidOperationException("End: no zorgtraject open");
            if (!begun) Begin();
            open = false;
            stream.EndTraject(Children);
        }
    }

    /// <summary>Loose metingen (not linked to a trajectory) of the current zorgaanbieder.</summary>
    public sealed class LooseMetingen : ChildBuilder<LooseMetingen>
    {
        internal LooseMetingen() { }
        internal bool IsEmpty { get { return Children.Length == 0; } }
        internal void Clear() { ResetChildren(); }
    }

    /// <summary>Children packed for a trajectory added before (TypedDelivery.AddPrestatie).</summary>
    internal sealed class ChildScratch : ChildBuilder<ChildScratch>
    {
        internal void Clear() { ResetChildren(); }
    }

    /// <summary>
    /// The fastest way to write a file: records pushed in file order, with memory bounded by
    /// one trajectory. Dates are DateTime (the date part is used; no culture is involved).
    /// Not thread-safe.
    /// </summary>
    public sealed class BulkStream : IDisposable
    {
        private readonly StreamHandle handle;
        private readonly NativeMethods.WriteCallback callback;
        private readonly OutputSink sink;
        private readonly StreamZorgtraject traject;
        private readonly LooseMetingen loose = new LooseMetingen();
        private readonly Refusals refusals = new Refusals();

        /// <summary>True: refused records are counted in <see cref="Refusals"/> (and are in the
        /// report, which then blocks the file) instead of throwing; Finish throws once.</summary>
        public bool CollectRefusals { get; set; }

        /// <summary>The refusals collected in collect mode.</summary>
        public Refusals Refusals { get { return refusals; } }

        /// <summary>After Finish: what quarter selection delivered and left out.</summary>
        public SelectionCounts Selection { get; private set; }

        private BulkStream(StreamHandle handle, NativeMethods.WriteCallback callback, OutputSink sink)
        {
            this.handle = handle;
            this.callback = callback;
            this.sink = sink;
            traject = new StreamZorgtraject(this);
        }

        /// <summary>A stream writing the file of <paramref name="quarter"/> ("2024-Q1") to
        /// <paramref name="path"/>; renamed into place only by a successful Finish.</summary>
        public static BulkStream ToFile(string path, string quarter, DateTime datumCreatie)
        {
            return ToFile(path, quarter, SpiegelDate.DateTimeText(datumCreatie));
        }

        /// <summary>As ToFile with a DateTime; <paramref name="datumCreatie"/>
        /// "YYYY-MM-DDTHH:MM:SS", null: the local time now.</summary>
        public static BulkStream ToFile(string path, string quarter, string datumCreatie = null)
        {
            if (path == null) throw new ArgumentNullException("path");
            if (quarter == null) throw new ArgumentNullException("quarter");
            NativeBulk.EnsureBulk();
            UIntPtr pn, qn, dn;
            var p = Utf8.Encode(path, out pn);
            var q = Utf8.Encode(quarter, out qn);
            var d = Utf8.Encode(Spiegel.OptionalText(datumCreatie), out dn);
            StreamHandle h;
            uint code = NativeMethods.spiegel_stream_new_file(p, pn, q, qn, d, dn, out h);
            return Created(code, h, null, null);
        }

        /// <summary>A stream writing into <paramref name="output"/> as records are pushed; discard
        /// what was written unless Finish returns.</summary>
        public static BulkStream ToStream(Stream output, string quarter, DateTime datumCreatie)
        {
            if (output == null) throw new ArgumentNullException("output");
            if (quarter == null) throw new ArgumentNullException("quarter");
            NativeBulk.EnsureBulk();
            var sink = new OutputSink(output);
            NativeMethods.WriteCallback callback = sink.Write;
            UIntPtr qn, dn;
            var q = Utf8.Encode(quarter, out qn);
            var d = Utf8.Encode(SpiegelDate.DateTimeText(datumCreatie), out dn);
            StreamHandle h;
            uint code = NativeMethods.spiegel_stream_new_callback(callback, IntPtr.Zero, q, qn, d, dn, out h);
            return Created(code, h, callback, sink);
        }

        private static BulkStream Created(uint code, StreamHandle h, NativeMethods.WriteCallback callback, OutputSink sink)
        {
            if (code != ResultCode.Ok || h == null || h.IsInvalid)
            {
                if (h != null) h.Dispose();
                throw new SpiegelException(code, Refusals.InWrapperTerms(Spiegel.MessageOr(Spiegel.LastError, code)));
            }
            return new BulkStream(h, callback, sink);
        }

        /// <summary>Frees the native stream; without a successful Finish the target file is left untouched.</summary>
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
                return Refusals.InWrapperTerms(Spiegel.ReadText((byte[] b, UIntPtr l, out UIntPtr o) =>
                    NativeMethods.spiegel_stream_last_error(handle, b, l, out o), null) ?? "");
            }
        }

        /// <summary>True: leave out child records dated after the quarter. Default false. Only
        /// before the first StartZorgaanbieder.</summary>
        public void SetDropChildrenAfterQuarter(bool drop)
        {
            Check(NativeMethods.spiegel_stream_set_drop_children_after_quarter(handle, drop ? 1u : 0u));
        }

        /// <summary>True: write the file all the same when records cannot be represented
        /// ("Lever alles aan wat je hebt"): the trajectory a refused record belongs to (or the
        /// loose meting, or the zorgaanbieder) is left out, its error becomes a warning and a
        /// record-left-out info counts them. Default false: a refused record blocks the file.
        /// Only before the first StartZorgaanbieder.</summary>
        public void SetLeaveOutUnrepresentable(bool leaveOut)
        {
            Check(NativeMethods.spiegel_stream_set_leave_out_unrepresentable(handle, leaveOut ? 1u : 0u));
        }

        /// <summary>Starts the next zorgaanbieder (AGB code, 8 digits). A provider's records must
        /// be contiguous.</summary>
        public void StartZorgaanbieder(string zorgaanbiederCode)
        {
            if (zorgaanbiederCode == null) throw new ArgumentNullException("zorgaanbiederCode");
            FlushLoose();
            UIntPtr n;
            var c = Utf8.Encode(zorgaanbiederCode, out n);
            Check(NativeMethods.spiegel_stream_start_zorgaanbieder(handle, c, n));
        }

        /// <summary>The next trajectory of the current zorgaanbieder, beginning on
        /// <paramref name="begindatum"/>. The object is reused: finish it (End) before the next.</summary>
        public StreamZorgtraject Zorgtraject(DateTime begindatum)
        {
            FlushLoose();
            return traject.Reset(begindatum);
        }

        /// <summary>A loose meting of the current zorgaanbieder (sent with the next call); add its
        /// items with Item.</summary>
        public LooseMetingen LooseMeting(string meetinstrumentCode, DateTime datum)
        {
            return loose.Meting(meetinstrumentCode, datum);
        }

        /// <summary>The number of errors so far; nonzero means Finish will refuse the file.</summary>
        public int CountErrors()
        {
            FlushLoose();
            UIntPtr n;
            Check(NativeMethods.spiegel_stream_count_errors(handle, out n));
            return checked((int)(ulong)n);
        }

        /// <summary>Ends the file and returns the report. Throws SpiegelException
        /// (DeliveryHasErrors, with every diagnostic) when there are errors.</summary>
        public Report Finish()
        {
            FlushLoose();
            ReportHandle r;
            uint code = NativeMethods.spiegel_stream_finish(handle, out r);
            GC.KeepAlive(callback);
            if (sink != null && sink.Thrown != null)
            {
                if (r != null) r.Dispose();
                throw new IOException("writing the file stopped: " + sink.Thrown.Message, sink.Thrown);
            }
            if (r != null && !r.IsInvalid) Selection = SelectionCounts.Read(r);
            if (code == ResultCode.Ok) return new Report(r);
            throw Spiegel.Failure(code, Refusals.InWrapperTerms(Spiegel.MessageOr(LastError, code)), r);
        }

        // Reused for the trajectory's own texts: no allocation per trajectory.
        private readonly Packer keyText = new Packer(), groepText = new Packer();

        internal bool BeginTraject(string vendorKey, uint begindatum, uint einddatum, string groepCode)
        {
            UIntPtr kn, gn;
            var k = keyText.Raw(vendorKey, out kn);
            var g = groepText.Raw(groepCode, out gn);
            uint inQuarter;
            Check(NativeBulk.spiegel_stream_begin_zorgtraject_dated(handle, k, kn, begindatum, einddatum, g, gn, out inQuarter));
            return inQuarter == 1;
        }

        internal void EndTraject(Packer children)
        {
            uint added = children.Length > 0
                ? NativeBulk.spiegel_stream_add_children_packed(handle, children.Buffer, children.Size)
                : ResultCode.Ok;
            // The trajectory is ended whatever happened to its children.
            string message = added == ResultCode.Ok ? null : LastError;
            uint ended = NativeMethods.spiegel_stream_end_zorgtraject(handle);
            Check(added, message);
            Check(ended);
        }

        private void FlushLoose()
        {
            if (loose.IsEmpty) return;
            var packed = loose.Children;
            uint code = NativeBulk.spiegel_stream_add_loose_metingen_packed(handle, packed.Buffer, packed.Size);
            loose.Clear();
            Check(code);
        }

        private void Check(uint code, string message = null)
        {
            if (code == ResultCode.Ok) return;
            if (sink != null && sink.Thrown != null)
                throw new IOException("writing the file stopped: " + sink.Thrown.Message, sink.Thrown);
            message = message ?? LastError;
            if (code == ResultCode.InvalidValue && CollectRefusals)
            {
                refusals.Add(message);
                return;
            }
            throw new SpiegelException(code, Spiegel.MessageOr(message, code));
        }

        private sealed class OutputSink
        {
            private readonly Stream output;
            private byte[] chunk = new byte[0];
            internal OutputSink(Stream output) { this.output = output; }
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
        }
    }

    /// <summary>A trajectory for a <see cref="TypedDelivery"/>, added whole by Add().</summary>
    public sealed class DeliveryZorgtraject : ChildBuilder<DeliveryZorgtraject>
    {
        private readonly TypedDelivery delivery;
        private readonly Packer header = new Packer();
        private ZorgaanbiederId zorgaanbieder;
        private uint begindatum, einddatum;
        private string vendorKey, groepCode;

        internal DeliveryZorgtraject(TypedDelivery delivery) { this.delivery = delivery; }

        internal DeliveryZorgtraject Reset(ZorgaanbiederId zorgaanbieder, DateTime begindatum)
        {
            this.zorgaanbieder = zorgaanbieder;
            this.begindatum = SpiegelDate.ToNumber(begindatum);
            einddatum = 0;
            vendorKey = groepCode = null;
            ResetChildren();
            return this;
        }

        /// <summary>The day the trajectory ended; null (the default) while it is open.</summary>
        public DeliveryZorgtraject Einddatum(DateTime? einddatum) { this.einddatum = SpiegelDate.ToNumber(einddatum); return this; }
        /// <summary>Your own key: in diagnostics only, never in the file.</summary>
        public DeliveryZorgtraject VendorKey(string vendorKey) { this.vendorKey = vendorKey; return this; }
        /// <summary>The location or department (groep_code) written in the file.</summary>
        public DeliveryZorgtraject GroepCode(string groepCode) { this.groepCode = groepCode; return this; }

        /// <summary>Adds the trajectory with its children in one call; its id (IsValid false when
        /// refused in collect mode).</summary>
        public ZorgtrajectId Add()
        {
            header.Length = 0;
            header.U32(begindatum);
            header.U32(einddatum);
            header.Text(vendorKey);
            header.Text(groepCode);
            var body = Children;
            if (header.Buffer.Length < header.Length + body.Length) Array.Resize(ref header.Buffer, header.Length + body.Length);
            System.Buffer.BlockCopy(body.Buffer, 0, header.Buffer, header.Length, body.Length);
            header.Length += body.Length;
            return delivery.AddPacked(zorgaanbieder, header);
        }
    }

    /// <summary>
    /// A <see cref="Delivery"/> with typed ids (a zorgaanbieder id cannot stand where a
    /// zorgtraject id belongs), DateTime dates, a trajectory builder and a collect mode.
    /// Write it, validate it and read reports through <see cref="Delivery"/>.
    /// </summary>
    public sealed class TypedDelivery : IDisposable
    {
        private readonly DeliveryZorgtraject builder;
        private readonly LooseMetingen loose = new LooseMetingen();
        private readonly ChildScratch scratch = new ChildScratch();
        private readonly Refusals refusals = new Refusals();

        /// <summary>The delivery itself: set options, write, validate.</summary>
        public Delivery Delivery { get; private set; }
        /// <summary>True: refused records are counted in Refusals instead of throwing.</summary>
        public bool CollectRefusals { get; set; }
        /// <summary>The refusals collected in collect mode.</summary>
        public Refusals Refusals { get { return refusals; } }

        /// <summary>An empty delivery for <paramref name="quarter"/> ("2024-Q1"), created at
        /// <paramref name="datumCreatie"/> (written with seconds, no culture involved).</summary>
        public TypedDelivery(string quarter, DateTime datumCreatie)
        {
            NativeBulk.EnsureBulk();
            Delivery = new Delivery();
            Delivery.SetQuarter(quarter);
            Delivery.SetDatumCreatie(SpiegelDate.DateTimeText(datumCreatie));
            builder = new DeliveryZorgtraject(this);
        }

        /// <summary>Frees the native delivery.</summary>
        public void Dispose() { Delivery.Dispose(); }

        /// <summary>A zorgaanbieder by its AGB code (8 digits); its id is for this delivery only.</summary>
        public ZorgaanbiederId AddZorgaanbieder(string zorgaanbiederCode)
        {
            return new ZorgaanbiederId(Delivery.AddZorgaanbieder(zorgaanbiederCode));
        }

        /// <summary>A trajectory of <paramref name="zorgaanbieder"/>; finish it with Add().</summary>
        public DeliveryZorgtraject Zorgtraject(ZorgaanbiederId zorgaanbieder, DateTime begindatum)
        {
            return builder.Reset(zorgaanbieder, begindatum);
        }

        /// <summary>Adds a prestatie to a trajectory added before.</summary>
        public void AddPrestatie(ZorgtrajectId zorgtraject, string prestatieCode, DateTime datum)
        {
            scratch.Clear();
            scratch.Prestatie(prestatieCode, datum);
            Check(NativeBulk.spiegel_delivery_add_children_packed(Delivery.Handle, zorgtraject.Value, scratch.Children.Buffer, scratch.Children.Size));
        }

        /// <summary>An empty set of loose metingen (not linked to a trajectory): fill it with
        /// Meting, its Items, the next Meting, …, then pass it to AddLooseMetingen. The object is
        /// reused.</summary>
        public LooseMetingen LooseMetingen()
        {
            loose.Clear();
            return loose;
        }

        /// <summary>Adds the loose metingen filled in <paramref name="metingen"/> to
        /// <paramref name="zorgaanbieder"/>.</summary>
        public void AddLooseMetingen(ZorgaanbiederId zorgaanbieder, LooseMetingen metingen)
        {
            var packed = metingen.Children;
            Check(NativeBulk.spiegel_delivery_add_loose_metingen_packed(Delivery.Handle, zorgaanbieder.Value, packed.Buffer, packed.Size));
            metingen.Clear();
        }

        internal ZorgtrajectId AddPacked(ZorgaanbiederId zorgaanbieder, Packer packed)
        {
            uint id, inQuarter;
            Check(NativeBulk.spiegel_delivery_add_zorgtraject_packed(Delivery.Handle, zorgaanbieder.Value, packed.Buffer, packed.Size, out id, out inQuarter));
            return new ZorgtrajectId(id);
        }

        private void Check(uint code)
        {
            if (code == ResultCode.Ok) return;
            string message = Refusals.InWrapperTerms(Delivery.LastError);
            if (code == ResultCode.InvalidValue && CollectRefusals)
            {
                refusals.Add(message);
                return;
            }
            throw new SpiegelException(code, Spiegel.MessageOr(message, code));
        }
    }

    /// <summary>What quarter selection delivered and left out, and why.</summary>
    public sealed class SelectionCounts
    {
        /// <summary>Trajectories delivered closed (their einddatum lies in the quarter).</summary>
        public long ZorgtrajectenClosed { get; private set; }
        /// <summary>Trajectories delivered open (no einddatum, or one after the quarter).</summary>
        public long ZorgtrajectenOpen { get; private set; }
        /// <summary>Open-delivered trajectories whose einddatum after the quarter was left out.</summary>
        public long EinddatumLeftOut { get; private set; }
        /// <summary>Trajectories left out: they ended before the quarter.</summary>
        public long ZorgtrajectenEndedBefore { get; private set; }
        /// <summary>Trajectories left out: they begin after the quarter.</summary>
        public long ZorgtrajectenStartAfter { get; private set; }
        /// <summary>Loose metingen delivered (dated in the quarter).</summary>
        public long LooseMetingenDelivered { get; private set; }
        /// <summary>Loose metingen left out (dated outside the quarter).</summary>
        public long LooseMetingenLeftOut { get; private set; }
        /// <summary>Children dated after the quarter left out (only with drop_children_after_quarter).</summary>
        public long ChildrenAfterQuarterLeftOut { get; private set; }
        /// <summary>Items outside the allowed list, left out (each with a warning).</summary>
        public long ItemsLeftOut { get; private set; }

        /// <summary>The counts of <paramref name="report"/>.</summary>
        public static SelectionCounts Of(Report report)
        {
            if (report == null) throw new ArgumentNullException("report");
            return Read(report.Handle);
        }

        internal static SelectionCounts Read(ReportHandle r)
        {
            Func<uint, long> get = which =>
            {
                ulong n;
                Spiegel.Check(NativeBulk.spiegel_report_selection_count(r, which, out n));
                return checked((long)n);
            };
            return new SelectionCounts
            {
                ZorgtrajectenClosed = get(1),
                ZorgtrajectenOpen = get(2),
                EinddatumLeftOut = get(3),
                ZorgtrajectenEndedBefore = get(4),
                ZorgtrajectenStartAfter = get(5),
                LooseMetingenDelivered = get(6),
                LooseMetingenLeftOut = get(7),
                ChildrenAfterQuarterLeftOut = get(8),
                ItemsLeftOut = get(9),
            };
        }
    }
}
