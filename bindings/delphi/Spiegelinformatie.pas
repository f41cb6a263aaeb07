{ Spiegelinformatie.pas - Delphi / Free Pascal wrapper over the C ABI of the spiegelinformatie
  library (include/spiegelinformatie.h).

  Two layers:
  - the raw imports, one per function of the header: all cdecl (Delphi's default calling
    convention is register, which crashes), only Int32/UInt32/NativeUInt/Pointer types (no
    enums: Pascal enums are one byte unless $MINENUMSIZE 4), text as PByte + NativeUInt length;
  - classes TSpiegelDelivery, TSpiegelStreamingDelivery and TSpiegelReport, the functions
    Spiegel*, and the exception ESpiegelError, which take and give `string`s and convert them
    to and from UTF-8 themselves.

  Delphi (2009+) and Free Pascal 3.2 in Delphi mode (fpc -Mdelphi -FcUTF8). Where they differ:
  - `string` is UTF-16 in Delphi and an AnsiString in FPC. UTF8String(s) converts both ways
    correctly in Delphi; in FPC, compile with -FcUTF8 so string literals are UTF-8, and text
    coming out of this unit is a string holding UTF-8 (code page 65001).
  - Library name: see SpiegelLib below. By default the imports are `external`: the program
    does not start without the library. Define SPIEGEL_DYNAMIC (Delphi: Project Options >
    Conditional defines; FPC: -dSPIEGEL_DYNAMIC) to load it at run time instead, with
    LoadLibrary/GetProcAddress, on first use: the program then starts without it,
    SpiegelAvailable says whether it can be used and SpiegelUnavailableReason why not, and
    every call raises ESpiegelError while it is missing. The imports for that mode are
    generated into SpiegelinformatieDynamic.inc and SpiegelinformatieDynamicBind.inc from
    the declarations below (tests/delphi_dynamic.rs keeps them in step).
  - Floating point: Delphi and FPC unmask floating-point exceptions, C and Rust code expects
    them masked. The calls that can reach floating-point code (JSON numbers, the XSD check
    in libxml2) mask them for their duration; mask them yourself (SetExceptionMask) around
    any raw spiegel_* call you make.
  - Never FreeMem memory of the library: free handles with the _free functions only (the
    classes do it in their destructors). }
unit Spiegelinformatie;

{$IFDEF FPC}
  {$MODE DELPHI}
  {$H+}
{$ENDIF}

interface

uses
  {$IF DEFINED(FPC) AND DEFINED(UNIX)}
  { FPC on Unix has no conversion between UTF-8 and UTF-16 strings without a widestring
    manager: comparing a string from this unit with a non-ASCII literal would lose characters.
    cwstring installs one (Delphi needs nothing of the kind). }
  cwstring,
  {$IFEND}
  SysUtils, Classes;

const
{$IFDEF MSWINDOWS}
  SpiegelLib = 'spiegelinformatie.dll';
{$ELSE}
  {$IFDEF FPC}
  SpiegelLib = 'spiegelinformatie';      { FPC links -lspiegelinformatie (add -Fl<dir>) }
  {$ELSE}
  SpiegelLib = 'libspiegelinformatie.so';
  {$ENDIF}
{$ENDIF}

  { The file SPIEGEL_DYNAMIC loads by default (searched the way the system searches). }
{$IFDEF MSWINDOWS}
  SpiegelLibFile = 'spiegelinformatie.dll';
{$ELSE}
  SpiegelLibFile = 'libspiegelinformatie.so';
{$ENDIF}

  { SPIEGEL_ABI_VERSION of the header this unit was written for (renamed: Pascal names are
    case-insensitive, so it would clash with the function spiegel_abi_version). }
  SPIEGEL_HEADER_ABI_VERSION = 1;

  { Result codes. }
  SPIEGEL_OK = 0;
  SPIEGEL_NULL_ARGUMENT = 1;
  SPIEGEL_INVALID_UTF8 = 2;
  SPIEGEL_INTERIOR_NUL = 3;
  SPIEGEL_INVALID_VALUE = 4;
  SPIEGEL_NOT_FOUND = 5;
  SPIEGEL_INVALID_QUARTER = 6;
  SPIEGEL_WRONG_STATE = 7;
  SPIEGEL_INVALID_INPUT = 8;
  SPIEGEL_DELIVERY_HAS_ERRORS = 9;
  SPIEGEL_IO = 10;
  SPIEGEL_BUFFER_TOO_SMALL = 11;
  SPIEGEL_PANIC = 12;
  SPIEGEL_TOO_MANY_RECORDS = 13;
  SPIEGEL_INVALID_CODELIST = 14;
  SPIEGEL_INVALID_SCHEMA = 15;
  SPIEGEL_UNSUPPORTED = 16;
  SPIEGEL_UNKNOWN_LANGUAGE = 18;

  { Languages of messages, summaries and exports (rule ids, CSV headers, JSON keys stay). }
  SPIEGEL_LANG_EN = 0;
  SPIEGEL_LANG_NL = 1;

  { Diagnostic severities. }
  SPIEGEL_SEVERITY_ERROR = 1;
  SPIEGEL_SEVERITY_WARNING = 2;
  SPIEGEL_SEVERITY_INFO = 3;

  { Preview formats. }
  SPIEGEL_PREVIEW_TEXT = 1;
  SPIEGEL_PREVIEW_JSON = 2;
  SPIEGEL_PREVIEW_CSV = 3;
  SPIEGEL_PREVIEW_HTML = 4;

type
  PSpiegelUInt32 = ^UInt32;
  PSpiegelInt32 = ^Int32;
  PSpiegelSize = ^NativeUInt;

  { The language of messages: passed to the library as SPIEGEL_LANG_EN / SPIEGEL_LANG_NL. }
  TSpiegelLanguage = (slEnglish, slDutch);

  { spiegel_write_callback: return 0 to go on, nonzero to stop. }
  TSpiegelWriteCallback = function(User: Pointer; Data: PByte; Len: NativeUInt): Int32; cdecl;

{ ---- The raw C ABI. Handles are Pointer; out-parameters are pointers (nil allowed where the
  header allows NULL). ---- }

