{ Example.dpr - one provider, one trajectory with a diagnosis, a prestatie and a measurement,
  written as the file of 2024-Q1. See README.md for building and running. }
program Example;

{$IFDEF FPC}{$MODE DELPHI}{$H+}{$ENDIF}
{$IFDEF MSWINDOWS}{$APPTYPE CONSOLE}{$ENDIF}

uses
  SysUtils, Spiegelinformatie;

var
  Delivery: TSpiegelDelivery;
  Report: TSpiegelReport;
  D: TSpiegelDiagnostic;
  Provider, Traject, Meting: UInt32;
  Path: string;
begin
  if ParamCount > 0 then Path := ParamStr(1) else Path := 'spiegel-2024-Q1.xml';
  try
    Delivery := TSpiegelDelivery.Create;
    try
      Delivery.SetQuarter('2024-Q1');
      Provider := Delivery.AddZorgaanbieder('12345678');
      { vendor key (yours, for diagnostics), begindatum, einddatum ('' = open), groep_code }
      Traject := Delivery.AddZorgtraject(Provider, 'EPD-4711', '2023-11-02', '', 'Locatie A');
      Delivery.AddPrimair(Traject, 'D5_5.03', '2023-11-20');
      Delivery.AddPrestatie(Traject, 'CO0001', '2024-02-01');
      Meting := Delivery.AddMeting(Traject, 'CQi-GGZ-VZ-AKWA', '2024-02-10');
      Delivery.AddItem(Meting, '1', '4');

      { Atomic: the file appears complete or not at all. }
      Report := Delivery.WriteFile(Path);
      try
        for D in Report do
          WriteLn('report: ', D.Rule, ' ', D.Message);
      finally
        Report.Free;
      end;
    finally
      Delivery.Free;
    end;
    WriteLn('wrote ', Path);
  except
    on E: ESpiegelError do
    begin
      WriteLn(ErrOutput, 'failed with code ', E.Code, ': ', E.Message);
      for D in E.Diagnostics do
        WriteLn(ErrOutput, '  ', D.Rule, ' ', D.Path, ': ', D.Message);
      ExitCode := 1;
    end;
  end;
end.
