{ SpiegelBulk.pas - the typed, fast layer of the Delphi wrapper, over the bulk functions of
  the C ABI (ABI minor 1): dates as TDate/TDateTime (0 means absent, never 1899-12-30),
  ids that cannot be mixed up (distinct record types), trajectory builders whose fields are
  set by name, a collect mode, the selection counts, and one native call per trajectory part
  (integer dates, the children in one packed buffer, the early answer whether a trajectory is
  in the quarter at all). Use it with the unit Spiegelinformatie.

  Delphi (2009+) and Free Pascal 3.2 in Delphi mode (fpc -Mdelphi -FcUTF8). }
unit SpiegelBulk;

{$IFDEF FPC}
  {$MODE DELPHI}
  {$H+}
{$ENDIF}

interface

uses
  SysUtils, Spiegelinformatie;

const
  SPIEGEL_INVALID_LAYOUT = 17;

  SPIEGEL_PACKED_PRIMAIR = 1;
  SPIEGEL_PACKED_NEVEN = 2;
  SPIEGEL_PACKED_ZORGVRAAGTYPERING = 3;
  SPIEGEL_PACKED_PRESTATIE = 4;
  SPIEGEL_PACKED_METING = 5;
  SPIEGEL_PACKED_ITEM = 6;

type
  { A zorgaanbieder of a TSpiegelTypedDelivery. }
  TZorgaanbiederId = record
    Value: UInt32;
  end;

  { A zorgtraject of a TSpiegelTypedDelivery (Value 0: refused in collect mode). }
  TZorgtrajectId = record
    Value: UInt32;
  end;

  { What quarter selection delivered and left out, and why. }
  TSpiegelSelection = record
    ZorgtrajectenClosed, ZorgtrajectenOpen, EinddatumLeftOut, ZorgtrajectenEndedBefore,
    ZorgtrajectenStartAfter, LooseMetingenDelivered, LooseMetingenLeftOut,
    ChildrenAfterQuarterLeftOut, ItemsLeftOut: UInt64;
  end;

  { The packed buffer of the bulk functions, reused. }
  TSpiegelPacker = class
  private
    procedure Room(More: Integer);
  public
    Buf: TBytes;
    Len: Integer;
    procedure U8(Value: Byte);
    procedure U32(Value: UInt32);
    { Its UTF-8 length, then its bytes; '' is absent (length 0). }
    procedure Text(const S: string);
    function Ptr: PByte;
  end;

  { The children of a zorgtraject (or loose metingen), packed as they are added. Items belong
    to the last Meting before them. }
  TSpiegelChildren = class
  private
    FMeting: Boolean;
  protected
    FChildren: TSpiegelPacker;
    procedure ResetChildren;
  public
    constructor Create;
    destructor Destroy; override;
    function Primair(const DiagnoseCode: string; Datum: TDate): TSpiegelChildren;
    function Neven(const DiagnoseCode: string): TSpiegelChildren;
    { Either code may be '', not both. }
    function Zorgvraagtypering(const CodeHonos, Code: string; Datum: TDate): TSpiegelChildren;
    function Prestatie(const PrestatieCode: string; Datum: TDate): TSpiegelChildren;
    function Meting(const MeetinstrumentCode: string; Datum: TDate): TSpiegelChildren;
    function Item(const ItemCode, Score: string): TSpiegelChildren;
  end;

  TSpiegelBulkStream = class;

  { A trajectory on a TSpiegelBulkStream: set its fields by name, BeginZorgtraject (True: the
    quarter wants it, add its children), EndZorgtraject. Reused for the next trajectory. }
  TSpiegelStreamTraject = class(TSpiegelChildren)
  private
    FStream: TSpiegelBulkStream;
    FBegindatum, FEinddatum: UInt32;
    FVendorKey, FGroepCode: string;
    FBegun, FOpen: Boolean;
  public
    function Einddatum(Datum: TDate): TSpiegelStreamTraject;
    function VendorKey(const Key: string): TSpiegelStreamTraject;
    function GroepCode(const Code: string): TSpiegelStreamTraject;
    function BeginZorgtraject: Boolean;
    procedure EndZorgtraject;
  end;

  { The fastest way to write a file: records pushed in file order, memory bounded by one
    trajectory. }
  TSpiegelBulkStream = class
  private
    FHandle: Pointer;
    FTraject: TSpiegelStreamTraject;
    FLoose: TSpiegelChildren;
    FCollect: Boolean;
    FRefused: Integer;
    FFirstRefusal: string;
    FSelection: TSpiegelSelection;
    FFailedReport: TSpiegelReport;
    procedure Check(Code: UInt32); overload;
    procedure Check(Code: UInt32; const Message: string); overload;
    procedure FlushLoose;
    function BeginTraject(T: TSpiegelStreamTraject): Boolean;
    procedure EndTraject(T: TSpiegelStreamTraject);
  public
    { The file of Quarter ('2024-Q1') at Path, renamed into place only by a successful Finish. }
    constructor CreateToFile(const Path, Quarter: string; DatumCreatie: TDateTime); overload;
    { DatumCreatie 'YYYY-MM-DDTHH:MM:SS', or '' for the local time now. }
    constructor CreateToFile(const Path, Quarter, DatumCreatie: string); overload;
    destructor Destroy; override;
    function LastError: string;
    { True: leave out child records dated after the quarter. Default False. Only before the
      first StartZorgaanbieder. }
    procedure SetDropChildrenAfterQuarter(Drop: Boolean);
    { True: write the file all the same when records cannot be represented ("Lever alles aan
      wat je hebt"): the trajectory a refused record belongs to (or the loose meting, or the
      zorgaanbieder) is left out, its error becomes a warning and a record-left-out info
      counts them. Default False. Only before the first StartZorgaanbieder. }
    procedure SetLeaveOutUnrepresentable(LeaveOut: Boolean);
    procedure StartZorgaanbieder(const ZorgaanbiederCode: string);
    { The next trajectory (the object is reused: end it first). }
    function Zorgtraject(Begindatum: TDate): TSpiegelStreamTraject;
    { A loose meting of the current zorgaanbieder, sent with the next call; add its items with Item. }
    function LooseMeting(const MeetinstrumentCode: string; Datum: TDate): TSpiegelChildren;
    function CountErrors: Integer;
    function Finish: TSpiegelReport;
    { True: refused records are counted (RefusedCount, FirstRefusal) instead of raising; they
      are in the report, which then blocks the file: Finish raises once. }
    property CollectRefusals: Boolean read FCollect write FCollect;
    property RefusedCount: Integer read FRefused;
    property FirstRefusal: string read FFirstRefusal;
    { After Finish. }
    property Selection: TSpiegelSelection read FSelection;
    { After a Finish that raised SPIEGEL_DELIVERY_HAS_ERRORS: the report with every error
      (owned by the stream). }
    property FailedReport: TSpiegelReport read FFailedReport;
  end;

  TSpiegelTypedDelivery = class;

  { A trajectory for a TSpiegelTypedDelivery, added whole by Add. }
  TSpiegelDeliveryTraject = class(TSpiegelChildren)
  private
    FDelivery: TSpiegelTypedDelivery;
    FWhole: TSpiegelPacker;
    FZorgaanbieder: TZorgaanbiederId;
    FBegindatum, FEinddatum: UInt32;
    FVendorKey, FGroepCode: string;
  public
    destructor Destroy; override;
    function Einddatum(Datum: TDate): TSpiegelDeliveryTraject;
    function VendorKey(const Key: string): TSpiegelDeliveryTraject;
    function GroepCode(const Code: string): TSpiegelDeliveryTraject;
    function Add: TZorgtrajectId;
  end;

  { A TSpiegelDelivery with typed ids, TDate dates, a trajectory builder and a collect mode.
    Write, validate and preview through Delivery. }
  TSpiegelTypedDelivery = class
  private
    FDelivery: TSpiegelDelivery;
    FBuilder: TSpiegelDeliveryTraject;
    FScratch, FLoose: TSpiegelChildren;
    FCollect: Boolean;
    FRefused: Integer;
    FFirstRefusal: string;
    procedure Check(Code: UInt32);
  public
    constructor Create(const Quarter: string; DatumCreatie: TDateTime);
    destructor Destroy; override;
    function AddZorgaanbieder(const ZorgaanbiederCode: string): TZorgaanbiederId;
    function Zorgtraject(Zorgaanbieder: TZorgaanbiederId; Begindatum: TDate): TSpiegelDeliveryTraject;
    procedure AddPrestatie(Zorgtraject: TZorgtrajectId; const PrestatieCode: string; Datum: TDate);
    { An empty set of loose metingen to fill and pass to AddLooseMetingen. }
    function LooseMetingen: TSpiegelChildren;
    procedure AddLooseMetingen(Zorgaanbieder: TZorgaanbiederId; Metingen: TSpiegelChildren);
    property Delivery: TSpiegelDelivery read FDelivery;
    property CollectRefusals: Boolean read FCollect write FCollect;
    property RefusedCount: Integer read FRefused;
    property FirstRefusal: string read FFirstRefusal;
  end;