{$IFDEF SPIEGEL_DYNAMIC}
{$I SpiegelinformatieDynamic.inc}
{$ELSE}
function spiegel_delivery_new(OutDelivery: PPointer): UInt32; cdecl; external SpiegelLib;
procedure spiegel_delivery_free(Delivery: Pointer); cdecl; external SpiegelLib;
function spiegel_delivery_last_error(Delivery: Pointer; Buf: PByte; BufLen: NativeUInt;
  OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_set_quarter(Delivery: Pointer; Quarter: PByte;
  QuarterLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_set_quarter_number(Delivery: Pointer; Year: Int32;
  Number: UInt32): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_set_datum_creatie(Delivery: Pointer; DatumCreatie: PByte;
  DatumCreatieLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_set_drop_children_after_quarter(Delivery: Pointer;
  Drop: UInt32): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_set_leave_out_unrepresentable(Delivery: Pointer;
  LeaveOut: UInt32): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_set_language(Delivery: Pointer; Language: UInt32): UInt32; cdecl;
  external SpiegelLib;
function spiegel_stream_set_language(Stream: Pointer; Language: UInt32): UInt32; cdecl;
  external SpiegelLib;
function spiegel_report_set_language(Report: Pointer; Language: UInt32): UInt32; cdecl;
  external SpiegelLib;
function spiegel_set_thread_language(Language: UInt32): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_add_zorgaanbieder(Delivery: Pointer; ZorgaanbiederCode: PByte;
  ZorgaanbiederCodeLen: NativeUInt; OutId: PSpiegelUInt32): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_add_zorgtraject(Delivery: Pointer; ZorgaanbiederId: UInt32;
  VendorKey: PByte; VendorKeyLen: NativeUInt; Begindatum: PByte; BegindatumLen: NativeUInt;
  Einddatum: PByte; EinddatumLen: NativeUInt; GroepCode: PByte; GroepCodeLen: NativeUInt;
  OutId: PSpiegelUInt32): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_add_primair(Delivery: Pointer; ZorgtrajectId: UInt32; Code: PByte;
  CodeLen: NativeUInt; Datum: PByte; DatumLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_add_neven(Delivery: Pointer; ZorgtrajectId: UInt32; Code: PByte;
  CodeLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_add_zorgvraagtypering(Delivery: Pointer; ZorgtrajectId: UInt32;
  CodeHonos: PByte; CodeHonosLen: NativeUInt; Code: PByte; CodeLen: NativeUInt; Datum: PByte;
  DatumLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_add_prestatie(Delivery: Pointer; ZorgtrajectId: UInt32; Code: PByte;
  CodeLen: NativeUInt; Datum: PByte; DatumLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_add_meting(Delivery: Pointer; ZorgtrajectId: UInt32;
  MeetinstrumentCode: PByte; MeetinstrumentCodeLen: NativeUInt; Datum: PByte;
  DatumLen: NativeUInt; OutMetingId: PSpiegelUInt32): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_add_loose_meting(Delivery: Pointer; ZorgaanbiederId: UInt32;
  MeetinstrumentCode: PByte; MeetinstrumentCodeLen: NativeUInt; Datum: PByte;
  DatumLen: NativeUInt; OutMetingId: PSpiegelUInt32): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_add_item(Delivery: Pointer; MetingId: UInt32; ItemCode: PByte;
  ItemCodeLen: NativeUInt; Score: PByte; ScoreLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_load_json(Delivery: Pointer; Json: PByte;
  JsonLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_abi_version: UInt32; cdecl; external SpiegelLib;
function spiegel_version(Buf: PByte; BufLen: NativeUInt; OutLen: PSpiegelSize): UInt32; cdecl;
  external SpiegelLib;
function spiegel_result_text(Code: UInt32; Buf: PByte; BufLen: NativeUInt;
  OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_last_error(Buf: PByte; BufLen: NativeUInt; OutLen: PSpiegelSize): UInt32; cdecl;
  external SpiegelLib;
function spiegel_schedule_due(Year: Int32; Month: UInt32; Day: UInt32; OutYear: PSpiegelInt32;
  OutQuarter: PSpiegelUInt32): UInt32; cdecl; external SpiegelLib;
function spiegel_quarter_period(Year: Int32; Quarter: UInt32; OutFirstDay: PSpiegelUInt32;
  OutLastDay: PSpiegelUInt32): UInt32; cdecl; external SpiegelLib;
procedure spiegel_report_free(Report: Pointer); cdecl; external SpiegelLib;
function spiegel_report_count(Report: Pointer; OutCount: PSpiegelSize): UInt32; cdecl;
  external SpiegelLib;
function spiegel_report_count_severity(Report: Pointer; Severity: UInt32;
  OutCount: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_report_severity(Report: Pointer; Index: NativeUInt;
  OutSeverity: PSpiegelUInt32): UInt32; cdecl; external SpiegelLib;
function spiegel_report_rule(Report: Pointer; Index: NativeUInt; Buf: PByte; BufLen: NativeUInt;
  OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_report_path(Report: Pointer; Index: NativeUInt; Buf: PByte; BufLen: NativeUInt;
  OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_report_vendor_key(Report: Pointer; Index: NativeUInt; Buf: PByte;
  BufLen: NativeUInt; OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_report_attribute(Report: Pointer; Index: NativeUInt; Buf: PByte;
  BufLen: NativeUInt; OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_report_value(Report: Pointer; Index: NativeUInt; Buf: PByte; BufLen: NativeUInt;
  OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_report_message(Report: Pointer; Index: NativeUInt; Buf: PByte;
  BufLen: NativeUInt; OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_report_occurrences(Report: Pointer; Index: NativeUInt;
  OutCount: PUInt64): UInt32; cdecl; external SpiegelLib;
function spiegel_report_location_count(Report: Pointer; Index: NativeUInt;
  OutCount: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_report_location(Report: Pointer; Index: NativeUInt; Location: NativeUInt;
  Buf: PByte; BufLen: NativeUInt; OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_report_not_listed(Report: Pointer; OutCount: PUInt64): UInt32; cdecl;
  external SpiegelLib;
function spiegel_report_write_csv(Report: Pointer; Path: PByte; PathLen: NativeUInt): UInt32; cdecl;
  external SpiegelLib;
function spiegel_report_write_json(Report: Pointer; Path: PByte; PathLen: NativeUInt): UInt32; cdecl;
  external SpiegelLib;
function spiegel_report_csv(Report: Pointer; Buf: PByte; BufLen: NativeUInt;
  OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_report_json(Report: Pointer; Buf: PByte; BufLen: NativeUInt;
  OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_report_summary(Report: Pointer; WithInfo: UInt32; Buf: PByte; BufLen: NativeUInt;
  OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_validate(Delivery: Pointer; OutReport: PPointer): UInt32; cdecl;
  external SpiegelLib;
function spiegel_delivery_write_file(Delivery: Pointer; Path: PByte; PathLen: NativeUInt;
  OutReport: PPointer): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_write_buffer(Delivery: Pointer; Buf: PByte; BufLen: NativeUInt;
  OutLen: PSpiegelSize; OutReport: PPointer): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_write_callback(Delivery: Pointer; Callback: TSpiegelWriteCallback;
  User: Pointer; OutReport: PPointer): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_load_jsonl(Delivery: Pointer; Jsonl: PByte;
  JsonlLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_load_codelists(Delivery: Pointer; Path: PByte;
  PathLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_load_codelist_buffer(Delivery: Pointer; List: PByte;
  ListLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_load_organisatie(Delivery: Pointer; Path: PByte;
  PathLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_load_organisatie_buffer(Delivery: Pointer; Organisatie: PByte;
  OrganisatieLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_preview(Delivery: Pointer; Format: UInt32; Details: UInt32; Buf: PByte;
  BufLen: NativeUInt; OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_preview_file(Delivery: Pointer; Format: UInt32; Details: UInt32;
  Path: PByte; PathLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_preview_xml_file(Path: PByte; PathLen: NativeUInt; CodelistsPath: PByte;
  CodelistsPathLen: NativeUInt; Format: UInt32; Details: UInt32; Buf: PByte; BufLen: NativeUInt;
  OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_validate_file(Path: PByte; PathLen: NativeUInt; XsdPath: PByte;
  XsdPathLen: NativeUInt; CodelistsPath: PByte; CodelistsPathLen: NativeUInt;
  OrganisatiePath: PByte; OrganisatiePathLen: NativeUInt; OutReport: PPointer): UInt32; cdecl;
  external SpiegelLib;
function spiegel_schedule_missing(FromYear: Int32; FromQuarter: UInt32; Dir: PByte;
  DirLen: NativeUInt; Year: Int32; Month: UInt32; Day: UInt32; Buf: PByte; BufLen: NativeUInt;
  OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_new_file(Path: PByte; PathLen: NativeUInt; Quarter: PByte;
  QuarterLen: NativeUInt; DatumCreatie: PByte; DatumCreatieLen: NativeUInt;
  OutStream: PPointer): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_new_callback(Callback: TSpiegelWriteCallback; User: Pointer;
  Quarter: PByte; QuarterLen: NativeUInt; DatumCreatie: PByte; DatumCreatieLen: NativeUInt;
  OutStream: PPointer): UInt32; cdecl; external SpiegelLib;
procedure spiegel_stream_free(Stream: Pointer); cdecl; external SpiegelLib;
function spiegel_stream_last_error(Stream: Pointer; Buf: PByte; BufLen: NativeUInt;
  OutLen: PSpiegelSize): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_load_codelists(Stream: Pointer; Path: PByte;
  PathLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_load_codelist_buffer(Stream: Pointer; List: PByte;
  ListLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_load_organisatie(Stream: Pointer; Path: PByte;
  PathLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_load_organisatie_buffer(Stream: Pointer; Organisatie: PByte;
  OrganisatieLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_set_drop_children_after_quarter(Stream: Pointer;
  Drop: UInt32): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_set_leave_out_unrepresentable(Stream: Pointer;
  LeaveOut: UInt32): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_start_zorgaanbieder(Stream: Pointer; ZorgaanbiederCode: PByte;
  ZorgaanbiederCodeLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_begin_zorgtraject(Stream: Pointer; VendorKey: PByte;
  VendorKeyLen: NativeUInt; Begindatum: PByte; BegindatumLen: NativeUInt; Einddatum: PByte;
  EinddatumLen: NativeUInt; GroepCode: PByte; GroepCodeLen: NativeUInt): UInt32; cdecl;
  external SpiegelLib;
function spiegel_stream_add_primair(Stream: Pointer; Code: PByte; CodeLen: NativeUInt;
  Datum: PByte; DatumLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_add_neven(Stream: Pointer; Code: PByte;
  CodeLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_add_zorgvraagtypering(Stream: Pointer; CodeHonos: PByte;
  CodeHonosLen: NativeUInt; Code: PByte; CodeLen: NativeUInt; Datum: PByte;
  DatumLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_add_prestatie(Stream: Pointer; Code: PByte; CodeLen: NativeUInt;
  Datum: PByte; DatumLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_add_meting(Stream: Pointer; MeetinstrumentCode: PByte;
  MeetinstrumentCodeLen: NativeUInt; Datum: PByte; DatumLen: NativeUInt): UInt32; cdecl;
  external SpiegelLib;
function spiegel_stream_add_loose_meting(Stream: Pointer; MeetinstrumentCode: PByte;
  MeetinstrumentCodeLen: NativeUInt; Datum: PByte; DatumLen: NativeUInt): UInt32; cdecl;
  external SpiegelLib;
function spiegel_stream_add_item(Stream: Pointer; ItemCode: PByte; ItemCodeLen: NativeUInt;
  Score: PByte; ScoreLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_end_zorgtraject(Stream: Pointer): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_count_errors(Stream: Pointer; OutCount: PSpiegelSize): UInt32; cdecl;
  external SpiegelLib;
function spiegel_stream_finish(Stream: Pointer; OutReport: PPointer): UInt32; cdecl;
  external SpiegelLib;
{ The bulk functions (ABI minor 1; SpiegelBulk.pas builds on them). }
function spiegel_abi_version_minor: UInt32; cdecl; external SpiegelLib;
function spiegel_stream_begin_zorgtraject_dated(Stream: Pointer; VendorKey: PByte;
  VendorKeyLen: NativeUInt; Begindatum, Einddatum: UInt32; GroepCode: PByte;
  GroepCodeLen: NativeUInt; OutInQuarter: PSpiegelUInt32): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_add_children_packed(Stream: Pointer; Buf: PByte;
  BufLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_stream_add_loose_metingen_packed(Stream: Pointer; Buf: PByte;
  BufLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_add_zorgtraject_packed(Delivery: Pointer; ZorgaanbiederId: UInt32;
  Buf: PByte; BufLen: NativeUInt; OutId, OutInQuarter: PSpiegelUInt32): UInt32; cdecl;
  external SpiegelLib;
function spiegel_delivery_add_children_packed(Delivery: Pointer; ZorgtrajectId: UInt32;
  Buf: PByte; BufLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_delivery_add_loose_metingen_packed(Delivery: Pointer; ZorgaanbiederId: UInt32;
  Buf: PByte; BufLen: NativeUInt): UInt32; cdecl; external SpiegelLib;
function spiegel_report_selection_count(Report: Pointer; Which: UInt32;
  OutCount: PUInt64): UInt32; cdecl; external SpiegelLib;
{$ENDIF}

{ ---- The class wrapper. ---- }

type
  { One entry of a report. Severity is SPIEGEL_SEVERITY_*; empty strings mean "none". }
  TSpiegelDiagnostic = record
    Severity: UInt32;
    Rule: string;        { stable rule id, e.g. 'agb-code', 'item-not-allowed' }
    Path: string;        { where the record is, readable }
    VendorKey: string;   { your vendor key of the trajectory }
    Attribute: string;   { the attribute concerned }
    Value: string;       { the offending value as given (masked when it may hold person data) }
    Message: string;     { what is wrong and what is allowed }
  end;
  TSpiegelDiagnostics = array of TSpiegelDiagnostic;
  TSpiegelLocations = array of string;

  { A failed call: Code is the SPIEGEL_* result code, Message the library's message (which
    record, attribute and value, what is allowed). Diagnostics: for a refused write, the whole
    report; empty otherwise. }
  ESpiegelError = class(Exception)
  private
    FCode: UInt32;
    FDiagnostics: TSpiegelDiagnostics;
  public
    constructor CreateCode(ACode: UInt32; const AMessage: string);
    property Code: UInt32 read FCode;
    property Diagnostics: TSpiegelDiagnostics read FDiagnostics;
  end;

  TSpiegelReport = class;

  { for D in Report do ... }
  TSpiegelReportEnumerator = class
  private
    FReport: TSpiegelReport;
    FIndex: Integer;
    FCount: Integer;
  public
    constructor Create(AReport: TSpiegelReport);
    function GetCurrent: TSpiegelDiagnostic;
    function MoveNext: Boolean;
    property Current: TSpiegelDiagnostic read GetCurrent;
  end;

  { The diagnostics of one validation or write. Owns its handle (freed by Free). Read-only:
    may be read from several threads. }
  TSpiegelReport = class
  private
    FHandle: Pointer;
    function GetItem(Index: Integer): TSpiegelDiagnostic;
  public
    { Takes ownership of a spiegel_report handle. }
    constructor Create(AHandle: Pointer);
    destructor Destroy; override;
    { The number of entries: identical diagnostics are one entry (see Occurrences). }
    function Count: Integer;
    { Diagnostics of one severity, every occurrence counted. }
    function CountOf(Severity: UInt32): Integer;
    { How many times the diagnostic of entry Index occurred (at least 1). }
    function Occurrences(Index: Integer): UInt64;
    { The first places entry Index occurred (at most 5; the first is its Path). }
    function Locations(Index: Integer): TSpiegelLocations;
    { Diagnostics counted but not kept (past the report's 10,000 entries). }
    function NotListed: UInt64;
    function Errors: Integer;
    function Warnings: Integer;
    function GetEnumerator: TSpiegelReportEnumerator;
    function ToArray: TSpiegelDiagnostics;
    function Csv: string;
    function Json: string;
    function Summary(WithInfo: Boolean): string;
    procedure WriteCsv(const Path: string);
    procedure WriteJson(const Path: string);
    { The language of messages, paths, summary and exports (a report starts in the language of
      the delivery or stream it came from). }
    procedure SetLanguage(Language: TSpiegelLanguage);
    property Items[Index: Integer]: TSpiegelDiagnostic read GetItem; default;
    property Handle: Pointer read FHandle;
  end;

  { A delivery being built, one record per call. Empty strings are absent optional texts.
    Not thread-safe: use one delivery from one thread at a time. }
  TSpiegelDelivery = class
  private
    FHandle: Pointer;
    FLanguage: TSpiegelLanguage;
    procedure Check(Code: UInt32);
    procedure SetLanguage(Value: TSpiegelLanguage);
    function Failure(Code: UInt32; Report: Pointer): ESpiegelError;
  public
    { Checks the ABI version of the loaded library, then creates an empty delivery. }
    constructor Create;
    destructor Destroy; override;
    function LastError: string;
    procedure SetQuarter(const Quarter: string); overload;
    procedure SetQuarter(Year: Int32; Number: UInt32); overload;
    procedure SetDatumCreatie(const DatumCreatie: string);
    procedure SetDropChildrenAfterQuarter(Drop: Boolean);
    { True: write the file all the same when records cannot be represented ("Lever alles aan
      wat je hebt"): the trajectory a refused record belongs to (or the loose meting, or the
      zorgaanbieder) is left out, its error becomes a warning and a record-left-out info
      counts them. The call that refuses a record still raises. Default False. }
    procedure SetLeaveOutUnrepresentable(LeaveOut: Boolean);
    function AddZorgaanbieder(const ZorgaanbiederCode: string): UInt32;
    function AddZorgtraject(ZorgaanbiederId: UInt32; const VendorKey, Begindatum, Einddatum,
      GroepCode: string): UInt32;
    procedure AddPrimair(ZorgtrajectId: UInt32; const DiagnoseCode, Datum: string);
    procedure AddNeven(ZorgtrajectId: UInt32; const DiagnoseCode: string);
    procedure AddZorgvraagtypering(ZorgtrajectId: UInt32; const CodeHonos, Code, Datum: string);
    procedure AddPrestatie(ZorgtrajectId: UInt32; const PrestatieCode, Datum: string);
    function AddMeting(ZorgtrajectId: UInt32; const MeetinstrumentCode, Datum: string): UInt32;
    function AddLooseMeting(ZorgaanbiederId: UInt32; const MeetinstrumentCode,
      Datum: string): UInt32;
    procedure AddItem(MetingId: UInt32; const ItemCode, Score: string);
    procedure LoadJson(const Json: string);
    { A JSON Lines delivery (one record per line). For files too large for memory use
      TSpiegelStreamingDelivery. }
    procedure LoadJsonLines(const Jsonl: string);
    { Code lists from a directory (every *.csv replaces the bundled list it names) or one list
      file (replaces that list only); nothing changes on an error. }
    procedure LoadCodeLists(const Path: string);
    { One code list from the contents of a list file. }
    procedure LoadCodeListText(const Text: string);
    { The organisation structure (one groep_code per line) from a file or from text. }
    procedure LoadOrganisatie(const Path: string);
    procedure LoadOrganisatieText(const Text: string);
    { What the PVM will share, per groep_code, in SPIEGEL_PREVIEW_* Format; Details adds every
      trajectory (text, JSON). Raises SPIEGEL_DELIVERY_HAS_ERRORS when records were refused. }
    function Preview(Format: UInt32; Details: Boolean = False): string;
    procedure PreviewToFile(Format: UInt32; Details: Boolean; const Path: string);
    { Never raises for errors in the data: look at Report.Errors. }
    function Validate: TSpiegelReport;
    { Atomic; raises ESpiegelError (with Diagnostics) when the file cannot be written. }
    function WriteFile(const Path: string): TSpiegelReport;
    function WriteBuffer: TBytes; overload;
    function WriteBuffer(out Report: TSpiegelReport): TBytes; overload;
    function WriteToStream(Stream: TStream): TSpiegelReport;
    property Handle: Pointer read FHandle;
    { The language of LastError, of exception messages and of the reports handed out from now
      on. Default slEnglish. }
    property Language: TSpiegelLanguage read FLanguage write SetLanguage;
  end;

  { What the write callback of a TStream target needs: the stream, and what went wrong in it. }
  TSpiegelStreamSink = record
    Stream: TStream;
    Failed: Boolean;
    Error: string;
  end;
  PSpiegelStreamSink = ^TSpiegelStreamSink;

  { A file written while records are pushed one at a time, in the order of the file (memory
    bounded by one trajectory): a spiegel_stream.

    Order: StartZorgaanbieder; per trajectory BeginZorgtraject, its children (AddPrimair,
    AddNeven, AddZorgvraagtypering, AddPrestatie, AddMeting + AddItem), EndZorgtraject;
    AddLooseMeting (+ AddItem) between trajectories; the next zorgaanbieder; Finish. Settings
    (code lists, organisatie, drop children) before the first zorgaanbieder.

    A refused record (bad date, bad AGB code, ...) raises ESpiegelError with Code
    SPIEGEL_INVALID_VALUE, but the stream stays usable: the error is kept for the report, and
    the records of a refused one (a refused trajectory's children, a refused meting's items)
    raise SPIEGEL_INVALID_VALUE too and are skipped. Catch it and go on pushing to collect every
    error: Finish then raises SPIEGEL_DELIVERY_HAS_ERRORS with all of them in Diagnostics.
    CountErrors tells at any moment whether Finish will refuse.

    Free without a successful Finish discards the output: the temporary file is deleted and the
    target untouched; for a TStream target, discard what was written unless Finish returned.
    Not thread-safe: use one instance from one thread at a time. }
  TSpiegelStreamingDelivery = class
  private
    FHandle: Pointer;
    { The callback's User points here: a field, alive from the constructor until Free. }
    FSink: TSpiegelStreamSink;
    FLanguage: TSpiegelLanguage;
    procedure Check(Code: UInt32);
    procedure SetLanguage(Value: TSpiegelLanguage);
  public
    { To Path, through a temporary file that a successful Finish renames over it.
      DatumCreatie 'YYYY-MM-DDTHH:MM:SS', or '' for the local time now. }
    constructor CreateToFile(const Path, Quarter: string; const DatumCreatie: string = '');
    { Into Stream, in pieces of up to 64 KiB, as trajectories end. An exception in the stream
      stops the stream: the call that hit it raises EStreamError. }
    constructor CreateToStream(Stream: TStream; const Quarter: string;
      const DatumCreatie: string = '');
    destructor Destroy; override;
    function LastError: string;
    procedure LoadCodeLists(const Path: string);
    procedure LoadCodeListText(const Text: string);
    procedure LoadOrganisatie(const Path: string);
    procedure LoadOrganisatieText(const Text: string);
    procedure SetDropChildrenAfterQuarter(Drop: Boolean);
    { As TSpiegelDelivery.SetLeaveOutUnrepresentable; only before StartZorgaanbieder. }
    procedure SetLeaveOutUnrepresentable(LeaveOut: Boolean);
    procedure StartZorgaanbieder(const ZorgaanbiederCode: string);
    { End it with EndZorgtraject, also after this raised SPIEGEL_INVALID_VALUE. }
    procedure BeginZorgtraject(const VendorKey, Begindatum, Einddatum, GroepCode: string);
    procedure AddPrimair(const DiagnoseCode, Datum: string);
    procedure AddNeven(const DiagnoseCode: string);
    procedure AddZorgvraagtypering(const CodeHonos, Code, Datum: string);
    procedure AddPrestatie(const PrestatieCode, Datum: string);
    procedure AddMeting(const MeetinstrumentCode, Datum: string);
    { To the last meting: of the open trajectory, or the last loose one. }
    procedure AddItem(const ItemCode, Score: string);
    { Selects, validates and writes the trajectory; content-rule errors do not raise here. }
    procedure EndZorgtraject;
    procedure AddLooseMeting(const MeetinstrumentCode, Datum: string);
    { Errors so far; nonzero means Finish will refuse the file. }
    function CountErrors: Integer;
    { Ends the file; the report (warnings, info). Raises ESpiegelError (with Diagnostics) with
      SPIEGEL_DELIVERY_HAS_ERRORS when there are errors. Afterwards only LastError and Free. }
    function Finish: TSpiegelReport;
    property Handle: Pointer read FHandle;
    { The language of LastError, of exception messages and of the report. Default slEnglish. }
    property Language: TSpiegelLanguage read FLanguage write SetLanguage;
  end;

  { The quarters ScheduleMissing returns, e.g. '2024-Q2'. }
  TSpiegelQuarters = array of string;

{ Whether the library can be used: it is loaded (with SPIEGEL_DYNAMIC: loading it now if it is
  not loaded yet, so asking again after installing it works) and has the ABI version this unit
  was written for. }
function SpiegelAvailable: Boolean;
{ Why the library cannot be used (not found, a function missing, another ABI version); '' when
  it can. }
function SpiegelUnavailableReason: string;

{$IFDEF SPIEGEL_DYNAMIC}
var
  { The library SPIEGEL_DYNAMIC loads: a file name searched the way the system searches (the
    program's folder first on Windows), or a full path. Set it before the first call. }
  SpiegelLibraryName: string = SpiegelLibFile;
{$ENDIF}

function SpiegelAbiVersion: UInt32;
function SpiegelVersion: string;
function SpiegelResultText(Code: UInt32): string;
{ The message of the last call on this thread. }
function SpiegelLastError: string;
{ The language of this thread's messages from calls without a delivery or stream
  (SpiegelValidateFile, report functions) and of the reports they hand out. }
procedure SpiegelSetThreadLanguage(Language: TSpiegelLanguage);
{ The quarter whose file is due on Year-Month-Day (2025-01-15 gives 2024, 4). }
procedure SpiegelDueQuarter(Year: Int32; Month, Day: UInt32; out DueYear: Int32;
  out DueQuarter: UInt32);
{ First and last day of a quarter as YYYYMMDD numbers (2024, 1 gives 20240101, 20240331). }
procedure SpiegelQuarterPeriod(Year: Int32; Quarter: UInt32; out FirstDay, LastDay: UInt32);
{ Validates the XML file at Path as the PVM would receive it: the XSD (bundled, or XsdPath),
  the reader and every content rule, with the code lists of CodeListsPath and the organisation
  structure of OrganisatiePath ('' = bundled / none). Like TSpiegelDelivery.Validate it does
  not raise for errors in the file: the report comes back either way, and Report.Errors = 0
  means valid. Raises only when the file cannot be checked (IO, INVALID_SCHEMA,
  INVALID_CODELIST, UNSUPPORTED). }
function SpiegelValidateFile(const Path: string; const XsdPath: string = '';
  const CodeListsPath: string = ''; const OrganisatiePath: string = ''): TSpiegelReport;
{ The preview of an existing XML file (not validated); CodeListsPath '' = bundled. }
function SpiegelPreviewXmlFile(const Path, CodeListsPath: string; Format: UInt32;
  Details: Boolean = False): string;
{ The quarters from FromQuarter of FromYear up to the one due on Year-Month-Day without a file
  in Dir, in order ('2024-Q1', ...); empty when none is missing. }
function SpiegelScheduleMissing(FromYear: Int32; FromQuarter: UInt32; const Dir: string;
  Year: Int32; Month, Day: UInt32): TSpiegelQuarters;

implementation

uses
  Math
  {$IFDEF SPIEGEL_DYNAMIC}
    {$IFDEF FPC}, dynlibs{$ELSE}{$IFDEF MSWINDOWS}, Windows{$ENDIF}{$ENDIF}
  {$ENDIF};

const
  { How a text-out function is called (see CallText). }
  TEXT_PLAIN = 0;    { f(buf, len, out_len) }
  TEXT_HANDLE = 1;   { f(handle, buf, len, out_len) }
  TEXT_INDEX = 2;    { f(handle, index, buf, len, out_len) }
  TEXT_SUMMARY = 3;  { spiegel_report_summary(handle, extra, buf, len, out_len) }
  TEXT_CODE = 4;     { spiegel_result_text(extra, buf, len, out_len) }
  TEXT_PREVIEW = 5;  { spiegel_delivery_preview(handle, extra, index, buf, len, out_len) }
  TEXT_LOCATION = 6; { spiegel_report_location(handle, index, extra, buf, len, out_len) }

type
  TTextPlainFn = function(Buf: PByte; BufLen: NativeUInt; OutLen: PSpiegelSize): UInt32; cdecl;
  TTextHandleFn = function(H: Pointer; Buf: PByte; BufLen: NativeUInt;
    OutLen: PSpiegelSize): UInt32; cdecl;
  TTextIndexFn = function(H: Pointer; Index: NativeUInt; Buf: PByte; BufLen: NativeUInt;
    OutLen: PSpiegelSize): UInt32; cdecl;

  TStreamSink = TSpiegelStreamSink;
  PStreamSink = PSpiegelStreamSink;

var
  AbiChecked: Boolean = False;

{ ---- Loading the library at run time (SPIEGEL_DYNAMIC). ---- }

{$IFDEF SPIEGEL_DYNAMIC}
type
  TSpiegelLibHandle = {$IFDEF FPC}TLibHandle{$ELSE}HMODULE{$ENDIF};

var
  LibHandle: TSpiegelLibHandle = 0;
  LoadFailure: string = 'not loaded';

{ What every import points to while the library is not loaded. cdecl: the caller removes its
  arguments, so one stub serves every signature. }
procedure SpiegelNotLoaded; cdecl;
begin
  raise ESpiegelError.CreateCode(SPIEGEL_WRONG_STATE,
    'the spiegelinformatie library is not available: ' + LoadFailure);
end;

function ImportAddress(Lib: TSpiegelLibHandle; const Name: string; var Missing: string): Pointer;
begin
  {$IFDEF FPC}
  Result := GetProcedureAddress(Lib, AnsiString(Name));
  {$ELSE}{$IFDEF MSWINDOWS}
  Result := GetProcAddress(Lib, PAnsiChar(AnsiString(Name)));  { every Delphi has the ANSI one }
  {$ELSE}
  Result := GetProcAddress(Lib, PChar(Name));
  {$ENDIF}{$ENDIF}
  if Result = nil then
  begin
    if Missing <> '' then
      Missing := Missing + ', ';
    Missing := Missing + Name;
  end;
end;

{$I SpiegelinformatieDynamicBind.inc}

function LoadError: string;
begin
  {$IFDEF FPC}
  Result := GetLoadErrorStr;
  {$ELSE}
  Result := SysErrorMessage(GetLastError);
  {$ENDIF}
end;

{ Loads and binds the library unless it is loaded; False (and LoadFailure says why) when it
  cannot. Load it from one thread before using the unit from several: LoadLibrary is
  reference-counted, so a race costs nothing worse than a second load of the same file. }
{ Windows looks in the program's folder first; dlopen does not, so a bare name is tried
  there first on other systems too. }
function OpenLibrary(const Name: string): TSpiegelLibHandle;
begin
  {$IFNDEF MSWINDOWS}
  if (Pos('/', Name) = 0) and (ExtractFilePath(ParamStr(0)) <> '') then
  begin
    Result := LoadLibrary(PChar(ExtractFilePath(ParamStr(0)) + Name));
    if Result <> 0 then
      Exit;
  end;
  {$ENDIF}
  Result := LoadLibrary(PChar(Name));
end;

function TryLoadLibrary: Boolean;
var
  Lib: TSpiegelLibHandle;
  Missing: string;
begin
  if LibHandle <> 0 then
    Exit(True);
  Lib := OpenLibrary(SpiegelLibraryName);
  if Lib = 0 then
  begin
    LoadFailure := SpiegelLibraryName + ' cannot be loaded: ' + LoadError;
    Exit(False);
  end;
  Missing := '';
  BindImports(Lib, Missing);
  if Missing <> '' then
  begin
    UnbindImports;
    FreeLibrary(Lib);
    LoadFailure := SpiegelLibraryName + ' lacks ' + Missing + ' (a library older than this unit?)';
    Exit(False);
  end;
  LibHandle := Lib;
  LoadFailure := '';
  Result := True;
end;
{$ENDIF}

{ Raises ESpiegelError when the library is not loaded and cannot be (SPIEGEL_DYNAMIC only: a
  program linked with `external` imports does not start without it). }
procedure RequireLibrary;
begin
  {$IFDEF SPIEGEL_DYNAMIC}
  if not TryLoadLibrary then
    raise ESpiegelError.CreateCode(SPIEGEL_WRONG_STATE,
      'the spiegelinformatie library is not available: ' + LoadFailure);
  {$ENDIF}
end;

{ ---- Floating point. ---- }

{ Masks every floating-point exception and returns the mask to restore. Rust's JSON number
  parsing and libxml2 compute infinities and NaN, which Delphi and FPC trap by default
  (EOverflow, EInvalidOp, EZeroDivide from inside the library). }
function MaskFloatingPoint: TFPUExceptionMask;
begin
  Result := GetExceptionMask;
  SetExceptionMask([exInvalidOp, exDenormalized, exZeroDivide, exOverflow, exUnderflow,
    exPrecision]);
end;

{ Clears what the call left pending, then restores the caller's mask. }
procedure RestoreFloatingPoint(const Saved: TFPUExceptionMask);
begin
  ClearExceptions(False);
  SetExceptionMask(Saved);
end;

{ UTF-8 of a string: Delphi converts from UTF-16; FPC keeps (or converts to) UTF-8. }
function ToUtf8(const S: string): UTF8String;
begin
  Result := UTF8String(S);
end;

{ A pointer to the text of U, never nil (the ABI refuses NULL for required text, even empty). }
function TextPtr(const U: UTF8String): PByte;
begin
  Result := PByte(PAnsiChar(U));
end;

{ An optional text: nil for ''. }
function OptPtr(const U: UTF8String): PByte;
begin
  if Length(U) = 0 then
    Result := nil
  else
    Result := PByte(PAnsiChar(U));
end;

function Len(const U: UTF8String): NativeUInt;
begin
  Result := NativeUInt(Length(U));
end;

function CallText(Kind: Integer; Fn: Pointer; H: Pointer; Index: NativeUInt; Extra: UInt32;
  Buf: PByte; BufLen: NativeUInt; OutLen: PSpiegelSize): UInt32;
begin
  case Kind of
    TEXT_PLAIN: Result := TTextPlainFn(Fn)(Buf, BufLen, OutLen);
    TEXT_HANDLE: Result := TTextHandleFn(Fn)(H, Buf, BufLen, OutLen);
    TEXT_INDEX: Result := TTextIndexFn(Fn)(H, Index, Buf, BufLen, OutLen);
    TEXT_SUMMARY: Result := spiegel_report_summary(H, Extra, Buf, BufLen, OutLen);
    TEXT_PREVIEW: Result := spiegel_delivery_preview(H, Extra, UInt32(Index), Buf, BufLen, OutLen);
    TEXT_LOCATION: Result := spiegel_report_location(H, Index, NativeUInt(Extra), Buf, BufLen, OutLen);
  else
    Result := spiegel_result_text(Extra, Buf, BufLen, OutLen);
  end;
end;

{ The size-query pattern: ask with (nil, 0), allocate out_len + 1, ask again (and again if
  the text grew meanwhile). Returns the code: SPIEGEL_OK with Text set, or the failure. }
function ReadText(Kind: Integer; Fn: Pointer; H: Pointer; Index: NativeUInt; Extra: UInt32;
  out Text: string): UInt32;
var
  Needed: NativeUInt;
  Buf: UTF8String;
begin
  Text := '';
  Needed := 0;
  Result := CallText(Kind, Fn, H, Index, Extra, nil, 0, @Needed);
  while True do
  begin
    if (Result = SPIEGEL_OK) and (Needed = 0) then
      Exit;
    if (Result <> SPIEGEL_OK) and (Result <> SPIEGEL_BUFFER_TOO_SMALL) then
      Exit;
    SetLength(Buf, Needed + 1);
    Result := CallText(Kind, Fn, H, Index, Extra, PByte(PAnsiChar(Buf)), Needed + 1, @Needed);
    if Result = SPIEGEL_OK then
    begin
      SetLength(Buf, Needed);
      Text := string(Buf);
      Exit;
    end;
  end;
end;

function SpiegelUnavailableReason: string;
var
  Loaded: UInt32;
begin
  {$IFDEF SPIEGEL_DYNAMIC}
  if not TryLoadLibrary then
    Exit(LoadFailure);
  {$ENDIF}
  Loaded := spiegel_abi_version;
  if Loaded <> SPIEGEL_HEADER_ABI_VERSION then
    Result := 'the library has ABI version ' + IntToStr(Loaded) + ', this unit was written for '
      + IntToStr(SPIEGEL_HEADER_ABI_VERSION)
  else
    Result := '';
end;

function SpiegelAvailable: Boolean;
begin
  Result := SpiegelUnavailableReason = '';
end;

function SpiegelAbiVersion: UInt32;
begin
  RequireLibrary;
  Result := spiegel_abi_version;
end;

function SpiegelResultText(Code: UInt32): string;
begin
  RequireLibrary;
  if ReadText(TEXT_CODE, nil, nil, 0, Code, Result) <> SPIEGEL_OK then
    Result := 'unknown result code ' + IntToStr(Code);
end;

function SpiegelLastError: string;
begin
  RequireLibrary;
  if ReadText(TEXT_PLAIN, @spiegel_last_error, nil, 0, 0, Result) <> SPIEGEL_OK then
    Result := '';
end;

function MessageOr(const Message: string; Code: UInt32): string;
begin
  if Message = '' then
    Result := SpiegelResultText(Code)
  else
    Result := Message;
end;

{ The exception for a failed write, validation or finish, with the diagnostics of Report
  (may be nil) copied in; the report is freed. }
function FailureWith(Code: UInt32; const Message: string; Report: Pointer): ESpiegelError;
var
  R: TSpiegelReport;
begin
  Result := ESpiegelError.CreateCode(Code, Message);
  if Report <> nil then
  begin
    R := TSpiegelReport.Create(Report);
    try
      Result.FDiagnostics := R.ToArray;
    finally
      R.Free;
    end;
  end;
end;

{ Raises when the loaded library has another ABI than this unit. }
procedure EnsureAbi;
var
  Loaded: UInt32;
begin
  if AbiChecked then
    Exit;
  RequireLibrary;
  Loaded := spiegel_abi_version;
  if Loaded <> SPIEGEL_HEADER_ABI_VERSION then
    raise ESpiegelError.CreateCode(SPIEGEL_WRONG_STATE, 'libspiegelinformatie has ABI version '
      + IntToStr(Loaded) + ', this unit was written for ' + IntToStr(SPIEGEL_HEADER_ABI_VERSION));
  AbiChecked := True;
end;

{ Raises ESpiegelError with the thread's last error unless Code is SPIEGEL_OK. }
procedure CheckThread(Code: UInt32);
begin
  if Code <> SPIEGEL_OK then
    raise ESpiegelError.CreateCode(Code, MessageOr(SpiegelLastError, Code));
end;

procedure SpiegelSetThreadLanguage(Language: TSpiegelLanguage);
begin
  CheckThread(spiegel_set_thread_language(UInt32(Ord(Language))));
end;

function SpiegelVersion: string;
begin
  RequireLibrary;
  CheckThread(ReadText(TEXT_PLAIN, @spiegel_version, nil, 0, 0, Result));
end;

procedure SpiegelDueQuarter(Year: Int32; Month, Day: UInt32; out DueYear: Int32;
  out DueQuarter: UInt32);
begin
  DueYear := 0;
  DueQuarter := 0;
  RequireLibrary;
  CheckThread(spiegel_schedule_due(Year, Month, Day, @DueYear, @DueQuarter));
end;

procedure SpiegelQuarterPeriod(Year: Int32; Quarter: UInt32; out FirstDay, LastDay: UInt32);
begin
  FirstDay := 0;
  LastDay := 0;
  RequireLibrary;
  CheckThread(spiegel_quarter_period(Year, Quarter, @FirstDay, @LastDay));
end;

{ ESpiegelError }

constructor ESpiegelError.CreateCode(ACode: UInt32; const AMessage: string);
begin
  inherited Create(AMessage);
  FCode := ACode;
end;

{ TSpiegelReportEnumerator }

constructor TSpiegelReportEnumerator.Create(AReport: TSpiegelReport);
begin
  inherited Create;
  FReport := AReport;
  FIndex := -1;
  FCount := AReport.Count;
end;

function TSpiegelReportEnumerator.GetCurrent: TSpiegelDiagnostic;
begin
  Result := FReport[FIndex];
end;

function TSpiegelReportEnumerator.MoveNext: Boolean;
begin
  Inc(FIndex);
  Result := FIndex < FCount;
end;

{ TSpiegelReport }

constructor TSpiegelReport.Create(AHandle: Pointer);
begin
  inherited Create;
  FHandle := AHandle;
end;

destructor TSpiegelReport.Destroy;
begin
  spiegel_report_free(FHandle);
  FHandle := nil;
  inherited Destroy;
end;

procedure TSpiegelReport.SetLanguage(Language: TSpiegelLanguage);
begin
  CheckThread(spiegel_report_set_language(FHandle, UInt32(Ord(Language))));
end;

function TSpiegelReport.Count: Integer;
var
  N: NativeUInt;
begin
  N := 0;
  CheckThread(spiegel_report_count(FHandle, @N));
  Result := Integer(N);
end;

function TSpiegelReport.CountOf(Severity: UInt32): Integer;
var
  N: NativeUInt;
begin
  N := 0;
  CheckThread(spiegel_report_count_severity(FHandle, Severity, @N));
  Result := Integer(N);
end;

function TSpiegelReport.Occurrences(Index: Integer): UInt64;
begin
  Result := 0;
  CheckThread(spiegel_report_occurrences(FHandle, NativeUInt(Max(Index, 0)), @Result));
end;

function TSpiegelReport.Locations(Index: Integer): TSpiegelLocations;
var
  N: NativeUInt;
  J: Integer;
begin
  Result := nil;
  N := 0;
  CheckThread(spiegel_report_location_count(FHandle, NativeUInt(Max(Index, 0)), @N));
  SetLength(Result, N);
  for J := 0 to High(Result) do
    CheckThread(ReadText(TEXT_LOCATION, nil, FHandle, NativeUInt(Index), UInt32(J), Result[J]));
end;

function TSpiegelReport.NotListed: UInt64;
begin
  Result := 0;
  CheckThread(spiegel_report_not_listed(FHandle, @Result));
end;

function TSpiegelReport.Errors: Integer;
begin
  Result := CountOf(SPIEGEL_SEVERITY_ERROR);
end;

function TSpiegelReport.Warnings: Integer;
begin
  Result := CountOf(SPIEGEL_SEVERITY_WARNING);
end;

function TSpiegelReport.GetItem(Index: Integer): TSpiegelDiagnostic;
var
  I: NativeUInt;
begin
  if (Index < 0) or (Index >= Count) then
    raise EArgumentOutOfRangeException.Create('diagnostic index ' + IntToStr(Index) + ': the report has '
      + IntToStr(Count) + ' diagnostics');
  I := NativeUInt(Index);
  Result := Default(TSpiegelDiagnostic);
  CheckThread(spiegel_report_severity(FHandle, I, @Result.Severity));
  CheckThread(ReadText(TEXT_INDEX, @spiegel_report_rule, FHandle, I, 0, Result.Rule));
  CheckThread(ReadText(TEXT_INDEX, @spiegel_report_path, FHandle, I, 0, Result.Path));
  CheckThread(ReadText(TEXT_INDEX, @spiegel_report_vendor_key, FHandle, I, 0, Result.VendorKey));
  CheckThread(ReadText(TEXT_INDEX, @spiegel_report_attribute, FHandle, I, 0, Result.Attribute));
  CheckThread(ReadText(TEXT_INDEX, @spiegel_report_value, FHandle, I, 0, Result.Value));
  CheckThread(ReadText(TEXT_INDEX, @spiegel_report_message, FHandle, I, 0, Result.Message));
end;

function TSpiegelReport.GetEnumerator: TSpiegelReportEnumerator;
begin
  Result := TSpiegelReportEnumerator.Create(Self);
end;

function TSpiegelReport.ToArray: TSpiegelDiagnostics;
var
  I: Integer;
begin
  Result := nil;
  SetLength(Result, Count);
  for I := 0 to High(Result) do
    Result[I] := GetItem(I);
end;

function TSpiegelReport.Csv: string;
begin
  CheckThread(ReadText(TEXT_HANDLE, @spiegel_report_csv, FHandle, 0, 0, Result));
end;

function TSpiegelReport.Json: string;
begin
  CheckThread(ReadText(TEXT_HANDLE, @spiegel_report_json, FHandle, 0, 0, Result));
end;

function TSpiegelReport.Summary(WithInfo: Boolean): string;
begin
  CheckThread(ReadText(TEXT_SUMMARY, nil, FHandle, 0, UInt32(Ord(WithInfo)), Result));
end;

procedure TSpiegelReport.WriteCsv(const Path: string);
var
  P: UTF8String;
begin
  P := ToUtf8(Path);
  CheckThread(spiegel_report_write_csv(FHandle, TextPtr(P), Len(P)));
end;

procedure TSpiegelReport.WriteJson(const Path: string);
var
  P: UTF8String;
begin
  P := ToUtf8(Path);
  CheckThread(spiegel_report_write_json(FHandle, TextPtr(P), Len(P)));
end;

{ TSpiegelDelivery }

constructor TSpiegelDelivery.Create;
var
  Code: UInt32;
begin
  inherited Create;
  EnsureAbi;
  FHandle := nil;
  Code := spiegel_delivery_new(@FHandle);
  CheckThread(Code);
end;

destructor TSpiegelDelivery.Destroy;
begin
  spiegel_delivery_free(FHandle);
  FHandle := nil;
  inherited Destroy;
end;

function TSpiegelDelivery.LastError: string;
begin
  if ReadText(TEXT_HANDLE, @spiegel_delivery_last_error, FHandle, 0, 0, Result) <> SPIEGEL_OK then
    Result := '';
end;

procedure TSpiegelDelivery.Check(Code: UInt32);
begin
  if Code <> SPIEGEL_OK then
    raise ESpiegelError.CreateCode(Code, MessageOr(LastError, Code));
end;

{ The exception for a failed write/validate, with the report's diagnostics copied in (the
  report itself is freed). }
function TSpiegelDelivery.Failure(Code: UInt32; Report: Pointer): ESpiegelError;
begin
  Result := FailureWith(Code, MessageOr(LastError, Code), Report);
end;

procedure TSpiegelDelivery.SetQuarter(const Quarter: string);
var
  Q: UTF8String;
begin
  Q := ToUtf8(Quarter);
  Check(spiegel_delivery_set_quarter(FHandle, TextPtr(Q), Len(Q)));
end;

procedure TSpiegelDelivery.SetQuarter(Year: Int32; Number: UInt32);
begin
  Check(spiegel_delivery_set_quarter_number(FHandle, Year, Number));
end;

procedure TSpiegelDelivery.SetDatumCreatie(const DatumCreatie: string);
var
  D: UTF8String;
begin
  D := ToUtf8(DatumCreatie);
  Check(spiegel_delivery_set_datum_creatie(FHandle, TextPtr(D), Len(D)));
end;

procedure TSpiegelDelivery.SetLanguage(Value: TSpiegelLanguage);
begin
  Check(spiegel_delivery_set_language(FHandle, UInt32(Ord(Value))));
  FLanguage := Value;
end;

procedure TSpiegelDelivery.SetDropChildrenAfterQuarter(Drop: Boolean);
begin
  Check(spiegel_delivery_set_drop_children_after_quarter(FHandle, UInt32(Ord(Drop))));
end;

procedure TSpiegelDelivery.SetLeaveOutUnrepresentable(LeaveOut: Boolean);
begin
  Check(spiegel_delivery_set_leave_out_unrepresentable(FHandle, UInt32(Ord(LeaveOut))));
end;

function TSpiegelDelivery.AddZorgaanbieder(const ZorgaanbiederCode: string): UInt32;
var
  C: UTF8String;
begin
  C := ToUtf8(ZorgaanbiederCode);
  Result := 0;
  Check(spiegel_delivery_add_zorgaanbieder(FHandle, TextPtr(C), Len(C), @Result));
end;

function TSpiegelDelivery.AddZorgtraject(ZorgaanbiederId: UInt32; const VendorKey, Begindatum,
  Einddatum, GroepCode: string): UInt32;
var
  K, B, E, G: UTF8String;
begin
  K := ToUtf8(VendorKey);
  B := ToUtf8(Begindatum);
  E := ToUtf8(Einddatum);
  G := ToUtf8(GroepCode);
  Result := 0;
  Check(spiegel_delivery_add_zorgtraject(FHandle, ZorgaanbiederId, OptPtr(K), Len(K), TextPtr(B),
    Len(B), OptPtr(E), Len(E), OptPtr(G), Len(G), @Result));
end;

procedure TSpiegelDelivery.AddPrimair(ZorgtrajectId: UInt32; const DiagnoseCode, Datum: string);
var
  C, D: UTF8String;
begin
  C := ToUtf8(DiagnoseCode);
  D := ToUtf8(Datum);
  Check(spiegel_delivery_add_primair(FHandle, ZorgtrajectId, TextPtr(C), Len(C), TextPtr(D), Len(D)));
end;

procedure TSpiegelDelivery.AddNeven(ZorgtrajectId: UInt32; const DiagnoseCode: string);
var
  C: UTF8String;
begin
  C := ToUtf8(DiagnoseCode);
  Check(spiegel_delivery_add_neven(FHandle, ZorgtrajectId, TextPtr(C), Len(C)));
end;

procedure TSpiegelDelivery.AddZorgvraagtypering(ZorgtrajectId: UInt32; const CodeHonos, Code,
  Datum: string);
var
  H, C, D: UTF8String;
begin
  H := ToUtf8(CodeHonos);
  C := ToUtf8(Code);
  D := ToUtf8(Datum);
  Check(spiegel_delivery_add_zorgvraagtypering(FHandle, ZorgtrajectId, OptPtr(H), Len(H),
    OptPtr(C), Len(C), TextPtr(D), Len(D)));
end;

procedure TSpiegelDelivery.AddPrestatie(ZorgtrajectId: UInt32; const PrestatieCode, Datum: string);
var
  C, D: UTF8String;
begin
  C := ToUtf8(PrestatieCode);
  D := ToUtf8(Datum);
  Check(spiegel_delivery_add_prestatie(FHandle, ZorgtrajectId, TextPtr(C), Len(C), TextPtr(D), Len(D)));
end;

function TSpiegelDelivery.AddMeting(ZorgtrajectId: UInt32; const MeetinstrumentCode,
  Datum: string): UInt32;
var
  C, D: UTF8String;
begin
  C := ToUtf8(MeetinstrumentCode);
  D := ToUtf8(Datum);
  Result := 0;
  Check(spiegel_delivery_add_meting(FHandle, ZorgtrajectId, TextPtr(C), Len(C), TextPtr(D), Len(D),
    @Result));
end;

function TSpiegelDelivery.AddLooseMeting(ZorgaanbiederId: UInt32; const MeetinstrumentCode,
  Datum: string): UInt32;
var
  C, D: UTF8String;
begin
  C := ToUtf8(MeetinstrumentCode);
  D := ToUtf8(Datum);
  Result := 0;
  Check(spiegel_delivery_add_loose_meting(FHandle, ZorgaanbiederId, TextPtr(C), Len(C), TextPtr(D),
    Len(D), @Result));
end;

procedure TSpiegelDelivery.AddItem(MetingId: UInt32; const ItemCode, Score: string);
var
  C, S: UTF8String;
begin
  C := ToUtf8(ItemCode);
  S := ToUtf8(Score);
  Check(spiegel_delivery_add_item(FHandle, MetingId, TextPtr(C), Len(C), TextPtr(S), Len(S)));
end;

procedure TSpiegelDelivery.LoadJson(const Json: string);
var
  J: UTF8String;
  Saved: TFPUExceptionMask;
  Code: UInt32;
begin
  J := ToUtf8(Json);
  Saved := MaskFloatingPoint;
  try
    Code := spiegel_delivery_load_json(FHandle, TextPtr(J), Len(J));
  finally
    RestoreFloatingPoint(Saved);
  end;
  Check(Code);
end;

procedure TSpiegelDelivery.LoadJsonLines(const Jsonl: string);
var
  J: UTF8String;
  Saved: TFPUExceptionMask;
  Code: UInt32;
begin
  J := ToUtf8(Jsonl);
  Saved := MaskFloatingPoint;
  try
    Code := spiegel_delivery_load_jsonl(FHandle, TextPtr(J), Len(J));
  finally
    RestoreFloatingPoint(Saved);
  end;
  Check(Code);
end;

procedure TSpiegelDelivery.LoadCodeLists(const Path: string);
var
  P: UTF8String;
begin
  P := ToUtf8(Path);
  Check(spiegel_delivery_load_codelists(FHandle, TextPtr(P), Len(P)));
end;

procedure TSpiegelDelivery.LoadCodeListText(const Text: string);
var
  T: UTF8String;
begin
  T := ToUtf8(Text);
  Check(spiegel_delivery_load_codelist_buffer(FHandle, TextPtr(T), Len(T)));
end;

procedure TSpiegelDelivery.LoadOrganisatie(const Path: string);
var
  P: UTF8String;
begin
  P := ToUtf8(Path);
  Check(spiegel_delivery_load_organisatie(FHandle, TextPtr(P), Len(P)));
end;

procedure TSpiegelDelivery.LoadOrganisatieText(const Text: string);
var
  T: UTF8String;
begin
  T := ToUtf8(Text);
  Check(spiegel_delivery_load_organisatie_buffer(FHandle, TextPtr(T), Len(T)));
end;

function TSpiegelDelivery.Preview(Format: UInt32; Details: Boolean): string;
begin
  { Details travels in the Index slot of ReadText. }
  Check(ReadText(TEXT_PREVIEW, nil, FHandle, NativeUInt(Ord(Details)), Format, Result));
end;

procedure TSpiegelDelivery.PreviewToFile(Format: UInt32; Details: Boolean; const Path: string);
var
  P: UTF8String;
begin
  P := ToUtf8(Path);
  Check(spiegel_delivery_preview_file(FHandle, Format, UInt32(Ord(Details)), TextPtr(P), Len(P)));
end;

function TSpiegelDelivery.Validate: TSpiegelReport;
var
  R: Pointer;
  Code: UInt32;
begin
  R := nil;
  Code := spiegel_delivery_validate(FHandle, @R);
  if (Code <> SPIEGEL_OK) and (Code <> SPIEGEL_DELIVERY_HAS_ERRORS) then
    raise Failure(Code, R);
  Result := TSpiegelReport.Create(R);
end;

function TSpiegelDelivery.WriteFile(const Path: string): TSpiegelReport;
var
  P: UTF8String;
  R: Pointer;
  Code: UInt32;
begin
  P := ToUtf8(Path);
  R := nil;
  Code := spiegel_delivery_write_file(FHandle, TextPtr(P), Len(P), @R);
  if Code <> SPIEGEL_OK then
    raise Failure(Code, R);
  Result := TSpiegelReport.Create(R);
end;

function TSpiegelDelivery.WriteBuffer: TBytes;
var
  R: TSpiegelReport;
begin
  Result := WriteBuffer(R);
  R.Free;
end;

function TSpiegelDelivery.WriteBuffer(out Report: TSpiegelReport): TBytes;
var
  Needed: NativeUInt;
  R: Pointer;
  Code: UInt32;
begin
  Result := nil;
  Report := nil;
  Needed := 0;
  R := nil;
  Code := spiegel_delivery_write_buffer(FHandle, nil, 0, @Needed, @R);
  while True do
  begin
    if Code <> SPIEGEL_BUFFER_TOO_SMALL then
      raise Failure(Code, R);
    spiegel_report_free(R);
    R := nil;
    { One byte more than the XML, for the NUL the library appends. }
    SetLength(Result, Needed + 1);
    Code := spiegel_delivery_write_buffer(FHandle, @Result[0], Needed + 1, @Needed, @R);
    if Code = SPIEGEL_OK then
    begin
      SetLength(Result, Needed);
      Report := TSpiegelReport.Create(R);
      Exit;
    end;
  end;
end;

{ The write callback: never lets an exception escape into the library. }
function StreamSinkWrite(User: Pointer; Data: PByte; Len: NativeUInt): Int32; cdecl;
var
  Sink: PStreamSink;
begin
  Sink := PStreamSink(User);
  try
    if Len > 0 then
      Sink^.Stream.WriteBuffer(Data^, Len);
    Result := 0;
  except
    on E: Exception do
    begin
      Sink^.Failed := True;
      Sink^.Error := E.Message;
      Result := 1;
    end;
  end;
end;

function TSpiegelDelivery.WriteToStream(Stream: TStream): TSpiegelReport;
var
  Sink: TStreamSink;
  R: Pointer;
  Code: UInt32;
begin
  Sink.Stream := Stream;
  Sink.Failed := False;
  Sink.Error := '';
  R := nil;
  Code := spiegel_delivery_write_callback(FHandle, StreamSinkWrite, @Sink, @R);
  if Sink.Failed then
  begin
    spiegel_report_free(R);
    raise EStreamError.Create('writing the file stopped: ' + Sink.Error);
  end;
  if Code <> SPIEGEL_OK then
    raise Failure(Code, R);
  Result := TSpiegelReport.Create(R);
end;

{ Files and the calendar, without a handle: messages from the thread's last error. }

function SpiegelValidateFile(const Path, XsdPath, CodeListsPath,
  OrganisatiePath: string): TSpiegelReport;
var
  P, X, C, O: UTF8String;
  R: Pointer;
  Code: UInt32;
  Saved: TFPUExceptionMask;
begin
  EnsureAbi;
  P := ToUtf8(Path);
  X := ToUtf8(XsdPath);
  C := ToUtf8(CodeListsPath);
  O := ToUtf8(OrganisatiePath);
  R := nil;
  { libxml2, which checks the XSD, computes NaN and infinities. }
  Saved := MaskFloatingPoint;
  try
    Code := spiegel_validate_file(TextPtr(P), Len(P), OptPtr(X), Len(X), OptPtr(C), Len(C),
      OptPtr(O), Len(O), @R);
  finally
    RestoreFloatingPoint(Saved);
  end;
  if ((Code = SPIEGEL_OK) or (Code = SPIEGEL_DELIVERY_HAS_ERRORS)) and (R <> nil) then
    Result := TSpiegelReport.Create(R)
  else
    raise FailureWith(Code, MessageOr(SpiegelLastError, Code), R);
end;

function SpiegelPreviewXmlFile(const Path, CodeListsPath: string; Format: UInt32;
  Details: Boolean): string;
var
  P, C, Buf: UTF8String;
  Needed: NativeUInt;
  Code: UInt32;
begin
  EnsureAbi;
  P := ToUtf8(Path);
  C := ToUtf8(CodeListsPath);
  Needed := 0;
  Code := spiegel_preview_xml_file(TextPtr(P), Len(P), OptPtr(C), Len(C), Format,
    UInt32(Ord(Details)), nil, 0, @Needed);
  { The size-query pattern, as ReadText. }
  while Code = SPIEGEL_BUFFER_TOO_SMALL do
  begin
    SetLength(Buf, Needed + 1);
    Code := spiegel_preview_xml_file(TextPtr(P), Len(P), OptPtr(C), Len(C), Format,
      UInt32(Ord(Details)), PByte(PAnsiChar(Buf)), Needed + 1, @Needed);
  end;
  CheckThread(Code);
  SetLength(Buf, Needed);
  Result := string(Buf);
end;

function SpiegelScheduleMissing(FromYear: Int32; FromQuarter: UInt32; const Dir: string;
  Year: Int32; Month, Day: UInt32): TSpiegelQuarters;
var
  D, Buf: UTF8String;
  Needed: NativeUInt;
  Code: UInt32;
  Text: string;
  Start, I, N: Integer;
begin
  EnsureAbi;
  Result := nil;
  D := ToUtf8(Dir);
  Needed := 0;
  Code := spiegel_schedule_missing(FromYear, FromQuarter, TextPtr(D), Len(D), Year, Month, Day,
    nil, 0, @Needed);
  while Code = SPIEGEL_BUFFER_TOO_SMALL do
  begin
    SetLength(Buf, Needed + 1);
    Code := spiegel_schedule_missing(FromYear, FromQuarter, TextPtr(D), Len(D), Year, Month, Day,
      PByte(PAnsiChar(Buf)), Needed + 1, @Needed);
  end;
  CheckThread(Code);
  SetLength(Buf, Needed);
  Text := string(Buf);
  if Text = '' then
    Exit;
  { 'A,B,C' -> ['A', 'B', 'C'] }
  N := 1;
  for I := 1 to Length(Text) do
    if Text[I] = ',' then
      Inc(N);
  SetLength(Result, N);
  N := 0;
  Start := 1;
  for I := 1 to Length(Text) + 1 do
    if (I > Length(Text)) or (Text[I] = ',') then
    begin
      Result[N] := Copy(Text, Start, I - Start);
      Inc(N);
      Start := I + 1;
    end;
end;

{ TSpiegelStreamingDelivery }

constructor TSpiegelStreamingDelivery.CreateToFile(const Path, Quarter, DatumCreatie: string);
var
  P, Q, D: UTF8String;
begin
  inherited Create;
  EnsureAbi;
  FHandle := nil;
  P := ToUtf8(Path);
  Q := ToUtf8(Quarter);
  D := ToUtf8(DatumCreatie);
  CheckThread(spiegel_stream_new_file(TextPtr(P), Len(P), TextPtr(Q), Len(Q), OptPtr(D), Len(D),
    @FHandle));
end;

constructor TSpiegelStreamingDelivery.CreateToStream(Stream: TStream; const Quarter,
  DatumCreatie: string);
var
  Q, D: UTF8String;
begin
  inherited Create;
  EnsureAbi;
  FHandle := nil;
  if Stream = nil then
    raise ESpiegelError.CreateCode(SPIEGEL_NULL_ARGUMENT, 'Stream is nil');
  FSink.Stream := Stream;
  FSink.Failed := False;
  FSink.Error := '';
  Q := ToUtf8(Quarter);
  D := ToUtf8(DatumCreatie);
  { User is the address of the FSink field: it lives as long as this object, which outlives
    every call on the stream (the library never calls back after Finish or during Free). }
  CheckThread(spiegel_stream_new_callback(StreamSinkWrite, @FSink, TextPtr(Q), Len(Q), OptPtr(D),
    Len(D), @FHandle));
end;

destructor TSpiegelStreamingDelivery.Destroy;
begin
  { Without a successful Finish this discards the output. nil (a failed constructor) is fine. }
  spiegel_stream_free(FHandle);
  FHandle := nil;
  inherited Destroy;
end;

function TSpiegelStreamingDelivery.LastError: string;
begin
  if ReadText(TEXT_HANDLE, @spiegel_stream_last_error, FHandle, 0, 0, Result) <> SPIEGEL_OK then
    Result := '';
end;

procedure TSpiegelStreamingDelivery.Check(Code: UInt32);
begin
  if Code = SPIEGEL_OK then
    Exit;
  if FSink.Failed then
    raise EStreamError.Create('writing the file stopped: ' + FSink.Error);
  raise ESpiegelError.CreateCode(Code, MessageOr(LastError, Code));
end;

procedure TSpiegelStreamingDelivery.LoadCodeLists(const Path: string);
var
  P: UTF8String;
begin
  P := ToUtf8(Path);
  Check(spiegel_stream_load_codelists(FHandle, TextPtr(P), Len(P)));
end;

procedure TSpiegelStreamingDelivery.LoadCodeListText(const Text: string);
var
  T: UTF8String;
begin
  T := ToUtf8(Text);
  Check(spiegel_stream_load_codelist_buffer(FHandle, TextPtr(T), Len(T)));
end;

procedure TSpiegelStreamingDelivery.LoadOrganisatie(const Path: string);
var
  P: UTF8String;
begin
  P := ToUtf8(Path);
  Check(spiegel_stream_load_organisatie(FHandle, TextPtr(P), Len(P)));
end;

procedure TSpiegelStreamingDelivery.LoadOrganisatieText(const Text: string);
var
  T: UTF8String;
begin
  T := ToUtf8(Text);
  Check(spiegel_stream_load_organisatie_buffer(FHandle, TextPtr(T), Len(T)));
end;

procedure TSpiegelStreamingDelivery.SetLanguage(Value: TSpiegelLanguage);
begin
  Check(spiegel_stream_set_language(FHandle, UInt32(Ord(Value))));
  FLanguage := Value;
end;

procedure TSpiegelStreamingDelivery.SetDropChildrenAfterQuarter(Drop: Boolean);
begin
  Check(spiegel_stream_set_drop_children_after_quarter(FHandle, UInt32(Ord(Drop))));
end;

procedure TSpiegelStreamingDelivery.SetLeaveOutUnrepresentable(LeaveOut: Boolean);
begin
  Check(spiegel_stream_set_leave_out_unrepresentable(FHandle, UInt32(Ord(LeaveOut))));
end;

procedure TSpiegelStreamingDelivery.StartZorgaanbieder(const ZorgaanbiederCode: string);
var
  C: UTF8String;
begin
  C := ToUtf8(ZorgaanbiederCode);
  Check(spiegel_stream_start_zorgaanbieder(FHandle, TextPtr(C), Len(C)));
end;

procedure TSpiegelStreamingDelivery.BeginZorgtraject(const VendorKey, Begindatum, Einddatum,
  GroepCode: string);
var
  K, B, E, G: UTF8String;
begin
  K := ToUtf8(VendorKey);
  B := ToUtf8(Begindatum);
  E := ToUtf8(Einddatum);
  G := ToUtf8(GroepCode);
  Check(spiegel_stream_begin_zorgtraject(FHandle, OptPtr(K), Len(K), TextPtr(B), Len(B),
    OptPtr(E), Len(E), OptPtr(G), Len(G)));
end;

procedure TSpiegelStreamingDelivery.AddPrimair(const DiagnoseCode, Datum: string);
var
  C, D: UTF8String;
begin
  C := ToUtf8(DiagnoseCode);
  D := ToUtf8(Datum);
  Check(spiegel_stream_add_primair(FHandle, TextPtr(C), Len(C), TextPtr(D), Len(D)));
end;

procedure TSpiegelStreamingDelivery.AddNeven(const DiagnoseCode: string);
var
  C: UTF8String;
begin
  C := ToUtf8(DiagnoseCode);
  Check(spiegel_stream_add_neven(FHandle, TextPtr(C), Len(C)));
end;

procedure TSpiegelStreamingDelivery.AddZorgvraagtypering(const CodeHonos, Code, Datum: string);
var
  H, C, D: UTF8String;
begin
  H := ToUtf8(CodeHonos);
  C := ToUtf8(Code);
  D := ToUtf8(Datum);
  Check(spiegel_stream_add_zorgvraagtypering(FHandle, OptPtr(H), Len(H), OptPtr(C), Len(C),
    TextPtr(D), Len(D)));
end;

procedure TSpiegelStreamingDelivery.AddPrestatie(const PrestatieCode, Datum: string);
var
  C, D: UTF8String;
begin
  C := ToUtf8(PrestatieCode);
  D := ToUtf8(Datum);
  Check(spiegel_stream_add_prestatie(FHandle, TextPtr(C), Len(C), TextPtr(D), Len(D)));
end;

procedure TSpiegelStreamingDelivery.AddMeting(const MeetinstrumentCode, Datum: string);
var
  C, D: UTF8String;
begin
  C := ToUtf8(MeetinstrumentCode);
  D := ToUtf8(Datum);
  Check(spiegel_stream_add_meting(FHandle, TextPtr(C), Len(C), TextPtr(D), Len(D)));
end;

procedure TSpiegelStreamingDelivery.AddItem(const ItemCode, Score: string);
var
  C, S: UTF8String;
begin
  C := ToUtf8(ItemCode);
  S := ToUtf8(Score);
  Check(spiegel_stream_add_item(FHandle, TextPtr(C), Len(C), TextPtr(S), Len(S)));
end;

procedure TSpiegelStreamingDelivery.EndZorgtraject;
begin
  Check(spiegel_stream_end_zorgtraject(FHandle));
end;

procedure TSpiegelStreamingDelivery.AddLooseMeting(const MeetinstrumentCode, Datum: string);
var
  C, D: UTF8String;
begin
  C := ToUtf8(MeetinstrumentCode);
  D := ToUtf8(Datum);
  Check(spiegel_stream_add_loose_meting(FHandle, TextPtr(C), Len(C), TextPtr(D), Len(D)));
end;

function TSpiegelStreamingDelivery.CountErrors: Integer;
var
  N: NativeUInt;
begin
  N := 0;
  Check(spiegel_stream_count_errors(FHandle, @N));
  Result := Integer(N);
end;

function TSpiegelStreamingDelivery.Finish: TSpiegelReport;
var
  R: Pointer;
  Code: UInt32;
begin
  R := nil;
  Code := spiegel_stream_finish(FHandle, @R);
  if FSink.Failed then
  begin
    spiegel_report_free(R);
    raise EStreamError.Create('writing the file stopped: ' + FSink.Error);
  end;
  if Code <> SPIEGEL_OK then
    raise FailureWith(Code, MessageOr(LastError, Code), R);
  Result := TSpiegelReport.Create(R);
end;

{$IFDEF SPIEGEL_DYNAMIC}
initialization
  UnbindImports;
{$ENDIF}

end.
