{ A vendor's program, written from bindings/delphi/README.md and the units in dist/delphi alone
  (see tests/vendor/README.md): the reference delivery of bindings/reference/README.md, first as
  the EPD's own plain records, then exported through the typed layer twice: TSpiegelBulkStream
  to <dir>/bulkstream.xml and TSpiegelTypedDelivery to <dir>/typeddelivery.xml.
  Free Pascal: fpc -Mdelphi -FcUTF8 -Fu<dist/delphi> -Fl<dist/delphi/linux-x64> Vendor.dpr }
program Vendor;
{$APPTYPE CONSOLE}
uses
  SysUtils, Spiegelinformatie, SpiegelBulk;

type
  { ---- the EPD's own records ---- }
  TDiagnose = record
    Primair: Boolean;
    Code: string;
    Datum: TDate;
  end;
  TZvt = record
    Honos, Code: string;
    Datum: TDate;
  end;
  TPrestatie = record
    Code: string;
    Datum: TDate;
  end;
  TItem = record
    Code, Score: string;
  end;
  TMeting = record
    Datum: TDate;
    Items: array of TItem;
  end;
  TTraject = record
    VendorKey: string;
    Begindatum, Einddatum: TDate;   { Einddatum 0: open }
    Groep: string;                  { '': none }
    Diagnoses: array of TDiagnose;
    Zvts: array of TZvt;
    Prestaties: array of TPrestatie;
    Metingen: array of TMeting;
  end;
  TAanbieder = record
    Agb: string;
    Trajecten: array of TTraject;
    LosseMetingen: array of TMeting;
  end;
  TEpd = array of TAanbieder;

const
  Instrument = 'CQi-GGZ-VZ-AKWA';
  Quarter = '2024-Q1';
  Zuid = 'Locatie Zuid & "Noord" — Grüße 日本';

function Diag(Primair: Boolean; const Code: string; Datum: TDate): TDiagnose;
begin
  Result := Default(TDiagnose);
  Result.Primair := Primair; Result.Code := Code; Result.Datum := Datum;
end;

function Zvt(const Honos, Code: string; Datum: TDate): TZvt;
begin
  Result := Default(TZvt);
  Result.Honos := Honos; Result.Code := Code; Result.Datum := Datum;
end;

function Prest(const Code: string; Datum: TDate): TPrestatie;
begin
  Result := Default(TPrestatie);
  Result.Code := Code; Result.Datum := Datum;
end;

function Meting(Datum: TDate; const Pairs: array of string): TMeting;
var
  I: Integer;
begin
  Result := Default(TMeting);
  Result.Datum := Datum;
  SetLength(Result.Items, Length(Pairs) div 2);
  for I := 0 to High(Result.Items) do
  begin
    Result.Items[I].Code := Pairs[2 * I];
    Result.Items[I].Score := Pairs[2 * I + 1];
  end;
end;

function Traject(const Key: string; B, E: TDate; const Groep: string): TTraject;
begin
  Result := Default(TTraject);   { a fresh record: no arrays left over from the last one }
  Result.VendorKey := Key; Result.Begindatum := B; Result.Einddatum := E; Result.Groep := Groep;
end;

function FromEpd: TEpd;
var
  T: TTraject;
begin
  Result := nil;
  SetLength(Result, 2);
  Result[0].Agb := '12345678';
  SetLength(Result[0].Trajecten, 4);

  T := Traject('REF-CLOSED', EncodeDate(2023, 6, 1), EncodeDate(2024, 2, 15), Zuid);
  SetLength(T.Diagnoses, 3);
  T.Diagnoses[0] := Diag(True, 'D5_5.03', EncodeDate(2023, 6, 20));
  T.Diagnoses[1] := Diag(True, 'D5_4.02.02.02', EncodeDate(2024, 1, 10));
  T.Diagnoses[2] := Diag(False, 'D5_6.01', 0);
  SetLength(T.Zvts, 2);
  T.Zvts[0] := Zvt('3', '3', EncodeDate(2023, 6, 20));
  T.Zvts[1] := Zvt('11', '', EncodeDate(2024, 1, 10));
  SetLength(T.Prestaties, 2);
  T.Prestaties[0] := Prest('CO0001', EncodeDate(2023, 6, 1));
  T.Prestaties[1] := Prest('CO0002', EncodeDate(2024, 2, 1));
  SetLength(T.Metingen, 1);
  T.Metingen[0] := Meting(EncodeDate(2024, 2, 10), ['1', '4', '2', '3', '17', '2']);
  Result[0].Trajecten[0] := T;

  T := Traject('REF-OPEN', EncodeDate(2023, 11, 2), 0, 'Locatie A');
  SetLength(T.Diagnoses, 1);
  T.Diagnoses[0] := Diag(True, 'D5_7.01', EncodeDate(2023, 11, 20));
  SetLength(T.Zvts, 1);
  T.Zvts[0] := Zvt('', '5', EncodeDate(2023, 11, 20));
  SetLength(T.Prestaties, 1);
  T.Prestaties[0] := Prest('CO0001', EncodeDate(2024, 3, 5));
  Result[0].Trajecten[1] := T;

  T := Traject('REF-ENDS-AFTER', EncodeDate(2024, 3, 31), EncodeDate(2024, 5, 10), '');
  SetLength(T.Prestaties, 1);
  T.Prestaties[0] := Prest('CO0001', EncodeDate(2024, 4, 15));
  Result[0].Trajecten[2] := T;

  T := Traject('REF-EXCLUDED', EncodeDate(2023, 1, 1), EncodeDate(2023, 12, 31), 'Locatie A');
  SetLength(T.Prestaties, 1);
  T.Prestaties[0] := Prest('CO0001', EncodeDate(2023, 2, 1));
  Result[0].Trajecten[3] := T;

  SetLength(Result[0].LosseMetingen, 2);
  Result[0].LosseMetingen[0] := Meting(EncodeDate(2024, 3, 1), ['1', '3', '16', '5']);
  Result[0].LosseMetingen[1] := Meting(EncodeDate(2024, 4, 2), ['1', '2']);

  Result[1].Agb := '87654321';
  SetLength(Result[1].Trajecten, 1);
  T := Traject('REF-B-1', EncodeDate(2024, 1, 1), EncodeDate(2024, 1, 1), '');
  SetLength(T.Diagnoses, 1);
  T.Diagnoses[0] := Diag(True, 'D5_2.01', EncodeDate(2024, 1, 1));
  Result[1].Trajecten[0] := T;
  SetLength(Result[1].LosseMetingen, 1);
  Result[1].LosseMetingen[0] := Meting(EncodeDate(2024, 1, 15), ['5', '1']);
end;

{ The children of one trajectory, onto either builder (both are TSpiegelChildren). }
procedure Children(C: TSpiegelChildren; const T: TTraject);
var
  I, J: Integer;
begin
  for I := 0 to High(T.Diagnoses) do
    if T.Diagnoses[I].Primair then C.Primair(T.Diagnoses[I].Code, T.Diagnoses[I].Datum)
    else C.Neven(T.Diagnoses[I].Code);
  for I := 0 to High(T.Zvts) do
    C.Zorgvraagtypering(T.Zvts[I].Honos, T.Zvts[I].Code, T.Zvts[I].Datum);
  for I := 0 to High(T.Prestaties) do
    C.Prestatie(T.Prestaties[I].Code, T.Prestaties[I].Datum);
  for I := 0 to High(T.Metingen) do
  begin
    C.Meting(Instrument, T.Metingen[I].Datum);
    for J := 0 to High(T.Metingen[I].Items) do
      C.Item(T.Metingen[I].Items[J].Code, T.Metingen[I].Items[J].Score);
  end;
end;

procedure AddItems(C: TSpiegelChildren; const M: TMeting);
var
  J: Integer;
begin
  for J := 0 to High(M.Items) do
    C.Item(M.Items[J].Code, M.Items[J].Score);
end;

function ViaBulkStream(const Epd: TEpd; const Path: string): TSpiegelReport;
var
  S: TSpiegelBulkStream;
  B: TSpiegelStreamTraject;
  A, I: Integer;
begin
  S := TSpiegelBulkStream.CreateToFile(Path, Quarter, EncodeDate(2024, 4, 3) + EncodeTime(10, 15, 0, 0));
  try
    for A := 0 to High(Epd) do
    begin
      S.StartZorgaanbieder(Epd[A].Agb);
      for I := 0 to High(Epd[A].Trajecten) do
      begin
        with Epd[A].Trajecten[I] do
          B := S.Zorgtraject(Begindatum).Einddatum(Einddatum).VendorKey(VendorKey).GroepCode(Groep);
        if B.BeginZorgtraject then
          Children(B, Epd[A].Trajecten[I]);
        B.EndZorgtraject;
      end;
      for I := 0 to High(Epd[A].LosseMetingen) do
        AddItems(S.LooseMeting(Instrument, Epd[A].LosseMetingen[I].Datum), Epd[A].LosseMetingen[I]);
    end;
    Result := S.Finish;
  finally
    S.Free;
  end;
end;

function ViaTypedDelivery(const Epd: TEpd; const Path: string): TSpiegelReport;
var
  D: TSpiegelTypedDelivery;
  B: TSpiegelDeliveryTraject;
  Za: TZorgaanbiederId;
  Loose: TSpiegelChildren;
  A, I: Integer;
begin
  D := TSpiegelTypedDelivery.Create(Quarter, EncodeDate(2024, 4, 3) + EncodeTime(10, 15, 0, 0));
  try
    for A := 0 to High(Epd) do
    begin
      Za := D.AddZorgaanbieder(Epd[A].Agb);
      for I := 0 to High(Epd[A].Trajecten) do
      begin
        with Epd[A].Trajecten[I] do
          B := D.Zorgtraject(Za, Begindatum).Einddatum(Einddatum).VendorKey(VendorKey).GroepCode(Groep);
        Children(B, Epd[A].Trajecten[I]);
        B.Add;
      end;
      Loose := D.LooseMetingen;
      for I := 0 to High(Epd[A].LosseMetingen) do
      begin
        Loose.Meting(Instrument, Epd[A].LosseMetingen[I].Datum);
        AddItems(Loose, Epd[A].LosseMetingen[I]);
      end;
      D.AddLooseMetingen(Za, Loose);
    end;
    Result := D.Delivery.WriteFile(Path);
  finally
    D.Free;
  end;
end;

{ The reference's report: no errors, and the one item-not-allowed warning is item 17 of
  REF-CLOSED (the bundled code lists are partial: codes not on them are warnings too). }
procedure CheckReport(const How: string; R: TSpiegelReport);
var
  X: TSpiegelDiagnostic;
  Item17, ItemWarnings: Integer;
  Summary: string;
begin
  try
    Item17 := 0;
    ItemWarnings := 0;
    for X in R do
      if X.Rule = 'item-not-allowed' then
      begin
        Inc(ItemWarnings);
        if (X.Value = '17') and (X.VendorKey = 'REF-CLOSED') then Inc(Item17);
      end;
    Summary := R.Summary(True);
    if (R.Errors <> 0) or (ItemWarnings <> 1) or (Item17 <> 1) then
      raise Exception.Create(How + ': expected no errors and one item-not-allowed warning, '
        + 'for item 17 of REF-CLOSED; got: ' + Summary);
  finally
    R.Free;
  end;
end;

var
  Epd: TEpd;
  I: Integer;
begin
  if ParamCount <> 1 then
  begin
    WriteLn(ErrOutput, 'usage: Vendor <output dir>');
    Halt(2);
  end;
  if not SpiegelAvailable then
  begin
    WriteLn(ErrOutput, 'vendor delphi: ', SpiegelUnavailableReason);
    Halt(1);
  end;
  try
    Epd := FromEpd;
    CheckReport('TSpiegelBulkStream', ViaBulkStream(Epd, IncludeTrailingPathDelimiter(ParamStr(1)) + 'bulkstream.xml'));
    CheckReport('TSpiegelTypedDelivery', ViaTypedDelivery(Epd, IncludeTrailingPathDelimiter(ParamStr(1)) + 'typeddelivery.xml'));
  except
    on E: ESpiegelError do
    begin
      WriteLn(ErrOutput, 'vendor delphi: ', E.Message);
      for I := 0 to High(E.Diagnostics) do
        WriteLn(ErrOutput, '  ', E.Diagnostics[I].Rule, ': ', E.Diagnostics[I].Message);
      Halt(1);
    end;
    on E: Exception do
    begin
      WriteLn(ErrOutput, 'vendor delphi: ', E.Message);
      Halt(1);
    end;
  end;
  WriteLn('vendor delphi: wrote 2 files');
end.