{ YYYYMMDD of a date; 0 (TDate 0, 1899-12-30) is absent. }
function SpiegelDateNumber(Datum: TDate): UInt32;
{ datum_creatie as the library wants it: YYYY-MM-DDTHH:MM:SS, independent of the locale. }
function SpiegelDateTimeText(Moment: TDateTime): string;
{ The selection counts of a report. }
function SpiegelSelectionOf(Report: TSpiegelReport): TSpiegelSelection;
{ The library's message with its C function names replaced by this unit's methods. }
function SpiegelInWrapperTerms(const Message: string): string;

implementation

function SpiegelDateNumber(Datum: TDate): UInt32;
var
  Y, M, D: Word;
begin
  if Trunc(Datum) = 0 then
    Exit(0);
  DecodeDate(Datum, Y, M, D);
  Result := UInt32(Y) * 10000 + UInt32(M) * 100 + D;
end;

function SpiegelDateTimeText(Moment: TDateTime): string;
begin
  Result := FormatDateTime('yyyy"-"mm"-"dd"T"hh":"nn":"ss', Moment);
end;

function SpiegelSelectionOf(Report: TSpiegelReport): TSpiegelSelection;
var
  Counts: array[1..9] of UInt64;
  Which: UInt32;
begin
  for Which := 1 to 9 do
  begin
    Counts[Which] := 0;
    if spiegel_report_selection_count(Report.Handle, Which, @Counts[Which]) <> SPIEGEL_OK then
      raise ESpiegelError.CreateCode(SPIEGEL_INVALID_VALUE, 'SpiegelSelectionOf: no selection count ' + IntToStr(Which));
  end;
  Result.ZorgtrajectenClosed := Counts[1];
  Result.ZorgtrajectenOpen := Counts[2];
  Result.EinddatumLeftOut := Counts[3];
  Result.ZorgtrajectenEndedBefore := Counts[4];
  Result.ZorgtrajectenStartAfter := Counts[5];
  Result.LooseMetingenDelivered := Counts[6];
  Result.LooseMetingenLeftOut := Counts[7];
  Result.ChildrenAfterQuarterLeftOut := Counts[8];
  Result.ItemsLeftOut := Counts[9];
