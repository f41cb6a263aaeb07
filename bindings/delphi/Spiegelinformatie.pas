{ Spiegelinformatie.pas - Delphi / Free Pascal wrapper over the C ABI of the spiegelinformatie
  library (include/spiegelinformatie.h).

  Two layers:
  - the raw imports, one per function of the header: all cdecl (Delphi's default calling
    convention is register, which crashes), only Int32/UInt32/NativeUInt/Pointer types (no
    enums: Pascal enums are one byte unless $MINENUMSIZE 4), text as PByte + NativeUInt length;
  - classes TSpiegelDelivery and TSpiegelReport and the exception ESpiegelError, which take
    and give `string`s and convert them to and from UTF-8 themselves.

  Delphi (2009+) and Free Pascal 3.2 in Delphi mode (fpc -Mdelphi -FcUTF8). Where they differ:
  - `string` is UTF-16 in Delphi and an AnsiString in FPC. UTF8String(s) converts both ways
    correctly in Delphi; in FPC, compile with -FcUTF8 so string literals are UTF-8, and text
    coming out of this unit is a string holding UTF-8 (code page 65001).
  - Library name: see SpiegelLib below. `external` links at build time; for loading at run
    time use Delphi's `delayed` directive or LoadLibrary/GetProcAddress.
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

  { Diagnostic severities. }
  SPIEGEL_SEVERITY_ERROR = 1;
  SPIEGEL_SEVERITY_WARNING = 2;
  SPIEGEL_SEVERITY_INFO = 3;

type
  PSpiegelUInt32 = ^UInt32;
  PSpiegelInt32 = ^Int32;
  PSpiegelSize = ^NativeUInt;

  { spiegel_write_callback: return 0 to go on, nonzero to stop. }
  TSpiegelWriteCallback = function(User: Pointer; Data: PByte; Len: NativeUInt): Int32; cdecl;

{ ---- The raw C ABI. Handles are Pointer; out-parameters are pointers (nil allowed where the
  header allows NULL). ---- }

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

{ ---- The class wrapper. ---- }

type
  { One entry of a report. Severity is SPIEGEL_SEVERITY_*; empty strings mean "none". }
  TSpiegelDiagnostic = record
    Severity: UInt32;
    Rule: string;        { stable rule id, e.g. 'agb-code', 'item-not-allowed' }
    Path: string;        { where the record is, readable }
    VendorKey: string;   { your vendor key of the trajectory }
    Attribute: string;   { the attribute concerned }
    Value: string;       { the offending value as given }
    Message: string;     { what is wrong and what is allowed }
  end;
  TSpiegelDiagnostics = array of TSpiegelDiagnostic;

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
    function Count: Integer;
    function CountOf(Severity: UInt32): Integer;
    function Errors: Integer;
    function Warnings: Integer;
    function GetEnumerator: TSpiegelReportEnumerator;
    function ToArray: TSpiegelDiagnostics;
    function Csv: string;
    function Json: string;
    function Summary(WithInfo: Boolean): string;
    procedure WriteCsv(const Path: string);
    procedure WriteJson(const Path: string);
    property Items[Index: Integer]: TSpiegelDiagnostic read GetItem; default;
    property Handle: Pointer read FHandle;
  end;

  { A delivery being built, one record per call. Empty strings are absent optional texts.
    Not thread-safe: use one delivery from one thread at a time. }
  TSpiegelDelivery = class
  private
    FHandle: Pointer;
    procedure Check(Code: UInt32);
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
    { Never raises for errors in the data: look at Report.Errors. }
    function Validate: TSpiegelReport;
    { Atomic; raises ESpiegelError (with Diagnostics) when the file cannot be written. }
    function WriteFile(const Path: string): TSpiegelReport;
    function WriteBuffer: TBytes; overload;
    function WriteBuffer(out Report: TSpiegelReport): TBytes; overload;
    function WriteToStream(Stream: TStream): TSpiegelReport;
    property Handle: Pointer read FHandle;
  end;

function SpiegelAbiVersion: UInt32;
function SpiegelVersion: string;
function SpiegelResultText(Code: UInt32): string;
{ The message of the last call on this thread. }
function SpiegelLastError: string;
{ The quarter whose file is due on Year-Month-Day (2025-01-15 gives 2024, 4). }
procedure SpiegelDueQuarter(Year: Int32; Month, Day: UInt32; out DueYear: Int32;
  out DueQuarter: UInt32);
{ First and last day of a quarter as YYYYMMDD numbers (2024, 1 gives 20240101, 20240331). }
procedure SpiegelQuarterPeriod(Year: Int32; Quarter: UInt32; out FirstDay, LastDay: UInt32);

implementation

const
  { How a text-out function is called (see CallText). }
  TEXT_PLAIN = 0;    { f(buf, len, out_len) }
  TEXT_HANDLE = 1;   { f(handle, buf, len, out_len) }
  TEXT_INDEX = 2;    { f(handle, index, buf, len, out_len) }
  TEXT_SUMMARY = 3;  { spiegel_report_summary(handle, extra, buf, len, out_len) }
  TEXT_CODE = 4;     { spiegel_result_text(extra, buf, len, out_len) }

type
  TTextPlainFn = function(Buf: PByte; BufLen: NativeUInt; OutLen: PSpiegelSize): UInt32; cdecl;
  TTextHandleFn = function(H: Pointer; Buf: PByte; BufLen: NativeUInt;
    OutLen: PSpiegelSize): UInt32; cdecl;
  TTextIndexFn = function(H: Pointer; Index: NativeUInt; Buf: PByte; BufLen: NativeUInt;
    OutLen: PSpiegelSize): UInt32; cdecl;

  { What the write callback needs: the stream, and what went wrong in it. }
  TStreamSink = record
    Stream: TStream;
    Failed: Boolean;
    Error: string;
  end;
  PStreamSink = ^TStreamSink;

var
  AbiChecked: Boolean = False;

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

function SpiegelAbiVersion: UInt32;
begin
  Result := spiegel_abi_version;
end;

function SpiegelResultText(Code: UInt32): string;
begin
  if ReadText(TEXT_CODE, nil, nil, 0, Code, Result) <> SPIEGEL_OK then
    Result := 'unknown result code ' + IntToStr(Code);
end;

function SpiegelLastError: string;
begin
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

{ Raises ESpiegelError with the thread's last error unless Code is SPIEGEL_OK. }
procedure CheckThread(Code: UInt32);
begin
  if Code <> SPIEGEL_OK then
    raise ESpiegelError.CreateCode(Code, MessageOr(SpiegelLastError, Code));
end;

function SpiegelVersion: string;
begin
  CheckThread(ReadText(TEXT_PLAIN, @spiegel_version, nil, 0, 0, Result));
end;

procedure SpiegelDueQuarter(Year: Int32; Month, Day: UInt32; out DueYear: Int32;
  out DueQuarter: UInt32);
begin
  DueYear := 0;
  DueQuarter := 0;
  CheckThread(spiegel_schedule_due(Year, Month, Day, @DueYear, @DueQuarter));
end;

procedure SpiegelQuarterPeriod(Year: Int32; Quarter: UInt32; out FirstDay, LastDay: UInt32);
begin
  FirstDay := 0;
  LastDay := 0;
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
  if Index < 0 then
    raise ESpiegelError.CreateCode(SPIEGEL_NOT_FOUND, 'diagnostic index ' + IntToStr(Index));
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
  Loaded, Code: UInt32;
begin
  inherited Create;
  if not AbiChecked then
  begin
    Loaded := spiegel_abi_version;
    if Loaded <> SPIEGEL_HEADER_ABI_VERSION then
      raise ESpiegelError.CreateCode(SPIEGEL_WRONG_STATE, 'libspiegelinformatie has ABI version '
        + IntToStr(Loaded) + ', this unit was written for ' + IntToStr(SPIEGEL_HEADER_ABI_VERSION));
    AbiChecked := True;
  end;
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
var
  R: TSpiegelReport;
begin
  Result := ESpiegelError.CreateCode(Code, MessageOr(LastError, Code));
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

procedure TSpiegelDelivery.SetDropChildrenAfterQuarter(Drop: Boolean);
begin
  Check(spiegel_delivery_set_drop_children_after_quarter(FHandle, UInt32(Ord(Drop))));
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
begin
  J := ToUtf8(Json);
  Check(spiegel_delivery_load_json(FHandle, TextPtr(J), Len(J)));
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

end.
