{ Test.dpr - builds THE reference delivery (bindings/reference/README.md) through the Delphi
  wrapper, one call per record, and checks that the file is byte-identical to
  bindings/reference/reference.xml (buffer, file and stream); checks the report (item 17
  dropped with a warning), the report walk and exports, refused records, the calendar
  functions and a non-ASCII round trip. Then the same delivery pushed record by record through
  a TSpiegelStreamingDelivery (to a path and to a TStream), a refused record in a stream that
  is caught and gone past, SpiegelValidateFile on good and broken files, previews of the
  delivery and of its file, code lists and organisation structures from text, JSON Lines and
  SpiegelScheduleMissing.

  usage: Test GOLDEN_XML SCRATCH_DIR
  FPC: compile with -Mdelphi -FcUTF8 (the source is UTF-8; the test checks it was read so). }
program Test;

{$IFDEF FPC}{$MODE DELPHI}{$H+}{$ENDIF}
{$IFDEF MSWINDOWS}{$APPTYPE CONSOLE}{$ENDIF}

uses
  SysUtils, Classes, Math, Spiegelinformatie;

const
  CQI = 'CQi-GGZ-VZ-AKWA';
  GROEP_ZUID = 'Locatie Zuid & "Noord" — Grüße 日本';
  GROEP_ZUID_HEX = '4C 6F 63 61 74 69 65 20 5A 75 69 64 20 26 20 22 4E 6F 6F 72 64 22 20 ' +
    'E2 80 94 20 47 72 C3 BC C3 9F 65 20 E6 97 A5 E6 9C AC';

var
  Failures: Integer = 0;

procedure Expect(Condition: Boolean; const What: string);
begin
  if not Condition then
  begin
    WriteLn(ErrOutput, 'FAILED: ', What);
    Inc(Failures);
  end;
end;

function SameBytes(const A, B: TBytes): Boolean;
begin
  Result := (Length(A) = Length(B)) and ((Length(A) = 0) or CompareMem(@A[0], @B[0], Length(A)));
end;

function ReadBytes(const Path: string): TBytes;
var
  F: TFileStream;
begin
  Result := nil;
  F := TFileStream.Create(Path, fmOpenRead or fmShareDenyWrite);
  try
    SetLength(Result, F.Size);
    if F.Size > 0 then
      F.ReadBuffer(Result[0], F.Size);
  finally
    F.Free;
  end;
end;