end;

function SpiegelInWrapperTerms(const Message: string): string;
const
  Names: array[0..7, 0..1] of string = (
    ('spiegel_stream_begin_zorgtraject_dated', 'Zorgtraject(...).BeginZorgtraject'),
    ('spiegel_stream_begin_zorgtraject', 'Zorgtraject(...).BeginZorgtraject'),
    ('spiegel_stream_end_zorgtraject', 'EndZorgtraject'),
    ('spiegel_stream_start_zorgaanbieder', 'StartZorgaanbieder'),
    ('spiegel_stream_add_loose_meting', 'LooseMeting'),
    ('spiegel_stream_add_meting', 'Meting'),
    ('spiegel_stream_free', 'Free'),
    ('spiegel_stream_finish', 'Finish'));
var
  I: Integer;
begin
  Result := Message;
  for I := 0 to 7 do
    Result := StringReplace(Result, Names[I, 0], Names[I, 1], [rfReplaceAll]);
end;

procedure EnsureBulk;
begin
  SpiegelAbiVersion;  { loads the library first when the unit loads it at run time }
  if spiegel_abi_version_minor < 1 then
    raise ESpiegelError.CreateCode(SPIEGEL_UNSUPPORTED,
      'the loaded spiegelinformatie library has no bulk functions: install a newer one');
end;

function StreamError(Stream: Pointer): string;
var
  Needed: NativeUInt;
  Buf: UTF8String;
begin
  Needed := 0;
  spiegel_stream_last_error(Stream, nil, 0, @Needed);
  SetLength(Buf, Needed + 1);
  spiegel_stream_last_error(Stream, PByte(PAnsiChar(Buf)), Needed + 1, @Needed);
  SetLength(Buf, Needed);
  Result := SpiegelInWrapperTerms(string(Buf));
end;

function OptionalUtf8(const S: string; out U: UTF8String): PByte;
begin
  U := UTF8String(S);
  if Length(U) = 0 then
    Result := nil
  else
    Result := PByte(PAnsiChar(U));
end;

{ TSpiegelPacker }

procedure TSpiegelPacker.Room(More: Integer);
var
  Size: Integer;
begin
  if Len + More <= Length(Buf) then
    Exit;
  Size := Length(Buf);
  if Size = 0 then
    Size := 4096;
  while Size < Len + More do
    Size := Size * 2;
  SetLength(Buf, Size);
end;

procedure TSpiegelPacker.U8(Value: Byte);
begin
  Room(1);
  Buf[Len] := Value;
  Inc(Len);
end;

procedure TSpiegelPacker.U32(Value: UInt32);
begin
  Room(4);
  Buf[Len] := Byte(Value);
  Buf[Len + 1] := Byte(Value shr 8);
  Buf[Len + 2] := Byte(Value shr 16);
  Buf[Len + 3] := Byte(Value shr 24);
  Inc(Len, 4);
end;

procedure TSpiegelPacker.Text(const S: string);
var
  U: UTF8String;
  N: Integer;
begin
  U := UTF8String(S);
  N := Length(U);
  U32(UInt32(N));
  Room(N);
  if N > 0 then
    Move(PAnsiChar(U)^, Buf[Len], N);
  Inc(Len, N);
end;

function TSpiegelPacker.Ptr: PByte;
begin
  if Len = 0 then
    Result := nil
  else
    Result := @Buf[0];
end;

{ TSpiegelChildren }

constructor TSpiegelChildren.Create;
begin
  inherited Create;
  FChildren := TSpiegelPacker.Create;
end;

destructor TSpiegelChildren.Destroy;
begin
  FChildren.Free;
  inherited Destroy;
end;

procedure TSpiegelChildren.ResetChildren;
begin
  FChildren.Len := 0;
  FMeting := False;
end;

function TSpiegelChildren.Primair(const DiagnoseCode: string; Datum: TDate): TSpiegelChildren;
begin
  FChildren.U8(SPIEGEL_PACKED_PRIMAIR);
  FChildren.Text(DiagnoseCode);
  FChildren.U32(SpiegelDateNumber(Datum));
  Result := Self;
end;

function TSpiegelChildren.Neven(const DiagnoseCode: string): TSpiegelChildren;
begin
  FChildren.U8(SPIEGEL_PACKED_NEVEN);
  FChildren.Text(DiagnoseCode);
  Result := Self;
end;

function TSpiegelChildren.Zorgvraagtypering(const CodeHonos, Code: string; Datum: TDate): TSpiegelChildren;
begin
  FChildren.U8(SPIEGEL_PACKED_ZORGVRAAGTYPERING);
  FChildren.Text(CodeHonos);
  FChildren.Text(Code);
  FChildren.U32(SpiegelDateNumber(Datum));
  Result := Self;
end;

function TSpiegelChildren.Prestatie(const PrestatieCode: string; Datum: TDate): TSpiegelChildren;
begin
  FChildren.U8(SPIEGEL_PACKED_PRESTATIE);
  FChildren.Text(PrestatieCode);
  FChildren.U32(SpiegelDateNumber(Datum));
  Result := Self;
end;

function TSpiegelChildren.Meting(const MeetinstrumentCode: string; Datum: TDate): TSpiegelChildren;
begin
  FChildren.U8(SPIEGEL_PACKED_METING);
  FChildren.Text(MeetinstrumentCode);
  FChildren.U32(SpiegelDateNumber(Datum));
  FMeting := True;
  Result := Self;
end;

function TSpiegelChildren.Item(const ItemCode, Score: string): TSpiegelChildren;
begin
  if not FMeting then
    raise ESpiegelError.CreateCode(SPIEGEL_WRONG_STATE, 'Item: call Meting first; an item belongs to the last meting');
  FChildren.U8(SPIEGEL_PACKED_ITEM);
  FChildren.Text(ItemCode);
  FChildren.Text(Score);
  Result := Self;