{ A file's UTF-8 text as a string (Delphi: converted to UTF-16; FPC: UTF-8 as it is). }
function ReadText(const Path: string): string;
var
  B: TBytes;
  U: UTF8String;
begin
  B := ReadBytes(Path);
  SetLength(U, Length(B));
  if Length(B) > 0 then
    Move(B[0], U[1], Length(B));
  Result := string(U);
end;

procedure ExpectSame(const How: string; const Got, Golden: TBytes);
begin
  Expect(SameBytes(Got, Golden), How + ': XML differs from the golden file (' +
    IntToStr(Length(Got)) + ' vs ' + IntToStr(Length(Golden)) + ' bytes)');
end;

function BuildReference: TSpiegelDelivery;
var
  D: TSpiegelDelivery;
  A, B, T, M: UInt32;
begin
  D := TSpiegelDelivery.Create;
  D.SetQuarter('2024-Q1');
  D.SetDatumCreatie('2024-04-03T10:15:00');

  A := D.AddZorgaanbieder('12345678');

  { REF-CLOSED: closed in the quarter, every child kind, item 17 to be dropped. }
  T := D.AddZorgtraject(A, 'REF-CLOSED', '2023-06-01', '2024-02-15', GROEP_ZUID);
  D.AddPrimair(T, 'D5_5.03', '2023-06-20');
  D.AddPrimair(T, 'D5_4.02.02.02', '2024-01-10');
  D.AddNeven(T, 'D5_6.01');
  D.AddZorgvraagtypering(T, '3', '3', '2023-06-20');
  D.AddZorgvraagtypering(T, '11', '', '2024-01-10');
  D.AddPrestatie(T, 'CO0001', '2023-06-01');
  D.AddPrestatie(T, 'CO0002', '2024-02-01');
  M := D.AddMeting(T, CQI, '2024-02-10');
  D.AddItem(M, '1', '4');
  D.AddItem(M, '2', '3');
  D.AddItem(M, '17', '2');

  { REF-OPEN: open. }
  T := D.AddZorgtraject(A, 'REF-OPEN', '2023-11-02', '', 'Locatie A');
  D.AddPrimair(T, 'D5_7.01', '2023-11-20');
  D.AddZorgvraagtypering(T, '', '5', '2023-11-20');
  D.AddPrestatie(T, 'CO0001', '2024-03-05');

  { REF-ENDS-AFTER: delivered as open, its prestatie after the quarter kept. }
  T := D.AddZorgtraject(A, 'REF-ENDS-AFTER', '2024-03-31', '2024-05-10', '');
  D.AddPrestatie(T, 'CO0001', '2024-04-15');

  { REF-EXCLUDED: ended before the quarter. }
  T := D.AddZorgtraject(A, 'REF-EXCLUDED', '2023-01-01', '2023-12-31', 'Locatie A');
  D.AddPrestatie(T, 'CO0001', '2023-02-01');

  { Loose metingen: one in, one after the quarter. }
  M := D.AddLooseMeting(A, CQI, '2024-03-01');
  D.AddItem(M, '1', '3');
  D.AddItem(M, '16', '5');
  M := D.AddLooseMeting(A, CQI, '2024-04-02');
  D.AddItem(M, '1', '2');

  B := D.AddZorgaanbieder('87654321');
  T := D.AddZorgtraject(B, 'REF-B-1', '2024-01-01', '2024-01-01', '');
  D.AddPrimair(T, 'D5_2.01', '2024-01-01');
  M := D.AddLooseMeting(B, CQI, '2024-01-15');
  D.AddItem(M, '5', '1');
  Result := D;
end;

procedure CheckReport(R: TSpiegelReport);
var
  Diagnostic: TSpiegelDiagnostic;
  Found, Walked, I: Integer;
  Warnings, N: UInt64;
  Places: TSpiegelLocations;
begin
  Expect(R.Errors = 0, 'no errors in the reference report');
  { Partial code lists may add warnings; the one that matters is item 17. }
  Expect(R.Warnings >= 1, 'at least one warning');
  Found := 0;
  Walked := 0;
  for Diagnostic in R do
  begin
    Inc(Walked);
    Expect((Diagnostic.Rule <> '') and (Diagnostic.Message <> ''), 'every diagnostic has a rule and a message');
    if Diagnostic.Rule <> 'item-not-allowed' then
      Continue;
    Inc(Found);
    Expect(Diagnostic.Severity = SPIEGEL_SEVERITY_WARNING, 'item 17 is a warning');
    Expect(Diagnostic.Value = '17', 'item 17: value 17, got ''' + Diagnostic.Value + '''');
    Expect(Diagnostic.VendorKey = 'REF-CLOSED', 'item 17: vendor key REF-CLOSED');
    Expect(Pos('REF-CLOSED', Diagnostic.Path) > 0, 'item 17: path names REF-CLOSED');
  end;
  Expect(Found = 1, 'exactly one item-not-allowed diagnostic, got ' + IntToStr(Found));
  Expect(Walked = R.Count, 'the walk visits every diagnostic');
  Warnings := 0;
  for I := 0 to R.Count - 1 do
  begin
    N := R.Occurrences(I);
    Expect(N >= 1, 'every entry occurred at least once');
    Places := R.Locations(I);
    Expect((Length(Places) >= 1) and (Length(Places) <= 5) and (Places[0] = R[I].Path),
      'an entry''s first place is its path, at most 5 places');
    if R[I].Severity = SPIEGEL_SEVERITY_WARNING then
      Warnings := Warnings + N;
  end;
  Expect(Warnings = UInt64(R.Warnings), 'the entries'' occurrences add up to the warning count');
  Expect(R.NotListed = 0, 'nothing past the entry limit');

  Expect((Pos('severity,', R.Csv) = 1) and (Pos('item-not-allowed', R.Csv) > 0), 'CSV export lists item-not-allowed');
  Expect(Pos('item-not-allowed', R.Json) > 0, 'JSON export lists item-not-allowed');
  Expect(R.Summary(True) <> '', 'summary');
  try
    Diagnostic := R[R.Count];
    Expect(False, 'index past the end gives ' + Diagnostic.Rule);
  except
    on E: EArgumentOutOfRangeException do
      Expect(Pos('diagnostic index', E.Message) = 1, 'index past the end: EArgumentOutOfRangeException');
  end;
end;

procedure ExpectInvalid(E: Exception; const Attribute, Value, What: string);
begin
  if E = nil then
  begin
    Expect(False, What + ': no exception');
    Exit;
  end;
  Expect(E is ESpiegelError, What + ': ESpiegelError, got ' + E.ClassName);
  if not (E is ESpiegelError) then
    Exit;
  Expect(ESpiegelError(E).Code = SPIEGEL_INVALID_VALUE,
    What + ': code ' + IntToStr(ESpiegelError(E).Code) + ', expected INVALID_VALUE');
  Expect((Pos(Attribute, E.Message) > 0) and (Pos(Value, E.Message) > 0),
    What + ': message ''' + E.Message + ''' names ' + Attribute + ' and ' + Value);
end;

procedure WrongRecords(const Dir: string);
var
  D: TSpiegelDelivery;
  R: TSpiegelReport;
  Za: UInt32;
  Path, Csv: string;
  Errors, I: Integer;
begin
  D := TSpiegelDelivery.Create;
  try
    try
      D.AddZorgaanbieder('1234');
      ExpectInvalid(nil, '', '', 'AGB code 1234');
    except
      on E: Exception do ExpectInvalid(E, 'zorgaanbieder_code', '''1234''', 'AGB code 1234');
    end;
    Za := D.AddZorgaanbieder('12345678');
    try
      D.AddZorgtraject(Za, 'EPD-BAD', '2024-02-01', '2024-01-31', '');
      ExpectInvalid(nil, '', '', 'einddatum before begindatum');
    except
      on E: Exception do ExpectInvalid(E, 'einddatum', '2024-01-31', 'einddatum before begindatum');
    end;
    { Non-ASCII round trip out of the library: a vendor key comes back in the report. }
    try
      D.AddZorgtraject(Za, GROEP_ZUID, '2023-02-29', '', '');
      ExpectInvalid(nil, '', '', 'no such day');
    except
      on E: Exception do ExpectInvalid(E, 'begindatum', '2023-02-29', 'no such day');
    end;

    D.SetQuarter(2024, 1);
    Path := IncludeTrailingPathDelimiter(Dir) + 'blocked-delphi.xml';
    try
      D.WriteFile(Path).Free;
      Expect(False, 'a delivery with refused records is written');
    except
      on E: ESpiegelError do
      begin
        Expect(E.Code = SPIEGEL_DELIVERY_HAS_ERRORS, 'blocked: DELIVERY_HAS_ERRORS, got ' + IntToStr(E.Code));
        Errors := 0;
        for I := 0 to High(E.Diagnostics) do
          if E.Diagnostics[I].Severity = SPIEGEL_SEVERITY_ERROR then
            Inc(Errors);
        Expect(Errors = 3, 'blocked: 3 errors');
        if Length(E.Diagnostics) >= 3 then
        begin
          Expect((E.Diagnostics[0].Attribute = 'zorgaanbieder_code') and (E.Diagnostics[0].Value = '1234'),
            'blocked: first is the AGB code');
          Expect((E.Diagnostics[1].Rule = 'einddatum-before-begindatum') and
            (E.Diagnostics[1].VendorKey = 'EPD-BAD'), 'blocked: second is the order of dates');
          Expect(E.Diagnostics[2].VendorKey = GROEP_ZUID,
            'non-ASCII vendor key round trip, got ''' + E.Diagnostics[2].VendorKey + '''');
        end;
      end;
    end;
    Expect(not FileExists(Path), 'nothing written for a blocked delivery');

    R := D.Validate;
    try
      Expect(R.Errors = 3, 'validate lists the 3 errors');
      R.WriteCsv(IncludeTrailingPathDelimiter(Dir) + 'blocked-delphi.csv');
      Csv := ReadText(IncludeTrailingPathDelimiter(Dir) + 'blocked-delphi.csv');
      Expect((Pos('einddatum-before-begindatum', Csv) > 0) and (Pos('— Grüße 日本', Csv) > 0),
        'CSV file has the rule and the non-ASCII key');
      R.WriteJson(IncludeTrailingPathDelimiter(Dir) + 'blocked-delphi.json');
      Expect(Pos('zorgaanbieder_code', ReadText(IncludeTrailingPathDelimiter(Dir) + 'blocked-delphi.json')) > 0,
        'JSON file');
    finally
      R.Free;
    end;
  finally
    D.Free;
  end;

  D := TSpiegelDelivery.Create;
  try
    try
      D.SetQuarter('2024-Q5');
      Expect(False, 'quarter 5 accepted');
    except
      on E: ESpiegelError do
        Expect((E.Code = SPIEGEL_INVALID_QUARTER) and (E.Message <> ''), '2024-Q5: INVALID_QUARTER with a message');
    end;
    try
      D.WriteBuffer;
      Expect(False, 'writing without a quarter');
    except
      on E: ESpiegelError do
        Expect(E.Code = SPIEGEL_WRONG_STATE, 'no quarter: WRONG_STATE');
    end;
  finally
    D.Free;
  end;
end;

{ Dutch from the delivery, its report, the report switched back, and a stream. }
procedure Languages;
var
  D: TSpiegelDelivery;
  R: TSpiegelReport;
  S: TSpiegelStreamingDelivery;
  Output: TMemoryStream;
  Za: UInt32;
begin
  D := TSpiegelDelivery.Create;
  try
    D.Language := slDutch;
    Expect(D.Language = slDutch, 'Language reads back');
    Za := D.AddZorgaanbieder('12345678');
    try
      D.AddZorgtraject(Za, 'NL-1', '2024-02-30', '', '');
      Expect(False, 'a refused date raises');
    except
      on E: ESpiegelError do
      begin
        Expect(Pos('is geen bestaande datum', E.Message) > 0, 'Dutch refusal: ' + E.Message);
        Expect(D.LastError = E.Message, 'LastError in Dutch: ' + D.LastError);
      end;
    end;
    D.SetQuarter('2024-Q1');
    R := D.Validate;
    try
      Expect(R[0].Rule = 'date', 'the rule id stays: ' + R[0].Rule);
      Expect(Pos('is geen bestaande datum', R[0].Message) > 0, 'Dutch report message: ' + R[0].Message);
      R.SetLanguage(slEnglish);
      Expect(Pos('is not a real date', R[0].Message) > 0, 'report back in English: ' + R[0].Message);
    finally
      R.Free;
    end;
  finally
    D.Free;
  end;
  Output := TMemoryStream.Create;
  try
    S := TSpiegelStreamingDelivery.CreateToStream(Output, '2024-Q1', '2024-04-03T10:15:00');
    try
      S.Language := slDutch;
      try
        S.StartZorgaanbieder('1234');
        Expect(False, 'a refused AGB code raises');
      except
        on E: ESpiegelError do
          Expect(Pos('is geen AGB-code', E.Message) > 0, 'Dutch stream refusal: ' + E.Message);
      end;
    finally
      S.Free;
    end;
  finally
    Output.Free;
  end;
end;

procedure Library_;
var
  Year: Int32;
  Quarter, First, Last: UInt32;
begin
  Expect(SpiegelAvailable and (SpiegelUnavailableReason = ''), 'available: ' + SpiegelUnavailableReason);
  Expect(SpiegelAbiVersion = SPIEGEL_HEADER_ABI_VERSION, 'ABI version');
  Expect(Pos('.', SpiegelVersion) > 0, 'version ''' + SpiegelVersion + '''');
  Expect(SpiegelResultText(SPIEGEL_INVALID_VALUE) <> '', 'result text');
  SpiegelDueQuarter(2025, 1, 15, Year, Quarter);
  Expect((Year = 2024) and (Quarter = 4), 'due on 2025-01-15: 2024-Q4');
  SpiegelQuarterPeriod(2024, 1, First, Last);
  Expect((First = 20240101) and (Last = 20240331), 'period of 2024-Q1');
  try
    SpiegelQuarterPeriod(2024, 5, First, Last);
    Expect(False, 'quarter 5 has a period');
  except
    on E: ESpiegelError do
      Expect((E.Code = SPIEGEL_INVALID_QUARTER) and (E.Message <> ''),
        'quarter 5: INVALID_QUARTER, message from spiegel_last_error');
  end;
end;

{ ---- The functions beyond the delivery handle ---- }

{ A JSON number beyond Double (2e308) overflows inside the library's JSON parser. With the
  floating-point exceptions Delphi and FPC unmask, that raised EOverflow from inside the
  library; the unit masks them for the call, so it is an ordinary refused input, and the
  caller's mask is as it was. }
procedure FloatingPoint;
var
  D: TSpiegelDelivery;
  Before: TFPUExceptionMask;
  X: Double;
begin
  Before := GetExceptionMask;
  Expect(not (exOverflow in Before), 'the host traps overflow, as Delphi does by default');
  D := TSpiegelDelivery.Create;
  try
    try
      D.LoadJson('{"zorgaanbieder": [{"zorgaanbieder_code": 2e308}]}');
      Expect(False, 'a number as zorgaanbieder_code was accepted');
    except
      on E: ESpiegelError do
        Expect(E.Code = SPIEGEL_INVALID_INPUT, 'JSON with 2e308: INVALID_INPUT, got ' +
          IntToStr(E.Code) + ' ' + E.Message);
      on E: Exception do
        Expect(False, 'JSON with 2e308 raised ' + E.ClassName + ': ' + E.Message);
    end;
    try
      D.LoadJsonLines('{"zorgaanbieder_code": "12345678", "meting": {"datum": 1e999}}' + #10);
      Expect(False, 'a number as datum was accepted');
    except
      on E: ESpiegelError do
        Expect(True, '');
      on E: Exception do
        Expect(False, 'JSON Lines with 1e999 raised ' + E.ClassName + ': ' + E.Message);
    end;
  finally
    D.Free;
  end;
  Expect(GetExceptionMask = Before, 'the floating-point mask is restored');
  { And the host's own arithmetic still traps, as it expects. }
  try
    X := 1e308;
    X := X * X;
    Expect(False, 'overflow was not raised after the call (' + FloatToStr(X) + ')');
  except
    on E: EOverflow do
      Expect(True, '');
    on E: EMathError do
      Expect(True, '');
  end;
end;

procedure WriteBytes(const Path: string; const B: TBytes);
var
  F: TFileStream;
begin
  F := TFileStream.Create(Path, fmCreate);
  try
    if Length(B) > 0 then
      F.WriteBuffer(B[0], Length(B));
  finally
    F.Free;
  end;
end;

{ Writes S as UTF-8. }
procedure WriteText(const Path, S: string);
var
  U: UTF8String;
  B: TBytes;
begin
  U := UTF8String(S);
  B := nil;
  SetLength(B, Length(U));
  if Length(U) > 0 then
    Move(U[1], B[0], Length(U));
  WriteBytes(Path, B);
end;

function HasError(const Diagnostics: TSpiegelDiagnostics; const Rule: string): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 0 to High(Diagnostics) do
    if (Diagnostics[I].Severity = SPIEGEL_SEVERITY_ERROR) and (Diagnostics[I].Rule = Rule) then
      Result := True;
end;

function ReportHasError(R: TSpiegelReport; const Rule: string): Boolean;
begin
  Result := HasError(R.ToArray, Rule);
end;

procedure ExpectCode(E: Exception; Code: UInt32; const What: string);
begin
  if E = nil then
  begin
    Expect(False, What + ': no exception');
    Exit;
  end;
  Expect(E is ESpiegelError, What + ': ESpiegelError, got ' + E.ClassName + ' ' + E.Message);
  if E is ESpiegelError then
    Expect(ESpiegelError(E).Code = Code, What + ': code ' + IntToStr(ESpiegelError(E).Code) +
      ', expected ' + IntToStr(Code) + ' (' + E.Message + ')');
end;

{ Privacy: a BSN in groep_code is an error that reaches the caller with the value masked. }
procedure Privacy;
var
  D: TSpiegelDelivery;
  R: TSpiegelReport;
  Diagnostics: TSpiegelDiagnostics;
  I, Found: Integer;
begin
  D := TSpiegelDelivery.Create;
  try
    D.AddZorgtraject(D.AddZorgaanbieder('12345678'), 'P1', '2024-01-02', '', '111 222 333');
    D.SetQuarter('2024-Q1');
    R := D.Validate;
    try
      Diagnostics := R.ToArray;
      Found := -1;
      for I := 0 to High(Diagnostics) do
        if Diagnostics[I].Rule = 'privacy-bsn' then
          Found := I;
      Expect((Found >= 0) and (Diagnostics[Found].Severity = SPIEGEL_SEVERITY_ERROR),
        'privacy: a BSN in groep_code is a privacy-bsn error');
      if Found >= 0 then
        Expect((Diagnostics[Found].Value = '111 *** ***') and (Pos('222', Diagnostics[Found].Message) = 0),
          'privacy: the value is masked, got ' + Diagnostics[Found].Value);
    finally
      R.Free;
    end;
  finally
    D.Free;
  end;
end;

procedure PushReference(S: TSpiegelStreamingDelivery);
begin
  S.StartZorgaanbieder('12345678');
  S.BeginZorgtraject('REF-CLOSED', '2023-06-01', '2024-02-15', GROEP_ZUID);
  S.AddPrimair('D5_5.03', '2023-06-20');
  S.AddPrimair('D5_4.02.02.02', '2024-01-10');
  S.AddNeven('D5_6.01');
  S.AddZorgvraagtypering('3', '3', '2023-06-20');
  S.AddZorgvraagtypering('11', '', '2024-01-10');
  S.AddPrestatie('CO0001', '2023-06-01');
  S.AddPrestatie('CO0002', '2024-02-01');
  S.AddMeting(CQI, '2024-02-10');
  S.AddItem('1', '4');
  S.AddItem('2', '3');
  S.AddItem('17', '2');
  S.EndZorgtraject;

  S.BeginZorgtraject('REF-OPEN', '2023-11-02', '', 'Locatie A');
  S.AddPrimair('D5_7.01', '2023-11-20');
  S.AddZorgvraagtypering('', '5', '2023-11-20');
  S.AddPrestatie('CO0001', '2024-03-05');
  S.EndZorgtraject;

  S.BeginZorgtraject('REF-ENDS-AFTER', '2024-03-31', '2024-05-10', '');
  S.AddPrestatie('CO0001', '2024-04-15');
  S.EndZorgtraject;

  S.BeginZorgtraject('REF-EXCLUDED', '2023-01-01', '2023-12-31', 'Locatie A');
  S.AddPrestatie('CO0001', '2023-02-01');
  S.EndZorgtraject;

  S.AddLooseMeting(CQI, '2024-03-01');
  S.AddItem('1', '3');
  S.AddItem('16', '5');
  S.AddLooseMeting(CQI, '2024-04-02');
  S.AddItem('1', '2');

  S.StartZorgaanbieder('87654321');
  S.BeginZorgtraject('REF-B-1', '2024-01-01', '2024-01-01', '');
  S.AddPrimair('D5_2.01', '2024-01-01');
  S.EndZorgtraject;
  S.AddLooseMeting(CQI, '2024-01-15');
  S.AddItem('5', '1');
end;

type
  { A stream that refuses every write. }
  TFullStream = class(TMemoryStream)
  public
    function Write(const Buffer; Count: Longint): Longint; override;
  end;

function TFullStream.Write(const Buffer; Count: Longint): Longint;
begin
  Result := 0;
  raise EStreamError.Create('full');
end;

{ Returns the path of the streamed file. }
function Streaming(const Golden: TBytes; const Dir: string): string;
var
  S: TSpiegelStreamingDelivery;
  R: TSpiegelReport;
  Output: TMemoryStream;
  Full: TFullStream;
  Bytes: TBytes;
  Blocked: string;
  Errors, I: Integer;
begin
  { To a path: nothing there until Finish. }
  Result := IncludeTrailingPathDelimiter(Dir) + 'streamed-from-delphi.xml';
  S := TSpiegelStreamingDelivery.CreateToFile(Result, '2024-Q1', '2024-04-03T10:15:00');
  try
    PushReference(S);
    Expect(not FileExists(Result), 'stream: no file before Finish');
    Expect(S.CountErrors = 0, 'stream: no errors');
    R := S.Finish;
    try
      CheckReport(R);
    finally
      R.Free;
    end;
    Expect(S.LastError = '', 'stream: no last error after Finish');
    try
      S.EndZorgtraject;
      ExpectCode(nil, SPIEGEL_WRONG_STATE, 'stream: a call after Finish');
    except
      on E: Exception do ExpectCode(E, SPIEGEL_WRONG_STATE, 'stream: a call after Finish');
    end;
  finally
    S.Free;
  end;
  ExpectSame('stream to a path', ReadBytes(Result), Golden);

  { To a TStream. }
  Output := TMemoryStream.Create;
  try
    S := TSpiegelStreamingDelivery.CreateToStream(Output, '2024-Q1', '2024-04-03T10:15:00');
    try
      PushReference(S);
      S.Finish.Free;
    finally
      S.Free;
    end;
    Bytes := nil;
    SetLength(Bytes, Output.Size);
    if Output.Size > 0 then
      Move(Output.Memory^, Bytes[0], Output.Size);
    ExpectSame('stream to a TStream', Bytes, Golden);
  finally
    Output.Free;
  end;

  { A refused trajectory raises, the stream goes on, Finish reports it and writes nothing. }
  Blocked := IncludeTrailingPathDelimiter(Dir) + 'blocked-stream-delphi.xml';
  S := TSpiegelStreamingDelivery.CreateToFile(Blocked, '2024-Q1');
  try
    S.StartZorgaanbieder('12345678');
    try
      S.BeginZorgtraject('EPD-BAD', '2024-02-30', '', '');
      ExpectInvalid(nil, '', '', 'stream: no such day');
    except
      on E: Exception do ExpectInvalid(E, 'begindatum', '2024-02-30', 'stream: no such day');
    end;
    try
      S.AddPrestatie('CO0001', '2024-02-01');
      ExpectCode(nil, SPIEGEL_INVALID_VALUE, 'stream: child of a refused trajectory');
    except
      on E: Exception do ExpectCode(E, SPIEGEL_INVALID_VALUE, 'stream: child of a refused trajectory');
    end;
    S.EndZorgtraject;
    S.BeginZorgtraject('EPD-GOOD', '2024-01-05', '', 'Locatie A');
    S.AddPrimair('D5_5.03', '2024-01-05');
    S.AddPrestatie('CO0001', '2024-01-05');
    S.EndZorgtraject;
    Expect(S.CountErrors = 1, 'stream: one error counted, got ' + IntToStr(S.CountErrors));
    try
      S.Finish.Free;
      Expect(False, 'stream: a refused record still gives a file');
    except
      on E: ESpiegelError do
      begin
        Expect(E.Code = SPIEGEL_DELIVERY_HAS_ERRORS, 'stream: Finish DELIVERY_HAS_ERRORS, got ' + IntToStr(E.Code));
        Errors := 0;
        for I := 0 to High(E.Diagnostics) do
          if E.Diagnostics[I].Severity = SPIEGEL_SEVERITY_ERROR then
          begin
            Inc(Errors);
            Expect((E.Diagnostics[I].VendorKey = 'EPD-BAD') and (E.Diagnostics[I].Value = '2024-02-30'),
              'stream: the report names the refused trajectory');
          end;
        Expect(Errors = 1, 'stream: one error in the report, got ' + IntToStr(Errors));
      end;
    end;
  finally
    S.Free;
  end;
  Expect(not FileExists(Blocked), 'stream: nothing written when a record was refused');

  { Free without Finish discards. }
  S := TSpiegelStreamingDelivery.CreateToFile(Blocked, '2024-Q1');
  try
    S.StartZorgaanbieder('12345678');
  finally
    S.Free;
  end;
  Expect(not FileExists(Blocked), 'stream: nothing written without Finish');

  { Out of order and bad arguments. }
  S := TSpiegelStreamingDelivery.CreateToFile(Blocked, '2024-Q1');
  try
    try
      S.BeginZorgtraject('X', '2024-01-01', '', '');
      ExpectCode(nil, SPIEGEL_WRONG_STATE, 'stream: trajectory before a provider');
    except
      on E: Exception do ExpectCode(E, SPIEGEL_WRONG_STATE, 'stream: trajectory before a provider');
    end;
    Expect(S.LastError <> '', 'stream: last error after WRONG_STATE');
    S.StartZorgaanbieder('12345678');
    try
      S.LoadOrganisatieText('Locatie A'#10);
      ExpectCode(nil, SPIEGEL_WRONG_STATE, 'stream: settings after the first provider');
    except
      on E: Exception do ExpectCode(E, SPIEGEL_WRONG_STATE, 'stream: settings after the first provider');
    end;
  finally
    S.Free;
  end;
  try
    TSpiegelStreamingDelivery.CreateToFile(Blocked, '2024-Q5').Free;
    ExpectCode(nil, SPIEGEL_INVALID_QUARTER, 'stream: quarter 5');
  except
    on E: Exception do ExpectCode(E, SPIEGEL_INVALID_QUARTER, 'stream: quarter 5');
  end;
  try
    TSpiegelStreamingDelivery.CreateToFile('/nonexistent-spiegel/x.xml', '2024-Q1').Free;
    ExpectCode(nil, SPIEGEL_IO, 'stream: no such directory');
  except
    on E: Exception do ExpectCode(E, SPIEGEL_IO, 'stream: no such directory');
  end;

  { A TStream that raises: EStreamError from the call that hit it. }
  Full := TFullStream.Create;
  try
    S := TSpiegelStreamingDelivery.CreateToStream(Full, '2024-Q1', '2024-04-03T10:15:00');
    try
      try
        PushReference(S);
        S.Finish.Free;
        Expect(False, 'stream: a failing TStream goes unnoticed');
      except
        on E: EStreamError do
          Expect(Pos('full', E.Message) > 0, 'stream: EStreamError names the stream''s error');
      end;
    finally
      S.Free;
    end;
  finally
    Full.Free;
  end;
end;

procedure Files(const Streamed, Dir: string);
const
  ONLY_CO0099 = '# list: prestatie'#10'# source: test'#10'# version: 1'#10 +
    '# completeness: complete'#10'code'#10'CO0099'#10;
var
  R: TSpiegelReport;
  D: TSpiegelDelivery;
  Base, Broken, Org, Xml, Json, Text, Html, ListFile, Schedule, Written: string;
  Missing: TSpiegelQuarters;
begin
  Base := IncludeTrailingPathDelimiter(Dir);

  { The streamed file is valid. }
  R := SpiegelValidateFile(Streamed);
  try
    Expect(R.Errors = 0, 'SpiegelValidateFile: no errors in the reference file, got ' + IntToStr(R.Errors));
  finally
    R.Free;
  end;

  { A broken copy: one prestatie code not of the form. }
  Broken := Base + 'broken-delphi.xml';
  Xml := ReadText(Streamed);
  Expect(Pos('prestatie_code="CO0002"', Xml) > 0, 'the reference file has CO0002');
  WriteText(Broken, StringReplace(Xml, 'prestatie_code="CO0002"', 'prestatie_code="C0115"', []));
  R := SpiegelValidateFile(Broken);
  try
    Expect((R.Errors >= 1) and ReportHasError(R, 'prestatie-code-format'),
      'SpiegelValidateFile: C0115 is a prestatie-code-format error');
  finally
    R.Free;
  end;

  { An organisation structure without ZUID, from a file. }
  Org := Base + 'org-delphi.txt';
  WriteText(Org, 'groep_code'#10'Locatie A'#10);
  R := SpiegelValidateFile(Streamed, '', '', Org);
  try
    Expect(ReportHasError(R, 'groep-code-unknown'), 'SpiegelValidateFile with an organisatie: groep-code-unknown');
  finally
    R.Free;
  end;
  try
    SpiegelValidateFile('/nonexistent-spiegel/x.xml').Free;
    ExpectCode(nil, SPIEGEL_IO, 'SpiegelValidateFile: no such file');
  except
    on E: Exception do ExpectCode(E, SPIEGEL_IO, 'SpiegelValidateFile: no such file');
  end;

  { Previews: of the delivery, and of the file it makes. }
  D := BuildReference;
  try
    Json := D.Preview(SPIEGEL_PREVIEW_JSON);
    Expect(Pos('"kwartaal": "2024-Q1"', Json) > 0, 'preview JSON names the quarter');
    Text := D.Preview(SPIEGEL_PREVIEW_TEXT);
    Expect((Text <> '') and (Text = SpiegelPreviewXmlFile(Streamed, '', SPIEGEL_PREVIEW_TEXT)),
      'preview of the file equals that of the delivery (text)');
    Expect(Length(D.Preview(SPIEGEL_PREVIEW_TEXT, True)) > Length(Text), 'details make the preview longer');
    Expect(Pos('kwartaal,groep_code,', D.Preview(SPIEGEL_PREVIEW_CSV)) = 1, 'preview CSV header');
    Html := Base + 'preview-delphi.html';
    D.PreviewToFile(SPIEGEL_PREVIEW_HTML, False, Html);
    Expect(Pos('<!DOCTYPE html>', ReadText(Html)) = 1, 'preview HTML file');
    try
      D.Preview(42);
      ExpectCode(nil, SPIEGEL_INVALID_VALUE, 'preview format 42');
    except
      on E: Exception do ExpectCode(E, SPIEGEL_INVALID_VALUE, 'preview format 42');
    end;
  finally
    D.Free;
  end;
  try
    SpiegelPreviewXmlFile(Org, '', SPIEGEL_PREVIEW_TEXT);
    ExpectCode(nil, SPIEGEL_INVALID_INPUT, 'preview of a file that is not XML');
  except
    on E: Exception do ExpectCode(E, SPIEGEL_INVALID_INPUT, 'preview of a file that is not XML');
  end;

  { A complete prestatie list without the reference's codes: unknown codes block the file. }
  D := BuildReference;
  try
    D.LoadCodeListText(ONLY_CO0099);
    try
      D.WriteBuffer;
      Expect(False, 'unknown prestatie codes still give a file');
    except
      on E: ESpiegelError do
        Expect((E.Code = SPIEGEL_DELIVERY_HAS_ERRORS) and HasError(E.Diagnostics, 'prestatie-code-unknown'),
          'complete list: DELIVERY_HAS_ERRORS with prestatie-code-unknown, got ' + IntToStr(E.Code));
    end;
    try
      D.LoadCodeListText('code'#10'CO0001'#10);
      ExpectCode(nil, SPIEGEL_INVALID_CODELIST, 'a list without its header');
    except
      on E: Exception do ExpectCode(E, SPIEGEL_INVALID_CODELIST, 'a list without its header');
    end;
    try
      D.LoadCodeLists('/nonexistent-spiegel/lists');
      ExpectCode(nil, SPIEGEL_IO, 'no such code list directory');
    except
      on E: Exception do ExpectCode(E, SPIEGEL_IO, 'no such code list directory');
    end;
  finally
    D.Free;
  end;
  ListFile := Base + 'prestatie-delphi.csv';
  WriteText(ListFile, ONLY_CO0099);
  D := BuildReference;
  try
    D.LoadCodeLists(ListFile);
    R := D.Validate;
    try
      Expect(ReportHasError(R, 'prestatie-code-unknown'), 'code list from a file');
    finally
      R.Free;
    end;
  finally
    D.Free;
  end;

  { Organisation structures from text: one without ZUID blocks, one with both does not. }
  D := BuildReference;
  try
    D.LoadOrganisatieText('groep_code'#10'Locatie A'#10);
    R := D.Validate;
    try
      Expect(ReportHasError(R, 'groep-code-unknown'), 'organisatie text without ZUID: groep-code-unknown');
    finally
      R.Free;
    end;
    D.LoadOrganisatieText('Locatie A'#10'"' + StringReplace(GROEP_ZUID, '"', '""', [rfReplaceAll]) + '"'#10);
    R := D.Validate;
    try
      Expect(R.Errors = 0, 'organisatie text with both groep_codes: no errors, got ' + IntToStr(R.Errors));
    finally
      R.Free;
    end;
    D.LoadOrganisatie(Org);
    R := D.Validate;
    try
      Expect(ReportHasError(R, 'groep-code-unknown'), 'organisatie file without ZUID');
    finally
      R.Free;
    end;
  finally
    D.Free;
  end;

  { JSON Lines. }
  D := TSpiegelDelivery.Create;
  try
    D.LoadJsonLines('{"zorgaanbieder_code": "12345678", "zorgtraject": {"id": "L1", "begindatum": "2024-01-02"}}'#10);
    D.SetQuarter('2024-Q1');
    WriteBytes(Base + 'jsonl-delphi.xml', D.WriteBuffer);
    Written := ReadText(Base + 'jsonl-delphi.xml');
    Expect(Pos('<Zorgtraject begindatum="2024-01-02"/>', Written) > 0, 'JSON Lines record in the file');
    try
      D.LoadJsonLines('not json'#10);
      ExpectCode(nil, SPIEGEL_INVALID_INPUT, 'JSON Lines that is not JSON');
    except
      on E: Exception do ExpectCode(E, SPIEGEL_INVALID_INPUT, 'JSON Lines that is not JSON');
    end;
  finally
    D.Free;
  end;

  { SpiegelScheduleMissing: a directory holding only the file of 2024-Q1. }
  Schedule := Base + 'schedule-delphi';
  ForceDirectories(Schedule);
  WriteBytes(IncludeTrailingPathDelimiter(Schedule) + 'spiegel-2024-Q1.xml', ReadBytes(Streamed));
  Missing := SpiegelScheduleMissing(2024, 1, Schedule, 2024, 10, 1);
  Expect((Length(Missing) = 2) and (Missing[0] = '2024-Q2') and (Missing[1] = '2024-Q3'),
    'missing on 2024-10-01: 2024-Q2,2024-Q3');
  Expect(Length(SpiegelScheduleMissing(2024, 1, Schedule, 2024, 4, 1)) = 0, 'nothing missing on 2024-04-01');
  try
    SpiegelScheduleMissing(2024, 5, Schedule, 2024, 4, 1);
    ExpectCode(nil, SPIEGEL_INVALID_QUARTER, 'SpiegelScheduleMissing from quarter 5');
  except
    on E: Exception do ExpectCode(E, SPIEGEL_INVALID_QUARTER, 'SpiegelScheduleMissing from quarter 5');
  end;
  try
    SpiegelScheduleMissing(2024, 1, '/nonexistent-spiegel', 2024, 4, 1);
    ExpectCode(nil, SPIEGEL_IO, 'SpiegelScheduleMissing: no such directory');
  except
    on E: Exception do ExpectCode(E, SPIEGEL_IO, 'SpiegelScheduleMissing: no such directory');
  end;
end;

var
  Golden, Buffer: TBytes;
  U: UTF8String;
  Hex, Path, Xml: string;
  I: Integer;
  D: TSpiegelDelivery;
  R: TSpiegelReport;
  Stream: TMemoryStream;
begin
  if ParamCount <> 2 then
  begin
    WriteLn(ErrOutput, 'usage: Test GOLDEN_XML SCRATCH_DIR');
    Halt(2);
  end;
  Golden := ReadBytes(ParamStr(1));
  U := UTF8String(GROEP_ZUID);
  Hex := '';
  for I := 1 to Length(U) do
  begin
    if I > 1 then Hex := Hex + ' ';
    Hex := Hex + IntToHex(Ord(U[I]), 2);
  end;
  Expect(Hex = GROEP_ZUID_HEX, 'the source was compiled as UTF-8 (groep_code bytes ' + Hex + ')');

  Library_;
  FloatingPoint;

  D := BuildReference;
  try
    { 1. To a buffer. }
    Buffer := D.WriteBuffer(R);
    ExpectSame('buffer', Buffer, Golden);
    try
      CheckReport(R);
    finally
      R.Free;
    end;

    { 2. To a file. }
    Path := IncludeTrailingPathDelimiter(ParamStr(2)) + 'reference-from-delphi.xml';
    D.WriteFile(Path).Free;
    ExpectSame('file', ReadBytes(Path), Golden);

    { 3. To a stream (the write callback). }
    Stream := TMemoryStream.Create;
    try
      D.WriteToStream(Stream).Free;
      SetLength(Buffer, Stream.Size);
      if Stream.Size > 0 then
        Move(Stream.Memory^, Buffer[0], Stream.Size);
      ExpectSame('stream', Buffer, Golden);
    finally
      Stream.Free;
    end;

    { Validation alone gives the same report. }
    R := D.Validate;
    try
      CheckReport(R);
    finally
      R.Free;
    end;

    { The non-ASCII groep_code round trip: out of the file, back to the same string. }
    Xml := ReadText(Path);
    Expect(Pos('Locatie Zuid &amp; &quot;Noord&quot; — Grüße 日本', Xml) > 0, 'groep_code in the XML');
  finally
    D.Free;
  end;

  WrongRecords(ParamStr(2));
  Privacy;
  Languages;
  Files(Streaming(Golden, ParamStr(2)), ParamStr(2));

  if Failures <> 0 then
  begin
    WriteLn(ErrOutput, Failures, ' check(s) failed');
    Halt(1);
  end;
  WriteLn('delphi test: all checks passed');
end.