end;

{ TSpiegelStreamTraject }

function TSpiegelStreamTraject.Einddatum(Datum: TDate): TSpiegelStreamTraject;
begin
  FEinddatum := SpiegelDateNumber(Datum);
  Result := Self;
end;

function TSpiegelStreamTraject.VendorKey(const Key: string): TSpiegelStreamTraject;
begin
  FVendorKey := Key;
  Result := Self;
end;

function TSpiegelStreamTraject.GroepCode(const Code: string): TSpiegelStreamTraject;
begin
  FGroepCode := Code;
  Result := Self;
end;

function TSpiegelStreamTraject.BeginZorgtraject: Boolean;
begin
  if not FOpen then
    raise ESpiegelError.CreateCode(SPIEGEL_WRONG_STATE, 'BeginZorgtraject: start a trajectory with Zorgtraject(Begindatum) first');
  if FBegun then
    raise ESpiegelError.CreateCode(SPIEGEL_WRONG_STATE, 'BeginZorgtraject: this zorgtraject has begun already');
  FBegun := True;
  Result := FStream.BeginTraject(Self);
end;

procedure TSpiegelStreamTraject.EndZorgtraject;
begin
  if not FOpen then
    raise ESpiegelError.CreateCode(SPIEGEL_WRONG_STATE, 'EndZorgtraject: no zorgtraject open');
  if not FBegun then
    BeginZorgtraject;
  FOpen := False;
  FStream.EndTraject(Self);
end;

{ TSpiegelBulkStream }

constructor TSpiegelBulkStream.CreateToFile(const Path, Quarter: string; DatumCreatie: TDateTime);
begin
  CreateToFile(Path, Quarter, SpiegelDateTimeText(DatumCreatie));
end;

constructor TSpiegelBulkStream.CreateToFile(const Path, Quarter, DatumCreatie: string);
var
  P, Q, D: UTF8String;
  DP: PByte;
  Code: UInt32;
begin
  inherited Create;
  EnsureBulk;
  FTraject := TSpiegelStreamTraject.Create;
  FTraject.FStream := Self;
  FLoose := TSpiegelChildren.Create;
  P := UTF8String(Path);
  Q := UTF8String(Quarter);
  FHandle := nil;
  { Not inside the call: the order in which arguments are evaluated is not defined (Free
    Pascal for win64 took Length(D) before OptionalUtf8 had filled D). }
  DP := OptionalUtf8(DatumCreatie, D);
  Code := spiegel_stream_new_file(PByte(PAnsiChar(P)), Length(P), PByte(PAnsiChar(Q)), Length(Q),
    DP, Length(D), @FHandle);
  if Code <> SPIEGEL_OK then
    raise ESpiegelError.CreateCode(Code, SpiegelInWrapperTerms(SpiegelLastError));
end;

destructor TSpiegelBulkStream.Destroy;
begin
  spiegel_stream_free(FHandle);
  FHandle := nil;
  FFailedReport.Free;
  FTraject.Free;
  FLoose.Free;
  inherited Destroy;
end;

function TSpiegelBulkStream.LastError: string;
begin
  Result := StreamError(FHandle);
end;

procedure TSpiegelBulkStream.Check(Code: UInt32);
begin
  if Code <> SPIEGEL_OK then
    Check(Code, StreamError(FHandle));
end;

procedure TSpiegelBulkStream.Check(Code: UInt32; const Message: string);
begin
  if Code = SPIEGEL_OK then
    Exit;
  if (Code = SPIEGEL_INVALID_VALUE) and FCollect then
  begin
    Inc(FRefused);
    if FRefused = 1 then
      FFirstRefusal := Message;
    Exit;
  end;
  raise ESpiegelError.CreateCode(Code, Message);
end;

procedure TSpiegelBulkStream.FlushLoose;
var
  Code: UInt32;
begin
  if FLoose.FChildren.Len = 0 then
    Exit;
  Code := spiegel_stream_add_loose_metingen_packed(FHandle, FLoose.FChildren.Ptr, FLoose.FChildren.Len);
  FLoose.ResetChildren;
  Check(Code);
end;

procedure TSpiegelBulkStream.SetDropChildrenAfterQuarter(Drop: Boolean);
begin
  Check(spiegel_stream_set_drop_children_after_quarter(FHandle, UInt32(Ord(Drop))));
end;

procedure TSpiegelBulkStream.SetLeaveOutUnrepresentable(LeaveOut: Boolean);
begin
  Check(spiegel_stream_set_leave_out_unrepresentable(FHandle, UInt32(Ord(LeaveOut))));
end;

procedure TSpiegelBulkStream.StartZorgaanbieder(const ZorgaanbiederCode: string);
var
  C: UTF8String;
begin
  FlushLoose;
  C := UTF8String(ZorgaanbiederCode);
  Check(spiegel_stream_start_zorgaanbieder(FHandle, PByte(PAnsiChar(C)), Length(C)));
end;

function TSpiegelBulkStream.Zorgtraject(Begindatum: TDate): TSpiegelStreamTraject;
begin
  if FTraject.FOpen then
    raise ESpiegelError.CreateCode(SPIEGEL_WRONG_STATE, 'Zorgtraject: the previous zorgtraject is still open: call EndZorgtraject first');
  FlushLoose;
  FTraject.FBegindatum := SpiegelDateNumber(Begindatum);
  FTraject.FEinddatum := 0;
  FTraject.FVendorKey := '';
  FTraject.FGroepCode := '';
  FTraject.FBegun := False;
  FTraject.FOpen := True;
  FTraject.ResetChildren;
  Result := FTraject;
end;

function TSpiegelBulkStream.LooseMeting(const MeetinstrumentCode: string; Datum: TDate): TSpiegelChildren;
begin
  Result := FLoose.Meting(MeetinstrumentCode, Datum);
end;

function TSpiegelBulkStream.BeginTraject(T: TSpiegelStreamTraject): Boolean;
var
  K, G: UTF8String;
  InQuarter: UInt32;
  KP, GP: PByte;
begin
  InQuarter := 0;
  KP := OptionalUtf8(T.FVendorKey, K);
  GP := OptionalUtf8(T.FGroepCode, G);
  Check(spiegel_stream_begin_zorgtraject_dated(FHandle, KP, Length(K), T.FBegindatum, T.FEinddatum,
    GP, Length(G), @InQuarter));
  Result := InQuarter = 1;
end;

procedure TSpiegelBulkStream.EndTraject(T: TSpiegelStreamTraject);
var
  Added, Ended: UInt32;
  Message: string;
begin
  Added := SPIEGEL_OK;
  Message := '';
  if T.FChildren.Len > 0 then
    Added := spiegel_stream_add_children_packed(FHandle, T.FChildren.Ptr, T.FChildren.Len);
  if Added <> SPIEGEL_OK then
    Message := StreamError(FHandle);
  { The trajectory is ended whatever happened to its children. }
  Ended := spiegel_stream_end_zorgtraject(FHandle);
  Check(Added, Message);
  Check(Ended);
end;

function TSpiegelBulkStream.CountErrors: Integer;
var
  N: NativeUInt;
begin
  FlushLoose;
  N := 0;
  Check(spiegel_stream_count_errors(FHandle, @N));
  Result := Integer(N);
end;

function TSpiegelBulkStream.Finish: TSpiegelReport;
var
  R: Pointer;
  Code: UInt32;
  Report: TSpiegelReport;
begin
  FlushLoose;
  R := nil;
  Code := spiegel_stream_finish(FHandle, @R);
  if R = nil then
    raise ESpiegelError.CreateCode(Code, StreamError(FHandle));
  Report := TSpiegelReport.Create(R);
  FSelection := SpiegelSelectionOf(Report);
  if Code = SPIEGEL_OK then
    Exit(Report);
  FFailedReport.Free;
  FFailedReport := Report;
  raise ESpiegelError.CreateCode(Code, StreamError(FHandle));
end;

{ TSpiegelDeliveryTraject }

destructor TSpiegelDeliveryTraject.Destroy;
begin
  FWhole.Free;
  inherited Destroy;
end;

function TSpiegelDeliveryTraject.Einddatum(Datum: TDate): TSpiegelDeliveryTraject;
begin
  FEinddatum := SpiegelDateNumber(Datum);
  Result := Self;
end;

function TSpiegelDeliveryTraject.VendorKey(const Key: string): TSpiegelDeliveryTraject;
begin
  FVendorKey := Key;
  Result := Self;
end;

function TSpiegelDeliveryTraject.GroepCode(const Code: string): TSpiegelDeliveryTraject;
begin
  FGroepCode := Code;
  Result := Self;
end;

function TSpiegelDeliveryTraject.Add: TZorgtrajectId;
var
  Id, InQuarter: UInt32;
begin
  FWhole.Len := 0;
  FWhole.U32(FBegindatum);
  FWhole.U32(FEinddatum);
  FWhole.Text(FVendorKey);
  FWhole.Text(FGroepCode);
  if FChildren.Len > 0 then
  begin
    FWhole.Room(FChildren.Len);
    Move(FChildren.Buf[0], FWhole.Buf[FWhole.Len], FChildren.Len);
    Inc(FWhole.Len, FChildren.Len);
  end;
  Id := 0;
  InQuarter := 0;
  FDelivery.Check(spiegel_delivery_add_zorgtraject_packed(FDelivery.FDelivery.Handle,
    FZorgaanbieder.Value, FWhole.Ptr, FWhole.Len, @Id, @InQuarter));
  Result.Value := Id;
end;

{ TSpiegelTypedDelivery }

constructor TSpiegelTypedDelivery.Create(const Quarter: string; DatumCreatie: TDateTime);
begin
  inherited Create;
  EnsureBulk;
  FDelivery := TSpiegelDelivery.Create;
  FDelivery.SetQuarter(Quarter);
  FDelivery.SetDatumCreatie(SpiegelDateTimeText(DatumCreatie));
  FBuilder := TSpiegelDeliveryTraject.Create;
  FBuilder.FDelivery := Self;
  FBuilder.FWhole := TSpiegelPacker.Create;
  FScratch := TSpiegelChildren.Create;
  FLoose := TSpiegelChildren.Create;
end;

destructor TSpiegelTypedDelivery.Destroy;
begin
  FBuilder.Free;
  FScratch.Free;
  FLoose.Free;
  FDelivery.Free;
  inherited Destroy;
end;

procedure TSpiegelTypedDelivery.Check(Code: UInt32);
var
  Message: string;
begin
  if Code = SPIEGEL_OK then
    Exit;
  Message := SpiegelInWrapperTerms(FDelivery.LastError);
  if (Code = SPIEGEL_INVALID_VALUE) and FCollect then
  begin
    Inc(FRefused);
    if FRefused = 1 then
      FFirstRefusal := Message;
    Exit;
  end;
  raise ESpiegelError.CreateCode(Code, Message);
end;

function TSpiegelTypedDelivery.AddZorgaanbieder(const ZorgaanbiederCode: string): TZorgaanbiederId;
begin
  Result.Value := FDelivery.AddZorgaanbieder(ZorgaanbiederCode);
end;

function TSpiegelTypedDelivery.Zorgtraject(Zorgaanbieder: TZorgaanbiederId; Begindatum: TDate): TSpiegelDeliveryTraject;
begin
  FBuilder.FZorgaanbieder := Zorgaanbieder;
  FBuilder.FBegindatum := SpiegelDateNumber(Begindatum);
  FBuilder.FEinddatum := 0;
  FBuilder.FVendorKey := '';
  FBuilder.FGroepCode := '';
  FBuilder.ResetChildren;
  Result := FBuilder;
end;

procedure TSpiegelTypedDelivery.AddPrestatie(Zorgtraject: TZorgtrajectId; const PrestatieCode: string; Datum: TDate);
begin
  FScratch.ResetChildren;
  FScratch.Prestatie(PrestatieCode, Datum);
  Check(spiegel_delivery_add_children_packed(FDelivery.Handle, Zorgtraject.Value, FScratch.FChildren.Ptr,
    FScratch.FChildren.Len));
end;

function TSpiegelTypedDelivery.LooseMetingen: TSpiegelChildren;
begin
  FLoose.ResetChildren;
  Result := FLoose;
end;

procedure TSpiegelTypedDelivery.AddLooseMetingen(Zorgaanbieder: TZorgaanbiederId; Metingen: TSpiegelChildren);
begin
  Check(spiegel_delivery_add_loose_metingen_packed(FDelivery.Handle, Zorgaanbieder.Value,
    Metingen.FChildren.Ptr, Metingen.FChildren.Len));
  Metingen.ResetChildren;
end;

end.
